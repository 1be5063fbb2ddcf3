// Every relay, started the same way and asked the same way, so that one list of cases
// (cases.mjs) runs against all of them:
//
//   nginx    Debian's nginx with the SHIPPED files of deploy/nginx/ (relay.test.mjs says how);
//            `tuned` with what deploy/nginx/README.md lets an operator turn on.
//   workerd  Cloudflare's runtime through miniflare, running deploy/cloudflare/worker.mjs with
//            www/ as static assets and the rate-limiting binding, as wrangler.toml configures it.
//   deno     Deno running deploy/netlify/edge-functions/jira-relay.js behind Deno.serve.
//
// Each relay gets its own upstreams: a fake Jira that refuses CORS, a second fake whose
// certificate no relay trusts, and a hostile HTTPS server that answers whatever a test sets. No
// relay reaches the internet: nginx through upstream groups named like the Atlassian hosts,
// workerd through miniflare's outboundService (which sees every fetch the Worker makes), Deno
// through HTTPS_PROXY, a CONNECT proxy here that only knows those hosts (and DENO_CERT, which
// trusts only the fake's certificate).
//
// A relay object: { name, port, origin, upstreams, ask(target, options), traits, logs(), stop() }.
// `traits` are what differs between runtimes for reasons outside the relay's code, each with why.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import zlib from 'node:zlib';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startFakeJira, CLOUD_ID } from '../e2e/fake-jira.mjs';
import { DC_HOST } from '../e2e/fake-data-center.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const WWW = path.join(ROOT, 'www');
export const DEPLOY = path.join(ROOT, 'deploy', 'nginx');
export const PREFIX = '/jira-relay';
export const MYSELF = '/rest/api/3/myself';
export const RELAY_WASM = path.join(ROOT, 'deploy', 'edge', 'pkg', 'tines_jira_relay_bg.wasm');

export const NGINX = ['/usr/sbin/nginx', '/usr/local/sbin/nginx', '/usr/local/nginx/sbin/nginx'].find((p) => fs.existsSync(p)) ??
  (spawnSync('sh', ['-c', 'command -v nginx'], { encoding: 'utf8' }).stdout.trim() || null);
const MODULE_DIR = '/usr/lib/nginx/modules';
export const HEADERS_MORE = [path.join(MODULE_DIR, 'ngx_http_headers_more_filter_module.so')].find((p) => fs.existsSync(p)) ?? null;
export const NJS = [path.join(MODULE_DIR, 'ngx_http_js_module.so')].find((p) => fs.existsSync(p)) ?? null;
/** nginx's version as major + minor / 1000 (1.22.1 is 1.022). */
export const NGINX_VERSION = (() => {
  const m = NGINX && /nginx\/(\d+)\.(\d+)/.exec(spawnSync(NGINX, ['-v'], { encoding: 'utf8' }).stderr);
  return m ? Number(m[1]) + Number(m[2]) / 1000 : 0;
})();
/** The Deno binary that the npm package `deno` ships (its bin script only starts this). */
export const DENO = [path.join(ROOT, 'node_modules', '@deno', 'linux-x64-glibc', 'deno'), path.join(ROOT, 'node_modules', '.bin', 'deno')].find((p) => fs.existsSync(p)) ?? null;

let lastAddress = 10;
/** A loopback address no request has used yet: a fresh rate budget (Linux routes all of 127/8 to lo). */
export const freshAddress = () => `127.0.0.${++lastAddress % 250 + 2}`;

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port, what, alive = () => true) {
  const deadline = Date.now() + 20_000;
  for (;;) {
    assert.ok(alive(), `${what} exited before it listened`);
    const up = await new Promise((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (up) return;
    assert.ok(Date.now() < deadline, `${what} did not listen on ${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function render(template, values) {
  let text = fs.readFileSync(template, 'utf8');
  for (const [k, v] of Object.entries(values)) text = text.split(`@${k}@`).join(String(v));
  assert.doesNotMatch(text, /@[A-Z_]+@/, `unfilled placeholder in ${path.basename(template)}`);
  return text;
}

// ---------------------------------------------------------------------------------------------
// Upstreams

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
    'Content-Security-Policy': 'default-src *',
    'Cache-Control': 'public, max-age=31536000',
    'Link': '<https://evil.example/x.js>; rel=preload; as=script',
    'NEL': '{"report_to":"default","max_age":31536000}',
    'Report-To': '{"group":"default","max_age":31536000,"endpoints":[{"url":"https://evil.example/r"}]}',
    'Retry-After': '12',
    'X-Authentication-Denied-Reason': 'CAPTCHA_CHALLENGE; login-url=https://hostile.atlassian.net/login.jsp',
  };
  if (req.url === MYSELF) {
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
export async function startHostile(certPem, keyPath) {
  const requests = [];
  let answer = hostileDefault;
  const open = new Set();
  const server = https.createServer({ cert: certPem, key: fs.readFileSync(keyPath) }, (req, res) => {
    requests.push({ method: req.method, url: req.url, headers: { ...req.headers } });
    req.resume();
    answer(req, res);
  });
  let connections = 0;
  server.on('secureConnection', () => connections++);
  server.on('connection', (s) => {
    open.add(s);
    s.on('close', () => open.delete(s));
  });
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
        for (const s of open) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * One relay's upstreams: `fake` (CORS refused, as Jira Cloud), `untrusted` (a certificate no relay
 * trusts), `hostile`; `hosts` maps each Atlassian host name a test uses to its port.
 */
export async function startUpstreams() {
  const fake = await startFakeJira({ cors: 'refuse' });
  const untrusted = await startFakeJira({ cors: 'refuse' });
  const hostile = await startHostile(fake.certPem, fake.keyPath);
  const hosts = {
    'acme.atlassian.net': fake.port,
    'nosite-gone.atlassian.net': fake.port,
    'acme.jira.com': fake.port,
    'api.atlassian.com': fake.port,
    'hostile.atlassian.net': hostile.port,
    'untrusted.atlassian.net': untrusted.port,
    // The fake Data Center (tests/e2e/fake-data-center.mjs), for relays deployed for it.
    [DC_HOST]: fake.port,
  };
  return {
    fake,
    untrusted,
    hostile,
    hosts,
    certPath: fake.certPath,
    /** Upstream activity of every server a relay could reach. */
    activity: () => ({
      fakeTls: fake.connections,
      fakeTcp: fake.tcpConnections,
      fakeRequests: fake.requests.length,
      hostile: hostile.connections + hostile.requests.length,
      untrustedTcp: untrusted.tcpConnections,
    }),
    async close() {
      await hostile.close();
      await untrusted.close();
      await fake.close();
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Asking a relay

/**
 * One request to a relay, exactly as written (Node sends the target unnormalised), from a chosen
 * loopback address. Resolves { status, headers, body }.
 */
export function askRelay(relay, target, { method = 'GET', headers = {}, from, body, timeout = 25_000 } = {}) {
  from ??= freshAddress();
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: relay.port, localAddress: from, method, path: target, headers: { ...relay.clientHeaders(from), ...headers }, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        // A runtime may compress its answer for a client that offered it (workerd does), as a
        // browser would be answered; decode it as a browser would.
        const decode = { gzip: zlib.gunzipSync, br: zlib.brotliDecompressSync, deflate: zlib.inflateSync }[res.headers['content-encoding']] ?? ((b) => b);
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: decode(Buffer.concat(chunks)).toString('utf8') }));
      },
    );
    // A deadline for the whole answer, not only for a silent socket: a trickle counts too.
    const deadline = setTimeout(() => req.destroy(new Error(`${relay.name}: timeout after ${timeout} ms: ${method} ${target}`)), timeout);
    req.on('close', () => clearTimeout(deadline));
    req.on('error', reject);
    req.end(body);
  });
}

/** The status codes in a run of raw HTTP/1.1 answers (a body need not end in a newline). */
export const statusesIn = (text) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));

/**
 * Bytes written to a relay as they are, on one connection from a chosen loopback address; resolves
 * the bytes it sent back once it closes the connection (or after `wait` ms of silence). With
 * `answers`, the connection stays open (a half-closed client counts as gone: the relay could drop
 * the requests still waiting for the upstream) until that many answers have begun.
 */
export function rawExchange(relay, bytes, { from = freshAddress(), wait = 3000, answers } = {}) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    const socket = net.connect({ host: '127.0.0.1', port: relay.port, localAddress: from }, () =>
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

function relayObject({ name, kind, port, upstreams, traits, logs, stop, clientHeaders = () => ({}) }) {
  let stopped = null;
  const once = () => (stopped ??= stop());
  const relay = { name, kind, port, origin: `http://127.0.0.1:${port}`, upstreams, traits, logs, stop: once, clientHeaders };
  relay.ask = (target, options) => askRelay(relay, target, options);
  relay.raw = (bytes, options) => rawExchange(relay, bytes, { ...options });
  return relay;
}

// ---------------------------------------------------------------------------------------------
// nginx

/** The level of the one error_log directive in a shipped file: the tests log at exactly that. */
export function shippedErrorLogLevel(file) {
  const text = fs.readFileSync(path.join(DEPLOY, file), 'utf8').replace(/#.*$/gm, '');
  const levels = [...text.matchAll(/^\s*error_log\s+\S+\s+(\w+)\s*;/gm)].map((m) => m[1]);
  assert.equal(levels.length, 1, `${file} has one error_log with a level`);
  return levels[0];
}

/**
 * One nginx, in a folder of its own under `tmp` (its conf/, logs and temp files), serving the
 * SHIPPED includes from deploy/nginx/ verbatim and `www` as the page. `setup(shippedDir)` may then
 * do what an operator does to a copy of the folder (link an optional include, edit the one framing
 * setting); `modules` are load_module lines for the main nginx.conf.
 */
export async function startNginx({ name = 'nginx', tmp, www, upstreams, modules = [], setup, traits = {} } = {}) {
  const port = await freePort();
  const dir = path.join(tmp, name.replace(/\W+/g, '-'));
  const conf = path.join(dir, 'conf');
  const shipped = path.join(conf, 'tines-jira');
  fs.mkdirSync(shipped, { recursive: true });
  for (const f of fs.readdirSync(DEPLOY).filter((f) => f.endsWith('.conf') || f.endsWith('.js'))) {
    fs.copyFileSync(path.join(DEPLOY, f), path.join(shipped, f));
  }
  // The one swapped include.
  assert.ok(fs.existsSync(path.join(shipped, 'tines-jira-local.conf')));
  fs.copyFileSync(upstreams.certPath, path.join(dir, 'fake-jira-cert.pem'));
  const values = {
    TMP: dir,
    PORT: port,
    WWW: www,
    FAKE_PORT: upstreams.fake.port,
    FAKE_CERT: path.join(dir, 'fake-jira-cert.pem'),
    HOSTILE_PORT: upstreams.hostile.port,
    UNTRUSTED_PORT: upstreams.untrusted.port,
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

  const readLog = (file) => {
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
  await waitForPort(port, `nginx (${name})`, () => exited === null);
  const stop = async () => {
    if (exited !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
  };
  const relay = relayObject({
    name,
    kind: 'nginx',
    port,
    upstreams,
    stop,
    logs: () => ({ 'relay-access.log': readLog('relay-access.log'), 'static-access.log': readLog('static-access.log'), 'error.log': readLog('error.log'), stderr }),
    traits: {
      // nginx checks the raw request target ($request_uri), so it sees `..` and `%2e` as sent.
      seesRawTarget: true,
      // Only the tuned nginx, with the headers-more module, has an allow-list of response headers.
      strictAnswerHeaders: false,
      // nginx writes `Connection: close` upstream itself (proxy_set_header Connection "close").
      platformHeadersUp: ['connection'],
      // nginx 1.23 and later join repeated header lines in $http_* (so the strict value maps
      // refuse them); nginx 1.22 shows the configuration only the first line, and needs the njs
      // include (deploy/nginx/README.md, "Optional parts").
      seesRepeatedHeaders: NGINX_VERSION >= 1.023,
      seesRepeatedHeadersWhy: `nginx ${NGINX_VERSION} as shipped sees only the first of repeated lines; the njs include covers it`,
      ...traits,
    },
  });
  return Object.assign(relay, { dir, readLog, exited: () => exited });
}

// ---------------------------------------------------------------------------------------------
// workerd (miniflare)

/** Headers of a Node response as a Fetch Headers, repeated ones (Set-Cookie) kept apart. */
function fetchHeaders(rawHeaders) {
  const headers = new Headers();
  for (let i = 0; i < rawHeaders.length; i += 2) headers.append(rawHeaders[i], rawHeaders[i + 1]);
  return headers;
}

/**
 * Cloudflare's runtime, workerd, through miniflare, with deploy/cloudflare/worker.mjs configured as
 * deploy/cloudflare/wrangler.toml configures it, read by wrangler's own reader
 * (unstable_getMiniflareWorkerOptions, what `wrangler dev` hands miniflare): its compatibility
 * date and flags and its rate-limiting binding as they are, www/ as assets (binding ASSETS; the
 * folder a test's copy of www/), the relay's wasm imported as a compiled module. Every fetch the Worker makes goes
 * to `outboundService`, which sends it over HTTPS to the upstream of that host name and verifies
 * the certificate against the fake's (so the untrusted fake fails, as it would in workerd).
 */
export async function startWorkerd({ name = 'workerd', upstreams, www = WWW, dataCenter }) {
  const { Miniflare } = await import('miniflare');
  const { workerOptions } = await wranglerWorkerOptions();
  const ca = fs.readFileSync(upstreams.certPath);
  // Connections to an upstream are pooled, as workerd pools its own (per host name and port).
  const agent = new https.Agent({ keepAlive: true, ca });
  let output = '';
  const port = await freePort();
  const outbound = (request) =>
    new Promise((resolve, reject) => {
      const url = new URL(request.url);
      const upstreamPort = upstreams.hosts[url.hostname];
      // A connection that breaks: miniflare turns a thrown error into a 500 answer for the
      // Worker, so the failure is a body that errors, which the Worker reads as a network error.
      const fail = () =>
        resolve(new Response(new ReadableStream({ pull: (c) => c.error(new Error('connection failed')) }), { status: 502 }));
      if (url.protocol !== 'https:' || !upstreamPort) return fail();
      const req = https.request(
        {
          host: '127.0.0.1',
          port: upstreamPort,
          servername: url.hostname,
          ca,
          method: request.method,
          path: url.pathname + url.search,
          headers: Object.fromEntries(request.headers),
          agent,
        },
        (res) => {
          const nullBody = [204, 205, 304].includes(res.statusCode);
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () =>
            resolve(new Response(nullBody ? null : Buffer.concat(chunks), { status: res.statusCode, headers: fetchHeaders(res.rawHeaders) })),
          );
          res.on('error', fail);
        },
      );
      req.on('error', fail);
      req.end();
    });
  const mf = new Miniflare({
    modules: true,
    scriptPath: path.join(ROOT, 'deploy', 'cloudflare', 'worker.mjs'),
    modulesRoot: path.join(ROOT, 'deploy'),
    // wrangler bundles with esbuild, which reads .js as ES modules and imports .wasm as a compiled
    // WebAssembly.Module (its default rules); miniflare is told the same.
    modulesRules: [
      { type: 'ESModule', include: ['**/*.js', '**/*.mjs'] },
      { type: 'CompiledWasm', include: ['**/*.wasm'] },
    ],
    compatibilityDate: workerOptions.compatibilityDate,
    compatibilityFlags: workerOptions.compatibilityFlags,
    assets: { directory: www, binding: workerOptions.assets.binding, routerConfig: { has_user_worker: true } },
    ratelimits: workerOptions.ratelimits,
    // wrangler.toml's [vars]: the one Jira Data Center base, when this relay is deployed for one.
    bindings: dataCenter ? { JIRA_DC_BASE_URL: dataCenter } : {},
    outboundService: outbound,
    host: '127.0.0.1',
    port,
    handleRuntimeStdio(stdout, stderr) {
      stdout.on('data', (d) => (output += d));
      stderr.on('data', (d) => (output += d));
    },
  });
  await mf.ready;
  return relayObject({
    name,
    kind: 'workerd',
    port,
    upstreams,
    stop: async () => {
      await mf.dispose();
      agent.destroy();
    },
    logs: () => ({ 'workerd output': output }),
    // Cloudflare's edge sets CF-Connecting-IP to the visitor's address and overwrites any a visitor
    // sends; in front of miniflare this harness plays that edge.
    clientHeaders: (from) => ({ 'CF-Connecting-IP': from }),
    traits: {
      // workerd parses the request URL (WHATWG URL) before the Worker runs: `..` and `%2e%2e`
      // segments are already resolved in request.url, so the handler never sees them.
      seesRawTarget: false,
      strictAnswerHeaders: true,
      // Every subrequest of a Worker carries CF-Worker (the zone that made it); Cloudflare adds it.
      // `connection` is this harness's: outboundService sends on with Node's https client.
      platformHeadersUp: ['cf-worker', 'connection'],
      // miniflare's outboundService is a Node function: when it cannot connect, the Worker gets a
      // 5xx answer rather than a network error (a thrown error becomes a 500; an erroring body,
      // an empty one). The relay passes that answer on with its own headers. Deno, with a real
      // network error, checks the relay's own 502 for the same handler.
      failedConnectionIsAnAnswer: true,
    },
  });
}

/**
 * deploy/cloudflare/wrangler.toml as wrangler itself reads it for miniflare:
 * { workerOptions: { compatibilityDate, compatibilityFlags, ratelimits, assets, ... }, main, ... }.
 */
export async function wranglerWorkerOptions() {
  const { unstable_getMiniflareWorkerOptions } = await import('wrangler');
  const options = unstable_getMiniflareWorkerOptions(path.join(ROOT, 'deploy', 'cloudflare', 'wrangler.toml'));
  assert.ok(options.workerOptions.ratelimits?.JIRA_RELAY_RATE_LIMIT, 'wrangler.toml has the rate-limiting binding');
  return options;
}

// ---------------------------------------------------------------------------------------------
// Deno

/**
 * A CONNECT proxy that tunnels only to the named hosts' upstreams (anything else: 502, nothing
 * opened), so Deno's outgoing HTTPS reaches the fakes with TLS end to end.
 */
async function startConnectProxy(hosts) {
  const tunnels = [];
  const server = net.createServer((client) => {
    client.once('data', (head) => {
      const m = /^CONNECT ([^\s:]+):(\d+) HTTP\/1\.[01]\r\n/.exec(head.toString('latin1'));
      const port = m && m[2] === '443' ? hosts[m[1]] : undefined;
      if (!port) {
        client.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      tunnels.push(m[1]);
      const upstream = net.connect(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        upstream.pipe(client);
        client.pipe(upstream);
      });
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, tunnels, close: () => new Promise((r) => server.close(() => r())) };
}

/**
 * Deno serving deploy/netlify/edge-functions/jira-relay.js (tests/relay/deno-serve.mjs gives it
 * Netlify's `context.ip`: the connection's address). Its fetch goes through the CONNECT proxy and
 * trusts only the fake's certificate.
 */
export async function startDeno({ name = 'deno', upstreams, tmp, dataCenter }) {
  assert.ok(DENO, 'the deno npm package is not installed (npm ci)');
  const proxy = await startConnectProxy(upstreams.hosts);
  const port = await freePort();
  let output = '';
  const child = spawn(
    DENO,
    ['run', '--no-prompt', '--allow-net', '--allow-env=PORT,JIRA_DC_BASE_URL', path.join(HERE, 'deno-serve.mjs')],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        PATH: process.env.PATH,
        HOME: tmp,
        DENO_DIR: path.join(tmp, 'deno-dir'),
        DENO_NO_UPDATE_CHECK: '1',
        NO_COLOR: '1',
        PORT: String(port),
        HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`,
        DENO_CERT: upstreams.certPath,
        ...(dataCenter ? { JIRA_DC_BASE_URL: dataCenter } : {}),
      },
    },
  );
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = null;
  child.on('exit', (code) => (exited = code));
  await waitForPort(port, `deno (${name}): ${output}`, () => exited === null);
  return relayObject({
    name,
    kind: 'deno',
    port,
    upstreams,
    stop: async () => {
      if (exited === null) {
        const gone = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      }
      await proxy.close();
    },
    logs: () => ({ 'deno output': output }),
    traits: {
      // Deno.serve hands the handler the request target as sent (request.url is not re-parsed).
      seesRawTarget: true,
      strictAnswerHeaders: true,
      // Deno's fetch sends these unless a request sets them, with fixed values (not the
      // visitor's: the forwarding case checks): `Accept-Encoding: gzip, br` and
      // `Accept-Language: *`.
      platformHeadersUp: ['accept-encoding', 'accept-language'],
    },
  });
}

// ---------------------------------------------------------------------------------------------
// The page through a relay

/**
 * A copy of www/ in `tmp` plus relay.html: index.html with the element's relay attribute, the one
 * thing a docs site adds. Nothing test-only goes into www/ itself. Returns the copy's path.
 */
export function withRelayPage(tmp) {
  const www = path.join(tmp, 'www');
  fs.cpSync(WWW, www, { recursive: true });
  const index = fs.readFileSync(path.join(WWW, 'index.html'), 'utf8');
  const relayed = index.replace(/<tines-jira-credential\b/, `<tines-jira-credential relay="${PREFIX}"`);
  assert.notEqual(relayed, index, 'index.html has no <tines-jira-credential> element');
  fs.writeFileSync(path.join(www, 'relay.html'), relayed);
  return www;
}

/**
 * Opens `url` in a new page of `context`, types the four fields as a person would leave them,
 * presses Check with Jira and resolves { outcome, text, via, recorder } once a verdict shows.
 */
export async function checkInPage(context, url, { email, token }) {
  const { makeRecorder } = await import('../e2e/harness.mjs');
  const page = await context.newPage();
  const recorder = makeRecorder(page);
  await page.goto(url);
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
