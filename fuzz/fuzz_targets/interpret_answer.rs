#![no_main]
//! No answer from a server panics the interpreters, and none is verified without an accountId.
use libfuzzer_sys::fuzz_target;
use tines_jira_credential::jira::{interpret_myself, interpret_tenant_info, Outcome, Response};
use tines_jira_credential::Route;

fuzz_target!(|answer: (u16, Vec<(String, String)>, String, bool)| {
    let (status, headers, body, opaque_redirect) = answer;
    let response = Response { status, headers, body, opaque_redirect };
    let verification = interpret_myself(Route::Site, "acme.atlassian.net", "jane@acme.com", &response);
    if verification.outcome == Outcome::Verified {
        assert!(response.body.contains("accountId"));
    }
    let _ = interpret_tenant_info("acme.atlassian.net", &response);
});
