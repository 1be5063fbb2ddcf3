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
//! Two routes (DESIGN.md, "Live check"):
//! - [`Route::Site`]: `GET https://<site>/rest/api/3/myself` with Basic auth.
//! - [`Route::Scoped`] (scoped tokens, service accounts): `GET
//!   https://<site>/_edge/tenant_info` without auth for the cloud id, then
//!   `GET https://api.atlassian.com/ex/jira/<cloudId>/rest/api/3/myself`
//!   (Atlassian, "Manage API tokens for your Atlassian account": tokens with
//!   scopes are used through api.atlassian.com).
//!
//! Only `/myself` answering 200 with an `accountId` counts as proof: a 200
//! from anything else (a sign-in page, an anonymous answer) proves nothing.
//! Messages never quote an answer's body, so nothing a server echoes (the
//! token, its base64) can reach a message.

use serde::Serialize;

use crate::diagnostic::{concat, order_by_severity, Code, Diagnostic};
use crate::json::{parse_object, Json};
use crate::text::{decimal, pieces, rsplit_once, trim_set};

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
    /// The browser would not let the page read the answer (CORS, network), or
    /// the page may not contact this host at all.
    BlockedByBrowser,
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

/// Which way the token is checked.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Route {
    /// At the site itself: `https://<site>/rest/api/3/myself`.
    Site,
    /// Through the API gateway, for tokens with scopes and service accounts:
    /// `https://api.atlassian.com/ex/jira/<cloudId>/rest/api/3/myself`.
    Scoped,
}

impl Route {
    /// The name used in the JavaScript API: `site` or `scoped`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Route::Site => "site",
            Route::Scoped => "scoped",
        }
    }
}

impl core::fmt::Display for Route {
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
}

impl Verification {
    fn new(outcome: Outcome, route: Route, status: Option<u16>, message: String) -> Self {
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

// ---- where to send ----------------------------------------------------------

/// A same-origin path under which a docs site relays requests to Atlassian,
/// such as `/jira-relay`. Only [`check_relay_prefix`] makes one, so an
/// embedding page cannot point the token at another site.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RelayPrefix(String);

impl RelayPrefix {
    /// The prefix, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where requests go.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// Straight to Atlassian over HTTPS.
    Direct,
    /// Through a same-origin relay: `<prefix>/<host>/<path>`.
    Relay(RelayPrefix),
}

/// Accepts a relay as an absolute path on the page's own origin (RFC 3986
/// §3.3 `path-absolute`) and nothing that a URL parser could resolve to
/// another origin: a scheme, `//` (a network-path reference, RFC 3986 §4.2),
/// `\` (read as `/` in special URLs, WHATWG URL "path state"), `.`/`..`
/// segments (removed by the parser, RFC 3986 §5.2.4) or percent-encoding
/// (which could hide any of these). The trailing slash is trimmed.
pub fn check_relay_prefix(prefix: &str) -> Result<RelayPrefix, String> {
    const EXAMPLE: &str = "such as /jira-relay";
    if prefix.is_empty() {
        return Err(concat(&[
            "Give the relay as a path on this site, ",
            EXAMPLE,
            ".",
        ]));
    }
    if prefix.bytes().any(|b| !(0x21..=0x7e).contains(&b)) {
        return Err(String::from(
            "The relay path may only contain printable ASCII characters, without spaces.",
        ));
    }
    if prefix.as_bytes().contains(&b'\\') {
        return Err(String::from(
            "The relay path may not contain a backslash: browsers read it as a slash.",
        ));
    }
    if !prefix.starts_with('/') || prefix.starts_with("//") {
        return Err(concat(&[
            "The relay must be a path on this page's own site that starts with a single /, ",
            EXAMPLE,
            ", not a full address: a full address would send tokens to another site.",
        ]));
    }
    if prefix.bytes().any(|b| matches!(b, b'?' | b'#')) {
        return Err(String::from("The relay path may not contain ? or #."));
    }
    if prefix.as_bytes().contains(&b'%') {
        return Err(String::from(
            "The relay path may not contain percent-encoding (%).",
        ));
    }
    if let Some(c) = prefix.chars().find(|&c| !is_path_char(c)) {
        let mut message = String::from("The relay path may not contain the character ");
        message.push(c);
        message.push('.');
        return Err(message);
    }
    let trimmed = prefix.strip_suffix('/').unwrap_or(prefix);
    if trimmed.is_empty() {
        return Err(concat(&[
            "Give the relay's own path, ",
            EXAMPLE,
            ", not the root of the site.",
        ]));
    }
    // `trimmed` starts with `/`, so every segment after the first split item
    // is a path segment.
    for segment in pieces(trimmed, b'/').skip(1) {
        if segment.is_empty() {
            return Err(String::from(
                "The relay path may not contain an empty segment (//).",
            ));
        }
        if segment == "." || segment == ".." {
            return Err(String::from(
                "The relay path may not contain . or .. segments.",
            ));
        }
    }
    Ok(RelayPrefix(String::from(trimmed)))
}

/// RFC 3986 §3.3 `pchar` without percent-encoding, plus `/`: unreserved,
/// sub-delims, `:` and `@`.
fn is_path_char(c: char) -> bool {
    const PUNCTUATION: &[u8] = b"-._~!$&'()*+,;=:@/";
    c.is_ascii_alphanumeric() || u8::try_from(c).is_ok_and(|b| PUNCTUATION.contains(&b))
}

/// A Jira Cloud site's cloud id: a UUID, `8-4-4-4-12` hex digits. Only
/// [`CloudId::parse`] makes one, so a value from the network reaches a URL only
/// once it is known to be nothing but hex digits and hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct CloudId(String);

impl CloudId {
    /// Accepts exactly a UUID in its 36-character text form (RFC 9562 §4),
    /// either case.
    pub fn parse(input: &str) -> Option<CloudId> {
        if input.len() != 36 {
            return None;
        }
        let shaped = input.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        });
        shaped.then(|| CloudId(String::from(input)))
    }

    /// The cloud id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An HTTP GET to send.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    /// Absolute `https://` URL, or a same-origin path through a relay.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
}

/// Debug output hides the `Authorization` value: it carries the token.
impl core::fmt::Debug for Request {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Request")
            .field("url", &self.url)
            .field("headers", &RedactedHeaders(&self.headers))
            .finish()
    }
}

struct RedactedHeaders<'a>(&'a [(String, String)]);

impl core::fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut list = f.debug_list();
        for (name, value) in self.0 {
            let shown = if name.eq_ignore_ascii_case(AUTHORIZATION) {
                "<redacted>"
            } else {
                value.as_str()
            };
            list.entry(&(name, shown));
        }
        list.finish()
    }
}

const AUTHORIZATION: &str = "Authorization";
/// Jira's REST API answers JSON (Jira Cloud REST API v3, "Get current user").
const ACCEPT: (&str, &str) = ("Accept", "application/json");
/// Jira Cloud REST API v3, "Myself: Get current user".
const MYSELF_PATH: &str = "/rest/api/3/myself";
/// Unauthenticated; answers `{"cloudId": "..."}` (Atlassian, "Manage API
/// tokens": find the cloud id at `https://<site>/_edge/tenant_info`).
const TENANT_INFO_PATH: &str = "/_edge/tenant_info";
/// Atlassian's API gateway, where tokens with scopes are used.
const GATEWAY_HOST: &str = "api.atlassian.com";
const GATEWAY_JIRA_PATH: &str = "/ex/jira/";

/// `https://<host>` directly, or `<prefix>/<host>` through a relay.
fn origin(endpoint: &Endpoint, host: &str) -> String {
    match endpoint {
        Endpoint::Direct => concat(&["https://", host]),
        Endpoint::Relay(prefix) => concat(&[prefix.as_str(), "/", host]),
    }
}

/// `Basic base64(email:token)` (RFC 7617 §2; Atlassian, "Basic auth for REST
/// APIs").
fn basic_authorization(email: &str, token: &str) -> (String, String) {
    let credentials = concat(&[email, ":", token]);
    let value = concat(&["Basic ", &crate::base64::encode(credentials.as_bytes())]);
    (String::from(AUTHORIZATION), value)
}

fn accept() -> (String, String) {
    (String::from(ACCEPT.0), String::from(ACCEPT.1))
}

/// `GET https://<host>/rest/api/3/myself` with Basic auth. `host` must be a
/// host the site check accepted.
pub fn myself_request(endpoint: &Endpoint, host: &str, email: &str, token: &str) -> Request {
    Request {
        url: concat(&[&origin(endpoint, host), MYSELF_PATH]),
        headers: vec![basic_authorization(email, token), accept()],
    }
}

/// `GET https://<host>/_edge/tenant_info`, without credentials: it only names
/// the site's cloud id.
pub fn tenant_info_request(endpoint: &Endpoint, host: &str) -> Request {
    Request {
        url: concat(&[&origin(endpoint, host), TENANT_INFO_PATH]),
        headers: vec![accept()],
    }
}

/// `GET https://api.atlassian.com/ex/jira/<cloudId>/rest/api/3/myself` with
/// Basic auth: how tokens with scopes are checked.
pub fn scoped_myself_request(
    endpoint: &Endpoint,
    cloud_id: &CloudId,
    email: &str,
    token: &str,
) -> Request {
    Request {
        url: concat(&[
            &origin(endpoint, GATEWAY_HOST),
            GATEWAY_JIRA_PATH,
            cloud_id.as_str(),
            MYSELF_PATH,
        ]),
        headers: vec![basic_authorization(email, token), accept()],
    }
}

/// Scoped when asked for, or when the email is an Atlassian service account:
/// those only have tokens with scopes (Atlassian, "Understand service
/// accounts").
pub fn uses_scoped_route(email: &str, scoped_option: bool) -> Route {
    let service_account = rsplit_once(email.trim(), b'@')
        .is_some_and(|(_, domain)| domain.eq_ignore_ascii_case("serviceaccount.atlassian.com"));
    if scoped_option || service_account {
        Route::Scoped
    } else {
        Route::Site
    }
}

// ---- answers ------------------------------------------------------------------

/// What came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Response {
    /// HTTP status; 0 when the browser shows none (opaque responses).
    pub status: u16,
    /// Header names and values; names compare case-insensitively.
    pub headers: Vec<(String, String)>,
    /// The body, decoded as UTF-8 (lossily).
    pub body: String,
    /// True for a redirect stopped by `redirect: "manual"` (Fetch standard,
    /// "opaque-redirect filtered response": status 0, no headers).
    pub opaque_redirect: bool,
}

impl Response {
    /// The first value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why no answer came back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TransportFailure {
    /// The request failed without a status: CORS, DNS, offline, a CSP.
    Network,
    /// No answer before the timeout.
    Timeout,
    /// Cancelled through the abort signal.
    Aborted,
}

/// Which request an answer belongs to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    /// `/rest/api/3/myself`, with the token.
    Myself,
    /// `/_edge/tenant_info`, the first step of the scoped route.
    TenantInfo,
}

const FIRST_STEP_FAILED: &str =
    "Looking up the site's cloud id (the first step of the scoped check) failed: ";
const TERMINAL: &str = "run the terminal check command shown below";

/// Reads Jira's answer to `/myself`.
pub fn interpret_myself(
    route: Route,
    host: &str,
    typed_email: &str,
    response: &Response,
) -> Verification {
    if response.status == 200 && !response.opaque_redirect {
        return match account_from(&response.body) {
            Some(account) => verified(route, typed_email, account),
            None => not_jira(Step::Myself, route, 200),
        };
    }
    failure(Step::Myself, route, host, response)
}

/// Reads the answer to `/_edge/tenant_info`: the site's cloud id, or why the
/// scoped check cannot go on.
// Called once per check, and the error is the final answer: boxing it would
// only make callers unbox it.
#[allow(clippy::result_large_err)]
pub fn interpret_tenant_info(host: &str, response: &Response) -> Result<CloudId, Verification> {
    if response.status == 200 && !response.opaque_redirect {
        return cloud_id_from(&response.body)
            .ok_or_else(|| not_jira(Step::TenantInfo, Route::Scoped, 200));
    }
    Err(failure(Step::TenantInfo, Route::Scoped, host, response))
}

/// Explains a request that got no answer.
pub fn transport_failure(route: Route, failure: TransportFailure) -> Verification {
    match failure {
        TransportFailure::Network => unreadable(route),
        TransportFailure::Timeout => Verification::new(
            Outcome::Timeout,
            route,
            None,
            concat(&[
                "Jira did not answer in time: check your connection and try again, or ",
                TERMINAL,
                ".",
            ]),
        ),
        TransportFailure::Aborted => Verification::new(
            Outcome::Aborted,
            route,
            None,
            String::from("You cancelled the check."),
        ),
    }
}

/// The page's Content-Security-Policy only lets it contact Atlassian's own
/// hosts, and a blocked fetch looks exactly like CORS (DESIGN.md, "Testing
/// against the real thing"), so a custom host is not tried at all.
pub fn not_checkable_from_browser(route: Route, host: &str) -> Verification {
    Verification::new(
        Outcome::BlockedByBrowser,
        route,
        None,
        concat(&[
            "This page may only contact *.atlassian.net, *.jira.com and api.atlassian.com, so it cannot ask ",
            host,
            " from your browser: ",
            TERMINAL,
            " instead.",
        ]),
    )
}

/// A network failure, or an opaque answer: the browser hid it.
fn unreadable(route: Route) -> Verification {
    Verification::new(
        Outcome::BlockedByBrowser,
        route,
        None,
        concat(&[
            "Your browser could not read Jira's answer. Jira Cloud usually refuses calls from other web pages (CORS), \
             and browsers report that exactly like a network failure, so this says nothing about your inputs: ",
            TERMINAL,
            " to check the same thing (or use a relay on this site).",
        ]),
    )
}

/// Every answer except a 200.
fn failure(step: Step, route: Route, host: &str, response: &Response) -> Verification {
    if response.opaque_redirect {
        return redirected(step, route, None);
    }
    let status = response.status;
    match status {
        0 => unreadable(route),
        300..=399 => redirected(step, route, Some(status)),
        401 if step == Step::Myself && captcha_header(response, true) => {
            captcha(route, host, status)
        }
        401 if step == Step::Myself => rejected(route, &response.body),
        403 if step == Step::Myself && captcha_header(response, false) => {
            captcha(route, host, status)
        }
        403 if step == Step::Myself => forbidden(route, status),
        // tenant_info needs no sign-in; a refusal there is about the network
        // the request came from, not about the token, which was not sent.
        401 | 403 => Verification::new(
            Outcome::Forbidden,
            route,
            Some(status),
            concat(&[
                FIRST_STEP_FAILED,
                "the site refused to name its cloud id, perhaps because your organisation only \
                 allows certain IP addresses (IP allowlist); ",
                TERMINAL,
                " from an allowed network.",
            ]),
        ),
        404 => site_not_found(step, route, host),
        429 => rate_limited(step, route, retry_after(response)),
        500..=599 => {
            let mut v = Verification::new(
                Outcome::JiraError,
                route,
                Some(status),
                step_message(
                    step,
                    &[
                        "Jira answered with a server error (HTTP ",
                        &decimal(u64::from(status)),
                        "), which is on Atlassian's side: try again in a few minutes, and see \
                         status.atlassian.com if it persists.",
                    ],
                ),
            );
            // Atlassian, "Rate limiting": some transient 5xx carry Retry-After.
            v.retry_after_seconds = retry_after(response);
            v
        }
        _ if looks_like_jira_error(&response.body) => Verification::new(
            Outcome::JiraError,
            route,
            Some(status),
            step_message(
                step,
                &[
                    "Jira answered with an error it does not give for this request (HTTP ",
                    &decimal(u64::from(status)),
                    "): try again, or ",
                    TERMINAL,
                    ".",
                ],
            ),
        ),
        _ => not_jira(step, route, status),
    }
}

/// The tenant_info step's messages say it was the first step that failed.
fn step_message(step: Step, parts: &[&str]) -> String {
    let body = concat(parts);
    match step {
        Step::Myself => body,
        Step::TenantInfo => concat(&[FIRST_STEP_FAILED, &body]),
    }
}

fn verified(route: Route, typed_email: &str, account: Account) -> Verification {
    let message = match route {
        Route::Site => "Jira accepted this email and token.",
        Route::Scoped => "Jira accepted this email and token through api.atlassian.com.",
    };
    let mut v = Verification::new(Outcome::Verified, route, Some(200), String::from(message));
    match &account.email_address {
        Some(reported) if !reported.eq_ignore_ascii_case(typed_email.trim()) => {
            let mut d = Diagnostic::warning(
                Code::VerifyEmailMismatch,
                "Jira knows this account by a different email address than the one you typed: \
                 use the address Jira shows as the credential's username.",
            );
            if looks_like_email(reported) {
                d = d.with_suggestion(reported.as_str());
            }
            v.diagnostics.push(d);
        }
        Some(_) => {}
        None => v.diagnostics.push(Diagnostic::info(
            Code::VerifyEmailHidden,
            "Jira does not show this account's email address (its profile visibility hides it), \
             so the tool could not compare it with the one you typed.",
        )),
    }
    if !account.active {
        v.diagnostics.push(Diagnostic::warning(
            Code::VerifyAccountInactive,
            "Jira reports this account as deactivated, so Tines' calls will fail: ask an \
             organisation admin to reactivate it at admin.atlassian.com.",
        ));
    }
    // Jira Cloud REST API v3, User.accountType: atlassian, app, customer, unknown.
    match account.account_type.as_str() {
        "atlassian" => {}
        "app" => v.diagnostics.push(Diagnostic::info(
            Code::VerifyAccountType,
            "This is an app account (a service account or bot), not a person's: what Tines does \
             in Jira will show as done by this app.",
        )),
        "customer" => v.diagnostics.push(Diagnostic::warning(
            Code::VerifyAccountType,
            "This is a Jira Service Management customer account, which can only use the help \
             center: Tines needs an account with Jira access.",
        )),
        _ => v.diagnostics.push(Diagnostic::info(
            Code::VerifyAccountType,
            "Jira does not report this as a normal Atlassian account: make sure it is the \
             account Tines should act as.",
        )),
    }
    order_by_severity(&mut v.diagnostics);
    v.account = Some(account);
    v
}

/// The 401 decision tree, most likely cause first.
fn rejected(route: Route, body: &str) -> Verification {
    // What api.atlassian.com says when the token's scopes do not cover the
    // endpoint; `/myself` needs `read:jira-user` (Jira Cloud REST API v3,
    // "Get current user", OAuth scopes).
    if route == Route::Scoped && contains_ignore_ascii_case(body, "scope does not match") {
        let mut v = Verification::new(
            Outcome::Rejected,
            route,
            Some(401),
            String::from(
                "Jira accepted the sign-in, but the token's scopes do not allow reading your own \
                 account: create a token that includes the read:jira-user scope (or, among \
                 granular scopes, read:user:jira), or a token without scopes checked at the site \
                 itself (untick the scoped option).",
            ),
        );
        v.diagnostics.push(Diagnostic::error(
            Code::VerifyTokenScope,
            "The token lacks the read:jira-user scope this check needs.",
        ));
        return v;
    }
    let third = match route {
        Route::Site => {
            "(3) a token with scopes works only through api.atlassian.com: tick the scoped option; "
        }
        Route::Scoped => {
            "(3) a token without scopes is checked at the site itself: untick the scoped option \
             (service accounts only have tokens with scopes); "
        }
    };
    let steps: [&str; 4] = [
        "(1) the email is the sign-in address of the Atlassian account that created the token; ",
        "(2) the token has not expired or been revoked (id.atlassian.com/manage-profile/security/api-tokens); ",
        third,
        "(4) your organisation may block API tokens (admin.atlassian.com, Security, API token controls).",
    ];
    // Jira Cloud answers this plain-text body when it took the secret for an
    // account password, which it stopped accepting for Basic auth (Atlassian,
    // "Deprecation notice: Basic authentication with passwords").
    let password =
        contains_ignore_ascii_case(body, "basic authentication with passwords is deprecated");
    let opening = if password {
        "Jira took the secret for an account password, which it no longer accepts: use an API \
         token, not your password. If you did paste a token, Jira did not accept it for this \
         email; check, in order: "
    } else {
        "Jira did not accept this email and token together. Check, in order: "
    };
    let mut v = Verification::new(
        Outcome::Rejected,
        route,
        Some(401),
        concat(&[opening, steps[0], steps[1], steps[2], steps[3]]),
    );
    if password {
        v.diagnostics.push(Diagnostic::error(
            Code::VerifyPasswordUsed,
            "Jira treated the secret as an account password: paste an API token instead.",
        ));
    }
    v
}

/// Atlassian, "Basic auth for REST APIs", CAPTCHA: after several failed
/// sign-ins Jira answers 403 with `X-Authentication-Denied-Reason:
/// CAPTCHA_CHALLENGE; login-url=...` until someone signs in through the web.
fn captcha_header(response: &Response, strict: bool) -> bool {
    match response.header("X-Authentication-Denied-Reason") {
        Some(reason) => !strict || contains_ignore_ascii_case(reason, "captcha"),
        None => false,
    }
}

fn captcha(route: Route, host: &str, status: u16) -> Verification {
    Verification::new(
        Outcome::Captcha,
        route,
        Some(status),
        concat(&[
            "Jira wants a CAPTCHA after too many failed sign-ins, so it did not check the token: \
             sign in once at https://",
            host,
            " in a browser to clear it, then try again.",
        ]),
    )
}

fn forbidden(route: Route, status: u16) -> Verification {
    let message = match route {
        Route::Site => {
            "Jira accepted the sign-in but refused access: the account may not have Jira on this \
             site (an admin grants product access at admin.atlassian.com), or your organisation \
             only allows certain IP addresses (IP allowlist)."
        }
        Route::Scoped => {
            "Jira accepted the sign-in but refused access: the account may not have Jira on this \
             site (an admin grants product access at admin.atlassian.com), the token's scopes may \
             not include read:jira-user, or your organisation only allows certain IP addresses \
             (IP allowlist)."
        }
    };
    Verification::new(
        Outcome::Forbidden,
        route,
        Some(status),
        String::from(message),
    )
}

/// Jira Cloud answers 404 `{"errorMessage": "Site temporarily unavailable"}`
/// for an address with no site behind it.
fn site_not_found(step: Step, route: Route, host: &str) -> Verification {
    let message = match (step, route) {
        (Step::Myself, Route::Scoped) => concat(&[
            "api.atlassian.com found no Jira for the cloud id of ",
            host,
            ": check at start.atlassian.com that this site has Jira.",
        ]),
        _ => step_message(
            step,
            &[
                "Atlassian has no Jira Cloud site at ",
                host,
                "; check the spelling at start.atlassian.com, which lists the sites you can use.",
            ],
        ),
    };
    Verification::new(Outcome::SiteNotFound, route, Some(404), message)
}

fn rate_limited(step: Step, route: Route, retry: Option<u64>) -> Verification {
    let wait = match retry {
        Some(seconds) => wait_phrase(seconds),
        None => String::from("wait a minute"),
    };
    let mut v = Verification::new(
        Outcome::RateLimited,
        route,
        Some(429),
        step_message(
            step,
            &[
                "Jira is limiting how often this account or network may call it: ",
                &wait,
                " and try again.",
            ],
        ),
    );
    v.retry_after_seconds = retry;
    v
}

/// `redirect: "manual"` stops every redirect; following one would send the
/// token to wherever it points.
fn redirected(step: Step, route: Route, status: Option<u16>) -> Verification {
    let message = match step {
        Step::Myself => String::from(
            "The site answered with a redirect, which this tool does not follow with your token: \
             usually the address is not the site's own atlassian.net address (or the site was \
             renamed); open it in a browser and use the address it ends up at.",
        ),
        Step::TenantInfo => concat(&[
            FIRST_STEP_FAILED,
            "the site answered with a redirect: usually the address is not the site's own \
             atlassian.net address (or the site was renamed); open it in a browser and use the \
             address it ends up at.",
        ]),
    };
    Verification::new(Outcome::Redirected, route, status, message)
}

fn not_jira(step: Step, route: Route, status: u16) -> Verification {
    let message = if status == 200 {
        match step {
            Step::Myself => String::from(
                "The site answered, but not with a Jira account (perhaps with a sign-in page), so \
                 nothing is proven: check that the address is your Jira Cloud site.",
            ),
            Step::TenantInfo => concat(&[
                FIRST_STEP_FAILED,
                "the site did not answer with a cloud id, so it may not be a Jira Cloud site: \
                 check the address.",
            ]),
        }
    } else {
        step_message(
            step,
            &[
                "Jira Cloud does not give this answer (HTTP ",
                &decimal(u64::from(status)),
                ") to this request: something else answered, such as a proxy; check the address, \
                 or ",
                TERMINAL,
                ".",
            ],
        )
    };
    Verification::new(Outcome::NotJira, route, Some(status), message)
}

// ---- reading bodies and headers ---------------------------------------------

/// The account in a `/myself` answer; `None` unless it has a non-empty
/// `accountId`, the one thing an anonymous or foreign answer lacks.
fn account_from(body: &str) -> Option<Account> {
    let object = parse_object(body)?;
    let account_id = object
        .string("accountId")
        .filter(|id| !id.trim().is_empty())?;
    Some(Account {
        account_id: String::from(account_id),
        display_name: String::from(object.string("displayName").unwrap_or("")),
        email_address: object
            .string("emailAddress")
            .filter(|e| !e.trim().is_empty())
            .map(String::from),
        // Jira always sends `active`; without it, do not claim the account is
        // deactivated.
        active: !matches!(object.get("active"), Some(Json::Bool(false))),
        account_type: String::from(object.string("accountType").unwrap_or("unknown")),
    })
}

/// The `cloudId` of a tenant_info answer, only when it is a UUID.
fn cloud_id_from(body: &str) -> Option<CloudId> {
    CloudId::parse(parse_object(body)?.string("cloudId")?)
}

/// Jira's error bodies: `{"errorMessages": [...], "errors": {}}`,
/// `{"errorMessage": "..."}`, and the gateway's `{"code": .., "message": ..}`.
fn looks_like_jira_error(body: &str) -> bool {
    let Some(object) = parse_object(body) else {
        return false;
    };
    object.get("errorMessages") == Some(&Json::Array)
        || object.string("errorMessage").is_some()
        || (object.get("code").is_some() && object.string("message").is_some())
}

/// `Retry-After` as delta-seconds (RFC 9110 §10.2.3), which is what Atlassian
/// sends ("Rate limiting": "how many seconds the app must wait"). An
/// HTTP-date, or anything else, gives `None` and a generic wait.
fn retry_after(response: &Response) -> Option<u64> {
    parse_delta_seconds(response.header("Retry-After")?)
}

fn parse_delta_seconds(value: &str) -> Option<u64> {
    let digits = trim_set(value, b" \t");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.bytes().try_fold(0u64, |n, b| {
        n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// "wait 30 seconds", "wait 2 minutes", "wait 3 hours": rounded up.
fn wait_phrase(seconds: u64) -> String {
    let (amount, unit, units) = if seconds < 120 {
        (seconds, " second", " seconds")
    } else if seconds < 2 * 3600 {
        (seconds.div_ceil(60), " minute", " minutes")
    } else {
        (seconds.div_ceil(3600), " hour", " hours")
    };
    if amount == 0 {
        return String::from("wait a moment");
    }
    concat(&[
        "wait ",
        &decimal(amount),
        if amount == 1 { unit } else { units },
    ])
}

fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    needle.is_empty()
        || haystack
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

/// Shown as a suggestion only when it could be typed back into the email field.
fn looks_like_email(s: &str) -> bool {
    s.len() <= 254 && s.as_bytes().contains(&b'@') && s.bytes().all(|b| (0x21..=0x7e).contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_seconds_only() {
        const CASES: &[(&str, Option<u64>)] = &[
            ("30", Some(30)),
            (" 30\t", Some(30)),
            ("0", Some(0)),
            ("18446744073709551615", Some(u64::MAX)),
            ("18446744073709551616", None), // overflow
            ("", None),
            ("-5", None),
            ("+5", None),
            ("1.5", None),
            ("30, 60", None),
            ("Wed, 21 Oct 2015 07:28:00 GMT", None),
            ("١٢", None), // Arabic-Indic digits are not DIGIT
        ];
        for &(input, expected) in CASES {
            assert_eq!(parse_delta_seconds(input), expected, "{input:?}");
        }
    }

    #[test]
    fn waits_read_naturally() {
        const CASES: &[(u64, &str)] = &[
            (0, "wait a moment"),
            (1, "wait 1 second"),
            (30, "wait 30 seconds"),
            (119, "wait 119 seconds"),
            (120, "wait 2 minutes"),
            (121, "wait 3 minutes"),
            (3600, "wait 60 minutes"),
            (7200, "wait 2 hours"),
            (u64::MAX, "wait 5124095576030432 hours"),
        ];
        for &(seconds, text) in CASES {
            assert_eq!(wait_phrase(seconds), text);
        }
    }

    #[test]
    fn case_insensitive_search() {
        assert!(contains_ignore_ascii_case(
            "Unauthorized; Scope does NOT match",
            "scope does not match"
        ));
        assert!(!contains_ignore_ascii_case("scope", "scope does not match"));
        assert!(contains_ignore_ascii_case("", ""));
    }

    #[test]
    fn outcome_names_match_serde() {
        for outcome in Outcome::ALL {
            let json = serde_json::to_string(outcome).unwrap();
            assert_eq!(json, concat(&["\"", outcome.as_str(), "\""]));
            assert_eq!(outcome.to_string(), outcome.as_str());
        }
        assert_eq!(serde_json::to_string(&Route::Scoped).unwrap(), "\"scoped\"");
        assert_eq!(Route::Site.to_string(), "site");
    }

    #[test]
    fn debug_hides_the_authorization_value() {
        let r = myself_request(
            &Endpoint::Direct,
            "acme.atlassian.net",
            "a@b.co",
            "secret-token",
        );
        let debug = std::format!("{r:?}");
        assert!(!debug.contains(&crate::base64::encode(b"a@b.co:secret-token")));
        assert!(debug.contains("<redacted>") && debug.contains("application/json"));
    }
}
