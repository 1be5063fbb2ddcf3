// Reading generated PowerShell with a real parser: the tree-sitter-powershell grammar (its wasm,
// through web-tree-sitter). There is no PowerShell on these machines; this is how the suites check
// the PowerShell commands' syntax and structure.
//
// One gap closed here: PowerShell's tokenizer takes the typographic single quotes U+2018 to U+201B
// exactly as it takes ', the double quotes U+201C to U+201E as ", and the dashes U+2013 to U+2015
// as - (PowerShell's about_Quoting_Rules and its tokenizer's quote and dash classes); the grammar
// knows only the ASCII ones. So the source is parsed with each of those replaced by its ASCII twin,
// one UTF-16 unit for one, which keeps every offset: a ’ left undoubled inside a '...' string then
// ends the string for the parser as it does for PowerShell.

import path from 'node:path';
import v8 from 'node:v8';
import { Parser, Language } from 'web-tree-sitter';

import { ROOT } from './lib.mjs';

const GRAMMAR = path.join(ROOT, 'node_modules', 'tree-sitter-powershell', 'tree-sitter-powershell.wasm');

let parser;
export async function loadParser() {
  if (parser) return parser;
  // The grammar is a 1 MB wasm module: V8's optimising tier spends about ten seconds of CPU on it
  // in the background, and the process waits for that before it exits. Its baseline compiler
  // alone parses these commands in milliseconds.
  v8.setFlagsFromString('--liftoff-only');
  await Parser.init();
  const language = await Language.load(GRAMMAR);
  parser = new Parser();
  parser.setLanguage(language);
  return parser;
}

const SINGLE_QUOTES = /[\u2018\u2019\u201A\u201B]/g;
const DOUBLE_QUOTES = /[\u201C\u201D\u201E]/g;
const DASHES = /[\u2013\u2014\u2015]/g;

/** The source as PowerShell's tokenizer classes its characters, offsets unchanged. */
export function asPowerShellReadsIt(source) {
  return source.replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(DASHES, '-');
}

/**
 * The grammar's one known gap met here: a command whose arguments are a list of bare words, as in
 * `Get-Process notepad, calc` or `Remove-Variable auth, cred`, is valid PowerShell (a comma list
 * in argument mode is an array of strings) but comes out as one ERROR node. Such a node is taken
 * as valid only when it is exactly that (a Verb-Noun name, then two or more simple names with
 * commas) and the same statement parses cleanly with each name quoted.
 */
export function isBareWordListGap(text) {
  const m = /^([A-Za-z]+-[A-Za-z]+) ([A-Za-z_][A-Za-z0-9_]*(?:, [A-Za-z_][A-Za-z0-9_]*)+)$/.exec(text);
  if (!m) return false;
  const quoted = `${m[1]} ${m[2].split(', ').map((w) => `'${w}'`).join(', ')}`;
  return parsePowerShell(quoted).problems.length === 0;
}

/**
 * Parses `source`. Returns { root, source, problems, gaps }: problems lists every ERROR and MISSING
 * node with its place and text, but for the grammar's known gap (isBareWordListGap), listed in
 * gaps; `text(node)` gives a node's text in the original (unnormalised) source.
 */
export function parsePowerShell(source) {
  const tree = parser.parse(asPowerShellReadsIt(source));
  const problems = [];
  const gaps = [];
  (function visit(node) {
    if (node.type === 'ERROR' && !node.isMissing && isBareWordListGap(source.slice(node.startIndex, node.endIndex))) {
      gaps.push(source.slice(node.startIndex, node.endIndex));
      return;
    }
    if (node.type === 'ERROR' || node.isMissing) {
      problems.push({
        kind: node.isMissing ? `MISSING ${node.type}` : 'ERROR',
        at: node.startIndex,
        text: source.slice(Math.max(0, node.startIndex - 20), node.endIndex + 20),
      });
    }
    for (const child of node.children) visit(child);
  })(tree.rootNode);
  return { root: tree.rootNode, source, problems, gaps, text: (node) => source.slice(node.startIndex, node.endIndex) };
}

/** Every node below (and including) `node`, depth first, in source order. */
export function* nodes(node) {
  yield node;
  for (const child of node.children) yield* nodes(child);
}

/** The named-node types of the whole tree, in order: two sources with the same shape match. */
export function shape(root) {
  const out = [];
  for (const n of nodes(root)) if (n.isNamed) out.push(n.type);
  return out.join(' ');
}

/** The grammar wraps a plain value in many one-child expression nodes: see through them. */
export function unwrap(node) {
  let n = node;
  while (n && n.namedChildCount === 1 && n.childCount === 1) n = n.namedChildren[0];
  while (n && n.type === 'parenthesized_expression' && n.namedChildCount === 1) n = unwrap(n.namedChildren[0]);
  return n;
}

/** The value of a verbatim ('...') string node: quotes removed, every doubled quote made single. */
export function verbatimValue(parsed, node) {
  const u = node && unwrap(node);
  const n = u?.type === 'string_literal' ? u.namedChildren[0] : u;
  if (n?.type !== 'verbatim_string_characters') return undefined;
  const raw = parsed.text(n);
  return raw.slice(1, -1).replace(/(['\u2018-\u201B])['\u2018-\u201B]/g, '$1');
}

/** Each `command` node whose name is `name` (any case). */
export function commandsNamed(root, name) {
  return [...nodes(root)].filter(
    (n) => n.type === 'command' && n.childForFieldName('command_name')?.text.toLowerCase() === name.toLowerCase(),
  );
}

/**
 * A command's parameters and arguments, in order: [{ name: '-Uri' | null, value: node | null }].
 * A parameter followed by an argument takes it as its value (a switch takes the next argument too:
 * the caller knows which parameters are switches).
 */
export function commandElements(command) {
  const elements = command.children.find((c) => c.type === 'command_elements');
  const items = (elements?.namedChildren ?? []).filter((c) => c.type !== 'command_argument_sep');
  return items.map((n) => (n.type === 'command_parameter' ? { name: n.text, node: n } : { name: null, node: n }));
}

/** The parameters a command was given, by name (lower case, without the dash). */
export function parameterNames(command) {
  return commandElements(command)
    .filter((e) => e.name)
    .map((e) => e.name.replace(/^-/, '').replace(/:$/, '').toLowerCase());
}

/** The node right after parameter `name` in a command (its argument), or undefined. */
export function argumentOf(command, name) {
  const items = commandElements(command);
  const i = items.findIndex((e) => e.name && e.name.toLowerCase() === name.toLowerCase());
  return i >= 0 && items[i + 1] && !items[i + 1].name ? items[i + 1].node : undefined;
}

/** The operands of a chain of `+`, left to right: 'a' + $b + 'c' → [node 'a', node $b, node 'c']. */
export function addends(node) {
  const n = unwrap(node);
  if (n?.type !== 'additive_expression') return [n];
  const [left, right] = n.namedChildren;
  const op = n.children.find((c) => !c.isNamed)?.text;
  if (op !== '+') return [n];
  return [...addends(left), unwrap(right)];
}

/**
 * What a statement writes, if it writes one value: a bare expression (PowerShell prints it) or
 * `Write-Host <value>`. Returns the value's node, or undefined.
 */
export function writtenValue(statement) {
  const n = unwrap(statement);
  if (!n) return undefined;
  if (n.type === 'command') {
    if (n.childForFieldName('command_name')?.text.toLowerCase() !== 'write-host') return undefined;
    const args = commandElements(n);
    return args.length === 1 && !args[0].name ? unwrap(args[0].node) : undefined;
  }
  if (['assignment_expression', 'foreach_statement', 'if_statement', 'try_statement', 'function_statement', 'flow_control_statement', 'empty_statement'].includes(n.type)) {
    return undefined;
  }
  return n;
}

/** A statement list's statements, without the empty ones that `;` leaves. */
export function statements(list) {
  return list.namedChildren.filter((c) => c.type !== 'empty_statement');
}

/** The statement_list of a block-like node (function, script block, statement block). */
export function bodyOf(node) {
  for (const n of nodes(node)) if (n !== node && n.type === 'statement_list') return n;
  return undefined;
}

/**
 * Evaluates a PowerShell literal of the kind the commands build request bodies from: verbatim
 * strings, integers, `@(...)` arrays, `@{...}` and `[ordered]@{...}` hashtables; a variable becomes
 * { variable: '$name' }. Anything else throws: the body must be literal.
 */
export function literalValue(parsed, node) {
  const n = unwrap(node);
  switch (n.type) {
    case 'string_literal':
    case 'verbatim_string_characters': {
      const v = verbatimValue(parsed, n);
      if (v === undefined) throw new Error(`not a verbatim string: ${parsed.text(n)}`);
      return v;
    }
    case 'integer_literal':
    case 'decimal_integer_literal':
      return Number(parsed.text(n));
    case 'variable':
      return { variable: parsed.text(n) };
    case 'cast_expression': {
      const type = n.namedChildren[0];
      if (parsed.text(type).toLowerCase() !== '[ordered]') throw new Error(`unexpected cast ${parsed.text(type)}`);
      return literalValue(parsed, n.namedChildren[1]);
    }
    case 'expression_with_unary_operator':
      return literalValue(parsed, n.namedChildren[0]);
    case 'array_expression': {
      const list = n.namedChildren.find((c) => c.type === 'statement_list');
      if (!list) return [];
      const items = statements(list);
      if (items.length !== 1) throw new Error(`array of ${items.length} statements`);
      const inner = unwrap(items[0]);
      const parts = inner.type === 'array_literal_expression' ? flattenComma(inner) : [inner];
      return parts.map((p) => literalValue(parsed, p));
    }
    case 'hash_literal_expression': {
      const out = {};
      const body = n.namedChildren.find((c) => c.type === 'hash_literal_body');
      for (const entry of body?.namedChildren ?? []) {
        if (entry.type !== 'hash_entry') continue;
        const [key, value] = entry.namedChildren;
        out[parsed.text(key)] = literalValue(parsed, value);
      }
      return out;
    }
    default:
      throw new Error(`not a literal (${n.type}): ${parsed.text(n)}`);
  }
}

function flattenComma(node) {
  if (node.type !== 'array_literal_expression' || node.namedChildCount < 2) return [node];
  return node.namedChildren.flatMap((c) => flattenComma(unwrap(c)));
}
