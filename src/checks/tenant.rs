//! The two optional inputs for creating the credential through Tines' API:
//! the Tines tenant's host and the team id.

use crate::diagnostic::{say, Code, FieldResult};
use crate::text::{longer_than, split_once};

/// Longer than any host name (RFC 1035 §2.3.4: 253 characters) plus a scheme
/// and a path: refused unread.
pub const MAX_TENANT_CHARS: usize = 2048;
/// RFC 1035 §2.3.4: a name is at most 253 characters, a label 63.
const MAX_HOST: usize = 253;
const MAX_LABEL: usize = 63;

/// Hosts that are Atlassian's, never a Tines tenant.
const ATLASSIAN_SUFFIXES: &[&str] = &["atlassian.net", "atlassian.com", "jira.com"];

const EXAMPLE: &str = "such as acme.tines.com";

/// Checks a Tines tenant, an optional input: the host of the tenant's web
/// address, e.g. `acme.tines.com` or a custom domain. `https://` and a
/// trailing slash or path are dropped (with a note); other schemes, ports and
/// user-info are errors. `value` is the bare lowercase host.
pub fn check_tenant(input: &str) -> FieldResult {
    let text = input.trim();
    if text.is_empty() {
        return FieldResult::absent();
    }
    if longer_than(text, MAX_TENANT_CHARS) {
        return FieldResult::rejected(say!(error,
            Code::TooLong,
            "This is far longer than a web address: give only your Tines tenant's host, such as acme.tines.com.",
        ));
    }
    let mut notes = Vec::new();
    let lower = text.to_ascii_lowercase();
    let rest = match split_once(&lower, "://") {
        Some(("https", rest)) => {
            notes.push(());
            rest
        }
        Some(_) => {
            return FieldResult::rejected(say!(error,
            Code::TenantNotHost,
            "Tines' API is only served over https: give the tenant's host, such as acme.tines.com.",
        ))
        }
        None => lower.as_str(),
    };
    let (host, dropped_path) = match rest.find(['/', '?', '#']) {
        Some(at) => (rest.get(..at).unwrap_or(rest), true),
        None => (rest, false),
    };
    if host.contains('@') {
        return not_host("The address holds a user name (before @): give only the tenant's host, ");
    }
    if host.contains(':') {
        return not_host("Tines' API is served on the standard https port: leave out the :port and give only the host, ");
    }
    let host = host.strip_suffix('.').unwrap_or(host);
    if let Some(problem) = host_problem(host) {
        return FieldResult::rejected(say!(error, Code::TenantInvalid, problem));
    }
    if ATLASSIAN_SUFFIXES
        .iter()
        .any(|suffix| host == *suffix || host.ends_with(&[".", suffix].concat()))
    {
        return FieldResult::rejected(say!(error,
            Code::TenantIsAtlassian,
            "This is an Atlassian address (your Jira site), not your Tines tenant: give the host you open \
             Tines at, such as acme.tines.com.",
        ));
    }
    let mut diagnostics = Vec::new();
    if !notes.is_empty() || dropped_path || host.len() != text.len() {
        diagnostics.push(
            say!(
                info,
                Code::TenantCleaned,
                ["Using the host ", host, "."].concat()
            )
            .with_suggestion(host),
        );
    }
    FieldResult::new(Some(String::from(host)), diagnostics)
}

fn not_host(opening: &str) -> FieldResult {
    FieldResult::rejected(say!(
        error,
        Code::TenantNotHost,
        [opening, EXAMPLE, "."].concat(),
    ))
}

/// What is wrong with a lowercase host, if anything: letters, digits and
/// inner hyphens in dot-separated labels (RFC 1123 §2.1), at least two
/// labels, a last label of letters that is not all digits (so no IP address).
fn host_problem(host: &str) -> Option<&'static str> {
    if host.is_empty() {
        return Some("Give your Tines tenant's host, such as acme.tines.com.");
    }
    if !host.is_ascii() {
        return Some("Give the host in plain ASCII letters (its xn-- form if it has accents), such as acme.tines.com.");
    }
    if host.len() > MAX_HOST {
        return Some("A host name has at most 253 characters: check the tenant's address.");
    }
    if host == "localhost" || host.ends_with(".localhost") {
        return Some(
            "Tines' API is not on this computer: give your tenant's host, such as acme.tines.com.",
        );
    }
    let mut labels = 0;
    for label in host.split('.') {
        labels += 1;
        if label.is_empty() || label.len() > MAX_LABEL {
            return Some("Each part of the host between dots must have 1 to 63 characters: check the tenant's address.");
        }
        if !label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
        {
            return Some(
                "A host has only letters, digits, hyphens and dots: check the tenant's address.",
            );
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some("A part of a host name cannot start or end with a hyphen: check the tenant's address.");
        }
    }
    let last = host.rsplit('.').next().unwrap_or(host);
    if labels < 2 {
        return Some("A tenant's host has a dot in it, such as acme.tines.com: check the address.");
    }
    if last.bytes().all(|b| b.is_ascii_digit()) {
        return Some("Give the tenant's host name, not an IP address, such as acme.tines.com.");
    }
    if last.len() < 2 {
        return Some(
            "No top-level domain has a single letter: check the end of the tenant's address.",
        );
    }
    None
}

/// The longest team id read: Tines ids are database integers.
const MAX_TEAM_ID_DIGITS: usize = 15;
/// Past this, the team id is "too long" without being read further: room for
/// the team's whole address pasted in, as for the tenant.
pub const MAX_TEAM_ID_INPUT: usize = 2048;

/// What follows the last `marker` (not empty) in `text`, as
/// `text.rsplit_once(marker)` finds it. By `strip_prefix` from the end: a backward search for a string
/// pattern brings a searcher of its own into the module (125 bytes gzipped,
/// measured), and this was the only one.
fn after_last<'a>(text: &'a str, marker: &str) -> Option<&'a str> {
    (0..text.len())
        .rev()
        .find_map(|at| text.get(at..)?.strip_prefix(marker))
}

/// Checks a Tines team id, an optional input: a positive whole number (Tines
/// shows it in the team's address, `.../teams/<id>`). `value` is the number
/// as text, without leading zeros or blank space.
pub fn check_team_id(input: &str) -> FieldResult {
    let text = input.trim();
    if text.is_empty() {
        return FieldResult::absent();
    }
    if longer_than(text, MAX_TEAM_ID_INPUT) {
        return FieldResult::rejected(say!(
            error,
            Code::TooLong,
            "This is far longer than a team id or the team's address: give the number after \
             /teams/ in the team's address in Tines, such as 12.",
        ));
    }
    // People paste the team's URL: take the number after /teams/.
    let digits = after_last(text, "/teams/").map_or(text, |after| {
        after.split(['/', '?', '#']).next().unwrap_or(after)
    });
    let digits = digits.trim_start_matches('0');
    if digits.is_empty()
        || digits.len() > MAX_TEAM_ID_DIGITS
        || !digits.bytes().all(|b| b.is_ascii_digit())
    {
        return FieldResult::rejected(say!(error,
            Code::TeamIdInvalid,
            "A team id is a positive whole number, such as 12: open the team in Tines and take the number \
             after /teams/ in the address.",
        ));
    }
    let mut diagnostics = Vec::new();
    if digits != text {
        diagnostics.push(
            say!(
                info,
                Code::TeamIdCleaned,
                ["Using the team id ", digits, "."].concat(),
            )
            .with_suggestion(digits),
        );
    }
    FieldResult::new(Some(String::from(digits)), diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn after_last_finds_what_rsplit_once_finds() {
        assert_eq!(after_last("x/teams/teams/5", "/teams/"), Some("5"));
        assert_eq!(after_last("/teams/", "/teams/"), Some(""));
        assert_eq!(after_last("teams/1", "/teams/"), None);
        assert_eq!(after_last("", "/teams/"), None);
    }

    proptest::proptest! {
        #[test]
        fn after_last_is_rsplit_once(text in "(/teams/|/teams|teams/|/|s|1|\u{e9}){0,12}") {
            proptest::prop_assert_eq!(
                after_last(&text, "/teams/"),
                text.rsplit_once("/teams/").map(|(_, after)| after)
            );
        }
    }

    #[test]
    fn tenants() {
        const CASES: &[(&str, Option<&str>, &str)] = &[
            ("", None, ""),
            ("acme.tines.com", Some("acme.tines.com"), ""),
            (
                "https://Acme.Tines.com/",
                Some("acme.tines.com"),
                "tenant-cleaned",
            ),
            (
                "https://acme.tines.com/stories/12",
                Some("acme.tines.com"),
                "tenant-cleaned",
            ),
            ("tines.acme.example", Some("tines.acme.example"), ""),
            ("http://acme.tines.com", None, "tenant-not-host"),
            ("ftp://acme.tines.com", None, "tenant-not-host"),
            ("acme.tines.com:8443", None, "tenant-not-host"),
            ("me@acme.tines.com", None, "tenant-not-host"),
            ("acme.atlassian.net", None, "tenant-is-atlassian"),
            ("id.atlassian.com", None, "tenant-is-atlassian"),
            ("acme", None, "tenant-invalid"),
            ("10.0.0.1", None, "tenant-invalid"),
            ("localhost", None, "tenant-invalid"),
            ("acme..tines.com", None, "tenant-invalid"),
            ("-acme.tines.com", None, "tenant-invalid"),
            ("acme.tines.c", None, "tenant-invalid"),
            ("acmé.tines.com", None, "tenant-invalid"),
            ("acme tines.com", None, "tenant-invalid"),
        ];
        for &(input, value, code) in CASES {
            let r = check_tenant(input);
            assert_eq!(r.value.as_deref(), value, "{input:?}");
            assert_eq!(r.ok, value.is_some() || input.is_empty(), "{input:?}");
            let codes: Vec<&str> = r.diagnostics.iter().map(|d| d.code.as_str()).collect();
            assert_eq!(
                codes,
                if code.is_empty() { vec![] } else { vec![code] },
                "{input:?}"
            );
            for d in &r.diagnostics {
                if let Some(s) = &d.suggestion {
                    assert!(check_tenant(s).ok, "suggestion {s:?} must pass");
                }
            }
        }
        assert_eq!(check_tenant(&"a".repeat(5000)).codes(), [Code::TooLong]);
    }

    #[test]
    fn team_ids() {
        const CASES: &[(&str, Option<&str>)] = &[
            ("", None),
            ("12", Some("12")),
            (" 12 ", Some("12")),
            ("007", Some("7")),
            ("https://acme.tines.com/teams/42/stories", Some("42")),
            ("0", None),
            ("-3", None),
            ("1.5", None),
            ("12a", None),
            ("١٢", None),
            ("1234567890123456", None),
        ];
        for &(input, value) in CASES {
            let r = check_team_id(input);
            assert_eq!(r.value.as_deref(), value, "{input:?}");
            assert_eq!(r.ok, value.is_some() || input.is_empty(), "{input:?}");
        }
    }
}
