//! After the site refused the token (401): whether the check goes on to
//! api.atlassian.com, where tokens with scopes are used, and the one verdict
//! from both routes once it has.

use crate::diagnostic::{concat, Code, Diagnostic};
use crate::jira::{Outcome, Verification};
use crate::route::Route;

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
                 api.atlassian.com, and the outputs now do.",
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
