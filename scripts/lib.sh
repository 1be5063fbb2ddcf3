# Shared helpers for the scripts in this folder. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# The wasm-bindgen CLI must be exactly the version Cargo.toml pins for the crate.
WASM_BINDGEN_VERSION="0.2.130"
# The bench's wasm breakdown (scripts/setup.sh --bench).
TWIGGY_VERSION="0.8.0"
# The MkDocs theme the docs-site test builds with (scripts/setup.sh --docs).
MKDOCS_MATERIAL_VERSION="9.8.2"
export PATH="$HOME/.cargo/bin:$ROOT/node_modules/.bin:$PATH"

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
note() { printf '    %s\n' "$*"; }
die() { printf '\033[31merror:\033[0m %s\n' "$*" >&2; exit 1; }
