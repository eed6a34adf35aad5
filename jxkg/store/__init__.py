"""The graph store: the one door every other part of jxkg uses to reach the database."""

from jxkg.store.base import (
    AccessMode,
    GraphStats,
    GraphStore,
    Health,
    QueryResult,
    Row,
    SearchHit,
    WriteCounters,
)
from jxkg.store.registry import ENGINES, open_store
from jxkg.store.schema import IndexKind, IndexSpec

__all__ = [
    "ENGINES",
    "AccessMode",
    "GraphStats",
    "GraphStore",
    "Health",
    "IndexKind",
    "IndexSpec",
    "QueryResult",
    "Row",
    "SearchHit",
    "WriteCounters",
    "open_store",
]
