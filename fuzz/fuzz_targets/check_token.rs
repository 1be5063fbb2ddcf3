#![no_main]
//! No input panics the token check, and no message ever carries the token.
use libfuzzer_sys::fuzz_target;
use tines_jira_credential::check_token;

fuzz_target!(|input: &str| {
    let result = check_token(input);
    let trimmed = input.trim();
    for diagnostic in &result.diagnostics {
        assert!(diagnostic.suggestion.is_none());
        if trimmed.len() >= 12 {
            assert!(!diagnostic.message.contains(trimmed));
        }
    }
    if let Some(token) = result.value {
        assert_eq!(check_token(&token).value.as_deref(), Some(token.as_str()));
    }
});
