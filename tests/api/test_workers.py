"""`jxkg serve --workers N` (JXKG_WORKERS): N processes serve, the rate limit is shared out among them,
and one ingest runs at a time per data folder whichever process a steward reaches."""

from __future__ import annotations

import http.client
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from jxkg.graph_api.limits import RateLimiter
from jxkg.steward.job_slot import JobSlot
from jxkg.store.falkordb_engine import FalkorDBStore
from tests.conftest import CuratedGraphs, served_api


@pytest.fixture(scope="module")
def curated(curated_graphs: CuratedGraphs) -> Iterator[FalkorDBStore]:
    with curated_graphs.falkordb() as store:
        yield store


def _socket_owners(pids: set[int]) -> dict[int, int]:
    """Socket inode → the pid of `pids` that holds it open (read from /proc)."""
    owners = {}
    for pid in pids:
        fds = Path(f"/proc/{pid}/fd")
        for fd in fds.iterdir():
            try:
                target = str(fd.readlink())
            except OSError:
                continue  # closed meanwhile
            if target.startswith("socket:["):
                owners[int(target[8:-1])] = pid
    return owners


def _server_side_inode(server_port: int, client_port: int) -> int | None:
    """The inode of the server's end of the loopback connection from `client_port` (/proc/net/tcp)."""
    want_local, want_remote = f"0100007F:{server_port:04X}", f"0100007F:{client_port:04X}"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1] == want_local and fields[2] == want_remote:
            return int(fields[9])
    return None


def _workers_of(parent: int) -> set[int]:
    """The worker processes under `parent` (the uvicorn supervisor), not multiprocessing's resource tracker."""
    found = set()
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
            cmdline = (status.parent / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = next(int(line.split()[1]) for line in text.splitlines() if line.startswith("PPid:"))
        if ppid == parent and b"spawn_main" in cmdline:
            found.add(int(status.parent.name))
    return found


def _serving_pid(base: str, parent: int, path: str = "/api/v1/schema") -> tuple[int, int]:
    """One request on a fresh connection, kept open while we look up which worker holds its server end:
    (that worker's pid, the response status)."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        client_port = connection.sock.getsockname()[1]
        inode = _server_side_inode(int(port), client_port)
        assert inode is not None, "the connection is not in /proc/net/tcp"
        owner = _socket_owners(_workers_of(parent)).get(inode)
        assert owner is not None, "no worker holds the connection"
        return owner, response.status
    finally:
        connection.close()


def _supervisor_pid(base: str) -> int:
    """The `jxkg serve` process serving `base` (by its command line and its JXKG_API_PORT)."""
    port = base.rsplit(":", 1)[1].encode()
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            cmdline, environ = (proc / "cmdline").read_bytes(), (proc / "environ").read_bytes()
        except OSError:
            continue
        if b"jxkg.cli.main\x00serve" in cmdline and b"JXKG_API_PORT=" + port + b"\x00" in environ:
            return int(proc.name)
    raise AssertionError(f"no jxkg serve on {base}")


def test_two_workers_both_serve(curated: FalkorDBStore, tmp_path: Path) -> None:
    with served_api(curated, tmp_path, JXKG_WORKERS="2", JXKG_RATE_LIMIT="0") as base:
        parent = _supervisor_pid(base)
        assert len(_workers_of(parent)) == 2
        seen: set[int] = set()
        for _ in range(60):  # the kernel hands each new connection to whichever worker accepts first
            pid, status = _serving_pid(base, parent)
            assert status == 200
            seen.add(pid)
            if len(seen) == 2:
                break
        assert seen == _workers_of(parent)


def test_the_rate_limit_is_shared_out_among_the_workers(curated: FalkorDBStore, tmp_path: Path) -> None:
    """JXKG_RATE_LIMIT=4 over 2 workers: each lets a client through twice a minute, 4 in all (docs/api.md)."""
    with served_api(curated, tmp_path, JXKG_WORKERS="2", JXKG_RATE_LIMIT="4") as base:
        parent = _supervisor_pid(base)
        allowed: dict[int, int] = {}
        refused = 0
        for _ in range(40):
            pid, status = _serving_pid(base, parent)
            assert status in {200, 429}
            if status == 200:
                allowed[pid] = allowed.get(pid, 0) + 1
            else:
                refused += 1
        assert all(n <= 2 for n in allowed.values()), allowed
        assert 2 <= sum(allowed.values()) <= 4 and refused >= 36


def test_the_limiter_holds_its_share() -> None:
    now = [0.0]
    limiter = RateLimiter(600, shares=3, clock=lambda: now[0])
    assert sum(limiter.acquire("key:a") == 0.0 for _ in range(250)) == 200  # a third of the minute's 600
    now[0] += 3.0  # refilled at a third of 10 a second
    assert sum(limiter.acquire("key:a") == 0.0 for _ in range(50)) == 10
    tiny = RateLimiter(1, shares=4, clock=lambda: now[0])  # below one request a worker: one each
    assert tiny.acquire("key:b") == 0.0 and tiny.acquire("key:b") > 0


def test_one_ingest_slot_per_data_folder_across_processes(tmp_path: Path) -> None:
    first, second = JobSlot(tmp_path), JobSlot(tmp_path)
    assert first.take("job-1") is None
    assert second.take("job-2") == "job-1" and second.holder() == "job-1" and first.holder() == "job-1"
    other_process = textwrap.dedent(
        f"""
        from pathlib import Path
        from jxkg.steward.job_slot import JobSlot
        print(JobSlot(Path({str(tmp_path)!r})).take("job-3"))
        """
    )
    shown = subprocess.run([sys.executable, "-c", other_process], capture_output=True, text=True, check=True)
    assert shown.stdout.strip() == "job-1"
    first.release()
    assert second.holder() is None and second.take("job-2") is None
    second.release()
    # a process that dies holding the slot leaves it free
    dies = (
        "import os; from pathlib import Path; from jxkg.steward.job_slot import JobSlot; "
        f"JobSlot(Path({str(tmp_path)!r})).take('job-4'); os._exit(0)"
    )
    subprocess.run([sys.executable, "-c", dies], check=True)
    assert first.holder() is None
