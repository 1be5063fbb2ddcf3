#![no_main]
//! No input panics the token check, and no message ever carries the token.
use libfuzzer_sys::fuzz_target;
use tines_jira_credential::checks::{check_token as check_token_on, Date};

fn check_token(input: &str) -> tines_jira_credential::FieldResult {
    check_token_on(input, Date::new(2026, 12, 1).unwrap())
}

fuzz_target!(|input: &str| {
    let result = check_token(input);
    let trimmed = input.trim();
    // Only secret-shaped inputs: ordinary words ("round the token.") may well
    // appear in a fixed message without leaking anything.
    let secret_shaped = trimmed.len() >= 16
        && !trimmed.contains(char::is_whitespace)
        && trimmed.contains(|c: char| c.is_ascii_digit())
        && trimmed.contains(|c: char| c.is_ascii_alphabetic());
    for diagnostic in &result.diagnostics {
        assert!(diagnostic.suggestion.is_none());
        if secret_shaped {
            assert!(!diagnostic.message.contains(trimmed));
        }
    }
    if let Some(token) = result.value {
        assert_eq!(check_token(&token).value.as_deref(), Some(token.as_str()));
    }
});
