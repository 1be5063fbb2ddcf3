//! The daily check's three optional inputs: the address to notify, the time
//! of day and the time zone of the story that checks the credential every day
//! (issue 29). Empty means the default: no story without an address; 09:00;
//! the browser's time zone.

use crate::diagnostic::{concat, say, Code, FieldResult};
use crate::text::{decimal, longer_than};

use super::check_email;

/// A time of day is `HH:MM`; anything this long is not one.
pub const MAX_TIME_CHARS: usize = 16;
/// The longest IANA time zone name is 32 characters
/// (`America/Argentina/ComodRivadavia`); twice that is refused unread.
pub const MAX_ZONE_CHARS: usize = 64;

/// The time of day the story runs when none is given.
pub const DEFAULT_TIME: (u8, u8) = (9, 0);

/// Checks the address the daily story emails when the credential fails: an
/// optional input, checked as the account email is (a display name around it
/// is read, with the same suggestion).
pub fn check_notify_email(input: &str) -> FieldResult {
    if input.trim().is_empty() {
        return FieldResult::absent();
    }
    check_email(input)
}

/// Checks a time of day, `HH:MM` on a 24-hour clock (`9:05` is read as
/// `09:05`). `value` is `HH:MM`.
pub fn check_time(input: &str) -> FieldResult {
    let text = input.trim();
    if text.is_empty() {
        return FieldResult::absent();
    }
    if longer_than(text, MAX_TIME_CHARS) {
        return FieldResult::rejected(say!(
            error,
            Code::TooLong,
            "This is far longer than a time of day: give it as HH:MM, such as 09:00.",
        ));
    }
    match parse_time(text) {
        Some((hour, minute)) => FieldResult::new(Some(time_text(hour, minute)), Vec::new()),
        None => FieldResult::rejected(say!(
            error,
            Code::TimeInvalid,
            "Give the time of day on a 24-hour clock, as HH:MM, such as 09:00 or 17:30.",
        )),
    }
}

/// `H:MM` or `HH:MM`, hours 0 to 23, minutes 0 to 59.
pub fn parse_time(text: &str) -> Option<(u8, u8)> {
    let (hour, minute) = text.split_once(':')?;
    let digits = |part: &str, most: u8, widths: &[usize]| -> Option<u8> {
        if !widths.contains(&part.len()) || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        part.parse::<u8>().ok().filter(|n| *n <= most)
    };
    Some((digits(hour, 23, &[1, 2])?, digits(minute, 59, &[2])?))
}

/// `HH:MM`.
pub fn time_text(hour: u8, minute: u8) -> String {
    let two = |n: u8| {
        let text = decimal(u64::from(n));
        if n < 10 {
            concat(&["0", &text])
        } else {
            text
        }
    };
    concat(&[&two(hour), ":", &two(minute)])
}

/// Checks an IANA time zone name as the tz database writes them (tz-link,
/// "Theory and pragmatics of the tz code and data", "Names of timezones"):
/// `UTC`, or parts joined by `/` such as `Europe/Dublin` and
/// `America/Argentina/Buenos_Aires`, each part of ASCII letters, digits, `_`,
/// `-` and `+`, starting with a letter, at most 14 characters. Whether the
/// name is one Tines knows is not something the page can see: it says so.
pub fn check_time_zone(input: &str) -> FieldResult {
    let text = input.trim();
    if text.is_empty() {
        return FieldResult::absent();
    }
    if longer_than(text, MAX_ZONE_CHARS) {
        return FieldResult::rejected(say!(
            error,
            Code::TooLong,
            "This is far longer than a time zone's name: give one such as Europe/Dublin.",
        ));
    }
    let part_ok = |part: &str| {
        (1..=14).contains(&part.len())
            && part.bytes().next().is_some_and(|b| b.is_ascii_alphabetic())
            && part
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'+'))
    };
    if text.split('/').all(part_ok) {
        FieldResult::new(Some(String::from(text)), Vec::new())
    } else {
        FieldResult::rejected(say!(error,
            Code::TimeZoneInvalid,
            "Give a time zone's name from the tz database, such as Europe/Dublin, America/New_York \
             or UTC.",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_of_day() {
        for (input, value) in [
            ("09:00", Some("09:00")),
            ("9:05", Some("09:05")),
            (" 23:59 ", Some("23:59")),
            ("00:00", Some("00:00")),
            ("24:00", None),
            ("12:60", None),
            ("12:5", None),
            ("9am", None),
            ("123:00", None),
            ("", None),
        ] {
            assert_eq!(check_time(input).value.as_deref(), value, "{input}");
        }
        assert!(check_time("").ok);
        assert!(!check_time("9am").ok);
    }

    #[test]
    fn time_zones() {
        for zone in [
            "UTC",
            "Europe/Dublin",
            "America/Argentina/Buenos_Aires",
            "America/Port-au-Prince",
            "Etc/GMT+5",
        ] {
            assert_eq!(check_time_zone(zone).value.as_deref(), Some(zone));
        }
        for zone in [
            "Europe/",
            "/UTC",
            "Europe Dublin",
            "Europe/Dub\"lin",
            "1/2",
            "Ümea",
        ] {
            assert!(!check_time_zone(zone).ok, "{zone}");
        }
        assert!(check_time_zone("").ok);
    }
}
