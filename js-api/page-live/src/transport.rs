//! Moves the bytes of the requests the core built, with gloo-net's
//! `RequestBuilder`: no decisions here.
//!
//! A check is sent with `credentials: "omit"` (no cookies of the person's
//! Atlassian session ride along), `referrerPolicy: "no-referrer"` (the docs
//! page's address is none of Atlassian's business), `mode: "cors"` and
//! `redirect: "manual"` (a redirect comes back as an `opaqueredirect` response
//! and is never followed with the token). The reachability probe is `mode:
//! "no-cors"` with the default `redirect: "follow"` and no headers (see
//! `tines_jira_credential::jira::probe_request`). One `AbortSignal` covers the timeout and the
//! caller's cancel: `AbortSignal.any([AbortSignal.timeout(ms), signal])`.

use gloo_net::http::Request as Fetch;
use web_sys::ResponseType;
use web_sys::{AbortSignal, ReferrerPolicy, RequestCredentials, RequestMode, RequestRedirect};

use tines_jira_credential::jira::{Request, Response, TransportFailure};

/// Bytes of a response body the interpreter ever needs; a longer answer is not
/// Jira's `/myself` and is cut rather than held.
const MAX_BODY_CHARS: usize = 64 * 1024;

/// The time limit and the caller's cancel, joined into one signal.
pub(crate) struct Deadline {
    signal: AbortSignal,
    timeout: AbortSignal,
    caller: Option<AbortSignal>,
}

impl Deadline {
    /// Starts the clock now.
    pub(crate) fn new(timeout_ms: f64, caller: Option<AbortSignal>) -> Deadline {
        let timeout = AbortSignal::timeout_with_f64(timeout_ms);
        let signal = match &caller {
            Some(caller) => AbortSignal::any(&js_sys::Array::of2(&timeout, caller)),
            None => timeout.clone(),
        };
        Deadline {
            signal,
            timeout,
            caller,
        }
    }

    /// Why the signal fired, once it has: the caller's cancel wins.
    pub(crate) fn stopped(&self) -> Option<TransportFailure> {
        if self.caller.as_ref().is_some_and(AbortSignal::aborted) {
            Some(TransportFailure::Aborted)
        } else if self.timeout.aborted() {
            Some(TransportFailure::Timeout)
        } else {
            None
        }
    }

    fn failure(&self) -> TransportFailure {
        self.stopped().unwrap_or(TransportFailure::Network)
    }
}

/// Sends `request` and returns the answer, or why there is none. An opaque
/// answer (the probe's) comes back with status 0.
pub(crate) async fn send(
    request: &Request,
    deadline: &Deadline,
) -> Result<Response, TransportFailure> {
    if let Some(failure) = deadline.stopped() {
        return Err(failure);
    }
    let mut builder = Fetch::get(&request.url)
        .credentials(RequestCredentials::Omit)
        .referrer_policy(ReferrerPolicy::NoReferrer)
        .abort_signal(Some(&deadline.signal));
    builder = if request.probe {
        builder.mode(RequestMode::NoCors)
    } else {
        builder
            .mode(RequestMode::Cors)
            .redirect(RequestRedirect::Manual)
    };
    for (name, value) in &request.headers {
        builder = builder.header(name, value);
    }
    let response = builder.send().await.map_err(|_| deadline.failure())?;
    match response.type_() {
        ResponseType::Opaqueredirect => {
            return Ok(Response {
                status: 0,
                headers: Vec::new(),
                body: String::new(),
                opaque_redirect: true,
            })
        }
        ResponseType::Opaque => {
            return Ok(Response {
                status: 0,
                headers: Vec::new(),
                body: String::new(),
                opaque_redirect: false,
            })
        }
        _ => {}
    }
    let status = response.status();
    let headers = response.headers().entries().collect();
    let mut body = response.text().await.map_err(|_| deadline.failure())?;
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
