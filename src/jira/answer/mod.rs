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
//!
//! This file holds what every step shares: the answer ([`Response`]), its
//! absence ([`TransportFailure`]), and which request an answer belongs to. The
//! reading, by step:
//! - `myself`: a 200 from `/myself`, the one proof;
//! - `tenant_info`: the scoped route's first step, the site's cloud id;
//! - `failure`: every answer except a 200, for either step, with
//!   `refused` (the 401 and 403 of `/myself`) and `rate_limit` (429,
//!   `Retry-After`);
//! - `gateway`: after the site's 401, whether to ask api.atlassian.com, and
//!   one verdict from both routes;
//! - `no_answer`: a request that got no answer, and the reachability probe;
//! - `data_center`: every answer to Data Center's `/myself`, and a Data
//!   Center answering a Cloud check;
//! - `body`: the reading of the JSON bodies the others look into.
//!
//! [`Verification`]: super::Verification

mod body;
pub(crate) mod data_center;
mod failure;
mod gateway;
mod myself;
mod no_answer;
mod rate_limit;
pub(crate) mod refused;
mod tenant_info;

pub use data_center::{
    data_center_not_allowed, interpret_data_center_myself, interpret_data_center_probe,
};
pub use gateway::{found_route, try_gateway_after};
pub use myself::interpret_myself;
pub use no_answer::{
    interpret_probe, not_checkable_from_browser, relay_unreachable, transport_failure, Probe,
};
pub use tenant_info::interpret_tenant_info;

use crate::diagnostic::concat;

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
const TERMINAL: &str = "run the terminal check command and paste back what it prints";

/// The tenant_info step's messages say it was the first step that failed.
fn step_message(step: Step, parts: &[&str]) -> String {
    let body = concat(parts);
    match step {
        Step::Myself => body,
        Step::TenantInfo => concat(&[FIRST_STEP_FAILED, &body]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jira::Outcome;
    use crate::route::Route;

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
