"""The registry of input formats: a format added for one block (a made-up `.psv`, `|`-separated) is
read, mapped, uploaded and reported as the built-in ones are, and is gone when the block ends."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from jxkg.errors import MappingError, UploadError
from jxkg.ingest.read.formats import FORMATS, Content, InputFormat
from jxkg.ingest.read.formats.csv import read_csv
from jxkg.ingest.read.formats.csv import read_header as csv_header
from jxkg.ingest.read.mapping import load_mapping
from jxkg.ingest.read.readers import format_of, read_table
from jxkg.ingest.read.sources import read_sources
from jxkg.ingest.read.table import ReadOptions, Table
from jxkg.ontology.schema import load_schema
from jxkg.steward.report import validate_upload
from jxkg.steward.upload_limits import UploadLimits
from jxkg.steward.uploads import read_upload, store_upload
from jxkg.store.falkordb_engine import FalkorDBStore
from tests.api.steward_support import HEADER, MAPPING, MIXED_ROWS
from tests.conftest import CuratedGraphs

LIMITS = UploadLimits(max_bytes=1_000_000, max_rows=1000, max_unzipped_bytes=5_000_000)
BUILT_IN = ("csv", "xlsx", "json", "jsonl", "turtle", "json-ld")


def _piped(options: ReadOptions) -> ReadOptions:
    return replace(options, delimiter=options.delimiter or "|")


def _read_psv(path: Path, options: ReadOptions) -> Table:
    return read_csv(path, _piped(options))


def _psv_header(path: Path, options: ReadOptions) -> list[str] | None:
    return csv_header(path, _piped(options))


def _named_psv(content: Content) -> bool:
    return content.claimed == "psv"  # its content is text any CSV could be: the name decides


PSV = InputFormat(
    name="psv",
    suffixes=(".psv",),
    label_en="PSV",
    label_zh="竖线分隔文本",
    media_type="text/plain; charset=utf-8",
    sniff=_named_psv,
    sniff_rank=50,  # after Turtle, before CSV (which takes any text left)
    listing_rank=70,
    read_table=_read_psv,
    read_header=_psv_header,
)


def _psv_bytes() -> bytes:
    lines = ["|".join(HEADER), *("|".join(row) for row in MIXED_ROWS)]
    return ("\n".join(lines) + "\n").encode("utf-8")


@pytest.fixture(scope="module")
def curated(curated_graphs: CuratedGraphs) -> Iterator[FalkorDBStore]:
    with curated_graphs.falkordb() as store:
        yield store


def test_the_readers_read_a_format_added_for_the_block(tmp_path: Path) -> None:
    data = tmp_path / "平台.psv"
    data.write_bytes(_psv_bytes())
    (tmp_path / "平台.mapping.yaml").write_text(MAPPING + "format: psv\n", encoding="utf-8")
    with FORMATS.extended(PSV):
        assert format_of(data) == "psv"
        table = read_table(data, "psv")
        assert table.columns == list(HEADER) and len(table.rows) == len(MIXED_ROWS)
        result = read_sources([data], schema=load_schema())
        assert {n.properties["nameZh"] for n in result.nodes} >= {"测试平台甲", "测试平台戊"}
    assert format_of(data) is None
    with pytest.raises(MappingError, match="format: Input should be 'csv', 'xlsx', 'json' or 'jsonl'"):
        load_mapping(tmp_path / "平台.mapping.yaml", load_schema())


def test_an_upload_of_it_is_accepted_and_its_report_names_it(tmp_path: Path, curated: FalkorDBStore) -> None:
    schema = load_schema()
    with FORMATS.extended(PSV):
        folder = tmp_path / "stored"
        folder.mkdir()
        stored = store_upload(io.BytesIO(_psv_bytes()), "平台.psv", folder, LIMITS, schema=schema, mapping=MAPPING)
        assert (stored.kind, stored.path.name, stored.tabular) == ("psv", "upload.psv", True)
        read = read_upload(stored, schema, LIMITS)
        assert {n.source_file for n in read.nodes} == {"平台.psv"}
        report = validate_upload(
            io.BytesIO(_psv_bytes()), "平台.psv", tmp_path / "data", LIMITS, curated, schema, mapping=MAPPING
        )
        assert (report.file, report.kind, report.rows_read) == ("平台.psv", "psv", len(MIXED_ROWS))
        assert report.records.entities > 0
        with pytest.raises(UploadError, match="a PSV file needs a mapping"):
            store_upload(io.BytesIO(_psv_bytes()), "平台.psv", tmp_path / "data", LIMITS, schema=schema)
    assert FORMATS.names() == BUILT_IN


def test_the_registry_is_left_as_it_was_and_refuses_a_clash() -> None:
    with pytest.raises(RuntimeError), FORMATS.extended(PSV):
        assert "psv" in FORMATS.names()
        raise RuntimeError("the block fails")
    assert FORMATS.names() == BUILT_IN and FORMATS.by_suffix(".psv") is None
    clash = replace(PSV, suffixes=(".csv",))
    with pytest.raises(ValueError, match=r"'\.csv' is already 'csv'"), FORMATS.extended(clash):
        pass
    with pytest.raises(ValueError, match="table reader or an RDF reader"):
        replace(PSV, read_table=None)


def test_every_built_in_format_is_one_record_the_readers_and_uploads_agree_on() -> None:
    assert FORMATS.names() == BUILT_IN
    assert [f.name for f in FORMATS.tabular()] == ["csv", "xlsx", "json", "jsonl"]
    assert [f.name for f in FORMATS.sniffing_order()][-1] == "csv"  # any text left is CSV
    for fmt in FORMATS:
        assert all(FORMATS.by_suffix(s) is fmt for s in fmt.suffixes)
        assert (fmt.write_rows is not None) == fmt.tabular  # every table's rejected rows go back as they came


def test_the_registry_finds_every_format_module_of_its_package() -> None:
    """A format is added by adding its module: the registry is what the package's modules make."""
    import importlib
    import pkgutil

    import jxkg.ingest.read.formats as package

    made = set()
    for module in pkgutil.iter_modules(package.__path__):
        loaded = importlib.import_module(f"{package.__name__}.{module.name}")
        made |= {value.name for value in vars(loaded).values() if isinstance(value, InputFormat)}
    assert set(FORMATS.names()) == made
    assert FORMATS.names()[:2] == ("csv", "xlsx")  # the order people are told of them
