"""The side-by-side report of ``compare_versions`` as text, JSON and HTML (``templates/parallel.html``:
the versions in columns, each with its language and direction, every text escaped)."""

from __future__ import annotations

import json
from typing import Any

from amendtool.draft import languages
from amendtool.parallel.versions import KINDS, Cell, Parallel
from amendtool.render.templating import environment

FORMATS = ("txt", "json", "html")
TEMPLATE = "parallel.html"

AGREE = "The versions agree: the same headings, paragraphs and sub-items, numbered alike, with the same bracket " \
        "groups and alternatives, dates and numbers."


def render(p: Parallel, fmt: str) -> str:
    """The report in ``fmt`` (one of ``FORMATS``)."""
    if fmt == "json":
        return render_json(p)
    if fmt == "html":
        return render_html(p)
    return render_txt(p)


def summary(p: Parallel) -> str:
    """One line: how many disagreements of each kind (``2 disagreements: 1 missing, 1 numbering``)."""
    total = len(p.findings)
    if not total:
        return "no disagreements"
    kinds = ", ".join(f"{n} {k}" for k, n in p.counts().items() if n)
    return f"{total} disagreement{'s' if total != 1 else ''}: {kinds}"


def render_txt(p: Parallel) -> str:
    lines = [f"Language versions: {len(p.versions)}"]
    for v in p.versions:
        lines.append(f"  {v.path} ({v.language}): {v.paragraphs} paragraphs — {v.title}")
    headings = sum(1 for r in p.rows if any(c is not None and c.kind == "heading" for c in r.cells))
    lines.append(f"Aligned: {len(p.rows)} places ({headings} headings, {len(p.rows) - headings} paragraphs and "
                 f"sub-items)")
    lines.append("")
    if not p.findings:
        lines.append(AGREE)
        return "\n".join(lines) + "\n"
    lines.append(summary(p)[0].upper() + summary(p)[1:])
    lines.append("")
    for f in p.findings:
        lines.append(f"{f.ref}: {f.kind}: {f.message}")
    return "\n".join(lines) + "\n"


def _cell_json(c: Cell | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"kind": c.kind, "ref": c.ref, "label": c.label, "number": c.number, "text": c.text,
            "bracket_groups": list(c.groups), "figures": list(c.figures)}


def render_json(p: Parallel) -> str:
    data = {
        "versions": [{"path": v.path, "language": v.language, "direction": languages.direction(v.language),
                      "title": v.title, "paragraphs": v.paragraphs} for v in p.versions],
        "counts": p.counts(),
        "findings": [{"kind": f.kind, "row": f.row, "ref": f.ref, "message": f.message,
                      "versions": [p.versions[i].path for i in f.versions]} for f in p.findings],
        "rows": [{"ref": r.ref, "cells": [_cell_json(c) for c in r.cells],
                  "findings": [f.kind for f in r.findings]} for r in p.rows],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def render_html(p: Parallel) -> str:
    columns = [{"path": v.path, "language": v.language, "dir": languages.direction(v.language), "title": v.title}
               for v in p.versions]
    rows = []
    for k, r in enumerate(p.rows):
        odd = {i for f in r.findings for i in f.versions}
        heading = any(c is not None and c.kind == "heading" for c in r.cells)
        rows.append({"id": f"row-{k}", "ref": r.ref, "findings": r.findings, "heading": heading,
                     "cells": [(c, columns[i], i in odd) for i, c in enumerate(r.cells)]})
    return environment().get_template(TEMPLATE).render(
        p=p, columns=columns, rows=rows, summary=summary(p), agree=AGREE, kinds=KINDS, counts=p.counts())
