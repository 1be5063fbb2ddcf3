//! One number per rule: the relay's cap (its burst, its interval, its
//! `Retry-After`), the platforms' own limiters, the prefix and the Jira paths
//! and query every relay passes are written once, in Rust
//! (`src/relay/rate.rs`, `src/relay/mod.rs`, `src/route.rs`). Each platform
//! file says them in its own language, and cannot import them; this test reads
//! every one of those files and holds it to the Rust constants:
//!
//! - nginx (`deploy/nginx/`): `limit_req_zone ... rate=`, `limit_req ...
//!   burst=`, the 429's `Retry-After`, the allow-list map of paths and query,
//!   the map of paths that get the token, and the prefix;
//! - Cloudflare (`deploy/cloudflare/wrangler.toml`): the rate-limiting
//!   binding's `limit` and `period`, and the paths the Worker runs for;
//! - Netlify (`deploy/netlify/edge-functions/jira-relay.js`): `rateLimit` and
//!   `path` in the function's `config`;
//! - `deploy/edge/relay.mjs`: its prefix, and no number of the cap at all (it
//!   asks the relay's module);
//! - the deploy READMEs: the cap said once, in requests and in checks;
//! - the JavaScript tests' own copies of the paths (`tests/relay/`).
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

use std::collections::BTreeSet;
use std::path::Path;

use tines_jira_credential::relay::rate::{
    nginx, BURST, INTERVAL_S, PLATFORM_WINDOW_LIMIT, PLATFORM_WINDOW_S, REQUESTS_PER_CHECK,
    RETRY_AFTER_S,
};
use tines_jira_credential::relay::DEFAULT_PREFIX;
use tines_jira_credential::route::{
    Deployment, JiraPath, GATEWAY_HOST, GATEWAY_JIRA_PATH, MYPERMISSIONS_PATH, MYSELF_PATH,
    TENANT_INFO_PATH,
};

fn read(path: &str) -> String {
    let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{}: {e}", full.display()))
}

/// The lines of `text` that are not comments (`#` in nginx and TOML).
fn config_lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// The one non-comment line of `text` that starts with `start`.
fn one_line<'a>(text: &'a str, start: &str, file: &str) -> &'a str {
    let lines: Vec<&str> = config_lines(text)
        .filter(|l| l.starts_with(start))
        .collect();
    assert_eq!(
        lines.len(),
        1,
        "{file}: one `{start}` line, found {lines:?}"
    );
    lines[0]
}

/// The text between `before` and the next `after` in `text`.
fn between<'a>(text: &'a str, before: &str, after: &str, what: &str) -> &'a str {
    let start = text
        .find(before)
        .unwrap_or_else(|| panic!("{what}: no `{before}`"))
        + before.len();
    let len = text[start..]
        .find(after)
        .unwrap_or_else(|| panic!("{what}: no `{after}` after `{before}`"));
    &text[start..start + len]
}

fn number(text: &str, what: &str) -> u32 {
    text.trim()
        .parse()
        .unwrap_or_else(|_| panic!("{what}: `{text}` is not a whole number"))
}

/// A literal path as a PCRE (nginx's regular expressions) matches it.
fn regex_escape(literal: &str) -> String {
    let mut out = String::new();
    for c in literal.chars() {
        if "\\.^$|?*+()[]{}".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn set<I: IntoIterator<Item = S>, S: Into<String>>(items: I) -> BTreeSet<String> {
    items.into_iter().map(Into::into).collect()
}

/// Whitespace folded to single spaces, so a sentence wrapped across lines
/// of a README is found.
fn folded(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---- The numbers themselves ---------------------------------------------------

#[test]
fn the_cap_is_sized_for_a_persons_checks() {
    // A check asks up to 4 questions (the site's /myself, tenant_info, the
    // gateway's /myself, /mypermissions): 5 checks in a row, then one every 12 s.
    assert_eq!(REQUESTS_PER_CHECK, 4);
    assert_eq!(BURST / REQUESTS_PER_CHECK, 5);
    assert_eq!(INTERVAL_S * REQUESTS_PER_CHECK, 12);
    assert_eq!(RETRY_AFTER_S, INTERVAL_S);
    // nginx admits burst + 1 at once, and counts per minute.
    assert_eq!(nginx::BURST + 1, BURST);
    assert_eq!(nginx::RATE_PER_MINUTE * INTERVAL_S, 60);
    // Cloudflare's binding takes a period of 10 or 60 s only.
    assert!([10, 60].contains(&PLATFORM_WINDOW_S));
    assert_eq!(PLATFORM_WINDOW_LIMIT * INTERVAL_S, PLATFORM_WINDOW_S);
}

// ---- nginx --------------------------------------------------------------------

const NGINX_HTTP: &str = "deploy/nginx/tines-jira-http.conf";
const NGINX_LOCATION: &str = "deploy/nginx/tines-jira-relay-location.conf";

#[test]
fn nginx_rate_burst_and_retry_after_are_the_caps() {
    let http = read(NGINX_HTTP);
    let zone = one_line(&http, "limit_req_zone ", NGINX_HTTP);
    assert!(
        zone.starts_with("limit_req_zone $binary_remote_addr zone=tjc_relay:"),
        "{NGINX_HTTP}: the cap counts per client address, never a header: {zone}"
    );
    let rate = between(zone, " rate=", "r/m;", NGINX_HTTP);
    assert_eq!(number(rate, NGINX_HTTP), nginx::RATE_PER_MINUTE, "{zone}");

    let location = read(NGINX_LOCATION);
    let limit = one_line(&location, "limit_req ", NGINX_LOCATION);
    assert_eq!(
        limit,
        format!("limit_req zone=tjc_relay burst={} nodelay;", nginx::BURST)
    );
    assert_eq!(
        one_line(&location, "limit_req_status ", NGINX_LOCATION),
        "limit_req_status 429;"
    );
    // The 429's Retry-After, in the named location that answers it.
    let named = between(&location, "location @tjc_relay_429 {", "}", NGINX_LOCATION);
    assert_eq!(
        one_line(named, "add_header Retry-After ", NGINX_LOCATION),
        format!(
            "add_header Retry-After \"{}\" always;",
            nginx::RETRY_AFTER_S
        )
    );
}

#[test]
fn nginx_says_the_cap_in_no_other_file() {
    // Every nginx file the relay ships or its tests compose: the numbers
    // above are the only ones, so none can disagree with them.
    let mut files: Vec<String> = Vec::new();
    for dir in ["deploy/nginx", "tests/relay"] {
        let full = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        for entry in std::fs::read_dir(full).unwrap() {
            let name = entry.unwrap().file_name().into_string().unwrap();
            if name.ends_with(".conf") {
                files.push(format!("{dir}/{name}"));
            }
        }
    }
    assert!(files.len() >= 10, "{files:?}");
    let mut seen = Vec::new();
    for file in &files {
        for line in config_lines(&read(file)) {
            if line.starts_with("limit_req_zone ")
                || line.starts_with("limit_req ")
                || line.contains("Retry-After \"")
            {
                seen.push(format!("{file}: {line}"));
            }
        }
    }
    assert_eq!(seen.len(), 3, "{seen:#?}");
}

#[test]
fn nginx_relays_exactly_the_jira_paths_and_query_of_src_route() {
    let http = read(NGINX_HTTP);
    let prefix = regex_escape(&format!("{DEFAULT_PREFIX}/"));
    // At the site: every JiraPath.
    let site = between(
        &http,
        &format!("\"~^{prefix}(?<tjc_site_host>"),
        "\n",
        NGINX_HTTP,
    );
    let site_paths = between(site, "(?<tjc_site_path>", ")$\"", NGINX_HTTP);
    assert_eq!(
        set(site_paths.split('|')),
        set(JiraPath::ALL
            .into_iter()
            .filter(|p| p.deployment() == Deployment::Cloud)
            .map(|p| regex_escape(p.path()))),
        "{NGINX_HTTP}: the site's paths (nginx relays Jira Cloud only)"
    );
    // On the gateway, below /ex/jira/<cloudId>: those on_gateway.
    let gateway_start = format!(
        "\"~^{prefix}{}(?<tjc_gateway_path>{}",
        regex_escape(GATEWAY_HOST),
        regex_escape(GATEWAY_JIRA_PATH)
    );
    let gateway = between(&http, &gateway_start, "\n", NGINX_HTTP);
    let gateway_paths = between(gateway, "(?:", "))$\"", NGINX_HTTP);
    assert_eq!(
        set(gateway_paths.split('|')),
        set(JiraPath::ALL
            .into_iter()
            .filter(|p| p.on_gateway())
            .map(|p| regex_escape(p.path()))),
        "{NGINX_HTTP}: the gateway's paths"
    );
    // Exactly two allow-list entries: nothing else reaches Atlassian.
    let target_map = between(
        &http,
        "map $request_uri $tjc_relay_target {",
        "\n}",
        NGINX_HTTP,
    );
    let entries: Vec<&str> = config_lines(target_map)
        .filter(|l| l.starts_with("\"~"))
        .collect();
    assert_eq!(entries.len(), 2, "{entries:?}");

    // The token goes to the paths that carry it, and to no other.
    let auth_map = between(
        &http,
        "map $tjc_relay_path $tjc_relay_authorization {",
        "\n}",
        NGINX_HTTP,
    );
    let with_token: Vec<&str> = config_lines(auth_map)
        .filter(|l| l.ends_with("$http_authorization;"))
        .collect();
    assert_eq!(
        set(with_token
            .iter()
            .map(|l| between(l, "\"~", "$\"", NGINX_HTTP))),
        set(JiraPath::ALL
            .into_iter()
            .filter(|p| p.carries_token() && p.deployment() == Deployment::Cloud)
            .map(|p| regex_escape(p.path()))),
        "{NGINX_HTTP}: the paths that get Authorization"
    );
    let location = read(NGINX_LOCATION);
    assert_eq!(
        one_line(&location, "location ^~ ", NGINX_LOCATION),
        format!("location ^~ {DEFAULT_PREFIX}/ {{")
    );
}

// ---- Cloudflare -------------------------------------------------------------------

#[test]
fn wrangler_toml_rate_limit_binding_is_the_platform_window() {
    const FILE: &str = "deploy/cloudflare/wrangler.toml";
    let toml = read(FILE);
    let tables: Vec<&str> = config_lines(&toml).filter(|l| l.starts_with('[')).collect();
    assert_eq!(
        tables
            .iter()
            .filter(|t| t.starts_with("[[ratelimits]]"))
            .count(),
        1,
        "{FILE}: one rate-limiting binding"
    );
    let binding = between(&toml, "[[ratelimits]]", "\n\n", FILE);
    let (_, simple) = binding
        .split_once("[ratelimits.simple]")
        .unwrap_or_else(|| panic!("{FILE}: no [ratelimits.simple]"));
    let simple = format!("{simple}\n");
    assert_eq!(
        number(between(&simple, "limit = ", "\n", FILE), FILE),
        PLATFORM_WINDOW_LIMIT,
        "{FILE}: limit"
    );
    assert_eq!(
        number(between(&simple, "period = ", "\n", FILE), FILE),
        PLATFORM_WINDOW_S,
        "{FILE}: period"
    );
    assert!(
        binding.contains("name = \"JIRA_RELAY_RATE_LIMIT\""),
        "{binding}"
    );
    assert_eq!(
        one_line(&toml, "run_worker_first", FILE),
        format!("run_worker_first = [\"{DEFAULT_PREFIX}/*\"]")
    );
}

// ---- Netlify ----------------------------------------------------------------------

#[test]
fn netlify_rate_limit_is_the_platform_window() {
    const FILE: &str = "deploy/netlify/edge-functions/jira-relay.js";
    let js = read(FILE);
    let config = between(&js, "export const config = {", "\n};", FILE);
    assert_eq!(
        folded(config),
        format!(
            "path: '{DEFAULT_PREFIX}/*', rateLimit: {{ windowLimit: {PLATFORM_WINDOW_LIMIT}, \
             windowSize: {PLATFORM_WINDOW_S}, aggregateBy: ['ip', 'domain'] }},"
        ),
        "{FILE}"
    );
}

// ---- The edge handler -----------------------------------------------------------

#[test]
fn the_edge_handler_writes_no_number_of_the_cap() {
    const FILE: &str = "deploy/edge/relay.mjs";
    let js = read(FILE);
    assert!(js.contains(&format!("export const PREFIX = '{DEFAULT_PREFIX}';")));
    // Its numbers are the statuses with no body and an empty array's length;
    // the cap, its Retry-After and the platform's come from the module.
    let code: String = js
        .lines()
        .filter(|l| !l.trim_start().starts_with("//") && !l.trim_start().starts_with('*'))
        .collect::<Vec<_>>()
        .join("\n");
    let mut numbers = BTreeSet::new();
    let mut current = String::new();
    for c in code.chars().chain(std::iter::once(' ')) {
        if c.is_ascii_digit() {
            current.push(c);
        } else {
            if !current.is_empty() {
                numbers.insert(current.clone());
            }
            current.clear();
        }
    }
    // Digits inside names (`Uint8Array`) are fine.
    numbers.remove("8");
    assert_eq!(numbers, set(["0", "204", "205", "304"]), "{FILE}");
    assert!(code.contains("platformLimitedAnswer()"), "{FILE}");
}

// ---- What the READMEs say ----------------------------------------------------------

/// The cap, in requests and in checks, as every deploy README says it.
fn cap_sentence() -> String {
    format!(
        "{BURST} requests at once, {} checks in a row, then one request every {INTERVAL_S} s, \
         one check every {} s",
        BURST / REQUESTS_PER_CHECK,
        INTERVAL_S * REQUESTS_PER_CHECK
    )
}

#[test]
fn each_deploy_readme_says_the_cap_once_and_correctly() {
    let sentence = cap_sentence();
    assert_eq!(
        sentence,
        "20 requests at once, 5 checks in a row, then one request every 3 s, one check every 12 s"
    );
    for file in [
        "deploy/nginx/README.md",
        "deploy/cloudflare/README.md",
        "deploy/netlify/README.md",
    ] {
        let text = folded(&read(file));
        assert_eq!(
            text.matches(&sentence).count(),
            1,
            "{file} says, once: {sentence}"
        );
        for stale in ["10 at once", "every 6 s", "10 a minute", "10r/m", "burst=9"] {
            assert!(!text.contains(stale), "{file} still says {stale}");
        }
    }
    let nginx = folded(&read("deploy/nginx/README.md"));
    for said in [
        format!("`rate={}r/m`", nginx::RATE_PER_MINUTE),
        format!("`burst={}`", nginx::BURST),
        format!("`Retry-After: {}`", nginx::RETRY_AFTER_S),
        format!("Exactly {BURST} of 40 simultaneous requests"),
    ] {
        assert!(nginx.contains(&said), "deploy/nginx/README.md: {said}");
    }
    let platform = format!(
        "{PLATFORM_WINDOW_LIMIT} requests ({} checks) per address in each {PLATFORM_WINDOW_S} s",
        PLATFORM_WINDOW_LIMIT / REQUESTS_PER_CHECK
    );
    for file in ["deploy/cloudflare/README.md", "deploy/netlify/README.md"] {
        assert!(
            folded(&read(file)).contains(&platform),
            "{file} says: {platform}"
        );
    }
}

// ---- The JavaScript tests' copies of the paths -------------------------------------

#[test]
fn the_js_tests_paths_are_src_routes() {
    let cases = read("tests/relay/cases.mjs");
    assert!(
        cases.contains(&format!(
            "export const PERMISSIONS = '{MYPERMISSIONS_PATH}';"
        )),
        "tests/relay/cases.mjs: PERMISSIONS"
    );
    assert!(
        cases.contains(&format!("const TENANT_INFO = '{TENANT_INFO_PATH}';")),
        "tests/relay/cases.mjs: TENANT_INFO"
    );
    let relays = read("tests/relay/relays.mjs");
    assert!(relays.contains(&format!("export const PREFIX = '{DEFAULT_PREFIX}';")));
    assert!(relays.contains(&format!("export const MYSELF = '{MYSELF_PATH}';")));
}
