//! What the account may do: Jira's answers to `/rest/api/3/mypermissions`,
//! read from the live check and from a pasted transcript, with every odd
//! shape explained and none a crash.
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

use tines_jira_credential::jira::permissions::ASKED;
use tines_jira_credential::jira::{interpret_permissions, interpret_transcript, Outcome, Response};
use tines_jira_credential::route::Route;

const HOST: &str = "acme.atlassian.net";
const EMAIL: &str = "jane@acme.com";
const JANE: &str = r#"{"accountId":"5b10a2844c20165700ede21g","accountType":"atlassian","emailAddress":"jane@acme.com","displayName":"Jane Doe","active":true}"#;
const CLOUD: &str = r#"{"cloudId":"a436116f-02ce-4520-8fbb-7301462a1674"}"#;

/// The example answer in Atlassian's reference for "Get my permissions"
/// (Jira Cloud REST API v3): one permission, with every documented field.
const DOCUMENTED: &str = r#"{"permissions":{"EDIT_ISSUES":{"description":"Ability to edit issues.","havePermission":true,"id":"12","key":"EDIT_ISSUES","name":"Edit Issues","type":"PROJECT"}}}"#;

fn entry(key: &str, have: bool) -> String {
    format!(
        r#""{key}":{{"id":"1","key":"{key}","name":"x","type":"PROJECT","description":"x","havePermission":{have}}}"#
    )
}

/// An answer naming every asked permission, all held but `lacking`.
fn all_but(lacking: &[&str]) -> String {
    let entries: Vec<String> = ASKED
        .iter()
        .map(|a| entry(a.key, !lacking.contains(&a.key)))
        .collect();
    format!(r#"{{"permissions":{{{}}}}}"#, entries.join(","))
}

fn ok(body: &str) -> Response {
    answer(200, body)
}

fn answer(status: u16, body: &str) -> Response {
    Response {
        status,
        headers: vec![(
            String::from("Content-Type"),
            String::from("application/json"),
        )],
        body: String::from(body),
        opaque_redirect: false,
    }
}

fn have(p: &tines_jira_credential::jira::Permissions) -> Vec<Option<bool>> {
    p.items.iter().map(|i| i.have).collect()
}

#[test]
fn every_permission_held() {
    let p = interpret_permissions(Route::Site, &ok(&all_but(&[])));
    assert_eq!(have(&p), vec![Some(true); 6]);
    assert!(p.missing().is_empty());
    assert!(p.message.contains("every permission"), "{}", p.message);
}

#[test]
fn missing_ones_are_named_with_whom_to_ask() {
    let p = interpret_permissions(
        Route::Site,
        &ok(&all_but(&["CREATE_ISSUES", "TRANSITION_ISSUES"])),
    );
    assert_eq!(p.missing(), vec!["CREATE_ISSUES", "TRANSITION_ISSUES"]);
    assert!(
        p.message.contains("Create Issues, Transition Issues"),
        "{}",
        p.message
    );
    assert!(p.message.contains("Jira admin"), "{}", p.message);
    assert!(!p.message.contains("Browse Projects"), "{}", p.message);
}

#[test]
fn the_documented_partial_answer_leaves_the_rest_unknown() {
    let p = interpret_permissions(Route::Site, &ok(DOCUMENTED));
    let edit = p.items.iter().find(|i| i.key == "EDIT_ISSUES").unwrap();
    assert_eq!(edit.have, Some(true));
    assert_eq!(p.items.iter().filter(|i| i.have.is_none()).count(), 5);
    assert!(
        p.message.contains("did not say about Browse Projects"),
        "{}",
        p.message
    );
}

#[test]
fn unknown_keys_are_ignored() {
    let body = all_but(&["ASSIGN_ISSUES"]).replacen(
        r#"{"permissions":{"#,
        &format!(r#"{{"permissions":{{{},"#, entry("SOMETHING_NEW", true)),
        1,
    );
    let p = interpret_permissions(Route::Site, &ok(&body));
    assert_eq!(p.missing(), vec!["ASSIGN_ISSUES"]);
    assert!(p.items.iter().all(|i| i.have.is_some()));
    assert!(!p.message.contains("SOMETHING_NEW"));
}

#[test]
fn odd_answers_are_explained_never_a_crash() {
    for (name, response, needle) in [
        ("empty body", ok(""), "not the list it documents"),
        ("empty object", ok("{}"), "not the list it documents"),
        (
            "permissions not an object",
            ok(r#"{"permissions":[]}"#),
            "not the list it documents",
        ),
        (
            "havePermission a string",
            ok(r#"{"permissions":{"EDIT_ISSUES":{"havePermission":"yes"}}}"#),
            "not the list it documents",
        ),
        (
            "an entry that is not an object",
            ok(r#"{"permissions":{"EDIT_ISSUES":true}}"#),
            "not the list it documents",
        ),
        (
            "permissions null",
            ok(r#"{"permissions":null}"#),
            "not the list it documents",
        ),
        (
            "cut off",
            ok(&DOCUMENTED[..50]),
            "not the list it documents",
        ),
        (
            "HTML",
            ok("<html>sign in</html>"),
            "not the list it documents",
        ),
        (
            "400 unknown key",
            answer(400, r#"{"errorMessages":["Invalid permission key."]}"#),
            "did not recognise",
        ),
        (
            "403",
            answer(403, r#"{"errorMessages":["no"]}"#),
            "HTTP 403",
        ),
        ("429", answer(429, ""), "HTTP 429"),
        ("500", answer(500, ""), "HTTP 500"),
        ("no status", answer(0, ""), "could not be read"),
    ] {
        let p = interpret_permissions(Route::Site, &response);
        assert!(p.message.contains(needle), "{name}: {}", p.message);
        assert_eq!(p.items.len(), 6, "{name}");
        if !name.starts_with("empty object") {
            assert!(p.items.iter().all(|i| i.have.is_none()), "{name}");
        }
    }
}

#[test]
fn on_the_gateway_a_refusal_is_about_scopes() {
    let p = interpret_permissions(
        Route::Scoped,
        &answer(
            401,
            r#"{"code":401,"message":"Unauthorized; scope does not match"}"#,
        ),
    );
    assert!(p.message.contains("read:jira-work"), "{}", p.message);
    assert_eq!(p.status, Some(401));
}

fn curl(status: &str, body: &str) -> String {
    format!("HTTP/2 {status} \r\ncontent-type: application/json\r\n\r\n{body}\n\n")
}

#[test]
fn transcripts_carry_the_permissions_answer() {
    // The site route: /myself, then the permissions.
    let text = format!(
        "{}{}",
        curl("200", JANE),
        curl("200", &all_but(&["ADD_COMMENTS"]))
    );
    let v = interpret_transcript(&text, HOST, EMAIL, Route::Site);
    assert_eq!(v.outcome, Outcome::Verified);
    assert_eq!(
        v.permissions.as_ref().unwrap().missing(),
        vec!["ADD_COMMENTS"]
    );

    // Found on the gateway: 401, the cloud id, /myself, the permissions.
    let text = format!(
        "{}{}{}{}",
        curl("401", "{}"),
        curl("200", CLOUD),
        curl("200", JANE),
        curl("200", &all_but(&[]))
    );
    let v = interpret_transcript(&text, HOST, EMAIL, Route::Site);
    assert_eq!((v.outcome, v.route), (Outcome::Verified, Route::Scoped));
    assert_eq!(
        v.cloud_id.as_ref().unwrap().as_str(),
        "a436116f-02ce-4520-8fbb-7301462a1674"
    );
    assert!(v.permissions.as_ref().unwrap().missing().is_empty());

    // An older command's paste, without the question: no permissions, no error.
    let v = interpret_transcript(&curl("200", JANE), HOST, EMAIL, Route::Site);
    assert_eq!(v.outcome, Outcome::Verified);
    assert!(v.permissions.is_none());

    // Cut off inside the permissions answer: verified, and the panel says so.
    let text = format!(
        "{}HTTP/2 200 \r\ncontent-type: application/json\r\n",
        curl("200", JANE)
    );
    let v = interpret_transcript(&text, HOST, EMAIL, Route::Site);
    assert_eq!(v.outcome, Outcome::Verified, "{}", v.message);
    assert!(v.permissions.as_ref().unwrap().message.contains("cut off"));

    // A refusal of the question keeps the verdict.
    let text = format!(
        "{}{}",
        curl("200", JANE),
        curl("403", r#"{"errorMessages":["no"]}"#)
    );
    let v = interpret_transcript(&text, HOST, EMAIL, Route::Site);
    assert_eq!(v.outcome, Outcome::Verified);
    assert!(v.permissions.as_ref().unwrap().message.contains("HTTP 403"));
}

#[test]
fn the_gateway_answers_carry_the_cloud_id_into_the_verdict() {
    let text = format!(
        "{}{}",
        curl("200", CLOUD),
        curl("401", r#"{"code":401,"message":"Unauthorized"}"#)
    );
    let v = interpret_transcript(&text, HOST, EMAIL, Route::Scoped);
    assert_eq!(v.outcome, Outcome::Rejected);
    assert!(v.cloud_id.is_some());
    assert!(v.permissions.is_none());
}
