//! What the account may do in Jira: the permissions Tines' Jira actions use,
//! asked of `/rest/api/3/mypermissions` once `/myself` has answered, with the
//! same token and on the same route.
//!
//! Jira Cloud REST API v3, "Permissions: Get my permissions": the
//! `permissions` query parameter is required, and the answer is
//! `{"permissions": {"<KEY>": {"id", "key", "name", "type", "description",
//! "havePermission"}}}`. Without a project or issue in the query, a project
//! permission is held when the account has it in at least one project, so a
//! "can" here means "somewhere", and a "cannot" means "nowhere on this site".
//!
//! The six asked are the project permissions behind Tines' Jira actions
//! (search and read issues, create, update, comment, transition, assign), by
//! the key names of Jira's built-in permissions (Jira Cloud REST API v3,
//! "Get all permissions"; Atlassian, "Permissions overview").
//!
//! Every answer is explained, never a crash: a partial object leaves the
//! missing permissions unknown, an unknown key is ignored, and a refusal, an
//! empty answer or an unexpected shape says why nothing could be read.

use crate::text::find;
use serde::Serialize;
use serde_json::Value;

use super::answer::Response;
use super::request::{authorized_get, jira_url, CloudId, Endpoint, Request};
use crate::diagnostic::concat;
use crate::route::{Route, MYPERMISSIONS_PATH};
use crate::text::decimal;

/// One permission the check asks about.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Asked {
    /// Jira's key, e.g. `CREATE_ISSUES`.
    pub key: &'static str,
    /// The name Jira's permission schemes show.
    pub name: &'static str,
    /// What Tines does with it.
    pub used_for: &'static str,
}

/// The permissions asked, in the order [`MYPERMISSIONS_PATH`] names them.
pub const ASKED: [Asked; 6] = [
    Asked {
        key: "BROWSE_PROJECTS",
        name: "Browse Projects",
        used_for: "find and read issues (search with JQL, get an issue)",
    },
    Asked {
        key: "CREATE_ISSUES",
        name: "Create Issues",
        used_for: "create issues",
    },
    Asked {
        key: "EDIT_ISSUES",
        name: "Edit Issues",
        used_for: "update an issue's fields",
    },
    Asked {
        key: "ADD_COMMENTS",
        name: "Add Comments",
        used_for: "comment on issues",
    },
    Asked {
        key: "TRANSITION_ISSUES",
        name: "Transition Issues",
        used_for: "move issues through their workflow (change the status)",
    },
    Asked {
        key: "ASSIGN_ISSUES",
        name: "Assign Issues",
        used_for: "assign issues",
    },
];

/// One permission, as Jira answered.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PermissionState {
    /// Jira's key, e.g. `CREATE_ISSUES`.
    pub key: &'static str,
    /// The name a Jira admin sees in the permission scheme.
    pub name: &'static str,
    /// What Tines does with it.
    pub used_for: &'static str,
    /// `true`: held in at least one project; `false`: held in none; `None`:
    /// Jira's answer did not say.
    pub have: Option<bool>,
}

/// What the permissions question found.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Permissions {
    /// One sentence for a person: all held, which are missing and whom to ask,
    /// or why nothing could be read.
    pub message: String,
    /// The HTTP status, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// Every asked permission, in [`ASKED`]'s order.
    pub items: Vec<PermissionState>,
}

impl Permissions {
    /// The keys Jira said the account lacks.
    pub fn missing(&self) -> Vec<&'static str> {
        self.items
            .iter()
            .filter(|p| p.have == Some(false))
            .map(|p| p.key)
            .collect()
    }

    fn unread(status: Option<u16>, message: String) -> Self {
        Permissions {
            message,
            status,
            items: ASKED.iter().map(|a| state(a, None)).collect(),
        }
    }
}

fn state(asked: &Asked, have: Option<bool>) -> PermissionState {
    PermissionState {
        key: asked.key,
        name: asked.name,
        used_for: asked.used_for,
        have,
    }
}

/// `GET <site or gateway>/rest/api/3/mypermissions?permissions=…` with Basic
/// auth: on the gateway when the check went there (`cloud_id`), else at the
/// site.
pub fn permissions_request(
    endpoint: &Endpoint,
    host: &str,
    cloud_id: Option<&CloudId>,
    email: &str,
    token: &str,
) -> Request {
    authorized_get(
        jira_url(endpoint, host, cloud_id, MYPERMISSIONS_PATH),
        email,
        Some(token),
    )
}

/// `{"permissions": {KEY: {"havePermission": bool, ...}, ...}}`: what each of
/// [`ASKED`] says, in its order; any other key is ignored, and a key that is
/// absent (or says nothing) stays `None`. `None` for another shape.
fn read_answer(body: &str) -> Option<[Option<bool>; 6]> {
    let Ok(Value::Object(answer)) = serde_json::from_str::<Value>(body) else {
        return None;
    };
    let Some(Value::Object(keys)) = answer.get("permissions") else {
        return None;
    };
    let mut have = [None; 6];
    for (slot, asked) in have.iter_mut().zip(ASKED.iter()) {
        *slot = match keys.get(asked.key) {
            None | Some(Value::Null) => None,
            Some(Value::Object(entry)) => match entry.get("havePermission") {
                None | Some(Value::Null) => None,
                Some(Value::Bool(b)) => Some(*b),
                Some(_) => return None,
            },
            Some(_) => return None,
        };
    }
    Some(have)
}

const ASK_ADMIN: &str = "ask a Jira admin to grant them to this account (or to a group or role it \
    is in) in the permission scheme of each project Tines will work in (Project settings, \
    Permissions).";

/// Reads Jira's answer to the permissions question on `route`.
pub fn interpret_permissions(route: Route, response: &Response) -> Permissions {
    let status = Some(response.status).filter(|&s| s != 0);
    if response.status != 200 || response.opaque_redirect {
        return refused(route, status, &response.body);
    }
    let keys = match read_answer(response.body.trim()) {
        Some(keys) => keys,
        None => return Permissions::unread(
            status,
            String::from(
                "Jira's answer about permissions was not the list it documents (empty, cut off \
                     or of another shape), so the check cannot say what the account may do: try \
                     again, or test it in Tines with the test story.",
            ),
        ),
    };
    let items: Vec<PermissionState> = ASKED
        .iter()
        .zip(keys)
        .map(|(asked, have)| state(asked, have))
        .collect();
    let names = |want: Option<bool>| -> Vec<&str> {
        items
            .iter()
            .filter(|p| p.have == want)
            .map(|p| p.name)
            .collect()
    };
    let (missing, unknown) = (names(Some(false)), names(None));
    let mut message = if missing.is_empty() {
        String::from(
            "The account has every permission Tines' Jira actions use, in at least one project: \
             check that the projects Tines will work in are among them.",
        )
    } else {
        concat(&[
            "The account lacks ",
            &missing.join(", "),
            " in every project: ",
            ASK_ADMIN,
        ])
    };
    if !unknown.is_empty() {
        message.push_str(" Jira's answer did not say about ");
        message.push_str(&unknown.join(", "));
        message.push('.');
    }
    Permissions {
        message,
        status,
        items,
    }
}

/// The permissions question got no answer (no status, a timeout, cancelled).
pub fn permissions_not_answered(failure: super::TransportFailure) -> Permissions {
    let message = match failure {
        super::TransportFailure::Aborted => {
            "You cancelled the check before Jira said what the account may do."
        }
        super::TransportFailure::Timeout => {
            "Jira did not say in time what the account may do: check again to ask once more."
        }
        super::TransportFailure::Network => {
            "The question about what the account may do got no answer: check again, or run the \
             terminal check command, which asks it too."
        }
    };
    Permissions::unread(None, String::from(message))
}

/// Anything but a 200.
fn refused(route: Route, status: Option<u16>, body: &str) -> Permissions {
    let scope_missing = find(&body.to_ascii_lowercase(), "scope does not match").is_some();
    let message = match status {
        Some(401 | 403) if scope_missing || route == Route::Scoped => concat(&[
            "Jira would not say what the account may do (HTTP ",
            &decimal(u64::from(status.unwrap_or_default())),
            "): the token's scopes do not cover it. Add read:jira-work (granular: \
             read:permission:jira) to the token's scopes, with the scopes the outputs list for \
             what Tines will do.",
        ]),
        Some(401) => String::from(
            "Jira accepted the token for /myself but not for the permissions question (HTTP 401): \
             try again; if it persists, test the credential in Tines with the test story.",
        ),
        Some(403) => String::from(
            "Jira refused to say what the account may do (HTTP 403): it may not have Jira on this \
             site. Ask a Jira admin to check its product access and project permissions.",
        ),
        Some(400) => String::from(
            "Jira did not recognise the permissions asked about (HTTP 400), so the check cannot \
             say what the account may do: test it in Tines with the test story.",
        ),
        Some(429) => String::from(
            "Jira asked to slow down (HTTP 429) before saying what the account may do: try \
             again in a minute.",
        ),
        Some(code) => concat(&[
            "Jira did not answer the permissions question (HTTP ",
            &decimal(u64::from(code)),
            "), so the check cannot say what the account may do: try again later.",
        ]),
        None => String::from(
            "Jira's answer about permissions could not be read, so the check cannot say what the \
             account may do: try again.",
        ),
    };
    Permissions::unread(status, message)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_path_asks_exactly_the_listed_keys() {
        let keys: Vec<&str> = ASKED.iter().map(|a| a.key).collect();
        let query = concat(&["?permissions=", &keys.join(",")]);
        assert_eq!(
            MYPERMISSIONS_PATH,
            concat(&["/rest/api/3/mypermissions", &query])
        );
    }

    #[test]
    fn the_request_goes_where_the_check_went() {
        let id = CloudId::parse("11111111-2222-3333-4444-555555555555").unwrap();
        let site =
            permissions_request(&Endpoint::Direct, "acme.atlassian.net", None, "a@b.co", "t");
        assert!(site
            .url
            .starts_with("https://acme.atlassian.net/rest/api/3/mypermissions?"));
        let gateway = permissions_request(
            &Endpoint::Direct,
            "acme.atlassian.net",
            Some(&id),
            "a@b.co",
            "t",
        );
        assert_eq!(
            gateway.url,
            concat(&[
                "https://api.atlassian.com/ex/jira/11111111-2222-3333-4444-555555555555",
                MYPERMISSIONS_PATH
            ])
        );
        assert!(gateway
            .headers
            .iter()
            .any(|(n, v)| n == "Authorization" && v.starts_with("Basic ")));
    }
}
