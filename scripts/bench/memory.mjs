// Memory: the wasm linear memory around many buildCredential calls (and, every fourth time, every
// output built on request: the commands, the replacement, both stories, a pasted transcript). Linear memory never shrinks,
// so a leak shows up as growth; after a warm-up (the allocator has found its working set) there
// must be none.

import { FULL_INPUT, EMAILS, NAMES, SITES, TOKENS } from './inputs.mjs';
import { assertBuildsCredential } from './wasm-module.mjs';

/** What every output needs beyond the four fields: the Tines tenant and team (the Tines API and
 *  replace commands), an address to notify (the daily story), the credential's account and a
 *  verified one (the replacement's comparison), and a cloud id (the scoped route's outputs). */
const EVERYTHING = Object.freeze({
  tinesTenant: 'acme.tines.com',
  teamId: '42',
  expiresOn: '2027-03-01',
  notifyEmail: 'secops@acme.com',
  checkTime: '08:30',
  timeZone: 'Europe/Dublin',
  credentialAccount: '{"domain": "acme.atlassian.net", "username": "jane@acme.com", "account_id": "5b10ac8d82e05b22cc7d4ef5"}',
  accountId: '5b10ac8d82e05b22cc7d4ef5',
  cloudId: 'a436116f-02ce-4520-8fbb-7301462a1674',
  today: '2026-12-01',
});
/** A check command's transcript for the full input, as curl prints it. */
const TRANSCRIPT = 'HTTP/2 200 \r\ncontent-type: application/json\r\n\r\n{"accountId":"5b10ac8d82e05b22cc7d4ef5","displayName":"Jane","emailAddress":"jane@acme.com","active":true,"accountType":"atlassian"}\r\n';

/** Every output the two modules build on request, for `input`: each call's name and result. */
export function buildEverything(api, input) {
  return {
    buildCheckCommands: api.buildCheckCommands(input),
    buildTinesApiCommands: api.buildTinesApiCommands(input),
    buildReplaceCommands: api.buildReplaceCommands(input),
    buildReplacement: api.buildReplacement(input),
    buildStory: api.buildStory(input),
    buildDailyStory: api.buildDailyStory(input),
    interpretTranscript: api.interpretTranscript(TRANSCRIPT, input),
  };
}

/** The full input, with everything every output needs, on the site route and on the scoped one. */
export const EVERY_OUTPUT_INPUTS = Object.freeze([
  { ...FULL_INPUT, ...EVERYTHING },
  { ...FULL_INPUT, ...EVERYTHING, scoped: true, job: 'replace' },
]);

/**
 * Calls buildCredential `warmup` times, then `calls` more, cycling through the inputs with
 * everything and the mixed set (so that diagnostics of every size are allocated and freed); every
 * fourth call also builds every output on request (buildEverything). Returns linear memory sizes
 * in bytes: { initial, afterWarmup, afterCalls, warmup, calls }.
 */
export function measureMemory({ api, memory, liveMemory }, { warmup = 10_000, calls = 100_000 } = {}) {
  const inputs = [...EVERY_OUTPUT_INPUTS, ...SITES.map((site, i) => ({ site, email: EMAILS[i], token: TOKENS[i], name: NAMES[i], ...EVERYTHING }))];
  const run = (count) => {
    for (let i = 0; i < count; i++) {
      const input = inputs[i % inputs.length];
      api.buildCredential(input);
      if (i % 4 === 0) buildEverything(api, input);
    }
  };
  assertBuildsCredential(api.buildCredential, FULL_INPUT);
  // Both modules' linear memory: everything built on request is the second's.
  const size = () => memory.buffer.byteLength + (liveMemory?.buffer.byteLength ?? 0);
  const initial = size();
  run(warmup);
  const afterWarmup = size();
  run(calls);
  return { initial, afterWarmup, afterCalls: size(), warmup, calls };
}
