//! The Tines side: the token's expiry, the command that creates the
//! credential through Tines' API, and the story that tests it inside Tines.
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

mod shared_data;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use tines_jira_credential::checks::Date;
use tines_jira_credential::{
    build_credential, build_daily_story, build_story, build_tines_api_commands, Code,
    CredentialInput, CredentialReport, TinesApiCommands,
};

fn day(text: &str) -> Date {
    Date::parse(text).unwrap()
}

/// A synthetic token shape (never a real one): the story and commands must
/// not contain it.
const TOKEN: &str = "ATATT3xFfGF0syntheticTOKENbodyForTestsOnly0123456789";

/// The four main inputs filled in; `today` is 2026-12-01 unless the case sets it.
/// The inputs with Jane's site, email, token and name where a test leaves them out.
fn filled(input: CredentialInput<'_>) -> CredentialInput<'_> {
    let today = if input.today == Date::EPOCH {
        day("2026-12-01")
    } else {
        input.today
    };
    CredentialInput {
        site: "acme",
        email: "jane@acme.com",
        token: TOKEN,
        name: "Jira Prod",
        today,
        ..input
    }
}

fn report(input: CredentialInput<'_>) -> CredentialReport {
    build_credential(&filled(input))
}

fn api_commands(input: CredentialInput<'_>) -> Option<TinesApiCommands> {
    build_tines_api_commands(&filled(input))
}

fn story_text(input: CredentialInput<'_>) -> String {
    build_story(&filled(input)).expect("a story once site, email and name are valid")
}

// ---- dates -------------------------------------------------------------------------

#[test]
fn expiry_dates_either_side_of_today() {
    const CASES: &[(&str, &str, bool, &[Code])] = &[
        // (today, expiry, ok, codes)
        ("2026-12-01", "", true, &[]),
        ("2026-12-01", "2027-03-01", true, &[]),
        ("2026-12-01", "2027-12-01", true, &[]), // exactly 365 days
        ("2026-12-01", "2027-12-02", true, &[Code::ExpiryFar]),
        ("2026-12-01", "2026-12-01", true, &[Code::ExpiryToday]),
        ("2026-12-01", "2026-11-30", false, &[Code::ExpiryPast]),
        ("2026-05-11", "2026-05-12", true, &[]),
        ("2026-05-13", "2026-05-12", false, &[Code::ExpiryPast]),
        ("2026-12-01", "31/12/2026", false, &[Code::ExpiryInvalid]),
        ("2026-12-01", "2026-02-30", false, &[Code::ExpiryInvalid]),
        ("2026-12-01", "tomorrow", false, &[Code::ExpiryInvalid]),
    ];
    for &(today, expiry, ok, codes) in CASES {
        let r = report(CredentialInput {
            expires_on: expiry,
            today: day(today),
            ..CredentialInput::default()
        });
        let field = &r.fields.expires_on;
        assert_eq!(field.ok, ok, "{today} {expiry}");
        assert_eq!(field.codes(), codes, "{today} {expiry}");
        let out = r.outputs.unwrap();
        match (ok, expiry.is_empty()) {
            (true, false) => {
                assert_eq!(out.expires_at, Some(format!("{expiry}T00:00:00Z")))
            }
            _ => assert_eq!(out.expires_at, None, "{today} {expiry}"),
        }
        assert_eq!(r.ok, ok, "an expiry error makes the report not ok");
    }
}

// ---- the Tines API command ---------------------------------------------------------

#[test]
fn the_api_command_waits_for_a_valid_tenant_and_team() {
    for (tenant, team, ready) in [
        ("", "", false),
        ("acme.tines.com", "", false),
        ("", "12", false),
        ("acme.atlassian.net", "12", false),
        ("acme.tines.com", "0", false),
        ("acme.tines.com", "12", true),
        (
            "https://acme.tines.com/teams/12",
            "https://acme.tines.com/teams/12/",
            true,
        ),
    ] {
        let commands = api_commands(CredentialInput {
            tines_tenant: tenant,
            team_id: team,
            ..CredentialInput::default()
        });
        assert_eq!(commands.is_some(), ready, "{tenant} {team}");
    }
}

/// The body the sh command sends, put together as its script does (the
/// `body='…'` set before `sh -c '<script>'`, with `{"value":"<token>",` in
/// place of its opening brace), parses to the documented fields.
#[test]
fn the_api_body_has_every_documented_field() {
    let commands = api_commands(CredentialInput {
        tines_tenant: "acme.tines.com",
        team_id: "12",
        expires_on: "2027-03-01",
        ..CredentialInput::default()
    })
    .unwrap();
    let command = commands.curl;
    // POSIX sh runs the script whatever shell it is pasted into: the values set for
    // that one command, then `sh -c '<script>'`.
    let (values, script) = command.split_once("\nsh -c '\n").expect("sh -c '...'");
    assert!(values.starts_with("tines_url='https://acme.tines.com/api/v1/user_credentials' \\\n"));
    assert!(script.contains("url = \\\"%s\\\""));
    assert!(script.contains("Authorization: Bearer %s"));
    assert!(
        !command.contains(TOKEN),
        "the token is typed at a prompt, never in the command"
    );
    // The body as the script writes it: `{"value":"<token>",` then the body set
    // before the script, without its `{`.
    assert!(
        script.contains("printf \"{\\\"value\\\":\\\"%s\\\",%s\\n\" \"$jira_token\" \"${body#?}\"")
    );
    let body = values
        .split_once("\nbody='")
        .and_then(|(_, rest)| rest.strip_suffix("' \\"))
        .expect("body='...' \\")
        .replace("'\\''", "'");
    let json = format!("{{\"value\":\"TOKEN-HERE\",{}", &body[1..]);
    let json = json.as_str();
    let body: Value = serde_json::from_str(json).unwrap();
    assert_eq!(body["value"], "TOKEN-HERE");
    assert_eq!(body["name"], "Jira Prod");
    assert_eq!(body["mode"], "TEXT");
    assert_eq!(body["team_id"], 12);
    assert_eq!(body["read_access"], "TEAM");
    assert_eq!(body["metadata"]["domain"], "acme.atlassian.net");
    assert_eq!(body["metadata"]["username"], "jane@acme.com");
    assert_eq!(
        body["allowed_hosts"],
        serde_json::json!(["acme.atlassian.net"])
    );
    assert_eq!(body["expires_at"], "2027-03-01T00:00:00Z");
    // Tines' own expiry emails, on with the date (tines.com/docs/credentials/credential-configuration/expiry).
    assert_eq!(body["expiry_notifications_enabled"], true);
    assert!(body["description"]
        .as_str()
        .unwrap()
        .contains("acme.atlassian.net"));
    // PowerShell: the same fields, the token from Read-Host -AsSecureString.
    let ps = commands.powershell;
    for part in [
        "Read-Host -AsSecureString -Prompt 'Tines API key'",
        "-Authentication Bearer -Token $key",
        "value = $plain",
        "team_id = 12",
        "allowed_hosts = @('acme.atlassian.net')",
        "expires_at = '2027-03-01T00:00:00Z'",
        "expiry_notifications_enabled = $true",
        "'https://acme.tines.com/api/v1/user_credentials'",
    ] {
        assert!(ps.contains(part), "{part}: {ps}");
    }
}

// ---- the story -------------------------------------------------------------------

fn story(scoped: bool) -> Value {
    let input = CredentialInput {
        scoped,
        ..CredentialInput::default()
    };
    let text = story_text(input);
    assert!(!text.contains(TOKEN), "no token in the story");
    assert!(!text.contains("jane@acme.com"), "no email in the story");
    assert_eq!(
        report(input).outputs.unwrap().story_file_name,
        "test-jira-credential-jira_prod.json"
    );
    serde_json::from_str(&text).expect("the story is JSON")
}

#[test]
fn the_story_is_in_tines_export_format() {
    let story = story(false);
    // Every key of Tines' own exports: the_story_has_the_shape_of_tines_own_exports_or_says_why_not.
    assert!(story["schema_version"].is_u64());
    let agents = story["agents"].as_array().unwrap();
    assert_eq!(
        agents.len(),
        2,
        "two HTTP Request actions: who, then what it may do"
    );
    let action = &agents[0];
    assert_eq!(action["type"], "Agents::HTTPRequestAgent");
    assert_eq!(
        action["options"]["url"],
        "https://<<INFO.credential.jira_prod.metadata.domain>>/rest/api/3/myself"
    );
    assert_eq!(action["options"]["method"], "get");
    assert_eq!(action["options"]["headers"]["Accept"], "application/json");
    assert_eq!(
        action["options"]["basic_auth"],
        serde_json::json!([
            "<<INFO.credential.jira_prod.metadata.username>>",
            "<<CREDENTIAL.jira_prod>>"
        ])
    );
    let description = action["description"].as_str().unwrap();
    assert!(description.contains("200") && description.contains("accountId"));
    // The layout is a JSON object in a string, keyed by the action's guid.
    let layout: Value = serde_json::from_str(story["diagram_layout"].as_str().unwrap()).unwrap();
    assert!(layout.get(action["guid"].as_str().unwrap()).is_some());
    let guid = story["guid"].as_str().unwrap();
    assert!(guid.len() == 32 && guid.bytes().all(|b| b.is_ascii_hexdigit()));
    // The second asks what the account may do, with the same credential, after the first.
    let permissions = &agents[1];
    assert_eq!(permissions["type"], "Agents::HTTPRequestAgent");
    assert_eq!(
        permissions["options"]["url"],
        "https://<<INFO.credential.jira_prod.metadata.domain>>/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS,CREATE_ISSUES,EDIT_ISSUES,ADD_COMMENTS,TRANSITION_ISSUES,ASSIGN_ISSUES"
    );
    assert_eq!(
        permissions["options"]["basic_auth"],
        action["options"]["basic_auth"]
    );
    assert!(permissions["description"]
        .as_str()
        .unwrap()
        .contains("havePermission"));
    assert_eq!(
        story["links"],
        serde_json::json!([{"source": 0, "receiver": 1}])
    );
    assert_ne!(permissions["guid"], action["guid"]);
    let second = layout[permissions["guid"].as_str().unwrap()].clone();
    assert_eq!(second, serde_json::json!([0, 150]), "below the first");
}

#[test]
fn the_scoped_story_looks_up_the_cloud_id_first() {
    let story = story(true);
    let agents = story["agents"].as_array().unwrap();
    assert_eq!(agents.len(), 3);
    assert_eq!(
        agents[0]["options"]["url"],
        "https://<<INFO.credential.jira_prod.metadata.domain>>/_edge/tenant_info"
    );
    assert!(
        agents[0]["options"].get("basic_auth").is_none(),
        "no credential for the lookup"
    );
    assert_eq!(
        agents[1]["options"]["url"],
        "https://api.atlassian.com/ex/jira/<<get_cloud_id.body.cloudId>>/rest/api/3/myself"
    );
    assert_eq!(
        agents[2]["options"]["url"],
        "https://api.atlassian.com/ex/jira/<<get_cloud_id.body.cloudId>>/rest/api/3/mypermissions?permissions=BROWSE_PROJECTS,CREATE_ISSUES,EDIT_ISSUES,ADD_COMMENTS,TRANSITION_ISSUES,ASSIGN_ISSUES"
    );
    assert_eq!(
        story["links"],
        serde_json::json!([{"source": 0, "receiver": 1}, {"source": 1, "receiver": 2}])
    );
}

/// The outputs for Jane's inputs with the scoped option and a cloud id.
fn scoped_outputs(scoped: bool, cloud_id: &str) -> tines_jira_credential::CredentialOutputs {
    report(CredentialInput {
        scoped,
        cloud_id,
        ..CredentialInput::default()
    })
    .outputs
    .unwrap()
}

/// The story keeps looking the cloud id up even when the page knows it: the lookup also proves the
/// credential's Domains restriction admits the site, and a story shared or re-imported for another
/// site stays right. The outputs for Tines' own actions use the known cloud id.
#[test]
fn a_known_cloud_id_reaches_the_outputs_for_a_scoped_token() {
    let id = "a436116f-02ce-4520-8fbb-7301462a1674";
    let out = scoped_outputs(true, id);
    assert_eq!(
        out.references.base_url,
        format!("https://api.atlassian.com/ex/jira/{id}/rest/api/3")
    );
    assert_eq!(out.cloud_id.as_deref(), Some(id));
    assert!(out
        .domains_field
        .split(' ')
        .any(|h| h == "api.atlassian.com"));
    assert_eq!(out.scopes[0].classic, "read:jira-user");
    assert!(story_text(CredentialInput {
        scoped: true,
        cloud_id: id,
        ..CredentialInput::default()
    })
    .contains("get_cloud_id.body.cloudId"));

    // Until it is known, the base URL says where it goes.
    let out = scoped_outputs(true, "");
    assert_eq!(
        out.references.base_url,
        "https://api.atlassian.com/ex/jira/{cloudId}/rest/api/3"
    );
    assert_eq!(out.cloud_id, None);

    // Not a UUID: ignored, never pasted into a URL.
    let out = scoped_outputs(true, "../x");
    assert!(out.references.base_url.contains("{cloudId}"));

    // The site route keeps the site's own base URL and lists no scopes.
    let out = scoped_outputs(false, id);
    assert_eq!(
        out.references.base_url,
        "https://<<INFO.credential.jira_prod.metadata.domain>>/rest/api/3"
    );
    assert!(out.scopes.is_empty());
    assert!(!out.domains_field.contains("api.atlassian.com"));
}

// ---- the story against Tines' own exports -------------------------------------------

/// Tines' own story exports, under `../shared/` (never committed here): `story-example.json`
/// (schema_version 18, exported 2023-09-27, the format the story follows) and `test-story.json`
/// (schema_version 23, exported 2024-11-04), both from tines/terraform-provider-tines at d91bd282.
/// The story's shape (its keys, their JSON types and nesting) is compared with each, and every
/// difference is listed below with its reason.
const EXPORTS: &[(&str, &[(&str, &str)])] = &[
    (
        "data/tines-story-export/story-example.json",
        DIFFERENCES_FROM_EXAMPLE,
    ),
    (
        "data/tines-story-export/test-story.json",
        DIFFERENCES_FROM_TEST_STORY,
    ),
];

const NO_ORIGIN: &str = "names the tenant and story an export came from (cloud:<tenant>:<story>); this \
    story was made by this tool in no tenant, so any value would be invented, and Tines assigns its own \
    on import";
const DESCRIBED: &str = "Tines' export leaves its descriptions empty (null); each of the story's \
    actions says what a working event looks like and what a failure means, which is the story's point";
const LATER_FORMAT: &str = "a key of a later export format (test-story.json is schema_version 23, \
    2024-11); the story is written in schema_version 18, the format of story-example.json, which has \
    no such key";
const DROPPED_LATER: &str = "a key of schema_version 18 (story-example.json has it, with the same \
    value as the story's) that the later schema_version 23 export no longer writes";

/// Where the story knowingly differs from `story-example.json`, by path (`agents[]` is every
/// action, `diagram_layout(json)` the object inside the layout string, `<guid>` its keys).
/// The test fails on a difference not listed here, and on a listed one that no longer differs.
const DIFFERENCES_FROM_EXAMPLE: &[(&str, &str)] = &[
    ("origin_story_identifier", NO_ORIGIN),
    ("agents[].origin_story_identifier", NO_ORIGIN),
    ("agents[].description", DESCRIBED),
    (
        "agents[].options.payload",
        "the example's HTTP Request action POSTs a payload to an echo service; the story's actions \
         only GET Jira's /myself, /mypermissions and /_edge/tenant_info, which take no body",
    ),
    (
        "agents[].options.headers",
        "asks for JSON (Accept: application/json), as Jira's REST API documents; the example's \
         echo service needs no header",
    ),
    (
        "agents[].options.basic_auth",
        "the credential under test, as the HTTP Request action's documented basic_auth option \
         [username, password]; the example calls a public echo service without authentication",
    ),
];

/// Where the story knowingly differs from `test-story.json` (which has no HTTP Request action,
/// so the actions' `options` are compared with story-example.json's only).
const DIFFERENCES_FROM_TEST_STORY: &[(&str, &str)] = &[
    ("origin_story_identifier", NO_ORIGIN),
    ("agents[].origin_story_identifier", NO_ORIGIN),
    ("agents[].description", DESCRIBED),
    (
        "description",
        "test-story.json's story has no description (null); the story says what it tests and how to \
         run it",
    ),
    ("parent_only_send_to_story", LATER_FORMAT),
    ("send_to_story_access_source", LATER_FORMAT),
    ("send_to_story_skill_use_requires_confirmation", LATER_FORMAT),
    ("llm_product_instructions", LATER_FORMAT),
    ("icon", LATER_FORMAT),
    ("agents[].template.template_tags", LATER_FORMAT),
    ("form", DROPPED_LATER),
    ("forms", DROPPED_LATER),
    ("agents[].visuals", DROPPED_LATER),
];

/// A JSON document's shape: each path (`agents[].options.url`) with the JSON types found there.
type Shape = BTreeMap<String, BTreeSet<&'static str>>;

/// The path of the object held as JSON text in `diagram_layout`, whose keys are agents' guids.
const LAYOUT: &str = "diagram_layout(json)";

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// Adds `value`'s shape at `path` to `shape`: its type, then (unless `path` is in `stop`) its keys
/// and array items (`path[]`), and the layout string's inside.
fn add_shape(value: &Value, path: &str, stop: &[&str], shape: &mut Shape) {
    shape
        .entry(path.to_owned())
        .or_default()
        .insert(json_type(value));
    if stop.contains(&path) {
        return;
    }
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let key = if path == LAYOUT { "<guid>" } else { key };
                let child_path = if path.is_empty() {
                    key.to_owned()
                } else {
                    format!("{path}.{key}")
                };
                add_shape(child, &child_path, stop, shape);
            }
        }
        Value::Array(items) => {
            for item in items {
                add_shape(item, &format!("{path}[]"), stop, shape);
            }
        }
        Value::String(text) if path == "diagram_layout" => {
            let inner: Value = serde_json::from_str(text).expect("diagram_layout is JSON text");
            add_shape(&inner, LAYOUT, stop, shape);
        }
        _ => {}
    }
}

/// A story split for comparing: the story without its actions' insides, each action's own keys
/// (`agents[].…`, without its options' insides), and each action's options by action type, as
/// the options of one type of action say nothing about another's.
struct StoryShape {
    top: Shape,
    agents: Vec<(String, Shape, Shape)>,
}

fn story_shape(story: &Value) -> StoryShape {
    let mut top = Shape::new();
    add_shape(story, "", &["agents[]"], &mut top);
    let agents = story["agents"]
        .as_array()
        .expect("agents is an array")
        .iter()
        .map(|agent| {
            let kind = agent["type"].as_str().expect("an action's type").to_owned();
            let mut own = Shape::new();
            add_shape(agent, "agents[]", &["agents[].options"], &mut own);
            let mut options = Shape::new();
            add_shape(&agent["options"], "agents[].options", &[], &mut options);
            (kind, own, options)
        })
        .collect();
    StoryShape { top, agents }
}

/// The path one level up: `a.b[]` → `a.b`, `a.b` → `a`.
fn parent(path: &str) -> Option<&str> {
    path.strip_suffix("[]")
        .or_else(|| path.rfind('.').map(|dot| &path[..dot]))
}

/// Records in `found` each path where `ours` differs from `theirs`: a key one side lacks (once, at
/// the top of a missing subtree), or other JSON types.
fn compare(theirs: &Shape, ours: &Shape, found: &mut BTreeMap<String, String>) {
    let types = |set: &BTreeSet<&str>| set.iter().copied().collect::<Vec<_>>().join("|");
    let mut note = |path: &str, what: String| {
        found.entry(path.to_owned()).or_insert(what);
    };
    for (path, their_types) in theirs {
        match ours.get(path) {
            None if parent(path).is_some_and(|p| !ours.contains_key(p)) => {}
            None => note(
                path,
                format!(
                    "Tines' export has it ({}), the story lacks it",
                    types(their_types)
                ),
            ),
            Some(our_types) if our_types != their_types => note(
                path,
                format!(
                    "Tines' export has {}, the story {}",
                    types(their_types),
                    types(our_types)
                ),
            ),
            Some(_) => {}
        }
    }
    for (path, our_types) in ours {
        if !theirs.contains_key(path) && parent(path).is_none_or(|p| theirs.contains_key(p)) {
            note(
                path,
                format!(
                    "the story has it ({}), Tines' export lacks it",
                    types(our_types)
                ),
            );
        }
    }
}

/// The story's keys, types and nesting against each of Tines' exports: a difference fails unless
/// it is listed with its reason, and a listed difference that no longer differs fails too.
#[test]
fn the_story_has_the_shape_of_tines_own_exports_or_says_why_not() {
    let stories = [story(false), story(true)];
    let failures = shape_failures(&stories, EXPORTS);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    for story in &stories {
        // exported_at is the day the story was made, as Tines writes it (ISO 8601, UTC).
        let exported = story["exported_at"].as_str().unwrap();
        assert_eq!(exported.len(), 20, "{exported}");
        assert!(exported.ends_with("T00:00:00Z"), "{exported}");
    }
}

/// Each difference in shape between `stories` and each of the exports, unless listed with its
/// reason there; and each listed difference no longer found.
fn shape_failures(stories: &[Value], exports: &[(&str, &[(&str, &str)])]) -> Vec<String> {
    let mut failures = Vec::new();
    for (file, listed) in exports {
        let Some(text) = shared_data::read(file) else {
            continue;
        };
        let export: Value = serde_json::from_str(&text).expect("Tines' export is JSON");
        let theirs = story_shape(&export);
        assert!(
            theirs.top.len() > 20 && !theirs.agents.is_empty(),
            "{file}: too little in it to be an oracle"
        );
        let mut their_agent = Shape::new();
        let mut their_options: BTreeMap<&str, Shape> = BTreeMap::new();
        for (kind, own, options) in &theirs.agents {
            for (path, types) in own {
                their_agent.entry(path.clone()).or_default().extend(types);
            }
            let by_kind = their_options.entry(kind.as_str()).or_default();
            for (path, types) in options {
                by_kind.entry(path.clone()).or_default().extend(types);
            }
        }

        let mut found = BTreeMap::new();
        let mut options_compared = 0;
        for story in stories {
            let ours = story_shape(story);
            compare(&theirs.top, &ours.top, &mut found);
            for (kind, own, options) in &ours.agents {
                compare(&their_agent, own, &mut found);
                if let Some(their_kind) = their_options.get(kind.as_str()) {
                    compare(their_kind, options, &mut found);
                    options_compared += 1;
                }
            }
        }
        println!(
            "{file}: {} paths at the top, {} in an action; the options of {options_compared} of the \
             story's actions compared (those of a type the export has); {} differences, {} listed",
            theirs.top.len(),
            their_agent.len(),
            found.len(),
            listed.len()
        );
        for (path, what) in &found {
            if !listed.iter().any(|(p, _)| p == path) {
                failures.push(format!(
                    "{file}: {path}: {what}; make the story match, or list it with its reason"
                ));
            }
        }
        for (path, reason) in *listed {
            if !found.contains_key(*path) {
                failures.push(format!(
                    "{file}: {path} is listed as a difference ({reason}) but no longer differs: \
                     remove it from the list"
                ));
            }
        }
        if file.ends_with("story-example.json") {
            for key in [
                "schema_version",
                "standard_lib_version",
                "action_runtime_version",
            ] {
                assert_eq!(
                    stories[0][key], export[key],
                    "{key}: the story is in the format of Tines' example"
                );
            }
        }
    }
    failures
}

// ---- the story that checks the credential every day ----------------------------------

/// Jane's daily story: Sam at secops is emailed, at 17:30 in Dublin.
fn daily(scoped: bool) -> Value {
    let input = CredentialInput {
        scoped,
        notify_email: "Sam <secops@acme.com>",
        check_time: "17:30",
        time_zone: "Europe/Dublin",
        ..CredentialInput::default()
    };
    let text = build_daily_story(&filled(input)).expect("a daily story once the address is valid");
    assert!(!text.contains(TOKEN), "no token in the story");
    assert!(
        !text.contains("jane@acme.com"),
        "no account email in the story"
    );
    assert_eq!(
        report(input).outputs.unwrap().daily_story_file_name,
        "check-jira-credential-daily-jira_prod.json"
    );
    serde_json::from_str(&text).expect("the story is JSON")
}

#[test]
fn the_daily_story_asks_on_a_schedule_and_emails_anything_but_200() {
    let story = daily(false);
    let agents = story["agents"].as_array().unwrap();
    let kinds: Vec<&str> = agents.iter().map(|a| a["type"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "Agents::HTTPRequestAgent",
            "Agents::TriggerAgent",
            "Agents::EmailAgent"
        ]
    );
    // The first action, the only one scheduled: /myself with the credential, daily at 17:30.
    let check = &agents[0];
    assert_eq!(
        check["schedule"],
        serde_json::json!([{"cron": "30 17 * * *", "timezone": "Europe/Dublin"}])
    );
    assert_eq!(
        check["options"]["url"],
        "https://<<INFO.credential.jira_prod.metadata.domain>>/rest/api/3/myself"
    );
    assert_eq!(
        check["options"]["basic_auth"],
        serde_json::json!([
            "<<INFO.credential.jira_prod.metadata.username>>",
            "<<CREDENTIAL.jira_prod>>"
        ])
    );
    assert!(agents[1].get("schedule").is_none(), "a Trigger has none");
    assert!(agents[2]["schedule"].is_null());
    // The Trigger passes any status but 200, read from the first action by its name.
    assert_eq!(
        agents[1]["options"]["rules"],
        serde_json::json!([{
            "type": "field!=value",
            "path": "<<ask_jira_who_this_credential_is.status>>",
            "value": "200"
        }])
    );
    // The email: to the address given, which credential, the status, the page's words, what to do.
    let email = &agents[2]["options"];
    assert_eq!(email["recipients"], "secops@acme.com");
    assert_eq!(
        email["subject"],
        "The Jira credential Jira Prod failed its daily check"
    );
    let body = email["body"].as_str().unwrap();
    for part in [
        "<b>Jira Prod</b>",
        "<<ask_jira_who_this_credential_is.status>>",
        "<<ask_jira_who_this_credential_is.body>>",
        "<b>401</b>: Jira did not accept this email and token together.",
        "<b>404</b>: Atlassian has no Jira Cloud site at <<INFO.credential.jira_prod.metadata.domain>>",
        "<b>429</b>: ",
        "Replace the token",
    ] {
        assert!(body.contains(part), "{part}: {body}");
    }
    assert!(
        !body.contains("CREDENTIAL.jira_prod>>"),
        "the value is never in the email"
    );
    assert_eq!(
        story["links"],
        serde_json::json!([{"source": 0, "receiver": 1}, {"source": 1, "receiver": 2}])
    );
    // The scoped route: the lookup is first, so it is the scheduled one.
    let scoped = daily(true);
    let agents = scoped["agents"].as_array().unwrap();
    assert_eq!(agents.len(), 4);
    assert_eq!(agents[0]["name"], "Get cloud id");
    assert_eq!(agents[0]["schedule"][0]["cron"], "30 17 * * *");
    assert!(agents[1]["schedule"].is_null());
    assert_eq!(
        agents[1]["options"]["url"],
        "https://api.atlassian.com/ex/jira/<<get_cloud_id.body.cloudId>>/rest/api/3/myself"
    );
}

#[test]
fn the_daily_story_waits_for_an_address_and_takes_defaults() {
    let build = |notify, time, zone| {
        build_daily_story(&filled(CredentialInput {
            notify_email: notify,
            check_time: time,
            time_zone: zone,
            ..CredentialInput::default()
        }))
    };
    assert!(build("", "", "").is_none(), "no address, no story");
    assert!(build("not an address", "", "").is_none());
    assert!(build("secops@acme.com", "25:00", "").is_none());
    assert!(build("secops@acme.com", "", "Europe Dublin").is_none());
    // 09:00 by default; UTC where the page gives no zone (the page gives the browser's).
    let story: Value = serde_json::from_str(&build("secops@acme.com", "", "").unwrap()).unwrap();
    assert_eq!(
        story["agents"][0]["schedule"],
        serde_json::json!([{"cron": "0 9 * * *", "timezone": "UTC"}])
    );
    let report = report(CredentialInput {
        notify_email: "secops@acme.com",
        check_time: "7:05",
        ..CredentialInput::default()
    });
    assert_eq!(report.fields.check_time.value.as_deref(), Some("07:05"));
    assert!(report.outputs.unwrap().parts.daily.is_some());
}

/// The daily story against Tines' exports, as the test story is: its Trigger and Send Email
/// actions' options are compared with the example's own Trigger and Email actions.
const DAILY_EXPORTS: &[(&str, &[(&str, &str)])] = &[
    (
        "data/tines-story-export/story-example.json",
        DAILY_DIFFERENCES_FROM_EXAMPLE,
    ),
    (
        "data/tines-story-export/test-story.json",
        DAILY_DIFFERENCES_FROM_TEST_STORY,
    ),
];

const SCHEDULED: &str =
    "the first action runs on a schedule, [{cron, timezone}] as tines/go-sdk's \
    ActionSchedule writes it and real exports have it; Tines' published exports have no scheduled \
    action, so every action there has schedule null";

const DAILY_DIFFERENCES_FROM_EXAMPLE: &[(&str, &str)] = &[
    ("origin_story_identifier", NO_ORIGIN),
    ("agents[].origin_story_identifier", NO_ORIGIN),
    ("agents[].description", DESCRIBED),
    ("agents[].schedule", SCHEDULED),
    ("agents[].schedule[]", SCHEDULED),
    (
        "agents[].options.payload",
        "the example's HTTP Request action POSTs a payload to an echo service; the daily check \
         only GETs Jira's /myself (and /_edge/tenant_info), which take no body",
    ),
    (
        "agents[].options.headers",
        "asks for JSON (Accept: application/json), as Jira's REST API documents; the example's \
         echo service needs no header",
    ),
    (
        "agents[].options.basic_auth",
        "the credential under test, as the HTTP Request action's documented basic_auth option \
         [username, password]; the example calls a public echo service without authentication",
    ),
];

const DAILY_DIFFERENCES_FROM_TEST_STORY: &[(&str, &str)] = &[
    ("origin_story_identifier", NO_ORIGIN),
    ("agents[].origin_story_identifier", NO_ORIGIN),
    ("agents[].description", DESCRIBED),
    ("agents[].schedule", SCHEDULED),
    ("agents[].schedule[]", SCHEDULED),
    (
        "description",
        "test-story.json's story has no description (null); the story says what it checks and \
         when",
    ),
    ("parent_only_send_to_story", LATER_FORMAT),
    ("send_to_story_access_source", LATER_FORMAT),
    (
        "send_to_story_skill_use_requires_confirmation",
        LATER_FORMAT,
    ),
    ("llm_product_instructions", LATER_FORMAT),
    ("icon", LATER_FORMAT),
    ("agents[].template.template_tags", LATER_FORMAT),
    ("form", DROPPED_LATER),
    ("forms", DROPPED_LATER),
    ("agents[].visuals", DROPPED_LATER),
];

#[test]
fn the_daily_story_has_the_shape_of_tines_own_exports_or_says_why_not() {
    let stories = [daily(false), daily(true)];
    let failures = shape_failures(&stories, DAILY_EXPORTS);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
