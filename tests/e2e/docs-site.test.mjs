// A real docs site (issue 13): MkDocs with the Material theme and its instant navigation, which
// swaps page content without a reload, embedding the element by the README's snippet. In headless
// Chromium: type, see the outputs, copy, navigate away and back, and the element still works.
//
//   node --test tests/e2e/docs-site.test.mjs      (after `npm run build`; MkDocs comes from
//                                                  `bash scripts/setup.sh --docs`, run here if missing)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { serveStatic, launchBrowser, newContext, instrumentPage, inElement, waitForClipboard, readmeSnippet } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WWW = path.join(ROOT, 'www');
const SITE_SOURCE = path.join(ROOT, 'tests', 'docs-site');
const MKDOCS = path.join(ROOT, 'target', 'docs-venv', 'bin', 'mkdocs');
const PREFIX = '/tines-jira-credential/';

let api;
let server;
let browser;
let scratch;

before(async () => {
  assert.ok(fs.existsSync(path.join(WWW, 'pkg', 'tines-jira-credential.js')), 'www/pkg is missing: run `npm run build` first');
  if (!fs.existsSync(MKDOCS)) execFileSync('bash', [path.join(ROOT, 'scripts', 'setup.sh'), '--docs'], { stdio: 'inherit' });
  const glue = path.join(WWW, 'pkg', 'tines_jira_credential.js');
  api = await import(pathToFileURL(glue).href);
  api.initSync({ module: fs.readFileSync(path.join(WWW, 'pkg', 'tines_jira_credential_bg.wasm')) });

  // The site, built into a scratch folder that the server already serves (site_url needs its port).
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-docs-site-'));
  const out = path.join(scratch, 'site');
  fs.mkdirSync(out);
  server = await serveStatic(out);
  const source = path.join(scratch, 'source');
  fs.cpSync(SITE_SOURCE, source, { recursive: true });
  // The README's embed snippet, exactly.
  const [snippet] = readmeSnippet('embed', ['html']);
  assert.ok(snippet.includes(`${PREFIX}pkg/tines-jira-credential.js`), 'the snippet loads the element from /tines-jira-credential/pkg/');
  const page = path.join(source, 'docs', 'jira.md');
  fs.writeFileSync(page, fs.readFileSync(page, 'utf8').replace('EMBED_SNIPPET', snippet));
  const config = path.join(source, 'mkdocs.yml');
  fs.writeFileSync(config, fs.readFileSync(config, 'utf8').replace('SITE_URL', `${server.origin}/`));
  // The deployable files, where the snippet expects them.
  fs.cpSync(path.join(WWW, 'pkg'), path.join(source, 'docs', PREFIX, 'pkg'), { recursive: true });
  execFileSync(MKDOCS, ['build', '--quiet', '--config-file', config, '--site-dir', out], { cwd: source, stdio: ['ignore', 'inherit', 'inherit'] });
  assert.ok(fs.readFileSync(path.join(out, 'jira', 'index.html'), 'utf8').includes('<tines-jira-credential site="acme.atlassian.net"'), 'the page holds the element');
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

async function fillAndCopy(page, values) {
  for (const [field, value] of Object.entries(values)) {
    const input = page.locator(`tines-jira-credential #${field}`);
    await input.click();
    await input.press('ControlOrMeta+a');
    await input.pressSequentially(value, { delay: 20 });
    await input.press('Tab');
  }
  const expected = api.buildCredential({ site: 'acme.atlassian.net', token: '', scoped: false, ...values }).outputs;
  await page.locator('tines-jira-credential [data-outputs]:not([hidden])').waitFor();
  assert.equal(await inElement(page, (root) => root.getElementById('out-metadata').textContent), expected.metadataJson);
  await page.locator('tines-jira-credential [data-copy="metadata"]').click();
  await waitForClipboard(page, expected.metadataJson);
}

describe('a MkDocs Material site with instant navigation', () => {
  test('type, see the outputs, copy, navigate away and back: the element still works', { timeout: 120_000 }, async () => {
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
    await context.addInitScript(instrumentPage);
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const loads = [];
    page.on('request', (r) => r.url().endsWith('/pkg/tines_jira_credential.js') && loads.push(r.url()));
    try {
      await page.goto(`${server.url}/jira/`);
      await page.locator('tines-jira-credential[ready]').waitFor({ state: 'attached' });
      assert.equal(await inElement(page, (root) => root.getElementById('site').value), 'acme.atlassian.net', 'the snippet\u2019s site attribute');
      // Material's default palette is light: so is the element.
      assert.equal(await inElement(page, (root) => root.querySelector('.tjc').dataset.scheme), 'light');
      await fillAndCopy(page, { email: 'jane@acme.com', name: 'Jira Docs' });

      // Instant navigation: a marker on window survives, so no page load happened.
      await page.evaluate(() => (window.__sameDocument = true));
      await page.locator('.md-content a[href$="other/"]').click();
      await page.waitForFunction(() => document.querySelector('h1')?.textContent.includes('Other page'));
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'Material swapped the content without a reload');
      assert.equal(await page.locator('tines-jira-credential').count(), 0);

      await page.locator('.md-content a[href$="jira/"]').click();
      await page.locator('tines-jira-credential[ready]').waitFor({ state: 'attached' });
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'and back, again without a reload');
      await page.locator('tines-jira-credential .tjc:not([hidden])').waitFor();
      await fillAndCopy(page, { email: 'kim@acme.com', name: 'Jira Again' });

      // History back and forth too.
      await page.goBack();
      await page.waitForFunction(() => document.querySelector('h1')?.textContent.includes('Other page'));
      await page.goForward();
      await page.locator('tines-jira-credential[ready]').waitFor({ state: 'attached' });
      await fillAndCopy(page, { email: 'sam@acme.com', name: 'Jira Third' });
      assert.equal(await page.evaluate(() => window.__sameDocument), true);

      // (The snippet's preload links come back with each page Material swaps in, and preload the
      // wasm again; the module itself is loaded and instantiated once.)
      assert.equal(loads.length, 1, 'the module was loaded once for the whole visit');
      assert.deepEqual(errors, [], 'no page errors');
      assert.deepEqual(await page.evaluate(() => window.__watch.storage), [], 'nothing stored');
    } finally {
      await context.close();
    }
  });
});

