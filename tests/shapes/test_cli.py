"""`jxkg validate` as a user runs it: a real process, its exit codes, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

CASES = Path(__file__).parent / "cases"
JXKG = [sys.executable, "-m", "jxkg.cli.main", "validate"]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*JXKG, *map(str, args)], capture_output=True, text=True, timeout=120)


def test_conforming_files_exit_0() -> None:
    result = run(CASES / "class.ok.ttl", CASES / "in.ok.ttl")
    assert result.returncode == 0, result.stderr
    assert "conforms" in result.stdout and "does not conform" not in result.stdout


def test_warnings_alone_exit_0() -> None:
    result = run(CASES / "check-digit.bad.ttl")
    assert result.returncode == 0, result.stderr
    assert "jxs:creditCode-checkDigit" in result.stdout and "1 Warning" in result.stdout


def test_a_violation_exits_1_with_a_table_per_rule() -> None:
    result = run(CASES / "class.bad.ttl")
    assert result.returncode == 1, result.stderr
    assert "Violation jxs:hostedBy-range" in result.stdout
    assert "hosted by (HOSTED_BY) must link to a node of class Organization" in result.stdout
    assert "Traceback" not in result.stderr


def test_json_format(tmp_path: Path) -> None:
    result = run("--format", "json", CASES / "equals.bad.ttl", CASES / "class.bad.ttl")
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["counts"] == {"Violation": 1, "Warning": 3, "Info": 0}
    assert {r["sourceFile"] for r in report["results"]} == {str(CASES / "equals.bad.ttl"), str(CASES / "class.bad.ttl")}


def test_a_file_that_cannot_be_read_exits_2_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix jx: <https://w3id.org/jxkg/ontology#> .\njx:x a", encoding="utf-8")
    for args in ([broken], [CASES / "class.ok.ttl", tmp_path / "absent.jsonld"], [tmp_path / "data.csv"]):
        result = run(*args)
        assert result.returncode == 2, result.stdout
        assert str(args[-1]) in result.stderr.replace("\n", "")
        assert "Traceback" not in result.stderr


def test_no_file_is_a_usage_error() -> None:
    result = run()
    assert result.returncode == 2
    assert "Missing argument" in result.stderr
