"""A question's rows as the client asked for them: JSON (the default) or CSV by the `Accept` header;
in JSON, with the graph of the entities they name when the request asked for it."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from jxkg.graph_api.models import QueryAnswer
from jxkg.ontology.schema import GraphSchema
from jxkg.queries import Answer, explore
from jxkg.queries.model import NeighbourSummary
from jxkg.queries.tabular import rows_to_csv, to_json_value
from jxkg.spreadsheet import CSV_MEDIA_TYPE as CSV_CONTENT_TYPE
from jxkg.store import GraphStore

CSV_MEDIA_TYPE = "text/csv"

# the OpenAPI description of a route that answers either way (`model` puts QueryAnswer in the
# document's components, where the JSON body refers to it)
ANSWER_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "model": QueryAnswer,
        "content": {
            CSV_MEDIA_TYPE: {"schema": {"type": "string"}, "example": "scienceCityId,scienceCity\r\n..."},
        },
        "description": "the rows, as JSON or, with `Accept: text/csv`, as CSV for a spreadsheet: UTF-8 with a "
        "byte order mark, text a spreadsheet would run as a formula neutralised with a leading quote, nested "
        "values as readable text (docs/api.md, CSV answers)",
    }
}


def wants_csv(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return CSV_MEDIA_TYPE in accept and "application/json" not in accept


def answer_response(
    request: Request,
    answer: Answer,
    *,
    name: str | None = None,
    filename: str = "answer",
    graph: bool = False,
    summarise: NeighbourSummary | None = None,
    store: GraphStore,
    schema: GraphSchema,
) -> Response:
    """The answer as CSV or JSON; `graph`: the JSON carries the subgraph its rows name
    (`explore.answer_graph`, with the neighbours `summarise` sums up); CSV has no room for one and is
    the same either way."""
    if wants_csv(request):
        headers = {"Content-Disposition": f'attachment; filename="{filename}.csv"'}
        if answer.truncated:
            headers["X-Truncated"] = f"row limit {answer.row_limit}"
        # the byte order mark and the neutralised cells of jxkg.spreadsheet: the file is for a spreadsheet
        return Response(rows_to_csv(answer.columns, answer.rows), media_type=CSV_CONTENT_TYPE, headers=headers)
    body = QueryAnswer(
        name=name,
        columns=answer.columns,
        rows=to_json_value(answer.rows),
        truncated=answer.truncated,
        row_limit=answer.row_limit,
        elapsed_ms=round(answer.elapsed_ms, 3),
        parameters=to_json_value(answer.parameters),
        resolved=answer.resolved,
        graph=explore.answer_graph(store, schema, answer.columns, answer.rows, summarise=summarise) if graph else None,
    )
    return JSONResponse(body.model_dump(mode="json", by_alias=True))
