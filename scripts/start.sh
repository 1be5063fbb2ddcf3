#!/usr/bin/env bash
# npm start: install what is missing, build the module, serve www/ on localhost.
source "$(dirname "$0")/lib.sh"

bash scripts/setup.sh
bash scripts/build.sh --page
port="${PORT:-8080}"
step "Serving www/ at http://localhost:$port/  (Ctrl+C stops)"
note "The embed example is at http://localhost:$port/embed.html"
# sirv serves .wasm as application/wasm, which WebAssembly.instantiateStreaming needs.
exec sirv www --port "$port" --host 127.0.0.1 --etag --quiet
