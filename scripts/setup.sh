#!/usr/bin/env bash
# Installs whatever is missing to build the module and serve the page:
# the wasm32 Rust target, the wasm-bindgen CLI at the pinned version, and the
# npm packages. With --browsers it also installs Debian's Chromium,
# ChromeDriver and Firefox ESR (tests), nginx (relay tests), curl, strace and
# zsh (the command tests run the generated commands with curl, pasted into zsh
# too, and watch what they start with strace), and MkDocs with the Material
# theme (the docs-site test), and the npm packages of the example apps the
# browser tests build (tests/vite-app, tests/docusaurus-site); --docs installs
# only MkDocs, --apps only the apps' packages. --bench installs twiggy (npm run
# bench's breakdown of the wasm). Safe to run again: each step is skipped when
# its tool is already there.
source "$(dirname "$0")/lib.sh"

want_browsers=false
want_docs=false
want_apps=false
want_bench=false
for arg in "$@"; do
  case "$arg" in
    --browsers) want_browsers=true; want_docs=true; want_apps=true ;;
    --docs) want_docs=true ;;
    --apps) want_apps=true ;;
    --bench) want_bench=true ;;
    *) die "unknown option $arg" ;;
  esac
done

command -v cargo >/dev/null || die "cargo not found: install Rust with rustup (https://rustup.rs) first."
command -v node >/dev/null || die "node not found: install Node.js 20 or later first."

# npm ci when node_modules is missing or older than the lock file: in the background, beside
# the Rust steps below (it waits on the network, they on the processor); waited for at the end.
stamp="node_modules/.package-lock.json"
npm_ci=
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
  step "Installing npm packages (one time, about a minute), beside the rest"
  npm ci --no-audit --no-fund --loglevel=error &
  npm_ci=$!
fi

if ! rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown; then
  step "Adding the wasm32-unknown-unknown Rust target (one time, under a minute)"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (one time: compiles from source, about 1.5 minutes on 2 cores)"
  # No --locked: one locked dependency version is no longer on the registry.
  # A lighter release profile for this install only (opt-level 1, 16 codegen units, no LTO):
  # measured on 2 cores, 87 s against 119 s for the default profile and 47 s for --debug; its
  # output is byte for byte the default build's, and it runs as fast where it counts (a 22 MB
  # test wasm: 1.4 s, against 1.2 s, and 5.3 s for --debug, which every npm test would pay).
  CARGO_PROFILE_RELEASE_OPT_LEVEL=1 CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_DEBUG=false \
    cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ -n "$npm_ci" ]; then
  wait "$npm_ci" || die "npm ci failed: see its output above."
fi

# twiggy, for the bench's breakdown of the wasm by crate and by item. Without it
# the bench says so and measures the rest.
if $want_bench && [ "$(twiggy --version 2>/dev/null || true)" != "twiggy-opt $TWIGGY_VERSION" ]; then
  step "Installing twiggy $TWIGGY_VERSION (one time: compiles from source, about 2 minutes on 2 cores)"
  cargo install twiggy --version "$TWIGGY_VERSION" || note "twiggy did not install: the bench goes on without its breakdown of the wasm"
fi


if $want_browsers; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  # The relay's optional includes: the strict allow-list of response headers, and repeated
  # Sec-Fetch-Site/Origin on nginx 1.22 (tests/relay/ skips those tests without them).
  [ -f /usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so ] || missing+=(libnginx-mod-http-headers-more-filter)
  [ -f /usr/lib/nginx/modules/ngx_http_js_module.so ] || missing+=(libnginx-mod-http-js)
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  command -v strace >/dev/null || missing+=(strace)
  command -v zsh >/dev/null || missing+=(zsh)
  command -v python3 >/dev/null || missing+=(python3)
  if [ ${#missing[@]} -gt 0 ]; then
    step "Installing ${missing[*]} from Debian (one time, a few minutes)"
    if [ "$(id -u)" = 0 ]; then
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    elif command -v sudo >/dev/null; then
      sudo apt-get update -qq
      sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
    else
      die "the tests need ${missing[*]}: install them with apt-get as root, then run npm test again."
    fi
  fi
fi

# MkDocs and its Material theme, pinned, in a virtual environment of this
# checkout (tests/e2e/docs-site.test.mjs builds a small docs site with it).
if $want_docs; then
  docs_venv="$ROOT/target/docs-venv"
  if [ "$("$docs_venv/bin/python" -m pip show mkdocs-material 2>/dev/null | sed -n 's/^Version: //p')" != "$MKDOCS_MATERIAL_VERSION" ]; then
    command -v python3 >/dev/null || die "python3 not found: install it (Debian: python3 python3-venv) for the docs-site test."
    step "Installing MkDocs Material $MKDOCS_MATERIAL_VERSION into target/docs-venv (one time, under a minute)"
    python3 -m venv "$docs_venv" || die "python3 -m venv failed: install Debian's python3-venv."
    "$docs_venv/bin/python" -m pip install --quiet --disable-pip-version-check "mkdocs-material==$MKDOCS_MATERIAL_VERSION"
  fi
fi

# The example apps (tests/e2e/vite-app.test.mjs, tests/e2e/docusaurus.test.mjs), each with its own
# lock file so that Vite and Docusaurus stay out of the package's own install: npm ci in each
# folder whose node_modules is missing or older than its lock file.
if $want_apps; then
  for app in tests/vite-app tests/docusaurus-site tests/vitepress-site tests/starlight-site; do
    if [ ! -f "$app/node_modules/.package-lock.json" ] || [ "$app/package-lock.json" -nt "$app/node_modules/.package-lock.json" ]; then
      step "Installing the npm packages of $app (one time, up to a minute or two)"
      (cd "$app" && npm ci --no-audit --no-fund)
    fi
  done
fi
