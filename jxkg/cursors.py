"""Paging cursors, the one kind every paged list of the API gives out (search, neighbours, runs):
opaque to a client, checked here. A cursor holds the offset of the next page and
a digest of the query it pages (the entity, the depth, the relationship types, the label...), so
a cursor given out for one neighbourhood is refused on another instead of paging it from a wrong
place. Not signed: a forged cursor can only page the caller's own query, which it may ask anyway.

A list read as several ranked lists side by side (a neighbourhood's first ring, group by group:
`jxkg.queries.neighbour_groups`) pages by where each of them stands: such a cursor holds those
`positions` too (`encode_cursor(..., positions=...)`, `decode_positions`)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence
from typing import Any

from jxkg.errors import ParameterError

__all__ = ["decode_cursor", "decode_positions", "encode_cursor"]

_DIGEST_CHARS = 16
_NOT_OURS = ("cursor is not one this API gave out", "cursor 不是本 API 给出的翻页标记")
_ANOTHER_LIST = (
    "cursor was given out for another list (another search, entity, depth, relationship types or label, "
    "or the list changed since: the neighbourhood's groups, a new ingest run): ask again without it to "
    "start from the first page",
    "cursor 是为另一个列表给出的（检索词、实体、深度、关系类型或类别不同，或列表已变化：邻居分组、新的导入批次）："
    "请不带 cursor 重新请求，从第一页开始",
)


def _digest(query: Sequence[object]) -> str:
    text = json.dumps(list(query), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_DIGEST_CHARS]


def encode_cursor(offset: int, query: Sequence[object], *, positions: Sequence[int] | None = None) -> str:
    """The cursor for the page at `offset` of `query` (what identifies the list being paged), and
    where each of its side-by-side lists stands, if it is read as several."""
    payload: dict[str, Any] = {"offset": offset, "of": _digest(query)}
    if positions is not None:
        payload["at"] = list(positions)
    text = json.dumps(payload, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, query: Sequence[object]) -> int:
    """The offset a cursor of `query` holds (0 without one); a ParameterError naming `cursor` when it
    is not one this API gave out, or was given out for another query."""
    if not cursor:
        return 0
    offset, _ = _read(cursor, query)
    return offset


def decode_positions(cursor: str | None, query: Sequence[object], lists: int) -> tuple[int, list[int]]:
    """The offset and the positions of the `lists` side-by-side lists a cursor of `query` holds
    (0 and all at 0 without one); a ParameterError naming `cursor` as `decode_cursor` says."""
    if not cursor:
        return 0, [0] * lists
    offset, positions = _read(cursor, query)
    if positions is None or len(positions) != lists:
        raise _refused(_NOT_OURS)
    return offset, positions


def _read(cursor: str, query: Sequence[object]) -> tuple[int, list[int] | None]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded.encode()))
        offset, of, positions = decoded["offset"], decoded["of"], decoded.get("at")
    except (binascii.Error, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _refused(_NOT_OURS) from exc
    listed = positions is None or (isinstance(positions, list) and all(map(_count, positions)))
    if not _count(offset) or not listed:
        raise _refused(_NOT_OURS)
    if of != _digest(query):
        raise _refused(_ANOTHER_LIST)
    return offset, positions


def _refused(message: tuple[str, str]) -> ParameterError:
    """The error naming `cursor`, in English and Chinese."""
    error = ParameterError(message[0], parameter="cursor")
    error.message_zh = message[1]
    return error


def _count(value: object) -> bool:
    """A whole number of items: an int, not a bool, not negative."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0
