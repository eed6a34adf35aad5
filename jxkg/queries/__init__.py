"""The analysts' catalog and the reads every face shares: named questions, the read-only door, search,
entities, neighbourhoods and paths. Plain Python: the CLI and the HTTP API are thin layers over it.
"""

from jxkg.queries.catalog import Catalog, NamedQuery, ParameterType, QueryParameter, load_catalog
from jxkg.queries.params import bind_parameters
from jxkg.queries.run import DEFAULT_ROW_LIMIT, Answer, run_named, run_read_only

__all__ = [
    "DEFAULT_ROW_LIMIT",
    "Answer",
    "Catalog",
    "NamedQuery",
    "ParameterType",
    "QueryParameter",
    "bind_parameters",
    "load_catalog",
    "run_named",
    "run_read_only",
]
