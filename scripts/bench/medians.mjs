// The medians across several runs of npm run bench, for the figures issue 28 sets goals for:
//
//   node scripts/bench/medians.mjs target/bench/*.json
//   node scripts/bench/medians.mjs target/bench/2026-12-06T18-*.json
//
// Each file is one run's JSON (run.mjs writes target/bench/<date and time>.json). For each figure
// it prints each run's own figure (that run's median, or for the keystroke p99 its worst run),
// then the median of those, and the goal with ✓ or ✗ for that median (for the keystroke p99, the
// goal holds "in every run": it is judged on the worst of all). A figure a run did not measure
// (its section failed, or a file from before the figure existed) shows as "—" and is left out.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { GOALS } from './goals.mjs';
import { median } from './stats.mjs';

const int = (v) => Math.round(v).toLocaleString('en-US');
const ms = (v) => `${Math.round(v)}`;
const signedMs = (v) => {
  const r = Math.round(v);
  return `${r > 0 ? '+' : r < 0 ? '\u2212' : '\u00b1'}${Math.abs(r)}`;
};
const times = (v) => `${v.toFixed(2)}×`;
const us = (v) => v.toFixed(1);

/** [label, value of one run (or undefined), format, goal ({ limit, unit } judged ≤, or a note), judge on: 'median' | 'max'] */
const FIGURES = [
  ['first module\u2019s wasm, gzip -9, B', (r) => r.weight?.wasm?.gzip, int, { limit: 45_000, format: (v) => `${int(v)} B` }],
  ['first load, every file, gzip -9, B', (r) => r.weight?.total?.gzip, int, { limit: 70_000, format: (v) => `${int(v)} B` }],
  ['first load, every file, Brotli 11, B', (r) => r.weight?.total?.brotli, int, null],
  ['a person who checks, gzip -9, B', (r) => r.weight?.checker?.total?.gzip, int, { limit: 125_000, format: (v) => `${int(v)} B` }],
  ['keystroke p99, Chromium, worst run, µs', (r) => r.keystrokeChromium?.p99?.max, us, { limit: GOALS.keystrokeP99Us, format: (v) => `${v} µs`, on: 'max', note: 'in every run' }],
  ['a fresh page\'s first keystrokes, Chromium, p99, µs', (r) => r.keystrokeChromium?.cold?.report?.p99, us, null],
  ['the check commands, one build after a lull, Chromium, p99, µs', (r) => r.keystrokeChromium?.checkCommands?.p99?.median, us, null],
  ...engineFigures('startup', 'verdict', 'Chromium', GOALS.chromium),
  ...engineFigures('startupFirefox', 'verdictFirefox', 'Firefox ESR', GOALS.firefox),
];

function engineFigures(startup, verdict, where, goal) {
  return [
    [`${where}: ready ÷ bare page (ratio of medians)`, (r) => r[startup]?.ratio, times, { limit: 1.2, format: times }],
    [`${where}: bare page\u2019s load, ms`, (r) => r[startup]?.baselineMs?.median, ms, null],
    [`${where}: checks ready − bare load, ms`, (r) => r[startup]?.checksReadyMinusBareMs?.median, signedMs, { limit: goal.checksReadyMinusBareMs, format: (v) => `${v} ms` }],
    [`${where}: checks on screen − bare form on screen (both painted), ms`, (r) => r[startup]?.checksOnScreenMinusBareMs?.median, signedMs, null],
    [`${where}: form interactive − bare load, ms`, (r) => r[startup]?.interactive?.minusBareMs?.median, signedMs, null],
    [`${where}: form interactive ÷ bare load`, (r) => r[startup]?.interactive?.ratio?.median, times, { limit: GOALS.interactiveRatio, format: times }],
    [`${where}: form interactive ÷ the bare page's own first key`, (r) => r[startup]?.interactive?.ratioToBareTyped?.median, times, null],
    [`${where}: layout shift while the module arrives (worst load)`, (r) => r[startup]?.layoutShift?.max, (v) => v.toFixed(4), { limit: 0, format: (v) => `${v}`, on: 'max' }],
    [`${where}: the element bundle, parse and run, ms`, (r) => r[startup]?.breakdown?.elementScriptMs?.median, ms, null],
    [`${where}: the wasm arrived, ms from navigation`, (r) => r[startup]?.breakdown?.wasmArrivedMs?.median, ms, null],
    [`${where}: the wasm's compile after its bytes arrived, ms`, (r) => r[startup]?.breakdown?.wasmCompileAfterBytesMs?.median, ms, null],
    [`${where}: instantiate, ms`, (r) => r[startup]?.breakdown?.instantiateMs?.median, ms, null],
    [`${where}: the first call (the first report drawn), ms`, (r) => r[startup]?.breakdown?.firstCallMs?.median, ms, null],
    ...['style', 'layout', 'script'].map((what) => [`${where}: ${what} over the bare page, ms`, (r) => r[startup]?.breakdown?.[`${what}MinusBareMs`]?.median, signedMs, null]),
    [`${where}: click to verdict, this build, ms`, (r) => r[verdict]?.now?.median, ms, null],
    [`${where}: click to verdict, before the split, ms`, (r) => r[verdict]?.before?.median, ms, null],
    [`${where}: click to verdict, this − before, ms`, (r) => r[verdict]?.differenceMs ?? undefined, signedMs, { limit: GOALS.verdictSlowerByMs, format: (v) => `${v} ms`, note: 'slower than before' }],
  ];
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node scripts/bench/medians.mjs FILE... (the JSON of each run, e.g. target/bench/*.json)');
  process.exit(2);
}
const runs = files.map((file) => {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    console.error(`${file}: ${error.message}`);
    process.exit(2);
  }
});

const header = ['Figure', ...runs.map((r, i) => r.date?.slice(5, 16).replace('T', ' ') ?? path.basename(files[i])), 'Median', 'Goal'];
const rows = [];
for (const [label, pick, format, goal] of FIGURES) {
  const values = runs.map((r) => {
    const v = pick(r);
    return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
  });
  const present = values.filter((v) => v !== undefined);
  const mid = present.length ? median(present) : undefined;
  let verdict = '';
  if (goal && present.length) {
    const judged = goal.on === 'max' ? Math.max(...present) : mid;
    verdict = `≤ ${goal.format(goal.limit)}${goal.note ? ` ${goal.note}` : ''} ${judged <= goal.limit ? '✓' : '✗'}`;
  } else if (goal) verdict = `≤ ${goal.format(goal.limit)}`;
  rows.push([label, ...values.map((v) => (v === undefined ? '—' : format(v))), mid === undefined ? '—' : format(mid), verdict]);
}

console.log(`Medians across ${runs.length} run${runs.length === 1 ? '' : 's'} of npm run bench (each run's median; the median of those)\n`);
const widths = header.map((_, i) => Math.max(header[i].length, ...rows.map((r) => r[i].length)));
const line = (cells) => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('   ').trimEnd();
console.log(line(header));
console.log(widths.map((w) => '─'.repeat(w)).join('   '));
for (const r of rows) console.log(line(r));
const engines = runs.map((r) => `${r.startup?.engine ?? '?'} / ${r.startupFirefox?.engine ?? '?'}`);
console.log(`\nEngines: ${[...new Set(engines)].join('; ')}`);
if (runs.length < 3) console.log('Issue 28 asks for the medians of three runs: run npm run bench again.');
