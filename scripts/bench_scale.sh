#!/usr/bin/env bash
# Scale-out benchmark (not a test): documents/s on a slice of Reuters-21578
# (../shared/data/corpus/reuters21578) for
#   1. SQLite, one process: `vigil ingest` then `vigil extract` (all cores);
#   2. PostgreSQL ingest only (`vigil ingest --db postgres://…`: stores, queues, no extraction);
#   3. PostgreSQL, 1 worker (`vigil worker --exit-when-idle`, all cores);
#   4. PostgreSQL, 2 workers at once on the same queue;
#   5. PostgreSQL, 1 worker on one core (RAYON_NUM_THREADS=1): the per-core rate.
# Each PostgreSQL run gets a fresh database on the server of $VIGIL_BENCH_POSTGRES (default
# $VIGIL_TEST_POSTGRES; `source .ci/services/10-postgres.sh` starts a local one).
# Usage: scripts/bench_scale.sh [ARTICLES]   (default 3000)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-3000}
corpus=../shared/data/corpus/reuters21578
base=${VIGIL_BENCH_POSTGRES:-${VIGIL_TEST_POSTGRES:-}}
[ -d "$corpus" ] || { echo "needs $corpus" >&2; exit 1; }
[ -n "$base" ] || { echo "needs VIGIL_BENCH_POSTGRES or VIGIL_TEST_POSTGRES (postgres://…)" >&2; exit 1; }
command -v psql >/dev/null || { echo "needs psql (Debian postgresql-client)" >&2; exit 1; }
if [ -z "${VIGIL_BIN:-}" ]; then cargo build --release --bin vigil; fi
bin=${VIGIL_BIN:-$PWD/target/release/vigil}
work=target/bench-scale
rm -rf "$work" && mkdir -p "$work"
python3 scripts/reuters_jsonl.py "$corpus" > "$work/all.jsonl"
head -n "$n" "$work/all.jsonl" > "$work/in.jsonl"
echo "input: $(wc -l < "$work/in.jsonl") articles, $(du -h "$work/in.jsonl" | cut -f1); $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

now() { date +%s.%N; }
rate() { awk -v n="$1" -v a="$2" -v b="$3" 'BEGIN { printf "%8.2f s  %8.1f docs/s", b - a, n / (b - a) }'; }
fresh_db() {
  local name="vigil_bench_$1_$$"
  psql -q "$base" -c "DROP DATABASE IF EXISTS $name" -c "CREATE DATABASE $name" >/dev/null
  echo "${base%/*}/$name"
}
docs=$(wc -l < "$work/in.jsonl")

t0=$(now); "$bin" ingest --db "$work/s.db" "$work/in.jsonl" > /dev/null 2>&1; t1=$(now)
"$bin" extract --db "$work/s.db" > "$work/sqlite.out"; t2=$(now)
echo "sqlite ingest            $(rate "$docs" "$t0" "$t1")"
echo "sqlite extract (1 proc)  $(rate "$docs" "$t1" "$t2")   $(cat "$work/sqlite.out")"

workers() { # DB COUNT [env...]
  local db=$1 count=$2; shift 2
  local pids=()
  for i in $(seq "$count"); do
    env "$@" "$bin" worker --db "$db" --exit-when-idle > "$work/worker$i.out" &
    pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p"; done
}
for run in 1 2 1c; do
  db=$(fresh_db "w$run")
  t0=$(now); "$bin" ingest --db "$db" "$work/in.jsonl" > /dev/null 2>&1; t1=$(now)
  [ "$run" = 1 ] && echo "postgres ingest only     $(rate "$docs" "$t0" "$t1")"
  case $run in
    1) workers "$db" 1 ;;
    2) workers "$db" 2 ;;
    1c) workers "$db" 1 RAYON_NUM_THREADS=1 ;;
  esac
  t2=$(now)
  label=$([ "$run" = 1c ] && echo "1 worker, 1 core" || echo "$run worker(s)")
  printf "postgres %-16s %s   events %s\n" "$label" "$(rate "$docs" "$t1" "$t2")" \
    "$(psql -tA "$db" -c 'SELECT count(*) FROM events')"
  "$bin" events --db "$db" --format jsonl | sha256sum | cut -c1-16 > "$work/pg$run.sum"
done
"$bin" events --db "$work/s.db" --format jsonl | sha256sum | cut -c1-16 > "$work/sqlite.sum"
if cat "$work"/pg*.sum | grep -qv "$(cat "$work/sqlite.sum")"; then
  echo "MISMATCH: PostgreSQL events differ from SQLite's" >&2; exit 1
fi
echo "events identical in all runs (sha256 $(cat "$work/sqlite.sum"))"
