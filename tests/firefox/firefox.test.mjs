// The browser scenarios (tests/e2e/browser.scenarios.mjs) in a second engine: Debian's Firefox ESR,
// driven by puppeteer-core over WebDriver BiDi, against the fake Jira (tests/e2e/fake-jira.mjs).
// tests/e2e/browser.test.mjs runs the same file in Chromium.
//
//   node --test tests/firefox/                      Firefox ESR (needs root: the fake is on :443)
//   ENGINE=chromium node --test tests/firefox/      the same scenarios in Chromium

import { browserScenarios } from '../e2e/browser.scenarios.mjs';
import { dataCenterScenarios } from '../e2e/data-center.scenarios.mjs';

const engine = process.env.ENGINE || 'firefox';
dataCenterScenarios(engine, browserScenarios(engine));
