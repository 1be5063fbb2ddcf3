//! The JavaScript API: camelCase names, plain-object results, real TypeScript
//! types. Converts core results to JS values, sends the live check's requests
//! (`transport`), and nothing else.
//!
//! Results cross the boundary as JSON text written by serde_json from the
//! result types' `Serialize` derives and parsed by the engine's own
//! `JSON.parse`: plain data objects, no classes to free.

use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::checks::Date;
use crate::jira::{
    check_relay_prefix, interpret_transcript, needs_site_and_email, Asker, Check, Endpoint, Flow,
    Next, Verification,
};
use crate::route::uses_scoped_route;
use crate::tines::CredentialInput;

mod transport;

use transport::{send, Deadline};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
export type Severity = "error" | "warning" | "info";
export interface Diagnostic {
  severity: Severity;
  /** Stable kebab-case identifier, e.g. "site-http-upgraded". */
  code: string;
  /** One plain sentence for a person. Never contains the token. */
  message: string;
  /** The corrected input, where there is one; the check accepts it. */
  suggestion?: string;
}
export interface FieldResult {
  /** False exactly when a diagnostic has severity "error". */
  ok: boolean;
  /** The cleaned value; null whenever ok is false, and for an optional field left empty. */
  value: string | null;
  diagnostics: Diagnostic[];
}
export type SiteKind = "cloud" | "cloud-legacy" | "custom" | "invalid";
export interface SiteResult extends FieldResult { kind: SiteKind }
export interface CredentialInput {
  site: string;
  email: string;
  token: string;
  name: string;
  /** The token has scopes: build the outputs for api.atlassian.com. Service accounts always do.
   * Set it from a Verification whose route is "scoped"; a live check finds the route by itself. */
  scoped?: boolean;
  /** The site's cloud id, from Verification.cloudId: the scoped outputs use it (anything but a UUID is ignored). */
  cloudId?: string;
  /** The token's expiry, "YYYY-MM-DD" (optional). */
  expiresOn?: string;
  /** The Tines tenant's host, e.g. "acme.tines.com" (optional). */
  tinesTenant?: string;
  /** The Tines team id, a positive integer (optional). */
  teamId?: string;
  /** "YYYY-MM-DD"; default: the browser's date. */
  today?: string;
}
export type Route = "site" | "scoped";
export interface CredentialOutputs {
  name: string;
  credentialKey: string;
  /** The cleaned token (Tines' Value); null while the token is not ok. */
  value: string | null;
  /** Tines' Metadata block: 2-space JSON, keys "domain" then "username". */
  metadataJson: string;
  /** Tines' Domains restriction: space-separated hosts. */
  domainsField: string;
  /** For Tines' credential expiry (ISO 8601), from expiresOn; null without one. */
  expiresAt: string | null;
  references: { value: string; domain: string; username: string; baseUrl: string };
  /** The file name to offer for buildStory's text. */
  tinesStoryFileName: string;
  route: Route;
  /** The cloud id given in CredentialInput.cloudId, when it is a UUID. On the scoped route,
   * references.baseUrl holds "{cloudId}" until it is known. */
  cloudId: string | null;
  /** On the scoped route, the scopes the token needs; empty on the site route. */
  scopes: ScopeNeed[];
  /** On the scoped route while the cloud id is unknown: where to find it; else null. */
  cloudIdHint: string | null;
  /** What each part built on request is made from. */
  parts: Parts;
}
/** What each part built on request is made from, one text per part: while a part's text is
 * unchanged, the part built before is still right. */
export interface Parts {
  /** buildCheckCommands: the site, the email and the route. */
  check: string;
  /** buildTinesApiCommands: null while it returns null (the tenant or team id is not valid). */
  tinesApi: string | null;
  /** buildStory: the name, the route and the day. */
  story: string;
}
/** How many characters of each input the checks read: past it, the field is "too long" without
 * being read further. Hand the module at most one character more. */
export interface InputLimits {
  site: number; email: number; token: number; name: number;
  expiresOn: number; tinesTenant: number; teamId: number;
}
/** From buildCheckCommands: each prompts for the token, contains no secret, and prints a
 * transcript that interpretTranscript reads. */
export interface CheckCommands {
  /** POSIX shell (macOS, Linux). */
  curl: string;
  /** PowerShell 7 (pwsh). */
  powershell: string;
  /** Windows PowerShell 5.1. */
  windowsPowershell: string;
}
/** From buildTinesApiCommands: create the credential through Tines' API. Each prompts for the
 * Tines API key and the Jira token; neither is ever on a command line. */
export interface TinesApiCommands {
  curl: string;
  powershell: string;
}
export interface ScopeNeed {
  /** What it is for, e.g. "Create issues". */
  usedFor: string;
  /** The Jira operation, e.g. "POST /rest/api/3/issue". */
  operation: string;
  /** The classic scope, e.g. "write:jira-work". */
  classic: string;
  /** The granular scopes that replace it, all needed. */
  granular: string[];
}
export interface CredentialReport {
  /** Every field ok. */
  ok: boolean;
  fields: {
    site: SiteResult; email: FieldResult; token: FieldResult; name: FieldResult;
    expiresOn: FieldResult; tinesTenant: FieldResult; teamId: FieldResult;
  };
  /** Present once site, email and name are ok. */
  outputs: CredentialOutputs | null;
  /** The site is valid and an Atlassian Cloud host, which the page may ask: a custom host can
   * only be checked with a terminal command. */
  checkableFromBrowser: boolean;
  /** How much of each input the checks read. */
  limits: InputLimits;
}
export interface VerifyInput {
  site: string;
  email: string;
  token: string;
}
export interface VerifyOptions {
  /** Give up after this many milliseconds (default 15000). */
  timeoutMs?: number;
  /** Go straight to api.atlassian.com. Without it, a 401 at the site sends the check on to
   * api.atlassian.com by itself (the route is found); service accounts always go there. */
  scoped?: boolean;
  /** Cancels the check. */
  signal?: AbortSignal;
  /** A same-origin relay path prefix such as "/jira-relay"; absolute URLs are refused. */
  relay?: string;
}
export interface TranscriptInput {
  site: string;
  email: string;
  scoped?: boolean;
}
export type Outcome =
  | "verified" | "rejected" | "captcha" | "forbidden" | "site-not-found" | "rate-limited"
  | "jira-error" | "not-jira" | "blocked-by-browser" | "unreachable" | "relay-error"
  | "not-a-transcript" | "timeout" | "aborted" | "redirected";
export interface Account {
  accountId: string;
  displayName: string;
  emailAddress?: string;
  active: boolean;
  accountType: string;
}
export interface Verification {
  outcome: Outcome;
  message: string;
  route: Route;
  status?: number;
  retryAfterSeconds?: number;
  diagnostics: Diagnostic[];
  account?: Account;
  /** The site's cloud id, once the check looked it up: pass it to buildCredential as cloudId. */
  cloudId?: string;
  /** What the account may do, asked after a verified /myself. */
  permissions?: Permissions;
}
export interface PermissionState {
  /** Jira's key, e.g. "CREATE_ISSUES". */
  key: string;
  /** The name in Jira's permission schemes, e.g. "Create Issues". */
  name: string;
  /** What Tines does with it. */
  usedFor: string;
  /** true: held in at least one project; false: in none; null: Jira's answer did not say. */
  have: boolean | null;
}
export interface Permissions {
  /** All held, which are missing and whom to ask, or why nothing could be read. */
  message: string;
  status?: number;
  /** BROWSE_PROJECTS, CREATE_ISSUES, EDIT_ISSUES, ADD_COMMENTS, TRANSITION_ISSUES, ASSIGN_ISSUES. */
  items: PermissionState[];
}
"#;

#[wasm_bindgen]
extern "C" {
    /// `SiteResult` in TypeScript.
    #[wasm_bindgen(typescript_type = "SiteResult")]
    pub type SiteResultJs;
    /// `FieldResult` in TypeScript.
    #[wasm_bindgen(typescript_type = "FieldResult")]
    pub type FieldResultJs;
    /// `CredentialInput` in TypeScript.
    #[wasm_bindgen(typescript_type = "CredentialInput")]
    pub type CredentialInputJs;
    /// `CredentialReport` in TypeScript.
    #[wasm_bindgen(typescript_type = "CredentialReport")]
    pub type CredentialReportJs;
    /// `CheckCommands | null` in TypeScript.
    #[wasm_bindgen(typescript_type = "CheckCommands | null")]
    pub type CheckCommandsJs;
    /// `TinesApiCommands | null` in TypeScript.
    #[wasm_bindgen(typescript_type = "TinesApiCommands | null")]
    pub type TinesApiCommandsJs;
    /// `string | null` in TypeScript.
    #[wasm_bindgen(typescript_type = "string | null")]
    pub type StoryJs;
    /// `VerifyInput` in TypeScript.
    #[wasm_bindgen(typescript_type = "VerifyInput")]
    pub type VerifyInputJs;
    /// `VerifyOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "VerifyOptions")]
    pub type VerifyOptionsJs;
    /// `TranscriptInput` in TypeScript.
    #[wasm_bindgen(typescript_type = "TranscriptInput")]
    pub type TranscriptInputJs;
    /// `Verification` in TypeScript.
    #[wasm_bindgen(typescript_type = "Verification")]
    pub type VerificationJs;
    /// `Promise<Verification>` in TypeScript.
    #[wasm_bindgen(typescript_type = "Promise<Verification>")]
    pub type VerificationPromiseJs;
}

/// Converts a core result to a plain JS object: serde_json writes it, the
/// engine's `JSON.parse` reads it. The result types hold only strings,
/// booleans, numbers, options and lists, so serialising cannot fail.
fn to_js<T: Serialize>(value: &T) -> JsValue {
    match serde_json::to_string(value) {
        Ok(json) => js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL),
        Err(_) => JsValue::NULL,
    }
}

fn get(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A string property; anything else (missing, null, a number) reads as "".
fn get_string(object: &JsValue, key: &str) -> String {
    get(object, key).as_string().unwrap_or_default()
}

/// `today` as given ("YYYY-MM-DD"), or the browser's local date: the day the
/// person sees on their calendar.
fn today_or(given: Option<String>) -> Date {
    if let Some(date) = given.as_deref().and_then(Date::parse) {
        return date;
    }
    let now = js_sys::Date::new_0();
    let year = u16::try_from(now.get_full_year()).unwrap_or(1970);
    let month = u8::try_from(now.get_month() + 1).unwrap_or(1);
    let day = u8::try_from(now.get_date()).unwrap_or(1);
    Date::new(year, month, day).unwrap_or(Date::EPOCH)
}

/// Checks a Jira site. `value` is the bare lowercase host.
#[wasm_bindgen(js_name = checkSite)]
pub fn check_site(input: &str) -> SiteResultJs {
    to_js(&crate::check_site(input)).unchecked_into()
}

/// Checks an account email. `value` is the trimmed address.
#[wasm_bindgen(js_name = checkEmail)]
pub fn check_email(input: &str) -> FieldResultJs {
    to_js(&crate::check_email(input)).unchecked_into()
}

/// Checks an API token. `value` is the cleaned token; messages never contain
/// it. `today` ("YYYY-MM-DD") defaults to the browser's date.
#[wasm_bindgen(js_name = checkToken)]
pub fn check_token(input: &str, today: Option<String>) -> FieldResultJs {
    to_js(&crate::check_token(input, today_or(today))).unchecked_into()
}

/// Checks a credential name. `value` is the trimmed name.
#[wasm_bindgen(js_name = checkName)]
pub fn check_name(input: &str) -> FieldResultJs {
    to_js(&crate::check_name(input)).unchecked_into()
}

/// The key Tines uses for a credential name: "Jira Prod" → "jira_prod".
#[wasm_bindgen(js_name = credentialKey)]
pub fn credential_key(name: &str) -> js_sys::JsString {
    js_sys::JsString::from(crate::credential_key(name).as_str())
}

/// A `CredentialInput` object's fields, read once (missing or non-string
/// fields read as empty).
struct InputText {
    site: String,
    email: String,
    token: String,
    name: String,
    expires_on: String,
    tines_tenant: String,
    team_id: String,
    cloud_id: String,
    scoped: bool,
    today: Date,
}

impl InputText {
    fn read(input: CredentialInputJs) -> InputText {
        let input: JsValue = input.into();
        let text = |key| get_string(&input, key);
        InputText {
            site: text("site"),
            email: text("email"),
            token: text("token"),
            name: text("name"),
            expires_on: text("expiresOn"),
            tines_tenant: text("tinesTenant"),
            team_id: text("teamId"),
            cloud_id: text("cloudId"),
            scoped: get(&input, "scoped").is_truthy(),
            today: today_or(get(&input, "today").as_string()),
        }
    }

    fn view(&self) -> CredentialInput<'_> {
        CredentialInput {
            site: &self.site,
            email: &self.email,
            token: &self.token,
            name: &self.name,
            scoped: self.scoped,
            cloud_id: &self.cloud_id,
            expires_on: &self.expires_on,
            tines_tenant: &self.tines_tenant,
            team_id: &self.team_id,
            today: self.today,
        }
    }
}

/// Checks every input and builds the outputs shown at once: what runs on
/// every keystroke. The commands and the story have their own calls.
#[wasm_bindgen(js_name = buildCredential)]
pub fn build_credential(input: CredentialInputJs) -> CredentialReportJs {
    to_js(&crate::build_credential(&InputText::read(input).view())).unchecked_into()
}

/// The check commands (curl, PowerShell 7, Windows PowerShell 5.1), or null
/// while `buildCredential` has no outputs.
#[wasm_bindgen(js_name = buildCheckCommands)]
pub fn build_check_commands(input: CredentialInputJs) -> CheckCommandsJs {
    to_js(&crate::build_check_commands(&InputText::read(input).view())).unchecked_into()
}

/// The commands that create the credential through Tines' API, or null until
/// the Tines tenant and team id are valid too.
#[wasm_bindgen(js_name = buildTinesApiCommands)]
pub fn build_tines_api_commands(input: CredentialInputJs) -> TinesApiCommandsJs {
    to_js(&crate::build_tines_api_commands(
        &InputText::read(input).view(),
    ))
    .unchecked_into()
}

/// The story that tests the credential inside Tines (export JSON), or null
/// while `buildCredential` has no outputs.
#[wasm_bindgen(js_name = buildStory)]
pub fn build_story(input: CredentialInputJs) -> StoryJs {
    match crate::build_story(&InputText::read(input).view()) {
        Some(story) => JsValue::from_str(&story),
        None => JsValue::NULL,
    }
    .unchecked_into()
}

/// Reads what a terminal check command printed, pasted back into the page,
/// with the same interpreter as the live check. Never stores, logs or sends
/// the text.
#[wasm_bindgen(js_name = interpretTranscript)]
pub fn interpret_transcript_js(text: &str, input: TranscriptInputJs) -> VerificationJs {
    let input: JsValue = input.into();
    let site = crate::check_site(&get_string(&input, "site"));
    let email = crate::check_email(&get_string(&input, "email"));
    let (Some(host), Some(email)) = (site.value, email.value) else {
        return to_js(&needs_site_and_email(uses_scoped_route(
            "",
            get(&input, "scoped").is_truthy(),
        )))
        .unchecked_into();
    };
    let route = uses_scoped_route(&email, get(&input, "scoped").is_truthy());
    to_js(&interpret_transcript(text, &host, &email, route)).unchecked_into()
}

/// The default time a live check may take.
const DEFAULT_TIMEOUT_MS: f64 = 15_000.0;

/// Asks Jira whether the token works and whom it belongs to.
///
/// Resolves with a `Verification` for every answer and every network failure
/// (blocked by the browser, unreachable, timed out, aborted). Rejects with an
/// `Error` only when called with inputs that do not pass the checks, or a
/// relay that is not a same-origin path: a programming error of the caller.
#[wasm_bindgen(js_name = verifyCredential)]
pub fn verify_credential(
    input: VerifyInputJs,
    options: Option<VerifyOptionsJs>,
) -> VerificationPromiseJs {
    let input: JsValue = input.into();
    let options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
    let site = crate::check_site(&get_string(&input, "site"));
    let email = crate::check_email(&get_string(&input, "email"));
    let token = crate::check_token(&get_string(&input, "token"), today_or(None));
    let (Some(host), Some(email), Some(token)) = (site.value, email.value, token.value) else {
        return rejected_promise(
            "verifyCredential needs a valid site, email and token: check them with buildCredential first.",
        );
    };
    let endpoint = match get(&options, "relay").as_string() {
        None => Endpoint::Direct,
        Some(prefix) => match check_relay_prefix(&prefix) {
            Ok(prefix) => Endpoint::Relay(prefix),
            Err(message) => return rejected_promise(&message),
        },
    };
    let timeout_ms = get(&options, "timeoutMs")
        .as_f64()
        .filter(|ms| ms.is_finite() && *ms > 0.0)
        .unwrap_or(DEFAULT_TIMEOUT_MS);
    let signal = get(&options, "signal")
        .dyn_into::<web_sys::AbortSignal>()
        .ok();
    let flow = Flow::start(Check {
        host,
        kind: site.kind,
        route: uses_scoped_route(&email, get(&options, "scoped").is_truthy()),
        email,
        asker: Asker::Browser {
            endpoint,
            isolated: cross_origin_isolated(),
        },
    });
    let future = async move {
        let deadline = Deadline::new(timeout_ms, signal);
        Ok(to_js(&drive(flow, &token, &deadline).await))
    };
    wasm_bindgen_futures::future_to_promise(future).unchecked_into()
}

fn rejected_promise(message: &str) -> VerificationPromiseJs {
    js_sys::Promise::reject(&js_sys::Error::new(message)).unchecked_into()
}

/// Sends each request the flow asks for and hands it the answer, until it
/// gives its verdict. Every decision is the flow's (`crate::jira::flow`).
async fn drive(mut flow: Flow, token: &str, deadline: &Deadline) -> Verification {
    loop {
        match flow.next(Some(token)) {
            Next::Send { request, .. } => flow.answer(send(&request, deadline).await),
            Next::Done(verdict) => return verdict,
        }
    }
}

/// `globalThis.crossOriginIsolated` (HTML standard): true on a page served
/// with COOP and COEP, where `no-cors` answers without CORP are blocked.
fn cross_origin_isolated() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crossOriginIsolated"))
        .map(|v| v.is_truthy())
        .unwrap_or(false)
}

/// Installs a panic hook that logs to the console (feature `panic-hook`).
#[cfg(feature = "panic-hook")]
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
