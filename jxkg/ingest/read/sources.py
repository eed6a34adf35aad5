"""From the SOURCEs of `jxkg ingest` to one `ReadResult`: find each file's mapping, read, map, resolve.

A SOURCE is a file or a folder. A folder with `nodes/` is a curated folder (`ingest.curated`);
any other folder stands for every file in it that a mapping covers. A data file's mapping is, in
this order: the one given (`--mapping`), `X.mapping.yaml` beside `X.csv`, or the folder's
`mapping.yaml` (its `files:` globs). Turtle and JSON-LD files need none. A data file in a folder
that no mapping covers is skipped with a notice; a file named as a SOURCE with no mapping stops
the run (`IngestError`) before anything is read.

Relationship targets are resolved after every source is mapped, against the curated data
(`data/curated` unless told otherwise) and every entity of the same run; with a name resolver
(`link_names`), a name not found exactly is resolved over the graph and the run's entities too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from jxkg.errors import IngestError
from jxkg.ingest.read.aliases import AliasTable
from jxkg.ingest.read.curated import default_curated_dir, iter_curated
from jxkg.ingest.read.formats import FORMATS
from jxkg.ingest.read.link_names import NameLink, NameResolver
from jxkg.ingest.read.map_rows import PendingEdge, map_table, resolve_edges
from jxkg.ingest.read.mapping import Entry, MappingSet, load_mapping
from jxkg.ingest.read.readers import format_of, read_rdf, read_table
from jxkg.ingest.records import Problem, ReadResult
from jxkg.ingest.staging import Staging
from jxkg.ontology.schema import GraphSchema, load_schema

__all__ = ["FOLDER_MAPPING", "SourcesResult", "mapping_beside", "read_sources", "summary"]

FOLDER_MAPPING = "mapping.yaml"
_MAPPING_SUFFIXES = (".mapping.yaml", ".mapping.yml")


@dataclass
class SourcesResult(ReadResult):
    """The records and problems of a run, plus what a steward should know that is not a problem."""

    notices: list[Problem] = field(default_factory=list)  # header-only files, files no mapping covers
    rejected_nodes: Counter[str] = field(default_factory=Counter)  # rows rejected before a record, by class
    rejected_edges: Counter[str] = field(default_factory=Counter)  # relationships rejected, by type
    files: list[str] = field(default_factory=list)
    linked_by_name: list[NameLink] = field(default_factory=list)  # link ends the resolver found, not the exact name


@dataclass(frozen=True)
class _Job:
    path: Path
    kind: str  # curated, rdf or table
    fmt: str | None = None
    entry: Entry | None = None


def read_sources(
    paths: Sequence[Path],
    mapping: Path | None = None,
    schema: GraphSchema | None = None,
    *,
    curated: Path | None = None,
    staging: Staging | None = None,
    names: NameResolver | None = None,
) -> SourcesResult:
    """Read, map and resolve every SOURCE; nothing is written. `curated` seeds the alias table. With
    `staging`, the records and problems go there as each file (or part of a curated file) is read,
    and the result keeps only what is not a record: notices, rejected counts, files. With `names`
    (`link_names`), a link end not found by its exact name is resolved by name over the graph and
    this run's entities."""
    schema = schema or load_schema()
    planner = _Planner(schema, load_mapping(mapping, schema) if mapping else None)
    jobs = [job for path in paths for job in planner.jobs(Path(path))]
    result = SourcesResult(notices=planner.notices)
    aliases = AliasTable.from_curated(schema, curated if curated is not None else default_curated_dir(), names)
    pending: list[PendingEdge] = []
    for job in jobs:
        result.files.append(str(job.path))
        if job.kind == "curated":
            for part in iter_curated(job.path, schema):
                _keep(result, staging, part)
                aliases.add_records(part.nodes)
                _count_curated_rejections(result, part.problems)
        elif job.kind == "rdf":
            read = read_rdf(job.path, schema, job.fmt)
            _keep(result, staging, read)
            aliases.add_records(read.nodes)
        else:
            pending += _read_mapped(job, schema, aliases, result, staging)
    edges, problems, rejected, result.linked_by_name = resolve_edges(pending, aliases, names)
    _keep(result, staging, ReadResult(edges=edges, problems=problems))
    result.rejected_edges.update(rejected)
    return result


def _read_mapped(
    job: _Job, schema: GraphSchema, aliases: AliasTable, result: SourcesResult, staging: Staging | None
) -> list[PendingEdge]:
    assert job.entry is not None
    class_name = job.entry.mapping.class_name
    if job.fmt is None:
        message = "cannot tell the file's format: declare `format:` in the mapping"
        _keep(result, staging, ReadResult(problems=[Problem(str(job.path), None, None, None, message)]))
        return []
    table = read_table(job.path, job.fmt, job.entry.mapping.read_options())
    result.notices += table.notices
    mapped = map_table(table, job.entry, schema, aliases)
    _keep(result, staging, ReadResult(nodes=mapped.nodes, problems=[*table.problems, *mapped.problems]))
    result.rejected_nodes[class_name] += mapped.rejected + len({p.row for p in table.problems if p.row is not None})
    return mapped.pending


def _keep(result: SourcesResult, staging: Staging | None, read: ReadResult) -> None:
    """Records and problems into the staging store when there is one, else into the result."""
    if staging is not None:
        staging.add(read)
        return
    result.nodes += read.nodes
    result.edges += read.edges
    result.problems += read.problems


def _count_curated_rejections(result: SourcesResult, problems: Iterable[Problem]) -> None:
    for file, _row in {(p.file, p.row) for p in problems if p.row is not None}:
        path = Path(file)
        counter = result.rejected_nodes if path.parent.name == "nodes" else result.rejected_edges
        counter[path.stem] += 1


class _Planner:
    """Which files to read, and each one's mapping."""

    def __init__(self, schema: GraphSchema, explicit: MappingSet | None) -> None:
        self._schema = schema
        self._explicit = explicit
        self._loaded: dict[Path, MappingSet | None] = {}
        self.notices: list[Problem] = []

    def jobs(self, path: Path) -> list[_Job]:
        if path.is_dir():
            if (path / "nodes").is_dir():
                return [_Job(path, "curated")]
            jobs = []
            for file in sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith(".")):
                if _is_mapping_file(file):
                    continue
                job = self._job(file)
                if job is not None and job.fmt is not None:  # a glob may cover a README: only data is read
                    jobs.append(job)
                elif format_of(file) is not None:
                    self.notices.append(
                        Problem(str(file), None, None, None, "no mapping covers this file; it was skipped")
                    )
            return jobs
        if not path.is_file():
            raise IngestError(f"{path}: no such file or folder")
        job = self._job(path)
        if job is None:
            raise IngestError(
                f"{path}: no mapping covers this file: put {path.stem}.mapping.yaml beside it, "
                f"a {FOLDER_MAPPING} in its folder, or give --mapping"
            )
        return [job]

    def _job(self, file: Path) -> _Job | None:
        known = FORMATS.by_suffix(file.suffix)
        fmt = known.name if known is not None else None
        if known is not None and not known.tabular:
            return _Job(file, "rdf", fmt)
        candidates: list[MappingSet | None]
        if self._explicit is not None:  # the mapping given on the command line is the only one consulted
            candidates = [self._explicit]
        else:
            candidates = [self._mapping(mapping_beside(file)), self._mapping(file.parent / FOLDER_MAPPING)]
        for mappings in candidates:
            entry = mappings.entry_for(file) if mappings is not None else None
            if entry is not None:
                return _Job(file, "table", entry.mapping.format or fmt, entry)
        return None

    def _mapping(self, path: Path) -> MappingSet | None:
        if path not in self._loaded:
            self._loaded[path] = load_mapping(path, self._schema) if path.is_file() else None
        return self._loaded[path]


def mapping_beside(file: Path) -> Path:
    """`X.csv` -> `X.mapping.yaml` (or `.yml` when that is the one there)."""
    yml = file.with_name(file.stem + _MAPPING_SUFFIXES[1])
    return yml if yml.is_file() else file.with_name(file.stem + _MAPPING_SUFFIXES[0])


def _is_mapping_file(file: Path) -> bool:
    return file.name in {FOLDER_MAPPING, "mapping.yml"} or file.name.endswith(_MAPPING_SUFFIXES)


# --- reporting ------------------------------------------------------------------------------------------


def summary(result: SourcesResult) -> str:
    """What a dry run found: records and rejected rows per type, then every problem and notice."""
    rows: list[tuple[str, int, int]] = []
    node_counts = Counter(n.class_name for n in result.nodes)
    for name in sorted(set(node_counts) | set(result.rejected_nodes)):
        rejected = result.rejected_nodes[name]
        rows.append((name, node_counts[name] + rejected, rejected))
    edge_counts = Counter(e.rel_type for e in result.edges)
    for name in sorted(set(edge_counts) | set(result.rejected_edges)):
        rejected = result.rejected_edges[name]
        rows.append((f"[:{name}]", edge_counts[name] + rejected, rejected))
    lines = [f"{'type':<40} {'read':>7} {'rejected':>9}"]
    lines += [f"{name:<40} {read:>7} {rejected:>9}" for name, read, rejected in rows]
    lines.append(f"{'total':<40} {sum(r[1] for r in rows):>7} {sum(r[2] for r in rows):>9}")
    lines += [f"problem: {p}" for p in result.problems]
    lines += [f"notice: {p}" for p in result.notices]
    lines.append(
        f"dry run: {len(result.nodes)} nodes and {len(result.edges)} relationships from {len(result.files)} "
        "source(s) were read and mapped; nothing was written"
    )
    return "\n".join(lines)
