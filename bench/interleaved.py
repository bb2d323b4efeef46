"""`amendtool diff` of checkouts side by side with wdiff, run in turn, for figures that a busy machine
moves less than a benchmark run's (each tool's runs are spread over the same minutes).

    python bench/interleaved.py OLD NEW TREE [TREE ...] [--runs 11]

Each round runs ``python -m amendtool diff OLD NEW`` in every TREE (a checkout: its ``amendtool``
package is the one imported) and ``wdiff OLD NEW`` (installed when missing, as ``run.py`` does), in
turn (``run.measure_in_turn``: in order, then in reverse the next round), through ``run.py``'s
launcher; printed per tool: the median wall time, the median CPU time (the process and the copies it
waited for) and the ratio of the median to wdiff's.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
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

    def once(cmd: list[str], cwd: Path) -> Callable[[], bench.Sample]:
        return lambda: bench.sample(bench.run(cmd, cwd=cwd), True)

    runs_of = {str(tree): once([sys.executable, "-m", "amendtool", "diff", args.old, args.new], tree)
               for tree in args.trees}
    if wdiff:
        runs_of["wdiff"] = once([wdiff, args.old, args.new], Path.cwd())
    try:
        measured = bench.measure_in_turn(runs_of, args.runs, slow=math.inf)
    finally:
        bench.LAUNCHER.close()
    base = measured["wdiff"].seconds if wdiff else None
    for name, m in measured.items():
        ratio = f"  {m.seconds / base:.2f} x wdiff" if base else ""
        print(f"{name:30s} wall {m.seconds * 1000:6.0f} ms  cpu {m.cpu * 1000:6.0f} ms{ratio}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
