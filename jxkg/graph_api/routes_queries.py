"""The catalog of named questions: `GET /queries`, `GET /queries/{name}`, `POST /queries/{name}/run`."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from jxkg.graph_api.answers import ANSWER_CONTENT, answer_response
from jxkg.graph_api.deps import Names, Schema, Store
from jxkg.graph_api.errors import problem_docs
from jxkg.graph_api.etags import RevalidateCatalog
from jxkg.graph_api.models import QuerySummary, RunRequest, Text
from jxkg.queries import NamedQuery, load_catalog, run_named

router = APIRouter(tags=["queries"], dependencies=[RevalidateCatalog])


@router.get("/queries", response_model=list[QuerySummary])
def list_queries() -> list[QuerySummary]:
    """The named questions, the headline question first."""
    return [
        QuerySummary(
            name=q.name,
            title=Text(zh=q.title.zh, en=q.title.en),
            description=q.description,
            descriptionZh=q.description_zh,
            tags=list(q.tags),
            parameters=[p.name for p in q.parameters],
        )
        for q in load_catalog()
    ]


@router.get("/queries/{name}", response_model=NamedQuery, responses=problem_docs(404))
def show_query(name: str) -> NamedQuery:
    """One question: titles, its description and its parameters' in English (`description`) and Chinese
    (`descriptionZh`), typed parameters (defaults, allowed values), example, Cypher, and its columns, each
    with a `label` in both languages."""
    return load_catalog().get(name)


@router.post(
    "/queries/{name}/run",
    response_model=None,
    responses={**ANSWER_CONTENT, **problem_docs(400, 404, 422, 502, 503, 504)},
)
def run_query(
    name: str, request: Request, store: Store, schema: Schema, names: Names, body: RunRequest | None = None
) -> Response:
    """Run a named question. Rows as JSON, or as CSV with `Accept: text/csv`; with `graph: true` the
    JSON answer also carries the entities the rows name and the relationships among them. A parameter
    that names an entity is resolved by name first (`resolved` says to what); one that names none, or
    several, is a 422 whose `candidates` lists the nearest."""
    run = body or RunRequest()
    query = load_catalog().get(name)
    answer = run_named(store, query, run.params, row_limit=run.limit, resolver=names)
    return answer_response(
        request,
        answer,
        name=query.name,
        filename=query.name,
        graph=run.graph,
        summarise=query.graph.summarise,
        store=store,
        schema=schema,
    )
