"""Catalog parameters that name an entity, resolved by name in the library, on both engines: a near
miss runs and says to what it resolved; a name that matches nothing or several is an error listing the
nearest; an explicit empty value means every one where the question says so."""

from __future__ import annotations

import pytest

from jxkg.errors import ParameterError, UnresolvedNameError
from jxkg.queries import load_catalog, run_named
from jxkg.queries.resolve import MatchKind, Resolver
from jxkg.store import GraphStore

CATALOG = load_catalog()

# (question, parameter, as typed, the entity it names): the examples and a few more faces
NEAR_MISSES = [
    ("science-city-chain-support", "scienceCity", "赣州稀金", "science-city:赣州稀金科创城"),
    ("science-city-chain-support", "scienceCity", "鷹潭智慧科創城", "science-city:鹰潭智慧科创城"),
    (
        "entity-profile",
        "entity",
        "鄱阳湖自主创新示范区",
        "independent-innovation-demonstration-zone:鄱阳湖国家自主创新示范区",
    ),
    ("region-designations", "region", "赣州", "360700"),
    ("city-innovation-profile", "city", "赣州", "360700"),
    ("programme-hierarchy", "programme", "科技创新１３４５战略布局", "programme:科技创新1345战略布局"),
]


@pytest.fixture(scope="module")
def resolver(curated_store: GraphStore) -> Resolver:
    return Resolver(curated_store)


@pytest.mark.parametrize(("question", "parameter", "typed", "expected"), NEAR_MISSES)
def test_a_near_miss_runs_with_the_entity_it_names(
    curated_store: GraphStore, resolver: Resolver, question: str, parameter: str, typed: str, expected: str
) -> None:
    query = CATALOG.get(question)
    answer = run_named(curated_store, query, {parameter: typed}, resolver=resolver)
    resolved = answer.resolved[parameter]
    assert (resolved.given, resolved.id) == (typed, expected)
    assert answer.parameters[parameter] == expected
    # the same rows as asking by the id itself
    by_id = run_named(curated_store, query, {parameter: expected}, resolver=resolver)
    assert answer.rows == by_id.rows and answer.rows
    assert by_id.resolved[parameter].matched is MatchKind.EXACT_ID


def test_a_name_that_matches_nothing_is_an_error_not_an_empty_answer(
    curated_store: GraphStore, resolver: Resolver
) -> None:
    query = CATALOG.get("platforms-by-level-and-city")
    with pytest.raises(UnresolvedNameError) as raised:
        run_named(curated_store, query, {"city": "火星市"}, resolver=resolver)
    assert raised.value.parameter == "city" and raised.value.given == "火星市"
    assert "火星市" in str(raised.value) and "PrefectureCity" in str(raised.value)
    assert all(class_name == "PrefectureCity" for _, _, class_name, _ in raised.value.candidates)


def test_a_name_that_matches_several_lists_them(curated_store: GraphStore, resolver: Resolver) -> None:
    query = CATALOG.get("entity-profile")
    with pytest.raises(UnresolvedNameError) as raised:
        run_named(curated_store, query, {"entity": "国家重点实验室"}, resolver=resolver)
    assert len(raised.value.candidates) >= 3
    for id_, name, _, _ in raised.value.candidates:
        assert id_ in str(raised.value) and name in str(raised.value)


def test_bad_text_is_an_error_naming_the_parameter(curated_store: GraphStore, resolver: Resolver) -> None:
    with pytest.raises(ParameterError) as raised:
        run_named(curated_store, CATALOG.get("entity-profile"), {"entity": "赣州\x00"}, resolver=resolver)
    assert raised.value.parameter == "entity" and "U+0000" in str(raised.value)


def test_an_explicit_empty_value_means_every_one_where_the_question_says_so(
    curated_store: GraphStore, resolver: Resolver
) -> None:
    partners = CATALOG.get("cooperation-partners")  # default: 江西省's partners; empty: every link
    default = run_named(curated_store, partners, {}, resolver=resolver)
    every = run_named(curated_store, partners, {"party": ""}, resolver=resolver)
    assert every.parameters["party"] is None
    assert len(every.rows) > len(default.rows) > 0
    cities = CATALOG.get("platforms-by-level-and-city")  # default null: empty is the same as left out
    assert (
        run_named(curated_store, cities, {"city": " "}, resolver=resolver).rows
        == run_named(curated_store, cities, {}, resolver=resolver).rows
    )


def test_an_empty_value_where_it_means_nothing_is_refused(curated_store: GraphStore) -> None:
    with pytest.raises(ParameterError) as raised:
        run_named(curated_store, CATALOG.get("best-connected-organisations"), {"limit": ""})
    assert raised.value.parameter == "limit" and "may not be empty" in str(raised.value)


def test_every_entity_parameter_names_a_class_and_reads_null_as_every_one() -> None:
    from jxkg.ontology.schema import load_schema

    schema = load_schema()
    named = 0
    for query in CATALOG:
        for parameter in query.parameters:
            if parameter.entity_class is not None:
                schema.node_type(parameter.entity_class)  # a class of the ontology
                named += 1
            if not parameter.required and (parameter.default is None or parameter.empty_means_all):
                assert f"${parameter.name} IS NULL" in query.cypher, (query.name, parameter.name)
            if "empty for" in parameter.description:
                assert parameter.default is None or parameter.empty_means_all, (query.name, parameter.name)
    assert named >= 25
