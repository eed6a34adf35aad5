"""Render the analysts' catalog as Markdown (docs/queries.md), and check that the checked-in file is current.

    python -m jxkg.queries.docs --out docs/queries.md     # (re)write docs/queries.md
    python -m jxkg.queries.docs --check                   # exit 1 if docs/queries.md is out of date

Everything comes from the headers of the catalog files (jxkg/queries/*.cypher): a table of contents, then
for each question its titles, description (English, then Chinese), parameters (their help in both),
the columns of its answer (each with its label in both), how to run its example from the command line
and over HTTP, the labels and relationship types it reads, and its Cypher. The command line is
the one of the ontology's derived files (`jxkg.ontology.derived_file`); the ontology it reads is
used to check the names each question uses. Exit codes: 0 written or up to date, 1 out of date,
2 the catalog or the ontology cannot be read (or a question names something the ontology lacks).
The output depends on the catalog and the ontology only (no dates, no paths).
"""

from __future__ import annotations

import json
import re
import shlex
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jxkg.errors import JxkgError
from jxkg.ontology.derived_file import check_derived, derived_file_main
from jxkg.ontology.schema import GraphSchema
from jxkg.queries.catalog import Catalog, NamedQuery, QueryParameter, load_catalog
from jxkg.queries.columns import Column, flattened, type_text
from jxkg.queries.names import check_names, names_used

__all__ = [
    "API_BASE",
    "DEFAULT_OUT",
    "REGENERATE",
    "check_docs",
    "cli_example",
    "curl_example",
    "main",
    "render_markdown",
]

DEFAULT_OUT = Path("docs/queries.md")
REGENERATE = "python -m jxkg.queries.docs --out docs/queries.md"
API_BASE = "http://127.0.0.1:8000/api/v1"

# characters a POSIX shell treats specially (full-width Chinese punctuation is not among them)
_SHELL_SPECIAL = re.compile(r"[\s'\"\\$`&|;<>()*?\[\]{}!#~]")


def render_markdown(catalog: Catalog, schema: GraphSchema | None = None) -> str:
    """The catalog's documentation, deterministic for a given catalog. With `schema`, every question's
    labels, relationship types and properties are checked against it first (`UnknownNameError`)."""
    queries = list(catalog)
    if schema is not None:
        for query in queries:
            check_names(query.cypher, schema)
    parts = [_header(queries), _contents(queries), *(_question(q) for q in queries)]
    return "\n\n".join(part.rstrip("\n") for part in parts) + "\n"


def check_docs(path: Path, expected: str) -> str | None:
    """None when `path` holds `expected`; otherwise what is wrong and how to fix it."""
    return check_derived(path, expected, REGENERATE)


def cli_example(query: NamedQuery) -> str:
    """The `jxkg query run` line that runs the question with its example parameters."""
    words = ["jxkg", "query", "run", query.name]
    for name, value in query.example.items():
        words += ["--param", _shell_word(f"{name}={_cli_value(value)}")]
    return " ".join(words)


def curl_example(query: NamedQuery, base: str = API_BASE) -> str:
    """The `curl` line that runs the question with its example parameters over the HTTP API."""
    body = json.dumps({"params": query.example}, ensure_ascii=False)
    return f"curl -X POST {base}/queries/{query.name}/run -H 'Content-Type: application/json' -d {shlex.quote(body)}"


def main(argv: Sequence[str] | None = None) -> None:
    try:
        derived_file_main(
            argv,
            prog="python -m jxkg.queries.docs",
            description="Render the catalog of named questions as Markdown.",
            default_out=DEFAULT_OUT,
            render=lambda schema: render_markdown(load_catalog(), schema),
            regenerate=REGENERATE,
        )
    except JxkgError as exc:  # a malformed catalog file, or a name the ontology lacks
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc


# --- sections --------------------------------------------------------------------------------


def _header(queries: list[NamedQuery]) -> str:
    return "\n".join(
        [
            "# Named questions: the analysts' catalog",
            "",
            "<!-- Generated from the headers of jxkg/queries/*.cypher by `python -m jxkg.queries.docs`; "
            "do not edit by hand. -->",
            "",
            "**科技创新生态知识图谱 · 分析问题目录**",
            "",
            f"{len(queries)} named, parameterised questions, each one Cypher statement in `jxkg/queries/<name>.cypher` "
            "that runs the same on FalkorDB and on Neo4j. Run one from the command line with "
            "`jxkg query run NAME --param key=value` (`jxkg query list` lists them), or over HTTP with "
            f'`POST {API_BASE}/queries/NAME/run` and the body `{{"params": {{...}}}}`. Parameters are '
            "typed by the question's header: a parameter left out takes its default, an unknown or "
            "ill-typed one is an error naming it. A parameter that names an entity (its class in the "
            "table) is resolved by name first: an id, a Chinese name or alias, a traditional or full-width "
            "form, an English name or pinyin (`赣州稀金` runs as 赣州稀金科创城, and the answer says so); a name "
            "that matches nothing, or several entities it cannot tell apart, is an error listing the "
            "nearest. Regions go by their GB/T 2260 code (`360700`) or name (`赣州市`). An explicit empty "
            "value means every one where the parameter says *empty for*. Every answer is ordered, so it "
            "reads the same on every engine. Each question declares the columns of its answer (a column "
            "always present, null only where it says so; a nested field by its path, `labs[].id`), which "
            "the API's OpenAPI document publishes as the question's row schema. Every question speaks both "
            "languages: its description and each parameter's help in English and Chinese, each column a "
            "short label in both (the query page's table headers); the catalog refuses a header missing one.",
        ]
    )


def _contents(queries: list[NamedQuery]) -> str:
    lines = ["## Contents", "", "| # | question | 问题 | question (en) |", "| --- | --- | --- | --- |"]
    for number, query in enumerate(queries, start=1):
        lines.append(
            f"| {number} | [`{query.name}`](#{query.name}) | {_cell(query.title.zh)} | {_cell(query.title.en)} |"
        )
    return "\n".join(lines)


def _question(query: NamedQuery) -> str:
    lines = [
        f"## {query.name}",
        "",
        f"**{query.title.zh}**  ",
        f"*{query.title.en}*",
        "",
        " ".join(query.description.split()),
        "",
        query.description_zh,
        "",
    ]
    if query.tags:
        lines += ["tags: " + ", ".join(f"`{tag}`" for tag in query.tags), ""]
    lines += _parameters(query.parameters)
    lines += _columns(query.columns)
    lines += [
        "Example:",
        "",
        "```sh",
        cli_example(query),
        "```",
        "",
        "```sh",
        curl_example(query),
        "```",
        "",
    ]
    used = names_used(query.cypher)
    lines += [
        "Reads labels "
        + (", ".join(f"`{name}`" for name in sorted(used.labels)) or "—")
        + "; relationship types "
        + (", ".join(f"`{name}`" for name in sorted(used.relationship_types)) or "any")
        + ".",
        "",
        "```cypher",
        query.cypher,
        "```",
    ]
    return "\n".join(lines)


def _parameters(parameters: Sequence[QueryParameter]) -> list[str]:
    if not parameters:
        return ["No parameters.", ""]
    lines = [
        "| parameter | type | default | allowed | description | 说明 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for p in parameters:
        default = "*required*" if p.required else f"`{_json(p.default)}`"
        lines.append(
            f"| `{p.name}` | {p.type.value} | {default} | {_allowed(p)} | {_cell(p.description)} "
            f"| {_cell(p.description_zh)} |"
        )
    return [*lines, ""]


def _columns(columns: Sequence[Column]) -> list[str]:
    """The answer's columns, a nested map's fields under their path (`labs[].provenance`)."""
    if not columns:
        return ["Columns: not declared yet.", ""]
    lines = [
        "Columns of the answer:",
        "",
        "| column | 标签 / label | type | description |",
        "| --- | --- | --- | --- |",
    ]
    for path, shape in flattened(columns):
        label = shape.label
        named = f"{_cell(label.zh)} / {_cell(label.en)}" if label is not None else "—"
        lines.append(f"| `{path}` | {named} | {type_text(shape)} | {_cell(shape.description)} |")
    return [*lines, ""]


def _allowed(parameter: QueryParameter) -> str:
    bits: list[str] = []
    if parameter.allowed:
        bits.append(", ".join(f"`{_json(value)}`" for value in parameter.allowed))
    if parameter.minimum is not None:
        bits.append(f"≥ {parameter.minimum:g}")
    if parameter.maximum is not None:
        bits.append(f"≤ {parameter.maximum:g}")
    if parameter.entity_class is not None:
        bits.append(f"a `{parameter.entity_class}`, by name")
    return "; ".join(bits) or "any"


def _json(value: Any) -> str:
    return _cell(json.dumps(value, ensure_ascii=False))


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _cli_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ",".join(_cli_value(item) for item in value)
    return str(value)


def _shell_word(word: str) -> str:
    """`word` quoted for a POSIX shell only where it needs it (`k=v` stays bare, `k=a b` is quoted)."""
    name, _, value = word.partition("=")
    if value and not _SHELL_SPECIAL.search(value) and not _SHELL_SPECIAL.search(name):
        return word
    return shlex.quote(word)


if __name__ == "__main__":
    main()
