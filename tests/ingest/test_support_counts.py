"""What each source document supports, kept on it by ingest (`jxkg.ingest.write.support`): equal to
the engine's own count after a load, a re-run, another source's load and a deletion, on both
engines; `source-document-support` answers from it as the live count did; a document without them is
found by the audit, answered honestly (null, not zero) and mended by the next run."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from jxkg.export.audit import audit_kept_counts, render_kept_counts_text
from jxkg.ingest.pipeline import load_curated, run_ingest
from jxkg.ingest.read.curated import default_curated_dir, read_curated
from jxkg.ingest.write.support import audit_support
from jxkg.ontology.conventions import SUPPORT_COUNTS
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.queries import load_catalog, run_named
from jxkg.store import GraphStore

SMALL = Path(__file__).parent / "fixtures" / "small"
SEED = "000_d24e6e608ec2dcda.txt"

# The question's text before the counts were kept: the engine counts every node and relationship
# whose source is one of the document's sections. The kept counts must answer what it answers.
LIVE = """
MATCH (doc:SourceDocument)
WITH doc, doc.fileName + '#' AS prefix
OPTIONAL MATCH (n:Entity)
WHERE n.source STARTS WITH prefix
WITH doc, prefix, n.provenanceKind AS kind, labels(n) AS labels, count(n) AS total
WITH doc, prefix, collect(CASE WHEN total = 0 THEN NULL ELSE [labels, kind, total] END) AS nodes
OPTIONAL MATCH (:Entity)-[r]->(:Entity)
WHERE r.source STARTS WITH prefix
WITH doc, nodes, type(r) AS type, r.provenanceKind AS kind, count(r) AS total
RETURN doc.fileName AS file, nodes,
       collect(CASE WHEN total = 0 THEN NULL ELSE [type, kind, total] END) AS relationships
"""


@pytest.fixture(scope="module")
def schema() -> GraphSchema:
    return load_schema()


def _live(store: GraphStore, schema: GraphSchema) -> dict[str, dict[tuple[str, str, str | None], int]]:
    """Each document's facts by (node | relationship, class or type, kind), as the engine counts them."""
    counted: dict[str, dict[tuple[str, str, str | None], int]] = {}
    for row in store.read(LIVE):
        tally = counted.setdefault(str(row["file"]), {})
        for labels, kind, total in row["nodes"]:
            node_type = schema.most_specific_type(labels)
            key = ("node", node_type.name if node_type else "Entity", kind)
            tally[key] = tally.get(key, 0) + int(total)
        for rel_type, kind, total in row["relationships"]:
            tally[("relationship", rel_type, kind)] = int(total)
    return counted


def _answered(store: GraphStore) -> dict[str, dict[tuple[str, str, str | None], int]]:
    """The same, as `source-document-support` answers it."""
    question = next(q for q in load_catalog() if q.name == "source-document-support")
    answered: dict[str, dict[tuple[str, str, str | None], int]] = {}
    for row in run_named(store, question, {}).rows:
        tally = answered.setdefault(str(row["fileName"]), {})
        for item in row["nodes"]:
            tally[("node", item["class"], item["provenanceKind"])] = item["count"]
        for item in row["relationships"]:
            tally[("relationship", item["type"], item["provenanceKind"])] = item["count"]
        assert row["nodeCount"] == sum(item["count"] for item in row["nodes"])
        assert row["relationshipCount"] == sum(item["count"] for item in row["relationships"])
    return answered


def _agree(store: GraphStore, schema: GraphSchema) -> dict[str, dict[tuple[str, str, str | None], int]]:
    assert audit_support(store, schema) == []
    live = _live(store, schema)
    assert _answered(store) == live
    return live


def test_the_kept_counts_answer_as_the_engine_counts_after_a_load_and_a_rerun(
    store: GraphStore, schema: GraphSchema
) -> None:
    load_curated(store, default_curated_dir())
    live = _agree(store, schema)
    assert sum(live[SEED].values()) > 100  # the seed document supports much of the curated graph
    assert any(what == "relationship" and kind == "curated" for what, _, kind in live[SEED])
    load_curated(store, default_curated_dir())
    assert _live(store, schema) == live
    _agree(store, schema)


def test_another_source_and_a_deletion_are_counted(store: GraphStore, schema: GraphSchema, tmp_path: Path) -> None:
    load_curated(store, default_curated_dir())
    before = _agree(store, schema)[SEED]
    folder = tmp_path / "truth"
    shutil.copytree(SMALL, folder)
    run_ingest(read_curated(folder, schema), store, schema, tmp_path)  # its rows cite the seed document
    after = _agree(store, schema)[SEED]
    assert after != before

    cities = folder / "nodes" / "ScienceCity.csv"
    lines = cities.read_text(encoding="utf-8").splitlines()
    cities.write_text("\n".join(line for line in lines if "南昌航空" not in line) + "\n", encoding="utf-8")
    outcome = run_ingest(read_curated(folder, schema), store, schema, tmp_path, delete_missing=True)
    # the small source is the whole truth for science cities: the curated ones it does not list go too
    assert outcome.load.nodes["ScienceCity"].deleted >= 1
    deleted = _agree(store, schema)[SEED]
    key = ("node", "ScienceCity", "documented")
    assert deleted.get(key, 0) < after[key]


def test_a_document_without_counts_is_answered_as_not_counted_found_and_mended(
    curated_copy: GraphStore, schema: GraphSchema
) -> None:
    curated_copy.write(f"MATCH (d:SourceDocument {{fileName: '{SEED}'}}) REMOVE d.{SUPPORT_COUNTS}")
    question = next(q for q in load_catalog() if q.name == "source-document-support")
    (row,) = run_named(curated_copy, question, {"document": SEED}).rows
    assert (row["nodeCount"], row["nodes"], row["relationshipCount"], row["relationships"]) == (None,) * 4

    audit = audit_kept_counts(curated_copy, schema)
    assert [(d.file, d.kept) for d in audit.documents] == [(SEED, None)]
    assert f"  {SEED}: kept nothing" in render_kept_counts_text(audit)
    as_dict: dict[str, Any] = audit.as_dict()
    assert as_dict["documents"][0]["fileName"] == SEED and as_dict["documents"][0]["kept"] is None

    load_curated(curated_copy, default_curated_dir())  # changes nothing of the data, mends the counts
    _agree(curated_copy, schema)

    curated_copy.write(f"MATCH (d:SourceDocument {{fileName: '{SEED}'}}) SET d.{SUPPORT_COUNTS} = ['node|X||1']")
    assert audit_kept_counts(curated_copy, schema, repair=True).documents[0].kept == ("node|X||1",)
    _agree(curated_copy, schema)
