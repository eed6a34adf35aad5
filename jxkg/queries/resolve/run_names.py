"""The resolver an ingest run is handed: the graph it writes into plus the entities the run reads.

The ingest cannot import this library (they share a floor), so a face-side caller (`jxkg ingest`,
the stewards' validate and ingest) makes one and passes it down as the ingest's `NameResolver`.
"""

from __future__ import annotations

from collections.abc import Iterable

from jxkg.errors import ParameterError
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.queries.resolve.local import LocalNames
from jxkg.queries.resolve.model import Resolution
from jxkg.queries.resolve.normalise import Normaliser
from jxkg.queries.resolve.resolver import Resolver
from jxkg.store import GraphStore

__all__ = ["RunNames"]


class RunNames:
    """The resolver an ingest run is given: the graph it writes into plus the run's own entities."""

    def __init__(self, store: GraphStore, schema: GraphSchema | None = None) -> None:
        schema = schema if schema is not None else load_schema()
        normaliser = Normaliser()
        self.local = LocalNames(schema, normaliser)
        self.resolver = Resolver(store, schema, normaliser, local=self.local)
        self._indexed = False

    def add(self, class_name: str, entity_id: str, name_zh: object, aliases: Iterable[str] = ()) -> None:
        self.local.add(class_name, entity_id, name_zh, aliases)

    def resolve_name(self, text: str, class_name: str) -> Resolution:
        """The ranked candidates within the class and its subclasses; none for text no name can be
        (empty, too long, a control character: the ingest reports the cell as not found)."""
        if not self._indexed:  # a graph nothing was written to yet has no full-text index to search (Neo4j
            # refuses the call): the run's writes would make it first thing anyway; it changes no data
            self.resolver.store.ensure_schema(self.resolver.schema.index_specs())
            self._indexed = True
        try:
            return self.resolver.resolve(text, class_name=class_name)
        except ParameterError:
            return Resolution(text=text, normalised="", class_name=class_name, candidates=(), confident=False)
