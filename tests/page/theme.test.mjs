// The theme attribute and the host page's colour scheme, and targets a thumb can hit (issue 13).
//
//   node --test tests/page/theme.test.mjs      (after `npm run build`)

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { GOOD, usePageStack, fill, inShadow, axe, assertClean } from './page-lib.mjs';

const stack = usePageStack();
const { openPage } = stack;

/** The scheme the element chose, what it looks like, and whether the host's :state(dark) holds. */
function look(page) {
  return page.evaluate(() => {
    const host = document.querySelector('tines-jira-credential');
    const root = host.shadowRoot;
    return {
      scheme: root.querySelector('.tjc').dataset.scheme,
      card: getComputedStyle(root.querySelector('.card')).backgroundColor,
      text: getComputedStyle(root.querySelector('.tjc')).color,
      state: host.matches(':state(dark)'),
    };
  });
}
const WHITE = 'rgb(255, 255, 255)';
const DARK_CARD = 'rgb(23, 26, 33)';

const setTheme = (page, value) =>
  page.evaluate((v) => {
    const el = document.querySelector('tines-jira-credential');
    if (v === null) el.removeAttribute('theme');
    else el.setAttribute('theme', v);
  }, value);

describe('theme', () => {
  test('a light docs page stays light with the system in dark mode (embed.html)', async () => {
    const { context, page, consoleMessages, pageErrors } = await openPage({ file: 'embed.html', colorScheme: 'dark' });
    try {
      assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), true, 'the system is dark');
      assert.equal(await page.evaluate(() => getComputedStyle(document.documentElement).colorScheme), 'light', 'the page says light');
      assert.deepEqual(await look(page), { scheme: 'light', card: WHITE, text: 'rgb(23, 25, 35)', state: false });
      // The page's accent (embed-example.css) is its light one: :state(dark) never held.
      assert.equal(await inShadow(page, (root) => getComputedStyle(root.querySelector('.tjc')).getPropertyValue('--tjc-accent').trim()), '#0b6e4f');
      await fill(page, GOOD);
      await assertClean(page, consoleMessages, pageErrors);
      assert.deepEqual(await axe(page), []);
    } finally {
      await context.close();
    }
  });

  test('a dark page makes the element dark with the system in light mode, and it follows the page\u2019s switch', async () => {
    const { context, page } = await openPage({ colorScheme: 'light' });
    try {
      assert.equal((await look(page)).scheme, 'light', 'index.html follows the system (color-scheme: light dark)');
      // The host page switches to dark, as a docs site's theme toggle does.
      await page.evaluate(() => document.documentElement.style.setProperty('color-scheme', 'dark'));
      await page.waitForFunction(() => document.querySelector('tines-jira-credential').shadowRoot.querySelector('.tjc').dataset.scheme === 'dark');
      assert.deepEqual(await look(page), { scheme: 'dark', card: DARK_CARD, text: 'rgb(231, 233, 238)', state: true });
      await fill(page, GOOD);
      assert.deepEqual(await axe(page), [], 'dark on a dark page');
      await page.evaluate(() => document.documentElement.style.setProperty('color-scheme', 'light'));
      await page.waitForFunction(() => document.querySelector('tines-jira-credential').shadowRoot.querySelector('.tjc').dataset.scheme === 'light');
    } finally {
      await context.close();
    }
  });

  test('theme="light", "dark" and "auto" (the default), each against both systems', async () => {
    for (const system of ['light', 'dark']) {
      const { context, page } = await openPage({ colorScheme: system });
      try {
        const other = system === 'light' ? 'dark' : 'light';
        assert.equal((await look(page)).scheme, system, 'no attribute: auto, and index.html leaves it to the system');
        await setTheme(page, other);
        assert.equal((await look(page)).scheme, other, `theme="${other}" on a ${system} system`);
        assert.equal((await look(page)).state, other === 'dark');
        await setTheme(page, system);
        assert.equal((await look(page)).scheme, system);
        await setTheme(page, 'auto');
        assert.equal((await look(page)).scheme, system, 'theme="auto"');
        // auto follows the system as it changes.
        await page.emulateMedia({ colorScheme: other });
        await page.waitForFunction((s) => document.querySelector('tines-jira-credential').shadowRoot.querySelector('.tjc').dataset.scheme === s, other);
        await setTheme(page, 'nonsense');
        assert.equal((await look(page)).scheme, other, 'an unknown value means auto');
      } finally {
        await context.close();
      }
    }
  });
});

describe('targets and text at 375 px', () => {
  test('every button and control is at least 24 \u00d7 24 CSS px, and no text is smaller than 12 px', async () => {
    const { context, page } = await openPage({ width: 375, height: 800 });
    try {
      await stack.answerAsJira(page, 'https://acme.atlassian.net/**');
      // Every state with controls in it: messages with a Use button, outputs, a result, the
      // Tines API section and the story's JSON open.
      await fill(page, { site: 'acme.atlasian.net', email: GOOD.email, token: GOOD.token, name: 'Jira Prod' });
      await page.locator('[data-suggestion]').first().waitFor();
      const measure = () =>
        inShadow(page, (root) => {
          const seen = (el) => el.checkVisibility({ visibilityProperty: true });
          const controls = [...root.querySelectorAll('button, input, textarea, select, summary, [role="tab"], a')]
            .filter(seen)
            // A link inside a sentence is exempt (WCAG 2.5.8, "inline").
            .filter((el) => !(el.tagName === 'A' && el.closest('p, li')))
            .map((el) => {
              const r = el.getBoundingClientRect();
              return { what: `${el.tagName.toLowerCase()}#${el.id || el.dataset.copy || el.textContent.trim().slice(0, 24)}`, w: r.width, h: r.height };
            });
          const small = [];
          const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
          for (let n = walker.nextNode(); n; n = walker.nextNode()) {
            const el = n.parentElement;
            if (!n.textContent.trim() || !el || !seen(el) || el.closest('.sr-only')) continue;
            const size = parseFloat(getComputedStyle(el).fontSize);
            if (size < 12) small.push(`${el.tagName.toLowerCase()}.${el.className}: ${size}px "${n.textContent.trim().slice(0, 30)}"`);
          }
          return { controls, small };
        });
      const first = await measure();
      await page.getByRole('button', { name: 'Use acme.atlassian.net' }).click();
      await page.locator('#check').click();
      await page.locator('[data-result][data-outcome="verified"]').waitFor();
      await page.locator('[data-api] > summary').click();
      // Every folded JSON open (the test story's; the daily story's once it has an address to
      // notify), so their controls count too.
      await fill(page, { tinesTenant: 'acme.tines.com', teamId: '12', notifyEmail: 'secops@acme.com' });
      for (const summary of await page.locator('details.more > summary').all()) await summary.click();
      const second = await measure();
      const all = [...first.controls, ...second.controls];
      assert.ok(all.length > 25, `measured ${all.length} controls`);
      const tooSmall = all.filter((c) => c.w < 24 || c.h < 24).map((c) => `${c.what}: ${c.w.toFixed(1)} \u00d7 ${c.h.toFixed(1)}`);
      assert.deepEqual([...new Set(tooSmall)], []);
      assert.deepEqual([...new Set([...first.small, ...second.small])], []);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth), 0, 'nothing scrolls sideways');
    } finally {
      await context.close();
    }
  });
});
