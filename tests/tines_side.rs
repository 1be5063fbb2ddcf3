//! The Tines side: the token's expiry, the command that creates the
//! credential through Tines' API, and the story that tests it inside Tines.
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

use serde_json::Value;
use tines_jira_credential::checks::Date;
use tines_jira_credential::{
    build_credential, build_story, build_tines_api_commands, Code, CredentialInput,
    CredentialReport, TinesApiCommands,
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

/// The body the sh command sends, reassembled from its pieces as curl would
/// read them (`data-raw = "<before>" "$jira_token" "<after>"` in a config on
/// stdin), parses to the documented fields.
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
    // POSIX sh runs the script whatever shell it is pasted into: `sh -c '<script>'`.
    let script = command
        .strip_prefix("sh -c '")
        .and_then(|rest| rest.strip_suffix('\''))
        .expect("sh -c '...'")
        .replace("'\\''", "'");
    let command = script;
    assert!(command.contains("url = \"https://acme.tines.com/api/v1/user_credentials\""));
    assert!(command.contains("Authorization: Bearer %s"));
    assert!(
        !command.contains(TOKEN),
        "the token is typed at a prompt, never in the command"
    );
    // The body's two halves around "$jira_token", as the shell hands them to printf.
    let before = "printf 'data-raw = %s%s%s\\n' '";
    let at = command.find(before).unwrap() + before.len();
    let rest = &command[at..];
    let (first, rest) = rest.split_once("' \"$jira_token\" '").unwrap();
    let (second, _) = rest.split_once("'; }").unwrap();
    // Undo the curl-config escaping (\" and \\), then put a token in its place.
    let unescape = |s: &str| s.replace("\\\"", "\"").replace("\\\\", "\\");
    let json = format!("{}{}{}", unescape(first), "TOKEN-HERE", unescape(second));
    let json = json.strip_prefix('"').unwrap().strip_suffix('"').unwrap();
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
        report(input).outputs.unwrap().tines_story_file_name,
        "test-jira-credential-jira_prod.json"
    );
    serde_json::from_str(&text).expect("the story is JSON")
}

#[test]
fn the_story_is_in_tines_export_format() {
    let story = story(false);
    // Every key of Tines' own example export: the_story_has_every_key_of_tines_example_export_or_says_why_not.
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

/// The keys of Tines' own published example export, `examples/resources/tines_story/story-example.json`
/// in the public repository tines/terraform-provider-tines (commit a122db2d94e2a615bcfdbdbf41019322d15bbc9a,
/// exported 2023-09-27, schema_version 18): the top level's, in order, and each action's. Only the
/// key names are recorded here, as facts about the format; the file itself is not in this repository.
const EXAMPLE_TOP_KEYS: &[&str] = &[
    "schema_version",
    "standard_lib_version",
    "action_runtime_version",
    "name",
    "description",
    "guid",
    "slug",
    "agents",
    "diagram_notes",
    "links",
    "diagram_layout",
    "send_to_story_enabled",
    "entry_agent_guid",
    "exit_agent_guids",
    "exit_agent_guid",
    "api_entry_action_guids",
    "api_exit_action_guids",
    "keep_events_for",
    "reporting_status",
    "send_to_story_access",
    "story_library_metadata",
    "monitor_failures",
    "send_to_stories",
    "form",
    "synchronous_webhooks_enabled",
    "forms",
    "pages",
    "tags",
    "time_saved_unit",
    "time_saved_value",
    "origin_story_identifier",
    "integration_product",
    "integration_vendor",
    "exported_at",
    "integrations",
];
const EXAMPLE_ACTION_KEYS: &[&str] = &[
    "type",
    "name",
    "disabled",
    "description",
    "guid",
    "origin_story_identifier",
    "options",
    "reporting",
    "monitoring",
    "template",
    "visuals",
    "width",
    "schedule",
];
/// Keys of the example the story leaves out, each with why. A key listed here that the story has
/// fails the test too, so the list stays true.
const NOT_EMITTED: &[(&str, &str)] = &[(
    "origin_story_identifier",
    "names the tenant and story an export came from (cloud:<tenant>:<story>); this story was made by \
     this tool in no tenant, so any value would be invented, and Tines assigns its own on import",
)];

#[test]
fn the_story_has_every_key_of_tines_example_export_or_says_why_not() {
    for scoped in [false, true] {
        let story = story(scoped);
        let top = story.as_object().unwrap();
        let actions = story["agents"].as_array().unwrap();
        for key in EXAMPLE_TOP_KEYS {
            let skipped = NOT_EMITTED.iter().any(|(k, _)| k == key);
            assert_eq!(
                top.contains_key(*key),
                !skipped,
                "top-level {key} (skipped: {skipped})"
            );
        }
        for action in actions {
            let action = action.as_object().unwrap();
            for key in EXAMPLE_ACTION_KEYS {
                let skipped = NOT_EMITTED.iter().any(|(k, _)| k == key);
                assert_eq!(
                    action.contains_key(*key),
                    !skipped,
                    "action key {key} (skipped: {skipped})"
                );
            }
            assert!(action["visuals"]
                .as_object()
                .unwrap()
                .values()
                .all(|v| v.is_null()));
        }
        assert_eq!(
            story["schema_version"], 18,
            "the format version of Tines' example"
        );
        assert_eq!(story["api_entry_action_guids"], serde_json::json!([]));
        assert_eq!(story["api_exit_action_guids"], serde_json::json!([]));
        // exported_at is the day the story was made, as Tines writes it (ISO 8601, UTC).
        let exported = story["exported_at"].as_str().unwrap();
        assert_eq!(exported.len(), 20, "{exported}");
        assert!(exported.ends_with("T00:00:00Z"), "{exported}");
    }
}
