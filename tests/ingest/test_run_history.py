"""The ingest history on both engines: each run says who started it, which files it read, and which
entities it created and which it changed in place; `list_runs` and `run_detail` read them back."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from jxkg.errors import NotFoundError, ParameterError
from jxkg.ingest.pipeline import run_ingest
from jxkg.ingest.read.curated import read_curated
from jxkg.ingest.runs.history import list_runs, local_user, run_detail, start_run
from jxkg.ontology.conventions import run_node_id
from jxkg.ontology.schema import load_schema
from jxkg.store import GraphStore

SMALL = Path(__file__).parent / "fixtures" / "small"


def test_a_run_records_who_which_files_and_what_it_created_or_changed(store: GraphStore, tmp_path: Path) -> None:
    schema = load_schema()
    first = run_ingest(read_curated(SMALL, schema), store, schema, tmp_path, started_by="赣州市科技局", files=["a.csv"])
    read = read_curated(SMALL, schema)
    city = next(n for n in read.nodes if n.id == "science-city:赣州稀金科创城")
    read.nodes[read.nodes.index(city)] = dataclasses.replace(city, properties={**city.properties, "nameEn": "Changed"})
    second = run_ingest(read, store, schema, tmp_path)

    page = list_runs(store)
    assert page.total == 2 and [r.run_id for r in page.runs] == [second.load.run_id, first.load.run_id]
    newest, oldest = page.runs
    assert oldest.started_by == "赣州市科技局" and oldest.files == ["a.csv"]
    assert newest.started_by == local_user() and newest.files  # the records' files by default
    assert newest.counts is not None and newest.counts.updated == 1 and newest.counts.created == 0
    assert list_runs(store, limit=1, offset=1).runs == [oldest]

    created = run_detail(store, schema, first.load.run_id)
    assert created.changes_recorded and created.finished
    by_type = {g.type: g for g in created.changes}
    assert by_type["ScienceCity"].created == len([n for n in read.nodes if n.class_name == "ScienceCity"])
    assert by_type["ScienceCity"].updated == 0
    changed = run_detail(store, schema, second.load.run_id)
    assert [(g.type, [(e.id, e.change) for e in g.entities]) for g in changed.changes] == [
        ("ScienceCity", [("science-city:赣州稀金科创城", "updated")])
    ]
    limited = run_detail(store, schema, first.load.run_id, limit=1)
    assert limited.truncated and all(len(g.entities) <= 1 for g in limited.changes)
    with pytest.raises(NotFoundError, match="run-nope"):
        run_detail(store, schema, "run-nope")


def test_a_run_that_did_not_finish_lists_what_it_wrote(store: GraphStore, tmp_path: Path) -> None:
    schema = load_schema()
    outcome = run_ingest(read_curated(SMALL, schema), store, schema, tmp_path)
    run_id = outcome.load.run_id
    store.write(  # as a run killed before its end leaves its record
        "MATCH (r:Entity {id: $id}) REMOVE r.finishedAt, r.createdEntityIds, r.updatedEntityIds",
        {"id": run_node_id(run_id)},
    )
    detail = run_detail(store, schema, run_id)
    assert not detail.finished and not detail.changes_recorded and detail.counts is None
    written = {e.id for g in detail.changes for e in g.entities}
    assert written == {n.id for n in read_curated(SMALL, schema).nodes}
    assert {e.change for g in detail.changes for e in g.entities} == {"written"}


def test_the_history_pages_by_cursor_and_refuses_a_cursor_with_an_offset(store: GraphStore) -> None:
    schema = load_schema()
    for n in range(3):
        start_run(store, schema, f"run-20260102T00000{n}-00000{n}", started_by="tests")
    first = list_runs(store, limit=2)
    assert first.total == 3 and first.offset == 0 and first.next_cursor is not None
    last = list_runs(store, limit=2, cursor=first.next_cursor)
    assert [r.run_id for r in first.runs + last.runs] == [f"run-20260102T00000{n}-00000{n}" for n in (2, 1, 0)]
    assert last.offset == 2 and last.next_cursor is None
    with pytest.raises(ParameterError) as both:
        list_runs(store, limit=2, offset=2, cursor=first.next_cursor)
    assert both.value.parameter == "cursor" and both.value.message_zh
