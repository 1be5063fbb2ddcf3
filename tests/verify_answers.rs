//! The live check against a table of Jira Cloud's answers (status, headers,
//! body) as documented by Atlassian and seen in the wild, plus the requests it
//! builds and the relay and cloud-id rules that keep the token on Atlassian's
//! hosts.
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use proptest::prelude::*;
use tines_jira_credential::jira::{
    check_relay_prefix, interpret_myself, interpret_probe, interpret_tenant_info,
    interpret_transcript, myself_request, not_checkable_from_browser, relay_unreachable,
    scoped_myself_request, tenant_info_request, transport_failure, CloudId, Endpoint, Outcome,
    Probe, Request, Response, TransportFailure, Verification,
};
use tines_jira_credential::route::{uses_scoped_route, Route};
use tines_jira_credential::Code;

const HOST: &str = "acme.atlassian.net";
const EMAIL: &str = "jane@acme.com";
const TOKEN: &str = "ATATT3xFfGF0Example";
const CLOUD_ID: &str = "a436116f-02ce-4520-8fbb-7301462a1674";

// ---- realistic bodies -------------------------------------------------------

/// Jira Cloud REST API v3, "Get current user", example response (trimmed).
const MYSELF_JANE: &str = r#"{"self":"https://acme.atlassian.net/rest/api/3/user?accountId=5b10a2844c20165700ede21g","accountId":"5b10a2844c20165700ede21g","accountType":"atlassian","emailAddress":"jane@acme.com","avatarUrls":{"48x48":"https://avatar-management--avatars.server-location.prod.public.atl-paas.net/initials/JD-5.png"},"displayName":"Jane Doe","active":true,"timeZone":"Europe/London","locale":"en_GB","groups":{"size":3,"items":[]},"applicationRoles":{"size":1,"items":[]},"expand":"groups,applicationRoles"}"#;
const MYSELF_UPPERCASE_EMAIL: &str = r#"{"accountId":"5b10a2844c20165700ede21g","accountType":"atlassian","emailAddress":"Jane@ACME.com","displayName":"Jane Doe","active":true}"#;
const MYSELF_OTHER_EMAIL: &str = r#"{"accountId":"5b10a2844c20165700ede21g","accountType":"atlassian","emailAddress":"jane.doe@acme.com","displayName":"Jane Doe","active":true}"#;
const MYSELF_INACTIVE: &str = r#"{"accountId":"5b10a2844c20165700ede21g","accountType":"atlassian","emailAddress":"jane@acme.com","displayName":"Former Employee","active":false}"#;
/// Profile visibility "Only you": no `emailAddress` key.
const MYSELF_EMAIL_HIDDEN: &str = r#"{"accountId":"5b10a2844c20165700ede21g","accountType":"atlassian","displayName":"Jane Doe","active":true,"timeZone":"Europe/London"}"#;
const MYSELF_EMAIL_EMPTY: &str = r#"{"accountId":"5b10a2844c20165700ede21g","accountType":"atlassian","emailAddress":"","displayName":"Jane Doe","active":true}"#;
/// A service account is an `app` account.
const MYSELF_APP: &str = r#"{"accountId":"712020:0b8b3bfd-2c3e-4f3a-9c0a-6b1d2e3f4a5b","accountType":"app","emailAddress":"tines-bot-abc123@serviceaccount.atlassian.com","displayName":"Tines bot","active":true}"#;
const MYSELF_CUSTOMER: &str = r#"{"accountId":"qm:0a1b2c3d-4e5f-6789-abcd-ef0123456789:12345678-90ab-cdef-1234-567890abcdef","accountType":"customer","emailAddress":"jane@acme.com","displayName":"Jane","active":true}"#;
const MYSELF_NO_TYPE: &str = r#"{"accountId":"5b10a2844c20165700ede21g","emailAddress":"jane@acme.com","displayName":"Jane Doe"}"#;
const MYSELF_EVERYTHING_WRONG: &str =
    r#"{"accountId":"x","accountType":"customer","displayName":"X","active":false}"#;

const LOGIN_PAGE: &str = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Log in with Atlassian account</title></head><body><div id=\"root\"></div><script src=\"/login.js\"></script></body></html>";
const ANONYMOUS: &str = r#"{"self":"https://acme.atlassian.net/rest/api/3/user?accountId=","name":"anonymous","active":true}"#;

const NOT_AUTHENTICATED: &str =
    r#"{"errorMessages":["Client must be authenticated to access this resource."],"errors":{}}"#;
const PASSWORD_DEPRECATED: &str = "Basic authentication with passwords is deprecated.  For more information, see: https://developer.atlassian.com/cloud/confluence/deprecation-notice-basic-auth/";
const SCOPE_MISMATCH: &str = r#"{"code":401,"message":"Unauthorized; scope does not match"}"#;
const GATEWAY_UNAUTHORIZED: &str = r#"{"code":401,"message":"Unauthorized"}"#;
const NO_JIRA_ACCESS: &str =
    r#"{"errorMessages":["You do not have permission to access Jira on this site."],"errors":{}}"#;
const SITE_UNAVAILABLE: &str = r#"{"errorMessage": "Site temporarily unavailable"}"#;
/// Jira Cloud's 403 to a request without an email and API token it can read
/// (a Bearer token, or Basic without the email), as recorded in public issue
/// trackers of Jira clients (php-jira-rest-client #528, pytest_jira #136).
const NO_SIGN_IN: &str = r#"{"error": "Failed to parse Connect Session Auth Token"}"#;
/// An HTML "Forbidden (403)" page, served to a request nobody signed in with.
const FORBIDDEN_PAGE: &str = "<html><head><title>Forbidden (403)</title></head><body><h1>Forbidden (403)</h1><p>Encountered a &quot;403 - Forbidden&quot; error while loading this page.</p></body></html>";
/// A 403 whose answer names the account the request signed in as.
const SIGNED_IN: &[(&str, &str)] = &[
    ("Content-Type", "application/json;charset=UTF-8"),
    ("X-AAccountId", "5b10a2844c20165700ede21g"),
];
const HTML: &[(&str, &str)] = &[("Content-Type", "text/html;charset=UTF-8")];
const RATE_LIMITED: &str = r#"{"errorMessages":["Rate limit exceeded."]}"#;
const SERVER_ERROR: &str = r#"{"errorMessages":["Internal server error"],"errors":{}}"#;
const BAD_GATEWAY: &str = "<html><body><h1>502 Bad Gateway</h1></body></html>";

const CAPTCHA: &[(&str, &str)] = &[
    (
        "X-Authentication-Denied-Reason",
        "CAPTCHA_CHALLENGE; login-url=https://acme.atlassian.net/login.jsp",
    ),
    ("X-Seraph-LoginReason", "AUTHENTICATION_DENIED"),
];
const CAPTCHA_LOWERCASE: &[(&str, &str)] = &[(
    "x-authentication-denied-reason",
    "CAPTCHA_CHALLENGE; login-url=https://acme.atlassian.net/login.jsp",
)];
const JSON: &[(&str, &str)] = &[("Content-Type", "application/json;charset=UTF-8")];
const NONE: &[(&str, &str)] = &[];

// ---- the answer table ---------------------------------------------------------

struct Answer {
    name: &'static str,
    route: Route,
    status: u16,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
    opaque_redirect: bool,
    outcome: Outcome,
    retry: Option<u64>,
    codes: &'static [Code],
}

const fn answer(
    name: &'static str,
    status: u16,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
    outcome: Outcome,
    codes: &'static [Code],
) -> Answer {
    Answer {
        name,
        route: Route::Site,
        status,
        headers,
        body,
        opaque_redirect: false,
        outcome,
        retry: None,
        codes,
    }
}

const fn scoped(a: Answer) -> Answer {
    Answer {
        route: Route::Scoped,
        ..a
    }
}

const fn retry(a: Answer, seconds: Option<u64>) -> Answer {
    Answer {
        retry: seconds,
        ..a
    }
}

use Code::*;
use Outcome::*;

const MYSELF_ANSWERS: &[Answer] = &[
    // 200 with an account: the only proof.
    answer("person", 200, JSON, MYSELF_JANE, Verified, &[]),
    scoped(answer(
        "person, scoped",
        200,
        JSON,
        MYSELF_JANE,
        Verified,
        &[],
    )),
    answer(
        "email differs only in case",
        200,
        JSON,
        MYSELF_UPPERCASE_EMAIL,
        Verified,
        &[],
    ),
    answer(
        "email differs",
        200,
        JSON,
        MYSELF_OTHER_EMAIL,
        Verified,
        &[VerifyEmailMismatch],
    ),
    answer(
        "inactive",
        200,
        JSON,
        MYSELF_INACTIVE,
        Verified,
        &[VerifyAccountInactive],
    ),
    answer(
        "email hidden",
        200,
        JSON,
        MYSELF_EMAIL_HIDDEN,
        Verified,
        &[VerifyEmailHidden],
    ),
    answer(
        "email empty",
        200,
        JSON,
        MYSELF_EMAIL_EMPTY,
        Verified,
        &[VerifyEmailHidden],
    ),
    scoped(answer(
        "service account (app)",
        200,
        JSON,
        MYSELF_APP,
        Verified,
        &[VerifyEmailMismatch, VerifyAccountType],
    )),
    answer(
        "customer",
        200,
        JSON,
        MYSELF_CUSTOMER,
        Verified,
        &[VerifyAccountType],
    ),
    answer(
        "no accountType",
        200,
        JSON,
        MYSELF_NO_TYPE,
        Verified,
        &[VerifyAccountType],
    ),
    answer(
        "hidden, inactive, customer",
        200,
        JSON,
        MYSELF_EVERYTHING_WRONG,
        Verified,
        // warnings first, then information
        &[VerifyAccountInactive, VerifyAccountType, VerifyEmailHidden],
    ),
    // 200 without an account proves nothing.
    answer(
        "HTML login page",
        200,
        &[("Content-Type", "text/html")],
        LOGIN_PAGE,
        NotJira,
        &[],
    ),
    answer("empty object", 200, JSON, "{}", NotJira, &[]),
    answer("anonymous answer", 200, JSON, ANONYMOUS, NotJira, &[]),
    answer(
        "empty accountId",
        200,
        JSON,
        r#"{"accountId":""}"#,
        NotJira,
        &[],
    ),
    answer(
        "blank accountId",
        200,
        JSON,
        r#"{"accountId":"  "}"#,
        NotJira,
        &[],
    ),
    answer(
        "null accountId",
        200,
        JSON,
        r#"{"accountId":null}"#,
        NotJira,
        &[],
    ),
    answer(
        "numeric accountId",
        200,
        JSON,
        r#"{"accountId":42}"#,
        NotJira,
        &[],
    ),
    // Any field read of the wrong type makes the answer not Jira's, not only accountId.
    answer(
        "active as text",
        200,
        JSON,
        r#"{"accountId":"5b10a2844c20165700ede21g","active":"yes"}"#,
        NotJira,
        &[],
    ),
    answer(
        "numeric displayName",
        200,
        JSON,
        r#"{"accountId":"5b10a2844c20165700ede21g","displayName":7}"#,
        NotJira,
        &[],
    ),
    answer(
        "null fields are absent",
        200,
        JSON,
        r#"{"accountId":"5b10a2844c20165700ede21g","displayName":null,"active":null,"emailAddress":null}"#,
        Verified,
        &[VerifyEmailHidden, VerifyAccountType],
    ),
    answer("array", 200, JSON, r#"[{"accountId":"x"}]"#, NotJira, &[]),
    answer("empty body", 200, NONE, "", NotJira, &[]),
    answer(
        "truncated JSON",
        200,
        JSON,
        r#"{"accountId":"5b10a2844c20165700ede21g""#,
        NotJira,
        &[],
    ),
    answer("204", 204, NONE, "", NotJira, &[]),
    // 401: the decision tree.
    answer("401 JSON", 401, JSON, NOT_AUTHENTICATED, Rejected, &[]),
    answer("401 empty", 401, NONE, "", Rejected, &[]),
    answer(
        "401 password",
        401,
        &[("Content-Type", "text/plain")],
        PASSWORD_DEPRECATED,
        Rejected,
        &[VerifyPasswordUsed],
    ),
    scoped(answer(
        "401 JSON, scoped",
        401,
        JSON,
        NOT_AUTHENTICATED,
        Rejected,
        &[],
    )),
    scoped(answer(
        "401 scope mismatch",
        401,
        JSON,
        SCOPE_MISMATCH,
        Rejected,
        &[VerifyTokenScope],
    )),
    // On the site route the gateway's wording cannot appear; the tree applies.
    answer(
        "401 scope text, site route",
        401,
        JSON,
        SCOPE_MISMATCH,
        Rejected,
        &[],
    ),
    answer("401 with CAPTCHA header", 401, CAPTCHA, "", Captcha, &[]),
    // 403
    answer("403 CAPTCHA", 403, CAPTCHA, "", Captcha, &[]),
    answer(
        "403 CAPTCHA, lower-case header name",
        403,
        CAPTCHA_LOWERCASE,
        "",
        Captcha,
        &[],
    ),
    scoped(answer(
        "403 CAPTCHA, scoped",
        403,
        CAPTCHA,
        "",
        Captcha,
        &[],
    )),
    answer(
        "403 denied for another reason",
        403,
        &[("X-Authentication-Denied-Reason", "AUTHENTICATION_DENIED")],
        "",
        Captcha,
        &[],
    ),
    answer(
        "401 with a non-CAPTCHA denial",
        401,
        &[("X-Authentication-Denied-Reason", "AUTHENTICATION_DENIED")],
        NOT_AUTHENTICATED,
        Rejected,
        &[],
    ),
    answer(
        "403 no Jira access",
        403,
        JSON,
        NO_JIRA_ACCESS,
        Forbidden,
        &[],
    ),
    answer("403 empty", 403, NONE, "", Forbidden, &[]),
    answer(
        "403 signed in, no Jira access",
        403,
        SIGNED_IN,
        NO_JIRA_ACCESS,
        Forbidden,
        &[],
    ),
    answer(
        "403 no email and token it could read",
        403,
        JSON,
        NO_SIGN_IN,
        Forbidden,
        &[VerifyNoSignIn],
    ),
    scoped(answer(
        "403 no email and token it could read, scoped",
        403,
        JSON,
        NO_SIGN_IN,
        Forbidden,
        &[VerifyNoSignIn],
    )),
    answer("403 HTML page", 403, HTML, FORBIDDEN_PAGE, Forbidden, &[]),
    scoped(answer(
        "403 scoped",
        403,
        JSON,
        NO_JIRA_ACCESS,
        Forbidden,
        &[],
    )),
    // 404
    answer(
        "404 site unavailable",
        404,
        JSON,
        SITE_UNAVAILABLE,
        SiteNotFound,
        &[],
    ),
    answer(
        "404 HTML",
        404,
        NONE,
        "<html>Not found</html>",
        SiteNotFound,
        &[],
    ),
    scoped(answer(
        "404 scoped",
        404,
        JSON,
        SITE_UNAVAILABLE,
        SiteNotFound,
        &[],
    )),
    // 429 and Retry-After
    retry(
        answer(
            "429 seconds",
            429,
            &[
                ("Retry-After", "30"),
                ("X-RateLimit-Reset", "2026-05-12T10:31Z"),
            ],
            RATE_LIMITED,
            RateLimited,
            &[],
        ),
        Some(30),
    ),
    retry(
        answer(
            "429 lower-case header",
            429,
            &[("retry-after", "5")],
            "",
            RateLimited,
            &[],
        ),
        Some(5),
    ),
    retry(
        answer(
            "429 zero",
            429,
            &[("Retry-After", "0")],
            "",
            RateLimited,
            &[],
        ),
        Some(0),
    ),
    retry(
        answer(
            "429 padded",
            429,
            &[("Retry-After", " 120 ")],
            "",
            RateLimited,
            &[],
        ),
        Some(120),
    ),
    retry(
        answer(
            "429 HTTP-date",
            429,
            &[("Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT")],
            "",
            RateLimited,
            &[],
        ),
        None,
    ),
    retry(
        answer(
            "429 garbage",
            429,
            &[("Retry-After", "soon")],
            "",
            RateLimited,
            &[],
        ),
        None,
    ),
    retry(
        answer(
            "429 negative",
            429,
            &[("Retry-After", "-1")],
            "",
            RateLimited,
            &[],
        ),
        None,
    ),
    retry(
        answer(
            "429 overflow",
            429,
            &[("Retry-After", "99999999999999999999999")],
            "",
            RateLimited,
            &[],
        ),
        None,
    ),
    retry(
        answer("429 no header", 429, NONE, RATE_LIMITED, RateLimited, &[]),
        None,
    ),
    // 5xx
    answer("500", 500, JSON, SERVER_ERROR, JiraError, &[]),
    answer("502 HTML", 502, NONE, BAD_GATEWAY, JiraError, &[]),
    retry(
        answer(
            "503 with Retry-After",
            503,
            &[("Retry-After", "60")],
            "",
            JiraError,
            &[],
        ),
        Some(60),
    ),
    answer("599", 599, NONE, "", JiraError, &[]),
    // Anything else.
    answer(
        "400 with Jira's error body",
        400,
        JSON,
        NOT_AUTHENTICATED,
        JiraError,
        &[],
    ),
    answer(
        "405 with errorMessage",
        405,
        JSON,
        SITE_UNAVAILABLE,
        JiraError,
        &[],
    ),
    answer("418 text", 418, NONE, "I'm a teapot", NotJira, &[]),
    answer(
        "407 proxy",
        407,
        &[("Proxy-Authenticate", "Basic")],
        "<html>proxy</html>",
        NotJira,
        &[],
    ),
    answer("100", 100, NONE, "", NotJira, &[]),
    answer("600", 600, NONE, "", NotJira, &[]),
    answer("65535", 65535, NONE, "", NotJira, &[]),
    // Redirects: reported, never followed.
    answer(
        "302 seen as such",
        302,
        &[(
            "Location",
            "https://acme-new.atlassian.net/rest/api/3/myself",
        )],
        "",
        Redirected,
        &[],
    ),
    answer("301", 301, NONE, "", Redirected, &[]),
    Answer {
        opaque_redirect: true,
        ..answer("opaque redirect", 0, NONE, "", Redirected, &[])
    },
    // Status 0 without a redirect: the browser hid the answer.
    answer("opaque", 0, NONE, "", BlockedByBrowser, &[]),
    // The relay's own answers (deploy/nginx/tines-jira-relay-location.conf):
    // the relay's problem, never "site not found" or Jira's error.
    answer(
        "relay refused (404)",
        404,
        JSON,
        r#"{"relay":"refused","reason":"This relay only forwards ..."}"#,
        RelayError,
        &[],
    ),
    answer(
        "relay refused (403)",
        403,
        JSON,
        r#"{"relay":"refused","reason":"This relay only serves pages of its own site."}"#,
        RelayError,
        &[],
    ),
    answer(
        "relay upstream failed (502)",
        502,
        JSON,
        r#"{"relay":"upstream-failed","reason":"..."}"#,
        RelayError,
        &[],
    ),
    answer(
        "relay upstream timeout (504)",
        504,
        JSON,
        r#"{"relay":"upstream-timeout","reason":"..."}"#,
        RelayError,
        &[],
    ),
    retry(
        answer(
            "relay rate cap (429)",
            429,
            &[("Retry-After", "7")],
            r#"{"relay":"rate-limited","reason":"..."}"#,
            RateLimited,
            &[],
        ),
        Some(7),
    ),
    // A 200 is never the relay's, whatever it says.
    answer(
        "200 saying relay",
        200,
        JSON,
        r#"{"relay":"refused"}"#,
        NotJira,
        &[],
    ),
];

fn response_of(a: &Answer) -> Response {
    Response {
        status: a.status,
        headers: a
            .headers
            .iter()
            .map(|&(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: a.body.to_string(),
        opaque_redirect: a.opaque_redirect,
    }
}

fn expected_status(status: u16, opaque_redirect: bool) -> Option<u16> {
    (status != 0 && !opaque_redirect).then_some(status)
}

/// Everything a person reads: the message and every diagnostic's message.
fn texts(v: &Verification) -> Vec<&str> {
    let mut all = vec![v.message.as_str()];
    all.extend(v.diagnostics.iter().map(|d| d.message.as_str()));
    all
}

#[test]
fn myself_answers() {
    let mut failures = Vec::new();
    for a in MYSELF_ANSWERS {
        let v = interpret_myself(a.route, HOST, EMAIL, &response_of(a));
        let got = (
            v.outcome,
            v.status,
            v.retry_after_seconds,
            v.codes(),
            v.route,
        );
        let want = (
            a.outcome,
            expected_status(a.status, a.opaque_redirect),
            a.retry,
            a.codes.to_vec(),
            a.route,
        );
        if got != want {
            failures.push(format!("{}: got {got:?}, want {want:?}", a.name));
        }
        if v.message.trim().is_empty() || !v.message.ends_with('.') {
            failures.push(format!("{}: message {:?}", a.name, v.message));
        }
        if (v.outcome == Verified) != v.account.is_some() {
            failures.push(format!("{}: account only when verified", a.name));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// "Accepted the sign-in" is said only where the answer shows a signed-in
/// account: a verified `/myself`, or a refusal that names the account
/// (`X-AAccountId`).
#[test]
fn the_sign_in_is_called_accepted_only_when_the_answer_shows_an_account() {
    for a in MYSELF_ANSWERS {
        let v = interpret_myself(a.route, HOST, EMAIL, &response_of(a));
        let shows_account = v.account.is_some()
            || a.headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("X-AAccountId"));
        let says = texts(&v).iter().any(|t| t.contains("accepted the sign-in"));
        assert!(!says || shows_account, "{}: {}", a.name, v.message);
    }
    let no_sign_in = myself(Route::Site, 403, JSON, NO_SIGN_IN);
    assert!(no_sign_in
        .message
        .starts_with("Jira could not read an email and API token from the request"));
    let page = myself(Route::Site, 403, HTML, FORBIDDEN_PAGE);
    assert!(page
        .message
        .starts_with("A web page answered 403, not Jira's API"));
    let unshown = myself(Route::Site, 403, JSON, NO_JIRA_ACCESS);
    assert!(unshown
        .message
        .contains("does not show whether the sign-in worked"));
    let shown = myself(Route::Site, 403, SIGNED_IN, NO_JIRA_ACCESS);
    assert!(shown
        .message
        .starts_with("Jira accepted the sign-in but refused access"));
}

/// How each outcome is shown comes with it: a title, a tone, whether it points
/// to the terminal commands and whether it is a verdict at all; the blocked
/// page's lead sentence too.
#[test]
fn every_outcome_carries_how_it_is_shown() {
    use tines_jira_credential::jira::Tone;
    for &outcome in Outcome::ALL {
        let v = Verification::new_for_tests(outcome);
        let json: serde_json::Value = serde_json::to_value(&v).unwrap();
        assert_eq!(json["title"], outcome.title(), "{outcome}");
        assert!(!outcome.title().is_empty() && !outcome.title().ends_with('.'));
        assert_eq!(json["terminal"], outcome.points_to_terminal());
        assert_eq!(json["verdict"], outcome.is_verdict());
        assert_eq!(json.get("lead").is_some(), outcome == BlockedByBrowser);
    }
    assert_eq!(Verified.tone(), Tone::Success);
    assert!(!Aborted.is_verdict() && !NotATranscript.is_verdict() && !InvalidInput.is_verdict());
    assert!(BlockedByBrowser.points_to_terminal() && !Verified.points_to_terminal());
}

#[test]
fn every_outcome_is_covered() {
    let mut seen: Vec<Outcome> = MYSELF_ANSWERS.iter().map(|a| a.outcome).collect();
    seen.push(transport_failure(Route::Site, TransportFailure::Timeout).outcome);
    seen.push(transport_failure(Route::Site, TransportFailure::Aborted).outcome);
    seen.push(interpret_probe(Route::Site, HOST, Probe::Failed).outcome);
    seen.push(relay_unreachable(Route::Site).outcome);
    seen.push(interpret_transcript("hello", HOST, EMAIL, Route::Site).outcome);
    seen.push(tines_jira_credential::jira::needs_site_and_email(Route::Site, Vec::new()).outcome);
    // The other kind of Jira: Cloud answering a Data Center check (tests/data_center.rs has
    // every Data Center answer).
    let cloud = Response {
        status: 200,
        headers: Vec::new(),
        body: String::from(MYSELF_JANE),
        opaque_redirect: false,
    };
    seen.push(
        tines_jira_credential::jira::interpret_data_center_myself("jira.acme.com", None, &cloud)
            .outcome,
    );
    for outcome in Outcome::ALL {
        assert!(seen.contains(outcome), "no case for {outcome}");
    }
}

fn myself(route: Route, status: u16, headers: &[(&str, &str)], body: &str) -> Verification {
    let response = Response {
        status,
        headers: headers
            .iter()
            .map(|&(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: body.to_string(),
        opaque_redirect: false,
    };
    interpret_myself(route, HOST, EMAIL, &response)
}

#[test]
fn verified_carries_the_account() {
    let v = myself(Route::Site, 200, JSON, MYSELF_JANE);
    let account = v.account.expect("account");
    assert_eq!(account.account_id, "5b10a2844c20165700ede21g");
    assert_eq!(account.display_name, "Jane Doe");
    assert_eq!(account.email_address.as_deref(), Some("jane@acme.com"));
    assert!(account.active);
    assert_eq!(account.account_type.as_deref(), Some("atlassian"));

    let hidden = myself(Route::Site, 200, JSON, MYSELF_EMAIL_HIDDEN)
        .account
        .unwrap();
    assert_eq!(hidden.email_address, None);
    let no_type = myself(Route::Site, 200, JSON, MYSELF_NO_TYPE)
        .account
        .unwrap();
    assert!(
        no_type.active,
        "a missing `active` is not a deactivated account"
    );
    assert_eq!(no_type.account_type.as_deref(), Some("unknown"));
}

#[test]
fn email_mismatch_suggests_what_jira_reports() {
    let v = myself(Route::Site, 200, JSON, MYSELF_OTHER_EMAIL);
    let d = &v.diagnostics[0];
    assert_eq!(d.code, VerifyEmailMismatch);
    assert_eq!(d.suggestion.as_deref(), Some("jane.doe@acme.com"));
    // A reported address that could not be typed back is not suggested.
    let odd = r#"{"accountId":"a","accountType":"atlassian","emailAddress":"not an address","active":true}"#;
    let v = myself(Route::Site, 200, JSON, odd);
    assert_eq!(v.codes(), [VerifyEmailMismatch]);
    assert_eq!(v.diagnostics[0].suggestion, None);
    // The typed email is compared trimmed.
    let response = Response {
        status: 200,
        headers: Vec::new(),
        body: MYSELF_JANE.to_string(),
        opaque_redirect: false,
    };
    let v = interpret_myself(Route::Site, HOST, " jane@acme.com ", &response);
    assert!(v.diagnostics.is_empty());
}

#[test]
fn severities_of_account_findings() {
    use tines_jira_credential::Severity;
    let severity = |body: &str| myself(Route::Site, 200, JSON, body).diagnostics[0].severity;
    assert_eq!(severity(MYSELF_OTHER_EMAIL), Severity::Warning);
    assert_eq!(severity(MYSELF_INACTIVE), Severity::Warning);
    assert_eq!(severity(MYSELF_CUSTOMER), Severity::Warning);
    assert_eq!(severity(MYSELF_EMAIL_HIDDEN), Severity::Info);
    assert_eq!(severity(MYSELF_NO_TYPE), Severity::Info);
    let app = myself(Route::Scoped, 200, JSON, MYSELF_APP);
    assert_eq!(
        app.diagnostics[1].severity,
        Severity::Info,
        "app accounts are fine for automation"
    );
}

#[test]
fn rejected_walks_the_decision_tree() {
    let v = myself(Route::Site, 401, JSON, NOT_AUTHENTICATED);
    for step in [
        "did not accept this email and token",
        "(1) the email is the sign-in address of the Atlassian account that created the token",
        "(2) the token has not expired or been revoked",
        "id.atlassian.com/manage-profile/security/api-tokens",
        "(3) a token with scopes is used through api.atlassian.com",
        "the terminal check command asks there too",
        "(4) your organisation may block API tokens",
        "admin.atlassian.com",
        "API token controls",
    ] {
        assert!(
            v.message.contains(step),
            "{step:?} missing from {:?}",
            v.message
        );
    }
    // Steps come in order.
    let positions: Vec<usize> = ["(1)", "(2)", "(3)", "(4)"]
        .iter()
        .map(|s| v.message.find(s).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]));

    let scoped = myself(Route::Scoped, 401, JSON, NOT_AUTHENTICATED);
    assert!(scoped.message.contains("needs the read:jira-user scope"));
    assert!(!scoped.message.contains("is used through api.atlassian.com"));
    // No message points at a checkbox the page no longer has.
    for v in [&v, &scoped] {
        assert!(!v.message.contains("tick"), "{}", v.message);
    }

    let password = myself(Route::Site, 401, NONE, PASSWORD_DEPRECATED);
    assert!(password.message.contains("account password"));
    assert!(password
        .message
        .contains("use an API token, not your password"));
    assert!(password.message.contains("(1)") && password.message.contains("(4)"));

    let scope = myself(Route::Scoped, 401, JSON, SCOPE_MISMATCH);
    assert!(scope.message.contains("read:jira-user"));
}

#[test]
fn other_messages_say_what_to_do() {
    let captcha = myself(Route::Site, 403, CAPTCHA, "");
    assert!(captcha.message.contains("CAPTCHA"));
    assert!(captcha
        .message
        .contains("sign in once at https://acme.atlassian.net"));
    let forbidden = myself(Route::Site, 403, JSON, NO_JIRA_ACCESS);
    assert!(
        forbidden.message.contains("product access") && forbidden.message.contains("IP allowlist")
    );
    let missing = myself(Route::Site, 404, JSON, SITE_UNAVAILABLE);
    assert!(
        missing.message.contains("acme.atlassian.net")
            && missing.message.contains("start.atlassian.com")
    );
    let limited = myself(Route::Site, 429, &[("Retry-After", "30")], "");
    assert!(
        limited.message.contains("wait 30 seconds"),
        "{}",
        limited.message
    );
    let limited = myself(Route::Site, 429, &[("Retry-After", "600")], "");
    assert!(
        limited.message.contains("wait 10 minutes"),
        "{}",
        limited.message
    );
    let limited = myself(Route::Site, 429, NONE, "");
    assert!(
        limited.message.contains("wait a minute"),
        "{}",
        limited.message
    );
    let error = myself(Route::Site, 503, NONE, "");
    assert!(error.message.contains("HTTP 503") && error.message.contains("status.atlassian.com"));
    let login = myself(Route::Site, 200, NONE, LOGIN_PAGE);
    assert!(login.message.contains("nothing is proven"));
    let teapot = myself(Route::Site, 418, NONE, "");
    assert!(teapot.message.contains("HTTP 418"));
    let redirect = interpret_myself(
        Route::Site,
        HOST,
        EMAIL,
        &Response {
            status: 0,
            headers: Vec::new(),
            body: String::new(),
            opaque_redirect: true,
        },
    );
    assert!(redirect.message.contains("does not follow with your token"));
    assert!(redirect.message.contains("atlassian.net address"));
}

// ---- tenant_info ----------------------------------------------------------------

/// (name, status, headers, body, the cloud id or the outcome)
type TenantAnswer = (
    &'static str,
    u16,
    &'static [(&'static str, &'static str)],
    &'static str,
    Result<&'static str, Outcome>,
);

const TENANT_ANSWERS: &[TenantAnswer] = &[
    (
        "cloud id",
        200,
        JSON,
        r#"{"cloudId":"a436116f-02ce-4520-8fbb-7301462a1674"}"#,
        Ok(CLOUD_ID),
    ),
    (
        "upper-case cloud id",
        200,
        JSON,
        r#"{"cloudId":"A436116F-02CE-4520-8FBB-7301462A1674"}"#,
        Ok("A436116F-02CE-4520-8FBB-7301462A1674"),
    ),
    (
        "extra fields",
        200,
        JSON,
        r#"{"cloudId":"a436116f-02ce-4520-8fbb-7301462a1674","other":1}"#,
        Ok(CLOUD_ID),
    ),
    (
        "path traversal",
        200,
        JSON,
        r#"{"cloudId":"../../evil"}"#,
        Err(NotJira),
    ),
    ("query", 200, JSON, r#"{"cloudId":"x/y?z"}"#, Err(NotJira)),
    (
        "uuid then a path",
        200,
        JSON,
        r#"{"cloudId":"a436116f-02ce-4520-8fbb-7301462a1674/../x"}"#,
        Err(NotJira),
    ),
    (
        "braced",
        200,
        JSON,
        r#"{"cloudId":"{a436116f-02ce-4520-8fbb-7301462a167}"}"#,
        Err(NotJira),
    ),
    ("number", 200, JSON, r#"{"cloudId":5}"#, Err(NotJira)),
    ("missing", 200, JSON, "{}", Err(NotJira)),
    ("HTML", 200, NONE, LOGIN_PAGE, Err(NotJira)),
    ("not found", 404, JSON, SITE_UNAVAILABLE, Err(SiteNotFound)),
    (
        "rate limited",
        429,
        &[("Retry-After", "7")],
        "",
        Err(RateLimited),
    ),
    ("server error", 503, NONE, "", Err(JiraError)),
    ("refused", 403, NONE, "", Err(Forbidden)),
    ("refused, 401", 401, NONE, "", Err(Forbidden)),
    (
        "CAPTCHA header is not about a token here",
        403,
        CAPTCHA,
        "",
        Err(Forbidden),
    ),
    ("redirect", 302, NONE, "", Err(Redirected)),
    ("teapot", 418, NONE, "", Err(NotJira)),
];

#[test]
fn tenant_info_answers() {
    for &(name, status, headers, body, expected) in TENANT_ANSWERS {
        let response = Response {
            status,
            headers: headers
                .iter()
                .map(|&(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.to_string(),
            opaque_redirect: false,
        };
        match (interpret_tenant_info(HOST, &response), expected) {
            (Ok(id), Ok(want)) => assert_eq!(id.as_str(), want, "{name}"),
            (Err(v), Err(want)) => {
                assert_eq!(v.outcome, want, "{name}");
                assert_eq!(v.route, Route::Scoped, "{name}");
                assert_eq!(v.status, Some(status), "{name}");
                assert!(
                    v.message.starts_with("Looking up the site's cloud id"),
                    "{name}: {}",
                    v.message
                );
                if want == RateLimited {
                    assert_eq!(v.retry_after_seconds, Some(7));
                }
            }
            (got, want) => panic!("{name}: got {got:?}, want {want:?}"),
        }
    }
    let opaque = |redirect| Response {
        status: 0,
        headers: Vec::new(),
        body: String::new(),
        opaque_redirect: redirect,
    };
    let v = interpret_tenant_info(HOST, &opaque(true)).unwrap_err();
    assert_eq!((v.outcome, v.status), (Redirected, None));
    let v = interpret_tenant_info(HOST, &opaque(false)).unwrap_err();
    assert_eq!((v.outcome, v.status), (BlockedByBrowser, None));
}

// ---- transport failures and custom hosts ------------------------------------------

#[test]
fn transport_failures() {
    for route in [Route::Site, Route::Scoped] {
        let v = transport_failure(route, TransportFailure::Network);
        assert_eq!(
            (v.outcome, v.status, v.route),
            (BlockedByBrowser, None, route)
        );
        assert!(v.message.contains("CORS"));
        assert!(v.message.contains("says nothing about your inputs"));
        assert!(v.message.contains("terminal check command"));
        let v = transport_failure(route, TransportFailure::Timeout);
        assert_eq!((v.outcome, v.status), (Timeout, None));
        let v = transport_failure(route, TransportFailure::Aborted);
        assert_eq!((v.outcome, v.status), (Aborted, None));
        assert!(v.message.contains("cancelled"));
    }
}

#[test]
fn custom_hosts_are_not_tried() {
    let v = not_checkable_from_browser(Route::Site, "jira.acme.com");
    assert_eq!(
        (v.outcome, v.status, v.route),
        (BlockedByBrowser, None, Route::Site)
    );
    assert!(v.message.contains("jira.acme.com"));
    assert!(v
        .message
        .contains("*.atlassian.net, *.jira.com and api.atlassian.com"));
    assert!(v.message.contains("terminal check command"));
}

#[test]
fn scoped_route_choice() {
    const CASES: &[(&str, bool, Route)] = &[
        ("jane@acme.com", false, Route::Site),
        ("jane@acme.com", true, Route::Scoped),
        ("bot-123@serviceaccount.atlassian.com", false, Route::Scoped),
        ("Bot-123@ServiceAccount.Atlassian.COM", false, Route::Scoped),
        (" bot@serviceaccount.atlassian.com ", false, Route::Scoped),
        ("jane@atlassian.com", false, Route::Site),
        ("jane@notserviceaccount.atlassian.com", false, Route::Site),
        ("serviceaccount.atlassian.com", false, Route::Site),
        ("", false, Route::Site),
    ];
    for &(email, option, route) in CASES {
        assert_eq!(
            uses_scoped_route(email, option),
            route,
            "{email:?} {option}"
        );
    }
}

#[test]
fn serializes_as_the_javascript_api_describes() {
    let v = myself(Route::Site, 200, JSON, MYSELF_JANE);
    assert_eq!(
        serde_json::to_string(&v).unwrap(),
        r#"{"outcome":"verified","title":"Jira accepted the token","tone":"success","terminal":false,"verdict":true,"message":"Jira accepted this email and token.","route":"site","status":200,"diagnostics":[],"account":{"accountId":"5b10a2844c20165700ede21g","displayName":"Jane Doe","emailAddress":"jane@acme.com","active":true,"accountType":"atlassian"}}"#
    );
    let v = myself(Route::Scoped, 429, &[("Retry-After", "30")], "");
    let json: serde_json::Value = serde_json::to_value(&v).unwrap();
    assert_eq!(json["outcome"], "rate-limited");
    assert_eq!(json["route"], "scoped");
    assert_eq!(json["retryAfterSeconds"], 30);
    assert!(json.get("account").is_none());
    let v = transport_failure(Route::Site, TransportFailure::Network);
    let json: serde_json::Value = serde_json::to_value(&v).unwrap();
    assert_eq!(json["outcome"], "blocked-by-browser");
    assert!(json.get("status").is_none() && json.get("retryAfterSeconds").is_none());
    let hidden = myself(Route::Site, 200, JSON, MYSELF_EMAIL_HIDDEN);
    let json: serde_json::Value = serde_json::to_value(&hidden).unwrap();
    assert!(json["account"].get("emailAddress").is_none());
}

// ---- requests ------------------------------------------------------------------

fn header_pairs(r: &Request) -> Vec<(&str, &str)> {
    r.headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect()
}

fn relay(prefix: &str) -> Endpoint {
    Endpoint::Relay(check_relay_prefix(prefix).unwrap())
}

#[test]
fn myself_request_is_exact() {
    let r = myself_request(&Endpoint::Direct, HOST, EMAIL, TOKEN);
    assert_eq!(r.url, "https://acme.atlassian.net/rest/api/3/myself");
    assert_eq!(
        header_pairs(&r),
        [
            (
                "Authorization",
                "Basic amFuZUBhY21lLmNvbTpBVEFUVDN4RmZHRjBFeGFtcGxl"
            ),
            ("Accept", "application/json"),
        ]
    );
    // An apostrophe is legal in an address and must survive the encoding.
    let r = myself_request(
        &Endpoint::Direct,
        HOST,
        "o'brien@acme.com",
        "ATATT3xFfGF0-test_token=ABCD1234",
    );
    assert_eq!(
        header_pairs(&r),
        [
            (
                "Authorization",
                "Basic bydicmllbkBhY21lLmNvbTpBVEFUVDN4RmZHRjAtdGVzdF90b2tlbj1BQkNEMTIzNA=="
            ),
            ("Accept", "application/json"),
        ]
    );
    let r = myself_request(&relay("/jira-relay"), HOST, EMAIL, TOKEN);
    assert_eq!(r.url, "/jira-relay/acme.atlassian.net/rest/api/3/myself");
    assert_eq!(r.headers.len(), 2);
    let r = myself_request(&relay("/docs/jira-relay/"), "acme.jira.com", EMAIL, TOKEN);
    assert_eq!(r.url, "/docs/jira-relay/acme.jira.com/rest/api/3/myself");
}

#[test]
fn tenant_info_request_has_no_credentials() {
    let r = tenant_info_request(&Endpoint::Direct, HOST);
    assert_eq!(r.url, "https://acme.atlassian.net/_edge/tenant_info");
    assert_eq!(header_pairs(&r), [("Accept", "application/json")]);
    let r = tenant_info_request(&relay("/jira-relay"), HOST);
    assert_eq!(r.url, "/jira-relay/acme.atlassian.net/_edge/tenant_info");
    assert_eq!(header_pairs(&r), [("Accept", "application/json")]);
}

#[test]
fn scoped_request_goes_to_the_gateway() {
    let id = CloudId::parse(CLOUD_ID).unwrap();
    let r = scoped_myself_request(&Endpoint::Direct, &id, EMAIL, TOKEN);
    assert_eq!(
        r.url,
        "https://api.atlassian.com/ex/jira/a436116f-02ce-4520-8fbb-7301462a1674/rest/api/3/myself"
    );
    assert_eq!(
        header_pairs(&r),
        [
            (
                "Authorization",
                "Basic amFuZUBhY21lLmNvbTpBVEFUVDN4RmZHRjBFeGFtcGxl"
            ),
            ("Accept", "application/json"),
        ]
    );
    let r = scoped_myself_request(&relay("/jira-relay"), &id, EMAIL, TOKEN);
    assert_eq!(
        r.url,
        "/jira-relay/api.atlassian.com/ex/jira/a436116f-02ce-4520-8fbb-7301462a1674/rest/api/3/myself"
    );
}

#[test]
fn request_serializes_headers_as_pairs() {
    let r = tenant_info_request(&Endpoint::Direct, HOST);
    assert_eq!(
        serde_json::to_string(&r).unwrap(),
        r#"{"url":"https://acme.atlassian.net/_edge/tenant_info","headers":[["Accept","application/json"]]}"#
    );
}

// ---- cloud ids -------------------------------------------------------------------

const CLOUD_IDS: &[(&str, bool)] = &[
    ("a436116f-02ce-4520-8fbb-7301462a1674", true),
    ("A436116F-02CE-4520-8FBB-7301462A1674", true),
    ("00000000-0000-0000-0000-000000000000", true),
    ("../../evil", false),
    ("x/y?z", false),
    ("", false),
    ("a436116f-02ce-4520-8fbb-7301462a167", false),
    ("a436116f-02ce-4520-8fbb-7301462a16745", false),
    ("a436116f02ce45208fbb7301462a1674", false),
    ("{a436116f-02ce-4520-8fbb-7301462a167}", false),
    ("urn:uuid:a436116f-02ce-4520-8fbb-7301462a1674", false),
    ("a436116f-02ce-4520-8fbb-7301462a167g", false),
    ("a436116f-02ce-4520-8fbb-7301462a167/", false),
    ("a436116f-02ce-4520-8fbb-7301462a167?", false),
    ("a436116f-02ce-4520-8fbb-7301462a167#", false),
    ("a436116f-02ce-4520-8fbb-7301462a167%", false),
    ("a436116f-02ce-4520-8fbb-7301462a167 ", false),
    ("a436116f_02ce-4520-8fbb-7301462a1674", false),
    ("a436116f-02ce-4520-8fbb7-301462a1674", false),
    ("éééééééééééééééééé", false), // 36 bytes, not 36 characters
];

#[test]
fn cloud_ids_are_uuids() {
    for &(input, ok) in CLOUD_IDS {
        assert_eq!(CloudId::parse(input).is_some(), ok, "{input:?}");
    }
}

// ---- relay prefixes ---------------------------------------------------------------

const RELAYS: &[(&str, Option<&str>)] = &[
    ("/jira-relay", Some("/jira-relay")),
    ("/jira-relay/", Some("/jira-relay")),
    ("/docs/jira-relay", Some("/docs/jira-relay")),
    ("/a", Some("/a")),
    ("/api/v1:relay", Some("/api/v1:relay")),
    ("/relay@1", Some("/relay@1")),
    ("/...", Some("/...")),
    ("/.well-known/relay", Some("/.well-known/relay")),
    ("/-_.~!$&'()*+,;=:@", Some("/-_.~!$&'()*+,;=:@")),
    // Anything that is not a same-origin absolute path.
    ("", None),
    ("/", None),
    ("//", None),
    ("//evil.example", None),
    ("//evil.example/relay", None),
    ("https://proxy.example/", None),
    ("http://proxy.example/relay", None),
    ("javascript:alert(1)", None),
    ("data:,x", None),
    ("proxy.example", None),
    ("jira-relay", None),
    ("./jira-relay", None),
    ("../jira-relay", None),
    ("\\\\evil.example", None),
    ("/\\evil.example", None),
    ("/relay\\x", None),
    ("/a//b", None),
    ("/a//", None),
    ("/a/./b", None),
    ("/a/../b", None),
    ("/..", None),
    ("/.", None),
    ("/a/..", None),
    ("/a/../", None),
    ("/a?b", None),
    ("/a#b", None),
    ("/a?", None),
    ("/a%2e", None),
    ("/%2F%2Fevil.example", None),
    ("/%2e%2e/x", None),
    (" /a", None),
    ("/a ", None),
    ("/a b", None),
    ("/a\tb", None),
    ("/a\nb", None),
    ("/a\u{0}", None),
    ("/a\u{7f}", None),
    ("/é", None),
    ("/a<b", None),
    ("/a>b", None),
    ("/a|b", None),
    ("/a\"b", None),
    ("/a`b", None),
    ("/a^b", None),
    ("/a{b}", None),
    ("/a[b]", None),
];

#[test]
fn relay_prefixes() {
    for &(input, expected) in RELAYS {
        let got = check_relay_prefix(input);
        match (&got, expected) {
            (Ok(p), Some(want)) => assert_eq!(p.as_str(), want, "{input:?}"),
            (Err(message), None) => {
                assert!(
                    !message.is_empty() && message.ends_with('.'),
                    "{input:?}: {message:?}"
                )
            }
            _ => panic!("{input:?}: got {got:?}, want {expected:?}"),
        }
    }
    let full = check_relay_prefix("https://proxy.example/").unwrap_err();
    assert!(full.contains("another site"), "{full}");
}

// ---- the token stays out of every message -------------------------------------------

#[test]
fn messages_never_contain_the_token() {
    let basic = STANDARD.encode(format!("{EMAIL}:{TOKEN}").as_bytes());
    let echoes = [
        TOKEN.to_string(),
        format!(r#"{{"errorMessages":["Bad token {TOKEN}"],"message":"{TOKEN}"}}"#),
        format!("Basic {basic}"),
        format!(
            r#"{{"accountId":"{TOKEN}","displayName":"{TOKEN}","emailAddress":"{TOKEN}@x.co","accountType":"{TOKEN}","active":false}}"#
        ),
    ];
    let mut checked = 0;
    for a in MYSELF_ANSWERS {
        for echo in &echoes {
            let mut response = response_of(a);
            response.body.push_str(echo);
            response.headers.push(("X-Echo".to_string(), echo.clone()));
            let v = interpret_myself(a.route, HOST, EMAIL, &response);
            for text in texts(&v) {
                assert!(
                    !text.contains(TOKEN) && !text.contains(&basic),
                    "{}: {text}",
                    a.name
                );
                checked += 1;
            }
            if let Err(v) = interpret_tenant_info(HOST, &response) {
                for text in texts(&v) {
                    assert!(
                        !text.contains(TOKEN) && !text.contains(&basic),
                        "{}: {text}",
                        a.name
                    );
                }
            }
        }
    }
    assert!(checked > 0);
}

// ---- properties ------------------------------------------------------------------------

fn any_status() -> impl Strategy<Value = u16> {
    prop_oneof![
        Just(0u16),
        Just(200u16),
        Just(401u16),
        Just(403u16),
        Just(404u16),
        Just(429u16),
        Just(503u16),
        any::<u16>(),
    ]
}

fn any_headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = prop_oneof![
        Just("Retry-After".to_string()),
        Just("retry-after".to_string()),
        Just("X-Authentication-Denied-Reason".to_string()),
        any::<String>(),
    ];
    let value = prop_oneof!["[0-9 ]{0,25}", "(?i)captcha.{0,10}", any::<String>()];
    proptest::collection::vec((name, value), 0..4)
}

fn any_body() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "\\PC{0,200}",
        // JSON-ish, to reach the account and cloud-id readers.
        r#"\{"(accountId|cloudId|emailAddress|active|accountType|errorMessages|code|message)":("[^"\\]{0,40}"|[0-9]{1,5}|true|false|null|\[\]|\{\})(,"(accountId|emailAddress|active|accountType|displayName)":("[^"\\]{0,40}"|true|false|null))?\}"#,
        "[\\[{\"]{0,300}",
    ]
}

fn any_response() -> impl Strategy<Value = Response> {
    (any_status(), any_headers(), any_body(), any::<bool>()).prop_map(
        |(status, headers, body, opaque_redirect)| Response {
            status,
            headers,
            body,
            opaque_redirect,
        },
    )
}

fn any_route() -> impl Strategy<Value = Route> {
    prop_oneof![Just(Route::Site), Just(Route::Scoped)]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn interpret_myself_never_panics_and_keeps_its_invariants(
        route in any_route(),
        response in any_response(),
        email in any::<String>(),
    ) {
        let v = interpret_myself(route, HOST, &email, &response);
        prop_assert_eq!(v.route, route);
        prop_assert!(!v.message.is_empty());
        prop_assert_eq!(v.status, expected_status(response.status, response.opaque_redirect));
        // Only /myself answering 200 with an accountId is proof.
        prop_assert_eq!(v.outcome == Verified, v.account.is_some());
        if v.outcome == Verified {
            prop_assert_eq!(response.status, 200);
            prop_assert!(!response.opaque_redirect);
            prop_assert!(!v.account.as_ref().unwrap().account_id.trim().is_empty());
        }
        if response.opaque_redirect {
            prop_assert_eq!(v.outcome, Redirected);
        }
        prop_assert!(serde_json::to_string(&v).is_ok());
    }

    #[test]
    fn interpret_tenant_info_never_panics(response in any_response()) {
        match interpret_tenant_info(HOST, &response) {
            Ok(id) => {
                prop_assert_eq!(response.status, 200);
                prop_assert!(CloudId::parse(id.as_str()).is_some());
            }
            Err(v) => {
                prop_assert_eq!(v.route, Route::Scoped);
                prop_assert!(v.outcome != Verified && v.account.is_none());
            }
        }
    }

    #[test]
    fn a_cloud_id_reaches_a_url_only_as_hex_and_hyphens(input in any::<String>()) {
        if let Some(id) = CloudId::parse(&input) {
            let r = scoped_myself_request(&Endpoint::Direct, &id, EMAIL, TOKEN);
            let segment = r
                .url
                .strip_prefix("https://api.atlassian.com/ex/jira/")
                .and_then(|rest| rest.strip_suffix("/rest/api/3/myself"))
                .unwrap();
            prop_assert!(segment.len() == 36 && segment.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'));
        }
    }

    #[test]
    fn cloud_id_bodies_never_smuggle_a_path(id in "[0-9a-fA-F/?#.%-]{30,40}") {
        let response = Response {
            status: 200,
            headers: Vec::new(),
            body: format!(r#"{{"cloudId":"{id}"}}"#),
            opaque_redirect: false,
        };
        if let Ok(cloud_id) = interpret_tenant_info(HOST, &response) {
            prop_assert!(!cloud_id.as_str().contains(['/', '?', '#', '.', '%']));
        }
    }

    #[test]
    fn accepted_relays_stay_on_this_origin(input in prop_oneof![any::<String>(), "/[a-z./%?#\\\\:@ -]{0,20}"]) {
        if let Ok(prefix) = check_relay_prefix(&input) {
            let p = prefix.as_str();
            prop_assert!(p.starts_with('/') && !p.starts_with("//") && !p.ends_with('/'));
            prop_assert!(!p.contains(['\\', '?', '#', '%']));
            prop_assert!(p.bytes().all(|b| (0x21..=0x7e).contains(&b)));
            prop_assert!(p.split('/').skip(1).all(|s| !s.is_empty() && s != "." && s != ".."));
            // Checking the output again gives the same prefix.
            prop_assert_eq!(check_relay_prefix(p).map(|q| q.as_str().to_string()), Ok(p.to_string()));
        }
    }

    #[test]
    fn tokens_never_reach_a_message(
        token in "ATATT3[A-Za-z0-9_-]{20,60}",
        route in any_route(),
        response in any_response(),
    ) {
        let mut response = response;
        response.body.push_str(&token);
        response.headers.push(("Retry-After".to_string(), token.clone()));
        let v = interpret_myself(route, HOST, EMAIL, &response);
        for text in texts(&v) {
            prop_assert!(!text.contains(&token));
        }
    }
}

#[test]
fn huge_and_hostile_bodies() {
    let deep = "[".repeat(100_000);
    let deep_object = "{\"a\":".repeat(50_000);
    let long = "a".repeat(5_000_000);
    let big_account = format!(
        r#"{{"accountId":"5b10","displayName":"{}","active":true,"accountType":"atlassian","emailAddress":"jane@acme.com"}}"#,
        "x".repeat(1_000_000)
    );
    let lossy = String::from_utf8_lossy(&[0xff, 0xfe, b'{', 0xc3]).into_owned();
    for body in [&deep, &deep_object, &long, &big_account, &lossy] {
        for status in [0, 200, 401, 403, 404, 429, 500, 418] {
            let response = Response {
                status,
                headers: vec![("Retry-After".into(), "9".repeat(10_000))],
                body: body.clone(),
                opaque_redirect: false,
            };
            let v = interpret_myself(Route::Site, HOST, EMAIL, &response);
            assert!(!v.message.is_empty());
            let _ = interpret_tenant_info(HOST, &response);
        }
    }
    let v = myself(Route::Site, 200, NONE, &big_account);
    assert_eq!(v.outcome, Verified);
}

// ---- no status: blocked or unreachable --------------------------------------------

/// The probe decides: an opaque answer means the host answered and the browser
/// withheld the check's answer; a rejection means the host could not be reached.
#[test]
fn the_probe_tells_blocked_from_unreachable() {
    for route in [Route::Site, Route::Scoped] {
        let blocked = interpret_probe(route, HOST, Probe::Reached);
        assert_eq!((blocked.outcome, blocked.route), (BlockedByBrowser, route));
        assert!(blocked.message.contains("CORS"), "{}", blocked.message);
        assert!(
            !blocked.message.contains("relay"),
            "visitors are not told about relays"
        );
        let unreachable = interpret_probe(route, HOST, Probe::Failed);
        assert_eq!(unreachable.outcome, Unreachable);
        for cause in ["typos", "online", "VPN", "proxy", "DNS", HOST] {
            assert!(
                unreachable.message.contains(cause),
                "{cause}: {}",
                unreachable.message
            );
        }
        assert!(!unreachable
            .message
            .contains("says nothing about your inputs"));
    }
    let relay = relay_unreachable(Route::Site);
    assert_eq!(relay.outcome, RelayError);
    assert!(relay.message.contains("relay"));
}

#[test]
fn the_probe_never_carries_the_token() {
    let probe = tines_jira_credential::jira::probe_request(HOST);
    assert_eq!(probe.url, "https://acme.atlassian.net/_edge/tenant_info");
    assert!(probe.headers.is_empty());
    assert!(probe.probe);
    assert!(!format!("{probe:?}").contains(TOKEN));
}

/// Atlassian, "Rate limiting" (Jira Cloud REST API): a 429 names the limit that was hit in
/// `RateLimit-Reason` and when its window resets in `X-RateLimit-Reset`; the message says both,
/// and never echoes a value it cannot read.
#[test]
fn a_429_says_which_limit_and_when_it_resets() {
    let burst = myself(
        Route::Site,
        429,
        &[
            ("Retry-After", "12"),
            ("RateLimit-Reason", "jira-burst-based"),
            ("X-RateLimit-Reset", "2026-12-01T10:31Z"),
        ],
        "",
    );
    assert_eq!(burst.outcome, RateLimited);
    assert!(burst.message.contains("burst limit"), "{}", burst.message);
    assert!(
        burst.message.contains("resets at 10:31 UTC on 2026-12-01"),
        "{}",
        burst.message
    );
    assert!(
        burst.message.contains("wait 12 seconds"),
        "{}",
        burst.message
    );

    let quota = myself(
        Route::Site,
        429,
        &[("RateLimit-Reason", "jira-quota-tenant-based")],
        "",
    );
    assert!(quota.message.contains("hourly quota"), "{}", quota.message);
    let issue = myself(
        Route::Site,
        429,
        &[("RateLimit-Reason", "jira-per-issue-on-write")],
        "",
    );
    assert!(issue.message.contains("one issue"), "{}", issue.message);

    // Unknown or malformed: the general sentence, nothing echoed.
    let odd = myself(
        Route::Site,
        429,
        &[
            ("RateLimit-Reason", "<script>"),
            ("X-RateLimit-Reset", "tomorrow <b>"),
        ],
        "",
    );
    assert!(
        odd.message.contains("Jira is limiting how often"),
        "{}",
        odd.message
    );
    assert!(
        !odd.message.contains("<script>")
            && !odd.message.contains("tomorrow")
            && !odd.message.contains("resets")
    );
    // A reset with an offset is not called UTC.
    let offset = myself(
        Route::Site,
        429,
        &[("X-RateLimit-Reset", "2026-12-01T10:31+02:00")],
        "",
    );
    assert!(!offset.message.contains("resets"), "{}", offset.message);
}

/// The route is found, not asked: a 401 at the site goes on to the gateway,
/// and the verdict says which route worked and why the other did not.
#[test]
fn a_401_at_the_site_is_settled_on_the_gateway() {
    use tines_jira_credential::jira::answer::{found_route, try_gateway_after};
    let site = myself(Route::Site, 401, JSON, NOT_AUTHENTICATED);
    assert!(try_gateway_after(&site));
    for (name, v) in [
        ("captcha", myself(Route::Site, 401, CAPTCHA, "")),
        (
            "password",
            myself(Route::Site, 401, NONE, PASSWORD_DEPRECATED),
        ),
        ("403", myself(Route::Site, 403, JSON, NO_JIRA_ACCESS)),
        ("404", myself(Route::Site, 404, JSON, SITE_UNAVAILABLE)),
        ("verified", myself(Route::Site, 200, JSON, MYSELF_JANE)),
    ] {
        assert!(!try_gateway_after(&v), "{name}: the site's verdict stands");
    }

    // What the gateway's /myself answered carries the cloud id (the check looked it up first).
    let on_gateway = |status, headers, body| {
        let mut v = myself(Route::Scoped, status, headers, body);
        v.cloud_id = tines_jira_credential::jira::CloudId::parse(CLOUD_ID);
        v
    };
    let accepted = found_route(site.clone(), on_gateway(200, JSON, MYSELF_JANE));
    assert_eq!(
        (accepted.outcome, accepted.route),
        (Outcome::Verified, Route::Scoped)
    );
    assert_eq!(accepted.diagnostics[0].code, Code::VerifyRouteFound);
    assert!(
        accepted.message.contains("not at the site itself"),
        "{}",
        accepted.message
    );

    let both = found_route(site.clone(), on_gateway(401, JSON, GATEWAY_UNAUTHORIZED));
    assert_eq!(both.outcome, Outcome::Rejected);
    assert!(
        both.message
            .starts_with("Neither the site nor api.atlassian.com"),
        "{}",
        both.message
    );

    let scope = found_route(site.clone(), on_gateway(401, JSON, SCOPE_MISMATCH));
    assert!(scope.has(Code::VerifyTokenScope) && scope.route == Route::Scoped);

    let forbidden = found_route(site.clone(), on_gateway(403, JSON, NO_JIRA_ACCESS));
    assert_eq!(forbidden.outcome, Outcome::Forbidden);

    // The lookup refused (an IP allowlist): no cloud id, so no gateway verdict; the site's stands.
    let refused = Response {
        status: 403,
        headers: vec![],
        body: String::new(),
        opaque_redirect: false,
    };
    let lookup = interpret_tenant_info(HOST, &refused).unwrap_err();
    assert_eq!(lookup.outcome, Outcome::Forbidden);
    let kept = found_route(site.clone(), lookup);
    assert_eq!((kept.outcome, kept.route), (Outcome::Rejected, Route::Site));
    assert!(kept.has(Code::VerifyGatewayNotAsked));

    // A wrong cloud id answers 404 on the gateway: the site's verdict stands,
    // with what the gateway said.
    let wrong_cloud = found_route(site.clone(), on_gateway(404, JSON, SITE_UNAVAILABLE));
    assert_eq!(
        (wrong_cloud.outcome, wrong_cloud.route),
        (Outcome::Rejected, Route::Site)
    );
    assert!(wrong_cloud.has(Code::VerifyGatewayNotAsked));
    let flat = serde_json::to_string(&wrong_cloud).unwrap();
    assert!(flat.contains("got no verdict there"), "{flat}");
}

/// A check through a relay reads Jira's answers as a direct one does: of each
/// `/myself` answer, only the headers a relay passes back
/// ([`tines_jira_credential::relay::answer_headers`]) reach the reader, and
/// the verdict, its message and its codes are the same. (Before the relays
/// passed `X-AAccountId` back, a 403 that had signed in was worded as one
/// that shows nothing of the sign-in.)
#[test]
fn a_relayed_answer_reads_as_the_direct_one() {
    use tines_jira_credential::relay::answer_headers;
    use tines_jira_credential::route::Deployment;
    let mut compared = 0;
    for a in MYSELF_ANSWERS {
        // A relay answers over the page's own origin: no opaque redirect, and
        // a failure to connect is the relay's own answer, read elsewhere.
        if a.opaque_redirect || a.status == 0 {
            continue;
        }
        let direct = response_of(a);
        let relayed = Response {
            headers: answer_headers(&direct.headers, Deployment::Cloud),
            ..response_of(a)
        };
        let (d, r) = (
            interpret_myself(a.route, HOST, EMAIL, &direct),
            interpret_myself(a.route, HOST, EMAIL, &relayed),
        );
        assert_eq!(
            (r.outcome, &r.message, codes(&r)),
            (d.outcome, &d.message, codes(&d)),
            "{}",
            a.name
        );
        compared += 1;
    }
    assert!(compared >= 20, "only {compared} answers compared");
    assert!(
        MYSELF_ANSWERS.iter().any(|a| a.status == 403
            && a.headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("X-AAccountId"))),
        "a signed-in 403 is among the answers"
    );
}

fn codes(v: &Verification) -> Vec<Code> {
    v.diagnostics.iter().map(|d| d.code).collect()
}
