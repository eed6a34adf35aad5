"""Ingest jobs through the app on a real FalkorDB graph: a mixed file loads its good rows and its
quarantine round-trips (CSV and XLSX), one job at a time (409), progress as server-sent events, the
report as POST /validate gives it, records that outlive the app, and the runs they leave."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jxkg.steward import jobs as jobs_module
from jxkg.steward.upload_mapping import REASON_COLUMNS
from jxkg.store.falkordb_engine import FalkorDBStore
from tests.api.steward_support import (
    BAD_ROWS,
    FIXES,
    HEADER,
    MIXED_ROWS,
    STEWARD_NAME,
    csv_bytes,
    platform_id,
    steward_client,
    upload,
    xlsx_bytes,
)
from tests.conftest import CuratedGraphs

FINAL = {"succeeded", "failed", "interrupted"}


@pytest.fixture
def curated(curated_graphs: CuratedGraphs) -> Iterator[FalkorDBStore]:
    with curated_graphs.falkordb() as store:
        yield store


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def client(curated: FalkorDBStore, data_dir: Path) -> Iterator[TestClient]:
    with steward_client(curated, data_dir) as client:
        yield client


def start(client: TestClient, name: str, data: bytes, **kwargs: Any) -> dict[str, Any]:
    response = upload(client, "/api/v1/ingest", name, data, **kwargs)
    assert response.status_code == 202, response.text
    job: dict[str, Any] = response.json()
    assert response.headers["location"] == f"/api/v1/ingest/{job['id']}"
    return job


def wait(client: TestClient, job_id: str, timeout_s: float = 120) -> dict[str, Any]:
    deadline = time.monotonic() + timeout_s
    while True:
        job: dict[str, Any] = client.get(f"/api/v1/ingest/{job_id}").json()
        if job["state"] in FINAL:
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.05)


def platforms(store: FalkorDBStore) -> dict[str, str | None]:
    """Each test platform's city (its LOCATED_IN), None when it has none."""
    rows = store.read(
        "MATCH (p:ResearchConditionPlatform) WHERE p.nameZh STARTS WITH '测试平台' "
        "OPTIONAL MATCH (p)-[:LOCATED_IN]->(c) RETURN p.nameZh AS name, c.nameZh AS city"
    )
    return {r["name"]: r["city"] for r in rows}


def _fixed(cells: list[Any]) -> list[Any]:
    return [FIXES.get(str(c), c) for c in cells]


# --- a mixed file, its quarantine, the fixed rows back ----------------------------------------------
def test_a_mixed_csv_loads_its_good_rows_and_its_quarantine_round_trips(
    client: TestClient, curated: FalkorDBStore, data_dir: Path
) -> None:
    validated = upload(client, "/api/v1/validate", "平台名录.csv", csv_bytes(MIXED_ROWS)).json()
    job = start(client, "平台名录.csv", csv_bytes(MIXED_ROWS))
    assert job["state"] in {"queued", "running"} and job["file"] == "平台名录.csv" and job["kind"] == "csv"
    assert job["startedBy"] == STEWARD_NAME and job["progress"]["rowsRead"] == 5
    done = wait(client, job["id"])
    assert done["state"] == "succeeded", done
    assert done["rejectedRows"] == 3 and done["quarantine"] is True and done["runId"].startswith("run-")
    assert done["counts"]["created"] == 5  # 3 platforms, 2 LOCATED_IN
    assert done["progress"]["rowsWritten"] == done["progress"]["rowsToWrite"] == 5
    assert platforms(curated) == {"测试平台甲": "赣州市", "测试平台丙": None, "测试平台戊": "吉安市"}

    report = client.get(f"/api/v1/ingest/{job['id']}/report").json()
    assert report["rules"] == validated["rules"]  # the findings POST /validate gave, before the load
    assert report["runId"] == done["runId"] and report["totals"]["rejected"] >= 3

    response = client.get(f"/api/v1/ingest/{job['id']}/quarantine")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "filename*=utf-8''" in response.headers["content-disposition"]  # 平台名录.quarantine.csv
    assert response.content.startswith(b"\xef\xbb\xbf")  # so Excel reads the Chinese right
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [*HEADER, *REASON_COLUMNS]
    assert [r[:4] for r in rows[1:]] == [list(MIXED_ROWS[n - 1]) for n in BAD_ROWS]  # same cells, same order
    reasons = {r[0]: r[4:] for r in rows[1:]}
    assert reasons["2"][0].startswith("foundedYear-plausible") and "1900" in reasons["2"][3]
    assert reasons["3"][:2] == ["input", "所在地市"] and "火星市" not in reasons["3"][0]
    assert reasons["4"][:2] == ["input", "成立年份"] and reasons["4"][2]  # a Chinese message too

    fixed = io.StringIO()
    csv.writer(fixed).writerows([rows[0], *(_fixed(r) for r in rows[1:])])  # reason columns left in place
    again = wait(client, start(client, "平台名录.quarantine.csv", fixed.getvalue().encode("utf-8-sig"))["id"])
    assert again["state"] == "succeeded" and again["rejectedRows"] == 0 and again["quarantine"] is False, again
    assert again["counts"]["rejected"] == 0
    assert platforms(curated) == {
        "测试平台甲": "赣州市",
        "测试平台乙": "南昌市",
        "测试平台丙": "南昌市",
        "测试平台丁": "九江市",
        "测试平台戊": "吉安市",
    }
    missing = client.get(f"/api/v1/ingest/{again['id']}/quarantine")
    assert missing.status_code == 404 and "rejected nothing" in missing.json()["detail"]
    assert not any((data_dir / "uploads").iterdir())  # nothing of the uploads is kept

    # the runs they left: who, which file, what each created and changed
    history = client.get("/api/v1/runs").json()
    assert [r["runId"] for r in history["runs"][:2]] == [again["runId"], done["runId"]]
    newest = history["runs"][0]
    assert newest["startedBy"] == STEWARD_NAME and newest["files"] == ["平台名录.quarantine.csv"]
    assert newest["finished"] is True and newest["counts"] == again["counts"]
    first = client.get(f"/api/v1/runs/{done['runId']}").json()
    second = client.get(f"/api/v1/runs/{again['runId']}").json()
    assert first["changesRecorded"] is True

    def changes(run: dict[str, Any]) -> dict[str, set[str]]:
        (group,) = [g for g in run["changes"] if g["type"] == "ResearchConditionPlatform"]
        found: dict[str, set[str]] = {}
        for entity in group["entities"]:
            found.setdefault(entity["change"], set()).add(entity["id"])
        return found

    assert changes(first) == {"created": {platform_id(n) for n in ("测试平台甲", "测试平台丙", "测试平台戊")}}
    assert changes(second) == {
        "created": {platform_id("测试平台乙"), platform_id("测试平台丁")},
        "updated": {platform_id("测试平台丙")},  # loaded before without its city
    }


def test_a_mixed_xlsx_round_trips_as_a_workbook(client: TestClient, curated: FalkorDBStore) -> None:
    import openpyxl

    rows = [(n, name, int(y) if y.isdigit() else y, city) for n, name, y, city in MIXED_ROWS]
    done = wait(client, start(client, "平台名录.xlsx", xlsx_bytes(rows))["id"])
    assert done["state"] == "succeeded" and done["rejectedRows"] == 3, done
    response = client.get(f"/api/v1/ingest/{done['id']}/quarantine")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.active
    assert sheet.title == "平台"  # the upload's sheet name
    values = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert values[0] == [*HEADER, *REASON_COLUMNS]
    assert [r[:4] for r in values[1:]] == [list(rows[n - 1]) for n in BAD_ROWS]  # 2020 is still a number
    for row in sheet.iter_rows(min_row=2):
        for cell in row[:4]:
            fixed = FIXES.get(str(cell.value))
            if fixed is not None:
                cell.value = int(fixed) if fixed.isdigit() else fixed
    buffer = io.BytesIO()
    book.save(buffer)
    again = wait(client, start(client, "平台名录.quarantine.xlsx", buffer.getvalue())["id"])
    assert again["state"] == "succeeded" and again["rejectedRows"] == 0, again
    assert set(platforms(curated)) == {"测试平台甲", "测试平台乙", "测试平台丙", "测试平台丁", "测试平台戊"}


def test_a_gbk_csv_loads_its_chinese_right(client: TestClient, curated: FalkorDBStore) -> None:
    rows = [r for r in MIXED_ROWS if r[0] in {"1", "5"}]
    done = wait(client, start(client, "平台.csv", csv_bytes(rows, encoding="gbk"))["id"])
    assert done["state"] == "succeeded" and done["rejectedRows"] == 0, done
    assert platforms(curated) == {"测试平台甲": "赣州市", "测试平台戊": "吉安市"}
    source = curated.read("MATCH (p {id: $id}) RETURN p.source AS s", {"id": platform_id("测试平台甲")})
    assert source[0]["s"] == "平台.csv"  # the label, not where the server stored the file


def test_a_turtle_upload_needs_no_mapping_and_its_quarantine_lists_the_findings(client: TestClient) -> None:
    turtle = """@prefix jx: <https://w3id.org/jxkg/ontology#> .
@prefix jxd: <https://w3id.org/jxkg/id/> .
jxd:research-condition-platform:RDF平台 a jx:ResearchConditionPlatform ; jx:nameZh "RDF平台" ; jx:foundedYear 1800 .
jxd:research-condition-platform:RDF平台二 a jx:ResearchConditionPlatform ; jx:nameZh "RDF平台二" .
"""
    done = wait(client, start(client, "平台.ttl", turtle.encode(), mapping=None)["id"])
    assert done["state"] == "succeeded" and done["counts"]["created"] == 1, done
    response = client.get(f"/api/v1/ingest/{done['id']}/quarantine")
    assert response.headers["content-type"] == "application/x-ndjson"
    (finding,) = [json.loads(line) for line in response.text.splitlines()]
    assert finding["field"] == "foundedYear" and finding["file"] == "平台.ttl"


# --- one at a time, progress, failure, records that outlive the app -------------------------------
@pytest.fixture
def gate(monkeypatch: pytest.MonkeyPatch) -> Iterator[threading.Event]:
    """Jobs wait for this event before they run the pipeline."""
    event = threading.Event()
    real = jobs_module.run_ingest

    def gated(*args: Any, **kwargs: Any) -> Any:
        assert event.wait(60), "the test never let the job go"
        return real(*args, **kwargs)

    monkeypatch.setattr(jobs_module, "run_ingest", gated)
    yield event
    event.set()


def test_a_second_ingest_while_one_runs_gets_409_naming_it(client: TestClient, gate: threading.Event) -> None:
    rows = MIXED_ROWS[:1]
    first = start(client, "平台.csv", csv_bytes(rows))
    busy = upload(client, "/api/v1/ingest", "另一个.csv", csv_bytes(MIXED_ROWS[4:]))
    assert busy.status_code == 409
    assert busy.headers["content-type"] == "application/problem+json"
    assert busy.json()["job"] == first["id"] and first["id"] in busy.json()["detail"]
    unfinished = client.get(f"/api/v1/ingest/{first['id']}/report")
    assert unfinished.status_code == 409 and unfinished.json()["job"] == first["id"]
    gate.set()
    assert wait(client, first["id"])["state"] == "succeeded"
    assert wait(client, start(client, "另一个.csv", csv_bytes(MIXED_ROWS[4:]))["id"])["state"] == "succeeded"


def _events(lines: Iterator[str]) -> Iterator[tuple[str, dict[str, Any]]]:
    event = ""
    for line in lines:
        if line.startswith("event: "):
            event = line.removeprefix("event: ")
        elif line.startswith("data: "):
            yield event, json.loads(line.removeprefix("data: "))


def test_progress_streams_as_server_sent_events_until_the_final_state(
    client: TestClient, gate: threading.Event
) -> None:
    job = start(client, "平台.csv", csv_bytes(MIXED_ROWS))
    seen: list[tuple[str, dict[str, Any]]] = []
    with client.stream("GET", f"/api/v1/ingest/{job['id']}/events") as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        for event, data in _events(response.iter_lines()):
            seen.append((event, data))
            if len(seen) == 1:
                gate.set()  # let it run once the stream has started
    assert seen[0][0] == "progress" and seen[0][1]["state"] in {"queued", "running"}
    assert [e for e, _ in seen[:-1]] == ["progress"] * (len(seen) - 1)
    assert seen[-1][0] == "end" and seen[-1][1]["state"] == "succeeded"
    assert seen[-1][1]["progress"]["rowsWritten"] == seen[-1][1]["progress"]["rowsToWrite"] > 0
    assert len({json.dumps(d, sort_keys=True) for _, d in seen}) == len(seen)  # an event per change
    with client.stream("GET", f"/api/v1/ingest/{job['id']}/events") as ended:  # an ended job: one event
        assert [e for e, _ in _events(ended.iter_lines())] == ["end"]


def test_a_failed_job_says_why_and_frees_the_slot(
    client: TestClient, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(jobs_module, "run_ingest", broken)
    failed = wait(client, start(client, "平台.csv", csv_bytes(MIXED_ROWS))["id"])
    assert failed["state"] == "failed" and "disk on fire" in failed["error"]
    assert client.get(f"/api/v1/ingest/{failed['id']}/quarantine").status_code == 404
    assert not any((data_dir / "uploads").iterdir())
    monkeypatch.undo()
    assert wait(client, start(client, "平台.csv", csv_bytes(MIXED_ROWS))["id"])["state"] == "succeeded"


def test_job_records_outlive_the_app(curated: FalkorDBStore, data_dir: Path) -> None:
    with steward_client(curated, data_dir) as client:
        done = wait(client, start(client, "平台.csv", csv_bytes(MIXED_ROWS))["id"])
    with steward_client(curated, data_dir) as restarted:
        assert [j["id"] for j in restarted.get("/api/v1/ingest").json()] == [done["id"]]
        assert restarted.get(f"/api/v1/ingest/{done['id']}").json() == done
        assert restarted.get(f"/api/v1/ingest/{done['id']}/report").status_code == 200
        assert restarted.get(f"/api/v1/ingest/{done['id']}/quarantine").status_code == 200
        assert restarted.get("/api/v1/ingest/job-20000101T000000-abcdef").status_code == 404
        assert restarted.get("/api/v1/ingest/..%2F..%2Fetc%2Fpasswd").status_code in {404, 422}
