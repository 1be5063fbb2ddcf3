// One copy of the field checks' sentences (issue 37): the first module shows them, so it alone
// carries them. The second module and the relay's re-check site, email and token for safety (the
// token goes only with values that pass) with the core built without its `messages` feature: the
// same decisions, codes without sentences.
//
//   node --test tests/node/sentences.test.mjs     (after `npm run build`)

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { EMAILS, SITES, TOKENS } from '../../scripts/bench/inputs.mjs';
import { PKG_LIVE_WASM, PKG_WASM, WWW, loadModule } from '../../scripts/bench/wasm-module.mjs';
import { makePat } from '../e2e/fake-data-center.mjs';

const RELAY_WASM = path.join(WWW, '..', 'deploy', 'edge', 'pkg', 'tines_jira_relay_bg.wasm');

// Data Center's own: bases as people paste them, good and bad, and personal access tokens.
const DC_SITES = ['https://jira.acme.com/jira', 'jira.acme.com:8443', 'http://jira.acme.com', 'https://10.0.0.5/jira', 'https://localhost', 'https://jira.acme.com/jira/browse/ABC-1', 'https://jïra.acme.com', 'https://acme.atlassian.net', '', 'https://jira acme.com'];
const DC_TOKENS = [makePat('jdoe'), makePat('x'), `${makePat('jdoe')}x`, makePat('jdoe').slice(1), 'ATATT3xFfGF0abc', '', 'Bearer ' + makePat('jdoe')];

let typing;
let live;
before(async () => {
  ({ typing, live } = await loadModule());
});

/** Every input of the corpus: each field's bench inputs with the other two valid, on Cloud, and
 *  Data Center's bases and tokens. */
function corpus() {
  const [site, email, token] = [SITES[0], EMAILS[0], TOKENS[0]];
  const cases = [
    ...SITES.map((s) => ({ site: s, email, token })),
    ...EMAILS.map((e) => ({ site, email: e, token })),
    ...TOKENS.map((t) => ({ site, email, token: t })),
  ].map((c) => ({ ...c, deployment: 'cloud' }));
  for (const s of DC_SITES) cases.push({ site: s, email: '', token: DC_TOKENS[0], deployment: 'data-center' });
  for (const t of DC_TOKENS) cases.push({ site: DC_SITES[0], email: '', token: t, deployment: 'data-center' });
  return cases;
}

/** The first module's verdict on the three fields, from its report (which knows which Jira the
 *  site is: a Cloud address is Cloud whatever was said): the errors' codes, in order, or none. */
function firstModuleErrors(input) {
  const { fields } = typing.buildCredential({ ...input, name: 'Jira' });
  return [fields.site, fields.email, fields.token].flatMap((r) => r?.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code) ?? []);
}

test('the second module refuses exactly what the first refuses, by the same codes, without the sentences', async () => {
  const aborted = AbortSignal.abort();
  let refused = 0;
  const cases = corpus();
  for (const input of cases) {
    const expected = firstModuleErrors(input);
    const v = await live.verifyCredential(input, { signal: aborted });
    const why = JSON.stringify(input);
    if (expected.length) {
      refused += 1;
      assert.equal(v.outcome, 'invalid-input', why);
      assert.deepEqual(v.diagnostics.map((d) => d.code), expected, why);
      for (const d of v.diagnostics) assert.equal(d.message, '', `${why}: ${d.code} carries its sentence`);
      assert.ok(v.message.length > 0, 'the verdict itself still says what to do');
    } else {
      assert.notEqual(v.outcome, 'invalid-input', `${why}: refused (${v.diagnostics.map((d) => d.code)}) where the first module accepts`);
    }
  }
  // Both ways, many times: a corpus of only good or only bad inputs would prove little.
  assert.ok(refused >= 100 && cases.length - refused >= 100, `${refused} refused of ${cases.length}`);
});

/**
 * The sentences written in the field checks' source (src/checks, less the account check, which
 * only the second module runs, and the tests): each string literal's pieces between its `{}`
 * placeholders and escapes, at least 25 characters with a space (words, not codes or patterns).
 */
function checkSentences() {
  const dir = path.join(WWW, '..', 'src', 'checks');
  const files = fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.rs') && !/(^|\/)tests\.rs$|account\.rs$/.test(f));
  const pieces = new Set();
  for (const file of files) {
    const source = fs.readFileSync(path.join(dir, file), 'utf8').split('#[cfg(test)]')[0].replace(/^\s*\/\/.*$/gm, '');
    for (const [, literal] of source.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
      const text = literal.replace(/\\\n\s*/g, '').replace(/\\u\{([0-9a-fA-F]+)\}/g, (_, hex) => String.fromCodePoint(parseInt(hex, 16)));
      for (const piece of text.split(/\{[^}]*\}|\\./)) if (piece.length >= 25 && piece.includes(' ')) pieces.add(piece);
    }
  }
  return [...pieces];
}

test("the field checks' sentences are in the first module, and in neither the second nor the relay's", () => {
  const pieces = checkSentences();
  const first = fs.readFileSync(PKG_WASM);
  const inFirst = pieces.filter((p) => first.includes(Buffer.from(p)));
  // Most are in the first module as written; the rest are put together as it runs.
  assert.ok(inFirst.length >= 100, `only ${inFirst.length} of ${pieces.length} sentences found in the first module`);
  for (const file of [PKG_LIVE_WASM, RELAY_WASM]) {
    const bytes = fs.readFileSync(file);
    const carried = pieces.filter((p) => bytes.includes(Buffer.from(p)));
    assert.deepEqual(carried, [], `${path.basename(file)} carries the field checks' sentences`);
  }
});
