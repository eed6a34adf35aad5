"""Likely duplicates in the live graph: two entities of one class whose names resolve to each other.

Part of `jxkg audit` and `POST /api/v1/audit`. Each entity's `nameZh` is resolved within its own
class (`jxkg.queries.resolve.Resolver`, the analysts' resolver: normalised forms, traditional,
full-width, dropped 国家/市, abbreviations, English, pinyin, typos) and the entity itself left out of
the candidates; when what is left confidently names one other entity by one of its names as such
(the same name or alias, the same normalised form, English or pinyin), the name points there. A pair
is reported when each name points at the other. A partial or typo-level likeness is not enough
between two stored names (农高区合作院士数 and 农高区合作院所数 are two indicators), and names that
differ in their digits are never a pair: numbers tell entities apart (years, phases).

Bounded: at most `max_entities` entities are resolved (by id order) and `max_pairs` pairs kept; the
report says how many there were and whether it was cut.
"""

from __future__ import annotations

import re

from pydantic import Field

from jxkg.errors import ParameterError
from jxkg.ontology.schema import GraphSchema
from jxkg.queries.resolve import Candidate, MatchKind, Resolver
from jxkg.queries.resolve.resolver import is_confident
from jxkg.store import GraphStore
from jxkg.views import View

__all__ = [
    "MAX_ENTITIES",
    "MAX_PAIRS",
    "DuplicatePair",
    "DuplicatesReport",
    "likely_duplicates",
    "render_duplicates_text",
]

MAX_ENTITIES = 2000
MAX_PAIRS = 100
_DIGITS = re.compile(r"\d+")
_TOO_WEAK = frozenset({MatchKind.PARTIAL, MatchKind.FUZZY})


class DuplicateEnd(View):
    id: str
    name: str = Field(description="its nameZh")
    matched: str = Field(description="how the other's name matched this one: exact-name, alias, normalised, fuzzy...")
    matched_form: str = Field(description="this entity's name, alias or English name that the other's name matched")


class DuplicatePair(View):
    class_name: str = Field(description="the class both belong to (most specific)")
    first: DuplicateEnd
    second: DuplicateEnd


class DuplicatesReport(View):
    pairs: list[DuplicatePair] = Field(description="by class, then id")
    entities: int = Field(description="named entities in the graph")
    examined: int = Field(description="entities whose names were resolved")
    truncated: bool = Field(description="true when not every entity was examined, or pairs were left out")
    max_entities: int
    max_pairs: int


def likely_duplicates(
    store: GraphStore, schema: GraphSchema, *, max_entities: int = MAX_ENTITIES, max_pairs: int = MAX_PAIRS
) -> DuplicatesReport:
    total = store.read("MATCH (n:Entity) WHERE n.nameZh IS NOT NULL RETURN count(n) AS c")
    rows = store.read(
        "MATCH (n:Entity) WHERE n.nameZh IS NOT NULL RETURN n.id AS id, n.nameZh AS name, labels(n) AS labels "
        "ORDER BY n.id LIMIT $limit",
        {"limit": max_entities},
    )
    resolver = Resolver(store, schema)
    names: dict[str, str] = {}
    points: dict[str, tuple[str, Candidate]] = {}  # entity -> (its class, the one other its name names)
    for row in rows:
        node_type = schema.most_specific_type(row["labels"])
        if node_type is None:
            continue
        entity, name = str(row["id"]), str(row["name"])
        names[entity] = name
        other = _named_other(resolver, entity, name, node_type.name)
        if other is not None:
            points[entity] = (node_type.name, other)
    pairs: list[DuplicatePair] = []
    for entity, (class_name, other) in sorted(points.items()):
        back = points.get(other.id)
        if entity < other.id and back is not None and back[1].id == entity:
            pairs.append(DuplicatePair(class_name=class_name, first=_end(back[1], names[entity]), second=_end(other)))
    pairs.sort(key=lambda pair: (pair.class_name, pair.first.id))
    entities = int(total[0]["c"]) if total else 0
    return DuplicatesReport(
        pairs=pairs[:max_pairs],
        entities=entities,
        examined=len(rows),
        truncated=len(rows) < entities or len(pairs) > max_pairs,
        max_entities=max_entities,
        max_pairs=max_pairs,
    )


def _end(candidate: Candidate, name: str | None = None) -> DuplicateEnd:
    return DuplicateEnd(
        id=candidate.id,
        name=name or candidate.name,
        matched=candidate.matched.value,
        matched_form=candidate.matched_form,
    )


def _named_other(resolver: Resolver, entity: str, name: str, class_name: str) -> Candidate | None:
    """The one other entity of the class that `name` confidently resolves to, leaving `entity` out."""
    try:
        resolution = resolver.resolve(name, class_name=class_name)
    except ParameterError:  # a name no one could type (over the resolver's length, a control character)
        return None
    others = tuple(c for c in resolution.candidates if c.id != entity and c.class_name == class_name)
    if not others or not is_confident(others) or others[0].matched in _TOO_WEAK:
        return None
    if _DIGITS.findall(name) != _DIGITS.findall(others[0].name):
        return None
    return others[0]


def render_duplicates_text(report: DuplicatesReport) -> list[str]:
    """Lines for `jxkg audit`'s text view."""
    lines = [f"likely duplicates: {len(report.pairs)} pair(s) among {report.examined} of {report.entities} entities"]
    if report.truncated:
        lines.append(
            f"  (cut: at most {report.max_entities} entities are examined and {report.max_pairs} pairs listed)"
        )
    for pair in report.pairs:
        a, b = pair.first, pair.second
        lines.append(
            f"  {pair.class_name}: {a.id} ({a.name}) ~ {b.id} ({b.name}): "
            f"{b.matched} match of {b.matched_form!r}, back {a.matched} of {a.matched_form!r}"
        )
    return lines
