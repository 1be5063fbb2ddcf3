#!/usr/bin/env bash
# npm run bench: speed and weight of the module and the page, against what people would use
# instead (issue 6). Builds the release module first (as npm test does), so the figures describe
# the current source; `--no-build` measures www/pkg as it is. Prints one table and writes
# bench-results/latest.json. Takes about four minutes.
source "$(dirname "$0")/lib.sh"

bash scripts/setup.sh --bench
if [ "${1:-}" != "--no-build" ]; then
  bash scripts/build.sh
fi
[ -f www/pkg/tines_jira_credential_bg.wasm ] || die "www/pkg is missing: run npm run build first"

step "Benchmarks"
node scripts/bench/run.mjs
