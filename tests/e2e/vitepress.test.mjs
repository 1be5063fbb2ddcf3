// The package where people put it (3): a VitePress site (Vue, Markdown pages compiled as Vue
// components, client-side navigation) embedding the element by the README's snippet:vitepress,
// exactly: its config part in .vitepress/config.mjs (head tags and Vue's isCustomElement), its
// Markdown part on a page, the element's files in public/. Built with `vitepress build` and served
// as static files. In headless Chromium: the element works on a direct load and again after
// client-side navigation away and back, and Vue reports nothing. A control page holding a hyphenated
// tag that is not declared a custom element shows what the setting prevents: Vue leaves the tag out
// of the pre-rendered HTML and reports the hydration mismatch, which this test would see. Vue's
// "Failed to resolve component" warning exists only in development builds, so the same site is also
// opened on `vitepress dev`: no warning for the element, one for the control page's tag.
//
//   node --test tests/e2e/vitepress.test.mjs       (after `npm run build`; the site's packages come
//                                                   from `bash scripts/setup.sh --apps`, run here if missing)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFile, spawn } from 'node:child_process';
import net from 'node:net';
import { promisify } from 'node:util';

import { serveStatic, launchBrowser, newContext, elementReady, readmeSnippet } from './harness.mjs';
import { ROOT, WWW, PREFIX, moduleInNode, ensureSitePackages, fillIn, openSite, useElement } from './docs-sites.mjs';

const SITE_SOURCE = path.join(ROOT, 'tests', 'vitepress-site');
const SHOT = path.join(ROOT, 'test-results', 'e2e-screenshots', 'vitepress.png');
const TAG = '<tines-jira-credential site="acme.atlassian.net" name="Jira"></tines-jira-credential>';

/** What Vue says about a tag it took for a component, or a page that hydrated wrong (dev or production build). */
const VUE_TROUBLE = /Failed to resolve component|hydration|mismatch/i;

let api;
let server;
let dev; // the dev server (`vitepress dev`), where Vue's warnings are not compiled away
let browser;
let scratch;

before(async () => {
  api = await moduleInNode();
  ensureSitePackages(SITE_SOURCE);

  // The site, copied to a scratch folder inside its own (so that its packages resolve without a
  // symlink, which Vite would see through), with the snippet filled in.
  scratch = fs.mkdtempSync(path.join(SITE_SOURCE, '.build-'));
  const docs = path.join(scratch, 'docs');
  fs.cpSync(path.join(SITE_SOURCE, 'docs'), docs, {
    recursive: true,
    filter: (src) => !/^(\.vitepress[\\/](cache|dist)|public[\\/]tines-jira-credential)/.test(path.relative(path.join(SITE_SOURCE, 'docs'), src)),
  });
  // The README's VitePress snippet, exactly: its config part and its Markdown part.
  const [config, md] = readmeSnippet('vitepress', ['js', 'md']);
  assert.ok(config.includes(`src: '${PREFIX}pkg/tines-jira-credential.js'`), 'the snippet loads the element from /tines-jira-credential/pkg/');
  assert.equal(md, TAG);
  fillIn(path.join(docs, '.vitepress', 'config.mjs'), 'SNIPPET:VITEPRESS_CONFIG', config);
  fillIn(path.join(docs, 'jira.md'), 'SNIPPET:VITEPRESS_MD', md);
  // The deployable files, where the snippet expects them.
  fs.cpSync(path.join(WWW, 'pkg'), path.join(docs, 'public', PREFIX, 'pkg'), { recursive: true });

  const out = path.join(scratch, 'dist');
  await promisify(execFile)(process.execPath, [path.join(SITE_SOURCE, 'node_modules', 'vitepress', 'bin', 'vitepress.js'), 'build', 'docs', '--outDir', out], {
    cwd: scratch,
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 16 * 1024 * 1024,
  });
  const html = fs.readFileSync(path.join(out, 'jira.html'), 'utf8');
  assert.ok(html.includes(TAG), 'the page holds the element, rendered at build time');
  assert.match(html, /<script type="module" src="\/tines-jira-credential\/pkg\/tines-jira-credential\.js"><\/script>/, 'the page loads the element');
  // What the setting prevents, on the control page: an undeclared hyphenated tag is left out of the HTML.
  assert.doesNotMatch(fs.readFileSync(path.join(out, 'vue-control.html'), 'utf8'), /<acme-unknown-widget/, 'the control page lost its undeclared tag');
  server = await serveStatic(out);
  browser = await launchBrowser();
});

after(async () => {
  dev?.kill();
  await browser?.close();
  await server?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

/** Vue hydrated the page without a word: no error, no warning, nothing about components or hydration. */
function assertCleanConsole(log) {
  assert.deepEqual(log.errors, [], 'no page errors');
  assert.deepEqual(log.console.filter((m) => m.type === 'error' || m.type === 'warning' || VUE_TROUBLE.test(m.text)), [], 'no console error or warning, nothing from Vue');
  assert.deepEqual(log.failed, [], 'no failed requests');
}

/** Vue has mounted the app on the pre-rendered page. */
async function hydrated(page) {
  await page.waitForFunction(() => document.getElementById('app')?.__vue_app__ !== undefined);
}

describe('a VitePress site with the README snippet', () => {
  test('direct load: the element upgrades, checks, copies; Vue hydrates the page without a word', { timeout: 60_000 }, async () => {
    const { context, page, log } = await openSite(browser, server, '/jira.html');
    try {
      await hydrated(page);
      await useElement(page, api, { email: 'jane@acme.com', name: 'Jira Docs' });
      // The snippet's preloads are used: the wasm and the glue each cross the network once.
      assert.equal(log.glue, 1, 'the glue was loaded once');
      assert.equal(log.wasm, 1, 'the wasm was fetched once (the preload is the fetch the element uses)');
      fs.mkdirSync(path.dirname(SHOT), { recursive: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: SHOT });
      assertCleanConsole(log);
    } finally {
      await context.close();
    }
  });

  test('client-side navigation away and back, and through history: the element works each time', { timeout: 60_000 }, async () => {
    const { context, page, log } = await openSite(browser, server, '/other.html');
    try {
      await hydrated(page);
      await page.evaluate(() => (window.__sameDocument = true));
      const nav = (text) => page.locator('.VPNavBar a', { hasText: text }).first();
      // In: from a page without the element, Vue creates it.
      await nav('Jira credential').click();
      await useElement(page, api, { email: 'kim@acme.com', name: 'Jira In' });
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'VitePress navigated without a page load');

      // Away (the sidebar) and back (the navbar).
      await page.locator('.VPSidebar a', { hasText: 'Other page' }).click();
      await page.waitForFunction(() => document.querySelector('h1')?.textContent.startsWith('Other page'));
      assert.equal(await page.locator('tines-jira-credential').count(), 0, 'the element is gone with its page');
      await nav('Jira credential').click();
      await useElement(page, api, { email: 'sam@acme.com', name: 'Jira Again' });

      // History back and forth.
      await page.goBack();
      await page.waitForFunction(() => document.querySelector('h1')?.textContent.startsWith('Other page'));
      await page.goForward();
      await useElement(page, api, { email: 'lee@acme.com', name: 'Jira Third' });
      assert.equal(await page.evaluate(() => window.__sameDocument), true, 'all without a page load');

      assert.equal(log.glue, 1, 'the module was loaded once for the whole visit');
      assertCleanConsole(log);
    } finally {
      await context.close();
    }
  });

  test('the check above notices what a missing isCustomElement does: a control page with an undeclared tag', { timeout: 30_000 }, async (t) => {
    const { context, page, log } = await openSite(browser, server, '/vue-control.html');
    try {
      await hydrated(page);
      const reported = () => log.console.some((m) => VUE_TROUBLE.test(m.text));
      for (let i = 0; i < 50 && !reported(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(reported(), `Vue's hydration error was seen: ${JSON.stringify(log)}`);
      t.diagnostic(`seen: ${log.console.filter((m) => VUE_TROUBLE.test(m.text)).map((m) => m.text).join(' | ')}`);
      assert.throws(() => assertCleanConsole(log), 'and assertCleanConsole fails on it');
    } finally {
      await context.close();
    }
  });
});

/** A free port on 127.0.0.1, for `vitepress dev --port`. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

describe('the same site on VitePress\u2019 dev server, where Vue warns', () => {
  test('no "Failed to resolve component" for the element; the control page\u2019s undeclared tag gets one', { timeout: 90_000 }, async () => {
    const port = await freePort();
    dev = spawn(process.execPath, [path.join(SITE_SOURCE, 'node_modules', 'vitepress', 'bin', 'vitepress.js'), 'dev', 'docs', '--host', '127.0.0.1', '--port', String(port), '--strictPort'], {
      cwd: scratch,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`vitepress dev did not start: ${output}`)), 60_000);
      const read = (chunk) => {
        output += chunk;
        if (output.includes(`127.0.0.1:${port}`)) {
          clearTimeout(timer);
          resolve();
        }
      };
      dev.stdout.on('data', read);
      dev.stderr.on('data', read);
      dev.once('exit', (code) => reject(new Error(`vitepress dev exited (${code}): ${output}`)));
    });
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
    try {
      const page = await context.newPage();
      const said = [];
      page.on('console', (m) => said.push(m.text()));
      page.on('pageerror', (e) => said.push(e.message));
      await page.goto(`http://127.0.0.1:${port}/jira`);
      await elementReady(page);
      await hydrated(page);
      await page.locator('.VPNavBar a', { hasText: 'Other page' }).first().click();
      await page.waitForFunction(() => document.querySelector('h1')?.textContent.startsWith('Other page'));
      await page.locator('.VPNavBar a', { hasText: 'Jira credential' }).first().click();
      await elementReady(page);
      assert.deepEqual(said.filter((text) => /Vue warn|Failed to resolve component|hydrat|mismatch/i.test(text)), [], 'Vue says nothing about the element');
      // The control: an undeclared hyphenated tag, which Vue does warn about here.
      await page.goto(`http://127.0.0.1:${port}/vue-control`);
      await hydrated(page);
      const warned = () => said.some((text) => /Failed to resolve component: acme-unknown-widget/.test(text));
      for (let i = 0; i < 50 && !warned(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
      assert.ok(warned(), `Vue warned about the undeclared tag: ${said.join(' | ')}`);
    } finally {
      await context.close();
    }
  });
});
