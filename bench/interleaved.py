"""`amendtool diff` of checkouts side by side with wdiff, run in turn, for figures that a busy machine
moves less than a benchmark run's (each tool's runs are spread over the same minutes).

    python bench/interleaved.py OLD NEW TREE [TREE ...] [--runs 11]

Each round runs ``python -m amendtool diff OLD NEW`` in every TREE (a checkout: its ``amendtool``
package is the one imported) and then ``wdiff OLD NEW``, the outputs thrown away; printed per tool:
the median wall time, the median CPU time (the process and the copies it waited for) and the ratio of
the median to wdiff's.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import time


def timed(cmd: list[str], cwd: str | None) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd`` (CPU: user and system time of it and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("trees", nargs="+", help="checkouts whose amendtool to run")
    ap.add_argument("--runs", type=int, default=11, help="rounds (11)")
    args = ap.parse_args()
    wdiff = shutil.which("wdiff")
    tools: dict[str, tuple[list[str], str | None]] = {
        tree: ([sys.executable, "-m", "amendtool", "diff", args.old, args.new], tree) for tree in args.trees
    }
    if wdiff:
        tools["wdiff"] = ([wdiff, args.old, args.new], None)
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in tools}
    for _ in range(args.runs):
        for name, (cmd, cwd) in tools.items():
            runs[name].append(timed(cmd, cwd))
    base = statistics.median(w for w, _ in runs["wdiff"]) if wdiff else None
    for name, samples in runs.items():
        wall = statistics.median(w for w, _ in samples)
        cpu = statistics.median(c for _, c in samples)
        ratio = f"  {wall / base:.2f} x wdiff" if base else ""
        print(f"{name:30s} wall {wall * 1000:6.0f} ms  cpu {cpu * 1000:6.0f} ms{ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
