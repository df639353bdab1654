#!/usr/bin/env python3
"""Reuters-21578 SGML (../shared/data/corpus/reuters21578) to Vigil JSONL on stdout, one article
with a body per line: id reuters-NEWID, title, text, date. Used by the benchmark scripts.
Usage: scripts/reuters_jsonl.py CORPUS_DIR"""
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
