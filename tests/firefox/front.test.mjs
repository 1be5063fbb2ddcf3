// The TLS front (front.mjs) without a browser: it passes the names it serves to the fake Jira and
// drops every other connection without answering.
//
//   node --test tests/firefox/front.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import https from 'node:https';
import net from 'node:net';

import { startFakeJira, CLOUD_ID } from '../e2e/fake-jira.mjs';
import { startFront, readSni } from './front.mjs';

let fake;
let front;

before(async () => {
  fake = await startFakeJira();
  front = await startFront({ to: fake.port, serve: ['acme.atlassian.net'], port: 0 });
});

after(async () => {
  await front?.close();
  await fake?.close();
});

function get(servername, path = '/_edge/tenant_info') {
  return new Promise((resolve) => {
    const req = https.get({ host: '127.0.0.1', port: front.port, servername, path, headers: { Host: servername }, ca: fake.certPem, agent: false }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', (err) => resolve({ error: err.code ?? err.message }));
    req.setTimeout(5_000, () => req.destroy(new Error('timeout')));
  });
}

test('a served name reaches the fake, which answers as Jira', async () => {
  const res = await get('acme.atlassian.net');
  assert.equal(res.status, 200);
  assert.deepEqual(JSON.parse(res.body), { cloudId: CLOUD_ID });
  assert.ok(front.served.some((s) => s.name === 'acme.atlassian.net'));
});

test('any other name is dropped before TLS completes, and never reaches the fake', async () => {
  const before = fake.requests.length;
  for (const name of ['gone.atlassian.net', 'firefox.settings.services.mozilla.com']) {
    const res = await get(name);
    assert.ok(res.error, `${name}: the connection fails (${JSON.stringify(res)})`);
    assert.ok(front.refused.some((r) => r.name === name), `${name} is listed as refused`);
  }
  assert.equal(fake.requests.length, before, 'nothing reached the fake');
});

test('a connection that is not TLS is dropped', async () => {
  const closed = await new Promise((resolve) => {
    const socket = net.connect(front.port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: acme.atlassian.net\r\n\r\n'));
    let data = '';
    socket.on('data', (c) => (data += c));
    socket.on('close', () => resolve(data));
    socket.on('error', () => {});
  });
  assert.equal(closed, '', 'no answer at all');
  assert.ok(front.refused.some((r) => r.name === '(none)'));
});

test('readSni waits for a whole record and reads no name from other bytes', () => {
  assert.deepEqual(readSni(Buffer.from([22, 3, 1])), { complete: false, name: null });
  assert.deepEqual(readSni(Buffer.from([22, 3, 1, 0, 50, 1])), { complete: false, name: null });
  assert.deepEqual(readSni(Buffer.from('GET / HTTP/1.1\r\n')), { complete: true, name: null });
});
