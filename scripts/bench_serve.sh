#!/usr/bin/env bash
# Load benchmark of `vigil serve` (not a test): builds a store of the full Reuters-21578 corpus
# (../shared/data/corpus/reuters21578, converted to JSONL, then `vigil analyze`), starts the
# server on a free loopback port and runs `wrk` (Debian package) with concurrent connections
# against GET /api/events and GET /api/alerts. Prints requests/s, p50/p99 latency and the
# server's peak RSS (VmHWM). Usage: scripts/bench_serve.sh [SECONDS] [CONNECTIONS]
# ARTICLES=N limits the store to the first N articles (default: all, about 19,000).
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-20}
conns=${2:-16}
corpus=../shared/data/corpus/reuters21578
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 1; }
[ -d "$corpus" ] || { echo "needs $corpus" >&2; exit 1; }
if [ -z "${VIGIL_BIN:-}" ]; then cargo build --release --bin vigil; fi
bin=${VIGIL_BIN:-$PWD/target/release/vigil}
work=target/bench-serve
mkdir -p "$work"
if [ ! -s "$work/reuters.db" ]; then
  python3 scripts/reuters_jsonl.py "$corpus" > "$work/reuters.jsonl"
  if [ -n "${ARTICLES:-}" ]; then
    head -n "$ARTICLES" "$work/reuters.jsonl" > "$work/reuters.part" && mv "$work/reuters.part" "$work/reuters.jsonl"
  fi
  nice "$bin" analyze --db "$work/reuters.db" --max-bytes 100000000 "$work/reuters.jsonl" > "$work/analyze.out"
  head -3 "$work/analyze.out"
fi
"$bin" serve --db "$work/reuters.db" --addr 127.0.0.1:0 > "$work/serve.out" &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 50); do grep -q listening "$work/serve.out" && break; sleep 0.2; done
base=$(grep -o 'http://[^ ]*' "$work/serve.out" | sed 's#/$##')
curl -sf "$base/api/health"; echo
for path in "/api/events?limit=100" "/api/events?country=USA&limit=100" "/api/alerts?limit=20"; do
  echo "== GET $path ($conns connections, ${secs}s)"
  wrk -t2 -c"$conns" -d"${secs}s" --latency "$base$path" | grep -E "Requests/sec|50%|99%|Non-2xx|requests in"
done
echo "server peak RSS: $(grep VmHWM /proc/$pid/status)"
