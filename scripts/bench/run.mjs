// npm run bench: every figure of issue 6 in one run, printed as one table and written to
// bench-results/latest.json and to target/bench/<date and time>.json (one file a run, so that runs
// can be compared: node scripts/bench/medians.mjs target/bench/*.json). Time figures are
// "median (min–max)" over repeated runs.
// Sections run one after another (never in parallel) so that they do not disturb each other.
// BENCH_BEFORE_WWW: a www/ built from before the two modules (scripts/bench.sh says how), for the
// click-to-verdict figures before and after the split.

import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { launchChromium } from './browser.mjs';
import { measureCheckSpeed } from './check-speed.mjs';
import { measureKeystrokeChromium, measureKeystrokeNode } from './keystroke.mjs';
import { measureLighthouse } from './lighthouse.mjs';
import { measureMemory } from './memory.mjs';
import { measureRelays } from './relays.mjs';
import { GOALS } from './goals.mjs';
import { measureStartup, measureStartupFirefox } from './startup.mjs';
import { BEFORE_COMMIT, beforeWww, measureClickToVerdict } from './verdict.mjs';
import { loadModule } from './wasm-module.mjs';
import { BUDGETS, measureFirstLoad, namedBreakdown } from './weight.mjs';

const RESULTS = new URL('../../bench-results/', import.meta.url);
/** One JSON file a run, named by its date and time (UTC). */
const RUNS_DIR = new URL('../../target/bench/', import.meta.url);

const module = await loadModule();
const results = { date: new Date().toISOString(), machine: await machine() };
const failures = [];

/** Runs one section; a failure is reported in the table and the exit code, not thrown. */
async function section(name, measure) {
  process.stderr.write(`  measuring ${name}…\n`);
  try {
    results[name] = await measure();
  } catch (error) {
    results[name] = { error: error.message };
    failures.push(name);
  }
}

await section('weight', measureFirstLoad);
await section('breakdown', async () => {
  await waitForOtherBuilds();
  return namedBreakdown('tines-jira-credential-page-typing');
});
await section('breakdownLive', async () => {
  await waitForOtherBuilds();
  return namedBreakdown('tines-jira-credential-page-live');
});
await section('checkSpeed', () => measureCheckSpeed(module.api));
await section('keystrokeNode', () => measureKeystrokeNode(module.api));
await section('keystrokeChromium', measureKeystrokeChromium);
await section('startup', measureStartup);
await section('startupFirefox', measureStartupFirefox);
const before = beforeWww();
if (before.missing) process.stderr.write(`  click to verdict before the split: not measured, ${before.missing}\n`);
await section('verdict', () => measureClickToVerdict('chromium', { before }));
await section('verdictFirefox', () => measureClickToVerdict('firefox', { before }));
await section('memory', async () => measureMemory(module));
await section('lighthouse', measureLighthouse);
await section('relays', measureRelays);

const json = `${JSON.stringify(results, null, 2)}\n`;
mkdirSync(RESULTS, { recursive: true });
writeFileSync(new URL('latest.json', RESULTS), json);
mkdirSync(RUNS_DIR, { recursive: true });
const runFile = `${results.date.slice(0, 19).replaceAll(':', '-')}Z.json`;
writeFileSync(new URL(runFile, RUNS_DIR), json);
printTable(tableRows(results));
console.log(`\nAll figures as JSON: bench-results/latest.json and target/bench/${runFile}`);
console.log('Medians across runs: node scripts/bench/medians.mjs target/bench/*.json');
if (failures.length) {
  console.error(`failed: ${failures.join(', ')}`);
  process.exitCode = 1;
}

// ---------------------------------------------------------------------------------------------
// The table

function tableRows(r) {
  const rows = [];
  const heading = (title) => rows.push([title]);
  const row = (measure, figure, against = '') => rows.push([`  ${measure}`, figure, against]);
  // The first line of the error, cut short: a compiler's whole output would widen every row.
  const failed = (key) => r[key].error && (row('failed', '', r[key].error.split('\n')[0].slice(0, 160)), true);

  heading('Weight: first visit of index.html, bytes raw / gzip -9 / Brotli 11');
  if (!failed('weight')) {
    const w = (f) => `${n(f.raw)} / ${n(f.gzip)} / ${n(f.brotli)}`;
    for (const f of r.weight.files) row(f.path + (f.status === 200 ? '' : ` (HTTP ${f.status})`), w(f));
    row(`first load, ${r.weight.files.length} files`, w(r.weight.total), budget(r.weight.total.gzip, BUDGETS.firstLoadGzip));
    row('first module\u2019s wasm alone', w(r.weight.wasm), budget(r.weight.wasm.gzip, BUDGETS.wasmGzip));
    for (const f of r.weight.checker.files.filter((f) => f.path.includes('_live'))) row(`then ${f.path}`, w(f));
    row('second module\u2019s wasm alone', w(r.weight.liveWasm), budget(r.weight.liveWasm.gzip, BUDGETS.liveWasmGzip));
    row(`a person who checks, ${r.weight.checker.files.length} files`, w(r.weight.checker.total), budget(r.weight.checker.total.gzip, BUDGETS.checkerGzip));
  }
  for (const [key, which] of [['breakdown', 'first'], ['breakdownLive', 'second']]) {
    heading(`What the ${which} module is made of: twiggy on the same build with its names kept, raw bytes`);
    if (failed(key) || !r[key]) continue;
    const b = r[key];
    if (b.note) row(b.note, '');
    const cut = (text) => (text.length > 60 ? `${text.slice(0, 59)}\u2026` : text);
    for (const c of b.byCrate ?? []) if (c.percent >= 0.5) row(`crate: ${cut(c.crate)}`, n(c.bytes), `${c.percent.toFixed(1)} %`);
    for (const t of b.top ?? []) row(`item: ${cut(t.item)}`, n(t.bytes), `${t.percent.toFixed(1)} %`);
    for (const d of b.retained ?? []) row(`keeps in: ${cut(d.item)}`, n(d.bytes), `${d.percent.toFixed(1)} % (twiggy dominators)`);
    for (const m of b.monos ?? []) row(`generic: ${cut(m.generic)}`, n(m.bytes), `${m.instances} copies, ~${n(m.bloat)} of it duplication`);
  }

  heading('Check speed in Node, checks/s: median (min–max)');
  if (!failed('checkSpeed')) {
    const c = r.checkSpeed;
    row(`module: site+email+token+name, ${c.inputs} inputs`, range(c.moduleChecksPerSecond, n), `${c.accepted.site}/${c.accepted.email}/${c.accepted.token}/${c.accepted.name} accepted`);
    row('validator: isFQDN+isEmail, same strings', range(c.validatorChecksPerSecond, n));
    row('ratio module ÷ validator (passes/s)', range(c.ratio, x), 'goal ≥ 1×');
    row('ratio, site+email only on both sides', range(c.siteEmailRatio, x), 'goal ≥ 1×');
  }

  heading('Per keystroke on full inputs, µs: median (min–max) of each run\'s median and p99');
  for (const [key, where] of [['keystrokeNode', 'Node'], ['keystrokeChromium', 'Chromium']]) {
    if (failed(key)) continue;
    row(`${where}, a keystroke, any field: median`, range(r[key].median, us), `buildCredential; ${r[key].median.runs} runs × ${n(r[key].calls)} calls`);
    const p99Goal = where === 'Chromium' ? meets(r[key].p99.max, GOALS.keystrokeP99Us, `≤ ${GOALS.keystrokeP99Us} µs in every run`) : '';
    row(`${where}, a keystroke, any field: p99`, range(r[key].p99, us), p99Goal);
    const cold = r[key].cold;
    if (cold) row(`${where}, a fresh page's first ${n(cold.calls)} keystrokes: median, p99`, `${us(cold.report.median)}, ${us(cold.report.p99)}`, 'before V8 has tiered up; no goal');
    if (!r[key].checkCommands) continue;
    row(`${where}, the check commands, once after a lull: median`, range(r[key].checkCommands.median, us), 'buildCheckCommands, off the keystroke');
    row(`${where}, the check commands, once after a lull: p99`, range(r[key].checkCommands.p99, us));
  }

  for (const [key, where, engine] of [['startup', 'Chromium', 'chromium'], ['startupFirefox', 'Firefox ESR', 'firefox']]) {
    heading(`Start-up in ${where}, ms from navigation: median (min–max)`);
    if (failed(key)) continue;
    const s = r[key];
    const goal = GOALS[engine];
    row('element ready (wasm in, first check shown)', range(s.readyMs, ms), `${s.loads} loads; signal: ${s.signal}`);
    row('same page, module import removed (form shown)', range(s.baselineMs, ms), `${s.loads} loads: "the bare page\u2019s load" below`);
    row('ratio of medians', `${s.ratio.toFixed(2)}×`, 'goal ≤ 1.20×');
    row('trial: ready without the page\u2019s preloads', range(s.noPreloads.readyMs, ms), `${s.noPreloads.ratio.toFixed(2)}× the bare page`);
    if (!s.interactive) continue; // a results file from before issue 28, part 5
    row('checks ready − the bare page\u2019s load', signedRange(s.checksReadyMinusBareMs), meets(s.checksReadyMinusBareMs.median, goal.checksReadyMinusBareMs, `≤ ${goal.checksReadyMinusBareMs} ms`));
    if (s.checksOnScreenMinusBareMs) row('  on screen: first frame with the checks − the bare page’s with its form', signedRange(s.checksOnScreenMinusBareMs), 'like for like: both painted');
    const i = s.interactive;
    row('form interactive (first key in #site lands)', range(i.typedMs, ms), `${s.loads} more loads; form shown at ${ms(i.visibleMs.median)} (in-page)`);
    if (i.driverIdleMs) row('  of which the driver, idle: focus to key', range(i.driverIdleMs, ms), 'the same steps on the loaded page');
    row('form interactive − the bare page\u2019s load', signedRange(i.minusBareMs), 'each load − the bare median');
    row('form interactive ÷ the bare page', range(i.ratio, x), meets(i.ratio.median, GOALS.interactiveRatio, `≤ ${GOALS.interactiveRatio.toFixed(2)}×`));
    if (i.bareTypedMs) row('  the bare page\u2019s own first key, and this ÷ that', `${range(i.bareTypedMs, ms)}; ${range(i.ratioToBareTyped, x)}`, 'like for like: the driver, the first layout and paint in both');
    if (!s.breakdown) continue; // a results file from before issue 37
    if (s.layoutShift) row('layout shift while the module arrives (CLS)', range(s.layoutShift, (v) => v.toFixed(4)), meets(s.layoutShift.max, GOALS.layoutShift, 'goal 0'));
    const b = s.breakdown;
    const part = (label, v, note = '') => v && row(label, signedRange(v), note);
    part('  where it goes: the element bundle, parse and run', b.elementScriptMs, 'tjc:element-evaluated − the bundle arrived');
    part('  the wasm arrived', b.wasmArrivedMs, 'from navigation');
    part('  the wasm\u2019s compile after its bytes arrived', b.wasmCompileAfterBytesMs, 'tjc:typing-compiled − the wasm arrived (streaming compiles while it loads)');
    part('  instantiate', b.instantiateMs, 'tjc:typing-instantiated − compiled and glue in');
    part('  the first call (the first report drawn)', b.firstCallMs, 'tjc:first-check − instantiated');
    part('  style, over the bare page', b.styleMinusBareMs, 'Performance.getMetrics');
    part('  layout, over the bare page', b.layoutMinusBareMs, 'Performance.getMetrics');
    part('  script, over the bare page', b.scriptMinusBareMs, 'Performance.getMetrics');
  }

  heading(`Click to verdict against the fake Jira over HTTPS, ms: median (min–max)`);
  for (const [key, where] of [['verdict', 'Chromium'], ['verdictFirefox', 'Firefox ESR']]) {
    if (failed(key)) continue;
    const v = r[key];
    const how = `${v.runs} runs; site, email typed at ${v.keyDelayMs} ms a key, token pasted, click ${v.pauseMs} ms later`;
    row(`${where}, this build`, range(v.now, ms), how + (v.retried ? `; ${v.retried} stalled load(s) run again` : ''));
    if (!v.before) {
      row(`${where}, before the split (${BEFORE_COMMIT})`, 'not measured', v.beforeMissing);
      continue;
    }
    row(`${where}, before the split (${BEFORE_COMMIT})`, range(v.before, ms), v.beforeWww);
    row(`${where}, this build − before (medians)`, signed(v.differenceMs), meets(v.differenceMs, GOALS.verdictSlowerByMs, `no slower than before, within ${GOALS.verdictSlowerByMs} ms`));
  }

  heading('Memory: wasm linear memory in Node, bytes');
  if (!failed('memory')) {
    const m = r.memory;
    row('before', n(m.initial));
    row(`after ${n(m.warmup)} warm-up calls`, n(m.afterWarmup));
    row(`after ${n(m.calls)} more calls`, n(m.afterCalls), m.afterCalls === m.afterWarmup ? 'no growth ✓' : `GREW by ${n(m.afterCalls - m.afterWarmup)} ✗`);
  }

  heading('Lighthouse: scores 0–100, median (min–max)');
  if (!failed('lighthouse')) {
    const l = r.lighthouse;
    const about = [`${l.runs} runs of Lighthouse ${l.version}, mobile profile`];
    for (const [category, score] of Object.entries(l.scores)) row(category, range(score, String), about.shift());
    const metric = l.metrics;
    row('FCP / LCP, ms', `${ms(metric['first-contentful-paint'].median)} / ${ms(metric['largest-contentful-paint'].median)}`);
    row('TBT ms / CLS', `${ms(metric['total-blocking-time'].median)} / ${metric['cumulative-layout-shift'].median.toFixed(3)}`);
    if (l.failedAudits.length) row('audits costing points', '', l.failedAudits.join(', '));
  }

  heading('Relays on loopback: req/s at a fixed concurrency; ms one at a time: median (min–max)');
  if (!failed('relays')) {
    const rel = r.relays;
    row('', '', `${rel.rounds} rounds of ${n(rel.requestsPerRound)} requests at ${rel.concurrency} at once, and ${n(rel.latencyRequestsPerRound)} one at a time`);
    for (const x of rel.rows) {
      const direct = x.name.startsWith('direct');
      row(`${x.name}: req/s`, range(x.perSecond, n), direct ? '' : `goal ≥ 1,000; ${x.errors} errors; leaked: ${x.leaked.join(', ') || 'none'}`);
      row(`${x.name}: p50 / p99 ms`, `${range(x.p50, us)} / ${range(x.p99, us)}`);
      if (!direct) row(`${x.name}: added p50 / p99 ms`, `${range(x.addedP50, us)} / ${range(x.addedP99, us)}`, 'goal ≤ 2 ms at p50');
    }
    row('token, Basic form or email in a relay log', rel.tokenInLogs.join(', ') || 'none');
  }
  return rows;
}

function printTable(rows) {
  const m = results.machine;
  console.log(`\ntines-jira-credential bench, ${results.date.slice(0, 16).replace('T', ' ')} UTC, ${m.cpus}× ${m.cpu}, Node ${m.node}, Chromium ${m.chromium}\n`);
  const widths = [0, 1, 2].map((i) => Math.max(...rows.filter((r) => r.length > 1).map((r) => (r[i] ?? '').length)));
  const line = (cells) => cells.map((c, i) => (i === 1 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('   ').trimEnd();
  console.log(line(['Measure', 'Figure', 'Against']));
  console.log(widths.map((w) => '─'.repeat(w)).join('   '));
  for (const r of rows) console.log(r.length === 1 ? r[0] : line(r));
}

/** "goal ≤ 30 ms ✓" or "goal ≤ 30 ms ✗": whether `value` is within `limit`. */
function meets(value, limit, goal) {
  return `goal ${goal} ${value <= limit ? '✓' : '✗'}`;
}
function signed(value) {
  const rounded = Math.round(value);
  return `${rounded > 0 ? '+' : rounded < 0 ? '\u2212' : '\u00b1'}${Math.abs(rounded)}`;
}
function signedRange(s) {
  return `${signed(s.median)} (${signed(s.min)} to ${signed(s.max)})`;
}
function budget(value, limit) {
  return value <= limit ? `≤ ${n(limit)} ✓` : `≤ ${n(limit)} ✗ OVER by ${n(value - limit)}`;
}
function range(s, format) {
  return `${format(s.median)} (${format(s.min)}–${format(s.max)})`;
}
function n(value) {
  return Math.round(value).toLocaleString('en-US');
}
function x(value) {
  return `${value.toFixed(2)}×`;
}
function us(value) {
  return value.toFixed(1);
}
function ms(value) {
  return value.toFixed(0);
}

/**
 * The breakdown builds the crate again (weight.mjs, namedBreakdown): on a shared working tree,
 * never while another build runs. Waits up to ten minutes for `cargo rustc` and `wasm-opt` to end.
 */
async function waitForOtherBuilds() {
  const running = () => {
    try {
      return execFileSync('pgrep', ['-f', 'cargo rustc|wasm-opt'], { encoding: 'utf8' }).trim();
    } catch {
      return ''; // pgrep exits 1 when nothing matches
    }
  };
  const deadline = Date.now() + 10 * 60_000;
  for (let said = false; running(); said = true) {
    if (Date.now() > deadline) throw new Error('another build kept running for ten minutes: no breakdown this time');
    if (!said) process.stderr.write('  waiting for another build (cargo rustc, wasm-opt) to end before the breakdown\u2026\n');
    await new Promise((resolve) => setTimeout(resolve, 5000));
  }
}

async function machine() {
  const browser = await launchChromium();
  const chromium = browser.version();
  await browser.close();
  return { cpu: os.cpus()[0]?.model ?? 'unknown CPU', cpus: os.cpus().length, node: process.version, chromium };
}
