// The README's JavaScript API, held to the code: its two function tables name exactly the functions
// each entry's .d.ts exports; its types table names every exported type and, in that type's row,
// every field (a `?` exactly on the optional ones); every value of every union type is named; and
// the element's events table names every event the element's .d.ts types. Read with TypeScript's
// own reading of the built .d.ts files (needs `npm run build`).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const FILES = {
  typing: path.join(ROOT, 'www/pkg/tines_jira_credential.d.ts'),
  live: path.join(ROOT, 'www/pkg/tines_jira_credential_live.d.ts'),
  element: path.join(ROOT, 'www/tines-jira-credential.d.ts'),
};
/** wasm-bindgen's own types: named in the README's last row, their fields its internals. */
const GLUE = new Set(['InitInput', 'SyncInitInput', 'InitOutput']);

/** What each .d.ts exports: functions, interfaces with their fields, and unions with their values. */
function exportsOf() {
  const program = ts.createProgram(Object.values(FILES), { strict: true, lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'] });
  const checker = program.getTypeChecker();
  const out = {};
  for (const [name, file] of Object.entries(FILES)) {
    const module = checker.getSymbolAtLocation(program.getSourceFile(file));
    const entry = { functions: [], types: new Map(), unions: new Map() };
    for (const symbol of checker.getExportsOfModule(module)) {
      const s = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (s.flags & ts.SymbolFlags.Function) entry.functions.push(symbol.name);
      else if (s.flags & ts.SymbolFlags.Interface) {
        const fields = checker
          .getPropertiesOfType(checker.getDeclaredTypeOfSymbol(s))
          .filter((p) => p.declarations?.[0]?.getSourceFile().fileName.includes(`${path.sep}www${path.sep}`))
          .map((p) => ({ name: p.name, optional: Boolean(p.flags & ts.SymbolFlags.Optional) }));
        entry.types.set(symbol.name, fields);
      } else if (s.flags & ts.SymbolFlags.TypeAlias) {
        const type = checker.getDeclaredTypeOfSymbol(s);
        if (type.isUnion() && type.types.every((t) => t.isStringLiteral())) entry.unions.set(symbol.name, type.types.map((t) => t.value));
        else entry.types.set(symbol.name, []);
      }
    }
    out[name] = entry;
  }
  return out;
}

/** The README's section on the JavaScript API. */
const section = README.slice(README.indexOf('## Using the module from JavaScript'), README.indexOf('## What it checks'));

/** The rows of the first table after `heading`, as arrays of cells. */
function tableAfter(text, heading) {
  const at = text.indexOf(heading);
  assert.ok(at >= 0, `README has no ${heading}`);
  const lines = text.slice(at).split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const rows = [];
  for (const line of lines.slice(start)) {
    if (!line.startsWith('|')) break;
    rows.push(line.split(/(?<!\\)\|/).slice(1, -1).map((c) => c.trim()));
  }
  return rows.slice(2); // the header and its rule
}

/** The code spans of a text, fenced code blocks left out. */
const backticked = (cell) => [...cell.replace(/```[\s\S]*?```/g, '').matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const functionNames = (rows) => rows.flatMap(([first]) => backticked(first).map((code) => code.split('(')[0]));

test("the README's function tables name exactly each entry's functions", () => {
  const api = exportsOf();
  const typing = functionNames(tableAfter(section, 'The functions of `tines-jira-credential` ('));
  const live = functionNames(tableAfter(section, 'The functions of `tines-jira-credential/live`:'));
  assert.deepEqual([...typing].sort(), [...api.typing.functions].sort());
  assert.deepEqual([...live].sort(), [...api.live.functions].sort());
});

test("the README's types table names every type, and every field of each in its row", () => {
  const api = exportsOf();
  const rows = tableAfter(section, 'The types, with every field');
  const byType = new Map();
  for (const [types, fields] of rows) for (const t of backticked(types)) byType.set(t, backticked(fields));
  const problems = [];
  for (const entry of [api.typing, api.live]) {
    for (const [type, fields] of entry.types) {
      if (!byType.has(type)) {
        problems.push(`${type} has no row`);
        continue;
      }
      if (GLUE.has(type)) continue;
      const named = byType.get(type);
      // A type that takes another's fields says so by naming it (SiteResult: FieldResult's).
      const inherited = named.filter((n) => entry.types.has(n)).flatMap((n) => entry.types.get(n).map((f) => f.name));
      for (const f of fields) {
        const written = f.optional ? `${f.name}?` : f.name;
        if (!named.includes(written) && !inherited.includes(f.name)) problems.push(`${type}.${written} is not in its row`);
      }
    }
    for (const [union, values] of entry.unions) {
      for (const v of values) if (!backticked(section).includes(v)) problems.push(`${union}: ${v} is not named`);
    }
  }
  for (const type of byType.keys()) {
    if (![api.typing, api.live].some((e) => e.types.has(type))) problems.push(`the README names ${type}, which no entry exports`);
  }
  assert.deepEqual(problems, []);
});

test("the README's events table names every event the element's types declare", () => {
  const api = exportsOf();
  const events = api.element.types.get('TinesJiraCredentialEventMap').map((f) => f.name);
  const rows = tableAfter(README, '### Events');
  const named = rows.map(([event]) => backticked(event)[0]);
  assert.deepEqual([...named].sort(), [...events].sort());
});
