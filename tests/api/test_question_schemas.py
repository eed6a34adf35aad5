"""`runQuestion`'s JSON answer in the OpenAPI document typed per question (jxkg.graph_api.question_schemas):
every question's example answered over HTTP on both engines is valid against the document's own
`QuestionAnswer` (the one answer its `name` picks, its rows the question's declared row schema), and
an answer with a wrong type, or with another question's rows, is not."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import jsonschema_rs
import pytest
from fastapi.testclient import TestClient

from jxkg.graph_api.app import create_app
from jxkg.graph_api.question_schemas import ANSWER, component_stem
from jxkg.queries import load_catalog
from jxkg.queries.columns import row_schema
from jxkg.store import GraphStore
from tests.api.support import no_database
from tests.conftest import settings_for

READER = "a-reader-key-0123456789"
CATALOG = load_catalog()


@pytest.fixture(scope="module")
def client(curated_store: GraphStore) -> Iterator[TestClient]:
    settings = settings_for(curated_store, JXKG_API_KEYS=f"reader:{READER}", JXKG_API_KEYS_FILE="", JXKG_RATE_LIMIT=0)
    with TestClient(create_app(settings), headers={"Authorization": f"Bearer {READER}"}) as test_client:
        yield test_client


def _validator(document: dict[str, Any]) -> jsonschema_rs.Draft202012Validator:
    """The document's `QuestionAnswer`, its references resolved within the document."""
    return jsonschema_rs.Draft202012Validator(
        {"components": document["components"], "$ref": f"#/components/schemas/{ANSWER}"}
    )


def _errors(validator: jsonschema_rs.Draft202012Validator, body: Any) -> list[str]:
    return [f"{'/'.join(map(str, e.instance_path))}: {e.message}" for e in validator.iter_errors(body)]


def _answers(client: TestClient) -> dict[str, Any]:
    bodies = {}
    for query in CATALOG:
        response = client.post(f"/api/v1/queries/{query.name}/run", json={"params": query.example, "graph": True})
        assert response.status_code == 200, (query.name, response.text)
        bodies[query.name] = response.json()
    return bodies


def test_every_example_answer_is_valid_against_the_document(client: TestClient) -> None:
    validator = _validator(client.app.openapi())  # type: ignore[attr-defined]
    for name, body in _answers(client).items():
        assert _errors(validator, body) == [], name


def test_a_wrong_type_or_another_questions_rows_are_not(client: TestClient) -> None:
    validator = _validator(client.app.openapi())  # type: ignore[attr-defined]
    answers = _answers(client)
    labs = answers["labs-by-chain"]
    wrong = copy.deepcopy(labs)
    wrong["rows"][0]["laboratoryCount"] = str(wrong["rows"][0]["laboratoryCount"])
    assert _errors(validator, wrong)
    extra = copy.deepcopy(labs)
    extra["rows"][0]["laboratories"] = 1
    assert _errors(validator, extra)
    # the headline's rows under the name labs-by-chain: the name picks the schema the rows must meet
    swapped = {**answers["science-city-chain-support"], "name": "labs-by-chain"}
    assert _errors(validator, swapped)


def test_each_question_has_its_answer_and_its_declared_rows_in_the_document() -> None:
    document = create_app(no_database()).openapi()
    schemas = document["components"]["schemas"]
    union = schemas[ANSWER]
    assert union["discriminator"]["propertyName"] == "name"
    assert list(union["discriminator"]["mapping"]) == CATALOG.names()
    assert [one["$ref"] for one in union["oneOf"]] == list(union["discriminator"]["mapping"].values())
    for query in CATALOG:
        stem = component_stem(query.name)
        answer = schemas[f"{stem}Answer"]
        assert answer["properties"]["name"]["const"] == query.name
        assert set(answer["required"]) >= {"name", "rows", "columns", "graph"}
        if query.columns:
            assert answer["properties"]["rows"]["items"] == {"$ref": f"#/components/schemas/{stem}Row"}
            row = schemas[f"{stem}Row"]
            assert {k: v for k, v in row.items() if k not in ("title", "description")} == row_schema(
                query.columns, "#/components/schemas/Provenance"
            )
        else:
            assert f"{stem}Row" not in schemas
    run = document["paths"]["/api/v1/queries/{name}/run"]["post"]
    assert run["operationId"] == "runQuestion"
    assert run["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": f"#/components/schemas/{ANSWER}"
    }
    assert "text/csv" in run["responses"]["200"]["content"]
    # an analyst's own Cypher still answers the untyped QueryAnswer
    cypher = document["paths"]["/api/v1/cypher"]["post"]["responses"]["200"]["content"]["application/json"]
    assert "QueryAnswer" in str(cypher["schema"])
