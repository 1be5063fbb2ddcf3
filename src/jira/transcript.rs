//! Reading back what a terminal check command printed.
//!
//! The check commands (curl with `--include`, PowerShell 7, Windows
//! PowerShell 5.1; see `crate::tines::commands`) print each answer as a
//! transcript: a status line (`HTTP/1.1 200 OK`, or `HTTP/2 200`), `Name:
//! value` header lines, a blank line, the body. A person pastes that back, and
//! [`interpret_transcript`] reads it with the same interpreter as the live
//! check ([`super::interpret_myself`]), so the verdict, the account panel and
//! the warnings are the same.
//!
//! What it never does: read a URL from the paste (the host is the one the site
//! check accepted, and the answer must be `/myself`'s by its content), quote
//! the paste in a message, or let a paste that is not a transcript pass for
//! Jira's answer. A paste holding an `Authorization` header (`curl -v`) or a
//! token-shaped string is flagged.

use super::answer::Response;
use super::flow::{Asker, Check, Flow, Question};
use super::{Outcome, Verification};
use crate::checks::SiteKind;
use crate::diagnostic::{Code, Diagnostic};
use crate::route::Route;
use crate::text::{find, longer_than};

pub use crate::checks::MAX_TRANSCRIPT_CHARS;

/// One answer found in the paste.
#[derive(Debug)]
struct Answer<'a> {
    status: u16,
    headers: Vec<(String, String)>,
    /// Everything after the blank line, up to the next status line.
    body: &'a str,
    /// The blank line after the headers was there.
    complete_head: bool,
}

/// Reads a pasted transcript of the check command for `host` and the typed
/// `email`, on `route`.
pub fn interpret_transcript(text: &str, host: &str, email: &str, route: Route) -> Verification {
    if longer_than(text, MAX_TRANSCRIPT_CHARS) {
        return refused(
            route,
            "This paste is far longer than what the check command prints: paste only the command's output.",
        );
    }
    // curl writes header names in bold on a terminal (ANSI escapes); a paste
    // of the raw bytes keeps them.
    let plain;
    let text = if text.contains('\u{1b}') {
        plain = without_ansi_escapes(text);
        plain.as_str()
    } else {
        text
    };
    let leaked = holds_secret(text);
    let mut verdict = read(text, host, email, route);
    if leaked {
        verdict.diagnostics.insert(
            0,
            Diagnostic::warning(
                Code::TranscriptSecret,
                "The paste holds an Authorization header or a token. It stayed in this browser, but if you \
                 shared that output anywhere else (a ticket, a chat), revoke the token and create a new one.",
            ),
        );
    }
    verdict
}

fn read(text: &str, host: &str, email: &str, route: Route) -> Verification {
    let answers: Vec<Answer<'_>> = answers(text)
        .into_iter()
        // `100 Continue` and other interim answers precede the real one
        // (RFC 9110 §15.2).
        .filter(|a| a.status >= 200)
        .collect();
    let Some(first) = answers.first() else {
        return refused(
            route,
            "This does not look like what the check command prints: no line starting with HTTP/ and a \
             status code was found. Run the command again and paste everything it printed, from the \
             HTTP/ line to the end.",
        );
    };
    // The commands ask what the flow asks, in its order, and print each
    // answer (crate::tines::commands), so the paste is read by feeding its
    // answers to the same flow. A paste that starts with the cloud id is the
    // scoped route's, whatever was asked for (a service account's address,
    // or only the second part pasted).
    let route = if is_cloud_id_answer(first) && route != Route::DataCenter {
        Route::Scoped
    } else {
        route
    };
    let mut flow = Flow::start(Check {
        host: String::from(host),
        // Any host: a paste is not limited to what the page may contact.
        kind: if route == Route::DataCenter {
            SiteKind::DataCenter
        } else {
            SiteKind::Custom
        },
        email: String::from(email),
        route,
        asker: Asker::Paste,
    });
    let mut pasted = answers.iter().peekable();
    let mut permissions_cut_off = false;
    let mut after_site = false;
    while let Some(question) = flow.asking() {
        let Some(answer) = pasted.peek().copied() else {
            // The paste ends before the flow does.
            match question {
                Question::Permissions => flow.not_in_paste(),
                Question::TenantInfo if after_site => return refused(
                    route,
                    "The paste stops after the site's answer, a 401. The command then asks \
                     api.atlassian.com, where tokens with scopes are used, and prints those answers \
                     after it: paste everything it printed.",
                ),
                Question::GatewayMyself => return refused(
                    Route::Scoped,
                    "The paste holds only the site's cloud id, the first of the answers for \
                     api.atlassian.com: paste the answer the command prints after it too.",
                ),
                _ => return refused(route, CUT_OFF),
            }
            continue;
        };
        match question {
            Question::DataCenterMyself => {
                pasted.next();
                match unreadable_myself(answer, route) {
                    Some(refusal) => flow.unreadable(refusal),
                    None => flow.answer(Ok(response(answer))),
                }
            }
            Question::SiteMyself | Question::GatewayMyself => {
                pasted.next();
                after_site = question == Question::SiteMyself;
                let step_route = if after_site {
                    Route::Site
                } else {
                    Route::Scoped
                };
                match unreadable_myself(answer, step_route) {
                    Some(refusal) => flow.unreadable(refusal),
                    None => flow.answer(Ok(response(answer))),
                }
            }
            Question::TenantInfo => {
                // Every answer a verdict rests on must be whole.
                if !answer.complete_head {
                    return refused(Route::Scoped, CUT_OFF);
                }
                if answer.status == 200 && !is_cloud_id_answer(answer) && pasted.len() == 1 {
                    // One answer left, a 200 that is not the lookup's: the
                    // gateway's /myself pasted alone. (Any other lone answer
                    // is the failed lookup the command stops after.)
                    flow.not_in_paste();
                } else {
                    pasted.next();
                    flow.answer(Ok(response(answer)));
                }
            }
            Question::Permissions => {
                pasted.next();
                permissions_cut_off = !answer.complete_head;
                flow.answer(Ok(response(answer)));
            }
            // A paste has a status for every answer: no probe is asked.
            Question::Probe => return refused(route, CUT_OFF),
        }
    }
    let mut verdict = flow.verdict().unwrap_or_else(|| refused(route, CUT_OFF));
    if let (true, Some(permissions)) = (permissions_cut_off, verdict.permissions.as_mut()) {
        permissions.message = String::from(CUT_OFF);
    }
    verdict
}

/// A 200 whose body names a cloud id: `_edge/tenant_info`'s answer.
fn is_cloud_id_answer(answer: &Answer<'_>) -> bool {
    answer.status == 200 && find(body_text(answer.body), "\"cloudId\"").is_some()
}

const CUT_OFF: &str =
    "The paste seems to be cut off: copy everything the command printed, including the \
                       blank line after the headers and the body.";

/// Why a pasted answer to `/myself` on `route` cannot be read as one, if it
/// cannot: every answer a verdict rests on must be whole (only the
/// permissions answer after it may be cut off). A whole answer is read as the
/// live check reads it: a 200 that names no account is the site's answer,
/// not Jira's (the check command prints just that for a site that answers
/// with a sign-in page), word for word what the live check says.
fn unreadable_myself(answer: &Answer<'_>, route: Route) -> Option<Verification> {
    if !answer.complete_head {
        return Some(refused(route, CUT_OFF));
    }
    let body = body_text(answer.body);
    if answer.status == 200 && body.starts_with('{') && json_prefix(body).is_none() {
        return Some(refused(route, CUT_OFF));
    }
    None
}

/// A transcript can only be read against a valid site and email: their
/// checks' errors are `diagnostics`.
pub fn needs_site_and_email(route: Route, diagnostics: Vec<Diagnostic>) -> Verification {
    let mut v = Verification::new(
        Outcome::InvalidInput,
        route,
        None,
        String::from(
            "The site and email do not pass the checks: a paste is read as the answer for a valid \
             site and email. Correct them first.",
        ),
    );
    v.diagnostics = diagnostics;
    v
}

/// A live check can only ask with a valid site, email and token: their
/// checks' errors are `diagnostics`. Nothing was sent.
pub fn needs_site_email_and_token(route: Route, diagnostics: Vec<Diagnostic>) -> Verification {
    let mut v = Verification::new(
        Outcome::InvalidInput,
        route,
        None,
        String::from(
            "The site, email or token do not pass the checks, so nothing was sent: correct them \
             first.",
        ),
    );
    v.diagnostics = diagnostics;
    v
}

fn refused(route: Route, message: &str) -> Verification {
    Verification::new(Outcome::NotATranscript, route, None, String::from(message))
}

fn response(answer: &Answer<'_>) -> Response {
    Response {
        status: answer.status,
        headers: answer.headers.clone(),
        body: String::from(body_text(answer.body)),
        opaque_redirect: false,
    }
}

/// The body without what follows it in a terminal: for a JSON body, exactly
/// the first JSON value (a shell prompt may follow on the same line);
/// otherwise the text, trimmed.
fn body_text(body: &str) -> &str {
    let trimmed = body.trim();
    json_prefix(trimmed).unwrap_or(trimmed)
}

/// The first complete JSON value at the start of `text`, if there is one.
fn json_prefix(text: &str) -> Option<&str> {
    if !text.starts_with(['{', '[']) {
        return None;
    }
    let mut values = serde_json::Deserializer::from_str(text).into_iter::<serde::de::IgnoredAny>();
    match values.next() {
        Some(Ok(_)) => text.get(..values.byte_offset()),
        _ => None,
    }
}

/// `HTTP/1.0`, `HTTP/1.1`, `HTTP/2`, `HTTP/2.0` or `HTTP/3`, a space, three
/// digits, then a space and a reason or nothing (RFC 9112 §4; curl prints
/// `HTTP/2 200 ` for HTTP/2). Found anywhere in a line, since a password
/// prompt may stand before it on the same line.
fn status_in(line: &str) -> Option<u16> {
    let at = find(line, "HTTP/")?;
    let rest = line.get(at + 5..)?;
    let (version, rest) = rest.split_once(' ')?;
    if !matches!(version, "1.0" | "1.1" | "2" | "2.0" | "3" | "3.0") {
        return None;
    }
    let code = rest.get(..3)?;
    let after = rest.get(3..)?;
    if !code.bytes().all(|b| b.is_ascii_digit()) || !(after.is_empty() || after.starts_with(' ')) {
        return None;
    }
    code.parse().ok().filter(|c| (100..=599).contains(c))
}

/// A `Name: value` header line (RFC 9110 §5.1 field names are tokens).
fn header_in(line: &str) -> Option<(String, String)> {
    let (name, value) = line.split_once(':')?;
    let token = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() || !name.bytes().all(token) {
        return None;
    }
    Some((String::from(name), String::from(value.trim())))
}

/// Every answer in the paste, in order. Line ends may be CRLF or LF.
fn answers(text: &str) -> Vec<Answer<'_>> {
    let mut found: Vec<Answer<'_>> = Vec::new();
    // Byte offsets of each line, so a body is a slice of the paste.
    let mut offset = 0;
    let mut in_head = false;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\r', '\n']);
        let start = offset;
        offset += raw.len();
        if let Some(status) = status_in(line) {
            if let Some(previous) = found.last_mut() {
                previous.body = cut_body(previous.body, start, text);
            }
            found.push(Answer {
                status,
                headers: Vec::new(),
                body: "",
                complete_head: false,
            });
            in_head = true;
            continue;
        }
        let Some(current) = found.last_mut() else {
            continue;
        };
        if in_head {
            if line.trim().is_empty() {
                in_head = false;
                current.complete_head = true;
                current.body = text.get(offset..).unwrap_or("");
            } else if let Some(header) = header_in(line) {
                current.headers.push(header);
            }
        }
    }
    found
}

/// A body that runs to the end of the paste, cut where the next answer's
/// line starts.
fn cut_body<'a>(body: &'a str, next_line_at: usize, text: &'a str) -> &'a str {
    let body_at = text.len() - body.len();
    if body.is_empty() || next_line_at < body_at {
        return body;
    }
    text.get(body_at..next_line_at).unwrap_or(body)
}

/// `text` without ANSI control sequences: ESC `[`, parameters, one final byte
/// in `@`..`~` (ECMA-48 §5.4, "control sequences"), a character set
/// designation (ESC `(` or `)` and one byte, ECMA-35), and any other ESC pair.
fn without_ansi_escapes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c != '\u{1b}' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('[') => {
                for c in chars.by_ref() {
                    if ('@'..='~').contains(&c) {
                        break;
                    }
                }
            }
            // Character set designations (`ESC ( B`, as `tput sgr0` writes).
            Some('(' | ')') => {
                chars.next();
            }
            _ => {}
        }
    }
    out
}

/// True when the paste holds what it should never hold: an `Authorization`
/// header line (as `curl -v` prints it, after `> `), or a string shaped like a
/// current API token.
fn holds_secret(text: &str) -> bool {
    let authorization = text.lines().any(|line| {
        let line = line.trim_start_matches(['>', '<', ' ', '\t']);
        line.get(..14)
            .is_some_and(|head| head.eq_ignore_ascii_case("authorization:"))
    });
    authorization
        || (0..text.len()).any(|at| {
            text.get(at..).is_some_and(|rest| {
                rest.starts_with("ATATT3")
                    && rest
                        .bytes()
                        .take_while(|b| {
                            b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'=')
                        })
                        .count()
                        >= 24
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines() {
        for (line, status) in [
            ("HTTP/1.1 200 OK", Some(200)),
            ("HTTP/2 200 ", Some(200)),
            ("HTTP/2 401", Some(401)),
            ("HTTP/1.0 404 Not Found", Some(404)),
            (
                "Enter host password for user 'a@b.co':HTTP/1.1 200 OK",
                Some(200),
            ),
            ("HTTP/1.1 2000 OK", None),
            ("HTTP/4 200 OK", None),
            ("HTTP/1.1 abc", None),
            ("HTTP/1.1 099 x", None),
            ("see HTTP/1.1", None),
        ] {
            assert_eq!(status_in(line), status, "{line:?}");
        }
    }

    #[test]
    fn json_prefix_stops_at_the_value() {
        assert_eq!(json_prefix(r#"{"a":1}jane@host:~$ "#), Some(r#"{"a":1}"#));
        assert_eq!(json_prefix(r#"{"a":"#), None);
        assert_eq!(json_prefix("Client must be authenticated"), None);
    }

    #[test]
    fn terminal_escapes_are_dropped() {
        assert_eq!(
            without_ansi_escapes("\u{1b}[1mcontent-type\u{1b}[0m: application/json"),
            "content-type: application/json"
        );
        assert_eq!(without_ansi_escapes("a\u{1b}(B\u{1b}[mb"), "ab");
        assert_eq!(without_ansi_escapes("a\u{1b}=b"), "ab");
    }

    #[test]
    fn secrets_are_found() {
        assert!(holds_secret("> Authorization: Basic amFuZQ=="));
        assert!(holds_secret("authorization: x"));
        assert!(holds_secret("token ATATT3xFfGF0abcdefghijklmnopqrstuvwxyz"));
        assert!(!holds_secret(
            "HTTP/1.1 200 OK\nContent-Type: application/json"
        ));
        assert!(!holds_secret("ATATT3 is the prefix"));
    }
}
