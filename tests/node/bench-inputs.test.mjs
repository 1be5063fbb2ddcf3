// The benchmarks claim a realistic mixed set: about half of each field's inputs accepted, half
// rejected. When the rules change, this says so before the check-speed figures quietly drift.

import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { EMAILS, FULL_INPUT, NAMES, SITES, TOKENS } from '../../scripts/bench/inputs.mjs';
import { loadModule } from '../../scripts/bench/wasm-module.mjs';

let api;
before(async () => {
  ({ api } = await loadModule());
});

for (const [field, inputs, check] of [
  ['site', SITES, 'checkSite'],
  ['email', EMAILS, 'checkEmail'],
  ['token', TOKENS, 'checkToken'],
  ['name', NAMES, 'checkName'],
]) {
  test(`the bench's ${field} inputs: the first 50 are accepted, the other 50 rejected`, () => {
    assert.equal(inputs.length, 100);
    const misjudged = inputs.filter((input, i) => api[check](input).ok !== i < 50);
    assert.deepEqual(misjudged, []);
  });
}

test("the bench's per-keystroke input is a complete, valid form", () => {
  const report = api.buildCredential(FULL_INPUT);
  assert.equal(report.ok, true);
  assert.notEqual(report.outputs, null);
});
