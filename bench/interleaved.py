"""`amendtool diff` of checkouts side by side with wdiff, run in turn, for figures that a busy machine
moves less than a benchmark run's (each tool's runs are spread over the same minutes).

    python bench/interleaved.py OLD NEW TREE [TREE ...] [--runs 11]

Each round runs ``python -m amendtool diff OLD NEW`` in every TREE (a checkout: its ``amendtool``
package is the one imported) and then ``wdiff OLD NEW`` (installed when missing, as ``run.py`` does),
through ``run.py``'s launcher; printed per tool: the median wall time, the median CPU time (the
process and the copies it waited for) and the ratio of the median to wdiff's.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as bench  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("old")
    ap.add_argument("new")
    ap.add_argument("trees", nargs="+", type=Path, help="checkouts whose amendtool to run")
    ap.add_argument("--runs", type=int, default=11, help="rounds (11)")
    args = ap.parse_args()
    bench.LAUNCHER = bench.Launcher()  # first, while this process is small
    wdiff = bench.ensure_wdiff()
    tools: dict[str, tuple[list[str], Path]] = {
        str(tree): ([sys.executable, "-m", "amendtool", "diff", args.old, args.new], tree) for tree in args.trees
    }
    if wdiff:
        tools["wdiff"] = ([wdiff, args.old, args.new], Path.cwd())
    runs: dict[str, list[bench.Run]] = {name: [] for name in tools}
    try:
        for _ in range(args.runs):
            for name, (cmd, cwd) in tools.items():
                runs[name].append(bench.run(cmd, cwd=cwd))
    finally:
        bench.LAUNCHER.close()
    base = statistics.median(r.seconds for r in runs["wdiff"]) if wdiff else None
    for name, done in runs.items():
        wall = statistics.median(r.seconds for r in done)
        cpu = statistics.median(r.cpu for r in done)
        ratio = f"  {wall / base:.2f} x wdiff" if base else ""
        print(f"{name:30s} wall {wall * 1000:6.0f} ms  cpu {cpu * 1000:6.0f} ms{ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
