"""The forms a name is compared in: typed text and stored names go through the same steps.

- `fold`: Unicode NFKC (full-width letters and digits, ideographic space), traditional →
  simplified Chinese by OpenCC's own conversion tables (`opencc`, the project's Python package:
  its wheel installs here, so the reimplementation is not needed), case folded, and every
  punctuation mark, dash, bracket, quote, space, control and zero-width character dropped, so
  `新余—宜春`, `新余-宜春` and `新余宜春` are one form.
- `key`: `fold` plus the steward's abbreviations (`jxkg/ontology/abbreviations.csv`) written out,
  国家 dropped wherever it stands, a leading 江西省/江西/省 and a trailing 省/市/县/区 dropped
  (the administrative words people leave out: 赣州 for 赣州市).
- `plain`: `fold` with the affixes dropped but abbreviations as written (科创城 is read kechuangcheng);
- `pinyin`: the toneless pinyin of a plain form (pypinyin), for what is typed on a Latin keyboard.

A `Normaliser` holds the converter, the abbreviations and a per-character pinyin cache: the
caller keeps one (a resolver does) instead of the module keeping state.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

import opencc

from jxkg.ontology.abbreviations import Abbreviation, load_abbreviations

# administrative words a name may be typed without (DESIGN.md, "Identity and provenance")
_DROPPED_ANYWHERE = ("国家",)
_OPTIONAL_PREFIXES = ("江西省", "江西", "省")  # longest first
_OPTIONAL_SUFFIXES = ("省", "市", "县", "区")
_MIN_LEFT = 2  # an affix is only dropped when this many characters remain (市场 stays, 南昌市 → 南昌)
_DROPPED_SYMBOLS = frozenset("~")  # a range mark, not part of a name
_LATIN = re.compile(r"[a-z0-9]")
_CJK = re.compile(r"[\u3400-\u9fff]")


def ignorable(char: str) -> bool:
    """Punctuation (dashes, brackets, quotes), separators (spaces) and control/format characters
    (zero-width space and joiners, byte-order marks): none of them tells two names apart."""
    return unicodedata.category(char)[0] in "PZC" or char in _DROPPED_SYMBOLS


class Normaliser:
    """The comparison forms of names, with the abbreviations it was given."""

    def __init__(self, abbreviations: Iterable[Abbreviation] | None = None) -> None:
        rows = tuple(abbreviations) if abbreviations is not None else load_abbreviations()
        self._converter = opencc.OpenCC("t2s")
        self._pinyin: dict[str, str] = {}
        # one pass, longest first, so 科创城 is written out before 科创; Latin words only whole
        expansions = {self._surface(row.short): self._surface(row.full) for row in rows}
        alternatives = sorted(expansions, key=len, reverse=True)
        pattern = "|".join(rf"\b{re.escape(s)}\b" if _LATIN.search(s) else re.escape(s) for s in alternatives)
        self._expansions = expansions
        self._abbreviation = re.compile(pattern) if pattern else None

    def _surface(self, text: str) -> str:
        """NFKC, simplified, case folded; punctuation and spaces still there (word boundaries)."""
        return str(self._converter.convert(unicodedata.normalize("NFKC", text))).casefold()

    def simplified(self, text: str) -> str:
        """NFKC, simplified, case folded, every character kept: the text as stored text is written."""
        return self._surface(text)

    def fold(self, text: str) -> str:
        return "".join(char for char in self._surface(text) if not ignorable(char))

    def expand(self, text: str) -> str:
        """NFKC, simplified, case folded, abbreviations written out; spaces kept (a search's words)."""
        surface = self._surface(text)
        if self._abbreviation is None:
            return surface
        return self._abbreviation.sub(lambda match: self._expansions[match.group(0)], surface)

    def key(self, text: str) -> str:
        return strip_affixes("".join(char for char in self.expand(text) if not ignorable(char)))

    def readings(self, name: str) -> set[str]:
        """The pinyin a stored name may be typed as: with and without its administrative affixes."""
        return {reading for reading in (self.pinyin(self.fold(name)), self.pinyin(self.plain(name))) if reading}

    def plain(self, text: str) -> str:
        """`fold` with the administrative affixes dropped, abbreviations left as written: what is read aloud."""
        return strip_affixes(self.fold(text))

    def pinyin(self, plain: str) -> str:
        """Toneless pinyin of each Chinese character, other characters as they are, no spaces."""
        parts: list[str] = []
        for char in plain:
            if _CJK.match(char) is None:
                parts.append(char)
                continue
            reading = self._pinyin.get(char)
            if reading is None:
                # imported on first use: its phrase tables take about 0.4 s, which a command that resolves
                # no name (most `jxkg query run`) should not pay
                from pypinyin import Style, lazy_pinyin

                reading = lazy_pinyin(char, style=Style.NORMAL)[0]
                self._pinyin[char] = reading
            parts.append(reading)
        return "".join(parts)


def strip_affixes(folded: str) -> str:
    """Drop 国家 anywhere, then one optional prefix and one optional suffix, each only when enough is left."""
    text = folded
    for word in _DROPPED_ANYWHERE:
        stripped = text.replace(word, "")
        if len(stripped) >= _MIN_LEFT:
            text = stripped
    for prefix in _OPTIONAL_PREFIXES:
        if text.startswith(prefix) and len(text) - len(prefix) >= _MIN_LEFT:
            text = text[len(prefix) :]
            break
    for suffix in _OPTIONAL_SUFFIXES:
        if text.endswith(suffix) and len(text) - len(suffix) >= _MIN_LEFT:
            text = text[: -len(suffix)]
            break
    return text


def is_latin(folded: str) -> bool:
    """Typed on a Latin keyboard: no Chinese character at all (English, pinyin, an abbreviation)."""
    return bool(folded) and _CJK.search(folded) is None
