#!/usr/bin/env bash
# npm run bench: speed and weight of the module and the page, against what people would use
# instead (issue 6). Builds the release module first (as npm test does), so the figures describe
# the current source; `--no-build` measures www/pkg as it is. Prints one table and writes
# bench-results/latest.json and target/bench/<date and time>.json, one file a run; the medians of
# several runs: node scripts/bench/medians.mjs target/bench/*.json. Takes about ten minutes.
#
# Click to verdict before and after the two modules (issue 28, part 5) needs a www/ built from
# before the split, named by BENCH_BEFORE_WWW; without it the bench measures this build only and
# says so. To make one (not while another build runs):
#   git worktree add /tmp/tjc-before 6a4d69d
#   ln -s "$PWD/node_modules" /tmp/tjc-before/node_modules
#   (cd /tmp/tjc-before && CARGO_TARGET_DIR=/tmp/tjc-before-target bash scripts/build.sh)
#   BENCH_BEFORE_WWW=/tmp/tjc-before/www npm run bench
source "$(dirname "$0")/lib.sh"

bash scripts/setup.sh --bench
if [ "${1:-}" != "--no-build" ]; then
  bash scripts/build.sh
fi
[ -f www/pkg/tines_jira_credential_bg.wasm ] || die "www/pkg is missing: run npm run build first"

step "Benchmarks"
node scripts/bench/run.mjs
