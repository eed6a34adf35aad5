"""The OpenAPI document as an outside front-end developer meets it (issue 29, item 1): a TypeScript
client generated from it by openapi-typescript with its default settings, and a widget that calls
every read operation through openapi-fetch (tests/contract/widget.ts), type-checked by `tsc --strict`.
The widget uses no cast; its `@ts-expect-error` lines fail the check if a closed set opens or a field
always sent turns optional. The npm packages are test-only, pinned in tests/contract/package-lock.json
and installed here on first use.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import get_args

import pytest

from jxkg.graph_api.app import create_app
from jxkg.graph_api.operations import OPERATION_IDS
from jxkg.ontology.conventions import ProvenanceKind
from jxkg.ontology.schema import load_schema
from tests.api.support import no_database
from tests.conftest import REPO
from tests.npm_packages import installed

CONTRACT = REPO / "tests" / "contract"


@pytest.fixture(scope="module")
def document() -> dict[str, object]:
    return create_app(no_database()).openapi()


@pytest.fixture(scope="module")
def tools() -> Path:
    """tests/contract/node_modules/.bin, installed from the lock file unless it is there already."""
    return installed(CONTRACT, ".bin/tsc", ".bin/openapi-typescript") / ".bin"


def _run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_a_generated_client_type_checks_a_widget_using_every_read_operation(
    document: dict[str, object], tools: Path, tmp_path: Path
) -> None:
    (tmp_path / "openapi.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    generated = _run([str(tools / "openapi-typescript"), "openapi.json", "-o", "api.d.ts"], tmp_path)
    assert generated.returncode == 0, generated.stdout + generated.stderr
    for name in ("widget.ts", "tsconfig.json"):
        shutil.copy(CONTRACT / name, tmp_path / name)
    (tmp_path / "node_modules").symlink_to(CONTRACT / "node_modules", target_is_directory=True)
    checked = _run([str(tools / "tsc"), "-p", "tsconfig.json"], tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr


# what a relationship explorer does not call: the stewards' uploads, jobs, audits and templates, the
# reconciliation service (OpenRefine's), an analyst's Cypher. Every other operation is a reader's read.
NOT_A_READERS_READ = {
    "validateUpload",
    "startIngest",
    "listIngestJobs",
    "getIngestJob",
    "getIngestJobEvents",
    "getIngestJobQuarantine",
    "getIngestJobReport",
    "runAudit",
    "listTemplates",
    "getTemplateCsv",
    "getTemplateMapping",
    "getReconciliationManifest",
    "reconcileBatch",
    "suggestEntities",
    "suggestTypes",
    "suggestProperties",
    "previewEntity",
    "runCypher",
}


def test_the_widget_calls_every_read_operation(document: dict[str, object]) -> None:
    widget = (CONTRACT / "widget.ts").read_text(encoding="utf-8")
    called = set(re.findall(r'api\.(GET|POST)\("([^"]+)"', widget))
    paths = document["paths"]
    assert isinstance(paths, dict)
    reads = {
        (method.upper(), path)
        for path, operations in paths.items()
        for method, operation in operations.items()
        if operation["operationId"] not in NOT_A_READERS_READ
    }
    assert set(OPERATION_IDS.values()) >= NOT_A_READERS_READ
    assert reads and called == reads


def test_operation_ids_are_stable_names(document: dict[str, object]) -> None:
    paths = document["paths"]
    assert isinstance(paths, dict)
    ids = [operation["operationId"] for operations in paths.values() for operation in operations.values()]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(OPERATION_IDS.values())  # every id in use, none left over
    assert all(re.fullmatch(r"[a-z]+(?:[A-Z][a-z]*)*", operation_id) for operation_id in ids)


def test_the_provenance_kinds_are_the_ontologys() -> None:
    """The API's closed set of provenance kinds is the ontology's allowed values of provenanceKind
    (search's `matched` set is `MatchedBy` itself, ranked in its order)."""
    assert set(get_args(ProvenanceKind)) == set(load_schema().property("provenanceKind").allowed_values)
