//! Replacing a token (issue 29): the credential's account as the person
//! pastes it from Tines, and whether the new token is that account.
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

use proptest::prelude::*;
use tines_jira_credential::checks::{check_credential_account, Date};
use tines_jira_credential::{build_replacement, AccountState, CredentialInput};

const TODAY: Date = match Date::new(2026, 12, 6) {
    Some(d) => d,
    None => Date::EPOCH,
};
const OLD: &str = "5b10ac8d82e05b22cc7d4ef5";
const NEW: &str = "712020:2c9f6a1e-93b1-4f0c-9d3e-1f2a3b4c5d6e";

fn codes(text: &str, site: Option<&str>) -> Vec<&'static str> {
    check_credential_account(text, site)
        .diagnostics
        .iter()
        .map(|d| d.code.as_str())
        .collect()
}

#[test]
fn the_credential_account_is_an_account_id_or_the_metadata_pasted_whole() {
    let site = Some("acme.atlassian.net");
    // Left empty: optional.
    let empty = check_credential_account("  ", site);
    assert!(empty.ok);
    assert_eq!(empty.value, None);
    assert!(empty.diagnostics.is_empty());
    // The account_id alone, trimmed.
    let bare = check_credential_account(&format!("  {NEW}\n"), site);
    assert!(bare.ok);
    assert_eq!(bare.value.as_deref(), Some(NEW));
    // The Metadata block as Tines shows it, with this page's account_id.
    let metadata = format!(
        "{{\n  \"domain\": \"acme.atlassian.net\",\n  \"username\": \"jane@acme.com\",\n  \"account_id\": \"{OLD}\"\n}}"
    );
    let whole = check_credential_account(&metadata, site);
    assert!(whole.ok, "{whole:?}");
    assert_eq!(whole.value.as_deref(), Some(OLD));
    assert!(whole.diagnostics.is_empty());
    // Other keys a person keeps there are ignored; the domain's case does not matter.
    let more = format!(
        "{{\"domain\": \"ACME.atlassian.net\", \"account_id\": \"{OLD}\", \"project\": \"SEC\", \"n\": 3}}"
    );
    assert_eq!(
        check_credential_account(&more, site).value.as_deref(),
        Some(OLD)
    );
    // Tines' own guide's Metadata (domain and username only): compared by email, and said so.
    let guide = "{\"domain\": \"acme.atlassian.net\", \"username\": \"jane@acme.com\"}";
    let by_email = check_credential_account(guide, site);
    assert!(by_email.ok);
    assert_eq!(by_email.value.as_deref(), Some("jane@acme.com"));
    assert_eq!(codes(guide, site), ["credential-account-by-email"]);
}

#[test]
fn what_is_not_a_credential_account_is_refused_and_says_how_to_fix_it() {
    let site = Some("acme.atlassian.net");
    for (text, code, says) in [
        ("jane smith", "credential-account-invalid", "account_id"),
        (
            "5b10ac8d82e05b22cc7d4ef5!",
            "credential-account-invalid",
            "account_id",
        ),
        (
            &*"x".repeat(129),
            "credential-account-invalid",
            "account id",
        ),
        (
            "{\"domain\": \"acme.atlassian.net\",",
            "credential-account-not-metadata",
            "from { to }",
        ),
        (
            "{\"account_id\": 5}",
            "credential-account-not-metadata",
            "Metadata",
        ),
        (
            "{\"domain\": \"acme.atlassian.net\"}",
            "credential-account-not-metadata",
            "neither",
        ),
        (
            "{\"username\": \"jane\"}",
            "credential-account-not-metadata",
            "neither",
        ),
        (
            "{\"account_id\": \"a b\"}",
            "credential-account-invalid",
            "copy the Metadata again",
        ),
        (
            "{\"domain\": \"beta.atlassian.net\", \"account_id\": \"abc\"}",
            "credential-account-other-site",
            "beta.atlassian.net, not acme.atlassian.net",
        ),
        (&*"{".repeat(4097), "too-long", "Metadata box"),
    ] {
        let result = check_credential_account(text, site);
        assert!(!result.ok, "{text:.40}");
        assert_eq!(result.value, None);
        assert_eq!(codes(text, site), [code], "{text:.40}");
        assert!(
            result.diagnostics[0].message.contains(says),
            "{text:.40}: {}",
            result.diagnostics[0].message
        );
    }
    // Without a valid site, a Metadata's domain cannot be compared: it is not refused for it.
    assert!(
        check_credential_account(
            "{\"domain\": \"beta.atlassian.net\", \"account_id\": \"abc\"}",
            None
        )
        .ok
    );
    // At the limit, read; one past, refused unread.
    let long = format!(
        "{{\"account_id\": \"{OLD}\", \"pad\": \"{}\"}}",
        "x".repeat(4096 - 53)
    );
    assert_eq!(long.len(), 4096);
    assert!(check_credential_account(&long, site).ok);
}

fn replacing<'a>(credential: &'a str, email: &'a str, verified: &'a str) -> CredentialInput<'a> {
    CredentialInput {
        site: "acme",
        email,
        token: "",
        name: "Jira",
        credential_account: credential,
        account_id: verified,
        today: TODAY,
        ..CredentialInput::default()
    }
}

#[test]
fn the_new_token_must_be_the_credentials_account() {
    use AccountState::{Different, Same, Uncompared, Unproven};
    let guide = "{\"domain\": \"acme.atlassian.net\", \"username\": \"Jane@Acme.com\"}";
    for (credential, email, verified, state, says) in [
        (
            "",
            "jane@acme.com",
            "",
            Uncompared,
            "Give the credential\u{2019}s Metadata",
        ),
        ("", "jane@acme.com", NEW, Uncompared, NEW),
        ("not an id!", "jane@acme.com", NEW, Uncompared, NEW),
        (OLD, "jane@acme.com", "", Unproven, "Check the new token"),
        (OLD, "jane@acme.com", OLD, Same, OLD),
        (OLD, "jane@acme.com", NEW, Different, "act as someone else"),
        // Compared by id whatever the email says: Jira may hide it.
        (OLD, "someone@else.com", OLD, Same, OLD),
        (guide, "jane@acme.com", "", Unproven, "Check the new token"),
        (guide, "jane@acme.com", NEW, Same, "adds its account_id"),
        (
            guide,
            "bob@acme.com",
            NEW,
            Different,
            "the email given is bob@acme.com",
        ),
        (guide, "bob@acme.com", "", Different, "Jane@Acme.com"),
        (guide, "", "", Unproven, "give that account\u{2019}s email"),
    ] {
        let r = build_replacement(&replacing(credential, email, verified));
        assert_eq!(r.account.state, state, "{credential} {email} {verified}");
        assert!(
            r.account.message.contains(says),
            "{credential} {email} {verified}: {}",
            r.account.message
        );
    }
    // As the element reads it.
    let json =
        serde_json::to_value(build_replacement(&replacing(OLD, "jane@acme.com", NEW))).unwrap();
    assert_eq!(json["account"]["state"], "different");
    assert_eq!(json["credentialAccount"]["value"], OLD);
}

proptest! {
    /// "same" only ever with a verified account that is the credential's: its
    /// id, or, for a Metadata without one, the email the check used.
    #[test]
    fn same_only_when_proven(
        credential in prop::sample::select(vec!["", OLD, NEW, "{\"username\": \"jane@acme.com\"}", "{\"account_id\": \"5b10ac8d82e05b22cc7d4ef5\"}"]),
        email in prop::sample::select(vec!["", "jane@acme.com", "JANE@acme.com", "bob@acme.com"]),
        verified in prop::sample::select(vec!["", OLD, NEW, "bad id!"]),
    ) {
        let r = build_replacement(&replacing(credential, email, verified));
        let by_id = r.credential_account.value.as_deref().filter(|v| !v.contains('@'));
        let proven = match by_id {
            Some(id) => verified == id,
            None => credential.contains("username")
                && !verified.is_empty() && !verified.contains(' ')
                && email.eq_ignore_ascii_case("jane@acme.com"),
        };
        prop_assert_eq!(r.account.state == AccountState::Same, proven);
    }
}
