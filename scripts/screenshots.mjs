// Takes screenshots of the page's main states for people to look at, in either engine:
//   node scripts/screenshots.mjs [--engine chromium|firefox] [out-dir]
//     default engine chromium, default out-dir test-results/screenshots; needs npm run build.
//     Firefox needs root: it reaches the fake Jira through a front on 127.0.0.1:443 (tests/firefox/front.mjs).
// States: empty, errors shown, outputs shown, verified, blocked-by-browser and unreachable (against
// the fake Jira in tests/e2e/fake-jira.mjs), a pasted terminal answer, the Tines side (the API
// section and the story open), and Replace the token (verified, the same account), each in light and dark at 1280 px and 375 px wide; plus the embed
// example with the system dark, and the iframe. Chromium's are `<state>.png`, Firefox's
// `<state>-firefox.png` beside them (tests/engines.mjs, shotPath). Chromium's run also refreshes
// docs/screenshot.png, the README's one picture.

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const WWW = path.join(ROOT, 'www');
const { values: opts, positionals } = parseArgs({ options: { engine: { type: 'string', default: 'chromium' } }, allowPositionals: true });
const ENGINE = opts.engine;
const OUT = path.resolve(positionals[0] ?? path.join(ROOT, 'test-results', 'screenshots'));

if (!fs.existsSync(path.join(WWW, 'pkg', 'tines_jira_credential_bg.wasm'))) {
  console.error('www/pkg is missing: run `npm run build` first.');
  process.exit(1);
}

const lib = (p) => import(pathToFileURL(path.join(ROOT, p)).href);
const { serveStatic } = await lib('tests/e2e/harness.mjs');
const { startFakeJira, TEST_TOKEN } = await lib('tests/e2e/fake-jira.mjs');
const { DC_BASE, DC_HOST, DC_ORIGIN, DC_TEST_TOKEN } = await lib('tests/e2e/fake-data-center.mjs');
const { paste } = await lib('tests/engines.mjs');
const { startEngine, shotPath, ENGINE_NAMES } = await lib('tests/engines.mjs');

if (!ENGINE_NAMES.includes(ENGINE)) {
  console.error(`--engine ${ENGINE}: one of ${ENGINE_NAMES.join(', ')}`);
  process.exit(1);
}

const ERRORS = { site: 'acme.atlasian.net', email: 'jane@acme', token: 'Basic amFuZUBhY21lLmNvbQ==', name: ' ' };
const UNREACHABLE = 'unreachable-acme.atlassian.net';
const SERVE = ['acme.atlassian.net', 'nocors.atlassian.net', 'api.atlassian.com', DC_HOST];
/** A docs page set up for its own Jira Data Center (the README's "Jira Data Center and Server"). */
const DC_PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; connect-src 'self' ${DC_ORIGIN}; img-src 'self' data:">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Connect Tines to our Jira</title>
<link rel="icon" href="favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="page.css">
<script type="module" src="pkg/tines-jira-credential.js"></script></head>
<body><main class="page"><tines-jira-credential deployment="data-center" data-center-origin="${DC_ORIGIN}" name="Jira DC"></tines-jira-credential></main></body></html>`;
const TRANSCRIPT = [
  "Enter host password for user 'jane@acme.com':",
  'HTTP/2 200 ',
  'content-type: application/json;charset=UTF-8',
  '',
  JSON.stringify({ accountId: '5b10ac8d82e05b22cc7d4ef5', accountType: 'atlassian', emailAddress: 'jane@acme.com', displayName: 'Jane Doe', active: true }),
].join('\n');
/** The Metadata of the credential to replace, as copied from Tines: Jane's (fake-jira.mjs). */
const CREDENTIAL_METADATA = JSON.stringify({ domain: 'acme.atlassian.net', username: 'jane@acme.com', account_id: '5b10ac8d82e05b22cc7d4ef5' }, null, 2);
const BOARD_URL = 'https://acme.atlassian.net/jira/software/projects/OPS/boards/12?selectedIssue=OPS-7';

/** Sets each field as a person leaves it (focus, value, input, blur), then lets the checks show. */
async function fill(s, values) {
  await s.inShadow((root, vals) => {
    for (const [id, v] of Object.entries(vals)) {
      const el = root.getElementById(id);
      el.focus();
      el.value = v;
      el.dispatchEvent(new Event('input', { bubbles: true, composed: true }));
      el.blur();
    }
  }, values);
  await new Promise((r) => setTimeout(r, 250));
}

/** Waits for the element's transitions, so a screenshot shows the end state. */
function settled(s) {
  return s.evaluate(() => Promise.all((document.querySelector('tines-jira-credential')?.shadowRoot.getAnimations() ?? []).map((a) => a.finished.catch(() => {}))));
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  // www as it is, and a Data Center docs page beside it (the server serves nothing outside its folder).
  const site = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-shots-'));
  fs.cpSync(WWW, site, { recursive: true });
  fs.writeFileSync(path.join(site, 'our-jira.html'), DC_PAGE);
  const server = await serveStatic(site);
  const fake = await startFakeJira();
  fake.setAllowlist([server.origin]);
  const shots = [];
  let engine;

  const shoot = async (s, name, options = {}) => {
    await settled(s);
    const file = shotPath(OUT, name, ENGINE);
    await s.screenshot(file, options);
    shots.push(file);
  };

  try {
    for (const scheme of ['light', 'dark']) {
      engine = await startEngine(ENGINE, { fake, serve: SERVE, unreachable: [UNREACHABLE], colorScheme: scheme });
      for (const width of [1280, 375]) {
        const s = await engine.newSession({ viewport: { width, height: 900, deviceScaleFactor: width === 375 ? 2 : 1 } });
        const suffix = `${scheme}-${width}`;
        const open = async () => {
          await s.goto(`${server.url}/index.html`);
          await s.ready();
        };
        const check = async () => {
          await s.click({ css: '#check' });
          await s.waitForShadow('[data-result][data-outcome]:not([hidden])', { timeout: 20_000 });
        };

        await open();
        await shoot(s, `01-empty-${suffix}`);

        await fill(s, ERRORS);
        await shoot(s, `02-errors-${suffix}`);

        await open();
        await fill(s, { site: BOARD_URL, email: 'jane@acme.com', token: TEST_TOKEN, name: 'Jira Prod' });
        await shoot(s, `03-outputs-${suffix}`);

        await open();
        await fill(s, { site: 'acme.atlassian.net', email: 'jane@acme.com', token: TEST_TOKEN, name: 'Jira' });
        await check();
        await shoot(s, `04-verified-${suffix}`);
        if (ENGINE === 'chromium' && scheme === 'light' && width === 1280) {
          // The README's picture, one engine's: the header, the form and the verified result.
          await s.setViewport({ width: 1100, height: 900 });
          const bottom = await s.inShadow((root) => root.querySelectorAll('section.card')[1].getBoundingClientRect().bottom + window.scrollY);
          await s.setViewport({ width: 1100, height: Math.ceil(bottom + 32) });
          await s.evaluate(() => window.scrollTo(0, 0));
          await s.screenshot(path.join(ROOT, 'docs', 'screenshot.png'), { fullPage: false });
          await s.setViewport({ width, height: 900 });
        }

        await open();
        await fill(s, { site: 'nocors.atlassian.net', email: 'jane@acme.com', token: TEST_TOKEN, name: 'Jira' });
        await check();
        await shoot(s, `05-blocked-by-browser-${suffix}`);

        await open();
        await fill(s, { site: UNREACHABLE, email: 'jane@acme.com', token: TEST_TOKEN, name: 'Jira' });
        await check();
        await shoot(s, `06-unreachable-${suffix}`);

        await open();
        await fill(s, { site: 'acme.atlassian.net', email: 'jane@acme.com', name: 'Jira Prod' });
        await fill(s, { transcript: TRANSCRIPT });
        await s.waitForShadow('[data-transcript-result][data-outcome]:not([hidden])');
        await shoot(s, `07-pasted-answer-${suffix}`);

        await s.click({ css: '[data-api] > summary' });
        await s.click({ css: '[data-story] details.more > summary' });
        await fill(s, { expiresOn: '2027-03-01', tinesTenant: 'acme.tines.com', teamId: '12' });
        await shoot(s, `08-tines-side-${suffix}`);

        // The second job: a new token for last year's credential, proven to be its account's.
        await open();
        await s.click({ css: 'input[value="replace"]' });
        await fill(s, { site: 'acme.atlassian.net', email: 'jane@acme.com', token: TEST_TOKEN, name: 'Jira Prod', credentialAccount: CREDENTIAL_METADATA });
        await check();
        await fill(s, { expiresOn: '2027-11-30', tinesTenant: 'acme.tines.com', teamId: '12' });
        await shoot(s, `11-replace-the-token-${suffix}`);

        // Jira Data Center: the switch beside the site, the email gone, a personal access token.
        await open();
        await s.type({ label: 'Jira site' }, `${DC_BASE}/browse/OPS-12`);
        await s.press('Tab');
        await s.click({ css: 'input[name="deployment"][value="data-center"]' });
        await paste(s, { label: 'Personal access token' }, DC_TEST_TOKEN);
        await s.press('Tab');
        await new Promise((r) => setTimeout(r, 250));
        await shoot(s, `12-data-center-switch-${suffix}`, { fullPage: false });
        // A docs page set up for its Data Center: verified from the browser.
        await s.goto(`${server.url}/our-jira.html`);
        await s.ready();
        await fill(s, { site: DC_BASE, token: DC_TEST_TOKEN });
        await check();
        await s.inShadow((root) => root.querySelector('[data-result]').scrollIntoView({ block: 'start' }));
        await shoot(s, `13-data-center-verified-${suffix}`, { fullPage: false });
        await s.close();
      }

      if (scheme === 'dark') {
        // The light docs page with the system in dark mode: the element stays light.
        const s = await engine.newSession({ viewport: { width: 1280, height: 900 } });
        await s.goto(`${server.url}/embed.html`);
        await s.ready();
        await fill(s, { site: 'acme', email: 'jane@acme.com', token: TEST_TOKEN });
        await shoot(s, '09-embed-light-page-dark-system-1280');
        await s.goto(`${server.url}/iframe.html`);
        await s.waitFor(() => document.querySelector('iframe')?.contentDocument?.querySelector('tines-jira-credential')?.shadowRoot?.querySelector('.tjc:not([hidden])') != null, undefined, { timeout: 30_000 });
        await shoot(s, '10-iframe-1280', { fullPage: false });
        await s.close();
      }
      await engine.close();
      engine = null;
    }
  } finally {
    await engine?.close();
    await server.close();
    await fake.close();
    fs.rmSync(site, { recursive: true, force: true });
  }
  console.log(`${shots.length} screenshots in ${OUT} (${ENGINE})`);
}

await main();
