"""`jxkg query list|show|run` and the README's command examples, as a user runs them on the curated graph."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shlex
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from jxkg.queries import load_catalog
from jxkg.store.falkordb_server import EmbeddedFalkorDB
from tests.cli.test_cli import JXKG, run
from tests.conftest import REPO, CuratedGraphs
from tests.test_spreadsheet import _is_json


@pytest.fixture(scope="module")
def curated_env(
    falkordb_server: EmbeddedFalkorDB, curated_graphs: CuratedGraphs, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    with curated_graphs.falkordb() as store:
        yield {
            "JXKG_ENGINE": "falkordb",
            "JXKG_FALKORDB_PORT": str(falkordb_server.port),
            "JXKG_GRAPH": store._graph_name,
            "JXKG_DATA_DIR": str(tmp_path_factory.mktemp("cli")),
        }


def test_list_puts_the_headline_first(curated_env: dict[str, str]) -> None:
    result = run(["query", "list", "--json"], curated_env)
    assert result.returncode == 0, result.stderr
    listed = json.loads(result.stdout)
    assert listed[0]["name"] == "science-city-chain-support"
    assert [q["name"] for q in listed] == load_catalog().names()


def test_show_prints_parameters_example_and_cypher(curated_env: dict[str, str]) -> None:
    result = run(["query", "show", "science-city-chain-support"], curated_env)
    assert result.returncode == 0, result.stderr
    assert "scienceCity (string, default null)" in result.stdout
    assert "  supporters[].chainPathProvenance (list of provenance): " in result.stdout
    assert "jxkg query run science-city-chain-support --param scienceCity=" in result.stdout
    assert "MATCH (city:ScienceCity)" in result.stdout


def test_run_the_headline_for_one_science_city(curated_env: dict[str, str]) -> None:
    result = run(
        ["query", "run", "science-city-chain-support", "-p", "scienceCity=中国（南昌）中医药科创城", "-f", "json"],
        curated_env,
    )
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {row["scienceCity"] for row in rows} == {"中国（南昌）中医药科创城"}
    supporters = {s["nameZh"] for row in rows for s in row["supporters"]}
    # the review: 中国中医科学院中医药健康产业研究所 ... 为江西稀土、中医药等产业高质量发展提供了有力科技支撑
    assert "中国中医科学院中医药健康产业研究所" in supporters


def test_run_csv_with_the_example_parameters(curated_env: dict[str, str]) -> None:
    result = run(["query", "run", "science-city-chain-support", "--example", "-f", "csv"], curated_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeff")  # the byte order mark: the file opens right in Excel
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[0][:4] == ["scienceCityId", "scienceCity", "chainId", "chain"]
    assert not any(_is_json(cell) for row in rows for cell in row)  # supporters as readable text
    example = load_catalog().get("science-city-chain-support").example["scienceCity"]
    assert {row[1] for row in rows[1:]} == {example}


def test_run_xlsx_into_a_file_and_onto_a_pipe(curated_env: dict[str, str], tmp_path: Path) -> None:
    target = tmp_path / "答案.xlsx"
    result = run(
        ["query", "run", "science-city-chain-support", "--example", "-f", "xlsx", "--out", str(target)], curated_env
    )
    assert result.returncode == 0, result.stderr
    book = openpyxl.load_workbook(target)
    header, *rows = book["science-city-chain-support"].iter_rows(values_only=True)
    assert header[:4] == ("scienceCityId", "scienceCity", "chainId", "chain")
    example = load_catalog().get("science-city-chain-support").example["scienceCity"]
    assert rows and {row[1] for row in rows} == {example}  # Chinese as it is
    count = header.index("supporterCount")
    assert all(isinstance(row[count], int) for row in rows)  # numbers stay numbers
    about = {line[0]: line[1] for line in book["about"].iter_rows(values_only=True)}
    assert about["truncated"] is False and about["rows"] == len(rows)
    # redirected (stdout is a pipe here), the workbook goes to stdout
    piped = subprocess.run(
        [*JXKG, "cypher", "RETURN '=1+2' AS formula, 2 AS n", "-f", "xlsx"],
        env={**os.environ, **curated_env},
        capture_output=True,
        timeout=120,
    )
    assert piped.returncode == 0, piped.stderr
    (_, (formula, number)) = openpyxl.load_workbook(io.BytesIO(piped.stdout))["cypher"].iter_rows()
    assert formula.value == "=1+2" and formula.data_type == "s" and formula.quotePrefix and number.value == 2
    wrong = run(["query", "run", "science-city-chain-support", "-f", "csv", "--out", str(target)], curated_env)
    assert wrong.returncode == 2 and "--out is for --format xlsx" in wrong.stderr


def test_errors_name_the_query_and_the_parameter(curated_env: dict[str, str]) -> None:
    unknown = run(["query", "run", "science-city-chain-suport"], curated_env)
    assert unknown.returncode == 1 and "did you mean science-city-chain-support" in unknown.stderr
    wrong = run(["query", "run", "science-city-chain-support", "-p", "city=x"], curated_env)
    assert wrong.returncode == 1 and "did you mean scienceCity" in wrong.stderr
    assert "Traceback" not in unknown.stderr + wrong.stderr


def _readme_commands() -> list[str]:
    """The `jxkg ...` lines of the README's shell blocks that read the graph."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.DOTALL):
        for line in block.splitlines():
            command = line.split("  #")[0].strip()
            if command.startswith(("jxkg cypher", "jxkg query run", "jxkg stats", "jxkg query list")):
                commands.append(command)
    return commands


def test_the_readme_has_query_examples() -> None:
    assert len(_readme_commands()) >= 3


@pytest.mark.parametrize("command", _readme_commands())
def test_every_readme_example_runs_and_returns_rows(curated_env: dict[str, str], command: str) -> None:
    args = shlex.split(command.replace("\\$", "$"))[1:]
    result = run(args, curated_env)
    assert result.returncode == 0, f"{command}\n{result.stderr}"
    assert result.stdout.strip()
    if "--format" in args and args[args.index("--format") + 1] == "json":
        assert json.loads(result.stdout), f"{command} returned no rows"
    elif args[0] in {"cypher", "query"} and "list" not in args:
        assert not result.stdout.rstrip().endswith("0 rows"), f"{command} returned no rows"


def test_readme_example_ids_are_text(curated_env: dict[str, str]) -> None:
    """The README's own example used to print [] because 360700 was read as a number."""
    assert any("--param id=360700" in c for c in _readme_commands())


# What a query command must not load: the web stack, the SHACL engines and gate, the pipeline and the
# writer. They are imported by the commands that run them (serve, validate, ingest), so an analyst's
# command starts at once.
NOT_FOR_QUERIES = (
    "fastapi",
    "starlette",
    "uvicorn",
    "pyshacl",
    "jxkg.graph_api.app",
    "jxkg.graph_api.security",
    "jxkg.graph_api.routes",
    "jxkg.steward",
    "jxkg.shapes",
    "jxkg.ingest.gate",
    "jxkg.ingest.pipeline",
    "jxkg.ingest.write",
)


# What the catalog commands need neither: the RDF library (the ontology is read only where its schema is
# needed) and the pinyin tables (loaded when a name is first read as pinyin).
NOT_FOR_THE_CATALOG = (*NOT_FOR_QUERIES, "rdflib", "pypinyin", "rapidfuzz", "opencc")

QUERY_COMMANDS = {
    "query list": (["query", "list"], NOT_FOR_THE_CATALOG),
    "query run": (["query", "run", "science-cities-by-stage", "--format", "json"], NOT_FOR_THE_CATALOG),
    "cypher": (["cypher", "MATCH (c:PrefectureCity) RETURN count(c) AS n", "--format", "json"], NOT_FOR_QUERIES),
}


@pytest.mark.parametrize("command", list(QUERY_COMMANDS))
def test_a_query_command_imports_neither_the_api_nor_the_gate(curated_env: dict[str, str], command: str) -> None:
    """Each command run in a fresh interpreter, as `jxkg` runs it; what it imported is read from sys.modules."""
    args, excluded = QUERY_COMMANDS[command]
    code = (
        "import sys; from typer.testing import CliRunner; from jxkg.cli.main import app; "
        f"result = CliRunner().invoke(app, {args!r}); "
        "assert result.exit_code == 0, result.output; "
        "assert result.output.strip(), 'no output'; "
        f"print(sorted(m for m in sys.modules if m.startswith({excluded!r})))"
    )
    shown = subprocess.run(
        [sys.executable, "-c", code], env=os.environ | curated_env, capture_output=True, text=True, timeout=120
    )
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "[]"


def test_the_lazy_commands_load_when_run(curated_env: dict[str, str]) -> None:
    """The commands imported on use are listed by --help and run: `jxkg generate --help` imports the generator."""
    listed = run(["--help"], curated_env)
    assert listed.returncode == 0 and "generate" in listed.stdout and "backup" in listed.stdout
    code = (
        "import sys; from typer.testing import CliRunner; from jxkg.cli.main import app; "
        "assert 'jxkg.cli.generate' not in sys.modules; "
        "result = CliRunner().invoke(app, ['generate', '--help']); "
        "assert result.exit_code == 0, result.output; assert '--bad-kinds' in result.output, result.output; "
        "print('jxkg.cli.generate' in sys.modules)"
    )
    shown = subprocess.run([sys.executable, "-c", code], env=os.environ | curated_env, capture_output=True, text=True)
    assert shown.returncode == 0, shown.stderr
    assert shown.stdout.strip() == "True"


def test_a_near_miss_value_runs_and_says_what_it_resolved_to(curated_env: dict[str, str]) -> None:
    result = run(
        ["query", "run", "science-city-chain-support", "--param", "scienceCity=赣州稀金", "-f", "json"], curated_env
    )
    assert result.returncode == 0, result.stderr
    assert "赣州稀金 → 赣州稀金科创城 (science-city:赣州稀金科创城, alias)" in result.stderr
    assert {row["scienceCityId"] for row in json.loads(result.stdout)} == {"science-city:赣州稀金科创城"}


def test_a_value_that_names_nothing_fails_with_the_nearest(curated_env: dict[str, str]) -> None:
    result = run(["query", "run", "platforms-by-level-and-city", "--param", "city=火星市"], curated_env)
    assert result.returncode == 1
    assert "火星市" in result.stderr and "PrefectureCity" in result.stderr
    several = run(["query", "run", "entity-profile", "--param", "entity=国家重点实验室"], curated_env)
    assert several.returncode == 1 and "nearest" in several.stderr and "national-key-laboratory:" in several.stderr


def test_an_explicit_empty_value_means_every_one(curated_env: dict[str, str]) -> None:
    default = run(["query", "run", "cooperation-partners", "-f", "json"], curated_env)
    every = run(["query", "run", "cooperation-partners", "--param", "party=", "-f", "json"], curated_env)
    assert default.returncode == every.returncode == 0, every.stderr
    assert len(json.loads(every.stdout)) > len(json.loads(default.stdout)) > 0
