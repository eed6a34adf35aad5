"""`GET /me`: who the caller is, by its key: the browser shows the Cypher editor to analysts only."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from jxkg.graph_api.app import create_app
from jxkg.graph_api.keys import Role, key_file_line
from tests.api.support import no_database
from tests.api.test_security import ANALYST_KEY, ENV_KEYS, READER_KEY, STEWARD_KEY, bearer


def test_keyless_on_loopback_the_caller_is_a_steward() -> None:
    with TestClient(create_app(no_database())) as client:
        response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json() == {"name": "keyless (loopback)", "role": "steward", "keyless": True}


@pytest.mark.parametrize(
    ("key", "role", "name"),
    [
        (READER_KEY, "reader", "JXKG_API_KEYS, entry 1"),
        (ANALYST_KEY, "analyst", "JXKG_API_KEYS, entry 2"),
        (STEWARD_KEY, "steward", "JXKG_API_KEYS, entry 3"),
    ],
)
def test_each_key_is_told_its_role(key: str, role: str, name: str) -> None:
    with TestClient(create_app(no_database(JXKG_API_KEYS=ENV_KEYS))) as client:
        by_bearer = client.get("/api/v1/me", headers=bearer(key))
        by_header = client.get("/api/v1/me", headers={"X-API-Key": key})
    assert by_bearer.status_code == 200
    assert by_bearer.json() == {"name": name, "role": role, "keyless": False}
    assert by_header.json() == by_bearer.json()
    assert key not in by_bearer.text


def test_a_key_from_the_file_is_named_as_the_file_names_it(tmp_path: Path) -> None:
    keys_file = tmp_path / "api-keys"
    keys_file.write_text(key_file_line(Role.ANALYST, ANALYST_KEY, "the-explorer") + "\n", encoding="utf-8")
    with TestClient(create_app(no_database(JXKG_API_KEYS_FILE=str(keys_file)))) as client:
        body = client.get("/api/v1/me", headers=bearer(ANALYST_KEY)).json()
    assert body == {"name": "the-explorer", "role": "analyst", "keyless": False}


def test_without_a_valid_key_it_is_401_once_keys_are_configured() -> None:
    with TestClient(create_app(no_database(JXKG_API_KEYS=ENV_KEYS))) as client:
        missing = client.get("/api/v1/me")
        wrong = client.get("/api/v1/me", headers=bearer("not-a-key-0123456789"))
    for response, error in ((missing, "MissingApiKey"), (wrong, "InvalidApiKey")):
        assert response.status_code == 401
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["error"] == error
