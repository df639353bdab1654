#!/usr/bin/env python3
"""Derive a PETRARCH-format actor dictionary of current heads of state and government from the
CIA World Factbook JSON files (public domain).

Usage: python3 scripts/build_leaders_dict.py [FACTBOOK_DIR] [PHOENIX_COUNTRIES_ACTORS]

Writes data/dictionaries/vigil/Vigil.Leaders.actors.txt (leaders) and
data/dictionaries/vigil/Vigil.Capitals.actors.txt (capital cities as metonyms for the
government: "Baku said" -> AZEGOV; the coder treats a capital after "in"/"at" as a place).

Country ISO3 codes come from the country-level entries of the Phoenix country actor dictionary
(matched on the Factbook's conventional short and long names). Only the standard library is used.
"""
import glob
import html
import json
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FACTBOOK = os.path.join(ROOT, "..", "shared", "data", "kb", "cia-world-factbook")
PHOENIX = os.path.join(ROOT, "data", "dictionaries", "phoenix", "Phoenix.Countries.actors.txt")

TITLE_WORDS = {
    "president", "vice", "prime", "minister", "ministers", "king", "queen", "emperor", "prince",
    "princess", "amir", "emir", "sultan", "chancellor", "premier", "interim", "acting",
    "transitional", "gen.", "general", "supreme", "leader", "of", "state", "governor", "sir",
    "chairman", "chief", "executive", "grand", "duke", "pope", "federal", "co-prince", "captains",
    "regent", "council", "the", "secretary", "head", "lt.", "col.", "field", "marshal", "dr.",
    "military", "sheikh", "shaykh", "crown", "presidential", "chairperson", "government",
    "lieutenant", "colonel", "brig.", "maj.", "admiral", "adm.", "first", "deputy", "for",
    "foreign", "and", "political", "affairs", "national", "people's", "republic", "administrator",
    "high", "representative", "commissioner", "mayor", "co-chiefs", "assembly", "senior",
}
MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}


def ascii_fold(s):
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")


def phrase(words):
    return "_".join(w.upper() for w in words) + "_"


def country_codes(path):
    """Upper-case country name phrase -> ISO3, from country-level Phoenix records."""
    names = {}
    cur = []
    code = None

    def flush():
        if code and len(code) == 3 and code.isalpha():
            for p in cur:
                names.setdefault(p, code)

    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.split("#")[0].split(";")[0].rstrip()
            if not line.strip():
                continue
            if line[0] in " \t":
                m = re.search(r"\[([A-Z]{3})(\s+>\d+)?\]", line)
                if m and (code is None or m.group(2)):
                    code = m.group(1)
                continue
            if line.startswith("+"):
                cur.append(line[1:].split("[")[0].strip().strip("_").replace("_", " "))
                continue
            flush()
            head = line.split("[")[0].strip().strip("_").replace("_", " ")
            m = re.search(r"\[([A-Z]{3})\]", line)
            code = m.group(1) if m else None
            cur = [head]
    flush()
    return names


def parse_since(text):
    m = re.search(r"since (\d{1,2}) ([A-Za-z]+) (\d{4})", text)
    if m and m.group(2).lower() in MONTHS:
        return "%s%02d%02d" % (m.group(3), MONTHS[m.group(2).lower()], int(m.group(1)))
    m = re.search(r"since ([A-Za-z]+ )?(\d{4})", text)
    if m:
        return "%s0101" % m.group(2)
    return None


def parse_person(text):
    """'President Vladimir Vladimirovich PUTIN (since 7 May 2012)' -> (name words, surname)."""
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    seg = text.split(";")[0]
    seg = seg.split("(")[0].strip().rstrip(",")
    seg = re.sub(r",\s*(Jr\.|Sr\.)", r" \1", seg)
    words = seg.split()
    caps = [i for i, w in enumerate(words)
            if len(w.strip(".,")) >= 2 and w.strip(".,").replace("-", "").replace("'", "").isupper()
            and w.lower() not in TITLE_WORDS]
    if not caps:
        return None
    u = caps[0]
    start = u
    while start > 0 and words[start - 1].lower() not in TITLE_WORDS:
        start -= 1
    end = u + 1
    while end < len(words) and words[end].lower() not in ("and", "of", "represented"):
        end += 1
    name = [w.strip(",") for w in words[start:end]]
    surname = [w for w in name if w.replace("-", "").replace("'", "").isupper() and len(w.strip(".")) > 1 and not w.endswith(".")]
    title = " ".join(words[:start])
    return name, surname, title


STOP_SURNAMES = set("""MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY JANUARY FEBRUARY
MARCH APRIL MAY JUNE JULY AUGUST SEPTEMBER OCTOBER NOVEMBER DECEMBER KING PRINCE CHARLES
JUNIOR GRAND""".split())


def single_word_phrases(path):
    """Upper-case one-word phrases of a Phoenix actor file (a surname that is also a country or
    another actor's name is too ambiguous to use alone)."""
    out = set()
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            line = line.split("#")[0].split(";")[0].strip().lstrip("+")
            head = line.split("[")[0].strip().strip("_")
            if head and "_" not in head and " " not in head:
                out.add(head.upper())
            elif "_" in head:
                # the first word of a multi-word name is a given name somewhere
                out.add(head.split("_")[0].upper())
    return out


def main():
    fb = sys.argv[1] if len(sys.argv) > 1 else FACTBOOK
    phx = sys.argv[2] if len(sys.argv) > 2 else PHOENIX
    names = country_codes(phx)
    ambiguous = set(STOP_SURNAMES)
    for f in glob.glob(os.path.join(os.path.dirname(phx), "*.actors.txt")):
        ambiguous |= single_word_phrases(f)
    given_names = set()
    for f in sorted(glob.glob(os.path.join(fb, "*", "*.json"))):
        try:
            d = json.load(open(f, encoding="utf-8"))
        except (OSError, ValueError):
            continue
        ex = d.get("Government", {}).get("Executive branch", {})
        for role in ("chief of state", "head of government"):
            p = parse_person((ex.get(role) or {}).get("text", "") or "")
            if p:
                for w in p[0]:
                    if w not in p[1]:
                        given_names.add(ascii_fold(w).upper())
    ambiguous |= given_names
    out = []
    out.append("# Current heads of state and government, derived by scripts/build_leaders_dict.py")
    out.append("# from the CIA World Factbook (public domain). Codes: ISO3 + GOV from the date in")
    out.append("# 'since ...' onwards; ELI (elite) otherwise.")
    out.append("")
    missing = []
    seen = set()
    caps = ["# Capital cities used as metonyms for their governments, derived by",
            "# scripts/build_leaders_dict.py from the CIA World Factbook (public domain).", ""]
    for f in sorted(glob.glob(os.path.join(fb, "*", "*.json"))):
        try:
            d = json.load(open(f, encoding="utf-8"))
        except (OSError, ValueError):
            continue
        gov = d.get("Government", {})
        cn = gov.get("Country name", {})
        iso = None
        for k in ("conventional short form", "conventional long form", "local short form"):
            n = (cn.get(k) or {}).get("text", "")
            n = html.unescape(n).split(";")[0].split("(")[0].strip().upper()
            if n and n != "NONE":
                n2 = re.sub(r"^THE ", "", n)
                iso = names.get(n) or names.get(n2) or names.get(ascii_fold(n2))
                if iso:
                    break
        if not iso:
            missing.append(os.path.basename(f))
            continue
        cap = html.unescape((gov.get("Capital", {}).get("name") or {}).get("text", ""))
        cap = re.sub(r"<[^>]+>", " ", cap).split(";")[0].split("(")[0].split(",")[0].strip()
        if cap and cap.lower() != "none" and len(cap) > 2:
            cw = [ascii_fold(w) or w for w in cap.split()]
            caps.append("%s [%sGOV]  # capital, %s" % (phrase(cw), iso, os.path.basename(f)))
        ex = gov.get("Executive branch", {})
        for role in ("chief of state", "head of government"):
            t = (ex.get(role) or {}).get("text", "")
            if not t:
                continue
            p = parse_person(t)
            since = parse_since(t)
            if not p:
                continue
            name, surname, title = p
            key = (iso, " ".join(name).upper())
            if key in seen:
                continue
            seen.add(key)
            full = [ascii_fold(w) or w for w in name]
            variants = [phrase(full)]
            sur = [ascii_fold(w) or w for w in surname]
            given = [w for w in full if w not in sur and not w.endswith(".")]
            if given and sur:
                variants.append(phrase([given[0]] + sur))
            if sur and len("".join(sur)) >= 4 and " ".join(sur).upper() not in ambiguous:
                variants.append(phrase(sur))
            if any(ascii_fold(w) != w for w in name):
                variants.append(phrase(name))
            uniq = []
            for v in variants:
                if v not in uniq:
                    uniq.append(v)
            out.append("%s  # %s: %s %s" % (uniq[0], role, title, os.path.basename(f)))
            for v in uniq[1:]:
                out.append("+" + v)
            if since:
                out.append("\t[%sGOV >%s]" % (iso, since))
            out.append("\t[%sELI]" % iso)
            out.append("")
    if missing:
        out.append("# no ISO3 match for: " + " ".join(missing))
    outdir = os.path.join(ROOT, "data", "dictionaries", "vigil")
    with open(os.path.join(outdir, "Vigil.Leaders.actors.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(out) + "\n")
    with open(os.path.join(outdir, "Vigil.Capitals.actors.txt"), "w", encoding="utf-8") as f:
        f.write("\n".join(caps) + "\n")


if __name__ == "__main__":
    main()
