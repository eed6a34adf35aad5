"""The abbreviations name resolution treats as their full forms (中科院 = 中国科学院).

Reference data a steward extends, kept beside the ontology as `abbreviations.csv`: one row per
abbreviation, `short,full,source`, the source saying where the equivalence is attested. A row
is read as "who types `short` means `full`"; the resolver applies it to what is typed and to
the stored names alike, so the direction never decides a match.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from jxkg.errors import OntologyError

DEFAULT_ABBREVIATIONS = Path(__file__).with_name("abbreviations.csv")
_COLUMNS = ["short", "full", "source"]


@dataclass(frozen=True)
class Abbreviation:
    short: str
    full: str
    source: str


def load_abbreviations(path: Path | None = None) -> tuple[Abbreviation, ...]:
    """The rows of the abbreviations file; OntologyError naming the row when one is unusable."""
    resolved = path if path is not None else DEFAULT_ABBREVIATIONS
    try:
        text = resolved.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise OntologyError(f"{resolved}: cannot read the abbreviations: {exc}") from exc
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != _COLUMNS:
        raise OntologyError(f"{resolved}: the header must be {','.join(_COLUMNS)}, got {reader.fieldnames}")
    rows: list[Abbreviation] = []
    seen: set[str] = set()
    for number, row in enumerate(reader, start=1):
        short, full, source = ((row.get(column) or "").strip() for column in _COLUMNS)
        if not (short and full and source):
            raise OntologyError(f"{resolved}: row {number}: short, full and source are all required")
        if short.casefold() in seen:
            raise OntologyError(f"{resolved}: row {number}: {short!r} is listed twice")
        if short.casefold() == full.casefold():
            raise OntologyError(f"{resolved}: row {number}: {short!r} abbreviates itself")
        seen.add(short.casefold())
        rows.append(Abbreviation(short, full, source))
    return tuple(rows)
