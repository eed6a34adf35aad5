"""Name resolution: what someone typed (traditional characters, full-width digits, a dropped 市 or
国家, an abbreviation, English, pinyin, a typo) → ranked entities of the graph.

`normalise` makes the comparison forms, `candidates` fetches a bounded set through the engines'
indexes, `score` rates each, `pinyin_index` serves Latin-keyboard pinyin, `resolver` ranks and
says whether the first is the answer.
"""

from jxkg.queries.resolve.model import Candidate, MatchKind, Resolution
from jxkg.queries.resolve.normalise import Normaliser
from jxkg.queries.resolve.resolver import MAX_CANDIDATES, MAX_TEXT_CHARS, Resolver, check_text, resolve

__all__ = [
    "MAX_CANDIDATES",
    "MAX_TEXT_CHARS",
    "Candidate",
    "MatchKind",
    "Normaliser",
    "Resolution",
    "Resolver",
    "check_text",
    "resolve",
]
