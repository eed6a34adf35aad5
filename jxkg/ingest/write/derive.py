"""Facts derived by rule from the loaded ones, kept in the graph and marked as such, never silently.

One rule today, `host-location`: a platform or organization with no location of its own (none
documented, curated or read) is where the organization that hosts it (`HOSTED_BY`) is. The
derived `LOCATED_IN` carries `provenanceKind = inferred`, `derivedBy = host-location`, a note
naming the host, and the host location's `certainty` (a doubtful place stays doubtful).

`derive` runs after every write (the writer calls it), so the derived facts follow the data:
one whose grounds are gone (the host moved, the platform got a place of its own) is deleted, a
new one is created, and one that still holds is left as it is — a re-run changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jxkg.ontology.conventions import (
    DERIVED_BY,
    INFERRED,
    INGEST_RUN,
    INGESTED_AT,
    NOTE,
    PROVENANCE_KIND,
    SOURCE,
    relationship_key,
)
from jxkg.store import GraphStore

HOST_LOCATION = "host-location"


@dataclass(frozen=True)
class Derived:
    created: int
    deleted: int
    # the ends of what was created or deleted, whose kept counts changed: the writer's to use, not part
    # of what a run derived (an import made from rows derives the same without them)
    ends: tuple[str, ...] = field(default=(), compare=False)


def derive(store: GraphStore, stamp: dict[str, str]) -> Derived:
    """Bring the derived relationships up to date with the data; `stamp` is the run's {run, at}."""
    wanted = {
        (str(row["start"]), str(row["end"])): row
        for row in store.read(
            "MATCH (p:Entity)-[:HOSTED_BY]->(host:Entity)-[hl:LOCATED_IN]->(place:Place) "
            f"WHERE (p:Platform OR p:Organization) AND coalesce(hl.{PROVENANCE_KIND}, '') <> $inferred "
            # FalkorDB resolves a pattern comprehension in WITH, not in WHERE
            "WITH p, host, hl, place, "
            f"size([(p)-[own:LOCATED_IN]->() WHERE coalesce(own.{PROVENANCE_KIND}, '') <> $inferred | own]) AS owned "
            "WHERE owned = 0 "
            "RETURN p.id AS start, place.id AS end, host.id AS host, host.nameZh AS hostName, "
            "hl.certainty AS certainty ORDER BY start, end, host",
            {"inferred": INFERRED},
        )
    }
    existing = {
        (str(row["start"]), str(row["end"]))
        for row in store.read(
            f"MATCH (a:Entity)-[r:LOCATED_IN]->(b:Entity) WHERE r.{DERIVED_BY} = $rule "
            "RETURN a.id AS start, b.id AS end",
            {"rule": HOST_LOCATION},
        )
    }
    stale = [{"start": s, "end": e} for s, e in sorted(existing - wanted.keys())]
    new = [derived_relationship(wanted[key], stamp) for key in sorted(wanted.keys() - existing)]
    if stale:
        store.write_batch(
            "UNWIND $rows AS row MATCH (a:Entity {id: row.start})-[r:LOCATED_IN]->(b:Entity {id: row.end}) "
            f"WHERE r.{DERIVED_BY} = '{HOST_LOCATION}' DELETE r",
            stale,
        )
    if new:
        store.write_batch(
            "UNWIND $rows AS row MATCH (a:Entity {id: row.start}), (b:Entity {id: row.end}) "
            "MERGE (a)-[r:LOCATED_IN]->(b) SET r += row.props",
            new,
        )
    ends = sorted({row[end] for row in [*stale, *new] for end in ("start", "end")})
    return Derived(created=len(new), deleted=len(stale), ends=tuple(ends))


def derived_relationship(row: dict[str, Any], stamp: dict[str, str]) -> dict[str, Any]:
    props: dict[str, Any] = {
        "id": relationship_key(row["start"], "LOCATED_IN", row["end"]),  # not documented: its id is its key
        PROVENANCE_KIND: INFERRED,
        DERIVED_BY: HOST_LOCATION,
        SOURCE: f"rule {HOST_LOCATION}",
        NOTE: f"derived: located where its host {row['hostName'] or row['host']} is (HOSTED_BY, then its LOCATED_IN)",
        INGEST_RUN: stamp["run"],
        INGESTED_AT: stamp["at"],
    }
    if row["certainty"]:
        props["certainty"] = row["certainty"]
    return {"start": row["start"], "end": row["end"], "props": props}
