// Takes screenshots of the page's main states for people to look at:
//   node scripts/screenshots.mjs [out-dir]     (default test-results/screenshots; needs npm run build)
// States: empty, errors shown, outputs shown, verified, blocked-by-browser and unreachable (these
// talk to the fake Jira in tests/e2e/fake-jira.mjs, skipped when it is missing), a pasted terminal
// answer, and the Tines side (the API section and the story open), each in light and dark at
// 1280 px and 375 px wide; plus the embed example with the system dark, and the iframe. Also
// refreshes docs/screenshot.png.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT = path.resolve(process.argv[2] ?? path.join(ROOT, 'test-results', 'screenshots'));
const WWW = path.join(ROOT, 'www');

if (!fs.existsSync(path.join(WWW, 'pkg', 'tines_jira_credential_bg.wasm'))) {
  console.error('www/pkg is missing: run `npm run build` first.');
  process.exit(1);
}

const { serveStatic, launchBrowser, newContext, elementReady } = await import(pathToFileURL(path.join(ROOT, 'tests/e2e/harness.mjs')).href);
const fakePath = path.join(ROOT, 'tests/e2e/fake-jira.mjs');
const fakeModule = fs.existsSync(fakePath) ? await import(pathToFileURL(fakePath).href) : null;

const ERRORS = { site: 'acme.atlasian.net', email: 'jane@acme', token: 'Basic amFuZUBhY21lLmNvbQ==', name: ' ' };
const UNREACHABLE = 'unreachable-acme.atlassian.net';
const TRANSCRIPT = [
  "Enter host password for user 'jane@acme.com':",
  'HTTP/2 200 ',
  'content-type: application/json;charset=UTF-8',
  '',
  JSON.stringify({ accountId: '5b10ac8d82e05b22cc7d4ef5', accountType: 'atlassian', emailAddress: 'jane@acme.com', displayName: 'Jane Doe', active: true }),
].join('\n');
const BOARD_URL = 'https://acme.atlassian.net/jira/software/projects/OPS/boards/12?selectedIssue=OPS-7';

const ready = elementReady;

async function fill(page, values) {
  for (const [field, value] of Object.entries(values)) {
    await page.locator(`#${field}`).fill(value);
    await page.locator(`#${field}`).blur();
  }
  await page.waitForTimeout(250);
}

/** Waits for the element's transitions, so a screenshot shows the end state. */
async function settled(page) {
  await page.evaluate(() => Promise.all((document.querySelector('tines-jira-credential')?.shadowRoot.getAnimations() ?? []).map((a) => a.finished.catch(() => {}))));
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const server = await serveStatic(WWW);
  const fake = fakeModule ? await fakeModule.startFakeJira() : null;
  const browser = await launchBrowser(fake ? { fakePort: fake.port, extraMaps: [`MAP ${UNREACHABLE} ~NOTFOUND`] } : {});
  const token = fakeModule ? fakeModule.TEST_TOKEN : null;
  const shots = [];

  const shoot = async (page, name, options = {}) => {
    await settled(page);
    const file = path.join(OUT, `${name}.png`);
    await page.screenshot({ path: file, fullPage: true, ...options });
    shots.push(file);
  };

  try {
    for (const scheme of ['light', 'dark']) {
      for (const width of [1280, 375]) {
        const context = await newContext(browser, { colorScheme: scheme, viewport: { width, height: 900 }, deviceScaleFactor: width === 375 ? 2 : 1, acceptDownloads: false });
        const page = await context.newPage();
        const suffix = `${scheme}-${width}`;
        const open = async () => {
          await page.goto(`${server.url}/index.html`);
          await ready(page);
        };

        await open();
        await shoot(page, `01-empty-${suffix}`);

        await fill(page, ERRORS);
        await shoot(page, `02-errors-${suffix}`);

        await open();
        await fill(page, { site: BOARD_URL, email: 'jane@acme.com', token: token ?? 'ATATT3xFfGF0-example', name: 'Jira Prod' });
        await shoot(page, `03-outputs-${suffix}`);

        if (fake) {
          await open();
          await fill(page, { site: 'acme.atlassian.net', email: 'jane@acme.com', token, name: 'Jira' });
          await page.locator('#check').click();
          await page.locator('[data-result][data-outcome]').waitFor();
          await shoot(page, `04-verified-${suffix}`);
          if (scheme === 'light' && width === 1280) {
            fs.mkdirSync(path.join(ROOT, 'docs'), { recursive: true });
            // The README's picture: the header, the form and the verified result.
            await page.setViewportSize({ width: 1100, height: 900 });
            const bottom = await page.locator('section.card').nth(1).evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
            await page.setViewportSize({ width: 1100, height: Math.ceil(bottom + 32) });
            await page.evaluate(() => window.scrollTo(0, 0));
            await page.screenshot({ path: path.join(ROOT, 'docs', 'screenshot.png') });
            await page.setViewportSize({ width, height: 900 });
          }

          await open();
          await fill(page, { site: 'nocors.atlassian.net', email: 'jane@acme.com', token, name: 'Jira' });
          await page.locator('#check').click();
          await page.locator('[data-result][data-outcome]').waitFor();
          await shoot(page, `05-blocked-by-browser-${suffix}`);

          await open();
          await fill(page, { site: UNREACHABLE, email: 'jane@acme.com', token, name: 'Jira' });
          await page.locator('#check').click();
          await page.locator('[data-result][data-outcome]').waitFor();
          await shoot(page, `06-unreachable-${suffix}`);
        }

        await open();
        await fill(page, { site: 'acme.atlassian.net', email: 'jane@acme.com', name: 'Jira Prod' });
        await page.locator('#transcript').fill(TRANSCRIPT);
        await page.locator('[data-transcript-result][data-outcome]').waitFor();
        await shoot(page, `07-pasted-answer-${suffix}`);

        await page.locator('[data-api] > summary').click();
        await page.locator('details.more > summary').click();
        await fill(page, { expiresOn: '2027-03-01', tinesTenant: 'acme.tines.com', teamId: '12' });
        await shoot(page, `08-tines-side-${suffix}`);
        await context.close();
      }
    }

    // The light docs page with the system in dark mode: the element stays light.
    const context = await newContext(browser, { viewport: { width: 1280, height: 900 }, colorScheme: 'dark' });
    const page = await context.newPage();
    await page.goto(`${server.url}/embed.html`);
    await ready(page);
    await fill(page, { site: 'acme', email: 'jane@acme.com', token: token ?? 'ATATT3xFfGF0-example' });
    await shoot(page, '09-embed-light-page-dark-system-1280');
    await page.goto(`${server.url}/iframe.html`);
    await page.frameLocator('iframe').locator('tines-jira-credential .tjc:not([hidden])').waitFor();
    await shoot(page, '10-iframe-1280', { fullPage: false });
    await context.close();
  } finally {
    await browser.close();
    await server.close();
    await fake?.close();
  }
  if (!fake) console.log('tests/e2e/fake-jira.mjs is missing: skipped the verified and blocked-by-browser states.');
  console.log(`${shots.length} screenshots in ${OUT}`);
}

await main();
