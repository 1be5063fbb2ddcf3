//! The little JSON the module needs, without a general serializer or parser
//! (STYLE.md, "Small by construction").
//!
//! - [`ToJson`] writes the results the JavaScript API returns, exactly as
//!   their `serde::Serialize` derives would (same keys, order, escapes; a test
//!   holds the two together), so the wasm layer hands the engine's own
//!   `JSON.parse` one string per call.
//! - [`parse_object`] reads the top level of Jira's small JSON answers
//!   (RFC 8259), validating the whole document, and never panics.

use crate::diagnostic::{Diagnostic, FieldResult};
use crate::report::{CredentialOutputs, CredentialReport};
use crate::site::SiteCheck;
use crate::verify::{Account, Verification};

// ---- writing -------------------------------------------------------------------

/// A result the JavaScript API returns as a plain object.
pub trait ToJson {
    /// Appends the JSON text of `self` to `out`.
    fn write_json(&self, out: &mut String);

    /// The JSON text of `self`. (Not part of the trait object: the wasm
    /// layer calls `write_json` through one `&dyn ToJson`, so no copy of this
    /// method is made per type.)
    fn to_json(&self) -> String
    where
        Self: Sized,
    {
        let mut out = String::new();
        self.write_json(&mut out);
        out
    }
}

/// A JSON string, escaped as serde_json does (RFC 8259 §7): `"` and `\`, the
/// short escapes for backspace, form feed, line feed, carriage return and tab,
/// `\u00XX` for the other control characters.
fn string(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    // The text between escapes is copied whole, and usually there is no
    // escape at all: pushing one `char` at a time made writing the result cost
    // more than the check itself (measured). Every byte that needs an escape
    // is ASCII, so the text is cut at character boundaries only.
    let mut rest = text;
    while let Some(at) = first_to_escape(rest.as_bytes()) {
        let (Some(before), Some(&b), Some(after)) =
            (rest.get(..at), rest.as_bytes().get(at), rest.get(at + 1..))
        else {
            break;
        };
        out.push_str(before);
        // The short escape, or "" for `\u00XX`.
        let short = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            0x08 => "\\b",
            0x0c => "\\f",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            _ => "",
        };
        if short.is_empty() {
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        } else {
            out.push_str(short);
        }
        rest = after;
    }
    out.push_str(rest);
    out.push('"');
}

/// Where the first byte JSON must escape (`"`, `\`, a control character)
/// is in `bytes`.
///
/// Eight bytes at a time (the SWAR tests of "Bit Twiddling Hacks",
/// <https://graphics.stanford.edu/~seander/bithacks.html#HasLessInWord>):
/// a result holds a few hundred bytes of text, a report a few kilobytes, and
/// a byte-at-a-time scan was the largest single cost of writing them
/// (measured). Each test says exactly whether the word holds such a byte;
/// the byte scan then finds which.
fn first_to_escape(bytes: &[u8]) -> Option<usize> {
    const ONES: u64 = u64::from_le_bytes([0x01; 8]);
    const HIGHS: u64 = ONES << 7;
    // Some byte of `word` is below `n` (exact for n <= 128)…
    let below = |word: u64, n: u8| word.wrapping_sub(ONES * u64::from(n)) & !word & HIGHS != 0;
    // …or equal to `b` (the XOR makes that byte zero).
    let is = |word: u64, b: u8| below(word ^ (ONES * u64::from(b)), 1);
    let mut start = 0;
    for chunk in bytes.chunks_exact(8) {
        let Ok(chunk) = <[u8; 8]>::try_from(chunk) else {
            break;
        };
        let word = u64::from_le_bytes(chunk);
        if below(word, 0x20) || is(word, b'"') || is(word, b'\\') {
            break;
        }
        start += 8;
    }
    let tail = bytes.get(start..)?;
    let at = tail
        .iter()
        .position(|&b| b < 0x20 || b == b'"' || b == b'\\')?;
    Some(start + at)
}

/// Tines' *Metadata* block, `{"domain": …, "username": …}`, indented with two
/// spaces as Tines' guide shows it: the text serde_json's `to_string_pretty`
/// writes (a test holds them together), without linking serde_json's
/// serializer into the module for this one block.
pub(crate) fn metadata_block(domain: &str, username: &str) -> String {
    let mut out = String::with_capacity(domain.len() + username.len() + 40);
    out.push_str("{\n  \"domain\": ");
    string(&mut out, domain);
    out.push_str(",\n  \"username\": ");
    string(&mut out, username);
    out.push_str("\n}");
    out
}

fn optional_string(out: &mut String, text: Option<&str>) {
    match text {
        Some(text) => string(out, text),
        None => out.push_str("null"),
    }
}

fn boolean(out: &mut String, value: bool) {
    out.push_str(if value { "true" } else { "false" });
}

/// `key` (with its leading punctuation, such as `,"code":`) and a string.
fn field(out: &mut String, key: &str, text: &str) {
    out.push_str(key);
    string(out, text);
}

/// A field serde skips when it is `None`.
fn skippable(out: &mut String, key: &str, text: Option<&str>) {
    if let Some(text) = text {
        field(out, key, text);
    }
}

fn number(out: &mut String, key: &str, value: Option<u64>) {
    if let Some(value) = value {
        out.push_str(key);
        out.push_str(&crate::text::decimal(value));
    }
}

fn diagnostics(out: &mut String, key: &str, list: &[Diagnostic]) {
    out.push_str(key);
    out.push('[');
    for (i, d) in list.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        d.write_json(out);
    }
    out.push(']');
}

impl ToJson for Diagnostic {
    fn write_json(&self, out: &mut String) {
        field(out, "{\"severity\":", self.severity.as_str());
        field(out, ",\"code\":", self.code.as_str());
        field(out, ",\"message\":", &self.message);
        skippable(out, ",\"suggestion\":", self.suggestion.as_deref());
        out.push('}');
    }
}

/// The three fields every check result starts with.
fn field_result(out: &mut String, ok: bool, value: Option<&str>, list: &[Diagnostic]) {
    out.push_str("{\"ok\":");
    boolean(out, ok);
    out.push_str(",\"value\":");
    optional_string(out, value);
    diagnostics(out, ",\"diagnostics\":", list);
}

impl ToJson for FieldResult {
    fn write_json(&self, out: &mut String) {
        field_result(out, self.ok, self.value.as_deref(), &self.diagnostics);
        out.push('}');
    }
}

impl ToJson for SiteCheck {
    fn write_json(&self, out: &mut String) {
        field_result(out, self.ok, self.value.as_deref(), &self.diagnostics);
        field(out, ",\"kind\":", self.kind.as_str());
        out.push('}');
    }
}

impl ToJson for CredentialReport {
    fn write_json(&self, out: &mut String) {
        out.push_str("{\"ok\":");
        boolean(out, self.ok);
        out.push_str(",\"fields\":{\"site\":");
        self.fields.site.write_json(out);
        out.push_str(",\"email\":");
        self.fields.email.write_json(out);
        out.push_str(",\"token\":");
        self.fields.token.write_json(out);
        out.push_str(",\"name\":");
        self.fields.name.write_json(out);
        out.push_str("},\"outputs\":");
        match &self.outputs {
            Some(outputs) => outputs.write_json(out),
            None => out.push_str("null"),
        }
        out.push('}');
    }
}

impl ToJson for CredentialOutputs {
    fn write_json(&self, out: &mut String) {
        field(out, "{\"name\":", &self.name);
        field(out, ",\"credentialKey\":", &self.credential_key);
        out.push_str(",\"value\":");
        optional_string(out, self.value.as_deref());
        field(out, ",\"metadataJson\":", &self.metadata_json);
        field(out, ",\"domainsField\":", &self.domains_field);
        let r = &self.references;
        field(out, ",\"references\":{\"value\":", &r.value);
        field(out, ",\"domain\":", &r.domain);
        field(out, ",\"username\":", &r.username);
        field(out, ",\"baseUrl\":", &r.base_url);
        field(out, "},\"commands\":{\"curl\":", &self.commands.curl);
        field(out, ",\"powershell\":", &self.commands.powershell);
        field(out, "},\"route\":", self.route.as_str());
        out.push('}');
    }
}

impl ToJson for Verification {
    fn write_json(&self, out: &mut String) {
        field(out, "{\"outcome\":", self.outcome.as_str());
        field(out, ",\"message\":", &self.message);
        field(out, ",\"route\":", self.route.as_str());
        number(out, ",\"status\":", self.status.map(u64::from));
        number(out, ",\"retryAfterSeconds\":", self.retry_after_seconds);
        diagnostics(out, ",\"diagnostics\":", &self.diagnostics);
        if let Some(account) = &self.account {
            out.push_str(",\"account\":");
            account.write_json(out);
        }
        out.push('}');
    }
}

impl ToJson for Account {
    fn write_json(&self, out: &mut String) {
        field(out, "{\"accountId\":", &self.account_id);
        field(out, ",\"displayName\":", &self.display_name);
        skippable(out, ",\"emailAddress\":", self.email_address.as_deref());
        out.push_str(",\"active\":");
        boolean(out, self.active);
        field(out, ",\"accountType\":", &self.account_type);
        out.push('}');
    }
}

// ---- reading -------------------------------------------------------------------

/// A JSON value, as much of it as the answers' interpretation looks at.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Json {
    /// A string, unescaped.
    String(String),
    /// `true` or `false`.
    Bool(bool),
    /// An array (its elements are validated, not kept).
    Array,
    /// An object (its members are validated, not kept), a number or `null`.
    Other,
}

/// The members of a top-level object, in document order.
pub(crate) struct Members(Vec<(String, Json)>);

impl Members {
    /// The value of `key`; for a repeated key the last one, as serde_json's
    /// map keeps it.
    pub(crate) fn get(&self, key: &str) -> Option<&Json> {
        self.0.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// The value of `key` when it is a string.
    pub(crate) fn string(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Json::String(s)) => Some(s),
            _ => None,
        }
    }
}

/// serde_json's recursion limit: every array or object uses one level, and
/// the 128th is refused.
const MAX_DEPTH: u32 = 128;

/// The members of `text` when it is exactly one JSON object (surrounding
/// whitespace allowed); `None` for anything else, valid JSON or not.
///
/// It accepts what serde_json accepts, with one deliberate difference:
/// numbers are checked for their grammar only, so one too large for an `f64`
/// (`1e400`, which serde_json calls out of range) does not spoil the answer.
pub(crate) fn parse_object(text: &str) -> Option<Members> {
    let mut reader = Reader {
        bytes: text.as_bytes(),
        pos: 0,
    };
    reader.space();
    if !reader.eat(b'{') {
        return None;
    }
    let mut members = Vec::new();
    reader.object(MAX_DEPTH - 1, &mut members)?;
    reader.space();
    (reader.pos == reader.bytes.len()).then_some(Members(members))
}

struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn next(&mut self) -> Option<u8> {
        let b = *self.bytes.get(self.pos)?;
        self.pos += 1;
        Some(b)
    }

    fn eat(&mut self, b: u8) -> bool {
        let found = self.bytes.get(self.pos) == Some(&b);
        if found {
            self.pos += 1;
        }
        found
    }

    /// RFC 8259 §2: space, tab, line feed, carriage return.
    fn space(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    /// `depth`: the levels left for arrays and objects inside this value.
    fn value(&mut self, depth: u32) -> Option<Json> {
        self.space();
        let depth = depth.checked_sub(1).filter(|&d| d > 0);
        match self.next()? {
            b'"' => self.string().map(Json::String),
            b'{' => self.object(depth?, &mut Vec::new()).map(|()| Json::Other),
            b'[' => self.array(depth?).map(|()| Json::Array),
            b't' => self.literal(b"rue").map(|()| Json::Bool(true)),
            b'f' => self.literal(b"alse").map(|()| Json::Bool(false)),
            b'n' => self.literal(b"ull").map(|()| Json::Other),
            b'-' => self.number(),
            b'0'..=b'9' => {
                self.pos -= 1;
                self.number()
            }
            _ => None,
        }
    }

    /// After `{`: members up to and including `}`.
    fn object(&mut self, depth: u32, members: &mut Vec<(String, Json)>) -> Option<()> {
        self.space();
        if self.eat(b'}') {
            return Some(());
        }
        loop {
            self.space();
            if !self.eat(b'"') {
                return None;
            }
            let key = self.string()?;
            self.space();
            if !self.eat(b':') {
                return None;
            }
            let value = self.value(depth)?;
            members.push((key, value));
            self.space();
            if self.eat(b'}') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    /// After `[`: elements up to and including `]`.
    fn array(&mut self, depth: u32) -> Option<()> {
        self.space();
        if self.eat(b']') {
            return Some(());
        }
        loop {
            self.value(depth)?;
            self.space();
            if self.eat(b']') {
                return Some(());
            }
            if !self.eat(b',') {
                return None;
            }
        }
    }

    fn literal(&mut self, rest: &[u8]) -> Option<()> {
        let end = self.pos.checked_add(rest.len())?;
        (self.bytes.get(self.pos..end)? == rest).then(|| self.pos = end)
    }

    /// RFC 8259 §6, after an optional `-`: `0` or a digit run not starting
    /// with `0`, then an optional fraction and exponent.
    fn number(&mut self) -> Option<Json> {
        if !self.eat(b'0') {
            self.digits()?;
        }
        if self.eat(b'.') {
            self.digits()?;
        }
        if self.eat(b'e') || self.eat(b'E') {
            let _ = self.eat(b'+') || self.eat(b'-');
            self.digits()?;
        }
        Some(Json::Other)
    }

    /// One or more digits.
    fn digits(&mut self) -> Option<()> {
        let start = self.pos;
        while self.bytes.get(self.pos).is_some_and(u8::is_ascii_digit) {
            self.pos += 1;
        }
        (self.pos > start).then_some(())
    }

    /// After `"`: the string's characters up to and including the closing `"`,
    /// unescaped (RFC 8259 §7).
    fn string(&mut self) -> Option<String> {
        let mut out = Vec::new();
        loop {
            let b = self.next()?;
            match b {
                b'"' => return String::from_utf8(out).ok(),
                b'\\' => {
                    let unescaped = match self.next()? {
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => self.unicode_escape()?,
                        c @ (b'"' | b'\\' | b'/') => char::from(c),
                        _ => return None,
                    };
                    out.extend_from_slice(unescaped.encode_utf8(&mut [0; 4]).as_bytes());
                }
                // Control characters must be escaped.
                0..=0x1f => return None,
                _ => out.push(b),
            }
        }
    }

    /// After `\u`: one code point, from a UTF-16 surrogate pair where there
    /// is one. A lone surrogate is an error, as in serde_json.
    fn unicode_escape(&mut self) -> Option<char> {
        let first = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&first) {
            if !(self.eat(b'\\') && self.eat(b'u')) {
                return None;
            }
            let second = self.hex4()?;
            if !(0xDC00..0xE000).contains(&second) {
                return None;
            }
            0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
        } else {
            first
        };
        char::from_u32(code)
    }

    fn hex4(&mut self) -> Option<u32> {
        let mut code = 0;
        for _ in 0..4 {
            code = (code << 4) | char::from(self.next()?).to_digit(16)?;
        }
        Some(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{build_credential, CredentialInput};
    use crate::verify::{interpret_myself, transport_failure, Response, Route, TransportFailure};
    use crate::{check_email, check_name, check_site, check_token};
    use proptest::prelude::*;

    fn same_as_serde<T: ToJson + serde::Serialize>(value: &T) {
        assert_eq!(value.to_json(), serde_json::to_string(value).unwrap());
    }

    const ODD_TEXT: &[&str] = &[
        "",
        "plain",
        "quote \" backslash \\ slash /",
        "\u{0}\u{1}\u{8}\u{9}\u{a}\u{b}\u{c}\u{d}\u{1f}\u{7f}",
        "é ü 😀 \u{2028}\u{2029}",
    ];

    #[test]
    fn finds_the_first_byte_to_escape_at_every_position() {
        for len in 0..40 {
            for at in 0..=len {
                for special in [b'"', b'\\', 0, 0x1f, b'\n'] {
                    let mut bytes = vec![b'a'; len];
                    // Bytes next to the special ones, to catch a borrow
                    // between neighbours in the word tests.
                    for (i, b) in bytes.iter_mut().enumerate() {
                        *b = [b'a', 0x20, 0x21, b'#', b'[', b']', 0x7f, 0xc3][i % 8];
                    }
                    if let Some(b) = bytes.get_mut(at) {
                        *b = special;
                    }
                    let expected = bytes
                        .iter()
                        .position(|&b| b < 0x20 || b == b'"' || b == b'\\');
                    assert_eq!(first_to_escape(&bytes), expected, "{bytes:?}");
                }
            }
        }
    }

    #[test]
    fn strings_escape_as_serde_does() {
        for text in ODD_TEXT {
            let mut out = String::new();
            string(&mut out, text);
            assert_eq!(out, serde_json::to_string(text).unwrap());
        }
    }

    #[test]
    fn results_serialize_as_serde_does() {
        let token = "ATATT3xFfGF0-example-not-a-real-token";
        for text in ODD_TEXT.iter().chain(&[
            "acme",
            "http://ACME.atlassian.net:443/jira/boards/1",
            "jane@acme.com",
            " jane \"doe\" <jane@acme.com> ",
            "acme.example.com",
        ]) {
            same_as_serde(&check_site(text));
            same_as_serde(&check_email(text));
            same_as_serde(&check_token(text));
            same_as_serde(&check_name(text));
        }
        for (site, email, scoped) in [
            ("acme", "jane@acme.com", false),
            ("acme.jira.com", "o'brien\"x\"@acme.com", true),
            ("", "", false),
        ] {
            same_as_serde(&build_credential(&CredentialInput {
                site,
                email,
                token,
                name: "Jira \"Prod\"",
                scoped,
            }));
        }
    }

    #[test]
    fn verifications_serialize_as_serde_does() {
        let response = |status: u16, headers: &[(&str, &str)], body: &str| Response {
            status,
            headers: headers
                .iter()
                .map(|&(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.to_string(),
            opaque_redirect: false,
        };
        let bodies = [
            r#"{"accountId":"a1","displayName":"Jane \"J\" Doe","emailAddress":"jane@acme.com","active":true,"accountType":"atlassian"}"#,
            r#"{"accountId":"a1","displayName":"Bot","active":false,"accountType":"app"}"#,
            r#"{"accountId":"a1","emailAddress":"other@acme.com","accountType":"customer"}"#,
        ];
        for body in bodies {
            for route in [Route::Site, Route::Scoped] {
                same_as_serde(&interpret_myself(
                    route,
                    "acme.atlassian.net",
                    "jane@acme.com",
                    &response(200, &[], body),
                ));
            }
        }
        for status in [0, 301, 401, 403, 404, 418, 429, 500, 503] {
            same_as_serde(&interpret_myself(
                Route::Scoped,
                "acme.atlassian.net",
                "jane@acme.com",
                &response(status, &[("Retry-After", "90")], r#"{"errorMessages":[]}"#),
            ));
        }
        for failure in [
            TransportFailure::Network,
            TransportFailure::Timeout,
            TransportFailure::Aborted,
        ] {
            same_as_serde(&transport_failure(Route::Site, failure));
        }
    }

    fn members(text: &str) -> Option<Vec<(String, Json)>> {
        parse_object(text).map(|m| m.0)
    }

    #[test]
    fn reads_the_top_level_of_an_object() {
        let m = parse_object(
            " {\"a\":\"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\", \"b\" : true,\"c\":false,\
             \"d\":null,\"e\":[1,-0.5e+3,{\"x\":[]}],\"f\":{\"g\":\"h\"},\"g\":-12E-1,\"a\":\"last\"}\n",
        )
        .unwrap();
        assert_eq!(m.string("a"), Some("last"), "a repeated key: the last wins");
        assert_eq!(m.get("b"), Some(&Json::Bool(true)));
        assert_eq!(m.get("c"), Some(&Json::Bool(false)));
        assert_eq!(m.get("d"), Some(&Json::Other));
        assert_eq!(m.get("e"), Some(&Json::Array));
        assert_eq!(m.get("f"), Some(&Json::Other));
        assert_eq!(m.get("g"), Some(&Json::Other));
        assert_eq!(m.get("x"), None);
        assert_eq!(
            members(r#"{"a":"x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"}"#).unwrap()[0].1,
            Json::String(String::from("x\"\\/\u{8}\u{c}\n\r\t\u{e9}\u{1f600}"))
        );
        assert_eq!(members("{}").unwrap(), Vec::new());
    }

    /// Each is refused by serde_json too.
    const NOT_ONE_OBJECT: &[&str] = &[
        "",
        " ",
        "[]",
        "\"x\"",
        "null",
        "1",
        "{",
        "}",
        "{}}",
        "{} {}",
        "{},",
        "{\"a\"}",
        "{\"a\":}",
        "{\"a\":1,}",
        "{,}",
        "{\"a\":1 \"b\":2}",
        "{a:1}",
        "{'a':1}",
        "{\"a\":[1,]}",
        "{\"a\":[,1]}",
        "{\"a\":[1 2]}",
        "{\"a\":01}",
        "{\"a\":1.}",
        "{\"a\":.5}",
        "{\"a\":1e}",
        "{\"a\":+1}",
        "{\"a\":-}",
        "{\"a\":tru}",
        "{\"a\":True}",
        "{\"a\":nul}",
        "{\"a\":NaN}",
        "{\"a\":\"\u{1}\"}",
        "{\"a\":\"\n\"}",
        "{\"a\":\"\\x\"}",
        "{\"a\":\"\\u12\"}",
        "{\"a\":\"\\u12G4\"}",
        "{\"a\":\"\\ud83d\"}",
        "{\"a\":\"\\ud83dx\"}",
        "{\"a\":\"\\ud83d\\u0041\"}",
        "{\"a\":\"\\ude00\"}",
        "{\"a\":\"unterminated}",
        "\u{feff}{}",
        "{\"a\":1}\u{a0}",
    ];

    #[test]
    fn refuses_what_is_not_one_object() {
        for text in NOT_ONE_OBJECT {
            assert!(members(text).is_none(), "{text:?}");
            assert!(
                serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(text).is_err(),
                "serde_json accepts {text:?}"
            );
        }
    }

    #[test]
    fn numbers_are_read_by_their_grammar() {
        for text in [
            r#"{"a":1e400}"#,
            r#"{"a":-1.7976931348623157e309}"#,
            r#"{"a":123456789012345678901234567890}"#,
        ] {
            assert!(members(text).is_some(), "{text}");
        }
    }

    #[test]
    fn nesting_is_limited_as_in_serde_json() {
        let nested = |depth: usize| {
            let mut text = String::from("{\"a\":");
            text.push_str(&"[".repeat(depth));
            text.push_str(&"]".repeat(depth));
            text.push('}');
            text
        };
        for depth in [1, 126, 127, 128, 129, 100_000] {
            let text = nested(depth);
            assert_eq!(
                members(&text).is_some(),
                serde_json::from_str::<serde_json::Value>(&text).is_ok(),
                "depth {depth}"
            );
        }
    }

    fn json_text() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just(String::from("null")),
            Just(String::from("true")),
            Just(String::from("false")),
            any::<i64>().prop_map(|n| n.to_string()),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(|f| f.to_string()),
            any::<String>().prop_map(|s| serde_json::to_string(&s).unwrap()),
        ];
        leaf.prop_recursive(4, 32, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6)
                    .prop_map(|items| std::format!("[{}]", items.join(","))),
                prop::collection::vec((any::<String>(), inner), 0..6).prop_map(|members| {
                    let members: Vec<String> = members
                        .iter()
                        .map(|(k, v)| std::format!("{}:{v}", serde_json::to_string(k).unwrap()))
                        .collect();
                    std::format!("{{{}}}", members.join(","))
                }),
            ]
        })
    }

    proptest! {
        #[test]
        fn agrees_with_serde_json_on_valid_json(text in json_text()) {
            let ours = members(&text);
            let theirs = serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&text);
            prop_assert_eq!(ours.is_some(), theirs.is_ok());
            if let (Some(ours), Ok(theirs)) = (ours, theirs) {
                for (key, value) in &theirs {
                    let mine = parse_object(&text).unwrap();
                    let expected = match value {
                        serde_json::Value::String(s) => Json::String(s.clone()),
                        serde_json::Value::Bool(b) => Json::Bool(*b),
                        serde_json::Value::Array(_) => Json::Array,
                        _ => Json::Other,
                    };
                    prop_assert_eq!(mine.get(key), Some(&expected));
                }
                let distinct: std::collections::BTreeSet<&String> =
                    ours.iter().map(|(k, _)| k).collect();
                prop_assert_eq!(distinct.len(), theirs.len());
            }
        }

        #[test]
        fn agrees_with_serde_json_on_any_text(text in "[{}\\[\\]\":,\\\\ a-z0-9.eE+-]{0,40}") {
            match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&text) {
                // The one documented difference (see `parse_object`).
                Err(e) if e.to_string().starts_with("number out of range") => {}
                theirs => prop_assert_eq!(members(&text).is_some(), theirs.is_ok()),
            }
        }

        #[test]
        fn finds_bytes_to_escape_as_a_plain_scan_does(bytes in prop::collection::vec(any::<u8>(), 0..64)) {
            let expected = bytes.iter().position(|&b| b < 0x20 || b == b'"' || b == b'\\');
            prop_assert_eq!(first_to_escape(&bytes), expected);
        }

        #[test]
        fn never_panics(text in any::<String>()) {
            let _ = parse_object(&text);
        }

        #[test]
        fn check_results_serialize_as_serde_does(text in any::<String>()) {
            same_as_serde(&check_site(&text));
            same_as_serde(&check_email(&text));
            same_as_serde(&check_token(&text));
            same_as_serde(&check_name(&text));
        }
    }
}
