// The replace command decides as the page does: a differential matrix, generated, not sampled.
//
// Every combination of
//   - what the team's list holds: no credential of the exact name, one (its username only), two of
//     it, one for another site, one of another account, one whose username differs only in letter
//     case, one with the account_id;
//   - the new token's route: the site answers 200; the site 401, then the gateway 200 (a token with
//     scopes); both 401;
//   - whether the page verified the new token's account (and so gave the command its id);
// is run through the real sh command (buildReplaceCommands), under dash and under bash, on a
// terminal (pty-run.py), the key and the token typed at its hidden prompts, against the fake Tines
// and the fake Jira. Its action (a PUT, or a refusal and its reason) must be the one the page's own
// decision implies: `buildReplacement` given the credential's Metadata as Tines holds it and the
// account the page verified or, where it did not, the account the check's route names (what the
// page says once it checks). The list's own refusals (no exact name, two of it) are the command's
// alone: the page cannot see the list.
//
//   node --test tests/commands/replace-matrix.test.mjs      (needs `npm run build`)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { startFakeJira, JANE, SCOPED_JANE, CLOUD_ID, makeToken } from '../e2e/fake-jira.mjs';
import { DC_BASE, DC_HOST, DC_TEST_TOKEN, DC_USER, makePat } from '../e2e/fake-data-center.mjs';
import { startFakeTines, REPLACE_KEY, TINES_HOSTS } from './fake-tines.mjs';
import { loadApi, curlHome, runOnTerminal, TODAY } from './lib.mjs';

const SITE_HOST = 'acme.atlassian.net';
const TEAM = 42;
const NAME = 'Jira Prod';
const JANE_ID = JANE.account.accountId;
const OTHER_ID = '712020:0e8f3d9a-58a1-4c4e-9d26-1f0c5b7a9e42';
const KEY_PROMPT = 'Tines API key (typing is hidden): ';
const TOKEN_PROMPT = 'New Jira API token (typing is hidden): ';

/** The shells the matrix runs under: dash (Debian's sh) and bash. */
const SHELLS = ['dash', 'bash'].filter((s) => fs.existsSync(`/bin/${s}`) || fs.existsSync(`/usr/bin/${s}`));

/** What the team's list holds; `one` is the credential the page's Metadata comes from. */
const LISTS = {
  'no exact name': { others: [{ name: 'Jira prod', metadata: { domain: SITE_HOST, username: 'jane@acme.com' } }] },
  one: { one: { domain: SITE_HOST, username: 'jane@acme.com' } },
  two: {
    others: [
      { name: NAME, metadata: { domain: SITE_HOST, username: 'jane@acme.com', account_id: JANE_ID } },
      { name: NAME, metadata: { domain: SITE_HOST, username: 'jane@acme.com' } },
    ],
  },
  'another site': { one: { domain: 'beta.atlassian.net', username: 'jane@acme.com', account_id: JANE_ID } },
  'another account': { one: { domain: SITE_HOST, username: 'jane@acme.com', account_id: OTHER_ID } },
  'a username only, in other letter case': { one: { domain: SITE_HOST, username: 'JANE@Acme.COM' } },
  'an account_id': { one: { domain: SITE_HOST, username: 'jane@acme.com', account_id: JANE_ID } },
};

/** The new token's route, and the account it names (null: none). */
const ROUTES = {
  'site 200': { token: JANE.token, account: JANE_ID, scoped: false },
  'site 401, gateway 200': { token: SCOPED_JANE.token, account: SCOPED_JANE.account.accountId, scoped: true },
  'both 401': { token: makeToken('a token Jira never issued'), account: null, scoped: false },
};

let api;
let tines;
let jira;
let home;

before(async () => {
  api = await loadApi();
  tines = await startFakeTines({ maxPerPage: 2 });
  jira = await startFakeJira();
  home = curlHome({
    maps: [
      ...TINES_HOSTS.map((host) => ({ host, port: tines.port })),
      { host: SITE_HOST, port: jira.port },
      { host: 'api.atlassian.com', port: jira.port },
      { host: DC_HOST, port: jira.port },
    ],
    certs: [tines.certPath, jira.certPath],
  });
});
after(async () => {
  await tines?.close();
  await jira?.close();
  home?.remove();
});

/** The page's input: the Metadata pasted from Tines, and what a verified check gave it. */
function pageInput(list, route, verified) {
  return {
    site: 'acme',
    email: 'jane@acme.com',
    token: '',
    name: NAME,
    tinesTenant: 'acme.tines.com',
    teamId: String(TEAM),
    today: TODAY,
    credentialAccount: list.one ? JSON.stringify(list.one) : '',
    accountId: verified ? route.account : '',
    // A check that found the scoped route gives the route and the cloud id too.
    scoped: verified && route.scoped,
    cloudId: verified && route.scoped ? CLOUD_ID : '',
  };
}

/**
 * What the command must do, from the page's decision: `{ put: true }`, or `{ refused: RegExp }`.
 * The page's state comes from buildReplacement with the account the command will know: the one
 * the page verified, or else the one the route names.
 */
function expected(listName, list, route, verified) {
  if (!list.one) {
    return listName === 'two'
      ? { refused: new RegExp(`2 credentials are named "${NAME}" in team ${TEAM} \\(ids \\d+, \\d+\\): keep one name`) }
      : { refused: new RegExp(`No credential is named "${NAME}" in team ${TEAM}`) };
  }
  // The page gives the account it verified; without one, the command asks and Jira names it. A
  // token Jira refuses has no account either way: the page cannot have verified it.
  const known = route.account;
  const page = api.buildReplacement({ ...pageInput(list, route, verified), accountId: known ?? '' });
  const account = page.credentialAccount;
  if (!account.ok) {
    assert.deepEqual(account.diagnostics.map((d) => d.code), ['credential-account-other-site'], 'the only refusal of the field in this list');
    return { refused: new RegExp(`Credential \\d+ is for beta\\.atlassian\\.net, not ${SITE_HOST.replace(/\./g, '\\.')}: replace the token of the credential for ${SITE_HOST.replace(/\./g, '\\.')}, or correct the site: nothing was changed`) };
  }
  if (!known) return { refused: /Jira did not accept the new token as jane@acme\.com \(HTTP 401\): nothing was changed/ };
  switch (page.account.state) {
    case 'same':
      return { put: true };
    case 'different':
      return list.one.account_id
        ? { refused: new RegExp(`Credential \\d+ is Jira account ${list.one.account_id}, the new token account ${known}: nothing was changed`) }
        : { refused: /Credential \d+ has no account_id and its username is .*, not jane@acme\.com: nothing was changed/ };
    default:
      throw new Error(`the page cannot decide (${page.account.state}) with an account: ${page.account.message}`);
  }
}

function seed(list) {
  tines.clear();
  for (let i = 0; i < 3; i++) tines.seed({ name: `Other ${i}`, team_id: TEAM, metadata: { domain: 'x.atlassian.net', username: 'x@acme.com' } });
  for (const other of list.others ?? []) tines.seed({ team_id: TEAM, ...other });
  if (list.one) {
    tines.seed({ name: NAME, team_id: TEAM, metadata: list.one, allowed_hosts: [list.one.domain], value: 'the-old-token' });
  }
}

/** Tines holding `list`, the replace command the page builds from `input` run under `shell` on a
 *  terminal, the Tines key and the token typed at its prompts: { run, puts }, the PUTs Tines got. */
async function replaceOnTerminal(shell, list, input, tokenPrompt, token) {
  seed(list);
  jira.clear();
  const command = api.buildReplaceCommands(input).curl;
  const run = await runOnTerminal([shell, '-c', command], {
    env: home.env,
    answers: [
      { expect: KEY_PROMPT, reply: REPLACE_KEY },
      { expect: tokenPrompt, reply: token },
    ],
    timeoutMs: 20_000,
  });
  assert.equal(run.timedOut, false, run.output);
  return { run, puts: tines.requests.filter((q) => q.method === 'PUT') };
}

const cases = [];
for (const [listName, list] of Object.entries(LISTS)) {
  for (const [routeName, route] of Object.entries(ROUTES)) {
    for (const verified of [true, false]) cases.push({ listName, list, routeName, route, verified });
  }
}

describe(`the replace matrix: ${Object.keys(LISTS).length} lists × ${Object.keys(ROUTES).length} routes × verified or not × ${SHELLS.join(' and ')}`, () => {
  test('the matrix is whole', () => {
    assert.equal(cases.length, 42);
    assert.deepEqual(SHELLS, ['dash', 'bash'], 'both shells are here');
  });

  const seen = new Map();
  for (const c of cases) {
    for (const shell of SHELLS) {
      const label = `${c.listName}; ${c.routeName}; ${c.verified ? 'verified by the page' : 'not verified'}; ${shell}`;
      test(label, async () => {
        const want = expected(c.listName, c.list, c.route, c.verified);
        const { run, puts } = await replaceOnTerminal(shell, c.list, pageInput(c.list, c.route, c.verified), TOKEN_PROMPT, c.route.token);
        const action = puts.length ? 'PUT' : (/: nothing was changed\./.exec(run.output) ? 'refused' : 'neither');
        seen.set(label, action);
        if (want.put) {
          assert.equal(run.status, 0, run.output);
          assert.equal(puts.length, 1, run.output);
          assert.equal(puts[0].body.value, c.route.token);
          assert.equal(puts[0].body.metadata.account_id, c.route.account ?? JANE_ID);
          assert.equal(puts[0].body.metadata.domain, SITE_HOST);
        } else {
          assert.notEqual(run.status, 0, run.output);
          assert.equal(puts.length, 0, 'a PUT after a refusal');
          assert.match(run.output.replace(/\r/g, ''), want.refused);
        }
        // Jira is asked only when the page gave no account, and then the way the check asks.
        const asked = jira.requests.map((r) => `${r.host}${r.url.split('?')[0]}`);
        if ((c.verified && c.route.account) || !c.list.one || c.listName === 'another site') assert.deepEqual(asked, [], 'Jira asked when it need not be');
        else if (c.routeName === 'site 200') assert.deepEqual(asked, [`${SITE_HOST}/rest/api/3/myself`]);
        else assert.deepEqual(asked, [`${SITE_HOST}/rest/api/3/myself`, `${SITE_HOST}/_edge/tenant_info`, `api.atlassian.com/ex/jira/${CLOUD_ID}/rest/api/3/myself`]);
      });
    }
  }

  test('both shells took the same action in every case', () => {
    for (const c of cases) {
      const actions = SHELLS.map((s) => seen.get(`${c.listName}; ${c.routeName}; ${c.verified ? 'verified by the page' : 'not verified'}; ${s}`));
      assert.equal(new Set(actions).size, 1, `${c.listName}, ${c.routeName}: ${actions.join(' / ')}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Jira Data Center: the same decisions on its route. The credential names its base URL and its
// user (user_key, or a username only); the new token's user is the one Data Center names for it
// (/rest/api/2/myself, Bearer), or the one the page verified.

const DC_TOKEN_PROMPT = 'New Jira personal access token (typing is hidden): ';
const BETA = 'https://jira.beta.test/jira';
const DC_LISTS = {
  'the user_key': { one: { base_url: DC_BASE, domain: DC_HOST, username: DC_USER.name, user_key: DC_USER.key } },
  'a username only, in other letter case': { one: { base_url: DC_BASE, domain: DC_HOST, username: 'JDoe' } },
  'another user': { one: { base_url: DC_BASE, domain: DC_HOST, username: 'mallory', user_key: 'JIRAUSER20200' } },
  'another base URL': { one: { base_url: BETA, domain: 'jira.beta.test', username: DC_USER.name, user_key: DC_USER.key } },
};
const DC_ROUTES = {
  'Data Center 200': { token: DC_TEST_TOKEN, key: DC_USER.key, name: DC_USER.name },
  'Data Center 401': { token: makePat('a token Jira never issued'), key: null, name: null },
};

function dcPageInput(list, route, verified) {
  return {
    site: DC_BASE,
    deployment: 'data-center',
    token: '',
    name: NAME,
    tinesTenant: 'acme.tines.com',
    teamId: String(TEAM),
    today: TODAY,
    credentialAccount: JSON.stringify(list.one),
    accountId: verified && route.key ? route.key : '',
    accountName: verified && route.name ? route.name : '',
  };
}

const escape = (s) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

function dcExpected(list, route) {
  const page = api.buildReplacement({ ...dcPageInput(list, route, true), accountId: route.key ?? '', accountName: route.name ?? '' });
  if (!page.credentialAccount.ok) {
    assert.deepEqual(page.credentialAccount.diagnostics.map((d) => d.code), ['credential-account-other-site']);
    return { refused: new RegExp(`Credential \\d+ is for ${escape(BETA)}, not ${escape(DC_BASE)}: replace the token of the credential for ${escape(DC_BASE)}, or correct the site: nothing was changed`) };
  }
  if (!route.key) return { refused: /Jira did not accept the new token \(HTTP 401\): nothing was changed/ };
  if (page.account.state === 'same') return { put: true };
  assert.equal(page.account.state, 'different', page.account.message);
  return { refused: new RegExp(`Credential \\d+ is Jira account ${list.one.user_key}, the new token account ${route.key}: nothing was changed`) };
}

const dcCases = [];
for (const [listName, list] of Object.entries(DC_LISTS)) {
  for (const [routeName, route] of Object.entries(DC_ROUTES)) {
    for (const verified of [true, false]) dcCases.push({ listName, list, routeName, route, verified });
  }
}

describe(`the replace matrix on Data Center: ${Object.keys(DC_LISTS).length} lists × ${Object.keys(DC_ROUTES).length} answers × verified or not × ${SHELLS.join(' and ')}`, () => {
  const outcomes = new Set();
  for (const c of dcCases) {
    for (const shell of SHELLS) {
      test(`${c.listName}; ${c.routeName}; ${c.verified ? 'verified by the page' : 'not verified'}; ${shell}`, async () => {
        const want = dcExpected(c.list, c.route);
        outcomes.add(want.put ? 'put' : want.refused.source.slice(0, 20));
        const { run, puts } = await replaceOnTerminal(shell, c.list, dcPageInput(c.list, c.route, c.verified), DC_TOKEN_PROMPT, c.route.token);
        if (want.put) {
          assert.equal(run.status, 0, run.output);
          assert.equal(puts.length, 1, run.output);
          assert.equal(puts[0].body.value, c.route.token);
          assert.equal(puts[0].body.metadata.user_key, DC_USER.key);
          assert.equal(puts[0].body.metadata.username, DC_USER.name);
          assert.equal(puts[0].body.metadata.base_url, DC_BASE);
          assert.deepEqual(puts[0].body.allowed_hosts, [DC_HOST]);
        } else {
          assert.notEqual(run.status, 0, run.output);
          assert.equal(puts.length, 0, 'a PUT after a refusal');
          assert.match(run.output.replace(/\r/g, ''), want.refused);
        }
        // Jira is asked only when the page gave no user, and then as the check asks: Bearer.
        const asked = jira.requests.map((r) => `${r.host}${r.url}`);
        if ((c.verified && c.route.key) || c.listName === 'another base URL') assert.deepEqual(asked, []);
        else {
          assert.deepEqual(asked, [`${DC_HOST}/jira/rest/api/2/myself`]);
          assert.equal(jira.requests[0].headers.authorization, `Bearer ${c.route.token}`);
        }
      });
    }
  }

  test('the Data Center cases reach every decision', () => {
    assert.equal(outcomes.size, 4, [...outcomes].join(' / '));
  });
});
