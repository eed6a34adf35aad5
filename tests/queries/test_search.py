"""Search ranks instead of filtering, on both engines: the issue's names typed every way find their
entity first, an exact name stays first among many ties, text inside quotes and passages is found
with its source and the entities it backs, and bad input is refused naming `q`."""

from __future__ import annotations

import pytest

from jxkg.errors import ParameterError
from jxkg.ingest.records import NodeRecord
from jxkg.ingest.write.writer import GraphWriter
from jxkg.ontology.schema import load_schema
from jxkg.queries import search as searching
from jxkg.queries.resolve import MAX_TEXT_CHARS, Resolver
from jxkg.store import GraphStore

SCHEMA = load_schema()

ISSUE_EXAMPLES = [
    ("赣州稀金", "science-city:赣州稀金科创城", "exact"),  # an alias
    ("鷹潭智慧科創城", "science-city:鹰潭智慧科创城", "normalised"),  # traditional
    ("科技创新１３４５战略布局", "programme:科技创新1345战略布局", "normalised"),  # full-width digits
    ("新余宜春锂电新能源科创城", "science-city:新余—宜春锂电新能源科创城", "normalised"),  # no dash
    ("食品科学与技术重点实验室", "national-key-laboratory:食品科学与技术国家重点实验室", "normalised"),  # 国家 dropped
]


@pytest.fixture(scope="module")
def resolver(curated_store: GraphStore) -> Resolver:
    return Resolver(curated_store, SCHEMA)


@pytest.mark.parametrize(("text", "expected", "matched"), ISSUE_EXAMPLES)
def test_the_issue_s_names_find_their_entity_first(
    curated_store: GraphStore, resolver: Resolver, text: str, expected: str, matched: str
) -> None:
    results = searching.search(curated_store, SCHEMA, text, limit=12, resolver=resolver)
    assert results and results[0].node.id == expected, [(r.node.id, r.matched, r.score) for r in results]
    assert results[0].matched == matched
    assert all(r.matched in searching.MATCHED for r in results)


def test_partial_matches_are_ranked_below_the_exact_one(curated_store: GraphStore, resolver: Resolver) -> None:
    results = searching.search(curated_store, SCHEMA, "稀金", resolver=resolver)
    assert results[0].node.id == "industry-chain:稀金" and results[0].score == 100
    assert all(r.matched != "exact" and r.score < 100 for r in results[1:])
    held = [r.score for r in results[1:] if r.matched not in ("fuzzy", "words")]  # guesses come after
    assert held == sorted(held, reverse=True)


def test_a_quote_search_gives_the_sentence_its_source_and_the_entities_it_backs(
    curated_store: GraphStore, resolver: Resolver
) -> None:
    answer = searching.search_all(curated_store, SCHEMA, "先发优势", resolver=resolver)
    assert answer.results == []  # no entity is named so
    section = answer.quotes
    assert section.total == 1 and not section.truncated
    hit = section.hits[0]
    assert hit.text[hit.match_start : hit.match_end] == "先发优势"
    assert hit.text.endswith("。") and len(hit.text) <= 170
    assert hit.passage is not None and hit.passage.id == "passage:000_d24e6e608ec2dcda.txt#第一章第二节"
    assert hit.source.document_id == "source-document:江西省“十四五”科技创新规划"
    assert hit.source.document_title == "江西省“十四五”科技创新规划"
    assert hit.source.section == "第一章 第二节"
    backed = {b.node.id for b in hit.entities}
    # the three entities that quote it (their own quote and their MENTIONED_IN link)
    assert backed >= {
        "industry-chain:移动物联网",
        "industry-chain:硅衬底半导体照明",
        "technology-field:生猪高效全基因组选择与基因编辑",
    }
    assert {b.via for b in hit.entities} <= {"quote", "MENTIONED_IN", "DERIVED_FROM"}


def test_a_quote_search_takes_traditional_characters_and_spaces(curated_store: GraphStore) -> None:
    section = searching.search_quotes(curated_store, SCHEMA, "先發 優勢")
    assert section.total == 1
    hit = section.hits[0]
    assert hit.text[hit.match_start : hit.match_end] == "先发优势"


def test_the_quote_section_is_bounded_and_says_so(curated_store: GraphStore) -> None:
    section = searching.search_quotes(curated_store, SCHEMA, "科技创新", limit=2)
    assert len(section.hits) == 2 and section.total > 2 and section.truncated
    assert len({(h.source.source, h.text) for h in section.hits}) == 2  # a sentence once
    assert searching.search_quotes(curated_store, SCHEMA, "科").hits == []  # one character is too little
    with pytest.raises(ParameterError) as raised:
        searching.search_quotes(curated_store, SCHEMA, "科技", limit=searching.MAX_QUOTE_HITS + 1)
    assert raised.value.parameter == "quotes"


@pytest.mark.parametrize("text", ["", "   ", "x" * (MAX_TEXT_CHARS + 1), "稀\x00金", "稀金\n"])
def test_bad_search_text_is_refused_naming_q(curated_store: GraphStore, text: str) -> None:
    if text == "稀金\n":  # surrounding whitespace is trimmed, not refused
        assert searching.search(curated_store, SCHEMA, text)
        return
    with pytest.raises(ParameterError) as raised:
        searching.search_all(curated_store, SCHEMA, text)
    assert raised.value.parameter == "q"


def test_an_exact_name_comes_first_however_many_names_tie(store: GraphStore) -> None:
    # 80 enterprises sharing a prefix: every one holds the bigrams of 合成企业000001 in the index, so the
    # full-text hits tie, and more of them than any page of hits holds
    store.ensure_schema(SCHEMA.index_specs())
    names = [f"合成企业{n:06d}" for n in range(1, 61)] + [f"合成企业0000{n:02d}1" for n in range(20)]
    records = [
        NodeRecord("Enterprise", f"enterprise:{name}", {"nameZh": name}, "synthetic.csv", i)
        for i, name in enumerate(names)
    ]
    GraphWriter(store, SCHEMA).write(records, [])
    for wanted in ("合成企业000001", "合成企业000010", "合成企业000060"):
        results = searching.search(store, SCHEMA, wanted, limit=12)
        assert results[0].node.id == f"enterprise:{wanted}", [r.node.id for r in results]
        assert results[0].matched == "exact"
        assert len(results) == 12 and all(r.matched != "exact" for r in results[1:])
    by_id = searching.search(store, SCHEMA, "enterprise:合成企业000002", limit=12)
    assert by_id[0].node.id == "enterprise:合成企业000002" and by_id[0].matched == "exact"


def test_pages_of_a_search_give_each_entity_once_and_a_cursor_pages_only_its_search(
    curated_store: GraphStore, resolver: Resolver
) -> None:
    whole = searching.search_page(curated_store, SCHEMA, "实验室", limit=100, resolver=resolver)
    assert whole.next_cursor is None and whole.total == len(whole.results) > 5 and not whole.more_may_match
    # a pool the candidates fill: the total is then a lower bound, and the answer says so
    bounded = searching.search_page(curated_store, SCHEMA, "实验室", limit=100, resolver=resolver, pool=5)
    assert bounded.more_may_match and bounded.total >= 5
    seen, cursor = [], None
    while True:
        page = searching.search_page(curated_store, SCHEMA, "实验室", limit=4, cursor=cursor, resolver=resolver)
        assert page.total == whole.total and len(page.results) <= 4
        seen += [r.node.id for r in page.results]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == [r.node.id for r in whole.results]
    first = searching.search_page(curated_store, SCHEMA, "实验室", limit=2, resolver=resolver)
    assert first.next_cursor is not None
    for text, type_name in (("重点实验室", None), ("实验室", "NationalKeyLaboratory")):
        with pytest.raises(ParameterError, match="another list") as refused:
            searching.search_page(curated_store, SCHEMA, text, type_name=type_name, cursor=first.next_cursor)
        assert refused.value.parameter == "cursor"
