// Byte budgets (issue 6): deterministic, so checked on every npm test, not only in npm run bench.
// The first load is what Chromium actually fetches for index.html, weighed file by file.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BUDGETS, fileWeight, measureFirstLoad } from '../../scripts/bench/weight.mjs';
import { PKG_WASM, requireBuild } from '../../scripts/bench/wasm-module.mjs';

test(`the wasm is at most ${BUDGETS.wasmGzip} bytes gzipped`, (t) => {
  requireBuild();
  const wasm = fileWeight(PKG_WASM);
  t.diagnostic(`wasm: ${wasm.raw} bytes raw, ${wasm.gzip} gzip -9 (budget ${BUDGETS.wasmGzip})`);
  assert.ok(wasm.gzip <= BUDGETS.wasmGzip, `wasm is ${wasm.gzip} bytes gzipped, ${wasm.gzip - BUDGETS.wasmGzip} over budget`);
});

test(`a first visit of index.html loads at most ${BUDGETS.firstLoadGzip} bytes gzipped`, async (t) => {
  const { files, total } = await measureFirstLoad();
  for (const f of files) t.diagnostic(`${f.path}: ${f.raw} raw, ${f.gzip} gzip -9`);
  t.diagnostic(`first load, ${files.length} files: ${total.raw} bytes raw, ${total.gzip} gzip -9 (budget ${BUDGETS.firstLoadGzip})`);

  assert.deepEqual(files.filter((f) => f.status !== 200), [], 'every file the page asks for is there');
  assert.ok(files.some((f) => f.path === 'pkg/tines_jira_credential_bg.wasm'), 'the first load includes the wasm');
  assert.ok(total.gzip <= BUDGETS.firstLoadGzip, `first load is ${total.gzip} bytes gzipped, ${total.gzip - BUDGETS.firstLoadGzip} over budget`);
});
