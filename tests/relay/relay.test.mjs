// The same-origin relay (deploy/nginx/) in Debian's nginx, in front of the fake Jira over HTTPS.
//
//   node --test tests/relay/          (needs nginx, Chromium and `npm run build` for www/pkg)
//
// nginx runs the SHIPPED includes from deploy/nginx/ verbatim, composed by a test-only main
// nginx.conf (nginx.test.conf); the one shipped file swapped out is tines-jira-local.conf (resolver,
// CA bundle, log file), for tines-jira-local.test.conf (the fake's certificate, no resolver). Test-only
// upstream groups named like the Atlassian hosts (tines-jira-upstreams.test.conf) send the relay to
// the fake on 127.0.0.1; the relay still verifies the fake's certificate for each name.
//
// The fake refuses CORS throughout, as Jira Cloud does: the page's check succeeds through the relay
// and ends in blocked-by-browser without it.
//
// Two nginx run side by side: `nginx` (plain) with the shipped files as they are, and `tuned` with
// what deploy/nginx/README.md lets an operator turn on: the optional includes linked into
// relay-enabled/ (those whose modules are installed) and a docs origin in tines-jira-framing.conf.
// A hostile HTTPS upstream answers with whatever a test sets (answerWith), and a docs page on
// another origin (localhost, served by Node) frames the tool.
//
// The rate cap is per client address, so each group of tests talks to nginx from its own loopback
// address (127.0.0.1 is the browser's, 127.0.0.2 and up are Node's): one group's requests do not use
// up another's budget.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import net from 'node:net';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startFakeJira, JANE, SCOPED, TEST_TOKEN, CLOUD_ID, makeToken, behaviourEmail } from '../e2e/fake-jira.mjs';
import { launchBrowser, newContext, makeRecorder, serveStatic } from '../e2e/harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const WWW = path.join(ROOT, 'www');
const DEPLOY = path.join(ROOT, 'deploy', 'nginx');
const PKG_WASM = path.join(WWW, 'pkg', 'tines_jira_credential_bg.wasm');
const PREFIX = '/jira-relay';

const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'].find((p) => fs.existsSync(p)) ??
  (spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim() || null);
const SKIP = NGINX ? false : 'nginx is not installed (CI installs it: `apt-get install nginx`); the relay tests need it';

// Optional nginx modules the shipped files can use (Debian's packages put them here).
const MODULE_DIR = '/usr/lib/nginx/modules';
const HEADERS_MORE = [path.join(MODULE_DIR, 'ngx_http_headers_more_filter_module.so')].find((p) => fs.existsSync(p)) ?? null;
const NJS = [path.join(MODULE_DIR, 'ngx_http_js_module.so')].find((p) => fs.existsSync(p)) ?? null;
/** nginx's version as major + minor / 1000 (1.22.1 is 1.022). */
const NGINX_VERSION = (() => {
  const m = NGINX && /nginx\/(\d+)\.(\d+)/.exec(spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr);
  return m ? Number(m[1]) + Number(m[2]) / 1000 : 0;
})();
const SKIP_HEADERS_MORE = SKIP || (HEADERS_MORE ? false : 'ngx_http_headers_more_filter_module is not installed (`apt-get install libnginx-mod-http-headers-more-filter`)');

/** The level of the one error_log directive in a shipped file: the tests log at exactly that. */
function shippedErrorLogLevel(file) {
  const text = fs.readFileSync(path.join(DEPLOY, file), 'utf8').replace(/#.*$/gm, '');
  const levels = [...text.matchAll(/^\s*error_log\s+\S+\s+(\w+)\s*;/gm)].map((m) => m[1]);
  assert.equal(levels.length, 1, `${file} has one error_log with a level`);
  return levels[0];
}

const WRONG_TOKEN = makeToken('not-the-right-token');
const basic = (email, token) => `Basic ${Buffer.from(`${email}:${token}`, 'utf8').toString('base64')}`;
const JANE_AUTH = basic(JANE.email, JANE.token);

// Browser: 127.0.0.1. Node groups: one loopback address each (Linux routes all of 127/8 to lo).
const ADDR = Object.freeze({ abuse: '127.0.0.2', static: '127.0.0.4' });
let lastAddress = 10;
/** A loopback address no test has used yet: a fresh rate budget. */
const freshAddress = () => `127.0.0.${++lastAddress}`;

let tmp;
let fake; // the fake Jira: CORS refused
let untrusted; // a second fake whose certificate nginx does not trust
let hostile; // an HTTPS upstream that answers with hostile headers
let nginx; // the shipped files as they are: { child, port, origin, readLog, ... }
let tuned; // the shipped files with what an operator may turn on: the headers-more allow-list
let browser;
let docs; // a docs site on an origin of its own (localhost:<port>), whose page frames the tool

// ---------------------------------------------------------------------------------------------
// Setup

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

function render(template, values) {
  let text = fs.readFileSync(template, 'utf8');
  for (const [k, v] of Object.entries(values)) text = text.split(`@${k}@`).join(String(v));
  assert.doesNotMatch(text, /@[A-Z_]+@/, `unfilled placeholder in ${path.basename(template)}`);
  return text;
}

/** What the hostile upstream answers unless a test says otherwise: everything a relay must strip. */
function hostileDefault(req, res) {
  const common = {
    'Content-Type': 'application/json;charset=UTF-8',
    'Set-Cookie': ['atlassian.xsrf.token=abc; Path=/; Secure', 'tenant.session.token=SECRET; Path=/; HttpOnly'],
    'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
    'Alt-Svc': 'h3=":443"; ma=86400',
    'Clear-Site-Data': '"cookies", "storage"',
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Credentials': 'true',
    'Content-Security-Policy': "default-src *",
    'Cache-Control': 'public, max-age=31536000',
    'Link': '<https://evil.example/x.js>; rel=preload; as=script',
    'NEL': '{"report_to":"default","max_age":31536000}',
    'Report-To': '{"group":"default","max_age":31536000,"endpoints":[{"url":"https://evil.example/r"}]}',
    'Retry-After': '12',
    'X-Authentication-Denied-Reason': 'CAPTCHA_CHALLENGE; login-url=https://hostile.atlassian.net/login.jsp',
  };
  if (req.url === '/rest/api/3/myself') {
    res.writeHead(302, { ...common, Location: 'https://evil.example/steal', Refresh: '0; url=https://evil.example/' });
    res.end('{}');
  } else {
    res.writeHead(200, common);
    res.end(JSON.stringify({ cloudId: CLOUD_ID }));
  }
}

/**
 * An HTTPS server with the fake's certificate, answering with hostileDefault, or with what a test
 * sets with answerWith(fn) until it calls answerWith() again.
 */
async function startHostile(certPem, keyPath) {
  const requests = [];
  let answer = hostileDefault;
  const server = https.createServer({ cert: certPem, key: fs.readFileSync(keyPath) }, (req, res) => {
    requests.push({ method: req.method, url: req.url, headers: { ...req.headers } });
    req.resume();
    answer(req, res);
  });
  let connections = 0;
  server.on('secureConnection', () => connections++);
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: server.address().port,
    requests,
    answerWith(fn) {
      answer = fn ?? hostileDefault;
    },
    get connections() {
      return connections;
    },
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

/**
 * One nginx, in a folder of its own under tmp (its conf/, logs and temp files), serving the SHIPPED
 * includes from deploy/nginx/ verbatim. `setup(shippedDir)` may then do what an operator does to a
 * copy of the folder (link an optional include, edit the one framing setting); `modules` are
 * load_module lines for the main nginx.conf.
 */
async function startNginx({ name = 'plain', modules = [], setup } = {}) {
  const port = await freePort();
  const dir = path.join(tmp, name);
  const conf = path.join(dir, 'conf');
  const shipped = path.join(conf, 'tines-jira');
  fs.mkdirSync(shipped, { recursive: true });
  for (const f of fs.readdirSync(DEPLOY).filter((f) => f.endsWith('.conf') || f.endsWith('.js'))) {
    fs.copyFileSync(path.join(DEPLOY, f), path.join(shipped, f));
  }
  // The one swapped include.
  assert.ok(fs.existsSync(path.join(shipped, 'tines-jira-local.conf')));
  const values = {
    TMP: dir,
    PORT: port,
    WWW: path.join(tmp, 'www'),
    FAKE_PORT: fake.port,
    FAKE_CERT: path.join(tmp, 'fake-jira-cert.pem'),
    HOSTILE_PORT: hostile.port,
    UNTRUSTED_PORT: untrusted.port,
    MODULES: modules.map((m) => `load_module ${m};`).join('\n'),
    // Logging as shipped: the example server's level for what nginx refuses before it picks a
    // location, the relay include's level for the relay location.
    SERVER_ERROR_LOG_LEVEL: shippedErrorLogLevel('tines-jira-relay.conf'),
    RELAY_ERROR_LOG_LEVEL: shippedErrorLogLevel('tines-jira-local.conf'),
    // nginx started as root would run its workers as nobody, who cannot read the temp folder.
    USER: process.getuid?.() === 0 ? 'user root;' : '',
  };
  fs.writeFileSync(path.join(shipped, 'tines-jira-local.conf'), render(path.join(HERE, 'tines-jira-local.test.conf'), values));
  fs.writeFileSync(path.join(conf, 'tines-jira-upstreams.test.conf'), render(path.join(HERE, 'tines-jira-upstreams.test.conf'), values));
  fs.writeFileSync(path.join(conf, 'nginx.conf'), render(path.join(HERE, 'nginx.test.conf'), values));
  await setup?.(shipped);

  const logs = (file) => {
    try {
      return fs.readFileSync(path.join(dir, file), 'utf8');
    } catch {
      return '';
    }
  };
  const args = ['-p', dir, '-c', path.join(conf, 'nginx.conf'), '-e', path.join(dir, 'error.log')];
  const check = spawnSync(NGINX, [...args, '-t'], { encoding: 'utf8' });
  assert.equal(check.status, 0, `nginx -t failed (${name}):\n${check.stderr}`);
  assert.doesNotMatch(check.stderr, /\[warn\]/, `nginx -t warns (${name})`);

  const child = spawn(NGINX, [...args, '-g', 'daemon off;'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  let exited = null;
  child.on('exit', (code) => (exited = code));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (exited !== null) assert.fail(`nginx (${name}) exited (${exited}):\n${stderr}\n${logs('error.log')}`);
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) break;
    if (Date.now() > deadline) assert.fail(`nginx (${name}) did not listen on ${port}:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return { name, child, port, dir, origin: `http://127.0.0.1:${port}`, exited: () => exited, readLog: logs };
}

async function stopNginx(instance) {
  if (!instance || instance.exited() !== null) return;
  const gone = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.kill('SIGTERM');
  await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
}

/** A log file of the plain nginx. */
const readLog = (name) => nginx.readLog(name);

/**
 * One request to nginx, exactly as written (Node sends the path unnormalised), from a chosen
 * loopback address. Resolves { status, headers, body }.
 */
function ask(target, { method = 'GET', headers = {}, from, body, via = nginx, timeout = 20_000 } = {}) {
  from ??= freshAddress();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: via.port, localAddress: from, method, path: target, headers, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    // A deadline for the whole answer, not only for a silent socket: a trickle counts too.
    const deadline = setTimeout(() => req.destroy(new Error(`timeout after ${timeout} ms: ${method} ${target}`)), timeout);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Bytes written to nginx as they are, on one connection from a chosen loopback address; resolves
 * the bytes nginx sent back once it closes the connection (or after `wait` ms of silence). With
 * `answers`, the connection stays open (a half-closed client counts as gone: nginx would drop
 * the requests still waiting for the upstream) until that many answers have begun.
 */
function rawExchange(bytes, { via = nginx, from = freshAddress(), wait = 3000, answers } = {}) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const socket = net.connect({ host: '127.0.0.1', port: via.port, localAddress: from }, () =>
      answers ? socket.write(bytes) : socket.end(bytes),
    );
    socket.setTimeout(wait, () => socket.destroy());
    socket.on('data', (c) => {
      chunks.push(c);
      // The last answer's body follows its status line at once: give it a moment, then close.
      if (answers && statusesIn(Buffer.concat(chunks).toString('latin1')).length >= answers) setTimeout(() => socket.destroy(), 200);
    });
    socket.on('error', (e) => (e.code === 'ECONNRESET' ? undefined : reject(e)));
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
  });
}

/** The status codes in a run of raw HTTP/1.1 answers (a body need not end in a newline). */
const statusesIn = (text) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));

/** Upstream activity of every server nginx could reach. */
function upstreamActivity() {
  return {
    fakeTls: fake.connections,
    fakeTcp: fake.tcpConnections,
    fakeRequests: fake.requests.length,
    hostile: hostile.connections + hostile.requests.length,
    untrustedTcp: untrusted.tcpConnections,
  };
}

before(async () => {
  if (SKIP) return;
  assert.ok(fs.existsSync(PKG_WASM), 'www/pkg is missing: run `npm run build` first');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-relay-'));
  fs.chmodSync(tmp, 0o755);
  // A copy of www/ plus one page that uses the element with the relay: the only difference is
  // the attribute a docs site adds. Nothing test-only goes into www/ itself.
  fs.cpSync(WWW, path.join(tmp, 'www'), { recursive: true });
  const index = fs.readFileSync(path.join(WWW, 'index.html'), 'utf8');
  const relayed = index.replace(/<tines-jira-credential\b/, `<tines-jira-credential relay="${PREFIX}"`);
  assert.notEqual(relayed, index, 'index.html has no <tines-jira-credential> element');
  fs.writeFileSync(path.join(tmp, 'www', 'relay.html'), relayed);

  fake = await startFakeJira({ cors: 'refuse' });
  untrusted = await startFakeJira({ cors: 'refuse' });
  hostile = await startHostile(fake.certPem, fake.keyPath);
  fs.copyFileSync(fake.certPath, path.join(tmp, 'fake-jira-cert.pem'));
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
  nginx = await startNginx();
  tuned = await startNginx({
    name: 'tuned',
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
  await stopNginx(nginx);
  await stopNginx(tuned);
  await docs?.close();
  await hostile?.close();
  await untrusted?.close();
  await fake?.close();
  if (tmp && !process.env.TJC_KEEP_RELAY_TMP) fs.rmSync(tmp, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// The page through the relay, in headless Chromium

const SCENARIOS = [
  { name: 'a working token is verified', email: JANE.email, token: JANE.token, outcome: 'verified', account: 'Jane Doe' },
  { name: 'a wrong token is rejected', email: JANE.email, token: WRONG_TOKEN, outcome: 'rejected', status: 401 },
  { name: "Jira's rate limit is passed through", email: behaviourEmail('rate-limited'), token: TEST_TOKEN, outcome: 'rate-limited', status: 429 },
  { name: 'a service account is checked on the scoped route', email: SCOPED.email, token: SCOPED.token, outcome: 'verified', account: 'Tines bot', scoped: true },
];

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

  async function check(file, { email, token }) {
    const page = await context.newPage();
    const recorder = makeRecorder(page);
    await page.goto(`${nginx.origin}/${file}`);
    await page.locator('tines-jira-credential .tjc:not([hidden])').waitFor();
    for (const [field, value] of Object.entries({ site: 'acme.atlassian.net', email, token, name: 'Jira Prod' })) {
      await page.locator(`#${field}`).fill(value);
      await page.locator(`#${field}`).blur();
    }
    const via = await page.evaluate(() => document.querySelector('tines-jira-credential').shadowRoot.querySelector('[data-route]')?.dataset.via);
    await page.locator('#check:not([disabled])').click();
    const result = page.locator('[data-result][data-outcome]');
    await result.waitFor({ timeout: 20_000 });
    const outcome = await result.getAttribute('data-outcome');
    const text = await result.textContent();
    await recorder.settle();
    await page.close();
    return { outcome, text, via, recorder };
  }

  for (const s of SCENARIOS) {
    test(`with the relay: ${s.name}`, async () => {
      fake.clear();
      const { outcome, text, via, recorder } = await check('relay.html', s);
      assert.equal(outcome, s.outcome, text);
      assert.equal(via, 'relay');
      if (s.account) assert.ok(text.includes(s.account), text);
      if (s.status) assert.ok(text.includes(`HTTP ${s.status}`), text);

      // The browser talked to its own origin only: no cross-origin call, so no CORS.
      const foreign = recorder.requests.filter((r) => new URL(r.url).origin !== nginx.origin);
      assert.deepEqual(foreign.map((r) => r.url), []);
      const relayed = recorder.requests.filter((r) => new URL(r.url).pathname.startsWith(`${PREFIX}/`));
      const expected = s.scoped
        ? [`${PREFIX}/acme.atlassian.net/_edge/tenant_info`, `${PREFIX}/api.atlassian.com/ex/jira/${CLOUD_ID}/rest/api/3/myself`]
        : [`${PREFIX}/acme.atlassian.net/rest/api/3/myself`];
      assert.deepEqual(relayed.map((r) => new URL(r.url).pathname), expected);
      // What the relay's foreign-site check sees from the page: Sec-Fetch-Site same-origin, and
      // no Origin (a same-origin GET carries none) or the page's own.
      for (const r of relayed) {
        assert.equal(r.headers['sec-fetch-site'], 'same-origin', r.url);
        assert.ok([undefined, nginx.origin].includes(r.headers.origin), `Origin: ${r.headers.origin}`);
      }

      // What the fake Jira received: GETs to the right hosts, only Authorization (to /myself) and
      // Accept from the browser, no cookie, origin, referrer or browser fingerprint.
      const seen = fake.requests.map((r) => `${r.method} ${r.host}${r.url}`);
      assert.deepEqual(
        seen,
        s.scoped
          ? ['GET acme.atlassian.net/_edge/tenant_info', `GET api.atlassian.com/ex/jira/${CLOUD_ID}/rest/api/3/myself`]
          : ['GET acme.atlassian.net/rest/api/3/myself'],
      );
      for (const r of fake.requests) {
        const names = Object.keys(r.headers).sort();
        const allowed = ['accept', 'authorization', 'connection', 'host', 'user-agent'];
        assert.deepEqual(names.filter((n) => !allowed.includes(n)), [], `extra headers upstream: ${names}`);
        assert.equal(r.headers['user-agent'], 'tines-jira-credential-relay');
        assert.equal(r.headers.accept, 'application/json');
        if (r.url.endsWith('/myself')) assert.equal(r.headers.authorization, basic(s.email, s.token));
        else assert.equal(r.headers.authorization, undefined, 'tenant_info gets no token');
      }
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

// ---------------------------------------------------------------------------------------------
// Abuse, straight at nginx

// Every one of these gets a 4xx from nginx itself and opens no upstream connection.
const J = `${PREFIX}/acme.atlassian.net`;
const MYSELF = '/rest/api/3/myself';
const SCOPED_MYSELF = `${PREFIX}/api.atlassian.com/ex/jira/${CLOUD_ID}${MYSELF}`;
const REFUSED_TARGETS = [
  // other hosts
  [`${PREFIX}/evil.example${MYSELF}`, 'another host'],
  [`${PREFIX}/acme.atlassian.com${MYSELF}`, 'an atlassian.com host'],
  [`${PREFIX}/id.atlassian.com${MYSELF}`, 'id.atlassian.com'],
  [`${PREFIX}/api.atlassian.com${MYSELF}`, 'the gateway with a site path'],
  [`${PREFIX}/acme.atlassian.net.evil.example${MYSELF}`, 'a suffix attack'],
  [`${PREFIX}/evilatlassian.net${MYSELF}`, 'a look-alike domain'],
  [`${PREFIX}/a.b.atlassian.net${MYSELF}`, 'two labels'],
  [`${PREFIX}/atlassian.net${MYSELF}`, 'no site label'],
  [`${PREFIX}/ab.atlassian.net${MYSELF}`, 'a 2-character site'],
  [`${PREFIX}/${'a'.repeat(64)}.atlassian.net${MYSELF}`, 'an over-long (64) label'],
  [`${PREFIX}/${'a'.repeat(300)}.atlassian.net${MYSELF}`, 'a very long host'],
  [`${PREFIX}/-acme.atlassian.net${MYSELF}`, 'a leading hyphen'],
  [`${PREFIX}/acme-.atlassian.net${MYSELF}`, 'a trailing hyphen'],
  [`${PREFIX}/ACME.atlassian.net${MYSELF}`, 'upper case'],
  [`${PREFIX}/acme.atlassian.net.${MYSELF}`, 'a trailing dot'],
  [`${PREFIX}/localhost${MYSELF}`, 'localhost'],
  // user-info, ports, IP literals
  [`${PREFIX}/jane@acme.atlassian.net${MYSELF}`, 'user-info'],
  [`${PREFIX}/acme.atlassian.net@evil.example${MYSELF}`, 'user-info pointing elsewhere'],
  [`${PREFIX}/acme.atlassian.net:443${MYSELF}`, 'a port'],
  [`${PREFIX}/acme.atlassian.net:8443${MYSELF}`, 'another port'],
  [`${PREFIX}/127.0.0.1${MYSELF}`, 'an IPv4 literal'],
  [`${PREFIX}/169.254.169.254/latest/meta-data/`, 'cloud metadata'],
  [`${PREFIX}/[::1]${MYSELF}`, 'an IPv6 literal'],
  [`${PREFIX}/2130706433${MYSELF}`, 'a decimal IP'],
  // other paths
  [`${J}/rest/api/3/user?accountId=1`, 'another endpoint'],
  [`${J}/rest/api/3/search`, 'another endpoint, no query'],
  [`${J}/rest/api/2/myself`, 'API v2'],
  [`${J}${MYSELF}/`, 'a trailing slash'],
  [`${J}${MYSELF}x`, 'a longer path'],
  [`${J}/_edge/tenant_info/x`, 'below tenant_info'],
  [`${J}/`, 'the site root'],
  [`${J}`, 'the bare host'],
  [`${PREFIX}/`, 'the bare prefix'],
  [`${PREFIX}/api.atlassian.com/ex/jira/not-a-uuid${MYSELF}`, 'a cloudId that is no UUID'],
  [`${PREFIX}/api.atlassian.com/ex/jira/${CLOUD_ID}/rest/api/3/issue`, 'another gateway endpoint'],
  [`${PREFIX}/api.atlassian.com/ex/confluence/${CLOUD_ID}${MYSELF}`, 'another product'],
  [`${PREFIX}/api.atlassian.com/ex/jira/${CLOUD_ID}/_edge/tenant_info`, 'tenant_info on the gateway'],
  // encoded slashes and dots, "..", "//"
  [`${PREFIX}/acme.atlassian.net%2frest%2fapi%2f3%2fmyself`, '%2f'],
  [`${PREFIX}/acme.atlassian.net%2Frest/api/3/myself`, '%2F'],
  [`${PREFIX}/acme%2eatlassian.net${MYSELF}`, '%2e in the host'],
  [`${J}/rest/api/3/%6dyself`, 'any percent-encoding'],
  [`${J}/rest/api/3/../3/myself`, '..'],
  [`${J}/rest/api/3/%2e%2e/3/myself`, 'encoded ..'],
  [`${J}/./rest/api/3/myself`, '.'],
  [`${PREFIX}/evil.example/../acme.atlassian.net${MYSELF}`, '.. that normalises to an allowed target'],
  [`${PREFIX}/evil.example%2f..%2facme.atlassian.net${MYSELF}`, 'encoded .. that normalises to an allowed target'],
  [`/x/..${J}${MYSELF}`, '.. before the prefix'],
  [`${PREFIX}//acme.atlassian.net${MYSELF}`, '// after the prefix'],
  [`${J}//rest/api/3/myself`, '// in the path'],
  [`${J}\\rest\\api\\3\\myself`, 'backslashes'],
  // query strings and fragments
  [`${J}${MYSELF}?expand=groups`, 'a query string'],
  [`${J}${MYSELF}?`, 'an empty query'],
  [`${J}/_edge/tenant_info?x=1`, 'a query on tenant_info'],
  [`${SCOPED_MYSELF}?x`, 'a query on the scoped route'],
  [`${J}${MYSELF}#frag`, 'a fragment on the wire'],
];

describe('abuse: refused before any upstream connection', { skip: SKIP }, () => {
  async function refused(target, options, expected) {
    const before = upstreamActivity();
    const res = await ask(target, { from: ADDR.abuse, ...options });
    assert.ok(res.status >= 400 && res.status < 500, `${options?.method ?? 'GET'} ${target}: ${res.status} ${res.body}`);
    if (expected) assert.equal(res.status, expected, `${options?.method ?? 'GET'} ${target}`);
    assert.deepEqual(upstreamActivity(), before, `${options?.method ?? 'GET'} ${target} reached an upstream`);
    // TRACE never gets this far: nginx's request parser answers it (405) before any location.
    if (options?.method !== 'TRACE') assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['set-cookie'], undefined);
    return res;
  }

  test(`other hosts and paths, encodings, .., user-info, ports, IP literals, long hosts, queries (${REFUSED_TARGETS.length} shapes): 404`, async () => {
    for (const [target, why] of REFUSED_TARGETS) {
      const res = await refused(target, { headers: { Authorization: JANE_AUTH, Accept: 'application/json' } });
      // nginx rejects a few shapes as malformed requests (400) before the relay sees them.
      assert.ok([400, 404].includes(res.status), `${why}: ${target} → ${res.status}`);
    }
  });

  test('other methods: 405 with Allow: GET, also on allowed targets', async () => {
    for (const method of ['HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE']) {
      for (const target of [`${J}${MYSELF}`, `${J}/_edge/tenant_info`, SCOPED_MYSELF]) {
        const res = await refused(target, { method, headers: { Authorization: JANE_AUTH, 'Content-Type': 'application/json' }, body: method === 'POST' || method === 'PUT' ? '{}' : undefined }, 405);
        if (method !== 'TRACE') assert.equal(res.headers.allow, 'GET', `${method} ${target}`);
      }
    }
    // A CORS preflight from another site.
    await refused(`${J}${MYSELF}`, { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' } }, 405);
  });

  test('an Authorization header that is not Basic <base64>: 400', async () => {
    for (const authorization of [
      'Bearer eyJhbGciOiJIUzI1NiJ9.e30.x',
      `Basic ${'A'.repeat(3000)}`,
      'Basic not base64!',
      'basic amFuZTp0b2tlbg==',
      `${JANE_AUTH}, Basic amFuZTp0b2tlbg==`,
      'Digest username="jane"',
    ]) {
      await refused(`${J}${MYSELF}`, { headers: { Authorization: authorization } }, 400);
    }
  });

  test('another web site driving a visitor\u2019s browser (Sec-Fetch-Site cross-site / same-site): 403', async () => {
    for (const site of ['cross-site', 'same-site']) {
      await refused(`${J}${MYSELF}`, { headers: { Authorization: JANE_AUTH, 'Sec-Fetch-Site': site, Origin: 'https://evil.example' } }, 403);
    }
  });

  test('an Origin that is not this server\u2019s own, even without Sec-Fetch-Site: 403', async () => {
    for (const via of [nginx, tuned]) {
      const port = Number(new URL(via.origin).port);
      for (const origin of ['https://evil.example', 'null', `http://127.0.0.1:${port + 1}`, `https://127.0.0.1:${port}`, `http://localhost:${port}`, `${via.origin}.evil.example`]) {
        await refused(`${J}${MYSELF}`, { via, headers: { Authorization: JANE_AUTH, Origin: origin } }, 403);
      }
      // Its own origin passes (a browser sends none on a same-origin GET; a script may).
      fake.clear();
      const own = await ask(`${J}/_edge/tenant_info`, { via, headers: { Origin: via.origin, 'Sec-Fetch-Site': 'same-origin' } });
      assert.equal(own.status, 200, `${via.name}: ${own.body}`);
    }
  });

  test('a Sec-Fetch-Site value other than same-origin or none: 403', async () => {
    for (const via of [nginx, tuned]) {
      for (const site of ['cross-site', 'same-site', 'SAME-SITE', 'same-origin, cross-site', 'same-origin cross-site', 'x']) {
        await refused(`${J}${MYSELF}`, { via, headers: { Authorization: JANE_AUTH, 'Sec-Fetch-Site': site } }, 403);
      }
      // The visitor typing the relay URL into the address bar is no other site.
      const typed = await ask(`${J}/_edge/tenant_info`, { via, headers: { 'Sec-Fetch-Site': 'none' } });
      assert.equal(typed.status, 200, `${via.name}: ${typed.body}`);
    }
  });

  test('a repeated Sec-Fetch-Site or Origin header, the harmless value first: 403', async (t) => {
    const checked = [];
    // nginx 1.23 and later join repeated header lines in $http_* (so the strict value map refuses
    // them); nginx 1.22 shows only the first line to the configuration, and needs the njs include.
    if (NGINX_VERSION >= 1.023) checked.push(nginx);
    else t.diagnostic(`nginx ${NGINX_VERSION}: as shipped it sees only the first of repeated lines; checked with the njs include only`);
    if (NJS) checked.push(tuned);
    if (!checked.length) return t.skip('needs nginx >= 1.23 or the njs module (`apt-get install libnginx-mod-http-js`)');
    for (const via of checked) {
      await refused(`${J}${MYSELF}`, { via, headers: { Authorization: JANE_AUTH, 'Sec-Fetch-Site': ['same-origin', 'cross-site'] } }, 403);
      await refused(`${J}${MYSELF}`, { via, headers: { Authorization: JANE_AUTH, 'Sec-Fetch-Site': ['same-origin', 'same-origin'] } }, 403);
      await refused(`${J}${MYSELF}`, { via, headers: { Authorization: JANE_AUTH, Origin: [via.origin, 'https://evil.example'] } }, 403);
    }
  });

  test('refusals are JSON from the relay, not HTML, and cannot run as a page', async () => {
    const res = await refused(`${PREFIX}/evil.example${MYSELF}`, {}, 404);
    assert.match(res.headers['content-type'], /^application\/json/);
    assert.equal(JSON.parse(res.body).relay, 'refused');
  });
});

// ---------------------------------------------------------------------------------------------
// What goes up, what comes back

describe('forwarding: only Authorization and Accept up, no cookies either way', { skip: SKIP }, () => {
  test('a relayed request reaches Jira with Authorization, Accept, Host and a fixed User-Agent only', async () => {
    fake.clear();
    const res = await ask(`${J}${MYSELF}`, {
      headers: {
        Authorization: JANE_AUTH,
        Accept: 'application/json',
        Cookie: 'docs_session=docs-site-session-cookie',
        Origin: nginx.origin,
        Referer: `${nginx.origin}/relay.html?secret=1`,
        'User-Agent': 'Mozilla/5.0 (fingerprint)',
        'X-Forwarded-For': '203.0.113.7',
        'X-Forwarded-Host': 'evil.example',
        'X-Real-IP': '203.0.113.7',
        Forwarded: 'for=203.0.113.7',
        'X-Atlassian-Token': 'no-check',
        'Sec-Fetch-Site': 'same-origin',
        'Accept-Language': 'en-GB',
        'If-None-Match': '"x"',
        Range: 'bytes=0-10',
      },
    });
    assert.equal(res.status, 200, res.body);
    assert.equal(JSON.parse(res.body).accountId, JANE.account.accountId);
    assert.equal(fake.requests.length, 1);
    const up = fake.requests[0];
    assert.equal(up.host, 'acme.atlassian.net');
    assert.equal(up.url, MYSELF);
    assert.deepEqual(Object.keys(up.headers).sort(), ['accept', 'authorization', 'connection', 'host', 'user-agent']);
    assert.equal(up.headers.host, 'acme.atlassian.net');
    assert.equal(up.headers.authorization, JANE_AUTH);
    assert.equal(up.headers.accept, 'application/json');
    assert.equal(up.headers['user-agent'], 'tines-jira-credential-relay');

    // Back to the browser: never stored, no cookies, the JSON as Jira sent it.
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['set-cookie'], undefined);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(res.headers['content-security-policy'], /sandbox/);
    assert.match(res.headers['content-type'], /^application\/json/);
  });

  test('tenant_info gets no Authorization even when one is sent; legacy *.jira.com and the scoped route are relayed', async () => {
    fake.clear();
    const info = await ask(`${J}/_edge/tenant_info`, { headers: { Authorization: JANE_AUTH, Accept: 'application/json' } });
    assert.equal(info.status, 200);
    assert.equal(JSON.parse(info.body).cloudId, CLOUD_ID);
    assert.equal(fake.requests[0].headers.authorization, undefined);

    const legacy = await ask(`${PREFIX}/acme.jira.com${MYSELF}`, { headers: { Authorization: JANE_AUTH } });
    assert.equal(legacy.status, 200);
    assert.equal(fake.requests[1].host, 'acme.jira.com');

    const scoped = await ask(SCOPED_MYSELF.replace(CLOUD_ID, CLOUD_ID.toUpperCase()), { headers: { Authorization: basic(SCOPED.email, SCOPED.token) } });
    // The fake knows the lower-case cloudId only; the relay passes either case (as the module does).
    assert.equal(fake.requests[2].url, `/ex/jira/${CLOUD_ID.toUpperCase()}${MYSELF}`);
    assert.ok([200, 404].includes(scoped.status));
  });

  test("Jira's answers pass through: 401, 429 with Retry-After, 404, CAPTCHA headers", async () => {
    fake.clear();
    const wrong = await ask(`${J}${MYSELF}`, { headers: { Authorization: basic(JANE.email, WRONG_TOKEN) } });
    assert.equal(wrong.status, 401);
    // Jira's Basic challenge stays behind: it would ask the browser to sign in to this site.
    assert.equal(wrong.headers['www-authenticate'], undefined);
    const limited = await ask(`${J}${MYSELF}`, { headers: { Authorization: basic(behaviourEmail('rate-limited'), TEST_TOKEN) } });
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '30');
    assert.equal(JSON.parse(limited.body).errorMessages[0], 'Rate limit exceeded.');
    const captcha = await ask(`${J}${MYSELF}`, { headers: { Authorization: basic(behaviourEmail('captcha'), TEST_TOKEN) } });
    assert.equal(captcha.status, 403);
    assert.match(captcha.headers['x-authentication-denied-reason'], /^CAPTCHA_CHALLENGE/);
    const gone = await ask(`${PREFIX}/nosite-gone.atlassian.net${MYSELF}`, { headers: { Authorization: JANE_AUTH } });
    assert.equal(gone.status, 404);
    assert.equal(JSON.parse(gone.body).errorMessage, 'Site temporarily unavailable');
    for (const r of [wrong, limited, captcha, gone]) assert.equal(r.headers['cache-control'], 'no-store');
  });

  test('hostile answers: Set-Cookie, HSTS, Location, CORS grants and the like are stripped; a redirect is not followed', async () => {
    const before = hostile.requests.length;
    const redirect = await ask(`${PREFIX}/hostile.atlassian.net${MYSELF}`, { headers: { Authorization: JANE_AUTH } });
    assert.equal(hostile.requests.length, before + 1, 'nginx followed nothing');
    assert.equal(redirect.status, 302, 'the status passes through, the module reports a redirect');
    const ok = await ask(`${PREFIX}/hostile.atlassian.net/_edge/tenant_info`);
    assert.equal(ok.status, 200);
    for (const res of [redirect, ok]) {
      for (const name of [
        'set-cookie', 'location', 'refresh', 'strict-transport-security', 'alt-svc', 'clear-site-data', 'link', 'nel', 'report-to',
        'access-control-allow-origin', 'access-control-allow-credentials',
      ]) {
        assert.equal(res.headers[name], undefined, `${name} reached the browser`);
      }
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.equal(res.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'; sandbox");
      // What the module reads still passes.
      assert.equal(res.headers['retry-after'], '12');
      assert.match(res.headers['x-authentication-denied-reason'], /CAPTCHA_CHALLENGE/);
    }
    // The hostile upstream saw no cookie either.
    assert.equal(hostile.requests.at(-1).headers.cookie, undefined);
  });

  test('an upstream whose certificate is not trusted gets no request: 502', async () => {
    const res = await ask(`${PREFIX}/untrusted.atlassian.net${MYSELF}`, { headers: { Authorization: JANE_AUTH } });
    assert.equal(res.status, 502);
    assert.equal(untrusted.requests.length, 0, 'the token went to an unverified server');
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.match(readLog('error.log'), /upstream SSL certificate verify error/);
  });

  test('a host with no upstream group in the test setup is not resolved (no resolver in the test include): 502', async () => {
    const res = await ask(`${PREFIX}/elsewhere.atlassian.net/_edge/tenant_info`);
    assert.equal(res.status, 502);
    assert.match(readLog('error.log'), /no resolver defined to resolve elsewhere\.atlassian\.net/);
  });
});

// Everything the relay may pass back from Jira, with a value each.
const ALLOWED_BACK = Object.freeze({
  'Content-Type': 'application/json;charset=UTF-8',
  'Retry-After': '12',
  'X-Authentication-Denied-Reason': 'CAPTCHA_CHALLENGE; login-url=https://hostile.atlassian.net/login.jsp',
  'X-Seraph-LoginReason': 'AUTHENTICATION_DENIED',
  'X-RateLimit-Limit': '350',
  'X-RateLimit-Remaining': '0',
  'X-RateLimit-Reset': '2026-12-01T10:00Z',
  'X-RateLimit-NearLimit': 'true',
});
// The relay's own headers, and the ones nginx writes itself.
const OWN_BACK = ['cache-control', 'x-content-type-options', 'content-security-policy', 'referrer-policy', 'cross-origin-resource-policy'];
const FRAMING_BACK = ['date', 'server', 'content-length', 'transfer-encoding', 'connection', 'keep-alive'];
// Headers a browser acts on, for this site's origin, if they come back from the relay: every one
// a red team saw pass, and the rest of their kind. A deny-list must hide all of them.
const HOSTILE_BACK = Object.freeze({
  'WWW-Authenticate': 'Basic realm="docs"',
  'Proxy-Authenticate': 'Basic realm="docs"',
  'Service-Worker-Allowed': '/',
  'Permissions-Policy': 'camera=*, microphone=*',
  'Feature-Policy': "camera *",
  'Document-Policy': 'force-load-at-top',
  'Origin-Agent-Cluster': '?0',
  'Cross-Origin-Opener-Policy': 'unsafe-none',
  'Cross-Origin-Embedder-Policy': 'unsafe-none',
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'X-Frame-Options': 'ALLOWALL',
  'Content-Disposition': 'attachment; filename=x.html',
  'Content-Location': 'https://evil.example/',
  Refresh: '0; url=https://evil.example/',
  Location: 'https://evil.example/steal',
  'Set-Cookie': ['atlassian.xsrf.token=abc; Path=/; Secure', 'tenant.session.token=SECRET; Path=/; HttpOnly'],
  'Set-Login': 'logged-in',
  Link: '<https://evil.example/x.js>; rel=preload; as=script',
  'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
  'Alt-Svc': 'h3=":443"; ma=86400',
  'Clear-Site-Data': '"cookies", "storage"',
  'Content-Security-Policy': 'default-src *',
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Allow-Credentials': 'true',
  NEL: '{"report_to":"default","max_age":31536000}',
  'Report-To': '{"group":"default","max_age":31536000,"endpoints":[{"url":"https://evil.example/r"}]}',
  'Reporting-Endpoints': 'default="https://evil.example/r"',
  'Timing-Allow-Origin': '*',
  'Origin-Trial': 'AAAA',
  'Speculation-Rules': '"/rules.json"',
  'Accept-CH': 'Sec-CH-UA-Full-Version-List',
  'X-XSS-Protection': '0',
  'X-DNS-Prefetch-Control': 'on',
  'Cache-Control': 'public, max-age=31536000',
  ETag: '"hostile"',
  'Last-Modified': 'Tue, 01 Dec 2020 00:00:00 GMT',
  SourceMap: 'https://evil.example/x.map',
  'X-AUSERNAME': 'jane.doe',
  'X-AREQUESTID': '1234',
  'X-ASESSIONID': 'session',
});
// Names nobody has defined yet: only an allow-list keeps these back.
const UNKNOWN_BACK = Object.freeze({ 'X-Tenant-Secret': 'SECRET', 'Future-Origin-Policy': 'unsafe', _Underscored: '1', '~Tilde': '1' });

describe('what comes back: only the headers the module reads, plus the relay\u2019s own', { skip: SKIP }, () => {
  async function answersWithEverything(via) {
    hostile.answerWith((req, res) => {
      res.writeHead(req.url === MYSELF ? 401 : 200, { ...ALLOWED_BACK, ...HOSTILE_BACK, ...UNKNOWN_BACK });
      res.end(JSON.stringify({ cloudId: CLOUD_ID }));
    });
    try {
      return await Promise.all([
        ask(`${PREFIX}/hostile.atlassian.net${MYSELF}`, { headers: { Authorization: JANE_AUTH }, via }),
        ask(`${PREFIX}/hostile.atlassian.net/_edge/tenant_info`, { via }),
      ]);
    } finally {
      hostile.answerWith();
    }
  }

  function assertRelayed(res) {
    for (const [name, value] of Object.entries(ALLOWED_BACK)) {
      assert.equal(res.headers[name.toLowerCase()], value, `${name} is passed on`);
    }
    assert.equal(res.headers['cache-control'], 'no-store');
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.equal(res.headers['content-security-policy'], "default-src 'none'; frame-ancestors 'none'; sandbox");
    assert.equal(res.headers['referrer-policy'], 'no-referrer');
    assert.equal(res.headers['cross-origin-resource-policy'], 'same-origin');
    for (const name of Object.keys(HOSTILE_BACK)) {
      if (['cache-control', 'content-security-policy', 'cross-origin-resource-policy'].includes(name.toLowerCase())) continue; // ours, checked above
      assert.equal(res.headers[name.toLowerCase()], undefined, `${name} reached the browser`);
    }
    assert.equal(JSON.parse(res.body).cloudId, CLOUD_ID);
  }

  test('shipped as is (no extra module): every header a browser is known to act on is hidden', async () => {
    const answers = await answersWithEverything(nginx);
    assert.deepEqual(answers.map((a) => a.status), [401, 200]);
    for (const res of answers) assertRelayed(res);
  });

  test('with the headers-more allow-list turned on: nothing else at all, not even names nobody has defined yet', { skip: SKIP_HEADERS_MORE }, async () => {
    const answers = await answersWithEverything(tuned);
    assert.deepEqual(answers.map((a) => a.status), [401, 200]);
    const expected = [...Object.keys(ALLOWED_BACK).map((n) => n.toLowerCase()), ...OWN_BACK, ...FRAMING_BACK];
    for (const res of answers) {
      assertRelayed(res);
      assert.deepEqual(Object.keys(res.headers).filter((n) => !expected.includes(n)), [], 'headers outside the allow-list');
    }
    // A header Jira does not send stays absent (not an empty one).
    const plain = await ask(`${J}/_edge/tenant_info`, { via: tuned });
    assert.equal(plain.status, 200);
    for (const name of Object.keys(ALLOWED_BACK).filter((n) => n !== 'Content-Type')) {
      assert.equal(plain.headers[name.toLowerCase()], undefined, `${name} appeared from nowhere`);
    }
    assert.match(plain.headers['content-type'], /^application\/json/);
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

describe('rate cap per client address: 10 at once, then one every 6 s', { skip: SKIP }, () => {
  const N = 40;
  const info = `${J}/_edge/tenant_info`;

  /** What reached the fake, and how many more the cap may have let through while the test ran. */
  function reachedJira(started) {
    const reached = fake.requestsTo('acme.atlassian.net', '/_edge/tenant_info').length;
    // rate=10r/m frees one slot every 6 s: a slow machine may see one more per 6 s elapsed.
    const slack = Math.floor((Date.now() - started) / 6000);
    return { reached, slack };
  }

  function assertLimited(answers) {
    for (const a of answers.filter((x) => x.status === 429)) {
      assert.equal(a.headers['retry-after'], '6');
      assert.equal(a.headers['cache-control'], 'no-store');
      assert.equal(JSON.parse(a.body).relay, 'rate-limited');
    }
  }

  test(`${N} at once from one address: 10 reach Jira, the rest get 429 with Retry-After`, async () => {
    fake.clear();
    const from = freshAddress();
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: N }, () => ask(info, { from })));
    const { reached, slack } = reachedJira(started);
    const statuses = answers.map((a) => a.status);
    assert.ok(reached >= 10 && reached <= 10 + slack, `${reached} reached Jira: ${statuses}`);
    assert.equal(statuses.filter((x) => x === 200).length, reached);
    assert.equal(statuses.filter((x) => x === 429).length, N - reached, `statuses: ${statuses}`);
    assertLimited(answers);
    // Another address still gets through: the cap is per client.
    const other = await ask(info);
    assert.equal(other.status, 200);
    assert.match(readLog('error.log'), /limiting requests/);
  });

  test(`${N} at once from one address, each with another X-Forwarded-For: still 10`, async () => {
    fake.clear();
    const from = freshAddress();
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: N }, (_, i) => ask(info, { from, headers: { 'X-Forwarded-For': `203.0.113.${i + 1}`, 'X-Real-IP': `198.51.100.${i + 1}` } })),
    );
    const { reached, slack } = reachedJira(started);
    assert.ok(reached >= 10 && reached <= 10 + slack, `${reached} reached Jira: ${answers.map((a) => a.status)}`);
    assert.equal(answers.filter((a) => a.status === 429).length, N - reached);
    assertLimited(answers);
  });

  test(`${N} pipelined on one connection: still 10`, async () => {
    fake.clear();
    const started = Date.now();
    const one = `GET ${info} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\n\r\n`;
    const answer = await rawExchange(one.repeat(N), { wait: 10_000, answers: N });
    const statuses = statusesIn(answer);
    const { reached, slack } = reachedJira(started);
    assert.equal(statuses.length, N, `nginx answered ${statuses.length} of ${N}`);
    assert.ok(reached >= 10 && reached <= 10 + slack, `${reached} reached Jira: ${statuses}`);
    assert.equal(statuses.filter((x) => x === 200).length, reached);
    assert.equal(statuses.filter((x) => x === 429).length, N - reached);
  });
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
      await page.waitForFunction(() => navigator.clipboard.readText().then((t) => t !== '(stale)'), null, { polling: 50, timeout: 5000 });
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), shown);
      assert.match(await copy.innerText(), /Copied/);

      // The check goes through the relay from inside the frame: same-origin to nginx.
      await frame.locator('#token').fill(JANE.token);
      await frame.locator('#token').blur();
      await frame.locator('#check:not([disabled])').click();
      const result = frame.locator('[data-result][data-outcome]');
      await result.waitFor({ timeout: 20_000 });
      assert.equal(await result.getAttribute('data-outcome'), 'verified', await result.textContent());
      assert.deepEqual(fake.requests.map((r) => `${r.host}${r.url}`), [`acme.atlassian.net${MYSELF}`]);

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
    await stopNginx(nginx); // flush
    await stopNginx(tuned);
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
