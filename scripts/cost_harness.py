#!/usr/bin/env python3
"""Cost harness: Vigil's cost must be linear in its input, whatever the input's shape.

For each known bad shape (issue 14) it generates an input of size n and one of size 4n, runs
the release binary on both, subtracts the fixed start-up cost (the same command on an input of
size n/100) and checks that the larger input costs less than 6x the smaller one. A run over its
timeout, a crash or a super-linear ratio fails (exit 1).

Noise: the machine is shared (CI has 2 cores), so cost is the CPU time (user + system) of the
command, not wall time, which another process's load inflates; base, n and 4n are measured in
interleaved rounds, so that a burst of load hits all three alike, and the least time of each is
kept. Two rounds, and up to four when a ratio is near the limit. Sizes are chosen so that the
cost above start-up at n is about a second or more here, well above the start-up's jitter.
Every generator gives lines of one shape at every size (a counter that grows to four digits
would turn into years as n grows and change the work per line, not the cost per byte).

Usage: scripts/cost_harness.py [--bin target/release/vigil] [--only SHAPE] [--json]
Run by .ci/after/10-cost.sh. It is a benchmark, not a test: timings come from this machine,
only ratios measured in the same run are compared.
"""
import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

MAX_RATIO = 6.0
TIMEOUT = 300
# Below this many CPU seconds of marginal cost at 4n a ratio is noise: the shape passes.
NOISE_FLOOR = 1.0
# Interleaved rounds of (base, n, 4n): at least MIN_ROUNDS, more while a ratio is near the limit.
MIN_ROUNDS, MAX_ROUNDS = 2, 4
NEAR_LIMIT = 0.8 * MAX_RATIO

PLACES = ["Baku", "Paris", "Lima", "Oslo", "Hanoi", "Nairobi", "Tbilisi", "Quito"]


def run_on(n_words):
    """Text without a full stop: one 'sentence' of n words. The place changes every clause, so
    the pieces the sentence is split into differ and each costs its full analysis (a text that
    repeats one clause is cheaper than any real run-on sentence)."""
    clause = ["officials", "met", "in", None, "and", "talks", "with", "ministers"]
    words = [clause[i % 8] or PLACES[(i // 8) % 8] for i in range(n_words)]
    return " ".join(words) + "\n"


def tag(i):
    """A three-digit number for line `i`: every line has the same shape at every size (a
    growing `i` would turn four-digit numbers into years as n grows and change the work per
    line, not the cost per unit of input)."""
    return 100 + i % 900


def headlines(n):
    return "".join(
        f"Police arrest {tag(i)} protesters in {PLACES[i % 8]} as talks on trade stall\n" for i in range(n)
    )


def date_lines(n):
    return "".join(
        f"{2000 + i % 24}-{1 + i % 12:02d}-{1 + i % 28:02d} posted on Monday {tag(i)}\n" for i in range(n)
    )


def short_sentences(n_bytes):
    out, size, i = [], 0, 0
    while size < n_bytes:
        s = f"The minister met officials in {PLACES[i % 8]} on Monday. Police arrested {tag(i)} people. "
        out.append(s)
        size += len(s)
        i += 1
    return "".join(out) + "\n"


def jsonl_string(n_bytes):
    body = short_sentences(n_bytes).replace("\n", " ")
    return json.dumps({"text": body, "published": "2024-01-02", "id": "big"}) + "\n"


# name -> (file extension, generator of size n, n, how to run: "code" or "extract" or "search")
SHAPES = {
    "run_on_sentence": (".txt", run_on, 24_000, "code"),
    "headlines": (".txt", headlines, 2000, "code"),
    "date_lines": (".txt", date_lines, 4000, "code"),
    "short_sentences": (".txt", short_sentences, 200_000, "code"),
    "jsonl_string": (".jsonl", jsonl_string, 250_000, "extract"),
    "search_query": (None, lambda n: " ".join(f"w{i}" for i in range(n)), 4000, "search"),
}


def timed(cmd, env, cwd):
    """CPU seconds (user + system) of `cmd`, or an error. The harness runs one child at a
    time, so the growth of its children's usage is this command's."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        p = subprocess.run(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                           stderr=subprocess.PIPE, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, f"timeout after {TIMEOUT}s"
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    err = p.stderr.decode("utf-8", "replace")
    if "panicked" in err or p.returncode < 0 or p.returncode > 2:
        return None, f"exit {p.returncode}: {err.strip()[-300:]}"
    used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return used, None


def ratio_of(best):
    """4n's cost over n's, each less the start-up cost. n's cost counts as at least the noise
    floor: below it, it is start-up jitter, and dividing by jitter gives any ratio at all."""
    dn, d4 = max(best["n"] - best["base"], 0.0), max(best["4n"] - best["base"], 0.0)
    return d4 / max(dn, NOISE_FLOOR), d4


def measure(vigil, shape, work, env):
    """Least CPU time of base, n and 4n over interleaved rounds, and the rounds run."""
    _, gen, n, _ = SHAPES[shape]
    payloads = {"base": gen(max(1, n // 100)), "n": gen(n), "4n": gen(4 * n)}
    best, rounds = {}, 0
    while rounds < MAX_ROUNDS:
        for size, payload in payloads.items():
            t, err = cost(vigil, shape, payload, work, env)
            if err:
                return None, rounds, f"{size}: {err}"
            best[size] = min(t, best.get(size, t))
        rounds += 1
        ratio, d4 = ratio_of(best)
        settled = d4 < NOISE_FLOOR or ratio < NEAR_LIMIT
        if rounds >= MIN_ROUNDS and settled:
            break
    return best, rounds, None


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


def verdict(shape, n, best, rounds, err):
    best = best or {}
    r = {"shape": shape, "n": n, "rounds": rounds, "base_s": best.get("base"),
         "n_s": best.get("n"), "4n_s": best.get("4n")}
    if err:
        r["verdict"] = "FAIL: " + err
        return r
    ratio, d4 = ratio_of(best)
    r["ratio"] = round(ratio, 2)
    if d4 < NOISE_FLOOR:
        r["verdict"] = "ok (below noise floor)"
    elif ratio < MAX_RATIO:
        r["verdict"] = "ok"
    else:
        r["verdict"] = f"FAIL: 4n costs {ratio:.1f}x n (limit {MAX_RATIO}x)"
    return r


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
    started = time.monotonic()
    results, failed = [], False
    try:
        # A store for the search shape.
        seed = os.path.join(work, "seed.txt")
        with open(seed, "w") as f:
            f.write(short_sentences(2000))
        subprocess.run([vigil, "ingest", "--db", os.path.join(work, "search.db"), seed],
                       env=env, cwd=work, stdout=subprocess.DEVNULL, check=True)
        for shape, (_, _, n, _) in SHAPES.items():
            if a.only and shape != a.only:
                continue
            r = verdict(shape, n, *measure(vigil, shape, work, env))
            failed |= r["verdict"].startswith("FAIL")
            results.append(r)
            if not a.json:
                fmt = lambda x: "-" if x is None else f"{x:7.2f}s"
                print(f"{shape:16} n={n:<8} cpu: base {fmt(r['base_s'])}  n {fmt(r['n_s'])}"
                      f"  4n {fmt(r['4n_s'])}  ratio {r.get('ratio')}  ({r['rounds']} rounds)"
                      f"  {r['verdict']}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if a.json:
        print(json.dumps(results, indent=1))
    print(f"cost harness: {time.monotonic() - started:.0f} s wall", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
