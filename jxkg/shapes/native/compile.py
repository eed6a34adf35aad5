"""The shapes graph compiled, once, into native checks; a shape it cannot compile is left to pySHACL.

`compile_shapes` takes the shapes graph and the shapes validated on their own (the runner's
`use_shapes`: every named shape but the SHACL-SPARQL ones). A shape compiles when every
predicate on it, and on each shape it reaches (sh:property, sh:or, sh:qualifiedValueShape), is one
`_PARAMETERS` names, in a form whose meaning SHACL and pySHACL agree on. Anything else — an
unknown SHACL parameter, a custom constraint component, a path of more than one step, a shape
inside sh:or with a severity of its own, a shape whose messages pySHACL would generate — makes
the top-level shape a `fallback`: pySHACL validates it (with the shapes it reaches), so no rule is
ever left unchecked. SHACL-AF rules, which change the data, leave every shape to pySHACL.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import rdflib
from pyshacl.helper import get_query_helper_cls
from pyshacl.shape import Shape
from pyshacl.shapes_graph import ShapesGraph
from rdflib import RDF, XSD, BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from jxkg.ontology.rdf import canonical
from jxkg.shapes.native.constraints import (
    ClassConstraint,
    ClosedConstraint,
    Constraint,
    DatatypeConstraint,
    EqualsConstraint,
    InConstraint,
    LanguageInConstraint,
    LessThanOrEqualsConstraint,
    MaxCountConstraint,
    MinCountConstraint,
    OrConstraint,
    PatternConstraint,
    QualifiedCountConstraint,
    RangeConstraint,
    UniqueLangConstraint,
)
from jxkg.shapes.native.shape import ShapeCheck, ValuePath
from jxkg.shapes.native.targets import SparqlTarget, Targets
from jxkg.shapes.query_reads import single_pattern
from jxkg.shapes.results import Severity, messages_by_language, term_text

__all__ = ["CompiledShapes", "TopLevel", "UnsupportedShapeError", "compile_shapes"]

_ANNOTATIONS = frozenset({SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.message, SH.severity})
_TARGETS = frozenset({SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target})
_PARAMETERS = frozenset(
    {
        SH.path,
        SH.deactivated,
        SH.property,
        SH["class"],
        SH.datatype,
        SH.pattern,
        SH.flags,
        SH.minCount,
        SH.maxCount,
        SH.minInclusive,
        SH.maxInclusive,
        SH["in"],
        SH.closed,
        SH.ignoredProperties,
        SH["or"],
        SH.qualifiedValueShape,
        SH.qualifiedMinCount,
        SH.qualifiedMaxCount,
        SH.lessThanOrEquals,
        SH.equals,
        SH.uniqueLang,
        SH.languageIn,
    }
)
_KNOWN = _ANNOTATIONS | _TARGETS | _PARAMETERS
_SHAPE_TYPES = frozenset({SH.NodeShape, SH.PropertyShape})
# what a shape may reach other shapes by, for the shapes pySHACL needs along with a fallback
_SHAPE_VALUED = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)
_FUNCTIONS = (SH.SPARQLFunction, SH.JSFunction, SH.Function)


class UnsupportedShapeError(Exception):
    """A shape uses something the native engine does not evaluate (the message says what)."""


@dataclass(frozen=True)
class TopLevel:
    """A shape validated on its own: its targets give its focus nodes."""

    shape: ShapeCheck
    targets: Targets


@dataclass(frozen=True)
class CompiledShapes:
    native: tuple[TopLevel, ...]
    fallback: tuple[str, ...]  # top-level shapes pySHACL validates
    fallback_use_shapes: tuple[str, ...]  # those and the shapes they reach, pySHACL's `use_shapes`
    reasons: Mapping[str, str]  # why each fallback shape is one


def compile_shapes(shapes: rdflib.Graph, top_level: Iterable[str]) -> CompiledShapes:
    names = sorted(set(top_level))
    compiler = _Compiler(shapes, frozenset(URIRef(n) for n in names))
    native: list[TopLevel] = []
    reasons: dict[str, str] = {}
    everything = _whole_graph_unsupported(shapes)
    for name in names:
        try:
            if everything:
                raise UnsupportedShapeError(everything)
            native.append(compiler.top_level(URIRef(name)))
        except UnsupportedShapeError as exc:
            reasons[name] = str(exc)
    fallback = tuple(sorted(reasons))
    reached = {str(s) for s in _reached(shapes, [URIRef(n) for n in fallback]) if s in compiler.allowed}
    return CompiledShapes(tuple(native), fallback, tuple(sorted(reached | set(fallback))), reasons)


def _whole_graph_unsupported(shapes: rdflib.Graph) -> str | None:
    if (None, SH.rule, None) in shapes:
        return "the shapes graph has SHACL-AF rules (sh:rule), which change the data graph"
    return None


def _reached(shapes: rdflib.Graph, start: Sequence[Node]) -> Iterator[Node]:
    """Every shape reachable from `start` by shape-valued parameters (start included)."""
    seen: set[Node] = set()
    pending = list(start)
    while pending:
        node = pending.pop()
        if node in seen:
            continue
        seen.add(node)
        yield node
        for predicate in _SHAPE_VALUED:
            pending.extend(shapes.objects(node, predicate))
        for predicate in _SHAPE_LISTS:
            for members in shapes.objects(node, predicate):
                pending.extend(shapes.items(members))


class _Compiler:
    def __init__(self, shapes: rdflib.Graph, allowed: frozenset[URIRef]) -> None:
        self.shapes = shapes
        self.allowed = allowed  # named shapes pySHACL validates: any other it skips when reached
        self.compiled: dict[tuple[Node, bool], ShapeCheck] = {}
        self.active: set[Node] = set()  # shapes being compiled: reaching one again is recursion
        self.custom_parameters = frozenset(
            path
            for component in shapes.subjects(RDF.type, SH.ConstraintComponent)
            for parameter in shapes.objects(component, SH.parameter)
            for path in shapes.objects(parameter, SH.path)
        )
        self.has_functions = any((None, RDF.type, kind) in shapes for kind in _FUNCTIONS)
        self._pyshacl_graph: ShapesGraph | None = None

    # --- shapes ----------------------------------------------------------------------------------

    def top_level(self, node: URIRef) -> TopLevel:
        shape = self.shape(node, nested=False)
        return TopLevel(shape, self._targets(node, shape))

    def shape(self, node: Node, *, nested: bool, property_only: bool = False) -> ShapeCheck:
        """`nested`: inside sh:or or a qualified value shape, where only conformance counts."""
        key = (node, nested)
        if key in self.compiled:
            check = self.compiled[key]
            if property_only and check.path is None:
                raise UnsupportedShapeError(f"{_name(node)} is reached by sh:property but is no property shape")
            return check
        if node in self.active:
            raise UnsupportedShapeError(f"{_name(node)} reaches itself (recursive shapes)")
        if isinstance(node, URIRef) and node not in self.allowed:
            raise UnsupportedShapeError(f"{_name(node)} is reached but is not a declared, validated shape")
        self.active.add(node)
        try:
            check = self._compile(node, nested=nested, property_only=property_only)
        finally:
            self.active.discard(node)
        self.compiled[key] = check
        return check

    def _compile(self, node: Node, *, nested: bool, property_only: bool) -> ShapeCheck:
        g = self.shapes
        for predicate in set(g.predicates(node)):
            if predicate in self.custom_parameters:
                raise UnsupportedShapeError(f"{_name(node)} uses the custom constraint parameter {_name(predicate)}")
            if str(predicate).startswith(str(SH)) and predicate not in _KNOWN:
                raise UnsupportedShapeError(
                    f"{_name(node)} uses {_name(predicate)}, which the native engine does not evaluate"
                )
        path = self._path(node, property_only)
        check = ShapeCheck(node=node, text=term_text(node) or "", path=path)
        check.deactivated = self._deactivated(node)
        check.severity = self._severity(node, nested)
        check.properties = [self.shape(p, nested=nested, property_only=True) for p in g.objects(node, SH.property)]
        check.constraints = list(self._constraints(node, check))
        if check.constraints and not nested:
            check.messages = self._messages(node)
        return check

    def _path(self, node: Node, property_only: bool) -> ValuePath | None:
        g = self.shapes
        types = set(g.objects(node, RDF.type))
        if types - _SHAPE_TYPES:
            raise UnsupportedShapeError(f"{_name(node)} has a type other than sh:NodeShape or sh:PropertyShape")
        if types == _SHAPE_TYPES:
            raise UnsupportedShapeError(f"{_name(node)} is both a node shape and a property shape")
        paths = list(g.objects(node, SH.path))
        is_property = SH.PropertyShape in types or (SH.NodeShape not in types and bool(paths))
        if property_only and not is_property:
            raise UnsupportedShapeError(f"{_name(node)} is reached by sh:property but is no property shape")
        if not is_property:
            if paths:
                raise UnsupportedShapeError(f"{_name(node)} is a node shape with a sh:path")
            return None
        if len(paths) != 1:
            raise UnsupportedShapeError(f"{_name(node)} needs exactly one sh:path")
        return self._one_step(node, paths[0])

    def _one_step(self, node: Node, path: Node) -> ValuePath:
        if isinstance(path, URIRef):
            return ValuePath(canonical(path))
        if isinstance(path, BNode):
            steps = list(self.shapes.predicate_objects(path))
            if len(steps) == 1 and steps[0][0] == SH.inversePath and isinstance(steps[0][1], URIRef):
                return ValuePath(canonical(steps[0][1]), inverse=True)
        raise UnsupportedShapeError(f"{_name(node)}: only a property or its sh:inversePath is supported as a path")

    def _deactivated(self, node: Node) -> bool:
        value = self._at_most_one(node, SH.deactivated)
        if value is None:
            return False
        if not isinstance(value, Literal):
            raise UnsupportedShapeError(f"{_name(node)}: sh:deactivated must be a literal")
        return bool(value.value)

    def _severity(self, node: Node, nested: bool) -> Severity:
        severity = self._at_most_one(node, SH.severity)
        if nested and severity not in (None, SH.Violation):
            # pySHACL lets a Warning or Info shape conform inside sh:or; SHACL does not
            raise UnsupportedShapeError(
                f"{_name(node)}: a shape inside sh:or or a qualified value shape has its own severity"
            )
        return Severity.from_iri(severity)

    def _messages(self, node: Node) -> tuple[str, str]:
        literals = [m for m in self.shapes.objects(node, SH.message) if isinstance(m, Literal)]
        found = messages_by_language(literals)
        if not found:
            raise UnsupportedShapeError(f"{_name(node)} has no sh:message (pySHACL would make one up)")
        if isinstance(node, BNode) and len(found) != len(literals):
            raise UnsupportedShapeError(f"{_name(node)}: a blank-node shape with two messages in one language")
        plain = found.get("", "")
        return found.get("zh", plain), found.get("en", plain)

    # --- constraints -----------------------------------------------------------------------------

    def _constraints(self, node: Node, check: ShapeCheck) -> Iterator[Constraint]:
        g = self.shapes
        name = _name(node)
        is_property = check.path is not None
        classes = list(g.objects(node, SH["class"]))
        if classes:
            yield ClassConstraint(tuple(self._iris(node, SH["class"], classes)))
        datatype = self._at_most_one(node, SH.datatype)
        if datatype is not None:
            yield DatatypeConstraint(next(self._iris(node, SH.datatype, [datatype])))
        patterns = self._patterns(node)
        if patterns:
            yield PatternConstraint(patterns)
        for predicate, kind in ((SH.minCount, MinCountConstraint), (SH.maxCount, MaxCountConstraint)):
            count = self._count(node, predicate)
            if count is not None:
                if not is_property:
                    raise UnsupportedShapeError(f"{name}: {_name(predicate)} on a node shape")
                yield kind(count)
        for predicate, minimum in ((SH.minInclusive, True), (SH.maxInclusive, False)):
            bounds = list(g.objects(node, predicate))
            if bounds:
                literals = tuple(b for b in bounds if isinstance(b, Literal))
                if len(literals) != len(bounds):
                    raise UnsupportedShapeError(f"{name}: {_name(predicate)} must be a literal")
                yield RangeConstraint(literals, minimum)
        members = self._at_most_one(node, SH["in"])
        if members is not None:
            yield InConstraint(frozenset(g.items(members)))
        closed = self._closed(node, check)
        if closed is not None:
            yield closed
        for members in g.objects(node, SH["or"]):
            alternatives = list(g.items(members))
            if not alternatives:
                raise UnsupportedShapeError(f"{name}: an empty sh:or list")
            yield OrConstraint((tuple(self.shape(a, nested=True) for a in set(alternatives)),))
        qualified = self._qualified(node, is_property)
        if qualified is not None:
            yield qualified
        for predicate, pair in ((SH.lessThanOrEquals, LessThanOrEqualsConstraint), (SH.equals, EqualsConstraint)):
            others = list(g.objects(node, predicate))
            if others:
                yield pair(tuple(self._iris(node, predicate, others)))
        unique = self._at_most_one(node, SH.uniqueLang)
        if unique is not None:
            if not is_property or not isinstance(unique, Literal) or not isinstance(unique.value, bool):
                raise UnsupportedShapeError(f"{name}: sh:uniqueLang must be a boolean on a property shape")
            if unique.value:
                yield UniqueLangConstraint()
        languages = self._at_most_one(node, SH.languageIn)
        if languages is not None:
            yield LanguageInConstraint(self._language_ranges(node, languages))

    def _patterns(self, node: Node) -> tuple[re.Pattern[str], ...]:
        patterns = list(self.shapes.objects(node, SH.pattern))
        flags_value = self._at_most_one(node, SH.flags)
        if flags_value is not None and not patterns:
            raise UnsupportedShapeError(f"{_name(node)}: sh:flags without sh:pattern")
        flags = 0
        if flags_value is not None:
            text = str(flags_value)
            if not isinstance(flags_value, Literal) or not set(text) <= {"i", "m"}:
                # pySHACL reads only i and m (and ignores the rest); SHACL has s, x and q too
                raise UnsupportedShapeError(f"{_name(node)}: sh:flags other than i and m")
            flags = (re.IGNORECASE if "i" in text else 0) | (re.MULTILINE if "m" in text else 0)
        compiled: list[re.Pattern[str]] = []
        for pattern in patterns:
            if not isinstance(pattern, Literal) or not isinstance(pattern.value, str):
                raise UnsupportedShapeError(f"{_name(node)}: sh:pattern must be a string")
            try:
                compiled.append(re.compile(str(pattern), flags))
            except re.error as exc:
                raise UnsupportedShapeError(f"{_name(node)}: sh:pattern does not compile: {exc}") from exc
        return tuple(compiled)

    def _count(self, node: Node, predicate: URIRef) -> int | None:
        value = self._at_most_one(node, predicate)
        if value is None:
            return None
        if not isinstance(value, Literal) or value.datatype != XSD.integer or not isinstance(value.value, int):
            raise UnsupportedShapeError(f"{_name(node)}: {_name(predicate)} must be an xsd:integer")
        if value.value < 0:
            raise UnsupportedShapeError(f"{_name(node)}: {_name(predicate)} must not be negative")
        return value.value

    def _closed(self, node: Node, check: ShapeCheck) -> ClosedConstraint | None:
        g = self.shapes
        closed = self._at_most_one(node, SH.closed)
        ignored_lists = list(g.objects(node, SH.ignoredProperties))
        if closed is None:
            if ignored_lists:
                raise UnsupportedShapeError(f"{_name(node)}: sh:ignoredProperties on a shape that is not closed")
            return None
        if not isinstance(closed, Literal):
            raise UnsupportedShapeError(f"{_name(node)}: sh:closed must be a boolean")
        if not closed.value:
            return None
        allowed: set[Node] = {item for members in ignored_lists for item in g.items(members)}
        allowed.update(path for p in g.objects(node, SH.property) for path in g.objects(p, SH.path))
        return ClosedConstraint(frozenset(canonical(a) if isinstance(a, URIRef) else a for a in allowed))

    def _qualified(self, node: Node, is_property: bool) -> QualifiedCountConstraint | None:
        g = self.shapes
        value_shapes = set(g.objects(node, SH.qualifiedValueShape))
        least = self._count(node, SH.qualifiedMinCount)
        most = self._count(node, SH.qualifiedMaxCount)
        disjoint = list(g.objects(node, SH.qualifiedValueShapesDisjoint))
        if not value_shapes:
            if least is not None or most is not None or disjoint:
                raise UnsupportedShapeError(f"{_name(node)}: a qualified count without sh:qualifiedValueShape")
            return None
        if not is_property:
            raise UnsupportedShapeError(f"{_name(node)}: sh:qualifiedValueShape on a node shape")
        if least is None and most is None:
            raise UnsupportedShapeError(f"{_name(node)}: sh:qualifiedValueShape without a qualified count")
        if any(not (isinstance(d, Literal) and d.value is False) for d in disjoint):
            raise UnsupportedShapeError(f"{_name(node)}: sh:qualifiedValueShapesDisjoint is not supported")
        return QualifiedCountConstraint(tuple(self.shape(s, nested=True) for s in value_shapes), least, most)

    def _language_ranges(self, node: Node, members: Node) -> frozenset[str]:
        ranges: set[str] = set()
        for item in self.shapes.items(members):
            if not isinstance(item, Literal) or not isinstance(item.value, str):
                raise UnsupportedShapeError(f"{_name(node)}: sh:languageIn must list strings")
            if "-" in str(item):
                # pySHACL matches only a tag's first subtag against a range with several
                raise UnsupportedShapeError(f"{_name(node)}: sh:languageIn with a range of more than one subtag")
            ranges.add(str(item).lower())
        return frozenset(ranges)

    # --- targets ---------------------------------------------------------------------------------

    def _targets(self, node: URIRef, shape: ShapeCheck) -> Targets:
        g = self.shapes
        return Targets(
            nodes=tuple(g.objects(node, SH.targetNode)),
            classes=tuple(self._iris(node, SH.targetClass, g.objects(node, SH.targetClass))),
            subjects_of=tuple(self._iris(node, SH.targetSubjectsOf, g.objects(node, SH.targetSubjectsOf))),
            objects_of=tuple(self._iris(node, SH.targetObjectsOf, g.objects(node, SH.targetObjectsOf))),
            sparql=tuple(self._sparql_target(node, shape, t) for t in g.objects(node, SH.target)),
        )

    def _sparql_target(self, node: URIRef, shape: ShapeCheck, target: Node) -> SparqlTarget:
        g = self.shapes
        selects = list(g.objects(target, SH.select))
        if len(selects) != 1 or not isinstance(selects[0], Literal):
            raise UnsupportedShapeError(f"{_name(node)}: a target other than a sh:SPARQLTarget with one sh:select")
        if self.has_functions:
            raise UnsupportedShapeError(
                f"{_name(node)}: a SPARQL target where the shapes graph declares SHACL functions"
            )
        # the query text exactly as pySHACL runs it: its PREFIX lines come from sh:prefixes
        if self._pyshacl_graph is None:
            self._pyshacl_graph = ShapesGraph(g)
        path_node = g.value(node, SH.path) if shape.path is not None else None
        if not isinstance(path_node, (URIRef, BNode)):
            path_node = None
        helper = get_query_helper_cls()(  # type: ignore[no-untyped-call]
            Shape(self._pyshacl_graph, node, p=shape.path is not None, path=path_node), target, selects[0]
        )
        try:
            helper.collect_prefixes()
            text = helper.apply_prefixes(helper.select_text)
            query = prepareQuery(text)
        except Exception as exc:  # pySHACL's ConstraintLoadError, pyparsing's ParseException...
            raise UnsupportedShapeError(f"{_name(node)}: its SPARQL target cannot be prepared: {exc}") from exc
        pattern = single_pattern(query)
        if pattern is not None:  # as the data's own terms: the index then finds them by identity
            predicate, obj = pattern
            pattern = (canonical(predicate), canonical(obj) if isinstance(obj, URIRef) else obj)
        return SparqlTarget(text, query, pattern)

    # --- helpers ---------------------------------------------------------------------------------

    def _at_most_one(self, node: Node, predicate: URIRef) -> Node | None:
        values = list(self.shapes.objects(node, predicate))
        if len(values) > 1:
            raise UnsupportedShapeError(f"{_name(node)} has more than one {_name(predicate)}")
        return values[0] if values else None

    def _iris(self, node: Node, predicate: URIRef, values: Iterable[Node]) -> Iterator[URIRef]:
        for value in values:
            if not isinstance(value, URIRef):
                raise UnsupportedShapeError(f"{_name(node)}: {_name(predicate)} must be an IRI")
            yield canonical(value)


def _name(node: Node) -> str:
    text = str(node)
    return f"sh:{text[len(str(SH)) :]}" if text.startswith(str(SH)) else (term_text(node) or "")
