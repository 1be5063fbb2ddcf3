// The package where people put it (2): a Docusaurus 3 site (React, MDX, client-side navigation)
// embedding the element by the README's snippet:docusaurus, exactly: its config part in
// docusaurus.config.js, its MDX part on a docs page, the element's files in static/. Built with
// `docusaurus build` and served as static files. In headless Chromium: the element works on a direct
// load, again after client-side navigation away and back, and React reports no hydration error
// (a control page with a deliberate mismatch shows that such an error would be seen).
//
//   node --test tests/e2e/docusaurus.test.mjs      (after `npm run build`; the site's packages come
//                                                   from `bash scripts/setup.sh --apps`, run here if missing)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { serveStatic, launchBrowser, elementReady, inElement, type, readmeSnippet } from './harness.mjs';
import { ROOT, WWW, PREFIX, moduleInNode, ensureSitePackages, fillIn, openSite, fillAndCopy } from './docs-sites.mjs';

const SITE_SOURCE = path.join(ROOT, 'tests', 'docusaurus-site');
const SHOT = path.join(ROOT, 'test-results', 'e2e-screenshots', 'docusaurus.png');

/** What React (and Docusaurus' onRecoverableError) says when hydration goes wrong, minified or not. */
const HYDRATION = /hydrat|did not match|didn't match|onRecoverableError|Minified React error #(418|419|421|422|423|425)\b/i;

let api;
let server;
let browser;
let scratch;

before(async () => {
  api = await moduleInNode();
  ensureSitePackages(SITE_SOURCE);

  // The site, copied to a scratch folder (its node_modules linked), with the snippet filled in.
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-docusaurus-'));
  const site = path.join(scratch, 'site');
  fs.cpSync(SITE_SOURCE, site, {
    recursive: true,
    filter: (src) => !/^(node_modules|build|\.docusaurus|static)$/.test(path.relative(SITE_SOURCE, src).split(path.sep)[0]),
  });
  fs.symlinkSync(path.join(SITE_SOURCE, 'node_modules'), path.join(site, 'node_modules'), 'dir');
  // The README's Docusaurus snippet, exactly: its config part and its MDX part.
  const [config, mdx] = readmeSnippet('docusaurus', ['js', 'mdx']);
  const snippet = { config, mdx };
  assert.ok(snippet.config.includes(`'${PREFIX}pkg/tines-jira-credential.js'`), 'the snippet loads the element from /tines-jira-credential/pkg/');
  fillIn(path.join(site, 'docusaurus.config.js'), 'SNIPPET:DOCUSAURUS_CONFIG', snippet.config);
  fillIn(path.join(site, 'docs', 'jira.mdx'), 'SNIPPET:DOCUSAURUS_MDX', snippet.mdx);
  // The deployable files, where the snippet expects them.
  fs.cpSync(path.join(WWW, 'pkg'), path.join(site, 'static', PREFIX, 'pkg'), { recursive: true });

  const out = path.join(scratch, 'build');
  await promisify(execFile)(process.execPath, [path.join(site, 'node_modules', '@docusaurus', 'core', 'bin', 'docusaurus.mjs'), 'build', '--out-dir', out], {
    cwd: site,
    // No persistent webpack cache (it would be keyed to this scratch folder), no update check.
    env: { ...process.env, DOCUSAURUS_NO_PERSISTENT_CACHE: '1', NO_UPDATE_NOTIFIER: '1', BROWSERSLIST_IGNORE_OLD_DATA: '1', NO_COLOR: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const html = fs.readFileSync(path.join(out, 'jira', 'index.html'), 'utf8');
  assert.ok(html.includes('<tines-jira-credential site="acme.atlassian.net" name="Jira"></tines-jira-credential>'), 'the page holds the element, rendered at build time');
  assert.match(html, /<script src="\/tines-jira-credential\/pkg\/tines-jira-credential\.js" type="module"><\/script>/, 'the page loads the element');
  server = await serveStatic(out);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** React hydrated the page without a word: no error at all in the console or the page, nothing about hydration. */
function assertCleanConsole(log) {
  assert.deepEqual(log.errors, [], 'no page errors');
  assert.deepEqual(log.console.filter((m) => m.type === 'error' || HYDRATION.test(m.text)), [], 'no console error, no hydration warning');
  assert.deepEqual(log.failed, [], 'no failed requests');
}

/** React has hydrated (or rendered) the page: Docusaurus' root exists and its router handles links. */
async function hydrated(page) {
  await page.waitForFunction(() => window.docusaurusRoot !== undefined && document.documentElement.dataset.hasHydrated === 'true');
}

/** Type a misspelt site, take the suggestion, fill the rest, and copy the Metadata: all as the module says. */
async function useElement(page, { email, name }) {
  await elementReady(page);
  assert.equal(await inElement(page, (root) => root.getElementById('site').value), 'acme.atlassian.net', 'the snippet\u2019s site attribute');
  const typo = 'acme.atlasian.net';
  const [diagnostic] = api.checkSite(typo).diagnostics;
  await type(page, 'site', typo);
  await page.locator(`tines-jira-credential #site-msgs [data-code="${diagnostic.code}"][data-severity="error"]`).waitFor();
  await page.locator('tines-jira-credential').getByRole('button', { name: `Use ${diagnostic.suggestion}` }).click();
  assert.equal(await inElement(page, (root) => root.getElementById('site').value), diagnostic.suggestion);
  await fillAndCopy(page, api, { site: diagnostic.suggestion, email, name });
}

describe('a Docusaurus 3 site with the README snippet', () => {
  test('direct load: the element upgrades, checks, copies; React hydrates the page without a word', { timeout: 60_000 }, async () => {
    const { context, page, log } = await openSite(browser, server, '/jira/');
    try {
      await hydrated(page);
      await useElement(page, { email: 'jane@acme.com', name: 'Jira Docs' });
      // The snippet's preloads are used: the wasm and the glue each cross the network once.
      assert.equal(log.glue, 1, 'the glue was loaded once');
      assert.equal(log.wasm, 1, 'the wasm was fetched once (the preload is the fetch the element uses)');
      assert.equal(await inElement(page, (root) => root.querySelector('.tjc').dataset.scheme), 'light', 'Docusaurus\u2019 light theme');
      fs.mkdirSync(path.dirname(SHOT), { recursive: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: SHOT });
      assertCleanConsole(log);
    } finally {
      await context.close();
    }
  });

  test('client-side navigation away and back, and through history: the element works each time', { timeout: 60_000 }, async () => {
    const { context, page, log } = await openSite(browser, server, '/other/');
    try {
      await hydrated(page);
      await page.evaluate(() => (window.__sameDocument = true));
      // In: from a page without the element, React creates it.
      await page.locator('.theme-doc-sidebar-menu a', { hasText: 'Jira credential' }).click();
      await useElement(page, { email: 'kim@acme.com', name: 'Jira In' });
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'Docusaurus navigated without a page load');

      // Away (the navbar) and back (the sidebar).
      await page.locator('.navbar a', { hasText: 'Other page' }).click();
      await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Other page');
      assert.equal(await page.locator('tines-jira-credential').count(), 0, 'the element is gone with its page');
      await page.locator('.theme-doc-sidebar-menu a', { hasText: 'Jira credential' }).click();
      await useElement(page, { email: 'sam@acme.com', name: 'Jira Again' });

      // History back and forth.
      await page.goBack();
      await page.waitForFunction(() => document.querySelector('h1')?.textContent === 'Other page');
      await page.goForward();
      await useElement(page, { email: 'lee@acme.com', name: 'Jira Third' });
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'all without a page load');

      assert.equal(log.glue, 1, 'the module was loaded once for the whole visit');
      assertCleanConsole(log);
    } finally {
      await context.close();
    }
  });

  test('the check above notices a hydration error: a control page with a deliberate mismatch', { timeout: 30_000 }, async () => {
    const { context, page, log } = await openSite(browser, server, '/hydration-control/');
    try {
      await page.waitForFunction(() => document.getElementById('rendered-where')?.textContent === 'in the browser');
      const reported = () => log.console.some((m) => m.type === 'error' && HYDRATION.test(m.text)) || log.errors.some((e) => HYDRATION.test(e));
      for (let i = 0; i < 50 && !reported(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(reported(), `React's hydration error was seen: ${JSON.stringify(log)}`);
      assert.throws(() => assertCleanConsole(log), 'and assertCleanConsole fails on it');
    } finally {
      await context.close();
    }
  });
});
