//! The isemail suite as an oracle for the email check.
//!
//! Data: dominicsayers/isemail `test/tests.xml` at cfeefc3f (BSD-3-Clause),
//! read at test time from `../shared/peer-suites/isemail-tests.xml` (its provenance and licence in
//! the README there; never committed here, `tests/shared_data/mod.rs` says what happens when it is
//! missing).
//! Each case is an address with a category:
//!
//! - `ISEMAIL_VALID_CATEGORY` and `ISEMAIL_DNSWARN` are addresses a sign-in
//!   form should accept, except where the domain has no dot (`test@io`), which
//!   this project rejects on purpose (docs/architecture.md, "Email").
//! - Every other category (`ISEMAIL_RFC5321`, `ISEMAIL_CFWS`, `ISEMAIL_DEPREC`,
//!   `ISEMAIL_RFC5322`, `ISEMAIL_ERR`) should be rejected.
//!
//! The oracle grades an address *as written*, so the check accepts a case when
//! it is ok and its value is that very string. The check may also use the
//! address inside words around it (`test@iana.org (comment)`, a display name),
//! and says so (`email-display-name`): that counts as not accepting the
//! address as written too. Surrounding whitespace (isemail's
//! CFWS and FWS cases, `" test@iana.org"`) is trimmed by design: the check then
//! accepts a different, trimmed address and says so (`email-trimmed`). Those
//! count as not accepting the address as written, and the trimmed value must be
//! one the suite itself calls acceptable, wherever the suite grades it.
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

mod shared_data;

use std::collections::HashMap;

use tines_jira_credential::{check_email, Code};

/// The isemail suite, under `../shared/`.
const SUITE: &str = "peer-suites/isemail-tests.xml";

/// Cases where the check knowingly disagrees with the suite, with the reason.
/// The test fails when one of them stops disagreeing, so this list stays true.
const EXPECTED_DEVIATIONS: &[(&str, &str)] = &[
    (
        "13",
        "test@iana.a: no top-level domain has a single letter, so it is a slip at the end of the address (email-short-tld)",
    ),
    (
        "37",
        "a@a.b.c. ... .u.v: ends in the single-letter label v, a slip for the same reason (email-short-tld)",
    ),
];

/// The categories a sign-in form should accept (domain permitting).
const ACCEPTED_CATEGORIES: &[&str] = &["ISEMAIL_VALID_CATEGORY", "ISEMAIL_DNSWARN"];

struct Case {
    id: String,
    address: String,
    category: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    /// `ok`, and the value is the address as written.
    Accepted,
    /// `ok`, but only after trimming surrounding whitespace.
    AcceptedTrimmed,
    Rejected,
}

#[test]
fn isemail_suite() {
    let Some(xml) = shared_data::read(SUITE) else {
        return;
    };
    let cases = parse_suite(&xml);
    assert_eq!(
        cases.len(),
        xml.matches("<test id=").count(),
        "every <test> parsed"
    );
    assert!(cases.len() > 100, "the suite has {} cases", cases.len());

    let mut by_address: HashMap<&str, bool> = HashMap::new();
    for case in &cases {
        by_address.insert(&case.address, should_accept(case));
    }
    for (id, _) in EXPECTED_DEVIATIONS {
        assert!(
            cases.iter().any(|case| case.id == *id),
            "listed deviation {id} is not in the suite"
        );
    }

    let (mut accepted, mut rejected, mut trimmed, mut no_dot) = (0, 0, 0, 0);
    let mut deviations = Vec::new();
    let mut failures = Vec::new();
    for case in &cases {
        let result = check_email(&case.address);
        let outcome = match result.value.as_deref() {
            Some(value) if value == case.address => Outcome::Accepted,
            Some(value) => {
                // The check may use a different string than the one written
                // only when it says so: trimming, or taking the address out
                // of words around it (a display name, a comment, `mailto:`),
                // and the value is then one it accepts exactly as written.
                let trimmed_only = value == case.address.trim() && result.has(Code::EmailTrimmed);
                let unwrapped = (result.has(Code::EmailDisplayName)
                    || result.has(Code::EmailMailto))
                    && check_email(value).value.as_deref() == Some(value);
                assert!(
                    trimmed_only || unwrapped,
                    "{}: {:?} accepted as {value:?}, which is neither trimming nor unwrapping",
                    case.id,
                    case.address
                );
                if let Some(false) = by_address.get(value) {
                    failures.push(format!(
                        "{}: {:?} trimmed to {value:?}, which the suite rejects",
                        case.id, case.address
                    ));
                }
                Outcome::AcceptedTrimmed
            }
            None => Outcome::Rejected,
        };
        let expected_accept = should_accept(case);
        let agrees = if expected_accept {
            outcome == Outcome::Accepted
        } else {
            outcome != Outcome::Accepted
        };
        let listed = EXPECTED_DEVIATIONS.iter().find(|(id, _)| *id == case.id);
        match (agrees, listed) {
            (true, None) => {
                if expected_accept {
                    accepted += 1;
                } else {
                    rejected += 1;
                    trimmed += usize::from(outcome == Outcome::AcceptedTrimmed);
                    no_dot += usize::from(ACCEPTED_CATEGORIES.contains(&case.category.as_str()));
                }
            }
            (true, Some((id, reason))) => failures.push(format!(
                "{id}: listed as a deviation ({reason}) but the check now agrees with the suite; \
                 remove it from EXPECTED_DEVIATIONS"
            )),
            (false, Some(_)) => deviations.push(case.id.as_str()),
            (false, None) => failures.push(format!(
                "{}: {:?} ({}) should be {} but is {:?}, codes {:?}",
                case.id,
                case.address,
                case.category,
                if expected_accept {
                    "accepted"
                } else {
                    "rejected"
                },
                outcome,
                result.codes()
            )),
        }
    }

    println!(
        "isemail suite: {} cases, {accepted} accepted as expected, {rejected} rejected as expected \
         (of which {trimmed} accepted only once trimmed, {no_dot} valid but with a dotless domain), \
         {} expected deviations {deviations:?}",
        cases.len(),
        deviations.len(),
    );
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// What the oracle says a sign-in form should do with a case.
fn should_accept(case: &Case) -> bool {
    let domain_has_dot = case
        .address
        .rsplit_once('@')
        .is_some_and(|(_, domain)| domain.contains('.'));
    ACCEPTED_CATEGORIES.contains(&case.category.as_str()) && domain_has_dot
}

/// Reads the `<test id="…">` elements: their `<address>` (possibly `<address/>`)
/// and `<category>`. The file is simple enough for string search.
fn parse_suite(xml: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut rest = xml;
    while let Some(start) = rest.find("<test id=") {
        let after = &rest[start..];
        let end = after.find("</test>").unwrap_or_else(|| {
            panic!(
                "unclosed <test>: {}",
                after.chars().take(40).collect::<String>()
            )
        });
        let block = &after[..end];
        let id = between(block, "id=\"", "\"")
            .expect("a test id")
            .to_string();
        let address = if block.contains("<address/>") {
            String::new()
        } else {
            let raw = between(block, "<address>", "</address>")
                .unwrap_or_else(|| panic!("test {id} has no <address>"));
            decode(raw).unwrap_or_else(|error| panic!("test {id}: {error}"))
        };
        let category = between(block, "<category>", "</category>")
            .unwrap_or_else(|| panic!("test {id} has no <category>"))
            .to_string();
        cases.push(Case {
            id,
            address,
            category,
        });
        rest = &after[end..];
    }
    cases
}

fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let len = text[start..].find(close)?;
    Some(&text[start..start + len])
}

/// Decodes XML entities, then maps the suite's stand-ins for control
/// characters (U+2400 + n, "SYMBOL FOR …") back to the characters themselves.
fn decode(raw: &str) -> Result<String, String> {
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let entity_end = rest[amp..]
            .find(';')
            .ok_or_else(|| format!("unterminated entity in {raw:?}"))?;
        let entity = &rest[amp + 1..amp + entity_end];
        let c = match entity {
            "amp" => '&',
            "lt" => '<',
            "gt" => '>',
            "quot" => '"',
            "apos" => '\'',
            _ => {
                let code = if let Some(hex) = entity.strip_prefix("#x") {
                    u32::from_str_radix(hex, 16)
                } else if let Some(dec) = entity.strip_prefix('#') {
                    dec.parse()
                } else {
                    return Err(format!("unknown entity &{entity}; in {raw:?}"));
                };
                code.ok()
                    .and_then(char::from_u32)
                    .ok_or_else(|| format!("bad character reference &{entity}; in {raw:?}"))?
            }
        };
        out.push(c);
        rest = &rest[amp + entity_end + 1..];
    }
    out.push_str(rest);
    Ok(out
        .chars()
        .map(|c| match u32::from(c) {
            n @ 0x2400..=0x241F => char::from_u32(n - 0x2400).unwrap_or(c),
            _ => c,
        })
        .collect())
}

#[test]
fn decoding_maps_entities_and_control_pictures() {
    assert_eq!(decode("a&amp;b&lt;&gt;&quot;&apos;").unwrap(), "a&b<>\"'");
    assert_eq!(decode("&#x2407;&#x240D;&#x240A;").unwrap(), "\u{7}\r\n");
    assert_eq!(decode("&#65;&#x41;\u{2400}").unwrap(), "AA\u{0}");
    assert!(decode("&bogus;").is_err());
    assert!(decode("&amp").is_err());
}
