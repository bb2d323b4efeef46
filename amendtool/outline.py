"""The outline of a draft (``amendtool show``) and its bracket groups (``amendtool brackets``),
as plain data that the CLI prints as text or JSON."""

from __future__ import annotations

from .model import Document, DraftBracket, Paragraph, Section


def source_position(doc: Document, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a source offset."""
    line = doc.source.count("\n", 0, offset) + 1
    column = offset - (doc.source.rfind("\n", 0, offset) + 1) + 1
    return line, column


def draft_brackets(doc: Document) -> tuple[DraftBracket, ...]:
    """Every bracket group of every paragraph, in source order."""
    out = []
    for p in doc.paragraphs:
        for g in p.bracket_groups:
            line, column = source_position(doc, p.source_offset(g.start))
            out.append(DraftBracket(p.ref, line, column, g))
    return tuple(out)


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
    lines.append(f"{len(doc.paragraphs)} paragraphs, {len(doc.sections)} sections, {total} bracket groups")
    return "\n".join(lines) + "\n"


def brackets_data(doc: Document) -> list[dict]:
    return [
        {"ref": b.ref, "line": b.line, "column": b.column, "alternatives": list(b.group.alternatives)}
        for b in draft_brackets(doc)
    ]


def brackets_text(doc: Document) -> str:
    lines = []
    for b in draft_brackets(doc):
        alts = " | ".join(b.group.alternatives)
        lines.append(f"{b.ref} ({b.line}:{b.column}): {alts}")
    lines.append(f"{len(lines)} bracket groups")
    return "\n".join(lines) + "\n"
