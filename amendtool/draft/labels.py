"""Labels of new paragraphs: ``12 bis``, ``12 ter`` ... (Latin multiplicative adverbs), one list for
every module that reads or writes them."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from amendtool.draft.patterns import LazyPattern

SUFFIXES = (
    "bis", "ter", "quater", "quinquies", "sexies", "septies", "octies", "novies", "decies",
    "undecies", "duodecies", "terdecies", "quaterdecies", "quindecies", "sexdecies", "septdecies",
    "octodecies", "novodecies", "vicies",
)
"""The 19 suffixes, in order; after ``vicies`` labels go on as ``vicies bis``, ``vicies ter`` ..."""

SUFFIX_RE = "|".join(sorted(SUFFIXES, key=len, reverse=True))
"""One suffix word, as a regular expression (longest first)."""

LABEL_SUFFIX_RE = rf"(?:{SUFFIX_RE})(?:\s+(?:{SUFFIX_RE}))?"
"""The suffix part of a label: one word, or two after the 19th (``vicies bis``)."""

_ENDINGS = frozenset(s[-3:] for s in SUFFIXES)
"""How the suffixes end (``bis``, ``ter``, ``ies``): an ASCII label that ends otherwise has none (in
another script, a letter such as ``ſ`` matches ``s`` regardless of case)."""
_SPLIT = LazyPattern(rf"^(.*?)\s*\b({LABEL_SUFFIX_RE})$", re.I)


def all_suffixes() -> Iterator[str]:
    """``bis`` ... ``vicies``, then ``vicies bis`` ... ``vicies vicies``."""
    yield from SUFFIXES
    for s in SUFFIXES:
        yield f"vicies {s}"


def split_suffix(label: str) -> tuple[str, int]:
    """``("37", 0)`` for ``37 bis``; ``("37", -1)`` for ``37``: the base and the suffix's rank."""
    if label.isascii() and label[-3:].lower() not in _ENDINGS:
        return label, -1  # most labels, ``12`` and ``(b)``: without the pattern (and its compilation)
    m = _SPLIT.match(label)
    if not m or not m.group(1):
        return label, -1
    suffix = " ".join(m.group(2).lower().split())
    ranks = {s: i for i, s in enumerate(all_suffixes())}
    return m.group(1), ranks.get(suffix, -1)


def labels_after(label: str) -> Iterator[str]:
    """The labels a new paragraph after ``label`` may take, in order: after ``37`` (or ``37 bis``,
    which is taken), ``37 bis`` (``37 ter``) and so on."""
    base, rank = split_suffix(label)
    for i, suffix in enumerate(all_suffixes()):
        if i > rank:
            yield f"{base} {suffix}"


_RANKS = tuple(all_suffixes())


def label_at(base: str, rank: int) -> str:
    """The label of rank ``rank`` in the series of ``base``: ``base`` itself for -1, ``base bis`` ...
    ``base vicies vicies`` for 0 to 37; where the suffixes run out, ``base (2)``, ``base (3)`` ..."""
    if rank < 0:
        return base
    if rank < len(_RANKS):
        return f"{base} {_RANKS[rank]}"
    return f"{base} ({rank - len(_RANKS) + 2})"


def free_label(after: str, taken: Callable[[str], bool], *, first: str = "") -> str | None:
    """The label a new paragraph takes: ``first`` (the label it was given) if that is not taken, else
    the first label after ``after`` that is not: ``after bis``, ``after ter`` ... (after ``12 bis``,
    ``12 ter``). None when every one of them is taken (``overflow_label`` goes on)."""
    if first and not taken(first):
        return first
    return next((label for label in labels_after(after) if not taken(label)), None)


def overflow_label(after: str, taken: Callable[[str], bool]) -> str:
    """Where ``free_label`` finds none: the first of ``after (2)``, ``after (3)`` ... not taken."""
    rank = len(_RANKS)
    while taken(label_at(after, rank)):
        rank += 1
    return label_at(after, rank)


def letters(n: int) -> str:
    """The letters of the ``n``-th lettered sub-item: ``a`` for 1, ``z`` for 26, ``aa`` for 27 (``a``
    for anything below 1)."""
    out = ""
    while n > 0:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out or "a"


def letter_number(text: str) -> int:
    """``a`` -> 1, ``z`` -> 26, ``aa`` -> 27: the inverse of ``letters``."""
    n = 0
    for ch in text:
        n = n * 26 + ord(ch) - ord("a") + 1
    return n
