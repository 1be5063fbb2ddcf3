//! What the live check sends: the requests, where they go (directly or
//! through a same-origin relay), and the values from outside that may reach a
//! URL only once checked (the relay prefix, the cloud id).

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::Serialize;

use crate::diagnostic::concat;
use crate::route::{JiraPath, GATEWAY_HOST, GATEWAY_JIRA_PATH};

/// A same-origin path under which a docs site relays requests to Atlassian,
/// such as `/jira-relay`. Only [`check_relay_prefix`] makes one, so an
/// embedding page cannot point the token at another site.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RelayPrefix(String);

impl RelayPrefix {
    /// The prefix, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Where requests go.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Endpoint {
    /// Straight to Atlassian over HTTPS.
    Direct,
    /// Through a same-origin relay: `<prefix>/<host>/<path>`.
    Relay(RelayPrefix),
}

/// Accepts a relay as an absolute path on the page's own origin (RFC 3986
/// §3.3 `path-absolute`) and nothing that a URL parser could resolve to
/// another origin: a scheme, `//` (a network-path reference, RFC 3986 §4.2),
/// `\` (read as `/` in special URLs, WHATWG URL "path state"), `.`/`..`
/// segments (removed by the parser, RFC 3986 §5.2.4) or percent-encoding
/// (which could hide any of these). The trailing slash is trimmed.
pub fn check_relay_prefix(prefix: &str) -> Result<RelayPrefix, String> {
    const EXAMPLE: &str = "such as /jira-relay";
    if prefix.is_empty() {
        return Err(concat(&[
            "Give the relay as a path on this site, ",
            EXAMPLE,
            ".",
        ]));
    }
    if prefix.bytes().any(|b| !(0x21..=0x7e).contains(&b)) {
        return Err(String::from(
            "The relay path may only contain printable ASCII characters, without spaces.",
        ));
    }
    if prefix.as_bytes().contains(&b'\\') {
        return Err(String::from(
            "The relay path may not contain a backslash: browsers read it as a slash.",
        ));
    }
    if !prefix.starts_with('/') || prefix.starts_with("//") {
        return Err(concat(&[
            "The relay must be a path on this page's own site that starts with a single /, ",
            EXAMPLE,
            ", not a full address: a full address would send tokens to another site.",
        ]));
    }
    if prefix.bytes().any(|b| matches!(b, b'?' | b'#')) {
        return Err(String::from("The relay path may not contain ? or #."));
    }
    if prefix.as_bytes().contains(&b'%') {
        return Err(String::from(
            "The relay path may not contain percent-encoding (%).",
        ));
    }
    if let Some(c) = prefix.chars().find(|&c| !is_path_char(c)) {
        let mut message = String::from("The relay path may not contain the character ");
        message.push(c);
        message.push('.');
        return Err(message);
    }
    let trimmed = prefix.strip_suffix('/').unwrap_or(prefix);
    if trimmed.is_empty() {
        return Err(concat(&[
            "Give the relay's own path, ",
            EXAMPLE,
            ", not the root of the site.",
        ]));
    }
    // `trimmed` starts with `/`, so every segment after the first split item
    // is a path segment.
    for segment in trimmed.split('/').skip(1) {
        if segment.is_empty() {
            return Err(String::from(
                "The relay path may not contain an empty segment (//).",
            ));
        }
        if segment == "." || segment == ".." {
            return Err(String::from(
                "The relay path may not contain . or .. segments.",
            ));
        }
    }
    Ok(RelayPrefix(String::from(trimmed)))
}

/// RFC 3986 §3.3 `pchar` without percent-encoding, plus `/`: unreserved,
/// sub-delims, `:` and `@`.
fn is_path_char(c: char) -> bool {
    const PUNCTUATION: &[u8] = b"-._~!$&'()*+,;=:@/";
    c.is_ascii_alphanumeric() || u8::try_from(c).is_ok_and(|b| PUNCTUATION.contains(&b))
}

/// A Jira Cloud site's cloud id: a UUID, `8-4-4-4-12` hex digits. Only
/// [`CloudId::parse`] makes one, so a value from the network reaches a URL only
/// once it is known to be nothing but hex digits and hyphens.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct CloudId(String);

/// A cloud id's groups of hex digits, between hyphens (RFC 9562 §4: a UUID's
/// text form, `8-4-4-4-12`). The terminal commands check a cloud id with the
/// same groups (`crate::tines::commands`).
pub const CLOUD_ID_GROUPS: [usize; 5] = [8, 4, 4, 4, 12];

impl CloudId {
    /// Accepts exactly a UUID in its 36-character text form (RFC 9562 §4),
    /// either case: [`CLOUD_ID_GROUPS`] of hex digits joined by hyphens.
    pub fn parse(input: &str) -> Option<CloudId> {
        let mut groups = input.split('-');
        let shaped = CLOUD_ID_GROUPS.iter().all(|&len| {
            groups
                .next()
                .is_some_and(|g| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
        }) && groups.next().is_none();
        shaped.then(|| CloudId(String::from(input)))
    }

    /// The cloud id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An HTTP GET to send.
#[derive(Clone, PartialEq, Eq, Serialize)]
pub struct Request {
    /// Absolute `https://` URL, or a same-origin path through a relay.
    pub url: String,
    /// Header names and values, in order.
    pub headers: Vec<(String, String)>,
    /// The reachability probe ([`probe_request`]): `mode: "no-cors"` and
    /// `redirect: "follow"`. Every other request is `mode: "cors"` with
    /// `redirect: "manual"`.
    #[serde(skip_serializing_if = "core::ops::Not::not")]
    pub probe: bool,
}

/// Debug output hides the `Authorization` value: it carries the token.
impl core::fmt::Debug for Request {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Request")
            .field("url", &self.url)
            .field("headers", &RedactedHeaders(&self.headers))
            .field("probe", &self.probe)
            .finish()
    }
}

struct RedactedHeaders<'a>(&'a [(String, String)]);

impl core::fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut list = f.debug_list();
        for (name, value) in self.0 {
            let shown = if name.eq_ignore_ascii_case(AUTHORIZATION) {
                "<redacted>"
            } else {
                value.as_str()
            };
            list.entry(&(name, shown));
        }
        list.finish()
    }
}

const AUTHORIZATION: &str = "Authorization";
/// Jira's REST API answers JSON (Jira Cloud REST API v3, "Get current user").
const ACCEPT: (&str, &str) = ("Accept", "application/json");

/// `https://<host>` directly, or `<prefix>/<host>` through a relay.
pub(crate) fn origin(endpoint: &Endpoint, host: &str) -> String {
    match endpoint {
        Endpoint::Direct => concat(&["https://", host]),
        Endpoint::Relay(prefix) => concat(&[prefix.as_str(), "/", host]),
    }
}

/// `Basic base64(email:token)` (RFC 7617 §2; Atlassian, "Basic auth for REST
/// APIs").
pub(crate) fn basic_authorization(email: &str, token: &str) -> (String, String) {
    let credentials = concat(&[email, ":", token]);
    // `encode_slice`, not `encode`: `encode` unwraps `String::from_utf8`, and
    // that unwrap's message brings `FromUtf8Error`'s `Debug` into the module.
    // base64 is ASCII, so the text is always all of what was written.
    let mut encoded = vec![0; base64::encoded_len(credentials.len(), true).unwrap_or(0)];
    let written = STANDARD
        .encode_slice(credentials.as_bytes(), &mut encoded)
        .unwrap_or(0);
    let text = encoded
        .get(..written)
        .and_then(|bytes| core::str::from_utf8(bytes).ok())
        .unwrap_or_default();
    let value = concat(&["Basic ", text]);
    (String::from(AUTHORIZATION), value)
}

pub(crate) fn accept() -> (String, String) {
    (String::from(ACCEPT.0), String::from(ACCEPT.1))
}

/// `GET https://<host>/rest/api/3/myself` with Basic auth. `host` must be a
/// host the site check accepted.
pub fn myself_request(endpoint: &Endpoint, host: &str, email: &str, token: &str) -> Request {
    authorized_get(
        jira_url(endpoint, host, None, JiraPath::Myself.path()),
        email,
        Some(token),
    )
}

/// Where a question about the account is asked: `<path>` at the site, or, with
/// the site's cloud id, at `https://api.atlassian.com/ex/jira/<cloudId><path>`;
/// through the relay when `endpoint` is one.
pub(crate) fn jira_url(
    endpoint: &Endpoint,
    host: &str,
    cloud_id: Option<&CloudId>,
    path: &str,
) -> String {
    match cloud_id {
        Some(id) => concat(&[
            &origin(endpoint, GATEWAY_HOST),
            GATEWAY_JIRA_PATH,
            id.as_str(),
            path,
        ]),
        None => concat(&[&origin(endpoint, host), path]),
    }
}

/// `GET url` with the account's Basic authentication; without a token (a
/// pasted answer's reading, never sent), with none.
pub(crate) fn authorized_get(url: String, email: &str, token: Option<&str>) -> Request {
    let mut headers = Vec::with_capacity(2);
    if let Some(token) = token {
        headers.push(basic_authorization(email, token));
    }
    headers.push(accept());
    Request {
        url,
        headers,
        probe: false,
    }
}

/// A GET with a Jira Data Center personal access token: `Authorization:
/// Bearer <token>`, the scheme word exactly so and one space before the token
/// (Atlassian, "Using personal access tokens": `curl -H "Authorization:
/// Bearer <yourToken>"`).
pub(crate) fn bearer_get(url: String, token: Option<&str>) -> Request {
    let mut headers = Vec::with_capacity(2);
    if let Some(token) = token {
        headers.push((String::from(AUTHORIZATION), concat(&["Bearer ", token])));
    }
    headers.push(accept());
    Request {
        url,
        headers,
        probe: false,
    }
}

/// The reachability probe of a Data Center base: its `/status`, which Jira
/// answers without a sign-in (Jira Data Center, "status endpoint", for load
/// balancers), asked `no-cors`, with no headers and no token.
pub fn data_center_probe_request(target: &str) -> Request {
    Request {
        url: concat(&["https://", target, "/status"]),
        headers: Vec::new(),
        probe: true,
    }
}

/// `GET https://<host>/_edge/tenant_info`, without credentials: it only names
/// the site's cloud id.
pub fn tenant_info_request(endpoint: &Endpoint, host: &str) -> Request {
    Request {
        url: concat(&[&origin(endpoint, host), JiraPath::TenantInfo.path()]),
        headers: vec![accept()],
        probe: false,
    }
}

/// The reachability probe, sent when a check failed without a status: `GET
/// https://<host>/_edge/tenant_info` with `mode: "no-cors"`, no headers at
/// all (so no token) and the default `redirect: "follow"`.
///
/// An opaque answer proves the host answered (the browser withheld the
/// answer: CORS); a rejection means it could not be reached. Two measured
/// facts shape it: in Chromium and Firefox a `no-cors` fetch with `redirect:
/// "manual"` always rejects, so it must follow; and `_edge/tenant_info`
/// answers without a redirect, where `/myself` or the site's root redirect
/// to Atlassian's sign-in host, which the page's `connect-src` blocks (a
/// blocked fetch rejects exactly like an unreachable host). Following is safe
/// because nothing secret rides on the probe.
pub fn probe_request(host: &str) -> Request {
    Request {
        url: concat(&["https://", host, JiraPath::TenantInfo.path()]),
        headers: Vec::new(),
        probe: true,
    }
}

/// `GET https://api.atlassian.com/ex/jira/<cloudId>/rest/api/3/myself` with
/// Basic auth: how tokens with scopes are checked.
pub fn scoped_myself_request(
    endpoint: &Endpoint,
    cloud_id: &CloudId,
    email: &str,
    token: &str,
) -> Request {
    authorized_get(
        jira_url(
            endpoint,
            GATEWAY_HOST,
            Some(cloud_id),
            JiraPath::Myself.path(),
        ),
        email,
        Some(token),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_authorization_value() {
        let r = myself_request(
            &Endpoint::Direct,
            "acme.atlassian.net",
            "a@b.co",
            "secret-token",
        );
        let debug = std::format!("{r:?}");
        assert!(!debug.contains(&STANDARD.encode(b"a@b.co:secret-token")));
        assert!(debug.contains("<redacted>") && debug.contains("application/json"));
    }

    #[test]
    fn basic_authorization_is_base64_of_email_colon_token() {
        let (name, value) = basic_authorization("jane@acme.com", "secret");
        assert_eq!(name, "Authorization");
        assert_eq!(value, "Basic amFuZUBhY21lLmNvbTpzZWNyZXQ=");
        assert_eq!(basic_authorization("", "").1, "Basic Og==");
    }

    proptest::proptest! {
        #[test]
        fn basic_authorization_matches_base64_encode(email in "\\PC{0,40}", token in "\\PC{0,200}") {
            let credentials = [email.as_str(), ":", token.as_str()].concat();
            proptest::prop_assert_eq!(
                basic_authorization(&email, &token).1,
                ["Basic ", &STANDARD.encode(credentials.as_bytes())].concat()
            );
        }
    }

    #[test]
    fn the_probe_carries_nothing() {
        let probe = probe_request("acme.atlassian.net");
        assert_eq!(probe.url, "https://acme.atlassian.net/_edge/tenant_info");
        assert!(probe.headers.is_empty() && probe.probe);
        let check = myself_request(&Endpoint::Direct, "acme.atlassian.net", "a@b.co", "t");
        assert!(!check.probe);
    }
}
