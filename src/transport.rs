//! Moves the bytes of the one request the core built: no decisions here.
//!
//! The request is sent with `credentials: "omit"` (no cookies of the person's
//! Atlassian session ride along), `referrerPolicy: "no-referrer"` (the docs
//! page's address is none of Atlassian's business) and `redirect: "manual"` (a
//! redirect comes back as an `opaqueredirect` response and is never followed
//! with the token). A timer and the caller's `AbortSignal` both abort it
//! through one `AbortController`.
//!
//! It calls `fetch` through web-sys directly: a `RequestInit` says all of the
//! above, and a request builder (gloo-net's re-parses the URL and formats
//! strings) would add several kilobytes to the module for nothing.

use std::cell::Cell;
use std::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, AbortSignal, Headers, ReferrerPolicy, RequestCredentials, RequestInit,
    RequestRedirect, ResponseType,
};

use crate::verify::{Request, Response, TransportFailure};

#[wasm_bindgen]
extern "C" {
    // The global timer functions exist in windows, workers and Node alike;
    // `web_sys::Window` would tie the module to a window.
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(callback: &JsValue, milliseconds: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(id: &JsValue);
    // The global `fetch` (Fetch standard, "fetch() method"), for the same
    // reason. It reports failures by rejecting its promise; `catch` covers a
    // host without `fetch` at all.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn fetch(input: &str, init: &RequestInit) -> Result<js_sys::Promise, JsValue>;
}

/// Bytes of a response body the interpreter ever needs; a longer answer is not
/// Jira's `/myself` and is cut rather than held in memory.
const MAX_BODY_CHARS: usize = 64 * 1024;

/// One cancellable, time-limited fetch context. Dropping it clears the timer
/// and detaches from the caller's signal.
pub(crate) struct Cancellation {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    cancelled: Rc<Cell<bool>>,
    timer: JsValue,
    _on_timeout: Closure<dyn FnMut()>,
    caller: Option<(AbortSignal, Closure<dyn FnMut()>)>,
}

impl Cancellation {
    /// Starts the timer, and follows `signal` if one is given.
    pub(crate) fn new(timeout_ms: f64, signal: Option<AbortSignal>) -> Result<Self, JsValue> {
        let controller = AbortController::new()?;
        let timed_out = Rc::new(Cell::new(false));
        let cancelled = Rc::new(Cell::new(false));

        let on_timeout = abort_setting(&controller, &timed_out);
        let timer = set_timeout(on_timeout.as_ref(), timeout_ms);

        let caller = match signal {
            Some(signal) => {
                if signal.aborted() {
                    cancelled.set(true);
                    controller.abort();
                }
                let on_abort = abort_setting(&controller, &cancelled);
                signal
                    .add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref())?;
                Some((signal, on_abort))
            }
            None => None,
        };

        Ok(Cancellation {
            controller,
            timed_out,
            cancelled,
            timer,
            _on_timeout: on_timeout,
            caller,
        })
    }

    /// True once the caller cancelled or the timer fired.
    pub(crate) fn stopped(&self) -> Option<TransportFailure> {
        if self.cancelled.get() {
            Some(TransportFailure::Aborted)
        } else if self.timed_out.get() {
            Some(TransportFailure::Timeout)
        } else {
            None
        }
    }

    fn failure(&self) -> TransportFailure {
        self.stopped().unwrap_or(TransportFailure::Network)
    }
}

/// A callback that sets `flag` and aborts the request. The timer and the
/// caller's signal share this one closure type, so the module holds one copy
/// of its glue.
fn abort_setting(controller: &AbortController, flag: &Rc<Cell<bool>>) -> Closure<dyn FnMut()> {
    let controller = controller.clone();
    let flag = flag.clone();
    Closure::<dyn FnMut()>::new(move || {
        flag.set(true);
        controller.abort();
    })
}

impl Drop for Cancellation {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some((signal, on_abort)) = &self.caller {
            let _ = signal
                .remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
    }
}

/// Sends `request` and returns Jira's answer, or why there is none.
pub(crate) async fn send(
    request: &Request,
    cancellation: &Cancellation,
) -> Result<Response, TransportFailure> {
    if let Some(failure) = cancellation.stopped() {
        return Err(failure);
    }
    let failed = |_| cancellation.failure();
    let headers = Headers::new().map_err(failed)?;
    for (name, value) in &request.headers {
        headers.append(name, value).map_err(failed)?;
    }
    let init = RequestInit::new();
    init.set_credentials(RequestCredentials::Omit);
    init.set_referrer_policy(ReferrerPolicy::NoReferrer);
    init.set_redirect(RequestRedirect::Manual);
    init.set_signal(Some(&cancellation.controller.signal()));
    init.set_headers(&headers);
    let answer = JsFuture::from(fetch(&request.url, &init).map_err(failed)?)
        .await
        .map_err(failed)?;
    let response: web_sys::Response = answer.dyn_into().map_err(failed)?;

    if response.type_() == ResponseType::Opaqueredirect {
        return Ok(Response {
            status: 0,
            headers: Vec::new(),
            body: String::new(),
            opaque_redirect: true,
        });
    }
    let status = response.status();
    // `Array.from` over the Headers iterator: `[name, value]` pairs (Fetch
    // standard, "Headers class": iterable<ByteString, ByteString>).
    let pairs = js_sys::Array::from(&response.headers());
    let mut headers = Vec::new();
    for i in 0..pairs.length() {
        let pair: js_sys::Array = pairs.get(i).unchecked_into();
        if let (Some(name), Some(value)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
            headers.push((name, value));
        }
    }
    let text = response.text().map_err(failed)?;
    let mut body = JsFuture::from(text)
        .await
        .map_err(failed)?
        .as_string()
        .unwrap_or_default();
    if body.len() > MAX_BODY_CHARS {
        let mut cut = MAX_BODY_CHARS;
        while !body.is_char_boundary(cut) {
            cut -= 1;
        }
        body.truncate(cut);
    }
    Ok(Response {
        status,
        headers,
        body,
        opaque_redirect: false,
    })
}
