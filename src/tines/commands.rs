//! Terminal commands: the check commands, which ask Jira the live check's
//! question and print a transcript the page can read back, and the commands
//! that create the credential through Tines' API.
//!
//! Secrets never appear in a command, and never on any process's command
//! line (`/proc/<pid>/cmdline` is readable by other users): the sh commands
//! read them with the shell's `read` (a builtin) at their own hidden prompts
//! and hand them to curl on its standard input (or a descriptor), written by
//! `printf` (a builtin too). Every value typed into the page is quoted so
//! that any valid email or name passes literally.
//!
//! Each command is a template in `src/tines/commands/`, laid out for the
//! person who reads it before pasting a token into it: a step a line or a
//! few, each with a comment, no line over 100 characters, and in the sh
//! commands no `'\''`: the typed values are set before `sh -c '<script>'`,
//! and the script quotes with `"` (`tests/commands_layout.rs`).

use crate::diagnostic::concat;
use crate::route::{
    Route, GATEWAY_HOST, GATEWAY_JIRA_PATH, MYPERMISSIONS_PATH, MYSELF_PATH, TENANT_INFO_PATH,
};
use crate::text::split_once;

/// Quotes a string for a POSIX shell: inside single quotes nothing is special
/// but the single quote itself, written `'\''` (POSIX.1-2017, Shell Command
/// Language §2.2.2).
pub fn sh_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for (i, piece) in value.split('\'').enumerate() {
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
    for c in value.chars() {
        if matches!(c, '\'' | '\u{2018}'..='\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// Quotes a string for a curl config file: inside double quotes, `\` and `"`
/// are escaped with a backslash (curl's manual, `--config`: "within double
/// quotes ... the escape sequences \\, \", \t, \n, \r and \v").
fn curl_config_quote(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out.push('"');
    out
}

// ---- the templates --------------------------------------------------------------

// Each command is a template in `src/tines/commands/`, written as a person
// reads it before running it: one step a line or a few, each with a comment.
// `{{NAME}}` marks where a value goes; [`fill`] puts it there, already quoted
// (`sh_quote`, `ps_quote`) or one of the route's fixed paths.
const CHECK_SH: &str = include_str!("commands/check.sh");
const CHECK_SITE_SH: &str = include_str!("commands/check-site.sh");
const CHECK_SCOPED_SH: &str = include_str!("commands/check-scoped.sh");
const CHECK_PS: &str = include_str!("commands/check.ps1");
const CHECK_SITE_PS: &str = include_str!("commands/check-site.ps1");
const CHECK_SCOPED_PS: &str = include_str!("commands/check-scoped.ps1");
const CHECK_WINPS: &str = include_str!("commands/check-5.1.ps1");
const CHECK_SITE_WINPS: &str = include_str!("commands/check-5.1-site.ps1");
const CHECK_SCOPED_WINPS: &str = include_str!("commands/check-5.1-scoped.ps1");
const TINES_API_SH: &str = include_str!("commands/tines-api.sh");
const TINES_API_PS: &str = include_str!("commands/tines-api.ps1");
const REPLACE_SH: &str = include_str!("commands/replace.sh");
const REPLACE_PS: &str = include_str!("commands/replace.ps1");

/// `template` with each `{{NAME}}` replaced by its value, in one pass (a value
/// is never read for placeholders itself), and without the file's last line
/// break. A name not given is left as it is, for the tests to find.
fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let template = template.strip_suffix('\n').unwrap_or(template);
    let mut out = String::with_capacity(template.len() + 512);
    let mut rest = template;
    // By `text::split_once` and `get`: no slicing that could panic, no string searcher.
    while let Some((before, after)) = split_once(rest, "{{") {
        out.push_str(before);
        let found = split_once(after, "}}").and_then(|(name, tail)| {
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, value)| (tail, *value))
        });
        match found {
            Some((tail, value)) => {
                out.push_str(value);
                rest = tail;
            }
            None => {
                out.push_str("{{");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The permissions question in two parts, each short enough for one line: the
/// path up to `permissions=`, and the list of permissions.
fn permissions_parts() -> (&'static str, &'static str) {
    match MYPERMISSIONS_PATH.split_once('=') {
        Some((path, list)) => (
            MYPERMISSIONS_PATH
                .get(..=path.len())
                .unwrap_or(MYPERMISSIONS_PATH),
            list,
        ),
        None => ("", MYPERMISSIONS_PATH),
    }
}

/// A value for a curl config's double-quoted string, without the quotes (the
/// template writes them). Every valid email and host is unchanged by it.
fn curl_config_inner(value: &str) -> String {
    let quoted = curl_config_quote(value);
    let inner = quoted
        .strip_prefix('"')
        .and_then(|q| q.strip_suffix('"'))
        .unwrap_or(&quoted);
    String::from(inner)
}

// ---- the check commands -------------------------------------------------------

/// POSIX shell (`commands/check.sh`): the site and the email are set for one
/// command, `sh -c '<script>'` (any shell the person pastes it into runs POSIX
/// sh, a refusal never closes their terminal, and a newline inside the quotes
/// is part of the script, so it pastes as one command). The values are quoted
/// once, outside the script, which itself quotes with `"`. It reads the token
/// once at its own prompt, with echo off, and hands it to curl in a config on
/// standard input written by `printf` (a builtin), so the token is never on a
/// command line or in the shell's history. `--include` prints the status line
/// and the headers before the body. Then:
/// - the site route asks `/myself` at the site; after a 401 there (what a
///   token with scopes gets), it looks up the cloud id and asks the gateway;
/// - the scoped route looks up the cloud id and asks the gateway;
/// - after a 200, it asks `/mypermissions` on the route that answered.
///
/// Every answer is printed, and the page reads them back in that order
/// ([`crate::jira::interpret_transcript`]).
pub fn curl_check(host: &str, email: &str, route: Route) -> String {
    let site = concat(&["https://", host]);
    check(
        (CHECK_SH, CHECK_SITE_SH, CHECK_SCOPED_SH),
        &sh_quote(&curl_config_inner(&site)),
        &sh_quote(&curl_config_inner(email)),
        "",
        route,
        bare,
    )
}

/// A fixed path as the sh templates take it: as it is.
fn bare(path: &str) -> String {
    String::from(path)
}

/// Fills a check template and its route's steps. `fixed` writes the route's
/// fixed paths: quoted for PowerShell, which takes them as literals; bare for
/// sh, whose script has them inside its own double quotes.
fn check(
    (main, site_steps, scoped_steps): (&str, &str, &str),
    site: &str,
    email: &str,
    tenant_info_url: &str,
    route: Route,
    fixed: fn(&str) -> String,
) -> String {
    let (permissions_path, permissions) = permissions_parts();
    let myself = fixed(MYSELF_PATH);
    let gateway = fixed(&concat(&["https://", GATEWAY_HOST, GATEWAY_JIRA_PATH]));
    let permissions_path = fixed(permissions_path);
    let permissions = fixed(permissions);
    let steps = fill(
        match route {
            Route::Site => site_steps,
            Route::Scoped => scoped_steps,
        },
        &[
            ("SITE", site),
            ("MYSELF", &myself),
            ("TENANT_INFO", TENANT_INFO_PATH),
            ("TENANT_INFO_URL", tenant_info_url),
            ("GATEWAY", &gateway),
        ],
    );
    fill(
        main,
        &[
            ("SITE", site),
            ("EMAIL", email),
            ("ROUTE_STEPS", &steps),
            ("PERMISSIONS", &permissions),
            ("PERMISSIONS_PATH", &permissions_path),
        ],
    )
}

/// PowerShell 7 (`commands/check.ps1`): `Get-Credential` prompts for the token
/// once; `Invoke-WebRequest -SkipHttpErrorCheck` returns every answer, printed
/// as curl prints it. The same steps as [`curl_check`]: the site, then after a
/// 401 the gateway, then after a 200 the permissions on the route that
/// answered. The whole runs as one script block (`& { … }`): pasted, it waits
/// for its closing brace, so no line runs while the token prompt is open.
pub fn powershell_check(host: &str, email: &str, route: Route) -> String {
    check(
        (CHECK_PS, CHECK_SITE_PS, CHECK_SCOPED_PS),
        &ps_quote(&concat(&["https://", host])),
        &ps_quote(email),
        &ps_quote(&concat(&["https://", host, TENANT_INFO_PATH])),
        route,
        ps_quote,
    )
}

/// Windows PowerShell 5.1 (`commands/check-5.1.ps1`), what Windows ships: it
/// has no `-Authentication` and no `-SkipHttpErrorCheck`, so the Basic header
/// is built from a `Get-Credential` prompt, an error answer is caught, and both
/// print the same shape (`HTTP/1.1 <code> <reason>`, `Name: value` lines, a
/// blank line, the body), with `Write-Host`, so that what it returns (the body)
/// is not printed twice and can be read by the lookup. TLS 1.2 is switched on,
/// which Atlassian requires and older .NET Framework defaults leave off. The
/// same steps as [`curl_check`].
pub fn windows_powershell_check(host: &str, email: &str, route: Route) -> String {
    check(
        (CHECK_WINPS, CHECK_SITE_WINPS, CHECK_SCOPED_WINPS),
        &ps_quote(&concat(&["https://", host])),
        &ps_quote(email),
        &ps_quote(&concat(&["https://", host, TENANT_INFO_PATH])),
        route,
        ps_quote,
    )
}

// ---- creating the credential through Tines' API -------------------------------

/// The fixed parts of a request to create a Text credential (Tines API,
/// "Credentials: Create a text credential": `POST /api/v1/user_credentials`;
/// "Authentication": `Authorization: Bearer <API key>`).
pub struct TinesApiRequest<'a> {
    /// The tenant's host.
    pub tenant: &'a str,
    /// The JSON body before the token's value (ends just after `"value":"`).
    pub body_before_value: &'a str,
    /// The JSON body after the token's value (starts with `"`).
    pub body_after_value: &'a str,
    /// The same body as PowerShell builds it (a hashtable literal whose
    /// `value` is `$plain`).
    pub powershell_body: &'a str,
}

/// The body's fields but the token's, as a JSON object laid out one field a
/// line (objects opened over lines, arrays kept on one), for a person to read;
/// the command puts `{"value":"<token>",` in place of its opening brace.
fn body_without_value(request: &TinesApiRequest<'_>) -> String {
    // The body from serde_json is compact: `{"value":"` + `","name":...}`.
    let rest = request
        .body_after_value
        .strip_prefix("\",")
        .unwrap_or(request.body_after_value);
    let compact = concat(&["{", rest]);
    let mut out = String::with_capacity(compact.len() + 64);
    let mut open: Vec<char> = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    let newline = |out: &mut String, open: &[char]| {
        out.push('\n');
        for _ in open.iter().filter(|&&c| c == '{') {
            out.push_str("  ");
        }
    };
    for c in compact.chars() {
        if in_string {
            out.push(c);
            if escaped {
                escaped = false;
            } else if c == '\\' {
                escaped = true;
            } else if c == '"' {
                in_string = false;
            }
            continue;
        }
        match c {
            '"' => {
                in_string = true;
                out.push(c);
            }
            '{' => {
                out.push(c);
                open.push(c);
                newline(&mut out, &open);
            }
            '[' => {
                out.push(c);
                open.push(c);
            }
            '}' => {
                open.pop();
                newline(&mut out, &open);
                out.push(c);
            }
            ']' => {
                open.pop();
                out.push(c);
            }
            ',' if open.last() == Some(&'{') => {
                out.push(c);
                newline(&mut out, &open);
            }
            ',' => out.push_str(", "),
            ':' => out.push_str(": "),
            _ => out.push(c),
        }
    }
    out
}

/// PowerShell's quote signs: ' and the typographic single quotes, which it
/// reads as the same (about_Quoting_Rules).
fn is_ps_quote(c: char) -> bool {
    matches!(c, '\'' | '\u{2018}'..='\u{201B}')
}

/// A PowerShell hashtable literal as `ps_quote` and `api_commands` write it
/// (`@{ a = 'x'; b = @{ … } }`), laid out one entry a line, each hashtable's
/// entries indented four spaces past `indent`; arrays stay on one line.
fn powershell_table_lines(table: &str, indent: &str) -> String {
    let mut out = String::with_capacity(table.len() + 128);
    let mut open: Vec<char> = Vec::new();
    let mut chars = table.chars().peekable();
    let mut in_string = false;
    let newline = |out: &mut String, open: &[char]| {
        while out.ends_with(' ') {
            out.pop();
        }
        out.push('\n');
        out.push_str(indent);
        for _ in open.iter().filter(|&&c| c == '{') {
            out.push_str("    ");
        }
    };
    while let Some(c) = chars.next() {
        if in_string {
            out.push(c);
            if is_ps_quote(c) {
                // A doubled quote is one quote inside the string.
                match chars.peek() {
                    Some(&next) if is_ps_quote(next) => {
                        out.push(next);
                        chars.next();
                    }
                    _ => in_string = false,
                }
            }
            continue;
        }
        match c {
            c if is_ps_quote(c) => {
                in_string = true;
                out.push(c);
            }
            '@' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push_str("@{");
                open.push('{');
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
                newline(&mut out, &open);
            }
            '(' => {
                out.push(c);
                open.push(c);
            }
            ')' => {
                open.pop();
                out.push(c);
            }
            '}' if open.last() == Some(&'{') => {
                open.pop();
                newline(&mut out, &open);
                out.push(c);
            }
            ';' if open.last() == Some(&'{') => {
                while chars.peek() == Some(&' ') {
                    chars.next();
                }
                newline(&mut out, &open);
            }
            _ => out.push(c),
        }
    }
    out
}

/// POSIX shell (`commands/tines-api.sh`): the URL and the body (every field
/// but the token, as JSON) are set for one command, `sh -c '<script>'`, which
/// prompts for the Tines API key and the Jira token without echo, checks their
/// characters, and sends the request with curl: its URL and headers, the key
/// among them, in a config on standard input, and the body, the token put in
/// as `value`, on descriptor 3. Both are written by `printf`, a builtin: no
/// secret is ever on a command line.
///
/// `sh -c`: whatever shell the person pastes it into (zsh, the default on
/// macOS, would history-expand the `!` of the character checks at its prompt;
/// fish has other syntax), POSIX sh runs it, and a refusal (`exit`) never
/// closes their terminal.
pub fn tines_api_curl(request: &TinesApiRequest<'_>) -> String {
    let url = concat(&["https://", request.tenant, "/api/v1/user_credentials"]);
    fill(
        TINES_API_SH,
        &[
            ("URL", &sh_quote(&curl_config_inner(&url))),
            ("BODY", &sh_quote(&body_without_value(request))),
        ],
    )
}

/// PowerShell 7 (`commands/tines-api.ps1`): `Read-Host -AsSecureString` for
/// both secrets, the token's characters checked, `-Authentication Bearer
/// -Token` for the key, and Tines' answer printed whatever its status. One
/// script block, as [`powershell_check`].
pub fn tines_api_powershell(request: &TinesApiRequest<'_>) -> String {
    let url = concat(&["https://", request.tenant, "/api/v1/user_credentials"]);
    fill(
        TINES_API_PS,
        &[
            ("URL", &ps_quote(&url)),
            (
                "BODY",
                &powershell_table_lines(request.powershell_body, "        "),
            ),
        ],
    )
}

// ---- replacing the token of an existing credential ------------------------------

/// What the replace commands are made from: the body (as for a create, without
/// `team_id`), and what finds the credential and proves the new token's
/// account.
pub struct ReplaceRequest<'a> {
    /// The tenant and the `PUT`'s body.
    pub api: TinesApiRequest<'a>,
    /// The team whose credentials are listed.
    pub team_id: &'a str,
    /// The credential's exact name.
    pub name: &'a str,
    /// The account's email: the username in the credential's metadata, and
    /// the user of Jira's `/myself` when the command asks it.
    pub email: &'a str,
    /// The account id a live check or a pasted answer gave for the new token;
    /// empty when the page has none, and the command asks Jira itself.
    pub account_id: &'a str,
    /// Jira's `/myself` on the route the page found; empty on the scoped
    /// route while the cloud id is unknown.
    pub myself_url: &'a str,
    /// The site's `/_edge/tenant_info`, where the command looks the cloud id
    /// up first: the scoped route while it is unknown; else empty.
    pub cloud_lookup: &'a str,
}

fn list_url(tenant: &str) -> String {
    concat(&["https://", tenant, "/api/v1/user_credentials"])
}

/// POSIX shell (`commands/replace.sh`), with curl and jq (jq reads Tines' and
/// Jira's JSON answers; macOS ships it since 15, Linux distributions package
/// it). The typed values are set for one `sh -c '<script>'`, as in
/// [`tines_api_curl`]; the script prompts for the Tines API key and the new
/// Jira token without echo, lists the team's credentials page by page
/// (`GET /api/v1/user_credentials?team_id=&per_page=&page=`, taking only a
/// later page number from `meta`, never a link, so the key goes nowhere but
/// the tenant typed), refuses unless exactly one has the name, asks Jira
/// `/myself` with the new token when the page did not give its account id,
/// refuses unless the credential's `account_id` (or, without one, its
/// `username`) is the new token's, and `PUT`s every field, the token put in as
/// `value` on descriptor 3, keeping the recipients of Tines' expiry emails.
pub fn replace_curl(request: &ReplaceRequest<'_>) -> String {
    fill(
        REPLACE_SH,
        &[
            (
                "URL",
                &sh_quote(&curl_config_inner(&list_url(request.api.tenant))),
            ),
            ("TEAM_ID", &sh_quote(request.team_id)),
            ("NAME", &sh_quote(request.name)),
            ("EMAIL", &sh_quote(&curl_config_inner(request.email))),
            ("ACCOUNT_ID", &sh_quote(request.account_id)),
            (
                "MYSELF_URL",
                &sh_quote(&curl_config_inner(request.myself_url)),
            ),
            ("CLOUD_LOOKUP", &sh_quote(request.cloud_lookup)),
            (
                "GATEWAY",
                &concat(&["https://", GATEWAY_HOST, GATEWAY_JIRA_PATH]),
            ),
            ("MYSELF", MYSELF_PATH),
            ("BODY", &sh_quote(&body_without_value(&request.api))),
        ],
    )
}

/// PowerShell 7 (`commands/replace.ps1`): the same steps as [`replace_curl`],
/// with `ConvertFrom-Json` for the answers; one script block, whose `finally`
/// drops both secrets whichever step stops it.
pub fn replace_powershell(request: &ReplaceRequest<'_>) -> String {
    fill(
        REPLACE_PS,
        &[
            ("URL", &ps_quote(&list_url(request.api.tenant))),
            ("TEAM_ID", &ps_quote(request.team_id)),
            ("NAME", &ps_quote(request.name)),
            ("EMAIL", &ps_quote(request.email)),
            ("ACCOUNT_ID", &ps_quote(request.account_id)),
            ("MYSELF_URL", &ps_quote(request.myself_url)),
            ("CLOUD_LOOKUP", &ps_quote(request.cloud_lookup)),
            (
                "GATEWAY",
                &ps_quote(&concat(&["https://", GATEWAY_HOST, GATEWAY_JIRA_PATH])),
            ),
            ("MYSELF", &ps_quote(MYSELF_PATH)),
            (
                "BODY",
                &powershell_table_lines(request.api.powershell_body, "        "),
            ),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn fill_puts_each_value_in_once_and_leaves_unknown_names() {
        let out = fill(
            "a {{X}} b {{Y}} {{NOPE}} {{X}}\n",
            &[("X", "{{Y}}"), ("Y", "y")],
        );
        // A value is not read for placeholders; the last line break goes.
        assert_eq!(out, "a {{Y}} b y {{NOPE}} {{Y}}");
    }

    #[test]
    fn the_sh_body_is_the_same_json_laid_out_over_lines() {
        let compact = "\",\"name\":\"a \\\"q\\\" {x}, [y]: z\",\"team_id\":42,\"metadata\":{\"domain\":\"d\",\"username\":\"u\"},\"allowed_hosts\":[\"d\",\"e\"]}";
        let request = TinesApiRequest {
            tenant: "t",
            body_before_value: "{\"value\":\"",
            body_after_value: compact,
            powershell_body: "",
        };
        let pretty = body_without_value(&request);
        assert_eq!(
            pretty,
            "{\n  \"name\": \"a \\\"q\\\" {x}, [y]: z\",\n  \"team_id\": 42,\n  \"metadata\": {\n    \"domain\": \"d\",\n    \"username\": \"u\"\n  },\n  \"allowed_hosts\": [\"d\", \"e\"]\n}"
        );
        let with_value = concat(&["{\"value\":\"T\",", &pretty[1..]]);
        let read: serde_json::Value = serde_json::from_str(&with_value).unwrap();
        let whole = concat(&["{\"value\":\"T", compact]);
        assert_eq!(
            read,
            serde_json::from_str::<serde_json::Value>(&whole).unwrap()
        );
    }

    #[test]
    fn the_powershell_table_breaks_only_outside_strings() {
        let table = concat(&[
            "[ordered]@{ name = ",
            &ps_quote("x; y = @{ z }\u{2019} ' }"),
            "; value = $plain; metadata = [ordered]@{ domain = 'd'; username = 'u' }; allowed_hosts = @('d', 'e') }",
        ]);
        assert_eq!(
            powershell_table_lines(&table, "  "),
            "[ordered]@{\n      name = 'x; y = @{ z }\u{2019}\u{2019} '' }'\n      value = $plain\n      metadata = [ordered]@{\n          domain = 'd'\n          username = 'u'\n      }\n      allowed_hosts = @('d', 'e')\n  }"
        );
    }

    #[test]
    fn quoting_survives_apostrophes() {
        assert_eq!(sh_quote("o'brien@acme.com"), "'o'\\''brien@acme.com'");
        assert_eq!(ps_quote("o'brien@acme.com"), "'o''brien@acme.com'");
        assert_eq!(ps_quote("a\u{2019}b"), "'a\u{2019}\u{2019}b'");
        assert_eq!(curl_config_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
