//! The account email: the address the person signs in to Atlassian with. Jira
//! Cloud's Basic authentication takes it as the user name, with the API token
//! as the password (Atlassian, "Basic auth for REST APIs").
//!
//! The syntax is the WHATWG "valid email address" (HTML Standard, §4.10.5.1.5
//! "Email state (type=email)"): the address a browser's own `<input
//! type=email>` accepts. A sign-in address is never one of the exotic forms
//! that syntax still allows, so it is tightened: the domain needs a dot and a
//! last label that is not all digits, the local part has no leading, trailing
//! or doubled dot, the lengths stay within RFC 5321, and it is ASCII only.
//!
//! The rules decide *whether* an address is valid without building a string;
//! messages and suggestions are made only for an invalid address, so a valid
//! one costs a few scans per keystroke and no formatting.

use crate::diagnostic::{concat, say, Code, Diagnostic, FieldResult};
use crate::route::is_service_account;
use crate::text::find;
use crate::text::{first_non_ascii, has_whitespace, longer_than, strip_prefix_ignore_case};

/// The local-part characters besides ASCII letters and digits (WHATWG "valid
/// email address": `1*( ALPHA / DIGIT / "." / "!" / "#" / ... / "-" )`).
/// The apostrophe stays valid (`o'brien@acme.com`); the outputs quote it.
const LOCAL_SYMBOLS: &[u8] = b".!#$%&'*+/=?^_`{|}~-";

/// RFC 5321 §4.5.3.1.3 caps a path at 256 octets including the angle
/// brackets, so an address at 254 (RFC 3696 erratum 1690).
const MAX_ADDRESS: usize = 254;
/// RFC 5321 §4.5.3.1.1.
const MAX_LOCAL: usize = 64;
/// RFC 1034 §3.1, repeated by WHATWG's `label` rule.
const MAX_LABEL: usize = 63;

/// Hosts that are Jira sites, not mail domains: pasted into the email field
/// when the site was meant (docs/architecture.md, "Site").
const SITE_SUFFIXES: &[&str] = &[".atlassian.net", ".jira.com"];

/// Quotes people paste around a whole address: JSON and CSV (the credential's
/// own metadata is JSON), shells, and chat apps' typographic quotes.
const QUOTE_PAIRS: &[(char, char)] = &[
    ('"', '"'),
    ('\'', '\''),
    ('`', '`'),
    ('\u{201C}', '\u{201D}'),
    ('\u{2018}', '\u{2019}'),
];

/// Invisible characters that ride along when an address is copied from a web
/// page or chat (zero-width space and joiners, word joiner, byte-order mark,
/// soft hyphen). `str::trim` keeps them: they are not Unicode White_Space.
const INVISIBLE: &[char] = &[
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{AD}',
];

/// Characters trimmed off a word before it is tried as an address on its own:
/// list separators and the parentheses of `jane@acme.com (Jane Doe)`.
const WORD_PUNCTUATION: &[char] = &[',', ';', '(', ')', '"'];

/// Marks that end a word leading into an address: `Email: jane@acme.com`,
/// `Doe, Jane, jane@acme.com`, `"Jane" jane@acme.com`.
const LEAD_IN_ENDINGS: &[u8] = b":,;\")";

/// Checks the account's sign-in email. The value is the trimmed address, with
/// its case kept as typed.
pub fn check_email(input: &str) -> FieldResult {
    if longer_than(input, MAX_EMAIL_INPUT) {
        return FieldResult::rejected(say!(error,
            Code::TooLong,
            "This is far longer than an email address (at most 254 characters): type only the address you sign in to Atlassian with.",
        ));
    }
    let mut result = check_trimmed(input);
    result.keep_suggestions(is_valid);
    result
}

/// Past this, the field is "too long" without being read further, so that a
/// pasted megabyte never stalls typing: room for a 254-character address
/// with a display name or `mailto:` around it.
pub const MAX_EMAIL_INPUT: usize = 512;

fn check_trimmed(input: &str) -> FieldResult {
    let address = input.trim();
    if address.is_empty() {
        return FieldResult::rejected(say!(
            error,
            Code::EmailEmpty,
            "Type the email address you sign in to Atlassian with.",
        ));
    }
    let mut diagnostics = Vec::new();
    if address.len() != input.len() {
        diagnostics.push(say!(
            info,
            Code::EmailTrimmed,
            "Spaces and line breaks around the address were removed.",
        ));
    }
    match first_problem(address) {
        Some(problem) => {
            let diagnostic = explain(address, problem);
            // Where the intended address is unambiguous (a display name or
            // quotes around it, a `mailto:` link), use it and say so.
            if let (Code::EmailDisplayName | Code::EmailMailto, Some(inner)) =
                (diagnostic.code, diagnostic.suggestion.as_deref())
            {
                let used = check_trimmed(inner);
                if used.ok {
                    let mut notes = vec![say!(
                        info,
                        diagnostic.code,
                        concat(&["Used the address ", inner, " from what you pasted."]),
                    )];
                    notes.extend(
                        used.diagnostics
                            .into_iter()
                            .filter(|d| d.code != Code::EmailTrimmed),
                    );
                    return FieldResult::new(used.value, notes);
                }
            }
            diagnostics.push(diagnostic);
        }
        None if is_service_account(address) => diagnostics.push(say!(
            info,
            Code::EmailServiceAccount,
            "This is an Atlassian service account: it only has scoped API tokens, \
             so the check goes through api.atlassian.com instead of your site.",
        )),
        None => {}
    }
    FieldResult::new(Some(address.to_string()), diagnostics)
}

/// The first rule a (trimmed) address breaks, in the order the messages are
/// most useful in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Problem {
    NoAt,
    MultipleAt,
    Whitespace,
    NonAscii(char),
    LocalEmpty,
    DomainEmpty,
    LocalChar(char),
    LocalDot,
    LocalTooLong,
    AddressLiteral,
    DomainChar(char),
    DomainEmptyLabel,
    DomainTrailingDot,
    ShortTld,
    LabelTooLong,
    LabelHyphen,
    DomainNoDot,
    DomainNumeric,
    TooLong,
}

fn is_valid(address: &str) -> bool {
    first_problem(address).is_none()
}

fn first_problem(address: &str) -> Option<Problem> {
    let Some((local, domain)) = address.split_once('@') else {
        return Some(Problem::NoAt);
    };
    if domain.as_bytes().contains(&b'@') {
        return Some(Problem::MultipleAt);
    }
    if has_whitespace(address) {
        return Some(Problem::Whitespace);
    }
    // WHATWG's grammar is ASCII; so is every sign-in address Atlassian shows.
    if let Some(c) = first_non_ascii(address) {
        return Some(Problem::NonAscii(c));
    }
    if local.is_empty() {
        return Some(Problem::LocalEmpty);
    }
    if domain.is_empty() {
        return Some(Problem::DomainEmpty);
    }
    // From here on the address is ASCII: bytes are characters.
    if let Some(b) = local.bytes().find(|&b| !is_local_byte(b)) {
        return Some(Problem::LocalChar(char::from(b)));
    }
    // WHATWG allows these dots; RFC 5322 §3.4.1 (dot-atom) does not, and no
    // mail provider hands out such an address.
    if local.starts_with('.') || local.ends_with('.') || find(local, "..").is_some() {
        return Some(Problem::LocalDot);
    }
    if local.len() > MAX_LOCAL {
        return Some(Problem::LocalTooLong);
    }
    // `[1.2.3.4]` is an RFC 5321 §4.1.3 address literal; WHATWG has none.
    if domain.starts_with('[') {
        return Some(Problem::AddressLiteral);
    }
    // WHATWG `label`: letters, digits and inner hyphens, separated by dots.
    if let Some(b) = domain
        .bytes()
        .find(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'.'))
    {
        return Some(Problem::DomainChar(char::from(b)));
    }
    if domain.starts_with('.') || find(domain, "..").is_some() {
        return Some(Problem::DomainEmptyLabel);
    }
    if domain.ends_with('.') {
        return Some(Problem::DomainTrailingDot);
    }
    for label in domain.split('.') {
        if label.len() > MAX_LABEL {
            return Some(Problem::LabelTooLong);
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Some(Problem::LabelHyphen);
        }
    }
    // A dotless domain is a local host name: no one signs in to Atlassian with it.
    if !domain.as_bytes().contains(&b'.') {
        return Some(Problem::DomainNoDot);
    }
    // An all-digit last label is an IPv4 address or no domain at all: top-level
    // domains are never numeric (RFC 3696 §2).
    let tld = domain.rsplit('.').next().unwrap_or_default();
    if tld.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Problem::DomainNumeric);
    }
    // No top-level domain has a single letter (IANA Root Zone Database);
    // validator.js's own suite rejects `z@co.c` too.
    if tld.len() == 1 {
        return Some(Problem::ShortTld);
    }
    if address.len() > MAX_ADDRESS {
        return Some(Problem::TooLong);
    }
    None
}

fn is_local_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || LOCAL_SYMBOLS.contains(&b)
}

/// The error for an invalid address: first the ways people paste something
/// other than a bare address, then the rule it breaks.
fn explain(address: &str, problem: Problem) -> Diagnostic {
    if let Some(diagnostic) = explain_paste(address) {
        return diagnostic;
    }
    match problem {
        Problem::NoAt => explain_no_at(address),
        Problem::MultipleAt => say!(error,
            Code::EmailMultipleAt,
            "This has more than one @; type a single address, the one you sign in to Atlassian with.",
        ),
        Problem::Whitespace => explain_whitespace(address),
        Problem::NonAscii(c) if INVISIBLE.contains(&c) => {
            let visible: String = address.chars().filter(|c| !INVISIBLE.contains(c)).collect();
            with_valid_suggestion(
                say!(error,
                    Code::EmailNonAscii,
                    "The address contains an invisible character, often copied from a web page or chat; remove it.",
                ),
                visible,
            )
        }
        Problem::NonAscii(c) => say!(error,
            Code::EmailNonAscii,
            concat(&[
                "The character \u{201C}",
                c.encode_utf8(&mut [0; 4]),
                "\u{201D} can't be used here; type the address with plain ASCII letters, digits and symbols.",
            ]),
        ),
        Problem::LocalEmpty => say!(error,
            Code::EmailLocalEmpty,
            "Add the part before the @, like jane in jane@acme.com.",
        ),
        Problem::DomainEmpty => say!(error,
            Code::EmailDomainEmpty,
            "Add the domain after the @, like acme.com in jane@acme.com.",
        ),
        Problem::LocalChar(c) => say!(error,
            Code::EmailLocalChar,
            char_message(c, "before the @ in an email address; remove it."),
        ),
        Problem::LocalDot => with_valid_suggestion(
            say!(error,
                Code::EmailLocalDot,
                "The part before the @ can't start or end with a dot or have two dots in a row.",
            ),
            tidy_dots(address, true),
        ),
        Problem::LocalTooLong => say!(error,
            Code::EmailLocalTooLong,
            "The part before the @ is longer than 64 characters, the most an email address allows.",
        ),
        Problem::AddressLiteral | Problem::DomainNumeric => say!(error,
            Code::EmailDomainNumeric,
            "Use the domain name after the @, like acme.com, not an IP address or a number.",
        ),
        Problem::DomainChar(c) => say!(error,
            Code::EmailDomainLabel,
            char_message(
                c,
                "in the domain after the @; use only letters, digits, hyphens and dots.",
            ),
        ),
        Problem::DomainEmptyLabel => with_valid_suggestion(
            say!(error,
                Code::EmailDomainLabel,
                "The domain after the @ can't start with a dot or have two dots in a row.",
            ),
            tidy_dots(address, false),
        ),
        Problem::DomainTrailingDot => with_valid_suggestion(
            say!(error,
                Code::EmailDomainLabel,
                "The address ends with a dot: finish the domain, like acme.com, or remove the dot.",
            ),
            tidy_dots(address, false),
        ),
        Problem::ShortTld => say!(error,
            Code::EmailShortTld,
            "No domain ends in a single letter after the last dot: check the end of the address, like acme.com.",
        ),
        Problem::LabelTooLong => say!(error,
            Code::EmailDomainLabel,
            "A part of the domain between dots is longer than 63 characters, the most a domain name allows.",
        ),
        Problem::LabelHyphen => say!(error,
            Code::EmailDomainLabel,
            "A part of the domain can't start or end with a hyphen.",
        ),
        Problem::DomainNoDot => say!(error,
            Code::EmailDomainNoDot,
            "The domain after the @ needs a dot, like acme.com; type your full sign-in address.",
        ),
        Problem::TooLong => say!(error,
            Code::EmailTooLong,
            "The address is longer than 254 characters, the most an email address allows.",
        ),
    }
}

/// Something other than a bare address was pasted: a `mailto:` link, a
/// display name, a quoted string, a web address.
fn explain_paste(address: &str) -> Option<Diagnostic> {
    // RFC 6068 §2: `mailto:<addr>?<headers>`.
    if let Some(rest) = strip_prefix_ignore_case(address, "mailto:") {
        let rest = rest.trim();
        // A bare `?` belongs to the address when the whole rest is one.
        let inner = if is_valid(rest) {
            rest
        } else {
            rest.split('?').next().unwrap_or_default()
        };
        return Some(with_valid_suggestion(
            say!(
                error,
                Code::EmailMailto,
                "Remove the mailto: at the start; type just the email address.",
            ),
            inner.to_string(),
        ));
    }
    // RFC 5322 §3.4 `name-addr`: `Jane Doe <jane@acme.com>`, as mail clients copy it.
    if let (Some(open), Some(close)) = (
        address.bytes().position(|b| b == b'<'),
        address.bytes().rposition(|b| b == b'>'),
    ) {
        if let Some(inner) = address.get(open + 1..close) {
            let inner = inner.trim();
            let inner = strip_prefix_ignore_case(inner, "mailto:").unwrap_or(inner);
            return Some(with_valid_suggestion(
                say!(
                    error,
                    Code::EmailDisplayName,
                    "Type just the email address, without the name around it.",
                ),
                inner.to_string(),
            ));
        }
    }
    for &(open, close) in QUOTE_PAIRS {
        if let Some(inner) = address
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
        {
            let inner = inner.trim();
            if is_valid(inner) {
                return Some(
                    say!(
                        error,
                        Code::EmailDisplayName,
                        "Remove the quotes around the address.",
                    )
                    .with_suggestion(inner),
                );
            }
        }
    }
    if let Some(scheme_end) = find(address, "://") {
        let rest = address.get(scheme_end + 3..).unwrap_or("");
        return Some(if is_site(host_of(rest)) {
            site_pasted()
        } else {
            say!(
                error,
                Code::EmailIsUrl,
                "This is a web address; type the email address you sign in to Atlassian with.",
            )
        });
    }
    None
}

fn explain_no_at(address: &str) -> Diagnostic {
    if is_site(host_of(address)) {
        return site_pasted();
    }
    if looks_like_a_name(address) {
        return say!(
            error,
            Code::EmailNoAt,
            "This looks like a name; type the email address you sign in to Atlassian with, \
             not your display name.",
        );
    }
    say!(error,
        Code::EmailNoAt,
        "An email address needs an @, like jane@acme.com; type the address you sign in to Atlassian with.",
    )
}

fn site_pasted() -> Diagnostic {
    say!(error,
        Code::EmailIsSite,
        "This is your Jira site, not an email: give the email address you sign in to Atlassian with.",
    )
}

/// Spaces inside: either words around an address (`jane@acme.com (Jane)`,
/// `Email: jane@acme.com`), or an address with stray spaces (`jane @acme.com`).
fn explain_whitespace(address: &str) -> Diagnostic {
    let mut previous: Option<&str> = None;
    for (index, word) in address.split_whitespace().enumerate() {
        let candidate = word.trim_matches(WORD_PUNCTUATION);
        let leads_in = previous.is_some_and(|p| {
            p.bytes()
                .last()
                .is_some_and(|b| LEAD_IN_ENDINGS.contains(&b))
        });
        // Only the first word, or one after a lead-in: in `jane doe@acme.com`,
        // `doe@acme.com` is not what was meant.
        if (index == 0 || leads_in) && is_valid(candidate) {
            return say!(
                error,
                Code::EmailDisplayName,
                "Type just the email address, without the name or other words around it.",
            )
            .with_suggestion(candidate);
        }
        previous = Some(word);
    }
    let diagnostic = say!(
        error,
        Code::EmailWhitespace,
        "Email addresses can't contain spaces; remove them.",
    );
    if spaces_are_stray(address) {
        let joined: String = address.chars().filter(|c| !c.is_whitespace()).collect();
        return with_valid_suggestion(diagnostic, joined);
    }
    diagnostic
}

/// True when every space is next to the `@` or a dot, or inside the domain:
/// joining the pieces then gives back the intended address. A space between
/// two words of the local part (`jane doe@…`) could have been a dot, an
/// underscore or nothing, so it gets no suggestion.
fn spaces_are_stray(address: &str) -> bool {
    let at = address
        .bytes()
        .position(|b| b == b'@')
        .unwrap_or(address.len());
    let mut before: Option<char> = None;
    let mut chars = address.char_indices().peekable();
    while let Some((index, c)) = chars.next() {
        if !c.is_whitespace() {
            before = Some(c);
            continue;
        }
        if index > at {
            continue;
        }
        while chars.next_if(|(_, next)| next.is_whitespace()).is_some() {}
        let after = chars.peek().map(|&(_, next)| next);
        let joins = |c: Option<char>| matches!(c, Some('@' | '.'));
        if !joins(before) && !joins(after) {
            return false;
        }
    }
    true
}

/// `.jane..doe.@acme.com` → `jane.doe@acme.com` (local part) or
/// `jane@.acme..com.` → `jane@acme.com` (domain): empty pieces between dots dropped.
fn tidy_dots(address: &str, local_part: bool) -> String {
    let Some((local, domain)) = address.split_once('@') else {
        return String::new();
    };
    let tidy = |part: &str| {
        let mut out = String::with_capacity(part.len());
        for piece in part.split('.').filter(|piece| !piece.is_empty()) {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(piece);
        }
        out
    };
    if local_part {
        concat(&[&tidy(local), "@", domain])
    } else {
        concat(&[local, "@", &tidy(domain)])
    }
}

fn with_valid_suggestion(diagnostic: Diagnostic, suggestion: String) -> Diagnostic {
    if is_valid(&suggestion) {
        diagnostic.with_suggestion(suggestion)
    } else {
        diagnostic
    }
}

/// `“(” can't be used <where>`, or a plain phrase for an invisible character.
fn char_message(c: char, place: &str) -> String {
    if c.is_control() {
        concat(&["A control character can't be used ", place])
    } else {
        concat(&[
            "\u{201C}",
            c.encode_utf8(&mut [0; 4]),
            "\u{201D} can't be used ",
            place,
        ])
    }
}

/// Letters, spaces, hyphens, apostrophes and dots, written like a name:
/// `Jane Doe`, `Jane`, `José García-López`.
fn looks_like_a_name(text: &str) -> bool {
    // Any non-ASCII character counts as a letter: this only picks the wording
    // of a message, and Unicode's letter and case tables would cost ~2.7 KB of
    // gzipped wasm (measured) for that.
    let letter = |c: char| c.is_ascii_alphabetic() || !c.is_ascii();
    let name_chars = text
        .chars()
        .all(|c| letter(c) || c.is_whitespace() || matches!(c, '-' | '\'' | '.'));
    let capitalised = text.chars().next().is_some_and(|c| c.is_ascii_uppercase());
    name_chars && text.chars().any(letter) && (capitalised || text.contains(char::is_whitespace))
}

/// The host of `host[:port][/path]`, without user-info.
fn host_of(text: &str) -> &str {
    let end = text
        .bytes()
        .position(|b| matches!(b, b'/' | b'?' | b'#'))
        .unwrap_or(text.len());
    let authority = text.get(..end).unwrap_or(text);
    let host = authority.rsplit('@').next().unwrap_or_default();
    host.split(':').next().unwrap_or_default()
}

fn is_site(host: &str) -> bool {
    let host = host.strip_suffix('.').unwrap_or(host);
    SITE_SUFFIXES.iter().any(|suffix| {
        host.len() > suffix.len()
            && host
                .get(host.len() - suffix.len()..)
                .is_some_and(|end| end.eq_ignore_ascii_case(suffix))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// (input, value, codes, suggestion of the first diagnostic)
    type Case = (
        &'static str,
        Option<&'static str>,
        &'static [Code],
        Option<&'static str>,
    );

    const A64: &str = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    const L63: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

    #[rustfmt::skip]
    const CASES: &[Case] = &[
        // Valid: WHATWG syntax, case kept as typed.
        ("jane@acme.com", Some("jane@acme.com"), &[], None),
        ("Jane.Doe@Acme.COM", Some("Jane.Doe@Acme.COM"), &[], None),
        ("o'brien@acme.com", Some("o'brien@acme.com"), &[], None),
        ("jane+jira@acme.com", Some("jane+jira@acme.com"), &[], None),
        ("jane+jira.test@mail.acme.co.uk", Some("jane+jira.test@mail.acme.co.uk"), &[], None),
        ("!#$%&'*+/=?^_`{|}~-@acme.com", Some("!#$%&'*+/=?^_`{|}~-@acme.com"), &[], None),
        ("123@acme.com", Some("123@acme.com"), &[], None),
        ("jane@123.com", Some("jane@123.com"), &[], None),
        ("jane@c--n.com", Some("jane@c--n.com"), &[], None),
        ("jane@xn--bcher-kva.example", Some("jane@xn--bcher-kva.example"), &[], None),
        ("j@a.bc", Some("j@a.bc"), &[], None),
        // No top-level domain has one letter: a slip at the end.
        ("j@a.b", None, &[Code::EmailShortTld], None),
        ("jane@acme.c", None, &[Code::EmailShortTld], None),
        ("z@co.c", None, &[Code::EmailShortTld], None),
        // Surrounding whitespace is trimmed.
        ("  jane@acme.com\n", Some("jane@acme.com"), &[Code::EmailTrimmed], None),
        ("\r\n\tjane@acme.com \u{a0}", Some("jane@acme.com"), &[Code::EmailTrimmed], None),
        // Service accounts, any case.
        ("bot-1@serviceaccount.atlassian.com", Some("bot-1@serviceaccount.atlassian.com"), &[Code::EmailServiceAccount], None),
        ("Bot@ServiceAccount.Atlassian.COM", Some("Bot@ServiceAccount.Atlassian.COM"), &[Code::EmailServiceAccount], None),
        (" bot@serviceaccount.atlassian.com", Some("bot@serviceaccount.atlassian.com"), &[Code::EmailTrimmed, Code::EmailServiceAccount], None),
        ("jane@atlassian.com", Some("jane@atlassian.com"), &[], None),
        // Empty.
        ("", None, &[Code::EmailEmpty], None),
        (" \t\r\n ", None, &[Code::EmailEmpty], None),
        // No @: a name, the Jira site, a URL, anything else.
        ("Jane Doe", None, &[Code::EmailNoAt], None),
        ("jane", None, &[Code::EmailNoAt], None),
        ("jane.acme.com", None, &[Code::EmailNoAt], None),
        ("acme.atlassian.net", None, &[Code::EmailIsSite], None),
        ("ACME.atlassian.net/jira/software/projects", None, &[Code::EmailIsSite], None),
        ("acme.jira.com", None, &[Code::EmailIsSite], None),
        ("https://acme.atlassian.net/browse/ABC-1", None, &[Code::EmailIsSite], None),
        ("https://www.acme.com/about", None, &[Code::EmailIsUrl], None),
        ("http://jane@acme.com", None, &[Code::EmailIsUrl], None),
        // Pasted wrappers.
        // Unambiguous wrappers: the address inside is used, and said so.
        ("Jane Doe <jane@acme.com>", Some("jane@acme.com"), &[Code::EmailDisplayName], None),
        ("\"Doe, Jane\" <jane@acme.com>", Some("jane@acme.com"), &[Code::EmailDisplayName], None),
        ("<jane@acme.com>", Some("jane@acme.com"), &[Code::EmailDisplayName], None),
        ("Jane <mailto:jane@acme.com>", Some("jane@acme.com"), &[Code::EmailDisplayName], None),
        ("Bot <bot@serviceaccount.atlassian.com>", Some("bot@serviceaccount.atlassian.com"), &[Code::EmailDisplayName, Code::EmailServiceAccount], None),
        ("Jane <jane>", None, &[Code::EmailDisplayName], None),
        ("jane@acme.com (Jane Doe)", Some("jane@acme.com"), &[Code::EmailDisplayName], None),
        ("Email: jane@acme.com", Some("jane@acme.com"), &[Code::EmailDisplayName], None),
        ("\"Jane\" jane@acme.com", Some("jane@acme.com"), &[Code::EmailDisplayName], None),
        ("\"jane@acme.com\"", Some("jane@acme.com"), &[Code::EmailDisplayName], None),
        ("'jane@acme.com'", Some("jane@acme.com"), &[Code::EmailDisplayName], None),
        ("\u{201C}jane@acme.com\u{201D}", Some("jane@acme.com"), &[Code::EmailDisplayName], None),
        ("mailto:jane@acme.com", Some("jane@acme.com"), &[Code::EmailMailto], None),
        ("MAILTO:jane@acme.com?subject=Jira", Some("jane@acme.com"), &[Code::EmailMailto], None),
        ("mailto:jane", None, &[Code::EmailMailto], None),
        // More than one @.
        ("jane@@acme.com", None, &[Code::EmailMultipleAt], None),
        ("jane@acme.com, joe@acme.com", None, &[Code::EmailMultipleAt], None),
        ("jane\\@x@acme.com", None, &[Code::EmailMultipleAt], None),
        // Spaces inside.
        ("jane @acme.com", None, &[Code::EmailWhitespace], Some("jane@acme.com")),
        ("jane@acme .com", None, &[Code::EmailWhitespace], Some("jane@acme.com")),
        ("jane@ac me.com", None, &[Code::EmailWhitespace], Some("jane@acme.com")),
        ("jane. doe@acme.com", None, &[Code::EmailWhitespace], Some("jane.doe@acme.com")),
        ("jane\u{a0}@acme.com", None, &[Code::EmailWhitespace], Some("jane@acme.com")),
        ("jane doe@acme.com", None, &[Code::EmailWhitespace], None),
        ("Jane Doe jane@acme.com", None, &[Code::EmailWhitespace], None),
        ("jane @ acme", None, &[Code::EmailWhitespace], None),
        // Non-ASCII.
        ("jos\u{e9}@acme.com", None, &[Code::EmailNonAscii], None),
        ("jane@b\u{fc}cher.de", None, &[Code::EmailNonAscii], None),
        ("jane\u{ff20}acme.com", None, &[Code::EmailNoAt], None),
        ("jane@acme.com\u{200b}", None, &[Code::EmailNonAscii], Some("jane@acme.com")),
        ("\u{feff}jane@acme.com", None, &[Code::EmailNonAscii], Some("jane@acme.com")),
        ("j\u{ad}ane@acme.com\u{e9}", None, &[Code::EmailNonAscii], None),
        // Empty parts.
        ("@acme.com", None, &[Code::EmailLocalEmpty], None),
        ("@", None, &[Code::EmailLocalEmpty], None),
        ("jane@", None, &[Code::EmailDomainEmpty], None),
        // Local part.
        ("\"jane\"@acme.com", None, &[Code::EmailLocalChar], None),
        ("jane(work)@acme.com", None, &[Code::EmailLocalChar], None),
        ("ja,ne@acme.com", None, &[Code::EmailLocalChar], None),
        ("jane\u{7}@acme.com", None, &[Code::EmailLocalChar], None),
        (".jane@acme.com", None, &[Code::EmailLocalDot], Some("jane@acme.com")),
        ("jane.@acme.com", None, &[Code::EmailLocalDot], Some("jane@acme.com")),
        ("jane..doe@acme.com", None, &[Code::EmailLocalDot], Some("jane.doe@acme.com")),
        (".@acme.com", None, &[Code::EmailLocalDot], None),
        // Domain.
        ("jane@acme", None, &[Code::EmailDomainNoDot], None),
        ("jane@localhost", None, &[Code::EmailDomainNoDot], None),
        ("jane@1.2.3.4", None, &[Code::EmailDomainNumeric], None),
        ("jane@acme.123", None, &[Code::EmailDomainNumeric], None),
        ("jane@[1.2.3.4]", None, &[Code::EmailDomainNumeric], None),
        ("jane@[IPv6:::1]", None, &[Code::EmailDomainNumeric], None),
        ("jane@acme.com.", None, &[Code::EmailDomainLabel], Some("jane@acme.com")),
        ("jane@.acme.com", None, &[Code::EmailDomainLabel], Some("jane@acme.com")),
        ("jane@acme..com", None, &[Code::EmailDomainLabel], Some("jane@acme.com")),
        ("jane@.", None, &[Code::EmailDomainLabel], None),
        ("jane@-acme.com", None, &[Code::EmailDomainLabel], None),
        ("jane@acme-.com", None, &[Code::EmailDomainLabel], None),
        ("jane@acme.com-", None, &[Code::EmailDomainLabel], None),
        ("jane@acme_corp.com", None, &[Code::EmailDomainLabel], None),
        ("jane@acme.com/", None, &[Code::EmailDomainLabel], None),
        ("jane@acme.com>", None, &[Code::EmailDomainLabel], None),
        ("jane@acme.com\u{7f}", None, &[Code::EmailDomainLabel], None),
        // Whitespace trimmed, then an error: both are said, the error first.
        (" jane@acme ", None, &[Code::EmailDomainNoDot, Code::EmailTrimmed], None),
    ];

    #[test]
    fn table() {
        for (input, value, codes, suggestion) in CASES {
            let result = check_email(input);
            assert_eq!(result.value.as_deref(), *value, "value of {input:?}");
            assert_eq!(result.codes(), *codes, "codes of {input:?}");
            assert_eq!(
                result
                    .diagnostics
                    .first()
                    .and_then(|d| d.suggestion.as_deref()),
                *suggestion,
                "suggestion for {input:?}"
            );
        }
    }

    #[test]
    fn lengths() {
        let at_limit = |local: &str, domain: &str| concat(&[local, "@", domain]);
        // Local part: 64 is fine, 65 is not (RFC 5321 §4.5.3.1.1).
        assert!(check_email(&at_limit(A64, "acme.com")).ok);
        let a65 = concat(&[A64, "a"]);
        assert_eq!(
            check_email(&at_limit(&a65, "acme.com")).codes(),
            [Code::EmailLocalTooLong]
        );
        // Label: 63 is fine, 64 is not (RFC 1034 §3.1).
        assert!(check_email(&at_limit("jane", &concat(&[L63, ".com"]))).ok);
        let l64 = concat(&[L63, "b", ".com"]);
        assert_eq!(
            check_email(&at_limit("jane", &l64)).codes(),
            [Code::EmailDomainLabel]
        );
        // Whole address: 254 is fine, 255 is not (RFC 5321 §4.5.3.1.3).
        let domain = [L63, L63, L63, &"c".repeat(53), "com"].join(".");
        let address = at_limit("jane", &domain);
        assert_eq!(address.len(), 254);
        assert!(check_email(&address).ok);
        let longer = concat(&["jane1", &address[4..]]);
        assert_eq!(longer.len(), 255);
        assert_eq!(check_email(&longer).codes(), [Code::EmailTooLong]);
    }

    #[test]
    fn messages_say_what_to_do() {
        let name = check_email("Jane Doe");
        assert!(name.diagnostics[0].message.contains("display name"));
        let plain = check_email("jane");
        assert!(!plain.diagnostics[0].message.contains("display name"));
        let service = check_email("bot@serviceaccount.atlassian.com");
        let message = &service.diagnostics[0].message;
        assert!(message.contains("scoped") && message.contains("api.atlassian.com"));
        let char_error = check_email("jane(work)@acme.com");
        assert!(char_error.diagnostics[0]
            .message
            .contains("\u{201C}(\u{201D}"));
        for (input, ..) in CASES {
            for d in check_email(input).diagnostics {
                assert!(d.message.ends_with('.'), "{input:?}: {}", d.message);
                assert!(!d.message.contains('\n'), "{input:?}: {}", d.message);
            }
        }
    }

    /// Addresses built from the grammar, so that they are valid by construction.
    fn valid_address() -> impl Strategy<Value = String> {
        let atom = "[a-zA-Z0-9!#$%&'*+/=?^_`{|}~-]{1,12}";
        let label = "[a-zA-Z0-9]([a-zA-Z0-9-]{0,10}[a-zA-Z0-9])?";
        (
            prop::collection::vec(atom, 1..4),
            prop::collection::vec(label, 1..4),
            "[a-zA-Z][a-zA-Z0-9]{1,6}",
        )
            .prop_map(|(atoms, labels, tld)| {
                concat(&[&atoms.join("."), "@", &labels.join("."), ".", &tld])
            })
    }

    /// Inputs close to addresses: the characters the rules care about.
    fn near_address() -> impl Strategy<Value = String> {
        "[a-zA-Z0-9.@<>\"'()+:,;/\\[\\] \t\n\u{a0}\u{e9}\u{7}\u{200b}-]{0,40}"
    }

    fn check_properties(input: &str) -> Result<(), TestCaseError> {
        let result = check_email(input);
        prop_assert_eq!(result.ok, result.value.is_some());
        if let Some(value) = &result.value {
            prop_assert!(value.is_ascii());
            prop_assert_eq!(value.matches('@').count(), 1);
            prop_assert!(value.len() <= MAX_ADDRESS);
            let again = check_email(value);
            prop_assert!(again.ok);
            prop_assert_eq!(again.value.as_deref(), Some(value.as_str()));
            prop_assert!(!again.has(Code::EmailTrimmed));
        }
        for d in &result.diagnostics {
            if let Some(suggestion) = &d.suggestion {
                let checked = check_email(suggestion);
                prop_assert!(
                    checked.ok,
                    "suggestion {:?} for {:?} is not valid",
                    suggestion,
                    input
                );
                prop_assert!(
                    checked.diagnostics.is_empty() || checked.has(Code::EmailServiceAccount)
                );
            }
        }
        Ok(())
    }

    proptest! {
        #[test]
        fn never_panics_on_any_string(input in any::<String>()) {
            check_properties(&input)?;
        }

        #[test]
        fn never_panics_on_long_strings(input in "\\PC{0,600}") {
            check_properties(&input)?;
        }

        #[test]
        fn near_addresses_keep_the_properties(input in near_address()) {
            check_properties(&input)?;
        }

        #[test]
        fn grammar_addresses_are_accepted_as_typed(address in valid_address()) {
            prop_assume!(address.len() <= MAX_ADDRESS);
            let result = check_email(&address);
            prop_assert!(result.ok, "{:?}: {:?}", address, result.diagnostics);
            prop_assert_eq!(result.value.as_deref(), Some(address.as_str()));
            let padded = concat(&[" ", &address, "\n"]);
            prop_assert_eq!(check_email(&padded).value, Some(address.clone()));
            prop_assert!(check_properties(&address).is_ok());
        }

        #[test]
        fn wrapped_addresses_are_used_and_said_so(address in valid_address(), name in "[A-Z][a-z]{1,8}( [A-Z][a-z]{1,8})?") {
            prop_assume!(address.len() <= MAX_ADDRESS);
            for wrapped in [
                concat(&[&name, " <", &address, ">"]),
                concat(&["mailto:", &address]),
                concat(&["\"", &address, "\""]),
            ] {
                let result = check_email(&wrapped);
                prop_assert!(result.ok, "{:?}: {:?}", wrapped, result.diagnostics);
                prop_assert_eq!(result.value.as_deref(), Some(address.as_str()));
                prop_assert_eq!(result.diagnostics[0].severity, crate::diagnostic::Severity::Info);
                prop_assert!(result.diagnostics[0].message.contains(address.as_str()));
            }
        }
    }
}
