// One small interface over two browser engines, so a browser scenario is written once:
//   chromium: Debian's Chromium through playwright-core (tests/e2e/harness.mjs)
//   firefox:  Debian's Firefox ESR through puppeteer-core over WebDriver BiDi (tests/firefox/)
//
//   const engine = await startEngine('firefox', { fake, serve: ['acme.atlassian.net'], unreachable: ['gone.atlassian.net'] });
//   const s = await engine.newSession({ viewport: { width: 1280, height: 900 } });
//   await s.goto(`${server.url}/index.html`); await s.ready();
//   await s.type({ label: 'Jira site' }, 'acme', { delay: 200 });
//   await s.click({ role: 'button', name: 'Check with Jira' });
//   s.requests / s.console / s.errors / s.browserReports;  await s.close(); await engine.close();
//
// Targets, all inside <tines-jira-credential>'s (open) shadow root unless `light: true`:
//   { label: 'Jira site' }                    the form control with that accessible name
//   { role: 'button', name: 'Check with Jira' } by role and exact accessible name
//   { css: '#check' }                         a CSS selector
// Firefox finds labels and roles in its accessibility tree (puppeteer's ::-p-aria, answered by
// BiDi's browsingContext.locateNodes), Chromium in Playwright's; neither looks at markup alone.
//
// The session records, for either engine:
//   requests:  { url, method, headers (authorization included), status, failure, time }
//   console:   { type, text }                 what the page wrote with console.*
//   errors:    { message }                    uncaught errors and unhandled rejections
//   browserReports: { text }                  what the browser itself reported about a failed
//              request (Chromium: "Failed to load resource: ...", "Access to fetch at ..." console
//              lines; Firefox: "Cross-Origin Request Blocked: ..." entries, which WebDriver BiDi
//              delivers as JavaScript log entries and puppeteer as `pageerror`). They are kept apart
//              so a test can assert that the page itself logs nothing and throws nothing.

import path from 'node:path';

import { launchBrowser, newContext, makeRecorder, instrumentPage, recordOutcomes } from './e2e/harness.mjs';

export const ENGINE_NAMES = Object.freeze(['chromium', 'firefox']);

const SHADOW_HOST = 'tines-jira-credential';

/** How each engine reports a failed cross-origin request itself (not the page). */
export const BROWSER_REPORT = {
  chromium: /^(Failed to load resource: |Access to fetch at )/,
  firefox: /^Cross-Origin Request Blocked: The Same Origin Policy disallows reading the remote resource at https:\/\//,
};

/**
 * Start an engine. `fake`: a started fake Jira (tests/e2e/fake-jira.mjs). `serve`: the Atlassian
 * host names the fake answers for in this run. `unreachable`: names that must look like a host
 * that is not there.
 */
export async function startEngine(name, { fake, serve = [], unreachable = [], colorScheme = 'light' } = {}) {
  if (name === 'firefox') return startFirefox({ fake, serve, unreachable, colorScheme });
  if (name === 'chromium') return startChromium({ fake, serve, unreachable, colorScheme });
  throw new Error(`unknown engine ${name}: one of ${ENGINE_NAMES.join(', ')}`);
}

// ---------------------------------------------------------------------------------------------
// Firefox

async function startFirefox({ fake, serve, unreachable, colorScheme }) {
  const { startFront } = await import('./firefox/front.mjs');
  const { launchFirefox } = await import('./firefox/engine-firefox.mjs');
  // The front turns away every name not in `serve`: the unreachable ones, and anything Firefox
  // does in the background.
  for (const host of unreachable) if (serve.includes(host)) throw new Error(`${host} is both served and unreachable`);
  const front = await startFront({ to: fake.port, serve });
  let browser;
  try {
    // WebDriver BiDi has no prefers-color-scheme emulation: the scheme is a preference of the
    // whole browser (1 = light, 0 = dark, what about:preferences' "Website appearance" sets).
    browser = await launchFirefox({ prefs: { 'layout.css.prefers-color-scheme.content-override': colorScheme === 'dark' ? 0 : 1 } });
  } catch (err) {
    await front.close();
    throw err;
  }
  const version = await browser.version();
  const sessions = new Set();
  return {
    name: 'firefox',
    version, // "firefox/153.8.0"
    front,
    async newSession(options = {}) {
      const session = await firefoxSession(browser, options);
      sessions.add(session);
      session.onClose = () => sessions.delete(session);
      return session;
    },
    async close() {
      for (const s of [...sessions]) await s.close().catch(() => {});
      // browser.close() can hang when Firefox is already gone; kill it after a while.
      await Promise.race([browser.close().catch(() => {}), sleep(10_000)]);
      try {
        browser.process()?.kill('SIGKILL');
      } catch {
        /* already gone */
      }
      await front.close();
    },
  };
}

async function firefoxSession(browser, { viewport = { width: 1280, height: 900 } } = {}) {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(viewport);
  await page.evaluateOnNewDocument(instrumentPage);
  const rec = newRecord();
  const byRequest = new Map();
  page.on('request', (request) => {
    const entry = { url: request.url(), method: request.method(), headers: request.headers(), status: undefined, failure: undefined, time: Date.now() };
    rec.requests.push(entry);
    byRequest.set(request, entry);
  });
  recordOutcomes(page, byRequest);
  page.on('console', (msg) => rec.console.push({ type: msg.type(), text: msg.text() }));
  page.on('pageerror', (err) => {
    const message = String(err?.message ?? err);
    if (BROWSER_REPORT.firefox.test(message)) rec.browserReports.push({ text: message });
    else rec.errors.push({ message });
  });

  const deep = (target) => {
    const scope = target.light ? '' : `${SHADOW_HOST} >>> `;
    if (target.css) return `${scope}${target.css}`;
    if (target.role) return `${scope}::-p-aria([name=${JSON.stringify(target.name)}][role=${JSON.stringify(target.role)}])`;
    if (target.label) return `${scope}::-p-aria([name=${JSON.stringify(target.label)}])`;
    if (target.text) return `${scope}::-p-text(${target.text})`;
    throw new Error(`bad target ${JSON.stringify(target)}`);
  };
  const find = async (target) => {
    let handles = await page.$$(deep(target));
    // A <label> has the name of its control too: keep the form control.
    if (target.label) {
      const controls = [];
      for (const h of handles) if (await h.evaluate((el) => ['INPUT', 'SELECT', 'TEXTAREA'].includes(el.tagName))) controls.push(h);
      handles = controls;
    }
    if (handles.length !== 1) throw new Error(`expected one element for ${JSON.stringify(target)}, found ${handles.length}`);
    return handles[0];
  };

  const session = {
    engine: 'firefox',
    page,
    context,
    ...rec,
    onClose: null,
    goto: (url) => page.goto(url, { waitUntil: 'load', timeout: 30_000 }),
    reload: () => page.reload({ waitUntil: 'load', timeout: 30_000 }),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    waitFor: (fn, arg, { timeout = 15_000 } = {}) => page.waitForFunction(fn, { timeout, polling: 50 }, arg),
    find,
    async click(target) {
      const h = await find(target);
      await h.click();
    },
    async focus(target) {
      const h = await find(target);
      await h.focus();
    },
    /** Click into the field, select what is there, delete it, then type key by key. */
    async type(target, text, { delay = 0 } = {}) {
      const h = await find(target);
      await h.click();
      await session.press('Control+a');
      await session.press('Backspace');
      await page.keyboard.type(text, { delay });
    },
    /** Type into whatever has focus. */
    keyboardType: (text, { delay = 0 } = {}) => page.keyboard.type(text, { delay }),
    /** One key, or a chord like "Shift+Tab" or "Control+v". */
    async press(chord) {
      const keys = chord.split('+');
      const last = keys.pop();
      for (const k of keys) await page.keyboard.down(k);
      await page.keyboard.press(last === 'Space' ? ' ' : last);
      for (const k of keys.reverse()) await page.keyboard.up(k);
    },
    async value(target) {
      return (await find(target)).evaluate((el) => el.value);
    },
    async attribute(target, name) {
      return (await find(target)).evaluate((el, n) => el.getAttribute(n), name);
    },
    screenshot: (file, { fullPage = true } = {}) => page.screenshot({ path: file, fullPage }),
    cookies: () => context.cookies(),
    setCookie: (cookie) => context.setCookie(cookie),
    setViewport: (size) => page.setViewport(size),
    async close() {
      session.onClose?.();
      await Promise.race([context.close().catch(() => {}), sleep(10_000)]);
    },
  };
  Object.assign(session, shared(session));
  return session;
}

// ---------------------------------------------------------------------------------------------
// Chromium

async function startChromium({ fake, serve, unreachable, colorScheme }) {
  // Chromium's resolver rules send the Atlassian patterns to the fake (harness.mjs); an
  // unreachable name is mapped to ~NOTFOUND first, as a name with no address.
  void serve;
  const browser = await launchBrowser({
    fakePort: fake.port,
    extraMaps: unreachable.map((host) => `MAP ${host} ~NOTFOUND`),
  });
  const version = `chromium/${browser.version()}`;
  const sessions = new Set();
  return {
    name: 'chromium',
    version,
    async newSession(options = {}) {
      const session = await chromiumSession(browser, { colorScheme, ...options });
      sessions.add(session);
      session.onClose = () => sessions.delete(session);
      return session;
    },
    async close() {
      for (const s of [...sessions]) await s.close().catch(() => {});
      await browser.close();
    },
  };
}

async function chromiumSession(browser, { viewport = { width: 1280, height: 900 }, clipboard = true, colorScheme = 'light' } = {}) {
  const { deviceScaleFactor, ...size } = viewport;
  const context = await newContext(browser, { viewport: size, deviceScaleFactor, colorScheme });
  if (clipboard) await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await context.addInitScript(instrumentPage);
  const page = await context.newPage();
  const recorder = makeRecorder(page);
  const rec = newRecord();
  // The harness's recorder, seen through this interface's shape.
  Object.defineProperty(rec, 'requests', { get: () => recorder.requests });
  page.on('console', (msg) => {
    const text = msg.text();
    if (BROWSER_REPORT.chromium.test(text)) rec.browserReports.push({ text });
    else rec.console.push({ type: msg.type(), text });
  });
  page.on('pageerror', (err) => rec.errors.push({ message: err.message }));

  const locator = (target) => {
    if (target.css) return page.locator(target.light ? target.css : `${SHADOW_HOST} ${target.css}`);
    if (target.role) return page.getByRole(target.role, { name: target.name, exact: true });
    if (target.label) return page.getByLabel(target.label, { exact: true });
    if (target.text) return page.getByText(target.text, { exact: true });
    throw new Error(`bad target ${JSON.stringify(target)}`);
  };

  const session = {
    engine: 'chromium',
    page,
    context,
    get requests() {
      return recorder.requests;
    },
    console: rec.console,
    errors: rec.errors,
    browserReports: rec.browserReports,
    onClose: null,
    goto: (url) => page.goto(url),
    reload: () => page.reload(),
    evaluate: (fn, arg) => page.evaluate(fn, arg),
    waitFor: (fn, arg, { timeout = 15_000 } = {}) => page.waitForFunction(fn, arg, { timeout, polling: 50 }),
    find: (target) => locator(target),
    click: (target) => locator(target).click(),
    focus: (target) => locator(target).focus(),
    async type(target, text, { delay = 0 } = {}) {
      const l = locator(target);
      await l.click();
      await l.press('ControlOrMeta+a');
      await l.press('Backspace');
      await l.pressSequentially(text, { delay });
    },
    keyboardType: (text, { delay = 0 } = {}) => page.keyboard.type(text, { delay }),
    press: (chord) => page.keyboard.press(chord),
    value: (target) => locator(target).inputValue(),
    attribute: (target, name) => locator(target).getAttribute(name),
    screenshot: (file, { fullPage = true } = {}) => page.screenshot({ path: file, fullPage }),
    cookies: () => context.cookies(),
    setCookie: (cookie) => context.addCookies([cookie]),
    storageState: () => context.storageState({ indexedDB: true }),
    setViewport: (size) => page.setViewportSize(size),
    async settle() {
      let timer;
      await Promise.race([recorder.settle(), new Promise((r) => (timer = setTimeout(r, 5_000)))]);
      clearTimeout(timer);
    },
    async close() {
      session.onClose?.();
      await context.close();
    },
  };
  Object.assign(session, shared(session));
  return session;
}

// ---------------------------------------------------------------------------------------------
// Shared, written once over the interface above

function newRecord() {
  return { requests: [], console: [], errors: [], browserReports: [] };
}

function shared(session) {
  return {
    settle: session.settle ?? (async () => sleep(50)),
    /** The element is shown (its stylesheet is in) and has set `ready` (module loaded). */
    ready: () =>
      session.waitFor(() => {
        const host = document.querySelector('tines-jira-credential');
        return host?.hasAttribute('ready') && host.shadowRoot?.querySelector('.tjc:not([hidden])') != null;
      }, undefined, { timeout: 30_000 }),
    /** Runs `fn(shadowRoot, arg)` in the page (the first element on the page). */
    inShadow: (fn, arg) =>
      session.evaluate(
        ([source, a]) => {
          const root = document.querySelector('tines-jira-credential').shadowRoot;
          // eslint-disable-next-line no-new-func
          return new Function('root', 'arg', `return (${source})(root, arg)`)(root, a);
        },
        [fn.toString(), arg],
      ),
    /** Waits until a CSS selector matches inside the shadow root. */
    waitForShadow: (css, { timeout = 15_000 } = {}) =>
      session.waitFor((sel) => document.querySelector('tines-jira-credential')?.shadowRoot?.querySelector(sel) != null, css, { timeout }),
    /** Requests whose URL's host is `host`. */
    requestsTo: (host) =>
      session.requests.filter((r) => {
        try {
          return new URL(r.url).hostname === host;
        } catch {
          return false;
        }
      }),
  };
}

/**
 * Puts `text` on the system clipboard with the browser's own copy (Ctrl+C in a scratch textarea
 * outside the element, removed at once), then pastes it into `target` of session `s` with Ctrl+V:
 * a real paste, in either engine.
 */
export async function paste(s, target, text) {
  await s.evaluate((t) => {
    const scratch = document.createElement('textarea');
    scratch.id = 'scratch-clipboard';
    scratch.value = t;
    document.body.append(scratch);
    scratch.focus();
    scratch.select();
  }, text);
  await s.press('Control+c');
  await s.evaluate(() => document.getElementById('scratch-clipboard').remove());
  await s.click(target);
  await s.press('Control+a');
  await s.press('Control+v');
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** `<dir>/<name>-<engine>.png`: Firefox's screenshots sit next to Chromium's. */
export function shotPath(dir, name, engine) {
  return path.join(dir, engine === 'chromium' ? `${name}.png` : `${name}-${engine}.png`);
}
