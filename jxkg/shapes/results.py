"""Validation results as data, whichever engine found them: one `ResultRecord` per SHACL result."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from rdflib import BNode, Literal
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.ontology.conventions import JX, SOURCE, SOURCE_ROW
from jxkg.ontology.rdf import canonical

__all__ = ["ResultRecord", "Severity", "messages_by_language", "source_of", "term_text"]


class Severity(StrEnum):
    """SHACL severities, most severe first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def rank(self) -> int:
        return _RANKS[self]

    @classmethod
    def from_iri(cls, iri: Node | None) -> Severity:
        """sh:Violation -> VIOLATION; no severity is a Violation, as in SHACL. A custom severity
        (`ex:MySeverity`, kept in `ResultRecord.severity_iri`) also fails conformance as a Violation:
        SHACL lets only results with no severity at all pass, and jxkg exempts just Warning and Info."""
        text = str(iri) if iri is not None else ""
        return _BY_IRI.get(text, cls.VIOLATION)

    @staticmethod
    def custom_iri(iri: Node | None) -> str | None:
        """The IRI of a severity other than sh:Violation, sh:Warning and sh:Info; else None."""
        if iri is None or str(iri) in _BY_IRI:
            return None
        return str(iri)


_RANKS = {severity: rank for rank, severity in enumerate(Severity)}  # sorting asks for every result
_BY_IRI = {f"{SH}{severity.value}": severity for severity in Severity}


@dataclass(frozen=True)
class ResultRecord:
    """One SHACL validation result. IRIs are full strings; a literal value is its lexical form."""

    focus: str
    path: str | None  # a property IRI, "^IRI" for an inverse path, None for a constraint on the node itself
    value: str | None
    source_shape: str
    component: str  # the constraint component's IRI (sh:MinCountConstraintComponent, ...)
    severity: Severity
    message_zh: str
    message_en: str
    source_file: str | None = None
    source_row: int | None = None
    severity_iri: str | None = None  # a custom severity's IRI (then `severity` is VIOLATION); None for sh:'s own

    @property
    def severity_label(self) -> str:
        """As the views show the severity: "Violation", or a custom severity's IRI."""
        return self.severity_iri or self.severity.value

    @property
    def rule(self) -> tuple[str, str]:
        """What groups results in a report: the shape and the kind of constraint that failed."""
        return (self.source_shape, self.component)

    @property
    def rule_label(self) -> str:
        """The rule as a steward reads it: `foundedYear-plausible (MinInclusiveConstraintComponent)`."""
        return f"{self.source_shape.rsplit('#', 1)[-1]} ({self.component.rsplit('#', 1)[-1]})"

    def sort_key(self) -> tuple[int, str, str, str, str]:
        return (self.severity.rank, self.source_shape, self.focus, self.path or "", self.value or "")


def messages_by_language(literals: Iterable[Node]) -> dict[str, str]:
    """The first message of each language ("" for an untagged one), by primary language subtag."""
    found: dict[str, str] = {}
    for literal in literals:
        if isinstance(literal, Literal):
            found.setdefault((literal.language or "").split("-")[0].lower(), str(literal))
    return found


def term_text(term: Node | None) -> str | None:
    """How a result names a term: an IRI or a literal's lexical form; a blank node as `_:id`."""
    if term is None:
        return None
    if isinstance(term, BNode):
        return term.n3()
    return str(term)


# made once, as the data's own terms (`canonical`): looked up for every result
_SOURCE, _SOURCE_ROW = canonical(JX[SOURCE]), canonical(JX[SOURCE_ROW])


class _Values(Protocol):
    def value(self, subject: Node, predicate: Node) -> Node | None: ...


def source_of(data: _Values, origins: Mapping[str, str], focus: Node | None) -> tuple[str | None, int | None]:
    """The file and row to fix: a tabular source with its row, else the data file, else the document."""
    if focus is None:
        return None, None
    source = data.value(focus, _SOURCE)
    row = _int(data.value(focus, _SOURCE_ROW))
    if source is not None and row is not None:
        return str(source), row
    origin = origins.get(str(focus))
    if origin is not None:
        return origin, None
    return (str(source) if source is not None else None), None


def _int(term: Node | None) -> int | None:
    if isinstance(term, Literal):
        value: Any = term.toPython()
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and re.fullmatch(r"[0-9]+", value):
            return int(value)
    return None
