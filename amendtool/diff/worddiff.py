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

import re
from dataclasses import dataclass

from diff_match_patch import diff_match_patch

from amendtool.text import QUOTE_FOLD

EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"

# Scripts written without spaces between words: each character is a token of its own.
_NO_SPACE_SCRIPTS = (
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

_TOKEN_RE = re.compile(
    rf"(?P<space>\s+)"
    rf"|(?P<cjk>[{_NO_SPACE_SCRIPTS}])"
    rf"|(?P<word>(?:[^\W_]|[\u0300-\u036f])(?:(?:[^\W_]|[\u0300-\u036f])|['’\-‐](?=[^\W_]))*)"
    rf"|(?P<other>.)",
    re.DOTALL,
)



def tokenize(text: str) -> tuple[str, ...]:
    """Cut ``text`` into tokens whose concatenation is ``text``: words (with inner apostrophes and
    hyphens: ``people-centred``, ``Party’s``), whitespace runs, one token per other character
    (punctuation, each ``[`` and ``]``), one per character of scripts written without spaces."""
    return tuple(m.group(0) for m in _TOKEN_RE.finditer(text))


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
    return re.search(f"[{_NO_SPACE_SCRIPTS}]", text) is not None


@dataclass(frozen=True, slots=True)
class Chunk:
    """One run of a word diff."""

    op: str
    """``equal``, ``insert`` or ``delete``."""
    text: str
    """The run's text, in the draft's own characters (the new draft's for ``equal``)."""


class _Codec:
    """Token keys to single private-use characters and back (one codec per diff)."""

    # Basic multilingual plane private use area, then supplementary planes 15 and 16.
    _RANGES = ((0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD))

    def __init__(self) -> None:
        self._codes: dict[str, str] = {}
        self._range = 0
        self._next = self._RANGES[0][0]

    def encode(self, tokens: tuple[str, ...]) -> str:
        out = []
        codes = self._codes
        for tok in tokens:
            key = _diff_key(tok)
            ch = codes.get(key)
            if ch is None:
                ch = self._allocate()
                codes[key] = ch
            out.append(ch)
        return "".join(out)

    def _allocate(self) -> str:
        lo, hi = self._RANGES[self._range]
        if self._next > hi:
            self._range += 1
            self._next = self._RANGES[self._range][0]  # 137,000 distinct tokens: never in one paragraph pair
        ch = chr(self._next)
        self._next += 1
        return ch


def _dmp() -> diff_match_patch:
    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # a timeout silently gives a coarse diff
    return dmp


# Token-level ops: (op, old_start, old_end, new_start, new_end)
_Op = tuple[str, int, int, int, int]


def _token_ops(old_tokens: tuple[str, ...], new_tokens: tuple[str, ...]) -> list[_Op]:
    codec = _Codec()
    a = codec.encode(old_tokens)
    b = codec.encode(new_tokens)
    dmp = _dmp()
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
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


def _bracket_pairs(tokens: tuple[str, ...], bounds: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Token indexes of matched ``[``/``]`` pairs (stray brackets are left out); ``bounds`` are the
    token indexes where a new part (paragraph) starts: brackets pair within a part."""
    stack: list[int] = []
    pairs = []
    for k, tok in enumerate(tokens):
        if k in bounds:
            stack.clear()
        tok = tok.rstrip()
        if tok == "[":
            stack.append(k)
        elif tok == "]" and stack:
            pairs.append((stack.pop(), k))
    return pairs


def _hunk_marks(ops: list[_Op], n_old: int, n_new: int):
    """For each token of each side, the change hunk it belongs to (None when unchanged); hunks are
    maximal runs of non-equal ops."""
    old_hunk: list[int | None] = [None] * n_old
    new_hunk: list[int | None] = [None] * n_new
    hunk = -1
    in_change = False
    for op, i0, i1, j0, j1 in ops:
        if op == EQUAL:
            in_change = False
            continue
        if not in_change:
            hunk += 1
            in_change = True
        for k in range(i0, i1):
            old_hunk[k] = hunk
        for k in range(j0, j1):
            new_hunk[k] = hunk
    return old_hunk, new_hunk


def _impure_hunks(marks: list[int | None], tokens: tuple[str, ...]) -> set[int]:
    """Hunks whose tokens on this side are not only brackets and whitespace."""
    impure = set()
    for k, h in enumerate(marks):
        if h is not None and tokens[k].strip() not in ("[", "]", ""):
            impure.add(h)
    return impure


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


def _widen(ops: list[_Op], side: int, lo: int, hi: int) -> list[_Op]:
    """Turn every op touching tokens [lo, hi] of one side (0 old, 1 new) into one replacement."""
    first = last = None
    for k, op in enumerate(ops):
        s, e = (op[1], op[2]) if side == 0 else (op[3], op[4])
        touches = (s <= hi and e > lo) or (s == e and lo < s <= hi)
        if touches:
            if first is None:
                first = k
            last = k
    if first is None or last is None:
        return ops
    i0, j0 = ops[first][1], ops[first][3]
    i1, j1 = ops[last][2], ops[last][4]
    merged: list[_Op] = []
    if i1 > i0:
        merged.append((DELETE, i0, i1, j0, j0))
    if j1 > j0:
        merged.append((INSERT, i1, i1, j0, j1))
    return ops[:first] + merged + ops[last + 1 :]


def _keep_brackets_whole(ops: list[_Op], old_tokens, new_tokens, old_bounds=frozenset(), new_bounds=frozenset()) -> list[_Op]:
    old_pairs = _bracket_pairs(old_tokens, old_bounds)
    new_pairs = _bracket_pairs(new_tokens, new_bounds)
    if not old_pairs and not new_pairs:
        return ops
    # Each widening turns at least one more token into a change, so this ends.
    for _ in range(len(old_tokens) + len(new_tokens) + 1):
        old_hunk, new_hunk = _hunk_marks(ops, len(old_tokens), len(new_tokens))
        cut = _cut_pair(old_pairs, old_hunk, _impure_hunks(old_hunk, old_tokens))
        side = 0
        if cut is None:
            cut = _cut_pair(new_pairs, new_hunk, _impure_hunks(new_hunk, new_tokens))
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
    ops = _keep_brackets_whole(ops, old_tokens, new_tokens)
    return _tidy(_decode(ops, old_tokens, new_tokens))


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
    # Cut the ops at the boundaries of the side that has several parts.
    segments: list[list[_Op]] = [[] for _ in range(len(bounds) + 1)]
    seg = 0
    for op in ops:
        kind, i0, i1, j0, j1 = op
        s0, s1 = (j0, j1) if split_side else (i0, i1)
        while seg < len(bounds) and s0 >= bounds[seg] and (s1 > s0 or s0 > bounds[seg]):
            seg += 1
        while seg < len(bounds) and s0 < bounds[seg] < s1:
            cut = bounds[seg] - s0
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
    out = []
    for seg_ops in segments:
        chunks = _decode(seg_ops, old_tokens, new_tokens)
        if chunks and chunks[0].text[:1].isspace():
            chunks = (Chunk(chunks[0].op, chunks[0].text.lstrip()),) + chunks[1:]
        if chunks and chunks[-1].text[-1:].isspace():
            chunks = chunks[:-1] + (Chunk(chunks[-1].op, chunks[-1].text.rstrip()),)
        out.append(_tidy(tuple(c for c in chunks if c.text)))
    return tuple(out)
