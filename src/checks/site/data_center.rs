//! A Jira Data Center or Server base URL: `https://host[:port][/context]`.
//!
//! Data Center answers its REST API below its base URL, which is whatever
//! its administrators configured: a host, a port other than 443, and a
//! context path such as `/jira` (Atlassian, "Configuring the base URL":
//! Administration → System → General configuration). So where a Cloud site is
//! a host, a Data Center site is that whole base, and the check keeps each
//! part a browser, curl and Tines would all read the same way:
//! - the host, by the rules every host follows here (`check_host_as`), except
//!   that a name without a dot (`jira`) is a name inside a company network;
//! - a port from 1 to 65535, kept unless it is HTTPS's own 443;
//! - a context path of unreserved characters only (RFC 3986 §2.3), cut where
//!   a link goes on into one of Jira's own pages (`/browse/KEY-1`,
//!   `/secure/Dashboard.jspa`, `/rest/…`), since those are never part of a
//!   base.
//!
//! Every accepted value `v` satisfies `new URL(v).href === v + "/"` in a
//! browser (`tests/page/site-url.test.mjs` holds it for the case tables).

use super::{
    port_number, reject, split_authority, split_scheme, starts_with_http_scheme, Scheme, SiteCheck,
    SiteKind, Steps,
};
use crate::diagnostic::{concat, say, words, Code, Diagnostic, FieldResult};
use crate::text::{has_whitespace, longer_than};

/// The first path segments of Jira's own pages and APIs (Jira Data Center's
/// URL layout: `browse/<KEY>`, `secure/*.jspa`, `projects/<KEY>`,
/// `issues/?jql=`, `plugins/servlet/…`, `rest/…`, `servicedesk/…`,
/// `login.jsp`, `logout`, `s/…` for static resources, `dashboards`): a link
/// is cut at the first of them, which is where the base ends.
const JIRA_PAGES: &[&str] = &[
    "browse",
    "dashboards",
    "images",
    "issues",
    "login.jsp",
    "logout",
    "plugins",
    "projects",
    "rest",
    "s",
    "secure",
    "servicedesk",
];

/// Top-level names that never resolve on the public internet: `.local`
/// (RFC 6762, multicast DNS), `.internal` (reserved by ICANN for private use,
/// 2024), `.home.arpa` (RFC 8375), and the names companies commonly give
/// their own networks (`.corp`, `.lan`, `.intranet`, `.localdomain`).
const INTERNAL_SUFFIXES: &[&str] = &[
    ".corp",
    ".home.arpa",
    ".internal",
    ".intranet",
    ".lan",
    ".local",
    ".localdomain",
];

const DC_EMPTY: &str =
    words!("Type your Jira's base URL, like https://jira.acme.com or https://acme.com/jira.");
pub(super) const DC_NO_HOST: &str =
    words!("There is no host in this address; type the base URL like https://jira.acme.com.");
pub(super) const DC_NON_ASCII: &str =
    words!("Type the host as plain letters, digits, hyphens and dots, as your Jira server's HTTPS certificate names it.");
pub(super) const DC_PERCENT: &str = words!("Type the host without %-escapes, like jira.acme.com.");
pub(super) const DC_IP: &str = words!(
    "Use your Jira server's host name, the one its HTTPS certificate names, not an IP address."
);
pub(super) const DC_LOCALHOST: &str =
    words!("localhost is this computer, which Tines cannot reach: use the name other machines reach Jira by.");
const DC_WHITESPACE: &str = words!("Remove the spaces or line breaks inside the base URL.");
const DC_SCHEME: &str =
    words!("Jira's base URL starts with https://; type it like https://jira.acme.com.");
const DC_SCHEME_TWICE: &str =
    words!("The address starts with http:// or https:// twice; keep only one.");
const DC_USERINFO: &str = words!(
    "Remove the user name and @ from the address: a browser would contact the host after the @."
);
const DC_PORT_NOT_NUMBER: &str = words!("The part after the colon is not a port number.");
const DC_PORT_RANGE: &str = words!("A port is a number from 1 to 65535.");
const DC_BACKSLASH: &str = words!("Use / between the parts of the address, not \\.");
const DC_PATH_PERCENT: &str = words!(
    "Type the context path without %-escapes: Jira's context paths are plain words, like /jira."
);
const DC_PATH_DOTS: &str = words!("The context path may not contain . or .. as a part.");
const DC_PATH_CHAR: &str = words!(
    "A context path has letters, digits, hyphens, dots, underscores and tildes only, like /jira."
);
const DC_HTTP: &str =
    "Changed http:// to https://: a personal access token must only travel encrypted. If this Jira \
     answers only over http, it needs HTTPS before Tines sends it a token.";
const DC_PATH: &str = words!("Kept only the base URL; the rest of the link is a page in Jira.");
const DC_PORT_DROPPED: &str = words!("Dropped :443: HTTPS uses that port anyway.");
const DC_TRAILING_DOT: &str = words!("Dropped the dot at the end of the host.");
const DC_LOWERCASED: &str = words!("Lowercased the host: host names are not case-sensitive.");
const DC_INTERNAL: &str =
    "This host is inside your company's network, which Tines' cloud cannot reach on its own: \
     Tines reaches it only through a Tines Tunnel, switched on in each HTTP Request action (Use \
     tunnel).";
const DC_CLOUD_ADDRESS: &str = words!(
    "This is a Jira Cloud address, so it is checked as Jira Cloud, with an email and an API token."
);

/// Checks a Jira Data Center or Server base URL. A Cloud address is Cloud
/// whatever was chosen: the result is [`super::check_site`]'s, with a note.
pub fn check_data_center_base(input: &str) -> SiteCheck {
    if longer_than(input, super::MAX_SITE_CHARS) {
        return SiteCheck {
            ok: false,
            kind: SiteKind::Invalid,
            value: None,
            diagnostics: vec![say!(error,
                Code::TooLong,
                "This is far longer than a web address: paste only your Jira's base URL, such as https://jira.acme.com.",
            )],
            said_data_center: true,
        };
    }
    match analyse(input) {
        Ok(Base::Cloud) => {
            let mut site = super::check_site(input);
            site.diagnostics
                .insert(0, say!(info, Code::SiteCloudAddress, DC_CLOUD_ADDRESS));
            site
        }
        Ok(Base::Server(base)) => {
            let diagnostics = base.diagnostics();
            let mut field = FieldResult::new(Some(base.url()), diagnostics);
            field.keep_suggestions(|s| matches!(analyse(s), Ok(Base::Server(_))));
            SiteCheck {
                ok: field.ok,
                kind: if field.ok {
                    SiteKind::DataCenter
                } else {
                    SiteKind::Invalid
                },
                value: field.value,
                diagnostics: field.diagnostics,
                said_data_center: true,
            }
        }
        Err(error) => SiteCheck {
            ok: false,
            kind: SiteKind::Invalid,
            value: None,
            diagnostics: vec![error],
            said_data_center: true,
        },
    }
}

/// A base URL given as a setting (a relay's, a page's): itself when the check
/// accepts it as a Data Center base and gives it back unchanged, `None` for
/// anything else, so that a setting can only name what the page would send.
pub fn check_data_center_base_url(setting: &str) -> Option<&str> {
    let site = check_data_center_base(setting);
    (site.ok && site.kind == SiteKind::DataCenter && site.value.as_deref() == Some(setting))
        .then_some(setting)
}

/// `host[:port]` of a base URL the check accepted: what a relay is deployed
/// for, and what an origin names after `https://`.
pub fn base_authority(base: &str) -> &str {
    let rest = base.strip_prefix("https://").unwrap_or(base);
    rest.split('/').next().unwrap_or(rest)
}

/// The host alone of a base URL the check accepted (no port, no path): a
/// Tines credential's `domain` and its Domains restriction.
pub fn base_domain(base: &str) -> &str {
    let authority = base_authority(base);
    authority.split(':').next().unwrap_or(authority)
}

enum Base {
    /// The address is Jira Cloud's.
    Cloud,
    Server(Server),
}

struct Server {
    host: String,
    port: Option<u32>,
    /// The segments of the context path, without slashes.
    path: Vec<String>,
    steps: Steps,
}

impl Server {
    fn url(&self) -> String {
        let mut url = concat(&["https://", &self.host]);
        if let Some(port) = self.port {
            url.push(':');
            url.push_str(&crate::text::decimal(u64::from(port)));
        }
        for segment in &self.path {
            url.push('/');
            url.push_str(segment);
        }
        url
    }

    fn diagnostics(&self) -> Vec<Diagnostic> {
        let s = self.steps;
        let url = self.url();
        let changed = |d: Diagnostic| d.with_suggestion(url.as_str());
        let mut out = Vec::new();
        if s.http {
            out.push(changed(say!(warning, Code::SiteHttpUpgraded, DC_HTTP,)));
        }
        if !self.path.is_empty() {
            out.push(say!(
                info,
                Code::SiteContextPath,
                concat(&[
                    "Kept the context path /",
                    &self.path.join("/"),
                    ": Jira answers its REST API below it, at ",
                    &url,
                    "/rest/api/2.",
                ]),
            ));
        }
        let infos = [
            (s.path_dropped, Code::SitePathDropped, DC_PATH),
            (s.port_dropped, Code::SitePortDropped, DC_PORT_DROPPED),
            (s.trailing_dot, Code::SiteTrailingDot, DC_TRAILING_DOT),
            (s.lowercased, Code::SiteLowercased, DC_LOWERCASED),
        ];
        for (applies, code, message) in infos {
            if applies {
                out.push(changed(say!(info, code, message)));
            }
        }
        if is_internal(&self.host) {
            out.push(say!(info, Code::SiteInternalHost, DC_INTERNAL));
        }
        out
    }
}

/// A name without a dot, or under a top-level name that only private
/// networks use ([`INTERNAL_SUFFIXES`]).
fn is_internal(host: &str) -> bool {
    !host.contains('.') || INTERNAL_SUFFIXES.iter().any(|s| host.ends_with(s))
}

fn analyse(input: &str) -> Result<Base, Diagnostic> {
    let input = input.trim();
    if input.is_empty() {
        return Err(reject(Code::SiteEmpty, DC_EMPTY, None));
    }
    // As for Cloud: WHATWG deletes tabs and newlines anywhere.
    if has_whitespace(input) {
        return Err(reject(Code::SiteWhitespace, DC_WHITESPACE, None));
    }
    let mut steps = Steps::default();
    let after_scheme = match split_scheme(input) {
        Scheme::None => input,
        Scheme::Https(rest) => rest,
        Scheme::Http(rest) => {
            steps.http = true;
            rest
        }
        Scheme::Other(_) => return Err(reject(Code::SiteScheme, DC_SCHEME, None)),
    };
    let after_slashes = after_scheme.trim_start_matches(['/', '\\']);
    if starts_with_http_scheme(after_slashes) {
        return Err(reject(Code::SiteScheme, DC_SCHEME_TWICE, None));
    }
    let (authority, rest) = split_authority(after_slashes);
    if authority.contains('@') {
        return Err(reject(Code::SiteUserinfo, DC_USERINFO, None));
    }
    if authority.starts_with('[') {
        return Err(reject(Code::SiteIpLiteral, DC_IP, None));
    }
    if authority.bytes().any(|b| matches!(b, b'[' | b']')) {
        return Err(reject(Code::SiteInvalidChar, super::MSG_INVALID_CHAR, None));
    }
    let (host, port) = match authority.split_once(':') {
        None => (authority, None),
        Some((host, digits)) => {
            if !digits.bytes().all(|b| b.is_ascii_digit()) {
                return Err(reject(Code::SitePort, DC_PORT_NOT_NUMBER, None));
            }
            let number = port_number(digits);
            let default =
                digits.is_empty() || number == Some(443) || (steps.http && number == Some(80));
            if default {
                steps.port_dropped = true;
                (host, None)
            } else {
                match number.filter(|n| (1..=65_535).contains(n)) {
                    Some(n) => (host, Some(n)),
                    None => return Err(reject(Code::SitePort, DC_PORT_RANGE, None)),
                }
            }
        }
    };
    let site = super::check_host_as(host, steps, false, true)?;
    if matches!(site.kind, SiteKind::Cloud | SiteKind::CloudLegacy) {
        return Ok(Base::Cloud);
    }
    let mut steps = site.steps;
    let path = context_path(rest, &mut steps)?;
    Ok(Base::Server(Server {
        host: site.host,
        port,
        path,
        steps,
    }))
}

/// The context path in what follows the authority: its segments up to the
/// first of Jira's own pages, a query or a fragment (all dropped, said once).
fn context_path(rest: &str, steps: &mut Steps) -> Result<Vec<String>, Diagnostic> {
    let end = rest.find(['?', '#']).unwrap_or(rest.len());
    let (path, after) = rest.split_at_checked(end).unwrap_or((rest, ""));
    if path.contains('\\') {
        return Err(reject(Code::SiteInvalidChar, DC_BACKSLASH, None));
    }
    let mut segments = Vec::new();
    let mut cut = !after.is_empty();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        if JIRA_PAGES.contains(&segment) || segment.ends_with(".jsp") || segment.ends_with(".jspa")
        {
            cut = true;
            break;
        }
        if segment.contains('%') {
            return Err(reject(Code::SitePercentEncoded, DC_PATH_PERCENT, None));
        }
        if segment == "." || segment == ".." {
            return Err(reject(Code::SiteInvalidChar, DC_PATH_DOTS, None));
        }
        let unreserved =
            |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~');
        if !segment.bytes().all(unreserved) {
            return Err(reject(Code::SiteInvalidChar, DC_PATH_CHAR, None));
        }
        segments.push(String::from(segment));
    }
    steps.path_dropped = cut;
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    fn value(input: &str) -> Option<String> {
        check_data_center_base(input).value
    }

    #[test]
    fn bases_keep_port_and_context_path() {
        const CASES: &[(&str, &str)] = &[
            ("https://jira.acme.com", "https://jira.acme.com"),
            ("jira.acme.com", "https://jira.acme.com"),
            ("https://jira.acme.com/", "https://jira.acme.com"),
            ("https://acme.com/jira", "https://acme.com/jira"),
            ("https://acme.com/jira/", "https://acme.com/jira"),
            ("https://ACME.com:8443/Jira", "https://acme.com:8443/Jira"),
            ("https://jira.acme.com:443/", "https://jira.acme.com"),
            ("http://jira.acme.com:80", "https://jira.acme.com"),
            ("http://jira.acme.com:8080", "https://jira.acme.com:8080"),
            (
                "https://acme.com/jira/browse/OPS-12?focused=1",
                "https://acme.com/jira",
            ),
            (
                "https://acme.com/tools/jira/secure/Dashboard.jspa",
                "https://acme.com/tools/jira",
            ),
            ("https://jira.acme.com/login.jsp", "https://jira.acme.com"),
            (
                "https://jira.acme.com/rest/api/2/myself",
                "https://jira.acme.com",
            ),
            ("https://jira.acme.com/#x", "https://jira.acme.com"),
            ("jira", "https://jira"),
            ("https://jira.corp:8443", "https://jira.corp:8443"),
        ];
        for &(input, base) in CASES {
            let site = check_data_center_base(input);
            assert!(site.ok, "{input}: {:?}", site.diagnostics);
            assert_eq!(site.kind, SiteKind::DataCenter, "{input}");
            assert_eq!(site.value.as_deref(), Some(base), "{input}");
            assert_eq!(
                value(base).as_deref(),
                Some(base),
                "a base is a fixed point: {base}"
            );
        }
    }

    #[test]
    fn what_is_refused() {
        const CASES: &[(&str, Code)] = &[
            ("", Code::SiteEmpty),
            ("   ", Code::SiteEmpty),
            ("https://", Code::SiteEmpty),
            ("ftp://jira.acme.com", Code::SiteScheme),
            ("https://https://jira.acme.com", Code::SiteScheme),
            ("https://me@jira.acme.com", Code::SiteUserinfo),
            ("https://10.0.0.5", Code::SiteIpLiteral),
            ("https://[::1]:8443", Code::SiteIpLiteral),
            ("https://jira.acme.com:0", Code::SitePort),
            ("https://jira.acme.com:65536", Code::SitePort),
            ("https://jira.acme.com:84x3", Code::SitePort),
            ("https://localhost:8080", Code::SiteLocalhost),
            ("https://jira.acme.com/j%69ra", Code::SitePercentEncoded),
            ("https://jira.acme.com/a/../b", Code::SiteInvalidChar),
            ("https://jira.acme.com/ji ra", Code::SiteWhitespace),
            ("https://jira.acme.com/jira$", Code::SiteInvalidChar),
            ("https://jira.acme.com\\jira", Code::SiteInvalidChar),
            ("https://jira.ac%6de.com", Code::SitePercentEncoded),
            ("https://jïra.acme.com", Code::SiteNonAscii),
            ("https://xn--jra-cma.acme.com", Code::SiteNonAscii),
            ("https://jira..acme.com", Code::SiteEmptyLabel),
            ("https://acme.atlassian.com", Code::SiteAtlassianCom),
        ];
        for &(input, code) in CASES {
            let site = check_data_center_base(input);
            assert!(!site.ok, "{input} was accepted");
            assert_eq!(site.kind, SiteKind::Invalid);
            assert_eq!(site.diagnostics[0].code, code, "{input}");
            assert_eq!(site.diagnostics[0].severity, Severity::Error);
        }
    }

    #[test]
    fn a_cloud_address_is_cloud_whatever_was_chosen() {
        for input in [
            "acme.atlassian.net",
            "https://acme.atlassian.net/browse/X-1",
            "old.jira.com",
        ] {
            let site = check_data_center_base(input);
            assert!(site.ok, "{input}");
            assert!(matches!(site.kind, SiteKind::Cloud | SiteKind::CloudLegacy));
            assert_eq!(site.diagnostics[0].code, Code::SiteCloudAddress);
            assert_eq!(site.deployment(), crate::route::Deployment::Cloud);
        }
        // A bare name with Data Center chosen is a host in the company's
        // network, not a Cloud site name.
        assert_eq!(check_data_center_base("acme").kind, SiteKind::DataCenter);
    }

    #[test]
    fn says_what_it_did() {
        let site = check_data_center_base("HTTP://Jira.Acme.com./jira/browse/X-1");
        assert_eq!(
            site.codes(),
            [
                Code::SiteHttpUpgraded,
                Code::SiteContextPath,
                Code::SitePathDropped,
                Code::SiteTrailingDot,
                Code::SiteLowercased,
            ]
        );
        for d in &site.diagnostics {
            if let Some(s) = &d.suggestion {
                assert_eq!(s, "https://jira.acme.com/jira");
            }
        }
        let internal = check_data_center_base("https://jira.internal/jira");
        assert!(internal.codes().contains(&Code::SiteInternalHost));
        assert!(check_data_center_base("jira")
            .codes()
            .contains(&Code::SiteInternalHost));
        assert!(!check_data_center_base("jira.acme.com")
            .codes()
            .contains(&Code::SiteInternalHost));
    }

    #[test]
    fn parts_of_a_base() {
        assert_eq!(
            base_authority("https://acme.com:8443/jira"),
            "acme.com:8443"
        );
        assert_eq!(base_domain("https://acme.com:8443/jira"), "acme.com");
        assert_eq!(base_domain("https://jira.acme.com"), "jira.acme.com");
        let site = check_data_center_base("https://acme.com:8443/jira");
        assert_eq!(site.target(), Some("acme.com:8443/jira"));
    }
}
