"""Rows as text: JSON-ready values and spreadsheet cells, the same for `jxkg ... --format csv|xlsx` and
the API's CSV and XLSX answers (which the query page downloads); and the entities rows name, to draw an
answer as a graph."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any

from jxkg.queries.row_provenance import is_provenance_name
from jxkg.spreadsheet import csv_text, xlsx_bytes


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

    An id is a text value under a column or a map key named `id` or ending in `Id` or `Ids`
    (`scienceCityId`, `placeId`, `narrowerChainIds`), looked for in nested lists (a list under such a
    name holds ids) and maps (a map's
    `id` first, then its keys by name: the engines give keys in different orders); the id of a node
    the store returned (`{"id", "labels", "properties"}`); and both ends of a relationship (`{"type",
    "start", "end"}`), so a returned path gives all its nodes. A node's or relationship's own
    properties are not searched: they describe it, they do not name other entities.
    """
    found: dict[str, None] = {}
    for row in rows:
        for column in columns:
            if not is_provenance_name(column):
                _collect_ids(row.get(column), _is_id_name(column), found)
    return list(found)


def _is_id_name(name: str) -> bool:
    return name == "id" or name.endswith(("Id", "Ids"))


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
            # a fact's provenance names its document and passage: sources, not entities the answer is about
            for key in sorted(value, key=lambda k: (k != "id", str(k))):
                if not is_provenance_name(key):
                    _collect_ids(value[key], isinstance(key, str) and _is_id_name(key), found)


def rows_to_csv(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    """A header line, then one line per row, by the spreadsheet rule (`jxkg.spreadsheet`: a byte order
    mark, formula-like text neutralised); numbers stay numbers, nested values as `flat_text`."""
    return csv_text(columns, ([spreadsheet_cell(row.get(c)) for c in columns] for row in rows))


def rows_to_xlsx(
    columns: Sequence[str],
    rows: Sequence[dict[str, Any]],
    *,
    name: str = "answer",
    parameters: Mapping[str, Any] | None = None,
    truncated: bool = False,
    row_limit: int | None = None,
) -> bytes:
    """A workbook by the spreadsheet rule (`jxkg.spreadsheet`: typed cells, formula-like text never
    run): the sheet `name`, a header row and one row per row, cells as in the CSV (`spreadsheet_cell`);
    and the sheet `about`, saying what the answer is and whether the row limit cut it short, as the
    JSON answer's `truncated` and `rowLimit` do."""
    about = [
        ("name", name, "问题 / the question"),
        ("parameters", flat_text(to_json_value(dict(parameters or {}))), "参数 / the parameters it ran with"),
        ("rows", len(rows), "行数 / the rows in the first sheet"),
        ("truncated", truncated, "是否在行数上限处截断 / whether the row limit cut the answer short"),
        ("rowLimit", row_limit, "行数上限 / the row limit"),
    ]
    cells = ([spreadsheet_cell(row.get(c)) for c in columns] for row in rows)
    return xlsx_bytes(columns, cells, title=name, about=about)


def spreadsheet_cell(value: Any) -> Any:
    """A number, boolean or date as it is (a typed cell; a CSV writes it as text, never neutralised), no
    value as an empty cell; anything else as readable text (`flat_text`)."""
    if value is None or isinstance(value, int | float | bool | dt.date | dt.datetime | dt.time):
        return value
    return flat_text(value)


# a fact's provenance as rows carry it (`row_provenance`): its own keys, which no other map has all of
_CITED_KEYS = frozenset({"kind", "document", "section", "passageId", "quote"})

# the key a map is named by in flat text, the first one it has
_NAME_KEYS = ("nameZh", "name", "nameEn", "title", "place", "id")


def flat_text(value: Any, *, nested: bool = False) -> str:
    """A value as readable text for one spreadsheet cell, never JSON: a list's items joined by `; `
    (inside a map: `[a, b]`); a map as its name, then its other non-empty keys in brackets, `id`
    first, then by name (`赣州稀土集团 (id: …, chainPath: [稀土, 稀金], class: Enterprise, provenance: documented)`);
    nodes and relationships as `cell_text` writes them. The JSON answer is the one to parse."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        items = [flat_text(v, nested=True) for v in value if v is not None]
        return f"[{', '.join(items)}]" if nested else "; ".join(items)
    if isinstance(value, dict) and value.keys() >= _CITED_KEYS:
        return _provenance_text(value)
    if isinstance(value, dict) and not _is_node_or_relationship(value):
        return _map_text(value)
    return cell_text(value)


def _is_node_or_relationship(value: dict[str, Any]) -> bool:
    return {"labels", "properties"} <= value.keys() or {"type", "start", "end"} <= value.keys()


def _map_text(value: dict[str, Any]) -> str:
    name_key = next((k for k in _NAME_KEYS if isinstance(value.get(k), str | int) and value.get(k) != ""), None)
    # `id` first, then the keys by name: the engines give a map's keys in different orders
    keys = sorted((k for k in value if k != name_key), key=lambda k: (k != "id", str(k)))
    rest = [f"{key}: {flat_text(value[key], nested=True)}" for key in keys if value[key] not in (None, "", [], {})]
    inner = f"({', '.join(rest)})" if rest else ""
    if name_key is None:
        return inner
    return f"{value[name_key]} {inner}".rstrip()


def _provenance_text(value: dict[str, Any]) -> str:
    """A fact's provenance in a cell: its kind, then the document by title and number and the section
    (the stored source when it names no document), then the quote: `documented: 江西省“十四五”科技创新规划
    (赣府发〔2021〕22号) 第二章 第二节 「…」`."""
    document = value.get("document") or {}
    if document:
        number = f" ({document['number']})" if document.get("number") else ""
        cited = f"{document.get('titleZh') or document.get('id')}{number} {value.get('section') or ''}".rstrip()
    else:
        cited = value.get("source") or ""
    quote = f"「{value['quote']}」" if value.get("quote") else ""
    note = f"({value['note']})" if value.get("note") else ""
    text = " ".join(part for part in (cited, quote, note) if part)
    kind = value.get("kind") or ""
    return f"{kind}: {text}" if kind and text else kind or text
