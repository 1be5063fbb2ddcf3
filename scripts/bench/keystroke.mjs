// Per keystroke: how long buildCredential takes on a fully filled-in form (what the element runs
// on each input event), call by call, in Node and inside a page in headless Chromium.
// In the page, timers are only fine-grained when it is cross-origin isolated (otherwise Chromium
// rounds performance.now() to 100 µs), so the page is served with COOP and COEP for this.

import { launchChromium } from './browser.mjs';
import { FULL_INPUT } from './inputs.mjs';
import { serveLikeDeployment } from './serve.mjs';
import { summarize } from './stats.mjs';
import { WWW, assertBuildsCredential } from './wasm-module.mjs';

const RUNS = 5;
const CALLS = 3_000;
const WARMUP = 500;

/**
 * Times `calls` calls after `warmup` untimed ones; returns { median, p99 } in microseconds.
 * Self-contained (no outer names), because it is also sent into the page as source text.
 */
function timeCalls(buildCredential, input, warmup, calls) {
  for (let i = 0; i < warmup; i++) buildCredential(input);
  const samples = new Float64Array(calls);
  for (let i = 0; i < calls; i++) {
    const start = performance.now();
    buildCredential(input);
    samples[i] = (performance.now() - start) * 1000;
  }
  samples.sort();
  return { median: samples[calls >> 1], p99: samples[Math.floor(calls * 0.99)] };
}

export async function measureKeystrokeNode(api) {
  assertBuildsCredential(api.buildCredential, FULL_INPUT);
  const runs = [];
  for (let run = 0; run < RUNS; run++) runs.push(timeCalls(api.buildCredential, FULL_INPUT, WARMUP, CALLS));
  return summarizeRuns(runs);
}

export async function measureKeystrokeChromium() {
  const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  const server = await serveLikeDeployment(WWW, { headers: isolation });
  const browser = await launchChromium();
  try {
    const page = await browser.newPage();
    await page.goto(`${server.origin}/index.html`);
    const runs = await page.evaluate(`(async () => {
      if (!crossOriginIsolated) throw new Error('the page is not cross-origin isolated: timings would be 100 µs coarse');
      const module = await import('${server.origin}/pkg/tines_jira_credential.js');
      await module.default();
      const input = ${JSON.stringify(FULL_INPUT)};
      const assertBuildsCredential = ${assertBuildsCredential};
      assertBuildsCredential(module.buildCredential, input);
      const timeCalls = ${timeCalls};
      const runs = [];
      for (let run = 0; run < ${RUNS}; run++) runs.push(timeCalls(module.buildCredential, input, ${WARMUP}, ${CALLS}));
      return runs;
    })()`);
    return summarizeRuns(runs);
  } finally {
    await browser.close();
    await server.close();
  }
}

function summarizeRuns(runs) {
  return { median: summarize(runs.map((r) => r.median)), p99: summarize(runs.map((r) => r.p99)), calls: CALLS };
}
