"""A neighbourhood's first ring read group by group, so that its first page samples every group
instead of showing the first rows (a city's first 50 by id were 48 enterprises of its 30,000
neighbours).

The groups are the ones `summary` lists, kept on the entity by the writer (`neighbourCounts`,
`jxkg.ingest.write.kept`): the neighbours by relationship type, direction and the neighbour's most
specific class, in the kept order (the largest first, then by type, direction and class). A
neighbour is in exactly one group: the first, in that order, it is linked through (a neighbour
linked by two relationship types, or both ways, is one neighbour), of its own class (a Person
group holds no SciTechCommissioner, a class of its own).

Within a group the neighbours come in rank: provenance first (documented, curated, reference,
inferred, then synthetic and unrecorded), then the neighbour's kept `degree`, the larger first, then id.

A page gives each group that has not yet given a neighbour one, in group order, while it has room;
the rest of the page goes to the groups in proportion to what each has left (largest remainders,
ties to the earlier group). Each group's share is read by its own bounded query (`ORDER BY` rank
`SKIP` `LIMIT`), all in one `UNION ALL` statement, so a hub's 25,000 people cost one sorted slice,
never a read of every neighbour whole; a group of a class with few nodes in the whole graph is found
from those nodes, each looked up against the entity, not from the entity's relationships. The
cursor holds where each group stands, so the pages put together give every neighbour exactly once,
whatever `limit` each asks for.

What it leans on, and says: the kept counts count relationships, so a group's count is at least the
neighbours it holds: a group that gives fewer than its share is at its end (its position is then
set to its count, so nothing more is asked of it) and the page's room goes to a group not yet
asked, else to the others. `total` is counted live. When the graph holds more neighbours than the
kept counts (written around the writer: `jxkg audit --repair-counts` mends it), no group order can
be trusted and the caller reads the ring by id (`sampled_page` answers None); found only at the last
page, it is an error that says so.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from jxkg.cursors import decode_positions, encode_cursor
from jxkg.errors import StoreError
from jxkg.ontology.conventions import (
    CURATED,
    DEGREE,
    DOCUMENTED,
    INFERRED,
    NEIGHBOUR_COUNT_SEPARATOR,
    NEIGHBOUR_COUNTS,
    PROVENANCE_KIND,
    REFERENCE,
    decode_neighbour_counts,
)
from jxkg.ontology.schema import GraphSchema
from jxkg.store import GraphStore
from jxkg.store.base import check_identifier

__all__ = ["PROVENANCE_RANK", "NeighbourGroup", "SampledPage", "allocate", "groups_of", "sampled_page"]

# the rank of a neighbour's provenance within its group: these kinds first, in this order, then the rest
PROVENANCE_RANK: tuple[str, ...] = (DOCUMENTED, CURATED, REFERENCE, INFERRED)
# a group is read from its class's nodes when they are fewer than 1/16 of the relationships a traverse
# from the entity reads: FalkorDB reads about 25 of a hub's relationships in the time it looks one node up
# against it (a city's 201 incubators 0.5 ms from the class, 2.9 ms from its 30,488 LOCATED_IN)
_CLASS_FIRST = 16
_RANK = (
    f"CASE m.{PROVENANCE_KIND} "
    + " ".join(f"WHEN '{kind}' THEN {i}" for i, kind in enumerate(PROVENANCE_RANK))
    + f" ELSE {len(PROVENANCE_RANK)} END"
)


@dataclass(frozen=True)
class NeighbourGroup:
    """One group of the first ring, as its kept count names it."""

    relationship: str
    direction: str  # "out": the entity is the start
    kind: str  # the neighbours' most specific class
    count: int  # the relationships kept: at least the neighbours the group holds
    fan: int = 0  # the entity's relationships of this type and direction, all classes: what a traverse reads

    @property
    def key(self) -> str:
        return NEIGHBOUR_COUNT_SEPARATOR.join((self.relationship, self.direction, self.kind))

    def arrow(self, near: str, far: str) -> str:
        """The pattern from `near` to `far` that links them as the group does (`near` the entity)."""
        rel = check_identifier(self.relationship)
        return f"({near})-[:{rel}]->({far})" if self.direction == "out" else f"({near})<-[:{rel}]-({far})"


@dataclass(frozen=True)
class SampledPage:
    """One page of the ring read group by group: its nodes (store values), group by group in group
    order, each group's in rank; the number of neighbours in all; the next page's cursor."""

    nodes: list[dict[str, Any]]
    total: int
    next_cursor: str | None


def groups_of(
    schema: GraphSchema, centre: dict[str, Any], types: Sequence[str], label: str | None
) -> list[NeighbourGroup] | None:
    """The groups of the entity's first ring the filters keep (relationship types, a class and its
    subclasses), in the kept order; None when the entity keeps no counts or counts a neighbour of a
    class the schema cannot select exactly (labels of no concrete class, kept as `Entity`)."""
    kept = centre["properties"].get(NEIGHBOUR_COUNTS)
    if not isinstance(kept, list):
        return None
    groups = [NeighbourGroup(*entry) for entry in decode_neighbour_counts(kept)]
    fans: dict[tuple[str, str], int] = {}
    for g in groups:
        fans[g.relationship, g.direction] = fans.get((g.relationship, g.direction), 0) + g.count
    groups = [replace(g, fan=fans[g.relationship, g.direction]) for g in groups]
    concrete = {t.name: t for t in schema.concrete_types()}
    if any(g.kind not in concrete for g in groups):
        return None
    return [
        g
        for g in groups
        if (not types or g.relationship in types) and (label is None or label in concrete[g.kind].labels)
    ]


def allocate(left: Sequence[int], untouched: Sequence[bool], room: int) -> list[int]:
    """How many neighbours each group gives a page of `room`: one to each untouched group that has
    any left, in group order, while there is room; the rest in proportion to what each then has
    left (largest remainders, ties to the earlier group). Never more than a group has left."""
    quota = [0] * len(left)
    for i, (has, fresh) in enumerate(zip(left, untouched, strict=True)):
        if fresh and has > 0 and room > 0:
            quota[i], room = 1, room - 1
    rest = [has - q for has, q in zip(left, quota, strict=True)]
    whole = sum(rest)
    share = min(room, whole)
    if share <= 0:
        return quota
    floors = [share * r // whole for r in rest]
    remainders = sorted(range(len(rest)), key=lambda i: (-(share * rest[i] % whole), i))
    for i in remainders[: share - sum(floors)]:
        floors[i] += 1  # a non-zero remainder: the group had more than its floor left
    return [q + f for q, f in zip(quota, floors, strict=True)]


def sampled_page(
    store: GraphStore,
    schema: GraphSchema,
    entity_id: str,
    groups: list[NeighbourGroup],
    scope: tuple[Sequence[str], str | None],
    page: tuple[str | None, int, Sequence[object]],
) -> SampledPage | None:
    """The page of the ring at `cursor` (`page`: cursor, limit, what it pages), read group by group;
    None when the graph holds more neighbours in `scope` (relationship types, label) than the kept
    counts: the caller then reads the ring by id."""
    cursor, limit, paged = page
    total = _live_total(store, entity_id, *scope)
    if total > sum(g.count for g in groups):
        return None
    paged = (*paged, "by group", [g.key for g in groups])
    given, positions = decode_positions(cursor, paged, len(groups))
    room = min(limit, total - given)
    # relationships beyond one per neighbour (claims of one link from two documents, a neighbour linked
    # twice): at most this many of a page's shares can come up short, so each group is asked for that
    # many more, and what one cannot give goes to another without asking the engine again
    slack = sum(g.count for g in groups) - total
    taken: list[list[dict[str, Any]]] = [[] for _ in groups]
    while room > 0:
        left = [max(0, g.count - at) for g, at in zip(groups, positions, strict=True)]
        quota = allocate(left, [at == 0 for at in positions], room)
        if not any(quota):
            raise _counts_behind(entity_id, given + sum(map(len, taken)), total)
        ask = [min(has, q + min(slack, room)) if q else 0 for has, q in zip(left, quota, strict=True)]
        small = _small_classes(store, [g for g, wanted in zip(groups, ask, strict=True) if wanted])
        read = _read_slices(store, schema, entity_id, (groups, small), positions, ask)
        got = [read.get(i, []) for i in range(len(groups))]
        # a group not yet asked that may hold neighbours takes what another could not give, in the next pass
        waiting = any(at == 0 and has and not n for at, has, n in zip(positions, left, ask, strict=True))
        take = _shares(quota, [len(rows) for rows in got], spread=not waiting)
        for i, rows in enumerate(got):
            taken[i] += rows[: take[i]]
            room -= take[i]
            # short of what it was asked, and all of it taken: the group is at its end, asked nothing more
            at_end = len(rows) < ask[i] and take[i] == len(rows)
            positions[i] = groups[i].count if at_end else positions[i] + take[i]
    given += sum(map(len, taken))
    more = given < total
    return SampledPage(
        nodes=[node for rows in taken for node in rows],
        total=total,
        next_cursor=encode_cursor(given, paged, positions=positions) if more else None,
    )


def _shares(quota: list[int], read: list[int], *, spread: bool) -> list[int]:
    """What each group gives the page: its quota, or what it had if fewer; and, if `spread`, what those
    short of their quota could not give goes to the groups that gave rows to spare, as `allocate`
    shares a page."""
    take = [min(q, r) for q, r in zip(quota, read, strict=True)]
    short = sum(quota) - sum(take)
    if short and spread:
        spare = [r - t for r, t in zip(read, take, strict=True)]
        extra = allocate(spare, [False] * len(spare), short)
        take = [t + e for t, e in zip(take, extra, strict=True)]
    return take


def _live_total(store: GraphStore, entity_id: str, types: Sequence[str], label: str | None) -> int:
    """The entity's neighbours of the relationship types and class asked for, counted now (the pairs
    of the hub's relationships, no property read: 11 ms at a city of 30,000 neighbours)."""
    rels = ":" + "|".join(check_identifier(t) for t in types) if types else ""
    kind = check_identifier(label or "Entity")
    (row,) = store.read(
        f"MATCH (n:Entity {{id: $id}})-[{rels}]-(m:{kind}) RETURN count(DISTINCT m) AS total", {"id": entity_id}
    )
    return int(row["total"])


def _small_classes(store: GraphStore, groups: list[NeighbourGroup]) -> set[str]:
    """The classes of the groups better read from the class's nodes than from the entity's relationships:
    those with fewer nodes in the graph than 1/`_CLASS_FIRST` of what a traverse from the entity reads.
    Counted one class a statement: both engines keep a label's count, but FalkorDB counts it only for a
    statement of its own (0.2 ms; 2 ms a class joined by UNION ALL). A class holding as many of the
    entity's neighbours as that is not small: it is not counted."""
    small: set[str] = set()
    for kind in sorted({g.kind for g in groups if g.count * _CLASS_FIRST < g.fan}):
        (row,) = store.read(f"MATCH (m:{check_identifier(kind)}) RETURN count(m) AS c")
        fan = max(g.fan for g in groups if g.kind == kind)
        if int(row["c"]) * _CLASS_FIRST < fan:
            small.add(kind)
    return small


def _read_slices(
    store: GraphStore,
    schema: GraphSchema,
    entity_id: str,
    groups_and_small: tuple[list[NeighbourGroup], set[str]],
    positions: list[int],
    quota: list[int],
) -> dict[int, list[dict[str, Any]]]:
    """Each group's next `quota[i]` neighbours in rank from `positions[i]` (none where 0), in one
    statement: a bounded query per group joined by UNION ALL. By group index. `groups_and_small`: the
    groups, and the classes whose groups are read from the class's nodes (`_small_classes`)."""
    groups, small = groups_and_small
    branches: list[str] = []
    params: dict[str, Any] = {"id": entity_id}
    for i, wanted in enumerate(quota):
        if wanted:
            branches.append(_slice(schema, groups, i, from_class=groups[i].kind in small))
            params[f"skip{i}"], params[f"limit{i}"] = positions[i], wanted
    read: dict[int, list[dict[str, Any]]] = {}
    for row in store.read(" UNION ALL ".join(branches), params):
        read.setdefault(int(row["g"]), []).append(row["m"])
    return read


def _slice(schema: GraphSchema, groups: list[NeighbourGroup], i: int, *, from_class: bool) -> str:
    """Group `i`'s query: its neighbours of its class exactly, none an earlier group of that class
    holds, ranked, from `$skip{i}`, `$limit{i}` of them; found from the entity's relationships, or
    `from_class`, from the class's nodes (each looked up against the entity)."""
    group = groups[i]
    kind = check_identifier(group.kind)
    # linked through an earlier group of the class: that group holds it (tested directed and before
    # DISTINCT: 4-16 ms over 25,000 people on FalkorDB, where undirected after it took 520)
    earlier = [g.arrow("n", "m") for g in groups[:i] if g.kind == group.kind]
    owned = f" WHERE {' AND '.join(f'NOT {pattern}' for pattern in earlier)}" if earlier else ""
    # a class with subclasses: its own nodes carry exactly its labels (a subclass's carry one more)
    labels = schema.labels_for(group.kind)
    subclassed = any(t.name != group.kind and group.kind in t.labels for t in schema.concrete_types())
    exact = f" WHERE size(labels(m)) = {len(labels)}" if subclassed else ""
    linked = (
        f"MATCH (n:Entity {{id: $id}}) MATCH (m:{kind}) WITH n, m MATCH {group.arrow('n', 'm')}"
        if from_class
        else f"MATCH {group.arrow('n:Entity {id: $id}', f'm:{kind}')}"
    )
    return (
        f"{linked}{owned} WITH DISTINCT m{exact} "
        f"WITH m, {_RANK} AS rank, coalesce(m.{DEGREE}, 0) AS degree "
        f"ORDER BY rank, degree DESC, m.id SKIP $skip{i} LIMIT $limit{i} RETURN {i} AS g, m"
    )


def _counts_behind(entity_id: str, given: int, total: int) -> StoreError:
    """The kept counts cannot account for every neighbour: the graph was written around the writer."""
    error = StoreError(
        f"the neighbour counts kept on {entity_id!r} are behind the graph: its groups hold {given} of its "
        f"{total} neighbours (run `jxkg audit --repair-counts`, then page again from the first page)"
    )
    error.message_zh = (
        f"{entity_id!r} 上保存的邻居计数落后于图：各分组只含其 {total} 个邻居中的 {given} 个"
        "（请运行 `jxkg audit --repair-counts`，再从第一页重新翻页）"
    )
    return error
