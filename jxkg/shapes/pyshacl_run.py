"""One pySHACL run, read back as ResultRecords: the reference engine, and the fallback of the native one.

- pySHACL, with the ontology as its `ont_graph` and `inference="none"`: pySHACL copies the
  ontology's class hierarchy into the data graph, so `sh:class jx:Organization` accepts a
  University and `sh:targetClass jx:Platform` reaches every laboratory, while nothing is inferred
  over the data (RDFS inference would infer an Organization from every HOSTED_BY link and hide a
  link to the wrong class);
- `advanced=True` for the SHACL-AF SPARQL targets of the provenance and percentage rules;
- it validates in place a working graph whose literals are as RDF defines them (`working_copy`);
- messages are read from the shapes graph, in Chinese and English: pySHACL drops the language
  tag of the messages of SPARQL-based results.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, cast

import rdflib
from pyshacl import validate as pyshacl_validate
from pyshacl.shape import Shape
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from jxkg.shapes.results import ResultRecord, Severity, messages_by_language, source_of, term_text
from jxkg.shapes.triples import normalize_literal

__all__ = ["normalized", "pyshacl_records", "working_copy"]


def pyshacl_records(
    working: rdflib.Graph,
    shapes: rdflib.Graph,
    ontology: rdflib.Graph,
    use_shapes: Iterable[str] | None,
    focus: set[Node] | None,
    origins: Mapping[str, str],
) -> set[ResultRecord]:
    """pySHACL's results for the shapes `use_shapes` (None: every shape) on `working` (validated in place: it gains the
    ontology's class axioms), on the nodes of `focus` only when given."""
    with _only_focus(focus):
        _, results_graph, _ = pyshacl_validate(
            working,
            shacl_graph=shapes,
            ont_graph=ontology,  # mixed into `working`: the class hierarchy for sh:class and targets
            inference="none",
            advanced=True,
            inplace=True,
            allow_warnings=True,
            allow_infos=True,
            use_shapes=None if use_shapes is None else list(use_shapes),
        )
    return set(_records(cast(rdflib.Graph, results_graph), shapes, working, origins))


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


def working_copy(data: rdflib.Graph) -> rdflib.Graph:
    """A copy to validate in place, each typed literal rebuilt from what RDF says it is: its lexical
    form and datatype (`normalize_literal`). So `"x"^^xsd:string` becomes `"x"`, and a literal made
    from a Python float with the datatype xsd:decimal gets a decimal value (rdflib keeps the float,
    and pySHACL would call "3.68"^^xsd:decimal ill-typed)."""
    working = rdflib.Graph()
    for prefix, namespace in data.namespaces():
        working.bind(prefix, namespace, override=False)
    for s, p, o in data.triples((None, None, None)):
        working.add((s, p, normalize_literal(o) if isinstance(o, Literal) else o))
    return working


def normalized(data: rdflib.Graph) -> rdflib.Graph:
    """`data`, its literals rewritten in place as `working_copy` writes them (only those that change)."""
    changes: list[tuple[Node, Node, Literal, Literal]] = []
    for s, p, o in data.triples((None, None, None)):
        if isinstance(o, Literal) and o.datatype is not None:
            new = normalize_literal(o)
            if new is not o:
                changes.append((s, p, o, new))
    for s, p, o, new in changes:
        data.remove((s, p, o))
        data.add((s, p, new))
    return data


def _records(
    results: rdflib.Graph, shapes: rdflib.Graph, data: rdflib.Graph, origins: Mapping[str, str]
) -> Iterator[ResultRecord]:
    # the report's own results: those under sh:detail (of sh:node...) stay inside the result they explain
    for node in results.objects(None, SH.result):
        shape = results.value(node, SH.sourceShape)
        focus = results.value(node, SH.focusNode)
        own = messages_by_language(shapes.objects(shape, SH.message)) if isinstance(shape, URIRef) else {}
        messages = own or messages_by_language(results.objects(node, SH.resultMessage))
        plain = messages.get("", "")
        source_file, source_row = source_of(data, origins, focus)
        severity = results.value(node, SH.resultSeverity)
        yield ResultRecord(
            focus=term_text(focus) or "",
            path=_path(results, results.value(node, SH.resultPath)),
            value=term_text(results.value(node, SH.value)),
            source_shape=term_text(shape) or "",
            component=term_text(results.value(node, SH.sourceConstraintComponent)) or "",
            severity=Severity.from_iri(severity),
            severity_iri=Severity.custom_iri(severity),
            message_zh=messages.get("zh", plain),
            message_en=messages.get("en", plain),
            source_file=source_file,
            source_row=source_row,
        )


def _path(results: rdflib.Graph, path: Node | None) -> str | None:
    if path is None:
        return None
    if isinstance(path, BNode):
        inverse = results.value(path, SH.inversePath)
        if isinstance(inverse, URIRef):
            return f"^{inverse}"
        return path.n3()
    return str(path)
