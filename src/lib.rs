//! Checks the four inputs of a Jira Cloud credential for Tines (site, account
//! email, API token, credential name), explains every mistake, and produces
//! everything a person pastes into Tines.
//!
//! The rules are plain Rust, free of web types, and tested natively. The
//! `wasm` module (only on `wasm32`) exposes them to JavaScript, and the
//! `transport` module sends the one request the rules built.
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod base64;
pub mod diagnostic;
pub mod email;
pub mod json;
pub mod name;
pub mod report;
pub mod site;
mod text;
pub mod token;
pub mod verify;

#[cfg(target_arch = "wasm32")]
mod transport;
#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use diagnostic::{Code, Diagnostic, FieldResult, Severity};
pub use email::check_email;
pub use name::{check_name, credential_key};
pub use report::{build_credential, CredentialInput, CredentialOutputs, CredentialReport};
pub use site::{check_site, SiteCheck, SiteKind};
pub use token::check_token;
