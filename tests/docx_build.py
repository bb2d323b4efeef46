"""Building small Word documents with lxml for the tests: styles, numbering, tracked changes, comments.

    doc = WordBuilder()
    doc.abstract("0", [Lvl("decimal", "%1."), Lvl("lowerLetter", "(%2)")])
    doc.num("1", "0")
    doc.style("OP", "Operative Paragraph", num="1")
    doc.p("We decide.", style="OP")
    doc.p("We ", ("ins", "Jane Doe", "strongly "), "welcome.", num="1", ilvl=1)
    doc.save(tmp_path / "draft.docx")

A paragraph's pieces are text, ``(kind, author, text)`` tracked changes (``ins``, ``del``,
``moveFrom``, ``moveTo``), or ``("comment", id)`` (a comment anchored there; define it with
``doc.comment``). ``mark=("ins", author)`` tracks the paragraph mark itself.
"""

from __future__ import annotations

import copy
import io
import zipfile
from dataclasses import dataclass

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PR = "http://schemas.openxmlformats.org/package/2006/relationships"
CT = "http://schemas.openxmlformats.org/package/2006/content-types"
WML = "application/vnd.openxmlformats-officedocument.wordprocessingml"
DATE = "2024-05-06T10:00:00Z"


def w(tag: str) -> str:
    return f"{{{W}}}{tag}"


def sub(parent, tag: str, val: str | None = None, **attrs):
    el = etree.SubElement(parent, w(tag))
    if val is not None:
        el.set(w("val"), str(val))
    for k, v in attrs.items():
        el.set(w(k), str(v))
    return el


@dataclass
class Lvl:
    fmt: str = "decimal"
    text: str = "%1."
    start: int | str | None = 1
    style: str | None = None
    restart: int | None = None
    legal: bool = False


class WordBuilder:
    def __init__(self):
        self.body = etree.Element(w("body"))
        self.styles = etree.Element(w("styles"), nsmap={"w": W})
        self.numbering = etree.Element(w("numbering"), nsmap={"w": W})
        self.comments = etree.Element(w("comments"), nsmap={"w": W})
        self.has_numbering = False
        self.has_comments = False
        self.footer_text: str | None = None
        self.next_id = 100
        self.style("Normal", "Normal", default=True)

    # -- definitions ----------------------------------------------------------------------------

    def style(self, sid, name=None, *, based_on=None, num=None, ilvl=None, outline=None, kind="paragraph",
              default=False):
        s = sub(self.styles, "style", type=kind, styleId=sid)
        if default:
            s.set(w("default"), "1")
        sub(s, "name", name or sid)
        if based_on:
            sub(s, "basedOn", based_on)
        if num is not None or ilvl is not None or outline is not None:
            ppr = sub(s, "pPr")
            if num is not None or ilvl is not None:
                numpr = sub(ppr, "numPr")
                if ilvl is not None:
                    sub(numpr, "ilvl", ilvl)
                if num is not None:
                    sub(numpr, "numId", num)
            if outline is not None:
                sub(ppr, "outlineLvl", outline)
        return s

    def abstract(self, aid, levels, *, num_style_link=None, style_link=None):
        self.has_numbering = True
        a = sub(self.numbering, "abstractNum", abstractNumId=aid)
        if style_link:
            sub(a, "styleLink", style_link)
        if num_style_link:
            sub(a, "numStyleLink", num_style_link)
        for k, lvl in enumerate(levels):
            self._lvl(a, k, lvl)
        return a

    def _lvl(self, parent, k, lvl: Lvl):
        el = sub(parent, "lvl", ilvl=k)
        if lvl.start is not None:
            sub(el, "start", lvl.start)
        sub(el, "numFmt", lvl.fmt)
        if lvl.restart is not None:
            sub(el, "lvlRestart", lvl.restart)
        if lvl.style:
            sub(el, "pStyle", lvl.style)
        if lvl.legal:
            sub(el, "isLgl")
        sub(el, "lvlText", lvl.text)
        return el

    def num(self, nid, aid, *, starts=None, levels=None):
        self.has_numbering = True
        n = sub(self.numbering, "num", numId=nid)
        sub(n, "abstractNumId", aid)
        for k, start in (starts or {}).items():
            ov = sub(n, "lvlOverride", ilvl=k)
            sub(ov, "startOverride", start)
        for k, lvl in (levels or {}).items():
            ov = sub(n, "lvlOverride", ilvl=k)
            self._lvl(ov, k, lvl)
        return n

    def footer(self, text):
        """A default footer holding ``text`` (and the section properties that refer to it)."""
        self.footer_text = text

    def comment(self, cid, author, text):
        self.has_comments = True
        c = sub(self.comments, "comment", id=cid, author=author, date=DATE, initials=author[:2])
        p = sub(c, "p")
        r = sub(p, "r")
        sub(r, "t").text = text

    # -- content --------------------------------------------------------------------------------

    def _revision(self, parent, kind, author):
        self.next_id += 1
        return sub(parent, kind, id=self.next_id, author=author, date=DATE)

    def p(self, *pieces, style=None, num=None, ilvl=None, mark=None, outline=None, parent=None,
          numbering_change=None, format_change=None):
        """A paragraph. ``numbering_change``/``format_change``: an author who changed only its numbering
        (a tracked ``w:numPr``) or its formatting (``w:pPrChange``)."""
        para = sub(self.body if parent is None else parent, "p")
        if style or num is not None or ilvl is not None or mark or outline is not None or format_change:
            ppr = sub(para, "pPr")
            if style:
                sub(ppr, "pStyle", style)
            if num is not None or ilvl is not None:
                numpr = sub(ppr, "numPr")
                if ilvl is not None:
                    sub(numpr, "ilvl", ilvl)
                if num is not None:
                    sub(numpr, "numId", num)
                if numbering_change:
                    self._revision(numpr, "ins", numbering_change)
            if outline is not None:
                sub(ppr, "outlineLvl", outline)
            if mark:
                self._revision(sub(ppr, "rPr"), mark[0], mark[1])
            if format_change:
                change = self._revision(ppr, "pPrChange", format_change)
                sub(change, "pPr")
        for piece in pieces:
            self._piece(para, piece)
        return para

    def _piece(self, para, piece):
        if isinstance(piece, str):
            self._run(para, piece)
        elif piece[0] == "comment":
            sub(para, "commentRangeStart", id=piece[1])
            sub(para, "commentRangeEnd", id=piece[1])
            r = sub(para, "r")
            sub(r, "commentReference", id=piece[1])
        else:
            kind, author, text = piece
            rev = self._revision(para, kind, author)
            self._run(rev, text, deleted=kind in ("del", "moveFrom"))

    @staticmethod
    def _run(parent, text, deleted=False):
        r = sub(parent, "r")
        t = sub(r, "delText" if deleted else "t")
        t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        t.text = text
        return r

    # -- the package ----------------------------------------------------------------------------

    def parts(self) -> list[tuple[str, bytes]]:
        doc = etree.Element(w("document"), nsmap={"w": W, "r": R})
        body = copy.deepcopy(self.body)
        doc.append(body)

        def xml(root):
            return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

        overrides = [("/word/document.xml", f"{WML}.document.main+xml"), ("/word/styles.xml", f"{WML}.styles+xml")]
        rels = [("rId1", "styles", "styles.xml")]
        parts = [("word/styles.xml", xml(self.styles))]
        if self.has_numbering:
            overrides.append(("/word/numbering.xml", f"{WML}.numbering+xml"))
            rels.append(("rId2", "numbering", "numbering.xml"))
            parts.append(("word/numbering.xml", xml(self.numbering)))
        if self.footer_text is not None:
            overrides.append(("/word/footer1.xml", f"{WML}.footer+xml"))
            rels.append(("rId4", "footer", "footer1.xml"))
            ftr = etree.Element(w("ftr"), nsmap={"w": W, "r": R})
            self._run(sub(ftr, "p"), self.footer_text)
            parts.append(("word/footer1.xml", xml(ftr)))
            sect = sub(body, "sectPr")
            ref = sub(sect, "footerReference", type="default")
            ref.set(f"{{{R}}}id", "rId4")
            sub(sect, "pgSz", w=12240, h=15840)
        if self.has_comments:
            overrides.append(("/word/comments.xml", f"{WML}.comments+xml"))
            rels.append(("rId3", "comments", "comments.xml"))
            parts.append(("word/comments.xml", xml(self.comments)))
        types = etree.Element(f"{{{CT}}}Types", nsmap={None: CT})
        for ext, ctype in (("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                           ("xml", "application/xml")):
            etree.SubElement(types, f"{{{CT}}}Default", Extension=ext, ContentType=ctype)
        for name, ctype in overrides:
            etree.SubElement(types, f"{{{CT}}}Override", PartName=name, ContentType=ctype)

        def relationships(items):
            root = etree.Element(f"{{{PR}}}Relationships", nsmap={None: PR})
            for rid, kind, target in items:
                etree.SubElement(root, f"{{{PR}}}Relationship", Id=rid, Type=f"{R}/{kind}", Target=target)
            return xml(root)

        parts.insert(0, ("word/document.xml", xml(doc)))
        return [("[Content_Types].xml", xml(types)),
                ("_rels/.rels", relationships([("rId1", "officeDocument", "word/document.xml")])),
                ("word/_rels/document.xml.rels", relationships(rels))] + parts

    def bytes(self) -> bytes:
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in self.parts():
                z.writestr(name, data)
        return buf.getvalue()

    def save(self, path):
        path.write_bytes(self.bytes())
        return path
