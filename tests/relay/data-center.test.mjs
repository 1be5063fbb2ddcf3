// The edge relays deployed for one Jira Data Center (issue 36): Cloudflare's workerd and Deno (the
// Netlify function), each with JIRA_DC_BASE_URL set to the fake Data Center's base, and once more
// without it. They relay that base's two paths with a Bearer token, and nothing else: no other
// base, no host a request names, no Basic to Data Center nor Bearer to Cloud; the red-team
// properties of Cloud (tests/relay/cases.mjs) hold here too: only the headers the module reads come
// back, a redirect is not followed, and a cross-site page is refused. nginx relays Jira Cloud only
// (deploy/nginx/README.md says why).
//
//   node --test tests/relay/data-center.test.mjs     (after `npm run build`)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DENO, RELAY_WASM, startUpstreams, startWorkerd, startDeno } from './relays.mjs';
import { DC_BASE, DC_HOST, DC_TEST_TOKEN, DC_USER, makePat } from '../e2e/fake-data-center.mjs';
import { TEST_TOKEN } from '../e2e/fake-jira.mjs';

const SAME = { 'Sec-Fetch-Site': 'same-origin', Accept: 'application/json' };
const BEARER = { ...SAME, Authorization: `Bearer ${DC_TEST_TOKEN}` };
const MYSELF = `/jira-relay/${DC_HOST}/jira/rest/api/2/myself`;
const PERMISSIONS = `/jira-relay/${DC_HOST}/jira/rest/api/2/mypermissions`;

const relays = [];
const plain = [];
let tmp;

before(async () => {
  assert.ok(fs.existsSync(RELAY_WASM), 'deploy/edge/pkg is missing: run `npm run build` first');
  assert.ok(DENO, 'deno is not installed (npm ci installs the deno package)');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-relay-dc-'));
  fs.chmodSync(tmp, 0o755);
  relays.push(
    ...(await Promise.all([
      (async () => startWorkerd({ name: 'workerd', upstreams: await startUpstreams(), dataCenter: DC_BASE }))(),
      (async () => startDeno({ name: 'deno', upstreams: await startUpstreams(), tmp, dataCenter: DC_BASE }))(),
    ])),
  );
  plain.push(
    ...(await Promise.all([
      (async () => startWorkerd({ name: 'workerd, no Data Center', upstreams: await startUpstreams() }))(),
      (async () => startDeno({ name: 'deno, no Data Center', upstreams: await startUpstreams(), tmp }))(),
    ])),
  );
});

after(async () => {
  for (const relay of [...relays, ...plain]) {
    await relay.stop();
    await relay.upstreams.close();
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** What reached the fake Data Center through `relay`, after `mark`. */
const dcRequests = (relay, mark) => relay.upstreams.fake.requests.slice(mark).filter((r) => r.host === DC_HOST);

describe('a relay deployed for one Jira Data Center', () => {
  test('relays its base\u2019s two paths with the Bearer token, and passes back what the module reads', async () => {
    for (const relay of relays) {
      const mark = relay.upstreams.fake.requests.length;
      const me = await relay.ask(MYSELF, { headers: BEARER });
      assert.equal(me.status, 200, `${relay.name}: ${me.body}`);
      assert.equal(JSON.parse(me.body).key, DC_USER.key);
      assert.equal(me.headers['x-ausername'], DC_USER.name, `${relay.name}: X-AUSERNAME comes back`);
      const can = await relay.ask(PERMISSIONS, { headers: BEARER });
      assert.equal(can.status, 200, `${relay.name}: ${can.body}`);
      const seen = dcRequests(relay, mark);
      assert.deepEqual(seen.map((r) => r.url), ['/jira/rest/api/2/myself', '/jira/rest/api/2/mypermissions'], relay.name);
      for (const r of seen) {
        assert.equal(r.headers.authorization, `Bearer ${DC_TEST_TOKEN}`);
        assert.equal(r.headers.cookie, undefined);
        assert.equal(r.headers['user-agent'], 'tines-jira-credential-relay');
      }
      // Data Center's answers, named by the module, keep their headers: a token it does not
      // know (anonymous), its rate limit.
      const unknown = await relay.ask(MYSELF, { headers: { ...SAME, Authorization: `Bearer ${makePat('unknown')}` } });
      assert.equal(unknown.status, 401);
      assert.equal(unknown.headers['x-ausername'], 'anonymous');
      relay.upstreams.fake.setBehaviour('rate-limited');
      try {
        const limited = await relay.ask(MYSELF, { headers: BEARER });
        assert.equal(limited.status, 429);
        for (const h of ['retry-after', 'x-ratelimit-limit', 'x-ratelimit-interval-seconds', 'x-ratelimit-fillrate']) {
          assert.ok(limited.headers[h], `${relay.name}: ${h} comes back`);
        }
        relay.upstreams.fake.setBehaviour('redirect');
        const moved = await relay.ask(MYSELF, { headers: BEARER });
        assert.equal(moved.headers.location, undefined, `${relay.name}: no Location comes back`);
        assert.equal(dcRequests(relay, mark).filter((r) => r.url.includes('login')).length, 0, 'the redirect is not followed');
      } finally {
        relay.upstreams.fake.reset();
      }
    }
  });

  test('refuses every other base, path, sign-in and caller, and connects to nothing for them', async () => {
    const refused = [
      [`/jira-relay/evil.example/jira/rest/api/2/myself`, BEARER, 404],
      [`/jira-relay/${DC_HOST}/rest/api/2/myself`, BEARER, 404],
      [`/jira-relay/${DC_HOST}:8443/jira/rest/api/2/myself`, BEARER, 404],
      [`/jira-relay/${DC_HOST}/jira/rest/api/3/myself`, BEARER, 404],
      [`/jira-relay/${DC_HOST}/jira/rest/api/2/myself?expand=groups`, BEARER, 404],
      [`/jira-relay/${DC_HOST}/jira/rest/api/2/user?username=admin`, BEARER, 404],
      [`/jira-relay/${DC_HOST}/jira/status`, BEARER, 404],
      [`/jira-relay/${DC_HOST}/jira/rest/api/2/%6dyself`, BEARER, 404],
      [MYSELF, { ...SAME, Authorization: `Basic ${Buffer.from(`jdoe:${TEST_TOKEN}`).toString('base64')}` }, 400],
      [MYSELF, { ...SAME, Authorization: 'Bearer' }, 400],
      [`/jira-relay/acme.atlassian.net/rest/api/3/myself`, BEARER, 400],
      [MYSELF, { ...BEARER, 'Sec-Fetch-Site': 'cross-site' }, 403],
      [MYSELF, { ...BEARER, Origin: 'https://evil.example' }, 403],
    ];
    for (const relay of relays) {
      const mark = relay.upstreams.fake.requests.length;
      for (const [target, headers, status] of refused) {
        const answer = await relay.ask(target, { headers });
        assert.equal(answer.status, status, `${relay.name}: ${target} ${JSON.stringify(headers)}: ${answer.body}`);
        assert.equal(JSON.parse(answer.body).relay, 'refused');
      }
      assert.deepEqual(dcRequests(relay, mark), [], `${relay.name}: a refused request reached the fake`);
    }
  });

  test('a relay deployed without a Data Center relays none', async () => {
    for (const relay of plain) {
      const mark = relay.upstreams.fake.requests.length;
      const answer = await relay.ask(MYSELF, { headers: BEARER });
      assert.equal(answer.status, 404, `${relay.name}: ${answer.body}`);
      assert.deepEqual(dcRequests(relay, mark), []);
      // Cloud as before.
      const cloud = await relay.ask('/jira-relay/acme.atlassian.net/_edge/tenant_info', { headers: SAME });
      assert.equal(cloud.status, 200, `${relay.name}: ${cloud.body}`);
    }
  });
});
