"""Mapping templates (issue 25 item 5): per class, the CSV header and the mapping that reads it, built
from the ontology; a table sent without a mapping is refused in both languages, pointing at them."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from jxkg.ontology.conventions import RUN_CLASS
from jxkg.ontology.schema import load_schema
from jxkg.spreadsheet import BOM
from jxkg.steward.templates import TEMPLATES_PATH
from tests.api.steward_support import steward_client, upload
from tests.conftest import CuratedGraphs


@pytest.fixture
def client(curated_graphs: CuratedGraphs, tmp_path: Path) -> Iterator[TestClient]:
    with curated_graphs.falkordb() as store, steward_client(store, tmp_path / "data") as client:
        yield client


def fetch_template(client: TestClient, class_name: str) -> tuple[list[str], str]:
    table = client.get(f"{TEMPLATES_PATH}/{class_name}.csv")
    assert table.status_code == 200, table.text
    assert table.headers["content-type"].startswith("text/csv")
    assert f'filename="{class_name}.csv"' in table.headers["content-disposition"]
    assert table.content.startswith(BOM.encode("utf-8"))  # Excel reads the Chinese
    mapping = client.get(f"{TEMPLATES_PATH}/{class_name}.mapping.yaml")
    assert mapping.status_code == 200, mapping.text
    (header,) = list(csv.reader(io.StringIO(table.content.decode("utf-8-sig"))))
    return header, mapping.text


def test_a_filled_template_validates_with_its_mapping(client: TestClient) -> None:
    header, mapping = fetch_template(client, "ResearchConditionPlatform")
    document = yaml.safe_load(mapping)
    assert document["class"] == "ResearchConditionPlatform"
    columns = {**document["properties"], **document["relationships"]}
    assert list(columns) == header  # the mapping reads every column of the file, no more
    by_property = {prop: column for column, prop in document["properties"].items()}
    (located,) = [c for c, rel in document["relationships"].items() if rel["type"] == "LOCATED_IN"]
    row = dict.fromkeys(header, "")
    row |= {by_property["nameZh"]: "模板测试平台", by_property["foundedYear"]: "2019", located: "赣州市"}
    text = io.StringIO()
    csv.writer(text).writerows([header, [row[c] for c in header]])
    report = upload(client, "/api/v1/validate", "模板.csv", text.getvalue().encode("utf-8-sig"), mapping=mapping)
    assert report.status_code == 200, report.text
    answer = report.json()
    assert answer["rowsRead"] == 1 and answer["conforms"] is True, answer
    assert answer["passed"] == {"entities": 1, "relationships": 1}


def test_every_class_has_a_template_its_mapping_reads(client: TestClient) -> None:
    classes = client.get(TEMPLATES_PATH).json()
    schema = load_schema()
    assert set(classes) == {t.name for t in schema.concrete_types()} - {RUN_CLASS}
    for class_name in classes:
        header, mapping = fetch_template(client, class_name)
        assert "nameZh" in yaml.safe_load(mapping)["properties"].values(), class_name
        only_header = (",".join(header) + "\r\n").encode("utf-8-sig")
        checked = upload(client, "/api/v1/validate", f"{class_name}.csv", only_header, mapping=mapping)
        assert checked.status_code == 200, (class_name, checked.text)  # the mapping is valid and fits the header


def test_an_unknown_class_is_refused_with_the_nearest_names(client: TestClient) -> None:
    answer = client.get(f"{TEMPLATES_PATH}/ResearchConditionPlatfrom.csv")
    assert answer.status_code == 400, answer.text
    assert "ResearchConditionPlatform" in answer.json()["suggestions"]


def test_a_table_without_a_mapping_is_refused_in_both_languages_pointing_at_the_templates(client: TestClient) -> None:
    answer = upload(client, "/api/v1/validate", "平台.csv", "名称\r\n测试平台\r\n".encode(), mapping=None)
    assert answer.status_code == 422, answer.text
    problem = answer.json()
    assert problem["file"] == "平台.csv" and problem["see"] == TEMPLATES_PATH
    for text in (problem["detail"], problem["detailZh"]):
        assert "`" not in text and TEMPLATES_PATH in text
    assert "mapping template" in problem["detail"] and "映射模板" in problem["detailZh"]
