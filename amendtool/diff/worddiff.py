"""Word-level difference between two paragraph texts.

Method (see ``shared/DIFFING.md`` for the measurements behind it):

1. ``tokenize`` cuts a text into words, single punctuation marks, single square brackets and runs of
   whitespace. Characters of scripts written without spaces (Chinese, Japanese) are one token each,
   which is the character-level fallback for those scripts; the rest of a mixed text stays word-level.
2. Every distinct token *key* is encoded as one private-use character, so diff-match-patch can never
   cut a word in half. The key ignores what is no change at all: every whitespace run (line wraps
   included) is one space, and straight and typographic quotes are the same.
3. ``diff_main`` runs on the encoded strings with ``Diff_Timeout = 0`` (a timeout silently gives a
   coarse diff) and ``checklines=False``; ``diff_cleanupSemantic`` runs on the *encoded* diff, so changes
   read as phrases and are still whole words.
4. Square brackets are never cut in half: a change hunk that holds words and one bracket of a pair
   must hold its partner too (``[a] [b]`` -> ``[b]`` is never shown as deleting ``a] [``; the diff is
   widened to replace the whole bracket). A hunk of brackets alone (brackets added, removed or moved,
   ``[a b] c`` -> ``[a b c]``) stays as it is: that is how a delegate sees brackets change.
5. The encoded diff is decoded back into the texts' own characters. Equal runs show the new text.

The result is a tuple of ``Chunk`` records; joining the ``equal`` and ``insert`` chunks gives the new
text exactly, joining ``equal`` and ``delete`` gives the old one up to whitespace and quote style.
"""

from __future__ import annotations

import bisect
import functools
import mmap
import os
import pickle
import re
import signal
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import compress
from typing import Any, cast

from diff_match_patch import diff_match_patch
from rapidfuzz.distance.Indel import opcodes as _indel_opcodes

from amendtool.diff.forks import MIN_SHARE, forked_map
from amendtool.draft.model import _slot_init
from amendtool.text import QUOTE_FOLD

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"

# Scripts written without spaces between words: each character is a token of its own.
NO_SPACE_SCRIPTS = (
    "\u2e80-\u2fdf"  # CJK radicals, Kangxi
    "\u3000-\u303f"  # CJK symbols and punctuation
    "\u3040-\u30ff"  # Hiragana, Katakana
    "\u3100-\u312f\u31a0-\u31bf\u31f0-\u31ff"  # Bopomofo, Katakana extension
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\uff00-\uffef"  # half- and full-width forms
    "\u0e00-\u0e7f"  # Thai
    "\u0e80-\u0eff"  # Lao
    "\u1000-\u109f"  # Myanmar
    "\u1780-\u17ff"  # Khmer
    "\U00020000-\U0002fa1f"  # CJK extensions B-F, compatibility supplement
)

@functools.cache
def _token_re() -> re.Pattern[str]:
    """Tokens, without groups: ``findall`` gives them whole, in C, without a match object each. Compiled
    when first needed (a millisecond, for texts with special characters only: ``has_special``)."""
    return re.compile(
        rf"\s+"  # a whitespace run
        rf"|[{NO_SPACE_SCRIPTS}]"  # a character of a script written without spaces
        rf"|(?:[^\W_]|[\u0300-\u036f])(?:[^\W_]+|[\u0300-\u036f]+|['’\-‐](?=[^\W_]))*"  # a word (runs: fewer steps)
        rf"|.",  # anything else, one character
        re.DOTALL,
    )


def _bounds(ranges: str) -> tuple[int, ...]:
    """Ranges written ``a-b`` one after the other, adjacent ones joined, as (first, past the last) code
    points in one sorted tuple."""
    spans = sorted((ord(ranges[k]), ord(ranges[k + 2]) + 1) for k in range(0, len(ranges), 3))
    out: list[int] = []
    for first, end in spans:
        if out and out[-1] == first:
            out[-1] = end
        else:
            out += (first, end)
    return tuple(out)


_SPECIAL_BOUNDS = _bounds(NO_SPACE_SCRIPTS + "\u0300-\u036f")
"""The ranges of ``NO_SPACE_SCRIPTS`` and the combining accents (U+0300-U+036F), adjacent ones joined,
as (first, past the last) code points in one sorted tuple: a code point is in one of them when an odd
number of bounds are at or below it."""


def has_special(text: str) -> bool:
    """Whether ``text`` has characters of scripts written without spaces or combining accents: a text
    without any (most texts) is cut by ``_PLAIN_TOKEN_RE``. Its distinct characters looked up in
    ``_SPECIAL_BOUNDS``, not a regular expression of those ranges (2 ms to compile on each run of a
    command; an ASCII text, most, is answered at once)."""
    if text.isascii():
        return False
    bounds = _SPECIAL_BOUNDS
    return any(bisect.bisect_right(bounds, ord(ch)) & 1 for ch in set(text) if ch >= "\u0300")


_PLAIN_TOKEN_RE = re.compile(r"\s+|[^\W_]+(?:['’\-‐][^\W_]+)*|.", re.DOTALL)
"""``_token_re()`` for texts without special characters (``has_special``): the same tokens (a word is then runs of
letters and digits joined by single apostrophes or hyphens), found in two thirds of the time."""


ASCII_SPACE = r"\t-\r\x1c-\x20"
"""The ASCII characters ``\\s`` matches in a ``str`` pattern (the separators U+001C-U+001F too), as the
inside of a character class: in an ``re.ASCII`` pattern, for ASCII texts."""

_ASCII_TOKEN_RE = re.compile(rf"[^\W_]++(?:['\-][^\W_]++)*+|[{ASCII_SPACE}]++|.", re.ASCII | re.DOTALL)
"""``_PLAIN_TOKEN_RE`` for an ASCII text (most texts): the same tokens, found in four fifths of the time (ASCII
classes, and no backtracking into a run)."""


def tokenize(text: str) -> tuple[str, ...]:
    """Cut ``text`` into tokens whose concatenation is ``text``: words (with inner apostrophes and
    hyphens: ``people-centred``, ``Party’s``), whitespace runs, one token per other character
    (punctuation, each ``[`` and ``]``), one per character of scripts written without spaces."""
    if text.isascii():
        find = _ASCII_TOKEN_RE.findall
    elif has_special(text):
        return tuple(_token_re().findall(text))
    else:
        find = _PLAIN_TOKEN_RE.findall
    if "  " in text or not text.isprintable():  # (a run of whitespace, or any but the space)
        return tuple(find(text))
    return _spaced_tokens(text, find)


def _spaced_tokens(text: str, find: Callable[[str], list[str]]) -> tuple[str, ...]:
    r"""``tokenize`` of a text without special characters whose only whitespace is single spaces (a
    paragraph's text), ``find`` its pattern's ``findall``: the pieces between the spaces, each a word
    token as it is when it is all letters and digits (most: what ``[^\W_]`` matches), else cut by
    ``find`` (no token runs over a space that has no whitespace beside it), with a space token
    between them; in three quarters of the time ``find`` takes over the whole text."""
    tokens: list[str] = []
    add = tokens.append
    for piece in text.split(" "):
        if piece.isalnum():
            add(piece)
        elif piece:
            tokens += find(piece)
        add(" ")
    tokens.pop()
    return tuple(tokens)


def token_key(token: str) -> str:
    """What a token is compared by: whitespace runs are all one space, quote styles are one."""
    if token.isspace():
        return " "
    return token.translate(QUOTE_FOLD)


def _diff_tokens(text: str) -> tuple[str, ...]:
    """Tokens for the diff. Whitespace runs stay tokens of their own (measured: attaching them to the
    words makes the diff 20 % faster, but semantic clean-up then swallows short unchanged words such
    as "in" between two changes)."""
    return tokenize(text)


def _diff_key(token: str) -> str:
    """What a diff token is compared by: without its whitespace, quote styles as one."""
    core = token.rstrip()
    if not core:
        return " "
    return core.translate(QUOTE_FOLD)


def has_no_space_script(text: str) -> bool:
    """Whether ``text`` contains characters of a script written without spaces."""
    return re.search(f"[{NO_SPACE_SCRIPTS}]", text) is not None


@_slot_init  # built by the tens of thousands: half the time of the generated __init__
@dataclass(frozen=True, slots=True)
class Chunk:
    """One run of a word diff."""

    op: str
    """``equal``, ``insert`` or ``delete``."""
    text: str
    """The run's text, in the draft's own characters (the new draft's for ``equal``)."""


class _Codec:
    """Token keys to single private-use characters. One codec serves the diffs of one thread in turn
    (the characters only need to be distinct within a diff), so each token's key is worked out once;
    it starts afresh before it could run out of characters."""

    # Basic multilingual plane private use area, then supplementary planes 15 and 16.
    _RANGES = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))

    def __init__(self) -> None:
        self._codes: dict[str, str] = {}
        self._seen: dict[str, str] = {}
        self._range = 0
        self._next = self._RANGES[0][0]

    CAPACITY = sum(hi - lo + 1 for lo, hi in _RANGES)

    def room(self, tokens: int) -> bool:
        """Whether ``tokens`` more tokens surely get characters of their own."""
        return len(self._seen) + tokens <= self.CAPACITY

    def encode(self, tokens: tuple[str, ...]) -> str:
        seen = self._seen  # token as written -> its character
        try:
            return "".join(map(seen.__getitem__, tokens))
        except KeyError:
            pass
        codes = self._codes
        for tok in dict.fromkeys(tokens):  # each distinct token once, in order of appearance
            if tok not in seen:
                key = _diff_key(tok)
                ch = codes.get(key)
                if ch is None:
                    ch = codes[key] = self._allocate()
                seen[tok] = ch
        return "".join(map(seen.__getitem__, tokens))

    def _allocate(self) -> str:
        lo, hi = self._RANGES[self._range]
        if self._next > hi:
            self._range += 1
            self._next = self._RANGES[self._range][0]  # 137,000 distinct tokens: never in one paragraph pair
        ch = chr(self._next)
        self._next += 1
        return ch


def lcs_diff(a: str, b: str) -> list[tuple[int, str]]:
    """A minimal diff of two strings (insertions and deletions around a longest common subsequence),
    as diff-match-patch tuples (-1 delete, 0 equal, 1 insert), runs merged.

    rapidfuzz's ``Indel.opcodes``: Hyyrö's bit-parallel LCS, in C++, and the trace back from the end.
    On strings without a common first or last character (all that diff-match-patch's ``diff_main``
    leaves for this step) it keeps the earliest match of a repeated character; ``tests/test_worddiff.py``
    checks that against a Python version of the same method, since every word diff's look depends on
    it. Ten times faster than that version (0.19 -> 0.02 s of CPU for the word diffs of the benchmark's
    L pair), which is why rapidfuzz is a dependency."""
    diffs: list[tuple[int, str]] = []
    # (as tuples: a third faster than through Opcode objects)
    ops = cast(list[tuple[str, int, int, int, int]], _indel_opcodes(a, b).as_list())
    for tag, i0, i1, j0, j1 in ops:
        if tag == "equal":
            diffs.append((0, a[i0:i1]))
            continue
        if i1 > i0:
            diffs.append((-1, a[i0:i1]))
        if j1 > j0:
            diffs.append((1, b[j0:j1]))
    return diffs


def _eliminated_equalities(diffs: list[tuple[int, str]]) -> set[int]:
    """The equalities (their indexes in ``diffs``) that diff-match-patch's semantic clean-up turns into
    a deletion and an insertion: each no longer than the larger side of the edits before it and of
    those after it, counted between the equalities kept.

    The library finds them by scanning again from the previous kept equality after each elimination,
    quadratic in a long diff's edits (0.1 s of CPU on one Paris draft's sections); a stack of the
    equalities kept, each with the edits before it, gives the same ones in one pass: after an
    elimination the equality below becomes the top, its edits after it now running through the
    eliminated one (the library tests it at each edit; the lengths only grow until the next equality,
    so testing the run's total so far decides the same)."""
    stack: list[tuple[int, int, int, int]] = []  # (index, length, insertions before, deletions before)
    eliminated = set()
    inserted = deleted = 0  # lengths of the edits since the top of the stack (or the start)
    for k, (op, text) in enumerate(diffs):
        if op == 0:
            stack.append((k, len(text), inserted, deleted))
            inserted = deleted = 0
            continue
        if op == 1:
            inserted += len(text)
        else:
            deleted += len(text)
        while stack:
            k0, n, before_ins, before_del = stack[-1]
            if not (n and n <= max(before_ins, before_del) and n <= max(inserted, deleted)):
                break
            stack.pop()
            eliminated.add(k0)
            inserted += before_ins + n
            deleted += before_del + n
    return eliminated


def _merged_runs(diffs: list[tuple[int, str]], eliminated: set[int]) -> tuple[list[tuple[int, str]], bool]:
    """``diffs`` with the ``eliminated`` equalities turned into a deletion and an insertion of their text,
    as the library's semantic clean-up has them, but each run of edits between two equalities kept
    that holds one already joined into one deletion and one insertion: the library's merge that comes
    next joins each run of edits so anyway (in this order, and takes the same common prefix and suffix
    from the two joined texts), so its result is the same, from a list a fraction as long (a
    paragraph rewritten throughout: the equalities of its single spaces and common words all go).

    And whether the first pass of that merge would change nothing more (as for a diff made by
    ``diff_main``): no empty equality kept, no two in a row, and each run as merged (``_merged_run``)."""
    out: list[tuple[int, str]] = []
    clean = True
    start = 0  # where the current run of edits (and eliminated equalities) starts in ``diffs``
    joined = False  # whether it holds an eliminated equality
    for k, (op, text) in enumerate(diffs):
        if op or k in eliminated:
            joined = joined or k in eliminated
            continue
        if joined:
            clean = _join_run(out, diffs[start:k]) and clean
        else:
            run = diffs[start:k]
            clean = clean and bool(text) and (_merged_run(run) if run else k == 0)
            out += run
        out.append((op, text))
        start, joined = k + 1, False
    if joined:
        clean = _join_run(out, diffs[start:]) and clean
    else:
        run = diffs[start:]
        clean = clean and (not run or _merged_run(run))
        out += run
    return out, clean


def _merged_run(run: list[tuple[int, str]]) -> bool:
    """Whether the first pass of the library's merge leaves a run of edits between equalities as it is:
    one edit, or a deletion and an insertion that start and end with different characters, not empty."""
    if len(run) == 1:
        return bool(run[0][1])
    if len(run) != 2 or run[0][0] != -1 or run[1][0] != 1:
        return False
    deleted, inserted = run[0][1], run[1][1]
    return bool(deleted and inserted) and deleted[0] != inserted[0] and deleted[-1] != inserted[-1]


def _join_run(out: list[tuple[int, str]], run: list[tuple[int, str]]) -> bool:
    """Append a run of edits and eliminated equalities to ``out`` as one deletion and one insertion
    (neither empty); whether they start and end with different characters."""
    deleted = "".join([text for op, text in run if op != 1])
    inserted = "".join([text for op, text in run if op != -1])
    out += ((-1, deleted), (1, inserted))
    return deleted[0] != inserted[0] and deleted[-1] != inserted[-1]


class _Dmp(diff_match_patch):
    """diff-match-patch with its middle-snake search (Myers' O(ND) loop, in Python) replaced by the
    bit-parallel LCS above (rapidfuzz): the same kind of minimal diff, many times faster on paragraphs; and the
    first step of its semantic clean-up (which equalities go) done in one pass, with the same result.
    Everything else (common prefix and suffix, the shortcuts, merging, the rest of the semantic
    clean-up) is the library's; ``_diff_main`` makes its ``diff_main`` without a pass of the merge
    that would change nothing."""

    def diff_bisect(self, text1: str, text2: str, deadline: float) -> list[tuple[int, str]]:
        return lcs_diff(text1, text2)

    def diff_cleanupSemantic(self, diffs: list[tuple[int, str]]) -> None:
        eliminated = _eliminated_equalities(diffs)
        if eliminated:
            diffs[:], merged = _merged_runs(diffs, eliminated)
            # the library's merge; only its second pass (shifts) when the first would change nothing
            if not merged or _shift_single_edits(diffs):
                self.diff_cleanupMerge(diffs)
        self.diff_cleanupSemanticLossless(diffs)
        # The library's last step, as it has it: overlaps of a deletion and the insertion after it
        # (<del>abcxxx</del><ins>xxxdef</ins> -> <del>abc</del>xxx<ins>def</ins>), taken when at least
        # half of either edit.
        pointer = 1
        while pointer < len(diffs):
            if diffs[pointer - 1][0] == -1 and diffs[pointer][0] == 1:
                deletion = diffs[pointer - 1][1]
                insertion = diffs[pointer][1]
                overlap1 = self.diff_commonOverlap(deletion, insertion)
                overlap2 = self.diff_commonOverlap(insertion, deletion)
                if overlap1 >= overlap2:
                    if overlap1 >= len(deletion) / 2.0 or overlap1 >= len(insertion) / 2.0:
                        diffs.insert(pointer, (0, insertion[:overlap1]))
                        diffs[pointer - 1] = (-1, deletion[: len(deletion) - overlap1])
                        diffs[pointer + 1] = (1, insertion[overlap1:])
                        pointer += 1
                elif overlap2 >= len(deletion) / 2.0 or overlap2 >= len(insertion) / 2.0:
                    diffs.insert(pointer, (0, deletion[:overlap2]))
                    diffs[pointer - 1] = (1, insertion[: len(insertion) - overlap2])
                    diffs[pointer + 1] = (-1, deletion[overlap2:])
                    pointer += 1
                pointer += 1
            pointer += 1


_DMP = _Dmp()
_DMP.Diff_Timeout = 0  # a timeout silently gives a coarse diff


def _diff_main(a: str, b: str) -> list[tuple[int, str]]:
    """``_DMP.diff_main(a, b, False)``, the same diff, made without the first pass of the library's
    merge at its end where that pass would change nothing (most diffs: 10 % of a word diff's time).

    The library's way for texts that are the same, empty (once their common prefix and suffix are
    off) or one inside the other; for the others ``_lcs_runs`` gives the runs of the longest common
    subsequence as that first pass would leave them, then the library's second pass follows (the
    shifts of single edits, and the whole merge again when one was shifted)."""
    n = _DMP.diff_commonPrefix(a, b)
    m = _DMP.diff_commonSuffix(a[n:], b[n:])
    text1, text2 = a[n : len(a) - m], b[n : len(b) - m]
    if not text1 or not text2 or (text1 in text2 if len(text1) < len(text2) else text2 in text1):
        return _DMP.diff_main(a, b, False)
    diffs = _lcs_runs(text1, text2)
    if diffs is None:
        return _DMP.diff_main(a, b, False)
    if n:
        diffs.insert(0, (0, a[:n]))
    if m:
        diffs.append((0, a[len(a) - m :]))
    if _shift_single_edits(diffs):
        _DMP.diff_cleanupMerge(diffs)
    return diffs


def _lcs_runs(a: str, b: str) -> list[tuple[int, str]] | None:
    """``lcs_diff(a, b)`` with the edits between two equal runs joined into one deletion and one
    insertion (the first pass of diff-match-patch's merge joins them so, in this order), or None when
    that pass would do more: when the two start or end with the same character (it would move that
    into the equal runs; a longest common subsequence leaves none such)."""
    diffs: list[tuple[int, str]] = []
    i = j = 0  # where the edits since the last equal run start
    ops = cast(list[tuple[str, int, int, int, int]], _indel_opcodes(a, b).as_list())
    for tag, i0, i1, j0, j1 in ops:
        if tag != "equal":
            continue
        if i0 > i or j0 > j:
            if not _joined(diffs, a[i:i0], b[j:j0]):
                return None
        elif diffs:  # (two equal runs in a row: one, as the merge makes them)
            diffs[-1] = (0, diffs[-1][1] + a[i0:i1])
            i, j = i1, j1
            continue
        diffs.append((0, a[i0:i1]))
        i, j = i1, j1
    if not _joined(diffs, a[i:], b[j:]):
        return None
    return diffs


def _joined(diffs: list[tuple[int, str]], deleted: str, inserted: str) -> bool:
    """Append a deletion and an insertion (those not empty) to ``diffs``; False (nothing appended) when
    both are there and start or end with the same character."""
    if deleted and inserted:
        if deleted[0] == inserted[0] or deleted[-1] == inserted[-1]:
            return False
        diffs += ((-1, deleted), (1, inserted))
    elif deleted:
        diffs.append((-1, deleted))
    elif inserted:
        diffs.append((1, inserted))
    return True


def _shift_single_edits(diffs: list[tuple[int, str]]) -> bool:
    """The second pass of diff-match-patch's ``diff_cleanupMerge``, as it has it: single edits between
    two equalities shifted sideways to take one of them in (``A<ins>BA</ins>C`` -> ``<ins>AB</ins>AC``).
    Whether any was (then the diff needs the whole merge again)."""
    changes = False
    pointer = 1
    while pointer < len(diffs) - 1:
        if diffs[pointer - 1][0] == 0 and diffs[pointer + 1][0] == 0:
            before, (op, text), after = diffs[pointer - 1][1], diffs[pointer], diffs[pointer + 1][1]
            if text.endswith(before):  # shift the edit over the previous equality
                if before != "":
                    diffs[pointer] = (op, before + text[: -len(before)])
                    diffs[pointer + 1] = (0, before + after)
                del diffs[pointer - 1]
                changes = True
            elif text.startswith(after):  # shift the edit over the next equality
                diffs[pointer - 1] = (0, before + after)
                diffs[pointer] = (op, text[len(after) :] + after)
                del diffs[pointer + 1]
                changes = True
        pointer += 1
    return changes

def diff_strings(a: str, b: str) -> list[tuple[int, str]]:
    """A minimal diff of two strings (any characters: each stands for a token, a text ...), as
    diff-match-patch tuples (-1 delete, 0 equal, 1 insert), not cleaned up."""
    return _DMP.diff_main(a, b, False)


_CODECS = threading.local()


def _codec(tokens: int) -> _Codec:
    """This thread's codec, afresh when ``tokens`` more might not find room in it."""
    codec: _Codec | None = getattr(_CODECS, "codec", None)
    if codec is None or not codec.room(tokens):
        codec = _CODECS.codec = _Codec()
    return codec


# Token-level ops: (op, old_start, old_end, new_start, new_end)
_Op = tuple[str, int, int, int, int]


def _token_ops(old_tokens: tuple[str, ...], new_tokens: tuple[str, ...]) -> list[_Op]:
    codec = _codec(len(old_tokens) + len(new_tokens))
    a = codec.encode(old_tokens)
    b = codec.encode(new_tokens)
    diffs = _diff_main(a, b)
    _DMP.diff_cleanupSemantic(diffs)
    ops: list[_Op] = []
    i = j = 0
    for code, data in diffs:
        n = len(data)
        if code == 0:
            ops.append((EQUAL, i, i + n, j, j + n))
            i += n
            j += n
        elif code == -1:
            ops.append((DELETE, i, i + n, j, j))
            i += n
        else:
            ops.append((INSERT, i, i, j, j + n))
            j += n
    return ops


_OPENING = frozenset("[［【")
_CLOSING = frozenset("]］】")
"""Negotiation brackets as tokens: square, and the full-width ［ ］ and 【 】 of Chinese drafts."""
_BRACKETS = _OPENING | _CLOSING
_BRACKET_OR_SPACE = _BRACKETS | {""}


def _bracket_pairs(tokens: tuple[str, ...], bounds: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Token indexes of matched ``[``/``]`` pairs (stray brackets are left out); ``bounds`` are the
    token indexes where a new part (paragraph) starts: brackets pair within a part."""
    if _OPENING.isdisjoint(tokens):
        return []
    stack: list[int] = []
    pairs = []
    # Only the brackets' places are visited (a bracket is a token of its own, found in C); a part's
    # start between two of them empties the stack.
    places = list(compress(range(len(tokens)), map(_BRACKETS.__contains__, tokens)))
    starts = sorted(bounds)
    before = 0  # the part starts at or before the last place visited
    for k in places:
        if starts and bisect.bisect_right(starts, k) != before:
            before = bisect.bisect_right(starts, k)
            stack.clear()
        if tokens[k] in _OPENING:
            stack.append(k)
        elif stack:
            pairs.append((stack.pop(), k))
    return pairs


def _hunks(ops: list[_Op], old_tokens: tuple[str, ...], new_tokens: tuple[str, ...]):
    """For each token of each side, the change hunk it belongs to (None when unchanged), and on each
    side the hunks whose tokens there are not only brackets and whitespace; hunks are maximal runs
    of non-equal ops."""
    old_hunk: list[int | None] = [None] * len(old_tokens)
    new_hunk: list[int | None] = [None] * len(new_tokens)
    old_impure: set[int] = set()
    new_impure: set[int] = set()
    hunk = -1
    in_change = False
    for op, i0, i1, j0, j1 in ops:
        if op == EQUAL:
            in_change = False
            continue
        if not in_change:
            hunk += 1
            in_change = True
        if i1 > i0:
            old_hunk[i0:i1] = [hunk] * (i1 - i0)
            if not _BRACKET_OR_SPACE.issuperset(map(str.strip, old_tokens[i0:i1])):
                old_impure.add(hunk)
        if j1 > j0:
            new_hunk[j0:j1] = [hunk] * (j1 - j0)
            if not _BRACKET_OR_SPACE.issuperset(map(str.strip, new_tokens[j0:j1])):
                new_impure.add(hunk)
    return old_hunk, new_hunk, old_impure, new_impure


def _cut_pair(pairs, marks, impure):
    for lo, hi in pairs:
        a, b = marks[lo], marks[hi]
        if a == b:
            continue  # both unchanged, or both in one hunk
        if a is None or b is None:
            if (b if a is None else a) in impure:
                return lo, hi
        elif a in impure or b in impure:
            return lo, hi
    return None


def _touches(op: _Op, side: int, lo: int, hi: int) -> bool:
    s, e = (op[1], op[2]) if side == 0 else (op[3], op[4])
    return (s <= hi and e > lo) or (s == e and lo < s <= hi)


def _widen(ops: list[_Op], side: int, lo: int, hi: int) -> list[_Op]:
    """Turn every op touching tokens [lo, hi] of one side (0 old, 1 new) into one replacement."""
    touching = [k for k, op in enumerate(ops) if _touches(op, side, lo, hi)]
    if not touching:
        return ops
    first, last = touching[0], touching[-1]
    i0, j0 = ops[first][1], ops[first][3]
    i1, j1 = ops[last][2], ops[last][4]
    merged: list[_Op] = []
    if i1 > i0:
        merged.append((DELETE, i0, i1, j0, j0))
    if j1 > j0:
        merged.append((INSERT, i1, i1, j0, j1))
    return ops[:first] + merged + ops[last + 1 :]


def _keep_brackets_whole(ops: list[_Op], old_tokens, new_tokens, old_bounds=frozenset(),
                         new_bounds=frozenset()) -> list[_Op]:
    old_pairs = _bracket_pairs(old_tokens, old_bounds)
    new_pairs = _bracket_pairs(new_tokens, new_bounds)
    if not old_pairs and not new_pairs:
        return ops
    # Each widening turns at least one more token into a change, so this ends.
    for _ in range(len(old_tokens) + len(new_tokens) + 1):
        old_hunk, new_hunk, old_impure, new_impure = _hunks(ops, old_tokens, new_tokens)
        cut = _cut_pair(old_pairs, old_hunk, old_impure)
        side = 0
        if cut is None:
            cut = _cut_pair(new_pairs, new_hunk, new_impure)
            side = 1
        if cut is None:
            return ops
        ops = _widen(ops, side, *cut)
    return ops


def _decode(ops: list[_Op], old_tokens, new_tokens) -> tuple[Chunk, ...]:
    chunks: list[Chunk] = []
    pending_del: list[str] = []
    pending_ins: list[str] = []

    def flush():
        if pending_del:
            text = "".join(pending_del)
            # before a space moved after it (see below), the deletion's own trailing space goes
            chunks.append(Chunk(DELETE, text.rstrip() if lead and not pending_ins else text))
            pending_del.clear()
        if pending_ins:
            chunks.append(Chunk(INSERT, "".join(pending_ins)))
            pending_ins.clear()

    carry = ""  # whitespace the old text has after an equal run and the new one has not
    lead = ""  # whitespace of the new text moved from before a deletion to after it
    for idx, (op, i0, i1, j0, j1) in enumerate(ops):
        if op == EQUAL:
            if i1 == i0:
                continue
            flush()
            carry = ""
            text = lead + "".join(new_tokens[j0:j1])
            lead = ""
            old_last, new_last = old_tokens[i1 - 1], new_tokens[j1 - 1]
            old_ws = old_last[len(old_last.rstrip()):]
            new_ws = new_last[len(new_last.rstrip()):]
            next_op = ops[idx + 1][0] if idx + 1 < len(ops) else None
            after_next = ops[idx + 2][0] if idx + 2 < len(ops) else None
            if next_op == DELETE and old_ws and not new_ws:
                carry = old_ws  # goes before the deletion, so the old words stay apart
            elif next_op == DELETE and after_next == EQUAL and new_ws and not old_ws and text.strip():
                # "The Parties |]| agree": the space comes after the deleted bracket, as in the old text
                text = text[: len(text) - len(new_ws)]
                lead = new_ws
            if chunks and chunks[-1].op == EQUAL:
                chunks[-1] = Chunk(EQUAL, chunks[-1].text + text)
            else:
                chunks.append(Chunk(EQUAL, text))
        elif op == DELETE:
            pending_del.append(carry + "".join(old_tokens[i0:i1]))
            carry = ""
        else:
            pending_ins.append("".join(new_tokens[j0:j1]))
    flush()
    return tuple(chunks)


def word_diff(old: str, new: str) -> tuple[Chunk, ...]:
    """The word-level difference from ``old`` to ``new`` as chunks (see the module docstring).

    Texts that differ only in whitespace or quote style give one ``equal`` chunk; empty texts give
    no chunks."""
    old_tokens = _diff_tokens(old)
    new_tokens = _diff_tokens(new)
    if not old_tokens and not new_tokens:
        return ()
    if not old_tokens:
        return (Chunk(INSERT, new),)
    if not new_tokens:
        return (Chunk(DELETE, old),)
    ops = _token_ops(old_tokens, new_tokens)
    if _may_open_bracket(old) or _may_open_bracket(new):  # (else neither side has a bracket pair)
        ops = _keep_brackets_whole(ops, old_tokens, new_tokens)
    return _tidy(_decode(ops, old_tokens, new_tokens))


def _may_open_bracket(text: str) -> bool:
    """Whether ``text`` has an opening bracket (``_OPENING``: each is a token of its own), found without
    a look at each token (most paragraphs have none)."""
    return "[" in text or "［" in text or "【" in text


_OP_NAMES = {EQUAL: EQUAL, INSERT: INSERT, DELETE: DELETE}
"""The op names as this module's own strings, for chunks unpickled from a copy."""


def word_diffs(pairs: Sequence[tuple[str, str]], workers: int = 1) -> list[tuple[Chunk, ...]]:
    """``word_diff`` of each (old, new) pair, in order, shared with forked copies of this process when
    ``workers`` > 1 (``forks.forked_map``: for a command, never for a process running threads; the
    same diffs, each pair's depending on its two texts alone). The copies send the chunks back as
    plain tuples, which pickle several times faster than ``Chunk`` objects."""
    if min(workers, len(pairs) // MIN_SHARE) < 2:
        return [word_diff(a, b) for a, b in pairs]
    return [_chunks(plain) for plain in forked_map(_plain_diff, pairs, workers)]


def _plain_diff(old: str, new: str) -> list[tuple[str, str]]:
    """``word_diff`` as (op, text) tuples: the form a copy sends back (``_chunks`` reads it)."""
    return [(c.op, c.text) for c in word_diff(old, new)]


def _chunks(plain: list[tuple[str, str]]) -> tuple[Chunk, ...]:
    return tuple(Chunk(_OP_NAMES[op], text) for op, text in plain)


class DiffPool:
    """Forked copies of this process, started while it is still small (a command makes them before
    parsing the drafts), that diff the text pairs sent to them while this process goes on aligning.

    Why so early: after a copy, every page that either process writes is copied, and touching a
    Python object writes its reference count. Forked after two 6,000-paragraph drafts are parsed, the
    copy costs the aligning process some 20,000 page copies; forked before, it shares next to nothing.

    The requests (batches of pairs to diff, ``map`` calls) and the answers go through unnamed temporary
    files, and only their lengths through a pipe: neither process ever waits for the other to make room
    in a pipe (on a busy machine each such wait is a turn of the scheduler). ``submit`` writes a batch
    for the least loaded copy; ``result`` gives a batch's diffs.

    Nobody waits while there is work left: a copy works through its items from the first, and when this
    process comes to need results (``result``, or the function ``map`` returns), it works through the
    same copy's items *from the last*, until the two meet (``_Copy.take``). So the work is shared as
    the two processes' speeds turn out, not as guessed. A refused copy, or one that fails, leaves its
    items to this process. For a command, not for a process with threads running."""

    def __init__(self, workers: int):
        self._copies: list[_Copy] = []
        self._batches: list[tuple[int, Sequence[tuple[str, str]], int]] = []  # (copy or -1, pairs, first item)
        self._results: dict[int, list[tuple[Chunk, ...]]] | None = None
        self.taken_here = 0
        """How many of the copies' items this process worked out itself (meeting them halfway)."""
        try:
            for _ in range(workers - 1 if hasattr(os, "fork") else 0):
                copy = _Copy.start(list(self._copies))
                if copy is None:
                    break
                self._copies.append(copy)
        except BaseException:  # (interrupted between two forks: the copies made are stopped)
            self.close()
            raise

    @property
    def copies(self) -> int:
        """How many forked copies diff here (0: this process does everything)."""
        return len(self._copies)

    def submit(self, pairs: Sequence[tuple[str, str]]) -> int:
        """Send ``pairs`` to be diffed; the batch's number, for ``result``."""
        if self._results is not None:
            raise RuntimeError("the pool has been collected")  # a programming error
        k, first = -1, 0
        if self._copies and pairs:
            k = min(range(len(self._copies)), key=lambda c: self._copies[c].items)
            first = self._copies[k].send(None, pairs)
            if first < 0:  # the copy is gone (or no room for the batch): this process diffs them
                k = -1
        self._batches.append((k, pairs, first))
        return len(self._batches) - 1

    def map(self, func: Callable[[Any], Any], items: Sequence[Any]) -> Callable[[], list[Any]]:
        """Start ``[func(x) for x in items]`` in the first copy (after what was sent to it before;
        ``func`` is sent by name); the function returned gives that list: the copy's part, and the items
        it has not begun, worked out here from the last (all of them when there is no copy, or it
        failed)."""
        if self._results is not None:
            raise RuntimeError("the pool has been collected")  # a programming error
        first = self._copies[0].send(func, items) if self._copies else -1
        if first < 0:
            return lambda: [func(x) for x in items]
        copy = self._copies[0]

        def answer() -> list[Any]:
            if copy.pid < 0:  # asked for after the pool was collected: the copy has ended
                return [func(x) for x in items]
            here = copy.take(first, [(func, (x,)) for x in items])
            found = copy.answer(first) or []  # the copy's part, once it is past the request
            self.taken_here += len(here)
            return [found[k] if k < len(found) else here[first + k] if first + k in here else func(x)
                    for k, x in enumerate(items)]

        return answer

    def result(self, batch: int) -> list[tuple[Chunk, ...]]:
        """The diffs of batch ``batch``, in order."""
        if self._results is None:
            self._results = self._collect()
        found = self._results.get(batch)
        if found is None:
            found = self._results[batch] = [word_diff(a, b) for a, b in self._batches[batch][1]]
        return found

    def _collect(self) -> dict[int, list[tuple[Chunk, ...]]]:
        out: dict[int, list[tuple[Chunk, ...]]] = {}
        copies, self._copies = self._copies, []
        try:
            for copy in copies:
                copy.close_requests()
            for k, copy in enumerate(copies):
                out.update(self._collect_copy(k, copy))
        except BaseException:  # an error or an interruption here: the copies are stopped where they are
            for copy in copies:
                copy.stop()
            raise
        return out

    def _collect_copy(self, k: int, copy: _Copy) -> dict[int, list[tuple[Chunk, ...]]]:
        """The diffs of the batches sent to copy ``k``: its own, and the last ones taken here."""
        out: dict[int, list[tuple[Chunk, ...]]] = {}
        mine = [(b, pairs, first) for b, (c, pairs, first) in enumerate(self._batches) if c == k]
        here: dict[int, tuple[Chunk, ...]] = {}
        if mine:  # this process takes the last pairs while the copy works through the first ones
            start = mine[0][2]
            work: list[tuple[Callable[..., Any], tuple[Any, ...]] | None] = [None] * (copy.items - start)
            for _, pairs, first in mine:
                work[first - start : first - start + len(pairs)] = [(word_diff, pair) for pair in pairs]
            here = copy.take(start, work)
            self.taken_here += len(here)
        theirs = copy.finish()  # the copy's diffs by the pairs' numbers
        for b, pairs, first in mine:
            # each pair's diff: the copy's, or taken here, or (a copy that failed) diffed now
            out[b] = [_chunks(theirs[n]) if n in theirs else here[n] if n in here else word_diff(*pair)
                      for n, pair in enumerate(pairs, first)]
        return out

    def close(self) -> None:
        """End the copies when the pool is left without its results (an error, an interruption, or
        nothing to diff): they are stopped where they are, and nothing is diffed here."""
        if self._results is None:
            self._results = {}
            copies, self._copies = self._copies, []
            for copy in copies:
                copy.stop()

    def __enter__(self) -> DiffPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_HEADER = 8
_ANSWER, _DIFFS = 0, 1
"""What a copy writes (each record's length goes through a pipe with its kind in the lowest bit): the
answer to a ``map`` request, or diffs (``_PIECE`` at most, of consecutive pairs, with the number of
the first: placed by number, never by their order)."""
_PIECE = 256
_BEGUN, _CLAIM = 0, 1
"""The counters a copy shares with this process: how far the copy has got (one past the last item it
has begun: it works through what it is sent in order, its items counted across its requests), and
the items this process is taking (it takes them from the last back): the end of the range in the
high half of the word, the first item claimed in the low half, so that the copy reads both at once
(read apart, a claim left from one request with the end of a later one would skip items nobody
takes)."""
_UNCLAIMED = 0
"""No item is claimed (the range ends at 0)."""
_LOW = (1 << 32) - 1


def _serve(read: int, answer_write: int, batches: Any, diffs: Any, counters: memoryview) -> None:
    """A copy's work (``_Copy``): each request read from the requests' file as its length comes
    through the pipe ``read``, until a length of 0; every item begun counted in ``counters[_BEGUN]``,
    none begun that the parent has claimed (``counters[_CLAIM]``); the answers and the diffs written to
    ``diffs``, their lengths to the pipe ``answer_write``."""
    offset = 0
    at = 0  # the number of the next item
    done: list[list[tuple[str, str]]] = []  # diffs not written yet, of the pairs from ``since``
    since = 0

    def emit(kind: int, data: bytes) -> None:
        diffs.write(data)
        diffs.flush()
        os.write(answer_write, (len(data) << 1 | kind).to_bytes(_HEADER, "little"))

    def emit_diffs() -> None:
        if done:
            emit(_DIFFS, pickle.dumps((since, done), protocol=pickle.HIGHEST_PROTOCOL))
            done.clear()

    with os.fdopen(read, "rb") as lengths:
        while length := int.from_bytes(lengths.read(_HEADER) or b"\0", "little"):
            func, items = pickle.loads(os.pread(batches.fileno(), length, offset))
            offset += length
            results: list[Any] = []
            end = at + len(items)
            for item in items:
                claim = counters[_CLAIM]  # one read: the claimed range's first item and end together
                if claim & _LOW <= at < claim >> 32:
                    break  # taken by the parent from here on (to the end of the request)
                counters[_BEGUN] = at + 1  # begun: it is done here, whatever the parent does
                if func is not None:
                    results.append(func(item))
                else:
                    if done and since + len(done) != at:
                        emit_diffs()  # a piece holds consecutive pairs only
                    if not done:
                        since = at
                    done.append(_plain_diff(*item))
                    if len(done) == _PIECE:  # written while the parent aligns, not at the end
                        emit_diffs()
                at += 1
            if func is not None:
                emit(_ANSWER, pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
            at = end
    emit_diffs()


class _Copy:
    """One copy of a ``DiffPool``: its process, the pipes that give it the requests' lengths and give
    back those of its answers, the temporary files of the requests (written here) and of the answers
    and diffs (written there, in that order), and the counters both share (``_BEGUN`` ...)."""

    def __init__(self, pid: int, lengths: int, answers: int, batches: int, diffs: int, shared: mmap.mmap):
        self.pid, self.lengths, self.answers, self.batches, self.diffs = pid, lengths, answers, batches, diffs
        self.shared = shared
        self.counters = memoryview(shared).cast("q")  # one machine word each: read and written whole
        self.written = 0  # bytes of requests
        self.answered = 0  # bytes of the copy's records read
        self.pieces: list[bytes] = []  # the records of its diffs
        self.maps_asked: list[int] = []  # the first items of the maps sent, whose answers are not read yet
        self.maps_answered: dict[int, bytes | None] = {}  # answers read before their callers asked
        self.items = 0  # items sent

    @classmethod
    def start(cls, earlier: Sequence[_Copy]) -> _Copy | None:
        """A forked copy, or None when the system refuses it (``earlier``: the copies made before,
        whose files and pipes the new copy closes)."""
        import tempfile  # (only for a copy: 3 ms of the start of a diff of smaller drafts)

        try:
            batches, diffs = tempfile.TemporaryFile(), tempfile.TemporaryFile()
        except OSError:  # no temporary directory to write in: no copy
            return None
        shared = mmap.mmap(-1, 2 * 8)  # anonymous, and shared with the copy
        counters = memoryview(shared).cast("q")
        counters[_BEGUN], counters[_CLAIM] = 0, _UNCLAIMED
        read, write = os.pipe()
        answer_read, answer_write = os.pipe()
        try:
            pid = os.fork()
        except OSError:  # no memory or processes left for a copy
            for fd in (read, write, answer_read, answer_write):
                os.close(fd)
            batches.close()
            diffs.close()
            counters.release()
            shared.close()
            return None
        if pid:
            os.close(read)
            os.close(answer_write)
            counters.release()
            return cls(pid, write, answer_read, os.dup(batches.fileno()), os.dup(diffs.fileno()), shared)
        code = 1
        try:
            os.close(write)
            os.close(answer_read)
            for c in earlier:
                for fd in (c.lengths, c.answers, c.batches, c.diffs):
                    os.close(fd)
            _serve(read, answer_write, batches, diffs, counters)
            code = 0
        finally:
            os._exit(code)  # never back into the caller's code (nor its buffered output)

    def send(self, func: Callable[[Any], Any] | None, items: Sequence[Any]) -> int:
        """Write a request (``func`` of each item, or the diff of each pair for None) to the requests'
        file, then its length to the pipe (which never fills); the number of its first item, or -1 when
        it could not be sent."""
        try:
            data = pickle.dumps((func, list(items)), protocol=pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.pwrite(self.batches, view, self.written + len(data) - len(view)):]
            os.write(self.lengths, len(data).to_bytes(_HEADER, "little"))
        except (OSError, pickle.PicklingError, AttributeError, TypeError):  # (also: a local function, a lock)
            return -1
        self.written += len(data)
        first = self.items
        if func is not None:
            self.maps_asked.append(first)
        self.items += len(items)
        return first

    def take(self, first: int, work: Sequence[tuple[Callable[..., Any], tuple[Any, ...]] | None]) -> dict[int, Any]:
        """Work out here, from the last back, the items ``first`` ... of what was sent to the copy
        (``work``: each one's function and arguments; None for one nobody needs) that the copy has not
        begun: item number -> result. Each item is claimed before the copy's progress is read, and the
        copy reads the claim before it begins an item: so at worst both work out the one they meet at
        (the same result). Whatever the order in which the two processes' memory sees these writes, a
        result the caller finds in neither is worked out then (``DiffPool``), never lost."""
        counters = self.counters
        end = first + len(work)
        out = {}
        for k in range(end - 1, first - 1, -1):
            counters[_CLAIM] = end << 32 | k
            if counters[_BEGUN] > k:
                break  # the copy has begun it, and all before it
            todo = work[k - first]
            if todo is not None:
                out[k] = todo[0](*todo[1])
        return out

    def answer(self, first: int) -> list[Any] | None:
        """Wait for the copy's answer to the ``map`` request whose first item is ``first`` (the items it
        worked out, from the first: the rest were taken here), then give the items sent after it back
        to the copy; None if it failed. The answers come in the order the maps were sent: those read
        on the way are kept for their callers."""
        while first not in self.maps_answered and self.maps_asked:
            data = self._record(_ANSWER)
            self.maps_answered[self.maps_asked.pop(0)] = data
            if data is None:
                break  # failed: no answer after this one either
        data = self.maps_answered.pop(first, None)
        self.counters[_CLAIM] = _UNCLAIMED  # requests sent from now on are the copy's again
        if data is None:
            return None
        found: list[Any] = pickle.loads(data)
        return found

    def _record(self, wanted: int | None) -> bytes | None:
        """The copy's next record of the kind ``wanted`` (the diffs on the way are kept in
        ``self.pieces``, answers nobody waits for passed over), or None when it has ended without one
        (``wanted`` None: read them all)."""
        while True:
            try:
                head = os.read(self.answers, _HEADER)  # 8 bytes: written at once
                if len(head) < _HEADER:
                    return None
                value = int.from_bytes(head, "little")
                length, kind = value >> 1, value & 1
                data = os.pread(self.diffs, length, self.answered)
            except OSError:
                return None
            self.answered += length
            if kind == wanted:
                return data
            if kind == _DIFFS:
                self.pieces.append(data)

    def close_requests(self) -> None:
        """Tell the copy it has all its requests (it ends when it has worked through them)."""
        if self.lengths < 0:
            return
        try:
            os.write(self.lengths, bytes(_HEADER))
        except OSError:
            pass
        os.close(self.lengths)
        self.lengths = -1

    def stop(self) -> None:
        """End the copy at once, whatever it is doing, and wait for it."""
        if self.pid > 0:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except OSError:  # ended already
                pass
        self.finish()

    def finish(self) -> dict[int, list[tuple[str, str]]]:
        """Wait for the copy to end: its diffs by the pairs' numbers, or none when it failed (or has
        ended before)."""
        if self.pid < 0:
            return {}
        self.close_requests()
        self._record(None)  # read to the end first: a copy never waits on a full pipe while this waits for it
        ok = os.waitpid(self.pid, 0)[1] == 0
        self.pid = -1
        for fd in (self.answers, self.diffs, self.batches):
            os.close(fd)
        self.counters.release()
        self.shared.close()
        found: dict[int, list[tuple[str, str]]] = {}
        for piece in self.pieces if ok else ():
            since, diffs = pickle.loads(piece)
            found.update(enumerate(diffs, since))
        return found


def _tidy(chunks: tuple[Chunk, ...]) -> tuple[Chunk, ...]:
    """Move whitespace at the end of a replacement into the following equal run where both sides of
    the change have it, so ``{-a -}{+b +}`` reads ``{-a-}{+b+}`` followed by a space. Words are never
    touched: only whitespace tokens move."""
    out = list(chunks)
    k = 0
    while k < len(out):
        # A change group: delete, insert, or delete followed by insert.
        if out[k].op == EQUAL:
            k += 1
            continue
        g_end = k + 1
        if out[k].op == DELETE and g_end < len(out) and out[g_end].op == INSERT:
            g_end += 1
        group = out[k:g_end]
        # Only a replacement (delete and insert) can give up a common trailing space: the equal
        # text after it is on both sides.
        trail = _common_trailing_space([c.text for c in group]) if len(group) == 2 else ""
        if not trail and len(group) == 1 and group[0].op == INSERT:
            # A pure insertion keeps its trailing space outside the mark: the new text is the same,
            # the old one gains a space (whitespace is no change).
            trail = _common_trailing_space([group[0].text])
        if trail:
            group = [Chunk(c.op, c.text[: len(c.text) - len(trail)]) if c.text.endswith(trail) else c for c in group]
            after = out[g_end] if g_end < len(out) else None
            if after is not None and after.op == EQUAL:
                tail = [Chunk(EQUAL, trail + after.text)]
                rest = out[g_end + 1 :]
            else:
                tail = [Chunk(EQUAL, trail)]
                rest = out[g_end:]
            group = [c for c in group if c.text]
            out = out[:k] + group + tail + rest
            g_end = k + len(group)
        k = g_end
    # Whitespace alone is no change: an inserted space is kept as equal text (the new text stays
    # exact), a deleted one is dropped. Then merge the neighbours that this and the moves created.
    merged: list[Chunk] = []
    for c in out:
        if c.op != EQUAL and c.text.isspace():
            if c.op == DELETE:
                continue
            c = Chunk(EQUAL, c.text)
        if merged and merged[-1].op == c.op:
            merged[-1] = Chunk(c.op, merged[-1].text + c.text)
        elif c.text:
            merged.append(c)
    return tuple(merged)


def _common_trailing_space(texts: list[str]) -> str:
    trails = []
    for t in texts:
        stripped = t.rstrip()
        if not stripped:
            return ""
        trails.append(t[len(stripped) :])
    if not trails or any(not t for t in trails):
        return ""
    return min(trails, key=len) if len(set(trails)) == 1 else ""


def old_text(chunks) -> str:
    """The old side of a diff (equal and deleted runs)."""
    return "".join(c.text for c in chunks if c.op != INSERT)


def new_text(chunks) -> str:
    """The new side of a diff (equal and inserted runs)."""
    return "".join(c.text for c in chunks if c.op != DELETE)


def change_count(chunks) -> int:
    """Number of change hunks: maximal runs of inserted and/or deleted chunks."""
    count = 0
    in_change = False
    for c in chunks:
        if c.op == EQUAL:
            in_change = False
        elif not in_change:
            count += 1
            in_change = True
    return count


def _cut_at(ops: list[_Op], bounds: list[int], split_side: int) -> list[list[_Op]]:
    """The ops cut at the token boundaries ``bounds`` of the side that has several parts (1: the new
    side, a split; 0: the old side, a merge): one list of ops per part."""
    segments: list[list[_Op]] = [[] for _ in range(len(bounds) + 1)]
    seg = 0
    for op in ops:
        kind, i0, i1, j0, j1 = op
        s0, s1 = (j0, j1) if split_side else (i0, i1)
        while seg < len(bounds) and s0 >= bounds[seg] and (s1 > s0 or s0 > bounds[seg]):
            seg += 1
        while seg < len(bounds) and s0 < bounds[seg] < s1:
            cut = bounds[seg] - s0
            head: _Op
            if kind == EQUAL:
                head = (EQUAL, i0, i0 + cut, j0, j0 + cut)
                op = (EQUAL, i0 + cut, i1, j0 + cut, j1)
            elif split_side:  # an insertion on the split side
                head = (INSERT, i0, i0, j0, j0 + cut)
                op = (INSERT, i0, i0, j0 + cut, j1)
            else:  # a deletion on the merge side
                head = (DELETE, i0, i0 + cut, j0, j0)
                op = (DELETE, i0 + cut, i1, j0, j0)
            segments[seg].append(head)
            kind, i0, i1, j0, j1 = op
            s0, s1 = (j0, j1) if split_side else (i0, i1)
            seg += 1
        segments[seg].append(op)
    return segments


def word_diff_parts(old_parts: tuple[str, ...], new_parts: tuple[str, ...]) -> tuple[tuple[Chunk, ...], ...]:
    """The word diff of one old text against several new ones (a split), or of several old texts
    against one new one (a merge), read as one text each side and cut back at the parts' boundaries.

    For a split this gives the diff belonging to each new paragraph; for a merge, the diff belonging
    to each old one: ``max(len(old_parts), len(new_parts))`` segments in text order. A deletion (split)
    or insertion (merge) that falls exactly between two parts goes with the first."""
    if len(old_parts) > 1 and len(new_parts) > 1:
        raise ValueError("word_diff_parts: one side must be a single text")  # internal misuse

    def joined(parts):
        tokens: list[str] = []
        bounds = []
        for part in parts:
            if tokens and not tokens[-1].isspace():
                tokens.append(" ")  # the parts read as one text: keep their words apart
            bounds.append(len(tokens))
            tokens.extend(_diff_tokens(part.strip()))
        return tuple(tokens), bounds

    old_tokens, old_bounds = joined(old_parts)
    new_tokens, new_bounds = joined(new_parts)
    split_side = 1 if len(new_parts) > 1 else 0
    bounds = (new_bounds if split_side else old_bounds)[1:]
    if not old_tokens or not new_tokens:
        ops: list[_Op] = []
        if old_tokens:
            ops.append((DELETE, 0, len(old_tokens), 0, 0))
        if new_tokens:
            ops.append((INSERT, 0, 0, 0, len(new_tokens)))
    else:
        ops = _token_ops(old_tokens, new_tokens)
        ops = _keep_brackets_whole(ops, old_tokens, new_tokens, frozenset(old_bounds[1:]), frozenset(new_bounds[1:]))
    segments = _cut_at(ops, bounds, split_side)
    out = []
    for seg_ops in segments:
        chunks = _decode(seg_ops, old_tokens, new_tokens)
        if chunks and chunks[0].text[:1].isspace():
            chunks = (Chunk(chunks[0].op, chunks[0].text.lstrip()),) + chunks[1:]
        if chunks and chunks[-1].text[-1:].isspace():
            chunks = chunks[:-1] + (Chunk(chunks[-1].op, chunks[-1].text.rstrip()),)
        out.append(_tidy(tuple(c for c in chunks if c.text)))
    return tuple(out)
