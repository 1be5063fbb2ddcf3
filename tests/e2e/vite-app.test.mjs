// The package where people put it (1): a Vite app. tests/vite-app/ installs the packed tarball of
// this checkout (`npm pack`, as the registry would serve it), imports the element on one page and the
// module's API on another, and builds with a plain `vite build`: no plugin, no config. In headless
// Chromium, against the built app served as static files: the element loads, checks what is typed
// and copies; the API page answers exactly what the module answers in Node. And the dev server
// (`vite`), with the README's vite.config.js for it (Vite's pre-bundling loses files a dependency
// loads by import.meta.url), serves both pages working too.
//
//   node --test tests/e2e/vite-app.test.mjs      (after `npm run build`; the app's packages come
//                                                 from `bash scripts/setup.sh --apps`, run here if missing)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { serveStatic, launchBrowser, newContext, instrumentPage, elementReady, inElement, type, waitForClipboard, readmeSnippet } from './harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const APP = path.join(ROOT, 'tests', 'vite-app');
const DIST = path.join(APP, 'dist');
const NAME = 'tines-jira-credential';

let api; // the module as Node loads it from the installed package
let server;
let browser;
let scratch;
let buildLog = '';

before(async () => {
  assert.ok(fs.existsSync(path.join(ROOT, 'www', 'pkg', 'tines-jira-credential.js')), 'www/pkg is missing: run `npm run build` first');
  const stamp = path.join(APP, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(stamp) || fs.statSync(path.join(APP, 'package-lock.json')).mtimeMs > fs.statSync(stamp).mtimeMs) {
    execFileSync('bash', [path.join(ROOT, 'scripts', 'setup.sh'), '--apps'], { stdio: 'inherit' });
  }

  // The package as the registry would hand it out: packed from this checkout (www/pkg is built;
  // --ignore-scripts, or prepack would rebuild it), then installed into the app without touching
  // its package.json or lock file (they pin only Vite).
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-vite-app-'));
  const [{ filename }] = JSON.parse(
    execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8' }),
  );
  execFileSync('npm', ['install', '--no-save', '--offline', '--no-audit', '--no-fund', path.join(scratch, filename)], {
    cwd: APP,
    stdio: 'pipe', // npm's warnings are noise here; a failure throws with its output
  });
  const installed = path.join(APP, 'node_modules', NAME);
  assert.ok(!fs.lstatSync(installed).isSymbolicLink(), 'the package is installed from the tarball, not linked to the checkout');
  assert.ok(!fs.existsSync(path.join(installed, 'src')) && !fs.existsSync(path.join(installed, 'Cargo.toml')), 'only the files the package ships');

  // The module in Node (initSync with the wasm the package exports, as the README shows), from the same installed package.
  const require = createRequire(path.join(APP, 'package.json'));
  api = await import(pathToFileURL(require.resolve(NAME)).href);
  api.initSync({ module: fs.readFileSync(require.resolve(`${NAME}/wasm`)) });

  // A plain `vite build`: the app has no vite.config.
  assert.deepEqual(fs.readdirSync(APP).filter((f) => /^vite\.config\./.test(f)), [], 'no Vite config');
  fs.rmSync(DIST, { recursive: true, force: true });
  const build = spawnSync(process.execPath, [path.join(APP, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: APP,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  buildLog = `${build.stdout}${build.stderr}`; // Vite warns on stderr
  assert.equal(build.status, 0, `vite build failed:\n${buildLog}`);
  server = await serveStatic(DIST);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
});

async function freePort() {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => probe.once('listening', resolve));
  const { port } = probe.address();
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** A page of the app (the build unless `origin` says otherwise), with the clipboard allowed and everything it does recorded. */
async function openApp(route, origin = server.origin) {
  const context = await newContext(browser, { viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  await context.addInitScript(instrumentPage);
  // The element's `ready` event, however early it fires (capture: it need not bubble).
  await context.addInitScript(() => {
    window.__readyEvents = 0;
    document.addEventListener('ready', (e) => e.target.localName === 'tines-jira-credential' && window.__readyEvents++, true);
  });
  const page = await context.newPage();
  const errors = [];
  const failed = [];
  const requests = [];
  page.on('request', (r) => requests.push(new URL(r.url()).pathname));
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()} (${m.location().url})`));
  page.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && failed.push(`${r.url()} ${r.status()}`));
  await page.goto(`${origin}/${route}`);
  return { context, page, errors, failed, requests };
}

describe('a Vite app with the packed package', () => {
  test('a plain `vite build` emits the element, the glue, the wasm and the stylesheet as assets', () => {
    assert.doesNotMatch(buildLog, /doesn't exist at build time|cannot be analyzed|\[plugin/i, 'Vite warned about the package:\n' + buildLog);
    const assets = fs.readdirSync(path.join(DIST, 'assets'));
    // The module's files are not in the app's sources: only a bundler that followed the package's
    // `new URL(…, import.meta.url)` references can have put them here.
    assert.equal(assets.filter((f) => /^tines_jira_credential_bg-[\w-]+\.wasm$/.test(f)).length, 1, `one wasm among ${assets}`);
    assert.equal(assets.filter((f) => /^tines-jira-credential-[\w-]+\.css$/.test(f)).length, 1, `the element's stylesheet among ${assets}`);
    const wasm = assets.find((f) => f.endsWith('.wasm'));
    assert.deepEqual(fs.readFileSync(path.join(DIST, 'assets', wasm)), fs.readFileSync(path.join(ROOT, 'www', 'pkg', 'tines_jira_credential_bg.wasm')));
  });

  test('the element page: the element loads, checks what is typed and copies', { timeout: 60_000 }, async () => {
    const { context, page, errors, failed, requests } = await openApp('');
    try {
      await elementReady(page);
      assert.equal(await page.evaluate(() => window.__readyEvents), 1, 'the element fired `ready` once');
      assert.equal(await inElement(page, (root) => root.getElementById('site').value), 'acme.atlassian.net', 'the site attribute');
      // Its stylesheet is the one Vite emitted, and it applies inside the shadow root.
      const sheet = await inElement(page, (root) => root.querySelector('link[rel="stylesheet"]')?.href);
      assert.match(new URL(sheet).pathname, /^\/assets\/tines-jira-credential-[\w-]+\.css$/);
      assert.notEqual(await inElement(page, (root) => getComputedStyle(root.querySelector('.tjc')).display), 'none');

      // A link to a board: the site is kept, the rest dropped, and the element says so.
      const board = 'https://acme.atlassian.net/jira/software/projects';
      const expectedBoard = api.checkSite(board);
      assert.equal(expectedBoard.value, 'acme.atlassian.net');
      await type(page, 'site', board);
      const note = page.locator(`tines-jira-credential #site-msgs [data-code="${expectedBoard.diagnostics[0].code}"]`);
      await note.waitFor();
      assert.match(await note.innerText(), new RegExp(expectedBoard.diagnostics[0].message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));

      // A misspelt site: the error, and a Use button with the module's suggestion, which applies it.
      const typo = 'acme.atlasian.net';
      const expectedTypo = api.checkSite(typo);
      assert.equal(expectedTypo.ok, false);
      await type(page, 'site', typo);
      const use = page.locator('tines-jira-credential').getByRole('button', { name: `Use ${expectedTypo.diagnostics[0].suggestion}` });
      await use.waitFor();
      assert.equal(await page.locator(`tines-jira-credential [data-code="${expectedTypo.diagnostics[0].code}"][data-severity="error"]`).count(), 1);
      await use.click();
      assert.equal(await inElement(page, (root) => root.getElementById('site').value), 'acme.atlassian.net');

      // The outputs, as the module builds them, and a copy button puts one on the clipboard.
      await type(page, 'email', 'jane@acme.com');
      await type(page, 'name', 'Jira Vite');
      const expected = api.buildCredential({ site: 'acme.atlassian.net', email: 'jane@acme.com', token: '', name: 'Jira Vite' }).outputs;
      await page.locator('tines-jira-credential [data-outputs]:not([hidden])').waitFor();
      assert.equal(await inElement(page, (root) => root.getElementById('out-metadata').textContent), expected.metadataJson);
      await page.evaluate(() => navigator.clipboard.writeText('(stale)'));
      await page.locator('tines-jira-credential [data-copy="metadata"]').click();
      await waitForClipboard(page, expected.metadataJson);

      // Everything came from the build: the wasm and the glue from /assets/, nothing missing.
      assert.ok(requests.some((p) => /^\/assets\/tines_jira_credential_bg-[\w-]+\.wasm$/.test(p)), `the wasm was fetched from /assets/: ${requests}`);
      assert.ok(requests.some((p) => /^\/assets\/tines_jira_credential-[\w-]+\.js$/.test(p)), `the glue was loaded from /assets/: ${requests}`);
      assert.deepEqual(failed, [], 'no failed requests');
      assert.deepEqual(errors, [], 'no errors');
      assert.deepEqual(await page.evaluate(() => window.__watch.storage), [], 'nothing stored');
    } finally {
      await context.close();
    }
  });

  test('the API page: `init()` then `checkSite`, the same answers as the module in Node', { timeout: 60_000 }, async () => {
    const { context, page, errors, failed } = await openApp('#/api');
    try {
      await page.locator('#app[data-ready]').waitFor({ state: 'attached' });
      assert.equal(await page.locator('tines-jira-credential').count(), 0, 'this page does not use the element');

      // Typed into the page's own input, shown by the page.
      const typed = 'https://acme.atlassian.net/jira/software/projects';
      await page.locator('#site').pressSequentially(typed, { delay: 5 });
      await page.waitForFunction((n) => document.getElementById('result').textContent.length > 0 && document.getElementById('site').value.length === n, typed.length);
      assert.deepEqual(JSON.parse(await page.locator('#result').textContent()), api.checkSite(typed));

      const inputs = [
        'acme',
        'acme.atlassian.net',
        'https://acme.atlassian.net/jira/software/projects/OPS/boards/12',
        'acme.atlasian.net',
        'http://acme.atlassian.net:443/x',
        'jira.acme.c',
        'localhost',
        'https://user@acme.atlassian.net/',
        'id.atlassian.com',
        'acme.jira.com',
        'jira.example.org',
        '',
        'x'.repeat(3000),
      ];
      const inBrowser = await page.evaluate((list) => list.map((s) => window.checkSite(s)), inputs);
      assert.deepEqual(inBrowser, inputs.map((s) => api.checkSite(s)));
      assert.deepEqual(failed, [], 'no failed requests');
      assert.deepEqual(errors, [], 'no errors');
    } finally {
      await context.close();
    }
  });

  test('the dev server, with the README\u2019s vite.config.js: the element and the API work there too', { timeout: 60_000 }, async () => {
    // The config beside the app's files would also apply to the build above: it lives in the scratch folder.
    const config = path.join(scratch, 'vite.config.js');
    // The README's vite.config.js for the dev server, exactly.
    fs.writeFileSync(config, readmeSnippet('vite-dev', ['js'])[0] + '\n');
    const port = await freePort();
    const vite = spawn(process.execPath, [path.join(APP, 'node_modules', 'vite', 'bin', 'vite.js'), '--config', config, '--host', '127.0.0.1', '--port', String(port), '--strictPort', '--force'], {
      cwd: APP,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    vite.stdout.on('data', (d) => (output += d));
    vite.stderr.on('data', (d) => (output += d));
    const origin = `http://127.0.0.1:${port}`;
    try {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`vite did not start:\n${output}`)), 20_000);
        vite.stdout.on('data', () => output.includes(`${port}`) && (clearTimeout(timer), resolve()));
        vite.once('exit', (code) => (clearTimeout(timer), reject(new Error(`vite exited (${code}):\n${output}`))));
      });
      const element = await openApp('', origin);
      try {
        await elementReady(element.page);
        await type(element.page, 'site', 'acme.atlasian.net');
        await element.page.locator('tines-jira-credential').getByRole('button', { name: 'Use acme.atlassian.net' }).waitFor();
        assert.deepEqual(element.failed, [], 'no failed requests');
        assert.deepEqual(element.errors, [], 'no errors');
      } finally {
        await element.context.close();
      }
      const apiPage = await openApp('#/api', origin);
      try {
        await apiPage.page.locator('#app[data-ready]').waitFor({ state: 'attached' });
        const inputs = ['acme', 'https://acme.atlassian.net/jira/software/projects', 'acme.atlasian.net'];
        assert.deepEqual(await apiPage.page.evaluate((list) => list.map((s) => window.checkSite(s)), inputs), inputs.map((s) => api.checkSite(s)));
        assert.deepEqual(apiPage.failed, [], 'no failed requests');
        assert.deepEqual(apiPage.errors, [], 'no errors');
      } finally {
        await apiPage.context.close();
      }
    } finally {
      vite.kill();
      await new Promise((resolve) => (vite.exitCode !== null ? resolve() : vite.once('exit', resolve)));
      fs.rmSync(path.join(APP, 'node_modules', '.vite'), { recursive: true, force: true });
    }
  });
});
