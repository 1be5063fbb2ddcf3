//! Checks the four inputs of a Jira Cloud credential for Tines (site, account
//! email, API token, credential name), explains every mistake, and produces
//! everything a person pastes into Tines.
//!
//! The layers, one direction of data (docs/architecture.md):
//! - [`checks`]: the rules for each input, strings in, typed results out;
//! - [`tines`]: every output built from checked values, in Tines' formats;
//! - [`jira`]: the live check as data: the requests, the reading of Jira's
//!   answers and of a pasted terminal transcript;
//! - [`relay`]: the same-origin relay's decisions as data.
//!
//! No JavaScript here: each wasm face is a crate of its own over this one
//! (`js-api/page-typing`, `js-api/page-live`, `js-api/relay`, and what the
//! page's two share, `js-api/page-common`), holding only its bindings and
//! its transport.
//!
//! [`diagnostic`] and [`route`] are the shared vocabulary underneath. Nothing
//! imports from a layer above it.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod checks;
pub mod diagnostic;
pub mod jira;
pub mod relay;
pub mod route;
mod text;
pub mod tines;

pub use checks::{
    check_email, check_name, check_site, check_token, credential_key, SiteCheck, SiteKind,
};
pub use diagnostic::{Code, Diagnostic, FieldResult, Severity};
pub use route::Route;
pub use tines::replacement::{build_replacement, AccountMatch, AccountState, Replacement};
pub use tines::{
    build_check_commands, build_credential, build_daily_story, build_replace_commands, build_story,
    build_tines_api_commands, CheckCommands, CredentialInput, CredentialOutputs, CredentialReport,
    ReplaceCommands, TinesApiCommands,
};
