//! Calendar dates: the token's expiry, and today's date, which the rules take
//! as an input so that they stay pure (the wasm layer passes the browser's
//! date; tests pass fixed dates).

use serde::Serialize;

use crate::diagnostic::{concat, say, Code, FieldResult};
use crate::text::{decimal, longer_than};

/// A day in the proleptic Gregorian calendar, as ISO 8601 writes it
/// (`YYYY-MM-DD`, RFC 3339 §5.6 `full-date`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

impl Date {
    /// 1970-01-01.
    pub const EPOCH: Date = Date {
        year: 1970,
        month: 1,
        day: 1,
    };

    /// A date from its parts; `None` unless it exists (`2026-02-29` does not).
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        if year >= 1 && day >= 1 && day <= days {
            Some(Date { year, month, day })
        } else {
            None
        }
    }

    /// Reads exactly `YYYY-MM-DD` (RFC 3339 `full-date`), after trimming.
    pub fn parse(text: &str) -> Option<Date> {
        let text = text.trim();
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes.get(4) != Some(&b'-') || bytes.get(7) != Some(&b'-') {
            return None;
        }
        let number = |range: core::ops::Range<usize>| -> Option<u16> {
            let part = text.get(range)?;
            if !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            part.parse().ok()
        };
        let year = number(0..4)?;
        let month = u8::try_from(number(5..7)?).ok()?;
        let day = u8::try_from(number(8..10)?).ok()?;
        Date::new(year, month, day)
    }

    /// Days since 1970-01-01 (negative before): "days from civil", Howard
    /// Hinnant, "chrono-Compatible Low-Level Date Algorithms".
    pub fn days_since_epoch(self) -> i64 {
        let (year, month, day) = (
            i64::from(self.year),
            i64::from(self.month),
            i64::from(self.day),
        );
        let y = if month <= 2 { year - 1 } else { year };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (month + 9) % 12;
        let doy = (153 * mp + 2) / 5 + day - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }

    /// `YYYY-MM-DD`.
    pub fn iso(self) -> String {
        let mut out = String::with_capacity(10);
        push_digits(&mut out, u32::from(self.year), 4);
        out.push('-');
        push_digits(&mut out, u32::from(self.month), 2);
        out.push('-');
        push_digits(&mut out, u32::from(self.day), 2);
        out
    }

    /// "12 May 2026", as the messages write dates.
    pub fn spoken(self) -> String {
        const MONTHS: [&str; 12] = [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ];
        let month = MONTHS
            .get(usize::from(self.month).saturating_sub(1))
            .copied()
            .unwrap_or("");
        concat(&[
            &decimal(u64::from(self.day)),
            " ",
            month,
            " ",
            &decimal(u64::from(self.year)),
        ])
    }
}

impl From<Date> for String {
    fn from(date: Date) -> String {
        date.iso()
    }
}

fn push_digits(out: &mut String, value: u32, width: u32) {
    for place in (0..width).rev() {
        let digit = (value / 10u32.pow(place)) % 10;
        out.push(char::from_digit(digit, 10).unwrap_or('0'));
    }
}

/// Atlassian lets a person choose an API token's expiry 1 to 365 days ahead
/// (Atlassian support, "Manage API tokens for your Atlassian account").
pub const MAX_TOKEN_DAYS: i64 = 365;

/// The longest input read as a date; a paste longer than this is refused
/// unread.
pub const MAX_DATE_CHARS: usize = 64;

/// Checks the token's expiry date, an optional input: empty is fine.
/// `value` is the date as `YYYY-MM-DD`.
pub fn check_expiry(input: &str, today: Date) -> FieldResult {
    let text = input.trim();
    if text.is_empty() {
        return FieldResult::absent();
    }
    if longer_than(text, MAX_DATE_CHARS) {
        return FieldResult::rejected(say!(
            error,
            Code::TooLong,
            "This is far longer than a date: give the expiry date you chose when you created the \
             token, as YYYY-MM-DD.",
        ));
    }
    let Some(date) = Date::parse(text) else {
        return FieldResult::rejected(say!(error,
            Code::ExpiryInvalid,
            "This is not a date: give the expiry date you chose when you created the token, as YYYY-MM-DD \
             (for example 2027-03-31).",
        ));
    };
    let days = today.days_until(date);
    let mut diagnostics = Vec::new();
    if days < 0 {
        diagnostics.push(say!(
            error,
            Code::ExpiryPast,
            concat(&[
                "This date has passed, so the token has expired: create a new one at \
                 https://id.atlassian.com/manage-profile/security/api-tokens (it expired on ",
                &date.spoken(),
                ").",
            ]),
        ));
    } else if days == 0 {
        diagnostics.push(say!(warning,
            Code::ExpiryToday,
            "The token expires today: Tines' calls will fail from tomorrow. Create a new token and use that \
             one instead.",
        ));
    } else if days > MAX_TOKEN_DAYS {
        diagnostics.push(say!(warning,
            Code::ExpiryFar,
            "Atlassian API tokens last at most 365 days (Atlassian's ceiling: your organisation's \
             admins may allow less), so this date is later than the token can last: check the expiry \
             date shown next to the token in your Atlassian account.",
        ));
    }
    FieldResult::new(Some(date.iso()), diagnostics)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_only_real_dates() {
        assert_eq!(Date::parse("2026-05-12"), Date::new(2026, 5, 12));
        assert_eq!(Date::parse(" 2028-02-29 "), Date::new(2028, 2, 29));
        for bad in [
            "2026-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-1-01",
            "26-01-01",
            "2026/01/01",
            "+026-01-01",
            "2026-01-1a",
            "0000-01-01",
            "",
            "٢٠٢٦-٠١-٠١",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn counts_days_across_years() {
        let day = |s| Date::parse(s).unwrap();
        assert_eq!(day("1970-01-01").days_since_epoch(), 0);
        assert_eq!(day("2000-03-01").days_since_epoch(), 11_017);
        assert_eq!(day("2026-05-12").days_until(day("2026-12-01")), 203);
        assert_eq!(day("2026-12-01").days_until(day("2027-12-01")), 365);
        assert_eq!(day("2027-12-01").days_until(day("2028-12-01")), 366);
        assert_eq!(day("2026-12-01").iso(), "2026-12-01");
        assert_eq!(day("2026-05-12").spoken(), "12 May 2026");
    }
}
