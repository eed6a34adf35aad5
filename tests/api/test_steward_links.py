"""A steward's upload whose link ends are names, through POST /validate and /ingest on both engines:
the exact and the variants link, the ambiguous and the unknown come back in the rejected rows with
the candidates in the reason columns, and both reports list the rows linked by name."""

from __future__ import annotations

import csv
import io
import time
from pathlib import Path
from typing import Any

from jxkg.steward.upload_mapping import REASON_COLUMNS
from jxkg.store import GraphStore
from tests.api.steward_support import csv_bytes, steward_client, upload
from tests.ingest.test_link_names import MAPPING, ROWS

HEADER = ("名称", "依托单位")
SHEET = [row for row in ROWS if row[0] != "链接平台戊"]  # the run's-own-entity row needs a second file


def wait(client: Any, job_id: str) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while (job := client.get(f"/api/v1/ingest/{job_id}").json())["state"] not in {"succeeded", "failed"}:
        assert time.monotonic() < deadline, job
        time.sleep(0.05)
    return dict(job)


def test_an_upload_links_by_name_and_sends_back_the_rest_with_candidates(
    curated_copy: GraphStore, tmp_path: Path
) -> None:
    data = csv_bytes(SHEET, HEADER)
    with steward_client(curated_copy, tmp_path / "data") as client:
        validated = upload(client, "/api/v1/validate", "平台.csv", data, mapping=MAPPING).json()
        linked = {(k["row"], k["value"]): k for k in validated["linkedByName"]}
        assert set(linked) == {(2, "南昌大學"), (3, "科改领导小组办公室"), (4, "中科院赣江研究院")}
        assert linked[(2, "南昌大學")] == {
            "row": 2,
            "field": "依托单位",
            "value": "南昌大學",
            "type": "HOSTED_BY",
            "target": "university:南昌大学",
            "targetName": "南昌大学",
            "matched": "normalised",
            "matchedForm": "南昌大学",
        }
        assert validated["passed"]["relationships"] == 4 and validated["rejectedRows"] == 2

        response = client.post(
            "/api/v1/ingest", files={"file": ("平台.csv", data), "mapping": ("m.yaml", MAPPING.encode())}
        )
        job = wait(client, response.json()["id"])
        assert job["state"] == "succeeded" and job["rejectedRows"] == 2, job
        report = client.get(f"/api/v1/ingest/{job['id']}/report").json()
        assert report["linkedByName"] == validated["linkedByName"]
        rows = list(csv.reader(io.StringIO(client.get(f"/api/v1/ingest/{job['id']}/quarantine").text.lstrip("\ufeff"))))
    assert rows[0] == [*HEADER, *REASON_COLUMNS]
    reasons = {r[0]: dict(zip(REASON_COLUMNS, r[2:], strict=True)) for r in rows[1:]}
    assert set(reasons) == {"链接平台己", "链接平台庚"}
    ambiguous = reasons["链接平台己"]
    assert "university:华东交通大学" in ambiguous[REASON_COLUMNS[3]] and "华东交通大学" in ambiguous[REASON_COLUMNS[2]]
    assert "university:东华理工大学" in ambiguous[REASON_COLUMNS[3]]
    hosted = curated_copy.read(
        "MATCH (p:ResearchConditionPlatform)-[:HOSTED_BY]->(h) WHERE p.nameZh STARTS WITH '链接平台' "
        "RETURN p.nameZh AS p, h.id AS h"
    )
    assert {r["p"]: r["h"] for r in hosted} == {
        "链接平台甲": "university:南昌大学",
        "链接平台乙": "university:南昌大学",
        "链接平台丙": "government-body:国家科改领导小组办公室",
        "链接平台丁": "research-institute:中国科学院赣江创新研究院",
    }
