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
    data_center_not_allowed, interpret_data_center_myself, interpret_data_center_probe,
    interpret_myself, interpret_probe, interpret_tenant_info, not_checkable_from_browser,
    relay_unreachable, transport_failure, Probe, Response, TransportFailure,
};
pub use flow::{Asker, Check, Flow, Next, Question};
pub use permissions::{interpret_permissions, permissions_request, Permissions};
pub use request::{
    check_relay_prefix, myself_request, probe_request, scoped_myself_request, tenant_info_request,
    CloudId, Endpoint, RelayPrefix, Request,
};
pub use transcript::{interpret_transcript, needs_site_and_email, needs_site_email_and_token};

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
    /// The inputs do not pass the checks, so nothing was asked (or a paste
    /// cannot be read against them): no verdict.
    InvalidInput,
    /// The other kind of Jira answered: Cloud to a Data Center check, or
    /// Data Center to a Cloud check.
    WrongJira,
}

/// How a verdict is shown: its colour and icon.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Tone {
    /// It works.
    Success,
    /// Try again, or do something first.
    Warning,
    /// Something is wrong.
    Error,
    /// Neither: what happened, as expected.
    Neutral,
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
            Outcome::InvalidInput => "invalid-input",
            Outcome::WrongJira => "wrong-jira",
        }
    }

    /// What a person reads first: the verdict in a few words.
    pub const fn title(self) -> &'static str {
        match self {
            Outcome::Verified => "Jira accepted the token",
            Outcome::Rejected => "Jira did not accept this email and token",
            Outcome::Captcha => "Jira wants a CAPTCHA first",
            Outcome::Forbidden => "Jira refused access",
            Outcome::SiteNotFound => "No Jira site at this address",
            Outcome::RateLimited => "Jira asked to slow down",
            Outcome::JiraError => "Jira had a problem",
            Outcome::NotJira => "Something other than Jira answered",
            Outcome::BlockedByBrowser => "Expected: check this one from a terminal",
            Outcome::Unreachable => "Your browser could not reach this site",
            Outcome::RelayError => "This site\u{2019}s relay had a problem",
            Outcome::NotATranscript => "This is not what the check command prints",
            Outcome::Timeout => "Jira did not answer in time",
            Outcome::Aborted => "Check cancelled",
            Outcome::Redirected => "The site answered with a redirect",
            Outcome::InvalidInput => "The site, email or token do not pass the checks",
            Outcome::WrongJira => "The other kind of Jira answered",
        }
    }

    /// Its tone.
    pub const fn tone(self) -> Tone {
        match self {
            Outcome::Verified => Tone::Success,
            Outcome::Captcha
            | Outcome::RateLimited
            | Outcome::JiraError
            | Outcome::RelayError
            | Outcome::NotATranscript
            | Outcome::Timeout
            | Outcome::InvalidInput => Tone::Warning,
            Outcome::BlockedByBrowser | Outcome::Aborted => Tone::Neutral,
            Outcome::Rejected
            | Outcome::Forbidden
            | Outcome::SiteNotFound
            | Outcome::NotJira
            | Outcome::Unreachable
            | Outcome::Redirected
            | Outcome::WrongJira => Tone::Error,
        }
    }

    /// True when the next step is a terminal check command: the browser
    /// could not get, or could not trust, an answer a terminal can.
    pub const fn points_to_terminal(self) -> bool {
        matches!(
            self,
            Outcome::Forbidden
                | Outcome::JiraError
                | Outcome::NotJira
                | Outcome::BlockedByBrowser
                | Outcome::Unreachable
                | Outcome::RelayError
                | Outcome::Timeout
        )
    }

    /// True when it says something about the token or the site: false when
    /// nothing was asked or read (a cancel, a paste that is not a transcript,
    /// inputs that do not pass the checks).
    pub const fn is_verdict(self) -> bool {
        !matches!(
            self,
            Outcome::Aborted | Outcome::NotATranscript | Outcome::InvalidInput
        )
    }

    /// A sentence to put before the message, where the title alone could be
    /// read as a fault of the person's.
    pub const fn lead(self) -> Option<&'static str> {
        match self {
            Outcome::BlockedByBrowser => Some(
                "This is how browsers normally behave with Jira Cloud, not a sign that anything you \
                 typed is wrong.",
            ),
            _ => None,
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
        Outcome::InvalidInput,
        Outcome::WrongJira,
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
    /// Atlassian account id; on Data Center, the user's key, which names the
    /// user for good (a user name can change).
    pub account_id: String,
    /// The name Jira shows for the account.
    pub display_name: String,
    /// The email address, when the account's profile visibility shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub email_address: Option<String>,
    /// False for a deactivated account.
    pub active: bool,
    /// Cloud: `atlassian` (a person), `app` (bots, service accounts),
    /// `customer` (Jira Service Management customers) or `unknown`. Data
    /// Center has no account types.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub account_type: Option<String>,
    /// Data Center: the user name, which signs in and which a credential's
    /// `username` holds.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// The result of a live check. Serialized with how its outcome is shown
/// (`title`, `tone`, `terminal`, `verdict`, `lead`: see [`Outcome`]), so that
/// no page keeps a copy of them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verification {
    /// What was found.
    pub outcome: Outcome,
    /// What it means and what to do, for a person. Never contains the token.
    pub message: String,
    /// Which way the token was checked.
    pub route: Route,
    /// The HTTP status, when there was one.
    pub status: Option<u16>,
    /// How long Jira asked to wait, from `Retry-After`.
    pub retry_after_seconds: Option<u64>,
    /// Further findings (about the account, or why Jira refused).
    pub diagnostics: Vec<Diagnostic>,
    /// The account, when verified.
    pub account: Option<Account>,
    /// The site's cloud id, once the check looked it up (the scoped route):
    /// the outputs for a token with scopes are built from it.
    pub cloud_id: Option<CloudId>,
    /// What the account may do, asked once `/myself` answered.
    pub permissions: Option<Permissions>,
}

impl Serialize for Verification {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let o = self.outcome;
        let mut s = serializer.serialize_struct("Verification", 14)?;
        s.serialize_field("outcome", &o)?;
        s.serialize_field("title", o.title())?;
        s.serialize_field("tone", &o.tone())?;
        s.serialize_field("terminal", &o.points_to_terminal())?;
        s.serialize_field("verdict", &o.is_verdict())?;
        if let Some(lead) = o.lead() {
            s.serialize_field("lead", lead)?;
        }
        s.serialize_field("message", &self.message)?;
        s.serialize_field("route", &self.route)?;
        if let Some(status) = self.status {
            s.serialize_field("status", &status)?;
        }
        if let Some(seconds) = self.retry_after_seconds {
            s.serialize_field("retryAfterSeconds", &seconds)?;
        }
        s.serialize_field("diagnostics", &self.diagnostics)?;
        if let Some(account) = &self.account {
            s.serialize_field("account", account)?;
        }
        if let Some(id) = &self.cloud_id {
            s.serialize_field("cloudId", id)?;
        }
        if let Some(permissions) = &self.permissions {
            s.serialize_field("permissions", permissions)?;
        }
        s.end()
    }
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

    /// A bare verdict of this outcome, for tests of how outcomes are shown.
    #[doc(hidden)]
    pub fn new_for_tests(outcome: Outcome) -> Self {
        Verification::new(outcome, Route::Site, None, String::new())
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
