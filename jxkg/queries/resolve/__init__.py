"""Name resolution: what someone typed (traditional characters, full-width digits, a dropped 市 or
国家, an abbreviation, English, pinyin, a typo) → ranked entities of the graph.

`normalise` makes the comparison forms, `candidates` fetches a bounded set through the engines'
indexes, `score` rates each, `pinyin_index` serves Latin-keyboard pinyin, `resolver` ranks and
says whether the first is the answer; `local` adds the entities an ingest run is reading, and
`run_names` is the resolver a run is handed.
"""

from jxkg.queries.resolve.local import LocalNames
from jxkg.queries.resolve.model import Candidate, MatchKind, Resolution
from jxkg.queries.resolve.normalise import Normaliser
from jxkg.queries.resolve.resolver import MAX_CANDIDATES, MAX_TEXT_CHARS, Resolver, check_text, resolve
from jxkg.queries.resolve.run_names import RunNames

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
