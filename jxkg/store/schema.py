"""What the store is asked to guarantee about its schema: unique keys, range and full-text indexes.

The ontology reader produces these specs; each engine's dialect turns them into its own DDL.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class IndexKind(StrEnum):
    UNIQUE = "unique"
    RANGE = "range"
    FULLTEXT = "fulltext"


@dataclass(frozen=True)
class IndexSpec:
    """One index or constraint on nodes of one label.

    A full-text spec may cover several properties; unique and range specs cover one.
    """

    label: str
    properties: tuple[str, ...]
    kind: IndexKind

    def __post_init__(self) -> None:
        if not self.properties:
            raise ValueError(f"index on :{self.label} names no property")
        if self.kind is not IndexKind.FULLTEXT and len(self.properties) != 1:
            raise ValueError(f"{self.kind.value} index on :{self.label} must name exactly one property")

    @property
    def name(self) -> str:
        """A stable name, so that creating the same index twice is recognisably the same."""
        return f"jxkg_{self.kind.value}_{self.label}_{'_'.join(self.properties)}".lower()
