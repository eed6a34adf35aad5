"""The reconciliation library on the curated graph, both engines: batches through the one resolver,
`match` only when the resolver is confident, properties breaking ties, suggest, previews, bad batches."""

from __future__ import annotations

import json
import re

import pytest

from jxkg.errors import NotFoundError, ParameterError, UnknownNameError
from jxkg.ontology.schema import load_schema
from jxkg.queries.reconcile import MAX_BATCH, PROPERTY_PENALTY, Reconciler, manifest, parse_batch, preview_html, suggest
from jxkg.queries.resolve import Resolver
from jxkg.store import GraphStore

SCIENCE_CITIES = {"query": "科创城", "type": "ScienceCity", "limit": 20}


def _first(store: GraphStore, query: dict[str, object]) -> list[tuple[str, float, bool]]:
    result = Reconciler(store).reconcile(parse_batch(json.dumps({"q": query})))["q"].result
    return [(c.id, c.score, c.match) for c in result]


def test_match_is_the_resolver_s_confidence(curated_store: GraphStore) -> None:
    resolver = Resolver(curated_store)
    texts = ["赣州稀金", "南昌大学", "国家重点实验室", "火星市", "360700", "ganzhou xijin"]
    batch = {f"q{i}": {"query": text} for i, text in enumerate(texts)}
    answers = Reconciler(curated_store, resolver=resolver).reconcile(parse_batch(json.dumps(batch)))
    for i, text in enumerate(texts):
        result = answers[f"q{i}"].result
        resolution = resolver.resolve(text)
        assert [c.id for c in result] == [c.id for c in resolution.candidates]
        assert [c.match for c in result] == [resolution.confident and n == 0 for n in range(len(result))], text
    assert answers["q0"].result[0].match and answers["q0"].result[0].id == "science-city:赣州稀金科创城"
    assert not any(c.match for c in answers["q3"].result)


def test_a_property_breaks_a_tie_between_equally_named_candidates(curated_store: GraphStore) -> None:
    plain = _first(curated_store, SCIENCE_CITIES)
    tied = [entity for entity, score, _ in plain if score == plain[0][1]]
    assert "science-city:吉安光电科创城" in tied and tied[0] != "science-city:吉安光电科创城"
    for value in ("吉安", "吉安市", {"id": "360800"}):
        ranked = _first(curated_store, {**SCIENCE_CITIES, "properties": [{"pid": "LOCATED_IN", "v": value}]})
        assert ranked[0][0] == "science-city:吉安光电科创城", value
        assert ranked[0][1] == plain[0][1] and ranked[1][1] == plain[0][1] - PROPERTY_PENALTY
    english = {"pid": "nameEn", "v": "Ji'an Optoelectronics Science City"}
    assert _first(curated_store, {**SCIENCE_CITIES, "properties": [english]})[0][0] == "science-city:吉安光电科创城"


def test_properties_keep_a_confident_match_only_when_they_agree(curated_store: GraphStore) -> None:
    agreeing = _first(curated_store, {"query": "赣州稀金", "properties": [{"pid": "locatedIn", "v": "赣州市"}]})
    assert agreeing[0] == ("science-city:赣州稀金科创城", 100.0, True)
    disagreeing = _first(curated_store, {"query": "赣州稀金", "properties": [{"pid": "LOCATED_IN", "v": "南昌"}]})
    assert disagreeing[0][0] == "science-city:赣州稀金科创城" and not disagreeing[0][2]


def test_several_types_are_merged(curated_store: GraphStore) -> None:
    ranked = _first(curated_store, {"query": "南昌", "type": ["PrefectureCity", "ScienceCity"], "limit": 5})
    assert ranked[0][0] == "360100" and ranked[0][2]


@pytest.mark.parametrize(
    ("text", "error", "says"),
    [
        ("{", ParameterError, "not valid JSON"),
        ("[]", ParameterError, "JSON object"),
        ('{"q0": "赣州"}', ParameterError, "must be a JSON object"),
        ('{"q0": {"query": ""}}', ParameterError, "no query text"),
        ('{"q0": {"query": "赣州\\u0000"}}', ParameterError, "U+0000"),
        ('{"q0": {"query": "' + "赣" * 201 + '"}}', ParameterError, "200"),
        ('{"q0": {"query": "赣州", "limit": 0}}', ParameterError, "limit"),
        ('{"q0": {"query": "赣州", "limit": "x"}}', ParameterError, "limit"),
        ('{"q0": {"query": "赣州", "type": "ScienceCty"}}', UnknownNameError, "ScienceCity"),
        ('{"q0": {"query": "赣州", "type": "IngestRun"}}', UnknownNameError, "IngestRun"),
        ('{"q0": {"query": "赣州", "properties": [{"pid": "LOCATED", "v": "x"}]}}', UnknownNameError, "LOCATED_IN"),
    ],
)
def test_a_bad_batch_is_refused_saying_why(curated_store: GraphStore, text: str, error: type, says: str) -> None:
    with pytest.raises(error, match=re.escape(says)):
        Reconciler(curated_store).reconcile(parse_batch(text))


def test_a_batch_over_the_bound_is_refused(curated_store: GraphStore) -> None:
    batch = parse_batch(json.dumps({f"q{i}": {"query": "赣州"} for i in range(MAX_BATCH + 1)}))
    with pytest.raises(ParameterError, match=str(MAX_BATCH)):
        Reconciler(curated_store).reconcile(batch)


def test_suggest_entities_types_and_properties(curated_store: GraphStore) -> None:
    schema = load_schema()
    assert suggest.entities(curated_store, schema, "360700").result[0].id == "360700"
    found = suggest.entities(curated_store, schema, "赣州稀金", type_id="ScienceCity").result
    assert [item.id for item in found] == ["science-city:赣州稀金科创城"]
    assert found[0].notable is not None and found[0].notable[0].id == "ScienceCity"
    page = suggest.entities(curated_store, schema, "南昌", limit=2, cursor=1).result
    assert len(page) == 2
    assert suggest.types(schema, "科创").result[-1].id == "ScienceCity"
    assert "ScienceCity" in [t.id for t in suggest.types(schema, "science").result]
    assert suggest.properties(schema, "located").result[0].id == "LOCATED_IN"
    assert "nameEn" in [p.id for p in suggest.properties(schema, "英文").result]
    with pytest.raises(ParameterError, match="prefix"):
        suggest.entities(curated_store, schema, "  ")


def test_a_preview_names_the_entity_escaped(curated_store: GraphStore) -> None:
    html = preview_html(curated_store, load_schema(), "science-city:赣州稀金科创城")
    for part in ("赣州稀金科创城", "科创城 (Science city)", "Ganzhou Rare Metals Science City", "赣州市"):
        assert part in html
    html = preview_html(curated_store, load_schema(), "360800")
    assert "Ji&#x27;an" in html and "Ji'an" not in html  # escaped
    with pytest.raises(NotFoundError):
        preview_html(curated_store, load_schema(), "<script>")


def test_the_manifest_comes_from_the_ontology() -> None:
    document = manifest("https://kg.example.org/api/v1/reconcile", "https://kg.example.org/")
    assert document.identifierSpace == "https://w3id.org/jxkg/id/"
    assert document.schemaSpace == "https://w3id.org/jxkg/ontology#"
    types = {t.id: t.name for t in document.defaultTypes}
    assert types["ScienceCity"] == "科创城 (Science city)" and "IngestRun" not in types and "Place" not in types
    assert document.view is not None and document.view.url == "https://kg.example.org/?n={{id}}&sel={{id}}"
    assert document.preview is not None and document.preview.url.endswith("/reconcile/preview?id={{id}}")
    assert document.authentication is None
