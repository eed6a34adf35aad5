"""Test-only npm packages (the typed client's tools, the graph libraries the front-end guide maps
answers to): installed from a folder's lock file on first use, never from the network's latest."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

NPM_TIMEOUT_S = 600


def installed(folder: Path, *needed: str) -> Path:
    """`folder`/node_modules, after `npm ci` from the lock file unless each of `needed` (paths under
    node_modules) is there already."""
    modules = folder / "node_modules"
    if not all((modules / name).exists() for name in needed):
        npm = shutil.which("npm")
        assert npm, "npm is needed for this test (make test installs Node.js's tools; see README)"
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund", "--ignore-scripts"],
            cwd=folder,
            check=True,
            timeout=NPM_TIMEOUT_S,
            capture_output=True,
        )
    return modules
