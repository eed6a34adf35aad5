"""Write the shapes that follow from the ontology alone (jxkg/shapes/ontology-shapes.ttl), or check them.

    python -m jxkg.shapes.generate            # (re)write jxkg/shapes/ontology-shapes.ttl
    python -m jxkg.shapes.generate --check    # exit 1 if the file is out of date with the ontology

Exit codes: 0 written or up to date, 1 out of date, 2 the ontology cannot be read.

What the ontology states, the shapes must say, and a test fails when they drift apart; so this part
of the shapes is generated, not written by hand:

- one node shape per class, `jxs:<Class>Shape` with `sh:targetClass jx:<Class>`; a concrete
  class's shape is closed over the properties and relationships the ontology gives the class (a
  Warning for any other), and checks the id convention of docs/conventions.md (a Warning);
- on `jxs:EntityShape`: a node's types must include a concrete class (a Violation);
- per datatype property: its datatype, at most one value unless `jx:multiValued`, and `sh:in` for
  a `jx:allowedValue` list (Violations), wherever the property is used (`sh:targetSubjectsOf`);
- per relationship: the class of the node it links to (`sh:class`, a Violation).

The judgement rules (what is required, patterns, plausible ranges, identifier checks) are written
by hand in the other .ttl files of this folder and attach to the shapes generated here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from jxkg.ontology.conventions import JX, JXS, type_slug
from jxkg.ontology.derived_file import check_derived, derived_file_main
from jxkg.ontology.schema import GraphSchema
from jxkg.ontology.terms import NodeType, PropertySpec, RelationshipType

__all__ = ["GENERATED", "check_generated", "id_pattern", "main", "render_shapes"]

GENERATED: Path = Path(__file__).with_name("ontology-shapes.ttl")
REGENERATE = "python -m jxkg.shapes.generate"

_XSD_ZH = {
    "string": "字符串",
    "langString": "带语言标签的字符串",
    "integer": "整数",
    "decimal": "数值",
    "boolean": "布尔值",
    "date": "日期",
    "dateTime": "日期时间",
}
# Classes whose id is not `<type-slug>:<name>` (docs/conventions.md, "Identity").
_CREDIT_CODE = "[0-9A-HJ-NPQRTUWXY]{2}[0-9]{6}[0-9A-HJ-NPQRTUWXY]{10}"
_ID_RULES: dict[str, tuple[str, str, str]] = {
    # class: (pattern, zh, en)
    "Province": ("^[0-9]{6}$", "六位 GB/T 2260 行政区划代码", "its six-digit GB/T 2260 code"),
    "PrefectureCity": ("^[0-9]{6}$", "六位 GB/T 2260 行政区划代码", "its six-digit GB/T 2260 code"),
    "County": ("^[0-9]{6}$", "六位 GB/T 2260 行政区划代码", "its six-digit GB/T 2260 code"),
    "Enterprise": (
        f"^({_CREDIT_CODE}|enterprise:\\S.*)$",
        "统一社会信用代码，未知时为 “enterprise:” 加规范中文名称",
        'its unified social credit code, or "enterprise:" and its canonical Chinese name when the code is unknown',
    ),
}


def id_pattern(node_type: NodeType, schema: GraphSchema) -> str:
    """The pattern of the ids of a class's nodes, its concrete subclasses' ids included."""
    if node_type.name in _ID_RULES:
        return _ID_RULES[node_type.name][0]
    slugs = [type_slug(t.name) for t in _descendants(node_type, schema, include_self=True) if not t.abstract]
    alternatives = slugs[0] if len(slugs) == 1 else "(" + "|".join(slugs) + ")"
    return f"^{alternatives}:\\S"


def render_shapes(schema: GraphSchema) -> str:
    """The generated Turtle, deterministic for a given ontology."""
    parts = [_header(schema), _section("Class shapes: one per class; concrete classes' shapes are closed")]
    parts += [_class_shape(t, schema) for t in schema.node_types]
    parts.append(_section("Datatype properties: datatype, single value, closed value lists"))
    for p in schema.properties:
        parts += _property_shapes(p)
    parts.append(_section("Relationships: the class of the node linked to"))
    parts += [_range_shape(r, schema) for r in schema.relationships]
    return "\n".join(parts).rstrip("\n") + "\n"


def check_generated(path: Path, expected: str) -> str | None:
    """None when `path` holds `expected`; otherwise what is wrong and how to fix it."""
    return check_derived(path, expected, REGENERATE)


def main(argv: Sequence[str] | None = None) -> None:
    derived_file_main(
        argv,
        prog=REGENERATE,
        description="Generate the shapes that follow from the ontology.",
        default_out=GENERATED,
        render=render_shapes,
    )


# --- pieces ----------------------------------------------------------------------------------


def _header(schema: GraphSchema) -> str:
    return f"""# Generated from jxkg/ontology/jxkg.ttl (version {schema.version}) by `{REGENERATE}`;
# do not edit by hand.
#
# The shapes that follow from the ontology alone: a node shape per class (closed for concrete
# classes), the datatype, cardinality and value list of every datatype property, and the range of
# every relationship. The hand-written rules (entity.ttl, identifiers.ttl, classes.ttl) attach to
# the class shapes declared here. See docs/validation.md.

@prefix jx:   <{JX}> .
@prefix jxs:  <{JXS}> .
@prefix rdf:  <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix sh:   <http://www.w3.org/ns/shacl#> .
@prefix xsd:  <http://www.w3.org/2001/XMLSchema#> .
"""


def _section(title: str) -> str:
    return f"# {'-' * 93}\n# {title}\n# {'-' * 93}\n"


def _class_shape(t: NodeType, schema: GraphSchema) -> str:
    lines = [
        f"jxs:{t.name}Shape",
        "    a sh:NodeShape ;",
        f"    rdfs:label {_lit(t.label_zh + '形状', 'zh')} , {_lit(t.label_en + ' shape', 'en')} ;",
        f"    sh:targetClass jx:{t.name}",
    ]
    extra: list[str] = []
    if t.name == schema.root:
        extra.append(_type_shape(t, schema))
    if not t.abstract:
        lines[-1] += " ;"
        lines.append(f"    sh:property jxs:{t.name}-id-convention")
        extra.append(_id_shape(t, schema))
        if not any(not a.abstract for a in _ancestors(t, schema)):
            lines[-1] += " ;"
            lines += _closed(t, schema)
    return "\n".join(lines) + " .\n\n" + "".join(extra)


def _closed(t: NodeType, schema: GraphSchema) -> list[str]:
    family = {c.name for c in _descendants(t, schema, include_self=True)}
    family |= {a.name for a in _ancestors(t, schema)}
    datatype = sorted(p.name for p in schema.properties if family & set(p.domain))
    links = sorted(r.name for r in schema.relationships if family & set(r.domain))
    allowed = ["rdf:type", *(f"jx:{n}" for n in sorted(datatype + links))]
    listing = "\n".join(f"        {a}" for a in allowed)
    zh = f"本体没有为「{t.label_zh}」定义这一属性或关系：属性名拼写有误，或用在了其定义域之外的类上"
    en = (
        f"the ontology defines no such property or relationship for {t.name} nodes ({t.label_en}): "
        "a misspelt name, or one used outside its domain"
    )
    return [
        "    sh:closed true ;",
        f"    sh:ignoredProperties (\n{listing}\n    ) ;",
        "    sh:severity sh:Warning ;",
        f"    sh:message {_lit(zh, 'zh')} ,",
        f"        {_lit(en, 'en')}",
    ]


def _type_shape(root: NodeType, schema: GraphSchema) -> str:
    concrete = ",\n".join(f"                        jx:{t.name}" for t in schema.concrete_types())
    zh = _lit(
        "节点必须属于本体的一个具体类：rdf:type 缺失、拼写有误，或只是抽象类（如「创新平台」），"
        "而抽象类不能是节点最具体的类型",
        "zh",
    )
    en = _lit(
        "a node needs a concrete class of the ontology: its rdf:type is missing, misspelt, or only an abstract "
        "class (such as Platform), which is never the most specific type of a node",
        "en",
    )
    # Reaches a node by its class, or by its id or name when its class is unknown (a misspelt class
    # would escape every class shape); an rdf:Statement carries a relationship's id and provenance.
    return f"""jxs:{root.name}-type
    a sh:NodeShape ;
    sh:targetClass jx:{root.name} ;
    sh:targetSubjectsOf jx:id , jx:nameZh ;
    sh:sparql [
        a sh:SPARQLConstraint ;
        sh:prefixes <https://w3id.org/jxkg/shapes> ;
        sh:select \"\"\"
            SELECT $this WHERE {{
                {{
                    SELECT DISTINCT $this WHERE {{
                        {{ $this jx:id ?key }} UNION {{ $this jx:nameZh ?key }} UNION {{ $this a ?class }}
                    }}
                }}
                FILTER NOT EXISTS {{ $this a rdf:Statement }}
                FILTER NOT EXISTS {{
                    $this a ?concrete .
                    FILTER (?concrete IN (
{concrete}
                    ))
                }}
            }}
        \"\"\"
    ] ;
    sh:severity sh:Violation ;
    sh:message {zh} ,
        {en} .

"""


def _id_shape(t: NodeType, schema: GraphSchema) -> str:
    if t.name in _ID_RULES:
        _, zh_form, en_form = _ID_RULES[t.name]
    else:
        slugs = [type_slug(c.name) for c in _descendants(t, schema, include_self=True) if not c.abstract]
        zh_form = "或".join(f"“{slug}:”" for slug in slugs) + " 加规范中文名称"
        en_form = " or ".join(f'"{slug}:"' for slug in slugs) + " followed by the canonical Chinese name"
    zh = f"「{t.label_zh}」的 id 应为{zh_form}（见 docs/conventions.md）"
    en = f"the ids of {t.name} nodes should be {en_form} (docs/conventions.md)"
    return f"""jxs:{t.name}-id-convention
    a sh:PropertyShape ;
    sh:path jx:id ;
    sh:pattern {_lit(id_pattern(t, schema))} ;
    sh:severity sh:Warning ;
    sh:message {_lit(zh, "zh")} ,
        {_lit(en, "en")} .

"""


def _property_shapes(p: PropertySpec) -> list[str]:
    dt_zh = _XSD_ZH.get(p.datatype, p.datatype)
    dt_name = "rdf:langString" if p.datatype == "langString" else f"xsd:{p.datatype}"
    constraint, names_zh, names_en = f"sh:datatype {dt_name}", dt_name, dt_name
    if p.datatype == "decimal":  # an xsd:integer is an xsd:decimal too (XSD derivation); SHACL wants one IRI
        constraint = "sh:or ( [ sh:datatype xsd:decimal ] [ sh:datatype xsd:integer ] )"
        names_zh, names_en = "xsd:decimal 或 xsd:integer", "xsd:decimal or xsd:integer"
    shapes = [
        _shape(
            f"{p.name}-datatype",
            p.name,
            constraint,
            "Violation",
            f"「{p.label_zh}」（jx:{p.name}）的取值必须是{dt_zh}（{names_zh}）",
            f"{p.label_en} (jx:{p.name}) must be an {names_en} value",
        )
    ]
    if not p.multi_valued:
        shapes.append(
            _shape(
                f"{p.name}-single",
                p.name,
                "sh:maxCount 1",
                "Violation",
                f"「{p.label_zh}」（jx:{p.name}）至多只能有一个值",
                f"{p.label_en} (jx:{p.name}) takes at most one value",
            )
        )
    if p.allowed_values:
        values = " ".join(_lit(v) for v in p.allowed_values)
        listing = "、".join(p.allowed_values)
        shapes.append(
            _shape(
                f"{p.name}-in",
                p.name,
                f"sh:in ( {values} )",
                "Violation",
                f"「{p.label_zh}」（jx:{p.name}）只能取以下值之一：{listing}",
                f"{p.label_en} (jx:{p.name}) must be one of: {', '.join(p.allowed_values)}",
            )
        )
    return shapes


def _range_shape(r: RelationshipType, schema: GraphSchema) -> str:
    classes = [schema.node_type(c) for c in r.range]
    if len(classes) == 1:
        constraint = f"sh:class jx:{classes[0].name}"
    else:
        constraint = "sh:or ( " + " ".join(f"[ sh:class jx:{c.name} ]" for c in classes) + " )"
    zh_names = "或".join(f"「{c.label_zh}」" for c in classes)
    en_names = " or ".join(c.name for c in classes)
    return _shape(
        f"{r.name}-range",
        r.name,
        constraint,
        "Violation",
        f"「{r.label_zh}」关系（{r.type}）必须指向{zh_names}节点",
        f"{r.label_en} ({r.type}) must link to a node of class {en_names}",
    )


def _shape(name: str, path: str, constraint: str, severity: str, zh: str, en: str) -> str:
    return f"""jxs:{name}
    a sh:PropertyShape ;
    sh:targetSubjectsOf jx:{path} ;
    sh:path jx:{path} ;
    {constraint} ;
    sh:severity sh:{severity} ;
    sh:message {_lit(zh, "zh")} ,
        {_lit(en, "en")} .

"""


def _lit(text: str, lang: str | None = None) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


def _ancestors(t: NodeType, schema: GraphSchema) -> list[NodeType]:
    return [schema.node_type(label) for label in t.labels[:-1]]


def _descendants(t: NodeType, schema: GraphSchema, *, include_self: bool) -> Iterable[NodeType]:
    return [c for c in schema.node_types if t.name in c.labels and (include_self or c.name != t.name)]


if __name__ == "__main__":
    main()
