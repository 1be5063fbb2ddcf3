//! The checks: strings in, typed results out, one module per input. Plain
//! Rust with no web types, tested natively.

pub mod account;
pub mod date;
pub mod email;
pub mod name;
pub mod schedule;
pub mod site;
pub mod tenant;
pub mod token;

pub use account::{check_credential_account, check_credential_account_for, CredentialAccount};
pub use date::{check_expiry, Date};
pub use email::check_email;
pub use name::{check_name, credential_key};
pub use schedule::{check_notify_email, check_time, check_time_zone};
pub use site::{
    check_data_center_base, check_data_center_base_url, check_site, check_site_for, SiteCheck,
    SiteKind,
};
pub use tenant::{check_team_id, check_tenant};
pub use token::{check_token, check_token_for};

use serde::Serialize;

/// How much of each input the checks read, in characters (Unicode scalar
/// values): past its limit, a field is "too long" without being read
/// further, so a pasted megabyte never stalls typing. The element cuts each
/// value at one character past its limit and takes these numbers from the
/// report, never from a copy of its own.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InputLimits {
    /// [`site::MAX_SITE_CHARS`].
    pub site: usize,
    /// [`email::MAX_EMAIL_INPUT`]: room for a display name around the address.
    pub email: usize,
    /// [`token::MAX_TOKEN_CHARS`].
    pub token: usize,
    /// [`name::MAX_NAME_CHARS`].
    pub name: usize,
    /// [`date::MAX_DATE_CHARS`].
    pub expires_on: usize,
    /// [`tenant::MAX_TENANT_CHARS`].
    pub tines_tenant: usize,
    /// [`tenant::MAX_TEAM_ID_INPUT`]: room for the team's address pasted whole.
    pub team_id: usize,
    /// The daily check's address to notify.
    pub notify_email: usize,
    /// The daily check's time of day.
    pub check_time: usize,
    /// The daily check's time zone.
    pub time_zone: usize,
    /// Replacing a token: the credential's account id, or its Metadata.
    pub credential_account: usize,
    /// What a terminal check command printed, pasted back
    /// ([`MAX_TRANSCRIPT_CHARS`]).
    pub transcript: usize,
}

/// Longer pastes of a terminal check command's output are refused unread
/// (`crate::jira::interpret_transcript`): a `/myself` transcript is about 2 KB.
pub const MAX_TRANSCRIPT_CHARS: usize = 256 * 1024;

/// Every input's limit, each the one its check reads up to.
pub const INPUT_LIMITS: InputLimits = InputLimits {
    site: site::MAX_SITE_CHARS,
    email: email::MAX_EMAIL_INPUT,
    token: token::MAX_TOKEN_CHARS,
    name: name::MAX_NAME_CHARS,
    expires_on: date::MAX_DATE_CHARS,
    tines_tenant: tenant::MAX_TENANT_CHARS,
    team_id: tenant::MAX_TEAM_ID_INPUT,
    notify_email: email::MAX_EMAIL_INPUT,
    check_time: schedule::MAX_TIME_CHARS,
    time_zone: schedule::MAX_ZONE_CHARS,
    credential_account: account::MAX_CREDENTIAL_ACCOUNT_CHARS,
    transcript: MAX_TRANSCRIPT_CHARS,
};
