#![no_main]
//! No answer panics the permissions reader: it always lists the six permissions asked, says "can"
//! only for what the body says is held, and never quotes the body (no message holds a brace, which
//! every JSON body has).
use libfuzzer_sys::fuzz_target;
use tines_jira_credential::jira::{interpret_permissions, Response};
use tines_jira_credential::Route;

fuzz_target!(|answer: (u16, Vec<(String, String)>, String, bool, bool)| {
    let (status, headers, body, opaque_redirect, scoped) = answer;
    let response = Response { status, headers, body, opaque_redirect };
    let route = if scoped { Route::Scoped } else { Route::Site };
    let p = interpret_permissions(route, &response);
    assert_eq!(p.items.len(), 6);
    if p.items.iter().any(|i| i.have == Some(true)) {
        assert_eq!(response.status, 200);
        assert!(response.body.contains("havePermission"));
    }
    assert!(!p.message.contains('{'), "{}", p.message);
});
