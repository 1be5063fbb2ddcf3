// The browser scenarios (browser.scenarios.mjs, and Data Center's, data-center.scenarios.mjs) in
// Debian's Chromium; tests/firefox/firefox.test.mjs runs the same files in Firefox ESR.
//
//   node --test tests/e2e/browser.test.mjs      (after `npm run build`)

import { browserScenarios } from './browser.scenarios.mjs';
import { dataCenterScenarios } from './data-center.scenarios.mjs';

const engine = process.env.ENGINE || 'chromium';
dataCenterScenarios(engine, browserScenarios(engine));
