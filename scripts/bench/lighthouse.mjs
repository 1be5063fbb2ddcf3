// Lighthouse 12.2.3 (its CLI, default mobile profile with simulated throttling) against the page
// served like the deployment, driving Debian's Chromium. Scores are 0–100; performance moves
// with machine load, so it runs a few times and reports min / median / max.

import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { CHROMIUM, CHROMIUM_FLAGS } from './browser.mjs';
import { serveLikeDeployment } from './serve.mjs';
import { summarize } from './stats.mjs';
import { WWW } from './wasm-module.mjs';

const RUNS = 3;
const CATEGORIES = ['performance', 'accessibility', 'best-practices'];
/** The performance metrics behind the score (ms, except the unitless layout shift). */
const METRICS = ['first-contentful-paint', 'largest-contentful-paint', 'total-blocking-time', 'cumulative-layout-shift'];
const LIGHTHOUSE_CLI = createRequire(import.meta.url).resolve('lighthouse/cli/index.js');

export async function measureLighthouse() {
  const server = await serveLikeDeployment(WWW);
  const runs = [];
  try {
    for (let run = 0; run < RUNS; run++) runs.push(await lighthouseOnce(`${server.origin}/index.html`));
  } finally {
    await server.close();
  }
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, summarize(runs.map((r) => r.scores[c]))]));
  const metrics = Object.fromEntries(METRICS.map((m) => [m, summarize(runs.map((r) => r.metrics[m]))]));
  return { version: runs[0].version, runs: RUNS, scores, metrics, failedAudits: [...new Set(runs.flatMap((r) => r.failedAudits))] };
}

async function lighthouseOnce(url) {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [
      LIGHTHOUSE_CLI,
      url,
      '--quiet',
      '--output=json',
      '--output-path=stdout',
      `--only-categories=${CATEGORIES.join(',')}`,
      `--chrome-flags=${CHROMIUM_FLAGS.join(' ')}`,
    ],
    { env: { ...process.env, CHROME_PATH: CHROMIUM }, maxBuffer: 64 * 1024 * 1024 },
  );
  const report = JSON.parse(stdout);
  if (report.runtimeError) throw new Error(`Lighthouse: ${report.runtimeError.code} ${report.runtimeError.message}`);
  const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(report.categories[c].score * 100)]));
  // The audits that cost points, so that a score below 100 says why.
  const failedAudits = CATEGORIES.flatMap((c) =>
    report.categories[c].auditRefs
      .filter((ref) => ref.weight > 0 && report.audits[ref.id].score !== null && report.audits[ref.id].score < 0.9)
      .map((ref) => `${c}: ${ref.id}`),
  );
  const metrics = Object.fromEntries(METRICS.map((m) => [m, report.audits[m].numericValue]));
  return { version: report.lighthouseVersion, scores, metrics, failedAudits };
}
