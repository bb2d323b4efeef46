"""A Word document's paragraphs as a reader sees them, under a choice of tracked changes.

``WordDocument(data, path)`` opens the package once (``package.py``); ``paragraphs(view)`` gives the
body's paragraphs in order with their text, their automatic number as Word shows it
(``numbering.py``: paragraph- and style-level numbering, overrides, restarts), their style, heading
level and the comments anchored in them. Tables' paragraphs are read in place; text in text boxes is
read as paragraphs of its own (the fallback copy Word keeps for old readers is skipped), hidden text
and field codes are left out.

Tracked changes (``w:ins``, ``w:del``, ``w:moveFrom``, ``w:moveTo``, each by its ``w:author``) are read
through a ``View``: the changes of the authors it accepts are applied, the others rejected. So
``ACCEPT_ALL`` is the document as it prints with its changes, ``REJECT_ALL`` the document before them,
and ``View.only({"Jane Doe"})`` the document with one author's changes alone. A paragraph mark that is
inserted and rejected (or deleted and accepted) joins the paragraph to the next one, which keeps its
own properties (as in Word). Changes of formatting or numbering alone (``w:pPrChange``, tracked
``w:numPr``) are no changes of text: the current properties are read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from lxml import etree

from amendtool.docx.numbering import Counters, Numbering
from amendtool.docx.package import MC, Package, w
from amendtool.docx.styles import Styles, list_level, small_number
from amendtool.errors import Diagnostic, InputFileError

INSERTIONS = frozenset({w("ins"), w("moveTo")})
DELETIONS = frozenset({w("del"), w("moveFrom")})
REVISIONS = INSERTIONS | DELETIONS
_TEXT = frozenset({w("t"), w("delText")})
FALLBACK = f"{{{MC}}}Fallback"
_SKIP = frozenset({w("pPr"), w("rPr"), w("instrText"), w("delInstrText"), w("footnoteReference"),
                   w("endnoteReference"), w("p"), FALLBACK})


@dataclass(frozen=True, slots=True)
class View:
    """Which tracked changes are applied: those of ``accepted`` authors (all when None)."""

    accepted: frozenset[str] | None = None

    def accepts(self, author: str) -> bool:
        return self.accepted is None or author in self.accepted

    @staticmethod
    def only(authors: set[str] | frozenset[str]) -> View:
        """The changes of ``authors`` applied, every other one rejected."""
        return View(frozenset(authors))


ACCEPT_ALL = View(None)
REJECT_ALL = View(frozenset())


@dataclass(frozen=True, slots=True)
class Comment:
    """A Word comment (``word/comments.xml``)."""

    id: str
    author: str
    date: str
    text: str
    """Its paragraphs' text, joined by a space."""


@dataclass(frozen=True, slots=True)
class WordParagraph:
    """One paragraph of the body as a reader sees it under a view."""

    text: str
    """Its visible text (tabs kept, line breaks as spaces)."""
    label: str
    """Its automatic number as Word shows it (``12.``, ``(a)``, ``PP3``), "" when none."""
    num_format: str | None
    """The number format of its list level (``decimal``, ``lowerLetter`` ...), None when not in a list."""
    list_level: int | None
    """Its list level (0 = outermost), None when not in a list."""
    style: str | None
    """Its paragraph style id (None: the default style)."""
    outline: int | None
    """Its heading level (0 = outermost), None for body text."""
    comments: tuple[str, ...]
    """Ids of the comments anchored in it."""
    sources: tuple[int, ...]
    """Indexes (in ``WordDocument.elements``) of the ``w:p`` it is made of: several where a paragraph
    mark was removed; the last one's properties are its own."""


def _author(el: etree._Element) -> str:
    return (el.get(w("author")) or "").strip() or "Unknown author"


class WordDocument:
    """A .docx read once, to be viewed under several choices of tracked changes."""

    def __init__(self, data: bytes, path: str):
        self.path = path
        package = Package.open(data, path)
        try:
            document = package.xml("word/document.xml")
            if document is None:
                raise InputFileError(Diagnostic("not a Word .docx file (no word/document.xml)", path))
            self.styles = Styles(package.xml("word/styles.xml"), path)
            self.numbering = Numbering(package.xml("word/numbering.xml"), self.styles, path)
            comments = package.xml("word/comments.xml")
        finally:
            package.close()
        self.root = document
        body = document.find(w("body"))
        self.elements: tuple[etree._Element, ...] = tuple(
            p for p in (body.iter(w("p")) if body is not None else ())
            if not any(a.tag == FALLBACK for a in p.iterancestors()))
        """Every ``w:p`` of the body in document order (tables and text boxes included, the fallback
        copies of text boxes left out)."""
        self.comments: dict[str, Comment] = _comments(comments)

    # -- tracked changes ---------------------------------------------------------------------------

    def authors(self) -> Counter[str]:
        """The authors of tracked changes of text (insertions, deletions, moves, paragraph marks),
        with how many changes each made; changes of formatting or numbering alone are not counted."""
        counts: Counter[str] = Counter()
        for p in self.elements:
            for el in p.iter(*REVISIONS):
                parent = el.getparent()
                if parent is not None and parent.tag == w("numPr"):
                    continue
                if parent is not None and parent.tag == w("rPr") or _has_text(el):
                    counts[_author(el)] += 1
        return counts

    # -- paragraphs --------------------------------------------------------------------------------

    def paragraphs(self, view: View = ACCEPT_ALL) -> list[WordParagraph]:
        """The body's paragraphs under ``view``, numbered as Word numbers them."""
        counters = Counters(self.numbering)
        out: list[WordParagraph] = []
        texts: list[str] = []
        comments: list[str] = []
        sources: list[int] = []
        for k, p in enumerate(self.elements):
            texts.append(_text(p, view, True, comments))
            sources.append(k)
            if not _mark_kept(p, view) and k + 1 < len(self.elements) and _same_container(p, self.elements[k + 1]):
                continue  # the paragraph mark is gone: the text runs on into the next paragraph
            out.append(self._paragraph(p, "".join(texts), counters, tuple(dict.fromkeys(comments)), tuple(sources)))
            texts, comments, sources = [], [], []
        return out

    def list_of(self, ppr: etree._Element | None, where: str = "word/document.xml") -> tuple[str, int] | None:
        """The list (``numId``) and level that paragraph properties ``ppr`` put a paragraph in, by
        its own ``w:numPr`` or its style's; None when it is not numbered."""
        style = _style_of(ppr)
        own_num: str | None = None
        own_ilvl: int | None = None
        numpr = ppr.find(w("numPr")) if ppr is not None else None
        if numpr is not None:
            nid = numpr.find(w("numId"))
            if nid is not None:
                own_num = (nid.get(w("val")) or "").strip() or None
            lvl = numpr.find(w("ilvl"))
            if lvl is not None:
                own_ilvl = list_level(lvl.get(w("val"), "0"), where, self.path)
        style_num, style_ilvl = self.styles.numbering(style)
        num_id = own_num if own_num is not None else style_num
        if num_id is None or num_id == "0":
            return None
        if own_ilvl is not None:
            return num_id, own_ilvl
        if own_num is None and style_ilvl is not None:
            return num_id, style_ilvl
        if own_num is None:
            return num_id, self.numbering.style_level(num_id, style or self.styles.default) or 0
        return num_id, 0

    def _paragraph(self, p: etree._Element, text: str, counters: Counters, comments: tuple[str, ...],
                   sources: tuple[int, ...]) -> WordParagraph:
        ppr = p.find(w("pPr"))
        style = _style_of(ppr)
        outline: int | None = None
        out_el = ppr.find(w("outlineLvl")) if ppr is not None else None
        if out_el is not None:
            value = (out_el.get(w("val")) or "").strip()
            outline = int(value) if small_number(value) and int(value) <= 8 else None
        else:
            outline = self.styles.outline(style)
        found = self.list_of(ppr, f"word/document.xml (paragraph {sources[-1] + 1})")
        label, fmt, level = "", None, None
        if found is not None:
            counted = counters.next_label(*found)
            if counted is not None:
                (label, fmt), level = counted, found[1]
        return WordParagraph(text, label, fmt, level, style, outline, comments, sources)


def _style_of(ppr: etree._Element | None) -> str | None:
    style_el = ppr.find(w("pStyle")) if ppr is not None else None
    return style_el.get(w("val")) if style_el is not None else None


def _has_text(el: etree._Element) -> bool:
    return any(True for _ in el.iter(*_TEXT, w("tab"), w("br")))


def _mark_kept(p: etree._Element, view: View) -> bool:
    """Whether the paragraph mark stands in ``view`` (an inserted one accepted, a deleted one not)."""
    ppr = p.find(w("pPr"))
    rpr = ppr.find(w("rPr")) if ppr is not None else None
    if rpr is None:
        return True
    for el in rpr:
        if el.tag in INSERTIONS and not view.accepts(_author(el)):
            return False
        if el.tag in DELETIONS and view.accepts(_author(el)):
            return False
    return True


def _same_container(a: etree._Element, b: etree._Element) -> bool:
    """Whether two paragraphs stand in the same run of text (not in different table cells)."""
    return a.getparent() is b.getparent()


def _hidden(run: etree._Element) -> bool:
    rpr = run.find(w("rPr"))
    if rpr is None:
        return False
    vanish = rpr.find(w("vanish"))
    return vanish is not None and vanish.get(w("val"), "1") not in ("0", "false", "off")


def _text(node: etree._Element, view: View, visible: bool, comments: list[str]) -> str:
    """The visible text under ``node`` (``visible``: whether ``node`` itself shows in the view)."""
    out: list[str] = []
    for child in node:
        tag = child.tag
        if not isinstance(tag, str) or tag in _SKIP:
            continue
        if tag in _TEXT:
            if visible:
                out.append(child.text or "")
        elif tag == w("tab"):
            out.append("\t" if visible else "")
        elif tag in (w("br"), w("cr")):
            out.append(" " if visible else "")
        elif tag == w("noBreakHyphen"):
            out.append("-" if visible else "")
        elif tag in (w("commentRangeStart"), w("commentReference")):
            if child.get(w("id")) is not None:
                comments.append(child.get(w("id")) or "")
        elif tag in INSERTIONS:
            out.append(_text(child, view, visible and view.accepts(_author(child)), comments))
        elif tag in DELETIONS:
            out.append(_text(child, view, visible and not view.accepts(_author(child)), comments))
        elif tag == w("r") and _hidden(child):
            continue
        else:
            out.append(_text(child, view, visible, comments))
    return "".join(out)


def _comments(root: etree._Element | None) -> dict[str, Comment]:
    out: dict[str, Comment] = {}
    if root is None:
        return out
    for el in root.findall(w("comment")):
        cid = el.get(w("id"))
        if cid is None:
            continue
        parts = [" ".join(_text(p, ACCEPT_ALL, True, []).split()) for p in el.iter(w("p"))]
        out[cid] = Comment(cid, _author(el), el.get(w("date")) or "", " ".join(t for t in parts if t))
    return out
