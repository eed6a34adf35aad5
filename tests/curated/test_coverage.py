"""COVERAGE.md lists what the two documents name and the node holding it: every id it gives is in nodes/*.csv."""

import csv
import re
from pathlib import Path

CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"
ROW = re.compile(r"^\|(?P<chapter>[^|]*)\|(?P<name>[^|]*)\|(?P<node>[^|]*)\|(?P<kind>[^|]*)\|\s*$")


def node_ids() -> set[str]:
    ids: set[str] = set()
    for path in sorted((CURATED / "nodes").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as fh:
            ids.update(row["id"] for row in csv.DictReader(fh))
    return ids


def coverage_rows() -> list[dict[str, str]]:
    rows = []
    for line in (CURATED / "COVERAGE.md").read_text(encoding="utf-8").splitlines():
        m = ROW.match(line)
        if not m or m["chapter"].strip() in ("chapter", "---"):
            continue
        rows.append({k: v.strip() for k, v in m.groupdict().items()})
    return rows


def test_coverage_has_rows_for_both_documents() -> None:
    text = (CURATED / "COVERAGE.md").read_text(encoding="utf-8")
    assert "## 000_d24e6e608ec2dcda.txt" in text
    assert "## 003_0734145f5672b58a.txt" in text
    assert len(coverage_rows()) > 100


def test_every_listed_node_exists() -> None:
    ids = node_ids()
    bad = []
    for row in coverage_rows():
        m = re.fullmatch(r"`([^`]+)`", row["node"])
        if not m:
            bad.append((row["chapter"], row["name"], "node id not in backticks"))
        elif m.group(1) not in ids:
            bad.append((row["chapter"], row["name"], m.group(1)))
    assert not bad, bad[:20]


def test_no_row_says_missing() -> None:
    bad = [r for r in coverage_rows() if any("missing" in v.lower() for v in r.values())]
    assert not bad, bad[:20]
