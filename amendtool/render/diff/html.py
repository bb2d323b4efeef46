"""The HTML view of a comparison: one self-contained, print-ready page (``templates/diff.html``).

Per step: a summary, the bracket progress (with the paragraphs where brackets closed or opened),
heading changes, a navigable list of the changed paragraphs, the inline redline of the whole text,
the same changes side by side, and the concordance table; for more than two drafts, the history of
every paragraph. Semantic ``<ins>``/``<del>``, readable without colour (underlined and bold, struck
through). No scripts, no external resources; all draft text is escaped by the template engine.
"""

from __future__ import annotations

from amendtool.diff.align import ADDED, DELETED, MOVED, UNCHANGED
from amendtool.diff.compare import Comparison, StepComparison
from amendtool.render.diff.text import draft_names, pair_heading, status_phrase
from amendtool.render.templating import environment

TEMPLATE = "diff.html"


def _step_context(k: int, step: StepComparison, old_name: str, new_name: str) -> dict:
    sid = f"step{k + 1}"
    paragraphs = []
    changed = []
    bracket_rows = []
    anchor_of_new: dict[str, str] = {}
    last_section = object()
    for i, d in enumerate(step.paragraphs):
        p = d.pair
        anchor = f"{sid}-p{i + 1}"
        if p.new is not None and p.new not in anchor_of_new:
            anchor_of_new[p.new] = anchor
        section = d.new_section if p.new is not None else d.old_section
        heading = pair_heading(p)
        entry = {
            "anchor": anchor,
            "status": p.status,
            "label": p.new if p.new is not None else p.old,
            "heading": heading,
            "phrase": status_phrase(p) if p.status != DELETED else f"deleted (was {p.old})",
            "show_status": p.status != UNCHANGED,
            "chunks": p.changes,
            "moved_only": p.status == MOVED and not p.edited,
            "text": "".join(c.text for c in p.changes),
            "section_title": section if section is not None and section != last_section else None,
        }
        if p.status == ADDED:
            entry["phrase"] = "added"
        last_section = section
        paragraphs.append(entry)
        if d.changed:
            changed.append(entry)
        if d.brackets.closed or d.brackets.opened:
            bracket_rows.append({"anchor": anchor, "heading": heading, "closed": d.brackets.closed,
                                 "opened": d.brackets.opened})
    statuses: dict[str, str] = {}
    for d in step.paragraphs:
        if d.pair.old is not None and d.pair.old not in statuses:
            statuses[d.pair.old] = status_phrase(d.pair)
    concordance = []
    for ref, targets in step.concordance:
        concordance.append({
            "old": ref,
            "new": ", ".join(targets) if targets else "—",
            "anchor": anchor_of_new.get(targets[0]) if targets else None,
            "status": statuses[ref],
        })
    for d in step.paragraphs:
        if d.pair.status == ADDED:
            concordance.append({"old": "—", "new": d.pair.new, "anchor": anchor_of_new.get(d.pair.new),
                                "status": "added"})
    counts = step.counts()
    return {
        "id": sid,
        "old_name": old_name,
        "new_name": new_name,
        "summary": [(s, n) for s, n in counts.items()],
        "brackets": {"old": step.brackets.old, "new": step.brackets.new, "closed": step.brackets.closed,
                     "opened": step.brackets.opened, "still_open": step.brackets.still_open},
        "bracket_rows": bracket_rows,
        "headings": [{"heading": pair_heading(h), "chunks": h.changes} for h in step.headings
                     if h.status != UNCHANGED],
        "changed": changed,
        "paragraphs": paragraphs,
        "concordance": concordance,
    }


def render_html(c: Comparison) -> str:
    names = draft_names(c)
    drafts = [{"name": n, "path": d.path, "title": d.title, "paragraphs": d.paragraphs,
               "bracket_groups": d.bracket_groups} for n, d in zip(names, c.drafts)]
    steps = [_step_context(k, s, names[k], names[k + 1]) for k, s in enumerate(c.steps)]
    history = []
    for row in c.history:
        closed = row.brackets_closed_in()
        brackets = " → ".join("–" if b is None else str(b) for b in row.brackets)
        if closed is not None:
            brackets += f" (closed in {names[closed]})"
        history.append({
            "refs": [", ".join(r) if r else "–" for r in row.refs],
            "changed": ", ".join(names[k] for k in row.changed_in()) or "–",
            "brackets": brackets,
        })
    title = "Comparison: " + " → ".join(names)
    return environment().get_template(TEMPLATE).render(title=title, drafts=drafts, steps=steps, history=history)
