"""Brackets across paragraphs in ``propose``: which of them an edited copy adds or takes away, written
as ``12-14: bracket [from "..."] [to "..."]`` and ``12-14: remove brackets [from "..."]``.

A bracket that opens in one paragraph and closes in another cannot be written inside one paragraph's
operations (an amendment file's texts balance their brackets). So, before the paragraphs are diffed
word by word, the brackets an edited copy adds across paragraphs are taken out of its texts and the
ones it takes away out of the base's; the range operations put them in and take them away again.

Brackets are paired across each whole document (as its bracket balance is checked). A pair of the
edited copy whose two paragraphs are matched to two base paragraphs that have a pair between them is
kept (the pairs of such two paragraphs matched in order); one of the base whose paragraphs lost it is
taken away (when both its paragraphs stay: where one goes, the other bracket goes with the text
around it, which changes anyway). A new pair whose paragraphs are not both in the base (a new
paragraph), or that would run backwards in the base, cannot be written: its brackets are left out, as
before, with a note.

Where the new bracket goes in the base text: the edited words after ``[`` found once in the base
paragraph put it before them; else the words before it put it after them (``[`` then stands before
text the same file inserts there, which is where it stood). Likewise for ``]``. The operation's
anchors are the base words at that place, as few as make them unique.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from amendtool.amend.operations import Anchor, BracketParagraphs, Operation, RemoveBracketsAcross, SourceRef
from amendtool.draft.model import Document, Paragraph
from amendtool.text import find_all

_WORD = re.compile(r"\S+")
_BRACKET = re.compile(r"[\[\]]")
MAX_WORDS = 8
"""Words tried at most to find where a bracket stands, and to make an anchor unique."""
_WRITTEN = SourceRef("<propose>", 0)


@dataclass
class CrossBrackets:
    """What ``propose`` does about brackets across paragraphs."""

    strip_new: dict[int, set[int]] = field(default_factory=dict)
    """Edited paragraph index -> offsets of its text's brackets that the range operations put in."""
    strip_old: dict[int, set[int]] = field(default_factory=dict)
    """Base paragraph index -> offsets of its text's brackets that the range operations take away."""
    operations: dict[int, list[Operation]] = field(default_factory=dict)
    """Base index of the first paragraph -> the range operations to write with its operations (their
    ``ref`` is that paragraph's)."""
    unwritable: set[int] = field(default_factory=set)
    """Edited paragraph indexes holding a bracket across paragraphs that cannot be written."""


def pairs(doc: Document) -> list[tuple[int, int, int, int]]:
    """Brackets that open in one paragraph and close in another: (paragraph index, offset of ``[``,
    paragraph index, offset of ``]``), in order of their ``]``."""
    stack: list[tuple[int, int]] = []
    out: list[tuple[int, int, int, int]] = []
    for k, p in enumerate(doc.paragraphs):
        for m in _BRACKET.finditer(p.text):
            if m.group() == "[":
                stack.append((k, m.start()))
            elif stack:
                a, i0 = stack.pop()
                if a != k:
                    out.append((a, i0, k, m.start()))
    return out


def without(text: str, offsets: set[int]) -> str:
    """``text`` without the characters at ``offsets``."""
    return "".join(ch for i, ch in enumerate(text) if i not in offsets) if offsets else text


def cross_brackets(base: Document, edited: Document, match: dict[int, int]) -> CrossBrackets:
    """The brackets across paragraphs ``edited`` adds and takes away (``match``: edited paragraph
    index -> base paragraph index)."""
    out = CrossBrackets()
    old_pairs = pairs(base)
    by_ends: dict[tuple[int | None, int | None], list[tuple[int, int, int, int]]] = {}
    for pair in old_pairs:
        by_ends.setdefault((pair[0], pair[2]), []).append(pair)
    kept: set[tuple[int, int, int, int]] = set()
    new_pairs: list[tuple[int, int, int, int]] = []
    for a, i, b, j in pairs(edited):
        free = [c for c in by_ends.get((match.get(a), match.get(b)), []) if c not in kept]
        if free:
            kept.add(free[0])
            continue
        new_pairs.append((a, i, b, j))
        out.strip_new.setdefault(a, set()).add(i)
        out.strip_new.setdefault(b, set()).add(j)
    for a, i, b, j in new_pairs:
        oa, ob = match.get(a), match.get(b)
        if oa is not None and ob is not None and oa <= ob:
            opening = _stripped(edited.paragraphs[a].text, i, out.strip_new[a])
            closing = _stripped(edited.paragraphs[b].text, j, out.strip_new[b])
            op = _bracket(base.paragraphs[oa], base.paragraphs[ob], opening, closing)
            if op is not None:
                out.operations.setdefault(oa, []).append(op)
                continue
        out.unwritable.update((a, b))
    matched = set(match.values())
    for pair in old_pairs:
        if pair in kept or pair[0] not in matched or pair[2] not in matched:
            continue  # kept, or a paragraph of it deleted (its other bracket goes with the text around it)
        a, i, b, j = pair
        out.strip_old.setdefault(a, set()).add(i)
        out.strip_old.setdefault(b, set()).add(j)
        out.operations.setdefault(a, []).append(_remove(base, pair, old_pairs))
    return out


def _stripped(text: str, at: int, offsets: set[int]) -> tuple[str, int]:
    """``text`` without the brackets at ``offsets`` and where offset ``at`` (one of them) falls in it."""
    return without(text, offsets), at - sum(1 for k in offsets if k < at)


def _bracket(first: Paragraph, last: Paragraph, opening: tuple[str, int],
             closing: tuple[str, int]) -> Operation | None:
    """``first-last: bracket`` putting ``[`` where it stands in the edited text ``opening`` (its
    text without the new brackets, and the offset where ``[`` stood) and ``]`` likewise."""
    p = _place(first.text, *opening)
    q = _place(last.text, *closing)
    if p is None or q is None:
        return None
    start = _anchor_after(first.text, p) if p > 0 else None
    if p > 0 and start is None:
        return None
    end = None
    if q < len(last.text) or last.children:
        end = _anchor_before(last.text, q)
        if end is None:
            return None
    same = first.ref == last.ref
    return BracketParagraphs(id="", by="", source=_WRITTEN, ref=first.ref, last="" if same else last.ref,
                             start=start, end=end)


def _place(old: str, new: str, at: int) -> int | None:
    """The offset in ``old`` where offset ``at`` of ``new`` (the edited text without its new brackets)
    stands: before the words that follow it there, or after the words that precede it."""
    after, before = new[at:], new[:at]
    for k in range(MAX_WORDS, 0, -1):
        words = _WORD.findall(after)[:k]
        if len(words) == k:
            spans = find_all(old, " ".join(words))
            if len(spans) == 1:
                return spans[0][0]
        words = _WORD.findall(before)[-k:] if before.strip() else []
        if len(words) == k:
            spans = find_all(old, " ".join(words))
            if len(spans) == 1:
                return spans[0][1]
    if not before.strip():
        return 0
    if not after.strip():
        return len(old)
    return None


def _anchor_after(text: str, at: int) -> Anchor | None:
    """The fewest words of ``text`` from ``at`` that occur once in it."""
    for k in range(1, MAX_WORDS + 1):
        m = list(_WORD.finditer(text, at))[:k]
        if not m:
            return None
        piece = text[at : m[-1].end()]
        if piece.strip() and len(find_all(text, piece)) == 1:
            return Anchor(piece)
    return None


def _anchor_before(text: str, at: int) -> Anchor | None:
    """The fewest words of ``text`` ending at ``at`` that occur once in it."""
    words = list(_WORD.finditer(text, 0, at))
    for k in range(1, min(MAX_WORDS, len(words)) + 1):
        piece = text[words[-k].start() : at]
        if piece.strip() and len(find_all(text, piece)) == 1:
            return Anchor(piece)
    return None


def _remove(base: Document, pair: tuple[int, int, int, int],
            all_pairs: Sequence[tuple[int, int, int, int]]) -> Operation:
    """``first-last: remove brackets``, with ``from "..."`` when another bracket from ``first`` closes
    in ``last`` too."""
    a, i, b, _j = pair
    first, last = base.paragraphs[a], base.paragraphs[b]
    start = None
    if sum(1 for p in all_pairs if p[0] == a and p[2] == b) > 1:
        start = _anchor_after(first.text, i + 1)
    return RemoveBracketsAcross(id="", by="", source=_WRITTEN, ref=first.ref, last=last.ref, start=start)
