"""A mapping template per class, for a steward to start from: the CSV header (one column per
property and relationship a row of that class may carry, named in Chinese by the ontology's
labels) and the YAML mapping that reads exactly that file (`docs/ingest.md`, "The mapping file").

Built from the ontology, so a new property shows up in the template the day it is declared. The
columns are the names every entity has (`nameZh`, `nameEn`, `aliases`, `description`), then the
class's own properties (those declared for it or an ancestor below the root), then its
relationships (by name, `by: name`); what the pipeline sets itself (ids, provenance, bookkeeping,
derived counts) is left out. The CSV goes through `jxkg.spreadsheet` like every CSV for people.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import yaml

from jxkg.errors import UnknownNameError
from jxkg.ontology.conventions import RUN_CLASS
from jxkg.ontology.schema import GraphSchema
from jxkg.ontology.terms import NodeType
from jxkg.spreadsheet import csv_text

__all__ = ["TEMPLATES_PATH", "Template", "template", "template_classes"]

# where the API serves them (`jxkg.graph_api.routes_steward`), named by the error for a table sent
# without a mapping
TEMPLATES_PATH = "/api/v1/templates"

# the names every entity has, first in every template
_NAMES = ("nameZh", "nameEn", "aliases", "description")
# relationships the pipeline draws itself (provenance), never a column of a steward's file
_PROVENANCE_TARGETS = frozenset({"SourceDocument", "Passage", RUN_CLASS})


@dataclass(frozen=True)
class Template:
    class_name: str
    header: tuple[str, ...]
    properties: dict[str, str]  # column: property
    relationships: dict[str, dict[str, str]]  # column: {type, target}

    @property
    def csv_name(self) -> str:
        return f"{self.class_name}.csv"

    @property
    def mapping_name(self) -> str:
        return f"{self.class_name}.mapping.yaml"

    def csv(self) -> str:
        """The header alone, with the byte order mark, cells made safe (`jxkg.spreadsheet`)."""
        return csv_text(self.header, [])

    def mapping(self) -> str:
        """The YAML mapping that reads `csv()` once rows are added."""
        document = {"class": self.class_name, "properties": self.properties}
        if self.relationships:
            document["relationships"] = self.relationships
        head = (
            f"# {self.mapping_name}: reads {self.csv_name} (jxkg mapping template, docs/ingest.md)\n"
            "# a column left empty is skipped; a column deleted from the file must go from here too\n"
        )
        return head + yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=1000)


def template_classes(schema: GraphSchema) -> list[str]:
    """The classes a steward may load rows of: the concrete ones, but the runs' own."""
    return [t.name for t in schema.concrete_types() if t.name != RUN_CLASS]


def template(schema: GraphSchema, class_name: str) -> Template:
    """The template of `class_name` (a concrete class); an unknown name is refused with the nearest ones."""
    known = template_classes(schema)
    if class_name not in known:
        raise UnknownNameError("class", class_name, known)
    node = schema.node_type(class_name)
    lineage = _lineage(schema, node) - {schema.root}
    names = [p for p in _NAMES if p in node.properties]
    own = [
        name
        for name in node.properties
        if name not in _NAMES and _writable(schema, name) and lineage & set(schema.property(name).domain)
    ]
    columns: dict[str, str] = {}
    for name in [*names, *own]:
        columns[_unique(schema.property(name).label_zh or name, columns)] = name
    relationships: dict[str, dict[str, str]] = {}
    for rel in schema.relationships:
        if set(rel.domain) & (lineage | {schema.root}) and not set(rel.range) & _PROVENANCE_TARGETS:
            column = _unique(rel.label_zh or rel.type, {**columns, **relationships})
            relationships[column] = {"type": rel.type, "target": rel.range[0]}
    return Template(class_name, (*columns, *relationships), columns, relationships)


def _writable(schema: GraphSchema, name: str) -> bool:
    spec = schema.property(name)
    return not (spec.bookkeeping or spec.derived)


def _lineage(schema: GraphSchema, node: NodeType) -> set[str]:
    """The class and all its ancestors."""
    seen, todo = set(), [node.name]
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(schema.node_type(name).parents)
    return seen


def _unique(label: str, taken: Collection[str]) -> str:
    """A column name not taken yet (two labels alike: the second gets a number)."""
    column, n = label, 2
    while column in taken:
        column, n = f"{label}{n}", n + 1
    return column
