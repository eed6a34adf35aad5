"""Wall and CPU time of three `jxkg` commands, as an analyst runs them (a fresh process each):

    JXKG_FALKORDB_PORT=6391 JXKG_GRAPH=bench .venv/bin/python benchmarks/cli_start.py --runs 9
    ... --jxkg /path/to/another/checkout/.venv/bin/jxkg                  # the same against another tree

Each command runs `--runs` times after one warm-up; printed: the median and the spread of wall seconds,
the median CPU seconds (user + system, of the command and its children), and the load average before and
after, since wall time on a shared machine follows the load. See docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import time
from pathlib import Path

COMMANDS = (
    ["query", "list"],
    ["query", "run", "science-cities-by-stage"],
    ["query", "run", "science-city-chain-support", "--example"],
)


def timed(argv: list[str]) -> tuple[float, float]:
    """(wall, cpu) seconds of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)}: exit {done.returncode}: {done.stderr[-500:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jxkg", default=str(Path(__file__).resolve().parent.parent / ".venv" / "bin" / "jxkg"))
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    print(f"{args.jxkg}; load average before {os.getloadavg()[0]:.2f}")
    for command in COMMANDS:
        argv = [args.jxkg, *command]
        timed(argv)
        samples = [timed(argv) for _ in range(args.runs)]
        walls = sorted(w for w, _ in samples)
        cpu = statistics.median(c for _, c in samples)
        print(
            f"jxkg {' '.join(command):55} wall median {statistics.median(walls):.2f} s "
            f"({walls[0]:.2f}-{walls[-1]:.2f}), CPU median {cpu:.2f} s"
        )
    print(f"load average after {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
