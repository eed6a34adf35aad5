"""Where a searched text stands in a quote, and the sentence around it.

The text is compared in the resolver's folded form (`Normaliser.fold`: simplified, NFKC, no
punctuation or spaces), so 先發優勢 or 先发 优势 finds 先发优势; each folded character remembers the
character of the quote it came from, so the sentence shown is the quote's own, verbatim.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from jxkg.queries.resolve.normalise import ignorable

_ENDS = frozenset("。！？；!?;\n")  # what ends a sentence in the documents
MAX_SENTENCE = 160  # longer sentences are shown as a window around the text
_CONTEXT = 60  # characters kept each side of the text in a window
MAX_PER_QUOTE = 3  # sentences taken from one quote


@dataclass(frozen=True)
class Snippet:
    text: str  # the sentence, or a window of it (… marks a cut)
    start: int  # where the found text starts in `text`
    end: int  # and ends (exclusive)


class Folded:
    """A quote in the folded form, each folded character mapped back to its place in the quote."""

    def __init__(self, quote: str) -> None:
        self.quote = quote
        chars: list[str] = []
        self.where: list[int] = []
        for at, char in enumerate(quote):
            for piece in unicodedata.normalize("NFKC", char).casefold():
                if not ignorable(piece):
                    chars.append(piece)
                    self.where.append(at)
        self.text = "".join(chars)

    def spans(self, needle: str) -> list[tuple[int, int]]:
        """Where `needle` (folded) stands in the quote, as (start, end) of the quote's characters."""
        found: list[tuple[int, int]] = []
        at = self.text.find(needle) if needle else -1
        while at >= 0 and len(found) < MAX_PER_QUOTE:
            found.append((self.where[at], self.where[at + len(needle) - 1] + 1))
            at = self.text.find(needle, at + len(needle))
        return found


def snippet(quote: str, start: int, end: int) -> Snippet:
    """The sentence of `quote` holding quote[start:end], cut to a window when it is long."""
    first = start
    while first > 0 and quote[first - 1] not in _ENDS:
        first -= 1
    last = end
    while last < len(quote) and quote[last] not in _ENDS:
        last += 1
    last = min(last + 1, len(quote))  # the sentence keeps its end mark
    head, tail = "", ""
    if last - first > MAX_SENTENCE:
        if start - first > _CONTEXT:
            first, head = start - _CONTEXT, "…"
        if last - end > _CONTEXT:
            last, tail = end + _CONTEXT, "…"
    lead = len(quote[first:start].lstrip())
    text = quote[first:last].strip()
    return Snippet(head + text + tail, len(head) + lead, len(head) + lead + (end - start))
