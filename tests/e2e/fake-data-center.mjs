// The fake Jira Data Center, served by the same HTTPS server as the fake Jira Cloud (fake-jira.mjs)
// for host names under .dc.test. It answers as Data Center does for what the checker asks, each
// answer as the core's documentation of it says (src/jira/answer/data_center.rs):
//
//   <base>/rest/api/2/myself          Bearer <personal access token>: the user (name, key, ...);
//                                     a token it does not know: 401, X-AUSERNAME: anonymous;
//                                     Basic: 401, X-Seraph-LoginReason: AUTHENTICATED_FAILED
//   <base>/rest/api/2/mypermissions   every permission, unasked (Data Center takes no list)
//   <base>/status                     {"state": "RUNNING"}, no sign-in (the browser's probe)
//   anything outside the context path Tomcat's HTML 404
//
// <base> is https://jira.dc.test/jira: a context path, so a base URL without it is a 404, as on a
// real server. CORS as Data Center does it: only for the origins on its allowlist (Administration
// > System > Allowlist, "Allow incoming"), set with setAllowlist([...origins]); for any other
// origin, answers without CORS headers, so the browser keeps them from the page.
//
// Behaviours (fake.setBehaviour, the same names as the Cloud fake's where they mean the same):
// 'expired' (401 anonymous), 'captcha' (403 CAPTCHA_CHALLENGE), 'rate-limited' (429 with
// X-RateLimit-*), 'forbidden-page' (a reverse proxy's HTML 403), 'site-not-found' (a proxy's HTML
// 404), 'server-error' (500), 'cloud' (Jira Cloud's 403 to a Bearer token), 'redirect' (302 to a
// sign-on page), 'hang', 'reset'.

import crypto from 'node:crypto';
import { answerers } from './fake-answer.mjs';

/** The Data Center hosts the fake answers for. */
export const DC_HOST = 'jira.dc.test';
export const DC_HOST_PATTERN = '*.dc.test';
/** Its context path, and so its base URL. */
export const DC_CONTEXT = '/jira';
export const DC_BASE = `https://${DC_HOST}${DC_CONTEXT}`;
export const DC_ORIGIN = `https://${DC_HOST}`;

/**
 * A synthetic personal access token: the base64 of a 12-digit id, a colon and 20 bytes, as Jira
 * Data Center makes one. Deterministic for a seed.
 */
export function makePat(seed) {
  const bytes = crypto.createHash('sha256').update(`pat:${seed}`).digest();
  const id = [...bytes.subarray(0, 12)].map((b) => String(b % 10)).join('');
  return Buffer.concat([Buffer.from(`${id}:`), bytes.subarray(12, 32)]).toString('base64');
}

/** The token the fake knows, and the user it belongs to. */
export const DC_TEST_TOKEN = makePat('jdoe');
export const DC_USER = Object.freeze({
  key: 'JIRAUSER10100',
  name: 'jdoe',
  emailAddress: 'jane.doe@acme.example',
  displayName: 'Jane Doe',
  active: true,
  timeZone: 'Europe/London',
  locale: 'en_GB',
});
/** The permissions it holds: every one the check asks but ASSIGN_ISSUES. */
const HELD = ['BROWSE_PROJECTS', 'CREATE_ISSUES', 'EDIT_ISSUES', 'ADD_COMMENTS', 'TRANSITION_ISSUES'];
const ALL = [...HELD, 'ASSIGN_ISSUES', 'ADMINISTER', 'SYSTEM_ADMIN', 'DELETE_ISSUES'];

/** The headers a cross-origin page may read once its origin is allowed. */
const EXPOSED = 'X-AUSERNAME, X-Seraph-LoginReason, X-Authentication-Denied-Reason, Retry-After, X-RateLimit-Limit, X-RateLimit-Remaining, X-RateLimit-Interval-Seconds, X-RateLimit-FillRate';

const TOMCAT_404 =
  '<!doctype html><html lang="en"><head><title>HTTP Status 404 \u2013 Not Found</title></head><body><h1>HTTP Status 404 \u2013 Not Found</h1></body></html>';
const PROXY_403 = '<html><head><title>403 Forbidden</title></head><body><center><h1>403 Forbidden</h1></center><hr><center>nginx</center></body></html>';

/** True for a host the Data Center fake answers. */
export const isDataCenterHost = (host) => host === DC_HOST || host.endsWith('.dc.test');

/**
 * Answers one request to the Data Center fake. `allowlist`: the origins its CORS allowlist holds;
 * `behaviour`: the fake's behaviour ('ok' or one above); `pending`: where a hanging answer waits.
 */
export function answerDataCenter(req, res, { host, allowlist, behaviour, pending, entry }) {
  const origin = req.headers.origin;
  const allowed = origin !== undefined && allowlist.has(origin);
  const base = {
    'Date': new Date().toUTCString(),
    'X-AREQUESTID': `${Math.floor(Math.random() * 1000)}x${Math.floor(Math.random() * 100000)}x1`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache, no-store, no-transform',
  };
  if (allowed) {
    base['Access-Control-Allow-Origin'] = origin;
    base['Access-Control-Allow-Credentials'] = 'true';
    base['Access-Control-Expose-Headers'] = EXPOSED;
    base['Vary'] = 'Origin';
  }
  const { send, json } = answerers(req, res, base);

  if (req.method === 'OPTIONS') {
    if (allowed) {
      res.writeHead(200, {
        ...base,
        'Access-Control-Allow-Headers': 'Authorization, Accept',
        'Access-Control-Allow-Methods': 'GET, OPTIONS',
        'Access-Control-Max-Age': '0',
      });
      res.end();
    } else send(200, { 'Allow': 'GET, HEAD, OPTIONS' });
    return;
  }

  const pathname = new URL(req.url, 'https://fake.invalid').pathname;
  if (!pathname.startsWith(`${DC_CONTEXT}/`)) return send(404, { 'Content-Type': 'text/html;charset=utf-8' }, TOMCAT_404);
  const below = pathname.slice(DC_CONTEXT.length);
  if (below === '/status') return json(200, { state: 'RUNNING' });
  const endpoint = below === '/rest/api/2/myself' ? 'myself' : below === '/rest/api/2/mypermissions' ? 'mypermissions' : null;
  if (!endpoint) return send(404, { 'Content-Type': 'text/html;charset=utf-8' }, TOMCAT_404);

  const auth = String(req.headers.authorization ?? '');
  const bearer = /^Bearer (\S+)$/.exec(auth)?.[1];
  const anonymous = { 'X-AUSERNAME': 'anonymous' };
  const notAuthenticated = { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} };
  entry.behaviour = behaviour;
  switch (behaviour) {
    case 'expired':
      return json(401, notAuthenticated, anonymous);
    case 'captcha':
      return send(403, {
        'Content-Type': 'text/html;charset=UTF-8',
        'X-Seraph-LoginReason': 'AUTHENTICATION_DENIED',
        'X-Authentication-Denied-Reason': `CAPTCHA_CHALLENGE; login-url=https://${host}${DC_CONTEXT}/login.jsp`,
        ...anonymous,
      }, '<html><body>CAPTCHA_CHALLENGE</body></html>');
    case 'rate-limited':
      return json(429, { message: 'Rate limit exceeded' }, {
        'Retry-After': '30',
        'X-RateLimit-Limit': '100',
        'X-RateLimit-Remaining': '0',
        'X-RateLimit-Interval-Seconds': '60',
        'X-RateLimit-FillRate': '10',
      });
    case 'forbidden-page':
      return send(403, { 'Content-Type': 'text/html' }, PROXY_403);
    case 'site-not-found':
      return send(404, { 'Content-Type': 'text/html;charset=utf-8' }, TOMCAT_404);
    case 'server-error':
      return json(500, { errorMessages: ['Internal server error'], errors: {} });
    case 'cloud':
      return json(403, { error: 'Failed to parse Connect Session Auth Token' });
    case 'redirect':
      return send(302, { 'Location': `https://sso.dc.test/login?target=${DC_CONTEXT}`, 'Content-Type': 'text/html' }, '');
    case 'hang':
      pending.add(res);
      res.on('close', () => pending.delete(res));
      return undefined;
    case 'reset':
      req.socket.destroy();
      return undefined;
    default:
      break;
  }
  // Basic goes to the sign-in layer (Seraph), which refuses a personal access token as a password.
  if (auth.startsWith('Basic ')) return json(401, notAuthenticated, { ...anonymous, 'X-Seraph-LoginReason': 'AUTHENTICATED_FAILED' });
  // A token it does not know (mistyped, expired, revoked) leaves the request anonymous.
  if (bearer !== DC_TEST_TOKEN) return json(401, notAuthenticated, anonymous);
  const user = { 'X-AUSERNAME': DC_USER.name };
  if (endpoint === 'myself') {
    return json(200, { self: `https://${host}${DC_CONTEXT}/rest/api/2/user?username=${DC_USER.name}`, ...DC_USER, groups: { size: 2, items: [] }, applicationRoles: { size: 1, items: [] }, expand: 'groups,applicationRoles' }, user);
  }
  const permissions = {};
  for (const key of ALL) {
    permissions[key] = { id: String(ALL.indexOf(key) + 10), key, name: key, type: key.includes('ADMIN') ? 'GLOBAL' : 'PROJECT', description: '', havePermission: HELD.includes(key) };
  }
  return json(200, { permissions }, user);
}
