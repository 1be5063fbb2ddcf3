#![no_main]
//! No input panics the site check; accepted values are canonical and re-check to themselves.
use libfuzzer_sys::fuzz_target;
use tines_jira_credential::check_site;

fuzz_target!(|input: &str| {
    let result = check_site(input);
    assert_eq!(result.ok, result.value.is_some());
    if let Some(host) = result.value {
        assert!(host.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'));
        assert_eq!(check_site(&host).value.as_deref(), Some(host.as_str()));
    }
});
