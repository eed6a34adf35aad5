"""`POST /cypher`: an analyst's own Cypher through the read-only door (analyst key)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from jxkg.graph_api.answers import ANSWER_CONTENT, answer_response
from jxkg.graph_api.deps import Schema, Store
from jxkg.graph_api.errors import problem_docs
from jxkg.graph_api.keys import Role
from jxkg.graph_api.models import CypherRequest
from jxkg.graph_api.security import require_role
from jxkg.queries import run_read_only

router = APIRouter(tags=["queries"])


@router.post(
    "/cypher",
    response_model=None,
    dependencies=[Depends(require_role(Role.ANALYST))],
    responses={**ANSWER_CONTENT, **problem_docs(400, 403, 422, 502, 503, 504)},
)
def cypher(body: CypherRequest, request: Request, store: Store, schema: Schema) -> Response:
    """Read-only Cypher: refused (403) if it would write, load files or call a procedure outside the
    allow-list; run in the engine's read transaction under the time limit (`JXKG_QUERY_TIMEOUT`, 504
    when it runs past) and cut at `limit` rows. Labels, types and properties the ontology does not
    have are a 400 naming the nearest ones. With `graph: true` the JSON answer also carries the
    entities the rows name and the relationships among them."""
    answer = run_read_only(store, schema, body.query, body.params, row_limit=body.limit)
    return answer_response(request, answer, filename="cypher", graph=body.graph, store=store, schema=schema)
