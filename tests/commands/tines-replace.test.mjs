// The commands that replace the token of an existing credential (buildReplaceCommands, issue 29),
// run for real. The curl command, unchanged, under `sh -c` (and bash) on a terminal (pty-run.py),
// the Tines API key and the new token typed at its hidden prompts, against a fake Tines
// (fake-tines.mjs) that pages its list two credentials at a time, refuses a wrong key, and nulls
// every field a PUT leaves out, and a fake Jira (tests/e2e/fake-jira.mjs) for /myself. While it
// runs, a watcher lists every process's command line (argv-watch.py) and must find neither secret.
// The PowerShell 7 command cannot run here: it is parsed with tree-sitter-powershell and judged
// by its syntax tree, as powershell.test.mjs judges the others.
//
//   node --test tests/commands/tines-replace.test.mjs      (needs `npm run build`)

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startFakeJira, JANE, SCOPED, CLOUD_ID, makeToken } from '../e2e/fake-jira.mjs';
import { startFakeTines, REPLACE_KEY, TINES_HOSTS, UPDATABLE } from './fake-tines.mjs';
import { loadApi, curlHome, runOnTerminal, startWatcher, SHELLS, TODAY } from './lib.mjs';
import {
  loadParser, parsePowerShell, nodes, shape, verbatimValue, commandsNamed, parameterNames, argumentOf, literalValue,
} from './powershell-tree.mjs';

const SITE_HOST = 'acme.atlassian.net';
const TEAM = 42;
const EXPIRY = '2027-03-31';
/** Jane's new token: the one fake Jira knows as hers. */
const NEW_TOKEN = JANE.token;
const JANE_ID = JANE.account.accountId;
const OTHER_ID = '712020:0e8f3d9a-58a1-4c4e-9d26-1f0c5b7a9e42';
const KEY_PROMPT = 'Tines API key (typing is hidden): ';
const TOKEN_PROMPT = 'New Jira API token (typing is hidden): ';

let api;
let tines;
let jira;
let home;
let watcher;

before(async () => {
  api = await loadApi();
  await loadParser();
  // Tines answers after 150 ms, so each curl lives long enough for the watcher to see it.
  tines = await startFakeTines({ delayMs: 150, maxPerPage: 2 });
  jira = await startFakeJira();
  home = curlHome({
    maps: [
      ...TINES_HOSTS.map((host) => ({ host, port: tines.port })),
      { host: SITE_HOST, port: jira.port },
      { host: 'api.atlassian.com', port: jira.port },
    ],
    certs: [tines.certPath, jira.certPath],
  });
  watcher = startWatcher();
});
after(async () => {
  await watcher?.close();
  await tines?.close();
  await jira?.close();
  home?.remove();
});

/** The page's inputs for the replace (defaults: Jane, "Jira Prod", team 42, her account id). */
function inputFor({ email = 'jane@acme.com', name = 'Jira Prod', expiresOn = EXPIRY, accountId = JANE_ID, scoped = false } = {}) {
  return { site: 'acme', email, token: '', name, scoped, expiresOn, accountId, tinesTenant: 'acme.tines.com', teamId: String(TEAM), today: TODAY };
}

/** The body the page's create command would send for the same inputs, read from its text. */
function createBody(input) {
  const command = api.buildTinesApiCommands(input).curl;
  const text = command.split("\nbody='")[1].split("' \\\nsh -c '")[0].replaceAll("'\\''", "'");
  return JSON.parse(text);
}

/** Other credentials of the team, to fill the fake's pages before the one looked for. */
function seedOthers(n, team = TEAM) {
  for (let i = 0; i < n; i++) tines.seed({ name: `Other ${team}-${i}`, team_id: team, metadata: { domain: 'x.atlassian.net', username: 'x@acme.com' } });
}

/** An existing credential as the page made it last year: Jane's, with recipients of expiry emails. */
function seedJane(fields = {}) {
  return tines.seed({
    name: 'Jira Prod',
    team_id: TEAM,
    description: 'Jira Cloud acme.atlassian.net as jane@acme.com',
    metadata: { domain: SITE_HOST, username: 'jane@acme.com', account_id: JANE_ID },
    allowed_hosts: [SITE_HOST],
    expires_at: '2026-12-20T00:00:00Z',
    expiry_notifications_enabled: true,
    credential_notification_recipient_user_ids: [11, 12],
    value: 'the-old-token',
    ...fields,
  });
}

/**
 * Runs the replace command for `input` on a terminal, typing `key` and `token` at its prompts,
 * watched. Returns the run, what the terminal showed, the watcher's report and both fakes' requests.
 */
async function replace(input, { key = REPLACE_KEY, token = NEW_TOKEN, shell = 'sh', command } = {}) {
  command ??= api.buildReplaceCommands(input).curl;
  tines.requests.length = 0;
  jira.clear();
  await watcher.watch([key, token]);
  const run = await runOnTerminal([shell, '-c', command], {
    env: home.env,
    answers: [
      { expect: KEY_PROMPT, reply: key },
      { expect: TOKEN_PROMPT, reply: token },
    ],
    timeoutMs: 20_000,
  });
  const watch = await watcher.stop();
  assert.equal(run.timedOut, false, run.output);
  return { command, run, watch, key, token, asked: tines.requests.map((q) => `${q.method} ${q.url}`), jiraAsked: [...jira.requests] };
}

/** Runs a scratch copy of the sh command for `input` with one line of its body changed. */
function replaceWithScratch(input, line, changed) {
  const command = api.buildReplaceCommands(input).curl;
  assert.ok(command.includes(line), `the command no longer writes ${JSON.stringify(line)}: update the scratch copy`);
  return replace(input, { command: command.replace(line, changed) });
}

/** Typing was hidden, neither secret was shown or on any command line, or in the command. */
function assertSecretsKept(r) {
  assert.deepEqual(r.run.echoOff, [true, true], 'typing was not hidden');
  assert.deepEqual(r.watch.hits, [], `a secret was on a command line: ${JSON.stringify(r.watch.hits)}`);
  for (const secret of [r.key, r.token]) {
    assert.ok(!r.run.output.includes(secret), 'a secret was shown on the terminal');
    assert.ok(!r.command.includes(secret), 'a secret is in the command');
  }
}

const list = (page) => `GET /api/v1/user_credentials?team_id=${TEAM}&per_page=100&page=${page}`;

describe('replace under sh: the credential is found and updated', () => {
  test('found on page 2 (two a page): every field as the page would create it, the recipients kept', async () => {
    tines.clear();
    seedOthers(2);
    seedOthers(3, 7); // another team's credentials are not listed
    tines.seed({ name: 'Jira Prod', team_id: 7, metadata: { username: 'someone@else.com' } });
    const jane = seedJane();
    seedOthers(1);
    const input = inputFor();
    const r = await replace(input);
    assert.equal(r.run.status, 0, r.run.output);
    // Pages 1 and 2 (Jane's credential is the third of four), then the PUT: nothing else.
    assert.deepEqual(r.asked, [list(1), list(2), `PUT /api/v1/user_credentials/${jane.id}`]);
    assert.equal(r.jiraAsked.length, 0, 'the page verified the account: Jira is not asked again');
    const put = tines.requests[2];
    assert.equal(put.headers.authorization, `Bearer ${REPLACE_KEY}`);
    assert.equal(put.headers['content-type'], 'application/json');
    // Every field the page would create (but the team, which a PUT does not set), the new value.
    const { team_id, ...expected } = createBody(input);
    assert.equal(team_id, TEAM);
    assert.deepEqual(
      { ...put.body },
      { ...expected, value: NEW_TOKEN, expiry_notifications_enabled: true, credential_notification_recipient_user_ids: [11, 12] },
    );
    assert.deepEqual(expected.metadata, { domain: SITE_HOST, username: 'jane@acme.com', account_id: JANE_ID });
    // What Tines now holds: nothing the PUT nulled.
    const stored = tines.credentials.find((c) => c.id === jane.id);
    for (const field of UPDATABLE) assert.notEqual(stored[field], null, `${field} was nulled`);
    assert.equal(stored.value, NEW_TOKEN);
    assert.equal(stored.expires_at, `${EXPIRY}T00:00:00Z`);
    assert.equal(stored.team_id, TEAM);
    // Tines' answer is printed, without the value.
    assert.match(r.run.output, /HTTP\/1\.1 200 OK/);
    assert.match(r.run.output, /"slug":"jira_prod"/);
    assertSecretsKept(r);
  });

  test('no account id from the page: the command asks Jira /myself with the new token, then updates', async () => {
    tines.clear();
    const jane = seedJane();
    const input = inputFor({ accountId: '' });
    const r = await replace(input);
    assert.equal(r.run.status, 0, r.run.output);
    assert.deepEqual(r.jiraAsked.map((q) => `${q.host}${q.url}`), [`${SITE_HOST}/rest/api/3/myself`]);
    const basic = Buffer.from(r.jiraAsked[0].headers.authorization.replace(/^Basic /, ''), 'base64').toString();
    assert.equal(basic, `jane@acme.com:${NEW_TOKEN}`);
    assert.deepEqual(r.asked, [list(1), `PUT /api/v1/user_credentials/${jane.id}`]);
    // The metadata is the page's, with the account id Jira gave, so the next replacement compares it.
    assert.deepEqual(tines.requests[1].body.metadata, { domain: SITE_HOST, username: 'jane@acme.com', account_id: JANE_ID });
    assertSecretsKept(r);
  });

  test('a service account, no account id, no cloud id: the cloud id looked up, then the gateway asked', async () => {
    tines.clear();
    const bot = seedJane({
      name: 'Jira bot',
      metadata: { domain: SITE_HOST, username: SCOPED.email, account_id: SCOPED.account.accountId },
    });
    const r = await replace(inputFor({ name: 'Jira bot', email: SCOPED.email, accountId: '' }), { token: SCOPED.token });
    assert.equal(r.run.status, 0, r.run.output);
    assert.deepEqual(r.jiraAsked.map((q) => `${q.host}${q.url}`), [
      `${SITE_HOST}/_edge/tenant_info`,
      `api.atlassian.com/ex/jira/${CLOUD_ID}/rest/api/3/myself`,
    ]);
    assert.equal(r.jiraAsked[0].headers.authorization, undefined, 'the lookup carries no token');
    assert.deepEqual(r.asked, [list(1), `PUT /api/v1/user_credentials/${bot.id}`]);
    assert.deepEqual(tines.requests[1].body.allowed_hosts, [SITE_HOST, 'api.atlassian.com']);
    assertSecretsKept(r);
  });

  test('an older credential without account_id: its username must be the email typed (letter case aside, as the page compares it)', async () => {
    tines.clear();
    const old = seedJane({ metadata: { domain: SITE_HOST, username: 'Jane@Acme.com' }, credential_notification_recipient_user_ids: null });
    const r = await replace(inputFor({ expiresOn: '' }));
    assert.equal(r.run.status, 0, r.run.output);
    assert.deepEqual(r.asked, [list(1), `PUT /api/v1/user_credentials/${old.id}`]);
    const body = tines.requests[1].body;
    // No expiry: the old date goes (it was the old token's), and Tines' expiry emails with it.
    assert.equal(body.expires_at, null);
    assert.equal(body.expiry_notifications_enabled, false);
    assert.ok(!('credential_notification_recipient_user_ids' in body));
    assertSecretsKept(r);
  });

  for (const shell of SHELLS.filter((s) => s !== 'sh')) {
    test(`run by ${shell}: the same requests`, async () => {
      tines.clear();
      const jane = seedJane();
      const r = await replace(inputFor(), { shell });
      assert.equal(r.run.status, 0, r.run.output);
      assert.deepEqual(r.asked, [list(1), `PUT /api/v1/user_credentials/${jane.id}`]);
      assertSecretsKept(r);
    });
  }

  test("a name and email full of quotes reach jq and Tines intact", async () => {
    tines.clear();
    const name = "Jira O'Brien's \u2019 \"prod\" $x `id` \\ end";
    const email = "o'brien@acme.com";
    const c = tines.seed({ name, team_id: TEAM, metadata: { domain: SITE_HOST, username: email } });
    tines.seed({ name: "Jira O'Brien's", team_id: TEAM });
    const input = inputFor({ name, email, accountId: JANE_ID });
    const r = await replace(input);
    assert.equal(r.run.status, 0, r.run.output);
    assert.deepEqual(r.asked, [list(1), `PUT /api/v1/user_credentials/${c.id}`]);
    const { team_id, ...expected } = createBody(input);
    void team_id;
    // The seeded credential has an empty list of recipients: kept as it is.
    assert.deepEqual(tines.requests[1].body, { ...expected, value: NEW_TOKEN, expiry_notifications_enabled: true, credential_notification_recipient_user_ids: [] });
    assertSecretsKept(r);
  });
});

describe('replace under sh: refused, nothing changed', () => {
  /** The run failed with `message`, and Tines got no PUT. */
  function refused(r, message) {
    assert.notEqual(r.run.status, 0, r.run.output);
    assert.match(r.run.output, message);
    assert.match(r.run.output, /nothing was changed\./);
    assert.ok(!r.asked.some((a) => a.startsWith('PUT')), `a PUT was sent: ${r.asked}`);
    assertSecretsKept(r);
  }

  test('0 matches (the name differs in case): no credential named so', async () => {
    tines.clear();
    seedOthers(3);
    seedJane({ name: 'jira prod' });
    const r = await replace(inputFor());
    refused(r, /No credential is named "Jira Prod" in team 42 \(the name must match exactly\)/);
    assert.deepEqual(r.asked, [list(1), list(2)]);
  });

  test('2 matches: both ids named', async () => {
    tines.clear();
    const a = seedJane();
    seedOthers(2);
    const b = seedJane();
    const r = await replace(inputFor());
    refused(r, new RegExp(`2 credentials are named "Jira Prod" in team 42 \\(ids ${a.id}, ${b.id}\\)`));
    assert.deepEqual(r.asked, [list(1), list(2)]);
  });

  test('a wrong Tines API key: 401 on the list, shown', async () => {
    tines.clear();
    seedJane();
    const r = await replace(inputFor(), { key: 'tns_not-the-key-the-tenant-issued' });
    refused(r, /Tines answered 401 to the list of credentials/);
    assert.match(r.run.output, /"error":"Unauthorized"/);
    assert.deepEqual(r.asked, [list(1)]);
  });

  test("another Jira account's credential: account ids compared, both named", async () => {
    tines.clear();
    const c = seedJane({ metadata: { domain: SITE_HOST, username: 'jane@acme.com', account_id: OTHER_ID } });
    const r = await replace(inputFor());
    refused(r, new RegExp(`Credential ${c.id} is Jira account ${OTHER_ID}, the new token account ${JANE_ID}`));
  });

  test("another account's credential found by asking Jira: the token's account is not the credential's", async () => {
    tines.clear();
    const c = seedJane({ metadata: { domain: SITE_HOST, username: 'jane@acme.com', account_id: OTHER_ID } });
    const r = await replace(inputFor({ accountId: '' }));
    refused(r, new RegExp(`Credential ${c.id} is Jira account ${OTHER_ID}, the new token account ${JANE_ID}`));
    assert.equal(r.jiraAsked.length, 1);
  });

  test('an older credential of another username: refused, saying so', async () => {
    tines.clear();
    const c = seedJane({ metadata: { domain: SITE_HOST, username: 'bob@acme.com' } });
    const r = await replace(inputFor());
    refused(r, new RegExp(`Credential ${c.id} has no account_id and its username is bob@acme.com, not jane@acme.com`));
  });

  test('a new token Jira refuses (401 at /myself): refused before any PUT', async () => {
    tines.clear();
    seedJane();
    const r = await replace(inputFor({ accountId: '' }), { token: makeToken('not a token Jira issued') });
    refused(r, /Jira did not accept the new token as jane@acme\.com \(HTTP 401\)/);
  });

  test('a token with a space: refused before anything is sent', async () => {
    tines.clear();
    seedJane();
    const r = await replace(inputFor(), { token: `${NEW_TOKEN.slice(0, 90)} ${NEW_TOKEN.slice(90)}` });
    assert.notEqual(r.run.status, 0);
    assert.match(r.run.output, /That is not a Jira API token: .*Nothing was sent\./s);
    assert.deepEqual(r.asked, []);
  });
});

describe('replace under sh: Tines refuses the PUT', () => {
  test('a 422 to the PUT: Tines\' answer shown, the command fails and says nothing was changed', async () => {
    tines.clear();
    const jane = seedJane();
    const input = inputFor();
    const r = await replaceWithScratch(input, '  "mode": "TEXT",\n', '  "mode": "TXT",\n');
    assert.deepEqual(r.asked, [list(1), `PUT /api/v1/user_credentials/${jane.id}`]);
    assert.notEqual(r.run.status, 0, r.run.output);
    assert.match(r.run.output, /HTTP\/1\.1 422/);
    assert.match(r.run.output, /mode is required/);
    assert.match(r.run.output, /Tines did not accept the change \(its answer is above\): nothing was changed\./);
    assert.equal(tines.credentials.find((c) => c.id === jane.id).value, 'the-old-token');
    assertSecretsKept(r);
  });
});

describe('the fake Tines nulls what a PUT leaves out', () => {
  test('a scratch copy of the command that forgets "description" loses it, and the field check fails', async () => {
    tines.clear();
    const jane = seedJane();
    const input = inputFor();
    const r = await replaceWithScratch(input, '  "description": "Jira Cloud acme.atlassian.net as jane@acme.com",\n', '');
    assert.equal(r.run.status, 0, r.run.output);
    const stored = tines.credentials.find((c) => c.id === jane.id);
    assert.equal(stored.description, null, 'the fake kept a field the PUT left out');
    const { team_id, ...expected } = createBody(input);
    void team_id;
    assert.throws(() => assert.deepEqual(tines.requests.at(-1).body, { ...expected, value: NEW_TOKEN, expiry_notifications_enabled: true, credential_notification_recipient_user_ids: [11, 12] }));
  });
});

describe('the PowerShell 7 replace command, parsed', () => {
  const variants = [
    inputFor(),
    inputFor({ accountId: '', expiresOn: '' }),
    inputFor({ scoped: true, accountId: '' }),
    inputFor({ name: "Jira O'Brien's \u2019 $env:PATH `n $(whoami)", email: "o'b$c`d|e&f%g{h}@acme.com" }),
    inputFor({ name: '\u2019; Remove-Item -Recurse C:\\ #', email: "it's''$id`id`~!#^*+=?@acme.com", expiresOn: '' }),
  ];
  function parseClean(source) {
    const parsed = parsePowerShell(source);
    assert.deepEqual(parsed.problems, [], `does not parse:\n${parsed.source}`);
    return parsed;
  }
  /** The command for plain name and email, with the same account id, expiry and route. */
  const reference = (input) =>
    parseClean(api.buildReplaceCommands({ ...input, name: 'Jira', email: 'jane@acme.com' }).powershell);

  for (const input of variants) {
    test(`name ${input.name}, email ${input.email}, account id ${input.accountId || 'none'}, expiry ${input.expiresOn || 'none'}`, () => {
      const source = api.buildReplaceCommands(input).powershell;
      const parsed = parseClean(source);
      assert.ok(shape(parsed.root) === shape(reference(input).root), "the typed values changed the program's structure");
      assert.ok(!source.includes(NEW_TOKEN));
      // Both secrets at hidden prompts.
      const reads = commandsNamed(parsed.root, 'Read-Host');
      assert.equal(reads.length, 2);
      for (const r of reads) assert.ok(parameterNames(r).includes('assecurestring'));
      // The list and the PUT with the key as a Bearer SecureString, every answer returned.
      const requests = commandsNamed(parsed.root, 'Invoke-WebRequest');
      const bearer = requests.filter((r) => parsed.text(argumentOf(r, '-Authentication') ?? r) === 'Bearer');
      assert.equal(bearer.length, 2, 'the list and the PUT');
      for (const r of bearer) {
        assert.equal(parsed.text(argumentOf(r, '-Token')), '$key');
        assert.ok(parameterNames(r).includes('skiphttperrorcheck'));
      }
      const put = bearer.find((r) => argumentOf(r, '-Method'));
      assert.equal(parsed.text(argumentOf(put, '-Method')), 'Put');
      // Jira's /myself with the new token, when the page has no account id: the check's own
      // Ask-Jira (Basic, splatted) and route, gateway included.
      assert.equal(requests.length, 3, 'the list, Ask-Jira and the PUT');
      assert.match(source, /\$signIn = @\{ Authentication = 'Basic'; Credential = \$cred \}/);
      assert.match(source, /\$cloudId -cmatch '\^\[0-9a-fA-F\]/);
      // The same site: a credential for another site is refused, both sites named.
      assert.match(source, /\$oldSite = \(\[string\]\$c\.metadata\.domain\)\.Trim\(\)\.TrimEnd\('\.'\)/);
      assert.match(source, /if \(\$oldSite -and \$oldSite -ne \$siteHost\) \{/);
      // Every typed value is a verbatim string holding exactly what was typed.
      const strings = [...nodes(parsed.root)].filter((n) => n.type === 'verbatim_string_characters').map((n) => verbatimValue(parsed, n));
      for (const typed of [input.name, input.email, `https://acme.tines.com/api/v1/user_credentials`, String(TEAM)]) {
        assert.ok(strings.includes(typed), `no string is exactly ${JSON.stringify(typed)}`);
      }
      assert.ok(strings.includes(input.accountId), 'the account id (or an empty string)');
      // The body: every field of the sh command's PUT, value = $plain.
      const assignment = [...nodes(parsed.root)].find(
        (n) => n.type === 'assignment_expression' && parsed.text(n.namedChildren[0]).trim() === '$body',
      );
      const table = [...nodes(assignment)].find((n) => n.type === 'cast_expression');
      const body = literalValue(parsed, table);
      const { team_id, ...expected } = createBody(input);
      void team_id;
      assert.deepEqual(body, {
        ...expected,
        value: { variable: '$plain' },
        expires_at: expected.expires_at ?? { variable: '$null' },
        expiry_notifications_enabled: { variable: expected.expires_at ? '$true' : '$false' },
      });
      // No match and several matches are told apart; a refused PUT is said to change nothing.
      const said = commandsNamed(parsed.root, 'Write-Host').map((c) => parsed.text(c));
      assert.ok(said.some((t) => t.includes("'No credential is named \"'")), said.join('\n'));
      assert.ok(said.some((t) => t.includes("' credentials are named \"'") && t.includes("-join ', '")), said.join('\n'));
      assert.ok(said.some((t) => t.includes('Tines did not accept the change')), said.join('\n'));
      // An older credential's username is compared letter case aside (-ne), as the sh command and the page do.
      assert.match(source, /\n {8}if \(-not \$old -and \$c\.metadata\.username -ne \$email\) \{\n/);
      // The account id found goes into the metadata sent.
      assert.match(source, /\n {8}\$body\.metadata\.account_id = \$accountId\n/);
      // The secrets are dropped in a finally, whichever step stops it.
      assert.match(source, /\n {4}\} finally \{\n {8}# Drop both secrets from memory\.\n {8}Remove-Variable plain, t, token, key\n {4}\}\n\}$/);
    });
  }
});
