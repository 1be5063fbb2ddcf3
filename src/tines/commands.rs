//! Terminal commands: the check commands, which ask Jira the live check's
//! question and print a transcript the page can read back, and the commands
//! that create the credential through Tines' API.
//!
//! Secrets never appear in a command, and never on any process's command
//! line (`/proc/<pid>/cmdline` is readable by other users): curl prompts for
//! the Jira token itself; the Tines command reads both secrets with the
//! shell's `read` (a builtin) and hands them to curl in a config read from
//! standard input, written by `printf` (a builtin too). Every value typed
//! into the page is quoted so that any valid email or name passes literally.

use crate::diagnostic::concat;
use crate::route::{
    Route, GATEWAY_HOST, GATEWAY_JIRA_PATH, MYPERMISSIONS_PATH, MYSELF_PATH, TENANT_INFO_PATH,
};

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

// ---- the check commands -------------------------------------------------------

/// `--include` prints the status line and the headers before the body: the
/// transcript the page reads back. No `--fail-with-body`, so every answer
/// prints the same way on any curl.
const CURL: &str = "curl --silent --show-error --include";

/// POSIX shell, run as `sh -c '<script>'` (any shell the person pastes it
/// into runs POSIX sh, and a refusal never closes their terminal). It reads
/// the token once at its own prompt, with echo off, and hands it to curl in a
/// config on standard input written by `printf` (a builtin), so the token is
/// never on a command line or in the shell's history. Then:
/// - the site route asks `/myself` at the site; after a 401 there (what a
///   token with scopes gets), it looks up the cloud id and asks the gateway;
/// - the scoped route looks up the cloud id and asks the gateway;
/// - after a 200, it asks `/mypermissions` on the route that answered.
///
/// Every answer is printed, and the page reads them back in that order
/// ([`crate::jira::interpret_transcript`]).
pub fn curl_check(host: &str, email: &str, route: Route) -> String {
    let site = concat(&["https://", host]);
    let email_in_config = curl_config_quote(email);
    let email_in_config = email_in_config
        .strip_prefix('"')
        .and_then(|e| e.strip_suffix('"'))
        .unwrap_or(&email_in_config);
    let lookup = concat(&[
        "info=$(",
        CURL,
        " ",
        &sh_quote(&concat(&[&site, TENANT_INFO_PATH])),
        "); printf '%s\\n\\n' \"$info\"; cloud_id=$(printf '%s' \"$info\" | sed -n 's/.*\"cloudId\" *: *\"\\([0-9a-fA-F-]*\\)\".*/\\1/p'); [ -n \"$cloud_id\" ] || exit 0; base=\"https://",
        GATEWAY_HOST,
        GATEWAY_JIRA_PATH,
        "$cloud_id\"; show \"$base",
        MYSELF_PATH,
        "\"",
    ]);
    let first = match route {
        Route::Site => concat(&[
            "base=",
            &sh_quote(&site),
            "; show \"$base",
            MYSELF_PATH,
            "\"; case \"$status\" in *' 401'*) ",
            &lookup,
            ";; esac; ",
        ]),
        Route::Scoped => concat(&[&lookup, "; "]),
    };
    let script = concat(&[
        "printf 'Jira API token for %s (typing is hidden): ' ",
        &sh_quote(email),
        " >&2; stty -echo 2>/dev/null; IFS= read -r jira_token; stty echo 2>/dev/null; printf '\\n' >&2; ",
        "case \"$jira_token\" in ",
        SH_TOKEN_GUARD,
        ") echo 'That is not an API token (it is empty, or has spaces, quotes or other characters tokens never have): nothing was sent.' >&2; exit 1;; esac; ",
        // One answer: printed whole, its status line kept for the next step.
        "show() { answer=$(printf 'user = \"%s:%s\"\\nheader = \"Accept: application/json\"\\nurl = \"%s\"\\n' ",
        &sh_quote(email_in_config),
        " \"$jira_token\" \"$1\" | ",
        CURL,
        " --config -); printf '%s\\n\\n' \"$answer\"; status=$(printf '%s\\n' \"$answer\" | sed -n 1p); }; ",
        &first,
        "case \"$status\" in *' 200'*) show \"$base",
        MYPERMISSIONS_PATH,
        "\";; esac",
    ]);
    concat(&["sh -c ", &sh_quote(&script)])
}

const PS_CREDENTIAL: &str = " -Message 'Paste the Jira API token as the password'";
/// PowerShell's test for a cloud id before it goes into a URL.
const PS_CLOUD_ID: &str = "-match '^[0-9a-fA-F-]{36}$'";

/// PowerShell 7: `Get-Credential` prompts for the token once; `Invoke-WebRequest
/// -SkipHttpErrorCheck` returns every answer, printed as curl prints it. The
/// same steps as [`curl_check`]: the site, then after a 401 the gateway, then
/// after a 200 the permissions on the route that answered.
pub fn powershell_check(host: &str, email: &str, route: Route) -> String {
    // Every question that carries the token goes through one Invoke-WebRequest.
    const ASK: &str = "function Ask-Jira($uri) { Invoke-WebRequest -Uri $uri -Authentication Basic -Credential $cred -Headers @{ Accept = 'application/json' } -SkipHttpErrorCheck }; ";
    const SHOW: &str = "function Show-Answer($r) { 'HTTP/' + $r.BaseResponse.Version + ' ' + [int]$r.StatusCode + ' ' + $r.StatusDescription; foreach ($h in $r.Headers.GetEnumerator()) { $h.Key + ': ' + ($h.Value -join ', ') }; ''; $r.Content; '' }; ";
    let lookup = concat(&[
        "$info = Invoke-WebRequest -Uri ",
        &ps_quote(&concat(&["https://", host, TENANT_INFO_PATH])),
        " -SkipHttpErrorCheck; Show-Answer $info; $cloudId = ($info.Content | ConvertFrom-Json).cloudId; if ($cloudId ",
        PS_CLOUD_ID,
        ") { $base = 'https://",
        GATEWAY_HOST,
        GATEWAY_JIRA_PATH,
        "' + $cloudId; $r = Ask-Jira ($base + '",
        MYSELF_PATH,
        "'); Show-Answer $r }",
    ]);
    let first = match route {
        Route::Site => concat(&[
            "$base = ",
            &ps_quote(&concat(&["https://", host])),
            "; $r = Ask-Jira ($base + '",
            MYSELF_PATH,
            "'); Show-Answer $r; if ([int]$r.StatusCode -eq 401) { ",
            &lookup,
            " }; ",
        ]),
        Route::Scoped => concat(&["$r = $null; ", &lookup, "; "]),
    };
    concat(&[
        SHOW,
        "$cred = Get-Credential -UserName ",
        &ps_quote(email),
        PS_CREDENTIAL,
        "; ",
        ASK,
        &first,
        "if ($r -and [int]$r.StatusCode -eq 200) { Show-Answer (Ask-Jira ($base + '",
        MYPERMISSIONS_PATH,
        "')) }",
    ])
}

/// Windows PowerShell 5.1, what Windows ships: it has no `-Authentication`
/// and no `-SkipHttpErrorCheck`, so the Basic header is built from a
/// `Get-Credential` prompt, an error answer is caught, and both print the same
/// shape (`HTTP/1.1 <code> <reason>`, `Name: value` lines, a blank line, the
/// body). TLS 1.2 is switched on, which Atlassian requires and older .NET
/// Framework defaults leave off. The same steps as [`curl_check`].
pub fn windows_powershell_check(host: &str, email: &str, route: Route) -> String {
    // It prints with Write-Host, so what it returns (the body) is not printed
    // twice and can be read by the lookup; the status is kept for the next step.
    const SHOW: &str = "function Show-Answer($uri, $headers) { try { $r = Invoke-WebRequest -UseBasicParsing -Uri $uri -Headers $headers -MaximumRedirection 0; $resp = $r.BaseResponse; $body = $r.Content } catch { $resp = $_.Exception.Response; if ($resp -eq $null) { throw }; $body = (New-Object System.IO.StreamReader($resp.GetResponseStream())).ReadToEnd(); if (-not $body -and $_.ErrorDetails) { $body = $_.ErrorDetails.Message } }; Write-Host ('HTTP/' + $resp.ProtocolVersion + ' ' + [int]$resp.StatusCode + ' ' + $resp.StatusDescription); foreach ($k in $resp.Headers.AllKeys) { Write-Host ($k + ': ' + $resp.Headers[$k]) }; Write-Host ''; Write-Host $body; Write-Host ''; $script:status = [int]$resp.StatusCode; return $body }; ";
    const TLS: &str = "[Net.ServicePointManager]::SecurityProtocol = [Net.ServicePointManager]::SecurityProtocol -bor [Net.SecurityProtocolType]::Tls12; ";
    let lookup = concat(&[
        "$info = Show-Answer ",
        &ps_quote(&concat(&["https://", host, TENANT_INFO_PATH])),
        " @{ Accept = 'application/json' }; $cloudId = ($info | ConvertFrom-Json).cloudId; if ($cloudId ",
        PS_CLOUD_ID,
        ") { $base = 'https://",
        GATEWAY_HOST,
        GATEWAY_JIRA_PATH,
        "' + $cloudId; $null = Show-Answer ($base + '",
        MYSELF_PATH,
        "') $h } else { $script:status = 0 }",
    ]);
    let first = match route {
        Route::Site => concat(&[
            "$base = ",
            &ps_quote(&concat(&["https://", host])),
            "; $null = Show-Answer ($base + '",
            MYSELF_PATH,
            "') $h; if ($script:status -eq 401) { ",
            &lookup,
            " }; ",
        ]),
        Route::Scoped => concat(&["$script:status = 0; ", &lookup, "; "]),
    };
    concat(&[
        TLS,
        SHOW,
        "$cred = Get-Credential -UserName ",
        &ps_quote(email),
        PS_CREDENTIAL,
        "; $auth = 'Basic ' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($cred.UserName + ':' + $cred.GetNetworkCredential().Password)); ",
        "$h = @{ Authorization = $auth; Accept = 'application/json' }; ",
        &first,
        "if ($script:status -eq 200) { $null = Show-Answer ($base + '",
        MYPERMISSIONS_PATH,
        "') $h }; Remove-Variable auth, cred, h",
    ])
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

/// What a token may contain before the command sends it: current tokens are
/// `A-Z a-z 0-9 _ - =`; anything else (a space, a quote, a `Basic ` prefix)
/// means a wrong paste, and it is refused before anything is sent.
const SH_TOKEN_GUARD: &str = "''|*[!A-Za-z0-9_=-]*";
/// Tines API keys are letters, digits and a few URL-safe signs.
const SH_KEY_GUARD: &str = "''|*[!A-Za-z0-9_=.~+/-]*";

/// POSIX shell: prompts for the Tines API key and the Jira token without
/// echo, checks the token's characters, and sends the request with curl
/// reading its URL, headers and body from a config on standard input.
///
/// The script runs as `sh -c '<script>'`: whatever shell the person pastes it
/// into (zsh, the default on macOS, would history-expand the `!` of the
/// character checks at its prompt; fish has other syntax), POSIX sh runs it,
/// and a refusal (`exit`) never closes their terminal. The script on sh's
/// command line holds no secret: both are read at its prompts.
pub fn tines_api_curl(request: &TinesApiRequest<'_>) -> String {
    let url = concat(&["https://", request.tenant, "/api/v1/user_credentials"]);
    let fixed = [
        concat(&["url = ", &curl_config_quote(&url)]),
        String::from("request = \"POST\""),
        String::from("header = \"Content-Type: application/json\""),
        String::from("header = \"Accept: application/json\""),
    ];
    let fixed_lines: Vec<String> = fixed.iter().map(|line| sh_quote(line)).collect();
    // The body's text around the token, escaped for the curl config; the token
    // itself needs no escaping once the guard has passed.
    let before = curl_config_quote(request.body_before_value);
    let after = curl_config_quote(request.body_after_value);
    let before = before.strip_suffix('"').unwrap_or(&before);
    let after = after.strip_prefix('"').unwrap_or(&after);
    let script = concat(&[
        "printf 'Tines API key (typing is hidden): ' >&2; stty -echo 2>/dev/null; IFS= read -r tines_key; stty echo 2>/dev/null; printf '\\nJira API token (typing is hidden): ' >&2; stty -echo 2>/dev/null; IFS= read -r jira_token; stty echo 2>/dev/null; printf '\\n' >&2; ",
        "case \"$jira_token\" in ",
        SH_TOKEN_GUARD,
        ") echo 'That is not an API token (it is empty, or has spaces, quotes or other characters tokens never have): nothing was sent.' >&2; exit 1;; esac; ",
        "case \"$tines_key\" in ",
        SH_KEY_GUARD,
        ") echo 'That is not a Tines API key (it is empty, or has spaces or quotes): nothing was sent.' >&2; exit 1;; esac; ",
        "{ printf '%s\\n' ",
        &fixed_lines.join(" "),
        "; printf 'header = \"Authorization: Bearer %s\"\\n' \"$tines_key\"; printf 'data-raw = %s%s%s\\n' ",
        &sh_quote(before),
        " \"$jira_token\" ",
        &sh_quote(after),
        "; } | curl --silent --show-error --include --config -; echo",
    ]);
    concat(&["sh -c ", &sh_quote(&script)])
}

/// PowerShell 7: `Read-Host -AsSecureString` for both secrets, the token's
/// characters checked, `-Authentication Bearer -Token` for the key, and
/// Tines' answer printed whatever its status.
pub fn tines_api_powershell(request: &TinesApiRequest<'_>) -> String {
    let url = concat(&["https://", request.tenant, "/api/v1/user_credentials"]);
    concat(&[
        "$key = Read-Host -AsSecureString -Prompt 'Tines API key'; $token = Read-Host -AsSecureString -Prompt 'Jira API token'; ",
        "$plain = [Net.NetworkCredential]::new('', $token).Password; ",
        "if ($plain -cnotmatch '^[A-Za-z0-9_=-]+$') { Write-Host 'That is not an API token (it is empty, or has spaces, quotes or other characters tokens never have): nothing was sent.' } else { ",
        "$body = ",
        request.powershell_body,
        " | ConvertTo-Json -Depth 5 -Compress; ",
        "$r = Invoke-WebRequest -Method Post -Uri ",
        &ps_quote(&url),
        " -Authentication Bearer -Token $key -ContentType 'application/json' -Body ([Text.Encoding]::UTF8.GetBytes($body)) -Headers @{ Accept = 'application/json' } -SkipHttpErrorCheck; ",
        "'HTTP/' + $r.BaseResponse.Version + ' ' + [int]$r.StatusCode + ' ' + $r.StatusDescription; ''; $r.Content }; ",
        "Remove-Variable plain, token, key",
    ])
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
    fn quoting_survives_apostrophes() {
        assert_eq!(sh_quote("o'brien@acme.com"), "'o'\\''brien@acme.com'");
        assert_eq!(ps_quote("o'brien@acme.com"), "'o''brien@acme.com'");
        assert_eq!(ps_quote("a\u{2019}b"), "'a\u{2019}\u{2019}b'");
        assert_eq!(curl_config_quote("a\"b\\c\n"), "\"a\\\"b\\\\c\\n\"");
    }
}
