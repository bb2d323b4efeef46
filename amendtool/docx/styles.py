"""Paragraph styles (``word/styles.xml``): what a paragraph inherits from its style.

A style may carry numbering (``w:pPr/w:numPr``: a list and a level) and an outline level (a heading),
and inherits both from the style it is based on (``w:basedOn``, followed to the root; loops are cut).
A paragraph without ``w:pStyle`` has the default paragraph style (``w:default="1"``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from amendtool.docx.package import w
from amendtool.errors import Diagnostic, InputFileError

MAX_LEVEL = 8
"""Word has nine list levels, 0 to 8."""
_HEADING_NAME = re.compile(r"^heading\s*(\d)$", re.I)


def small_number(text: str) -> bool:
    """Whether ``text`` is a number ``int`` reads at once: ASCII digits (not "²", which ``isdigit``
    accepts and ``int`` refuses), at most nine of them (not 5,000)."""
    return text.isascii() and text.isdigit() and len(text) <= 9


def list_level(value: str, where: str, path: str) -> int:
    """A ``w:ilvl`` value as a level 0-8; anything else is a clear error."""
    text = value.strip()
    if not small_number(text) or int(text) > MAX_LEVEL:
        raise InputFileError(Diagnostic(
            f'w:ilvl "{value}" in {where} is not a list level (Word has levels 0 to {MAX_LEVEL})', path))
    return int(text)


@dataclass(frozen=True, slots=True)
class Style:
    """One paragraph style as written (without what it inherits)."""

    id: str
    name: str
    based_on: str | None
    num_id: str | None
    """``w:numId`` of its ``w:numPr`` (``"0"`` removes numbering inherited from its base)."""
    ilvl: int | None
    outline: int | None
    """``w:outlineLvl``: 0-8 for a heading level, None (or 9, body text) for none."""


class Styles:
    """The paragraph styles of a document."""

    def __init__(self, root: etree._Element | None, path: str):
        self.by_id: dict[str, Style] = {}
        self.default: str | None = None
        self._numbering: dict[str | None, tuple[str | None, int | None]] = {}
        self._outline: dict[str | None, int | None] = {}
        if root is None:
            return
        for el in root.findall(w("style")):
            if el.get(w("type"), "paragraph") not in ("paragraph", "numbering"):
                continue
            sid = el.get(w("styleId"))
            if not sid:
                continue
            style = _style(el, sid, path)
            self.by_id.setdefault(sid, style)
            if el.get(w("default")) in ("1", "true", "on") and el.get(w("type"), "paragraph") == "paragraph":
                self.default = self.default or sid

    def chain(self, style_id: str | None) -> list[Style]:
        """The style and those it is based on, nearest first (a loop is cut where it closes)."""
        out: list[Style] = []
        seen: set[str] = set()
        sid = style_id if style_id is not None else self.default
        while sid is not None and sid not in seen and sid in self.by_id:
            seen.add(sid)
            style = self.by_id[sid]
            out.append(style)
            sid = style.based_on
        return out

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        """The list (``numId``) and level a paragraph of this style has from its style chain."""
        if style_id not in self._numbering:
            self._numbering[style_id] = self._chain_numbering(style_id)
        return self._numbering[style_id]

    def _chain_numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        num_id: str | None = None
        ilvl: int | None = None
        for style in self.chain(style_id):
            if num_id is None and style.num_id is not None:
                num_id = style.num_id
            if ilvl is None and style.ilvl is not None:
                ilvl = style.ilvl
        return num_id, ilvl

    def outline(self, style_id: str | None) -> int | None:
        """The heading level (0 = outermost) a paragraph of this style has, or None."""
        if style_id not in self._outline:
            self._outline[style_id] = self._chain_outline(style_id)
        return self._outline[style_id]

    def _chain_outline(self, style_id: str | None) -> int | None:
        chain = self.chain(style_id)
        for style in chain:
            if style.outline is not None:
                return style.outline if style.outline <= MAX_LEVEL else None
        for style in chain:  # Word's built-in "heading 1" ... even where styles.xml omits the level
            m = _HEADING_NAME.match(style.name)
            if m and 1 <= int(m.group(1)) <= MAX_LEVEL + 1:
                return int(m.group(1)) - 1
        return None

    def name(self, style_id: str | None) -> str:
        style = self.by_id.get(style_id or "")
        return style.name if style else (style_id or "")

    def numbering_style_num_id(self, style_id: str) -> str | None:
        """The ``numId`` a numbering style (``w:type="numbering"``) stands for."""
        style = self.by_id.get(style_id)
        return style.num_id if style else None


def _style(el: etree._Element, sid: str, path: str) -> Style:
    name_el = el.find(w("name"))
    based = el.find(w("basedOn"))
    ppr = el.find(w("pPr"))
    num_id = ilvl = outline = None
    if ppr is not None:
        numpr = ppr.find(w("numPr"))
        if numpr is not None:
            nid = numpr.find(w("numId"))
            if nid is not None:
                num_id = (nid.get(w("val")) or "").strip() or None
            lvl = numpr.find(w("ilvl"))
            if lvl is not None:
                ilvl = list_level(lvl.get(w("val"), "0"), f'word/styles.xml (style "{sid}")', path)
        out = ppr.find(w("outlineLvl"))
        if out is not None:
            value = (out.get(w("val")) or "").strip()
            outline = int(value) if small_number(value) and int(value) <= MAX_LEVEL else None
    name = name_el.get(w("val")) if name_el is not None else None
    based_on = based.get(w("val")) if based is not None else None
    return Style(sid, name or sid, based_on, num_id, ilvl, outline)
