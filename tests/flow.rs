//! The live check's flow (`src/jira/flow.rs`), every path natively: which
//! question follows which answer, where the token goes, what a request that
//! gets no answer leads to, and that a paste of the same answers gives the
//! same verdict as the live check.
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use tines_jira_credential::jira::{
    check_relay_prefix, interpret_transcript, Asker, Check, Endpoint, Flow, Next, Outcome,
    Question, Request, Response, TransportFailure, Verification,
};
use tines_jira_credential::route::Route;
use tines_jira_credential::{Code, SiteKind};

use Question::*;

const HOST: &str = "acme.atlassian.net";
const EMAIL: &str = "jane@acme.com";
const TOKEN: &str = "ATATT3xFfGF0FlowTestToken";
const CLOUD_ID: &str = "a436116f-02ce-4520-8fbb-7301462a1674";

const JANE: &str = r#"{"accountId":"5b10a2844c20165700ede21g","accountType":"atlassian","emailAddress":"jane@acme.com","displayName":"Jane Doe","active":true}"#;
const CLOUD: &str = r#"{"cloudId":"a436116f-02ce-4520-8fbb-7301462a1674"}"#;
const UNAUTHENTICATED: &str =
    r#"{"errorMessages":["Client must be authenticated to access this resource."],"errors":{}}"#;
const GATEWAY_401: &str = r#"{"code":401,"message":"Unauthorized"}"#;
const SCOPE_MISMATCH: &str = r#"{"code":401,"message":"Unauthorized; scope does not match"}"#;
const SITE_UNAVAILABLE: &str = r#"{"errorMessage":"Site temporarily unavailable"}"#;
const ALL_PERMISSIONS: &str = r#"{"permissions":{"BROWSE_PROJECTS":{"havePermission":true},"CREATE_ISSUES":{"havePermission":true},"EDIT_ISSUES":{"havePermission":true},"ADD_COMMENTS":{"havePermission":true},"TRANSITION_ISSUES":{"havePermission":true},"ASSIGN_ISSUES":{"havePermission":false}}}"#;

type Answer = Result<Response, TransportFailure>;

fn json(status: u16, body: &str) -> Answer {
    Ok(Response {
        status,
        headers: vec![(
            String::from("content-type"),
            String::from("application/json;charset=UTF-8"),
        )],
        body: String::from(body),
        opaque_redirect: false,
    })
}

fn with_header(status: u16, name: &str, value: &str) -> Answer {
    Ok(Response {
        status,
        headers: vec![(String::from(name), String::from(value))],
        body: String::new(),
        opaque_redirect: false,
    })
}

fn opaque() -> Answer {
    Ok(Response {
        status: 0,
        headers: Vec::new(),
        body: String::new(),
        opaque_redirect: false,
    })
}

fn check(route: Route, asker: Asker) -> Check {
    Check {
        host: String::from(HOST),
        kind: SiteKind::Cloud,
        email: String::from(EMAIL),
        route,
        asker,
    }
}

fn direct() -> Asker {
    Asker::Browser {
        endpoint: Endpoint::Direct,
        isolated: false,
        page_origin: None,
        data_center_origin: None,
    }
}

/// Drives a flow with a scripted Jira: `jira` answers each question. Returns
/// what was asked, each request, and the verdict.
fn drive(
    check: Check,
    mut jira: impl FnMut(Question) -> Answer,
) -> (Vec<Question>, Vec<Request>, Verification) {
    let mut flow = Flow::start(check);
    let (mut asked, mut sent) = (Vec::new(), Vec::new());
    for _ in 0..10 {
        match flow.next(Some(TOKEN)) {
            Next::Send { question, request } => {
                assert_eq!(flow.asking(), Some(question));
                asked.push(question);
                sent.push(request);
                flow.answer(jira(question));
            }
            Next::Done(verdict) => {
                assert_eq!(flow.asking(), None);
                assert_eq!(flow.clone().verdict().as_ref(), Some(&verdict));
                return (asked, sent, verdict);
            }
        }
    }
    panic!("the flow asked more than ten questions: {asked:?}");
}

/// A Jira where the site takes the token (or not), the cloud id is found,
/// and the gateway answers `gateway`.
fn jira<'a>(site: &'a Answer, gateway: &'a Answer) -> impl FnMut(Question) -> Answer + 'a {
    move |q| match q {
        SiteMyself | DataCenterMyself => site.clone(),
        TenantInfo => json(200, CLOUD),
        GatewayMyself => gateway.clone(),
        Permissions => json(200, ALL_PERMISSIONS),
        Probe => opaque(),
    }
}

#[test]
fn a_token_the_site_takes_is_asked_its_permissions_there() {
    let (asked, sent, v) = drive(
        check(Route::Site, direct()),
        jira(&json(200, JANE), &json(500, "")),
    );
    assert_eq!(asked, [SiteMyself, Permissions]);
    assert_eq!(v.outcome, Outcome::Verified);
    assert_eq!(v.route, Route::Site);
    assert!(sent[1]
        .url
        .starts_with("https://acme.atlassian.net/rest/api/3/mypermissions?"));
    let permissions = v.permissions.expect("asked after a verified /myself");
    assert_eq!(
        permissions
            .items
            .iter()
            .filter(|p| p.have == Some(true))
            .count(),
        5
    );
    assert_eq!(v.cloud_id, None);
}

#[test]
fn a_plain_401_at_the_site_sends_the_check_to_the_gateway() {
    let (asked, sent, v) = drive(
        check(Route::Site, direct()),
        jira(&json(401, UNAUTHENTICATED), &json(200, JANE)),
    );
    assert_eq!(asked, [SiteMyself, TenantInfo, GatewayMyself, Permissions]);
    assert_eq!(v.outcome, Outcome::Verified);
    assert_eq!(v.route, Route::Scoped);
    assert!(v.has(Code::VerifyRouteFound));
    assert_eq!(v.cloud_id.as_ref().map(|c| c.as_str()), Some(CLOUD_ID));
    let gateway = [
        "https://api.atlassian.com/ex/jira/",
        CLOUD_ID,
        "/rest/api/3/",
    ]
    .concat();
    assert_eq!(sent[2].url, [gateway.as_str(), "myself"].concat());
    assert!(sent[3]
        .url
        .starts_with(&[gateway.as_str(), "mypermissions?"].concat()));
}

#[test]
fn neither_route_accepting_the_token_is_one_rejection_without_permissions() {
    let (asked, _, v) = drive(
        check(Route::Site, direct()),
        jira(&json(401, UNAUTHENTICATED), &json(401, GATEWAY_401)),
    );
    assert_eq!(asked, [SiteMyself, TenantInfo, GatewayMyself]);
    assert_eq!(v.outcome, Outcome::Rejected);
    assert_eq!(v.route, Route::Site);
    assert!(v.permissions.is_none());
    let (_, _, scope) = drive(
        check(Route::Site, direct()),
        jira(&json(401, UNAUTHENTICATED), &json(401, SCOPE_MISMATCH)),
    );
    assert!(scope.has(Code::VerifyTokenScope), "{:?}", scope.codes());
}

#[test]
fn a_captcha_or_any_other_answer_at_the_site_is_the_verdict() {
    for (answer, outcome) in [
        (
            with_header(403, "X-Authentication-Denied-Reason", "CAPTCHA_CHALLENGE"),
            Outcome::Captcha,
        ),
        (json(403, r#"{"errorMessages":["no"]}"#), Outcome::Forbidden),
        (json(404, SITE_UNAVAILABLE), Outcome::SiteNotFound),
        (with_header(429, "Retry-After", "30"), Outcome::RateLimited),
        (json(503, ""), Outcome::JiraError),
        (json(200, "{}"), Outcome::NotJira),
    ] {
        let (asked, _, v) = drive(
            check(Route::Site, direct()),
            jira(&answer, &json(200, JANE)),
        );
        assert_eq!(asked, [SiteMyself], "{outcome}");
        assert_eq!(v.outcome, outcome);
    }
}

#[test]
fn the_scoped_route_starts_with_the_cloud_id() {
    let (asked, sent, v) = drive(
        check(Route::Scoped, direct()),
        jira(&json(500, ""), &json(200, JANE)),
    );
    assert_eq!(asked, [TenantInfo, GatewayMyself, Permissions]);
    assert_eq!(sent[0].url, "https://acme.atlassian.net/_edge/tenant_info");
    assert_eq!(v.outcome, Outcome::Verified);
    assert_eq!(v.route, Route::Scoped);
    assert!(!v.has(Code::VerifyRouteFound));
    // A failed lookup is the verdict: nothing more is asked.
    let (asked, _, v) = drive(check(Route::Scoped, direct()), |q| match q {
        TenantInfo => json(404, SITE_UNAVAILABLE),
        _ => json(200, JANE),
    });
    assert_eq!(asked, [TenantInfo]);
    assert_eq!(v.outcome, Outcome::SiteNotFound);
}

#[test]
fn a_request_without_an_answer_is_followed_by_the_probe() {
    for (probe, isolated, outcome, unreachable) in [
        (opaque(), false, Outcome::BlockedByBrowser, false),
        (
            Err(TransportFailure::Network),
            false,
            Outcome::Unreachable,
            true,
        ),
        (
            Err(TransportFailure::Network),
            true,
            Outcome::BlockedByBrowser,
            false,
        ),
        (
            Err(TransportFailure::Timeout),
            false,
            Outcome::Timeout,
            false,
        ),
    ] {
        let asker = Asker::Browser {
            endpoint: Endpoint::Direct,
            isolated,
            page_origin: None,
            data_center_origin: None,
        };
        let (asked, sent, v) = drive(check(Route::Site, asker), |q| match q {
            Probe => probe.clone(),
            _ => Err(TransportFailure::Network),
        });
        assert_eq!(asked, [SiteMyself, Probe]);
        assert_eq!(v.outcome, outcome);
        assert_eq!(
            v.message.contains("could not reach"),
            unreachable,
            "{}",
            v.message
        );
        assert_eq!(
            v.message.contains("isolation"),
            isolated,
            "an isolated page says why the probe proves nothing"
        );
        let probe = &sent[1];
        assert!(probe.probe && probe.headers.is_empty());
        assert_eq!(probe.url, "https://acme.atlassian.net/_edge/tenant_info");
    }
}

#[test]
fn a_timeout_or_a_cancel_is_the_verdict_without_a_probe() {
    for (failure, outcome) in [
        (TransportFailure::Timeout, Outcome::Timeout),
        (TransportFailure::Aborted, Outcome::Aborted),
    ] {
        let (asked, _, v) = drive(check(Route::Site, direct()), |_| Err(failure));
        assert_eq!(asked, [SiteMyself]);
        assert_eq!(v.outcome, outcome);
    }
}

#[test]
fn through_a_relay_no_answer_is_the_relays_and_nothing_is_probed() {
    let relay = Asker::Browser {
        endpoint: Endpoint::Relay(check_relay_prefix("/jira-relay").unwrap()),
        isolated: false,
        page_origin: None,
        data_center_origin: None,
    };
    let (asked, sent, v) = drive(check(Route::Site, relay.clone()), |_| {
        Err(TransportFailure::Network)
    });
    assert_eq!(asked, [SiteMyself]);
    assert_eq!(v.outcome, Outcome::RelayError);
    assert_eq!(
        sent[0].url,
        "/jira-relay/acme.atlassian.net/rest/api/3/myself"
    );
    let (_, sent, v) = drive(
        check(Route::Site, relay),
        jira(&json(401, UNAUTHENTICATED), &json(200, JANE)),
    );
    assert_eq!(v.outcome, Outcome::Verified);
    let urls: Vec<&str> = sent.iter().map(|r| r.url.as_str()).collect();
    assert!(
        urls.iter().all(|u| u.starts_with("/jira-relay/")),
        "{urls:?}"
    );
    assert_eq!(
        urls[2],
        [
            "/jira-relay/api.atlassian.com/ex/jira/",
            CLOUD_ID,
            "/rest/api/3/myself"
        ]
        .concat()
    );
}

#[test]
fn no_answer_on_the_way_to_the_gateway_leaves_the_sites_verdict_with_a_note() {
    // The lookup fails without a status: the probe, then the site's 401 stands.
    let (asked, _, v) = drive(check(Route::Site, direct()), |q| match q {
        SiteMyself => json(401, UNAUTHENTICATED),
        Probe => opaque(),
        _ => Err(TransportFailure::Network),
    });
    assert_eq!(asked, [SiteMyself, TenantInfo, Probe]);
    assert_eq!((v.outcome, v.route), (Outcome::Rejected, Route::Site));
    assert!(v.has(Code::VerifyGatewayNotAsked));
    assert_eq!(v.cloud_id, None);
    // The gateway's /myself fails: the cloud id found is kept.
    let (asked, _, v) = drive(check(Route::Site, direct()), |q| match q {
        SiteMyself => json(401, UNAUTHENTICATED),
        TenantInfo => json(200, CLOUD),
        _ => Err(TransportFailure::Timeout),
    });
    assert_eq!(asked, [SiteMyself, TenantInfo, GatewayMyself]);
    assert_eq!(v.outcome, Outcome::Rejected);
    assert!(v.has(Code::VerifyGatewayNotAsked));
    assert_eq!(v.cloud_id.as_ref().map(|c| c.as_str()), Some(CLOUD_ID));
}

#[test]
fn permissions_without_an_answer_leave_the_verdict_verified() {
    for failure in [
        TransportFailure::Network,
        TransportFailure::Timeout,
        TransportFailure::Aborted,
    ] {
        let (asked, _, v) = drive(check(Route::Site, direct()), |q| match q {
            SiteMyself => json(200, JANE),
            _ => Err(failure),
        });
        assert_eq!(
            asked,
            [SiteMyself, Permissions],
            "no probe for the permissions"
        );
        assert_eq!(v.outcome, Outcome::Verified);
        let p = v.permissions.expect("a message says why they are unknown");
        assert!(p.items.iter().all(|i| i.have.is_none()));
    }
}

#[test]
fn a_custom_host_is_never_asked_from_the_browser_but_is_read_from_a_paste() {
    let mut custom = check(Route::Site, direct());
    custom.kind = SiteKind::Custom;
    let (asked, _, v) = drive(custom.clone(), |_| panic!("nothing may be sent"));
    assert!(asked.is_empty());
    assert_eq!(v.outcome, Outcome::BlockedByBrowser);
    custom.asker = Asker::Paste;
    assert_eq!(Flow::start(custom).asking(), Some(SiteMyself));
}

#[test]
fn the_token_goes_only_where_it_is_needed_and_never_from_a_paste() {
    let basic = ["Basic ", &STANDARD.encode([EMAIL, ":", TOKEN].concat())].concat();
    let scenarios: [(Route, Answer); 3] = [
        (Route::Site, json(200, JANE)),
        (Route::Site, json(401, UNAUTHENTICATED)),
        (Route::Scoped, json(200, JANE)),
    ];
    let mut seen = std::collections::HashSet::new();
    for (route, site) in scenarios {
        let (asked, sent, _) = drive(check(route, direct()), jira(&site, &json(200, JANE)));
        for (question, request) in asked.iter().zip(&sent) {
            seen.insert(*question);
            let authorization: Vec<&str> = request
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case("authorization"))
                .map(|(_, v)| v.as_str())
                .collect();
            let carries = matches!(question, SiteMyself | GatewayMyself | Permissions);
            assert_eq!(
                authorization,
                if carries {
                    vec![basic.as_str()]
                } else {
                    vec![]
                },
                "{question:?}"
            );
            assert!(
                request.url.starts_with("https://acme.atlassian.net/")
                    || request
                        .url
                        .starts_with("https://api.atlassian.com/ex/jira/"),
                "{}",
                request.url
            );
            assert!(!request.url.contains(TOKEN));
        }
    }
    assert_eq!(
        seen.len(),
        4,
        "every question with a request was seen: {seen:?}"
    );
    // A paste's flow builds its requests without a token.
    let mut flow = Flow::start(check(Route::Site, Asker::Paste));
    flow.answer(json(401, UNAUTHENTICATED));
    flow.answer(json(200, CLOUD));
    let Next::Send { request, .. } = flow.next(None) else {
        panic!("the gateway's /myself is next")
    };
    assert!(request
        .headers
        .iter()
        .all(|(n, _)| !n.eq_ignore_ascii_case("authorization")));
    assert!(!format!("{flow:?}").contains(TOKEN));
}

#[test]
fn a_paste_leaves_out_only_the_lookup_or_the_permissions() {
    // The gateway's /myself alone: read without a cloud id.
    let mut flow = Flow::start(check(Route::Scoped, Asker::Paste));
    flow.not_in_paste();
    assert_eq!(flow.asking(), Some(GatewayMyself));
    flow.answer(json(200, JANE));
    assert_eq!(flow.asking(), Some(Permissions));
    flow.not_in_paste();
    let v = flow.verdict().expect("done without the permissions");
    assert_eq!(
        (v.outcome, v.cloud_id, v.permissions),
        (Outcome::Verified, None, None)
    );
    // /myself cannot be left out.
    let mut flow = Flow::start(check(Route::Site, Asker::Paste));
    flow.not_in_paste();
    assert_eq!(flow.asking(), Some(SiteMyself));
}

/// What the curl check command prints for one answer.
fn curl_transcript(answer: &Response) -> String {
    let mut out = ["HTTP/2 ", &answer.status.to_string(), " \r\n"].concat();
    for (name, value) in &answer.headers {
        out.push_str(&[name.as_str(), ": ", value, "\r\n"].concat());
    }
    out.push_str("\r\n");
    out.push_str(&answer.body);
    out.push_str("\n\n");
    out
}

/// The same answers, asked live or pasted, give the same verdict, word for
/// word: both are the one flow.
#[test]
fn a_paste_of_the_same_answers_gives_the_live_checks_verdict() {
    let sites = [
        json(200, JANE),
        json(401, UNAUTHENTICATED),
        with_header(403, "X-Authentication-Denied-Reason", "CAPTCHA_CHALLENGE"),
        json(403, r#"{"errorMessages":["no"]}"#),
        json(404, SITE_UNAVAILABLE),
        with_header(429, "Retry-After", "30"),
        json(
            503,
            r#"{"errorMessages":["Internal server error"],"errors":{}}"#,
        ),
    ];
    let lookups = [json(200, CLOUD), json(404, SITE_UNAVAILABLE), json(403, "")];
    let gateways = [
        json(200, JANE),
        json(401, GATEWAY_401),
        json(401, SCOPE_MISMATCH),
        json(403, r#"{"errorMessages":["no"]}"#),
    ];
    let permissions = [
        json(200, ALL_PERMISSIONS),
        json(401, SCOPE_MISMATCH),
        json(200, "[]"),
    ];
    let mut compared = 0;
    for route in [Route::Site, Route::Scoped] {
        for site in &sites {
            for lookup in &lookups {
                for gateway in &gateways {
                    for mine in &permissions {
                        let (asked, _, live) = drive(check(route, direct()), |q| match q {
                            SiteMyself | DataCenterMyself => site.clone(),
                            TenantInfo => lookup.clone(),
                            GatewayMyself => gateway.clone(),
                            Permissions => mine.clone(),
                            Probe => opaque(),
                        });
                        let text: String = asked
                            .iter()
                            .map(|q| match q {
                                SiteMyself | DataCenterMyself => site,
                                TenantInfo => lookup,
                                GatewayMyself => gateway,
                                Permissions => mine,
                                Probe => unreachable!("every answer has a status"),
                            })
                            .map(|a| curl_transcript(a.as_ref().unwrap()))
                            .collect();
                        let pasted = interpret_transcript(&text, HOST, EMAIL, route);
                        assert_eq!(pasted, live, "{route:?} {asked:?}\n{text}");
                        compared += 1;
                    }
                }
            }
        }
    }
    assert_eq!(compared, 2 * 7 * 3 * 4 * 3);
}
