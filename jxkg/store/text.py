"""Text helpers the search dialects share: FalkorDB's full-text index does not segment Chinese."""

from __future__ import annotations

import re

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
