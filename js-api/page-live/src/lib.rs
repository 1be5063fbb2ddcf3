//! The second module (`--features live`): what a check or a paste needs.
//! The live check's flow driven over gloo-net, the pasted answers' reader,
//! and the outputs built on request: the check, Tines API and replace
//! commands, the stories. The element fetches it in the background once the form can be
//! checked.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use tines_jira_credential::checks::{check_site_for, check_token_for, SiteCheck};
use tines_jira_credential::jira::{
    check_relay_prefix, interpret_transcript, needs_site_and_email, needs_site_email_and_token,
    Asker, Check, Endpoint, Flow, Next, Verification,
};
use tines_jira_credential::route::{uses_scoped_route, Deployment, Route};
use tines_jira_credential_page_common::{
    get, get_bool, get_string, to_js, today_or, type_error, CredentialInputJs, InputText,
};

mod transport;

use transport::{send, Deadline};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
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
/** From buildReplaceCommands: replace the token of the credential of this name in the team
 * through Tines' API. Each prompts for the Tines API key and the new Jira token; neither is ever
 * on a command line. The curl command needs jq. */
export interface ReplaceCommands {
  curl: string;
  powershell: string;
}
/** From buildReplacement: replacing the token of an existing credential. */
export interface Replacement {
  /** The check of CredentialInput.credentialAccount. */
  credentialAccount: FieldResult;
  /** Whether the new token (CredentialInput.accountId, from a verified check) is the
   * credential's account. */
  account: AccountMatch;
}
export interface AccountMatch {
  /** "same": replace the token; "different": do not; "unproven": the new token is not checked
   * yet; "uncompared": the credential's account is not given. */
  state: "same" | "different" | "unproven" | "uncompared";
  message: string;
}
export interface VerifyInput {
  /** The Jira site; for Data Center its base URL. */
  site: string;
  /** Which Jira, as CredentialInput.deployment. */
  deployment?: Deployment;
  /** Jira Cloud only. */
  email?: string;
  /** An API token (Cloud) or a personal access token (Data Center). */
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
  /** Data Center: the one origin ("https://host[:port]") this page lets the browser ask, as its
   * Content-Security-Policy does; a base of any other origin is not asked (blocked-by-browser,
   * with the terminal command as the way on). */
  dataCenterOrigin?: string;
}
export interface TranscriptInput {
  site: string;
  deployment?: Deployment;
  /** Jira Cloud only. */
  email?: string;
  scoped?: boolean;
}
export type Outcome =
  | "verified" | "rejected" | "captcha" | "forbidden" | "site-not-found" | "rate-limited"
  | "jira-error" | "not-jira" | "blocked-by-browser" | "unreachable" | "relay-error"
  | "not-a-transcript" | "timeout" | "aborted" | "redirected" | "invalid-input" | "wrong-jira";
/** How a verdict is shown: its colour and icon. */
export type Tone = "success" | "warning" | "error" | "neutral";
export interface Account {
  /** The Atlassian account id; on Data Center, the user's key. */
  accountId: string;
  displayName: string;
  emailAddress?: string;
  active: boolean;
  /** Cloud: "atlassian", "app", "customer" or "unknown". */
  accountType?: string;
  /** Data Center: the user name. */
  name?: string;
}
export interface Verification {
  outcome: Outcome;
  /** The verdict in a few words, to show first. */
  title: string;
  tone: Tone;
  /** The next step is a terminal check command (buildCheckCommands): the browser could not get,
   * or could not trust, an answer a terminal can. */
  terminal: boolean;
  /** It says something about the token or the site; false when nothing was asked or read
   * ("aborted", "not-a-transcript", "invalid-input"). */
  verdict: boolean;
  /** A sentence to show before the message, where the title alone could read as a fault. */
  lead?: string;
  /** What it means and what to do, for a person. */
  message: string;
  route: Route;
  status?: number;
  retryAfterSeconds?: number;
  /** What the verdict rests on. For "invalid-input", the field checks that failed, by code, with
   * an empty message: their sentences are the first module's (checkSite, checkEmail, checkToken). */
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
    /// `FieldResult` in TypeScript.
    #[wasm_bindgen(typescript_type = "FieldResult")]
    pub type FieldResultJs;
    /// `CheckCommands | null` in TypeScript.
    #[wasm_bindgen(typescript_type = "CheckCommands | null")]
    pub type CheckCommandsJs;
    /// `TinesApiCommands | null` in TypeScript.
    #[wasm_bindgen(typescript_type = "TinesApiCommands | null")]
    pub type TinesApiCommandsJs;
    /// `ReplaceCommands | null` in TypeScript.
    #[wasm_bindgen(typescript_type = "ReplaceCommands | null")]
    pub type ReplaceCommandsJs;
    /// `Replacement` in TypeScript.
    #[wasm_bindgen(typescript_type = "Replacement")]
    pub type ReplacementJs;
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

/// Builds one output from a `CredentialInput`, or throws what `InputText`
/// says is wrong with the object.
fn built<T: serde::Serialize, J: JsCast>(
    input: CredentialInputJs,
    build: impl FnOnce(&tines_jira_credential::CredentialInput<'_>) -> T,
) -> Result<J, JsValue> {
    let input = InputText::read(input)?;
    Ok(to_js(&build(&input.view())).unchecked_into())
}

/// The check commands (curl, PowerShell 7, Windows PowerShell 5.1), or null
/// while `buildCredential` has no outputs.
#[wasm_bindgen(js_name = buildCheckCommands)]
pub fn build_check_commands(input: CredentialInputJs) -> Result<CheckCommandsJs, JsValue> {
    built(input, tines_jira_credential::build_check_commands)
}

/// The commands that create the credential through Tines' API, or null until
/// the Tines tenant and team id are valid too.
#[wasm_bindgen(js_name = buildTinesApiCommands)]
pub fn build_tines_api_commands(input: CredentialInputJs) -> Result<TinesApiCommandsJs, JsValue> {
    built(input, tines_jira_credential::build_tines_api_commands)
}

/// The commands that replace the token of the credential of this name in
/// the team, or null until the Tines tenant and team id are valid too.
#[wasm_bindgen(js_name = buildReplaceCommands)]
pub fn build_replace_commands(input: CredentialInputJs) -> Result<ReplaceCommandsJs, JsValue> {
    built(input, tines_jira_credential::build_replace_commands)
}

/// Replacing the token of an existing credential: the check of the
/// credential's account (`credentialAccount`), and whether the new token,
/// once a check verified it (`accountId`), is that account.
#[wasm_bindgen(js_name = buildReplacement)]
pub fn build_replacement(input: CredentialInputJs) -> Result<ReplacementJs, JsValue> {
    built(input, tines_jira_credential::build_replacement)
}

/// Checks the account a credential in Tines is for: its `account_id` (on
/// Data Center its `user_key`), or its whole Metadata as copied from Tines.
/// `site`, when given and valid, is the Jira site the credential must be for;
/// `deployment` as in `checkSite`. `value` is the account id, or for a
/// Metadata without one, its username.
#[wasm_bindgen(js_name = checkCredentialAccount)]
pub fn check_credential_account(
    input: &str,
    site: Option<String>,
    deployment: Option<String>,
) -> Result<FieldResultJs, JsValue> {
    let said = Deployment::parse(deployment.as_deref().unwrap_or("")).map_err(type_error)?;
    let site = site.map(|s| check_site_for(&s, said));
    let which = site
        .as_ref()
        .map_or(said.unwrap_or(Deployment::Cloud), SiteCheck::deployment);
    Ok(to_js(
        &tines_jira_credential::checks::check_credential_account_for(
            input,
            site.and_then(|s| s.value).as_deref(),
            which,
        ),
    )
    .unchecked_into())
}

/// The site as the person said it is, and what a check needs of the rest:
/// the email on Cloud (`None` on Data Center), and the route.
fn said_site(
    input: &JsValue,
    scoped: bool,
) -> Result<(SiteCheck, Option<tines_jira_credential::FieldResult>, Route), JsValue> {
    let said = Deployment::parse(&get_string(input, "deployment")?).map_err(type_error)?;
    let site = check_site_for(&get_string(input, "site")?, said);
    if site.deployment() == Deployment::DataCenter {
        return Ok((site, None, Route::DataCenter));
    }
    let email = tines_jira_credential::check_email(&get_string(input, "email")?);
    let route = uses_scoped_route(email.value.as_deref().unwrap_or(""), scoped);
    Ok((site, Some(email), route))
}

/// The story that checks the credential every day (export JSON), or null
/// until `buildCredential` has outputs and `notifyEmail` is valid (and
/// `checkTime` and `timeZone`, when given). Without a `timeZone`, the
/// browser's (`Intl.DateTimeFormat().resolvedOptions().timeZone`).
#[wasm_bindgen(js_name = buildDailyStory)]
pub fn build_daily_story(input: CredentialInputJs) -> Result<StoryJs, JsValue> {
    let mut text = InputText::read(input)?;
    if text.time_zone.trim().is_empty() {
        text.time_zone = browser_time_zone();
    }
    Ok(text_or_null(tines_jira_credential::build_daily_story(
        &text.view(),
    )))
}

fn text_or_null(text: Option<String>) -> StoryJs {
    match text {
        Some(text) => JsValue::from_str(&text),
        None => JsValue::NULL,
    }
    .unchecked_into()
}

/// The browser's time zone (ECMA-402, `resolvedOptions().timeZone`); empty
/// when it gives none, and the story then runs in UTC.
fn browser_time_zone() -> String {
    let format = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new());
    get(&format.resolved_options().into(), "timeZone")
        .as_string()
        .unwrap_or_default()
}

/// The story that tests the credential inside Tines (export JSON), or null
/// while `buildCredential` has no outputs.
#[wasm_bindgen(js_name = buildStory)]
pub fn build_story(input: CredentialInputJs) -> Result<StoryJs, JsValue> {
    let input = InputText::read(input)?;
    Ok(text_or_null(tines_jira_credential::build_story(
        &input.view(),
    )))
}

/// The errors of these checks, in order: why a check or a paste cannot go on.
fn errors(
    results: &[&[tines_jira_credential::Diagnostic]],
) -> Vec<tines_jira_credential::Diagnostic> {
    results
        .iter()
        .flat_map(|r| r.iter())
        .filter(|d| d.severity == tines_jira_credential::Severity::Error)
        .cloned()
        .collect()
}

/// Reads what a terminal check command printed, pasted back, with the same
/// interpreter as the live check. Never stores, logs or sends the text. A
/// site or email that does not pass its check gives an `invalid-input`
/// verdict; an input that is not an object, a `TypeError`.
#[wasm_bindgen(js_name = interpretTranscript)]
pub fn interpret_transcript_js(
    text: &str,
    input: TranscriptInputJs,
) -> Result<VerificationJs, JsValue> {
    let input: JsValue = input.into();
    if !input.is_object() {
        return Err(type_error(
            "the input must be an object (a TranscriptInput)",
        ));
    }
    let (site, email, route) = said_site(&input, get_bool(&input, "scoped")?)?;
    let email_value = match &email {
        Some(email) => email.value.as_deref(),
        None => Some(""),
    };
    let email_diagnostics = email
        .as_ref()
        .map(|e| e.diagnostics.as_slice())
        .unwrap_or(&[]);
    let verdict = match (site.target(), email_value) {
        (Some(host), Some(email)) => interpret_transcript(text, host, email, route),
        _ => needs_site_and_email(route, errors(&[&site.diagnostics, email_diagnostics])),
    };
    Ok(to_js(&verdict).unchecked_into())
}

/// The default time a live check may take.
const DEFAULT_TIMEOUT_MS: f64 = 15_000.0;

/// Asks Jira whether the token works and whom it belongs to.
///
/// Resolves with a `Verification` for every answer and every network failure
/// (blocked by the browser, unreachable, timed out, aborted), and for a site,
/// email or token that does not pass its check (`invalid-input`: nothing is
/// sent). Rejects with a `TypeError` only for what a program gets wrong: an
/// input that is not an object, a field of the wrong type, a relay that is not
/// a path on the page's own site.
#[wasm_bindgen(js_name = verifyCredential)]
pub fn verify_credential(
    input: VerifyInputJs,
    options: Option<VerifyOptionsJs>,
) -> VerificationPromiseJs {
    match start_check(
        input.into(),
        options.map(Into::into).unwrap_or(JsValue::UNDEFINED),
    ) {
        Ok(Ok((flow, token, timeout_ms, signal))) => {
            let future = async move {
                let deadline = Deadline::new(timeout_ms, signal);
                Ok(to_js(&drive(flow, &token, &deadline).await))
            };
            wasm_bindgen_futures::future_to_promise(future)
        }
        Ok(Err(verdict)) => js_sys::Promise::resolve(&to_js(&verdict)),
        Err(error) => js_sys::Promise::reject(&error),
    }
    .unchecked_into()
}

/// A check ready to send: its flow, the token, the time limit and the
/// caller's signal.
type Started = (Flow, String, f64, Option<web_sys::AbortSignal>);

/// Reads the inputs and options: a check to start, an `invalid-input`
/// verdict, or a `TypeError`.
fn start_check(input: JsValue, options: JsValue) -> Result<Result<Started, Verification>, JsValue> {
    if !input.is_object() {
        return Err(type_error("the input must be an object (a VerifyInput)"));
    }
    let scoped = get_bool(&options, "scoped")?;
    let (site, email, route) = said_site(&input, scoped)?;
    let token = check_token_for(
        &get_string(&input, "token")?,
        today_or(None)?,
        route.deployment(),
    );
    let endpoint = match get(&options, "relay") {
        relay if relay.is_undefined() || relay.is_null() => Endpoint::Direct,
        relay => match relay.as_string().map(|p| check_relay_prefix(&p)) {
            Some(Ok(prefix)) => Endpoint::Relay(prefix),
            Some(Err(message)) => return Err(type_error(&message)),
            None => return Err(type_error("relay must be a string")),
        },
    };
    let email_value = match &email {
        Some(email) => email.value.clone(),
        None => Some(String::new()),
    };
    let email_diagnostics = email
        .as_ref()
        .map(|e| e.diagnostics.as_slice())
        .unwrap_or(&[]);
    let (Some(host), Some(email_value), Some(token_value)) = (
        site.target().map(String::from),
        email_value,
        token.value.clone(),
    ) else {
        return Ok(Err(needs_site_email_and_token(
            route,
            errors(&[&site.diagnostics, email_diagnostics, &token.diagnostics]),
        )));
    };
    let data_center_origin = match get_string(&options, "dataCenterOrigin")? {
        origin if origin.is_empty() => None,
        origin => Some(origin),
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
        route,
        email: email_value,
        asker: Asker::Browser {
            endpoint,
            isolated: cross_origin_isolated(),
            page_origin: page_origin(),
            data_center_origin,
        },
    });
    Ok(Ok((flow, token_value, timeout_ms, signal)))
}

/// Sends each request the flow asks for and hands it the answer, until it
/// gives its verdict. Every decision is the flow's (`tines_jira_credential::jira::flow`).
async fn drive(mut flow: Flow, token: &str, deadline: &Deadline) -> Verification {
    loop {
        match flow.next(Some(token)) {
            Next::Send { request, .. } => flow.answer(send(&request, deadline).await),
            Next::Done(verdict) => return verdict,
        }
    }
}

/// The page's own origin (`location.origin`), which a Data Center's allowlist
/// must hold for the browser to read its answers.
fn page_origin() -> Option<String> {
    get(&get(&js_sys::global(), "location"), "origin")
        .as_string()
        .filter(|o| o.starts_with("http"))
}

/// `globalThis.crossOriginIsolated` (HTML standard): true on a page served
/// with COOP and COEP, where `no-cors` answers without CORP are blocked.
fn cross_origin_isolated() -> bool {
    js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("crossOriginIsolated"))
        .map(|v| v.is_truthy())
        .unwrap_or(false)
}
