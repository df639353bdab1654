#!/usr/bin/env bash
# The README's test command: builds the release binary (end-to-end tests drive it) and runs every
# test in the workspace. Tests that need ../shared print a skip note when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --bin vigil
VIGIL_BIN="$PWD/target/release/vigil" cargo test --workspace --release
