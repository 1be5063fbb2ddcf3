//! Everything a person pastes into Tines, built from the four checked inputs.
//!
//! Tines' manual route for Jira is a *Text* credential: the *Value* is the API
//! token and the *Metadata* is `{"domain": ..., "username": ...}` (Tines,
//! "Jira Software Authentication Guide", manual credential creation). Actions
//! read them as `CREDENTIAL.<key>` and `INFO.credential.<key>.metadata.<field>`.

use serde::Serialize;

use crate::diagnostic::{concat, FieldResult};
use crate::email::check_email;
use crate::name::{check_name, credential_key};
use crate::site::{check_site, SiteCheck};
use crate::text::pieces;
use crate::token::check_token;
use crate::verify::{uses_scoped_route, Route};

/// The four inputs, as typed.
#[derive(Clone, Copy, Debug, Default)]
pub struct CredentialInput<'a> {
    /// The Jira site: a name, host or any URL on the site.
    pub site: &'a str,
    /// The sign-in email of the account that created the token.
    pub email: &'a str,
    /// The API token.
    pub token: &'a str,
    /// The credential's name in Tines.
    pub name: &'a str,
    /// The token has scopes (or belongs to a service account), so it is checked
    /// through `api.atlassian.com` rather than the site's own address.
    pub scoped: bool,
}

/// The checked fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fields {
    /// The site.
    pub site: SiteCheck,
    /// The account email.
    pub email: FieldResult,
    /// The API token.
    pub token: FieldResult,
    /// The credential name.
    pub name: FieldResult,
}

/// Every field checked, and the outputs once they can be built.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CredentialReport {
    /// Every field is ok.
    pub ok: bool,
    /// The result of each check.
    pub fields: Fields,
    /// Present once site, email and name are ok (the token may still be wrong:
    /// everything but the *Value* can be prepared without it).
    pub outputs: Option<CredentialOutputs>,
}

/// The Tines references for a credential.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct References {
    /// `<<CREDENTIAL.key>>`: the token.
    pub value: String,
    /// `<<INFO.credential.key.metadata.domain>>`.
    pub domain: String,
    /// `<<INFO.credential.key.metadata.username>>`.
    pub username: String,
    /// `https://<<INFO.credential.key.metadata.domain>>/rest/api/3`: the base URL
    /// of Jira's REST API for an HTTP Request action.
    pub base_url: String,
}

/// Terminal commands that ask Jira the same question as the live check. They
/// prompt for the token rather than carrying it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Commands {
    /// POSIX shell (`curl` prompts for the token as the password).
    pub curl: String,
    /// PowerShell 7 (`Get-Credential` prompts for the token).
    pub powershell: String,
}

/// Everything to paste into Tines' "New credential → Text" form, and more.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CredentialOutputs {
    /// The credential's name.
    pub name: String,
    /// Its key in Tines references.
    pub credential_key: String,
    /// The cleaned token (the *Value*); `None` while the token is not ok.
    pub value: Option<String>,
    /// The *Metadata* block, pretty-printed with two spaces.
    pub metadata_json: String,
    /// The *Domains* restriction: space-separated hosts the credential may be sent to.
    pub domains_field: String,
    /// How Tines actions refer to the credential.
    pub references: References,
    /// Commands that check the token from a terminal.
    pub commands: Commands,
    /// Which route the live check takes.
    pub route: Route,
}

/// The scoped route's API gateway (Atlassian, "Scoped API tokens": requests go
/// to `https://api.atlassian.com/ex/jira/{cloudId}/...`).
pub const SCOPED_API_HOST: &str = "api.atlassian.com";

/// Checks all four inputs and, once site, email and name are valid, builds the
/// outputs. This runs on every keystroke.
pub fn build_credential(input: &CredentialInput<'_>) -> CredentialReport {
    let site = check_site(input.site);
    let email = check_email(input.email);
    let token = check_token(input.token);
    let name = check_name(input.name);
    let outputs = match (&site.value, &email.value, &name.value) {
        (Some(host), Some(address), Some(name)) => Some(outputs(
            host,
            address,
            token.value.as_deref(),
            name,
            uses_scoped_route(address, input.scoped),
        )),
        _ => None,
    };
    let ok = site.ok && email.ok && token.ok && name.ok;
    CredentialReport {
        ok,
        fields: Fields {
            site,
            email,
            token,
            name,
        },
        outputs,
    }
}

fn outputs(
    host: &str,
    email: &str,
    token: Option<&str>,
    name: &str,
    route: Route,
) -> CredentialOutputs {
    let key = credential_key(name);
    let metadata_json = crate::json::metadata_block(host, email);
    let domains_field = match route {
        Route::Site => host.to_string(),
        Route::Scoped => concat(&[host, " ", SCOPED_API_HOST]),
    };
    let references = References {
        value: concat(&["<<CREDENTIAL.", &key, ">>"]),
        domain: concat(&["<<INFO.credential.", &key, ".metadata.domain>>"]),
        username: concat(&["<<INFO.credential.", &key, ".metadata.username>>"]),
        base_url: concat(&[
            "https://<<INFO.credential.",
            &key,
            ".metadata.domain>>/rest/api/3",
        ]),
    };
    let commands = Commands {
        curl: curl_command(host, email, route),
        powershell: powershell_command(host, email, route),
    };
    CredentialOutputs {
        name: name.to_string(),
        credential_key: key,
        value: token.map(str::to_string),
        metadata_json,
        domains_field,
        references,
        commands,
        route,
    }
}

/// Quotes a string for a POSIX shell: inside single quotes nothing is special
/// but the single quote itself, written `'\''` (POSIX.1-2017, Shell Command
/// Language §2.2.2).
pub fn sh_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    // Copied a piece at a time, not a character at a time: these run on every
    // keystroke.
    for (i, piece) in pieces(value, b'\'').enumerate() {
        if i > 0 {
            out.push_str("'\\''");
        }
        out.push_str(piece);
    }
    out.push('\'');
    out
}

/// Quotes a string for PowerShell: a verbatim (single-quoted) string, where a
/// quote is doubled. PowerShell also treats the typographic single quotes
/// U+2018–U+201B as quotes (about_Quoting_Rules), so those are doubled too.
pub fn ps_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    // The text is copied in runs that end with a quote, and the next run
    // starts with that quote again: so each quote is written twice.
    let mut run = 0;
    for (at, c) in value.char_indices() {
        if matches!(c, '\'' | '\u{2018}'..='\u{201B}') {
            out.push_str(value.get(run..at + c.len_utf8()).unwrap_or(""));
            run = at;
        }
    }
    out.push_str(value.get(run..).unwrap_or(""));
    out.push('\'');
    out
}

const CURL: &str =
    "curl --silent --show-error --fail-with-body --header 'Accept: application/json'";

fn curl_command(host: &str, email: &str, route: Route) -> String {
    let user = sh_quote(email);
    match route {
        // `--user EMAIL` without a password makes curl prompt for it, so the
        // token never lands on the command line or in the shell's history.
        Route::Site => concat(&[
            CURL,
            " --user ",
            &user,
            " ",
            &sh_quote(&concat(&["https://", host, "/rest/api/3/myself"])),
        ]),
        Route::Scoped => concat(&[
            "cloud_id=$(curl --silent --show-error --fail ",
            &sh_quote(&concat(&["https://", host, "/_edge/tenant_info"])),
            " | sed -n 's/.*\"cloudId\" *: *\"\\([0-9a-fA-F-]*\\)\".*/\\1/p') && ",
            CURL,
            " --user ",
            &user,
            " \"https://api.atlassian.com/ex/jira/${cloud_id}/rest/api/3/myself\"",
        ]),
    }
}

fn powershell_command(host: &str, email: &str, route: Route) -> String {
    let credential = concat(&[
        "$cred = Get-Credential -UserName ",
        &ps_quote(email),
        " -Message 'Paste the Jira API token as the password'; ",
    ]);
    let request =
        " -Authentication Basic -Credential $cred -Headers @{ Accept = 'application/json' }";
    match route {
        Route::Site => concat(&[
            &credential,
            "Invoke-RestMethod -Uri ",
            &ps_quote(&concat(&["https://", host, "/rest/api/3/myself"])),
            request,
        ]),
        Route::Scoped => concat(&[
            "$cloudId = (Invoke-RestMethod -Uri ",
            &ps_quote(&concat(&["https://", host, "/_edge/tenant_info"])),
            ").cloudId; ",
            &credential,
            "Invoke-RestMethod -Uri ('https://api.atlassian.com/ex/jira/' + $cloudId + '/rest/api/3/myself')",
            request,
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Metadata<'a> {
        domain: &'a str,
        username: &'a str,
    }

    proptest::proptest! {
        #[test]
        fn metadata_is_what_serde_json_pretty_prints(domain in "\\PC{0,20}", username in "\\PC{0,30}") {
            let expected = serde_json::to_string_pretty(&Metadata { domain: &domain, username: &username }).unwrap();
            proptest::prop_assert_eq!(crate::json::metadata_block(&domain, &username), expected);
        }
    }

    proptest::proptest! {
        #[test]
        fn quoting_copies_all_but_quotes_unchanged(value in "[a'\u{2018}-\u{201c}\u{e9} ]{0,12}") {
            let sh: String = value.chars().map(|c| if c == '\'' { "'\\''".to_string() } else { c.to_string() }).collect();
            proptest::prop_assert_eq!(sh_quote(&value), format!("'{sh}'"));
            let ps: String = value
                .chars()
                .map(|c| if matches!(c, '\'' | '\u{2018}'..='\u{201B}') { format!("{c}{c}") } else { c.to_string() })
                .collect();
            proptest::prop_assert_eq!(ps_quote(&value), format!("'{ps}'"));
        }
    }

    #[test]
    fn quoting_survives_apostrophes() {
        assert_eq!(sh_quote("o'brien@acme.com"), "'o'\\''brien@acme.com'");
        assert_eq!(ps_quote("o'brien@acme.com"), "'o''brien@acme.com'");
        assert_eq!(ps_quote("a\u{2019}b"), "'a\u{2019}\u{2019}b'");
    }
}
