// Shared helpers for browser tests: a static file server for www/, a headless Chromium whose DNS
// sends the Atlassian hosts to the fake Jira (fake-jira.mjs), and a recorder of what a page does.

import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { listen } from './fake-jira.mjs';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

// ---------------------------------------------------------------------------------------------
// Static server

export const MIME_TYPES = Object.freeze({
  '.html': 'text/html; charset=utf-8',
  '.htm': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
});

/**
 * Serve rootDir over http on 127.0.0.1. No directory listings ("/" and "dir/" serve index.html when
 * present, else 404), no escape from rootDir (.. , encoded .., NUL, symlinks out), GET/HEAD only.
 * `headers`: extra response headers, an object or a function (urlPath, filePath) => object
 * (e.g. a Content-Security-Policy to test). Returns { url, origin, port, requests, close }.
 * `url` has no trailing slash: `${url}/index.html`.
 */
export async function serveStatic(rootDir, { port = 0, headers = {}, host = '127.0.0.1' } = {}) {
  const root = fs.realpathSync(path.resolve(rootDir));
  const requests = [];

  const server = http.createServer((req, res) => {
    requests.push({ method: req.method, url: req.url, headers: { ...req.headers }, time: Date.now() });
    const fail = (status, text, extra = {}) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
      res.end(req.method === 'HEAD' ? undefined : text);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return fail(405, 'method not allowed', { Allow: 'GET, HEAD' });

    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      return fail(400, 'bad request');
    }
    if (urlPath.includes('\0') || urlPath.includes('\\')) return fail(400, 'bad request');
    // The raw path must not climb either (new URL() already folds plain "..", this catches %2e%2e).
    if (urlPath.split('/').some((seg) => seg === '..')) return fail(404, 'not found');

    let filePath = path.join(root, urlPath);
    if (filePath !== root && !filePath.startsWith(root + path.sep)) return fail(404, 'not found');

    let stat;
    try {
      stat = fs.statSync(filePath);
    } catch {
      return fail(404, 'not found');
    }
    if (stat.isDirectory()) {
      if (!urlPath.endsWith('/')) {
        const u = new URL(req.url, 'http://x');
        return fail(301, 'moved', { Location: u.pathname + '/' + u.search });
      }
      filePath = path.join(filePath, 'index.html');
      try {
        stat = fs.statSync(filePath);
      } catch {
        return fail(404, 'not found');
      }
      if (!stat.isFile()) return fail(404, 'not found');
    } else if (!stat.isFile()) {
      return fail(404, 'not found');
    }
    let real;
    try {
      real = fs.realpathSync(filePath);
    } catch {
      return fail(404, 'not found');
    }
    if (!real.startsWith(root + path.sep)) return fail(404, 'not found');

    const type = MIME_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
    const extra = typeof headers === 'function' ? headers(urlPath, filePath) ?? {} : headers;
    res.writeHead(200, {
      'Content-Type': type,
      'Content-Length': stat.size,
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      ...extra,
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(filePath).on('error', () => res.destroy()).pipe(res);
  });

  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await listen(server, port, host);
  const actualPort = server.address().port;
  const origin = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  let closed = null;
  return {
    url: origin,
    origin,
    port: actualPort,
    requests,
    close() {
      closed ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
        for (const s of sockets) s.destroy();
      });
      return closed;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Chromium

/** Hosts the fake Jira answers for; each is MAPped to 127.0.0.1:<fakePort>. */
export const FAKE_HOST_PATTERNS = Object.freeze([
  'acme.atlassian.net',
  '*.atlassian.net',
  '*.jira.com',
  'api.atlassian.com',
  'evil.example', // where the fake's `redirect` behaviour points: a followed redirect shows up in fake.requests
  '*.dc.test', // the fake Jira Data Center (fake-data-center.mjs)
]);

/**
 * Flags every Chromium here needs: as root it needs --no-sandbox, and nothing may run in the
 * background that could reach the (closed) network or add noise to a measurement.
 */
export const QUIET_FLAGS = Object.freeze([
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
]);

/**
 * The --host-resolver-rules value. Rules are comma-separated "MAP <pattern> <host[:port]>"; the first
 * matching MAP wins, EXCLUDE rules are checked before any MAP. Rules apply to IP literals too.
 * With blockOthers (default) every other name or address fails at once with ERR_NAME_NOT_RESOLVED
 * (nothing leaves the machine) except localhost, 127.0.0.1 and ::1 (written without brackets).
 * extraMaps: more rules, strings ("MAP x.test 127.0.0.1:8080") or {host, to}; placed before the catch-all.
 */
export function hostResolverRules(fakePort, { extraMaps = [], blockOthers = true } = {}) {
  const rules = [];
  for (const m of extraMaps) rules.push(typeof m === 'string' ? m : `MAP ${m.host} ${m.to}`);
  if (fakePort !== undefined && fakePort !== null) {
    for (const pattern of FAKE_HOST_PATTERNS) rules.push(`MAP ${pattern} 127.0.0.1:${fakePort}`);
  }
  if (blockOthers) rules.push('MAP * ~NOTFOUND', 'EXCLUDE localhost', 'EXCLUDE 127.0.0.1', 'EXCLUDE ::1');
  return rules.join(', ');
}

/**
 * Chromium flags for tests; also what a webdriver.json (wasm-bindgen-test-runner via chromedriver)
 * needs in goog:chromeOptions.args. Options: extraMaps, blockOthers (see hostResolverRules),
 * headless (true), spki (fake.spki: trust only the fake's certificate, for runners that cannot set
 * Playwright's ignoreHTTPSErrors; Chromium honours it only when a user-data-dir is in use, which
 * Playwright and chromedriver always pass), userDataDir (only when spawning Chromium yourself:
 * Playwright refuses --user-data-dir), ignoreCertificateErrors (false: the blunt alternative to spki).
 */
export function chromeArgs(fakePort, options = {}) {
  const { extraMaps = [], blockOthers = true, headless = true, spki, userDataDir, ignoreCertificateErrors = false } = options;
  const args = [
    ...(headless ? ['--headless'] : []),
    ...QUIET_FLAGS,
    `--host-resolver-rules=${hostResolverRules(fakePort, { extraMaps, blockOthers })}`,
  ];
  if (spki) args.push(`--ignore-certificate-errors-spki-list=${Array.isArray(spki) ? spki.join(',') : spki}`);
  if (userDataDir) args.push(`--user-data-dir=${userDataDir}`);
  if (ignoreCertificateErrors) args.push('--ignore-certificate-errors');
  return args;
}

/** Launch Debian's Chromium through playwright-core with chromeArgs(fakePort). */
export async function launchBrowser({ fakePort, extraMaps = [], headless = true, blockOthers = true, args = [] } = {}) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    headless,
    args: [...chromeArgs(fakePort, { extraMaps, blockOthers, headless }), ...args],
  });
}

/** A fresh (incognito-like) context that accepts the fake's self-signed certificate. */
export async function newContext(browser, opts = {}) {
  return browser.newContext({ ignoreHTTPSErrors: true, serviceWorkers: 'block', ...opts });
}

// ---------------------------------------------------------------------------------------------
// Recorder

/**
 * Fills in `status` or `failure` on the entry `byRequest` holds for each request, as answers come
 * or requests fail. Playwright's and puppeteer's pages name these events and calls alike.
 */
export function recordOutcomes(page, byRequest) {
  page.on('response', (response) => {
    const entry = byRequest.get(response.request());
    if (entry) entry.status = response.status();
  });
  page.on('requestfailed', (request) => {
    const entry = byRequest.get(request);
    if (entry) entry.failure = request.failure()?.errorText ?? 'failed';
  });
}

/**
 * Records everything a page does that a test may want to assert on:
 *   requests: {url, method, resourceType, headers (all, incl. authorization), time, status?, failure?}
 *   console:  {type, text, location}
 *   errors:   {message, stack}   (uncaught page errors)
 * CORS preflights are not reported by Chromium to Playwright: look at fake.requests for those.
 * Call `await recorder.settle()` before asserting on headers (they are fetched asynchronously).
 */
export function makeRecorder(page) {
  const requests = [];
  const consoleMessages = [];
  const errors = [];
  const pending = new Set();
  const byRequest = new Map();

  const track = (p) => {
    const q = p.catch(() => {}).finally(() => pending.delete(q));
    pending.add(q);
  };

  page.on('request', (request) => {
    const entry = {
      url: request.url(),
      method: request.method(),
      resourceType: request.resourceType(),
      headers: request.headers(),
      time: Date.now(),
      status: undefined,
      failure: undefined,
    };
    requests.push(entry);
    byRequest.set(request, entry);
    track(request.allHeaders().then((h) => (entry.headers = h)));
  });
  recordOutcomes(page, byRequest);
  page.on('console', (msg) => {
    consoleMessages.push({ type: msg.type(), text: msg.text(), location: msg.location() });
  });
  page.on('pageerror', (err) => {
    errors.push({ message: err.message, stack: err.stack });
  });

  return {
    requests,
    console: consoleMessages,
    errors,
    /** Wait for pending header look-ups. */
    async settle() {
      while (pending.size) await Promise.all([...pending]);
    },
    /** Requests whose URL's host is `host`. */
    requestsTo(host) {
      return requests.filter((r) => {
        try {
          return new URL(r.url).hostname === host;
        } catch {
          return false;
        }
      });
    },
    /** Everything recorded, as one string: search it for a secret that must not leak. */
    dump() {
      return JSON.stringify({ requests, console: consoleMessages, errors });
    },
    clear() {
      requests.length = 0;
      consoleMessages.length = 0;
      errors.length = 0;
    },
  };
}

// Instrumentation for the page and end-to-end tests, added with context.addInitScript: it runs in
// the page's main world before the page's own scripts and records, in window.__watch, CSP
// violations and any use of a storage API.

export function instrumentPage() {
  const log = { csp: [], storage: [] };
  Object.defineProperty(window, '__watch', { value: log, enumerable: false });
  const onViolation = (e) =>
    log.csp.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, sample: e.sample });
  // The event is composed and bubbles: violations inside the element's Shadow DOM reach the document.
  document.addEventListener('securitypolicyviolation', onViolation, true);
  const note = (what) => log.storage.push(what);
  const wrap = (proto, name, label) => {
    const original = proto?.[name];
    if (typeof original !== 'function') return;
    proto[name] = function (...args) {
      note(label);
      return original.apply(this, args);
    };
  };
  wrap(Storage.prototype, 'setItem', 'Storage.setItem');
  wrap(IDBFactory.prototype, 'open', 'indexedDB.open');
  if (typeof CacheStorage !== 'undefined') wrap(CacheStorage.prototype, 'open', 'caches.open');
  if (typeof CookieStore !== 'undefined') wrap(CookieStore.prototype, 'set', 'cookieStore.set');
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    configurable: true,
    get() {
      return cookie.get.call(this);
    },
    set(value) {
      note('document.cookie');
      cookie.set.call(this, value);
    },
  });
}

/** The element is shown (its stylesheet is in) and has set `ready` (module loaded, first check shown). */
export async function elementReady(page) {
  await page.locator('tines-jira-credential .tjc:not([hidden])').waitFor();
  await page.locator('tines-jira-credential[ready]').waitFor({ state: 'attached' });
}

/** The WCAG 2.2 AA rule sets both browser suites hold the page to. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * axe's results for the page as it is once the element's CSS transitions have finished: a button
 * measured 120 ms into fading from disabled to enabled has neither colour, and axe would judge
 * that in-between contrast.
 */
export async function axeResults(page) {
  await page.evaluate(() => {
    const root = document.querySelector('tines-jira-credential')?.shadowRoot;
    return Promise.all((root?.getAnimations() ?? []).map((a) => a.finished.catch(() => {})));
  });
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  return new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
}

// ---------------------------------------------------------------------------------------------
// The README's snippets, tested as written

const README = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../README.md');

/**
 * The README's code blocks between `<!-- snippet:NAME ... -->` and `<!-- /snippet:NAME -->`,
 * exactly: one fenced block for each language of `langs`, in that order, a blank line between.
 */
export function readmeSnippet(name, langs) {
  const blocks = langs.map((lang) => `\`\`\`${lang}\n([\\s\\S]*?)\n\`\`\``).join('\n\n');
  const match = fs.readFileSync(README, 'utf8').match(new RegExp(`<!-- snippet:${name}[^>]*-->\n${blocks}\n<!-- /snippet:${name} -->`));
  if (!match) throw new Error(`README.md has no ${langs.join(' + ')} code between <!-- snippet:${name} --> markers`);
  return match.slice(1);
}

// ---------------------------------------------------------------------------------------------
// Inside the element

/** Runs `fn(shadowRoot, ...args)` in the page, on the first <tines-jira-credential>'s shadow root. */
export const inElement = (page, fn, ...args) =>
  page.evaluate(
    ([source, rest]) => {
      const root = document.querySelector('tines-jira-credential').shadowRoot;
      // eslint-disable-next-line no-new-func
      return new Function('root', 'args', `return (${source})(root, ...args)`)(root, rest);
    },
    [fn.toString(), args],
  );

/** Types `value` into the element's field as a person does (one key at a time), then leaves it. */
export async function type(page, field, value) {
  const input = page.locator(`tines-jira-credential #${field}`);
  await input.click();
  await input.press('ControlOrMeta+a');
  await input.pressSequentially(value, { delay: 10 });
  await input.press('Tab');
}

/**
 * Waits until the page's clipboard holds `expected` (a string, or a test of the text) and returns
 * the text; throws with what it holds after `timeout`. Polled from Node: Playwright's
 * waitForFunction takes a returned promise (which reading the clipboard is) as truthy at once, so
 * a predicate that reads the clipboard would pass without waiting or checking anything.
 */
export async function waitForClipboard(page, expected, { timeout = 5000 } = {}) {
  const holds = typeof expected === 'function' ? expected : (text) => text === expected;
  const deadline = Date.now() + timeout;
  for (;;) {
    const text = await page.evaluate(() => navigator.clipboard.readText());
    if (holds(text)) return text;
    if (Date.now() > deadline) throw new Error(`after ${timeout} ms the clipboard holds ${JSON.stringify(String(text).slice(0, 120))}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
