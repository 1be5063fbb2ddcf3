#![no_main]
//! No input panics the email check; accepted values re-check to themselves.
use libfuzzer_sys::fuzz_target;
use tines_jira_credential::check_email;

fuzz_target!(|input: &str| {
    let result = check_email(input);
    if let Some(email) = result.value {
        assert!(email.is_ascii() && email.len() <= 254);
        assert_eq!(email.matches('@').count(), 1);
        assert_eq!(check_email(&email).value.as_deref(), Some(email.as_str()));
    }
});
