#!/usr/bin/env bash
# npm test: everything, in the order that fails fastest.
#   1. style: cargo fmt --check, cargo clippy over the workspace (native and wasm32)
#   2. native: cargo test --workspace (rules, peer suites, properties, outputs)
#   3. build: the release module into www/pkg
#   4. types: the consumer project tests/types/ compiles under strict, using every export and field
#   5. browser: wasm-bindgen-test in headless Chromium against the fake Jira
#   6. node suites, two files at a time: Firefox ESR and Chromium (the same browser scenarios),
#      end-to-end, Vite, Docusaurus, page, relays (nginx, workerd, Deno), size budgets, package,
#      commands
source "$(dirname "$0")/lib.sh"

bash scripts/setup.sh --browsers

step "Style: cargo fmt and clippy"
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --quiet -- -D warnings
# The faces as they ship, and the browser suite, for wasm32.
cargo clippy --workspace --exclude tines-jira-credential --all-targets --target wasm32-unknown-unknown --quiet -- -D warnings

step "Native suite: cargo test"
cargo test --workspace --quiet 2>&1 | tee /tmp/tjc-native.log
grep -E '^test result:' /tmp/tjc-native.log | awk '{p+=$4; f+=$6} END {printf "    native: %d passed, %d failed\n", p, f}'

bash scripts/build.sh

step "Types: the consumer project in tests/types (strict, every entry, export and field)"
node --test tests/types/types.test.mjs

step "Browser suite: wasm-bindgen-test in headless Chromium"
node scripts/test-browser.mjs

step "Node suites: page, end-to-end, sizes, package, relay, commands"
# Two files at a time: most of a browser test is waiting, and the machine has two cores. Each
# file starts its own browser, fake Jira and servers on ports the system picks; the one fixed
# port, 127.0.0.1:443, is tests/firefox/firefox.test.mjs's alone. The longest files go first.
node --test --test-concurrency=2 tests/firefox/*.test.mjs tests/e2e/*.test.mjs tests/page/*.test.mjs tests/relay/*.test.mjs tests/node/*.test.mjs tests/commands/*.test.mjs
