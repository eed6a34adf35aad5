"""The name resolver on the curated graph, both engines: typed variants find their entity, nonsense
finds nothing confidently, ties stay several candidates, bad input is refused."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from jxkg.errors import OntologyError, ParameterError, UnknownNameError
from jxkg.ontology.abbreviations import load_abbreviations
from jxkg.queries.resolve import MAX_TEXT_CHARS, MatchKind, Normaliser, Resolver, resolve
from jxkg.store import GraphStore

VARIANTS = Path(__file__).with_name("resolve_variants.tsv")


def _variants() -> list[tuple[str, str, str]]:
    with VARIANTS.open(encoding="utf-8", newline="") as handle:
        return [(row["typed"], row["expected"], row["how"]) for row in csv.DictReader(handle, delimiter="\t")]


NONSENSE = [
    "火星市",
    "火星",
    "hello world",
    "asdfghjkl",
    "月球基地",
    "巴黎圣母院",
    "哈尔滨冰雪大世界",
    "quantum gravity lab",
    "西湖龙井茶",
    "9876543",
    "北极熊科技创新城",
]


@pytest.fixture(scope="module")
def resolver(curated_store: GraphStore) -> Iterator[Resolver]:
    yield Resolver(curated_store)


def test_the_variant_set_is_large_and_covers_every_way_of_typing() -> None:
    rows = _variants()
    assert len(rows) >= 40
    hows = " ".join(how for _, _, how in rows)
    for way in ("traditional", "full-width", "no dash", "dropped", "国家", "abbreviation", "English", "pinyin", "typo"):
        assert way in hows, way


@pytest.mark.parametrize(("typed", "expected", "how"), _variants(), ids=lambda value: str(value)[:24])
def test_a_typed_variant_resolves_to_its_entity(resolver: Resolver, typed: str, expected: str, how: str) -> None:
    resolution = resolver.resolve(typed)
    assert resolution.candidates, f"{typed!r} ({how}) found nothing"
    first = resolution.candidates[0]
    assert first.id == expected, f"{typed!r} ({how}): {[(c.id, c.score, c.matched) for c in resolution.candidates]}"


@pytest.mark.parametrize("typed", NONSENSE)
def test_nonsense_matches_nothing_confidently(resolver: Resolver, typed: str) -> None:
    resolution = resolver.resolve(typed)
    assert not resolution.confident, resolution.candidates[:2]
    assert resolution.best is None


def test_the_issue_s_examples_resolve_confidently(resolver: Resolver) -> None:
    for typed, expected in [
        ("赣州稀金", "science-city:赣州稀金科创城"),
        ("鷹潭智慧科創城", "science-city:鹰潭智慧科创城"),
        ("科技创新１３４５战略布局", "programme:科技创新1345战略布局"),
        ("新余宜春锂电新能源科创城", "science-city:新余—宜春锂电新能源科创城"),
        ("食品科学与技术重点实验室", "national-key-laboratory:食品科学与技术国家重点实验室"),
    ]:
        best = resolver.resolve(typed).best
        assert best is not None and best.id == expected, typed


def test_an_exact_match_comes_first_and_says_how(resolver: Resolver) -> None:
    resolution = resolver.resolve("赣州稀金")
    assert resolution.candidates[0].matched is MatchKind.ALIAS
    assert resolution.candidates[0].matched_form == "赣州稀金"
    assert resolution.candidates[0].score == 100
    assert all(c.score < 100 for c in resolution.candidates[1:])
    assert resolver.resolve("360700").candidates[0].matched is MatchKind.EXACT_ID
    assert resolver.resolve("南昌大学").candidates[0].matched is MatchKind.EXACT_NAME


def test_entities_sharing_a_name_come_back_as_several_candidates(resolver: Resolver) -> None:
    # a source document and its opening passage carry the same name but for a space
    resolution = resolver.resolve("建设创新江西，打造中部地区重要区域科技创新中心")
    tied = [c.id for c in resolution.candidates if c.score == resolution.candidates[0].score]
    assert sorted(tied) == [
        "passage:003_0734145f5672b58a.txt#总述",
        "source-document:建设创新江西打造中部地区重要区域科技创新中心",
    ]
    assert not resolution.confident and resolution.best is None
    # typed exactly as one of them, that one is the answer
    exact = resolver.resolve("建设创新江西 打造中部地区重要区域科技创新中心")
    assert exact.best is not None and exact.best.id.startswith("passage:")


def test_a_generic_name_is_several_candidates_not_a_guess(resolver: Resolver) -> None:
    resolution = resolver.resolve("国家重点实验室")
    assert len(resolution.candidates) >= 3
    assert not resolution.confident


def test_the_class_filter_includes_subclasses(resolver: Resolver) -> None:
    resolution = resolver.resolve("赣州", class_name="ScienceCity")
    assert resolution.candidates[0].id == "science-city:赣州稀金科创城"
    assert all(c.class_name == "ScienceCity" for c in resolution.candidates)
    labs = resolver.resolve("食品科学与技术重点实验室", class_name="Laboratory")  # abstract: its subclasses
    assert labs.candidates[0].id == "national-key-laboratory:食品科学与技术国家重点实验室"
    assert labs.candidates[0].class_name == "NationalKeyLaboratory"
    assert not resolver.resolve("赣州稀金", class_name="University").confident


def test_an_unknown_class_is_an_error_naming_the_nearest(resolver: Resolver) -> None:
    with pytest.raises(UnknownNameError):
        resolver.resolve("赣州", class_name="ScienceCty")


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("赣" * (MAX_TEXT_CHARS + 1), str(MAX_TEXT_CHARS)),
        ("赣州\x00稀金", "U+0000"),
        ("赣州\n稀金", "U+000A"),
        ("赣州\x1b", "U+001B"),
    ],
)
def test_bad_text_is_a_parameter_error(curated_store: GraphStore, text: str, says: str) -> None:
    with pytest.raises(ParameterError, match=re.escape(says)):
        resolve(curated_store, text)


def test_a_limit_out_of_range_is_a_parameter_error(resolver: Resolver) -> None:
    with pytest.raises(ParameterError, match="limit"):
        resolver.resolve("赣州", limit=0)
    assert len(resolver.resolve("国家重点实验室", limit=2).candidates) == 2


def test_a_code_resolves_without_the_pinyin_index(curated_store: GraphStore) -> None:
    """A code has no letter to read as pinyin: the index of every name's pinyin is not built for it
    (at generator scale 1 that build took 39 s of a `jxkg query run` whose default party is 360000)."""
    fresh = Resolver(curated_store)
    resolution = fresh.resolve("360000")
    assert resolution.candidates[0].id == "360000"
    assert fresh._pinyin is None
    fresh.resolve("jiangxi")
    assert fresh._pinyin is not None, "letters are read as pinyin"


def test_the_pinyin_index_is_rebuilt_only_when_the_graph_changes(resolver: Resolver) -> None:
    resolver.resolve("nanchang daxue")
    built = resolver._pinyin
    resolver.resolve("ganjiang xinqu")
    assert resolver._pinyin is built


# --- normalisation and the abbreviations file (no store) --------------------------------------


def test_normalisation_treats_the_ways_of_typing_alike() -> None:
    normaliser = Normaliser()
    assert normaliser.fold("鷹潭智慧科創城") == "鹰潭智慧科创城"
    assert normaliser.fold("ＶＲ１３４５") == "vr1345"
    assert {
        normaliser.fold(t) for t in ["新余—宜春", "新余-宜春", "新余 – 宜春", "新余\u200b宜春", "（新余）宜春"]
    } == {"新余宜春"}
    assert normaliser.key("赣州市") == normaliser.key("赣州") == "赣州"
    assert normaliser.key("食品科学与技术国家重点实验室") == normaliser.key("食品科学与技术重点实验室")
    assert normaliser.key("中科院") == normaliser.key("中国科学院")
    assert normaliser.key("CAS") == normaliser.key("Chinese Academy of Sciences")
    assert normaliser.key("casting") == "casting"  # a Latin abbreviation only as a whole word
    assert normaliser.key("市场") == "市场"  # an affix stays when too little would be left
    assert normaliser.pinyin(normaliser.plain("赣州稀金科创城")) == "ganzhouxijinkechuangcheng"


def test_the_abbreviations_file_has_a_source_for_every_row() -> None:
    rows = load_abbreviations()
    assert any(row.short == "中科院" and row.full == "中国科学院" for row in rows)
    assert all(row.source for row in rows)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("short,full\n中科院,中国科学院\n", "header"),
        ("short,full,source\n中科院,,x\n", "row 1"),
        ("short,full,source\n中科院,中国科学院,x\n中科院,中国科学院,y\n", "twice"),
    ],
)
def test_a_broken_abbreviations_file_is_an_error(tmp_path: Path, text: str, says: str) -> None:
    path = tmp_path / "abbreviations.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(OntologyError, match=says):
        load_abbreviations(path)
