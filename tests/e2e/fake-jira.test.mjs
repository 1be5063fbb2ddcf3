// Tests of the fake Jira Cloud (fake-jira.mjs) and of the browser harness (harness.mjs).
// Run: node --test tests/e2e/fake-jira.test.mjs

import { test, describe, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import {
  startFakeJira,
  makeToken,
  isWellFormedToken,
  tokenChecksum,
  crc32,
  crc32Fallback,
  ACCOUNTS,
  SCOPED,
  SCOPED_JANE,
  JANE,
  TEST_TOKEN,
  CLOUD_ID,
  BEHAVIOURS,
  MESSAGES,
  REDIRECT_TARGET,
  CERT_NAMES,
  behaviourEmail,
} from './fake-jira.mjs';
import { DC_HOST, DC_TEST_TOKEN, DC_USER, makePat } from './fake-data-center.mjs';
import { serveStatic, launchBrowser, newContext, makeRecorder, chromeArgs, hostResolverRules, waitForClipboard } from './harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const basic = (email, token) => 'Basic ' + Buffer.from(`${email}:${token}`, 'utf8').toString('base64');

/** One request to the fake as a Node client: SNI + Host = `host`, the fake's cert as the only CA. */
function ask(fake, host, pathName, { method = 'GET', headers = {}, auth, timeout = 5000, servername = host } = {}) {
  return new Promise((resolve, reject) => {
    const h = { Host: host, Accept: 'application/json', ...headers };
    if (auth) h.Authorization = basic(auth[0], auth[1]);
    const req = https.request(
      { host: '127.0.0.1', port: fake.port, servername, ca: fake.certPem, method, path: pathName, headers: h, agent: false },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body;
          try {
            body = JSON.parse(text);
          } catch {
            body = undefined;
          }
          resolve({ status: res.statusCode, headers: res.headers, text, body });
        });
      },
    );
    req.setTimeout(timeout, () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })));
    req.on('error', reject);
    req.end();
  });
}

function httpGet(url, { method = 'GET', rawPath } = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: u.hostname, port: u.port, path: rawPath ?? u.pathname + u.search, method, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

// ---------------------------------------------------------------------------------------------

describe('synthetic tokens', () => {
  test('makeToken gives the current ATATT3 format with a valid CRC-32', () => {
    const t = makeToken('seed');
    assert.equal(t.length, 192);
    assert.match(t, /^ATATT3[A-Za-z0-9_-]{177}=[0-9A-F]{8}$/);
    assert.equal(t.slice(184), tokenChecksum(t.slice(0, 184)));
    assert.ok(isWellFormedToken(t));
    assert.equal(makeToken('seed'), t, 'deterministic per seed');
    assert.notEqual(makeToken('other'), t);
    assert.notEqual(makeToken(), makeToken(), 'random without a seed');
    const altered = t.slice(0, 100) + (t[100] === 'A' ? 'B' : 'A') + t.slice(101);
    assert.equal(isWellFormedToken(altered), false);
  });

  test('CRC-32 matches zlib and the IEEE check value', () => {
    assert.equal(crc32Fallback('123456789'), 0xcbf43926);
    assert.equal(crc32('123456789'), 0xcbf43926);
    for (const s of ['', 'a', makeToken('x').slice(0, 184)]) assert.equal(crc32Fallback(s), crc32(s));
  });

  test('every fixture token is distinct and well formed', () => {
    const all = [...ACCOUNTS, SCOPED, SCOPED_JANE].map((a) => a.token);
    assert.equal(new Set(all).size, all.length);
    for (const t of all) assert.ok(isWellFormedToken(t));
    assert.equal(TEST_TOKEN, JANE.token);
  });
});

describe('fake Jira over Node https', () => {
  let fake;
  before(async () => {
    fake = await startFakeJira();
  });
  after(() => fake.close());
  beforeEach(() => {
    fake.reset();
    fake.clear();
  });

  test('certificate: file on disk, self-signed, SANs for every fake host', () => {
    assert.equal(fs.readFileSync(fake.certPath, 'utf8'), fake.certPem);
    const x = new crypto.X509Certificate(fake.certPem);
    for (const n of CERT_NAMES) assert.ok(x.subjectAltName.includes(`DNS:${n}`), n);
    assert.match(x.subject, /CN=acme\.atlassian\.net/);
    assert.ok(x.verify(x.publicKey), 'self-signed');
    assert.equal(typeof fake.spki, 'string');
  });

  test('serverInfo is anonymous and says Cloud', async () => {
    for (const host of ['acme.atlassian.net', 'legacy.jira.com']) {
      const r = await ask(fake, host, '/rest/api/3/serverInfo');
      assert.equal(r.status, 200);
      assert.equal(r.body.deploymentType, 'Cloud');
      assert.equal(r.body.baseUrl, `https://${host}`);
      assert.equal(typeof r.body.version, 'string');
    }
  });

  test('tenant_info gives the cloudId without auth', async () => {
    const r = await ask(fake, 'acme.atlassian.net', '/_edge/tenant_info');
    assert.equal(r.status, 200);
    assert.deepEqual(r.body, { cloudId: CLOUD_ID });
    const other = await ask(fake, 'other.atlassian.net', '/_edge/tenant_info');
    assert.match(other.body.cloudId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(other.body.cloudId, CLOUD_ID);
    assert.equal(other.body.cloudId, fake.cloudIdFor('other.atlassian.net'));
  });

  test('/myself answers every account with its JSON', async () => {
    for (const acct of ACCOUNTS) {
      const r = await ask(fake, 'acme.atlassian.net', '/rest/api/3/myself', { auth: [acct.email, acct.token] });
      assert.equal(r.status, 200, acct.key);
      assert.equal(r.body.accountId, acct.account.accountId);
      assert.equal(r.body.self, `https://acme.atlassian.net/rest/api/3/user?accountId=${encodeURIComponent(acct.account.accountId)}`);
      assert.equal(r.body.displayName, acct.account.displayName);
      assert.equal(r.body.active, acct.account.active);
      assert.equal(r.body.accountType, acct.account.accountType);
      assert.deepEqual(r.body.emailAddress, acct.account.emailAddress);
      assert.ok(r.body.avatarUrls['48x48'] && r.body.groups && r.body.applicationRoles && r.body.timeZone && r.body.locale);
    }
    const byKey = Object.fromEntries(ACCOUNTS.map((a) => [a.key, a.account]));
    assert.equal(byKey.jane.accountId, '5b10ac8d82e05b22cc7d4ef5');
    assert.equal(byKey.jane.displayName, 'Jane Doe');
    assert.equal(byKey.inactive.active, false);
    assert.equal('emailAddress' in byKey['hidden-email'], false);
    assert.equal(byKey.app.accountType, 'app');
    assert.notEqual(byKey['email-mismatch'].emailAddress.toLowerCase(), 'sam@acme.com');
    assert.equal(byKey['email-case'].emailAddress.toLowerCase(), 'kim@acme.com');
    assert.notEqual(byKey['email-case'].emailAddress, 'kim@acme.com');
  });

  test('login email is case-insensitive; legacy *.jira.com and /rest/api/2 work', async () => {
    const r = await ask(fake, 'acme.atlassian.net', '/rest/api/3/myself', { auth: ['JANE@Acme.com', JANE.token] });
    assert.equal(r.status, 200);
    const legacy = await ask(fake, 'acme.jira.com', '/rest/api/2/myself', { auth: [JANE.email, JANE.token] });
    assert.equal(legacy.status, 200);
    assert.match(legacy.body.self, /^https:\/\/acme\.jira\.com\//);
  });

  test('wrong or missing credentials: 401 as Jira Cloud sends it', async () => {
    const cases = [
      { auth: [JANE.email, makeToken('wrong')] },
      { auth: ['nobody@acme.com', JANE.token] },
      { auth: [ACCOUNTS[1].email, JANE.token] },
      {},
      { headers: { Authorization: `Bearer ${JANE.token}` } },
    ];
    for (const c of cases) {
      const r = await ask(fake, 'acme.atlassian.net', '/rest/api/3/myself', c);
      assert.equal(r.status, 401);
      assert.equal(r.text, MESSAGES.unauthenticated);
      assert.match(r.headers['content-type'], /^text\/plain/);
      assert.equal(r.headers['www-authenticate'], 'OAuth realm="https%3A%2F%2Facme.atlassian.net"');
      assert.equal(r.headers['x-seraph-loginreason'], 'AUTHENTICATED_FAILED');
    }
  });

  test('scoped token: 401 on the site URL, 200 on api.atlassian.com, 404 for an unknown cloudId', async () => {
    const onSite = await ask(fake, 'acme.atlassian.net', '/rest/api/3/myself', { auth: [SCOPED.email, SCOPED.token] });
    assert.equal(onSite.status, 401);
    for (const acct of [SCOPED, SCOPED_JANE]) {
      const r = await ask(fake, 'api.atlassian.com', `/ex/jira/${CLOUD_ID}/rest/api/3/myself`, { auth: [acct.email, acct.token] });
      assert.equal(r.status, 200);
      assert.equal(r.body.accountId, acct.account.accountId);
      assert.match(r.body.self, new RegExp(`^https://api\\.atlassian\\.com/ex/jira/${CLOUD_ID}/`));
    }
    assert.equal(SCOPED.email, 'bot@serviceaccount.atlassian.com');
    const classic = await ask(fake, 'api.atlassian.com', `/ex/jira/${CLOUD_ID}/rest/api/3/myself`, { auth: [JANE.email, JANE.token] });
    assert.equal(classic.status, 401);
    assert.equal(classic.body.code, 401);
    const unknown = await ask(fake, 'api.atlassian.com', `/ex/jira/${crypto.randomUUID()}/rest/api/3/myself`, { auth: [SCOPED.email, SCOPED.token] });
    assert.equal(unknown.status, 404);
    assert.match(unknown.headers['content-type'], /json/);
    // Another site's cloudId is known once the site was seen (or added).
    const id = fake.addSite('beta.atlassian.net');
    const beta = await ask(fake, 'api.atlassian.com', `/ex/jira/${id}/rest/api/3/myself`, { auth: [SCOPED.email, SCOPED.token] });
    assert.equal(beta.status, 200);
  });

  test('a "nosite…" site does not exist', async () => {
    const r = await ask(fake, 'nosite-here.atlassian.net', '/rest/api/3/myself', { auth: [JANE.email, JANE.token] });
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, { errorMessage: 'Site temporarily unavailable' });
    assert.equal((await ask(fake, 'nosite.atlassian.net', '/_edge/tenant_info')).status, 404);
  });

  const EXPECT = {
    'basic-deprecated': (r) => {
      assert.equal(r.status, 401);
      assert.equal(r.text, MESSAGES.basicDeprecated);
      assert.match(r.headers['content-type'], /^text\/plain/);
      assert.equal(r.headers['x-seraph-loginreason'], 'AUTHENTICATED_FAILED');
    },
    captcha: (r) => {
      assert.equal(r.status, 403);
      assert.equal(r.headers['x-authentication-denied-reason'], 'CAPTCHA_CHALLENGE; login-url=https://acme.atlassian.net/login.jsp');
    },
    forbidden: (r) => {
      assert.equal(r.status, 403);
      assert.ok(Array.isArray(r.body.errorMessages));
      assert.equal(r.headers['x-authentication-denied-reason'], undefined);
      // Signed in: Jira names the account.
      assert.equal(r.headers['x-aaccountid'], JANE.account.accountId);
    },
    'no-sign-in': (r) => {
      assert.equal(r.status, 403);
      assert.deepEqual(r.body, { error: 'Failed to parse Connect Session Auth Token' });
      assert.equal(r.headers['x-aaccountid'], undefined);
    },
    'forbidden-page': (r) => {
      assert.equal(r.status, 403);
      assert.match(r.headers['content-type'], /^text\/html/);
      assert.equal(r.headers['x-aaccountid'], undefined);
    },
    'site-not-found': (r) => {
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { errorMessage: 'Site temporarily unavailable' });
    },
    'rate-limited': (r) => {
      assert.equal(r.status, 429);
      assert.equal(r.headers['retry-after'], '30');
    },
    'server-error': (r) => {
      assert.equal(r.status, 500);
      assert.ok(r.body.errorMessages);
    },
    'html-login': (r) => {
      assert.equal(r.status, 200);
      assert.match(r.headers['content-type'], /^text\/html/);
      assert.match(r.text, /<title>Log in with Atlassian account<\/title>/);
    },
    redirect: (r) => {
      assert.equal(r.status, 302);
      assert.equal(r.headers.location, REDIRECT_TARGET);
    },
  };

  test('every answering behaviour, chosen per request by <behaviour>@acme.com + TEST_TOKEN', async () => {
    for (const [name, check] of Object.entries(EXPECT)) {
      const r = await ask(fake, 'acme.atlassian.net', '/rest/api/3/myself', { auth: [behaviourEmail(name), TEST_TOKEN] });
      check(r);
      assert.equal(fake.requests.at(-1).behaviour, name);
    }
    // The per-request switch needs the known test token.
    const r = await ask(fake, 'acme.atlassian.net', '/rest/api/3/myself', { auth: ['rate-limited@acme.com', makeToken('nope')] });
    assert.equal(r.status, 401);
    // ...and applies on the scoped route too.
    const s = await ask(fake, 'api.atlassian.com', `/ex/jira/${CLOUD_ID}/rest/api/3/myself`, { auth: ['rate-limited@acme.com', TEST_TOKEN] });
    assert.equal(s.status, 429);
  });

  test('every answering behaviour, chosen globally with setBehaviour', async () => {
    for (const [name, check] of Object.entries(EXPECT)) {
      fake.setBehaviour(name);
      check(await ask(fake, 'acme.atlassian.net', '/rest/api/3/myself', { auth: [JANE.email, JANE.token] }));
    }
    fake.setBehaviour('rate-limited');
    assert.equal((await ask(fake, 'acme.atlassian.net', '/_edge/tenant_info')).status, 429, "scope 'all' covers every path");
    fake.setBehaviour('rate-limited', { scope: 'myself' });
    assert.equal((await ask(fake, 'acme.atlassian.net', '/_edge/tenant_info')).status, 200);
    assert.equal((await ask(fake, 'acme.atlassian.net', '/rest/api/3/myself', { auth: [JANE.email, JANE.token] })).status, 429);
    fake.reset();
    assert.equal((await ask(fake, 'acme.atlassian.net', '/rest/api/3/myself', { auth: [JANE.email, JANE.token] })).status, 200);
    assert.throws(() => fake.setBehaviour('nonsense'));
    // 'expired' and 'cloud' are the Data Center fake's (below); the Cloud fake answers as usual.
    assert.deepEqual([...BEHAVIOURS].sort(), ['ok', 'hang', 'reset', 'expired', 'cloud', ...Object.keys(EXPECT)].sort());
  });

  test('the fake Data Center: its context path, Bearer, each behaviour, and CORS for its allowlist only', async () => {
    const dc = (pathName, { token = DC_TEST_TOKEN, headers = {}, method } = {}) =>
      ask(fake, DC_HOST, pathName, { method, headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...headers } });
    fake.reset();
    const me = await dc('/jira/rest/api/2/myself');
    assert.equal(me.status, 200);
    assert.deepEqual([me.body.key, me.body.name], [DC_USER.key, DC_USER.name]);
    assert.equal(me.headers['x-ausername'], DC_USER.name);
    const perms = await dc('/jira/rest/api/2/mypermissions');
    assert.equal(perms.body.permissions.ASSIGN_ISSUES.havePermission, false);
    assert.equal(perms.body.permissions.BROWSE_PROJECTS.havePermission, true);
    assert.equal((await dc('/jira/status', { token: null })).body.state, 'RUNNING');
    // Outside the context path: Tomcat's HTML 404. A token it does not know: anonymous 401.
    const outside = await dc('/rest/api/2/myself');
    assert.equal(outside.status, 404);
    assert.match(outside.text, /HTTP Status 404/);
    const unknown = await dc('/jira/rest/api/2/myself', { token: makePat('unknown') });
    assert.equal(unknown.status, 401);
    assert.equal(unknown.headers['x-ausername'], 'anonymous');
    const basic = await ask(fake, DC_HOST, '/jira/rest/api/2/myself', { auth: ['jdoe', DC_TEST_TOKEN] });
    assert.equal(basic.headers['x-seraph-loginreason'], 'AUTHENTICATED_FAILED');
    const behaviours = {
      expired: (r) => assert.equal(r.status, 401),
      captcha: (r) => assert.match(r.headers['x-authentication-denied-reason'], /^CAPTCHA_CHALLENGE/),
      'rate-limited': (r) => assert.deepEqual([r.status, r.headers['x-ratelimit-fillrate']], [429, '10']),
      'forbidden-page': (r) => assert.deepEqual([r.status, r.headers['content-type']], [403, 'text/html']),
      'site-not-found': (r) => assert.equal(r.status, 404),
      'server-error': (r) => assert.equal(r.status, 500),
      cloud: (r) => assert.deepEqual([r.status, r.body.error], [403, 'Failed to parse Connect Session Auth Token']),
      redirect: (r) => assert.equal(r.status, 302),
    };
    for (const [name, check] of Object.entries(behaviours)) {
      fake.setBehaviour(name);
      check(await dc('/jira/rest/api/2/myself'));
    }
    fake.reset();
    // CORS only for an origin on its allowlist.
    const origin = 'http://127.0.0.1:9999';
    const preflight = () => dc('/jira/rest/api/2/myself', { token: null, method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
    assert.equal((await preflight()).headers['access-control-allow-origin'], undefined);
    fake.setAllowlist([origin]);
    const allowed = await preflight();
    assert.equal(allowed.headers['access-control-allow-origin'], origin);
    assert.match(allowed.headers['access-control-allow-headers'], /Authorization/);
    assert.match((await dc('/jira/rest/api/2/myself', { headers: { Origin: origin } })).headers['access-control-expose-headers'], /X-AUSERNAME/);
    fake.reset();
    assert.equal((await preflight()).headers['access-control-allow-origin'], undefined, 'reset empties the allowlist');
  });

  test('hang never answers; reset kills the connection', async () => {
    await assert.rejects(
      ask(fake, 'acme.atlassian.net', '/rest/api/3/myself', { auth: ['hang@acme.com', TEST_TOKEN], timeout: 300 }),
      { code: 'TIMEOUT' },
    );
    await assert.rejects(ask(fake, 'acme.atlassian.net', '/rest/api/3/myself', { auth: ['reset@acme.com', TEST_TOKEN] }), (e) =>
      ['ECONNRESET', 'EPIPE'].includes(e.code) || /socket hang up/.test(e.message),
    );
  });

  test('CORS: allowed by default, refused for nocors* hosts, switchable', async () => {
    const origin = 'http://127.0.0.1:9999';
    const preflight = (host) =>
      ask(fake, host, '/rest/api/3/myself', {
        method: 'OPTIONS',
        headers: { Origin: origin, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' },
      });
    const actual = (host) => ask(fake, host, '/rest/api/3/myself', { auth: [JANE.email, JANE.token], headers: { Origin: origin } });

    let p = await preflight('acme.atlassian.net');
    assert.equal(p.status, 204);
    assert.equal(p.headers['access-control-allow-origin'], origin);
    assert.equal(p.headers['access-control-allow-headers'], 'Authorization, Accept');
    assert.equal(p.headers['access-control-allow-methods'], 'GET');
    assert.equal(p.headers['access-control-expose-headers'], 'Retry-After, X-Authentication-Denied-Reason, X-AAccountId');
    assert.equal(p.headers.vary, 'Origin');
    let a = await actual('acme.atlassian.net');
    assert.equal(a.headers['access-control-allow-origin'], origin);
    assert.equal(a.headers['access-control-expose-headers'], 'Retry-After, X-Authentication-Denied-Reason, X-AAccountId');

    const none = (r) => assert.equal(Object.keys(r.headers).filter((k) => k.startsWith('access-control-')).length, 0);
    p = await preflight('nocors.atlassian.net');
    assert.notEqual(p.status, 204);
    none(p);
    none(await actual('nocors.atlassian.net'));

    fake.setCors('refuse');
    none(await preflight('acme.atlassian.net'));
    none(await actual('acme.atlassian.net'));
    fake.setCors('allow');
    assert.equal((await actual('nocors.atlassian.net')).headers['access-control-allow-origin'], origin);
    // No Origin, no CORS headers (a Node client, a relay).
    fake.setCors('by-host');
    none(await ask(fake, 'acme.atlassian.net', '/rest/api/3/serverInfo'));
  });

  test('observability: requests, connections, clear()', async () => {
    await ask(fake, 'acme.atlassian.net', '/rest/api/3/myself', { auth: [JANE.email, JANE.token], headers: { 'X-Probe': '1' } });
    await ask(fake, 'api.atlassian.com', `/ex/jira/${CLOUD_ID}/rest/api/3/myself`);
    assert.equal(fake.requests.length, 2);
    const [r0, r1] = fake.requests;
    assert.equal(r0.method, 'GET');
    assert.equal(r0.host, 'acme.atlassian.net');
    assert.equal(r0.url, '/rest/api/3/myself');
    assert.equal(r0.headers.authorization, basic(JANE.email, JANE.token));
    assert.equal(r0.headers['x-probe'], '1');
    assert.equal(typeof r0.time, 'number');
    assert.equal(r0.status, 200);
    assert.equal(r1.host, 'api.atlassian.com');
    assert.equal(fake.connections, 2);
    assert.equal(fake.requestsTo('acme.atlassian.net').length, 1);
    fake.clear();
    assert.equal(fake.requests.length, 0);
    assert.equal(fake.connections, 0);
  });

  test('a host the fake does not serve gets 421', async () => {
    assert.equal((await ask(fake, 'id.atlassian.com', '/', { servername: 'acme.atlassian.net' })).status, 421);
  });
});

test('close() returns promptly with a hanging request open and removes the certificate', async () => {
  const fake = await startFakeJira({ behaviour: 'hang' });
  const pending = ask(fake, 'acme.atlassian.net', '/rest/api/3/myself', { timeout: 10_000 }).catch((e) => e);
  while (fake.requests.length === 0) await new Promise((r) => setTimeout(r, 10));
  const t = Date.now();
  await fake.close();
  assert.ok(Date.now() - t < 3000, `close took ${Date.now() - t} ms`);
  assert.ok((await pending) instanceof Error);
  assert.equal(fs.existsSync(fake.certPath), false);
});

test('CLI: --port 0 prints one JSON line, then serves until killed', async () => {
  const child = spawn(process.execPath, [path.join(HERE, 'fake-jira.mjs'), '--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const line = await new Promise((resolve, reject) => {
      let buf = '';
      child.stdout.on('data', (d) => {
        buf += d;
        if (buf.includes('\n')) resolve(buf.split('\n')[0]);
      });
      child.once('exit', (code) => reject(new Error(`exited ${code}`)));
      setTimeout(() => reject(new Error('no line')), 15_000).unref();
    });
    const info = JSON.parse(line);
    assert.ok(info.port > 0);
    const certPem = fs.readFileSync(info.certPath, 'utf8');
    const r = await ask({ port: info.port, certPem }, 'acme.atlassian.net', '/rest/api/3/myself', { auth: [JANE.email, JANE.token] });
    assert.equal(r.status, 200);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    assert.equal(fs.existsSync(info.certPath), false, 'the certificate folder is removed on SIGTERM');
  } finally {
    child.kill('SIGKILL');
  }
});

describe('serveStatic', () => {
  let dir;
  let srv;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'static-'));
    fs.mkdirSync(path.join(dir, 'site', 'pkg'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'site', 'empty'));
    fs.writeFileSync(path.join(dir, 'secret.txt'), 'outside');
    const files = { 'index.html': '<!doctype html>', 'a.js': '1', 'b.mjs': '2', 'c.css': 'p{}', 'pkg/m.wasm': '\0asm', 'd.json': '{}', 'e.svg': '<svg/>' };
    for (const [f, c] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'site', f), c);
    fs.symlinkSync(path.join(dir, 'secret.txt'), path.join(dir, 'site', 'link.txt'));
    srv = await serveStatic(path.join(dir, 'site'), { headers: (p) => (p.endsWith('.html') || p.endsWith('/') ? { 'Content-Security-Policy': "default-src 'self'" } : {}) });
  });
  after(async () => {
    await srv.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('MIME types', async () => {
    const want = {
      '/index.html': 'text/html',
      '/a.js': 'text/javascript',
      '/b.mjs': 'text/javascript',
      '/c.css': 'text/css',
      '/pkg/m.wasm': 'application/wasm',
      '/d.json': 'application/json',
      '/e.svg': 'image/svg+xml',
    };
    for (const [p, type] of Object.entries(want)) {
      const r = await httpGet(srv.url + p);
      assert.equal(r.status, 200, p);
      assert.equal(r.headers['content-type'].split(';')[0], type, p);
    }
    const root = await httpGet(srv.url + '/');
    assert.equal(root.text, '<!doctype html>');
    assert.equal(root.headers['content-security-policy'], "default-src 'self'");
    assert.equal((await httpGet(srv.url + '/a.js', { method: 'HEAD' })).status, 200);
  });

  test('404s, no listing, no traversal', async () => {
    assert.equal((await httpGet(srv.url + '/missing.js')).status, 404);
    assert.equal((await httpGet(srv.url + '/empty/')).status, 404, 'no directory listing');
    assert.equal((await httpGet(srv.url + '/pkg')).status, 301);
    assert.equal((await httpGet(srv.url + '/pkg/')).status, 404);
    for (const raw of ['/../secret.txt', '/%2e%2e/secret.txt', '/pkg/..%2f..%2fsecret.txt', '/..%5csecret.txt', '/link.txt', '/a.js%00.html']) {
      const r = await httpGet(srv.url, { rawPath: raw });
      assert.ok(r.status >= 400, `${raw} -> ${r.status}`);
      assert.notEqual(r.text, 'outside', raw);
    }
    assert.equal((await httpGet(srv.url + '/a.js', { method: 'POST' })).status, 405);
  });
});

describe('harness: real headless Chromium against the fake', () => {
  let fake;
  let site;
  let browser;
  let context;
  let page;
  let recorder;
  let dir;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'harness-fixture-'));
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      '<!doctype html><html><head><meta charset="utf-8"><title>fixture</title><script type="module" src="app.mjs"></script></head><body></body></html>',
    );
    fs.writeFileSync(
      path.join(dir, 'app.mjs'),
      `window.jira = async (url, { email, token, redirect = 'follow', abortAfterMs } = {}) => {
  const init = { headers: { Accept: 'application/json' }, credentials: 'omit', referrerPolicy: 'no-referrer', redirect };
  if (email !== undefined) init.headers.Authorization = 'Basic ' + btoa(email + ':' + token);
  if (abortAfterMs !== undefined) { const c = new AbortController(); setTimeout(() => c.abort(), abortAfterMs); init.signal = c.signal; }
  try {
    const r = await fetch(url, init);
    return { status: r.status, type: r.type, retryAfter: r.headers.get('retry-after'), text: await r.text() };
  } catch (e) {
    return { error: e.name, message: e.message };
  }
};
console.log('fixture ready');
window.ready = true;
`,
    );
    fake = await startFakeJira();
    site = await serveStatic(dir);
    browser = await launchBrowser({ fakePort: fake.port });
    context = await newContext(browser);
    page = await context.newPage();
    recorder = makeRecorder(page);
    await page.goto(`${site.url}/index.html`);
    await page.waitForFunction(() => window.ready === true);
  });
  after(async () => {
    await browser?.close();
    await site?.close();
    await fake?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    fake.reset();
    fake.clear();
  });

  const jira = (url, opts) => page.evaluate(([u, o]) => window.jira(u, o), [url, opts]);
  const MYSELF = 'https://acme.atlassian.net/rest/api/3/myself';

  test('chromeArgs carries the resolver rules a webdriver.json needs', () => {
    const args = chromeArgs(4443);
    assert.ok(args.includes('--headless') && args.includes('--disable-quic') && args.includes('--no-sandbox'));
    const rules = args.find((a) => a.startsWith('--host-resolver-rules=')).slice('--host-resolver-rules='.length);
    assert.equal(rules, hostResolverRules(4443));
    for (const h of ['acme.atlassian.net', '*.atlassian.net', '*.jira.com', 'api.atlassian.com']) assert.ok(rules.includes(`MAP ${h} 127.0.0.1:4443`), h);
    assert.ok(chromeArgs(1, { spki: 'abc=' }).includes('--ignore-certificate-errors-spki-list=abc='));
  });

  test('the page reads 200 + account JSON; the recorder sees the Authorization header', async () => {
    const r = await jira(MYSELF, { email: JANE.email, token: JANE.token });
    assert.equal(r.status, 200);
    assert.equal(r.type, 'cors');
    const body = JSON.parse(r.text);
    assert.equal(body.accountId, JANE.account.accountId);
    assert.equal(body.displayName, 'Jane Doe');
    // What reached the fake: the preflight then the GET, by name (Host and SNI) not by IP.
    assert.deepEqual(
      fake.requests.map((x) => [x.method, x.host, x.url]),
      [
        ['OPTIONS', 'acme.atlassian.net', '/rest/api/3/myself'],
        ['GET', 'acme.atlassian.net', '/rest/api/3/myself'],
      ],
    );
    assert.equal(fake.requests[1].headers.authorization, basic(JANE.email, JANE.token));
    assert.equal(fake.requests[1].headers.origin, site.origin);
    assert.equal(fake.requests[1].headers.referer, undefined, "referrerPolicy 'no-referrer'");
    assert.match(fake.requests[0].headers['access-control-request-headers'], /authorization/);
    await recorder.settle();
    const seen = recorder.requestsTo('acme.atlassian.net').at(-1);
    assert.equal(seen.method, 'GET');
    assert.equal(seen.headers.authorization, basic(JANE.email, JANE.token));
    assert.equal(seen.status, 200);
    assert.ok(recorder.console.some((m) => m.text === 'fixture ready'));
    assert.deepEqual(recorder.errors, []);
  });

  test('401 and 429 bodies and exposed headers are readable with CORS allowed', async () => {
    const bad = await jira(MYSELF, { email: JANE.email, token: makeToken('wrong') });
    assert.equal(bad.status, 401);
    assert.equal(bad.text, MESSAGES.unauthenticated);
    const limited = await jira(MYSELF, { email: behaviourEmail('rate-limited'), token: TEST_TOKEN });
    assert.equal(limited.status, 429);
    assert.equal(limited.retryAfter, '30');
  });

  test('CORS refused (nocors.atlassian.net): fetch rejects with TypeError', async () => {
    const r = await jira('https://nocors.atlassian.net/rest/api/3/myself', { email: JANE.email, token: JANE.token });
    assert.equal(r.error, 'TypeError');
    assert.equal(fake.requests[0].method, 'OPTIONS', 'the preflight reached the fake');
    assert.equal(fake.requests.some((x) => x.method === 'GET'), false, 'the GET with the token was never sent');
  });

  test('hang can be aborted', async () => {
    const t = Date.now();
    const r = await jira(MYSELF, { email: behaviourEmail('hang'), token: TEST_TOKEN, abortAfterMs: 300 });
    assert.equal(r.error, 'AbortError');
    assert.ok(Date.now() - t < 5000);
  });

  test("redirect: 'manual' gives an opaqueredirect; the redirect is not followed", async () => {
    const r = await jira(MYSELF, { email: behaviourEmail('redirect'), token: TEST_TOKEN, redirect: 'manual' });
    assert.equal(r.type, 'opaqueredirect');
    assert.equal(r.status, 0);
    assert.equal(fake.requestsTo('evil.example').length, 0);
  });

  test('reset: fetch rejects with TypeError', async () => {
    const r = await jira(MYSELF, { email: behaviourEmail('reset'), token: TEST_TOKEN });
    assert.equal(r.error, 'TypeError');
  });

  test('scoped route through api.atlassian.com', async () => {
    const r = await jira(`https://api.atlassian.com/ex/jira/${CLOUD_ID}/rest/api/3/myself`, { email: SCOPED.email, token: SCOPED.token });
    assert.equal(r.status, 200);
    assert.equal(JSON.parse(r.text).accountId, SCOPED.account.accountId);
  });

  test('any other host fails at once and never leaves the machine', async () => {
    const r = await jira('https://example.org/', {});
    assert.equal(r.error, 'TypeError');
    assert.equal(fake.requests.length, 0);
    assert.match(recorder.requestsTo('example.org').at(-1).failure, /ERR_NAME_NOT_RESOLVED/);
  });

  test('a fresh context via newContext works on its own', async () => {
    const ctx = await newContext(browser);
    try {
      const p = await ctx.newPage();
      await p.goto(`http://localhost:${site.port}/`);
      await p.waitForFunction(() => window.ready === true);
      const r = await p.evaluate(() => window.jira('https://acme.jira.com/rest/api/3/serverInfo'));
      assert.equal(r.status, 200);
      assert.equal(JSON.parse(r.text).deploymentType, 'Cloud');
    } finally {
      await ctx.close();
    }
  });

  test('waitForClipboard waits for the text, and fails when it never comes', async () => {
    const ctx = await newContext(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    try {
      const p = await ctx.newPage();
      await p.goto(`${site.origin}/index.html`);
      await p.evaluate(() => {
        navigator.clipboard.writeText('first');
        setTimeout(() => navigator.clipboard.writeText('later'), 300);
      });
      assert.equal(await waitForClipboard(p, 'later'), 'later');
      assert.equal(await waitForClipboard(p, (t) => t.startsWith('lat')), 'later');
      await assert.rejects(waitForClipboard(p, 'never', { timeout: 400 }), /the clipboard holds "later"/);
    } finally {
      await ctx.close();
    }
  });
});
