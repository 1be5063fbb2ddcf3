// Accessibility, end to end: axe (WCAG 2.2 AA rule set) on the empty form, the form with errors and
// the outputs, in light and dark; and the whole flow, from the first field to a verified check
// against the fake Jira and a copied output, with the keyboard alone (Tab, Shift+Tab, Enter, Space;
// no mouse). Each result state is axe-checked in e2e.test.mjs, where it happens.
//
//   node --test tests/e2e/a11y.test.mjs      (after `npm run build`)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';

import { JANE } from './fake-jira.mjs';
import {
  startStack,
  openPage,
  typeInputs,
  fieldValues,
  waitForResult,
  inShadow,
  assertAxeClean,
  assertTokenPath,
  assertNothingStored,
  assertCspClean,
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

const ERRORS = { site: 'acme.atlasian.net', email: 'jane@', token: 'Basic amFuZUBhY21lLmNvbTpub3BlCg==', name: ' ' };
const GOOD = { site: 'acme.atlassian.net', email: JANE.email, token: JANE.token, name: 'Jira Prod' };

describe('axe: no WCAG 2.2 AA violations', () => {
  for (const colorScheme of ['light', 'dark']) {
    test(`empty form, form with errors, outputs (${colorScheme})`, { timeout: TEST_TIMEOUT }, async () => {
      const session = await openPage(stack, { colorScheme });
      const { page } = session;
      try {
        await assertAxeClean(page, `empty (${colorScheme})`, session.recorder);
        await screenshot(page, `e2e-a11y-empty-${colorScheme}`);

        await typeInputs(page, ERRORS);
        const errors = await inShadow(page, (root) => root.querySelectorAll('.diag-error').length);
        assert.ok(errors >= 3, 'the errors are shown');
        assert.deepEqual(await fieldValues(page), { ...ERRORS, scoped: false }, 'the fields keep what was typed');
        await assertAxeClean(page, `errors (${colorScheme})`, session.recorder);
        await screenshot(page, `e2e-a11y-errors-${colorScheme}`);

        await typeInputs(page, GOOD);
        await page.locator('[data-outputs]:not([hidden])').waitFor();
        await assertAxeClean(page, `outputs (${colorScheme})`, session.recorder);
        await screenshot(page, `e2e-a11y-outputs-${colorScheme}`);
        await assertCspClean(session);
      } finally {
        await session.close();
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// Keyboard alone

/** The focused element, through shadow roots. */
function focused(page) {
  return page.evaluate(() => {
    let el = document.activeElement;
    while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
    if (!el || el === document.body) return null;
    return {
      tag: el.tagName.toLowerCase(),
      id: el.id || null,
      type: el.getAttribute('type'),
      copy: el.dataset?.copy ?? null,
      text: el.textContent.replace(/\s+/g, ' ').trim().slice(0, 80),
      outlined: getComputedStyle(el).outlineStyle !== 'none' || getComputedStyle(el).boxShadow !== 'none',
    };
  });
}

/** Presses Tab (or Shift+Tab) until `pred(focused)` holds; fails after `max` presses. */
async function tabTo(page, pred, { shift = false, max = 60, what = 'target' } = {}) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    const f = await focused(page);
    if (f && pred(f)) return { focused: f, presses: i + 1 };
  }
  throw new Error(`Tab never reached ${what}`);
}

async function readClipboard(page) {
  return page.evaluate(() => navigator.clipboard.readText());
}

describe('keyboard alone', () => {
  // Focus must never fall back to the page body while moving through the form: a field's blur
  // re-renders the diagnostics, and must not destroy the "Use" button Tab or Shift+Tab moves to.
  test('Tab and Shift+Tab into a "Use" suggestion never drop focus to the page body', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(stack);
    const { page } = session;
    try {
      await tabTo(page, (f) => f.id === 'site', { what: 'the site field' });
      await page.keyboard.type('acme.atlasian.net');
      await page.locator('[data-suggestion]').waitFor(); // the person paused: the Use button is there
      await page.keyboard.press('Tab');
      assert.match((await focused(page))?.text ?? 'the page body', /^Use acme\.atlassian\.net$/, 'Tab from the site goes to its Use button');
      await page.keyboard.press('Tab');
      assert.equal((await focused(page))?.id, 'email');
      await page.keyboard.press('Shift+Tab');
      assert.match((await focused(page))?.text ?? 'the page body', /^Use acme\.atlassian\.net$/, 'Shift+Tab from the email goes back to the Use button');
    } finally {
      await session.close();
    }
  });

  test('fill in, fix a suggestion, check with Jira, copy outputs, check again: no mouse', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(stack, { clipboard: true });
    const { page } = session;
    const fake = stack.fake;
    fake.reset();
    try {
      // Into the site field from the top of the page; a misspelt site offers a "Use" button,
      // reached with Tab and applied with Enter.
      await tabTo(page, (f) => f.id === 'site', { what: 'the site field' });
      await page.keyboard.type('acme.atlasian.net');
      await page.locator('[data-suggestion]').waitFor(); // the person reads the message
      let step = await tabTo(page, (f) => f.tag === 'button' || f.id === 'email', { what: 'the Use button' });
      assert.match(step.focused.text, /^Use acme\.atlassian\.net$/, 'Tab reaches the suggestion before the next field');
      await page.keyboard.press('Enter');
      assert.equal((await focused(page)).id, 'site', 'focus returns to the corrected field');
      assert.equal(await page.getByLabel('Jira site', { exact: true }).inputValue(), 'acme.atlassian.net');

      await tabTo(page, (f) => f.id === 'email', { what: 'email' });
      await page.keyboard.type(JANE.email);
      step = await tabTo(page, (f) => f.tag === 'input' || f.tag === 'button', { what: 'the token field' });
      assert.equal(step.focused.id, 'token', 'Tab goes from email to the token');
      await page.keyboard.type(JANE.token);

      // Show / hide the token with Space.
      step = await tabTo(page, (f) => f.tag === 'button', { what: 'Show' });
      assert.match(step.focused.text, /^Show/);
      await page.keyboard.press('Space');
      assert.equal(await page.getByLabel('API token', { exact: true }).getAttribute('type'), 'text');
      await page.keyboard.press('Space');
      assert.equal(await page.getByLabel('API token', { exact: true }).getAttribute('type'), 'password');

      step = await tabTo(page, (f) => f.tag === 'input', { what: 'the name field' });
      assert.equal(step.focused.id, 'name');
      await page.keyboard.press('ControlOrMeta+a');
      await page.keyboard.type('Jira Prod');

      step = await tabTo(page, (f) => f.tag === 'input' || f.tag === 'button', { what: 'the expiry' });
      assert.equal(step.focused.id, 'expiresOn', 'the optional expiry comes next');
      step = await tabTo(page, (f) => f.id !== 'expiresOn', { what: 'past the expiry (a Tab per date part)' });
      assert.equal(step.focused.id, 'scoped');
      step = await tabTo(page, (f) => f.tag === 'button', { what: 'Check with Jira' });
      assert.equal(step.focused.id, 'check');
      assert.ok(step.focused.outlined, 'the focused button shows a focus indicator');
      await screenshot(page, 'e2e-a11y-keyboard-before-check');

      // Enter on "Check with Jira".
      await page.keyboard.press('Enter');
      const result = await waitForResult(page);
      assert.equal(result.outcome, 'verified');
      assert.equal(result.account.Name, 'Jane Doe');

      // On to the Metadata copy button; Space copies. After a verified check the Metadata names the
      // account it verified, as the replace command compares it.
      const { outputs } = stack.api.buildCredential({ ...GOOD, scoped: false, accountId: '5b10ac8d82e05b22cc7d4ef5' });
      await tabTo(page, (f) => f.copy === 'metadata', { what: 'Copy Metadata' });
      await page.keyboard.press('Space');
      await waitForClipboard(page, outputs.metadataJson);
      assert.deepEqual(JSON.parse(await readClipboard(page)), { domain: 'acme.atlassian.net', username: 'jane@acme.com', account_id: '5b10ac8d82e05b22cc7d4ef5' });

      // Back (Shift+Tab) to Copy Name; Enter copies.
      await tabTo(page, (f) => f.copy === 'name', { shift: true, what: 'Copy Name' });
      await page.keyboard.press('Enter');
      await waitForClipboard(page, 'Jira Prod');

      // Back to "Check with Jira"; Space checks again.
      await tabTo(page, (f) => f.id === 'check', { shift: true, what: 'Check with Jira' });
      // Each check asks /myself once (and then what the account may do).
      const gets = () => session.fakeSaw().filter((r) => r.method === 'GET' && r.url === '/rest/api/3/myself').length;
      assert.equal(gets(), 1);
      await page.keyboard.press('Space');
      await page.waitForFunction(() => !document.querySelector('tines-jira-credential').shadowRoot.getElementById('check').hasAttribute('aria-disabled'));
      assert.equal((await waitForResult(page)).outcome, 'verified');
      assert.equal(gets(), 2, 'Space pressed the button');

      assert.deepEqual(await fieldValues(page), { ...GOOD, scoped: false });
      await assertTokenPath(session, { token: JANE.token, email: JANE.email, allowedHosts: ['acme.atlassian.net'], sentTo: ['acme.atlassian.net'] });
      await assertNothingStored(session, JANE);
      await assertCspClean(session);
      await screenshot(page, 'e2e-a11y-keyboard-done');
    } finally {
      await session.close();
    }
  });
});
