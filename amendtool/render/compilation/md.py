"""The compilation as Markdown (CommonMark with GitHub's ``~~strikethrough~~``).

Insertions ``**<ins>text</ins>**`` (bold and underlined where HTML is rendered, bold elsewhere),
deletions ``~~text~~``, proposers in italics ``*(EU, US)*``; competing proposals
``{{Alt 1 *(EU)*: ... || Alt 2 *(G77)*: ...}}``; paragraph-level proposals and comments as a quote under
the paragraph. All draft and amendment text is escaped: ``<``, ``>`` and ``&`` as entities, Markdown
punctuation with a backslash, so square brackets stay the negotiators' brackets and no text becomes markup.
"""

from __future__ import annotations

import re

from amendtool.compile import (
    Change,
    Compilation,
    CompiledHeading,
    CompiledParagraph,
    Kept,
    MovedHere,
    NewParagraph,
    Piece,
    Proposal,
)
from amendtool.render.marks import (
    alt_label,
    attribution,
    changed_only_notice,
    edges,
    mark_words,
    printed_label,
    shows_text,
    skipped_notice,
    stamp,
)

_ESCAPE = re.compile(r"([\\`*_\[\]{}|~#])")


def esc(text: str) -> str:
    """Markdown-escaped text: entities for ``& < >``, backslashes before Markdown punctuation."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _ESCAPE.sub(r"\\\1", text)


def _who(p: Proposal) -> str:
    who = attribution(p)
    return f"*({esc(who)})*" if who else ""


def pieces_md(pieces: tuple[Piece, ...]) -> str:
    out = []
    for piece in pieces:
        if piece.op == "keep":
            out.append(esc(piece.text))
            continue
        lead, core, trail = edges(piece.text)
        if piece.op == "insert":
            out.append(f"{lead}**<ins>{esc(core)}</ins>**{trail}")
        else:
            out.append(f"{lead}~~{esc(core)}~~{trail}")
    return "".join(out)


def change_md(change: Change) -> str:
    if not change.contested:
        p = change.proposals[0]
        body = pieces_md(p.pieces)
        who = _who(p)
        if not who:
            return body
        core = body.rstrip()
        return f"{core} {who}{body[len(core):]}"
    alts = []
    for i, p in enumerate(change.proposals):
        who = _who(p)
        alts.append(f"{alt_label(i)}{' ' + who if who else ''}: {pieces_md(p.pieces)}")
    return "\\{\\{" + " \\|\\| ".join(alts) + "\\}\\}"


def _mark_md(p: Proposal) -> str:
    words = mark_words(p)
    if shows_text(p):
        return f"{words} **<ins>{esc(p.inserted)}</ins>**"
    return esc(words)


def marks_md(block: CompiledParagraph | CompiledHeading) -> list[str]:
    lines = []
    for i, p in enumerate(block.marks):
        who = _who(p)
        if len(block.marks) == 1:
            lines.append(f"> **{_mark_md(p)}**{' ' + who if who else ''}" if not shows_text(p)
                         else f"> {_mark_md(p)}{' ' + who if who else ''}")
        else:
            lines.append(f"> **{alt_label(i)}**{' ' + who if who else ''}: {_mark_md(p)}")
    for p in block.structure if isinstance(block, CompiledParagraph) else ():
        who = _who(p)
        lines.append(f"> **{_mark_md(p)}**{' ' + who if who else ''}" if not shows_text(p)
                     else f"> {_mark_md(p)}{' ' + who if who else ''}")
    lines += [comment_md(cm.text, cm.by) for cm in block.comments]
    return lines


def comment_md(text: str, by: str) -> str:
    return f"> **Comment**{' *(' + esc(by) + ')*' if by else ''}: “{esc(text)}”"


def _label(label: str | None, text: str = "") -> str:
    printed = printed_label(label, text)
    return f"**{esc(printed)}** " if printed else ""


def render_md(c: Compilation) -> str:
    out: list[str] = [f"# Compilation: {esc(c.title or c.draft)}", ""]
    who = ", ".join(d.code for d in c.delegations)
    intro = f"Proposals on *{esc(c.draft)}*"
    if who:
        intro += f" from {esc(who)} (in the order the files were given)"
    elif c.anonymous:
        intro += ", shown without attribution"
    out += [intro + ".", "", f"*{esc(stamp(c))}.*", ""]
    if c.changed_only:
        out += [f"*{esc(changed_only_notice(c))}*", ""]
    head, lines = skipped_notice(c)
    if head:
        out += [f"**{esc(head)}**", ""] + [f"- {esc(line)}" for line in lines] + [""]
    out += ["Legend: **<ins>inserted text</ins>** · ~~deleted text~~ · *(proposers)* · "
            "\\{\\{Alt 1 … \\|\\| Alt 2 …\\}\\} competing proposals · square brackets are the draft's own.", ""]
    for block in c.blocks:
        if isinstance(block, CompiledHeading):
            level = min(block.level + 1, 6)
            number = f"{block.number} " if block.number else ""
            out += ["#" * level + " " + esc(number + block.title), ""]
            if block.marks:
                out += marks_md(block) + [""]
        elif isinstance(block, CompiledParagraph):
            body = "".join(esc(s.text) if isinstance(s, Kept) else change_md(s) for s in block.segments)
            out.append(_label(block.label, block.text) + body)
            lines = marks_md(block)
            if lines:
                out.append("")
                out += lines
            out.append("")
        elif isinstance(block, NewParagraph):
            w = _who(block.proposal)
            out += [f"{_label(block.label)}**<ins>{esc(block.text)}</ins>**{' ' + w if w else ''}", ""]
            if block.comments:
                out += [comment_md(cm.text, cm.by) for cm in block.comments] + [""]
        elif isinstance(block, MovedHere):
            w = _who(block.proposal)
            out += [f"> *Paragraph {esc(block.ref)} to be moved here*{' ' + w if w else ''}", ""]
    out += summary_md(c)
    return "\n".join(out).rstrip("\n") + "\n"


def summary_md(c: Compilation) -> list[str]:
    s = c.summary
    out = ["## Summary", "",
           f"{s.proposals} proposals ({s.merged} made by several delegations), {s.contested} places with "
           f"competing alternatives, {s.comments} comments; {s.brackets} bracket groups in the draft.", ""]
    if s.delegations:
        out += ["### Proposals per delegation", "",
                "| Delegation | Proposals | Identical to another's | Supports | Comments |",
                "|---|---:|---:|---:|---:|"]
        out += [f"| {esc(d.code)} | {d.proposals} | {d.merged} | {d.supports} | {d.comments} |" for d in s.delegations]
        out.append("")
    rows = [p for p in s.paragraphs if p.contention]
    out += ["### Contention per paragraph", "",
            "Contention = proposals + bracket groups + comments and reservations.", "",
            "| Paragraph | Proposals | Competing | Brackets | Comments | Contention |",
            "|---|---:|---:|---:|---:|---|"]
    top = s.max_contention or 1
    for p in rows:
        bar = "█" * max(1, round(10 * p.contention / top)) if p.contention else ""
        ref = esc(p.ref) + (" (new)" if p.new else "")
        out.append(f"| {ref} | {p.proposals} | {p.contested} | {p.brackets} | {p.comments} | {bar} {p.contention} |")
    if not rows:
        out.append("| none | | | | | |")
    out.append("")
    return out
