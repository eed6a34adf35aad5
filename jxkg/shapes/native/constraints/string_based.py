"""String-based constraint components: sh:pattern (with sh:flags), sh:languageIn, sh:uniqueLang."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import ClassVar

from rdflib import RDF, XSD, BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.shapes.native.constraints.base import (
    Constraint,
    ShapeParameters,
    ValueTermConstraint,
    Violation,
)
from jxkg.shapes.triples import TripleIndex

__all__ = ["LanguageInConstraint", "PatternConstraint", "UniqueLangConstraint"]

_STRING, _LANG_STRING = XSD.string, RDF.langString  # rdflib makes a new term on each attribute access


def _lexical(value: Node) -> str:
    """The string a pattern is matched against: a string literal's value, else its lexical form or IRI."""
    if isinstance(value, Literal) and value.value is not None and value.datatype in (None, _LANG_STRING, _STRING):
        return str(value.value)
    return str(value)


@dataclass(frozen=True)
class PatternConstraint(ValueTermConstraint):
    """sh:pattern, matched with Python's `re.search`; sh:flags i and m only."""

    parameters: ClassVar[tuple[URIRef, ...]] = (SH.pattern, SH.flags)
    order: ClassVar[int] = 30

    patterns: tuple[re.Pattern[str], ...]

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        patterns = shape.values(SH.pattern)
        flags_value = shape.one(SH.flags)
        if flags_value is not None and not patterns:
            raise shape.unsupported("sh:flags without sh:pattern")
        flags = 0
        if flags_value is not None:
            text = str(flags_value)
            if not isinstance(flags_value, Literal) or not set(text) <= {"i", "m"}:
                # pySHACL reads only i and m (and ignores the rest); SHACL has s, x and q too
                raise shape.unsupported("sh:flags other than i and m")
            flags = (re.IGNORECASE if "i" in text else 0) | (re.MULTILINE if "m" in text else 0)
        compiled: list[re.Pattern[str]] = []
        for pattern in patterns:
            if not isinstance(pattern, Literal) or not isinstance(pattern.value, str):
                raise shape.unsupported("sh:pattern must be a string")
            try:
                compiled.append(re.compile(str(pattern), flags))
            except re.error as exc:
                raise shape.unsupported(f"sh:pattern does not compile: {exc}") from exc
        if compiled:
            yield cls(tuple(compiled))

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for pattern in self.patterns:
            for value in values:
                if isinstance(value, BNode) or not pattern.search(_lexical(value)):
                    yield Violation(value, SH.PatternConstraintComponent)


@dataclass(frozen=True)
class LanguageInConstraint(ValueTermConstraint):
    """sh:languageIn with basic ranges of one subtag ("zh") or "*": a tag matches its range or starts
    with the range and a hyphen, whatever the case (SPARQL langMatches)."""

    parameters: ClassVar[tuple[URIRef, ...]] = (SH.languageIn,)
    order: ClassVar[int] = 150

    ranges: frozenset[str]  # lower case

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        members = shape.one(SH.languageIn)
        if members is None:
            return
        ranges: set[str] = set()
        for item in shape.items(members):
            if not isinstance(item, Literal) or not isinstance(item.value, str):
                raise shape.unsupported("sh:languageIn must list strings")
            if "-" in str(item):
                # pySHACL matches only a tag's first subtag against a range with several
                raise shape.unsupported("sh:languageIn with a range of more than one subtag")
            ranges.add(str(item).lower())
        yield cls(frozenset(ranges))

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        for value in values:
            if not self._matches(value):
                yield Violation(value, SH.LanguageInConstraintComponent)

    def _matches(self, value: Node) -> bool:
        if not isinstance(value, Literal) or not value.language:
            return False
        tag = str(value.language).lower()
        return "*" in self.ranges or tag in self.ranges or tag.split("-")[0] in self.ranges


@dataclass(frozen=True)
class UniqueLangConstraint(ValueTermConstraint):
    """sh:uniqueLang true: one result (without a value) per language tag two value nodes share."""

    parameters: ClassVar[tuple[URIRef, ...]] = (SH.uniqueLang,)
    order: ClassVar[int] = 140

    @classmethod
    def from_shape(cls, shape: ShapeParameters) -> Iterator[Constraint]:
        unique = shape.one(SH.uniqueLang)
        if unique is None:
            return
        if not shape.is_property or not isinstance(unique, Literal) or not isinstance(unique.value, bool):
            raise shape.unsupported("sh:uniqueLang must be a boolean on a property shape")
        if unique.value:
            yield cls()

    def violations(self, data: TripleIndex, focus: Node, values: Collection[Node]) -> Iterator[Violation]:
        seen: set[str] = set()
        repeated: set[str] = set()
        for value in values:
            if isinstance(value, Literal) and value.language:
                tag = str(value.language).lower()
                (repeated if tag in seen else seen).add(tag)
        for _ in repeated:
            yield Violation(None, SH.UniqueLangConstraintComponent)
