"""`jxkg api-key ROLE`: make a new API key and the line that lets `JXKG_API_KEYS_FILE` accept it."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer

from jxkg.graph_api.keys import Role, key_file_line


def api_key(
    role: Annotated[Role, typer.Argument(help="reader, analyst (may also run read-only Cypher) or steward")],
    name: Annotated[str, typer.Option(help="who the key is for, kept in the file beside the hash")] = "",
) -> None:
    """Print a new random key (give it to its user; it is not stored) and its line for JXKG_API_KEYS_FILE."""
    key = secrets.token_urlsafe(32)
    typer.echo(f"key:  {key}")
    typer.echo(f"line: {key_file_line(role, key, name)}")
