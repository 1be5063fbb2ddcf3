//! The live check as one sans-IO flow: every step it takes, written once.
//!
//! A [`Flow`] starts from the checked inputs and says what to send next
//! ([`Next::Send`]) or gives the verdict ([`Next::Done`]). Whoever moves the
//! bytes hands each answer, or why there is none, back through
//! [`Flow::answer`]. Two drivers move them:
//! - the browser binding (`src/web/`), which sends each request with fetch;
//! - the transcript reader ([`super::transcript`]), which takes each answer
//!   from what a terminal check command printed, pasted back.
//!
//! So a paste and a live check take the same steps and reach the same
//! verdict. The steps:
//!
//! ```text
//! site route:    /myself at the site ─ 200 ───────────────────────────┐
//!                   │ plain 401 (a token with scopes gets one there)  │
//!                   ▼                                                 ▼
//! scoped route:  /_edge/tenant_info ─ cloud id ─▶ /myself on the ─▶ /mypermissions
//!                (no token)                        gateway  200     (same route)
//!
//! data center:   <base>/rest/api/2/myself ─ 200 ─▶ <base>/rest/api/2/mypermissions
//!                (Bearer)                           (Bearer)
//! ```
//!
//! A request that fails without a status is followed, in the browser and not
//! through a relay, by one probe of the host ([`super::probe_request`]) that
//! tells "blocked by the browser" from "unreachable".
//!
//! The flow never holds the token: [`Flow::next`] takes it from the driver
//! for each request it builds. Nothing here touches the network, so every
//! path is tested natively (`tests/flow.rs`). The models are the sans-IO
//! protocol crates (rustls, quinn-proto, h11).

use super::answer::{
    data_center_not_allowed, found_route, interpret_data_center_myself,
    interpret_data_center_probe, interpret_myself, interpret_probe, interpret_tenant_info,
    not_checkable_from_browser, relay_unreachable, transport_failure, try_gateway_after, Probe,
    Response, TransportFailure,
};
use super::permissions::{interpret_permissions, permissions_not_answered};
use super::request::{
    authorized_get, bearer_get, data_center_probe_request, jira_url, probe_request,
    tenant_info_request, CloudId, Endpoint, Request,
};
use super::{Outcome, Verification};
use crate::checks::site::{base_authority, is_browser_checkable};
use crate::checks::SiteKind;
use crate::route::{
    Route, DC_MYPERMISSIONS_PATH, DC_MYSELF_PATH, GATEWAY_HOST, MYPERMISSIONS_PATH,
    MYSELF_PATH as MYSELF,
};

/// The questions a check asks, in the order it may ask them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Question {
    /// `/myself` at the site, with the token.
    SiteMyself,
    /// `/_edge/tenant_info` at the site, without the token: the cloud id.
    TenantInfo,
    /// `/myself` on the gateway (`api.atlassian.com/ex/jira/<cloudId>`).
    GatewayMyself,
    /// `/mypermissions`, on the route `/myself` answered on.
    Permissions,
    /// `/rest/api/2/myself` below a Data Center base, with the token as
    /// Bearer.
    DataCenterMyself,
    /// The reachability probe: `no-cors`, no headers, no token.
    Probe,
}

/// Who asks, and so what the flow may do when a request gets no answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Asker {
    /// The browser, directly or through a same-origin relay.
    Browser {
        /// Where the requests go.
        endpoint: Endpoint,
        /// The page is cross-origin isolated (`crossOriginIsolated`), where a
        /// failed probe proves nothing (see [`Probe::Inconclusive`]).
        isolated: bool,
        /// The page's own origin, which a Data Center's allowlist must hold.
        page_origin: Option<String>,
        /// The one Data Center origin (`https://host[:port]`) the page's
        /// operators let it ask; `None`: none.
        data_center_origin: Option<String>,
    },
    /// A person pasting what a terminal check command printed: every answer
    /// has a status, and no probe is ever asked.
    Paste,
}

/// A check's checked inputs: the host the site check accepted, the email the
/// email check accepted, and the route to start on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Check {
    /// The bare host, e.g. `acme.atlassian.net`; for Data Center, the base
    /// without `https://` (`jira.acme.com:8443/jira`).
    pub host: String,
    /// What the site check made of it: a custom host cannot be asked from
    /// the browser.
    pub kind: SiteKind,
    /// The trimmed email; empty for Data Center, which needs none.
    pub email: String,
    /// Where to start: the site, or straight to the gateway (scoped tokens,
    /// service accounts).
    pub route: Route,
    /// Who asks.
    pub asker: Asker,
}

/// What the flow wants next. The verdict is the larger variant; a `Next` is
/// made once a question and never stored, so it stays unboxed.
#[allow(clippy::large_enum_variant)]
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Next {
    /// Send `request`, which asks `question`, then hand its answer to
    /// [`Flow::answer`].
    Send {
        /// Which question it is.
        question: Question,
        /// What to send.
        request: Request,
    },
    /// The verdict.
    Done(Verification),
}

/// Where the check stands.
#[derive(Clone, Debug, PartialEq, Eq)]
enum State {
    SiteMyself,
    DataCenterMyself,
    /// `site`: the site's verdict (a plain 401) when the check came from
    /// there; `None` on the scoped route.
    TenantInfo {
        site: Option<Verification>,
    },
    /// `cloud_id` is `None` only for a paste that starts at the gateway's
    /// `/myself` (see [`Flow::not_in_paste`]).
    GatewayMyself {
        site: Option<Verification>,
        cloud_id: Option<CloudId>,
    },
    /// A request failed without a status; the probe's verdict stands in for
    /// that request's answer.
    Probe {
        site: Option<Verification>,
        cloud_id: Option<CloudId>,
    },
    Permissions {
        verdict: Verification,
    },
    Done(Verification),
}

/// One live check, from its first question to its verdict.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    check: Check,
    state: State,
}

impl Flow {
    /// Starts a check. A custom host asked from the browser is decided at
    /// once: the page's Content-Security-Policy lets it reach only
    /// Atlassian's Cloud hosts, and a fetch the CSP blocks fails exactly like
    /// an unreachable host, so nothing is sent.
    pub fn start(check: Check) -> Flow {
        let state = match (&check.asker, check.route) {
            (
                Asker::Browser {
                    data_center_origin, ..
                },
                Route::DataCenter,
            ) if !may_ask(data_center_origin.as_deref(), &check.host) => {
                State::Done(data_center_not_allowed(&check.host))
            }
            (_, Route::DataCenter) => State::DataCenterMyself,
            (Asker::Browser { .. }, route) if !is_browser_checkable(check.kind) => {
                State::Done(not_checkable_from_browser(route, &check.host))
            }
            (_, Route::Site) => State::SiteMyself,
            (_, Route::Scoped) => State::TenantInfo { site: None },
        };
        Flow { check, state }
    }

    /// What to ask next, and the request that asks it, or the verdict. The
    /// browser passes the token, which goes into the `Authorization` of the
    /// questions that carry it; a paste's reader passes none, and its
    /// requests are never sent.
    pub fn next(&self, token: Option<&str>) -> Next {
        let Check { host, email, .. } = &self.check;
        let endpoint = self.endpoint();
        let (question, request) = match &self.state {
            State::SiteMyself => (
                Question::SiteMyself,
                authorized_get(jira_url(endpoint, host, None, MYSELF), email, token),
            ),
            State::DataCenterMyself => (
                Question::DataCenterMyself,
                bearer_get(jira_url(endpoint, host, None, DC_MYSELF_PATH), token),
            ),
            State::TenantInfo { .. } => (Question::TenantInfo, tenant_info_request(endpoint, host)),
            State::GatewayMyself { cloud_id, .. } => (
                Question::GatewayMyself,
                authorized_get(
                    jira_url(endpoint, GATEWAY_HOST, cloud_id.as_ref(), MYSELF),
                    email,
                    token,
                ),
            ),
            State::Probe { .. } if self.check.route == Route::DataCenter => {
                (Question::Probe, data_center_probe_request(host))
            }
            State::Probe { .. } => (Question::Probe, probe_request(host)),
            State::Permissions { verdict } if verdict.route == Route::DataCenter => (
                Question::Permissions,
                bearer_get(jira_url(endpoint, host, None, DC_MYPERMISSIONS_PATH), token),
            ),
            State::Permissions { verdict } => (
                Question::Permissions,
                authorized_get(
                    jira_url(
                        endpoint,
                        host,
                        verdict
                            .cloud_id
                            .as_ref()
                            .filter(|_| verdict.route == Route::Scoped),
                        MYPERMISSIONS_PATH,
                    ),
                    email,
                    token,
                ),
            ),
            State::Done(verdict) => return Next::Done(verdict.clone()),
        };
        Next::Send { question, request }
    }

    /// The verdict, once there is one.
    pub fn verdict(self) -> Option<Verification> {
        match self.state {
            State::Done(verdict) => Some(verdict),
            _ => None,
        }
    }

    /// Takes the answer to the question asked, or why there is none.
    pub fn answer(&mut self, answer: Result<Response, TransportFailure>) {
        let state = core::mem::replace(&mut self.state, State::SiteMyself);
        let Check { host, email, .. } = &self.check;
        self.state = match (state, answer) {
            (State::SiteMyself, Ok(response)) => {
                self.after_site(interpret_myself(Route::Site, host, email, &response))
            }
            (State::DataCenterMyself, Ok(response)) => after_myself(interpret_data_center_myself(
                host,
                self.page_origin(),
                &response,
            )),
            (State::TenantInfo { site }, Ok(response)) => {
                match interpret_tenant_info(host, &response) {
                    Ok(cloud_id) => State::GatewayMyself {
                        site,
                        cloud_id: Some(cloud_id),
                    },
                    Err(verdict) => after_gateway(site, verdict),
                }
            }
            (State::GatewayMyself { site, cloud_id }, Ok(response)) => {
                let mut verdict = interpret_myself(Route::Scoped, host, email, &response);
                verdict.cloud_id = cloud_id;
                after_gateway(site, verdict)
            }
            (State::Probe { site, cloud_id }, answer) => {
                let probe = match answer {
                    Ok(_) => Ok(Probe::Reached),
                    Err(TransportFailure::Network) if self.isolated() => Ok(Probe::Inconclusive),
                    Err(TransportFailure::Network) => Ok(Probe::Failed),
                    Err(failure) => Err(failure),
                };
                let mut verdict = match probe {
                    Ok(probe) if self.check.route == Route::DataCenter => {
                        interpret_data_center_probe(host, self.page_origin(), probe)
                    }
                    Ok(probe) => interpret_probe(self.check.route, host, probe),
                    Err(failure) => transport_failure(self.check.route, failure),
                };
                verdict.cloud_id = cloud_id;
                after_gateway(site, verdict)
            }
            (State::Permissions { mut verdict }, answer) => {
                verdict.permissions = Some(match answer {
                    Ok(response) => interpret_permissions(verdict.route, &response),
                    Err(failure) => permissions_not_answered(failure),
                });
                State::Done(verdict)
            }
            (State::SiteMyself | State::DataCenterMyself, Err(failure)) => {
                self.no_answer(failure, None, None)
            }
            (State::TenantInfo { site }, Err(failure)) => self.no_answer(failure, site, None),
            (State::GatewayMyself { site, cloud_id }, Err(failure)) => {
                self.no_answer(failure, site, cloud_id)
            }
            (done @ State::Done(_), _) => done,
        };
    }

    /// A pasted answer that cannot be read as the answer to the question
    /// asked (cut off, or a 200 that names no account): `verdict` says why,
    /// and stands in for that answer's reading.
    pub fn unreadable(&mut self, verdict: Verification) {
        let state = core::mem::replace(&mut self.state, State::SiteMyself);
        self.state = match state {
            State::SiteMyself | State::DataCenterMyself => State::Done(verdict),
            State::TenantInfo { site }
            | State::GatewayMyself { site, .. }
            | State::Probe { site, .. } => after_gateway(site, verdict),
            // The permissions' reading never decides the verdict.
            State::Permissions { verdict } => State::Done(verdict),
            done @ State::Done(_) => done,
        };
    }

    /// The paste holds no answer to the question asked, and the check goes
    /// on without it: a paste that starts at the gateway's `/myself` (the
    /// cloud id's lookup left out), or one that stops before the permissions
    /// (older check commands did not ask). Any other question cannot be left
    /// out, and stays asked.
    pub fn not_in_paste(&mut self) {
        let state = core::mem::replace(&mut self.state, State::SiteMyself);
        self.state = match state {
            State::TenantInfo { site } => State::GatewayMyself {
                site,
                cloud_id: None,
            },
            State::Permissions { verdict } => State::Done(verdict),
            other => other,
        };
    }

    /// The question asked, if any.
    pub fn asking(&self) -> Option<Question> {
        Some(match &self.state {
            State::SiteMyself => Question::SiteMyself,
            State::DataCenterMyself => Question::DataCenterMyself,
            State::TenantInfo { .. } => Question::TenantInfo,
            State::GatewayMyself { .. } => Question::GatewayMyself,
            State::Probe { .. } => Question::Probe,
            State::Permissions { .. } => Question::Permissions,
            State::Done(_) => return None,
        })
    }

    /// The route the check started on.
    pub fn route(&self) -> Route {
        self.check.route
    }

    fn endpoint(&self) -> &Endpoint {
        match &self.check.asker {
            Asker::Browser { endpoint, .. } => endpoint,
            Asker::Paste => &Endpoint::Direct,
        }
    }

    fn isolated(&self) -> bool {
        matches!(self.check.asker, Asker::Browser { isolated: true, .. })
    }

    fn page_origin(&self) -> Option<&str> {
        match &self.check.asker {
            Asker::Browser { page_origin, .. } => page_origin.as_deref(),
            Asker::Paste => None,
        }
    }

    /// The route is found, not asked: a plain 401 at the site sends the check
    /// on to the gateway, where tokens with scopes work.
    fn after_site(&self, site: Verification) -> State {
        if try_gateway_after(&site) {
            State::TenantInfo { site: Some(site) }
        } else {
            after_myself(site)
        }
    }

    /// A request failed without a status. In the browser, directly, the
    /// probe tells "blocked" from "unreachable"; through a relay, the relay
    /// did not answer; a timeout or a cancel is its own verdict.
    fn no_answer(
        &self,
        failure: TransportFailure,
        site: Option<Verification>,
        cloud_id: Option<CloudId>,
    ) -> State {
        let route = self.check.route;
        let mut verdict = match (&self.check.asker, failure) {
            (Asker::Browser { endpoint, .. }, TransportFailure::Network) => match endpoint {
                Endpoint::Relay(_) => relay_unreachable(route),
                Endpoint::Direct => return State::Probe { site, cloud_id },
            },
            (_, failure) => transport_failure(route, failure),
        };
        verdict.cloud_id = cloud_id;
        after_gateway(site, verdict)
    }
}

/// Whether the page may ask the Data Center base `target`: only when its
/// operators named that base's origin (compared without letter case, as
/// origins' hosts are).
fn may_ask(allowed: Option<&str>, target: &str) -> bool {
    let authority = base_authority(target);
    allowed
        .and_then(|origin| origin.strip_prefix("https://"))
        .is_some_and(|host| host.eq_ignore_ascii_case(authority))
}

/// The gateway's verdict (or why there is none), joined to the site's when
/// the check came from there.
fn after_gateway(site: Option<Verification>, gateway: Verification) -> State {
    match site {
        Some(site) => after_myself(found_route(site, gateway)),
        None => after_myself(gateway),
    }
}

/// After a verified `/myself`, the permissions, on the same route.
fn after_myself(verdict: Verification) -> State {
    if verdict.outcome == Outcome::Verified {
        State::Permissions { verdict }
    } else {
        State::Done(verdict)
    }
}
