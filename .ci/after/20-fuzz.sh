#!/usr/bin/env bash
# Fuzzing: every target in fuzz/ runs for a fixed time from the committed corpus; a crash, a
# panic, an input slower than the per-input timeout or a memory blow-up fails CI. New corpus
# entries go to a temporary directory, so the committed seeds stay as they are.
#
# Needs cargo-fuzz (installed here from crates.io when missing) and libFuzzer's compiler flags:
# the nightly toolchain when there is one, else stable with RUSTC_BOOTSTRAP=1. Roughly 3-5 min
# to build plus FUZZ_SECONDS (default 50) per target: about 10 minutes in all.
set -euo pipefail
cd "$(dirname "$0")/../.."
secs=${FUZZ_SECONDS:-50}

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "installing cargo-fuzz"
  cargo install cargo-fuzz --locked
fi
if rustup run nightly rustc --version >/dev/null 2>&1; then
  fuzz=(cargo +nightly fuzz)
else
  echo "no nightly toolchain: building the fuzz targets with stable and RUSTC_BOOTSTRAP=1"
  export RUSTC_BOOTSTRAP=1
  fuzz=(cargo fuzz)
fi
export VIGIL_DATA="$PWD/data"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# Safe Rust: no sanitizer needed to find panics, and the targets run several times faster.
"${fuzz[@]}" build -s none --fuzz-dir fuzz
failed=()
for t in $("${fuzz[@]}" list --fuzz-dir fuzz); do
  mkdir -p "$work/$t"
  echo "== fuzz $t (${secs}s)"
  if ! "${fuzz[@]}" run -s none --fuzz-dir fuzz "$t" "$work/$t" "fuzz/corpus/$t" -- \
      -max_total_time="$secs" -timeout=10 -rss_limit_mb=3072 -print_final_stats=1 \
      >"$work/$t.log" 2>&1; then
    tail -40 "$work/$t.log"
    failed+=("$t")
  else
    grep -E "^stat::number_of_executed_units|Done [0-9]+ runs" "$work/$t.log" | tail -1 || true
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz targets failed: ${failed[*]} (crash inputs are under fuzz/artifacts/)"
  exit 1
fi
echo "fuzz: all targets ran ${secs}s without a crash"
