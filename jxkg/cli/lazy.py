"""Sub-commands imported when they are run: `jxkg query run` loads neither the backup, the generator,
the ingest history nor their dependencies, so an analyst's command starts at once.

A lazy command is named by `module:attribute`, the attribute a `typer.Typer` (a group, e.g. `jxkg db`)
or a function (one command). `jxkg --help` lists every command, and so imports them all.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping

import typer
from typer import _click
from typer.core import TyperGroup


class LazyGroup(TyperGroup):
    """A Typer group whose commands in `lazy` (name → `module:attribute`) are imported on first use."""

    lazy: Mapping[str, str] = {}

    def list_commands(self, ctx: _click.Context) -> list[str]:
        return [*super().list_commands(ctx), *(name for name in self.lazy if name not in self.commands)]

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        found = super().get_command(ctx, cmd_name)
        if found is not None or cmd_name not in self.lazy:
            return found
        command = load_command(cmd_name, self.lazy[cmd_name])
        self.add_command(command, cmd_name)
        return command


def load_command(name: str, target: str) -> _click.Command:
    """The click command for `module:attribute`, named `name`."""
    module, _, attribute = target.partition(":")
    found = getattr(importlib.import_module(module), attribute)
    if isinstance(found, typer.Typer):
        command: _click.Command = typer.main.get_group(found)
    else:
        single = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
        single.command(name)(found)
        command = typer.main.get_command(single)
    command.name = name
    return command


def lazy_group(commands: Mapping[str, str]) -> type[LazyGroup]:
    """A `LazyGroup` class with these lazy commands, for `typer.Typer(cls=...)`."""
    return type("JxkgGroup", (LazyGroup,), {"lazy": dict(commands)})
