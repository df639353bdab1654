#!/usr/bin/env bash
# Streaming benchmark (not a test): builds one big JSONL by repeating the Reuters-21578 corpus
# (../shared/data/corpus/reuters21578) with new ids and titles (so every copy is a new
# document), then runs `vigil analyze` (or `vigil ingest`) on it under /usr/bin/time -v and
# prints peak RSS and documents/s. CPU-heavy: run it once, on a quiet machine if you can.
# Usage: scripts/bench_bigjsonl.sh SIZE_MB [analyze|ingest] [THREADS]
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:?usage: scripts/bench_bigjsonl.sh SIZE_MB [analyze|ingest] [THREADS]}
mode=${2:-analyze}
threads=${3:-$(nproc)}
corpus=../shared/data/corpus/reuters21578
[ -d "$corpus" ] || { echo "needs $corpus" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
if [ -z "${VIGIL_BIN:-}" ]; then cargo build --release --bin vigil; fi
bin=${VIGIL_BIN:-$PWD/target/release/vigil}
work=${WORK:-target/bench-bigjsonl}
mkdir -p "$work"
big="$work/reuters-${size_mb}mb.jsonl"
if [ ! -s "$big" ]; then
  # One converter for every benchmark (scripts/reuters_jsonl.py), then repeated with new ids.
  python3 scripts/reuters_jsonl.py "$corpus" > "$work/reuters.jsonl"
  python3 - "$size_mb" "$work/reuters.jsonl" > "$big" <<'PY'
import json, sys
recs = [json.loads(l) for l in open(sys.argv[2], encoding="utf-8")]
limit, written, copy = int(sys.argv[1]) * 1_000_000, 0, 0
while written < limit:
    for r in recs:
        # A new id and title per copy: a new document (ids are content hashes of title + text).
        title = f"{r.get('title') or ''} (copy {copy})"
        line = json.dumps(dict(r, id=f"{r['id']}-c{copy}", title=title))
        sys.stdout.write(line + "\n")
        written += len(line) + 1
        if written >= limit:
            break
    copy += 1
PY
fi
docs=$(wc -l < "$big")
echo "input: $big, $(du -m "$big" | cut -f1) MB, $docs documents; mode $mode, --threads $threads, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
rm -f "$work/bench.db" "$work/bench.db-wal" "$work/bench.db-shm"
/usr/bin/time -v "$bin" --threads "$threads" "$mode" --db "$work/bench.db" "$big" \
  > "$work/$mode.out" 2> "$work/$mode.time"
head -3 "$work/$mode.out"
secs=$(grep "Elapsed (wall clock)" "$work/$mode.time" | awk '{print $NF}' \
  | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
rss_kb=$(grep "Maximum resident set size" "$work/$mode.time" | awk '{print $NF}')
cpu=$(grep "Percent of CPU" "$work/$mode.time" | awk '{print $NF}')
echo "wall ${secs}s, CPU $cpu, peak RSS $((rss_kb / 1024)) MiB, $(python3 -c "print(round($docs / $secs))") docs/s"
