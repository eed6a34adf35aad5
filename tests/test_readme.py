"""The README stays true: its two commands, its configuration table and its table of commands."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from jxkg.settings import Settings, environment_names

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
