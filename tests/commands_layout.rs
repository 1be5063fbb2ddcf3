//! The terminal commands as a person reads them before running them (issue 27,
//! "Commands a person can read before running"). For every command (the POSIX
//! curl check, the PowerShell 7 and Windows PowerShell 5.1 checks, the
//! commands that create the credential through Tines' API, curl and
//! PowerShell, and those that replace its token, issue 29), on both routes and for values full of quotes, spaces, `$` and
//! backticks wherever the checks allow them:
//! - no line is over 100 characters (a typed value counts as at most
//!   [`VALUE_ALLOWANCE`] characters: a long site or email makes its own line
//!   long, nothing else does);
//! - the POSIX commands have no `'\''` but the one `sh_quote` writes for a `'`
//!   inside a typed value, which are set outside the script;
//! - comments by rule: each function introduced by a comment that starts
//!   with its name, no long run of lines without one;
//! - the token is nowhere in the text, and every template placeholder is
//!   filled (no `{{` left but inside a typed value).
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

use tines_jira_credential::checks::Date;
use tines_jira_credential::{
    build_check_commands, build_replace_commands, build_tines_api_commands, CredentialInput,
};

const MAX_LINE: usize = 100;
/// How much of a typed value counts toward a line's length.
const VALUE_ALLOWANCE: usize = 28;

/// A token in the current format (the checks accept it); never in a command.
const TOKEN: &str = "ATATT3xFfGF0T0k3nValueForTheLayoutTestsOnly_x-y=1A2B3C4D";

fn today() -> Date {
    Date::parse("2026-12-01").unwrap()
}

/// The values typed in, as one case.
#[derive(Clone, Copy, Debug)]
struct Case {
    site: &'static str,
    email: &'static str,
    name: &'static str,
    tenant: &'static str,
    scoped: bool,
    expires_on: &'static str,
    account_id: &'static str,
}

const SITES: &[&str] = &[
    "acme.atlassian.net",
    "https://Acme.atlassian.net/jira/software/projects/ABC/boards/1",
    "acme-engineering-prod.atlassian.net",
    "jira.example.com",
];
const EMAILS: &[&str] = &[
    "jane@acme.com",
    "o'brien@acme.com",
    "o''brien'@acme.com",
    "`id`@acme.com",
    "${HOME}@acme.com",
    "a|b&c@acme.com",
    "!#$%&'*+/=?^_`{|}~-@acme.com",
    "it's''$id`id`~!#^*+=?@acme.com",
    "bot@serviceaccount.atlassian.com",
    "firstname.lastname@company.com",
];
const NAMES: &[&str] = &[
    "Jira Prod",
    "Jira O'Brien's",
    "Jira \u{2018}prod\u{2019} \u{201B}old\u{201A} $env:PATH `n $(whoami)",
    "Jira | & % {} $x `b ' \u{2019} \" \\ end",
    "\u{2019}; Remove-Item -Recurse C:\\ #",
    "Jira {{URL}} {{BODY}} }} {{",
    "Jira; name = 'x'; @{ a = 1 } @( ' )",
];
const TENANTS: &[&str] = &["acme.tines.com", "acme-security-team.tines.io"];
/// Account ids as a live check gives them (the newer form, the older one), and none.
const ACCOUNT_IDS: &[&str] = &[
    "",
    "712020:0e8f3d9a-58a1-4c4e-9d26-1f0c5b7a9e42",
    "5b10ac8d82e05b22cc7d4ef5",
];

fn cases() -> Vec<Case> {
    let mut out = Vec::new();
    for (i, email) in EMAILS.iter().enumerate() {
        for scoped in [false, true] {
            out.push(Case {
                site: SITES[i % SITES.len()],
                email,
                name: NAMES[i % NAMES.len()],
                tenant: TENANTS[i % TENANTS.len()],
                scoped,
                expires_on: if i % 2 == 0 { "2027-03-01" } else { "" },
                account_id: ACCOUNT_IDS[i % ACCOUNT_IDS.len()],
            });
        }
    }
    for (i, name) in NAMES.iter().enumerate() {
        for site in SITES {
            out.push(Case {
                site,
                email: EMAILS[i % EMAILS.len()],
                name,
                tenant: TENANTS[i % TENANTS.len()],
                scoped: i % 2 == 1,
                expires_on: "",
                account_id: ACCOUNT_IDS[(i + 1) % ACCOUNT_IDS.len()],
            });
        }
    }
    out
}

/// The five commands for a case, named; the case must be accepted.
struct Commands {
    host: String,
    texts: Vec<(Kind, String)>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum Kind {
    CurlCheck,
    PowerShellCheck,
    WindowsPowerShellCheck,
    TinesApiCurl,
    TinesApiPowerShell,
    ReplaceCurl,
    ReplacePowerShell,
}

impl Kind {
    fn is_posix(self) -> bool {
        matches!(
            self,
            Kind::CurlCheck | Kind::TinesApiCurl | Kind::ReplaceCurl
        )
    }
}

fn commands(case: Case) -> Commands {
    let input = CredentialInput {
        site: case.site,
        email: case.email,
        token: TOKEN,
        name: case.name,
        scoped: case.scoped,
        expires_on: case.expires_on,
        account_id: case.account_id,
        tines_tenant: case.tenant,
        team_id: "42",
        today: today(),
        ..CredentialInput::default()
    };
    let report = tines_jira_credential::build_credential(&input);
    assert!(report.fields.token.ok, "the test token is accepted");
    let _outputs = report
        .outputs
        .unwrap_or_else(|| panic!("{case:?} is accepted: {:?}", report.fields));
    let check = build_check_commands(&input).unwrap();
    let api = build_tines_api_commands(&input).unwrap();
    let replace = build_replace_commands(&input).unwrap();
    let host = report.fields.site.value.clone().unwrap();
    Commands {
        host,
        texts: vec![
            (Kind::CurlCheck, check.curl),
            (Kind::PowerShellCheck, check.powershell),
            (Kind::WindowsPowerShellCheck, check.windows_powershell),
            (Kind::TinesApiCurl, api.curl),
            (Kind::TinesApiPowerShell, api.powershell),
            (Kind::ReplaceCurl, replace.curl),
            (Kind::ReplacePowerShell, replace.powershell),
        ],
    }
}

/// Every way a typed value is written into a command: as typed, quoted for
/// sh (`'\''`), for PowerShell (quotes doubled), as JSON, and as JSON quoted
/// for sh. Longest first, so that a form is replaced before its parts.
fn value_forms(case: Case, host: &str) -> Vec<String> {
    let mut forms = Vec::new();
    for value in [host, case.email, case.name, case.tenant, case.account_id] {
        if value.is_empty() {
            continue;
        }
        let json = serde_json::to_string(value).unwrap();
        let json = json[1..json.len() - 1].to_string();
        let ps: String = value
            .chars()
            .flat_map(|c| {
                let twice = matches!(c, '\'' | '\u{2018}'..='\u{201B}');
                std::iter::repeat_n(c, if twice { 2 } else { 1 })
            })
            .collect();
        for form in [
            value.to_string(),
            value.replace('\'', "'\\''"),
            ps,
            json.replace('\'', "'\\''"),
            json,
        ] {
            if !forms.contains(&form) {
                forms.push(form);
            }
        }
    }
    forms.sort_by_key(|f| std::cmp::Reverse(f.chars().count()));
    forms
}

/// The text with each typed value replaced by a stand-in of its length, up to
/// [`VALUE_ALLOWANCE`] characters: what the template itself adds.
fn with_values_capped(text: &str, forms: &[String]) -> String {
    let mut out = text.to_string();
    for form in forms {
        let stand_in = "v".repeat(form.chars().count().min(VALUE_ALLOWANCE));
        out = out.replace(form.as_str(), &stand_in);
    }
    out
}

/// The longest run of lines without a comment a command may have.
const MAX_UNCOMMENTED_RUN: usize = 20;

/// What the comments of one command break, by rule: every function is
/// introduced by a comment that starts with its name (`# ask URL [open]: …`,
/// `# Get-Crc32 TEXT: …`), no run of more than [`MAX_UNCOMMENTED_RUN`] lines
/// goes without a comment, and the whole has comments at all.
fn comment_problems(kind: Kind, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let lines: Vec<&str> = text.lines().map(str::trim_start).collect();
    let is_comment = |l: &str| l.starts_with("# ");
    if lines.iter().filter(|l| is_comment(l)).count() < 5 {
        problems.push(String::from("fewer than 5 comments"));
    }
    for (i, line) in lines.iter().enumerate() {
        let name = if kind.is_posix() {
            line.split_once("() {")
                .map(|(n, _)| n)
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        } else {
            line.strip_prefix("function ")
                .and_then(|rest| rest.split(['(', ' ']).next())
        };
        let Some(name) = name else { continue };
        // The comment block just above, one line of which names the function.
        let mut first = i;
        while first > 0 && is_comment(lines[first - 1]) {
            first -= 1;
        }
        let named = lines[first..i]
            .iter()
            .any(|l| l.starts_with(&format!("# {name}")));
        if !named {
            problems.push(format!(
                "function {name} has no comment that starts with its name"
            ));
        }
    }
    // The script itself: in a POSIX command, after the values set before it.
    let script = match text.split_once("\nsh -c '\n") {
        Some((_, script)) if kind.is_posix() => script,
        _ => text,
    };
    let mut run = 0;
    for line in script.lines().map(str::trim_start) {
        run = if is_comment(line) { 0 } else { run + 1 };
        if run > MAX_UNCOMMENTED_RUN {
            problems.push(format!(
                "{run} lines in a row without a comment, to {line:?}"
            ));
            break;
        }
    }
    problems
}

/// What is wrong with one command's layout, if anything.
fn layout_problems(kind: Kind, text: &str, case: Case, host: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let forms = value_forms(case, host);
    let template_text = with_values_capped(text, &forms);
    for (i, line) in template_text.lines().enumerate() {
        let length = line.chars().count();
        if length > MAX_LINE {
            problems.push(format!("line {} is {length} characters: {line}", i + 1));
        }
    }
    if kind.is_posix() && template_text.contains("'\\''") {
        problems.push(String::from("'\\'' outside a typed value"));
    }
    if template_text.contains("{{") {
        problems.push(String::from("a placeholder is left ({{)"));
    }
    problems.extend(comment_problems(kind, text));
    // The token in no form: whole, its start or end, or in a Basic credential.
    let basic = base64_of(&format!("{}:{TOKEN}", case.email));
    for form in [
        TOKEN,
        &TOKEN[..20],
        &TOKEN[TOKEN.len() - 20..],
        &basic[..20],
    ] {
        if text.contains(form) {
            problems.push(String::from("the token is in the text"));
        }
    }
    problems
}

/// Base64 (RFC 4648, with padding), enough to look for a Basic credential.
fn base64_of(text: &str) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in text.as_bytes().chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[test]
fn every_command_is_laid_out_for_reading_whatever_was_typed() {
    let mut failures = Vec::new();
    let all = cases();
    assert!(all.len() > 40);
    for case in all {
        let c = commands(case);
        for (kind, text) in &c.texts {
            for problem in layout_problems(*kind, text, case, &c.host) {
                failures.push(format!("{kind:?} for {case:?}: {problem}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_example_has_no_line_over_100_characters_at_all() {
    for scoped in [false, true] {
        let case = Case {
            site: "acme.atlassian.net",
            email: "jane@acme.com",
            name: "Jira Prod",
            tenant: "acme.tines.com",
            scoped,
            expires_on: "2027-03-01",
            account_id: "712020:0e8f3d9a-58a1-4c4e-9d26-1f0c5b7a9e42",
        };
        for (kind, text) in commands(case).texts {
            for line in text.lines() {
                assert!(line.chars().count() <= MAX_LINE, "{kind:?}: {line}");
            }
            if kind.is_posix() {
                assert!(!text.contains("'\\''"), "{kind:?}:\n{text}");
            }
        }
    }
}

/// The POSIX commands: the typed values set once, before `sh -c '`, on lines
/// of their own; the script in single quotes, with no single quote inside it,
/// so it is one argument however many lines it spans.
#[test]
fn posix_commands_set_the_values_then_run_one_quoted_script() {
    for case in cases() {
        let c = commands(case);
        for (kind, text) in c.texts.iter().filter(|(k, _)| k.is_posix()) {
            let (values, script) = text
                .split_once("\nsh -c '\n")
                .unwrap_or_else(|| panic!("{kind:?}: no sh -c '…' line:\n{text}"));
            let script = script
                .strip_suffix('\'')
                .unwrap_or_else(|| panic!("{kind:?}: the script does not end the command"));
            assert!(
                !script.contains('\''),
                "{kind:?}: a quote inside the script"
            );
            assert!(script.lines().count() > 20, "{kind:?}: not over lines");
            // Each value is one sh-quoted word, then ` \`.
            let expected = match kind {
                Kind::CurlCheck => vec!["site=", "email=", "route=", "jira="],
                Kind::ReplaceCurl => vec![
                    "tines_url=",
                    "team_id=",
                    "name=",
                    "site=",
                    "email=",
                    "route=",
                    "cloud_id=",
                    "account_id=",
                    "account_name=",
                    "jira=",
                    "body=",
                ],
                _ => vec!["tines_url=", "jira=", "body="],
            };
            let mut starts = Vec::new();
            for line in values.lines() {
                if let Some((name, _)) = line.split_once("='") {
                    if !name.contains(' ') && !name.contains('"') && !name.is_empty() {
                        starts.push(format!("{name}="));
                    }
                }
            }
            let starts: Vec<&str> = starts.iter().map(String::as_str).collect();
            assert_eq!(starts, expected, "{kind:?}:\n{values}");
            assert!(values.ends_with("' \\"), "{kind:?}");
        }
    }
}
