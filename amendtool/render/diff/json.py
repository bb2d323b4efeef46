"""A ``compare.Comparison`` as JSON: the drafts, then the comparison of the first with the last
(``summary``, ``pairs`` with their word changes, ``concordance``, ``brackets``, ``headings``), and
with more than two drafts each step and every paragraph's ``history``. Written by ``jsonout`` as
``json.dumps(data, ensure_ascii=False, indent=2)`` writes it; the pairs and the concordance, most of
the text, each by a function of their own."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from amendtool.diff.align import AlignedPair
from amendtool.diff.compare import NO_BRACKETS, BracketProgress, Comparison, HistoryRow, ParagraphDiff, StepComparison
from amendtool.render.diff import jsonout


def _brackets_data(b: BracketProgress) -> dict:
    return {"old": b.old, "new": b.new, "closed": b.closed, "opened": b.opened, "still_open": b.still_open}


def _pair_data(d: ParagraphDiff) -> dict:
    p = d.pair
    return {
        "old": p.old,
        "new": p.new,
        "status": p.status,
        "changes": [{"op": c.op, "text": c.text} for c in p.changes],
        "edited": p.edited,
        "moved": p.moved,
        "renumbered": p.renumbered,
        "old_group": list(p.old_group),
        "new_group": list(p.new_group),
        "similarity": p.similarity,
        "old_section": d.old_section,
        "new_section": d.new_section,
        "old_line": d.old_line,
        "new_line": d.new_line,
        "brackets": _brackets_data(d.brackets),
    }


def _pair_writer(newline: str) -> Callable[[ParagraphDiff], str]:
    """The function writing ``_pair_data(d)`` as ``jsonout.dumps`` writes it at the indentation
    ``newline`` gives, in one piece (the pairs are most of a comparison's JSON: a third of the time of
    the dict written value by value). The same text: a test compares the two. What every pair repeats
    is made once: the indentations, each operation's start (``{"op": "equal", "text": ``), the
    brackets of the pairs that have none (``NO_BRACKETS``)."""
    at, at2, at3 = newline + "  ", newline + "    ", newline + "      "
    write, encode, text = jsonout.WRITE, jsonout.encode_string, jsonout.text
    heads = _ChunkHeads(at2, at3)
    tail = at2 + "}"
    no_brackets = f'{{{at2}"old": 0,{at2}"new": 0,{at2}"closed": 0,{at2}"opened": 0,{at2}"still_open": 0{at}}}'

    def pair_json(d: ParagraphDiff) -> str:
        p, b = d.pair, d.brackets
        changes = ",".join([heads[c.op] + text(c.text) + tail for c in p.changes])
        old_group = ",".join([at2 + encode(r) for r in p.old_group])
        new_group = ",".join([at2 + encode(r) for r in p.new_group])
        brackets = no_brackets if b is NO_BRACKETS else (
            f'{{{at2}"old": {write[type(b.old)](b.old)},{at2}"new": {write[type(b.new)](b.new)},'
            f'{at2}"closed": {write[type(b.closed)](b.closed)},{at2}"opened": {write[type(b.opened)](b.opened)},'
            f'{at2}"still_open": {write[type(b.still_open)](b.still_open)}{at}}}')
        return (f'{{{at}"old": {write[type(p.old)](p.old)},{at}"new": {write[type(p.new)](p.new)},'
                f'{at}"status": {encode(p.status)},{at}"changes": {f"[{changes}{at}]" if changes else "[]"},'
                f'{at}"edited": {write[type(p.edited)](p.edited)},{at}"moved": {write[type(p.moved)](p.moved)},'
                f'{at}"renumbered": {write[type(p.renumbered)](p.renumbered)},'
                f'{at}"old_group": {f"[{old_group}{at}]" if old_group else "[]"},'
                f'{at}"new_group": {f"[{new_group}{at}]" if new_group else "[]"},'
                f'{at}"similarity": {write[type(p.similarity)](p.similarity)},'
                f'{at}"old_section": {write[type(d.old_section)](d.old_section)},'
                f'{at}"new_section": {write[type(d.new_section)](d.new_section)},'
                f'{at}"old_line": {write[type(d.old_line)](d.old_line)},'
                f'{at}"new_line": {write[type(d.new_line)](d.new_line)},{at}"brackets": {brackets}{newline}}}')

    return pair_json


class _ChunkHeads(dict[str, str]):
    """A change's JSON up to its text, by its operation, at the indentations given."""

    def __init__(self, at2: str, at3: str):
        super().__init__()
        self.at2, self.at3 = at2, at3

    def __missing__(self, op: str) -> str:
        head = self[op] = f'{self.at2}{{{self.at3}"op": {jsonout.encode_string(op)},{self.at3}"text": '
        return head


def _pair_json(d: ParagraphDiff, newline: str) -> str:
    """``_pair_data(d)`` as ``jsonout.dumps`` writes it at the indentation ``newline`` gives."""
    return _pair_writer(newline)(d)


def _pairs_json(diffs: Sequence[ParagraphDiff], newline: str) -> list[str]:
    """``[_pair_data(d) for d in diffs]`` as ``jsonout.dumps`` writes it at the indentation ``newline``
    gives, in pieces (a pair, the comma and indentation before the next ...)."""
    if not diffs:
        return ["[]"]
    inner = newline + "  "
    pieces = [f",{inner}"] * (2 * len(diffs))
    pieces[0] = f"[{inner}"
    pieces[1::2] = map(_pair_writer(inner), diffs)
    pieces.append(f"{newline}]")
    return pieces


def _concordance_json(concordance: dict[str, list[str]], newline: str) -> str:
    """``concordance`` (old reference -> new ones) as ``jsonout.dumps`` writes it at the indentation
    ``newline`` gives (a dict of 6,000 short lists: twice as quick as written value by value)."""
    if not concordance:
        return "{}"
    at, at2 = newline + "  ", newline + "    "
    write, key = jsonout.WRITE, jsonout.key
    items = [f"{key(ref)}: [{at2}{(',' + at2).join([write[type(t)](t) for t in targets])}{at}]" if targets
             else f"{key(ref)}: []" for ref, targets in concordance.items()]
    return f"{{{at}{(',' + at).join(items)}{newline}}}"


def _heading_data(h: AlignedPair) -> dict:
    return {"old": h.old, "new": h.new, "status": h.status,
            "changes": [{"op": c.op, "text": c.text} for c in h.changes]}


def step_data(step: StepComparison) -> dict:
    return {
        "old": step.old.path,
        "new": step.new.path,
        "summary": step.counts(),
        "pairs": jsonout.Fragment(partial(_pairs_json, step.paragraphs)),  # [_pair_data(d) for d in ...]
        "concordance": jsonout.Fragment(partial(_concordance_json, {ref: list(targets) for ref, targets in
                                                                    step.concordance})),
        "brackets": _brackets_data(step.brackets),
        "headings": [_heading_data(h) for h in step.headings],
    }


def comparison_data(c: Comparison) -> dict:
    """The whole comparison as data for ``jsonout.dumps`` (the pairs and the concordance are
    ``jsonout.Fragment``s: ``[_pair_data(d) ...]`` and the dict written in one piece). The top level
    is the comparison of the first draft with the last; with more than two drafts, ``steps`` holds
    each draft with the next and ``history`` every paragraph through all of them."""
    data = {"drafts": [{"path": d.path, "title": d.title, "paragraphs": d.paragraphs,
                        "bracket_groups": d.bracket_groups} for d in c.drafts]}
    data.update(step_data(c.overall))
    if len(c.steps) > 1:
        data["steps"] = [step_data(s) for s in c.steps]
        data["history"] = [_history_data(c, row) for row in c.history]
    return data


def _history_data(c: Comparison, row: HistoryRow) -> dict[str, object]:
    closed = row.brackets_closed_in()
    return {
        "refs": [list(r) for r in row.refs],
        "statuses": list(row.statuses),
        "bracket_groups": list(row.brackets),
        "changed_in": [c.drafts[k].path for k in row.changed_in()],
        "brackets_closed_in": c.drafts[closed].path if closed is not None else None,
    }


def render_json(c: Comparison) -> str:
    return jsonout.dumps(comparison_data(c), end="\n")


def render_json_utf8(c: Comparison) -> bytes:
    """``render_json(c)`` in UTF-8 (``jsonout.dumps_utf8``)."""
    return jsonout.dumps_utf8(comparison_data(c), end="\n")
