"""What the generator takes from the curated folder: the rows it links to and copies, and how they hang together.

The synthetic province points at the real curated regions, science cities, industry chains and
designations. So that its folder loads on its own, it carries a copy of those curated rows and of
the curated links among them (a county PART_OF its city, a city PART_OF the province, a science
city LOCATED_IN its city and FOCUSES_ON its chains, the chain taxonomy, the regions'
designations), unchanged: loaded after the curated data they are the same facts, with the same
ids and provenance.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from jxkg.errors import IngestError

# prefecture-level city -> weight, roughly its 2022 GDP in 亿元 (general knowledge); others weigh 1000
REGION_WEIGHTS = {
    "360100": 7203, "360200": 1192, "360300": 1176, "360400": 4027, "360500": 1240, "360600": 1322,
    "360700": 4523, "360800": 2750, "360900": 3441, "361000": 1934, "361100": 3401,
}  # fmt: skip
CURATED_CLASSES = ("County", "IndustryChain", "PrefectureCity", "Programme", "Province", "ScienceCity")
# the curated links copied with the structure: type -> (classes of the start, classes of the end)
COPIED_EDGES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "PART_OF": (("County", "PrefectureCity"), ("PrefectureCity", "Province")),
    "LOCATED_IN": (("ScienceCity",), ("PrefectureCity", "County")),
    "FOCUSES_ON": (("ScienceCity",), ("IndustryChain",)),
    "SUPPORTS_CHAIN": (("ScienceCity",), ("IndustryChain",)),
    "BROADER": (("IndustryChain",), ("IndustryChain",)),
    "DESIGNATED_AS": (("PrefectureCity", "County"), ("Programme",)),
}


@dataclass
class CuratedWorld:
    """The curated rows to point at and copy, and how they hang together."""

    headers: dict[str, list[str]]  # class or relationship type -> its curated header
    rows: dict[str, list[list[str]]]  # class -> its curated rows
    regions: list[str]  # the prefecture-level cities
    region_weights: list[float]
    counties: dict[str, list[str]]  # prefecture -> its curated counties
    chains: list[str]  # no group nodes
    narrower: dict[str, list[str]]  # chain -> the chains directly narrower (BROADER to it)
    science_cities: dict[str, list[tuple[str, list[str]]]]  # prefecture -> [(science city, its chains)]
    edges: dict[str, list[list[str]]]  # type -> the curated links among the copied rows (COPIED_EDGES)
    copied: set[str]  # ids of the curated rows the province carries

    def with_narrower(self, chains: list[str]) -> list[str]:
        """`chains` and every chain below them in the taxonomy, in a stable order, each once: a science
        city's platforms support its chains or, like real ones, narrower chains of them (稀土 for 稀金),
        which the headline question reaches through the taxonomy."""
        found: dict[str, None] = {}
        stack = [c for chain in chains for c in sorted(self.narrower.get(chain, []))]
        while stack:
            chain = stack.pop(0)
            if chain not in found and chain not in chains:
                found[chain] = None
                stack += sorted(self.narrower.get(chain, []))
        return list(chains) + list(found)

    def part_of(self) -> set[tuple[str, str]]:
        """(place, larger place) of the curated PART_OF links copied."""
        return {(r[0], r[1]) for r in self.edges.get("PART_OF", [])}


def _read(path: Path) -> tuple[list[str], list[list[str]]]:
    if not path.is_file():
        return [], []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        return header, [row for row in reader if row]


def _copied_edges(folder: Path, headers: dict[str, list[str]], class_of: dict[str, str]) -> dict[str, list[list[str]]]:
    edges: dict[str, list[list[str]]] = {}
    for rel, (starts, ends) in COPIED_EDGES.items():
        headers[rel], rows = _read(folder / "edges" / f"{rel}.csv")
        kept = [r for r in rows if class_of.get(r[0]) in starts and class_of.get(r[1]) in ends]
        if kept:
            edges[rel] = kept
    return edges


def read_world(folder: Path) -> CuratedWorld:
    headers: dict[str, list[str]] = {}
    rows: dict[str, list[list[str]]] = {}
    for name in CURATED_CLASSES:
        headers[name], rows[name] = _read(folder / "nodes" / f"{name}.csv")
    if not rows["PrefectureCity"] or not rows["IndustryChain"]:
        raise IngestError(f"{folder} holds no curated PrefectureCity and IndustryChain rows to link to")
    cities = [r[0] for r in rows["PrefectureCity"] if r[0].startswith("36")]
    counties: dict[str, list[str]] = {}
    for row in rows["County"]:
        if row[0][:4] + "00" in cities:
            counties.setdefault(row[0][:4] + "00", []).append(row[0])
    count_at = headers["IndustryChain"].index("count") if "count" in headers["IndustryChain"] else None
    chains = [r[0] for r in rows["IndustryChain"] if count_at is None or not r[count_at].strip()]  # no group nodes
    # what the province carries: Jiangxi's cities and their counties, the science cities, the chains,
    # and (below) the designations the copied links name
    class_of = {c: "PrefectureCity" for c in cities}
    class_of.update({c: "County" for found in counties.values() for c in found})
    class_of.update({c: "IndustryChain" for c in chains})
    class_of.update({r[0]: "ScienceCity" for r in rows["ScienceCity"]})
    class_of.update({r[0]: "Programme" for r in rows["Programme"]})
    class_of.update({r[0]: "Province" for r in rows["Province"]})
    edges = _copied_edges(folder, headers, class_of)
    # of all the programmes and provinces, those the copied links name
    named = {r[1] for rel in ("DESIGNATED_AS", "PART_OF") for r in edges.get(rel, [])}
    copied = {i for i, cls in class_of.items() if cls not in ("Programme", "Province") or i in named}
    narrower: dict[str, list[str]] = {}
    for start, end, *_ in edges.get("BROADER", []):
        narrower.setdefault(end, []).append(start)
    weights = [float(REGION_WEIGHTS.get(c, 1000)) for c in cities]
    world = CuratedWorld(headers, rows, cities, weights, counties, chains, narrower, {}, edges, copied)
    focus: dict[str, list[str]] = {}
    for start, end, *_ in edges.get("FOCUSES_ON", []) + edges.get("SUPPORTS_CHAIN", []):
        focus.setdefault(start, []).append(end)
    for start, end, *_ in edges.get("LOCATED_IN", []):
        if end in cities:
            world.science_cities.setdefault(end, []).append((start, world.with_narrower(focus.get(start, []))))
    return world
