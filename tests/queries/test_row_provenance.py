"""A fact's provenance in a question's rows is the structure nodes and edges carry (issue 29, item 4):
every catalog question, run with its documented example, states provenance only as such structures,
each citing the document and passage its source and quote name (checked against the curated files);
and the walk and the CSV cell, on hand-made rows."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from jxkg.queries import load_catalog, run_named
from jxkg.queries.row_provenance import cited_rows, is_provenance_name
from jxkg.queries.tabular import flat_text
from jxkg.store import GraphStore
from tests.queries.test_citations import DOCUMENTS, PASSAGES

CATALOG = load_catalog()
LOOSE = {"provenanceKind", "quote", "source", "note"}  # a provenance's parts, never loose in a row
STRUCTURE = {
    "kind",
    "source",
    "document",
    "section",
    "passageId",
    "quote",
    "note",
    "sourceRow",
    "ingestRun",
    "synthetic",
}


def _values(value: Any, key: str | None = None) -> Iterator[tuple[str | None, Any]]:
    """Every (key, value) in a row's value, not looking inside provenance structures."""
    yield key, value
    if is_provenance_name(key) and isinstance(value, dict):
        return
    if isinstance(value, list):
        for item in value:
            yield from _values(item, key)
    elif isinstance(value, dict) and not {"labels", "properties"} <= value.keys():
        for name, item in value.items():
            yield from _values(item, name)


def _check_cited(provenance: dict[str, Any]) -> None:
    assert set(provenance) == STRUCTURE, provenance
    source = provenance["source"]
    file = source.partition("#")[0] if source else None
    if file in DOCUMENTS:
        assert provenance["document"]["id"] == DOCUMENTS[file]["id"]
    else:
        assert provenance["document"] is None
    if provenance["passageId"] is not None:
        passage = PASSAGES[provenance["passageId"]]
        assert passage["source"] == source and provenance["quote"] in passage["quote"]


@pytest.mark.parametrize("name", CATALOG.names())
def test_every_question_states_provenance_as_the_structure(curated_store: GraphStore, name: str) -> None:
    query = CATALOG.get(name)
    answer = run_named(curated_store, query, query.example)
    for row in answer.rows:
        for column in answer.columns:
            for key, value in _values(row[column], column):
                if is_provenance_name(key) and isinstance(value, dict) and "kind" in value:
                    _check_cited(value)
                elif isinstance(value, dict) and "count" not in value:  # a count by kind is a count
                    assert not LOOSE & set(value), (name, key, sorted(LOOSE & set(value)))
        assert not LOOSE & set(answer.columns), (name, answer.columns)


def test_the_walk_structures_stored_maps_and_leaves_counts_and_other_keys(curated_store: GraphStore) -> None:
    stored = {"kind": "curated", "source": "general knowledge", "quote": None, "note": "known"}
    rows = [
        {
            "provenance": stored,
            "chainPathProvenance": [stored, {**stored, "kind": "not-a-kind"}],
            "supportersByProvenance": [{"provenance": "documented", "count": 3}],
            "items": [{"provenance": stored, "source": "kept: not under a provenance name"}],
        }
    ]
    (row,) = cited_rows(curated_store, list(rows[0]), rows)
    assert row["provenance"]["kind"] == "curated" and row["provenance"]["note"] == "known"
    assert row["provenance"]["document"] is None and row["provenance"]["passageId"] is None
    assert [p["kind"] for p in row["chainPathProvenance"]] == ["curated", None]  # an unknown kind is none
    assert row["supportersByProvenance"] == [{"provenance": "documented", "count": 3}]
    assert row["items"][0]["provenance"]["kind"] == "curated"
    assert row["items"][0]["source"] == "kept: not under a provenance name"


def test_a_provenance_in_a_csv_cell_names_the_document_not_the_file() -> None:
    provenance = {
        "kind": "documented",
        "source": "000_d24e6e608ec2dcda.txt#第二章 第二节",
        "document": {
            "id": "d",
            "titleZh": "江西省“十四五”科技创新规划",
            "titleEn": None,
            "number": "赣府发〔2021〕22号",
            "date": None,
        },
        "section": "第二章 第二节",
        "passageId": "passage:x",
        "quote": "六大科创城",
        "note": None,
        "sourceRow": None,
        "ingestRun": None,
        "synthetic": False,
    }
    assert (
        flat_text(provenance)
        == "documented: 江西省“十四五”科技创新规划 (赣府发〔2021〕22号) 第二章 第二节 「六大科创城」"
    )
    reference = {
        **provenance,
        "source": "GB/T 2260",
        "document": None,
        "section": None,
        "quote": None,
        "kind": "reference",
    }
    assert flat_text(reference) == "reference: GB/T 2260"
