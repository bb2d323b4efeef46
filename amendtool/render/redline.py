"""A Word redline: NEW written in NEW's order, every difference from OLD a tracked change.

The comparison comes as aligned pairs (``diff.align.AlignedPair``: from ``compare`` for ``diff``, from
the concordance for a consolidated revision) and the headings' pairs. What a paragraph looks like
(``Look``: a style and indent, or a .docx draft's own paragraph properties, whether its label is typed)
and who made each change (``Authors``: one name for ``diff``, the proposing delegations for a
consolidated revision) are the caller's.

- a paragraph whose words changed carries its word diff (``worddiff``): deleted words in ``w:del``,
  inserted ones in ``w:ins``; a changed label (renumbering) is its old label deleted and the new one
  inserted;
- an added paragraph is inserted whole (its runs and its paragraph mark), a deleted one deleted whole
  where it stood (after the new place of the paragraph that preceded it in OLD);
- a moved paragraph is ``w:moveFrom`` where it stood and ``w:moveTo`` where it stands now, the two
  linked by a named move range; words inserted on the way are ``w:ins`` inside the new place;
- a paragraph split in two is its parts with the paragraph marks between them inserted; paragraphs
  merged into one are their parts with the marks between them deleted (a space kept where they join);
- headings are compared line by line the same way; the title lines are paired as a reader would
  (``title_pairs``: identical lines, then similar ones in order; a line with no counterpart is
  inserted or deleted whole).

Accept All gives NEW, Reject All gives OLD.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from lxml import etree

from amendtool.diff.align import ADDED, DELETED, MERGED, SPLIT, AlignedPair
from amendtool.diff.worddiff import DELETE, EQUAL, INSERT, Chunk, new_text, word_diff
from amendtool.docx.writer import Body
from amendtool.draft.model import Document, Line, Paragraph, Section


@dataclass(frozen=True, slots=True)
class Shape:
    """How a paragraph is written."""

    style: str | None = None
    indent: int = 0
    ppr: etree._Element | None = None
    """Paragraph properties to copy (a .docx draft's own); ``style`` and ``indent`` are then unused."""
    rpr: etree._Element | None = None
    """Run properties to copy onto its runs."""
    typed_label: bool = True
    """Whether its label is written as text (False: Word's automatic numbering shows it)."""
    separator: str = " "
    """What stands between a typed label and the text (``\\t`` for a hanging indent)."""


def words(text: str) -> str:
    return " ".join(text.split())


def heading_line(section: Section) -> str:
    """A heading as its draft writes it, on one line (``1.1 Bridging the Digital Divide``)."""
    return words(" ".join(n.raw for n in section.heading.lines if isinstance(n, Line)))


def title_lines(doc: Document) -> list[str]:
    """The title block's lines with text."""
    return [words(n.raw) for n in doc.title.lines if isinstance(n, Line) and n.raw.strip()]


TITLE_SIMILARITY = 0.4
"""Two title lines at least this similar (difflib's ratio over their words) are one line changed."""


def title_pairs(old: Sequence[str], new: Sequence[str]) -> list[tuple[int | None, int | None]]:
    """The title lines paired in order (old index, new index; ``None`` for a line with no counterpart):
    identical lines first, then, between them, each new line with the next old line similar enough."""
    out: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, list(old), list(new), autojunk=False).get_opcodes():
        if tag == "equal":
            out.extend(zip(range(i1, i2), range(j1, j2), strict=True))
            continue
        o = i1
        for n in range(j1, j2):
            best = next((k for k in range(o, i2) if SequenceMatcher(
                None, old[k].split(), new[n].split(), autojunk=False).ratio() >= TITLE_SIMILARITY), None)
            if best is None:
                out.append((None, n))
                continue
            out.extend((k, None) for k in range(o, best))
            out.append((best, n))
            o = best + 1
        out.extend((k, None) for k in range(o, i2))
    return out


def label_as_written(doc: Document, p: Paragraph) -> str:
    """The paragraph's label as the draft writes it (``12.``, ``Pp3``, ``(a)``), "" when none."""
    if p.label_span is None:
        return ""
    start, end = p.label_span
    return words(doc.source[start:end])


def depths(doc: Document) -> dict[str, int]:
    """Paragraph reference -> how deep a sub-item it is (0 for a paragraph)."""
    by_ref = {p.ref: p for p in doc.paragraphs}
    out: dict[str, int] = {}
    for p in doc.paragraphs:
        depth, parent = 0, p.parent
        while parent is not None and depth < 9:
            depth += 1
            parent = by_ref[parent].parent if parent in by_ref else None
        out[p.ref] = depth
    return out


class Look:
    """How paragraphs look in a redline: indented sub-items, heading styles (``diff``'s look)."""

    def __init__(self, old: Document, new: Document):
        self.depth = {"old": depths(old), "new": depths(new)}

    def paragraph(self, side: str, para: Paragraph) -> Shape:
        return Shape(indent=self.depth[side].get(para.ref, 0))

    def heading(self, side: str, section: Section) -> Shape:
        return Shape(style=f"Heading{min(max(section.heading.level, 1), 6)}")

    def title(self, side: str, index: int) -> Shape:
        return Shape()


class Authors:
    """Who made the changes: one name for all (``diff``)."""

    def __init__(self, name: str):
        self.name = name

    def whole(self, pair: AlignedPair | None) -> str:
        """The author of a paragraph added, deleted or moved whole (or of a heading's change)."""
        return self.name

    def span(self, pair: AlignedPair, start: int, end: int) -> str:
        """The author of the change of the old text [start, end) of the pair's old paragraph."""
        return self.name

    def label(self, pair: AlignedPair) -> str:
        """The author of a changed label."""
        return self.name


@dataclass(frozen=True, slots=True)
class _Item:
    """One thing to write, with where it goes: (position in NEW, 0 on the spot / 1 after it, old index)."""

    key: tuple[float, int, float]
    kind: str
    """``pair``, ``move-from``, ``heading`` or ``title``."""
    pair: AlignedPair | None = None
    old: Section | int | None = None
    new: Section | int | None = None


class Redline:
    def __init__(self, body: Body, old: Document, new: Document, pairs: Sequence[AlignedPair],
                 headings: Sequence[AlignedPair], look: Look, authors: Authors, date: str):
        self.body, self.old, self.new = body, old, new
        self.pairs, self.headings = pairs, headings
        self.look, self.authors, self.date = look, authors, date
        self.old_paras = old.paragraphs
        self.new_paras = new.paragraphs
        self.shape = Shape()

    # -- placing --------------------------------------------------------------------------------

    def items(self) -> list[_Item]:
        position: dict[int, float] = {}
        heading_at: dict[str, float] = {}
        index = {id(p): k for k, p in enumerate(self.new_paras)}
        for order, node in enumerate(n for n in self.new.iter_nodes() if isinstance(n, (Section, Paragraph))):
            if isinstance(node, Section):
                heading_at[node.ref] = order
            else:
                position[index[id(node)]] = order
        stable = sorted((p.old_index, p.new_index) for p in self.pairs
                        if p.old_index is not None and p.new_index is not None
                        and (not p.moved or p.status in (SPLIT, MERGED)))
        olds = [o for o, _ in stable]

        def after_old(o: float) -> float:
            k = bisect.bisect_right(olds, o) - 1
            return position.get(stable[k][1], -1) if k >= 0 else -1

        def where_old(o: int) -> float:
            """Where an old paragraph no longer in its place stood: after the new place of the
            paragraph before it, or right under its heading when it was the first of its section."""
            here = self.old_paras[o].section
            before = self.old_paras[o - 1].section if o > 0 else None
            if here is not None and here != before and here in heading_at:
                return heading_at[here]
            return after_old(o)

        items: list[_Item] = []
        for pair in self.pairs:
            o, n = pair.old_index, pair.new_index
            if n is None:
                if o is not None:
                    items.append(_Item((where_old(o), 1, o), "pair", pair))
                continue
            items.append(_Item((position[n], 0, o if o is not None else -1), "pair", pair))
            if pair.moved and o is not None and pair.status not in (SPLIT, MERGED):
                items.append(_Item((where_old(o), 1, o), "move-from", pair))
        items.extend(self._heading_items(heading_at, after_old))
        for k, (o_line, n_line) in enumerate(title_pairs(title_lines(self.old), title_lines(self.new))):
            items.append(_Item((-2, 0, k), "title", None, o_line, n_line))
        items.sort(key=lambda it: it.key)
        return items

    def _heading_items(self, heading_at: dict[str, float], after_old) -> list[_Item]:
        old_sections = {s.ref: s for s in self.old.sections}
        new_sections = {s.ref: s for s in self.new.sections}
        first_para: dict[str, int] = {}
        for k, p in enumerate(self.old_paras):
            if p.section is not None:
                first_para.setdefault(p.section, k)
        out = []
        for pair in self.headings:
            a = old_sections.get(pair.old) if pair.old else None
            b = new_sections.get(pair.new) if pair.new else None
            if b is not None:
                key: tuple[float, int, float] = (heading_at[b.ref], 0, -1)
            else:
                o = first_para.get(pair.old or "")
                key = (after_old(o - 1), 1, o - 0.5) if o is not None else (float("inf"), 0, 0)
            out.append(_Item(key, "heading", pair, a, b))
        return out

    # -- writing --------------------------------------------------------------------------------

    def write(self) -> None:
        items = self.items()
        marks = self._split_merge_marks(items)
        for k, it in enumerate(items):
            match it.kind:
                case "title":
                    old_titles, new_titles = title_lines(self.old), title_lines(self.new)
                    o = it.old if isinstance(it.old, int) else None
                    n = it.new if isinstance(it.new, int) else None
                    shape = self.look.title("new", n) if n is not None else self.look.title("old", o or 0)
                    self.line(shape, old_titles[o] if o is not None else None,
                              new_titles[n] if n is not None else None, None)
                case "heading":
                    a = it.old if isinstance(it.old, Section) else None
                    b = it.new if isinstance(it.new, Section) else None
                    shown = b or a
                    if shown is None:
                        continue
                    shape = self.look.heading("new" if b is not None else "old", shown)
                    self.line(shape, heading_line(a) if a else None, heading_line(b) if b else None, it.pair)
                case "move-from" if it.pair is not None:
                    self.move_from(it.pair)
                case "pair" if it.pair is not None:
                    self.pair(it.pair, marks.get(k))

    @staticmethod
    def _split_merge_marks(items: Sequence[_Item]) -> dict[int, str]:
        """Items whose paragraph mark is tracked because the paragraph splits or merges: ``ins`` for all
        but the last part of a split, ``del`` for all but the last part of a merge."""
        out: dict[int, str] = {}
        for k, it in enumerate(items[:-1]):
            nxt = items[k + 1]
            if it.pair is None or nxt.pair is None or it.kind != "pair" or nxt.kind != "pair":
                continue
            if it.pair.status == SPLIT and nxt.pair.status == SPLIT and it.pair.old == nxt.pair.old:
                out[k] = "ins"
            elif it.pair.status == MERGED and nxt.pair.status == MERGED and it.pair.new == nxt.pair.new:
                out[k] = "del"
        return out

    def paragraph(self, shape: Shape) -> etree._Element:
        self.shape = shape
        return self.body.like(shape.ppr, shape.style, shape.indent)

    def run(self, p: etree._Element, text: str) -> None:
        self.body.run(p, text, rpr=self.shape.rpr)

    def tracked(self, p: etree._Element, tag: str, text: str, author: str) -> None:
        self.body.tracked(p, tag, text, author, self.date, rpr=self.shape.rpr)

    def line(self, shape: Shape, old: str | None, new: str | None, pair: AlignedPair | None) -> None:
        p = self.paragraph(shape)
        author = self.authors.whole(pair)
        if old is None:
            self.body.mark(p, "ins", author, self.date)
            self.tracked(p, "ins", new or "", author)
        elif new is None:
            self.body.mark(p, "del", author, self.date)
            self.tracked(p, "del", old, author)
        else:
            self.chunks(p, word_diff(old, new), new, None)

    def chunks(self, p: etree._Element, chunks: Sequence[Chunk], new: str, pair: AlignedPair | None,
               moved: bool = False) -> None:
        """The word diff into ``p``; whatever the diff says, Accept All gives ``new``."""
        if words(new_text(chunks)) != words(new):
            chunks = tuple(c for c in (Chunk(DELETE, old_of(chunks)), Chunk(INSERT, new)) if c.text)
        at = 0  # offset in the old text
        replaced: str | None = None  # the author of a deletion an insertion follows (a replacement)
        for c in chunks:
            if c.op == EQUAL:
                if moved:
                    self.tracked(p, "moveTo", c.text, self.authors.whole(pair))
                else:
                    self.run(p, c.text)
                at += len(c.text)
                replaced = None
            elif c.op == DELETE:
                replaced = self.author_of(pair, at, at + len(c.text))
                if not moved:
                    self.tracked(p, "del", c.text, replaced)
                at += len(c.text)
            else:
                self.tracked(p, "ins", c.text, replaced or self.author_of(pair, at, at))
                replaced = None

    def author_of(self, pair: AlignedPair | None, start: int, end: int) -> str:
        return self.authors.span(pair, start, end) if pair is not None else self.authors.whole(None)

    def side(self, pair: AlignedPair, side: str) -> Paragraph | None:
        if side == "old":
            return self.old_paras[pair.old_index] if pair.old_index is not None else None
        return self.new_paras[pair.new_index] if pair.new_index is not None else None

    def with_label(self, doc: Document, para: Paragraph, shape: Shape) -> str:
        label = label_as_written(doc, para) if shape.typed_label else ""
        return f"{label}{shape.separator}{para.text}" if label and para.text else label or para.text

    def pair(self, pair: AlignedPair, mark: str | None) -> None:
        a, b = self.side(pair, "old"), self.side(pair, "new")
        if pair.status == ADDED and b is not None:
            p = self.paragraph(self.look.paragraph("new", b))
            author = self.authors.whole(pair)
            self.body.mark(p, "ins", author, self.date)
            self.tracked(p, "ins", self.with_label(self.new, b, self.shape), author)
            return
        if pair.status == DELETED and a is not None:
            p = self.paragraph(self.look.paragraph("old", a))
            author = self.authors.whole(pair)
            self.body.mark(p, "del", author, self.date)
            self.tracked(p, "del", self.with_label(self.old, a, self.shape), author)
            return
        if a is None or b is None:
            return
        p = self.paragraph(self.look.paragraph("new", b))
        moved = pair.moved and pair.status not in (SPLIT, MERGED)
        who = self.authors.whole(pair)
        if moved:
            self.body.move_range(p, "moveTo", f"move{pair.old_index}", who, self.date, start=True)
            self.body.mark(p, "moveTo", who, self.date)
        self.label(p, pair, a, b, moved)
        self.chunks(p, pair.changes, b.text if pair.status not in (SPLIT, MERGED) else new_text(pair.changes),
                    pair, moved)
        # parts joined by Accept (a merge) or by Reject (a split) keep a space between them
        if mark == "del" and not new_text(pair.changes)[-1:].isspace():
            self.tracked(p, "ins", " ", who)
        if mark == "ins" and not old_of(pair.changes)[-1:].isspace():
            self.tracked(p, "del", " ", who)
        if moved:
            self.body.move_range(p, "moveTo", f"move{pair.old_index}", who, self.date, start=False)
        if mark:
            self.body.mark(p, mark, who, self.date)

    def label(self, p: etree._Element, pair: AlignedPair, a: Paragraph, b: Paragraph, moved: bool) -> None:
        if not self.shape.typed_label:
            return
        sep = self.shape.separator
        old_label = label_as_written(self.old, a)
        new_label = label_as_written(self.new, b)
        if pair.status == SPLIT and pair.new_group[:1] != (pair.new,):
            old_label = ""  # a later part of a split: its label is new
        if pair.status == MERGED and pair.old_group[:1] != (pair.old,):
            new_label = ""  # a later part of a merge: its label goes
        author = self.authors.label(pair)
        if old_label == new_label:
            if new_label and moved:
                self.tracked(p, "moveTo", new_label + sep, self.authors.whole(pair))
            elif new_label:
                self.run(p, new_label + sep)
            return
        if not moved:
            self.tracked(p, "del", old_label + sep if old_label else "", author)
        self.tracked(p, "ins", new_label + sep if new_label else "", author)

    def move_from(self, pair: AlignedPair) -> None:
        a = self.side(pair, "old")
        if a is None:
            return
        p = self.paragraph(self.look.paragraph("old", a))
        name = f"move{pair.old_index}"  # the same name as its new place: Word links the two by it
        who = self.authors.whole(pair)
        self.body.move_range(p, "moveFrom", name, who, self.date, start=True)
        self.body.mark(p, "moveFrom", who, self.date)
        self.tracked(p, "moveFrom", self.with_label(self.old, a, self.shape), who)
        self.body.move_range(p, "moveFrom", name, who, self.date, start=False)


def old_of(chunks: Sequence[Chunk]) -> str:
    return "".join(c.text for c in chunks if c.op != INSERT)
