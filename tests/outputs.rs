//! The outputs a person pastes into Tines, and the terminal commands.
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

use std::process::Command;

use proptest::prelude::*;
use tines_jira_credential::checks::token::crc32;
use tines_jira_credential::checks::Date;
use tines_jira_credential::tines::commands::{ps_quote, sh_quote};
use tines_jira_credential::{
    build_check_commands, build_credential, build_story, build_tines_api_commands, CheckCommands,
    CredentialInput, CredentialReport,
};

/// The date the tests run on.
fn today() -> Date {
    Date::parse("2026-12-01").unwrap()
}

/// A synthetic token in the current Atlassian format (never a real one):
/// `ATATT3` + body to 183 chars, `=`, CRC-32 of the first 184 chars in upper hex.
fn synthetic_token(seed: u64) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
    let mut state = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    let mut token = String::from("ATATT3");
    while token.len() < 183 {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        token.push(char::from(ALPHABET[(state >> 58) as usize]));
    }
    token.push('=');
    let crc = crc32(token.as_bytes());
    token.push_str(&format!("{crc:08X}"));
    token
}

fn report(site: &str, email: &str, token: &str, name: &str) -> CredentialReport {
    build_credential(&CredentialInput {
        site,
        email,
        token,
        name,
        today: today(),
        ..CredentialInput::default()
    })
}

/// The check commands for a site and email, with a valid name (they wait for it, as the outputs do).
fn check_commands(site: &str, email: &str) -> CheckCommands {
    build_check_commands(&CredentialInput {
        site,
        email,
        name: "Jira",
        today: today(),
        ..CredentialInput::default()
    })
    .expect("check commands")
}

#[test]
fn outputs_for_a_typical_credential() {
    let token = synthetic_token(1);
    let r = report(
        "https://Acme.atlassian.net/jira/software/projects/ABC/boards/1",
        " jane@acme.com ",
        &format!("{token}\n"),
        "Jira Prod",
    );
    assert!(r.ok, "{r:#?}");
    let out = r.outputs.expect("outputs");
    assert_eq!(out.name, "Jira Prod");
    assert_eq!(out.credential_key, "jira_prod");
    assert_eq!(out.value.as_deref(), Some(token.as_str()));
    assert_eq!(
        out.metadata_json,
        "{\n  \"domain\": \"acme.atlassian.net\",\n  \"username\": \"jane@acme.com\"\n}"
    );
    assert_eq!(out.domains_field, "acme.atlassian.net");
    assert_eq!(out.references.value, "<<CREDENTIAL.jira_prod>>");
    assert_eq!(
        out.references.domain,
        "<<INFO.credential.jira_prod.metadata.domain>>"
    );
    assert_eq!(
        out.references.username,
        "<<INFO.credential.jira_prod.metadata.username>>"
    );
    let commands = check_commands(
        "https://Acme.atlassian.net/jira/software/projects/ABC/boards/1",
        " jane@acme.com ",
    );
    // The POSIX check runs under sh whatever the shell, and reads the token at its own prompt:
    // the site and email set for that one command, then `sh -c '<script over lines>'`.
    assert!(commands.curl.starts_with("site='"), "{}", commands.curl);
    assert!(commands.curl.contains("\nsh -c '\n"), "{}", commands.curl);
    assert!(commands.curl.contains("https://acme.atlassian.net"));
    assert!(commands
        .curl
        .contains("/rest/api/3/mypermissions?permissions="));
    for ps in [&commands.powershell, &commands.windows_powershell] {
        assert!(
            ps.contains("Get-Credential -UserName 'jane@acme.com'"),
            "{ps}"
        );
        assert!(ps.contains("$site = 'https://acme.atlassian.net'"), "{ps}");
        assert!(ps.contains("$base = $site"), "{ps}");
        assert!(ps.contains("'/rest/api/3/myself'"), "{ps}");
        assert!(ps.contains("($site + '/_edge/tenant_info')"), "{ps}");
        assert!(ps.contains("-eq 401"), "after a 401 at the site: {ps}");
        assert!(
            ps.contains("/rest/api/3/mypermissions?permissions="),
            "{ps}"
        );
        assert_eq!(ps.matches("Get-Credential").count(), 1, "one prompt: {ps}");
    }
    assert!(commands.powershell.contains("-SkipHttpErrorCheck"));
    // Windows PowerShell 5.1 has neither -Authentication nor -SkipHttpErrorCheck.
    assert!(!commands.windows_powershell.contains("-Authentication "));
    assert!(!commands.windows_powershell.contains("-SkipHttpErrorCheck"));
    let input = CredentialInput {
        site: "acme",
        email: "jane@acme.com",
        name: "Jira",
        today: today(),
        ..CredentialInput::default()
    };
    assert_eq!(
        build_tines_api_commands(&input),
        None,
        "no tenant or team yet"
    );
    let input = CredentialInput {
        tines_tenant: "acme.tines.com",
        ..input
    };
    assert_eq!(build_tines_api_commands(&input), None, "no team yet");
    assert_eq!(out.expires_at, None);
}

#[test]
fn the_token_appears_exactly_twice_in_a_report_and_never_in_a_command_or_the_story() {
    let token = synthetic_token(2);
    let input = CredentialInput {
        site: "acme",
        email: "jane@acme.com",
        token: &token,
        name: "Jira",
        tines_tenant: "acme.tines.com",
        team_id: "12",
        expires_on: "2027-03-01",
        today: today(),
        ..CredentialInput::default()
    };
    let r = build_credential(&input);
    let json = serde_json::to_string(&r).unwrap();
    assert_eq!(json.matches(token.as_str()).count(), 2, "{json}");
    let out = r.outputs.unwrap();
    let check = build_check_commands(&input).unwrap();
    let api = build_tines_api_commands(&input).unwrap();
    let story = build_story(&input).unwrap();
    for text in [
        &out.metadata_json,
        &out.domains_field,
        &check.curl,
        &check.powershell,
        &check.windows_powershell,
        &api.curl,
        &api.powershell,
        &story,
        &out.references.value,
    ] {
        assert!(!text.contains(&token[..20]), "token in {text}");
    }
}

#[test]
fn commands_and_story_exist_exactly_when_the_outputs_do() {
    let inputs = [
        ("acme", "jane@acme.com", "Jira"),
        ("", "jane@acme.com", "Jira"),
        ("acme", "jane", "Jira"),
        ("acme", "jane@acme.com", ""),
        ("acme", "jane@acme.com", "   "),
    ];
    for (site, email, name) in inputs {
        let input = CredentialInput {
            site,
            email,
            name,
            tines_tenant: "acme.tines.com",
            team_id: "12",
            today: today(),
            ..CredentialInput::default()
        };
        let has_outputs = build_credential(&input).outputs.is_some();
        assert_eq!(
            build_check_commands(&input).is_some(),
            has_outputs,
            "{input:?}"
        );
        assert_eq!(
            build_tines_api_commands(&input).is_some(),
            has_outputs,
            "{input:?}"
        );
        assert_eq!(build_story(&input).is_some(), has_outputs, "{input:?}");
    }
}

#[test]
fn outputs_wait_for_site_email_and_name_but_not_the_token() {
    let r = report("acme", "jane@acme.com", "", "Jira");
    assert!(!r.ok);
    let out = r.outputs.expect("outputs without a token");
    assert_eq!(out.value, None);
    assert!(report("", "jane@acme.com", "x", "Jira").outputs.is_none());
    assert!(report("acme", "jane", "x", "Jira").outputs.is_none());
    assert!(report("acme", "jane@acme.com", "x", "").outputs.is_none());
}

#[test]
fn scoped_route_adds_the_api_gateway_to_domains() {
    let r = report("acme", "bot@serviceaccount.atlassian.com", "", "Jira");
    let out = r.outputs.unwrap();
    assert_eq!(out.domains_field, "acme.atlassian.net api.atlassian.com");
    assert!(check_commands("acme", "bot@serviceaccount.atlassian.com")
        .curl
        .contains("/_edge/tenant_info"));
    let r = build_credential(&CredentialInput {
        site: "acme",
        email: "jane@acme.com",
        name: "Jira",
        scoped: true,
        today: today(),
        ..CredentialInput::default()
    });
    assert_eq!(
        r.outputs.unwrap().domains_field,
        "acme.atlassian.net api.atlassian.com"
    );
}

/// Emails that are valid and full of characters a shell or PowerShell would
/// interpret if the quoting were wrong.
const HOSTILE_EMAILS: &[&str] = &[
    "jane@acme.com",
    "o'brien@acme.com",
    "o''brien'@acme.com",
    "`id`@acme.com",
    "${HOME}@acme.com",
    "$(id)x@acme.com",
    "a|b&c@acme.com",
    "!#$%&'*+/=?^_`{|}~-@acme.com",
    "\\@acme.com",
];

/// One curl run by a generated POSIX command: its arguments, and the config it
/// read on standard input (`--config -`), one line each.
#[derive(Debug)]
struct Call {
    args: Vec<String>,
    config: Vec<String>,
}

impl Call {
    /// The URL asked: the last argument, or the config's `url`.
    fn url(&self) -> String {
        match self.config.iter().find_map(|l| l.strip_prefix("url = ")) {
            Some(quoted) => quoted.trim_matches('"').to_string(),
            None => self.args.last().cloned().unwrap_or_default(),
        }
    }
    /// The config's `user = "…"` value, unescaped as curl reads it.
    fn user(&self) -> Option<String> {
        let line = self.config.iter().find_map(|l| l.strip_prefix("user = "))?;
        let inner = line.strip_prefix('"')?.strip_suffix('"')?;
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            out.push(if c == '\\' { chars.next()? } else { c });
        }
        Some(out)
    }
}

/// Runs a generated POSIX command under `sh`, typing `token` on its standard
/// input, with a stub `curl` on the PATH that records its arguments and the
/// config it reads, and answers like Jira: the site's `/myself` with
/// `site_status`, the cloud id, and 200 for everything else.
fn run_with_stub_curl(command: &str, token: &str, site_status: u16) -> Vec<Call> {
    // One folder per call: the tests run in parallel threads of one process.
    static CALLS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("stub-curl-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let log = dir.join("calls");
    let _ = std::fs::remove_file(&log);
    let stub = dir.join("curl");
    std::fs::write(
        &stub,
        format!(
            "#!/bin/sh\n\
             config=''; case \" $* \" in *' --config - '*) config=$(cat);; esac\n\
             {{ printf 'CALL\\n'; for a in \"$@\"; do printf '%s\\n' \"$a\"; done; printf 'CONFIG\\n%s\\n' \"$config\"; }} >> '{log}'\n\
             case \"$*$config\" in\n\
             *tenant_info*) printf 'HTTP/1.1 200 OK\\r\\n\\r\\n{{\"cloudId\":\"a436116f-02ce-4520-8fbb-7301462a1674\"}}';;\n\
             *acme.atlassian.net/rest/api/3/myself*) printf 'HTTP/1.1 {site_status} X\\r\\n\\r\\n{{}}';;\n\
             *) printf 'HTTP/1.1 200 OK\\r\\n\\r\\n{{}}';;\n\
             esac\n",
            log = log.display()
        ),
    )
    .unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&stub, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .env("PATH", path)
        .env("HOME", "/home/should-not-expand")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("sh runs");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(format!("{token}\n").as_bytes()).unwrap();
    }
    let status = child.wait().unwrap();
    assert!(status.success(), "command failed: {command}");
    let text = std::fs::read_to_string(&log).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&dir);
    text.split("CALL\n")
        .filter(|c| !c.is_empty())
        .map(|c| {
            let (args, config) = c.split_once("CONFIG\n").unwrap_or((c, ""));
            Call {
                args: args.lines().map(str::to_string).collect(),
                config: config
                    .lines()
                    .filter(|l| !l.is_empty())
                    .map(str::to_string)
                    .collect(),
            }
        })
        .collect()
}

const STUB_TOKEN: &str = "ATATT3xFfGF0stub-token_value=";
const GATEWAY: &str = "https://api.atlassian.com/ex/jira/a436116f-02ce-4520-8fbb-7301462a1674";
const PERMISSIONS_QUERY: &str = "/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS,CREATE_ISSUES,EDIT_ISSUES,ADD_COMMENTS,TRANSITION_ISSUES,ASSIGN_ISSUES";

/// The token is read once, at the command's own prompt, and reaches curl only
/// in its config on standard input: never an argument.
fn assert_token_only_in_config(calls: &[Call]) {
    for c in calls {
        assert!(!c.args.iter().any(|a| a.contains(STUB_TOKEN)), "{c:?}");
    }
}

#[test]
fn posix_command_passes_every_valid_email_literally() {
    for email in HOSTILE_EMAILS {
        let Some(commands) = build_check_commands(&CredentialInput {
            site: "acme",
            email,
            name: "Jira",
            today: today(),
            ..CredentialInput::default()
        }) else {
            // Not every hostile string is a valid sign-in address; those never
            // reach a command.
            continue;
        };
        let calls = run_with_stub_curl(&commands.curl, STUB_TOKEN, 200);
        assert_eq!(calls.len(), 2, "{email}: {calls:?}");
        assert_eq!(
            calls[0].user().as_deref(),
            Some(format!("{email}:{STUB_TOKEN}").as_str()),
            "email passed literally"
        );
        assert_eq!(
            calls[0].url(),
            "https://acme.atlassian.net/rest/api/3/myself"
        );
        // After a 200, what the account may do, at the same place, with the same token.
        assert_eq!(
            calls[1].url(),
            format!("https://acme.atlassian.net{PERMISSIONS_QUERY}")
        );
        assert_eq!(calls[1].user(), calls[0].user());
        assert_token_only_in_config(&calls);
    }
}

#[test]
fn posix_command_goes_on_to_the_gateway_after_a_401_at_the_site() {
    let commands = check_commands("acme", "o'brien@acme.com");
    let calls = run_with_stub_curl(&commands.curl, STUB_TOKEN, 401);
    let urls: Vec<String> = calls.iter().map(Call::url).collect();
    assert_eq!(
        urls,
        [
            String::from("https://acme.atlassian.net/rest/api/3/myself"),
            String::from("https://acme.atlassian.net/_edge/tenant_info"),
            format!("{GATEWAY}/rest/api/3/myself"),
            format!("{GATEWAY}{PERMISSIONS_QUERY}"),
        ]
    );
    assert!(
        calls[1].user().is_none() && !calls[1].args.iter().any(|a| a == "--user"),
        "no credentials to tenant_info"
    );
    assert_token_only_in_config(&calls);

    // Any other refusal at the site is the verdict: nothing more is asked.
    for status in [403, 404, 429, 500] {
        let commands = check_commands("acme", "jane@acme.com");
        let calls = run_with_stub_curl(&commands.curl, STUB_TOKEN, status);
        assert_eq!(calls.len(), 1, "{status}: {calls:?}");
    }
}

#[test]
fn posix_command_refuses_what_is_not_a_token_before_sending_anything() {
    let command = check_commands("acme", "jane@acme.com").curl;
    // What the token check calls an error is refused; what it only warns of goes on (the
    // whole table of both is tests/commands/token-rules.test.mjs, under dash and bash).
    for bad in ["", "Basic abc", "a b", "jane@acme.com:tok"] {
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(&command)
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        {
            use std::io::Write;
            child
                .stdin
                .take()
                .unwrap()
                .write_all(format!("{bad}\n").as_bytes())
                .unwrap();
        }
        let out = child.wait_with_output().unwrap();
        assert!(!out.status.success(), "{bad:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("Nothing was sent."));
    }
}

#[test]
fn posix_command_sends_an_unusual_token_as_typed_with_its_quotes_escaped() {
    let commands = check_commands("acme", "jane@acme.com");
    for odd in ["tok'en", "tok\"en\\x"] {
        let calls = run_with_stub_curl(&commands.curl, odd, 200);
        assert_eq!(
            calls[0].user().as_deref(),
            Some(format!("jane@acme.com:{odd}").as_str())
        );
    }
}

#[test]
fn posix_scoped_command_looks_up_the_cloud_id_then_asks_the_gateway() {
    let commands = build_check_commands(&CredentialInput {
        site: "acme.atlassian.net",
        email: "o'brien@acme.com",
        name: "Jira",
        scoped: true,
        today: today(),
        ..CredentialInput::default()
    })
    .unwrap();
    let calls = run_with_stub_curl(&commands.curl, STUB_TOKEN, 200);
    assert_eq!(calls.len(), 3, "{calls:?}");
    assert_eq!(
        calls[0].url(),
        "https://acme.atlassian.net/_edge/tenant_info"
    );
    assert!(calls[0].user().is_none(), "no credentials to tenant_info");
    assert_eq!(
        calls[1].user().as_deref(),
        Some(format!("o'brien@acme.com:{STUB_TOKEN}").as_str())
    );
    assert_eq!(calls[1].url(), format!("{GATEWAY}/rest/api/3/myself"));
    assert_eq!(calls[2].url(), format!("{GATEWAY}{PERMISSIONS_QUERY}"));
    assert_token_only_in_config(&calls);
}

#[test]
fn powershell_quoting_doubles_quotes() {
    for email in HOSTILE_EMAILS {
        let quoted = ps_quote(email);
        let inner = &quoted[1..quoted.len() - 1];
        assert_eq!(inner.replace("''", "'"), *email);
        assert!(!inner.replace("''", "").contains('\''));
    }
}

proptest! {
    #[test]
    fn sh_quote_round_trips_through_a_real_shell(s in "[ -~]{0,30}") {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!("printf '%s' {}", sh_quote(&s)))
            .output()
            .unwrap();
        prop_assert_eq!(String::from_utf8_lossy(&out.stdout).into_owned(), s);
    }

    #[test]
    fn metadata_json_parses_back_to_the_two_values(
        site in "[a-z][a-z0-9]{2,20}",
        local in "[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]{1,30}",
        domain in "[a-z]{1,10}\\.[a-z]{2,6}",
    ) {
        let email = format!("{local}@{domain}");
        let r = report(&site, &email, "", "Jira");
        let expected_domain = format!("{site}.atlassian.net");
        prop_assert!(r.fields.site.ok, "bare site names are accepted");
        prop_assert_eq!(r.outputs.is_some(), r.fields.email.as_ref().unwrap().ok);
        if let Some(out) = r.outputs {
            let v: serde_json::Value = serde_json::from_str(&out.metadata_json).unwrap();
            let obj = v.as_object().unwrap();
            prop_assert_eq!(obj.len(), 2);
            prop_assert_eq!(obj["domain"].as_str(), Some(expected_domain.as_str()));
            prop_assert_eq!(obj["username"].as_str(), Some(email.as_str()));
            let domain_at = out.metadata_json.find("\"domain\"").unwrap();
            let user_at = out.metadata_json.find("\"username\"").unwrap();
            prop_assert!(domain_at < user_at, "domain first");
        }
    }

    #[test]
    fn build_credential_never_panics(site in "\\PC{0,40}", email in "\\PC{0,40}", token in "\\PC{0,60}", name in "\\PC{0,20}") {
        let r = report(&site, &email, &token, &name);
        prop_assert_eq!(r.ok, r.fields.site.ok && r.fields.email.as_ref().unwrap().ok && r.fields.token.ok && r.fields.name.ok);
    }
}

/// A verified account id goes into the metadata after the username (the replace commands compare
/// it, since Jira may hide the email), in the create command's body too; anything that is not an
/// account id is left out, never written into a command.
#[test]
fn the_metadata_carries_a_verified_account_id() {
    for (given, written) in [
        ("5b10ac8d82e05b22cc7d4ef5", Some("5b10ac8d82e05b22cc7d4ef5")),
        (
            " 712020:0e8f3d9a-58a1-4c4e-9d26-1f0c5b7a9e42 ",
            Some("712020:0e8f3d9a-58a1-4c4e-9d26-1f0c5b7a9e42"),
        ),
        ("", None),
        ("x' ; rm -rf ~", None),
        ("a\"b", None),
    ] {
        let input = CredentialInput {
            site: "acme",
            email: "jane@acme.com",
            name: "Jira Prod",
            account_id: given,
            tines_tenant: "acme.tines.com",
            team_id: "42",
            today: today(),
            ..CredentialInput::default()
        };
        let out = build_credential(&input).outputs.unwrap();
        let expected = match written {
            Some(id) => format!(
                "{{\n  \"domain\": \"acme.atlassian.net\",\n  \"username\": \"jane@acme.com\",\n  \"account_id\": \"{id}\"\n}}"
            ),
            None => String::from(
                "{\n  \"domain\": \"acme.atlassian.net\",\n  \"username\": \"jane@acme.com\"\n}",
            ),
        };
        assert_eq!(out.metadata_json, expected, "{given:?}");
        let api = tines_jira_credential::build_tines_api_commands(&input).unwrap();
        let replace = tines_jira_credential::build_replace_commands(&input).unwrap();
        match written {
            Some(id) => {
                assert!(api.curl.contains(&format!("\"account_id\": \"{id}\"")));
                assert!(api.powershell.contains(&format!("account_id = '{id}'")));
                assert!(replace.curl.contains(&format!("account_id='{id}' \\\n")));
            }
            None => {
                assert!(!api.curl.contains("account_id"));
                assert!(replace.curl.contains("account_id='' \\\n"));
                assert!(!replace.powershell.contains("rm -rf ~"));
            }
        }
        assert!(!replace.curl.contains("rm -rf ~"), "{given:?}");
        // The part both commands are made from changes with it.
        let part = out.parts.tines_api.unwrap();
        assert!(
            part.ends_with(&format!("\n{}", written.unwrap_or_default())),
            "{part:?}"
        );
    }
}
