//! The live check as data: the requests to send to Jira Cloud and what its
//! answers mean.
//!
//! Nothing here touches the network. A transport (in the browser, `fetch`)
//! sends a [`Request`] with `credentials: "omit"`, `referrerPolicy:
//! "no-referrer"`, `redirect: "manual"`, a timeout and an abort signal, and
//! hands back a [`Response`] or a [`TransportFailure`]; the functions below
//! turn that into a [`Verification`] for a person. Every Jira answer is
//! therefore testable natively.
//!
//! The two routes are in [`crate::route`]. The pieces:
//! - [`request`]: what to send (and the relay prefix, the cloud id);
//! - [`answer`]: what an answer, or its absence, means;
//! - [`transcript`]: the same reading of what a terminal check command printed.
//!
//! Only `/myself` answering 200 with an `accountId` counts as proof: a 200
//! from anything else (a sign-in page, an anonymous answer) proves nothing.
//! Messages never quote an answer's body, so nothing a server echoes (the
//! token, its base64) can reach a message.

use serde::Serialize;

use crate::diagnostic::{Code, Diagnostic};
pub use crate::route::Route;

pub mod answer;
pub mod flow;
pub mod permissions;
pub mod request;
pub mod scopes;
pub mod transcript;

pub use answer::{
    interpret_myself, interpret_probe, interpret_tenant_info, not_checkable_from_browser,
    relay_unreachable, transport_failure, Probe, Response, TransportFailure,
};
pub use flow::{Asker, Check, Flow, Next, Question};
pub use permissions::{interpret_permissions, permissions_request, Permissions};
pub use request::{
    check_relay_prefix, myself_request, probe_request, scoped_myself_request, tenant_info_request,
    CloudId, Endpoint, RelayPrefix, Request,
};
pub use transcript::{interpret_transcript, needs_site_and_email};

/// What the live check found.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    /// Jira accepted the email and token (`/myself` answered with an account).
    Verified,
    /// Jira did not accept the email and token (401).
    Rejected,
    /// Too many failed sign-ins: Jira wants a CAPTCHA first (403 with
    /// `X-Authentication-Denied-Reason`).
    Captcha,
    /// Signed in, but not allowed (other 403).
    Forbidden,
    /// No Jira Cloud site at this address (404).
    SiteNotFound,
    /// Too many requests (429).
    RateLimited,
    /// Jira failed on its side (5xx).
    JiraError,
    /// The answer is not Jira's.
    NotJira,
    /// The host is reachable, but the browser would not let the page read its
    /// answer (CORS), or the page may not contact this host at all (its CSP).
    BlockedByBrowser,
    /// The host could not be reached at all: a wrong name, offline, a VPN, a
    /// proxy or DNS.
    Unreachable,
    /// The same-origin relay answered for itself (a refusal, its rate cap, no
    /// route to Atlassian): the relay's problem, not Jira's.
    RelayError,
    /// A pasted transcript could not be read as the check command's answer
    /// (not a transcript, cut off, or not `/myself`'s answer): no verdict.
    NotATranscript,
    /// No answer in time.
    Timeout,
    /// Cancelled by the person.
    Aborted,
    /// The site answered with a redirect, which is never followed with the
    /// token.
    Redirected,
}

impl Outcome {
    /// The kebab-case name used in the JavaScript API.
    pub const fn as_str(self) -> &'static str {
        match self {
            Outcome::Verified => "verified",
            Outcome::Rejected => "rejected",
            Outcome::Captcha => "captcha",
            Outcome::Forbidden => "forbidden",
            Outcome::SiteNotFound => "site-not-found",
            Outcome::RateLimited => "rate-limited",
            Outcome::JiraError => "jira-error",
            Outcome::NotJira => "not-jira",
            Outcome::BlockedByBrowser => "blocked-by-browser",
            Outcome::Unreachable => "unreachable",
            Outcome::RelayError => "relay-error",
            Outcome::NotATranscript => "not-a-transcript",
            Outcome::Timeout => "timeout",
            Outcome::Aborted => "aborted",
            Outcome::Redirected => "redirected",
        }
    }

    /// Every outcome, in declaration order.
    pub const ALL: &'static [Outcome] = &[
        Outcome::Verified,
        Outcome::Rejected,
        Outcome::Captcha,
        Outcome::Forbidden,
        Outcome::SiteNotFound,
        Outcome::RateLimited,
        Outcome::JiraError,
        Outcome::NotJira,
        Outcome::BlockedByBrowser,
        Outcome::Unreachable,
        Outcome::RelayError,
        Outcome::NotATranscript,
        Outcome::Timeout,
        Outcome::Aborted,
        Outcome::Redirected,
    ];
}

impl core::fmt::Display for Outcome {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The account Jira reported for the email and token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    /// Atlassian account id.
    pub account_id: String,
    /// The name Jira shows for the account.
    pub display_name: String,
    /// The email address, when the account's profile visibility shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    /// False for a deactivated account.
    pub active: bool,
    /// `atlassian` (a person), `app` (bots, service accounts), `customer`
    /// (Jira Service Management customers) or `unknown`.
    pub account_type: String,
}

/// The result of a live check.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Verification {
    /// What was found.
    pub outcome: Outcome,
    /// What it means and what to do, for a person. Never contains the token.
    pub message: String,
    /// Which way the token was checked.
    pub route: Route,
    /// The HTTP status, when there was one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<u16>,
    /// How long Jira asked to wait, from `Retry-After`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retry_after_seconds: Option<u64>,
    /// Further findings (about the account, or why Jira refused).
    pub diagnostics: Vec<Diagnostic>,
    /// The account, when verified.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account: Option<Account>,
    /// The site's cloud id, once the check looked it up (the scoped route):
    /// the outputs for a token with scopes are built from it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cloud_id: Option<CloudId>,
    /// What the account may do, asked once `/myself` answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub permissions: Option<Permissions>,
}

impl Verification {
    pub(crate) fn new(
        outcome: Outcome,
        route: Route,
        status: Option<u16>,
        message: String,
    ) -> Self {
        Verification {
            outcome,
            message,
            route,
            // Status 0 is what a browser reports when it has no HTTP status to
            // show (opaque responses), not an answer from Jira.
            status: status.filter(|&s| s != 0),
            retry_after_seconds: None,
            diagnostics: Vec::new(),
            account: None,
            cloud_id: None,
            permissions: None,
        }
    }

    /// True when some diagnostic has this code.
    pub fn has(&self, code: Code) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }

    /// The codes of all diagnostics, in order.
    pub fn codes(&self) -> Vec<Code> {
        self.diagnostics.iter().map(|d| d.code).collect()
    }
}
