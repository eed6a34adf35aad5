"""API keys and roles: keyless on loopback only, keys from the environment or a file of hashes,
401 without a valid key, 403 below the route's role, keys compared in constant time and never shown."""

from __future__ import annotations

import hmac
import logging
import os
import secrets
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import pytest
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient

from jxkg.errors import ConfigurationError
from jxkg.graph_api import security
from jxkg.graph_api.app import create_app
from jxkg.graph_api.keys import MIN_KEY_CHARS, Role, hash_key, key_file_line
from jxkg.graph_api.security import Principal, require_role
from jxkg.settings import load_settings
from tests.api.support import no_database
from tests.conftest import REPO, free_port

READER_KEY = "reader-key-0123456789abcdef-0123456789"
ANALYST_KEY = "analyst-key-0123456789abcdef-0123456789"
STEWARD_KEY = "steward-key-0123456789abcdef-0123456789"
ENV_KEYS = f"reader:{READER_KEY},analyst:{ANALYST_KEY},steward:{STEWARD_KEY}"


def with_role_routes(app: FastAPI) -> FastAPI:
    """Test-only routes that need the analyst and the steward role, as routers will declare them."""

    @app.get("/api/v1/test/analyst", dependencies=[Depends(require_role(Role.ANALYST))])
    def analyst_only() -> dict[str, str]:
        return {"ok": "analyst"}

    @app.get("/api/v1/test/steward")
    def steward_only(caller: Annotated[Principal, Depends(require_role(Role.STEWARD))]) -> dict[str, str]:
        return {"name": caller.name, "role": caller.role.value}

    return app


def client_for(**settings: Any) -> TestClient:
    return TestClient(with_role_routes(create_app(no_database(**settings))))


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


# --- keyless -------------------------------------------------------------------------------
@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_keyless_on_a_loopback_address_gives_every_request_every_role(host: str) -> None:
    with client_for(JXKG_API_HOST=host) as client:
        assert client.get("/api/v1/schema").status_code == 200
        assert client.get("/api/v1/test/analyst").status_code == 200
        steward = client.get("/api/v1/test/steward")
    assert steward.status_code == 200
    assert steward.json()["role"] == "steward"


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "api.example.org"])
def test_create_app_refuses_to_start_keyless_on_a_reachable_address(host: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        create_app(no_database(JXKG_API_HOST=host))
    message = str(refused.value)
    assert host in message
    assert "JXKG_API_KEYS" in message and "JXKG_API_KEYS_FILE" in message and "JXKG_API_HOST" in message


def test_with_keys_any_address_is_allowed() -> None:
    create_app(no_database(JXKG_API_HOST="0.0.0.0", JXKG_API_KEYS=f"reader:{READER_KEY}"))


def test_the_settings_from_the_environment_refuse_too(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no .env of a developer's checkout
    monkeypatch.setenv("JXKG_API_HOST", "0.0.0.0")
    monkeypatch.delenv("JXKG_API_KEYS", raising=False)
    monkeypatch.delenv("JXKG_API_KEYS_FILE", raising=False)
    with pytest.raises(ConfigurationError, match="JXKG_API_KEYS"):
        create_app(load_settings())


def test_jxkg_serve_refuses_keyless_on_0_0_0_0(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JXKG_API_KEYS")}
    env |= {"JXKG_API_HOST": "0.0.0.0", "JXKG_API_PORT": str(free_port()), "JXKG_DATA_DIR": str(tmp_path)}
    # should it start after all, the timeout ends the test instead of leaving a server behind
    served = subprocess.run(
        [sys.executable, "-m", "jxkg.cli.main", "serve"],
        cwd=tmp_path,
        env=env | {"PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert served.returncode == 2, served.stdout + served.stderr
    assert "JXKG_API_KEYS" in served.stdout + served.stderr


# --- keys from the environment ------------------------------------------------------------
def test_no_key_is_401_problem_with_a_challenge() -> None:
    with client_for(JXKG_API_KEYS=ENV_KEYS) as client:
        response = client.get("/api/v1/schema")
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["error"] == "MissingApiKey"


@pytest.mark.parametrize(
    "headers",
    [bearer("not-a-key"), {"X-API-Key": "not-a-key"}, {"Authorization": f"Basic {READER_KEY}"}],
    ids=["bearer", "x-api-key", "basic-scheme"],
)
def test_a_wrong_key_is_401(headers: dict[str, str]) -> None:
    with client_for(JXKG_API_KEYS=ENV_KEYS) as client:
        response = client.get("/api/v1/schema", headers=headers)
    assert response.status_code == 401
    assert "www-authenticate" in response.headers
    assert response.json()["status"] == 401


@pytest.mark.parametrize("headers", [bearer(READER_KEY), {"X-API-Key": READER_KEY}], ids=["bearer", "x-api-key"])
def test_a_reader_key_reads_in_either_header(headers: dict[str, str]) -> None:
    with client_for(JXKG_API_KEYS=ENV_KEYS) as client:
        assert client.get("/api/v1/schema", headers=headers).status_code == 200


def test_a_reader_is_403_on_an_analyst_route() -> None:
    with client_for(JXKG_API_KEYS=ENV_KEYS) as client:
        response = client.get("/api/v1/test/analyst", headers=bearer(READER_KEY))
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert (body["error"], body["required_role"], body["role"]) == ("RoleTooLow", "analyst", "reader")


@pytest.mark.parametrize(("key", "status"), [(READER_KEY, 403), (ANALYST_KEY, 200), (STEWARD_KEY, 200)])
def test_roles_are_ordered_reader_analyst_steward(key: str, status: int) -> None:
    with client_for(JXKG_API_KEYS=ENV_KEYS) as client:
        assert client.get("/api/v1/test/analyst", headers=bearer(key)).status_code == status
        steward = client.get("/api/v1/test/steward", headers=bearer(key))
    assert steward.status_code == (200 if key == STEWARD_KEY else 403)


def test_role_order() -> None:
    assert Role.STEWARD.covers(Role.ANALYST) and Role.ANALYST.covers(Role.READER)
    assert Role.READER.covers(Role.READER)
    assert not Role.READER.covers(Role.ANALYST) and not Role.ANALYST.covers(Role.STEWARD)


def test_keys_are_required_on_loopback_too_once_configured() -> None:
    with client_for(JXKG_API_HOST="127.0.0.1", JXKG_API_KEYS=ENV_KEYS) as client:
        assert client.get("/api/v1/test/analyst").status_code == 401


def test_health_and_docs_need_no_key() -> None:
    with client_for(JXKG_API_KEYS=ENV_KEYS) as client:
        assert client.get("/health").status_code == 503  # no database here; but no 401
        assert client.get("/api/v1/health").status_code == 503
        assert client.get("/openapi.json").status_code == 200


@pytest.mark.parametrize(
    "text",
    ["reader", "reader:", "admin:some-secret-key", f"reader:{READER_KEY},{READER_KEY}"],
    ids=["no-colon", "empty-key", "unknown-role", "second-entry-bare"],
)
def test_a_malformed_key_setting_is_refused_without_echoing_keys(text: str) -> None:
    with pytest.raises(ConfigurationError, match="JXKG_API_KEYS") as refused:
        create_app(no_database(JXKG_API_KEYS=text))
    assert "secret" not in str(refused.value) and READER_KEY not in str(refused.value)


def test_the_same_key_twice_is_refused() -> None:
    with pytest.raises(ConfigurationError, match="twice"):
        create_app(no_database(JXKG_API_KEYS=f"reader:{READER_KEY},steward:{READER_KEY}"))


# --- keys from a file of hashes ------------------------------------------------------------
def test_keys_from_a_file_of_hashes(tmp_path: Path) -> None:
    keys_file = tmp_path / "api-keys"
    keys_file.write_text(
        "# role  sha256(key)  name\n"
        f"{key_file_line(Role.READER, READER_KEY, 'explorer front end')}\n"
        "\n"
        f"analyst {hash_key(ANALYST_KEY).upper()}   # think tank\n",
        encoding="utf-8",
    )
    assert READER_KEY not in keys_file.read_text(encoding="utf-8")
    with client_for(JXKG_API_KEYS_FILE=str(keys_file)) as client:
        assert client.get("/api/v1/schema").status_code == 401
        assert client.get("/api/v1/test/analyst", headers=bearer(READER_KEY)).status_code == 403
        assert client.get("/api/v1/test/analyst", headers={"X-API-Key": ANALYST_KEY}).status_code == 200
        assert client.get("/api/v1/schema", headers=bearer(hash_key(READER_KEY))).status_code == 401


def test_file_and_environment_keys_are_used_together(tmp_path: Path) -> None:
    keys_file = tmp_path / "api-keys"
    keys_file.write_text(key_file_line(Role.ANALYST, ANALYST_KEY) + "\n", encoding="utf-8")
    with client_for(JXKG_API_KEYS=f"steward:{STEWARD_KEY}", JXKG_API_KEYS_FILE=str(keys_file)) as client:
        assert client.get("/api/v1/test/steward", headers=bearer(STEWARD_KEY)).status_code == 200
        assert client.get("/api/v1/test/analyst", headers=bearer(ANALYST_KEY)).status_code == 200


def test_hash_key_is_sha256_hex() -> None:
    assert hash_key("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert key_file_line(Role.ANALYST, "abc", "ci") == f"analyst {hash_key('abc')} ci"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("reader not-hex\n", ":1: expected"),
        (f"# ok\nreader {READER_KEY}\n", ":2: expected"),  # a key, not its hash
        (f"admin {hash_key(READER_KEY)}\n", "unknown role 'admin'"),
    ],
    ids=["not-hex", "plain-key", "unknown-role"],
)
def test_a_malformed_key_file_names_file_and_line(tmp_path: Path, content: str, problem: str) -> None:
    keys_file = tmp_path / "api-keys"
    keys_file.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigurationError, match=problem) as refused:
        create_app(no_database(JXKG_API_KEYS_FILE=str(keys_file)))
    assert str(keys_file) in str(refused.value)


def test_a_missing_key_file_is_a_configuration_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="JXKG_API_KEYS_FILE"):
        create_app(no_database(JXKG_API_KEYS_FILE=str(tmp_path / "absent")))


# --- how keys are handled ------------------------------------------------------------------
def test_keys_are_compared_in_constant_time_against_every_key(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(security.hmac, "compare_digest", spy)
    with client_for(JXKG_API_KEYS=ENV_KEYS) as client:
        assert client.get("/api/v1/test/analyst", headers=bearer(READER_KEY)).status_code == 403
    # every configured key is compared (no early exit that would time which one matched), as digests
    assert compared and len(compared) % 3 == 0
    assert all(len(a) == len(b) == 32 for a, b in compared)
    assert all(READER_KEY.encode() not in (a, b) for a, b in compared)


def test_keys_are_kept_hashed_and_masked() -> None:
    settings = no_database(JXKG_API_KEYS=ENV_KEYS)
    assert settings.masked()["JXKG_API_KEYS"] == "********"
    assert READER_KEY not in repr(settings)
    ring = security.keyring_from_settings(settings)
    assert len(ring) == 3
    assert READER_KEY not in repr(vars(ring))


def test_keys_are_never_logged(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with client_for(JXKG_API_KEYS=ENV_KEYS) as client:
        client.get("/api/v1/test/analyst", headers=bearer(READER_KEY))
        client.get("/api/v1/stats", headers=bearer(ANALYST_KEY))  # a 503, which is logged
    assert caplog.records
    assert READER_KEY not in caplog.text and ANALYST_KEY not in caplog.text


# --- key length, caching (issue 27) ---------------------------------------------------------
@pytest.mark.parametrize("short", ["x", "k" * (MIN_KEY_CHARS - 1)])
def test_a_short_key_is_refused_on_a_reachable_address_without_showing_it(short: str) -> None:
    with pytest.raises(ConfigurationError) as refused:
        create_app(no_database(JXKG_API_HOST="0.0.0.0", JXKG_API_KEYS=f"reader:{READER_KEY},analyst:{short}"))
    message = str(refused.value)
    assert "JXKG_API_KEYS, entry 2" in message and str(MIN_KEY_CHARS) in message and "JXKG_API_HOST" in message
    assert f":{short}" not in message and (len(short) == 1 or short not in message)


def test_a_short_key_is_fine_on_loopback_and_what_api_key_makes_is_long_enough() -> None:
    create_app(no_database(JXKG_API_HOST="127.0.0.1", JXKG_API_KEYS="reader:x"))
    assert len(secrets.token_urlsafe(32)) >= MIN_KEY_CHARS  # what `jxkg api-key` makes
    create_app(no_database(JXKG_API_HOST="0.0.0.0", JXKG_API_KEYS=f"reader:{'k' * MIN_KEY_CHARS}"))


def test_answers_that_depend_on_the_key_are_not_stored_by_caches() -> None:
    # no database: the schema's answer then has no ETag, and is still one a cache must revalidate
    with client_for(JXKG_API_KEYS=ENV_KEYS) as client:
        schema = client.get("/api/v1/schema", headers=bearer(READER_KEY))
        answers = [
            client.get("/api/v1/me", headers={"X-API-Key": READER_KEY}),
            client.get("/api/v1/schema"),  # 401: it depends on who asks as well
        ]
    assert schema.status_code == 200 and schema.headers["cache-control"] == "no-cache"
    for answer in [schema, *answers]:
        assert set(answer.headers["vary"].split(", ")) == {"Authorization", "X-API-Key", "Accept", "Accept-Encoding"}
    for answer in answers:
        assert answer.headers["cache-control"] == "private, no-store"
