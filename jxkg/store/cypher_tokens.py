"""A small Cypher tokenizer for the read-only door: one pass, linear time, no parser.

It only has to tell code from what is not code: strings, backtick-quoted names and comments
become single tokens (or vanish), so a word inside them is never taken for a clause, and a
quoted name (`` `db.labels` ``, `` `db`.`labels` ``) is read as the name the engines read.

A `//` comment ends where either engine ends it (tests/store/test_comment_ends.py asks both):
FalkorDB 4 ends it at `\n` only, Neo4j 5 at `\n` or `\r`; neither at U+0085, U+2028, U+2029,
VT or FF, which stay inside the comment. So `\r` ends it here too: text after a lone `\r` is
checked as code (Neo4j runs it), at worst refusing what FalkorDB would have read as comment.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from jxkg.errors import QueryTextLimitError, ReadOnlyViolationError
from jxkg.settings import DEFAULT_MAX_QUERY_CHARS, DEFAULT_MAX_QUERY_NESTING

# The characters that end a `//` comment in either engine (Neo4j: both; FalkorDB: `\n` only).
COMMENT_ENDS = frozenset("\n\r")
_OPENERS = {"(": ")", "[": "]", "{": "}"}
_CLOSERS = frozenset(_OPENERS.values())


@dataclass(frozen=True)
class TextLimits:
    """The longest query text and the deepest bracket nesting taken from outside, before any engine
    sees it (`JXKG_MAX_QUERY_CHARS`, `JXKG_MAX_QUERY_NESTING`): FalkorDB's parse time doubles with
    each level of nesting and no time limit covers parsing, so a 200-deep text held it for minutes."""

    max_chars: int = DEFAULT_MAX_QUERY_CHARS
    max_nesting: int = DEFAULT_MAX_QUERY_NESTING

    def __post_init__(self) -> None:
        if self.max_chars < 1 or self.max_nesting < 1:
            raise ValueError("query text limits must be at least 1")


class Kind(Enum):
    WORD = "word"  # a keyword or an unquoted name
    QUOTED = "quoted"  # a backtick-quoted name, its text unquoted (`` `a``b` `` -> a`b)
    STRING = "string"
    PARAMETER = "parameter"  # `$name`; its text without the `$`
    NUMBER = "number"
    PUNCT = "punct"  # any other single character


@dataclass(frozen=True, slots=True)
class Token:
    kind: Kind
    text: str
    start: int


def tokens(query: str, limits: TextLimits | None = None) -> list[Token]:
    """The tokens of `query`, comments and white space left out, once it is within `limits`.

    Raises `QueryTextLimitError` for a text over the limits (`check_length`, `check_nesting`), and
    `ReadOnlyViolationError` for an unterminated string, name or comment (the engine would refuse it
    anyway, and guessing where it ends is how a check and an engine come to disagree)."""
    bounds = limits or TextLimits()
    check_length(query, bounds)
    found = list(_scan(query))
    check_nesting(found, bounds)
    return found


def check_text(query: str, limits: TextLimits | None = None) -> None:
    """Refuse `query` if it is over `limits` (its length, its bracket nesting outside strings and
    comments): the one check every face makes before an outside text reaches an engine. Linear."""
    tokens(query, limits)


def check_length(query: str, limits: TextLimits) -> None:
    if len(query) > limits.max_chars:
        raise QueryTextLimitError(
            f"the query is {len(query):,} characters long; at most {limits.max_chars:,} are taken "
            "(JXKG_MAX_QUERY_CHARS)",
            message_zh=f"查询文本长 {len(query):,} 个字符，超过上限 {limits.max_chars:,}（JXKG_MAX_QUERY_CHARS）",
            bound="length",
            limit=limits.max_chars,
            setting="JXKG_MAX_QUERY_CHARS",
        )


# long: one loop over the characters, a branch per kind of token, kept together so it stays linear
def _scan(text: str) -> Iterator[Token]:
    index, size = 0, len(text)
    while index < size:
        char = text[index]
        if char.isspace():
            index += 1
        elif text.startswith("//", index):
            index = _line_comment_end(text, index + 2)
        elif text.startswith("/*", index):
            end = text.find("*/", index + 2)
            if end < 0:
                raise ReadOnlyViolationError("the query has a /* comment that never ends")
            index = end + 2
        elif char in "'\"":
            value, index_after = _quoted(text, index, char)
            yield Token(Kind.STRING, value, index)
            index = index_after
        elif char == "`":
            value, index_after = _backticked(text, index)
            yield Token(Kind.QUOTED, value, index)
            index = index_after
        elif char == "$" and index + 1 < size and (_is_word_char(text[index + 1]) or text[index + 1] == "`"):
            if text[index + 1] == "`":
                value, end = _backticked(text, index + 1)
            else:
                end = _word_end(text, index + 1)
                value = text[index + 1 : end]
            yield Token(Kind.PARAMETER, value, index)
            index = end
        elif _is_word_char(char):
            end = _word_end(text, index)
            kind = Kind.NUMBER if char.isdigit() else Kind.WORD
            yield Token(kind, text[index:end], index)
            index = end
        else:
            yield Token(Kind.PUNCT, char, index)
            index += 1


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _word_end(text: str, index: int) -> int:
    while index < len(text) and _is_word_char(text[index]):
        index += 1
    return index


def _line_comment_end(text: str, index: int) -> int:
    while index < len(text) and text[index] not in COMMENT_ENDS:
        index += 1
    return index


def _quoted(text: str, start: int, quote: str) -> tuple[str, int]:
    """A string literal from its opening quote: (its raw body, the index after its closing quote)."""
    index = start + 1
    while index < len(text):
        char = text[index]
        if char == "\\":
            index += 2  # an escape: the next character never ends the string
        elif char == quote:
            return text[start + 1 : index], index + 1
        else:
            index += 1
    raise ReadOnlyViolationError(f"the query has a string starting at character {start + 1} that never ends")


def _backticked(text: str, start: int) -> tuple[str, int]:
    """A backtick-quoted name: (the name, a doubled backtick read as one; the index after it)."""
    parts: list[str] = []
    index = start + 1
    while True:
        end = text.find("`", index)
        if end < 0:
            raise ReadOnlyViolationError(
                f"the query has a `quoted name` starting at character {start + 1} that never ends"
            )
        parts.append(text[index:end])
        if text.startswith("``", end):
            parts.append("`")
            index = end + 2
            continue
        return "".join(parts), end + 1


def check_nesting(found: list[Token], limits: TextLimits) -> None:
    """Refuse brackets ((, [ and { together) nested deeper than `limits.max_nesting`."""
    depth = 0
    for token in found:
        if token.kind is not Kind.PUNCT:
            continue
        if token.text in _OPENERS:
            depth += 1
            if depth > limits.max_nesting:
                raise QueryTextLimitError(
                    f"brackets nest deeper than {limits.max_nesting} levels at character {token.start + 1}; "
                    f"at most {limits.max_nesting} are taken (JXKG_MAX_QUERY_NESTING)",
                    message_zh=f"括号嵌套在第 {token.start + 1} 个字符处超过 {limits.max_nesting} 层"
                    "（JXKG_MAX_QUERY_NESTING）",
                    bound="nesting",
                    limit=limits.max_nesting,
                    setting="JXKG_MAX_QUERY_NESTING",
                )
        elif token.text in _CLOSERS:
            depth = max(depth - 1, 0)
