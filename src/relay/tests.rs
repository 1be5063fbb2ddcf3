use super::rate::{BURST, INTERVAL_MS, INTERVAL_S, REQUESTS_PER_CHECK, RETRY_AFTER_S};
use super::*;
use crate::jira::permissions_request;
use crate::jira::request::{
    check_relay_prefix, myself_request, scoped_myself_request, tenant_info_request, Endpoint,
};
use crate::route::MYPERMISSIONS_PATH;

const ORIGIN: &str = "https://docs.example.com";
const CLOUD_ID: &str = "a436116f-02ce-4520-8fbb-7301462a1674";
const BASIC: &str = "Basic amFuZUBhY21lLmNvbTpzZWNyZXQtdG9rZW4=";

fn h(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(n, v)| (String::from(*n), String::from(*v)))
        .collect()
}

fn ask(method: &str, target: &str, headers: &[(&str, &str)]) -> Decision {
    let url = format!("{ORIGIN}{target}");
    let headers = h(headers);
    decide(Incoming {
        method,
        url: &url,
        headers: &headers,
        prefix: DEFAULT_PREFIX,
        data_center: None,
    })
}

/// The Data Center base the relay of these tests is deployed for.
const DC_BASE: &str = "https://jira.acme.com:8443/jira";
const BEARER: &str = "Bearer NTg4OTI1Mzk1OTA1OiBb9S4WPEoK6cmOe6pq6VO0lt6M";

fn ask_dc(setting: &str, target: &str, headers: &[(&str, &str)]) -> Decision {
    let url = format!("{ORIGIN}{target}");
    let headers = h(headers);
    decide(Incoming {
        method: "GET",
        url: &url,
        headers: &headers,
        prefix: DEFAULT_PREFIX,
        data_center: Some(setting),
    })
}

#[test]
fn a_data_center_relay_forwards_its_one_base_with_the_bearer_token() {
    for path in ["/rest/api/2/myself", "/rest/api/2/mypermissions"] {
        let target = format!("/jira-relay/jira.acme.com:8443/jira{path}");
        let up = forwarded(ask_dc(DC_BASE, &target, &[("Authorization", BEARER)]));
        assert_eq!(up.url, format!("{DC_BASE}{path}"));
        assert_eq!(up.deployment, Deployment::DataCenter);
        assert!(up
            .headers
            .iter()
            .any(|(n, v)| n == "Authorization" && v == BEARER));
    }
    // The module's own requests, through the relay, are the ones it sends
    // directly.
    let relay = Endpoint::Relay(check_relay_prefix(DEFAULT_PREFIX).unwrap());
    let mut flow = crate::jira::Flow::start(crate::jira::Check {
        host: String::from("jira.acme.com:8443/jira"),
        kind: SiteKind::DataCenter,
        email: String::new(),
        route: crate::route::Route::DataCenter,
        asker: crate::jira::Asker::Browser {
            endpoint: relay,
            isolated: false,
            page_origin: Some(String::from(ORIGIN)),
            data_center_origin: Some(String::from("https://jira.acme.com:8443")),
        },
    });
    let crate::jira::Next::Send { request, .. } = flow.next(Some("tok")) else {
        panic!("the flow asks first");
    };
    let headers: Vec<(&str, &str)> = request
        .headers
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let up = forwarded(ask_dc(DC_BASE, &request.url, &headers));
    assert_eq!(up.url, format!("{DC_BASE}/rest/api/2/myself"));
    flow.answer(Err(crate::jira::TransportFailure::Aborted));
}

#[test]
fn a_data_center_relay_passes_nothing_else() {
    let bearer = [("Authorization", BEARER)];
    for target in [
        "/jira-relay/evil.example/rest/api/2/myself",
        "/jira-relay/jira.acme.com:8443/rest/api/2/myself",
        "/jira-relay/jira.acme.com/jira/rest/api/2/myself",
        "/jira-relay/jira.acme.com:8443/jira/rest/api/3/myself",
        "/jira-relay/jira.acme.com:8443/jira/rest/api/2/myself?expand=groups",
        "/jira-relay/jira.acme.com:8443/jira/rest/api/2/user?username=admin",
        "/jira-relay/jira.acme.com:8443/jira/../rest/api/2/myself",
        "/jira-relay/jira.acme.com:8443/jira/rest/api/2/%6dyself",
        "/jira-relay/jira.acme.com:8443/jira/rest/api/2/myself/",
        "/jira-relay/jira.acme.com:8443/jira/status",
        "/jira-relay/JIRA.acme.com:8443/jira/rest/api/2/myself",
        "/jira-relay/jira.acme.com:8443/jira/_edge/tenant_info",
        "/jira-relay/acme.atlassian.net/rest/api/2/myself",
    ] {
        assert_eq!(status(&ask_dc(DC_BASE, target, &bearer)), 404, "{target}");
    }
    // Cloud's paths still pass, with Basic only.
    let cloud = "/jira-relay/acme.atlassian.net/rest/api/3/myself";
    assert_eq!(
        status(&ask_dc(DC_BASE, cloud, &[("Authorization", BASIC)])),
        0
    );
    assert_eq!(status(&ask_dc(DC_BASE, cloud, &bearer)), 400);
    // Data Center's, with Bearer only.
    let dc = "/jira-relay/jira.acme.com:8443/jira/rest/api/2/myself";
    for bad in [
        BASIC,
        "Bearer ",
        "Bearer a b",
        "bearer abc",
        "Bearer \u{e9}",
    ] {
        assert_eq!(
            status(&ask_dc(DC_BASE, dc, &[("Authorization", bad)])),
            400,
            "{bad}"
        );
    }
    // A setting the base URL check would not give back unchanged relays no
    // Data Center at all.
    for setting in [
        "",
        "https://jira.acme.com:8443/jira/",
        "http://jira.acme.com:8443/jira",
        "jira.acme.com:8443/jira",
        "https://JIRA.acme.com:8443/jira",
        "https://jira.acme.com:443/jira",
        "https://10.0.0.1/jira",
        "https://acme.atlassian.net",
    ] {
        let target = "/jira-relay/jira.acme.com:8443/jira/rest/api/2/myself";
        assert_eq!(
            status(&ask_dc(setting, target, &bearer)),
            404,
            "{setting:?}"
        );
    }
    // Without a setting, none.
    assert_eq!(status(&ask("GET", dc, &bearer)), 404);
}

fn status(d: &Decision) -> u16 {
    match d {
        Decision::Forward(_) => 0,
        Decision::Refuse(a) => a.status,
    }
}

fn forwarded(d: Decision) -> Upstream {
    match d {
        Decision::Forward(u) => u,
        Decision::Refuse(a) => panic!("refused: {} {}", a.status, a.body),
    }
}

#[test]
fn the_relay_passes_exactly_the_requests_the_module_sends() {
    let relay = Endpoint::Relay(check_relay_prefix(DEFAULT_PREFIX).unwrap());
    let cloud = CloudId::parse(CLOUD_ID).unwrap();
    for host in ["acme.atlassian.net", "acme.jira.com", "a-b-c.atlassian.net"] {
        let pairs = [
            (
                myself_request(&relay, host, "jane@acme.com", "secret-token"),
                myself_request(&Endpoint::Direct, host, "jane@acme.com", "secret-token"),
            ),
            (
                tenant_info_request(&relay, host),
                tenant_info_request(&Endpoint::Direct, host),
            ),
            (
                scoped_myself_request(&relay, &cloud, "bot@x.co", "secret-token"),
                scoped_myself_request(&Endpoint::Direct, &cloud, "bot@x.co", "secret-token"),
            ),
            (
                permissions_request(&relay, host, None, "jane@acme.com", "secret-token"),
                permissions_request(
                    &Endpoint::Direct,
                    host,
                    None,
                    "jane@acme.com",
                    "secret-token",
                ),
            ),
            (
                permissions_request(&relay, host, Some(&cloud), "bot@x.co", "secret-token"),
                permissions_request(
                    &Endpoint::Direct,
                    host,
                    Some(&cloud),
                    "bot@x.co",
                    "secret-token",
                ),
            ),
        ];
        for (through, direct) in pairs {
            let headers: Vec<(&str, &str)> = through
                .headers
                .iter()
                .map(|(n, v)| (n.as_str(), v.as_str()))
                .chain([("Sec-Fetch-Site", "same-origin")])
                .collect();
            let up = forwarded(ask("GET", &through.url, &headers));
            assert_eq!(up.url, direct.url, "{}", through.url);
            assert_eq!(up.deployment, Deployment::Cloud, "{}", through.url);
            // The token goes up exactly when the module sent it: to /myself.
            let auth = |hs: &[(String, String)]| {
                hs.iter()
                    .find(|(n, _)| n == "Authorization")
                    .map(|(_, v)| v.clone())
            };
            assert_eq!(auth(&up.headers), auth(&direct.headers), "{}", through.url);
            let names: Vec<&str> = up.headers.iter().map(|(n, _)| n.as_str()).collect();
            assert!(names.contains(&"User-Agent") && names.contains(&"Accept"));
            assert!(names.len() <= 3, "{names:?}");
        }
    }
}

#[test]
fn only_the_permissions_question_has_a_query_and_only_its_own() {
    let site = "/jira-relay/acme.atlassian.net";
    let gateway = format!("/jira-relay/api.atlassian.com/ex/jira/{CLOUD_ID}");
    for base in [site, gateway.as_str()] {
        let exact = format!("{base}{MYPERMISSIONS_PATH}");
        assert_eq!(status(&ask("GET", &exact, &[])), 0, "{exact}");
        for other in [
            "/rest/api/3/mypermissions",
            "/rest/api/3/mypermissions?",
            "/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS",
            "/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS,CREATE_ISSUES,EDIT_ISSUES,ADD_COMMENTS,TRANSITION_ISSUES,ASSIGN_ISSUES&projectKey=X",
            "/rest/api/3/mypermissions?permissions=browse_projects,create_issues,edit_issues,add_comments,transition_issues,assign_issues",
            "/rest/api/3/myself?permissions=BROWSE_PROJECTS",
            "/rest/api/3/myself?",
            "/_edge/tenant_info?x=1",
            "/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS%2CCREATE_ISSUES",
            "/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS,CREATE_ISSUES,EDIT_ISSUES,ADD_COMMENTS,TRANSITION_ISSUES,ASSIGN_ISSUES#x",
        ] {
            let target = format!("{base}{other}");
            assert_eq!(status(&ask("GET", &target, &[])), 404, "{target}");
        }
    }
    assert_eq!(
        status(&ask(
            "GET",
            &format!("/jira-relay/acme.atlassian.net?{MYPERMISSIONS_PATH}"),
            &[]
        )),
        404
    );
}

#[test]
fn every_jira_path_is_relayed_where_the_module_asks_for_it() {
    for path in JiraPath::ALL {
        let cloud = path.deployment() == Deployment::Cloud;
        let site = ask(
            "GET",
            &format!("/jira-relay/acme.atlassian.net{}", path.path()),
            &[],
        );
        assert_eq!(status(&site) == 0, cloud, "{path:?} on the site");
        let base = ask_dc(
            DC_BASE,
            &format!("/jira-relay/jira.acme.com:8443/jira{}", path.path()),
            &[],
        );
        assert_eq!(status(&base) == 0, !cloud, "{path:?} below the base");
        let gateway = ask(
            "GET",
            &format!(
                "/jira-relay/api.atlassian.com/ex/jira/{CLOUD_ID}{}",
                path.path()
            ),
            &[],
        );
        assert_eq!(
            status(&gateway) == 0,
            path.on_gateway(),
            "{path:?} on the gateway"
        );
    }
}

/// The same shapes as tests/relay/cases.mjs sends to every relay over HTTP.
const REFUSED_TARGETS: &[&str] = &[
    "/jira-relay/evil.example/rest/api/3/myself",
    "/jira-relay/acme.atlassian.com/rest/api/3/myself",
    "/jira-relay/id.atlassian.com/rest/api/3/myself",
    "/jira-relay/api.atlassian.com/rest/api/3/myself",
    "/jira-relay/acme.atlassian.net.evil.example/rest/api/3/myself",
    "/jira-relay/evilatlassian.net/rest/api/3/myself",
    "/jira-relay/a.b.atlassian.net/rest/api/3/myself",
    "/jira-relay/atlassian.net/rest/api/3/myself",
    "/jira-relay/ab.atlassian.net/rest/api/3/myself",
    "/jira-relay/-acme.atlassian.net/rest/api/3/myself",
    "/jira-relay/acme-.atlassian.net/rest/api/3/myself",
    "/jira-relay/ACME.atlassian.net/rest/api/3/myself",
    "/jira-relay/acme.atlassian.net./rest/api/3/myself",
    "/jira-relay/localhost/rest/api/3/myself",
    "/jira-relay/acme/rest/api/3/myself",
    "/jira-relay/jane@acme.atlassian.net/rest/api/3/myself",
    "/jira-relay/acme.atlassian.net@evil.example/rest/api/3/myself",
    "/jira-relay/acme.atlassian.net:443/rest/api/3/myself",
    "/jira-relay/127.0.0.1/rest/api/3/myself",
    "/jira-relay/169.254.169.254/latest/meta-data/",
    "/jira-relay/[::1]/rest/api/3/myself",
    "/jira-relay/2130706433/rest/api/3/myself",
    "/jira-relay/xn--acm-cma.atlassian.net/rest/api/3/myself",
    "/jira-relay/acme.atlassian.net/rest/api/3/user?accountId=1",
    "/jira-relay/acme.atlassian.net/rest/api/2/myself",
    "/jira-relay/acme.atlassian.net/rest/api/3/myself/",
    "/jira-relay/acme.atlassian.net/rest/api/3/myselfx",
    "/jira-relay/acme.atlassian.net/_edge/tenant_info/x",
    "/jira-relay/acme.atlassian.net/",
    "/jira-relay/acme.atlassian.net",
    "/jira-relay/",
    "/jira-relay",
    "/jira-relayx/acme.atlassian.net/rest/api/3/myself",
    "/jira-relay/api.atlassian.com/ex/jira/not-a-uuid/rest/api/3/myself",
    "/jira-relay/api.atlassian.com/ex/jira/a436116f-02ce-4520-8fbb-7301462a1674/rest/api/3/issue",
    "/jira-relay/api.atlassian.com/ex/confluence/a436116f-02ce-4520-8fbb-7301462a1674/rest/api/3/myself",
    "/jira-relay/api.atlassian.com/ex/jira/a436116f-02ce-4520-8fbb-7301462a1674/_edge/tenant_info",
    "/jira-relay/acme.atlassian.net%2frest%2fapi%2f3%2fmyself",
    "/jira-relay/acme%2eatlassian.net/rest/api/3/myself",
    "/jira-relay/acme.atlassian.net/rest/api/3/%6dyself",
    "/jira-relay/acme.atlassian.net/rest/api/3/../3/myself",
    "/jira-relay/acme.atlassian.net/./rest/api/3/myself",
    "/jira-relay/evil.example/../acme.atlassian.net/rest/api/3/myself",
    "/x/../jira-relay/acme.atlassian.net/rest/api/3/myself",
    "/jira-relay//acme.atlassian.net/rest/api/3/myself",
    "/jira-relay/acme.atlassian.net//rest/api/3/myself",
    "/jira-relay/acme.atlassian.net\\rest\\api\\3\\myself",
    "/jira-relay/acme.atlassian.net/rest/api/3/myself?expand=groups",
    "/jira-relay/acme.atlassian.net/rest/api/3/myself?",
    "/jira-relay/acme.atlassian.net/rest/api/3/myself#frag",
    "/jira-relay/acme.atlassian.net/rest/api/3/my self",
    "/jira-relay/acme.atlassian.net/rest/api/3/myself\u{0}",
];

#[test]
fn other_targets_get_404_with_the_relays_own_json() {
    for target in REFUSED_TARGETS {
        let d = ask("GET", target, &[("Authorization", BASIC)]);
        assert_eq!(status(&d), 404, "{target}");
        let Decision::Refuse(a) = d else {
            unreachable!()
        };
        let body: serde_json::Value = serde_json::from_str(&a.body).unwrap();
        assert_eq!(body["relay"], "refused");
        assert!(a
            .headers
            .contains(&(String::from("Cache-Control"), String::from("no-store"))));
    }
    // A URL without a path, or no scheme at all.
    for url in [
        "https://docs.example.com",
        "docs.example.com/jira-relay/acme.atlassian.net/_edge/tenant_info",
        "",
    ] {
        let d = decide(Incoming {
            method: "GET",
            url,
            headers: &[],
            prefix: DEFAULT_PREFIX,
            data_center: None,
        });
        assert_eq!(status(&d), 404, "{url}");
    }
}

#[test]
fn other_methods_get_405_with_allow_get_before_anything_else() {
    for method in [
        "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "get", "CONNECT",
    ] {
        for target in [
            "/jira-relay/acme.atlassian.net/rest/api/3/myself",
            "/jira-relay/evil.example/x",
        ] {
            let d = ask(
                method,
                target,
                &[
                    ("Authorization", "Bearer x"),
                    ("Origin", "https://evil.example"),
                ],
            );
            assert_eq!(status(&d), 405, "{method} {target}");
            let Decision::Refuse(a) = d else {
                unreachable!()
            };
            assert!(a
                .headers
                .contains(&(String::from("Allow"), String::from("GET"))));
        }
    }
}

#[test]
fn only_basic_authorization_is_relayed() {
    let target = "/jira-relay/acme.atlassian.net/rest/api/3/myself";
    let long = format!("Basic {}", "A".repeat(3000));
    let joined = format!("{BASIC}, Basic amFuZTp0b2tlbg==");
    for value in [
        "Bearer eyJhbGciOiJIUzI1NiJ9.e30.x",
        long.as_str(),
        "Basic not base64!",
        "basic amFuZTp0b2tlbg==",
        joined.as_str(),
        "Digest username=\"jane\"",
        "Basic ",
        "Basic abc",
        "Basic amFu===",
        "Basic amFuZTp0b2tlbg==\r\nX: y",
    ] {
        assert_eq!(
            status(&ask("GET", target, &[("Authorization", value)])),
            400,
            "{value}"
        );
    }
    // Twice: refused, whichever comes first.
    let twice = ask(
        "GET",
        target,
        &[("Authorization", BASIC), ("authorization", BASIC)],
    );
    assert_eq!(status(&twice), 400);
    // Absent or empty: relayed without one (Jira answers 401, as it would).
    for headers in [&[][..], &[("Authorization", "")][..]] {
        let up = forwarded(ask("GET", target, headers));
        assert!(up.headers.iter().all(|(n, _)| n != "Authorization"));
    }
    // tenant_info never gets the token, even when the page sends it.
    let up = forwarded(ask(
        "GET",
        "/jira-relay/acme.atlassian.net/_edge/tenant_info",
        &[("Authorization", BASIC)],
    ));
    assert!(up.headers.iter().all(|(n, _)| n != "Authorization"));
}

#[test]
fn another_site_driving_a_visitors_browser_gets_403() {
    let target = "/jira-relay/acme.atlassian.net/rest/api/3/myself";
    for site in [
        "cross-site",
        "same-site",
        "SAME-SITE",
        "same-origin, cross-site",
        "same-origin cross-site",
        "x",
        "Same-Origin",
    ] {
        assert_eq!(
            status(&ask("GET", target, &[("Sec-Fetch-Site", site)])),
            403,
            "{site}"
        );
    }
    for origin in [
        "https://evil.example",
        "null",
        "https://docs.example.com:444",
        "http://docs.example.com",
        "https://docs.example.com.evil.example",
        "https://docs.example.com, https://evil.example",
    ] {
        assert_eq!(
            status(&ask("GET", target, &[("Origin", origin)])),
            403,
            "{origin}"
        );
    }
    // Repeated, the harmless value first.
    for headers in [
        &[
            ("Sec-Fetch-Site", "same-origin"),
            ("Sec-Fetch-Site", "cross-site"),
        ][..],
        &[
            ("Sec-Fetch-Site", "same-origin"),
            ("sec-fetch-site", "same-origin"),
        ][..],
        &[("Origin", ORIGIN), ("Origin", "https://evil.example")][..],
    ] {
        assert_eq!(status(&ask("GET", target, headers)), 403, "{headers:?}");
    }
    // The page's own fetch, the address bar, a script on the page, any case of the origin.
    for headers in [
        &[("Sec-Fetch-Site", "same-origin")][..],
        &[("Sec-Fetch-Site", "none")][..],
        &[("Origin", ORIGIN), ("Sec-Fetch-Site", "same-origin")][..],
        &[("Origin", "HTTPS://Docs.Example.com")][..],
        &[][..],
    ] {
        assert_eq!(status(&ask("GET", target, headers)), 0, "{headers:?}");
    }
}

#[test]
fn only_accept_authorization_and_a_fixed_user_agent_go_up() {
    let up = forwarded(ask(
        "GET",
        "/jira-relay/acme.atlassian.net/rest/api/3/myself",
        &[
            ("Authorization", BASIC),
            ("Accept", "application/json"),
            ("Cookie", "docs_session=1"),
            ("User-Agent", "Mozilla/5.0 (fingerprint)"),
            ("X-Forwarded-For", "203.0.113.7"),
            ("Referer", "https://docs.example.com/x"),
            ("Sec-Fetch-Site", "same-origin"),
            ("Range", "bytes=0-10"),
        ],
    ));
    assert_eq!(up.url, "https://acme.atlassian.net/rest/api/3/myself");
    assert_eq!(
        up.headers,
        h(&[
            ("Accept", "application/json"),
            ("Authorization", BASIC),
            ("User-Agent", USER_AGENT),
        ])
    );
    // Debug output never shows the token.
    let debug = format!("{up:?}");
    assert!(!debug.contains("amFuZU") && debug.contains("Authorization"));
}

#[test]
fn the_answer_keeps_only_what_the_module_reads_plus_the_relays_own_headers() {
    let upstream = h(&[
        ("content-type", "application/json;charset=UTF-8"),
        ("retry-after", "30"),
        ("x-ratelimit-reset", "2026-12-01T10:00Z"),
        ("X-Seraph-LoginReason", "AUTHENTICATION_DENIED"),
        ("location", "https://evil.example/steal"),
        ("set-cookie", "tenant.session.token=SECRET"),
        (
            "strict-transport-security",
            "max-age=63072000; includeSubDomains",
        ),
        ("access-control-allow-origin", "*"),
        ("cache-control", "public, max-age=31536000"),
        ("content-security-policy", "default-src *"),
        ("x-tenant-secret", "SECRET"),
        ("www-authenticate", "Basic realm=\"docs\""),
        ("X-AUSERNAME", "jane.doe"),
        ("x-ratelimit-fillrate", "5"),
        ("x-aaccountid", "5b10a2844c20165700ede21g"),
    ]);
    let back = answer_headers(&upstream, Deployment::Cloud);
    let mut expected = h(&[
        ("Content-Type", "application/json;charset=UTF-8"),
        ("Retry-After", "30"),
        ("X-RateLimit-Reset", "2026-12-01T10:00Z"),
        ("X-Seraph-LoginReason", "AUTHENTICATION_DENIED"),
        ("X-AAccountId", "5b10a2844c20165700ede21g"),
    ]);
    expected.extend(h(&OWN_HEADERS));
    assert_eq!(
        back, expected,
        "Data Center's headers never pass on a Cloud path"
    );

    let back = answer_headers(&upstream, Deployment::DataCenter);
    let mut expected = h(&[
        ("Content-Type", "application/json;charset=UTF-8"),
        ("Retry-After", "30"),
        ("X-RateLimit-Reset", "2026-12-01T10:00Z"),
        ("X-Seraph-LoginReason", "AUTHENTICATION_DENIED"),
        ("X-AUSERNAME", "jane.doe"),
        ("X-RateLimit-FillRate", "5"),
        ("X-AAccountId", "5b10a2844c20165700ede21g"),
    ]);
    expected.extend(h(&OWN_HEADERS));
    assert_eq!(back, expected);
}

#[test]
fn failures_are_the_relays_own_json() {
    for (failure, status, kind) in [
        (Failure::Unreachable, 502, "upstream-failed"),
        (Failure::Timeout, 504, "upstream-timeout"),
        (Failure::TooLarge, 502, "upstream-failed"),
    ] {
        let a = failure.answer();
        assert_eq!(a.status, status);
        let body: serde_json::Value = serde_json::from_str(&a.body).unwrap();
        assert_eq!(body["relay"], kind);
    }
    let limited = Refusal::RateLimited(RETRY_AFTER_S).answer();
    assert_eq!(limited.status, 429);
    assert!(limited
        .headers
        .contains(&(String::from("Retry-After"), RETRY_AFTER_S.to_string())));
    assert!(limited.body.contains("\"relay\":\"rate-limited\""));
}

#[test]
fn rate_cap_holds_five_checks_at_once_then_one_request_every_interval_per_client() {
    // The numbers themselves: five checks of four requests at once, then one
    // check every 12 s.
    assert_eq!((BURST, INTERVAL_S, RETRY_AFTER_S), (20, 3, 3));
    assert_eq!(BURST / REQUESTS_PER_CHECK, 5);
    assert_eq!(INTERVAL_S * REQUESTS_PER_CHECK, 12);
    let burst = usize::try_from(BURST).unwrap();
    let mut cap = RateCap::new();
    let t0 = 1_000_000.0;
    // Twice the burst at once: exactly the burst is admitted.
    let admitted = (0..2 * burst)
        .filter(|_| cap.admit("198.51.100.1", t0).is_ok())
        .count();
    assert_eq!(admitted, burst);
    assert_eq!(cap.admit("198.51.100.1", t0), Err(RETRY_AFTER_S));
    assert_eq!(cap.admit("198.51.100.1", t0 + 1_500.0), Err(2));
    // Another client has its own budget.
    assert_eq!(cap.admit("198.51.100.2", t0), Ok(()));
    // One slot frees every interval.
    assert_eq!(cap.admit("198.51.100.1", t0 + INTERVAL_MS - 1.0), Err(1));
    assert_eq!(cap.admit("198.51.100.1", t0 + INTERVAL_MS), Ok(()));
    assert!(cap.admit("198.51.100.1", t0 + INTERVAL_MS).is_err());
    // A check of four every four intervals, for as long as it goes on.
    let mut t = t0 + INTERVAL_MS;
    for _ in 0..10 {
        t += INTERVAL_MS * f64::from(REQUESTS_PER_CHECK);
        for _ in 0..REQUESTS_PER_CHECK {
            assert_eq!(cap.admit("198.51.100.1", t), Ok(()));
        }
        assert!(cap.admit("198.51.100.1", t).is_err());
    }
    // After the burst's worth of quiet, the whole burst again.
    let later = t + INTERVAL_MS * f64::from(BURST);
    assert_eq!(
        (0..2 * burst)
            .filter(|_| cap.admit("198.51.100.1", later).is_ok())
            .count(),
        burst
    );
}

#[test]
fn rate_cap_forgets_idle_clients_once_it_holds_many() {
    let mut cap = RateCap::new();
    for i in 0..10_000 {
        cap.admit(&format!("c{i}"), 0.0).unwrap();
    }
    assert_eq!(cap.clients(), 10_000);
    // Once a whole burst's worth of intervals has passed, every slot has
    // freed: the next new client prunes them.
    cap.admit("new", INTERVAL_MS * f64::from(BURST)).unwrap();
    assert_eq!(cap.clients(), 1);
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Whatever comes in, the relay either refuses or sends an HTTPS GET
        /// to a Jira Cloud site or the gateway, on a path the module asks for.
        #[test]
        fn forwards_only_to_jira(
            method in prop_oneof![Just(String::from("GET")), "[A-Z]{1,7}"],
            target in prop_oneof![
                "/jira-relay/[a-z0-9.@:%/_?#-]{0,60}",
                "/jira-relay/[a-z]{3,8}\\.(atlassian\\.net|jira\\.com|example\\.com)(/rest/api/3/myself|/_edge/tenant_info|/x|/\\.\\./y)",
                "/jira-relay/jira\\.acme\\.com(:8443)?(/jira)?(/rest/api/[23]/my(self|permissions)|/x|/\\.\\./y)",
                "\\PC{0,80}",
            ],
            auth in proptest::option::of("\\PC{0,40}"),
            origin in proptest::option::of("\\PC{0,40}"),
        ) {
            let mut headers = Vec::new();
            if let Some(a) = auth { headers.push((String::from("Authorization"), a)); }
            if let Some(o) = origin { headers.push((String::from("Origin"), o)); }
            let url = format!("{ORIGIN}{target}");
            let d = decide(Incoming {
                method: &method, url: &url, headers: &headers, prefix: DEFAULT_PREFIX,
                data_center: Some(DC_BASE),
            });
            if let Decision::Forward(up) = d {
                prop_assert_eq!(method.as_str(), "GET");
                let on_base = up.url == format!("{DC_BASE}/rest/api/2/myself")
                    || up.url == format!("{DC_BASE}/rest/api/2/mypermissions");
                let rest = up.url.strip_prefix("https://").unwrap();
                let (host, path) = rest.split_at(rest.find('/').unwrap());
                let on_site = check_site(host).value.as_deref() == Some(host)
                    && check_site(host).kind != SiteKind::Custom
                    && JiraPath::ALL.iter().any(|p| p.deployment() == Deployment::Cloud && p.path() == path);
                let on_gateway = host == GATEWAY_HOST
                    && path.starts_with(GATEWAY_JIRA_PATH)
                    && JiraPath::ALL.iter().any(|p| p.on_gateway() && path.ends_with(p.path()));
                prop_assert!(on_site || on_gateway || on_base, "{}", up.url);
            }
        }
    }
}
