"""`jxkg runs list|show` print the same history and details as `GET /api/v1/runs` (one library function)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jxkg.store.falkordb_engine import FalkorDBStore
from tests.api.steward_support import MIXED_ROWS, STEWARD_NAME, csv_bytes, steward_client, upload
from tests.cli.test_cli import run
from tests.conftest import CuratedGraphs, env_for


@pytest.fixture(scope="module")
def loaded(curated_graphs: CuratedGraphs, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FalkorDBStore]:
    """The curated graph, loaded again through the pipeline (a run by the local user), and a steward's
    upload (a second run, by the key)."""
    with curated_graphs.falkordb() as store:
        from jxkg.ingest.pipeline import run_ingest
        from jxkg.ingest.read.curated import default_curated_dir, read_curated
        from jxkg.ontology.schema import load_schema

        schema = load_schema()
        run_ingest(read_curated(default_curated_dir(), schema), store, schema, tmp_path_factory.mktemp("out"))
        with steward_client(store, tmp_path_factory.mktemp("data")) as client:
            job = upload(client, "/api/v1/ingest", "平台名录.csv", csv_bytes(MIXED_ROWS)).json()
            deadline = time.monotonic() + 120
            while client.get(f"/api/v1/ingest/{job['id']}").json()["state"] != "succeeded":
                assert time.monotonic() < deadline
                time.sleep(0.05)
        yield store


def api(store: FalkorDBStore, tmp_path: Path, path: str) -> Any:
    with steward_client(store, tmp_path) as client:
        response = client.get(path)
        assert response.status_code == 200, response.text
        return response.json()


def test_runs_list_prints_what_the_api_serves(loaded: FalkorDBStore, tmp_path: Path) -> None:
    result = run(["runs", "list", "--format", "json", "--limit", "10"], env_for(loaded))
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == api(loaded, tmp_path, "/api/v1/runs?limit=10")
    assert printed["total"] == 2
    newest, oldest = printed["runs"]
    assert newest["startedBy"] == STEWARD_NAME and newest["files"] == ["平台名录.csv"]
    assert oldest["startedBy"].endswith("(local)") and oldest["counts"]["unchanged"] > 1000  # loaded already

    table = run(["runs", "list"], env_for(loaded))
    assert table.returncode == 0, table.stderr
    assert newest["runId"] in table.stdout and STEWARD_NAME in table.stdout and "runs 1-2 of 2" in table.stdout


def test_runs_list_pages_by_the_api_s_cursor(loaded: FalkorDBStore, tmp_path: Path) -> None:
    first = run(["runs", "list", "--format", "json", "--limit", "1"], env_for(loaded))
    assert first.returncode == 0, first.stderr
    cursor = json.loads(first.stdout)["nextCursor"]
    assert cursor == api(loaded, tmp_path, "/api/v1/runs?limit=1")["nextCursor"]
    second = run(["runs", "list", "--limit", "1", "--cursor", cursor], env_for(loaded))
    assert second.returncode == 0, second.stderr
    assert json.loads(first.stdout)["runs"][0]["runId"] not in second.stdout and "runs 2-2 of 2" in second.stdout
    both = run(["runs", "list", "--limit", "1", "--offset", "1", "--cursor", cursor], env_for(loaded))
    assert both.returncode != 0 and "cursor" in both.stderr


def test_runs_show_prints_what_the_api_serves(loaded: FalkorDBStore, tmp_path: Path) -> None:
    newest = api(loaded, tmp_path, "/api/v1/runs")["runs"][0]["runId"]
    result = run(["runs", "show", newest, "--format", "json"], env_for(loaded))
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown == api(loaded, tmp_path, f"/api/v1/runs/{newest}")
    (platforms,) = [g for g in shown["changes"] if g["type"] == "ResearchConditionPlatform"]
    assert (platforms["created"], platforms["updated"]) == (3, 0)

    table = run(["runs", "show", newest], env_for(loaded))
    assert table.returncode == 0, table.stderr
    assert "research-condition-platform:测试平台甲" in table.stdout
    assert "ResearchConditionPlatform: 3 created, 0 updated" in table.stdout


def test_runs_show_of_an_unknown_run_fails_naming_it(loaded: FalkorDBStore) -> None:
    result = run(["runs", "show", "run-nope"], env_for(loaded))
    assert result.returncode == 1
    assert "run-nope" in result.stderr


def test_audit_prints_what_the_api_serves(loaded: FalkorDBStore, tmp_path: Path) -> None:
    """`jxkg audit` and `POST /api/v1/audit` are one library function (`jxkg.export.audit`)."""
    result = run(["audit", "--format", "json"], env_for(loaded))
    with steward_client(loaded, tmp_path) as client:
        response = client.post("/api/v1/audit")
    assert response.status_code == 200, response.text
    served = response.json()
    assert result.returncode == (0 if served["conforms"] else 1), result.stderr
    assert json.loads(result.stdout) == served
    assert served["results"]  # the curated graph has its Warnings and Infos: a comparison of something
    duplicates = served["duplicates"]  # every curated entity examined; none is another's duplicate
    assert duplicates["pairs"] == [] and duplicates["examined"] == duplicates["entities"] > 400
    assert not duplicates["truncated"]
    text = run(["audit", "--duplicates-limit", "5"], env_for(loaded))
    assert "likely duplicates: 0 pair(s) among 5 of" in text.stdout and "(cut: at most 5 entities" in text.stdout
