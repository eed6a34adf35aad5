"""Rows as text: JSON-ready values and CSV cells, the same for `jxkg ... --format csv` and the API's CSV;
and the entities rows name, to draw an answer as a graph."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any


def to_json_value(value: Any) -> Any:
    """Dates become ISO strings; everything else is already plain (the store's edge saw to that)."""
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: to_json_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [to_json_value(v) for v in value]
    return value


def cell_text(value: Any) -> str:
    """A cell: nodes and relationships shown the way Cypher writes them, maps and lists as JSON."""
    if isinstance(value, dict) and {"labels", "properties"} <= value.keys():
        name = value["properties"].get("nameZh") or value["properties"].get("nameEn") or ""
        return f"(:{':'.join(value['labels'])} {{id: {value['id']!r}}}) {name}".rstrip()
    if isinstance(value, dict) and {"type", "start", "end"} <= value.keys():
        return f"({value['start']})-[:{value['type']}]->({value['end']})"
    if isinstance(value, dict | list):
        return json.dumps(to_json_value(value), ensure_ascii=False)
    if value is None:
        return ""
    return str(to_json_value(value))


def entity_ids(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> list[str]:
    """The ids of the entities `rows` name, in order of first appearance, each once.

    An id is a text value under a column or a map key named `id` or ending in `Id` (`scienceCityId`,
    `placeId`), looked for in nested lists (a list under such a name holds ids) and maps (a map's
    `id` first, then its keys by name: the engines give keys in different orders); the id of a node
    the store returned (`{"id", "labels", "properties"}`); and both ends of a relationship (`{"type",
    "start", "end"}`), so a returned path gives all its nodes. A node's or relationship's own
    properties are not searched: they describe it, they do not name other entities.
    """
    found: dict[str, None] = {}
    for row in rows:
        for column in columns:
            _collect_ids(row.get(column), _is_id_name(column), found)
    return list(found)


def _is_id_name(name: str) -> bool:
    return name == "id" or name.endswith("Id")


def _collect_ids(value: Any, named_id: bool, found: dict[str, None]) -> None:
    if isinstance(value, str):
        if named_id:
            found.setdefault(value, None)
    elif isinstance(value, list):
        for item in value:
            _collect_ids(item, named_id, found)
    elif isinstance(value, dict):
        if {"id", "labels", "properties"} <= value.keys():  # a node, as the store gives it (see graph_node)
            node_id, properties = value["id"], value["properties"]
            if node_id is None and isinstance(properties, dict):
                node_id = properties.get("id")
            if isinstance(node_id, str):
                found.setdefault(node_id, None)
        elif {"type", "start", "end"} <= value.keys():  # a relationship: its two ends
            for end in (value["start"], value["end"]):
                if isinstance(end, str):
                    found.setdefault(end, None)
        else:
            # a map's own `id` first, then its keys by name: engines differ in the order they give keys
            for key in sorted(value, key=lambda k: (k != "id", str(k))):
                _collect_ids(value[key], isinstance(key, str) and _is_id_name(key), found)


def rows_to_csv(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    """A header line, then one line per row; nested values as JSON text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell_text(row.get(c)) for c in columns] for row in rows)
    return buffer.getvalue()
