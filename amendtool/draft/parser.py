"""Drafts as text (plain, extracted from PDF, Markdown) into the immutable tree of ``model.py``.

Stages, each a function below:

1. ``split_lines`` and ``furniture.classify``: physical lines, page furniture recognised.
2. ``_scan``: each negotiation line is a heading, the start of a paragraph (by its label, by a blank
   line before it, or after a finished sentence in PDF text), or a continuation (hard wrap).
3. ``_build``: blocks nested into sections (by heading level) and sub-items into their paragraphs;
   furniture inside a paragraph (a page break cutting it) stays inside it.
4. ``_paragraph_text``: each paragraph's normalised text with a map back to source offsets, parsed
   into inline content (``inline.py``); references assigned (``refs.py``).
5. The bracket balance over the whole document: an unbalanced bracket is an error
   (``DraftSyntaxError``) or, with ``lenient``, a warning.

The tree holds every source line exactly once, so ``Document.render()`` is the input.
"""

from __future__ import annotations

import bisect
import functools
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from amendtool.draft import languages, refs
from amendtool.draft.formulas import is_chapeau, is_closing
from amendtool.draft.furniture import SourceLine, classify, split_lines
from amendtool.draft.inline import BRACKETS, OPENERS, bracket_offsets, may_hold_bracket, parse_inline
from amendtool.draft.labels import LABEL_SUFFIX_RE, letters, split_suffix
from amendtool.draft.labels import SUFFIXES as LABEL_SUFFIXES
from amendtool.draft.model import (
    Document,
    Furniture,
    Heading,
    Line,
    Paragraph,
    Position,
    Section,
    TextMap,
    TitleBlock,
    paused_gc,
)
from amendtool.draft.options import group_options
from amendtool.draft.patterns import LazyPattern
from amendtool.errors import Diagnostic, DraftSyntaxError, InputFileError
from amendtool.fileio import STDIN, decode_text, display_name, read_bytes

if TYPE_CHECKING:  # Word and Akoma Ntoso drafts: their readers (lxml) are imported when one is read
    from amendtool.docx.reader import View, WordDocument
    from amendtool.draft.docx import HeadingHint

SUFFIXES = LABEL_SUFFIX_RE
_SUFFIX = rf"(?:\s*(?:{SUFFIXES})\b)?"

_MD_HEADING = LazyPattern(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
_ARTICLE = LazyPattern(
    rf"^\s*\[?\s*Article\s+(\d+{_SUFFIX})\s*\]?\s*(?:\d\s*)?(?:[*_]*\((?P<title>[^)]*)\)[*_]*)?\s*(?:\d\s*)?$",
    re.I,
)
_DECIMAL_HEADING_SUFFIXED = LazyPattern(rf"^\s*(\d+(?:\.\d+)+(?:[ \t]*(?:{SUFFIXES})\b)?)\.?[ \t]+(\S.{{0,110}}?)\s*$")
"""``1.1 Bridging the Digital Divide``, and a section added between (``2.2 bis Capacity-building``)."""
_DECIMAL_START = LazyPattern(r"^\s*\d+\.\d")
"""How ``_DECIMAL_HEADING`` starts, tried first: a twentieth of its cost to compile."""
_DECIMAL_LABEL = LazyPattern(r"^(\s*)(\d{1,3}\.\d{1,3})\.?(?=\s+(?:\[|[A-Z][a-z]|[“\"]))[ \t]*")
"""``13.1 [Option 1: ...``: a paragraph numbered within paragraph 13 (a wrapped ``1.5 °C`` is not)."""
_LETTER_HEADING = LazyPattern(r"^\s*([A-H])\.[ \t]+(\S.{0,110}?)\s*$")
_ROMAN_HEADING_SUFFIXED = LazyPattern(rf"^\s*([IVX]{{1,5}}(?:[ \t]+(?:{SUFFIXES})\b)?)\.[ \t]+(\S.{{0,110}}?)\s*$")
"""``II. Internet governance``, ``I bis. Transparency``."""

_NUMBER = r"(?:1[0-8]\d\d|\d{1,3})"
"""A paragraph number: up to 1899 (a year such as ``2015.`` at the start of a wrapped line is not one)."""
_NUMBERED = LazyPattern(rf"^(\s*)({_NUMBER}{_SUFFIX})[.．](?=\s|$)[ \t]*")
_WORLD_NUMBERED = LazyPattern(rf"^(\s*)({_NUMBER}{languages.SUFFIX})(?:[.．]|[ \t]+[-–](?=\s))?(?=\s|$)[ \t]*")
"""``2-бис.``, ``2之二.``, ``٢ مكررا``: a new paragraph's number with the suffix of another language."""
_DASH_NUMBERED = LazyPattern(rf"^(\s*)({_NUMBER}(?:{languages.SUFFIX})?)[ \t]+[-–][ \t]+(?=\S)")
"""``١ - يتمثل ...``: Arabic drafts number paragraphs with a dash (only before Arabic text)."""
_CHINESE_NUMBERED = LazyPattern(rf"^(\s*)({languages.CHINESE_NUMERAL})、[ \t\u3000]*(?=\S)")
"""``一、``: a Chinese numbered item (a heading when what follows is a short title)."""
_NUMBERED_SUFFIX = LazyPattern(rf"^(\s*)({_NUMBER}\s*(?:{SUFFIXES})\b)\.?(?=\s|$)[ \t]*", re.I)
_PREAMBULAR_SUFFIXED = LazyPattern(rf"^(\s*)(PP[ \t]?\d{{1,3}}{_SUFFIX})\.?(?=\s|$)[ \t]*", re.I)
_OPERATIVE = LazyPattern(rf"^(\s*)(OP[ \t]?\d{{1,3}}{_SUFFIX})\.?(?=\s|$)[ \t]*")
_ALT_SUFFIXED = LazyPattern(rf"^(\s*)(Alt(?:ernative)?[ \t]*\d{{1,3}}{_SUFFIX})\.?(?=\s|$)[ \t]*", re.I)
_SUBITEM = LazyPattern(
    rf"^(\s*)\(([a-z]{{1,2}}|[ivx]{{1,6}})(?:\s+({LABEL_SUFFIX_RE}))?\)(?:[ \t]*({LABEL_SUFFIX_RE})\b)?(?=\s|$)[ \t]*"
)
"""``(a)``, ``(iv)``, and new sub-items ``(b) bis`` / ``(b bis)``."""
_PLAIN_SUBITEM = LazyPattern(r"^(\s*)\(([a-z]{1,2}|[ivx]{1,6})\)(?=\s|$)[ \t]*")
"""``_SUBITEM`` without the suffixes, which cost nine tenths of its compilation: what it matches where no
suffix stands after the letter (``_SUBITEM_WORD``)."""
_SUBITEM_WORD = LazyPattern(r"^\s*\([a-z]{1,6}(?:\s+([a-z]+)|\)[ \t]*([a-z]+))")
"""The word that stands where ``_SUBITEM`` reads a suffix: after the letter, inside the parenthesis or
after it (a suffix there is all of such a word)."""
_WORLD_SUBITEM = LazyPattern(
    rf"^(\s*)(?:[(（]([{languages.ABJAD}]|{languages.CHINESE_NUMERAL})[)）](?=[\s\u3000]|$|[^\x00-\x7f])"
    rf"|([a-z]|[{languages.CYRILLIC}]|[ivx]{{1,6}})\)(?=[\s\u3000]|$))[ \t\u3000]*"
)
"""Sub-items of the other languages: ``(أ)``, ``（一）``, and ``a)``, ``б)``, ``iv)`` (French, Spanish and
Russian drafts close the letter only)."""
_PLAIN_OPTION_NUMBER = r"(?:\d{1,2}|[IVX]{1,5}|[A-Z]|\([a-z]\))"
_OPTION_NUMBER = rf"{_PLAIN_OPTION_NUMBER}(?:[ \t]+(?:{LABEL_SUFFIX_RE})\b)?"
"""What follows ``Option``: ``2``, ``II``, ``B``, ``(b)``, and ``2 bis`` for an option added between."""
_FOOTNOTES = r"(?:\[\^[^\]\s]+\])*"
"""Markdown footnote markers written right after an option's number (``**Option 1[^6]:**``)."""


def _option(number: str) -> LazyPattern:
    """An option that starts a paragraph (``Option 2: text``, ``[Option 2: text``)."""
    return LazyPattern(
        rf"^(\s*\[?\s*)(\*\*)?(Option[ \t]+{number}){_FOOTNOTES}[ \t]*(?::[ \t]*(?:\*\*)?|(?:\*\*)[ \t]*:?)[ \t]*"
    )


def _option_line(number: str) -> LazyPattern:
    """An option on a line of its own (``**Option 1:**``, ``Option I``, ``Alt 2``, ``Option A (paragraphs
    1-2)``): a marker that introduces the paragraphs after it (``options.py``); a note in parentheses
    is its text."""
    return LazyPattern(
        rf"^(\s*)(\*\*)?((?:Option|Alt)[ \t]+{number}){_FOOTNOTES}[ \t]*(?:\*\*)?[ \t]*:?[ \t]*(?:\*\*)?[ \t]*:?"
        r"[ \t]*(?P<note>\([^()]*\))?[ \t]*$"
    )


_OPTION, _PLAIN_OPTION = _option(_OPTION_NUMBER), _option(_PLAIN_OPTION_NUMBER)
_OPTION_LINE, _PLAIN_OPTION_LINE = _option_line(_OPTION_NUMBER), _option_line(_PLAIN_OPTION_NUMBER)
"""Each with and without the suffixes after the number, which cost half its compilation: the one without
is what the other matches where no suffix stands after the number (``_OPTION_WORD``)."""
_OPTION_WORD = LazyPattern(rf"^\s*\[?\s*(?:\*\*)?(?:Option|Alt)[ \t]+{_PLAIN_OPTION_NUMBER}[ \t]+([a-z]+)")
"""The word that stands where ``_OPTION`` and ``_OPTION_LINE`` read a suffix: after the option's number
and a space (a suffix there is all of such a word)."""
_SUFFIX_WORDS = frozenset(LABEL_SUFFIXES)


def _suffixed(word: LazyPattern, body: str, ignore_case: bool = False) -> bool:
    """Whether the word ``word`` finds (``_SUBITEM_WORD``, ``_OPTION_WORD``) in ``body`` is a suffix: where
    it is not, the pattern with the suffixes matches as the one without does. ``ignore_case``: for a
    pattern that ignores case, where a word beyond ASCII may be one too (``ſ`` matches ``s``)."""
    m = word.match(body)
    if m is None:
        return False
    found = m.group(m.lastindex or 0)
    if ignore_case:
        return not found.isascii() or found.lower() in _SUFFIX_WORDS
    return found in _SUFFIX_WORDS


class _SuffixChoice:
    """A pattern that spells out the suffixes after a number (costly to compile) and the same pattern
    without them, with the same groups: ``match`` tries the first only where the word that ``word``
    finds where a suffix would stand is one (``_suffixed``), elsewhere the second, which matches there
    as the first would."""

    def __init__(self, suffixed: LazyPattern, plain: LazyPattern, word: LazyPattern) -> None:
        self.suffixed, self.plain, self.word = suffixed, plain, word
        self.ignore_case = bool(suffixed.flags & re.I)

    def match(self, body: str) -> re.Match[str] | None:
        chosen = self.suffixed if _suffixed(self.word, body, self.ignore_case) else self.plain
        return chosen.match(body)


_PREAMBULAR = _SuffixChoice(
    _PREAMBULAR_SUFFIXED,
    LazyPattern(r"^(\s*)(PP[ \t]?\d{1,3})\.?(?=\s|$)[ \t]*", re.I),
    LazyPattern(r"^\s*PP[ \t]?\d+\s*([^\W\d_]+)", re.I),
)
"""(The word after all the number's digits: a suffix after fewer is followed by a digit, no ``\\b``.)"""
_ROMAN_HEADING = _SuffixChoice(
    _ROMAN_HEADING_SUFFIXED,
    LazyPattern(r"^\s*([IVX]{1,5})\.[ \t]+(\S.{0,110}?)\s*$"),
    LazyPattern(r"^\s*[IVX]+[ \t]+([a-z]+)"),
)
_DECIMAL_HEADING = _SuffixChoice(
    _DECIMAL_HEADING_SUFFIXED,
    LazyPattern(r"^\s*(\d+(?:\.\d+)+)\.?[ \t]+(\S.{0,110}?)\s*$"),
    LazyPattern(r"^\s*\d+(?:\.\d+)+[ \t]*([a-z]+)"),
)
_ALT = _SuffixChoice(
    _ALT_SUFFIXED,
    LazyPattern(r"^(\s*)(Alt(?:ernative)?[ \t]*\d{1,3})\.?(?=\s|$)[ \t]*", re.I),
    LazyPattern(r"^\s*Alt(?:ernative)?[ \t]*\d+\s*([^\W\d_]+)", re.I),
)
_BARE_NUMBER = LazyPattern(r"^(\s*)(\d{1,3})[ \t]+(?=\[?[A-Z“\"])")
"""``8 There shall be ...``: a paragraph number whose full stop the PDF text lost."""


_SENTENCE_ENDS = (".", ";", "!", "?")
"""(A tuple: the empty string is not in it.)"""


def _ends_sentence(line: str) -> bool:
    """Whether ``line`` ends a sentence: punctuation, then perhaps closing brackets and quotes, then
    perhaps spaces (the pattern ``[.;!?][\\])"'”’»]*\\s*$``, which a search tries at every full stop of
    the line). What is left when the spaces (``\\s``, what ``str.rstrip`` strips) and then the closers
    are stripped ends in the punctuation."""
    return line.rstrip().rstrip("])\"'”’»")[-1:] in _SENTENCE_ENDS


_CAPS_HEADING = LazyPattern(r"^\s*([A-Z][A-Z\-–,’' ]{2,80}[A-Z])\s*$")
_MD_MARKUP = LazyPattern(
    r"\[\^[^\]\s]+\]"  # footnote marker
    r"|\]\([^)\s]*\)"  # link target
    r"|\{:[^}]*\}"  # kramdown attributes
    r"|\*\*|\*|_(?:(?<![\w\\]_)(?=\S)|(?<=\S_)(?!\w))"  # emphasis: *, **, _ (not within a word)
)
"""(Each alternative starts with a character of its own, the underscore's two written after it: a search
then skips the characters that start none in one loop of the regular expression engine, several times
faster than trying the alternatives at each of them.)"""


def _lead(body: str) -> str:
    """What a line starts with after its indentation, as the patterns above tell headings and labels
    apart by it: "0" for any decimal digit (each one ``\\d`` matches), else the character ("" for an
    empty line). A pattern is tried only on the lines whose lead it can match (``_LEADS_...``): most
    lines are tried against one or two patterns instead of a dozen."""
    c = body.lstrip()[:1]  # the whitespace \\s matches
    return "0" if c.isdecimal() else c


_LEADS_DIGIT = frozenset("0")
_LEADS_ARTICLE = frozenset("[Aa")
_LEADS_LETTER = frozenset("ABCDEFGH")
_LEADS_ROMAN = frozenset("IVX")
_LEADS_CAPS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_LEADS_OPTION_LINE = frozenset("*OA")
_LEADS_OPTION = frozenset("[*O")
_LEADS_SUBITEM = frozenset("(")
_LEADS_SECTION = _LEADS_ROMAN | _LEADS_DIGIT
_LEADS_CHINESE = frozenset(languages.CHINESE_NUMERAL.strip("[]+"))
_NUMBER_WORD = LazyPattern(r"^\s*\d+\s*[^\W\d_]")
"""A number and a word after it, as ``12 bis`` starts (``_NUMBERED_SUFFIX``, whose 19 suffixes cost
fifteen times as much to compile, is tried only where this matches)."""
_NUMBER_THEN_WORD = LazyPattern(r"^\s*\d+[ \t-]*(\w+)")
_DASHED_NUMBER = LazyPattern(r"^\s*\d+(?:[ \t-]*\S+)?[ \t]+[-–][ \t]")
"""How ``_DASH_NUMBERED`` starts, its suffix any word: it is tried only where this matches."""


def _world_suffixed(body: str) -> bool:
    """Whether a number and a suffix of ``languages.SUFFIX`` may start the line (``2 bis``, ``2-бис``,
    ``٢ مكررا``, ``2之二``): the word after the number, as far as it is letters, starts one (a suffix is
    all of the word, but a mark such as the tanween of ``مكرراً`` ends ``\\w``); ``_WORLD_NUMBERED`` is
    tried only there."""
    m = _NUMBER_THEN_WORD.match(body)
    if m is None:
        return False
    word = m.group(1)
    return word[0] == "之" or any(suffix.startswith(word) for suffix in languages.SUFFIX_WORDS)


def _starts(prefix: str, ignore_case: bool = False) -> Callable[[str], bool]:
    """Whether a line starts with ``prefix`` after its indentation (the ``\\s*`` of the patterns), or,
    ``ignore_case``, with ``prefix`` (lower case ASCII) in either case: no letter but ``P`` matches
    ``p`` regardless of case, and so for ``a``, ``l`` and ``t``."""
    if ignore_case:
        return lambda body: body.lstrip()[: len(prefix)].lower() == prefix
    return lambda body: body.lstrip().startswith(prefix)


_LABELS = (
    (_NUMBERED, "numbered", _LEADS_DIGIT, None),
    (_DECIMAL_LABEL, "numbered", _LEADS_DIGIT, None),
    (_NUMBERED_SUFFIX, "numbered", _LEADS_DIGIT, _NUMBER_WORD.match),
    (_PREAMBULAR, "preambular", frozenset("Pp"), _starts("pp", ignore_case=True)),
    (_OPERATIVE, "numbered", frozenset("O"), _starts("OP")),
    (_ALT, "alt", frozenset("Aa"), _starts("alt", ignore_case=True)),
)
"""The labels of numbered, preambular and alternative paragraphs, in the order they are tried, each
with its kind, its leads and what else a line must start with to be tried (None: nothing): the
patterns spell out the 19 suffixes, and one is compiled only for a draft with a line it may match."""

MAX_SECTION_DEPTH = 12
"""Sections nest at most this deep (a heading deeper still becomes a sibling of the deepest)."""
MAX_ITEM_DEPTH = 12
"""Sub-items nest at most this deep under their paragraph (a deeper one joins the deepest list).
Negotiation texts nest three or four deep; the bounds keep every walk over the tree shallow."""

ROMAN = {"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii", "xiii", "xiv", "xv"}


def detect_format(path: str) -> str:
    ext = Path(path).suffix.lower()
    if ext in (".md", ".markdown"):
        return "markdown"
    if ext == ".docx":
        return "docx"
    if ext == ".xml":
        return "akn"
    return "text"


def load_draft(path: str | os.PathLike, *, lenient: bool = False, fmt: str | None = None) -> Document:
    """Read and parse a draft file (.txt, .md, .docx, Akoma Ntoso .xml; ``-`` for standard input)."""
    data = read_bytes(path)
    fmt = fmt or detect_format(str(path))
    if str(path) == STDIN and data.startswith(b"PK\x03\x04"):
        fmt = "docx"  # a Word document piped in
    return read_draft(data, display_name(path), lenient=lenient, fmt=fmt)


def read_draft(data: bytes, name: str, *, lenient: bool = False, fmt: str | None = None) -> Document:
    """Parse a draft from the bytes of its file (.txt, .md, .docx, .xml, told by ``name``'s extension
    unless ``fmt`` is given); ``name`` is what diagnostics call it."""
    fmt = fmt or detect_format(name)
    if fmt == "docx":
        from amendtool.docx.reader import WordDocument

        return parse_docx(WordDocument(data, name), lenient=lenient)
    if fmt == "akn":  # its canonical text, each block on its line of the .xml (see akn/draft_text.py)
        from amendtool.akn.draft_text import draft_text as akn_draft_text

        text, text_fmt = akn_draft_text(data, name)
        return parse_draft(text, path=name, fmt=text_fmt, lenient=lenient, bom=False, source_format="akn")
    text, bom = decode_text(data, name)
    # a NUL character is a zero byte in every encoding: most files are cleared by a search of their
    # bytes (memchr), faster than one of their text
    if b"\x00" in data and "\x00" in text:
        raise InputFileError(Diagnostic("looks like a binary file, not a text draft", name))
    return parse_draft(text, path=name, fmt=fmt, lenient=lenient, bom=bom)


def source_syntax(doc: Document) -> str:
    """How ``doc.source`` is parsed again (a next revision): ``markdown`` or ``text``. A .docx draft
    is read as text; an AKN draft as the text or Markdown it stands for (see akn/draft_text.py)."""
    if doc.format == "akn":
        from amendtool.akn.draft_text import syntax as akn_syntax

        return akn_syntax(doc.source)
    return "markdown" if doc.format == "markdown" else "text"


def parse_docx(word: WordDocument, *, view: View | None = None, lenient: bool = False) -> Document:
    """Parse a Word document read by ``amendtool.docx``, its tracked changes applied as ``view`` says
    (by default all accepted, ``ACCEPT_ALL``: the draft as it prints)."""
    from amendtool.draft.docx import docx_source

    source = docx_source(word, view) if view is not None else docx_source(word)
    return parse_draft(source.text, path=word.path, fmt="text", lenient=lenient, bom=False, source_format="docx",
                       headings=source.headings)


def parse_draft(
    text: str,
    *,
    path: str = "<text>",
    fmt: str = "text",
    lenient: bool = False,
    bom: bool | None = None,
    source_format: str | None = None,
    headings: dict[int, HeadingHint] | None = None,
) -> Document:
    """Parse draft text. Raises ``DraftSyntaxError`` for unbalanced brackets unless ``lenient``.
    ``headings`` names lines (0-based) that are headings whatever their text (a .docx draft's
    paragraphs in heading styles).

    ``bom``: whether the file had a byte order mark that decoding removed; when not given, one
    leading U+FEFF of ``text`` is taken for it. Any further U+FEFF is text and kept."""
    if bom is None:
        bom = text.startswith("\ufeff")
        if bom:
            text = text[1:]
    with paused_gc():  # the tree makes no reference cycles: collections would only walk it again and again
        lines = split_lines(text)
        kinds = classify(lines, fmt, text)
        items = _scan(text, lines, kinds, fmt, headings or {})
        title, body = _build(text, lines, kinds, items, fmt)
        doc = Document(path=path, source=text, format=source_format or fmt, bom=bom, title=title, body=body)
        doc = refs.assign(doc)
        problems = bracket_balance(doc)
    if problems and not lenient:
        raise DraftSyntaxError(problems)
    if problems:
        # --lenient: the same diagnostics as warnings (the text is read as published)
        warnings = tuple(replace(p, hint="read as published", severity="warning") for p in problems)
        doc = replace(doc, warnings=warnings)
    return doc


# ---------------------------------------------------------------------------------------------------
# Stage 2: what each line starts


@dataclass(slots=True)
class _Start:
    """What a line starts, and the lines of the block it starts (internal)."""

    kind: str  # heading | paragraph
    label: str | None = None
    para_kind: str = "plain"
    label_start: int = 0  # offsets within the line
    label_end: int = 0
    content: int = 0  # where the paragraph's own text starts within the line
    number: str | None = None  # headings
    title: str = ""
    rank: int = 0
    indent: str = ""
    wants_title: bool = False  # a heading whose title may stand on the next line (Part I / GENERAL PROVISIONS)
    lines: list[int] = field(default_factory=list)  # indexes of the block's lines, furniture included


def _heading(body: str, fmt: str, lead: str | None = None) -> _Start | None:
    if fmt == "markdown":
        m = _MD_HEADING.match(body)
        if not m:
            return None
        inner = m.group(2)
        rank = len(m.group(1))
        a = _ARTICLE.match(inner)
        if a:
            title = _clean_title(a.group("title") or "")
            return _Start("heading", number=_norm_number(a.group(1)), title=title, rank=rank)
        d = re.match(r"^(\d+(?:\.\d+)*|[A-H]|[IVX]{1,5})\.?\s+(.*)$", inner)
        if d and (("." in d.group(1)) or not d.group(1).isdigit()):
            return _Start("heading", number=d.group(1).rstrip("."), title=_clean_title(d.group(2)), rank=rank)
        return _Start("heading", number=None, title=_clean_title(inner), rank=rank)
    if lead is None:
        lead = _lead(body)
    a = _ARTICLE.match(body) if lead in _LEADS_ARTICLE else None
    if a:
        return _Start("heading", number=_norm_number(a.group(1)), title=_clean_title(a.group("title") or ""), rank=30)
    found = _world_heading(body) if lead not in _LEADS_DIGIT else None  # (a word or 第 leads those)
    if found is not None:
        return found
    if lead in _LEADS_DIGIT:
        m = _DECIMAL_HEADING.match(body) if _DECIMAL_START.match(body) else None
        if m and _decimal_title(m.group(2)):
            number = m.group(1)
            return _Start("heading", number=number, title=m.group(2), rank=30 + number.count("."))
        return None  # and "13.1 [Option 1: ..." is a paragraph numbered 13.1 (_DECIMAL_LABEL), not a heading
    m = _LETTER_HEADING.match(body) if lead in _LEADS_LETTER else None
    if m and _looks_like_title(m.group(2)):
        return _Start("heading", number=m.group(1), title=m.group(2), rank=10)
    m = _ROMAN_HEADING.match(body) if lead in _LEADS_ROMAN else None
    if m and _looks_like_title(m.group(2), strict=True):
        return _Start("heading", number=m.group(1), title=m.group(2), rank=20)
    m = _CAPS_HEADING.match(body) if lead in _LEADS_CAPS else None
    if m and len(m.group(1).split()) <= 10 and len(m.group(1)) >= 5:
        return _Start("heading", number=None, title=m.group(1).strip(), rank=25)
    return None


_ENGLISH_ARTICLE = LazyPattern(r"^\s*\[?\s*(?:Article|Art\.)\s+\d", re.I)

PART_RANK = 5
"""Parts and chapters hold articles and every other section (``Part I`` above ``A.`` and ``Article 1``)."""


_LATIN_HEADING_WORD = LazyPattern(
    r"^\s*\[?\s*(?:Article|Art\.|Artículo|Articulo|Part|Partie|Parte|Chapter|Chapitre|Capítulo|Capitulo)\s", re.I
)
"""How an article, part or chapter heading in a Latin script starts: the words of ``languages.ARTICLE``
and ``languages.PART`` that a Latin letter starts, and the space after them (``particular`` and
``capacity`` start no heading: a line they start is not tried against those, whose compilation
costs twenty times as much)."""


_LATIN_HEADING_STARTS = frozenset("AaPpCc")
"""The letters that start ``_LATIN_HEADING_WORD``'s words, in either case (most lines start with another:
no need to try the pattern)."""


def _world_heading(body: str) -> _Start | None:
    """An article, part or chapter heading in any of the six languages (``Article premier``,
    ``Статья 2``, ``第一条``, ``المادة ١``, ``Partie I``, ``第一部分``), its title on the same line or,
    when none, on the next (``wants_title``); a Chinese ``一、`` with a short title."""
    head = body.lstrip()
    word = head[1:].lstrip()[:1] if head[:1] == "[" else head[:1]  # after the ``\\s*\\[?\\s*`` of the patterns
    if word.isascii():
        if word not in _LATIN_HEADING_STARTS or not _LATIN_HEADING_WORD.match(body):
            return None  # the common case, a line of English text: none of the words below starts it
    elif not word.isalpha() and word not in _LEADS_CHINESE:
        return None  # a quotation mark, a dash: no word below, no 第, no 一 starts the line
    # "Article 2" with digits is read by _ARTICLE alone (as ever: "Article 2." ending a wrapped
    # sentence is no heading); the other languages' words, and "Article premier", here
    if _ENGLISH_ARTICLE.match(body):
        return None  # (nor does any word below start it)
    found = languages.article_heading(body)
    if found is not None:
        return _Start("heading", number=found[0], title=_clean_title(found[1]), rank=30, wants_title=not found[1])
    found = languages.part_heading(body)
    if found is not None:
        rank = PART_RANK + (found[0].startswith("Chapter"))
        return _Start("heading", number=found[0], title=_clean_title(found[1]), rank=rank, wants_title=not found[1])
    m = _CHINESE_NUMBERED.match(body)
    if m and languages.title_line(body[m.end():]) and len(body[m.end():].strip()) <= 20:
        number = languages.chinese_number(m.group(2))
        return _Start("heading", number=languages._roman(number) or m.group(2), title=body[m.end():].strip(), rank=20)
    return None


def _decimal_title(title: str) -> bool:
    """Whether what follows ``1.1`` reads as a section's title (not a paragraph numbered within one)."""
    return (_looks_like_title(title) and len(title.split()) <= 10 and "[" not in title
            and not title.startswith("Option") and not title.endswith(":"))


_BRACKETED_TITLE = LazyPattern(r"^\[[^\[\]]+\](?:\s*\[[^\[\]]+\])*$")
"""A heading's title that is all bracketed alternatives: ``[Further guidance] [Additional guidance]``."""


def _section_heading(body: str, lead: str) -> _Start | None:
    """A roman-numeral or decimal section heading in mixed case, where a block starts (after a blank
    line or a finished sentence): ``II. Modalities and procedures for the review``, ``II. [Further
    guidance on initial reports] [Additional guidance]``, ``2.2 [Internet governance]``. (Anywhere
    else such a line may be a hard-wrapped sentence, and only the stricter rules of ``_heading``
    apply.)"""
    m = _ROMAN_HEADING.match(body) if lead in _LEADS_ROMAN else None
    if m and _looks_like_title(m.group(2)) and len(m.group(2).split()) <= 12:
        return _Start("heading", number=m.group(1), title=m.group(2), rank=20)
    m = _DECIMAL_HEADING.match(body) if lead in _LEADS_DIGIT and _DECIMAL_START.match(body) else None
    if m and _BRACKETED_TITLE.match(m.group(2)):
        number = m.group(1)
        return _Start("heading", number=number, title=m.group(2), rank=30 + number.count("."))
    return None


def _looks_like_title(title: str, strict: bool = False) -> bool:
    words = title.split()
    if not words or len(words) > 14:
        return False
    if re.search(r"[.;,]\s*\]?$", title):
        return False
    first = title.lstrip("[*_ ")[:1]
    if not first or not (first.isupper() or first.isdigit()):
        return False
    if strict:
        letters = [c for c in title if c.isalpha()]
        upper = sum(c.isupper() for c in letters)
        return bool(letters) and (upper / len(letters) > 0.6 or len(words) <= 6)
    return True


def _clean_title(title: str) -> str:
    return " ".join(title.replace("*", "").replace("_", "").split())


def _norm_number(number: str) -> str:
    """An article's number as references write it (``2 bis`` for ``2bis``): ``number`` is what
    ``\\d+`` and ``_SUFFIX`` matched (``_ARTICLE``, ``_ARTICLE_PREFIX``), so what follows its digits and
    spaces is all suffix (the 19 suffixes spelled out again would only find the same words)."""
    if number.isdecimal():
        return number  # ``2``
    m = _LEADING_DIGITS.match(number)
    suffix = number[m.end():].lstrip() if m else ""
    if m and suffix:
        return f"{m.group()} {' '.join(suffix.lower().split())}"
    return number.strip()


_LABEL_HEAD = LazyPattern(r"^(PP|OP|Alt(?:ernative)?)?\s*(\d+)\s*", re.I)
"""A label's prefix and number; the suffix, if any, is all that follows them: ``_norm_label`` reads
the labels of ``_LABELS``, whose patterns matched the suffix already."""


@functools.lru_cache(maxsize=4096)
def _norm_label(label: str) -> str:
    """A label as references write it (``12 bis``, ``Pp3``, ``OP2``); cached: drafts repeat their
    labels (every Article numbers its paragraphs 1, 2, 3 ...)."""
    label = " ".join(label.split())
    if label.isdecimal() or "." in label:
        return label  # ``12``, most labels, and ``13.1``: as the pattern below leaves them
    m = _LABEL_HEAD.match(label)
    if not m:
        return label
    prefix, number = m.groups()
    suffix = label[m.end():]
    if prefix:
        p = prefix.lower()
        prefix = "Pp" if p == "pp" else "OP" if p == "op" else "Alt "
    out = f"{prefix or ''}{number}"
    if suffix:
        out += " " + " ".join(suffix.lower().split())
    return out


def _option_marker(body: str) -> _Start | None:
    """An option on a line of its own (``Option 1:``, ``**Option II**``, ``Alt 1``): a paragraph of kind
    ``option`` without text, which ``options.group_options`` gives the paragraphs it introduces."""
    m = (_OPTION_LINE if _suffixed(_OPTION_WORD, body) else _PLAIN_OPTION_LINE).match(body)
    if not m:
        return None
    note = m.start("note") if m.group("note") else len(body)
    return _Start("paragraph", label=" ".join(m.group(3).split()), para_kind="option",
                  label_start=m.start(2) if m.group(2) else m.start(3), label_end=min(note, len(body.rstrip())),
                  content=note, indent=m.group(1))


def _paragraph_start(body: str, fmt: str, lead: str) -> _Start | None:
    marker = _option_marker(body) if lead in _LEADS_OPTION_LINE else None
    if marker is not None:
        return marker
    for regex, kind, leads, gate in _LABELS:
        m = regex.match(body) if lead in leads and (gate is None or gate(body)) else None
        if m:
            return _labelled(body, fmt, m, kind)
    found = _world_paragraph_start(body, lead)
    if found is not None:
        return found
    m = (_SUBITEM if _suffixed(_SUBITEM_WORD, body) else _PLAIN_SUBITEM).match(body) if lead in _LEADS_SUBITEM else None
    if m:
        suffixed = m.re.groups > 2  # (_SUBITEM, whose suffixes may both be absent)
        suffix = m.group(3) or m.group(4) if suffixed else None
        ends = (m.end(2) + 1, m.end(3) + 1, m.end(4)) if suffixed else (m.end(2) + 1,)
        return _Start(
            "paragraph",
            label=f"({m.group(2)})" + (f" {' '.join(suffix.lower().split())}" if suffix else ""),
            para_kind="sub-item",
            label_start=m.start(2) - 1,
            label_end=max(i for i in ends if i > 0),
            content=m.end(),
            indent=m.group(1),
        )
    m = (_OPTION if _suffixed(_OPTION_WORD, body) else _PLAIN_OPTION).match(body) if lead in _LEADS_OPTION else None
    if m:
        before = m.group(1)
        indent = _indent(before)
        label_start = m.start(2) if m.group(2) else m.start(3)
        # "[Option 2: text]": the option stands inside a bracket; its text keeps the marker
        content = len(indent) if "[" in before else m.end()
        return _Start(
            "paragraph",
            label=" ".join(m.group(3).split()),
            para_kind="option",
            label_start=label_start,
            label_end=m.end(),
            content=content,
            indent=indent,
        )
    return None


def _labelled(body: str, fmt: str, m: re.Match[str], kind: str) -> _Start:
    """The start of a paragraph whose label ``m``, a match of one of ``_LABELS`` of ``kind``, found."""
    indent, label = m.group(1, 2)
    if fmt == "markdown" and kind == "numbered" and len(indent.expandtabs(4)) >= 2 and label[:1].isdigit():
        kind = "md-sub"  # an indented "1." is a nested list item ("   OP5" is not)
    label_start, label_end = m.span(2)
    if body[label_end : label_end + 1] == ".":
        label_end += 1
    return _Start("paragraph", _norm_label(label), kind, label_start, label_end, m.end(), indent=indent)


_ARABIC_LETTER = LazyPattern(r"[\u0600-\u06ff]")


def _may_be_world_subitem(head: str) -> bool:
    """Whether a line, its indentation stripped, may start as ``_WORLD_SUBITEM`` reads: ``(`` before a
    letter of another script, or a Latin or Cyrillic letter closed soon (``a)``, ``iv)``, ``б)``)."""
    c = head[:1]
    if c in ("(", "（"):
        return not head[1:2].isascii()
    if "a" <= c <= "z":
        return ")" in head[:7]
    return c != "" and c in languages.CYRILLIC and head[1:2] == ")"


def _world_paragraph_start(body: str, lead: str) -> _Start | None:
    """A paragraph labelled as drafts in the other languages label them: ``2-бис.``, ``2之二.``,
    ``١ -`` (before Arabic text), ``一、``; sub-items ``(أ)``, ``（一）``, ``a)``, ``б)``. Each pattern is
    tried only on the lines whose lead (``_lead``) it can match."""
    ascii_line = body.isascii()
    if ascii_line:  # the common case: only "2-bis", "2 bis" without a full stop, "a)", "iv)" can start it
        head = body.lstrip()[:8]
        if not head[:1].isdigit() and ")" not in head:
            return None
    m = _WORLD_NUMBERED.match(body) if lead in _LEADS_DIGIT and _world_suffixed(body) else None
    if m and not _NUMBERED.match(body):
        number = _leading_number(m.group(2))
        return _Start("paragraph", label=_label_with_suffix(number, m.group(2)[len(number):]), para_kind="numbered",
                      label_start=m.start(2), label_end=m.end(2) + (body[m.end(2):m.end(2) + 1] in ".．"),
                      content=m.end(), indent=m.group(1))
    dash = lead in _LEADS_DIGIT and not ascii_line and ("-" in body or "–" in body) and _DASHED_NUMBER.match(body)
    m = _DASH_NUMBERED.match(body) if dash else None
    if m and _ARABIC_LETTER.match(body[m.end():].lstrip("[«\"“(")[:1]):
        number = _leading_number(m.group(2))
        return _Start("paragraph", label=_label_with_suffix(number, m.group(2)[len(number):]), para_kind="numbered",
                      label_start=m.start(2), label_end=m.end(2), content=m.end(), indent=m.group(1))
    m = None if ascii_line or lead not in _LEADS_CHINESE else _CHINESE_NUMBERED.match(body)
    if m:
        return _Start("paragraph", label=m.group(2), para_kind="numbered", label_start=m.start(2),
                      label_end=m.end(2) + 1, content=m.end(), indent=m.group(1))
    m = _WORLD_SUBITEM.match(body) if _may_be_world_subitem(body.lstrip()) else None
    if m:
        letter = m.group(2) or m.group(3)
        start = m.start(2) - 1 if m.group(2) else m.start(3)
        end = m.end(2) + 1 if m.group(2) else m.end(3) + 1
        return _Start("paragraph", label=f"({letter})", para_kind="sub-item", label_start=start, label_end=end,
                      content=m.end(), indent=m.group(1))
    return None


_LEADING_NUMBER = LazyPattern(_NUMBER)
_LEADING_DIGITS = LazyPattern(r"\d+")


def _leading_number(label: str) -> str:
    """The number a label starts with (``2`` of ``2-бис``)."""
    m = _LEADING_NUMBER.match(label)
    return m.group() if m else label


def _label_with_suffix(number: str, suffix: str) -> str:
    """``2 bis`` for ``2-бис``, ``2之二`` and ``٢ مكررا`` (the number as the draft writes it, the
    suffix as references do)."""
    word = languages.suffix_word(suffix)
    return f"{number} {word}" if word else number


def _hinted_heading(body: str, hint: HeadingHint) -> _Start:
    """A line the source format says is a heading (a Word heading style): numbered as its text says
    (``Article 4``, ``1.1``, ``A.``) or as its automatic number does; ranked by its outline level, so
    above every heading recognised by its text alone."""
    found = _heading(body, "text")
    if found is None:
        title = body.strip()
        number = hint.number
        if hint.label and title.startswith(hint.label):
            title = title[len(hint.label):].strip()
        else:
            m = _ARTICLE_PREFIX.match(title)
            if m:
                number, title = _norm_number(m.group(1)), m.group(2)
        found = _Start("heading", number=number, title=_clean_title(title))
    found.rank = hint.level + 1
    return found


def _line_heading(body: str, fmt: str, hint: HeadingHint | None, lead: str,
                  block_start: bool = False) -> _Start | None:
    """The heading a line is, if any; ``block_start``: the line starts a block (after a blank line or a
    finished sentence), where mixed-case section headings are read too (``_section_heading``)."""
    if hint is not None:
        return _hinted_heading(body, hint)
    found = _heading(body, fmt, lead)
    if found is None and block_start and fmt != "markdown":
        found = _section_heading(body, lead)
    return found


_ARTICLE_PREFIX = LazyPattern(rf"^\[?\s*Article\s+(\d+{_SUFFIX})\s*\]?\s*[.:\-–—]?\s*(.*)$", re.I)


def _scan(text: str, lines: list[SourceLine], kinds: list[str | None], fmt: str,
          hints: dict[int, HeadingHint]) -> list[_Start | range]:
    """Group lines into blocks. Returns a list of blocks (``_Start``: heading/paragraph/title) and ranges of
    line indexes (the furniture lines between two blocks: one run for any number of them)."""
    return _Scanner(lines, kinds, fmt, hints).scan()


class _Scanner:
    """``_scan`` line by line: what each content line starts (a heading, a labelled paragraph, a new
    unlabelled block) or continues, with the furniture met since the last content line."""

    def __init__(self, lines: list[SourceLine], kinds: list[str | None], fmt: str,
                 hints: dict[int, HeadingHint]) -> None:
        self.lines, self.kinds, self.fmt, self.hints = lines, kinds, fmt, hints
        self.out: list[_Start | range] = []
        self.current: _Start | None = None
        self.pending = range(0)
        """The furniture lines since the last content line (all the lines between them), while a content
        line is read."""
        self.next = 0
        """The line after the last content line."""
        self.title_open = True
        self.prev_body = ""
        self.last_number = 0
        """The last top-level paragraph number seen, for numbers without a full stop."""
        self.untitled: _Start | None = None
        """A heading whose title may follow on the next line."""

    @functools.cached_property
    def full(self) -> int:
        """The length of a full line (PDF text: a shorter one that ends a sentence ends a paragraph)."""
        lines, kinds = self.lines, self.kinds
        content_lengths = sorted(len(lines[k].body.rstrip()) for k in range(len(lines)) if kinds[k] is None)
        return content_lengths[int(len(content_lengths) * 0.9)] if content_lengths else 80

    def scan(self) -> list[_Start | range]:
        kinds = self.kinds
        for k, line in enumerate(self.lines):
            if kinds[k] is not None:
                continue  # furniture: read with the next content line (``pending``)
            self.pending = range(self.next, k)
            body = _visible(line.body)
            self.line(k, body)
            self.next = k + 1  # (``line`` placed the pending furniture, in ``out`` or in a block)
            self.prev_body = body
        self.close()
        if self.next < len(self.lines):
            self.out.append(range(self.next, len(self.lines)))
        if self.title_open:
            self.demote_titles()
        return self.out

    def close(self) -> None:
        if self.current is not None:
            self.out.append(self.current)
            self.current = None

    def open(self, item: _Start, k: int) -> None:
        """Close the current block; the furniture since stands between it and ``item``, a block that
        starts at line ``k``."""
        self.close()
        if self.pending:
            self.out.append(self.pending)
            self.pending = range(0)
        item.lines.append(k)
        self.current = item

    def line(self, k: int, body: str) -> None:
        pending = self.pending
        blank_before = page_before = False  # a blank line, other furniture (a page break) since the last line
        for p in pending:
            if self.kinds[p] == "blank":
                blank_before = True
            else:
                page_before = True
        lead = _lead(body)
        numbered = _NUMBERED.match(body) if lead == "0" and k not in self.hints else None
        heading: _Start | None
        start: _Start | None
        if numbered is not None:
            # "12. text", most lines of most drafts: a numbered paragraph (the label _paragraph_start
            # tries first), and no heading: the only ones a digit starts (_heading, _section_heading)
            # are _DECIMAL_HEADING's "1.1 Title", whose number's first full stop a digit follows, where
            # _NUMBERED wants a space or the line's end
            heading, start = None, _labelled(body, self.fmt, numbered, "numbered")
        else:
            prev_body = self.prev_body  # (a block start adds _section_heading, which a number starts)
            block_start = lead in _LEADS_SECTION and (blank_before or not prev_body or _ends_sentence(prev_body))
            heading = _line_heading(body, self.fmt, self.hints.get(k), lead, block_start=block_start)
            start = None if heading else self.paragraph_start(body, lead, blank_before, page_before)
        if start is not None and start.para_kind == "numbered" and start.label and start.label.isdigit():
            self.last_number = int(start.label)
        if self.untitled is not None and self.title_below(k, body, heading, start):
            return
        self.untitled = None
        if heading is not None:
            self.open(heading, k)
            self.untitled = self.current if heading.wants_title else None
            self.close()
            self.title_open = False
        elif start is not None:
            self.open(start, k)
            self.title_open = False
        elif self.current is not None and not self.new_block(self.current, body, blank_before, page_before):
            self.current.lines.extend(pending)
            self.pending = range(0)
            self.current.lines.append(k)
        else:
            self.open_unlabelled(k, body)

    def paragraph_start(self, body: str, lead: str, blank_before: bool, page_before: bool) -> _Start | None:
        start = _paragraph_start(body, self.fmt, lead)
        if start is None and self.fmt == "text":
            m = _BARE_NUMBER.match(body) if lead in _LEADS_DIGIT else None
            prev_body = self.prev_body
            if m and int(m.group(2)) == self.last_number + 1 and (
                blank_before or page_before or _ends_sentence(prev_body) or prev_body.rstrip().endswith("]")
            ):
                start = _Start("paragraph", label=m.group(2), para_kind="numbered", label_start=m.start(2),
                               label_end=m.end(2), content=m.end(), indent=m.group(1))
        return start

    def title_below(self, k: int, body: str, heading: _Start | None, start: _Start | None) -> bool:
        """``Part I`` / ``GENERAL PROVISIONS``, ``第一部分`` / ``总则``: a heading's title on the line
        below it joins the heading."""
        untitled = self.untitled
        caps = heading is not None and heading.number is None and heading.rank == 25  # GENERAL PROVISIONS
        if untitled is None or not (heading is None or caps) or start is not None or self.pending \
                or not languages.title_line(body):
            return False
        untitled.lines.append(k)
        untitled.title = _clean_title(body)
        self.untitled = None
        return True

    def new_block(self, current: _Start, body: str, blank_before: bool, page_before: bool) -> bool:
        """Whether an unlabelled line starts a block of its own rather than continuing ``current``."""
        formula = bool(is_chapeau(body) or is_closing(body))
        if current.kind == "heading" or formula:
            return True
        if current.kind == "title":
            return blank_before  # each blank-separated block of the title is its own item
        if blank_before and not page_before:
            return True
        if blank_before and self.fmt == "markdown":
            return True
        if is_closing(self.lines[current.lines[-1]].body if current.lines else ""):
            return True
        if self.fmt == "text" and not self.pending:
            return _starts_paragraph(body, self.prev_body, current, self.full)
        return False

    def open_unlabelled(self, k: int, body: str) -> None:
        if self.title_open and not (is_chapeau(body) and (self.out or self.current is not None or self.pending)):
            self.open(_Start("title"), k)
        else:
            self.title_open = False
            indent = _indent(body)
            self.open(_Start("paragraph", content=len(indent), indent=indent), k)

    def demote_titles(self) -> None:
        """No heading and no numbered paragraph anywhere: the first block is the title, the rest are
        paragraphs (an unnumbered resolution is still a draft of paragraphs)."""
        titles = [it for it in self.out if isinstance(it, _Start) and it.kind == "title"]
        for it in titles[1:]:  # (a title block's start has the defaults of every other field)
            indent = _indent(self.lines[it.lines[0]].body)
            it.kind, it.content, it.indent = "paragraph", len(indent), indent


def _indent(body: str) -> str:
    """The whitespace a line starts with."""
    return body[: len(body) - len(body.lstrip())]


_ZERO_WIDTH = "\ufeff\u200b\u2060"


def _visible(body: str) -> str:
    """The line as its structure is read: zero-width characters at its start (a second byte order
    mark, a zero-width space) count as indentation. Same length, so offsets stay valid."""
    rest = body.lstrip(_ZERO_WIDTH)
    return " " * (len(body) - len(rest)) + rest if len(rest) < len(body) else body


def _starts_paragraph(body: str, prev_body: str, current: _Start, full: int) -> bool:
    """In PDF text without blank lines: does an unlabelled line start a new paragraph? After a line
    that ends a sentence and falls short of the margin, a capital starts one; a bracketed line
    (``[Further definitions ...]``) after a finished sentence starts one whatever the length, and so
    after a preambular paragraph's closing comma."""
    stripped = body.lstrip(" [*_“\"")
    if not stripped[:1].isupper():
        return False
    bracketed = body.lstrip().startswith("[")
    if _ends_sentence(prev_body):
        return bracketed or len(prev_body.rstrip()) < 0.8 * full
    preambular = current.para_kind == "preambular"
    return bracketed and preambular and prev_body.rstrip().endswith(",")


# ---------------------------------------------------------------------------------------------------
# Stage 3: the tree


@dataclass(slots=True)
class _Proto:
    """A paragraph before refs are assigned (internal)."""

    item: _Start
    kind: str
    label: str | None
    depth: int  # 0 top-level, 1 sub-item, 2 sub-sub-item
    children: list = field(default_factory=list)
    indent_width: int = 0
    parent: _Proto | None = None


def _follows(label: str, previous: str | None) -> bool:
    """Whether sub-item ``label`` comes right after ``previous`` in a list: (a)->(b), (iv)->(v),
    (b) bis->(c), (b)->(b) bis."""
    if not previous:
        return False
    (a, a_rank), (b, b_rank) = split_suffix(previous), split_suffix(label)
    a, b = a.strip("()"), b.strip("()")
    if b_rank >= 0:
        return a == b and b_rank == a_rank + 1
    if "(" in a or ")" in a or "(" in b or ")" in b:
        return False
    if len(a) == 1 and len(b) == 1 and a.isalpha() and ord(b) == ord(a) + 1:
        return True
    return a in ROMAN and b in ROMAN and _roman(b) == _roman(a) + 1


def _roman(text: str) -> int:
    values = {"i": 1, "v": 5, "x": 10}
    total = 0
    for i, ch in enumerate(text):
        v = values[ch]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def _sub_item_parent(label: str, top: _Proto | None, last: _Proto | None) -> _Proto | None:
    """Where a sub-item (a), (i) ... belongs: beside the item it follows, under the item before it
    when it starts a nested list, else under the current paragraph."""
    node = last
    while node is not None and node is not top:
        if _follows(label, node.label):
            return node.parent
        node = node.parent
    if last is not None and label == "(i)" and last.label and len(last.label.strip("()")) == 1 and last.label != "(h)":
        return last
    return top


def _build(text: str, lines: list[SourceLine], kinds: list[str | None], items: list[_Start | range],
           fmt: str) -> tuple[TitleBlock, tuple]:
    """The title block and the body: sections nested by heading rank, sub-items in their paragraphs,
    the paragraphs of option blocks in their option (``options.group_options``, only when there is an
    option: else it would rebuild every section as it is)."""
    builder = _Builder(text, lines, kinds, fmt)
    title, body = builder.build(items)
    return title, group_options(body) if builder.options else body


_Entry = tuple
"""A node under construction in a container: ``("furniture", lines)`` (a range of line indexes),
``("para", _Proto)`` or ``("section",
Heading, children)``."""


_NEVER_NESTED = frozenset({"numbered", "preambular", "alt", "plain"})
"""The kinds of paragraph that ``_Builder.parent_of`` places at the top of their section, except in
Markdown (sub-items, options and Markdown list items go under another paragraph)."""


class _Builder:
    """``_build``: the title block, then each item placed in the open section (headings open and close
    sections by rank) or under the paragraph it belongs to (sub-items, Markdown lists, options)."""

    def __init__(self, text: str, lines: list[SourceLine], kinds: list[str | None], fmt: str) -> None:
        self.text, self.lines, self.kinds, self.fmt = text, lines, kinds, fmt
        self.root: list[_Entry] = []
        self.stack: list[tuple[int, Heading, list[_Entry]]] = []
        """The open sections: (rank, heading, children)."""
        self.last_top: _Proto | None = None
        self.last_sub: _Proto | None = None
        self.last_letter: str | None = None
        self.options = False
        """Whether a paragraph is an option (a marker is one)."""

    def pos(self, k: int) -> Position:
        return Position(self.lines[k].start, k + 1, 1)

    def node_lines(self, indexes: list[int]) -> tuple:
        """The nodes of a block's lines: a ``Line`` each, furniture lines of one kind side by side as one."""
        if len(indexes) == 1 and self.kinds[indexes[0]] is None:  # most paragraphs: one line
            k = indexes[0]
            return (Line(self.lines[k].raw, self.pos(k)),)
        lines, kinds = self.lines, self.kinds
        out: list[Line | Furniture] = []
        furniture = False
        for k in indexes:
            line, kind = lines[k], kinds[k]
            pos = Position(line.start, k + 1, 1)  # (self.pos(k))
            if kind is None:
                out.append(Line(line.raw, pos))
            else:
                out.append(Furniture(line.raw, pos, kind))
                furniture = True
        return tuple(_merge_furniture(out)) if furniture else tuple(out)  # (lines alone: nothing to merge)

    def furniture(self, k: int) -> Furniture:
        return Furniture(self.lines[k].raw, self.pos(k), self.kinds[k] or "blank")

    def build(self, items: list[_Start | range]) -> tuple[TitleBlock, tuple]:
        title, i = self.title_block(items)
        for it in items[i:]:
            if isinstance(it, range):
                (self.stack[-1][2] if self.stack else self.root).append(("furniture", it))  # container()
            elif it.kind == "heading":
                self.heading(it)
            else:
                self.paragraph(it)
        self.close_sections(-1)
        ctx = _Context(self.text, self.lines, self.kinds, self.node_lines, self.pos, self.fmt == "markdown",
                       _link_labels(self.lines, self.kinds))
        return title, tuple(_materialise(self.root, ctx))

    def title_block(self, items: list[_Start | range]) -> tuple[TitleBlock, int]:
        """The title block (leading furniture and title items) and the index of the first item after it."""
        title_nodes: list = []
        i = 0
        while i < len(items):
            it = items[i]
            if isinstance(it, range):
                title_nodes.extend([self.furniture(k) for k in it])
            elif it.kind == "title":
                title_nodes.extend(self.node_lines(it.lines))
            else:
                break
            i += 1
        # Trailing furniture of the title block belongs to it only up to the first block.
        title_lines = tuple(_merge_furniture(title_nodes))
        return TitleBlock(_title_text(self.text, self.lines, self.kinds, title_lines), title_lines), i

    def container(self) -> list[_Entry]:
        return self.stack[-1][2] if self.stack else self.root

    def close_sections(self, rank: int) -> None:
        while self.stack and self.stack[-1][0] >= rank:
            _, heading, children = self.stack.pop()
            self.container().append(("section", heading, children))

    def heading(self, it: _Start) -> None:
        s = it
        last_letter = self.last_letter
        if s.rank == 20 and s.number in ("I", "V", "X") and last_letter and ord(s.number) == ord(last_letter) + 1:
            s.rank = 10  # "I." after "H." is a letter, not a roman numeral
        if s.rank == 10:
            self.last_letter = s.number
        self.close_sections(s.rank)
        if len(self.stack) >= MAX_SECTION_DEPTH:
            self.close_sections(self.stack[-1][0])
        heading = Heading(
            ref="",
            number=s.number,
            title=s.title,
            level=0,
            lines=(nodes := self.node_lines(it.lines)),
            pos=nodes[0].pos,
        )
        self.stack.append((s.rank, heading, []))
        self.last_top = self.last_sub = None

    def paragraph(self, it: _Start) -> None:
        s = it
        if s.kind == "title":  # a title-like line after the title block: a plain paragraph
            s = _Start("paragraph")
        proto = _Proto(it, s.para_kind, s.label, 0, [], len(s.indent.expandtabs(4)) if s.indent else 0)
        if s.para_kind == "option":
            self.options = True
        parent = self.parent_of(proto, s) if s.para_kind not in _NEVER_NESTED or self.fmt == "markdown" else None
        while parent is not None and parent.depth >= MAX_ITEM_DEPTH:
            parent = parent.parent
        if parent is not None:
            proto.depth = parent.depth + 1
            proto.parent = parent
            # furniture between the parent's previous content and this sub-item joins the parent
            cont = self.container()
            moved = []
            while cont and cont[-1][0] == "furniture":
                moved.append(cont.pop())
            moved.reverse()
            _append_child(self.last_top, parent, moved, proto)
            self.last_sub = proto
            return
        self.container().append(("para", proto))
        self.last_top = proto
        self.last_sub = None

    def parent_of(self, proto: _Proto, s: _Start) -> _Proto | None:
        """The paragraph ``proto`` is a sub-item, nested list item or option of, or None."""
        last_top, last_sub = self.last_top, self.last_sub
        markdown = self.fmt == "markdown"
        if (
            markdown
            and s.para_kind == "numbered"
            and last_top is not None
            and last_top.kind == "numbered"
            and proto.indent_width > last_top.indent_width
            and (s.label or "")[:1].isdigit()
        ):
            s.para_kind = "md-sub"  # " 1." under "7.": a nested list, however little it is indented
        if s.para_kind == "md-sub":
            proto.kind = "sub-item"
            digits = _LEADING_DIGITS.match(s.label or "")
            number = int(digits.group()) if digits else 1
            proto.label = f"({letters(number)})" if not (s.label or "")[-1:].isalpha() else s.label
            # (an indented first item of the draft has no list above it: a paragraph of its own)
            return _markdown_parent(proto, last_top, last_sub) or last_top if last_top is not None else None
        if s.para_kind == "sub-item":
            return _sub_item_parent(s.label or "", last_top, last_sub)
        if markdown and last_top is not None and s.para_kind in ("option", "plain"):
            return _markdown_parent(proto, last_top, last_sub)
        if s.para_kind == "option" and last_top is not None:
            return _option_parent(s.label, last_top, last_sub, self.text, self.lines)
        return None


def _markdown_parent(proto: _Proto, top: _Proto, last: _Proto | None) -> _Proto | None:
    """In Markdown, where an option or an unlabelled paragraph indented under a list item belongs: in
    the innermost open item it is indented under (``    **Option 1:**`` under ``3.``, ``        **Option
    1:**`` under its ``    1.``). An unlabelled paragraph joins it only inside an option block (after
    an option of that item, or under an option), where it is an option's text (``options.py``); else it
    stays a paragraph of its own, as the draft numbers it."""
    if proto.kind == "plain" and (proto.indent_width < 2 or top.label is None):
        return None
    node = last
    found = None
    while node is not None and node is not top:
        if node.indent_width < proto.indent_width and node.label is not None:
            found = node
            break
        node = node.parent
    if found is None and top.indent_width < proto.indent_width:
        found = top
    if found is not None and proto.kind == "plain" and not _in_option_block(found):
        return None
    return found


def _in_option_block(item: _Proto) -> bool:
    """Whether an unlabelled paragraph indented under ``item`` is in an option block: ``item`` is an
    option or stands in one, or holds an option already."""
    node: _Proto | None = item
    while node is not None:
        if node.kind == "option":
            return True
        node = node.parent
    return any(entry[0] == "para" and entry[1].kind == "option" for entry in item.children)


def _append_child(top: _Proto | None, parent: _Proto, furniture: list, proto: _Proto) -> None:
    for f in furniture:
        parent.children.append(f)
    parent.children.append(("para", proto))


_FIRST_OPTION = LazyPattern(r"^(?:Option|Alt)\s+(?:1|I|A|\(a\))$")


def _option_parent(label: str | None, top: _Proto, last: _Proto | None, text: str, lines) -> _Proto | None:
    """In plain text, which paragraph an option belongs to: the paragraph whose own text opens the
    group (``13.1 [Option 1: ...``) or already holds options, unless this option starts a group of
    its own (``Option 1`` again); a paragraph that announces options (a title such as ``2.
    Differentiated efforts``, or a chapeau ending with a colon); else none (an option of the section,
    or the next of a group: ``Option 2`` after ``Option 1``)."""
    if top.kind == "option":
        return None
    if _starts_with_option(text, top, lines) or (last is not None and last.kind == "option" and last.parent is top):
        return None if _FIRST_OPTION.match(label or "") else top
    return top if _announces_options(top, lines) else None


def _announces_options(proto: _Proto, lines) -> bool:
    """A numbered paragraph that is a title (one short line without a full stop: ``2. Differentiated
    efforts``) or a chapeau ending with a colon."""
    if proto.kind != "numbered" or proto.children:
        return False
    last = lines[proto.item.lines[-1]].body.rstrip()
    if last.endswith(":"):
        return True
    words = last[proto.item.content:].split() if len(proto.item.lines) == 1 else []
    return 0 < len(words) <= 8 and not _ends_sentence(last) and not last.endswith(("]", ","))


_OPTION_START = LazyPattern(r"^\s*\[?\s*(\*\*)?Option\b")


def _starts_with_option(text: str, proto: _Proto, lines) -> bool:
    k = proto.item.lines[0]
    body = lines[k].body[proto.item.content :]
    return bool(_OPTION_START.match(body))


def _merge_furniture(nodes: list) -> list:
    """Adjacent furniture lines of one kind become one node."""
    out: list = []
    for node in nodes:
        if (
            isinstance(node, Furniture)
            and out
            and isinstance(out[-1], Furniture)
            and out[-1].kind == node.kind
        ):
            prev = out[-1]
            out[-1] = Furniture(prev.raw + node.raw, prev.pos, prev.kind)
        else:
            out.append(node)
    return out


@dataclass(frozen=True, slots=True)
class _Context:
    text: str
    lines: list[SourceLine]
    kinds: list[str | None]
    node_lines: Callable[[list[int]], tuple]
    pos: Callable[[int], Position]
    markdown: bool
    link_labels: frozenset


def _link_labels(lines, kinds) -> frozenset:
    labels = set()
    for k, kind in enumerate(kinds):
        if kind == "link-definition":
            m = re.match(r"^\s*\[([^\]]+)\]:", lines[k].body)
            if m:
                labels.add(m.group(1).lower())
    return frozenset(labels)


def _materialise(entries, ctx: _Context):
    """Turn the nested builder lists into model nodes (refs are assigned later)."""
    out: list = []
    furniture: list[int] = []  # the lines of the furniture entries since the last node
    for entry in entries:
        kind = entry[0]
        if kind == "furniture":
            furniture.extend(entry[1])
            continue
        if furniture:
            out.extend(_furniture(furniture, ctx))
            furniture = []
        if kind == "section":
            _, heading, children = entry
            out.append(Section(heading, tuple(_materialise(children, ctx))))
        else:
            out.append(_make_paragraph(entry[1], ctx))
    if furniture:
        out.extend(_furniture(furniture, ctx))
    return out


def _furniture(indexes: list[int], ctx: _Context) -> list[Furniture]:
    """The nodes of furniture lines side by side: adjacent lines of one kind are one node (as
    ``_merge_furniture`` makes them)."""
    lines, kinds = ctx.lines, ctx.kinds
    first, last = indexes[0], indexes[-1]
    if last - first + 1 == len(indexes) and kinds[first : last + 1].count(kinds[first]) == len(indexes):
        # most runs: consecutive lines of one kind (the blank lines between two paragraphs): their
        # lines are one slice of the source
        end = lines[last].start + len(lines[last].raw)
        return [Furniture(ctx.text[lines[first].start : end], ctx.pos(first), kinds[first] or "blank")]
    nodes = []
    raws = [lines[first].raw]
    for k in indexes[1:]:
        if kinds[k] != kinds[first]:
            nodes.append(Furniture("".join(raws), ctx.pos(first), kinds[first] or "blank"))
            first = k
            raws = []
        raws.append(lines[k].raw)
    nodes.append(Furniture("".join(raws), ctx.pos(first), kinds[first] or "blank"))
    return nodes


def _make_paragraph(proto: _Proto, ctx: _Context) -> Paragraph:
    lines = ctx.lines
    s = proto.item
    first = s.lines[0]
    line = lines[first]
    line_start = line.start
    label_span = (line_start + s.label_start, line_start + s.label_end) if proto.label else None
    if len(s.lines) == 1:  # most paragraphs: one line (node_lines without the call)
        own_lines: tuple = (Line(line.raw, Position(line_start, first + 1, 1)),)
    else:
        own_lines = ctx.node_lines(s.lines)
    text = None
    if len(s.lines) == 1 and not (proto.label and len(s.indent) < s.label_start < s.content):
        # most paragraphs: one line, from its label on (see _segments), perhaps as it stands in the source
        end = len(line.body.rstrip())
        if end > s.content:
            piece = line.body[s.content : end]  # (the line's copy: a slice of the source, when any
            # character of it is beyond Latin-1, costs twice as much)
            if not ctx.markdown or not _may_hold_markup(piece):
                text = _plain_line(piece, line_start + s.content)
    if text is None:
        text = paragraph_text(ctx.text, _segments(proto, lines, ctx.kinds), markdown=ctx.markdown,
                              link_labels=ctx.link_labels)
    ptext, pmap = text
    inlines, groups = parse_inline(ptext)
    children: tuple = ()
    if proto.children:
        nodes: list[Paragraph | Furniture] = []
        for entry in proto.children:
            if entry[0] == "furniture":
                nodes.extend([Furniture(lines[k].raw, ctx.pos(k), ctx.kinds[k]) for k in entry[1]])
            else:
                nodes.append(_make_paragraph(entry[1], ctx))
        children = tuple(_merge_furniture(nodes))
    return Paragraph(  # by position (a call by keyword, of the fourteen, costs twice as much)
        "",  # ref, section, parent: see refs.assign
        proto.label,
        proto.kind if proto.kind != "md-sub" else "sub-item",
        None,
        None,
        own_lines,
        own_lines[0].pos,  # its first line's
        ptext,
        pmap,
        label_span,
        inlines,
        groups,
        children,
        s.indent,
    )


def _segments(proto: _Proto, lines: list[SourceLine], kinds: list[str | None]) -> list[tuple[int, int]]:
    """The source spans of a paragraph's text: one per line, without the label, the indentation of
    a hard-wrapped line and trailing spaces (so that "two-" at a line end joins "day" on the next
    line as "two-day"), furniture lines left out; and the text before the label, such as the "[" of
    "[Option 2: ...", which belongs to the text."""
    s = proto.item
    segments = []
    for n, k in enumerate(s.lines):
        if kinds[k] is not None:
            continue
        line = lines[k]
        body = line.body
        begin = s.content if n == 0 else len(body) - len(body.lstrip())
        end = len(body.rstrip())
        if n == 0 and proto.label and len(s.indent) < s.label_start and s.content > s.label_start:
            segments.append((line.start + len(s.indent), line.start + s.label_start))
        if end > begin:
            segments.append((line.start + begin, line.start + end))
    return segments


def paragraph_text(
    source: str,
    segments: list[tuple[int, int]],
    markdown: bool = False,
    link_labels: frozenset = frozenset(),
) -> tuple[str, TextMap]:
    """Normalised text of source segments (one per physical line) and each character's source offset.

    Lines are joined with one space (none after a hyphen that ends a word); whitespace runs become
    one space; Markdown markup (emphasis, link targets, footnote markers) is left out."""
    if len(segments) == 1 and not markdown:
        start, end = segments[0]
        plain = _plain_line(source[start:end], start)
        if plain is not None:
            return plain
    chunks: list[str] = []
    offsets = _Runs()
    last = ""  # the last character appended
    prev_last = ""  # the one before it
    for n, (start, end) in enumerate(segments):
        piece = source[start:end]
        skip = _markup_spans(piece, link_labels) if markdown and _may_hold_markup(piece) else []
        if last and last != " " and not (last == "-" and prev_last.isalpha()):
            chunks.append(" ")
            offsets.add(segments[n - 1][1], 1)
            prev_last, last = last, " "
        # what _ODD_SPACE can find: a run of spaces, a space at the start, or an unprintable character
        # (every whitespace character but the space is one); most lines have none
        odd = piece[0] == " " or "  " in piece or not piece.isprintable()
        if not odd and not skip:  # most lines: all of it as it stands (what _copy makes of it)
            chunks.append(piece)
            offsets.add(start, end - start)
            prev_last, last = piece[-2] if len(piece) > 1 else last, piece[-1]
            continue
        for a, b in _kept(skip, len(piece)):
            pos = a
            for m in _ODD_SPACE.finditer(piece, a, b) if odd else ():
                if m.start() > pos:
                    prev_last, last = _copy(piece, pos, m.start(), start, chunks, offsets, prev_last, last)
                if last and last != " ":
                    chunks.append(" ")
                    offsets.add(start + m.start(), 1)
                    prev_last, last = last, " "
                pos = m.end()
            if pos < b:
                prev_last, last = _copy(piece, pos, b, start, chunks, offsets, prev_last, last)
    text = "".join(chunks)
    a, b = 0, len(text)
    while a < b and text[a] == " ":
        a += 1
    while b > a and text[b - 1] == " ":
        b -= 1
    return text[a:b], offsets.window(a, b)


def _plain_line(piece: str, start: int) -> tuple[str, TextMap] | None:
    """A one-line paragraph's text, ``piece``, which stands at offset ``start`` of the source, as it
    stands there, when there is nothing to normalise in it (most paragraphs), else None."""
    if not piece or piece[0] == " " or piece[-1] == " " or "  " in piece:
        return None
    if piece.isascii():  # (a constant-time test)
        # the odd whitespace left to an ASCII line (no run of spaces, no space at either end): a
        # control character; five searches for one character each beat isprintable's walk
        if "\t" in piece or "\r" in piece or "\n" in piece or "\f" in piece or "\v" in piece:
            return None
    # every odd whitespace character (tab, no-break and other wide spaces) is unprintable: a printable
    # line needs no search for them
    elif not piece.isprintable() and _ODD_SPACE.search(piece):
        return None
    return piece, TextMap.run(start, len(piece))


def _may_hold_markup(piece: str) -> bool:
    """Whether ``_markup_spans`` may find anything in ``piece``: each of its kinds has a character or two
    of its own (``*``, ``_``, ``[^``, ``](``, ``{:``, ``][``); a Markdown line without them is read as a
    line of plain text."""
    return "*" in piece or "_" in piece or "[^" in piece or "](" in piece or "{:" in piece or "][" in piece


_REFERENCE_LINK = LazyPattern(r"\]\[([^\]]+)\]")


def _markup_spans(piece: str, link_labels: frozenset) -> list[tuple[int, int]]:
    """Spans of a Markdown line that are markup, not text: emphasis, footnote markers, a link's
    brackets and target (its words stay), reference links' labels."""
    skip: list[tuple[int, int]] = []
    for m in _MD_MARKUP.finditer(piece):
        if m.group().startswith("]("):
            # a link: drop its "[" and "](target)", keep the linked words
            opener = _find_link_opener(piece, m.start())
            if opener is not None:
                skip.append((opener, opener + 1))
                skip.append(m.span())
            continue
        skip.append(m.span())
    for m in _REFERENCE_LINK.finditer(piece) if "][" in piece else ():
        if m.group(1).lower() in link_labels:
            opener = _find_link_opener(piece, m.start())
            if opener is not None:
                skip.append((opener, opener + 1))
                skip.append(m.span())
    return skip


_WS = " \t\r\n\f\v\u00a0\u2000-\u200b\u202f\u3000"
_ODD_SPACE = LazyPattern(rf"[{_WS}](?:[{_WS}]+|(?<=[\t\r\n\f\v\u200b])|(?<=^[{_WS}]))")
"""Whitespace that is not one space between words: runs, tabs, line ends, a zero-width space, a space
at the start. A single typographic space (no-break, the narrow no-break space French sets before ``:``
and inside « », thin, ideographic) is the draft's own character and stays in the text.

(Three alternatives, a run of two or more, one odd character, a space at the start, written after the
one character all of them start with: a search then skips the characters outside ``_WS`` in one loop
of the regular expression engine, several times faster than trying the alternatives at each of them.)"""


class _Runs:
    """The source offsets of a text being built, as runs (see ``TextMap``)."""

    __slots__ = ("length", "offsets", "starts")

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.offsets: list[int] = []
        self.length = 0

    def add(self, offset: int, count: int) -> None:
        """``count`` characters from source offset ``offset`` on were appended."""
        if not self.starts or self.offsets[-1] + (self.length - self.starts[-1]) != offset:
            self.starts.append(self.length)
            self.offsets.append(offset)
        self.length += count

    def window(self, a: int, b: int) -> TextMap:
        """The map of text characters [a, b)."""
        if a >= b:
            return TextMap()
        first = bisect.bisect_right(self.starts, a) - 1
        starts, offsets = [0], [self.offsets[first] + a - self.starts[first]]
        for k in range(first + 1, len(self.starts)):
            if self.starts[k] >= b:
                break
            starts.append(self.starts[k] - a)
            offsets.append(self.offsets[k])
        return TextMap.of_runs(tuple(starts), tuple(offsets), b - a)  # (add joined them)


def _copy(piece, a, b, start, chunks, offsets, prev_last, last):
    """Append piece[a:b] (no odd whitespace inside) and its offsets; returns the new last two chars."""
    if piece[a] == " " and (not last or last == " "):
        a += 1
        if a >= b:
            return prev_last, last
    chunks.append(piece[a:b])
    offsets.add(start + a, b - a)
    if b - a >= 2:
        return piece[b - 2], piece[b - 1]
    return last, piece[b - 1]


def _kept(skip: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    """The complement of the skipped spans in [0, length)."""
    out = []
    pos = 0
    for a, b in sorted(skip):
        if a > pos:
            out.append((pos, a))
        pos = max(pos, b)
    if pos < length:
        out.append((pos, length))
    return out


def _find_link_opener(piece: str, close: int) -> int | None:
    depth = 0
    for j in range(close - 1, -1, -1):
        c = piece[j]
        if c == "]":
            depth += 1
        elif c == "[":
            if depth == 0:
                return j
            depth -= 1
    return None


def _title_text(text, lines, kinds, title_lines) -> str:
    for node in title_lines:
        if isinstance(node, Furniture) and node.kind == "front-matter":
            m = re.search(r"^title:\s*(.+?)\s*$", node.raw, re.M)
            if m:
                return m.group(1).strip("\"'")
    candidates = [" ".join(n.raw.split()) for n in title_lines if isinstance(n, Line)]
    candidates = [c for c in candidates[:12] if len(c) <= 200]
    if not candidates:
        return ""
    return max(candidates, key=len)


# ---------------------------------------------------------------------------------------------------
# Stage 5: brackets across the whole document

MAX_BRACKET_PROBLEMS = 100
"""Unbalanced brackets reported one by one; beyond, one line says how many more there are."""


def bracket_balance(doc: Document) -> list[Diagnostic]:
    """Every ``]`` without an opener and every ``[`` never closed, located in the source."""
    stack: list[tuple[TextMap | None, int]] = []
    """The open brackets: (a paragraph's text map, the index in its text), or (None, a source offset)
    in a heading; located in the source only when one is left unbalanced."""
    unopened: list[tuple[TextMap | None, int]] = []
    # in source order: the paragraphs (as refs.assign listed them) and, where they stand among them,
    # the headings (the sections', listed in source order too: each before its section's paragraphs)
    headings = [section.heading for section in doc.sections]
    h = 0
    for p in doc.paragraphs:
        while h < len(headings) and headings[h].pos.offset < p.pos.offset:
            _balance(((ch, (None, off)) for ch, off in _heading_brackets(doc, headings[h])), stack, unopened)
            h += 1
        text = p.text
        if may_hold_bracket(text):
            _balance(((text[i], (p.text_map, i)) for i in bracket_offsets(text)), stack, unopened)
    for heading in headings[h:]:
        _balance(((ch, (None, off)) for ch, off in _heading_brackets(doc, heading)), stack, unopened)

    def offset(at: tuple[TextMap | None, int]) -> int:
        text_map, k = at
        return k if text_map is None else text_map[k]

    found = sorted([(offset(at), "unbalanced bracket: ']' closes no '['") for at in unopened]
                   + [(offset(at), "unbalanced bracket: '[' is never closed") for at in stack])
    hint = "add the missing bracket"
    problems = []
    for off, message in found[:MAX_BRACKET_PROBLEMS]:
        line, column, source_line = doc.location(off)
        problems.append(Diagnostic(message, doc.path, line, column, source_line, hint))
    if len(found) > MAX_BRACKET_PROBLEMS:
        more = len(found) - MAX_BRACKET_PROBLEMS
        problems.append(Diagnostic(f"{more:,} more unbalanced brackets", doc.path, hint=hint))
    return problems


def _balance(pairs: Iterable[tuple[str, tuple[TextMap | None, int]]], stack: list, unopened: list) -> None:
    """Openers onto ``stack``; a closer takes the last one off, or goes to ``unopened`` when none is open."""
    for ch, at in pairs:
        if ch in OPENERS:
            stack.append(at)
        elif stack:
            stack.pop()
        else:
            unopened.append(at)


def _heading_brackets(doc: Document, heading: Heading):
    for node in heading.lines:
        if isinstance(node, Line):
            body = node.raw
            if doc.format == "markdown":
                body = _MD_MARKUP.sub(lambda m: " " * len(m.group()), body)
            for j, ch in enumerate(body):
                if ch in BRACKETS:
                    yield ch, node.pos.offset + j
