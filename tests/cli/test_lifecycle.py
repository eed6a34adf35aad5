"""`jxkg demo` and `jxkg serve` stop in order on SIGTERM and SIGHUP, as on Ctrl-C: nothing left behind, exit 0."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.cli.test_db_commands import servers_in
from tests.cli.test_demo import FIXTURE
from tests.conftest import free_port

STOP_SIGNALS = [pytest.param(signal.SIGTERM, id="SIGTERM"), pytest.param(signal.SIGHUP, id="SIGHUP")]


def _start(command: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "jxkg.cli.main", *command],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _health_status(port: int) -> int | None:
    """The HTTP status of /health (200, or 503 without a database), None while nothing answers."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _wait_for_health(process: subprocess.Popen[str], port: int) -> int:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        status = _health_status(port)
        if status is not None:
            return status
        time.sleep(0.3)
    output = process.stdout.read() if process.poll() is not None and process.stdout else ""
    raise AssertionError(f"no /health on port {port} within 90 s; output:\n{output}")


def _stop(process: subprocess.Popen[str], sig: signal.Signals) -> str:
    process.send_signal(sig)
    output, _ = process.communicate(timeout=60)
    return output


def _kill(process: subprocess.Popen[str]) -> None:
    if process.poll() is None:
        process.kill()
        process.wait()


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.slow
@pytest.mark.parametrize("sig", STOP_SIGNALS)
def test_demo_stops_api_and_database_on_signal(tmp_path: Path, sig: signal.Signals) -> None:
    api_port = free_port()
    env = {
        "JXKG_ENGINE": "falkordb",
        "JXKG_DATA_DIR": str(tmp_path),
        "JXKG_FALKORDB_PORT": str(free_port()),
        "JXKG_API_PORT": str(api_port),
    }
    first = _start(["demo", "--data", str(FIXTURE)], env)
    second: subprocess.Popen[str] | None = None
    try:
        assert _wait_for_health(first, api_port) == 200
        assert len(servers_in(tmp_path)) == 1
        output = _stop(first, sig)
        assert first.returncode == 0, output
        assert "FalkorDB on 127.0.0.1" in output and "stopped" in output
        assert servers_in(tmp_path) == set(), f"{sig.name} left a database server behind; output:\n{output}"
        assert not _port_open(api_port), f"{sig.name} left the API port open; output:\n{output}"

        # the ports are free again: a second demo on the same ones starts, serves and stops
        second = _start(["demo", "--data", str(FIXTURE)], env)
        assert _wait_for_health(second, api_port) == 200
        output = _stop(second, sig)
        assert second.returncode == 0, output
        assert servers_in(tmp_path) == set(), output
    finally:
        for process in (first, second):
            if process is not None:
                _kill(process)
        for pid in servers_in(tmp_path):  # only servers of this test's data folder, should a stop have failed
            os.kill(pid, signal.SIGKILL)


@pytest.mark.slow
@pytest.mark.parametrize("sig", STOP_SIGNALS)
def test_serve_exits_cleanly_on_signal(tmp_path: Path, sig: signal.Signals) -> None:
    api_port = free_port()
    env = {
        "JXKG_ENGINE": "falkordb",
        "JXKG_DATA_DIR": str(tmp_path),
        "JXKG_FALKORDB_PORT": str(free_port()),  # nothing listens there: /health answers 503
        "JXKG_API_PORT": str(api_port),
    }
    serve = _start(["serve"], env)
    try:
        assert _wait_for_health(serve, api_port) == 503
        output = _stop(serve, sig)
    finally:
        _kill(serve)
    assert serve.returncode == 0, output
    assert "Finished server process" in output, output
    assert not _port_open(api_port), output
    assert servers_in(tmp_path) == set(), "`jxkg serve` starts no database"
