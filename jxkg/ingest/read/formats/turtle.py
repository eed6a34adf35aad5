"""Turtle: RDF in its text form, read straight to records (`jxkg.ingest.read.rdf`), with no mapping."""

from __future__ import annotations

import re
from pathlib import Path

from jxkg.ingest.read.formats.record import Content, InputFormat
from jxkg.ingest.read.rdf import parse_rdf
from jxkg.ingest.records import ReadResult
from jxkg.ontology.schema import GraphSchema

__all__ = ["TURTLE", "read_turtle"]

_START = re.compile(r"^\s*(@prefix|@base|prefix\s|base\s|<)", re.IGNORECASE)


def read_turtle(path: Path, schema: GraphSchema) -> ReadResult:
    return parse_rdf(path, schema, "turtle")


def _sniff(content: Content) -> bool:
    # not JSON, and its first lines but comments open with a prefix, a base or an IRI; or named .ttl
    return content.json.kind == "none" and (content.opens_with(_START) or content.claimed == "turtle")


TURTLE = InputFormat(
    name="turtle",
    suffixes=(".ttl",),
    label_en="Turtle",
    label_zh="Turtle",
    media_type="text/turtle",
    sniff=_sniff,
    sniff_rank=40,
    listing_rank=50,
    read_rdf=read_turtle,
    name_hints=(".turtle",),
)
