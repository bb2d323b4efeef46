"""An amendment file from an edited copy of the draft: the operations a delegate would have written.

``propose(doc, edited, by)`` aligns the paragraphs of the two drafts (``align.align``: by reference,
then by content, so the edited copy may be renumbered, and paragraphs moved, split or merged), then
writes, in the edited copy's order:

- ``delete paragraph`` for a base paragraph that has no counterpart (and for the extra parts of a
  merge: the first part takes the merged text);
- ``add paragraph after P`` (``before S`` at the very start) for a paragraph with no counterpart
  (and for the extra parts of a split: the first part keeps the base paragraph's place);
- ``move after P`` for a paragraph that changed its place relative to the paragraphs kept in order
  (the longest increasing run of matched paragraphs stays; the others move);
- inside a matched pair, the word diff (``worddiff.word_diff``: whole words, never a cut word) as
  ``replace``/``delete``/``insert`` of phrases; hunks separated by fewer than two words are one
  phrase; each quoted anchor is made unique by a word or two of context (or ``(2nd)``);
- ``replace paragraph with`` when a paragraph was rewritten beyond recognition (fewer than half the
  words of the shorter text kept, or more hunks than a delegate would list).

New and moved paragraphs are placed after the nearest base paragraph before them in the edited copy
(``P``, kept in place or itself moved: what follows it goes with it), never after another new
paragraph, so that ``check``, ``compile`` and ``consolidate`` read the file as written; several of
them after the same ``P`` come in file order. An option, ``Alt`` paragraph or sub-item that became
another kind of paragraph is deleted and added, since an amendment file does not change labels.

Every operation is verified: applying a paragraph's operations to its base text must give the
edited text (up to whitespace and quote style), otherwise the paragraph is written as
``replace paragraph with``. Then the file is checked as ``check`` would check it against the draft:
a paragraph whose operations ``check`` would reject is written as ``replace paragraph with`` (or
``delete paragraph``), and what still fails is left out with a note, so ``propose`` never writes an
operation its own ``check`` rejects. Control characters in the edited text (which a proposal may not
contain) are written as spaces, with a note.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import PurePath

from amendtool.amend.delegations import delegation_name
from amendtool.amend.operations import (
    AddAlternative,
    AddParagraph,
    Anchor,
    BracketText,
    Delete,
    DeleteParagraph,
    Insert,
    Move,
    Operation,
    RemoveBrackets,
    Replace,
    ReplaceParagraph,
    Retain,
    SourceRef,
)
from amendtool.amend.resolve import resolve_lenient
from amendtool.amend.syntax import CONTROL_CHARACTER, bracket_problem, parse_amendments_lenient, unparse
from amendtool.diff.align import MERGED, SPLIT, AlignItem, align
from amendtool.diff.worddiff import DELETE, EQUAL, Chunk, tokenize, word_diff
from amendtool.draft.identity import draft_name as name_of_draft
from amendtool.draft.inline import parse_inline
from amendtool.draft.model import Document, Paragraph
from amendtool.errors import Diagnostic, SelectionError
from amendtool.text import find_all, fold_chars, squash_spaces

MERGE_GAP_WORDS = 2
"""Hunks separated by fewer words than this are written as one phrase."""
MAX_CONTEXT_WORDS = 4
"""Words of context added at most on each side to make an anchor unique."""
RECOGNISABLE = 0.5
"""Share of the shorter text's words that must be kept for word-level operations."""

_WORD = re.compile(r"\w")
_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.]*\Z")


@dataclass(frozen=True, slots=True)
class ProposedOperation:
    """One line of the amendment file written."""

    ref: str
    """The base paragraph it is about."""
    kind: str
    """``replace``, ``delete``, ``insert``, ``bracket``, ``remove-brackets``, ``retain``,
    ``delete-paragraph``, ``replace-paragraph``, ``add-paragraph`` or ``move`` (as in ``operations.py``)."""
    line: str
    """The operation as written (``12: replace "a" with "b"``)."""
    operation: Operation | None = None
    """The operation record the line was written from (``unparse``)."""

    @classmethod
    def of(cls, op: Operation) -> ProposedOperation:
        """The line ``unparse`` writes for ``op``."""
        return cls(op.ref, op.kind, unparse(op), op)


@dataclass(frozen=True, slots=True)
class ProposedAmendments:
    """The amendment file ``propose`` writes."""

    by: str
    operations: tuple[ProposedOperation, ...]
    text: str
    """The file's content."""
    notes: tuple[Diagnostic, ...] = ()
    """What an amendment file cannot say (a heading changed)."""


# ---------------------------------------------------------------------------------------------------
# Writing operations


_WRITTEN = SourceRef("<propose>", 0)


def _op(cls: type[Operation], **fields: object) -> Operation:
    """An operation ``propose`` writes, before its paragraph, delegation and id are known."""
    return cls(id="", by="", source=_WRITTEN, ref="", **fields)  # type: ignore[arg-type]


def _key(text: str) -> str:
    """What two texts are compared by: whitespace runs as one space, quote and dash styles unified
    (as anchors are matched)."""
    return fold_chars(squash_spaces(text))


def _balanced(text: str) -> bool:
    return bracket_problem(text) is None


def _without_stray_brackets(text: str) -> str:
    """``text`` without the brackets that open or close outside it (a bracket around several
    paragraphs): an amendment file's texts must balance their brackets."""
    stray: set[int] = set()
    opened: list[int] = []
    for k, ch in enumerate(text):
        if ch == "[":
            opened.append(k)
        elif ch == "]":
            if opened:
                opened.pop()
            else:
                stray.add(k)
    stray.update(opened)
    if not stray:
        return text
    return " ".join("".join(ch for k, ch in enumerate(text) if k not in stray).split())


_WORDS = re.compile(r"(?:[^\W_]|[\u0300-\u036f])+(?:['’\-‐](?:[^\W_]|[\u0300-\u036f])+)*")


def _word_count(text: str) -> int:
    return len(_WORDS.findall(text))


# ---------------------------------------------------------------------------------------------------
# Hunks inside one paragraph


@dataclass
class _Hunk:
    start: int
    end: int
    new: str
    claim_end: int = -1
    """End of the span its operation claims (its anchor with context), once written."""




def _match(old: str, p: int, chunk: str, folded_old: str | None = None) -> tuple[int, int, int, int] | None:
    """Where ``chunk`` (a diff run, in either text's characters) stands in ``old`` from ``p``,
    tolerating whitespace that the diff put on the other side of a change: (old start, old end,
    chunk start, chunk end) of the part that matches, or None. ``folded_old`` is ``fold_chars(old)``
    when the caller has it."""
    n = len(chunk)
    end = p + n
    if n and old.startswith(chunk, p) and not (chunk[-1].isspace() and old[end : end + 1].isspace()):
        return p, end, 0, n  # the same characters (most runs): nothing to tolerate
    if folded_old is None:
        folded_old = fold_chars(old)
    folded = fold_chars(chunk)
    i, j, m = 0, p, len(old)
    if i < n and chunk[i].isspace() and not (j < m and old[j].isspace()):
        while i < n and chunk[i].isspace():
            i += 1
    if j < m and old[j].isspace() and not (i < n and chunk[i].isspace()):
        while j < m and old[j].isspace():
            j += 1
    cs, ps = i, j
    while i < n:
        c = chunk[i]
        if c.isspace():
            if j < m and old[j].isspace():
                while i < n and chunk[i].isspace():
                    i += 1
                while j < m and old[j].isspace():
                    j += 1
                continue
            k = i
            while k < n and chunk[k].isspace():
                k += 1
            if k == n:
                return ps, j, cs, i
            return None
        if j >= m or folded_old[j] != folded[i]:
            return None
        i += 1
        j += 1
    return ps, j, cs, n


def _hunks(old: str, new: str, chunks=None) -> list[_Hunk] | None:
    """The word diff (``chunks``, computed when not given) as spans of ``old`` and their replacements
    (the new text between the same two unchanged runs), or None if the diff cannot be followed."""
    if chunks is None:
        chunks = word_diff(old, new)
    regions: list[tuple[int, int, int, int]] = []
    p = q = 0
    folded_old = fold_chars(old)
    for c in chunks:
        if c.op == EQUAL:
            found = _match(old, p, c.text, folded_old)
            if found is None:
                return None
            ps, pe, cs, ce = found
            regions.append((ps, pe, q + cs, q + ce))
            p = pe
            q += len(c.text)
        elif c.op == DELETE:
            found = _match(old, p, c.text, folded_old)
            if found is None:
                return None
            p = found[1]
        else:
            q += len(c.text)
    hunks: list[_Hunk] = []
    prev_p = prev_q = 0
    for ps, pe, qs, qe in [_exact_edges(old, new, r) for r in regions] + [(len(old), len(old), len(new), len(new))]:
        start, end, gap_new = prev_p, ps, new[prev_q:qs]
        if old[start:end].strip() or gap_new.strip():
            # whitespace both sides share at the edges is no change
            while start < end and old[start].isspace() and gap_new[:1] == old[start]:
                start += 1
                gap_new = gap_new[1:]
            while end > start and old[end - 1].isspace() and gap_new[-1:] == old[end - 1]:
                end -= 1
                gap_new = gap_new[:-1]
            hunks.append(_Hunk(start, end, gap_new))
        prev_p, prev_q = pe, qe
    return hunks


def _exact_edges(old: str, new: str, region: tuple[int, int, int, int]) -> tuple[int, int, int, int]:
    """An unchanged region without the whitespace at its edges that differs between the two texts (a
    narrow no-break space in one, a plain space in the other: the word diff takes every whitespace run
    for the same): that whitespace goes to the change beside it, so the edited copy's own space is
    written where it stands."""
    ps, pe, qs, qe = region
    while ps < pe and qs < qe and old[ps].isspace() and new[qs].isspace() and old[ps] != new[qs]:
        ps += 1
        qs += 1
    while pe > ps and qe > qs and old[pe - 1].isspace() and new[qe - 1].isspace() and old[pe - 1] != new[qe - 1]:
        pe -= 1
        qe -= 1
    return ps, pe, qs, qe


def _apply(old: str, hunks: list[_Hunk]) -> str:
    out, pos = [], 0
    for h in hunks:
        out.append(old[pos : h.start])
        out.append(h.new)
        pos = h.end
    out.append(old[pos:])
    return "".join(out)


def _merge_close(old: str, hunks: list[_Hunk]) -> list[_Hunk]:
    merged: list[_Hunk] = []
    for h in hunks:
        if merged:
            prev = merged[-1]
            gap = old[prev.end : h.start]
            if _word_count(gap) < MERGE_GAP_WORDS:
                merged[-1] = _Hunk(prev.start, h.end, prev.new + gap + h.new)
                continue
        merged.append(_Hunk(h.start, h.end, h.new))
    return merged


MAX_SLIDE = 80
"""Characters a pure insertion or deletion may slide to find its most readable place."""


def _edge(a: str, b: str) -> int:
    """How good a place the boundary between characters ``a`` and ``b`` is for an edit to begin or
    end (diff-match-patch's semantic scores, on whole words): 0 inside a word."""
    if not a or not b:
        return 6  # the start or end of the paragraph
    if a in ".;!?" and b.isspace() or a.isspace() and b.isupper():
        return 5  # a sentence ends or begins
    if not a.isalnum() and not a.isspace() or not b.isalnum() and not b.isspace():
        return 3  # punctuation
    if a.isspace() or b.isspace():
        return 2
    return 0


def _slide(old: str, hunks: list[_Hunk]) -> list[_Hunk]:
    """Pure insertions and deletions moved, over text they repeat, to where they read best: ``delete
    "We acknowledge ... cybercrimes."`` rather than ``delete "acknowledge ... cybercrimes. We"``,
    ``insert ", as well as ..." after "development"`` rather than ``"as well as ..., " before "may"``.
    They never cross a neighbouring hunk."""
    out: list[_Hunk] = []
    for k, h in enumerate(hunks):
        lo = out[-1].end if out else 0
        hi = hunks[k + 1].start if k + 1 < len(hunks) else len(old)
        if h.start == h.end and h.new:
            text, start = _best_shift(h.new, h.start, partial(_inserted_at, old, h, lo=lo, hi=hi),
                                      partial(_insertion_score, old))
            out.append(_Hunk(start, start, text))
        elif h.new == "" and h.end > h.start:
            text, start = _best_shift(old[h.start : h.end], h.start, partial(_deleted_at, old, h, lo=lo, hi=hi),
                                      partial(_deletion_score, old))
            out.append(_Hunk(start, start + len(text), ""))
        else:
            out.append(h)
    return out


def _best_shift(piece: str, at: int, text_at: Callable[[int], tuple[str, int] | None],
                score: Callable[[tuple[str, int]], int]) -> tuple[str, int]:
    """The (text, start) within ``MAX_SLIDE`` characters of ``at`` that reads best (highest score,
    then the smallest shift); ``(piece, at)`` when no shift scores. A piece slides only over text it
    repeats, so where one shift does not fit no longer one in that direction does: the shifts that
    fit are found first, stepping out from ``at``."""
    left = right = 0
    while left < MAX_SLIDE and text_at(-left - 1) is not None:
        left += 1
    while right < MAX_SLIDE and text_at(right + 1) is not None:
        right += 1
    best, best_key = (piece, at), None
    for shift in range(-left, right + 1):
        cand = text_at(shift)
        if cand is None:
            continue
        value = score(cand)
        if value and (best_key is None or (value, -abs(shift)) > best_key):
            best, best_key = cand, (value, -abs(shift))
    return best


def _inserted_at(old: str, h: _Hunk, shift: int, lo: int, hi: int) -> tuple[str, int] | None:
    """The insertion ``h`` moved by ``shift`` over text it repeats, or None where it cannot go."""
    piece, at = h.new, h.start
    if shift < 0:
        n = -shift
        if at - n < lo or piece[-n:] != old[at - n : at]:
            return None
        return old[at - n : at] + piece[:-n], at - n
    if at + shift > hi or piece[:shift] != old[at : at + shift]:
        return None
    return piece[shift:] + old[at : at + shift], at + shift


def _insertion_score(old: str, cand: tuple[str, int]) -> int:
    ins, p = cand
    return _edge(old[p - 1 : p], ins[:1]) + _edge(ins[-1:], old[p : p + 1])


def _deleted_at(old: str, h: _Hunk, shift: int, lo: int, hi: int) -> tuple[str, int] | None:
    """The deletion ``h`` moved by ``shift``: only over text that repeats what stands beside it
    (deleting it there leaves the same text)."""
    at = h.start
    s, e = at + shift, at + shift + (h.end - h.start)
    if s < lo or e > hi:
        return None
    if shift < 0 and old[s:at] != old[e : h.end]:
        return None
    if shift > 0 and old[h.end : e] != old[at:s]:
        return None
    return old[s:e], s


def _deletion_score(old: str, cand: tuple[str, int]) -> int:
    span, s = cand
    e = s + len(span)
    return _edge(old[s - 1 : s], old[s : s + 1]) + _edge(old[e - 1 : e], old[e : e + 1])


class _Words:
    """Word boundaries of a text, for extending an anchor by whole words (worked out when first
    needed: most hunks need no context)."""

    def __init__(self, text: str):
        self.text = text
        self._bounds: tuple[list[int], list[int]] | None = None

    def bounds(self) -> tuple[list[int], list[int]]:
        """The starts and the ends of the words."""
        if self._bounds is None:
            starts: list[int] = []
            ends: list[int] = []
            pos = 0
            for tok in tokenize(self.text):
                if not tok.isspace() and (tok[0].isalnum() or _WORD.search(tok)):
                    starts.append(pos)
                    ends.append(pos + len(tok))
                pos += len(tok)
            self._bounds = starts, ends
        return self._bounds

    def left(self, at: int, k: int, lo: int) -> int | None:
        """Start of the k-th word that ends at or before ``at`` (not before ``lo``)."""
        starts, ends = self.bounds()
        i = bisect.bisect_right(ends, at) - k
        if i < 0 or starts[i] < lo:
            return None
        return starts[i]

    def right(self, at: int, k: int, hi: int) -> int | None:
        """End of the k-th word that starts at or after ``at`` (not after ``hi``)."""
        starts, ends = self.bounds()
        i = bisect.bisect_left(starts, at) + k - 1
        if i >= len(starts) or ends[i] > hi:
            return None
        return ends[i]


def _occurrence(text: str, start: int, end: int) -> int | None:
    """0 when ``text[start:end]`` is unique, its occurrence number when it is one of several, None
    when the resolver would not find it there."""
    spans = find_all(text, text[start:end])
    if (start, end) not in spans:
        return None
    return 0 if len(spans) == 1 else spans.index((start, end)) + 1


def _trimmed(text: str, start: int, end: int, new: str) -> tuple[int, int, str]:
    """A hunk's span and new text with the whitespace at their edges written outside the span; a
    deleted word takes no space with it where a space stays on its other side."""
    while start < end and text[start].isspace() and new[:1].isspace():
        start += 1
        new = new[1:]
    while end > start and text[end - 1].isspace() and new[-1:].isspace():
        end -= 1
        new = new[:-1]
    if not new:
        while end > start and text[end - 1].isspace() and (start == 0 or text[start - 1].isspace()):
            end -= 1
        while start < end and text[start].isspace() and (end == len(text) or text[end].isspace()):
            start += 1
    return start, end, new


def _span_line(text: str, words: _Words, h: _Hunk, lo: int, hi: int) -> Operation | None:
    """``replace "old" with "new"`` or ``delete "old"`` for a hunk, its anchor made unique by whole
    words of context within [lo, hi] (other hunks lie beyond), or by its occurrence number."""
    start, end, new = _trimmed(text, h.start, h.end, h.new)
    if not text[start:end].strip():
        return None

    def line(s: int, e: int, occ: int) -> Operation:
        h.claim_end = e
        anchor = Anchor(text[s:e], occ or None)
        replacement = text[s:start] + new + text[end:e]
        if not replacement.strip():  # 'replace ")" with " "' reads as a deletion (check refuses a blank text)
            return _op(Delete, anchor=anchor)
        bracketed = _bracket_operation(text[s:e], replacement, occ)
        return bracketed or _op(Replace, anchor=anchor, new=replacement)

    occ = _occurrence(text, start, end)
    if occ == 0:
        return line(start, end, 0)

    def with_context(most: int) -> Operation | None:
        for k in range(1, most + 1):
            for s, e in ((start, words.right(end, k, hi)), (words.left(start, k, lo), end),
                         (words.left(start, k, lo), words.right(end, k, hi))):
                if s is None or e is None:
                    continue
                if _occurrence(text, s, e) == 0 and _balanced(text[s:e]):
                    return line(s, e, 0)
        return None

    # a replacement reads best with a word of context ("the funds" -> "all funds"); a deletion
    # reads best as itself with its occurrence ("in" (2nd))
    found = with_context(2) if new else None
    if found is None and occ is not None and occ <= 3:
        found = line(start, end, occ)
    if found is None:
        found = with_context(MAX_CONTEXT_WORDS)
    if found is None and occ is not None:
        found = line(start, end, occ)
    return found


def _bracket_operation(old: str, new: str, occ: int) -> Operation | None:
    """What a delegate writes for a change of brackets only: ``bracket "x"`` ([x] for x), ``remove
    brackets "x"`` (x for [x]), ``retain "a"`` (a for the group [a] [b])."""
    if new == f"[{old}]" and _balanced(old):
        return _op(BracketText, anchor=Anchor(old, occ or None))
    if old == f"[{new}]" and "[" not in new and "]" not in new:
        return _op(RemoveBrackets, anchor=Anchor(new, occ or None))
    if "[" not in new and "]" not in new:
        groups = parse_inline(old)[1]
        if len(groups) == 1 and groups[0].start == 0 and groups[0].end == len(old) and len(groups[0].alternatives) > 1:
            if groups[0].alternatives.count(new) == 1:
                return _op(Retain, anchor=Anchor(new, occ or None))
    return None


def _insert_line(text: str, words: _Words, at: int, new: str) -> Operation | None:
    if at == 0:
        return _op(Insert, text=new, where="start")
    if at == len(text):
        return _op(Insert, text=new, where="end")
    prefer_before = text[at - 1 : at].isspace() and bool(_WORD.match(text[at : at + 1]))
    for k in range(1, MAX_CONTEXT_WORDS + 2):
        options = []
        e = words.right(at, k, len(text))
        if e is not None and not text[at:at + 1].isspace():
            options.append(("before", at, e))
        s = words.left(at, k, 0)
        if s is not None and not text[at - 1 : at].isspace():
            options.append(("after", s, at))
        if prefer_before:
            options.sort(key=lambda o: o[0] != "before")
        for where, s, e in options:
            if _occurrence(text, s, e) == 0:
                return _op(Insert, text=new, where=where, anchor=Anchor(text[s:e]))
    for where, s, e in ((("before", at, words.right(at, 1, len(text))),) + (("after", words.left(at, 1, 0), at),)):
        if s is None or e is None:
            continue
        occ = _occurrence(text, s, e)
        if occ:
            return _op(Insert, text=new, where=where, anchor=Anchor(text[s:e], occ))
    return None


def paragraph_operations(old: str, new: str, chunks=None) -> list[Operation] | None:
    """The operations (without their paragraph: ``ref`` is empty) turning ``old`` into ``new`` at word
    level, or None when the paragraph
    is better written as ``replace paragraph with`` (rewritten beyond recognition, or a change that
    cuts across brackets)."""
    if old == new or _key(old) == _key(new):
        return []
    hunks = _hunks(old, new, chunks)
    if hunks is None or _key(_apply(old, hunks)) != _key(new):
        return None
    hunks = _merge_close(old, hunks)
    hunks = _slide(old, hunks)
    old_words, new_words = _word_count(old), _word_count(new)
    kept_words = old_words - sum(_word_count(old[h.start : h.end]) for h in hunks)
    shorter = min(old_words, new_words)
    if shorter == 0 or kept_words < RECOGNISABLE * shorter:
        return None
    if len(hunks) > max(6, new_words // 8):
        return None
    words = _Words(old)
    out: list[Operation] = []
    for k, h in enumerate(hunks):
        lo = max(hunks[k - 1].end, hunks[k - 1].claim_end) if k else 0  # never into the last one's context
        hi = hunks[k + 1].start if k + 1 < len(hunks) else len(old)
        if not (_balanced(old[h.start : h.end]) and _balanced(h.new)):
            return None
        op = _insert_line(old, words, h.start, h.new) if h.start == h.end else _span_line(old, words, h, lo, hi)
        if op is None:
            return None
        out.append(op)
    return out


# ---------------------------------------------------------------------------------------------------
# Paragraphs


def _items(doc: Document) -> list[AlignItem]:
    return [AlignItem(p.ref, p.label, p.text, p.kind) for p in doc.paragraphs]


def _stable(pairs: list[tuple[int, int]]) -> set[tuple[int, int]]:
    """The longest run of (new, old) pairs, in new order, whose old positions increase."""
    tails: list[int] = []
    tail_at: list[int] = []
    back: list[int] = [-1] * len(pairs)
    for k, (_n, o) in enumerate(pairs):
        i = bisect.bisect_left(tails, o)
        if i == len(tails):
            tails.append(o)
            tail_at.append(k)
        else:
            tails[i] = o
            tail_at[i] = k
        back[k] = tail_at[i - 1] if i else -1
    out: set[tuple[int, int]] = set()
    k = tail_at[-1] if tail_at else -1
    while k >= 0:
        out.add(pairs[k])
        k = back[k]
    return out


def is_code(text: str) -> bool:
    """Whether ``text`` can be a delegation code (letters, digits, ``_`` and ``.``, no spaces)."""
    return bool(_CODE.match(text or ""))


def propose(doc: Document, edited: Document, by: str, *, draft_name: str | None = None,
            date: str = "") -> ProposedAmendments:
    """The amendment file (by delegation ``by``) whose operations turn ``doc`` into ``edited``; its
    header names the draft as its publisher does (``identity.draft_name``: its symbol or title, not
    the name of a local copy) unless ``draft_name`` is given, and carries ``date`` when given."""
    if not is_code(by):
        raise SelectionError(Diagnostic(
            f'"{by}" is not a delegation code', "",
            hint="a code is letters and digits without spaces, e.g. EU, G77, JPN"), choice="by")
    writer = _Writer(doc, edited, by, _matching(doc, edited))
    writer.write()
    old_titles = [s.heading.title for s in doc.sections]
    new_titles = [s.heading.title for s in edited.sections]
    if old_titles != new_titles:
        writer.notes.append(Diagnostic(
            "headings differ between the drafts; an amendment file cannot change headings, so they are left out",
            edited.path, severity="warning"))
    draft = draft_name if draft_name is not None else name_of_draft(doc)
    lines = _checked(doc, by, draft, edited.path, writer.lines, writer.rewritten, writer.notes)
    return amendment_file(by, draft, edited.path, lines, writer.notes, date=date)


@dataclass
class _Matching:
    """Which paragraph of the edited copy continues which of the base draft."""

    match: dict[int, int]
    """Edited index -> base index."""
    diffs: dict[int, tuple[Chunk, ...]]
    """Edited index -> the word diff the aligner made of the pair."""
    taken_old: set[int]
    stable: set[tuple[int, int]]
    """The matched pairs that keep their order (the others moved)."""


_SPECIAL_KINDS = {"option", "alt", "sub-item"}
"""Kinds of paragraph an amendment file cannot turn another kind into (it does not change labels)."""


def _matching(doc: Document, edited: Document) -> _Matching:
    base, ed = doc.paragraphs, edited.paragraphs
    match: dict[int, int] = {}
    diffs: dict[int, tuple[Chunk, ...]] = {}
    taken_old: set[int] = set()
    parts: dict[int, list[tuple[int, int]]] = {}
    for r in align(_items(doc), _items(edited)):
        if r.old_index is None or r.new_index is None:
            continue
        if r.status in (SPLIT, MERGED):
            key = r.old_index if r.status == SPLIT else -1 - r.new_index
            parts.setdefault(key, []).append((r.new_index, r.old_index))
            continue
        match[r.new_index] = r.old_index
        taken_old.add(r.old_index)
        diffs[r.new_index] = r.changes
    for group in parts.values():
        n, o = min(group)  # the first part keeps the base paragraph
        if n not in match and o not in taken_old:
            match[n] = o
            taken_old.add(o)
    for n, o in list(match.items()):
        a, b = base[o].kind, ed[n].kind
        if a != b and (a in _SPECIAL_KINDS or b in _SPECIAL_KINDS):
            del match[n]
            taken_old.discard(o)
    return _Matching(match, diffs, taken_old, _stable(sorted(match.items())))


class _Writer:
    """The operations, in the edited copy's order: kept paragraphs' word edits, moves, new and
    deleted paragraphs (deletions where the base had them)."""

    def __init__(self, doc: Document, edited: Document, by: str, m: _Matching):
        self.base, self.ed, self.edited, self.by, self.m = doc.paragraphs, edited.paragraphs, edited, by, m
        self.lines: list[ProposedOperation] = []
        self.notes: list[Diagnostic] = []
        self.rewritten: dict[str, Paragraph] = {}
        """Base ref -> the edited paragraph its text operations give."""
        self.unmatched_old = [o for o in range(len(self.base)) if o not in m.taken_old]
        self.deleted_cursor = 0

    def emit(self, ref: str, op: Operation) -> None:
        by = self.by
        op = _plain_texts(op, ref, self.notes, self.edited.path)
        self.lines.append(ProposedOperation.of(replace(op, ref=ref, by=by, id=f"{by}-{len(self.lines) + 1}")))

    def stray(self, para: Paragraph) -> str:
        text = _without_stray_brackets(para.text)
        if text != para.text:
            self.notes.append(Diagnostic(
                f"paragraph {para.ref} has a bracket that opens or closes in another paragraph; an amendment "
                "file cannot say that, so the proposal leaves that bracket out",
                self.edited.path, para.pos.line, para.pos.column, severity="warning"))
        return text

    def deletions_before(self, limit: int) -> None:
        while self.deleted_cursor < len(self.unmatched_old) and self.unmatched_old[self.deleted_cursor] < limit:
            self.emit(self.base[self.unmatched_old[self.deleted_cursor]].ref, _op(DeleteParagraph))
            self.deleted_cursor += 1

    def text_operations(self, old: Paragraph, new: Paragraph, chunks: tuple[Chunk, ...] | None) -> None:
        ops = paragraph_operations(old.text, new.text, chunks)
        if ops is None:
            text = self.stray(new)
            self.emit(old.ref, _op(ReplaceParagraph, text=text) if text.strip() else _op(DeleteParagraph))
            return
        for op in ops:
            self.emit(old.ref, op)

    def write(self) -> None:
        base, m = self.base, self.m
        first_stable = min((o for n, o in m.stable), default=None)
        anchor_ref: str | None = None  # the last base paragraph met in edited order (kept or moved)
        for n, para in enumerate(self.ed):
            o = m.match.get(n)
            if o is not None and (n, o) in m.stable:
                self.deletions_before(o)
                anchor_ref = base[o].ref
                self.rewritten[base[o].ref] = para
                self.text_operations(base[o], para, m.diffs.get(n))
                continue
            if anchor_ref is not None:
                where, dest = "after", anchor_ref
            elif first_stable is not None:
                where, dest = "before", base[first_stable].ref
            elif base:
                where, dest = "after", base[-1].ref
            else:
                continue  # an empty base draft: nothing to attach to
            if o is not None:
                self.emit(base[o].ref, _op(Move, where=where, dest=dest))
                self.rewritten[base[o].ref] = para
                self.text_operations(base[o], para, m.diffs.get(n))
                anchor_ref = base[o].ref  # what follows it in the edited copy follows it wherever it goes
            else:
                text = self.stray(para) if para.text.strip() else ""
                if text.strip():  # a paragraph left empty (a stray bracket alone) is no new paragraph
                    self.emit(dest, _op(AddParagraph, text=text, where=where))
        self.deletions_before(len(base) + 1)


_TEXT_OPERATIONS = (Replace, Delete, Insert, BracketText, RemoveBrackets, Retain, AddAlternative)
"""Operations inside one paragraph's text (the ones a ``replace paragraph with`` can stand for)."""


def _in_text(line: ProposedOperation) -> bool:
    return isinstance(line.operation, _TEXT_OPERATIONS)


def _plain_texts(op: Operation, ref: str, notes: list[Diagnostic], path: str) -> Operation:
    """``op`` with control characters in its new text written as spaces (a proposal may not hold them)."""
    changes = {}
    for name in ("new", "text"):
        value = getattr(op, name, None)
        if isinstance(value, str) and CONTROL_CHARACTER.search(value):
            changes[name] = squash_spaces(CONTROL_CHARACTER.sub(" ", value))
    if not changes:
        return op
    notes.append(Diagnostic(f"paragraph {ref} of the edited copy has control characters; the proposal writes "
                            "them as spaces", path, severity="warning"))
    return replace(op, **changes)  # type: ignore[arg-type]


def _renumbered(by: str, lines: list[ProposedOperation]) -> list[ProposedOperation]:
    out = []
    for k, line in enumerate(lines, start=1):
        op = line.operation
        out.append(ProposedOperation.of(replace(op, id=f"{by}-{k}")) if op is not None else line)
    return out


def _rejected(doc: Document, by: str, draft: str, source: str, lines: list[ProposedOperation]) -> dict[int, Diagnostic]:
    """The operations (by index) that ``check`` would reject in the file written from ``lines``."""
    written = amendment_file(by, draft, source, lines)
    parsed = parse_amendments_lenient(written.text, "<propose>")
    _, diagnostics = resolve_lenient(doc, parsed.file)
    header = written.text.count("\n") - sum(line.line.count("\n") + 1 for line in lines)
    starts = []
    at = header + 1
    for line in lines:
        starts.append(at)
        at += line.line.count("\n") + 1
    out: dict[int, Diagnostic] = {}
    for d in (*parsed.diagnostics, *diagnostics):
        if d.severity == "error" and d.line:
            k = bisect.bisect_right(starts, d.line) - 1
            if 0 <= k < len(lines):
                out.setdefault(k, d)
    return out


def _checked(doc: Document, by: str, draft: str, source: str, lines: list[ProposedOperation],
             rewritten: dict[str, Paragraph], notes: list[Diagnostic]) -> list[ProposedOperation]:
    """``lines`` as ``check`` accepts them against ``doc``: the text operations of a paragraph that
    fail written as one ``replace paragraph with`` (``delete paragraph`` if nothing is left), then
    anything that still fails left out with a note."""
    rejected = _rejected(doc, by, draft, source, lines)
    if not rejected:
        return lines
    redo = {lines[k].ref for k in rejected if _in_text(lines[k]) and lines[k].ref in rewritten}
    out: list[ProposedOperation] = []
    whole: set[str] = set()  # the paragraphs already written whole (replaced or deleted)
    for line in lines:
        if line.ref in redo and _in_text(line):
            if line.ref not in whole:
                text = _without_stray_brackets(rewritten[line.ref].text)
                op = _op(ReplaceParagraph, text=text) if text.strip() else _op(DeleteParagraph)
                out.append(ProposedOperation.of(_plain_texts(replace(op, ref=line.ref, by=by, id=""), line.ref,
                                                             notes, source)))
                whole.add(line.ref)
            continue
        if isinstance(line.operation, ReplaceParagraph | DeleteParagraph):
            whole.add(line.ref)
        out.append(line)
    out = _renumbered(by, out)
    rejected = _rejected(doc, by, draft, source, out)
    for k in sorted(rejected):
        d = rejected[k]
        notes.append(Diagnostic(f"left out {out[k].line!r}: check would reject it ({d.message})", source,
                                severity="warning"))
    return _renumbered(by, [line for k, line in enumerate(out) if k not in rejected])


def amendment_file(by: str, draft: str, source: str, operations: Sequence[ProposedOperation],
                   notes: Sequence[Diagnostic] = (), *, date: str = "") -> ProposedAmendments:
    """The amendment file by ``by`` against ``draft`` holding ``operations``, written from ``source``:
    the header as the format has it (``by:``, ``name:`` where the code is a known delegation's,
    ``draft:``, ``date:`` when given)."""
    header = [f"by: {by}"]
    name = delegation_name(by)
    if name:
        header.append(f"name: {name}")
    if draft:
        header.append(f"draft: {draft}")
    if date:
        header.append(f"date: {date}")
    count = len(operations)
    header.append(f"# Written by amendtool propose from {PurePath(source).name}: "
                  f"{count} operation{'s' if count != 1 else ''}.")
    text = "\n".join(header + [""] + [op.line for op in operations]) + "\n"
    return ProposedAmendments(by, tuple(operations), text, tuple(notes))
