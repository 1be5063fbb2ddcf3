// A fake Jira Cloud over HTTPS for the end-to-end, wasm-in-browser and relay tests.
//
// It answers as Jira Cloud does for the few endpoints the credential checker uses, dispatching on the
// Host header, so a real browser pointed at it with --host-resolver-rules (see harness.mjs) runs the
// product code unchanged. Nothing here is a real credential: every token is synthetic (makeToken).
//
//   import { startFakeJira, ACCOUNTS, TEST_TOKEN } from './fake-jira.mjs';
//   const fake = await startFakeJira();            // { port, certPath, certPem, requests, ... }
//   fake.setBehaviour('rate-limited'); fake.setCors('refuse'); ... await fake.close();
//
// CLI: node tests/e2e/fake-jira.mjs --port 0 [--cors allow|refuse|by-host] [--behaviour NAME]
//      prints one JSON line {"port":N,"certPath":"...",...} then serves until killed.

import https from 'node:https';
import zlib from 'node:zlib';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';
import { DC_HOST, DC_HOST_PATTERN, answerDataCenter, isDataCenterHost } from './fake-data-center.mjs';
import { answerers } from './fake-answer.mjs';

const execFileP = promisify(execFile);

// ---------------------------------------------------------------------------------------------
// Synthetic Atlassian API tokens

const TOKEN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'; // 64 chars

let CRC_TABLE;
/** CRC-32 (IEEE 802.3, as zlib) of a string's UTF-8 bytes; pure-JS fallback for Node < 20.15. */
export function crc32Fallback(input) {
  if (!CRC_TABLE) {
    CRC_TABLE = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      CRC_TABLE[n] = c >>> 0;
    }
  }
  const bytes = Buffer.from(input, 'utf8');
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/** CRC-32 of a string (zlib.crc32 when Node has it). */
export function crc32(input) {
  return typeof zlib.crc32 === 'function' ? zlib.crc32(input) >>> 0 : crc32Fallback(input);
}

/** The 8 uppercase hex digits Atlassian appends: CRC-32 of the first 184 chars (body + '='). */
export function tokenChecksum(first184) {
  return crc32(first184).toString(16).toUpperCase().padStart(8, '0');
}

/**
 * A synthetic API token in the current Atlassian format: 'ATATT3' + pseudo-random [A-Za-z0-9_-]
 * to a 183-char body, '=', then 8 uppercase hex of the CRC-32 of the first 184 chars (192 in all).
 * Deterministic for a given seed; random without one.
 */
export function makeToken(seed) {
  const key = seed === undefined ? crypto.randomBytes(16) : Buffer.from(String(seed), 'utf8');
  let body = 'ATATT3';
  for (let counter = 0; body.length < 183; counter++) {
    const block = crypto.createHash('sha256').update(key).update(`:${counter}`).digest();
    for (const byte of block) {
      if (body.length === 183) break;
      body += TOKEN_ALPHABET[byte & 63];
    }
  }
  const first184 = `${body}=`;
  return first184 + tokenChecksum(first184);
}

/** True when a string has the ATATT3 shape and a matching checksum. */
export function isWellFormedToken(token) {
  return (
    typeof token === 'string' &&
    token.length === 192 &&
    /^ATATT3[A-Za-z0-9_-]{177}=[0-9A-F]{8}$/.test(token) &&
    tokenChecksum(token.slice(0, 184)) === token.slice(184)
  );
}

// ---------------------------------------------------------------------------------------------
// Accounts

/** cloudId that acme.atlassian.net's /_edge/tenant_info answers. */
export const CLOUD_ID = 'a436116f-02ce-4520-8fbb-7301462a1674';

function avatarUrls(initials, hash) {
  const fallback = encodeURIComponent(
    `https://avatar-management--avatars.us-west-2.prod.public.atl-paas.net/initials/${initials}-5.png`,
  );
  const out = {};
  for (const size of ['48x48', '24x24', '16x16', '32x32']) {
    const px = size.split('x')[0];
    out[size] = `https://secure.gravatar.com/avatar/${hash}?d=${fallback}&s=${px}`;
  }
  return out;
}

/** The permissions /rest/api/3/mypermissions knows, with the names and ids Jira Cloud answers. */
export const PERMISSIONS = Object.freeze({
  BROWSE_PROJECTS: { id: '10', name: 'Browse Projects', description: 'Ability to browse projects and the issues within them.' },
  CREATE_ISSUES: { id: '11', name: 'Create Issues', description: 'Ability to create issues.' },
  EDIT_ISSUES: { id: '12', name: 'Edit Issues', description: 'Ability to edit issues.' },
  ASSIGN_ISSUES: { id: '13', name: 'Assign Issues', description: 'Ability to assign issues to other people.' },
  ADD_COMMENTS: { id: '15', name: 'Add Comments', description: 'Ability to comment on issues.' },
  TRANSITION_ISSUES: { id: '46', name: 'Transition Issues', description: 'Ability to transition issues.' },
});

function account({ key, login, token, route = 'site', json, holds = Object.keys(PERMISSIONS) }) {
  return Object.freeze({ key, email: login, token, route, holds: Object.freeze(holds), account: Object.freeze(json) });
}

/** Accounts whose classic (unscoped) API tokens work on https://<site>/rest/api/3/myself. */
export const ACCOUNTS = Object.freeze([
  account({
    key: 'jane',
    login: 'jane@acme.com',
    token: makeToken('jane@acme.com'),
    json: {
      accountId: '5b10ac8d82e05b22cc7d4ef5',
      accountType: 'atlassian',
      emailAddress: 'jane@acme.com',
      avatarUrls: avatarUrls('JD', '9f1c2e0c7b5a4d3e8f6a1b2c3d4e5f60'),
      displayName: 'Jane Doe',
      active: true,
      timeZone: 'Europe/London',
      locale: 'en_GB',
    },
  }),
  account({
    key: 'inactive',
    login: 'former@acme.com',
    token: makeToken('former@acme.com'),
    json: {
      accountId: '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077',
      accountType: 'atlassian',
      emailAddress: 'former@acme.com',
      avatarUrls: avatarUrls('FE', '0d6c1b2a3f4e5d6c7b8a9f0e1d2c3b4a'),
      displayName: 'Former Employee',
      active: false,
      timeZone: 'America/New_York',
      locale: 'en_US',
    },
  }),
  account({
    key: 'hidden-email',
    login: 'private@acme.com',
    token: makeToken('private@acme.com'),
    json: {
      // emailAddress absent: the profile's visibility setting hides it, as Jira does.
      accountId: '712020:3c4d7f1e-2b6a-4e8f-9a0b-1c2d3e4f5a6b',
      accountType: 'atlassian',
      avatarUrls: avatarUrls('PP', '5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b'),
      displayName: 'Pat Private',
      active: true,
      timeZone: 'Australia/Sydney',
      locale: 'en_AU',
    },
  }),
  account({
    key: 'app',
    login: 'automation@acme.com',
    token: makeToken('automation@acme.com'),
    json: {
      accountId: '557058:0867a421-a9ee-4659-801a-bc0ee4a4487e',
      accountType: 'app',
      avatarUrls: avatarUrls('AU', '1a2b3c4d5e6f708192a3b4c5d6e7f809'),
      displayName: 'Automation for Jira',
      active: true,
      timeZone: 'Etc/UTC',
      locale: 'en_US',
    },
  }),
  account({
    // Signs in as sam@acme.com; Jira reports another address (an alias/renamed account).
    key: 'email-mismatch',
    login: 'sam@acme.com',
    token: makeToken('sam@acme.com'),
    json: {
      accountId: '712020:8e1f2a3b-4c5d-4e6f-8a7b-9c0d1e2f3a4b',
      accountType: 'atlassian',
      emailAddress: 'samuel.jones@acme-corp.com',
      avatarUrls: avatarUrls('SJ', '2b3c4d5e6f708192a3b4c5d6e7f8091a'),
      displayName: 'Samuel Jones',
      active: true,
      timeZone: 'Europe/Berlin',
      locale: 'de_DE',
    },
  }),
  account({
    // Same address, different case: Atlassian treats sign-in addresses case-insensitively.
    key: 'email-case',
    login: 'kim@acme.com',
    token: makeToken('kim@acme.com'),
    json: {
      accountId: '712020:b2c3d4e5-f6a7-4b8c-9d0e-1f2a3b4c5d6e',
      accountType: 'atlassian',
      emailAddress: 'Kim@ACME.com',
      avatarUrls: avatarUrls('KL', '3c4d5e6f708192a3b4c5d6e7f8091a2b'),
      displayName: 'Kim Lee',
      active: true,
      timeZone: 'Asia/Seoul',
      locale: 'ko_KR',
    },
  }),
  account({
    // Reads and comments, nothing more: /mypermissions says "cannot" for the rest.
    key: 'reader',
    login: 'reader@acme.com',
    token: makeToken('reader@acme.com'),
    holds: ['BROWSE_PROJECTS', 'ADD_COMMENTS'],
    json: {
      accountId: '712020:0c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f',
      accountType: 'atlassian',
      emailAddress: 'reader@acme.com',
      avatarUrls: avatarUrls('RD', '5e6f708192a3b4c5d6e7f8091a2b3c4d'),
      displayName: 'Read Only',
      active: true,
      timeZone: 'Etc/UTC',
      locale: 'en_US',
    },
  }),
]);

/** Service account with a scoped token: valid only on api.atlassian.com/ex/jira/<cloudId>/...;
 *  on the site URL the token answers 401, as scoped tokens do. */
export const SCOPED = account({
  key: 'service-account',
  login: 'bot@serviceaccount.atlassian.com',
  token: makeToken('bot@serviceaccount.atlassian.com'),
  route: 'scoped',
  json: {
    accountId: '712020:5f3c9a1e-7d2b-4c8e-a6f4-0b1d2e3f4a5b',
    accountType: 'app',
    emailAddress: 'bot@serviceaccount.atlassian.com',
    avatarUrls: avatarUrls('BO', '4d5e6f708192a3b4c5d6e7f8091a2b3c'),
    displayName: 'Tines bot',
    active: true,
    timeZone: 'Etc/UTC',
    locale: 'en_US',
  },
});

/** Jane's scoped token (a person may create scoped tokens too): valid only on api.atlassian.com. */
export const SCOPED_JANE = account({
  key: 'jane-scoped',
  login: 'jane@acme.com',
  token: makeToken('jane@acme.com/scoped'),
  route: 'scoped',
  json: ACCOUNTS[0].account,
});

export const SCOPED_ACCOUNTS = Object.freeze([SCOPED, SCOPED_JANE]);
export const JANE = ACCOUNTS[0];
const JANE_ACCOUNT_ID = JANE.account.accountId;

/** The "known test token": with <behaviour>@acme.com as the email it selects that behaviour. */
export const TEST_TOKEN = JANE.token;

export const BEHAVIOURS = Object.freeze([
  'ok',
  'basic-deprecated',
  'captcha',
  'forbidden',
  'no-sign-in',
  'forbidden-page',
  'site-not-found',
  'rate-limited',
  'server-error',
  'html-login',
  'hang',
  'reset',
  'redirect',
  // Data Center's own (fake-data-center.mjs): a token Jira does not know, and Cloud answering.
  'expired',
  'cloud',
]);

/** The email that selects a behaviour per request (use with TEST_TOKEN). */
export function behaviourEmail(name) {
  return `${name}@acme.com`;
}

export const REDIRECT_TARGET = 'https://evil.example/steal';

export const MESSAGES = Object.freeze({
  unauthenticated: 'Client must be authenticated to access this resource.',
  basicDeprecated:
    'Basic authentication with passwords is deprecated.  For more information, see: https://developer.atlassian.com/cloud/confluence/deprecation-notice-basic-auth/',
  siteUnavailable: 'Site temporarily unavailable',
});

// ---------------------------------------------------------------------------------------------
// Certificate

export const CERT_NAMES = ['acme.atlassian.net', '*.atlassian.net', 'api.atlassian.com', '*.jira.com', DC_HOST, DC_HOST_PATTERN];

/**
 * A throw-away self-signed certificate for `names` (the first is the CN), written into `dir` as
 * `<prefix>-cert.pem` and `<prefix>-key.pem`. `server: true` makes it a server's certificate, not
 * an authority's: rustls (Deno's fetch) refuses a CA certificate as a server's (CaUsedAsEndEntity);
 * OpenSSL and NSS still take it as its own trust anchor.
 */
export async function makeCertificate(dir, { names = CERT_NAMES, prefix = 'fake-jira', server = true } = {}) {
  const certPath = path.join(dir, `${prefix}-cert.pem`);
  const keyPath = path.join(dir, `${prefix}-key.pem`);
  const serverOnly = ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', 'extendedKeyUsage=serverAuth'];
  await execFileP(
    'openssl',
    [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
      '-keyout', keyPath, '-out', certPath,
      '-subj', `/CN=${names[0]}`,
      '-addext', `subjectAltName=${names.map((n) => `DNS:${n}`).join(',')}`,
      ...(server ? serverOnly.flatMap((ext) => ['-addext', ext]) : []),
    ],
    { timeout: 30_000 },
  );
  return { certPath, keyPath, certPem: fs.readFileSync(certPath, 'utf8'), keyPem: fs.readFileSync(keyPath, 'utf8') };
}

/** base64(sha256(SubjectPublicKeyInfo)): the form --ignore-certificate-errors-spki-list takes. */
export function spkiHash(certPem) {
  const der = new crypto.X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return crypto.createHash('sha256').update(der).digest('base64');
}

// ---------------------------------------------------------------------------------------------
// Answers

const SITE_RE = /^([a-z0-9](?:[a-z0-9-]*[a-z0-9])?)\.(atlassian\.net|jira\.com)$/;

/** Deterministic cloudId per site host (acme.atlassian.net gets CLOUD_ID). */
export function cloudIdFor(host) {
  if (host === 'acme.atlassian.net') return CLOUD_ID;
  const h = crypto.createHash('sha1').update(`cloud:${host}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function parseBasic(header) {
  if (typeof header !== 'string') return null;
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!m) return null;
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  if (i < 0) return null;
  return { email: decoded.slice(0, i), token: decoded.slice(i + 1) };
}

function requestId() {
  return `${Math.floor(Math.random() * 1440)}x${Math.floor(Math.random() * 9e6)}x1`;
}

/** `server.listen(port, host)` as a promise that rejects on a listen error (a port in use). */
export function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Start the fake. Options:
 *   port (0 = any free), host ('127.0.0.1'), cors ('by-host'|'allow'|'refuse'), behaviour ('ok'),
 *   certDir (where to write the certificate; default a new mkdtemp folder removed at close()).
 */
export async function startFakeJira(options = {}) {
  const {
    port = 0,
    host = '127.0.0.1',
    cors: initialCors = 'by-host',
    behaviour: initialBehaviour = 'ok',
    certDir,
    // Every header readable by the page (Access-Control-Expose-Headers: *), so that the browser
    // sees all a terminal sees: for tests that compare the two (tests/commands/check-matrix.test.mjs).
    exposeAll = false,
  } = options;

  const ownDir = !certDir;
  const dir = certDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'fake-jira-'));
  fs.mkdirSync(dir, { recursive: true });
  const cert = await makeCertificate(dir);

  let behaviour = 'ok';
  let behaviourScope = 'all';
  let corsMode = 'by-host';
  // The origins the fake Data Center's CORS allowlist holds (fake-data-center.mjs).
  let allowlist = new Set();

  const requests = [];
  // cloudId -> site host, for api.atlassian.com/ex/jira/<cloudId>: acme, plus every site seen.
  const cloudSites = new Map([[CLOUD_ID, 'acme.atlassian.net']]);
  const sockets = new Set();
  const pending = new Set(); // hanging responses

  const state = { connections: 0, tcpConnections: 0 };

  function setBehaviour(name = 'ok', { scope = 'all' } = {}) {
    if (!BEHAVIOURS.includes(name)) throw new Error(`unknown behaviour ${name}; one of ${BEHAVIOURS.join(', ')}`);
    if (!['all', 'myself'].includes(scope)) throw new Error(`scope must be 'all' or 'myself'`);
    behaviour = name;
    behaviourScope = scope;
  }
  function setCors(mode = 'by-host') {
    if (!['allow', 'refuse', 'by-host'].includes(mode)) throw new Error(`cors must be allow, refuse or by-host`);
    corsMode = mode;
  }
  setBehaviour(initialBehaviour);
  setCors(initialCors);

  function corsAllowedFor(hostName) {
    if (corsMode === 'allow') return true;
    if (corsMode === 'refuse') return false;
    return !hostName.split('.')[0].startsWith('nocors');
  }

  const server = https.createServer({ key: cert.keyPem, cert: cert.certPem }, handle);
  server.keepAliveTimeout = 2000;
  server.on('connection', (socket) => {
    state.tcpConnections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', () => {
    state.connections++;
  });
  server.on('tlsClientError', () => {});
  server.on('clientError', (_err, socket) => socket.destroy());

  function handle(req, res) {
    const hostHeader = String(req.headers.host ?? '').toLowerCase();
    const hostName = hostHeader.replace(/:\d+$/, '').replace(/\.$/, '');
    const entry = {
      method: req.method,
      host: hostName,
      url: req.url,
      headers: { ...req.headers },
      time: Date.now(),
      status: undefined,
      behaviour: undefined,
    };
    requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    req.resume();

    // Jira Data Center: its own answers and its own CORS (an allowlist of origins).
    if (isDataCenterHost(hostName)) {
      answerDataCenter(req, res, { host: hostName, allowlist, behaviour, pending, entry });
      return;
    }

    const origin = req.headers.origin;
    const allowCors = corsAllowedFor(hostName);

    const base = {
      'Date': new Date().toUTCString(),
      'Server': 'AtlassianEdge',
      'X-Content-Type-Options': 'nosniff',
      'Strict-Transport-Security': 'max-age=63072000; includeSubDomains; preload',
      'Timing-Allow-Origin': '*',
      'X-AREQUESTID': requestId(),
      'ATL-TraceId': crypto.randomBytes(8).toString('hex'),
      'Cache-Control': 'no-cache, no-store, no-transform',
    };
    if (allowCors && origin) {
      base['Access-Control-Allow-Origin'] = origin;
      base['Access-Control-Expose-Headers'] = exposeAll ? '*' : 'Retry-After, X-Authentication-Denied-Reason, X-AAccountId';
      base['Vary'] = 'Origin';
    }

    const { send, json } = answerers(req, res, base);

    // --- CORS preflight: answered independently of any behaviour.
    if (req.method === 'OPTIONS') {
      if (allowCors && origin) {
        res.writeHead(204, {
          ...base,
          'Access-Control-Allow-Origin': origin,
          'Access-Control-Allow-Headers': 'Authorization, Accept',
          'Access-Control-Allow-Methods': 'GET',
          'Access-Control-Expose-Headers': 'Retry-After, X-Authentication-Denied-Reason, X-AAccountId',
          'Vary': 'Origin',
        });
        res.end();
      } else {
        // What Jira Cloud does for an origin it does not allow: a plain answer, no CORS headers.
        send(200, { 'Allow': 'GET,HEAD,OPTIONS', 'Content-Type': 'text/plain;charset=UTF-8' });
      }
      return;
    }

    const url = new URL(req.url, 'https://fake.invalid');
    const pathname = url.pathname;
    let route; // {kind: 'site'|'api'|'evil'|'unknown', ...}
    const siteMatch = SITE_RE.exec(hostName);
    if (siteMatch) {
      route = { kind: 'site', site: hostName, label: siteMatch[1] };
      if (!route.label.startsWith('nosite')) cloudSites.set(cloudIdFor(hostName), hostName);
    }
    else if (hostName === 'api.atlassian.com') route = { kind: 'api' };
    else if (hostName === 'evil.example') route = { kind: 'evil' };
    else route = { kind: 'unknown' };

    // Where a redirect would lead: record it, answer something harmless.
    if (route.kind === 'evil') {
      return send(200, { 'Content-Type': 'text/plain;charset=UTF-8' }, 'evil.example: this request should never have been made');
    }
    if (route.kind === 'unknown') {
      return send(421, { 'Content-Type': 'text/plain;charset=UTF-8' }, `fake-jira does not serve host "${hostName}"`);
    }

    // Which endpoint?
    let endpoint = null;
    let apiCloudId = null;
    if (route.kind === 'site') {
      if (pathname === '/rest/api/3/myself' || pathname === '/rest/api/2/myself') endpoint = 'myself';
      else if (pathname === '/rest/api/3/mypermissions') endpoint = 'mypermissions';
      else if (pathname === '/rest/api/3/serverInfo' || pathname === '/rest/api/2/serverInfo') endpoint = 'serverInfo';
      else if (pathname === '/_edge/tenant_info') endpoint = 'tenantInfo';
    } else {
      const m = /^\/ex\/jira\/([^/]+)\/rest\/api\/[23]\/(myself|mypermissions)$/.exec(pathname);
      if (m) {
        endpoint = m[2];
        apiCloudId = decodeURIComponent(m[1]);
      }
    }

    // The behaviour: per request (<behaviour>@acme.com + TEST_TOKEN) wins over the global one.
    const creds = parseBasic(req.headers.authorization);
    let chosen = null;
    if (creds && creds.token === TEST_TOKEN) {
      const m = /^([a-z-]+)@acme\.com$/i.exec(creds.email);
      if (m && BEHAVIOURS.includes(m[1].toLowerCase()) && m[1].toLowerCase() !== 'ok') chosen = m[1].toLowerCase();
    }
    if (!chosen && behaviour !== 'ok' && (behaviourScope === 'all' || endpoint === 'myself')) chosen = behaviour;
    // A site whose label starts with "nosite" does not exist.
    if (!chosen && route.kind === 'site' && route.label.startsWith('nosite')) chosen = 'site-not-found';
    entry.behaviour = chosen ?? 'ok';

    const siteForMessages = route.kind === 'site' ? route.site : 'acme.atlassian.net';
    const unauthorisedHeaders = {
      'WWW-Authenticate': `OAuth realm="${encodeURIComponent(`https://${siteForMessages}`)}"`,
      'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED',
    };

    switch (chosen) {
      case null:
        break;
      case 'basic-deprecated':
        return send(401, { 'Content-Type': 'text/plain;charset=UTF-8', ...unauthorisedHeaders }, MESSAGES.basicDeprecated);
      case 'captcha':
        return send(
          403,
          {
            'Content-Type': 'text/html;charset=UTF-8',
            'X-Seraph-LoginReason': 'AUTHENTICATION_DENIED',
            'X-Authentication-Denied-Reason': `CAPTCHA_CHALLENGE; login-url=https://${siteForMessages}/login.jsp`,
          },
          '<html><head><title>Forbidden (403)</title></head><body><h1>Forbidden (403)</h1><p>CAPTCHA_CHALLENGE</p></body></html>',
        );
      case 'forbidden':
        // Signed in (Jira names the account in X-AAccountId), but not allowed.
        return json(
          403,
          { errorMessages: ['You do not have permission to access this resource.'], errors: {} },
          { 'X-AAccountId': JANE_ACCOUNT_ID },
        );
      case 'no-sign-in':
        // What Jira Cloud answers a request with no email and API token it can read (a Bearer
        // token, or Basic without the email), as recorded in Jira clients' issue trackers.
        return json(403, { error: 'Failed to parse Connect Session Auth Token' });
      case 'forbidden-page':
        // A web page's 403, served before anyone signed in (a proxy, an IP allowlist).
        return send(
          403,
          { 'Content-Type': 'text/html;charset=UTF-8' },
          '<html><head><title>Forbidden (403)</title></head><body><h1>Forbidden (403)</h1></body></html>',
        );
      case 'site-not-found':
        return json(404, { errorMessage: MESSAGES.siteUnavailable });
      case 'rate-limited':
        return json(
          429,
          { errorMessages: ['Rate limit exceeded.'], errors: {} },
          {
            'Retry-After': '30',
            'X-RateLimit-Limit': '350',
            'X-RateLimit-Remaining': '0',
            'X-RateLimit-NearLimit': 'true',
            'RateLimit-Reason': 'jira-burst-based',
          },
        );
      case 'server-error':
        return json(500, { errorMessages: ['Internal server error'], errors: {} });
      case 'html-login':
        return send(
          200,
          { 'Content-Type': 'text/html;charset=UTF-8' },
          '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Log in with Atlassian account</title></head>' +
            '<body><form id="form-login" action="https://id.atlassian.com/login" method="post">' +
            '<label for="username">Email</label><input id="username" name="username" type="email">' +
            '<button id="login-submit" type="submit">Continue</button></form></body></html>',
        );
      case 'hang':
        pending.add(res);
        res.on('close', () => pending.delete(res));
        return; // never answers
      case 'reset':
        if (typeof req.socket.resetAndDestroy === 'function') {
          try {
            req.socket.resetAndDestroy();
            return;
          } catch {
            /* fall through */
          }
        }
        req.socket.destroy();
        return;
      case 'redirect':
        return send(302, { 'Location': REDIRECT_TARGET, 'Content-Type': 'text/html;charset=UTF-8' }, '');
      default:
        break;
    }

    if (route.kind === 'site') {
      if (endpoint === 'serverInfo') {
        const now = new Date();
        return json(200, {
          baseUrl: `https://${route.site}`,
          displayUrl: `https://${route.site}`,
          displayUrlServicedeskHelpCenter: `https://${route.site}`,
          displayUrlConfluence: `https://${route.site}`,
          version: '1001.0.0-SNAPSHOT',
          versionNumbers: [1001, 0, 0],
          deploymentType: 'Cloud',
          buildNumber: 100282,
          buildDate: '2025-06-02T00:00:00.000+0000',
          serverTime: now.toISOString().replace('Z', '+0000'),
          scmInfo: 'e2a8f4f3f8c2c9a0d1b3e5f7a9c1e3f5a7b9d1f3',
          serverTitle: 'Jira',
          defaultLocale: { locale: 'en_US' },
          serverTimeZone: 'Etc/UTC',
        });
      }
      if (endpoint === 'tenantInfo') return json(200, { cloudId: cloudIdFor(route.site) });
      if (endpoint === 'mypermissions') {
        const acct = creds && ACCOUNTS.find((a) => a.email.toLowerCase() === creds.email.toLowerCase() && a.token === creds.token);
        // Anonymous callers may ask (Jira Cloud REST API v3, "Get my permissions"); wrong credentials get 401.
        if (creds && !acct) return send(401, { 'Content-Type': 'text/plain;charset=UTF-8', ...unauthorisedHeaders }, MESSAGES.unauthenticated);
        const p = permissionsAnswer(url.searchParams.get('permissions'), acct?.holds ?? []);
        return json(p.status, p.body);
      }
      if (endpoint === 'myself') {
        const acct = creds && ACCOUNTS.find((a) => a.email.toLowerCase() === creds.email.toLowerCase() && a.token === creds.token);
        if (!acct) {
          return send(401, { 'Content-Type': 'text/plain;charset=UTF-8', ...unauthorisedHeaders }, MESSAGES.unauthenticated);
        }
        const self = `https://${route.site}/rest/api/3/user?accountId=${encodeURIComponent(acct.account.accountId)}`;
        return json(200, myselfJson(acct.account, self), { 'X-AUSERNAME': encodeURIComponent(acct.account.accountId) });
      }
      return json(404, { errorMessages: ['null for uri: ' + `https://${route.site}${pathname}`], errors: {} });
    }

    // api.atlassian.com
    if (endpoint === 'myself' || endpoint === 'mypermissions') {
      if (!cloudSites.has(apiCloudId)) return json(404, { code: 404, message: 'Not Found', errorMessage: 'Site temporarily unavailable' });
      const acct =
        creds &&
        SCOPED_ACCOUNTS.find((a) => a.email.toLowerCase() === creds.email.toLowerCase() && a.token === creds.token);
      if (!acct) {
        // A classic token the gateway knows has no scopes at all, so no scope matches; a token it
        // does not know is simply unauthorised.
        const classic = creds && ACCOUNTS.some((a) => a.email.toLowerCase() === creds.email.toLowerCase() && a.token === creds.token);
        return classic
          ? json(401, { code: 401, message: 'Unauthorized; scope does not match' }, {
              'WWW-Authenticate': 'Bearer realm="api.atlassian.com"',
              'X-Failure-Category': 'FAILURE_CLIENT_SCOPE_CHECK',
            })
          : json(401, { code: 401, message: 'Unauthorized' }, { 'WWW-Authenticate': 'Bearer realm="api.atlassian.com"' });
      }
      if (endpoint === 'mypermissions') {
        const p = permissionsAnswer(url.searchParams.get('permissions'), acct.holds);
        return json(p.status, p.body);
      }
      const self = `https://api.atlassian.com/ex/jira/${apiCloudId}/rest/api/3/user?accountId=${encodeURIComponent(acct.account.accountId)}`;
      return json(200, myselfJson(acct.account, self));
    }
    return json(404, { code: 404, message: 'Not Found' });
  }

  await listen(server, port, host);
  const actualPort = server.address().port;

  let closed = null;
  const handleObj = {
    port: actualPort,
    host,
    certPath: cert.certPath,
    keyPath: cert.keyPath,
    certPem: cert.certPem,
    spki: spkiHash(cert.certPem),
    cloudId: CLOUD_ID,
    cloudIdFor,
    requests,
    get connections() {
      return state.connections;
    },
    get tcpConnections() {
      return state.tcpConnections;
    },
    get behaviour() {
      return behaviour;
    },
    get cors() {
      return corsMode;
    },
    setBehaviour,
    setCors,
    /** The origins the fake Data Center's CORS allowlist holds (none by default). */
    setAllowlist(origins = []) {
      allowlist = new Set(origins);
    },
    /** Default behaviour ('ok', all paths), CORS ('by-host') and an empty allowlist; logs are kept (see clear()). */
    reset() {
      setBehaviour('ok');
      setCors('by-host');
      allowlist = new Set();
    },
    /** Empties requests and zeroes the connection counters. */
    clear() {
      requests.length = 0;
      state.connections = 0;
      state.tcpConnections = 0;
    },
    /** Make api.atlassian.com know a site's cloudId without a request to the site first. */
    addSite(hostName) {
      const id = cloudIdFor(hostName);
      cloudSites.set(id, hostName);
      return id;
    },
    /** Requests for a host (and optionally a path prefix), preflights included. */
    requestsTo(hostName, pathPrefix = '') {
      return requests.filter((r) => r.host === hostName && r.url.startsWith(pathPrefix));
    },
    /** https://<host>:<port><path>, for Node clients that connect directly. */
    url(hostName, p = '/') {
      return `https://${hostName}:${actualPort}${p}`;
    },
    close() {
      if (closed) return closed;
      closed = new Promise((resolve) => {
        server.close(() => resolve());
        for (const res of pending) res.destroy();
        pending.clear();
        server.closeAllConnections?.();
        for (const s of sockets) s.destroy();
      }).then(() => {
        if (ownDir) fs.rmSync(dir, { recursive: true, force: true });
      });
      return closed;
    },
  };
  return handleObj;
}

/** /rest/api/3/mypermissions: the keys asked, each with havePermission; 400 as Jira answers a
 *  missing or unknown key (Jira Cloud REST API v3, "Get my permissions"). */
function permissionsAnswer(asked, holds) {
  const keys = (asked ?? '').split(',').filter(Boolean);
  if (keys.length === 0 || keys.some((k) => !PERMISSIONS[k])) {
    return { status: 400, body: { errorMessages: ['Invalid or missing permissions query parameter.'], errors: {} } };
  }
  const permissions = {};
  for (const key of keys) {
    permissions[key] = { ...PERMISSIONS[key], key, type: 'PROJECT', havePermission: holds.includes(key) };
  }
  return { status: 200, body: { permissions } };
}

function myselfJson(acct, self) {
  return {
    self,
    ...acct,
    groups: { size: 3, items: [] },
    applicationRoles: { size: 1, items: [] },
    expand: 'groups,applicationRoles',
  };
}

// ---------------------------------------------------------------------------------------------
// CLI

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) throw new Error(`unexpected argument ${a}`);
    const value = m[2] ?? argv[++i];
    out[m[1]] = value;
  }
  return out;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  const fake = await startFakeJira({
    port: args.port !== undefined ? Number(args.port) : 0,
    host: args.host ?? '127.0.0.1',
    cors: args.cors ?? 'by-host',
    behaviour: args.behaviour ?? 'ok',
    certDir: args['cert-dir'],
  });
  process.stdout.write(
    JSON.stringify({
      port: fake.port,
      certPath: fake.certPath,
      spki: fake.spki,
      cloudId: fake.cloudId,
      testToken: TEST_TOKEN,
    }) + '\n',
  );
  const stop = () => fake.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
