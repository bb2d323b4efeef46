"""Word .docx drafts as the plain text the parser reads.

The package is read by ``amendtool.docx`` (safely: no DTDs, entities or network; size, ratio and
entry limits; encrypted files and old .doc files named as such). Each Word paragraph becomes one
line, paragraphs separated by a blank line; its automatic number (``12.``, ``(a)``, ``PP3``: paragraph-
or style-level numbering, counted as Word counts it) is written before its text as the label a
reader sees, in the spelling the parser reads (``1)`` as ``1.``, ``a)`` as ``(a)``). Paragraphs in a
heading style (an outline level) are handed to the parser as headings (``HeadingHint``), numbered or
not. Tracked changes are read through a ``View`` (``amendtool.docx.reader``): by default all
accepted, the draft as it prints.
"""

from __future__ import annotations

from dataclasses import dataclass

from amendtool.docx.reader import ACCEPT_ALL, View, WordDocument, WordParagraph
from amendtool.draft.patterns import LazyPattern


@dataclass(frozen=True, slots=True)
class HeadingHint:
    """A line the parser must read as a heading: the Word paragraph had a heading style."""

    level: int
    """Its outline level, 0 = outermost."""
    label: str
    """Its automatic number as written before its text ("" when none)."""
    number: str | None
    """The number the section is named by (``1``, ``A``, ``II``), from ``label``; None when unnumbered."""


@dataclass(frozen=True, slots=True)
class DocxSource:
    """A .docx draft as text for the parser, with what the text alone cannot say."""

    text: str
    headings: dict[int, HeadingHint]
    """0-based line index -> heading hint."""
    paragraphs: tuple[WordParagraph, ...]
    """The Word paragraphs; paragraph ``k`` is line ``2 * k`` of ``text``."""

    @staticmethod
    def line_of(index: int) -> int:
        """The 1-based line of Word paragraph ``index`` in ``text``."""
        return 2 * index + 1


_NEWLINES = LazyPattern(r"[\r\n]+")
_DECIMAL = LazyPattern(r"\(?(\d+)[.)]?")
_LOWER = LazyPattern(r"\(?([a-z]{1,4})[.)]?")
_NUMBER = LazyPattern(r"(\d+(?:\.\d+)*|[A-Za-z]{1,6})[.):]?$")


def parser_label(p: WordParagraph) -> str:
    """The paragraph's automatic number in the parser's spelling (``spelled``)."""
    return spelled(p.label, p.num_format, p.list_level)


def spelled(label: str, num_format: str | None, list_level: int | None) -> str:
    """An automatic number in the parser's spelling: a top-level ``1)`` or ``(1)`` as ``1.``, ``a.`` or
    ``a)`` as ``(a)``, ``i)`` as ``(i)``; others as Word shows them."""
    label = " ".join(label.split())
    if not label:
        return ""
    m = _DECIMAL.fullmatch(label)
    if m and list_level == 0 and num_format in ("decimal", "decimalZero", None):
        return f"{int(m.group(1))}."
    m = _LOWER.fullmatch(label)
    if m and num_format in ("lowerLetter", "lowerRoman"):
        return f"({m.group(1)})"
    return label


def heading_number(label: str) -> str | None:
    """The number a heading's label names its section by: ``Article 3`` -> ``3``, ``II.`` -> ``II``."""
    m = _NUMBER.search(label.strip())
    return m.group(1) if m else None


def docx_source(word: WordDocument, view: View = ACCEPT_ALL) -> DocxSource:
    """The text the parser reads for ``word`` under ``view``."""
    paragraphs = tuple(word.paragraphs(view))
    lines: list[str] = []
    headings: dict[int, HeadingHint] = {}
    for k, p in enumerate(paragraphs):
        text = _NEWLINES.sub(" ", p.text)
        label = parser_label(p)
        line = f"{label} {text}" if label and text else label or text
        if p.outline is not None and line.strip():
            headings[2 * k] = HeadingHint(p.outline, label, heading_number(label) if label else None)
        lines.append(line)
    return DocxSource("\n\n".join(lines) + "\n", headings, paragraphs)


def docx_text(data: bytes, path: str) -> str:
    """The draft text of a .docx file's bytes (its tracked changes accepted)."""
    return docx_source(WordDocument(data, path)).text
