"""Running questions: a named one from the catalog, or an analyst's own Cypher through the read-only door.

Both faces (`jxkg query` / `jxkg cypher` and the HTTP API) call these, so a question answers the
same everywhere. The read-only door stacks four guards: the text is refused if it is longer or
nests brackets deeper than the store's limits (`JXKG_MAX_QUERY_CHARS`, `JXKG_MAX_QUERY_NESTING`),
or if it writes, loads files or calls a procedure outside the allow-list (`check_read_only`); every `$parameter` it uses
must be given; its labels, types and properties must be the ontology's (`check_names`); and the
engine runs it in a read transaction (`GRAPH.RO_QUERY`, Neo4j's read access mode) under the time
limit, which covers reading its rows, keeping at most `row_limit` rows.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from jxkg.errors import ParameterError
from jxkg.ontology.schema import GraphSchema
from jxkg.queries.entity_params import ResolvedName, resolve_entity_parameters
from jxkg.queries.model import NamedQuery
from jxkg.queries.names import check_names, parameters_used
from jxkg.queries.params import bind_parameters
from jxkg.queries.row_provenance import cited_rows
from jxkg.store import GraphStore, Row
from jxkg.store.readonly import check_read_only

if TYPE_CHECKING:
    from jxkg.queries.resolve.resolver import Resolver

DEFAULT_ROW_LIMIT = 10_000


@dataclass(frozen=True)
class Answer:
    """The rows of one question, its columns in order, and whether the row limit cut it short."""

    columns: list[str]
    rows: list[Row]
    truncated: bool
    row_limit: int | None
    elapsed_ms: float
    parameters: dict[str, Any]
    # what each entity-naming parameter resolved to (`赣州稀金` -> 赣州稀金科创城), by parameter name
    resolved: dict[str, ResolvedName] = field(default_factory=dict)


def run_named(
    store: GraphStore,
    query: NamedQuery,
    given: Mapping[str, Any],
    *,
    row_limit: int | None = DEFAULT_ROW_LIMIT,
    resolver: Resolver | None = None,
) -> Answer:
    """A catalog question with its parameters typed by its header (defaults filled in) and the
    entities they name resolved by name (`entity_params`); hold a `resolver` for many runs."""
    params, resolved = resolve_entity_parameters(store, query, bind_parameters(query, given), resolver)
    answer = _timed(store, query.cypher, params, row_limit)
    # each fact's provenance cites its document and passage, as on nodes and edges
    return replace(answer, rows=cited_rows(store, answer.columns, answer.rows), resolved=resolved)


def run_read_only(
    store: GraphStore,
    schema: GraphSchema,
    text: str,
    params: Mapping[str, Any] | None = None,
    *,
    row_limit: int | None = DEFAULT_ROW_LIMIT,
) -> Answer:
    """An analyst's Cypher, read-only whatever it says (see the module's docstring for the guards)."""
    given = dict(params or {})
    check_read_only(text, store.text_limits)
    missing = sorted(set(parameters_used(text)) - set(given))
    if missing:
        listing = ", ".join(f"${name}" for name in missing)
        raise ParameterError(
            f"the query uses {listing} but no value was given (CLI: --param {missing[0]}=VALUE; "
            'API: "params": {...})',
            parameter=missing[0],
        )
    check_names(text, schema)
    return _timed(store, text, given, row_limit)


def _timed(store: GraphStore, text: str, params: dict[str, Any], row_limit: int | None) -> Answer:
    started = time.perf_counter()
    result = store.read_result(text, params, row_limit=row_limit)
    elapsed = (time.perf_counter() - started) * 1000
    return Answer(
        columns=result.columns,
        rows=result.rows,
        truncated=result.truncated,
        row_limit=row_limit,
        elapsed_ms=elapsed,
        parameters=params,
    )
