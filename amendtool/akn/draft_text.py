"""An AKN draft (``statement``, ``doc`` or any open or hierarchical document) as the draft text the
parser reads: how every command takes an AKN .xml draft (``draft.parser.load_draft``).

The text is the draft's *canonical text*, one line per block, as amendtool would print it:

- each line of the ``preface`` (the title block), each ``formula`` and each ``recital`` of the
  ``preamble`` (``num`` and text: ``Pp3 Recalling ...``);
- each heading: an ``article`` as ``Article 4 (Title)``, any other unit as ``num heading``
  (``1.1 Bridging the Digital Divide``, ``A. Preamble``);
- each ``paragraph``, ``point``, option (``hcontainer``) and other numbered unit as ``num text``
  (``12 bis. We ...``, ``(a) ...``, ``Option 2: ...``), sub-units indented below it;

and where the AKN came from a Markdown draft (``amendtool:source format="markdown"``) headings are
written ``#`` by level and the text is read as Markdown. Texts are taken as they stand, brackets and
all (the ``span`` marks around brackets and placeholders are amendtool's annotations, not text);
authorial notes, note references and deleted text (``del``) are left out. Page furniture is not in
AKN, so it is not in the text.

Each block stands on the line of the XML element it comes from (blank lines fill the gaps, and
keep blocks apart), so the line numbers that ``show`` prints and that errors name are lines of the
.xml file. Lossless means: for a draft amendtool wrote, text -> AKN -> text gives the same outline
(references, labels, headings, texts, bracket groups), and writing the read draft as AKN again gives
the same XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from amendtool.akn.xml import akn_document, local, q, qa
from amendtool.errors import Diagnostic, InputFileError

HEADING_UNITS = frozenset(
    "article book chapter division part section subchapter subdivision subpart subtitle title tome".split()
)
"""Units read as headings (with the units under them)."""
PARAGRAPH_UNITS = frozenset(
    "alinea clause hcontainer indent level list paragraph point proviso rule subclause subparagraph "
    "subrule subsection sublist transitional".split()
)
"""Units read as paragraphs (with their sub-units as sub-items)."""
SKIPPED = frozenset({"authorialNote", "noteRef", "del", "meta", "componentRef", "eop", "eol"})
"""Inline elements whose text is not the draft's text (``eol``/``eop`` mark line and page ends)."""
BLOCKS = frozenset({"p", "container", "formula", "block", "blockContainer", "blockList", "tblock", "ul", "ol", "table"})
"""Block elements: a container holding any of them is read block by block."""
BODIES = frozenset({"mainBody", "body", "judgmentBody", "debateBody", "collectionBody"})


def draft_text(data: bytes, path: str) -> tuple[str, str]:
    """The canonical text of an AKN draft document and how to parse it (``text`` or ``markdown``);
    ``InputFileError`` if it is not a draft."""
    _root, document = akn_document(data, path)
    name = local(document)
    if name in ("amendment", "amendmentList"):
        raise InputFileError(
            Diagnostic(
                f"is an Akoma Ntoso {name}, not a draft", path, document.sourceline or 0,
                hint="give the draft first; check, compile and consolidate take AKN amendments after it",
            )
        )
    source = document.find(f"{q('meta')}/{q('proprietary')}/{qa('source')}")
    markdown = source is not None and source.get("format") == "markdown"
    out = _Lines(markdown)
    if markdown:  # front matter, as a Markdown draft has: the title, and what says "read as Markdown"
        title = document.find(f"{q('preface')}//{q('docTitle')}")
        shown = inline_text(title) if title is not None else ""
        out.lines.extend(["---", f"title: {shown}", "---"] if shown else ["---", "---"])
    for part in document:
        tag = local(part)
        if tag == "preface":
            for block in part:
                out.add(inline_text(block), block, apart=False)
        elif tag == "preamble":
            out.preamble(part)
        elif tag in BODIES or tag == "conclusions":
            out.units(part, 0)
    text = out.text()
    return text, syntax(text)


def syntax(text: str) -> str:
    """How the canonical text of an AKN draft is parsed: ``markdown`` when it was written from a
    Markdown draft (it then opens with front matter), else ``text``."""
    return "markdown" if text.startswith("---\n") else "text"


def inline_text(element: Any) -> str:
    """The text of a block: its words as they stand, whitespace runs as one space."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if node.text:
            parts.append(node.text)
        for child in node:
            tag = local(child)
            if tag in ("eol", "br"):
                parts.append(" ")
            elif tag and tag not in SKIPPED:
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(element)
    return " ".join("".join(parts).split())


@dataclass
class _Lines:
    """The text being written, each block on its element's line where it can."""

    markdown: bool
    lines: list[str] = field(default_factory=list)

    def add(self, text: str, element: Any, depth: int = 0, apart: bool = True) -> None:
        """A block on its element's line, after a blank line unless it is a title line (``apart``
        False: the title block's lines may stand together)."""
        if not text:
            return
        want = element.sourceline or 0
        next_line = len(self.lines) + 1
        if self.lines and apart:
            next_line += 1
        self.lines.extend([""] * (max(want, next_line) - 1 - len(self.lines)))
        self.lines.append("    " * depth + text)

    def text(self) -> str:
        return "\n".join(self.lines) + "\n" if self.lines else ""

    # -- preface, preamble, conclusions: blocks --------------------------------------------------

    def blocks(self, container: Any, depth: int) -> None:
        for child in container:
            self.block(child, depth)

    def block(self, child: Any, depth: int) -> None:
        tag = local(child)
        if tag in ("recitals", "citations"):
            self.blocks(child, depth)
        elif tag in ("recital", "citation"):
            self.numbered(child, depth)
        elif tag in ("blockList", "ul", "ol", "table"):
            for item in child.iter(q("item"), q("li"), q("td"), q("th")):
                self.add(inline_text(item), item, depth)
        elif tag and any(local(c) in BLOCKS for c in child):
            self.blocks(child, depth)  # a container of blocks: formula, container, blockContainer ...
        elif tag:
            self.add(inline_text(child), child, depth)

    def preamble(self, preamble: Any) -> None:
        self.blocks(preamble, 0)

    # -- bodies: units ----------------------------------------------------------------------------

    def units(self, container: Any, level: int) -> None:
        """The units of a body or of a heading unit at ``level`` (0 for the body)."""
        for child in container:
            tag = local(child)
            if tag in HEADING_UNITS or (tag not in PARAGRAPH_UNITS and child.find(q("heading")) is not None):
                self.heading(child, level)
                self.units(child, level + 1)
            elif tag in PARAGRAPH_UNITS:
                self.numbered(child, 0)
            elif tag in ("num", "heading", "subheading", "content", "intro"):
                continue  # read with their unit
            elif tag:
                self.block(child, 0)

    def heading(self, unit: Any, level: int) -> None:
        num_el, head_el = unit.find(q("num")), unit.find(q("heading"))
        num = inline_text(num_el) if num_el is not None else ""
        head = inline_text(head_el) if head_el is not None else ""
        if local(unit) == "article":
            if num and not num.lower().startswith("art"):
                num = f"Article {num.rstrip('.')}"
            line = f"{num} ({head})" if num and head else num or head
        else:
            line = " ".join(x for x in (num, head) if x)
        if self.markdown:
            line = "#" * min(level + 1, 6) + " " + line
        self.add(line, unit)

    def numbered(self, unit: Any, depth: int) -> None:
        """A paragraph-like unit: ``num text`` on one line, its sub-units below it."""
        num_el = unit.find(q("num"))
        num = inline_text(num_el) if num_el is not None else ""
        own = []
        for child in unit:
            if local(child) in ("intro", "content") or (local(child) == "p"):
                own.append(inline_text(child))
        text = " ".join(t for t in own if t)
        if text or num:
            self.add(f"{num} {text}".strip(), unit, depth)
        # an option on a line of its own introduces the paragraphs after it (draft/options.py): they
        # stand at its own depth, as the draft writes them
        inner = depth if local(unit) == "hcontainer" and unit.get("name") == "option" and not text else depth + 1
        for child in unit:
            tag = local(child)
            if tag in PARAGRAPH_UNITS or tag in HEADING_UNITS:
                self.numbered(child, inner)
            elif tag == "wrapUp":
                self.blocks(child, depth + 1)
