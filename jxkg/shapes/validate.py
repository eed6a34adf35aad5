"""Validate RDF data against the jxkg SHACL shapes; the report is data, its renderings are views.

    report = validate(graph)                           # an rdflib.Graph (the RDF view, docs/conventions.md)
    report = validate_files([Path("labs.ttl")])        # Turtle or JSON-LD files, by extension
    report = validate_triples(index, focus_nodes=...)  # a TripleIndex (the ingest gate: no rdflib Graph)
    report.conforms, report.counts, report.results     # results: ResultRecord, one per SHACL result

Two engines give the same results (docs/validation.md says how and why):

- `native` (the default, `JXKG_SHACL_ENGINE`): the shapes compiled once into Python checks
  (`jxkg.shapes.native`), run over a TripleIndex; a shape it cannot compile goes to pySHACL;
- `pyshacl`: pySHACL for every shape (`pyshacl_run.py`), the reference.

With either, the SHACL-SPARQL rules run once over the whole graph (`sparql.py`); the data is read
with its literals as RDF defines them (`"x"^^xsd:string` is the plain `"x"` of RDF 1.1) and the
caller's graph is left untouched; messages are read from the shapes graph, in Chinese and English.

`conforms` is false when there is a Violation; Warnings and Infos are reported but do not fail
the data (pySHACL's `allow_warnings` / `allow_infos`).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, cast

import rdflib
from pyshacl.errors import ReportableRuntimeError
from pyshacl.rdfutil.inoculate import inoculate
from rdflib import RDF, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.errors import DataFileError, JxkgError, OntologyError, ValidationError
from jxkg.ontology.conventions import JX
from jxkg.ontology.schema import load_graph
from jxkg.settings import ShaclEngineName, load_settings
from jxkg.shapes.native import CompiledShapes, compile_shapes, native_records
from jxkg.shapes.native.reads import neighbour_reads, queries_read
from jxkg.shapes.pyshacl_run import normalized, pyshacl_records, working_copy
from jxkg.shapes.results import ResultRecord, Severity, messages_by_language, source_of, term_text
from jxkg.shapes.sparql import BulkConstraint, bulk_shapes, shape_nodes
from jxkg.shapes.triples import Triple, TripleIndex

__all__ = [
    "DATA_FORMATS",
    "SHAPES_DIR",
    "DataFileError",
    "ResultRecord",
    "Severity",
    "ShaclEngineName",
    "ValidationReport",
    "compiled_shapes",
    "load_shapes",
    "neighbour_predicates",
    "prepare",
    "read_data",
    "shape_files",
    "validate",
    "validate_files",
    "validate_triples",
]

SHAPES_DIR: Path = Path(__file__).parent
_log = logging.getLogger(__name__)
_TARGET_PREDICATES = (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
# file extension -> rdflib parser, and the name used in messages
DATA_FORMATS: Mapping[str, tuple[str, str]] = {
    ".ttl": ("turtle", "Turtle"),
    ".turtle": ("turtle", "Turtle"),
    ".jsonld": ("json-ld", "JSON-LD"),
    ".json": ("json-ld", "JSON-LD"),
}


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of one validation: results most severe first, and what was validated."""

    results: tuple[ResultRecord, ...]
    entities: int = 0  # nodes typed with a class of the jx: namespace
    files: tuple[str, ...] = ()
    # native engine: the shapes it left to pySHACL, each with why (shape, reason); () with pyshacl
    on_pyshacl: tuple[tuple[str, str], ...] = ()

    @property
    def conforms(self) -> bool:
        """No Violation, a custom severity counting as one (Warnings and Infos do not fail the data,
        a choice of jxkg: SHACL's own `sh:conforms` is false on any result)."""
        return not any(r.severity is Severity.VIOLATION for r in self.results)

    @property
    def counts(self) -> dict[Severity, int]:
        """Results per severity, every severity present (0 when none)."""
        tally = Counter(r.severity for r in self.results)
        return {s: tally.get(s, 0) for s in Severity}


# --- shapes and ontology ---------------------------------------------------------------------


def shape_files(folder: Path = SHAPES_DIR) -> tuple[Path, ...]:
    """The Turtle files the shapes graph is made of, in a stable order."""
    return tuple(sorted(folder.glob("*.ttl")))


def load_shapes(folder: Path | None = None) -> rdflib.Graph:
    """The shapes graph: every .ttl file of the folder (default: the packaged shapes), parsed once."""
    return _prepared_folder(folder or SHAPES_DIR).graph


@dataclass(frozen=True)
class _PreparedShapes:
    graph: rdflib.Graph
    bulk: tuple[BulkConstraint, ...]  # SHACL-SPARQL constraints, run once over the graph (sparql.py)
    for_pyshacl: tuple[str, ...]  # every other named shape
    # pySHACL's `use_shapes`: None (every shape, blank-node ones too) when no shape needs skipping
    use_shapes: tuple[str, ...] | None

    @classmethod
    def of(cls, graph: rdflib.Graph) -> _PreparedShapes:
        named = shape_nodes(graph)
        if not named and not any((None, t, None) in graph for t in _TARGET_PREDICATES):
            # no shape would run: "conforms" would be an answer to no question
            raise ValidationError("the shapes graph holds no shape SHACL recognises (no shape, no target)")
        bulk = bulk_shapes(graph)
        skipped = {c.shape for c in bulk} | {s for s in graph.subjects(SH.sparql, None) if isinstance(s, URIRef)}
        for_pyshacl = tuple(sorted(str(s) for s in named - skipped))
        return cls(graph, bulk, for_pyshacl, for_pyshacl if skipped else None)

    @cached_property
    def native(self) -> CompiledShapes:
        """The shapes pySHACL would run, compiled for the native engine (once)."""
        return compile_shapes(self.graph, self.for_pyshacl, whole_graph_fallback=self.use_shapes is None)

    @cached_property
    def neighbour_predicates(self) -> frozenset[URIRef] | None:
        native = neighbour_reads(self.native)
        bulk = queries_read(c.query for c in self.bulk)
        return None if native is None or bulk is None else native | bulk


@lru_cache(maxsize=4)
def _prepared_folder(folder: Path) -> _PreparedShapes:
    files = shape_files(folder)
    if not files:
        raise ValidationError(f"{folder}: no shapes (*.ttl) found")
    graph = rdflib.Graph()
    for path in files:
        try:
            graph.parse(data=path.read_text(encoding="utf-8"), format="turtle", publicID=path.resolve().as_uri())
        except Exception as exc:  # OSError, UnicodeDecodeError, BadSyntax...
            raise ValidationError(f"{path}: cannot read the shapes: {exc or type(exc).__name__}") from exc
    return _PreparedShapes.of(graph)


def compiled_shapes(shapes: rdflib.Graph | None = None) -> CompiledShapes:
    """The packaged shapes (or `shapes`) as the native engine runs them: which it checks, which it
    leaves to pySHACL and why."""
    return _prepared(shapes).native


def neighbour_predicates(shapes: rdflib.Graph | None = None) -> frozenset[URIRef] | None:
    """The predicates validation may read of a node other than a focus node (one a focus node links
    to): rdf:type, what the shapes check on such nodes, what their SPARQL queries name. None when
    that cannot be told (a shape left to pySHACL, a query that may read any triple). Validating
    focus nodes with only these triples of their neighbours gives the results all of them give
    (`jxkg.shapes.native.reads`)."""
    return _prepared(shapes).neighbour_predicates


def prepare() -> None:
    """Read the packaged shapes and the ontology now, and compile the shapes (all cached): before
    forking workers that validate, so that each does not do it again."""
    _prepared_folder(SHAPES_DIR).neighbour_predicates  # noqa: B018 - computed (and compiled) for its cache
    _ontology_axioms()


def _prepared(shapes: rdflib.Graph | None) -> _PreparedShapes:
    return _PreparedShapes.of(shapes) if shapes is not None else _prepared_folder(SHAPES_DIR)


@lru_cache(maxsize=1)
def _ontology() -> rdflib.Graph:
    try:
        return load_graph()
    except OntologyError as exc:
        raise ValidationError(f"cannot validate without the ontology: {exc}") from exc


@lru_cache(maxsize=1)
def _ontology_axioms() -> tuple[Triple, ...]:
    """What pySHACL mixes into the data graph from the ontology (its class and property axioms), to
    add to a TripleIndex so the native engine reads the same graph."""
    mixed: rdflib.Graph = inoculate(cast(Any, rdflib.Graph()), _ontology())
    return tuple(mixed.triples((None, None, None)))


# --- reading data ----------------------------------------------------------------------------


def read_data(paths: Iterable[Path]) -> tuple[rdflib.Graph, dict[str, str]]:
    """All files in one graph, and for each subject the first file that states it."""
    graph = rdflib.Graph()
    origins: dict[str, str] = {}
    for path in paths:
        part = _read_file(Path(path))
        for subject in part.subjects(unique=True):
            origins.setdefault(str(subject), str(path))
        graph += part
    return graph, origins


def _read_file(path: Path) -> rdflib.Graph:
    suffix = path.suffix.lower()
    if suffix not in DATA_FORMATS:
        known = ", ".join(sorted(DATA_FORMATS))
        raise DataFileError(f"{path}: cannot tell the format from the extension (expected one of {known})", path=path)
    parser, name = DATA_FORMATS[suffix]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(f"{path}: cannot read the file: {exc}", path=path) from exc
    graph = rdflib.Graph()
    try:
        graph.parse(data=text, format=parser, publicID=path.resolve().as_uri())
    except Exception as exc:  # rdflib raises BadSyntax, ValueError, JSONDecodeError, even AssertionError
        raise DataFileError(f"{path}: not valid {name}: {exc or type(exc).__name__}", path=path) from exc
    return graph


# --- validating ------------------------------------------------------------------------------


def validate_files(paths: Sequence[Path], *, engine: ShaclEngineName | None = None) -> ValidationReport:
    """Validate Turtle and JSON-LD files together (links between files resolve); names the file of each result."""
    data, origins = read_data(paths)
    return validate(data, origins=origins, files=tuple(str(p) for p in paths), engine=engine)


def validate(
    data: rdflib.Graph,
    *,
    origins: Mapping[str, str] | None = None,
    files: Sequence[str] = (),
    shapes: rdflib.Graph | None = None,
    focus_nodes: Iterable[Node | str] | None = None,
    inplace: bool = False,
    engine: ShaclEngineName | None = None,
) -> ValidationReport:
    """Validate `data` (left unchanged). `origins` maps a subject IRI to the file it was read from;
    `engine` defaults to the `JXKG_SHACL_ENGINE` setting.

    With `focus_nodes`, only those nodes are validated as focus nodes (of the shapes that target
    them); the rest of `data` is context, still read by constraints that look at a value's class
    or shape. The results are exactly those of validating all of `data` whose focus node is one of
    `focus_nodes` (tests/shapes/test_focus.py). With `inplace` (pySHACL only), `data` itself is
    validated, and changed: literals rewritten as in `working_copy`, the ontology's class hierarchy
    added (for a graph made only to be validated, which saves copying it)."""
    prepared = _prepared(shapes)
    focus = _focus(focus_nodes)
    if _engine(engine) is ShaclEngineName.NATIVE:
        return _validate_native(TripleIndex.from_graph(data), prepared, focus, origins or {}, files)
    working = normalized(data) if inplace else working_copy(data)
    entities = len({s for s, o in working.subject_objects(RDF.type) if isinstance(o, URIRef) and o.startswith(JX)})
    with _reported():
        records = pyshacl_records(working, prepared.graph, _ontology(), prepared.use_shapes, focus, origins or {})
        # after pySHACL, so `working` holds the ontology's class hierarchy for class targets
        records |= _bulk_records(prepared, working, focus, origins or {})
    return _report(records, entities, files)


def validate_triples(
    data: TripleIndex,
    *,
    origins: Mapping[str, str] | None = None,
    shapes: rdflib.Graph | None = None,
    focus_nodes: Iterable[Node | str] | None = None,
) -> ValidationReport:
    """Validate a TripleIndex with the native engine (`focus_nodes` as in `validate`). `data` gains
    the ontology's class axioms: an index made only to be validated, as the ingest gate makes one."""
    return _validate_native(data, _prepared(shapes), _focus(focus_nodes), origins or {}, ())


def _validate_native(
    data: TripleIndex,
    prepared: _PreparedShapes,
    focus: set[Node] | None,
    origins: Mapping[str, str],
    files: Sequence[str],
) -> ValidationReport:
    entities = data.entities()
    compiled = prepared.native
    focus = None if focus is None else data.own_nodes(focus)
    with _reported():
        records: set[ResultRecord] = set()
        if compiled.fallback:  # shapes the native engine cannot evaluate: pySHACL, on the data alone
            working = data.to_graph()
            use_shapes = None if compiled.everything else compiled.fallback_use_shapes
            records |= pyshacl_records(working, prepared.graph, _ontology(), use_shapes, focus, origins)
            _log.info("shapes validated by pySHACL, not natively: %s", compiled.reasons)
        data.add_all(_ontology_axioms())
        records |= native_records(compiled, data, focus, origins)
        records |= _bulk_records(prepared, data, focus, origins)
    return _report(records, entities, files, tuple(sorted(compiled.reasons.items())))


def _engine(engine: ShaclEngineName | None) -> ShaclEngineName:
    return engine if engine is not None else load_settings().shacl_engine


def _focus(focus_nodes: Iterable[Node | str] | None) -> set[Node] | None:
    """The focus nodes as terms: a string is an IRI (an IRI given as a URIRef is taken as it is)."""
    if focus_nodes is None:
        return None
    return {f if type(f) is URIRef else URIRef(f) if isinstance(f, str) else f for f in focus_nodes}


@contextmanager
def _reported() -> Iterator[None]:
    """What pySHACL (or a native check that mirrors it) raises about the shapes, as a ValidationError."""
    try:
        yield
    except JxkgError:
        raise
    except (ReportableRuntimeError, RecursionError) as exc:
        raise ValidationError(f"cannot validate: {exc}") from exc


def _bulk_records(
    prepared: _PreparedShapes, data: rdflib.Graph | TripleIndex, focus: set[Node] | None, origins: Mapping[str, str]
) -> set[ResultRecord]:
    """The results of the SHACL-SPARQL constraints, run once over the whole of `data`."""
    records: set[ResultRecord] = set()
    for constraint in prepared.bulk:
        messages = messages_by_language(prepared.graph.objects(constraint.shape, SH.message))
        plain = messages.get("", "")
        severity_node = prepared.graph.value(constraint.shape, SH.severity)
        severity, severity_iri = Severity.from_iri(severity_node), Severity.custom_iri(severity_node)
        path = str(constraint.path) if constraint.path is not None else None
        for node, value in constraint.violations(data, focus):
            source_file, source_row = source_of(data, origins, node)
            shown = value if value is not None or constraint.path is not None else node  # a node rule: the node
            records.add(
                ResultRecord(
                    focus=term_text(node) or "",
                    path=path,
                    value=term_text(shown),
                    source_shape=str(constraint.shape),
                    component=str(SH.SPARQLConstraintComponent),
                    severity=severity,
                    severity_iri=severity_iri,
                    message_zh=messages.get("zh", plain),
                    message_en=messages.get("en", plain),
                    source_file=source_file,
                    source_row=source_row,
                )
            )
    return records


def _report(
    records: set[ResultRecord], entities: int, files: Sequence[str], on_pyshacl: tuple[tuple[str, str], ...] = ()
) -> ValidationReport:
    # a rule reached through two class shapes (a node with two classes) is reported once
    results = tuple(sorted(records, key=ResultRecord.sort_key))
    return ValidationReport(results=results, entities=entities, files=tuple(files), on_pyshacl=on_pyshacl)
