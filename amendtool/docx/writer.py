"""Writing WordprocessingML: the helpers every .docx writer shares (compilation, redline, revision).

``Body`` builds a document body: paragraphs (a style, an indent), runs (bold, italic, underline,
deleted text), tracked changes (``w:ins``/``w:del``/``w:moveFrom``/``w:moveTo`` with author and date,
ids counted per document), tracked paragraph marks, move ranges, comments anchored on a stretch of
runs, and fields (``PAGE``, ``NUMPAGES``). ``Parts`` assembles the package around it: content types
and relationships for exactly the parts present, styles (``base_styles`` plus a writer's own),
settings (Track Changes on or off), a footer, comments and, when given, a numbering part.
``TextBody`` writes the same body as XML text, in a quarter of the time of lxml's elements one by
one, for a writer that never reads back what it wrote (the compilation: 37,000 paragraphs and a
5,000-row table on the benchmark's L); the comments part is written as text too.

Text goes through ``clean`` (characters XML cannot hold replaced, tabs and line breaks as spaces) and
lxml (or ``xml_text``) escapes it. Dates are given by the caller, never the current time, and the zip is written by
``package.write_package`` with fixed order and timestamps: the same input gives the same bytes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from lxml import etree

from amendtool.docx.package import XML_SPACE, Package, R, W, parse_xml, w, write_package, xml_bytes

FIXED_DATE = "2000-01-01T00:00:00Z"
"""The ``w:date`` of a change that has no date of its own (never the current time)."""
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
CP = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC = "http://purl.org/dc/elements/1.1/"

_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2})?))?Z?$")
_BAD_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SPACES = re.compile(r"[\t\r\n]")
INDENT = 720
"""Twentieths of a point per indent step (half an inch)."""


def clean(text: str) -> str:
    """Text Word can hold in one run: no characters XML forbids, line breaks and tabs as spaces."""
    if text.isprintable():  # (most texts) nothing to replace: every character replaced is unprintable
        return text
    return _SPACES.sub(" ", _BAD_XML.sub("\ufffd", text))


def iso_date(value: str) -> str | None:
    """A date as a ``w:date`` (``2015-10-19`` -> ``2015-10-19T00:00:00Z``), or None."""
    m = _DATE.match(value.strip())
    if not m:
        return None
    day, time = m.group(1), m.group(2) or "00:00:00"
    if len(time) == 5:
        time += ":00"
    return f"{day}T{time}Z"


_NAMES: dict[str, str] = {}
"""``w(name)`` of the names met so far (element and attribute names repeat hundreds of thousands of times)."""


def _name(name: str) -> str:
    qualified = _NAMES.get(name)
    if qualified is None:
        qualified = _NAMES[name] = w(name)
    return qualified


_VAL = w("val")


def sub(parent: etree._Element, tag: str, val: str | int | None = None, **attrs: str | int) -> etree._Element:
    """A new child ``w:tag`` of ``parent`` with ``w:val`` and other ``w:`` attributes (in this order)."""
    if val is None and not attrs:
        return etree.SubElement(parent, _name(tag))
    attrib = {} if val is None else {_VAL: str(val)}
    for key, value in attrs.items():
        attrib[_name(key)] = str(value)
    return etree.SubElement(parent, _name(tag), attrib)


_R, _T, _DEL_TEXT, _TAB = w("r"), w("t"), w("delText"), w("tab")
_PRESERVE = {XML_SPACE: "preserve"}


def _text(r: etree._Element, tag: str, piece: str) -> None:
    """``piece`` as a ``w:t`` (or ``w:delText``) of run ``r``, its spaces kept when they would be lost."""
    piece = clean(piece)
    if piece != piece.strip() or "  " in piece:
        etree.SubElement(r, tag, _PRESERVE).text = piece
    else:
        etree.SubElement(r, tag).text = piece


@dataclass(frozen=True, slots=True)
class Fmt:
    """Run formatting."""

    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    size: int | None = None
    """Half-points."""


PLAIN = Fmt()


class Body:
    """A document body under construction, with its revision and annotation ids."""

    def __init__(self) -> None:
        self.element = etree.Element(w("body"))
        self.next_id = 1
        self.comments: list[tuple[int, str, str, str]] = []
        """(id, author, date, text) of the comments anchored so far."""
        self._open_moves: dict[tuple[str, str], int] = {}

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    # -- paragraphs and runs ------------------------------------------------------------------------

    def paragraph(self, style: str | None = None, indent: int = 0, *, keep_next: bool = False,
                  align: str | None = None) -> etree._Element:
        """A new paragraph at the end of the body."""
        p = sub(self.element, "p")
        if style or indent or keep_next or align:
            ppr = sub(p, "pPr")
            if style:
                sub(ppr, "pStyle", style)
            if keep_next:
                sub(ppr, "keepNext")
            if indent:
                sub(ppr, "ind", left=INDENT * indent)
            if align:
                sub(ppr, "jc", align)
        return p

    @staticmethod
    def run(parent: etree._Element, text: str, fmt: Fmt = PLAIN, *, deleted: bool = False,
            rpr: etree._Element | None = None) -> etree._Element:
        """A run of ``text`` (``w:delText`` when ``deleted``; a tab as ``w:tab``) appended to ``parent``,
        formatted by ``fmt`` or by a copy of the run properties ``rpr``."""
        r = etree.SubElement(parent, _R)
        if rpr is not None:
            r.append(copy.deepcopy(rpr))
        elif fmt is not PLAIN and fmt != PLAIN:
            rpr = sub(r, "rPr")
            if fmt.bold:
                sub(rpr, "b")
            if fmt.italic:
                sub(rpr, "i")
            if fmt.strike:
                sub(rpr, "strike")
            if fmt.size:
                sub(rpr, "sz", fmt.size)
            if fmt.underline:
                sub(rpr, "u", "single")
        tag = _DEL_TEXT if deleted else _T
        if "\t" not in text:
            _text(r, tag, text)
            return r
        for k, piece in enumerate(text.split("\t")):
            if k:
                etree.SubElement(r, _TAB)
            if piece or not k:
                _text(r, tag, piece)
        return r

    def revision(self, parent: etree._Element, tag: str, author: str, date: str) -> etree._Element:
        """A ``w:ins``, ``w:del``, ``w:moveFrom`` or ``w:moveTo`` appended to ``parent``."""
        return sub(parent, tag, id=self.new_id(), author=author, date=date)

    def tracked(self, parent: etree._Element, tag: str, text: str, author: str, date: str,
                fmt: Fmt = PLAIN, rpr: etree._Element | None = None) -> etree._Element | None:
        """``text`` as a tracked change (nothing for empty text); the revision element."""
        if not text:
            return None
        rev = self.revision(parent, tag, author, date)
        self.run(rev, text, fmt, deleted=tag in ("del", "moveFrom"), rpr=rpr)
        return rev

    def like(self, ppr: etree._Element | None, style: str | None = None, indent: int = 0) -> etree._Element:
        """A new paragraph with a copy of the paragraph properties ``ppr`` (without their tracked
        changes), else with ``style`` and ``indent``."""
        if ppr is None:
            return self.paragraph(style, indent)
        p = sub(self.element, "p")
        props = copy.deepcopy(ppr)
        for el in list(props):
            if el.tag in (w("rPr"), w("pPrChange"), w("sectPr")):
                props.remove(el)
        p.append(props)
        return p

    def mark(self, p: etree._Element, tag: str, author: str, date: str) -> None:
        """Track the paragraph mark of ``p`` (an inserted, deleted or moved paragraph)."""
        ppr = _first_child(p, "pPr")
        rpr = ppr.find(w("rPr"))
        if rpr is None:
            rpr = sub(ppr, "rPr")
        self.revision(rpr, tag, author, date)

    def move_range(self, p: etree._Element, side: str, name: str, author: str, date: str,
                   *, start: bool) -> None:
        """The start or end of a move range (``side``: ``moveFrom`` or ``moveTo``) named ``name``."""
        if start:
            rid = self.new_id()
            sub(p, f"{side}RangeStart", id=rid, name=name, author=author, date=date)
            self._open_moves[(side, name)] = rid
        else:
            sub(p, f"{side}RangeEnd", id=self._open_moves.pop((side, name)))

    def comment(self, p: etree._Element, runs: Sequence[etree._Element], author: str, date: str,
                text: str) -> None:
        """A comment by ``author`` anchored on ``runs`` (children of ``p``; the whole paragraph when
        empty)."""
        cid = len(self.comments)
        start = etree.Element(w("commentRangeStart"))
        start.set(w("id"), str(cid))
        end = etree.Element(w("commentRangeEnd"))
        end.set(w("id"), str(cid))
        if runs:
            runs[0].addprevious(start)
            runs[-1].addnext(end)
        else:
            ppr = p.find(w("pPr"))
            if ppr is not None:
                ppr.addnext(start)
            else:
                p.insert(0, start)
            p.append(end)
        ref = etree.Element(w("r"))
        sub(sub(ref, "rPr"), "rStyle", "CommentReference")
        sub(ref, "commentReference", id=cid)
        end.addnext(ref)
        self.comments.append((cid, author, date, text))

    @staticmethod
    def field(parent: etree._Element, instruction: str, fmt: Fmt = PLAIN) -> None:
        """A field (``PAGE``, ``NUMPAGES``) whose result Word and LibreOffice compute."""
        begin = sub(parent, "r")
        sub(begin, "fldChar", fldCharType="begin")
        code = sub(parent, "r")
        instr = sub(code, "instrText", instruction)
        instr.attrib.pop(w("val"))
        instr.text = f" {instruction} "
        instr.set(XML_SPACE, "preserve")
        sub(sub(parent, "r"), "fldChar", fldCharType="separate")
        Body.run(parent, "1", fmt)
        sub(sub(parent, "r"), "fldChar", fldCharType="end")

    def section(self, *, footer: bool, landscape: bool = False) -> None:
        """The final section properties: A4, margins, the footer when there is one, page numbers from 1."""
        sect = sub(self.element, "sectPr")
        if footer:
            ref = sub(sect, "footerReference")
            ref.set(w("type"), "default")
            ref.set(f"{{{R}}}id", "rIdFooter")
        width, height = (16838, 11906) if landscape else (11906, 16838)
        size = sub(sect, "pgSz", w=width, h=height)
        if landscape:
            size.set(w("orient"), "landscape")
        sub(sect, "pgMar", top=1440, right=1440, bottom=1440, left=1440, header=708, footer=708, gutter=0)
        sub(sect, "pgNumType", start=1)


# ---------------------------------------------------------------------------------------------------
# The same body written as XML text: for a writer that never reads back what it wrote (the
# compilation), a quarter of the time of building lxml elements one by one


_XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"
"""What ``package.xml_bytes`` writes before the root element (then a line break)."""


def xml_text(text: str) -> str:
    """``text`` as XML character data, escaped as lxml writes it."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\t": "&#9;", "\n": "&#10;",
                               "\r": "&#13;"})


def xml_attr(value: str | int) -> str:
    """``value`` as an XML attribute value in double quotes, escaped as lxml writes it; ``ValueError``
    for a character XML cannot hold (as lxml raises)."""
    text = str(value)
    if _BAD_XML.search(text):
        raise ValueError(f"All strings must be XML compatible: {text!r}")
    return text.translate(_ATTR_ESCAPES)


def _rpr_xml(fmt: Fmt) -> str:
    if fmt is PLAIN or fmt == PLAIN:
        return ""
    inner = (("<w:b/>" if fmt.bold else "") + ("<w:i/>" if fmt.italic else "") + ("<w:strike/>" if fmt.strike else "")
             + (f'<w:sz w:val="{fmt.size}"/>' if fmt.size else "") + ('<w:u w:val="single"/>' if fmt.underline else ""))
    return f"<w:rPr>{inner}</w:rPr>" if inner else "<w:rPr/>"


def _t_xml(tag: str, piece: str) -> str:
    piece = clean(piece)
    space = ' xml:space="preserve"' if piece != piece.strip() or "  " in piece else ""
    return f"<w:{tag}{space}>{xml_text(piece)}</w:{tag}>"


def run_xml(text: str, fmt: Fmt = PLAIN, *, deleted: bool = False) -> str:
    """``Body.run``'s run of ``text`` as XML text (the ``w`` prefix bound to ``W``)."""
    tag = "delText" if deleted else "t"
    if "\t" not in text:
        return f"<w:r>{_rpr_xml(fmt)}{_t_xml(tag, text)}</w:r>"
    out = ["<w:r>", _rpr_xml(fmt)]
    for k, piece in enumerate(text.split("\t")):
        if k:
            out.append("<w:tab/>")
        if piece or not k:
            out.append(_t_xml(tag, piece))
    out.append("</w:r>")
    return "".join(out)


class TextItem:
    """A run or tracked change of a ``TextParagraph`` (what a comment is anchored on), with the comment
    marks written before and after it."""

    __slots__ = ("after", "before", "xml")

    def __init__(self, xml: str):
        self.xml = xml
        self.before: list[str] = []
        self.after: list[str] = []


class TextParagraph:
    """A paragraph of a ``TextBody``: its properties and its children, in order."""

    __slots__ = ("children", "marks", "props")

    def __init__(self, props: str):
        self.props = props
        """The children of ``w:pPr`` but its ``w:rPr``."""
        self.marks: list[str] = []
        """The tracked changes of the paragraph mark (``w:pPr/w:rPr``)."""
        self.children: list[str | TextItem] = []

    def xml(self) -> str:
        ppr = self.props + (f"<w:rPr>{''.join(self.marks)}</w:rPr>" if self.marks else "")
        out = [f"<w:pPr>{ppr}</w:pPr>"] if ppr else []
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            else:
                out.extend(child.before)
                out.append(child.xml)
                out.extend(child.after)
        return f"<w:p>{''.join(out)}</w:p>" if out else "<w:p/>"


class TextBody:
    """``Body``'s paragraphs, runs, tracked changes, paragraph marks and comments written as XML text,
    the same XML ``Body`` gives for the same calls (ids counted alike); ``append`` takes other
    block-level XML (a table). ``document_xml`` is the ``word/document.xml`` part."""

    def __init__(self) -> None:
        self.blocks: list[str | TextParagraph] = []
        self.next_id = 1
        self.comments: list[tuple[int, str, str, str]] = []
        """(id, author, date, text) of the comments anchored so far."""

    def new_id(self) -> int:
        self.next_id += 1
        return self.next_id - 1

    def paragraph(self, style: str | None = None, indent: int = 0, *, keep_next: bool = False,
                  align: str | None = None) -> TextParagraph:
        """A new paragraph at the end of the body."""
        props = ""
        if style:
            props += f'<w:pStyle w:val="{xml_attr(style)}"/>'
        if keep_next:
            props += "<w:keepNext/>"
        if indent:
            props += f'<w:ind w:left="{INDENT * indent}"/>'
        if align:
            props += f'<w:jc w:val="{xml_attr(align)}"/>'
        p = TextParagraph(props)
        self.blocks.append(p)
        return p

    def append(self, xml: str) -> None:
        """Block-level XML (``w:tbl``) at the end of the body."""
        self.blocks.append(xml)

    @staticmethod
    def run(p: TextParagraph, text: str, fmt: Fmt = PLAIN, *, deleted: bool = False) -> TextItem:
        """A run of ``text`` at the end of ``p``."""
        item = TextItem(run_xml(text, fmt, deleted=deleted))
        p.children.append(item)
        return item

    def _revision(self, tag: str, author: str, date: str) -> str:
        return f'<w:{tag} w:id="{self.new_id()}" w:author="{xml_attr(author)}" w:date="{xml_attr(date)}"'

    def tracked(self, p: TextParagraph, tag: str, text: str, author: str, date: str,
                fmt: Fmt = PLAIN) -> TextItem | None:
        """``text`` as a tracked change at the end of ``p`` (nothing for empty text)."""
        if not text:
            return None
        start = self._revision(tag, author, date)
        item = TextItem(f"{start}>{run_xml(text, fmt, deleted=tag in ('del', 'moveFrom'))}</w:{tag}>")
        p.children.append(item)
        return item

    def mark(self, p: TextParagraph, tag: str, author: str, date: str) -> None:
        """Track the paragraph mark of ``p``."""
        p.marks.append(self._revision(tag, author, date) + "/>")

    def comment(self, p: TextParagraph, runs: Sequence[TextItem], author: str, date: str, text: str) -> None:
        """A comment by ``author`` anchored on ``runs`` (children of ``p``; the whole paragraph when
        empty)."""
        cid = len(self.comments)
        start = f'<w:commentRangeStart w:id="{cid}"/>'
        end = (f'<w:commentRangeEnd w:id="{cid}"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>'
               f'<w:commentReference w:id="{cid}"/></w:r>')
        if runs:
            runs[0].before.append(start)
            runs[-1].after.insert(0, end)
        else:
            p.children.insert(0, start)
            p.children.append(end)
        self.comments.append((cid, author, date, text))

    def section(self, *, footer: bool) -> None:
        """``Body.section`` (portrait)."""
        self.append("<w:sectPr>" + ('<w:footerReference w:type="default" r:id="rIdFooter"/>' if footer else "")
                    + '<w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" '
                    'w:left="1440" w:header="708" w:footer="708" w:gutter="0"/><w:pgNumType w:start="1"/></w:sectPr>')

    def document_xml(self) -> bytes:
        """``word/document.xml`` with this body."""
        body = "".join(b if isinstance(b, str) else b.xml() for b in self.blocks)
        return (f'{_XML_DECLARATION}\n<w:document xmlns:w="{W}" xmlns:r="{R}"><w:body>{body}</w:body></w:document>'
                ).encode()


@dataclass(frozen=True, slots=True)
class StyleSpec:
    """A paragraph (or character) style of the documents we write."""

    id: str
    name: str
    based_on: str | None = "Normal"
    size: int | None = None
    bold: bool = False
    italic: bool = False
    outline: int | None = None
    indent: int | None = None
    kind: str = "paragraph"
    space_after: int | None = None
    align: str | None = None
    hanging: int | None = None
    first_line: int | None = None


BASE_STYLES: tuple[StyleSpec, ...] = (
    StyleSpec("Title", "Title", size=32, bold=True),
    *(StyleSpec(f"Heading{k}", f"heading {k}", size=s, bold=True, outline=k - 1)
      for k, s in zip(range(1, 7), (28, 26, 24, 22, 22, 22), strict=True)),
    StyleSpec("Footer", "footer", size=18),
    StyleSpec("CommentText", "annotation text", size=20),
    StyleSpec("CommentReference", "annotation reference", based_on=None, kind="character", size=16),
)


def styles_part(extra: Sequence[StyleSpec] = (), font: str = "Times New Roman", size: int = 24) -> bytes:
    """``word/styles.xml``: document defaults, Normal, ``BASE_STYLES``, ``extra``, a table grid."""
    root = etree.Element(w("styles"), nsmap={"w": W})
    defaults = sub(root, "docDefaults")
    rpr = sub(sub(defaults, "rPrDefault"), "rPr")
    sub(rpr, "rFonts", ascii=font, hAnsi=font, cs=font, eastAsia=font)
    sub(rpr, "sz", size)
    sub(rpr, "lang", "en-GB")
    sub(sub(sub(defaults, "pPrDefault"), "pPr"), "spacing", after=120)
    normal = sub(root, "style", type="paragraph", styleId="Normal", default="1")
    sub(normal, "name", "Normal")
    sub(normal, "qFormat")
    for spec in (*BASE_STYLES, *extra):
        _style(root, spec)
    table = sub(root, "style", type="table", styleId="TableGrid")
    sub(table, "name", "Table Grid")
    borders = sub(sub(table, "tblPr"), "tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        sub(borders, side, "single", sz=4, space=0, color="auto")
    return xml_bytes(root)


def _style(root: etree._Element, spec: StyleSpec) -> None:
    s = sub(root, "style", type=spec.kind, styleId=spec.id)
    sub(s, "name", spec.name)
    if spec.based_on:
        sub(s, "basedOn", spec.based_on)
    if spec.kind == "paragraph":
        sub(s, "qFormat")
        p = sub(s, "pPr")
        if spec.outline is not None:
            sub(p, "keepNext")
        if spec.outline is not None or spec.space_after is not None:
            sub(p, "spacing", before=240 if spec.outline is not None else 0,
                after=spec.space_after if spec.space_after is not None else 120)
        if spec.indent is not None or spec.hanging is not None or spec.first_line is not None:
            ind = sub(p, "ind", left=spec.indent or 0)
            if spec.hanging is not None:
                ind.set(w("hanging"), str(spec.hanging))
            elif spec.first_line is not None:
                ind.set(w("firstLine"), str(spec.first_line))
        if spec.align:
            sub(p, "jc", spec.align)
        if spec.outline is not None:
            sub(p, "outlineLvl", spec.outline)
    r = sub(s, "rPr")
    if spec.bold:
        sub(r, "b")
    if spec.italic:
        sub(r, "i")
    if spec.size:
        sub(r, "sz", spec.size)


def settings_part(*, track_changes: bool) -> bytes:
    root = etree.Element(w("settings"), nsmap={"w": W})
    if track_changes:
        sub(root, "trackRevisions")
    sub(root, "defaultTabStop", 720)
    sub(root, "compat")
    return xml_bytes(root)


def footer_part(pieces: Sequence[str | tuple[str]], fmt: Fmt = PLAIN) -> bytes:
    """A footer of one centred paragraph: strings as text, ``("PAGE",)`` tuples as fields."""
    root = etree.Element(w("ftr"), nsmap={"w": W, "r": R})
    p = sub(root, "p")
    ppr = sub(p, "pPr")
    sub(ppr, "pStyle", "Footer")
    sub(ppr, "jc", "center")
    for piece in pieces:
        if isinstance(piece, tuple):
            Body.field(p, piece[0], fmt)
        elif piece:
            Body.run(p, piece, fmt)
    return xml_bytes(root)


def comments_part(comments: Sequence[tuple[int, str, str, str]]) -> bytes:
    """``word/comments.xml``: each comment one paragraph of its text (written as XML text)."""
    out = [f'{_XML_DECLARATION}\n<w:comments xmlns:w="{W}">']
    for cid, author, date, text in comments:
        out.append(f'<w:comment w:id="{cid}" w:author="{xml_attr(author)}" w:date="{xml_attr(date)}" '
                   f'w:initials="{xml_attr(_initials(author))}"><w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr>'
                   '<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>'
                   f"{run_xml(text)}</w:p></w:comment>")
    if len(out) == 1:
        return f'{_XML_DECLARATION}\n<w:comments xmlns:w="{W}"/>'.encode()
    out.append("</w:comments>")
    return "".join(out).encode()


def _initials(author: str) -> str:
    """What Word prints before a comment's number: a delegation's code itself (``EU``, ``G77``,
    ``EU,US``), else a person's initials."""
    words = [x for x in re.split(r"[\s,]+", author) if x]
    if words and all(not any(ch.islower() for ch in x) for x in words):
        return ",".join(words)[:9]
    return "".join(x[0] for x in words)[:8] or "A"


@dataclass(slots=True)
class Parts:
    """A package to write: the document and what it refers to."""

    document: etree._Element | bytes
    """``w:document``, or the part's bytes (``TextBody.document_xml``)."""
    styles: bytes
    settings: bytes
    footer: bytes | None = None
    comments: bytes | None = None
    numbering: bytes | None = None
    title: str = ""
    """The document's title in its properties (``docProps/core.xml``)."""
    extra: list[tuple[str, bytes, str, str]] = field(default_factory=list)
    """Further parts kept from a source document: (name under word/, bytes, content type, relationship type)."""

    def write(self) -> bytes:
        """The .docx bytes."""
        word: list[tuple[str, bytes, str, str]] = [
            ("styles.xml", self.styles, f"{WML}.styles+xml", "styles"),
            ("settings.xml", self.settings, f"{WML}.settings+xml", "settings"),
        ]
        if self.numbering is not None:
            word.append(("numbering.xml", self.numbering, f"{WML}.numbering+xml", "numbering"))
        if self.footer is not None:
            word.append(("footer1.xml", self.footer, f"{WML}.footer+xml", "footer"))
        if self.comments is not None:
            word.append(("comments.xml", self.comments, f"{WML}.comments+xml", "comments"))
        word.extend(self.extra)
        rels = []
        for k, (name, _data, _ctype, kind) in enumerate(word, start=1):
            rid = "rIdFooter" if name == "footer1.xml" else f"rId{k}"
            rels.append((rid, kind, name))
        overrides = [("/word/document.xml", f"{WML}.document.main+xml"),
                     ("/docProps/core.xml", "application/vnd.openxmlformats-package.core-properties+xml")]
        overrides += [(f"/word/{name}", ctype) for name, _data, ctype, _kind in word]
        parts = [
            ("[Content_Types].xml", _content_types(overrides)),
            ("_rels/.rels", _rels([
                ("rId1", f"{R}/officeDocument", "word/document.xml"),
                ("rId2", "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties",
                 "docProps/core.xml")])),
            ("docProps/core.xml", _core(self.title)),
            ("word/document.xml", self.document if isinstance(self.document, bytes) else xml_bytes(self.document)),
            ("word/_rels/document.xml.rels", _rels([(rid, f"{R}/{kind}", name) for rid, kind, name in rels])),
        ]
        parts += [(f"word/{name}", data) for name, data, _ctype, _kind in word]
        return write_package(parts)


_ARABIC = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufefc]")
"""An Arabic letter: a paragraph or run whose first letter is one is written right to left."""
_BEFORE_BIDI = frozenset(w(t) for t in (
    "pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl", "numPr", "suppressLineNumbers",
    "pBdr", "shd", "tabs", "suppressAutoHyphens", "kinsoku", "wordWrap", "overflowPunct", "topLinePunct",
    "autoSpaceDE", "autoSpaceDN"))
"""What comes before ``w:bidi`` in ``w:pPr`` (the schema fixes the order)."""
_AFTER_RTL = frozenset(w(t) for t in ("cs", "em", "lang", "eastAsianLayout", "specVanish", "oMath"))
"""What comes after ``w:rtl`` in ``w:rPr``."""
_AFTER_LANG = frozenset(w(t) for t in ("eastAsianLayout", "specVanish", "oMath"))


def _starts_in_arabic(el: etree._Element) -> bool:
    for t in el.iter(w("t"), w("delText")):
        for ch in t.text or "":
            if ch.isalpha():
                return bool(_ARABIC.match(ch))
    return False


def _first_child(el: etree._Element, tag: str) -> etree._Element:
    """``el``'s properties element ``w:tag`` (``pPr`` of a paragraph, ``rPr`` of a run), made as its
    first child when it has none."""
    found = el.find(w(tag))
    if found is None:
        found = etree.Element(w(tag))
        el.insert(0, found)
    return found


def mark_right_to_left(body: etree._Element) -> None:
    """Make the Arabic of ``body`` right to left as Word writes it: each paragraph whose text begins
    with an Arabic letter gets ``w:bidi`` (so it runs and aligns from the right, its label first), each
    run that begins with one ``w:rtl`` and the Arabic ``w:lang``. Paragraphs and runs in other
    scripts (the English notes, summary and attributions around) stay left to right."""
    for p in body.iter(w("p")):
        if not _starts_in_arabic(p):
            continue
        ppr = _first_child(p, "pPr")
        if ppr.find(w("bidi")) is None:
            at = sum(1 for child in ppr if child.tag in _BEFORE_BIDI)
            ppr.insert(at, etree.Element(w("bidi")))
        for r in p.iter(w("r")):
            if not _starts_in_arabic(r):
                continue
            rpr = _first_child(r, "rPr")
            if rpr.find(w("rtl")) is None:
                at = next((k for k, child in enumerate(rpr) if child.tag in _AFTER_RTL), len(rpr))
                rpr.insert(at, etree.Element(w("rtl")))
            lang = rpr.find(w("lang"))
            if lang is None:
                lang = etree.Element(w("lang"))
                at = next((k for k, child in enumerate(rpr) if child.tag in _AFTER_LANG), len(rpr))
                rpr.insert(at, lang)
            lang.set(w("bidi"), "ar-SA")


def document(body: Body) -> etree._Element:
    """The ``w:document`` element around ``body``."""
    root = etree.Element(w("document"), nsmap={"w": W, "r": R})
    root.append(body.element)
    return root


def _content_types(overrides: Sequence[tuple[str, str]]) -> bytes:
    root = etree.Element(f"{{{CT}}}Types", nsmap={None: CT})
    for ext, ctype in (("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                       ("xml", "application/xml")):
        d = etree.SubElement(root, f"{{{CT}}}Default")
        d.set("Extension", ext)
        d.set("ContentType", ctype)
    for part, ctype in overrides:
        o = etree.SubElement(root, f"{{{CT}}}Override")
        o.set("PartName", part)
        o.set("ContentType", ctype)
    return xml_bytes(root)


def _rels(items: Sequence[tuple[str, str, str]]) -> bytes:
    root = etree.Element(f"{{{PR}}}Relationships", nsmap={None: PR})
    for rid, kind, target in items:
        r = etree.SubElement(root, f"{{{PR}}}Relationship")
        r.set("Id", rid)
        r.set("Type", kind)
        r.set("Target", target)
    return xml_bytes(root)


def _core(title: str) -> bytes:
    root = etree.Element(f"{{{CP}}}coreProperties", nsmap={"cp": CP, "dc": DC})
    etree.SubElement(root, f"{{{DC}}}title").text = clean(title)
    etree.SubElement(root, f"{{{DC}}}creator").text = "amendtool"
    return xml_bytes(root)


# ---------------------------------------------------------------------------------------------------
# A Word document rewritten with a new body: its styles, numbering, headers, footers, settings and
# everything else kept

_COMMENT_PARTS = re.compile(r"^word/comments[A-Za-z]*\.xml$")
_BEFORE_TRACK = ("writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
                 "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
                 "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
                 "saveSubsetFonts", "saveFormsData", "mirrorMargins", "alignBordersAndEdges",
                 "bordersDoNotSurroundHeader", "bordersDoNotSurroundFooter", "gutterAtTop", "hideSpellingErrors",
                 "hideGrammaticalErrors", "activeWritingStyle", "proofState", "formsDesign", "attachedTemplate",
                 "linkStyles", "stylePaneFormatFilter", "stylePaneSortMethod", "documentType", "mailMerge",
                 "revisionView")
"""The settings that come before ``w:trackRevisions`` (Word wants the schema's order)."""


def source_section(root: etree._Element) -> etree._Element | None:
    """The final section properties of a document (page size, margins, headers and footers)."""
    body = root.find(w("body"))
    sect = body.find(w("sectPr")) if body is not None else None
    return copy.deepcopy(sect) if sect is not None else None


def rebuild(package: Package, document_root: etree._Element, body: Body, *, track_changes: bool) -> bytes:
    """``package`` (an opened .docx) with ``body`` as its document body, the source's final section
    properties kept; its comments (whose anchors are gone) left out; Track Changes switched on when
    ``track_changes``."""
    root = copy.deepcopy(document_root)
    old_body = root.find(w("body"))
    sect = source_section(root)
    if old_body is not None:
        root.remove(old_body)
    new_body = copy.deepcopy(body.element)
    if sect is not None:
        new_body.append(sect)
    root.append(new_body)
    parts: list[tuple[str, bytes]] = []
    for name in package.names():
        if name.endswith("/") or _COMMENT_PARTS.match(name):
            continue
        data = package.read(name)
        if data is None:
            continue
        if name == "word/document.xml":
            data = xml_bytes(root)
        elif name == "[Content_Types].xml":
            data = _without(data, name, package.path, lambda el: _COMMENT_PARTS.match(
                (el.get("PartName") or "").lstrip("/")) is not None)
        elif name == "word/_rels/document.xml.rels":
            data = _without(data, name, package.path, lambda el: (el.get("Type") or "").endswith(
                ("/comments", "/commentsExtended", "/commentsIds", "/commentsExtensible")))
        elif name == "word/settings.xml" and track_changes:
            data = _tracking(data, name, package.path)
        parts.append((name, data))
    return write_package(parts)


def _without(data: bytes, part: str, path: str, drop: Callable[[etree._Element], bool]) -> bytes:
    root = parse_xml(data, part, path)
    for el in list(root):
        if drop(el):
            root.remove(el)
    return xml_bytes(root)


def _tracking(data: bytes, part: str, path: str) -> bytes:
    root = parse_xml(data, part, path)
    if root.find(w("trackRevisions")) is None:
        track = etree.Element(w("trackRevisions"))
        before = [el for el in root if isinstance(el.tag, str) and etree.QName(el).localname in _BEFORE_TRACK]
        if before:
            before[-1].addnext(track)
        else:
            root.insert(0, track)
    return xml_bytes(root)
