"""A non-editable wheel gives a working `jxkg` that finds its ontology, shapes and queries as package data."""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


def _source_copy(target: Path) -> Path:
    """The tree's files (tracked, and new ones git does not ignore) copied to `target`: a build in the
    checkout itself reuses its `build/` folder, where a module moved since an earlier build lingers."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=REPO,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = REPO / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    source = _source_copy(tmp_path_factory.mktemp("source"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (wheel_file,) = out.glob("jxkg-*.whl")
    return wheel_file


def test_everything_installs_under_the_one_name_jxkg(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/", 1)[0] for n in names if not n.startswith("jxkg-")}
    assert top == {"jxkg"}, top
    for expected in (
        "jxkg/ontology/jxkg.ttl",
        "jxkg/store/falkordb_engine.py",
        "jxkg/graph_api/app.py",
        "jxkg/py.typed",
    ):
        assert expected in names, expected
    assert any(n.startswith("jxkg/shapes/") and n.endswith(".ttl") for n in names) or not list(
        (REPO / "jxkg" / "shapes").glob("*.ttl")
    )


def test_the_wheel_holds_each_module_of_the_tree_once(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert len(names) == len(set(names)), sorted(n for n in set(names) if names.count(n) > 1)
    in_wheel = sorted(n for n in names if n.endswith(".py"))
    in_tree = sorted(
        p.relative_to(REPO).as_posix() for p in (REPO / "jxkg").rglob("*.py") if "__pycache__" not in p.parts
    )
    assert in_wheel == in_tree


def test_the_installed_command_runs_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    scratch_site = subprocess.run(
        [str(py), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], capture_output=True, text=True
    ).stdout.strip()
    # the wheel installs for real (console script included); its dependencies are borrowed from the
    # dev environment, appended after the scratch site, so the installed jxkg wins over the editable one
    subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True, timeout=300
    )
    Path(scratch_site, "borrowed-deps.pth").write_text(site.getsitepackages()[0] + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("JXKG_")}
    code = (
        "import importlib, pkgutil, jxkg, jxkg.ontology.schema as s, jxkg.cli.main as m; "
        "print(jxkg.__file__); print(len(s.load_schema().concrete_types())); "
        # every module of the wheel imports, from the wheel
        "mods = [importlib.import_module(i.name) for i in pkgutil.walk_packages(jxkg.__path__, 'jxkg.')]; "
        "print(sum(1 for x in mods if x.__file__.startswith(jxkg.__path__[0])))"
    )
    shown = subprocess.run([str(py), "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    location, count, modules = shown.stdout.split()
    assert location.startswith(scratch_site), location
    assert int(count) > 20
    in_wheel = [n for n in zipfile.ZipFile(wheel).namelist() if n.endswith(".py")]
    assert int(modules) == len(in_wheel) - 1  # every module but jxkg/__init__.py itself
    config = subprocess.run(
        [str(env_dir / "bin" / "jxkg"), "config"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert config.returncode == 0, config.stderr
    assert "JXKG_ENGINE" in config.stdout
