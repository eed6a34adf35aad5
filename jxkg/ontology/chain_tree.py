"""The industry-chain taxonomy (BROADER links between IndustryChain nodes) of the curated data, as a
Markdown tree for docs/ontology.md: the one part of that page that comes from data, not the ontology."""

from __future__ import annotations

import csv
from pathlib import Path

from jxkg.ontology.conventions import PROVENANCE_KIND

# the checkout's curated data; absent from an installed package, where the section is left out
CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"  # jxkg/ontology/ -> the checkout


def render_chain_tree(folder: Path = CURATED) -> str | None:
    """The tree, broadest chains first, each link with how it is known; None without the data."""
    chains_file, links_file = folder / "nodes" / "IndustryChain.csv", folder / "edges" / "BROADER.csv"
    if not chains_file.is_file() or not links_file.is_file():
        return None
    with chains_file.open(encoding="utf-8") as handle:
        names = {row["id"]: row for row in csv.DictReader(handle)}
    narrower: dict[str, list[tuple[str, str]]] = {}
    has_broader: set[str] = set()
    with links_file.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            narrower.setdefault(row["end"], []).append((row["start"], row[PROVENANCE_KIND]))
            has_broader.add(row["start"])
    lines = [
        "## Industry chain taxonomy",
        "",
        "From the curated data (`data/curated/edges/BROADER.csv`): each chain under its broader chains, with how",
        "the link is known. A chain with several broader chains appears under each. What supports a narrower",
        "chain supports the broader one: the headline question walks these links.",
        "",
    ]

    def walk(chain: str, depth: int, how: str, path: tuple[str, ...]) -> None:
        row = names.get(chain, {"nameZh": chain, "nameEn": ""})
        known = f" *({how})*" if how else ""
        lines.append(f"{'  ' * depth}- {row['nameZh']} · {row['nameEn']}{known}")
        for child, kind in sorted(narrower.get(chain, []), key=lambda item: names.get(item[0], {}).get("nameZh", "")):
            if child not in path:  # a cycle would be a data error; never loop on it
                walk(child, depth + 1, kind, (*path, child))

    for root in sorted((c for c in names if c not in has_broader and c in narrower), key=lambda c: names[c]["nameZh"]):
        walk(root, 0, "", (root,))
    alone = sorted(names[c]["nameZh"] for c in names if c not in has_broader and c not in narrower)
    lines += ["", f"Chains with no broader or narrower chain: {', '.join(alone)}."]
    return "\n".join(lines)
