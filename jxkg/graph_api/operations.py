"""Each API operation's id in the OpenAPI document: explicit and stable, so that a client generated
from the document (openapi-typescript, @hey-api/openapi-ts) keeps its function names when a route's
Python function is renamed or moved. FastAPI's default (`runQueryApiV1QueriesNameRunPost`) spells
the path into the name; a test keeps every operation of the document in this list."""

from __future__ import annotations

from fastapi.routing import APIRoute
from fastapi.utils import generate_unique_id

# the route's Python function name -> its operation id
OPERATION_IDS: dict[str, str] = {
    "health": "getHealth",
    "service": "getReconciliationManifest",
    "batch": "reconcileBatch",
    "search": "searchEntities",
    "neighbors": "getNeighbours",
    "entity": "getEntity",
    "paths": "findPaths",
    "subgraph": "getSubgraph",
    "list_queries": "listQuestions",
    "show_query": "getQuestion",
    "run_query": "runQuestion",
    "cypher": "runCypher",
    "schema": "getSchema",
    "stats": "getStats",
    "me": "getCaller",
    "validate": "validateUpload",
    "start_ingest": "startIngest",
    "list_jobs": "listIngestJobs",
    "show_job": "getIngestJob",
    "job_events": "getIngestJobEvents",
    "job_quarantine": "getIngestJobQuarantine",
    "job_report": "getIngestJobReport",
    "audit": "runAudit",
    "templates": "listTemplates",
    "template_csv": "getTemplateCsv",
    "template_mapping": "getTemplateMapping",
    "runs": "listRuns",
    "run": "getRun",
    "suggest_entity": "suggestEntities",
    "suggest_type": "suggestTypes",
    "suggest_property": "suggestProperties",
    "preview": "previewEntity",
}


def operation_id(route: APIRoute) -> str:
    """FastAPI's `generate_unique_id_function`: the route's id from `OPERATION_IDS`; a route not in
    it (a page, a route a test adds) keeps FastAPI's own, which tests/api/test_typed_client.py
    refuses in the API's document."""
    return OPERATION_IDS.get(route.name) or generate_unique_id(route)
