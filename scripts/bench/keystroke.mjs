// Per keystroke: what the element runs on each input event, on a fully filled-in form, call by
// call, in Node and inside a page in headless Chromium:
//   report         — a keystroke in any field: buildCredential alone (the first module). Since
//                    issue 37 no keystroke builds the check commands, in view or not;
//   check commands — what follows a lull in the typing (the commands in view) or the pause (out
//                    of view) in the site or the email: the second module's buildCheckCommands,
//                    once, off the keystroke.
// In Chromium also `cold`: the first calls on the page, timed from the very first (before V8 has
// tiered the module up), as a person's first keystrokes are.
// The story and the Tines API commands are built only while their sections are open (or on a
// copy), so neither is in a keystroke's figure.
// In the page, timers are only fine-grained when it is cross-origin isolated (otherwise Chromium
// rounds performance.now() to 100 µs), so the page is served with COOP and COEP for this.

import { launchChromium } from './browser.mjs';
import { FULL_INPUT } from './inputs.mjs';
import { serveLikeDeployment } from './serve.mjs';
import { summarize } from './stats.mjs';
import { WWW, assertBuildsCredential } from './wasm-module.mjs';

const RUNS = 5;
const CALLS = 3_000;
// Untimed calls before the runs: enough for V8 to have tiered the module's hot functions up from
// its baseline compiler. With 500 (until issue 37's last stop) the first of the five runs took the
// tier-up and its p99 was the outlier of every bench (8 pages: 90–150 µs against 45–95 for the
// other runs); with 3,000 it is 60–80 µs, like the rest. What a fresh page's keystrokes cost
// before that is measured apart: `cold`.
const WARMUP = 3_000;
/** A fresh page's first keystrokes, timed from the first: about a session's typing. */
const COLD_CALLS = 300;

/**
 * Times `calls` keystrokes of each kind after `warmup` untimed ones; returns
 * { report: { median, p99 }, checkCommands: { median, p99 } } in microseconds.
 * Self-contained (no outer names), because it is also sent into the page as source text.
 */
function timeCalls(api, live, input, warmup, calls) {
  const kinds = {
    report: () => api.buildCredential(input),
    checkCommands: () => live.buildCheckCommands(input),
  };
  const result = {};
  for (const [kind, keystroke] of Object.entries(kinds)) {
    for (let i = 0; i < warmup; i++) keystroke();
    const samples = new Float64Array(calls);
    for (let i = 0; i < calls; i++) {
      const start = performance.now();
      keystroke();
      samples[i] = (performance.now() - start) * 1000;
    }
    samples.sort();
    result[kind] = { median: samples[calls >> 1], p99: samples[Math.floor(calls * 0.99)] };
  }
  return result;
}

export async function measureKeystrokeNode(api) {
  assertBuildsCredential(api.buildCredential, FULL_INPUT);
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(timeCalls(api, api, FULL_INPUT, WARMUP, CALLS));
  return summarizeRuns(runs);
}

export async function measureKeystrokeChromium() {
  const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  const server = await serveLikeDeployment(WWW, { headers: isolation });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/index.html`);
    // The page's own start-up (the element's first check, the second module fetched and compiled
    // in the background) is over before the first timed call: start-up is measured apart, and
    // its compiles on the other core made the first run's p99 some ten times the others'.
    await page.waitForFunction(() => document.querySelector('tines-jira-credential')?.hasAttribute('ready'));
    await page.waitForTimeout(1000);
    await page.evaluate(() => new Promise((resolve) => requestIdleCallback(resolve, { timeout: 2000 })));
    const runs = await page.evaluate(`(async () => {
      if (!crossOriginIsolated) throw new Error('the page is not cross-origin isolated: timings would be 100 µs coarse');
      const module = await import('${server.origin}/pkg/tines_jira_credential.js');
      await module.default();
      const live = await import('${server.origin}/pkg/tines_jira_credential_live.js');
      await live.default();
      const input = ${JSON.stringify(FULL_INPUT)};
      const assertBuildsCredential = ${assertBuildsCredential};
      assertBuildsCredential(module.buildCredential, input);
      const timeCalls = ${timeCalls};
      const cold = timeCalls(module, live, input, 0, ${COLD_CALLS});
      const runs = [];
      for (let run = 0; run < ${RUNS}; run++) runs.push(timeCalls(module, live, input, ${WARMUP}, ${CALLS}));
      return { cold, runs };
    })()`);
    return { ...summarizeRuns(runs.runs), cold: { ...runs.cold, calls: COLD_CALLS } };
  } finally {
    await browser.close();
    await server.close();
  }
}

function summarizeRuns(runs) {
  const of = (kind) => ({ median: summarize(runs.map((r) => r[kind].median)), p99: summarize(runs.map((r) => r[kind].p99)) });
  return { ...of('report'), checkCommands: of('checkCommands'), calls: CALLS };
}
