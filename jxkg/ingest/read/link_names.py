"""Link ends by name beyond the exact alias table: the name resolver, given to the run from outside.

A relationship's far end named as a steward wrote it (贛州稀金科創城, 中科院…, 国家 left out) is
first looked up exactly (`AliasTable`: unchanged behaviour); what that does not find is asked of a
`NameResolver`, the analysts' resolver (`jxkg.queries.resolve`: normalised forms, traditional,
full-width, abbreviations, English, pinyin, typos) over the graph the run writes into plus the run's
own entities. The ingest may not import that library (one floor, neither knows the other), so it
names what it needs here as protocols and a face-side caller (the steward's upload, `jxkg ingest`)
passes `jxkg.queries.resolve.RunNames` in. Without one, the run resolves exactly as before.

A confident match links, and is kept as a `NameLink` for the reports (which rows, how matched);
anything else is a problem on the row that names the candidates, so the steward can write the id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from jxkg.ingest.records import Problem

__all__ = ["NameCandidate", "NameLink", "NameResolution", "NameResolver", "link_by_name"]

_SHOWN = 5  # candidates named in a finding


class NameCandidate(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def name(self) -> str: ...
    @property
    def class_name(self) -> str: ...
    @property
    def matched(self) -> str: ...  # how: exact-name, alias, normalised, english, pinyin, partial, fuzzy
    @property
    def matched_form(self) -> str: ...  # the stored name, alias or English name that matched


class NameResolution(Protocol):
    @property
    def candidates(self) -> Sequence[NameCandidate]: ...
    @property
    def confident(self) -> bool: ...


class NameResolver(Protocol):
    def add(self, class_name: str, entity_id: str, name_zh: object, aliases: Iterable[str] = ()) -> None:
        """An entity of this run (it is not in the graph yet)."""

    def resolve_name(self, text: str, class_name: str) -> NameResolution:
        """Candidates among the class and its subclasses, best first."""


@dataclass(frozen=True)
class NameLink:
    """A link end found by the resolver, not by its exact name: what the reports list."""

    file: str
    row: int
    column: str
    text: str  # the cell as written
    rel_type: str
    target: str  # the id it links to
    target_name: str
    matched: str
    matched_form: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "text": self.text,
            "type": self.rel_type,
            "target": self.target,
            "targetName": self.target_name,
            "matched": self.matched,
            "matchedForm": self.matched_form,
        }

    def __str__(self) -> str:
        return (
            f"{self.file}, row {self.row}, field {self.column!r}: {self.text!r} -> {self.target} ({self.target_name}), "
            f"{self.matched} match of {self.matched_form!r}"
        )


@dataclass(frozen=True)
class EndAt:
    """Where a link end was written, and what it must be."""

    file: str
    row: int
    column: str
    rel_type: str
    target_class: str


def link_by_name(names: NameResolver, at: EndAt, text: str) -> tuple[str | None, NameLink | Problem]:
    """The id a name the alias table did not find stands for, with the link made; or None and the
    problem naming the candidates (the row goes to quarantine with them)."""
    resolution = names.resolve_name(text, at.target_class)
    if resolution.confident and resolution.candidates:
        best = resolution.candidates[0]
        link = NameLink(
            at.file, at.row, at.column, text, at.rel_type, best.id, best.name, str(best.matched), best.matched_form
        )
        return best.id, link
    shown = resolution.candidates[:_SHOWN]
    if shown:
        listed = "; ".join(f"{c.id} ({c.name}, {c.matched})" for c in shown)
        listed_zh = "；".join(f"{c.id}（{c.name}）" for c in shown)
        why = f"no {at.target_class} is known by exactly this name, and which one is meant cannot be told: {listed}"
        why_zh = f"没有名称完全相同的{at.target_class}，且无法确定所指哪一个：{listed_zh}"
        fix, fix_zh = "write the id of the one meant in the cell", "请在单元格中填写所指实体的 id 后重新上传"
    else:
        why = f"no {at.target_class} is known by this name (curated data, the graph, this ingest, aliases)"
        why_zh = f"精选数据、图谱和本次导入中都没有这个名称的{at.target_class}"
        fix, fix_zh = "check the name, or load the entity first", "请核对名称，或先导入该实体"
    message = f"{why}; the {at.rel_type} was rejected: {fix}"
    message_zh = f"{why_zh}；关系 {at.rel_type} 未载入：{fix_zh}"
    return None, Problem(at.file, at.row, at.column, text, message, message_zh=message_zh)
