// Per keystroke: what the element runs on each input event, on a fully filled-in form, call by
// call, in Node and inside a page in headless Chromium. Two kinds of keystroke:
//   report      — in the token, the name or any field the check commands are not made from:
//                 buildCredential alone;
//   site/email  — in the site or the email (or the route changes): buildCredential, then
//                 buildCheckCommands, since the check commands on show are made from them.
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
const WARMUP = 500;

/**
 * Times `calls` keystrokes of each kind after `warmup` untimed ones; returns
 * { report: { median, p99 }, siteOrEmail: { median, p99 } } in microseconds.
 * Self-contained (no outer names), because it is also sent into the page as source text.
 */
function timeCalls(api, input, warmup, calls) {
  const kinds = {
    report: () => api.buildCredential(input),
    siteOrEmail: () => {
      api.buildCredential(input);
      api.buildCheckCommands(input);
    },
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
  for (let run = 0; run < RUNS; run++) runs.push(timeCalls(api, FULL_INPUT, WARMUP, CALLS));
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
      for (let run = 0; run < ${RUNS}; run++) runs.push(timeCalls(module, input, ${WARMUP}, ${CALLS}));
      return runs;
    })()`);
    return summarizeRuns(runs);
  } finally {
    await browser.close();
    await server.close();
  }
}

function summarizeRuns(runs) {
  const of = (kind) => ({ median: summarize(runs.map((r) => r[kind].median)), p99: summarize(runs.map((r) => r[kind].p99)) });
  return { ...of('report'), siteOrEmail: of('siteOrEmail'), calls: CALLS };
}
