"""A real Neo4j 5 Community server for tests, without Docker.

`tests/neo4j/` is a small Maven project: `jxkg.neo4j.Launcher` starts Neo4j (5.26 LTS, from Maven
Central) in-process with its Bolt connector on a loopback port and prints one line,
``NEO4J READY bolt://127.0.0.1:<port>``, when it accepts connections. This module builds it when
needed (Java 17 + Maven, dependencies in ``~/.m2``), starts it, waits for that line, and stops it.

Auth is disabled unless a password is given: connect with ``auth=None`` (any credentials are
accepted too). With ``password=...`` (8+ characters) the user is ``neo4j`` with that password.

POSIX only (process groups, signals). Foreground use, as ``make neo4j`` does::

    python tests/neo4j_server.py --port 7687 --data .jxkg/neo4j
"""

from __future__ import annotations

import argparse
import atexit
import collections
import contextlib
import fcntl
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from types import FrameType, TracebackType
from typing import TextIO

PROJECT_DIR = Path(__file__).resolve().parent / "neo4j"
MAIN_CLASS = "jxkg.neo4j.Launcher"
READY_PREFIX = "NEO4J READY "
# Small footprint for a 2-core CI machine; the page cache (64m) is set by the launcher. C1-only JIT
# (TieredStopAtLevel=1) measured ~35% faster start-to-ready and ~20 MB less RSS, fine for test-sized queries.
DEFAULT_JVM_OPTIONS: tuple[str, ...] = (
    "-Xms64m",
    "-Xmx512m",
    "-XX:+UseSerialGC",
    "-XX:TieredStopAtLevel=1",
    "-Dfile.encoding=UTF-8",
)
START_TIMEOUT_S = 180.0
STOP_TIMEOUT_S = 60.0
_TAIL_LINES = 40
_STAMP = ".build-stamp"


def _newest_mtime(paths: Sequence[Path]) -> float:
    return max(p.stat().st_mtime for p in paths)


def _build_is_current(project_dir: Path) -> bool:
    target = project_dir / "target"
    outputs = [target / "classes" / "jxkg" / "neo4j" / "Launcher.class", target / "classpath.txt"]
    stamp = target / _STAMP  # touched after each successful build (Maven may leave outputs untouched)
    if not all(p.is_file() for p in [*outputs, stamp]):
        return False
    sources = [project_dir / "pom.xml", *sorted((project_dir / "src").rglob("*.java"))]
    if _newest_mtime(sources) > stamp.stat().st_mtime:
        return False
    # The jars live in ~/.m2; if that was cleaned, the recorded classpath is stale too.
    return all(Path(jar).is_file() for jar in _read_classpath(project_dir))


def _read_classpath(project_dir: Path) -> list[str]:
    text = (project_dir / "target" / "classpath.txt").read_text(encoding="utf-8").strip()
    return [entry for entry in text.split(os.pathsep) if entry]


def build_launcher(project_dir: Path = PROJECT_DIR, jvm_options: Sequence[str] = DEFAULT_JVM_OPTIONS) -> list[str]:
    """Build the launcher if `target/` is missing or older than its sources; return the java command prefix.

    The prefix ends with the main class; the launcher's own arguments (``--port``, ``--data``...) follow it.
    """
    project_dir = project_dir.resolve()
    java = shutil.which("java")
    if java is None:
        raise RuntimeError("`java` (Java 17+) is not on PATH; it is needed to run the Neo4j test server")
    target = project_dir / "target"
    target.mkdir(exist_ok=True)
    with (target / ".build.lock").open("w") as lock:  # parallel test workers build once
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not _build_is_current(project_dir):
            mvn = shutil.which("mvn")
            if mvn is None:
                raise RuntimeError(
                    f"`mvn` (Maven) is not on PATH; it is needed to build the Neo4j test launcher in {project_dir}"
                )
            command = [mvn, "-q", "-B", "package", "-DskipTests", "dependency:build-classpath"]
            result = subprocess.run(
                command,
                cwd=project_dir,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                check=False,
            )
            if result.returncode == 0:
                (target / _STAMP).touch()
            if result.returncode != 0 or not _build_is_current(project_dir):
                tail = "\n".join((result.stdout + result.stderr).splitlines()[-_TAIL_LINES:])
                raise RuntimeError(f"building the Neo4j test launcher failed ({' '.join(command)}):\n{tail}")
    classpath = os.pathsep.join([str(target / "classes"), *_read_classpath(project_dir)])
    return [java, *jvm_options, "-cp", classpath, MAIN_CLASS]


class Neo4jTestServer:
    """One Neo4j test server process. Use as a context manager, or call `start()` and `stop()`."""

    def __init__(
        self,
        *,
        port: int | None = None,
        data_dir: Path | None = None,
        password: str | None = None,
        host: str = "127.0.0.1",
        pagecache: str = "64m",
        project_dir: Path = PROJECT_DIR,
        jvm_options: Sequence[str] = DEFAULT_JVM_OPTIONS,
        start_timeout_s: float = START_TIMEOUT_S,
        stop_timeout_s: float = STOP_TIMEOUT_S,
        echo: TextIO | None = None,
    ) -> None:
        if password is not None and len(password) < 8:
            raise ValueError("Neo4j requires passwords of at least 8 characters")
        self.port = port
        self.data_dir = data_dir
        self.password = password
        self.host = host
        self.pagecache = pagecache
        self.project_dir = project_dir
        self.jvm_options = tuple(jvm_options)
        self.start_timeout_s = start_timeout_s
        self.stop_timeout_s = stop_timeout_s
        self.echo = echo  # where to copy the launcher's output as it comes (None: keep only the tail)
        self._process: subprocess.Popen[str] | None = None
        self._reader: threading.Thread | None = None
        self._output: collections.deque[str] = collections.deque(maxlen=_TAIL_LINES)
        self._ready = threading.Event()
        self._uri: str | None = None
        self._temp_dir: Path | None = None

    # -- what tests use -------------------------------------------------------------------------
    @property
    def uri(self) -> str:
        if self._uri is None:
            raise RuntimeError("the Neo4j test server is not running")
        return self._uri

    @property
    def auth(self) -> tuple[str, str] | None:
        return None if self.password is None else ("neo4j", self.password)

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def log_dir(self) -> Path | None:
        return None if self.data_dir is None else self.data_dir / "logs"

    def output_tail(self) -> str:
        return "\n".join(self._output)

    # -- lifecycle --------------------------------------------------------------------------------
    def start(self, port: int | None = None, *, data_dir: Path | None = None) -> Neo4jTestServer:
        """Start and wait for READY. No port: the launcher binds a free one (no race). No data_dir: a temp dir."""
        if self._process is not None:
            raise RuntimeError("the Neo4j test server is already started")
        if port is not None:
            self.port = port
        if data_dir is not None:
            self.data_dir = data_dir
        try:
            command = build_launcher(self.project_dir, self.jvm_options)
            if self.data_dir is None:
                self._temp_dir = Path(tempfile.mkdtemp(prefix="jxkg-neo4j-"))
                self.data_dir = self._temp_dir
            self.data_dir = self.data_dir.resolve()
            self.data_dir.mkdir(parents=True, exist_ok=True)
            command += ["--host", self.host, "--port", str(self.port or 0), "--data", str(self.data_dir)]
            command += ["--pagecache", self.pagecache, "--watch-stdin", "true"]
            if self.password is not None:
                command += ["--password", self.password]
            self._ready.clear()
            self._output.clear()
            self._process = subprocess.Popen(
                command,
                stdin=subprocess.PIPE,  # the launcher stops when this pipe closes, i.e. if we die
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                encoding="utf-8",
                errors="replace",
                start_new_session=True,  # own process group: terminal Ctrl-C does not reach it; we stop it
            )
            atexit.register(self.stop)
            self._reader = threading.Thread(target=self._read_output, name="neo4j-test-server-output", daemon=True)
            self._reader.start()
            self._wait_ready()
        except BaseException:
            self._temp_dir = None  # keep a failed start's data folder: its logs/ explain the failure
            self.stop()
            raise
        return self

    def _read_output(self) -> None:
        process = self._process
        assert process is not None and process.stdout is not None
        for raw in process.stdout:
            line = raw.rstrip("\n")
            self._output.append(line)
            if self.echo is not None:
                print(line, file=self.echo, flush=True)
            if not self._ready.is_set() and line.startswith(READY_PREFIX):
                self._uri = line[len(READY_PREFIX) :].strip()
                self.port = int(self._uri.rsplit(":", 1)[1])
                self._ready.set()

    def _wait_ready(self) -> None:
        process = self._process
        assert process is not None
        deadline = time.monotonic() + self.start_timeout_s
        while not self._ready.wait(0.2):
            if process.poll() is not None:
                if self._reader is not None:
                    self._reader.join(5)
                raise RuntimeError(
                    f"the Neo4j test server exited with code {process.returncode} before it was ready "
                    f"(logs in {self.log_dir}); last output:\n{self.output_tail()}"
                )
            if time.monotonic() > deadline:
                raise RuntimeError(
                    f"the Neo4j test server was not ready after {self.start_timeout_s:.0f} s "
                    f"(logs in {self.log_dir}); last output:\n{self.output_tail()}"
                )

    def stop(self) -> int | None:
        """SIGTERM, wait up to `stop_timeout_s`, then SIGKILL. Returns the exit code (None if never started)."""
        process, self._process = self._process, None
        self._uri = None
        atexit.unregister(self.stop)
        code: int | None = None
        if process is not None:
            try:
                if process.poll() is None:
                    _signal_group(process.pid, signal.SIGTERM)
                    try:
                        process.wait(self.stop_timeout_s)
                    except subprocess.TimeoutExpired:
                        _signal_group(process.pid, signal.SIGKILL)
                        process.wait()
            finally:
                if process.poll() is None:  # interrupted while waiting: do not leave it behind
                    _signal_group(process.pid, signal.SIGKILL)
                    process.wait()
                if self._reader is not None:
                    self._reader.join(5)
                    self._reader = None
                for stream in (process.stdin, process.stdout):
                    if stream is not None:
                        with contextlib.suppress(OSError):
                            stream.close()
            code = process.returncode
        if self._temp_dir is not None:
            shutil.rmtree(self._temp_dir, ignore_errors=True)
            self.data_dir = self._temp_dir = None
        return code

    def wait(self) -> int:
        """Block until the server process ends on its own; returns its exit code."""
        if self._process is None:
            raise RuntimeError("the Neo4j test server is not running")
        return self._process.wait()

    def __enter__(self) -> Neo4jTestServer:
        return self if self._process is not None else self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def _signal_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)  # start_new_session=True made the child its group's leader


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the Neo4j 5 test server in the foreground until Ctrl-C.")
    parser.add_argument("--port", type=int, default=7687, help="Bolt port on loopback (0: any free port)")
    parser.add_argument("--data", type=Path, default=Path(".jxkg/neo4j"), help="data folder (database and logs)")
    parser.add_argument("--password", default=None, help="enable auth: user neo4j, this password (8+ chars)")
    parser.add_argument("--host", default="127.0.0.1")
    args = parser.parse_args(argv)

    def on_sigterm(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    server = Neo4jTestServer(
        port=args.port, data_dir=args.data, password=args.password, host=args.host, echo=sys.stdout
    )
    try:
        server.start()
        print(f"Neo4j logs: {server.log_dir}; Ctrl-C stops it.", file=sys.stderr, flush=True)
        code = server.wait()
        print(f"the Neo4j test server exited by itself (code {code})", file=sys.stderr)
        return code or 1
    except KeyboardInterrupt:
        return 0 if server.stop() == 0 else 1
    except RuntimeError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
