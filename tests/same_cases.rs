//! The shared representative table, through the Rust API (see tests/web.rs for
//! the same table through the JavaScript API in a browser).
#![allow(clippy::restriction)] // tests assert with unwrap, expect, panic and indexing

mod cases;

use cases::{Check, CASES};
use tines_jira_credential::{check_email, check_name, check_site, check_token};

#[test]
fn representative_cases() {
    for case in CASES {
        let (ok, value, codes) = match case.check {
            Check::Site => {
                let r = check_site(case.input);
                (r.ok, r.value.clone(), r.codes())
            }
            Check::Email => {
                let r = check_email(case.input);
                (r.ok, r.value.clone(), r.codes())
            }
            Check::Token => {
                let r = check_token(case.input, cases::TODAY);
                (r.ok, r.value.clone(), r.codes())
            }
            Check::Name => {
                let r = check_name(case.input);
                (r.ok, r.value.clone(), r.codes())
            }
        };
        let codes: Vec<&str> = codes.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            value.as_deref(),
            case.value,
            "{:?} {:?}",
            case.check,
            case.input
        );
        assert_eq!(
            ok,
            case.value.is_some(),
            "{:?} {:?}",
            case.check,
            case.input
        );
        assert_eq!(codes, case.codes, "{:?} {:?}", case.check, case.input);
    }
}
