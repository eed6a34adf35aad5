"""The generator's output as files: deterministic, linear in the scale, marked synthetic, self-contained."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from jxkg.errors import IngestError
from jxkg.ingest.read.curated import read_curated
from jxkg.ontology.schema import load_schema
from jxkg.synthetic.province import BASE, PERSONS, PLATFORMS, scaled
from tests.generate.helpers import CURATED, credit_code_ok, hashes, manifest, rows, run

SMALL = 0.01


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("clean")
    run(folder, SMALL, 7)
    return folder


@pytest.fixture(scope="module")
def dirty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dirty")
    run(folder, SMALL, 7, bad=0.01)
    return folder


def synthetic_files(folder: Path) -> list[str]:
    return [name for name, info in manifest(folder)["files"].items() if not info["curated"]]


def test_same_seed_and_scale_give_the_same_bytes(clean: Path, dirty: Path, tmp_path: Path) -> None:
    run(tmp_path / "again", SMALL, 7)
    assert hashes(tmp_path / "again") == hashes(clean)
    run(tmp_path / "dirty-again", SMALL, 7, bad=0.01)
    assert hashes(tmp_path / "dirty-again") == hashes(dirty)


def test_another_seed_gives_other_data(clean: Path, tmp_path: Path) -> None:
    run(tmp_path / "other", SMALL, 8)
    mine, theirs = hashes(clean), hashes(tmp_path / "other")
    for name in synthetic_files(clean):
        assert mine[name] != theirs[name], name


def test_counts_grow_linearly_with_the_scale(clean: Path, tmp_path: Path) -> None:
    run(tmp_path / "double", 2 * SMALL, 7)
    small, double = manifest(clean)["files"], manifest(tmp_path / "double")["files"]
    for name in synthetic_files(clean):
        # the copied curated rows are the same at every scale
        one, two = (f[name]["rows"] - f[name]["copied"] for f in (small, double))
        assert one >= 1 and two >= 1, name
        # each class count is rounded on its own: platforms add up 11 rounded counts
        assert abs(two - 2 * one) <= max(len(PLATFORMS) + 1, 0.05 * two), (name, one, two)
    assert manifest(tmp_path / "double")["totals"]["edges"] == pytest.approx(
        2 * manifest(clean)["totals"]["edges"], 0.02
    )


def test_node_counts_are_the_scaled_figures(clean: Path) -> None:
    files = manifest(clean)["files"]
    for cls in ("Enterprise", "Patent", "University", "ResearchInstitute", "InnovationConsortium"):
        assert files[f"nodes/{cls}.csv"]["rows"] == scaled(BASE[cls], SMALL)
    for cls, (_, _, base) in {**PERSONS, **PLATFORMS}.items():
        assert files[f"nodes/{cls}.csv"]["rows"] == scaled(base, SMALL)
    recognitions = rows(clean / "nodes" / "Recognition.csv")
    statuses = [r["status"] for r in recognitions]
    assert statuses.count("HighTechEnterprise") == scaled(BASE["HighTechEnterprise"], SMALL)
    assert statuses.count("SciTechSME") == scaled(BASE["SciTechSME"], SMALL)
    for r in recognitions:
        if r["status"] == "HighTechEnterprise":
            assert int(r["expiresYear"]) == int(r["grantedYear"]) + 3
    assert len(rows(clean / "edges" / "MEMBER_OF.csv")) == scaled(BASE["consortiumMembers"], SMALL)


def test_every_synthetic_row_says_so_and_curated_rows_are_copied_unchanged(clean: Path) -> None:
    """Generated rows first, then the copied curated ones (in a file of their own or after the generated)."""
    label = "synthetic:seed=7:scale=0.01"
    files = manifest(clean)["files"]
    for name in synthetic_files(clean):
        written = rows(clean / name)
        for row in written[: len(written) - files[name]["copied"]]:
            assert (row["provenanceKind"], row["source"], row["synthetic"]) == ("synthetic", label, "true"), name
            if name.startswith("nodes/"):
                assert row["nameZh"].startswith("合成"), (name, row["nameZh"])
    curated = [name for name, info in files.items() if info["curated"]]
    assert {"nodes/PrefectureCity.csv", "nodes/IndustryChain.csv", "edges/PART_OF.csv"} <= set(curated)
    mixed = [name for name, info in files.items() if info["copied"] and not info["curated"]]
    assert {"nodes/ScienceCity.csv", "edges/LOCATED_IN.csv", "edges/FOCUSES_ON.csv"} <= set(mixed)
    for name in curated + mixed:
        originals = rows(CURATED / name)
        written = rows(clean / name)
        copied = written[len(written) - files[name]["copied"] :]
        assert copied and len(copied) == files[name]["copied"] == (len(written) if name in curated else len(copied))
        for row in copied:
            assert {k: row[k] for k in originals[0]} in originals, (name, row)
            assert all(v == "" for k, v in row.items() if k not in originals[0]), (name, row)  # columns it lacks
            assert row["provenanceKind"] != "synthetic"


def test_every_edge_ends_at_a_node_of_the_folder(clean: Path) -> None:
    ids = {row["id"] for path in (clean / "nodes").glob("*.csv") for row in rows(path)}
    for path in sorted((clean / "edges").glob("*.csv")):
        for row in rows(path):
            assert row["start"] in ids and row["end"] in ids, (path.name, row["start"], row["end"])


def test_enterprises_have_valid_credit_codes_of_their_region(clean: Path) -> None:
    regions = {r["id"] for name in ("PrefectureCity", "County") for r in rows(CURATED / "nodes" / f"{name}.csv")}
    located = {r["start"]: r["end"] for r in rows(clean / "edges" / "LOCATED_IN.csv")}
    enterprises = rows(clean / "nodes" / "Enterprise.csv")
    assert len({e["id"] for e in enterprises}) == len(enterprises)
    for e in enterprises:
        assert e["id"] == e["creditCode"] and credit_code_ok(e["id"]), e["id"]
        assert e["id"][2:8] in regions and located[e["id"]] == e["id"][2:8]


def test_the_clean_folder_reads_without_a_problem(clean: Path) -> None:
    read = read_curated(clean, load_schema())
    assert read.problems == []
    assert len(read.nodes) == manifest(clean)["totals"]["nodes"]


def bad_entries(folder: Path) -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = manifest(folder)["bad"]
    return entries


def test_the_manifest_lists_the_injected_rows(dirty: Path, clean: Path) -> None:
    info = manifest(dirty)
    entries = bad_entries(dirty)
    total = sum(f["rows"] for name, f in info["files"].items() if not f["curated"])
    assert len(entries) == info["totals"]["bad"] == pytest.approx(0.01 * total, rel=0.1)
    assert {e["kind"] for e in entries} == set(info["badKinds"])
    assert sum(e["kind"] == "huge-cell" for e in entries) <= 2
    for entry in entries:
        row = rows(dirty / entry["file"])[entry["row"] - 1]
        kind, field = entry["kind"], entry["field"]
        if kind == "missing-id":
            assert row["id"] == ""
        elif kind in ("bad-credit-chars", "bad-check-digit"):
            assert row["id"] == row["creditCode"] == entry["value"] and not credit_code_ok(row["id"])
        elif kind == "duplicate-id":
            earlier = [r for r in rows(dirty / entry["file"])[: entry["row"] - 1] if r["id"] == row["id"]]
            assert earlier and earlier[0]["nameZh"] != row["nameZh"]
        elif kind == "huge-cell":
            assert len(row["note"].encode()) >= 1 << 20
        else:
            assert row[field] == entry["value"], entry
    # the good rows are those of the clean run, in the same order
    bad_at = {(e["file"], e["row"]) for e in entries}
    for name in synthetic_files(clean):
        kept = [r for i, r in enumerate(rows(dirty / name), start=1) if (name, i) not in bad_at]
        assert [{k: v for k, v in r.items() if k != "headcount"} for r in kept] == rows(clean / name), name


def test_only_the_injected_codes_fail_the_check(dirty: Path) -> None:
    bad = {e["row"] for e in bad_entries(dirty) if e["kind"] in ("bad-credit-chars", "bad-check-digit")}
    for number, row in enumerate(rows(dirty / "nodes" / "Enterprise.csv"), start=1):
        assert credit_code_ok(row["creditCode"]) == (number not in bad), (number, row["creditCode"])


def test_a_huge_cell_is_reported_not_fatal(dirty: Path) -> None:
    """In a fresh process: the csv field limit is process-wide, and other code may have raised it."""
    script = (
        "import sys; from pathlib import Path; from jxkg.ingest.read.curated import read_curated; "
        "from jxkg.ontology.schema import load_schema; "
        "read = read_curated(Path(sys.argv[1]), load_schema()); "
        "print('\\n'.join(f'{p.file}|{p.row}' for p in read.problems))"
    )
    done = subprocess.run([sys.executable, "-c", script, str(dirty)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    huge = [e for e in bad_entries(dirty) if e["kind"] == "huge-cell"]
    assert all(f"{dirty / e['file']}|{e['row']}" in done.stdout.splitlines() for e in huge)


def test_scale_zero_writes_headers_only(tmp_path: Path) -> None:
    info = run(tmp_path / "zero", 0, 1, bad=0.1)
    assert info["totals"] == {"nodes": 0, "edges": 0, "bad": 0}


def test_it_refuses_a_folder_it_did_not_write(tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(IngestError, match="not empty"):
        run(tmp_path, SMALL, 1)
    with pytest.raises(IngestError, match="unknown kinds"):
        run(tmp_path / "new", SMALL, 1, bad=0.1, kinds=["typo"])
    assert (tmp_path / "mine.txt").read_text(encoding="utf-8") == "keep me"


def test_the_command(tmp_path: Path) -> None:
    args = ["--scale", "0.002", "--seed", "5", "--out", str(tmp_path / "p"), "--curated", str(CURATED)]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "jxkg.cli.main",
            "generate",
            *args,
            "--bad-fraction",
            "0.01",
            "--bad-kinds",
            "missing-id",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert "node rows" in done.stdout and "bad rows" in done.stdout
    info = manifest(tmp_path / "p")
    assert info["seed"] == 5 and {e["kind"] for e in info["bad"]} == {"missing-id"}
    again = subprocess.run(
        [sys.executable, "-m", "jxkg.cli.main", "generate", *args, "--bad-kinds", "typo"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 1 and "unknown kinds" in again.stderr and "Traceback" not in again.stderr
