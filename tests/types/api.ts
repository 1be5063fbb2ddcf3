// Type test: uses every function and every field of the public API, so
// `tsc --noEmit` fails when the generated .d.ts loses or mistypes one.
// Never run; only type-checked (scripts/test.sh).
import init, {
  buildCredential,
  checkEmail,
  checkName,
  checkSite,
  checkToken,
  credentialKey,
  type CredentialOutputs,
  type CredentialReport,
  type Diagnostic,
  type FieldResult,
  type Severity,
  type SiteKind,
  type SiteResult,
} from '../../www/pkg/tines_jira_credential.js';
// The second module: the live check, the reader, the story, the Tines API commands.
import initLive, {
  buildCheckCommands,
  type CheckCommands,
  buildStory,
  buildDailyStory,
  buildReplaceCommands,
  buildTinesApiCommands,
  interpretTranscript,
  verifyCredential,
  type Outcome,
  type ReplaceCommands,
  type TinesApiCommands,
  type Verification,
} from '../../www/pkg/tines_jira_credential_live.js';
// @ts-expect-error: the live check is not in the first module
import { verifyCredential as notInFirst } from '../../www/pkg/tines_jira_credential.js';
// @ts-expect-error: nor are the checks in the second
import { checkSite as notInLive } from '../../www/pkg/tines_jira_credential_live.js';
void [notInFirst, notInLive];

// A value of type T where T must be exactly the expected type.
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
function assertType<T extends true>(_: T): void {}

export async function everything(): Promise<void> {
  await init();
  await initLive();

  const site: SiteResult = checkSite('acme');
  const kind: SiteKind = site.kind;
  assertType<Exact<typeof kind, 'cloud' | 'cloud-legacy' | 'custom' | 'invalid'>>(true);
  const ok: boolean = site.ok;
  const value: string | null = site.value;
  const diagnostics: Diagnostic[] = site.diagnostics;
  const first: Diagnostic | undefined = diagnostics[0];
  if (first) {
    const severity: Severity = first.severity;
    assertType<Exact<typeof severity, 'error' | 'warning' | 'info'>>(true);
    const code: string = first.code;
    const message: string = first.message;
    const suggestion: string | undefined = first.suggestion;
    void [code, message, suggestion];
  }

  const email: FieldResult = checkEmail('jane@acme.com');
  const token: FieldResult = checkToken('x');
  const tokenOn: FieldResult = checkToken('x', '2026-12-01');
  const name: FieldResult = checkName('Jira');
  const key: string = credentialKey('Jira Prod');

  const report: CredentialReport = buildCredential({
    site: 'acme',
    email: 'jane@acme.com',
    token: 'x',
    name: 'Jira',
    scoped: false,
    expiresOn: '2027-03-01',
    tinesTenant: 'acme.tines.com',
    teamId: '12',
    notifyEmail: 'secops@acme.com',
    checkTime: '09:00',
    timeZone: 'Europe/Dublin',
    today: '2026-12-01',
  });
  // The optional inputs may be left out.
  buildCredential({ site: 'acme', email: 'jane@acme.com', token: 'x', name: 'Jira' });
  const optionalFields: FieldResult[] = [
    report.fields.expiresOn,
    report.fields.tinesTenant,
    report.fields.teamId,
    report.fields.notifyEmail,
    report.fields.checkTime,
    report.fields.timeZone,
  ];
  const reportOk: boolean = report.ok;
  const fieldSite: SiteResult = report.fields.site;
  const fieldEmail: FieldResult = report.fields.email;
  const fieldToken: FieldResult = report.fields.token;
  const fieldName: FieldResult = report.fields.name;
  const checkable: boolean = report.checkableFromBrowser;
  const limits: number[] = [
    report.limits.site, report.limits.email, report.limits.token, report.limits.name,
    report.limits.expiresOn, report.limits.tinesTenant, report.limits.teamId,
    report.limits.notifyEmail, report.limits.checkTime, report.limits.timeZone,
  ];
  void [checkable, limits];
  const outputs: CredentialOutputs | null = report.outputs;
  if (outputs) {
    const texts: string[] = [
      outputs.name,
      outputs.credentialKey,
      outputs.metadataJson,
      outputs.domainsField,
      outputs.references.value,
      outputs.references.domain,
      outputs.references.username,
      outputs.references.baseUrl,
      outputs.tinesStoryFileName,
    ];
    const maybe: (string | null)[] = [outputs.expiresAt, outputs.cloudIdHint, outputs.parts.tinesApi, outputs.parts.daily];
    const dailyFile: string = outputs.dailyStoryFileName;
    void dailyFile;
    const partKeys: string[] = [outputs.parts.check, outputs.parts.story];
    void partKeys;
    void maybe;
    const cleanedToken: string | null = outputs.value;
    const route: 'site' | 'scoped' = outputs.route;
    void [texts, cleanedToken, route];
  }

  // The commands and the story: their own calls, null while there are no outputs.
  const input = { site: 'acme', email: 'jane@acme.com', token: '', name: 'Jira' };
  const check: CheckCommands | null = buildCheckCommands(input);
  if (check) void ([check.curl, check.powershell, check.windowsPowershell] satisfies string[]);
  const tinesApi: TinesApiCommands | null = buildTinesApiCommands({ ...input, tinesTenant: 'acme.tines.com', teamId: '12' });
  if (tinesApi) void ([tinesApi.curl, tinesApi.powershell] satisfies string[]);
  // The account id a verified check gave: the metadata carries it, the replace commands compare it.
  const replace: ReplaceCommands | null = buildReplaceCommands({
    ...input, tinesTenant: 'acme.tines.com', teamId: '12', accountId: '5b10ac8d82e05b22cc7d4ef5',
  });
  if (replace) void ([replace.curl, replace.powershell] satisfies string[]);
  // The daily check's story: text, or null until notifyEmail is valid.
  const daily: string | null = buildDailyStory({ ...input, notifyEmail: 'secops@acme.com', checkTime: '09:00', timeZone: 'Europe/Dublin' });
  void daily;
  const story: string | null = buildStory(input);
  void story;
  // @ts-expect-error: the story is text (or null), not an object
  const storyObject: { agents: unknown[] } = buildStory(input);
  // @ts-expect-error: the commands are no longer on the report's outputs
  void buildCredential(input).outputs?.commands;

  const controller = new AbortController();
  const verification: Verification = await verifyCredential(
    { site: 'acme', email: 'jane@acme.com', token: 'x' },
    { timeoutMs: 5000, scoped: false, signal: controller.signal, relay: '/jira-relay' },
  );
  await verifyCredential({ site: 'acme', email: 'jane@acme.com', token: 'x' });
  const outcome: Outcome = verification.outcome;
  const outcomes: Outcome[] = [
    'verified', 'rejected', 'captcha', 'forbidden', 'site-not-found', 'rate-limited',
    'jira-error', 'not-jira', 'blocked-by-browser', 'unreachable', 'relay-error', 'not-a-transcript',
    'timeout', 'aborted', 'redirected',
  ];
  const pasted: Verification = interpretTranscript('HTTP/2 200', { site: 'acme', email: 'jane@acme.com', scoped: false });
  interpretTranscript('HTTP/2 200', { site: 'acme', email: 'jane@acme.com' });
  const message: string = verification.message;
  const route: 'site' | 'scoped' = verification.route;
  const status: number | undefined = verification.status;
  const retry: number | undefined = verification.retryAfterSeconds;
  const vDiagnostics: Diagnostic[] = verification.diagnostics;
  const account = verification.account;
  if (account) {
    const fields: [string, string, string | undefined, boolean, string] = [
      account.accountId,
      account.displayName,
      account.emailAddress,
      account.active,
      account.accountType,
    ];
    void fields;
  }

  // @ts-expect-error: the input must be an object with the four fields
  buildCredential('acme');
  // @ts-expect-error: results are typed, not any
  const wrong: number = checkSite('acme').value;

  // @ts-expect-error: interpretTranscript needs the site and email it reads the paste for
  interpretTranscript('HTTP/2 200');

  void [ok, value, email, token, tokenOn, name, key, reportOk, fieldSite, fieldEmail, fieldToken, fieldName];
  void [optionalFields, pasted];
  void [outcome, outcomes, message, route, status, retry, vDiagnostics, wrong];
}
