"""Benchmark `atlas validate` on the real data: the median of several runs.

Usage: .venv/bin/python scripts/bench_validate.py [--data DIR] [--runs N]

Prints two figures: the whole command as an editor runs it (a new process each
time, interpreter start-up included) and the validation alone (load_atlas in
this process, after one warm-up run). Not a test: timings depend on the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.errors import ValidationFailed  # noqa: E402
from generator.load.validate import load_atlas  # noqa: E402


def _command_seconds(data: Path) -> float:
    atlas = Path(sys.executable).parent / "atlas"
    start = time.perf_counter()
    subprocess.run([str(atlas), "validate", "--data", str(data)], capture_output=True, check=False)
    return time.perf_counter() - start


def _in_process_seconds(data: Path) -> float:
    start = time.perf_counter()
    with contextlib.suppress(ValidationFailed):  # finding every error is what is timed
        load_atlas(data)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    regions = len(list((args.data / "regions").glob("*.yaml")))
    _in_process_seconds(args.data)  # warm up: imports, file cache
    command = [_command_seconds(args.data) for _ in range(args.runs)]
    alone = [_in_process_seconds(args.data) for _ in range(args.runs)]
    print(f"atlas validate on {args.data} ({regions} region files), median of {args.runs} runs:")
    print(f"  command (new process each run): {statistics.median(command) * 1000:7.1f} ms")
    print(f"  validation alone (load_atlas):  {statistics.median(alone) * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
