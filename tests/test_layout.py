"""The layout: one real path per module (docs/architecture.md). No links anywhere in the tree, and
every module of the package found by its import name at exactly the file that holds it."""

from __future__ import annotations

import ast
import importlib.util
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
# what the tree holds but is not the tree: environments, installed npm packages, build output (Maven's too)
NOT_THE_TREE = {
    ".git",
    ".venv",
    "node_modules",
    ".jxkg",
    "build",
    "dist",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
}


def test_git_tracks_no_symlink() -> None:
    listed = subprocess.run(["git", "ls-files", "-s"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    links = [line.split("\t", 1)[1] for line in listed.splitlines() if line.startswith("120000 ")]
    assert links == []


def test_the_working_tree_holds_no_symlink_outside_node_modules() -> None:
    links: list[str] = []
    for folder, dirs, files in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in NOT_THE_TREE]
        links += [str(Path(folder, name).relative_to(REPO)) for name in dirs + files if Path(folder, name).is_symlink()]
    assert links == []


def test_each_module_is_found_by_its_name_at_its_one_file() -> None:
    package = REPO / "jxkg"
    files = sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)
    assert len(files) > 100
    for file in files:
        parts = file.relative_to(REPO).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        spec = importlib.util.find_spec(name)
        assert spec is not None and spec.origin is not None, name
        assert Path(spec.origin).resolve() == file.resolve(), (name, spec.origin)
        assert Path(spec.origin) == file, f"{name} is reached through a link: {spec.origin}"


MODULE_LINES, FUNCTION_LINES = 450, 60
MODULES = sorted(p for p in (REPO / "jxkg").rglob("*.py") if "__pycache__" not in p.parts)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO)))
def test_modules_and_functions_stay_small(path: Path) -> None:
    """A module of at most 450 lines; a function of at most 60, or a comment `# long: why` on the
    line above its definition (or its first decorator)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= MODULE_LINES
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno is not None:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            reason = lines[first - 2].strip().startswith("# long:") if first > 1 else False
            assert node.end_lineno - node.lineno < FUNCTION_LINES or reason, f"{node.name} is too long"


def test_no_module_imports_itself_through_others() -> None:
    """Imports run one way inside the floors too: no circle of modules (TYPE_CHECKING imports count,
    a circle of types is a circle a reader follows)."""
    import grimp

    graph = grimp.build_graph("jxkg")
    modules = sorted(graph.modules)
    index, low, on_stack, stack, circles = {}, {}, set(), [], []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in graph.find_modules_directly_imported_by(module):
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for module in modules:
        if module not in index:
            visit(module)
    assert circles == []
