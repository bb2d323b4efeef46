"""Benchmark `amendtool diff` beside `git diff --no-index --word-diff` and `wdiff`.

    python bench/bench_diff.py [--runs N]

Pairs: the sample pair (drafts/wsis10_zero_draft.txt -> tests/golden/diff/wsis_rev1.txt) and the Paris
pairs of the shared corpus (../shared/corpus or $AMENDTOOL_CORPUS), the largest being the PDF-text pair
of 23 October -> 4 December (239 KB -> 212 KB). Prints, per pair and tool, the median wall time and the
number of change hunks reported:

- amendtool (library): parse both drafts, align, word-diff, render txt, in this process;
- amendtool (CLI): `python -m amendtool diff OLD NEW`, interpreter start included;
- difflib (standard library): SequenceMatcher over the whole files' words, autojunk off (on, it marks
  most of a large text as changed), in this process;
- git diff --no-index --word-diff=plain and wdiff: whole-file word diffs, process start included.

A hunk is a maximal run of insertions and deletions with no unchanged word between them
(`[-...-]{+...+}` is one hunk). For amendtool, word hunks inside aligned pairs plus one per added or
deleted paragraph; the number of paragraphs reported changed is printed beside it. Figures only: no
assertion on time here or in the tests.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from amendtool.diff.align import _exact_key, words  # noqa: E402
from amendtool.diff.compare import compare  # noqa: E402
from amendtool.diff.worddiff import change_count  # noqa: E402
from amendtool.draft.parser import load_draft  # noqa: E402
from amendtool.render.diff.text import render_text  # noqa: E402

CORPUS = Path(os.environ.get("AMENDTOOL_CORPUS") or ROOT.parent / "shared" / "corpus")
PAIRS = [
    ("sample (WSIS zero -> test Rev.1)", ROOT / "drafts" / "wsis10_zero_draft.txt", ROOT / "tests" / "golden" / "diff" / "wsis_rev1.txt"),
    ("Paris 23 Oct -> 4 Dec, Markdown", CORPUS / "paris_2015-10-23_draft_agreement_okfn.md", CORPUS / "paris_2015-12-04_draft_agreement_okfn.md"),
    ("Paris 23 Oct -> 4 Dec, PDF text (largest)", CORPUS / "paris_2015-10-23_draft_agreement_decision_11infnot.txt", CORPUS / "paris_2015-12-04_draft_agreement_decision_adp.txt"),
    ("Paris 4 Dec -> final, Markdown", CORPUS / "paris_2015-12-04_draft_agreement_okfn.md", CORPUS / "paris_2015-12-12_final_paris_agreement_okfn.md"),
]

_MARK = re.compile(r"\[-.*?-\]|\{\+.*?\+\}", re.S)


def marker_hunks(text: str) -> int:
    """Maximal runs of [-...-] / {+...+} markers with only whitespace between them."""
    hunks = 0
    last_end = None
    for m in _MARK.finditer(text):
        if last_end is None or text[last_end : m.start()].strip():
            hunks += 1
        last_end = m.end()
    return hunks


def timed(fn, runs: int):
    times = []
    result = None
    for _ in range(runs):
        t = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times), result


def amendtool_library(old: Path, new: Path):
    words.cache_clear()  # every run starts cold, as a command does
    _exact_key.cache_clear()
    t0 = time.perf_counter()
    a = load_draft(old, lenient=True)
    b = load_draft(new, lenient=True)
    t1 = time.perf_counter()
    c = compare(a, b)
    t2 = time.perf_counter()
    render_text(c)
    t3 = time.perf_counter()
    step = c.steps[0]
    hunks = sum(change_count(d.pair.changes) for d in step.paragraphs)
    return hunks, len(step.changed), (t1 - t0, t2 - t1, t3 - t2)


def difflib_hunks(old: Path, new: Path) -> int:
    a = old.read_text(encoding="utf-8").split()
    b = new.read_text(encoding="utf-8").split()
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return sum(1 for op, *_ in matcher.get_opcodes() if op != "equal")


def run_cmd(cmd: list[str]) -> str:
    proc = subprocess.run(cmd, capture_output=True, text=True, errors="replace", cwd=ROOT)
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{cmd[0]} failed ({proc.returncode}): {proc.stderr[:500]}")
    return proc.stdout


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--runs", type=int, default=5, help="runs per measurement (median reported)")
    args = ap.parse_args()
    git = shutil.which("git")
    wdiff = shutil.which("wdiff")
    print(f"{'pair':44} {'tool':34} {'size (KB)':>14} {'median':>10} {'hunks':>7}  notes")
    for label, old, new in PAIRS:
        if not old.is_file() or not new.is_file():
            print(f"{label:44} skipped: {old if not old.is_file() else new} not found")
            continue
        size = f"{old.stat().st_size // 1024}+{new.stat().st_size // 1024}"
        t, (hunks, changed, (tp, tc, tr)) = timed(lambda: amendtool_library(old, new), args.runs)
        print(f"{label:44} {'amendtool diff (library)':34} {size:>14} {t * 1000:8.1f}ms {hunks:7d}  "
              f"{changed} paragraphs changed; last run: parse {tp * 1000:.0f} ms, align + word diff "
              f"{tc * 1000:.0f} ms, render {tr * 1000:.0f} ms")
        t, _ = timed(lambda: run_cmd([sys.executable, "-m", "amendtool", "diff", str(old), str(new)]), args.runs)
        print(f"{'':44} {'amendtool diff (CLI process)':34} {size:>14} {t * 1000:8.1f}ms {hunks:7d}")
        t, hunks_difflib = timed(lambda: difflib_hunks(old, new), args.runs)
        print(f"{'':44} {'difflib on words (autojunk off)':34} {size:>14} {t * 1000:8.1f}ms {hunks_difflib:7d}")
        if git:
            cmd = [git, "diff", "--no-index", "--word-diff=plain", "--no-color", str(old), str(new)]
            t, out = timed(lambda: run_cmd(cmd), args.runs)
            print(f"{'':44} {'git diff --no-index --word-diff':34} {size:>14} {t * 1000:8.1f}ms {marker_hunks(out):7d}")
        if wdiff:
            t, out = timed(lambda: run_cmd([wdiff, str(old), str(new)]), args.runs)
            print(f"{'':44} {'wdiff':34} {size:>14} {t * 1000:8.1f}ms {marker_hunks(out):7d}")


if __name__ == "__main__":
    main()
