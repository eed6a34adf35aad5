"""The conventions module names what the ontology declares: its names are the ontology's own."""

from __future__ import annotations

import re

from jxkg.ontology import conventions as c
from jxkg.ontology.schema import load_schema


def test_the_bookkeeping_names_are_the_ontologys_bookkeeping_properties() -> None:
    assert load_schema().bookkeeping == {
        c.CONTENT_HASH,
        c.INGEST_RUN,
        c.INGESTED_AT,
        c.NAME_BIGRAMS,
        c.QUOTE_BIGRAMS,
        c.DEGREE,
        c.NEIGHBOUR_COUNTS,
        c.SUPPORT_COUNTS,
        c.FACT_KINDS,
    }


def test_the_provenance_names_are_properties_and_the_kinds_its_allowed_values() -> None:
    schema = load_schema()
    for name in (c.SOURCE, c.QUOTE, c.NOTE, c.SOURCE_ROW, c.PROVENANCE_KIND, c.DERIVED_BY, c.SYNTHETIC, c.RUN_ID):
        assert schema.property(name).name == name
    kinds = {c.DOCUMENTED, c.CURATED, c.REFERENCE, c.SYNTHETIC, c.INFERRED}
    assert set(schema.property(c.PROVENANCE_KIND).allowed_values) == kinds
    assert schema.node_type(c.RUN_CLASS).name == c.RUN_CLASS


def test_a_relationship_id_is_its_key_and_the_source_of_a_documented_claim() -> None:
    documented = {c.PROVENANCE_KIND: c.DOCUMENTED, c.SOURCE: "plan.txt#第二章"}
    assert c.relationship_id("a", "LOCATED_IN", "b", documented) == "a-[LOCATED_IN]->b#plan.txt#第二章"
    assert c.relationship_id("a", "LOCATED_IN", "b", {c.PROVENANCE_KIND: c.CURATED, c.SOURCE: "x"}) == (
        c.relationship_key("a", "LOCATED_IN", "b")
    )
    assert c.relationship_id("a", "LOCATED_IN", "b", {c.PROVENANCE_KIND: c.DOCUMENTED}) == "a-[LOCATED_IN]->b"


def test_entity_ids_and_iris() -> None:
    assert c.named_entity_id("ScienceCity", "赣州稀金科创城") == "science-city:赣州稀金科创城"
    iri = c.entity_iri("science-city:赣州 稀金")
    assert str(iri) == "https://w3id.org/jxkg/id/science-city:%E8%B5%A3%E5%B7%9E%20%E7%A8%80%E9%87%91"
    assert c.entity_id(iri) == "science-city:赣州 稀金"
    assert c.entity_id(c.JXS["x"]) is None


def test_run_ids_and_times() -> None:
    run_id = c.new_run_id()
    assert re.fullmatch(r"run-\d{8}T\d{6}-[0-9a-f]{6}", run_id)
    assert c.run_node_id(run_id) == f"ingest-run:{run_id}"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", c.now_text())
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}", c.now_text("milliseconds"))
