"""Rows and records counted one way (issue 25 item 5): one upload with a known mix says the same
numbers in its report (POST /validate), its job and the ingest history; the history names files by
name only, never by a server path."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jxkg.ingest.runs.history import finish_run, start_run
from jxkg.ontology.schema import load_schema
from jxkg.store.falkordb_engine import FalkorDBStore
from tests.api.steward_support import BAD_ROWS, MIXED_ROWS, csv_bytes, steward_client, upload
from tests.conftest import CuratedGraphs


@pytest.fixture
def curated(curated_graphs: CuratedGraphs) -> Iterator[FalkorDBStore]:
    with curated_graphs.falkordb() as store:
        yield store


@pytest.fixture
def client(curated: FalkorDBStore, tmp_path: Path) -> Iterator[TestClient]:
    with steward_client(curated, tmp_path / "data") as client:
        yield client


def finished(client: TestClient, job_id: str, timeout_s: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        job: dict[str, Any] = client.get(f"/api/v1/ingest/{job_id}").json()
        if job["state"] in {"succeeded", "failed", "interrupted"}:
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.05)


def test_report_job_and_history_count_rows_and_records_alike(client: TestClient) -> None:
    data = csv_bytes(MIXED_ROWS)
    report = upload(client, "/api/v1/validate", "平台名录.csv", data).json()
    job = finished(client, upload(client, "/api/v1/ingest", "平台名录.csv", data).json()["id"])
    assert job["state"] == "succeeded", job
    (run,) = [r for r in client.get("/api/v1/runs").json()["runs"] if r["runId"] == job["runId"]]

    # rows: those of the file, and those a Violation is about (the quarantine file's)
    assert report["rowsRead"] == job["progress"]["rowsRead"] == len(MIXED_ROWS)
    assert report["rejectedRows"] == job["rejectedRows"] == len(BAD_ROWS)
    # records: the entities and relationships the rows made; the mix rejects some on reading (a bad
    # year, an unknown city) and some at the gate (a year the shapes refuse)
    made = report["records"]["entities"] + report["records"]["relationships"]
    passed = report["passed"]["entities"] + report["passed"]["relationships"]
    assert report["recordsRejected"] == job["counts"]["rejected"] == run["counts"]["rejected"]
    assert report["recordsRejected"] > made - passed > 0  # the reading's rejections are counted too
    assert job["counts"] == run["counts"]
    job_report = client.get(f"/api/v1/ingest/{job['id']}/report").json()
    assert job_report["recordsRejected"] == job_report["totals"]["rejected"] == job["counts"]["rejected"]


def test_the_history_names_files_without_the_servers_folders(client: TestClient, curated: FalkorDBStore) -> None:
    folder = "/srv/jxkg/data/curated/nodes"
    start_run(curated, load_schema(), "run-20260101T000000-abcdef", files=[f"{folder}/平台.csv", f"{folder}/城市.csv"])
    finish_run(curated, "run-20260101T000000-abcdef", {"read": 2, "created": 2}, None)
    listed = client.get("/api/v1/runs", params={"limit": 500}).json()
    (run,) = [r for r in listed["runs"] if r["runId"] == "run-20260101T000000-abcdef"]
    assert run["files"] == ["平台.csv", "城市.csv"]
    detail = client.get("/api/v1/runs/run-20260101T000000-abcdef")
    assert detail.json()["files"] == ["平台.csv", "城市.csv"]
    for answer in (client.get("/api/v1/runs", params={"limit": 500}), detail):
        assert "/srv/" not in answer.text
    assert all("/" not in name for r in listed["runs"] for name in r["files"])  # the curated load's too
