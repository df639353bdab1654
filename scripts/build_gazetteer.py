#!/usr/bin/env python3
"""Regenerates data/geo/gazetteer.tsv.gz, Vigil's compact gazetteer (Python 3.11, stdlib only).

Inputs (read-only):
  ../shared/data/geo/geonames/cities15000.json, countries.json, continents.json  (GeoNames, CC BY 4.0)
  ../shared/data/geo/geonames/nationalities.txt                                  (geotext, MIT)
  ../shared/data/kb/cia-world-factbook/*/*.json   (CIA World Factbook, public domain: country
                                                   centre points and nationality nouns/adjectives)
  data/geo/src/*.tsv                               (project-authored: admin-1 list, regions and seas,
                                                   extra country names, extra demonyms)

Output: one gzipped TSV row per place, columns
  id kind name iso3 admin1 lat lon population flags names demonyms members
where `names` and `demonyms` are `|`-separated surface forms (original spelling plus an ASCII-folded
variant), `flags` holds `capital` for national capitals and `iso2=XX` for countries, and `members` lists ISO3 codes for regions.
`id` is the GeoNames id, or 0 for project-authored rows.

Country points: data/geo/src/country_centroids.tsv (equal-area centroid of the largest polygon
of each country in Natural Earth, via npm world-atlas 2.0.2), else the Factbook point, else the
capital. Regenerate that file with
  (cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz)
  python3 scripts/build_gazetteer.py --centroids-from /tmp/package/countries-50m.json

Usage: python3 scripts/build_gazetteer.py [--shared ../shared/data] [--out data/geo/gazetteer.tsv.gz]
"""

import argparse
import glob
import gzip
import io
import json
import math
import os
import re
import sys
import unicodedata

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)


def fold(s):
    """ASCII-folds Latin diacritics (São Paulo -> Sao Paulo)."""
    d = unicodedata.normalize("NFKD", s)
    return "".join(c for c in d if not unicodedata.combining(c))


def is_latin(s):
    for c in s:
        if c.isalpha():
            try:
                if "LATIN" not in unicodedata.name(c):
                    return False
            except ValueError:
                return False
    return True


def useful_alternate(a, main):
    """Keeps alternates a reader of English news may meet: Latin script, capitalised, no digits,
    not an all-caps code (airport/admin codes), not a lowercase transliteration."""
    a = a.strip()
    if len(a) < 3 or len(a) > 40 or a == main:
        return False
    if any(ch.isdigit() for ch in a) or not is_latin(a):
        return False
    if not a[0].isupper():
        return False
    letters = [c for c in a if c.isalpha()]
    if letters and all(c.isupper() for c in letters):
        return False
    if "(" in a or "/" in a or "," in a:
        return False
    return True


def forms(*names):
    """Original spellings plus ASCII-folded variants, deduplicated, order kept."""
    out = []
    for n in names:
        n = n.strip()
        if not n:
            continue
        for v in (n, fold(n)):
            if v not in out:
                out.append(v)
    return out


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            rows.append(line.split("\t"))
    return rows


def parse_coord(text):
    """'30 00 S, 71 00 W' -> (-30.0, -71.0)."""
    m = re.search(r"(\d+) (\d+) ([NS]), (\d+) (\d+) ([EW])", re.sub(r"<[^>]+>", " ", text or ""))
    if not m:
        return None
    lat = int(m.group(1)) + int(m.group(2)) / 60.0
    lon = int(m.group(4)) + int(m.group(5)) / 60.0
    if m.group(3) == "S":
        lat = -lat
    if m.group(6) == "W":
        lon = -lon
    return round(lat, 4), round(lon, 4)


def nationality_forms(text):
    """'Chilean(s)' -> [Chilean, Chileans]; 'Frenchman(men), Frenchwoman(women)' -> 4 forms."""
    if not text:
        return []
    text = re.sub(r"<[^>]+>", "", text)
    text = re.sub(r"\((singular and plural|collective plural|singular|plural)[^)]*\)", "", text)
    text = re.sub(r"\bnote:.*", "", text, flags=re.I)
    out = []
    for part in re.split(r",|;| or | and ", text):
        part = part.strip()
        m = re.match(r"^([A-Z][\w' .-]*?)\((\w+)\)$", part)
        if m:
            base, suf = m.group(1).strip(), m.group(2)
            out.append(base)
            if suf == "s":
                out.append(base + "s")
            elif base.endswith(suf[:-2] if len(suf) > 2 else "") and suf.endswith("men"):
                out.append(base[: -len("man")] + "men")
            else:
                out.append(base + suf)
            continue
        if re.match(r"^[A-Z][\w' .-]+$", part) and len(part) < 40:
            out.append(part)
    return [o.strip() for o in out if o.strip()]


def topo_centroids(path):
    """ISO numeric id -> (lat, lon): equal-area centroid of each country's largest polygon in a
    world-atlas TopoJSON file (Natural Earth shapes), for countries whose largest polygon holds at
    least half their land."""
    topo = json.load(open(path, encoding="utf-8"))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    arcs = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)

    def ring(idx):
        pts = []
        for i in idx:
            a = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
            pts.extend(a if not pts else a[1:])
        return pts

    def area_centroid(pts):
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1]):
            f = x0 * y1 - x1 * y0
            a += f
            cx += (x0 + x1) * f
            cy += (y0 + y1) * f
        if abs(a) < 1e-12:
            return 0.0, None
        return abs(a) / 2, (cy / (3 * a), cx / (3 * a))

    out = {}
    allpoly = {}
    for geom in topo["objects"]["countries"]["geometries"]:
        gid = geom.get("id")
        if gid is None:
            continue
        polys = geom["arcs"] if geom["type"] == "MultiPolygon" else [geom["arcs"]]
        # Several geometries may share an id (a country and its outlying islands).
        best = out.get(int(gid), (0.0, None))
        for poly in polys:
            if not poly:
                continue
            pts = ring(poly[0])
            if max(p[0] for p in pts) - min(p[0] for p in pts) > 180:
                # Crosses the antimeridian: unwrap western longitudes.
                pts = [(x + 360 if x < 0 else x, y) for x, y in pts]
            # Work in Lambert's cylindrical equal-area projection (x = lon, y = sin lat) so that
            # high-latitude land is not over-weighted, then map the centroid back.
            area, c = area_centroid([(x, math.sin(math.radians(y))) for x, y in pts])
            if c:
                c = (math.degrees(math.asin(max(-1.0, min(1.0, c[0])))), c[1])
            if c:
                allpoly[int(gid)] = allpoly.get(int(gid), 0.0) + area
            if c and area > best[0]:
                best = (area, c)
        if best[1]:
            out[int(gid)] = best
    # A largest polygon holding under half the land (Indonesia, Japan, the Philippines) does not
    # stand for the country: leave those to the Factbook's point.
    out = {k: v for k, v in out.items() if k in allpoly and v[0] >= 0.5 * allpoly[k]}
    return {k: (round(c[0], 3), round((c[1] + 180) % 360 - 180, 3)) for k, (a, c) in out.items()}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=os.path.join(REPO, "..", "shared", "data"))
    ap.add_argument("--out", default=os.path.join(REPO, "data", "geo", "gazetteer.tsv.gz"))
    ap.add_argument("--centroids-from", help="world-atlas countries-50m.json: rewrite "
                    "data/geo/src/country_centroids.tsv from it first")
    args = ap.parse_args()
    gn = os.path.join(args.shared, "geo", "geonames")
    src = os.path.join(REPO, "data", "geo", "src")

    cities = json.load(open(os.path.join(gn, "cities15000.json"), encoding="utf-8"))
    countries = json.load(open(os.path.join(gn, "countries.json"), encoding="utf-8"))
    continents = json.load(open(os.path.join(gn, "continents.json"), encoding="utf-8"))

    iso2to3 = {c["iso"]: c["iso3"] for c in countries.values()}
    centroid_path = os.path.join(src, "country_centroids.tsv")
    if args.centroids_from:
        cents = topo_centroids(args.centroids_from)
        with open(centroid_path, "w", encoding="utf-8") as f:
            f.write("# Derived by scripts/build_gazetteer.py --centroids-from world-atlas 2.0.2 "
                    "countries-50m.json\n# (Natural Earth, public domain; world-atlas ISC): area "
                    "centroid of each country's largest polygon.\n# ISO3\tlat\tlon\n")
            for c in sorted(countries.values(), key=lambda c: c["iso3"]):
                p = cents.get(int(c.get("isonumeric") or -1))
                if p:
                    f.write(f"{c['iso3']}\t{p[0]}\t{p[1]}\n")
    centroids = {}
    if os.path.exists(centroid_path):
        for iso3, lat, lon in read_tsv(centroid_path):
            centroids[iso3] = (float(lat), float(lon))
    iso3to2 = {v: k for k, v in iso2to3.items()}
    pop_of3 = {c["iso3"]: int(c.get("population") or 0) for c in countries.values()}

    # Factbook: fips -> (point, demonym forms, names)
    factbook = {}
    for path in glob.glob(os.path.join(args.shared, "kb", "cia-world-factbook", "*", "*.json")):
        fips = os.path.splitext(os.path.basename(path))[0].upper()
        d = json.load(open(path, encoding="utf-8"))
        pt = parse_coord(d.get("Geography", {}).get("Geographic coordinates", {}).get("text"))
        nat = d.get("People and Society", {}).get("Nationality", {}) or {}
        dem = nationality_forms(nat.get("noun", {}).get("text")) + nationality_forms(
            nat.get("adjective", {}).get("text"))
        cn = d.get("Government", {}).get("Country name", {}) or {}
        names = []
        for key in ("conventional short form", "conventional long form"):
            t = (cn.get(key) or {}).get("text", "")
            t = re.sub(r"<[^>]+>", "", t).strip()
            if t and t.lower() != "none" and "(" not in t and len(t) < 60:
                names.append(t)
        factbook[fips] = (pt, dem, names)

    rows = []  # dicts

    # Continents.
    for code, c in sorted(continents.items()):
        if code == "AN":
            continue
        alts = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        rows.append(dict(id=c["geonameId"], kind="continent", name=c["asciiName"], iso3="",
                         admin1="", lat=float(c["lat"]), lon=float(c["lng"]),
                         pop=int(c.get("population") or 0), flags="",
                         names=forms(c["asciiName"], *alts), dem=[], members=[]))

    # Cities.
    by_cc = {}
    city_rows = []
    for key in sorted(cities, key=lambda k: int(k)):
        c = cities[key]
        cc = c["countrycode"]
        if cc not in iso2to3:
            continue
        alts = [a for a in c.get("alternatenames", []) if useful_alternate(a, c["name"])]
        r = dict(id=c["geonameid"], kind="city", name=c["name"], iso3=iso2to3[cc],
                 admin1=f"{cc}.{c.get('admin1code') or ''}" if c.get("admin1code") else "",
                 lat=c["latitude"], lon=c["longitude"], pop=int(c.get("population") or 0),
                 flags="", names=forms(c["name"], *alts), dem=[], members=[])
        city_rows.append(r)
        by_cc.setdefault(cc, []).append(r)

    # Capitals: the most populous city of the country carrying the capital's name.
    capital_pt = {}
    for c in countries.values():
        cap = (c.get("capital") or "").strip()
        if not cap:
            continue
        best = None
        for r in by_cc.get(c["iso"], []):
            if cap in r["names"] or fold(cap) in r["names"]:
                if best is None or r["pop"] > best["pop"]:
                    best = r
        if best:
            best["flags"] = "capital"
            capital_pt[c["iso3"]] = (best["lat"], best["lon"])

    # Countries.
    extra_names = {}
    for iso3, names in read_tsv(os.path.join(src, "country_names.tsv")):
        extra_names.setdefault(iso3, []).extend(names.split("|"))
    region_names = set()
    for row in read_tsv(os.path.join(src, "regions.tsv")):
        region_names.update(row[1].split("|"))
    country_rows = {}
    for c in sorted(countries.values(), key=lambda c: c["iso3"]):
        iso3 = c["iso3"]
        fb = factbook.get((c.get("fips") or "").upper(), (None, [], []))
        # Representative point: the shape centroid, else the Factbook's point, else the capital.
        pt = centroids.get(iso3) or fb[0] or capital_pt.get(iso3)
        if pt is None:
            pts = [(r["lat"], r["lon"]) for r in by_cc.get(c["iso"], [])]
            if not pts:
                continue
            pt = ((min(p[0] for p in pts) + max(p[0] for p in pts)) / 2,
                  (min(p[1] for p in pts) + max(p[1] for p in pts)) / 2)
        # A Factbook "country" that is also one of our regions (West Bank, Gaza Strip) keeps
        # its name for the region, the more precise reading.
        names = [c["name"]] + [n for n in fb[2] if n and n not in region_names] + extra_names.get(
            iso3, [])
        if c["name"].startswith("The "):
            names.append(c["name"][4:])
        r = dict(id=c["geonameid"], kind="country", name=c["name"], iso3=iso3, admin1="",
                 lat=pt[0], lon=pt[1], pop=int(c.get("population") or 0),
                 flags=f"iso2={c['iso']}",
                 names=forms(*names), dem=[], members=[])
        country_rows[iso3] = r
    # Demonyms: Factbook first (authoritative), then geotext for what it adds.
    dem_owner = {}

    def add_dem(form, iso3):
        form = form.strip()
        if not form or not form[0].isupper() or iso3 not in country_rows:
            return
        prev = dem_owner.get(form)
        if prev is None or pop_of3.get(iso3, 0) > pop_of3.get(prev, 0):
            dem_owner[form] = iso3

    for c in countries.values():
        fb = factbook.get((c.get("fips") or "").upper())
        if fb:
            for f in fb[1]:
                add_dem(f, c["iso3"])
    factbook_forms = set(dem_owner)
    with open(os.path.join(gn, "nationalities.txt"), encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or ":" not in line:
                continue
            form, cc = line.rstrip("\n").rsplit(":", 1)
            cc = cc.strip()
            form = form.strip()
            form = form[:1].upper() + form[1:]
            if cc in iso2to3 and form not in factbook_forms:
                add_dem(form, iso2to3[cc])
                if form[-1] in "niy" and form[-3:] not in ("ese",) and not form.endswith("ish"):
                    add_dem(form + "s", iso2to3[cc])

    # Admin-1.
    admin_rows = []
    for row in read_tsv(os.path.join(src, "admin1.tsv")):
        cc, names, seat = row[0], row[1].split("|"), row[2]
        best = None
        for r in by_cc.get(cc, []):
            if seat in r["names"] or fold(seat) in r["names"]:
                if best is None or r["pop"] > best["pop"]:
                    best = r
        if (best is None or not best["admin1"]) and len(row) < 5:
            print(f"admin1: seat city not found: {cc} {seat}", file=sys.stderr)
            continue
        # A disputed or de-facto region may have no GeoNames admin-1 of its own: keep its point.
        code = best["admin1"] if best else ""
        members = [r for r in by_cc[cc] if code and r["admin1"] == code]
        if len(row) >= 5:
            lat, lon = float(row[3]), float(row[4])
        else:
            lat = (min(r["lat"] for r in members) + max(r["lat"] for r in members)) / 2
            lon = (min(r["lon"] for r in members) + max(r["lon"] for r in members)) / 2
        admin_rows.append(dict(id=0, kind="admin1", name=names[0], iso3=iso2to3[cc], admin1=code,
                               lat=round(lat, 4), lon=round(lon, 4),
                               pop=sum(r["pop"] for r in members) if members else 0, flags="",
                               names=forms(*names), dem=[], members=[]))

    region_rows = []
    for row in read_tsv(os.path.join(src, "regions.tsv")):
        kind, names, lat, lon = row[0], row[1].split("|"), float(row[2]), float(row[3])
        members = row[4].split() if len(row) > 4 else []
        iso3 = members[0] if len(members) == 1 else ""
        region_rows.append(dict(id=0, kind=kind, name=names[0], iso3=iso3, admin1="", lat=lat,
                                lon=lon, pop=0, flags="", names=forms(*names), dem=[],
                                members=members))

    all_rows = rows + list(country_rows.values()) + admin_rows + region_rows + city_rows
    by_name = {}
    for r in all_rows:
        if r["kind"] != "city":
            by_name.setdefault(r["name"], r)
    for target, fs in read_tsv(os.path.join(src, "demonyms_extra.tsv")):
        if target in country_rows:
            for f in fs.split("|"):
                dem_owner[f] = target
        elif target in by_name:
            by_name[target]["dem"].extend(forms(*fs.split("|")))
        else:
            print(f"demonym target not found: {target}", file=sys.stderr)
    for form, iso3 in sorted(dem_owner.items()):
        for v in forms(form):
            if v not in country_rows[iso3]["dem"]:
                country_rows[iso3]["dem"].append(v)

    buf = io.StringIO()
    buf.write("# Vigil gazetteer, generated by scripts/build_gazetteer.py; do not edit.\n")
    buf.write("# Contains GeoNames data (https://www.geonames.org, CC BY 4.0), CIA World Factbook\n")
    buf.write("# (public domain), geotext nationalities (MIT) and project-authored lists.\n")
    buf.write("# id\tkind\tname\tiso3\tadmin1\tlat\tlon\tpopulation\tflags\tnames\tdemonyms\tmembers\n")
    for r in all_rows:
        for field in ("name",):
            if "\t" in r[field] or "|" in r[field]:
                raise SystemExit(f"bad name {r[field]!r}")
        names = [n for n in r["names"] if "\t" not in n and "|" not in n]
        buf.write("\t".join([
            str(r["id"]), r["kind"], r["name"], r["iso3"], r["admin1"],
            f"{float(r['lat']):.5f}", f"{float(r['lon']):.5f}", str(r["pop"]), r["flags"],
            "|".join(names), "|".join(r["dem"]), " ".join(r["members"]),
        ]) + "\n")
    data = buf.getvalue().encode("utf-8")
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0) as gz:
            gz.write(data)
    print(f"wrote {args.out}: {len(all_rows)} places, {len(data)} bytes uncompressed",
          file=sys.stderr)


if __name__ == "__main__":
    main()
