// The package's types, as a TypeScript user meets them: tests/types/ is a project that imports every
// entry by the package's own name ("tines-jira-credential", "/live", "/element") and uses every
// export and every field. It compiles under strict with no skipLibCheck, against the built .d.ts
// files the package ships (needs `npm run build`), resolved through package.json's `exports`.
// TypeScript's own reading of those files then proves the project left nothing out: every export
// of every entry is imported, and every field of every exported type is read or written.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { before, test } from 'node:test';
import { fileURLToPath } from 'node:url';

import ts from 'typescript';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PROJECT = path.join(ROOT, 'tests', 'types');
const ENTRIES = ['tines-jira-credential', 'tines-jira-credential/live', 'tines-jira-credential/element'];
/** wasm-bindgen's own exports, about its glue rather than this API: their fields are its internals. */
const GLUE = new Set(['InitOutput']);

before(() => {
  // The package, installed as npm links a local dependency: node_modules/<name> → the package.
  const link = path.join(PROJECT, 'node_modules', 'tines-jira-credential');
  fs.mkdirSync(path.dirname(link), { recursive: true });
  fs.rmSync(link, { force: true, recursive: true });
  fs.symlinkSync(path.relative(path.dirname(link), ROOT), link, 'dir');
});

test('the consumer project compiles under strict, no skipLibCheck, through the package\'s exports', () => {
  const tsc = path.join(ROOT, 'node_modules', '.bin', 'tsc');
  try {
    execFileSync(tsc, ['-p', path.join(PROJECT, 'tsconfig.json')], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
  const config = JSON.parse(fs.readFileSync(path.join(PROJECT, 'tsconfig.json'), 'utf8')).compilerOptions;
  assert.equal(config.strict, true);
  assert.equal(config.skipLibCheck, false);
});

test('the consumer uses every export of every entry, and every field of every exported type', () => {
  const configFile = ts.readConfigFile(path.join(PROJECT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, PROJECT);
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(path.join(PROJECT, 'consumer.ts'));

  // What the consumer names: imported names, and every property it reads or writes.
  const imported = new Map(ENTRIES.map((e) => [e, new Set()]));
  const used = new Set();
  const walk = (node) => {
    if (ts.isImportDeclaration(node)) {
      const entry = node.moduleSpecifier.text;
      const clause = node.importClause;
      if (clause?.name) imported.get(entry)?.add('default');
      for (const s of clause?.namedBindings?.elements ?? []) imported.get(entry)?.add((s.propertyName ?? s.name).text);
    }
    if (ts.isPropertyAccessExpression(node) || ts.isPropertyAssignment(node) || ts.isShorthandPropertyAssignment(node)) {
      used.add(node.name.text);
    }
    if (ts.isIndexedAccessTypeNode(node) && ts.isLiteralTypeNode(node.indexType)) used.add(node.indexType.literal.text);
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'addEventListener') {
      const [type] = node.arguments;
      if (type && ts.isStringLiteral(type)) used.add(type.text);
    }
    ts.forEachChild(node, walk);
  };
  walk(source);

  const missing = [];
  const inPackage = (decl) => decl.getSourceFile().fileName.includes(`${path.sep}www${path.sep}`);
  const fieldsOf = (type, where, seen = new Set()) => {
    for (const property of checker.getPropertiesOfType(type)) {
      const decl = property.declarations?.[0];
      if (!decl || !inPackage(decl)) continue;
      if (!used.has(property.name)) missing.push(`${where}.${property.name}`);
      // The fields of an object type written inline (references, fields) count too.
      const inner = checker.getNonNullableType(checker.getTypeOfSymbolAtLocation(property, decl));
      const isInline = inner.symbol?.flags & ts.SymbolFlags.TypeLiteral;
      if (isInline && !seen.has(inner)) {
        seen.add(inner);
        fieldsOf(inner, `${where}.${property.name}`, seen);
      }
    }
  };
  for (const node of source.statements.filter(ts.isImportDeclaration)) {
    const entry = node.moduleSpecifier.text;
    const moduleSymbol = checker.getSymbolAtLocation(node.moduleSpecifier);
    assert.ok(moduleSymbol, `${entry} does not resolve`);
    const exports = checker.getExportsOfModule(moduleSymbol);
    assert.ok(exports.length > 3, `${entry} exports almost nothing`);
    for (const symbol of exports) {
      if (!imported.get(entry).has(symbol.name)) missing.push(`${entry}: ${symbol.name} is not imported`);
      if (GLUE.has(symbol.name)) continue;
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      if (target.flags & (ts.SymbolFlags.Interface | ts.SymbolFlags.Class)) {
        fieldsOf(checker.getDeclaredTypeOfSymbol(target), `${entry}: ${symbol.name}`);
      }
    }
  }
  assert.deepEqual(missing, [], 'exported but unused in tests/types/consumer.ts');
  for (const entry of ENTRIES) assert.ok(imported.get(entry).size > 0, `${entry} is not imported`);
});
