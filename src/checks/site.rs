//! The Jira site check: turns whatever a person pastes (a site name, a host,
//! a board URL) into the bare lowercase host that the credential metadata and
//! the live check use.
//!
//! Security: the host that is shown is the host a browser would contact. The
//! authority is cut exactly where the WHATWG URL parser cuts it for special
//! schemes (<https://url.spec.whatwg.org/#authority-state>): at the first `/`,
//! `\`, `?` or `#`. Everything the browser would read differently from a plain
//! DNS name (user-info, ports, IP addresses, percent-escapes, Unicode,
//! punycode) is refused, so every accepted value `h` satisfies
//! `new URL("https://" + h).host === h`.

use crate::diagnostic::{say, words, Code, Diagnostic, FieldResult};
use crate::route::Deployment;
use crate::text::{has_whitespace, longer_than};
use serde::Serialize;

mod data_center;

pub use data_center::{
    base_authority, base_domain, check_data_center_base, check_data_center_base_url,
};
use data_center::{DC_IP, DC_LOCALHOST, DC_NON_ASCII, DC_NO_HOST, DC_PERCENT};

/// What kind of host a site is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum SiteKind {
    /// `<label>.atlassian.net`.
    Cloud,
    /// `<label>.jira.com`.
    CloudLegacy,
    /// Any other host.
    Custom,
    /// A Jira Data Center or Server base URL: `https://host[:port][/path]`.
    DataCenter,
    /// Rejected.
    Invalid,
}

impl SiteKind {
    /// The name used in the JavaScript API.
    pub const fn as_str(self) -> &'static str {
        match self {
            SiteKind::Cloud => "cloud",
            SiteKind::CloudLegacy => "cloud-legacy",
            SiteKind::Custom => "custom",
            SiteKind::DataCenter => "data-center",
            SiteKind::Invalid => "invalid",
        }
    }
}

/// The result of [`check_site`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SiteCheck {
    /// False exactly when a diagnostic is an error.
    pub ok: bool,
    /// The bare lowercase host; for Data Center, the base URL
    /// (`https://host[:port][/context]`).
    pub value: Option<String>,
    /// What the check has to say.
    pub diagnostics: Vec<Diagnostic>,
    /// The kind of host.
    pub kind: SiteKind,
    /// Data Center was said and the address is not a Cloud one: a base URL
    /// that fails its check is still Data Center's ([`SiteCheck::deployment`]),
    /// so the rest of the form is checked for Data Center while it is typed.
    #[serde(skip)]
    pub(crate) said_data_center: bool,
}

impl SiteCheck {
    /// The codes of all diagnostics, in order.
    pub fn codes(&self) -> Vec<Code> {
        self.diagnostics.iter().map(|d| d.code).collect()
    }

    /// Which Jira the site is: Data Center for a Data Center base, and for
    /// one that fails its check where Data Center was said; Cloud otherwise
    /// (a Cloud address is Cloud whatever was said).
    pub fn deployment(&self) -> Deployment {
        match self.kind {
            SiteKind::DataCenter => Deployment::DataCenter,
            SiteKind::Invalid if self.said_data_center => Deployment::DataCenter,
            _ => Deployment::Cloud,
        }
    }

    /// What requests are built on: the host for Cloud, the base URL without
    /// `https://` for Data Center (`jira.acme.com:8443/jira`), so that
    /// `https://` + it + a path is the URL either way.
    pub fn target(&self) -> Option<&str> {
        let value = self.value.as_deref()?;
        Some(value.strip_prefix("https://").unwrap_or(value))
    }
}

/// Checks a Jira site as the deployment said (`None`: not said). A Cloud
/// address is always Cloud; for any other address, Data Center reads a base
/// URL ([`check_data_center_base`]), and Cloud or nothing said reads it as
/// [`check_site`] does, with a warning that asks which Jira it is.
pub fn check_site_for(input: &str, deployment: Option<Deployment>) -> SiteCheck {
    let mut site = match deployment {
        Some(Deployment::DataCenter) => return check_data_center_base(input),
        _ => check_site(input),
    };
    if deployment == Some(Deployment::Cloud) {
        for d in &mut site.diagnostics {
            if d.code == Code::SiteCustomDomain {
                d.message = String::from(words!(MSG_CUSTOM_SAID_CLOUD));
            }
        }
    }
    site
}

/// True when the page may ask this kind of host from the browser: the page's
/// Content-Security-Policy `connect-src` allows only `https://*.atlassian.net`
/// and `https://*.jira.com`, and a fetch the CSP blocks fails exactly like a
/// CORS refusal, so the page must decide before fetching (docs/architecture.md, "Testing
/// against the real thing").
pub fn is_browser_checkable(kind: SiteKind) -> bool {
    matches!(kind, SiteKind::Cloud | SiteKind::CloudLegacy)
}

/// Past this, the field is "too long" without being read further: a pasted
/// megabyte must not stall typing. A URL on a Jira site is far shorter.
pub const MAX_SITE_CHARS: usize = 2048;

/// Checks a Jira site and returns the bare host to use.
pub fn check_site(input: &str) -> SiteCheck {
    if longer_than(input, MAX_SITE_CHARS) {
        return SiteCheck {
            ok: false,
            kind: SiteKind::Invalid,
            value: None,
            diagnostics: vec![say!(error,
                Code::TooLong,
                "This is far longer than a web address: paste only your Jira site's address, such as acme.atlassian.net.",
            )],
            said_data_center: false,
        };
    }
    let (mut field, kind) = match analyse(input, true) {
        Ok(site) => {
            let diagnostics = site.diagnostics();
            (FieldResult::new(Some(site.host), diagnostics), site.kind)
        }
        Err(error) => (FieldResult::rejected(error), SiteKind::Invalid),
    };
    // A suggestion is always a value the check accepts: one that is not is
    // dropped, whichever rule offered it.
    field.keep_suggestions(|suggestion| analyse(suggestion, true).is_ok());
    SiteCheck {
        ok: field.ok,
        kind: if field.ok { kind } else { SiteKind::Invalid },
        value: field.value,
        diagnostics: field.diagnostics,
        said_data_center: false,
    }
}

// ---- rule tables -------------------------------------------------------------

/// Jira Cloud sites live at `<site>.atlassian.net` (Atlassian, "What is my
/// Jira Cloud site URL?"); the REST API is under that host.
pub(crate) const CLOUD_SUFFIX: &str = ".atlassian.net";
/// Sites created before 2014 kept their `<site>.jira.com` address (Atlassian,
/// "Jira Cloud URLs"): still Jira Cloud.
pub(crate) const LEGACY_SUFFIX: &str = ".jira.com";
/// `atlassian.com` hosts Atlassian's own services (id., admin., start., api.,
/// home.), never a customer's Jira site.
const ATLASSIAN_COM: &str = "atlassian.com";
/// Subdomains of atlassian.com that are Atlassian services, so
/// `<label>.atlassian.com` with one of them is not a misspelt site address and
/// gets no `.atlassian.net` suggestion.
const ATLASSIAN_COM_SERVICES: &[&str] = &[
    "admin",
    "api",
    "auth",
    "bitbucket",
    "community",
    "confluence",
    "developer",
    "go",
    "home",
    "id",
    "jira",
    "marketplace",
    "my",
    "partners",
    "serviceaccount",
    "signup",
    "start",
    "status",
    "support",
    "team",
    "trello",
    "www",
];
/// The misspelling rule compares the part after the site label with this.
const CLOUD_PARENT: &[u8] = b"atlassian.net";
/// Misspellings up to this many edits (insert, delete, substitute, swap two
/// neighbours) of `atlassian.net` are caught: that covers a dropped, doubled,
/// swapped or mistyped letter (`atlasian`, `attlassian`, `atlassain`, `.ne`,
/// `.nett`, `atlassian,net`) while no real domain in use comes that close.
const TYPO_DISTANCE: usize = 2;
/// RFC 1035 §2.3.4: a label is at most 63 octets.
const MAX_LABEL: usize = 63;
/// RFC 1035 §2.3.4: 255 octets on the wire, so 253 characters in dotted form.
const MAX_HOST: usize = 253;
/// Atlassian's site-name rule (site creation form): 3 to 63 characters.
const MIN_CLOUD_LABEL: usize = 3;

// ---- messages ----------------------------------------------------------------

const MSG_EMPTY: &str = words!("Type your Jira site, like acme.atlassian.net.");
const MSG_NO_HOST: &str =
    words!("There is no site name in this address; type it like acme.atlassian.net.");
const MSG_WHITESPACE: &str = words!("Remove the spaces or line breaks inside the site address.");
const MSG_SCHEME: &str =
    words!("Jira Cloud is reached over https://, not this kind of address; type the site like acme.atlassian.net.");
const MSG_SCHEME_TWICE: &str =
    words!("The address starts with http:// or https:// twice; keep only one.");
const MSG_USERINFO: &str =
    words!("Remove the user name and @ from the address: a browser would contact the host after the @, not the one before it.");
const MSG_IP: &str = words!("Use your site's name, like acme.atlassian.net, not an IP address.");
const MSG_INVALID_CHAR: &str =
    words!("A site address can only contain letters, digits, hyphens and dots.");
const MSG_PORT_NOT_NUMBER: &str = words!(
    "The part after the colon is not a port number; Jira Cloud needs no port, so remove it."
);
const MSG_PORT: &str = words!(
    "Jira Cloud only answers on the standard HTTPS port; remove the :port from the address."
);
const MSG_NON_ASCII: &str =
    words!("Atlassian site names use only English letters, digits and hyphens; type the address like acme.atlassian.net.");
const MSG_PUNYCODE: &str =
    words!("Internationalised (xn--) names are not Atlassian site names; type the address like acme.atlassian.net.");
const MSG_PERCENT: &str =
    words!("Type the site address without %-escapes, like acme.atlassian.net.");
const MSG_UNFINISHED: &str =
    words!("This address is unfinished: a Jira Cloud site looks like acme.atlassian.net.");
const MSG_UNFINISHED_CLOUD: &str =
    words!("Finish the address: Jira Cloud sites end in .atlassian.net.");
const MSG_SHORT_TLD: &str = words!(
    "No web address ends in a single letter after the last dot: check the end of the address."
);
const MSG_TYPO: &str = words!("This looks like a misspelling of atlassian.net.");
const MSG_EMPTY_LABEL: &str =
    words!("The address has an empty part between dots; remove the extra dot.");
const MSG_LOCALHOST: &str =
    words!("localhost is this computer, not a Jira site; type your site like acme.atlassian.net.");
const MSG_ATLASSIAN_SERVICE: &str =
    words!("This is an Atlassian account or service address, not a Jira site; type your site, like acme.atlassian.net.");
const MSG_ATLASSIAN_COM: &str =
    words!("Jira Cloud sites end in .atlassian.net, not .atlassian.com.");
const MSG_NO_LABEL: &str = words!("Put your site name in front, like acme.atlassian.net.");
const MSG_LABEL: &str =
    words!("A Jira Cloud site name has 3 to 63 letters, digits or hyphens, and does not start or end with a hyphen.");
const MSG_NESTED: &str =
    words!("A Jira Cloud address has exactly one name before atlassian.net or jira.com, like acme.atlassian.net.");
const MSG_HOST_TOO_LONG: &str =
    words!("This host name is longer than 253 characters, which DNS does not allow.");
const MSG_LABEL_TOO_LONG: &str =
    words!("A part of this host name is longer than 63 characters, which DNS does not allow.");
const MSG_HYPHEN: &str =
    words!("A part of this host name starts or ends with a hyphen, which host names do not allow.");
const MSG_SINGLE_LABEL: &str =
    words!("This host has no dot, so it is not a public address; a Jira Cloud site looks like acme.atlassian.net.");
const MSG_BARE: &str = words!("Expanded the site name to its Jira Cloud address.");
const MSG_PATH: &str = words!("Kept only the site's address; the rest of the link is not needed.");
const MSG_PORT_DROPPED: &str = words!("Dropped the port: HTTPS uses the standard port anyway.");
const MSG_TRAILING_DOT: &str = words!("Dropped the dot at the end of the address.");
const MSG_LOWERCASED: &str = words!("Lowercased the address: host names are not case-sensitive.");
const MSG_HTTP: &str = words!("Changed http:// to https://: Jira Cloud only answers over HTTPS.");
const MSG_LEGACY: &str =
    words!("This is an older *.jira.com Jira Cloud address; it works, though your site's *.atlassian.net address is the current one.");
const MSG_CUSTOM: &str =
    words!("This is not an Atlassian Cloud address: say which Jira it is. Jira Data Center and Server are checked at their own address, with personal access tokens; a Jira Cloud site under its own domain answers its REST API at its *.atlassian.net address, so use that one.");
const MSG_CUSTOM_SAID_CLOUD: &str =
    words!("This is not an Atlassian Cloud address: the REST API of a Jira Cloud site lives at its *.atlassian.net address, so use that one. If this Jira is Data Center or Server, say so instead.");

// ---- the check ---------------------------------------------------------------

/// What the check did on the way to an accepted host; each becomes one
/// diagnostic carrying the host as its suggestion.
#[derive(Clone, Copy, Default)]
struct Steps {
    bare: bool,
    http: bool,
    port_dropped: bool,
    path_dropped: bool,
    trailing_dot: bool,
    lowercased: bool,
}

/// An accepted site.
struct Site {
    host: String,
    kind: SiteKind,
    steps: Steps,
}

impl Site {
    /// One diagnostic per change made to the input (carrying the host as its
    /// suggestion), plus the notes about the kind of host.
    fn diagnostics(&self) -> Vec<Diagnostic> {
        let s = self.steps;
        let changed = |d: Diagnostic| d.with_suggestion(self.host.as_str());
        let mut out = Vec::new();
        if s.http {
            out.push(changed(say!(warning, Code::SiteHttpUpgraded, MSG_HTTP,)));
        }
        if self.kind == SiteKind::Custom {
            out.push(say!(warning, Code::SiteCustomDomain, MSG_CUSTOM));
        }
        let infos = [
            (s.bare, Code::SiteBareName, MSG_BARE),
            (s.path_dropped, Code::SitePathDropped, MSG_PATH),
            (s.port_dropped, Code::SitePortDropped, MSG_PORT_DROPPED),
            (s.trailing_dot, Code::SiteTrailingDot, MSG_TRAILING_DOT),
            (s.lowercased, Code::SiteLowercased, MSG_LOWERCASED),
        ];
        for (applies, code, message) in infos {
            if applies {
                out.push(changed(say!(info, code, message)));
            }
        }
        if self.kind == SiteKind::CloudLegacy {
            out.push(say!(info, Code::SiteLegacyCloud, MSG_LEGACY));
        }
        out
    }
}

/// An error, with the corrected site when one is known.
fn reject(code: Code, message: &'static str, suggestion: Option<String>) -> Diagnostic {
    let d = say!(error, code, message);
    match suggestion {
        Some(s) => d.with_suggestion(s),
        None => d,
    }
}

/// The site `candidate` stands for, when it is an unambiguous Atlassian Cloud
/// site: used to offer a fix for a rejected input. `suggest` is false inside
/// that nested check, so the recursion is one level deep whatever the input.
fn suggestion_from(candidate: &str, suggest: bool) -> Option<String> {
    if !suggest {
        return None;
    }
    match analyse(candidate, false) {
        Ok(site) if is_browser_checkable(site.kind) && !site.steps.bare => Some(site.host),
        _ => None,
    }
}

/// `<label>.atlassian.net`, when `label` is a valid Cloud site name.
fn cloud_site(label: &str) -> Option<String> {
    is_cloud_label(label).then(|| {
        let mut host = String::with_capacity(label.len() + CLOUD_SUFFIX.len());
        host.push_str(label);
        host.push_str(CLOUD_SUFFIX);
        host
    })
}

/// Atlassian's site-name rule: 3–63 of `a-z 0-9 -`, no hyphen at either end.
/// Expects lowercase input.
fn is_cloud_label(label: &str) -> bool {
    (MIN_CLOUD_LABEL..=MAX_LABEL).contains(&label.len())
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// How the input starts.
enum Scheme<'a> {
    /// No scheme: the input is read as if `https://` came first.
    None,
    /// `http:`, and what follows it.
    Http(&'a str),
    /// `https:`, and what follows it.
    Https(&'a str),
    /// Any other scheme (`ftp:`, `javascript:`, `data:`, `file:`, …).
    Other(&'a str),
}

/// Splits off a scheme the way WHATWG's scheme state reads one
/// (<https://url.spec.whatwg.org/#scheme-state>: an ASCII letter, then letters,
/// digits, `+ - .`, then `:`), except that `host:port` (a dot in the "scheme",
/// or only digits up to the end of the authority) is a host with a port: the
/// person typed no scheme, and the site is read as if `https://` came first.
fn split_scheme(input: &str) -> Scheme<'_> {
    let Some((name, rest)) = input.split_once(':') else {
        return Scheme::None;
    };
    let mut bytes = name.bytes();
    let is_scheme = bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'));
    if !is_scheme {
        Scheme::None
    } else if name.eq_ignore_ascii_case("https") {
        Scheme::Https(rest)
    } else if name.eq_ignore_ascii_case("http") {
        Scheme::Http(rest)
    } else if name.as_bytes().contains(&b'.') || is_port_like(rest) {
        Scheme::None
    } else {
        Scheme::Other(rest)
    }
}

/// True when `rest` (what follows a colon) is one or more digits up to the
/// end of the authority: a port. (`file:///` has none: it is a scheme.)
fn is_port_like(rest: &str) -> bool {
    let end = rest
        .bytes()
        .position(is_authority_end)
        .unwrap_or(rest.len());
    end > 0 && rest.bytes().take(end).all(|b| b.is_ascii_digit())
}

/// WHATWG authority state for special schemes: the authority ends at the first
/// `/`, `\`, `?` or `#` (<https://url.spec.whatwg.org/#authority-state>).
/// The backslash counts: `https://example.com\@acme.atlassian.net` is
/// example.com.
fn is_authority_end(b: u8) -> bool {
    matches!(b, b'/' | b'\\' | b'?' | b'#')
}

/// The authority (up to [`is_authority_end`]) and what follows it.
fn split_authority(after_slashes: &str) -> (&str, &str) {
    let end = after_slashes
        .bytes()
        .position(is_authority_end)
        .unwrap_or(after_slashes.len());
    // `end` is where the scan stopped, so a character boundary; the checked
    // split keeps the panicking slice path out of the module.
    after_slashes
        .split_at_checked(end)
        .unwrap_or((after_slashes, ""))
}

fn starts_with_http_scheme(s: &str) -> bool {
    let lower_prefix = |p: &str| s.get(..p.len()).is_some_and(|h| h.eq_ignore_ascii_case(p));
    lower_prefix("http:") || lower_prefix("https:")
}

/// The checks, in the order the input is read. Returns the accepted site or
/// the one error that explains best why it is refused.
fn analyse(input: &str, suggest: bool) -> Result<Site, Diagnostic> {
    // Surrounding whitespace comes with copy and paste: trimmed silently.
    let input = input.trim();
    if input.is_empty() {
        return Err(reject(Code::SiteEmpty, MSG_EMPTY, None));
    }
    // WHATWG silently deletes tabs and newlines anywhere (basic URL parser,
    // step 3) and would join `acme\n.evil.com` into one host: refuse instead.
    if has_whitespace(input) {
        let joined: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        let suggestion = suggestion_from(&joined, suggest);
        return Err(reject(Code::SiteWhitespace, MSG_WHITESPACE, suggestion));
    }
    let mut steps = Steps::default();
    if input
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    {
        return bare_name(input, steps);
    }
    let after_scheme = match split_scheme(input) {
        Scheme::None => input,
        Scheme::Https(rest) => rest,
        Scheme::Http(rest) => {
            steps.http = true;
            rest
        }
        Scheme::Other(rest) => {
            let suggestion = suggestion_from(rest, suggest);
            return Err(reject(Code::SiteScheme, MSG_SCHEME, suggestion));
        }
    };
    // WHATWG "special authority ignore slashes state": any run of `/` and `\`
    // after `https:`, none included, leads to the authority. So `https:host`
    // and `https:///host` are the host, as in the browser.
    let after_slashes = after_scheme.trim_start_matches(['/', '\\']);
    if starts_with_http_scheme(after_slashes) {
        let suggestion = suggestion_from(after_slashes, suggest);
        return Err(reject(Code::SiteScheme, MSG_SCHEME_TWICE, suggestion));
    }
    let (authority, rest) = split_authority(after_slashes);
    steps.path_dropped = !rest.is_empty();
    // RFC 3986 §3.2.1 user-info: the browser contacts the host after the last
    // `@`, whatever comes before it (`https://acme.atlassian.net@evil.com`).
    if let Some((_, host)) = authority.rsplit_once('@') {
        let suggestion = suggestion_from(host, suggest);
        return Err(reject(Code::SiteUserinfo, MSG_USERINFO, suggestion));
    }
    // WHATWG host parser: a host in brackets is an IPv6 address.
    if authority.starts_with('[') {
        return Err(reject(Code::SiteIpLiteral, MSG_IP, None));
    }
    if authority.bytes().any(|b| matches!(b, b'[' | b']')) {
        return Err(reject(Code::SiteInvalidChar, MSG_INVALID_CHAR, None));
    }
    let host = match authority.split_once(':') {
        None => authority,
        Some((host, port)) => {
            if !port.bytes().all(|b| b.is_ascii_digit()) {
                let suggestion = suggestion_from(host, suggest);
                return Err(reject(Code::SitePort, MSG_PORT_NOT_NUMBER, suggestion));
            }
            // WHATWG port state: an empty port or the scheme's default is no
            // port. After the upgrade to https, http's 80 is dropped too.
            let number = port_number(port);
            let default =
                port.is_empty() || number == Some(443) || (steps.http && number == Some(80));
            if !default {
                let suggestion = suggestion_from(host, suggest);
                return Err(reject(Code::SitePort, MSG_PORT, suggestion));
            }
            steps.port_dropped = true;
            host
        }
    };
    check_host(host, steps, suggest)
}

/// A port's value, `None` past `u32`.
fn port_number(digits: &str) -> Option<u32> {
    digits.bytes().try_fold(0u32, |n, b| {
        n.checked_mul(10)?
            .checked_add(u32::from(b.wrapping_sub(b'0')))
    })
}

/// A bare site name (`acme`): the whole input is one label of letters, digits
/// and hyphens. It is the site name of `<name>.atlassian.net`.
fn bare_name(input: &str, mut steps: Steps) -> Result<Site, Diagnostic> {
    let label = input.to_ascii_lowercase();
    steps.lowercased = label != input;
    steps.bare = true;
    if label == "localhost" {
        return Err(reject(Code::SiteLocalhost, MSG_LOCALHOST, None));
    }
    if label.starts_with("xn--") {
        return Err(reject(Code::SiteNonAscii, MSG_PUNYCODE, None));
    }
    match cloud_site(&label) {
        Some(host) => Ok(Site {
            host,
            kind: SiteKind::Cloud,
            steps,
        }),
        None => Err(reject(Code::SiteLabel, MSG_LABEL, None)),
    }
}

/// Checks the host cut out of the authority (no user-info, no port).
fn check_host(host: &str, steps: Steps, suggest: bool) -> Result<Site, Diagnostic> {
    check_host_as(host, steps, suggest, false)
}

/// [`check_host`], for Cloud or (`dc`) for a Data Center base: there a host
/// with no dot is a name inside a company network, and the messages speak of
/// a Jira server rather than an Atlassian site.
fn check_host_as(
    host: &str,
    mut steps: Steps,
    suggest: bool,
    dc: bool,
) -> Result<Site, Diagnostic> {
    let say = |cloud: &'static str, server: &'static str| if dc { server } else { cloud };
    if host.is_empty() {
        return Err(reject(Code::SiteEmpty, say(MSG_NO_HOST, DC_NO_HOST), None));
    }
    // WHATWG percent-decodes the host and maps Unicode through UTS #46 (host
    // parser, steps 4–5), so `%61cme` or a full-width dot would reach a host
    // other than the one shown: refuse both.
    if !host.is_ascii() {
        return Err(reject(
            Code::SiteNonAscii,
            say(MSG_NON_ASCII, DC_NON_ASCII),
            None,
        ));
    }
    if host.as_bytes().contains(&b'%') {
        return Err(reject(
            Code::SitePercentEncoded,
            say(MSG_PERCENT, DC_PERCENT),
            None,
        ));
    }
    let lower = host.to_ascii_lowercase();
    steps.lowercased = lower != host;
    // A fully qualified name's trailing dot names the same host; one is dropped.
    let mut name = lower.as_str();
    if let Some(stripped) = name.strip_suffix('.').filter(|s| !s.is_empty()) {
        name = stripped;
        steps.trailing_dot = true;
    }
    // An empty label (`acme..atlassian.net`, a leading dot) is no host name
    // (RFC 1035 §2.3.1); WHATWG keeps it, DNS cannot look it up.
    if name.split('.').any(str::is_empty) {
        let mut joined = String::with_capacity(name.len());
        for label in name.split('.').filter(|l| !l.is_empty()) {
            if !joined.is_empty() {
                joined.push('.');
            }
            joined.push_str(label);
        }
        let suggestion = suggestion_from(&joined, suggest);
        return Err(reject(Code::SiteEmptyLabel, MSG_EMPTY_LABEL, suggestion));
    }
    // A Cloud address still being typed: `acme.atlassian`, `acme.atlassian.`,
    // `acme.atlassian.n`. Said as unfinished, not as a misspelling, and
    // never accepted as a custom domain: no top-level domain is "atlassian".
    if let Some((label, parent)) = name.split_once('.') {
        let cloud_parent = CLOUD_SUFFIX.get(1..).unwrap_or(CLOUD_SUFFIX);
        if parent.starts_with("atlassian")
            && parent != cloud_parent
            && cloud_parent.starts_with(parent)
            && is_cloud_label(label)
        {
            return Err(reject(
                Code::SiteTypo,
                MSG_UNFINISHED_CLOUD,
                cloud_site(label),
            ));
        }
    }
    // Misspelt atlassian.net, checked before the character rules so that
    // `acme.atlassian,net` is a typo rather than a bad character. A host
    // already under atlassian.net (`a.b.atlassian.net`) is judged by the
    // Cloud rules instead.
    if let Some((label, parent)) = name.split_once('.') {
        if is_near_cloud_parent(parent) && !name.ends_with(CLOUD_SUFFIX) {
            return Err(reject(Code::SiteTypo, MSG_TYPO, cloud_site(label)));
        }
    }
    // WHATWG forbids some characters and allows others (`_`, `!`, `*`…) that
    // are not in DNS host names (RFC 1123 §2.1: letters, digits, hyphen).
    if !name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.')
    {
        return Err(reject(Code::SiteInvalidChar, MSG_INVALID_CHAR, None));
    }
    if ends_in_a_number(name) {
        return Err(reject(Code::SiteIpLiteral, say(MSG_IP, DC_IP), None));
    }
    // RFC 6761 §6.3: localhost and its subdomains are this machine.
    if name == "localhost" || name.ends_with(".localhost") {
        return Err(reject(
            Code::SiteLocalhost,
            say(MSG_LOCALHOST, DC_LOCALHOST),
            None,
        ));
    }
    // RFC 5890 §2.3.1: `xn--` labels are punycode for Unicode names, which
    // the browser would decode and re-check.
    if name.split('.').any(|l| l.starts_with("xn--")) {
        return Err(reject(
            Code::SiteNonAscii,
            say(MSG_PUNYCODE, DC_NON_ASCII),
            None,
        ));
    }
    if let Some(site) = atlassian_host(name, steps)? {
        return Ok(site);
    }
    if name.len() > MAX_HOST {
        return Err(reject(Code::SiteInvalidHost, MSG_HOST_TOO_LONG, None));
    }
    if name.split('.').any(|l| l.len() > MAX_LABEL) {
        return Err(reject(Code::SiteInvalidHost, MSG_LABEL_TOO_LONG, None));
    }
    // RFC 952 / RFC 1123 §2.1: a label neither starts nor ends with a hyphen.
    if name
        .split('.')
        .any(|l| l.starts_with('-') || l.ends_with('-'))
    {
        return Err(reject(Code::SiteInvalidHost, MSG_HYPHEN, None));
    }
    // A one-label host only resolves on a private network. A bare name was
    // expanded earlier; here the person typed a scheme, port or path too, so
    // the expansion is offered rather than done.
    if !name.as_bytes().contains(&b'.') && !dc {
        // `acme.` is an address being typed, not a host without a dot.
        let message = if steps.trailing_dot {
            MSG_UNFINISHED
        } else {
            MSG_SINGLE_LABEL
        };
        return Err(reject(Code::SiteInvalidHost, message, cloud_site(name)));
    }
    // No top-level domain has a single letter (IANA Root Zone Database), so
    // `jira.acme.c` is a slip at the end of the address.
    if name.rsplit('.').next().is_some_and(|tld| tld.len() == 1) {
        return Err(reject(Code::SiteShortTld, MSG_SHORT_TLD, None));
    }
    Ok(Site {
        host: name.to_owned(),
        kind: SiteKind::Custom,
        steps,
    })
}

/// Classifies hosts under atlassian.com, atlassian.net and jira.com.
/// `Ok(None)` means "not one of them".
fn atlassian_host(name: &str, steps: Steps) -> Result<Option<Site>, Diagnostic> {
    if name == ATLASSIAN_COM
        || name
            .strip_suffix(ATLASSIAN_COM)
            .is_some_and(|s| s.ends_with('.'))
    {
        // `acme.atlassian.com` is most likely `acme.atlassian.net` misspelt;
        // id., admin., start., api. and the other services are not sites.
        let label = name.strip_suffix(".atlassian.com").unwrap_or("");
        if ATLASSIAN_COM_SERVICES.contains(&label)
            || label.as_bytes().contains(&b'.')
            || label.is_empty()
        {
            return Err(reject(Code::SiteAtlassianCom, MSG_ATLASSIAN_SERVICE, None));
        }
        return Err(reject(
            Code::SiteAtlassianCom,
            MSG_ATLASSIAN_COM,
            cloud_site(label),
        ));
    }
    for (suffix, kind) in [
        (CLOUD_SUFFIX, SiteKind::Cloud),
        (LEGACY_SUFFIX, SiteKind::CloudLegacy),
    ] {
        let parent = suffix.get(1..).unwrap_or(suffix);
        if name == parent {
            return Err(reject(Code::SiteLabel, MSG_NO_LABEL, None));
        }
        let Some(label) = name.strip_suffix(suffix) else {
            continue;
        };
        if let Some((_, last)) = label.rsplit_once('.') {
            let suggestion = if is_cloud_label(last) {
                let mut host = String::with_capacity(last.len() + suffix.len());
                host.push_str(last);
                host.push_str(suffix);
                Some(host)
            } else {
                None
            };
            return Err(reject(Code::SiteNestedLabel, MSG_NESTED, suggestion));
        }
        if !is_cloud_label(label) {
            return Err(reject(Code::SiteLabel, MSG_LABEL, None));
        }
        return Ok(Some(Site {
            host: name.to_owned(),
            kind,
            steps,
        }));
    }
    Ok(None)
}

/// WHATWG "ends in a number checker"
/// (<https://url.spec.whatwg.org/#ends-in-a-number-checker>): when the last
/// label is all digits, or `0x` followed by hex digits, the browser reads the
/// host as IPv4 (`1.2.3.4`, `0x7f.1`, `example.0x`). Expects no trailing dot.
fn ends_in_a_number(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or_default();
    if !last.is_empty() && last.bytes().all(|b| b.is_ascii_digit()) {
        return true;
    }
    let hex = last.strip_prefix("0x").or_else(|| last.strip_prefix("0X"));
    hex.is_some_and(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// True when `parent` is within [`TYPO_DISTANCE`] edits of `atlassian.net`
/// but not equal to it. Only keyboard slips count (letters, digits, `.`, `,`,
/// `-`): a control character or `_` is a bad character, not a typo.
fn is_near_cloud_parent(parent: &str) -> bool {
    let p = parent.as_bytes();
    p != CLOUD_PARENT
        && p.iter().all(|&b| {
            b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b',' | b'-')
        })
        && p.len() <= CLOUD_PARENT.len() + TYPO_DISTANCE
        && p.len() + TYPO_DISTANCE >= CLOUD_PARENT.len()
        && osa_distance(p, CLOUD_PARENT) <= TYPO_DISTANCE
}

/// Longest string [`osa_distance`] measures; longer ones count as far.
const MAX_TYPO_LEN: usize = 16;

/// Optimal string alignment distance: Levenshtein edits plus swaps of two
/// neighbouring letters (Damerau), each costing one. Strings longer than
/// [`MAX_TYPO_LEN`] get `usize::MAX`.
fn osa_distance(a: &[u8], b: &[u8]) -> usize {
    if a.len() >= MAX_TYPO_LEN || b.len() >= MAX_TYPO_LEN {
        return usize::MAX;
    }
    // Rows of the table d[i][j], the distance between the first i bytes of a
    // and the first j of b: `previous` is row i, `current` row i + 1 and
    // `before` row i - 1 (for swaps). Cells are read with `get`, so no index
    // can panic (a panic path would bring the formatting machinery along).
    let cell =
        |row: &[usize; MAX_TYPO_LEN], j: usize| row.get(j).copied().unwrap_or(usize::MAX / 2);
    let mut before = [0usize; MAX_TYPO_LEN];
    let mut previous: [usize; MAX_TYPO_LEN] = core::array::from_fn(|j| j);
    let mut last_a = None;
    for (i, &ca) in a.iter().enumerate() {
        let mut current = [0usize; MAX_TYPO_LEN];
        let mut left = i + 1;
        current[0] = left;
        let mut last_b = None;
        for (j, (&cb, slot)) in b.iter().zip(current.iter_mut().skip(1)).enumerate() {
            // This fills d[i + 1][j + 1].
            let mut best = (cell(&previous, j) + usize::from(ca != cb))
                .min(cell(&previous, j + 1) + 1)
                .min(left + 1);
            if last_a == Some(cb) && last_b == Some(ca) {
                // Both are set, so i > 0 and j > 0.
                best = best.min(cell(&before, j.wrapping_sub(1)) + 1);
            }
            *slot = best;
            left = best;
            last_b = Some(cb);
        }
        before = previous;
        previous = current;
        last_a = Some(ca);
    }
    cell(&previous, b.len())
}

#[cfg(test)]
mod tests;
