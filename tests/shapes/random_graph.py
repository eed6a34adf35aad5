"""Random data that trips every kind of rule, for comparing the native engine with pySHACL.

Nodes of random classes (concrete, abstract, none, two, a foreign one) with random values of every
property: well-typed, ill-typed, of another datatype, tagged or not, an IRI, a blank node, several;
links to nodes of random classes, literal links, misspelt properties, provenance kinds, units in %.
Deterministic for a seed.
"""

from __future__ import annotations

import random
from decimal import Decimal

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from jxkg.ontology.conventions import JX
from jxkg.ontology.rdf import literal
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.ontology.terms import PropertySpec

JXD = Namespace("https://w3id.org/jxkg/id/")
_STRINGS = (
    "360000",
    "360700",
    "360711",
    "3607",
    "36070",
    "361000",
    "91360700MA35123450",
    "91360700MA3512345I",
    "913600001583040173",
    "91360000158304017R",
    "achievement:十大案例",
    "science-city:赣州稀金科创城",
    " padded ",
    "",
    "two\nlines",
    "national",
    "provincial",
    "built",
    "planned",
    "documented",
    "curated",
    "%",
    "<=",
    "approx",
)
# compared by sh:lessThanOrEquals, which refuses a blank node (pySHACL stops): never one here
_PAIRS = (("grantedYear", "expiresYear"), ("baselineYear", "deadlineYear"), ("startedAt", "finishedAt"))
_COMPARED = frozenset(name for pair in _PAIRS for name in pair)


def random_graph(seed: int, size: int = 150) -> Graph:
    return _RandomGraph(random.Random(seed), load_schema()).build(size)


class _RandomGraph:
    def __init__(self, rng: random.Random, schema: GraphSchema) -> None:
        self.rng = rng
        self.schema = schema
        self.graph = Graph()
        self.classes = [t.name for t in schema.node_types]
        self.concrete = [t.name for t in schema.concrete_types()]

    def build(self, size: int) -> Graph:
        nodes: list[Node] = [JXD[f"n{i}"] for i in range(size)] + [BNode(f"b{i}") for i in range(size // 20)]
        for node in nodes:
            self._types(node)
            self._properties(node)
        for node in nodes:
            self._links(node, nodes)
        return self.graph

    def _types(self, node: Node) -> None:
        roll = self.rng.random()
        if roll < 0.75:
            classes = [self.rng.choice(self.concrete)]
        elif roll < 0.85:
            classes = [self.rng.choice(self.classes)]  # abstract ones too
        elif roll < 0.92:
            classes = self.rng.sample(self.concrete, 2)
        else:
            classes = []
        for cls in classes:
            self.graph.add((node, RDF.type, JX[cls]))
        if self.rng.random() < 0.03:
            self.graph.add((node, RDF.type, RDFS.Resource))
        if self.rng.random() < 0.02:
            self.graph.add((node, RDF.type, URIRef("https://example.org/Other")))

    def _properties(self, node: Node) -> None:
        specs = list(self.schema.properties)
        for spec in self.rng.sample(specs, self.rng.randint(1, 9)):
            for _ in range(1 if self.rng.random() < 0.85 else 2):
                self.graph.add((node, JX[spec.name], self._value(spec)))
        if self.rng.random() < 0.6:
            self.graph.add((node, JX.nameZh, Literal(f"名{self.rng.randint(0, 9)}", lang="zh")))
        if self.rng.random() < 0.05:
            self.graph.add((node, URIRef(str(JX) + "nmaeEn"), Literal("typo", lang="en")))
        if self.rng.random() < 0.1:
            self.graph.add((node, JX.provenanceKind, Literal(self.rng.choice(("documented", "curated")))))
        if self.rng.random() < 0.1:
            self.graph.add((node, JX.unit, Literal("%")))
        if self.rng.random() < 0.3:  # both sides of a sh:lessThanOrEquals
            first, second = self.rng.choice(_PAIRS)
            for name in (first, second):
                self.graph.add((node, JX[name], self._value(self.schema.property(name))))

    def _value(self, spec: PropertySpec) -> Node:
        roll = self.rng.random()
        if roll < 0.55:
            return literal(spec, self._python_value(spec))
        if roll < 0.65:
            return Literal(self.rng.choice(_STRINGS))
        if roll < 0.72:
            return Literal(self.rng.choice(("abc", "12", "1.5", "-3", "true", "2020", "")), datatype=XSD.integer)
        if roll < 0.77:
            return Literal(self.rng.choice(("1.5", "x", "7")), datatype=XSD.decimal)
        if roll < 0.82:
            return Literal(self.rng.choice(_STRINGS), lang=self.rng.choice(("zh", "en", "zh-CN", "EN", "fr")))
        if roll < 0.86:
            return Literal(self.rng.choice(_STRINGS), datatype=XSD.string)
        if roll < 0.89:
            return Literal(self.rng.choice((2.5, 150.0, -1.0)))  # xsd:double
        if roll < 0.92:
            return Literal("2020", datatype=XSD.gYear)
        if roll < 0.96 or spec.name in _COMPARED:
            return JXD[f"n{self.rng.randint(0, 20)}"]
        return BNode()

    def _python_value(self, spec: PropertySpec) -> object:
        if spec.datatype == "integer":
            return self.rng.choice((0, 1, 3, 4, -2, 1899, 1900, 2025, 2100, 2101, 3021))
        if spec.datatype == "decimal":
            return self.rng.choice((Decimal("0"), Decimal("55.5"), Decimal("100.0"), Decimal("120"), Decimal("-1")))
        if spec.datatype == "boolean":
            return self.rng.random() < 0.5
        return self.rng.choice(_STRINGS)

    def _links(self, node: Node, nodes: list[Node]) -> None:
        relationships = list(self.schema.relationships)
        for rel in self.rng.sample(relationships, self.rng.randint(0, 4)):
            target: Node = self.rng.choice(nodes)
            if self.rng.random() < 0.05:
                target = Literal("not a node")
            self.graph.add((node, JX[rel.name], target))
