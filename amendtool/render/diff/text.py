"""Rendering a ``compare.Comparison``: plain text (optionally coloured for a terminal) and Markdown
here; JSON in ``json.py``, HTML in ``html.py``; ``render`` in this package's ``__init__`` picks one. Every renderer is a
pure function of the comparison, so the same inputs give byte-identical outputs.

Plain text marks insertions ``{+text+}`` and deletions ``{-text-}`` (never square brackets, which
are negotiation brackets); with colour, insertions are also green and deletions red and struck
through. Inside the marks, the text's own marker sequences get a backslash before their second
character (``{+`` is written ``{\\+``, ``+}`` ``+\\}``, likewise ``{-``, ``-}``, ``{{``, ``}}``, ``||``) and a
backslash is written ``\\\\``, as in the compilation's txt; unchanged text is not escaped.
Markdown marks them ``**text**`` and ``~~text~~`` with the text's own Markdown characters escaped.
"""

from __future__ import annotations

import re
from pathlib import PurePath

from amendtool.diff.align import ADDED, DELETED, MERGED, MOVED, SPLIT, STATUSES, AlignedPair
from amendtool.diff.compare import BracketProgress, Comparison, HistoryRow, ParagraphDiff, StepComparison
from amendtool.diff.worddiff import DELETE, EQUAL, INSERT
from amendtool.render.marks import escape_marked

_ANSI = {INSERT: ("\x1b[32m", "\x1b[39m"), DELETE: ("\x1b[31;9m", "\x1b[39;29m")}
_BOLD = ("\x1b[1m", "\x1b[22m")


# ---------------------------------------------------------------------------------------------------
# Words shared by the renderers


def name(path: str) -> str:
    """A draft's short name: its file name."""
    return PurePath(path).name or path


def draft_names(c: Comparison) -> list[str]:
    """Short names of the compared drafts: file names, or the paths as given where file names repeat."""
    names = [name(d.path) for d in c.drafts]
    if len(set(names)) < len(names):
        return [d.path for d in c.drafts]
    return names


def status_phrase(pair: AlignedPair) -> str:
    """``modified, renumbered``, ``moved, edited``, ``split into 13, 14``, ``merged from 20, 21`` ..."""
    match pair.status:
        case "split":
            words = [f"split into {', '.join(pair.new_group)}"]
        case "merged":
            words = [f"merged from {', '.join(pair.old_group)}"]
        case _:
            words = [pair.status]
    if pair.status in (SPLIT, MERGED) and pair.moved:
        words.append("moved")
    if pair.status in (MOVED, SPLIT, MERGED) and pair.edited:
        words.append("edited")
    if pair.renumbered and pair.status not in ("renumbered",):
        words.append("renumbered")
    return ", ".join(words)


def pair_title(pair: AlignedPair) -> str:
    """``12 -> 13``, ``35 -> (deleted)``, ``(new) -> 6``."""
    old = pair.old if pair.old is not None else "(new)"
    new = pair.new if pair.new is not None else "(deleted)"
    return f"{old} -> {new}"


def pair_heading(pair: AlignedPair) -> str:
    """``12 -> 13 (modified)``, ``35 (deleted)``, ``6 (added)``."""
    if pair.status == DELETED:
        return f"{pair.old} (deleted)"
    if pair.status == ADDED:
        return f"{pair.new} (added)"
    return f"{pair_title(pair)} ({status_phrase(pair)})"


def summary_line(step: StepComparison) -> str:
    counts = step.counts()
    parts = [f"{counts[s]} {s}" for s in STATUSES if counts[s] or s in ("unchanged", "modified")]
    return ", ".join(parts)


def brackets_line(b: BracketProgress, old: str, new: str) -> str:
    return (f"{b.old} bracket group{'s' if b.old != 1 else ''} in {old}, {b.new} in {new}: "
            f"{b.closed} closed, {b.opened} opened, {b.still_open} still open")


def concordance_target(step: StepComparison, old_ref: str, new_refs: tuple[str, ...]) -> str:
    return ", ".join(new_refs) if new_refs else "deleted"


def _history_brackets(row: HistoryRow, names: list[str]) -> str:
    cells = ["-" if b is None else str(b) for b in row.brackets]
    text = " > ".join(cells)
    closed = row.brackets_closed_in()
    if closed is not None:
        text += f" (closed in {names[closed]})"
    return text


# ---------------------------------------------------------------------------------------------------
# Plain text


def _redline_text(chunks, color: bool) -> str:
    parts: list[tuple[str, bool]] = []
    for c in chunks:
        if c.op == EQUAL:
            parts.append((c.text, True))
            continue
        mark = "{+" if c.op == INSERT else "{-"
        end = "+}" if c.op == INSERT else "-}"
        on, off = _ANSI[c.op] if color else ("", "")
        parts += [(on + mark, True), (c.text, False), (end + off, True)]
    return escape_marked(parts)


def _text_step(step: StepComparison, old: str, new: str, color: bool, lines: list[str]) -> None:
    bold = _BOLD if color else ("", "")
    lines.append(f"{bold[0]}{old} -> {new}{bold[1]}")
    lines.append(f"  {old}: {step.old.paragraphs} paragraphs" + (f" ({step.old.title})" if step.old.title else ""))
    lines.append(f"  {new}: {step.new.paragraphs} paragraphs" + (f" ({step.new.title})" if step.new.title else ""))
    lines.append(f"Paragraphs: {summary_line(step)}")
    lines.append(f"Brackets: {brackets_line(step.brackets, old, new)}")
    heading_changes = [h for h in step.headings if h.status not in ("unchanged",)]
    if heading_changes:
        lines.append("Headings:")
        for h in heading_changes:
            lines.append(f"  {pair_heading(h)}: {_redline_text(h.changes, color)}")
    lines.append("")
    changed = step.changed
    lines.append(f"Changed paragraphs ({len(changed)})")
    lines.append("")
    for d in changed:
        _text_pair(d, color, lines)
    lines.append(f"Concordance ({old} -> {new})")
    statuses = _statuses_by_old(step)
    for ref, targets in step.concordance:
        lines.append(f"  {ref} -> {concordance_target(step, ref, targets)}  ({statuses[ref]})")
    added = [d.pair.new for d in step.paragraphs if d.pair.status == ADDED and d.pair.new is not None]
    if added:
        lines.append(f"  added in {new}: {', '.join(added)}")
    lines.append("")


def _statuses_by_old(step: StepComparison) -> dict[str, str]:
    out: dict[str, str] = {}
    for d in step.paragraphs:
        if d.pair.old is not None and d.pair.old not in out:
            out[d.pair.old] = status_phrase(d.pair)
    return out


def _text_pair(d: ParagraphDiff, color: bool, lines: list[str]) -> None:
    p = d.pair
    title = pair_heading(p)
    b = d.brackets
    if b.closed or b.opened:
        title += f"  brackets: {b.closed} closed, {b.opened} opened"
    lines.append(title)
    lines.append("  " + _redline_text(p.changes, color))
    lines.append("")


def _text_history(c: Comparison, lines: list[str]) -> None:
    names = draft_names(c)
    lines.append(f"History ({' > '.join(names)})")
    header = names + ["changed in", "bracket groups"]
    rows = []
    for row in c.history:
        cells = [", ".join(r) if r else "-" for r in row.refs]
        changed = ", ".join(names[k] for k in row.changed_in()) or "-"
        rows.append(cells + [changed, _history_brackets(row, names)])
    widths = [max(len(header[k]), *(len(r[k]) for r in rows)) if rows else len(header[k]) for k in range(len(header))]
    lines.append("  " + "  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip())
    for r in rows:
        lines.append("  " + "  ".join(cell.ljust(w) for cell, w in zip(r, widths, strict=True)).rstrip())
    lines.append("")


def render_text(c: Comparison, *, color: bool = False) -> str:
    """Plain text: per step a summary, the changed paragraphs as redlines, the concordance; for more
    than two drafts, the per-paragraph history at the end."""
    lines: list[str] = []
    names = draft_names(c)
    if len(c.steps) > 1:
        lines.append(f"Comparing {len(c.drafts)} drafts: {' > '.join(names)}")
        lines.append("")
    for k, step in enumerate(c.steps):
        if len(c.steps) > 1:
            lines.append(f"== Step {k + 1} of {len(c.steps)} ==")
        _text_step(step, names[k], names[k + 1], color, lines)
    if c.history:
        _text_history(c, lines)
    return "\n".join(lines).rstrip("\n") + "\n"


# ---------------------------------------------------------------------------------------------------
# Markdown

_MD_SPECIAL = "\\`*_[]<|~"
_MD_SPECIAL_CHAR = re.compile(f"[{re.escape(_MD_SPECIAL)}]")
_MD_LINE_START = re.compile(r"^(\s*)([#>+\-]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """Text that Markdown shows as it is: inline syntax characters escaped, and a line start that
    would open a heading, quote, list or numbered list."""
    out = _MD_SPECIAL_CHAR.sub(_backslashed, text)
    return _MD_LINE_START.sub(_escape_line_start, out, count=1)


def _backslashed(m: re.Match[str]) -> str:
    return "\\" + m.group()


def _escape_line_start(m: re.Match[str]) -> str:
    """A backslash before a Markdown marker at the start of a line (after the digits of ``1.``)."""
    marker = m.group(2)
    return m.group(1) + (marker + "\\" if marker[0].isdigit() else "\\" + marker)


def _md_cell(text: str) -> str:
    return md_escape(text) if text else " "


def _redline_md(chunks) -> str:
    out = []
    for c in chunks:
        text = md_escape(c.text)
        if c.op == EQUAL:
            out.append(text)
            continue
        # Emphasis markers must touch the words: keep edge spaces outside them.
        core = text.strip()
        lead = text[: len(text) - len(text.lstrip())]
        trail = text[len(text.rstrip()) :]
        mark = "**" if c.op == INSERT else "~~"
        out.append(f"{lead}{mark}{core}{mark}{trail}" if core else text)
    return "".join(out)


def _md_step(step: StepComparison, old: str, new: str, lines: list[str], level: int) -> None:
    h = "#" * level
    lines.append(f"{h} {md_escape(old)} → {md_escape(new)}")
    lines.append("")
    lines.append(f"- **Paragraphs:** {summary_line(step)}")
    lines.append(f"- **Brackets:** {md_escape(brackets_line(step.brackets, old, new))}")
    heading_changes = [x for x in step.headings if x.status != "unchanged"]
    for x in heading_changes:
        lines.append(f"- **Heading** {md_escape(pair_heading(x))}: {_redline_md(x.changes)}")
    lines.append("")
    lines.append("Insertions are **bold**, deletions ~~struck through~~.")
    lines.append("")
    lines.append(f"{h}# Changed paragraphs")
    lines.append("")
    for d in step.changed:
        p = d.pair
        lines.append(f"**{md_escape(pair_heading(p))}**")
        lines.append("")
        lines.append(_redline_md(p.changes))
        lines.append("")
    lines.append(f"{h}# Concordance")
    lines.append("")
    lines.append(f"| {md_escape(old)} | {md_escape(new)} | status |")
    lines.append("|---|---|---|")
    statuses = _statuses_by_old(step)
    for ref, targets in step.concordance:
        target = _md_cell(concordance_target(step, ref, targets))
        lines.append(f"| {_md_cell(ref)} | {target} | {md_escape(statuses[ref])} |")
    for d in step.paragraphs:
        if d.pair.status == ADDED and d.pair.new is not None:
            lines.append(f"| | {_md_cell(d.pair.new)} | added |")
    lines.append("")


def render_markdown(c: Comparison) -> str:
    names = draft_names(c)
    lines = [f"# Comparison of {' → '.join(md_escape(n) for n in names)}", ""]
    for k, step in enumerate(c.steps):
        _md_step(step, names[k], names[k + 1], lines, 2)
    if c.history:
        lines.append("## History")
        lines.append("")
        lines.append("| " + " | ".join(md_escape(n) for n in names) + " | changed in | bracket groups |")
        lines.append("|" + "---|" * (len(names) + 2))
        for row in c.history:
            cells = [_md_cell(", ".join(r)) if r else "–" for r in row.refs]
            changed = ", ".join(md_escape(names[k]) for k in row.changed_in()) or "–"
            lines.append("| " + " | ".join(cells) + f" | {changed} | {md_escape(_history_brackets(row, names))} |")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
