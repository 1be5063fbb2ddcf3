// Jira Data Center in a real browser (issue 36), written once and run in both engines, as the
// Cloud scenarios are (browser.scenarios.mjs): tests/e2e/browser.test.mjs in Chromium,
// tests/firefox/firefox.test.mjs in Firefox ESR.
//
// The fake Data Center (fake-data-center.mjs) answers at https://jira.dc.test/jira: a context path,
// Bearer tokens, CAPTCHA, 429 with its X-RateLimit-* numbers, a reverse proxy's pages, and CORS
// only for the origins on its allowlist. Two pages: the product's index.html, which may ask only
// Atlassian (so a Data Center is checked from a terminal), and a docs page that embeds the element
// for one Data Center: its Content-Security-Policy allows https://jira.dc.test, and the element has
// deployment="data-center" and data-center-origin="https://jira.dc.test", as the README says.

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { DC_BASE, DC_HOST, DC_ORIGIN, DC_TEST_TOKEN, DC_USER, makePat } from './fake-data-center.mjs';
import { serveStatic } from './harness.mjs';
import { shotPath, paste } from '../engines.mjs';
import { SHOTS } from './e2e-lib.mjs';
import { assertClean } from './checks.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const WWW = path.resolve(HERE, '../../www');

/** The docs page of a company whose docs may ask its own Data Center. */
const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' ${DC_ORIGIN}; img-src 'self' data:; base-uri 'none'; form-action 'none'">
  <meta name="referrer" content="no-referrer">
  <title>Connect Tines to our Jira</title>
  <link rel="icon" href="favicon.svg" type="image/svg+xml">
  <script type="module" src="pkg/tines-jira-credential.js"></script>
</head>
<body>
  <main>
    <h1>Connect Tines to our Jira</h1>
    <tines-jira-credential deployment="data-center" data-center-origin="${DC_ORIGIN}" site="${DC_BASE}" name="Jira DC"></tines-jira-credential>
  </main>
</body>
</html>
`;

/** `shared`: the browser and the fake Jira of the Cloud scenarios (browserScenarios), which serve
 *  the Data Center's host too: Firefox's front holds port 443, so the engines are shared. */
export function dataCenterScenarios(ENGINE, shared) {
  const T = { timeout: 60_000 };
  const TOKEN_LABEL = { label: 'Personal access token' };
  let server;
  let dir;
  // Read when used: the Cloud scenarios' hooks start them.
  const fakeJira = () => shared.fake();

  before(async () => {
    // A copy of www as it is (the static server serves no link out of its folder), and the docs
    // page beside it.
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-dc-'));
    fs.cpSync(WWW, dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'our-jira.html'), DOCS_PAGE);
    server = await serveStatic(dir);
    fs.mkdirSync(SHOTS, { recursive: true });
  });

  after(async () => {
    await server?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function open(file) {
    const fake = fakeJira();
    const s = await shared.engine().newSession();
    const mark = fake.requests.length;
    await s.goto(`${server.url}/${file}`);
    await s.ready();
    s.fakeSaw = () => fake.requests.slice(mark);
    return s;
  }

  const state = (s) =>
    s.inShadow((root) => {
      const shown = (el) => el && !el.closest('[hidden]') && el.getClientRects().length > 0;
      return {
        deployment: root.querySelector('.tjc').dataset.deployment,
        switchShown: shown(root.querySelector('[data-which]')),
        emailShown: shown(root.getElementById('email')),
        tokenLabel: root.querySelector('label[for="token"]').textContent.trim(),
        siteNotes: root.getElementById('site-msgs').textContent.replace(/\s+/g, ' ').trim(),
        metadata: root.getElementById('out-metadata').textContent,
        domains: root.getElementById('out-domains').textContent,
        route: root.getElementById('route').textContent.replace(/\s+/g, ' ').trim(),
        curl: root.getElementById('out-curl').textContent,
      };
    });

  async function check(s) {
    await s.click({ css: '#check' });
    await s.waitForShadow('[data-result][data-outcome]:not([hidden])', { timeout: 20_000 });
    return s.inShadow((root) => {
      const r = root.querySelector('[data-result]');
      const text = (el) => el?.textContent.replace(/\s+/g, ' ').trim() ?? null;
      return {
        outcome: r.dataset.outcome,
        title: text(r.querySelector('.result-title')),
        message: text(r.querySelector('[data-result-message]')),
        account: text(r.querySelector('[data-account]')),
        permissions: text(r.querySelector('[data-permissions]')),
      };
    });
  }

  /** Every request that reached the fake carried the token only to Data Center's API, as Bearer. */
  function assertTokenPath(s, token) {
    for (const r of s.fakeSaw()) {
      const auth = r.headers.authorization;
      if (auth === undefined) continue;
      assert.equal(r.host, DC_HOST, `the token went to ${r.host}`);
      assert.match(r.url, /^\/jira\/rest\/api\/2\/my(self|permissions)$/);
      assert.equal(auth, `Bearer ${token}`);
    }
  }

  describe(`${ENGINE}: Jira Data Center`, () => {
    /** The fake Jira, as the tests below say `fake`. */
    const fake = {
      reset: () => fakeJira().reset(),
      setAllowlist: (origins) => fakeJira().setAllowlist(origins),
      setBehaviour: (name) => fakeJira().setBehaviour(name),
    };
    test('the product page: a Data Center base asks which Jira it is; said, the email goes and a personal access token is asked for; the check goes to a terminal, nothing is sent', T, async () => {
      const s = await open('index.html');
      try {
        await s.type({ label: 'Jira site' }, `${DC_BASE}/browse/OPS-12`);
        await s.press('Tab');
        let now = await state(s);
        assert.equal(now.switchShown, true, 'a host that is not Atlassian\u2019s asks which Jira it is');
        assert.equal(now.emailShown, true);
        assert.match(now.siteNotes, /say which Jira it is/);
        await s.click({ css: 'input[name="deployment"][value="data-center"]' });
        now = await state(s);
        assert.equal(now.deployment, 'data-center');
        assert.equal(now.emailShown, false, 'Data Center needs no email: the field is gone');
        assert.equal(now.tokenLabel, 'Personal access token');
        assert.match(now.siteNotes, /Kept the context path \/jira/);
        await paste(s, TOKEN_LABEL, DC_TEST_TOKEN);
        await s.press('Tab');
        now = await state(s);
        assert.equal(now.metadata, `{\n  "base_url": "${DC_BASE}",\n  "domain": "${DC_HOST}"\n}`);
        assert.equal(now.domains, DC_HOST);
        assert.match(now.route, /not set up to ask/);
        assert.match(now.curl, /Authorization: Bearer %s/);
        assert.ok(!now.curl.includes(DC_TEST_TOKEN), 'the command holds no token');
        const v = await check(s);
        assert.equal(v.outcome, 'blocked-by-browser');
        assert.match(v.message, /terminal check command/);
        assert.deepEqual(s.fakeSaw(), [], 'nothing was sent');
        // Tines through its Tunnel: the walkthrough says where to switch it on, and the story too.
        await s.click({ css: '#tunnel' });
        const steps = await s.inShadow((root) =>
          [...root.querySelectorAll('.walkthrough[data-only="new"] li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()),
        );
        assert.ok(steps.some((t) => t.includes('switch on Use tunnel')), steps.join(' | '));
        await s.click({ css: '[data-story] details.more > summary' });
        await s.waitForShadow('#out-story:not(:empty)');
        const story = await s.inShadow((root) => root.getElementById('out-story').textContent);
        assert.match(story, /switch on its Use tunnel option/);
        await s.click({ css: '#tunnel' });
        const without = await s.inShadow((root) => root.querySelectorAll('.walkthrough[data-only="new"] li').length);
        assert.equal(without, steps.length - 1, 'unticked, the step goes');
        // Said the other way, the email is back with what was typed in it: nothing is lost.
        await s.click({ css: 'input[name="deployment"][value="cloud"]' });
        assert.equal((await state(s)).emailShown, true);
        await s.screenshot(shotPath(SHOTS, 'data-center-product-page', ENGINE));
        await assertClean(s);
      } finally {
        await s.close();
      }
    });

    test('a docs page set up for its Data Center: verified, with the user and the permissions, the token only to Jira as Bearer', T, async () => {
      fake.reset();
      fake.setAllowlist([server.origin]);
      const s = await open('our-jira.html');
      try {
        await paste(s, TOKEN_LABEL, DC_TEST_TOKEN);
        await s.press('Tab');
        const before = await state(s);
        assert.match(before.route, /directly from your browser/);
        const v = await check(s);
        assert.equal(v.outcome, 'verified', v.message);
        assert.match(v.account, new RegExp(DC_USER.displayName));
        assert.match(v.account, new RegExp(DC_USER.name));
        assert.match(v.permissions, /Assign Issues/);
        const after = await state(s);
        assert.equal(
          after.metadata,
          `{\n  "base_url": "${DC_BASE}",\n  "domain": "${DC_HOST}",\n  "username": "${DC_USER.name}",\n  "user_key": "${DC_USER.key}"\n}`,
        );
        const asked = s.fakeSaw().filter((r) => r.method === 'GET').map((r) => r.url);
        assert.deepEqual(asked, ['/jira/rest/api/2/myself', '/jira/rest/api/2/mypermissions']);
        assertTokenPath(s, DC_TEST_TOKEN);
        await s.screenshot(shotPath(SHOTS, 'data-center-verified', ENGINE));
        await assertClean(s);
      } finally {
        await s.close();
        fake.reset();
      }
    });

    const REFUSALS = [
      ['expired', 'rejected', /has not expired or been revoked/],
      ['captcha', 'captcha', /CAPTCHA/],
      ['rate-limited', 'rate-limited', /It allows 100 requests at once, and 10 more every 60 seconds/],
      ['forbidden-page', 'forbidden', /reverse proxy/],
      ['site-not-found', 'site-not-found', /context path/],
      ['server-error', 'jira-error', /Jira server/],
      ['cloud', 'wrong-jira', /Jira Cloud answered/],
      ['redirect', 'redirected', /redirect/],
    ];
    test('every refusal of a Data Center, named for what it is', T, async () => {
      // On one page while Jira does not ask to wait; after a 429 the button waits as asked, so
      // the rest each get a page of their own.
      const s = await open('our-jira.html');
      try {
        await paste(s, TOKEN_LABEL, DC_TEST_TOKEN);
        await s.press('Tab');
        for (const [behaviour, outcome, words] of REFUSALS.slice(0, 3)) {
          fake.reset();
          fake.setAllowlist([server.origin]);
          fake.setBehaviour(behaviour);
          const v = await check(s);
          assert.equal(v.outcome, outcome, `${behaviour}: ${v.message}`);
          assert.match(v.message, words, behaviour);
        }
        assertTokenPath(s, DC_TEST_TOKEN);
      } finally {
        await s.close();
      }
      for (const [behaviour, outcome, words] of REFUSALS.slice(3)) {
        fake.reset();
        fake.setAllowlist([server.origin]);
        fake.setBehaviour(behaviour);
        const page = await open('our-jira.html');
        try {
          await paste(page, TOKEN_LABEL, DC_TEST_TOKEN);
          await page.press('Tab');
          const v = await check(page);
          assert.equal(v.outcome, outcome, `${behaviour}: ${v.message}`);
          assert.match(v.message, words, behaviour);
          assertTokenPath(page, DC_TEST_TOKEN);
        } finally {
          await page.close();
        }
      }
      fake.reset();
    });

    test('an allowlist without this page: blocked by CORS, said exactly so, with where an admin adds the origin', T, async () => {
      fake.reset();
      const s = await open('our-jira.html');
      try {
        const other = makePat('someone else');
        await paste(s, TOKEN_LABEL, other);
        await s.press('Tab');
        const v = await check(s);
        assert.equal(v.outcome, 'blocked-by-browser', v.message);
        assert.match(v.message, /Administration \u2192 System \u2192 Allowlist/);
        assert.ok(v.message.includes(server.origin), `the page's origin is named: ${v.message}`);
        // The probe asked /status, with no token.
        const probe = s.fakeSaw().find((r) => r.url === '/jira/status');
        assert.ok(probe, 'the reachability probe asked /jira/status');
        assert.equal(probe.headers.authorization, undefined);
        assertTokenPath(s, other);
      } finally {
        await s.close();
      }
    });
  });
}
