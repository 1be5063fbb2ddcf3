// End to end: every answer the fake Jira Cloud can give, through the real page, the real wasm and
// a real headless Chromium (issue 5). Each scenario types the inputs key by key, presses
// "Check with Jira" and then proves, on top of the outcome and its explanation:
//   - every field still holds exactly what was typed;
//   - the token went only to the validated host (or api.atlassian.com on the scoped route), only
//     over https, only in Authorization, never in a URL, the console, the markup or any store;
//   - the browser reported no CSP violation and the page logged nothing;
//   - axe finds no WCAG 2.2 AA violation in that result state;
// and leaves a screenshot in test-results/e2e-screenshots (or $E2E_SCREENSHOTS).
//
//   node --test tests/e2e/e2e.test.mjs      (after `npm run build`)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';

import { JANE, ACCOUNTS, SCOPED, SCOPED_JANE, TEST_TOKEN, CLOUD_ID, makeToken, behaviourEmail } from './fake-jira.mjs';
import {
  SHOTS,
  CUSTOM_HOST,
  UNREACHABLE_HOST,
  startStack,
  openPage,
  typeInputs,
  fieldValues,
  pressCheck,
  waitForResult,
  waitForAnnouncement,
  cancelButton,
  assertTokenPath,
  assertNothingStored,
  assertCspClean,
  assertAxeClean,
  screenshot,
  until,
  TEST_TIMEOUT,
} from './e2e-lib.mjs';
import { PERMISSIONS } from '../relay/cases.mjs';

const account = (key) => ACCOUNTS.find((a) => a.key === key);
const SITE = 'acme.atlassian.net';
const BOARD_URL = 'https://acme.atlassian.net/jira/software/projects/OPS/boards/12?selectedIssue=OPS-7';
const WRONG_TOKEN = makeToken('not-janes-token'); // well formed, but no account's

let stack;
const axeSeen = new Set();

before(async () => {
  stack = await startStack();
  console.log(`e2e screenshots: ${SHOTS}`);
});

after(async () => {
  await stack?.close();
});

/** A browser check, from typing to the result, with every promise asserted. */
async function scenario(sc) {
  const { fake, api } = stack;
  fake.reset();
  if (sc.behaviour) fake.setBehaviour(sc.behaviour, { scope: sc.behaviourScope ?? 'all' });
  const typed = { name: 'Jira Prod', ...sc.inputs };
  const session = await openPage(stack, { file: sc.file ?? 'index.html' });
  const { page } = session;
  try {
    await typeInputs(page, { ...typed, scoped: sc.scoped });
    const report = api.buildCredential({ ...typed, scoped: Boolean(sc.scoped) });
    assert.ok(report.fields.site.ok && report.fields.email.ok && report.fields.token.ok, 'the inputs are valid');
    const host = report.fields.site.value;
    const token = report.fields.token.value;
    const email = report.fields.email.value;

    // Nothing goes to Jira before the button is pressed.
    assert.deepEqual(session.fakeSaw(), [], 'no request to Jira while typing');

    let result;
    if (sc.drive) result = await sc.drive(session);
    else result = await pressCheck(page);

    // The outcome, its explanation and its presentation.
    assert.equal(result.outcome, sc.expect.outcome, `outcome (message: ${result.message})`);
    if (sc.expect.tone) assert.equal(result.tone, sc.expect.tone, 'tone');
    assert.ok(result.title, 'the result has a title');
    for (const re of [].concat(sc.expect.message)) assert.match(result.message, re, 'the explanation');
    assert.equal(result.badge, sc.expect.status ? `HTTP ${sc.expect.status}` : null, 'the HTTP status shown');
    assert.deepEqual(
      result.diagnostics.map((d) => d.code).sort(),
      [...(sc.expect.diagnostics ?? [])].sort(),
      `the findings (${JSON.stringify(result.diagnostics)})`,
    );
    if (sc.expect.account) assert.deepEqual(result.account, sc.expect.account, 'the account shown');
    else assert.equal(result.account, null, 'no account is shown');
    if (sc.expect.terminal) {
      const commands = api.buildCheckCommands({ ...typed, scoped: Boolean(sc.scoped) });
      assert.deepEqual(
        result.terminal,
        [
          { key: 'curl', text: commands.curl },
          { key: 'powershell', text: commands.powershell },
          { key: 'windowsPowershell', text: commands.windowsPowershell },
        ],
        'the result points to the terminal commands, right below it',
      );
    }
    await waitForAnnouncement(page, new RegExp(escapeRe(result.title)));
    if (sc.expect.extra) await sc.expect.extra(result, session, { host, token, email });

    // Every field holds exactly what was typed.
    assert.deepEqual(await fieldValues(page), { ...typed, scoped: Boolean(sc.scoped) || false }, 'the fields keep what was typed');

    // The token's path, storage, CSP.
    const allowedHosts = sc.allowedHosts ?? (sc.route === 'scoped' ? ['api.atlassian.com'] : [host]);
    await assertTokenPath(session, { token, email, allowedHosts, sentTo: sc.sentTo ?? [] });
    await assertNothingStored(session, { token, email });
    await assertCspClean(session);
    if (sc.fakeLog) sc.fakeLog(session.fakeSaw(), { host, token, email });

    // axe once per distinct presentation: the page, the tone, and which parts the panel has (an
    // account, findings, a pointer to the terminal commands). The texts differ between outcomes,
    // the markup and colours do not. (axe on the whole page takes about 2 s.)
    const look = [sc.file, result.tone, Boolean(result.account), result.diagnostics.map((d) => d.severity).sort(), result.terminal.length, Boolean(result.badge)];
    if (!axeSeen.has(JSON.stringify(look))) {
      axeSeen.add(JSON.stringify(look));
      await assertAxeClean(page, `result: ${sc.expect.outcome} (${sc.title})`, session.recorder);
    }
    await screenshot(page, `e2e-${sc.shot}`);
  } finally {
    await session.close();
    fake.reset();
  }
}

const escapeRe = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The site-route log: one preflight without credentials, then one GET with them. */

function preflightThenGet(host, path = '/rest/api/3/myself') {
  return (log, { email, token }) => {
    const seen = log.map((r) => `${r.method} ${r.host}${r.url}`);
    assert.deepEqual(seen.slice(0, 2), [`OPTIONS ${host}${path}`, `GET ${host}${path}`], 'a preflight, then the GET');
    assert.equal(log[0].headers.authorization, undefined, 'the preflight carries no credentials');
    assert.match(log[0].headers['access-control-request-headers'] ?? '', /authorization/);
    assert.equal(log[1].headers.authorization, `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`);
    assert.equal(log[1].headers.accept, 'application/json');
    assert.equal(log[1].headers.origin, stack.server.origin);
  };
}

/** A check the browser could not read, then the probe of the host: no credentials on it. */
function probedWithoutToken(host) {
  return (log) => {
    const probes = log.filter((r) => r.method === 'GET' && r.url === '/_edge/tenant_info');
    assert.equal(probes.length, 1, 'one probe of the host');
    assert.equal(probes[0].host, host);
    assert.equal(probes[0].headers.authorization, undefined, 'the probe carries no token');
    assert.equal(probes[0].headers.cookie, undefined);
  };
}

const verifiedAccount = (a, { email = a.account.emailAddress } = {}) => ({
  Name: a.account.displayName,
  Email: email ?? 'Hidden by the account\u2019s profile settings',
  'Account ID': a.account.accountId,
  'Account type': a.account.accountType,
  Status: a.account.active ? 'Active' : 'Deactivated',
});

// ---------------------------------------------------------------------------------------------

const SCENARIOS = [
  {
    title: 'ok: a pasted board URL, Jane\u2019s email and token: verified, with whom the token belongs to',
    shot: '01-verified',
    inputs: { site: BOARD_URL, email: JANE.email, token: JANE.token },
    expect: { outcome: 'verified', tone: 'success', status: 200, message: /^Jira accepted this email and token\.$/, account: verifiedAccount(JANE) },
    sentTo: [SITE],
    fakeLog: preflightThenGet(SITE),
  },
  {
    title: 'ok: the email in another case and a token typed with spaces around it: verified, no mismatch',
    shot: '02-verified-email-case',
    inputs: { site: 'acme', email: 'KIM@acme.com', token: `  ${account('email-case').token} ` },
    expect: { outcome: 'verified', tone: 'success', status: 200, message: /accepted/, account: verifiedAccount(account('email-case')) },
    sentTo: [SITE],
    fakeLog: preflightThenGet(SITE),
  },
  {
    title: 'ok, inactive account: verified with a warning that it is deactivated',
    shot: '03-verified-inactive',
    inputs: { site: SITE, email: account('inactive').email, token: account('inactive').token },
    expect: {
      outcome: 'verified', status: 200, message: /accepted/, diagnostics: ['verify-account-inactive'],
      account: verifiedAccount(account('inactive')),
      extra: (r) => assert.equal(r.diagnostics[0].severity, 'warning'),
    },
    sentTo: [SITE],
  },
  {
    title: 'ok, email hidden by the profile: verified with a note that it could not be compared',
    shot: '04-verified-email-hidden',
    inputs: { site: SITE, email: account('hidden-email').email, token: account('hidden-email').token },
    expect: {
      outcome: 'verified', status: 200, message: /accepted/, diagnostics: ['verify-email-hidden'],
      account: verifiedAccount(account('hidden-email'), { email: null }),
    },
    sentTo: [SITE],
  },
  {
    title: 'ok, accountType app: verified with a note that it is an app account',
    shot: '05-verified-app',
    inputs: { site: SITE, email: account('app').email, token: account('app').token },
    expect: {
      outcome: 'verified', status: 200, message: /accepted/, diagnostics: ['verify-email-hidden', 'verify-account-type'],
      account: verifiedAccount(account('app'), { email: null }),
    },
    sentTo: [SITE],
  },
  {
    title: 'ok, Jira knows another email: verified with a warning and the address to use',
    shot: '06-verified-email-mismatch',
    inputs: { site: SITE, email: account('email-mismatch').email, token: account('email-mismatch').token },
    expect: {
      outcome: 'verified', status: 200, message: /accepted/, diagnostics: ['verify-email-mismatch'],
      account: verifiedAccount(account('email-mismatch')),
      extra: async (r, { page }) => {
        assert.equal(r.diagnostics[0].severity, 'warning');
        assert.equal(r.diagnostics[0].suggestion, 'samuel.jones@acme-corp.com');
        await page.getByRole('button', { name: 'Use samuel.jones@acme-corp.com' }).waitFor();
      },
    },
    sentTo: [SITE],
  },
  {
    title: 'wrong token (401 text/plain "Client must be authenticated"): refused at the site and on the gateway, with what to check',
    shot: '07-rejected',
    inputs: { site: SITE, email: JANE.email, token: WRONG_TOKEN },
    expect: {
      outcome: 'rejected', tone: 'error', status: 401,
      message: [/Neither the site nor api\.atlassian\.com/, /sign-in address/, /expired or been revoked/, /block API tokens/],
    },
    // A 401 at the site could be a token with scopes: the check asks the gateway too.
    sentTo: [SITE, 'api.atlassian.com'],
    allowedHosts: [SITE, 'api.atlassian.com'],
    fakeLog: (log, who) => {
      preflightThenGet(SITE)(log, who);
      const gets = log.filter((r) => r.method === 'GET').map((r) => `${r.host}${r.url}`);
      assert.deepEqual(gets, [`${SITE}/rest/api/3/myself`, `${SITE}/_edge/tenant_info`, `api.atlassian.com/ex/jira/${CLOUD_ID}/rest/api/3/myself`]);
    },
  },
  {
    title: 'wrong token (401 "Basic authentication with passwords is deprecated"): rejected as a password',
    shot: '08-rejected-password',
    inputs: { site: SITE, email: behaviourEmail('basic-deprecated'), token: TEST_TOKEN },
    expect: { outcome: 'rejected', tone: 'error', status: 401, message: /took the secret for an account password/, diagnostics: ['verify-password-used'] },
    sentTo: [SITE],
  },
  {
    title: 'scoped route, classic token (401 JSON from api.atlassian.com): rejected for its scopes',
    shot: '09-rejected-scoped-json',
    scoped: true,
    route: 'scoped',
    inputs: { site: SITE, email: JANE.email, token: JANE.token },
    expect: { outcome: 'rejected', tone: 'error', status: 401, message: /scopes do not match: they do not allow reading your own account/, diagnostics: ['verify-token-scope'] },
    sentTo: ['api.atlassian.com'],
  },
  {
    title: 'captcha (403 with X-Authentication-Denied-Reason): says to sign in once in a browser',
    shot: '10-captcha',
    inputs: { site: SITE, email: behaviourEmail('captcha'), token: TEST_TOKEN },
    expect: { outcome: 'captcha', status: 403, message: /CAPTCHA.*sign in once at https:\/\/acme\.atlassian\.net in a browser/ },
    sentTo: [SITE],
  },
  {
    title: 'forbidden (other 403): accepted sign-in, refused access',
    shot: '11-forbidden',
    inputs: { site: SITE, email: behaviourEmail('forbidden'), token: TEST_TOKEN },
    expect: { outcome: 'forbidden', tone: 'error', status: 403, message: /accepted the sign-in but refused access/, terminal: true },
    sentTo: [SITE],
  },
  {
    title: 'site-not-found (404 "Site temporarily unavailable"): no Jira Cloud site at that address',
    shot: '12-site-not-found',
    inputs: { site: 'nosite-acme.atlassian.net', email: JANE.email, token: JANE.token },
    expect: { outcome: 'site-not-found', tone: 'error', status: 404, message: /no Jira Cloud site at nosite-acme\.atlassian\.net/ },
    sentTo: ['nosite-acme.atlassian.net'],
    fakeLog: preflightThenGet('nosite-acme.atlassian.net'),
  },
  {
    title: 'rate-limited (429, Retry-After: 30): says how long to wait, and the button waits',
    shot: '13-rate-limited',
    inputs: { site: SITE, email: behaviourEmail('rate-limited'), token: TEST_TOKEN },
    expect: {
      outcome: 'rate-limited', status: 429, message: /wait 30 seconds and try again/,
      extra: (r) => {
        assert.equal(r.checkDisabled, true, 'the button waits as long as Jira asked');
        assert.match(r.hint, /check again in (30|29|28) s/);
      },
    },
    sentTo: [SITE],
  },
  {
    title: 'server-error (500): a problem on Atlassian\u2019s side',
    shot: '14-jira-error',
    inputs: { site: SITE, email: behaviourEmail('server-error'), token: TEST_TOKEN },
    expect: { outcome: 'jira-error', status: 500, message: /server error \(HTTP 500\).*Atlassian's side/, terminal: true },
    sentTo: [SITE],
  },
  {
    title: 'html-login (200 text/html sign-in page): not Jira, nothing proven',
    shot: '15-not-jira',
    inputs: { site: SITE, email: behaviourEmail('html-login'), token: TEST_TOKEN },
    expect: { outcome: 'not-jira', tone: 'error', status: 200, message: /not with a Jira account.*nothing is proven/, terminal: true },
    sentTo: [SITE],
  },
  {
    title: 'hang: the check gives up after the element\u2019s timeout attribute (timeout="1500")',
    shot: '16-timeout',
    inputs: { site: SITE, email: behaviourEmail('hang'), token: TEST_TOKEN },
    expect: { outcome: 'timeout', status: null, message: /did not answer in time/, terminal: true },
    sentTo: [SITE],
    // The module's deadline is an AbortSignal.timeout, which Playwright's clock does not fake: the
    // element's timeout attribute shortens it instead.
    drive: async (session) => {
      const { page } = session;
      await page.evaluate(() => document.querySelector('tines-jira-credential').setAttribute('timeout', '1500'));
      const started = Date.now();
      await pressCheck(page, { wait: false });
      await cancelButton(page).waitFor();
      await until(() => session.fakeSaw().some((r) => r.method === 'GET' && r.status === undefined), { message: 'the hanging GET' });
      const result = await waitForResult(page);
      const took = Date.now() - started;
      assert.ok(took >= 1400 && took < 10_000, `gave up after ${took} ms`);
      return result;
    },
  },
  {
    title: 'hang, then Cancel: aborted, and focus goes back to the button',
    shot: '17-aborted',
    inputs: { site: SITE, email: behaviourEmail('hang'), token: TEST_TOKEN },
    expect: {
      outcome: 'aborted', tone: 'neutral', status: null, message: /You cancelled the check/,
      extra: async (_r, { page }) => {
        const focused = await page.evaluate(() => document.querySelector('tines-jira-credential').shadowRoot.activeElement?.id);
        assert.equal(focused, 'check');
      },
    },
    sentTo: [SITE],
    drive: async (session) => {
      const { page } = session;
      await pressCheck(page, { wait: false });
      await until(() => session.fakeSaw().some((r) => r.method === 'GET'), { message: 'the hanging GET' });
      await cancelButton(page).click();
      return waitForResult(page);
    },
  },
  {
    title: 'reset (connection reset): blocked-by-browser, with the terminal command',
    shot: '18-reset',
    inputs: { site: SITE, email: behaviourEmail('reset'), token: TEST_TOKEN },
    expect: { outcome: 'blocked-by-browser', tone: 'neutral', status: null, message: /would not let this page read Jira's answer/, terminal: true },
    sentTo: [SITE],
    fakeLog: probedWithoutToken(SITE),
  },
  {
    title: 'redirect to another host (302 to evil.example): redirected, never followed',
    shot: '19-redirected',
    inputs: { site: SITE, email: behaviourEmail('redirect'), token: TEST_TOKEN },
    expect: { outcome: 'redirected', tone: 'error', status: null, message: /redirect, which this tool does not follow with your token/ },
    sentTo: [SITE],
    fakeLog: (log) => {
      assert.ok(log.some((r) => r.method === 'GET' && r.status === 302), 'the site answered 302');
      assert.deepEqual(log.filter((r) => r.host === 'evil.example'), [], 'evil.example was never asked');
    },
  },
  {
    title: 'redirect at the scoped route\u2019s first step (tenant_info): redirected, and the token never sent',
    shot: '20-redirected-scoped',
    behaviour: 'redirect',
    scoped: true,
    route: 'scoped',
    inputs: { site: SITE, email: SCOPED_JANE.email, token: SCOPED_JANE.token },
    expect: { outcome: 'redirected', tone: 'error', status: null, message: /first step of the scoped check.*redirect/ },
    fakeLog: (log) => {
      assert.deepEqual(log.filter((r) => r.method === 'GET').map((r) => `${r.host}${r.url}`), [`${SITE}/_edge/tenant_info`]);
      assert.ok(log.every((r) => r.headers.authorization === undefined), 'no request carried credentials');
    },
  },
  {
    title: 'CORS refused (nocors.atlassian.net): blocked-by-browser, presented as expected, with the terminal command',
    shot: '21-blocked-by-browser',
    inputs: { site: 'nocors.atlassian.net', email: JANE.email, token: JANE.token },
    expect: {
      outcome: 'blocked-by-browser', tone: 'neutral', status: null, terminal: true,
      message: [/would not let this page read Jira's answer/, /says nothing about your inputs/, /terminal check command/],
      extra: (r) => {
        assert.match(r.title, /^Expected/);
        assert.match(r.lead, /how browsers normally behave/);
      },
    },
    fakeLog: (log) => {
      // The preflight is refused, so the GET with the token is never sent; then one probe of the
      // host, without credentials, tells "withheld" from "unreachable".
      assert.deepEqual(log.map((r) => `${r.method} ${r.host}${r.url}`), [
        'OPTIONS nocors.atlassian.net/rest/api/3/myself',
        'GET nocors.atlassian.net/_edge/tenant_info',
      ]);
      assert.ok(log.every((r) => r.headers.authorization === undefined), 'neither carries credentials');
    },
  },
  {
    title: `unreachable (${UNREACHABLE_HOST} resolves nowhere): says so, after one probe that carries no token`,
    shot: '21b-unreachable',
    inputs: { site: UNREACHABLE_HOST, email: JANE.email, token: JANE.token },
    expect: {
      outcome: 'unreachable', tone: 'error', status: null, terminal: true,
      message: [new RegExp(`could not reach ${escapeRe(UNREACHABLE_HOST)} at all`), /typos/, /VPN, a proxy/],
      extra: (r, session) => {
        assert.doesNotMatch(r.message, /says nothing about your inputs/, 'not the "blocked by the browser" explanation');
        const asked = session.recorder.requestsTo(UNREACHABLE_HOST).map((q) => `${q.method} ${new URL(q.url).pathname}`);
        assert.deepEqual(asked, ['GET /rest/api/3/myself', 'GET /_edge/tenant_info'], 'the check, then one probe');
        const probe = session.recorder.requestsTo(UNREACHABLE_HOST)[1];
        assert.equal(probe.headers.authorization, undefined, 'the probe carries no token');
        assert.ok(probe.failure, 'and it failed too');
      },
    },
    fakeLog: (log) => assert.deepEqual(log, [], 'nothing reached the fake'),
  },
  {
    title: 'scoped route, service account: tenant_info without credentials, then api.atlassian.com: verified',
    shot: '22-verified-service-account',
    route: 'scoped',
    inputs: { site: SITE, email: SCOPED.email, token: SCOPED.token },
    expect: {
      outcome: 'verified', tone: 'success', status: 200, message: /accepted this email and token through api\.atlassian\.com/,
      diagnostics: ['verify-account-type'], account: verifiedAccount(SCOPED),
    },
    sentTo: ['api.atlassian.com'],
    fakeLog: (log) => {
      const gets = log.filter((r) => r.method === 'GET');
      assert.deepEqual(gets.map((r) => `${r.host}${r.url}`), [
        `${SITE}/_edge/tenant_info`,
        `api.atlassian.com/ex/jira/${CLOUD_ID}/rest/api/3/myself`,
        `api.atlassian.com/ex/jira/${CLOUD_ID}${PERMISSIONS}`,
      ]);
      assert.equal(gets[0].headers.authorization, undefined, 'tenant_info goes without credentials');
    },
  },
  {
    title: 'scoped route, a person\u2019s scoped token with the option ticked: verified through api.atlassian.com',
    shot: '23-verified-scoped',
    scoped: true,
    route: 'scoped',
    inputs: { site: SITE, email: SCOPED_JANE.email, token: SCOPED_JANE.token },
    expect: { outcome: 'verified', tone: 'success', status: 200, message: /through api\.atlassian\.com/, account: verifiedAccount(SCOPED_JANE) },
    sentTo: ['api.atlassian.com'],
  },
  {
    title: 'a token with scopes, nothing ticked: the site refuses it (401), the gateway accepts it: verified, the route found',
    shot: '24-scoped-token-found',
    inputs: { site: SITE, email: SCOPED_JANE.email, token: SCOPED_JANE.token },
    expect: {
      outcome: 'verified', tone: 'success', status: 200, message: /through api\.atlassian\.com, not at the site itself/,
      diagnostics: ['verify-route-found'], account: verifiedAccount(SCOPED_JANE),
    },
    sentTo: [SITE, 'api.atlassian.com'],
    allowedHosts: [SITE, 'api.atlassian.com'],
  },
  {
    title: `a custom domain (${CUSTOM_HOST}, outside the CSP): refused by the page before any request`,
    shot: '25-custom-host',
    inputs: { site: CUSTOM_HOST, email: JANE.email, token: JANE.token },
    expect: {
      outcome: 'blocked-by-browser', tone: 'neutral', status: null, terminal: true,
      message: new RegExp(`may only contact .*cannot ask ${escapeRe(CUSTOM_HOST)} from your browser`),
      extra: (_r, session) => {
        assert.deepEqual(session.recorder.requestsTo(CUSTOM_HOST), [], 'the browser made no request to the custom host');
      },
    },
    fakeLog: (log) => assert.deepEqual(log, [], 'nothing reached the fake (which the browser maps the custom host to)'),
  },
];

describe('every Jira answer, through the page', () => {
  for (const sc of SCENARIOS) test(sc.title, { timeout: TEST_TIMEOUT }, () => scenario(sc));
});

describe('the embedded element (www/embed.html)', () => {
  test('passes the core scenario: verified, with the same promises', { timeout: TEST_TIMEOUT }, () =>
    scenario({
      title: 'embed.html: verified',
      shot: '26-embed-verified',
      file: 'embed.html',
      inputs: { site: SITE, email: JANE.email, token: JANE.token },
      expect: { outcome: 'verified', tone: 'success', status: 200, message: /accepted/, account: verifiedAccount(JANE) },
      sentTo: [SITE],
      fakeLog: preflightThenGet(SITE),
    }));
});
