//! `/myself`'s answer: a 200 naming an account is the proof the check looks
//! for, read here with what Jira says about that account (its email, whether
//! it is active, its type); any other answer goes to the failure table.

use super::body::account_from;
use super::failure::{failure, not_jira};
use super::{Response, Step};
use crate::diagnostic::{order_by_severity, Code, Diagnostic};
use crate::jira::{Account, Outcome, Verification};
use crate::route::Route;

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

fn verified(route: Route, typed_email: &str, account: Account) -> Verification {
    let message = match route {
        Route::Site => "Jira accepted this email and token.",
        Route::Scoped => "Jira accepted this email and token through api.atlassian.com.",
        Route::DataCenter => "Jira accepted this personal access token.",
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
    match account.account_type.as_deref().unwrap_or("unknown") {
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

/// Shown as a suggestion only when it could be typed back into the email field.
fn looks_like_email(s: &str) -> bool {
    s.len() <= 254 && s.as_bytes().contains(&b'@') && s.bytes().all(|b| (0x21..=0x7e).contains(&b))
}
