// The one list of relay cases (cases.mjs), run against every relay (relays.mjs): nginx as shipped,
// nginx with what an operator may turn on, Cloudflare's workerd and Deno. Each case is one test;
// within it the relays run side by side, each against upstreams of its own.
//
//   node --test tests/relay/cases.test.mjs     (after `npm run build`: www/ and deploy/edge/pkg)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CASES, KNOWN_FAILURES, SENT_SECRETS } from './cases.mjs';
import { NGINX, NJS, HEADERS_MORE, NGINX_VERSION, DENO, RELAY_WASM, WWW, startUpstreams, startNginx, startWorkerd, startDeno } from './relays.mjs';

const relays = [];
let tmp;

before(async () => {
  assert.ok(fs.existsSync(RELAY_WASM), 'deploy/edge/pkg is missing: run `npm run build` first');
  assert.ok(NGINX, 'nginx is not installed (`bash scripts/setup.sh --browsers` installs it)');
  assert.ok(DENO, 'deno is not installed (npm ci installs the deno package)');
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-relay-cases-'));
  fs.chmodSync(tmp, 0o755);
  const starts = [
    async () => startNginx({ name: 'nginx', tmp, www: WWW, upstreams: await startUpstreams() }),
    async () =>
      startNginx({
        name: 'nginx tuned',
        tmp,
        www: WWW,
        upstreams: await startUpstreams(),
        modules: [HEADERS_MORE, NJS].filter(Boolean),
        setup(shipped) {
          // What deploy/nginx/README.md tells an operator to do: link the optional includes.
          const enabled = path.join(shipped, 'relay-enabled');
          fs.mkdirSync(enabled);
          if (HEADERS_MORE) fs.symlinkSync('../tines-jira-relay-headers-more.conf', path.join(enabled, 'tines-jira-relay-headers-more.conf'));
          if (NJS) fs.symlinkSync('../tines-jira-relay-njs.conf', path.join(enabled, 'tines-jira-relay-njs.conf'));
        },
        traits: { strictAnswerHeaders: Boolean(HEADERS_MORE), seesRepeatedHeaders: Boolean(NJS) || NGINX_VERSION >= 1.023 },
      }),
    async () => startWorkerd({ upstreams: await startUpstreams() }),
    async () => startDeno({ upstreams: await startUpstreams(), tmp }),
  ];
  relays.push(...(await Promise.all(starts.map((start) => start()))));
});

after(async () => {
  for (const relay of relays) {
    await relay.stop();
    await relay.upstreams.close();
  }
  if (tmp && !process.env.TJC_KEEP_RELAY_TMP) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('one list of cases, every relay', () => {
  for (const c of CASES) {
    test(c.name, async (t) => {
      const results = await Promise.all(
        relays.map(async (relay) => {
          try {
            const note = await c.run(relay);
            if (note) t.diagnostic(`${relay.name}: ${note}`);
            return { relay, error: null };
          } catch (error) {
            return { relay, error };
          }
        }),
      );
      const problems = [];
      for (const { relay, error } of results) {
        const known = KNOWN_FAILURES[relay.kind]?.[c.name];
        if (known && error) t.diagnostic(`${relay.name}: known failure: ${known}`);
        else if (known) problems.push(`${relay.name} now passes: take this case off KNOWN_FAILURES in cases.mjs`);
        else if (error) problems.push(`${relay.name}: ${error.message}`);
      }
      assert.deepEqual(problems, []);
    });
  }

  test('no relay wrote a token, its Basic form, an email or a cookie to any log', async () => {
    for (const relay of relays) await relay.stop(); // flush
    const secrets = ['docs-site-session-cookie', 'Basic '];
    for (const [email, token] of SENT_SECRETS) {
      const b64 = Buffer.from(`${email}:${token}`).toString('base64');
      secrets.push(token, token.slice(0, 32), token.slice(-40), b64, b64.slice(0, 32), b64.slice(-40), email);
    }
    const checked = [];
    for (const relay of relays) {
      for (const [name, text] of Object.entries(relay.logs())) {
        checked.push(`${relay.name} ${name}: ${text.length} bytes`);
        for (const secret of secrets) assert.ok(!text.includes(secret), `${relay.name} ${name} contains ${secret.slice(0, 12)}…`);
      }
    }
    // The nginx logs are in use at their shipped levels: an empty log would prove nothing.
    const nginx = relays.find((r) => r.name === 'nginx').logs();
    assert.ok(nginx['relay-access.log'].includes('"GET acme.atlassian.net/rest/api/3/myself" 200'), 'the relay log records relayed targets');
    assert.match(nginx['error.log'], /limiting requests/);
    t_diag(checked);
  });
});

function t_diag(lines) {
  process.stdout.write(lines.map((l) => `# ${l}\n`).join(''));
}
