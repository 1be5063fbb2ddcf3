// The check from a terminal, read back into the page (issue 11), and the verdicts the page tells
// its host about (issue 13): the three command tabs, "Paste what the command printed", the
// `check` event and the `timeout` attribute. Expected verdicts come from the module in Node.
//
//   node --test tests/page/terminal.test.mjs      (after `npm run build`)

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import {
  GOOD,
  TOKEN,
  JANE_ACCOUNT,
  usePageStack,
  fill,
  inShadow,
  axe,
  assertClean,
  recordCheckEvents,
} from './page-lib.mjs';
import { waitForClipboard } from '../e2e/harness.mjs';

const stack = usePageStack();
const { openPage } = stack;

/** What curl --include prints for one answer. */
function curlAnswer(status, reason, headers, body, { http2 = false } = {}) {
  const statusLine = http2 ? `HTTP/2 ${status}` : `HTTP/1.1 ${status} ${reason}`;
  return [`${statusLine}\r`, ...headers.map((h) => `${h}\r`), '\r', body].join('\n');
}
/** What the check command prints for an answer, after its token prompt. */
function curlTranscript(...answer) {
  return [`Jira API token for ${GOOD.email} (typing is hidden): `, curlAnswer(...answer)].join('\n');
}
const VERIFIED = curlTranscript(200, 'OK', ['content-type: application/json;charset=UTF-8', 'x-arequestid: 5f1b'], JSON.stringify(JANE_ACCOUNT), { http2: true });
// Refused at the site, so the command went on: the cloud id, then the gateway's own refusal.
const REJECTED = [
  curlTranscript(401, 'Unauthorized', ['Content-Type: text/plain;charset=UTF-8', 'WWW-Authenticate: OAuth realm="https%3A%2F%2Facme.atlassian.net"'], 'Client must be authenticated to access this resource.'),
  curlAnswer(200, 'OK', ['content-type: application/json'], '{"cloudId":"a436116f-02ce-4520-8fbb-7301462a1674"}'),
  curlAnswer(401, 'Unauthorized', ['content-type: application/json'], '{"code":401,"message":"Unauthorized"}'),
].join('\n\n');

/** Pastes into the transcript field as a person would, and waits for its verdict. */
async function paste(page, text) {
  await page.evaluate((t) => navigator.clipboard.writeText(t), text);
  await page.locator('#transcript').click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('ControlOrMeta+v');
  await page.waitForFunction(
    (t) => {
      const root = document.querySelector('tines-jira-credential').shadowRoot;
      // A textarea's value has LF line ends only.
      return root.getElementById('transcript').value === t.replace(/\r\n?/g, '\n') && !root.querySelector('[data-transcript-result]').hidden;
    },
    text,
  );
  await page.waitForTimeout(50);
  return readPanel(page, '[data-transcript-result]');
}

function readPanel(page, selector) {
  return inShadow(
    page,
    (root, sel) => {
      const r = root.querySelector(sel);
      const text = (el) => el?.textContent.replace(/\s+/g, ' ').trim() ?? null;
      return {
        outcome: r.dataset.outcome,
        tone: r.dataset.tone,
        title: text(r.querySelector('.result-title')),
        source: text(r.querySelector('.result-source')),
        message: text(r.querySelector('[data-result-message]')),
        badge: text(r.querySelector('.badge')),
        diagnostics: [...r.querySelectorAll('.diag')].map((d) => ({ code: d.dataset.code, severity: d.dataset.severity, text: text(d.querySelector('.diag-text')) })),
        account: [...r.querySelectorAll('[data-account] dd')].map((d) => d.textContent),
        html: r.innerHTML,
      };
    },
    selector,
  );
}

const events = (page) => page.evaluate(() => window.__checks);

describe('paste what the command printed', () => {
  test('a pasted curl transcript gives the same verdict panel as the live check, and one check event', async () => {
    const { context, page, consoleMessages, pageErrors } = await openPage({ clipboard: 'grant' });
    const sent = [];
    page.on('request', (r) => r.url().startsWith(stack.server.origin) || sent.push(r.url()));
    try {
      await recordCheckEvents(page);
      await fill(page, GOOD);
      for (const [text, outcome] of [
        [VERIFIED, 'verified'],
        [REJECTED, 'rejected'],
      ]) {
        const expected = stack.api.interpretTranscript(text, { site: GOOD.site, email: GOOD.email, scoped: false });
        assert.equal(expected.outcome, outcome);
        const shown = await paste(page, text);
        assert.equal(shown.outcome, outcome);
        assert.equal(shown.source, 'From what you pasted');
        assert.equal(shown.badge, `HTTP ${expected.status}`);
        const bare = (m) => m.replace(/\(\d\)|[;,\s]/g, ''); // the numbered checks are a list on screen
        assert.equal(bare(shown.message), bare(expected.message), 'the module\u2019s explanation');
        assert.deepEqual(shown.diagnostics.map((d) => d.code), expected.diagnostics.map((d) => d.code));
        if (outcome === 'verified') {
          assert.deepEqual(shown.account, ['Jane Doe', 'jane@acme.com', JANE_ACCOUNT.accountId, 'atlassian', 'Active']);
          // The verified account goes into the metadata, after the username (issue 29).
          const metadata = await inShadow(page, (root) => root.getElementById('out-metadata').textContent);
          assert.deepEqual(JSON.parse(metadata), { domain: 'acme.atlassian.net', username: GOOD.email, account_id: JANE_ACCOUNT.accountId });
          assert.ok(metadata.indexOf('"username"') < metadata.indexOf('"account_id"'));
        }
        assert.deepEqual(await axe(page), [], `axe: ${outcome} from a paste`);
      }
      assert.deepEqual(await events(page), [
        { outcome: 'verified', route: 'site' },
        { outcome: 'rejected', route: 'site' },
      ]);
      assert.deepEqual(sent, [], 'reading a paste sends nothing anywhere');
      assert.equal(await inShadow(page, (root) => root.querySelector('[data-result]').hidden), true, 'the live check\u2019s panel is untouched');
      // Editing the email re-reads the paste for it (no new event: nothing new was pasted).
      await fill(page, { email: 'sam@acme.com' });
      await paste(page, VERIFIED);
      const mismatch = await readPanel(page, '[data-transcript-result]');
      assert.deepEqual(mismatch.diagnostics.map((d) => d.code), stack.api.interpretTranscript(VERIFIED, { site: GOOD.site, email: 'sam@acme.com' }).diagnostics.map((d) => d.code));
      await assertClean(page, consoleMessages, pageErrors);
    } finally {
      await context.close();
    }
  });

  test('text that is not a transcript, or a paste before the site and email are valid, is refused plainly, with no event', async () => {
    const { context, page } = await openPage({ clipboard: 'grant' });
    try {
      await recordCheckEvents(page);
      const early = await paste(page, VERIFIED);
      assert.equal(early.outcome, 'invalid-input');
      assert.equal(early.message, stack.api.interpretTranscript(VERIFIED, { site: '', email: '' }).message);
      // The second module names the failing checks by code; the panel says each in the first
      // module's words.
      assert.deepEqual(
        early.diagnostics.map((d) => [d.code, d.text]),
        [stack.api.checkSite(''), stack.api.checkEmail('')].map((r) => [r.diagnostics[0].code, r.diagnostics[0].message]),
      );
      assert.ok(early.diagnostics.every((d) => d.text.length > 10));
      await fill(page, GOOD);
      const shown = await paste(page, 'curl: (6) Could not resolve host: acme.atlassian.net');
      const expected = stack.api.interpretTranscript('curl: (6) Could not resolve host: acme.atlassian.net', { site: GOOD.site, email: GOOD.email });
      assert.deepEqual([shown.outcome, shown.message], [expected.outcome, expected.message]);
      assert.equal(shown.tone, 'warning');
      assert.deepEqual(await events(page), [], 'no verdict, no event');
      assert.deepEqual(await axe(page), []);
      // Emptying the field clears its verdict.
      await page.locator('#transcript').fill('');
      await page.waitForFunction(() => document.querySelector('tines-jira-credential').shadowRoot.querySelector('[data-transcript-result]').hidden);
    } finally {
      await context.close();
    }
  });

  test('a paste holding the Authorization header warns, and never echoes it: not in the panel, the markup or the console', async () => {
    const { context, page, consoleMessages } = await openPage({ clipboard: 'grant' });
    try {
      await fill(page, GOOD);
      const basic = Buffer.from(`${GOOD.email}:${TOKEN}`).toString('base64');
      const verbose = [
        '> GET /rest/api/3/myself HTTP/2',
        '> Host: acme.atlassian.net',
        `> Authorization: Basic ${basic}`,
        '> Accept: application/json',
        '>',
        VERIFIED.split('\n').slice(1).join('\n'),
      ].join('\n');
      const shown = await paste(page, verbose);
      const expected = stack.api.interpretTranscript(verbose, { site: GOOD.site, email: GOOD.email });
      assert.ok(expected.diagnostics.some((d) => d.code === 'transcript-secret'));
      assert.deepEqual(shown.diagnostics.map((d) => d.code), expected.diagnostics.map((d) => d.code));
      for (const secret of [basic, TOKEN, TOKEN.slice(6, 46)]) {
        assert.ok(!shown.html.includes(secret), 'not in the verdict');
        const markup = await page.evaluate(() => document.documentElement.outerHTML + document.querySelector('tines-jira-credential').shadowRoot.innerHTML);
        assert.ok(!markup.includes(secret), 'not in the markup (the textarea holds it as its value only)');
        assert.ok(!consoleMessages.some((m) => m.includes(secret)), 'not in the console');
      }
    } finally {
      await context.close();
    }
  });
});

describe('the check commands', () => {
  test('three tabs, curl, PowerShell 7 and Windows PowerShell 5.1, each with its command and a Copy button; arrow keys move between them', async () => {
    const { context, page } = await openPage({ clipboard: 'grant' });
    try {
      await fill(page, GOOD);
      const commands = stack.api.buildCheckCommands({ ...GOOD, scoped: false });
      const tabs = await inShadow(page, (root) => [...root.querySelectorAll('[role="tab"]')].map((t) => [t.textContent, t.getAttribute('aria-selected')]));
      assert.deepEqual(tabs, [
        ['curl', 'true'],
        ['PowerShell 7', 'false'],
        ['Windows PowerShell 5.1', 'false'],
      ]);
      await page.locator('#tab-curl').focus();
      for (const key of ['powershell', 'windowsPowershell']) {
        await page.keyboard.press('ArrowRight');
        assert.equal(await inShadow(page, (root) => root.activeElement.id), `tab-${key}`);
        const visible = await inShadow(page, (root) => [...root.querySelectorAll('[role="tabpanel"]')].filter((p) => !p.hidden).map((p) => p.querySelector('pre').textContent));
        assert.deepEqual(visible, [commands[key]]);
        await page.locator(`[data-copy="${key}"]`).click();
        await waitForClipboard(page, commands[key]);
        await page.locator(`#tab-${key}`).focus();
      }
      await page.keyboard.press('End');
      await page.keyboard.press('Home');
      assert.equal(await inShadow(page, (root) => root.activeElement.id), 'tab-curl');
      assert.match(commands.windowsPowershell, /Get-Credential/);
      assert.deepEqual(await axe(page), []);
      // Nothing a visitor sees suggests a relay: that is for the site's operators.
      assert.doesNotMatch(await page.evaluate(() => document.querySelector('tines-jira-credential').shadowRoot.textContent), /use a relay/i);
    } finally {
      await context.close();
    }
  });
});

describe('the check event and the timeout attribute', () => {
  test('a live check fires check with {outcome, route} and nothing typed; a cancelled one fires none', async () => {
    const { context, page } = await openPage();
    try {
      await recordCheckEvents(page);
      await fill(page, GOOD);
      await page.locator('#check').click(); // nothing resolves here: unreachable
      await page.locator('[data-result][data-outcome="unreachable"]').waitFor();
      await stack.answerAsJira(page, 'https://acme.atlassian.net/**');
      await page.locator('#check').click();
      await page.locator('[data-result][data-outcome="verified"]').waitFor();
      await page.unrouteAll();
      await page.route('https://acme.atlassian.net/**', () => {}); // never answers
      await page.locator('#check').click();
      await page.locator('#cancel').click();
      await page.locator('[data-result][data-outcome="aborted"]').waitFor();
      const seen = await events(page);
      assert.deepEqual(seen, [
        { outcome: 'unreachable', route: 'site' },
        { outcome: 'verified', route: 'site' },
      ]);
      const text = JSON.stringify(seen);
      for (const secret of [GOOD.email, TOKEN, 'acme.atlassian.net']) assert.ok(!text.includes(secret));
      // The event bubbles, for pages that listen on the document.
      assert.equal(await page.evaluate(() => new CustomEvent('check', { bubbles: true }).bubbles), true);
    } finally {
      await context.close();
    }
  });

  test('timeout="1500" gives up on a Jira that never answers after 1.5 s, not 15', async () => {
    const { context, page } = await openPage();
    try {
      await recordCheckEvents(page);
      await page.route('https://acme.atlassian.net/**', () => {}); // never answers
      await page.evaluate(() => document.querySelector('tines-jira-credential').setAttribute('timeout', '1500'));
      await fill(page, GOOD);
      const started = Date.now();
      await page.locator('#check').click();
      await page.locator('[data-result][data-outcome="timeout"]').waitFor({ timeout: 10_000 });
      const took = Date.now() - started;
      assert.ok(took >= 1400, `gave up after ${took} ms`);
      assert.ok(took < 8000, `gave up after ${took} ms`);
      assert.deepEqual(await events(page), [{ outcome: 'timeout', route: 'site' }]);
    } finally {
      await context.close();
    }
  });

  test('through a relay, a relay failure is the relay\u2019s verdict (relay-error), not Jira\u2019s', async () => {
    const { context, page } = await openPage();
    try {
      await recordCheckEvents(page);
      await page.route(`${stack.server.origin}/jira-relay/**`, (route) =>
        route.fulfill({ status: 502, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ relay: 'upstream-failed' }) }),
      );
      await page.evaluate(() => document.querySelector('tines-jira-credential').setAttribute('relay', '/jira-relay'));
      await fill(page, GOOD);
      await page.locator('#check').click();
      await page.locator('[data-result][data-outcome="relay-error"]').waitFor();
      const shown = await readPanel(page, '[data-result]');
      assert.match(shown.title, /relay/);
      assert.match(shown.message, /relay/);
      assert.deepEqual(await events(page), [{ outcome: 'relay-error', route: 'site' }]);
      assert.deepEqual(await axe(page), []);
    } finally {
      await context.close();
    }
  });
});
