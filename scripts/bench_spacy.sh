#!/bin/sh
# Runs the spaCy side of `vigil bench` by hand: bench_spacy.sh TEXTS.jsonl [--limit N]
exec python3 "$(dirname "$0")/bench_spacy.py" "$@"
