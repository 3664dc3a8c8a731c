"""The time and peak memory of every case of the attack corpus (tests/attacks/cases.py).

Usage: .venv/bin/python scripts/attack_costs.py [--only SUBSTRING]

Each case runs as the tests run it: the real command line in a subprocess, in a fresh
project folder. Prints one line a case (exit status, wall seconds, peak resident
memory of the command), slowest first, then the worst of each. Not a test: the
figures depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.attacks.cases import CASES, make_project  # noqa: E402


def measure(name: str) -> tuple[int, float, float]:
    """Exit status, wall seconds and peak memory (MB) of one case's command."""
    with tempfile.TemporaryDirectory() as scratch:
        project = make_project(Path(scratch) / "project")
        case = CASES[name](project)
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "generator", *case.args],
            cwd=project,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        return process.returncode, seconds, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="", help="run only the cases whose name holds this")
    args = parser.parse_args()
    results = {name: measure(name) for name in sorted(CASES) if args.only in name}
    for name, (code, seconds, memory) in sorted(results.items(), key=lambda r: -r[1][1]):
        print(f"{seconds:6.2f} s {memory:7.1f} MB  exit {code}  {name}")
    slowest = max(results.items(), key=lambda r: r[1][1])
    largest = max(results.items(), key=lambda r: r[1][2])
    print(
        f"slowest: {slowest[0]} {slowest[1][1]:.2f} s; largest: {largest[0]} {largest[1][2]:.1f} MB"
    )


if __name__ == "__main__":
    main()
