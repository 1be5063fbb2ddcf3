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
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { serveStatic, launchBrowser, newContext, instrumentPage, elementReady, inElement, type, waitForClipboard, readmeSnippet } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WWW = path.join(ROOT, 'www');
const SITE_SOURCE = path.join(ROOT, 'tests', 'starlight-site');
const PREFIX = '/tines-jira-credential/';
const SHOT = path.join(ROOT, 'test-results', 'e2e-screenshots', 'starlight.png');
const TAG = '<tines-jira-credential site="acme.atlassian.net" name="Jira"></tines-jira-credential>';

let api;
let server;
let browser;
let scratch;

/** Put `text` where the one line holding `marker` is. */
function fillIn(file, marker, text) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const at = lines.flatMap((line, i) => (line.includes(marker) ? [i] : []));
  assert.equal(at.length, 1, `${path.basename(file)} has one ${marker} line`);
  lines.splice(at[0], 1, text);
  fs.writeFileSync(file, lines.join('\n'));
}

before(async () => {
  assert.ok(fs.existsSync(path.join(WWW, 'pkg', 'tines-jira-credential.js')), 'www/pkg is missing: run `npm run build` first');
  const stamp = path.join(SITE_SOURCE, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(stamp) || fs.statSync(path.join(SITE_SOURCE, 'package-lock.json')).mtimeMs > fs.statSync(stamp).mtimeMs) {
    execFileSync('bash', [path.join(ROOT, 'scripts', 'setup.sh'), '--apps'], { stdio: 'inherit' });
  }
  api = await import(pathToFileURL(path.join(WWW, 'pkg', 'tines_jira_credential.js')).href);
  api.initSync({ module: fs.readFileSync(path.join(WWW, 'pkg', 'tines_jira_credential_bg.wasm')) });

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

/** A page of the built site, with the clipboard allowed and its console, errors and module loads recorded. */
async function openSite(route) {
  const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await context.addInitScript(instrumentPage);
  const page = await context.newPage();
  const log = { console: [], errors: [], failed: [], wasm: 0 };
  page.on('console', (m) => log.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => log.errors.push(e.message));
  // A load that a click or history step cuts short (a hover prefetch, a page left) is aborted, not failed.
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && log.failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && log.failed.push(`${r.url()} ${r.status()}`));
  page.on('request', (r) => new URL(r.url()).pathname === `${PREFIX}pkg/tines_jira_credential_bg.wasm` && log.wasm++);
  await page.goto(`${server.url}${route}`);
  return { context, page, log };
}

/** Nothing in the console at all, no page error, no failed request, no CSP violation. */
async function assertClean(page, log) {
  assert.deepEqual(log.errors, [], 'no page errors');
  assert.deepEqual(log.console, [], 'no console message');
  assert.deepEqual(log.failed, [], 'no failed requests');
  assert.deepEqual(await page.evaluate(() => window.__watch.csp), [], 'no CSP violation');
}

/** Type an http:// link to the site at human speed and see the element's warning, fill the rest,
 *  and copy the Metadata: all as the module says. */
async function useElement(page, { email, name }) {
  await elementReady(page);
  assert.equal(await inElement(page, (root) => root.getElementById('site').value), 'acme.atlassian.net', 'the snippet\u2019s site attribute');
  const typed = 'http://acme.atlassian.net/';
  const checked = api.checkSite(typed);
  const warning = checked.diagnostics.find((d) => d.severity === 'warning');
  assert.ok(warning, 'the module warns about http://');
  await type(page, 'site', typed);
  await page.locator(`tines-jira-credential #site-msgs [data-code="${warning.code}"][data-severity="warning"]`).waitFor();
  assert.ok((await page.locator(`tines-jira-credential #site-msgs [data-code="${warning.code}"]`).textContent()).includes(warning.message));
  await type(page, 'email', email);
  await type(page, 'name', name);
  const expected = api.buildCredential({ site: checked.value, email, token: '', name }).outputs;
  await page.locator('tines-jira-credential [data-outputs]:not([hidden])').waitFor();
  assert.equal(await inElement(page, (root) => root.getElementById('out-metadata').textContent), expected.metadataJson);
  await page.evaluate(() => navigator.clipboard.writeText('(stale)'));
  await page.locator('tines-jira-credential [data-copy="metadata"]').click();
  await waitForClipboard(page, expected.metadataJson);
}

describe('an Astro Starlight site with the README snippet', () => {
  test('direct load: the element upgrades, checks and copies; nothing in the console', { timeout: 60_000 }, async () => {
    const { context, page, log } = await openSite('/jira/');
    try {
      await useElement(page, { email: 'jane@acme.com', name: 'Jira Docs' });
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
    const { context, page, log } = await openSite('/other/');
    try {
      const sidebar = (text) => page.locator('nav[aria-label="Main"] a', { hasText: text });
      await sidebar('Jira credential').click();
      await page.waitForURL(`${server.url}/jira/`);
      await useElement(page, { email: 'kim@acme.com', name: 'Jira In' });
      await sidebar('Other page').click();
      await page.waitForURL(`${server.url}/other/`);
      assert.equal(await page.locator('tines-jira-credential').count(), 0, 'the element is gone with its page');
      await sidebar('Jira credential').click();
      await page.waitForURL(`${server.url}/jira/`);
      await useElement(page, { email: 'sam@acme.com', name: 'Jira Again' });
      await page.goBack();
      await page.waitForURL(`${server.url}/other/`);
      await page.goForward();
      await useElement(page, { email: 'lee@acme.com', name: 'Jira Third' });
      await assertClean(page, log);
    } finally {
      await context.close();
    }
  });
});
