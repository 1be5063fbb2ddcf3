//! The few string helpers the checks need beside the standard library's:
//! tests std has no single call for, a limit counted in characters, integers
//! in decimal, and a find and a split that do what std's do without the
//! string searcher and the slicing panic std's bring into the module (each
//! says why, and a property test holds it equal to std's).

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

/// Where `needle` first starts in `text`, as `text.find(needle)` says, by
/// comparing bytes. `str::find` with a string pattern brings core's
/// two-way searcher into the module, and with it the panic formatting of
/// string slicing (`slice_error_fail`, `char`'s `Debug`): 1.4 KB gzipped,
/// measured. The inputs searched here are short, so the plain scan costs
/// nothing a person could notice.
pub(crate) fn find(text: &str, needle: &str) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    text.as_bytes()
        .windows(needle.len())
        .position(|window| window == needle.as_bytes())
}

/// `text.split_once(marker)`, by [`find`].
pub(crate) fn split_once<'a>(text: &'a str, marker: &str) -> Option<(&'a str, &'a str)> {
    let at = find(text, marker)?;
    Some((text.get(..at)?, text.get(at + marker.len()..)?))
}

/// `text` without `prefix`, comparing ASCII case-insensitively.
pub(crate) fn strip_prefix_ignore_case<'a>(text: &'a str, prefix: &str) -> Option<&'a str> {
    // `get` is `None` when the length is not a character boundary.
    let head = text.get(..prefix.len())?;
    let tail = text.get(prefix.len()..)?;
    head.eq_ignore_ascii_case(prefix).then_some(tail)
}

/// True when `text` has more than `max` characters (Unicode scalar values):
/// every input's limit counts characters, as people and the page's messages
/// do. Bytes first: a text of at most `max` bytes has at most `max`
/// characters, and a longer one is read only up to its `max + 1`-th.
pub(crate) fn longer_than(text: &str, max: usize) -> bool {
    text.len() > max && text.chars().nth(max).is_some()
}

/// `n` in decimal, as `n.to_string()` writes it, without the formatting
/// machinery `Display` brings into the module.
pub(crate) fn decimal(mut n: u64) -> String {
    let mut digits = Vec::new();
    loop {
        digits.push(b'0' + (n % 10) as u8);
        n /= 10;
        if n == 0 {
            break;
        }
    }
    digits.iter().rev().map(|&d| char::from(d)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn whitespace_is_every_white_space_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = c.encode_utf8(&mut [0; 4]).to_owned();
            assert_eq!(has_whitespace(&text), c.is_whitespace(), "{c:?}");
        }
    }

    #[test]
    fn prefix_comparison_never_splits_a_character() {
        assert_eq!(strip_prefix_ignore_case("BASIC x", "basic"), Some(" x"));
        assert_eq!(strip_prefix_ignore_case("ba\u{e9}", "basic"), None);
        assert_eq!(strip_prefix_ignore_case("basi\u{e9}x", "basic"), None);
        assert_eq!(strip_prefix_ignore_case("", "basic"), None);
    }

    #[test]
    fn decimal_writes_the_ends_of_the_range() {
        assert_eq!(decimal(0), "0");
        assert_eq!(decimal(10), "10");
        assert_eq!(decimal(u64::MAX), u64::MAX.to_string());
    }

    proptest! {
        #[test]
        fn whitespace_is_found_as_the_standard_library_finds_it(text in "[a\t\n\u{b}\u{c}\r \u{85}\u{a0}\u{e9}\u{2028}\u{3000}\u{200b}]{0,8}") {
            prop_assert_eq!(has_whitespace(&text), text.chars().any(char::is_whitespace));
        }

        #[test]
        fn longer_than_counts_characters(text in "[a\u{e9}\u{65e5}\u{1f600}]{0,12}", max in 0usize..14) {
            prop_assert_eq!(longer_than(&text, max), text.chars().count() > max);
        }

        #[test]
        fn decimal_is_to_string(n in any::<u64>()) {
            prop_assert_eq!(decimal(n), n.to_string());
        }

        #[test]
        fn find_and_split_once_are_the_standard_librarys(text in "[a.:/{}\u{e9}\u{1f600}]{0,12}", needle in "[a.:/{}\u{e9}]{0,3}") {
            prop_assert_eq!(find(&text, &needle), text.find(needle.as_str()));
            prop_assert_eq!(split_once(&text, &needle), text.split_once(needle.as_str()));
        }

        #[test]
        fn finds_the_first_non_ascii_character(text in "[a.\u{7f}\u{80}\u{e9}\u{1f600}]{0,8}") {
            prop_assert_eq!(first_non_ascii(&text), text.chars().find(|c| !c.is_ascii()));
        }
    }
}
