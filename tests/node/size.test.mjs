// Byte budgets (issue 6): deterministic, so checked on every npm test, not only in npm run bench.
// The first load is what Chromium actually fetches for index.html, weighed file by file; the
// second module comes only once the form can be checked (issue 28).

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { BUDGETS, fileWeight, measureFirstLoad } from '../../scripts/bench/weight.mjs';
import { PKG_LIVE_WASM, PKG_WASM, requireBuild } from '../../scripts/bench/wasm-module.mjs';

for (const [name, file, budget] of [
  ['the first module', PKG_WASM, BUDGETS.wasmGzip],
  ['the second module', PKG_LIVE_WASM, BUDGETS.liveWasmGzip],
]) {
  test(`${name}'s wasm is at most ${budget} bytes gzipped`, (t) => {
    requireBuild();
    const wasm = fileWeight(file);
    t.diagnostic(`${name}: ${wasm.raw} bytes raw, ${wasm.gzip} gzip -9, ${wasm.brotli} Brotli 11 (budget ${budget})`);
    assert.ok(wasm.gzip <= budget, `${name} is ${wasm.gzip} bytes gzipped, ${wasm.gzip - budget} over budget`);
  });
}

let weight;
before(async () => {
  weight = await measureFirstLoad();
});

test(`a first visit of index.html loads at most ${BUDGETS.firstLoadGzip} bytes gzipped, without the second module`, (t) => {
  const { files, total } = weight;
  for (const f of files) t.diagnostic(`${f.path}: ${f.raw} raw, ${f.gzip} gzip -9, ${f.brotli} Brotli 11`);
  t.diagnostic(`first load, ${files.length} files: ${total.raw} bytes raw, ${total.gzip} gzip -9, ${total.brotli} Brotli 11 (budget ${BUDGETS.firstLoadGzip})`);
  assert.deepEqual(files.filter((f) => f.status !== 200), [], 'every file the page asks for is there');
  assert.ok(files.some((f) => f.path === 'pkg/tines_jira_credential_bg.wasm'), 'the first load includes the first module');
  assert.deepEqual(files.filter((f) => f.path.includes('_live')), [], 'the second module waits until the form can be checked');
  assert.ok(total.gzip <= BUDGETS.firstLoadGzip, `first load is ${total.gzip} bytes gzipped, ${total.gzip - BUDGETS.firstLoadGzip} over budget`);
});

test(`a person who checks downloads at most ${BUDGETS.checkerGzip} bytes gzipped: the second module comes once the form can be checked`, (t) => {
  const { files, total } = weight.checker;
  for (const f of files.filter((f) => f.path.includes('_live'))) t.diagnostic(`${f.path}: ${f.raw} raw, ${f.gzip} gzip -9, ${f.brotli} Brotli 11`);
  t.diagnostic(`with the second module, ${files.length} files: ${total.raw} bytes raw, ${total.gzip} gzip -9, ${total.brotli} Brotli 11 (budget ${BUDGETS.checkerGzip})`);
  assert.deepEqual(files.filter((f) => f.status !== 200), []);
  for (const file of ['pkg/tines_jira_credential_live.js', 'pkg/tines_jira_credential_live_bg.wasm']) {
    assert.ok(files.some((f) => f.path === file), `${file} was fetched once site, email and token passed`);
  }
  assert.ok(total.gzip <= BUDGETS.checkerGzip, `${total.gzip} bytes gzipped, ${total.gzip - BUDGETS.checkerGzip} over budget`);
});
