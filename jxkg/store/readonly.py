"""The read-only door's own checks, on top of the engines' read-only transactions.

Read transactions stop CREATE, MERGE, SET and DDL on both engines, but FalkorDB's GRAPH.RO_QUERY
still runs `LOAD CSV` (it opens the file it is given) and both engines run procedures. So text
from outside is refused here if it loads files or calls a procedure outside an allow-list.
"""

from __future__ import annotations

import re

from jxkg.errors import ReadOnlyViolationError

ALLOWED_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.indexes",
        "db.constraints",
        "db.idx.fulltext.querynodes",
        "db.index.fulltext.querynodes",
    }
)

_STRING_OR_COMMENT = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|`[^`]*`|//[^\n]*|/\*.*?\*/", re.DOTALL)
_LOAD_CSV = re.compile(r"\bLOAD\s+CSV\b", re.IGNORECASE)
_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)", re.IGNORECASE)
_FORBIDDEN_CLAUSES = re.compile(r"\b(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH)\b", re.IGNORECASE)


def check_read_only(query: str) -> None:
    """Raise `ReadOnlyViolationError` unless `query` can only read."""
    code = _STRING_OR_COMMENT.sub(" ", query)
    if _LOAD_CSV.search(code):
        raise ReadOnlyViolationError("LOAD CSV is not allowed: queries here may not read files")
    for match in _CALL.finditer(code):
        procedure = match.group(1).lower()
        if procedure not in ALLOWED_PROCEDURES:
            raise ReadOnlyViolationError(
                f"procedure {match.group(1)} is not allowed here; allowed: {', '.join(sorted(ALLOWED_PROCEDURES))}"
            )
    clause = _FORBIDDEN_CLAUSES.search(code)
    if clause:
        raise ReadOnlyViolationError(f"{clause.group(1).upper()} is not allowed: this door only reads")
