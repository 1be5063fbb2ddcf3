//! The failure table: what every answer except a 200 means, for either step.
//! The relay's own answers, redirects, 404, 5xx and answers Jira does not give
//! are read here; `/myself`'s 401 and 403 in `refused`, 429 in `rate_limit`.

use super::body::{looks_like_jira_error, relay_answer};
use super::data_center::{data_center_answered, shows_data_center};
use super::no_answer::unreadable;
use super::rate_limit::{limited, rate_limited, retry_after};
use super::refused::{captcha, captcha_header, forbidden, rejected};
use super::{step_message, Response, Step, FIRST_STEP_FAILED, TERMINAL};
use crate::diagnostic::concat;
use crate::jira::{Outcome, Verification};
use crate::route::Route;
use crate::text::decimal;

/// Every answer except a 200.
pub(super) fn failure(step: Step, route: Route, host: &str, response: &Response) -> Verification {
    if response.opaque_redirect {
        return redirected(step, route, None);
    }
    let status = response.status;
    if let Some(relay) = relay_answer(&response.body).filter(|_| status != 200) {
        return relay_failure(route, status, &relay, retry_after(response));
    }
    // A Cloud check of a host that is not Atlassian's, answered by Data
    // Center's sign-in layer: the other kind of Jira.
    if step == Step::Myself && !is_atlassian(host) && shows_data_center(response) {
        return data_center_answered(route, status);
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
        403 if step == Step::Myself => forbidden(route, response),
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

/// A host of Jira Cloud's (`*.atlassian.net`, `*.jira.com`), or its gateway.
fn is_atlassian(host: &str) -> bool {
    host == crate::route::GATEWAY_HOST
        || crate::checks::site::is_browser_checkable(crate::checks::check_site(host).kind)
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

pub(super) fn not_jira(step: Step, route: Route, status: u16) -> Verification {
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

/// The relay answered for itself: say so, rather than blame Jira or the site.
pub(super) fn relay_failure(
    route: Route,
    status: u16,
    kind: &str,
    retry: Option<u64>,
) -> Verification {
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
