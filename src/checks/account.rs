//! The account an existing credential is for, when its token is replaced
//! (issue 29): an optional input. The person gives either the `account_id`
//! from the credential's *Metadata* in Tines, or the whole *Metadata* block
//! pasted as it is. A credential made before this page added `account_id`
//! (or by hand, as Tines' own guide shows it) has only `domain` and
//! `username`: then its `username` is what the new token is compared with.

use serde_json::Value;

use crate::diagnostic::{concat, Code, Diagnostic, FieldResult};
use crate::route::Deployment;
use crate::text::longer_than;

/// The Metadata of a Jira credential is a few short lines; anything this long
/// is refused unread.
pub const MAX_CREDENTIAL_ACCOUNT_CHARS: usize = 4096;

/// An Atlassian account id is at most 128 characters (Jira Cloud REST API,
/// "User": `accountId`, `maxLength` 128).
const MAX_ACCOUNT_ID: usize = 128;

/// What the account check finds: the account id, or for a Metadata without
/// one, its username (an email: an account id never holds `@`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialAccount<'a> {
    /// The credential's `account_id`.
    Id(&'a str),
    /// The credential's `username`: its Metadata has no `account_id`.
    Username(&'a str),
}

impl CredentialAccount<'_> {
    /// Reads a checked value back (see [`check_credential_account`]).
    pub fn from_value(value: &str) -> CredentialAccount<'_> {
        if value.contains('@') {
            CredentialAccount::Username(value)
        } else {
            CredentialAccount::Id(value)
        }
    }
}

/// The keys of a Jira credential's Metadata that say whose it is. Others
/// (a person may keep more there) are ignored. Read through serde_json's
/// `Value`, which the second module already has for Jira's answers: a derived
/// `Deserialize` would add its own copy of the reader.
struct Metadata<'a> {
    account_id: Option<&'a str>,
    username: Option<&'a str>,
    domain: Option<&'a str>,
    base_url: Option<&'a str>,
    user_key: Option<&'a str>,
}

impl<'a> Metadata<'a> {
    /// `None` unless `value` is an object whose three keys, where present, are strings.
    fn read(value: &'a Value) -> Option<Metadata<'a>> {
        let object = value.as_object()?;
        let key = |name: &str| match object.get(name) {
            None | Some(Value::Null) => Some(None),
            Some(Value::String(text)) => Some(Some(text.as_str())),
            Some(_) => None,
        };
        Some(Metadata {
            account_id: key("account_id")?,
            username: key("username")?,
            domain: key("domain")?,
            base_url: key("base_url")?,
            user_key: key("user_key")?,
        })
    }
}

/// Checks the account the credential in Tines is for. `site` is the checked
/// Jira host, when the site field is valid: a pasted Metadata for another
/// site is an error. `value` is the account id, or, for a Metadata without
/// one, its `username` (read it with [`CredentialAccount::from_value`]).
pub fn check_credential_account(input: &str, site: Option<&str>) -> FieldResult {
    check_credential_account_for(input, site, Deployment::Cloud)
}

/// What tells one Jira's credential accounts apart, beside the Metadata keys
/// that name the site and the account: what a value of the account's key (or
/// of a `username`) may be, how the site in the Metadata may end, and the
/// words.
struct AccountKind {
    /// A value of the account's key, as Jira writes it.
    key: fn(&str) -> Option<&str>,
    /// A `username`, trimmed, that the account can be compared by.
    by_username: fn(&str) -> Option<&str>,
    /// What a site in the Metadata may end with and still be the same site.
    site_end: char,
    too_long: &'static str,
    not_a_key: &'static str,
    not_metadata: &'static str,
    /// The end of the other-site sentence: what to correct.
    correct: &'static str,
    bad_key: &'static str,
    by_username_note: &'static str,
    no_account: &'static str,
}

/// An email with no blank character in it: a Cloud Metadata's `username`.
fn email_username(username: &str) -> Option<&str> {
    (username.contains('@') && !username.contains(char::is_whitespace)).then_some(username)
}

const CLOUD_ACCOUNT: AccountKind = AccountKind {
    key: account_id,
    by_username: email_username,
    site_end: '.',
    too_long:
        "This is far longer than a credential\u{2019}s Metadata: copy only the Metadata box of \
               the credential in Tines, or only its account_id.",
    not_a_key: "This is not an account id (such as 5b10ac8d82e05b22cc7d4ef5 or \
                712020:2c9f6a1e-…): paste the account_id from the credential\u{2019}s Metadata in \
                Tines, or the whole Metadata box.",
    not_metadata: "This is not the whole Metadata: copy everything in the credential\u{2019}s \
                   Metadata box in Tines, from { to }, or only its account_id.",
    correct: ", or correct the site.",
    bad_key: "The account_id in this Metadata is not an account id: copy the Metadata again \
              from Tines, as it is.",
    by_username_note: "This Metadata has no account_id, so the new token is compared by its \
                       email. The new Metadata adds the account_id once a check shows it.",
    no_account: "This Metadata has neither an account_id nor a username (an email), so it says \
                 nothing about whose the credential is: is it the Metadata of the Jira credential?",
};

const DATA_CENTER_ACCOUNT: AccountKind = AccountKind {
    key: user_key,
    by_username: user_key,
    site_end: '/',
    too_long:
        "This is far longer than a credential\u{2019}s Metadata: copy only the Metadata box of \
               the credential in Tines, or only its user_key.",
    not_a_key: "This is not a user key (such as JIRAUSER10100): paste the user_key from the \
                credential\u{2019}s Metadata in Tines, or the whole Metadata box.",
    not_metadata: "This is not the whole Metadata: copy everything in the credential\u{2019}s \
                   Metadata box in Tines, from { to }, or only its user_key.",
    correct: ", or correct the base URL.",
    bad_key: "The user_key in this Metadata is not a user key: copy the Metadata again from \
              Tines, as it is.",
    by_username_note: "This Metadata has no user_key, so the new token is compared by its user \
                       name. The new Metadata adds the user_key once a check shows it.",
    no_account: "This Metadata has neither a user_key nor a username, so it says nothing about \
                 whose the credential is: is it the Metadata of the Jira credential?",
};

/// Checks the account of a credential for the Jira it is for: Cloud as
/// [`check_credential_account`] (its `account_id`, its `domain`); Data Center
/// by its `user_key` (given alone, or in the whole Metadata), or for a
/// Metadata without one its `username`, and a Metadata for another base URL
/// than `site` is an error. A value read from a `username` carries the
/// [`Code::CredentialAccountByEmail`] note.
pub fn check_credential_account_for(
    input: &str,
    site: Option<&str>,
    deployment: Deployment,
) -> FieldResult {
    let kind = match deployment {
        Deployment::Cloud => &CLOUD_ACCOUNT,
        Deployment::DataCenter => &DATA_CENTER_ACCOUNT,
    };
    let text = input.trim();
    if text.is_empty() {
        return FieldResult::absent();
    }
    if longer_than(text, MAX_CREDENTIAL_ACCOUNT_CHARS) {
        return FieldResult::rejected(Diagnostic::error(Code::TooLong, kind.too_long));
    }
    let key = |value: &str, message: &'static str| match (kind.key)(value) {
        Some(key) => FieldResult::new(Some(String::from(key)), Vec::new()),
        None => FieldResult::rejected(Diagnostic::error(Code::CredentialAccountInvalid, message)),
    };
    if !text.starts_with('{') {
        return key(text, kind.not_a_key);
    }
    let parsed = serde_json::from_str::<Value>(text);
    let Some(metadata) = parsed.as_ref().ok().and_then(Metadata::read) else {
        return FieldResult::rejected(Diagnostic::error(
            Code::CredentialAccountNotMetadata,
            kind.not_metadata,
        ));
    };
    let (old_site, given) = match deployment {
        Deployment::Cloud => (metadata.domain, metadata.account_id),
        Deployment::DataCenter => (metadata.base_url, metadata.user_key),
    };
    if let (Some(old), Some(site)) = (old_site, site) {
        let old = old.trim().trim_end_matches(kind.site_end);
        if !old.eq_ignore_ascii_case(site) {
            return FieldResult::rejected(Diagnostic::error(
                Code::CredentialAccountOtherSite,
                concat(&[
                    "This credential is for ",
                    old,
                    ", not ",
                    site,
                    ": replace the token of the credential for ",
                    site,
                    kind.correct,
                ]),
            ));
        }
    }
    if let Some(given) = given {
        return key(given.trim(), kind.bad_key);
    }
    match metadata.username.map(str::trim).and_then(kind.by_username) {
        Some(username) => FieldResult::new(
            Some(String::from(username)),
            vec![Diagnostic::info(
                Code::CredentialAccountByEmail,
                kind.by_username_note,
            )],
        ),
        None => FieldResult::rejected(Diagnostic::error(
            Code::CredentialAccountNotMetadata,
            kind.no_account,
        )),
    }
}

/// A Data Center user key or user name as Jira gives it: 1 to 255
/// characters (Jira's limit for a user name), none of them blank or a
/// control character.
pub fn user_key(text: &str) -> Option<&str> {
    let ok = !text.is_empty()
        && !longer_than(text, 255)
        && !text.chars().any(|c| c.is_whitespace() || c.is_control());
    ok.then_some(text)
}

/// An account id as Jira writes it (`5b10ac8d82e05b22cc7d4ef5`,
/// `557058:f58131cb-b67d-43c7-b30d-6b58d40bd077`): 1 to 128 letters, digits,
/// `:`, `_` and `-`.
pub fn account_id(text: &str) -> Option<&str> {
    let ok = !text.is_empty()
        && text.len() <= MAX_ACCOUNT_ID
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b':' | b'_' | b'-'));
    ok.then_some(text)
}
