"""`jxkg demo` (what `make demo` runs): database up, data loaded, API serving; Ctrl-C leaves nothing behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from tests.cli.test_db_commands import servers_in
from tests.conftest import REPO, free_port

FIXTURE = REPO / "tests" / "ingest" / "fixtures" / "small"


def _health(port: int) -> dict[str, Any] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as response:
            body: dict[str, Any] = json.loads(response.read())
            return body
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def test_demo_serves_health_and_ctrl_c_stops_api_and_database(tmp_path: Path) -> None:
    api_port = free_port()
    env = {
        **os.environ,
        "JXKG_ENGINE": "falkordb",
        "JXKG_DATA_DIR": str(tmp_path),
        "JXKG_FALKORDB_PORT": str(free_port()),
        "JXKG_API_PORT": str(api_port),
    }
    demo = subprocess.Popen(
        [sys.executable, "-m", "jxkg.cli.main", "demo", "--data", str(FIXTURE)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 90
        body = None
        while time.monotonic() < deadline and demo.poll() is None:
            body = _health(api_port)
            if body:
                break
            time.sleep(0.3)
        assert body is not None, f"no /health within 90 s; output:\n{demo.stdout.read() if demo.stdout else ''}"
        assert body["status"] == "ok"
        assert body["engine"] == "falkordb"
        assert body["version"].startswith("4.")
        assert body["nodes"] == 4 + 1  # the fixture's four entities and the record of the run that loaded them
        assert len(servers_in(tmp_path)) == 1
        demo.send_signal(signal.SIGINT)
        output, _ = demo.communicate(timeout=60)
    finally:
        if demo.poll() is None:
            demo.kill()
            demo.wait()
    assert demo.returncode == 0, output
    assert "FalkorDB on 127.0.0.1" in output and "stopped" in output
    assert servers_in(tmp_path) == set(), "Ctrl-C left a database server behind"
    assert _health(api_port) is None
