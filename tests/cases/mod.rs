//! Representative cases shared by the native suite (`tests/same_cases.rs`) and
//! the browser suite (`tests/web.rs`): the same table must give the same answers
//! through the Rust API and through the JavaScript API in Chromium.

/// Which check a case exercises.
#[derive(Clone, Copy, Debug)]
pub enum Check {
    Site,
    Email,
    Token,
    Name,
}

/// One row: the check, the input, the expected cleaned value (`None` when
/// rejected) and the expected diagnostic codes in order.
pub struct Case {
    pub check: Check,
    pub input: &'static str,
    pub value: Option<&'static str>,
    pub codes: &'static [&'static str],
}

const fn case(
    check: Check,
    input: &'static str,
    value: Option<&'static str>,
    codes: &'static [&'static str],
) -> Case {
    Case {
        check,
        input,
        value,
        codes,
    }
}

use Check::*;

/// The date the token cases are checked on, in both suites.
#[allow(dead_code)]
pub const TODAY_ISO: &str = "2026-12-01";
#[cfg(not(target_arch = "wasm32"))]
pub const TODAY: tines_jira_credential::checks::Date =
    match tines_jira_credential::checks::Date::new(2026, 12, 1) {
        Some(date) => date,
        None => tines_jira_credential::checks::Date::EPOCH,
    };

#[rustfmt::skip]
pub const CASES: &[Case] = &[
    case(Site, "acme", Some("acme.atlassian.net"), &["site-bare-name"]),
    case(Site, "acme.atlassian.net", Some("acme.atlassian.net"), &[]),
    case(Site, "https://acme.atlassian.net/jira/software/projects/ABC/boards/1", Some("acme.atlassian.net"), &["site-path-dropped"]),
    case(Site, "http://acme.atlassian.net", Some("acme.atlassian.net"), &["site-http-upgraded"]),
    case(Site, "https://ACME.atlassian.net:443/", Some("acme.atlassian.net"), &["site-path-dropped", "site-port-dropped", "site-lowercased"]),
    case(Site, "acme.jira.com", Some("acme.jira.com"), &["site-legacy-cloud"]),
    case(Site, "jira.example.com", Some("jira.example.com"), &["site-custom-domain"]),
    case(Site, "acme.atlassian.net.example.com", Some("acme.atlassian.net.example.com"), &["site-custom-domain"]),
    case(Site, "https://example.com#@acme.atlassian.net", Some("example.com"), &["site-custom-domain", "site-path-dropped"]),
    case(Site, "https://acme.atlassian.net@evil.com", None, &["site-userinfo"]),
    case(Site, "https://acme.atlassian.net:8443", None, &["site-port"]),
    case(Site, "127.0.0.1", None, &["site-ip-literal"]),
    case(Site, "localhost", None, &["site-localhost"]),
    case(Site, "id.atlassian.com", None, &["site-atlassian-com"]),
    case(Site, "acme.atlasian.net", None, &["site-typo"]),
    case(Site, "a.b.atlassian.net", None, &["site-nested-label"]),
    case(Site, "", None, &["site-empty"]),
    case(Email, "jane@acme.com", Some("jane@acme.com"), &[]),
    case(Email, "  o'brien@acme.com ", Some("o'brien@acme.com"), &["email-trimmed"]),
    case(Email, "Jane Doe <jane@acme.com>", Some("jane@acme.com"), &["email-display-name"]),
    case(Email, "jane@acme.c", None, &["email-short-tld"]),
    case(Site, "acme.atlassian.", None, &["site-typo"]),
    case(Site, "acme.", None, &["site-invalid-host"]),
    case(Email, "jane", None, &["email-no-at"]),
    case(Email, "jane@acme", None, &["email-domain-no-dot"]),
    case(Email, "jane@@acme.com", None, &["email-multiple-at"]),
    case(Email, "jane..doe@acme.com", None, &["email-local-dot"]),
    case(Email, "bot@serviceaccount.atlassian.com", Some("bot@serviceaccount.atlassian.com"), &["email-service-account"]),
    case(Token, "", None, &["token-empty"]),
    case(Token, "Bearer abc", None, &["token-auth-prefix"]),
    case(Token, "jane@acme.com", None, &["token-is-email"]),
    case(Token, "abcdefghijklmnopqrstuvwx", None, &["token-legacy"]),
    case(Token, "hunter2", Some("hunter2"), &["token-unrecognized"]),
    case(Name, "Jira Prod", Some("Jira Prod"), &[]),
    case(Name, "", None, &["name-empty"]),
];
