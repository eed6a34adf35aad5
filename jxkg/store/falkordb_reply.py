"""Reading a FalkorDB reply within a read's time limit, and its values as plain Python.

The server sends a result set whole, and reading it took longer than the server's work (a million
rows: 1.3 s to 4.6 s on a loaded machine, where the server spent 0.1 s to 0.5 s), so the reading is
cut off at the deadline too; the rows a row limit keeps are the only ones parsed, a chunk at a time.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

import redis
from falkordb.edge import Edge
from falkordb.graph import Graph
from falkordb.node import Node
from falkordb.path import Path as FalkorPath
from falkordb.query_result import QueryResult as FalkorResult

from jxkg.store.base import DEADLINE_CHUNK, Deadline, Row
from jxkg.store.values import plain_node, plain_path, plain_relationship, plain_scalar


class Watchdog:
    """One thread per store that runs an action when a deadline passes: cutting off the reading of a
    reply. A timer thread per read cost 0.6-0.75 ms a read; arming this costs a lock. The thread
    starts with the first deadline and ends when the store closes (a later read starts it again)."""

    def __init__(self) -> None:
        self._lock = threading.Condition()
        self._armed: dict[int, tuple[float, Callable[[], None]]] = {}
        self._keys = itertools.count()
        self._thread: threading.Thread | None = None
        self._nearest = math.inf

    def arm(self, at: float, action: Callable[[], None]) -> int:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._watch, name="jxkg-read-deadlines", daemon=True)
                self._thread.start()
            key = next(self._keys)
            self._armed[key] = (at, action)
            if at < self._nearest:  # deadlines mostly come later than those armed: no wake-up then
                self._nearest = at
                self._lock.notify()
            return key

    def disarm(self, key: int) -> None:
        """After this returns the action has either run or never will (it runs under the same lock)."""
        with self._lock:
            self._armed.pop(key, None)

    def stop(self) -> None:
        with self._lock:
            self._thread = None
            self._lock.notify()

    def _watch(self) -> None:
        me = threading.current_thread()
        with self._lock:
            while self._thread is me:
                now = time.monotonic()
                for key in [key for key, (at, _) in self._armed.items() if at <= now]:
                    self._armed.pop(key)[1]()
                self._nearest = min((at for at, _ in self._armed.values()), default=math.inf)
                self._lock.wait(None if self._nearest == math.inf else self._nearest - now)


def read_reply(graph: Graph, command: tuple[Any, ...], deadline: Deadline | None, watchdog: Watchdog) -> Any:
    """Send `command` and read its reply. A read's reply is cut off at its deadline: the server
    sends a result set whole, and reading a million rows took longer than the server's work
    (1.3 s to 4.6 s on a loaded machine, where the server spent 0.1 s to 0.5 s). The watchdog shuts
    the connection's socket at the deadline, which ends the reading with an error; the connection is
    then dropped and the next read takes a fresh one."""
    if deadline is None:
        return graph.execute_command(*command)
    pool = graph.client.connection.connection_pool
    connection = pool.get_connection()
    cut = threading.Event()

    def cut_off() -> None:
        cut.set()
        sock = getattr(connection, "_sock", None)  # redis-py keeps the socket there; no public way to cut a read
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    key = watchdog.arm(time.monotonic() + deadline.remaining_s(), cut_off)
    try:
        connection.send_command(*command)
        return connection.read_response()
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError) as exc:
        if cut.is_set():
            raise deadline.error() from exc
        raise
    finally:
        watchdog.disarm(key)
        if cut.is_set():
            connection.disconnect()
        pool.release(connection)


def parse_reply(
    graph: Graph, response: list[Any], row_limit: int | None, deadline: Deadline | None
) -> tuple[FalkorResult, list[list[Any]], bool]:
    """The client's result (header, statistics) and the rows kept, parsed a chunk at a time."""
    if deadline is not None:
        deadline.check()  # the reply itself came after the limit (the server's clock started later)
    if len(response) != 3:  # statistics only (a write that returns nothing), or an error
        return FalkorResult(graph, response), [], False
    header, raw_rows, stats = response
    shell = FalkorResult(graph, [header, [], stats])  # raises the server's run-time error, if any
    truncated = row_limit is not None and len(raw_rows) > row_limit
    kept = raw_rows[:row_limit] if row_limit is not None else raw_rows
    records: list[list[Any]] = []
    for start in range(0, len(kept), DEADLINE_CHUNK):
        if deadline is not None:
            deadline.check()
        records += FalkorResult(graph, [header, kept[start : start + DEADLINE_CHUNK], stats]).result_set
    return shell, records, truncated


def convert_rows(
    columns: list[str], records: list[list[Any]], endpoint_ids: dict[int, Any], deadline: Deadline | None
) -> list[Row]:
    """The rows as plain values, a chunk at a time against the deadline."""
    rows: list[Row] = []
    for start in range(0, len(records), DEADLINE_CHUNK):
        if deadline is not None:
            deadline.check()
        rows += [
            {col: plain(value, endpoint_ids) for col, value in zip(columns, record, strict=True)}
            for record in records[start : start + DEADLINE_CHUNK]
        ]
    return rows


def endpoint(value: Node | int) -> int:
    return int(value.id) if isinstance(value, Node) else int(value)


def walk(values: list[Any]) -> Any:
    for value in values:
        if isinstance(value, list):
            yield from walk(value)
        elif isinstance(value, dict):
            yield from walk(list(value.values()))
        elif isinstance(value, FalkorPath):
            yield from value.nodes()
            yield from value.edges()
        else:
            yield value


def plain(value: Any, endpoint_ids: dict[int, Any]) -> Any:
    if isinstance(value, Node):
        return plain_node(value.labels or [], value.properties)
    if isinstance(value, Edge):
        return plain_relationship(
            value.relation,
            endpoint_ids.get(endpoint(value.src_node)),
            endpoint_ids.get(endpoint(value.dest_node)),
            value.properties,
        )
    if isinstance(value, FalkorPath):
        return plain_path(
            [plain(n, endpoint_ids) for n in value.nodes()],
            [plain(e, endpoint_ids) for e in value.edges()],
        )
    if isinstance(value, list):
        return [plain(v, endpoint_ids) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v, endpoint_ids) for k, v in value.items()}
    return plain_scalar(value)
