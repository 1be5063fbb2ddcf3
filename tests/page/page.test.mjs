// The page and the <tines-jira-credential> element in headless Chromium: the form, the outputs,
// the live check, the security promises, accessibility, embedding and the npm package.
//
//   node --test tests/page/          (needs `npm run build` first: it uses www/pkg)
//
// Helpers and the shared fixtures are in page-lib.mjs. The people-first validation, the theme,
// the terminal transcript and the Tines side have their own files here.

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { newContext, elementReady } from '../e2e/harness.mjs';
import {
  ROOT,
  WWW,
  MASK,
  BOARD_URL,
  TOKEN,
  GOOD,
  ERRORS,
  JANE_ACCOUNT,
  usePageStack,
  fill,
  inShadow,
  fieldMessages,
  axe,
  assertClean,
  isUnavailable,
} from './page-lib.mjs';
import { PERMISSIONS } from '../relay/cases.mjs';

const stack = usePageStack();
const { openPage, answerAsJira } = stack;
/** The element's modules in www/element/, which the entry www/tines-jira-credential.js imports. */
const ELEMENT_MODULES = fs.readdirSync(path.join(WWW, 'element')).filter((f) => f.endsWith('.js')).map((f) => `element/${f}`);

function expectedReport(values) {
  return stack.api.buildCredential({ scoped: false, ...values });
}

/** The check commands the module builds for these values, in the tabs' order. */
function expectedCommands(values) {
  const c = stack.api.buildCheckCommands({ scoped: false, ...values });
  return [c.curl, c.powershell, c.windowsPowershell];
}

/** Jira's answer withheld by the browser: the check's request fails, the probe of the host gets
 *  an (opaque) answer. */
async function withheldByBrowser(page) {
  await page.route('https://acme.atlassian.net/**', (route) =>
    route.request().url().endsWith('/_edge/tenant_info') ? route.fulfill({ status: 200, body: '{}' }) : route.abort('failed'),
  );
}

// ---------------------------------------------------------------------------------------------

describe('the form', () => {
  test('renders labelled fields, a token field that is masked and not remembered, and an unavailable check', async () => {
    const { context, page, consoleMessages, pageErrors } = await openPage();
    const info = await inShadow(page, (root) => {
      const field = (id) => {
        const input = root.getElementById(id);
        const label = root.querySelector(`label[for="${id}"]`);
        return {
          label: label?.textContent.replace(/\s+/g, ' ').trim(),
          type: input.type,
          value: input.value,
          placeholder: input.placeholder,
          autocomplete: input.getAttribute('autocomplete'),
          spellcheck: input.getAttribute('spellcheck'),
          autocapitalize: input.getAttribute('autocapitalize'),
          help: root.getElementById(`${id}-help`)?.textContent.trim(),
        };
      };
      const check = root.getElementById('check');
      return {
        site: field('site'),
        email: field('email'),
        token: field('token'),
        name: field('name'),
        expiresOn: field('expiresOn'),
        check: { disabled: check.disabled, aria: check.getAttribute('aria-disabled'), type: check.type },
        diags: root.querySelectorAll('.diag').length,
        invalid: root.querySelectorAll('[aria-invalid]').length,
        outputsHidden: root.querySelector('[data-outputs]').hidden,
      };
    });
    assert.equal(info.site.label, 'Jira site');
    assert.equal(info.email.label, 'Account email');
    assert.equal(info.token.label, 'API token');
    assert.equal(info.name.label, 'Credential name');
    assert.equal(info.expiresOn.label, 'Token expiry optional');
    assert.equal(info.expiresOn.type, 'date');
    assert.equal(info.token.type, 'password');
    assert.equal(info.token.autocomplete, 'off');
    assert.equal(info.token.spellcheck, 'false');
    assert.equal(info.token.autocapitalize, 'off');
    assert.match(info.token.help, /id\.atlassian\.com/);
    assert.match(info.email.help, /sign-in email/);
    assert.match(info.site.help, /acme\.atlassian\.net/);
    // Placeholders read as examples, never as a value already filled in.
    assert.equal(info.site.placeholder, 'e.g. acme.atlassian.net');
    assert.equal(info.email.placeholder, 'e.g. jane@acme.com');
    assert.equal(info.name.value, 'Jira');
    assert.deepEqual(info.check, { disabled: false, aria: 'true', type: 'button' }, 'unavailable, yet focusable; never a submit button');
    assert.equal(info.diags, 0, 'nothing flagged on load');
    assert.equal(info.invalid, 0);
    assert.equal(info.outputsHidden, true);

    // The show/hide toggle.
    await page.locator('#token').fill('secret-ish');
    await page.getByRole('button', { name: 'Show token' }).click();
    assert.equal(await page.locator('#token').getAttribute('type'), 'text');
    await page.getByRole('button', { name: 'Hide token' }).click();
    assert.equal(await page.locator('#token').getAttribute('type'), 'password');
    await assertClean(page, consoleMessages, pageErrors);
    await context.close();
  });

  test('with the module slow to arrive, the form shows and takes typing; the checks follow once it is in', async () => {
    const context = await newContext(stack.browser, { viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    try {
      // Hold the wasm back for 2 s (the preload and the element's own fetch alike).
      await page.route('**/pkg/tines_jira_credential_bg.wasm', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 2000));
        await route.continue();
      });
      await page.goto(`${stack.server.url}/index.html`);
      await page.locator('tines-jira-credential .tjc:not([hidden])').waitFor({ timeout: 1500 });
      assert.equal(await page.evaluate(() => document.querySelector('tines-jira-credential').hasAttribute('ready')), false, 'shown before the module');
      assert.equal(await page.locator('[data-check-hint]').textContent(), 'Loading the checker\u2026');
      await fill(page, { site: 'acme', email: 'jane@acme.com' });
      assert.equal(await page.locator('#site').inputValue(), 'acme', 'typing works');
      await elementReady(page);
      // What was typed is checked as soon as the module is in.
      assert.equal(await inShadow(page, (root) => root.getElementById('out-domains').textContent), 'acme.atlassian.net');
      assert.deepEqual((await fieldMessages(page, 'site')).map((m) => m.code), stack.api.checkSite('acme').diagnostics.map((d) => d.code));
    } finally {
      await context.close();
    }
  });

  test('flags nothing in a field before it is touched', async () => {
    const { context, page } = await openPage();
    await page.locator('#site').fill('x');
    await page.waitForTimeout(1300); // past the pause
    const state = await inShadow(page, (root) => ({
      site: [...root.querySelectorAll('#site-msgs .diag')].map((d) => d.dataset.code),
      email: root.querySelectorAll('#email-msgs .diag').length,
      token: root.querySelectorAll('#token-msgs .diag').length,
      emailInvalid: root.getElementById('email').hasAttribute('aria-invalid'),
    }));
    assert.ok(state.site.length > 0, 'the touched field is checked once the person pauses');
    assert.equal(state.email, 0);
    assert.equal(state.token, 0);
    assert.equal(state.emailInvalid, false);
    // Leaving an empty field counts as touching it.
    await page.locator('#email').focus();
    await page.locator('#email').blur();
    assert.deepEqual(
      (await fieldMessages(page, 'email')).map((m) => m.code),
      stack.api.checkEmail('').diagnostics.map((d) => d.code),
    );
    await context.close();
  });

  test('a pasted board URL is cleaned quietly: one quiet line saying what it uses, no box and no Use button', async () => {
    const { context, page } = await openPage();
    await fill(page, { site: BOARD_URL });
    const messages = await fieldMessages(page, 'site');
    const expected = stack.api.checkSite(BOARD_URL);
    assert.equal(expected.ok, true);
    assert.deepEqual(messages.map((m) => [m.quiet, m.severity, m.codes, m.suggestion]), [[true, 'info', expected.diagnostics.map((d) => d.code), null]]);
    assert.equal(messages[0].text, `Uses ${expected.value}. ${expected.diagnostics.map((d) => d.message).join(' ')}`);
    const state = await inShadow(page, (root) => ({
      invalid: root.getElementById('site').getAttribute('aria-invalid'),
      describedBy: root.getElementById('site').getAttribute('aria-describedby'),
      box: getComputedStyle(root.querySelector('#site-msgs .diag')).borderTopWidth,
    }));
    assert.equal(state.invalid, null);
    assert.equal(state.box, '0px', 'a line, not a box');
    assert.deepEqual(state.describedBy.split(' '), ['site-msgs', 'site-help']);
    assert.equal(await page.locator('#site').inputValue(), BOARD_URL, 'what was typed stays');
    await context.close();
  });

  test('a bad site shows an error tied to the field, and "Use …" applies the suggestion', async () => {
    const { context, page } = await openPage();
    await fill(page, { site: 'acme.atlasian.net' });
    const expected = stack.api.checkSite('acme.atlasian.net').diagnostics[0];
    assert.equal(stack.api.checkSite(expected.suggestion).ok, true, 'the suggestion itself passes');
    const state = await inShadow(page, (root) => {
      const input = root.getElementById('site');
      const ids = input.getAttribute('aria-describedby').split(' ');
      return {
        invalid: input.getAttribute('aria-invalid'),
        described: ids.map((id) => root.getElementById(id)?.textContent ?? null).join(' | '),
      };
    });
    assert.equal(state.invalid, 'true');
    assert.deepEqual(
      (await fieldMessages(page, 'site')).map((m) => [m.severity, m.code, m.label, m.text, m.suggestion]),
      [['error', expected.code, 'Error:', expected.message, expected.suggestion]],
    );
    assert.ok(state.described.includes(expected.message), 'the message is in the accessible description');

    const use = page.getByRole('button', { name: `Use ${expected.suggestion}` });
    await use.click();
    assert.equal(await page.locator('#site').inputValue(), expected.suggestion);
    const after = await inShadow(page, (root) => ({
      invalid: root.getElementById('site').getAttribute('aria-invalid'),
      errors: root.querySelectorAll('#site-msgs .diag-error').length,
      focused: root.activeElement?.id,
    }));
    assert.deepEqual(after, { invalid: null, errors: 0, focused: 'site' });
    await context.close();
  });

  test('every field keeps its value after errors and after a failed check; an unreachable site says so', async () => {
    const { context, page, consoleMessages, pageErrors } = await openPage();
    await fill(page, ERRORS);
    for (const [field, value] of Object.entries(ERRORS)) assert.equal(await page.locator(`#${field}`).inputValue(), value);
    assert.equal(await isUnavailable(page), true);

    await fill(page, GOOD);
    await page.locator('#check').click();
    await page.locator('[data-result][data-outcome]').waitFor();
    // Nothing resolves but localhost here: neither the check nor the probe of the host gets through.
    const result = await inShadow(page, (root) => {
      const r = root.querySelector('[data-result]');
      return {
        outcome: r.dataset.outcome,
        tone: r.dataset.tone,
        message: r.querySelector('[data-result-message]').textContent,
        pointsBelow: r.matches('[data-result-terminal]') && /terminal check commands are below/.test(r.textContent),
        commands: [...root.querySelectorAll('[data-commands] pre')].map((p) => p.textContent),
      };
    });
    assert.equal(result.outcome, 'unreachable');
    assert.equal(result.tone, 'error');
    assert.match(result.message, /could not reach acme\.atlassian\.net/);
    assert.equal(result.pointsBelow, true, 'the result points to the terminal commands');
    assert.deepEqual(result.commands, expectedCommands(GOOD));
    for (const [field, value] of Object.entries(GOOD)) assert.equal(await page.locator(`#${field}`).inputValue(), value);
    await assertClean(page, consoleMessages, pageErrors);
    await context.close();
  });
});

describe('the outputs', () => {
  test('appear once site, email and name are valid, with the module\u2019s texts, in Tines\u2019 order', async () => {
    const { context, page } = await openPage();
    await fill(page, { site: BOARD_URL, email: 'jane@acme.com', name: 'Jira Prod' });
    const report = expectedReport({ site: BOARD_URL, email: 'jane@acme.com', token: '', name: 'Jira Prod' });
    const shown = await inShadow(page, (root) => {
      const text = (key) => root.getElementById(`out-${key}`).textContent;
      return {
        hidden: root.querySelector('[data-outputs]').hidden,
        order: [...root.querySelectorAll('.output-list .output-label')].map((e) => e.textContent),
        name: text('name'),
        value: text('value'),
        valueNote: !root.querySelector('[data-value-note]').hidden,
        valueCopyDisabled: root.querySelector('[data-copy="value"]').disabled,
        metadata: text('metadata'),
        domains: text('domains'),
        refs: ['ref-value', 'ref-domain', 'ref-username', 'ref-baseUrl'].map(text),
        commands: ['curl', 'powershell', 'windowsPowershell'].map(text),
        key: root.querySelector('[data-key]').textContent,
        // The steps on show: a new credential's (the other job's are not displayed).
        steps: [...root.querySelectorAll('.walkthrough')]
          .filter((w) => w.getClientRects().length > 0)
          .flatMap((w) => [...w.querySelectorAll('li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim())),
      };
    });
    const o = report.outputs;
    assert.equal(shown.hidden, false);
    assert.deepEqual(shown.order, ['Name', 'Value', 'Metadata', 'Domains']);
    assert.equal(shown.name, 'Jira Prod');
    assert.equal(shown.valueNote, true, 'a note while the token is not ok yet');
    assert.equal(shown.valueCopyDisabled, true);
    assert.equal(shown.metadata, o.metadataJson);
    assert.deepEqual(JSON.parse(shown.metadata), { domain: 'acme.atlassian.net', username: 'jane@acme.com' });
    assert.equal(shown.domains, 'acme.atlassian.net');
    assert.deepEqual(shown.refs, [o.references.value, o.references.domain, o.references.username, o.references.baseUrl]);
    assert.deepEqual(shown.refs.slice(0, 1), ['<<CREDENTIAL.jira_prod>>']);
    assert.deepEqual(shown.commands, expectedCommands({ site: BOARD_URL, email: 'jane@acme.com', token: '', name: 'Jira Prod' }));
    assert.equal(shown.key, 'jira_prod');
    assert.equal(shown.steps.length, 8);
    assert.match(shown.steps[5], /expire within a year/, 'without an expiry date, the expiry step is general');
    assert.match(shown.steps[7], /import the story below in Tines \(Stories \u2192 Import\), run it, and read the events/);

    // The scoped option adds api.atlassian.com to the Domains.
    await page.locator('#scoped').check();
    await page.waitForFunction(() =>
      document.querySelector('tines-jira-credential').shadowRoot.getElementById('out-domains').textContent.includes('api.atlassian.com'),
    );
    assert.equal(
      await inShadow(page, (root) => root.getElementById('out-domains').textContent),
      expectedReport({ site: BOARD_URL, email: 'jane@acme.com', token: '', name: 'Jira Prod', scoped: true }).outputs.domainsField,
    );
    await context.close();
  });

  test('the token is masked, in the DOM only once revealed, and never anywhere else', async () => {
    const { context, page } = await openPage();
    await fill(page, GOOD);
    const where = () =>
      inShadow(
        page,
        (root, token) => ({
          value: root.getElementById('out-value').textContent,
          inShadowHtml: root.innerHTML.includes(token),
          inDocumentHtml: document.documentElement.outerHTML.includes(token),
          inUrl: location.href.includes(token.slice(0, 20)),
          inLive: root.querySelector('[data-live]').textContent.includes(token),
        }),
        TOKEN,
      );
    assert.deepEqual(await where(), { value: MASK, inShadowHtml: false, inDocumentHtml: false, inUrl: false, inLive: false });
    await page.getByRole('button', { name: 'Reveal the token' }).click();
    assert.equal((await where()).value, TOKEN);
    await page.getByRole('button', { name: 'Hide the token' }).click();
    assert.deepEqual(await where(), { value: MASK, inShadowHtml: false, inDocumentHtml: false, inUrl: false, inLive: false });
    await context.close();
  });

  test('copy buttons put exactly the text on the clipboard and say "Copied"', async () => {
    const { context, page, consoleMessages, pageErrors } = await openPage({ clipboard: 'grant' });
    await fill(page, GOOD);
    const o = expectedReport(GOOD).outputs;
    const [curl, powershell, windowsPowershell] = expectedCommands(GOOD);
    const expected = {
      name: o.name,
      value: TOKEN,
      metadata: o.metadataJson,
      domains: o.domainsField,
      'ref-value': o.references.value,
      'ref-domain': o.references.domain,
      'ref-username': o.references.username,
      'ref-baseUrl': o.references.baseUrl,
      curl,
      powershell,
      windowsPowershell,
    };
    for (const [key, text] of Object.entries(expected)) {
      // The three commands are tabs: one shows at a time.
      if (['curl', 'powershell', 'windowsPowershell'].includes(key)) await page.locator(`#tab-${key}`).click();
      const button = page.locator(`[data-copy="${key}"]`);
      await button.click();
      await page.waitForFunction((k) => {
        const b = document.querySelector('tines-jira-credential').shadowRoot.querySelector(`[data-copy="${k}"]`);
        return b.classList.contains('copied');
      }, key);
      assert.equal(await page.evaluate(() => navigator.clipboard.readText()), text, `clipboard after copying ${key}`);
      assert.match(await button.textContent(), /^Copied/);
    }
    await page.waitForFunction(() => document.querySelector('tines-jira-credential').shadowRoot.querySelector('[data-live]').textContent.startsWith('Copied'));
    assert.equal(await inShadow(page, (root) => root.getElementById('out-value').textContent), MASK, 'copying the Value does not reveal it');
    await assertClean(page, consoleMessages, pageErrors);
    await context.close();
  });

  test('without a usable Clipboard API, copying selects the text and says to press Ctrl/Cmd+C', async () => {
    const variants = {
      missing: () => Object.defineProperty(Navigator.prototype, 'clipboard', { configurable: true, get: () => undefined }),
      denied: () => {
        const deny = () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError'));
        Object.defineProperty(Navigator.prototype, 'clipboard', { configurable: true, get: () => ({ writeText: deny }) });
      },
    };
    for (const [name, init] of Object.entries(variants)) {
      const { context, page } = await openPage({ init });
      await fill(page, GOOD);
      await page.locator('[data-copy="metadata"]').click();
      await page.waitForFunction(() => !document.querySelector('tines-jira-credential').shadowRoot.querySelector('[data-fallback="metadata"]').hidden);
      const state = await inShadow(page, (root) => ({
        selected: document.getSelection().toString(),
        note: root.querySelector('[data-fallback="metadata"]').textContent,
      }));
      assert.equal(state.selected, expectedReport(GOOD).outputs.metadataJson, `${name}: the text is selected`);
      assert.match(state.note, /Ctrl\+C/);
      await page.waitForFunction(() => /Control\+C/.test(document.querySelector('tines-jira-credential').shadowRoot.querySelector('[data-live]').textContent));
      await context.close();
    }
  });
});

describe('the live check', () => {
  test('shows progress and Cancel, and a cancelled check says so', async () => {
    const { context, page } = await openPage();
    await page.route('https://acme.atlassian.net/**', () => {}); // never answers
    await fill(page, GOOD);
    await page.locator('#check').click();
    await page.locator('#cancel').waitFor();
    assert.equal(await page.locator('#progress').isVisible(), true);
    assert.equal(await isUnavailable(page), true);
    await page.locator('#cancel').click();
    await page.locator('[data-result][data-outcome="aborted"]').waitFor();
    assert.equal(await page.locator('#cancel').isVisible(), false);
    assert.equal(await inShadow(page, (root) => root.activeElement?.id), 'check');
    await context.close();
  });

  test('a verified token shows whom it belongs to, and the result is announced', async () => {
    const { context, page, consoleMessages, pageErrors } = await openPage();
    const seen = await answerAsJira(page, 'https://acme.atlassian.net/**');
    await fill(page, GOOD);
    await page.locator('#check').click();
    await page.locator('[data-result][data-outcome="verified"]').waitFor();
    const shown = await inShadow(page, (root) => ({
      tone: root.querySelector('[data-result]').dataset.tone,
      account: [...root.querySelectorAll('[data-account] dd')].map((d) => d.textContent),
    }));
    assert.equal(shown.tone, 'success');
    assert.deepEqual(shown.account, ['Jane Doe', 'jane@acme.com', JANE_ACCOUNT.accountId, 'atlassian', 'Active']);
    // Who the token belongs to, then what it may do, both at the site.
    assert.deepEqual(seen, ['https://acme.atlassian.net/rest/api/3/myself', `https://acme.atlassian.net${PERMISSIONS}`]);
    await page.waitForFunction(() => document.querySelector('tines-jira-credential').shadowRoot.querySelector('[data-live]').textContent.includes('Jane Doe'));

    // Changing an input marks the result as stale.
    await fill(page, { email: 'jane.doe@acme.com' });
    assert.equal(await inShadow(page, (root) => root.querySelector('[data-stale]').hidden), false);
    await assertClean(page, consoleMessages, pageErrors);
    await context.close();
  });

  test('after a 429 the button waits as long as Jira asked; a 401 lists what to check', async () => {
    const { context, page } = await openPage();
    let status = 429;
    await page.route('https://acme.atlassian.net/**', (route) =>
      route.fulfill({
        status,
        headers: {
          'access-control-allow-origin': stack.server.origin,
          'access-control-expose-headers': 'Retry-After',
          'content-type': 'application/json',
          ...(status === 429 ? { 'retry-after': '1' } : {}),
        },
        body: status === 429 ? '' : JSON.stringify({ errorMessages: ['Client must be authenticated to access this resource.'], errors: {} }),
      }),
    );
    await fill(page, GOOD);
    await page.locator('#check').click();
    await page.locator('[data-result][data-outcome="rate-limited"]').waitFor();
    assert.equal(await isUnavailable(page), true);
    assert.match(await page.locator('[data-check-hint]').textContent(), /check again in 1 s/);
    await page.locator('#check:not([aria-disabled])').waitFor({ timeout: 3000 });

    status = 401;
    await page.locator('#check').click();
    await page.locator('[data-result][data-outcome="rejected"]').waitFor();
    const steps = await inShadow(page, (root) => [...root.querySelectorAll('.result-steps li')].map((li) => li.textContent));
    assert.ok(steps.length >= 3, 'the checks to make are a numbered list');
    assert.match(steps[0], /email/);
    await context.close();
  });

  test('the relay attribute routes the check through this site, and an absolute relay is refused', async () => {
    const { context, page } = await openPage();
    const seen = await answerAsJira(page, `${stack.server.origin}/jira-relay/**`);
    await page.evaluate(() => document.querySelector('tines-jira-credential').setAttribute('relay', '/jira-relay'));
    await fill(page, GOOD);
    const route = await inShadow(page, (root) => ({ text: root.querySelector('[data-route]').textContent, via: root.querySelector('[data-route]').dataset.via }));
    assert.equal(route.via, 'relay');
    assert.match(route.text, /through this site\u2019s relay/);
    await page.locator('#check').click();
    await page.locator('[data-result][data-outcome="verified"]').waitFor();
    assert.deepEqual(seen, [`${stack.server.origin}/jira-relay/acme.atlassian.net/rest/api/3/myself`, `${stack.server.origin}/jira-relay/acme.atlassian.net${PERMISSIONS}`]);

    await page.evaluate(() => document.querySelector('tines-jira-credential').setAttribute('relay', 'https://relay.example/jira'));
    await page.locator('#check').click();
    await page.locator('[data-result][data-outcome="page-error"]').waitFor();
    assert.equal(seen.length, 2, 'nothing sent through an absolute relay');

    await page.evaluate(() => document.querySelector('tines-jira-credential').removeAttribute('relay'));
    assert.match(await inShadow(page, (root) => root.querySelector('[data-route]').textContent), /directly from your browser/);
    await context.close();
  });
});

describe('security promises', () => {
  test('no storage API is used and nothing is left behind', async () => {
    const { context, page } = await openPage();
    await fill(page, GOOD);
    await page.locator('#check').click();
    await page.locator('[data-result][data-outcome]').waitFor();
    const state = await page.evaluate(async () => ({
      used: window.__watch.storage,
      local: localStorage.length,
      session: sessionStorage.length,
      cookie: document.cookie,
      idb: (await indexedDB.databases()).length,
      caches: (await caches.keys()).length,
    }));
    assert.deepEqual(state, { used: [], local: 0, session: 0, cookie: '', idb: 0, caches: 0 });
    await context.close();
  });

  test('index.html carries the exact CSP and no-referrer, and loads nothing from elsewhere', async () => {
    const html = fs.readFileSync(path.join(WWW, 'index.html'), 'utf8');
    assert.ok(
      html.includes(
        `content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' https://*.atlassian.net https://*.jira.com https://api.atlassian.com; img-src 'self' data:; base-uri 'none'; form-action 'none'"`,
      ),
    );
    assert.match(html, /<meta name="referrer" content="no-referrer">/);
    const files = [...fs.readdirSync(WWW).filter((f) => /\.(html|js|css)$/.test(f)), ...ELEMENT_MODULES, 'pkg/tines-jira-credential.js', 'pkg/tines-jira-credential.css'];
    for (const file of files) {
      const text = fs.readFileSync(path.join(WWW, file), 'utf8');
      assert.doesNotMatch(text, /\sstyle="/, `${file}: no inline style attributes`);
      assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/, `${file}: no inline scripts`);
      assert.doesNotMatch(text, /(localStorage|sessionStorage|indexedDB|document\.cookie|console\.)/, `${file}: no storage, no console`);
    }
    const requests = [];
    const context = await newContext(stack.browser);
    const page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${stack.server.url}/index.html`);
    await elementReady(page);
    assert.deepEqual(requests.filter((u) => !u.startsWith(stack.server.origin) && !u.startsWith('data:')), []);
    await context.close();
  });
});

describe('start-up', () => {
  test('index.html and embed.html preload the element, the glue, the wasm and the CSS: each file is fetched once, one favicon, minified copies', async () => {
    for (const file of ['index.html', 'embed.html']) {
      const html = fs.readFileSync(path.join(WWW, file), 'utf8');
      for (const tag of [
        '<link rel="modulepreload" href="pkg/tines-jira-credential.js">',
        '<link rel="modulepreload" href="pkg/tines_jira_credential.js">',
        '<link rel="preload" href="pkg/tines_jira_credential_bg.wasm" as="fetch" type="application/wasm" crossorigin>',
        '<link rel="preload" href="pkg/tines-jira-credential.css" as="style">',
        '<script type="module" src="pkg/tines-jira-credential.js"></script>',
      ]) {
        assert.ok(html.includes(tag), `${file} has ${tag}`);
      }
      const context = await newContext(stack.browser);
      const page = await context.newPage();
      const asked = [];
      const warnings = [];
      page.on('request', (r) => asked.push(new URL(r.url()).pathname));
      page.on('console', (m) => warnings.push(m.text()));
      await page.goto(`${stack.server.url}/${file}`);
      await elementReady(page);
      await page.waitForTimeout(300);
      const counts = asked.reduce((c, p) => ({ ...c, [p]: (c[p] ?? 0) + 1 }), {});
      for (const p of ['/pkg/tines-jira-credential.js', '/pkg/tines_jira_credential.js', '/pkg/tines_jira_credential_bg.wasm', '/pkg/tines-jira-credential.css', '/favicon.svg']) {
        assert.equal(counts[p], 1, `${file}: ${p} fetched ${counts[p] ?? 0} times`);
      }
      // A preload that goes unused (a mismatch of mode or credentials) is a console warning.
      assert.deepEqual(warnings, [], `${file}: no warnings about the preloads`);
      await context.close();
    }
    // The element's JavaScript is the entry and its modules, bundled into the one file in pkg/.
    for (const [sources, built] of [[['tines-jira-credential.js', ...ELEMENT_MODULES], 'pkg/tines-jira-credential.js'], [['tines-jira-credential.css'], 'pkg/tines-jira-credential.css']]) {
      const source = sources.join(' + ');
      const a = sources.reduce((sum, file) => sum + fs.statSync(path.join(WWW, file)).size, 0);
      const b = fs.statSync(path.join(WWW, built)).size;
      assert.ok(b < a * 0.85, `www/${built} (${b} bytes) is a minified copy of www/${source} (${a} bytes): run \`npm run build\``);
    }
  });
});

describe('accessibility and layout', () => {
  for (const colorScheme of ['light', 'dark']) {
    // The empty form and the form with errors are tests/e2e/a11y.test.mjs's (in both schemes too).
    test(`axe finds no WCAG 2.2 AA violations (${colorScheme}): outputs, an unreachable site, a withheld answer`, async () => {
      const { context, page } = await openPage({ colorScheme });
      await fill(page, { ...GOOD, site: BOARD_URL });
      assert.deepEqual(await axe(page), [], 'outputs shown');
      await page.locator('#check').click();
      await page.locator('[data-result][data-outcome="unreachable"]').waitFor();
      assert.deepEqual(await axe(page), [], 'unreachable result');
      await withheldByBrowser(page);
      await page.locator('#check').click();
      await page.locator('[data-result][data-outcome="blocked-by-browser"]').waitFor();
      assert.deepEqual(await axe(page), [], 'blocked-by-browser result');
      await context.close();
    });
  }

  test('at 360 px wide nothing scrolls sideways', async () => {
    const { context, page } = await openPage({ width: 360, height: 740 });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(await overflow(), 0, 'empty');
    await fill(page, ERRORS);
    assert.equal(await overflow(), 0, 'errors');
    await fill(page, { ...GOOD, site: BOARD_URL });
    await page.locator('#check').click();
    await page.locator('[data-result][data-outcome]').waitFor();
    assert.equal(await overflow(), 0, 'outputs and result');
    await context.close();
  });

  test('the form can be completed and checked with the keyboard alone', async () => {
    const { context, page } = await openPage();
    const focused = () =>
      inShadow(page, (root) => {
        const el = root.activeElement;
        return el ? el.id || el.getAttribute('href') || el.className : null;
      });
    await page.keyboard.press('Tab'); // the skip link
    await page.keyboard.press('Tab'); // the job: New credential, chosen
    assert.deepEqual(await inShadow(page, (root) => [root.activeElement.name, root.activeElement.value, root.activeElement.checked]), ['job', 'new', true]);
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'site');
    await page.keyboard.type('acme.atlassian.net');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'email');
    await page.keyboard.type('jane@acme.com');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'token');
    await page.keyboard.insertText(TOKEN);
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'btn toggle');
    await page.keyboard.press('Enter'); // shows the token
    assert.equal(await page.locator('#token').getAttribute('type'), 'text');
    await page.keyboard.press('Tab');
    assert.match(await focused(), /^https:\/\/id\.atlassian\.com\//);
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'name');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'expiresOn');
    // A date input takes one Tab per part (day, month, year).
    for (let i = 0; i < 5 && (await focused()) === 'expiresOn'; i++) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'scoped');
    await page.keyboard.press('Tab');
    assert.equal(await focused(), 'check');
    await page.keyboard.press('Enter');
    await page.locator('[data-result][data-outcome]').waitFor();
    // The focus ring is visible on a keyboard-focused button.
    const outline = await inShadow(page, (root) => getComputedStyle(root.activeElement).outlineStyle);
    assert.equal(outline, 'solid');
    await context.close();
  });

  test('attributes: site and name set the initial values, compact stacks the layout', async () => {
    const { context, page } = await openPage({ file: 'embed.html' });
    await page.evaluate(() => {
      const el = document.createElement('tines-jira-credential');
      el.id = 'second';
      el.setAttribute('site', 'acme');
      el.setAttribute('name', 'Jira Staging');
      document.querySelector('main').append(el);
    });
    await page.locator('#second .tjc:not([hidden])').waitFor();
    const state = await page.evaluate(async () => {
      const second = document.getElementById('second').shadowRoot;
      const first = document.querySelector('tines-jira-credential[compact]').shadowRoot;
      await new Promise((r) => setTimeout(r, 300));
      return {
        site: second.getElementById('site').value,
        name: second.getElementById('name').value,
        siteDiags: [...second.querySelectorAll('#site-msgs .diag')].map((d) => d.dataset.code),
        compactColumns: getComputedStyle(first.querySelector('.fields')).gridTemplateColumns.split(' ').length,
      };
    });
    assert.equal(state.site, 'acme');
    assert.equal(state.name, 'Jira Staging');
    assert.deepEqual(state.siteDiags, ['site-bare-name']);
    assert.equal(state.compactColumns, 1);
    await context.close();
  });
});

describe('embedding', () => {
  test('embed.html: the docs site\u2019s hostile CSS does not reach inside, and the element works', async () => {
    const { context, page, consoleMessages, pageErrors } = await openPage({ file: 'embed.html' });
    const styles = await inShadow(page, (root) => {
      const cs = (sel) => getComputedStyle(root.querySelector(sel));
      return {
        inputDisplay: cs('#site').display,
        color: cs('.tjc').color,
        font: cs('.tjc').fontFamily,
        fontSize: cs('.tjc').fontSize,
        buttonBg: cs('#check').backgroundColor,
        divBorder: cs('.field').borderTopStyle,
        hostColor: getComputedStyle(root.host).color,
      };
    });
    assert.equal(styles.hostColor, 'rgb(176, 0, 32)', 'the hostile CSS is in force on the page');
    assert.notEqual(styles.inputDisplay, 'none');
    assert.notEqual(styles.color, 'rgb(176, 0, 32)');
    assert.doesNotMatch(styles.font, /Georgia|Times/);
    assert.equal(styles.fontSize, '16px');
    assert.notEqual(styles.buttonBg, 'rgb(255, 105, 180)');
    assert.equal(styles.divBorder, 'none');
    await fill(page, GOOD);
    assert.equal(await inShadow(page, (root) => root.getElementById('out-domains').textContent), 'acme.atlassian.net');
    // Next to the element: what a host page's scripts can see, and the way out of it.
    const trust = await page.locator('.docs-trust').textContent();
    assert.match(trust, /every script on this page can read what is typed/);
    assert.match(trust, /frame the tool from an origin of its own/);
    assert.match(trust, /deploy\/nginx\/README\.md/);
    await assertClean(page, consoleMessages, pageErrors);
    await context.close();
  });

  test('iframe.html frames the page', async () => {
    const { context, page } = await (async () => {
      const context = await newContext(stack.browser);
      const page = await context.newPage();
      await page.goto(`${stack.server.url}/iframe.html`);
      return { context, page };
    })();
    const frame = page.frameLocator('iframe[title]');
    await frame.locator('tines-jira-credential .tjc:not([hidden])').waitFor();
    await frame.locator('#site').fill('acme');
    await frame.locator('#site').blur();
    assert.match(await frame.locator('#site-msgs .diag-quiet .diag-text').textContent(), /^Uses acme\.atlassian\.net\./);
    await context.close();
  });
});

describe('the npm package', () => {
  test('npm pack installs into a scratch folder and imports in Node', async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-pack-'));
    try {
      const out = execFileSync('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const [{ filename, files }] = JSON.parse(out);
      const names = files.map((f) => f.path);
      for (const f of [
        'www/pkg/tines_jira_credential.js',
        'www/pkg/tines_jira_credential_bg.wasm',
        'www/pkg/tines_jira_credential.d.ts',
        'www/pkg/tines-jira-credential.js',
        'www/pkg/tines-jira-credential.css',
        'www/tines-jira-credential.js',
        'www/tines-jira-credential.css',
        'www/tines-jira-credential.d.ts',
        'www/index.html',
        ...ELEMENT_MODULES.map((f) => `www/${f}`),
      ]) {
        assert.ok(names.includes(f), `the tarball holds ${f}`);
      }
      assert.ok(!names.some((f) => f.startsWith('tests/') || f.startsWith('src/')), 'no tests or sources in the tarball');

      const app = path.join(scratch, 'app');
      fs.mkdirSync(app);
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
      const tgz = path.join(scratch, filename);
      // Installed as a user installs it, offline and from an empty npm cache of its own: the
      // package has no dependencies, so nothing needs the registry. An install that fails fails
      // the test.
      execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tgz], {
        cwd: app,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, npm_config_cache: path.join(scratch, 'npm-cache'), npm_config_update_notifier: 'false' },
      });
      assert.ok(fs.existsSync(path.join(app, 'node_modules', 'tines-jira-credential', 'package.json')), 'npm installed the package');
      fs.writeFileSync(
        path.join(app, 'check.mjs'),
        [
          "import fs from 'node:fs';",
          "import { fileURLToPath } from 'node:url';",
          "import { initSync, checkSite, credentialKey } from 'tines-jira-credential';",
          "initSync({ module: fs.readFileSync(fileURLToPath(import.meta.resolve('tines-jira-credential/wasm'))) });",
          "const site = checkSite('https://ACME.atlassian.net/jira/boards/1');",
          "process.stdout.write(JSON.stringify({ ok: site.ok, value: site.value, kind: site.kind, key: credentialKey('Jira Prod'),",
          "  element: fileURLToPath(import.meta.resolve('tines-jira-credential/element')).endsWith('/www/pkg/tines-jira-credential.js'),",
          "  css: fs.existsSync(fileURLToPath(import.meta.resolve('tines-jira-credential/element.css'))) }));",
        ].join('\n'),
      );
      const result = JSON.parse(execFileSync(process.execPath, ['check.mjs'], { cwd: app, encoding: 'utf8' }));
      assert.deepEqual(result, { ok: true, value: 'acme.atlassian.net', kind: 'cloud', key: 'jira_prod', element: true, css: true });
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
