"""`GET /search`: entities by name, ranked through the name resolver, and the sentences of quotes and
passages that hold the text (`jxkg.queries.search`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from jxkg.graph_api.deps import Names, Schema, Store
from jxkg.graph_api.etags import Revalidate
from jxkg.queries import search as searching
from jxkg.queries.resolve import MAX_TEXT_CHARS
from jxkg.queries.search import SearchAnswer

router = APIRouter(tags=["explore"], dependencies=[Revalidate])


@router.get("/search", response_model=SearchAnswer)
def search(
    store: Store,
    schema: Schema,
    names: Names,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=MAX_TEXT_CHARS,
            description="text to find, e.g. 稀金, 鷹潭智慧科創城, Ganzhou or 先发优势 (no control character)",
        ),
    ],
    type: Annotated[str | None, Query(description="only this class and its subclasses, e.g. ScienceCity")] = None,
    limit: Annotated[int, Query(ge=1, le=searching.MAX_SEARCH_RESULTS, description="entities per page")] = 20,
    cursor: Annotated[str | None, Query(description="the nextCursor of the previous page")] = None,
    quotes: Annotated[
        int,
        Query(ge=0, le=searching.MAX_QUOTE_HITS, description="sentences of quotes and passages at most; 0: none"),
    ] = searching.DEFAULT_QUOTE_HITS,
) -> SearchAnswer:
    """Entities: an exact name or id first, then names holding the text in some form (traditional,
    full-width, without a dash or 国家, pinyin, prefix, substring), then guesses; `quotes`: the
    sentences of quotes and passages holding the text, with their source and the entities they back.
    The entities page by `cursor` (`nextCursor`, `total`); the quotes come whole with every page."""
    return searching.search_all(
        store, schema, q, type_name=type, limit=limit, quotes=quotes, cursor=cursor, resolver=names
    )
