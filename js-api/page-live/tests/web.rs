//! The browser suite: the JavaScript API in headless Chromium.
//!
//! Both page modules in one test build (this crate links the typing module
//! too). Run through `node scripts/test-browser.mjs` (part of `npm test`), which
//! starts the fake Jira Cloud over HTTPS, points Chromium's resolver at it and
//! passes the fake's test accounts in at compile time.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

// The representative table the native suite reads too (tests/cases/mod.rs at the root).
#[path = "../../../tests/cases/mod.rs"]
mod cases;

use cases::{Check, CASES};
use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

/// Both page modules' APIs, as one: the browser suite calls the typing API and the live check
/// alike.
mod web {
    pub use tines_jira_credential_page_live::*;
    pub use tines_jira_credential_page_typing::*;
}

wasm_bindgen_test_configure!(run_in_browser);

fn prop(object: &JsValue, key: &str) -> JsValue {
    Reflect::get(object, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn string_prop(object: &JsValue, key: &str) -> Option<String> {
    prop(object, key).as_string()
}

fn codes(result: &JsValue) -> Vec<String> {
    let list: Array = prop(result, "diagnostics").unchecked_into();
    list.iter()
        .map(|d| string_prop(&d, "code").unwrap_or_default())
        .collect()
}

fn object(entries: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (key, value) in entries {
        Reflect::set(&o, &JsValue::from_str(key), value).unwrap();
    }
    o.into()
}

/// The same representative table as the native suite gives the same answers
/// through the JavaScript API.
#[wasm_bindgen_test]
fn representative_cases_match_the_native_suite() {
    for case in CASES {
        let result: JsValue = match case.check {
            Check::Site => web::check_site(case.input, None).unwrap().into(),
            Check::Email => web::check_email(case.input).into(),
            Check::Token => web::check_token(case.input, Some(cases::TODAY_ISO.into()), None)
                .unwrap()
                .into(),
            Check::Name => web::check_name(case.input).into(),
        };
        let value = string_prop(&result, "value");
        assert_eq!(
            value.as_deref(),
            case.value,
            "{:?} {:?}",
            case.check,
            case.input
        );
        assert_eq!(
            prop(&result, "ok").as_bool(),
            Some(case.value.is_some()),
            "{:?}",
            case.input
        );
        assert_eq!(
            codes(&result),
            case.codes,
            "{:?} {:?}",
            case.check,
            case.input
        );
        if case.value.is_none() {
            assert!(
                prop(&result, "value").is_null(),
                "value is null when rejected"
            );
        }
    }
}

#[wasm_bindgen_test]
fn site_results_carry_their_kind() {
    let kind = |input: &str| string_prop(&web::check_site(input, None).unwrap().into(), "kind");
    assert_eq!(kind("acme").as_deref(), Some("cloud"));
    assert_eq!(kind("acme.jira.com").as_deref(), Some("cloud-legacy"));
    assert_eq!(kind("jira.example.com").as_deref(), Some("custom"));
    assert_eq!(kind("localhost").as_deref(), Some("invalid"));
}

#[wasm_bindgen_test]
fn build_credential_returns_plain_objects() {
    let input = object(&[
        ("site", "https://acme.atlassian.net/browse/ABC-1".into()),
        ("email", "jane@acme.com".into()),
        ("token", "".into()),
        ("name", "Jira Prod".into()),
    ]);
    let report: JsValue = web::build_credential(input.unchecked_into())
        .unwrap()
        .into();
    assert_eq!(prop(&report, "ok").as_bool(), Some(false), "token missing");
    let outputs = prop(&report, "outputs");
    assert_eq!(
        string_prop(&outputs, "metadataJson").as_deref(),
        Some("{\n  \"domain\": \"acme.atlassian.net\",\n  \"username\": \"jane@acme.com\"\n}")
    );
    assert_eq!(
        string_prop(&outputs, "credentialKey").as_deref(),
        Some("jira_prod")
    );
    assert!(prop(&outputs, "value").is_null());
    let references = prop(&outputs, "references");
    assert_eq!(
        string_prop(&references, "value").as_deref(),
        Some("<<CREDENTIAL.jira_prod>>")
    );
    // Missing fields read as empty; what only a program gets wrong throws a TypeError.
    let report: JsValue = web::build_credential(object(&[]).unchecked_into())
        .unwrap()
        .into();
    assert!(prop(&report, "outputs").is_null());
    let fields = prop(&report, "fields");
    assert_eq!(codes(&prop(&fields, "site")), ["site-empty"]);
    for wrong in [
        JsValue::NULL,
        object(&[("site", 42.into())]),
        object(&[("today", "soon".into())]),
        object(&[("scoped", "yes".into())]),
        object(&[("deployment", "server".into())]),
        object(&[("tunnel", "yes".into())]),
    ] {
        let error = web::build_credential(wrong.unchecked_into()).err();
        assert!(error.is_some_and(|e| e.is_instance_of::<js_sys::TypeError>()));
    }
    assert!(web::check_token("x", Some("12/01/2026".into()), None)
        .err()
        .is_some_and(|e| e.is_instance_of::<js_sys::TypeError>()));
    // A deployment that is not one is a program's mistake too.
    assert!(web::check_site("jira.acme.com", Some("dc".into()))
        .err()
        .is_some_and(|e| e.is_instance_of::<js_sys::TypeError>()));
    assert!(web::check_token("x", None, Some("Data Center".into()))
        .err()
        .is_some_and(|e| e.is_instance_of::<js_sys::TypeError>()));
    // Said, they check as Data Center: a base URL, a personal access token.
    let site: JsValue = web::check_site(
        "https://acme.com/jira/browse/X-1",
        Some("data-center".into()),
    )
    .unwrap()
    .into();
    assert_eq!(string_prop(&site, "kind").as_deref(), Some("data-center"));
    assert_eq!(
        string_prop(&site, "value").as_deref(),
        Some("https://acme.com/jira")
    );
}

#[wasm_bindgen_test]
fn build_credential_takes_the_tines_side_inputs() {
    let input = object(&[
        ("site", "acme".into()),
        ("email", "jane@acme.com".into()),
        ("token", "".into()),
        ("name", "Jira Prod".into()),
        ("expiresOn", "2027-03-01".into()),
        ("tinesTenant", "https://acme.tines.com/".into()),
        ("teamId", "12".into()),
        ("today", "2026-12-01".into()),
    ]);
    let report: JsValue = web::build_credential(input.clone().unchecked_into())
        .unwrap()
        .into();
    let fields = prop(&report, "fields");
    assert_eq!(
        string_prop(&prop(&fields, "expiresOn"), "value").as_deref(),
        Some("2027-03-01")
    );
    assert_eq!(
        string_prop(&prop(&fields, "tinesTenant"), "value").as_deref(),
        Some("acme.tines.com")
    );
    assert_eq!(
        string_prop(&prop(&fields, "teamId"), "value").as_deref(),
        Some("12")
    );
    let outputs = prop(&report, "outputs");
    assert_eq!(
        string_prop(&outputs, "expiresAt").as_deref(),
        Some("2027-03-01T00:00:00Z")
    );
    // The commands and the story have their own calls, with the same input.
    let api: JsValue = web::build_tines_api_commands(input.clone().unchecked_into())
        .unwrap()
        .into();
    assert!(string_prop(&api, "curl")
        .is_some_and(|c| c.contains("https://acme.tines.com/api/v1/user_credentials")));
    assert!(string_prop(&api, "powershell").is_some_and(|c| c.contains("Read-Host")));
    let check: JsValue = web::build_check_commands(input.clone().unchecked_into())
        .unwrap()
        .into();
    assert!(string_prop(&check, "windowsPowershell").is_some_and(|c| c.contains("Get-Credential")));
    // The story is JSON the browser's own parser reads.
    let text: JsValue = web::build_story(input.clone().unchecked_into())
        .unwrap()
        .into();
    let story = js_sys::JSON::parse(&text.as_string().unwrap()).unwrap();
    let agents: Array = prop(&story, "agents").unchecked_into();
    assert_eq!(
        agents.length(),
        2,
        "who the credential is, then what it may do"
    );
    // Without outputs, each is null.
    let empty = object(&[("site", "acme".into())]);
    assert!(
        JsValue::from(web::build_check_commands(empty.clone().unchecked_into()).unwrap()).is_null()
    );
    assert!(
        JsValue::from(web::build_tines_api_commands(empty.clone().unchecked_into()).unwrap())
            .is_null()
    );
    assert!(JsValue::from(web::build_story(empty.clone().unchecked_into()).unwrap()).is_null());
    assert_eq!(
        string_prop(&outputs, "storyFileName").as_deref(),
        Some("test-jira-credential-jira_prod.json")
    );
    // An expiry in the past is an error the browser sees as one.
    let input = object(&[
        ("expiresOn", "2026-11-30".into()),
        ("today", "2026-12-01".into()),
    ]);
    let report: JsValue = web::build_credential(input.unchecked_into())
        .unwrap()
        .into();
    assert_eq!(
        codes(&prop(&prop(&report, "fields"), "expiresOn")),
        ["expiry-past"]
    );
}

#[wasm_bindgen_test]
fn check_token_defaults_to_the_browsers_date() {
    let legacy = "abcdefghijklmnopqrstuvwx";
    let before: JsValue = web::check_token(legacy, Some("2026-05-11".into()), None)
        .unwrap()
        .into();
    assert_eq!(prop(&before, "ok").as_bool(), Some(true));
    let after: JsValue = web::check_token(legacy, Some("2026-05-12".into()), None)
        .unwrap()
        .into();
    assert_eq!(prop(&after, "ok").as_bool(), Some(false));
    // Without a date the browser's own is used: the same verdict as passing it.
    let now = js_sys::Date::new_0();
    let today = format!(
        "{:04}-{:02}-{:02}",
        now.get_full_year(),
        now.get_month() + 1,
        now.get_date()
    );
    let implicit: JsValue = web::check_token(legacy, None, None).unwrap().into();
    let explicit: JsValue = web::check_token(legacy, Some(today), None).unwrap().into();
    assert_eq!(
        prop(&implicit, "ok").as_bool(),
        prop(&explicit, "ok").as_bool()
    );
}

#[wasm_bindgen_test]
fn transcripts_are_read_in_the_browser_as_natively() {
    let input = object(&[("site", "acme".into()), ("email", "jane@acme.com".into())]);
    let text = "HTTP/2 200 \r\ncontent-type: application/json\r\n\r\n{\"accountId\":\"abc\",\"displayName\":\"Jane Doe\",\"emailAddress\":\"jane@acme.com\",\"active\":true,\"accountType\":\"atlassian\"}";
    let v: JsValue = web::interpret_transcript_js(text, input.clone().unchecked_into())
        .unwrap()
        .into();
    assert_eq!(outcome(&v), "verified");
    assert_eq!(
        string_prop(&prop(&v, "account"), "displayName").as_deref(),
        Some("Jane Doe")
    );
    let v: JsValue =
        web::interpret_transcript_js("HTTP/1.1 403 Forbidden\n\n", input.clone().unchecked_into())
            .unwrap()
            .into();
    assert_eq!(outcome(&v), "forbidden");
    // A 401 at the site alone is cut off: the command goes on to the gateway.
    let v: JsValue = web::interpret_transcript_js(
        "HTTP/1.1 401 Unauthorized\n\n",
        input.clone().unchecked_into(),
    )
    .unwrap()
    .into();
    assert_eq!(outcome(&v), "not-a-transcript");
    let v: JsValue = web::interpret_transcript_js("not a transcript", input.unchecked_into())
        .unwrap()
        .into();
    assert_eq!(outcome(&v), "not-a-transcript");
    let v: JsValue = web::interpret_transcript_js(text, object(&[]).unchecked_into())
        .unwrap()
        .into();
    assert_eq!(outcome(&v), "invalid-input", "site and email first");
    assert_eq!(codes(&v), ["site-empty", "email-empty"]);
    assert!(
        web::interpret_transcript_js(text, JsValue::NULL.unchecked_into())
            .err()
            .is_some_and(|e| e.is_instance_of::<js_sys::TypeError>())
    );
}

#[wasm_bindgen_test]
fn credential_key_is_exported() {
    assert_eq!(web::credential_key("Jira-Prod 2"), "jira_prod_2");
}

/// Inputs built to confuse a host parser: for every value the module accepts,
/// the browser's own URL parser must agree on the host, so the host shown is
/// the host contacted.
const HOSTILE: &[&str] = &[
    "acme.atlassian.net.example.com",
    "example.com/acme.atlassian.net",
    "https://example.com#@acme.atlassian.net",
    "https://example.com\\@acme.atlassian.net",
    "https://example.com?@acme.atlassian.net",
    "https://acme.atlassian.net@evil.com",
    "https://acme.atlassian.net%2F@evil.com",
    "https://acme.atlassian.net%2eevil.com",
    "https://acme%2Eatlassian.net",
    "https://acme.atlassian.net\t.evil.com",
    "https://acme.atlassian.net\n",
    "https:acme.atlassian.net",
    "https:/acme.atlassian.net",
    "https:///acme.atlassian.net",
    "https:\\\\acme.atlassian.net",
    "HTTPS://ACME.ATLASSIAN.NET.",
    "https://acme.atlassian.net..",
    "https://0x7f.1",
    "https://1.2.3",
    "https://example.0x10",
    "https://[::1]",
    "https://xn--acme.atlassian.net",
    "https://ac\u{200b}me.atlassian.net",
    "https://ａｃｍｅ.atlassian.net",
    "https://acme.atlassian.net:443",
    "https://acme.atlassian.net:0443",
    "https://acme.atlassian.net:",
    "//acme.atlassian.net",
    "acme.atlassian.net/../evil.com",
    "acme.atlassian.net;evil.com",
    "acme_1.atlassian.net",
    "a-.atlassian.net",
    "EXAMPLE.COM.",
    "x.y.z.example.co.uk",
    "jira",
];

fn browser_host(value: &str) -> Option<String> {
    web_sys::Url::new(&(String::from("https://") + value))
        .ok()
        .map(|url| url.host())
}

#[wasm_bindgen_test]
fn accepted_sites_survive_the_browsers_url_parser() {
    let mut accepted = 0;
    for input in HOSTILE
        .iter()
        .copied()
        .chain(CASES.iter().filter_map(|c| match c.check {
            Check::Site => Some(c.input),
            _ => None,
        }))
    {
        let result: JsValue = web::check_site(input, None).unwrap().into();
        if let Some(value) = string_prop(&result, "value") {
            accepted += 1;
            assert_eq!(
                browser_host(&value).as_deref(),
                Some(value.as_str()),
                "{input:?} was accepted as {value:?}"
            );
        }
    }
    assert!(
        accepted >= 15,
        "the corpus exercises accepted values ({accepted})"
    );
}

/// A deterministic generator of URL-ish strings from fragments people paste.
#[wasm_bindgen_test]
fn generated_sites_survive_the_browsers_url_parser() {
    const PARTS: &[&str] = &[
        "https://",
        "http://",
        "acme",
        ".atlassian.net",
        ".jira.com",
        ".example.com",
        "/",
        "\\",
        "@",
        "#",
        "?",
        ":443",
        ":8080",
        ".",
        "..",
        "-",
        "x",
        "0x1",
        "1",
        "%2e",
        "A",
        "é",
        " ",
        "\t",
        "[",
        "]",
        "_",
        "atlassian",
        "net",
    ];
    let mut state: u32 = 0x9e37_79b9;
    let mut accepted = 0;
    for _ in 0..4000 {
        let mut input = String::new();
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        let pieces = 1 + state % 6;
        for _ in 0..pieces {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            input.push_str(PARTS[(state as usize) % PARTS.len()]);
        }
        let result: JsValue = web::check_site(&input, None).unwrap().into();
        if let Some(value) = string_prop(&result, "value") {
            accepted += 1;
            assert_eq!(
                browser_host(&value).as_deref(),
                Some(value.as_str()),
                "{input:?}"
            );
        }
    }
    assert!(
        accepted > 100,
        "the generator reaches accepted values ({accepted})"
    );
}

// ---- the live check against the fake Jira ------------------------------------

const TOKEN: &str = fake("FAKE_JIRA_TOKEN", option_env!("FAKE_JIRA_TOKEN"));
const SCOPED_EMAIL: &str = fake(
    "FAKE_JIRA_SCOPED_EMAIL",
    option_env!("FAKE_JIRA_SCOPED_EMAIL"),
);
const SCOPED_TOKEN: &str = fake(
    "FAKE_JIRA_SCOPED_TOKEN",
    option_env!("FAKE_JIRA_SCOPED_TOKEN"),
);

/// A value scripts/test-browser.mjs passes in at compile time. A build without it (`cargo clippy`)
/// compiles; running the suite without it fails at once, naming what is missing.
const fn fake(name: &'static str, value: Option<&'static str>) -> &'static str {
    match value {
        Some(value) => value,
        None => name,
    }
}

/// Starts `verifyCredential`, as JavaScript would call it.
fn start_verify(site: &str, email: &str, token: &str, options: Option<JsValue>) -> js_sys::Promise {
    let input = object(&[
        ("site", site.into()),
        ("email", email.into()),
        ("token", token.into()),
    ]);
    web::verify_credential(input.unchecked_into(), options.map(JsCast::unchecked_into))
        .unchecked_into()
}

async fn verify(site: &str, email: &str, token: &str, options: JsValue) -> JsValue {
    JsFuture::from(start_verify(site, email, token, Some(options)))
        .await
        .expect("resolves")
}

fn outcome(v: &JsValue) -> String {
    string_prop(v, "outcome").unwrap_or_default()
}

#[wasm_bindgen_test]
async fn verified_account() {
    let v = verify(
        "acme.atlassian.net",
        "jane@acme.com",
        TOKEN,
        JsValue::UNDEFINED,
    )
    .await;
    assert_eq!(
        outcome(&v),
        "verified",
        "{}",
        string_prop(&v, "message").unwrap_or_default()
    );
    assert_eq!(prop(&v, "status").as_f64(), Some(200.0));
    assert_eq!(string_prop(&v, "route").as_deref(), Some("site"));
    let account = prop(&v, "account");
    assert_eq!(
        string_prop(&account, "displayName").as_deref(),
        Some("Jane Doe")
    );
    assert!(string_prop(&account, "accountId").is_some_and(|id| !id.is_empty()));
    // Then what the account may do, asked in the browser too: the fake grants Jane all six.
    let permissions = prop(&v, "permissions");
    let items: Array = prop(&permissions, "items").unchecked_into();
    assert_eq!(items.length(), 6);
    for item in items.iter() {
        assert_eq!(prop(&item, "have").as_bool(), Some(true));
    }
}

#[wasm_bindgen_test]
async fn wrong_token_is_rejected() {
    let other = String::from(TOKEN).replace('A', "B");
    let v = verify(
        "acme.atlassian.net",
        "jane@acme.com",
        &other,
        JsValue::UNDEFINED,
    )
    .await;
    assert_eq!(outcome(&v), "rejected");
    assert_eq!(prop(&v, "status").as_f64(), Some(401.0));
    let message = string_prop(&v, "message").unwrap_or_default();
    assert!(!message.contains(&other[..20]), "no token in the message");
}

#[wasm_bindgen_test]
async fn rate_limited_reads_retry_after() {
    let v = verify(
        "acme.atlassian.net",
        "rate-limited@acme.com",
        TOKEN,
        JsValue::UNDEFINED,
    )
    .await;
    assert_eq!(outcome(&v), "rate-limited");
    assert_eq!(prop(&v, "status").as_f64(), Some(429.0));
    assert_eq!(prop(&v, "retryAfterSeconds").as_f64(), Some(30.0));
}

#[wasm_bindgen_test]
async fn a_hang_times_out() {
    let options = object(&[("timeoutMs", 400.into())]);
    let v = verify("acme.atlassian.net", "hang@acme.com", TOKEN, options).await;
    assert_eq!(outcome(&v), "timeout");
    assert!(prop(&v, "status").is_undefined());
}

#[wasm_bindgen_test]
async fn a_check_can_be_aborted() {
    let controller = web_sys::AbortController::new().unwrap();
    let options = object(&[
        ("signal", controller.signal().into()),
        ("timeoutMs", 10_000.into()),
    ]);
    let promise = start_verify("acme.atlassian.net", "hang@acme.com", TOKEN, Some(options));
    // Abort once the request is under way.
    let delay = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 150)
            .unwrap();
    });
    JsFuture::from(delay).await.unwrap();
    controller.abort();
    let v = JsFuture::from(promise).await.unwrap();
    assert_eq!(outcome(&v), "aborted");

    // A signal that is already aborted stops the check before any request.
    let options = object(&[("signal", controller.signal().into())]);
    let v = verify("acme.atlassian.net", "jane@acme.com", TOKEN, options).await;
    assert_eq!(outcome(&v), "aborted");
}

#[wasm_bindgen_test]
async fn refused_cors_is_blocked_by_browser() {
    let v = verify(
        "nocors.atlassian.net",
        "jane@acme.com",
        TOKEN,
        JsValue::UNDEFINED,
    )
    .await;
    assert_eq!(outcome(&v), "blocked-by-browser");
    assert!(prop(&v, "status").is_undefined());
}

/// The test runner's page is cross-origin isolated (it serves COOP and COEP
/// `require-corp`), where the browser blocks every `no-cors` answer without
/// CORP: the probe fails for any host, so the module must not claim
/// "unreachable" there. (On an ordinary page, tests/e2e covers `unreachable`
/// and `blocked-by-browser` through the element.)
fn runner_is_cross_origin_isolated() -> bool {
    Reflect::get(&js_sys::global(), &"crossOriginIsolated".into())
        .map(|v| v.is_truthy())
        .unwrap_or(false)
}

#[wasm_bindgen_test]
async fn an_unresolvable_site_is_not_called_unreachable_on_an_isolated_page() {
    assert!(
        runner_is_cross_origin_isolated(),
        "the runner's page is isolated"
    );
    let v = verify(
        "unreachable.atlassian.net",
        "jane@acme.com",
        TOKEN,
        JsValue::UNDEFINED,
    )
    .await;
    assert_eq!(outcome(&v), "blocked-by-browser");
    assert!(string_prop(&v, "message").is_some_and(|m| m.contains("isolation")));
}

#[wasm_bindgen_test]
async fn a_redirect_is_reported_not_followed() {
    let v = verify(
        "acme.atlassian.net",
        "redirect@acme.com",
        TOKEN,
        JsValue::UNDEFINED,
    )
    .await;
    assert_eq!(outcome(&v), "redirected");
}

#[wasm_bindgen_test]
async fn service_accounts_take_the_scoped_route() {
    let v = verify(
        "acme.atlassian.net",
        SCOPED_EMAIL,
        SCOPED_TOKEN,
        JsValue::UNDEFINED,
    )
    .await;
    assert_eq!(string_prop(&v, "route").as_deref(), Some("scoped"));
    assert_eq!(
        outcome(&v),
        "verified",
        "{}",
        string_prop(&v, "message").unwrap_or_default()
    );
}

#[wasm_bindgen_test]
async fn custom_hosts_are_refused_before_any_request() {
    let v = verify(
        "jira.example.com",
        "jane@acme.com",
        TOKEN,
        JsValue::UNDEFINED,
    )
    .await;
    assert_eq!(outcome(&v), "blocked-by-browser");
    assert!(prop(&v, "status").is_undefined());
}

#[wasm_bindgen_test]
async fn invalid_inputs_are_a_verdict_and_foreign_relays_a_type_error() {
    // What a person typed: a verdict, nothing sent.
    let promise = start_verify("localhost", "jane@acme.com", TOKEN, None);
    let v = JsFuture::from(promise).await.unwrap();
    assert_eq!(outcome(&v), "invalid-input");
    assert_eq!(prop(&v, "verdict"), JsValue::FALSE);
    assert!(!codes(&v).is_empty());

    // What only a program gets wrong: a TypeError.
    let options = object(&[("relay", "https://proxy.example/".into())]);
    let promise = start_verify("acme.atlassian.net", "jane@acme.com", TOKEN, Some(options));
    let error = JsFuture::from(promise).await.unwrap_err();
    assert!(error.is_instance_of::<js_sys::TypeError>());
}
