"""Text toolkit shared by every stage: what counts as the same character when people type text, finding
a typed anchor in a paragraph, the closest text when it is not there, and whitespace.

Delegates type anchors with whatever quotes and dashes their keyboard gives; drafts use typographic
ones. Matching folds both sides through one table (``QUOTE_FOLD`` for quotes, ``DASH_FOLD`` for dashes,
``DIGIT_FOLD`` for Arabic-Indic digits), whitespace runs to one space, and Unicode compatibility
normalisation (NFKC: ``e`` + combining acute is ``é``, full-width ``１２`` is ``12``), but every result
points back at the draft's own characters.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from diff_match_patch import diff_match_patch

QUOTE_FOLD = str.maketrans(
    {
        # single quotes and apostrophes, primes, the low-9 quote of German and Polish drafts
        "’": "'", "‘": "'", "‛": "'", "‚": "'", "′": "'", "`": "'",
        # single guillemets and the Chinese single corner brackets
        "‹": "'", "›": "'", "『": "'", "』": "'",
        # double quotes, guillemets, the low-9 double quote, double primes, the Chinese corner brackets
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"', "「": '"', "」": '"',
        "＂": '"', "＇": "'",
    }
)
"""Quote styles that read as the same quote: typographic, low-9, guillemets, corner brackets and
primes as straight."""

DASH_FOLD = str.maketrans(
    {"–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-", "―": "-"}
)
"""Dash styles that read as the same dash: en, em, figure, minus, non-breaking hyphen as ``-``."""

DIGIT_FOLD = str.maketrans(
    {**{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)}}
)
"""Arabic-Indic (٠-٩) and Eastern Arabic-Indic (۰-۹) digits as Western digits: Arabic drafts use both."""

CHAR_FOLD = {**QUOTE_FOLD, **DASH_FOLD, **DIGIT_FOLD}
"""Quotes, dashes and digits together: what an anchor is matched by (with whitespace runs as one
space and compatibility normalisation, see ``fold``)."""


def fold_chars(text: str) -> str:
    """``text`` with quote and dash styles unified (same length, character for character)."""
    return text.translate(CHAR_FOLD)


def squash_spaces(text: str) -> str:
    """``text`` with its whitespace runs as one space and no space at either end."""
    return " ".join(text.split())


def same_text(a: str, b: str) -> bool:
    """Whether two texts read the same: whitespace, quote, dash and digit styles and Unicode
    normalisation aside (as ``folded`` sees them)."""
    return folded(a)[0].strip() == folded(b)[0].strip()


_SPACE_RUN = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"\s\s|[^\S ]")
"""Whitespace that ``folded`` changes: a run, or one character other than a plain space."""


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> tuple[str, Sequence[int]]:
    """``text`` as anchors are matched (``folded``), and for each character of the result the offset
    in ``text`` of the character it comes from. See ``folded``."""
    out, starts, _ = folded(text)
    return out, starts


@functools.lru_cache(maxsize=65536)
def folded(text: str) -> tuple[str, Sequence[int], Sequence[int]]:
    """``text`` with quote, dash and digit styles unified, whitespace runs as one space, and each
    character with its combining marks in compatibility normal form (NFKC); for each character of
    the result the span ``[start, end)`` of ``text`` it comes from (a whole character with its
    marks: a match never cuts ``e`` from its accent). Text with nothing to normalise (one plain space
    between words, every character already in normal form: a paragraph's text, mostly) is folded by
    one ``translate`` and its offsets are ranges."""
    quick = text.translate(CHAR_FOLD)
    if unicodedata.is_normalized("NFKC", quick):
        if not _ODD_SPACE.search(text):
            return quick, range(len(text)), range(1, len(text) + 1)
        return _fold_spaces(text)
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    in_space = False
    k, n = 0, len(text)
    while k < n:
        ch = text[k]
        if ch.isspace():
            if not in_space:
                out.append(" ")
                starts.append(k)
                ends.append(k + 1)
            in_space = True
            k += 1
            continue
        in_space = False
        j = k + 1
        if ch < "\u0300":  # ASCII and Latin-1 letters: no normalisation needed unless marks follow
            if j >= n or not unicodedata.combining(text[j]):
                out.append(ch)
                starts.append(k)
                ends.append(j)
                k = j
                continue
        while j < n and unicodedata.combining(text[j]):
            j += 1
        # a quote, dash or digit of the tables first ("″" is '"', not NFKC's two primes)
        cluster = text[k:j] if ord(ch) not in CHAR_FOLD else CHAR_FOLD[ord(ch)] + text[k + 1 : j]
        for c in unicodedata.normalize("NFKC", cluster):
            out.append(" " if c.isspace() else c)
            starts.append(k)
            ends.append(j)
        k = j
    return "".join(out).translate(CHAR_FOLD), tuple(starts), tuple(ends)


def _fold_spaces(text: str) -> tuple[str, Sequence[int], Sequence[int]]:
    """``folded`` for a text whose only oddity is its whitespace: each run as one space, by regex."""
    out: list[str] = []
    index: list[int] = []
    pos = 0
    for m in _SPACE_RUN.finditer(text):
        out.append(text[pos : m.start()])
        index.extend(range(pos, m.start()))
        out.append(" ")
        index.append(m.start())
        pos = m.end()
    out.append(text[pos:])
    index.extend(range(pos, len(text)))
    return "".join(out).translate(CHAR_FOLD), tuple(index), tuple(k + 1 for k in index)


def find_all(text: str, anchor: str) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` in ``text`` of the occurrences of ``anchor`` as ``folded`` sees them, in
    order, not overlapping. Occurrences as whole words count first (``"all"`` is not found in
    "call"); only when there are none do parts of words count (``"eveloping"``)."""
    haystack, starts, ends = folded(text)
    needle = folded(anchor)[0]
    if not needle:
        return []
    found = []
    at = haystack.find(needle)
    while at >= 0:
        found.append(at)
        at = haystack.find(needle, at + len(needle))
    end = len(needle)
    whole = [
        at
        for at in found
        if not (needle[0].isalnum() and at > 0 and haystack[at - 1].isalnum())
        and not (needle[-1].isalnum() and at + end < len(haystack) and haystack[at + end].isalnum())
    ]
    spans = [(starts[at], ends[at + end - 1]) for at in (whole or found)]
    # a match must not begin or end inside one source character's normal form ("ﬁ" as "fi")
    return [(a, b) for (a, b), at in zip(spans, whole or found, strict=True)
            if (at == 0 or starts[at - 1] != a)
            and (at + end >= len(starts) or starts[at + end] != starts[at + end - 1])]


_DMP = diff_match_patch()
_DMP.Match_Threshold = 0.5
_DMP.Match_Distance = 100000


def closest_text(text: str, anchor: str) -> str | None:
    """The part of ``text`` most like ``anchor`` (whole words, the draft's own characters), or None
    when nothing is reasonably close."""
    haystack, index, index_end = folded(text)
    needle = folded(anchor)[0].strip()
    size = len(needle)
    if not size or not haystack:
        return None
    starts_near = _fuzzy_starts(haystack, needle)
    if not starts_near:
        return None
    bounds = [k for k in range(len(haystack) + 1) if _boundary(haystack, k)]
    starts = sorted({b for b in bounds if b < len(haystack) and haystack[b] != " "
                     and any(abs(b - s) <= max(8, size // 4) for s in starts_near)})
    ends = [b for b in bounds if b > 0 and haystack[b - 1] != " "]
    slack = max(6, size // 3)
    best: tuple[int, int, int, int] | None = None
    for s in starts:
        for e in ends:
            if e <= s or abs((e - s) - size) > slack:
                continue
            distance = _DMP.diff_levenshtein(_DMP.diff_main(needle, haystack[s:e], False))
            key = (distance, abs((e - s) - size), s, e)
            if best is None or key < best:
                best = key
    if best is None or best[0] > size // 2:
        return None
    s, e = best[2], best[3]
    return text[index[s] : index_end[e - 1]]


def _fuzzy_starts(folded: str, needle: str) -> list[int]:
    """Where diff-match-patch's fuzzy match places ``needle`` (its head and tail when it is longer
    than the matcher's bit width)."""
    bits = _DMP.Match_MaxBits
    size = len(needle)
    if size <= bits:
        loc = _DMP.match_main(folded, needle, 0)
        return [loc] if loc >= 0 else []
    starts = []
    head = _DMP.match_main(folded, needle[:bits], 0)
    if head >= 0:
        starts.append(head)
    tail = _DMP.match_main(folded, needle[-bits:], 0)
    if tail >= 0:
        starts.append(max(0, tail + bits - size))
    return starts


def _boundary(text: str, k: int) -> bool:
    if k == 0 or k == len(text):
        return True
    a, b = text[k - 1], text[k]
    return a == " " or b == " " or a.isalnum() != b.isalnum()


def shorten(text: str, limit: int = 60) -> str:
    """``text`` on one line, cut with ``...`` after ``limit`` characters (for messages)."""
    text = squash_spaces(text)
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."


# ---------------------------------------------------------------------------------------------------
# Edits: spans of a text replaced by other text


class Span(Protocol):
    """Anything that replaces the span [start, end) of a text with ``text`` (``Edit`` and the stages'
    own edit records)."""

    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def text(self) -> str: ...


@dataclass(frozen=True, slots=True)
class Edit:
    """The span [start, end) of a text replaced by ``text`` (start == end: an insertion)."""

    start: int
    end: int
    text: str


def splice(source: str, edits: Iterable[Span], start: int = 0, end: int | None = None) -> str:
    """``source[start:end]`` with ``edits`` (offsets into ``source``) written in, in the order given: the
    caller orders them (by start, then by its own tie-break). An edit starting inside text an earlier
    one already replaced is written at the end of that one, its overlapping part left out."""
    out: list[str] = []
    pos = start
    for e in edits:
        out.append(source[pos : e.start])
        out.append(e.text)
        pos = max(pos, e.end)
    out.append(source[pos:end])
    return "".join(out)


def spans_overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two edits' spans [start, end) compete? Non-empty spans overlap when they share a character;
    an insertion point competes with a span it falls strictly inside and with another insertion at
    the same point (an insertion at the edge of a span does not)."""
    (s1, e1), (s2, e2) = a, b
    if s1 == e1 and s2 == e2:
        return s1 == s2
    if s1 == e1:
        return s2 < s1 < e2
    if s2 == e2:
        return s1 < s2 < e1
    return s1 < e2 and s2 < e1
