// What the credential can do, end to end in Chromium against the fake Jira: each permission shown
// as can or cannot after a check, a token with scopes found on the gateway without ticking
// anything (the outputs move to api.atlassian.com with the cloud id, and list the scopes, each
// copying exactly), the same from a pasted terminal answer, and the scoped option as an override
// before any check. The token goes only to the Jira hosts of the route.
//
//   node --test tests/e2e/capabilities.test.mjs      (after `npm run build`)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';

import { ACCOUNTS, JANE, SCOPED_JANE, CLOUD_ID } from './fake-jira.mjs';
import { startStack, openPage, typeInputs, pressCheck, inShadow, assertTokenPath, assertNothingStored, field, LABELS, TEST_TIMEOUT } from './e2e-lib.mjs';
import { waitForClipboard } from './harness.mjs';
import { PERMISSIONS } from '../relay/cases.mjs';

const READER = ACCOUNTS.find((a) => a.key === 'reader');
const GATEWAY_BASE = `https://api.atlassian.com/ex/jira/${CLOUD_ID}/rest/api/3`;

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.close();
});

/** What the page shows of the route-dependent outputs, and the permissions in a result panel. */
function shown(page, panel = '[data-result]') {
  return inShadow(
    page,
    (root, sel) => ({
      baseUrl: root.getElementById('out-ref-baseUrl').textContent,
      domains: root.getElementById('out-domains').textContent,
      scopesShown: !root.querySelector('[data-scopes]').hidden,
      scopes: [...root.querySelectorAll('[data-scopes] code')].map((c) => c.textContent),
      cloudIdNote: root.querySelector('[data-cloud-id-note]').hidden ? null : root.querySelector('[data-cloud-id-note]').textContent,
      permissions: Object.fromEntries([...root.querySelectorAll(`${sel} [data-permission]`)].map((li) => [li.dataset.permission, li.dataset.have])),
      permissionsMessage: root.querySelector(`${sel} [data-permissions-message]`)?.textContent ?? null,
    }),
    panel,
  );
}

describe('what the credential can do', () => {
  test('after a check, each permission is shown as can or cannot, with whom to ask for the rest', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(stack);
    const { page } = session;
    try {
      await typeInputs(page, { site: 'acme', email: READER.email, token: READER.token, name: 'Jira Prod' });
      const result = await pressCheck(page);
      assert.equal(result.outcome, 'verified');
      const s = await shown(page);
      assert.deepEqual(s.permissions, {
        BROWSE_PROJECTS: 'yes',
        CREATE_ISSUES: 'no',
        EDIT_ISSUES: 'no',
        ADD_COMMENTS: 'yes',
        TRANSITION_ISSUES: 'no',
        ASSIGN_ISSUES: 'no',
      });
      assert.match(s.permissionsMessage, /lacks Create Issues, Edit Issues, Transition Issues, Assign Issues in every project: ask a Jira admin/);
      // A token without scopes: the site route's outputs, no scopes to list.
      assert.equal(s.scopesShown, false);
      assert.equal(s.domains, 'acme.atlassian.net');
      const asked = session.fakeSaw().filter((r) => r.method === 'GET').map((r) => `${r.host}${r.url}`);
      assert.deepEqual(asked, [
        'acme.atlassian.net/rest/api/3/myself',
        `acme.atlassian.net${PERMISSIONS}`,
      ]);
      await assertTokenPath(session, { token: READER.token, email: READER.email, allowedHosts: ['acme.atlassian.net'], sentTo: ['acme.atlassian.net'] });
    } finally {
      await session.close();
    }
  });

  test('a token with scopes, nothing ticked: found on the gateway, and the outputs follow it until the token changes', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(stack, { clipboard: true });
    const { page } = session;
    const typed = { site: 'acme', email: SCOPED_JANE.email, token: SCOPED_JANE.token, name: 'Jira Prod' };
    try {
      await typeInputs(page, typed);
      const before = await shown(page);
      assert.equal(before.scopesShown, false, 'nothing is known about the token before the check');
      const result = await pressCheck(page);
      assert.equal(result.outcome, 'verified');
      assert.match(result.message, /through api\.atlassian\.com, not at the site itself/);
      assert.equal(result.diagnostics[0].code, 'verify-route-found');

      // The outputs are the module's for a scoped token with this cloud id.
      const { outputs } = stack.api.buildCredential({ ...typed, scoped: true, cloudId: CLOUD_ID });
      const s = await shown(page);
      assert.equal(s.baseUrl, GATEWAY_BASE);
      assert.equal(s.baseUrl, outputs.references.baseUrl);
      assert.equal(s.domains, 'acme.atlassian.net api.atlassian.com');
      assert.equal(s.cloudIdNote, null, 'the cloud id is known: no note about it');
      assert.equal(s.scopesShown, true);
      assert.ok(s.scopes.includes('read:jira-user') && s.scopes.includes('read:permission:jira') && s.scopes.includes('write:jira-work'), s.scopes.join(' '));
      assert.ok(Object.values(s.permissions).every((h) => h === 'yes'));

      // Each scope copies exactly its name.
      for (const name of ['read:jira-user', 'read:permission:jira']) {
        await page.evaluate(() => navigator.clipboard.writeText('(stale)'));
        await page.getByRole('button', { name: `Copy the scope ${name}`, exact: true }).first().click();
        assert.equal(await waitForClipboard(page, (t) => t !== '(stale)'), name);
      }
      await page.evaluate(() => navigator.clipboard.writeText('(stale)'));
      await page.locator('[data-copy="ref-baseUrl"]').click();
      assert.equal(await waitForClipboard(page, (t) => t !== '(stale)'), GATEWAY_BASE);

      await assertTokenPath(session, {
        token: SCOPED_JANE.token,
        email: SCOPED_JANE.email,
        allowedHosts: ['acme.atlassian.net', 'api.atlassian.com'],
        sentTo: ['acme.atlassian.net', 'api.atlassian.com'],
      });
      await assertNothingStored(session, SCOPED_JANE);

      // Another token: what was found belonged to the old one.
      await typeInputs(page, { token: JANE.token });
      const after = await shown(page);
      assert.equal(after.scopesShown, false);
      assert.equal(after.domains, 'acme.atlassian.net');
      assert.match(after.baseUrl, /^https:\/\/<<INFO\.credential\./);
    } finally {
      await session.close();
    }
  });

  test('a pasted terminal answer that shows the gateway route moves the outputs the same way', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(stack);
    const { page } = session;
    const curl = (status, body) => `HTTP/2 ${status} \ncontent-type: application/json\n\n${body}\n\n`;
    const account = JSON.stringify({ accountId: 'x1', accountType: 'atlassian', emailAddress: JANE.email, displayName: 'Jane Doe', active: true });
    const permissions = JSON.stringify({ permissions: { BROWSE_PROJECTS: { havePermission: true }, CREATE_ISSUES: { havePermission: false } } });
    const transcript = `${curl(401, '{}')}${curl(200, `{"cloudId":"${CLOUD_ID}"}`)}${curl(200, account)}${curl(200, permissions)}`;
    try {
      // A site whose answer the browser cannot read: the terminal is the way.
      await typeInputs(page, { site: 'nocors', email: JANE.email, token: SCOPED_JANE.token, name: 'Jira' });
      await page.getByLabel('Paste what the command printed').fill(transcript);
      await page.locator('[data-transcript-result][data-outcome="verified"]').waitFor();
      const s = await shown(page, '[data-transcript-result]');
      assert.equal(s.baseUrl, GATEWAY_BASE);
      assert.equal(s.scopesShown, true);
      // The documented partial answer: two said, four not.
      assert.deepEqual(Object.values(s.permissions), ['yes', 'no', 'unknown', 'unknown', 'unknown', 'unknown']);
      assert.match(s.permissionsMessage, /did not say about Edit Issues/);
      // Nothing was sent for a paste.
      assert.deepEqual(session.fakeSaw().filter((r) => r.headers.authorization), []);
    } finally {
      await session.close();
    }
  });

  test('the scoped option, before any check: the scopes are listed and the base URL says how to get the cloud id', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(stack);
    const { page } = session;
    try {
      await typeInputs(page, { site: 'acme', email: JANE.email, token: SCOPED_JANE.token, name: 'Jira', scoped: true });
      const s = await shown(page);
      assert.equal(s.scopesShown, true);
      assert.equal(s.baseUrl, 'https://api.atlassian.com/ex/jira/{cloudId}/rest/api/3');
      assert.match(s.cloudIdNote, /https:\/\/acme\.atlassian\.net\/_edge\/tenant_info/);
      // Unticked again: back to the site, no scopes (nothing was found by a check).
      await page.getByLabel(LABELS.scoped).uncheck();
      const off = await shown(page);
      assert.equal(off.scopesShown, false);
      assert.equal(off.cloudIdNote, null);
      assert.equal(await field(page, 'token').inputValue(), SCOPED_JANE.token, 'the form keeps what was typed');
    } finally {
      await session.close();
    }
  });
});
