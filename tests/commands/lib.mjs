// Shared helpers for the command suites (tests/commands/*.test.mjs): they take the terminal commands
// the module generates and run them for real, unchanged, under sh, against local fakes over HTTPS.
//
// How a command reaches a fake without being changed: curl reads $CURL_HOME/.curlrc before its
// arguments, so a .curlrc with `connect-to` sends the hosts to 127.0.0.1:<fake's port> and `cacert`
// trusts the fake's certificate. That is test plumbing, as a person's own ~/.curlrc would be.
// Secrets are supplied the way a person supplies them: typed at a prompt on a terminal (pty-run.py)
// or on standard input; never on any command line, this suite's helpers' included.

import { loadModule } from '../../scripts/bench/wasm-module.mjs';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
const PKG = path.join(ROOT, 'www', 'pkg');
const PTY_RUN = path.join(HERE, 'pty-run.py');
const ARGV_WATCH = path.join(HERE, 'argv-watch.py');
// The interpreter itself, not a version manager's shim script in front of it: the helpers start
// once per run, and a shim costs a shell and more each time.
const PYTHON = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim() || 'python3';

/** The day every suite builds its commands on. */
export const TODAY = '2026-12-01';

let api;
/** The wasm module, loaded once (needs `npm run build`). */
export async function loadApi() {
  if (api) return api;
  // Both modules, as one object (the check commands are the first's, the Tines API commands the
  // second's).
  ({ api } = await loadModule());
  return api;
}

/** The five commands (buildCheckCommands' three, and buildTinesApiCommands' two as tinesApi and
 *  tinesApiPowershell, null until the tenant and team id are valid), with this suite's defaults;
 *  fails unless site, email and name were accepted. */
export function commandsFor(input) {
  const full = { token: '', name: 'Jira', today: TODAY, ...input };
  const report = api.buildCredential(full);
  assert.ok(report.outputs, `no outputs for ${JSON.stringify(input)}: ${JSON.stringify(report.fields)}`);
  const tinesApi = api.buildTinesApiCommands(full);
  return { ...api.buildCheckCommands(full), tinesApi: tinesApi?.curl ?? null, tinesApiPowershell: tinesApi?.powershell ?? null };
}

/** Emails and names that a careless command would let the shell or PowerShell read as code. */
export const HOSTILE_EMAILS = Object.freeze([
  "o'brien@acme.com",
  "o'b$c`d|e&f%g{h}@acme.com",
  "it's''$id`id`~!#^*+=?@acme.com",
  "a&b|c%PATH%{x}$HOME@acme.com",
  "'@acme.com",
]);
export const HOSTILE_NAMES = Object.freeze([
  'Jira',
  "Jira O'Brien's",
  'Jira \u2018prod\u2019 \u201Bold\u201A $env:PATH `n $(whoami)',
  "Jira | & % {} $x `b ' \u2019 \" \\ end",
  '\u2019; Remove-Item -Recurse C:\\ #',
]);

/** A fresh folder, removed by the returned function. */
export function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A CURL_HOME folder whose .curlrc sends hosts to local fakes and trusts their certificates.
 * maps: [{ host, port }]; a host of '' maps every host (`connect-to = "::127.0.0.1:<port>"`).
 * Any host not mapped goes to 127.0.0.1:1, which refuses at once: nothing leaves the machine.
 * Returns { dir, env, remove }: env is the whole environment the commands run with.
 */
export function curlHome({ maps, certs }) {
  const { dir, remove } = tempDir('curl-home-');
  const bundle = path.join(dir, 'fakes-ca.pem');
  fs.writeFileSync(bundle, certs.map((c) => fs.readFileSync(c, 'utf8')).join('\n'));
  const lines = ['# Test plumbing: the hosts go to local fakes (see tests/commands/lib.mjs).'];
  for (const { host, port } of maps) lines.push(`connect-to = "${host ? `${host}:443` : ':'}:127.0.0.1:${port}"`);
  lines.push('connect-to = "::127.0.0.1:1"', `cacert = "${bundle}"`, 'noproxy = "*"');
  fs.writeFileSync(path.join(dir, '.curlrc'), lines.join('\n') + '\n');
  // A small, fixed environment: no proxy, no CA variables, nothing from this machine's user.
  const env = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: dir, CURL_HOME: dir, LANG: 'C.UTF-8', TERM: 'dumb' };
  return { dir, env, remove };
}

function collect(child, input) {
  return new Promise((resolve, reject) => {
    const out = [];
    const err = [];
    child.stdout.on('data', (c) => out.push(c));
    child.stderr.on('data', (c) => err.push(c));
    child.on('error', reject);
    child.on('close', (code, signal) =>
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), status: code ?? `signal ${signal}` }),
    );
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/**
 * Runs argv on a new terminal and types each answer at its prompt (see pty-run.py). Returns
 * { output (what the terminal showed, as text), status, timedOut, echoOff: [per answer], aborted }.
 */
export async function runOnTerminal(argv, { env, answers = [], timeoutMs = 15_000, stdoutFile = null, abortOn = [] } = {}) {
  const child = spawn(PYTHON, [PTY_RUN], { stdio: ['pipe', 'pipe', 'pipe'] });
  const r = await collect(child, JSON.stringify({ argv, env, answers, timeoutMs, stdoutFile, abortOn }));
  assert.equal(r.status, 0, `pty-run.py failed: ${r.stderr}`);
  const result = JSON.parse(r.stdout);
  return { ...result, output: Buffer.from(result.output, 'base64').toString('utf8') };
}

/**
 * The text a person copies from the terminal window after a run: what an 80-column terminal shows,
 * not the bytes it was sent. Control sequences (curl writes header names in bold on a terminal)
 * leave no text; a carriage return moves to the start of the row, where later text overwrites; a
 * line longer than the row wraps onto the next, and copying joins wrapped rows without a line
 * break while trimming the end of each real line. The terminal modelled is the one the commands
 * are told they have (TERM=dumb: automatic margins, and no deferred wrap at the last column, so a
 * character written there moves the cursor to the next row at once; zsh, for one, counts on
 * exactly that when it starts its prompt on a fresh row).
 */
export function asShown(raw, { columns = 80, deferredWrap = false } = {}) {
  const rows = [[]];
  const wrapped = [false];
  let r = 0;
  let c = 0;
  let pendingWrap = false;
  const newRow = (soft) => {
    wrapped[r] = soft;
    r++;
    if (!rows[r]) {
      rows[r] = [];
      wrapped[r] = false;
    }
  };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '\x1b') {
      // CSI: ESC [ parameters intermediates final; erase-in-line (K) clears to the row's end.
      const csi = /^\x1b\[([0-?]*)[ -/]*([@-~])/.exec(raw.slice(i, i + 32));
      if (csi) {
        if (csi[2] === 'K' && (csi[1] === '' || csi[1] === '0')) rows[r].length = Math.min(rows[r].length, c);
        i += csi[0].length - 1;
        continue;
      }
      const osc = /^\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/.exec(raw.slice(i, i + 256));
      i += osc ? osc[0].length - 1 : 1;
      continue;
    }
    if (ch === '\r') {
      c = 0;
      pendingWrap = false;
    } else if (ch === '\n') {
      newRow(false);
      pendingWrap = false;
    } else if (ch === '\b') {
      if (c > 0) c--;
      pendingWrap = false;
    } else if (ch === '\t') {
      c = Math.min(columns - 1, (Math.floor(c / 8) + 1) * 8);
    } else if (ch >= ' ' && ch !== '\x7f') {
      if (pendingWrap) {
        newRow(true);
        c = 0;
        pendingWrap = false;
      }
      for (let k = rows[r].length; k < c; k++) rows[r][k] = ' ';
      rows[r][c] = ch;
      if (c < columns - 1) c++;
      else if (deferredWrap) pendingWrap = true;
      else {
        newRow(true);
        c = 0;
      }
    }
  }
  let text = '';
  rows.forEach((row, i) => {
    const line = row.join('');
    text += wrapped[i] ? line.padEnd(columns, ' ') : line.trimEnd() + (i < rows.length - 1 ? '\n' : '');
  });
  return text;
}

/**
 * Runs `<shell> -c command` with `stdin` as its standard input. Returns { stdout, stderr, status }.
 * With `trace`, it runs under strace, which records every program started (execve) with its
 * whole argument list and environment, however briefly it lived: the result then has `execs`,
 * one line per execve as strace prints it (`execve("/usr/bin/curl", [argv...], [env...]) = 0`).
 */
export async function runShell(shell, command, { env, stdin = '', trace = false } = {}) {
  if (!trace) return collect(spawn(shell, ['-c', command], { env, stdio: ['pipe', 'pipe', 'pipe'] }), stdin);
  const { dir, remove } = tempDir('exec-trace-');
  try {
    // -ff: one file per process, so that two programs started at once (the two sides of a pipe)
    // never split each other's lines.
    const args = ['-ff', '-qq', '--seccomp-bpf', '-e', 'trace=execve', '-e', 'signal=none', '-v', '-s', '1000000', '-o', path.join(dir, 'exec'), shell, '-c', command];
    const result = await collect(spawn('strace', args, { env, stdio: ['pipe', 'pipe', 'pipe'] }), stdin);
    const execs = fs
      .readdirSync(dir)
      .flatMap((f) => fs.readFileSync(path.join(dir, f), 'utf8').split('\n'))
      .filter((line) => line.startsWith('execve('));
    assert.ok(execs.length > 0, `strace recorded nothing: ${result.stderr}`);
    return { ...result, execs };
  } finally {
    remove();
  }
}

/**
 * Starts argv-watch.py, idle. `await watcher.watch(needles)` resolves once it has listed every
 * process once; `await watcher.stop()` resolves with its report { rounds, longestGapMs, hits,
 * seen }; `close()` ends it. One watcher serves many runs, so its start-up is paid once.
 */
export function startWatcher({ intervalMs = 2 } = {}) {
  const child = spawn(PYTHON, [ARGV_WATCH], { stdio: ['pipe', 'pipe', 'pipe'] });
  let buffered = '';
  let err = '';
  const waiting = [];
  child.stderr.on('data', (c) => (err += c));
  child.stdout.on('data', (c) => {
    buffered += c;
    let at;
    while ((at = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, at);
      buffered = buffered.slice(at + 1);
      waiting.shift()?.resolve(line);
    }
  });
  const ended = new Promise((resolve) => child.on('close', resolve));
  ended.then((code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`argv-watch.py ended (${code}): ${err}`));
  });
  const nextLine = () => new Promise((resolve, reject) => waiting.push({ resolve, reject }));
  return {
    async watch(needles) {
      const line = nextLine();
      child.stdin.write(`watch ${JSON.stringify({ needles, intervalMs })}\n`);
      assert.equal(await line, 'ready');
    },
    async stop() {
      const line = nextLine();
      child.stdin.write('stop\n');
      return JSON.parse(await line);
    },
    async close() {
      child.stdin.end();
      const code = await ended;
      assert.equal(code, 0, `argv-watch.py failed: ${err}`);
    },
  };
}

/** `sh` on this machine, and bash too when it is there: the shells a person's terminal may run. */
export const SHELLS = Object.freeze(['sh', ...(fs.existsSync('/bin/bash') ? ['bash'] : [])]);
