"""The input formats: one module per format, each holding one `InputFormat` record, and the registry
(`FORMATS`) that the readers, the mapping, the stewards' uploads and the reports all read.

Adding a format is a module here that makes its record (the registry finds it), and its tests.
"""

from jxkg.ingest.read.formats.record import Content, InputFormat, RowsBack
from jxkg.ingest.read.formats.registry import FORMATS, FormatRegistry, listed

__all__ = [
    "FORMATS",
    "Content",
    "FormatRegistry",
    "InputFormat",
    "RowsBack",
    "listed",
]
