"""The uptake trace as a report: plain text (the terminal's), JSON, CSV and one self-contained HTML page.

Each lists every proposal with its verdict (``uptake.VERDICT_WORDS``), where in NEXT and NEXT's own
words, then per delegation how many of its proposals were taken. Outputs are deterministic; HTML
escapes every text (amendment and draft texts are data).
"""

from __future__ import annotations

import csv
import html
import io
import json

from amendtool.uptake.model import VERDICT_WORDS, VERDICTS, Trace, Uptake

FORMATS = ("txt", "json", "csv", "html")
"""The formats of ``render_uptake``."""

_COLUMNS = ("id", "by", "kind", "ref", "verdict", "next_ref", "evidence", "words", "supporters", "operation")


def render_uptake(u: Uptake, fmt: str) -> str:
    """The report in ``fmt`` (one of ``FORMATS``)."""
    match fmt:
        case "txt":
            return _txt(u)
        case "json":
            return _json(u)
        case "csv":
            return _csv(u)
        case "html":
            return _html(u)
    raise ValueError(f"no uptake report in {fmt}")


def _row(t: Trace) -> dict[str, str]:
    return {
        "id": t.id, "by": t.by, "kind": t.kind, "ref": t.ref, "verdict": t.verdict, "next_ref": t.next_ref or "",
        "evidence": t.evidence, "words": " ".join(t.words), "supporters": ", ".join(t.supporters),
        "operation": t.line,
    }


def _summary_line(u: Uptake) -> str:
    counts = u.counts()
    parts = [f"{counts[v]} {VERDICT_WORDS[v]}" for v in VERDICTS if counts[v]]
    return f"{len(u.traces)} proposals: " + (", ".join(parts) if parts else "none")


def _txt(u: Uptake) -> str:
    lines = [f"Uptake of the proposals on {u.draft} in {u.next}", _summary_line(u), ""]
    for t in u.traces:
        where = f" -> {t.next_ref}" if t.next_ref else ""
        lines.append(f"{t.id:<8} {VERDICT_WORDS[t.verdict]}{where}")
        lines.append(f"         {t.line}")
        if t.words:
            lines.append(f"         words that made it: {' '.join(t.words)}")
        if t.evidence:
            lines.append(f"         NEXT: {t.evidence}")
    lines += ["", "Per delegation (proposals: taken, in part, elsewhere, open, not taken, overtaken)"]
    for d in u.delegations:
        lines.append(f"  {d.code:<8} {d.proposals:>3}: {d.taken}, {d.partly}, {d.elsewhere}, {d.open}, "
                     f"{d.not_taken}, {d.overtaken}  ({d.made_it} of {d.proposals} made it)")
    return "\n".join(lines) + "\n"


def _json(u: Uptake) -> str:
    data = {
        "format": "amendtool-uptake", "version": 1, "draft": u.draft, "next": u.next,
        "counts": u.counts(),
        "proposals": [{**_row(t), "words": list(t.words), "supporters": list(t.supporters),
                       "next_ref": t.next_ref} for t in u.traces],
        "delegations": [{"code": d.code, "proposals": d.proposals, "taken": d.taken, "partly": d.partly,
                         "elsewhere": d.elsewhere, "open": d.open, "not_taken": d.not_taken,
                         "overtaken": d.overtaken, "made_it": d.made_it} for d in u.delegations],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _csv(u: Uptake) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for t in u.traces:
        writer.writerow(_row(t))
    return out.getvalue()


_STYLE = """
body { font: 15px/1.45 Georgia, 'Times New Roman', serif; max-width: 62rem; margin: 2rem auto; padding: 0 1rem;
       color: #1b1b1b; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
th, td { border: 1px solid #bbb; padding: 0.3rem 0.45rem; vertical-align: top; text-align: left; }
th { background: #f1f1f1; } td.n { text-align: right; }
.v { font-weight: bold; width: 9rem; } td.evidence { width: 38%; } td:first-child { white-space: nowrap; }
.taken { color: #0b5d1e; } .partly, .elsewhere { color: #6b4e00; } .open { color: #3a3a9c; }
.not-taken, .overtaken { color: #8a1c1c; }
code { font-family: 'DejaVu Sans Mono', monospace; font-size: 0.85rem; }
.evidence { color: #333; } .words { font-style: italic; }
@media print { body { margin: 0; max-width: none; } }
"""


def _html(u: Uptake) -> str:
    e = html.escape
    rows = []
    for t in u.traces:
        evidence = e(t.evidence)
        if t.words:
            evidence += f'<br><span class="words">words that made it: {e(" ".join(t.words))}</span>'
        rows.append(
            f'<tr id="{e(t.id)}"><td><code>{e(t.id)}</code></td><td><code>{e(t.line)}</code></td>'
            f'<td class="v {e(t.verdict)}">{e(VERDICT_WORDS[t.verdict])}</td><td>{e(t.next_ref or "")}</td>'
            f'<td class="evidence">{evidence}</td></tr>')
    people = [
        f"<tr><td>{e(d.code)}</td><td class=n>{d.proposals}</td><td class=n>{d.taken}</td><td class=n>{d.partly}</td>"
        f"<td class=n>{d.elsewhere}</td><td class=n>{d.open}</td><td class=n>{d.not_taken}</td>"
        f"<td class=n>{d.overtaken}</td><td class=n>{d.made_it} of {d.proposals}</td></tr>"
        for d in u.delegations]
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Uptake: {e(u.draft)} in {e(u.next)}</title>
<style>{_STYLE}</style>
</head>
<body>
<h1>Where did the proposals go?</h1>
<p>The proposals on <code>{e(u.draft)}</code> traced into <code>{e(u.next)}</code>. {e(_summary_line(u))}.</p>
<h2>Per delegation</h2>
<table>
<thead><tr><th>Delegation</th><th>Proposals</th><th>Taken</th><th>In part</th><th>Elsewhere</th><th>Open</th>
<th>Not taken</th><th>Overtaken</th><th>Made it</th></tr></thead>
<tbody>
{chr(10).join(people)}
</tbody>
</table>
<h2>Proposal by proposal</h2>
<table>
<thead><tr><th>Id</th><th>Proposal</th><th>Verdict</th><th>In NEXT</th><th>NEXT's words</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
</body>
</html>
"""
