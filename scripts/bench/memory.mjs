// Memory: the wasm linear memory around many buildCredential calls (and, every fourth time, the
// commands and the story, which have their own calls). Linear memory never shrinks,
// so a leak shows up as growth; after a warm-up (the allocator has found its working set) there
// must be none.

import { FULL_INPUT, EMAILS, NAMES, SITES, TOKENS } from './inputs.mjs';
import { assertBuildsCredential } from './wasm-module.mjs';

/**
 * Calls buildCredential `warmup` times, then `calls` more, cycling through the full input and the
 * mixed set (so that diagnostics of every size are allocated and freed). Returns linear memory
 * sizes in bytes: { initial, afterWarmup, afterCalls, warmup, calls }.
 */
export function measureMemory({ api, memory, liveMemory }, { warmup = 10_000, calls = 100_000 } = {}) {
  const inputs = [FULL_INPUT, ...SITES.map((site, i) => ({ site, email: EMAILS[i], token: TOKENS[i], name: NAMES[i] }))];
  const run = (count) => {
    for (let i = 0; i < count; i++) {
      const input = inputs[i % inputs.length];
      api.buildCredential(input);
      if (i % 4 === 0) {
        api.buildCheckCommands(input);
        api.buildTinesApiCommands(input);
        api.buildStory(input);
      }
    }
  };
  assertBuildsCredential(api.buildCredential, FULL_INPUT);
  // Both modules' linear memory: the story and the Tines API commands are the second's.
  const size = () => memory.buffer.byteLength + (liveMemory?.buffer.byteLength ?? 0);
  const initial = size();
  run(warmup);
  const afterWarmup = size();
  run(calls);
  return { initial, afterWarmup, afterCalls: size(), warmup, calls };
}
