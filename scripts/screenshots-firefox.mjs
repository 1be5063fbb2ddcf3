// The page's main states in Firefox ESR, next to Chromium's for people to compare:
//   node scripts/screenshots-firefox.mjs [out-dir]   (default test-results/screenshots; needs npm run build,
//                                                     and root: the fake Jira is reached on 127.0.0.1:443)
// Same states and names as scripts/screenshots.mjs, with a -firefox suffix:
//   01-empty, 02-errors, 03-outputs, 04-verified, 05-blocked-by-browser, each light and dark, at 1280 px
//   and at 360 px wide; 06-embed-light-1280. Dark is a second Firefox with the content colour scheme
//   set to dark (WebDriver BiDi has no prefers-color-scheme emulation). Writes nothing else.

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

const lib = (p) => import(pathToFileURL(path.join(ROOT, p)).href);
const { serveStatic } = await lib('tests/e2e/harness.mjs');
const { startFakeJira, TEST_TOKEN } = await lib('tests/e2e/fake-jira.mjs');
const { startFront } = await lib('tests/firefox/front.mjs');
const { launchFirefox } = await lib('tests/firefox/engine-firefox.mjs');

const ERRORS = { site: 'acme.atlasian.net', email: 'Jane Doe <jane@acme.com>', token: 'Basic amFuZUBhY21lLmNvbQ==', name: 'Jira' };
const BOARD_URL = 'https://acme.atlassian.net/jira/software/projects/OPS/boards/12?selectedIssue=OPS-7';
const S = 'tines-jira-credential >>> ';

async function ready(page) {
  await page.waitForFunction(
    () => {
      const host = document.querySelector('tines-jira-credential');
      return host?.hasAttribute('ready') && host.shadowRoot?.querySelector('.tjc:not([hidden])');
    },
    { timeout: 30_000, polling: 50 },
  );
}

/** Types each value (no delay), then blurs the field, as scripts/screenshots.mjs fills them. */
async function fill(page, values) {
  for (const [field, value] of Object.entries(values)) {
    const input = await page.$(`${S}#${field}`);
    await input.click();
    await page.keyboard.down('Control');
    await page.keyboard.press('a');
    await page.keyboard.up('Control');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(value);
    await input.evaluate((el) => el.blur());
  }
  await new Promise((r) => setTimeout(r, 250));
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const server = await serveStatic(WWW);
  const fake = await startFakeJira();
  const front = await startFront({ to: fake.port, serve: ['acme.atlassian.net', 'nocors.atlassian.net', 'api.atlassian.com'] });
  const shots = [];
  let browser;

  const shoot = async (page, name) => {
    const file = path.join(OUT, `${name}-firefox.png`);
    await page.screenshot({ path: file, fullPage: true });
    shots.push(file);
  };

  try {
    for (const scheme of ['light', 'dark']) {
      // 1 = light, 0 = dark: what about:preferences' "Website appearance" sets.
      browser = await launchFirefox({ prefs: { 'layout.css.prefers-color-scheme.content-override': scheme === 'dark' ? 0 : 1 } });
      for (const width of [1280, 360]) {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        await page.setViewport({ width, height: 900, deviceScaleFactor: width === 360 ? 2 : 1 });
        const suffix = `${scheme}-${width}`;
        const open = async () => {
          await page.goto(`${server.url}/index.html`);
          await ready(page);
        };
        const check = async () => {
          await (await page.$(`${S}#check`)).click();
          await page.waitForSelector(`${S}[data-result][data-outcome]:not([hidden])`, { timeout: 20_000 });
          // The result's fade-in, finished.
          await page.evaluate(() => Promise.all(document.querySelector('tines-jira-credential').shadowRoot.getAnimations().map((a) => a.finished.catch(() => {}))));
        };

        await open();
        await shoot(page, `01-empty-${suffix}`);

        await fill(page, ERRORS);
        await shoot(page, `02-errors-${suffix}`);

        await open();
        await fill(page, { site: BOARD_URL, email: 'jane@acme.com', token: TEST_TOKEN, name: 'Jira Prod' });
        await shoot(page, `03-outputs-${suffix}`);

        await open();
        await fill(page, { site: 'acme.atlassian.net', email: 'jane@acme.com', token: TEST_TOKEN, name: 'Jira' });
        await check();
        await shoot(page, `04-verified-${suffix}`);

        await open();
        await fill(page, { site: 'nocors.atlassian.net', email: 'jane@acme.com', token: TEST_TOKEN, name: 'Jira' });
        await check();
        await shoot(page, `05-blocked-by-browser-${suffix}`);
        await context.close();
      }
      if (scheme === 'light') {
        const context = await browser.createBrowserContext();
        const page = await context.newPage();
        await page.setViewport({ width: 1280, height: 900 });
        await page.goto(`${server.url}/embed.html`);
        await ready(page);
        await fill(page, { site: 'acme', email: 'jane@acme.com', token: TEST_TOKEN });
        await shoot(page, '06-embed-light-1280');
        await context.close();
      }
      await browser.close();
      browser = null;
    }
  } finally {
    await browser?.close();
    await front.close();
    await server.close();
    await fake.close();
  }
  console.log(`${shots.length} screenshots in ${OUT} (Firefox ESR; Chromium's are the same names without -firefox)`);
}

await main();
