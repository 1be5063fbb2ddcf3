// The assertions every browser suite makes, written once over tests/engines.mjs's session shape
// (either engine; e2e-lib.mjs's Chromium sessions have the same fields): the token's path, nothing
// stored, no CSP violation, nothing logged, axe clean.
//
// A session here needs: requests, console, errors, browserReports, settle(), evaluate(fn, arg),
// cookies(); optionally fakeSaw() and serverSaw() (what the fake Jira and the page's own server saw
// since the page opened) and storageState() (Chromium only: see assertNothingStored).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { AXE_TAGS } from '../e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const AXE_SOURCE = path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js');

export const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');
export const basicAuth = (email, token) => `Basic ${b64(`${email}:${token}`)}`;

/** The forms a token can take in traffic, logs or storage; with `email`, the Basic forms too. */
export function secretForms(token, email) {
  const forms = new Set([token, encodeURIComponent(token), b64(token), token.slice(6, 46)]);
  if (email) {
    const basic = b64(`${email}:${token}`);
    forms.add(basic);
    forms.add(basic.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''));
    forms.add(encodeURIComponent(basic));
  }
  return [...forms].filter((f) => f.length >= 16);
}

const containsAny = (haystack, needles) => needles.find((n) => String(haystack).includes(n));
const safeDecode = (s) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

/**
 * The token's path, from the browser's own request log (WebDriver BiDi network events in Firefox,
 * Playwright's in Chromium) and from what the fake Jira and the static server saw:
 *   - it is only ever in an Authorization header, exactly Basic base64(email:token);
 *   - only to `allowedHosts`, only over https, never in a URL, never in the no-cors probe;
 *   - never in the console, a page error, the page's own server, the markup, the title or the URL.
 * `sentTo`: hosts it must have gone to (the log is not just empty). `fakeSaw`, `serverSaw`: the
 * fake's and the static server's requests since the page opened. Returns the requests that carried it.
 */
export async function assertTokenPath(session, { token, email, allowedHosts, sentTo = [], fakeSaw = session.fakeSaw?.() ?? [], serverSaw = session.serverSaw?.() ?? [] }) {
  await session.settle();
  const secrets = secretForms(token, email);
  const redact = (text) => secrets.reduce((t, s) => t.split(s).join('\u2039token\u203a'), String(text));
  const carried = [];

  for (const r of session.requests) {
    const url = new URL(r.url);
    assert.equal(containsAny(safeDecode(r.url), secrets) ?? containsAny(r.url, secrets), undefined, `the token is in a URL: ${redact(r.url)}`);
    const leaking = Object.entries(r.headers).filter(([, v]) => containsAny(v, secrets));
    if (url.pathname === '/_edge/tenant_info') {
      assert.equal(r.headers.authorization, undefined, `the no-cors probe carries an Authorization header: ${redact(r.url)}`);
      assert.deepEqual(leaking, [], 'the no-cors probe carries the token');
    }
    if (!leaking.length) continue;
    carried.push(r);
    assert.equal(url.protocol, 'https:', `the token went over ${url.protocol}: ${redact(r.url)}`);
    assert.ok(allowedHosts.includes(url.hostname), `the token went to ${url.hostname} (allowed: ${allowedHosts.join(', ') || 'none'})`);
    assert.deepEqual(leaking.map(([k]) => k.toLowerCase()), ['authorization'], `the token is in other headers of ${redact(r.url)}`);
    assert.equal(r.headers.authorization, basicAuth(email, token), 'Authorization is exactly Basic base64(email:token)');
    assert.equal(r.method, 'GET', `the token went in a ${r.method}`);
  }

  for (const r of fakeSaw) {
    assert.notEqual(r.host, 'evil.example', `a request reached evil.example: ${r.method} ${redact(r.url)}`);
    assert.equal(containsAny(safeDecode(r.url), secrets) ?? containsAny(r.url, secrets), undefined, `the token is in a URL the fake saw: ${r.host}${redact(r.url)}`);
    assert.equal(r.headers.cookie, undefined, `a cookie went to ${r.host}`);
    assert.equal(r.headers.referer, undefined, `the page's address went to ${r.host} as Referer`);
    const leaking = Object.entries(r.headers).filter(([, v]) => containsAny(v, secrets));
    if (r.url.startsWith('/_edge/tenant_info')) assert.deepEqual(leaking, [], `the probe to ${r.host} carried the token`);
    if (!leaking.length) continue;
    assert.equal(r.method, 'GET', `the token went in a ${r.method} to ${r.host}`);
    assert.ok(allowedHosts.includes(r.host), `the fake saw the token at ${r.host}`);
    assert.deepEqual(leaking.map(([k]) => k), ['authorization'], `the token is in other headers at ${r.host}`);
  }
  for (const host of sentTo) {
    assert.ok(carried.some((r) => new URL(r.url).hostname === host), `the request log should show the token going to ${host}`);
  }

  for (const r of serverSaw) {
    assert.equal(containsAny(JSON.stringify(r), secrets), undefined, `the token reached the page's own server: ${redact(r.url)}`);
  }
  for (const m of session.console) assert.equal(containsAny(m.text, secrets), undefined, `the token is in the console (${m.type})`);
  for (const e of session.errors) assert.equal(containsAny(`${e.message} ${e.stack ?? ''}`, secrets), undefined, 'the token is in a page error');
  for (const e of session.browserReports) assert.equal(containsAny(e.text, secrets), undefined, 'the token is in a browser report');

  const markup = await session.evaluate(() => {
    const parts = [document.documentElement.outerHTML, location.href, document.title, window.name];
    for (const host of document.querySelectorAll('tines-jira-credential')) parts.push(host.shadowRoot.innerHTML);
    return parts.join('\n');
  });
  assert.equal(containsAny(markup, secrets), undefined, 'the token is in the page markup, title or URL');
  return carried;
}

/** No storage API used; localStorage, sessionStorage, IndexedDB, Cache Storage and cookies empty. */
export async function assertNothingStored(session, { token, email }, { cookiesAllowed = [] } = {}) {
  const secrets = secretForms(token, email);
  const state = await session.evaluate(async () => ({
    apiCalls: window.__watch.storage,
    local: localStorage.length,
    session: sessionStorage.length,
    cookie: document.cookie,
    idb: typeof indexedDB.databases === 'function' ? (await indexedDB.databases()).map((d) => d.name) : [],
    caches: typeof caches !== 'undefined' ? await caches.keys() : [],
    url: location.href,
    history: JSON.stringify(history.state),
  }));
  assert.deepEqual(state.apiCalls, [], 'no storage API is used');
  assert.equal(state.local, 0, 'localStorage is empty');
  assert.equal(state.session, 0, 'sessionStorage is empty');
  assert.equal(state.cookie, '', 'no cookies for the page');
  assert.deepEqual(state.idb, [], 'no IndexedDB databases');
  assert.deepEqual(state.caches, [], 'no Cache Storage');
  assert.equal(containsAny(state.url + state.history, secrets), undefined, 'the token is not in the URL or history');
  const jar = await session.cookies();
  assert.deepEqual(jar.map((c) => c.name).filter((n) => !cookiesAllowed.includes(n)), [], 'the browser cookie jar holds nothing new');
  assert.equal(containsAny(JSON.stringify(jar), secrets), undefined, 'the token is not in any cookie');
  // Playwright reads a context's whole storage state (IndexedDB's contents included); puppeteer
  // over WebDriver BiDi has no such call, so in Firefox the checks above are the whole story.
  if (session.storageState) {
    const storage = await session.storageState();
    assert.equal(containsAny(JSON.stringify(storage), secrets), undefined, 'the token is not in the context storage state');
    assert.deepEqual(storage.origins.flatMap((o) => o.localStorage), [], 'no origin has localStorage');
  }
}

/**
 * No CSP violation, no uncaught error, nothing written to the console by the page. The browser's
 * own reports of failed requests are allowed only for `reportsFor` hosts (what the check asked).
 */
export async function assertClean(session, { reportsFor = [] } = {}) {
  const csp = await session.evaluate(() => window.__watch.csp);
  assert.deepEqual(csp, [], 'the browser reported no CSP violation');
  const cspText = [...session.console.map((m) => m.text), ...session.errors.map((e) => e.message), ...session.browserReports.map((r) => r.text)].filter((t) =>
    /Content.Security.Policy/i.test(t),
  );
  assert.deepEqual(cspText, [], 'no CSP message anywhere');
  assert.deepEqual(session.errors.map((e) => e.message), [], 'no uncaught page errors');
  assert.deepEqual(session.console.map((m) => `${m.type}: ${m.text}`), [], 'the page writes nothing to the console');
  for (const r of session.browserReports) {
    // Firefox's reports name the URL; Chromium's "Failed to load resource: net::..." does not.
    const host = /https:\/\/([^/:]+)/.exec(r.text)?.[1];
    assert.ok(host ? reportsFor.includes(host) : reportsFor.length > 0, `an unexpected browser report: ${r.text}`);
  }
}

/**
 * axe-core (the copy @axe-core/playwright uses, so both engines run the same version) injected
 * into the page, run with the WCAG 2.2 AA tags once the element's transitions have finished.
 * Returns the violations as strings; the caller asserts.
 */
export async function axeViolations(session) {
  await session.evaluate(() => {
    const root = document.querySelector('tines-jira-credential')?.shadowRoot;
    return Promise.all((root?.getAnimations() ?? []).map((a) => a.finished.catch(() => {})));
  });
  const mark = await session.evaluate(() => window.__watch.csp.length);
  const consoleMark = session.console.length;
  const loaded = await session.evaluate(() => typeof window.axe === 'object');
  // Evaluated by the automation protocol, not by a <script>: the page's CSP does not apply.
  if (!loaded) await session.evaluate(fs.readFileSync(AXE_SOURCE, 'utf8'));
  const result = await session.evaluate(
    (tags) =>
      window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }).then((r) => ({
        version: window.axe.version,
        violations: r.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
      })),
    AXE_TAGS,
  );
  // axe adds an inline <style> while it runs, which the page's CSP refuses (Chromium reports it,
  // Firefox has not here): that report is the test tool's, not the page's.
  await session.evaluate(
    (from) =>
      new Promise((resolve) =>
        setTimeout(() => {
          const log = window.__watch.csp;
          const rest = log.splice(from).filter((v) => !(v.directive === 'style-src-elem' && v.blocked === 'inline' && !v.source));
          log.push(...rest);
          resolve();
        }, 100),
      ),
    mark,
  );
  // The same report as Chromium writes it to the console while axe runs.
  const during = session.console.splice(consoleMark);
  session.console.push(...during.filter((m) => !/^Applying inline style violates/.test(m.text)));
  return result;
}

/** The focused element, through shadow roots, with what a person sees of its focus. */
export function focused(session) {
  return session.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) > 0;
    const ring = cs.boxShadow !== 'none' && cs.boxShadow !== '';
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id || null,
      copy: el.dataset?.copy ?? null,
      text: el.textContent.replace(/\s+/g, ' ').trim().slice(0, 80),
      focusVisible: el.matches(':focus-visible'),
      indicator: outline ? `outline ${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor}` : ring ? `box-shadow ${cs.boxShadow}` : null,
    };
  });
}

/** Presses Tab (or Shift+Tab) until `pred(focused)` holds; fails after `max` presses. */
export async function tabTo(session, pred, { shift = false, max = 40, what = 'the target' } = {}) {
  const seen = [];
  for (let i = 0; i < max; i++) {
    await session.press(shift ? 'Shift+Tab' : 'Tab');
    const f = await focused(session);
    seen.push(f);
    if (f && pred(f)) return { focused: f, seen };
  }
  throw new Error(`Tab never reached ${what}; went through ${seen.map((f) => f?.id || f?.text || 'body').join(', ')}`);
}
