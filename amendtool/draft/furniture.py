"""Recognising page furniture: what a PDF or a Markdown source adds around the negotiation text.

Works on physical lines and returns, for each line, a furniture kind or None (negotiation text).
Running headers are lines whose shape (digits as ``#``) recurs at the top of several pages; page
numbers are ``Page N of M``, ``N of M`` or a bare number next to a page break; a footnote block runs
from a long all-space separator line to the page break. Markdown adds front matter, link definitions
and kramdown attribute lines.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass

from amendtool.draft.patterns import LazyPattern

BLANK = " \t\r\n\f\v\u00a0"
"""What a blank line may hold."""


@dataclass(slots=True)
class SourceLine:
    """A physical line with its offsets (internal to the parser, which never changes one; its index is
    its place in the list of lines)."""

    start: int
    """Source offset of the first character."""
    raw: str
    """The line including its ending."""
    body: str
    """The line without its ending."""

    @property
    def is_blank(self) -> bool:
        return not self.raw.strip(BLANK)


_LINE = LazyPattern(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")
"""A physical line: LF, CRLF and the old Macintosh CR alone end one."""
_PAGE_NUMBER = LazyPattern(r"^\s*(?:-\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|/)\s*\d{1,4})?\s*(?:-\s*)?$", re.I)
_SOURCE_COMMENT = LazyPattern(r"^# (?:source|note):")
_LINK_DEFINITION = LazyPattern(r"^\s{0,3}\[[^\]^][^\]]*\]:\s*\S+\s*$")
_FOOTNOTE_DEFINITION = LazyPattern(r"^\s{0,3}\[\^[^\]]+\]:")
_DIGITS = LazyPattern(r"\d+")
_KRAMDOWN = LazyPattern(r"^\s*(?:\{:[^}]*\}|\* TOC)\s*$")
TOP_ZONE = 6
"""How many lines after a page break may hold a running header."""


def split_lines(source: str) -> list[SourceLine]:
    """The physical lines of ``source``: LF, CRLF and the old Macintosh CR alone end one."""
    if "\r" in source and source.count("\r") != source.count("\r\n"):  # a CR alone ends a line too
        return [SourceLine(m.start(), m.group(), m.group().rstrip("\r\n")) for m in _LINE.finditer(source)]
    pieces = source.split("\n")
    last = pieces.pop()  # after the last line end: a last line without one, or nothing
    raws = [piece + "\n" for piece in pieces]
    if last:  # never ends in a CR: a CR alone takes the first way
        raws.append(last)
        pieces.append(last)
    bodies = [piece[:-1] if piece.endswith("\r") else piece for piece in pieces] if "\r" in source else pieces
    # (each line's start the sum of the lengths before it, the lines made without a loop of Python's own)
    return list(map(SourceLine, itertools.accumulate(map(len, raws), initial=0), raws, bodies))


def shape(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.split()))


def classify(lines: list[SourceLine], fmt: str, source: str) -> list[str | None]:
    """Furniture kind per line (``None`` for negotiation text) of ``source``'s ``lines``."""
    kinds: list[str | None] = [None] * len(lines)
    n = len(lines)
    # Source notes at the very top (``# source:`` lines of the corpus files).
    i = 0
    while i < n and _SOURCE_COMMENT.match(lines[i].raw):
        kinds[i] = "front-matter"
        i += 1
    if fmt == "markdown":
        _markdown(lines, kinds, i)
    # (most drafts have no page break: no walk for one)
    breaks = [k for k, line in enumerate(lines) if "\f" in line.raw and line.is_blank] if "\f" in source else []
    if breaks:
        _pages(lines, kinds, breaks)
    for k, line in enumerate(lines):
        body = line.body
        # line.is_blank, without a call per line and without stripping (a copy of) every line of text: a
        # blank line starts and ends with a blank character (its line end is one)
        if kinds[k] is None and (not body or (body[0] in BLANK and body[-1] in BLANK and not body.strip(BLANK))):
            kinds[k] = "page-break" if "\f" in line.raw else "blank"
    return kinds


def _markdown(lines: list[SourceLine], kinds: list[str | None], first: int) -> None:
    n = len(lines)
    i = first
    if i < n and lines[i].body.strip() == "---":
        j = i + 1
        while j < n and lines[j].body.strip() != "---":
            j += 1
        if j < n:
            for k in range(i, j + 1):
                kinds[k] = "front-matter"
    for k in range(first, n):
        if kinds[k] is None:
            body = lines[k].body
            lead = body.lstrip()[:1]  # (most lines: neither)
            if lead == "[" and (_LINK_DEFINITION.match(body) or _FOOTNOTE_DEFINITION.match(body)):
                kinds[k] = "link-definition"
            elif (lead == "{" or lead == "*") and _KRAMDOWN.match(body):
                kinds[k] = "markup"


def _pages(lines: list[SourceLine], kinds: list[str | None], breaks: list[int]) -> None:
    """Running headers and page numbers at the top of each page, page numbers and footnote blocks at
    its bottom."""
    _running_headers(lines, kinds, _top_zones(lines, breaks), len(breaks))
    n = len(lines)
    for b in breaks + [n]:
        _page_number_before(lines, kinds, b)
        _footnotes_before(lines, kinds, b)


def _top_zones(lines: list[SourceLine], breaks: list[int]) -> list[list[int]]:
    """The first few non-blank lines of each page (the document start counts as a page)."""
    n = len(lines)
    at_break = set(breaks)
    tops: list[list[int]] = []
    for b in [-1] + breaks:
        zone: list[int] = []
        k = b + 1
        while k < n and len(zone) < TOP_ZONE and k not in at_break:
            if not lines[k].is_blank:
                zone.append(k)
            k += 1
        tops.append(zone)
    return tops


def _running_headers(lines: list[SourceLine], kinds: list[str | None], tops: list[list[int]], pages: int) -> None:
    """A line whose shape recurs at the top of several pages is a running header; a running header is a
    prefix of its zone (it stops at the first line that is not one)."""
    counts: Counter[str] = Counter()
    for zone in tops:
        for s in {shape(lines[k].body) for k in zone}:
            counts[s] += 1
    need = 3 if pages >= 3 else 2
    for zone in tops:
        for k in zone:
            body = lines[k].body
            if kinds[k] is not None:
                continue
            if counts[shape(body)] >= need and len(body.strip()) < 120:
                kinds[k] = "page-header"
            elif _PAGE_NUMBER.match(body):
                kinds[k] = "page-number"
            else:
                break


def _page_number_before(lines: list[SourceLine], kinds: list[str | None], b: int) -> None:
    """A page number on the last non-blank line before the break at ``b`` (not at the document's end)."""
    k = b - 1
    while k >= 0 and lines[k].is_blank and kinds[k] is None:
        k -= 1
    if k >= 0 and kinds[k] is None and _PAGE_NUMBER.match(lines[k].body) and b < len(lines):
        kinds[k] = "page-number"


def _footnotes_before(lines: list[SourceLine], kinds: list[str | None], b: int) -> None:
    """Footnotes: a separator line of many spaces within the last lines before the break at ``b``, a
    numbered (or starred) note after it; from the separator to the break."""
    for j in range(max(0, b - 40), b):
        raw = lines[j].body
        if kinds[j] is None and len(raw) >= 20 and not raw.strip() and "\f" not in raw:
            following = [t for t in range(j + 1, b) if not lines[t].is_blank]
            if following and re.match(r"^\s*(\d{1,3}|\*+)\s", lines[following[0]].body):
                for t in range(j, b):
                    if kinds[t] is None:
                        kinds[t] = "footnote"
                break
