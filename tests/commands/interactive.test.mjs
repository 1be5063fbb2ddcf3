// The sh commands as a person runs them: pasted at the prompt of an interactive shell on a terminal,
// not handed to `sh -c`. The shell reads the line itself first, so what an interactive shell does
// to a line (history expansion of `!`, in bash and in zsh, macOS's default shell) applies. Each
// command is typed at the prompt of bash, zsh and dash, its secrets typed at its own prompts, and
// it must do what it does under `sh -c`: the check reads back as verified, the credential is
// created with the typed token.
//
//   node --test tests/commands/interactive.test.mjs      (needs `npm run build`, bash, zsh)

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { startFakeJira, JANE, SCOPED } from '../e2e/fake-jira.mjs';
import { startFakeTines, VALID_KEY, TINES_HOSTS } from './fake-tines.mjs';
import { loadApi, commandsFor, curlHome, runOnTerminal, asShown, HOSTILE_EMAILS } from './lib.mjs';

const TOKEN = JANE.token;
// An address with every sign an interactive shell might act on, `!` among them.
const BANG_EMAIL = HOSTILE_EMAILS.find((e) => e.includes('!'));

const SHELLS = [
  { name: 'bash', argv: ['bash', '--norc', '--noprofile', '-i'] },
  { name: 'zsh', argv: ['zsh', '-f', '-i'] },
  { name: 'dash', argv: ['dash', '-i'] },
];

let api;
let jira;
let tines;
let home;

before(async () => {
  api = await loadApi();
  jira = await startFakeJira();
  tines = await startFakeTines();
  home = curlHome({
    maps: [...TINES_HOSTS.map((host) => ({ host, port: tines.port })), { host: '', port: jira.port }],
    certs: [jira.certPath, tines.certPath],
  });
});
after(async () => {
  await jira?.close();
  await tines?.close();
  home?.remove();
});

/**
 * Types `command` at the prompt of `shell`, then each answer at its prompt, then `exit`. The
 * answers are looked for only once the shell has echoed the whole command line (its last
 * characters), since the command's own text holds its prompts' text.
 */
function atPrompt(shell, command, answers) {
  return runOnTerminal(shell.argv, {
    // PS2 empty: a pasted multi-line command is echoed by the terminal ahead of the shell reading
    // it, and each continuation prompt the shell prints ("> ") lands wherever the echo has got to,
    // inside the echoed text. The echo's last characters, which the answers wait for below, were
    // then split ("| s> end 3<&0; echo'"), nothing matched, and the run hung (a clean-clone CI run
    // failed so). The prompts change nothing in how the shell reads the line.
    env: { ...home.env, PS1: 'PROMPT> ', PS2: '' },
    // A deadline for a hang, not a measure.
    timeoutMs: 30_000,
    // What a shell says when it refuses a line: then nothing will come, stop at once.
    abortOn: ['event not found', 'parse error', 'syntax error', 'bad pattern'],
    answers: [
      { expect: 'PROMPT> ', reply: command, echoOffWithinMs: 0 },
      { expect: command.slice(-16), reply: '', raw: true, echoOffWithinMs: 0 },
      ...answers,
      { expect: 'PROMPT> ', reply: 'exit', echoOffWithinMs: 0 },
    ],
  });
}

function assertRan(run, answers) {
  const shown = asShown(run.output);
  assert.equal(run.aborted, null, `the shell refused the line:\n${shown.slice(-1500)}`);
  assert.equal(run.timedOut, false, `the shell did not finish:\n${shown.slice(-1500)}`);
  assert.doesNotMatch(shown, /event not found|syntax error|parse error|unmatched|bad pattern/i, shown.slice(-1500));
  assert.equal(run.answered, answers + 3, `not every prompt came:\n${shown.slice(-1500)}`);
}

for (const shell of SHELLS) {
  describe(`pasted at an interactive ${shell.name} prompt`, () => {
    for (const [route, email, token] of [['site', BANG_EMAIL, TOKEN], ['site', JANE.email, TOKEN], ['scoped', SCOPED.email, SCOPED.token]]) {
      test(`the curl check, ${route} route, ${email}`, async () => {
        const command = commandsFor({ site: 'acme', email }).curl;
        jira.clear();
        const run = await atPrompt(shell, command, [{ expect: `Jira API token for ${email} (typing is hidden): `, reply: token }]);
        assertRan(run, 1);
        assert.equal(run.echoOff[2], true, 'typing was not hidden');
        // The site, and after its 401 the gateway: every question carries what was typed, exactly.
        const withToken = jira.requests.filter((q) => q.headers.authorization);
        assert.ok(withToken.length >= 1, asShown(run.output).slice(-1500));
        for (const q of withToken) {
          const sent = Buffer.from(q.headers.authorization.replace(/^Basic /, ''), 'base64').toString('utf8');
          assert.equal(sent, `${email}:${token}`, 'the email did not reach Jira as typed');
        }
        const verdict = api.interpretTranscript(asShown(run.output), { site: 'acme', email });
        // The good token for jane and the service account; the hostile address has no account.
        assert.equal(verdict.outcome, email === BANG_EMAIL ? 'rejected' : 'verified', asShown(run.output));
      });
    }

    // zsh expands `!` in a line typed at its prompt (history expansion) unless it is quoted: the
    // command's `[!...]` character checks only survive because the command runs its script as
    // `sh -c '...'`. This test failed (zsh: "event not found: A") before it did.
    test(`the Tines API command creates the credential, secrets typed at its prompts`, async () => {
      const name = `Jira ${shell.name} it's!`;
      const command = commandsFor({ site: 'acme', email: BANG_EMAIL, name, tinesTenant: 'acme.tines.com', teamId: '42' }).tinesApi;
      tines.clear();
      const run = await atPrompt(shell, command, [
        { expect: 'Tines API key (typing is hidden): ', reply: VALID_KEY },
        { expect: 'Jira API token (typing is hidden): ', reply: TOKEN },
      ]);
      assertRan(run, 2);
      assert.deepEqual(run.echoOff.slice(2, 4), [true, true], 'typing was not hidden');
      assert.equal(tines.requests.length, 1, asShown(run.output).slice(-1500));
      const body = tines.requests[0].body;
      assert.equal(body.value, TOKEN);
      assert.equal(body.name, name);
      assert.equal(body.metadata.username, BANG_EMAIL);
      assert.ok(!run.output.includes(VALID_KEY) && !run.output.includes(TOKEN), 'a secret was shown');
      assert.match(asShown(run.output), /HTTP\/1\.1 201 Created/);
    });
  });
}
