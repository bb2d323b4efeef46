"""The comparison of two drafts as a Word redline, like Word's Compare: Accept All gives NEW.

The document is NEW in NEW's order, every difference from OLD a tracked change by one author
(``Rev.1`` unless the command names another) at one fixed date:

- a paragraph whose words changed carries its word diff (``worddiff``): deleted words in ``w:del``,
  inserted ones in ``w:ins``; a changed label (renumbering) is its old label deleted and the new one
  inserted;
- an added paragraph is inserted whole (its runs and its paragraph mark), a deleted one deleted whole
  where it stood (after the new place of the paragraph that preceded it in OLD);
- a moved paragraph is ``w:moveFrom`` where it stood and ``w:moveTo`` where it stands now, the two
  linked by a named move range; words inserted on the way are ``w:ins`` inside the new place;
- a paragraph split in two is its parts with the paragraph marks between them inserted; paragraphs
  merged into one are their parts with the marks between them deleted;
- headings and the title lines are compared line by line the same way.

Nothing else is in the body (Accept All must give NEW's text): what was compared and by whom stands
in the footer, with the page numbers.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import PurePath

from lxml import etree

from amendtool.diff.align import ADDED, DELETED, MERGED, SPLIT, AlignedPair
from amendtool.diff.compare import StepComparison
from amendtool.diff.worddiff import DELETE, EQUAL, INSERT, Chunk, new_text, word_diff
from amendtool.docx.writer import (
    FIXED_DATE,
    Body,
    Fmt,
    Parts,
    document,
    footer_part,
    mark_right_to_left,
    settings_part,
    styles_part,
)
from amendtool.draft import languages
from amendtool.draft.model import Document, Line, Paragraph, Section

DEFAULT_AUTHOR = "Rev.1"


@dataclass(frozen=True, slots=True)
class _Item:
    """One thing to write, with where it goes: (position in NEW, 0 on the spot / 1 after it, old index)."""

    key: tuple[float, int, float]
    kind: str
    """``pair``, ``move-from``, ``heading`` or ``title``."""
    pair: AlignedPair | None = None
    old_line: str | None = None
    new_line: str | None = None
    level: int = 1


def _words(text: str) -> str:
    return " ".join(text.split())


def _heading_line(section: Section) -> str:
    return _words(" ".join(n.raw for n in section.heading.lines if isinstance(n, Line)))


def _label(doc: Document, p: Paragraph) -> str:
    """The paragraph's label as the draft writes it (``12.``, ``Pp3``, ``(a)``), "" when none."""
    if p.label_span is None:
        return ""
    start, end = p.label_span
    return _words(doc.source[start:end])


class _Redline:
    def __init__(self, old: Document, new: Document, step: StepComparison, author: str, date: str):
        self.old, self.new, self.step = old, new, step
        self.author, self.date = author, date
        self.body = Body()
        self.old_paras = old.paragraphs
        self.new_paras = new.paragraphs
        self.depth = {**_depths(old), **_depths(new)}

    # -- placing --------------------------------------------------------------------------------

    def items(self) -> list[_Item]:
        position: dict[int, float] = {}
        heading_at: dict[str, float] = {}
        order = 0
        index = {id(p): k for k, p in enumerate(self.new_paras)}
        for node in self.new.iter_nodes():
            if isinstance(node, Section):
                heading_at[node.ref] = order
            elif isinstance(node, Paragraph):
                position[index[id(node)]] = order
            else:
                continue
            order += 1
        stable = sorted((r.pair.old_index, r.pair.new_index) for r in self.step.paragraphs
                        if r.pair.old_index is not None and r.pair.new_index is not None and not r.pair.moved
                        or r.pair.status in (SPLIT, MERGED) and r.pair.new_index is not None)
        olds = [o for o, _ in stable if o is not None]

        def after_old(o: int) -> float:
            k = bisect.bisect_right(olds, o) - 1
            n = stable[k][1] if k >= 0 else None
            return position.get(n, -1) if n is not None else -1

        items: list[_Item] = []
        for r in self.step.paragraphs:
            pair = r.pair
            o, n = pair.old_index, pair.new_index
            if n is None and o is not None:
                items.append(_Item((after_old(o), 1, o), "pair", pair))
                continue
            assert n is not None  # an aligned record has one side at least
            items.append(_Item((position[n], 0, o if o is not None else -1), "pair", pair))
            if pair.moved and o is not None and pair.status not in (SPLIT, MERGED):
                items.append(_Item((after_old(o), 1, o), "move-from", pair))
        items.extend(self.heading_items(heading_at, after_old))
        items.extend(self.title_items())
        items.sort(key=lambda it: it.key)
        return items

    def heading_items(self, heading_at: dict[str, float], after_old) -> list[_Item]:
        old_sections = {s.ref: s for s in self.old.sections}
        new_sections = {s.ref: s for s in self.new.sections}
        first_para: dict[str, int] = {}
        for k, p in enumerate(self.old_paras):
            if p.section is not None:
                first_para.setdefault(p.section, k)
        out = []
        for pair in self.step.headings:
            a = old_sections.get(pair.old) if pair.old else None
            b = new_sections.get(pair.new) if pair.new else None
            old_line = _heading_line(a) if a else None
            new_line = _heading_line(b) if b else None
            if b is not None:
                key: tuple[float, int, float] = (heading_at[b.ref], 0, -1)
            else:
                o = first_para.get(pair.old or "")
                key = (after_old(o - 1), 1, o - 0.5) if o is not None else (float("inf"), 0, 0)
            shown = b or a
            level = shown.heading.level if shown is not None else 1
            out.append(_Item(key, "heading", pair, old_line, new_line, level))
        return out

    def title_items(self) -> list[_Item]:
        old = [_words(n.raw) for n in self.old.title.lines if isinstance(n, Line) and n.raw.strip()]
        new = [_words(n.raw) for n in self.new.title.lines if isinstance(n, Line) and n.raw.strip()]
        out = []
        for k in range(max(len(old), len(new))):
            a = old[k] if k < len(old) else None
            b = new[k] if k < len(new) else None
            out.append(_Item((-2, 0, k), "title", None, a, b))
        return out

    # -- writing --------------------------------------------------------------------------------

    def write(self) -> None:
        items = self.items()
        merged_marks = self.merge_marks(items)
        for k, it in enumerate(items):
            match it.kind:
                case "title" | "heading":
                    style = "Heading" + str(min(max(it.level, 1), 6)) if it.kind == "heading" else None
                    self.line(it.old_line, it.new_line, style)
                case "move-from" if it.pair is not None:
                    self.move_from(it.pair)
                case "pair" if it.pair is not None:
                    self.pair(it.pair, merged_marks.get(k))

    def merge_marks(self, items: Sequence[_Item]) -> dict[int, str]:
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

    def line(self, old: str | None, new: str | None, style: str | None) -> None:
        p = self.body.paragraph(style)
        if old is None:
            self.body.mark(p, "ins", self.author, self.date)
            self.body.tracked(p, "ins", new or "", self.author, self.date)
        elif new is None:
            self.body.mark(p, "del", self.author, self.date)
            self.body.tracked(p, "del", old, self.author, self.date)
        else:
            self.chunks(p, word_diff(old, new), new)

    def chunks(self, p: etree._Element, chunks: Sequence[Chunk], new: str, moved: bool = False) -> None:
        """The word diff into ``p``; whatever the diff says, Accept All gives ``new``."""
        if _words(new_text(chunks)) != _words(new):
            chunks = tuple(c for c in (Chunk(DELETE, old_of(chunks)), Chunk(INSERT, new)) if c.text)
        for c in chunks:
            if c.op == EQUAL:
                if moved:
                    self.body.tracked(p, "moveTo", c.text, self.author, self.date)
                else:
                    self.body.run(p, c.text)
            elif c.op == INSERT:
                self.body.tracked(p, "ins", c.text, self.author, self.date)
            elif not moved:
                self.body.tracked(p, "del", c.text, self.author, self.date)

    def paragraph_of(self, pair: AlignedPair, side: str) -> Paragraph | None:
        if side == "old":
            return self.old_paras[pair.old_index] if pair.old_index is not None else None
        return self.new_paras[pair.new_index] if pair.new_index is not None else None

    def pair(self, pair: AlignedPair, mark: str | None) -> None:
        a = self.paragraph_of(pair, "old")
        b = self.paragraph_of(pair, "new")
        main = b or a
        assert main is not None  # a record has one side at least
        p = self.body.paragraph(indent=self.depth.get((id(main)), 0))
        if pair.status == ADDED and b is not None:
            self.body.mark(p, "ins", self.author, self.date)
            self.body.tracked(p, "ins", _with_label(_label(self.new, b), b.text), self.author, self.date)
            return
        if pair.status == DELETED and a is not None:
            self.body.mark(p, "del", self.author, self.date)
            self.body.tracked(p, "del", _with_label(_label(self.old, a), a.text), self.author, self.date)
            return
        if a is None or b is None:
            return
        moved = pair.moved and pair.status not in (SPLIT, MERGED)
        if moved:
            self.body.move_range(p, "moveTo", f"move{pair.old_index}", self.author, self.date, start=True)
            self.body.mark(p, "moveTo", self.author, self.date)
        self.label(p, pair, a, b, moved)
        self.chunks(p, pair.changes, b.text if pair.status not in (SPLIT, MERGED) else new_text(pair.changes),
                    moved)
        # parts joined by Accept (a merge) or by Reject (a split) keep a space between them
        if mark == "del" and not new_text(pair.changes)[-1:].isspace():
            self.body.tracked(p, "ins", " ", self.author, self.date)
        if mark == "ins" and not old_of(pair.changes)[-1:].isspace():
            self.body.tracked(p, "del", " ", self.author, self.date)
        if moved:
            self.body.move_range(p, "moveTo", f"move{pair.old_index}", self.author, self.date, start=False)
        if mark:
            self.body.mark(p, mark, self.author, self.date)

    def label(self, p: etree._Element, pair: AlignedPair, a: Paragraph, b: Paragraph, moved: bool) -> None:
        old_label = _label(self.old, a)
        new_label = _label(self.new, b)
        if pair.status == SPLIT and pair.new_group[:1] != (pair.new,):
            old_label = ""  # a later part of a split: its label is new
        if pair.status == MERGED and pair.old_group[:1] != (pair.old,):
            new_label = ""  # a later part of a merge: its label goes
        if old_label == new_label and not moved:
            if new_label:
                self.body.run(p, new_label + " ")
            return
        if old_label == new_label:
            self.body.tracked(p, "moveTo", new_label + " ", self.author, self.date)
            return
        if not moved:
            self.body.tracked(p, "del", old_label + " " if old_label else "", self.author, self.date)
        self.body.tracked(p, "ins", new_label + " " if new_label else "", self.author, self.date)

    def move_from(self, pair: AlignedPair) -> None:
        a = self.paragraph_of(pair, "old")
        if a is None:
            return
        p = self.body.paragraph(indent=self.depth.get(id(a), 0))
        name = f"move{pair.old_index}"  # the same name as its new place: Word links the two by it
        self.body.move_range(p, "moveFrom", name, self.author, self.date, start=True)
        self.body.mark(p, "moveFrom", self.author, self.date)
        self.body.tracked(p, "moveFrom", _with_label(_label(self.old, a), a.text), self.author, self.date)
        self.body.move_range(p, "moveFrom", name, self.author, self.date, start=False)


def old_of(chunks: Sequence[Chunk]) -> str:
    return "".join(c.text for c in chunks if c.op != INSERT)


def _with_label(label: str, text: str) -> str:
    return f"{label} {text}" if label and text else label or text


def _depths(doc: Document) -> dict[int, int]:
    by_ref = {p.ref: p for p in doc.paragraphs}
    out: dict[int, int] = {}
    for p in doc.paragraphs:
        depth, parent = 0, p.parent
        while parent is not None and depth < 9:
            depth += 1
            parent = by_ref[parent].parent if parent in by_ref else None
        out[id(p)] = depth
    return out


def render_redline(old: Document, new: Document, step: StepComparison, *, author: str = DEFAULT_AUTHOR,
                   date: str = FIXED_DATE) -> bytes:
    """NEW as a Word document whose tracked changes (by ``author``) turn OLD into it."""
    writer = _Redline(old, new, step, author, date)
    writer.write()
    if languages.direction(languages.draft_language(new)) == "rtl":
        mark_right_to_left(writer.body.element)
    writer.body.section(footer=True)
    names = f"{PurePath(old.path).name} \u2192 {PurePath(new.path).name}"
    footer = footer_part([f"{names}: changes tracked as {author} \u2014 page ", ("PAGE",), " of ", ("NUMPAGES",)],
                         Fmt(size=18))
    return Parts(document(writer.body), styles_part(), settings_part(track_changes=True), footer=footer,
                 title=f"Changes from {names}").write()
