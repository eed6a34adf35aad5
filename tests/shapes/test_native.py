"""The native SHACL engine gives exactly pySHACL's results: the same ResultRecords (focus, path, value,
shape, component, severity, messages, source file and row) on the constraint fixtures, the curated
data, the bad-input corpus, a generated province with bad rows and random data made to trip every
rule; and a TripleIndex filled from records holds exactly the triples of the rdflib Graph."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.term import Node

from jxkg.ingest.gate.to_rdf import records_to_graph, records_to_index
from jxkg.ingest.pipeline import drop_duplicates
from jxkg.ingest.read.curated import read_curated
from jxkg.ingest.read.sources import read_sources
from jxkg.ingest.records import ReadResult
from jxkg.ontology.schema import load_schema
from jxkg.settings import ShaclEngineName
from jxkg.shapes.pyshacl_run import normalized, working_copy
from jxkg.shapes.results import ResultRecord
from jxkg.shapes.triples import TripleIndex
from jxkg.shapes.validate import compiled_shapes, validate, validate_triples
from jxkg.synthetic.province import generate
from tests.ingest.test_bad_input_corpus import write_corpus
from tests.shapes.random_graph import random_graph

CASES = Path(__file__).parent / "cases"
CASE_FILES = sorted(CASES.glob("*.ttl"))
CURATED = Path(__file__).resolve().parents[2] / "data" / "curated"
NATIVE, PYSHACL = ShaclEngineName.NATIVE, ShaclEngineName.PYSHACL


@pytest.fixture(autouse=True)
def _quiet_rdflib() -> Iterator[None]:
    """rdflib logs every ill-typed literal the random data holds (on purpose)."""
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


def assert_same(reference: set[ResultRecord], native: set[ResultRecord]) -> None:
    missing = sorted(reference - native, key=ResultRecord.sort_key)
    extra = sorted(native - reference, key=ResultRecord.sort_key)
    assert not missing and not extra, f"pySHACL only: {missing[:5]}\nnative only: {extra[:5]}"


def assert_engines_agree(graph: rdflib.Graph, **options: object) -> set[ResultRecord]:
    reference = validate(graph, engine=PYSHACL, **options)  # type: ignore[arg-type]
    native = validate(graph, engine=NATIVE, **options)  # type: ignore[arg-type]
    assert_same(set(reference.results), set(native.results))
    assert native.entities == reference.entities
    return set(reference.results)


def assert_records_agree(read: ReadResult) -> set[ResultRecord]:
    """pySHACL on the records' Graph, and the native engine on it and on the records' TripleIndex."""
    schema = load_schema()
    graph, _ = records_to_graph(read.nodes, read.edges, schema)
    reference = assert_engines_agree(graph)
    assert_same(reference, set(validate_triples(records_to_index(read.nodes, read.edges, schema)).results))
    return reference


def test_every_packaged_shape_is_compiled() -> None:
    """No packaged shape falls back to pySHACL (correct, but slow): a new SHACL feature in the shapes
    needs the native engine to learn it (jxkg/shapes/native/compile.py)."""
    compiled = compiled_shapes()
    assert compiled.fallback == (), compiled.reasons
    assert len(compiled.native) > 220  # shapes with targets; the others are compiled where reached


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.name.removesuffix(".ttl") for p in CASE_FILES])
def test_each_constraint_fixture(path: Path) -> None:
    assert_engines_agree(rdflib.Graph().parse(path, format="turtle"))


def test_the_fixtures_together_on_some_focus_nodes() -> None:
    graph = rdflib.Graph()
    for path in CASE_FILES:
        graph.parse(path, format="turtle")
    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef)}, key=str)
    assert assert_engines_agree(graph, focus_nodes=[str(s) for s in subjects[::3]])


def test_the_curated_data() -> None:
    reference = assert_records_agree(read_curated(CURATED, load_schema()))
    assert len(reference) > 50


def test_a_generated_province_with_bad_rows(tmp_path: Path) -> None:
    # as `jxkg generate --scale 0.005 --seed 3 --bad-fraction 0.05`
    generate(tmp_path, scale=0.005, seed=3, curated=CURATED, bad_fraction=0.05)
    read = drop_duplicates(read_curated(tmp_path, load_schema()))
    reference = assert_records_agree(read)
    components = {r.component.rsplit("#", 1)[-1] for r in reference}
    assert {"PatternConstraintComponent", "ClassConstraintComponent", "MaxInclusiveConstraintComponent"} <= components


def test_the_bad_input_corpus(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    read = drop_duplicates(read_sources([CURATED, corpus], schema=load_schema(), curated=CURATED))
    reference = assert_records_agree(read)
    assert {"-5", "3021", "91360700MA1234567I"} <= {r.value for r in reference}  # rows of the corpus


@pytest.mark.parametrize("seed", range(4))
def test_random_data_that_trips_every_rule(seed: int) -> None:
    graph = random_graph(seed)
    reference = assert_engines_agree(graph)
    assert len({r.component for r in reference}) >= 12
    subjects = sorted({s for s in graph.subjects() if isinstance(s, URIRef)}, key=str)
    assert_engines_agree(graph, focus_nodes=subjects[seed % 4 :: 4])


@pytest.mark.parametrize(
    ("granted", "error"),
    [(rdflib.BNode(), "lessThanOrEquals"), (Literal("abc", datatype=rdflib.XSD.integer), "not supported")],
    ids=["a blank node", "an ill-typed year"],
)
def test_both_engines_stop_where_pyshacl_cannot_compare(granted: Node, error: str) -> None:
    """sh:lessThanOrEquals: pySHACL refuses a blank node, and rdflib cannot order an ill-typed literal
    (a TypeError); the native engine stops on the same, with the same message."""
    graph = rdflib.Graph()
    node = URIRef("https://w3id.org/jxkg/id/r")
    graph.add((node, rdflib.RDF.type, URIRef("https://w3id.org/jxkg/ontology#Recognition")))
    graph.add((node, URIRef("https://w3id.org/jxkg/ontology#grantedYear"), granted))
    graph.add((node, URIRef("https://w3id.org/jxkg/ontology#expiresYear"), Literal(2020)))
    messages = []
    for engine in (PYSHACL, NATIVE):
        with pytest.raises(Exception) as caught:
            validate(graph, engine=engine)
        messages.append(f"{type(caught.value).__name__}: {caught.value}")
    assert messages[0] == messages[1]
    assert error in messages[0]


# --- the data both engines read ------------------------------------------------------------------


def _triples(triples: Iterator[tuple[Node, Node, Node]]) -> set[tuple[Node, Node, Node, object]]:
    """Triples with the Python type of each literal's value: the same terms must also read the same."""
    return {(s, p, o, type(o.value) if isinstance(o, Literal) else None) for s, p, o in triples}


def test_records_give_the_same_triples_in_an_index_as_in_a_normalized_graph(tmp_path: Path) -> None:
    schema = load_schema()
    generate(tmp_path, scale=0.003, seed=5, curated=CURATED, bad_fraction=0.1)
    for read in (read_curated(CURATED, schema), read_curated(tmp_path, schema)):
        graph, _ = records_to_graph(read.nodes, read.edges, schema)
        index = records_to_index(read.nodes, read.edges, schema)
        assert _triples(index.triples()) == _triples(normalized(graph).triples((None, None, None)))
        assert len(index) == len(graph)


@pytest.mark.parametrize("seed", range(3))
def test_an_index_of_a_graph_holds_the_working_copy_pyshacl_validates(seed: int) -> None:
    graph = random_graph(seed)
    graph.add(
        (
            URIRef("https://w3id.org/jxkg/id/x"),
            URIRef("https://w3id.org/jxkg/ontology#note"),
            Literal("s", datatype=rdflib.XSD.string),
        )
    )
    expected = _triples(working_copy(graph).triples((None, None, None)))
    assert _triples(TripleIndex.from_graph(graph).triples()) == expected
