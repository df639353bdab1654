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
  python3 - "$corpus" > "$work/reuters.jsonl" <<'PY'
import html, json, pathlib, re, sys
MONTHS = "JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split()
for f in sorted(pathlib.Path(sys.argv[1]).glob("reut2-*.sgm")):
    raw = f.read_bytes().decode("latin-1")
    for m in re.finditer(r"<REUTERS[^>]*NEWID=\"(\d+)\"[^>]*>(.*?)</REUTERS>", raw, re.S):
        body = re.search(r"<BODY>(.*?)</BODY>", m.group(2), re.S)
        if not body:
            continue
        title = re.search(r"<TITLE>(.*?)</TITLE>", m.group(2), re.S)
        date = re.search(r"<DATE>\s*(\d+)-(\w+)-(\d{4})", m.group(2))
        rec = {"id": "reuters-" + m.group(1), "source": "Reuters-21578",
               "title": html.unescape(title.group(1)) if title else None,
               "text": html.unescape(body.group(1)).replace("\x03", "").strip()}
        if date:
            month = MONTHS.index(date.group(2).upper()[:3]) + 1
            rec["date"] = f"{date.group(3)}-{month:02d}-{int(date.group(1)):02d}"
        print(json.dumps(rec))
PY
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
