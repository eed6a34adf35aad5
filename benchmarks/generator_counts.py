"""What the synthetic province holds at a few scales: one markdown row per file, generated rows plus
the curated rows copied in (docs/generator.md, "Counts per scale").

    .venv/bin/python benchmarks/generator_counts.py --scales 0.01,0.1,1 --seed 1
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def table(manifests: dict[float, dict[str, Any]]) -> list[str]:
    names = sorted(set().union(*(m["files"] for m in manifests.values())))

    def cell(info: dict[str, Any] | None) -> str:
        if info is None:
            return "–"
        made = info["rows"] - info["copied"]
        return f"{made:,}" + (f" + {info['copied']} curated" if info["copied"] else "")

    lines = ["| file | " + " | ".join(f"scale {s:g}" for s in manifests) + " |", "| --- |" + " ---: |" * len(manifests)]
    lines += [f"| `{n}` | " + " | ".join(cell(m["files"].get(n)) for m in manifests.values()) + " |" for n in names]
    totals = (f"{m['totals']['nodes']:,} nodes + {m['totals']['edges']:,} edges" for m in manifests.values())
    return [*lines, "| **all rows** | " + " | ".join(totals) + " |"]


def main() -> None:
    from jxkg.ingest.read.curated import default_curated_dir
    from jxkg.synthetic.province import generate

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", default="0.01,0.1,1")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    manifests: dict[float, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scale in (float(s) for s in args.scales.split(",")):
            manifests[scale] = generate(
                Path(tmp) / f"s{scale:g}", scale=scale, seed=args.seed, curated=default_curated_dir()
            )
    print("\n".join(table(manifests)))


if __name__ == "__main__":
    main()
