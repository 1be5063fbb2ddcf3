//! The relay module's JavaScript API: what `deploy/edge/relay.mjs` asks.
//! Values cross as JSON text, written and read by serde_json, so the handler
//! only moves bytes and the decisions stay in the core
//! (`tines_jira_credential::relay`). The rate cap lives in this module's memory: one cap per
//! isolate (Workers) or process (Deno), which is what a platform without a
//! rate-limiting service of its own can hold (deploy/edge/README.md).

use std::cell::RefCell;

use serde::Serialize;
use wasm_bindgen::prelude::wasm_bindgen;

use tines_jira_credential::relay::rate::{
    BURST, INTERVAL_S, PLATFORM_WINDOW_LIMIT, PLATFORM_WINDOW_S, REQUESTS_PER_CHECK, RETRY_AFTER_S,
};
use tines_jira_credential::relay::{
    answer_headers, decide, Answer, Decision, Failure, Incoming, RateCap, Refusal,
    MAX_ANSWER_BYTES, UPSTREAM_TIMEOUT_MS,
};
use tines_jira_credential::route::Deployment;

/// The relay's module allocates with talc, as the page's do: smaller than the
/// default (dlmalloc), and maintained.
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

thread_local! {
    static CAP: RefCell<RateCap> = RefCell::new(RateCap::new());
}

fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

fn read_headers(headers_json: &str) -> Vec<(String, String)> {
    serde_json::from_str(headers_json).unwrap_or_default()
}

/// What to do with a request: `{"forward": {"url", "headers"}}` or
/// `{"refuse": {"status", "headers", "body"}}`.
///
/// `headers_json` is `JSON.stringify([...request.headers])`. `client` is the
/// address the platform reports (never one the client sets); `now_ms` any
/// clock that does not go back. `data_center` is the one Jira Data Center
/// base URL the relay is deployed for (its `JIRA_DC_BASE_URL`), if any. A
/// forwarded request has passed the rate cap.
#[wasm_bindgen(js_name = decideRequest)]
pub fn decide_request(
    method: &str,
    url: &str,
    headers_json: &str,
    prefix: &str,
    client: &str,
    now_ms: f64,
    data_center: Option<String>,
) -> String {
    // Headers that are not a list of pairs are the platform's bug, not the
    // visitor's: refuse rather than guess.
    let headers: Option<Vec<(String, String)>> = serde_json::from_str(headers_json).ok();
    let Some(headers) = headers else {
        return json(&Decision::Refuse(Refusal::Target.answer()));
    };
    let decision = decide(Incoming {
        method,
        url,
        headers: &headers,
        prefix,
        data_center: data_center.as_deref().filter(|d| !d.is_empty()),
    });
    if let Decision::Forward(_) = decision {
        if let Err(seconds) = CAP.with(|cap| cap.borrow_mut().admit(client, now_ms)) {
            return json(&Decision::Refuse(Refusal::RateLimited(seconds).answer()));
        }
    }
    json(&decision)
}

/// The headers to pass back with Atlassian's answer, as `[[name, value]]`.
/// `deployment` is the forward decision's own (`"cloud"` or
/// `"data-center"`): Data Center's paths pass back what its answers add.
#[wasm_bindgen(js_name = answerHeaders)]
pub fn answer_headers_json(headers_json: &str, deployment: &str) -> String {
    let deployment = match deployment {
        "data-center" => Deployment::DataCenter,
        _ => Deployment::Cloud,
    };
    json(&answer_headers(&read_headers(headers_json), deployment))
}

/// The relay's own answer when Atlassian's could not be passed back:
/// `kind` is `timeout`, `too-large` or anything else (no answer).
#[wasm_bindgen(js_name = failureAnswer)]
pub fn failure_answer(kind: &str) -> String {
    let failure = match kind {
        "timeout" => Failure::Timeout,
        "too-large" => Failure::TooLarge,
        _ => Failure::Unreachable,
    };
    let answer: Answer = failure.answer();
    json(&answer)
}

/// The relay's 429 when the platform's own rate limiter says no (Cloudflare's
/// rate-limiting binding): retry after the platform's window
/// ([`PLATFORM_WINDOW_S`]), by when it has room again.
#[wasm_bindgen(js_name = platformLimitedAnswer)]
pub fn platform_limited_answer() -> String {
    json(&Refusal::RateLimited(PLATFORM_WINDOW_S).answer())
}

// The cap's numbers (src/relay/rate.rs), for the tests and tools that need
// them in JavaScript, so none writes them out. One getter each: a JSON
// object would bring serde's code for a struct into the module.

/// Requests admitted at once from one client address.
#[wasm_bindgen(js_name = capBurst)]
pub fn cap_burst() -> u32 {
    BURST
}

/// Seconds after which one more request is admitted.
#[wasm_bindgen(js_name = capIntervalS)]
pub fn cap_interval_s() -> u32 {
    INTERVAL_S
}

/// The longest `Retry-After` of the relay's own 429, in seconds.
#[wasm_bindgen(js_name = capRetryAfterS)]
pub fn cap_retry_after_s() -> u32 {
    RETRY_AFTER_S
}

/// The most requests one check makes.
#[wasm_bindgen(js_name = requestsPerCheck)]
pub fn requests_per_check() -> u32 {
    REQUESTS_PER_CHECK
}

/// The window of the platforms' own limiters, in seconds.
#[wasm_bindgen(js_name = platformWindowS)]
pub fn platform_window_s() -> u32 {
    PLATFORM_WINDOW_S
}

/// Requests a platform limiter admits per address in one window.
#[wasm_bindgen(js_name = platformWindowLimit)]
pub fn platform_window_limit() -> u32 {
    PLATFORM_WINDOW_LIMIT
}

/// The most of an answer's body the relay passes back, in bytes.
#[wasm_bindgen(js_name = maxAnswerBytes)]
pub fn max_answer_bytes() -> u32 {
    MAX_ANSWER_BYTES
}

/// How long the relay waits for Atlassian's whole answer, in milliseconds.
#[wasm_bindgen(js_name = upstreamTimeoutMs)]
pub fn upstream_timeout_ms() -> u32 {
    UPSTREAM_TIMEOUT_MS
}
