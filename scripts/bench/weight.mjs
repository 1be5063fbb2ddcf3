// Weight: every file the page loads on a first visit (found by loading it in Chromium, not by
// guessing from the HTML), raw and gzip -9, and twiggy's view of what is inside the wasm, by crate
// and by item, on a build that keeps its names.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from './browser.mjs';
import { serveLikeDeployment } from './serve.mjs';
import { PKG_LIVE_WASM, PKG_WASM, WWW, requireBuild } from './wasm-module.mjs';
import { brotli11, gzip9 } from '../precompress.mjs';

// The budgets, gzip -9, each set from what was measured with at most 2 % to spare; how each
// moved, and what the bytes bought, is in CHANGELOG.md. A change that outgrows one says what the
// bytes buy.
// - wasmGzip: the first module (typing: the checks and their sentences, the report);
// - liveWasmGzip: the second (the live check, the reader, every command, the stories, the
//   replacement);
// - firstLoadGzip: every file index.html fetches before anything is typed;
// - checkerGzip: everything a person who checks downloads (the first load and the second module).
export const BUDGETS = Object.freeze({ wasmGzip: 40_100, liveWasmGzip: 118_400, firstLoadGzip: 67_800, checkerGzip: 191_100 });

/**
 * Raw, gzip -9 and Brotli 11 sizes of one file. GNU gzip itself, fed on stdin (-n: no name or time
 * in the header), because Node's zlib at level 9 comes out about 1 % larger and the wasm budget is
 * tight; Brotli as scripts/precompress.mjs writes it.
 */
export function fileWeight(file) {
  const bytes = readFileSync(file);
  return { raw: bytes.length, gzip: gzip9(bytes).length, brotli: brotli11(bytes, !file.endsWith('.wasm')).length };
}

/** Adds up raw, gzip and Brotli sizes. */
function totalOf(files) {
  return files.reduce((sum, f) => ({ raw: sum.raw + f.raw, gzip: sum.gzip + f.gzip, brotli: sum.brotli + f.brotli }), { raw: 0, gzip: 0, brotli: 0 });
}

/**
 * Loads index.html in a fresh headless Chromium and weighs every file it asked for: before anything
 * is typed (`firstLoad`), and once the form can be checked (`checker`: the element then fetches the
 * second module in the background). Returns { files, total, wasm, liveWasm, checker: { files, total } }:
 * each file { path, status, raw, gzip, brotli }.
 */
export async function measureFirstLoad() {
  requireBuild();
  const server = await serveLikeDeployment(WWW);
  const browser = await launchChromium();
  const responses = new Map();
  let firstLoad;
  try {
    const page = await browser.newPage();
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.origin === server.origin) responses.set(url.pathname, response.status());
    });
    await page.goto(`${server.origin}/index.html`, { waitUntil: 'networkidle' });
    await page.locator('tines-jira-credential[ready]').waitFor();
    firstLoad = new Map(responses);
    // A person who checks: the site, email and token pass, and the second module comes.
    for (const [field, value] of [['site', 'acme'], ['email', 'jane@acme.com'], ['token', 'ATATT3xFfGF0Example']]) {
      await page.locator(`#${field}`).fill(value);
    }
    await page.waitForResponse((r) => r.url().endsWith('/pkg/tines_jira_credential_live_bg.wasm'), { timeout: 15_000 }).catch(() => {});
    await page.waitForLoadState('networkidle');
  } finally {
    await browser.close();
    await server.close();
  }
  const weigh = (map) => [...map].map(([urlPath, status]) => ({ path: urlPath.slice(1), status, ...fileWeight(path.join(WWW, urlPath)) }));
  const files = weigh(firstLoad);
  const checkerFiles = weigh(responses);
  return {
    files,
    total: totalOf(files),
    wasm: fileWeight(PKG_WASM),
    liveWasm: fileWeight(PKG_LIVE_WASM),
    checker: { files: checkerFiles, total: totalOf(checkerFiles) },
  };
}

function findTwiggy() {
  return [process.env.TWIGGY, path.join(os.homedir(), '.cargo/bin/twiggy')].find((p) => p && existsSync(p));
}

function parseCsvLine(line) {
  const cells = [];
  for (const match of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)) cells.push(match[1]?.replaceAll('""', '"') ?? match[2]);
  return cells;
}

/**
 * What one of the page's wasm modules is made of, by crate and by item, on a build that keeps its
 * names: the same cargo build of its face crate (js-api/page-typing or js-api/page-live),
 * wasm-bindgen and wasm-opt -Oz as the shipped file, with -g so that the name section stays (the
 * shipped file is stripped, so twiggy can only number its functions). Item sizes are within a few
 * per cent of the shipped file's, minus the name section itself.
 * Returns { crate, raw, byCrate: [{ crate, bytes, percent }], top, retained, monos, note? }.
 */
export function namedBreakdown(face = 'tines-jira-credential-page-typing') {
  const twiggy = findTwiggy();
  if (!twiggy) return { note: 'twiggy not installed (bash scripts/setup.sh --bench installs it): no breakdown by crate' };
  const root = path.resolve(WWW, '..');
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  const targetDir = JSON.parse(run('cargo', ['metadata', '--format-version', '1', '--no-deps'])).target_directory;
  // As scripts/build.sh builds the page's module (cdylib, so the profile's LTO applies).
  run('cargo', ['rustc', '--quiet', '-p', face, '--lib', '--release', '--target', 'wasm32-unknown-unknown', '--crate-type', 'cdylib']);
  const out = mkdtempSync(path.join(os.tmpdir(), 'tjc-named-'));
  try {
    const file = face.replaceAll('-', '_');
    run('wasm-bindgen', ['--target', 'web', '--out-dir', out, path.join(targetDir, `wasm32-unknown-unknown/release/${file}.wasm`)]);
    const wasm = path.join(out, `${file}_bg.wasm`);
    const features = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue'].map((f) => `--enable-${f}`);
    run(path.join(root, 'node_modules/.bin/wasm-opt'), ['-Oz', '-g', '--strip-producers', ...features, wasm, '-o', wasm]);
    const csv = (args) => run(twiggy, [...args, '--format', 'csv', wasm]).trim().split('\n').slice(1).map(parseCsvLine);
    const items = csv(['top', '-n', '1000000']).map(([item, bytes]) => ({ item, bytes: Number(bytes) }));
    const total = items.reduce((sum, i) => sum + i.bytes, 0);
    const names = items.find((i) => i.item === '"function names" subsection')?.bytes ?? 0;
    const byCrate = new Map();
    for (const { item, bytes } of items) byCrate.set(crateOf(item), (byCrate.get(crateOf(item)) ?? 0) + bytes);
    const share = (bytes) => (100 * bytes) / (total - names);
    return {
      crate: face,
      raw: total - names,
      byCrate: [...byCrate]
        .filter(([crate]) => crate !== 'the name section (not shipped)')
        .sort((a, b) => b[1] - a[1])
        .map(([crate, bytes]) => ({ crate, bytes, percent: share(bytes) })),
      top: items.filter((i) => i.item !== '"function names" subsection').slice(0, 12).map((i) => ({ ...i, percent: share(i.bytes) })),
      // What each item keeps in the module (its dominator subtree): the exports and the calls that
      // bring the most with them. The name section, and the function table every indirect call goes
      // through, are left out.
      retained: csv(['dominators', '-r', '100000'])
        .map(([, item, , , retained]) => ({ item, bytes: Number(retained) }))
        .filter((d) => !/^(<meta root>|"function names" subsection|table\[|elem\[)/.test(d.item))
        .sort((a, b) => b.bytes - a.bytes)
        .slice(0, 10)
        .map((d) => ({ ...d, percent: share(d.bytes) })),
      // twiggy's own summary rows ("... and N more", "Σ [N Total Rows]") are left out.
      monos: csv(['monos', '-n', '8'])
        .filter(([generic]) => !/^(\.\.\. and|Σ)/.test(generic))
        .map(([generic, bloat, , size, , instances]) => ({ generic, bloat: Number(bloat), bytes: Number(size), instances: instances.split(', ').length })),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** The crate an item of twiggy's belongs to, from its (demangled) name. */
export function crateOf(item) {
  if (item === '"function names" subsection') return 'the name section (not shipped)';
  if (item.startsWith('data segment') || item.startsWith('data[')) return 'data (message text, tables, panic locations)';
  if (/^(custom section|table|elem|memory|global|type|import|export|code section|"|wasm magic)/.test(item)) return 'wasm structure (types, imports, exports, tables)';
  // "<A as B>::f" belongs to A's crate; "<A>::f" too.
  const path = item.replace(/^<+/, '').replace(/^(&|mut |dyn |\*const |\*mut )+/, '');
  const first = path.match(/^([A-Za-z_][A-Za-z0-9_]*)(?:\[[0-9a-f]+\])?::/);
  if (first) return first[1] === 'tines_jira_credential' ? 'tines_jira_credential (this crate)' : first[1];
  return 'exports and shims (wasm-bindgen; this crate\u2019s code inlined into them)';
}
