"""Reconciliation query batches → result batches, every query through the one `Resolver` the batch holds.

Ranking and `match`:
- without `properties`, candidates come in the resolver's order with its scores, and `match` is
  true for the first one only when the resolution is `confident`;
- with `properties`, the resolver is asked for its widest set of candidates, each loses
  `PROPERTY_PENALTY` points per constraint it does not agree with (`agreement`), and they are
  ranked again by that score (the resolver's order breaking ties). So of two namesakes, the one
  in the city the query names leads by the penalty. `match` is then true for the first one only
  when it agrees with every constraint and the resolver's confidence rule (`is_confident`) holds
  on the new scores.
Several types in one query are resolved one by one and merged, best score first.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import ValidationError

from jxkg.errors import ParameterError
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.queries.reconcile.agreement import agreement
from jxkg.queries.reconcile.model import Feature, PropertyValue, ReconCandidate, ReconQuery, ReconResult
from jxkg.queries.reconcile.terms import PropertyTerm, class_name, property_term, type_ref
from jxkg.queries.resolve import MAX_CANDIDATES, Candidate, MatchKind, Resolver
from jxkg.queries.resolve.resolver import DEFAULT_CANDIDATES, is_confident
from jxkg.store import GraphStore

MAX_BATCH = 100  # queries in one batch: the manifest's batchSize
MAX_TYPES = 5  # types in one query
MAX_PROPERTIES = 10  # constraints in one query
MAX_KEY_CHARS = 200
PROPERTY_PENALTY = 10.0
_RANK = {kind: rank for rank, kind in enumerate(MatchKind)}


def parse_batch(text: str) -> dict[str, ReconQuery]:
    """A batch as sent (the `queries` parameter, or a JSON body): a JSON object of query objects."""
    try:
        data = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise ParameterError(f"queries is not valid JSON: {exc}", parameter="queries") from None
    return batch_from(data)


def batch_from(data: Any) -> dict[str, ReconQuery]:
    if not isinstance(data, dict):
        raise ParameterError(
            f"queries must be a JSON object of queries by key, not {_json_kind(data)}", parameter="queries"
        )
    batch: dict[str, ReconQuery] = {}
    for key, query in data.items():
        where = f"queries.{key[:MAX_KEY_CHARS]}"
        if len(key) > MAX_KEY_CHARS:
            raise ParameterError(f"a query key has {len(key)} characters; at most {MAX_KEY_CHARS}", parameter=where)
        if not isinstance(query, dict):
            raise ParameterError(f"query {key!r} must be a JSON object, not {_json_kind(query)}", parameter=where)
        try:
            batch[key] = ReconQuery.model_validate(query)
        except ValidationError as exc:
            first = exc.errors()[0]
            place = ".".join(str(part) for part in first["loc"])
            raise ParameterError(f"query {key!r}: {place}: {first['msg']}", parameter=f"{where}.{place}") from None
    return batch


def _json_kind(value: Any) -> str:
    kinds = {list: "an array", str: "a string", bool: "a boolean", int: "a number", float: "a number"}
    return "null" if value is None else kinds.get(type(value), "a value")


class Reconciler:
    """Answers a batch; one is made per batch, and holds the one `Resolver` every query goes through."""

    def __init__(self, store: GraphStore, schema: GraphSchema | None = None, resolver: Resolver | None = None):
        self.store = store
        self.schema = schema if schema is not None else load_schema()
        self.resolver = resolver if resolver is not None else Resolver(store, self.schema)

    def reconcile(self, batch: Mapping[str, ReconQuery]) -> dict[str, ReconResult]:
        if len(batch) > MAX_BATCH:
            raise ParameterError(
                f"the batch holds {len(batch)} queries; at most {MAX_BATCH} are allowed", parameter="queries"
            )
        return {key: self.one(key, query) for key, query in batch.items()}

    def one(self, key: str, query: ReconQuery) -> ReconResult:
        where = f"queries.{key}"
        text, types, limit, constraints = self._checked(key, query)
        widest = bool(constraints) or len(types) > 1
        try:
            resolutions = [
                self.resolver.resolve(text, class_name=t, limit=MAX_CANDIDATES if widest else limit) for t in types
            ]
        except ParameterError as exc:  # the resolver's words, said of this query
            raise ParameterError(f"query {key!r}: {exc}", parameter=f"{where}.query") from None
        if not widest:
            ranked, confident = list(resolutions[0].candidates), resolutions[0].confident
        else:
            ranked = _merged([c for r in resolutions for c in r.candidates])
            confident = is_confident(tuple(ranked)) if not constraints else False
        agreed: dict[str, int] = {}
        if constraints:
            agreed = agreement(self.store, self.resolver.normaliser, [c.id for c in ranked], constraints)
            ranked = _rescored(ranked, agreed, len(constraints))
            confident = bool(ranked) and agreed[ranked[0].id] == len(constraints) and is_confident(tuple(ranked))
        shown = ranked[:limit]
        return ReconResult(result=self._candidates(shown, confident, agreed if constraints else None))

    def _checked(
        self, key: str, query: ReconQuery
    ) -> tuple[str, list[str | None], int, list[tuple[PropertyTerm, Sequence[PropertyValue]]]]:
        where = f"queries.{key}"
        if query.query is None or not query.query.strip():
            # v0.2 lets a query hold properties only; this service matches names, so it needs one
            raise ParameterError(f"query {key!r} has no query text: this service matches names", parameter=where)
        limit = query.limit if query.limit is not None else DEFAULT_CANDIDATES
        if not 1 <= limit <= MAX_CANDIDATES:
            raise ParameterError(
                f"query {key!r}: limit must be between 1 and {MAX_CANDIDATES}, got {limit}", parameter=f"{where}.limit"
            )
        given_types = query.types()
        if len(given_types) > MAX_TYPES:
            raise ParameterError(f"query {key!r}: at most {MAX_TYPES} types", parameter=f"{where}.type")
        types: list[str | None] = [class_name(self.schema, t) for t in dict.fromkeys(given_types)] or [None]
        properties = query.properties or []
        if len(properties) > MAX_PROPERTIES:
            raise ParameterError(f"query {key!r}: at most {MAX_PROPERTIES} properties", parameter=f"{where}.properties")
        constraints: list[tuple[PropertyTerm, Sequence[PropertyValue]]] = [
            (property_term(self.schema, p.pid), p.values()) for p in properties if p.values()
        ]
        return query.query, types, limit, constraints

    def _candidates(
        self, shown: Sequence[Candidate], confident: bool, agreed: dict[str, int] | None
    ) -> list[ReconCandidate]:
        details = _details(self.store, [c.id for c in shown])
        answer = []
        for rank, candidate in enumerate(shown):
            features = [
                Feature(id="name_score", value=candidate.score),
                Feature(id="exact_name", value=candidate.matched.exact),
            ]
            if agreed is not None:
                features.append(Feature(id="properties_agreeing", value=agreed.get(candidate.id, 0)))
            answer.append(
                ReconCandidate(
                    id=candidate.id,
                    name=candidate.name,
                    type=[type_ref(self.schema.node_type(candidate.class_name), self.schema)],
                    score=candidate.score,
                    match=confident and rank == 0,
                    description=details.get(candidate.id),
                    features=features,
                )
            )
        return answer


def _merged(candidates: Sequence[Candidate]) -> list[Candidate]:
    """Candidates of several resolutions, each entity once with its best score, in the resolver's ranking."""
    best: dict[str, Candidate] = {}
    for candidate in candidates:
        kept = best.get(candidate.id)
        if kept is None or candidate.score > kept.score:
            best[candidate.id] = candidate
    return sorted(best.values(), key=lambda c: (-c.score, _RANK[c.matched], len(c.name), c.id))


def _rescored(ranked: Sequence[Candidate], agreed: Mapping[str, int], constraints: int) -> list[Candidate]:
    rescored = [
        c.model_copy(update={"score": max(0.0, c.score - PROPERTY_PENALTY * (constraints - agreed[c.id]))})
        for c in ranked
    ]
    return sorted(rescored, key=lambda c: -c.score)  # stable: the resolver's order breaks ties


def _details(store: GraphStore, ids: Sequence[str]) -> dict[str, str]:
    """A line telling namesakes apart: the English name and where the entity is."""
    if not ids:
        return {}
    rows = store.read(
        "MATCH (n:Entity) WHERE n.id IN $ids OPTIONAL MATCH (n)-[:LOCATED_IN]->(p:Entity) "
        "RETURN n.id AS id, n.nameEn AS en, collect(p.nameZh) AS places",
        {"ids": list(ids)},
    )
    lines = {}
    for row in rows:
        parts = [row["en"]] if isinstance(row.get("en"), str) and row["en"] else []
        places = sorted(p for p in row.get("places") or [] if isinstance(p, str))
        if places:
            parts.append("、".join(places))
        if parts:
            lines[str(row["id"])] = " · ".join(parts)
    return lines
