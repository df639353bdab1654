#!/usr/bin/env bash
# Cost harness: for each input shape known to have been super-linear (run-on sentences,
# headlines, date-like lines, many short sentences, a huge JSONL string, long search queries),
# size 4n must cost less than 6x size n on the release binary. Fails CI on a super-linear
# ratio, a timeout (300 s per run) or a crash. About 5 minutes on a 2-core machine.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --bin vigil
nice python3 scripts/cost_harness.py --bin target/release/vigil
