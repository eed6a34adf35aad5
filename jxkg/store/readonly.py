"""The read-only door's own checks, on top of the engines' read-only transactions.

Read transactions stop CREATE, MERGE, SET and DDL on both engines, but FalkorDB's GRAPH.RO_QUERY
still runs `LOAD CSV` (it opens the file it is given) and both engines run procedures. So text
from outside is refused here if it writes, loads files, administers, or calls a procedure
outside an allow-list.

The text is read as tokens (`cypher_tokens`), not searched with patterns: a word inside a
string, a comment or a backtick-quoted name is never a clause, an alias or a property named like
a keyword (`AS set`, `n.delete`, `{create: 1}`) is not one either, and a procedure's name is
compared after its quoting is taken off (`` `dbms`.`procedures` `` is `dbms.procedures`).
"""

from __future__ import annotations

import unicodedata

from jxkg.errors import ReadOnlyViolationError
from jxkg.store.cypher_tokens import Kind, TextLimits, Token, tokens

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
# Refused with a message of their own, whatever the allow-list says: Neo4j's administration.
ADMIN_PREFIXES = ("dbms.", "db.create", "db.drop", "db.clear", "db.checkpoint", "tx.")

# Clauses and commands that write, load files, administer or switch database (Neo4j's `USE system`).
FORBIDDEN_WORDS = frozenset(
    {
        "CREATE",
        "MERGE",
        "DELETE",
        "DETACH",
        "SET",
        "REMOVE",
        "DROP",
        "FOREACH",
        "INSERT",
        "LOAD",
        "ALTER",
        "GRANT",
        "DENY",
        "REVOKE",
        "TERMINATE",
        "SHOW",
        "USE",
    }
)


def check_read_only(query: str, limits: TextLimits | None = None) -> None:
    """Raise `ReadOnlyViolationError` unless `query` can only read, `QueryTextLimitError` unless it is
    within `limits` (the defaults when not given; a store carries the configured ones)."""
    found = tokens(query, limits)
    for position, token in enumerate(found):
        if token.kind is not Kind.WORD or not _is_clause(found, position):
            continue
        # NFKC: a fullwidth or otherwise compatible spelling (ＣＲＥＡＴＥ) is the keyword it looks like
        word = unicodedata.normalize("NFKC", token.text).upper()
        if word == "CALL":
            _check_call(found, position)
        elif word == "LOAD":
            raise ReadOnlyViolationError("LOAD CSV is not allowed: queries here may not read files")
        elif word in FORBIDDEN_WORDS:
            raise ReadOnlyViolationError(f"{word} is not allowed: this door only reads")


def _is_clause(found: list[Token], position: int) -> bool:
    """Whether the word at `position` stands where a keyword would: not a property, label,
    alias or map key named like one."""
    before = found[position - 1] if position else None
    after = found[position + 1] if position + 1 < len(found) else None
    if before is not None and before.kind is Kind.PUNCT and before.text in ".:":
        # n.delete, n:Set; but not after a number's dot (`1. CREATE`), which is no property access
        return before.text == "." and position >= 2 and found[position - 2].kind is Kind.NUMBER
    if before is not None and before.kind is Kind.WORD and before.text.upper() == "AS":
        return False  # RETURN n.id AS set
    is_key = after is not None and after.kind is Kind.PUNCT and after.text == ":"
    return not (is_key and before is not None and before.kind is Kind.PUNCT and before.text in "{,")


def procedure_name(found: list[Token], start: int) -> tuple[str, int]:
    """The dotted name starting at token `start`, its parts unquoted and joined, and the index after it."""
    parts: list[str] = []
    index = start
    while index < len(found) and found[index].kind in (Kind.WORD, Kind.QUOTED):
        parts.append(found[index].text)
        index += 1
        if index < len(found) and found[index].kind is Kind.PUNCT and found[index].text == ".":
            index += 1
            continue
        break
    # a quoted part may hold dots of its own (`dbms.procedures`); spaces around them are not the engines' name
    return ".".join(part.strip() for part in ".".join(parts).split(".")), index


def _check_call(found: list[Token], position: int) -> None:
    following = found[position + 1] if position + 1 < len(found) else None
    if following is not None and following.kind is Kind.PUNCT and following.text in "{(":
        return  # a subquery (`CALL { ... }`, `CALL (n) { ... }`): its clauses are checked as every other's
    name, _ = procedure_name(found, position + 1)
    if not name:
        raise ReadOnlyViolationError("CALL must name an allowed procedure or open a { subquery }")
    folded = name.lower()
    if folded.startswith(ADMIN_PREFIXES):
        raise ReadOnlyViolationError(f"procedure {name} administers the database and is not allowed here")
    if folded not in ALLOWED_PROCEDURES:
        raise ReadOnlyViolationError(
            f"procedure {name} is not allowed here; allowed: {', '.join(sorted(ALLOWED_PROCEDURES))}"
        )
