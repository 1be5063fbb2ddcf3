#!/usr/bin/env bash
# Builds the wasm modules, each a crate of the workspace under js-api/: the page's two into
# www/pkg (js-api/page-typing, js-api/page-live), with cargo (size-first release profile),
# wasm-bindgen --target web, then wasm-opt -Oz from the binaryen npm package; then the element
# beside them (www/pkg/tines-jira-credential.js, its modules bundled by esbuild and minified, and
# .css, minified with csso); then the relay's (js-api/relay) into deploy/edge/pkg for the edge
# relays. `--dev` skips wasm-opt and every minification and builds without optimisation, for
# quick iteration. `--page` builds only what serving the page needs (npm start): the relay's
# module is left out.
source "$(dirname "$0")/lib.sh"

profile=release
relay=true
for arg in "$@"; do
  case "$arg" in
    --dev) profile=dev ;;
    --page) relay=false ;;
    *) die "unknown option $arg" ;;
  esac
done

# Where cargo writes: CARGO_TARGET_DIR, a .cargo/config.toml's build.target-dir,
# or target/; cargo metadata knows which.
target_dir=$(cargo metadata --format-version 1 --no-deps | node -e \
  'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => console.log(JSON.parse(s).target_directory))')

# The size flags for wasm-opt. The features Rust enables by default for wasm32
# must be allowed explicitly.
wasm_opt() {
  wasm-opt --flatten --rereloop -Oz -Oz --converge --strip-producers --strip-target-features \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$1" -o "$1"
}

# What wasm-bindgen, wasm-opt and terser make of one cargo output is kept in the target directory,
# keyed on that output, this script and the tools' versions; an unchanged module is copied from
# there instead of being made again (wasm-opt --converge alone takes most of a minute on 2 cores).
cache_root="$target_dir/tjc-pkg-cache"
cache_key() {
  { sha256sum "$1" "$ROOT/scripts/build.sh" "$ROOT/scripts/embed-wasm.mjs"; wasm-bindgen --version; wasm-opt --version; terser --version; echo "$profile"; } |
    sha256sum | cut -c1-32
}
# from_cache KEY DIR: DIR's contents from the cache, if there; to_cache KEY DIR keeps them.
from_cache() {
  [ -d "$cache_root/$1" ] || return 1
  rm -rf "$2" && mkdir -p "$2" && cp -a "$cache_root/$1/." "$2/" && note "$2: unchanged module, from $cache_root/$1"
}
to_cache() {
  mkdir -p "$cache_root" && rm -rf "$cache_root/$1.tmp" && cp -a "$2" "$cache_root/$1.tmp" && rm -rf "$cache_root/$1" && mv "$cache_root/$1.tmp" "$cache_root/$1"
}

# cargo_wasm CRATE: builds one face crate of the workspace for wasm32; sets $wasm to its output.
cargo_wasm() {
  local crate=$1
  local file
  file=$(echo "$crate" | tr - _).wasm
  if [ "$profile" = release ]; then
    # `cargo rustc --crate-type cdylib`: with both cdylib and rlib in the crate's Cargo.toml,
    # `cargo build` passes no -C lto at all, so the profile's `lto = true` would
    # not apply to the wasm (measured: 3.8 KB gzipped).
    cargo rustc -p "$crate" --lib --release --target wasm32-unknown-unknown --crate-type cdylib
    wasm="$target_dir/wasm32-unknown-unknown/release/$file"
  else
    cargo build -p "$crate" --lib --target wasm32-unknown-unknown
    wasm="$target_dir/wasm32-unknown-unknown/debug/$file"
  fi
}

# page_module NAME CRATE: one of the page's two modules, built with cargo, then bound, optimised
# and minified into $target_dir/tjc-out/NAME (or taken from the cache) and copied into www/pkg by
# finish_module, which runs in the background (its pid in $finishing): wasm-opt on one module
# keeps one core busy while cargo compiles the next on the other.
page_module() {
  cargo_wasm "$2"
  finish_module "$1" "$wasm" &
  finishing=$!
}

finish_module() {
  local name=$1 wasm=$2
  local out="$target_dir/tjc-out/$name" key
  key=$name-$(cache_key "$wasm")
  if ! from_cache "$key" "$out"; then
    rm -rf "$out"
    wasm-bindgen --target web --out-name "$name" --out-dir "$out" "$wasm"
    rm -f "$out/.gitignore" "$out/package.json"
    if [ "$profile" = release ]; then
      wasm_opt "$out/${name}_bg.wasm"
      # The generated JS glue is build output, not source: minify it (terser is
      # plain JavaScript; the exports the .d.ts describes keep their names).
      terser "$out/$name.js" --module --compress --mangle --output "$out/$name.js"
    fi
    to_cache "$key" "$out"
  fi
  cp -a "$out/." www/pkg/
}

# The page's two modules, by when a person needs them (docs/architecture.md, "Two modules"): the
# first (js-api/page-typing) holds what typing needs; the second (js-api/page-live) what a check,
# a paste or a command needs, and the element fetches it in the background once the form can be
# checked.
rm -rf www/pkg
mkdir -p www/pkg
step "Building the page's first module ($profile): typing"
page_module tines_jira_credential tines-jira-credential-page-typing
first=$finishing
step "Building the page's second module ($profile): the live check, the reader, the commands, the stories"
page_module tines_jira_credential_live tines-jira-credential-page-live
wait "$first"
wait "$finishing"

step "Building the element into www/pkg"
if [ "$profile" = release ]; then
  node scripts/build-element.mjs
else
  node scripts/build-element.mjs --dev
fi

# Precompressed copies beside each file, for servers that send them as they are (nginx's
# gzip_static, hosts that upload files as they are): gzip -9 and Brotli at quality 11.
if [ "$profile" = release ]; then
  node scripts/precompress.mjs www/pkg
fi

for f in tines_jira_credential_bg.wasm tines_jira_credential.js tines_jira_credential_live_bg.wasm tines_jira_credential_live.js; do
  note "www/pkg/$f: $(wc -c < "www/pkg/$f") bytes, $(gzip -9 -n -c "www/pkg/$f" | wc -c) gzipped"
done

$relay || exit 0

# The relay's module (js-api/relay), for deploy/edge/relay.mjs.
step "Building the relay's module ($profile) into deploy/edge/pkg"
cargo_wasm tines-jira-credential-relay
key=relay-$(cache_key "$wasm")
if ! from_cache "$key" deploy/edge/pkg; then
  rm -rf deploy/edge/pkg
  wasm-bindgen --target web --out-name tines_jira_relay --out-dir deploy/edge/pkg "$wasm"
  rm -f deploy/edge/pkg/.gitignore deploy/edge/pkg/package.json
  [ "$profile" = release ] && wasm_opt deploy/edge/pkg/tines_jira_relay_bg.wasm
  # Deno and Netlify's edge functions bundle only the module graph, so the wasm
  # also ships as a module of its own (Workers import the .wasm file itself).
  node scripts/embed-wasm.mjs deploy/edge/pkg/tines_jira_relay_bg.wasm deploy/edge/pkg/tines_jira_relay_wasm.js
  to_cache "$key" deploy/edge/pkg
fi
note "deploy/edge/pkg/tines_jira_relay_bg.wasm: $(wc -c < deploy/edge/pkg/tines_jira_relay_bg.wasm) bytes, $(gzip -9 -c deploy/edge/pkg/tines_jira_relay_bg.wasm | wc -c) gzipped"
