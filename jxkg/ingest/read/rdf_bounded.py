"""rdflib's parsers, bounded by the read budget (`jxkg.ingest.read.budget`) as they parse.

rdflib's parser cannot be interrupted from outside, so the budget is counted from inside, where
the parser hands over its work:

- every parser adds its triples to the graph's store: `CountingStore` counts each one (triples,
  entities, one subject's values) and reads the clock there, raising past a limit, which ends the
  parse. That bounds JSON-LD, whose parser adds each value as it meets it;
- Turtle's parser gathers an object list (`jx:aliases "a", "b", ...`: one subject, one property)
  whole before it adds a triple of it, so one entity with 400,000 values would be parsed whole
  before the store sees one. Turtle is therefore parsed through a sink that also counts each term
  the parser makes: the terms made since the last triple are one pending object list, refused past
  the values-per-property limit, and the clock is read at each term.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import rdflib
from rdflib.plugins.parsers.notation3 import RDFSink, SinkParser
from rdflib.plugins.stores.memory import Memory

from jxkg.ingest.read.budget import counted_pending_term, counted_triple

__all__ = ["CountingStore", "parse_turtle_counted"]


class CountingStore(Memory):
    """rdflib's in-memory store, counting each triple against the read budget as the parser adds it."""

    def add(self, triple: Any, context: Any, quoted: bool = False) -> None:
        subject, predicate, obj = triple
        counted_triple(str(subject), str(predicate), str(obj))
        super().add(triple, context, quoted)


class _CountingSink(RDFSink):
    """Turtle's sink, counting the terms made since the last statement (a pending object list)."""

    def __init__(self, graph: rdflib.Graph) -> None:
        super().__init__(graph)
        self.pending = 0

    def newSymbol(self, *args: str) -> rdflib.URIRef:  # noqa: N802 (rdflib's name)
        self._term()
        return super().newSymbol(*args)

    def newLiteral(self, s: str, dt: rdflib.URIRef | None, lang: str | None) -> rdflib.Literal:  # noqa: N802
        self._term()
        return super().newLiteral(s, dt, lang)

    def newBlankNode(self, arg: Any = None, uri: str | None = None, why: Any = None) -> rdflib.BNode:  # noqa: N802
        self._term()
        return super().newBlankNode(arg, uri, why)

    def makeStatement(self, quadruple: Any, why: Any = None) -> None:  # noqa: N802
        self.pending = 0  # the object list is being added: the store counts its triples from here
        super().makeStatement(quadruple, why)

    def _term(self) -> None:
        self.pending += 1
        counted_pending_term(self.pending)


def parse_turtle_counted(path: Path, graph: rdflib.Graph) -> None:
    """Parse the Turtle file at `path` into `graph` (on a `CountingStore`), as rdflib's Turtle parser
    does, through the counting sink; relative IRIs resolve against the file's URI, as rdflib's do."""
    parser = SinkParser(_CountingSink(graph), baseURI=path.absolute().as_uri(), turtle=True)
    with path.open("rb") as stream:
        parser.loadStream(stream)
