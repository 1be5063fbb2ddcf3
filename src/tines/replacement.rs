//! Replacing the token of an existing credential (issue 29): is the new
//! token the same Jira account as the credential in Tines? A token of
//! another account would make every story that uses the credential act as
//! someone else, so the page says so before anything is pasted.
//!
//! The credential's account is what the person pastes from Tines
//! ([`check_credential_account`]): its `account_id`, or for a Metadata
//! without one, its `username`. The new token's account is what a live check
//! or a pasted terminal answer verified (`CredentialInput::account_id`). The
//! accounts are compared by id: Jira may hide the email. A credential with
//! only a `username` is compared by email, which a verified check proves: Jira
//! accepted the token with that email as the user.

use serde::Serialize;

use super::CredentialInput;
use crate::checks::account::{account_id, user_key};
use crate::checks::{check_credential_account_for, check_email, check_site_for, CredentialAccount};
use crate::diagnostic::{concat, Code, FieldResult};
use crate::route::Deployment;

/// How the new token's account compares with the credential's.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccountState {
    /// The same account: replace the token.
    Same,
    /// Another account: do not replace it.
    Different,
    /// The credential's account is known; the new token's is not checked yet.
    Unproven,
    /// The credential's account is not given (or not valid).
    Uncompared,
}

/// The comparison, and what to tell the person.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct AccountMatch {
    /// Same, different, or what is missing to tell.
    pub state: AccountState,
    /// One or two plain sentences for a person.
    pub message: String,
}

/// What replacing a token needs beyond the credential's report.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Replacement {
    /// The check of `credentialAccount`.
    pub credential_account: FieldResult,
    /// Whether the new token is the credential's account.
    pub account: AccountMatch,
}

/// Checks the credential's account and compares it with the account the new
/// token was verified as.
pub fn build_replacement(input: &CredentialInput<'_>) -> Replacement {
    let site = check_site_for(input.site, input.deployment);
    let deployment = site.deployment();
    let credential_account =
        check_credential_account_for(input.credential_account, site.value.as_deref(), deployment);
    if deployment == Deployment::DataCenter {
        let credential = credential_account.value.as_deref().map(|value| {
            if credential_account.has(Code::CredentialAccountByEmail) {
                CredentialAccount::Username(value)
            } else {
                CredentialAccount::Id(value)
            }
        });
        let account = compare_data_center(
            credential,
            user_key(input.account_id.trim()),
            user_key(input.account_name.trim()),
        );
        return Replacement {
            credential_account,
            account,
        };
    }
    let email = check_email(input.email).value;
    let verified = account_id(input.account_id.trim());
    let account = compare(
        credential_account
            .value
            .as_deref()
            .map(CredentialAccount::from_value),
        email.as_deref(),
        verified,
    );
    Replacement {
        credential_account,
        account,
    }
}

/// Data Center: the credential's `user_key` against the verified user's
/// key, or its `username` against the verified user's name (letter case
/// aside, as Jira reads a user name).
fn compare_data_center(
    credential: Option<CredentialAccount<'_>>,
    key: Option<&str>,
    name: Option<&str>,
) -> AccountMatch {
    use AccountState::{Different, Same, Uncompared, Unproven};
    let said = |state, parts: &[&str]| AccountMatch {
        state,
        message: concat(parts),
    };
    let (old, new, by) =
        match credential {
            None => return match key {
                Some(new) => said(
                    Uncompared,
                    &[
                        "The new token is user ",
                        name.unwrap_or(new),
                        ". Give the credential\u{2019}s Metadata from Tines to compare the two \
                         users; the replace commands compare them for you.",
                    ],
                ),
                None => said(
                    Uncompared,
                    &[
                        "Give the credential\u{2019}s Metadata from Tines, and check the new \
                         token with Jira: then the two can be compared, to say whether they are \
                         the same user.",
                    ],
                ),
            },
            Some(CredentialAccount::Id(old)) => (old, key, "key"),
            Some(CredentialAccount::Username(old)) => (old, name, "name"),
        };
    match new {
        None => said(
            Unproven,
            &[
                "The credential is user ",
                old,
                ". Check the new token with Jira, in the browser or from a terminal, to prove \
                 it is the same user.",
            ],
        ),
        Some(new)
            if (by == "key" && new == old) || (by == "name" && new.eq_ignore_ascii_case(old)) =>
        {
            said(
                Same,
                &["The new token is the credential\u{2019}s user, ", old, "."],
            )
        }
        Some(new) => said(
            Different,
            &[
                "The new token is user ",
                new,
                ", but the credential is user ",
                old,
                ": every story that uses it would act as someone else. Create the new token \
                 while signed in to Jira as the credential\u{2019}s user, or make a new \
                 credential for this one.",
            ],
        ),
    }
}

fn compare(
    credential: Option<CredentialAccount<'_>>,
    email: Option<&str>,
    verified: Option<&str>,
) -> AccountMatch {
    use AccountState::{Different, Same, Uncompared, Unproven};
    let said = |state, parts: &[&str]| AccountMatch {
        state,
        message: concat(parts),
    };
    match (credential, verified) {
        (None, Some(new)) => said(
            Uncompared,
            &[
                "The new token is account ",
                new,
                ". Give the credential\u{2019}s Metadata from Tines to compare the two accounts; \
                 the replace commands compare them for you.",
            ],
        ),
        (None, None) => said(
            Uncompared,
            &[
                "Give the credential\u{2019}s Metadata from Tines, and check the new token with \
                 Jira: then the two can be compared, to say whether they are the same account.",
            ],
        ),
        (Some(CredentialAccount::Id(old)), None) => said(
            Unproven,
            &[
                "The credential is account ",
                old,
                ". Check the new token with Jira, in the browser or from a terminal, to prove it \
                 is the same account.",
            ],
        ),
        (Some(CredentialAccount::Id(old)), Some(new)) if old == new => said(
            Same,
            &[
                "The new token is the credential\u{2019}s account, ",
                old,
                ".",
            ],
        ),
        (Some(CredentialAccount::Id(old)), Some(new)) => said(
            Different,
            &[
                "The new token is account ",
                new,
                ", but the credential is account ",
                old,
                ": every story that uses it would act as someone else. Create the new token \
                 while signed in to Atlassian as the credential\u{2019}s account, or make a new \
                 credential for this one.",
            ],
        ),
        (Some(CredentialAccount::Username(old)), _) => match email {
            Some(email) if !email.eq_ignore_ascii_case(old) => said(
                Different,
                &[
                    "The credential is ",
                    old,
                    "\u{2019}s, but the email given is ",
                    email,
                    ": the new token must be the same account\u{2019}s, or every story that uses \
                     the credential would act as someone else. Create it while signed in to \
                     Atlassian as ",
                    old,
                    ", or make a new credential.",
                ],
            ),
            None => said(
                Unproven,
                &[
                    "The credential is ",
                    old,
                    "\u{2019}s: give that account\u{2019}s email, and check the new token with \
                     Jira.",
                ],
            ),
            Some(_) => match verified {
                None => said(
                    Unproven,
                    &[
                        "The credential is ",
                        old,
                        "\u{2019}s. Check the new token with Jira, in the browser or from a \
                         terminal, to prove it is that account\u{2019}s.",
                    ],
                ),
                Some(new) => said(
                    Same,
                    &[
                        "The new token is ",
                        old,
                        "\u{2019}s, as the credential\u{2019}s username says. The new Metadata \
                         adds its account_id, ",
                        new,
                        ", so the next replacement compares the account itself.",
                    ],
                ),
            },
        },
    }
}
