"""A question's rows as the client asked for them: JSON (the default), CSV or XLSX by the `Accept`
header; in JSON, with the graph of the entities they name when the request asked for it."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from jxkg.graph_api.models import QueryAnswer
from jxkg.ontology.schema import GraphSchema
from jxkg.queries import Answer, explore
from jxkg.queries.model import NeighbourSummary
from jxkg.queries.tabular import rows_to_csv, rows_to_xlsx, to_json_value
from jxkg.spreadsheet import CSV_MEDIA_TYPE as CSV_CONTENT_TYPE
from jxkg.spreadsheet import XLSX_MEDIA_TYPE
from jxkg.store import GraphStore

CSV_MEDIA_TYPE = "text/csv"
JSON_MEDIA_TYPE = "application/json"

# the OpenAPI description of a route that answers either way (`model` puts QueryAnswer in the
# document's components, where the JSON body refers to it)
ANSWER_CONTENT: dict[int | str, dict[str, Any]] = {
    200: {
        "model": QueryAnswer,
        "content": {
            CSV_MEDIA_TYPE: {"schema": {"type": "string"}, "example": "scienceCityId,scienceCity\r\n..."},
            XLSX_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}},
        },
        "description": "the rows, as JSON or, with `Accept: text/csv`, as CSV for a spreadsheet: UTF-8 with a "
        "byte order mark, text a spreadsheet would run as a formula neutralised with a leading quote, nested "
        f"values as readable text; with `Accept: {XLSX_MEDIA_TYPE}`, as an XLSX workbook: typed cells, such "
        "text marked with Excel's quote prefix, the same readable text, and a sheet `about` saying whether the "
        "row limit cut the answer (docs/api.md, Spreadsheet answers)",
    }
}


def wanted_sheet(request: Request) -> str | None:
    """The spreadsheet the client asked for (`csv`, `xlsx`), or None for JSON: a client that takes
    JSON gets JSON, whatever else it lists."""
    accept = request.headers.get("accept", "")
    if JSON_MEDIA_TYPE in accept:
        return None
    if XLSX_MEDIA_TYPE in accept:
        return "xlsx"
    return "csv" if CSV_MEDIA_TYPE in accept else None


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
    """The answer as CSV, XLSX or JSON; `graph`: the JSON carries the subgraph its rows name
    (`explore.answer_graph`, with the neighbours `summarise` sums up); a spreadsheet has no room for
    one and is the same either way."""
    sheet = wanted_sheet(request)
    if sheet is not None:
        headers = {"Content-Disposition": f'attachment; filename="{filename}.{sheet}"'}
        if answer.truncated:
            headers["X-Truncated"] = f"row limit {answer.row_limit}"
        # the file is for a spreadsheet: the cells of jxkg.spreadsheet (formula-like text neutralised)
        if sheet == "xlsx":
            workbook = rows_to_xlsx(
                answer.columns,
                answer.rows,
                name=name or filename,
                parameters=answer.parameters,
                truncated=answer.truncated,
                row_limit=answer.row_limit,
            )
            return Response(workbook, media_type=XLSX_MEDIA_TYPE, headers=headers)
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
