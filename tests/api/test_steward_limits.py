"""The limits that count an upload's work, through the app on a real FalkorDB graph: each breach a 413
naming its setting, a file just under each read, and the API answering other requests while an
upload is being read and refused."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from jxkg.ingest.read.budget import ReadBudget
from jxkg.steward.upload_limits import UploadLimits
from jxkg.store.falkordb_engine import FalkorDBStore
from tests.api.steward_support import HEADER, MAPPING, csv_bytes, many_rows, steward_client, upload, xlsx_bytes
from tests.conftest import CuratedGraphs

RDF_HEAD = "@prefix jx: <https://w3id.org/jxkg/ontology#> .\n@prefix jxd: <https://w3id.org/jxkg/id/> .\n"


@pytest.fixture(scope="module")
def curated(curated_graphs: CuratedGraphs) -> Iterator[FalkorDBStore]:
    with curated_graphs.falkordb() as store:
        yield store


def _jsonl(count: int) -> bytes:
    rows = (json.dumps(dict(zip(HEADER, row, strict=True)), ensure_ascii=False) for row in many_rows(count))
    return ("\n".join(rows) + "\n").encode()


def _json(count: int) -> bytes:
    return json.dumps([dict(zip(HEADER, row, strict=True)) for row in many_rows(count)], ensure_ascii=False).encode()


def _turtle(count: int, aliases: int = 0) -> bytes:
    parts = [RDF_HEAD]
    for i in range(count):
        more = " ;\n    jx:aliases " + ", ".join(f'"别名{i}-{a}"' for a in range(aliases)) if aliases else ""
        parts.append(f'jxd:university:限额大学{i} a jx:University ;\n    jx:nameZh "限额大学{i}"{more} .\n')
    return "".join(parts).encode()


# (name, over the limit, just under it, settings, the setting named)
CASES = [
    ("平台.csv", csv_bytes(many_rows(300)), csv_bytes(many_rows(20)), {"JXKG_MAX_UPLOAD_ROWS": 20}, "ROWS"),
    ("平台.xlsx", xlsx_bytes(many_rows(300)), xlsx_bytes(many_rows(20)), {"JXKG_MAX_UPLOAD_ROWS": 20}, "ROWS"),
    ("平台.json", _json(300), _json(20), {"JXKG_MAX_UPLOAD_ROWS": 20}, "ROWS"),
    ("平台.jsonl", _jsonl(300), _jsonl(20), {"JXKG_MAX_UPLOAD_ROWS": 20}, "ROWS"),
    ("大学.ttl", _turtle(300), _turtle(20), {"JXKG_MAX_UPLOAD_TRIPLES": 40}, "TRIPLES"),
    ("大学.ttl", _turtle(1, 500), _turtle(1, 30), {"JXKG_MAX_UPLOAD_PROPERTY_VALUES": 30}, "PROPERTY_VALUES"),
    ("大学.ttl", _turtle(1, 500), _turtle(1, 38), {"JXKG_MAX_UPLOAD_ENTITY_VALUES": 40}, "ENTITY_VALUES"),
]


@pytest.mark.parametrize(("name", "over", "under", "settings", "setting"), CASES, ids=[c[4] + c[0] for c in CASES])
def test_each_limit_is_refused_with_413_naming_its_setting_and_a_file_under_it_is_read(
    curated: FalkorDBStore, tmp_path: Path, name: str, over: bytes, under: bytes, settings: dict[str, int], setting: str
) -> None:
    mapping = None if name.endswith(".ttl") else MAPPING
    with steward_client(curated, tmp_path / "data", **settings) as client:
        refused = upload(client, "/api/v1/validate", name, over, mapping=mapping)
        assert refused.status_code == 413, refused.text
        body = refused.json()
        assert body["setting"] == f"JXKG_MAX_UPLOAD_{setting}" and body["setting"] in body["detail"]
        assert body["limit"] == next(iter(settings.values()))
        accepted = upload(client, "/api/v1/validate", name, under, mapping=mapping)
        assert accepted.status_code == 200, accepted.text


def test_an_ingest_over_a_limit_is_refused_before_a_job_starts(curated: FalkorDBStore, tmp_path: Path) -> None:
    with steward_client(curated, tmp_path / "data", JXKG_MAX_UPLOAD_TRIPLES=40) as client:
        refused = upload(client, "/api/v1/ingest", "大学.ttl", _turtle(300), mapping=None)
        assert refused.status_code == 413 and refused.json()["setting"] == "JXKG_MAX_UPLOAD_TRIPLES"
        assert client.get("/api/v1/ingest").json() == []


def test_the_api_answers_while_an_upload_is_read_and_refused(
    curated: FalkorDBStore, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the upload's reading is held at its first row until another request has been answered: no
    # timing, the order of events is what is asserted
    reading, answered = threading.Event(), threading.Event()
    seen: list[bool] = []
    real = UploadLimits.budget

    class Held(ReadBudget):
        def row(self) -> None:
            if self.rows == 0:
                reading.set()
                seen.append(answered.wait(timeout=60))
            super().row()

    def held(self: UploadLimits, label: str) -> ReadBudget:
        return Held(real(self, label).limits)

    monkeypatch.setattr(UploadLimits, "budget", held)
    outcome: dict[str, Any] = {}
    with steward_client(curated, tmp_path / "data", JXKG_MAX_UPLOAD_ROWS=20) as client:

        def send() -> None:
            outcome["response"] = upload(client, "/api/v1/validate", "平台.csv", csv_bytes(many_rows(300)))

        sender = threading.Thread(target=send)
        sender.start()
        assert reading.wait(timeout=60)
        health = client.get("/api/v1/health")
        assert health.status_code == 200, health.text
        answered.set()
        sender.join(timeout=120)
    assert seen == [True]  # the health answer came while the upload was being read
    refused = outcome["response"]
    assert refused.status_code == 413 and refused.json()["setting"] == "JXKG_MAX_UPLOAD_ROWS"
