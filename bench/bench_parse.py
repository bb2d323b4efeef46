"""Parse speed on real and synthetic drafts.

    python bench/bench_parse.py [--runs N]

Prints, per draft, the median time to parse (lines, furniture, headings, labels, brackets, refs) and
to render back, with the paragraph count; beside it, as a floor, the time Python takes just to split
the same text into lines. The synthetic drafts repeat the WSIS zero draft 10 and 100 times with the
paragraphs renumbered (580 and 5,800 paragraphs). Figures only: no assertion on time.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from amendtool.draft.parser import parse_draft  # noqa: E402

CORPUS = Path(os.environ.get("AMENDTOOL_CORPUS") or ROOT.parent / "shared" / "corpus")


def synthetic(times: int) -> str:
    text = (ROOT / "drafts" / "wsis10_zero_draft.txt").read_text(encoding="utf-8")
    counter = iter(range(1, 10**7))
    return "".join(re.sub(r"^  \d+\. ", lambda m: f"  {next(counter)}. ", text, flags=re.M) for _ in range(times))


def median(fn, runs: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    drafts = [("WSIS zero draft", (ROOT / "drafts" / "wsis10_zero_draft.txt").read_text(encoding="utf-8"), "text")]
    if CORPUS.is_dir():
        for path in sorted(CORPUS.iterdir()):
            if path.suffix in (".txt", ".md") and path.name not in ("README.md", "wsis10_zero_draft.txt"):
                fmt = "markdown" if path.suffix == ".md" else "text"
                drafts.append((path.name, path.read_text(encoding="utf-8"), fmt))
    drafts += [("WSIS x10 (synthetic)", synthetic(10), "text"), ("WSIS x100 (synthetic)", synthetic(100), "text")]
    print(f"{'draft':56} {'KB':>6} {'paragraphs':>10} {'parse':>10} {'render':>9} {'splitlines':>10}")
    for name, text, fmt in drafts:
        t_parse, doc = median(lambda text=text, fmt=fmt: parse_draft(text, fmt=fmt, lenient=True), args.runs)
        t_render, out = median(doc.render, args.runs)
        assert out == text
        t_split, _ = median(text.splitlines, args.runs)
        print(f"{name:56} {len(text.encode()) // 1024:6d} {len(doc.paragraphs):10,d} {t_parse * 1000:8.1f}ms "
              f"{t_render * 1000:7.1f}ms {t_split * 1000:8.2f}ms")


if __name__ == "__main__":
    main()
