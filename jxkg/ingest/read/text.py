"""Text as sources come: UTF-8 (with or without a BOM) or GBK/GB18030, decoded line by line.

Encodings: a declared one wins; otherwise each line is tried as UTF-8 (a BOM is dropped), and a
file whose non-ASCII lines are not UTF-8 is read as GB18030 (a superset of GBK and GB2312). A file
that mixes the two is read in the encoding most of its lines use, and the other lines are marked
bad, so a reader rejects only their rows, by number.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

__all__ = ["BOM", "Decoded", "blank", "decode_lines", "is_utf8", "text_of", "tolerant_text"]

BOM = codecs.BOM_UTF8
_LOOKS_LIKE = {"utf-8": "UTF-8", "gb18030": "GBK/GB18030"}
_DETECTED = ("utf-8", "gb18030")


@dataclass
class Decoded:
    encoding: str
    lines: list[str]
    bad: dict[int, str]  # line index -> why it could not be decoded


def decode_lines(lines: list[bytes], declared: str | None) -> Decoded:
    """Decode line by line so that a few lines in another encoding cost only their rows."""
    if lines and lines[0].startswith(BOM):
        lines = [lines[0][len(BOM) :], *lines[1:]]
        declared = declared or "utf-8"
    if declared:
        return _decode_as(lines, declared, f"cannot be decoded as {declared} (the encoding declared or marked)")
    utf8 = [is_utf8(line) for line in lines]
    foreign = [i for i, line in enumerate(lines) if not line.isascii() and not utf8[i]]
    native = [i for i, line in enumerate(lines) if not line.isascii() and utf8[i]]
    if not foreign:
        return _decode_as(lines, "utf-8", "")
    if len(native) >= len(foreign):
        return _decode_as(lines, "utf-8", _mixed_message("utf-8"))
    decoded = _decode_as(lines, "gb18030", "cannot be decoded as UTF-8 or GB18030")
    for i in native:  # valid UTF-8 in a GB18030 file: it would decode, as mojibake
        decoded.bad[i] = _mixed_message("gb18030", found="utf-8")
    return decoded


def _mixed_message(encoding: str, found: str = "gb18030") -> str:
    return (
        f"row is not {_LOOKS_LIKE[encoding]} while the rest of the file is (its bytes look like "
        f"{_LOOKS_LIKE[found]}): the file mixes encodings; re-save it in one encoding"
    )


def is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_as(lines: list[bytes], encoding: str, message: str) -> Decoded:
    decoded = Decoded(encoding, [], {})
    for i, line in enumerate(lines):
        try:
            decoded.lines.append(line.decode(encoding))
        except UnicodeDecodeError:
            decoded.lines.append(line.decode(encoding, errors="replace"))
            decoded.bad[i] = message
    return decoded


def blank(data: bytes) -> bool:
    return not data.replace(BOM, b"").strip()


def tolerant_text(data: bytes) -> str | None:
    """The whole of `data` as text (UTF-8, else GB18030, else line by line either), None when some line
    is neither: what an upload's kind is told from."""
    body = data.removeprefix(BOM)
    for encoding in _DETECTED:
        try:
            return body.decode(encoding)
        except UnicodeDecodeError:
            continue
    # a file that mixes encodings, line by line: text all the same (the readers reject its odd rows by number)
    lines = []
    for line in body.splitlines(keepends=True):
        for encoding in _DETECTED:
            try:
                lines.append(line.decode(encoding))
                break
            except UnicodeDecodeError:
                continue
        else:
            return None
    return "".join(lines)


def text_of(path: Path, encoding: str | None) -> str:
    """A stored file read back whole (to write some of its rows again): in `encoding` (UTF-8 when not
    told), else GB18030, else UTF-8 with the odd bytes replaced (a file that mixes encodings)."""
    data = path.read_bytes().removeprefix(BOM)
    for candidate in (encoding or "utf-8", "gb18030"):
        try:
            return data.decode(candidate)
        except (UnicodeDecodeError, LookupError):
            continue
    return data.decode("utf-8", errors="replace")
