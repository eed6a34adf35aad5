"""How well one entity's names match what was typed: the strongest of its names decides.

Scores run 0-100 and say how sure the match is, not how similar two strings look:
exact (the id, the canonical name or an alias as typed) 100; the English name as typed 97; the
same comparison form (`Normaliser.key`) 95; the same pinyin 90 (typed on a Latin keyboard) or 88
(a Chinese homophone); one form inside the other 50-85 by how much of the longer it covers;
otherwise the rapidfuzz ratio of the forms, scaled by 0.95 and kept from 60 up.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz

from jxkg.queries.resolve.model import MatchKind
from jxkg.queries.resolve.normalise import Normaliser, is_latin

EXACT = 100.0
ENGLISH_EXACT = 97.0
NORMALISED = 95.0
PINYIN_TYPED = 90.0
PINYIN_HOMOPHONE = 88.0
PARTIAL_FLOOR = 50.0
PARTIAL_SPAN = 35.0
FUZZY_SCALE = 0.95
FUZZY_MIN_RATIO = 60.0
_MIN_PARTIAL = 2  # characters the shorter form needs before containment counts


@dataclass(frozen=True)
class Query:
    """What was typed, in every form it is compared in."""

    text: str
    folded: str
    key: str
    pinyin: str
    latin: bool

    @classmethod
    def of(cls, text: str, normaliser: Normaliser) -> Query:
        folded = normaliser.fold(text)
        key = normaliser.key(text)
        latin = is_latin(folded)
        # typed on a Latin keyboard the text is its own pinyin (ganzhou); Chinese is read aloud
        return cls(text, folded, key, folded if latin else normaliser.pinyin(normaliser.plain(text)), latin)


@dataclass(frozen=True)
class Match:
    kind: MatchKind
    score: float
    form: str


def best_match(query: Query, properties: dict[str, Any], normaliser: Normaliser) -> Match | None:
    """The strongest match among the node's id, names, aliases and English name; None when none is."""
    best: Match | None = None
    for match in _matches(query, properties, normaliser):
        if best is None or (match.score, -_RANK[match.kind]) > (best.score, -_RANK[best.kind]):
            best = match
    return best


_RANK = {kind: rank for rank, kind in enumerate(MatchKind)}


def _names(properties: dict[str, Any]) -> Iterator[tuple[str, MatchKind]]:
    name = properties.get("nameZh")
    if isinstance(name, str) and name:
        yield name, MatchKind.EXACT_NAME
    aliases = properties.get("aliases")
    for alias in aliases if isinstance(aliases, list) else [aliases]:
        if isinstance(alias, str) and alias:
            yield alias, MatchKind.ALIAS
    english = properties.get("nameEn")
    if isinstance(english, str) and english:
        yield english, MatchKind.ENGLISH


def _matches(query: Query, properties: dict[str, Any], normaliser: Normaliser) -> Iterator[Match]:
    if str(properties.get("id")) == query.text:
        yield Match(MatchKind.EXACT_ID, EXACT, query.text)
    for name, kind in _names(properties):
        english = kind is MatchKind.ENGLISH
        if name == query.text:
            yield Match(kind, ENGLISH_EXACT if english else EXACT, name)
            continue
        key = normaliser.key(name)
        if key == query.key:
            yield Match(MatchKind.ENGLISH if english else MatchKind.NORMALISED, NORMALISED, name)
            continue
        readings = set() if english else normaliser.readings(name)
        if query.pinyin in readings:
            yield Match(MatchKind.PINYIN, PINYIN_TYPED if query.latin else PINYIN_HOMOPHONE, name)
            continue
        if english != query.latin:  # Chinese text is compared with Chinese names, Latin with English and pinyin
            if query.latin and not english:
                for reading in readings:
                    yield from _fuzzy(query.pinyin, reading, name)
            continue
        yield from _partial(query.key, key, name)
        yield from _fuzzy(query.key, key, name)


def _partial(typed: str, stored: str, name: str) -> Iterator[Match]:
    shorter, longer = sorted((typed, stored), key=len)
    if len(shorter) >= _MIN_PARTIAL and shorter in longer:
        yield Match(MatchKind.PARTIAL, PARTIAL_FLOOR + PARTIAL_SPAN * len(shorter) / len(longer), name)


def _fuzzy(typed: str, stored: str, name: str) -> Iterator[Match]:
    ratio = fuzz.ratio(typed, stored)
    if ratio >= FUZZY_MIN_RATIO:
        yield Match(MatchKind.FUZZY, round(ratio * FUZZY_SCALE, 2), name)
