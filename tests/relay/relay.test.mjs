// The same-origin relay (deploy/nginx/) in Debian's nginx, in front of the fake Jira over HTTPS:
// what only nginx has. The cases every relay shares (refusals, headers both ways, a hostile
// upstream, the rate cap, the logs) are one list in cases.mjs, run against nginx, workerd and Deno
// by cases.test.mjs; this file keeps the page through nginx in Chromium, nginx's own parser and
// X-Accel-* headers, framing, serving www/ and the shipped configuration.
//
//   node --test tests/relay/relay.test.mjs          (needs nginx, Chromium and `npm run build`)
//
// nginx runs the SHIPPED includes from deploy/nginx/ verbatim (relays.mjs, startNginx), composed by
// a test-only main nginx.conf (nginx.test.conf); the one shipped file swapped out is
// tines-jira-local.conf (resolver, CA bundle, log file), for tines-jira-local.test.conf (the fake's
// certificate, no resolver). Test-only upstream groups named like the Atlassian hosts
// (tines-jira-upstreams.test.conf) send the relay to the fake on 127.0.0.1; the relay still
// verifies the fake's certificate for each name.
//
// The fake refuses CORS throughout, as Jira Cloud does: the page's check succeeds through the relay
// and ends in blocked-by-browser without it.
//
// Two nginx run side by side: `nginx` (plain) with the shipped files as they are, and `tuned` with
// what deploy/nginx/README.md lets an operator turn on: the optional includes linked into
// relay-enabled/ (those whose modules are installed) and a docs origin in tines-jira-framing.conf.
// A docs page on another origin (localhost, served by Node) frames the tool.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { JANE, SCOPED, TEST_TOKEN, CLOUD_ID, makeToken, behaviourEmail } from '../e2e/fake-jira.mjs';
import { launchBrowser, newContext, serveStatic, waitForClipboard } from '../e2e/harness.mjs';
import { NGINX, NJS, HEADERS_MORE, WWW, DEPLOY, PREFIX, MYSELF, freePort, freshAddress, statusesIn, startUpstreams, startNginx, checkInPage, withRelayPage } from './relays.mjs';
import { WRONG_TOKEN, basic, JANE_AUTH, PAGE_SCENARIOS, PERMISSIONS, assertPageScenario } from './cases.mjs';
import { relayCap } from './rules.mjs';

const PKG_WASM = path.join(WWW, 'pkg', 'tines_jira_credential_bg.wasm');
const SKIP = NGINX ? false : 'nginx is not installed (CI installs it: `apt-get install nginx`); the relay tests need it';

// Browser: 127.0.0.1. Node: a fresh loopback address per request (a fresh rate budget), or this one.
const ADDR = Object.freeze({ static: '127.0.0.4' });
const J = `${PREFIX}/acme.atlassian.net`;

let tmp;
let upstreams; // the fake Jira (CORS refused), an untrusted fake, a hostile upstream
let fake;
let hostile;
let nginx; // the shipped files as they are
let tuned; // the shipped files with what an operator may turn on
let browser;
let docs; // a docs site on an origin of its own (localhost:<port>), whose page frames the tool

/** One request to nginx (or `via`), exactly as written. */
const ask = (target, { via = nginx, ...options } = {}) => via.ask(target, options);
/** Bytes written to nginx (or `via`) as they are, on one connection. */
const rawExchange = (bytes, { via = nginx, ...options } = {}) => via.raw(bytes, options);
const upstreamActivity = () => upstreams.activity();
/** A log file of the plain nginx. */
const readLog = (name) => nginx.readLog(name);

before(async () => {
  if (SKIP) return;
  assert.ok(fs.existsSync(PKG_WASM), 'www/pkg is missing: run `npm run build` first');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-relay-'));
  fs.chmodSync(tmp, 0o755);
  // A copy of www/ plus one page that uses the element with the relay: the only difference is
  // the attribute a docs site adds. Nothing test-only goes into www/ itself.
  const www = withRelayPage(tmp);

  upstreams = await startUpstreams();
  ({ fake, hostile } = upstreams);
  // The docs page: frames whatever ?src= names, with the permission the copy buttons need.
  fs.mkdirSync(path.join(tmp, 'docs'));
  fs.writeFileSync(
    path.join(tmp, 'docs', 'docs.html'),
    `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A docs page on another origin</title></head>
<body><h1>Set up Jira in Tines</h1>
<iframe id="tool" title="Jira credential for Tines" allow="clipboard-write" width="1000" height="1600"></iframe>
<script>
  window.__messages = [];
  addEventListener('message', (e) => window.__messages.push(String(e.data)));
  document.getElementById('tool').src = new URLSearchParams(location.search).get('src');
</script>
</body></html>
`,
  );
  docs = await serveStatic(path.join(tmp, 'docs'));
  docs.origin = `http://localhost:${docs.port}`; // another host than nginx's 127.0.0.1: another site, too
  nginx = await startNginx({ name: 'plain', tmp, www, upstreams });
  tuned = await startNginx({
    name: 'tuned',
    tmp,
    www,
    upstreams,
    modules: [HEADERS_MORE, NJS].filter(Boolean),
    setup(shipped) {
      // What README.md tells an operator to do: link the optional includes into relay-enabled/.
      const enabled = path.join(shipped, 'relay-enabled');
      fs.mkdirSync(enabled);
      const link = (file) => fs.symlinkSync(`../${file}`, path.join(enabled, file));
      if (HEADERS_MORE) link('tines-jira-relay-headers-more.conf');
      if (NJS) link('tines-jira-relay-njs.conf');
      // The one framing setting (tines-jira-framing.conf), as README.md says to set it.
      const framing = path.join(shipped, 'tines-jira-framing.conf');
      const text = fs.readFileSync(framing, 'utf8');
      const edited = text.replace(/^(\s*default\s+)"'self'";/m, `$1"'self' ${docs.origin}";`);
      assert.notEqual(edited, text, 'tines-jira-framing.conf has its default "\'self\'" line');
      fs.writeFileSync(framing, edited);
    },
  });
});

after(async () => {
  await browser?.close().catch(() => {});
  await nginx?.stop();
  await tuned?.stop();
  await docs?.close();
  await upstreams?.close();
  if (tmp && !process.env.TJC_KEEP_RELAY_TMP) fs.rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// The page through the relay, in headless Chromium

const SCENARIOS = PAGE_SCENARIOS;

describe('the page through the relay (fake Jira refuses CORS)', { skip: SKIP }, () => {
  let context;

  before(async () => {
    browser = await launchBrowser({ fakePort: fake.port });
    context = await newContext(browser);
    // A cookie of the docs site: it must never reach Atlassian.
    await context.addCookies([{ name: 'docs_session', value: 'docs-site-session-cookie', url: nginx.origin }]);
  });
  after(async () => {
    await context?.close();
  });

  const check = (file, inputs) => checkInPage(context, `${nginx.origin}/${file}`, inputs);

  for (const s of SCENARIOS) {
    test(`with the relay: ${s.name}`, async () => {
      // The browser is one visitor, and the scenarios may ask more questions in all than the
      // relay's burst: before each one that runs on nginx only, wait until its cap (one request
      // every interval) has room again for its questions.
      if (s.notOnEveryRelay) await new Promise((resolve) => setTimeout(resolve, s.asked.length * relayCap().intervalMs));
      fake.clear();
      const run = await check('relay.html', s);
      const relayed = assertPageScenario(s, run, { origin: nginx.origin, fake });
      // What the relay's foreign-site check sees from the page: Sec-Fetch-Site same-origin, and
      // no Origin (a same-origin GET carries none) or the page's own.
      for (const r of relayed) {
        assert.equal(r.headers['sec-fetch-site'], 'same-origin', r.url);
        assert.ok([undefined, nginx.origin].includes(r.headers.origin), `Origin: ${r.headers.origin}`);
      }
      // Only Authorization and Accept from the browser, a fixed User-Agent, no cookie, origin,
      // referrer or browser fingerprint.
      for (const r of fake.requests) {
        const names = Object.keys(r.headers).sort();
        const allowed = ['accept', 'authorization', 'connection', 'host', 'user-agent'];
        assert.deepEqual(names.filter((n) => !allowed.includes(n)), [], `extra headers upstream: ${names}`);
        assert.equal(r.headers['user-agent'], 'tines-jira-credential-relay');
        assert.equal(r.headers.accept, 'application/json');
      }
      const expected = s.asked;
      assert.equal(fake.connections, expected.length, 'one upstream connection per relayed request');
    });
  }

  test('without the relay the same inputs end in blocked-by-browser', async () => {
    for (const s of SCENARIOS) {
      fake.clear();
      const { outcome, text, via, recorder } = await check('index.html', s);
      assert.equal(outcome, 'blocked-by-browser', `${s.name}: ${text}`);
      assert.equal(via, 'direct');
      // The browser did go to "Jira" (the fake), which refused CORS.
      const host = 'acme.atlassian.net';
      assert.ok(recorder.requestsTo(host).length + fake.requestsTo(host).length > 0, `${s.name}: nothing reached the fake`);
      assert.equal(recorder.requests.filter((r) => new URL(r.url).pathname.startsWith(`${PREFIX}/`)).length, 0);
    }
  });
});

describe('the upstream cannot steer nginx: X-Accel-* is ignored', { skip: SKIP }, () => {
  // nginx obeys these headers from any upstream unless told not to (ngx_http_proxy_module,
  // proxy_ignore_headers). A hostile answer to /myself could otherwise make nginx re-run the relay
  // (one more request with the token each time), serve one of the site's own files or one of the
  // relay's named locations at the relay URL, or throttle and re-encode the answer.
  const target = `${PREFIX}/hostile.atlassian.net${MYSELF}`;
  const CASES = [
    ['X-Accel-Redirect', target, "to the relay's own /myself (a loop: one more upstream request with the token each round)"],
    ['X-Accel-Redirect', '/index.html', 'to a file of the page'],
    ['X-Accel-Redirect', '@tjc_relay_404', 'to a named location'],
    ['X-Accel-Limit-Rate', '100', 'throttled to 100 bytes a second'],
    ['X-Accel-Charset', 'koi8-r', 'a charset to recode into'],
    ['X-Accel-Buffering', 'no', 'unbuffered'],
    ['X-Accel-Expires', '@1', 'a cache lifetime'],
  ];

  for (const [name, value, why] of CASES) {
    test(`${name}: ${value} (${why}): one upstream request, and its own answer`, async () => {
      // Long enough that 100 bytes a second would take half a minute.
      const own = JSON.stringify({ own: `the upstream answer with ${name}`, padding: 'x'.repeat(3000) });
      hostile.answerWith((req, res) => {
        res.writeHead(200, { 'Content-Type': 'application/json', [name]: value });
        res.end(own);
      });
      try {
        const before = hostile.requests.length;
        const started = Date.now();
        const res = await ask(target, { headers: { Authorization: JANE_AUTH }, timeout: 5000 });
        const took = Date.now() - started;
        assert.deepEqual(hostile.requests.slice(before).map((r) => r.url), [MYSELF], 'exactly one upstream request');
        assert.equal(res.status, 200, res.body.slice(0, 200));
        assert.equal(res.body, own, "the upstream's own answer");
        assert.equal(res.headers['content-type'], 'application/json');
        assert.equal(res.headers[name.toLowerCase()], undefined, `${name} reached the browser`);
        assert.equal(res.headers['cache-control'], 'no-store');
        assert.ok(took < 3000, `took ${took} ms`);
      } finally {
        hostile.answerWith();
      }
    });
  }
});

// Credentials and a cookie that only the malformed requests below carry: the logs test looks for
// them in every log file of every nginx.
const LOG_PAIRS = [
  ['first.duplicate@example.com', makeToken('log-secret-duplicate-a')],
  ['second.duplicate@example.com', makeToken('log-secret-duplicate-b')],
  ['nul.in.value@example.com', makeToken('log-secret-nul')],
  ['cr.in.value@example.com', makeToken('log-secret-cr')],
  ['lf.in.value@example.com', makeToken('log-secret-lf')],
  ['folded.value@example.com', makeToken('log-secret-folded')],
  ['huge.header@example.com', makeToken('log-secret-huge')],
];
const LOG_COOKIE = 'tenant.session.token=log-secret-cookie-value-' + 'c'.repeat(40);
const LOG_PATH_TOKEN = makeToken('log-secret-in-the-path');
const b64 = ([email, token]) => Buffer.from(`${email}:${token}`).toString('base64');

describe("requests nginx's own parser refuses leave no secret in any log", { skip: SKIP }, () => {
  const line = (target) => `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n`;
  const [dupA, dupB, nul, cr, lf, folded, huge] = LOG_PAIRS.map(b64);
  const CASES = [
    ['a duplicate Authorization header', `${line(`${J}${MYSELF}`)}Authorization: Basic ${dupA}\r\nAuthorization: Basic ${dupB}\r\n\r\n`],
    ['a NUL in the Authorization value', `${line(`${J}${MYSELF}`)}Authorization: Basic ${nul}\0x\r\n\r\n`],
    ['a bare CR in the Authorization value', `${line(`${J}${MYSELF}`)}Authorization: Basic ${cr}\rx\r\n\r\n`],
    ['a trailing LF and a line that is no header', `${line(`${J}${MYSELF}`)}Authorization: Basic ${lf}\n\0\r\n\r\n`],
    ['a folded (obs-fold) Authorization value', `${line(`${J}${MYSELF}`)}Authorization: Basic\r\n ${folded}\r\n\r\n`],
    ['a 9 KiB Authorization header', `${line(`${J}${MYSELF}`)}Authorization: Basic ${b64([LOG_PAIRS[6][0], LOG_PAIRS[6][1] + ' '.repeat(6900)])}\r\n\r\n`],
    ['a 12 KiB Cookie header', `${line(`${J}${MYSELF}`)}Cookie: ${LOG_COOKIE}; filler=${'f'.repeat(12 * 1024)}\r\n\r\n`],
    ['a token in a path nginx rejects (%00)', `${line(`${J}/%00/${LOG_PATH_TOKEN}`)}\r\n`],
    ['a token in the path of a static file that is not there', `${line(`/${LOG_PATH_TOKEN}`)}\r\n`],
    ['a token in the query of a relayed target', `${line(`${J}/_edge/tenant_info?token=${LOG_PATH_TOKEN}`)}\r\n`],
  ];

  for (const instance of ['plain', 'tuned']) {
    test(`${instance}: each is refused (4xx) before any upstream connection, and the logs hold none of it`, async () => {
      const via = instance === 'plain' ? nginx : tuned;
      for (const [why, request] of CASES) {
        const before = upstreamActivity();
        const answer = await rawExchange(request, { via });
        const [status] = statusesIn(answer);
        assert.ok(status >= 400 && status < 500, `${why}: ${answer.slice(0, 80)}`);
        assert.deepEqual(upstreamActivity(), before, `${why} reached an upstream`);
      }
      const secrets = [LOG_COOKIE.split('=')[1], LOG_PATH_TOKEN, LOG_PATH_TOKEN.slice(0, 32), 'Basic '];
      for (const pair of LOG_PAIRS) secrets.push(pair[1], pair[1].slice(0, 32), b64(pair).slice(0, 32), b64(pair).slice(-24, -4));
      for (const file of ['error.log', 'static-access.log', 'relay-access.log']) {
        const text = via.readLog(file);
        for (const secret of secrets) assert.ok(!text.includes(secret), `${instance} ${file} holds ${JSON.stringify(secret.slice(0, 16))}…`);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// The page's own files

describe('framed by a docs page on another origin (tines-jira-framing.conf)', { skip: SKIP }, () => {
  let context;
  before(async () => {
    browser ??= await launchBrowser({ fakePort: fake.port });
    context = await newContext(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  });
  after(async () => {
    await context?.close();
  });

  /** The docs page framing `src`; resolves the page, the frame, and what the console said. */
  async function openDocs(src) {
    const page = await context.newPage();
    const consoleText = [];
    page.on('console', (m) => consoleText.push(m.text()));
    await page.goto(`${docs.origin}/docs.html?src=${encodeURIComponent(src)}`);
    await page.waitForFunction(() => document.getElementById('tool').src !== '');
    await page.waitForLoadState('load');
    return { page, consoleText, frame: page.frameLocator('#tool') };
  }

  test('allowed by the setting: the flow works in the frame, copy works, and the docs page cannot reach the frame', async () => {
    const src = `${tuned.origin}/relay.html`;
    // The header carries the setting.
    const head = await ask('/relay.html', { via: tuned });
    assert.match(head.headers['content-security-policy'], new RegExp(`frame-ancestors 'self' ${docs.origin}$`));

    fake.clear();
    const { page, frame } = await openDocs(src);
    try {
      await frame.locator('tines-jira-credential .tjc:not([hidden])').waitFor({ timeout: 15_000 });
      for (const [field, value] of Object.entries({ site: 'acme.atlassian.net', email: JANE.email })) {
        await frame.locator(`#${field}`).fill(value);
        await frame.locator(`#${field}`).blur();
      }
      // The outputs appear as soon as site, email and name are valid (name="Jira" on the page).
      const metadata = frame.locator('[data-output="metadata"] pre');
      await metadata.waitFor({ state: 'visible', timeout: 10_000 });
      const shown = await metadata.textContent();
      assert.ok(shown.includes('acme.atlassian.net') && shown.includes(JANE.email), shown);

      // Copy, with the parent's allow="clipboard-write": the button says so, and the clipboard
      // (read back on the docs page, which is allowed to) holds exactly what the frame shows.
      await page.evaluate(() => navigator.clipboard.writeText('(stale)'));
      const copy = frame.locator('[data-copy="metadata"]');
      await copy.click();
      assert.equal(await waitForClipboard(page, (t) => t !== '(stale)'), shown);
      assert.match(await copy.innerText(), /Copied/);

      // The check goes through the relay from inside the frame: same-origin to nginx.
      await frame.locator('#token').fill(JANE.token);
      await frame.locator('#token').blur();
      await frame.locator('#check:not([disabled])').click();
      const result = frame.locator('[data-result][data-outcome]');
      await result.waitFor({ timeout: 20_000 });
      assert.equal(await result.getAttribute('data-outcome'), 'verified', await result.textContent());
      assert.deepEqual(fake.requests.map((r) => `${r.host}${r.url}`), [`acme.atlassian.net${MYSELF}`, `acme.atlassian.net${PERMISSIONS}`]);

      // The docs page's own script gets nothing: no document, no location, no message.
      const reach = await page.evaluate(() => {
        const iframe = document.getElementById('tool');
        const attempt = (f) => {
          try {
            return { value: String(f()) };
          } catch (e) {
            return { threw: e.name };
          }
        };
        return {
          contentDocument: iframe.contentDocument === null ? null : 'a document',
          document: attempt(() => iframe.contentWindow.document.body.innerHTML),
          element: attempt(() => frames[0].document.querySelector('tines-jira-credential').shadowRoot.innerHTML),
          location: attempt(() => iframe.contentWindow.location.href),
          messages: window.__messages,
        };
      });
      assert.equal(reach.contentDocument, null);
      assert.deepEqual(reach.document, { threw: 'SecurityError' });
      assert.deepEqual(reach.element, { threw: 'SecurityError' });
      assert.deepEqual(reach.location, { threw: 'SecurityError' });
      assert.ok(!JSON.stringify(reach.messages).includes(JANE.token), 'a message to the docs page held the token');
    } finally {
      await page.close();
    }
  });

  test("by default ('self'), the browser refuses to show the tool in another site's frame", async () => {
    const head = await ask('/relay.html', { from: ADDR.static });
    assert.match(head.headers['content-security-policy'], /frame-ancestors 'self'$/);
    const { page, consoleText } = await openDocs(`${nginx.origin}/relay.html`);
    try {
      const deadline = Date.now() + 10_000;
      while (!consoleText.some((t) => /frame-ancestors/.test(t)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(consoleText.some((t) => /"frame-ancestors 'self'"/.test(t)), consoleText.join('\n'));
      const child = page.frames().find((f) => f !== page.mainFrame());
      assert.equal(await child.evaluate(() => document.querySelector('tines-jira-credential')), null, 'the tool was shown');
    } finally {
      await page.close();
    }
  });
});

describe('serving www/', { skip: SKIP }, () => {
  const metaCsp = (html) => /<meta http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1];
  const directives = (policy) => policy.split(';').map((d) => d.trim()).filter(Boolean).sort();

  test('each page gets its <meta> Content-Security-Policy as a header too, plus frame-ancestors', async () => {
    const pages = fs.readdirSync(WWW).filter((f) => f.endsWith('.html'));
    assert.ok(pages.includes('index.html'));
    for (const file of pages) {
      const res = await ask(`/${file}`, { from: ADDR.static });
      assert.equal(res.status, 200, file);
      const meta = metaCsp(res.body);
      assert.ok(meta, `${file} has no CSP meta`);
      assert.deepEqual(directives(res.headers['content-security-policy']), directives(`${meta}; frame-ancestors 'self'`), file);
      assert.equal(res.headers['content-type'], 'text/html; charset=utf-8');
    }
    const root = await ask('/', { from: ADDR.static });
    assert.equal(root.status, 200);
    assert.deepEqual(directives(root.headers['content-security-policy']), directives(`${metaCsp(root.body)}; frame-ancestors 'self'`));
  });

  test('types, caching and methods', async () => {
    const wasm = await ask('/pkg/tines_jira_credential_bg.wasm', { from: ADDR.static });
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers['content-type'], 'application/wasm', 'exactly application/wasm, no parameters');
    const js = await ask('/tines-jira-credential.js', { from: ADDR.static });
    assert.equal(js.headers['content-type'], 'text/javascript; charset=utf-8');
    const css = await ask('/tines-jira-credential.css', { from: ADDR.static });
    assert.equal(css.headers['content-type'], 'text/css; charset=utf-8');
    for (const r of [wasm, js, css]) {
      assert.equal(r.headers['cache-control'], 'no-cache');
      assert.ok(r.headers.etag, 'revalidation needs an ETag');
      assert.equal(r.headers['x-content-type-options'], 'nosniff');
      assert.equal(r.headers['referrer-policy'], 'no-referrer');
    }
    // The build's gzip -9 copy is sent as it is (gzip_static): its exact length, not a chunked
    // stream compressed on the fly.
    for (const file of ['pkg/tines_jira_credential_bg.wasm', 'pkg/tines_jira_credential_live_bg.wasm', 'pkg/tines-jira-credential.js']) {
      const gz = await ask(`/${file}`, { from: ADDR.static, headers: { 'Accept-Encoding': 'gzip' } });
      assert.equal(gz.headers['content-encoding'], 'gzip', file);
      assert.equal(Number(gz.headers['content-length']), fs.statSync(path.join(WWW, `${file}.gz`)).size, `${file}: the .gz copy as it is`);
    }
    const again = await ask('/pkg/tines_jira_credential_bg.wasm', { from: ADDR.static, headers: { 'If-None-Match': wasm.headers.etag } });
    assert.equal(again.status, 304);
    const post = await ask('/index.html', { from: ADDR.static, method: 'POST', body: 'x' });
    assert.equal(post.status, 403);
  });
});

// ---------------------------------------------------------------------------------------------
// The shipped files

describe('the shipped configuration', { skip: SKIP }, () => {
  const shipped = () => fs.readdirSync(DEPLOY).filter((f) => f.endsWith('.conf'));

  test('has no test hooks, resolves names normally and verifies certificates', () => {
    for (const f of shipped()) {
      const text = fs.readFileSync(path.join(DEPLOY, f), 'utf8').replace(/#.*$/gm, '');
      assert.doesNotMatch(text, /^\s*upstream\s/m, `${f} defines an upstream group`);
      assert.doesNotMatch(text, /127\.0\.0\.1|localhost|@[A-Z_]+@/, `${f} points at this machine`);
      assert.doesNotMatch(text, /proxy_ssl_verify\s+off/, f);
      assert.doesNotMatch(text, /\$remote_user|\$http_authorization\s*['"]|\$http_cookie/, `${f} may log a secret`);
    }
    // Every error_log is at warn or above: info logs refused header lines, debug every header.
    for (const f of shipped()) {
      const text = fs.readFileSync(path.join(DEPLOY, f), 'utf8').replace(/#.*$/gm, '');
      for (const m of text.matchAll(/^\s*error_log\s+([^;]*);/gm)) {
        assert.match(m[1], /\s(warn|error|crit|alert|emerg)$/, `${f}: error_log ${m[1]}`);
      }
      assert.doesNotMatch(text, /debug_connection/, f);
    }
    const local = fs.readFileSync(path.join(DEPLOY, 'tines-jira-local.conf'), 'utf8');
    assert.match(local, /^resolver\s+\S+/m);
    assert.match(local, /^proxy_ssl_trusted_certificate\s+\/etc\/ssl\/certs\/ca-certificates\.crt;/m);
    const location = fs.readFileSync(path.join(DEPLOY, 'tines-jira-relay-location.conf'), 'utf8');
    for (const d of ['proxy_ssl_verify on;', 'proxy_ssl_server_name on;', 'proxy_ssl_name $tjc_relay_host;', 'proxy_connect_timeout 5s;', 'proxy_read_timeout 15s;', 'proxy_pass_request_headers off;', 'proxy_hide_header Set-Cookie;', 'limit_req_status 429;',
      'proxy_ignore_headers X-Accel-Redirect X-Accel-Expires X-Accel-Limit-Rate X-Accel-Buffering X-Accel-Charset;']) {
      assert.ok(location.includes(d), `missing: ${d}`);
    }
  });

  test('the complete example server (tines-jira-relay.conf) passes nginx -t with only its site-specific lines changed', async () => {
    const dir = path.join(tmp, 'example');
    const conf = path.join(dir, 'tines-jira');
    fs.mkdirSync(path.join(dir, 'logs'), { recursive: true });
    fs.cpSync(DEPLOY, conf, { recursive: true });
    const [p443, p80] = [await freePort(), await freePort()];
    const site = (text) =>
      text
        .replaceAll('/var/log/nginx/', `${dir}/logs/`)
        .replaceAll('/etc/letsencrypt/live/docs.example.com/fullchain.pem', fake.certPath)
        .replaceAll('/etc/letsencrypt/live/docs.example.com/privkey.pem', fake.keyPath)
        .replaceAll('/srv/tines-jira-credential/www', path.join(tmp, 'www'))
        .replace(/^\s*listen \[::\]:.*$/gm, '')
        .replace('listen 443 ssl http2;', `listen 127.0.0.1:${p443} ssl http2;`)
        .replace('listen 80;', `listen 127.0.0.1:${p80};`);
    for (const f of ['tines-jira-relay.conf', 'tines-jira-local.conf']) {
      fs.writeFileSync(path.join(conf, f), site(fs.readFileSync(path.join(conf, f), 'utf8')));
    }
    fs.writeFileSync(
      path.join(dir, 'nginx.conf'),
      `${process.getuid?.() === 0 ? 'user root;' : ''}\npid ${dir}/nginx.pid;\nevents {}\nhttp {\n` +
        ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `  ${t}_temp_path ${dir}/${t};\n`).join('') +
        `  access_log ${dir}/logs/access.log;\n  include tines-jira/tines-jira-relay.conf;\n}\n`,
    );
    const r = spawnSync(NGINX, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'logs', 'error.log')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /syntax is ok/);
  });
});

// ---------------------------------------------------------------------------------------------
// Last: the logs after everything above

describe('logs', { skip: SKIP }, () => {
  test("nginx's access and error logs never contain a token, its Basic form or the email", async () => {
    // A refusal and the rate cap, so that both logs hold a line of each kind to check.
    assert.equal((await ask(`${PREFIX}/evil.example${MYSELF}`, { headers: { Authorization: JANE_AUTH } })).status, 404);
    const from = freshAddress();
    const burst = await Promise.all(Array.from({ length: relayCap().burst + 2 }, () => ask(`${J}/_edge/tenant_info`, { from })));
    assert.ok(burst.some((r) => r.status === 429), 'the cap limited the burst');
    await nginx.stop(); // flush
    await tuned.stop();
    const logs = { relay: readLog('relay-access.log'), static: readLog('static-access.log'), error: readLog('error.log') };
    for (const file of ['relay-access.log', 'static-access.log', 'error.log']) logs[`tuned ${file}`] = tuned.readLog(file);
    assert.match(logs.static, /"\(refused\)" 400 /, 'requests refused by nginx itself are logged without their request line');
    assert.ok(logs.relay.includes('"GET acme.atlassian.net/rest/api/3/myself" 200'), 'the relay log records relayed targets');
    assert.ok(logs.relay.includes('(refused)'), 'and refusals');
    assert.match(logs.error, /limiting requests/, 'the error log is in use (at the shipped level)');

    const secrets = [];
    const pairs = [
      [JANE.email, JANE.token],
      [JANE.email, WRONG_TOKEN],
      [SCOPED.email, SCOPED.token],
      [behaviourEmail('rate-limited'), TEST_TOKEN],
      [behaviourEmail('captcha'), TEST_TOKEN],
    ];
    for (const [email, token] of pairs) {
      const b64 = Buffer.from(`${email}:${token}`).toString('base64');
      secrets.push(token, token.slice(0, 32), token.slice(-40), b64, b64.slice(0, 32), b64.slice(-40), email);
    }
    for (const pair of LOG_PAIRS) secrets.push(pair[1], b64(pair).slice(0, 32), pair[0]);
    secrets.push('Basic ', 'docs-site-session-cookie', LOG_COOKIE.split('=')[1], LOG_PATH_TOKEN);
    for (const [name, text] of Object.entries(logs)) {
      for (const secret of secrets) {
        assert.ok(!text.includes(secret), `the ${name} log contains ${secret.slice(0, 12)}…`);
      }
    }
  });
});
