// The page and the <tines-jira-credential> element in headless Chromium (Debian's, through
// playwright-core), served from www/ by the e2e harness's static server.
//
//   node --test tests/page/          (needs `npm run build` first: it uses www/pkg)
//
// Live checks here never leave the machine: the browser resolves nothing but localhost
// (harness.mjs, blockOthers), so a direct check ends in blocked-by-browser, and the few tests that
// need an answer from "Jira" fulfil the request with Playwright's page.route. The full set of Jira
// answers is tests/e2e's job (a fake Jira over HTTPS).

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serveStatic, launchBrowser, newContext, instrumentPage, elementReady, axeResults } from '../e2e/harness.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const WWW = path.join(ROOT, 'www');
const PKG_JS = path.join(WWW, 'pkg', 'tines_jira_credential.js');
const PKG_WASM = path.join(WWW, 'pkg', 'tines_jira_credential_bg.wasm');

const MASK = '\u2022'.repeat(24);
const BOARD_URL = 'https://acme.atlassian.net/jira/software/projects/OPS/boards/12?selectedIssue=OPS-7';
// A synthetic token of the current format: 'ATATT3' + body to 183 chars, '=', CRC-32 of the first 184.
const TOKEN = makeToken();
const GOOD = { site: 'acme.atlassian.net', email: 'jane@acme.com', token: TOKEN, name: 'Jira Prod' };
const ERRORS = { site: 'acme.atlasian.net', email: 'Jane Doe <jane@acme.com>', token: 'Basic amFuZUBhY21lLmNvbQ==', name: 'Jira' };

function makeToken() {
  let body = 'ATATT3';
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  for (let i = 0; body.length < 183; i++) body += alphabet[(i * 37 + 11) % 64];
  const first = `${body}=`;
  let crc = 0xffffffff;
  for (const byte of Buffer.from(first)) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? 0xedb88320 ^ (crc >>> 1) : crc >>> 1;
  }
  return first + ((crc ^ 0xffffffff) >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

let server;
let browser;
let api; // the wasm module in Node: the source of every expected text

before(async () => {
  assert.ok(fs.existsSync(PKG_WASM), 'www/pkg is missing: run `npm run build` first');
  api = await import(pathToFileURL(PKG_JS).href);
  api.initSync({ module: fs.readFileSync(PKG_WASM) });
  server = await serveStatic(WWW);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

// ---------------------------------------------------------------------------------------------
// Helpers

async function openPage({ file = 'index.html', colorScheme = 'light', width = 1280, height = 900, clipboard, init } = {}) {
  const context = await newContext(browser, { colorScheme, viewport: { width, height } });
  if (clipboard === 'grant') await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.origin });
  await context.addInitScript(instrumentPage);
  if (init) await context.addInitScript(init);
  const page = await context.newPage();
  const consoleMessages = [];
  const pageErrors = [];
  page.on('console', (m) => consoleMessages.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${server.url}/${file}`);
  await elementReady(page);
  return { context, page, consoleMessages, pageErrors };
}


/** Types into fields as a person would (fill fires `input`), then leaves each field. */
async function fill(page, values) {
  for (const [field, value] of Object.entries(values)) {
    await page.locator(`#${field}`).fill(value);
    await page.locator(`#${field}`).blur();
  }
}

/** Runs `fn(shadowRoot, ...args)` in the page. */
function inShadow(page, fn, ...args) {
  return page.evaluate(
    ([source, rest]) => {
      const root = document.querySelector('tines-jira-credential').shadowRoot;
      // eslint-disable-next-line no-new-func
      return new Function('root', 'args', `return (${source})(root, ...args)`)(root, rest);
    },
    [fn.toString(), args],
  );
}

async function axe(page) {
  const results = await axeResults(page);
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

async function assertClean(page, consoleMessages, pageErrors) {
  const csp = await page.evaluate(() => window.__watch.csp.map((v) => `${v.directive} ${v.blocked}`));
  assert.deepEqual(csp, [], 'CSP violations');
  assert.deepEqual(pageErrors, [], 'uncaught page errors');
  // Chromium itself reports a failed request (a name that does not resolve, a CORS refusal);
  // anything else in the console came from the page, which logs nothing.
  const own = consoleMessages.filter((m) => !/^error: (Failed to load resource: net::|Access to fetch at )/.test(m));
  assert.deepEqual(own, [], 'the page writes nothing to the console');
}

function expectedReport(values) {
  return api.buildCredential({ scoped: false, ...values });
}

const JANE_ACCOUNT = {
  accountId: '5b10ac8d82e05b22cc7d4ef5',
  accountType: 'atlassian',
  emailAddress: 'jane@acme.com',
  displayName: 'Jane Doe',
  active: true,
};

/** Answers requests to `urlGlob` as Jira would, with CORS allowed. */
async function answerAsJira(page, urlGlob, seen = []) {
  await page.route(urlGlob, (route) => {
    seen.push(route.request().url());
    return route.fulfill({
      status: 200,
      headers: { 'access-control-allow-origin': server.origin, 'content-type': 'application/json;charset=UTF-8' },
      body: JSON.stringify(JANE_ACCOUNT),
    });
  });
  return seen;
}

// ---------------------------------------------------------------------------------------------

describe('the form', () => {
  test('renders four labelled fields, a token field that is masked and not remembered, and a disabled check', async () => {
    const { context, page, consoleMessages, pageErrors } = await openPage();
    const info = await inShadow(page, (root) => {
      const field = (id) => {
        const input = root.getElementById(id);
        const label = root.querySelector(`label[for="${id}"]`);
        return {
          label: label?.textContent.trim(),
          type: input.type,
          value: input.value,
          autocomplete: input.getAttribute('autocomplete'),
          spellcheck: input.getAttribute('spellcheck'),
          autocapitalize: input.getAttribute('autocapitalize'),
          help: root.getElementById(`${id}-help`)?.textContent.trim(),
        };
      };
      return {
        site: field('site'),
        email: field('email'),
        token: field('token'),
        name: field('name'),
        checkDisabled: root.getElementById('check').disabled,
        diags: root.querySelectorAll('.diag').length,
        invalid: root.querySelectorAll('[aria-invalid]').length,
        outputsHidden: root.querySelector('[data-outputs]').hidden,
      };
    });
    assert.equal(info.site.label, 'Jira site');
    assert.equal(info.email.label, 'Account email');
    assert.equal(info.token.label, 'API token');
    assert.equal(info.name.label, 'Credential name');
    assert.equal(info.token.type, 'password');
    assert.equal(info.token.autocomplete, 'off');
    assert.equal(info.token.spellcheck, 'false');
    assert.equal(info.token.autocapitalize, 'off');
    assert.match(info.token.help, /id\.atlassian\.com/);
    assert.match(info.email.help, /sign-in email/);
    assert.match(info.site.help, /acme\.atlassian\.net/);
    assert.equal(info.name.value, 'Jira');
    assert.equal(info.checkDisabled, true);
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

  test('flags nothing in a field before it is touched', async () => {
    const { context, page } = await openPage();
    await page.locator('#site').fill('x');
    await page.waitForTimeout(300); // past the debounce
    const state = await inShadow(page, (root) => ({
      site: [...root.querySelectorAll('#site-msgs .diag')].map((d) => d.dataset.code),
      email: root.querySelectorAll('#email-msgs .diag').length,
      token: root.querySelectorAll('#token-msgs .diag').length,
      emailInvalid: root.getElementById('email').hasAttribute('aria-invalid'),
    }));
    assert.ok(state.site.length > 0, 'the touched field is checked as the person types');
    assert.equal(state.email, 0);
    assert.equal(state.token, 0);
    assert.equal(state.emailInvalid, false);
    // Leaving an empty field counts as touching it.
    await page.locator('#email').focus();
    await page.locator('#email').blur();
    assert.deepEqual(
      await inShadow(page, (root) => [...root.querySelectorAll('#email-msgs .diag')].map((d) => d.dataset.code)),
      ['email-empty'],
    );
    await context.close();
  });

  test('a pasted board URL shows the cleaned host and an info note, not an error', async () => {
    const { context, page } = await openPage();
    await fill(page, { site: BOARD_URL });
    const state = await inShadow(page, (root) => ({
      cleaned: root.getElementById('site-cleaned').textContent,
      cleanedHidden: root.getElementById('site-cleaned').hidden,
      diags: [...root.querySelectorAll('#site-msgs .diag')].map((d) => [d.dataset.severity, d.dataset.code, d.querySelector('.diag-label').textContent]),
      invalid: root.getElementById('site').getAttribute('aria-invalid'),
      describedBy: root.getElementById('site').getAttribute('aria-describedby'),
    }));
    assert.equal(state.cleanedHidden, false);
    assert.equal(state.cleaned, 'Uses acme.atlassian.net');
    assert.deepEqual(state.diags, [['info', 'site-path-dropped', 'Note:']]);
    assert.equal(state.invalid, null);
    assert.deepEqual(state.describedBy.split(' '), ['site-msgs', 'site-cleaned', 'site-help']);
    assert.equal(await page.locator('#site').inputValue(), BOARD_URL, 'what was typed stays');
    await context.close();
  });

  test('a bad site shows an error tied to the field, and "Use …" applies the suggestion', async () => {
    const { context, page } = await openPage();
    await fill(page, { site: 'acme.atlasian.net' });
    const expected = api.checkSite('acme.atlasian.net').diagnostics[0];
    const state = await inShadow(page, (root) => {
      const input = root.getElementById('site');
      const ids = input.getAttribute('aria-describedby').split(' ');
      return {
        invalid: input.getAttribute('aria-invalid'),
        described: ids.map((id) => root.getElementById(id)?.textContent ?? null).join(' | '),
        diag: [...root.querySelectorAll('#site-msgs .diag')].map((d) => [d.dataset.severity, d.dataset.code, d.querySelector('.diag-label').textContent, d.querySelector('.diag-text').textContent]),
      };
    });
    assert.equal(state.invalid, 'true');
    assert.deepEqual(state.diag, [['error', expected.code, 'Error:', expected.message]]);
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

  test('every field keeps its value after errors and after a failed check', async () => {
    const { context, page, consoleMessages, pageErrors } = await openPage();
    await fill(page, ERRORS);
    for (const [field, value] of Object.entries(ERRORS)) assert.equal(await page.locator(`#${field}`).inputValue(), value);
    assert.equal(await page.locator('#check').isDisabled(), true);

    await fill(page, GOOD);
    await page.locator('#check').click();
    await page.locator('[data-result][data-outcome]').waitFor();
    // Nothing resolves but localhost here: the browser cannot reach Jira, as with CORS.
    const result = await inShadow(page, (root) => {
      const r = root.querySelector('[data-result]');
      return {
        outcome: r.dataset.outcome,
        tone: r.dataset.tone,
        terminal: [...r.querySelectorAll('[data-result-out]')].map((p) => p.textContent),
      };
    });
    assert.equal(result.outcome, 'blocked-by-browser');
    assert.equal(result.tone, 'neutral', 'blocked-by-browser is presented as expected, not as an error');
    const report = expectedReport(GOOD);
    assert.deepEqual(result.terminal, [report.outputs.commands.curl, report.outputs.commands.powershell]);
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
        commands: ['curl', 'powershell'].map(text),
        key: root.querySelector('[data-key]').textContent,
        steps: root.querySelectorAll('.walkthrough li').length,
        expiry: root.querySelector('.walkthrough').textContent.includes('expire within a year'),
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
    assert.deepEqual(shown.commands, [o.commands.curl, o.commands.powershell]);
    assert.equal(shown.key, 'jira_prod');
    assert.ok(shown.steps >= 6);
    assert.equal(shown.expiry, true);

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
    const expected = {
      name: o.name,
      value: TOKEN,
      metadata: o.metadataJson,
      domains: o.domainsField,
      'ref-value': o.references.value,
      'ref-domain': o.references.domain,
      'ref-username': o.references.username,
      'ref-baseUrl': o.references.baseUrl,
      curl: o.commands.curl,
      powershell: o.commands.powershell,
    };
    for (const [key, text] of Object.entries(expected)) {
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
    assert.equal(await page.locator('#check').isDisabled(), true);
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
    assert.deepEqual(seen, ['https://acme.atlassian.net/rest/api/3/myself']);
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
          'access-control-allow-origin': server.origin,
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
    assert.equal(await page.locator('#check').isDisabled(), true);
    assert.match(await page.locator('[data-check-hint]').textContent(), /check again in 1 s/);
    await page.locator('#check:not([disabled])').waitFor({ timeout: 3000 });

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
    const seen = await answerAsJira(page, `${server.origin}/jira-relay/**`);
    await page.evaluate(() => document.querySelector('tines-jira-credential').setAttribute('relay', '/jira-relay'));
    await fill(page, GOOD);
    const route = await inShadow(page, (root) => ({ text: root.querySelector('[data-route]').textContent, via: root.querySelector('[data-route]').dataset.via }));
    assert.equal(route.via, 'relay');
    assert.match(route.text, /through this site\u2019s relay/);
    await page.locator('#check').click();
    await page.locator('[data-result][data-outcome="verified"]').waitFor();
    assert.deepEqual(seen, [`${server.origin}/jira-relay/acme.atlassian.net/rest/api/3/myself`]);

    await page.evaluate(() => document.querySelector('tines-jira-credential').setAttribute('relay', 'https://relay.example/jira'));
    await page.locator('#check').click();
    await page.locator('[data-result][data-outcome="page-error"]').waitFor();
    assert.equal(seen.length, 1, 'nothing sent through an absolute relay');

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
    for (const file of fs.readdirSync(WWW).filter((f) => /\.(html|js|css)$/.test(f))) {
      const text = fs.readFileSync(path.join(WWW, file), 'utf8');
      assert.doesNotMatch(text, /\sstyle="/, `${file}: no inline style attributes`);
      assert.doesNotMatch(text, /<script(?![^>]*\bsrc=)[^>]*>/, `${file}: no inline scripts`);
      assert.doesNotMatch(text, /(localStorage|sessionStorage|indexedDB|document\.cookie|console\.)/, `${file}: no storage, no console`);
    }
    const requests = [];
    const context = await newContext(browser);
    const page = await context.newPage();
    page.on('request', (r) => requests.push(r.url()));
    await page.goto(`${server.url}/index.html`);
    await elementReady(page);
    assert.deepEqual(requests.filter((u) => !u.startsWith(server.origin) && !u.startsWith('data:')), []);
    await context.close();
  });
});

describe('accessibility and layout', () => {
  for (const colorScheme of ['light', 'dark']) {
    test(`axe finds no WCAG 2.2 AA violations (${colorScheme}): empty, errors, outputs, result`, async () => {
      const { context, page } = await openPage({ colorScheme });
      assert.deepEqual(await axe(page), [], 'empty form');
      await fill(page, ERRORS);
      assert.deepEqual(await axe(page), [], 'errors shown');
      await fill(page, { ...GOOD, site: BOARD_URL });
      assert.deepEqual(await axe(page), [], 'outputs shown');
      await page.locator('#check').click();
      await page.locator('[data-result][data-outcome]').waitFor();
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
    await assertClean(page, consoleMessages, pageErrors);
    await context.close();
  });

  test('iframe.html frames the page', async () => {
    const { context, page } = await (async () => {
      const context = await newContext(browser);
      const page = await context.newPage();
      await page.goto(`${server.url}/iframe.html`);
      return { context, page };
    })();
    const frame = page.frameLocator('iframe[title]');
    await frame.locator('tines-jira-credential .tjc:not([hidden])').waitFor();
    await frame.locator('#site').fill('acme');
    await frame.locator('#site').blur();
    assert.equal(await frame.locator('#site-cleaned').textContent(), 'Uses acme.atlassian.net');
    await context.close();
  });
});

describe('the npm package', () => {
  test('npm pack installs into a scratch folder and imports in Node', async () => {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-pack-'));
    try {
      const out = execFileSync('npm', ['pack', '--json', '--pack-destination', scratch], { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      const [{ filename, files }] = JSON.parse(out);
      const names = files.map((f) => f.path);
      for (const f of ['www/pkg/tines_jira_credential.js', 'www/pkg/tines_jira_credential_bg.wasm', 'www/pkg/tines_jira_credential.d.ts', 'www/tines-jira-credential.js', 'www/tines-jira-credential.css', 'www/index.html']) {
        assert.ok(names.includes(f), `the tarball holds ${f}`);
      }
      assert.ok(!names.some((f) => f.startsWith('tests/') || f.startsWith('src/')), 'no tests or sources in the tarball');

      const app = path.join(scratch, 'app');
      fs.mkdirSync(app);
      fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'scratch', private: true, type: 'module' }));
      const tgz = path.join(scratch, filename);
      try {
        execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', tgz], { cwd: app, stdio: 'ignore' });
      } catch {
        // Offline install can fail on a machine without an npm cache: unpack by hand instead.
        const dest = path.join(app, 'node_modules', 'tines-jira-credential');
        fs.mkdirSync(dest, { recursive: true });
        execFileSync('tar', ['-xzf', tgz, '-C', dest, '--strip-components=1']);
      }
      fs.writeFileSync(
        path.join(app, 'check.mjs'),
        [
          "import fs from 'node:fs';",
          "import { fileURLToPath } from 'node:url';",
          "import { initSync, checkSite, credentialKey } from 'tines-jira-credential';",
          "initSync({ module: fs.readFileSync(fileURLToPath(import.meta.resolve('tines-jira-credential/wasm'))) });",
          "const site = checkSite('https://ACME.atlassian.net/jira/boards/1');",
          "process.stdout.write(JSON.stringify({ ok: site.ok, value: site.value, kind: site.kind, key: credentialKey('Jira Prod'),",
          "  element: fs.existsSync(fileURLToPath(import.meta.resolve('tines-jira-credential/element'))) }));",
        ].join('\n'),
      );
      const result = JSON.parse(execFileSync(process.execPath, ['check.mjs'], { cwd: app, encoding: 'utf8' }));
      assert.deepEqual(result, { ok: true, value: 'acme.atlassian.net', kind: 'cloud', key: 'jira_prod', element: true });
    } finally {
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
