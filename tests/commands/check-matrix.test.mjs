// The check command's transcript reads as the live check's verdict, word for word: a differential
// matrix over every answer the fake Jira gives.
//
// For each scenario (every account the fake knows, on the route a person would start on; a token
// with scopes found through the gateway; a token neither accepts; a site that does not exist; and
// every behaviour the fake can be asked for, on the site route and on the scoped one), two drivers
// take the same steps against the same fake:
//   - the live check: `verifyCredential` in headless Chromium, straight to the fake (which, here,
//     lets the page read every header it sends, as a terminal reads them);
//   - the POSIX check command (buildCheckCommands), unchanged, under dash and under bash, the token
//     on its standard input; what it prints is pasted back into `interpretTranscript`.
// Their verdicts must be the same object: outcome, message, route, status, every diagnostic, the
// account, the cloud id and the permissions. Where a browser cannot see what a terminal sees, the
// difference is listed with why (EXPECTED_DIFFERENCES), and the list fails when it stops differing.
// Two behaviours give no answer at all (the fake hangs, or resets the connection): there the live
// check's verdict is a timeout or the probe's and a terminal prints curl's own error, with nothing
// to paste; they are left out, and the live check's side is tested in tests/e2e.
//
//   node --test tests/commands/check-matrix.test.mjs      (needs `npm run build`)

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { after, before, describe, test } from 'node:test';

import { startFakeJira, ACCOUNTS, SCOPED, SCOPED_JANE, BEHAVIOURS, TEST_TOKEN, behaviourEmail, makeToken } from '../e2e/fake-jira.mjs';
import { DC_BASE, DC_ORIGIN, DC_TEST_TOKEN, makePat } from '../e2e/fake-data-center.mjs';
import { serveStatic, launchBrowser, newContext } from '../e2e/harness.mjs';
import { loadApi, curlHome, ROOT, TODAY } from './lib.mjs';

const SHELLS = ['dash', 'bash'].filter((s) => fs.existsSync(`/bin/${s}`) || fs.existsSync(`/usr/bin/${s}`));

/** Behaviours with no answer to compare (see above). */
const NO_ANSWER = ['hang', 'reset'];
/** Data Center's own behaviours: a Cloud check never meets them. */
const DATA_CENTER_ONLY = ['expired', 'cloud'];

/** Fields a browser cannot show as a terminal does, by scenario, and why. */
const EXPECTED_DIFFERENCES = {
  // `redirect: "manual"` hands the page an opaque redirect, with no status (Fetch standard,
  // "opaque-redirect filtered response"); curl prints the 302.
  'behaviour redirect, site route': ['status'],
  'behaviour redirect, scoped route': ['status'],
};

const scenarios = [
  ...ACCOUNTS.map((a) => ({ name: `account ${a.key}`, site: 'acme', email: a.email, token: a.token })),
  { name: 'a service account (scoped by its address)', site: 'acme', email: SCOPED.email, token: SCOPED.token },
  { name: 'a token with scopes, found through the gateway', site: 'acme', email: SCOPED_JANE.email, token: SCOPED_JANE.token },
  { name: 'a token with scopes, asked as such', site: 'acme', email: SCOPED_JANE.email, token: SCOPED_JANE.token, scoped: true },
  { name: 'a token neither accepts', site: 'acme', email: 'jane@acme.com', token: makeToken('never issued') },
  { name: 'a site that does not exist', site: 'nosite-acme', email: 'jane@acme.com', token: ACCOUNTS[0].token },
  ...BEHAVIOURS.filter((b) => b !== 'ok' && !NO_ANSWER.includes(b) && !DATA_CENTER_ONLY.includes(b)).flatMap((b) => [
    { name: `behaviour ${b}, site route`, site: 'acme', email: behaviourEmail(b), token: TEST_TOKEN },
    { name: `behaviour ${b}, scoped route`, site: 'acme', email: behaviourEmail(b), token: TEST_TOKEN, scoped: true },
  ]),
];

let api;
let fake;
let server;
let browser;
let page;
let home;

before(async () => {
  api = await loadApi();
  fake = await startFakeJira({ exposeAll: true });
  server = await serveStatic(`${ROOT}/www`);
  browser = await launchBrowser({ fakePort: fake.port });
  const context = await newContext(browser);
  page = await context.newPage();
  // The module's own file as the page: no Content-Security-Policy (index.html's allows only
  // Atlassian), so the live check can ask the fake Data Center as a docs page set up for it does.
  await page.goto(`${server.url}/pkg/tines_jira_credential_live.js`);
  await page.evaluate(async () => {
    const live = await import('/pkg/tines_jira_credential_live.js');
    await live.default();
    globalThis.__live = live;
  });
  home = curlHome({ maps: [{ host: '', port: fake.port }], certs: [fake.certPath] });
});
after(async () => {
  await browser?.close();
  await server?.close();
  await fake?.close();
  home?.remove();
});

async function liveVerdict(s) {
  return page.evaluate(
    ({ site, email, token, scoped }) => globalThis.__live.verifyCredential({ site, email, token }, { scoped, timeoutMs: 10_000 }),
    { site: s.site, email: s.email, token: s.token, scoped: Boolean(s.scoped) },
  );
}

function runCommand(shell, command, token) {
  return new Promise((resolve, reject) => {
    const child = spawn(shell, ['-c', command], { env: home.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
    child.stdin.end(`${token}\n`);
  });
}

/** The fields of two verdicts that differ. */
function differing(a, b) {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
}

describe(`the check matrix: ${scenarios.length} scenarios × ${SHELLS.join(' and ')}, pasted back, against the live check`, () => {
  test('the matrix is whole', () => {
    assert.deepEqual(SHELLS, ['dash', 'bash']);
    const asked = new Set(scenarios.filter((s) => s.name.startsWith('behaviour ')).map((s) => s.name.split(' ')[1].replace(',', '')));
    for (const b of BEHAVIOURS) {
      assert.ok(b === 'ok' || NO_ANSWER.includes(b) || DATA_CENTER_ONLY.includes(b) || asked.has(b), `behaviour ${b} is not in the matrix`);
    }
    for (const a of ACCOUNTS) assert.ok(scenarios.some((s) => s.token === a.token), `account ${a.key}`);
  });

  const outcomes = new Set();
  for (const s of scenarios) {
    test(s.name, async () => {
      const input = { site: s.site, email: s.email, token: '', name: 'Jira', scoped: Boolean(s.scoped), today: TODAY };
      const command = api.buildCheckCommands(input).curl;
      const live = await liveVerdict(s);
      outcomes.add(live.outcome);
      for (const shell of SHELLS) {
        const run = await runCommand(shell, command, s.token);
        assert.equal(run.status, 0, `${shell}: ${run.stderr}`);
        const pasted = api.interpretTranscript(run.stdout, { site: s.site, email: s.email, scoped: Boolean(s.scoped) });
        const allowed = EXPECTED_DIFFERENCES[s.name] ?? [];
        assert.deepEqual(differing(live, pasted), allowed, `${shell}: live ${JSON.stringify(live)}\npasted ${JSON.stringify(pasted)}\nprinted:\n${run.stdout}`);
        const same = (v) => Object.fromEntries(Object.entries(v).filter(([k]) => !allowed.includes(k)));
        assert.deepEqual(same(pasted), same(live));
      }
    });
  }

  test('the scenarios reach every verdict a Jira answer can give', () => {
    for (const outcome of ['verified', 'rejected', 'captcha', 'forbidden', 'site-not-found', 'rate-limited', 'jira-error', 'not-jira', 'redirected']) {
      assert.ok(outcomes.has(outcome), `no scenario gives ${outcome}`);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Jira Data Center: the same comparison on its route (Bearer to <base>/rest/api/2/myself), against
// the fake Data Center (tests/e2e/fake-data-center.mjs), whose allowlist holds the page's origin.

const DC_SCENARIOS = [
  { name: 'a personal access token Data Center knows', site: DC_BASE, token: DC_TEST_TOKEN },
  { name: 'a token Data Center does not know', site: DC_BASE, token: makePat('never issued') },
  { name: 'a base URL without its context path', site: 'https://jira.dc.test', token: DC_TEST_TOKEN },
  ...['expired', 'captcha', 'rate-limited', 'forbidden-page', 'site-not-found', 'server-error', 'cloud', 'redirect'].map((b) => ({
    name: `Data Center behaviour ${b}`,
    site: DC_BASE,
    token: DC_TEST_TOKEN,
    behaviour: b,
  })),
];
const DC_EXPECTED_DIFFERENCES = { 'Data Center behaviour redirect': ['status'] };

describe(`the check matrix on Data Center: ${DC_SCENARIOS.length} scenarios × ${SHELLS.join(' and ')}`, () => {
  const outcomes = new Set();
  for (const s of DC_SCENARIOS) {
    test(s.name, async () => {
      fake.reset();
      fake.setAllowlist([server.origin]);
      if (s.behaviour) fake.setBehaviour(s.behaviour);
      try {
        const input = { site: s.site, deployment: 'data-center', token: '', name: 'Jira', today: TODAY };
        const command = api.buildCheckCommands(input).curl;
        const live = await page.evaluate(
          ({ site, token, origin }) =>
            globalThis.__live.verifyCredential({ site, deployment: 'data-center', token }, { timeoutMs: 10_000, dataCenterOrigin: origin }),
          { site: s.site, token: s.token, origin: DC_ORIGIN },
        );
        outcomes.add(live.outcome);
        assert.equal(live.route, 'data-center');
        for (const shell of SHELLS) {
          const run = await runCommand(shell, command, s.token);
          assert.equal(run.status, 0, `${shell}: ${run.stderr}`);
          const pasted = api.interpretTranscript(run.stdout, { site: s.site, deployment: 'data-center' });
          const allowed = DC_EXPECTED_DIFFERENCES[s.name] ?? [];
          assert.deepEqual(differing(live, pasted), allowed, `${shell}: live ${JSON.stringify(live)}\npasted ${JSON.stringify(pasted)}\nprinted:\n${run.stdout}`);
        }
      } finally {
        fake.reset();
      }
    });
  }

  test('the Data Center scenarios reach every verdict its answers give', () => {
    for (const outcome of ['verified', 'rejected', 'captcha', 'forbidden', 'site-not-found', 'rate-limited', 'jira-error', 'wrong-jira', 'redirected']) {
      assert.ok(outcomes.has(outcome), `no Data Center scenario gives ${outcome}`);
    }
  });
});
