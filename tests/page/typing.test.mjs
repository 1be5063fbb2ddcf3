// The form as people really type (issue 13): key by key at about five keys a second, with pauses,
// Enter and Tab, and a pasted megabyte. Every expected message comes from the module in Node.
//
//   node --test tests/page/typing.test.mjs      (after `npm run build`)

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { GOOD, TOKEN, usePageStack, fill, inShadow, fieldMessages, isUnavailable } from './page-lib.mjs';
import { loadModule } from '../../scripts/bench/wasm-module.mjs';

const stack = usePageStack();
const { openPage } = stack;

/** A small seeded generator, so every run types with the same rhythm. */
function rhythm(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** What a person sees now: error texts, Use suggestions, invalid fields, fields' tops, outputs, Check. */
function snapshot(page) {
  return inShadow(page, (root) => {
    const seen = (el) => el.checkVisibility({ visibilityProperty: true });
    const diags = [...root.querySelectorAll('.fields .diag')].filter(seen);
    const top = (id) => root.getElementById(id).closest('.field').getBoundingClientRect().top;
    return {
      errors: diags.filter((d) => d.dataset.severity === 'error').map((d) => d.textContent),
      messages: diags.map((d) => d.dataset.codes),
      suggestions: [...root.querySelectorAll('.fields [data-suggestion]')].filter(seen).map((b) => [b.closest('.diags').id, b.querySelector('code').textContent]),
      invalid: [...root.querySelectorAll('[aria-invalid="true"]')].map((i) => i.id),
      tops: { email: top('email'), token: top('token') },
      outputs: !root.querySelector('[data-outputs]').hidden,
      domains: root.getElementById('out-domains').textContent,
      checkAvailable: root.getElementById('check').getAttribute('aria-disabled') !== 'true',
    };
  });
}

describe('validation that waits for a pause', () => {
  test('typing acme.atlassian.net and jane@acme.com at human speed: no error before the pause, outputs and Check follow every key, nothing below moves', async () => {
    // 375 px: one column, so the email field is right below the site field and the token below that.
    const { context, page } = await openPage({ width: 375, height: 800 });
    const next = rhythm(13);
    const lineHeight = await inShadow(page, (root) => parseFloat(getComputedStyle(root.querySelector('.help')).lineHeight) || 20);
    try {
      // The token is pasted first, so the Check button's state turns on the last keystrokes.
      await page.locator('#token').fill(TOKEN);
      await page.locator('#token').blur();
      const typed = { site: '', email: '', token: TOKEN, name: 'Jira' };
      const steps = [];
      for (const [field, text, below] of [['site', GOOD.site, 'email'], ['email', GOOD.email, 'token']]) {
        await page.locator(`#${field}`).click();
        const start = (await snapshot(page)).tops[below];
        for (const ch of text) {
          await page.keyboard.type(ch);
          typed[field] += ch;
          await page.waitForTimeout(120 + next() * 160); // 120–280 ms between keys: about 5 a second
          const now = await snapshot(page);
          const report = stack.api.buildCredential({ ...typed, scoped: false });
          steps.push({ field, value: typed[field], ...now });
          assert.deepEqual(now.errors, [], `no error while typing ${JSON.stringify(typed[field])}`);
          assert.deepEqual(now.invalid, [], `no field marked invalid while typing ${JSON.stringify(typed[field])}`);
          assert.ok(Math.abs(now.tops[below] - start) <= lineHeight, `the ${below} field moved ${now.tops[below] - start} px at ${JSON.stringify(typed[field])}`);
          assert.equal(now.outputs, report.outputs !== null, `the outputs follow the keystroke ${JSON.stringify(typed[field])}`);
          if (report.outputs) assert.equal(now.domains, report.outputs.domainsField);
          const canCheck = report.fields.site.ok && report.fields.email.ok && report.fields.token.ok;
          assert.equal(now.checkAvailable, canCheck, `the Check button follows the keystroke ${JSON.stringify(typed[field])}`);
          for (const [list, suggestion] of now.suggestions) assert.ok((list === 'site-msgs' ? stack.api.checkSite : stack.api.checkEmail)(suggestion).ok, `Use ${suggestion}`);
        }
      }
      // Some of the way was invalid (so the test watched something), and the end is valid.
      assert.ok(steps.some((s) => !stack.api.checkSite(s.value).ok && s.field === 'site'));
      assert.ok(steps.some((s) => !stack.api.checkEmail(s.value).ok && s.field === 'email'));
      assert.equal(steps.at(-1).checkAvailable, true);
      await page.waitForTimeout(1200);
      assert.deepEqual((await snapshot(page)).errors, [], 'nothing to say after the pause either');
    } finally {
      await context.close();
    }
  });

  test('after a pause the error shows; a fixed error goes at once and keeps its room until the next pause', async () => {
    const { context, page } = await openPage({ width: 375, height: 800 });
    try {
      await page.locator('#email').click();
      await page.keyboard.type('jane@acme');
      assert.deepEqual((await snapshot(page)).errors, [], 'not while typing');
      await page.waitForTimeout(1300);
      const expected = stack.api.checkEmail('jane@acme').diagnostics.filter((d) => d.severity === 'error');
      assert.ok(expected.length > 0);
      let shown = await fieldMessages(page, 'email');
      assert.deepEqual(shown.map((m) => m.code), expected.map((d) => d.code), 'after the pause');
      assert.deepEqual((await snapshot(page)).invalid, ['email']);
      const before = await snapshot(page);

      await page.keyboard.type('.com');
      shown = await fieldMessages(page, 'email');
      assert.deepEqual(shown, [], 'the fixed error is gone at once');
      const now = await snapshot(page);
      assert.deepEqual(now.invalid, []);
      assert.equal(now.tops.token, before.tops.token, 'its room is kept while typing: the token field stays put');
      await page.waitForTimeout(1300);
      assert.equal(await inShadow(page, (root) => root.querySelectorAll('#email-msgs .diag').length), 0, 'the room goes at the pause');

      // Leaving a field shows its problem at once, without waiting.
      await page.locator('#site').click();
      await page.keyboard.type('a');
      await page.locator('#email').click();
      assert.deepEqual((await fieldMessages(page, 'site')).map((m) => m.code), stack.api.checkSite('a').diagnostics.map((d) => d.code));
    } finally {
      await context.close();
    }
  });

  test('at every prefix of what people type, each Use suggestion shown passes its own check', async () => {
    const { context, page } = await openPage();
    const check = { site: (v) => stack.api.checkSite(v), email: (v) => stack.api.checkEmail(v) };
    const offered = [];
    try {
      for (const [field, text] of [
        ['site', 'acme.atlassian.net'],
        ['site', 'http://acme.atlasian.net/'],
        ['site', 'jira.acme.c'],
        ['email', 'jane@acme.com'],
        ['email', 'Jane Doe <jane@acme.com>'],
        ['email', 'mailto:jane@acme.com'],
      ]) {
        for (let i = 1; i <= text.length; i++) {
          await fill(page, { [field]: text.slice(0, i) });
          for (const m of await fieldMessages(page, field)) {
            if (m.suggestion === null) continue;
            offered.push(m.suggestion);
            const result = check[field](m.suggestion);
            assert.ok(result.ok, `${field} ${JSON.stringify(text.slice(0, i))} offered "Use ${m.suggestion}", which the check rejects`);
            assert.ok(result.diagnostics.every((d) => d.severity === 'info'), `"Use ${m.suggestion}" would itself be warned about`);
          }
        }
      }
      assert.ok(offered.includes('acme.atlassian.net'), 'the misspelling is still offered its fix');
    } finally {
      await context.close();
    }
  });
});

describe('one message per problem', () => {
  test('diagnostics suggesting the same correction are one message with one Use button; notes are a quiet line', async () => {
    const { context, page } = await openPage();
    try {
      const typed = 'http://acme.atlassian.net/';
      await fill(page, { site: typed });
      const expected = stack.api.checkSite(typed);
      const suggestions = new Set(expected.diagnostics.map((d) => d.suggestion).filter(Boolean));
      assert.equal(suggestions.size, 1, 'the module gives the same correction more than once here');
      const shown = await fieldMessages(page, 'site');
      const loud = shown.filter((m) => !m.quiet);
      assert.equal(loud.length, 1, 'one message');
      assert.deepEqual(loud[0].codes.sort(), expected.diagnostics.filter((d) => d.suggestion).map((d) => d.code).sort());
      assert.equal(await inShadow(page, (root) => root.querySelectorAll('#site-msgs [data-suggestion]').length), 1, 'one Use button');

      // A valid bare name: what it did, quietly; nothing to press.
      await fill(page, { site: 'acme' });
      const acme = await fieldMessages(page, 'site');
      assert.deepEqual(acme.map((m) => [m.quiet, m.suggestion]), [[true, null]]);
      assert.match(acme[0].text, /^Uses acme\.atlassian\.net\./);
      assert.equal(acme[0].label, 'Note:', 'the quiet line still says what it is to a screen reader');
      assert.equal(await inShadow(page, (root) => getComputedStyle(root.querySelector('#site-msgs .diag-label')).position), 'absolute', '…visually hidden');
    } finally {
      await context.close();
    }
  });
});

describe('nothing leaves without the button', () => {
  /** Every request for anything but the page's own files. */
  function watchRequests(page) {
    const sent = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(stack.server.origin)) sent.push(r.url());
    });
    return sent;
  }
  const focused = (page) => inShadow(page, (root) => root.activeElement?.id ?? null);

  test('Enter moves to the next field, then to Check with Jira, and sends nothing; only a press of the button does', async () => {
    const { context, page } = await openPage();
    const sent = watchRequests(page);
    try {
      await fill(page, GOOD);
      await page.locator('#site').focus();
      for (const next of ['email', 'token', 'name', 'expiresOn', 'check']) {
        await page.keyboard.press('Enter');
        assert.equal(await focused(page), next);
      }
      await page.waitForTimeout(300);
      assert.deepEqual(sent, [], 'Enter in the fields sent nothing');
      assert.equal(await inShadow(page, (root) => root.querySelector('[data-result]').hidden), true);
      // Enter on the button itself is a press of it.
      await page.keyboard.press('Enter');
      await page.locator('[data-result][data-outcome]').waitFor();
      assert.ok(sent.some((u) => u.startsWith('https://acme.atlassian.net/')), 'the press sent the check');
    } finally {
      await context.close();
    }
  });

  test('with the form incomplete, Enter on the last field lands on the unavailable button, which says what it needs', async () => {
    const { context, page } = await openPage();
    const sent = watchRequests(page);
    try {
      await fill(page, { site: GOOD.site, email: GOOD.email });
      await page.locator('#name').focus();
      await page.keyboard.press('Enter');
      await page.keyboard.press('Enter');
      assert.equal(await focused(page), 'check');
      const state = await inShadow(page, (root) => {
        const check = root.getElementById('check');
        return {
          aria: check.getAttribute('aria-disabled'),
          description: check.getAttribute('aria-describedby').split(' ').map((id) => root.getElementById(id).textContent).join(' '),
        };
      });
      assert.equal(state.aria, 'true');
      assert.match(state.description, /^Fill in a valid token first\./);
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => /valid token/.test(document.querySelector('tines-jira-credential').shadowRoot.querySelector('[data-live]').textContent));
      assert.deepEqual(sent, [], 'an unavailable press sends nothing');
      assert.equal(await inShadow(page, (root) => root.querySelector('[data-result]').hidden), true);
    } finally {
      await context.close();
    }
  });

  test('Tab reaches the unavailable Check button, and Chromium reads its hint as its description', async () => {
    const { context, page } = await openPage();
    try {
      await page.locator('#scoped').focus();
      await page.keyboard.press('Tab');
      assert.equal(await focused(page), 'check');
      const cdp = await context.newCDPSession(page);
      const { nodes } = await cdp.send('Accessibility.getFullAXTree');
      const button = nodes.find((n) => n.role?.value === 'button' && n.name?.value === 'Check with Jira');
      assert.ok(button, 'the button is in the accessibility tree');
      assert.equal(button.properties.find((p) => p.name === 'disabled')?.value.value, true, 'announced as unavailable');
      assert.match(button.description?.value ?? '', /^Fill in a valid site, email and token first\./);
      assert.equal(button.properties.find((p) => p.name === 'focusable')?.value.value, true);
    } finally {
      await context.close();
    }
  });
});

describe('limits in characters', () => {
  // The module counts characters (code points); JavaScript's length and an input's maxlength count
  // UTF-16 units, two for an emoji. The element cuts at exactly what the module reads: a value of
  // the limit's length is read, one more character is "too long", whichever alphabet.
  test('each input is read up to its limit and too long one character past it, in ASCII, CJK and emoji', async () => {
    const { context, page } = await openPage();
    const max = stack.api.buildCredential({}).limits;
    try {
      for (const c of ['x', '\u65E5', '\u{1F600}']) {
        for (const field of ['site', 'email', 'token', 'name', 'tinesTenant', 'teamId', 'notifyEmail', 'checkTime', 'timeZone']) {
          if (field === 'tinesTenant' && !(await page.locator('#tinesTenant').isVisible())) {
            for (const [f, v] of [['site', 'acme'], ['email', 'jane@acme.com'], ['name', 'Jira']]) await page.locator(`#${f}`).fill(v);
            await page.locator('[data-api] summary').click();
          }
          const keep = await page.locator(`#${field}`).inputValue();
          for (const [n, tooLong] of [[max[field], false], [max[field] + 1, true]]) {
            await page.locator(`#${field}`).fill(c.repeat(n));
            await page.locator(`#${field}`).blur();
            await page.waitForFunction(
              ([f, want]) => {
                const codes = [...document.querySelector('tines-jira-credential').shadowRoot.querySelectorAll(`#${f}-msgs .diag`)].flatMap((d) => d.dataset.codes.split(' '));
                return codes.includes('too-long') === want;
              },
              [field, tooLong],
              { timeout: 5000 },
            );
          }
          await page.locator(`#${field}`).fill(keep);
        }
      }
    } finally {
      await context.close();
    }
  });
});

describe('bounded work', () => {
  test('a pasted megabyte in any field is answered within one frame, with the module\u2019s message', async () => {
    const { context, page } = await openPage({ clipboard: 'grant' });
    // The limits are the module's own: each field's too-long message is the module's, at its limit.
    const empty = { site: '', email: '', token: '', name: '', today: '2026-12-06' };
    const max = stack.api.buildCredential(empty).limits;
    assert.deepEqual(Object.keys(max).sort(), ['checkTime', 'credentialAccount', 'email', 'expiresOn', 'name', 'notifyEmail', 'site', 'teamId', 'timeZone', 'tinesTenant', 'token', 'transcript']);
    // The credential's account (replacing a token) is checked by the second module.
    const { live } = await loadModule();
    const check = (field, value) =>
      field === 'credentialAccount'
        ? live.buildReplacement({ ...empty, [field]: value }).credentialAccount
        : stack.api.buildCredential({ ...empty, [field]: value }).fields[field];
    try {
      // Time the element's own input handling: from the event reaching the shadow root (capture)
      // to it leaving (bubble), the element's listener on the input being in between.
      await inShadow(page, (root) => {
        window.__inputMs = [];
        let start = 0;
        root.addEventListener('input', () => (start = performance.now()), true);
        root.addEventListener('input', () => window.__inputMs.push(performance.now() - start));
      });
      // Every text input (the expiry is a date input: the browser keeps its value to a date). The
      // Tines API inputs and the daily check's show once the outputs do, so they come last, after a
      // valid site, email and name; the credential's account shows when replacing a token, last.
      for (const field of ['site', 'email', 'token', 'name', 'tinesTenant', 'teamId', 'notifyEmail', 'checkTime', 'timeZone', 'credentialAccount']) {
        if (field === 'tinesTenant') {
          for (const [f, v] of [['site', 'acme'], ['email', 'jane@acme.com'], ['name', 'Jira']]) await page.locator(`#${f}`).fill(v);
          await page.locator('[data-api] summary').click();
        }
        if (field === 'credentialAccount') await page.locator('input[value="replace"]').click();
        const huge = 'x'.repeat(1_000_000);
        await page.evaluate((text) => navigator.clipboard.writeText(text), huge);
        await page.locator(`#${field}`).click();
        await page.keyboard.press('ControlOrMeta+a');
        await page.keyboard.press('ControlOrMeta+v');
        await page.waitForFunction((f) => document.querySelector('tines-jira-credential').shadowRoot.getElementById(f).value.length === 1_000_000, field);
        const ms = await page.evaluate(() => window.__inputMs.at(-1));
        assert.ok(ms < 16, `${field}: the paste took ${ms.toFixed(1)} ms to handle`);
        // A paste is a whole value: answered at once, from what the module says about the first max + 1 characters.
        const expected = check(field, huge.slice(0, max[field] + 1)).diagnostics.filter((d) => d.severity !== 'info');
        const shown = await fieldMessages(page, field);
        assert.deepEqual(shown.filter((m) => !m.quiet).map((m) => m.text), expected.map((d) => d.message), `${field}: the module's message`);
        assert.deepEqual(expected.map((d) => d.code), ['too-long'], `${field}: the module says it is too long`);
        assert.equal(shown[0].code, 'too-long');
        // One character under the limit is read, not refused for its length.
        assert.ok(!check(field, huge.slice(0, max[field])).diagnostics.some((d) => d.code === 'too-long'), `${field}: read up to its limit`);
        await page.locator(`#${field}`).fill('');
      }
      // A display name around a 254-character address fits: the page never cuts what the module reads.
      const address = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(57)}.com`;
      assert.equal(address.length, 254);
      const wrapped = `${'Jane Doe '.repeat(20)}<${address}>`;
      assert.ok(wrapped.length > 254 && wrapped.length <= max.email);
      await page.locator('#email').fill(wrapped);
      await page.locator('#email').blur();
      const said = await fieldMessages(page, 'email');
      assert.deepEqual(said.map((m) => m.code), ['email-display-name'], 'the address is found inside the display name');
      assert.deepEqual(check('email', wrapped).diagnostics.map((d) => d.code), ['email-display-name']);
      assert.ok(!said.some((m) => m.code === 'too-long'), 'a display name wrapper under the module\u2019s limit is read whole');
    } finally {
      await context.close();
    }
  });
});
