"""Labels of new paragraphs: ``12 bis``, ``12 ter`` ... (Latin multiplicative adverbs), one list for
every module that reads or writes them."""

from __future__ import annotations

import re
from collections.abc import Iterator

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

_SPLIT = re.compile(rf"^(.*?)\s*\b({LABEL_SUFFIX_RE})$", re.I)


def all_suffixes() -> Iterator[str]:
    """``bis`` ... ``vicies``, then ``vicies bis`` ... ``vicies vicies``."""
    yield from SUFFIXES
    for s in SUFFIXES:
        yield f"vicies {s}"


def split_suffix(label: str) -> tuple[str, int]:
    """``("37", 0)`` for ``37 bis``; ``("37", -1)`` for ``37``: the base and the suffix's rank."""
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
