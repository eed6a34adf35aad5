"""Examples of the operations' inputs in the OpenAPI document: every required parameter and every
request body has one, on the curated data (赣州稀金科创城, 中国科学院赣江创新研究院, 赣州市), and the
optional parameters a first call would set. They are what Swagger UI's "Try it out" fills in, so
the examples of one operation go together: no deprecated name (`max_hops`, `offset`) and no
cursor (a cursor is given out by the page before). Ingest jobs and runs are named by ids their own
operations give out: their examples show the form. tests/api/test_examples.py checks each example
fits its schema, and that each read (and a validation) answers its examples with a 2xx."""

from __future__ import annotations

import json
from typing import Any

SCIENCE_CITY = "science-city:赣州稀金科创城"
INSTITUTE = "research-institute:中国科学院赣江创新研究院"
GANZHOU = "360700"
JOB = "job-20261207T101500-1a2b3c"  # as startIngest answers it
RUN = "run-20261207T101500-1a2b3c"  # as listRuns answers it
_BATCH = {"q0": {"query": "赣州稀金", "type": "ScienceCity", "limit": 3}}
# an upload a steward may send as it is (RDF needs no mapping): a file part named e.g. 平台.ttl
UPLOAD_TURTLE = """@prefix jx: <https://w3id.org/jxkg/ontology#> .
@prefix jxd: <https://w3id.org/jxkg/id/> .
jxd:research-condition-platform:示例测试平台 a jx:ResearchConditionPlatform ;
    jx:nameZh "示例测试平台" ; jx:foundedYear 2018 .
"""

# operation id -> {"parameters": {name: example}, "body": {media type: example}}
OPERATION_EXAMPLES: dict[str, dict[str, Any]] = {
    "getReconciliationManifest": {"parameters": {"queries": json.dumps(_BATCH, ensure_ascii=False)}},
    "reconcileBatch": {
        "body": {
            "application/json": _BATCH,
            "application/x-www-form-urlencoded": {"queries": json.dumps(_BATCH, ensure_ascii=False)},
        }
    },
    "searchEntities": {"parameters": {"q": "稀金", "type": "ScienceCity", "limit": 5, "quotes": 3}},
    "getNeighbours": {
        "parameters": {"entity_id": GANZHOU, "depth": 1, "rel": ["LOCATED_IN"], "label": "Enterprise", "limit": 20}
    },
    "getEntity": {"parameters": {"entity_id": SCIENCE_CITY}},
    "findPaths": {"parameters": {"from": SCIENCE_CITY, "to": INSTITUTE, "maxHops": 3, "limit": 5}},
    "getSubgraph": {"body": {"application/json": {"ids": [SCIENCE_CITY, GANZHOU, INSTITUTE]}}},
    "getQuestion": {"parameters": {"name": "science-city-chain-support"}},
    "runQuestion": {
        "parameters": {"name": "science-city-chain-support"},
        "body": {"application/json": {"params": {"scienceCity": "赣州稀金科创城"}, "limit": 100, "graph": True}},
    },
    "runCypher": {
        "body": {
            "application/json": {
                "query": "MATCH (c:ScienceCity) WHERE c.stage = $stage RETURN c.id AS id, c.nameZh AS name ORDER BY id",
                "params": {"stage": "built"},
                "limit": 100,
            }
        }
    },
    "validateUpload": {"body": {"multipart/form-data": {"file": UPLOAD_TURTLE}}},
    "startIngest": {"body": {"multipart/form-data": {"file": UPLOAD_TURTLE}}},
    "listIngestJobs": {"parameters": {"limit": 20}},
    "getIngestJob": {"parameters": {"job": JOB}},
    "getIngestJobEvents": {"parameters": {"job": JOB}},
    "getIngestJobQuarantine": {"parameters": {"job": JOB}},
    "getIngestJobReport": {"parameters": {"job": JOB}},
    "getTemplateCsv": {"parameters": {"class_name": "ScienceCity"}},
    "getTemplateMapping": {"parameters": {"class_name": "ScienceCity"}},
    "listRuns": {"parameters": {"limit": 20}},
    "getRun": {"parameters": {"run": RUN, "limit": 100}},
    "suggestEntities": {"parameters": {"prefix": "赣州", "type": "ScienceCity", "cursor": 0, "limit": 5}},
    "suggestTypes": {"parameters": {"prefix": "科创", "cursor": 0, "limit": 5}},
    "suggestProperties": {"parameters": {"prefix": "名", "cursor": 0, "limit": 5}},
    "previewEntity": {"parameters": {"id": SCIENCE_CITY}},
}


def with_examples(document: dict[str, Any]) -> dict[str, Any]:
    """`document` with each operation's examples on its parameters and its request body's media types."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            if not isinstance(operation, dict):
                continue
            examples = OPERATION_EXAMPLES.get(str(operation.get("operationId")), {})
            for parameter in operation.get("parameters", []):
                if parameter.get("name") in examples.get("parameters", {}):
                    parameter["example"] = examples["parameters"][parameter["name"]]
            content = operation.get("requestBody", {}).get("content", {})
            for media_type, example in examples.get("body", {}).items():
                if media_type in content:
                    content[media_type]["example"] = example
    return document
