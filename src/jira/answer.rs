//! What Jira's answer to a live check means, or what its absence means.
//!
//! A transport sends a [`Request`](super::Request) and hands back a
//! [`Response`] or a [`TransportFailure`]; the functions below turn that into
//! a [`Verification`] for a person. Nothing here touches the network, so every
//! Jira answer is testable natively, and a pasted terminal transcript is read
//! by the same functions (see [`super::transcript`]).
//!
//! Only `/myself` answering 200 with an `accountId` counts as proof: a 200
//! from anything else (a sign-in page, an anonymous answer) proves nothing.
//! Messages never quote an answer's body, so nothing a server echoes (the
//! token, its base64) can reach a message.

use serde_json::Value;

use super::request::CloudId;
use super::{Account, Outcome, Verification};
use crate::diagnostic::{concat, order_by_severity, Code, Diagnostic};
use crate::route::Route;
use crate::text::decimal;

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
const TERMINAL: &str =
    "run the terminal check command shown below and paste what it prints into the field under it";

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

/// Whether a site's verdict sends the check on to api.atlassian.com: a plain
/// 401 at the site is what a token with scopes gets there (Atlassian, "Manage
/// API tokens for your Atlassian account": tokens with scopes are used through
/// api.atlassian.com), and the token's type cannot be told from the token.
/// A CAPTCHA, a password, or any other answer is the verdict as it stands.
pub fn try_gateway_after(site: &Verification) -> bool {
    site.outcome == Outcome::Rejected
        && site.status == Some(401)
        && !site.has(Code::VerifyPasswordUsed)
}

/// One verdict from both routes, once the site refused the token (401) and
/// the check went on to the gateway: which route worked, and why the other did
/// not. `gateway` is the gateway's verdict, or the cloud-id lookup's failure.
pub fn found_route(site: Verification, gateway: Verification) -> Verification {
    // Only a verdict of the gateway's own /myself carries the cloud id; the
    // lookup's failure (a 403 from an IP allowlist, a 404) does not, and
    // leaves the site's verdict standing.
    let answered = gateway.cloud_id.is_some();
    match gateway.outcome {
        _ if !answered => with_gateway_note(site, gateway),
        Outcome::Verified => {
            let mut v = gateway;
            v.message = String::from(
                "Jira accepted this email and token through api.atlassian.com, not at the site \
                 itself: it is a token with scopes, so Tines must call Jira through \
                 api.atlassian.com, and the outputs below now do.",
            );
            v.diagnostics.insert(
                0,
                Diagnostic::info(
                    Code::VerifyRouteFound,
                    "The site refused the token (401), as it does every token with scopes; \
                     api.atlassian.com accepted it.",
                ),
            );
            v
        }
        Outcome::Rejected if gateway.has(Code::VerifyTokenScope) => gateway,
        Outcome::Rejected => {
            let mut v = Verification::new(
                Outcome::Rejected,
                Route::Site,
                Some(401),
                String::from(
                    "Neither the site nor api.atlassian.com (where tokens with scopes are used) \
                     accepted this email and token. Check, in order: (1) the email is the sign-in \
                     address of the Atlassian account that created the token; (2) the token has \
                     not expired or been revoked \
                     (id.atlassian.com/manage-profile/security/api-tokens); (3) your organisation \
                     may block API tokens (admin.atlassian.com, Security, API token controls).",
                ),
            );
            v.cloud_id = gateway.cloud_id;
            v
        }
        // The gateway took the sign-in and refused for another reason: that
        // is the token's real verdict.
        Outcome::Forbidden | Outcome::Captcha => gateway,
        _ => with_gateway_note(site, gateway),
    }
}

/// The site's verdict, with why the gateway gave none.
fn with_gateway_note(site: Verification, gateway: Verification) -> Verification {
    let mut v = site;
    v.diagnostics.push(Diagnostic::warning(
        Code::VerifyGatewayNotAsked,
        concat(&[
            "The check then tried api.atlassian.com, where tokens with scopes are used, and got \
             no verdict there: ",
            &gateway.message,
        ]),
    ));
    v.cloud_id = gateway.cloud_id;
    v
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
/// hosts, and a blocked fetch looks exactly like CORS (docs/architecture.md, "Testing
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
            "Your browser reached the site but would not let this page read Jira's answer: Jira Cloud refuses \
             calls from other web pages (CORS), so this says nothing about your inputs. To check the same \
             thing, ",
            TERMINAL,
            ".",
        ]),
    )
}

/// A check through the page's own relay failed without a status: the relay,
/// on this page's own site, did not answer.
pub fn relay_unreachable(route: Route) -> Verification {
    Verification::new(
        Outcome::RelayError,
        route,
        None,
        concat(&[
            "This site's relay did not answer, so Jira was not asked: tell the site's operators, and meanwhile ",
            TERMINAL,
            ".",
        ]),
    )
}

/// The site could not be reached at all (the probe failed too).
fn unreachable(route: Route, host: &str) -> Verification {
    Verification::new(
        Outcome::Unreachable,
        route,
        None,
        concat(&[
            "Your browser could not reach ",
            host,
            " at all. Check the site name for typos (start.atlassian.com lists your sites), that you are \
             online, and whether a VPN, a proxy or your network's DNS blocks it. The terminal check command \
             below tells these apart: if curl says \"Could not resolve host\", the name is wrong or DNS \
             fails; if it cannot connect or times out, the network or a proxy is in the way.",
        ]),
    )
}

/// What the reachability probe ([`super::probe_request`]) found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Probe {
    /// An opaque answer: the host answered, and the browser withheld the
    /// check's answer (CORS).
    Reached,
    /// The probe was rejected too: the host could not be reached.
    Failed,
    /// The probe was rejected, but the page is cross-origin isolated
    /// (`crossOriginIsolated`: COOP and COEP), where the browser blocks every
    /// `no-cors` answer without a `Cross-Origin-Resource-Policy` header
    /// (Fetch standard, "cross-origin resource policy check"), so a rejection
    /// says nothing about the host.
    Inconclusive,
}

/// What a check that failed without a status means, once the probe has
/// answered.
pub fn interpret_probe(route: Route, host: &str, probe: Probe) -> Verification {
    match probe {
        Probe::Reached => unreadable(route),
        Probe::Failed => unreachable(route, host),
        Probe::Inconclusive => Verification::new(
            Outcome::BlockedByBrowser,
            route,
            None,
            concat(&[
                "Your browser would not let this page read Jira's answer, and this page's isolation \
                 settings (cross-origin isolation) also hide whether ",
                host,
                " answered at all, so this says nothing about your inputs. To check, ",
                TERMINAL,
                ".",
            ]),
        ),
    }
}

/// Every answer except a 200.
fn failure(step: Step, route: Route, host: &str, response: &Response) -> Verification {
    if response.opaque_redirect {
        return redirected(step, route, None);
    }
    let status = response.status;
    if let Some(relay) = relay_answer(&response.body).filter(|_| status != 200) {
        return relay_failure(route, status, &relay, retry_after(response));
    }
    match status {
        0 => unreadable(route),
        300..=399 => redirected(step, route, Some(status)),
        401 if step == Step::Myself && captcha_header(response, true) => {
            captcha(route, host, status)
        }
        401 if step == Step::Myself => rejected(route, response),
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
        429 => rate_limited(step, route, response),
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

/// True when api.atlassian.com says the token's scopes do not cover the
/// request: 401 with `{"code":401,"message":"Unauthorized; scope does not
/// match"}` and `X-Failure-Category: FAILURE_CLIENT_SCOPE_CHECK` (as reported
/// by people who hit it; Atlassian documents no body for it).
pub(crate) fn scope_mismatch(response: &Response) -> bool {
    contains_ignore_ascii_case(&response.body, "scope does not match")
        || response
            .header("X-Failure-Category")
            .is_some_and(|v| contains_ignore_ascii_case(v, "SCOPE_CHECK"))
}

/// The 401 decision tree, most likely cause first.
fn rejected(route: Route, response: &Response) -> Verification {
    let body = response.body.as_str();
    // What api.atlassian.com says when the token's scopes do not cover the
    // endpoint; `/myself` needs `read:jira-user`, or the granular
    // read:user:jira, read:group:jira, read:application-role:jira and
    // read:avatar:jira (Jira Cloud REST API v3, "Get current user", OAuth
    // scopes).
    if route == Route::Scoped && scope_mismatch(response) {
        let mut v = Verification::new(
            Outcome::Rejected,
            route,
            Some(401),
            String::from(
                "Jira accepted the sign-in, but the token's scopes do not allow reading your own \
                 account: create a token that includes the read:jira-user scope (or, among \
                 granular scopes, read:user:jira, read:group:jira, read:application-role:jira \
                 and read:avatar:jira), or use a token without scopes.",
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
            "(3) a token with scopes is used through api.atlassian.com, which the check could not \
             ask this time: the terminal check command below asks there too; "
        }
        Route::Scoped => {
            "(3) a token with scopes needs the read:jira-user scope (granular: read:user:jira) \
             for this check; "
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

/// Jira's 429 (Atlassian, "Rate limiting", Jira Cloud REST API): `RateLimit-Reason` names the
/// limit that was hit (`jira-burst-based`, `jira-quota-tenant-based`, `jira-quota-global-based`,
/// `jira-per-issue-on-write`), and `X-RateLimit-Reset` says when its window resets (ISO 8601).
fn rate_limited(step: Step, route: Route, response: &Response) -> Verification {
    let reason = response.header("RateLimit-Reason").unwrap_or_default();
    let which = if reason.contains("burst") {
        "Jira's burst limit was hit (too many calls in a few seconds from this account or network): "
    } else if reason.contains("per-issue") {
        "Jira's limit on changes to one issue was hit: "
    } else if reason.contains("quota") {
        "the site's hourly quota of Jira API calls is used up: "
    } else {
        "Jira is limiting how often this account or network may call it: "
    };
    let who = step_message(step, &[which]);
    let mut v = limited(route, 429, &who, retry_after(response));
    if let Some(reset) = response.header("X-RateLimit-Reset").and_then(reset_time) {
        v.message.push_str(" The limit resets at ");
        v.message.push_str(&reset);
        v.message.push('.');
    }
    v
}

/// `HH:MM UTC on YYYY-MM-DD` from an ISO 8601 `X-RateLimit-Reset` such as
/// `2026-12-01T10:00Z`; `None` for anything else (it is never echoed as sent).
fn reset_time(value: &str) -> Option<String> {
    let v = value.trim().as_bytes();
    // Only a time in UTC (`Z`), so that "UTC" below is true.
    let shaped = v.len() >= 16
        && v.last() == Some(&b'Z')
        && v.iter().take(16).enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 => *b == b':',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    let text = value.trim();
    Some(concat(&[text.get(11..16)?, " UTC on ", text.get(..10)?]))
}

/// A 429, whoever is limiting: `who` opens the message, the wait ends it.
fn limited(route: Route, status: u16, who: &str, retry: Option<u64>) -> Verification {
    let wait = match retry {
        Some(seconds) => wait_phrase(seconds),
        None => String::from("wait a minute"),
    };
    let mut v = Verification::new(
        Outcome::RateLimited,
        route,
        Some(status),
        concat(&[who, &wait, " and try again."]),
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
//
// serde_json parses Jira's answers into a `serde_json::Value`, and the fields
// are taken from it one by one: every field is optional (null counts as
// absent) and unknown fields are ignored, so a new field in Jira's answer
// changes nothing, while a field of the wrong type makes the answer not
// Jira's. Not a derived Deserialize: serde's derived readers report a wrong
// type or a repeated key through `de::Error::custom`, which makes serde_json
// carry the text of every such error and core's formatting (4.2 KB gzipped
// of the module, measured); a Value never fails that way. One difference: a
// key given twice counts once (the last), where the derived reader refused it.

/// Every field this module reads from any answer, in one struct. The fields by
/// answer:
/// - `/myself` (Jira Cloud REST API v3, "Get current user"): `accountId`,
///   `displayName`, `emailAddress`, `active`, `accountType`;
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
fn account_from(body: &str) -> Option<Account> {
    let answer = read_body(body)?;
    let account_id = answer.account_id.filter(|id| !id.trim().is_empty())?;
    Some(Account {
        account_id,
        display_name: answer.display_name.unwrap_or_default(),
        email_address: answer.email_address.filter(|e| !e.trim().is_empty()),
        // Jira always sends `active`; without it, do not claim the account is
        // deactivated.
        active: answer.active.unwrap_or(true),
        account_type: answer
            .account_type
            .unwrap_or_else(|| String::from("unknown")),
    })
}

/// True when a body is a `/myself` answer that names an account: what a 200
/// must hold to be `/myself`'s answer.
pub(crate) fn names_an_account(body: &str) -> bool {
    account_from(body).is_some()
}

/// The `cloudId` of a tenant_info answer, only when it is a UUID.
fn cloud_id_from(body: &str) -> Option<CloudId> {
    CloudId::parse(&read_body(body)?.cloud_id?)
}

fn looks_like_jira_error(body: &str) -> bool {
    let Some(answer) = read_body(body) else {
        return false;
    };
    answer.error_messages || answer.error_message || (answer.code && answer.message)
}

/// Which of the relay's own answers this is, if it is one.
fn relay_answer(body: &str) -> Option<String> {
    read_body(body)?.relay
}

/// The relay answered for itself: say so, rather than blame Jira or the site.
fn relay_failure(route: Route, status: u16, kind: &str, retry: Option<u64>) -> Verification {
    if kind == "rate-limited" {
        return limited(
            route,
            status,
            "This site's relay is limiting how many checks one address may make: ",
            retry,
        );
    }
    let what = match kind {
        "refused" => {
            "This site's relay refused the check, so Jira was not asked: the page's relay setting may not \
             match the relay's path. Tell the site's operators, and meanwhile "
        }
        "upstream-timeout" => {
            "This site's relay got no answer from Atlassian in time, so Jira's verdict is unknown: try again \
             in a minute, or "
        }
        _ => {
            "This site's relay could not reach Atlassian (DNS, certificate or connection on the relay's side), \
             so Jira was not asked: tell the site's operators, and meanwhile "
        }
    };
    Verification::new(
        Outcome::RelayError,
        route,
        Some(status),
        concat(&[what, TERMINAL, "."]),
    )
}

/// `Retry-After` as delta-seconds (RFC 9110 §10.2.3), which is what Atlassian
/// sends ("Rate limiting": "how many seconds the app must wait"). An
/// HTTP-date, or anything else, gives `None` and a generic wait.
fn retry_after(response: &Response) -> Option<u64> {
    parse_delta_seconds(response.header("Retry-After")?)
}

fn parse_delta_seconds(value: &str) -> Option<u64> {
    let digits = value.trim_matches([' ', '\t']);
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
}
