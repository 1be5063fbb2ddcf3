// The commands judge a token as the page does: a differential table, generated.
//
// A few hundred tokens (hand-picked edges and seeded random mixtures of what people paste: current
// tokens, cut or altered ones, old 24-character ones, headers, emails, quotation marks, blank and
// invisible characters inside and around, quotes and backslashes, other alphabets, far too much)
// are each judged three ways:
//   - by the page: `checkToken(token, TODAY)`: an error, a warning, or fine, and the cleaned value;
//   - by the POSIX check command itself (buildCheckCommands), run unchanged under dash and under
//     bash with the token on its standard input and a stand-in curl that records what it was
//     given: refused ("That is not a Jira API token"), noted ("Note:"), or neither, and the value
//     it signs in with;
//   - by the PowerShell commands' patterns, read out of the generated PowerShell 7 command
//     ($blank, $quoted, the refusals' table, $legacy's, the current token's and its checksum's):
//     PowerShell cannot run here, so the few lines around them are followed in JavaScript, whose
//     regular expressions read these patterns as .NET does (classes, \xNN, \uNNNN, anchors).
// Each must decide as the page does. One error is left to Jira, on purpose and listed: a whole
// Basic credential (base64 of email:token) is an error to the page, which decodes base64; a shell
// has no portable way to, so the commands send it, and Jira refuses it. The list fails when such a
// token is refused after all (it is then no longer a gap).
//
//   node --test tests/commands/token-rules.test.mjs      (needs `npm run build`)

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';

import { makeToken } from '../e2e/fake-jira.mjs';
import { DC_BASE, makePat } from '../e2e/fake-data-center.mjs';
import { loadApi, tempDir, TODAY } from './lib.mjs';

const SHELLS = ['dash', 'bash'].filter((s) => fs.existsSync(`/bin/${s}`) || fs.existsSync(`/usr/bin/${s}`));
const EMAIL = 'jane@acme.com';

let api;
let stub;

/** A stand-in curl on PATH: records its settings (read on stdin), answers a 403 so nothing more is asked. */
function stubCurl() {
  const t = tempDir('token-rules-');
  fs.writeFileSync(
    path.join(t.dir, 'curl'),
    '#!/bin/sh\ncat > "$CURL_LOG"\nprintf "HTTP/1.1 403 Forbidden\\r\\n\\r\\n{}"\n',
    { mode: 0o755 },
  );
  return t;
}

before(async () => {
  api = await loadApi();
  stub = stubCurl();
});
after(() => stub?.remove());

// ---- the tokens ----------------------------------------------------------------------------

/** A tiny seeded generator (mulberry32), so the table is the same on every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const GOOD = makeToken('token-rules');
const base64 = (s) => Buffer.from(s).toString('base64');
const BLANKS_AROUND = [' ', '\t', '\r', '\u00A0', '\u200B', '\uFEFF', '\u3000', '\u2028', '\u0001', '\u007F'];
const QUOTES = [['"', '"'], ["'", "'"], ['`', '`'], ['\u201C', '\u201D'], ['\u2018', '\u2019'], ['"', "'"], ['\u201D', '\u201C']];

/** Tokens chosen for an edge each. */
const EDGES = [
  '', ' ', '""', '"', "''", '\u201C\u201D', GOOD, ` ${GOOD} `, `"${GOOD}"`, `'"${GOOD}"'`, `\u201C${GOOD}\u201D`,
  GOOD.slice(0, 100), GOOD.slice(0, -1), `${GOOD.slice(0, -1)}0`, `${GOOD.slice(0, -8)}${GOOD.slice(-8).toLowerCase()}`,
  GOOD.replace('=', '-'), `${GOOD}A`, `${GOOD}=`, `x${GOOD}`, `${GOOD.slice(0, 90)} ${GOOD.slice(90)}`,
  `${GOOD.slice(0, 90)}\u200B${GOOD.slice(90)}`, `${GOOD.slice(0, 90)}\u0007${GOOD.slice(90)}`, `${GOOD.slice(0, 90)}\u00A0${GOOD.slice(90)}`,
  'ATATT3', 'ATATT3=', 'ATATT3xyz=12345678', 'ATATT3' + 'a'.repeat(18), 'ATATT3ab"c=1234ABCD', 'ATATT3ab\\c',
  'abcdefghijklmnopqrstuvwx', 'ABCDEFGHIJKLMNOPQRSTUVW1', 'abcdefghijklmnopqrstuvw', 'abcdefghijklmnopqrstuvwxy', 'abcdefghijklmnopqrstuv_x',
  `Basic ${GOOD}`, `bearer ${GOOD}`, `BASIC\t${base64(`${EMAIL}:${GOOD}`)}`, 'Basic', 'Basicx', `Authorization: Basic ${GOOD}`, 'authorization:x', 'Authorization:',
  EMAIL, `${EMAIL}:${GOOD}`, `${EMAIL}:`, 'jane@acme', '@acme.com', 'jane@.acme.com', 'jane@acme.com.', 'a@b@c.com', 'a@b.c:d@e.f', ':x',
  'ATCTT3xyz', 'ATBB4abc', 'atctt3xyz', 'xATCTT', 'ATAT', 'hunter2', 'pass word', 'p\u00E4ssw\u00F6rd', '\u65E5\u672C\u8A9E\u30C8\u30FC\u30AF\u30F3',
  'tok"en', "tok'en", 'tok\\en', 'tok$HOME', 'tok`id`', '$(touch /tmp/x)', 'a%sb', '\uD83D\uDE00\uD83D\uDE00',
  'x'.repeat(1024), 'x'.repeat(1025), ` ${'x'.repeat(1023)} `, '\u65E5'.repeat(400), '\u65E5'.repeat(1025), '\uD83D\uDE00'.repeat(600),
];
/** What a whole Basic credential looks like: the commands' one known gap. */
const BASIC_CREDENTIALS = [base64(`${EMAIL}:${GOOD}`), base64(`${EMAIL}:secret`).replace(/=+$/, ''), Buffer.from(`${EMAIL}:x~`).toString('base64url')];

/** Seeded mixtures of the pieces people paste. */
function generated(n) {
  const next = random(34);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const pieces = [
    GOOD, GOOD.slice(0, 60), makeToken(`r${Math.floor(next() * 1e6)}`), 'abcdefghijklmnopqrstuvwx', EMAIL, ':', '@', '=', 'Basic ',
    'ATCTT', 'ATBB', 'ATATT3', '"', "'", '\\', '$', '\u00E9', '\u65E5', '\uD83D\uDE00', ' ', '\t', '\u00A0', '\u200B', '\u0002', 'x', '0', '-', '_',
  ];
  const out = [];
  for (let i = 0; i < n; i++) {
    let t = '';
    const parts = 1 + Math.floor(next() * 4);
    for (let j = 0; j < parts; j++) t += pick(pieces);
    if (next() < 0.3) {
      const [open, close] = pick(QUOTES);
      t = `${open}${t}${close}`;
    }
    if (next() < 0.3) t = `${pick(BLANKS_AROUND)}${t}${pick(BLANKS_AROUND)}`;
    out.push(t);
  }
  return out;
}

/**
 * The tokens as a prompt takes them: one line, up to the first line break (a prompt reads a line;
 * what follows a line break is not the token's any more, at a prompt or in the page's own field,
 * which refuses a line break inside).
 */
const TOKENS = [...new Set([...EDGES, ...BASIC_CREDENTIALS, ...generated(260)].map((t) => t.split('\n')[0]))];

/** Data Center's tokens: personal access tokens, and what is pasted instead of or around one. */
const PAT = makePat('token-rules');
const PAT_EDGES = [
  PAT, ` ${PAT} `, `"${PAT}"`, `\u201C${PAT}\u201D`, PAT.slice(0, 40), `${PAT}A`, `${PAT}==`, PAT.replace(/^./, 'A'), `O${PAT.slice(1)}`,
  `N${PAT.slice(1)}`, `M${PAT.slice(1)}`, `Oz${PAT.slice(2)}`, `Bearer ${PAT}`, `bearer\t${PAT}`, `Authorization: Bearer ${PAT}`, `Authorization: ${PAT}`,
  `${PAT.slice(0, 20)} ${PAT.slice(20)}`, `${PAT.slice(0, 20)}\u200B${PAT.slice(20)}`, 'jdoe:hunter22', 'jdoe:', ':hunter22', 'a:b:c',
  GOOD, `x${GOOD}`, 'ATATT3', 'ATCTT3xyz', 'ATBB4abc', EMAIL, `${EMAIL}:${PAT}`, base64('jdoe:hunter22'), 'hunter22', 'M', 'Mx/+',
  ...Array.from({ length: 40 }, (_, i) => makePat(`seed ${i}`)),
];
const PAT_TOKENS = [...new Set([...PAT_EDGES, ...TOKENS].map((t) => t.split('\n')[0]))];

// ---- the page's judgement ------------------------------------------------------------------

function page(token, deployment) {
  const r = deployment ? api.checkToken(token, TODAY, deployment) : api.checkToken(token, TODAY);
  return {
    refused: !r.ok,
    noted: r.ok && r.diagnostics.some((d) => d.severity === 'warning'),
    value: r.value,
    codes: r.diagnostics.map((d) => d.code),
  };
}

/**
 * The page's error that no command can decide: a whole Basic credential, base64 and nothing else
 * (with a "Basic " prefix, or as email:token, the commands refuse it for that).
 */
const isCommandsGap = (p, token) =>
  p.refused && p.codes.includes('token-basic-credentials') && /^[A-Za-z0-9+/=_-]+$/.test(token.trim());

// ---- the sh command's ----------------------------------------------------------------------

function run(shell, command, token, log) {
  return new Promise((resolve, reject) => {
    const child = spawn(shell, ['-c', command], {
      env: { PATH: `${stub.dir}:/usr/bin:/bin`, CURL_LOG: log, HOME: stub.dir, LANG: 'C.UTF-8' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
    child.stdin.end(Buffer.from(`${token}\n`, 'utf8'));
  });
}

/** What the command sent as the password: its curl settings' user = "email:token", unescaped; on
 *  Data Center, its header = "Authorization: Bearer <token>". */
function sentValue(log) {
  if (!fs.existsSync(log)) return null;
  const lines = fs.readFileSync(log, 'utf8').split('\n');
  const bearer = lines.find((l) => l.startsWith('header = "Authorization: Bearer '));
  if (bearer) return bearer.slice('header = "Authorization: Bearer '.length, -1).replace(/\\(.)/g, '$1');
  const line = lines.find((l) => l.startsWith('user = "'));
  if (!line) return null;
  const inner = line.slice('user = "'.length, -1).replace(/\\(.)/g, '$1');
  assert.ok(inner.startsWith(`${EMAIL}:`), line);
  return inner.slice(EMAIL.length + 1);
}

/** Where the sh command (`results`, from shJudgement) judged a token otherwise than the page: a
 *  line per token; a listed gap that the command refuses after all is one too. */
function disagreements(shell, tokens, results, deployment) {
  const wrong = [];
  tokens.forEach((token, i) => {
    const want = page(token, deployment);
    const got = results[i];
    if (isCommandsGap(want, token)) {
      if (got.refused) wrong.push(`${JSON.stringify(token)}: the listed gap is refused after all; take it off the list`);
      return;
    }
    if (got.refused !== want.refused || got.noted !== want.noted || (!got.refused && got.value !== want.value)) {
      wrong.push(`${JSON.stringify(token)}: page ${JSON.stringify(want)}; ${shell} ${JSON.stringify({ ...got, stderr: undefined })} ${got.stderr.trim()}`);
    }
  });
  return wrong;
}

async function shJudgement(shell, command, token, i) {
  const log = path.join(stub.dir, `${shell}-${i}.log`);
  const r = await run(shell, command, token, log);
  const refused = /That is not a Jira (API|personal access) token: .*\. Nothing was sent\./.test(r.stderr);
  assert.equal(refused, r.status !== 0, `exit ${r.status} for ${JSON.stringify(token)}: ${r.stderr}`);
  return { refused, noted: /^Note: .*\. Going on\.$/m.test(r.stderr), value: refused ? null : sentValue(log), stderr: r.stderr };
}

/** Runs `fn` over `items`, `limit` at a time. */
async function pool(items, limit, fn) {
  const results = new Array(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: limit }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i], i);
    }
  }));
  return results;
}

describe(`the token, judged by the page and by the sh command (${SHELLS.join(', ')})`, () => {
  test('both shells are here, and the table covers every judgement', () => {
    assert.deepEqual(SHELLS, ['dash', 'bash']);
    const judged = TOKENS.map((t) => page(t));
    assert.ok(TOKENS.length > 300, `${TOKENS.length} tokens`);
    for (const [what, count] of [
      ['refused', judged.filter((p) => p.refused).length],
      ['noted', judged.filter((p) => p.noted).length],
      ['fine', judged.filter((p) => !p.refused && !p.noted).length],
      ['the gap', judged.filter((p, i) => isCommandsGap(p, TOKENS[i])).length],
    ]) assert.ok(count >= 3, `${what}: ${count}`);
  });

  for (const shell of SHELLS) {
    test(`${shell}: refused, noted or sent exactly as the page judges, with the page's value`, async () => {
      const command = api.buildCheckCommands({ site: 'acme', email: EMAIL, token: '', name: 'Jira', today: TODAY }).curl;
      const results = await pool(TOKENS, 4, (token, i) => shJudgement(shell, command, token, i));
      assert.deepEqual(disagreements(shell, TOKENS, results), []);
    });
  }

  for (const shell of SHELLS) {
    test(`${shell}, Data Center: a personal access token refused, noted or sent exactly as the page judges`, async () => {
      const input = { site: DC_BASE, deployment: 'data-center', token: '', name: 'Jira', today: TODAY };
      const command = api.buildCheckCommands(input).curl;
      const results = await pool(PAT_TOKENS, 4, (token, i) => shJudgement(shell, command, token, `dc-${i}`));
      assert.deepEqual(disagreements(shell, PAT_TOKENS, results, 'data-center'), []);
      const judged = PAT_TOKENS.map((t) => page(t, 'data-center'));
      for (const [what, count] of [
        ['refused', judged.filter((p) => p.refused).length],
        ['noted', judged.filter((p) => p.noted).length],
        ['fine', judged.filter((p) => !p.refused && !p.noted).length],
      ]) assert.ok(count >= 3, `${what}: ${count}`);
    });
  }
});

// ---- the PowerShell commands' patterns -----------------------------------------------------

/** The single-quoted literals of `name = '…' + '…'` in the PowerShell source, joined. */
function psAssigned(source, name) {
  const m = new RegExp(`\\$${name} = ((?:'(?:[^']|'')*'(?:\\s*\\+\\s*)?)+)`).exec(source);
  assert.ok(m, `no $${name} in the PowerShell command`);
  return [...m[1].matchAll(/'((?:[^']|'')*)'/g)].map((x) => x[1].replace(/''/g, "'")).join('');
}
const unquote = (s) => s.slice(1, -1).replace(/''/g, "'");

/** The patterns the PowerShell token check is made of, read from the command's text. */
function psPatterns(source) {
  const blank = psAssigned(source, 'blank');
  const quoted = psAssigned(source, 'quoted');
  const pat = psAssigned(source, 'pat');
  const rows = (text) =>
    [...text.matchAll(/@\((\$blank|\$pat|'(?:[^']|'')*'),\s*('(?:[^']|'')*')\)/g)].map((m) => ({
      regex: m[1] === '$blank' ? blank : m[1] === '$pat' ? pat : unquote(m[1]),
      why: unquote(m[2]),
    }));
  const table = source.slice(source.indexOf('$rules = @('), source.indexOf('$pat = '));
  const extra = source.slice(source.indexOf('if ($cloud) {\n'), source.indexOf('foreach ($rule in $rules)'));
  const [cloudExtra, dataCenterExtra] = extra.split('} else {');
  /** The `nth` single-quoted literal after `before` (0: the first). */
  const literal = (before, nth = 0) => {
    const all = [...source.matchAll(new RegExp(`${before.replace(/[$()[\]+.*?^{}|\\]/g, '\\$&')}('(?:[^']|'')*')`, 'g'))];
    assert.ok(all[nth], `no ${before} (${nth}) in the PowerShell command`);
    return unquote(all[nth][1]);
  };
  return {
    blank,
    quoted,
    refusals: rows(table),
    cloudRefusals: rows(cloudExtra),
    dataCenterRefusals: rows(dataCenterExtra),
    pat,
    // The first "elseif ($t -cnotmatch" is Data Center's shape, the second Cloud's current prefix.
    patShape: literal('} elseif ($t -cnotmatch ', 0),
    patChars: Number(/\$t\.Length -lt (\d+)/.exec(source)[1]),
    legacy: literal('$legacy = $cloud -and $t -cmatch '),
    legacyEnd: literal('$today -ge '),
    current: literal('} elseif ($t -cnotmatch ', 1),
    body: literal('$t.Substring(0, $at) -cnotmatch '),
    checksum: literal('$t.Substring($at + 1) -cnotmatch '),
    max: Number(/if \(\$chars -gt (\d+)\)/.exec(source)[1]),
  };
}

/** The PowerShell token check's few lines, followed with its patterns; `cloud` as its $cloud. */
function psJudgement(p, plain, today, cloud = true) {
  const re = (s, flags = '') => new RegExp(s, flags);
  let t = plain;
  let was;
  do {
    was = t;
    t = t.replace(re(`^${p.blank}+|${p.blank}+$`, 'g'), '');
    if (re(p.quoted).test(t)) t = t.slice(1, -1);
  } while (t !== was);
  const chars = plain.length - (plain.match(/[\uDC00-\uDFFF]/g) ?? []).length;
  let why = chars > p.max ? 'far longer' : null;
  for (const rule of [...p.refusals, ...(cloud ? p.cloudRefusals : p.dataCenterRefusals)]) if (!why && re(rule.regex).test(t)) why = rule.why;
  const legacy = cloud && re(p.legacy).test(t);
  if (!why && legacy && today >= p.legacyEnd) why = 'legacy';
  if (why) return { refused: true, noted: false, value: null };
  if (!cloud) {
    const odd = !re(p.pat).test(t);
    return { refused: false, noted: odd, value: t };
  }
  const at = t.lastIndexOf('=');
  const crc = (text) => (zlib.crc32(Buffer.from(text, 'utf8')) >>> 0).toString(16).toUpperCase().padStart(8, '0');
  const odd = !re(p.current).test(t)
    || at < 0
    || !re(p.body).test(t.slice(0, at))
    || !re(p.checksum).test(t.slice(at + 1))
    || crc(t.slice(0, at + 1)) !== t.slice(at + 1);
  return { refused: false, noted: odd, value: t };
}

describe('the token, judged by the PowerShell commands\' patterns', () => {
  test('every PowerShell command holds the same token check', () => {
    const input = { site: 'acme', email: EMAIL, token: '', name: 'Jira', tinesTenant: 'acme.tines.com', teamId: '42', today: TODAY };
    const check = api.buildCheckCommands(input);
    const sources = [check.powershell, check.windowsPowershell, api.buildTinesApiCommands(input).powershell, api.buildReplaceCommands(input).powershell];
    const fragment = (s) => {
      const from = s.indexOf('# Check the token as the page does');
      const to = s.indexOf('$plain = $t', from);
      return s.slice(from, to).split('\n').map((l) => l.trim()).join('\n');
    };
    for (const s of sources.slice(1)) assert.equal(fragment(s), fragment(sources[0]));
    assert.deepEqual(psPatterns(sources[1]), psPatterns(sources[0]));
  });

  test('its patterns refuse, note and clean exactly as the page does', () => {
    const source = api.buildCheckCommands({ site: 'acme', email: EMAIL, token: '', name: 'Jira', today: TODAY }).powershell;
    const p = psPatterns(source);
    assert.ok(p.refusals.length >= 8, `${p.refusals.length} refusals`);
    const today = TODAY.replace(/-/g, '');
    const wrong = [];
    for (const token of TOKENS) {
      const want = page(token);
      const got = psJudgement(p, token, today);
      if (isCommandsGap(want, token)) {
        if (got.refused) wrong.push(`${JSON.stringify(token)}: the listed gap is refused after all`);
        continue;
      }
      if (got.refused !== want.refused || got.noted !== want.noted || (!got.refused && got.value !== want.value)) {
        wrong.push(`${JSON.stringify(token)}: page ${JSON.stringify(want)}; PowerShell ${JSON.stringify(got)}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('Data Center: its patterns refuse, note and clean a personal access token exactly as the page does', () => {
    const source = api.buildCheckCommands({ site: DC_BASE, deployment: 'data-center', token: '', name: 'Jira', today: TODAY }).powershell;
    const p = psPatterns(source);
    assert.ok(p.dataCenterRefusals.length === 2 && p.cloudRefusals.length === 1, JSON.stringify(p));
    const today = TODAY.replace(/-/g, '');
    const wrong = [];
    for (const token of PAT_TOKENS) {
      const want = page(token, 'data-center');
      const got = psJudgement(p, token, today, false);
      if (isCommandsGap(want, token)) {
        if (got.refused) wrong.push(`${JSON.stringify(token)}: the listed gap is refused after all`);
        continue;
      }
      if (got.refused !== want.refused || got.noted !== want.noted || (!got.refused && got.value !== want.value)) {
        wrong.push(`${JSON.stringify(token)}: page ${JSON.stringify(want)}; PowerShell ${JSON.stringify(got)}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  test('a legacy token: refused from the day all of them stopped, noted before it', () => {
    const source = api.buildCheckCommands({ site: 'acme', email: EMAIL, token: '', name: 'Jira', today: TODAY }).powershell;
    const p = psPatterns(source);
    const legacy = 'abcdefghijklmnopqrstuvwx';
    for (const day of ['2026-05-11', '2026-05-12']) {
      const want = api.checkToken(legacy, day);
      const got = psJudgement(p, legacy, day.replace(/-/g, ''));
      assert.equal(got.refused, !want.ok, day);
      assert.equal(got.noted, want.ok && want.diagnostics.some((d) => d.severity === 'warning'), day);
    }
  });
});
