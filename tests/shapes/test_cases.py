"""Each kind of constraint, as a small Turtle file with its expected results beside it.

`cases/<name>.ok.ttl` passes without a single result; `cases/<name>.bad.ttl` gives exactly the
results listed in `cases/<name>.bad.expected.json` (focus, path, value, severity, component,
shape, with the prefixes of jxkg.shapes.render). The first line of each Turtle file says what it
shows.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import rdflib

from jxkg.shapes.render import compact
from jxkg.shapes.validate import validate

CASES = Path(__file__).parent / "cases"
FILES = sorted(CASES.glob("*.ttl"))

Row = tuple[str, str | None, str | None, str, str, str]


def expected(path: Path) -> set[Row]:
    rows = json.loads(path.with_name(path.name.removesuffix(".ttl") + ".expected.json").read_text(encoding="utf-8"))
    return {(r["focus"], r["path"], r["value"], r["severity"], r["component"], r["shape"]) for r in rows}


def actual(path: Path) -> set[Row]:
    report = validate(rdflib.Graph().parse(path, format="turtle"))
    return {
        (
            compact(r.focus),
            compact(r.path) if r.path else None,
            compact(r.value) if r.value and r.value.startswith("https://") else r.value,
            r.severity.value,
            compact(r.component),
            compact(r.source_shape),
        )
        for r in report.results
    }


def test_every_case_has_a_passing_and_a_failing_file() -> None:
    names = {p.name.split(".")[0] for p in FILES}
    assert len(names) >= 20
    for name in names:
        for kind in ("ok", "bad"):
            assert (CASES / f"{name}.{kind}.ttl").is_file(), f"{name}.{kind}.ttl is missing"
            assert (CASES / f"{name}.{kind}.expected.json").is_file(), f"{name}.{kind}.expected.json is missing"
        assert expected(CASES / f"{name}.bad.ttl"), f"{name}.bad.expected.json lists no result"
        assert not expected(CASES / f"{name}.ok.ttl"), f"{name}.ok.expected.json must be empty"


@pytest.mark.parametrize("path", FILES, ids=[p.name.removesuffix(".ttl") for p in FILES])
def test_case(path: Path) -> None:
    assert actual(path) == expected(path)
