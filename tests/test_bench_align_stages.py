"""bench/align_stages.py: every stage of the alignment timed, and what it reports matched is what the
aligner matches."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import WSIS

from amendtool.diff.align import MERGED, SPLIT
from amendtool.diff.compare import compare
from amendtool.draft.parser import load_draft

ROOT = Path(__file__).resolve().parent.parent
REV1 = ROOT / "tests" / "golden" / "diff" / "wsis_rev1.txt"


def test_each_stage_is_printed_with_the_items_matched_after_it():
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "align_stages.py"), str(WSIS), str(REV1), "--runs", "1"],
                         capture_output=True, text=True, check=True).stdout.splitlines()
    assert out[0] == "wsis10_zero_draft.txt (58 paragraphs) -> wsis_rev1.txt (58 paragraphs), median of 1"
    stages = [line.split()[0] for line in out[1:]]
    assert stages == ["same_texts", "_words_shared", "anchors", "in_place", "candidates", "similar_pairs",
                      "splits_and_merges", "similar_pairs", "gaps"]
    pairs = [d.pair for d in compare(*(load_draft(str(p), lenient=True) for p in (WSIS, REV1))).overall.paragraphs]
    one_to_one = sum(1 for p in pairs if p.old is not None and p.new is not None and p.status not in (SPLIT, MERGED))
    groups = {(p.old_group, p.new_group, p.status) for p in pairs if p.status in (SPLIT, MERGED)}
    last = re.search(r"matched (\d+), splits (\d+), merges (\d+)", out[-1])
    assert last is not None
    assert [int(g) for g in last.groups()] == [one_to_one, sum(s == SPLIT for *_, s in groups),
                                               sum(s == MERGED for *_, s in groups)]
