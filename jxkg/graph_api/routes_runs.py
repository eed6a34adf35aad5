"""The ingest history (steward key): `GET /runs` and `GET /runs/{run}`, from the graph's `IngestRun`
records, as `jxkg runs list` and `jxkg runs show` print them (`jxkg.ingest.runs.history`), with each
file by its name only: the server's folders are none of a caller's business (issue 25)."""

from __future__ import annotations

from pathlib import PurePath
from typing import Annotated, TypeVar

from fastapi import APIRouter, Query

from jxkg.graph_api.deps import Schema, Store
from jxkg.graph_api.errors import problem_docs
from jxkg.graph_api.routes_steward import Steward
from jxkg.ingest.runs.history import (
    MAX_ENTITIES,
    MAX_PAGE,
    RunDetail,
    RunPage,
    RunSummary,
    list_runs,
    run_detail,
)

router = APIRouter(tags=["stewards"])
Run = TypeVar("Run", bound=RunSummary)


def _names_only(run: Run) -> Run:
    """The run with its files by name (an upload's is its name already; a folder load's are paths)."""
    return run.model_copy(update={"files": [PurePath(f).name for f in run.files]})


@router.get("/runs", response_model=RunPage, responses=problem_docs(503))
def runs(
    store: Store,
    _caller: Steward,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> RunPage:
    """The ingest runs, newest first: who started each (the key's name), when, which files (by name),
    the counts of records."""
    page = list_runs(store, limit=limit, offset=offset)
    return page.model_copy(update={"runs": [_names_only(r) for r in page.runs]})


@router.get("/runs/{run}", response_model=RunDetail, responses=problem_docs(404, 503))
def run(
    run: str,
    store: Store,
    schema: Schema,
    _caller: Steward,
    limit: Annotated[int, Query(ge=1, le=MAX_ENTITIES, description="entities listed per class")] = 1000,
) -> RunDetail:
    """One run, and the entities it created or changed in place, by class."""
    return _names_only(run_detail(store, schema, run, limit=limit))
