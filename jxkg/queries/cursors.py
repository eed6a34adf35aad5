"""Paging cursors: opaque to a client, checked here. A cursor holds the offset of the next page and
a digest of the query it pages (the entity, the depth, the relationship types, the label...), so
a cursor given out for one neighbourhood is refused on another instead of paging it from a wrong
place. Not signed: a forged cursor can only page the caller's own query, which it may ask anyway."""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
from collections.abc import Sequence

from jxkg.errors import ParameterError

__all__ = ["decode_cursor", "encode_cursor"]

_DIGEST_CHARS = 16


def _digest(query: Sequence[object]) -> str:
    text = json.dumps(list(query), ensure_ascii=False, sort_keys=True, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:_DIGEST_CHARS]


def encode_cursor(offset: int, query: Sequence[object]) -> str:
    """The cursor for the page at `offset` of `query` (what identifies the list being paged)."""
    payload = json.dumps({"offset": offset, "of": _digest(query)}, separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None, query: Sequence[object]) -> int:
    """The offset a cursor of `query` holds (0 without one); a ParameterError naming `cursor` when it
    is not one this API gave out, or was given out for another query."""
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = json.loads(base64.urlsafe_b64decode(padded.encode()))
        offset, of = decoded["offset"], decoded["of"]
    except (binascii.Error, ValueError, KeyError, TypeError) as exc:
        raise ParameterError("cursor is not one this API gave out", parameter="cursor") from exc
    if not isinstance(offset, int) or isinstance(offset, bool) or offset < 0:
        raise ParameterError("cursor is not one this API gave out", parameter="cursor")
    if of != _digest(query):
        raise ParameterError(
            "cursor was given out for another list (another entity, depth, relationship types or label): "
            "ask again without it to start from the first page",
            parameter="cursor",
        )
    return offset
