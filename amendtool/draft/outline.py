"""The outline of a draft (``amendtool show``) and its bracket groups (``amendtool brackets``),
as plain data that the CLI prints as text or JSON."""

from __future__ import annotations

import unicodedata

from amendtool.draft.inline import parse_inline
from amendtool.draft.model import BracketGroup, Document, DraftBracket, Line, Paragraph, Section
from amendtool.draft.options import is_marker, option_style
from amendtool.draft.patterns import LazyPattern


def source_position(doc: Document, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a source offset."""
    line, column, _ = doc.location(offset)
    return line, column


def draft_brackets(doc: Document) -> tuple[DraftBracket, ...]:
    """Every bracket group of every paragraph and heading and every block of options, in source
    order."""
    out = []
    for p in doc.paragraphs:
        for g in p.bracket_groups:
            line, column = source_position(doc, p.source_offset(g.start))
            out.append(DraftBracket(p.ref, line, column, g))
    out.extend(heading_brackets(doc))
    out.extend(option_groups(doc))
    out.sort(key=lambda b: (b.line, b.column))
    return tuple(out)


def heading_brackets(doc: Document) -> list[DraftBracket]:
    """The bracket groups of headings (``II. [Further guidance] [Additional guidance]``), located on
    the heading's line where its title stands."""
    out = []
    for s in doc.sections:
        h = s.heading
        if "[" not in h.title:
            continue
        first = next((n for n in h.lines if isinstance(n, Line)), None)
        at = first.raw.find(h.title) if first is not None else -1
        for g in parse_inline(h.title)[1]:
            if first is not None and at >= 0:
                line, column = first.pos.line, at + g.start + 1
            else:
                line, column = h.pos.line, 1
            out.append(DraftBracket(h.ref, line, column, g))
    return out


_OPTION_START = LazyPattern(r"^\[?\s*Option\s+\S+?\s*:")


def option_groups(doc: Document) -> list[DraftBracket]:
    """Option blocks: alternatives too large for brackets. Options side by side in one container (a
    section or a paragraph; ``options.py`` has put the paragraphs a marker introduces under it), whose
    labels are written alike (``Option 1``, ``Option 2`` ...), are one group; a paragraph that opens
    with ``Option 1:`` and holds the next options is the group's first alternative."""
    out = []

    def containers():
        yield doc.body
        for node in doc.iter_nodes():
            if isinstance(node, (Section, Paragraph)):
                yield node.children

    for children in containers():
        for run in option_runs(children):
            alts = [_alternative(p) for p in run]
            refs = [p.ref for p in run]
            owner = run[0]
            parent = doc._index["by_ref"].get(owner.parent) if owner.parent else None
            if parent is not None and _OPTION_START.match(parent.text) and parent.children and owner in parent.children:
                alts.insert(0, parent.text)
                refs.insert(0, parent.ref)
                owner = parent
            if len(alts) < 2:
                continue
            group = BracketGroup(0, len(owner.text), (), tuple(alts))
            out.append(DraftBracket(owner.ref, owner.pos.line, 1, group, kind="options", options=tuple(refs)))
    return out


def option_runs(children) -> list[list[Paragraph]]:
    """The runs of options side by side among ``children`` whose labels are written alike."""
    runs: list[list[Paragraph]] = []
    current: list[Paragraph] | None = None
    for node in children:
        if not isinstance(node, Paragraph):
            continue
        if node.kind != "option":
            current = None
            continue
        style = option_style(node.label)
        if current is None or option_style(current[-1].label) != style:
            current = []
            runs.append(current)
        current.append(node)
    return runs


def _alternative(p: Paragraph) -> str:
    """An option as one alternative of its group: its label and text, or for a marker the paragraphs
    it introduces."""
    text = p.text
    members = [c for c in p.children if isinstance(c, Paragraph)]
    if is_marker(p) and len(members) == 1 and not members[0].label and not members[0].children:
        text = (text + " " if text else "") + members[0].text  # "Option 2: {No text required}"
    elif is_marker(p) and members:
        text = (text + " " if text else "") + "paragraphs " + ", ".join(c.ref for c in members)
    if not _OPTION_START.match(text):
        return f"{p.label}: {text}" if text else p.label or ""
    return text


def outline(doc: Document) -> dict:
    """The outline as JSON-ready data: title, sections, paragraphs (sub-items as entries of their own)."""
    sections = [
        {
            "ref": s.heading.ref,
            "heading": s.heading.title,
            "number": s.heading.number,
            "level": s.heading.level,
            "line": s.heading.pos.line,
        }
        for s in doc.sections
    ]
    paragraphs = [
        {
            "ref": p.ref,
            "label": p.label,
            "kind": p.kind,
            "section": p.section,
            "parent": p.parent,
            "line": p.pos.line,
            "text": p.text,
            "bracket_groups": len(p.bracket_groups),
        }
        for p in doc.paragraphs
    ]
    return {"title": doc.title.title, "format": doc.format, "sections": sections, "paragraphs": paragraphs}


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def columns(text: str) -> int:
    """How many terminal columns ``text`` takes: Chinese (East Asian wide and full-width) characters
    take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def first_words(text: str, width: int = 60) -> str:
    """The start of ``text`` in at most ``width`` columns, cut at a space where there is one."""
    # every character takes a column at least: only a text of ``width`` characters or fewer may fit,
    # and only the first ``width`` characters are measured
    if len(text) <= width and columns(text) <= width:
        return text
    head = text[:width]
    if head.isascii():
        fits = min(len(head), width - 1)
    else:
        fits, used = 0, 0
        for c in head:
            used += columns(c)
            if used > width - 1:
                break
            fits += 1
    cut = text.rfind(" ", 0, fits)
    return text[: cut if cut > fits // 2 else fits] + "…"


def outline_text(doc: Document) -> str:
    """A readable outline: headings, then each paragraph's reference, first words and bracket count."""
    lines = []
    if doc.title.title:
        lines.append(doc.title.title)
        lines.append("")
    width = min(max([columns(p.ref) for p in doc.paragraphs] + [4]), 14)

    def walk(nodes, depth):
        for node in nodes:
            if isinstance(node, Section):
                h = node.heading
                title = f"{h.ref}  {h.title}" if h.title and h.title != h.ref else h.ref
                lines.append("  " * depth + f"§ {title}")
                walk(node.children, depth + 1)
            elif isinstance(node, Paragraph):
                groups = len(node.bracket_groups)
                mark = f"  [{groups} bracket group{'s' if groups != 1 else ''}]" if groups else ""
                ref = node.ref + " " * max(0, width - columns(node.ref))
                lines.append("  " * depth + f"{ref}  {first_words(node.text)}{mark}")
                walk(node.children, depth + 1)

    walk(doc.body, 0)
    total = sum(len(p.bracket_groups) for p in doc.paragraphs)
    lines.append("")
    lines.append(
        f"{plural(len(doc.paragraphs), 'paragraph')}, {plural(len(doc.sections), 'section')}, "
        f"{plural(total, 'bracket group')}"
    )
    return "\n".join(lines) + "\n"


def brackets_data(doc: Document) -> list[dict]:
    return [
        {
            "ref": b.ref,
            "line": b.line,
            "column": b.column,
            "kind": b.kind,
            "alternatives": list(b.group.alternatives),
            **({"options": list(b.options)} if b.kind == "options" else {}),
        }
        for b in draft_brackets(doc)
    ]


def brackets_text(doc: Document) -> str:
    lines = []
    for b in draft_brackets(doc):
        alts = " | ".join(b.group.alternatives)
        kind = " options" if b.kind == "options" else ""
        lines.append(f"{b.ref} ({b.line}:{b.column}){kind}: {alts}")
    lines.append(plural(len(lines), "bracket group"))
    return "\n".join(lines) + "\n"
