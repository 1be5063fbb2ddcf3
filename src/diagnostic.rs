//! Diagnostics: what a check says about an input, with a stable code.
//!
//! Every check returns a [`FieldResult`] (or a richer result that embeds the same
//! three fields). `ok` is false exactly when one diagnostic has [`Severity::Error`].
//! Codes are stable kebab-case identifiers: the page and the tests key off them,
//! so renaming one is a breaking change.

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input cannot be used as it is.
    Error,
    /// The input can be used, but it is probably not what the person wants.
    Warning,
    /// Something the check did for the person (trimmed, upgraded, expanded).
    Info,
}

impl Severity {
    /// The name used in the JavaScript API: `error`, `warning` or `info`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

impl core::fmt::Display for Severity {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $name:literal, )*) => {
        /// A stable identifier for one thing a check can say.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $( $(#[$doc])* $variant, )*
        }

        impl Code {
            /// Every code, in declaration order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The kebab-case identifier used in the JavaScript API.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $( Code::$variant => $name, )*
                }
            }
        }
    };
}

codes! {
    // ---- site -------------------------------------------------------------
    /// Nothing was typed.
    SiteEmpty = "site-empty",
    /// A bare site name was expanded to `<name>.atlassian.net`.
    SiteBareName = "site-bare-name",
    /// A URL was pasted: its path, query or fragment were dropped.
    SitePathDropped = "site-path-dropped",
    /// `http://` was upgraded to `https://`.
    SiteHttpUpgraded = "site-http-upgraded",
    /// The default HTTPS port `:443` was dropped.
    SitePortDropped = "site-port-dropped",
    /// A trailing dot after the host was dropped.
    SiteTrailingDot = "site-trailing-dot",
    /// Upper-case letters were lowered.
    SiteLowercased = "site-lowercased",
    /// A scheme other than http or https.
    SiteScheme = "site-scheme",
    /// User-info (`user@host`) in the URL.
    SiteUserinfo = "site-userinfo",
    /// A port other than 443.
    SitePort = "site-port",
    /// An IPv4 or IPv6 literal instead of a host name.
    SiteIpLiteral = "site-ip-literal",
    /// `localhost` or one of its subdomains.
    SiteLocalhost = "site-localhost",
    /// Non-ASCII characters in the host.
    SiteNonAscii = "site-non-ascii",
    /// Percent-encoding in the host.
    SitePercentEncoded = "site-percent-encoded",
    /// Whitespace inside the input.
    SiteWhitespace = "site-whitespace",
    /// A host under atlassian.com (id, admin, start, api…): not a Jira site.
    SiteAtlassianCom = "site-atlassian-com",
    /// An empty label (`acme..atlassian.net`, a leading dot).
    SiteEmptyLabel = "site-empty-label",
    /// A character that is not allowed in a host name.
    SiteInvalidChar = "site-invalid-char",
    /// The site label under atlassian.net breaks the 3–63 `a-z 0-9 -` rule.
    SiteLabel = "site-label",
    /// More than one label before atlassian.net / jira.com.
    SiteNestedLabel = "site-nested-label",
    /// A likely misspelling of atlassian.net.
    SiteTypo = "site-typo",
    /// A `*.jira.com` site: legacy Jira Cloud.
    SiteLegacyCloud = "site-legacy-cloud",
    /// The last label is a single letter: no top-level domain is.
    SiteShortTld = "site-short-tld",
    /// A host that is not an Atlassian Cloud address.
    SiteCustomDomain = "site-custom-domain",
    /// The host is not a usable DNS name (too long, one label only, …).
    SiteInvalidHost = "site-invalid-host",
    /// Data Center: the base URL keeps a context path (`/jira`).
    SiteContextPath = "site-context-path",
    /// Data Center: a host inside a company network, which Tines reaches
    /// only through its Tunnel.
    SiteInternalHost = "site-internal-host",
    /// Data Center was chosen, but the address is Jira Cloud's: checked as
    /// Cloud.
    SiteCloudAddress = "site-cloud-address",

    // ---- email ------------------------------------------------------------
    /// Nothing was typed.
    EmailEmpty = "email-empty",
    /// Surrounding whitespace was trimmed.
    EmailTrimmed = "email-trimmed",
    /// No `@`.
    EmailNoAt = "email-no-at",
    /// More than one `@`.
    EmailMultipleAt = "email-multiple-at",
    /// Whitespace inside the address.
    EmailWhitespace = "email-whitespace",
    /// A display name around the address: `Jane <jane@acme.com>`.
    EmailDisplayName = "email-display-name",
    /// A `mailto:` prefix.
    EmailMailto = "email-mailto",
    /// A URL was pasted instead of an email address.
    EmailIsUrl = "email-is-url",
    /// The Jira site was pasted instead of an email address.
    EmailIsSite = "email-is-site",
    /// The local part (before `@`) is empty.
    EmailLocalEmpty = "email-local-empty",
    /// The domain (after `@`) is empty.
    EmailDomainEmpty = "email-domain-empty",
    /// A leading, trailing or doubled dot in the local part.
    EmailLocalDot = "email-local-dot",
    /// A character not allowed in the local part.
    EmailLocalChar = "email-local-char",
    /// The domain has no dot.
    EmailDomainNoDot = "email-domain-no-dot",
    /// The domain is an IP address or ends in an all-digit label.
    EmailDomainNumeric = "email-domain-numeric",
    /// A domain label is empty, too long, or has a bad character or hyphen.
    EmailDomainLabel = "email-domain-label",
    /// The whole address is longer than 254 characters.
    EmailTooLong = "email-too-long",
    /// The local part is longer than 64 characters.
    EmailLocalTooLong = "email-local-too-long",
    /// Non-ASCII characters.
    EmailNonAscii = "email-non-ascii",
    /// The domain's last label is a single letter: no top-level domain is.
    EmailShortTld = "email-short-tld",
    /// An Atlassian service account: it only has scoped tokens.
    EmailServiceAccount = "email-service-account",

    // ---- token ------------------------------------------------------------
    /// Nothing was typed.
    TokenEmpty = "token-empty",
    /// Surrounding whitespace was trimmed.
    TokenTrimmed = "token-trimmed",
    /// Whitespace inside the token.
    TokenWhitespace = "token-whitespace",
    /// A `Basic ` or `Bearer ` prefix: a header value, not the token.
    TokenAuthPrefix = "token-auth-prefix",
    /// The value is base64 of `email:token`: a whole Basic credential.
    TokenBasicCredentials = "token-basic-credentials",
    /// An email address was pasted as the token.
    TokenIsEmail = "token-is-email",
    /// An `ATCTT` token: Bitbucket or organisation admin, not Jira.
    TokenWrongProduct = "token-wrong-product",
    /// A current-format (`ATATT3…`) token whose structure checks out.
    TokenCurrent = "token-current",
    /// An `ATATT3…` token of the wrong length.
    TokenLength = "token-length",
    /// An `ATATT3…` token whose CRC-32 does not match.
    TokenChecksum = "token-checksum",
    /// A 24-character legacy token: expired.
    TokenLegacy = "token-legacy",
    /// Not the shape of any Atlassian API token.
    TokenUnrecognized = "token-unrecognized",
    /// Quotation marks around the token (copied from JSON or a script) were removed.
    TokenUnquoted = "token-unquoted",
    /// Data Center: a token with the shape of a personal access token.
    TokenPersonalAccess = "token-personal-access",
    /// A Jira Cloud API token (`ATATT3…`) given for a Data Center site.
    TokenForCloud = "token-for-cloud",
    /// A Data Center personal access token given for a Cloud site.
    TokenForDataCenter = "token-for-data-center",

    // ---- credential name ---------------------------------------------------
    /// Nothing was typed.
    NameEmpty = "name-empty",
    /// Surrounding whitespace was trimmed.
    NameTrimmed = "name-trimmed",
    /// The name has no letter or digit, so it has no Tines key.
    NameNoKey = "name-no-key",

    // ---- token expiry (optional) -------------------------------------------
    /// Not a `YYYY-MM-DD` date.
    ExpiryInvalid = "expiry-invalid",
    /// The date has passed: the token has expired.
    ExpiryPast = "expiry-past",
    /// The token expires today.
    ExpiryToday = "expiry-today",
    /// More than 365 days away, longer than a token can last.
    ExpiryFar = "expiry-far",

    // ---- Tines tenant and team (optional) -----------------------------------
    /// Not a usable host name for a Tines tenant.
    TenantInvalid = "tenant-invalid",
    /// A scheme other than https, a path, a port or user-info.
    TenantNotHost = "tenant-not-host",
    /// An Atlassian host: the Jira site, not the Tines tenant.
    TenantIsAtlassian = "tenant-is-atlassian",
    /// `https://` and a trailing slash or path were dropped.
    TenantCleaned = "tenant-cleaned",
    /// The team id is not a positive whole number.
    TeamIdInvalid = "team-id-invalid",
    /// The team id was taken from a pasted URL, or leading zeros dropped.
    TeamIdCleaned = "team-id-cleaned",

    // ---- the daily check (optional) -------------------------------------------
    /// Not a time of day as `HH:MM`.
    TimeInvalid = "time-invalid",
    /// Not a time zone name as the tz database writes them.
    TimeZoneInvalid = "time-zone-invalid",

    // ---- replacing a token: the credential's account (optional) ---------------
    /// Not an account id.
    CredentialAccountInvalid = "credential-account-invalid",
    /// Starts as JSON but is not a credential's Metadata.
    CredentialAccountNotMetadata = "credential-account-not-metadata",
    /// The pasted Metadata is for another Jira site.
    CredentialAccountOtherSite = "credential-account-other-site",
    /// The Metadata has no account_id: the new token is compared by email.
    CredentialAccountByEmail = "credential-account-by-email",

    // ---- any field ------------------------------------------------------------
    /// Longer than any real value of the field: not checked further.
    TooLong = "too-long",

    // ---- live check --------------------------------------------------------
    /// Jira reports a different email than the one typed.
    VerifyEmailMismatch = "verify-email-mismatch",
    /// The account is deactivated.
    VerifyAccountInactive = "verify-account-inactive",
    /// The account is not a person's (`app`, `customer`).
    VerifyAccountType = "verify-account-type",
    /// Jira hides the account's email address.
    VerifyEmailHidden = "verify-email-hidden",
    /// Jira took the secret for an account password (401 "Basic authentication
    /// with passwords is deprecated").
    VerifyPasswordUsed = "verify-password-used",
    /// api.atlassian.com: the token's scopes do not cover `/myself`
    /// (401 "Unauthorized; scope does not match").
    VerifyTokenScope = "verify-token-scope",
    /// Jira could not read an email and API token from the request (403
    /// "Failed to parse Connect Session Auth Token"): a Bearer token, or a
    /// token without its email.
    VerifyNoSignIn = "verify-no-sign-in",
    /// The site refused the token (401) and api.atlassian.com accepted it: a
    /// token with scopes, found without asking.
    VerifyRouteFound = "verify-route-found",
    /// The site refused the token and the check could not ask
    /// api.atlassian.com as well (no cloud id, or no answer there).
    VerifyGatewayNotAsked = "verify-gateway-not-asked",
    /// A pasted transcript holds an `Authorization` header or a token.
    TranscriptSecret = "transcript-secret",
    /// Data Center named the user in `X-AUSERNAME`, or the sign-in layer's
    /// reason in `X-Seraph-LoginReason`.
    VerifySignInReason = "verify-sign-in-reason",
}

impl core::fmt::Display for Code {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A field check's diagnostic: `say!(error, Code::SiteEmpty, "Type …")`.
///
/// The sentence is an expression evaluated only where the checks' sentences
/// are compiled in (the `messages` feature, on by default and in the first
/// page module). Without it the check decides exactly as with it, and its
/// diagnostics carry their severity, code and suggestion with an empty
/// `message`: the sentence, and everything it is made from, never reaches
/// the module (the second page module and the relay's, which re-check values
/// for safety and show none of these sentences).
#[cfg(feature = "messages")]
macro_rules! say {
    ($severity:ident, $code:expr, $message:expr $(,)?) => {
        $crate::diagnostic::Diagnostic::$severity($code, $message)
    };
}
/// Without the `messages` feature the sentence is a closure that is never
/// called, so none of its text or formatting is compiled in (it still
/// type-checks, and uses what it names).
#[cfg(not(feature = "messages"))]
macro_rules! say {
    ($severity:ident, $code:expr, $message:expr $(,)?) => {{
        let _unsaid = || $message;
        $crate::diagnostic::Diagnostic::$severity($code, String::new())
    }};
}
pub(crate) use say;

/// A sentence of a field check chosen apart from [`say!`] (a table of
/// sentences, a helper that picks one): the text with the `messages`
/// feature, and `""` without it, so the text is not compiled in.
#[cfg(feature = "messages")]
macro_rules! words {
    ($text:expr) => {
        $text
    };
}
#[cfg(not(feature = "messages"))]
macro_rules! words {
    ($text:expr) => {{
        let _unsaid = $text;
        ""
    }};
}
pub(crate) use words;

/// One thing a check says about an input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable identifier.
    pub code: Code,
    /// One plain sentence for a person. Never contains the token.
    pub message: String,
    /// The corrected input, where there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestion: Option<String>,
}

impl Diagnostic {
    /// An error: the input cannot be used.
    pub fn error(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, message)
    }

    /// A warning: usable, but probably not what was meant.
    pub fn warning(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, message)
    }

    /// Information about something the check did.
    pub fn info(code: Code, message: impl Into<String>) -> Self {
        Self::new(Severity::Info, code, message)
    }

    fn new(severity: Severity, code: Code, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            suggestion: None,
        }
    }

    /// Adds the corrected input.
    pub fn with_suggestion(mut self, suggestion: impl Into<String>) -> Self {
        self.suggestion = Some(suggestion.into());
        self
    }
}

/// The result of checking one field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldResult {
    /// False exactly when a diagnostic is an error.
    pub ok: bool,
    /// The cleaned value; `None` whenever `ok` is false.
    pub value: Option<String>,
    /// Everything the check has to say, errors first.
    pub diagnostics: Vec<Diagnostic>,
}

impl FieldResult {
    /// Builds a result, keeping the invariants: `ok` is derived from the
    /// diagnostics, the value is dropped when there is an error, and the
    /// diagnostics are ordered errors, then warnings, then information.
    pub fn new(value: Option<String>, mut diagnostics: Vec<Diagnostic>) -> Self {
        order_by_severity(&mut diagnostics);
        let ok = value.is_some() && !diagnostics.iter().any(|d| d.severity == Severity::Error);
        FieldResult {
            ok,
            value: if ok { value } else { None },
            diagnostics,
        }
    }

    /// An optional input left empty: fine, with no value.
    pub fn absent() -> Self {
        FieldResult {
            ok: true,
            value: None,
            diagnostics: Vec::new(),
        }
    }

    /// A result holding a single error.
    pub fn rejected(diagnostic: Diagnostic) -> Self {
        FieldResult::new(None, vec![diagnostic])
    }

    /// True when some diagnostic has this code.
    pub fn has(&self, code: Code) -> bool {
        self.diagnostics.iter().any(|d| d.code == code)
    }

    /// The codes of all diagnostics, in order.
    pub fn codes(&self) -> Vec<Code> {
        self.diagnostics.iter().map(|d| d.code).collect()
    }

    /// Keeps only suggestions that `accepted` passes, so that no suggestion
    /// would itself fail the check, and offers each correction once: a later
    /// diagnostic suggesting the same value as an earlier one loses it.
    pub(crate) fn keep_suggestions(&mut self, accepted: impl Fn(&str) -> bool) {
        let mut offered: Vec<String> = Vec::new();
        for diagnostic in &mut self.diagnostics {
            if let Some(suggestion) = diagnostic.suggestion.take() {
                if accepted(&suggestion) && !offered.contains(&suggestion) {
                    offered.push(suggestion.clone());
                    diagnostic.suggestion = Some(suggestion);
                }
            }
        }
    }
}

/// Orders diagnostics errors first, then warnings, then information, keeping
/// the order within each severity. An insertion sort over neighbouring pairs:
/// the lists hold a handful of items, and `sort_by_key` would bring the whole
/// stable-sort machinery (some kilobytes) into the module.
pub(crate) fn order_by_severity(diagnostics: &mut [Diagnostic]) {
    for end in 1..diagnostics.len() {
        for at in (0..end).rev() {
            match diagnostics.get_mut(at..at + 2) {
                Some([before, after]) if before.severity > after.severity => {
                    core::mem::swap(before, after);
                }
                _ => break,
            }
        }
    }
}

/// Joins string pieces: messages are built from fixed text and checked
/// values, and `format!` would bring the formatting machinery into paths
/// that run on every keystroke.
pub(crate) fn concat(parts: &[&str]) -> String {
    parts.concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let s = code.as_str();
            assert!(seen.insert(s), "duplicate code {s}");
            assert!(
                s.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                    && !s.starts_with('-')
                    && !s.ends_with('-')
                    && !s.contains("--"),
                "{s} is not kebab-case"
            );
        }
    }

    #[test]
    fn ok_is_false_exactly_when_an_error_is_present() {
        let info = Diagnostic::info(Code::SiteLowercased, "x");
        let error = Diagnostic::error(Code::SiteEmpty, "x");
        let r = FieldResult::new(Some("v".into()), vec![info.clone()]);
        assert!(r.ok);
        assert_eq!(r.value.as_deref(), Some("v"));
        let r = FieldResult::new(Some("v".into()), vec![info, error]);
        assert!(!r.ok);
        assert_eq!(r.value, None);
        assert_eq!(r.diagnostics[0].severity, Severity::Error, "errors first");
    }

    #[test]
    fn ordering_by_severity_is_stable() {
        let d = |severity, code| Diagnostic::new(severity, code, "x");
        let mut list = vec![
            d(Severity::Info, Code::SiteLowercased),
            d(Severity::Warning, Code::SiteCustomDomain),
            d(Severity::Error, Code::SiteEmpty),
            d(Severity::Info, Code::SiteBareName),
            d(Severity::Error, Code::SitePort),
            d(Severity::Warning, Code::SiteHttpUpgraded),
        ];
        order_by_severity(&mut list);
        let codes: Vec<Code> = list.iter().map(|d| d.code).collect();
        assert_eq!(
            codes,
            [
                Code::SiteEmpty,
                Code::SitePort,
                Code::SiteCustomDomain,
                Code::SiteHttpUpgraded,
                Code::SiteLowercased,
                Code::SiteBareName,
            ]
        );
        let mut empty: Vec<Diagnostic> = Vec::new();
        order_by_severity(&mut empty);
        assert!(empty.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn ordering_matches_a_stable_sort(severities in proptest::collection::vec(0u8..3, 0..12)) {
            let list: Vec<Diagnostic> = severities
                .iter()
                .enumerate()
                .map(|(i, &s)| {
                    let severity = [Severity::Error, Severity::Warning, Severity::Info][usize::from(s)];
                    Diagnostic::new(severity, Code::ALL[i], "x")
                })
                .collect();
            let mut ours = list.clone();
            order_by_severity(&mut ours);
            let mut theirs = list;
            theirs.sort_by_key(|d| d.severity);
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn serializes_as_the_javascript_api_describes() {
        let r = FieldResult::new(
            None,
            vec![Diagnostic::error(Code::SiteEmpty, "Type your site.").with_suggestion("a")],
        );
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(
            json,
            r#"{"ok":false,"value":null,"diagnostics":[{"severity":"error","code":"site-empty","message":"Type your site.","suggestion":"a"}]}"#
        );
    }
}
