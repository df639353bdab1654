#!/usr/bin/env python3
"""Cost harness: Vigil's cost must be linear in its input, whatever the input's shape.

For each known bad shape (issue 14) it generates an input of size n and one of size 4n, runs
the release binary on both, subtracts the fixed start-up cost (the same command on a tiny
input, measured in the same run) and checks that the larger input costs less than 6x the
smaller one. A run over its timeout, a crash or a super-linear ratio fails (exit 1).

Usage: scripts/cost_harness.py [--bin target/release/vigil] [--only SHAPE] [--json]
Run by .ci/after/10-cost.sh. It is a benchmark, not a test: timings come from this machine,
only ratios measured in the same run are compared.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

MAX_RATIO = 6.0
TIMEOUT = 300
# Below this many seconds of marginal cost a ratio is noise; both sizes that cheap pass.
NOISE_FLOOR = 1.0

PLACES = ["Baku", "Paris", "Lima", "Oslo", "Hanoi", "Nairobi", "Tbilisi", "Quito"]


def run_on(n_words):
    """Text without a full stop: one 'sentence' of n words."""
    words = []
    for i in range(n_words):
        words.append(["officials", "met", "in", PLACES[i % 8], "and", "talks", "with", "ministers"][i % 8])
    return " ".join(words) + "\n"


def headlines(n):
    return "".join(
        f"Minister {i} visits {PLACES[i % 8]} as talks on trade stall\n" for i in range(n)
    )


def date_lines(n):
    return "".join(
        f"{2000 + i % 24}-{1 + i % 12:02d}-{1 + i % 28:02d} posted on Monday {i}\n" for i in range(n)
    )


def short_sentences(n_bytes):
    out, size, i = [], 0, 0
    while size < n_bytes:
        s = f"The minister met officials in {PLACES[i % 8]} on Monday. Police arrested {i} people. "
        out.append(s)
        size += len(s)
        i += 1
    return "".join(out) + "\n"


def jsonl_string(n_bytes):
    body = short_sentences(n_bytes).replace("\n", " ")
    return json.dumps({"text": body, "published": "2024-01-02", "id": "big"}) + "\n"


# name -> (file extension, generator of size n, n, how to run: "code" or "extract" or "search")
SHAPES = {
    "run_on_sentence": (".txt", run_on, 4000, "code"),
    "headlines": (".txt", headlines, 2000, "code"),
    "date_lines": (".txt", date_lines, 2000, "code"),
    "short_sentences": (".txt", short_sentences, 200_000, "code"),
    "jsonl_string": (".jsonl", jsonl_string, 250_000, "extract"),
    "search_query": (None, lambda n: " ".join(f"w{i}" for i in range(n)), 4000, "search"),
}


def timed(cmd, env, cwd):
    t = time.monotonic()
    try:
        p = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, f"timeout after {TIMEOUT}s"
    err = p.stderr.decode("utf-8", "replace")
    if "panicked" in err or p.returncode < 0 or p.returncode > 2:
        return None, f"exit {p.returncode}: {err.strip()[-300:]}"
    return time.monotonic() - t, None


def best_cost(vigil, shape, payload, work, env, runs=2):
    """The least of `runs` timings: one run's noise (another process, a cold cache) would
    otherwise decide a ratio of small differences."""
    best = None
    for _ in range(runs):
        t, err = cost(vigil, shape, payload, work, env)
        if err:
            return None, err
        best = t if best is None else min(best, t)
    return best, None


def cost(vigil, shape, payload, work, env):
    """Seconds the shape's command takes on `payload` (the text, or the query)."""
    ext, _, _, how = SHAPES[shape]
    if how == "search":
        db = os.path.join(work, "search.db")
        return timed([vigil, "search", "--db", db, payload], env, work)
    path = os.path.join(work, shape + ext)
    with open(path, "w") as f:
        f.write(payload)
    if how == "code":
        return timed([vigil, "code", "--format", "jsonl", path], env, work)
    db = os.path.join(work, shape + ".db")
    if os.path.exists(db):
        os.remove(db)
    _, err = timed([vigil, "ingest", "--db", db, path], env, work)
    if err:
        return None, "ingest " + err
    return timed([vigil, "extract", "--db", db], env, work)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", default="target/release/vigil")
    ap.add_argument("--only")
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    vigil = os.path.abspath(a.bin)
    env = dict(os.environ)
    env.setdefault("VIGIL_DATA", os.path.abspath("data"))
    work = tempfile.mkdtemp(prefix="vigil-cost-")
    results, failed = [], False
    try:
        # A store for the search shape.
        seed = os.path.join(work, "seed.txt")
        with open(seed, "w") as f:
            f.write(short_sentences(2000))
        subprocess.run([vigil, "ingest", "--db", os.path.join(work, "search.db"), seed],
                       env=env, cwd=work, stdout=subprocess.DEVNULL, check=True)
        for shape, (ext, gen, n, how) in SHAPES.items():
            if a.only and shape != a.only:
                continue
            base, err0 = best_cost(vigil, shape, gen(max(1, n // 100)), work, env)
            small, err1 = best_cost(vigil, shape, gen(n), work, env)
            large, err4 = best_cost(vigil, shape, gen(4 * n), work, env)
            err = err0 or err1 or err4
            r = {"shape": shape, "n": n, "base_s": base, "n_s": small, "4n_s": large}
            if err:
                r["verdict"] = "FAIL: " + err
                failed = True
            else:
                dn, d4 = max(small - base, 0.0), max(large - base, 0.0)
                ratio = d4 / dn if dn > 0 else float("inf")
                r["ratio"] = round(ratio, 2) if dn > 0 else None
                if d4 < NOISE_FLOOR:
                    r["verdict"] = "ok (below noise floor)"
                elif ratio < MAX_RATIO:
                    r["verdict"] = "ok"
                else:
                    r["verdict"] = f"FAIL: 4n costs {ratio:.1f}x n (limit {MAX_RATIO}x)"
                    failed = True
            results.append(r)
            if not a.json:
                fmt = lambda x: "-" if x is None else f"{x:7.2f}s"
                print(f"{shape:16} n={n:<8} base {fmt(base)}  n {fmt(small)}  4n {fmt(large)}"
                      f"  ratio {r.get('ratio')}  {r['verdict']}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if a.json:
        print(json.dumps(results, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
