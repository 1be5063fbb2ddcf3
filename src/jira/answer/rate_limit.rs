//! A 429, from Jira or from the relay: which limit was hit, and how long to
//! wait (`Retry-After`, `X-RateLimit-Reset`).

use super::{step_message, Response, Step};
use crate::diagnostic::concat;
use crate::jira::{Outcome, Verification};
use crate::route::Route;
use crate::text::decimal;
use crate::text::find;

/// Jira's 429 (Atlassian, "Rate limiting", Jira Cloud REST API): `RateLimit-Reason` names the
/// limit that was hit (`jira-burst-based`, `jira-quota-tenant-based`, `jira-quota-global-based`,
/// `jira-per-issue-on-write`), and `X-RateLimit-Reset` says when its window resets (ISO 8601).
pub(super) fn rate_limited(step: Step, route: Route, response: &Response) -> Verification {
    let reason = response.header("RateLimit-Reason").unwrap_or_default();
    let which = if find(reason, "burst").is_some() {
        "Jira's burst limit was hit (too many calls in a few seconds from this account or network): "
    } else if find(reason, "per-issue").is_some() {
        "Jira's limit on changes to one issue was hit: "
    } else if find(reason, "quota").is_some() {
        "the site's hourly quota of Jira API calls is used up: "
    } else {
        "Jira is limiting how often this account or network may call it: "
    };
    let who = step_message(step, &[which]);
    let mut v = limited(route, 429, &who, retry_after(response));
    if let Some(reset) = response.header("X-RateLimit-Reset").and_then(reset_time) {
        v.message.push_str(" The limit resets at ");
        v.message.push_str(&reset);
        v.message.push('.');
    }
    v
}

/// `HH:MM UTC on YYYY-MM-DD` from an ISO 8601 `X-RateLimit-Reset` such as
/// `2026-12-01T10:00Z`; `None` for anything else (it is never echoed as sent).
fn reset_time(value: &str) -> Option<String> {
    let v = value.trim().as_bytes();
    // Only a time in UTC (`Z`), so that "UTC" below is true.
    let shaped = v.len() >= 16
        && v.last() == Some(&b'Z')
        && v.iter().take(16).enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            10 => *b == b'T',
            13 => *b == b':',
            _ => b.is_ascii_digit(),
        });
    if !shaped {
        return None;
    }
    let text = value.trim();
    Some(concat(&[text.get(11..16)?, " UTC on ", text.get(..10)?]))
}

/// A 429, whoever is limiting: `who` opens the message, the wait ends it.
pub(super) fn limited(route: Route, status: u16, who: &str, retry: Option<u64>) -> Verification {
    let wait = match retry {
        Some(seconds) => wait_phrase(seconds),
        None => String::from("wait a minute"),
    };
    let mut v = Verification::new(
        Outcome::RateLimited,
        route,
        Some(status),
        concat(&[who, &wait, " and try again."]),
    );
    v.retry_after_seconds = retry;
    v
}

/// `Retry-After` as delta-seconds (RFC 9110 §10.2.3), which is what Atlassian
/// sends ("Rate limiting": "how many seconds the app must wait"). An
/// HTTP-date, or anything else, gives `None` and a generic wait.
pub(super) fn retry_after(response: &Response) -> Option<u64> {
    parse_delta_seconds(response.header("Retry-After")?)
}

fn parse_delta_seconds(value: &str) -> Option<u64> {
    let digits = value.trim_matches([' ', '\t']);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.bytes().try_fold(0u64, |n, b| {
        n.checked_mul(10)?.checked_add(u64::from(b - b'0'))
    })
}

/// "wait 30 seconds", "wait 2 minutes", "wait 3 hours": rounded up.
fn wait_phrase(seconds: u64) -> String {
    let (amount, unit, units) = if seconds < 120 {
        (seconds, " second", " seconds")
    } else if seconds < 2 * 3600 {
        (seconds.div_ceil(60), " minute", " minutes")
    } else {
        (seconds.div_ceil(3600), " hour", " hours")
    };
    if amount == 0 {
        return String::from("wait a moment");
    }
    concat(&[
        "wait ",
        &decimal(amount),
        if amount == 1 { unit } else { units },
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delta_seconds_only() {
        const CASES: &[(&str, Option<u64>)] = &[
            ("30", Some(30)),
            (" 30\t", Some(30)),
            ("0", Some(0)),
            ("18446744073709551615", Some(u64::MAX)),
            ("18446744073709551616", None), // overflow
            ("", None),
            ("-5", None),
            ("+5", None),
            ("1.5", None),
            ("30, 60", None),
            ("Wed, 21 Oct 2015 07:28:00 GMT", None),
            ("١٢", None), // Arabic-Indic digits are not DIGIT
        ];
        for &(input, expected) in CASES {
            assert_eq!(parse_delta_seconds(input), expected, "{input:?}");
        }
    }

    #[test]
    fn waits_read_naturally() {
        const CASES: &[(u64, &str)] = &[
            (0, "wait a moment"),
            (1, "wait 1 second"),
            (30, "wait 30 seconds"),
            (119, "wait 119 seconds"),
            (120, "wait 2 minutes"),
            (121, "wait 3 minutes"),
            (3600, "wait 60 minutes"),
            (7200, "wait 2 hours"),
            (u64::MAX, "wait 5124095576030432 hours"),
        ];
        for &(seconds, text) in CASES {
            assert_eq!(wait_phrase(seconds), text);
        }
    }
}
