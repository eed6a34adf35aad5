"""The catalog files: every header complete and well typed, malformed headers refused with the file and
the field named, and parameters typed by their header (`bind_parameters`)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from jxkg.errors import ConfigurationError, ParameterError
from jxkg.ontology.schema import load_schema
from jxkg.queries import NamedQuery, bind_parameters, load_catalog
from jxkg.queries.catalog import DEFAULT_CATALOG, parse_query_file
from jxkg.queries.names import check_names
from jxkg.queries.params import coerce
from jxkg.store.readonly import check_read_only

CATALOG = load_catalog()
NAMES = CATALOG.names()
HEADLINE = "science-city-chain-support"

# strings and comments blanked before looking for constructs (a quote may say anything)
_STRING_OR_COMMENT = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|//[^\n]*", re.DOTALL)


def _code(query: NamedQuery) -> str:
    return _STRING_OR_COMMENT.sub(" ", query.cypher)


def test_the_catalog_loads_with_at_least_25_questions_headline_first() -> None:
    assert len(CATALOG) >= 25
    assert NAMES[0] == HEADLINE
    assert len(set(NAMES)) == len(NAMES)
    orders = [q.order for q in CATALOG]
    assert orders == sorted(orders) and len(set(orders)) == len(orders), "each question has its own place"


def test_every_cypher_file_is_a_question() -> None:
    assert sorted(p.stem for p in DEFAULT_CATALOG.glob("*.cypher")) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_the_header_is_complete(name: str) -> None:
    query = CATALOG.get(name)
    assert query.file == f"{name}.cypher"
    assert query.title.zh.strip() and query.title.en.strip()
    assert re.search(r"[\u4e00-\u9fff]", query.title.zh), "the Chinese title is in Chinese"
    assert len(query.description.split()) >= 12, "the description says what the question answers"
    assert query.tags, "tags for the listing"
    assert query.order < 1000, "a place in the listing"
    assert query.example, "an example to run"
    for parameter in query.parameters:
        assert parameter.description.strip()
        if not parameter.required:
            # the default must itself be a valid value of the parameter
            assert coerce(parameter, parameter.default, query=name) == parameter.default
        for allowed in parameter.allowed:
            assert coerce(parameter, allowed, query=name) == allowed
    assert set(bind_parameters(query, query.example)) == {p.name for p in query.parameters}


_HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.mark.parametrize("name", NAMES)
def test_the_question_speaks_both_languages(name: str) -> None:
    """Its description, each parameter's help and each column's label in Chinese and in English: the
    Chinese in Chinese (no folding space left between two of its characters), the English given."""
    query = CATALOG.get(name)
    texts = [("description", query.description_zh, query.description)]
    texts += [(f"parameter {p.name}", p.description_zh, p.description) for p in query.parameters]
    assert query.columns, "the answer's columns are declared"
    for column in query.columns:
        assert column.label is not None, f"column {column.name} has a label"
        texts.append((f"column {column.name}", column.label.zh, column.label.en))
        assert len(column.label.zh) <= 16 and len(column.label.en) <= 40, f"column {column.name}: a short label"
    for where, zh, en in texts:
        assert _HAN.search(zh), f"{name}: {where}: the Chinese text is in Chinese: {zh!r}"
        assert not re.search(r"[\u4e00-\u9fff] [\u4e00-\u9fff]", zh), f"{name}: {where}: {zh!r}"
        assert en.strip() and en != zh, f"{name}: {where}: the English text"
    assert len(query.description_zh) >= 40, "the Chinese description says what the question answers"


@pytest.mark.parametrize("name", [n for n in NAMES if CATALOG.get(n).graph.summarise is not None])
def test_what_the_answer_graph_sums_up_is_named_in_the_ontology(name: str) -> None:
    summarise = CATALOG.get(name).graph.summarise
    assert summarise is not None
    schema = load_schema()
    for class_name in (summarise.around, *summarise.classes):
        schema.node_type(class_name)  # UnknownNameError names the nearest
    for relationship in summarise.relationships:
        assert schema.relationship(relationship).type == relationship


@pytest.mark.parametrize("name", NAMES)
def test_the_query_keeps_to_the_common_cypher(name: str) -> None:
    """CYPHER.md: the subset both engines run, and answers that read the same on both."""
    query = CATALOG.get(name)
    code = _code(query)
    check_read_only(query.cypher)
    check_names(query.cypher, load_schema())
    for forbidden, why in [
        (r"EXISTS\s*\{", "EXISTS {} subquery"),
        (r"COUNT\s*\{", "COUNT {} subquery"),
        (r"=~", "regex"),
        (r"\bdatetime\s*\(", "datetime()"),
        (r"\belementId\s*\(", "elementId()"),
        (r"(?<!all)shortestPath\s*\(", "shortestPath (use allShortestPaths)"),
        (r"\(\s*\w*\s*:\s*\w+\s*\|", "label alternatives (n:A|B)"),
        (r"\*\s*\d*\s*\.\.\s*\]|\*\s*\]", "an unbounded variable-length relationship"),
        (r"\*\s*\d*\s*\.\.\s*\$", "a parameter as a path bound"),
        (r"\bUNION\b(?!\s+ALL\b)", "UNION without ALL (a DISTINCT over whole rows, maps and lists included)"),
        (r"(?<!toInteger\()\bsum\s*\(", "sum() not in toInteger() (FalkorDB returns a float even over integers)"),
    ]:
        assert not re.search(forbidden, code), f"{name} uses {why}"
    # labels(n) returned raw reads differently on the two engines (their orders differ); as a grouping
    # key inside the query (a WITH) it is fine
    for found in re.finditer(r"\blabels\s*\([^)]*\)\s+AS\b", code):
        clauses = re.findall(r"\b(RETURN|WITH)\b", code[: found.start()])
        assert clauses and clauses[-1] == "WITH", f"{name} returns labels(n) raw"
    _check_subqueries(name, code)
    last_return = code.rfind("RETURN")
    assert last_return >= 0 and "ORDER BY" in code[last_return:], f"{name} orders its rows"


def _check_subqueries(name: str, code: str) -> None:
    """A `CALL {}` subquery joins `UNION ALL` branches or imports what it uses with a leading `WITH`
    (FalkorDB has no `CALL (x) {}`; Neo4j 5 runs the importing `WITH`, deprecated there), and a UNION
    only inside one, where the query's last ORDER BY orders the joined rows. The catalog joins
    branches for a start through the index when a parameter names an entity and every row when it does
    not, and for one traverse per class filtered by its label; it imports to aggregate or page per row
    (the headline's counts by class and provenance, its page of supporters)."""
    depth, body_starts = 0, []
    for match in re.finditer(r"CALL\s*\{|\{|\}|\bUNION\b", code):
        token = match.group(0)
        if token.startswith("CALL"):
            depth += 1
            body_starts.append((depth, match.end()))
        elif token == "{":
            depth += 1
        elif token == "}":
            if body_starts and body_starts[-1][0] == depth:
                _, start = body_starts.pop()
                body = code[start : match.start()]
                joins = re.search(r"\bUNION ALL\b", body)
                imports = re.match(r"\s*(//[^\n]*\n\s*)*WITH\b", body)
                assert joins or imports, (
                    f"{name}: a CALL {{}} that neither joins UNION ALL branches nor imports with WITH"
                )
            depth -= 1
        else:
            assert body_starts, f"{name}: a UNION outside a CALL {{}} subquery (its order of rows is not defined)"


# --- malformed headers -------------------------------------------------------------------------

GOOD_HEADER = """\
// name: {name}
// title:
//   zh: 测试问题
//   en: A test question
// description:
//   zh: 一个测试问题
//   en: a test question
// parameters:
//   city:
//     type: string
//     description:
//       zh: 一个城市
//       en: a city
//     default: null
// example:
//   city: '360700'
// columns:
//   id: {{type: any, label: {{zh: 编号, en: id}}, description: the entity's id}}
MATCH (n:Entity) WHERE $city IS NULL OR n.id = $city RETURN n.id AS id ORDER BY id
"""


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.cypher"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_parses(tmp_path: Path) -> None:
    query = parse_query_file(_write(tmp_path, "good", GOOD_HEADER.format(name="good")))
    assert query.name == "good" and query.parameter("city").required is False
    assert (query.description_zh, query.description) == ("一个测试问题", "a test question")
    assert (query.parameter("city").description_zh, query.parameter("city").description) == ("一个城市", "a city")
    assert query.columns[0].label is not None and query.columns[0].label.model_dump() == {"zh": "编号", "en": "id"}
    assert load_catalog(tmp_path).names() == ["good"]


@pytest.mark.parametrize(
    ("case", "edit", "field"),
    [
        ("missing-title", lambda t: re.sub(r"// title:\n//   zh: .*\n//   en: .*\n", "", t), "title"),
        ("unknown-type", lambda t: t.replace("type: string", "type: str"), "type"),
        ("undeclared-example", lambda t: t.replace("//   city: '360700'", "//   town: '360700'"), "town"),
        ("unused-parameter", lambda t: t.replace("$city IS NULL OR n.id = $city", "true"), "city"),
        ("name-not-stem", lambda t: t.replace("// name: name-not-stem", "// name: another-name"), "another-name"),
        ("bad-yaml", lambda t: t.replace("//   en: A test question", "//   en: [unclosed"), "YAML"),
        ("title-without-en", lambda t: t.replace("//   en: A test question\n", ""), "title.en"),
        ("bad-parameter-declaration", lambda t: t.replace("type: string", "type: string\n//     colour: red"), "city"),
        ("undeclared-use", lambda t: t.replace("RETURN n.id AS id", "AND n.year > $since RETURN n.id AS id"), "since"),
        ("used-only-in-a-comment", lambda t: t.replace("$city IS NULL OR n.id = $city", "true // $city"), "city"),
        ("default-of-another-type", lambda t: t.replace("default: null", "default: 5"), "default"),
        ("example-of-another-type", lambda t: t.replace("//   city: '360700'", "//   city: 360700"), "example"),
        # the catalog speaks both languages: a text in one only is refused, naming the field and the language
        (
            "description-in-one-text",
            lambda t: re.sub(r"// description:\n//   zh: .*\n//   en: ", "// description: ", t),
            "description: give it in Chinese and English",
        ),
        ("description-without-zh", lambda t: t.replace("//   zh: 一个测试问题\n", ""), "description: the zh text"),
        ("description-without-en", lambda t: t.replace("//   en: a test question\n", ""), "description: the en text"),
        ("description-with-empty-zh", lambda t: t.replace("zh: 一个测试问题", "zh: ''"), "description: the zh text"),
        (
            "parameter-help-in-one-text",
            lambda t: re.sub(r"description:\n//       zh: 一个城市\n//       en:", "description:", t),
            "parameter city: description: give it in Chinese and English",
        ),
        (
            "parameter-help-without-zh",
            lambda t: t.replace("//       zh: 一个城市\n", ""),
            "parameter city: description: the zh text",
        ),
        (
            "parameter-help-in-french",
            lambda t: t.replace("//       zh: 一个城市", "//       fr: une ville"),
            "parameter city: description: only zh and en, not fr",
        ),
        ("column-without-label", lambda t: t.replace("label: {zh: 编号, en: id}, ", ""), "column id: label: missing"),
        (
            "label-without-en",
            lambda t: t.replace("label: {zh: 编号, en: id}", "label: {zh: 编号}"),
            "column id: label: the en text",
        ),
        (
            "label-in-one-text",
            lambda t: t.replace("label: {zh: 编号, en: id}", "label: id"),
            "column id: label: give it in Chinese and English",
        ),
    ],
)
def test_a_malformed_header_names_the_file_and_the_field(tmp_path: Path, case: str, edit: Any, field: str) -> None:
    text = edit(GOOD_HEADER.format(name=case))
    assert text != GOOD_HEADER.format(name=case), "the edit changed the file"
    path = _write(tmp_path, case, text)
    with pytest.raises(ConfigurationError) as caught:
        parse_query_file(path)
    message = str(caught.value)
    assert str(path) in message and field in message, message
    with pytest.raises(ConfigurationError, match=re.escape(path.name)):
        load_catalog(tmp_path)


# --- parameter typing --------------------------------------------------------------------------


def _bind(name: str, **given: Any) -> dict[str, Any]:
    return bind_parameters(CATALOG.get(name), given)


def test_a_code_stays_text_for_a_string_parameter() -> None:
    assert _bind("region-designations", region="360700")["region"] == "360700"
    assert _bind("cooperation-partners")["party"] == "360000"  # a default given as text stays text


def test_text_becomes_the_declared_type() -> None:
    bound = _bind("connection-paths", fromEntity="赣州市", toEntity="中医药", maxHops="3", limit=" 7 ")
    assert bound == {"fromEntity": "赣州市", "toEntity": "中医药", "maxHops": 3, "limit": 7}
    assert _bind("passages-mentioning", entity="x", fullText="true")["fullText"] is True
    assert _bind("passages-mentioning", entity="x", fullText="no")["fullText"] is False
    assert _bind("target-progress", approxTolerance="0.1")["approxTolerance"] == 0.1
    assert _bind("target-progress") == {"deadlineYear": 2025, "indicator": None, "approxTolerance": 0.05}


@pytest.mark.parametrize(
    ("name", "given", "parameter", "words"),
    [
        ("connection-paths", {"fromEntity": "a", "toEntity": "b", "maxHops": "three"}, "maxHops", "an integer"),
        ("connection-paths", {"fromEntity": "a", "toEntity": "b", "maxHops": True}, "maxHops", "an integer"),
        ("passages-mentioning", {"entity": "a", "fullText": "maybe"}, "fullText", "true or false"),
        ("region-designations", {"stage": "rejected"}, "stage", "allowed: approved, candidate, pilot"),
        ("connection-paths", {"fromEntity": "a", "toEntity": "b", "maxHops": "0"}, "maxHops", "at least 1"),
        ("connection-paths", {"fromEntity": "a", "toEntity": "b", "maxHops": 5}, "maxHops", "at most 4"),
        ("connection-paths", {"fromEntity": "a", "toEntity": "b", "maxHop": 2}, "maxHop", "did you mean maxHops"),
        ("connection-paths", {"toEntity": "b"}, "fromEntity", "needs the parameter"),
        ("science-city-chain-support", {"scienceCity": 360700}, "scienceCity", "must be text"),
    ],
)
def test_a_bad_parameter_is_an_error_naming_it(name: str, given: dict[str, Any], parameter: str, words: str) -> None:
    with pytest.raises(ParameterError) as caught:
        bind_parameters(CATALOG.get(name), given)
    assert caught.value.parameter == parameter
    assert repr(parameter) in str(caught.value) and words in str(caught.value), str(caught.value)
    # said in Chinese too (the API's detailZh, the page's language), naming the parameter
    assert caught.value.message_zh and parameter in caught.value.message_zh, caught.value.message_zh
