"""SHACL-SPARQL constraints evaluated once over the whole data graph, not once per focus node.

pySHACL hands a SPARQL constraint's query to rdflib once per focus node, and rdflib parses the
text every time (about 0.07 s for the queries of this folder): 113 s for 3,000 synthetic entities.
Here each query is parsed once and run with `$this` free; the rows are kept for the shape's focus
nodes. That gives the SHACL answer when the query binds `$this` in a triple pattern (as every
query of this folder does) and the shape names its own targets (`sh:targetClass`,
`sh:targetSubjectsOf`, `sh:targetObjectsOf`, `sh:targetNode`) rather than being reached through
another shape's `sh:property`; `bulk_shapes` refuses any other shape, so a rule cannot silently go
unchecked.

The shapes stay plain SHACL-SPARQL (another SHACL engine runs them as they are); the runner only
asks pySHACL to skip them (`use_shapes`) and evaluates them here, over an rdflib Graph or a
TripleIndex (`triples.py`). Today every rule is evaluated in Python instead of its query: the
credit-code check digit (rdflib takes ~3.5 ms per code for its arithmetic, 40 s for 12,000
enterprises), jxs:Entity-type (below) and the rules of `sparql_native.py` (`NATIVE`); tests check
that each gives its query's answer. A rule of another form runs as SPARQL.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import rdflib
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Node

from jxkg.errors import ValidationError
from jxkg.ontology.conventions import JX, JXS
from jxkg.ontology.rdf import RDF_TYPE, canonical
from jxkg.shapes.codes import CREDIT_CODE_PATTERN, is_credit_code
from jxkg.shapes.sparql_native import enterprise_id_is_credit_code, region_code_fits_parent
from jxkg.shapes.triples import Triples

__all__ = ["NATIVE", "BulkConstraint", "bulk_shapes", "shape_nodes"]

JX_ID = canonical(JX["id"])
JX_NAME_ZH = canonical(JX["nameZh"])
_TYPE, _STATEMENT = RDF_TYPE, RDF.Statement  # made once: looked up for every node
# (graph, focus nodes, path) -> (focus node, value) of each violation
NativeCheck = Callable[[Triples, set[Node], URIRef | None], Iterator[tuple[Node, Node | None]]]


def _credit_code_check_digit(
    graph: Triples, focus: set[Node], path: URIRef | None
) -> Iterator[tuple[Node, Node | None]]:
    """jxs:creditCode-checkDigit: well-formed codes whose 18th character is not the check character."""
    for node in focus:
        for value in graph.objects(node, path):
            code = str(value)
            if CREDIT_CODE_PATTERN.fullmatch(code) and not is_credit_code(code):
                yield node, value


NATIVE: Mapping[URIRef, NativeCheck] = {
    JXS["creditCode-checkDigit"]: _credit_code_check_digit,
    JXS["Enterprise-id-creditCode"]: enterprise_id_is_credit_code,
    JXS["AdministrativeRegion-code-parent"]: region_code_fits_parent,
}

# jxs:Entity-type is evaluated in Python too (rdflib takes ~2 ms a node for its FILTER NOT EXISTS
# over a 60-class IN list): the classes are read from the query's own IN list, so the query stays
# the one source; a query of another form is run as SPARQL.
_ENTITY_TYPE = JXS["Entity-type"]
_IN_LIST = re.compile(r"FILTER\s*\(\s*\?concrete\s+IN\s*\(([^()]*)\)\s*\)")
_PREFIXED = re.compile(r"^([A-Za-z][\w-]*)?:([\w-]+)$")


def _entity_type_check(query: str, prefixes: Mapping[str, str]) -> NativeCheck | None:
    """jxs:Entity-type: a node with an id, a Chinese name or a type, and no concrete class (a
    statement, i.e. a reified link, excepted)."""
    match = _IN_LIST.search(query)
    if match is None:
        return None
    concrete: set[Node] = set()
    for name in (n.strip() for n in match.group(1).split(",")):
        prefixed = _PREFIXED.match(name)
        if prefixed is None or (prefixed.group(1) or "") not in prefixes:
            return None
        concrete.add(canonical(URIRef(prefixes[prefixed.group(1) or ""] + prefixed.group(2))))
    keys = (JX_ID, JX_NAME_ZH)

    def check(graph: Triples, focus: set[Node], path: URIRef | None) -> Iterator[tuple[Node, Node | None]]:
        for node in focus:
            types = set(graph.objects(node, _TYPE))
            if types & concrete or _STATEMENT in types:
                continue
            if types or any((node, key, None) in graph for key in keys):
                yield node, None

    return check


_TARGETS = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode)
_THIS = re.compile(r"\$this\b")
_PATH = re.compile(r"\$PATH\b")
_UNSUPPORTED = re.compile(r"\$(currentShape|shapesGraph)\b")


@dataclass(frozen=True)
class BulkConstraint:
    """One sh:sparql constraint of a shape, ready to run over a whole graph."""

    shape: URIRef
    path: URIRef | None
    query: Query
    target_classes: tuple[URIRef, ...]
    target_subjects_of: tuple[URIRef, ...]
    target_objects_of: tuple[URIRef, ...]
    target_nodes: tuple[Node, ...]
    native: NativeCheck | None = None  # how to evaluate it in Python, if there is a way

    def focus_nodes(self, graph: Triples) -> set[Node]:
        """The shape's focus nodes in `graph` (class targets include instances of subclasses)."""
        found: set[Node] = set(self.target_nodes)
        for cls in self.target_classes:
            for sub in graph.transitive_subjects(RDFS.subClassOf, cls):
                found.update(graph.subjects(_TYPE, sub))
        for predicate in self.target_subjects_of:
            found.update(graph.subjects(predicate, None))
        for predicate in self.target_objects_of:
            found.update(graph.objects(None, predicate))
        return found

    def violations(self, graph: Triples, only: set[Node] | None = None) -> Iterator[tuple[Node, Node | None]]:
        """(focus node, value) for each violation, each pair once; natively where `NATIVE` says how.
        With `only`, just the focus nodes among `only`."""
        native = self.native
        if native is None:
            yield from self.sparql_violations(graph, only)
            return
        focus = self._focus(graph, only)
        yield from sorted(set(native(graph, focus, self.path)), key=str)

    def _focus(self, graph: Triples, only: set[Node] | None) -> set[Node]:
        focus = self.focus_nodes(graph)
        return focus if only is None else focus & only

    def sparql_violations(self, graph: Triples, only: set[Node] | None = None) -> Iterator[tuple[Node, Node | None]]:
        """(focus node, value) for every solution of the query on a focus node, each pair once."""
        focus = self._focus(graph, only)
        if not focus:
            return
        seen: set[tuple[Node, Node | None]] = set()
        for row in graph.query(self.query):
            bindings = row.asdict() if isinstance(row, rdflib.query.ResultRow) else {}
            this = bindings.get("this")
            if this is None or this not in focus:
                continue
            pair = (this, bindings.get("value"))
            if pair not in seen:
                seen.add(pair)
                yield pair


def shape_nodes(shapes: rdflib.Graph) -> set[URIRef]:
    """Every named shape of the shapes graph, as SHACL recognises shapes (section 2.1), typed or not:
    an instance of sh:NodeShape or sh:PropertyShape, a subject of a target, of sh:path, sh:property
    or sh:node, and a value of a shape-expecting parameter (sh:property, sh:node, sh:not,
    sh:qualifiedValueShape, a member of sh:and, sh:or, sh:xone). A shape typed by nothing was once
    left unvalidated (issue 27)."""
    found: set[Node] = set()
    for kind in (SH.NodeShape, SH.PropertyShape):
        found.update(shapes.subjects(RDF.type, kind))
    for predicate in (*_TARGETS, SH.target, SH.path, SH.property, SH.node):
        found.update(shapes.subjects(predicate, None))
    for predicate in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
        found.update(shapes.objects(None, predicate))
    for predicate in (SH["and"], SH["or"], SH.xone):
        for members in shapes.objects(None, predicate):
            found.update(shapes.items(members))
    return {s for s in found if isinstance(s, URIRef)}


def bulk_shapes(shapes: rdflib.Graph) -> tuple[BulkConstraint, ...]:
    """The SPARQL-based constraints of the shapes graph, each prepared once."""
    constraints: list[BulkConstraint] = []
    referenced = set(shapes.objects(None, SH.property)) | set(shapes.objects(None, SH.node))
    for shape in sorted({s for s in shapes.subjects(SH.sparql, None)}, key=str):
        if not isinstance(shape, URIRef) or shape in referenced:
            raise ValidationError(
                f"{shape}: a SHACL-SPARQL shape must be named and carry its own targets (not be reached by "
                "sh:property), so that it can be evaluated over the whole graph"
            )
        if (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        if (shape, SH.target, None) in shapes or not any((shape, t, None) in shapes for t in _TARGETS):
            raise ValidationError(
                f"{shape}: a SHACL-SPARQL shape needs its own sh:targetClass, sh:targetSubjectsOf, "
                "sh:targetObjectsOf or sh:targetNode (other targets are not supported)"
            )
        path = shapes.value(shape, SH.path)
        if path is not None and not isinstance(path, URIRef):
            raise ValidationError(f"{shape}: a SHACL-SPARQL property shape needs a simple path (a property IRI)")
        for constraint in shapes.objects(shape, SH.sparql):
            if (constraint, SH.deactivated, Literal(True)) in shapes:
                continue
            constraints.append(
                BulkConstraint(
                    shape=shape,
                    path=path,
                    query=_prepare(shapes, shape, constraint, path),
                    native=_native(shapes, shape, constraint),
                    target_classes=_uris(shapes, shape, SH.targetClass),
                    target_subjects_of=_uris(shapes, shape, SH.targetSubjectsOf),
                    target_objects_of=_uris(shapes, shape, SH.targetObjectsOf),
                    target_nodes=tuple(shapes.objects(shape, SH.targetNode)),
                )
            )
    return tuple(constraints)


def _prepare(shapes: rdflib.Graph, shape: URIRef, constraint: Node, path: URIRef | None) -> Query:
    text = shapes.value(constraint, SH.select)
    if not isinstance(text, Literal):
        raise ValidationError(f"{shape}: its sh:sparql constraint has no sh:select query")
    query = str(text)
    if _UNSUPPORTED.search(query):
        raise ValidationError(f"{shape}: $currentShape and $shapesGraph are not supported in SPARQL constraints")
    if _PATH.search(query):
        if path is None:
            raise ValidationError(f"{shape}: the query uses $PATH but the shape has no sh:path")
        query = _PATH.sub(path.n3(), query)
    query = _THIS.sub("?this", query)
    prefixes = _prefixes(shapes, constraint)
    try:
        return prepareQuery(query, initNs=prefixes)
    except Exception as exc:  # pyparsing's ParseException and friends
        raise ValidationError(f"{shape}: its SPARQL query does not parse: {exc}") from exc


def _native(shapes: rdflib.Graph, shape: URIRef, constraint: Node) -> NativeCheck | None:
    if shape == _ENTITY_TYPE:
        return _entity_type_check(str(shapes.value(constraint, SH.select)), _prefixes(shapes, constraint))
    return NATIVE.get(shape)


def _prefixes(shapes: rdflib.Graph, constraint: Node) -> dict[str, str]:
    found: dict[str, str] = {}
    for ontology in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(ontology, SH.declare):
            prefix, namespace = shapes.value(declaration, SH.prefix), shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                found[str(prefix)] = str(namespace)
    return found


def _uris(shapes: rdflib.Graph, shape: URIRef, predicate: URIRef) -> tuple[URIRef, ...]:
    values = [v for v in shapes.objects(shape, predicate) if not isinstance(v, BNode)]
    return tuple(sorted((canonical(v) for v in values if isinstance(v, URIRef)), key=str))
