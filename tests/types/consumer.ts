// A TypeScript consumer of the package, as a user writes one: it imports every entry by the
// package's own name ("tines-jira-credential", "/live", "/element"), and uses every export and
// every field of every exported type. Never run; compiled under strict with no skipLibCheck by
// tests/node/types.test.mjs, which also proves, with TypeScript's own reading of the .d.ts files,
// that nothing exported is left unused here.

import init, {
  initSync,
  buildCredential,
  checkCheckTime,
  checkEmail,
  checkExpiresOn,
  checkName,
  checkNotifyEmail,
  checkSite,
  checkTeamId,
  checkTimeZone,
  checkTinesTenant,
  checkToken,
  credentialKey,
  type CheckState,
  type CredentialInput,
  type CredentialOutputs,
  type CredentialReport,
  type Deployment,
  type Diagnostic,
  type FieldResult,
  type InitInput,
  type InitOutput,
  type InputLimits,
  type Parts,
  type Route,
  type ScopeNeed,
  type Severity,
  type SiteKind,
  type SiteResult,
  type SyncInitInput,
} from 'tines-jira-credential';
import initLive, {
  initSync as initLiveSync,
  buildCheckCommands,
  buildDailyStory,
  buildReplaceCommands,
  buildReplacement,
  buildStory,
  buildTinesApiCommands,
  checkCredentialAccount,
  interpretTranscript,
  verifyCredential,
  type Account,
  type AccountMatch,
  type CheckCommands,
  type InitInput as LiveInitInput,
  type InitOutput as LiveInitOutput,
  type Outcome,
  type PermissionState,
  type Permissions,
  type ReplaceCommands,
  type Replacement,
  type SyncInitInput as LiveSyncInitInput,
  type TinesApiCommands,
  type Tone,
  type TranscriptInput,
  type Verification,
  type VerifyInput,
  type VerifyOptions,
  type CredentialInput as LiveCredentialInput,
  type Deployment as LiveDeployment,
  type Diagnostic as LiveDiagnostic,
  type FieldResult as LiveFieldResult,
  type Route as LiveRoute,
  type ScopeNeed as LiveScopeNeed,
  type Severity as LiveSeverity,
  type SiteKind as LiveSiteKind,
  type SiteResult as LiveSiteResult,
} from 'tines-jira-credential/live';
import {
  TinesJiraCredential,
  type TinesJiraCheckDetail,
  type TinesJiraCredentialEventMap,
  type TinesJiraJobDetail,
} from 'tines-jira-credential/element';

/** Every field of the shared types. */
function diagnostic(d: Diagnostic): string {
  const severity: Severity = d.severity;
  return `${severity} ${d.code} ${d.message} ${d.suggestion ?? ''}`;
}
function field(r: FieldResult): string {
  return `${r.ok} ${r.value ?? ''} ${r.diagnostics.map(diagnostic).join()}`;
}
function site(r: SiteResult): string {
  const kind: SiteKind = r.kind;
  return `${field(r)} ${kind}`;
}
function scope(s: ScopeNeed): string {
  return `${s.usedFor} ${s.operation} ${s.classic} ${s.granular.join()}`;
}

/** Both modules declare the shared types alike: each is assignable to the other. */
function sameShared(
  a: [Diagnostic, FieldResult, SiteResult, CredentialInput, ScopeNeed, Route, Severity, SiteKind, Deployment],
): [
  LiveDiagnostic, LiveFieldResult, LiveSiteResult, LiveCredentialInput, LiveScopeNeed, LiveRoute, LiveSeverity,
  LiveSiteKind, LiveDeployment,
] {
  return a;
}

const input: CredentialInput = {
  site: 'acme',
  deployment: 'cloud',
  email: 'jane@acme.com',
  token: '',
  name: 'Jira Prod',
  scoped: false,
  cloudId: 'a436116f-02ce-4520-8fbb-7301462a1674',
  accountId: '5b10ac8d82e05b22cc7d4ef5',
  accountName: '',
  tunnel: false,
  dataCenterOrigin: 'https://jira.acme.com',
  credentialAccount: '{"domain": "acme.atlassian.net", "account_id": "5b10ac8d82e05b22cc7d4ef5"}',
  expiresOn: '2027-03-01',
  tinesTenant: 'acme.tines.com',
  teamId: '42',
  notifyEmail: 'secops@acme.com',
  checkTime: '09:00',
  timeZone: 'Europe/Dublin',
  today: '2026-12-07',
};

function outputs(o: CredentialOutputs): string {
  const parts: Parts = o.parts;
  const route: Route = o.route;
  return [
    o.name, o.credentialKey, o.value, o.metadataJson, o.domainsField, o.expiresAt,
    o.references.value, o.references.domain, o.references.username, o.references.baseUrl,
    o.storyFileName, o.dailyStoryFileName, route, o.cloudId, o.scopes.map(scope).join(), o.cloudIdHint,
    parts.check, parts.tinesApi, parts.replace, parts.story, parts.daily,
  ].join('\n');
}

function report(r: CredentialReport): string {
  const check: CheckState = r.check;
  const limits: InputLimits = r.limits;
  const f = r.fields;
  const deployment: Deployment = r.deployment;
  return [
    r.ok, deployment, site(f.site), f.email ? field(f.email) : 'no email (Data Center)', field(f.token), field(f.name), field(f.expiresOn), field(f.tinesTenant),
    field(f.teamId), field(f.notifyEmail), field(f.checkTime), field(f.timeZone),
    r.outputs ? outputs(r.outputs) : '', check.ready, check.fromBrowser, check.route, r.defaultName,
    limits.site, limits.email, limits.token, limits.name, limits.expiresOn, limits.tinesTenant, limits.teamId,
    limits.notifyEmail, limits.checkTime, limits.timeZone, limits.credentialAccount, limits.transcript,
  ].join('\n');
}

function account(a: Account): string {
  return `${a.accountId} ${a.displayName} ${a.emailAddress ?? ''} ${a.active} ${a.accountType ?? ''} ${a.name ?? ''}`;
}
function permission(p: PermissionState): string {
  return `${p.key} ${p.name} ${p.usedFor} ${p.have}`;
}
function permissions(p: Permissions): string {
  return `${p.message} ${p.status ?? ''} ${p.items.map(permission).join()}`;
}
function verification(v: Verification): string {
  const outcome: Outcome = v.outcome;
  const tone: Tone = v.tone;
  return [
    outcome, v.title, tone, v.terminal, v.verdict, v.lead ?? '', v.message, v.route, v.status ?? '',
    v.retryAfterSeconds ?? '', v.diagnostics.map(diagnostic).join(), v.account ? account(v.account) : '',
    v.cloudId ?? '', v.permissions ? permissions(v.permissions) : '',
  ].join('\n');
}
function replacement(r: Replacement): string {
  const match: AccountMatch = r.account;
  return `${field(r.credentialAccount)} ${match.state} ${match.message}`;
}
function commands(c: CheckCommands | null, a: TinesApiCommands | null, r: ReplaceCommands | null): string {
  return [c?.curl, c?.powershell, c?.windowsPowershell, a?.curl, a?.powershell, r?.curl, r?.powershell].join('\n');
}

export async function typing(wasm: InitInput | SyncInitInput): Promise<string> {
  const output: InitOutput = await init({ module_or_path: wasm as InitInput });
  void output;
  void initSync;
  const results = [
    site(checkSite('acme')), site(checkSite('https://acme.com/jira', 'data-center')), field(checkEmail('jane@acme.com')),
    field(checkToken('ATATT3', '2026-12-07')), field(checkToken('NTg4OTI1Mzk1OTA1OiBb9S4WPEoK6cmOe6pq6VO0lt6M', undefined, 'data-center')),
    field(checkName('Jira')), field(checkExpiresOn('2027-01-01', '2026-12-07')), field(checkTinesTenant('acme.tines.com')),
    field(checkTeamId('42')), field(checkNotifyEmail('secops@acme.com')), field(checkCheckTime('09:00')),
    field(checkTimeZone('UTC')), credentialKey('Jira Prod'), report(buildCredential(input)),
  ];
  return results.join('\n');
}

export async function live(wasm: LiveInitInput | LiveSyncInitInput, signal: AbortSignal): Promise<string> {
  const output: LiveInitOutput = await initLive({ module_or_path: wasm as LiveInitInput });
  void output;
  void initLiveSync;
  const verifyInput: VerifyInput = { site: 'acme', deployment: 'cloud', email: 'jane@acme.com', token: 'ATATT3' };
  const options: VerifyOptions = {
    timeoutMs: 15_000, scoped: false, signal, relay: '/jira-relay', dataCenterOrigin: 'https://jira.acme.com',
  };
  const transcriptInput: TranscriptInput = { site: 'acme', deployment: 'cloud', email: 'jane@acme.com', scoped: false };
  return [
    commands(buildCheckCommands(input), buildTinesApiCommands(input), buildReplaceCommands(input)),
    buildStory(input), buildDailyStory(input), replacement(buildReplacement(input)),
    field(checkCredentialAccount('5b10ac8d82e05b22cc7d4ef5', 'acme')),
    field(checkCredentialAccount('JIRAUSER10100', 'https://jira.acme.com', 'data-center')),
    verification(interpretTranscript('HTTP/2 200', transcriptInput)),
    verification(await verifyCredential(verifyInput, options)),
    String(sameShared),
  ].join('\n');
}

export function element(el: TinesJiraCredential): string[] {
  const seen: string[] = [];
  const check = (event: CustomEvent<TinesJiraCheckDetail>) => seen.push(`${event.detail.outcome} ${event.detail.route}`);
  const job = (event: CustomEvent<TinesJiraJobDetail>) => seen.push(event.detail.job);
  el.addEventListener('check', check);
  el.addEventListener('job', job);
  el.addEventListener('ready', (event: TinesJiraCredentialEventMap['ready']) => seen.push(event.type));
  el.removeEventListener('check', check);
  // The element's events are its own: on any other element, `check` is an Event, no detail.
  const other = document.createElement('div');
  other.addEventListener('check', (event) => {
    // @ts-expect-error no detail on a plain element's event
    seen.push(event.detail);
  });
  const made: TinesJiraCredential = document.createElement('tines-jira-credential');
  seen.push(String(TinesJiraCredential.observedAttributes), made.tagName);
  return seen;
}
