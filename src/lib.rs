//! Checks the four inputs of a Jira Cloud credential for Tines (site, account
//! email, API token, credential name), explains every mistake, and produces
//! everything a person pastes into Tines.
//!
//! The layers, one direction of data (docs/architecture.md):
//! - [`checks`]: the rules for each input, strings in, typed results out;
//! - [`tines`]: every output built from checked values, in Tines' formats;
//! - [`jira`]: the live check as data: the requests, the reading of Jira's
//!   answers and of a pasted terminal transcript;
//! - `web` (wasm32 only): the JavaScript API and the transport.
//! - [`relay`]: the same-origin relay's decisions as data; its own wasm build
//!   (`--features relay`) is what the edge relays run.
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

// The page's module and the relay's are two builds of this crate: the page's
// carries no relay code, the relay's (`--features relay`) none of the page's.
#[cfg(all(target_arch = "wasm32", not(feature = "relay")))]
pub mod web;

/// Both wasm builds allocate with talc: smaller than the default (dlmalloc),
/// and maintained (docs/architecture.md, "Dependencies").
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

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
