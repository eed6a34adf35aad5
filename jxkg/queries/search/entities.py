"""Entities by name, ranked rather than filtered: the resolver's candidates (`jxkg.queries.resolve`:
the id and name indexes, the full-text index over the text's forms and windows, pinyin), scored
by its rules, so a traditional, full-width, dash-less or 国家-less name is found too.

Ranking: an exact name, alias, English name (any case) or id first, always — the indexes fetch the
exact name and id by key, so ties among the full-text hits cannot push it out; then the names that
hold the text in some form (normalised, pinyin, prefix, substring, partial), then guesses (fuzzy,
words); within each, by the resolver's score (0-100), how it matched (`MATCHED`, strongest first),
the class asked for before its subclasses, the shorter name.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, get_args

from jxkg.cursors import decode_cursor, encode_cursor
from jxkg.errors import ParameterError
from jxkg.ontology.schema import GraphSchema
from jxkg.queries.documents import cite_graph
from jxkg.queries.resolve import MatchKind, Resolver, check_text
from jxkg.queries.resolve.resolver import Scored
from jxkg.queries.resolve.score import ENGLISH_EXACT, PARTIAL_FLOOR, PARTIAL_SPAN, Query
from jxkg.queries.views import MatchedBy, SearchResult, graph_node
from jxkg.store import GraphStore

MAX_SEARCH_RESULTS = 100
# full-text hits per form of the text: one pool for every page of a search, whatever its `limit`
# (the most a search of 100 asked for before searches paged, so none finds less than it did)
POOL = 250

# how a result matched, strongest first: the closed set of `SearchResult.matched` (docs/api.md)
MATCHED: tuple[MatchedBy, ...] = get_args(MatchedBy)
_RANK = {kind: rank for rank, kind in enumerate(MATCHED)}
# exact first; then the text found in the name in some form; then guesses (a typo, scattered words)
_TIER = {kind: 0 if kind == "exact" else 2 if kind in ("fuzzy", "words") else 1 for kind in MATCHED}
_FROM_RESOLVER: dict[MatchKind, MatchedBy] = {
    MatchKind.NORMALISED: "normalised",
    MatchKind.ENGLISH: "normalised",  # the English name in the same comparison form (case, punctuation)
    MatchKind.PINYIN: "pinyin",
    MatchKind.PARTIAL: "partial",
    MatchKind.FUZZY: "fuzzy",
}


def check_query(text: str) -> str:
    """The search text with its whitespace collapsed; ParameterError naming `q` when it is empty,
    longer than the resolver's bound or holds a control character."""
    return " ".join(check_text(text, parameter="q", what="the search text").split())


def search(
    store: GraphStore,
    schema: GraphSchema,
    text: str,
    *,
    type_name: str | None = None,
    limit: int = 20,
    resolver: Resolver | None = None,
) -> list[SearchResult]:
    """Entities whose names match `text`, best first (see the module's ranking); `type_name` keeps
    one class and its subclasses. Hold a `Resolver` for many searches (it keeps the pinyin index)."""
    return search_page(store, schema, text, type_name=type_name, limit=limit, resolver=resolver).results


class ResultPage(NamedTuple):
    """One page of a search's entities: the page, the cursor of the next (None on the last), how
    many entities match among the candidates the indexes gave (every page counts the same pool), and
    whether more may match than that: the candidates filled a whole pool, so a form of the text may
    have had more hits than the index gave."""

    results: list[SearchResult]
    next_cursor: str | None
    total: int
    more_may_match: bool


def search_page(
    store: GraphStore,
    schema: GraphSchema,
    text: str,
    *,
    type_name: str | None = None,
    limit: int = 20,
    cursor: str | None = None,
    resolver: Resolver | None = None,
    pool: int = POOL,
) -> ResultPage:
    """The page of `search` at `cursor` (a `next_cursor` of this text and class; the first page
    without one). Every page ranks the same pool of candidates, so the pages put together give
    each entity once, in rank order; a cursor of another search is a ParameterError naming it."""
    if not 1 <= limit <= MAX_SEARCH_RESULTS:
        raise ParameterError(f"limit must be between 1 and {MAX_SEARCH_RESULTS}, got {limit}", parameter="limit")
    if type_name is not None:
        schema.node_type(type_name)  # an unknown class is an error with the nearest names, not zero hits
    needle = check_query(text)
    paged = ("search", needle, type_name)  # what a cursor pages
    skip = decode_cursor(cursor, paged)
    resolver = resolver if resolver is not None else Resolver(store, schema)
    scored = resolver.scored(Query.of(needle, resolver.normaliser), type_name, whole_limit=pool)
    ranked = _ranked(needle, scored)
    page = ranked[skip : skip + limit]
    more = skip + limit < len(ranked)
    nodes, _ = cite_graph(store, [graph_node(item.node, schema) for _, item in page], [])
    return ResultPage(
        results=[
            SearchResult(node=node, score=score, matched=kind, matched_name=name)
            for node, ((kind, score, name), _) in zip(nodes, page, strict=True)
        ],
        next_cursor=encode_cursor(skip + limit, paged) if more else None,
        total=len(ranked),
        more_may_match=len(scored) >= pool,  # fewer candidates than one form's bound: no form was cut
    )


def _ranked(needle: str, scored: list[Scored]) -> list[tuple[tuple[MatchedBy, float, str], Scored]]:
    """The candidates that match, ranked (the module's ranking)."""
    ranked = []
    for item in scored:
        how = _how(needle, item)
        if how is not None:
            ranked.append((how, item))
    ranked.sort(key=lambda pair: (_TIER[pair[0][0]], -pair[0][1], _RANK[pair[0][0]], *pair[1].order[2:]))
    return ranked


def _how(needle: str, item: Scored) -> tuple[MatchedBy, float, str] | None:
    """(matched, score, the name that matched) of one candidate; None when nothing of it matches."""
    properties = item.node["properties"]
    names = _names(properties)
    literal = _literal(needle, names, str(properties.get("id", "")))
    candidate = item.candidate
    if literal is not None and literal[0] == "exact":
        return "exact", 100.0, literal[1]
    if candidate is not None and (candidate.matched.exact or candidate.score >= ENGLISH_EXACT):
        return "exact", 100.0, candidate.matched_form
    strong = candidate is not None and candidate.matched in (MatchKind.NORMALISED, MatchKind.PINYIN)
    if candidate is not None and (strong or literal is None) and candidate.matched in _FROM_RESOLVER:
        return _FROM_RESOLVER[candidate.matched], candidate.score, candidate.matched_form
    if literal is not None:
        kind, name = literal
        # the text inside a name scores as the resolver scores containment: by how much it covers
        covered = PARTIAL_FLOOR + PARTIAL_SPAN * len(needle) / max(len(name), 1)
        return kind, round(max(covered, candidate.score if candidate is not None else 0.0), 2), name
    folded = needle.casefold().split()
    if names and all(any(word in name.casefold() for name in names) for word in folded):
        return "words", 0.0, names[0]  # every word in some name (Latin words found by prefix)
    return None


def _names(properties: dict[str, Any]) -> list[str]:
    names = [properties.get("nameZh"), properties.get("nameEn")]
    aliases = properties.get("aliases")
    names += aliases if isinstance(aliases, list) else [aliases]
    return [name for name in names if isinstance(name, str) and name]


def _literal(needle: str, names: Sequence[str], node_id: str) -> tuple[MatchedBy, str] | None:
    """The text as typed (any case) against the names: exact, prefix or substring, the best one."""
    folded = needle.casefold()
    if node_id == needle:
        return "exact", node_id
    best: tuple[int, MatchedBy, str] | None = None
    kinds: tuple[MatchedBy, ...] = ("exact", "prefix", "substring")
    for name in names:
        candidate = name.casefold()
        rank = 0 if candidate == folded else 1 if candidate.startswith(folded) else 2 if folded in candidate else None
        if rank is not None and (best is None or (rank, len(name)) < (best[0], len(best[2]))):
            best = (rank, kinds[rank], name)
    return None if best is None else (best[1], best[2])
