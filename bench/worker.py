"""One in-library measurement, in a process of its own (so every run starts cold, as a command does, and
its peak memory is its own): ``python bench/worker.py STAGE WORKDIR [--profile FILE]``.

Imports amendtool, then times the stage's library calls (reading the files included, writing not),
checks the result against what the workload's generator knows, and prints one JSON line:
``{"seconds": ..., "phases": {...}, "check": {...}, "ok": true|false}``.

Stages: parse, check, compile-html, compile-docx, consolidate, diff, propose. ``WORKDIR`` holds a
workload written by ``workloads.py`` (draft.txt, revision.txt, *.amend, workload.json, truth.json), or
for a pair of drafts only: ``diff OLD NEW``.
"""

from __future__ import annotations

import cProfile
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from workloads import check_concordance  # noqa: E402

from amendtool.amend import check_amendments, load_amendments, parse_amendments, resolve_amendments  # noqa: E402
from amendtool.compile import compile_drafts  # noqa: E402
from amendtool.consolidate import consolidate  # noqa: E402
from amendtool.diff import compare, propose  # noqa: E402
from amendtool.draft import load_draft  # noqa: E402
from amendtool.render import render_compilation, render_diff  # noqa: E402


class Clock:
    """Wall time of each phase; wall and CPU time up to the last lap (the checks after it are not timed)."""

    def __init__(self) -> None:
        self.phases: dict[str, float] = {}
        self.last = self.start = time.perf_counter()
        self.cpu_start = self.cpu_last = time.process_time()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.phases[name] = round(now - self.last, 4)
        self.last = now
        self.cpu_last = time.process_time()

    @property
    def total(self) -> float:
        return self.last - self.start

    @property
    def cpu(self) -> float:
        return self.cpu_last - self.cpu_start


def _meta(work: Path) -> dict:
    path = work / "workload.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def _amendments(work: Path) -> list[Path]:
    return sorted(work.glob("*.amend"))


def stage_parse(work: Path, clock: Clock) -> dict:
    doc = load_draft(work / "draft.txt", lenient=True)
    clock.lap("parse")
    meta = _meta(work)
    want = meta.get("paragraphs")
    return {"paragraphs": len(doc.paragraphs), "ok": want is None or len(doc.paragraphs) == want}


def stage_check(work: Path, clock: Clock) -> dict:
    doc = load_draft(work / "draft.txt")
    clock.lap("parse")
    result = check_amendments(doc, _amendments(work))
    clock.lap("check")
    want = _meta(work).get("operations")
    ok = not result.errors and (want is None or result.operation_count == want)
    return {"operations": result.operation_count, "errors": len(result.errors), "ok": ok}


def _compile(work: Path, clock: Clock, fmt: str) -> dict:
    doc = load_draft(work / "draft.txt")
    clock.lap("parse")
    files = load_amendments(doc, _amendments(work))
    clock.lap("amendments")
    comp = compile_drafts(doc, files)
    clock.lap("compile")
    data = render_compilation(comp, fmt)
    clock.lap("render")
    s = comp.summary
    counted = sum(d.proposals + d.supports + d.comments for d in s.delegations)
    want = _meta(work).get("operations") or sum(len(f.operations) for f in files)
    return {"operations": counted, "proposals": s.proposals, "merged": s.merged, "contested": s.contested,
            "bytes": len(data), "ok": counted == want and len(data) > 0}


def stage_compile_html(work: Path, clock: Clock) -> dict:
    return _compile(work, clock, "html")


def stage_compile_docx(work: Path, clock: Clock) -> dict:
    return _compile(work, clock, "docx")


def stage_consolidate(work: Path, clock: Clock) -> dict:
    meta = _meta(work)
    doc = load_draft(work / "draft.txt")
    clock.lap("parse")
    files = load_amendments(doc, _amendments(work))
    clock.lap("amendments")
    result = consolidate(doc, files, accept=[meta.get("accept", "EU-*,JPN-2")], rest="bracket")
    data = result.encoded()
    clock.lap("consolidate")
    want = meta.get("applied")
    ok = len(data) > 0 and (want is None or len(result.accepted) == want)
    return {"applied": len(result.accepted), "paragraphs": len(result.document.paragraphs),
            "bracketed": len(result.open), "ok": ok}


def diff_pair(old: Path, new: Path, clock: Clock) -> tuple[dict, object]:
    a = load_draft(old, lenient=True)
    b = load_draft(new, lenient=True)
    clock.lap("parse")
    comparison = compare(a, b)
    clock.lap("compare")
    render_diff(comparison, "txt")
    clock.lap("render")
    step = comparison.steps[0]
    counts = step.counts()
    hunks = sum(_change_count(d.pair.changes) for d in step.paragraphs)
    return {"hunks": hunks, "changed": len(step.changed), "deleted": counts["deleted"], "added": counts["added"],
            "ok": True}, step


def _change_count(chunks) -> int:
    count, in_change = 0, False
    for c in chunks:
        if c.op == "equal":
            in_change = False
        elif not in_change:
            count, in_change = count + 1, True
    return count


def stage_diff(work: Path, clock: Clock) -> dict:
    out, step = diff_pair(work / "draft.txt", work / "revision.txt", clock)
    truth_path = work / "truth.json"
    if truth_path.is_file():
        out.update(concordance_check(step, json.loads(truth_path.read_text())))
    return out


def concordance_check(step, truth: dict) -> dict:
    added = {d.pair.new for d in step.paragraphs if d.pair.status == "added"}
    return check_concordance(dict(step.concordance), added, truth)


def stage_propose(work: Path, clock: Clock) -> dict:
    doc = load_draft(work / "draft.txt", lenient=True)
    edited = load_draft(work / "revision.txt", lenient=True)
    clock.lap("parse")
    result = propose(doc, edited, "EU")
    clock.lap("propose")
    return {"operations": len(result.operations), **roundtrip(doc, edited, result.text)}


def roundtrip(doc, edited, text: str) -> dict:
    """Untimed: the amendment file checks, and ``consolidate --accept EU-* --renumber`` of it gives the
    edited copy's paragraph texts in order."""
    parsed = parse_amendments(text, path="eu.amend")
    try:
        file = resolve_amendments(doc, parsed)
    except Exception as exc:  # noqa: BLE001 - reported as a failed check
        return {"roundtrip": f"does not check: {exc}", "ok": False}
    nxt = consolidate(doc, [file], accept=["EU-*"], renumber=True)
    got = [" ".join(p.text.split()) for p in nxt.document.paragraphs]
    want = [" ".join(p.text.split()) for p in edited.paragraphs]
    same = sum(1 for a, b in zip(got, want, strict=False) if a == b)
    return {"roundtrip_same": same, "roundtrip_of": len(want), "ok": got == want}


STAGES = {
    "parse": stage_parse,
    "check": stage_check,
    "compile-html": stage_compile_html,
    "compile-docx": stage_compile_docx,
    "consolidate": stage_consolidate,
    "diff": stage_diff,
    "propose": stage_propose,
}


def main(argv: list[str]) -> None:
    profile = None
    if "--profile" in argv:
        k = argv.index("--profile")
        profile = argv[k + 1]
        argv = argv[:k] + argv[k + 2 :]
    stage, *paths = argv
    clock = Clock()
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    if stage == "diff" and len(paths) == 2:
        result, _ = diff_pair(Path(paths[0]), Path(paths[1]), clock)
    else:
        result = STAGES[stage](Path(paths[0]), clock)
    if prof:
        prof.disable()
        prof.dump_stats(profile)
    print(json.dumps({"seconds": round(clock.total, 4), "cpu": round(clock.cpu, 4), "phases": clock.phases,
                      "check": result,
                      "ok": bool(result.get("ok"))}))


if __name__ == "__main__":
    main(sys.argv[1:])
