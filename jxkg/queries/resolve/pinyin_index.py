"""Names by their pinyin, for text typed on a Latin keyboard (ganzhou xijin).

The full-text index holds Chinese characters and English words, not pinyin, and pinyin cannot be
turned back into characters without guessing among dozens per syllable; so this index is built in
memory from one read of every entity's name and aliases. It is built only when a Latin query first
needs it, belongs to the `Resolver` the caller holds, and is rebuilt when the graph's stamp (its
ingest runs and node count) changes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from jxkg.queries.resolve.normalise import Normaliser
from jxkg.store import GraphStore

FUZZY_CUTOFF = 80.0  # rapidfuzz ratio a typed pinyin needs to a stored one to count as a candidate


def graph_stamp(store: GraphStore) -> tuple[Any, ...]:
    """Changes whenever an ingest run starts or ends, or nodes come or go: two cheap counts."""
    runs = store.read(
        "MATCH (r:IngestRun) RETURN count(r) AS runs, max(r.startedAt) AS started, max(r.finishedAt) AS finished"
    )
    nodes = store.read("MATCH (n) RETURN count(n) AS c")
    row = runs[0] if runs else {}
    return (row.get("runs"), row.get("started"), row.get("finished"), nodes[0]["c"] if nodes else 0)


@dataclass(frozen=True)
class PinyinIndex:
    stamp: tuple[Any, ...]
    ids: dict[str, tuple[str, ...]]  # pinyin of a name's plain form -> the entities that bear it
    keys: Sequence[str]

    @classmethod
    def build(cls, store: GraphStore, normaliser: Normaliser) -> PinyinIndex:
        stamp = graph_stamp(store)
        rows = store.read(
            "MATCH (n:Entity) WHERE n.nameZh IS NOT NULL RETURN n.id AS id, n.nameZh AS name, n.aliases AS aliases"
        )
        found: dict[str, set[str]] = defaultdict(set)
        for row in rows:
            aliases = row.get("aliases")
            names = [row["name"], *(aliases if isinstance(aliases, list) else [aliases])]
            for name in names:
                if isinstance(name, str) and name:
                    for reading in normaliser.readings(name):
                        found[reading].add(str(row["id"]))
        ids = {reading: tuple(sorted(owners)) for reading, owners in found.items()}
        return cls(stamp, ids, tuple(ids))

    def lookup(self, typed: str, limit: int) -> list[str]:
        """Ids whose pinyin is the typed one, then those whose pinyin is closest to it."""
        found = list(self.ids.get(typed, ()))
        for reading, _, _ in process.extract(
            typed, self.keys, scorer=fuzz.ratio, limit=limit, score_cutoff=FUZZY_CUTOFF
        ):
            found += [entity for entity in self.ids[reading] if entity not in found]
        return found[: limit * 2]
