"""Render the ontology as Markdown (docs/ontology.md), and check that the checked-in file is current.

    python -m jxkg.ontology.docs                  # (re)write docs/ontology.md
    python -m jxkg.ontology.docs --check          # exit 1 if docs/ontology.md is out of date

Exit codes: 0 written or up to date, 1 out of date, 2 the ontology cannot be read.
The output depends on the ontology only (no dates, no paths), so it is stable across machines.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import rdflib

from jxkg.ontology.chain_tree import render_chain_tree
from jxkg.ontology.conventions import JX
from jxkg.ontology.derived_file import check_derived, derived_file_main
from jxkg.ontology.schema import GraphSchema, schema_from_graph
from jxkg.ontology.terms import NodeType

__all__ = ["check_docs", "main", "render_markdown"]

DEFAULT_OUT = Path("docs/ontology.md")
REGENERATE = "python -m jxkg.ontology.docs --out docs/ontology.md"
_OR = " \\| "  # "or" between classes, escaped for a Markdown table cell

_PREFIXES = {
    "jx": str(JX),
    "org": "http://www.w3.org/ns/org#",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "prov": "http://www.w3.org/ns/prov#",
    "qb": "http://purl.org/linked-data/cube#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


def render_markdown(schema_or_graph: GraphSchema | rdflib.Graph, *, chain_tree: str | None = None) -> str:
    """The ontology's documentation, deterministic for a given ontology (and chain tree, when given)."""
    schema = schema_or_graph if isinstance(schema_or_graph, GraphSchema) else schema_from_graph(schema_or_graph)
    parts = [
        _header(schema),
        _class_tree(schema),
        *([chain_tree] if chain_tree else []),
        _classes(schema),
        _properties(schema),
        _relationships(schema),
        _alignments(schema),
        _indexes(schema),
    ]
    return "\n\n".join(parts).rstrip("\n") + "\n"


def check_docs(path: Path, expected: str) -> str | None:
    """None when `path` holds `expected`; otherwise what is wrong and how to fix it."""
    return check_derived(path, expected, REGENERATE)


def main(argv: Sequence[str] | None = None) -> None:
    derived_file_main(
        argv,
        prog="python -m jxkg.ontology.docs",
        description="Render the ontology as Markdown.",
        default_out=DEFAULT_OUT,
        render=lambda schema: render_markdown(schema, chain_tree=_chain_tree_for(schema)),
        regenerate=REGENERATE,
    )


def _chain_tree_for(schema: GraphSchema) -> str | None:
    """The curated chain taxonomy, for an ontology that has chains and their BROADER links."""
    has_taxonomy = any(r.type == "BROADER" for r in schema.relationships) and any(
        t.name == "IndustryChain" for t in schema.node_types
    )
    return render_chain_tree() if has_taxonomy else None


# --- sections --------------------------------------------------------------------------------


def _header(s: GraphSchema) -> str:
    concrete = len(s.concrete_types())
    lines = [
        f"# {s.title_en or 'jxkg ontology'}",
        "",
        "<!-- Generated from jxkg/ontology/jxkg.ttl by `python -m jxkg.ontology.docs`; do not edit by hand. -->",
        "",
    ]
    if s.title_zh:
        lines += [f"**{s.title_zh}**", ""]
    lines += [
        "| | |",
        "| --- | --- |",
        f"| ontology IRI | <{s.iri}> |",
        f"| version | {s.version} |",
        f"| version IRI | <{s.version_iri}> |",
        f"| namespace | `jx:` = `{_PREFIXES['jx']}` |",
        f"| classes | {len(s.node_types)} ({concrete} concrete, {len(s.node_types) - concrete} abstract) |",
        f"| relationship types | {len(s.relationships)} |",
        f"| datatype properties | {len(s.properties)} |",
        f"| root label and key | every node has the label `{s.root}` and a unique `{s.key}` |",
    ]
    if s.description:
        lines += ["", _cell(s.description, table=False)]
    lines += [
        "",
        "A class is a node label, and a node also carries the labels of all its superclasses; an object "
        "property is a relationship type (UPPER_SNAKE_CASE of its name); a datatype property is a property "
        "of the same name (see docs/conventions.md). Abstract classes group others and are never the most "
        "specific type of a node.",
    ]
    return "\n".join(lines)


def _class_tree(s: GraphSchema) -> str:
    children: dict[str, list[NodeType]] = {}
    for t in s.node_types:
        for parent in t.parents:
            children.setdefault(parent, []).append(t)
    lines = ["## Class tree", ""]

    def walk(t: NodeType, depth: int) -> None:
        mark = " *(abstract)*" if t.abstract else ""
        lines.append(f"{'  ' * depth}- [{t.name}](#{t.name.lower()}) {t.label_zh} · {t.label_en}{mark}")
        for child in sorted(children.get(t.name, []), key=lambda c: c.name):
            walk(child, depth + 1)

    for root in (t for t in s.node_types if not t.parents):
        walk(root, 0)
    return "\n".join(lines)


def _classes(s: GraphSchema) -> str:
    sections = ["## Classes"]
    for t in s.node_types:
        lines = [f"### {t.name}", ""]
        kind = "abstract (grouping) class" if t.abstract else "class"
        lines += [f"{t.label_zh} · {t.label_en} — {kind} `jx:{t.name}`", ""]
        lines += [_cell(t.definition, table=False)]
        if t.definition_zh:
            lines += ["", _cell(t.definition_zh, table=False)]
        if t.scope_note:
            lines += ["", f"*Note:* {_cell(t.scope_note, table=False)}"]
        lines += ["", f"- labels: `:{':'.join(t.labels)}`"]
        if t.parents:
            lines.append(f"- superclasses: {', '.join(f'[{p}](#{p.lower()})' for p in t.parents)}")
        lines += _class_properties(s, t)
        outgoing = [r.type for r in s.relationships if set(r.domain) & set(t.labels)]
        incoming = [r.type for r in s.relationships if set(r.range) & set(t.labels)]
        lines.append(f"- relationships out: {', '.join(f'`{r}`' for r in outgoing) or '—'}")
        lines.append(f"- relationships in: {', '.join(f'`{r}`' for r in incoming) or '—'}")
        if t.mappings:
            lines.append(f"- alignments: {'; '.join(f'{m.relation} {_curie(m.iri)}' for m in t.mappings)}")
        sections.append("\n".join(lines))
    return "\n\n".join(sections)


def _class_properties(s: GraphSchema, t: NodeType) -> list[str]:
    """Own properties by name; inherited ones grouped by the class they come from."""
    by_owner: dict[str, list[str]] = {}
    for name in t.properties:
        domain = s.property(name).domain
        owner = t.labels[max(i for i, label in enumerate(t.labels) if label in domain)]
        by_owner.setdefault(owner, []).append(name)
    own = by_owner.pop(t.name, [])
    lines = [f"- properties: {', '.join(f'`{p}`' for p in own) or '—'}"]
    for owner in reversed(t.labels[:-1]):
        names = by_owner.get(owner, [])
        if owner == s.root:
            lines.append(f"- inherited from [{owner}](#{owner.lower()}): the {len(names)} common properties")
        elif names:
            lines.append(f"- inherited from [{owner}](#{owner.lower()}): {', '.join(f'`{p}`' for p in names)}")
    return lines


def _properties(s: GraphSchema) -> str:
    lines = [
        "## Datatype properties",
        "",
        "Notes: *multi* a list of values; *derived* computed by ingest; *bookkeeping* ingest's own tracking, "
        "not data (exports leave it out, sources cannot set it); *on relationships* also a property "
        "of relationships; *values* the closed list of allowed values.",
        "",
        "| name | zh | en | range | domain | indexed | full-text | notes | definition |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for p in s.properties:
        notes = [
            *(["multi"] if p.multi_valued else []),
            *(["derived"] if p.derived else []),
            *(["bookkeeping"] if p.bookkeeping else []),
            *(["on relationships"] if p.on_relationships else []),
            *([f"values: {', '.join(f'`{v}`' for v in p.allowed_values)}"] if p.allowed_values else []),
        ]
        datatype = f"rdf:{p.datatype}" if p.datatype == "langString" else f"xsd:{p.datatype}"
        indexed = "unique" if p.name == s.key else _yes(p.indexed)
        lines.append(
            f"| `{p.name}` | {_cell(p.label_zh)} | {_cell(p.label_en)} | {datatype} | {', '.join(p.domain)} "
            f"| {indexed} | {_yes(p.full_text)} | {_cell('; '.join(notes))} | {_cell(p.definition)} |"
        )
    return "\n".join(lines)


def _relationships(s: GraphSchema) -> str:
    lines = [
        "## Relationship types",
        "",
        "| type | property | domain → range | zh | en | definition |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for r in s.relationships:
        arrow = "↔" if r.symmetric else "→"
        ends = f"{_OR.join(r.domain)} {arrow} {_OR.join(r.range)}"
        definition = _cell(r.definition + (f" {r.scope_note}" if r.scope_note else ""))
        lines.append(f"| `{r.type}` | `{r.name}` | {ends} | {_cell(r.label_zh)} | {_cell(r.label_en)} | {definition} |")
    lines += ["", "↔: symmetric; stored once, in either direction, and matched without direction."]
    return "\n".join(lines)


def _alignments(s: GraphSchema) -> str:
    lines = [
        "## Alignments",
        "",
        "Links to W3C ORG, schema.org, FOAF, SKOS, PROV-O and the RDF Data Cube vocabulary.",
        "",
        "| jx term | relation | external term |",
        "| --- | --- | --- |",
    ]
    terms = [(t.name, t.mappings) for t in s.node_types]
    terms += [(r.name, r.mappings) for r in s.relationships]
    terms += [(p.name, p.mappings) for p in s.properties]
    for name, mappings in terms:
        for m in mappings:
            lines.append(f"| `jx:{name}` | {m.relation} | {_curie(m.iri)} |")
    return "\n".join(lines)


def _indexes(s: GraphSchema) -> str:
    lines = [
        "## Indexes and constraints",
        "",
        "What the store ensures before writing (`GraphSchema.index_specs()`).",
        "",
        "| kind | label | properties |",
        "| --- | --- | --- |",
    ]
    for spec in s.index_specs():
        lines.append(f"| {spec.kind.value} | `{spec.label}` | {', '.join(f'`{p}`' for p in spec.properties)} |")
    return "\n".join(lines)


# --- helpers ---------------------------------------------------------------------------------


def _curie(iri: str) -> str:
    for prefix, namespace in _PREFIXES.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"`{prefix}:{iri[len(namespace) :]}`"
    return f"<{iri}>"


def _cell(text: str, *, table: bool = True) -> str:
    flat = " ".join(text.split())
    return flat.replace("|", "\\|") if table else flat


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


if __name__ == "__main__":
    main()
