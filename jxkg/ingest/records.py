"""What readers produce and writers take: ontology-typed records, and the problems found on the way."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jxkg.store.text import control_character_at


def control_character(text: str) -> str | None:
    """What is wrong with `text` if it holds a control character, else None: no record's text may
    hold one (the readers of tables reject such a row, the writer any other record)."""
    at = control_character_at(text)
    if at is None:
        return None
    return f"holds the control character U+{ord(text[at]):04X} at character {at + 1}"


@dataclass(frozen=True)
class NodeRecord:
    """One entity: its most specific class, its id and its properties (ontology names, converted values)."""

    class_name: str
    id: str
    properties: dict[str, Any]
    source_file: str
    row: int | None = None


@dataclass(frozen=True)
class EdgeRecord:
    """One relationship between two entities, by their ids."""

    rel_type: str
    start: str
    end: str
    properties: dict[str, Any]
    source_file: str
    row: int | None = None


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input, located precisely enough for a steward to fix it."""

    file: str
    row: int | None
    field: str | None
    value: str | None
    message: str
    message_zh: str | None = None  # its own Chinese wording; else the findings say what kind it is

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.field is not None:
            where += f", field {self.field!r}"
        shown = "" if self.value is None else f" (value {self.value[:80]!r})"
        return f"{where}: {self.message}{shown}"


@dataclass
class ReadResult:
    nodes: list[NodeRecord] = field(default_factory=list)
    edges: list[EdgeRecord] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def file_names(self) -> list[str]:
        """The files these records and problems come from, for the run's record."""
        names = {n.source_file for n in self.nodes} | {e.source_file for e in self.edges}
        return sorted(names | {p.file for p in self.problems})
