"""Validate RDF data against the jxkg SHACL shapes; the report is data, its renderings are views.

    report = validate(graph)                           # an rdflib.Graph (the RDF view, docs/conventions.md)
    report = validate_files([Path("labs.ttl")])        # Turtle or JSON-LD files, by extension
    report.conforms, report.counts, report.results     # results: ResultRecord, one per SHACL result

How it runs (docs/validation.md says why):

- pySHACL, with the ontology as its `ont_graph` and `inference="none"`: pySHACL copies the
  ontology's class hierarchy into the data graph, so `sh:class jx:Organization` accepts a
  University and `sh:targetClass jx:Platform` reaches every laboratory, while nothing is inferred
  over the data (RDFS inference would infer an Organization from every HOSTED_BY link and hide a
  link to the wrong class);
- `advanced=True` for the SHACL-AF SPARQL targets of the provenance and percentage rules;
- the data is first copied into a working graph (pySHACL then works in place on that copy, the
  caller's graph is untouched), `"x"^^xsd:string` written as the plain `"x"` it is in RDF 1.1;
- messages are read from the shapes graph, in Chinese and English: pySHACL drops the language
  tag of the messages of SPARQL-based results.

`conforms` is false when there is a Violation; Warnings and Infos are reported but do not fail
the data (pySHACL's `allow_warnings` / `allow_infos`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

import rdflib
from pyshacl import validate as pyshacl_validate
from pyshacl.errors import ReportableRuntimeError
from pyshacl.shape import Shape
from rdflib import RDF, XSD, BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.errors import JxkgError, OntologyError, ValidationError
from jxkg.ontology.schema import JX, load_graph
from jxkg.shapes.sparql import BulkConstraint, bulk_shapes, shape_nodes

__all__ = [
    "DATA_FORMATS",
    "SHAPES_DIR",
    "DataFileError",
    "ResultRecord",
    "Severity",
    "ValidationReport",
    "load_shapes",
    "prepare",
    "read_data",
    "shape_files",
    "validate",
    "validate_files",
]

SHAPES_DIR: Path = Path(__file__).parent
# file extension -> rdflib parser, and the name used in messages
DATA_FORMATS: Mapping[str, tuple[str, str]] = {
    ".ttl": ("turtle", "Turtle"),
    ".turtle": ("turtle", "Turtle"),
    ".jsonld": ("json-ld", "JSON-LD"),
    ".json": ("json-ld", "JSON-LD"),
}


class Severity(StrEnum):
    """SHACL severities, most severe first."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def rank(self) -> int:
        return list(Severity).index(self)

    @classmethod
    def from_iri(cls, iri: Node | None) -> Severity:
        """sh:Violation -> VIOLATION; no severity (or an unknown one) is a Violation, as in SHACL."""
        try:
            return cls(str(iri).rpartition("#")[2])
        except ValueError:
            return cls.VIOLATION


class DataFileError(ValidationError):
    """A data file cannot be read or parsed: nothing in it can be validated."""

    def __init__(self, message: str, *, path: Path) -> None:
        super().__init__(message)
        self.path = path


@dataclass(frozen=True)
class ResultRecord:
    """One SHACL validation result. IRIs are full strings; a literal value is its lexical form."""

    focus: str
    path: str | None  # a property IRI, "^IRI" for an inverse path, None for a constraint on the node itself
    value: str | None
    source_shape: str
    component: str  # the constraint component's IRI (sh:MinCountConstraintComponent, ...)
    severity: Severity
    message_zh: str
    message_en: str
    source_file: str | None = None
    source_row: int | None = None

    @property
    def rule(self) -> tuple[str, str]:
        """What groups results in a report: the shape and the kind of constraint that failed."""
        return (self.source_shape, self.component)

    def sort_key(self) -> tuple[int, str, str, str, str]:
        return (self.severity.rank, self.source_shape, self.focus, self.path or "", self.value or "")


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of one validation: results most severe first, and what was validated."""

    results: tuple[ResultRecord, ...]
    entities: int = 0  # nodes typed with a class of the jx: namespace
    files: tuple[str, ...] = ()

    @property
    def conforms(self) -> bool:
        """No Violation (Warnings and Infos do not fail the data)."""
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
    for_pyshacl: tuple[str, ...]  # every other shape

    @classmethod
    def of(cls, graph: rdflib.Graph) -> _PreparedShapes:
        bulk = bulk_shapes(graph)
        skipped = {c.shape for c in bulk} | {s for s in graph.subjects(SH.sparql, None) if isinstance(s, URIRef)}
        return cls(graph, bulk, tuple(sorted(str(s) for s in shape_nodes(graph) - skipped)))


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


def prepare() -> None:
    """Read the packaged shapes and the ontology now (they are cached): before forking workers
    that validate, so that each does not read them again."""
    _prepared_folder(SHAPES_DIR)
    _ontology()


@lru_cache(maxsize=1)
def _ontology() -> rdflib.Graph:
    try:
        return load_graph()
    except OntologyError as exc:
        raise ValidationError(f"cannot validate without the ontology: {exc}") from exc


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


def validate_files(paths: Sequence[Path]) -> ValidationReport:
    """Validate Turtle and JSON-LD files together (links between files resolve); names the file of each result."""
    data, origins = read_data(paths)
    return validate(data, origins=origins, files=tuple(str(p) for p in paths))


def validate(
    data: rdflib.Graph,
    *,
    origins: Mapping[str, str] | None = None,
    files: Sequence[str] = (),
    shapes: rdflib.Graph | None = None,
    focus_nodes: Iterable[Node | str] | None = None,
    inplace: bool = False,
) -> ValidationReport:
    """Validate `data` (left unchanged). `origins` maps a subject IRI to the file it was read from.

    With `focus_nodes`, only those nodes are validated as focus nodes (of the shapes that target
    them); the rest of `data` is context, still read by constraints that look at a value's class
    or shape. The results are exactly those of validating all of `data` whose focus node is one of
    `focus_nodes` (tests/shapes/test_focus.py). With `inplace`, `data` itself is validated, and
    changed: literals rewritten as in `_working_copy`, the ontology's class hierarchy added (for a
    graph made only to be validated, which saves copying it)."""
    prepared = _PreparedShapes.of(shapes) if shapes is not None else _prepared_folder(SHAPES_DIR)
    focus = None if focus_nodes is None else {URIRef(f) if isinstance(f, str) else f for f in focus_nodes}
    working = _normalized(data) if inplace else _working_copy(data)
    entities = len({s for s, o in working.subject_objects(RDF.type) if isinstance(o, URIRef) and o.startswith(JX)})
    try:
        with _only_focus(focus):
            _, results_graph, _ = pyshacl_validate(
                working,
                shacl_graph=prepared.graph,
                ont_graph=_ontology(),  # mixed into `working`: the class hierarchy for sh:class and targets
                inference="none",
                advanced=True,
                inplace=True,
                allow_warnings=True,
                allow_infos=True,
                use_shapes=list(prepared.for_pyshacl),
            )
        reader = _ResultReader(cast(rdflib.Graph, results_graph), prepared.graph, working, origins or {})
        records = set(reader.records())
        # after pySHACL, so `working` holds the ontology's class hierarchy for class targets
        for constraint in prepared.bulk:
            records.update(reader.bulk_records(constraint, focus))
    except JxkgError:
        raise
    except (ReportableRuntimeError, RecursionError) as exc:
        raise ValidationError(f"cannot validate: {exc}") from exc
    # a rule reached through two class shapes (a node with two classes) is reported once
    results = tuple(sorted(records, key=ResultRecord.sort_key))
    return ValidationReport(results=results, entities=entities, files=tuple(files))


@contextmanager
def _only_focus(focus: set[Node] | None) -> Iterator[None]:
    """While validating, a shape's own targets reach only the nodes of `focus` (None: every node).

    pySHACL's own `focus_nodes` option cannot be used: with `use_shapes` it hands the nodes to every
    shape, whatever its targets, and without it it also filters the value nodes that sh:or, sh:node
    and qualified value shapes check against their shapes (a value outside `focus` would pass them
    unchecked). Restricting `Shape.focus_nodes` (the targets of a shape validated on its own; a shape
    checked through another is handed its value nodes and never asks) changes only which nodes are
    focus nodes, nothing about how each one is validated."""
    if focus is None:
        yield
        return
    original = cast(Callable[..., set[Node]], Shape.focus_nodes)

    def restricted(self: Shape, data_graph: Any, debug: bool = False) -> set[Node]:
        return original(self, data_graph, debug=debug) & focus

    setattr(Shape, "focus_nodes", restricted)  # noqa: B010 - a method replaced for the duration only
    try:
        yield
    finally:
        setattr(Shape, "focus_nodes", original)  # noqa: B010


def _working_copy(data: rdflib.Graph) -> rdflib.Graph:
    """A copy to validate in place, each literal rebuilt from what RDF says it is: its lexical form and
    datatype. So `"x"^^xsd:string` becomes `"x"` (one term in RDF 1.1, two in rdflib), and a literal made
    from a Python float with the datatype xsd:decimal gets a decimal value (rdflib keeps the float, and
    pySHACL would call "3.68"^^xsd:decimal ill-typed)."""
    working = rdflib.Graph()
    for prefix, namespace in data.namespaces():
        working.bind(prefix, namespace, override=False)
    for s, p, o in data.triples((None, None, None)):
        if isinstance(o, Literal) and o.datatype is not None:
            o = Literal(str(o)) if o.datatype == XSD.string else Literal(str(o), datatype=o.datatype)
        working.add((s, p, o))
    return working


def _normalized(data: rdflib.Graph) -> rdflib.Graph:
    """`data`, its literals rewritten in place as `_working_copy` writes them (only those that change)."""
    changes: list[tuple[Node, Node, Literal, Literal]] = []
    for s, p, o in data.triples((None, None, None)):
        if isinstance(o, Literal) and o.datatype is not None:
            new = Literal(str(o)) if o.datatype == XSD.string else Literal(str(o), datatype=o.datatype)
            if (
                o.datatype == XSD.string
                or type(new.value) is not type(o.value)
                or new.value != o.value
                or new.ill_typed != o.ill_typed
            ):
                changes.append((s, p, o, new))
    for s, p, o, new in changes:
        data.remove((s, p, o))
        data.add((s, p, new))
    return data


class _ResultReader:
    """Turns pySHACL's results graph into ResultRecords."""

    def __init__(
        self, results: rdflib.Graph, shapes: rdflib.Graph, data: rdflib.Graph, origins: Mapping[str, str]
    ) -> None:
        self.results, self.shapes, self.data, self.origins = results, shapes, data, origins

    def records(self) -> Iterator[ResultRecord]:
        r = self.results
        for node in r.subjects(RDF.type, SH.ValidationResult):
            shape = r.value(node, SH.sourceShape)
            yield self._record(
                focus=r.value(node, SH.focusNode),
                path=self._path(r.value(node, SH.resultPath)),
                value=r.value(node, SH.value),
                shape=shape,
                component=r.value(node, SH.sourceConstraintComponent),
                severity=r.value(node, SH.resultSeverity),
                messages=self._messages(shape) or _by_language(r.objects(node, SH.resultMessage)),
            )

    def bulk_records(self, constraint: BulkConstraint, only: set[Node] | None = None) -> Iterator[ResultRecord]:
        for focus, value in constraint.violations(self.data, only):
            yield self._record(
                focus=focus,
                path=str(constraint.path) if constraint.path is not None else None,
                value=value if value is not None or constraint.path is not None else focus,
                shape=constraint.shape,
                component=SH.SPARQLConstraintComponent,
                severity=self.shapes.value(constraint.shape, SH.severity),
                messages=self._messages(constraint.shape),
            )

    def _record(
        self,
        *,
        focus: Node | None,
        path: str | None,
        value: Node | None,
        shape: Node | None,
        component: Node | None,
        severity: Node | None,
        messages: dict[str, str],
    ) -> ResultRecord:
        source_file, source_row = self._source(focus)
        plain = messages.get("", "")
        return ResultRecord(
            focus=_text(focus) or "",
            path=path,
            value=_text(value),
            source_shape=_text(shape) or "",
            component=_text(component) or "",
            severity=Severity.from_iri(severity),
            message_zh=messages.get("zh", plain),
            message_en=messages.get("en", plain),
            source_file=source_file,
            source_row=source_row,
        )

    def _path(self, path: Node | None) -> str | None:
        if path is None:
            return None
        if isinstance(path, BNode):
            inverse = self.results.value(path, SH.inversePath)
            if isinstance(inverse, URIRef):
                return f"^{inverse}"
            return path.n3()
        return str(path)

    def _messages(self, shape: Node | None) -> dict[str, str]:
        """The shape's sh:message by language: pySHACL drops the tags of SPARQL-based results' messages."""
        return _by_language(self.shapes.objects(shape, SH.message)) if isinstance(shape, URIRef) else {}

    def _source(self, focus: Node | None) -> tuple[str | None, int | None]:
        """The file and row to fix: a tabular source with its row, else the data file, else the document."""
        if focus is None:
            return None, None
        source = self.data.value(focus, JX.source)
        row = _int(self.data.value(focus, JX.sourceRow))
        if source is not None and row is not None:
            return str(source), row
        origin = self.origins.get(str(focus))
        if origin is not None:
            return origin, None
        return (str(source) if source is not None else None), None


def _by_language(literals: Iterable[Node]) -> dict[str, str]:
    found: dict[str, str] = {}
    for literal in literals:
        if isinstance(literal, Literal):
            found.setdefault((literal.language or "").split("-")[0].lower(), str(literal))
    return found


def _text(term: Node | None) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        return term.n3()
    return str(term)


def _int(term: Node | None) -> int | None:
    if isinstance(term, Literal):
        value: Any = term.toPython()
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, str) and re.fullmatch(r"[0-9]+", value):
            return int(value)
    return None
