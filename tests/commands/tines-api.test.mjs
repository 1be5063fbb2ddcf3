// The command that creates the credential through Tines' API (`tinesApi`), run for real: the
// generated text, unchanged, under `sh -c` (and bash), against a fake of Tines' API over HTTPS
// (fake-tines.mjs). The Tines API key and the Jira token are given on standard input, where the
// command reads them with `read`, or typed at its prompts on a terminal. While it runs, a watcher
// lists every process's command line (argv-watch.py) and must find neither secret; and strace
// records every program the command starts, with its arguments and environment, so that even a
// process too brief for the watcher to see (an external printf lives for a millisecond) is caught.
//
//   node --test tests/commands/tines-api.test.mjs      (needs `npm run build`)

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { makeToken } from '../e2e/fake-jira.mjs';
import { startFakeTines, VALID_KEY, TINES_HOSTS } from './fake-tines.mjs';
import { loadApi, commandsFor, curlHome, runShell, runOnTerminal, startWatcher, HOSTILE_EMAILS, HOSTILE_NAMES, SHELLS, TODAY } from './lib.mjs';

const TOKEN = makeToken('the token typed at the Tines prompt');
const SITE_HOST = 'acme.atlassian.net';
const TEAM = '42';
const EXPIRY = '2027-01-15';

let fake;
let home;
let watcher;

let api;
before(async () => {
  api = await loadApi();
  // The fake answers after 300 ms, so curl is alive long enough for the watcher to see it, on a
  // loaded machine too (npm test runs two suites at once: gaps of 190 ms between the watcher's
  // rounds were seen at a load of 13, when 100 ms let a curl come and go unseen).
  fake = await startFakeTines({ delayMs: 300 });
  home = curlHome({ maps: TINES_HOSTS.map((host) => ({ host, port: fake.port })), certs: [fake.certPath] });
  watcher = startWatcher();
});
after(async () => {
  await watcher?.close();
  await fake?.close();
  home?.remove();
});

/** The command for these inputs (defaults: jane on acme, team 42, no expiry). */
function tinesCommand({ email = 'jane@acme.com', name = 'Jira', scoped = false, expiresOn = '', tenant = 'acme.tines.com', teamId = TEAM } = {}) {
  const command = commandsFor({ site: 'acme', email, name, scoped, expiresOn, tinesTenant: tenant, teamId }).tinesApi;
  assert.equal(typeof command, 'string');
  return command;
}

/**
 * A scratch copy of `command` with `edit` applied to its shell script: the command itself when it
 * is `( ... )`, or the quoted script when it is `sh -c '...'`, put back together the same way. So
 * the controls below keep breaking the real command, whichever of the two forms it takes.
 */
function scratchCopy(command, edit) {
  const m = /^sh -c ((?:'[^']*'|\\')+)$/.exec(command);
  if (!m) return edit(command);
  const script = m[1].replace(/'([^']*)'|\\'/g, (_, quoted) => quoted ?? "'");
  return `sh -c '${edit(script).replaceAll("'", "'\\''")}'`;
}

/** Runs `command` with the secrets on standard input, watched and traced. */
async function runWatched(command, { key = VALID_KEY, token = TOKEN, shell = 'sh' } = {}) {
  fake.clear();
  await watcher.watch([key, token]);
  const result = await runShell(shell, command, { env: home.env, stdin: `${key}\n${token}\n`, trace: true });
  const watch = await watcher.stop();
  return { ...result, key, token, watch, requests: [...fake.requests] };
}

const CURL_EXEC = 'execve("/usr/bin/curl", ["curl", "--silent", "--show-error", "--include", "--config", "-"]';

/** The programs the command started whose arguments or environment hold a secret. */
function execsHolding(r, secret) {
  // Only the execs that started a program (= 0): a failed try along PATH starts nothing.
  return secret ? r.execs.filter((line) => line.endsWith(' = 0') && line.includes(secret)).map((line) => /execve\("([^"]*)"/.exec(line)?.[1]) : [];
}

/** The watcher saw the command's curl, strace saw every program it started, and no secret anywhere. */
function assertWatchedAndClean(r, { sawCurl = true } = {}) {
  assert.deepEqual(r.watch.hits, [], `a secret was on a command line: ${JSON.stringify(r.watch.hits)}`);
  for (const [what, secret] of [['API key', r.key], ['Jira token', r.token]]) {
    assert.deepEqual(execsHolding(r, secret), [], `the ${what} was in a started program's arguments or environment`);
  }
  if (sawCurl) {
    assert.ok(
      r.watch.seen.includes('curl --silent --show-error --include --config -'),
      `the watcher never saw the command's curl (${r.watch.rounds} rounds, longest gap ${r.watch.longestGapMs} ms)`,
    );
    assert.ok(r.execs.some((line) => line.includes(CURL_EXEC)), `strace did not see curl start:\n${r.execs.join('\n')}`);
  }
}

/** What the command printed: Tines' status line and body, and nothing secret. */
function printed(r, key = VALID_KEY, token = TOKEN) {
  for (const secret of [key, token]) {
    assert.ok(!r.stdout.includes(secret) && !r.stderr.includes(secret), 'a secret was printed');
  }
  const m = /^HTTP\/1\.1 (\d{3}) [^\r\n]*\r\n(?:[^\r\n]+\r\n)*\r\n([\s\S]*)\n$/.exec(r.stdout);
  assert.ok(m, `not a status line, headers, blank line and body:\n${r.stdout}`);
  return { status: Number(m[1]), body: JSON.parse(m[2]) };
}

/** The body Tines should receive for these inputs. */
function expectedBody({ email = 'jane@acme.com', name = 'Jira', scoped = false, expiresOn = '' } = {}, token = TOKEN) {
  return {
    value: token,
    name,
    mode: 'TEXT',
    team_id: Number(TEAM),
    description: `Jira Cloud ${SITE_HOST} as ${email}`,
    metadata: { domain: SITE_HOST, username: email },
    allowed_hosts: scoped || email.endsWith('@serviceaccount.atlassian.com') ? [SITE_HOST, 'api.atlassian.com'] : [SITE_HOST],
    read_access: 'TEAM',
    // Tines' own expiry emails are turned on with a date (issue 29).
    ...(expiresOn ? { expires_at: `${expiresOn}T00:00:00Z`, expiry_notifications_enabled: true } : {}),
  };
}

/** The one request the fake got, checked as Tines would see it. */
function theRequest(r, { host = 'acme.tines.com', key = VALID_KEY } = {}) {
  assert.equal(r.requests.length, 1, `requests: ${JSON.stringify(r.requests.map((q) => q.url))}\nstderr: ${r.stderr}`);
  const q = r.requests[0];
  assert.equal(q.method, 'POST');
  assert.equal(q.host, host);
  assert.equal(q.url, '/api/v1/user_credentials');
  assert.equal(q.headers.authorization, `Bearer ${key}`);
  assert.equal(q.headers['content-type'], 'application/json');
  assert.equal(q.headers.accept, 'application/json');
  assert.ok(q.body, `the body is not JSON: ${q.raw}`);
  return q;
}

describe('the argv watcher', () => {
  test('it sees a sentinel in a short-lived process\'s command line', async () => {
    const sentinel = `sentinel-${process.pid}-${Date.now()}`;
    await watcher.watch([sentinel, 'never-on-any-command-line-x9q']);
    // $0 of this sh is the sentinel: it stays on its command line for the 0.2 s it lives.
    await new Promise((resolve) => spawn('sh', ['-c', 'sleep 0.2', sentinel]).on('close', resolve));
    const watch = await watcher.stop();
    // The sh, and its child in the moment between fork and exec: both carry the sentinel.
    assert.deepEqual([...new Set(watch.hits.map((h) => h.needle))], [0], JSON.stringify(watch.hits));
    assert.ok(watch.seen.includes('sh -c sleep 0.2 <needle 0>'));
    assert.ok(watch.rounds >= 5, `only ${watch.rounds} rounds`);
  });

  test('it catches the API key in a scratch copy of the real command that gives it to curl as an argument', async () => {
    const header = 'printf "header = \\"Authorization: Bearer %s\\"\\n" "$tines_key"\n';
    const broken = scratchCopy(tinesCommand({ name: 'Scratch copy' }), (script) => {
      assert.ok(script.includes(header), 'the command no longer writes the header this way: update the scratch copy');
      return script
        .replace(header, '')
        .replace('| curl --silent --show-error --include --config -', '| curl --header "Authorization: Bearer $tines_key" --silent --show-error --include --config -');
    });
    const r = await runWatched(broken);
    // The broken copy still works, which is what makes the mistake easy to miss...
    assert.equal(theRequest(r).headers.authorization, `Bearer ${VALID_KEY}`);
    assert.equal(printed(r).status, 201);
    // ...and the watcher sees the key on curl's command line, as does strace.
    assert.deepEqual([...new Set(r.watch.hits.map((h) => `${h.needle} ${h.program}`))], ['0 curl'], JSON.stringify(r.watch.hits));
    assert.deepEqual(execsHolding(r, VALID_KEY), ['/usr/bin/curl']);
  });

  test('strace catches the token in a scratch copy that writes the body with the external printf', async () => {
    const write = 'printf "{\\"value\\":\\"%s\\",%s\\n"';
    const broken = scratchCopy(tinesCommand({ name: 'Scratch copy 2' }), (script) => {
      assert.ok(script.includes(write), 'the command no longer writes the body this way: update the scratch copy');
      return script.replace(write, `/usr/bin/${write}`);
    });
    const r = await runWatched(broken);
    assert.equal(theRequest(r).body.value, TOKEN);
    // /usr/bin/printf lives for about a millisecond: the watcher may or may not see it; strace does.
    assert.deepEqual(execsHolding(r, TOKEN), ['/usr/bin/printf']);
    assert.deepEqual(execsHolding(r, VALID_KEY), []);
  });

  test('strace sees a secret in the environment of a program the command starts', async () => {
    const broken = scratchCopy(tinesCommand({ name: 'Scratch copy 3' }), (script) => {
      assert.ok(script.includes('| curl --silent'), 'update the scratch copy');
      return script.replace('| curl --silent', '| env TINES_KEY="$tines_key" curl --silent');
    });
    const r = await runWatched(broken);
    assert.equal(printed(r).status, 201);
    assert.deepEqual(execsHolding(r, VALID_KEY), ['/usr/bin/env', '/usr/bin/curl']);
  });
});

describe('tinesApi under sh: the credential is created', () => {
  test('201: the body field by field, the Bearer key, the answer printed, no secret on any command line', async () => {
    const r = await runWatched(tinesCommand({ expiresOn: EXPIRY }));
    assert.equal(r.status, 0, r.stderr);
    const q = theRequest(r);
    const b = q.body;
    assert.equal(b.name, 'Jira');
    assert.equal(b.mode, 'TEXT');
    assert.equal(b.value, TOKEN, 'value is not the token typed at the prompt');
    assert.ok(Number.isInteger(b.team_id) && b.team_id === 42, `team_id ${JSON.stringify(b.team_id)}`);
    assert.equal(b.description, `Jira Cloud ${SITE_HOST} as jane@acme.com`);
    assert.deepEqual(b.metadata, { domain: SITE_HOST, username: 'jane@acme.com' });
    assert.deepEqual(b.allowed_hosts, [SITE_HOST]);
    assert.equal(b.read_access, 'TEAM');
    assert.equal(b.expires_at, '2027-01-15T00:00:00Z');
    assert.equal(b.expiry_notifications_enabled, true, 'Tines\u2019 expiry emails are on');
    assert.deepEqual(Object.keys(b).sort(), Object.keys(expectedBody({ expiresOn: EXPIRY })).sort());

    const answer = printed(r);
    assert.equal(answer.status, 201);
    assert.equal(answer.body.name, 'Jira');
    assert.equal(answer.body.slug, 'jira');
    assert.equal(answer.body.expires_at, '2027-01-15T00:00:00Z');
    assert.equal(answer.body.expiry_notifications_enabled, true);
    assert.equal(fake.credentials[0].value, TOKEN);
    assert.match(r.stderr, /^Tines API key \(typing is hidden\): \nJira API token \(typing is hidden\): \n$/);
    assertWatchedAndClean(r);
  });

  test('no expiry given: no expires_at in the body', async () => {
    const r = await runWatched(tinesCommand({ name: 'Jira no expiry' }));
    const q = theRequest(r);
    assert.ok(!('expires_at' in q.body) && !('expiry_notifications_enabled' in q.body));
    assert.deepEqual(q.body, expectedBody({ name: 'Jira no expiry' }));
    assert.equal(printed(r).status, 201);
    assertWatchedAndClean(r);
  });

  test('the scoped route: allowed_hosts holds the site and api.atlassian.com', async () => {
    const input = { email: 'bot@serviceaccount.atlassian.com', name: 'Jira bot', expiresOn: EXPIRY };
    const r = await runWatched(tinesCommand(input));
    assert.deepEqual(theRequest(r).body, expectedBody(input));
    assert.deepEqual(theRequest(r).body.allowed_hosts, [SITE_HOST, 'api.atlassian.com']);
    assert.equal(printed(r).status, 201);
    assertWatchedAndClean(r);
  });

  test('a custom-domain tenant: the request goes to that host', async () => {
    const r = await runWatched(tinesCommand({ tenant: 'tines.example.com', name: 'Jira custom' }));
    theRequest(r, { host: 'tines.example.com' });
    assert.equal(printed(r).status, 201);
  });

  for (const shell of SHELLS) {
    test(`run by ${shell}: the same request, no secret on any command line`, async () => {
      const input = { name: `Jira ${shell}`, expiresOn: EXPIRY };
      const r = await runWatched(tinesCommand(input), { shell });
      assert.deepEqual(theRequest(r).body, expectedBody(input));
      assert.equal(printed(r).status, 201);
      assertWatchedAndClean(r);
    });
  }

  HOSTILE_EMAILS.forEach((email, i) => {
    const name = `${HOSTILE_NAMES[i % HOSTILE_NAMES.length]} ${i}`;
    test(`email ${email} and name ${name} reach Tines intact`, async () => {
      const input = { email, name, scoped: i % 2 === 1, expiresOn: i % 2 ? EXPIRY : '' };
      const r = await runWatched(tinesCommand(input));
      assert.equal(r.status, 0, r.stderr);
      assert.deepEqual(theRequest(r).body, expectedBody(input));
      const answer = printed(r);
      assert.equal(answer.status, 201, JSON.stringify(answer.body));
      assert.equal(answer.body.name, name);
      assertWatchedAndClean(r);
    });
  });

  HOSTILE_NAMES.forEach((name) => {
    test(`name ${name} reaches Tines intact`, async () => {
      const input = { name: `${name} (named)` };
      const r = await runWatched(tinesCommand(input));
      assert.deepEqual(theRequest(r).body, expectedBody(input));
      assert.equal(printed(r).status, 201);
    });
  });
});

describe('tinesApi under sh: Tines refuses, and the command shows why', () => {
  test('401 for a wrong API key: shown, nothing created', async () => {
    const wrongKey = 'tns_not-the-key-the-tenant-issued';
    const r = await runWatched(tinesCommand({ name: 'Jira 401' }), { key: wrongKey });
    theRequest(r, { key: wrongKey });
    const answer = printed(r, wrongKey);
    assert.equal(answer.status, 401);
    assert.deepEqual(answer.body, { error: 'Unauthorized' });
    assert.match(r.stdout, /^HTTP\/1\.1 401 Unauthorized\r\n/);
    assert.equal(fake.credentials.length, 0);
    assertWatchedAndClean(r);
  });

  test('422 for a team that does not exist: the errors are shown', async () => {
    const r = await runWatched(tinesCommand({ name: 'Jira 422', teamId: '999' }));
    assert.equal(theRequest(r).body.team_id, 999);
    const answer = printed(r);
    assert.equal(answer.status, 422);
    assert.deepEqual(answer.body, { errors: ['Team must exist'] });
    assert.match(r.stdout, /^HTTP\/1\.1 422 Unprocessable Entity\r\n/);
    assert.equal(fake.credentials.length, 0);
  });

  test('422 for a name already taken in the team: the second run shows the error', async () => {
    const command = tinesCommand({ name: 'Jira twice' });
    fake.clear();
    const first = await runShell('sh', command, { env: home.env, stdin: `${VALID_KEY}\n${TOKEN}\n` });
    assert.match(first.stdout, /^HTTP\/1\.1 201 Created\r\n/);
    const second = await runShell('sh', command, { env: home.env, stdin: `${VALID_KEY}\n${TOKEN}\n` });
    assert.match(second.stdout, /^HTTP\/1\.1 422 /);
    assert.deepEqual(JSON.parse(second.stdout.slice(second.stdout.indexOf('\r\n\r\n') + 4)), { errors: ['Name has already been taken'] });
    assert.equal(fake.credentials.length, 1);
  });
});

describe('tinesApi under sh: the token decided as the page decides it, before anything is sent', () => {
  // What the page's token check calls an error is refused, and nothing is sent; what it only warns
  // of is sent as the page would send it (the cleaned value). The whole table, under dash and bash,
  // is token-rules.test.mjs; these run the create command itself against the fake Tines.
  const refused = [
    ['a token with a space', `${TOKEN.slice(0, 90)} ${TOKEN.slice(90)}`],
    ['a token with a "Basic " prefix', `Basic ${TOKEN}`],
    ['a token with a shell expansion', `$(touch /tmp/pwned-${process.pid})`],
    ['an email and the token', `jane@acme.com:${TOKEN}`],
    ['an empty token', ''],
  ];
  for (const [what, token] of refused) {
    test(`${what}: refused, no request`, async () => {
      assert.equal(api.checkToken(token, TODAY).ok, false, 'the page refuses it too');
      const r = await runWatched(tinesCommand({ name: 'Jira refused' }), { token });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /That is not a Jira API token: .*\. Nothing was sent\./);
      assert.equal(r.requests.length, 0, 'the fake got a request');
      assert.equal(r.stdout, '');
      assert.ok(!fs.existsSync(`/tmp/pwned-${process.pid}`), 'the typed token was run as shell code');
      assertWatchedAndClean(r, { sawCurl: false });
    });
  }

  const sent = [
    ['a token with a quote', `${TOKEN}'`],
    ['a token with a double quote', `${TOKEN}"`],
    ['a token with a backslash', `${TOKEN}\\`],
    ['a token in quotation marks', `"${TOKEN}"`],
    ['a token with a carriage return (a Windows paste)', `${TOKEN}\r`],
  ];
  for (const [what, token] of sent) {
    test(`${what}: sent as the page would send it`, async () => {
      const page = api.checkToken(token, TODAY);
      assert.equal(page.ok, true, 'the page accepts it');
      const r = await runWatched(tinesCommand({ name: 'Jira sent' }), { token });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(theRequest(r).body.value, page.value);
      const warned = page.diagnostics.some((d) => d.severity === 'warning');
      assert.equal(/^Note: /m.test(r.stderr), warned, `the page ${warned ? 'warns' : 'does not warn'}: ${r.stderr}`);
      assertWatchedAndClean(r);
    });
  }

  for (const [what, key] of [['an API key with a space', 'tns_abc def'], ['an API key with a quote', `tns_abc"`], ['an empty API key', '']]) {
    test(`${what}: refused, no request`, async () => {
      const r = await runWatched(tinesCommand({ name: 'Jira refused' }), { key });
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /That is not a Tines API key .*nothing was sent\./);
      assert.equal(r.requests.length, 0, 'the fake got a request');
    });
  }
});

describe('tinesApi on a terminal: the secrets typed at its prompts', () => {
  test('typing is hidden at both prompts, neither secret is shown or on a command line, the value arrives', async () => {
    const command = tinesCommand({ name: 'Jira typed', expiresOn: EXPIRY });
    fake.clear();
    await watcher.watch([VALID_KEY, TOKEN]);
    const run = await runOnTerminal(['sh', '-c', command], {
      env: home.env,
      answers: [
        { expect: 'Tines API key (typing is hidden): ', reply: VALID_KEY },
        { expect: 'Jira API token (typing is hidden): ', reply: TOKEN },
      ],
    });
    const watch = await watcher.stop();
    assert.equal(run.status, 0, run.output);
    assert.deepEqual(run.echoOff, [true, true], 'typing was not hidden');
    assert.ok(!run.output.includes(VALID_KEY) && !run.output.includes(TOKEN), 'a secret was shown on the terminal');
    assert.match(run.output, /HTTP\/1\.1 201 Created/);
    assert.deepEqual(watch.hits, []);
    assert.deepEqual(fake.requests[0].body, expectedBody({ name: 'Jira typed', expiresOn: EXPIRY }));
  });
});
