// The module must not leak (issue 6): wasm linear memory never shrinks, so after a warm-up it may
// not grow at all across 100,000 buildCredential calls on full and mixed, valid and invalid
// inputs, every fourth with every output built on request: the check, Tines API and replace
// commands, the replacement, both stories and a pasted transcript.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildEverything, measureMemory, EVERY_OUTPUT_INPUTS } from '../../scripts/bench/memory.mjs';
import { loadModule } from '../../scripts/bench/wasm-module.mjs';

test('the inputs make every output: each call builds something, on both routes', async () => {
  const { api } = await loadModule();
  for (const input of EVERY_OUTPUT_INPUTS) {
    const built = buildEverything(api, input);
    for (const [call, result] of Object.entries(built)) assert.ok(result, `${call} built nothing for ${JSON.stringify(input)}`);
    assert.equal(built.buildReplacement.account.state, 'same', 'the replacement compares the accounts');
    assert.equal(built.interpretTranscript.outcome, 'verified', 'the transcript is read to a verdict');
    assert.ok(built.buildReplaceCommands.curl.includes('cloud_id='), 'the replace command');
  }
});

test('wasm linear memory does not grow across 100,000 buildCredential calls (with every output every fourth) after a 10,000-call warm-up', async (t) => {
  const m = measureMemory(await loadModule(), { warmup: 10_000, calls: 100_000 });
  t.diagnostic(`linear memory: ${m.initial} bytes at start, ${m.afterWarmup} after ${m.warmup} warm-up calls, ${m.afterCalls} after ${m.calls} more`);
  assert.equal(m.afterCalls, m.afterWarmup, `linear memory grew by ${m.afterCalls - m.afterWarmup} bytes`);
});
