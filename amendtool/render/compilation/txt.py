"""The compilation as plain text: the draft's own source with the proposals written into it.

Notation (never square brackets, which are the negotiators' own):

- ``{+inserted text+}`` and ``{-deleted text-}``, followed by the proposers: ``(EU, US, supported by JPN)``;
- competing proposals on one place: ``{{Alt 1 (EU): ... || Alt 2 (G77): ...}}``, each alternative
  showing the whole contested span;
- paragraph-level proposals and comments on lines under the paragraph, starting ``>>``;
- new paragraphs as lines of their own where they are proposed: ``37 bis. {+text+} (EU)``.

Everything outside the proposals is the draft's source, byte for byte (line endings, page furniture,
byte order mark), so a compilation without amendment files is the draft itself.

Escapes: inside ``{+ +}``, ``{- -}`` and ``{{ }}`` the text's own marker sequences get a backslash
before their second character (``{+`` is written ``{\\+``, ``+}`` ``+\\}``, likewise ``{-``, ``-}``,
``{{``, ``}}``, ``||``) and a backslash is written ``\\\\``, so the notation reads one way only: there, a
backslash takes the next character as it is. The draft's text outside these marks is never escaped
(``common.escape_marked``).
"""

from __future__ import annotations

from amendtool.compile import (
    Change,
    Compilation,
    CompiledHeading,
    CompiledParagraph,
    MovedHere,
    NewParagraph,
    Piece,
    Proposal,
)
from amendtool.draft.model import Document, Furniture, Line, Paragraph, Section
from amendtool.render.marks import (
    alt_label,
    attribution,
    changed_only_notice,
    edges,
    escape_marked,
    mark_words,
    shows_text,
    skipped_notice,
)
from amendtool.text import Edit, splice

MARK_PREFIX = ">> "
MARK_INDENT = "    "


def render_txt(c: Compilation) -> bytes:
    doc = c.document
    if doc is None:
        raise ValueError("the txt renderer needs the compilation's base document")
    w = _TxtWriter(c, doc)
    for block in c.blocks:
        if isinstance(block, CompiledParagraph):
            w.paragraph(block)
        elif isinstance(block, CompiledHeading) and block.marks:
            w.heading(block, doc)
        elif isinstance(block, (NewParagraph, MovedHere)):
            w.placed(block)
    if c.changed_only:
        w.edits += _left_aside(c, doc)
    w.edits.sort(key=lambda e: e.start)  # stable: edits at one place in the order they were made
    body = splice(doc.source, [*_notice(c, _newline(doc.source, 0)), *w.edits]).encode("utf-8")
    return (b"\xef\xbb\xbf" + body) if doc.bom else body


class _TxtWriter:
    """The edits that write a compilation's proposals into the draft's source."""

    def __init__(self, c: Compilation, doc: Document):
        self.c = c
        self.src = doc.source
        self.nodes = {p.ref: p for p in doc.paragraphs}
        self.new_blocks = {b.ref: b for b in c.blocks if isinstance(b, NewParagraph)}
        self.edits: list[Edit] = []

    def add(self, start: int, end: int, text: str) -> None:
        self.edits.append(Edit(start, end, text))

    def paragraph(self, block: CompiledParagraph) -> None:
        """The changes in the paragraph's text, and its marks and comments on lines under it."""
        node = self.nodes[block.ref]
        for change in block.changes:
            start = node.source_offset(change.start)
            end = node.source_offset(change.end - 1) + 1 if change.end > change.start else start
            self.add(start, end, change_text(change, self.c.anonymous))
        lines = [mark_line(block.marks, i) for i in range(len(block.marks))]
        lines += [mark_line((p,), 0) for p in block.structure]
        lines += [comment_line(cm.text, cm.by) for cm in block.comments]
        if lines:
            src = self.src
            at = node.end
            nl = _newline(src, at)
            lead = "" if at == 0 or src[at - 1] == "\n" else nl
            pad = node.indent + MARK_INDENT
            self.add(at, at, lead + "".join(pad + MARK_PREFIX + line + nl for line in lines))

    def heading(self, block: CompiledHeading, doc: Document) -> None:
        """The proposals on a heading, on lines under it."""
        heading = next(s.heading for s in doc.sections if s.ref == block.ref)
        last = heading.lines[-1]
        at = last.pos.offset + len(last.raw)
        nl = _newline(self.src, at)
        lead = "" if at == 0 or self.src[at - 1] == "\n" else nl
        first = heading.lines[0]
        indent = first.raw[: len(first.raw) - len(first.raw.lstrip())] if isinstance(first, Line) else ""
        self.add(at, at, lead + "".join(indent + MARK_INDENT + MARK_PREFIX + mark_line(block.marks, i) + nl
                                        for i in range(len(block.marks))))

    def placed(self, block: NewParagraph | MovedHere) -> None:
        """A new paragraph or a move destination on lines of its own where it is proposed."""
        src = self.src
        at, where, neighbour = self.place(block)
        nl = _newline(src, neighbour.end)
        if isinstance(block, NewParagraph):
            pad = nl + neighbour.indent + MARK_INDENT + MARK_PREFIX
            line = new_paragraph_line(block, neighbour, src) + "".join(
                pad + comment_line(cm.text, cm.by) for cm in block.comments)
        else:
            line = neighbour.indent + MARK_PREFIX + moved_here_text(block)
        if where == "before":
            self.add(at, at, line + nl + nl)
        else:
            lead = "" if at == 0 or src[at - 1] == "\n" else nl
            self.add(at, at, lead + nl + line + nl)

    def place(self, block: NewParagraph | MovedHere) -> tuple[int, str, Paragraph]:
        """Source offset, side and base paragraph a new paragraph or move destination is written at;
        one placed next to another new paragraph goes where that one goes (block order keeps them in
        reading order)."""
        ref, where = (block.neighbour, block.where) if isinstance(block, NewParagraph) else (
            block.proposal.dest, block.proposal.where)
        seen = set()
        while ref not in self.nodes and ref in self.new_blocks and ref not in seen:
            seen.add(ref)
            new = self.new_blocks[ref]
            ref, where = new.neighbour, new.where
        neighbour = self.nodes[ref]
        at = neighbour.lines[0].pos.offset if where == "before" else _subtree_end(neighbour)
        return at, where, neighbour


def _notice(c: Compilation, nl: str) -> list[Edit]:
    """Lines at the top naming the files left out for their errors and, for a compact compilation,
    saying so (nothing otherwise: a compilation without amendment files is the draft itself)."""
    head, lines = skipped_notice(c)
    text = "".join(f"{line}{nl}" for line in ([head] if head else []) + [f"  {line}" for line in lines])
    compact = changed_only_notice(c)
    if compact:
        text += compact + nl
    return [Edit(0, 0, text + nl)] if text else []


def _left_aside(c: Compilation, doc: Document) -> list[Edit]:
    """For a compact compilation, the source of every paragraph and heading not kept, up to the next
    one, deleted (the title block stays)."""
    kept = {b.ref for b in c.blocks if isinstance(b, (CompiledParagraph, CompiledHeading))}
    starts: list[tuple[int, bool]] = []

    def walk(nodes: tuple[Section | Paragraph | Furniture, ...]) -> None:
        for node in nodes:
            if isinstance(node, Section):
                starts.append((node.heading.pos.offset, node.heading.ref in kept))
                walk(node.children)
            elif isinstance(node, Paragraph):
                starts.append((node.lines[0].pos.offset, node.ref in kept))
                walk(node.children)

    walk(doc.body)
    starts.sort()
    ends = [at for at, _ in starts[1:]] + [len(doc.source)]
    return [Edit(at, end, "") for (at, keep), end in zip(starts, ends, strict=True) if not keep and end > at]


def _newline(src: str, at: int) -> str:
    """The line ending the draft uses around ``at``."""
    before = src.rfind("\n", 0, at + 1) if at < len(src) else src.rfind("\n")
    if before < 0:
        before = src.find("\n")
    return "\r\n" if before > 0 and src[before - 1] == "\r" else "\n"


def _subtree_end(node: Paragraph) -> int:
    """Source offset just after the paragraph's last own line or its last sub-item's."""
    end = node.end
    for child in node.children:
        if isinstance(child, Paragraph):
            end = max(end, _subtree_end(child))
    return end


def pieces_parts(pieces: tuple[Piece, ...], *, inside: bool = False) -> list[tuple[str, bool]]:
    """A proposal's pieces as ``escape_marked`` parts. Kept draft text is escaped only ``inside`` an
    alternative (``{{ }}``); between the marks of a single proposal it is the draft's own text."""
    out: list[tuple[str, bool]] = []
    for piece in pieces:
        if piece.op == "keep":
            out.append((piece.text, not inside))
            continue
        lead, core, trail = edges(piece.text)
        mark = "+" if piece.op == "insert" else "-"
        out += [(lead + "{" + mark, True), (core, False), (mark + "}" + trail, True)]
    return out


def pieces_text(pieces: tuple[Piece, ...]) -> str:
    return escape_marked(pieces_parts(pieces))


def marked(text: str, mark: str = "+") -> str:
    """``{+text+}`` with the text's own marker sequences escaped."""
    return escape_marked([("{" + mark, True), (text, False), (mark + "}", True)])


def _attributed(body: str, p: Proposal) -> str:
    who = attribution(p)
    if not who:
        return body
    core = body.rstrip()
    return f"{core} ({who}){body[len(core):]}"


def change_text(change: Change, anonymous: bool = False) -> str:
    if not change.contested:
        return _attributed(pieces_text(change.proposals[0].pieces), change.proposals[0])
    parts: list[tuple[str, bool]] = [("{{", True)]
    for i, p in enumerate(change.proposals):
        who = attribution(p)
        label = f"{alt_label(i)} ({who})" if who else alt_label(i)
        parts.append((f"{' || ' if i else ''}{label}: ", True))
        parts += pieces_parts(p.pieces, inside=True)
    parts.append(("}}", True))
    return escape_marked(parts)


def _mark_body(p: Proposal) -> str:
    words = mark_words(p)
    if shows_text(p):
        return f"{words} {marked(p.inserted)}"
    return words


def mark_line(marks: tuple[Proposal, ...], i: int) -> str:
    p = marks[i]
    who = attribution(p)
    if len(marks) == 1:
        return f"{_mark_body(p)} ({who})" if who else _mark_body(p)
    label = f"{alt_label(i)} ({who})" if who else alt_label(i)
    body = _mark_body(p)
    return f"{label}: {body[0].lower()}{body[1:]}"


def comment_line(text: str, by: str) -> str:
    return f'Comment ({by}): "{text}"' if by else f'Comment: "{text}"'


def moved_here_text(block: MovedHere) -> str:
    who = attribution(block.proposal)
    return f"Paragraph {block.ref} to be moved here ({who})" if who else f"Paragraph {block.ref} to be moved here"


def new_paragraph_line(block: NewParagraph, neighbour: Paragraph, src: str) -> str:
    written = src[neighbour.label_span[0]:neighbour.label_span[1]] if neighbour.label_span else ""
    label = f"{block.label}." if written.endswith(".") and not block.label.endswith(")") else block.label
    who = attribution(block.proposal)
    body = marked(block.text)
    return f"{neighbour.indent}{label} {body}" + (f" ({who})" if who else "")
