//! Finding the third-party test data beside the project's root (from `CARGO_MANIFEST_DIR`): the
//! peer suites in `../shared/peer-suites/` and Tines' own story exports in
//! `../shared/data/tines-story-export/`, and nothing else there. They are never committed to this repository; see the README in
//! each folder there for where each file comes from and how the tests use it.
//!
//! CI always has the folder, so under `CI=true` a file that is not there fails the test, named.
//! Elsewhere the test prints `skipped: ../shared/peer-suites/<file> not found` (or `data/…`) to
//! stderr and returns.
//! A file that is there but cannot be read fails everywhere.

use std::io::{ErrorKind, Write};
use std::path::PathBuf;

/// Whether the environment says this is CI (`CI=true`, as GitHub Actions and most CI services set it;
/// `CI=1` too).
fn on_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

/// The text of a file under `../shared/peer-suites/` or `../shared/data/` (`relative` starts with
/// `peer-suites/` or `data/`), or `None` when it is not there outside CI (after saying so on
/// stderr). Panics, naming the file, when it is not there under `CI=true` or cannot be read.
pub fn read(relative: &str) -> Option<String> {
    assert!(
        relative.starts_with("peer-suites/") || relative.starts_with("data/"),
        "tests read only the third-party data in ../shared/peer-suites/ and ../shared/data/, not {relative}"
    );
    let shown = format!("../shared/{relative}");
    let path: PathBuf = [env!("CARGO_MANIFEST_DIR"), "..", "shared", relative]
        .iter()
        .collect();
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(error) if error.kind() == ErrorKind::NotFound => {
            if on_ci() {
                panic!(
                    "{shown} not found ({}), and CI=true: CI always has ../shared/, so this \
                     oracle must run there",
                    path.display()
                );
            }
            // Straight to the process's stderr, not `eprintln!`, which the test harness captures
            // and shows only for a failing test: the skip is seen in a plain `cargo test` run.
            // One write, so that the line is not cut by the harness's own output.
            let line = format!(
                "skipped: {shown} not found ({}); the third-party data is not in this \
                 repository, put it in ../shared/ to run this oracle\n",
                path.display()
            );
            let _ = std::io::stderr().write_all(line.as_bytes());
            None
        }
        Err(error) => panic!("could not read {shown} ({}): {error}", path.display()),
    }
}
