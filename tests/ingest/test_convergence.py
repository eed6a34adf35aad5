"""A run killed mid-write leaves nothing a re-run does not put right: afterwards the graph equals
the graph of an uninterrupted run (each batch is one transaction; writes are MERGEs keyed by id)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from jxkg.store import GraphStore
from tests.conftest import env_for
from tests.generate.helpers import run as generate
from tests.ingest.test_export import fingerprint


def _ingest(folder: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "jxkg.cli.main", "ingest", str(folder)],
        env={**os.environ, **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def assert_rerun_converges(folder: Path, env: dict[str, str], store: GraphStore) -> tuple[set[Any], set[Any]]:
    """Re-run the interrupted ingest of `folder`, then ingest it into an emptied graph without
    interruption: both must leave the same graph. Returns that graph's fingerprint."""
    rerun = _ingest(folder, env)
    output, _ = rerun.communicate(timeout=600)
    assert rerun.returncode == 0, output
    converged = fingerprint(store)
    store.clear()
    clean = _ingest(folder, env)
    output, _ = clean.communicate(timeout=600)
    assert clean.returncode == 0, output
    assert fingerprint(store) == converged
    return converged


def test_kill_mid_write_then_rerun_converges(store: GraphStore, tmp_path: Path) -> None:
    folder = tmp_path / "province"
    info = generate(folder, 0.01, 5)
    env = {**env_for(store), "JXKG_DATA_DIR": str(tmp_path / "data")}

    first = _ingest(folder, env)
    deadline = time.monotonic() + 300
    at_kill = None
    while time.monotonic() < deadline and first.poll() is None:
        stats = store.stats()
        if stats.nodes > 0:
            first.send_signal(signal.SIGKILL)
            at_kill = stats
            break
        time.sleep(0.02)
    first.wait()
    assert at_kill is not None, "the run finished before it could be interrupted"
    assert at_kill.relationships < info["totals"]["edges"], "killed after the writes were done: nothing tested"

    converged = assert_rerun_converges(folder, env, store)
    assert len(converged[0]) == info["totals"]["nodes"]
    assert len(converged[1]) == info["totals"]["edges"]
