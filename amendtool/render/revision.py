"""The next revision as a Word document (``consolidate -o NEXT.docx``).

When the draft came as .docx, the revision is that document with a new body: its styles, numbering
definitions, headers, footers, page setup and settings are kept (``docx.writer.rebuild``). Every
paragraph takes the paragraph properties (and, where its runs agree, the run properties) of the
paragraph it comes from (the concordance says which); a new paragraph takes those of its neighbour
(the paragraph before it at its depth, else the one after it). A paragraph Word numbered
automatically keeps its automatic number wherever Word's count gives the label the revision has
(``numbering.Counters``, run over the new body); where it does not (``12 bis``, or the numbers after a
deleted paragraph without ``--renumber``), its label is typed and its automatic number switched off,
the list's indentation kept.

Otherwise (a text or Markdown draft), a clean document in the layout of a UN draft: the title lines
centred, headings in heading styles, numbered paragraphs with a hanging indent (the label, a tab,
the text), sub-items indented by depth, page numbers in the footer.

``tracked=True`` writes the same revision as tracked changes over the draft (``redline.py``): each
change authored by the delegations whose operations made it (an accepted or bracketed proposal on
that span of the paragraph, else the paragraph's proposers), renumbering by ``author`` (the
facilitator); labels are typed, so that they change visibly.
"""

from __future__ import annotations

import copy
from collections.abc import Sequence

from lxml import etree

from amendtool.amend.operations import AmendmentFile, Operation
from amendtool.consolidate import ConcordanceRow, Consolidation
from amendtool.diff.align import ADDED, DELETED, MODIFIED, MOVED, RENUMBERED, UNCHANGED, AlignedPair
from amendtool.diff.compare import align_headings
from amendtool.diff.worddiff import DELETE, EQUAL, INSERT, Chunk, word_diff
from amendtool.docx.numbering import Counters
from amendtool.docx.package import Package, w
from amendtool.docx.reader import ACCEPT_ALL, WordDocument, WordParagraph
from amendtool.docx.writer import (
    FIXED_DATE,
    Body,
    Fmt,
    Parts,
    StyleSpec,
    document,
    footer_part,
    iso_date,
    mark_right_to_left,
    rebuild,
    settings_part,
    styles_part,
)
from amendtool.draft import languages
from amendtool.draft.docx import spelled
from amendtool.draft.model import Document, Line, Paragraph, Section
from amendtool.render import REVISION_AUTHOR
from amendtool.render.redline import Authors, Look, Redline, Shape, heading_line, label_as_written, title_lines

DEFAULT_AUTHOR = REVISION_AUTHOR
"""Who made the changes that are no delegation's (renumbering) in a tracked revision."""

UN_STYLES = (
    StyleSpec("UNMasthead", "UN masthead", align="center", space_after=0),
    StyleSpec("UNTitle", "UN title", bold=True, size=28, align="center", space_after=240),
    StyleSpec("UNNumbered", "UN numbered paragraph", indent=567, hanging=567, align="both"),
    StyleSpec("UNSubItem", "UN sub-item", indent=1134, hanging=567, align="both"),
    StyleSpec("UNSubSubItem", "UN sub-sub-item", indent=1701, hanging=567, align="both"),
    StyleSpec("UNParagraph", "UN paragraph", first_line=567, align="both"),
)
_DEPTH_STYLES = ("UNNumbered", "UNSubItem", "UNSubSubItem")
PPR_ORDER = ("pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd "
             "tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
             "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
             "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange").split()
"""The order of the children of ``w:pPr`` (Word reads them in this order only)."""


class CleanLook(Look):
    """A UN draft's layout for a draft that came as text."""

    def __init__(self, old: Document, new: Document):
        super().__init__(old, new)
        self.titles = {"old": old.title.title, "new": new.title.title}
        self.lines = {"old": title_lines(old), "new": title_lines(new)}

    def paragraph(self, side: str, para: Paragraph) -> Shape:
        if para.label_span is None:
            return Shape(style="UNParagraph")
        depth = min(self.depth[side].get(para.ref, 0), len(_DEPTH_STYLES) - 1)
        return Shape(style=_DEPTH_STYLES[depth], separator="\t")

    def title(self, side: str, index: int) -> Shape:
        lines = self.lines[side]
        main = index < len(lines) and lines[index] == " ".join(self.titles[side].split())
        return Shape(style="UNTitle" if main else "UNMasthead")


def _insert(ppr: etree._Element, el: etree._Element) -> None:
    """Put ``el`` into ``ppr`` where the schema's order wants it, replacing one of its kind."""
    name = etree.QName(el).localname
    old = ppr.find(w(name))
    if old is not None:
        old.addprevious(el)
        ppr.remove(old)
        return
    rank = PPR_ORDER.index(name)
    for child in ppr:
        if isinstance(child.tag, str) and etree.QName(child).localname in PPR_ORDER[rank + 1:]:
            child.addprevious(el)
            return
    ppr.append(el)


def _runs_rpr(p: etree._Element) -> etree._Element | None:
    """The run properties the text runs of ``p`` share, or None when they differ or there are none."""
    found: list[bytes] = []
    first: etree._Element | None = None
    for r in p.iter(w("r")):
        if r.find(w("t")) is None and r.find(w("delText")) is None:
            continue
        rpr = r.find(w("rPr"))
        found.append(etree.tostring(rpr) if rpr is not None else b"")
        if first is None:
            first = rpr
    if not found or len(set(found)) > 1 or first is None:
        return None
    out = copy.deepcopy(first)
    for el in list(out):
        if el.tag in (w("ins"), w("del"), w("rPrChange"), w("rStyle")):
            out.remove(el)
    return out


class SourceLook(Look):
    """The layout of the .docx the draft came as: each paragraph as the paragraph it comes from."""

    def __init__(self, word: WordDocument, old: Document, new: Document, rows: Sequence[ConcordanceRow]):
        super().__init__(old, new)
        self.word = word
        self.shown = word.paragraphs(ACCEPT_ALL)
        """The base draft's Word paragraphs, as the draft was read (paragraph k is text line 2k+1)."""
        self.old, self.new = old, new
        origin = {row.new: row.old for row in rows if row.new and row.old}
        self.source: dict[str, WordParagraph | None] = {}
        """Next-revision paragraph -> the Word paragraph it takes its properties from."""
        self.base: dict[str, WordParagraph | None] = {p.ref: self._wp(p.pos.line) for p in old.paragraphs}
        self._neighbours(new, origin)
        self.auto: set[int] = set()
        """ids of next-revision nodes whose label Word's automatic numbering shows."""

    def _wp(self, line: int) -> WordParagraph | None:
        k = (line - 1) // 2
        return self.shown[k] if 0 <= k < len(self.shown) else None

    def _neighbours(self, new: Document, origin: dict[str, str]) -> None:
        depth = self.depth["new"]
        paras = new.paragraphs
        for p in paras:
            if p.ref in origin:
                self.source[p.ref] = self.base.get(origin[p.ref])
        for k, p in enumerate(paras):
            if p.ref in self.source:
                continue
            around = [*reversed(paras[:k]), *paras[k + 1:]]
            same = [q for q in around if q.ref in self.source and depth.get(q.ref) == depth.get(p.ref)]
            pick = same[0] if same else next((q for q in around if q.ref in self.source), None)
            self.source[p.ref] = self.source[pick.ref] if pick is not None else None

    # -- properties -----------------------------------------------------------------------------

    def ppr(self, wp: WordParagraph | None) -> etree._Element | None:
        if wp is None:
            return None
        el = self.word.elements[wp.sources[-1]]
        ppr = el.find(w("pPr"))
        return copy.deepcopy(ppr) if ppr is not None else etree.Element(w("pPr"))

    def rpr(self, wp: WordParagraph | None) -> etree._Element | None:
        return _runs_rpr(self.word.elements[wp.sources[-1]]) if wp is not None else None

    def shape(self, wp: WordParagraph | None, auto: bool, fallback: Shape) -> Shape:
        ppr = self.ppr(wp)
        if wp is None or ppr is None:
            return fallback
        found = self.word.list_of(ppr)
        if found is None or auto:
            return Shape(ppr=ppr, rpr=self.rpr(wp), typed_label=not auto, separator=" ")
        # typed instead of Word's number: the number switched off, the list's indentation kept
        numpr = etree.Element(w("numPr"))
        etree.SubElement(numpr, w("ilvl")).set(w("val"), "0")
        etree.SubElement(numpr, w("numId")).set(w("val"), "0")
        _insert(ppr, numpr)
        level = self.word.numbering.level(*found)
        if level is not None and level.indent and ppr.find(w("ind")) is None:
            ind = etree.Element(w("ind"))
            for key, value in level.indent:
                ind.set(key, value)
            _insert(ppr, ind)
        return Shape(ppr=ppr, rpr=self.rpr(wp), typed_label=True, separator="\t")

    def paragraph(self, side: str, para: Paragraph) -> Shape:
        wp = self.source.get(para.ref) if side == "new" else self.base.get(para.ref)
        auto = side == "new" and id(para) in self.auto
        return self.shape(wp, auto, Shape(indent=self.depth[side].get(para.ref, 0)))

    def heading(self, side: str, section: Section) -> Shape:
        doc = self.new if side == "new" else self.old
        wp = self._wp(section.heading.pos.line) if doc is self.old else self._heading_source(section)
        auto = side == "new" and id(section) in self.auto
        return self.shape(wp, auto, super().heading(side, section))

    def _heading_source(self, section: Section) -> WordParagraph | None:
        base = {s.ref: s for s in self.old.sections}.get(section.ref)
        return self._wp(base.heading.pos.line) if base is not None else None

    def title(self, side: str, index: int) -> Shape:
        lines = [n for n in (self.old if side == "old" else self.new).title.lines if isinstance(n, Line)
                 and n.raw.strip()]
        base_lines = [n for n in self.old.title.lines if isinstance(n, Line) and n.raw.strip()]
        wp = self._wp(base_lines[index].pos.line) if index < len(base_lines) and index < len(lines) else None
        return self.shape(wp, False, Shape())

    # -- Word's own numbers ---------------------------------------------------------------------

    def keep_automatic_numbers(self) -> None:
        """Decide, in reading order, which paragraphs and headings keep Word's automatic number: those
        whose count gives the label the revision writes."""
        counters = Counters(self.word.numbering)
        for node in self.new.iter_nodes():
            if isinstance(node, Section):
                wp = self._heading_source(node)
                line = heading_line(node)
            elif isinstance(node, Paragraph):
                wp = self.source.get(node.ref)
                line = label_as_written(self.new, node)
            else:
                continue
            ppr = self.ppr(wp)
            found = self.word.list_of(ppr) if ppr is not None else None
            if found is None or not line:
                continue
            state = counters.snapshot()
            counted = counters.next_label(*found)
            shown = spelled(counted[0], counted[1], found[1]) if counted is not None else ""
            if shown and (line == shown or isinstance(node, Section) and line.startswith(shown + " ")):
                self.auto.add(id(node))
            else:
                counters.restore(state)


# ---------------------------------------------------------------------------------------------------
# Who made each change


class DelegationAuthors(Authors):
    """The delegations behind each change: the operations on that span of the paragraph (accepted
    or shown in brackets), else the paragraph's proposers; changes that are no delegation's (labels)
    by the facilitator."""

    def __init__(self, name: str, rows: Sequence[ConcordanceRow], files: Sequence[AmendmentFile]):
        super().__init__(name)
        self.by_old = {row.old: row for row in rows if row.old}
        self.by_new = {row.new: row for row in rows if row.new}
        self.ops: dict[str, Operation] = {op.id: op for f in files for op in f.operations}

    def row(self, pair: AlignedPair | None) -> ConcordanceRow | None:
        if pair is None:
            return None
        if pair.new is not None and pair.new in self.by_new:
            return self.by_new[pair.new]
        return self.by_old.get(pair.old or "")

    def whole(self, pair: AlignedPair | None) -> str:
        row = self.row(pair)
        return ", ".join(row.proposers) if row is not None and row.proposers else self.name

    def span(self, pair: AlignedPair, start: int, end: int) -> str:
        row = self.row(pair)
        if row is None:
            return self.name
        codes: list[str] = []
        for op_id in row.operations:
            op = self.ops.get(op_id)
            target = op.target if op is not None else None
            if op is None or target is None or target.ref != pair.old:
                continue
            if target.start <= end + 1 and start - 1 <= target.end:
                codes.append(op.by)
        return ", ".join(dict.fromkeys(codes)) or self.whole(pair)


def _pairs(old: Document, new: Document, rows: Sequence[ConcordanceRow]) -> list[AlignedPair]:
    """The concordance as aligned pairs (in the revision's order, deleted paragraphs where they stood)."""
    old_index = {p.ref: k for k, p in enumerate(old.paragraphs)}
    new_index = {p.ref: k for k, p in enumerate(new.paragraphs)}
    out: list[AlignedPair] = []
    for row in rows:
        o = old_index.get(row.old) if row.old else None
        n = new_index.get(row.new) if row.new else None
        if o is not None and n is not None:
            a, b = old.paragraphs[o], new.paragraphs[n]
            changes = word_diff(a.text, b.text) if a.text != b.text else ((Chunk(EQUAL, b.text),) if b.text else ())
            edited = any(c.op != EQUAL for c in changes)
            moved = row.status == "moved"
            renumbered = a.label != b.label
            status = MOVED if moved else MODIFIED if edited else RENUMBERED if renumbered else UNCHANGED
            out.append(AlignedPair(a.ref, b.ref, status, changes, edited, moved, renumbered, (a.ref,), (b.ref,),
                                   1.0, o, n))
        elif o is not None:
            a = old.paragraphs[o]
            out.append(AlignedPair(a.ref, None, DELETED, (Chunk(DELETE, a.text),) if a.text else (), True, False,
                                   False, (a.ref,), (), 0.0, o, None))
        elif n is not None:
            b = new.paragraphs[n]
            out.append(AlignedPair(None, b.ref, ADDED, (Chunk(INSERT, b.text),) if b.text else (), True, False,
                                   False, (), (b.ref,), 0.0, None, n))
    return out


# ---------------------------------------------------------------------------------------------------


def _plain(body: Body, new: Document, look: Look) -> None:
    """The revision without tracked changes."""
    for k, line in enumerate(title_lines(new)):
        shape = look.title("new", k)
        body.run(body.like(shape.ppr, shape.style, shape.indent), line, rpr=shape.rpr)
    for node in new.iter_nodes():
        if isinstance(node, Section):
            shape = look.heading("new", node)
            text = heading_line(node) if shape.typed_label else node.heading.title
        elif isinstance(node, Paragraph):
            shape = look.paragraph("new", node)
            label = label_as_written(new, node) if shape.typed_label else ""
            text = f"{label}{shape.separator}{node.text}" if label and node.text else label or node.text
        else:
            continue
        body.run(body.like(shape.ppr, shape.style, shape.indent), text, rpr=shape.rpr)


def _date(files: Sequence[AmendmentFile]) -> str:
    dates = sorted(d for d in (iso_date(f.date) for f in files if f.date) if d)
    return dates[-1] if dates else FIXED_DATE


def render_revision(result: Consolidation, base: Document, files: Sequence[AmendmentFile], *,
                    source: bytes | None = None, tracked: bool = False, author: str = DEFAULT_AUTHOR) -> bytes:
    """The next revision (``result``, consolidated from ``base`` and ``files``) as .docx bytes; in the
    layout of ``source`` (the base draft's .docx bytes) when given, else in a UN draft's layout;
    ``tracked``: as tracked changes over ``base`` by the delegations that made them."""
    new = result.document
    body = Body()
    word = WordDocument(source, base.path) if source is not None else None
    look: Look
    if word is not None:
        source_look = SourceLook(word, base, new, result.concordance)
        if not tracked:  # a tracked revision types its labels, so that they change visibly
            source_look.keep_automatic_numbers()
        look = source_look
    else:
        look = CleanLook(base, new)
    if tracked:
        authors = DelegationAuthors(author, result.concordance, files)
        pairs = _pairs(base, new, result.concordance)
        Redline(body, base, new, pairs, align_headings(base, new, pairs), look, authors, _date(files)).write()
    else:
        _plain(body, new, look)
    if source is not None and word is not None:
        package = Package.open(source, base.path)
        try:
            return rebuild(package, word.root, body, track_changes=tracked)
        finally:
            package.close()
    if languages.direction(languages.draft_language(new)) == "rtl":  # a .docx source keeps its own bidi
        mark_right_to_left(body.element)
    body.section(footer=True)
    footer = footer_part([("PAGE",)], Fmt(size=20))
    return Parts(document(body), styles_part(UN_STYLES), settings_part(track_changes=tracked), footer=footer,
                 title=new.title.title).write()
