// Each relay's overhead, side by side in one run on loopback: the fake Jira asked directly, then
// through nginx, workerd and Deno (started as tests/relay/relays.mjs starts them). For each:
// requests per second at a fixed concurrency (CONCURRENCY), and the p50/p99 latency one request at
// a time (what a relay adds to a visitor's check, without queueing behind others), each round
// bounded in count and time (REQUESTS, LATENCY_REQUESTS, SECONDS), in ROUNDS rounds:
// median (min–max).
//
// Every request comes from a loopback address of its own (Linux routes all of 127/8 to lo), so the
// relays' rate caps (a burst per address, src/relay/rate.rs) measure their bookkeeping without
// refusing anything. Every answer must be Jira's 200 with only allowed headers; errors are counted,
// and the relays' logs are searched for the token at the end.
//
// What the figures include besides the relay: for workerd, miniflare's outboundService (a Node
// function that makes the upstream request); for Deno, the CONNECT proxy its HTTPS goes through.
// The direct figure asks the fake over pooled TLS connections: what Jira itself costs here, the
// floor every relay adds to (nginx opens a TLS connection upstream per request, Connection: close;
// workerd and Deno pool theirs).

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';
import { JANE } from '../../tests/e2e/fake-jira.mjs';
import { NGINX, DENO, WWW, startUpstreams, startNginx, startWorkerd, startDeno } from '../../tests/relay/relays.mjs';

const REQUESTS = 1500;
const LATENCY_REQUESTS = 300;
const SECONDS = 20;
const CONCURRENCY = 16;
const ROUNDS = 3;
const TARGET = '/jira-relay/acme.atlassian.net/rest/api/3/myself';
const AUTH = `Basic ${Buffer.from(`${JANE.email}:${JANE.token}`).toString('base64')}`;
const ALLOWED_BACK = new Set(['content-type', 'cache-control', 'x-content-type-options', 'content-security-policy', 'referrer-policy',
  'cross-origin-resource-policy', 'date', 'server', 'content-length', 'transfer-encoding', 'connection', 'keep-alive', 'vary']);

let addressCounter = 0;
/** 127.1.0.1, 127.1.0.2, …: a client address no request has used. */
function nextAddress() {
  const i = ++addressCounter;
  return `127.${1 + ((i >> 16) & 0x7f)}.${(i >> 8) & 0xff}.${(i & 0xff) || 1}`;
}

/** One request; resolves { ms, ok, leaked } */
function once(send) {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const req = send((res) => {
      res.resume();
      res.on('end', () => {
        const leaked = Object.keys(res.headers).filter((h) => !ALLOWED_BACK.has(h));
        resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, ok: res.statusCode === 200, leaked });
      });
    });
    req.setTimeout(10_000, () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ ms: Number(process.hrtime.bigint() - started) / 1e6, ok: false, leaked: [] }));
    req.end();
  });
}

/** `requests` requests at `concurrency`, bounded by SECONDS: requests/s, p50, p99, errors. */
async function round(send, concurrency, requests) {
  const times = [];
  let errors = 0;
  const leaked = new Set();
  let next = 0;
  const deadline = Date.now() + SECONDS * 1000;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests && Date.now() < deadline) {
        next++;
        const r = await once(send);
        times.push(r.ms);
        if (!r.ok) errors++;
        for (const h of r.leaked) leaked.add(h);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  times.sort((a, b) => a - b);
  const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return { requests: times.length, perSecond: times.length / seconds, p50: at(0.5), p99: at(0.99), errors, leaked: [...leaked] };
}

const stats = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0], median: sorted[Math.floor(sorted.length / 2)], max: sorted.at(-1) };
};

export async function measureRelays() {
  if (!NGINX || !DENO) throw new Error('needs nginx and the deno package (npm test installs both)');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-bench-relays-'));
  fs.chmodSync(tmp, 0o755);
  const upstreams = await startUpstreams();
  const ca = fs.readFileSync(upstreams.certPath);
  const pool = new https.Agent({ keepAlive: true, maxSockets: CONCURRENCY, ca });
  const relays = [];
  try {
    relays.push(await startNginx({ name: 'nginx', tmp, www: WWW, upstreams }));
    relays.push(await startWorkerd({ upstreams }));
    relays.push(await startDeno({ upstreams, tmp }));
    const targets = [
      {
        name: 'direct (fake Jira over HTTPS)',
        send: (cb) =>
          https.request({ host: '127.0.0.1', port: upstreams.fake.port, servername: 'acme.atlassian.net', ca, path: '/rest/api/3/myself',
            headers: { Host: 'acme.atlassian.net', Authorization: AUTH, Accept: 'application/json' }, agent: pool }, cb),
      },
      ...relays.map((relay) => ({
        name: relay.name,
        send: (cb) => {
          const from = nextAddress();
          return http.request({ host: '127.0.0.1', port: relay.port, path: TARGET, localAddress: from, agent: false,
            headers: { ...relay.clientHeaders(from), Authorization: AUTH, Accept: 'application/json', 'Sec-Fetch-Site': 'same-origin' } }, cb);
        },
      })),
    ];
    // Warm each up (JIT, the wasm's first calls), then the rounds, interleaved so that a busy
    // moment of the machine does not fall on one relay only.
    for (const t of targets) for (let i = 0; i < 50; i++) await once(t.send);
    const load = Object.fromEntries(targets.map((t) => [t.name, []]));
    const alone = Object.fromEntries(targets.map((t) => [t.name, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const t of targets) load[t.name].push(await round(t.send, CONCURRENCY, REQUESTS));
      for (const t of targets) alone[t.name].push(await round(t.send, 1, LATENCY_REQUESTS));
    }
    upstreams.fake.clear();

    const direct = alone[targets[0].name];
    const result = { concurrency: CONCURRENCY, requestsPerRound: REQUESTS, latencyRequestsPerRound: LATENCY_REQUESTS, rounds: ROUNDS, rows: [] };
    for (const t of targets) {
      const [rs, one] = [load[t.name], alone[t.name]];
      result.rows.push({
        name: t.name,
        perSecond: stats(rs.map((x) => x.perSecond)),
        p50: stats(one.map((x) => x.p50)),
        p99: stats(one.map((x) => x.p99)),
        addedP50: stats(one.map((x, i) => x.p50 - direct[i].p50)),
        addedP99: stats(one.map((x, i) => x.p99 - direct[i].p99)),
        errors: [...rs, ...one].reduce((a, x) => a + x.errors, 0),
        leaked: [...new Set([...rs, ...one].flatMap((x) => x.leaked))],
      });
    }
    for (const relay of relays) await relay.stop();
    const secrets = [JANE.token, AUTH.slice(6), JANE.email];
    result.tokenInLogs = relays.filter((relay) => Object.values(relay.logs()).some((text) => secrets.some((s) => text.includes(s)))).map((r) => r.name);
    return result;
  } finally {
    for (const relay of relays) await relay.stop();
    pool.destroy();
    await upstreams.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
