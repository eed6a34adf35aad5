"""What a load did: records by type and by what became of them, and the problems that kept some out."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from jxkg.ingest.records import Problem
from jxkg.ingest.write.derive import Derived


@dataclass
class TypeCounts:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    deleted: int = 0  # by --delete-missing: in the graph, no longer in a source that is the whole truth


@dataclass
class LoadReport:
    run_id: str
    nodes: dict[str, TypeCounts] = field(default_factory=lambda: defaultdict(TypeCounts))
    edges: dict[str, TypeCounts] = field(default_factory=lambda: defaultdict(TypeCounts))
    problems: list[Problem] = field(default_factory=list)
    derived: Derived = field(default_factory=lambda: Derived(created=0, deleted=0))
    recounted: int = 0  # entities whose kept counts (degree, neighbour counts) were counted again

    def totals(self) -> TypeCounts:
        total = TypeCounts()
        for counts in [*self.nodes.values(), *self.edges.values()]:
            for name, value in vars(counts).items():
                setattr(total, name, getattr(total, name) + value)
        return total

    def summary(self) -> str:
        columns = list(vars(TypeCounts()))
        widths = [max(len(c), 7) for c in columns]
        lines = [f"{'type':<40} " + " ".join(f"{c:>{w}}" for c, w in zip(columns, widths, strict=True))]
        named = [*sorted(self.nodes.items()), *((f"[:{k}]", v) for k, v in sorted(self.edges.items()))]
        for name, counts in [*named, ("total", self.totals())]:
            cells = " ".join(f"{getattr(counts, c):>{w}}" for c, w in zip(columns, widths, strict=True))
            lines.append(f"{name:<40} {cells}")
        if self.derived.created or self.derived.deleted:
            lines.append(f"derived by rule: {self.derived.created} created, {self.derived.deleted} deleted")
        lines.extend(f"problem: {p}" for p in self.problems)
        return "\n".join(lines)
