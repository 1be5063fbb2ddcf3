// The npm package is whole: `npm pack` makes a tarball that, installed into an empty folder, gives
// the module (its JavaScript API and its wasm) and the element, by the paths package.json exports.
//
// The tarball is packed from this checkout as it stands (npm test has just built www/pkg), with
// --ignore-scripts so that the test does not rebuild the module under the other suites; that a
// fresh clone builds before packing is package.json's `prepack`, checked here too.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { launchBrowser, serveStatic } from '../e2e/harness.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NAME = 'tines-jira-credential';
let scratch;
let installed; // node_modules/tines-jira-credential in the scratch folder
let manifest;

before(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'tjc-package-'));
  const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  const [{ filename }] = JSON.parse(out);
  writeFileSync(path.join(scratch, 'package.json'), JSON.stringify({ name: 'scratch', private: true }));
  // The package has no runtime dependencies, so this needs no registry.
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', path.join(scratch, filename)], {
    cwd: scratch,
    stdio: 'ignore',
  });
  installed = path.join(scratch, 'node_modules', NAME);
  manifest = JSON.parse(readFileSync(path.join(installed, 'package.json'), 'utf8'));
});

after(() => rmSync(scratch, { recursive: true, force: true }));

/** The file an export of the installed package resolves to. */
function exported(subpath, condition = 'default') {
  const entry = manifest.exports[subpath];
  const target = typeof entry === 'string' ? entry : entry[condition];
  return path.join(installed, target);
}

test('a fresh clone builds the module before packing (prepack)', () => {
  const own = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  assert.match(own.scripts.prepack ?? '', /build/, 'package.json has a prepack script that builds');
});

test('the installed package has every file its exports name', () => {
  for (const [subpath, entry] of Object.entries(manifest.exports)) {
    const targets = typeof entry === 'string' ? [entry] : Object.values(entry);
    for (const target of targets) {
      assert.ok(existsSync(path.join(installed, target)), `${subpath} → ${target} is in the tarball`);
    }
  }
  assert.ok(existsSync(path.join(installed, manifest.types)), 'the types are in the tarball');
});

test('the installed module checks and builds a credential in Node', async () => {
  const api = await import(pathToFileURL(exported('.')).href);
  api.initSync({ module: readFileSync(exported('./wasm')) });
  const report = api.buildCredential({ site: 'acme', email: 'jane@acme.com', token: '', name: 'Jira Prod' });
  assert.equal(report.outputs.metadataJson, '{\n  "domain": "acme.atlassian.net",\n  "username": "jane@acme.com"\n}');
  assert.equal(api.checkSite('acme').value, 'acme.atlassian.net');
  assert.equal(api.interpretTranscript, undefined, 'the live check and the reader are the second module\u2019s');
  // The second module, by its own export and its own initSync.
  const live = await import(pathToFileURL(exported('./live')).href);
  live.initSync({ module: readFileSync(exported('./live/wasm')) });
  assert.equal(live.interpretTranscript('HTTP/1.1 403 Forbidden\n\n', { site: 'acme', email: 'jane@acme.com' }).outcome, 'forbidden');
  assert.match(live.buildStory({ site: 'acme', email: 'jane@acme.com', token: '', name: 'Jira Prod' }), /"agents"/);
  const types = readFileSync(path.join(installed, manifest.types), 'utf8');
  assert.match(types, /export function buildCredential/);
  const liveTypes = readFileSync(exported('./live', 'types'), 'utf8');
  assert.match(liveTypes, /export function interpretTranscript/);
  assert.match(liveTypes, /export function verifyCredential/);
});

test('the installed element loads in Chromium and answers', async () => {
  const www = path.dirname(exported('./element'));
  const element = path.relative(www, exported('./element')).split(path.sep).join('/');
  writeFileSync(
    path.join(www, 'package-test.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>package test</title>` +
      `<script type="module" src="./${element}"></script></head>` +
      `<body><tines-jira-credential site="acme"></tines-jira-credential></body></html>`,
  );
  const server = await serveStatic(www);
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`${server.origin}/package-test.html`);
    await page.waitForSelector('tines-jira-credential[ready]', { timeout: 15_000 });
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
