"""What the SHACL gate settles, written while it validates the rest: the writer's side of `run_ingest`.

The gate settles its batches in order (`gate.Settled`: positions in the staging store of the records
that passed). A `Feed` fetches those records from the staging store and hands them to the writer's
session, a few batches at a time (a statement then still carries up to `writer.BATCH_SIZE` rows of one
class or type), in the order they were settled, so a link always comes after its ends.

With `overlap`, a thread of its own writes while the gate goes on: the gate's workers are forked
processes and the writer mostly waits for the database, so the two run side by side. Without it (a
single-process gate, as in the API's threaded server, where the pool must not fork) the settled
batches are kept (their positions only) and written once the gate has ended: the same writes, one
after the other.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jxkg.ingest.gate.run import Settled
from jxkg.ingest.staging import StagingReader
from jxkg.ingest.write.writer import WriteSession

# records fetched and written together: large enough for full statements, small enough to stay out of sight
FLUSH_RECORDS = 20_000


class _Writes:
    """Settled batches gathered up to FLUSH_RECORDS records, then fetched and written."""

    def __init__(self, path: Path, session: WriteSession) -> None:
        self._path = path
        self._session = session
        self._reader: StagingReader | None = None  # opened in the thread that writes
        self._nodes: list[int] = []
        self._edges: list[int] = []

    def add(self, settled: Settled) -> None:
        self._nodes += settled.nodes
        self._edges += settled.edges
        if len(self._nodes) + len(self._edges) >= FLUSH_RECORDS:
            self.flush()

    def flush(self) -> None:
        if not self._nodes and not self._edges:
            return
        if self._reader is None:
            self._reader = StagingReader(self._path)
        nodes = self._reader.entities_at(self._nodes)
        edges = self._reader.links_at(sorted(self._edges))  # in the order they were read, as the writer lists problems
        self._nodes, self._edges = [], []
        self._session.write(nodes, edges)

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()


class Feed:
    """Takes the gate's settled batches (`put`, in the gate's thread) to the writer."""

    def __init__(self, writes: _Writes, overlap: bool) -> None:
        self._writes = writes
        self._overlap = overlap
        self._queue: queue.SimpleQueue[Settled | None] = queue.SimpleQueue()
        self._kept: list[Settled] = []
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._consume, name="jxkg-writer", daemon=True) if overlap else None

    def put(self, settled: Settled) -> None:
        if self._error is not None:
            raise self._error  # the writer failed: stop the gate too
        if self._overlap:
            self._queue.put(settled)
        else:
            self._kept.append(settled)

    def _consume(self) -> None:
        try:
            while (settled := self._queue.get()) is not None:
                self._writes.add(settled)
            self._writes.flush()
        except BaseException as exc:  # handed to the gate's thread, which raises it
            self._error = exc
            while self._queue.get() is not None:  # let the gate finish putting without blocking
                pass
        finally:
            self._writes.close()  # an SQLite connection is closed in the thread that opened it

    def start(self) -> None:
        """Start the writer's thread (with `overlap`)."""
        if self._thread is not None:
            self._thread.start()

    def finish(self) -> None:
        """Write everything put, and wait for it; the writer's error, if it failed, is raised here."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
        else:
            for settled in self._kept:
                self._writes.add(settled)
            self._writes.flush()
        if self._error is not None:
            raise self._error

    def stop(self) -> None:
        """After an error in the gate: the writer's thread ends with what was settled (all of it passed
        the gate); without a thread, nothing kept is written."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()

    def close(self) -> None:
        """Without a thread, close what the writes opened (the thread closes it itself)."""
        if self._thread is None:
            self._writes.close()


@contextmanager
def feeding(path: Path, session: WriteSession, *, overlap: bool) -> Iterator[Feed]:
    """A feed from the gate to `session` (records read from the staging store at `path`); everything
    put is written when the block ends without an error."""
    feed = Feed(_Writes(path, session), overlap)
    feed.start()
    try:
        yield feed
        feed.finish()
    except BaseException:
        feed.stop()
        raise
    finally:
        feed.close()
