"""The limits that count an upload's work as it is read (no database): rows of every tabular format,
triples, values of one entity, and the reading's time. Each breach is refused naming its setting,
and the reading stopped at the breach (the budget's counters say how far it read); a file just
under each limit is read."""

from __future__ import annotations

import io
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from jxkg.errors import UploadTooLargeError
from jxkg.ingest.read.budget import ReadBudget
from jxkg.ontology.schema import load_schema
from jxkg.steward.upload_limits import UploadLimits
from jxkg.steward.uploads import read_upload, store_upload
from tests.api.steward_support import HEADER, MAPPING, csv_bytes, many_rows, xlsx_bytes

LIMITS = UploadLimits(max_bytes=5_000_000, max_rows=1000, max_unzipped_bytes=50_000_000)
RDF_HEAD = "@prefix jx: <https://w3id.org/jxkg/ontology#> .\n@prefix jxd: <https://w3id.org/jxkg/id/> .\n"


@pytest.fixture
def budgets(monkeypatch: pytest.MonkeyPatch) -> list[ReadBudget]:
    """Each budget an upload is read within, kept to look at its counters afterwards."""
    made: list[ReadBudget] = []
    real = UploadLimits.budget

    def kept(self: UploadLimits, label: str) -> ReadBudget:
        made.append(real(self, label))
        return made[-1]

    monkeypatch.setattr(UploadLimits, "budget", kept)
    return made


def _read(tmp_path: Path, name: str, data: bytes, mapping: str | None = MAPPING, **limits: Any) -> Any:
    folder = tmp_path / "upload"
    folder.mkdir(parents=True, exist_ok=True)
    chosen = UploadLimits(**{**vars(LIMITS), **limits})
    schema = load_schema()
    stored = store_upload(io.BytesIO(data), name, folder, chosen, schema=schema, mapping=mapping)
    return read_upload(stored, schema, chosen)


def _records(count: int) -> list[dict[str, str]]:
    return [dict(zip(HEADER, row, strict=True)) for row in many_rows(count)]


def _tabular(kind: str, count: int) -> tuple[str, bytes]:
    if kind == "csv":
        return "平台.csv", csv_bytes(many_rows(count))
    if kind == "xlsx":
        return "平台.xlsx", xlsx_bytes(many_rows(count))
    if kind == "json":
        return "平台.json", json.dumps(_records(count), ensure_ascii=False).encode()
    lines = (json.dumps(r, ensure_ascii=False) for r in _records(count))
    return "平台.jsonl", ("\n".join(lines) + "\n").encode()


def _entities(count: int, aliases: int = 0) -> bytes:
    """`count` universities, each with a name and `aliases` aliases: 2 + `aliases` triples each."""
    parts = [RDF_HEAD]
    for i in range(count):
        names = ", ".join(f'"别名{i}-{a}"' for a in range(aliases))
        more = f" ;\n    jx:aliases {names}" if aliases else ""
        parts.append(f'jxd:university:测试大学{i} a jx:University ;\n    jx:nameZh "测试大学{i}"{more} .\n')
    return "".join(parts).encode()


def _json_ld(count: int) -> bytes:
    graph = [
        {"@id": f"jxd:university:测试大学{i}", "@type": "jx:University", "jx:nameZh": f"测试大学{i}"}
        for i in range(count)
    ]
    context = {"jx": "https://w3id.org/jxkg/ontology#", "jxd": "https://w3id.org/jxkg/id/"}
    return json.dumps({"@context": context, "@graph": graph}, ensure_ascii=False).encode()


@pytest.mark.parametrize("kind", ["csv", "xlsx", "json", "jsonl"])
def test_rows_past_the_limit_are_refused_and_the_rest_is_not_read(
    tmp_path: Path, budgets: list[ReadBudget], kind: str
) -> None:
    name, data = _tabular(kind, 2000)
    with pytest.raises(UploadTooLargeError) as caught:
        _read(tmp_path, name, data, max_rows=100)
    assert caught.value.setting == "JXKG_MAX_UPLOAD_ROWS" and caught.value.limit == 100
    assert "JXKG_MAX_UPLOAD_ROWS" in str(caught.value) and "row 101" in str(caught.value)
    assert budgets[-1].rows == 101  # stopped at the first row past the limit, not at row 2,000


@pytest.mark.parametrize("kind", ["csv", "xlsx", "json", "jsonl"])
def test_rows_at_the_limit_are_read(tmp_path: Path, budgets: list[ReadBudget], kind: str) -> None:
    name, data = _tabular(kind, 100)
    result = _read(tmp_path, name, data, max_rows=100)
    assert len(result.nodes) == 100 and budgets[-1].rows == 100


@pytest.mark.parametrize(("name", "data"), [("大学.ttl", _entities(500)), ("大学.jsonld", _json_ld(500))])
def test_triples_past_the_limit_are_refused_as_they_are_parsed(
    tmp_path: Path, budgets: list[ReadBudget], name: str, data: bytes
) -> None:
    with pytest.raises(UploadTooLargeError) as caught:
        _read(tmp_path, name, data, mapping=None, max_triples=200)
    assert caught.value.setting == "JXKG_MAX_UPLOAD_TRIPLES" and "JXKG_MAX_UPLOAD_TRIPLES" in str(caught.value)
    assert budgets[-1].triples == 201  # of 1,000: the parser was stopped there


@pytest.mark.parametrize(("name", "data"), [("大学.ttl", _entities(100)), ("大学.jsonld", _json_ld(100))])
def test_triples_at_the_limit_are_read(tmp_path: Path, budgets: list[ReadBudget], name: str, data: bytes) -> None:
    result = _read(tmp_path, name, data, mapping=None, max_triples=200)
    assert len(result.nodes) == 100 and budgets[-1].triples == 200


def test_many_values_of_one_property_are_refused(tmp_path: Path, budgets: list[ReadBudget]) -> None:
    with pytest.raises(UploadTooLargeError) as caught:
        _read(tmp_path, "大学.ttl", _entities(1, aliases=5000), mapping=None, max_property_values=100)
    assert caught.value.setting == "JXKG_MAX_UPLOAD_PROPERTY_VALUES"
    # Turtle gathers an object list whole before adding it: refused at its value 101, none of it added
    assert "more than 100 values" in str(caught.value) and "its value 101" in str(caught.value)
    assert budgets[-1].triples == 2  # the type and the name, before the aliases


def _aliases_json_ld(count: int) -> bytes:
    context = {"jx": "https://w3id.org/jxkg/ontology#", "jxd": "https://w3id.org/jxkg/id/"}
    node = {
        "@id": "jxd:university:测试大学0",
        "@type": "jx:University",
        "jx:aliases": [f"别名{a}" for a in range(count)],
    }
    return json.dumps({"@context": context, "@graph": [node]}, ensure_ascii=False).encode()


def test_many_values_of_one_property_in_json_ld_are_refused(tmp_path: Path, budgets: list[ReadBudget]) -> None:
    with pytest.raises(UploadTooLargeError) as caught:
        _read(tmp_path, "大学.jsonld", _aliases_json_ld(5000), mapping=None, max_property_values=100)
    assert caught.value.setting == "JXKG_MAX_UPLOAD_PROPERTY_VALUES" and "测试大学0" in str(caught.value)
    assert budgets[-1].triples <= 102  # the type, then the aliases up to the first over the limit


def test_many_values_of_one_entity_are_refused(tmp_path: Path, budgets: list[ReadBudget]) -> None:
    with pytest.raises(UploadTooLargeError) as caught:
        _read(tmp_path, "大学.ttl", _entities(1, aliases=5000), mapping=None, max_entity_values=100)
    assert caught.value.setting == "JXKG_MAX_UPLOAD_ENTITY_VALUES" and "测试大学0" in str(caught.value)
    assert budgets[-1].triples < 5000


def test_values_at_the_limits_are_read(tmp_path: Path) -> None:
    # 98 aliases, a name and a type: 100 values of the entity, 98 of one property
    data = _entities(1, aliases=98)
    result = _read(tmp_path, "大学.ttl", data, mapping=None, max_property_values=98, max_entity_values=100)
    (node,) = result.nodes
    assert len(node.properties["aliases"]) == 98


def _ticking(monkeypatch: pytest.MonkeyPatch) -> list[ReadBudget]:
    """Budgets on a clock that advances a second each time it is read: no waiting, no timing in the test."""
    ticks = itertools.count()
    made: list[ReadBudget] = []
    real = UploadLimits.budget

    def ticking(self: UploadLimits, label: str) -> ReadBudget:
        made.append(ReadBudget(real(self, label).limits, clock=lambda: float(next(ticks))))
        return made[-1]

    monkeypatch.setattr(UploadLimits, "budget", ticking)
    return made


@pytest.mark.parametrize(("name", "data"), [("平台.csv", csv_bytes(many_rows(500))), ("大学.ttl", _entities(500))])
def test_a_reading_past_its_time_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, data: bytes
) -> None:
    made = _ticking(monkeypatch)
    mapping = MAPPING if name.endswith(".csv") else None
    with pytest.raises(UploadTooLargeError) as caught:
        _read(tmp_path, name, data, mapping=mapping, max_parse_seconds=50)
    assert caught.value.setting == "JXKG_MAX_UPLOAD_PARSE_SECONDS" and "50 s" in str(caught.value)
    # the clock is read at each row, triple (and Turtle term): it stopped within 50 of them, of 500 or 1,000
    assert made[-1].rows + made[-1].triples <= 51


@pytest.mark.parametrize(("name", "data"), [("大学.ttl", _entities(500)), ("大学.jsonld", _json_ld(500))])
def test_rdf_entities_past_the_row_limit_are_refused_as_they_are_parsed(
    tmp_path: Path, budgets: list[ReadBudget], name: str, data: bytes
) -> None:
    with pytest.raises(UploadTooLargeError) as caught:
        _read(tmp_path, name, data, mapping=None, max_rows=100)
    assert caught.value.setting == "JXKG_MAX_UPLOAD_ROWS" and "more than 100 entities" in str(caught.value)
    assert len(budgets[-1].entities) == 101 and budgets[-1].triples < 1000  # the parse stopped there


def test_rdf_entities_at_the_row_limit_are_read(tmp_path: Path) -> None:
    assert len(_read(tmp_path, "大学.ttl", _entities(100), mapping=None, max_rows=100).nodes) == 100


ALIASES_MAPPING = MAPPING.replace("  成立年份: foundedYear\n", "  成立年份: foundedYear\n  别名: aliases\n")


def _with_values(aliases: int, cities: int) -> bytes:
    """One platform whose aliases and cities cells hold that many values each."""
    header = (*HEADER, "别名")
    row = ("1", "多值平台", "2019", "|".join(["赣州市"] * cities), "|".join(f"别名{a}" for a in range(aliases)))
    return csv_bytes([row], header=header)


@pytest.mark.parametrize(
    ("aliases", "cities", "setting"),
    [
        (5000, 1, "JXKG_MAX_UPLOAD_PROPERTY_VALUES"),
        (1, 5000, "JXKG_MAX_UPLOAD_PROPERTY_VALUES"),
        (60, 60, "JXKG_MAX_UPLOAD_ENTITY_VALUES"),
    ],
)
def test_a_tables_cells_with_too_many_values_are_refused_before_they_are_converted(
    tmp_path: Path, aliases: int, cities: int, setting: str
) -> None:
    data = _with_values(aliases, cities)
    with pytest.raises(UploadTooLargeError) as caught:
        _read(tmp_path, "平台.csv", data, mapping=ALIASES_MAPPING, max_property_values=100, max_entity_values=100)
    assert caught.value.setting == setting and setting in str(caught.value)


def test_a_tables_cells_at_the_values_limits_are_read(tmp_path: Path) -> None:
    data = _with_values(50, 49)  # 99 values split from its cells (the name and the year are single values)
    result = _read(tmp_path, "平台.csv", data, mapping=ALIASES_MAPPING, max_property_values=50, max_entity_values=100)
    (node,) = result.nodes
    assert len(node.properties["aliases"]) == 50


def test_blank_rows_are_not_counted_but_their_time_is(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made = _ticking(monkeypatch)
    data = csv_bytes(many_rows(1)) + b",,,\n" * 500
    with pytest.raises(UploadTooLargeError) as caught:
        _read(tmp_path, "平台.csv", data, max_parse_seconds=50, max_rows=5)
    assert caught.value.setting == "JXKG_MAX_UPLOAD_PARSE_SECONDS"
    assert made[-1].rows == 1  # the one data row; the 500 blank lines are no rows, but read the clock
