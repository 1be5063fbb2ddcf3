//! The JavaScript API: camelCase names, plain-object results, real TypeScript
//! types. Converts core results to JS values and nothing else.
//!
//! Results cross the boundary as JSON text parsed by the engine's own
//! `JSON.parse`: a small hand-written writer (`crate::json`, held equal to the
//! serde derives by tests) costs far less than a general serializer, and the
//! objects are plain data (no classes to free).

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::json::ToJson;
use crate::report::CredentialInput;
use crate::site::{is_browser_checkable, SiteKind};
use crate::transport::{send, Cancellation};
use crate::verify::{
    check_relay_prefix, interpret_myself, interpret_tenant_info, myself_request,
    not_checkable_from_browser, scoped_myself_request, tenant_info_request, transport_failure,
    uses_scoped_route, Endpoint, Route, Verification,
};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
export type Severity = "error" | "warning" | "info";
export interface Diagnostic {
  severity: Severity;
  /** Stable kebab-case identifier, e.g. "site-http-upgraded". */
  code: string;
  /** One plain sentence for a person. Never contains the token. */
  message: string;
  /** The corrected input, where there is one. */
  suggestion?: string;
}
export interface FieldResult {
  /** False exactly when a diagnostic has severity "error". */
  ok: boolean;
  /** The cleaned value; null whenever ok is false. */
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
  /** The token has scopes or belongs to a service account: check through api.atlassian.com. */
  scoped?: boolean;
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
  references: { value: string; domain: string; username: string; baseUrl: string };
  /** Terminal commands that prompt for the token; never contain it. */
  commands: { curl: string; powershell: string };
  route: Route;
}
export interface CredentialReport {
  /** Every field ok. */
  ok: boolean;
  fields: { site: SiteResult; email: FieldResult; token: FieldResult; name: FieldResult };
  /** Present once site, email and name are ok. */
  outputs: CredentialOutputs | null;
}
export interface VerifyInput {
  site: string;
  email: string;
  token: string;
}
export interface VerifyOptions {
  /** Give up after this many milliseconds (default 15000). */
  timeoutMs?: number;
  /** Use the scoped route through api.atlassian.com. */
  scoped?: boolean;
  /** Cancels the check. */
  signal?: AbortSignal;
  /** A same-origin relay path prefix such as "/jira-relay"; absolute URLs are refused. */
  relay?: string;
}
export type Outcome =
  | "verified" | "rejected" | "captcha" | "forbidden" | "site-not-found" | "rate-limited"
  | "jira-error" | "not-jira" | "blocked-by-browser" | "timeout" | "aborted" | "redirected";
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
    /// `VerifyInput` in TypeScript.
    #[wasm_bindgen(typescript_type = "VerifyInput")]
    pub type VerifyInputJs;
    /// `VerifyOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "VerifyOptions")]
    pub type VerifyOptionsJs;
    /// `Promise<Verification>` in TypeScript.
    #[wasm_bindgen(typescript_type = "Promise<Verification>")]
    pub type VerificationPromiseJs;
}

/// Converts a core result to a plain JS object.
fn to_js(value: &dyn ToJson) -> JsValue {
    // Room for a check result in one allocation (a few hundred bytes; a whole
    // report is a few kilobytes and grows from there).
    let mut json = String::with_capacity(512);
    value.write_json(&mut json);
    js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL)
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

/// Checks an API token. `value` is the cleaned token; messages never contain it.
#[wasm_bindgen(js_name = checkToken)]
pub fn check_token(input: &str) -> FieldResultJs {
    to_js(&crate::check_token(input)).unchecked_into()
}

/// Checks a credential name. `value` is the trimmed name.
#[wasm_bindgen(js_name = checkName)]
pub fn check_name(input: &str) -> FieldResultJs {
    to_js(&crate::check_name(input)).unchecked_into()
}

/// The key Tines uses for a credential name: "Jira Prod" → "jira_prod".
#[wasm_bindgen(js_name = credentialKey)]
pub fn credential_key(name: &str) -> js_sys::JsString {
    // A `JsString` rather than a `String`: the same `string` in TypeScript,
    // without the boxed-slice hand-over of an owned Rust string.
    js_sys::JsString::from(crate::credential_key(name).as_str())
}

/// Checks all four inputs and builds everything to paste into Tines.
#[wasm_bindgen(js_name = buildCredential)]
pub fn build_credential(input: CredentialInputJs) -> CredentialReportJs {
    let input: JsValue = input.into();
    let (site, email, token, name) = (
        get_string(&input, "site"),
        get_string(&input, "email"),
        get_string(&input, "token"),
        get_string(&input, "name"),
    );
    let report = crate::build_credential(&CredentialInput {
        site: &site,
        email: &email,
        token: &token,
        name: &name,
        scoped: get(&input, "scoped").is_truthy(),
    });
    to_js(&report).unchecked_into()
}

/// The default time a live check may take.
const DEFAULT_TIMEOUT_MS: f64 = 15_000.0;

/// Asks Jira whether the token works and whom it belongs to.
///
/// Resolves with a `Verification` for every answer and every network failure
/// (blocked by the browser, timed out, aborted). Rejects with an `Error` only
/// when called with inputs that do not pass the checks, or a relay that is not
/// a same-origin path: a programming error of the caller.
#[wasm_bindgen(js_name = verifyCredential)]
pub fn verify_credential(
    input: VerifyInputJs,
    options: Option<VerifyOptionsJs>,
) -> VerificationPromiseJs {
    let input: JsValue = input.into();
    let options: JsValue = options.map(Into::into).unwrap_or(JsValue::UNDEFINED);
    let site = crate::check_site(&get_string(&input, "site"));
    let email = crate::check_email(&get_string(&input, "email"));
    let token = crate::check_token(&get_string(&input, "token"));
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
    let route = uses_scoped_route(&email, get(&options, "scoped").is_truthy());
    let kind = site.kind;

    let future = async move {
        let verification = run_verification(
            kind, &host, &email, &token, route, &endpoint, timeout_ms, signal,
        )
        .await;
        Ok(to_js(&verification))
    };
    wasm_bindgen_futures::future_to_promise(future).unchecked_into()
}

fn rejected_promise(message: &str) -> VerificationPromiseJs {
    js_sys::Promise::reject(&js_sys::Error::new(message)).unchecked_into()
}

#[allow(clippy::too_many_arguments)]
async fn run_verification(
    kind: SiteKind,
    host: &str,
    email: &str,
    token: &str,
    route: Route,
    endpoint: &Endpoint,
    timeout_ms: f64,
    signal: Option<web_sys::AbortSignal>,
) -> Verification {
    // Decide before any request: the page's CSP only lets it reach Atlassian's
    // Cloud hosts, and a blocked fetch is indistinguishable from CORS.
    if !is_browser_checkable(kind) {
        return not_checkable_from_browser(route, host);
    }
    let cancellation = match Cancellation::new(timeout_ms, signal) {
        Ok(cancellation) => cancellation,
        Err(_) => return transport_failure(route, crate::verify::TransportFailure::Network),
    };
    match route {
        Route::Site => {
            let request = myself_request(endpoint, host, email, token);
            match send(&request, &cancellation).await {
                Ok(response) => interpret_myself(route, host, email, &response),
                Err(failure) => transport_failure(route, failure),
            }
        }
        Route::Scoped => {
            let lookup = tenant_info_request(endpoint, host);
            let cloud_id = match send(&lookup, &cancellation).await {
                Ok(response) => match interpret_tenant_info(host, &response) {
                    Ok(cloud_id) => cloud_id,
                    Err(verification) => return verification,
                },
                Err(failure) => return transport_failure(route, failure),
            };
            let request = scoped_myself_request(endpoint, &cloud_id, email, token);
            match send(&request, &cancellation).await {
                Ok(response) => interpret_myself(route, host, email, &response),
                Err(failure) => transport_failure(route, failure),
            }
        }
    }
}

/// Installs a panic hook that logs to the console (feature `panic-hook`).
#[cfg(feature = "panic-hook")]
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
