//! The site check against the WHATWG URL test vectors from web-platform-tests
//! (`url/resources/urltestdata.json`), read at test time from
//! `../shared/peer-suites/wpt-urltestdata.json` (its provenance and licence in the README there;
//! never committed here, `tests/shared_data/mod.rs` says what happens when it is missing),
//! used as a one-way oracle for the promise "the host that is shown is the
//! host that would be contacted":
//!
//! - only absolute `http:` / `https:` inputs count (`base` is null);
//! - where WPT says the URL fails to parse, the site check must reject it;
//! - where WPT parses it, the check may still reject it (it is stricter on
//!   purpose), but when it accepts, its value must be WPT's `hostname`.
//!
//! One documented normalisation: the check drops a single trailing dot
//! (`example.com.` names the same DNS host as `example.com`) and says so with
//! `site-trailing-dot`; a WPT hostname ending in one dot is compared without it,
//! and the check must then have reported the drop.
//!
//! Every input without its `https://` is checked too: a person who types no
//! scheme means https, so the oracle holds for that reading as well (except a
//! bare site name, which the check expands to `<name>.atlassian.net`).
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

mod shared_data;

use serde_json::Value;
use tines_jira_credential::{check_site, Code, SiteCheck, SiteKind};

/// The WPT URL vectors, under `../shared/`.
const DATA: &str = "peer-suites/wpt-urltestdata.json";

/// Inputs where the check deliberately differs from the one-way oracle, with
/// the reason. The test fails when one of them stops differing, so the list
/// never outlives its reason.
const EXPECTED_DEVIATIONS: &[(&str, &str)] = &[];

#[derive(Default)]
struct Counts {
    considered: usize,
    rejected_as_wpt: usize,
    accepted_matching: usize,
    stricter_than_wpt: usize,
}

/// WHATWG basic URL parser, step 1: leading C0 controls and spaces are stripped.
fn without_leading_c0(input: &str) -> &str {
    input.trim_start_matches(|c: char| c <= ' ')
}

fn is_http_input(input: &str) -> bool {
    let s = without_leading_c0(input);
    ["http:", "https:"]
        .iter()
        .any(|p| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p)))
}

/// `None` when the check agrees with the oracle, else what is wrong.
fn judge(r: &SiteCheck, wpt_hostname: Option<&str>) -> Option<String> {
    match (wpt_hostname, r.value.as_deref()) {
        (None, None) => None,
        (None, Some(v)) => Some(format!("WPT refuses it, the check accepted {v:?}")),
        (Some(_), None) => None,
        (Some(h), Some(v)) => {
            let dropped_dot = h.len() > 1 && h.ends_with('.') && !h.ends_with("..");
            let expected = if dropped_dot { &h[..h.len() - 1] } else { h };
            if v != expected {
                Some(format!("WPT hostname {h:?}, the check gave {v:?}"))
            } else if dropped_dot && !r.codes().contains(&Code::SiteTrailingDot) {
                Some(format!(
                    "dropped the trailing dot of {h:?} without saying so"
                ))
            } else {
                None
            }
        }
    }
}

#[test]
fn site_check_agrees_with_wpt_url_vectors() {
    let Some(text) = shared_data::read(DATA) else {
        return;
    };
    let entries: Vec<Value> = serde_json::from_str(&text).expect("parse the WPT URL vectors");

    let mut counts = Counts::default();
    let mut no_scheme_checked = 0usize;
    let mut problems = Vec::new();
    let mut deviating = Vec::new();

    for entry in &entries {
        let Some(input) = entry.get("input").and_then(Value::as_str) else {
            continue; // a comment line
        };
        if !entry.get("base").is_some_and(Value::is_null) || !is_http_input(input) {
            continue;
        }
        let failure = entry.get("failure").and_then(Value::as_bool) == Some(true);
        let hostname = if failure {
            None
        } else {
            Some(
                entry
                    .get("hostname")
                    .and_then(Value::as_str)
                    .expect("hostname"),
            )
        };

        counts.considered += 1;
        let r = check_site(input);
        match (hostname, &r.value) {
            (None, None) => counts.rejected_as_wpt += 1,
            (Some(_), None) => counts.stricter_than_wpt += 1,
            _ => {}
        }
        match judge(&r, hostname) {
            None if hostname.is_some() && r.value.is_some() => counts.accepted_matching += 1,
            None => {}
            Some(problem) => {
                deviating.push(input.to_owned());
                if !EXPECTED_DEVIATIONS.iter().any(|(i, _)| *i == input) {
                    problems.push(format!("{input:?}: {problem}"));
                }
            }
        }
        if r.ok {
            assert_ne!(r.kind, SiteKind::Invalid);
        }

        // The same URL typed without its scheme.
        if let Some(rest) = input.strip_prefix("https://") {
            if rest.trim() != rest || is_http_input(rest) {
                continue;
            }
            let plain = check_site(rest);
            if plain.codes().contains(&Code::SiteBareName) {
                continue;
            }
            no_scheme_checked += 1;
            if let Some(problem) = judge(&plain, hostname) {
                problems.push(format!("{rest:?} (no scheme): {problem}"));
            }
        }
    }

    println!(
        "WPT URL vectors: {} considered, {} rejected as WPT does, {} accepted with WPT's hostname, \
         {} rejected although WPT parses them (stricter); {} also checked without https://",
        counts.considered,
        counts.rejected_as_wpt,
        counts.accepted_matching,
        counts.stricter_than_wpt,
        no_scheme_checked,
    );

    for (input, reason) in EXPECTED_DEVIATIONS {
        if !deviating.iter().any(|d| d == input) {
            problems.push(format!(
                "{input:?} is listed as a deviation ({reason}) but now agrees with WPT: remove it from the list"
            ));
        }
    }
    assert!(
        counts.considered > 100,
        "too few WPT vectors kept: {}",
        counts.considered
    );
    assert!(
        counts.accepted_matching > 0,
        "no vector was accepted: the oracle proves nothing"
    );
    assert!(
        problems.is_empty(),
        "disagreements with WPT:\n{}",
        problems.join("\n")
    );
}
