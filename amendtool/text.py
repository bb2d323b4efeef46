"""Text toolkit shared by every stage: what counts as the same character when people type text, finding
a typed anchor in a paragraph, the closest text when it is not there, and whitespace.

Delegates type anchors with whatever quotes and dashes their keyboard gives; drafts use typographic
ones. Matching folds both sides through one table (``QUOTE_FOLD`` for quotes, ``DASH_FOLD`` for dashes)
and whitespace runs to one space, but every result points back at the draft's own characters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from diff_match_patch import diff_match_patch

QUOTE_FOLD = str.maketrans(
    {
        # single quotes and apostrophes, primes, the low-9 quote of German and Polish drafts
        "’": "'", "‘": "'", "‛": "'", "‚": "'", "′": "'", "`": "'",
        # double quotes, guillemets, the low-9 double quote, double primes
        "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"',
    }
)
"""Quote styles that read as the same quote: typographic, low-9, guillemets and primes as straight."""

DASH_FOLD = str.maketrans(
    {"–": "-", "—": "-", "‐": "-", "‑": "-", "‒": "-", "−": "-", "―": "-"}
)
"""Dash styles that read as the same dash: en, em, figure, minus, non-breaking hyphen as ``-``."""

CHAR_FOLD = {**QUOTE_FOLD, **DASH_FOLD}
"""Quotes and dashes together: what an anchor is matched by (with whitespace runs as one space)."""


def fold_chars(text: str) -> str:
    """``text`` with quote and dash styles unified (same length, character for character)."""
    return text.translate(CHAR_FOLD)


def squash_spaces(text: str) -> str:
    """``text`` with its whitespace runs as one space and no space at either end."""
    return " ".join(text.split())


def same_text(a: str, b: str) -> bool:
    """Whether two texts read the same: whitespace, quote and dash styles aside."""
    return fold_chars(squash_spaces(a)) == fold_chars(squash_spaces(b))


_SPACE_RUN = re.compile(r"\s+")
_ODD_SPACE = re.compile(r"\s\s|[^\S ]")
"""Whitespace that ``fold`` changes: a run, or one character other than a plain space."""


@functools.lru_cache(maxsize=65536)
def fold(text: str) -> tuple[str, Sequence[int]]:
    """``text`` with quote and dash styles unified and whitespace runs as one space, and for each
    character of the result its offset in ``text`` (a range when that is each character's own: a
    paragraph's normalised text)."""
    if not _ODD_SPACE.search(text):
        return text.translate(CHAR_FOLD), range(len(text))
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
    return "".join(out).translate(CHAR_FOLD), tuple(index)


def find_all(text: str, anchor: str) -> list[tuple[int, int]]:
    """Spans ``[start, end)`` in ``text`` of the occurrences of ``anchor`` as ``fold`` sees them, in
    order, not overlapping. Occurrences as whole words count first (``"all"`` is not found in
    "call"); only when there are none do parts of words count (``"eveloping"``)."""
    folded, index = fold(text)
    needle, _ = fold(anchor)
    if not needle:
        return []
    found = []
    at = folded.find(needle)
    while at >= 0:
        found.append(at)
        at = folded.find(needle, at + len(needle))
    end = len(needle)
    whole = [
        at
        for at in found
        if not (needle[0].isalnum() and at > 0 and folded[at - 1].isalnum())
        and not (needle[-1].isalnum() and at + end < len(folded) and folded[at + end].isalnum())
    ]
    return [(index[at], index[at + end - 1] + 1) for at in (whole or found)]


_DMP = diff_match_patch()
_DMP.Match_Threshold = 0.5
_DMP.Match_Distance = 100000


def closest_text(text: str, anchor: str) -> str | None:
    """The part of ``text`` most like ``anchor`` (whole words, the draft's own characters), or None
    when nothing is reasonably close."""
    folded, index = fold(text)
    needle = fold(anchor)[0].strip()
    size = len(needle)
    if not size or not folded:
        return None
    starts_near = _fuzzy_starts(folded, needle)
    if not starts_near:
        return None
    bounds = [k for k in range(len(folded) + 1) if _boundary(folded, k)]
    starts = sorted({b for b in bounds if b < len(folded) and folded[b] != " "
                     and any(abs(b - s) <= max(8, size // 4) for s in starts_near)})
    ends = [b for b in bounds if b > 0 and folded[b - 1] != " "]
    slack = max(6, size // 3)
    best: tuple[int, int, int, int] | None = None
    for s in starts:
        for e in ends:
            if e <= s or abs((e - s) - size) > slack:
                continue
            distance = _DMP.diff_levenshtein(_DMP.diff_main(needle, folded[s:e], False))
            key = (distance, abs((e - s) - size), s, e)
            if best is None or key < best:
                best = key
    if best is None or best[0] > size // 2:
        return None
    s, e = best[2], best[3]
    return text[index[s] : index[e - 1] + 1]


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
