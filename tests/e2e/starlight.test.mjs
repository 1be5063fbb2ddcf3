// The package where people put it (4): an Astro Starlight site (Markdown pages rendered to static
// HTML, scripts through Starlight's `head` option) embedding the element by the README's
// snippet:starlight, exactly: its config part in astro.config.mjs, its Markdown part on a page, the
// element's files in public/. Built with `astro build` (Astro 5, the last to run on Node 20) and
// served as static files. In headless Chromium: the element works on a direct load and after going to
// another page and back through the sidebar, the script is the snippet's own file (Astro did not bundle
// or rewrite it), and the console says nothing.
//
//   node --test tests/e2e/starlight.test.mjs       (after `npm run build`; the site's packages come
//                                                   from `bash scripts/setup.sh --apps`, run here if missing)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { serveStatic, launchBrowser, readmeSnippet } from './harness.mjs';
import { ROOT, WWW, PREFIX, moduleInNode, ensureSitePackages, fillIn, openSite, useElement } from './docs-sites.mjs';

const SITE_SOURCE = path.join(ROOT, 'tests', 'starlight-site');
const SHOT = path.join(ROOT, 'test-results', 'e2e-screenshots', 'starlight.png');
const TAG = '<tines-jira-credential site="acme.atlassian.net" name="Jira"></tines-jira-credential>';

let api;
let server;
let browser;
let scratch;

before(async () => {
  api = await moduleInNode();
  ensureSitePackages(SITE_SOURCE);

  // The site, copied to a scratch folder inside its own (Astro's compiler loses its way through a
  // symlinked node_modules), with the snippet filled in.
  scratch = fs.mkdtempSync(path.join(SITE_SOURCE, '.build-'));
  for (const part of ['astro.config.mjs', 'src', 'public']) {
    fs.cpSync(path.join(SITE_SOURCE, part), path.join(scratch, part), {
      recursive: true,
      filter: (src) => !path.relative(SITE_SOURCE, src).startsWith(path.join('public', 'tines-jira-credential')),
    });
  }
  // The README's Starlight snippet, exactly: its config part and its Markdown part.
  const [config, md] = readmeSnippet('starlight', ['js', 'md']);
  assert.ok(config.includes(`src: '${PREFIX}pkg/tines-jira-credential.js'`), 'the snippet loads the element from /tines-jira-credential/pkg/');
  assert.equal(md, TAG);
  fillIn(path.join(scratch, 'astro.config.mjs'), 'SNIPPET:STARLIGHT_CONFIG', config);
  fillIn(path.join(scratch, 'src', 'content', 'docs', 'jira.md'), 'SNIPPET:STARLIGHT_MD', md);
  // The deployable files, where the snippet expects them.
  fs.cpSync(path.join(WWW, 'pkg'), path.join(scratch, 'public', PREFIX, 'pkg'), { recursive: true });

  await promisify(execFile)(process.execPath, [path.join(SITE_SOURCE, 'node_modules', 'astro', 'astro.js'), 'build', '--silent'], {
    cwd: scratch,
    env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', NO_COLOR: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const out = path.join(scratch, 'dist');
  const html = fs.readFileSync(path.join(out, 'jira', 'index.html'), 'utf8');
  assert.ok(html.includes(TAG), 'the page holds the element');
  // Written as it is: not bundled into /_astro/, not inlined, not given another name.
  assert.match(html, /<script type="module" src="\/tines-jira-credential\/pkg\/tines-jira-credential\.js"><\/script>/, 'the page loads the element from its own file');
  assert.equal(fs.readFileSync(path.join(out, PREFIX, 'pkg', 'tines-jira-credential.js'), 'utf8'), fs.readFileSync(path.join(WWW, 'pkg', 'tines-jira-credential.js'), 'utf8'), 'the script is served unchanged');
  server = await serveStatic(out);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** Nothing in the console at all, no page error, no failed request, no CSP violation. */
async function assertClean(page, log) {
  assert.deepEqual(log.errors, [], 'no page errors');
  assert.deepEqual(log.console, [], 'no console message');
  assert.deepEqual(log.failed, [], 'no failed requests');
  assert.deepEqual(await page.evaluate(() => window.__watch.csp), [], 'no CSP violation');
}

describe('an Astro Starlight site with the README snippet', () => {
  test('direct load: the element upgrades, checks and copies; nothing in the console', { timeout: 60_000 }, async () => {
    const { context, page, log } = await openSite(browser, server, '/jira/');
    try {
      await useElement(page, api, { email: 'jane@acme.com', name: 'Jira Docs' });
      assert.equal(log.wasm, 1, 'the wasm was fetched once (the preload is the fetch the element uses)');
      fs.mkdirSync(path.dirname(SHOT), { recursive: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: SHOT });
      await assertClean(page, log);
    } finally {
      await context.close();
    }
  });

  test('through the sidebar to the page, away and back, and through history: the element works each time', { timeout: 60_000 }, async () => {
    const { context, page, log } = await openSite(browser, server, '/other/');
    try {
      const sidebar = (text) => page.locator('nav[aria-label="Main"] a', { hasText: text });
      await sidebar('Jira credential').click();
      await page.waitForURL(`${server.url}/jira/`);
      await useElement(page, api, { email: 'kim@acme.com', name: 'Jira In' });
      await sidebar('Other page').click();
      await page.waitForURL(`${server.url}/other/`);
      assert.equal(await page.locator('tines-jira-credential').count(), 0, 'the element is gone with its page');
      await sidebar('Jira credential').click();
      await page.waitForURL(`${server.url}/jira/`);
      await useElement(page, api, { email: 'sam@acme.com', name: 'Jira Again' });
      await page.goBack();
      await page.waitForURL(`${server.url}/other/`);
      await page.goForward();
      await useElement(page, api, { email: 'lee@acme.com', name: 'Jira Third' });
      await assertClean(page, log);
    } finally {
      await context.close();
    }
  });
});
