// Shared helpers for the end-to-end suites (tests/e2e/*.test.mjs): the real page and the real wasm,
// served from www/, in Debian's headless Chromium, talking to the fake Jira Cloud over HTTPS
// (fake-jira.mjs) through --host-resolver-rules. Nothing here touches src/ or www/.
//
// Environment (test side only):
//   E2E_WWW_ROOT     serve another www folder (e.g. a deliberately broken copy; see breaks.mjs)
//   E2E_SCREENSHOTS  where screenshots go (default test-results/e2e-screenshots)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startFakeJira } from './fake-jira.mjs';
import { serveStatic, launchBrowser, newContext, makeRecorder, instrumentPage, elementReady, axeResults, inElement } from './harness.mjs';
import { assertClean } from './checks.mjs';
import { BROWSER_REPORT } from '../engines.mjs';

/** The element is shown and its module has answered (shared with the page tests). */
export const ready = elementReady;

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const WWW = path.resolve(process.env.E2E_WWW_ROOT || path.join(ROOT, 'www'));
export const SHOTS = path.resolve(process.env.E2E_SCREENSHOTS || path.join(ROOT, 'test-results', 'e2e-screenshots'));
/** Per test: a hang fails the test instead of stalling the run. */
export const TEST_TIMEOUT = 120_000;

/** A custom domain: outside the page's CSP connect-src. The browser maps it to the fake too, so a
 *  request that slipped through would show up in fake.requests. */
export const CUSTOM_HOST = 'jira.example.com';

/** Labels of the form's controls, as a person (and a screen reader) finds them. */
export const LABELS = {
  site: 'Jira site',
  email: 'Account email',
  token: 'API token',
  name: 'Credential name',
  expiresOn: 'Token expiry optional',
  scoped: 'My token has scopes: go straight to api.atlassian.com',
  transcript: 'Paste what the command printed',
};

/** A Jira Cloud name the browser's resolver refuses (no fake answers it): an unreachable site. */
export const UNREACHABLE_HOST = 'unreachable-acme.atlassian.net';

import { loadModule } from '../../scripts/bench/wasm-module.mjs';

export { b64, basicAuth, secretForms, assertTokenPath, assertNothingStored } from './checks.mjs';

// ---------------------------------------------------------------------------------------------
// The stack: fake Jira, static server for www/, one browser per test file.

export async function startStack({ extraHosts = [CUSTOM_HOST] } = {}) {
  const pkgWasm = path.join(WWW, 'pkg', 'tines_jira_credential_bg.wasm');
  assert.ok(fs.existsSync(pkgWasm), `${pkgWasm} is missing: run \`npm run build\` first`);
  // Both modules in Node: the source of every expected output text.
  const { api } = await loadModule();

  const fake = await startFakeJira();
  const server = await serveStatic(WWW);
  const browser = await launchBrowser({
    fakePort: fake.port,
    // Placed before the fake's *.atlassian.net, so this one name resolves nowhere.
    extraMaps: [`MAP ${UNREACHABLE_HOST} ~NOTFOUND`, ...extraHosts.map((host) => ({ host, to: `127.0.0.1:${fake.port}` }))],
  });
  fs.mkdirSync(SHOTS, { recursive: true });
  return {
    api,
    fake,
    server,
    browser,
    async close() {
      await browser?.close();
      await server?.close();
      await fake?.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
/**
 * A fresh context and page on `file` (index.html, embed.html), with the recorder and the
 * instrumentation in place, the element rendered and its module loaded.
 */
export async function openPage(stack, { file = 'index.html', clipboard = false, colorScheme = 'light', viewport } = {}) {
  const context = await newContext(stack.browser, { colorScheme, viewport: viewport ?? { width: 1280, height: 900 } });
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: stack.server.origin });
  await context.addInitScript(instrumentPage);
  const page = await context.newPage();
  const recorder = makeRecorder(page);
  const fakeMark = stack.fake.requests.length;
  const serverMark = stack.server.requests.length;
  await page.goto(`${stack.server.url}/${file}`);
  await ready(page);
  return {
    context,
    page,
    recorder,
    // The fields tests/e2e/checks.mjs reads, as tests/engines.mjs's sessions have them: the
    // recorder's log, with Chromium's own reports of failed requests kept apart from the page's.
    engine: 'chromium',
    get requests() {
      return recorder.requests;
    },
    get console() {
      return recorder.console.filter((m) => !BROWSER_REPORT.chromium.test(m.text));
    },
    get errors() {
      return recorder.errors;
    },
    get browserReports() {
      return recorder.console.filter((m) => BROWSER_REPORT.chromium.test(m.text));
    },
    settle: () => settle(recorder),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    cookies: () => context.cookies(),
    storageState: () => context.storageState({ indexedDB: true }),
    /** What the fake and the static server saw since this page opened. */
    fakeSaw: () => stack.fake.requests.slice(fakeMark),
    serverSaw: () => stack.server.requests.slice(serverMark),
    async close() {
      await context.close();
    },
  };
}


/** Runs `fn(shadowRoot, ...args)` in the page (harness.mjs, inElement). */
export const inShadow = inElement;

export const field = (page, name) => page.getByLabel(LABELS[name], { exact: true });
export const checkButton = (page) => page.getByRole('button', { name: 'Check with Jira', exact: true });
export const cancelButton = (page) => page.getByRole('button', { name: 'Cancel', exact: true });

/**
 * Fills the fields as a person would: click the field, select what is there, type key by key (the
 * token is pasted, as people do, in one insertion), then Tab away. `values` may hold site, email,
 * token, name; `scoped: true` ticks the option.
 */
export async function typeInputs(page, values) {
  for (const name of ['site', 'email', 'token', 'name']) {
    if (values[name] === undefined) continue;
    const input = field(page, name);
    await input.click();
    await input.press('ControlOrMeta+a');
    await input.press('Backspace');
    if (name === 'token') await page.keyboard.insertText(values[name]);
    else await input.pressSequentially(values[name]);
    await input.press('Tab');
  }
  if (values.scoped) await page.getByLabel(LABELS.scoped).check();
}

/** The fields' current values. */
export async function fieldValues(page) {
  const out = {};
  for (const name of ['site', 'email', 'token', 'name']) out[name] = await field(page, name).inputValue();
  out.scoped = await page.getByLabel(LABELS.scoped).isChecked();
  return out;
}

/** Presses "Check with Jira" (Playwright waits until it is available: no aria-disabled) and waits for the result. */
export async function pressCheck(page, { wait = true } = {}) {
  await checkButton(page).click();
  if (wait) return waitForResult(page);
  return null;
}

export async function waitForResult(page) {
  await page.locator('[data-result][data-outcome]:not([hidden])').waitFor({ timeout: 20_000 });
  return readResult(page);
}

/** Everything the result panel shows, as data. */
export function readResult(page) {
  return inShadow(page, (root) => {
    const r = root.querySelector('[data-result]');
    const text = (el) => el?.textContent.replace(/\s+/g, ' ').trim() ?? null;
    const visible = (el) => el && !el.closest('[hidden]');
    return {
      outcome: r.dataset.outcome,
      tone: r.dataset.tone,
      hidden: r.hidden,
      title: text(r.querySelector('.result-title')),
      lead: text(r.querySelector('.result-lead')),
      message: text(r.querySelector('[data-result-message]')),
      badge: text(r.querySelector('.badge')),
      diagnostics: [...r.querySelectorAll('.diag')].map((d) => ({
        code: d.dataset.code,
        severity: d.dataset.severity,
        text: text(d.querySelector('.diag-text')),
        suggestion: text(d.querySelector('[data-suggestion] code')),
      })),
      account: r.querySelector('[data-account]')
        ? Object.fromEntries(
            [...r.querySelectorAll('[data-account] > div')].map((row) => [text(row.querySelector('dt')), text(row.querySelector('dd'))]),
          )
        : null,
      // A result that sends the person to the terminal points below it, where the commands are.
      terminal: r.matches('[data-result-terminal]')
        ? [...root.querySelectorAll('[data-commands] [role="tabpanel"] pre')].filter(() => visible(root.querySelector('[data-commands]'))).map((p) => ({ key: p.id.replace(/^out-/, ''), text: p.textContent }))
        : [],
      live: text(root.querySelector('[data-live]')),
      checkDisabled: root.getElementById('check').getAttribute('aria-disabled') === 'true',
      hint: visible(root.querySelector('[data-check-hint]')) ? text(root.querySelector('[data-check-hint]')) : null,
    };
  });
}

/** Waits until the polite live region has announced the result (the element sets it after a tick). */
export async function waitForAnnouncement(page, pattern) {
  await page.waitForFunction(
    (source) => new RegExp(source).test(document.querySelector('tines-jira-credential').shadowRoot.querySelector('[data-live]').textContent),
    pattern.source,
  );
}

// ---------------------------------------------------------------------------------------------
// Assertions shared by every scenario: tests/e2e/checks.mjs (both engines), re-exported above.

/**
 * No CSP violation, no CSP message, no page error, and the page itself logs nothing. Chromium's own
 * reports of failed requests are allowed, for the hosts the page asked (checks.mjs, assertClean).
 */
export function assertCspClean(session) {
  const own = new URL(session.page.url()).origin;
  const asked = [...new Set(session.requests.map((r) => new URL(r.url)).filter((u) => u.origin !== own && u.hostname).map((u) => u.hostname))];
  return assertClean(session, { reportsFor: asked });
}

/** axe finds no WCAG 2.2 AA violation in the page as it is now (the Shadow DOM included). */
export async function assertAxeClean(page, state, recorder = null) {
  const mark = await page.evaluate(() => window.__watch.csp.length);
  const consoleMark = recorder?.console.length ?? 0;
  const results = await axeResults(page);
  // axe-core itself adds an inline <style> while it runs, which the page's CSP rightly refuses:
  // that report is the test tool's, not the page's, so it is set aside (violation events arrive
  // asynchronously, hence the short wait). Anything else stays and fails assertCspClean.
  await page.evaluate(
    (from) =>
      new Promise((resolve) =>
        setTimeout(() => {
          const log = window.__watch.csp;
          const mine = log.splice(from).filter((v) => !(v.directive === 'style-src-elem' && v.blocked === 'inline' && v.source === ''));
          log.push(...mine);
          resolve();
        }, 100),
      ),
    mark,
  );
  if (recorder) {
    // The same, as Chromium writes it to the console, from axe's own (URL-less) injected script.
    const during = recorder.console.splice(consoleMark);
    recorder.console.push(...during.filter((m) => !(m.location?.url === '' && /^Applying inline style violates/.test(m.text))));
  }
  const violations = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(violations, [], `axe violations in state "${state}"`);
}

export async function screenshot(page, name) {
  const file = path.join(SHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * recorder.settle() with a cap: Playwright's request.allHeaders() never resolves for some requests
 * (seen: a no-cors fetch that followed a redirect), and settle() would then wait forever. After the
 * cap, such a request keeps the headers Playwright reported when it was sent.
 */
export async function settle(recorder, ms = 5_000) {
  let timer;
  await Promise.race([recorder.settle(), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

/** Polls `fn` until it returns truthy (for the fake's log, which Playwright cannot wait on). */
export async function until(fn, { timeout = 10_000, interval = 25, message = 'condition' } = {}) {
  const end = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${message}`);
    await new Promise((r) => setTimeout(r, interval));
  }
}
