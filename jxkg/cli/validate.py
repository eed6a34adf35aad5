"""`jxkg validate FILE...`: check Turtle or JSON-LD files against the SHACL shapes.

Exit codes: 0 no Violation (Warnings and Infos are printed), 1 at least one Violation, 2 a file
or the shapes cannot be read (nothing was validated).
"""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from jxkg.cli.errors import EXIT_FAILED


class ReportFormat(StrEnum):
    TEXT = "text"
    JSON = "json"


def validate(
    files: Annotated[
        list[Path],
        typer.Argument(metavar="FILE", help="Turtle (.ttl) or JSON-LD (.jsonld, .json) files, read together"),
    ],
    fmt: Annotated[
        ReportFormat, typer.Option("--format", "-f", help="text (a table per rule) or json (the whole report)")
    ] = ReportFormat.TEXT,
) -> None:
    """Validate RDF files against the SHACL shapes. Exit 1 on a Violation, 2 if a file cannot be read."""
    # the SHACL engines are imported by the commands that validate only
    from jxkg.shapes.render import render_json, render_text
    from jxkg.shapes.validate import validate_files

    report = validate_files(files)  # unreadable input: ValidationError, exit 2 (jxkg.cli.errors)
    if fmt is ReportFormat.JSON:
        sys.stdout.write(render_json(report))
    else:
        render_text(report, Console(soft_wrap=True))
    if not report.conforms:
        raise typer.Exit(EXIT_FAILED)
