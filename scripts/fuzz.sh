#!/usr/bin/env bash
# npm run fuzz [SECONDS] [TARGET...]: runs each cargo-fuzz target in fuzz/ for SECONDS (default 60)
# on the stable toolchain, and prints the executions and any crash per target. Not part of npm test.
# cargo-fuzz passes nightly-only flags (-Z sanitizer); RUSTC_BOOTSTRAP=1 lets stable accept them.
# Installs cargo-fuzz when it is missing (about two minutes to compile).
source "$(dirname "$0")/lib.sh"

seconds="${1:-60}"
shift || true
if ! cargo fuzz --version >/dev/null 2>&1; then
  step "Installing cargo-fuzz (one time, about two minutes)"
  cargo install cargo-fuzz
fi
targets=("$@")
[ ${#targets[@]} -gt 0 ] || mapfile -t targets < <(cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz list)

export RUSTC_BOOTSTRAP=1
failed=()
for target in "${targets[@]}"; do
  step "Fuzzing $target for ${seconds} s"
  log="fuzz/artifacts/$target.log"
  mkdir -p fuzz/artifacts
  if (cd fuzz && cargo fuzz run "$target" -- -max_total_time="$seconds" -print_final_stats=1) >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    note "$target: ${runs:-?} executions, no crash"
  else
    failed+=("$target")
    note "$target: FAILED, see $log"
    grep -E "panicked|ERROR: libFuzzer|SUMMARY" "$log" | head -5 | sed 's/^/      /'
  fi
done
[ ${#failed[@]} -eq 0 ] || die "crashes in: ${failed[*]}"
