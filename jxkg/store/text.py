"""Text helpers the search dialects share: FalkorDB's full-text index does not segment Chinese."""

from __future__ import annotations

import re

_WORD = re.compile(r"[\w\u3400-\u9fff]+")


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
