// The PowerShell commands, parsed: the check for PowerShell 7 (`powershell`), the check for Windows
// PowerShell 5.1 (`windowsPowershell`) and the Tines API command (`tinesApiPowershell`), for both
// routes and for emails and names made to break a careless quoting. There is no PowerShell here, so
// they are read with the tree-sitter-powershell grammar (powershell-tree.mjs) and judged by their
// syntax tree: no ERROR or MISSING node; the same tree shape whatever was typed; the prompts; no
// PowerShell 7-only parameter in the 5.1 command; the transcript they print; and every typed value
// inside a single-quoted string whose value is exactly what was typed.
//
//   node --test tests/commands/powershell.test.mjs      (needs `npm run build`)

import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';

import { loadApi, commandsFor, HOSTILE_EMAILS, HOSTILE_NAMES } from './lib.mjs';
import {
  loadParser, parsePowerShell, nodes, shape, unwrap, verbatimValue, commandsNamed, parameterNames, argumentOf,
  addends, writtenValue, statements, bodyOf, literalValue,
} from './powershell-tree.mjs';
import { PERMISSIONS } from '../relay/cases.mjs';
import { CLOUD_ID } from '../e2e/fake-jira.mjs';

// The permissions question in two strings, each short enough for a line of its own: the path up
// to `permissions=`, then the list, put together in the request as `'<path>' + $want`.
const PERMISSIONS_PATH = PERMISSIONS.slice(0, PERMISSIONS.indexOf('=') + 1);
const PERMISSIONS_LIST = PERMISSIONS.slice(PERMISSIONS.indexOf('=') + 1);

const SITE_HOST = 'acme.atlassian.net';
const TENANT = 'acme.tines.com';
const TEAM = '42';
const EXPIRY = '2027-01-15';
const SERVICE = 'bot@serviceaccount.atlassian.com';

// Windows PowerShell 5.1's parameters (its Invoke-WebRequest and Get-Credential help pages); the
// 5.1 command may use no other. -Authentication, -SkipHttpErrorCheck, -Token, -Title and the rest
// came with PowerShell 6 and 7.
const WINPS_PARAMETERS = {
  'invoke-webrequest': [
    'usebasicparsing', 'uri', 'websession', 'sessionvariable', 'credential', 'usedefaultcredentials',
    'certificatethumbprint', 'certificate', 'useragent', 'disablekeepalive', 'timeoutsec', 'headers',
    'maximumredirection', 'method', 'proxy', 'proxycredential', 'proxyusedefaultcredentials', 'body',
    'contenttype', 'transferencoding', 'infile', 'outfile', 'passthru',
  ],
  'get-credential': ['credential', 'message', 'username'],
};
const COMMON_PARAMETERS = [
  'verbose', 'debug', 'erroraction', 'warningaction', 'informationaction', 'errorvariable', 'warningvariable',
  'informationvariable', 'outvariable', 'outbuffer', 'pipelinevariable',
];

/** The ways a command may be generated: both routes, every hostile email and name. */
function variants() {
  const out = [];
  HOSTILE_EMAILS.forEach((email, i) => {
    for (const scoped of [false, true]) {
      out.push({ email, scoped, name: HOSTILE_NAMES[i % HOSTILE_NAMES.length], expiresOn: i % 2 ? '' : EXPIRY });
    }
  });
  HOSTILE_NAMES.forEach((name, i) => out.push({ email: 'jane@acme.com', scoped: false, name, expiresOn: i % 2 ? EXPIRY : '' }));
  out.push({ email: SERVICE, scoped: false, name: 'Jira bot', expiresOn: EXPIRY });
  return out;
}
const label = (v) => `${v.scoped || v.email === SERVICE ? 'scoped' : 'site'} route, email ${v.email}, name ${v.name}`;
const isScoped = (v) => v.scoped || v.email === SERVICE;

function build(v) {
  return commandsFor({ site: 'acme', email: v.email, name: v.name, scoped: v.scoped, expiresOn: v.expiresOn, tinesTenant: TENANT, teamId: TEAM });
}

/** Parse, and fail with every ERROR and MISSING node shown. */
function parseClean(source, what) {
  const parsed = parsePowerShell(source);
  assert.deepEqual(parsed.problems, [], `${what} does not parse:\n${source}`);
  return parsed;
}

/** Every verbatim string in the tree, with its value. */
function verbatims(parsed) {
  return [...nodes(parsed.root)]
    .filter((n) => n.type === 'verbatim_string_characters')
    .map((n) => ({ node: n, value: verbatimValue(parsed, n) }));
}

/** The value as ps_quote writes it, without the outer quotes. */
const doubled = (s) => s.replace(/['\u2018-\u201B]/g, '$&$&');

/**
 * `typed` appears in the source only inside verbatim strings: with every '...' string blanked out,
 * neither it nor its quoted form is left anywhere, and some string's value holds it.
 */
function assertOnlyInsideVerbatim(parsed, typed, what) {
  const strings = verbatims(parsed);
  let outside = parsed.source;
  for (const { node } of strings) {
    outside = outside.slice(0, node.startIndex) + ' '.repeat(node.endIndex - node.startIndex) + outside.slice(node.endIndex);
  }
  assert.ok(!outside.includes(typed) && !outside.includes(doubled(typed)), `${what}: ${JSON.stringify(typed)} stands outside a single-quoted string`);
  assert.ok(strings.some((s) => s.value.includes(typed)), `${what}: no string holds ${JSON.stringify(typed)}`);
}

/** Classifies what a statement writes: the transcript's parts. */
function transcriptPart(parsed, statement) {
  if (unwrap(statement)?.type === 'foreach_statement') {
    const inner = statements(bodyOf(unwrap(statement)));
    if (inner.length === 1) {
      const parts = addends(writtenValue(inner[0]) ?? inner[0]);
      if (parts.length === 3 && verbatimValue(parsed, parts[1]) === ': ') return 'headers';
    }
    return 'other';
  }
  const value = writtenValue(statement);
  if (!value) return 'other';
  const parts = addends(value);
  if (verbatimValue(parsed, parts[0]) === 'HTTP/') {
    // 'HTTP/' + <version> + ' ' + [int]<status> + ' ' + <reason>
    assert.equal(parts.length, 6, `status line: ${parsed.text(value)}`);
    assert.match(parsed.text(parts[1]), /\.(Version|ProtocolVersion)$/);
    assert.equal(verbatimValue(parsed, parts[2]), ' ');
    assert.match(parsed.text(parts[3]), /^(\[int\])?\$\w+\.StatusCode$/);
    assert.equal(verbatimValue(parsed, parts[4]), ' ');
    assert.match(parsed.text(parts[5]), /\.StatusDescription$/);
    return 'status';
  }
  if (verbatimValue(parsed, value) === '') return 'blank';
  if (/^\$(r\.Content|body)$/.test(parsed.text(value))) return 'body';
  return 'other';
}

/** The transcript parts a block writes, in order. */
function transcriptOf(parsed, list) {
  return statements(list).map((s) => transcriptPart(parsed, s)).filter((p) => p !== 'other');
}

function functionNamed(parsed, name) {
  const fns = [...nodes(parsed.root)].filter((n) => n.type === 'function_statement' && n.namedChildren[0]?.text === name);
  assert.equal(fns.length, 1, `one function ${name}`);
  return fns[0];
}

/** The Remove-Variable statements, parsed or in the grammar's known gap. */
function cleanupOf(parsed) {
  return [
    ...commandsNamed(parsed.root, 'Remove-Variable')
      .filter((c) => !insideError(c))
      .map((c) => parsed.text(c)),
    ...parsed.gaps.filter((g) => g.startsWith('Remove-Variable ')),
  ];
}

function insideError(node) {
  for (let n = node.parent; n; n = n.parent) if (n.type === 'ERROR') return true;
  return false;
}

/** The variable a node's value is assigned to: `$x = <... node ...>` gives '$x'. */
function assignedTo(parsed, node) {
  for (let n = node.parent; n; n = n.parent) {
    if (n.type === 'assignment_expression') return parsed.text(n.namedChildren[0]).trim();
  }
  return undefined;
}

/** Where Show-Answer is called, in source order. */
function showAnswerCalls(parsed) {
  return commandsNamed(parsed.root, 'Show-Answer');
}

before(async () => {
  await loadApi();
  await loadParser();
});

describe('the parser is strict enough to catch what these tests are for', () => {
  test('it reports ERROR or MISSING nodes for broken PowerShell', () => {
    for (const broken of [
      "$cred = Get-Credential -UserName 'o'brien@acme.com' -Message 'x'",
      "$a = 'unterminated",
      'if ($x) { $y',
      "Write-Host ('HTTP/' + )",
      "$x = 'a\u2019b'", // a typographic quote ends a verbatim string in PowerShell
    ]) {
      assert.notDeepEqual(parsePowerShell(broken).problems, [], broken);
    }
  });

  test('the grammar\'s known gap (a bare-word list argument) is allowed only exactly as it is', () => {
    // Valid PowerShell the grammar cannot read: allowed, and listed.
    for (const ok of ['Get-Process notepad, calc', 'Remove-Variable auth, cred', '$x = 1; Remove-Variable plain, token, key']) {
      const p = parsePowerShell(ok);
      assert.deepEqual(p.problems, [], ok);
      assert.equal(p.gaps.length, 1, ok);
    }
    // Anything else in that place is still a problem.
    for (const bad of ["Remove-Variable auth, 'cred", 'Remove-Variable auth, cred)', 'Remove-Variable auth,, cred', 'Remove-Variable $(auth), cred x']) {
      assert.notDeepEqual(parsePowerShell(bad).problems, [], bad);
    }
  });

  test('an undoubled quote that still parses changes the tree\'s shape', () => {
    const good = parsePowerShell("$cred = Get-Credential -UserName 'a''b@acme.com' -Message 'm'");
    const bad = parsePowerShell("$cred = Get-Credential -UserName 'a'b@acme.com -Message 'm'");
    assert.deepEqual(good.problems, []);
    assert.notEqual(shape(good.root), shape(bad.root));
  });
});

for (const kind of ['powershell', 'windowsPowershell']) {
  describe(`${kind}: the check command`, () => {
    const reference = { site: { email: 'jane@acme.com', scoped: false }, scoped: { email: 'jane@acme.com', scoped: true } };

    for (const v of variants()) {
      test(label(v), () => {
        const source = build(v)[kind];
        const parsed = parseClean(source, kind);
        const route = isScoped(v) ? 'scoped' : 'site';

        // Whatever was typed, the same program: only string contents differ.
        const plain = parseClean(build({ ...reference[route], name: 'Jira', expiresOn: '' })[kind], `${kind} (plain inputs)`);
        assert.equal(shape(parsed.root), shape(plain.root), 'the typed values changed the program\'s structure');

        // It prompts: one Get-Credential, for exactly the typed email.
        const prompts = commandsNamed(parsed.root, 'Get-Credential');
        assert.equal(prompts.length, 1);
        assert.equal(verbatimValue(parsed, argumentOf(prompts[0], '-UserName')), v.email);
        assert.ok(verbatimValue(parsed, argumentOf(prompts[0], '-Message')).length > 0);
        assert.ok(!/ConvertTo-SecureString|AsPlainText|-Password\b/i.test(source), 'the token could be given on the command line');
        assertOnlyInsideVerbatim(parsed, v.email, kind);
        assert.deepEqual(verbatims(parsed).filter((s) => s.value.includes(v.email)).map((s) => s.value), [v.email]);

        // It asks what the live check asks: the values typed, the route, the site's /myself, the
        // cloud id after a plain 401 there (or at once on the scoped route), /myself on the
        // gateway, and the permissions after a 200.
        const strings = verbatims(parsed).map((s) => s.value);
        assert.ok(source.includes(`$site = 'https://${SITE_HOST}'`), 'the site');
        assert.ok(source.includes(`$route = '${route}'`), 'the route the page found');
        assert.ok(strings.includes('/_edge/tenant_info'));
        assert.ok(strings.includes('https://api.atlassian.com/ex/jira/') && strings.includes('/rest/api/3/myself'));
        assert.ok(strings.includes(PERMISSIONS_PATH) && strings.includes(PERMISSIONS_LIST), 'the permissions question is not asked');
        assert.ok(source.includes(`$want = '${PERMISSIONS_LIST}'`), 'the permissions asked are not $want');
        // The cloud id is checked before use, with the core's shape of a UUID.
        const uuid = [...nodes(parsed.root)].filter((n) => n.type === 'if_statement' && /\$cloudId -cmatch /.test(parsed.text(n).split('{')[0]));
        assert.equal(uuid.length, 1, 'the cloud id is not checked before use');
        const shapeOfId = new RegExp(strings.find((v) => v.startsWith('^[0-9a-fA-F]')));
        assert.ok(shapeOfId.test(CLOUD_ID) && shapeOfId.test(CLOUD_ID.toUpperCase()));
        for (const bad of ['', CLOUD_ID.slice(1), `${CLOUD_ID}0`, CLOUD_ID.replace(/-/g, ''), CLOUD_ID.replaceAll('-', 'a').replace(/a/, '-'), `${CLOUD_ID.slice(0, 35)}g`, '-'.repeat(36)]) {
          assert.ok(!shapeOfId.test(bad), `accepts ${bad}`);
        }
        const onFailure = [...nodes(parsed.root)].filter((n) => n.type === 'if_statement' && /-eq 401\b/.test(parsed.text(n).split('{')[0]));
        assert.equal(onFailure.length, 1, 'the gateway is asked only after a 401 at the site');
        const condition = parsed.text(onFailure[0]).split('{')[0];
        assert.match(condition, /\$route -ceq 'scoped' -or/, 'or at once on the scoped route');
        assert.match(condition, /'X-Authentication-Denied-Reason'\] -match 'captcha'/, 'not after a CAPTCHA');
        assert.match(condition, /-notmatch 'basic authentication with passwords is deprecated'/, 'not after a password');
        assert.ok(parsed.text(onFailure[0]).includes('/_edge/tenant_info'), 'the cloud id is looked up inside that branch');
        const afterSuccess = [...nodes(parsed.root)].filter((n) => n.type === 'if_statement' && /-eq 200\b/.test(parsed.text(n).split('{')[0]));
        assert.equal(afterSuccess.length, 1, 'the permissions are asked only after a 200');
        assert.ok(parsed.text(afterSuccess[0]).includes(`'${PERMISSIONS_PATH}' + $want`));

        // It prints the transcript: status line, headers, blank line, body, in that order.
        const show = functionNamed(parsed, 'Show-Answer');
        const parts = transcriptOf(parsed, bodyOf(show.namedChildren.find((c) => c.type === 'script_block')));
        assert.deepEqual(parts.slice(0, 4), ['status', 'headers', 'blank', 'body'], `Show-Answer writes ${parts.join(', ')}`);
        const calls = showAnswerCalls(parsed);
        assert.equal(calls.length, 4, 'each answer is printed: the site, the cloud id, the gateway, the permissions');
        // The token is asked for once, before any answer.
        assert.ok(prompts[0].startIndex < calls[0].startIndex);

        // Every question goes through one request, inside Ask-Jira.
        const requests = commandsNamed(parsed.root, 'Invoke-WebRequest');
        assert.equal(requests.length, 1, 'one Invoke-WebRequest');
        const ask = functionNamed(parsed, 'Ask-Jira');
        assert.ok(ask.startIndex < requests[0].startIndex && requests[0].endIndex <= ask.endIndex, 'the token goes out only through Ask-Jira');
        if (kind === 'windowsPowershell') {
          for (const [name, allowed] of Object.entries(WINPS_PARAMETERS)) {
            for (const cmd of commandsNamed(parsed.root, name)) {
              for (const p of parameterNames(cmd)) {
                assert.ok(allowed.includes(p) || COMMON_PARAMETERS.includes(p), `${name} -${p} is not in Windows PowerShell 5.1`);
              }
            }
          }
          assert.ok(![...nodes(parsed.root)].some((n) => n.type === 'pipeline_chain_tail'), '&& and || are PowerShell 7 only');
          assert.ok(parameterNames(requests[0]).includes('usebasicparsing'));
          assert.equal(parsed.text(argumentOf(requests[0], '-MaximumRedirection')), '0', 'a redirect is never followed');
          // The Basic header is built from the prompt, the token as the check left it, and dropped at the end.
          assert.match(source, /\$cred\.GetNetworkCredential\(\)\.Password/);
          assert.match(source, /\$cred\.UserName \+ ':' \+ \$plain/);
          assert.deepEqual(cleanupOf(parsed), ['Remove-Variable auth, plain, t, cred']);
        } else {
          assert.ok(parameterNames(requests[0]).includes('skiphttperrorcheck'), 'an error answer would throw instead of printing');
          // Signed in by a splatted table: Basic with $cred, or nothing with -Open.
          assert.match(parsed.text(ask), /\$signIn = @\{ Authentication = 'Basic'; Credential = \$cred \}/);
          assert.match(parsed.text(ask), /if \(\$Open\) \{ \$signIn = @\{\} \}/);
          assert.match(parsed.text(requests[0]), /@signIn/);
          // The tenant_info lookup is the one question asked -Open.
          const open = [...nodes(parsed.root)].filter((n) => n.type === 'command' && /^Ask-Jira\b/.test(parsed.text(n)) && /-Open\b/.test(parsed.text(n)));
          assert.equal(open.length, 1);
          assert.match(parsed.text(open[0]), /\/_edge\/tenant_info/);
          assert.deepEqual(cleanupOf(parsed), ['Remove-Variable plain, t, cred']);
        }
      });
    }
  });
}

describe('tinesApiPowershell: creating the credential through Tines\' API', () => {
  const plain = (expiresOn, scoped) =>
    parseClean(build({ email: 'jane@acme.com', scoped, name: 'Jira', expiresOn }).tinesApiPowershell, 'tinesApiPowershell (plain inputs)');

  for (const v of variants()) {
    test(label(v), () => {
      const source = build(v).tinesApiPowershell;
      const parsed = parseClean(source, 'tinesApiPowershell');
      const ref = plain(v.expiresOn, isScoped(v));
      assert.equal(shape(parsed.root), shape(ref.root), 'the typed values changed the program\'s structure');

      // Both secrets are read with Read-Host -AsSecureString, into $key and $token.
      const reads = commandsNamed(parsed.root, 'Read-Host');
      assert.equal(reads.length, 2);
      for (const r of reads) assert.ok(parameterNames(r).includes('assecurestring'));
      assert.deepEqual(reads.map((r) => assignedTo(parsed, r)), ['$key', '$token']);
      for (const r of reads) assert.ok(verbatimValue(parsed, argumentOf(r, '-Prompt')).length > 0);

      // The token and the key are checked before anything is sent: every refusal returns
      // before the request.
      const request = commandsNamed(parsed.root, 'Invoke-WebRequest');
      assert.equal(request.length, 1);
      const refusals = [...nodes(parsed.root)].filter((n) => n.type === 'flow_control_statement' && /^return\b/.test(parsed.text(n)));
      assert.equal(refusals.length, 2, 'the token and the key each refused before the request');
      for (const r of refusals) assert.ok(r.endIndex < request[0].startIndex, 'a refusal after the request');
      assert.match(source, /That is not a Jira API token: /);
      assert.match(source, /That is not a Tines API key/);

      // The request: POST, Bearer with the SecureString key, JSON, every answer printed.
      const r = request[0];
      assert.equal(parsed.text(argumentOf(r, '-Method')), 'Post');
      assert.equal(verbatimValue(parsed, argumentOf(r, '-Uri')), `https://${TENANT}/api/v1/user_credentials`);
      assert.equal(parsed.text(argumentOf(r, '-Authentication')), 'Bearer');
      assert.equal(parsed.text(argumentOf(r, '-Token')), '$key');
      assert.equal(verbatimValue(parsed, argumentOf(r, '-ContentType')), 'application/json');
      assert.ok(parameterNames(r).includes('skiphttperrorcheck'), 'a 401 or 422 would throw instead of printing');
      const tryBlock = [...nodes(parsed.root)].find((n) => n.type === 'try_statement');
      assert.deepEqual(transcriptOf(parsed, bodyOf(tryBlock)).slice(-3), ['status', 'blank', 'body']);

      // The body: a literal hashtable, the same fields as the sh command sends, value = $plain.
      const assignment = [...nodes(parsed.root)].find(
        (n) => n.type === 'assignment_expression' && parsed.text(n.namedChildren[0]).trim() === '$body',
      );
      const table = [...nodes(assignment)].find((n) => n.type === 'cast_expression');
      const body = literalValue(parsed, table);
      const expected = {
        name: v.name,
        mode: 'TEXT',
        value: { variable: '$plain' },
        team_id: Number(TEAM),
        description: `Jira Cloud ${SITE_HOST} as ${v.email}`,
        metadata: { domain: SITE_HOST, username: v.email },
        allowed_hosts: isScoped(v) ? [SITE_HOST, 'api.atlassian.com'] : [SITE_HOST],
        read_access: 'TEAM',
        ...(v.expiresOn ? { expires_at: `${v.expiresOn}T00:00:00Z`, expiry_notifications_enabled: { variable: '$true' } } : {}),
      };
      assert.deepEqual(body, expected);
      assert.match(parsed.text(assignment), /\| ConvertTo-Json -Depth 5 -Compress$/);
      assertOnlyInsideVerbatim(parsed, v.email, 'tinesApiPowershell');
      assertOnlyInsideVerbatim(parsed, v.name, 'tinesApiPowershell');

      // The secrets are dropped at the end, whichever step stops it.
      assert.deepEqual(cleanupOf(parsed), ['Remove-Variable plain, t, token, key']);
      assert.match(source, /\} finally \{\n\s*# Drop both secrets from memory\.\n\s*Remove-Variable plain, t, token, key\n\s*\}\n\}$/, 'the secrets are not dropped last');
    });
  }
});
