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
//! Each command is a template in `src/tines/commands/sh/` or `ps/`, laid out
//! for the person who reads it before pasting a token into it: a step a line
//! or a few, each with a comment, no line over 100 characters, and in the sh
//! commands no `'\''`: the typed values are set before `sh -c '<script>'`,
//! and the script quotes with `"` (`tests/commands_layout.rs`).
//!
//! The programs decide as the page does: each rule they apply (the token's
//! blank characters, quotation marks, prefixes and shape, the cloud id's
//! groups, the route and its turning points) is written in sh and PowerShell
//! by [`rules`] from the constants the core decides with, once per language
//! in a fragment that every command of it includes.

use crate::checks::site::{CLOUD_SUFFIX, LEGACY_SUFFIX};
use crate::diagnostic::concat;
use crate::jira::answer::data_center::{LOGIN_REASON_HEADER, USER_HEADER};
use crate::jira::answer::refused::{DENIED_HEADER, PASSWORD_REFUSED};
use crate::route::{
    Deployment, Route, DC_MYPERMISSIONS_PATH, DC_MYSELF_PATH, GATEWAY_HOST, GATEWAY_JIRA_PATH,
    MYPERMISSIONS_PATH, MYSELF_PATH, TENANT_INFO_PATH,
};
use crate::text::split_once;
use std::sync::OnceLock;

pub mod rules;

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

// Each command is a template, written as a person reads it before running it:
// one step a line or a few, each with a comment. `{{NAME}}` marks where a
// value goes; [`fill`] puts it there, already quoted (`sh_quote`, `ps_quote`),
// or one of the fragments every command of a language shares (`sh/secret.sh`,
// `sh/token.sh`, `sh/key.sh`, `sh/route.sh`; `ps/token.ps1`, `ps/key.ps1`,
// `ps/prompt.ps1`, `ps/secrets.ps1`, `ps/ask.ps1`, `ps/route.ps1`), each filled from the
// core's constants
// ([`rules`]). A command pasted alone holds every fragment it uses, whole.
const CHECK_SH: &str = include_str!("commands/sh/check.sh");
const TINES_API_SH: &str = include_str!("commands/sh/tines-api.sh");
const REPLACE_SH: &str = include_str!("commands/sh/replace.sh");
const SECRET_SH: &str = include_str!("commands/sh/secret.sh");
const TOKEN_SH: &str = include_str!("commands/sh/token.sh");
const KEY_SH: &str = include_str!("commands/sh/key.sh");
const ROUTE_SH: &str = include_str!("commands/sh/route.sh");
const CHECK_PS: &str = include_str!("commands/ps/check.ps1");
const CHECK_WINPS: &str = include_str!("commands/ps/check-5.1.ps1");
const TINES_API_PS: &str = include_str!("commands/ps/tines-api.ps1");
const REPLACE_PS: &str = include_str!("commands/ps/replace.ps1");
const TOKEN_PS: &str = include_str!("commands/ps/token.ps1");
const KEY_PS: &str = include_str!("commands/ps/key.ps1");
const ASK_PS: &str = include_str!("commands/ps/ask.ps1");
const PROMPT_PS: &str = include_str!("commands/ps/prompt.ps1");
const SECRETS_PS: &str = include_str!("commands/ps/secrets.ps1");
const ROUTE_PS: &str = include_str!("commands/ps/route.ps1");

/// `template` with each `{{NAME}}` replaced by its value, in one pass (a value
/// is never read for placeholders itself), and without the file's last line
/// break. A value over several lines takes the indentation of the line it is
/// put in on each of its further lines, so a fragment sits where its
/// placeholder does. A name not given is left as it is, for the tests to find.
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
                let line_start = out.bytes().rposition(|b| b == b'\n').map_or(0, |at| at + 1);
                let indent: String = out
                    .get(line_start..)
                    .unwrap_or("")
                    .chars()
                    .take_while(|&c| c == ' ')
                    .collect();
                for (i, line) in value.split('\n').enumerate() {
                    if i > 0 {
                        out.push('\n');
                        if !line.is_empty() {
                            out.push_str(&indent);
                        }
                    }
                    out.push_str(line);
                }
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

/// [`fill`] with owned values.
fn fill_owned(template: &str, values: &[(&str, String)]) -> String {
    let borrowed: Vec<(&str, &str)> = values.iter().map(|(n, v)| (*n, v.as_str())).collect();
    fill(template, &borrowed)
}

/// Four filled fragments: a command's shared parts, in the order each function says.
type Fragments = (String, String, String, String);

/// The sh fragments, filled: (secret prompt, token check, key check, route). They are made from
/// constants only, so they are filled once and kept: deriving the personal access token's pattern
/// from its structure (`rules::pat_steps`) took most of a check command's build (2.3 ms in Node
/// for the three check commands, against a keystroke's 150 µs).
fn sh_fragments() -> &'static Fragments {
    static FILLED: OnceLock<Fragments> = OnceLock::new();
    FILLED.get_or_init(fill_sh_fragments)
}

fn fill_sh_fragments() -> Fragments {
    let rules = rules::sh_values();
    let mut route = rules.clone();
    route.extend([
        ("MYSELF", String::from(MYSELF_PATH)),
        ("TENANT_INFO", String::from(TENANT_INFO_PATH)),
        (
            "GATEWAY",
            concat(&["https://", GATEWAY_HOST, GATEWAY_JIRA_PATH]),
        ),
        ("DENIED_HEADER", DENIED_HEADER.to_ascii_lowercase()),
        ("PASSWORD", String::from(PASSWORD_REFUSED)),
        ("DC_MYSELF", String::from(DC_MYSELF_PATH)),
        (
            "ATLASSIAN_GLOBS",
            concat(&["https://*", CLOUD_SUFFIX, "|https://*", LEGACY_SUFFIX]),
        ),
        ("USER_HEADER", USER_HEADER.to_ascii_lowercase()),
        ("REASON_HEADER", LOGIN_REASON_HEADER.to_ascii_lowercase()),
    ]);
    (
        fill(SECRET_SH, &[]),
        fill_owned(TOKEN_SH, &rules),
        fill_owned(KEY_SH, &rules),
        fill_owned(ROUTE_SH, &route),
    )
}

/// The PowerShell fragments, filled for a token of `deployment`: (token check, key check,
/// Ask-Jira, route). Filled once for each Jira and kept, as [`sh_fragments`].
fn ps_fragments(deployment: Deployment) -> &'static Fragments {
    static CLOUD: OnceLock<Fragments> = OnceLock::new();
    static DATA_CENTER: OnceLock<Fragments> = OnceLock::new();
    match deployment {
        Deployment::Cloud => CLOUD.get_or_init(|| fill_ps_fragments(Deployment::Cloud)),
        Deployment::DataCenter => {
            DATA_CENTER.get_or_init(|| fill_ps_fragments(Deployment::DataCenter))
        }
    }
}

fn fill_ps_fragments(deployment: Deployment) -> Fragments {
    let mut rules = rules::ps_values();
    rules.push((
        "KIND",
        String::from(match deployment {
            Deployment::Cloud => "Jira API token",
            Deployment::DataCenter => "Jira personal access token",
        }),
    ));
    let route = [
        ("MYSELF", ps_quote(MYSELF_PATH)),
        ("TENANT_INFO", ps_quote(TENANT_INFO_PATH)),
        (
            "GATEWAY",
            ps_quote(&concat(&["https://", GATEWAY_HOST, GATEWAY_JIRA_PATH])),
        ),
        ("DENIED_HEADER", String::from(DENIED_HEADER)),
        ("PASSWORD", ps_quote(PASSWORD_REFUSED)),
        ("CLOUD_ID_REGEX", ps_quote(&rules::cloud_id_regex())),
        ("DC_MYSELF", ps_quote(DC_MYSELF_PATH)),
        ("USER_HEADER", String::from(USER_HEADER)),
        ("REASON_HEADER", String::from(LOGIN_REASON_HEADER)),
        (
            "ATLASSIAN_REGEX",
            ps_quote(&concat(&[
                "^https://[^/]+(?:",
                &CLOUD_SUFFIX.replace('.', "\\."),
                "|",
                &LEGACY_SUFFIX.replace('.', "\\."),
                ")$",
            ])),
        ),
    ];
    (
        fill_owned(TOKEN_PS, &rules),
        fill_owned(KEY_PS, &rules),
        fill(ASK_PS, &[]),
        fill_owned(ROUTE_PS, &route),
    )
}

/// The permissions question in two parts, each short enough for one line: the
/// path up to `permissions=`, and the list of permissions. Data Center's takes
/// no list: its path, and nothing.
fn permissions_parts(route: Route) -> (&'static str, &'static str) {
    if route == Route::DataCenter {
        return (DC_MYPERMISSIONS_PATH, "");
    }
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

/// The PowerShell checks' opening (`ps/prompt.ps1`): the values typed, and
/// the token's prompt (Data Center has no email: the prompt's user name says
/// what to paste).
fn check_prompt(host: &str, email: &str, route: Route) -> String {
    let (user, name) = match route.deployment() {
        Deployment::Cloud => (email, "API token"),
        Deployment::DataCenter => ("personal-access-token", "personal access token"),
    };
    fill(
        PROMPT_PS,
        &[
            ("SITE", &ps_quote(&concat(&["https://", host]))),
            ("EMAIL", &ps_quote(user)),
            ("ROUTE", &ps_quote(route.as_str())),
            ("JIRA", &ps_quote(route.deployment().as_str())),
            ("TOKEN_NAME", name),
            (
                "TOKEN_MESSAGE",
                &ps_quote(&concat(&["Paste the Jira ", name, " as the password"])),
            ),
        ],
    )
}

/// What a sh command's prompt asks for: the token of the Jira it is for.
fn sh_token_prompt(deployment: Deployment, new: bool, email: bool) -> String {
    let token = match (deployment, email) {
        (Deployment::Cloud, true) => "Jira API token for $email",
        (Deployment::Cloud, false) => "Jira API token",
        (Deployment::DataCenter, _) => "Jira personal access token",
    };
    concat(&["\"", if new { "New " } else { "" }, token, "\""])
}

/// The PowerShell Tines commands' opening (`ps/secrets.ps1`): both secrets
/// read at hidden prompts, the token's named for the Jira it is for.
fn secrets_prompt(deployment: Deployment, new: bool) -> String {
    let kind = match deployment {
        Deployment::Cloud => "API token",
        Deployment::DataCenter => "personal access token",
    };
    let prompt = concat(&[if new { "New Jira " } else { "Jira " }, kind]);
    let name = if new {
        concat(&["new Jira ", kind])
    } else {
        String::from(kind)
    };
    fill(
        SECRETS_PS,
        &[
            ("TOKEN_NAME", &name),
            ("TOKEN_PROMPT", &ps_quote(&prompt)),
            ("JIRA", &ps_quote(deployment.as_str())),
        ],
    )
}

/// POSIX shell (`commands/sh/check.sh`): the site, the email (Jira Cloud's)
/// and the route are set for one command, `sh -c '<script>'` (any shell the person pastes it
/// into runs POSIX sh, a refusal never closes their terminal, and a newline
/// inside the quotes is part of the script, so it pastes as one command). The
/// values are quoted once, outside the script, which itself quotes with `"`.
/// It reads the token once at its own prompt, with echo off, checks it as the
/// page does, and hands it to curl in a config on standard input written by
/// `printf` (a builtin), so the token is never on a command line or in the
/// shell's history. `--include` prints the status line and the headers before
/// the body. Then the route, as the live check takes it
/// ([`crate::jira::flow`]): `/myself` at the site; after a plain 401 there (or
/// at once on the scoped route) the cloud id and the gateway's `/myself`;
/// after a 200, `/mypermissions` on the route that answered.
///
/// Every answer is printed, and the page reads them back in that order
/// ([`crate::jira::interpret_transcript`]).
pub fn curl_check(host: &str, email: &str, route: Route) -> String {
    let (secret, token, _, route_steps) = sh_fragments();
    let (permissions_path, permissions) = permissions_parts(route);
    // Data Center signs in with the token alone: no email to set.
    let email_line = match route.deployment() {
        Deployment::Cloud => concat(&["email=", &sh_quote(&curl_config_inner(email)), " \\\n"]),
        Deployment::DataCenter => String::new(),
    };
    fill(
        CHECK_SH,
        &[
            ("SITE", &sh_quote(&concat(&["https://", host]))),
            ("EMAIL_LINE", &email_line),
            ("ROUTE", &sh_quote(route.as_str())),
            ("JIRA", &sh_quote(route.deployment().as_str())),
            (
                "TOKEN_PROMPT",
                &sh_token_prompt(route.deployment(), false, true),
            ),
            ("SECRET", secret),
            ("TOKEN", token),
            ("ROUTE_STEPS", route_steps),
            ("PERMISSIONS", permissions),
            ("PERMISSIONS_PATH", permissions_path),
        ],
    )
}

/// PowerShell 7 (`commands/ps/check.ps1`): `Get-Credential` prompts for the
/// token once, the token is checked as the page does, and `Ask-Jira`
/// (`Invoke-WebRequest -SkipHttpErrorCheck`) returns every answer, printed as
/// curl prints it. The same route as [`curl_check`]. The whole runs as one
/// script block (`& { … }`): pasted, it waits for its closing brace, so no
/// line runs while the token prompt is open.
pub fn powershell_check(host: &str, email: &str, route: Route) -> String {
    let (token, _, ask, route_steps) = ps_fragments(route.deployment());
    let (permissions_path, permissions) = permissions_parts(route);
    fill(
        CHECK_PS,
        &[
            ("PROMPT", &check_prompt(host, email, route)),
            ("TOKEN", token),
            ("ASK", ask),
            ("ROUTE_STEPS", route_steps),
            ("PERMISSIONS", &ps_quote(permissions)),
            ("PERMISSIONS_PATH", &ps_quote(permissions_path)),
        ],
    )
}

/// Windows PowerShell 5.1 (`commands/ps/check-5.1.ps1`), what Windows ships: it
/// has no `-Authentication` and no `-SkipHttpErrorCheck`, so its own
/// `Ask-Jira` builds the Basic header from a `Get-Credential` prompt and
/// catches an error answer, and `Show-Answer` prints each in the same shape
/// (`HTTP/1.1 <code> <reason>`, `Name: value` lines, a blank line, the body)
/// with `Write-Host`. TLS 1.2 is switched on, which Atlassian requires and
/// older .NET Framework defaults leave off. The same token check and route as
/// [`powershell_check`].
pub fn windows_powershell_check(host: &str, email: &str, route: Route) -> String {
    let (token, _, _, route_steps) = ps_fragments(route.deployment());
    let (permissions_path, permissions) = permissions_parts(route);
    fill(
        CHECK_WINPS,
        &[
            ("PROMPT", &check_prompt(host, email, route)),
            ("TOKEN", token),
            ("ROUTE_STEPS", route_steps),
            ("PERMISSIONS", &ps_quote(permissions)),
            ("PERMISSIONS_PATH", &ps_quote(permissions_path)),
        ],
    )
}

// ---- creating the credential through Tines' API -------------------------------

/// What the Tines API commands are made from: the tenant and the request's
/// body, as one ordered list of fields ([`crate::tines::body`]).
pub struct TinesApiRequest<'a> {
    /// The tenant's host.
    pub tenant: &'a str,
    /// Which Jira the token is for: its check and its prompt follow.
    pub deployment: Deployment,
    /// The body as JSON lines, without the token's field.
    pub json_body: String,
    /// The body as a PowerShell hashtable, the token as `$plain`.
    pub powershell_body: String,
}

/// POSIX shell (`commands/sh/tines-api.sh`): the URL and the body (every field
/// but the token, as JSON) are set for one command, `sh -c '<script>'`, which
/// prompts for the Tines API key and the Jira token without echo, checks both
/// as the page would, and sends the request with curl: its URL and headers,
/// the key among them, in a config on standard input, and the body, the token
/// put in as `value`, on descriptor 3. Both are written by `printf`, a
/// builtin: no secret is ever on a command line.
///
/// `sh -c`: whatever shell the person pastes it into (zsh, the default on
/// macOS, would history-expand the `!` of the character checks at its prompt;
/// fish has other syntax), POSIX sh runs it, and a refusal (`exit`) never
/// closes their terminal.
pub fn tines_api_curl(request: &TinesApiRequest<'_>) -> String {
    let (secret, token, key, _) = sh_fragments();
    let url = concat(&["https://", request.tenant, "/api/v1/user_credentials"]);
    fill(
        TINES_API_SH,
        &[
            ("URL", &sh_quote(&curl_config_inner(&url))),
            ("BODY", &sh_quote(&request.json_body)),
            ("JIRA", &sh_quote(request.deployment.as_str())),
            (
                "TOKEN_PROMPT",
                &sh_token_prompt(request.deployment, false, false),
            ),
            ("SECRET", secret),
            ("TOKEN", token),
            ("KEY", key),
        ],
    )
}

/// PowerShell 7 (`commands/ps/tines-api.ps1`): `Read-Host -AsSecureString` for
/// both secrets, both checked, `-Authentication Bearer -Token` for the key,
/// and Tines' answer printed whatever its status. One script block, as
/// [`powershell_check`].
pub fn tines_api_powershell(request: &TinesApiRequest<'_>) -> String {
    let (token, key, _, _) = ps_fragments(request.deployment);
    let url = concat(&["https://", request.tenant, "/api/v1/user_credentials"]);
    fill(
        TINES_API_PS,
        &[
            ("SECRETS", &secrets_prompt(request.deployment, false)),
            ("URL", &ps_quote(&url)),
            ("BODY", &request.powershell_body),
            ("TOKEN", token),
            ("KEY", key),
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
    /// The Jira site's host: the credential's `metadata.domain` must be it.
    pub host: &'a str,
    /// The account's email: the username in the credential's metadata, and
    /// the user of Jira's `/myself` when the command asks it.
    pub email: &'a str,
    /// The route the page found: the command asks `/myself` the same way.
    pub route: Route,
    /// The site's cloud id, when the page knows it; empty else, and the
    /// command looks it up when the route needs it.
    pub cloud_id: &'a str,
    /// The account id a live check or a pasted answer gave for the new token;
    /// empty when the page has none, and the command asks Jira itself. On
    /// Data Center, the user's key.
    pub account_id: &'a str,
    /// Data Center: the user name a live check or a pasted answer gave for
    /// the new token; empty else.
    pub account_name: &'a str,
}

/// What the PowerShell replace command says and reads that differs by Jira: which metadata key
/// names the site and the account, and how the new token's account is read from `/myself`.
struct ReplaceWords {
    site_host: &'static str,
    site_key: &'static str,
    site_end: &'static str,
    cred_user: &'static str,
    read_account: &'static str,
    not_accepted: &'static str,
    id_key: &'static str,
    user: &'static str,
    and_username: &'static str,
}

impl ReplaceWords {
    fn of(deployment: Deployment) -> ReplaceWords {
        match deployment {
            Deployment::Cloud => ReplaceWords {
                site_host: "$site.Substring(8)",
                site_key: "domain",
                site_end: ".",
                cred_user: "$email",
                read_account: "try { $accountId = ($r.Content | ConvertFrom-Json).accountId } catch {}",
                not_accepted: "'Jira did not accept the new token as ' + $email",
                id_key: "account_id",
                user: "$email",
                and_username: "",
            },
            Deployment::DataCenter => ReplaceWords {
                site_host: "$site",
                site_key: "base_url",
                site_end: "/",
                cred_user: "'personal-access-token'",
                read_account: "try {\n    $me = $r.Content | ConvertFrom-Json\n    $accountId = if ($me.key) { $me.key } else { $me.name }\n    $accountName = $me.name\n} catch {}",
                not_accepted: "'Jira did not accept the new token'",
                id_key: "user_key",
                user: "$accountName",
                and_username: "\nif ($accountName) { $body.metadata.username = $accountName }",
            },
        }
    }
}

fn list_url(tenant: &str) -> String {
    concat(&["https://", tenant, "/api/v1/user_credentials"])
}

/// POSIX shell (`commands/sh/replace.sh`), with curl and jq (jq reads Tines'
/// and Jira's JSON answers; macOS ships it since 15, Linux distributions
/// package it). The typed values are set for one `sh -c '<script>'`, as in
/// [`tines_api_curl`]; the script prompts for the Tines API key and the new
/// Jira token without echo and checks both, lists the team's credentials page
/// by page (`GET /api/v1/user_credentials?team_id=&per_page=&page=`, taking
/// only a later page number from `meta`, never a link, so the key goes
/// nowhere but the tenant typed), and decides as the page does
/// ([`crate::tines::replacement`]): exactly one credential of that name; its
/// `metadata.domain` the site typed; the new token's account the one the page
/// verified or, without one, the one Jira names on the check's own route,
/// gateway included; that account the credential's (`account_id`, or without
/// one its `username`, letter case aside). Then it `PUT`s every field, the
/// token put in as `value` on descriptor 3, keeping the recipients of Tines'
/// expiry emails.
pub fn replace_curl(request: &ReplaceRequest<'_>) -> String {
    let (secret, token, key, route_steps) = sh_fragments();
    fill(
        REPLACE_SH,
        &[
            (
                "URL",
                &sh_quote(&curl_config_inner(&list_url(request.api.tenant))),
            ),
            ("TEAM_ID", &sh_quote(request.team_id)),
            ("NAME", &sh_quote(request.name)),
            ("SITE", &sh_quote(&concat(&["https://", request.host]))),
            ("EMAIL", &sh_quote(&curl_config_inner(request.email))),
            ("ROUTE", &sh_quote(request.route.as_str())),
            ("CLOUD_ID", &sh_quote(request.cloud_id)),
            ("ACCOUNT_ID", &sh_quote(request.account_id)),
            ("ACCOUNT_NAME", &sh_quote(request.account_name)),
            ("JIRA", &sh_quote(request.route.deployment().as_str())),
            (
                "TOKEN_PROMPT",
                &sh_token_prompt(request.route.deployment(), true, false),
            ),
            ("BODY", &sh_quote(&request.api.json_body)),
            ("SECRET", secret),
            ("TOKEN", token),
            ("KEY", key),
            ("ROUTE_STEPS", route_steps),
        ],
    )
}

/// PowerShell 7 (`commands/ps/replace.ps1`): the same steps and decisions as
/// [`replace_curl`], with `ConvertFrom-Json` for the answers and the check's
/// own `Ask-Jira` and route; one script block, whose `finally` drops both
/// secrets whichever step stops it.
pub fn replace_powershell(request: &ReplaceRequest<'_>) -> String {
    let (token, key, ask, route_steps) = ps_fragments(request.route.deployment());
    let tell = ReplaceWords::of(request.route.deployment());
    fill(
        REPLACE_PS,
        &[
            ("SECRETS", &secrets_prompt(request.route.deployment(), true)),
            ("URL", &ps_quote(&list_url(request.api.tenant))),
            ("TEAM_ID", &ps_quote(request.team_id)),
            ("NAME", &ps_quote(request.name)),
            ("SITE", &ps_quote(&concat(&["https://", request.host]))),
            ("EMAIL", &ps_quote(request.email)),
            ("ROUTE", &ps_quote(request.route.as_str())),
            ("CLOUD_ID", &ps_quote(request.cloud_id)),
            ("ACCOUNT_ID", &ps_quote(request.account_id)),
            ("ACCOUNT_NAME", &ps_quote(request.account_name)),
            ("BODY", &request.api.powershell_body),
            ("SITE_HOST", tell.site_host),
            ("SITE_KEY", tell.site_key),
            ("SITE_END", tell.site_end),
            ("CRED_USER", tell.cred_user),
            ("READ_ACCOUNT", tell.read_account),
            ("NOT_ACCEPTED", tell.not_accepted),
            ("ID_KEY", tell.id_key),
            ("USER", tell.user),
            ("AND_USERNAME", tell.and_username),
            ("TOKEN", token),
            ("KEY", key),
            ("ASK", ask),
            ("ROUTE_STEPS", route_steps),
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
    fn a_value_over_lines_takes_the_indentation_of_its_line() {
        let out = fill(
            "x\n    {{F}}\n  y = {{G}}\n",
            &[("F", "a\n\nb"), ("G", "[\n  c\n]")],
        );
        assert_eq!(out, "x\n    a\n\n    b\n  y = [\n    c\n  ]");
    }

    #[test]
    fn the_kept_fragments_are_what_filling_them_again_gives_for_each_jira() {
        // Asked for in either order, each Jira's PowerShell fragments stay its own.
        for deployment in [
            Deployment::DataCenter,
            Deployment::Cloud,
            Deployment::DataCenter,
        ] {
            assert_eq!(ps_fragments(deployment), &fill_ps_fragments(deployment));
        }
        assert_ne!(
            ps_fragments(Deployment::Cloud),
            ps_fragments(Deployment::DataCenter)
        );
        assert_eq!(sh_fragments(), &fill_sh_fragments());
    }

    #[test]
    fn quoting_survives_apostrophes() {
        assert_eq!(sh_quote("o'brien@acme.com"), "'o'\\''brien@acme.com'");
        assert_eq!(ps_quote("o'brien@acme.com"), "'o''brien@acme.com'");
        assert_eq!(ps_quote("a\u{2019}b"), "'a\u{2019}\u{2019}b'");
        assert_eq!(curl_config_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
