//! The site check's cases: every accepted form, every refusal and its
//! suggestion, the severities, the length limits, the typo distance, and the
//! properties that hold for any input (src/checks/site.rs holds the rules).

use super::*;
use proptest::prelude::*;
use Code::*;
use SiteKind::*;

/// (input, expected value, expected kind, expected codes in order).
type Case = (
    &'static str,
    Option<&'static str>,
    SiteKind,
    &'static [Code],
);

const ACCEPTED: &[Case] = &[
    // plain hosts
    ("acme.atlassian.net", Some("acme.atlassian.net"), Cloud, &[]),
    (
        "  acme.atlassian.net \n",
        Some("acme.atlassian.net"),
        Cloud,
        &[],
    ),
    (
        "https://acme.atlassian.net",
        Some("acme.atlassian.net"),
        Cloud,
        &[],
    ),
    (
        "HTTPS://acme.atlassian.net",
        Some("acme.atlassian.net"),
        Cloud,
        &[],
    ),
    (
        "my-site-01.atlassian.net",
        Some("my-site-01.atlassian.net"),
        Cloud,
        &[],
    ),
    ("a--b.atlassian.net", Some("a--b.atlassian.net"), Cloud, &[]),
    ("123.atlassian.net", Some("123.atlassian.net"), Cloud, &[]),
    // bare names
    ("acme", Some("acme.atlassian.net"), Cloud, &[SiteBareName]),
    (
        "ACME",
        Some("acme.atlassian.net"),
        Cloud,
        &[SiteBareName, SiteLowercased],
    ),
    (
        "my-team",
        Some("my-team.atlassian.net"),
        Cloud,
        &[SiteBareName],
    ),
    // pasted URLs
    (
        "https://acme.atlassian.net/jira/software/projects/ABC/boards/1",
        Some("acme.atlassian.net"),
        Cloud,
        &[SitePathDropped],
    ),
    (
        "acme.atlassian.net/",
        Some("acme.atlassian.net"),
        Cloud,
        &[SitePathDropped],
    ),
    (
        "https://acme.atlassian.net/",
        Some("acme.atlassian.net"),
        Cloud,
        &[SitePathDropped],
    ),
    (
        "acme.atlassian.net?x=1",
        Some("acme.atlassian.net"),
        Cloud,
        &[SitePathDropped],
    ),
    (
        "acme.atlassian.net#top",
        Some("acme.atlassian.net"),
        Cloud,
        &[SitePathDropped],
    ),
    (
        "acme.atlassian.net\\",
        Some("acme.atlassian.net"),
        Cloud,
        &[SitePathDropped],
    ),
    (
        "https://acme.atlassian.net/browse/ABC-1?focusedCommentId=2#comment-2",
        Some("acme.atlassian.net"),
        Cloud,
        &[SitePathDropped],
    ),
    // `@` after the authority is part of the path, not user-info
    (
        "https://acme.atlassian.net/@evil.com",
        Some("acme.atlassian.net"),
        Cloud,
        &[SitePathDropped],
    ),
    // http, ports, trailing dot, case
    (
        "http://acme.atlassian.net",
        Some("acme.atlassian.net"),
        Cloud,
        &[SiteHttpUpgraded],
    ),
    (
        "http://acme.atlassian.net/",
        Some("acme.atlassian.net"),
        Cloud,
        &[SiteHttpUpgraded, SitePathDropped],
    ),
    (
        "acme.atlassian.net:443",
        Some("acme.atlassian.net"),
        Cloud,
        &[SitePortDropped],
    ),
    (
        "https://acme.atlassian.net:443/",
        Some("acme.atlassian.net"),
        Cloud,
        &[SitePathDropped, SitePortDropped],
    ),
    (
        "https://acme.atlassian.net:0443",
        Some("acme.atlassian.net"),
        Cloud,
        &[SitePortDropped],
    ),
    (
        "https://acme.atlassian.net:",
        Some("acme.atlassian.net"),
        Cloud,
        &[SitePortDropped],
    ),
    (
        "http://acme.atlassian.net:80",
        Some("acme.atlassian.net"),
        Cloud,
        &[SiteHttpUpgraded, SitePortDropped],
    ),
    (
        "http://acme.atlassian.net:443",
        Some("acme.atlassian.net"),
        Cloud,
        &[SiteHttpUpgraded, SitePortDropped],
    ),
    (
        "acme.atlassian.net.",
        Some("acme.atlassian.net"),
        Cloud,
        &[SiteTrailingDot],
    ),
    (
        "https://acme.atlassian.net./",
        Some("acme.atlassian.net"),
        Cloud,
        &[SitePathDropped, SiteTrailingDot],
    ),
    (
        "ACME.Atlassian.NET",
        Some("acme.atlassian.net"),
        Cloud,
        &[SiteLowercased],
    ),
    (
        "HTTP://ACME.ATLASSIAN.NET:443/Browse/X.",
        Some("acme.atlassian.net"),
        Cloud,
        &[
            SiteHttpUpgraded,
            SitePathDropped,
            SitePortDropped,
            SiteLowercased,
        ],
    ),
    // WHATWG reads any run of slashes and backslashes after https: as the
    // start of the authority; so do we, and we show that same host.
    (
        "https:acme.atlassian.net",
        Some("acme.atlassian.net"),
        Cloud,
        &[],
    ),
    (
        "https:/acme.atlassian.net",
        Some("acme.atlassian.net"),
        Cloud,
        &[],
    ),
    (
        "https:///acme.atlassian.net",
        Some("acme.atlassian.net"),
        Cloud,
        &[],
    ),
    (
        "https:\\\\acme.atlassian.net",
        Some("acme.atlassian.net"),
        Cloud,
        &[],
    ),
    (
        "//acme.atlassian.net",
        Some("acme.atlassian.net"),
        Cloud,
        &[],
    ),
    // legacy Cloud
    (
        "acme.jira.com",
        Some("acme.jira.com"),
        CloudLegacy,
        &[SiteLegacyCloud],
    ),
    (
        "https://ACME.jira.com/browse/X",
        Some("acme.jira.com"),
        CloudLegacy,
        &[SitePathDropped, SiteLowercased, SiteLegacyCloud],
    ),
    // custom hosts: the host that is shown is the host that is contacted
    (
        "jira.example.com",
        Some("jira.example.com"),
        Custom,
        &[SiteCustomDomain],
    ),
    (
        "acme.atlassian.net.example.com",
        Some("acme.atlassian.net.example.com"),
        Custom,
        &[SiteCustomDomain],
    ),
    (
        "example.com/acme.atlassian.net",
        Some("example.com"),
        Custom,
        &[SiteCustomDomain, SitePathDropped],
    ),
    (
        "https://example.com#@acme.atlassian.net",
        Some("example.com"),
        Custom,
        &[SiteCustomDomain, SitePathDropped],
    ),
    (
        "https://example.com\\@acme.atlassian.net",
        Some("example.com"),
        Custom,
        &[SiteCustomDomain, SitePathDropped],
    ),
    (
        "https://example.com?@acme.atlassian.net",
        Some("example.com"),
        Custom,
        &[SiteCustomDomain, SitePathDropped],
    ),
    (
        "evil.com?https://acme.atlassian.net",
        Some("evil.com"),
        Custom,
        &[SiteCustomDomain, SitePathDropped],
    ),
    (
        "atlasian.net",
        Some("atlasian.net"),
        Custom,
        &[SiteCustomDomain],
    ),
    (
        "acme.atlassian.network",
        Some("acme.atlassian.network"),
        Custom,
        &[SiteCustomDomain],
    ),
    (
        "jira.acme.co.uk",
        Some("jira.acme.co.uk"),
        Custom,
        &[SiteCustomDomain],
    ),
    (
        "1.2.3.example",
        Some("1.2.3.example"),
        Custom,
        &[SiteCustomDomain],
    ),
    (
        "example.0xg",
        Some("example.0xg"),
        Custom,
        &[SiteCustomDomain],
    ),
];

const REJECTED: &[Case] = &[
    ("", None, Invalid, &[SiteEmpty]),
    ("   \t\n", None, Invalid, &[SiteEmpty]),
    ("https://", None, Invalid, &[SiteEmpty]),
    ("https:///", None, Invalid, &[SiteEmpty]),
    ("https://?q", None, Invalid, &[SiteEmpty]),
    ("http://:443", None, Invalid, &[SiteEmpty]),
    // whitespace inside, including what WHATWG would silently delete
    ("acme .atlassian.net", None, Invalid, &[SiteWhitespace]),
    ("acme\t.atlassian.net", None, Invalid, &[SiteWhitespace]),
    (
        "https://acme.atlassian.net\n.evil.com",
        None,
        Invalid,
        &[SiteWhitespace],
    ),
    ("acme.atlassian.net/a b", None, Invalid, &[SiteWhitespace]),
    ("acme\u{3000}x", None, Invalid, &[SiteWhitespace]),
    // schemes
    ("ftp://acme.atlassian.net", None, Invalid, &[SiteScheme]),
    ("javascript:alert(1)", None, Invalid, &[SiteScheme]),
    ("data:text/html,hi", None, Invalid, &[SiteScheme]),
    ("file:///etc/passwd", None, Invalid, &[SiteScheme]),
    ("mailto:jane@acme.com", None, Invalid, &[SiteScheme]),
    (
        "https://https://acme.atlassian.net",
        None,
        Invalid,
        &[SiteScheme],
    ),
    (
        "http:https:acme.atlassian.net",
        None,
        Invalid,
        &[SiteScheme],
    ),
    // user-info
    ("jane@acme.atlassian.net", None, Invalid, &[SiteUserinfo]),
    ("x@host", None, Invalid, &[SiteUserinfo]),
    (
        "https://user:pw@acme.atlassian.net",
        None,
        Invalid,
        &[SiteUserinfo],
    ),
    (
        "https://acme.atlassian.net@evil.com",
        None,
        Invalid,
        &[SiteUserinfo],
    ),
    (
        "https://acme.atlassian.net:443@evil.com/",
        None,
        Invalid,
        &[SiteUserinfo],
    ),
    ("@acme.atlassian.net", None, Invalid, &[SiteUserinfo]),
    // ports
    ("acme.atlassian.net:8080", None, Invalid, &[SitePort]),
    ("https://acme.atlassian.net:80", None, Invalid, &[SitePort]),
    ("http://jira.example.com:8080/", None, Invalid, &[SitePort]),
    (
        "https://acme.atlassian.net:99999999999999999999",
        None,
        Invalid,
        &[SitePort],
    ),
    ("acme.atlassian.net:abc", None, Invalid, &[SitePort]),
    (
        "https://acme.atlassian.net:443.evil.com",
        None,
        Invalid,
        &[SitePort],
    ),
    ("localhost:8080", None, Invalid, &[SitePort]),
    // IP literals, including WHATWG's "ends in a number" forms
    ("127.0.0.1", None, Invalid, &[SiteIpLiteral]),
    ("https://10.0.0.1/", None, Invalid, &[SiteIpLiteral]),
    ("1.2.3.4.", None, Invalid, &[SiteIpLiteral]),
    ("https://0x7f.1", None, Invalid, &[SiteIpLiteral]),
    ("example.0x", None, Invalid, &[SiteIpLiteral]),
    ("example.0XFF", None, Invalid, &[SiteIpLiteral]),
    ("acme.atlassian.123", None, Invalid, &[SiteIpLiteral]),
    ("https://2130706433", None, Invalid, &[SiteIpLiteral]),
    ("[::1]", None, Invalid, &[SiteIpLiteral]),
    ("https://[::1]:443/", None, Invalid, &[SiteIpLiteral]),
    ("https://a[::1]", None, Invalid, &[SiteInvalidChar]),
    // localhost
    ("localhost", None, Invalid, &[SiteLocalhost]),
    ("https://localhost/", None, Invalid, &[SiteLocalhost]),
    ("jira.localhost", None, Invalid, &[SiteLocalhost]),
    ("LOCALHOST.", None, Invalid, &[SiteLocalhost]),
    // non-ASCII, percent-encoding, punycode
    ("acmé.atlassian.net", None, Invalid, &[SiteNonAscii]),
    ("acme\u{3002}atlassian.net", None, Invalid, &[SiteNonAscii]),
    (
        "https://acme.atlassian.net\u{ff0f}x",
        None,
        Invalid,
        &[SiteNonAscii],
    ),
    (
        "https://%61cme.atlassian.net",
        None,
        Invalid,
        &[SitePercentEncoded],
    ),
    (
        "acme.atlassian.net%2F@evil.com",
        None,
        Invalid,
        &[SiteUserinfo],
    ),
    (
        "https://evil.com%2F.acme.atlassian.net",
        None,
        Invalid,
        &[SitePercentEncoded],
    ),
    ("xn--acme-9na.atlassian.net", None, Invalid, &[SiteNonAscii]),
    ("jira.xn--p1ai", None, Invalid, &[SiteNonAscii]),
    ("XN--acme", None, Invalid, &[SiteNonAscii]),
    // atlassian.com
    ("id.atlassian.com", None, Invalid, &[SiteAtlassianCom]),
    (
        "https://admin.atlassian.com/o/123",
        None,
        Invalid,
        &[SiteAtlassianCom],
    ),
    ("start.atlassian.com", None, Invalid, &[SiteAtlassianCom]),
    ("api.atlassian.com", None, Invalid, &[SiteAtlassianCom]),
    ("home.atlassian.com", None, Invalid, &[SiteAtlassianCom]),
    ("atlassian.com", None, Invalid, &[SiteAtlassianCom]),
    ("a.b.atlassian.com", None, Invalid, &[SiteAtlassianCom]),
    ("acme.atlassian.com", None, Invalid, &[SiteAtlassianCom]),
    // empty labels
    ("acme..atlassian.net", None, Invalid, &[SiteEmptyLabel]),
    (".acme.atlassian.net", None, Invalid, &[SiteEmptyLabel]),
    ("acme.atlassian.net..", None, Invalid, &[SiteEmptyLabel]),
    ("acme.atlassian..net", None, Invalid, &[SiteEmptyLabel]),
    ("jira..example.com", None, Invalid, &[SiteEmptyLabel]),
    (".", None, Invalid, &[SiteEmptyLabel]),
    // invalid characters
    ("ac_me.atlassian.net", None, Invalid, &[SiteInvalidChar]),
    ("acme!.atlassian.net", None, Invalid, &[SiteInvalidChar]),
    (
        "https://acme.atlassian.net\u{0}",
        None,
        Invalid,
        &[SiteInvalidChar],
    ),
    ("<script>.com", None, Invalid, &[SiteInvalidChar]),
    // Cloud site labels
    ("ab", None, Invalid, &[SiteLabel]),
    ("-acme", None, Invalid, &[SiteLabel]),
    ("acme-", None, Invalid, &[SiteLabel]),
    ("ab.atlassian.net", None, Invalid, &[SiteLabel]),
    ("-acme.atlassian.net", None, Invalid, &[SiteLabel]),
    ("acme-.jira.com", None, Invalid, &[SiteLabel]),
    ("atlassian.net", None, Invalid, &[SiteLabel]),
    ("https://jira.com", None, Invalid, &[SiteLabel]),
    ("a.b.atlassian.net", None, Invalid, &[SiteNestedLabel]),
    ("www.acme.atlassian.net", None, Invalid, &[SiteNestedLabel]),
    ("eu.acme.jira.com", None, Invalid, &[SiteNestedLabel]),
    // typos
    ("acme.atlasian.net", None, Invalid, &[SiteTypo]),
    ("acme.atlassain.net", None, Invalid, &[SiteTypo]),
    ("acme.atlassian.ne", None, Invalid, &[SiteTypo]),
    ("acme.atlassian.nett", None, Invalid, &[SiteTypo]),
    ("acme.attlassian.net", None, Invalid, &[SiteTypo]),
    ("acme.atlassian,net", None, Invalid, &[SiteTypo]),
    ("acme.atlassiannet", None, Invalid, &[SiteTypo]),
    ("https://ACME.Atlasian.net/jira", None, Invalid, &[SiteTypo]),
    ("ab.atlasian.net", None, Invalid, &[SiteTypo]),
    // host shape
    ("https://acme/", None, Invalid, &[SiteInvalidHost]),
    ("acme:443", None, Invalid, &[SiteInvalidHost]),
    ("-x.example.com", None, Invalid, &[SiteInvalidHost]),
    ("x-.example.com", None, Invalid, &[SiteInvalidHost]),
];

/// Suggestions that the page offers as "Did you mean …?".
const SUGGESTIONS: &[(&str, Option<&str>)] = &[
    ("acme .atlassian.net", Some("acme.atlassian.net")),
    ("acme corp", None),
    ("ftp://acme.atlassian.net", Some("acme.atlassian.net")),
    (
        "https://https://acme.atlassian.net/",
        Some("acme.atlassian.net"),
    ),
    ("javascript:alert(1)", None),
    ("jane@acme.atlassian.net", Some("acme.atlassian.net")),
    (
        "https://user:pw@acme.atlassian.net/x",
        Some("acme.atlassian.net"),
    ),
    ("https://acme.atlassian.net@evil.com", None),
    (
        "https://acme.atlassian.net:8080",
        Some("acme.atlassian.net"),
    ),
    ("acme.jira.com:8443", Some("acme.jira.com")),
    ("jira.example.com:8080", None),
    ("acme..atlassian.net", Some("acme.atlassian.net")),
    ("acme.atlassian..net", Some("acme.atlassian.net")),
    ("jira..example.com", None),
    ("acme.atlassian.com", Some("acme.atlassian.net")),
    ("id.atlassian.com", None),
    ("www.acme.atlassian.net", Some("acme.atlassian.net")),
    ("www.acme.jira.com", Some("acme.jira.com")),
    ("a.b.atlassian.net", None),
    ("acme.atlasian.net", Some("acme.atlassian.net")),
    ("acme.atlassian.net..", Some("acme.atlassian.net")),
    ("ab.atlasian.net", None),
    ("https://acme/", Some("acme.atlassian.net")),
    ("https://ab/", None),
    // accepted inputs carry the host on every change made to them
    (
        "https://acme.atlassian.net/jira/software/projects/ABC/boards/1",
        Some("acme.atlassian.net"),
    ),
    ("acme", Some("acme.atlassian.net")),
];

fn assert_case(&(input, value, kind, codes): &Case) {
    let r = check_site(input);
    assert_eq!(r.value.as_deref(), value, "value of {input:?}: {r:?}");
    assert_eq!(r.kind, kind, "kind of {input:?}: {r:?}");
    assert_eq!(r.codes(), codes, "codes of {input:?}: {r:?}");
    assert_eq!(r.ok, value.is_some(), "ok of {input:?}");
}

#[test]
fn accepted_forms() {
    ACCEPTED.iter().for_each(assert_case);
}

#[test]
fn rejections() {
    REJECTED.iter().for_each(assert_case);
}

#[test]
fn suggestions() {
    for &(input, expected) in SUGGESTIONS {
        let r = check_site(input);
        let got = r.diagnostics.first().and_then(|d| d.suggestion.as_deref());
        assert_eq!(got, expected, "suggestion for {input:?}: {r:?}");
    }
}

#[test]
fn severities() {
    let r = check_site("http://jira.example.com");
    assert!(r.ok);
    let severity = |code| {
        r.diagnostics
            .iter()
            .find(|d| d.code == code)
            .map(|d| d.severity)
    };
    assert_eq!(severity(SiteHttpUpgraded), Some(crate::Severity::Warning));
    assert_eq!(severity(SiteCustomDomain), Some(crate::Severity::Warning));
    let r = check_site("ACME.jira.com/");
    for d in &r.diagnostics {
        assert_eq!(d.severity, crate::Severity::Info, "{d:?}");
    }
    for case in REJECTED {
        let r = check_site(case.0);
        assert_eq!(r.diagnostics.len(), 1, "one error for {:?}", case.0);
        assert_eq!(r.diagnostics[0].severity, crate::Severity::Error);
    }
}

#[test]
fn custom_warning_says_where_the_cloud_api_lives() {
    let r = check_site("jira.acme.com");
    let message = &r.diagnostics[0].message;
    assert!(message.contains("*.atlassian.net"), "{message}");
    assert!(message.contains("personal access tokens"), "{message}");
}

#[test]
fn host_length_limits() {
    let label63 = "a".repeat(63);
    let label64 = "a".repeat(64);
    let cloud63 = format!("{label63}.atlassian.net");
    assert_eq!(
        check_site(&cloud63).value.as_deref(),
        Some(cloud63.as_str())
    );
    assert_eq!(check_site(&label63).value, Some(cloud63.clone()), "bare 63");
    assert_eq!(
        check_site(&format!("{label64}.atlassian.net")).codes(),
        [SiteLabel]
    );
    assert_eq!(check_site(&label64).codes(), [SiteLabel], "bare 64");
    assert_eq!(
        check_site(&format!("{label64}.example.com")).codes(),
        [SiteInvalidHost]
    );
    // 4 × 63 + 3 dots = 255 characters; 253 is the most DNS allows.
    let long = [label63.as_str(); 4].join(".");
    assert_eq!(check_site(&long).codes(), [SiteInvalidHost]);
    let most = format!("{}.{}.{}.{}", label63, label63, label63, "a".repeat(61));
    assert_eq!(most.len(), 253);
    assert_eq!(check_site(&most).value.as_deref(), Some(most.as_str()));
    let over = format!("{}.{}.{}.{}", label63, label63, label63, "a".repeat(62));
    assert_eq!(check_site(&over).codes(), [SiteInvalidHost]);
}

#[test]
fn browser_checkable_kinds_match_the_csp() {
    assert!(is_browser_checkable(Cloud));
    assert!(is_browser_checkable(CloudLegacy));
    assert!(!is_browser_checkable(Custom));
    assert!(!is_browser_checkable(Invalid));
}

#[test]
fn serializes_kind_in_kebab_case() {
    let json = |s| serde_json::to_value(check_site(s)).unwrap()["kind"].clone();
    assert_eq!(json("acme"), "cloud");
    assert_eq!(json("acme.jira.com"), "cloud-legacy");
    assert_eq!(json("jira.example.com"), "custom");
    assert_eq!(json(""), "invalid");
    let v = serde_json::to_value(check_site("")).unwrap();
    assert_eq!(v["ok"], false);
    assert_eq!(v["value"], serde_json::Value::Null);
    assert_eq!(v["diagnostics"][0]["code"], "site-empty");
}

#[test]
fn typo_distance() {
    assert_eq!(osa_distance(b"atlassian.net", b"atlassian.net"), 0);
    assert_eq!(osa_distance(b"atlassain.net", b"atlassian.net"), 1);
    assert_eq!(osa_distance(b"atlasian.net", b"atlassian.net"), 1);
    assert_eq!(osa_distance(b"atlassian.com", b"atlassian.net"), 3);
    assert_eq!(osa_distance(b"", b"atlassian.net"), 13);
    assert_eq!(osa_distance(&[b'a'; 16], b"atlassian.net"), usize::MAX);
    assert!(is_near_cloud_parent("atlassian.nl"));
    assert!(!is_near_cloud_parent("atlassian.com"));
    assert!(!is_near_cloud_parent("atlassian.net"));
}

/// Pieces that URL tricks are built from.
const FRAGMENTS: &[&str] = &[
    "https://",
    "http://",
    "https:",
    "//",
    "/",
    "\\",
    "@",
    "#",
    "?",
    ":",
    ":443",
    ":80",
    ":8080",
    ".",
    "..",
    ".atlassian.net",
    ".atlassian.com",
    ".jira.com",
    "atlassian.net",
    "acme",
    "ACME",
    "evil.com",
    "localhost",
    "xn--",
    "0x",
    "1",
    "127.0.0.1",
    "[::1]",
    "[",
    "]",
    "%",
    "%2e",
    "-",
    "_",
    " ",
    "\t",
    "\n",
    "é",
    "\u{3002}",
    "\u{ff0e}",
    "\u{0}",
    "ftp:",
    "javascript:",
    "id.",
    "www.",
];

fn urlish() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(FRAGMENTS), 0..10).prop_map(|parts| parts.concat())
}

fn any_input() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9.:/@#?%\\[\\]\\\\-]{0,40}",
        urlish()
    ]
}

fn assert_well_formed(input: &str, r: &SiteCheck) {
    let has_error = r
        .diagnostics
        .iter()
        .any(|d| d.severity == crate::Severity::Error);
    assert_eq!(r.ok, !has_error, "{input:?}");
    assert_eq!(r.ok, r.value.is_some(), "{input:?}");
    assert_eq!(r.ok, r.kind != Invalid, "{input:?}");
    let Some(v) = &r.value else { return };
    assert!(!v.is_empty() && v.len() <= MAX_HOST, "{input:?} -> {v:?}");
    assert!(
        v.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.'),
        "{input:?} -> {v:?}"
    );
    assert!(
        !v.contains(['/', '\\', '@', ':', '?', '#']),
        "{input:?} -> {v:?}"
    );
    assert!(
        v.split('.').all(|l| (1..=MAX_LABEL).contains(&l.len())),
        "{input:?} -> {v:?}"
    );
    assert!(v.contains('.'), "{input:?} -> {v:?}");
}

/// The textbook full-table form of [`osa_distance`], which the module's
/// row-by-row form (no indexing, so no panic path) must agree with.
fn osa_distance_reference(a: &[u8], b: &[u8]) -> usize {
    if a.len() >= MAX_TYPO_LEN || b.len() >= MAX_TYPO_LEN {
        return usize::MAX;
    }
    let mut d = [[0usize; MAX_TYPO_LEN]; MAX_TYPO_LEN];
    for (i, row) in d.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in d[0].iter_mut().enumerate() {
        *cell = j;
    }
    for (i, &ca) in a.iter().enumerate() {
        for (j, &cb) in b.iter().enumerate() {
            let substitute = d[i][j] + usize::from(ca != cb);
            let mut best = substitute.min(d[i][j + 1] + 1).min(d[i + 1][j] + 1);
            if i > 0 && j > 0 && a[i - 1] == cb && ca == b[j - 1] {
                best = best.min(d[i - 1][j - 1] + 1);
            }
            d[i + 1][j + 1] = best;
        }
    }
    d[a.len()][b.len()]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn never_panics_and_keeps_invariants(input in any_input()) {
        let r = check_site(&input);
        assert_well_formed(&input, &r);
    }

    #[test]
    fn idempotent(input in any_input()) {
        let r = check_site(&input);
        if let Some(v) = &r.value {
            let again = check_site(v);
            prop_assert_eq!(again.value.as_ref(), Some(v), "{:?}", input);
            prop_assert_eq!(again.kind, r.kind);
            // A clean value needs no further changes: at most the notes
            // about the host itself remain.
            prop_assert!(again.diagnostics.iter().all(|d| matches!(d.code, SiteCustomDomain | SiteLegacyCloud)), "{:?}", again);
        }
    }

    #[test]
    fn suggestions_are_accepted_as_they_are(input in any_input()) {
        for d in check_site(&input).diagnostics {
            if let Some(s) = d.suggestion {
                let r = check_site(&s);
                prop_assert_eq!(r.value.as_ref(), Some(&s), "{:?} suggested {:?}", input, s);
            }
        }
    }

    #[test]
    fn osa_distance_matches_the_full_table(
        a in proptest::collection::vec(proptest::sample::select(b"atlsn.e,".to_vec()), 0..17),
        b in proptest::collection::vec(proptest::sample::select(b"atlsn.e,".to_vec()), 0..17),
    ) {
        prop_assert_eq!(osa_distance(&a, &b), osa_distance_reference(&a, &b));
    }

    #[test]
    fn no_scheme_reads_as_https(rest in any_input()) {
        // A person who typed no scheme means https://; only a bare name
        // (expanded) and a second scheme (refused) differ.
        let trimmed = rest.trim();
        if starts_with_http_scheme(trimmed) || trimmed != rest {
            return Ok(());
        }
        let plain = check_site(&rest);
        if plain.codes().contains(&SiteBareName) {
            return Ok(());
        }
        let with = check_site(&format!("https://{rest}"));
        prop_assert_eq!(plain.value, with.value, "{:?}", rest);
        prop_assert_eq!(plain.kind, with.kind);
    }
}
