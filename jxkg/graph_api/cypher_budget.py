"""Ad-hoc Cypher's own share of the engine: at most N queries at once per API key, M in all.

`POST /cypher` runs analysts' text, which may be as heavy as the time limit lets it; the catalog
and explorer reads do not take from this budget, so a few heavy queries cannot hold every engine
thread while readers wait. Past the key's share the answer is 429, past the whole budget 503, each
with `Retry-After`: the seconds until the oldest query holding the share reaches its time limit
(it ends by then). One budget lives on each app's state (`app.state.cypher_budget`).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from jxkg.graph_api.errors import ApiProblem


class CypherBudget:
    def __init__(
        self, per_key: int, total: int, *, limit_s: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        if per_key < 1 or total < 1:
            raise ValueError("per_key and total must be at least 1")
        self.per_key, self.total, self.limit_s = per_key, total, limit_s
        self._clock = clock
        self._running: dict[str, list[float]] = {}  # subject -> start times of its running queries
        self._lock = threading.Lock()

    @contextmanager
    def slot(self, subject: str) -> Iterator[None]:
        """Hold one of `subject`'s slots while the block runs; `ApiProblem` 429/503 when none is free."""
        started = self._take(subject)
        try:
            yield
        finally:
            with self._lock:
                mine = self._running[subject]
                mine.remove(started)
                if not mine:
                    del self._running[subject]

    def running(self, subject: str | None = None) -> int:
        with self._lock:
            if subject is not None:
                return len(self._running.get(subject, ()))
            return sum(len(starts) for starts in self._running.values())

    def _take(self, subject: str) -> float:
        with self._lock:
            now = self._clock()
            mine = self._running.get(subject, [])
            if len(mine) >= self.per_key:
                raise self._per_key_refusal(self._retry_after(mine, now))
            every = [start for starts in self._running.values() for start in starts]
            if len(every) >= self.total:
                raise self._total_refusal(self._retry_after(every, now))
            self._running.setdefault(subject, []).append(now)
            return now

    def _retry_after(self, starts: list[float], now: float) -> int:
        return max(1, math.ceil(min(starts) + self.limit_s - now))

    def _per_key_refusal(self, retry_after: int) -> ApiProblem:
        return ApiProblem(
            429,
            f"this key already runs {self.per_key} Cypher queries, as many as one key may at once "
            f"(JXKG_CYPHER_PER_KEY); retry in {retry_after} s",
            error="CypherBusyForKey",
            headers={"Retry-After": str(retry_after)},
            extensions={
                "detailZh": f"此密钥已有 {self.per_key} 个 Cypher 查询在运行，已达单个密钥的并发上限"
                f"（JXKG_CYPHER_PER_KEY）；请 {retry_after} 秒后重试",
                "limit": self.per_key,
                "setting": "JXKG_CYPHER_PER_KEY",
            },
        )

    def _total_refusal(self, retry_after: int) -> ApiProblem:
        return ApiProblem(
            503,
            f"the server already runs {self.total} Cypher queries, as many as it runs at once "
            f"(JXKG_CYPHER_TOTAL); retry in {retry_after} s",
            error="CypherBusy",
            headers={"Retry-After": str(retry_after)},
            extensions={
                "detailZh": f"服务器已有 {self.total} 个 Cypher 查询在运行，已达总并发上限"
                f"（JXKG_CYPHER_TOTAL）；请 {retry_after} 秒后重试",
                "limit": self.total,
                "setting": "JXKG_CYPHER_TOTAL",
            },
        )
