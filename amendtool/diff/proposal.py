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
    AddHeading,
    AddItem,
    AddOption,
    AddParagraph,
    Anchor,
    BracketText,
    Delete,
    DeleteHeading,
    DeleteParagraph,
    Insert,
    Move,
    Operation,
    RemoveBrackets,
    Replace,
    ReplaceHeading,
    ReplaceParagraph,
    Retain,
    RetainOption,
    SourceRef,
)
from amendtool.amend.resolve import resolve_lenient
from amendtool.amend.syntax import (
    CONTROL_CHARACTER,
    bracket_problem,
    parse_amendments_lenient,
    unparse,
    unparse_anchor,
)
from amendtool.diff.align import MERGED, SPLIT, AlignedPair, AlignItem, align
from amendtool.diff.brackets_across import cross_brackets, without
from amendtool.diff.compare import align_headings
from amendtool.diff.forks import forked_map
from amendtool.diff.worddiff import DELETE, EQUAL, Chunk, DiffPool, tokenize, word_diff
from amendtool.draft.identity import draft_name as name_of_draft
from amendtool.draft.inline import parse_inline
from amendtool.draft.model import Document, Line, Paragraph, Section, paused_gc
from amendtool.draft.options import option_style
from amendtool.draft.outline import option_runs
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


def _same(a: str, b: str) -> bool:
    """Whether two texts read the same: whitespace runs as one space, quote and dash styles unified (as
    anchors are matched). Folding the styles keeps the length: texts of different lengths differ
    without it, and equal ones need none."""
    a, b = squash_spaces(a), squash_spaces(b)
    return a == b or (len(a) == len(b) and fold_chars(a) == fold_chars(b))


def _balanced(text: str) -> bool:
    return bracket_problem(text) is None


def _without_stray_brackets(text: str) -> str:
    """``text`` without the brackets that open or close outside it (a bracket around several
    paragraphs): an amendment file's texts must balance their brackets."""
    stray = _stray_offsets(text)
    if not stray:
        return text
    return " ".join("".join(ch for k, ch in enumerate(text) if k not in stray).split())


_WORDS = re.compile(r"[\w\u0300-\u036f]+(?:['’\-‐][\w\u0300-\u036f]+)*")
"""Words: letters, digits and combining marks, with inner apostrophes and hyphens (``_``, no letter,
is taken out first: one character class matches faster than the alternation that would leave it out)."""


def _word_count(text: str) -> int:
    return len(_WORDS.findall(text.replace("_", " ")))


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
    if old == new or _same(old, new):
        return []
    hunks = _hunks(old, new, chunks)
    if hunks is None or not _same(_apply(old, hunks), new):
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
    # an option on a line of its own has no text: its reference ("Article 2 bis Option 1") stands for it,
    # or the aligner pairs the empty markers of different groups as identical
    return [AlignItem(p.ref, p.label, p.text or p.ref, p.kind) for p in doc.paragraphs]


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
            date: str = "", workers: int = 1, pool: DiffPool | None = None) -> ProposedAmendments:
    """The amendment file (by delegation ``by``) whose operations turn ``doc`` into ``edited``; its
    header names the draft as its publisher does (``identity.draft_name``: its symbol or title, not
    the name of a local copy) unless ``draft_name`` is given, and carries ``date`` when given.
    ``workers`` > 1 shares the paragraphs' word diffs, then their operations, with as many forked
    processes (a command's choice: never in a process running threads; ``forks.forked_map``); a
    ``pool``'s copies, made before the drafts were parsed, take the word diffs instead
    (``worddiff.DiffPool``, ``align.align``)."""
    if not is_code(by):
        raise SelectionError(Diagnostic(
            f'"{by}" is not a delegation code', "",
            hint="a code is letters and digits without spaces, e.g. EU, G77, JPN"), choice="by")
    with paused_gc():  # no reference cycles are made: collections would only walk the drafts
        writer = _Writer(doc, edited, by, _matching(doc, edited, workers, pool))
        writer.write(workers)
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
    pairs: tuple[AlignedPair, ...] = ()
    """The aligner's pairs (for the headings, aligned by their sections' paragraphs)."""


_SPECIAL_KINDS = {"option", "alt", "sub-item"}
"""Kinds of paragraph an amendment file cannot turn another kind into (it does not change labels)."""


def _matching(doc: Document, edited: Document, workers: int = 1, pool: DiffPool | None = None) -> _Matching:
    base, ed = doc.paragraphs, edited.paragraphs
    match: dict[int, int] = {}
    diffs: dict[int, tuple[Chunk, ...]] = {}
    taken_old: set[int] = set()
    parts: dict[int, list[tuple[int, int]]] = {}
    pairs = tuple(align(_items(doc), _items(edited), workers=workers, pool=pool))
    for r in pairs:
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
    # an option, an Alt paragraph or a sub-item that became another kind of paragraph (or the
    # reverse) cannot be amended into it
    for n, o in list(match.items()):
        a, b = base[o].kind, ed[n].kind
        if a != b and (a in _SPECIAL_KINDS or b in _SPECIAL_KINDS):
            del match[n]
            taken_old.discard(o)
    return _Matching(match, diffs, taken_old, _stable(sorted(match.items())), pairs)


class _Writer:
    """The operations, in the edited copy's order: kept paragraphs' word edits, moves, new and
    deleted paragraphs (deletions where the base had them), brackets across paragraphs, headings."""

    def __init__(self, doc: Document, edited: Document, by: str, m: _Matching):
        self.doc, self.edited, self.by, self.m = doc, edited, by, m
        self.base, self.ed = doc.paragraphs, edited.paragraphs
        self.lines: list[ProposedOperation] = []
        self.notes: list[Diagnostic] = []
        self.rewritten: dict[str, Paragraph] = {}
        """Base paragraph -> the edited paragraph its text operations give (for ``_checked``)."""
        self.match, self.diffs = m.match, m.diffs
        self.cross = cross_brackets(doc, edited, self.match)
        self.index = {p.ref: k for k, p in enumerate(self.base)}
        self.edited_index = {p.ref: p for p in self.ed}
        self.base_index = {p.ref: p for p in self.base}
        self.retained, self.covered = _retained_options(doc, m.taken_old, self.index)
        self.unmatched_old = [o for o in range(len(self.base)) if o not in m.taken_old]
        self.keeps = _keeps_children(doc, m.taken_old, self.index)
        self.deleted_cursor = 0
        self.shared: dict[int, list[Operation] | None] = {}
        """Edited index -> its pair's ``paragraph_operations``, when worked out by forked processes."""

    def emit(self, ref: str, op: Operation) -> None:
        op = _plain_texts(op, ref, self.notes, self.edited.path)
        self.lines.append(ProposedOperation.of(replace(op, ref=ref, by=self.by, id=f"{self.by}-{len(self.lines) + 1}")))

    def stray(self, para: Paragraph, text: str | None = None) -> str:
        """``text`` (the paragraph's own by default) without brackets that open or close elsewhere,
        with a note where there are some."""
        text = para.text if text is None else text
        cleaned = _without_stray_brackets(text)
        if cleaned != text:
            self.notes.append(Diagnostic(
                f"paragraph {para.ref} has a bracket that opens or closes in another paragraph; an amendment "
                "file cannot say that, so the proposal leaves that bracket out",
                self.edited.path, para.pos.line, para.pos.column, severity="warning"))
        return cleaned

    # -- the edited copy in order -------------------------------------------------------------------

    def write(self, workers: int = 1) -> None:
        if workers > 1:
            self.share_operations(workers)
        stable = self.m.stable
        first_stable = min((o for n, o in stable), default=None)
        anchor: int | None = None  # the last base paragraph met in edited order (kept or moved)
        for n, para in enumerate(self.ed):
            o = self.match.get(n)
            if o is not None and (n, o) in stable:
                self.deletions_before(o)
                anchor = o
                self.text_operations(o, n)
                continue
            if anchor is not None:
                where, dest = "after", anchor
            elif first_stable is not None:
                where, dest = "before", first_stable
            elif self.base:
                where, dest = "after", len(self.base) - 1
            else:
                continue  # an empty base draft: nothing to attach to
            if o is not None:
                target = self._at_depth_of(self.base[dest], self.base[o], self.base_index) if where == "after" \
                    else self.base[dest]
                if target.ref == self.base[o].ref:
                    target = self.base[dest]
                # a paragraph cannot move next to one of its own sub-items or option paragraphs (they
                # go with it): where the aligner sees that, the paragraph stays
                if self.base[o] not in _ancestors(target, self.base_index)[:-1] and target is not self.base[o]:
                    self.emit(self.base[o].ref, _op(Move, where=where, dest=target.ref))
                self.text_operations(o, n)
                anchor = o  # what follows it in the edited copy follows it wherever it goes
            elif para.text.strip():
                self.add(n, para, where, dest)
        self.deletions_before(len(self.base) + 1)
        self.headings()

    def deletions_before(self, limit: int) -> None:
        """``delete paragraph`` for the base paragraphs before ``limit`` that have no counterpart (not
        those under one deleted already); ``retain`` for the option of a group that stays alone; none
        for a paragraph whose sub-items stay."""
        while self.deleted_cursor < len(self.unmatched_old) and self.unmatched_old[self.deleted_cursor] < limit:
            o = self.unmatched_old[self.deleted_cursor]
            self.deleted_cursor += 1
            p = self.base[o]
            if o in self.retained:
                self.emit(p.ref, _op(RetainOption))
            elif o in self.covered or _under_deleted(p, self.doc, self.index, self.unmatched_set, self.keeps):
                continue
            elif o in self.keeps:
                self.notes.append(Diagnostic(
                    f"paragraph {p.ref} is gone but its sub-items stay; an amendment file cannot delete a paragraph "
                    "without its sub-items, so it is left as it is", self.doc.path, p.pos.line, p.pos.column,
                    severity="warning"))
            else:
                self.emit(p.ref, _op(DeleteParagraph))

    @property
    def unmatched_set(self) -> set[int]:
        cached = getattr(self, "_unmatched_set", None)
        if cached is None:
            cached = self._unmatched_set = set(self.unmatched_old)
        return cached

    def add(self, n: int, para: Paragraph, where: str, dest: int) -> None:
        """A paragraph of the edited copy without counterpart: ``add paragraph`` next to the base
        paragraph before it; the first paragraph under its parent before the parent's first one (a
        first sub-item as ``add item``); a new option of a group as ``add option``."""
        text = self.stray(para, without(para.text, self.cross.strip_new.get(n, set())))
        if not text.strip():
            return  # a paragraph left empty (a stray bracket alone) is no new paragraph
        neighbour = self.base[dest]
        if where == "after" and self._parent_of(para) == dest:
            # the first of its parent's paragraphs (a sub-item, an option's paragraph): before the
            # parent's first one, or a first sub-item
            first = next((c for c in neighbour.children if isinstance(c, Paragraph)), None)
            if first is not None:
                self.emit(first.ref, _op(AddParagraph, text=text, where="before"))
                return
            if para.kind == "sub-item":
                self.emit(neighbour.ref, _op(AddItem, label=_item_label(para.label), text=text))
                return
        if where == "after":
            neighbour = self._at_depth_of(neighbour, para)
        if para.kind == "option" and neighbour.kind == "option" and where == "after" and \
                option_style(para.label) == option_style(neighbour.label):
            self.emit(neighbour.ref, _op(AddOption, where="after", text=text))
            return
        self.emit(neighbour.ref, _op(AddParagraph, text=text, where=where))

    def _at_depth_of(self, neighbour: Paragraph, para: Paragraph,
                     tree: dict[str, Paragraph] | None = None) -> Paragraph:
        """``neighbour`` or its ancestor as deep as the edited paragraph ``para``: a paragraph that
        follows an option block (or a paragraph's sub-items) at its parent's level is added after the
        parent, not inside the block (``tree``: where ``para`` is, the edited copy by default)."""
        depth = len(_ancestors(para, self.edited_index if tree is None else tree)) - 1
        chain = _ancestors(neighbour, self.base_index)
        return chain[depth] if len(chain) > depth + 1 else neighbour

    def _parent_of(self, para: Paragraph) -> int | None:
        """The base paragraph that the edited paragraph's parent is matched to."""
        if para.parent is None:
            return None
        parent = next((k for k, p in enumerate(self.ed) if p.ref == para.parent), None)
        return self.match.get(parent) if parent is not None else None

    def operands(self, o: int, n: int) -> tuple[str, str, tuple[Chunk, ...] | None]:
        """What ``paragraph_operations`` takes for a matched pair: both texts without the brackets
        across paragraphs, and the aligner's word diff when the texts are the paragraphs' own."""
        old_gone, new_gone = self.cross.strip_old.get(o, set()), self.cross.strip_new.get(n, set())
        old_text, new_text = without(self.base[o].text, old_gone), without(self.ed[n].text, new_gone)
        return old_text, new_text, self.diffs.get(n) if not old_gone and not new_gone else None

    def share_operations(self, workers: int) -> None:
        """``paragraph_operations`` of the pairs whose texts differ, worked out by ``workers``
        processes before the writing (each depends on its pair alone)."""
        todo = [(n, args) for n, o in self.match.items() if (args := self.operands(o, n))[0] != args[1]]
        results = forked_map(paragraph_operations, [args for _, args in todo], workers)
        self.shared = {n: ops for (n, _), ops in zip(todo, results, strict=True)}

    def text_operations(self, o: int, n: int) -> None:
        """The word-level operations of a matched pair (brackets across paragraphs taken out of both
        texts, the range operations that put them in or take them away written after them)."""
        old, new = self.base[o], self.ed[n]
        self.rewritten[old.ref] = new
        old_gone = self.cross.strip_old.get(o, set())
        old_text, new_text, chunks = self.operands(o, n)
        ops = self.shared.pop(n) if n in self.shared else paragraph_operations(old_text, new_text, chunks)
        if ops is not None and old_gone and not all(len(find_all(old.text, a.text)) >= 1 for a in _anchors(ops)):
            ops = None  # an anchor would straddle a bracket that goes
        if ops is None:
            ops = _around_brackets(old.text, self.stray(new, new_text)) if not old_gone else None
        if ops is None:
            text = self.stray(new, new_text)
            self.emit(old.ref, _op(ReplaceParagraph, text=text) if text.strip() else _op(DeleteParagraph))
        else:
            for op in ops:
                self.emit(old.ref, op)
        for op in self.cross.operations.get(o, []):
            self.emit(old.ref, op)

    # -- headings -----------------------------------------------------------------------------------

    def headings(self) -> None:
        """Headings retitled, deleted and added, as ``heading X: replace ...``, ``heading X: delete``
        and ``X: add heading before "..." with "..."``."""
        by_ref = {s.ref: s for s in self.doc.sections}
        new_by_ref = {s.ref: s for s in self.edited.sections}
        for pair in align_headings(self.doc, self.edited, self.m.pairs):
            if pair.old is not None and pair.new is not None:
                old, new = by_ref[pair.old].heading.title, new_by_ref[pair.new].heading.title
                if old != new and old.strip() and new.strip():
                    self.emit(pair.old, _op(ReplaceHeading, anchor=Anchor(old), new=new))
            elif pair.old is not None:
                self.emit(pair.old, _op(DeleteHeading))
            elif pair.new is not None:
                self._added_heading(new_by_ref[pair.new])

    def _added_heading(self, section: Section) -> None:
        """``add heading before`` the first paragraph of a new section that the base has."""
        first = next((p for p in self.ed if p.section == section.ref), None)
        k = self.ed.index(first) if first is not None else None
        o = self.match.get(k) if k is not None else None
        text = _heading_line(section)
        if o is None or not text:
            self.notes.append(Diagnostic(f"heading {section.ref} is new but no paragraph of the draft follows it; "
                                         "it is left out", self.edited.path, section.heading.pos.line,
                                         severity="warning"))
            return
        para = self.base[o]
        home = next((s for s in self.doc.sections if s.ref == para.section), None)
        anchor = _unique_words(para.text, home) if home is not None else None
        if home is None or anchor is None:
            self.notes.append(Diagnostic(f"heading {section.ref} is new before paragraph {para.ref}, which stands "
                                         "in no section of the draft; it is left out", self.edited.path,
                                         section.heading.pos.line, severity="warning"))
            return
        self.emit(home.ref, _op(AddHeading, where="before", anchor=Anchor(anchor), text=text))


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
    """The operations (by index) that ``check`` would reject in the file written from ``lines``: the
    file's operations resolved against ``doc`` as ``check`` resolves them. A line that reads back as
    plainly as its record (``_as_parsed``: most of them) is not parsed again; the others are parsed
    from the file's text, where they stand, with the parser's own errors."""
    written = amendment_file(by, draft, source, lines)
    header = written.text.count("\n") - sum(line.line.count("\n") + 1 for line in lines)
    starts = []
    at = header + 1
    for line in lines:
        starts.append(at)
        at += line.line.count("\n") + 1
    ops = [_as_parsed(line, by, k + 1, starts[k]) for k, line in enumerate(lines)]
    text_lines = written.text.split("\n")
    for k, op in enumerate(ops):
        if op is not None:
            text_lines[starts[k] - 1] = ""  # read from its record: the parser sees a blank line
    parsed = parse_amendments_lenient("\n".join(text_lines), "<propose>")
    at_line = {op.source.line: op for op in parsed.file.operations}
    operations: list[Operation] = []
    for k, op in enumerate(ops):
        if op is None:
            op = at_line.get(starts[k])
            if op is None:
                continue  # it did not parse: the parser said why
            op = replace(op, id=f"{by}-{k + 1}")  # numbered in the whole file
        operations.append(op)
    file = replace(parsed.file, operations=tuple(operations), source=written.text)
    _, diagnostics = resolve_lenient(doc, file)
    out: dict[int, Diagnostic] = {}
    for d in (*parsed.diagnostics, *diagnostics):
        if d.severity == "error" and d.line:
            k = bisect.bisect_right(starts, d.line) - 1
            if 0 <= k < len(lines):
                out.setdefault(k, d)
    return out


_PLAIN_REF = re.compile(r"[^\s#:\"“”„«»「」『』]+(?: [^\s#:\"“”„«»「」『』]+)*\Z")
"""A reference the parser reads back as it is: words (no quote, colon or ``#``) between single spaces."""
_PLAIN_KINDS = (Replace, Delete, Insert, BracketText, RemoveBrackets, Retain, AddAlternative, DeleteParagraph,
                ReplaceParagraph, AddParagraph, Move)
"""The operations whose lines ``_as_parsed`` reads (the others, structural, are parsed)."""


def _as_parsed(line: ProposedOperation, by: str, number: int, at: int) -> Operation | None:
    """The operation the parser reads from ``line``, written as line ``at`` of an amendment file by
    ``by`` (its ``number``-th operation), positions included; None when the line needs the parser
    itself: another kind of operation, a line break or control character, a reference that does not
    read back as it is, a blank quoted text, or a new text whose brackets do not balance (which the
    parser refuses). ``test_propose`` checks the records against the parser's."""
    op = line.operation
    text = line.line
    if not isinstance(op, _PLAIN_KINDS) or "\n" in text or CONTROL_CHARACTER.search(text):
        return None
    if not _PLAIN_REF.match(op.ref) or op.ref.split(" ", 1)[0].lower() == "heading":
        return None
    for name in ("new", "text"):  # the new texts
        value = getattr(op, name, None)
        if value is not None and (not value.strip() or bracket_problem(value) is not None):
            return None
    changes: dict[str, object] = {"id": f"{by}-{number}", "source": SourceRef("<propose>", at, 1)}
    anchor = getattr(op, "anchor", None)
    if anchor is not None:
        if not anchor.text.strip():
            return None
        if isinstance(op, Insert | AddAlternative):  # the anchor ends the line
            column = len(text) - len(unparse_anchor(anchor)) + 1
        else:  # the first quoted text
            column = text.index('"') + 1
        changes["anchor"] = Anchor(anchor.text, anchor.occurrence, column, at)
    if isinstance(op, Move):
        if not _PLAIN_REF.match(op.dest):
            return None
        changes["dest_column"] = len(text) - len(op.dest) + 1
    return replace(op, **changes)  # type: ignore[arg-type]


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


def _anchors(ops: Sequence[Operation]) -> list[Anchor]:
    return [a for op in ops if (a := getattr(op, "anchor", None)) is not None]


def _around_brackets(old: str, new: str) -> list[Operation] | None:
    """A rewritten paragraph that holds a bracket of a bracket across paragraphs: ``replace`` of each
    changed stretch between such brackets (a ``replace paragraph`` would take the bracket away), or
    None when the brackets are not the same on both sides."""
    def cut(text: str) -> tuple[list[str], str]:
        strays = _stray_offsets(text)
        pieces, marks, pos = [], [], 0
        for k in sorted(strays):
            pieces.append(text[pos:k])
            marks.append(text[k])
            pos = k + 1
        pieces.append(text[pos:])
        return pieces, "".join(marks)

    (old_parts, old_marks), (new_parts, new_marks) = cut(old), cut(new)
    if not old_marks or old_marks != new_marks:
        return None
    out: list[Operation] = []
    for a, b in zip(old_parts, new_parts, strict=True):
        if _same(a, b):
            continue
        if not a.strip() or len(find_all(old, a.strip())) != 1 or not _balanced(a) or not _balanced(b):
            return None
        core = a.strip()
        lead, trail = a[: a.index(core)], a[a.index(core) + len(core) :]
        replacement = b[len(lead) :] if b.startswith(lead) else b.lstrip()
        replacement = replacement[: len(replacement) - len(trail)] if trail and replacement.endswith(trail) \
            else replacement.rstrip()
        out.append(_op(Replace, anchor=Anchor(core), new=replacement) if replacement.strip()
                   else _op(Delete, anchor=Anchor(core)))
    return out


def _stray_offsets(text: str) -> set[int]:
    """Offsets of the brackets of ``text`` that open or close outside it."""
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
    return stray | set(opened)


def _item_label(label: str | None) -> str:
    """A new first sub-item's label as ``add item`` takes it (``(a)``)."""
    if label and re.fullmatch(r"\((?:[a-z]{1,2}|[ivx]{1,6})\)", label):
        return label
    return "(a)"


def _heading_line(section: Section) -> str:
    """A heading as it is written, without Markdown's ``#`` marks: ``Article 3``, ``2.2 bis Title``."""
    first = next((n for n in section.heading.lines if isinstance(n, Line)), None)
    if first is None:
        return ""
    return re.sub(r"^\s*#+[ \t]*", "", first.raw).strip()


def _unique_words(text: str, section: Section) -> str | None:
    """The fewest first words of ``text`` that no other paragraph of ``section`` has."""
    others = [p.text for p in _section_paragraphs(section)]
    words = text.split()
    for k in range(1, min(len(words), 12) + 1):
        piece = " ".join(words[:k])
        if sum(1 for t in others if find_all(t, piece)) == 1:
            return piece
    return None


def _section_paragraphs(section: Section) -> list[Paragraph]:
    out: list[Paragraph] = []
    todo: list = list(section.children)
    while todo:
        node = todo.pop(0)
        if isinstance(node, Section):
            todo = list(node.children) + todo
        elif isinstance(node, Paragraph):
            out.append(node)
            todo = [c for c in node.children if isinstance(c, Paragraph)] + todo
    return out


def _retained_options(doc: Document, taken: set[int], index: dict[str, int]) -> tuple[set[int], set[int]]:
    """Option groups the edited copy resolved: the options whose own line is gone while what one of
    them introduced stays (``retain`` it), and the base paragraphs that retaining it deletes (the
    group's other options, with their paragraphs)."""
    retained: set[int] = set()
    covered: set[int] = set()
    containers = [doc.body] + [n.children for n in doc.iter_nodes() if isinstance(n, (Section, Paragraph))]
    for children in containers:
        for run in option_runs(children):
            live = [o for o in run if index[o.ref] in taken or _kept_below(o, taken, index)]
            if len(run) < 2 or len(live) != 1 or index[live[0].ref] in taken:
                continue
            retained.add(index[live[0].ref])
            for other in run:
                if other is not live[0]:
                    covered.update(index[p.ref] for p in _subtree(other))
    return retained, covered


def _ancestors(p: Paragraph, by_ref: dict[str, Paragraph]) -> list[Paragraph]:
    """``p``'s ancestors, outermost first, then ``p``."""
    chain = [p]
    while chain[0].parent is not None and chain[0].parent in by_ref:
        chain.insert(0, by_ref[chain[0].parent])
    return chain


def _subtree(p: Paragraph) -> list[Paragraph]:
    out = [p]
    for c in p.children:
        if isinstance(c, Paragraph):
            out.extend(_subtree(c))
    return out


def _kept_below(p: Paragraph, taken: set[int], index: dict[str, int]) -> bool:
    return any(index[c.ref] in taken for c in _subtree(p)[1:])


def _keeps_children(doc: Document, taken: set[int], index: dict[str, int]) -> set[int]:
    """Base paragraphs without counterpart some of whose sub-items have one."""
    return {index[p.ref] for p in doc.paragraphs if index[p.ref] not in taken and _kept_below(p, taken, index)}


def _under_deleted(p: Paragraph, doc: Document, index: dict[str, int], unmatched: set[int], keeps: set[int]) -> bool:
    """Whether an ancestor of ``p`` is deleted (and takes ``p`` along)."""
    by_ref = doc._index["by_ref"]
    parent = p.parent
    while parent is not None:
        k = index[parent]
        if k in unmatched and k not in keeps:
            return True
        parent = by_ref[parent].parent
    return False
