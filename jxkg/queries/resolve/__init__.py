"""Name resolution: what someone typed (traditional characters, full-width digits, a dropped 市 or
国家, an abbreviation, English, pinyin, a typo) → ranked entities of the graph.

`normalise` makes the comparison forms, `candidates` fetches a bounded set through the engines'
indexes, `score` rates each, `pinyin_index` serves Latin-keyboard pinyin, `resolver` ranks and
says whether the first is the answer; `local` adds the entities an ingest run is reading, and
`run_names` is the resolver a run is handed.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from jxkg.queries.resolve.model import Candidate, MatchKind, Resolution

if TYPE_CHECKING:
    from jxkg.queries.resolve.local import LocalNames
    from jxkg.queries.resolve.normalise import Normaliser
    from jxkg.queries.resolve.resolver import MAX_CANDIDATES, MAX_TEXT_CHARS, Resolver, check_text, resolve
    from jxkg.queries.resolve.run_names import RunNames

# The resolver's machinery (OpenCC, rapidfuzz, the scoring) is imported when it is first used: a catalog
# question that names no entity (most `jxkg query run`) does not load it.
_LAZY = {
    "LocalNames": "local",
    "Normaliser": "normalise",
    "MAX_CANDIDATES": "resolver",
    "MAX_TEXT_CHARS": "resolver",
    "Resolver": "resolver",
    "check_text": "resolver",
    "resolve": "resolver",
    "RunNames": "run_names",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"{__name__}.{_LAZY[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "MAX_CANDIDATES",
    "MAX_TEXT_CHARS",
    "Candidate",
    "LocalNames",
    "MatchKind",
    "Normaliser",
    "Resolution",
    "Resolver",
    "RunNames",
    "check_text",
    "resolve",
]
