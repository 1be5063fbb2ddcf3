//! Jira Data Center and Server (issue 36): the base URL, the personal access
//! token, the live check's second route, every answer named, the transcript
//! read as the live check reads it, and the Tines side.
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use tines_jira_credential::checks::{check_site_for, Date, SiteKind};
use tines_jira_credential::jira::{
    interpret_data_center_myself, interpret_myself, interpret_transcript, Asker, Check, Endpoint,
    Flow, Next, Outcome, Question, Response, TransportFailure, Verification,
};
use tines_jira_credential::route::{Deployment, Route};
use tines_jira_credential::{
    build_check_commands, build_credential, build_daily_story, build_replace_commands,
    build_replacement, build_story, build_tines_api_commands, AccountState, Code, CredentialInput,
};

const BASE: &str = "https://acme.com:8443/jira";
const TARGET: &str = "acme.com:8443/jira";
const PAGE: &str = "https://docs.acme.com";
const JDOE: &str = r#"{"self":"https://acme.com:8443/jira/rest/api/2/user?username=jdoe","key":"JIRAUSER10100","name":"jdoe","emailAddress":"jdoe@acme.com","displayName":"Jane Doe","active":true,"timeZone":"Europe/London","locale":"en_GB"}"#;
const CLOUD_JANE: &str = r#"{"accountId":"5b10a2844c20165700ede21g","accountType":"atlassian","emailAddress":"jane@acme.com","displayName":"Jane Doe","active":true}"#;
const ALL_PERMISSIONS: &str = r#"{"permissions":{"BROWSE_PROJECTS":{"id":"10","key":"BROWSE_PROJECTS","type":"PROJECT","havePermission":true},"CREATE_ISSUES":{"key":"CREATE_ISSUES","havePermission":true},"EDIT_ISSUES":{"key":"EDIT_ISSUES","havePermission":true},"ADD_COMMENTS":{"key":"ADD_COMMENTS","havePermission":true},"TRANSITION_ISSUES":{"key":"TRANSITION_ISSUES","havePermission":true},"ASSIGN_ISSUES":{"key":"ASSIGN_ISSUES","havePermission":false},"ADMINISTER":{"key":"ADMINISTER","type":"GLOBAL","havePermission":false}}}"#;
const FORBIDDEN_PAGE: &str =
    "<html><head><title>403 Forbidden</title></head><body><h1>Forbidden</h1></body></html>";

/// A personal access token: the base64 of a 12-digit id, a colon and 20 bytes.
fn pat() -> String {
    let mut bytes = b"588925395905:".to_vec();
    bytes.extend((0u8..20).map(|b| b.wrapping_mul(37).wrapping_add(11)));
    STANDARD.encode(bytes)
}

fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
    Response {
        status,
        headers: headers
            .iter()
            .map(|(n, v)| (String::from(*n), String::from(*v)))
            .collect(),
        body: String::from(body),
        opaque_redirect: false,
    }
}

fn dc(status: u16, headers: &[(&str, &str)], body: &str) -> Verification {
    interpret_data_center_myself(TARGET, Some(PAGE), &answer(status, headers, body))
}

#[test]
fn every_data_center_answer_is_named() {
    let json = [("Content-Type", "application/json;charset=UTF-8")];
    let anonymous = [("X-AUSERNAME", "anonymous")];
    let cases: Vec<(Verification, Outcome, &str)> = vec![
        (
            dc(200, &json, JDOE),
            Outcome::Verified,
            "personal access token",
        ),
        (
            dc(200, &[], r#"{"name":"anonymous"}"#),
            Outcome::Verified,
            "",
        ),
        (
            dc(200, &[], "<html>Log in</html>"),
            Outcome::NotJira,
            "sign-in page",
        ),
        (
            dc(401, &anonymous, ""),
            Outcome::Rejected,
            "not expired or been revoked",
        ),
        (
            dc(401, &[("X-Seraph-LoginReason", "AUTHENTICATED_FAILED")], ""),
            Outcome::Rejected,
            "as Basic sign-in",
        ),
        (
            dc(
                403,
                &[
                    (
                        "X-Authentication-Denied-Reason",
                        "CAPTCHA_CHALLENGE; login-url=https://acme.com:8443/jira/login.jsp",
                    ),
                    ("X-Seraph-LoginReason", "AUTHENTICATION_DENIED"),
                ],
                "",
            ),
            Outcome::Captcha,
            "https://acme.com:8443/jira in a browser",
        ),
        (
            dc(
                401,
                &[("X-Seraph-LoginReason", "AUTHENTICATION_DENIED")],
                "",
            ),
            Outcome::Captcha,
            "CAPTCHA",
        ),
        (
            dc(403, &[("Content-Type", "text/html")], FORBIDDEN_PAGE),
            Outcome::Forbidden,
            "reverse proxy",
        ),
        (
            dc(
                403,
                &[("X-AUSERNAME", "jdoe")],
                r#"{"errorMessages":["no"]}"#,
            ),
            Outcome::Forbidden,
            "took the token, then refused",
        ),
        (
            dc(
                404,
                &[("Content-Type", "text/html")],
                "<html>Not Found</html>",
            ),
            Outcome::SiteNotFound,
            "context path",
        ),
        (
            dc(404, &json, r#"{"errorMessages":["null for uri"]}"#),
            Outcome::SiteNotFound,
            "Jira answered 404 for its own API",
        ),
        (
            dc(
                429,
                &[
                    ("Retry-After", "30"),
                    ("X-RateLimit-Limit", "100"),
                    ("X-RateLimit-FillRate", "10"),
                    ("X-RateLimit-Interval-Seconds", "60"),
                    ("X-RateLimit-Remaining", "0"),
                ],
                "",
            ),
            Outcome::RateLimited,
            "It allows 100 requests at once, and 10 more every 60 seconds.",
        ),
        (dc(503, &[], ""), Outcome::JiraError, "Jira server"),
        (dc(302, &[], ""), Outcome::Redirected, "base URL"),
        (dc(0, &[], ""), Outcome::BlockedByBrowser, "Allowlist"),
        (
            dc(200, &json, CLOUD_JANE),
            Outcome::WrongJira,
            "Jira Cloud answered",
        ),
        (
            dc(
                403,
                &json,
                r#"{"error": "Failed to parse Connect Session Auth Token"}"#,
            ),
            Outcome::WrongJira,
            "Say this Jira is Cloud",
        ),
        (dc(418, &[], "teapot"), Outcome::NotJira, "HTTP 418"),
    ];
    for (v, outcome, words) in &cases {
        assert_eq!(v.outcome, *outcome, "{}", v.message);
        assert!(v.message.contains(words), "{outcome}: {}", v.message);
        assert_eq!(v.route, Route::DataCenter);
    }
    // The anonymous name is no user: an answer with only "name": "anonymous" is
    // still read as the user it names, which Jira never answers to a token it
    // did not take (it answers 401); the key is what identifies a user.
    let jdoe = dc(200, &json, JDOE);
    let account = jdoe.account.unwrap();
    assert_eq!(account.account_id, "JIRAUSER10100");
    assert_eq!(account.name.as_deref(), Some("jdoe"));
    assert_eq!(account.account_type, None);
    // The page's origin and the allowlist's place are named when CORS hides the answer.
    let blocked = dc(0, &[], "");
    assert!(blocked.message.contains(PAGE) && blocked.message.contains("Allow incoming"));
    // Nothing the server sent is echoed: not the login URL, not the user name.
    let captcha = &cases[5].0;
    assert!(!captcha.message.contains("login.jsp"));
    assert!(!cases[8].0.message.contains("jdoe"));
}

#[test]
fn data_center_answering_a_cloud_check_of_its_host_is_named() {
    let seraph = answer(401, &[("X-Seraph-LoginReason", "AUTHENTICATED_FAILED")], "");
    let v = interpret_myself(Route::Site, "jira.acme.com", "jane@acme.com", &seraph);
    assert_eq!(v.outcome, Outcome::WrongJira);
    assert!(
        v.message.contains("Say this Jira is Data Center"),
        "{}",
        v.message
    );
    // The same headers from an Atlassian host are Cloud's to explain.
    let v = interpret_myself(Route::Site, "acme.atlassian.net", "jane@acme.com", &seraph);
    assert_eq!(v.outcome, Outcome::Rejected);
    // And the check does not go on to the gateway after it.
    let mut flow = Flow::start(Check {
        host: String::from("jira.acme.com"),
        kind: SiteKind::Custom,
        email: String::from("jane@acme.com"),
        route: Route::Site,
        asker: Asker::Paste,
    });
    let Next::Send { question, .. } = flow.next(None) else {
        panic!()
    };
    assert_eq!(question, Question::SiteMyself);
    flow.answer(Ok(seraph));
    assert_eq!(flow.verdict().unwrap().outcome, Outcome::WrongJira);
}

fn browser(allowed: Option<&str>) -> Asker {
    Asker::Browser {
        endpoint: Endpoint::Direct,
        isolated: false,
        page_origin: Some(String::from(PAGE)),
        data_center_origin: allowed.map(String::from),
    }
}

fn dc_check(asker: Asker) -> Check {
    Check {
        host: String::from(TARGET),
        kind: SiteKind::DataCenter,
        email: String::new(),
        route: Route::DataCenter,
        asker,
    }
}

/// Drives a flow; returns each question with its request's URL and
/// Authorization, and the verdict.
fn drive(
    check: Check,
    mut jira: impl FnMut(Question) -> Result<Response, TransportFailure>,
) -> (Vec<(Question, String, Option<String>)>, Verification) {
    let mut flow = Flow::start(check);
    let mut asked = Vec::new();
    loop {
        match flow.next(Some("PAT-VALUE")) {
            Next::Send { question, request } => {
                let auth = request
                    .headers
                    .iter()
                    .find(|(n, _)| n == "Authorization")
                    .map(|(_, v)| v.clone());
                asked.push((question, request.url.clone(), auth));
                flow.answer(jira(question));
            }
            Next::Done(v) => return (asked, v),
        }
    }
}

#[test]
fn the_live_check_takes_the_data_center_route() {
    let (asked, v) = drive(dc_check(browser(Some("https://acme.com:8443"))), |q| {
        Ok(match q {
            Question::DataCenterMyself => answer(200, &[], JDOE),
            _ => answer(200, &[], ALL_PERMISSIONS),
        })
    });
    assert_eq!(v.outcome, Outcome::Verified);
    assert_eq!(
        asked,
        [
            (
                Question::DataCenterMyself,
                format!("{BASE}/rest/api/2/myself"),
                Some(String::from("Bearer PAT-VALUE"))
            ),
            (
                Question::Permissions,
                format!("{BASE}/rest/api/2/mypermissions"),
                Some(String::from("Bearer PAT-VALUE"))
            ),
        ]
    );
    let permissions = v.permissions.unwrap();
    assert_eq!(permissions.missing(), ["ASSIGN_ISSUES"]);
    // A page its operators did not set up for this base asks nothing.
    for allowed in [None, Some("https://acme.com"), Some("http://acme.com:8443")] {
        let (asked, v) = drive(dc_check(browser(allowed)), |_| panic!("nothing is sent"));
        assert!(asked.is_empty());
        assert_eq!(v.outcome, Outcome::BlockedByBrowser);
        assert!(v.message.contains("terminal check command"));
    }
    // CORS: the probe of /status answers, so the browser withheld the answer.
    let (asked, v) = drive(
        dc_check(browser(Some("https://ACME.com:8443"))),
        |q| match q {
            Question::Probe => Ok(answer(0, &[], "")),
            _ => Err(TransportFailure::Network),
        },
    );
    assert_eq!(asked[1].1, format!("{BASE}/status"));
    assert_eq!(asked[1].2, None, "the probe carries no token");
    assert_eq!(v.outcome, Outcome::BlockedByBrowser);
    assert!(v
        .message
        .contains("Administration \u{2192} System \u{2192} Allowlist"));
    assert!(v.message.contains(PAGE));
    // Unreachable: the probe fails too.
    let (_, v) = drive(dc_check(browser(Some("https://acme.com:8443"))), |_| {
        Err(TransportFailure::Network)
    });
    assert_eq!(v.outcome, Outcome::Unreachable);
    assert!(v.message.contains("VPN"));
}

/// What curl --include prints for an answer.
fn transcript(r: &Response) -> String {
    let mut text = format!("HTTP/1.1 {} X\r\n", r.status);
    for (n, v) in &r.headers {
        text.push_str(&format!("{n}: {v}\r\n"));
    }
    text.push_str("\r\n");
    text.push_str(&r.body);
    text.push_str("\n\n");
    text
}

#[test]
fn a_pasted_data_center_transcript_reads_as_the_live_check() {
    let myself = [
        answer(200, &[], JDOE),
        answer(401, &[("X-AUSERNAME", "anonymous")], ""),
        answer(401, &[("X-Seraph-LoginReason", "AUTHENTICATED_FAILED")], ""),
        answer(
            403,
            &[("X-Authentication-Denied-Reason", "CAPTCHA_CHALLENGE")],
            "",
        ),
        answer(403, &[("Content-Type", "text/html")], FORBIDDEN_PAGE),
        answer(404, &[("Content-Type", "text/html")], "<html>nope</html>"),
        answer(429, &[("Retry-After", "5")], ""),
        answer(500, &[], ""),
        answer(200, &[], CLOUD_JANE),
    ];
    let permissions = [answer(200, &[], ALL_PERMISSIONS), answer(403, &[], "")];
    let mut compared = 0;
    for m in &myself {
        for p in &permissions {
            let (asked, live) = drive(dc_check(Asker::Paste), |q| {
                Ok(match q {
                    Question::DataCenterMyself => m.clone(),
                    _ => p.clone(),
                })
            });
            let text: String = asked
                .iter()
                .map(|(q, _, _)| {
                    transcript(if *q == Question::DataCenterMyself {
                        m
                    } else {
                        p
                    })
                })
                .collect();
            let pasted = interpret_transcript(&text, TARGET, "", Route::DataCenter);
            assert_eq!(pasted, live, "{text}");
            compared += 1;
        }
    }
    assert_eq!(compared, 18);
}

fn input<'a>(site: &'a str, token: &'a str) -> CredentialInput<'a> {
    CredentialInput {
        site,
        deployment: Some(Deployment::DataCenter),
        email: "jane@acme.com",
        token,
        name: "Jira DC",
        tines_tenant: "acme.tines.com",
        team_id: "12",
        today: Date::parse("2026-12-07").unwrap(),
        ..CredentialInput::default()
    }
}

#[test]
fn the_report_for_a_data_center() {
    let token = pat();
    let report = build_credential(&input("https://acme.com:8443/jira/browse/OPS-1", &token));
    assert_eq!(report.deployment, Deployment::DataCenter);
    assert!(report.ok, "{:?}", report.fields);
    assert_eq!(report.fields.site.value.as_deref(), Some(BASE));
    assert!(
        report.fields.email.is_none(),
        "the email is dropped, not hidden"
    );
    let json = serde_json::to_value(&report).unwrap();
    assert!(json["fields"].get("email").is_none());
    assert_eq!(json["deployment"], "data-center");
    assert_eq!(report.fields.token.codes(), [Code::TokenPersonalAccess]);
    assert_eq!(report.check.route, Route::DataCenter);
    assert!(report.check.ready && !report.check.from_browser);
    let allowed = CredentialInput {
        data_center_origin: "https://acme.com:8443",
        ..input(BASE, &token)
    };
    assert!(build_credential(&allowed).check.from_browser);
    let out = report.outputs.unwrap();
    assert_eq!(
        out.metadata_json,
        "{\n  \"base_url\": \"https://acme.com:8443/jira\",\n  \"domain\": \"acme.com\"\n}"
    );
    assert_eq!(out.domains_field, "acme.com");
    assert_eq!(
        out.references.base_url,
        "<<INFO.credential.jira_dc.metadata.base_url>>/rest/api/2"
    );
    assert!(out.scopes.is_empty() && out.cloud_id.is_none() && out.cloud_id_hint.is_none());
    // Once verified, the user's name and key.
    let verified = CredentialInput {
        account_id: "JIRAUSER10100",
        account_name: "jdoe",
        ..input(BASE, &token)
    };
    let out = build_credential(&verified).outputs.unwrap();
    assert_eq!(
        out.metadata_json,
        "{\n  \"base_url\": \"https://acme.com:8443/jira\",\n  \"domain\": \"acme.com\",\n  \"username\": \"jdoe\",\n  \"user_key\": \"JIRAUSER10100\"\n}"
    );
    // A Cloud token for a Data Center, and a Data Center token for Cloud, are refused.
    let cloud_token = build_credential(&input(BASE, "ATATT3xFfGF0abc"));
    assert_eq!(cloud_token.fields.token.codes(), [Code::TokenForCloud]);
    let on_cloud = CredentialInput {
        deployment: None,
        ..input("acme.atlassian.net", &token)
    };
    assert_eq!(
        build_credential(&on_cloud).fields.token.codes(),
        [Code::TokenForDataCenter]
    );
    // A Cloud address is Cloud whatever was said.
    let cloud = build_credential(&input("acme.atlassian.net", "ATATT3xFfGF0abc"));
    assert_eq!(cloud.deployment, Deployment::Cloud);
    assert!(cloud.fields.email.is_some());
    // Said, and a base that fails its check while it is typed: still Data Center's, so the
    // email is not asked for and the token is read as a personal access token.
    for unfinished in ["https://10.0.0.5/jira", "https://jira acme", "", "https://"] {
        let typing = build_credential(&input(unfinished, &token));
        assert_eq!(typing.deployment, Deployment::DataCenter, "{unfinished:?}");
        assert!(!typing.fields.site.ok, "{unfinished:?}");
        assert!(typing.fields.email.is_none(), "{unfinished:?}");
        assert_eq!(typing.fields.token.codes(), [Code::TokenPersonalAccess]);
        assert_eq!(typing.check.route, Route::DataCenter, "{unfinished:?}");
    }
    // Not said, a custom host is asked about.
    let asked = check_site_for("jira.acme.com", None);
    assert_eq!(asked.diagnostics[0].code, Code::SiteCustomDomain);
    assert!(asked.diagnostics[0]
        .message
        .contains("say which Jira it is"));
}

#[test]
fn the_tines_side_of_a_data_center() {
    let token = pat();
    let plain = input(BASE, &token);
    let tunnel = CredentialInput {
        tunnel: true,
        ..plain
    };
    let story: serde_json::Value = serde_json::from_str(&build_story(&plain).unwrap()).unwrap();
    let action = &story["agents"][0];
    assert_eq!(
        action["options"]["url"],
        "<<INFO.credential.jira_dc.metadata.base_url>>/rest/api/2/myself"
    );
    assert_eq!(
        action["options"]["headers"]["Authorization"],
        "Bearer <<CREDENTIAL.jira_dc>>"
    );
    assert!(action["options"].get("basic_auth").is_none());
    assert_eq!(
        story["agents"][1]["options"]["url"],
        "<<INFO.credential.jira_dc.metadata.base_url>>/rest/api/2/mypermissions"
    );
    assert!(!story.to_string().contains("Use tunnel"));
    let with_tunnel = build_story(&tunnel).unwrap();
    assert!(with_tunnel.contains("switch on its Use tunnel option"));
    let daily_input = CredentialInput {
        notify_email: "ops@acme.com",
        ..tunnel
    };
    let daily = build_daily_story(&daily_input).unwrap();
    assert!(daily.contains("Bearer <<CREDENTIAL.jira_dc>>"));
    assert!(daily.contains("<<INFO.credential.jira_dc.metadata.base_url>>/rest/api/2/myself"));
    assert!(daily.contains("Personal access tokens"));
    assert!(
        !daily.contains("https://<<INFO"),
        "the base URL carries its scheme"
    );
    // The commands: the Bearer header from standard input, never the token on a line.
    let check = build_check_commands(&plain).unwrap();
    for text in [&check.curl, &check.powershell, &check.windows_powershell] {
        assert!(!text.contains(&token));
        assert!(text.contains("/rest/api/2/myself"));
        assert!(text.contains("'data-center'"));
    }
    assert!(check
        .curl
        .contains("printf \"header = \\\"Authorization: Bearer %s\\\"\\n\""));
    assert!(check
        .curl
        .contains("secret jira_token \"Jira personal access token\""));
    // It sets what it uses: the base URL, the route and the Jira, and no email (Data Center signs
    // in with the token alone).
    let (values, _) = check.curl.split_once("\nsh -c '\n").unwrap();
    let names: Vec<&str> = values
        .lines()
        .filter_map(|l| l.split_once('=').map(|(n, _)| n))
        .collect();
    assert_eq!(names, ["site", "route", "jira"], "{values}");
    assert!(check
        .powershell
        .contains("Authentication = 'Bearer'; Token = $cred.Password"));
    assert!(check
        .windows_powershell
        .contains("$auth = 'Bearer ' + $plain"));
    let api = build_tines_api_commands(&plain).unwrap();
    assert!(api
        .curl
        .contains("\"base_url\": \"https://acme.com:8443/jira\""));
    assert!(api.curl.contains("\"allowed_hosts\": [\"acme.com\"]"));
    assert!(!api.curl.contains(&token) && !api.powershell.contains(&token));
    let dated = CredentialInput {
        expires_on: "2027-03-01",
        ..plain
    };
    let api = build_tines_api_commands(&dated).unwrap();
    assert!(api
        .curl
        .contains("\"expires_at\": \"2027-03-01T00:00:00Z\""));
    assert!(api.curl.contains("\"expiry_notifications_enabled\": true"));
    let replace = build_replace_commands(&plain).unwrap();
    assert!(replace.curl.contains("jira='data-center'"));
    assert!(replace.powershell.contains("$old = $c.metadata.user_key"));
    assert!(replace
        .powershell
        .contains("$oldSite = ([string]$c.metadata.base_url).Trim().TrimEnd('/')"));
}

#[test]
fn replacing_a_data_center_token_compares_the_user_key() {
    let token = pat();
    let with = |credential: &'static str, key: &'static str, name: &'static str| {
        build_replacement(&CredentialInput {
            credential_account: credential,
            account_id: key,
            account_name: name,
            ..input(BASE, &token)
        })
    };
    let same = with(
        r#"{"base_url": "https://acme.com:8443/jira", "domain": "acme.com", "username": "jdoe", "user_key": "JIRAUSER10100"}"#,
        "JIRAUSER10100",
        "jdoe",
    );
    assert_eq!(same.account.state, AccountState::Same);
    let other = with(
        r#"{"user_key": "JIRAUSER10100"}"#,
        "JIRAUSER20200",
        "mallory",
    );
    assert_eq!(other.account.state, AccountState::Different);
    let by_name = with(r#"{"username": "JDoe"}"#, "JIRAUSER10100", "jdoe");
    assert_eq!(by_name.account.state, AccountState::Same);
    assert!(by_name
        .credential_account
        .has(Code::CredentialAccountByEmail));
    let unproven = with("JIRAUSER10100", "", "");
    assert_eq!(unproven.account.state, AccountState::Unproven);
    let elsewhere = with(
        r#"{"base_url": "https://jira.beta.com", "user_key": "JIRAUSER10100"}"#,
        "JIRAUSER10100",
        "jdoe",
    );
    assert!(elsewhere
        .credential_account
        .has(Code::CredentialAccountOtherSite));
}
