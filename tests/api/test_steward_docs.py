"""docs/api.md's data stewards' script (its `bash` block: upload, follow, quarantine, fix, upload
again) runs as written against a real `jxkg serve` on the curated graph. Its `sh` examples are run
one by one by test_api_docs.py, as every other section's."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import time
from pathlib import Path

import httpx

from tests.conftest import REPO, CuratedGraphs, served_api

DOCS = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
DOCUMENTED = "http://127.0.0.1:8000"


def _scripts() -> list[str]:
    section = DOCS.split("\n## Data stewards\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.*?)```", section, flags=re.DOTALL)


def test_the_stewards_script_runs_as_written(curated_graphs: CuratedGraphs, tmp_path: Path) -> None:
    (script,) = _scripts()
    with curated_graphs.falkordb() as store, served_api(store, tmp_path / "data") as base:
        result = subprocess.run(
            ["bash", "-euo", "pipefail", "-c", script.replace(DOCUMENTED, base)],
            cwd=tmp_path,
            env={**os.environ, "JXKG_STEWARD_KEY": "any-key-keyless-demo"},
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert result.returncode == 0, f"{result.stdout}\n{result.stderr}"
        assert "event: end" in result.stdout
        quarantine = (tmp_path / "平台名录.quarantine.csv").read_text(encoding="utf-8-sig")
        (header, row) = list(csv.reader(io.StringIO(quarantine)))
        assert header[:3] == ["名称", "成立年份", "所在地市"] and row[:3] == ["月球测试平台", "2020", "赣州市"]
        again = json.loads(result.stdout.strip().splitlines()[-1])  # the last command: the second upload
        deadline = time.monotonic() + 120
        while (job := httpx.get(f"{base}/api/v1/ingest/{again['id']}", timeout=30).json())["state"] in {
            "queued",
            "running",
        }:
            assert time.monotonic() < deadline, job
            time.sleep(0.1)
        assert job["state"] == "succeeded" and job["rejectedRows"] == 0, job
