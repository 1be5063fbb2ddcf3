#![no_main]
//! No combination of inputs panics the report, the commands or the story; the metadata always
//! parses back; the commands and the story exist exactly when the outputs do.
use libfuzzer_sys::fuzz_target;
use tines_jira_credential::route::Deployment;
use tines_jira_credential::{
    build_check_commands, build_credential, build_story, build_tines_api_commands, CredentialInput,
};

fuzz_target!(|fields: (&str, &str, &str, &str, bool, bool, (&str, &str, &str, &str))| {
    let (site, email, token, name, scoped, data_center, (expires_on, tines_tenant, team_id, cloud_id)) = fields;
    let today = tines_jira_credential::checks::Date::new(2026, 12, 1).unwrap();
    let deployment = data_center.then_some(Deployment::DataCenter);
    let input = CredentialInput {
        site, deployment, email, token, name, scoped, cloud_id, expires_on, tines_tenant, team_id, today,
        ..Default::default()
    };
    let report = build_credential(&input);
    let check = build_check_commands(&input);
    let story = build_story(&input);
    assert_eq!(check.is_some(), report.outputs.is_some());
    assert_eq!(story.is_some(), report.outputs.is_some());
    let api = build_tines_api_commands(&input);
    if api.is_some() {
        assert!(report.outputs.is_some());
    }
    if let Some(outputs) = report.outputs {
        let metadata: serde_json::Value = serde_json::from_str(&outputs.metadata_json).unwrap();
        if !data_center {
            assert_eq!(metadata["domain"].as_str(), report.fields.site.value.as_deref());
            let email = report.fields.email.as_ref().and_then(|e| e.value.as_deref());
            assert_eq!(metadata["username"].as_str(), email);
        }
        // A cloud id reaches the base URL only as a UUID.
        if let Some(id) = &outputs.cloud_id {
            assert!(id.len() == 36 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'));
        }
        let _: serde_json::Value = serde_json::from_str(&story.unwrap_or_default()).unwrap();
    }
});
