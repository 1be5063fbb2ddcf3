//! The API token check.
//!
//! Atlassian documents how to create and use an API token, not what one looks
//! like, so every rule about its shape ends in a warning. Only inputs that can
//! never work as the token are errors: nothing, whitespace inside, an HTTP
//! header value, an email address, a whole Basic credential, another product's
//! token.
//!
//! Nothing this module says ever contains the token or any part of it (nor the
//! email of a pasted Basic credential): messages are shown next to the field,
//! and a screenshot or a bug report must not leak the secret. For the same
//! reason no token diagnostic has a suggestion; the cleaned token is only ever
//! the result's `value`.

use base64::alphabet;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

use super::date::Date;
use crate::diagnostic::{say, words, Code, Diagnostic, FieldResult};
use crate::route::Deployment;
use crate::text::{find, has_whitespace, longer_than, strip_prefix_ignore_case};

/// Where a person creates an API token for their Atlassian account
/// (Atlassian support, "Manage API tokens for your Atlassian account").
macro_rules! create_token_url {
    () => {
        "https://id.atlassian.com/manage-profile/security/api-tokens"
    };
}

/// The last day an old token could still work: every one had expired by 12
/// May 2026 (Atlassian support, "Manage API tokens for your Atlassian
/// account").
pub(crate) const LEGACY_END: Date = match Date::new(2026, 5, 12) {
    Some(date) => date,
    None => Date::EPOCH,
};

/// Past this, the field is "too long" without being read further: a pasted
/// megabyte must not stall typing. A current token has 192 characters.
pub const MAX_TOKEN_CHARS: usize = 1024;

/// The public marker that starts every current-format API token.
pub(crate) const CURRENT_PREFIX: &str = "ATATT3";
/// The checksum after a current token's last `=`: 8 hex digits.
pub(crate) const CHECKSUM_LEN: usize = 8;
/// Length of a legacy (pre-2023) API token: 24 letters and digits.
pub(crate) const LEGACY_LEN: usize = 24;

/// Tokens of other Atlassian products that Jira's REST API never accepts.
/// Bitbucket repository, project and workspace access tokens and organisation
/// admin API keys start with `ATCTT`; a Jira API token starts with `ATATT`.
pub(crate) const WRONG_PRODUCT_PREFIXES: &[&str] = &["ATCTT"];
/// Bitbucket Cloud app passwords start with `ATBB`. Jira never took them, and
/// Bitbucket removed them: brownouts from 9 June 2026, fully removed on 28
/// July 2026 (Atlassian community, "Deprecation notice: Bitbucket Cloud app
/// password brownout schedule and next steps"; new ones could not be created
/// from 9 September 2025).
pub(crate) const APP_PASSWORD_PREFIX: &str = "ATBB";
const APP_PASSWORDS_REMOVED: Date = match Date::new(2026, 7, 28) {
    Some(date) => date,
    None => panic!("a valid date"),
};

/// Where a person creates a personal access token in Jira Data Center or
/// Server (Atlassian, "Using personal access tokens": Jira 8.14 and later).
macro_rules! create_pat {
    () => {
        "in Jira, under your profile picture \u{2192} Profile \u{2192} Personal access tokens"
    };
}

/// A Jira Data Center personal access token is the standard base64 (RFC 4648
/// §4) of a 12-digit numeric id, a colon and 20 random bytes: 33 bytes, so
/// exactly 44 characters and never padded (trufflehog's Jira Data Center PAT
/// detector, `jiradatacenterpat.go`: "base64-encoded strings of the form
/// <12-digit-id>:<20-random-bytes> (33 bytes, 44 chars, no padding)"; its
/// pattern `[MNO][A-Za-z0-9+/]{43}` follows, since a digit's first six bits
/// are M, N or O). Atlassian documents none of it, so a token of another
/// shape gets a warning, never an error.
pub(crate) const PAT_ID_DIGITS: usize = 12;
/// The random part of a personal access token, in bytes.
pub(crate) const PAT_SECRET_BYTES: usize = 20;
/// A personal access token's length: base64 of the id, the colon and the
/// secret.
pub(crate) const PAT_CHARS: usize = (PAT_ID_DIGITS + 1 + PAT_SECRET_BYTES) / 3 * 4;

/// True when `token` is a personal access token by its structure: 44
/// characters of standard base64 that decode to 12 ASCII digits, a colon and
/// 20 bytes.
pub(crate) fn is_personal_access_token(token: &str) -> bool {
    if token.len() != PAT_CHARS {
        return false;
    }
    let Ok(bytes) = BASE64_STANDARD.decode(token) else {
        return false;
    };
    bytes.len() == PAT_ID_DIGITS + 1 + PAT_SECRET_BYTES
        && bytes.iter().take(PAT_ID_DIGITS).all(u8::is_ascii_digit)
        && bytes.get(PAT_ID_DIGITS) == Some(&b':')
}

/// Quotation marks people copy along with the token from JSON, shell scripts,
/// Markdown or a word processor: (opening, closing).
pub(crate) const QUOTE_PAIRS: &[(char, char)] = &[
    ('"', '"'),
    ('\'', '\''),
    ('`', '`'),
    ('\u{201C}', '\u{201D}'), // “ ”
    ('\u{2018}', '\u{2019}'), // ‘ ’
];

/// Characters that render as nothing but still end up in a paste (from web
/// pages, chat tools, editors). `char::is_whitespace` does not cover them.
const INVISIBLE: &[char] = &[
    '\u{00AD}', // soft hyphen
    '\u{200B}', // zero width space
    '\u{200C}', // zero width non-joiner
    '\u{200D}', // zero width joiner
    '\u{2060}', // word joiner
    '\u{FEFF}', // byte order mark / zero width no-break space
];

/// Every character outside ASCII that counts as blank around or inside a
/// token: Unicode's White_Space outside ASCII (what `char::is_whitespace`
/// accepts there) and [`INVISIBLE`], in code point order. Inside ASCII, every
/// control character and the space are blank: no token has one, and a control
/// character cannot be typed at a prompt on purpose. One list, so that the
/// terminal commands trim and refuse exactly these (`crate::tines::commands`);
/// a test holds it equal to its definition over every character.
pub const NON_ASCII_BLANKS: [char; 25] = [
    '\u{0085}', '\u{00A0}', '\u{00AD}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}',
    '\u{2004}', '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{200B}',
    '\u{200C}', '\u{200D}', '\u{2028}', '\u{2029}', '\u{202F}', '\u{205F}', '\u{2060}', '\u{3000}',
    '\u{FEFF}',
];

/// HTTP authentication schemes (RFC 9110 §11), compared case-insensitively,
/// with what to say when a header value is pasted instead of the token.
/// Jira Cloud takes API tokens through Basic authentication with the email
/// (Atlassian developer docs, "Basic auth for REST APIs").
pub(crate) const AUTH_SCHEMES: &[(&str, &str)] = &[
    (
        "basic",
        words!("This is an Authorization header value, not the token: remove the \u{201C}Basic \u{201D} prefix and paste only the API token."),
    ),
    (
        "bearer",
        words!("This is an Authorization header value, not the token: remove the \u{201C}Bearer \u{201D} prefix and paste only the token. Bearer has its place in a request header (a service account can send its token that way to api.atlassian.com), but only the token itself is wanted."),
    ),
];

/// A whole header line (`Authorization: …`) whose value is not one of
/// [`AUTH_SCHEMES`].
const HEADER_MESSAGE: &str =
    "This is an Authorization header, not the token: paste only the API token.";

/// Checks an API token. The value is the cleaned token: surrounding blank
/// space and quotation marks removed, nothing else changed.
///
/// `today` decides whether a legacy token has already stopped working: the
/// rules take the date as an input, so that they stay pure.
pub fn check_token(input: &str, today: Date) -> FieldResult {
    check_token_for(input, today, Deployment::Cloud)
}

/// Checks a token for the Jira it is for: an API token for Cloud
/// ([`check_token`]), a personal access token for Data Center. The cleaning
/// is the same; what is said about the cleaned token differs.
pub fn check_token_for(input: &str, today: Date, deployment: Deployment) -> FieldResult {
    if deployment == Deployment::DataCenter {
        return check_personal_access_token(input);
    }
    if longer_than(input, MAX_TOKEN_CHARS) {
        return FieldResult::rejected(say!(
            error,
            Code::TooLong,
            "This is far longer than an API token (192 characters): paste only the token.",
        ));
    }
    let mut diagnostics = Vec::new();
    let token = clean(input, &mut diagnostics);
    if token.is_empty() {
        let message = if input.is_empty() {
            "Paste your Atlassian API token."
        } else {
            "There is only blank space: paste your Atlassian API token."
        };
        return FieldResult::rejected(say!(error, Code::TokenEmpty, message));
    }
    diagnostics.push(judge(token, today));
    FieldResult::new(Some(token.to_owned()), diagnostics)
}

/// The CRC-32 polynomial (IEEE 802.3), reflected.
const CRC32_POLYNOMIAL: u32 = 0xEDB8_8320;

/// CRC-32 with the IEEE 802.3 polynomial, reflected, as zlib's `crc32` and
/// PNG compute it (ISO 3309, ITU-T V.42), a byte at a time.
///
/// Written here rather than taken from the `crc` crate: the crate ships its
/// 1 KiB table in the module, 1,071 bytes gzipped (measured), over the 1 KB a
/// crate may add for this. The tests hold it equal to the crate's
/// `CRC_32_ISO_HDLC` (zlib's CRC) on any input.
pub fn crc32(bytes: &[u8]) -> u32 {
    // The usual byte-wise table, computed on first use rather than shipped.
    static TABLE: std::sync::OnceLock<[u32; 256]> = std::sync::OnceLock::new();
    let table = TABLE.get_or_init(|| {
        core::array::from_fn(|byte| {
            (0..8).fold(byte as u32, |crc, _| {
                (crc >> 1) ^ (CRC32_POLYNOMIAL & (crc & 1).wrapping_neg())
            })
        })
    });
    let mut crc = !0u32;
    for &byte in bytes {
        let entry = table
            .get(usize::from(crc as u8 ^ byte))
            .copied()
            .unwrap_or(0);
        crc = (crc >> 8) ^ entry;
    }
    !crc
}

/// Padded or not, as people paste: a Basic credential copied from a header
/// has its padding, one from a script or a URL-safe encoder may not.
const PADDING_EITHER: GeneralPurposeConfig =
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
/// RFC 4648 §4 (standard) and §5 (URL- and filename-safe) base64.
const BASE64_STANDARD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, PADDING_EITHER);
const BASE64_URL_SAFE: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, PADDING_EITHER);

fn decode_base64(text: &str) -> Option<Vec<u8>> {
    BASE64_STANDARD
        .decode(text)
        .or_else(|_| BASE64_URL_SAFE.decode(text))
        .ok()
}

/// Removes surrounding blank space and matching quotation marks, as often as
/// they nest (`" 'x' "`), so the result is a fixed point: cleaning it again
/// changes nothing. Records what was removed.
fn clean<'a>(input: &'a str, diagnostics: &mut Vec<Diagnostic>) -> &'a str {
    let mut token = input;
    let (mut trimmed, mut unquoted) = (false, false);
    loop {
        let inner = token.trim_matches(is_blank);
        trimmed |= inner.len() != token.len();
        token = inner;
        match unquote(token) {
            Some(inner) => {
                unquoted = true;
                token = inner;
            }
            None => break,
        }
    }
    if trimmed && !token.is_empty() {
        diagnostics.push(say!(info,
            Code::TokenTrimmed,
            "Removed the blank space (spaces, line breaks or invisible characters) around the token.",
        ));
    }
    if unquoted && !token.is_empty() {
        diagnostics.push(say!(
            info,
            Code::TokenUnquoted,
            "Removed the quotation marks around the token.",
        ));
    }
    token
}

/// The inside of `token` when it is wrapped in one of [`QUOTE_PAIRS`].
fn unquote(token: &str) -> Option<&str> {
    QUOTE_PAIRS.iter().find_map(|&(open, close)| {
        token
            .strip_prefix(open)
            .and_then(|rest| rest.strip_suffix(close))
    })
}

/// Blank: an ASCII control character or the space, or one of
/// [`NON_ASCII_BLANKS`].
pub(crate) fn is_blank(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_control() || c == ' '
    } else {
        NON_ASCII_BLANKS.binary_search(&c).is_ok()
    }
}

/// The one thing to say about a cleaned, non-empty token.
fn judge(token: &str, today: Date) -> Diagnostic {
    if let Some(message) = auth_header_message(token) {
        return message;
    }
    if let Some(message) = whitespace_message(token) {
        return say!(error, Code::TokenWhitespace, message);
    }
    if let Some((email, rest)) = token.split_once(':') {
        // RFC 7617 §2: the Basic credential is `user-id ":" password`.
        if looks_like_email(email) && !rest.is_empty() {
            return say!(error,
                Code::TokenBasicCredentials,
                "This is an email and a token joined by a colon: give the email as the email, and only the API token as the token.",
            );
        }
    }
    if is_basic_credential(token) {
        return basic_credential_error();
    }
    if looks_like_email(token) {
        return say!(error,
            Code::TokenIsEmail,
            concat!(
                "This is an email address, not a token: give it as the email, and an API token as the token (create one at ",
                create_token_url!(),
                ")."
            ),
        );
    }
    if WRONG_PRODUCT_PREFIXES.iter().any(|p| token.starts_with(p)) {
        return say!(error,
            Code::TokenWrongProduct,
            concat!(
                "This is a Bitbucket access token or an organisation admin API key (it starts with ATCTT), which Jira does not accept: create an API token at ",
                create_token_url!(),
                "."
            ),
        );
    }
    if token.starts_with(APP_PASSWORD_PREFIX) {
        let message = if today >= APP_PASSWORDS_REMOVED {
            concat!(
                "This is a Bitbucket app password (it starts with ATBB): Jira never accepted those, and Bitbucket removed them on 28 July 2026. Create an API token at ",
                create_token_url!(),
                "."
            )
        } else {
            concat!(
                "This is a Bitbucket app password (it starts with ATBB): Jira does not accept those, and Bitbucket removes them on 28 July 2026. Create an API token at ",
                create_token_url!(),
                "."
            )
        };
        return say!(error, Code::TokenWrongProduct, message);
    }
    if token.starts_with(CURRENT_PREFIX) {
        return check_current_format(token.as_bytes());
    }
    if token.len() == LEGACY_LEN && token.bytes().all(|b| b.is_ascii_alphanumeric()) {
        // Atlassian support, "Manage API tokens for your Atlassian account":
        // tokens created before 15 December 2024 were given an expiry
        // between 14 March and 12 May 2026; 24-character tokens are from
        // before the ATATT format, so they are among them.
        if today >= LEGACY_END {
            return say!(error,
                Code::TokenLegacy,
                concat!(
                    "This looks like an old 24-character API token, and all of those stopped working by 12 May 2026: create a new one at ",
                    create_token_url!(),
                    "."
                ),
            );
        }
        return say!(warning,
            Code::TokenLegacy,
            concat!(
                "This looks like an old 24-character API token, and all of those stop working by 12 May 2026 (some from 14 March 2026): create a new one at ",
                create_token_url!(),
                "."
            ),
        );
    }
    if is_personal_access_token(token) {
        return say!(error,
            Code::TokenForDataCenter,
            concat!(
                "This is a Jira Data Center personal access token, which Jira Cloud does not accept: for a Cloud site, create an API token at ",
                create_token_url!(),
                ". If this Jira is Data Center or Server, say so instead."
            ),
        );
    }
    let message = if find(token, CURRENT_PREFIX).is_some() {
        "There is something before the token: paste only the part that starts with ATATT3."
    } else {
        concat!(
            "This does not look like an Atlassian API token (current ones start with ATATT3). If it is your account password, create an API token at ",
            create_token_url!(),
            " instead."
        )
    };
    say!(warning, Code::TokenUnrecognized, message)
}

/// A personal access token for Jira Data Center or Server: cleaned as an API
/// token is, then judged by [`judge_personal_access_token`].
fn check_personal_access_token(input: &str) -> FieldResult {
    if longer_than(input, MAX_TOKEN_CHARS) {
        return FieldResult::rejected(say!(error,
            Code::TooLong,
            "This is far longer than a personal access token (44 characters): paste only the token.",
        ));
    }
    let mut diagnostics = Vec::new();
    let token = clean(input, &mut diagnostics);
    if token.is_empty() {
        let message = if input.is_empty() {
            "Paste your Jira personal access token."
        } else {
            "There is only blank space: paste your Jira personal access token."
        };
        return FieldResult::rejected(say!(error, Code::TokenEmpty, message));
    }
    diagnostics.push(judge_personal_access_token(token));
    FieldResult::new(Some(token.to_owned()), diagnostics)
}

/// The one thing to say about a cleaned, non-empty token for Data Center.
fn judge_personal_access_token(token: &str) -> Diagnostic {
    let (rest, had_header) = match strip_prefix_ignore_case(token, "authorization:") {
        Some(rest) => (rest.trim_start(), true),
        None => (token, false),
    };
    for &(scheme, _) in AUTH_SCHEMES {
        let value = strip_prefix_ignore_case(rest, scheme);
        if value.is_some_and(|v| v.starts_with(char::is_whitespace)) {
            return say!(error,
                Code::TokenAuthPrefix,
                "This is an Authorization header value, not the token: remove the word before the token and paste only the personal access token. Tines' action sends it as Bearer.",
            );
        }
    }
    if had_header {
        return say!(
            error,
            Code::TokenAuthPrefix,
            "This is an Authorization header, not the token: paste only the personal access token.",
        );
    }
    if let Some(message) = whitespace_message(token) {
        return say!(error, Code::TokenWhitespace, message);
    }
    // Base64 has no colon: a user name and a secret joined by one (RFC 7617
    // §2) is a Basic credential's text, never a personal access token.
    if token
        .split_once(':')
        .is_some_and(|(user, secret)| !user.is_empty() && !secret.is_empty())
        || is_basic_credential(token)
    {
        return say!(error,
            Code::TokenBasicCredentials,
            "This is a user name and a password or token together, as Basic sign-in sends them: paste only the personal access token.",
        );
    }
    if looks_like_email(token) {
        return say!(error,
            Code::TokenIsEmail,
            concat!(
                "This is an email address, not a token: Jira Data Center needs no email, only a personal access token (create one ",
                create_pat!(),
                ")."
            ),
        );
    }
    if token.starts_with(CURRENT_PREFIX) {
        return say!(error,
            Code::TokenForCloud,
            concat!(
                "This is a Jira Cloud API token (it starts with ATATT3), which Jira Data Center and Server do not accept: create a personal access token ",
                create_pat!(),
                ". If this Jira is Cloud, say so instead."
            ),
        );
    }
    if token.starts_with(APP_PASSWORD_PREFIX)
        || WRONG_PRODUCT_PREFIXES.iter().any(|p| token.starts_with(p))
    {
        return say!(error,
            Code::TokenWrongProduct,
            concat!(
                "This is a Bitbucket Cloud token or app password (it starts with ATCTT or ATBB), which Jira does not accept: create a personal access token ",
                create_pat!(),
                "."
            ),
        );
    }
    if is_personal_access_token(token) {
        return say!(
            info,
            Code::TokenPersonalAccess,
            "This looks like a Jira personal access token.",
        );
    }
    let base64 = token
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/');
    let shaped = base64 && matches!(token.as_bytes().first(), Some(b'M' | b'N' | b'O'));
    match (shaped, token.len().cmp(&PAT_CHARS)) {
        (true, core::cmp::Ordering::Less) => say!(warning,
            Code::TokenLength,
            "This is shorter than a personal access token (44 characters), so it looks cut off: copy it again in full.",
        ),
        (true, core::cmp::Ordering::Greater) => say!(warning,
            Code::TokenLength,
            "This is longer than a personal access token (44 characters): copy only the token, and nothing after it.",
        ),
        (true, core::cmp::Ordering::Equal) => say!(warning,
            Code::TokenChecksum,
            "This has a personal access token's length, but not its structure (a 12-digit id, a colon and a secret, encoded together), so a character looks mistyped: copy it again.",
        ),
        (false, _) => say!(warning,
            Code::TokenUnrecognized,
            concat!(
                "This does not look like a Jira personal access token (44 letters, digits, + and /). If it is your password, create a personal access token instead, ",
                create_pat!(),
                "."
            ),
        ),
    }
}

/// The error for a pasted header (`Basic …`, `Bearer …`, `Authorization: …`),
/// or for a Basic credential behind the prefix, which is the more useful thing
/// to say.
fn auth_header_message(token: &str) -> Option<Diagnostic> {
    let (rest, had_header) = match strip_prefix_ignore_case(token, "authorization:") {
        Some(rest) => (rest.trim_start(), true),
        None => (token, false),
    };
    for &(scheme, message) in AUTH_SCHEMES {
        let Some(value) = strip_prefix_ignore_case(rest, scheme) else {
            continue;
        };
        // RFC 9110 §11.4: the scheme and the credentials are separated by
        // whitespace; `Basicx` is not a scheme.
        if value.starts_with(char::is_whitespace) {
            if is_basic_credential(value.trim_start()) {
                return Some(basic_credential_error());
            }
            return Some(say!(error, Code::TokenAuthPrefix, message));
        }
    }
    had_header.then(|| say!(error, Code::TokenAuthPrefix, HEADER_MESSAGE))
}

fn basic_credential_error() -> Diagnostic {
    say!(error,
        Code::TokenBasicCredentials,
        "This is a whole Basic credential (your email and token encoded together): paste only the API token.",
    )
}

/// True when `text` is base64 (RFC 4648 §4 or §5) of `email:secret`: the value
/// of a Basic `Authorization` header (RFC 7617 §2).
fn is_basic_credential(text: &str) -> bool {
    let Some(bytes) = decode_base64(text) else {
        return false;
    };
    let Ok(plain) = core::str::from_utf8(&bytes) else {
        return false;
    };
    match plain.split_once(':') {
        Some((email, secret)) => looks_like_email(email) && !secret.is_empty(),
        None => false,
    }
}

/// A loose shape test, not the email check: one `@` with something before it
/// and a dotted name after it. API tokens contain neither `@` nor spaces.
fn looks_like_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.as_bytes().contains(&b'@')
        && !has_whitespace(text)
        && domain.as_bytes().contains(&b'.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
}

/// What to say about blank characters inside the token, if there are any:
/// every [`is_blank`] character is an error. Bytes first: an all-ASCII token
/// (nearly every one) skips the slower character scan.
fn whitespace_message(token: &str) -> Option<&'static str> {
    let ascii_blank = |b: &u8| b.is_ascii_control() || *b == b' ';
    let blank_inside = token.bytes().any(|b| ascii_blank(&b))
        || (!token.is_ascii() && token.chars().any(is_blank));
    if !blank_inside {
        None
    } else if token.bytes().any(|b| matches!(b, b'\n' | b'\r')) {
        Some(words!(
            "The token has a line break inside it: copy it again as one line."
        ))
    } else if token.chars().any(|c| {
        INVISIBLE.contains(&c) || (c.is_ascii_control() && !c.is_ascii_whitespace() && c != '\u{b}')
    }) {
        Some(words!("The token has an invisible character inside it (such as a zero-width space): copy it again straight from Atlassian."))
    } else {
        Some(words!("The token has a space inside it, and API tokens have none: copy it again in one piece."))
    }
}

/// The current format, as observed (Atlassian does not document it, hence
/// warnings only, and says a token's length may vary): `ATATT3`, characters of
/// `A-Z a-z 0-9 _ -`, then `=`, then the CRC-32 of everything up to and with
/// the `=` as 8 upper-case hex digits. The checksum is read after the last `=`,
/// at any length: a token whose checksum holds gets no warning however long it
/// is; one that fails looks truncated or altered.
fn check_current_format(token: &[u8]) -> Diagnostic {
    let truncated = |message: &'static str| say!(warning, Code::TokenLength, message);
    let altered = |message: &'static str| say!(warning, Code::TokenChecksum, message);
    let is_hex = |b: &u8| b.is_ascii_hexdigit();
    let Some(equals) = token.iter().rposition(|&b| b == b'=') else {
        // No checksum to read: cut short, unless 8 hex digits stand where it
        // would be (then the `=` itself was changed).
        let ends_in_checksum = token.len() > CHECKSUM_LEN
            && token
                .get(token.len() - CHECKSUM_LEN..)
                .is_some_and(|t| t.iter().all(is_hex));
        return if ends_in_checksum {
            altered("The end of this token is not an \u{201C}=\u{201D} and a checksum as in an Atlassian API token, so it looks altered: copy it again.")
        } else {
            truncated("This token does not end in \u{201C}=\u{201D} and an 8-character checksum as an Atlassian API token does, so it looks truncated: copy it again in full.")
        };
    };
    let (Some(body), Some(signed), Some(tail)) = (
        token.get(..equals),
        token.get(..=equals),
        token.get(equals + 1..),
    ) else {
        return altered("This token does not have the structure of an Atlassian API token, so it looks altered: copy it again.");
    };
    if !body
        .iter()
        .all(|&b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
    {
        return altered("This token has characters an Atlassian API token never has, so it looks altered: copy it again.");
    }
    if tail.len() < CHECKSUM_LEN {
        return truncated("The checksum at the end of this token is shorter than an Atlassian API token's (8 characters), so it looks truncated: copy it again in full.");
    }
    if tail.len() > CHECKSUM_LEN {
        return truncated("There is more after this token's checksum than an Atlassian API token has (8 characters after the \u{201C}=\u{201D}), so it looks altered: copy it again exactly.");
    }
    if !tail.iter().all(is_hex) {
        return altered("The end of this token is not an \u{201C}=\u{201D} and a checksum as in an Atlassian API token, so it looks altered: copy it again.");
    }
    if tail.iter().any(u8::is_ascii_lowercase) {
        return altered("The checksum at the end of this token is in lower case, unlike an Atlassian API token's, so it looks altered: copy it again.");
    }
    let expected = tail.iter().fold(0u32, |acc, &b| {
        // Eight hex digits fill exactly 32 bits; `to_digit` cannot fail here.
        (acc << 4) | char::from(b).to_digit(16).unwrap_or(0)
    });
    if crc32(signed) == expected {
        say!(
            info,
            Code::TokenCurrent,
            "This looks like a current Atlassian API token.",
        )
    } else {
        altered("This token's built-in checksum does not match, so a character looks mistyped, lost or altered: copy it again.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::STANDARD as STANDARD_ENC;

    #[test]
    fn crc32_matches_known_vectors() {
        // The CRC catalogue's check value for CRC-32/ISO-HDLC, and zlib's
        // crc32() of the empty input and of a pangram.
        const VECTORS: &[(&[u8], u32)] = &[
            (b"", 0),
            (b"123456789", 0xCBF4_3926),
            (b"a", 0xE8B7_BE43),
            (b"The quick brown fox jumps over the lazy dog", 0x414F_A339),
        ];
        for &(input, crc) in VECTORS {
            assert_eq!(crc32(input), crc, "{input:?}");
        }
    }

    proptest::proptest! {
        #[test]
        fn crc32_matches_the_bitwise_definition(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            let mut crc = !0u32;
            for &byte in &bytes {
                crc ^= u32::from(byte);
                for _ in 0..8 {
                    crc = (crc >> 1) ^ (CRC32_POLYNOMIAL & (crc & 1).wrapping_neg());
                }
            }
            proptest::prop_assert_eq!(crc32(&bytes), !crc);
        }

        #[test]
        fn crc32_matches_zlibs_as_the_crc_crate_computes_it(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..300)) {
            const ZLIB: crc::Crc<u32> = crc::Crc::<u32>::new(&crc::CRC_32_ISO_HDLC);
            proptest::prop_assert_eq!(crc32(&bytes), ZLIB.checksum(&bytes));
        }
    }

    #[test]
    fn the_blank_list_is_white_space_and_the_invisibles_outside_ascii() {
        let defined: Vec<char> = ('\u{80}'..=char::MAX)
            .filter(|c| c.is_whitespace() || INVISIBLE.contains(c))
            .collect();
        assert_eq!(defined, NON_ASCII_BLANKS.to_vec());
        for c in '\0'..='\u{7f}' {
            assert_eq!(is_blank(c), c.is_ascii_control() || c == ' ', "{c:?}");
        }
        // A control character is refused inside a token and trimmed around it.
        let today = Date::parse("2026-12-01").unwrap();
        assert!(!check_token("ATATT3ab\u{1}cd", today).ok);
        assert!(!check_token("ab\u{7f}cd", today).ok);
        assert_eq!(
            check_token("\u{1b}ab\u{7f}", today).value.as_deref(),
            Some("ab")
        );
    }

    #[test]
    fn app_passwords_are_refused_and_dated() {
        let date = |d: &str| Date::parse(d).unwrap();
        let before = check_token("ATBB3xKq9", date("2026-07-27"));
        let after = check_token("ATBB3xKq9", date("2026-07-28"));
        assert!(!before.ok && !after.ok);
        assert!(before.diagnostics[0]
            .message
            .contains("removes them on 28 July 2026"));
        assert!(after.diagnostics[0]
            .message
            .contains("removed them on 28 July 2026"));
        assert_eq!(after.diagnostics[0].code, Code::TokenWrongProduct);
    }

    #[test]
    fn cleaning_is_a_fixed_point() {
        const CASES: &[(&str, &str, &[Code])] = &[
            ("x", "x", &[]),
            (" x\n", "x", &[Code::TokenTrimmed]),
            ("\"x\"", "x", &[Code::TokenUnquoted]),
            (
                " \" 'x' \" ",
                "x",
                &[Code::TokenTrimmed, Code::TokenUnquoted],
            ),
            ("\u{FEFF}x\u{200B}", "x", &[Code::TokenTrimmed]),
            ("\u{201C}x\u{201D}", "x", &[Code::TokenUnquoted]),
            ("\"x", "\"x", &[]),
            ("\"", "\"", &[]),
            ("\"\"", "", &[]),
        ];
        for &(input, cleaned, codes) in CASES {
            let mut notes = Vec::new();
            assert_eq!(clean(input, &mut notes), cleaned, "{input:?}");
            let found: Vec<Code> = notes.iter().map(|d| d.code).collect();
            assert_eq!(found, codes, "{input:?}");
            let mut again = Vec::new();
            assert_eq!(clean(cleaned, &mut again), cleaned);
            assert!(again.is_empty());
        }
    }

    #[test]
    fn recognises_basic_credentials_only_with_an_email() {
        let credential = STANDARD_ENC.encode(b"jane@acme.com:secret");
        assert!(is_basic_credential(&credential));
        assert!(!is_basic_credential(
            &STANDARD_ENC.encode(b"jane@acme.com:")
        ));
        assert!(!is_basic_credential(&STANDARD_ENC.encode(b"jane:secret")));
        assert!(!is_basic_credential("not base64!"));
        assert!(!is_basic_credential(""));
    }
}
