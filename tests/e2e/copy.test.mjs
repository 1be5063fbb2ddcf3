// Copy buttons, end to end: after a real check against the fake Jira, every Copy button puts exactly
// the module's text on the clipboard; the Metadata parses to exactly {domain, username}; the Value
// copy is the only one holding the token.
//
//   node --test tests/e2e/copy.test.mjs      (after `npm run build`)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';

import { JANE } from './fake-jira.mjs';
import {
  startStack,
  openPage,
  typeInputs,
  pressCheck,
  inShadow,
  waitForAnnouncement,
  assertTokenPath,
  assertNothingStored,
  assertCspClean,
  secretForms,
  screenshot,
  TEST_TIMEOUT,
} from './e2e-lib.mjs';
import { waitForClipboard } from './harness.mjs';

let stack;

before(async () => {
  stack = await startStack();
});

after(async () => {
  await stack?.close();
});

/** What each copy button must copy, from the module's own report. */
function expectedCopies(outputs) {
  return {
    name: outputs.name,
    value: outputs.value,
    metadata: outputs.metadataJson,
    domains: outputs.domainsField,
    'ref-value': outputs.references.value,
    'ref-domain': outputs.references.domain,
    'ref-username': outputs.references.username,
    'ref-baseUrl': outputs.references.baseUrl,
    curl: outputs.commands.curl,
    powershell: outputs.commands.powershell,
    windowsPowershell: outputs.commands.windowsPowershell,
    story: outputs.tinesStory,
  };
}

const COMMANDS = ['curl', 'powershell', 'windowsPowershell'];

/** The keys of the copy buttons a person can see now. */
const visibleCopyKeys = (page) =>
  inShadow(page, (root) => [...root.querySelectorAll('[data-copy]')].filter((b) => !b.closest('[hidden]') && !b.disabled).map((b) => b.dataset.copy));

async function copyEach(page, keys) {
  const copied = {};
  for (const key of keys) {
    // The check commands are tabs: show the command's tab first.
    if (COMMANDS.includes(key)) await page.locator(`#tab-${key}`).click();
    await page.evaluate(() => navigator.clipboard.writeText('(stale)'));
    const button = page.locator(`[data-copy="${key}"]`);
    await button.click();
    copied[key] = await waitForClipboard(page, (t) => t !== '(stale)');
    assert.match(await button.innerText(), /Copied/, `the ${key} button says Copied`);
  }
  return copied;
}

describe('copy buttons', () => {
  test('after a verified check: each output copies exactly, Metadata is {domain, username}, only Value holds the token', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(stack, { clipboard: true });
    const { page } = session;
    const typed = { site: 'https://acme.atlassian.net/browse/OPS-7', email: JANE.email, token: ` ${JANE.token}  `, name: 'Jira Prod' };
    try {
      await typeInputs(page, typed);
      assert.equal((await pressCheck(page)).outcome, 'verified');
      const { outputs } = stack.api.buildCredential({ ...typed, scoped: false });
      const expected = expectedCopies(outputs);

      assert.deepEqual(
        await visibleCopyKeys(page),
        ['curl', 'name', 'value', 'metadata', 'domains', 'ref-value', 'ref-domain', 'ref-username', 'ref-baseUrl', 'story'],
        'every output shown has a copy button, the outputs in Tines\u2019 order (the first command tab is shown)',
      );
      const keys = ['name', 'value', 'metadata', 'domains', 'ref-value', 'ref-domain', 'ref-username', 'ref-baseUrl', ...COMMANDS, 'story'];
      const copied = await copyEach(page, keys);
      for (const key of keys) assert.equal(copied[key], expected[key], `clipboard after copying ${key}`);

      assert.equal(copied.value, JANE.token, 'Value is the cleaned token (no surrounding spaces)');
      const metadata = JSON.parse(copied.metadata);
      assert.deepEqual(metadata, { domain: 'acme.atlassian.net', username: 'jane@acme.com' });
      assert.deepEqual(Object.keys(metadata), ['domain', 'username']);
      assert.equal(copied.metadata, '{\n  "domain": "acme.atlassian.net",\n  "username": "jane@acme.com"\n}');
      assert.equal(copied.name, 'Jira Prod');
      assert.equal(copied.domains, 'acme.atlassian.net');

      const secrets = secretForms(JANE.token, JANE.email);
      for (const [key, text] of Object.entries(copied)) {
        const holds = secrets.some((s) => text.includes(s));
        assert.equal(holds, key === 'value', `${key}: ${holds ? 'holds' : 'does not hold'} the token`);
      }
      await waitForAnnouncement(page, /Copied/);

      await assertTokenPath(session, { token: JANE.token, email: JANE.email, allowedHosts: ['acme.atlassian.net'], sentTo: ['acme.atlassian.net'] });
      await assertNothingStored(session, JANE);
      await assertCspClean(session);
      await screenshot(page, 'e2e-28-copied');
    } finally {
      await session.close();
    }
  });

  test('blocked by the browser: the result\u2019s terminal commands copy exactly, without the token', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(stack, { clipboard: true });
    const { page } = session;
    const typed = { site: 'nocors.atlassian.net', email: JANE.email, token: JANE.token, name: 'Jira' };
    try {
      await typeInputs(page, typed);
      assert.equal((await pressCheck(page)).outcome, 'blocked-by-browser');
      const { outputs } = stack.api.buildCredential({ ...typed, scoped: false });
      const expected = expectedCopies(outputs);
      const keys = COMMANDS;
      const copied = await copyEach(page, keys);
      const secrets = secretForms(JANE.token, JANE.email);
      for (const key of keys) {
        assert.equal(copied[key], expected[key]);
        assert.ok(copied[key].includes('https://nocors.atlassian.net') && copied[key].includes('/rest/api/3/myself'), key);
        assert.ok(!secrets.some((s) => copied[key].includes(s)), `${key} does not hold the token`);
      }
      await assertTokenPath(session, { token: JANE.token, email: JANE.email, allowedHosts: ['nocors.atlassian.net'] });
      await assertCspClean(session);
    } finally {
      await session.close();
    }
  });
});
