"""Reading the terms of the OWL ontology (`jxkg.ttl`) out of its RDF graph, by the rules of
docs/conventions.md: names, the class tree and its one root with its key, domains and ranges, the
annotations that drive the schema. Every problem is collected, not only the first:
`schema.schema_from_graph` raises them together."""

from __future__ import annotations

import re
from collections.abc import Mapping

import rdflib
from rdflib import OWL, RDF, RDFS, XSD, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, SKOS

from jxkg.ontology.conventions import (
    CLASS_NAME,
    JX,
    PROPERTY_NAME,
    relationship_property_name,
    relationship_type_name,
)
from jxkg.ontology.terms import Alignment, NodeType, PropertySpec, RelationshipType, SchemaTerms

# How a term is aligned with an external vocabulary, in the order the docs list them.
_ALIGNMENT_PREDICATES: tuple[tuple[URIRef, str], ...] = (
    (OWL.equivalentClass, "owl:equivalentClass"),
    (OWL.equivalentProperty, "owl:equivalentProperty"),
    (RDFS.subClassOf, "rdfs:subClassOf"),
    (RDFS.subPropertyOf, "rdfs:subPropertyOf"),
    (RDF.type, "rdf:type"),
    (SKOS.exactMatch, "skos:exactMatch"),
    (SKOS.closeMatch, "skos:closeMatch"),
    (SKOS.broadMatch, "skos:broadMatch"),
    (SKOS.narrowMatch, "skos:narrowMatch"),
    (SKOS.relatedMatch, "skos:relatedMatch"),
)
_STRUCTURAL_NAMESPACES = (str(OWL), str(RDF), str(RDFS))


class OntologyReader:
    """Reads the terms of an ontology graph, collecting every problem found on the way."""

    def __init__(self, graph: rdflib.Graph) -> None:
        self.g = graph
        self.problems: list[str] = []

    def read(self) -> SchemaTerms | None:
        classes = self._declared(OWL.Class, CLASS_NAME, "class", "UpperCamelCase")
        objects = self._declared(OWL.ObjectProperty, PROPERTY_NAME, "object property", "lowerCamelCase")
        datas = self._declared(OWL.DatatypeProperty, PROPERTY_NAME, "datatype property", "lowerCamelCase")
        for name in sorted(set(objects) & set(datas)):
            self.problems.append(f"jx:{name} is declared both an object and a datatype property")
        parents = {name: self._parents(name, iri, classes) for name, iri in classes.items()}
        depth = self._depths(parents)
        if depth is None:
            return None
        roots = sorted(name for name, d in depth.items() if d == 0)
        if len(roots) != 1:
            self.problems.append(f"the class tree needs exactly one root (jx:Entity), found {roots or 'none'}")
            return None
        root = roots[0]
        key = self._graph_key(root, classes)
        properties = tuple(self._property(n, datas[n], classes) for n in sorted(datas))
        relationships = tuple(self._relationship(n, objects[n], classes) for n in sorted(objects))
        node_types = sorted(
            (self._node_type(n, classes[n], parents, depth, properties, key) for n in classes),
            key=lambda t: t.labels,
        )
        if key and key not in {p.name for p in properties}:
            self.problems.append(f'jx:graphKey "{key}" on jx:{root} is not a declared datatype property')
        ontology = self._ontology()
        return SchemaTerms(
            iri=str(ontology),
            version=self._text(ontology, OWL.versionInfo, None, "owl:versionInfo"),
            version_iri=str(self.g.value(ontology, OWL.versionIRI) or ""),
            title_en=self._text(ontology, DCTERMS.title, "en", "", required=False),
            title_zh=self._text(ontology, DCTERMS.title, "zh", "", required=False),
            description=self._text(ontology, DCTERMS.description, "en", "", required=False),
            root=root,
            key=key,
            node_types=tuple(node_types),
            relationships=relationships,
            properties=properties,
        )

    # --- terms -------------------------------------------------------------------------------

    def _declared(self, kind: URIRef, pattern: re.Pattern[str], what: str, style: str) -> dict[str, URIRef]:
        found: dict[str, URIRef] = {}
        for subject in self.g.subjects(RDF.type, kind):
            if isinstance(subject, URIRef) and subject.startswith(JX):
                name = subject[len(JX) :]
                if not pattern.fullmatch(name):
                    self.problems.append(f"{what} jx:{name}: the local name must be {style}")
                found[name] = subject
        return found

    def _ontology(self) -> URIRef:
        ontologies = sorted(s for s in self.g.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef))
        if len(ontologies) != 1:
            self.problems.append(f"expected one owl:Ontology, found {len(ontologies)}")
            return URIRef("")
        return ontologies[0]

    def _node_type(
        self,
        name: str,
        iri: URIRef,
        parents: Mapping[str, tuple[str, ...]],
        depth: Mapping[str, int],
        properties: tuple[PropertySpec, ...],
        key: str,
    ) -> NodeType:
        ancestors = _ancestors(name, parents)
        labels = (*sorted(ancestors, key=lambda a: (depth[a], a)), name)
        covered = [
            (min(depth[c] for c in p.domain if c in labels), p.name) for p in properties if set(p.domain) & set(labels)
        ]
        abstract = self._flag(iri, JX.abstract)
        if abstract and not any(name in ps for ps in parents.values()):
            self.problems.append(f"abstract class jx:{name} has no subclass")
        mappings = self._mappings(iri)
        return NodeType(
            name=name,
            iri=str(iri),
            labels=labels,
            parents=parents[name],
            abstract=abstract,
            label_zh=self._text(iri, RDFS.label, "zh", "rdfs:label"),
            label_en=self._text(iri, RDFS.label, "en", "rdfs:label"),
            definition=self._text(iri, SKOS.definition, "en", "skos:definition"),
            properties=tuple(p for _, p in sorted(covered)),
            alignments=_iris(mappings),
            definition_zh=self._text(iri, SKOS.definition, "zh", "", required=False),
            scope_note=self._text(iri, SKOS.scopeNote, "en", "", required=False),
            key=key,
            mappings=mappings,
        )

    def _property(self, name: str, iri: URIRef, classes: Mapping[str, URIRef]) -> PropertySpec:
        ranges = self._single(iri, RDFS.range, "rdfs:range")
        datatype = ""
        if isinstance(ranges, URIRef) and ranges.startswith(str(XSD)):
            datatype = ranges[len(str(XSD)) :]
        elif ranges == RDF.langString:
            datatype = "langString"
        elif ranges is not None:
            self.problems.append(f"datatype property jx:{name}: rdfs:range must be an xsd datatype or rdf:langString")
        mappings = self._mappings(iri)
        allowed = sorted(str(v) for v in self.g.objects(iri, JX.allowedValue))
        return PropertySpec(
            name=name,
            iri=str(iri),
            datatype=datatype,
            label_zh=self._text(iri, RDFS.label, "zh", "rdfs:label"),
            label_en=self._text(iri, RDFS.label, "en", "rdfs:label"),
            definition=self._text(iri, SKOS.definition, "en", "skos:definition"),
            indexed=self._flag(iri, JX.indexed),
            full_text=self._flag(iri, JX.fullText),
            multi_valued=self._flag(iri, JX.multiValued),
            definition_zh=self._text(iri, SKOS.definition, "zh", "", required=False),
            domain=self._classes(name, iri, RDFS.domain, classes),
            derived=self._flag(iri, JX.derived),
            bookkeeping=self._flag(iri, JX.bookkeeping),
            on_relationships=self._flag(iri, JX.relationshipProperty),
            allowed_values=tuple(allowed),
            alignments=_iris(mappings),
            mappings=mappings,
        )

    def _relationship(self, name: str, iri: URIRef, classes: Mapping[str, URIRef]) -> RelationshipType:
        type_name = name
        if PROPERTY_NAME.fullmatch(name):  # otherwise already reported
            type_name = relationship_type_name(name)
            if relationship_property_name(type_name) != name:
                self.problems.append(f"object property jx:{name}: its type {type_name} does not map back to it")
        mappings = self._mappings(iri)
        return RelationshipType(
            name=name,
            type=type_name,
            iri=str(iri),
            domain=self._classes(name, iri, RDFS.domain, classes),
            range=self._classes(name, iri, RDFS.range, classes),
            label_zh=self._text(iri, RDFS.label, "zh", "rdfs:label"),
            label_en=self._text(iri, RDFS.label, "en", "rdfs:label"),
            definition=self._text(iri, SKOS.definition, "en", "skos:definition"),
            definition_zh=self._text(iri, SKOS.definition, "zh", "", required=False),
            symmetric=(iri, RDF.type, OWL.SymmetricProperty) in self.g,
            scope_note=self._text(iri, SKOS.scopeNote, "en", "", required=False),
            alignments=_iris(mappings),
            mappings=mappings,
        )

    # --- class tree --------------------------------------------------------------------------

    def _parents(self, name: str, iri: URIRef, classes: Mapping[str, URIRef]) -> tuple[str, ...]:
        found: list[str] = []
        for parent in self.g.objects(iri, RDFS.subClassOf):
            if isinstance(parent, URIRef) and parent.startswith(JX):
                local = parent[len(JX) :]
                if local in classes:
                    found.append(local)
                else:
                    self.problems.append(f"class jx:{name}: superclass jx:{local} is not a declared class")
        return tuple(sorted(found))

    def _depths(self, parents: Mapping[str, tuple[str, ...]]) -> dict[str, int] | None:
        """Longest distance of each class from a root; None (with a problem) on a cycle."""
        depth: dict[str, int] = {}
        visiting: set[str] = set()

        def visit(name: str) -> int:
            if name in depth:
                return depth[name]
            if name in visiting:
                raise _CycleError(name)
            visiting.add(name)
            depth[name] = max((visit(p) + 1 for p in parents[name]), default=0)
            visiting.discard(name)
            return depth[name]

        try:
            for name in sorted(parents):
                visit(name)
        except _CycleError as cycle:
            self.problems.append(f"class jx:{cycle.name} is its own superclass (rdfs:subClassOf cycle)")
            return None
        return depth

    def _graph_key(self, root: str, classes: Mapping[str, URIRef]) -> str:
        keys = {name: str(k) for name, iri in classes.items() for k in self.g.objects(iri, JX.graphKey)}
        for name in sorted(keys.keys() - {root}):
            self.problems.append(f"jx:graphKey on jx:{name}: only the root class jx:{root} has a key")
        if root not in keys:
            self.problems.append(f"the root class jx:{root} has no jx:graphKey")
        return keys.get(root, "")

    # --- values ------------------------------------------------------------------------------

    def _single(self, iri: URIRef, predicate: URIRef, what: str) -> rdflib.term.Node | None:
        values = list(self.g.objects(iri, predicate))
        name = iri[len(JX) :]
        if not values:
            self.problems.append(f"jx:{name} has no {what}")
            return None
        if len(values) > 1:
            self.problems.append(
                f"jx:{name} has {len(values)} {what} statements (they would intersect): "
                "name the classes in one owl:unionOf"
            )
            return None
        return values[0]

    def _classes(self, name: str, iri: URIRef, predicate: URIRef, classes: Mapping[str, URIRef]) -> tuple[str, ...]:
        """A domain or range: one jx class, or an owl:unionOf of jx classes."""
        what = "rdfs:domain" if predicate == RDFS.domain else "rdfs:range"
        value = self._single(iri, predicate, what)
        if value is None:
            return ()
        members: list[rdflib.term.Node] = [value]
        if isinstance(value, BNode):
            head = self.g.value(value, OWL.unionOf)
            if head is None:
                self.problems.append(f"jx:{name}: {what} must be a class or an owl:unionOf of classes")
                return ()
            members = list(Collection(self.g, head))
        found: list[str] = []
        for member in members:
            local = member[len(JX) :] if isinstance(member, URIRef) and member.startswith(JX) else None
            if local is None or local not in classes:
                self.problems.append(f"jx:{name}: {what} member {member} is not a declared jx class")
            else:
                found.append(local)
        return tuple(found)

    def _text(self, iri: URIRef, predicate: URIRef, lang: str | None, what: str, *, required: bool = True) -> str:
        texts = sorted(
            str(v)
            for v in self.g.objects(iri, predicate)
            if isinstance(v, Literal) and (lang is None or (v.language or "").split("-")[0] == lang)
        )
        if not texts:
            if required:
                tag = f"@{lang} " if lang else ""
                self.problems.append(f"{_short(iri)} has no {tag}{what}")
            return ""
        return texts[0]

    def _flag(self, iri: URIRef, predicate: URIRef) -> bool:
        values = list(self.g.objects(iri, predicate))
        if not values:
            return False
        value = values[0]
        if len(values) == 1 and isinstance(value, Literal) and isinstance(value.toPython(), bool):
            return bool(value.toPython())
        self.problems.append(f"{_short(iri)}: {_short(predicate)} must be one xsd:boolean (true or false)")
        return False

    def _mappings(self, iri: URIRef) -> tuple[Alignment, ...]:
        found: list[Alignment] = []
        for predicate, curie in _ALIGNMENT_PREDICATES:
            for target in sorted(self.g.objects(iri, predicate), key=str):
                if not isinstance(target, URIRef) or target.startswith(JX):
                    continue
                if predicate == RDF.type and str(target).startswith(_STRUCTURAL_NAMESPACES):
                    continue
                found.append(Alignment(curie, str(target)))
        return tuple(found)


class _CycleError(Exception):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _ancestors(name: str, parents: Mapping[str, tuple[str, ...]]) -> set[str]:
    seen: set[str] = set()
    stack = list(parents[name])
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(parents[current])
    return seen


def _iris(mappings: tuple[Alignment, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(m.iri for m in mappings))


def _short(iri: rdflib.term.Node) -> str:
    text = str(iri)
    return f"jx:{text[len(JX) :]}" if text.startswith(JX) else text
