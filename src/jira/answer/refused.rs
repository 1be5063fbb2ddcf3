//! `/myself` refused: a 401 (the token, the email, a password, a token's
//! scopes) or a 403 (a CAPTCHA, or signed in but not allowed), most likely
//! cause first.

use super::Response;
use crate::diagnostic::{concat, Code, Diagnostic};
use crate::jira::{Outcome, Verification};
use crate::route::Route;

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

/// What Jira Cloud's 401 body says when it took the secret for an account
/// password, which it stopped accepting for Basic auth (Atlassian,
/// "Deprecation notice: Basic authentication with passwords"), compared
/// without letter case. The terminal commands look for the same words
/// (`crate::tines::commands`).
pub(crate) const PASSWORD_REFUSED: &str = "basic authentication with passwords is deprecated";

/// The header of a refusal for a CAPTCHA (see [`captcha_header`]).
pub(crate) const DENIED_HEADER: &str = "X-Authentication-Denied-Reason";

/// The 401 decision tree, most likely cause first.
pub(super) fn rejected(route: Route, response: &Response) -> Verification {
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
                "api.atlassian.com answered that the token's scopes do not match: they do not \
                 allow reading your own account. Create a token that includes the read:jira-user \
                 scope (or, among granular scopes, read:user:jira, read:group:jira, \
                 read:application-role:jira and read:avatar:jira), or use a token without scopes.",
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
             ask this time: the terminal check command asks there too; "
        }
        Route::Scoped | Route::DataCenter => {
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
    let password = contains_ignore_ascii_case(body, PASSWORD_REFUSED);
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
pub(super) fn captcha_header(response: &Response, strict: bool) -> bool {
    match response.header(DENIED_HEADER) {
        Some(reason) => !strict || contains_ignore_ascii_case(reason, "captcha"),
        None => false,
    }
}

pub(super) fn captcha(route: Route, host: &str, status: u16) -> Verification {
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

/// What Jira Cloud answers, 403 with `{"error": "Failed to parse Connect
/// Session Auth Token"}`, when a request carries no email and API token it can
/// read: a Bearer token, or Basic without the email (as recorded in public
/// issue trackers of Jira clients, e.g. php-jira-rest-client #528,
/// pytest_jira #136, terraform-provider-jira #97). Compared without letter case.
pub(super) const NO_SIGN_IN: &str = "failed to parse connect session auth token";

/// The header in which Jira Cloud names the account a request signed in as
/// (as its answers to signed-in requests show it). Only with it does a 403
/// show that the sign-in worked.
pub(crate) const ACCOUNT_HEADER: &str = "X-AAccountId";

/// A 403 from `/myself`, not a CAPTCHA. What it says is what the answer shows,
/// and no more: that the sign-in worked only when it names the account.
pub(super) fn forbidden(route: Route, response: &Response) -> Verification {
    let status = response.status;
    if contains_ignore_ascii_case(&response.body, NO_SIGN_IN) {
        let mut v = Verification::new(
            Outcome::Forbidden,
            route,
            Some(status),
            String::from(
                "Jira could not read an email and API token from the request, so nobody signed \
                 in: Jira Cloud takes an API token only with the account's email, as Basic \
                 sign-in. A Bearer token, or a token sent without its email, gets this answer: \
                 send the email and the token together (curl --user email:token).",
            ),
        );
        v.diagnostics.push(Diagnostic::error(
            Code::VerifyNoSignIn,
            "Jira answered \u{201C}Failed to parse Connect Session Auth Token\u{201D}: the \
             request carried no email and API token it could read.",
        ));
        return v;
    }
    let signed_in = response
        .header(ACCOUNT_HEADER)
        .is_some_and(|id| !id.trim().is_empty());
    let html = response
        .header("Content-Type")
        .is_some_and(|t| contains_ignore_ascii_case(t, "html"))
        || response.body.trim_start().starts_with('<');
    let message = match (signed_in, route) {
        (true, Route::Site) => {
            "Jira accepted the sign-in but refused access: the account may not have Jira on this \
             site (an admin grants product access at admin.atlassian.com), or your organisation \
             only allows certain IP addresses (IP allowlist)."
        }
        (true, Route::Scoped | Route::DataCenter) => {
            "Jira accepted the sign-in but refused access: the account may not have Jira on this \
             site (an admin grants product access at admin.atlassian.com), the token's scopes may \
             not include read:jira-user, or your organisation only allows certain IP addresses \
             (IP allowlist)."
        }
        (false, _) if html => {
            "A web page answered 403, not Jira's API, so nothing shows that the sign-in worked: \
             a proxy, a firewall or your organisation's IP allowlist may refuse requests from \
             this network. Check the address, or ask from a network your organisation allows."
        }
        (false, Route::Site) => {
            "Jira refused access, and its answer does not show whether the sign-in worked: the \
             account may not have Jira on this site (an admin grants product access at \
             admin.atlassian.com), or your organisation only allows certain IP addresses (IP \
             allowlist)."
        }
        (false, Route::Scoped | Route::DataCenter) => {
            "Jira refused access, and its answer does not show whether the sign-in worked: the \
             account may not have Jira on this site (an admin grants product access at \
             admin.atlassian.com), the token's scopes may not include read:jira-user, or your \
             organisation only allows certain IP addresses (IP allowlist)."
        }
    };
    Verification::new(
        Outcome::Forbidden,
        route,
        Some(status),
        String::from(message),
    )
}

pub(super) fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    needle.is_empty()
        || haystack
            .as_bytes()
            .windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_insensitive_search() {
        assert!(contains_ignore_ascii_case(
            "Unauthorized; Scope does NOT match",
            "scope does not match"
        ));
        assert!(!contains_ignore_ascii_case("scope", "scope does not match"));
        assert!(contains_ignore_ascii_case("", ""));
    }
}
