// Weight: every file the page loads on a first visit (found by loading it in Chromium, not by
// guessing from the HTML), raw and gzip -9, and twiggy's view of what is inside the wasm, by crate
// and by item, on a build that keeps its names.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from './browser.mjs';
import { serveLikeDeployment } from './serve.mjs';
import { PKG_WASM, WWW, requireBuild } from './wasm-module.mjs';

// The budgets, gzip -9. The wasm's is set from what the module measures on the packages its brief
// names, each doing its own job (serde_json reads Jira's answers and writes every result, gloo-net
// sends the request, base64 is the crate's), plus the transcript reader, the Tines API commands
// and the story, with about 2 % to spare. The base64 crate is 4.5 KB of it (measured by stubbing).
// History: 80,080 bytes when first set (budget 82,000). What the credential can do (the route
// found on the gateway, /mypermissions and its reader, the scopes table, the longer check commands,
// the story's second action) added 8.4 KB, to 89,366; trimming (integers without core::fmt,
// base64's encode_slice, no backward string search) took 2.1 KB back: 87,218 (budget 88,900).
// Building the commands and the story by their own calls added 0.8 KB (87,975); reading Jira's
// answers through serde_json::Value instead of derived readers, whose errors pull serde_json's
// error text and core's formatting into the module, took 4.2 KB back: 83,734 when this was set.
// The first load's is the wasm's plus the page, the element (bundled and minified), its stylesheet
// and the glue: 109,080 bytes when it was set. A change that outgrows either should say what the
// bytes buy.
export const BUDGETS = Object.freeze({ wasmGzip: 85_400, firstLoadGzip: 111_300 });

/**
 * Raw and gzip -9 sizes of one file. GNU gzip itself, fed on stdin (-n: no name or time in the
 * header), because Node's zlib at level 9 comes out about 1 % larger and the wasm budget is tight.
 */
export function fileWeight(file) {
  const bytes = readFileSync(file);
  const gzipped = execFileSync('gzip', ['-9', '-n'], { input: bytes, maxBuffer: 64 * 1024 * 1024 });
  return { raw: bytes.length, gzip: gzipped.length };
}

/**
 * Loads index.html in a fresh headless Chromium and weighs every file it asked for.
 * Returns { files: [{ path, status, raw, gzip }], total: { raw, gzip }, wasm: { raw, gzip } }.
 */
export async function measureFirstLoad() {
  requireBuild();
  const server = await serveLikeDeployment(WWW);
  const browser = await launchChromium();
  const responses = new Map();
  try {
    const page = await browser.newPage();
    page.on('response', (response) => {
      const url = new URL(response.url());
      if (url.origin === server.origin) responses.set(url.pathname, response.status());
    });
    await page.goto(`${server.origin}/index.html`, { waitUntil: 'networkidle' });
  } finally {
    await browser.close();
    await server.close();
  }

  const files = [...responses].map(([urlPath, status]) => ({
    path: urlPath.slice(1),
    status,
    ...fileWeight(path.join(WWW, urlPath)),
  }));
  const total = files.reduce((sum, f) => ({ raw: sum.raw + f.raw, gzip: sum.gzip + f.gzip }), { raw: 0, gzip: 0 });
  return { files, total, wasm: fileWeight(PKG_WASM) };
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
 * What the page's wasm is made of, by crate and by item, on a build that keeps its names: the
 * same cargo build, wasm-bindgen and wasm-opt -Oz as the shipped file, with -g so that the name
 * section stays (the shipped file is stripped, so twiggy can only number its functions). Item
 * sizes are within a few per cent of the shipped file's, minus the name section itself.
 * Returns { raw, byCrate: [{ crate, bytes, percent }], top, retained, monos, note? }.
 */
export function namedBreakdown() {
  const twiggy = findTwiggy();
  if (!twiggy) return { note: 'twiggy not installed (bash scripts/setup.sh --bench installs it): no breakdown by crate' };
  const root = path.resolve(WWW, '..');
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  const targetDir = JSON.parse(run('cargo', ['metadata', '--format-version', '1', '--no-deps'])).target_directory;
  // As scripts/build.sh builds the page's module (cdylib, so the profile's LTO applies).
  run('cargo', ['rustc', '--quiet', '--lib', '--release', '--target', 'wasm32-unknown-unknown', '--crate-type', 'cdylib']);
  const out = mkdtempSync(path.join(os.tmpdir(), 'tjc-named-'));
  try {
    run('wasm-bindgen', ['--target', 'web', '--out-dir', out, path.join(targetDir, 'wasm32-unknown-unknown/release/tines_jira_credential.wasm')]);
    const wasm = path.join(out, 'tines_jira_credential_bg.wasm');
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
