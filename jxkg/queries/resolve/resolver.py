"""What someone typed → ranked entities: the one resolver every face goes through.

Candidates come from the engines' indexes (`candidates`: the id and `nameZh` indexes, then the
full-text index over the text's forms and its three-character windows), a bounded set however large
the graph, scored here in Python (`score`). An in-memory index of every name per store was the
alternative; it is kept only for pinyin (`pinyin_index`), which no engine index holds: holding and
re-normalising 300k entities' names on every ingest costs seconds and memory a single lookup does not.

Ranking: score, then how it matched (exact before normalised before fuzzy), then the class asked for
itself before its subclasses, then the shorter name. The first candidate is `confident` when it is
an exact match no other candidate shares, or scores at least `CONFIDENT_SCORE` and leads the next by
`CONFIDENT_MARGIN`; what cannot be told apart comes back as several candidates, never one guess.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from jxkg.errors import ParameterError
from jxkg.ontology.schema import GraphSchema, load_schema
from jxkg.queries.resolve import candidates as fetch
from jxkg.queries.resolve.local import LocalNames
from jxkg.queries.resolve.model import Candidate, MatchKind, Resolution
from jxkg.queries.resolve.normalise import Normaliser, strip_affixes
from jxkg.queries.resolve.pinyin_index import PinyinIndex, graph_stamp
from jxkg.queries.resolve.score import Query, best_match
from jxkg.store import GraphStore
from jxkg.store.text import control_character_at

MAX_TEXT_CHARS = 200  # longer than any stored name (the longest curated one has under 60)
MAX_CANDIDATES = 50
DEFAULT_CANDIDATES = 10
CONFIDENT_SCORE = 80.0
CONFIDENT_MARGIN = 5.0
_RANK = {kind: rank for rank, kind in enumerate(MatchKind)}


def check_text(text: str, *, parameter: str = "text", what: str = "the name to resolve") -> str:
    """The text without surrounding whitespace; ParameterError (naming `parameter`) when it cannot name anything."""
    stripped = text.strip()
    if not stripped:
        raise ParameterError(f"{what} is empty", parameter=parameter)
    if len(stripped) > MAX_TEXT_CHARS:
        raise ParameterError(
            f"{what} has {len(stripped)} characters; at most {MAX_TEXT_CHARS} are allowed", parameter=parameter
        )
    at = control_character_at(stripped, allowed=frozenset())  # a name holds no tab or line end either
    if at is not None:
        raise ParameterError(
            f"{what} holds the control character U+{ord(stripped[at]):04X}; names have none", parameter=parameter
        )
    return stripped


class Scored(NamedTuple):
    """One fetched candidate: its node as the store returned it, and how its names met the text
    (None when none of them does by the resolver's rules); `order` ranks it (smaller first)."""

    node: dict[str, Any]
    candidate: Candidate | None
    order: tuple[Any, ...]


class Resolver:
    """Resolves names against one store. Hold one for many lookups: it keeps the normaliser and,
    once Latin text asks for it, the pinyin index of the store's names (rebuilt when the graph changes)."""

    def __init__(
        self,
        store: GraphStore,
        schema: GraphSchema | None = None,
        normaliser: Normaliser | None = None,
        *,
        local: LocalNames | None = None,
    ):
        self.store = store
        self.schema = schema if schema is not None else load_schema()
        self.normaliser = normaliser if normaliser is not None else Normaliser()
        self.local = local  # entities not in the graph yet (an ingest run's), scored beside the stored ones
        self._pinyin: PinyinIndex | None = None

    def resolve(self, text: str, *, class_name: str | None = None, limit: int = DEFAULT_CANDIDATES) -> Resolution:
        if not 1 <= limit <= MAX_CANDIDATES:
            raise ParameterError(f"limit must be between 1 and {MAX_CANDIDATES}, got {limit}", parameter="limit")
        if class_name is not None:
            self.schema.node_type(class_name)  # an unknown class: UnknownNameError with the nearest names
        query = Query.of(check_text(text), self.normaliser)
        scored = sorted(self.scored(query, class_name), key=lambda item: item.order)
        ranked = tuple(item.candidate for item in scored if item.candidate is not None)
        return Resolution(
            text=query.text,
            normalised=query.key,
            class_name=class_name,
            candidates=ranked[:limit],
            confident=is_confident(ranked),
        )

    def scored(self, query: Query, class_name: str | None, *, whole_limit: int | None = None) -> list[Scored]:
        """Every candidate the indexes give for `query`, scored, unsorted (the class, if any, already
        checked). `whole_limit` widens the full-text hits per whole form (a search's longer lists)."""
        nodes = self._candidates(query, class_name, whole_limit)
        return [self._scored(query, node, class_name) for node in nodes.values()]

    def _candidates(self, query: Query, label: str | None, whole_limit: int | None) -> dict[str, dict[str, Any]]:
        store, schema = self.store, self.schema
        found = fetch.by_ids(store, fetch.id_forms(query.text, query.folded, schema, label), label)
        found |= fetch.by_names(store, fetch.name_forms(query.text, query.folded, query.key), label)
        forms = [query.text, query.folded, query.key, strip_affixes(query.folded)]
        if query.latin:
            expanded = self.normaliser.expand(query.text)
            latin_forms = [query.text, expanded, fetch.content_words(expanded)]
            found |= fetch.by_search(store, schema, latin_forms, fetch.latin_words(expanded), label, whole_limit)
            if _has_reading(query):
                found |= fetch.by_ids(store, self._pinyin_index().lookup(query.pinyin, MAX_CANDIDATES), label)
        else:
            found |= fetch.by_search(store, schema, forms, fetch.windows(query.folded), label, whole_limit)
            if not found and _has_reading(query):
                # nothing shares a character pair with it: a homophone typed by a pinyin input method
                # (赣洲市 for 赣州市, 南畅市 for 南昌市) is found by its reading, at the cost of the index
                found |= fetch.by_ids(store, self._pinyin_index().lookup(query.pinyin, MAX_CANDIDATES), label)
        if self.local is not None:  # a run's entity wins over its stored version: its names are the newer
            found |= self.local.candidates(query, label)
        return found

    def _pinyin_index(self) -> PinyinIndex:
        if self._pinyin is None or self._pinyin.stamp != graph_stamp(self.store):
            self._pinyin = PinyinIndex.build(self.store, self.normaliser)
        return self._pinyin

    def _scored(self, query: Query, node: dict[str, Any], class_name: str | None) -> Scored:
        properties = node["properties"]
        node_type = self.schema.most_specific_type(node["labels"])
        type_name = node_type.name if node_type is not None else str(sorted(node["labels"])[-1])
        name = str(properties.get("nameZh") or properties.get("nameEn") or properties.get("id"))
        node_id = str(properties.get("id", node.get("id")))
        match = best_match(query, properties, self.normaliser)
        if match is None:
            return Scored(node, None, (float("inf"), len(_RANK), type_name != class_name, len(name), node_id))
        candidate = Candidate(
            id=node_id,
            name=name,
            class_name=type_name,
            score=match.score,
            matched=match.kind,
            matched_form=match.form,
        )
        return Scored(node, candidate, (-match.score, _RANK[match.kind], type_name != class_name, len(name), node_id))


def _has_reading(query: Query) -> bool:
    """Whether the text reads as pinyin at all: a code (360000) has no letter, and is not looked up."""
    return any("a" <= char <= "z" for char in query.pinyin)


def is_confident(ranked: tuple[Candidate, ...]) -> bool:
    if not ranked:
        return False
    first, rest = ranked[0], ranked[1:]
    if first.matched.exact:
        return not any(other.matched.exact and other.score == first.score for other in rest)
    if first.score < CONFIDENT_SCORE:
        return False
    return not rest or first.score - rest[0].score >= CONFIDENT_MARGIN


def resolve(
    store: GraphStore, text: str, *, class_name: str | None = None, limit: int = DEFAULT_CANDIDATES
) -> Resolution:
    """One resolution with a fresh `Resolver` (hold a `Resolver` instead for many of them)."""
    return Resolver(store).resolve(text, class_name=class_name, limit=limit)
