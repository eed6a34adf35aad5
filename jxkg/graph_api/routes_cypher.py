"""`POST /cypher`: an analyst's own Cypher through the read-only door (analyst key)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request, Response

from jxkg.graph_api.answers import ANSWER_CONTENT, answer_response
from jxkg.graph_api.cypher_budget import CypherBudget
from jxkg.graph_api.deps import Schema, Store
from jxkg.graph_api.errors import problem_docs
from jxkg.graph_api.keys import Role
from jxkg.graph_api.limits import rate_subject
from jxkg.graph_api.models import CypherRequest
from jxkg.graph_api.security import require_role
from jxkg.queries import run_read_only

router = APIRouter(tags=["queries"])


@router.post(
    "/cypher",
    response_model=None,
    dependencies=[Depends(require_role(Role.ANALYST))],
    responses={**ANSWER_CONTENT, **problem_docs(400, 403, 422, 429, 502, 503, 504)},
)
def cypher(body: CypherRequest, request: Request, store: Store, schema: Schema) -> Response:
    """Read-only Cypher: refused (403) if it would write, load files or call a procedure outside the
    allow-list, and (422) if its text is longer or nests brackets deeper than `JXKG_MAX_QUERY_CHARS`
    and `JXKG_MAX_QUERY_NESTING` allow; run in the engine's read transaction under the time limit
    (`JXKG_QUERY_TIMEOUT`, reading the rows included; 504 when it runs past, and the engine has
    stopped it) and cut at `limit` rows. At most `JXKG_CYPHER_PER_KEY` run at once per key (429
    past it) and `JXKG_CYPHER_TOTAL` in all (503), both with `Retry-After`; the other reads do not
    count. Labels, types and properties the ontology does not have are a 400 naming the nearest
    ones. With `graph: true` the JSON answer also carries the entities the rows name and the
    relationships among them."""
    # counted by key, as the rate limit counts (by client address when keyless)
    budget: CypherBudget = request.app.state.cypher_budget
    with budget.slot(rate_subject(request.scope, request.app.state.keyring)):
        answer = run_read_only(store, schema, body.query, body.params, row_limit=body.limit)
        return answer_response(request, answer, filename="cypher", graph=body.graph, store=store, schema=schema)
