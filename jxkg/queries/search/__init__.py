"""Search: entities by name, ranked through the name resolver (`entities`), and the sentences of
quotes and passages holding the text (`quotes`); `search_all` answers both, as `GET /search` does."""

from __future__ import annotations

from jxkg.ontology.schema import GraphSchema
from jxkg.queries.resolve import Resolver
from jxkg.queries.search.entities import MATCHED, MAX_SEARCH_RESULTS, POOL, ResultPage, check_query, search, search_page
from jxkg.queries.search.model import QuoteBacker, QuoteHit, QuoteSection, QuoteSource, SearchAnswer
from jxkg.queries.search.quotes import DEFAULT_QUOTE_HITS, MAX_QUOTE_HITS, MIN_QUOTE_CHARS, search_quotes
from jxkg.store import GraphStore

__all__ = [
    "DEFAULT_QUOTE_HITS",
    "MATCHED",
    "MAX_QUOTE_HITS",
    "MAX_SEARCH_RESULTS",
    "MIN_QUOTE_CHARS",
    "POOL",
    "QuoteBacker",
    "QuoteHit",
    "QuoteSection",
    "QuoteSource",
    "ResultPage",
    "SearchAnswer",
    "check_query",
    "search",
    "search_all",
    "search_page",
    "search_quotes",
]


def search_all(
    store: GraphStore,
    schema: GraphSchema,
    text: str,
    *,
    type_name: str | None = None,
    limit: int = 20,
    quotes: int = DEFAULT_QUOTE_HITS,
    cursor: str | None = None,
    resolver: Resolver | None = None,
) -> SearchAnswer:
    """Both sections: a page of entities by name (`type_name` filters them; `cursor`: the page a
    previous answer's `next_cursor` names), then at most `quotes` sentences of quotes (none when 0)."""
    resolver = resolver if resolver is not None else Resolver(store, schema)
    page = search_page(store, schema, text, type_name=type_name, limit=limit, cursor=cursor, resolver=resolver)
    section = (  # 0: entities only (suggestions as you type)
        search_quotes(store, schema, text, limit=quotes, normaliser=resolver.normaliser)
        if quotes
        else QuoteSection(hits=[], total=0, truncated=False)
    )
    return SearchAnswer(
        query=text,
        results=page.results,
        next_cursor=page.next_cursor,
        total=page.total,
        more_may_match=page.more_may_match,
        quotes=section,
    )
