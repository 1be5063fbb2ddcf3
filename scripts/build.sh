#!/usr/bin/env bash
# Builds the wasm module into www/pkg: cargo (size-first release profile),
# wasm-bindgen --target web, then wasm-opt -Oz from the binaryen npm package;
# then the element beside it (www/pkg/tines-jira-credential.js and .css,
# minified with terser and csso). `--dev` skips wasm-opt and every
# minification and builds without optimisation, for quick iteration.
source "$(dirname "$0")/lib.sh"

profile=release
[ "${1:-}" = "--dev" ] && profile=dev

step "Building the wasm module ($profile)"
if [ "$profile" = release ]; then
  # `cargo rustc --crate-type cdylib`: with both cdylib and rlib in Cargo.toml,
  # `cargo build` passes no -C lto at all, so the profile's `lto = true` would
  # not apply to the wasm (measured: 3.8 KB gzipped).
  cargo rustc --lib --release --target wasm32-unknown-unknown --crate-type cdylib
  wasm="target/wasm32-unknown-unknown/release/tines_jira_credential.wasm"
else
  cargo build --lib --target wasm32-unknown-unknown
  wasm="target/wasm32-unknown-unknown/debug/tines_jira_credential.wasm"
fi

rm -rf www/pkg
wasm-bindgen --target web --out-dir www/pkg "$wasm"
rm -f www/pkg/.gitignore www/pkg/package.json

if [ "$profile" = release ]; then
  # The features Rust enables by default for wasm32 must be allowed explicitly.
  wasm-opt --flatten --rereloop -Oz -Oz --converge --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    www/pkg/tines_jira_credential_bg.wasm -o www/pkg/tines_jira_credential_bg.wasm
  # The generated JS glue is build output, not source: minify it (terser is
  # plain JavaScript; the exports the .d.ts describes keep their names).
  terser www/pkg/tines_jira_credential.js --module --compress --mangle \
    --output www/pkg/tines_jira_credential.js
fi

step "Building the element into www/pkg"
if [ "$profile" = release ]; then
  node scripts/build-element.mjs
else
  node scripts/build-element.mjs --dev
fi

raw=$(wc -c < www/pkg/tines_jira_credential_bg.wasm)
gz=$(gzip -9 -c www/pkg/tines_jira_credential_bg.wasm | wc -c)
note "www/pkg/tines_jira_credential_bg.wasm: $raw bytes, $gz gzipped"
note "www/pkg/tines_jira_credential.js: $(wc -c < www/pkg/tines_jira_credential.js) bytes, $(gzip -9 -c www/pkg/tines_jira_credential.js | wc -c) gzipped"
