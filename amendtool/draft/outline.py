"""The outline of a draft (``amendtool show``) and its bracket groups (``amendtool brackets``),
as plain data that the CLI prints as text or JSON."""

from __future__ import annotations

import re

from amendtool.draft.model import BracketGroup, Document, DraftBracket, Paragraph, Section


def source_position(doc: Document, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a source offset."""
    line, column, _ = doc.location(offset)
    return line, column


def draft_brackets(doc: Document) -> tuple[DraftBracket, ...]:
    """Every bracket group of every paragraph and every block of options, in source order."""
    out = []
    for p in doc.paragraphs:
        for g in p.bracket_groups:
            line, column = source_position(doc, p.source_offset(g.start))
            out.append(DraftBracket(p.ref, line, column, g))
    out.extend(option_groups(doc))
    out.sort(key=lambda b: (b.line, b.column))
    return tuple(out)


_OPTION_START = re.compile(r"^\[?\s*Option\s+\S+?\s*:")


def option_groups(doc: Document) -> list[DraftBracket]:
    """``Option 1:`` / ``Option 2:`` blocks: alternatives too large for brackets. A run of option
    paragraphs in one container (with the paragraph that opens with ``Option 1:`` before them, and
    the plain paragraphs that belong to an option written as a divider) is one group."""
    out = []

    def containers():
        yield doc.body
        for node in doc.iter_nodes():
            if isinstance(node, (Section, Paragraph)):
                yield node.children

    def alternative(p: Paragraph, members: list[Paragraph]) -> str:
        text = p.text
        if not text and members:
            text = "paragraphs " + ", ".join(m.ref for m in members)
        if p.kind == "option" and not _OPTION_START.match(text):
            return f"{p.label}: {text}" if text else p.label
        return text

    for children in containers():
        paras = [c for c in children if isinstance(c, Paragraph)]
        runs: list[list[tuple[Paragraph, list[Paragraph]]]] = []
        current = None
        for p in paras:
            if p.kind == "option":
                if current is None:
                    current = []
                    runs.append(current)
                current.append((p, []))
            elif current is not None and not current[-1][0].text:
                current[-1][1].append(p)
            else:
                current = None
        for run in runs:
            first = run[0][0]
            alts = [alternative(p, members) for p, members in run]
            owner = first
            parent = doc._index["by_ref"].get(first.parent) if first.parent else None
            if parent is not None and _OPTION_START.match(parent.text) and parent.children and first in parent.children:
                alts.insert(0, parent.text)
                owner = parent
            if len(alts) < 2:
                continue
            group = BracketGroup(0, len(owner.text), (), tuple(alts))
            out.append(DraftBracket(owner.ref, owner.pos.line, 1, group, kind="options"))
    return out


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


def first_words(text: str, width: int = 60) -> str:
    if len(text) <= width:
        return text
    cut = text.rfind(" ", 0, width - 1)
    return text[: cut if cut > width // 2 else width - 1] + "…"


def outline_text(doc: Document) -> str:
    """A readable outline: headings, then each paragraph's reference, first words and bracket count."""
    lines = []
    if doc.title.title:
        lines.append(doc.title.title)
        lines.append("")
    width = min(max([len(p.ref) for p in doc.paragraphs] + [4]), 14)

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
                lines.append("  " * depth + f"{node.ref:<{width}}  {first_words(node.text)}{mark}")
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
