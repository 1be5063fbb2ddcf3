// The browser scenarios (browser.scenarios.mjs) in Debian's Chromium; tests/firefox/firefox.test.mjs
// runs the same file in Firefox ESR.
//
//   node --test tests/e2e/browser.test.mjs      (after `npm run build`)

import { browserScenarios } from './browser.scenarios.mjs';

browserScenarios(process.env.ENGINE || 'chromium');
