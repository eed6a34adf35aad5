"""What reading one file may cost, counted as it reads: rows, triples, values per entity, seconds.

    budget = ReadBudget(ReadLimits(label="data.ttl", rows=100_000, triples=1_000_000, ...))
    with reading_within(budget):
        read_sources(...)             # the readers call `counted_row()`; the RDF parser's store counts triples

A stewards' upload is read within a budget; `jxkg ingest` of the project's own files is not (no
budget active: every count is a no-op). The budget is held in a context variable, so the readers
need no new parameter; it is set in the thread that reads (a route's worker thread).

Each breach raises `UploadTooLargeError` (413) naming the limit and its setting, as soon as the
count passes the limit: the rest of the file is not read. The clock is looked at on every count,
so a parse that runs long is stopped within one row or one triple of its time running out.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from jxkg.errors import UploadTooLargeError

__all__ = [
    "ReadBudget",
    "ReadLimits",
    "checked_time",
    "counted_cell_values",
    "counted_pending_term",
    "counted_row",
    "counted_triple",
    "current_budget",
    "mapping_row",
    "reading_within",
]

# the settings that set each limit, named in the refusal
ROWS_SETTING = "JXKG_MAX_UPLOAD_ROWS"
TRIPLES_SETTING = "JXKG_MAX_UPLOAD_TRIPLES"
PROPERTY_VALUES_SETTING = "JXKG_MAX_UPLOAD_PROPERTY_VALUES"
ENTITY_VALUES_SETTING = "JXKG_MAX_UPLOAD_ENTITY_VALUES"
SECONDS_SETTING = "JXKG_MAX_UPLOAD_PARSE_SECONDS"

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_RDF_STATEMENT = "http://www.w3.org/1999/02/22-rdf-syntax-ns#Statement"  # a reified relationship, no entity


@dataclass(frozen=True)
class ReadLimits:
    """The limits of reading one file; `label` names it in a refusal."""

    label: str
    rows: int
    triples: int
    property_values: int  # values of one property of one entity (one subject and predicate)
    entity_values: int  # values of one entity, all its properties together (its triples as subject)
    seconds: float  # the parse's time, from the budget's start


class ReadBudget:
    """The counts of one read against its limits; refuses as soon as one passes."""

    def __init__(self, limits: ReadLimits, clock: Callable[[], float] = time.monotonic) -> None:
        self.limits = limits
        self.clock = clock
        self.started = clock()
        self.rows = 0
        self.triples = 0
        # per subject, and per (subject, predicate): memory bounded by the triple limit
        self.by_subject: Counter[str] = Counter()
        self.by_property: Counter[tuple[str, str]] = Counter()
        self.entities: set[str] = set()  # RDF subjects typed (but as statements): bounded by the row limit
        self.row_values = 0  # the values of the row being mapped (a table's entity), all its cells together

    def row(self) -> None:
        self.rows += 1
        if self.rows > self.limits.rows:
            self._refuse(
                f"more than {self.limits.rows:,} rows (RDF: entities) per upload; reading stopped at row "
                f"{self.rows:,}; split the file",
                self.limits.rows,
                ROWS_SETTING,
            )
        self.check_time()

    def triple(self, subject: str, predicate: str, obj: str) -> None:
        self.triples += 1
        if self.triples > self.limits.triples:
            self._refuse(
                f"more than {self.limits.triples:,} triples per upload; reading stopped at triple "
                f"{self.triples:,}; split the file",
                self.limits.triples,
                TRIPLES_SETTING,
            )
        self.by_property[(subject, predicate)] += 1
        if self.by_property[(subject, predicate)] > self.limits.property_values:
            self._refuse(
                f"{subject} has more than {self.limits.property_values:,} values of {predicate}",
                self.limits.property_values,
                PROPERTY_VALUES_SETTING,
            )
        if predicate == _RDF_TYPE and obj != _RDF_STATEMENT and subject not in self.entities:
            self._entity(subject)
        self.by_subject[subject] += 1
        if self.by_subject[subject] > self.limits.entity_values:
            self._refuse(
                f"{subject} has more than {self.limits.entity_values:,} values in all",
                self.limits.entity_values,
                ENTITY_VALUES_SETTING,
            )
        self.check_time()

    def mapping_row(self) -> None:
        """A table's row is about to be mapped to an entity: its values are counted from here."""
        self.row_values = 0
        self.check_time()

    def cell_values(self, count: int) -> None:
        """A cell of the row being mapped split into `count` values (a multi-valued property, links)."""
        if count > self.limits.property_values:
            self._refuse(
                f"a cell holds {count:,} values, more than {self.limits.property_values:,} for one property",
                self.limits.property_values,
                PROPERTY_VALUES_SETTING,
            )
        self.row_values += count
        if self.row_values > self.limits.entity_values:
            self._refuse(
                f"a row holds more than {self.limits.entity_values:,} values in all",
                self.limits.entity_values,
                ENTITY_VALUES_SETTING,
            )

    def pending_term(self, pending: int) -> None:
        """A term Turtle's parser made, `pending` since its last triple: one object list not yet added."""
        # the subject and the predicate are made before the objects
        if pending > self.limits.property_values + 2:
            self._refuse(
                f"an object list (one property of one subject) holds more than {self.limits.property_values:,} "
                f"values; parsing stopped at its value {pending - 2:,}",
                self.limits.property_values,
                PROPERTY_VALUES_SETTING,
            )
        self.check_time()

    def _entity(self, subject: str) -> None:
        """A subject typed: one more entity, counted against the row limit as the parser meets it."""
        self.entities.add(subject)
        if len(self.entities) > self.limits.rows:
            self._refuse(
                f"more than {self.limits.rows:,} entities per upload; parsing stopped at triple "
                f"{self.triples:,}; split the file",
                self.limits.rows,
                ROWS_SETTING,
            )

    def check_time(self) -> None:
        spent = self.clock() - self.started
        if spent > self.limits.seconds:
            self._refuse(
                f"reading it took more than {self.limits.seconds:g} s (stopped after {self.rows:,} rows, "
                f"{self.triples:,} triples); split the file",
                int(self.limits.seconds),
                SECONDS_SETTING,
            )

    def _refuse(self, what: str, limit: int, setting: str) -> None:
        label = self.limits.label
        raise UploadTooLargeError(f"{label}: {what} ({setting})", file=label, limit=limit, setting=setting)


_ACTIVE: ContextVar[ReadBudget | None] = ContextVar("jxkg-read-budget", default=None)


def current_budget() -> ReadBudget | None:
    return _ACTIVE.get()


@contextmanager
def reading_within(budget: ReadBudget) -> Iterator[ReadBudget]:
    """The readers count against `budget` in this block (in this thread's context)."""
    token = _ACTIVE.set(budget)
    try:
        yield budget
    finally:
        _ACTIVE.reset(token)


def counted_row() -> None:
    """One row (record, line) read: refused past the row or time limit; nothing without a budget."""
    budget = _ACTIVE.get()
    if budget is not None:
        budget.row()


def counted_triple(subject: str, predicate: str, obj: str) -> None:
    """One triple parsed: refused past the triple, entity, value or time limit; nothing without a budget."""
    budget = _ACTIVE.get()
    if budget is not None:
        budget.triple(subject, predicate, obj)


def mapping_row() -> None:
    """A table's row is about to be mapped: its values counted from here; refused past the time limit."""
    budget = _ACTIVE.get()
    if budget is not None:
        budget.mapping_row()


def counted_cell_values(count: int) -> None:
    """A cell split into `count` values: refused past the values limits; nothing without a budget."""
    budget = _ACTIVE.get()
    if budget is not None:
        budget.cell_values(count)


def counted_pending_term(pending: int) -> None:
    """A term of a Turtle object list not yet added: refused past the values or time limit."""
    budget = _ACTIVE.get()
    if budget is not None:
        budget.pending_term(pending)


def checked_time() -> None:
    """A long step between counts (the RDF reader's entities): refused past the time limit."""
    budget = _ACTIVE.get()
    if budget is not None:
        budget.check_time()
