"""The real ontology (jxkg/ontology/jxkg.ttl): well-formed, documented in zh and en, complete.

Checked on the raw RDF with rdflib, independently of the schema reader, then through it.
"""

from __future__ import annotations

import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, BNode, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SKOS

from jxkg.ontology.schema import GraphSchema, load_graph, load_schema

JX = Namespace("https://w3id.org/jxkg/ontology#")
ONTOLOGY = URIRef("https://w3id.org/jxkg/ontology")
PROV = Namespace("http://www.w3.org/ns/prov#")
QB = Namespace("http://purl.org/linked-data/cube#")

# The agreed vocabulary draft (jxkg-vocab.md): every class and relationship it names.
VOCAB_CLASSES = [
    "Entity", "Place", "Region", "Province", "PrefectureCity", "County", "MetropolitanArea", "NewArea",
    "Country", "InnovationZone", "ScienceCity", "HighTechZone", "IndependentInnovationDemonstrationZone",
    "AgriculturalHighTechZone", "AgriculturalSciencePark", "InnovationCorridor", "CooperationDemonstrationZone",
    "ScienceIsland", "Organization", "Enterprise", "University", "ResearchInstitute", "NewTypeRDInstitution",
    "HighEndRDInstitution", "PartnerInstitution", "GovernmentBody", "Recognition", "Platform", "Laboratory",
    "NationalLaboratory", "NationalKeyLaboratory", "ProvincialLaboratory", "ProvincialKeyLaboratory",
    "InternationalJointLaboratory", "InnovationCenter", "EngineeringResearchCenter", "ScienceInfrastructure",
    "InternationalCooperationBase", "Incubator", "MakerSpace", "AcademicianWorkstation", "PostdoctoralStation",
    "TechTransferAgency", "Person", "Academician", "DisciplineLeader", "SciTechCommissioner", "Team",
    "TalentProgramme", "IndustryChain", "ChainSegment", "InnovationConsortium", "Programme", "Project",
    "KeyTechnologyProblem", "Achievement", "Patent", "Indicator", "Observation", "Target", "SourceDocument",
    "Passage", "IngestRun",
]  # fmt: skip
VOCAB_ABSTRACT = ["Entity", "Place", "Region", "InnovationZone", "Organization", "Platform", "Laboratory"]
VOCAB_PARENTS = {
    "NationalKeyLaboratory": ("Entity", "Platform", "Laboratory", "NationalKeyLaboratory"),
    "ScienceCity": ("Entity", "Place", "InnovationZone", "ScienceCity"),
    "PrefectureCity": ("Entity", "Place", "Region", "PrefectureCity"),
    "Country": ("Entity", "Place", "Country"),
    "Enterprise": ("Entity", "Organization", "Enterprise"),
    "Academician": ("Entity", "Person", "Academician"),
    "Recognition": ("Entity", "Recognition"),
    "IngestRun": ("Entity", "IngestRun"),
}
VOCAB_RELATIONSHIPS = {
    "locatedIn": "LOCATED_IN", "partOf": "PART_OF", "hostedBy": "HOSTED_BY", "supportsChain": "SUPPORTS_CHAIN",
    "focusesOn": "FOCUSES_ON", "memberOf": "MEMBER_OF", "leads": "LEADS", "cooperatesWith": "COOPERATES_WITH",
    "jointlyBuiltWith": "JOINTLY_BUILT_WITH", "affiliatedWith": "AFFILIATED_WITH", "selectedBy": "SELECTED_BY",
    "undertakes": "UNDERTAKES", "addresses": "ADDRESSES", "fundedBy": "FUNDED_BY", "measures": "MEASURES",
    "targets": "TARGETS", "aboutRegion": "ABOUT_REGION", "hasRecognition": "HAS_RECOGNITION",
    "holdsPatent": "HOLDS_PATENT", "mentionedIn": "MENTIONED_IN", "derivedFrom": "DERIVED_FROM",
}  # fmt: skip
VOCAB_PROPERTIES = [
    "id", "nameZh", "nameEn", "aliases", "description", "code", "creditCode", "level", "stage", "tier", "status",
    "kind", "field", "year", "grantedYear", "expiresYear", "foundedYear", "value", "unit", "comparator",
    "deadlineYear", "baselineValue", "baselineYear", "count", "isStateOwned", "title", "docNumber", "issuedOn",
    "fileName", "chapter", "quote", "source", "sourceRow", "provenanceKind", "note", "ingestRun", "ingestedAt",
    "runId", "startedAt", "finishedAt", "synthetic", "nameBigrams", "quoteBigrams",
]  # fmt: skip


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return load_graph()


@pytest.fixture(scope="module")
def schema() -> GraphSchema:
    return load_schema()


def jx_terms(graph: rdflib.Graph, kind: URIRef) -> list[URIRef]:
    return sorted(s for s in graph.subjects(RDF.type, kind) if isinstance(s, URIRef) and str(s).startswith(str(JX)))


def texts(graph: rdflib.Graph, term: URIRef, predicate: URIRef, lang: str) -> list[str]:
    return [str(o) for o in graph.objects(term, predicate) if isinstance(o, Literal) and o.language == lang]


def members(graph: rdflib.Graph, node: rdflib.term.Node) -> list[rdflib.term.Node]:
    if isinstance(node, BNode):
        head = graph.value(node, OWL.unionOf)
        assert head is not None, "a blank-node domain or range must be an owl:unionOf"
        return list(Collection(graph, head))
    return [node]


def test_ontology_header(graph: rdflib.Graph) -> None:
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in graph
    assert graph.value(ONTOLOGY, OWL.versionInfo) == Literal("0.1.0")
    assert graph.value(ONTOLOGY, OWL.versionIRI) == URIRef("https://w3id.org/jxkg/ontology/0.1.0")


@pytest.mark.parametrize("kind", [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty])
def test_every_term_has_zh_and_en_labels_and_definitions(graph: rdflib.Graph, kind: URIRef) -> None:
    terms = jx_terms(graph, kind)
    assert terms
    for term in terms:
        for lang in ("zh", "en"):
            assert len(texts(graph, term, RDFS.label, lang)) == 1, f"{term}: one rdfs:label @{lang}"
            assert len(texts(graph, term, SKOS.definition, lang)) == 1, f"{term}: one skos:definition @{lang}"


def test_domains_and_ranges_are_declared_classes(graph: rdflib.Graph) -> None:
    classes = set(jx_terms(graph, OWL.Class))
    for prop in jx_terms(graph, OWL.ObjectProperty) + jx_terms(graph, OWL.DatatypeProperty):
        domains = list(graph.objects(prop, RDFS.domain))
        assert len(domains) == 1, f"{prop}: one rdfs:domain (a class or an owl:unionOf)"
        for member in members(graph, domains[0]):
            assert member in classes, f"{prop}: domain {member} is not a declared jx class"
    for prop in jx_terms(graph, OWL.ObjectProperty):
        ranges = list(graph.objects(prop, RDFS.range))
        assert len(ranges) == 1, f"{prop}: one rdfs:range"
        for member in members(graph, ranges[0]):
            assert member in classes, f"{prop}: range {member} is not a declared jx class"


def test_datatype_ranges_are_xsd_datatypes_or_lang_strings(graph: rdflib.Graph) -> None:
    xsd = rdflib.XSD  # not imported at module level: pytest's collection trips over its attribute lookups
    allowed = {xsd.string, xsd.integer, xsd.decimal, xsd.boolean, xsd.date, xsd.dateTime, RDF.langString}
    for prop in jx_terms(graph, OWL.DatatypeProperty):
        ranges = list(graph.objects(prop, RDFS.range))
        assert len(ranges) == 1 and ranges[0] in allowed, f"{prop}: range {ranges}"
    assert graph.value(JX.nameZh, RDFS.range) == RDF.langString
    assert graph.value(JX.nameEn, RDFS.range) == RDF.langString


def test_subclasses_are_declared_classes(graph: rdflib.Graph) -> None:
    classes = set(jx_terms(graph, OWL.Class))
    for cls in classes:
        for parent in graph.objects(cls, RDFS.subClassOf):
            if str(parent).startswith(str(JX)):
                assert parent in classes, f"{cls}: superclass {parent} is not declared"


def test_vocabulary_coverage(schema: GraphSchema) -> None:
    names = {t.name for t in schema.node_types}
    assert sorted(set(VOCAB_CLASSES) - names) == []
    assert {t.name for t in schema.node_types if t.abstract} == set(VOCAB_ABSTRACT)
    for name, labels in VOCAB_PARENTS.items():
        assert schema.labels_for(name) == labels
    assert {r.name: r.type for r in schema.relationships if r.name in VOCAB_RELATIONSHIPS} == VOCAB_RELATIONSHIPS
    assert sorted(set(VOCAB_PROPERTIES) - {p.name for p in schema.properties}) == []


def test_schema_annotations(graph: rdflib.Graph, schema: GraphSchema) -> None:
    assert graph.value(JX.Entity, JX.graphKey) == Literal("id")
    assert {p.name for p in schema.properties if p.indexed} == {
        "nameZh",
        "code",
        "creditCode",
        "status",
        "year",
        "factKinds",
    }
    full_text = {p.name for p in schema.properties if p.full_text}
    assert full_text == {"nameZh", "nameEn", "aliases", "nameBigrams", "quoteBigrams"}
    assert sorted(p.name for p in schema.properties if p.multi_valued) == [
        "aliases",
        "factKinds",
        "field",
        "neighbourCounts",
        "supportCounts",
    ]
    assert schema.property("aliases").datatype == "string"
    assert schema.property("nameBigrams").derived
    for name in ("id", "nameZh", "nameEn", "aliases", "nameBigrams", "source", "quote", "provenanceKind"):
        assert schema.property(name).domain == ("Entity",)


def test_enterprise_statuses_are_dated_recognitions_not_subclasses(schema: GraphSchema) -> None:
    assert not [t.name for t in schema.node_types if "Enterprise" in t.parents]
    assert schema.relationship("HAS_RECOGNITION").range == ("Recognition",)
    recognition = schema.node_type("Recognition")
    assert {"status", "grantedYear", "expiresYear"} <= set(recognition.properties)
    assert "HighTechEnterprise" in schema.property("status").allowed_values
    assert "three years" in recognition.definition


def test_alignments(graph: rdflib.Graph, schema: GraphSchema) -> None:
    assert (JX.IngestRun, RDFS.subClassOf, PROV.Activity) in graph
    assert (JX.Observation, RDFS.subClassOf, QB.Observation) in graph
    assert (JX.value, RDF.type, QB.MeasureProperty) in graph
    assert "http://www.w3.org/ns/org#Organization" in schema.node_type("Organization").alignments
    assert "https://schema.org/Place" in schema.node_type("Place").alignments
    assert "https://schema.org/Person" in schema.node_type("Person").alignments
    assert "http://www.w3.org/ns/prov#wasDerivedFrom" in schema.relationship("derivedFrom").alignments


def test_index_specs_of_the_real_ontology(schema: GraphSchema) -> None:
    specs = [(s.kind.value, s.label, s.properties) for s in schema.index_specs()]
    assert specs == [
        ("unique", "Entity", ("id",)),
        ("range", "Entity", ("code",)),
        ("range", "Entity", ("creditCode",)),
        ("range", "Entity", ("factKinds",)),
        ("range", "Entity", ("nameZh",)),
        ("range", "Entity", ("status",)),
        ("range", "Entity", ("year",)),
        ("fulltext", "Entity", ("aliases", "nameBigrams", "nameEn", "nameZh", "quoteBigrams")),
    ]
