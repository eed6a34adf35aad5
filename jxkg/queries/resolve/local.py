"""Names not in the graph yet: the entities an ingest run is reading, resolved beside the graph's.

An ingest resolves a link end against the graph it writes into *and* the entities of the same run,
which the engines' indexes do not hold until the run writes them. `LocalNames` keeps those entities
in memory (id, labels, names) and answers `Resolver` with the ones worth scoring: those whose names
share the most character pairs with the text's forms, a bounded set like the engines' searches. The
scoring is the resolver's own (`score.best_match`), so a run's entity and a stored one are rated
alike. Pinyin is not indexed here (a steward's sheet is written in characters).

`run_names.RunNames`, the resolver an ingest run is handed, holds one of these beside the graph's
resolver; the ingest tells it each entity it reads and asks it for the link ends its exact alias
table did not find.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from typing import Any

from jxkg.ontology.schema import GraphSchema
from jxkg.queries.resolve.normalise import Normaliser
from jxkg.queries.resolve.score import Query

__all__ = ["LocalNames"]

Node = dict[str, Any]
_LIMIT = 50  # local entities scored per resolution, at most


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


class LocalNames:
    """Entities known by id, labels and names, outside the graph; indexed by character pairs on first use."""

    def __init__(self, schema: GraphSchema, normaliser: Normaliser) -> None:
        self._schema = schema
        self._normaliser = normaliser
        self._nodes: dict[str, Node] = {}
        self._index: dict[str, set[str]] | None = None  # character pair -> ids; None: build on next use

    def add(self, class_name: str, entity_id: str, name_zh: object, aliases: Iterable[str] = ()) -> None:
        node = self._nodes.get(entity_id)
        if node is None:
            labels = list(self._schema.labels_for(class_name))
            node = {"id": entity_id, "labels": labels, "properties": {"id": entity_id, "aliases": []}}
            self._nodes[entity_id] = node
        properties = node["properties"]
        if name_zh and not properties.get("nameZh"):
            properties["nameZh"] = str(name_zh)
        known = set(properties["aliases"]) | {properties.get("nameZh")}
        properties["aliases"] += [alias for alias in dict.fromkeys(aliases) if alias.strip() and alias not in known]
        self._index = None

    def candidates(self, query: Query, label: str | None) -> dict[str, Node]:
        """The entities (of `label`) sharing most character pairs with the text's forms, best first."""
        index = self._built()
        shared: Counter[str] = Counter()
        for pair in _pairs(query.folded) | _pairs(query.key):
            shared.update(index.get(pair, ()))
        found: dict[str, Node] = {}
        for entity_id, _ in shared.most_common():
            node = self._nodes[entity_id]
            if label is None or label in node["labels"]:
                found[entity_id] = node
                if len(found) == _LIMIT:
                    break
        return found

    def _built(self) -> dict[str, set[str]]:
        if self._index is None:
            index: dict[str, set[str]] = defaultdict(set)
            for entity_id, node in self._nodes.items():
                properties = node["properties"]
                for name in [properties.get("nameZh"), *properties["aliases"]]:
                    if isinstance(name, str) and name:
                        for pair in _pairs(self._normaliser.fold(name)) | _pairs(self._normaliser.key(name)):
                            index[pair].add(entity_id)
            self._index = index
        return self._index
