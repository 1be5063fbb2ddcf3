// The browser suite: js-api/page-live/tests/web.rs under wasm-bindgen-test in headless Chromium
// (driven by Debian's chromedriver), with the fake Jira Cloud running over
// HTTPS and Chromium's resolver pointing Atlassian's names at it.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { startFakeJira, SCOPED, TEST_TOKEN } from '../tests/e2e/fake-jira.mjs';
import { chromeArgs } from '../tests/e2e/harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const fake = await startFakeJira();
const dir = mkdtempSync(path.join(tmpdir(), 'tjc-webdriver-'));
const webdriverJson = path.join(dir, 'webdriver.json');
writeFileSync(
  webdriverJson,
  JSON.stringify({
    acceptInsecureCerts: true,
    'goog:chromeOptions': {
      binary: '/usr/bin/chromium',
      // The runner adds --headless, --no-sandbox and --disable-dev-shm-usage itself.
      // unreachable.atlassian.net resolves nowhere: the `unreachable` case (before the fake's
      // *.atlassian.net rule, so it wins).
      args: chromeArgs(fake.port, {
        headless: false,
        spki: fake.spki,
        ignoreCertificateErrors: true,
        extraMaps: ['MAP unreachable.atlassian.net ~NOTFOUND'],
      }).filter(
        (a) => a !== '--no-sandbox',
      ),
    },
  }),
);

const child = spawn(
  'cargo',
  // Both page modules' APIs in one test build (the live crate links the typing crate for its
  // tests): the browser suite calls the typing API and the live check alike.
  ['test', '-p', 'tines-jira-credential-page-live', '--target', 'wasm32-unknown-unknown', '--test', 'web', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
    env: {
      ...process.env,
      CHROMEDRIVER: process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver',
      WASM_BINDGEN_TEST_WEBDRIVER_JSON: webdriverJson,
      WASM_BINDGEN_TEST_TIMEOUT: process.env.WASM_BINDGEN_TEST_TIMEOUT ?? '120',
      // Read by the browser suite at compile time: the fake's known test accounts.
      FAKE_JIRA_TOKEN: TEST_TOKEN,
      FAKE_JIRA_SCOPED_EMAIL: SCOPED.email,
      FAKE_JIRA_SCOPED_TOKEN: SCOPED.token,
    },
  },
);
const code = await new Promise((resolve) => child.on('exit', (c, signal) => resolve(signal ? 1 : c)));
await fake.close();
rmSync(dir, { recursive: true, force: true });
process.exit(code);
