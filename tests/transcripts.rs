//! Reading back what the terminal check commands print: the same verdicts as
//! the live check, from curl's `--include` output and the PowerShell commands'
//! transcripts, and a refusal for anything that is not `/myself`'s answer.
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

use tines_jira_credential::jira::{interpret_transcript, Outcome};
use tines_jira_credential::route::Route;
use tines_jira_credential::Code;

const HOST: &str = "acme.atlassian.net";
const EMAIL: &str = "jane@acme.com";

const JANE: &str = r#"{"accountId":"5b10a2844c20165700ede21g","accountType":"atlassian","emailAddress":"jane@acme.com","displayName":"Jane Doe","active":true}"#;
const OTHER: &str = r#"{"accountId":"5b10a2844c20165700ede21g","accountType":"atlassian","emailAddress":"jane.doe@acme.com","displayName":"Jane Doe","active":true}"#;
const INACTIVE: &str = r#"{"accountId":"5b10a2844c20165700ede21g","accountType":"atlassian","emailAddress":"jane@acme.com","displayName":"Jane Doe","active":false}"#;
const CLOUD: &str = r#"{"cloudId":"a436116f-02ce-4520-8fbb-7301462a1674"}"#;
const UNAUTHENTICATED: &str = r#"{"errorMessages":["You are not authenticated."],"errors":{}}"#;
/// What api.atlassian.com answers a token it does not accept.
const GATEWAY_401: &str = r#"{"code":401,"message":"Unauthorized"}"#;
/// What api.atlassian.com answers when the token's scopes do not cover the request.
const SCOPE_MISMATCH: &str = r#"{"code":401,"message":"Unauthorized; scope does not match"}"#;

/// curl `--include` over HTTP/2: lowercase names, `HTTP/2 200 `, CRLF.
fn curl_h2(status: &str, headers: &[&str], body: &str) -> String {
    let mut out = format!("HTTP/2 {status} \r\n");
    for h in headers {
        out.push_str(h);
        out.push_str("\r\n");
    }
    out.push_str("\r\n");
    out.push_str(body);
    out
}

/// The PowerShell commands' shape: `HTTP/1.1 <code> <reason>`, LF.
fn powershell(status: &str, headers: &[&str], body: &str) -> String {
    let mut out = format!("HTTP/1.1 {status}\n");
    for h in headers {
        out.push_str(h);
        out.push('\n');
    }
    out.push('\n');
    out.push_str(body);
    out.push_str("\n\n");
    out
}

struct Case {
    name: &'static str,
    route: Route,
    /// The route the verdict names: the one asked for, unless the paste shows
    /// the other (a 401 at the site, then the gateway's answers).
    want_route: Route,
    text: String,
    outcome: Outcome,
    codes: &'static [Code],
}

fn site(name: &'static str, text: String, outcome: Outcome, codes: &'static [Code]) -> Case {
    Case {
        name,
        route: Route::Site,
        want_route: Route::Site,
        text,
        outcome,
        codes,
    }
}

/// Asked on the site route; the verdict is the gateway's.
fn found(name: &'static str, text: String, outcome: Outcome, codes: &'static [Code]) -> Case {
    Case {
        want_route: Route::Scoped,
        ..site(name, text, outcome, codes)
    }
}

fn cases() -> Vec<Case> {
    use Code::*;
    use Outcome::*;
    let json = ["content-type: application/json;charset=UTF-8"];
    vec![
        site("curl h2 verified", curl_h2("200", &json, JANE), Verified, &[]),
        site("PowerShell verified", powershell("200 OK", &["Content-Type: application/json"], JANE), Verified, &[]),
        site("LF only", curl_h2("200", &json, JANE).replace("\r\n", "\n"), Verified, &[]),
        site(
            "curl's bold header names, pasted raw",
            curl_h2("200", &["\u{1b}[1mcontent-type\u{1b}[0m: application/json"], JANE),
            Verified,
            &[],
        ),
        site("HTTP/1.1 with reason", format!("HTTP/1.1 200 OK\r\nCONTENT-TYPE: application/json\r\n\r\n{JANE}"), Verified, &[]),
        site(
            "prompt before, shell prompt after",
            format!("$ curl --silent ...\nEnter host password for user 'jane@acme.com':\n{}jane@laptop:~$ ", curl_h2("200", &json, JANE)),
            Verified,
            &[],
        ),
        site(
            "prompt on the same line",
            format!("Enter host password for user 'jane@acme.com':{}", curl_h2("200", &json, JANE)),
            Verified,
            &[],
        ),
        site(
            "100 Continue first",
            format!("HTTP/1.1 100 Continue\r\n\r\n{}", curl_h2("200", &json, JANE)),
            Verified,
            &[],
        ),
        site("email mismatch", curl_h2("200", &json, OTHER), Verified, &[VerifyEmailMismatch]),
        site("inactive", curl_h2("200", &json, INACTIVE), Verified, &[VerifyAccountInactive]),
        // A 401 at the site is followed by the gateway's answers: a 401 alone is cut off.
        site("401 text, cut off", curl_h2("401", &["content-type: text/plain"], "Client must be authenticated to access this resource."), NotATranscript, &[]),
        site("401 JSON, cut off", curl_h2("401", &json, r#"{"errorMessages":["You are not authenticated."],"errors":{}}"#), NotATranscript, &[]),
        found(
            "401 at the site, cut off after the cloud id",
            format!("{}\n\n{}", curl_h2("401", &json, UNAUTHENTICATED), curl_h2("200", &json, CLOUD)),
            NotATranscript,
            &[],
        ),
        site(
            "401 at the site and at the gateway",
            format!("{}\n\n{}\n\n{}", curl_h2("401", &json, UNAUTHENTICATED), curl_h2("200", &json, CLOUD), curl_h2("401", &json, GATEWAY_401)),
            Rejected,
            &[],
        ),
        site(
            "401 at the site, no cloud id (the command stops)",
            format!("{}\n\n{}", curl_h2("401", &json, UNAUTHENTICATED), curl_h2("404", &json, r#"{"errorMessage":"Site temporarily unavailable"}"#)),
            Rejected,
            &[VerifyGatewayNotAsked],
        ),
        found(
            "401 at the site, the gateway lacks read:jira-user",
            format!("{}\n\n{}\n\n{}", curl_h2("401", &json, UNAUTHENTICATED), curl_h2("200", &json, CLOUD), curl_h2("401", &json, SCOPE_MISMATCH)),
            Rejected,
            &[VerifyTokenScope],
        ),
        found(
            "401 at the site, the gateway refuses access",
            format!("{}\n\n{}\n\n{}", curl_h2("401", &json, UNAUTHENTICATED), curl_h2("200", &json, CLOUD), curl_h2("403", &json, r#"{"errorMessages":["no"]}"#)),
            Forbidden,
            &[],
        ),
        site(
            "401 at the site, the gateway's cloud id is wrong (404)",
            format!("{}\n\n{}\n\n{}", curl_h2("401", &json, UNAUTHENTICATED), curl_h2("200", &json, CLOUD), curl_h2("404", &json, r#"{"errorMessage":"Site temporarily unavailable"}"#)),
            Rejected,
            &[VerifyGatewayNotAsked],
        ),
        site("403 captcha", curl_h2("403", &["x-authentication-denied-reason: CAPTCHA_CHALLENGE; login-url=https://acme.atlassian.net/login.jsp"], ""), Captcha, &[]),
        site("403", curl_h2("403", &json, r#"{"errorMessages":["no"]}"#), Forbidden, &[]),
        site("404 site", curl_h2("404", &json, r#"{"errorMessage":"Site temporarily unavailable"}"#), SiteNotFound, &[]),
        site("429", curl_h2("429", &["retry-after: 30"], ""), RateLimited, &[]),
        site("503", curl_h2("503", &[], "<html>down</html>"), JiraError, &[]),
        site("302", curl_h2("302", &["location: https://id.atlassian.com/login"], ""), Redirected, &[]),
        site("418 HTML", curl_h2("418", &["content-type: text/html"], "<html>teapot</html>"), NotJira, &[]),
        // Refusals: no verdict pretends to be Jira's.
        site("garbage", String::from("command not found: curl"), NotATranscript, &[]),
        site("empty", String::new(), NotATranscript, &[]),
        site("only JSON, no status line", String::from(JANE), NotATranscript, &[]),
        site("headers cut off", String::from("HTTP/2 200 \r\ncontent-type: application/json\r\n"), NotATranscript, &[]),
        site("body cut off", curl_h2("200", &json, &JANE[..40]), NotATranscript, &[]),
        // A whole 200 that names no account reads as the live check reads it: the site answered,
        // not Jira (the check command prints just that for a sign-in page).
        site("another page's 200", curl_h2("200", &["content-type: text/html"], "<html>Welcome</html>"), NotJira, &[]),
        site("anonymous 200", curl_h2("200", &json, r#"{"name":"anonymous","active":true}"#), NotJira, &[]),
        Case {
            name: "tenant_info alone on the site route",
            route: Route::Site,
            want_route: Route::Scoped,
            text: curl_h2("200", &json, CLOUD),
            outcome: NotATranscript,
            codes: &[],
        },
        Case {
            name: "401 at the site, then the gateway accepts: a token with scopes, found",
            route: Route::Site,
            want_route: Route::Scoped,
            text: format!("{}\n\n{}\n\n{}", curl_h2("401", &json, UNAUTHENTICATED), curl_h2("200", &json, CLOUD), curl_h2("200", &json, JANE)),
            outcome: Verified,
            codes: &[VerifyRouteFound],
        },
        Case {
            name: "the same in PowerShell's shape",
            route: Route::Site,
            want_route: Route::Scoped,
            text: format!("{}{}{}", powershell("401 Unauthorized", &[], ""), powershell("200 OK", &[], CLOUD), powershell("200 OK", &[], JANE)),
            outcome: Verified,
            codes: &[VerifyRouteFound],
        },
        Case {
            name: "only the gateway's part pasted on the site route",
            route: Route::Site,
            want_route: Route::Scoped,
            text: format!("{}\n\n{}", curl_h2("200", &json, CLOUD), curl_h2("200", &json, JANE)),
            outcome: Verified,
            codes: &[],
        },
        // Secrets in the paste are flagged, whatever the verdict.
        site(
            "curl -v with Authorization",
            format!("> GET /rest/api/3/myself HTTP/2\r\n> Host: acme.atlassian.net\r\n> Authorization: Basic amFuZUBhY21lLmNvbTpzZWNyZXQ=\r\n>\r\n< {}", curl_h2("200", &json, JANE)),
            Verified,
            &[TranscriptSecret],
        ),
        site(
            "token pasted too",
            format!("ATATT3xFfGF0T5JNjvT0a1b2c3d4e5f6g7h8i9j0k\n{}", curl_h2("403", &[], "")),
            Forbidden,
            &[TranscriptSecret],
        ),
        Case {
            name: "scoped two-step",
            route: Route::Scoped,
            want_route: Route::Scoped,
            text: format!("{}\n\n{}", curl_h2("200", &json, CLOUD), curl_h2("200", &json, JANE)),
            outcome: Verified,
            codes: &[],
        },
        Case {
            name: "scoped two-step, PowerShell",
            route: Route::Scoped,
            want_route: Route::Scoped,
            text: format!("{}{}", powershell("200 OK", &["Content-Type: application/json"], CLOUD), powershell("401 Unauthorized", &[], "")),
            outcome: Rejected,
            codes: &[],
        },
        Case {
            name: "scoped, first step failed",
            route: Route::Scoped,
            want_route: Route::Scoped,
            text: curl_h2("404", &json, r#"{"errorMessage":"Site temporarily unavailable"}"#),
            outcome: SiteNotFound,
            codes: &[],
        },
        Case {
            name: "scoped, first step only",
            route: Route::Scoped,
            want_route: Route::Scoped,
            text: curl_h2("200", &json, CLOUD),
            outcome: NotATranscript,
            codes: &[],
        },
        Case {
            name: "scoped, no cloud id in the first answer",
            route: Route::Scoped,
            want_route: Route::Scoped,
            text: format!("{}\n{}", curl_h2("200", &json, "{}"), curl_h2("200", &json, JANE)),
            outcome: NotJira,
            codes: &[],
        },
    ]
}

#[test]
fn transcripts_give_the_live_checks_verdicts() {
    let mut failures = Vec::new();
    for case in cases() {
        let v = interpret_transcript(&case.text, HOST, EMAIL, case.route);
        let codes = v.codes();
        if v.outcome != case.outcome || codes != case.codes {
            failures.push(format!(
                "{}: got {} {:?}, want {} {:?}",
                case.name, v.outcome, codes, case.outcome, case.codes
            ));
        }
        if v.route != case.want_route {
            failures.push(format!("{}: route {}", case.name, v.route));
        }
        if !v.message.ends_with('.') {
            failures.push(format!("{}: message {:?}", case.name, v.message));
        }
        if (v.outcome == Outcome::Verified) != v.account.is_some() {
            failures.push(format!("{}: account only when verified", case.name));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Nothing from the paste reaches a message: not the Authorization value, not
/// a token, not the body.
#[test]
fn messages_never_echo_the_paste() {
    let secret = "amFuZUBhY21lLmNvbTpzZWNyZXQ=";
    let token = "ATATT3xFfGF0T5JNjvT0a1b2c3d4e5f6g7h8i9j0k";
    for case in cases() {
        let text = format!("> Authorization: Basic {secret}\n{token}\n{}", case.text);
        let v = interpret_transcript(&text, HOST, EMAIL, case.route);
        let json = serde_json::to_string(&v).unwrap();
        assert!(
            !json.contains(secret) && !json.contains(token),
            "{}: {json}",
            case.name
        );
        assert!(v.has(Code::TranscriptSecret), "{}", case.name);
        assert!(
            !json.contains("Client must be authenticated"),
            "{}",
            case.name
        );
    }
}

#[test]
fn an_enormous_paste_is_refused_unread() {
    let text = "HTTP/2 200 \n\n".to_string() + &"x".repeat(300 * 1024);
    let v = interpret_transcript(&text, HOST, EMAIL, Route::Site);
    assert_eq!(v.outcome, Outcome::NotATranscript);
}

proptest::proptest! {
    /// No paste makes the reader panic, and none is verified without an account.
    #[test]
    fn any_paste_is_read_safely(text in "(HTTP/(1.1|2) [0-9]{3}( OK)?\r?\n|[a-zA-Z-]{1,8}: [ -~]{0,10}\r?\n|\r?\n|\\{\"accountId\":\"x\"\\}|[ -~]{0,12}){0,10}") {
        for route in [Route::Site, Route::Scoped] {
            let v = interpret_transcript(&text, HOST, EMAIL, route);
            proptest::prop_assert_eq!(v.outcome == Outcome::Verified, v.account.is_some());
        }
    }
}
