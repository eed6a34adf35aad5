"""Text helpers: what the search dialects share (FalkorDB's full-text index does not segment
Chinese), and the one definition of a control character no text of the graph may hold."""

from __future__ import annotations

import re
import unicodedata

# Tab, line feed and carriage return are text (Cypher, multi-line notes); every other control
# character (Unicode Cc: C0, DEL, C1) and a lone surrogate (Cs) means nothing in this graph, and
# FalkorDB reads a query's parameters as C text, so a NUL would cut a whole batch's query short.
TEXT_CONTROLS = frozenset("\t\n\r")


def control_character_at(text: str, *, allowed: frozenset[str] = TEXT_CONTROLS) -> int | None:
    """The index of the first control character in `text` other than `allowed`, or None."""
    return next(
        (i for i, char in enumerate(text) if char not in allowed and unicodedata.category(char) in ("Cc", "Cs")), None
    )


_CJK = "\u3400-\u9fff"  # CJK Unified Ideographs and Extension A: the Chinese of names
_WORD = re.compile(rf"[\w{_CJK}]+")
_HAS_CJK = re.compile(rf"[{_CJK}]")


def has_cjk(text: str) -> bool:
    """Whether `text` holds a Chinese character (searched by substring, not by word, on both engines)."""
    return _HAS_CJK.search(text) is not None


def char_bigrams(*texts: str) -> str:
    """Space-separated character bigrams of each word (a one-character word stands as itself).

    Indexed as a derived property, and applied to a search term, they let FalkorDB find 稀金 in
    赣州稀金科创城 (measured: see DESIGN.md, "Chinese search"). Order kept, duplicates dropped.
    """
    grams: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall(text.lower()):
            if len(word) == 1:
                grams[word] = None
            for i in range(len(word) - 1):
                grams[word[i : i + 2]] = None
    return " ".join(grams)


def sequence_bigrams(text: str) -> str:
    """Space-separated character bigrams of each word of `text`, in order and repeated where the
    text repeats them: the positions stay those of the text, so a phrase of bigrams (Neo4j) matches
    only where the characters stand together. Indexed over quotes and passages (`quoteBigrams`)."""
    grams: list[str] = []
    for word in _WORD.findall(text.lower()):
        grams += [word] if len(word) == 1 else [word[i : i + 2] for i in range(len(word) - 1)]
    return " ".join(grams)
