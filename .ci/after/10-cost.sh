#!/usr/bin/env bash
# Cost harness: for each input shape known to have been super-linear (run-on sentences,
# headlines, date-like lines, many short sentences, a huge JSONL string, long search queries),
# size 4n must cost less than 6x size n (CPU time above start-up, least of interleaved rounds)
# on the release binary. Fails CI on a super-linear ratio, a timeout (300 s per run) or a
# crash. About 4 minutes of CPU on a 2-core machine (scripts/cost_harness.py says how it
# keeps noise out). VIGIL_COST_GATE=0 reports without failing (local experiments only).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --bin vigil
if [ "${VIGIL_COST_GATE:-1}" = 0 ]; then
  python3 scripts/cost_harness.py --bin target/release/vigil \
    || echo "cost harness: failures above (not gating: VIGIL_COST_GATE=0)"
else
  python3 scripts/cost_harness.py --bin target/release/vigil
fi
