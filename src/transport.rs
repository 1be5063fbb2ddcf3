//! Moves the bytes of the one request the core built: no decisions here.
//!
//! The request is sent with `credentials: "omit"` (no cookies of the person's
//! Atlassian session ride along), `referrerPolicy: "no-referrer"` (the docs
//! page's address is none of Atlassian's business) and `redirect: "manual"` (a
//! redirect comes back as an `opaqueredirect` response and is never followed
//! with the token). A timer and the caller's `AbortSignal` both abort it
//! through one `AbortController`.

use std::cell::Cell;
use std::rc::Rc;

use gloo_net::http::RequestBuilder;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{
    AbortController, AbortSignal, ReferrerPolicy, RequestCredentials, RequestRedirect, ResponseType,
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

        let on_timeout = {
            let controller = controller.clone();
            let timed_out = timed_out.clone();
            Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let timer = set_timeout(on_timeout.as_ref(), timeout_ms);

        let caller = match signal {
            Some(signal) => {
                if signal.aborted() {
                    cancelled.set(true);
                    controller.abort();
                }
                let on_abort = {
                    let controller = controller.clone();
                    let cancelled = cancelled.clone();
                    Closure::<dyn FnMut()>::new(move || {
                        cancelled.set(true);
                        controller.abort();
                    })
                };
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
    let signal = cancellation.controller.signal();
    let mut builder = RequestBuilder::new(&request.url)
        .credentials(RequestCredentials::Omit)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .redirect(RequestRedirect::Manual)
        .abort_signal(Some(&signal));
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let response = builder.send().await.map_err(|_| cancellation.failure())?;

    if response.type_() == ResponseType::Opaqueredirect {
        return Ok(Response {
            status: 0,
            headers: Vec::new(),
            body: String::new(),
            opaque_redirect: true,
        });
    }
    let status = response.status();
    let headers = response.headers().entries().collect();
    let mut body = response.text().await.map_err(|_| cancellation.failure())?;
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
