"""The compilation as a Word document whose proposals are real tracked changes, readable on paper.

Every proposal is a revision authored by its delegation, so Word's Review tab (Accept, Reject, the
reviewer filter) works on them:

- inserted text is ``w:ins``, deleted text ``w:del`` with ``w:delText``; ``w:author`` is the proposing
  delegation's code, or the codes of every delegation that made the identical proposal (``EU, US``);
  ``--anonymous``: ``Proposal`` for all;
- ``w:date`` is the date of the first proposer's amendment file (its ``date:`` header), else
  2000-01-01T00:00:00Z: never the current time (anonymous: always the fixed date), so the document is
  byte-identical for the same inputs;
- a new paragraph is an inserted paragraph (its runs and its paragraph mark in ``w:ins``); a paragraph
  a single proposal deletes or replaces, with no other proposal on it, has its runs and paragraph
  mark in ``w:del`` (and the replacement in ``w:ins``).

Who proposed what must read on a black-and-white printout, where the reviewers' colours are gone,
and Accept All must leave the draft's text clean. So the attribution is a Word comment, never text:
each proposal carries a comment by its delegation anchored on its runs (``EU, supported by JPN:
replace (EU-3)``), which Word prints in the margin next to the underlined and struck-through text.
What has no tracked form is a comment too, on its place: competing alternatives (Alt 1 is tracked in
the text, ``Alt 2 — G77 (G77-1): “only about 10 per cent” for “almost 10 per cent”`` a comment by
G77), the delegations' own comments, moves (at the paragraph and where it would go), and
paragraph-level proposals that cannot be tracked in place. Accept All gives the draft with every
proposal (Alt 1 where they compete) and no attribution; Reject All gives the draft; Delete All
Comments removes the notes. With ``--anonymous``, proposals carry no comment and alternatives are
comments by ``Proposal``.

The footer carries the compilation's stamp (the draft, the day it was issued and the inputs'
fingerprint, as on every printed page of the HTML) and numbers the pages (page X of Y); the summary
tables close the document. Settings turn on Track Changes so the facilitator's own edits are tracked
too. Built with the shared WordprocessingML writer (``amendtool.docx.writer``).
"""

from __future__ import annotations

from lxml import etree

from amendtool.compile import (
    Change,
    Comment,
    Compilation,
    CompiledHeading,
    CompiledParagraph,
    Kept,
    MovedHere,
    NewParagraph,
    Proposal,
)
from amendtool.docx.package import xml_bytes
from amendtool.docx.writer import (
    FIXED_DATE,
    PLAIN,
    Fmt,
    Parts,
    StyleSpec,
    TextBody,
    TextItem,
    TextParagraph,
    comments_part,
    footer_part,
    iso_date,
    mark_right_to_left,
    run_xml,
    settings_part,
    styles_part,
)
from amendtool.draft import languages
from amendtool.render.marks import alt_label, attribution, kind_name, mark_words, shows_text, stamp

ANONYMOUS_AUTHOR = "Proposal"
BOLD = Fmt(bold=True)
ITALIC = Fmt(italic=True)
TABLE_HEAD = Fmt(bold=True, size=18)
TABLE_CELL = Fmt(size=20)
TEXT_WIDTH = 9000
"""Twips between the margins of an A4 page with 1-inch margins (9,026), rounded down."""
STYLES = (StyleSpec("Intro", "Compilation introduction", italic=True, size=20),)

__all__ = ["ANONYMOUS_AUTHOR", "FIXED_DATE", "iso_date", "label_text", "render_docx"]


def label_text(label: str | None) -> str:
    """A paragraph's label as printed before its text: ``12. ``, ``(a) ``."""
    if not label:
        return ""
    return label + (" " if label.endswith((".", ")")) else ". ")


class _Writer:
    def __init__(self, c: Compilation):
        self.c = c
        self.body = TextBody()
        self.dates: dict[str, str] = {}
        if not c.anonymous:
            for d in c.delegations:
                self.dates.setdefault(d.code, iso_date(d.date) or FIXED_DATE)
        self.last: TextParagraph | None = None
        """The last paragraph of the draft written (where a move's destination is noted)."""
        self.pending: list[tuple[str, tuple[str, ...]]] = []
        """Notes waiting for a paragraph to stand on (a move to the very start)."""
        self.rtl = languages.direction(languages.draft_language(c.document)) == "rtl"
        """An Arabic draft: its Arabic paragraphs are right to left (``mark_right_to_left``)."""

    # -- who and when -------------------------------------------------------------------------------

    def author(self, by: tuple[str, ...]) -> str:
        """The revision author for a proposal by these delegations."""
        return ", ".join(by) if by and not self.c.anonymous else ANONYMOUS_AUTHOR

    def date(self, by: tuple[str, ...]) -> str:
        if self.c.anonymous or not by:
            return FIXED_DATE
        return self.dates.get(by[0], FIXED_DATE)

    def by(self, p: Proposal) -> str:
        """``EU, supported by JPN (EU-3)``; "" when anonymous."""
        if self.c.anonymous or not p.proposers:
            return ""
        ids = f" ({', '.join(p.ids)})" if p.ids else ""
        return f"{attribution(p)}{ids}"

    def who(self, p: Proposal) -> str:
        """``EU, supported by JPN: replace (EU-3)``; "" when anonymous."""
        if self.c.anonymous or not p.proposers:
            return ""
        ids = f" ({', '.join(p.ids)})" if p.ids else ""
        return f"{attribution(p)}: {kind_name(p.kind)}{ids}"

    # -- building blocks ----------------------------------------------------------------------------

    def tracked(self, para: TextParagraph, tag: str, text: str, by: tuple[str, ...],
                fmt: Fmt = PLAIN) -> TextItem | None:
        return self.body.tracked(para, tag, text, self.author(by), self.date(by), fmt)

    def note(self, para: TextParagraph, runs: list[TextItem], text: str, by: tuple[str, ...]) -> None:
        """A comment by ``by`` anchored on ``runs`` of ``para`` (the whole paragraph when empty)."""
        if text:
            self.body.comment(para, runs, self.author(by), self.date(by), text)

    def paragraph(self, style: str | None = None, indent: int = 0) -> TextParagraph:
        para = self.body.paragraph(style, indent)
        for text, by in self.pending:
            self.note(para, [], text, by)
        self.pending = []
        return para

    def label(self, para: TextParagraph, label: str | None) -> None:
        if label:
            self.body.run(para, label_text(label), BOLD)

    # -- blocks -------------------------------------------------------------------------------------

    def heading(self, b: CompiledHeading) -> None:
        para = self.paragraph(f"Heading{min(max(b.level, 1), 6)}")
        self.body.run(para, f"{b.number} {b.title}" if b.number else b.title)
        for i, p in enumerate(b.marks):  # retitled or deleted (the proposals on a heading)
            self.note(para, [], self.mark_note(p, i if len(b.marks) > 1 else None), p.proposers)

    def base(self, b: CompiledParagraph) -> None:
        para = self.paragraph(indent=b.depth)
        self.last = para
        whole = b.marks[0] if len(b.marks) == 1 and not b.changes and b.marks[0].kind in (
            "delete-paragraph", "replace-paragraph") else None
        if whole is not None:
            self.whole(para, b, whole)
        else:
            self.label(para, b.label)
            for seg in b.segments:
                if isinstance(seg, Kept):
                    if seg.text:
                        self.body.run(para, seg.text)
                    continue
                self.change(para, seg)
            for i, p in enumerate(b.marks):
                self.note(para, [], self.mark_note(p, i if len(b.marks) > 1 else None), p.proposers)
        for p in b.structure:  # a bracket across paragraphs, an option chosen, a new heading
            self.note(para, [], self.mark_note(p, None), p.proposers)
        self.comments(para, b.comments)

    def whole(self, para: TextParagraph, b: CompiledParagraph, p: Proposal) -> None:
        """A paragraph deleted or replaced whole by one proposal: tracked, with the proposal's note."""
        runs = []
        if p.kind == "delete-paragraph":
            runs.append(self.tracked(para, "del", label_text(b.label), p.proposers, BOLD))
        else:
            self.label(para, b.label)
        runs.append(self.tracked(para, "del", b.text, p.proposers))
        if p.kind == "replace-paragraph":
            runs.append(self.tracked(para, "ins", p.inserted, p.proposers))
        else:
            self.body.mark(para, "del", self.author(p.proposers), self.date(p.proposers))
        self.note(para, [r for r in runs if r is not None], self.who(p), p.proposers)

    def change(self, para: TextParagraph, change: Change) -> None:
        first = change.proposals[0]
        runs: list[TextItem] = []
        for piece in first.pieces:
            if piece.op == "keep":
                if piece.text:
                    runs.append(self.body.run(para, piece.text))
            else:
                el = self.tracked(para, "ins" if piece.op == "insert" else "del", piece.text, first.proposers)
                if el is not None:
                    runs.append(el)
        if not change.contested:
            self.note(para, runs, self.who(first), first.proposers)
            return
        by = self.by(first)
        self.note(para, runs, f"{alt_label(0)}, shown in the text" + (f" \u2014 {by}" if by else ""),
                  first.proposers)
        for i, p in enumerate(change.proposals[1:], start=1):
            new = "".join(x.text for x in p.pieces if x.op != "delete")
            by = self.by(p)
            self.note(para, runs, f"{alt_label(i)}" + (f" \u2014 {by}" if by else "")
                      + f": \u201c{new}\u201d for \u201c{change.old}\u201d", p.proposers)

    def mark_note(self, p: Proposal, index: int | None) -> str:
        """``Move after 43 — EU (EU-7)``; competing ones ``Alt 2 — US (US-3): delete paragraph``."""
        words = mark_words(p)
        if shows_text(p):
            words += f" \u201c{p.inserted}\u201d"
        by = f" \u2014 {self.by(p)}" if self.by(p) else ""
        if index is None:
            return f"{words}{by}"
        return f"{alt_label(index)}{by}: {words[0].lower()}{words[1:]}"

    def comments(self, para: TextParagraph, comments: tuple[Comment, ...]) -> None:
        for cm in comments:
            by = (cm.by,) if cm.by and not self.c.anonymous else ()
            ids = f" ({cm.id})" if cm.id and by else ""
            self.note(para, [], f"{cm.text}{ids}", by)

    def new(self, b: NewParagraph) -> None:
        para = self.paragraph(indent=b.depth)
        self.last = para
        p = b.proposal
        self.body.mark(para, "ins", self.author(p.proposers), self.date(p.proposers))
        runs = [self.tracked(para, "ins", label_text(b.label), p.proposers, BOLD),
                self.tracked(para, "ins", b.text, p.proposers)]
        who = self.who(p)
        self.note(para, [r for r in runs if r is not None], f"{who}, {b.label}" if who else "", p.proposers)
        self.comments(para, b.comments)

    def moved(self, b: MovedHere) -> None:
        who = self.who(b.proposal)
        by = b.proposal.proposers
        if self.last is None:
            self.pending.append((f"Paragraph {b.ref} to be moved here, before this paragraph"
                                 + (f" \u2014 {who}" if who else ""), by))
            return
        self.note(self.last, [], f"Paragraph {b.ref} to be moved here, after this paragraph"
                  + (f" \u2014 {who}" if who else ""), by)

    # -- the document -------------------------------------------------------------------------------

    def build(self) -> bytes:
        c = self.c
        self.body.run(self.paragraph("Title"), f"Compilation: {c.title or c.draft}")
        intro = f"Proposals on {c.draft}"
        codes = ", ".join(dict.fromkeys(d.code for d in c.delegations))
        if codes:
            intro += f" from {codes} (in the order the files were given)"
        elif c.anonymous:
            intro += ", shown without attribution"
        self.body.run(self.paragraph(), intro + ".")
        self.body.run(self.paragraph("Intro"), (
            "Every proposal is a tracked change by its delegation (Review > Accept or Reject), inserted text "
            "underlined and deleted text struck through; a comment in the margin names who proposed it, so "
            "the printout reads without colour (print with markup). Where proposals compete, Alt 1 is "
            "tracked in the text and the other alternatives are comments on it; the delegations' comments, "
            "moves and supports are comments too. Accept All gives the draft with the proposals and no "
            "notes in its text."), ITALIC)
        for b in c.blocks:
            match b:
                case CompiledHeading():
                    self.heading(b)
                case CompiledParagraph():
                    self.base(b)
                case NewParagraph():
                    self.new(b)
                case MovedHere():
                    self.moved(b)
        self.summary()
        self.body.section(footer=True)
        data = self.body.document_xml()
        if not self.rtl:
            return data
        root = etree.fromstring(data)
        mark_right_to_left(root)
        return xml_bytes(root)

    def summary(self) -> None:
        s = self.c.summary
        self.body.run(self.paragraph("Heading1"), "Summary")
        self.body.run(self.paragraph(), (
            f"{s.proposals} proposals ({s.merged} made by several delegations), {s.contested} places with "
            f"competing alternatives, {s.comments} comments; {s.brackets} bracket groups in the draft."))
        if s.delegations:
            self.body.run(self.paragraph("Heading2"), "Proposals per delegation")
            self.table(("Delegation", "Proposals", "Identical to another's", "Supports", "Comments"),
                       [(d.code, d.proposals, d.merged, d.supports, d.comments) for d in s.delegations])
        rows = [p for p in s.paragraphs if p.contention or p.comments]
        self.body.run(self.paragraph("Heading2"), "Contention per paragraph")
        self.body.run(self.paragraph(), "Contention = proposals + bracket groups.")
        self.table(("Paragraph", "Proposals", "Competing", "Brackets", "Comments", "Contention"),
                   [(p.ref + (" (new)" if p.new else ""), p.proposals, p.contested, p.brackets, p.comments,
                     p.contention) for p in rows] or [("none", "", "", "", "", "")])

    def table(self, head: tuple[str, ...], rows: list[tuple[str | int, ...]]) -> None:
        """A grid over the text width (9,000 twips): the first column (names, references) wider, the
        counts in equal columns, in a smaller type so headings such as "Contention" fit on one line."""
        first = 1800
        widths = [first] + [(TEXT_WIDTH - first) // (len(head) - 1)] * (len(head) - 1)
        out = [f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="{sum(widths)}" w:type="dxa"/>'
               '<w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>']
        out += [f'<w:gridCol w:w="{width}"/>' for width in widths]
        out.append("</w:tblGrid>")
        for k, row in enumerate([head, *rows]):
            # the head is repeated on every page the table runs over
            out.append("<w:tr><w:trPr><w:tblHeader/></w:trPr>" if k == 0 else "<w:tr>")
            fmt = TABLE_HEAD if k == 0 else TABLE_CELL
            for width, cell in zip(widths, row, strict=True):
                text = str(cell)
                out.append(f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
                           + (f"<w:p>{run_xml(text, fmt)}</w:p>" if text else "<w:p/>") + "</w:tc>")
            out.append("</w:tr>")
        out.append("</w:tbl>")
        self.body.append("".join(out))
        self.paragraph()  # Word wants a paragraph between a table and what follows


def render_docx(c: Compilation) -> bytes:
    writer = _Writer(c)
    root = writer.build()
    footer = footer_part([f"{stamp(c)} \u2014 page ", ("PAGE",), " of ",
                          ("NUMPAGES",)], Fmt(size=18))
    comments = comments_part(writer.body.comments) if writer.body.comments else None
    return Parts(root, styles_part(STYLES, font="Calibri", size=22), settings_part(track_changes=True),
                 footer=footer, comments=comments, title=f"Compilation: {c.title or c.draft}").write()

