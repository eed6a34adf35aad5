"""Names in a Cypher text checked against the ontology: `:Sciencecity` is an error naming `ScienceCity`.

The engines answer a query about a label that does not exist with zero rows and no word of
warning (FalkorDB always, Neo4j only as a notification), which an analyst reads as "there is
none". So before a query from outside runs, its labels, relationship types and property keys are
looked up in the ontology and an unknown one is an `UnknownNameError` with the nearest names.

This is a lexical scan, not a parser: strings and comments are blanked first; a `:Name` inside
`[...]` after `-` is a relationship type, any other `:Name` a label unless it is a map key; a
property is checked where it follows a variable bound by a node or relationship pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jxkg.errors import UnknownNameError
from jxkg.ontology.schema import GraphSchema

# Backtick-quoted names are matched too, so that a quote or `//` inside one is not read as a string
# or a comment (they are kept by `_blank`); a `//` comment ends at `\n` or `\r`, as the door's does.
# A `/*` that never ends runs to the end of the text (the door refuses it before; matched whole, no
# later `/*` scans the rest again).
_STRING_OR_COMMENT = re.compile(
    r"`[^`]*+`|'(?:[^'\\]|\\.)*+'|\"(?:[^\"\\]|\\.)*+\"|//[^\n\r]*+|/\*.*?(?:\*/|\Z)", re.DOTALL
)
# A name starts only where no name character precedes it and is taken whole (possessive: no giving
# back), so no pattern below retries inside a long name; white space and bodies are taken whole too
# (`\s*+`, `[^{}]*+`), so two runs of white space never share out the same spaces between them (a
# pattern map's `(` then 20,000 spaces took 15 s): the scan stays linear in the text.
_NAME = r"(?:`[^`]++`|(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*+)"
_COLON_NAME = re.compile(rf":\s*+({_NAME})")
# `(n`, `(n:`, `[r:` — not `count(n)`: a bracket right after a word is a function call
_PATTERN_VARIABLE = re.compile(rf"(?<![\w`])[(\[]\s*+({_NAME})\s*+[:{{)\]*]")
_PROPERTY = re.compile(rf"(?<![\w.`$])({_NAME})\s*+\.\s*+({_NAME})")
_MAP_KEY = re.compile(rf"([{{,])\s*+({_NAME})\s*+:(?!:)")
# names in a map projection or a pattern's property map: `n{.id}` / `(n {nameZh: $x})`
_PATTERN_MAP = re.compile(rf"(?<![\w`])\(\s*+(?:{_NAME}\s*+)?(?::\s*+{_NAME}\s*+)*+\{{([^{{}}]*+)\}}")
_PATTERN_MAP_KEY = re.compile(rf"({_NAME})\s*+:")
_PROJECTION = re.compile(rf"({_NAME})\s*+\{{([^{{}}]*+)\}}")
_PROJECTED = re.compile(rf"(?:^|,)\s*+\.\s*+({_NAME})")
# `[:A|B]` and `[:A|:B]`: the alternatives after the first
_ALTERNATIVE = re.compile(rf"\|\s*+(?::\s*+)?({_NAME})")


_PARAMETER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def parameters_used(query: str) -> list[str]:
    """The `$names` a query uses, in order of first use (strings and comments ignored)."""
    code = _STRING_OR_COMMENT.sub(_blank, query)
    return list(dict.fromkeys(_PARAMETER.findall(code)))


@dataclass(frozen=True)
class NamesUsed:
    labels: frozenset[str]
    relationship_types: frozenset[str]
    properties: frozenset[str]


def names_used(query: str) -> NamesUsed:
    """The labels, relationship types and property keys that `query` names."""
    code = _STRING_OR_COMMENT.sub(_blank, query)
    pattern_keys = {key for body in _PATTERN_MAP.findall(code) for key in _PATTERN_MAP_KEY.findall(body)}
    without_keys = _MAP_KEY.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - 1), code)
    labels: set[str] = set()
    types: set[str] = set()
    in_relationship = _relationship_brackets(without_keys)
    for match in _COLON_NAME.finditer(without_keys):
        name = _unquote(match.group(1))
        if in_relationship[match.start()]:
            types.add(name)
        else:
            labels.add(name)
    # `[:A|B]` and `[:A|:B]`: the alternatives after the first
    for match in _ALTERNATIVE.finditer(without_keys):
        if in_relationship[match.start()]:
            types.add(_unquote(match.group(1)))
    variables = {_unquote(v) for v in _PATTERN_VARIABLE.findall(code)}
    properties = {_unquote(prop) for var, prop in _PROPERTY.findall(code) if _unquote(var) in variables}
    properties |= {_unquote(k) for k in pattern_keys}
    for var, body in _PROJECTION.findall(code):
        if _unquote(var) in variables:
            properties |= {_unquote(p) for p in _PROJECTED.findall(body)}
    return NamesUsed(frozenset(labels), frozenset(types), frozenset(properties))


def check_names(query: str, schema: GraphSchema) -> None:
    """Raise `UnknownNameError` for the first label, type or property `query` names that `schema` lacks."""
    used = names_used(query)
    labels = {label for t in schema.node_types for label in t.labels}
    types = {r.type for r in schema.relationships}
    properties = {p.name for p in schema.properties}
    for label in sorted(used.labels):
        if label not in labels:
            raise UnknownNameError("label", label, labels)
    for rel_type in sorted(used.relationship_types):
        if rel_type not in types:
            raise UnknownNameError("relationship type", rel_type, types)
    for prop in sorted(used.properties):
        if prop not in properties:
            raise UnknownNameError("property", prop, properties)


def _relationship_brackets(code: str) -> list[bool]:
    """For each character of `code`, whether it sits inside `-[ ... ]` (a relationship pattern) rather
    than `( ... )` or a list: one pass with a stack of the open brackets, so the scan stays linear."""
    inside: list[bool] = []
    stack: list[bool] = []
    previous = ""  # the last character before this one that is not white space
    for char in code:
        inside.append(bool(stack) and stack[-1])
        if char in "([{":
            stack.append(char == "[" and previous == "-")  # `-[` and `<-[`
        elif char in ")]}" and stack:
            stack.pop()
        if not char.isspace():
            previous = char
    return inside


def _blank(match: re.Match[str]) -> str:
    """A string or comment as spaces of its length (positions kept); a quoted name as it is."""
    text = match.group(0)
    return text if text.startswith("`") else " " * len(text)


def _unquote(name: str) -> str:
    return name[1:-1] if name.startswith("`") and name.endswith("`") else name
