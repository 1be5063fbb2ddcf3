//! What the page's two wasm modules share at the JavaScript boundary
//! (docs/architecture.md, "Two modules"): the page's first module
//! (`js-api/page-typing`: the checks, the report every keystroke shows) and
//! its second (`js-api/page-live`: the live check and its transport, the
//! pasted answers' reader, the commands and the stories) both take a
//! `CredentialInput` and give plain objects.
//!
//! Results cross the boundary as JSON text written by serde_json from the
//! result types' `Serialize` derives and parsed by the engine's own
//! `JSON.parse`: plain data objects, no classes to free. The TypeScript types
//! both modules' `.d.ts` files declare are here, once, and every module that
//! links this crate declares them. So is the allocator both use.

#![deny(missing_docs)]

use serde::Serialize;
use wasm_bindgen::prelude::*;

use tines_jira_credential::checks::Date;
use tines_jira_credential::route::Deployment;
use tines_jira_credential::tines::CredentialInput;

/// Both page modules allocate with talc: smaller than the default (dlmalloc),
/// and maintained (docs/architecture.md, "Dependencies").
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

/// The types both modules' `.d.ts` need.
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
export type SiteKind = "cloud" | "cloud-legacy" | "custom" | "data-center" | "invalid";
export interface SiteResult extends FieldResult { kind: SiteKind }
/** Which Jira: Atlassian's cloud, or Data Center (or Server) at its own base URL. */
export type Deployment = "cloud" | "data-center";
export interface CredentialInput {
  /** The Jira site; for Data Center its base URL, such as "https://acme.com/jira". */
  site: string;
  /** Which Jira the site is, as the person said; left out: not said. A Cloud address
   * (*.atlassian.net, *.jira.com) is Cloud whatever is said. */
  deployment?: Deployment;
  /** Jira Cloud: the sign-in email of the token's account. Data Center needs none and does not read it. */
  email: string;
  /** Jira Cloud: an API token; Data Center: a personal access token. */
  token: string;
  name: string;
  /** The token has scopes: build the outputs for api.atlassian.com. Service accounts always do.
   * Set it from a Verification whose route is "scoped"; a live check finds the route by itself. */
  scoped?: boolean;
  /** The site's cloud id, from Verification.cloudId: the scoped outputs use it (anything but a UUID is ignored). */
  cloudId?: string;
  /** The Atlassian account id, from Verification.account.accountId once a check verified the
   * token: the metadata carries it as "account_id", and the replace commands compare it
   * (anything but an account id's characters is ignored). */
  accountId?: string;
  /** Data Center: the user name, from Verification.account.name once a check verified the
   * token (accountId then holds the user's key). */
  accountName?: string;
  /** Data Center: Tines reaches this Jira through a Tines Tunnel; the stories say where to
   * switch it on. */
  tunnel?: boolean;
  /** Data Center: the one origin ("https://host[:port]") the embedding page lets the browser
   * ask, as its Content-Security-Policy and the Jira's CORS allowlist do; report.check.fromBrowser
   * is true only for a base of that origin. */
  dataCenterOrigin?: string;
  /** Replacing a token: the account the credential in Tines is for, as the account_id in its
   * Metadata or the whole Metadata pasted (optional; buildReplacement compares it). */
  credentialAccount?: string;
  /** The token's expiry, "YYYY-MM-DD" (optional). */
  expiresOn?: string;
  /** The Tines tenant's host, e.g. "acme.tines.com" (optional). */
  tinesTenant?: string;
  /** The Tines team id, a positive integer (optional). */
  teamId?: string;
  /** Whom the daily check's story emails when the credential fails (optional; no story without). */
  notifyEmail?: string;
  /** When the daily check runs, "HH:MM" on a 24-hour clock (optional; default "09:00"). */
  checkTime?: string;
  /** The IANA time zone of checkTime, e.g. "Europe/Dublin" (optional; default the browser's). */
  timeZone?: string;
  /** "YYYY-MM-DD"; default: the browser's date. */
  today?: string;
}
export type Route = "site" | "scoped" | "data-center";
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
"#;

#[wasm_bindgen]
extern "C" {
    /// `CredentialInput` in TypeScript.
    #[wasm_bindgen(typescript_type = "CredentialInput")]
    pub type CredentialInputJs;
}

/// Converts a core result to a plain JS object: serde_json writes it, the
/// engine's `JSON.parse` reads it. The result types hold only strings,
/// booleans, numbers, options and lists, so serialising cannot fail.
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    match serde_json::to_string(value) {
        Ok(json) => js_sys::JSON::parse(&json).unwrap_or(JsValue::NULL),
        Err(_) => JsValue::NULL,
    }
}

/// A property of an object; undefined for anything but an object.
pub fn get(object: &JsValue, key: &str) -> JsValue {
    if !object.is_object() {
        return JsValue::UNDEFINED;
    }
    js_sys::Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// The one way bad input is reported (README.md, "JavaScript API"): what a
/// person typed is never an exception, and a check's result or a verdict says
/// what is wrong with it; what only a program can get wrong (a value of the
/// wrong type, a `today` that is not a date, a relay that is not a path on the
/// page's own site) throws a `TypeError`.
pub fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// A string property: "" when it is missing or null; a `TypeError` for any
/// other type.
pub fn get_string(object: &JsValue, key: &str) -> Result<String, JsValue> {
    let value = get(object, key);
    if value.is_undefined() || value.is_null() {
        return Ok(String::new());
    }
    value
        .as_string()
        .ok_or_else(|| type_error(&[key, " must be a string"].concat()))
}

/// A boolean property: false when it is missing or null; a `TypeError` for
/// any other type.
pub fn get_bool(object: &JsValue, key: &str) -> Result<bool, JsValue> {
    let value = get(object, key);
    if value.is_undefined() || value.is_null() {
        return Ok(false);
    }
    value
        .as_bool()
        .ok_or_else(|| type_error(&[key, " must be true or false"].concat()))
}

/// `today` as given ("YYYY-MM-DD"), or without one the browser's local date:
/// the day the person sees on their calendar. A `today` that is not such a
/// date is a `TypeError`: the rules would otherwise judge by another day
/// without a word.
pub fn today_or(given: Option<String>) -> Result<Date, JsValue> {
    if let Some(given) = given {
        return Date::parse(&given)
            .ok_or_else(|| type_error("today must be a date as YYYY-MM-DD, such as 2026-12-07"));
    }
    let now = js_sys::Date::new_0();
    let year = u16::try_from(now.get_full_year()).unwrap_or(1970);
    let month = u8::try_from(now.get_month() + 1).unwrap_or(1);
    let day = u8::try_from(now.get_date()).unwrap_or(1);
    Ok(Date::new(year, month, day).unwrap_or(Date::EPOCH))
}

/// A `CredentialInput` object's fields, read once: a field left out (or null)
/// is empty; a field of another type is a `TypeError`.
pub struct InputText {
    site: String,
    email: String,
    token: String,
    name: String,
    expires_on: String,
    tines_tenant: String,
    team_id: String,
    notify_email: String,
    check_time: String,
    /// The daily check's time zone: the live module puts the browser's in
    /// when none is given.
    pub time_zone: String,
    cloud_id: String,
    account_id: String,
    account_name: String,
    credential_account: String,
    /// The origin the page lets the browser ask on Data Center.
    pub data_center_origin: String,
    deployment: Option<Deployment>,
    scoped: bool,
    tunnel: bool,
    today: Date,
}

impl InputText {
    /// Reads the input object, or says why it cannot be read.
    pub fn read(input: CredentialInputJs) -> Result<InputText, JsValue> {
        let input: JsValue = input.into();
        if !input.is_object() {
            return Err(type_error(
                "the input must be an object (a CredentialInput)",
            ));
        }
        let text = |key| get_string(&input, key);
        let today = get(&input, "today");
        let today = if today.is_undefined() || today.is_null() {
            None
        } else {
            Some(text("today")?)
        };
        Ok(InputText {
            site: text("site")?,
            email: text("email")?,
            token: text("token")?,
            name: text("name")?,
            expires_on: text("expiresOn")?,
            tines_tenant: text("tinesTenant")?,
            team_id: text("teamId")?,
            notify_email: text("notifyEmail")?,
            check_time: text("checkTime")?,
            time_zone: text("timeZone")?,
            cloud_id: text("cloudId")?,
            account_id: text("accountId")?,
            account_name: text("accountName")?,
            credential_account: text("credentialAccount")?,
            data_center_origin: text("dataCenterOrigin")?,
            deployment: Deployment::parse(&text("deployment")?).map_err(type_error)?,
            scoped: get_bool(&input, "scoped")?,
            tunnel: get_bool(&input, "tunnel")?,
            today: today_or(today)?,
        })
    }

    /// The fields as the core takes them.
    pub fn view(&self) -> CredentialInput<'_> {
        CredentialInput {
            site: &self.site,
            deployment: self.deployment,
            email: &self.email,
            token: &self.token,
            name: &self.name,
            scoped: self.scoped,
            cloud_id: &self.cloud_id,
            account_id: &self.account_id,
            account_name: &self.account_name,
            tunnel: self.tunnel,
            data_center_origin: &self.data_center_origin,
            credential_account: &self.credential_account,
            expires_on: &self.expires_on,
            tines_tenant: &self.tines_tenant,
            team_id: &self.team_id,
            notify_email: &self.notify_email,
            check_time: &self.check_time,
            time_zone: &self.time_zone,
            today: self.today,
        }
    }
}

/// Installs a panic hook that logs to the console (feature `panic-hook`).
#[cfg(feature = "panic-hook")]
#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
}
