//! The API token rules, table-driven, plus properties over random inputs.
//!
//! Every token here is synthetic: a pseudo-random body built by [`synthetic`]
//! with its checksum computed by the crate's `crc32`. No real token is used.
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use proptest::prelude::*;
use tines_jira_credential::checks::token::{check_token as check_token_on, check_token_for, crc32};
use tines_jira_credential::checks::Date;
use tines_jira_credential::route::Deployment;
use tines_jira_credential::{Code, FieldResult};

/// The characters of a current token's body.
const BODY_ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";

/// A deterministic pseudo-random byte source (xorshift64*), so the table is
/// the same on every run and needs no dependency.
struct Xorshift(u64);

impl Xorshift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn pick(&mut self, alphabet: &[u8]) -> char {
        char::from(alphabet[(self.next() % alphabet.len() as u64) as usize])
    }
}

/// `body` + `=` + the upper-case hex CRC-32 of both: how a current token ends.
fn seal(body: &str) -> String {
    let signed = format!("{body}=");
    format!("{signed}{:08X}", crc32(signed.as_bytes()))
}

/// A synthetic current-format token: `ATATT3`, 177 pseudo-random body
/// characters, `=`, checksum. Same seed, same token.
fn synthetic(seed: u64) -> String {
    let mut rng = Xorshift(seed | 1);
    let mut body = String::from("ATATT3");
    while body.len() < 183 {
        body.push(rng.pick(BODY_ALPHABET));
    }
    seal(&body)
}

/// The table's token: the first synthetic one whose checksum has a hex letter,
/// so that lowering its case is a real change.
fn table_token() -> String {
    (1..)
        .map(synthetic)
        .find(|t| t[184..].bytes().any(|b| b.is_ascii_alphabetic()))
        .expect("some seed gives a checksum with a letter")
}

/// What each placeholder in [`CASES`] stands for.
fn placeholders() -> Vec<(&'static str, String)> {
    let token = table_token();
    let mut altered = token.clone().into_bytes();
    altered[100] = if altered[100] == b'A' { b'B' } else { b'A' };
    let altered = String::from_utf8(altered).unwrap();
    let mut rng = Xorshift(0x5EED);
    let legacy: String = (0..24).map(|_| rng.pick(&BODY_ALPHABET[..62])).collect();
    let atctt: String = std::iter::once("ATCTT3".to_string())
        .chain((0..180).map(|_| rng.pick(BODY_ALPHABET).to_string()))
        .collect();
    // The same body with a `+` (never in a token) and a correct checksum, so
    // only the character rule can fire.
    let bad_char = seal(&format!("{}+{}", &token[..50], &token[51..183]));
    vec![
        ("{TOKEN}", token.clone()),
        ("{ALTERED}", altered),
        ("{TRUNCATED}", token[..191].to_string()),
        ("{BODY_ONLY}", token[..183].to_string()),
        ("{LONGER}", format!("{token}A")),
        (
            "{LOWER_HEX}",
            format!("{}{}", &token[..184], token[184..].to_ascii_lowercase()),
        ),
        (
            "{NO_EQUALS}",
            format!("{}-{}", &token[..183], &token[184..]),
        ),
        ("{BAD_CHAR}", bad_char),
        ("{BROKEN}", format!("{}\n{}", &token[..96], &token[96..])),
        ("{SPACED}", format!("{} {}", &token[..96], &token[96..])),
        (
            "{ZERO_WIDTH}",
            format!("{}\u{200B}{}", &token[..96], &token[96..]),
        ),
        (
            "{BASIC}",
            STANDARD.encode(format!("jane@acme.com:{token}").as_bytes()),
        ),
        (
            "{BASIC_UNPADDED}",
            STANDARD
                .encode(b"jane@acme.com:hunter22")
                .trim_end_matches('=')
                .to_string(),
        ),
        ("{ATCTT}", atctt),
        ("{LEGACY}", legacy),
        // Atlassian says a token's length may vary: a sealed body of any length is a token.
        ("{SHORT_SEALED}", seal(&token[..150])),
        (
            "{LONG_SEALED}",
            seal(&format!("{}{}", &token[..183], &token[6..100])),
        ),
        ("{ATBB}", format!("ATBB{}", &token[6..40])),
        ("{PAT}", pat(7)),
        ("{PAT_CUT}", pat(7)[..40].to_string()),
        ("{PAT_LONGER}", format!("{}A", pat(7))),
        // 44 base64 characters from M, N or O that do not decode to a 12-digit id.
        (
            "{PAT_SHAPE}",
            format!("M{}", &pat(7)[1..].replace(['D', 'T', 'j', 'z'], "A")),
        ),
        (
            "{PAT_SPACED}",
            format!("{} {}", &pat(7)[..20], &pat(7)[20..]),
        ),
    ]
}

/// A synthetic Jira Data Center personal access token: the base64 of a
/// 12-digit id, a colon and 20 pseudo-random bytes. Same seed, same token.
fn pat(seed: u64) -> String {
    let mut rng = Xorshift(seed | 1);
    let mut bytes: Vec<u8> = (0..12).map(|_| b'0' + (rng.next() % 10) as u8).collect();
    bytes.push(b':');
    bytes.extend((0..20).map(|_| rng.next() as u8));
    STANDARD.encode(bytes)
}

struct Case {
    name: &'static str,
    input: &'static str,
    /// The cleaned value, `None` when the token is rejected.
    value: Option<&'static str>,
    codes: &'static [Code],
}

const fn case(
    name: &'static str,
    input: &'static str,
    value: Option<&'static str>,
    codes: &'static [Code],
) -> Case {
    Case {
        name,
        input,
        value,
        codes,
    }
}

use Code::*;

/// The table's date: before 12 May 2026, while legacy tokens still warn.
fn check_token(input: &str) -> FieldResult {
    check_token_on(input, date("2026-03-01"))
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap()
}

const CASES: &[Case] = &[
    // A current token, as copied.
    case("current", "{TOKEN}", Some("{TOKEN}"), &[TokenCurrent]),
    // Cleaning: surrounding blank space and quotation marks.
    case(
        "trailing newline",
        "{TOKEN}\n",
        Some("{TOKEN}"),
        &[TokenTrimmed, TokenCurrent],
    ),
    case(
        "spaces and CRLF",
        "  {TOKEN}\r\n",
        Some("{TOKEN}"),
        &[TokenTrimmed, TokenCurrent],
    ),
    case(
        "byte order mark",
        "\u{FEFF}{TOKEN}",
        Some("{TOKEN}"),
        &[TokenTrimmed, TokenCurrent],
    ),
    case(
        "JSON string",
        "\"{TOKEN}\"",
        Some("{TOKEN}"),
        &[TokenUnquoted, TokenCurrent],
    ),
    case(
        "shell quotes",
        "'{TOKEN}'",
        Some("{TOKEN}"),
        &[TokenUnquoted, TokenCurrent],
    ),
    case(
        "smart quotes",
        "\u{201C}{TOKEN}\u{201D}",
        Some("{TOKEN}"),
        &[TokenUnquoted, TokenCurrent],
    ),
    case(
        "quoted with spaces",
        " \"{TOKEN}\"\n",
        Some("{TOKEN}"),
        &[TokenTrimmed, TokenUnquoted, TokenCurrent],
    ),
    case(
        "JSON with comma",
        "\"{TOKEN}\",",
        Some("\"{TOKEN}\","),
        &[TokenUnrecognized],
    ),
    case(
        "env line",
        "JIRA_API_TOKEN={TOKEN}",
        Some("JIRA_API_TOKEN={TOKEN}"),
        &[TokenUnrecognized],
    ),
    // Errors.
    case("empty", "", None, &[TokenEmpty]),
    case("whitespace only", "  \n\t ", None, &[TokenEmpty]),
    case("quotes only", "\"\"", None, &[TokenEmpty]),
    case("inner newline", "{BROKEN}", None, &[TokenWhitespace]),
    case("inner space", "{SPACED}", None, &[TokenWhitespace]),
    case(
        "inner zero-width space",
        "{ZERO_WIDTH}",
        None,
        &[TokenWhitespace],
    ),
    case(
        "Basic credential",
        "Basic {BASIC}",
        None,
        &[TokenBasicCredentials],
    ),
    case(
        "basic credential, lower case",
        "basic {BASIC}",
        None,
        &[TokenBasicCredentials],
    ),
    case(
        "whole header",
        "Authorization: Basic {BASIC}",
        None,
        &[TokenBasicCredentials],
    ),
    case(
        "bare Basic credential",
        "{BASIC}",
        None,
        &[TokenBasicCredentials],
    ),
    case(
        "unpadded Basic credential",
        "{BASIC_UNPADDED}",
        None,
        &[TokenBasicCredentials],
    ),
    case(
        "email:token",
        "jane@acme.com:{TOKEN}",
        None,
        &[TokenBasicCredentials],
    ),
    case(
        "Basic with a token",
        "Basic {TOKEN}",
        None,
        &[TokenAuthPrefix],
    ),
    case(
        "Bearer with a token",
        "Bearer {TOKEN}",
        None,
        &[TokenAuthPrefix],
    ),
    case("Bearer x", "Bearer x", None, &[TokenAuthPrefix]),
    case(
        "BEARER, upper case",
        "BEARER {TOKEN}",
        None,
        &[TokenAuthPrefix],
    ),
    case(
        "header without scheme",
        "Authorization: {TOKEN}",
        None,
        &[TokenAuthPrefix],
    ),
    case("email", "jane@acme.com", None, &[TokenIsEmail]),
    case(
        "email, trimmed",
        " Jane@Acme.com\n",
        None,
        &[TokenIsEmail, TokenTrimmed],
    ),
    case("Bitbucket token", "{ATCTT}", None, &[TokenWrongProduct]),
    case(
        "Bitbucket app password",
        "{ATBB}",
        None,
        &[TokenWrongProduct],
    ),
    case(
        "a sealed token shorter than usual",
        "{SHORT_SEALED}",
        Some("{SHORT_SEALED}"),
        &[TokenCurrent],
    ),
    case(
        "a sealed token longer than usual",
        "{LONG_SEALED}",
        Some("{LONG_SEALED}"),
        &[TokenCurrent],
    ),
    // Warnings: usable, but probably not what was meant.
    case(
        "one body character changed",
        "{ALTERED}",
        Some("{ALTERED}"),
        &[TokenChecksum],
    ),
    case(
        "truncated",
        "{TRUNCATED}",
        Some("{TRUNCATED}"),
        &[TokenLength],
    ),
    case(
        "checksum missing",
        "{BODY_ONLY}",
        Some("{BODY_ONLY}"),
        &[TokenLength],
    ),
    case(
        "one character too many",
        "{LONGER}",
        Some("{LONGER}"),
        &[TokenLength],
    ),
    case(
        "lower-case checksum",
        "{LOWER_HEX}",
        Some("{LOWER_HEX}"),
        &[TokenChecksum],
    ),
    case(
        "no equals sign",
        "{NO_EQUALS}",
        Some("{NO_EQUALS}"),
        &[TokenChecksum],
    ),
    case(
        "foreign character",
        "{BAD_CHAR}",
        Some("{BAD_CHAR}"),
        &[TokenChecksum],
    ),
    case(
        "short non-ASCII",
        "ATATT3\u{e9}t\u{e9}",
        Some("ATATT3\u{e9}t\u{e9}"),
        &[TokenLength],
    ),
    case("legacy", "{LEGACY}", Some("{LEGACY}"), &[TokenLegacy]),
    case(
        "password",
        "correct-horse-battery",
        Some("correct-horse-battery"),
        &[TokenUnrecognized],
    ),
    case(
        "23 characters",
        "abcdefghijklmnopqrstuvw",
        Some("abcdefghijklmnopqrstuvw"),
        &[TokenUnrecognized],
    ),
    case(
        "24 with underscore",
        "abcdefghijklmnopqrstuv_x",
        Some("abcdefghijklmnopqrstuv_x"),
        &[TokenUnrecognized],
    ),
    case("Basic alone", "Basic", Some("Basic"), &[TokenUnrecognized]),
    case(
        "Basicx",
        "Basicxyzzy",
        Some("Basicxyzzy"),
        &[TokenUnrecognized],
    ),
    case(
        "older ATATT",
        "ATATTxyzzy",
        Some("ATATTxyzzy"),
        &[TokenUnrecognized],
    ),
    case("lone quote", "\"", Some("\""), &[TokenUnrecognized]),
    // A Data Center token typed for a Cloud site.
    case(
        "personal access token",
        "{PAT}",
        None,
        &[TokenForDataCenter],
    ),
];

/// The token of a Jira Data Center site: a personal access token.
const DC_CASES: &[Case] = &[
    case("pat", "{PAT}", Some("{PAT}"), &[TokenPersonalAccess]),
    case(
        "pat, pasted with a line break",
        " {PAT}\n",
        Some("{PAT}"),
        &[TokenTrimmed, TokenPersonalAccess],
    ),
    case(
        "pat, quoted",
        "\"{PAT}\"",
        Some("{PAT}"),
        &[TokenUnquoted, TokenPersonalAccess],
    ),
    case("pat as Bearer", "Bearer {PAT}", None, &[TokenAuthPrefix]),
    case(
        "pat header",
        "Authorization: Bearer {PAT}",
        None,
        &[TokenAuthPrefix],
    ),
    case(
        "pat header, any scheme",
        "Authorization: {PAT}",
        None,
        &[TokenAuthPrefix],
    ),
    case("a Cloud token", "{TOKEN}", None, &[TokenForCloud]),
    case("a Bitbucket token", "{ATCTT}", None, &[TokenWrongProduct]),
    case("an app password", "{ATBB}", None, &[TokenWrongProduct]),
    case(
        "user and password",
        "jdoe:hunter22",
        None,
        &[TokenBasicCredentials],
    ),
    case(
        "a Basic credential",
        "{BASIC}",
        None,
        &[TokenBasicCredentials],
    ),
    case("an email", "jane@acme.com", None, &[TokenIsEmail]),
    case("a space inside", "{PAT_SPACED}", None, &[TokenWhitespace]),
    case("cut off", "{PAT_CUT}", Some("{PAT_CUT}"), &[TokenLength]),
    case(
        "longer",
        "{PAT_LONGER}",
        Some("{PAT_LONGER}"),
        &[TokenLength],
    ),
    case(
        "not its structure",
        "{PAT_SHAPE}",
        Some("{PAT_SHAPE}"),
        &[TokenChecksum],
    ),
    case(
        "a password",
        "hunter22",
        Some("hunter22"),
        &[TokenUnrecognized],
    ),
    case("nothing", "", None, &[TokenEmpty]),
    case("blank", " \t", None, &[TokenEmpty]),
];

#[test]
fn data_center_table() {
    let placeholders = placeholders();
    for case in DC_CASES {
        let input = expand(case.input, &placeholders);
        let result = check_token_for(&input, date("2026-12-07"), Deployment::DataCenter);
        let expected = case.value.map(|v| expand(v, &placeholders));
        assert_eq!(result.value, expected, "{}: value", case.name);
        assert_eq!(result.codes(), case.codes, "{}: codes", case.name);
        assert_eq!(result.ok, expected.is_some(), "{}: ok", case.name);
        assert_keeps_secret(&input, &result, case.name);
    }
    // Every synthetic token of the shape is one.
    for seed in 0..200 {
        let result = check_token_for(&pat(seed), date("2026-12-07"), Deployment::DataCenter);
        assert_eq!(result.codes(), [TokenPersonalAccess], "seed {seed}");
    }
}

fn expand(text: &str, placeholders: &[(&str, String)]) -> String {
    placeholders
        .iter()
        .fold(text.to_string(), |acc, (name, value)| {
            acc.replace(name, value)
        })
}

/// Case-insensitive public words a window may repeat: they are the header
/// around a token, not the token.
const PUBLIC_WORDS: &[&str] = &["authorization:"];

/// Fails when a diagnostic has a suggestion or repeats 8 characters in a row
/// of `secret` (other than [`PUBLIC_WORDS`]).
fn assert_keeps_secret(secret: &str, result: &FieldResult, name: &str) {
    let chars: Vec<char> = secret.chars().collect();
    for diagnostic in &result.diagnostics {
        assert_eq!(
            diagnostic.suggestion, None,
            "{name}: token diagnostics suggest nothing"
        );
        for window in chars.windows(8) {
            let window: String = window.iter().collect();
            let lower = window.to_lowercase();
            if PUBLIC_WORDS.iter().any(|w| w.contains(&lower)) {
                continue;
            }
            assert!(
                !diagnostic.message.contains(&window),
                "{name}: message {:?} repeats part of the token",
                diagnostic.message
            );
        }
    }
}

#[test]
fn table() {
    let placeholders = placeholders();
    for case in CASES {
        let input = expand(case.input, &placeholders);
        let result = check_token(&input);
        let expected = case.value.map(|v| expand(v, &placeholders));
        assert_eq!(result.value, expected, "{}: value", case.name);
        assert_eq!(result.codes(), case.codes, "{}: codes", case.name);
        assert_eq!(result.ok, expected.is_some(), "{}: ok", case.name);
    }
}

#[test]
fn no_diagnostic_repeats_the_token() {
    let placeholders = placeholders();
    for case in CASES {
        let input = expand(case.input, &placeholders);
        let result = check_token(&input);
        assert_keeps_secret(&input, &result, case.name);
        for diagnostic in &result.diagnostics {
            assert!(
                !diagnostic.message.contains("jane@"),
                "{}: echoes the email",
                case.name
            );
            assert!(
                !diagnostic.message.contains("hunter"),
                "{}: echoes the secret",
                case.name
            );
        }
    }
}

#[test]
fn every_token_code_is_covered_by_the_table() {
    let covered: Vec<Code> = CASES
        .iter()
        .chain(DC_CASES)
        .flat_map(|c| c.codes.iter().copied())
        .collect();
    for code in Code::ALL
        .iter()
        .filter(|c| c.as_str().starts_with("token-"))
    {
        assert!(covered.contains(code), "no table case produces {code}");
    }
}

#[test]
fn synthetic_tokens_check_out() {
    for seed in 0..200 {
        let token = synthetic(seed);
        assert_eq!(token.len(), 192);
        assert_eq!(check_token(&token).codes(), [TokenCurrent], "seed {seed}");
    }
}

#[test]
fn huge_input_does_not_panic() {
    let token = table_token();
    for input in [
        token.repeat(10_000),
        "\"".repeat(100_001),
        format!("{}{}{}", " \"".repeat(50_000), token, "\" ".repeat(50_000)),
        format!("Basic {}", STANDARD.encode(token.repeat(1_000).as_bytes())),
        "\u{200B}".repeat(100_000),
    ] {
        let _ = check_token(&input);
    }
}

/// Inputs shaped like tokens: real-format tokens with one character
/// replaced, inserted or removed, random token-alphabet strings, and pasted
/// header values.
fn token_like() -> impl Strategy<Value = String> {
    let mutated =
        (any::<u64>(), 0usize..200, 0u8..3, "[A-Za-z0-9_=+/ -]").prop_map(|(seed, at, how, c)| {
            let mut token = synthetic(seed);
            let at = at.min(token.len());
            match how {
                0 => token.insert_str(at, &c),
                1 if at < token.len() => {
                    token.remove(at);
                }
                _ => token.replace_range(at.min(191)..at.min(191) + 1, &c),
            }
            token
        });
    prop_oneof![
        any::<u64>().prop_map(synthetic),
        mutated,
        "ATATT3[A-Za-z0-9_-]{0,200}(=[0-9A-Fa-f]{0,9})?",
        "ATCTT[A-Za-z0-9_=-]{0,200}",
        "[A-Za-z0-9_=-]{0,250}",
        ("(Basic |Bearer |basic )?", any::<u64>()).prop_map(|(scheme, seed)| {
            let pair = format!("ops{}@acme.com:{}", seed % 1000, synthetic(seed));
            format!("{scheme}{}", STANDARD.encode(pair.as_bytes()))
        }),
    ]
}

proptest! {
    #[test]
    fn never_panics(input in any::<String>()) {
        let _ = check_token(&input);
    }

    #[test]
    fn never_panics_on_token_alphabets(input in "[\\x00-\\x7F\u{200B}\u{FEFF}\u{e9}\u{201C}\u{201D}]{0,400}") {
        let _ = check_token(&input);
    }

    #[test]
    fn an_accepted_value_is_accepted_again_unchanged(input in any::<String>()) {
        let first = check_token(&input);
        if let Some(value) = first.value {
            let again = check_token(&value);
            prop_assert!(again.ok);
            prop_assert_eq!(again.value.as_deref(), Some(value.as_str()));
            prop_assert!(!again.has(TokenTrimmed) && !again.has(TokenUnquoted));
        }
    }

    #[test]
    fn an_accepted_token_like_value_is_accepted_again(input in token_like()) {
        let first = check_token(&input);
        if let Some(value) = first.value {
            let again = check_token(&value);
            prop_assert!(again.ok);
            prop_assert_eq!(again.value, Some(value));
        }
    }

    #[test]
    fn token_like_inputs_are_never_repeated(input in token_like()) {
        let result = check_token(&input);
        assert_keeps_secret(&input, &result, "proptest");
    }

    #[test]
    fn ok_is_false_exactly_with_an_error(input in token_like()) {
        let result = check_token(&input);
        let has_error = result
            .diagnostics
            .iter()
            .any(|d| d.severity == tines_jira_credential::Severity::Error);
        prop_assert_eq!(result.ok, !has_error);
        prop_assert_eq!(result.ok, result.value.is_some());
    }
}

/// Atlassian gave every token created before 15 December 2024 an expiry
/// between 14 March and 12 May 2026: a legacy token warns before that day and
/// is an error from it on.
#[test]
fn legacy_tokens_stopped_working_on_12_may_2026() {
    let legacy = "abcdefghijklmnopqrstuvwx";
    for (day, ok) in [
        ("2025-12-31", true),
        ("2026-05-11", true),
        ("2026-05-12", false),
        ("2026-12-01", false),
    ] {
        let r = check_token_on(legacy, date(day));
        assert_eq!(r.ok, ok, "{day}");
        assert_eq!(r.codes(), [TokenLegacy], "{day}");
        let message = &r.diagnostics[0].message;
        if ok {
            assert!(
                message.contains("stop working by 12 May 2026"),
                "{day}: {message}"
            );
        } else {
            assert!(
                message.contains("stopped working by 12 May 2026"),
                "{day}: {message}"
            );
            assert!(message.contains("id.atlassian.com/manage-profile/security/api-tokens"));
        }
    }
    // A current token does not depend on the date.
    let current = synthetic(7);
    assert!(check_token_on(&current, date("2030-01-01")).ok);
}

/// A pasted megabyte is "too long" without being read further.
#[test]
fn a_pasted_megabyte_is_too_long() {
    let r = check_token(&"A".repeat(1_000_000));
    assert_eq!(r.codes(), [TooLong]);
    assert!(!r.ok);
    assert!(check_token(&"A".repeat(1024)).codes() != [TooLong]);
}
