//! What the checks say while a person types: every message fits the text that
//! produced it, no suggestion would itself fail the check, each correction is
//! offered once, and a pasted megabyte is answered without being read.
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

use proptest::prelude::*;
use tines_jira_credential::checks::token::check_token;
use tines_jira_credential::checks::Date;
use tines_jira_credential::{check_email, check_name, check_site, Code, Diagnostic};

/// Every prefix of what people type, one key at a time.
fn prefixes(text: &str) -> impl Iterator<Item = &str> {
    text.char_indices()
        .map(move |(at, c)| &text[..at + c.len_utf8()])
}

fn suggestions(diagnostics: &[Diagnostic]) -> Vec<&str> {
    diagnostics
        .iter()
        .filter_map(|d| d.suggestion.as_deref())
        .collect()
}

fn assert_suggestions_pass(input: &str, diagnostics: &[Diagnostic], check: impl Fn(&str) -> bool) {
    let offered = suggestions(diagnostics);
    for s in &offered {
        assert!(check(s), "{input:?}: suggestion {s:?} fails its own check");
    }
    let mut unique = offered.clone();
    unique.dedup();
    assert_eq!(
        unique.len(),
        offered.len(),
        "{input:?}: a correction offered twice"
    );
}

#[test]
fn typing_a_site_never_suggests_a_rejected_address() {
    for typed in [
        "acme.atlassian.net",
        "https://acme.atlassian.net/jira/software/projects/ABC/boards/1",
        "http://acme.atlassian.net/",
        "acme.jira.com",
        "jira.acme.com",
    ] {
        for prefix in prefixes(typed) {
            let r = check_site(prefix);
            assert_suggestions_pass(prefix, &r.diagnostics, |s| check_site(s).ok);
        }
    }
}

#[test]
fn messages_fit_unfinished_sites() {
    // "acme." is an address being typed, not one "with no dot".
    let r = check_site("acme.");
    assert!(!r.ok);
    assert!(
        r.diagnostics[0].message.contains("unfinished"),
        "{:?}",
        r.diagnostics
    );
    assert!(!r.diagnostics[0].message.contains("no dot"));
    // A Cloud address on its way is never accepted as a custom domain, and
    // never offered as "Use acme.atlassian".
    for partial in [
        "acme.atlassian",
        "acme.atlassian.",
        "acme.atlassian.n",
        "acme.atlassian.ne",
    ] {
        let r = check_site(partial);
        assert!(!r.ok, "{partial}");
        assert_eq!(
            suggestions(&r.diagnostics),
            ["acme.atlassian.net"],
            "{partial}"
        );
        assert!(
            r.diagnostics[0].message.starts_with("Finish the address"),
            "{partial}"
        );
    }
    // One letter after the last dot: a slip at the end, not a custom domain.
    for slip in ["jira.acme.c", "acme.c"] {
        assert_eq!(check_site(slip).codes(), [Code::SiteShortTld], "{slip}");
    }
    assert!(check_site("jira.acme.co").ok);
}

#[test]
fn one_message_per_correction() {
    // http:// and a trailing slash both lead to the same host: one Use.
    let r = check_site("http://acme.atlassian.net/");
    assert!(r.ok);
    assert_eq!(suggestions(&r.diagnostics), ["acme.atlassian.net"]);
}

#[test]
fn typing_an_email_never_suggests_a_rejected_address() {
    for typed in [
        "jane@acme.com",
        "Jane Doe <jane@acme.com>",
        "mailto:jane@acme.com",
        "jane @acme.com",
        "jane@acme..com",
    ] {
        for prefix in prefixes(typed) {
            let r = check_email(prefix);
            assert_suggestions_pass(prefix, &r.diagnostics, |s| check_email(s).ok);
        }
    }
    assert_eq!(check_email("jane@acme.c").codes(), [Code::EmailShortTld]);
    let r = check_email("Jane Doe <jane@acme.com>");
    assert!(r.ok);
    assert_eq!(r.value.as_deref(), Some("jane@acme.com"));
    assert!(r.diagnostics[0].message.contains("jane@acme.com"));
}

proptest! {
    #[test]
    fn no_suggestion_fails_its_check(site in "[a-zA-Z0-9.:/@ -]{0,30}", email in "[a-zA-Z0-9.@<> :-]{0,30}") {
        let r = check_site(&site);
        for s in suggestions(&r.diagnostics) {
            prop_assert!(check_site(s).ok, "{:?} suggests {:?}", site, s);
        }
        let r = check_email(&email);
        for s in suggestions(&r.diagnostics) {
            prop_assert!(check_email(s).ok, "{:?} suggests {:?}", email, s);
        }
    }
}

/// A megabyte pasted into any field is "too long", said at once, without the
/// rules reading it (each check returns before looking past its limit).
#[test]
fn a_pasted_megabyte_is_too_long_in_every_field() {
    let megabyte = "a".repeat(1_000_000);
    let today = Date::parse("2026-12-01").unwrap();
    assert_eq!(check_site(&megabyte).codes(), [Code::TooLong]);
    assert_eq!(check_email(&megabyte).codes(), [Code::TooLong]);
    assert_eq!(check_token(&megabyte, today).codes(), [Code::TooLong]);
    assert_eq!(check_name(&megabyte).codes(), [Code::TooLong]);
    // The limits themselves: the longest real values still pass.
    let long_host = format!("{}.atlassian.net", "a".repeat(63));
    assert!(check_site(&format!("https://{long_host}/{}", "p".repeat(1900))).ok);
    assert!(check_name(&"N".repeat(255)).ok);
    assert_eq!(check_name(&"N".repeat(256)).codes(), [Code::TooLong]);
}
