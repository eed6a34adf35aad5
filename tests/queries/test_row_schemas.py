"""Each named question's rows against the columns its header declares (`columns:`, jxkg.queries.columns):
every documented example run on the curated graph on both engines, every row validated against the
JSON Schema the API publishes for it (`row_schema`), so an undeclared column, a missing one or a wrong
type fails; the header refused when it is ill-formed or names other columns than the query returns.

The validator is jsonschema_rs (installed with schemathesis, the API's fuzzer): the schema checked is
the very one the OpenAPI document carries, the provenance's included (`views.Provenance`)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema_rs
import pytest

from jxkg.errors import ConfigurationError
from jxkg.ontology.schema import load_schema
from jxkg.queries import NamedQuery, load_catalog, run_named
from jxkg.queries.catalog import parse_query_file
from jxkg.queries.columns import Column, ValueShape, ValueType, flattened, return_columns, row_schema
from jxkg.queries.docs import render_markdown
from jxkg.queries.tabular import to_json_value
from jxkg.queries.views import Provenance
from jxkg.store import GraphStore

CATALOG = load_catalog()
NAMES = CATALOG.names()
DECLARED = [name for name in NAMES if CATALOG.get(name).columns]
# the questions whose columns are not declared yet: their answers' rows are typed as any object
NOT_YET_DECLARED: set[str] = set()


def _validator(columns: tuple[Column, ...]) -> jsonschema_rs.Draft202012Validator:
    """The row schema with the `Provenance` schema beside it, as the OpenAPI document's components hold it."""
    provenance = Provenance.model_json_schema(by_alias=True, mode="serialization", ref_template="#/$defs/{model}")
    definitions = {**provenance.pop("$defs", {}), "Provenance": provenance}
    return jsonschema_rs.Draft202012Validator({"$defs": definitions, **row_schema(columns, "#/$defs/Provenance")})


def _problems(query: NamedQuery, rows: list[dict[str, Any]]) -> list[str]:
    validator = _validator(query.columns)
    return [
        f"row {number}{''.join(f'/{part}' for part in error.instance_path)}: {error.message}"
        for number, row in enumerate(rows)
        for error in validator.iter_errors(row)
    ]


def _example_rows(store: GraphStore, query: NamedQuery) -> list[dict[str, Any]]:
    """The rows of its example, and of its defaults where it runs on them, as JSON sends them."""
    runs = [dict(query.example)]
    if not any(p.required for p in query.parameters):
        runs.append({})
    rows: list[dict[str, Any]] = []
    for params in runs:
        answer = run_named(store, query, params)
        assert answer.columns == [column.name for column in query.columns]
        rows += json.loads(json.dumps(to_json_value(answer.rows)))
    return rows


@pytest.mark.parametrize("name", DECLARED)
def test_every_example_row_is_what_the_header_declares(curated_store: GraphStore, name: str) -> None:
    query = CATALOG.get(name)
    rows = _example_rows(curated_store, query)
    assert rows, "an example that answers rows, so that the declaration is checked"
    assert _problems(query, rows) == []


def test_the_questions_not_yet_declared_are_listed() -> None:
    """Nothing pretends to be covered: a question without `columns:` is listed here, by name."""
    assert {name for name in NAMES if not CATALOG.get(name).columns} == NOT_YET_DECLARED


def _with_column(query: NamedQuery, name: str, **change: Any) -> NamedQuery:
    """`query` with one column's declaration changed (`model_copy` skips the header's checks, as a
    declaration that has drifted from its query would)."""
    columns = tuple(c.model_copy(update=change) if c.name == name else c for c in query.columns)
    return query.model_copy(update={"columns": columns})


def test_a_wrong_type_fails(curated_store: GraphStore) -> None:
    query = CATALOG.get("labs-by-chain")
    rows = _example_rows(curated_store, query)
    problems = _problems(_with_column(query, "laboratoryCount", type=ValueType.STRING), rows)
    assert problems and all("/laboratoryCount" in p and '"string"' in p for p in problems)


def test_an_undeclared_column_or_field_fails(curated_store: GraphStore) -> None:
    query = CATALOG.get("labs-by-chain")
    rows = _example_rows(curated_store, query)
    without_labs = query.model_copy(update={"columns": tuple(c for c in query.columns if c.name != "labs")})
    assert any("'labs' was unexpected" in p for p in _problems(without_labs, rows))
    labs = query.columns[-1]
    assert labs.items is not None
    fields = tuple(f for f in labs.items.fields if f.name != "provenance")
    narrower = _with_column(query, "labs", items=labs.items.model_copy(update={"fields": fields}))
    assert any("/labs/0" in p and "'provenance' was unexpected" in p for p in _problems(narrower, rows))


def test_a_null_where_none_is_declared_fails(curated_store: GraphStore) -> None:
    query = CATALOG.get("labs-by-chain")
    rows = _example_rows(curated_store, CATALOG.get("labs-by-chain"))
    rows.append({**rows[0], "chainId": None})
    assert _problems(query, rows) == []  # declared nullable: the laboratories linked to no chain
    problems = _problems(_with_column(query, "chainId", nullable=False), rows)
    assert any(p.startswith(f"row {len(rows) - 1}/chainId") for p in problems)


# --- the header ----------------------------------------------------------------------------------

_HEAD = """// name: {name}
// title:
//   zh: 测试问题
//   en: A test question
// description:
//   zh: 表头测试用的问题
//   en: a question for the header's tests
// example: {{}}
// columns:
"""


def _file(tmp_path: Path, columns: str, cypher: str = "MATCH (n:Entity) RETURN n.id AS id, n.nameZh AS name") -> Path:
    """A question declaring `columns`, each column of the answer given a label (these tests are about shapes;
    tests/queries/test_catalog_files.py refuses a column without one)."""
    path = tmp_path / "test-question.cypher"
    labelled = re.sub(
        r"(?m)^(\w+):( \{)?",
        lambda m: f"{m[0]} label: {{zh: 列, en: column}}, " if m[2] else f"{m[0]}\n  label: {{zh: 列, en: column}}",
        columns.strip("\n"),
    )
    body = "\n".join(f"//   {line}" for line in labelled.splitlines())
    path.write_text(_HEAD.format(name="test-question") + body + "\n" + cypher + "\n", encoding="utf-8")
    return path


def test_a_well_formed_declaration_is_read(tmp_path: Path) -> None:
    path = _file(
        tmp_path, "id: {type: string, description: its id}\nname: {type: string, nullable: true, description: n}"
    )
    query = parse_query_file(path)
    assert [(c.name, c.type, c.nullable) for c in query.columns] == [
        ("id", ValueType.STRING, False),
        ("name", ValueType.STRING, True),
    ]


@pytest.mark.parametrize(
    ("columns", "named"),
    [
        ("id: {type: text, description: its id}\nname: {type: string, description: x}", "column id: type"),
        ("id: {type: string}\nname: {type: string, description: x}", "column id: description"),
        ("id: {type: list, description: its id}\nname: {type: string, description: x}", "column id: a list"),
        (
            "id: {type: string, description: x}\nname: {type: list, description: x, items: {type: map}}",
            "column name[]: a map",
        ),
        (
            "id: {type: string, description: x}\nname:\n  type: map\n  description: x\n  fields:\n"
            "    kind: {type: provenance, description: x}",
            "column name.kind: kind: a provenance is named",
        ),
        ("id: {type: string, description: x, colour: red}\nname: {type: string, description: x}", "column id: colour"),
        ("id: {type: string, description: a, b}\nname: {type: string, description: x}", "must be quoted"),
    ],
)
def test_an_ill_formed_column_is_refused_naming_the_file_and_the_column(
    tmp_path: Path, columns: str, named: str
) -> None:
    with pytest.raises(ConfigurationError) as raised:
        parse_query_file(_file(tmp_path, columns))
    assert "test-question.cypher" in str(raised.value) and named in str(raised.value)


def test_columns_other_than_the_query_returns_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"not declared: name; not returned: label"):
        parse_query_file(_file(tmp_path, "id: {type: string, description: x}\nlabel: {type: string, description: x}"))
    with pytest.raises(ConfigurationError, match=r"declares \['name', 'id'\] but the query returns \['id', 'name'\]"):
        parse_query_file(_file(tmp_path, "name: {type: string, description: x}\nid: {type: string, description: x}"))


def test_a_query_whose_return_cannot_be_read_is_refused_naming_the_file(tmp_path: Path) -> None:
    columns = "id: {type: string, description: x}"
    with pytest.raises(ConfigurationError, match=r"test-question\.cypher: .*RETURN cannot be read"):
        parse_query_file(_file(tmp_path, columns, cypher="MATCH (n:Entity) RETURN n.id AS id, 'unended"))
    with pytest.raises(ConfigurationError, match=r"'n\.id' has no name of its own"):
        parse_query_file(_file(tmp_path, columns, cypher="MATCH (n:Entity) RETURN n.id"))


def test_the_return_columns_are_read_from_the_last_return_outside_subqueries() -> None:
    cypher = """
        CALL { MATCH (a:Entity) RETURN a AS x UNION ALL MATCH (b:Entity) RETURN b AS x }
        WITH x, {k: [1, 2], m: 'RETURN y'} AS m  // RETURN z
        RETURN DISTINCT x.id AS id, m, size([v IN [1, 2] | v]) AS `a name`
        ORDER BY id, m
    """
    assert return_columns(cypher) == ["id", "m", "a name"]
    with pytest.raises(ValueError, match=r"'x\.id' has no name of its own"):
        return_columns("MATCH (x:Entity) RETURN x.id")
    with pytest.raises(ValueError, match="no RETURN"):
        return_columns("MATCH (x:Entity) WITH x")


def test_a_row_schema_is_an_exact_object_with_provenance_by_reference() -> None:
    column = Column(
        name="provenance", type=ValueType.PROVENANCE, nullable=True, description="how it is known", items=None
    )
    listed = Column(name="ids", type=ValueType.LIST, items=ValueShape(type=ValueType.STRING), description="ids")
    schema = row_schema((column, listed), "#/components/schemas/Provenance")
    assert schema["required"] == ["provenance", "ids"] and schema["additionalProperties"] is False
    assert schema["properties"]["provenance"] == {
        "anyOf": [{"$ref": "#/components/schemas/Provenance"}, {"type": "null"}],
        "description": "how it is known",
    }
    assert schema["properties"]["ids"] == {"type": "array", "items": {"type": "string"}, "description": "ids"}


def test_the_catalog_docs_list_each_questions_columns_nested_fields_by_path() -> None:
    text = render_markdown(CATALOG)
    assert text.count("Columns of the answer:") == len(DECLARED)
    assert "| `labs[].provenance` | — | provenance | how the link is known" in text
    assert "| `chainId` | 产业链编号 / chain id | null or string |" in text
    assert "| `nodeClasses` | 节点类别 / node classes | list of (null or string) |" in text


# the properties with a closed set of values in the ontology, which a column of that name returns
_CLOSED_PROPERTIES = ("stage", "level", "certainty", "role")


@pytest.mark.parametrize("name", DECLARED)
def test_a_column_of_a_closed_property_allows_the_ontologys_values(name: str) -> None:
    """A `stage` (or `level`, `certainty`, `role`) column or field is an enum of the ontology's values:
    the closed set a client may switch on, the same as the property's own."""
    schema = load_schema()
    for path, shape in flattened(CATALOG.get(name).columns):
        prop = path.rsplit(".", 1)[-1]
        if prop in _CLOSED_PROPERTIES:
            assert sorted(shape.allowed) == sorted(schema.property(prop).allowed_values), path


def test_a_value_outside_the_allowed_set_fails() -> None:
    shape = Column(name="stage", type=ValueType.STRING, allowed=("built", "planned"), description="x")
    validator = _validator((shape,))
    assert validator.is_valid({"stage": "built"}) and not validator.is_valid({"stage": "finished"})
    with pytest.raises(ValueError, match="only a string lists its allowed values"):
        Column(name="n", type=ValueType.INTEGER, allowed=("1",), description="x")
