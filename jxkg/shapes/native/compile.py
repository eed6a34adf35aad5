"""The shapes graph compiled, once, into native checks; a shape it cannot compile is left to pySHACL.

`compile_shapes` takes the shapes graph and the shapes validated on their own (the runner's
`use_shapes`: every named shape but the SHACL-SPARQL ones). A shape compiles when every SHACL
predicate on it, and on each shape it reaches (sh:property, sh:or, sh:qualifiedValueShape), is an
annotation, a target, its path, sh:property, sh:deactivated or a parameter of a constraint
component in the registry (`constraints.registry`: `CORE` unless another is passed), in a form whose
meaning SHACL and pySHACL agree on. Anything else — an unknown SHACL parameter, a custom
constraint component, a path of more than one step, a shape inside sh:or with a severity of its
own, a shape whose messages pySHACL would generate — makes the top-level shape a `fallback`:
pySHACL validates it (with the shapes it reaches), so no rule is ever left unchecked. SHACL-AF
rules, which change the data, leave every shape to pySHACL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import rdflib
from pyshacl.helper import get_query_helper_cls
from pyshacl.shape import Shape
from pyshacl.shapes_graph import ShapesGraph
from rdflib import RDF, RDFS, BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.plugins.sparql import prepareQuery
from rdflib.term import Node

from jxkg.errors import ValidationError
from jxkg.ontology.rdf import canonical
from jxkg.shapes.native.constraints import CORE, Registry, ShapeParameters, UnsupportedShapeError
from jxkg.shapes.native.constraints import shape_name as _name
from jxkg.shapes.native.shape import ShapeCheck, ValuePath
from jxkg.shapes.native.targets import SparqlTarget, Targets
from jxkg.shapes.query_reads import single_pattern
from jxkg.shapes.results import Severity, messages_by_language, term_text

__all__ = ["CompiledShapes", "TopLevel", "UnsupportedShapeError", "compile_shapes"]

_ANNOTATIONS = frozenset({SH.name, SH.description, SH.order, SH.group, SH.defaultValue, SH.message, SH.severity})
_TARGETS = frozenset({SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target})
# what a shape is made of besides its constraints (`shape.py`): these compile whatever the registry
_STRUCTURE = frozenset({SH.path, SH.deactivated, SH.property})
_SHAPE_TYPES = frozenset({SH.NodeShape, SH.PropertyShape})
# what a shape may reach other shapes by, for the shapes pySHACL needs along with a fallback
_SHAPE_VALUED = (SH.property, SH.node, SH["not"], SH.qualifiedValueShape)
_SHAPE_LISTS = (SH["and"], SH["or"], SH.xone)
_FUNCTIONS = (SH.SPARQLFunction, SH.JSFunction, SH.Function)


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
    everything: bool = False  # pySHACL runs every shape (`use_shapes` None): a blank-node shape has targets


def compile_shapes(
    shapes: rdflib.Graph, top_level: Iterable[str], registry: Registry = CORE, *, whole_graph_fallback: bool = True
) -> CompiledShapes:
    """`top_level` compiled with the constraint components of `registry`; the rest left to pySHACL.
    `whole_graph_fallback`: pySHACL may be asked to run every shape (no shape must be kept from it)."""
    names = sorted(set(top_level))
    compiler = _Compiler(shapes, frozenset(URIRef(n) for n in names), registry)
    native: list[TopLevel] = []
    reasons: dict[str, str] = {}
    # pySHACL's use_shapes names shapes: one without a name is run only by running every shape
    anonymous = sorted({term_text(s) or "" for t in _TARGETS for s in shapes.subjects(t, None) if isinstance(s, BNode)})
    if anonymous and not whole_graph_fallback:
        raise ValidationError(f"{anonymous[0]}: a blank-node shape with targets beside SHACL-SPARQL shapes (name it)")
    everything = _whole_graph_unsupported(shapes) or (
        "a blank-node shape has targets: pySHACL runs every shape" if anonymous else None
    )
    reasons.update((a, "a blank-node shape with targets: pySHACL runs every shape") for a in anonymous)
    for name in names:
        try:
            if everything:
                raise UnsupportedShapeError(everything)
            if not _has_targets(shapes, URIRef(name)):
                continue  # gives no result on its own: checked (compiled) where another shape reaches it
            native.append(compiler.top_level(URIRef(name)))
        except UnsupportedShapeError as exc:
            reasons[name] = str(exc)
    fallback = tuple(sorted(reasons))
    reached = {str(s) for s in _reached(shapes, [URIRef(n) for n in fallback]) if s in compiler.allowed}
    return CompiledShapes(tuple(native), fallback, tuple(sorted(reached | set(fallback))), reasons, bool(anonymous))


def _implicit_class(shapes: rdflib.Graph, node: Node) -> bool:
    """A shape that is also an rdfs:Class targets its instances (SHACL 2.1.3.3)."""
    return (node, RDF.type, RDFS.Class) in shapes


def _has_targets(shapes: rdflib.Graph, node: Node) -> bool:
    return _implicit_class(shapes, node) or any((node, t, None) in shapes for t in _TARGETS)


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
    def __init__(self, shapes: rdflib.Graph, allowed: frozenset[URIRef], registry: Registry) -> None:
        self.shapes = shapes
        self.registry = registry
        self.known = _ANNOTATIONS | _TARGETS | _STRUCTURE | registry.parameters
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
        predicates = set(g.predicates(node))
        for predicate in predicates:
            if predicate in self.custom_parameters:
                raise UnsupportedShapeError(f"{_name(node)} uses the custom constraint parameter {_name(predicate)}")
            if str(predicate).startswith(str(SH)) and predicate not in self.known:
                raise UnsupportedShapeError(
                    f"{_name(node)} uses {_name(predicate)}, which the native engine does not evaluate"
                )
        path = self._path(node, property_only)
        check = ShapeCheck(node=node, text=term_text(node) or "", path=path)
        shape = self._parameters(node, check)
        check.deactivated = self._deactivated(shape)
        check.severity = self._severity(shape, nested)
        check.severity_iri = Severity.custom_iri(shape.one(SH.severity))
        check.properties = [self.shape(p, nested=nested, property_only=True) for p in g.objects(node, SH.property)]
        # the components the shape's predicates are parameters of, in registry order
        check.constraints = [
            constraint
            for component in self.registry.components_for(predicates)
            for constraint in component.from_shape(shape)
        ]
        if check.constraints and not nested:
            check.messages = self._messages(node)
        return check

    def _path(self, node: Node, property_only: bool) -> ValuePath | None:
        g = self.shapes
        types = set(g.objects(node, RDF.type)) - {RDFS.Class}  # a class may be a shape (implicit target)
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

    def _parameters(self, node: Node, check: ShapeCheck) -> ShapeParameters:
        """The shape's parameter values as its components read them."""
        return ShapeParameters(self.shapes, node, check.path is not None, self._nested)

    def _nested(self, node: Node) -> ShapeCheck:
        """A shape inside sh:or or sh:qualifiedValueShape, where only its conformance counts."""
        return self.shape(node, nested=True)

    def _deactivated(self, shape: ShapeParameters) -> bool:
        value = shape.one(SH.deactivated)
        if value is None:
            return False
        if not isinstance(value, Literal):
            raise shape.unsupported("sh:deactivated must be a literal")
        return bool(value.value)

    def _severity(self, shape: ShapeParameters, nested: bool) -> Severity:
        severity = shape.one(SH.severity)
        if nested and severity not in (None, SH.Violation):
            # pySHACL lets a Warning or Info shape conform inside sh:or; SHACL does not
            raise shape.unsupported("a shape inside sh:or or a qualified value shape has its own severity")
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

    # --- targets ---------------------------------------------------------------------------------

    def _targets(self, node: URIRef, check: ShapeCheck) -> Targets:
        shape = self._parameters(node, check)
        return Targets(
            nodes=tuple(shape.values(SH.targetNode)),
            classes=tuple(shape.iris(SH.targetClass, shape.values(SH.targetClass)))
            + ((canonical(node),) if _implicit_class(self.shapes, node) else ()),
            subjects_of=tuple(shape.iris(SH.targetSubjectsOf, shape.values(SH.targetSubjectsOf))),
            objects_of=tuple(shape.iris(SH.targetObjectsOf, shape.values(SH.targetObjectsOf))),
            sparql=tuple(self._sparql_target(node, check, t) for t in shape.values(SH.target)),
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
