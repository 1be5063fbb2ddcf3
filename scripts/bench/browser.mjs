// Debian's Chromium, headless, with nothing running in the background that could add noise or
// reach the network on its own.

import { chromium } from 'playwright-core';

import { CHROMIUM, QUIET_FLAGS } from '../../tests/e2e/harness.mjs';

export { CHROMIUM };

export const CHROMIUM_FLAGS = Object.freeze(['--headless', ...QUIET_FLAGS]);

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...CHROMIUM_FLAGS] });
}
