//! The first module: what typing needs. The checks and the report each
//! keystroke shows.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use tines_jira_credential_page_common::{to_js, today_or, CredentialInputJs, InputText};

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
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
  /** buildStory: the name, the route and the day. */
  story: string;
  /** buildDailyStory: null while it returns null (no valid notifyEmail, or checkTime or timeZone
   * not valid). */
  daily: string | null;
}
/** How many characters of each input the checks read: past it, the field is "too long" without
 * being read further. Hand the module at most one character more. */
export interface InputLimits {
  site: number; email: number; token: number; name: number;
  expiresOn: number; tinesTenant: number; teamId: number;
  notifyEmail: number; checkTime: number; timeZone: number; credentialAccount: number;
}
export interface CredentialReport {
  /** Every field ok. */
  ok: boolean;
  fields: {
    site: SiteResult; email: FieldResult; token: FieldResult; name: FieldResult;
    expiresOn: FieldResult; tinesTenant: FieldResult; teamId: FieldResult;
    notifyEmail: FieldResult; checkTime: FieldResult; timeZone: FieldResult;
  };
  /** Present once site, email and name are ok. */
  outputs: CredentialOutputs | null;
  /** The site is valid and an Atlassian Cloud host, which the page may ask: a custom host can
   * only be checked with a terminal command. */
  checkableFromBrowser: boolean;
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

/// Checks a Jira site. `value` is the bare lowercase host.
#[wasm_bindgen(js_name = checkSite)]
pub fn check_site(input: &str) -> SiteResultJs {
    to_js(&tines_jira_credential::check_site(input)).unchecked_into()
}

/// Checks an account email. `value` is the trimmed address.
#[wasm_bindgen(js_name = checkEmail)]
pub fn check_email(input: &str) -> FieldResultJs {
    to_js(&tines_jira_credential::check_email(input)).unchecked_into()
}

/// Checks an API token. `value` is the cleaned token; messages never contain
/// it. `today` ("YYYY-MM-DD") defaults to the browser's date.
#[wasm_bindgen(js_name = checkToken)]
pub fn check_token(input: &str, today: Option<String>) -> FieldResultJs {
    to_js(&tines_jira_credential::check_token(input, today_or(today))).unchecked_into()
}

/// Checks a credential name. `value` is the trimmed name.
#[wasm_bindgen(js_name = checkName)]
pub fn check_name(input: &str) -> FieldResultJs {
    to_js(&tines_jira_credential::check_name(input)).unchecked_into()
}

/// The key Tines uses for a credential name: "Jira Prod" → "jira_prod".
#[wasm_bindgen(js_name = credentialKey)]
pub fn credential_key(name: &str) -> js_sys::JsString {
    js_sys::JsString::from(tines_jira_credential::credential_key(name).as_str())
}

/// Checks every input and builds the outputs shown at once: what runs on
/// every keystroke. The commands and the story have their own calls.
#[wasm_bindgen(js_name = buildCredential)]
pub fn build_credential(input: CredentialInputJs) -> CredentialReportJs {
    to_js(&tines_jira_credential::build_credential(
        &InputText::read(input).view(),
    ))
    .unchecked_into()
}
