#![no_main]
//! No request panics the relay's decisions; whatever comes in, a forwarded request is an HTTPS GET
//! to a Jira Cloud site or the gateway, or to the one Data Center base the relay is set up for, on
//! a path the module asks for, with the token only where that path carries it; and the answer's
//! headers are only the allow-listed ones (Data Center's own only on its paths) and the relay's.
use libfuzzer_sys::fuzz_target;
use tines_jira_credential::check_site;
use tines_jira_credential::relay::{
    answer_headers, decide, Decision, Incoming, RateCap, ANSWER_HEADERS, DATA_CENTER_ANSWER_HEADERS,
    DEFAULT_PREFIX, OWN_HEADERS,
};
use tines_jira_credential::route::{Deployment, JiraPath, GATEWAY_HOST, GATEWAY_JIRA_PATH};

const DC_BASE: &str = "jira.acme.com:8443/jira";

fuzz_target!(|input: (String, String, Vec<(String, String)>, u32, bool)| {
    let (method, target, headers, now, data_center) = input;
    let url = format!("https://docs.example.com{target}");
    let setting = format!("https://{DC_BASE}");
    let decision = decide(Incoming {
        method: &method,
        url: &url,
        headers: &headers,
        prefix: DEFAULT_PREFIX,
        data_center: data_center.then_some(setting.as_str()),
    });
    let mut deployment = Deployment::Cloud;
    if let Decision::Forward(up) = decision {
        assert_eq!(method, "GET");
        deployment = up.deployment;
        let rest = up.url.strip_prefix("https://").expect("https");
        if let Some(path) = rest.strip_prefix(DC_BASE).filter(|_| data_center) {
            assert_eq!(up.deployment, Deployment::DataCenter);
            let jira = JiraPath::ALL.into_iter().find(|p| p.deployment() == Deployment::DataCenter && p.path() == path);
            assert!(jira.expect("a Data Center path the module asks for").carries_token() || up.headers.iter().all(|(n, _)| n != "Authorization"));
            return;
        }
        assert_eq!(up.deployment, Deployment::Cloud);
        let (host, path) = rest.split_at(rest.find('/').expect("a path"));
        let jira = if host == GATEWAY_HOST {
            let below = path.strip_prefix(GATEWAY_JIRA_PATH).expect("the gateway's Jira prefix");
            let path = &below[36..];
            JiraPath::ALL.into_iter().find(|p| p.on_gateway() && p.path() == path)
        } else {
            assert_eq!(check_site(host).value.as_deref(), Some(host));
            JiraPath::ALL.into_iter().find(|p| p.deployment() == Deployment::Cloud && p.path() == path)
        };
        let jira = jira.expect("a path the module asks for");
        let sends_token = up.headers.iter().any(|(n, _)| n == "Authorization");
        assert!(!sends_token || jira.carries_token());
        assert!(up.headers.len() <= 3);
    }
    let back = answer_headers(&headers, deployment);
    for (name, _) in &back {
        let data_center_own = deployment == Deployment::DataCenter && DATA_CENTER_ANSWER_HEADERS.contains(&name.as_str());
        assert!(ANSWER_HEADERS.contains(&name.as_str()) || data_center_own || OWN_HEADERS.iter().any(|(n, _)| n == name));
    }
    let mut cap = RateCap::new();
    let admitted = (0..12).filter(|_| cap.admit(&target, f64::from(now)).is_ok()).count();
    assert_eq!(admitted, 10);
});
