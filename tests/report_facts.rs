//! What the report tells the element so it keeps no copy of the module's
//! rules: each input's limit, whether the site can be checked from the
//! browser, the cloud-id hint, and what each part built on request is made
//! from (and so when it must be built again).
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

use proptest::prelude::*;
use tines_jira_credential::checks::{Date, INPUT_LIMITS};
use tines_jira_credential::jira::interpret_transcript;
use tines_jira_credential::route::Deployment;
use tines_jira_credential::Route;
use tines_jira_credential::{
    build_check_commands, build_credential, build_replacement, build_story,
    build_tines_api_commands, CredentialInput, SiteKind,
};

const TODAY: Date = match Date::new(2026, 12, 6) {
    Some(d) => d,
    None => Date::EPOCH,
};

fn input<'a>(field: &str, value: &'a str) -> CredentialInput<'a> {
    let mut i = CredentialInput {
        today: TODAY,
        ..CredentialInput::default()
    };
    match field {
        "site" => i.site = value,
        "email" => i.email = value,
        "token" => i.token = value,
        "name" => i.name = value,
        "expiresOn" => i.expires_on = value,
        "tinesTenant" => i.tines_tenant = value,
        "teamId" => i.team_id = value,
        "notifyEmail" => i.notify_email = value,
        "checkTime" => i.check_time = value,
        "timeZone" => i.time_zone = value,
        "credentialAccount" => i.credential_account = value,
        _ => panic!("no field {field}"),
    }
    i
}

#[test]
fn every_input_is_too_long_exactly_past_its_limit_in_characters() {
    let report = build_credential(&input("site", ""));
    assert_eq!(report.limits, INPUT_LIMITS);
    let json = serde_json::to_value(&report).unwrap()["limits"].clone();
    let limits = json.as_object().unwrap();
    assert_eq!(
        limits.len(),
        12,
        "one limit per input, and the transcript's: {json}"
    );
    // Counted in characters, whatever their size in UTF-8 (1, 3 and 4 bytes) or UTF-16 (1, 1, 2).
    for c in ['x', '\u{65E5}', '\u{1F600}'] {
        for (field, limit) in limits {
            let limit = usize::try_from(limit.as_u64().unwrap()).unwrap();
            let too_long = |n: usize| {
                let text: String = std::iter::repeat_n(c, n).collect();
                if field == "transcript" {
                    let v = interpret_transcript(
                        &text,
                        "acme.atlassian.net",
                        "jane@acme.com",
                        Route::Site,
                    );
                    return v.message.starts_with("This paste is far longer");
                }
                // The credential's account is checked by the second module's buildReplacement.
                let fields = if field == "credentialAccount" {
                    serde_json::to_value(build_replacement(&input(field, &text))).unwrap()
                } else {
                    serde_json::to_value(build_credential(&input(field, &text)).fields).unwrap()
                };
                fields[field.as_str()]["diagnostics"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|d| d["code"] == "too-long")
            };
            assert!(too_long(limit + 1), "{field} past {limit} {c:?}");
            assert!(!too_long(limit), "{field} at {limit} {c:?}");
        }
    }
}

#[test]
fn the_browser_may_check_exactly_the_atlassian_cloud_sites() {
    for (site, checkable) in [
        ("acme", true),
        ("acme.atlassian.net", true),
        ("acme.jira.com", true),
        ("jira.acme.com", false),
        ("http://", false),
        ("", false),
    ] {
        let report = build_credential(&input("site", site));
        assert_eq!(report.check.from_browser, checkable, "{site:?}");
        // As the element reads it.
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["check"]["fromBrowser"], checkable, "{json}");
        let kind = report.fields.site.kind;
        assert_eq!(
            checkable,
            report.fields.site.ok && matches!(kind, SiteKind::Cloud | SiteKind::CloudLegacy)
        );
    }
}

#[test]
fn the_cloud_id_hint_shows_on_the_scoped_route_until_the_id_is_known() {
    let base = CredentialInput {
        site: "acme",
        email: "jane@acme.com",
        name: "Jira",
        today: TODAY,
        ..CredentialInput::default()
    };
    let hint = |i: &CredentialInput<'_>| build_credential(i).outputs.unwrap().cloud_id_hint;
    assert_eq!(hint(&base), None);
    let scoped = CredentialInput {
        scoped: true,
        ..base
    };
    let text = hint(&scoped).expect("scoped, no cloud id");
    assert!(
        text.contains("https://acme.atlassian.net/_edge/tenant_info"),
        "{text}"
    );
    assert!(text.contains("{cloudId}"));
    let known = CredentialInput {
        cloud_id: "a436116f-02ce-4520-8fbb-7301462a1674",
        ..scoped
    };
    assert_eq!(hint(&known), None);
}

fn arb_input() -> impl Strategy<Value = [String; 10]> {
    (
        prop::sample::select(vec![
            "acme",
            "beta.atlassian.net",
            "jira.acme.com",
            "https://acme.com:8443/jira",
        ]),
        prop::sample::select(vec![
            "jane@acme.com",
            "bot@serviceaccount.atlassian.com",
            "x@y.co",
        ]),
        prop::sample::select(vec!["", "ATATT3xFfGF0abc", "tok"]),
        prop::sample::select(vec!["Jira", "Jira Prod", "jira prod"]),
        prop::sample::select(vec!["", "2027-01-31", "2027-02-01"]),
        prop::sample::select(vec!["", "acme.tines.com", "beta.tines.com", "bad tenant"]),
        prop::sample::select(vec!["", "12", "13", "https://acme.tines.com/teams/12"]),
        prop::sample::select(vec!["", "2026-12-06", "2026-12-07"]),
        prop::sample::select(vec!["", "scoped", "data-center", "data-center tunnel"]),
        prop::sample::select(vec!["", "JIRAUSER10100", "jane"]),
    )
        .prop_map(|(a, b, c, d, e, f, g, h, i, j)| [a, b, c, d, e, f, g, h, i, j].map(String::from))
}

fn view(v: &[String; 10]) -> CredentialInput<'_> {
    CredentialInput {
        site: &v[0],
        deployment: v[8]
            .starts_with("data-center")
            .then_some(Deployment::DataCenter),
        tunnel: v[8].ends_with("tunnel"),
        account_name: &v[9],
        data_center_origin: "",
        email: &v[1],
        token: &v[2],
        name: &v[3],
        expires_on: &v[4],
        tines_tenant: &v[5],
        team_id: &v[6],
        today: Date::parse(&v[7]).unwrap_or(TODAY),
        scoped: v[8] == "scoped",
        cloud_id: "",
        account_id: &v[9],
        credential_account: "",
        notify_email: "",
        check_time: "",
        time_zone: "",
    }
}

proptest! {
    /// Two inputs whose part texts agree build the same part: the element may
    /// reuse a part while its text is unchanged. And the Tines API commands'
    /// text is there exactly when they can be built.
    #[test]
    fn a_part_is_the_same_while_what_it_is_made_from_is(a in arb_input(), b in arb_input()) {
        let (a, b) = (view(&a), view(&b));
        let (ra, rb) = (build_credential(&a), build_credential(&b));
        prop_assert_eq!(ra.outputs.is_some(), build_check_commands(&a).is_some());
        let (Some(oa), Some(ob)) = (ra.outputs, rb.outputs) else { return Ok(()) };
        prop_assert_eq!(oa.parts.tines_api.is_some(), build_tines_api_commands(&a).is_some());
        if oa.parts.check == ob.parts.check {
            prop_assert_eq!(build_check_commands(&a), build_check_commands(&b));
        }
        if oa.parts.tines_api.is_some() && oa.parts.tines_api == ob.parts.tines_api {
            prop_assert_eq!(build_tines_api_commands(&a), build_tines_api_commands(&b));
        }
        if oa.parts.story == ob.parts.story {
            prop_assert_eq!(build_story(&a), build_story(&b));
        }
        // No part's text holds the token.
        if let Some(token) = ra.fields.token.value.as_deref() {
            for text in [Some(&oa.parts.check), oa.parts.tines_api.as_ref(), Some(&oa.parts.story)].into_iter().flatten() {
                prop_assert!(!text.contains(token));
            }
        }
    }
}
