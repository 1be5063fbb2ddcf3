// The token's path, beyond what every scenario in e2e.test.mjs already asserts: what the browser
// does with cookies the Jira host has in the jar (credentials: "omit"), hosts the page must refuse
// before any request, a relay attribute that points elsewhere, and what is left after a reload.
//
//   node --test tests/e2e/token-path.test.mjs      (after `npm run build`)

import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';

import { JANE } from './fake-jira.mjs';
import {
  startStack,
  openPage,
  ready,
  typeInputs,
  fieldValues,
  pressCheck,
  checkButton,
  inShadow,
  assertTokenPath,
  assertNothingStored,
  assertCspClean,
  screenshot,
  settle,
  TEST_TIMEOUT,
} from './e2e-lib.mjs';

const SITE = 'acme.atlassian.net';
let stack;

before(async () => {
  stack = await startStack({ extraHosts: ['jira.example.com', 'jira.acme.com'] });
});

after(async () => {
  await stack?.close();
});

describe('the token\u2019s path', () => {
  test('nothing goes anywhere while typing; the check sends a preflight and a GET for who and for what it may do, without cookies or Referer', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(stack);
    const { page, context } = session;
    try {
      // A session cookie for the Jira host in the browser's jar, as a signed-in person would have:
      // credentials: "omit" keeps it out of the check (and Jira's CORS answer allows no credentials).
      const planted = { name: 'tenant.session.token', value: 'person-session-cookie', domain: SITE, path: '/', secure: true, httpOnly: true, sameSite: 'None' };
      await context.addCookies([planted]);

      await typeInputs(page, { site: SITE, email: JANE.email, token: JANE.token });
      await page.waitForTimeout(400); // past the debounce: every check has run
      await settle(session.recorder);
      const origin = stack.server.origin;
      assert.deepEqual(
        session.recorder.requests.filter((r) => !r.url.startsWith(`${origin}/`)).map((r) => r.url),
        [],
        'while typing, the page asks nobody but its own origin',
      );
      assert.deepEqual(session.fakeSaw(), [], 'no request reached Jira while typing');

      const result = await pressCheck(page);
      assert.equal(result.outcome, 'verified');
      const log = session.fakeSaw();
      assert.deepEqual(log.map((r) => `${r.method} ${r.url.split('?')[0]}`), [
        'OPTIONS /rest/api/3/myself',
        'GET /rest/api/3/myself',
        'OPTIONS /rest/api/3/mypermissions',
        'GET /rest/api/3/mypermissions',
      ]);
      for (const r of log) {
        assert.equal(r.headers.cookie, undefined, `${r.method}: no cookie is sent`);
        assert.equal(r.headers.referer, undefined, `${r.method}: no Referer`);
      }
      for (const get of [log[1], log[3]]) {
        assert.deepEqual(Object.keys(get.headers).filter((h) => /^(authorization|cookie|referer)$/.test(h)), ['authorization']);
      }

      await assertTokenPath(session, { token: JANE.token, email: JANE.email, allowedHosts: [SITE], sentTo: [SITE] });
      await assertCspClean(session);
      // The jar holds the planted cookie and nothing else.
      assert.deepEqual((await context.cookies()).map((c) => c.name), [planted.name]);
    } finally {
      await session.close();
    }
  });

  for (const [site, why] of [
    ['jira.acme.com', 'a custom domain (outside connect-src)'],
    ['https://jira.example.com:8443/browse/OPS-1', 'a custom domain on another port'],
    ['https://jane@evil.example/', 'user-info in the URL'],
    ['localhost', 'localhost'],
    ['127.0.0.1', 'an IP literal'],
    ['acme.atlassian.net.evil.example', 'a look-alike host'],
  ]) {
    test(`a site the page may not contact (${why}: ${site}) is refused before any request`, { timeout: TEST_TIMEOUT }, async () => {
      const session = await openPage(stack);
      const { page } = session;
      try {
        await typeInputs(page, { site, email: JANE.email, token: JANE.token });
        await page.waitForTimeout(300);
        const siteResult = stack.api.checkSite(site);
        if (siteResult.ok) {
          // Accepted as a custom host: the check is offered, and answers without fetching.
          assert.equal(siteResult.kind, 'custom');
          const result = await pressCheck(page);
          assert.equal(result.outcome, 'blocked-by-browser');
          assert.match(result.message, /may only contact/);
        } else {
          assert.equal(await checkButton(page).isDisabled(), true, 'the check is not offered');
          const codes = await inShadow(page, (root) => [...root.querySelectorAll('#site-msgs .diag-error')].map((d) => d.dataset.code));
          assert.ok(codes.length > 0, 'the site field says why');
        }
        await settle(session.recorder);
        const origin = stack.server.origin;
        assert.deepEqual(
          session.recorder.requests.filter((r) => !r.url.startsWith(`${origin}/`)).map((r) => r.url),
          [],
          'the browser made no request beyond the page itself',
        );
        assert.deepEqual(session.fakeSaw(), [], 'nothing reached the fake');
        assert.equal(await field0(page), site, 'the field keeps what was typed');
        await assertTokenPath(session, { token: JANE.token, email: JANE.email, allowedHosts: [] });
        await assertCspClean(session);
      } finally {
        await session.close();
      }
    });
  }

  test('a relay attribute that points at another site is refused, and nothing is sent', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(stack);
    const { page } = session;
    try {
      for (const relay of ['https://evil.example/relay', '//evil.example/relay', '/\\evil.example/relay']) {
        await page.evaluate((value) => document.querySelector('tines-jira-credential').setAttribute('relay', value), relay);
        await typeInputs(page, { site: SITE, email: JANE.email, token: JANE.token });
        const result = await pressCheck(page);
        assert.notEqual(result.outcome, 'verified', `relay ${relay}`);
        assert.equal(result.tone, 'error', `relay ${relay} is refused as an error of the page`);
        assert.match(result.message, /relay/i);
      }
      await settle(session.recorder);
      assert.deepEqual(session.recorder.requestsTo('evil.example'), []);
      assert.deepEqual(session.fakeSaw(), [], 'nothing reached any host');
      await assertTokenPath(session, { token: JANE.token, email: JANE.email, allowedHosts: [] });
      await assertCspClean(session);
    } finally {
      await session.close();
    }
  });

  test('after a verified check, Reveal and a reload: the token is gone and nothing was stored', { timeout: TEST_TIMEOUT }, async () => {
    const session = await openPage(stack);
    const { page } = session;
    try {
      await typeInputs(page, { site: SITE, email: JANE.email, token: JANE.token });
      assert.equal((await pressCheck(page)).outcome, 'verified');
      // Revealed, the token is in the Value output and nowhere else in the markup.
      await page.getByRole('button', { name: 'Reveal the token' }).click();
      const where = await inShadow(page, (root, token) => [...root.querySelectorAll('*')].filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.includes(token))).map((el) => el.id), JANE.token);
      assert.deepEqual(where, ['out-value']);
      await page.getByRole('button', { name: 'Hide the token' }).click();
      await assertTokenPath(session, { token: JANE.token, email: JANE.email, allowedHosts: [SITE], sentTo: [SITE] });
      await assertNothingStored(session, JANE);

      await page.reload();
      await ready(page);
      assert.deepEqual(await fieldValues(page), { site: '', email: '', token: '', name: 'Jira', scoped: false }, 'nothing comes back after a reload');
      await assertNothingStored(session, JANE);
      await screenshot(page, 'e2e-27-after-reload');
    } finally {
      await session.close();
    }
  });
});

const field0 = (page) => page.getByLabel('Jira site', { exact: true }).inputValue();
