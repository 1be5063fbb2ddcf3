//! Small string helpers for the checks, written to keep the wasm module
//! small (STYLE.md, "Small by construction").
//!
//! The splits take an ASCII byte rather than a `char` pattern: the standard
//! `char` searcher carries a formatted slice-index panic, and one formatted
//! panic anywhere links the whole formatting machinery into the module. An
//! ASCII byte never occurs inside a multi-byte character, so every position
//! found here is a character boundary, and `str::get` never fails on it.

/// `text` split at the first `separator` (an ASCII byte), like
/// `str::split_once` with a `char`.
pub(crate) fn split_once(text: &str, separator: u8) -> Option<(&str, &str)> {
    let at = text.bytes().position(|b| b == separator)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// `text` split at the last `separator` (an ASCII byte), like
/// `str::rsplit_once` with a `char`.
pub(crate) fn rsplit_once(text: &str, separator: u8) -> Option<(&str, &str)> {
    let at = text.bytes().rposition(|b| b == separator)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// What comes before the first `separator`, or all of `text`: like
/// `text.split(c).next()`.
pub(crate) fn first_piece(text: &str, separator: u8) -> &str {
    split_once(text, separator).map_or(text, |(first, _)| first)
}

/// What comes after the last `separator`, or all of `text`: like
/// `text.rsplit(c).next()`.
pub(crate) fn last_piece(text: &str, separator: u8) -> &str {
    rsplit_once(text, separator).map_or(text, |(_, last)| last)
}

/// The pieces of `text` between `separator`s, empty ones included: like
/// `str::split` with a `char`.
pub(crate) fn pieces(text: &str, separator: u8) -> Pieces<'_> {
    Pieces {
        rest: Some(text),
        separator,
    }
}

/// The iterator of [`pieces`].
pub(crate) struct Pieces<'a> {
    rest: Option<&'a str>,
    separator: u8,
}

impl<'a> Iterator for Pieces<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match split_once(rest, self.separator) {
            Some((piece, after)) => {
                self.rest = Some(after);
                Some(piece)
            }
            None => {
                self.rest = None;
                Some(rest)
            }
        }
    }
}

/// True when `text` has a character that `char::is_whitespace` accepts.
///
/// Bytes first: these scans run on every keystroke, and decoding characters
/// costs several times a byte test in the module (measured), while every
/// input that is ASCII (nearly all of them) needs no decoding. Every
/// non-ASCII whitespace character is outside ASCII, so the character scan is
/// only needed when there is a byte outside it.
pub(crate) fn has_whitespace(text: &str) -> bool {
    // U+0009..U+000D and U+0020: the ASCII part of Unicode's White_Space
    // (`u8::is_ascii_whitespace` leaves out U+000B).
    text.bytes().any(|b| matches!(b, b'\t'..=b'\r' | b' '))
        || (!text.is_ascii() && text.chars().any(char::is_whitespace))
}

/// The first character of `text` outside ASCII, found by bytes (see
/// [`has_whitespace`]).
pub(crate) fn first_non_ascii(text: &str) -> Option<char> {
    let at = text.bytes().position(|b| !b.is_ascii())?;
    text.get(at..)?.chars().next()
}

/// `text` without the bytes of `set` (ASCII) at its start.
pub(crate) fn trim_start_set<'a>(text: &'a str, set: &[u8]) -> &'a str {
    let start = text
        .bytes()
        .position(|b| !set.contains(&b))
        .unwrap_or(text.len());
    text.get(start..).unwrap_or("")
}

/// `text` without the bytes of `set` (ASCII) at either end: like
/// `str::trim_matches` with a set of ASCII `char`s.
pub(crate) fn trim_set<'a>(text: &'a str, set: &[u8]) -> &'a str {
    let text = trim_start_set(text, set);
    let end = text
        .bytes()
        .rposition(|b| !set.contains(&b))
        .map_or(0, |last| last + 1);
    text.get(..end).unwrap_or("")
}

/// Where `needle` first occurs in `haystack`. A plain window scan: the
/// inputs are short, and `str::find` with a string pattern brings the
/// Two-Way searcher (some kilobytes) into the module.
pub(crate) fn find_str(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    if needle.is_empty() {
        return Some(0);
    }
    // Comparing the first byte before the whole window keeps the slice
    // comparison (a call per window) for the few candidates.
    let first = needle.first();
    haystack
        .as_bytes()
        .windows(needle.len())
        .position(|window| window.first() == first && window == needle)
}

/// `text` without `prefix`, comparing ASCII case-insensitively.
pub(crate) fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    // `get` is `None` when the length is not a character boundary.
    let head = text.get(..prefix.len())?;
    let tail = text.get(prefix.len()..)?;
    head.eq_ignore_ascii_case(prefix).then_some(tail)
}

/// A number in decimal, without the formatting machinery.
pub(crate) fn decimal(mut n: u64) -> String {
    let mut digits = [0u8; 20]; // u64::MAX has 20 digits
    let mut used = 0;
    for digit in digits.iter_mut().rev() {
        *digit = b'0' + (n % 10) as u8;
        used += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits
        .iter()
        .skip(digits.len() - used)
        .map(|&d| char::from(d))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SEPARATORS: &[u8] = b".@:/?";

    #[test]
    fn decimal_writes_every_digit() {
        for (n, text) in [
            (0, "0"),
            (7, "7"),
            (10, "10"),
            (429, "429"),
            (u64::MAX, "18446744073709551615"),
        ] {
            assert_eq!(decimal(n), text);
        }
    }

    #[test]
    fn whitespace_is_every_white_space_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = c.encode_utf8(&mut [0; 4]).to_owned();
            assert_eq!(has_whitespace(&text), c.is_whitespace(), "{c:?}");
        }
    }

    #[test]
    fn finds_strings() {
        assert_eq!(find_str("a..b", ".."), Some(1));
        assert_eq!(find_str("ab", "abc"), None);
        assert_eq!(find_str("", ""), Some(0));
        assert_eq!(find_str("x://y", "://"), Some(1));
    }

    proptest! {
        #[test]
        fn splits_as_the_standard_library_does(
            text in "[a.@:/?\u{e9}\u{1f600} ]{0,12}",
            index in 0..SEPARATORS.len(),
        ) {
            let byte = SEPARATORS[index];
            let c = char::from(byte);
            prop_assert_eq!(split_once(&text, byte), text.split_once(c));
            prop_assert_eq!(rsplit_once(&text, byte), text.rsplit_once(c));
            prop_assert_eq!(Some(first_piece(&text, byte)), text.split(c).next());
            prop_assert_eq!(Some(last_piece(&text, byte)), text.rsplit(c).next());
            prop_assert_eq!(
                pieces(&text, byte).collect::<Vec<_>>(),
                text.split(c).collect::<Vec<_>>()
            );
        }

        #[test]
        fn finds_as_the_standard_library_does(text in "[a.:/\u{e9}]{0,12}", needle in "[a.:/\u{e9}]{1,3}") {
            prop_assert_eq!(find_str(&text, &needle), text.find(needle.as_str()));
        }

        #[test]
        fn trims_as_the_standard_library_does(text in "[ \t/\\a\u{e9},;]{0,12}") {
            prop_assert_eq!(trim_start_set(&text, b"/\\"), text.trim_start_matches(['/', '\\']));
            prop_assert_eq!(trim_set(&text, b" \t"), text.trim_matches([' ', '\t']));
            prop_assert_eq!(trim_set(&text, b",;"), text.trim_matches([',', ';']));
        }

        #[test]
        fn whitespace_is_found_as_the_standard_library_finds_it(text in "[a\t\n\u{b}\u{c}\r \u{85}\u{a0}\u{e9}\u{2028}\u{3000}\u{200b}]{0,8}") {
            prop_assert_eq!(has_whitespace(&text), text.chars().any(char::is_whitespace));
        }

        #[test]
        fn finds_the_first_non_ascii_character(text in "[a.\u{7f}\u{80}\u{e9}\u{1f600}]{0,8}") {
            prop_assert_eq!(first_non_ascii(&text), text.chars().find(|c| !c.is_ascii()));
        }

        #[test]
        fn decimal_agrees_with_display(n in any::<u64>()) {
            prop_assert_eq!(decimal(n), n.to_string());
        }
    }
}
