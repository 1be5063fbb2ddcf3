//! What Jira Data Center or Server says to a personal access token, and what
//! a Jira of the other kind says to a check meant for this one.
//!
//! The answers, by what each one shows:
//! - **200** from `/rest/api/2/myself` with the user's `key` or `name`: the
//!   proof (Jira Data Center REST API 2, "Myself"). A 200 with an `accountId`
//!   is Jira Cloud's.
//! - **401**: Data Center reads a personal access token before its sign-in
//!   layer (Seraph), and one it does not know (mistyped, expired or revoked)
//!   leaves the request anonymous, which `/myself` refuses ("This resource
//!   cannot be accessed anonymously"). `X-AUSERNAME: anonymous` says so
//!   (Atlassian, Jira Service Management Data Center "Special headers": "the
//!   username of the authenticated user or 'anonymous'"). A 401 with
//!   `X-Seraph-LoginReason: AUTHENTICATED_FAILED` (Seraph's `LoginReason`:
//!   "The user could not be authenticated") is a user name and password
//!   refused, so the request went as Basic, not as a Bearer token.
//! - **403** with `X-Authentication-Denied-Reason: CAPTCHA_CHALLENGE;
//!   login-url=…` (with `X-Seraph-LoginReason: AUTHENTICATION_DENIED`): too
//!   many failed password sign-ins on the account, as recorded in jira-cli
//!   #353. A personal access token is not subject to the CAPTCHA (GitLab
//!   #385517), so this answer means a password was tried.
//! - **403** as an HTML page, or **404** as one: a reverse proxy, or a base
//!   URL whose context path is wrong; a 404 in Jira's JSON error shape is
//!   Jira's own.
//! - **429** with `Retry-After`, `X-RateLimit-Limit`,
//!   `X-RateLimit-Interval-Seconds` and `X-RateLimit-FillRate`: Data Center's
//!   rate limiting, from 8.6 (Atlassian, "Improving instance stability with
//!   rate limiting"; "Adjusting your code for rate limiting").
//! - An answer that is Jira Cloud's (an `accountId`, the `X-AAccountId`
//!   header, or 403 "Failed to parse Connect Session Auth Token", which Cloud
//!   answers to a Bearer token): the site is Cloud.

use super::body::{
    account_from_data_center, cloud_account_in, looks_like_jira_error, relay_answer,
};
use super::failure::relay_failure;
use super::rate_limit::{limited, retry_after};
use super::refused::{captcha_header, contains_ignore_ascii_case, ACCOUNT_HEADER, NO_SIGN_IN};
use super::{Probe, Response};
use crate::diagnostic::{concat, order_by_severity, Code, Diagnostic};
use crate::jira::{Account, Outcome, Verification};
use crate::route::Route;
use crate::text::decimal;

const ROUTE: Route = Route::DataCenter;
const TERMINAL: &str = "run the terminal check command and paste back what it prints";

/// Data Center names the request's user in this header, or `anonymous`.
pub(crate) const USER_HEADER: &str = "X-AUSERNAME";
/// Data Center's sign-in layer (Seraph) says why it refused in this header.
pub(crate) const LOGIN_REASON_HEADER: &str = "X-Seraph-LoginReason";

/// Reads Data Center's answer to `/rest/api/2/myself` for the base `target`
/// (`host[:port][/context]`); `origin` is the asking page's own origin, named
/// when the browser withheld the answer.
pub fn interpret_data_center_myself(
    target: &str,
    origin: Option<&str>,
    response: &Response,
) -> Verification {
    if response.opaque_redirect {
        return redirected(None);
    }
    let status = response.status;
    if let Some(relay) = relay_answer(&response.body).filter(|_| status != 200) {
        return relay_failure(ROUTE, status, &relay, retry_after(response));
    }
    if answered_as_cloud(response) {
        return cloud_answered(status);
    }
    match status {
        0 => blocked(target, origin),
        200 => match account_from_data_center(&response.body) {
            Some(account) => verified(account),
            None => not_jira(200),
        },
        300..=399 => redirected(Some(status)),
        401 if login_reason(response, "AUTHENTICATION_DENIED") => captcha(target, status),
        401 => rejected(response),
        403 if captcha_header(response, false) => captcha(target, status),
        403 => forbidden(response),
        404 => not_found(target, response),
        429 => rate_limited(response),
        500..=599 => {
            let mut v = Verification::new(
                Outcome::JiraError,
                ROUTE,
                Some(status),
                concat(&[
                    "Jira answered with a server error (HTTP ",
                    &decimal(u64::from(status)),
                    "), which is on the Jira server's side: try again in a few minutes, and tell \
                     its administrators if it persists.",
                ]),
            );
            v.retry_after_seconds = retry_after(response);
            v
        }
        _ if looks_like_jira_error(&response.body) => Verification::new(
            Outcome::JiraError,
            ROUTE,
            Some(status),
            concat(&[
                "Jira answered with an error it does not give for this request (HTTP ",
                &decimal(u64::from(status)),
                "): try again, or ",
                TERMINAL,
                ".",
            ]),
        ),
        _ => not_jira(status),
    }
}

/// True when the answer shows Data Center's sign-in layer: `X-AUSERNAME` or
/// `X-Seraph-LoginReason`. Read only for a host that is not Atlassian's, so
/// a Cloud answer never counts.
pub(crate) fn shows_data_center(response: &Response) -> bool {
    response.header(USER_HEADER).is_some() || response.header(LOGIN_REASON_HEADER).is_some()
}

/// A Cloud check of a host that is not Atlassian's, answered by Data Center:
/// say which Jira answered, and what to switch.
pub(crate) fn data_center_answered(route: Route, status: u16) -> Verification {
    let mut v = Verification::new(
        Outcome::WrongJira,
        route,
        Some(status).filter(|&s| s != 0),
        String::from(
            "Jira Data Center or Server answered, not Jira Cloud: its sign-in layer (the \
             X-AUSERNAME and X-Seraph-LoginReason headers) is not Cloud's, and it does not take \
             an email and API token. Say this Jira is Data Center, and check it with a personal \
             access token.",
        ),
    );
    v.diagnostics.push(Diagnostic::info(
        Code::VerifySignInReason,
        "Jira Cloud never sends X-AUSERNAME or X-Seraph-LoginReason; Data Center and Server do.",
    ));
    v
}

fn answered_as_cloud(response: &Response) -> bool {
    response
        .header(ACCOUNT_HEADER)
        .is_some_and(|id| !id.trim().is_empty())
        || (response.status == 403 && contains_ignore_ascii_case(&response.body, NO_SIGN_IN))
        || (response.status == 200 && cloud_account_in(&response.body))
}

fn cloud_answered(status: u16) -> Verification {
    Verification::new(
        Outcome::WrongJira,
        ROUTE,
        Some(status),
        String::from(
            "Jira Cloud answered, not Data Center or Server: it names accounts by an Atlassian \
             account id, and reads a Bearer token as no sign-in at all. Say this Jira is Cloud, \
             and check it with the account's email and an API token.",
        ),
    )
}

fn login_reason(response: &Response, reason: &str) -> bool {
    response
        .header(LOGIN_REASON_HEADER)
        .is_some_and(|v| contains_ignore_ascii_case(v, reason))
}

fn anonymous(response: &Response) -> bool {
    response
        .header(USER_HEADER)
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("anonymous"))
}

fn verified(account: Account) -> Verification {
    let mut v = Verification::new(
        Outcome::Verified,
        ROUTE,
        Some(200),
        String::from("Jira accepted this personal access token."),
    );
    if !account.active {
        v.diagnostics.push(Diagnostic::warning(
            Code::VerifyAccountInactive,
            "Jira reports this user as inactive, so Tines' calls will fail: a Jira administrator \
             reactivates it in User management.",
        ));
    }
    order_by_severity(&mut v.diagnostics);
    v.account = Some(account);
    v
}

fn rejected(response: &Response) -> Verification {
    if login_reason(response, "AUTHENTICATED_FAILED") {
        let mut v = Verification::new(
            Outcome::Rejected,
            ROUTE,
            Some(401),
            String::from(
                "Jira's sign-in layer refused a user name and password: the request reached Jira \
                 as Basic sign-in, not with the token as Bearer, and a personal access token only \
                 works as Bearer (Authorization: Bearer and the token). The check command sends \
                 it that way; a proxy in front of Jira may be rewriting the header.",
            ),
        );
        v.diagnostics.push(Diagnostic::info(
            Code::VerifySignInReason,
            "Jira answered X-Seraph-LoginReason: AUTHENTICATED_FAILED, its answer to a user name \
             and password it refused.",
        ));
        return v;
    }
    let mut v = Verification::new(
        Outcome::Rejected,
        ROUTE,
        Some(401),
        String::from(
            "Jira did not take this personal access token, so it answered as to nobody: Jira \
             treats a mistyped, an expired and a revoked token alike. Check, in order: (1) the \
             token was copied whole (Jira shows it once, when it is created); (2) it has not \
             expired or been revoked (Profile \u{2192} Personal access tokens lists yours; an \
             expired one cannot be renewed, so create a new one); (3) personal access tokens \
             are not turned off on this Jira (its administrators decide); (4) a proxy in front \
             of Jira passes the Authorization header on.",
        ),
    );
    if anonymous(response) {
        v.diagnostics.push(Diagnostic::info(
            Code::VerifySignInReason,
            "Jira answered X-AUSERNAME: anonymous: it took the request as nobody's.",
        ));
    }
    v
}

fn captcha(target: &str, status: u16) -> Verification {
    Verification::new(
        Outcome::Captcha,
        ROUTE,
        Some(status),
        concat(&[
            "Jira wants a CAPTCHA on this account after too many failed password sign-ins, so it \
             refused the request. A personal access token is not held back by the CAPTCHA, so \
             this request went with a password: send the token as Bearer. To clear the CAPTCHA, \
             sign in once at https://",
            target,
            " in a browser.",
        ]),
    )
}

fn is_html(response: &Response) -> bool {
    response
        .header("Content-Type")
        .is_some_and(|t| contains_ignore_ascii_case(t, "html"))
        || response.body.trim_start().starts_with('<')
}

fn forbidden(response: &Response) -> Verification {
    let message = if is_html(response) {
        "A web page answered 403, not Jira's API: a reverse proxy, a firewall or a single sign-on \
         gateway in front of Jira refused the request. Ask whoever runs it to let requests to \
         /rest/api/2 with an Authorization header through, or check from a network it allows."
    } else if response
        .header(USER_HEADER)
        .is_some_and(|u| !u.trim().is_empty() && !u.trim().eq_ignore_ascii_case("anonymous"))
    {
        "Jira took the token, then refused access: the user may not be allowed to use Jira (a \
         Jira administrator grants application access in User management)."
    } else {
        "Jira refused access, and its answer does not show whether it took the token: the user \
         may not be allowed to use Jira (a Jira administrator grants application access in User \
         management), or a proxy in front of Jira refused the request."
    };
    Verification::new(Outcome::Forbidden, ROUTE, Some(403), String::from(message))
}

fn not_found(target: &str, response: &Response) -> Verification {
    let message = if looks_like_jira_error(&response.body) {
        concat(&[
            "Jira answered 404 for its own API at https://",
            target,
            "/rest/api/2/myself: the base URL is Jira's, but not where this Jira answers its API. \
             Check the context path (Jira's own pages show the base: the address before /secure/ \
             or /browse/).",
        ])
    } else {
        concat(&[
            "A web page answered 404 for https://",
            target,
            "/rest/api/2/myself, not Jira's API: the base URL most likely lacks its context path \
             or has one too many (Jira's own pages show the base: the address before /secure/ or \
             /browse/), or a reverse proxy does not pass /rest/ on to Jira.",
        ])
    };
    Verification::new(Outcome::SiteNotFound, ROUTE, Some(404), message)
}

fn rate_limited(response: &Response) -> Verification {
    let number = |name: &str| {
        response
            .header(name)
            .map(str::trim)
            .filter(|v| !v.is_empty() && v.len() <= 9 && v.bytes().all(|b| b.is_ascii_digit()))
    };
    let mut v = limited(
        ROUTE,
        429,
        "Jira's rate limiting is holding back this user's requests (its administrators set the \
         limits in Administration \u{2192} System \u{2192} Rate limiting): ",
        retry_after(response),
    );
    if let (Some(limit), Some(fill), Some(every)) = (
        number("X-RateLimit-Limit"),
        number("X-RateLimit-FillRate"),
        number("X-RateLimit-Interval-Seconds"),
    ) {
        v.message.push_str(&concat(&[
            " It allows ",
            limit,
            " requests at once, and ",
            fill,
            " more every ",
            every,
            if every == "1" {
                " second."
            } else {
                " seconds."
            },
        ]));
    }
    v
}

fn redirected(status: Option<u16>) -> Verification {
    Verification::new(
        Outcome::Redirected,
        ROUTE,
        status,
        String::from(
            "Jira answered with a redirect, which this tool does not follow with your token: \
             usually the base URL is not the one Jira is configured with (an administrator sees \
             it in Administration \u{2192} System \u{2192} General configuration), or a single \
             sign-on page stands in front of the API. Use the address Jira's own pages show.",
        ),
    )
}

fn not_jira(status: u16) -> Verification {
    let message = if status == 200 {
        String::from(
            "The address answered, but not with a Jira user (perhaps with a sign-in page), so \
             nothing is proven: check the base URL, context path included.",
        )
    } else {
        concat(&[
            "Jira does not give this answer (HTTP ",
            &decimal(u64::from(status)),
            ") to this request: something else answered, such as a proxy; check the base URL, \
             or ",
            TERMINAL,
            ".",
        ])
    };
    Verification::new(Outcome::NotJira, ROUTE, Some(status), message)
}

/// The browser reached the base, and would not let the page read Jira's
/// answer: Data Center sends CORS headers only to origins on its allowlist
/// (Atlassian, "Configuring the allowlist": Administration → System →
/// Allowlist, "Allow incoming" for CORS, an origin as `scheme://host[:port]`
/// with no trailing slash).
fn blocked(target: &str, origin: Option<&str>) -> Verification {
    let origin = origin.unwrap_or("this page's origin");
    Verification::new(
        Outcome::BlockedByBrowser,
        ROUTE,
        None,
        concat(&[
            "Your browser reached https://",
            target,
            " but would not let this page read Jira's answer: Jira Data Center answers calls \
             from other web pages only for the origins on its allowlist, and ",
            origin,
            " is not on it. A Jira administrator adds it in Administration \u{2192} System \
             \u{2192} Allowlist: an Exact match entry for ",
            origin,
            ", with Allow incoming ticked. Until then, ",
            TERMINAL,
            ".",
        ]),
    )
}

/// A check that failed without a status, once the probe of the base has
/// answered.
pub fn interpret_data_center_probe(
    target: &str,
    origin: Option<&str>,
    probe: Probe,
) -> Verification {
    match probe {
        Probe::Reached => blocked(target, origin),
        Probe::Failed => Verification::new(
            Outcome::Unreachable,
            ROUTE,
            None,
            concat(&[
                "Your browser could not reach https://",
                target,
                " at all. If this Jira is inside your company's network, connect to it (a VPN) \
                 first; check the host and the port for typos. The terminal check command tells \
                 these apart: if curl says \"Could not resolve host\", the name is wrong or DNS \
                 fails; if it cannot connect or times out, the network or a firewall is in the way.",
            ]),
        ),
        Probe::Inconclusive => Verification::new(
            Outcome::BlockedByBrowser,
            ROUTE,
            None,
            concat(&[
                "Your browser would not let this page read Jira's answer, and this page's \
                 isolation settings (cross-origin isolation) also hide whether https://",
                target,
                " answered at all, so this says nothing about your inputs. To check, ",
                TERMINAL,
                ".",
            ]),
        ),
    }
}

/// The page may ask only the Data Center origin its operators allowed.
pub fn data_center_not_allowed(target: &str) -> Verification {
    Verification::new(
        Outcome::BlockedByBrowser,
        ROUTE,
        None,
        concat(&[
            "This page may only ask the Jira Data Center its operators set it up for, so it \
             cannot ask https://",
            target,
            " from your browser: ",
            TERMINAL,
            " instead.",
        ]),
    )
}
