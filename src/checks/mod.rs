//! The checks: strings in, typed results out, one module per input. Plain
//! Rust with no web types, tested natively.

pub mod date;
pub mod email;
pub mod name;
pub mod site;
pub mod tenant;
pub mod token;

pub use date::{check_expiry, Date};
pub use email::check_email;
pub use name::{check_name, credential_key};
pub use site::{check_site, SiteCheck, SiteKind};
pub use tenant::{check_team_id, check_tenant};
pub use token::check_token;
