"""Files derived from the ontology (its Markdown docs, the generated shapes): write one, or check
that the checked-in copy is what the ontology gives now (CI fails on drift)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from jxkg.errors import OntologyError
from jxkg.ontology.schema import GraphSchema, load_schema

__all__ = ["check_derived", "derived_file_main"]


def check_derived(path: Path, expected: str, regenerate: str) -> str | None:
    """None when `path` holds `expected`; otherwise what is wrong and the command that fixes it."""
    try:
        actual = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return f"{path} does not exist; generate it with: {regenerate}"
    if actual == expected:
        return None
    old, new = actual.splitlines(), expected.splitlines()
    line = next((i for i, (a, b) in enumerate(zip(old, new, strict=False), 1) if a != b), min(len(old), len(new)) + 1)
    return f"{path} is out of date with the ontology (first difference at line {line}); regenerate it: {regenerate}"


def derived_file_main(
    argv: Sequence[str] | None,
    *,
    prog: str,
    description: str,
    default_out: Path,
    render: Callable[[GraphSchema], str],
    regenerate: str | None = None,
) -> None:
    """The command line of a derived file: write it, or `--check` it (exit 1 on drift, 2 when the
    ontology cannot be read). `regenerate` is the command a drift message suggests (default: `prog`)."""
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("--check", action="store_true", help="exit 1 if the file differs from the ontology")
    parser.add_argument("--out", type=Path, default=default_out, help=f"the file (default: {default_out})")
    parser.add_argument("--ontology", type=Path, default=None, help="Turtle file (default: the packaged ontology)")
    args = parser.parse_args(argv)
    out: Path = args.out
    try:
        text = render(load_schema(args.ontology))
    except OntologyError as exc:
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc
    if args.check:
        problem = check_derived(out, text, regenerate or prog)
        if problem is not None:
            print(problem, file=sys.stderr)
            raise SystemExit(1)
        print(f"{out} is up to date")
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"wrote {out}")
