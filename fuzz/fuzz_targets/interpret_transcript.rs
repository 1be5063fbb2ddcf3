#![no_main]
//! No paste panics the transcript reader, with one, two, three or four answers in it; only a paste
//! with an accountId in it is verified; and no message quotes the paste: none ever holds a brace,
//! which every JSON body the paste can carry has.
use libfuzzer_sys::fuzz_target;
use tines_jira_credential::jira::{interpret_transcript, Outcome};
use tines_jira_credential::Route;

const CLOUD: &str = "{\"cloudId\":\"a436116f-02ce-4520-8fbb-7301462a1674\"}";
const JANE: &str = "{\"accountId\":\"5b10\",\"emailAddress\":\"jane@acme.com\",\"displayName\":\"Jane\",\"active\":true}";

fuzz_target!(|input: (Vec<(u16, String)>, bool, String)| {
    let (answers, scoped, tail) = input;
    // Answers shaped as the commands print them, so the fuzzer reaches past the status line;
    // the raw tail covers anything else.
    let mut text = String::new();
    for (i, (status, body)) in answers.iter().take(5).enumerate() {
        let body = match (i, body.len() % 4) {
            (_, 0) => CLOUD,
            (_, 1) => JANE,
            _ => body.as_str(),
        };
        text.push_str(&format!("HTTP/2 {} \r\ncontent-type: application/json\r\n\r\n{}\n\n", status % 600, body));
    }
    text.push_str(&tail);
    let route = if scoped { Route::Scoped } else { Route::Site };
    let v = interpret_transcript(&text, "acme.atlassian.net", "jane@acme.com", route);
    if v.outcome == Outcome::Verified {
        assert!(text.contains("accountId"));
        assert!(v.account.is_some());
    } else {
        assert!(v.permissions.is_none(), "permissions only after a verified /myself");
    }
    assert!(!v.message.contains('{'), "{}", v.message);
    for d in &v.diagnostics {
        assert!(!d.message.contains('{'), "{}", d.message);
    }
    if let Some(p) = &v.permissions {
        assert!(!p.message.contains('{'), "{}", p.message);
    }
});
