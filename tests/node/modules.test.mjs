// The element stays a few small modules, each with one job (docs/architecture.md, "The element"):
// no module of it over MAX_LINES lines. A module that outgrows it is doing more than one thing:
// split it, do not raise the limit.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
const MAX_LINES = 400;

/** The element's sources: the entry and every module in www/element/. */
function modules() {
  const dir = path.join(WWW, 'element');
  return ['tines-jira-credential.js', ...fs.readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => `element/${f}`)];
}

/** Lines as `wc -l` counts them, plus a last line without its newline. */
function lineCount(text) {
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') || text === '' ? newlines : newlines + 1;
}

test('lineCount counts lines the way wc -l does', () => {
  assert.equal(lineCount(''), 0);
  assert.equal(lineCount('a\n'), 1);
  assert.equal(lineCount('a\nb'), 2);
  assert.equal(lineCount('x\n'.repeat(MAX_LINES + 1)), MAX_LINES + 1);
});

test(`no module of the element is over ${MAX_LINES} lines`, (t) => {
  const files = modules();
  // The entry, the shell, the template, the timing, the fields, the live check, the outputs, the
  // theme: a listing that found fewer would pass without measuring them.
  assert.ok(files.length >= 8, `found only ${files.join(', ')}`);
  const over = [];
  for (const file of files) {
    const lines = lineCount(fs.readFileSync(path.join(WWW, file), 'utf8'));
    t.diagnostic(`www/${file}: ${lines} lines`);
    if (lines > MAX_LINES) over.push(`www/${file}: ${lines} lines`);
  }
  assert.deepEqual(over, [], `over ${MAX_LINES} lines`);
});

test('every module the entry imports, directly or not, is one of those measured', () => {
  const measured = new Set(modules());
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = fs.readFileSync(path.join(WWW, file), 'utf8');
    for (const [, spec] of text.matchAll(/^import\s[^'"]*['"](\.[^'"]+)['"]/gm)) {
      visit(path.posix.normalize(path.posix.join(path.posix.dirname(file), spec)));
    }
  };
  visit('tines-jira-credential.js');
  assert.deepEqual([...seen].filter((f) => !measured.has(f)), []);
  assert.ok(seen.size >= 8, `the entry reaches ${seen.size} modules`);
});
