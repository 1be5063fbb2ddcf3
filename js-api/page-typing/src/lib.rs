//! The page's first module (`www/pkg/tines_jira_credential*`): what typing
//! needs. A check for each input, and the report each keystroke shows.
//! Everything built on request (the commands, the stories) and the live
//! check are the second module's (`js-api/page-live`).
#![deny(missing_docs)]

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use tines_jira_credential::checks;
use tines_jira_credential::route::Deployment;
use tines_jira_credential_page_common::{
    to_js, today_or, type_error, CredentialInputJs, InputText,
};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
export interface CredentialOutputs {
  name: string;
  credentialKey: string;
  /** The cleaned token (Tines' Value); null while the token is not ok. */
  value: string | null;
  /** Tines' Metadata block: 2-space JSON. Cloud: "domain", "username" (then "account_id");
   * Data Center: "base_url", "domain" (then "username" and "user_key"). */
  metadataJson: string;
  /** Tines' Domains restriction: space-separated hosts. */
  domainsField: string;
  /** For Tines' credential expiry (ISO 8601), from expiresOn; null without one. */
  expiresAt: string | null;
  references: { value: string; domain: string; username: string; baseUrl: string };
  /** The file name to offer for buildStory's text. */
  storyFileName: string;
  /** The file name to offer for buildDailyStory's text. */
  dailyStoryFileName: string;
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
  /** buildReplaceCommands: the Tines API commands', and the cloud id; null exactly when tinesApi is. */
  replace: string | null;
  /** buildStory: the name, the route and the day. */
  story: string;
  /** buildDailyStory: null while it returns null (no valid notifyEmail, or checkTime or timeZone
   * not valid). */
  daily: string | null;
}
/** How many characters (Unicode code points, not UTF-16 units) of each input the checks read:
 * past it, the field is "too long" without being read further. Hand the module at most one
 * character more. */
export interface InputLimits {
  site: number; email: number; token: number; name: number;
  expiresOn: number; tinesTenant: number; teamId: number;
  notifyEmail: number; checkTime: number; timeZone: number; credentialAccount: number;
  /** What a terminal check command printed, for interpretTranscript. */
  transcript: number;
}
/** Whether a live check can run, and how it starts. */
export interface CheckState {
  /** The site, email and token pass their checks: verifyCredential may be asked. */
  ready: boolean;
  /** The site is an Atlassian Cloud host, or a Data Center base of the origin given as
   * CredentialInput.dataCenterOrigin, which a page may ask: any other host can only be checked
   * with a terminal command. */
  fromBrowser: boolean;
  /** The route the check starts on. */
  route: Route;
}
export interface CredentialReport {
  /** Every field ok. */
  ok: boolean;
  /** Which Jira the report is for: "data-center" for a Data Center base URL, "cloud" otherwise. */
  deployment: Deployment;
  fields: {
    /** email is absent for Data Center, which needs none. */
    site: SiteResult; email?: FieldResult; token: FieldResult; name: FieldResult;
    expiresOn: FieldResult; tinesTenant: FieldResult; teamId: FieldResult;
    notifyEmail: FieldResult; checkTime: FieldResult; timeZone: FieldResult;
  };
  /** Present once site, email (Cloud) and name are ok. */
  outputs: CredentialOutputs | null;
  /** Whether a live check can run, and how it starts. */
  check: CheckState;
  /** The name a credential gets when none is typed: the name check suggests it. */
  defaultName: string;
  /** How much of each input the checks read. */
  limits: InputLimits;
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
    /// `CredentialReport` in TypeScript.
    #[wasm_bindgen(typescript_type = "CredentialReport")]
    pub type CredentialReportJs;
}

fn field(result: &tines_jira_credential::FieldResult) -> FieldResultJs {
    to_js(result).unchecked_into()
}

/// Checks a Jira site. `value` is the bare lowercase host; for Data Center,
/// the base URL. `deployment` is which Jira the person said it is ("cloud",
/// "data-center"), left out when not said; anything else is a `TypeError`.
#[wasm_bindgen(js_name = checkSite)]
pub fn check_site(input: &str, deployment: Option<String>) -> Result<SiteResultJs, JsValue> {
    let deployment = said(deployment)?;
    Ok(to_js(&checks::check_site_for(input, deployment)).unchecked_into())
}

/// Which Jira the person said, read as `CredentialInput.deployment` is.
fn said(deployment: Option<String>) -> Result<Option<Deployment>, JsValue> {
    Deployment::parse(deployment.as_deref().unwrap_or("")).map_err(type_error)
}

/// Checks an account email. `value` is the trimmed address.
#[wasm_bindgen(js_name = checkEmail)]
pub fn check_email(input: &str) -> FieldResultJs {
    field(&checks::check_email(input))
}

/// Checks an API token (Cloud), or a personal access token (`deployment`
/// "data-center"). `value` is the cleaned token; messages never contain it.
/// `today` ("YYYY-MM-DD") defaults to the browser's date; any other text is a
/// `TypeError`, as is any other deployment.
#[wasm_bindgen(js_name = checkToken)]
pub fn check_token(
    input: &str,
    today: Option<String>,
    deployment: Option<String>,
) -> Result<FieldResultJs, JsValue> {
    let deployment = said(deployment)?.unwrap_or(Deployment::Cloud);
    Ok(field(&checks::check_token_for(
        input,
        today_or(today)?,
        deployment,
    )))
}

/// Checks a credential name. `value` is the trimmed name.
#[wasm_bindgen(js_name = checkName)]
pub fn check_name(input: &str) -> FieldResultJs {
    field(&checks::check_name(input))
}

/// Checks the token's expiry, "YYYY-MM-DD" (optional: empty is fine).
/// `today` as in `checkToken`.
#[wasm_bindgen(js_name = checkExpiresOn)]
pub fn check_expires_on(input: &str, today: Option<String>) -> Result<FieldResultJs, JsValue> {
    Ok(field(&checks::check_expiry(input, today_or(today)?)))
}

/// Checks a Tines tenant (optional). `value` is the bare lowercase host.
#[wasm_bindgen(js_name = checkTinesTenant)]
pub fn check_tines_tenant(input: &str) -> FieldResultJs {
    field(&checks::check_tenant(input))
}

/// Checks a Tines team id (optional), or the team's address pasted whole.
/// `value` is the number.
#[wasm_bindgen(js_name = checkTeamId)]
pub fn check_team_id(input: &str) -> FieldResultJs {
    field(&checks::check_team_id(input))
}

/// Checks the address the daily check's story emails (optional).
#[wasm_bindgen(js_name = checkNotifyEmail)]
pub fn check_notify_email(input: &str) -> FieldResultJs {
    field(&checks::check_notify_email(input))
}

/// Checks the daily check's time of day, "HH:MM" (optional).
#[wasm_bindgen(js_name = checkCheckTime)]
pub fn check_check_time(input: &str) -> FieldResultJs {
    field(&checks::check_time(input))
}

/// Checks the daily check's IANA time zone (optional).
#[wasm_bindgen(js_name = checkTimeZone)]
pub fn check_time_zone(input: &str) -> FieldResultJs {
    field(&checks::check_time_zone(input))
}

/// The key Tines uses for a credential name: "Jira Prod" → "jira_prod".
#[wasm_bindgen(js_name = credentialKey)]
pub fn credential_key(name: &str) -> js_sys::JsString {
    js_sys::JsString::from(checks::credential_key(name).as_str())
}

/// Checks every input and builds the outputs shown at once: what runs on
/// every keystroke. The commands and the stories are the second module's.
#[wasm_bindgen(js_name = buildCredential)]
pub fn build_credential(input: CredentialInputJs) -> Result<CredentialReportJs, JsValue> {
    let input = InputText::read(input)?;
    Ok(to_js(&tines_jira_credential::build_credential(&input.view())).unchecked_into())
}
