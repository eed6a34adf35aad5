"""Rows of the synthetic province: CSV in and out, credit codes, and the bad rows mixed in on request.

`jxkg.synthetic.province` decides what the province holds; this module writes it: one `CsvOut` per
file, which also slips the planned bad rows in between the good ones and records where they
landed (file, row number as the loader counts it, kind) for the manifest, and takes the copied
curated rows after the generated ones (`copy`).
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from jxkg.ontology.conventions import NOTE, PROVENANCE_KIND, QUOTE, SOURCE, SYNTHETIC

CREDIT_CODE_CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_NOT_IN_CHARSET = "IOSVZ"

NODE_HEAD = ("id", "nameZh", "nameEn", "aliases")
TAIL = (SYNTHETIC, SOURCE, QUOTE, PROVENANCE_KIND, NOTE)  # `synthetic` is a property; then provenance
EDGE_HEAD = ("start", "end")
UNKNOWN_COLUMN = "headcount"
HUGE_CELL = "x" * (1 << 20)  # 1 MiB
INJECTION = '"}) DETACH DELETE n //'

# kind -> the files that may hold it (paths relative to the output folder)
BAD_KINDS: dict[str, tuple[str, ...]] = {
    "missing-id": ("nodes/Enterprise.csv", "nodes/Patent.csv", "nodes/Person.csv"),
    "duplicate-id": ("nodes/Enterprise.csv", "nodes/Patent.csv", "nodes/Person.csv"),
    "bad-credit-chars": ("nodes/Enterprise.csv",),
    "bad-check-digit": ("nodes/Enterprise.csv",),
    "dangling-region": ("edges/LOCATED_IN.csv",),
    "wrong-datatype": ("nodes/Enterprise.csv", "nodes/Patent.csv", "nodes/Recognition.csv"),
    "negative-count": ("nodes/InnovationConsortium.csv",),
    "year-3021": ("nodes/Enterprise.csv", "nodes/Patent.csv", "nodes/Recognition.csv"),
    "unknown-column": ("nodes/Enterprise.csv",),
    "huge-cell": ("nodes/Enterprise.csv",),
    "cypher-injection": ("nodes/Person.csv",),
}
HUGE_CELL_LIMIT = 2  # a 1 MiB cell each: a few prove the point, thousands would only fill the disk
_YEAR_FIELD = {
    "nodes/Enterprise.csv": "foundedYear",
    "nodes/Patent.csv": "year",
    "nodes/Recognition.csv": "grantedYear",
}
_BAD_NAME = {  # file -> (id slug, name stem) of the bad rows' own identities
    "nodes/Patent.csv": ("patent", "合成坏行专利"),
    "nodes/Person.csv": ("person", "合成坏行人员"),
    "nodes/Recognition.csv": ("recognition", "合成坏行认定"),
    "nodes/InnovationConsortium.csv": ("innovation-consortium", "合成坏行创新联合体"),
}


def credit_check_character(first17: str) -> str:
    """GB 32100-2015: (31 - Σ value×weight mod 31) mod 31, written in the code's own character set."""
    total = sum(CREDIT_CODE_CHARACTERS.index(c) * w for c, w in zip(first17, _WEIGHTS, strict=True))
    return CREDIT_CODE_CHARACTERS[(31 - total % 31) % 31]


def is_valid_credit_code(code: str) -> bool:
    return (
        len(code) == 18
        and all(c in CREDIT_CODE_CHARACTERS for c in code)
        and code[2:8].isdigit()
        and credit_check_character(code[:17]) == code[17]
    )


def new_credit_code(rng: random.Random, region: str) -> str:
    """`91` (market regulator, enterprise) + the 6-digit region code + 9 random characters + check."""
    first17 = "91" + region + "".join(rng.choices(CREDIT_CODE_CHARACTERS, k=9))
    return first17 + credit_check_character(first17)


@dataclass(frozen=True)
class BadRow:
    file: str
    row: int
    kind: str
    field: str | None
    value: str

    def manifest(self) -> dict[str, object]:
        return {"file": self.file, "row": self.row, "kind": self.kind, "field": self.field, "value": self.value[:80]}


BadMaker = Callable[[dict[str, str]], tuple[dict[str, str], str | None, str]]


class CsvOut:
    """One output CSV: a header, good rows as they come, and bad rows at their planned places."""

    def __init__(self, folder: Path, name: str, header: list[str], *, curated: bool = False) -> None:
        self.name = name
        self.header = header
        self.curated = curated  # a file of copied curated rows only
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        self._handle: TextIO = path.open("w", encoding="utf-8", newline="")
        self._writer = csv.writer(self._handle)
        self._writer.writerow(header)
        self.rows = 0  # data rows written, good and bad: the loader's row number of the last one
        self.good = 0
        self.copied = 0  # curated rows copied in, after the generated ones
        self._last: list[str] = []
        self._pending: dict[int, list[tuple[str, BadMaker]]] = {}
        self.bad: list[BadRow] = []

    def plan(self, after: int, kind: str, maker: BadMaker) -> None:
        """Write a bad row after the `after`-th good row (or at the end, if there are fewer)."""
        self._pending.setdefault(after, []).append((kind, maker))

    def add(self, row: list[str]) -> None:
        self._writer.writerow(row)
        self.rows += 1
        self.good += 1
        self._last = row
        if self.good in self._pending:
            self._flush(self._pending.pop(self.good))

    def copy(self, header: list[str], row: list[str]) -> None:
        """A curated row, unchanged: its values by column name (columns it lacks stay empty)."""
        values = dict(zip(header, row, strict=False))
        self._writer.writerow([values.get(column, "") for column in self.header])
        self.rows += 1
        self.copied += 1

    def close(self) -> None:
        for after in sorted(self._pending):
            if self._last:  # a bad row is made from a good one; a file with none gets none
                self._flush(self._pending[after])
        self._pending.clear()
        self._handle.close()

    def _flush(self, makers: list[tuple[str, BadMaker]]) -> None:
        previous = dict(zip(self.header, self._last, strict=True))
        for kind, maker in makers:
            values, field, value = maker(previous)
            self._writer.writerow([values.get(column, "") for column in self.header])
            self.rows += 1
            self.bad.append(BadRow(self.name, self.rows, kind, field, value))


def allocate(total: int, kinds: list[str]) -> dict[str, int]:
    """`total` bad rows shared out over the kinds in turn; huge cells capped, the rest made up elsewhere."""
    counts = dict.fromkeys(kinds, 0)
    others = [k for k in kinds if k != "huge-cell"]
    for i in range(total):
        kind = kinds[i % len(kinds)]
        if kind == "huge-cell" and counts[kind] >= HUGE_CELL_LIMIT and others:
            kind = others[i % len(others)]
        counts[kind] += 1
    return counts


class BadRowMaker:
    """Turns a good row (the one just before) into a bad row of one kind, with identities of its own."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._seq = 0

    def maker(self, kind: str, file: str) -> BadMaker:
        def make(previous: dict[str, str]) -> tuple[dict[str, str], str | None, str]:
            self._seq += 1
            row = self._fresh(file, dict(previous))
            return row, *self._spoil(kind, file, row, previous)

        return make

    def _fresh(self, file: str, row: dict[str, str]) -> dict[str, str]:
        if file == "nodes/Enterprise.csv":
            code = new_credit_code(self._rng, row["creditCode"][2:8])
            row.update(id=code, creditCode=code, nameZh=f"合成坏行企业{self._seq:06d}")
        elif file in _BAD_NAME:
            slug, stem = _BAD_NAME[file]
            row.update(id=f"{slug}:{stem}{self._seq:06d}", nameZh=f"{stem}{self._seq:06d}")
        return row

    def _spoil(self, kind: str, file: str, row: dict[str, str], previous: dict[str, str]) -> tuple[str | None, str]:
        rng = self._rng
        if kind == "missing-id":
            row["id"] = ""
            return "id", ""
        if kind == "duplicate-id":  # same id as the good row before, other values
            row["id"] = previous["id"]
            if "creditCode" in row:
                row["creditCode"] = previous["creditCode"]
            return "id", row["id"]
        if kind in ("bad-credit-chars", "bad-check-digit"):
            code = row["id"]
            if kind == "bad-credit-chars":
                at = rng.randrange(8, 17)
                code = code[:at] + rng.choice(_NOT_IN_CHARSET) + code[at + 1 :]
            else:
                code = code[:17] + rng.choice(CREDIT_CODE_CHARACTERS.replace(code[17], ""))
            row.update(id=code, creditCode=code)
            return "id", code
        if kind == "dangling-region":  # 3699xx: no such GB/T 2260 code
            row["end"] = f"3699{self._seq % 99 + 1:02d}"
            return "end", row["end"]
        if kind in ("wrong-datatype", "year-3021"):
            field = _YEAR_FIELD[file]
            row[field] = "二〇二一" if kind == "wrong-datatype" else "3021"
            if kind == "year-3021" and row.get("expiresYear"):
                row["expiresYear"] = "3024"
            return field, row[field]
        if kind == "negative-count":
            row["count"] = str(-rng.randint(1, 50))
            return "count", row["count"]
        if kind == "unknown-column":
            row[UNKNOWN_COLUMN] = str(rng.randint(10, 5000))
            return UNKNOWN_COLUMN, row[UNKNOWN_COLUMN]
        if kind == "huge-cell":
            row[NOTE] = HUGE_CELL
            return NOTE, "x" * 16 + f"… ({len(HUGE_CELL)} characters)"
        if kind == "cypher-injection":
            row.update(id=f"person:{INJECTION}{self._seq:06d}", nameZh=INJECTION)
            return "nameZh", INJECTION
        raise ValueError(f"unknown kind of bad row: {kind}")


def plan_bad_rows(
    expected: dict[str, int], fraction: float, kinds: list[str], rng: random.Random
) -> list[tuple[str, int, str]]:
    """About `fraction` × the expected rows as bad rows: (host file, after which good row, kind)."""
    usable = [k for k in kinds if any(expected.get(f, 0) > 0 for f in BAD_KINDS[k])]
    if fraction <= 0 or not usable:
        return []
    plan: list[tuple[str, int, str]] = []
    for kind, count in allocate(round(fraction * sum(expected.values())), usable).items():
        hosts = [f for f in BAD_KINDS[kind] if expected.get(f, 0) > 0]
        for _ in range(count):
            host = rng.choice(hosts)
            plan.append((host, rng.randint(1, expected[host]), kind))
    return plan


def attach_bad_rows(outs: dict[str, CsvOut], plan: list[tuple[str, int, str]], rng: random.Random) -> None:
    maker = BadRowMaker(rng)
    for host, after, kind in plan:
        outs[host].plan(after, kind, maker.maker(kind, host))
