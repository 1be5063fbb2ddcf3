#![no_main]
//! No combination of inputs panics the report; the metadata always parses back.
use libfuzzer_sys::fuzz_target;
use tines_jira_credential::{build_credential, CredentialInput};

fuzz_target!(|fields: (&str, &str, &str, &str, bool)| {
    let (site, email, token, name, scoped) = fields;
    let report = build_credential(&CredentialInput { site, email, token, name, scoped });
    if let Some(outputs) = report.outputs {
        let metadata: serde_json::Value = serde_json::from_str(&outputs.metadata_json).unwrap();
        assert_eq!(metadata["domain"].as_str(), report.fields.site.value.as_deref());
        assert_eq!(metadata["username"].as_str(), report.fields.email.value.as_deref());
    }
});
