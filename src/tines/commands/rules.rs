//! The rules every emitted program applies, written in sh and in PowerShell
//! from the constants the core itself decides with: the token's blank
//! characters, quotation marks, prefixes and shape (`crate::checks::token`),
//! the cloud id's groups (`crate::jira::request`), Jira's paths and the
//! route's turning points (`crate::route`, `crate::jira::answer`), and the
//! characters of a Tines API key. A rule changed in the core changes every
//! command with it; `tests/command_rules.rs` and `tests/commands/` hold the
//! commands to the core's own decisions.
//!
//! Messages are the commands' own: a terminal has no fields to point at. They
//! hold no quotation mark, `$`, backtick or backslash, so that they stand as
//! they are inside a sh script and a PowerShell string.

use crate::checks::token::{
    APP_PASSWORD_PREFIX, AUTH_SCHEMES, CHECKSUM_LEN, CURRENT_PREFIX, LEGACY_END, LEGACY_LEN,
    MAX_TOKEN_CHARS, NON_ASCII_BLANKS, PAT_CHARS, PAT_ID_DIGITS, PAT_SECRET_BYTES, QUOTE_PAIRS,
    WRONG_PRODUCT_PREFIXES,
};
use crate::diagnostic::concat;
use crate::jira::request::CLOUD_ID_GROUPS;
use crate::text::decimal;

use super::ps_quote;

/// A whole header line pasted as the token (`Authorization: …`).
const HEADER_NAME: &str = "authorization:";
/// The characters of a current token's body, after its prefix (as the
/// token check reads them: ASCII letters, digits, `_` and `-`).
pub(crate) const BODY_CHARS: &str = "A-Za-z0-9_-";
/// A Tines API key goes in `Authorization: Bearer <key>`, so it is an RFC 6750
/// §2.1 `b64token`: letters, digits and `- . _ ~ + /`, with `=` for padding.
pub(crate) const KEY_CHARS: &str = "A-Za-z0-9_=.~+/-";

/// Why a token is refused: what the page calls an error.
pub(crate) const WHY_LONG: &str = "it is far longer than an API token (192 characters)";
pub(crate) const WHY_EMPTY: &str = "there is nothing but blank space";
pub(crate) const WHY_HEADER: &str = "it is an Authorization header value: give only the token";
pub(crate) const WHY_BLANK: &str = "it has a space, a line break or an invisible character inside";
pub(crate) const WHY_OTHER_PRODUCT: &str =
    "it is a Bitbucket token, app password or organisation API key";
pub(crate) const WHY_EMAIL_TOKEN: &str = "it is an email and a token joined by a colon";
pub(crate) const WHY_EMAIL: &str = "it is an email address";
pub(crate) const WHY_LEGACY: &str =
    "it is an old 24-character token; all of those stopped by 12 May 2026";
/// What only looks unusual: what the page warns of.
pub(crate) const NOTE_LEGACY: &str =
    "this looks like an old 24-character token; those stop by 12 May 2026";
pub(crate) const NOTE_ALTERED: &str =
    "this token looks truncated or altered (its checksum does not hold)";
pub(crate) const NOTE_OTHER: &str =
    "this does not look like an Atlassian API token (they start ATATT3)";

/// Data Center's refusals and notes, for a personal access token.
pub(crate) const WHY_LONG_PAT: &str =
    "it is far longer than a personal access token (44 characters)";
pub(crate) const WHY_USER_SECRET: &str = "it is a user name and a secret joined by a colon";
pub(crate) const WHY_CLOUD_TOKEN: &str = "it is a Jira Cloud API token, not a Data Center one";
pub(crate) const WHY_PAT: &str = "it is a Data Center personal access token, not a Cloud one";
pub(crate) const NOTE_PAT_OTHER: &str =
    "this does not look like a Jira personal access token (44 letters, digits, + and /)";
pub(crate) const NOTE_PAT_SHORT: &str =
    "this is shorter than a personal access token (44 characters), so it looks cut off";
pub(crate) const NOTE_PAT_LONG: &str =
    "this is longer than a personal access token (44 characters)";
pub(crate) const NOTE_PAT_SHAPE: &str =
    "this has the length of a personal access token but not its structure";

/// Every message, for the tests.
pub const MESSAGES: [&str; 19] = [
    WHY_LONG_PAT,
    WHY_USER_SECRET,
    WHY_CLOUD_TOKEN,
    WHY_PAT,
    NOTE_PAT_OTHER,
    NOTE_PAT_SHORT,
    NOTE_PAT_LONG,
    NOTE_PAT_SHAPE,
    WHY_LONG,
    WHY_EMPTY,
    WHY_HEADER,
    WHY_BLANK,
    WHY_OTHER_PRODUCT,
    WHY_EMAIL_TOKEN,
    WHY_EMAIL,
    WHY_LEGACY,
    NOTE_LEGACY,
    NOTE_ALTERED,
    NOTE_OTHER,
];

/// A character's UTF-8 bytes as `printf` octal escapes (`\342\200\213`).
fn octal(c: char) -> String {
    let mut out = String::new();
    for b in c.encode_utf8(&mut [0; 4]).bytes() {
        out.push('\\');
        out.push(char::from(b'0' + (b >> 6)));
        out.push(char::from(b'0' + ((b >> 3) & 7)));
        out.push(char::from(b'0' + (b & 7)));
    }
    out
}

/// `text` as a sh pattern that matches it in any letter case
/// (`[Bb][Aa]…`); other characters as they are.
fn any_case_glob(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphabetic() {
                concat(&[
                    "[",
                    &c.to_ascii_uppercase().to_string(),
                    &c.to_ascii_lowercase().to_string(),
                    "]",
                ])
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// The date a legacy token stopped, as `date +%Y%m%d` prints a day.
fn legacy_end() -> String {
    LEGACY_END.iso().chars().filter(|&c| c != '-').collect()
}

/// The values the sh fragments take.
pub(crate) fn sh_values() -> Vec<(&'static str, String)> {
    // o1=$(printf "\042") c1=$(printf "\042"), a pair a line.
    let quote_vars: Vec<String> = QUOTE_PAIRS
        .iter()
        .enumerate()
        .map(|(i, &(open, close))| {
            let n = decimal(i as u64 + 1);
            concat(&[
                "o",
                &n,
                "=$(printf \"",
                &octal(open),
                "\") c",
                &n,
                "=$(printf \"",
                &octal(close),
                "\")",
            ])
        })
        .collect();
    let quote_cases: Vec<String> = (1..=QUOTE_PAIRS.len() as u64)
        .map(|i| {
            let n = decimal(i);
            concat(&[
                "    \"$o",
                &n,
                "\"*\"$c",
                &n,
                "\") t=${t#\"$o",
                &n,
                "\"}; t=${t%\"$c",
                &n,
                "\"}; continue;;",
            ])
        })
        .collect();
    // blanks=$(printf "…") and more lines, a few characters each.
    let mut blank_vars = Vec::new();
    for (i, chunk) in NON_ASCII_BLANKS.chunks(5).enumerate() {
        let bytes: Vec<String> = chunk.iter().map(|&c| octal(c)).collect();
        let printf = concat(&["$(printf \"", &bytes.join(" "), "\")"]);
        blank_vars.push(if i == 0 {
            concat(&["blanks=", &printf])
        } else {
            concat(&["blanks=\"$blanks ", &printf, "\""])
        });
    }
    // The header forms, one pattern a line (a backslash joins the lines).
    let mut headers: Vec<String> = AUTH_SCHEMES
        .iter()
        .map(|(scheme, _)| concat(&[&any_case_glob(scheme), "[[:space:]]*"]))
        .collect();
    headers.push(concat(&[&any_case_glob(HEADER_NAME), "*"]));
    let other: Vec<String> = WRONG_PRODUCT_PREFIXES
        .iter()
        .chain([APP_PASSWORD_PREFIX].iter())
        .map(|p| concat(&[p, "*"]))
        .collect();
    vec![
        ("QUOTE_VARS", quote_vars.join("\n")),
        ("QUOTE_CASES", quote_cases.join("\n")),
        ("BLANK_VARS", blank_vars.join("\n")),
        ("HEADER_GLOBS", headers.join("|\\\n  ")),
        ("WHY_HEADER", String::from(WHY_HEADER)),
        ("LEGACY_LENGTH", decimal(LEGACY_LEN as u64)),
        ("OTHER_PRODUCT_GLOB", other.join("|")),
        ("LEGACY_GLOB", "?".repeat(LEGACY_LEN)),
        ("LEGACY_END", legacy_end()),
        ("CURRENT", String::from(CURRENT_PREFIX)),
        ("BODY_CHARS", String::from(BODY_CHARS)),
        ("CHECKSUM_GLOB", "$x".repeat(CHECKSUM_LEN)),
        ("MAX_CHARS", decimal(MAX_TOKEN_CHARS as u64)),
        ("KEY_CHARS", String::from(KEY_CHARS)),
        ("PAT_SHAPE", pat_glob()),
        ("PAT_CHARS", decimal(PAT_CHARS as u64)),
        ("PAT_ID", decimal(PAT_ID_DIGITS as u64)),
        ("WHY_LONG_PAT", String::from(WHY_LONG_PAT)),
        ("WHY_USER_SECRET", String::from(WHY_USER_SECRET)),
        ("WHY_CLOUD_TOKEN", String::from(WHY_CLOUD_TOKEN)),
        ("WHY_PAT", String::from(WHY_PAT)),
        ("NOTE_PAT_OTHER", String::from(NOTE_PAT_OTHER)),
        ("NOTE_PAT_SHORT", String::from(NOTE_PAT_SHORT)),
        ("NOTE_PAT_LONG", String::from(NOTE_PAT_LONG)),
        ("NOTE_PAT_SHAPE", String::from(NOTE_PAT_SHAPE)),
        ("CLOUD_ID_GLOB", cloud_id_glob()),
        ("WHY_LONG", String::from(WHY_LONG)),
        ("WHY_EMPTY", String::from(WHY_EMPTY)),
        ("WHY_BLANK", String::from(WHY_BLANK)),
        ("WHY_OTHER_PRODUCT", String::from(WHY_OTHER_PRODUCT)),
        ("WHY_EMAIL_TOKEN", String::from(WHY_EMAIL_TOKEN)),
        ("WHY_EMAIL", String::from(WHY_EMAIL)),
        ("WHY_LEGACY", String::from(WHY_LEGACY)),
        ("NOTE_LEGACY", String::from(NOTE_LEGACY)),
        ("NOTE_ALTERED", String::from(NOTE_ALTERED)),
        ("NOTE_OTHER", String::from(NOTE_OTHER)),
    ]
}

/// Base64's alphabet (RFC 4648 §4), by value.
const BASE64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// The byte values a personal access token may hold at byte `j`: the base64
/// (RFC 4648 §4) of [`PAT_ID_DIGITS`] ASCII digits, a colon and
/// [`PAT_SECRET_BYTES`] bytes of any value, then nothing (zero bits).
fn pat_byte(j: usize) -> Vec<u8> {
    if j < PAT_ID_DIGITS {
        (b'0'..=b'9').collect()
    } else if j == PAT_ID_DIGITS {
        vec![b':']
    } else if j < PAT_ID_DIGITS + 1 + PAT_SECRET_BYTES {
        (0..=255).collect()
    } else {
        vec![0]
    }
}

/// The pairs of base64 values that may stand at positions `p` and `p + 1`,
/// found by encoding every value the bytes under them can take (a set of
/// 64 × 64 flags). Past the id and the colon every pair can.
fn pat_pairs(p: usize) -> Vec<bool> {
    let first = p * 6 / 8;
    if first > PAT_ID_DIGITS {
        return vec![true; 64 * 64];
    }
    let mut seen = vec![false; 64 * 64];
    for a in pat_byte(first) {
        for b in pat_byte(first + 1) {
            for c in pat_byte(first + 2) {
                let bits = (u32::from(a) << 16) | (u32::from(b) << 8) | u32::from(c);
                let at = |q: usize| (bits >> (18 - (q * 6 - first * 8))) & 63;
                let slot = (at(p) * 64 + at(p + 1)) as usize;
                if let Some(s) = seen.get_mut(slot) {
                    *s = true;
                }
            }
        }
    }
    seen
}

/// One step of a personal access token's pattern: a class of characters, or
/// two positions that depend on each other (one byte straddles them), as the
/// pairs of classes they may take.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum PatStep {
    /// Any of these characters.
    One(String),
    /// One of these (first characters, second characters).
    Two(Vec<(String, String)>),
}

/// A personal access token's [`PAT_CHARS`] positions as steps, from
/// [`pat_pairs`]: two positions are one step when not every pair of their
/// characters can occur. A token matches them all exactly when the core's
/// `is_personal_access_token` holds (a test holds the two equal).
pub(crate) fn pat_steps() -> Vec<PatStep> {
    let chars = |set: &dyn Fn(usize) -> bool| -> String {
        BASE64
            .iter()
            .enumerate()
            .filter(|&(v, _)| set(v))
            .map(|(_, &c)| char::from(c))
            .collect()
    };
    let mut steps = Vec::new();
    let mut p = 0;
    while p < PAT_CHARS {
        let pairs = pat_pairs(p.min(PAT_CHARS - 2));
        let held = |a: usize, b: usize| pairs.get(a * 64 + b).copied().unwrap_or(false);
        let (firsts, seconds) = if p + 1 < PAT_CHARS {
            (
                (0..64)
                    .filter(|&a| (0..64).any(|b| held(a, b)))
                    .collect::<Vec<_>>(),
                (0..64)
                    .filter(|&b| (0..64).any(|a| held(a, b)))
                    .collect::<Vec<_>>(),
            )
        } else {
            // The last position: the second of the last pair.
            let last = (0..64).filter(|&b| (0..64).any(|a| held(a, b))).collect();
            (last, Vec::new())
        };
        let independent =
            p + 1 >= PAT_CHARS || firsts.iter().all(|&a| seconds.iter().all(|&b| held(a, b)));
        if independent {
            steps.push(PatStep::One(chars(&|v| firsts.contains(&v))));
            p += 1;
            continue;
        }
        // Group the first characters by the seconds each allows.
        let mut groups: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
        for &a in &firsts {
            let allowed: Vec<usize> = (0..64).filter(|&b| held(a, b)).collect();
            match groups.iter_mut().find(|(_, s)| *s == allowed) {
                Some((f, _)) => f.push(a),
                None => groups.push((vec![a], allowed)),
            }
        }
        steps.push(PatStep::Two(
            groups
                .iter()
                .map(|(f, s)| (chars(&|v| f.contains(&v)), chars(&|v| s.contains(&v))))
                .collect(),
        ));
        p += 2;
    }
    steps
}

/// A class of characters (ASCII letters, digits, `+` and `/`), as a sh or
/// regular expression bracket: base64's whole alphabet as its ranges, one
/// character as itself, runs of three or
/// more neighbours in ASCII order as ranges (read in the C locale, which the
/// sh commands set).
fn bracket(class: &str) -> String {
    if class.len() == BASE64.len() {
        return String::from("[A-Za-z0-9+/]");
    }
    // In ASCII order, by walking ASCII rather than sorting: a sort would bring its code along.
    let codes: Vec<u8> = (0u8..128)
        .filter(|b| class.as_bytes().contains(b))
        .collect();
    if let [one] = codes.as_slice() {
        return char::from(*one).to_string();
    }
    let mut out = String::from("[");
    let mut i = 0;
    while let Some(&start) = codes.get(i) {
        let mut end = i;
        while codes
            .get(end + 1)
            .is_some_and(|&n| Some(&(n - 1)) == codes.get(end))
        {
            end += 1;
        }
        if end >= i + 2 {
            out.push(char::from(start));
            out.push('-');
            out.push(char::from(codes.get(end).copied().unwrap_or(start)));
        } else {
            for &c in codes.get(i..=end).unwrap_or_default() {
                out.push(char::from(c));
            }
        }
        i = end + 1;
    }
    out.push(']');
    out
}

/// The sh lines that decide `pat`: `shape`, a pattern of every position's
/// characters (a variable per class, `k0`, `k1`, …, a line of them at a
/// time), then the pairs of characters that two dependent positions cannot
/// take, each a pattern that unsets `pat` again.
fn pat_glob() -> String {
    let mut classes: Vec<String> = Vec::new();
    let mut forbidden: Vec<String> = Vec::new();
    let mut at = 0;
    for step in pat_steps() {
        match step {
            PatStep::One(c) => {
                classes.push(c);
                at += 1;
            }
            PatStep::Two(groups) => {
                // In base64's order, as every class is.
                let union = |pick: fn(&(String, String)) -> &String| -> String {
                    BASE64
                        .iter()
                        .map(|&c| char::from(c))
                        .filter(|&c| groups.iter().any(|g| pick(g).contains(c)))
                        .collect()
                };
                let (firsts, seconds) = (union(|g| &g.0), union(|g| &g.1));
                for (f, s) in &groups {
                    let missing: String = seconds.chars().filter(|c| !s.contains(*c)).collect();
                    if !missing.is_empty() {
                        forbidden.push(concat(&[
                            &"?".repeat(at),
                            &bracket(f),
                            &bracket(&missing),
                            "*",
                        ]));
                    }
                }
                classes.push(firsts);
                classes.push(seconds);
                at += 2;
            }
        }
    }
    let mut distinct: Vec<&String> = Vec::new();
    for c in &classes {
        if !distinct.contains(&c) {
            distinct.push(c);
        }
    }
    let name = |c: &String| {
        let i = distinct.iter().position(|d| *d == c).unwrap_or(0);
        concat(&["$k", &decimal(i as u64)])
    };
    let vars: Vec<String> = distinct
        .iter()
        .enumerate()
        .map(|(i, c)| concat(&["k", &decimal(i as u64), "=", &bracket(c)]))
        .collect();
    let mut lines = vec![vars.join(" ")];
    for (i, chunk) in classes.chunks(24).enumerate() {
        let names: String = chunk.iter().map(name).collect();
        lines.push(concat(&[
            if i == 0 { "shape=" } else { "shape=$shape" },
            &names,
        ]));
    }
    lines.push(String::from("pat="));
    lines.push(String::from("case \"$t\" in $shape) pat=y;; esac"));
    lines.push(concat(&[
        "case \"$t\" in ",
        &forbidden.join("|"),
        ") pat=;; esac",
    ]));
    lines.join("\n")
}

/// A personal access token as a .NET regular expression: the steps in order
/// (a pair as an alternation), a block that repeats written once with its
/// count.
pub(crate) fn pat_regex() -> String {
    let parts: Vec<String> = pat_steps()
        .iter()
        .map(|step| match step {
            PatStep::One(c) => bracket(c),
            PatStep::Two(groups) => {
                let each: Vec<String> = groups
                    .iter()
                    .map(|(f, s)| concat(&[&bracket(f), &bracket(s)]))
                    .collect();
                concat(&["(?:", &each.join("|"), ")"])
            }
        })
        .collect();
    let mut out = String::from("^");
    let mut i = 0;
    while i < parts.len() {
        // The longest run of one block repeated, from here.
        let mut best = (1, 1);
        for len in 1..=8 {
            let block = parts.get(i..i + len);
            let mut times = 1;
            while block.is_some() && parts.get(i + times * len..i + (times + 1) * len) == block {
                times += 1;
            }
            if times > 1 && len * times > best.0 * best.1 {
                best = (len, times);
            }
        }
        let (len, times) = best;
        let block: String = parts.get(i..i + len).unwrap_or_default().concat();
        if times == 1 {
            out.push_str(&block);
        } else if len == 1 && !block.starts_with("(?:") {
            out.push_str(&concat(&[&block, "{", &decimal(times as u64), "}"]));
        } else {
            out.push_str(&concat(&["(?:", &block, "){", &decimal(times as u64), "}"]));
        }
        i += len * times;
    }
    out.push('$');
    out
}

/// A cloud id as a sh pattern, `x` being `[0-9a-fA-F]`: `$x$x…-$x…`.
fn cloud_id_glob() -> String {
    let groups: Vec<String> = CLOUD_ID_GROUPS.iter().map(|&n| "$x".repeat(n)).collect();
    groups.join("-")
}

/// A cloud id as a .NET regular expression, repeated groups written once:
/// `^[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}$`.
pub(crate) fn cloud_id_regex() -> String {
    let hex = |n: usize| concat(&["[0-9a-fA-F]{", &decimal(n as u64), "}"]);
    let mut out = String::from("^");
    let mut i = 0;
    while let Some(&len) = CLOUD_ID_GROUPS.get(i) {
        let mut same = 1;
        while CLOUD_ID_GROUPS.get(i + same) == Some(&len) {
            same += 1;
        }
        let dash = if i == 0 { "" } else { "-" };
        if same == 1 {
            out.push_str(dash);
            out.push_str(&hex(len));
        } else {
            out.push_str(&concat(&[
                "(?:",
                dash,
                &hex(len),
                "){",
                &decimal(same as u64),
                "}",
            ]));
        }
        i += same;
    }
    out.push('$');
    out
}

/// A character in a .NET (and JavaScript) regular expression class: ASCII
/// letters and digits as they are, everything else as `\xNN` or `\uNNNN`.
fn class_char(c: char) -> String {
    let code = c as u32;
    if c.is_ascii_alphanumeric() {
        c.to_string()
    } else if code < 0x80 {
        concat(&["\\x", &hex(code, 2)])
    } else {
        concat(&["\\u", &hex(code, 4)])
    }
}

fn hex(n: u32, width: usize) -> String {
    let digits = b"0123456789ABCDEF";
    (0..width)
        .rev()
        .map(|i| {
            char::from(
                digits
                    .get(((n >> (4 * i)) & 0xF) as usize)
                    .copied()
                    .unwrap_or(b'0'),
            )
        })
        .collect()
}

/// The blank characters as one regular expression class: ASCII's controls
/// and space, then [`NON_ASCII_BLANKS`], runs of neighbours as ranges.
pub(crate) fn blank_class() -> String {
    let mut out = String::from("[\\x00-\\x20\\x7F");
    let mut i = 0;
    while let Some(&start) = NON_ASCII_BLANKS.get(i) {
        let mut end = i;
        while NON_ASCII_BLANKS
            .get(end + 1)
            .zip(NON_ASCII_BLANKS.get(end))
            .is_some_and(|(&next, &c)| next as u32 == c as u32 + 1)
        {
            end += 1;
        }
        out.push_str(&class_char(start));
        if let (true, Some(&last)) = (end > i, NON_ASCII_BLANKS.get(end)) {
            out.push('-');
            out.push_str(&class_char(last));
        }
        i = end + 1;
    }
    out.push(']');
    out
}

/// `text` as a .NET regular expression that matches it in any letter case.
fn any_case_regex(text: &str) -> String {
    any_case_glob(text)
}

/// `$name = '…'`, the text cut into quoted parts joined by `+` at an escape
/// (`\`) where a line would grow past 60 characters of it.
fn assignment(name: &str, text: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    let mut rest = text;
    while rest.len() > 60 {
        let cut = (1..=60)
            .rev()
            .find(|&at| rest.get(at..).is_some_and(|r| r.starts_with('\\')))
            .unwrap_or(rest.len());
        parts.push(rest.get(..cut).unwrap_or(rest));
        rest = rest.get(cut..).unwrap_or("");
    }
    parts.push(rest);
    let quoted: Vec<String> = parts.iter().map(|p| ps_quote(p)).collect();
    concat(&["$", name, " = ", &quoted.join(" +\n    ")])
}

/// The values the PowerShell fragments take, each a PowerShell expression.
pub(crate) fn ps_values() -> Vec<(&'static str, String)> {
    let q = |s: &str| ps_quote(s);
    let quoted: Vec<String> = QUOTE_PAIRS
        .iter()
        .map(|&(open, close)| concat(&[&class_char(open), "[\\s\\S]*", &class_char(close)]))
        .collect();
    let row = |regex: &str, why: &str| concat(&["    @(", &q(regex), ",\n        ", &q(why), "),"]);
    let mut refusals = vec![
        String::from(
            "    # Each a pattern that is a refusal, and why: nothing, a header pasted whole,",
        ),
        row("^$", WHY_EMPTY),
    ];
    for (scheme, _) in AUTH_SCHEMES {
        refusals.push(row(
            &concat(&["^", &any_case_regex(scheme), "\\s"]),
            WHY_HEADER,
        ));
    }
    refusals.push(row(
        &concat(&["^", &any_case_regex(HEADER_NAME)]),
        WHY_HEADER,
    ));
    refusals.push(String::from(
        "    # a blank character inside, another product's token, an email.",
    ));
    refusals.push(String::from("    @($blank,"));
    refusals.push(concat(&["        ", &q(WHY_BLANK), "),"]));
    let prefixes: Vec<&str> = WRONG_PRODUCT_PREFIXES
        .iter()
        .copied()
        .chain([APP_PASSWORD_PREFIX])
        .collect();
    refusals.push(row(
        &concat(&["^(?:", &prefixes.join("|"), ")"]),
        WHY_OTHER_PRODUCT,
    ));
    // An email: something, @, then a domain with a dot that neither starts nor
    // ends with one; before a colon, for an email and a token joined by one.
    refusals.push(row(
        "^[^@:]+@[^@.:][^@:]*\\.[^@:]*[^@.:]:.",
        WHY_EMAIL_TOKEN,
    ));
    let last = row("^[^@]+@[^@.][^@]*\\.[^@]*[^@.]$", WHY_EMAIL);
    refusals.push(last.strip_suffix(',').map(String::from).unwrap_or(last));
    vec![
        ("BLANK_CLASS", assignment("blank", &blank_class())),
        (
            "QUOTED",
            assignment("quoted", &concat(&["^(?:", &quoted.join("|"), ")$"])),
        ),
        ("LEGACY_LENGTH", decimal(LEGACY_LEN as u64)),
        ("REFUSALS", refusals.join("\n")),
        (
            "LEGACY",
            q(&concat(&[
                "^(?!",
                CURRENT_PREFIX,
                ")[A-Za-z0-9]{",
                &decimal(LEGACY_LEN as u64),
                "}$",
            ])),
        ),
        ("LEGACY_END", legacy_end()),
        ("CURRENT", String::from(CURRENT_PREFIX)),
        ("BODY_CHARS", String::from(BODY_CHARS)),
        ("CURRENT_REGEX", q(&concat(&["^", CURRENT_PREFIX]))),
        ("BODY_REGEX", q(&concat(&["^[", BODY_CHARS, "]*$"]))),
        (
            "CHECKSUM_REGEX",
            q(&concat(&[
                "^[0-9A-F]{",
                &decimal(CHECKSUM_LEN as u64),
                "}$",
            ])),
        ),
        ("MAX_CHARS", decimal(MAX_TOKEN_CHARS as u64)),
        ("KEY_REGEX", q(&concat(&["^[", KEY_CHARS, "]+$"]))),
        ("CLOUD_ID_REGEX", q(&cloud_id_regex())),
        ("WHY_LONG", q(WHY_LONG)),
        ("PAT_REGEX", q(&pat_regex())),
        ("PAT_CHARS", decimal(PAT_CHARS as u64)),
        ("PAT_ID", decimal(PAT_ID_DIGITS as u64)),
        ("WHY_LONG_PAT", q(WHY_LONG_PAT)),
        ("WHY_USER_SECRET", q(WHY_USER_SECRET)),
        ("WHY_CLOUD_TOKEN", q(WHY_CLOUD_TOKEN)),
        ("WHY_PAT", q(WHY_PAT)),
        ("NOTE_PAT_OTHER", q(NOTE_PAT_OTHER)),
        ("NOTE_PAT_SHORT", q(NOTE_PAT_SHORT)),
        ("NOTE_PAT_LONG", q(NOTE_PAT_LONG)),
        ("NOTE_PAT_SHAPE", q(NOTE_PAT_SHAPE)),
        ("WHY_LEGACY", q(WHY_LEGACY)),
        ("NOTE_LEGACY", q(NOTE_LEGACY)),
        ("NOTE_ALTERED", q(NOTE_ALTERED)),
        ("NOTE_OTHER", q(NOTE_OTHER)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn octal_is_utf8() {
        assert_eq!(octal('"'), "\\042");
        assert_eq!(octal('\u{200B}'), "\\342\\200\\213");
    }

    #[test]
    fn the_blank_class_is_the_blank_list() {
        assert_eq!(
            blank_class(),
            "[\\x00-\\x20\\x7F\\u0085\\u00A0\\u00AD\\u1680\\u2000-\\u200D\\u2028-\\u2029\\u202F\\u205F-\\u2060\\u3000\\uFEFF]"
        );
    }

    /// The classes match a token exactly when the core's structural check
    /// holds: every personal access token of random ids and secrets, and
    /// every one-character change of one.
    #[test]
    fn the_pattern_of_a_personal_access_token_is_the_core_check() {
        use crate::checks::token::is_personal_access_token;
        use base64::Engine;
        let steps = pat_steps();
        let matches = |t: &str| {
            let chars: Vec<char> = t.chars().collect();
            let mut at = 0;
            for step in &steps {
                let ok = match step {
                    PatStep::One(class) => chars.get(at).is_some_and(|c| class.contains(*c)),
                    PatStep::Two(groups) => groups.iter().any(|(f, s)| {
                        chars.get(at).is_some_and(|c| f.contains(*c))
                            && chars.get(at + 1).is_some_and(|c| s.contains(*c))
                    }),
                };
                if !ok {
                    return false;
                }
                at += if matches!(step, PatStep::One(_)) {
                    1
                } else {
                    2
                };
            }
            at == chars.len()
        };
        let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        const ALPHABET: &[u8] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/:=-_";
        for _ in 0..300 {
            let mut bytes: Vec<u8> = (0..PAT_ID_DIGITS)
                .map(|_| b'0' + (next() % 10) as u8)
                .collect();
            bytes.push(b':');
            bytes.extend((0..PAT_SECRET_BYTES).map(|_| next() as u8));
            let token = base64::engine::general_purpose::STANDARD.encode(&bytes);
            assert!(
                matches(&token) && is_personal_access_token(&token),
                "{token}"
            );
            for _ in 0..20 {
                let mut changed = token.clone().into_bytes();
                let at = (next() % changed.len() as u64) as usize;
                changed[at] = ALPHABET[(next() % ALPHABET.len() as u64) as usize];
                let changed = String::from_utf8(changed).unwrap();
                assert_eq!(
                    matches(&changed),
                    is_personal_access_token(&changed),
                    "{changed}"
                );
            }
        }
        assert_eq!(
            pat_regex(),
            "^(?:(?:[MN][DTjz]|O[DT])[AEIMQUYcgk][0-5w-z]){4}O[g-v][A-Za-z0-9+/]{26}$"
        );
    }

    #[test]
    fn messages_stand_in_any_quoting() {
        for m in MESSAGES {
            assert!(
                !m.contains(['\'', '"', '$', '`', '\\', '\u{2018}', '\u{2019}']),
                "{m}"
            );
        }
    }
}
