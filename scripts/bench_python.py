"""Benchmark (not a test): `Coder.code_many` with 2 threads against 1, in the same run.

Usage: python scripts/bench_python.py [--repeat N] [--rounds R]
Codes the sample articles (VOA + fictional-visits) repeated N times, alternating 1 and 2 threads R
times, and prints the best wall time of each and their ratio. Run it on an otherwise idle
machine (and with `nice` on a shared one): other load on the cores shrinks the ratio.
"""

import argparse
import json
import time
from pathlib import Path

import vigil

ROOT = Path(__file__).resolve().parents[1]


def articles():
    with open(ROOT / "samples" / "voa" / "voa_security.jsonl", encoding="utf-8") as f:
        out = [json.loads(line) for line in f if line.strip()]
    out += [{"text": p.read_text(encoding="utf-8")}
            for p in sorted((ROOT / "samples" / "fictional-visits").glob("*.txt"))]
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--repeat", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    # Distinct texts per copy so that nothing could be cached between copies.
    base = articles()
    batch = [dict(x, text=x["text"] + f"\n\n(copy {i})") for i in range(a.repeat) for x in base]
    coder = vigil.Coder()
    coder.code_many(batch[:10], threads=1)  # warm up
    best = {1: float("inf"), 2: float("inf")}
    events = {}
    for _ in range(a.rounds):
        for threads in (1, 2):
            t = time.perf_counter()
            out = coder.code_many(batch, threads=threads)
            best[threads] = min(best[threads], time.perf_counter() - t)
            events[threads] = out
    assert events[1] == events[2], "thread count changed the output"
    n_events = sum(map(len, events[1]))
    print(json.dumps({
        "articles": len(batch), "events": n_events,
        "seconds_1_thread": round(best[1], 3), "seconds_2_threads": round(best[2], 3),
        "articles_per_s_1": round(len(batch) / best[1], 1),
        "articles_per_s_2": round(len(batch) / best[2], 1),
        "speedup": round(best[1] / best[2], 2),
    }))


if __name__ == "__main__":
    main()
