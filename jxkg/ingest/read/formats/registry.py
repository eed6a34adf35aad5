"""The registry of input formats: the built-in ones, each from its own module, and a scoped way to add one.

    FORMATS.by_suffix(".csv").read_table(path, options)
    with FORMATS.extended(psv):          # a format added for the block only (a test's, a plug-in's)
        ...

The registry is made once; what `extended` adds is held in a context variable and gone when the
block ends, so nothing global changes. A thread started inside the block sees the built-in formats
only (a new thread starts with an empty context): run it in `contextvars.copy_context()` to share.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from jxkg.ingest.read.formats.record import InputFormat

__all__ = ["FORMATS", "FormatRegistry", "listed"]


class FormatRegistry:
    """Input formats in the order people are told of them; looked up by name, suffix or content."""

    def __init__(self, formats: Iterable[InputFormat]) -> None:
        self._own = _checked(tuple(formats))
        self._added: ContextVar[tuple[InputFormat, ...]] = ContextVar(f"formats-added-{id(self)}", default=())

    def all(self) -> tuple[InputFormat, ...]:
        return (*self._own, *self._added.get())

    def __iter__(self) -> Iterator[InputFormat]:
        return iter(self.all())

    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.all())

    def find(self, name: str) -> InputFormat | None:
        return next((f for f in self.all() if f.name == name), None)

    def get(self, name: str) -> InputFormat:
        found = self.find(name)
        if found is None:
            raise KeyError(f"no input format {name!r} ({', '.join(self.names())})")
        return found

    def by_suffix(self, suffix: str) -> InputFormat | None:
        """The format the readers take a file of this suffix (`.csv`) as."""
        return next((f for f in self.all() if suffix.lower() in f.suffixes), None)

    def by_name_hint(self, suffix: str) -> InputFormat | None:
        """The format an upload's name suggests: its suffixes, and the hints some formats add (`.txt`)."""
        return next((f for f in self.all() if suffix.lower() in (*f.suffixes, *f.name_hints)), None)

    def tabular(self) -> tuple[InputFormat, ...]:
        return tuple(f for f in self.all() if f.tabular)

    def rdf(self) -> tuple[InputFormat, ...]:
        return tuple(f for f in self.all() if not f.tabular)

    def sniffing_order(self) -> list[InputFormat]:
        return sorted(self.all(), key=lambda f: f.sniff_rank)

    @contextmanager
    def extended(self, *formats: InputFormat) -> Iterator[FormatRegistry]:
        """The registry with `formats` added for the block (in this context), as it was after."""
        _checked((*self.all(), *formats))
        token = self._added.set((*self._added.get(), *formats))
        try:
            yield self
        finally:
            self._added.reset(token)


def _checked(formats: tuple[InputFormat, ...]) -> tuple[InputFormat, ...]:
    """No two formats share a name or a suffix (a name hint included): every lookup has one answer."""
    seen: dict[str, str] = {}
    for fmt in formats:
        for key in (fmt.name, *fmt.suffixes, *fmt.name_hints):
            if key in seen:
                raise ValueError(f"input format {fmt.name!r}: {key!r} is already {seen[key]!r}'s")
            seen[key] = fmt.name
    return formats


def listed(words: Sequence[str], last: str = "or") -> str:
    """`a, b or c`: a list of names in a sentence."""
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {last} {words[-1]}"


# the package's own folder: its modules are found there without importing the package, which imports this one
_PACKAGE_FOLDER = Path(__file__).parent
_NOT_FORMATS = frozenset({"record", "registry"})  # the package's modules that hold no format


def built_in_formats() -> list[InputFormat]:
    """Every `InputFormat` record a module of this package makes, in listing order: a format is
    added by adding its module, nothing else."""
    found: list[InputFormat] = []
    for module in pkgutil.iter_modules([str(_PACKAGE_FOLDER)]):
        if module.name in _NOT_FORMATS:
            continue
        loaded = importlib.import_module(f"{__package__}.{module.name}")
        found += [value for value in vars(loaded).values() if isinstance(value, InputFormat)]
    return sorted(found, key=lambda fmt: (fmt.listing_rank, fmt.name))


FORMATS = FormatRegistry(built_in_formats())
