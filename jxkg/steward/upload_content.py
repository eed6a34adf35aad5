"""An upload's format, from its content (never from its name alone), and its text saved again as UTF-8.

Each format of the registry (`jxkg.ingest.read.formats`) says whether content is its own, asked in
its sniffing order: a binary format (XLSX: a zip) on the first bytes, then, once the content is
known to be text, the text formats (JSON-LD, JSON Lines, JSON, Turtle, and CSV for any other
text). An image, a PDF, another archive or UTF-16 text is refused whatever its name says. The
name's suffix only breaks a tie between text formats the content cannot tell apart. The format
found then inspects the file before any reader opens it (an XLSX's unpacked size, a JSON-LD's
remote contexts).
"""

from __future__ import annotations

from pathlib import Path

from jxkg.errors import UploadError
from jxkg.ingest.read.formats import FORMATS, Content, InputFormat, listed
from jxkg.ingest.read.text import BOM, is_utf8

__all__ = ["accepted", "format_of_upload", "saved_as_utf8"]

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF", "a PDF document"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file or an encrypted workbook (.xls, .doc): save it as .xlsx"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"Rar!", "a RAR archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x00\x00\x01\x00", "an icon"),
    (b"RIFF", "a media file"),
    (b"\xff\xfe", "UTF-16 text (save it as UTF-8, or GBK)"),
    (b"\xfe\xff", "UTF-16 text (save it as UTF-8, or GBK)"),
)


def accepted() -> str:
    """`CSV, XLSX, JSON, JSON Lines, Turtle or JSON-LD`."""
    return listed([f.label_en for f in FORMATS])


def format_of_upload(path: Path, label: str, max_unpacked_bytes: int) -> InputFormat:
    """The format of the file at `path`, inspected; `UploadError` when none takes it, or it refuses it."""
    hinted = FORMATS.by_name_hint(Path(label).suffix)
    content = Content(path, label, hinted.name if hinted is not None else None)
    order = FORMATS.sniffing_order()
    found = next((f for f in order if f.binary and f.sniff(content)), None)
    if found is None:
        _refuse_what_is_not_text(content.head, label)
        if content.text is None:
            raise UploadError(
                f"{label}: its content is neither UTF-8 nor GBK/GB18030 text, nor an XLSX workbook", file=label
            )
        found = next((f for f in order if not f.binary and f.sniff(content)), None)
    if found is None:
        raise UploadError(f"{label}: its content is not {accepted()}", file=label)
    if found.inspect is not None:
        found.inspect(content, max_unpacked_bytes=max_unpacked_bytes)
    return found


def _refuse_what_is_not_text(head: bytes, label: str) -> None:
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise UploadError(f"{label}: its content is {what}, not {accepted()}", file=label)
    if b"\x00" in head:
        raise UploadError(
            f"{label}: its content is binary (or UTF-16 text), not {accepted()}; save text as UTF-8", file=label
        )


def saved_as_utf8(path: Path, declared: str | None) -> bool:
    """Save a text file again as UTF-8 (no BOM) when the whole file decodes in one encoding: the declared
    one, else UTF-8 (BOM or not), else GB18030 (a superset of GBK) unless some of its non-ASCII lines
    are UTF-8 (a mixed file, left to the reader). True when the file was saved again."""
    data = path.read_bytes()
    body = data.removeprefix(BOM)
    candidates = [declared] if declared else ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = body.decode(encoding)
        except (UnicodeDecodeError, LookupError):
            continue
        if encoding == "gb18030" and any(not line.isascii() and is_utf8(line) for line in body.splitlines()):
            return False
        path.write_bytes(text.encode("utf-8"))
        return True
    return False
