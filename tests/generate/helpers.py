"""Shared helpers of the generator tests: run it once per parameter set, read what it wrote."""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path
from typing import Any

from jxkg.synthetic.province import generate

REPO = Path(__file__).resolve().parents[2]
CURATED = REPO / "data" / "curated"
CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def run(folder: Path, scale: float, seed: int, bad: float = 0.0, kinds: list[str] | None = None) -> dict[str, Any]:
    return generate(folder, scale=scale, seed=seed, curated=CURATED, bad_fraction=bad, bad_kinds=kinds)


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def rows(path: Path) -> list[dict[str, str]]:
    limit = csv.field_size_limit(1 << 24)  # the huge-cell rows; process-wide, so put back after
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))
    finally:
        csv.field_size_limit(limit)


def manifest(folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((folder / "MANIFEST.json").read_text(encoding="utf-8"))
    return data


def credit_code_ok(code: str) -> bool:
    """GB 32100-2015, written out again here from the standard (not from the generator)."""
    if len(code) != 18 or any(c not in CHARSET for c in code) or not code[2:8].isdigit():
        return False
    total = sum(CHARSET.index(c) * w for c, w in zip(code[:17], WEIGHTS, strict=True))
    return CHARSET[(31 - total % 31) % 31] == code[17]
