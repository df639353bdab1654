#!/usr/bin/env python3
"""Regenerates the NER gazetteer lists in data/ner/ from permissively licensed shared data.

Usage: python3 scripts/build_ner_gazetteer.py [SHARED_DATA_DIR] [OUT_DIR]
(defaults: ../shared/data and data/ner relative to the repository root).

Outputs (one lower-cased entry per line, tokens separated by single spaces, sorted):
  loc.txt   GeoNames country names, continents, cities >= 15k people with Latin-script
            alternate names (CC BY 4.0, GeoNames)
  misc.txt  demonyms / nationality adjectives and their plurals (geotext nationalities.txt, MIT)
  org.txt   organisations from Phoenix International and MilNonState actor dictionaries (MIT)
  per.txt   person names from Phoenix Countries / International / MilNonState actors (MIT):
            entries whose role codes carry date ranges, which in those files mark office holders
The NER model uses them only as features, so some noise in the lists is tolerated.
"""
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SHARED = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "..", "shared", "data")
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "data", "ner")
MAX_TOKENS = 6
LATIN = re.compile(r"[A-Z][A-Za-z .'\-]+")


def norm(entry):
    """Lower-cases an entry and normalises it to space-separated tokens; None if unusable."""
    e = entry.replace("_", " ")
    e = re.sub(r"\([^)]*\)", " ", e)
    if any(c in e for c in ",;:#[]()+/&\"") or re.search(r"\d", e):
        return None
    toks = e.lower().split()
    if not toks or len(toks) > MAX_TOKENS or len(" ".join(toks)) < 2:
        return None
    return " ".join(toks)


def geonames():
    out = set()
    geo = os.path.join(SHARED, "geo", "geonames")
    with open(os.path.join(geo, "countries.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            out.add(norm(c["name"]))
    with open(os.path.join(geo, "continents.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            out.add(norm(c["name"]))
    with open(os.path.join(geo, "cities15000.json"), encoding="utf-8") as f:
        for c in json.load(f).values():
            out.add(norm(c["name"]))
            for a in c["alternatenames"]:
                if LATIN.fullmatch(a):
                    out.add(norm(a))
    out.discard(None)
    return out


def nationalities():
    out = set()
    path = os.path.join(SHARED, "geo", "geonames", "nationalities.txt")
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#") or ":" not in line:
                continue
            name = norm(line.split(":", 1)[0])
            if not name:
                continue
            out.add(name)
            # Plural demonyms ("Germans") are MISC in CoNLL-style annotation too.
            if not re.search(r"(s|sh|ch|ese|i)$", name):
                out.add(name + "s")
    return out


def phoenix_blocks(path):
    """Yields (names, codes_text) per actor block of a Phoenix actors file."""
    names, codes = [], []
    with open(path, encoding="latin-1") as f:
        for raw in f:
            line = raw.split("#", 1)[0].rstrip()
            comment = raw.split("#", 1)[1] if "#" in raw else ""
            if not line.strip():
                continue
            if line[0] in " \t":
                codes.append(line.strip())
                continue
            if line.startswith("+"):
                names.append(line[1:].split("[", 1)[0].strip())
                codes.append(line[line.find("[") :] if "[" in line else "")
                continue
            if names:
                yield names, " ".join(codes)
            names = [line.split("[", 1)[0].strip()]
            codes = [line[line.find("[") :] if "[" in line else "", comment]
    if names:
        yield names, " ".join(codes)


def is_dated(codes):
    return re.search(r"\[[A-Z]+ *[<>]?\d{6}", codes) is not None or "CountryInfo" in codes


def phoenix():
    per, org = set(), set()
    d = os.path.join(SHARED, "dictionaries", "phoenix")
    for fname, orgs_allowed in [
        ("Phoenix.Countries.actors.txt", False),
        ("Phoenix.International.actors.txt", True),
        ("Phoenix.MilNonState.actors.txt", True),
    ]:
        for names, codes in phoenix_blocks(os.path.join(d, fname)):
            if is_dated(codes):
                target = per
            elif orgs_allowed:
                target = org
            else:
                continue
            for n in names:
                e = norm(n)
                if e:
                    target.add(e)
    # Person names are at least two tokens in these dictionaries; single tokens are titles.
    per = {p for p in per if " " in p}
    return per, org - per


def write(name, entries, header):
    path = os.path.join(OUT, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write("# " + header + "\n")
        for e in sorted(entries):
            f.write(e + "\n")
    print(f"{path}: {len(entries)} entries")


def main():
    os.makedirs(OUT, exist_ok=True)
    per, org = phoenix()
    write("loc.txt", geonames(), "GeoNames (CC BY 4.0) countries, continents, cities >= 15k with alternate names")
    write("misc.txt", nationalities(), "geotext nationalities.txt (MIT): demonyms and plurals")
    write("org.txt", org, "Phoenix/PETRARCH2 International + MilNonState actors (MIT)")
    write("per.txt", per, "Phoenix/PETRARCH2 actors with dated roles (MIT)")


if __name__ == "__main__":
    main()
