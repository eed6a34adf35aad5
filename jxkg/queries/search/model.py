"""What a search answers: entities by name (`SearchResult`), and the sentences of quotes and
passages holding the text, each with its source and the entities it backs (`QuoteSection`)."""

from __future__ import annotations

from pydantic import Field

from jxkg.queries.views import GraphNode, SearchResult
from jxkg.views import View


class QuoteSource(View):
    source: str | None = Field(default=None, description="the document file and section (file#chapter)")
    document_id: str | None = Field(default=None, description="the SourceDocument's id, when the graph has it")
    document_title: str | None = Field(default=None, description="the document's title")
    section: str | None = Field(default=None, description="the section (chapter) the sentence is in")
    section_title: str | None = Field(default=None, description="the section's heading, from its Passage")


class QuoteBacker(View):
    node: GraphNode
    via: str = Field(
        description="how it is backed: quote (its own quote holds the text) or the relationship type "
        "(MENTIONED_IN, DERIVED_FROM) whose quote holds it"
    )


class QuoteHit(View):
    text: str = Field(description="the sentence holding the text, verbatim (a window of it, cut with …, when long)")
    match_start: int = Field(description="where the found text starts in `text`")
    match_end: int = Field(description="where it ends (exclusive)")
    passage: GraphNode | None = Field(default=None, description="the Passage the sentence is in, when it is one")
    source: QuoteSource
    entities: list[QuoteBacker] = Field(description="the entities the sentence backs (at most 20)")


class QuoteSection(View):
    hits: list[QuoteHit]
    total: int = Field(description="sentences found among the quotes the index gave")
    truncated: bool = Field(description="true when more sentences exist than `hits` holds, or may exist")


class SearchAnswer(View):
    query: str
    results: list[SearchResult] = Field(description="entities by name, best first: one page of them")
    next_cursor: str | None = Field(
        default=None, description="pass as `cursor` (with the same q and type) for the next page; null on the last"
    )
    total: int = Field(
        description="entities matching among the candidates the indexes give (at most 250 full-text hits per "
        "form of the text): at least this many match, and more may when `moreMayMatch` (docs/api.md, Search)"
    )
    more_may_match: bool = Field(
        description="true when the candidates filled the index's bound, so more entities than `total` may match "
        "(a common text); false: every name holding a whole form of the text was among them"
    )
    quotes: QuoteSection = Field(description="sentences of quotes and passages holding the text")
