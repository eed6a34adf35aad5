"""docker-compose.yml cannot run here (no Docker engine), so its wiring is checked by reading it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from jxkg.settings import environment_names

REPO = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    return loaded


def test_neo4j_is_pinned_healthchecked_authenticated_and_persisted() -> None:
    neo4j = _compose()["services"]["neo4j"]
    pom = (REPO / "tests" / "neo4j" / "pom.xml").read_text(encoding="utf-8")
    tested = re.search(r"<neo4j.version>(5\.26\.\d+)</neo4j.version>", pom)
    assert tested, "tests/neo4j/pom.xml names no 5.26 version"
    assert neo4j["image"] == f"neo4j:{tested.group(1)}-community", "production runs the Neo4j the tests run"
    assert "NEO4J_PASSWORD" in neo4j["environment"]["NEO4J_AUTH"]
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert any(v.endswith(":/data") for v in neo4j["volumes"])
    assert "127.0.0.1:7687:7687" in neo4j["ports"]


def test_the_api_is_built_here_configured_for_neo4j_and_waits_for_it() -> None:
    services = _compose()["services"]
    for name in ("api", "loader"):
        service = services[name]
        assert service["build"] == "."
        assert service["depends_on"]["neo4j"]["condition"] == "service_healthy"
        env = service["environment"]
        assert env["JXKG_ENGINE"] == "neo4j"
        assert env["NEO4J_URI"] == "bolt://neo4j:7687"
        unknown = set(env) - set(environment_names())
        assert not unknown, f"{name} sets variables no setting reads: {unknown}"
    assert services["api"]["depends_on"]["loader"]["condition"] == "service_completed_successfully"
    # bound to every address in its container, the API refuses to start without keys
    assert services["api"]["environment"]["JXKG_API_HOST"] == "0.0.0.0"
    assert "JXKG_API_KEYS:?" in services["api"]["environment"]["JXKG_API_KEYS"]
    assert "127.0.0.1:8000:8000" in services["api"]["ports"]
    assert (REPO / "Dockerfile").is_file()


def test_the_dockerfile_copies_every_package_folder() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    # the one package (every module under jxkg/) and the curated data
    for folder in ("jxkg", "data"):
        assert f"COPY {folder}/ {folder}/" in dockerfile


def test_the_image_builds_the_browser_pages_from_the_lock_file() -> None:
    dockerfile = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert "npm ci" in dockerfile and "COPY web/package.json web/package-lock.json" in dockerfile
    assert "COPY --from=web /src/jxkg/graph_api/static/ jxkg/graph_api/static/" in dockerfile
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert "web/node_modules/" in ignored and "jxkg/graph_api/static/" in ignored  # built in the image, not copied
