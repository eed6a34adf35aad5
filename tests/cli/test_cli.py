"""The `jxkg` command as a user runs it: a real process, real exit codes, no tracebacks."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from jxkg.store.falkordb_server import EmbeddedFalkorDB
from tests.conftest import free_port

JXKG = [sys.executable, "-m", "jxkg.cli.main"]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JXKG, *args], env={**os.environ, **env}, capture_output=True, text=True, timeout=120)


@pytest.fixture
def falkor_env(falkordb_server: EmbeddedFalkorDB, tmp_path: Path) -> Iterator[dict[str, str]]:
    env = {
        "JXKG_ENGINE": "falkordb",
        "JXKG_FALKORDB_PORT": str(falkordb_server.port),
        "JXKG_GRAPH": f"cli_{tmp_path.name}"[:60],
        "JXKG_DATA_DIR": str(tmp_path),
    }
    created = run(
        ["cypher", "--write", "CREATE (:Entity {id: 'a', nameZh: '南昌', year: 1}), (:Entity {id: 'b', year: 2})"], env
    )
    assert created.returncode == 0, created.stderr
    yield env


def test_config_prints_every_setting_with_secrets_masked() -> None:
    result = run(["config", "--json"], {"NEO4J_PASSWORD": "s3cret-value", "JXKG_ENGINE": "neo4j"})
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    assert shown["NEO4J_PASSWORD"] == "********"
    assert "s3cret-value" not in result.stdout
    assert shown["JXKG_ENGINE"] == "neo4j"
    assert {"NEO4J_URI", "NEO4J_USER", "NEO4J_DATABASE", "JXKG_DATA_DIR", "JXKG_FALKORDB_PORT", "JXKG_GRAPH"} <= set(
        shown
    )


def test_a_bad_setting_names_the_variable() -> None:
    result = run(["config"], {"JXKG_API_PORT": "eighty"})
    assert result.returncode == 2
    assert "JXKG_API_PORT" in result.stderr
    assert "Traceback" not in result.stderr


def test_cypher_json_is_one_array_of_row_objects(falkor_env: dict[str, str]) -> None:
    result = run(
        ["cypher", "MATCH (n:Entity) RETURN n.id AS id, n.year AS n ORDER BY id", "--format", "json"], falkor_env
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"id": "a", "n": 1}, {"id": "b", "n": 2}]


def test_cypher_csv_and_params(falkor_env: dict[str, str]) -> None:
    result = run(
        [
            "cypher",
            "MATCH (n:Entity) WHERE n.year >= $min RETURN n.id AS id, n.nameZh AS name",
            "-p",
            "min:=1",
            "-f",
            "csv",
        ],
        falkor_env,
    )
    assert result.returncode == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[0] == ["id", "name"]
    assert sorted(rows[1:]) == [["a", "南昌"], ["b", ""]]


def test_csv_output_is_safe_in_a_spreadsheet(falkor_env: dict[str, str]) -> None:
    """Text a spreadsheet would run is neutralised, numbers stay numbers, the graph keeps the text."""
    formulas = ['=HYPERLINK("http://x")', "+1", "-x", "@SUM(1)", "\tx"]
    create = "UNWIND $names AS name CREATE (:Entity {id: 'f-' + name, nameZh: name, year: -5})"
    written = run(["cypher", "--write", create, "-p", f"names:={json.dumps(formulas)}"], falkor_env)
    assert written.returncode == 0, written.stderr
    query = "MATCH (e:Entity) WHERE e.id STARTS WITH 'f-' RETURN e.nameZh AS name, e.year AS year ORDER BY e.id"
    result = run(["cypher", query, "-f", "csv"], falkor_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert rows[1:] == [["'" + name, "-5"] for name in sorted(formulas)]
    held = json.loads(run(["cypher", query, "-f", "json"], falkor_env).stdout)
    assert [row["name"] for row in held] == sorted(formulas)


def test_param_values_are_text_unless_given_as_json(falkor_env: dict[str, str]) -> None:
    """`id=360700` is text, as ids are; `year:=1` is the JSON number 1."""
    query = "RETURN $id AS id, $year AS year, $ids AS ids"
    args = ["-p", "id=360700", "-p", "year:=1", "-p", 'ids:=["a", "b"]', "-f", "json"]
    result = run(["cypher", query, *args], falkor_env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == [{"id": "360700", "year": 1, "ids": ["a", "b"]}]
    bad = run(["cypher", query, "-p", "year:=one"], falkor_env)
    assert bad.returncode == 2 and "not JSON" in bad.stderr


def test_unknown_names_and_missing_parameters_are_errors_to_act_on(falkor_env: dict[str, str]) -> None:
    label = run(["cypher", "MATCH (c:Sciencecity) RETURN count(c)"], falkor_env)
    assert label.returncode == 1
    assert "unknown label 'Sciencecity'; did you mean ScienceCity" in label.stderr
    missing = run(["cypher", "MATCH (n:Entity {id: $id}) RETURN n"], falkor_env)
    assert missing.returncode == 1 and "$id" in missing.stderr and "--param id=" in missing.stderr


def test_cypher_table_shows_the_rows(falkor_env: dict[str, str]) -> None:
    result = run(["cypher", "MATCH (n:Entity {id: 'a'}) RETURN n"], falkor_env)
    assert result.returncode == 0, result.stderr
    assert "南昌" in result.stdout and "1 row" in result.stdout


def test_a_syntax_error_is_one_line_and_exit_1(falkor_env: dict[str, str]) -> None:
    result = run(["cypher", "MATC (n) RETURN n"], falkor_env)
    assert result.returncode == 1
    assert "error: falkordb refused the query" in result.stderr
    assert "Traceback" not in result.stderr


def test_the_read_only_default_refuses_writes_and_file_loads(falkor_env: dict[str, str]) -> None:
    for query in ["CREATE (:Entity {id: 'c'})", "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line"]:
        result = run(["cypher", query], falkor_env)
        assert result.returncode == 1, query
        assert "not allowed" in result.stderr
        assert "--write" in result.stderr  # how to write on purpose
    count = run(["cypher", "MATCH (n:Entity) RETURN count(n) AS c", "-f", "json"], falkor_env)
    assert json.loads(count.stdout) == [{"c": 2}]


@pytest.mark.parametrize(
    ("env", "address"),
    [
        ({"JXKG_ENGINE": "falkordb"}, "127.0.0.1:{port}"),
        ({"JXKG_ENGINE": "neo4j", "NEO4J_URI": "bolt://127.0.0.1:{port}"}, "bolt://127.0.0.1:{port}"),
    ],
)
def test_an_unreachable_database_is_exit_2_with_a_hint(env: dict[str, str], address: str) -> None:
    port = free_port()
    filled = {k: v.format(port=port) for k, v in env.items()}
    result = run(["cypher", "RETURN 1"], {**filled, "JXKG_FALKORDB_PORT": str(port)})
    assert result.returncode == 2, result.stderr
    assert f"database not reachable at {address.format(port=port)}" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_param_syntax_is_a_usage_error() -> None:
    result = run(["cypher", "RETURN 1", "--param", "novalue"], {})
    assert result.returncode == 2
    assert "NAME=VALUE" in result.stderr


def test_api_key_prints_a_key_and_the_line_that_admits_it(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient

    from jxkg.graph_api.app import create_app
    from tests.api.support import no_database

    made = run(["api-key", "analyst", "--name", "张三"], {})
    assert made.returncode == 0, made.stderr
    key = made.stdout.split("key:", 1)[1].split()[0]
    line = made.stdout.split("line:", 1)[1].strip()
    assert line.startswith("analyst ") and line.endswith(" 张三") and key not in line
    keys = tmp_path / "keys"
    keys.write_text(line + "\n", encoding="utf-8")
    with TestClient(create_app(no_database(JXKG_API_KEYS_FILE=str(keys)))) as client:
        assert client.get("/api/v1/queries", headers={"X-API-Key": key}).status_code == 200
        assert client.get("/api/v1/queries", headers={"X-API-Key": key + "x"}).status_code == 401


def test_backup_and_restore_end_to_end(falkor_env: dict[str, str], tmp_path: Path) -> None:
    out = tmp_path / "backup"
    done = run(["backup", str(out)], falkor_env)
    assert done.returncode == 0, done.stderr
    assert "2 nodes" in done.stdout
    assert run(["backup", str(out)], falkor_env).returncode == 1  # a backup goes into a new folder

    refused = run(["restore", str(out)], falkor_env)  # the graph still holds the two nodes
    assert refused.returncode == 1
    assert "--force" in refused.stderr and "Traceback" not in refused.stderr
    assert run(["cypher", "--write", "MATCH (n {id: 'b'}) SET n.year = 3"], falkor_env).returncode == 0
    restored = run(["restore", str(out), "--force"], falkor_env)
    assert restored.returncode == 0, restored.stderr
    assert "restored 2 nodes" in restored.stdout
    answer = run(["cypher", "MATCH (n:Entity) RETURN n.id AS id, n.year AS year ORDER BY id", "-f", "json"], falkor_env)
    assert json.loads(answer.stdout) == [{"id": "a", "year": 1}, {"id": "b", "year": 2}]

    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    (out / "manifest.json").write_text(json.dumps(manifest | {"formatVersion": 2}), encoding="utf-8")
    unknown = run(["restore", str(out), "--force"], falkor_env)
    assert unknown.returncode == 2
    assert "format version 2" in unknown.stderr
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (out / "nodes.jsonl.gz").write_bytes((out / "nodes.jsonl.gz").read_bytes()[:-4])
    damaged = run(["restore", str(out), "--force"], falkor_env)
    assert damaged.returncode == 2
    assert "SHA-256" in damaged.stderr


def test_cypher_refuses_deep_nesting_and_long_text_in_both_languages(falkor_env: dict[str, str]) -> None:
    """The engines' parsers need the bounds whatever the mode: read-only and --write alike."""
    deep = "RETURN " + "(" * 200 + "1" + ")" * 200 + " AS x"
    for args in (["cypher", deep], ["cypher", "--write", deep]):
        refused = run(args, falkor_env)
        assert refused.returncode == 1
        assert "JXKG_MAX_QUERY_NESTING" in refused.stderr and "括号嵌套" in refused.stderr
    long = run(["cypher", "RETURN 1 AS " + "a" * 20_000], {**falkor_env, "JXKG_MAX_QUERY_CHARS": "1000"})
    assert long.returncode == 1 and "JXKG_MAX_QUERY_CHARS" in long.stderr and "查询文本" in long.stderr


def test_cypher_stops_at_the_time_limit(falkor_env: dict[str, str]) -> None:
    heavy = "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b WITH a, b WHERE (a * b) % 7 = 3 RETURN count(*)"
    stopped = run(["cypher", heavy], {**falkor_env, "JXKG_QUERY_TIMEOUT": "1"})
    assert stopped.returncode == 1
    assert "time limit of 1 s" in stopped.stderr and "时间限制" in stopped.stderr
