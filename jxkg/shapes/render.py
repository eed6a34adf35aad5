"""Views of a ValidationReport: a text table per rule for people, JSON for programs.

Both are computed from the report alone; neither adds information. IRIs are shortened with the
project's prefixes (`jx:`, `jxs:`, `sh:`...); an entity IRI is shown as `jxd:` plus its id,
percent-decoding undone (`jxd:science-city:赣州稀金科创城`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from jxkg.ontology.conventions import JX, JXD, JXS
from jxkg.shapes.validate import ResultRecord, Severity, ValidationReport

__all__ = ["PREFIXES", "RuleGroup", "as_dict", "compact", "group_by_rule", "render_json", "render_text", "summary"]

PREFIXES: Mapping[str, str] = {
    "jxd": str(JXD),
    "jxs": str(JXS),
    "jx": str(JX),
    "sh": "http://www.w3.org/ns/shacl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}
_STYLE = {Severity.VIOLATION: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def compact(iri: str | None) -> str:
    """`https://w3id.org/jxkg/ontology#nameZh` -> `jx:nameZh`; an inverse path keeps its `^`."""
    if iri is None:
        return ""
    if iri.startswith("^"):
        return "^" + compact(iri[1:])
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            return f"{prefix}:{unquote(local) if prefix == 'jxd' else local}"
    return iri


@dataclass(frozen=True)
class RuleGroup:
    """The results of one rule (a shape and a constraint component); they share severity and message."""

    shape: str
    component: str
    severity: Severity
    message_zh: str
    message_en: str
    results: tuple[ResultRecord, ...]


def group_by_rule(report: ValidationReport) -> list[RuleGroup]:
    """Rules most severe first, then by shape; results in report order within a rule."""
    groups: dict[tuple[str, str, Severity, str, str], list[ResultRecord]] = {}
    for r in report.results:
        groups.setdefault((r.source_shape, r.component, r.severity, r.message_zh, r.message_en), []).append(r)
    ordered = sorted(groups.items(), key=lambda item: (item[0][2].rank, item[0][0], item[0][1]))
    return [RuleGroup(*key, results=tuple(results)) for key, results in ordered]


def as_dict(report: ValidationReport) -> dict[str, Any]:
    """The report as plain JSON values (full IRIs; `counts` has every severity)."""
    return {
        "conforms": report.conforms,
        "entities": report.entities,
        "files": list(report.files),
        "counts": {severity.value: n for severity, n in report.counts.items()},
        "onPyshacl": [{"shape": shape, "reason": reason} for shape, reason in report.on_pyshacl],
        "results": [
            {
                "severity": r.severity_label,
                "focus": r.focus,
                "path": r.path,
                "value": r.value,
                "sourceShape": r.source_shape,
                "component": r.component,
                "messageZh": r.message_zh,
                "messageEn": r.message_en,
                "sourceFile": r.source_file,
                "sourceRow": r.source_row,
            }
            for r in report.results
        ],
    }


def render_json(report: ValidationReport) -> str:
    return json.dumps(as_dict(report), ensure_ascii=False, indent=1) + "\n"


def render_text(report: ValidationReport, console: Console) -> None:
    """One table per rule (severity, focus node, path, value, source), its message above it; a summary."""
    for group in group_by_rule(report):
        style = _STYLE[group.severity]
        count = len(group.results)
        console.print(
            f"[{style}]{escape(compact(group.results[0].severity_label))}[/] {escape(compact(group.shape))} "
            f"({escape(compact(group.component))}, {count} result{'s' if count != 1 else ''})",
            highlight=False,
        )
        console.print(f"  {escape(group.message_zh)}\n  {escape(group.message_en)}", highlight=False)
        table = Table("severity", "focus node", "path", "value", "source", show_lines=False)
        for r in group.results:
            source = f"{r.source_file}:{r.source_row}" if r.source_row is not None else (r.source_file or "")
            table.add_row(
                f"[{style}]{escape(compact(r.severity_label))}[/]",
                escape(compact(r.focus)),
                escape(compact(r.path)),
                escape(_value(r)),
                escape(source),
            )
        console.print(table)
        console.print()
    for shape, reason in report.on_pyshacl:  # the native engine says what it did not run itself
        console.print(f"on pySHACL: {escape(compact(shape))}: {escape(reason)}", highlight=False)
    console.print(summary(report), highlight=False)


def summary(report: ValidationReport) -> str:
    counts = report.counts
    parts = ", ".join(f"{n} {s.value}{'s' if n != 1 else ''}" for s, n in counts.items())
    verdict = "conforms" if report.conforms else "does not conform"
    entities = f"{report.entities} entit{'ies' if report.entities != 1 else 'y'}"
    return f"{entities} validated: {parts}; {verdict}"


def _value(r: ResultRecord) -> str:
    if r.value is None:
        return ""
    if r.value.startswith(("http://", "https://")):
        return compact(r.value)
    return r.value
