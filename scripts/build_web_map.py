#!/usr/bin/env python3
"""Writes the dashboard's country shapes: world-atlas countries-110m.json (Natural Earth, public
domain; package ISC) with each country's ISO 3166-1 alpha-3 code added as `properties.iso3`,
mapped from its ISO numeric id through GeoNames' country table, so the map joins on the codes
events carry.

  npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
  python3 scripts/build_web_map.py package/countries-110m.json \
      ../shared/data/geo/geonames/countries.json crates/serve/web/vendor/countries-110m-iso3.json
"""
import json
import sys

atlas_path, countries_path, out_path = sys.argv[1:4]
atlas = json.load(open(atlas_path))
by_num = {int(c["isonumeric"]): c["iso3"] for c in json.load(open(countries_path)).values()
          if c.get("isonumeric")}
for g in atlas["objects"]["countries"]["geometries"]:
    try:
        iso3 = by_num.get(int(g.get("id", "")))
    except ValueError:
        iso3 = None  # disputed areas without an ISO id
    g.setdefault("properties", {})["iso3"] = iso3
json.dump(atlas, open(out_path, "w"), separators=(",", ":"), sort_keys=True)
