"""Each named question's answer typed in the OpenAPI document, from the columns its catalog header
declares (`jxkg.queries.columns`): a row schema per question (`LabsByChainRow`), an answer per
question whose `name` is that question's (`LabsByChainAnswer`), and `runQuestion`'s JSON answer the
one of them its `name` says (`QuestionAnswer`, a `oneOf` discriminated by `name`). A client generated
from the document narrows on the name: `if (answer.name === "labs-by-chain")
answer.rows[0].laboratoryCount` is a number, with no cast. A question that declares no columns yet
keeps rows of any object, under its own name all the same."""

from __future__ import annotations

import copy
from typing import Any

from jxkg.errors import ConfigurationError
from jxkg.queries import Catalog, NamedQuery
from jxkg.queries.columns import row_schema

OPERATION = "runQuestion"
ANSWER = "QuestionAnswer"
_BASE = "QueryAnswer"  # the model's schema, which an analyst's Cypher answers with
_REF = "#/components/schemas/{}"


def component_stem(name: str) -> str:
    """`labs-by-chain` -> `LabsByChain`: a name every client generator takes as a type's."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("-"))


def type_question_answers(schema: dict[str, Any], catalog: Catalog) -> dict[str, Any]:
    """`schema` with each question's row and answer as components and `runQuestion`'s JSON answer
    the union of them. Raises `ConfigurationError` when a question's component would take a name
    the document already gives another schema."""
    components = schema["components"]["schemas"]
    mapping: dict[str, str] = {}
    for query in catalog:
        added = _components(query, components[_BASE])
        taken = sorted(set(added) & set(components))
        if taken:
            raise ConfigurationError(f"{query.file}: its OpenAPI schema {taken[0]} is the name of another schema")
        components.update(added)
        mapping[query.name] = _REF.format(f"{component_stem(query.name)}Answer")
    components[ANSWER] = {
        "title": ANSWER,
        "description": "A named question's answer: the one of each question's answers its `name` says, its rows "
        "typed by the columns the question declares (GET /queries/{name} lists them).",
        "oneOf": [{"$ref": ref} for ref in mapping.values()],
        "discriminator": {"propertyName": "name", "mapping": mapping},
    }
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            if operation.get("operationId") == OPERATION:
                content = operation["responses"]["200"]["content"]["application/json"]
                content["schema"] = {"$ref": _REF.format(ANSWER)}
    return schema


def _components(query: NamedQuery, base: dict[str, Any]) -> dict[str, dict[str, Any]]:
    stem = component_stem(query.name)
    answer = copy.deepcopy(base)
    answer["title"] = f"{stem}Answer"
    answer["description"] = f"The answer of {query.name}: {query.title.en}."
    answer["properties"]["name"] = {"type": "string", "const": query.name, "description": "the question run"}
    added = {f"{stem}Answer": answer}
    if query.columns:
        row = row_schema(query.columns, _REF.format("Provenance"))
        added[f"{stem}Row"] = {"title": f"{stem}Row", "description": f"One row of {query.name}.", **row}
        answer["properties"]["rows"] = {
            "type": "array",
            "items": {"$ref": _REF.format(f"{stem}Row")},
            "description": "the rows, each with the columns the question declares",
        }
    return added
