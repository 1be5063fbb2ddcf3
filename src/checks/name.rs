//! The credential's name in Tines, and the key Tines derives from it.
//!
//! Tines refers to a credential by its name in snake_case: a credential named
//! "Jira Prod" is `<<CREDENTIAL.jira_prod>>` and its metadata is
//! `<<INFO.credential.jira_prod.metadata.domain>>` (Tines docs, "Credentials":
//! referencing a credential in an action).

use crate::diagnostic::{say, Code, FieldResult};
use crate::text::longer_than;

/// The name the page fills in before the person types one.
pub const DEFAULT_NAME: &str = "Jira";

/// The longest name read; past it the field is "too long" without being read
/// further, so a pasted megabyte never stalls typing.
pub const MAX_NAME_CHARS: usize = 255;

/// Checks a credential name: required, surrounding whitespace trimmed, and it
/// must have a letter or digit so that Tines can derive a key from it.
pub fn check_name(input: &str) -> FieldResult {
    if longer_than(input, MAX_NAME_CHARS) {
        return FieldResult::rejected(say!(error,
            Code::TooLong,
            "This name is longer than 255 characters: give the credential a short name, such as Jira Prod.",
        ));
    }
    let trimmed = input.trim();
    let mut diagnostics = Vec::new();
    if trimmed.is_empty() {
        return FieldResult::rejected(
            say!(
                error,
                Code::NameEmpty,
                "Give the credential a name; Tines refers to it by that name.",
            )
            .with_suggestion(DEFAULT_NAME),
        );
    }
    if trimmed.len() != input.len() {
        diagnostics.push(say!(
            info,
            Code::NameTrimmed,
            "Spaces around the name were removed.",
        ));
    }
    // The key keeps exactly the ASCII letters and digits, so it is empty
    // exactly when there are none: no need to build it on every keystroke.
    if !trimmed.bytes().any(|b| b.is_ascii_alphanumeric()) {
        diagnostics.push(say!(
            error,
            Code::NameNoKey,
            "Use at least one letter or digit in the name, so that Tines can refer to it.",
        ));
    }
    FieldResult::new(Some(trimmed.to_string()), diagnostics)
}

/// The key Tines uses for a credential name: lowercase ASCII letters and digits,
/// every run of anything else becomes one `_`, with none at either end.
///
/// "Jira Prod" → `jira_prod`, "Jira-Prod 2" → `jira_prod_2`, "JiraProd" → `jiraprod`.
pub fn credential_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    let mut pending_separator = false;
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_separator && !key.is_empty() {
                key.push('_');
            }
            pending_separator = false;
            key.push(c.to_ascii_lowercase());
        } else {
            pending_separator = true;
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEYS: &[(&str, &str)] = &[
        ("Jira", "jira"),
        ("Jira Prod", "jira_prod"),
        ("Jira-Prod 2", "jira_prod_2"),
        ("JiraProd", "jiraprod"),
        ("  Jira   Prod  ", "jira_prod"),
        ("jira_prod", "jira_prod"),
        ("Jira (EU) – Prod!", "jira_eu_prod"),
        ("__Jira__", "jira"),
        ("Jira.Cloud", "jira_cloud"),
        ("Jíra", "j_ra"),
        ("!!!", ""),
        ("", ""),
    ];

    #[test]
    fn keys_follow_tines_snake_case() {
        for (name, key) in KEYS {
            assert_eq!(credential_key(name), *key, "key of {name:?}");
        }
    }

    const NAMES: &[(&str, Option<&str>, &[Code])] = &[
        ("Jira", Some("Jira"), &[]),
        ("Jira Prod", Some("Jira Prod"), &[]),
        (" Jira Prod\n", Some("Jira Prod"), &[Code::NameTrimmed]),
        ("", None, &[Code::NameEmpty]),
        ("   ", None, &[Code::NameEmpty]),
        ("!!!", None, &[Code::NameNoKey]),
    ];

    #[test]
    fn names_are_required_and_trimmed() {
        for (input, value, codes) in NAMES {
            let result = check_name(input);
            assert_eq!(result.value.as_deref(), *value, "value of {input:?}");
            assert_eq!(result.codes(), *codes, "codes of {input:?}");
        }
        let empty = check_name("");
        assert_eq!(
            empty.diagnostics[0].suggestion.as_deref(),
            Some(DEFAULT_NAME)
        );
    }

    proptest::proptest! {
        #[test]
        fn keys_are_snake_case(name in "\\PC{0,40}") {
            let key = credential_key(&name);
            proptest::prop_assert!(key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'));
            proptest::prop_assert!(!key.starts_with('_') && !key.ends_with('_') && !key.contains("__"));
            proptest::prop_assert_eq!(credential_key(&key), key.clone(), "idempotent");
            let result = check_name(&name);
            proptest::prop_assert_eq!(result.ok, !key.is_empty());
        }
    }
}
