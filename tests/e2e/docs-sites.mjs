// What the docs-site tests share (tests/e2e/docusaurus.test.mjs, vitepress.test.mjs,
// starlight.test.mjs): the site's own packages, the README's snippet put in its place, a page of the
// built site with its console, errors and module loads recorded, and the element used as a person
// uses it: typed into at human speed, an output copied, every text as the module says.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { newContext, instrumentPage, elementReady, inElement, type, waitForClipboard } from './harness.mjs';
import { loadModule } from '../../scripts/bench/wasm-module.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = path.join(ROOT, 'www');
/** Where every snippet serves the element's files from. */
export const PREFIX = '/tines-jira-credential/';

/** Both modules in Node, as one object: the source of every expected text. Fails clearly before a build. */
export async function moduleInNode() {
  assert.ok(fs.existsSync(path.join(WWW, 'pkg', 'tines-jira-credential.js')), 'www/pkg is missing: run `npm run build` first');
  return (await loadModule()).api;
}

/** The site's own packages (its lock file, `scripts/setup.sh --apps`), installed when missing or older than the lock file. */
export function ensureSitePackages(folder) {
  const stamp = path.join(folder, 'node_modules', '.package-lock.json');
  if (!fs.existsSync(stamp) || fs.statSync(path.join(folder, 'package-lock.json')).mtimeMs > fs.statSync(stamp).mtimeMs) {
    execFileSync('bash', [path.join(ROOT, 'scripts', 'setup.sh'), '--apps'], { stdio: 'inherit' });
  }
}

/** Puts `text` where the one line holding `marker` is. */
export function fillIn(file, marker, text) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const at = lines.flatMap((line, i) => (line.includes(marker) ? [i] : []));
  assert.equal(at.length, 1, `${path.basename(file)} has one ${marker} line`);
  lines.splice(at[0], 1, text);
  fs.writeFileSync(file, lines.join('\n'));
}

/**
 * A page of a built site on `server`, with the clipboard allowed and its console, errors, failed
 * requests and module loads recorded: `log.glue` and `log.wasm` count the first module's files,
 * `log.live` the second's. The favicon Chromium asks for, which these sites lack, is no failure; a
 * load that a click or a history step cuts short is aborted, not failed.
 */
export async function openSite(browser, server, route, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await newContext(browser, { viewport });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await context.addInitScript(instrumentPage);
  const page = await context.newPage();
  const log = { console: [], errors: [], failed: [], glue: 0, wasm: 0, live: 0 };
  const favicon = `${server.origin}/favicon.ico`;
  page.on('console', (m) => m.location().url !== favicon && log.console.push({ type: m.type(), text: m.text() }));
  page.on('pageerror', (e) => log.errors.push(e.message));
  page.on('requestfailed', (r) => r.failure()?.errorText !== 'net::ERR_ABORTED' && log.failed.push(`${r.url()} ${r.failure()?.errorText}`));
  page.on('response', (r) => r.status() >= 400 && r.url() !== favicon && log.failed.push(`${r.url()} ${r.status()}`));
  page.on('request', (r) => {
    const { pathname } = new URL(r.url());
    if (pathname === `${PREFIX}pkg/tines_jira_credential.js`) log.glue++;
    if (pathname === `${PREFIX}pkg/tines_jira_credential_bg.wasm`) log.wasm++;
    if (pathname === `${PREFIX}pkg/tines_jira_credential_live_bg.wasm`) log.live++;
  });
  await page.goto(`${server.url}${route}`);
  return { context, page, log };
}

/** Fills the email and name, and copies the Metadata the outputs show: as the module builds it for `site`. */
export async function fillAndCopy(page, api, { site, email, name }) {
  await type(page, 'email', email);
  await type(page, 'name', name);
  const expected = api.buildCredential({ site, email, token: '', name }).outputs;
  await page.locator('tines-jira-credential [data-outputs]:not([hidden])').waitFor();
  assert.equal(await inElement(page, (root) => root.getElementById('out-metadata').textContent), expected.metadataJson);
  await page.evaluate(() => navigator.clipboard.writeText('(stale)'));
  await page.locator('tines-jira-credential [data-copy="metadata"]').click();
  await waitForClipboard(page, expected.metadataJson);
}

/** Types an http:// link to the site at human speed and sees the element's warning, then fills the
 *  rest and copies the Metadata: all as the module says. */
export async function useElement(page, api, { email, name }) {
  await elementReady(page);
  assert.equal(await inElement(page, (root) => root.getElementById('site').value), 'acme.atlassian.net', 'the snippet\u2019s site attribute');
  const typed = 'http://acme.atlassian.net/';
  const checked = api.checkSite(typed);
  const warning = checked.diagnostics.find((d) => d.severity === 'warning');
  assert.ok(warning, 'the module warns about http://');
  await type(page, 'site', typed);
  await page.locator(`tines-jira-credential #site-msgs [data-code="${warning.code}"][data-severity="warning"]`).waitFor();
  assert.ok((await page.locator(`tines-jira-credential #site-msgs [data-code="${warning.code}"]`).textContent()).includes(warning.message));
  await fillAndCopy(page, api, { site: checked.value, email, name });
}
