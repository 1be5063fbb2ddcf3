// The Tines side (issue 12), in the page: the token's expiry, the credential created with Tines'
// API, and the story that tests it inside Tines, downloaded and copied. Expected texts come from
// the module in Node.
//
//   node --test tests/page/tines.test.mjs      (after `npm run build`)

import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { GOOD, TOKEN, usePageStack, fill, inShadow, fieldMessages, axe, assertClean } from './page-lib.mjs';
import { waitForClipboard } from '../e2e/harness.mjs';
import { PAUSE_MS } from '../../www/element/timing.js';
import { IN_VIEW_LULL_MS } from '../../www/element/outputs.js';

const stack = usePageStack();
const { openPage } = stack;
const report = (values) => stack.api.buildCredential({ scoped: false, ...values });

/** "YYYY-MM-DD", `days` from today (the browser and Node run on the same clock). */
function inDays(days) {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

const expiryStep = (page) => inShadow(page, (root) => root.querySelector('[data-step-expiry]').textContent);

describe('the token\u2019s expiry', () => {
  test('a date feeds the walkthrough\u2019s expiry step; a past date is an error, a far one a warning, as the module says', async () => {
    const { context, page } = await openPage();
    try {
      await fill(page, GOOD);
      assert.match(await expiryStep(page), /expire within a year/);

      const soon = inDays(90);
      await fill(page, { expiresOn: soon });
      const expected = report({ ...GOOD, expiresOn: soon });
      assert.equal(expected.fields.expiresOn.ok, true);
      assert.ok(expected.outputs.expiresAt.startsWith(soon));
      assert.equal(
        await expiryStep(page),
        `In the Expiry notifications tab, set the expiry to ${soon}, the day the token expires, turn notifications on and add up to five recipients, people who can replace the token: Tines emails them 30, 7 and 1 days before.`,
      );
      // Said once, plainly: Jira will not warn Tines, the date is the only warning.
      const page_ = await inShadow(page, (root) => root.textContent);
      assert.equal(page_.split('the only warning there is').length - 1, 1);
      assert.match(page_, /Jira will not warn Tines when the token expires: this date is the only warning there is\./);
      assert.equal(await inShadow(page, (root) => root.querySelector('[data-step-expiry] time').dateTime), expected.outputs.expiresAt);
      assert.deepEqual(await fieldMessages(page, 'expiresOn'), []);

      for (const date of [inDays(-3), inDays(400)]) {
        await fill(page, { expiresOn: date });
        const field = report({ ...GOOD, expiresOn: date }).fields.expiresOn;
        const shown = await fieldMessages(page, 'expiresOn');
        assert.deepEqual(
          shown.map((m) => [m.severity, m.text]),
          field.diagnostics.filter((d) => d.severity !== 'info').map((d) => [d.severity, d.message]),
          `expiry ${date}`,
        );
        assert.ok(shown.length > 0, `${date} has something to say`);
      }
      assert.deepEqual(await axe(page), []);
    } finally {
      await context.close();
    }
  });
});

describe('create it with Tines\u2019 API', () => {
  test('collapsed until opened; once the tenant and team id are valid, both commands with Copy; an Atlassian host is refused', async () => {
    const { context, page, consoleMessages, pageErrors } = await openPage({ clipboard: 'grant' });
    try {
      await fill(page, { ...GOOD, expiresOn: inDays(30) });
      assert.equal(await page.locator('#tinesTenant').isVisible(), false, 'collapsed');
      await page.getByText('Create it with Tines\u2019 API').click();
      assert.equal(await page.locator('#tinesTenant').isVisible(), true);
      assert.equal(await page.locator('[data-api-commands]').isVisible(), false);
      assert.equal(await page.locator('#tinesTenant').getAttribute('placeholder'), 'e.g. acme.tines.com');

      await fill(page, { tinesTenant: 'acme.atlassian.net' });
      const refused = report({ ...GOOD, tinesTenant: 'acme.atlassian.net' }).fields.tinesTenant;
      assert.deepEqual((await fieldMessages(page, 'tinesTenant')).map((m) => m.text), refused.diagnostics.map((d) => d.message));
      assert.equal(refused.ok, false);

      // Enter moves from the tenant to the team id, and from there to the command's Copy button.
      const values = { ...GOOD, expiresOn: inDays(30), tinesTenant: 'https://acme.tines.com/home', teamId: '12' };
      await page.locator('#tinesTenant').fill(values.tinesTenant);
      await page.keyboard.press('Enter');
      assert.equal(await inShadow(page, (root) => root.activeElement.id), 'teamId');
      await page.keyboard.type(values.teamId);
      await page.keyboard.press('Enter');
      assert.equal(await inShadow(page, (root) => root.activeElement.dataset.copy), 'tinesApi');

      const built = stack.api.buildTinesApiCommands({ scoped: false, ...values });
      const commands = { tinesApi: built.curl, tinesApiPowershell: built.powershell };
      assert.ok(commands.tinesApi && commands.tinesApiPowershell);
      const shown = await inShadow(page, (root) => ({
        curl: root.getElementById('out-tinesApi').textContent,
        pwsh: root.getElementById('out-tinesApiPowershell').textContent,
        tenantNote: root.querySelector('#tinesTenant-msgs .diag')?.textContent ?? null,
      }));
      assert.equal(shown.curl, commands.tinesApi);
      assert.equal(shown.pwsh, commands.tinesApiPowershell);
      for (const key of ['tinesApi', 'tinesApiPowershell']) {
        await page.locator(`[data-copy="${key}"]`).click();
        await waitForClipboard(page, commands[key]);
        const text = commands[key];
        assert.ok(!text.includes(TOKEN), `${key} holds no token`);
      }
      await assertClean(page, consoleMessages, pageErrors);
      assert.deepEqual(await axe(page), [], 'axe with the section open');
    } finally {
      await context.close();
    }
  });
});

describe('test it in Tines', () => {
  test('the story downloads as the module\u2019s file, holding references and never the token or email; Copy copies it', async () => {
    const { context, page, consoleMessages, pageErrors } = await openPage({ clipboard: 'grant' });
    try {
      await fill(page, GOOD);
      const { outputs } = report(GOOD);
      const storyText = stack.api.buildStory({ scoped: false, ...GOOD });
      assert.equal(await inShadow(page, (root) => root.querySelector('[data-story-file]').textContent), outputs.storyFileName);

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the story' }).click()]);
      assert.equal(download.suggestedFilename(), outputs.storyFileName);
      assert.match(outputs.storyFileName, /\.json$/);
      const text = fs.readFileSync(await download.path(), 'utf8');
      assert.equal(text, storyText, 'the file is the module\u2019s story, byte for byte');
      const story = JSON.parse(text);
      for (const key of ['schema_version', 'name', 'description', 'agents', 'links', 'diagram_layout']) assert.ok(key in story, `the story has ${key}`);
      // Who the credential belongs to, then what it may do.
      assert.equal(story.agents.length, 2);
      for (const agent of story.agents) assert.equal(agent.type, 'Agents::HTTPRequestAgent');
      assert.equal(story.agents[0].options.url, `https://${outputs.references.domain}/rest/api/3/myself`);
      assert.match(story.agents[1].options.url, /\/rest\/api\/3\/mypermissions\?permissions=BROWSE_PROJECTS,/);
      assert.ok(!text.includes(TOKEN) && !text.includes(TOKEN.slice(6, 46)), 'no token in the file');
      assert.ok(!text.includes(GOOD.email), 'no email in clear text');
      assert.ok(!text.includes(Buffer.from(`${GOOD.email}:${TOKEN}`).toString('base64')));
      assert.ok(text.includes(outputs.references.value) && text.includes(outputs.references.username), 'references only');

      await page.locator('[data-copy="story"]').click();
      await waitForClipboard(page, storyText);
      await page.waitForFunction(() => /^Downloaded|^Copied/.test(document.querySelector('tines-jira-credential').shadowRoot.querySelector('[data-live]').textContent));

      await page.getByText('Show the story\u2019s JSON').click();
      assert.equal(await inShadow(page, (root) => root.getElementById('out-story').textContent), storyText);
      await assertClean(page, consoleMessages, pageErrors);
      assert.deepEqual(await axe(page), [], 'axe with the story open');
    } finally {
      await context.close();
    }
  });
});

describe('check it every day', () => {
  test('beside the test story: the address, time and zone typed give the module\u2019s daily story, downloaded and copied; the module\u2019s messages', async () => {
    const { context, page, consoleMessages, pageErrors } = await openPage({ clipboard: 'grant' });
    try {
      await fill(page, GOOD);
      const ready = () => inShadow(page, (root) => !root.querySelector('[data-daily-ready]').hidden);
      assert.equal(await ready(), false, 'no story without an address to notify');
      assert.equal(
        await page.locator('#timeZone').getAttribute('placeholder'),
        await page.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone),
        'the zone left empty is the person\u2019s own',
      );
      // A time that is not one: the module's message.
      await fill(page, { notifyEmail: 'secops@acme.com', checkTime: '25:00' });
      const wrong = report({ ...GOOD, notifyEmail: 'secops@acme.com', checkTime: '25:00' }).fields.checkTime;
      assert.deepEqual((await fieldMessages(page, 'checkTime')).map((m) => m.text), wrong.diagnostics.map((d) => d.message));
      assert.equal(await ready(), false);

      const values = { ...GOOD, notifyEmail: 'secops@acme.com', checkTime: '17:30', timeZone: 'Europe/Dublin' };
      await fill(page, { checkTime: values.checkTime, timeZone: values.timeZone });
      assert.equal(await ready(), true);
      const expected = stack.api.buildDailyStory({ scoped: false, ...values });
      const { outputs } = report(values);
      assert.equal(await inShadow(page, (root) => root.querySelector('[data-daily-file]').textContent), outputs.dailyStoryFileName);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the daily story' }).click()]);
      assert.equal(download.suggestedFilename(), outputs.dailyStoryFileName);
      const text = fs.readFileSync(await download.path(), 'utf8');
      assert.equal(text, expected, 'the file is the module\u2019s daily story, byte for byte');
      const story = JSON.parse(text);
      assert.deepEqual(story.agents[0].schedule, [{ cron: '30 17 * * *', timezone: 'Europe/Dublin' }]);
      assert.deepEqual(story.agents.map((a) => a.type), ['Agents::HTTPRequestAgent', 'Agents::TriggerAgent', 'Agents::EmailAgent']);
      assert.equal(story.agents[2].options.recipients, 'secops@acme.com');
      assert.ok(!text.includes(TOKEN) && !text.includes(GOOD.email), 'no token, no account email');

      await page.locator('[data-copy="daily"]').click();
      await waitForClipboard(page, expected);
      await page.getByText('Show the daily story\u2019s JSON').click();
      assert.equal(await inShadow(page, (root) => root.getElementById('out-daily').textContent), expected);
      // Enter moves through the daily inputs, then to the story's Copy button.
      await page.locator('#notifyEmail').focus();
      for (const next of ['checkTime', 'timeZone']) {
        await page.keyboard.press('Enter');
        assert.equal(await inShadow(page, (root) => root.activeElement.id), next);
      }
      await page.keyboard.press('Enter');
      assert.equal(await inShadow(page, (root) => root.activeElement.dataset.copy), 'daily');
      await assertClean(page, consoleMessages, pageErrors);
      assert.deepEqual(await axe(page), [], 'axe with the daily story open');
    } finally {
      await context.close();
    }
  });
});

/** The modules' calls the element makes, counted in the page (globalThis.__tjcCalls): each glue is
 *  served with each counted export wrapped. Fails if a glue no longer has one of them. */
const COUNTED_IN = {
  'tines_jira_credential.js': ['buildCredential'],
  'tines_jira_credential_live.js': ['buildCheckCommands', 'buildTinesApiCommands', 'buildStory'],
};
const COUNTED = Object.values(COUNTED_IN).flat();
async function countModuleCalls(context) {
  for (const [file, names] of Object.entries(COUNTED_IN)) {
    await context.route(`**/pkg/${file}`, async (route) => {
      const response = await route.fetch();
      let glue = await response.text();
      for (const name of names) {
        const at = `export function ${name}(`;
        assert.equal(glue.split(at).length, 2, `${file} exports ${name} once`);
        glue = glue.replace(
          at,
          `export function ${name}(...a){const c=(globalThis.__tjcCalls??={});c.${name}=(c.${name}??0)+1;return __counted_${name}(...a)}function __counted_${name}(`,
        );
      }
      await route.fulfill({ response, body: glue });
    });
  }
}

describe('built when needed', () => {
  test('a keystroke builds only the report; the check commands follow the site, email and route while in view after a lull in the typing, and once the typing pauses; the story and the Tines API commands are built only while shown, or when copied; every text is the module\u2019s for what is typed now', async () => {
    const { context, page, consoleMessages, pageErrors } = await openPage({ clipboard: 'grant', beforeGoto: countModuleCalls });
    const counts = () => page.evaluate(() => ({ ...globalThis.__tjcCalls }));
    /** How many times each counted call ran during `action`. */
    const during = async (action) => {
      const before = await counts();
      await action();
      const after = await counts();
      return Object.fromEntries(COUNTED.map((n) => [n, (after[n] ?? 0) - (before[n] ?? 0)]));
    };
    const values = async () => inShadow(page, (root) => Object.fromEntries(['site', 'email', 'token', 'name', 'expiresOn', 'tinesTenant', 'teamId'].map((f) => [f, root.getElementById(f).value])));
    const input = async () => ({ ...(await values()), scoped: await page.locator('#scoped').isChecked() });
    const shown = (key) => inShadow(page, (root, k) => root.getElementById(`out-${k}`).textContent, key);
    const assertCheckCommands = async (why) => {
      const expected = stack.api.buildCheckCommands(await input());
      for (const key of ['curl', 'powershell', 'windowsPowershell']) assert.equal(await shown(key), expected[key], `${key}: ${why}`);
    };
    /** Opens or closes the story's JSON as a script would, and waits for its toggle event. */
    const storyOpen = (open) =>
      inShadow(
        page,
        (root, o) => {
          const details = root.getElementById('out-story').closest('details');
          const toggled = new Promise((resolve) => details.addEventListener('toggle', resolve, { once: true }));
          details.open = o;
          return toggled.then(() => undefined);
        },
        open,
      );
    try {
      await fill(page, GOOD);
      assert.ok((await counts()).buildCredential > 0, 'the counting glue is the one the element uses');
      await assertCheckCommands('after filling the form');

      // The token, typed: one report per keystroke, nothing else.
      await page.locator('#token').fill(TOKEN.slice(0, -12));
      let n = await during(() => page.locator('#token').pressSequentially(TOKEN.slice(-12), { delay: 30 }));
      assert.ok(n.buildCredential >= 12, `a report per keystroke (${n.buildCredential})`);
      assert.deepEqual([n.buildCheckCommands, n.buildStory, n.buildTinesApiCommands], [0, 0, 0], 'the token builds no command and no story');

      // The name: the check commands are not made from it; the story is, but it is closed.
      n = await during(() => page.locator('#name').pressSequentially(' EU', { delay: 30 }));
      assert.deepEqual([n.buildCheckCommands, n.buildStory, n.buildTinesApiCommands], [0, 0, 0], 'the name rebuilds nothing shown');

      // The site and the route: the check commands follow, and show what the module builds now.
      // Out of view, typing in the site builds none of them; the pause builds them once.
      const terminal = page.locator('[data-terminal]');
      const inView = () => terminal.evaluate((t) => {
        const r = t.getBoundingClientRect();
        return r.bottom > 0 && r.top < innerHeight;
      });
      await page.locator('#site').fill('initech');
      assert.equal(await inView(), false, 'the terminal commands start out of view');
      n = await during(() => page.locator('#site').pressSequentially('-eu', { delay: 30 }));
      assert.equal(n.buildCheckCommands, 0, 'out of view, a keystroke in the site builds no check command');
      n = await during(() => page.waitForTimeout(PAUSE_MS + 300));
      assert.equal(n.buildCheckCommands, 1, 'the pause builds them once');
      await assertCheckCommands('after the pause');
      // In view, each new host rebuilds them at once.
      await terminal.scrollIntoViewIfNeeded();
      // The observer reports on the next frames.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
      await page.locator('#site').fill('glob');
      n = await during(() => page.locator('#site').pressSequentially('ex', { delay: 30 }));
      assert.equal(n.buildCheckCommands, 0, 'in view, a keystroke itself builds no check command');
      n = await during(() => page.waitForTimeout(IN_VIEW_LULL_MS + 200));
      assert.ok(IN_VIEW_LULL_MS + 200 < PAUSE_MS, 'the lull is well before the pause');
      assert.equal(n.buildCheckCommands, 1, 'in view, a lull in the typing rebuilds them once, before the pause');
      await assertCheckCommands('after typing in the site');
      n = await during(() => page.waitForTimeout(PAUSE_MS));
      assert.equal(n.buildCheckCommands, 0, 'the pause reuses what the lull built');
      n = await during(() => page.locator('#scoped').check());
      assert.equal(n.buildCheckCommands, 1, 'the route rebuilds them once');
      await assertCheckCommands('on the scoped route');

      // The story: built when opened, reused while unchanged, rebuilt while open as the name changes.
      n = await during(() => storyOpen(true));
      assert.equal(n.buildStory, 1);
      assert.equal(await shown('story'), stack.api.buildStory(await input()));
      await storyOpen(false);
      n = await during(() => storyOpen(true));
      assert.equal(n.buildStory, 0, 'reopened unchanged: reused');
      n = await during(() => page.locator('#name').pressSequentially(' 2', { delay: 30 }));
      assert.equal(n.buildStory, 1, 'open: a story per new name (a trailing space is trimmed, so it changes nothing)');
      assert.equal(await shown('story'), stack.api.buildStory(await input()));

      // Closed and changed, then copied: the copy is built for what is typed now, never stale.
      await storyOpen(false);
      await page.locator('#name').fill('Jira Staging');
      const expectedStory = stack.api.buildStory(await input());
      assert.ok(expectedStory.includes('jira_staging'));
      await page.locator('[data-copy="story"]').click();
      await waitForClipboard(page, expectedStory);

      // The Tines API commands: built while their section is open, not after it is closed.
      await page.getByText('Create it with Tines\u2019 API').click();
      await fill(page, { tinesTenant: 'acme.tines.com', teamId: '12' });
      const api = stack.api.buildTinesApiCommands(await input());
      assert.equal(await shown('tinesApi'), api.curl);
      assert.equal(await shown('tinesApiPowershell'), api.powershell);
      await page.getByText('Create it with Tines\u2019 API').click();
      n = await during(() => page.locator('#name').pressSequentially(' X', { delay: 30 }));
      assert.equal(n.buildTinesApiCommands, 0, 'closed: not built');
      n = await during(() => page.getByText('Create it with Tines\u2019 API').click());
      assert.equal(n.buildTinesApiCommands, 1, 'opened: built once');
      assert.equal(await shown('tinesApi'), stack.api.buildTinesApiCommands(await input()).curl);
      await assertClean(page, consoleMessages, pageErrors);
    } finally {
      await context.close();
    }
  });
});
