"""An ingest job killed for real (kill -9 of the `jxkg serve` process while it writes) says
`interrupted` once the API is back, and uploading the same file again ends with the same graph as a
run that was never interrupted."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.steward_support import MAPPING, csv_bytes, fingerprint, many_rows, steward_client, upload
from tests.conftest import CuratedGraphs, served_api

# big enough that the writes (batches of 1,000) take a few seconds: long enough to be caught mid-way on a
# loaded machine too (3,000 rows left a window the 20 ms polling missed while other tests ran)
ROWS = 6_000
FILE = "批量平台.csv"


def _post(base: str, data: bytes) -> dict[str, Any]:
    files = {"file": (FILE, data), "mapping": ("批量平台.mapping.yaml", MAPPING.encode())}
    response = httpx.post(f"{base}/api/v1/ingest", files=files, timeout=120)
    assert response.status_code == 202, response.text
    job: dict[str, Any] = response.json()
    return job


def _wait(base: str, job_id: str, timeout_s: float = 300) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        job: dict[str, Any] = httpx.get(f"{base}/api/v1/ingest/{job_id}", timeout=30).json()
        if job["state"] in {"succeeded", "failed", "interrupted"}:
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


@pytest.mark.slow
def test_a_job_killed_while_it_writes_is_interrupted_and_a_rerun_completes_it(
    curated_graphs: CuratedGraphs, tmp_path: Path
) -> None:
    data = csv_bytes(many_rows(ROWS))
    with curated_graphs.falkordb() as reference, steward_client(reference, tmp_path / "ref") as client:
        response = upload(client, "/api/v1/ingest", FILE, data)
        assert response.status_code == 202, response.text
        deadline = time.monotonic() + 300
        while (job := client.get(f"/api/v1/ingest/{response.json()['id']}").json())["state"] not in {"succeeded"}:
            assert job["state"] in {"queued", "running"} and time.monotonic() < deadline, job
            time.sleep(0.1)
        uninterrupted = fingerprint(reference)

    data_dir = tmp_path / "served"
    with curated_graphs.falkordb() as store:
        with served_api(store, data_dir, JXKG_RATE_LIMIT="0") as base:
            job = _post(base, data)
            deadline = time.monotonic() + 300
            while True:
                seen = httpx.get(f"{base}/api/v1/ingest/{job['id']}", timeout=30).json()
                progress = seen["progress"]
                if progress["stage"] == "writing" and 0 < progress["rowsWritten"] < progress["rowsToWrite"]:
                    break
                assert seen["state"] in {"queued", "running"}, f"the job ended before it could be killed: {seen}"
                assert time.monotonic() < deadline, seen
                time.sleep(0.02)
            record = json.loads((data_dir / "jobs" / f"{job['id']}.json").read_text(encoding="utf-8"))
            pid = int(record["process"].split(":")[1])
            os.kill(pid, signal.SIGKILL)  # the API process itself, in the middle of the writes
        half = fingerprint(store)
        assert half != uninterrupted  # killed mid-way for real: part of the file is in the graph
        assert {n for n, *_ in half[0]} < {n for n, *_ in uninterrupted[0]} or half[1] < uninterrupted[1]

        with served_api(store, data_dir, JXKG_RATE_LIMIT="0") as base:
            after = httpx.get(f"{base}/api/v1/ingest/{job['id']}", timeout=30).json()
            assert after["state"] == "interrupted", after
            assert str(pid) in after["error"] and "again" in after["error"]
            assert not (data_dir / "uploads" / job["id"]).exists()  # nothing of the upload is kept
            run = httpx.get(f"{base}/api/v1/runs/{seen['runId']}", timeout=30).json()
            assert run["finished"] is False and run["changesRecorded"] is False
            assert run["changes"] and all(e["change"] == "written" for g in run["changes"] for e in g["entities"])

            rerun = _wait(base, _post(base, data)["id"])
            assert rerun["state"] == "succeeded", rerun
        assert fingerprint(store) == uninterrupted
