"""The paragraph alignment of two drafts stage by stage: each stage's time and how many items are
matched after it, for seeing where `diff` and `propose` spend their alignment.

    python bench/align_stages.py OLD NEW [--runs 3]

The drafts are parsed as `diff` reads them (unbalanced brackets are warnings), then aligned in this
process alone (no copy: the word diffs are left out, so the stages' own times show); each stage of
`_Aligner.run` is timed as it runs. Without a copy `_words_shared` does nothing: the words are worked
out when first needed, most in `anchors` (a command shares them with its copy in `_words_shared`).
Printed per stage: the median of the runs, and after it the one-to-one matches, the splits and
merges, and for `candidates` how many unmatched new items found candidates. Figures only, nothing
checked.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from amendtool.diff import align as al  # noqa: E402
from amendtool.diff.compare import align_items, facts  # noqa: E402
from amendtool.draft.parser import load_draft  # noqa: E402

STAGES = ("same_texts", "_words_shared", "anchors", "in_place", "candidates", "similar_pairs",
          "splits_and_merges", "gaps")
"""The stages of ``_Aligner.run`` timed (a stage that runs twice is counted twice, in order)."""


def main() -> int:
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("old", type=Path)
    ap.add_argument("new", type=Path)
    ap.add_argument("--runs", type=int, default=3, help="runs (3); the median is printed")
    args = ap.parse_args()
    old_items, new_items = (align_items(facts(load_draft(str(p), lenient=True))) for p in (args.old, args.new))
    rows: list[list[tuple[str, float, str]]] = []
    for _ in range(args.runs):
        rows.append(_one_run(old_items, new_items))
    print(f"{args.old.name} ({len(old_items)} paragraphs) -> {args.new.name} ({len(new_items)} paragraphs), "
          f"median of {args.runs}")
    for k, (name, _, after) in enumerate(rows[-1]):
        print(f"  {name:18s} {1000 * statistics.median(r[k][1] for r in rows):7.1f} ms   {after}")
    return 0


def _one_run(old_items: list[al.AlignItem], new_items: list[al.AlignItem]) -> list[tuple[str, float, str]]:
    """One alignment, each stage timed: (stage, seconds, what is matched after it)."""
    al.words.cache_clear()  # (each run works its words out afresh, as a command does)
    aligner = al._Aligner(old_items, new_items)
    out: list[tuple[str, float, str]] = []
    for name in STAGES:
        method = getattr(aligner, name)

        def timed(*args, _method=method, _name=name):
            start = time.perf_counter()
            result = _method(*args)
            seconds = time.perf_counter() - start
            after = (f"matched {len(aligner.o2n)}, splits {len(aligner.splits)}, merges {len(aligner.merges)}"
                     + (f"; {len(result)} new items with candidates" if _name == "candidates" else ""))
            out.append((_name, seconds, after))
            return result

        setattr(aligner, name, timed)
    aligner.run()
    return out


if __name__ == "__main__":
    sys.exit(main())
