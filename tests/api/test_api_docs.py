"""docs/api.md stays true: every curl example in it runs against a real `jxkg serve` on the curated graph."""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import REPO, CuratedGraphs, served_api

DOCS = (REPO / "docs" / "api.md").read_text(encoding="utf-8")
DOCUMENTED = "http://127.0.0.1:8000"


def _curl_examples() -> list[str]:
    examples = []
    for block in re.findall(r"```sh\n(.*?)```", DOCS, flags=re.DOTALL):
        for command in block.replace("\\\n", " ").splitlines():
            if command.strip().startswith("curl "):
                examples.append(command.strip())
    return examples


@pytest.fixture(scope="module")
def served_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("docs")


@pytest.fixture(scope="module")
def served(curated_graphs: CuratedGraphs, served_dir: Path) -> Iterator[str]:
    with curated_graphs.falkordb() as store, served_api(store, served_dir) as base:
        yield base


def test_the_docs_show_every_resource() -> None:
    examples = " ".join(_curl_examples())
    for path in (
        "/search",
        "/entities/",
        "/neighbors",
        "/paths",
        "/subgraph",
        "/queries",
        "/run",
        "/cypher",
        "/schema",
        "/stats",
        "/me",
        "/reconcile",
    ):
        assert path in examples, path


@pytest.mark.parametrize("command", _curl_examples())
def test_every_curl_example_answers(served: str, served_dir: Path, command: str, tmp_path: Path) -> None:
    assert DOCUMENTED in command
    run = command.replace(DOCUMENTED, served).replace("curl -sS", "curl -sS --fail-with-body", 1)
    result = subprocess.run(
        ["bash", "-c", run],
        env={**os.environ, "JXKG_ANALYST_KEY": "any-key-keyless-demo"},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,  # where a command's `-o FILE` goes
    )
    if result.returncode != 0:
        log = (served_dir / "serve.log").read_text(encoding="utf-8", errors="replace")
        pytest.fail(f"{command}\n{result.stdout}\n{result.stderr}\nthe server's log ends:\n{log[-6000:]}")
    if "text/csv" in command:
        assert result.stdout.count("\n") >= 2
        return
    if "spreadsheetml" in command:  # an XLSX answer, saved with `-o`: a workbook with rows
        [saved] = tmp_path.glob("*.xlsx")
        book = openpyxl.load_workbook(saved)
        assert book.worksheets[0].max_row >= 2, command
        return
    body = json.loads(result.stdout)
    assert body, command
    if isinstance(body, dict) and "rows" in body:
        assert body["rows"], f"{command} returned no rows"
    if isinstance(body, dict) and "results" in body:  # a search: entities, or sentences of quotes
        assert body["results"] or body.get("quotes", {}).get("hits"), f"{command} found nothing"
