// The check commands for a POSIX shell, run for real: each generated command, unchanged, under
// `sh -c` on a terminal, against the fake Jira Cloud (tests/e2e/fake-jira.mjs) over HTTPS. The token
// is typed once at the command's own hidden prompt, as a person types it, and reaches curl only in
// the config it reads on standard input. What the command printed is then
// read back with the module's interpretTranscript, and must end as the fake intends.
//
//   node --test tests/commands/check-sh.test.mjs      (needs `npm run build`)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import {
  startFakeJira, JANE, ACCOUNTS, SCOPED, SCOPED_JANE, TEST_TOKEN, CLOUD_ID, MESSAGES, behaviourEmail, makeToken,
} from '../e2e/fake-jira.mjs';
import { loadApi, commandsFor, curlHome, runOnTerminal, asShown, HOSTILE_EMAILS, TODAY } from './lib.mjs';
import { PERMISSIONS } from '../relay/cases.mjs';

const WRONG_TOKEN = makeToken('not a token Jira issued');
/** The command's own prompt, on the terminal (standard error). */
const PROMPT = 'Jira API token for';
const GATEWAY = `api.atlassian.com/ex/jira/${CLOUD_ID}`;
const asked = (requests) => requests.map((q) => `${q.host}${q.url}`);
const account = (key) => ACCOUNTS.find((a) => a.key === key);
const b64 = (s) => Buffer.from(s, 'utf8').toString('base64');

let api;
let fake;
let home;

before(async () => {
  api = await loadApi();
  fake = await startFakeJira();
  home = curlHome({ maps: [{ host: '', port: fake.port }], certs: [fake.certPath] });
});
after(async () => {
  await fake?.close();
  home?.remove();
});

/**
 * Runs the curl check for {site, email, scoped} on a terminal and types `token` at the password
 * prompt. Returns the terminal's output (raw and as shown), the fake's requests and what
 * interpretTranscript makes of the text a person would copy.
 */
async function check({ site = 'acme', email, scoped = false, token }) {
  const command = commandsFor({ site, email, scoped }).curl;
  fake.clear();
  const run = await runOnTerminal(['sh', '-c', command], {
    env: home.env,
    answers: [{ expect: PROMPT, reply: token }],
  });
  assert.equal(run.timedOut, false, `the command did not finish:\n${run.output}`);
  assert.equal(run.answered, 1, `the command never asked for the token:\n${run.output}`);
  const shown = asShown(run.output);
  const verdict = api.interpretTranscript(shown, { site, email, scoped });
  return { command, run, shown, verdict, requests: [...fake.requests] };
}

/** What every run must show: the token typed with echo off, and never printed or flagged. */
function assertTokenStayedHidden(r, token) {
  assert.deepEqual(r.run.echoOff, [true], 'echo was not off when the token was typed');
  assert.ok(!r.run.output.includes(token), 'the token appears in what the terminal showed');
  assert.ok(!r.command.includes(token));
  assert.ok(!r.verdict.diagnostics.some((d) => d.code === 'transcript-secret'), 'the transcript was flagged as holding a secret');
}

/** The fake's log: the Basic credentials of each /myself request, decoded. */
function basicOf(request) {
  const m = /^Basic (\S+)$/.exec(request.headers.authorization ?? '');
  assert.ok(m, `no Basic Authorization on ${request.host}${request.url}`);
  const decoded = Buffer.from(m[1], 'base64').toString('utf8');
  const i = decoded.indexOf(':');
  return { email: decoded.slice(0, i), token: decoded.slice(i + 1) };
}

describe('the test plumbing', () => {
  test('curl on this machine reads $CURL_HOME/.curlrc: connect-to reaches the fake, cacert trusts it', async () => {
    fake.clear();
    const r = await runOnTerminal(['curl', '--silent', '--show-error', 'https://acme.atlassian.net/_edge/tenant_info'], { env: home.env });
    assert.equal(r.status, 0, r.output);
    assert.equal(JSON.parse(asShown(r.output)).cloudId, CLOUD_ID);
    assert.deepEqual(fake.requests.map((q) => `${q.host}${q.url}`), ['acme.atlassian.net/_edge/tenant_info']);
  });

  test('without that .curlrc the same curl does not reach the fake (so the mapping is the .curlrc\'s)', async () => {
    const env = { ...home.env, CURL_HOME: path.join(home.dir, 'nowhere'), HOME: path.join(home.dir, 'nowhere') };
    fake.clear();
    // Without it the name is looked up as usual (here it does not resolve): not the fake.
    await runOnTerminal(['curl', '--silent', '--show-error', '--max-time', '3', 'https://acme.atlassian.net/_edge/tenant_info'], { env });
    assert.equal(fake.requests.length, 0);
  });
});

describe('curl check, site route', () => {
  test('the good account and token: verified, with the account Jira reports', async () => {
    const r = await check({ email: JANE.email, token: JANE.token });
    assertTokenStayedHidden(r, JANE.token);
    assert.equal(r.verdict.outcome, 'verified', r.shown);
    assert.equal(r.verdict.account.accountId, JANE.account.accountId);
    assert.deepEqual(r.verdict.diagnostics, []);
    const myself = r.requests.filter((q) => q.url === '/rest/api/3/myself');
    assert.equal(myself.length, 1);
    assert.equal(myself[0].host, 'acme.atlassian.net');
    assert.deepEqual(basicOf(myself[0]), { email: JANE.email, token: JANE.token });
    assert.equal(myself[0].headers.accept, 'application/json');
    // The transcript's shape: the prompt, then the status line, headers, a blank line, the body.
    assert.match(r.shown, /^Jira API token for jane@acme\.com \(typing is hidden\): ?\nHTTP\/1\.1 200 OK\n(?:[A-Za-z-]+: .*\n)+\n\{"self":/);
    // Then what the account may do, at the same site with the same token.
    assert.deepEqual(asked(r.requests), ['acme.atlassian.net/rest/api/3/myself', `acme.atlassian.net${PERMISSIONS}`]);
    assert.deepEqual(basicOf(r.requests[1]), { email: JANE.email, token: JANE.token });
    assert.deepEqual(r.verdict.permissions.items.map((p) => p.have), [true, true, true, true, true, true]);
  });

  test('an account that may only browse and comment: verified, and the four it lacks are named', async () => {
    const a = account('reader');
    const r = await check({ email: a.email, token: a.token });
    assert.equal(r.verdict.outcome, 'verified', r.shown);
    const missing = r.verdict.permissions.items.filter((p) => p.have === false).map((p) => p.key);
    assert.deepEqual(missing, ['CREATE_ISSUES', 'EDIT_ISSUES', 'TRANSITION_ISSUES', 'ASSIGN_ISSUES']);
    assert.match(r.verdict.permissions.message, /lacks Create Issues, Edit Issues, Transition Issues, Assign Issues/);
  });

  test('a person\'s scoped token, nothing ticked: the site\'s 401 sends the command on to the gateway, read back as verified there', async () => {
    const r = await check({ email: SCOPED_JANE.email, token: SCOPED_JANE.token });
    assertTokenStayedHidden(r, SCOPED_JANE.token);
    assert.deepEqual(asked(r.requests), [
      'acme.atlassian.net/rest/api/3/myself',
      'acme.atlassian.net/_edge/tenant_info',
      `${GATEWAY}/rest/api/3/myself`,
      `${GATEWAY}${PERMISSIONS}`,
    ]);
    assert.equal(r.requests[1].headers.authorization, undefined, 'the token went to tenant_info');
    assert.equal(r.verdict.outcome, 'verified', r.shown);
    assert.equal(r.verdict.route, 'scoped');
    assert.equal(r.verdict.cloudId, CLOUD_ID);
    assert.equal(r.verdict.diagnostics[0].code, 'verify-route-found');
    assert.ok(r.verdict.permissions.items.every((p) => p.have === true));
  });

  // curl's answers are captured by the script before it prints them, so curl writes no bold header
  // names (it does only to a terminal); the transcript reader still drops them (tests/transcripts.rs).
  test('the same output read raw, as the terminal was sent it (CR CR LF, the prompt\'s control bytes): still verified', async () => {
    const r = await check({ email: JANE.email, token: JANE.token });
    assert.match(r.run.output, /\r\r\n|\r\n/, 'the raw output has the terminal\'s line ends');
    assert.equal(api.interpretTranscript(r.run.output, { site: 'acme', email: JANE.email }).outcome, 'verified');
  });

  test('standard output piped away (as `| pbcopy` would): the prompt stays on the terminal, the file reads back verified', async () => {
    const file = path.join(home.dir, 'out.txt');
    const command = commandsFor({ site: 'acme', email: JANE.email }).curl;
    const run = await runOnTerminal(['sh', '-c', command], {
      env: home.env,
      stdoutFile: file,
      answers: [{ expect: PROMPT, reply: JANE.token }],
    });
    const text = fs.readFileSync(file, 'utf8');
    assert.match(run.output, /Jira API token for/);
    assert.doesNotMatch(text, /Jira API token for|\x1b/);
    assert.match(text, /^HTTP\/1\.1 200 OK\r\n/);
    assert.equal(api.interpretTranscript(text, { site: 'acme', email: JANE.email }).outcome, 'verified');
  });

  test('a wrong token: rejected at the site and on the gateway', async () => {
    const r = await check({ email: JANE.email, token: WRONG_TOKEN });
    assertTokenStayedHidden(r, WRONG_TOKEN);
    assert.equal(r.verdict.outcome, 'rejected', r.shown);
    assert.equal(r.verdict.status, 401);
    assert.equal(r.verdict.account, undefined);
    assert.match(r.verdict.message, /^Neither the site nor api\.atlassian\.com/);
    assert.deepEqual(asked(r.requests), ['acme.atlassian.net/rest/api/3/myself', 'acme.atlassian.net/_edge/tenant_info', `${GATEWAY}/rest/api/3/myself`]);
  });

  test('another account\'s token for this email: rejected', async () => {
    const r = await check({ email: JANE.email, token: account('inactive').token });
    assert.equal(r.verdict.outcome, 'rejected', r.shown);
  });

  test('a deactivated account: verified, with the inactive warning', async () => {
    const a = account('inactive');
    const r = await check({ email: a.email, token: a.token });
    assert.equal(r.verdict.outcome, 'verified', r.shown);
    assert.deepEqual(r.verdict.diagnostics.map((d) => d.code), ['verify-account-inactive']);
  });

  test('Jira knows the account by another address: verified, with the mismatch warning and its suggestion', async () => {
    const a = account('email-mismatch');
    const r = await check({ email: a.email, token: a.token });
    assert.equal(r.verdict.outcome, 'verified', r.shown);
    const d = r.verdict.diagnostics.find((x) => x.code === 'verify-email-mismatch');
    assert.ok(d, JSON.stringify(r.verdict.diagnostics));
    assert.equal(d.suggestion, a.account.emailAddress);
  });

  test('the profile hides the email: verified, with the hidden-email note', async () => {
    const a = account('hidden-email');
    const r = await check({ email: a.email, token: a.token });
    assert.equal(r.verdict.outcome, 'verified', r.shown);
    assert.deepEqual(r.verdict.diagnostics.map((d) => d.code), ['verify-email-hidden']);
  });

  // The fake's behaviours, chosen per request by <behaviour>@acme.com with its known test token.
  const BEHAVIOUR_OUTCOMES = [
    ['basic-deprecated', 'rejected', 401],
    ['captcha', 'captcha', 403],
    ['forbidden', 'forbidden', 403],
    ['no-sign-in', 'forbidden', 403],
    ['forbidden-page', 'forbidden', 403],
    ['rate-limited', 'rate-limited', 429],
    ['server-error', 'jira-error', 500],
    // A 200 that names no account: not Jira's answer, pasted or live (check-matrix.test.mjs).
    ['html-login', 'not-jira', 200],
    ['redirect', 'redirected', 302],
  ];
  for (const [behaviour, outcome, status] of BEHAVIOUR_OUTCOMES) {
    test(`the fake answering "${behaviour}": ${outcome}`, async () => {
      const r = await check({ email: behaviourEmail(behaviour), token: TEST_TOKEN });
      assert.equal(r.requests.find((q) => q.url === '/rest/api/3/myself')?.behaviour, behaviour);
      assert.equal(r.verdict.outcome, outcome, r.shown);
      assert.equal(r.verdict.status, status);
      assert.equal(r.verdict.account, undefined);
      if (behaviour === 'rate-limited') assert.equal(r.verdict.retryAfterSeconds, 30);
      if (behaviour === 'basic-deprecated') assert.ok(r.verdict.diagnostics.some((d) => d.code === 'verify-password-used'), JSON.stringify(r.verdict));
      if (behaviour === 'redirect') {
        // curl is not told to follow redirects: the token never goes to the redirect's target.
        assert.equal(r.requests.filter((q) => q.host === 'evil.example').length, 0);
      }
    });
  }

  test('a site that does not exist: site-not-found', async () => {
    const r = await check({ site: 'nosite-acme', email: JANE.email, token: JANE.token });
    assert.equal(r.requests[0].host, 'nosite-acme.atlassian.net');
    assert.equal(r.verdict.outcome, 'site-not-found', r.shown);
  });

  for (const email of HOSTILE_EMAILS) {
    test(`the email ${email} reaches Jira exactly as typed`, async () => {
      const r = await check({ email, token: JANE.token });
      const myself = r.requests.filter((q) => q.url === '/rest/api/3/myself');
      assert.equal(myself.length, 1, r.shown);
      assert.deepEqual(basicOf(myself[0]), { email, token: JANE.token });
      assert.ok(r.shown.includes(`Jira API token for ${email} (typing is hidden):`), r.shown);
      assert.equal(r.verdict.outcome, 'rejected', r.shown);
    });
  }
});

describe('curl check, scoped route (tenant_info, then api.atlassian.com)', () => {
  test('a service account with its scoped token: both answers printed, read back as verified', async () => {
    const r = await check({ email: SCOPED.email, token: SCOPED.token });
    assertTokenStayedHidden(r, SCOPED.token);
    assert.equal(r.verdict.outcome, 'verified', r.shown);
    assert.equal(r.verdict.route, 'scoped');
    assert.equal(r.verdict.account.accountId, SCOPED.account.accountId);
    assert.equal((r.shown.match(/^HTTP\/1\.1 200 OK$/gm) ?? []).length, 3, r.shown);
    assert.equal(r.verdict.cloudId, CLOUD_ID);

    const [info, myself, permissions, ...rest] = r.requests;
    assert.deepEqual(rest, []);
    assert.equal(`${permissions.host}${permissions.url}`, `${GATEWAY}${PERMISSIONS}`);
    assert.equal(`${info.host}${info.url}`, 'acme.atlassian.net/_edge/tenant_info');
    assert.equal(info.headers.authorization, undefined, 'the token went to the tenant_info request');
    assert.equal(`${myself.host}${myself.url}`, `api.atlassian.com/ex/jira/${CLOUD_ID}/rest/api/3/myself`);
    assert.deepEqual(basicOf(myself), { email: SCOPED.email, token: SCOPED.token });
  });

  test('the raw terminal bytes of the two-step read back as verified too', async () => {
    const r = await check({ email: SCOPED.email, token: SCOPED.token });
    assert.equal(api.interpretTranscript(r.run.output, { site: 'acme', email: SCOPED.email }).outcome, 'verified');
  });

  test('a service account with a wrong token: rejected', async () => {
    const r = await check({ email: SCOPED.email, token: WRONG_TOKEN });
    assertTokenStayedHidden(r, WRONG_TOKEN);
    assert.equal(r.verdict.outcome, 'rejected', r.shown);
    assert.equal(r.verdict.status, 401);
  });

  test('a person\'s scoped token, with "scoped" ticked: verified', async () => {
    const r = await check({ email: SCOPED_JANE.email, scoped: true, token: SCOPED_JANE.token });
    assert.equal(r.verdict.outcome, 'verified', r.shown);
    assert.equal(r.verdict.account.accountId, JANE.account.accountId);
  });

  test('a classic token through the scoped route: rejected (the gateway answers 401)', async () => {
    const r = await check({ email: JANE.email, scoped: true, token: JANE.token });
    assert.equal(r.verdict.outcome, 'rejected', r.shown);
  });

  test('a site that does not exist: the first step fails and the token is sent nowhere', async () => {
    const r = await check({ site: 'nosite-acme', email: SCOPED.email, token: SCOPED.token });
    assert.deepEqual(r.requests.map((q) => q.url), ['/_edge/tenant_info']);
    assert.equal(r.requests[0].headers.authorization, undefined);
    assert.equal(r.verdict.outcome, 'site-not-found', r.shown);
  });
});

test('no command and not the story holds the token, whatever was typed in the token field', async () => {
  for (const [email, token, scoped] of [[JANE.email, JANE.token, false], [SCOPED.email, SCOPED.token, false], [JANE.email, SCOPED_JANE.token, true]]) {
    const input = { site: 'acme', email, token, name: 'Jira', scoped, today: TODAY, tinesTenant: 'acme.tines.com', teamId: '42' };
    const report = api.buildCredential(input);
    assert.equal(report.fields.token.ok, true, JSON.stringify(report.fields.token));
    const check = api.buildCheckCommands(input);
    const tinesApi = api.buildTinesApiCommands(input);
    const texts = { ...check, tinesApi: tinesApi.curl, tinesApiPowershell: tinesApi.powershell, story: api.buildStory(input) };
    assert.equal(Object.keys(texts).length, 6);
    for (const [kind, text] of Object.entries(texts)) {
      assert.equal(typeof text, 'string', kind);
      for (const form of [token, b64(`${email}:${token}`), token.slice(0, 40), token.slice(-40)]) {
        assert.ok(!text.includes(form), `${kind} holds the token`);
      }
    }
  }
});

test('the fake\'s 401 body is what the transcript shows for a wrong token', async () => {
  const r = await check({ email: JANE.email, token: WRONG_TOKEN });
  // The site's answer, then the cloud id, then the gateway's own 401.
  assert.ok(r.shown.includes(`\n${MESSAGES.unauthenticated}\n`), r.shown);
  assert.ok(r.shown.trimEnd().endsWith('{"code":401,"message":"Unauthorized"}'), r.shown);
});
