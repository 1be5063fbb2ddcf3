//! The same-origin relay's decisions, as data: what every relay (nginx, the
//! Cloudflare Worker, the Deno edge function) passes to Atlassian, what it
//! refuses and with which answer, which of Atlassian's headers it passes back,
//! and its rate cap. Pure: strings in, typed results out, tested natively with
//! `cargo test`, the way [`crate::jira`] is the live check as data.
//!
//! The specification is `deploy/nginx/README.md` ("What it relays, and
//! nothing else", "Security properties"). The edge handlers
//! (`deploy/edge/relay.mjs`) only move bytes: they hand the request to
//! [`decide`], send what it says with `fetch`, and hand the answer's headers to
//! [`answer_headers`]. `deploy/nginx/` encodes the same rules in nginx's own
//! configuration language, and one list of cases (`tests/relay/cases.mjs`)
//! runs against all of them.
//!
//! What may be relayed comes from the module's own vocabulary, so the relay
//! passes exactly the requests the module sends ([`crate::jira::request`]):
//! a host the site check accepts as Jira Cloud, or the gateway with a cloud id
//! ([`CloudId::parse`]), and a Cloud [`JiraPath`]. A relay deployed for one
//! Jira Data Center (its base URL set, such as `JIRA_DC_BASE_URL`) also
//! passes that base's Data Center paths, with a Bearer token, and no other
//! base: the host is the one it was deployed for, never one a request names.

pub mod rate;

pub use rate::RateCap;

use crate::text::find;
use serde::Serialize;

use crate::checks::{check_data_center_base_url, check_site, SiteKind};
use crate::jira::answer::refused::ACCOUNT_HEADER;
use crate::jira::request::CloudId;
use crate::route::Deployment;
use crate::route::{JiraPath, GATEWAY_HOST, GATEWAY_JIRA_PATH};

/// The prefix every relay serves, and the element's `relay` attribute names.
pub const DEFAULT_PREFIX: &str = "/jira-relay";

/// The relay gives up on Atlassian after this long: the module's own limit
/// for a check (docs/architecture.md, "Live check": 15 s), so there is no
/// point waiting longer. nginx: `proxy_read_timeout 15s`.
pub const UPSTREAM_TIMEOUT_MS: u32 = 15_000;

/// The most of an answer's body a relay passes back. Jira's `/myself` is
/// about 1 KB and `_edge/tenant_info` 60 bytes; an answer larger than this is
/// not one the module reads, and a relay that buffered it would hand a
/// hostile upstream its memory.
pub const MAX_ANSWER_BYTES: u32 = 256 * 1024;

/// The fixed `User-Agent` sent up in place of the browser's (which would
/// fingerprint the visitor to Atlassian).
pub const USER_AGENT: &str = "tines-jira-credential-relay";

/// Of Atlassian's response headers, the ones the module reads, with the
/// casing they are passed back with: the content type, the rate-limit signals
/// (`Retry-After`, which limit was hit, when it resets), CAPTCHA signals
/// (Atlassian, "Rate limiting"; "Basic auth for REST APIs",
/// "Handling CAPTCHA") and the account a signed-in answer names
/// (`X-AAccountId`: only with it does a 403 show that the sign-in worked, so
/// without it a check through a relay would be worded otherwise than one
/// without). Every other header would act on the docs site's own
/// origin for Atlassian, or for whoever answers in its name (deploy/nginx/
/// README.md, "Security properties").
pub const ANSWER_HEADERS: [&str; 10] = [
    "Content-Type",
    "Retry-After",
    "RateLimit-Reason",
    "X-Authentication-Denied-Reason",
    "X-Seraph-LoginReason",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "X-RateLimit-NearLimit",
    ACCOUNT_HEADER,
];

/// What Data Center's answers add, passed back from its paths only: who the
/// request was (`X-AUSERNAME`, a user name or `anonymous`) and its rate
/// limiter's `X-RateLimit-Interval-Seconds` and `X-RateLimit-FillRate`
/// (Atlassian, "Adjusting your code for rate limiting"). A Cloud answer never
/// carries them, so one that does is not passed on with them.
pub const DATA_CENTER_ANSWER_HEADERS: [&str; 3] = [
    "X-RateLimit-Interval-Seconds",
    "X-RateLimit-FillRate",
    "X-AUSERNAME",
];

/// The relay's own headers on every answer, Atlassian's or its own: never
/// stored (the answer carries the account's details), never run or framed as
/// a page on the docs site's origin (Jira's HTML error pages come back from
/// it), no referrer, no use by another origin.
pub const OWN_HEADERS: [(&str, &str); 5] = [
    ("Cache-Control", "no-store"),
    ("X-Content-Type-Options", "nosniff"),
    (
        "Content-Security-Policy",
        "default-src 'none'; frame-ancestors 'none'; sandbox",
    ),
    ("Referrer-Policy", "no-referrer"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
];

/// The longest `Authorization` value relayed, as in nginx's map: `Basic `
/// and at most 2,048 base64 characters (about 1,500 bytes of `email:token`).
const MAX_BASIC_CHARS: usize = 2048;
/// The longest Bearer token relayed to Data Center: the module's own limit
/// for a token ([`crate::checks::token::MAX_TOKEN_CHARS`]).
const MAX_BEARER_CHARS: usize = crate::checks::token::MAX_TOKEN_CHARS;

/// A request as the platform hands it to the relay.
#[derive(Clone, Copy)]
pub struct Incoming<'a> {
    /// The method, as sent.
    pub method: &'a str,
    /// The request's URL as the platform gives it: `scheme://authority` and
    /// the request target exactly as sent (not normalised: `..`, `%2f` and
    /// the like must still be there to be refused).
    pub url: &'a str,
    /// Header names and values, in order; a name may repeat.
    pub headers: &'a [(String, String)],
    /// The path the relay serves, such as `/jira-relay` (no trailing slash).
    pub prefix: &'a str,
    /// The one Jira Data Center base URL this relay is deployed for, as set
    /// (`https://jira.acme.com:8443/jira`); `None`, or a value the base URL
    /// check does not give back unchanged, relays no Data Center at all.
    pub data_center: Option<&'a str>,
}

/// What to send upstream: an HTTPS GET.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Upstream {
    /// `https://<host><path>`.
    pub url: String,
    /// The only headers that go up: `Accept` as the page sent it,
    /// `Authorization` (to a path that carries the token) and the fixed
    /// `User-Agent`. The platform adds `Host`.
    pub headers: Vec<(String, String)>,
    /// Which Jira the path is: the headers passed back depend on it
    /// ([`answer_headers`]).
    pub deployment: Deployment,
}

/// `Debug` hides the `Authorization` value: it carries the token.
impl core::fmt::Debug for Upstream {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("Upstream")
            .field("url", &self.url)
            .field("header_names", &names)
            .field("deployment", &self.deployment)
            .finish()
    }
}

/// An answer the relay gives itself, without asking Atlassian.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Answer {
    /// The HTTP status.
    pub status: u16,
    /// Its headers: the content type, [`OWN_HEADERS`], and `Allow` or
    /// `Retry-After` where the status calls for one.
    pub headers: Vec<(String, String)>,
    /// `{"relay": <kind>, "reason": <sentence>}`, which the module reads as
    /// the relay's own answer (`relay-error`, or `rate-limited`).
    pub body: String,
}

/// What the relay does with a request.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// Send this to Atlassian (after the rate cap).
    Forward(Upstream),
    /// Answer this, and connect to nothing.
    Refuse(Answer),
}

/// Why a request is refused: one status for each kind, as in nginx
/// (deploy/nginx/README.md, "What it relays, and nothing else").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// 405: any method but GET.
    Method,
    /// 404: any target but the exact ones the module asks for.
    Target,
    /// 400: an `Authorization` header that is not `Basic <base64>` (Cloud),
    /// or not `Bearer <token>` (Data Center).
    Authorization,
    /// 403: another web site making a visitor's browser call the relay.
    ForeignSite,
    /// 429: the client's rate cap is used up; retry after this many seconds.
    RateLimited(u32),
}

/// Why Atlassian's answer could not be passed back.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// 502: no connection, DNS or TLS failed.
    Unreachable,
    /// 504: no complete answer within [`UPSTREAM_TIMEOUT_MS`].
    Timeout,
    /// 502: the body was over [`MAX_ANSWER_BYTES`].
    TooLarge,
}

#[derive(Serialize)]
struct RelayBody<'a> {
    relay: &'a str,
    reason: &'a str,
}

fn answer(status: u16, kind: &str, reason: &str, extra: Option<(&str, String)>) -> Answer {
    let mut headers = vec![(
        String::from("Content-Type"),
        String::from("application/json"),
    )];
    headers.extend(
        OWN_HEADERS
            .iter()
            .map(|(n, v)| (String::from(*n), String::from(*v))),
    );
    if let Some((name, value)) = extra {
        headers.push((String::from(name), value));
    }
    let mut body = serde_json::to_string(&RelayBody {
        relay: kind,
        reason,
    })
    .unwrap_or_default();
    body.push('\n');
    Answer {
        status,
        headers,
        body,
    }
}

impl Refusal {
    /// The relay's answer: the same status, kind and reason as nginx's named
    /// locations (deploy/nginx/tines-jira-relay-location.conf).
    pub fn answer(self) -> Answer {
        match self {
            Refusal::Method => answer(
                405,
                "refused",
                "Only GET is relayed.",
                Some(("Allow", String::from("GET"))),
            ),
            Refusal::Target => answer(
                404,
                "refused",
                "This relay only forwards GET <prefix>/<site>.atlassian.net/rest/api/3/myself, \
                 .../_edge/tenant_info, .../rest/api/3/mypermissions?permissions=<the fixed list>, \
                 the same /myself and /mypermissions below <prefix>/api.atlassian.com/ex/jira/<cloudId>, \
                 and /rest/api/2/myself and /rest/api/2/mypermissions below the one Jira Data Center \
                 base it is deployed for.",
                None,
            ),
            Refusal::Authorization => answer(
                400,
                "refused",
                "Only an Authorization header of the form Basic <base64> is relayed to Jira Cloud, \
                 and Bearer <token> to Jira Data Center.",
                None,
            ),
            Refusal::ForeignSite => answer(
                403,
                "refused",
                "This relay only serves pages of its own site.",
                None,
            ),
            Refusal::RateLimited(seconds) => answer(
                429,
                "rate-limited",
                "Too many checks from this address: wait a few seconds.",
                Some(("Retry-After", seconds.max(1).to_string())),
            ),
        }
    }
}

impl Failure {
    /// The relay's answer when Atlassian's could not be passed back.
    pub fn answer(self) -> Answer {
        match self {
            Failure::Unreachable => answer(
                502,
                "upstream-failed",
                "The relay could not get an answer from Atlassian (DNS, TLS certificate or connection).",
                None,
            ),
            Failure::Timeout => answer(
                504,
                "upstream-timeout",
                "Atlassian did not answer the relay in time.",
                None,
            ),
            Failure::TooLarge => answer(
                502,
                "upstream-failed",
                "Atlassian's answer was larger than the relay passes on.",
                None,
            ),
        }
    }
}

/// Decides what to do with a request: forward it, or refuse it with the
/// relay's own answer. The checks run in nginx's order (method, target,
/// `Authorization`, then the calling site), before the rate cap
/// ([`RateCap::admit`]), so a refused request costs no upstream connection and
/// none of the visitor's budget.
pub fn decide(request: Incoming<'_>) -> Decision {
    match check(request) {
        Ok(upstream) => Decision::Forward(upstream),
        Err(refusal) => Decision::Refuse(refusal.answer()),
    }
}

fn check(request: Incoming<'_>) -> Result<Upstream, Refusal> {
    if request.method != "GET" {
        return Err(Refusal::Method);
    }
    let (own_origin, target) = split_url(request.url).ok_or(Refusal::Target)?;
    let (relayed, path) =
        relayed_target(target, request.prefix, request.data_center).ok_or(Refusal::Target)?;
    let authorization = single(request.headers, "authorization").ok_or(Refusal::Authorization)?;
    let authorization = authorization.filter(|v| !v.is_empty());
    let allowed = match path.deployment() {
        Deployment::Cloud => is_basic,
        Deployment::DataCenter => is_bearer,
    };
    if authorization.is_some_and(|v| !allowed(v)) {
        return Err(Refusal::Authorization);
    }
    if !from_own_site(request.headers, own_origin) {
        return Err(Refusal::ForeignSite);
    }
    let mut headers = Vec::with_capacity(3);
    if let Some(accept) = single(request.headers, "accept").flatten() {
        if !accept.is_empty() {
            headers.push((String::from("Accept"), String::from(accept)));
        }
    }
    if let (Some(value), true) = (authorization, path.carries_token()) {
        headers.push((String::from("Authorization"), String::from(value)));
    }
    headers.push((String::from("User-Agent"), String::from(USER_AGENT)));
    let mut url = String::with_capacity(8 + relayed.len());
    url.push_str("https://");
    url.push_str(relayed);
    Ok(Upstream {
        url,
        headers,
        deployment: path.deployment(),
    })
}

/// `scheme://authority` and the request target (from the first `/` after
/// the authority).
fn split_url(url: &str) -> Option<(&str, &str)> {
    let after_scheme = find(url, "://")? + 3;
    let slash = after_scheme + url.get(after_scheme..)?.find('/')?;
    Some((url.get(..slash)?, url.get(slash..)?))
}

/// `<host><path>` and the Jira path of a target the module sends, and nothing
/// else: `<prefix>/<host><path>` in exactly the form the module writes it
/// (lower case, no port, no percent-encoding, no `.`/`..`, no fragment, no
/// query but the one fixed in [`JiraPath::MyPermissions`], nothing a URL
/// parser would read differently).
fn relayed_target<'a>(
    target: &'a str,
    prefix: &str,
    data_center: Option<&str>,
) -> Option<(&'a str, JiraPath)> {
    let rest = target.strip_prefix(prefix)?.strip_prefix('/')?;
    // Printable ASCII without the characters that are read, not matched:
    // escapes, fragments and backslashes (read as `/`). A `?` passes only
    // as part of a path that equals a [`JiraPath`] exactly (the permissions
    // question's fixed query): every path below is compared whole.
    if rest
        .bytes()
        .any(|b| !(0x21..=0x7e).contains(&b) || matches!(b, b'%' | b'#' | b'\\'))
    {
        return None;
    }
    if let Some(found) = data_center_target(rest, data_center) {
        return Some(found);
    }
    let (host, path) = rest.split_at(rest.find('/')?);
    if host == GATEWAY_HOST {
        let below = path.strip_prefix(GATEWAY_JIRA_PATH)?;
        let (cloud_id, path) = below.split_at(below.find('/')?);
        CloudId::parse(cloud_id)?;
        let jira = JiraPath::ALL
            .into_iter()
            .find(|p| p.on_gateway() && p.path() == path)?;
        return Some((rest, jira));
    }
    let site = check_site(host);
    let is_jira_cloud = site.ok
        && matches!(site.kind, SiteKind::Cloud | SiteKind::CloudLegacy)
        && site.value.as_deref() == Some(host);
    if !is_jira_cloud {
        return None;
    }
    let jira = JiraPath::ALL
        .into_iter()
        .find(|p| p.deployment() == Deployment::Cloud && p.path() == path)?;
    Some((rest, jira))
}

/// `rest` when it is a Data Center path below the one base the relay is
/// deployed for: the base as set, which the base URL check must give back
/// unchanged (so no setting can name what the module would never send),
/// then exactly one of the Data Center [`JiraPath`]s.
fn data_center_target<'a>(rest: &'a str, base: Option<&str>) -> Option<(&'a str, JiraPath)> {
    let base = check_data_center_base_url(base?)?;
    let path = rest.strip_prefix(base.strip_prefix("https://")?)?;
    let jira = JiraPath::ALL
        .into_iter()
        .find(|p| p.deployment() == Deployment::DataCenter && p.path() == path)?;
    Some((rest, jira))
}

/// The one value of a header: `Ok(None)` when absent, `None` (refuse) when it
/// appears more than once, which no browser sends for these.
fn single<'a>(headers: &'a [(String, String)], name: &str) -> Option<Option<&'a str>> {
    let mut found = None;
    for (n, v) in headers {
        if n.eq_ignore_ascii_case(name) {
            if found.is_some() {
                return None;
            }
            found = Some(v.as_str());
        }
    }
    Some(found)
}

/// `Basic ` and 4 to 2,048 base64 characters, at most two `=` at the end
/// (RFC 7617 §2, RFC 4648 §4): the only credential the module sends.
fn is_basic(value: &str) -> bool {
    let Some(encoded) = value.strip_prefix("Basic ") else {
        return false;
    };
    let body = encoded.trim_end_matches('=');
    encoded.len() - body.len() <= 2
        && (4..=MAX_BASIC_CHARS).contains(&body.len())
        && body
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/')
}

/// `Bearer ` and a token of 1 to [`MAX_BEARER_CHARS`] visible ASCII
/// characters: what the module sends to Data Center, its checked token
/// (which holds no blank character).
fn is_bearer(value: &str) -> bool {
    value.strip_prefix("Bearer ").is_some_and(|token| {
        (1..=MAX_BEARER_CHARS).contains(&token.len())
            && token.bytes().all(|b| (0x21..=0x7e).contains(&b))
    })
}

/// The request comes from the relay's own site (deploy/nginx/README.md):
/// `Sec-Fetch-Site` absent, `same-origin` (the page) or `none` (the visitor
/// typed the URL); and `Origin`, when present, this server's own origin (an
/// older browser sends `Origin` without `Sec-Fetch-Site`). Either header
/// repeated is refused: no browser sends one twice.
fn from_own_site(headers: &[(String, String)], own_origin: &str) -> bool {
    let site_ok = match single(headers, "sec-fetch-site") {
        None => false,
        Some(None) | Some(Some("")) | Some(Some("same-origin")) | Some(Some("none")) => true,
        Some(Some(_)) => false,
    };
    let origin_ok = match single(headers, "origin") {
        None => false,
        Some(None) | Some(Some("")) => true,
        Some(Some(origin)) => origin.eq_ignore_ascii_case(own_origin),
    };
    site_ok && origin_ok
}

/// The headers of Atlassian's answer that go back to the browser: those in
/// [`ANSWER_HEADERS`], and for Data Center's paths
/// [`DATA_CENTER_ANSWER_HEADERS`] (by name, any case, with their value as
/// Atlassian sent it), then [`OWN_HEADERS`]. Nothing else, whatever names an
/// upstream makes up: no `Location` (a redirect is never followed, by the
/// relay or, without it, by the browser), no `Set-Cookie`, no policy for the
/// docs site's origin.
pub fn answer_headers(
    upstream: &[(String, String)],
    deployment: Deployment,
) -> Vec<(String, String)> {
    let extra: &[&str] = match deployment {
        Deployment::Cloud => &[],
        Deployment::DataCenter => &DATA_CENTER_ANSWER_HEADERS,
    };
    let mut headers = Vec::new();
    for (name, value) in upstream {
        let allowed = ANSWER_HEADERS
            .iter()
            .chain(extra)
            .find(|a| a.eq_ignore_ascii_case(name));
        if let Some(allowed) = allowed {
            if !headers.iter().any(|(n, _): &(String, String)| n == allowed) {
                headers.push((String::from(*allowed), value.clone()));
            }
        }
    }
    headers.extend(
        OWN_HEADERS
            .iter()
            .map(|(n, v)| (String::from(*n), String::from(*v))),
    );
    headers
}

#[cfg(test)]
mod tests;
