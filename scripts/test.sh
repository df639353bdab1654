#!/usr/bin/env bash
# The README's test command: builds the release binary (end-to-end tests drive it), runs every
# test in the workspace, then the suites in scripts/test.d/ (Python, browser, …) in name order.
# Tests that need ../shared or a server print a skip note when it is absent; under CI
# (VIGIL_CI=1, set by .ci/run, which also starts the servers) an absent server is a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin vigil
VIGIL_BIN="$PWD/target/release/vigil" cargo test --workspace --release
for t in scripts/test.d/*.sh; do
  [ -e "$t" ] || continue
  echo "== $t"
  VIGIL_BIN="$PWD/target/release/vigil" bash "$t"
done
