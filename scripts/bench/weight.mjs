// Weight: every file the page loads on a first visit (found by loading it in Chromium, not by
// guessing from the HTML), raw and gzip -9, and twiggy's view of what is inside the wasm.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchChromium } from './browser.mjs';
import { serveLikeDeployment } from './serve.mjs';
import { PKG_WASM, WWW, requireBuild } from './wasm-module.mjs';

// The budgets, gzip -9. The wasm's is set from what the module measures on the packages its brief
// names, each doing its own job (serde_json reads Jira's answers and writes every result, gloo-net
// sends the request, base64 is the crate's), plus the transcript reader, the Tines API commands
// and the story, with about 2 % to spare. serde_json's typed reading of Jira's answers is 11 KB of
// it and the base64 crate 4.5 KB (measured by stubbing each); serde_json builds the text of a
// failed typed read inside the library, 4.1 KB that no caller can drop without a fork.
// History: 80,080 bytes when first set (budget 82,000). What the credential can do (the route
// found on the gateway, /mypermissions and its reader, the scopes table, the longer check commands,
// the story's second action) added 8.4 KB, to 89,366; trimming (integers without core::fmt,
// base64's encode_slice, no backward string search) took 2.1 KB back: 87,218 when this was set.
// The first load's is the wasm's plus the page, the element (bundled and minified), its stylesheet
// and the glue: 112,078 bytes when it was set. A change that outgrows either should say what the
// bytes buy.
export const BUDGETS = Object.freeze({ wasmGzip: 88_900, firstLoadGzip: 114_300 });

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

/** `twiggy top -n 10` of the wasm as rows { item, bytes, percent }, or a note when twiggy is missing. */
export function twiggyTop(count = 10) {
  const twiggy = [process.env.TWIGGY, path.join(os.homedir(), '.cargo/bin/twiggy')].find((p) => p && existsSync(p));
  if (!twiggy) return { note: 'twiggy not installed (cargo install twiggy): no breakdown of the wasm' };
  const csv = execFileSync(twiggy, ['top', '-n', String(count), '--format', 'csv', PKG_WASM], { encoding: 'utf8' });
  const rows = csv.trim().split('\n').slice(1).map(parseCsvLine);
  return {
    rows: rows.map(([item, bytes, percent]) => ({ item, bytes: Number(bytes), percent: Number(percent) })),
  };
}

function parseCsvLine(line) {
  const cells = [];
  for (const match of line.matchAll(/(?:^|,)(?:"((?:[^"]|"")*)"|([^,]*))/g)) cells.push(match[1]?.replaceAll('""', '"') ?? match[2]);
  return cells;
}
