//! Reading the bodies of Jira's answers (and the relay's).
//!
//! serde_json parses Jira's answers into a `serde_json::Value`, and the fields
//! are taken from it one by one: every field is optional (null counts as
//! absent) and unknown fields are ignored, so a new field in Jira's answer
//! changes nothing, while a field of the wrong type makes the answer not
//! Jira's. Not a derived Deserialize: serde's derived readers report a wrong
//! type or a repeated key through `de::Error::custom`, which makes serde_json
//! carry the text of every such error and core's formatting (4.2 KB gzipped
//! of the module, measured); a Value never fails that way. One difference: a
//! key given twice counts once (the last), where the derived reader refused it.

use serde_json::Value;

use crate::jira::request::CloudId;
use crate::jira::Account;

/// Every field this module reads from any answer, in one struct. The fields by
/// answer:
/// - `/myself` (Jira Cloud REST API v3, "Get current user"): `accountId`,
///   `displayName`, `emailAddress`, `active`, `accountType`;
/// - Data Center's `/rest/api/2/myself` (Jira Data Center REST API 2,
///   "Myself"): `key`, `name`, `displayName`, `emailAddress`, `active`;
/// - `_edge/tenant_info`: `cloudId`;
/// - Jira's error bodies (Jira Cloud REST API v3, "Status codes"):
///   `{"errorMessages": [...], "errors": {}}`, `{"errorMessage": "..."}`, and
///   the gateway's `{"code": .., "message": ..}`;
/// - the relay's own answers (deploy/nginx/tines-jira-relay-location.conf):
///   `{"relay": "refused" | "rate-limited" | "upstream-failed" |
///   "upstream-timeout", "reason": "..."}`.
#[derive(Default)]
struct Body {
    account_id: Option<String>,
    display_name: Option<String>,
    email_address: Option<String>,
    active: Option<bool>,
    account_type: Option<String>,
    key: Option<String>,
    name: Option<String>,
    cloud_id: Option<String>,
    error_messages: bool,
    error_message: bool,
    code: bool,
    message: bool,
    relay: Option<String>,
}

/// Reads a JSON object; `None` for anything else (an array, text, a body cut
/// off), or for an object with a field of the wrong type: text for the ids and
/// names, `true`/`false` for `active`, a list for `errorMessages`.
fn read_body(body: &str) -> Option<Body> {
    if !body.trim_start().starts_with('{') {
        return None;
    }
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(body) else {
        return None;
    };
    let text = |key: &str| match map.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => Err(()),
    };
    let present = |key: &str| !matches!(map.get(key), None | Some(Value::Null));
    Some(Body {
        account_id: text("accountId").ok()?,
        display_name: text("displayName").ok()?,
        email_address: text("emailAddress").ok()?,
        active: match map.get("active") {
            None | Some(Value::Null) => None,
            Some(Value::Bool(b)) => Some(*b),
            Some(_) => return None,
        },
        account_type: text("accountType").ok()?,
        key: text("key").ok()?,
        name: text("name").ok()?,
        cloud_id: text("cloudId").ok()?,
        error_messages: match map.get("errorMessages") {
            None | Some(Value::Null) => false,
            Some(Value::Array(_)) => true,
            Some(_) => return None,
        },
        error_message: present("errorMessage"),
        code: present("code"),
        message: present("message"),
        relay: text("relay").ok()?,
    })
}

/// The account in a `/myself` answer; `None` unless it has a non-empty
/// `accountId`, the one thing an anonymous or foreign answer lacks.
pub(super) fn account_from(body: &str) -> Option<Account> {
    let answer = read_body(body)?;
    let account_id = answer.account_id.filter(|id| !id.trim().is_empty())?;
    Some(Account {
        account_id,
        display_name: answer.display_name.unwrap_or_default(),
        email_address: answer.email_address.filter(|e| !e.trim().is_empty()),
        // Jira always sends `active`; without it, do not claim the account is
        // deactivated.
        active: answer.active.unwrap_or(true),
        account_type: Some(
            answer
                .account_type
                .unwrap_or_else(|| String::from("unknown")),
        ),
        name: None,
    })
}

/// True when a 200's body names a Cloud account (`accountId`): Jira Cloud's
/// `/myself`, whatever was asked.
pub(super) fn cloud_account_in(body: &str) -> bool {
    account_from(body).is_some()
}

/// The user in Data Center's `/rest/api/2/myself` answer; `None` unless it
/// has a non-empty `key` or `name` (an anonymous or foreign answer has
/// neither). The key identifies the user for good, where the name can be
/// renamed (Jira Data Center, "user key"), so the account's id is the key,
/// or the name on a Jira old enough to have no key.
pub(super) fn account_from_data_center(body: &str) -> Option<Account> {
    let answer = read_body(body)?;
    let present = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    let name = present(answer.name);
    let account_id = present(answer.key).or_else(|| name.clone())?;
    Some(Account {
        account_id,
        display_name: answer.display_name.unwrap_or_default(),
        email_address: answer.email_address.filter(|e| !e.trim().is_empty()),
        active: answer.active.unwrap_or(true),
        account_type: None,
        name,
    })
}

/// The `cloudId` of a tenant_info answer, only when it is a UUID.
pub(super) fn cloud_id_from(body: &str) -> Option<CloudId> {
    CloudId::parse(&read_body(body)?.cloud_id?)
}

pub(super) fn looks_like_jira_error(body: &str) -> bool {
    let Some(answer) = read_body(body) else {
        return false;
    };
    answer.error_messages || answer.error_message || (answer.code && answer.message)
}

/// Which of the relay's own answers this is, if it is one.
pub(super) fn relay_answer(body: &str) -> Option<String> {
    read_body(body)?.relay
}
