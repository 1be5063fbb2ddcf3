// A fake of Tines' API over HTTPS, for running the generated commands that create a credential
// (tines-api.test.mjs) and replace its token (tines-replace.test.mjs) for real. It serves, as Tines
// documents them (tines.com/api/credentials; tines.com/api, "Pagination"), with
// `Authorization: Bearer <API key>` (401 `{"error": "Unauthorized"}` for a missing or unknown key):
//
//   POST /api/v1/user_credentials     a JSON body
//     201  the created credential as JSON (its value is never echoed back)
//     422  {"errors": [...]}: a body Tines would refuse (a missing or mistyped field, an
//          unknown team, a name already taken in the team)
//   GET  /api/v1/user_credentials?team_id=&per_page=&page=
//     200  {"user_credentials": [...], "meta": {current_page, previous_page, next_page,
//          next_page_number, per_page, pages, count}}: the team's credentials, paged, never a value.
//          per_page is capped at maxPerPage (Tines: 500), so a test can make the pages small.
//   PUT  /api/v1/user_credentials/<id>     a JSON body with mode TEXT
//     200  the updated credential (never its value). Every field it can set and the body leaves
//          out is set to null, as Tines documents for a PUT: a command that forgets a field loses it.
//     404  no such credential; 422 a body Tines would refuse
//
// It records every request (method, host, path, headers, raw body, parsed body) so a test can check
// the body field by field. Nothing here is a real key: VALID_KEY is made up for the tests.
//
//   const fake = await startFakeTines({ delayMs: 150, maxPerPage: 2 });
//   fake.seed({ name, team_id, metadata, ... })  // an existing credential; returns it with its id

import https from 'node:https';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { listen, makeCertificate } from '../e2e/fake-jira.mjs';

/** The hosts the fake's certificate names: a Tines cloud tenant and a custom domain. */
export const TINES_HOSTS = Object.freeze(['acme.tines.com', 'tines.example.com']);

/** The API key the fake accepts (Tines keys are long random strings). */
export const VALID_KEY = 'tns_Zq3vE8kLr2Xw9Yp4Mn7Bc1Dt6Fg0Hj5Ks.Ua~Vb+Wc/Xd-Ye=Zf';
/**
 * A second key the fake accepts, for the replace suite: the create suite puts VALID_KEY on a command
 * line on purpose (to prove its watcher sees it), and the suites run two at a time, each watcher
 * listing every process on the machine, so each suite watches for a key only it types.
 */
export const REPLACE_KEY = 'tns_R3pl4ceK3yOnlyTh3Repl4ceSu1teTyp3s.Qa~Rb+Sc/Td-Ue=Vf';
const KEYS = [VALID_KEY, REPLACE_KEY];

/** Teams that exist on the fake tenant. */
export const TEAMS = Object.freeze([42, 7]);

const STRING_FIELDS = ['name', 'value', 'description'];
const READ_ACCESS = ['TEAM', 'GLOBAL', 'SPECIFIC_TEAMS'];

/** What Tines would refuse in a create-text-credential body, as messages; [] when it is fine. */
export function bodyProblems(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return ['Body must be a JSON object'];
  const problems = [];
  for (const field of ['name', 'value']) {
    if (typeof body[field] !== 'string' || body[field] === '') problems.push(`${field} can't be blank`);
  }
  for (const field of STRING_FIELDS) {
    if (field in body && typeof body[field] !== 'string') problems.push(`${field} must be a string`);
  }
  if (body.mode !== 'TEXT') problems.push('mode must be TEXT for a text credential');
  if (!Number.isInteger(body.team_id)) problems.push('team_id must be an integer');
  else if (!TEAMS.includes(body.team_id)) problems.push('Team must exist');
  if ('read_access' in body && !READ_ACCESS.includes(body.read_access)) problems.push('read_access is not included in the list');
  if ('metadata' in body && (body.metadata === null || typeof body.metadata !== 'object' || Array.isArray(body.metadata))) {
    problems.push('metadata must be an object');
  }
  if ('allowed_hosts' in body && !(Array.isArray(body.allowed_hosts) && body.allowed_hosts.every((h) => typeof h === 'string'))) {
    problems.push('allowed_hosts must be an array of strings');
  }
  if ('expires_at' in body && (typeof body.expires_at !== 'string' || Number.isNaN(Date.parse(body.expires_at)))) {
    problems.push('expires_at must be an ISO 8601 timestamp');
  }
  if ('expiry_notifications_enabled' in body && typeof body.expiry_notifications_enabled !== 'boolean') {
    problems.push('expiry_notifications_enabled must be a boolean');
  }
  return problems;
}

/** The fields a PUT sets: each one the body leaves out becomes null. */
export const UPDATABLE = Object.freeze([
  'name', 'value', 'mode', 'description', 'metadata', 'allowed_hosts', 'read_access', 'expires_at',
  'expiry_notifications_enabled', 'credential_notification_recipient_user_ids',
]);

/** What Tines would refuse in an update body, as messages; [] when it is fine. */
export function updateProblems(body) {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return ['Body must be a JSON object'];
  const problems = [];
  if (body.mode !== 'TEXT') problems.push('mode is required, and TEXT for a text credential');
  for (const field of ['name', 'value']) {
    if (field in body && (typeof body[field] !== 'string' || body[field] === '')) problems.push(`${field} can't be blank`);
  }
  if ('team_id' in body) problems.push('team_id cannot be changed');
  if ('read_access' in body && !READ_ACCESS.includes(body.read_access)) problems.push('read_access is not included in the list');
  if ('expires_at' in body && body.expires_at !== null && (typeof body.expires_at !== 'string' || Number.isNaN(Date.parse(body.expires_at)))) {
    problems.push('expires_at must be an ISO 8601 timestamp');
  }
  if ('expiry_notifications_enabled' in body && typeof body.expiry_notifications_enabled !== 'boolean') {
    problems.push('expiry_notifications_enabled must be a boolean');
  }
  for (const unknown of Object.keys(body).filter((k) => !UPDATABLE.includes(k))) problems.push(`${unknown} is not a field of a credential`);
  return problems;
}

/** A credential as Tines answers it: every field but the value. */
function shown(credential) {
  const { value, ...rest } = credential;
  void value;
  return rest;
}

/** Tines' slug for a credential name: an underscored representation of it. */
function slug(name) {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
}

/**
 * Start the fake. Options: port (0: any free), host ('127.0.0.1'), delayMs (wait this long before
 * answering, so a client stays alive long enough to be watched).
 */
export async function startFakeTines({ port = 0, host = '127.0.0.1', delayMs = 0, maxPerPage = 500 } = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fake-tines-'));
  const { certPath, keyPath, certPem } = await makeCertificate(dir, { names: TINES_HOSTS, prefix: 'fake-tines', server: false });

  const requests = [];
  const credentials = [];
  let nextId = 1001;

  const server = https.createServer({ key: fs.readFileSync(keyPath), cert: certPem }, (req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body;
      try {
        body = raw ? JSON.parse(raw) : undefined;
      } catch {
        body = undefined;
      }
      const entry = {
        method: req.method,
        host: String(req.headers.host ?? '').replace(/:\d+$/, ''),
        url: req.url,
        headers: { ...req.headers },
        raw,
        body,
        status: undefined,
      };
      requests.push(entry);
      setTimeout(() => answer(req, res, entry), delayMs);
    });
  });

  function send(res, entry, status, value) {
    entry.status = status;
    const text = JSON.stringify(value);
    res.writeHead(status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': Buffer.byteLength(text),
      'X-Request-Id': crypto.randomUUID(),
    });
    res.end(text);
  }

  function answer(req, res, entry) {
    if (!TINES_HOSTS.includes(entry.host)) return send(res, entry, 421, { errors: [`fake-tines does not serve ${entry.host}`] });
    const url = new URL(entry.url, `https://${entry.host}`);
    const one = /^\/api\/v1\/user_credentials\/(\d+)$/.exec(url.pathname);
    if (url.pathname !== '/api/v1/user_credentials' && !one) return send(res, entry, 404, { errors: ['Not found'] });
    const allowed = one ? ['PUT'] : ['POST', 'GET'];
    if (!allowed.includes(req.method)) return send(res, entry, 405, { errors: ['Method not allowed'] });
    const auth = /^Bearer (\S+)$/.exec(String(req.headers.authorization ?? ''));
    if (!auth || !KEYS.includes(auth[1])) return send(res, entry, 401, { error: 'Unauthorized' });
    if (req.method === 'GET') return list(res, entry, url);
    if (req.method === 'PUT') return update(res, entry, Number(one[1]));
    if (!/^application\/json\b/i.test(String(req.headers['content-type'] ?? ''))) {
      return send(res, entry, 422, { errors: ['Content-Type must be application/json'] });
    }
    if (entry.body === undefined) return send(res, entry, 422, { errors: ['Body is not valid JSON'] });
    const problems = bodyProblems(entry.body);
    if (!problems.length && credentials.some((c) => c.team_id === entry.body.team_id && c.name === entry.body.name)) {
      problems.push('Name has already been taken');
    }
    if (problems.length) return send(res, entry, 422, { errors: problems });

    const b = entry.body;
    const now = new Date().toISOString();
    const created = {
      id: nextId++,
      name: b.name,
      mode: 'TEXT',
      team_id: b.team_id,
      folder_id: null,
      read_access: b.read_access ?? 'TEAM',
      shared_team_slugs: [],
      slug: slug(b.name),
      description: b.description ?? '',
      allowed_hosts: b.allowed_hosts ?? [],
      metadata: b.metadata ?? {},
      expires_at: b.expires_at ?? null,
      expiry_notifications_enabled: b.expiry_notifications_enabled ?? false,
      credential_notification_recipient_user_ids: [],
      created_at: now,
      updated_at: now,
    };
    credentials.push({ ...created, value: b.value });
    return send(res, entry, 201, created);
  }

  /** GET: the team's credentials, a page of them, with Tines' meta object. */
  function list(res, entry, url) {
    const team = Number(url.searchParams.get('team_id'));
    const perPage = Math.min(maxPerPage, Math.max(1, Number(url.searchParams.get('per_page')) || 20));
    const page = Math.max(1, Number(url.searchParams.get('page')) || 1);
    const all = credentials.filter((c) => !url.searchParams.has('team_id') || c.team_id === team);
    const pages = Math.max(1, Math.ceil(all.length / perPage));
    const link = (n) => {
      const at = new URL(url);
      at.searchParams.set('page', String(n));
      at.searchParams.set('per_page', String(perPage));
      return at.toString();
    };
    return send(res, entry, 200, {
      user_credentials: all.slice((page - 1) * perPage, page * perPage).map(shown),
      meta: {
        current_page: link(page),
        previous_page: page > 1 ? link(page - 1) : null,
        next_page: page < pages ? link(page + 1) : null,
        next_page_number: page < pages ? page + 1 : null,
        per_page: perPage,
        pages,
        count: all.length,
      },
    });
  }

  /** PUT: every updatable field from the body, null where the body leaves it out. */
  function update(res, entry, id) {
    const credential = credentials.find((c) => c.id === id);
    if (!credential) return send(res, entry, 404, { errors: ['Not found'] });
    if (entry.body === undefined) return send(res, entry, 422, { errors: ['Body is not valid JSON'] });
    const problems = updateProblems(entry.body);
    if (problems.length) return send(res, entry, 422, { errors: problems });
    for (const field of UPDATABLE) credential[field] = field in entry.body ? entry.body[field] : null;
    if (typeof credential.name === 'string') credential.slug = slug(credential.name);
    credential.updated_at = new Date().toISOString();
    return send(res, entry, 200, shown(credential));
  }

  const sockets = new Set();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {});
  await listen(server, port, host);

  let closed = null;
  return {
    port: server.address().port,
    certPath,
    certPem,
    requests,
    /** The credentials created so far, values included (what Tines would store). */
    credentials,
    clear() {
      requests.length = 0;
      credentials.length = 0;
    },
    /** Adds an existing credential (value included, as Tines stores it); returns it with its id. */
    seed(fields) {
      const now = new Date().toISOString();
      const credential = {
        id: nextId++,
        name: 'Jira',
        mode: 'TEXT',
        team_id: 42,
        folder_id: null,
        read_access: 'TEAM',
        shared_team_slugs: [],
        description: '',
        allowed_hosts: [],
        metadata: {},
        expires_at: null,
        expiry_notifications_enabled: false,
        credential_notification_recipient_user_ids: [],
        value: 'the-old-token',
        created_at: now,
        updated_at: now,
        ...fields,
      };
      credential.slug = slug(credential.name);
      credentials.push(credential);
      return credential;
    },
    close() {
      closed ??= new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
        for (const s of sockets) s.destroy();
      }).then(() => fs.rmSync(dir, { recursive: true, force: true }));
      return closed;
    },
  };
}
