"""The README stays true: its two commands, its configuration table, its table of commands and its
curl examples, run as written against a served API (its `jxkg` examples run in tests/cli/test_query_cli.py)."""

from __future__ import annotations

import json
import re
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from jxkg.settings import Settings, environment_names
from tests.conftest import CuratedGraphs, served_api

REPO = Path(__file__).resolve().parent.parent
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_are_make_targets() -> None:
    for target in ("demo", "test"):
        assert f"make {target}" in README
        dry = subprocess.run(["make", "-n", target], cwd=REPO, capture_output=True, text=True)
        assert dry.returncode == 0, dry.stderr
    assert "make test" in (REPO / ".ci" / "run").read_text(encoding="utf-8")


def test_the_configuration_table_lists_every_setting_with_its_default() -> None:
    rows = re.findall(r"^\| `([A-Z0-9_]+)` \| ([^|]*) \|", README, flags=re.MULTILINE)
    documented = {name: default.strip() for name, default in rows}
    assert set(documented) == set(environment_names())
    for name, field in Settings.model_fields.items():
        default = field.default.get_secret_value() if hasattr(field.default, "get_secret_value") else field.default
        shown = documented[str(field.validation_alias)]
        expected = "(empty)" if default == "" else f"`{getattr(default, 'value', default)}`"
        if name == "data_dir":
            expected = "`./.jxkg`"
        if name in ("query_timeout_s", "write_timeout_s"):
            expected = f"`{int(default)}`"
        assert shown == expected, (name, shown, expected)


def test_every_command_in_the_cli_table_exists() -> None:
    from typer import _click
    from typer.core import TyperGroup
    from typer.main import get_command

    from jxkg.cli.main import app

    group = get_command(app)
    assert isinstance(group, TyperGroup)
    commands = set(group.list_commands(_click.Context(group)))  # the lazy ones too (jxkg.cli.lazy)
    documented = set(re.findall(r"^\| `jxkg ([a-z-]+)", README, flags=re.MULTILINE))
    assert documented <= commands, documented - commands
    assert commands - {"version"} <= documented, f"undocumented commands: {commands - documented - {'version'}}"


DOCUMENTED = "http://127.0.0.1:8000"


def _curl_commands() -> list[str]:
    """The README's curl lines, as a reader copies them (a trailing `# comment` and all)."""
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", README, flags=re.DOTALL):
        lines = [line.strip() for line in block.replace("\\\n", " ").splitlines()]
        commands += [line for line in lines if line.startswith("curl ")]
    return commands


def test_the_readme_searches_in_chinese_with_an_encoded_url() -> None:
    """Raw UTF-8 in a URL is a 400 (the README's own example was): Chinese goes in with `--data-urlencode`."""
    commands = _curl_commands()
    assert any("/api/v1/search" in c and "--data-urlencode" in c and "-G" in c for c in commands)
    for command in commands:
        assert all(ord(ch) < 128 for url in re.findall(r"https?://\S+", command) for ch in url), command


@pytest.fixture(scope="module")
def served(curated_graphs: CuratedGraphs, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with curated_graphs.falkordb() as store, served_api(store, tmp_path_factory.mktemp("readme")) as base:
        yield base


@pytest.mark.parametrize("command", _curl_commands())
def test_every_curl_example_runs_as_written(served: str, command: str) -> None:
    """Each curl line, run by a shell as written, against `jxkg serve` on the curated graph: only the
    address is the test server's."""
    assert DOCUMENTED in command
    run = command.replace(DOCUMENTED, served).replace("curl ", "curl -sS --fail-with-body ", 1)
    result = subprocess.run(["bash", "-c", run], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    body = json.loads(result.stdout)
    assert body, command
    if "/search" in command:
        assert body["results"], f"{command} found nothing"
