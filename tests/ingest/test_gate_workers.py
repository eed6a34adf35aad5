"""The SHACL gate's forked workers die with the ingest that forked them (a `kill -9` of a real
`jxkg ingest` in the gate), and a re-run then gives the graph of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import time
import uuid
from pathlib import Path

import pytest

from jxkg.store.falkordb_engine import FalkorDBStore
from jxkg.store.falkordb_server import EmbeddedFalkorDB
from tests.generate.helpers import run as generate
from tests.ingest.test_convergence import _ingest, assert_rerun_converges


def _children(parent: int) -> set[int]:
    """Live (not zombie) processes whose parent is `parent`, from /proc."""
    found: set[int] = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        state, ppid = stat.rsplit(")", 1)[1].split()[:2]
        if int(ppid) == parent and state != "Z":
            found.add(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads processes from /proc (Linux)")
def test_a_kill_in_the_gate_leaves_no_worker_and_a_rerun_converges(
    falkordb_server: EmbeddedFalkorDB, tmp_path: Path
) -> None:
    folder = tmp_path / "province"
    generate(folder, 0.03, 11)  # about 9,000 entities: past the 5,000 from which the gate forks workers
    graph = f"gate_{uuid.uuid4().hex[:8]}"
    env = {
        "JXKG_ENGINE": "falkordb",
        "JXKG_FALKORDB_PORT": str(falkordb_server.port),
        "JXKG_GRAPH": graph,
        "JXKG_DATA_DIR": str(tmp_path / "data"),
    }
    first = _ingest(folder, env)
    workers: set[int] = set()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and first.poll() is None and len(workers) < 2:
        workers = _children(first.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the gate forked no workers before the run ended: nothing tested"
    first.send_signal(signal.SIGKILL)
    first.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    left = [pid for pid in workers if _alive(pid)]
    for pid in left:  # clean up before failing: these are this test's own processes
        os.kill(pid, signal.SIGKILL)
    assert not left, f"gate workers outlived the killed ingest: {left}"

    with FalkorDBStore(falkordb_server.host, falkordb_server.port, graph) as store:
        assert_rerun_converges(folder, env, store)
        store._graph.delete()
