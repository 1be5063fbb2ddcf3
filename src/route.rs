//! Which way a token is checked, and where Jira answers: the one place that
//! both the Tines outputs (the terminal commands) and the live check import.
//!
//! Three routes (docs/architecture.md, "The live check"):
//! - [`Route::Site`]: `GET https://<site>/rest/api/3/myself` with Basic auth.
//! - [`Route::Scoped`] (scoped tokens, service accounts): `GET
//!   https://<site>/_edge/tenant_info` without auth for the cloud id, then
//!   `GET https://api.atlassian.com/ex/jira/<cloudId>/rest/api/3/myself`
//!   (Atlassian, "Manage API tokens for your Atlassian account": tokens with
//!   scopes are used through api.atlassian.com).
//! - [`Route::DataCenter`] (Jira Data Center and Server): `GET
//!   <base>/rest/api/2/myself` with `Authorization: Bearer <personal access
//!   token>` (Atlassian, "Using personal access tokens": Jira 8.14 and
//!   later), where the base is the Jira's own URL, port and context path
//!   included.

use serde::Serialize;

/// Which way the token is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Route {
    /// At the site itself: `https://<site>/rest/api/3/myself`.
    Site,
    /// Through the API gateway, for tokens with scopes and service accounts:
    /// `https://api.atlassian.com/ex/jira/<cloudId>/rest/api/3/myself`.
    Scoped,
    /// Jira Data Center or Server: `<base>/rest/api/2/myself` with a personal
    /// access token as Bearer.
    DataCenter,
}

impl Route {
    /// The name used in the JavaScript API: `site`, `scoped` or
    /// `data-center`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Route::Site => "site",
            Route::Scoped => "scoped",
            Route::DataCenter => "data-center",
        }
    }

    /// Which Jira the route asks.
    pub const fn deployment(self) -> Deployment {
        match self {
            Route::Site | Route::Scoped => Deployment::Cloud,
            Route::DataCenter => Deployment::DataCenter,
        }
    }
}

/// Which Jira a site is: Atlassian's cloud, or one a company runs itself
/// (Data Center, or the older Server, which answer alike).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Deployment {
    /// Jira Cloud: `*.atlassian.net` (or `*.jira.com`), an email and an API
    /// token, sent as Basic.
    Cloud,
    /// Jira Data Center or Server at its own base URL: a personal access
    /// token, sent as Bearer.
    DataCenter,
}

impl Deployment {
    /// The name used in the JavaScript API: `cloud` or `data-center`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Deployment::Cloud => "cloud",
            Deployment::DataCenter => "data-center",
        }
    }

    /// Reads the name used in the JavaScript API; the empty text is "not
    /// said" (`Ok(None)`); anything else is not a deployment, and `Err`
    /// says what is.
    pub fn parse(name: &str) -> Result<Option<Deployment>, &'static str> {
        match name {
            "" => Ok(None),
            "cloud" => Ok(Some(Deployment::Cloud)),
            "data-center" => Ok(Some(Deployment::DataCenter)),
            _ => Err("deployment is \"cloud\", \"data-center\" or absent"),
        }
    }
}

impl core::fmt::Display for Route {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The domain of Atlassian service accounts' addresses (Atlassian,
/// "Understand service accounts": `<name>@serviceaccount.atlassian.com`).
pub const SERVICE_ACCOUNT_DOMAIN: &str = "serviceaccount.atlassian.com";

/// True for an Atlassian service account's address: one `@`, something
/// before it, and exactly that domain after it (any case).
pub fn is_service_account(email: &str) -> bool {
    match email.trim().split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.eq_ignore_ascii_case(SERVICE_ACCOUNT_DOMAIN)
        }
        None => false,
    }
}

/// Scoped when asked for, or when the email is an Atlassian service account:
/// those only have tokens with scopes (Atlassian, "Understand service
/// accounts").
pub fn uses_scoped_route(email: &str, scoped_option: bool) -> Route {
    if scoped_option || is_service_account(email) {
        Route::Scoped
    } else {
        Route::Site
    }
}

/// Jira Cloud REST API v3, "Myself: Get current user".
pub const MYSELF_PATH: &str = "/rest/api/3/myself";
/// Unauthenticated; answers `{"cloudId": "..."}` (Atlassian, "Manage API
/// tokens": find the cloud id at `https://<site>/_edge/tenant_info`).
pub const TENANT_INFO_PATH: &str = "/_edge/tenant_info";
/// Atlassian's API gateway, where tokens with scopes are used (Atlassian,
/// "Scoped API tokens": `https://api.atlassian.com/ex/jira/{cloudId}/...`).
pub const GATEWAY_HOST: &str = "api.atlassian.com";
/// The gateway's path prefix for a Jira site, before its cloud id.
pub const GATEWAY_JIRA_PATH: &str = "/ex/jira/";

/// Jira Cloud REST API v3, "Permissions: Get my permissions": `GET
/// /rest/api/3/mypermissions?permissions=<keys>` answers, for the signed-in
/// account, whether it has each permission named (the `permissions` parameter
/// is required). Without a project or issue in the query, a project
/// permission counts as held when the account has it in at least one
/// project. The keys are [`crate::jira::permissions::ASKED`], in order; a test
/// holds this text to that list.
pub const MYPERMISSIONS_PATH: &str = "/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS,CREATE_ISSUES,EDIT_ISSUES,ADD_COMMENTS,TRANSITION_ISSUES,ASSIGN_ISSUES";

/// Jira Data Center REST API 2, "Myself: Get current user" (the API Data
/// Center and Server answer on; `/rest/api/3` is Cloud's): the signed-in
/// user's `name`, `key`, `displayName`, `emailAddress` and `active`. It
/// "cannot be accessed anonymously", so a token Jira did not take gets a 401.
pub const DC_MYSELF_PATH: &str = "/rest/api/2/myself";

/// Jira Data Center REST API 2, "Permissions: Get my permissions": every
/// permission "and whether the currently logged in user has them". Data
/// Center documents no `permissions` parameter (only a project or issue as
/// context), so none is sent: the answer names every permission, and the
/// check reads the same keys as on Cloud ([`crate::jira::permissions::ASKED`]).
pub const DC_MYPERMISSIONS_PATH: &str = "/rest/api/2/mypermissions";

/// Every Jira path the live check asks for: the one list that the module's
/// requests ([`crate::jira::request`]) and every relay ([`crate::relay`])
/// take their paths from. A path the live check adds is a new variant, and
/// the `match`es below make each question about it (does it carry the token,
/// is it asked of the site or of the gateway) one the compiler insists on,
/// so no relay can forget it and none can relay a path the module never sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum JiraPath {
    /// [`MYSELF_PATH`]: who the token belongs to.
    Myself,
    /// [`TENANT_INFO_PATH`]: the site's cloud id, asked without the token.
    TenantInfo,
    /// [`MYPERMISSIONS_PATH`]: what the account may do, asked once `/myself`
    /// answered, on the same route. The only path with a query, which is
    /// part of the path: a relay passes exactly this text and nothing else.
    MyPermissions,
    /// [`DC_MYSELF_PATH`]: who a Data Center token belongs to.
    DataCenterMyself,
    /// [`DC_MYPERMISSIONS_PATH`]: what a Data Center account may do.
    DataCenterPermissions,
}

impl JiraPath {
    /// Every variant, in the order the live check asks.
    pub const ALL: [JiraPath; 5] = [
        JiraPath::TenantInfo,
        JiraPath::Myself,
        JiraPath::MyPermissions,
        JiraPath::DataCenterMyself,
        JiraPath::DataCenterPermissions,
    ];

    /// The path, from the site's root (or from `/ex/jira/<cloudId>` on the
    /// gateway).
    pub const fn path(self) -> &'static str {
        match self {
            JiraPath::Myself => MYSELF_PATH,
            JiraPath::TenantInfo => TENANT_INFO_PATH,
            JiraPath::MyPermissions => MYPERMISSIONS_PATH,
            JiraPath::DataCenterMyself => DC_MYSELF_PATH,
            JiraPath::DataCenterPermissions => DC_MYPERMISSIONS_PATH,
        }
    }

    /// Whether the request carries the token (`Authorization`). A relay
    /// forwards `Authorization` only to these.
    pub const fn carries_token(self) -> bool {
        match self {
            JiraPath::Myself
            | JiraPath::MyPermissions
            | JiraPath::DataCenterMyself
            | JiraPath::DataCenterPermissions => true,
            JiraPath::TenantInfo => false,
        }
    }

    /// Whether it is asked of the gateway, below `/ex/jira/<cloudId>`.
    /// Every Cloud path is asked of the site.
    pub const fn on_gateway(self) -> bool {
        match self {
            JiraPath::Myself | JiraPath::MyPermissions => true,
            JiraPath::TenantInfo | JiraPath::DataCenterMyself | JiraPath::DataCenterPermissions => {
                false
            }
        }
    }

    /// Which Jira it is asked of: a Cloud path is never relayed to a Data
    /// Center base, nor a Data Center path to a Cloud site.
    pub const fn deployment(self) -> Deployment {
        match self {
            JiraPath::Myself | JiraPath::MyPermissions | JiraPath::TenantInfo => Deployment::Cloud,
            JiraPath::DataCenterMyself | JiraPath::DataCenterPermissions => Deployment::DataCenter,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_accounts_take_the_scoped_route() {
        assert_eq!(uses_scoped_route("jane@acme.com", false), Route::Site);
        assert_eq!(uses_scoped_route("jane@acme.com", true), Route::Scoped);
        assert_eq!(
            uses_scoped_route(" bot@ServiceAccount.Atlassian.com ", false),
            Route::Scoped
        );
        assert_eq!(
            uses_scoped_route("bot@serviceaccount.atlassian.com.evil", false),
            Route::Site
        );
        assert_eq!(Route::Scoped.to_string(), "scoped");
        assert!(is_service_account("bot@serviceaccount.atlassian.com"));
        assert!(is_service_account("Bot@SERVICEACCOUNT.atlassian.com"));
        assert!(!is_service_account("@serviceaccount.atlassian.com"));
        assert!(!is_service_account("a@b@serviceaccount.atlassian.com"));
        assert!(!is_service_account("bot@x.serviceaccount.atlassian.com"));
        assert!(!is_service_account("bot@atlassian.com"));
        assert!(!is_service_account(
            "\u{e9}@serviceaccount.atlassian.co\u{e9}"
        ));
        assert!(!is_service_account(""));
    }

    #[test]
    fn every_path_is_listed_once() {
        // A new variant that is not in ALL fails here: the match has no arm
        // for it until one is written, and then the count is off.
        let index = |p: JiraPath| match p {
            JiraPath::TenantInfo => 0,
            JiraPath::Myself => 1,
            JiraPath::MyPermissions => 2,
            JiraPath::DataCenterMyself => 3,
            JiraPath::DataCenterPermissions => 4,
        };
        for (i, p) in JiraPath::ALL.iter().enumerate() {
            assert_eq!(index(*p), i);
        }
        assert!(JiraPath::Myself.carries_token() && !JiraPath::TenantInfo.carries_token());
        assert_eq!(JiraPath::TenantInfo.path(), "/_edge/tenant_info");
    }
}
