// The module must not leak (issue 6): wasm linear memory never shrinks, so after a warm-up it may
// not grow at all across 100,000 buildCredential calls on full and mixed, valid and invalid inputs.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { measureMemory } from '../../scripts/bench/memory.mjs';
import { loadModule } from '../../scripts/bench/wasm-module.mjs';

test('wasm linear memory does not grow across 100,000 buildCredential calls (with the commands and the story every fourth) after a 10,000-call warm-up', async (t) => {
  const m = measureMemory(await loadModule(), { warmup: 10_000, calls: 100_000 });
  t.diagnostic(`linear memory: ${m.initial} bytes at start, ${m.afterWarmup} after ${m.warmup} warm-up calls, ${m.afterCalls} after ${m.calls} more`);
  assert.equal(m.afterCalls, m.afterWarmup, `linear memory grew by ${m.afterCalls - m.afterWarmup} bytes`);
});
