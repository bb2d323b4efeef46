"""Aligning the paragraphs (or headings) of two drafts by content.

Works on plain sequences of ``AlignItem`` (a reference, a label, a normalised text and a kind), so it
does not depend on the parser; ``compare.py`` builds the items from parsed drafts.

Every old item ends in exactly one of: unchanged, renumbered, modified, moved, split (into several new
items), merged (with other old items into one new item) or deleted; every new item not accounted for
is added. The stages, none quadratic in the number of paragraphs:

1. **Same texts, in order**: pairs the caller already knows (``known``), then the most paragraphs,
   in order, whose texts are the same (a diff of the two sequences of texts, bit-parallel): unchanged
   paragraphs, and repeated ones (``No text``, a chapeau every Article repeats, a copied paragraph)
   each where it stood. Then **anchors**: items whose words occur once in each draft (moved, or
   another quote style). Then **in place**: between two matched neighbours kept in order, as many
   unmatched items on each side, each strongly similar (>= ``STRONG_PAIR_THRESHOLD``) to its
   counterpart in order, are the same items edited in place; where the two sides differ in number
   (a paragraph added, deleted or moved there too), the strongly similar pairs in order are. So an
   edited paragraph stays paired in its place even when one elsewhere is a little more similar, and
   most edited paragraphs are paired before the word index of stage 2 is built.
2. **Similar pairs**: candidates come from an inverted index of each item's rarest words (so an item
   is compared with a few others, not all); pairs are taken best first by the Dice coefficient of
   their word multisets (>= ``STRONG_PAIR_THRESHOLD``), ties going to the pair nearest its expected
   position.
3. **Splits and merges**: an unmatched item whose words (and word pairs) are mostly contained in one
   item of the other draft (>= ``CONTAIN_THRESHOLD``) joins that item's group, when together they
   make it up. Then the weaker similar pairs (>= ``PAIR_THRESHOLD``) are taken.
4. **Gaps**: items still unmatched that lie between the same two in-order neighbours are paired in
   order when they are loosely similar (>= ``GAP_THRESHOLD``): a heavily rewritten paragraph in its
   place is a modified paragraph, not a deletion and an addition.
5. **Moves**: a longest non-decreasing subsequence over the matched (old, new) positions keeps the
   most items (ties: the most text, in characters) in place; only the matches outside it are moved.
   So a paragraph is moved only when it changed its place relative to its aligned neighbours.

Word-level changes inside each pair come from ``worddiff``. Words are worked out only for the items
that need them: a revision's unchanged paragraphs are matched by their text alone.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import chain, compress, count, repeat
from operator import ge, le

from amendtool.diff.worddiff import (
    DELETE,
    EQUAL,
    INSERT,
    NO_SPACE_SCRIPTS,
    Chunk,
    DiffPool,
    diff_strings,
    has_special,
    token_key,
    tokenize,
    word_diff_parts,
    word_diffs,
)
from amendtool.draft.model import _slot_init

PAIR_THRESHOLD = 0.5
"""Dice similarity from which two items anywhere in the drafts are the same paragraph."""
STRONG_PAIR_THRESHOLD = 0.65
"""Pairs at least this similar are taken before splits and merges are looked for; weaker ones after,
so that the part of a split paragraph is not taken for a moved copy of some other paragraph."""
CONTAIN_THRESHOLD = 0.7
"""Share of an item's words found in another item from which it is a part of a split or merge."""
CONTAIN_PAIRS_THRESHOLD = 0.5
"""Share of an item's word pairs (bigrams) that must be found there too: common words alone make a
short paragraph look contained in any long one."""
GAP_THRESHOLD = 0.3
"""Dice similarity from which two unmatched items in the same place are the same paragraph."""
SAME_LABEL_BONUS = 0.1
"""Added to the similarity of two unmatched items in the same place that have the same label."""
MIN_PART_WORDS = 3
"""Items with fewer words never count as parts of a split or merge (``No text`` is in every draft)."""
MIN_FAR_WORDS = 4
"""Items with fewer words are matched far from their place only when their text is unique in both
drafts; otherwise only in their place (stage 4): ``No text`` or ``(paragraph 7)`` say nothing of
where they belong."""
CANDIDATES_PER_ITEM = 24
"""How many candidates each item is compared with at most (the most rare words shared first)."""
RARE_WORDS_PER_ITEM = 12
"""How many of an item's rarest words are looked up in the index."""
MAX_POSTINGS = 200
"""Longest posting list scanned for one word (longer ones are too common to find a paragraph)."""
MAX_GAP_CELLS = 10_000
"""Largest (old x new) gap paired in order; larger gaps keep stage 4 out."""
MAX_PLACE_CELLS = 400
"""Largest (old x new) gap whose strongly similar pairs are taken in order in stage 1."""
MAX_ORDER_CELLS = 400_000_000
"""Largest (old x new) number of items whose texts are diffed in order at once (one bit each: 50 MB
at most; 3 x 6,000 paragraphs on each side take 40 MB)."""

UNCHANGED = "unchanged"
RENUMBERED = "renumbered"
MODIFIED = "modified"
MOVED = "moved"
SPLIT = "split"
MERGED = "merged"
DELETED = "deleted"
ADDED = "added"
STATUSES = (UNCHANGED, RENUMBERED, MODIFIED, MOVED, SPLIT, MERGED, DELETED, ADDED)


@_slot_init
@dataclass(frozen=True, slots=True)
class AlignItem:
    """One paragraph or heading to align."""

    ref: str
    """Its reference in its draft (unique in the draft)."""
    label: str | None
    """The label as written (``12``, ``Pp3``, ``(a)``), or None for an unlabelled paragraph, whose
    reference is positional and so never counts as renumbered."""
    text: str
    """The text compared: normalised, without label, markup or page furniture."""
    kind: str = "paragraph"
    """What it is (``numbered``, ``heading`` ...); informative only: alignment goes by content."""


@_slot_init
@dataclass(frozen=True, slots=True)
class AlignedPair:
    """Where one old item went, or where one new item came from.

    A split gives one record per new part (each with the same ``old``), a merge one per old part."""

    old: str | None
    """Reference of the old item; None for an added one."""
    new: str | None
    """Reference of the new item; None for a deleted one."""
    status: str
    """One of ``STATUSES``: for a one-to-one match, ``moved`` before ``modified`` before
    ``renumbered`` before ``unchanged``."""
    changes: tuple[Chunk, ...]
    """The word diff from old to new (for a split, the part of the old text that went to this new
    item; for a merge, the part of the new text that came from this old item)."""
    edited: bool
    """Whether the words changed (whitespace, wrapping and quote style are no change)."""
    moved: bool
    """Whether it changed its place relative to its aligned neighbours."""
    renumbered: bool
    """Whether both are labelled and the references differ."""
    old_group: tuple[str, ...] = ()
    """Every old item of its split or merge (or just ``old``)."""
    new_group: tuple[str, ...] = ()
    """Every new item of its split or merge (or just ``new``)."""
    similarity: float = 0.0
    """Dice similarity of the words of the old and new side (of the whole group for a split/merge)."""
    old_index: int | None = None
    """Position of the old item in the old sequence."""
    new_index: int | None = None
    """Position of the new item in the new sequence."""


# ---------------------------------------------------------------------------------------------------
# Words and similarity


_SUFFIXES = ("ing", "ed", "es", "s")


def stem(word: str) -> str:
    """A light stem for comparison: ``increasing``, ``increased`` and ``increases`` -> ``increas``
    (a suffix comes off only after three lower-case ASCII letters)."""
    for suffix in _SUFFIXES:  # the longest first: "es" before "s"
        if word.endswith(suffix):
            before = word[-len(suffix) - 3 : -len(suffix)]
            if len(before) == 3 and before.isascii() and before.isalpha() and before.islower():
                return word[: -len(suffix)]
    return word


class _ComparisonWords(dict[str, str]):
    """Word token -> its comparison word (case-folded, lightly stemmed), worked out once per distinct
    token: a dict, so that ``map`` looks words up in C (an ``lru_cache`` takes twice as long); emptied
    when it holds 65,536 words."""

    def __missing__(self, token: str) -> str:
        if len(self) >= 1 << 16:
            self.clear()
        word = self[token] = stem(token.casefold())
        return word


_comparison_word = _ComparisonWords().__getitem__


_WORD_CHAR = re.compile(r"\w")


_CONTINUE = r"(?:[^\W_]+|[\u0300-\u036f]+|['’\-‐](?=[^\W_]))*"  # runs: fewer steps
@cache
def _word_tokens() -> re.Pattern[str]:
    """The tokens of ``worddiff.tokenize`` (the same alternatives in the same order), those that are
    words (that start with a word character) in the one group: ``findall`` gives the words and empty
    strings, without a Python step per token. Compiled when first needed (two milliseconds, for
    texts with special characters only: ``worddiff.has_special``)."""
    return re.compile(
        r"\s+"
        rf"|((?=\w)[{NO_SPACE_SCRIPTS}]|[^\W_]{_CONTINUE}|_)"  # a word: captured
        rf"|[{NO_SPACE_SCRIPTS}]|(?:[^\W_]|[\u0300-\u036f]){_CONTINUE}|.",  # not a word
        re.DOTALL,
    )


_PLAIN_WORDS = re.compile(r"[^\W_]+(?:['’\-‐][^\W_]+)*|_")
"""The words of a text without special characters (``worddiff.has_special``) (``worddiff._PLAIN_TOKEN_RE``'s word
tokens, and ``_``), found without stopping at the other tokens: in half the time."""
_PLAIN_WORDS_NO_UNDERSCORE = re.compile(r"\w+(?:['’\-‐]\w+)*")
r"""``_PLAIN_WORDS`` for a text without ``_`` (most: there ``\w`` is ``[^\W_]``, a quicker test)."""
_ASCII_WORDS_NO_UNDERSCORE = re.compile(r"\w++(?:['\-]\w++)*+", re.ASCII)
"""``_PLAIN_WORDS_NO_UNDERSCORE`` for an ASCII text (most): the same words in two thirds of the time."""


@lru_cache(maxsize=1 << 16)
def words(text: str) -> tuple[str, ...]:
    """The comparison words of a text: word tokens (one per character for scripts written without
    spaces), case-folded and lightly stemmed; punctuation, brackets and whitespace left out."""
    if has_special(text):
        return tuple(map(_comparison_word, filter(None, _word_tokens().findall(text))))
    if "_" in text:
        found = _PLAIN_WORDS.findall(text)
    else:
        found = (_ASCII_WORDS_NO_UNDERSCORE if text.isascii() else _PLAIN_WORDS_NO_UNDERSCORE).findall(text)
    return tuple(map(_comparison_word, found))


def _overlap(a: Mapping[str, int], b: Mapping[str, int]) -> int:
    """Sum over the words of both of the smaller count (the minima taken in C, over the shared keys)."""
    common = a.keys() & b.keys()
    return sum(map(min, map(a.__getitem__, common), map(b.__getitem__, common))) if common else 0


def dice(a: Counter[str], b: Counter[str], na: int, nb: int) -> float:
    """Dice coefficient of two word multisets of ``na`` and ``nb`` words."""
    if na + nb == 0:
        return 1.0
    return 2.0 * _overlap(a, b) / (na + nb)


class _Bag:
    """An item's words as a multiset, for fast overlaps: its distinct words (the keys of its counts: a
    set view, made in no time), and for the words it has more than once, how many more (worked out
    when first needed: a bag never compared needs none)."""

    __slots__ = ("_extra", "counts", "distinct", "repeats", "size")

    def __init__(self, ws: Sequence[str]):
        self.counts: Counter[str] = Counter(ws)
        self.distinct = self.counts.keys()
        self.size = len(ws)
        self.repeats = self.size - len(self.counts)
        """How many words are repeats (the sum of ``extra``)."""
        self._extra: dict[str, int] | None = None

    @property
    def extra(self) -> dict[str, int]:
        """Word -> how many more times than once it occurs, for the words it has more than once."""
        extra = self._extra
        if extra is None:
            extra = self._extra = {w: n - 1 for w, n in self.counts.items() if n > 1} if self.repeats else {}
        return extra

    def overlap(self, other: _Bag) -> int:
        """Words the two multisets share (with multiplicity): the shared distinct words, plus the
        repeats both have (``min(a, b) = 1 + min(a - 1, b - 1)``)."""
        shared = len(self.distinct & other.distinct)
        if self.repeats and other.repeats:
            shared += _overlap(self.extra, other.extra)
        return shared


class _Side:
    """Per-item data for one draft, worked out when first needed: items matched by their exact text
    (most of a revision) never need their words."""

    def __init__(self, items: Sequence[AlignItem]):
        self.items = tuple(items)
        self._bags: list[_Bag | None] = [None] * len(self.items)
        self._words: list[tuple[str, ...] | None] = [None] * len(self.items)
        self._keys: list[str | None] = [None] * len(self.items)
        self._bigrams: dict[int, _Bag] = {}

    def words(self, i: int) -> tuple[str, ...]:
        ws = self._words[i]
        if ws is None:
            ws = self._words[i] = words(self.items[i].text)
        return ws

    def bag(self, i: int) -> _Bag:
        """The words of item ``i`` as a multiset."""
        bag = self._bags[i]
        if bag is None:
            bag = self._bags[i] = _Bag(self.words(i))
        return bag

    def size(self, i: int) -> int:
        """How many words item ``i`` has."""
        return self.bag(i).size

    def text_key(self, i: int) -> str:
        """Item ``i``'s text as written, if it has a word."""
        text = self.items[i].text
        return text if _WORD_CHAR.search(text) else ""

    def key(self, i: int) -> str:
        """Item ``i``'s words in one string: identical keys are no change at all."""
        key = self._keys[i]
        if key is None:
            key = self._keys[i] = " ".join(self.words(i))
        return key

    def bigrams(self, i: int) -> _Bag:
        """Word pairs of item ``i``."""
        bag = self._bigrams.get(i)
        if bag is None:
            w = self.words(i)
            bag = self._bigrams[i] = _Bag([f"{a} {b}" for a, b in zip(w, w[1:], strict=False)])
        return bag


@lru_cache(maxsize=1 << 16)
def _exact_key(text: str) -> str:
    """A text as the word diff compares it (whitespace runs as one space, one quote style)."""
    return "".join(token_key(t) for t in tokenize(text.strip()))


def _same_text(a: AlignItem, b: AlignItem) -> bool:
    return a.text == b.text or _exact_key(a.text) == _exact_key(b.text)


# ---------------------------------------------------------------------------------------------------
# Longest non-decreasing subsequence with weights (Fenwick tree over new positions)


def _stable_points(points: list[tuple[int, int, int]], n_new: int) -> set[tuple[int, int]]:
    """Of (old, new, weight) points (weights >= 0), the chain with non-decreasing old and new that keeps
    the most points, then the most weight. O(p log p).

    A chain's (points, weight) is one integer, ``points * scale + weight`` (``scale`` exceeds any
    chain's weight, so integers compare as the pairs do); the Fenwick tree over new positions keeps,
    per node, the best such score and the point that ends that chain, in two lists."""
    if not points:
        return set()
    pts = sorted(points)
    news = [n for _, n, _ in pts]
    if all(map(le, news, news[1:])):
        return {(o, n) for o, n, _ in pts}  # all in order already (the same texts, found in order)
    scale = sum(w for _, _, w in pts) + 1
    size = n_new + 1
    scores = [0] * (size + 1)
    ends = [-1] * (size + 1)
    prev = [-1] * len(pts)
    best_score, best_end = 0, -1
    for k, (_, n, w) in enumerate(pts):
        top, p = 0, -1  # the best chain ending at a new position <= n (the first found of equals)
        i = n + 1
        while i:
            if scores[i] > top:
                top, p = scores[i], ends[i]
            i &= i - 1
        prev[k] = p
        score = top + scale + w
        i = n + 1
        while i <= size:
            if score > scores[i]:
                scores[i], ends[i] = score, k
            i += i & -i
        if score > best_score:
            best_score, best_end = score, k
    chain = set()
    k = best_end
    while k >= 0:
        chain.add((pts[k][0], pts[k][1]))
        k = prev[k]
    return chain


def _document_frequency(side: _Side, positions: list[int]) -> Counter[str]:
    """Each word's number of the given items that have it."""
    return Counter(chain.from_iterable(side.bag(i).distinct for i in positions))


def _rarity(df: Counter[str]) -> dict[str, int]:
    """Each word's rank from the rarest (in the fewest items; ties alphabetical), by its number of
    items ``df``."""
    ranked = sorted(df)  # alphabetical, then (stable) by how many items have it
    ranked.sort(key=df.__getitem__)
    return {w: k for k, w in enumerate(ranked)}


def _common_in_order(a: str, b: str) -> list[tuple[int, int]]:
    """Positions (in ``a``, in ``b``) of a longest common subsequence of two strings."""
    pairs: list[tuple[int, int]] = []
    i = j = 0
    for op, text in diff_strings(a, b):
        if op == 0:
            pairs.extend(zip(range(i, i + len(text)), range(j, j + len(text)), strict=True))
        if op != 1:
            i += len(text)
        if op != -1:
            j += len(text)
    return pairs


def _postings(side: _Side, positions: Iterable[int], wanted: set[str]) -> dict[str, list[int]]:
    """Word -> the given items that have it, in order, for the ``wanted`` words."""
    post: dict[str, list[int]] = defaultdict(list)
    for i in positions:
        for w in side.bag(i).distinct & wanted:
            post[w].append(i)
    return post


def _found_most(found: list[int], width: int, k: int) -> list[int]:
    """The ``k`` items (integers below ``width``) that occur the most often in ``found``, ties going to the
    lowest, in that order. Only the items found at least as often as the k-th are sorted: their
    number of occurrences, counted in C, says which (most items are found once or twice)."""
    counts = Counter(found)
    least = 1  # how often the k-th most found item is found
    if len(counts) > k:
        times = Counter(counts.values())  # how many items are found so many times
        more = 0
        for least in sorted(times, reverse=True):
            more += times[least]
            if more >= k:
                break
    found_most = compress(counts, map(ge, counts.values(), repeat(least))) if least > 1 else counts
    # the most found first, then the lowest: one integer key each, o - count * width
    keys = sorted([o - counts[o] * width for o in found_most])
    return [key % width for key in keys[:k]]


def _gaps(stable: Iterable[tuple[int, int]], old_items: Iterable[int], new_items: Iterable[int]
          ) -> tuple[dict[int, list[int]], dict[int, list[int]]]:
    """The given old and new positions grouped by the gap between in-order points they fall in (gap g
    lies after the g-th point of the chain)."""
    chain = sorted(stable)
    olds = [o for o, _ in chain]
    news = [n for _, n in chain]
    gap_old: dict[int, list[int]] = defaultdict(list)
    gap_new: dict[int, list[int]] = defaultdict(list)
    for o in old_items:
        gap_old[bisect.bisect_right(olds, o)].append(o)
    for n in new_items:
        gap_new[bisect.bisect_right(news, n)].append(n)
    return gap_old, gap_new


# ---------------------------------------------------------------------------------------------------
# The alignment


class _Aligner:
    def __init__(self, old_items: Sequence[AlignItem], new_items: Sequence[AlignItem]):
        self.old = _Side(old_items)
        self.new = _Side(new_items)
        self.o2n: dict[int, int] = {}  # one-to-one matches
        self.n2o: dict[int, int] = {}
        self.splits: dict[int, list[int]] = {}  # old -> new parts
        self.merges: dict[int, list[int]] = {}  # new -> old parts
        self._sim_cache: dict[tuple[int, int], float] = {}
        self.placed_old: set[int] = set()  # matched in uneven gaps (``in_place``)
        self.placed_new: set[int] = set()
        self.gap_partners: dict[int, list[int]] = {}  # old item left in such a gap -> the new items matched there

    # -- similarity ---------------------------------------------------------------------------------

    def sim(self, o: int, n: int) -> float:
        key = (o, n)
        s = self._sim_cache.get(key)
        if s is None and self.old.items[o].text == self.new.items[n].text:
            s = self._sim_cache[key] = 1.0
        if s is None:
            a, b = self.old.bag(o), self.new.bag(n)
            total = a.size + b.size
            s = 1.0 if total == 0 else 2.0 * a.overlap(b) / total
            self._sim_cache[key] = s
        return s

    def sim_reaching(self, o: int, n: int, threshold: float) -> float:
        """``sim(o, n)``, or 0.0 when it is certainly below ``threshold``: the shared distinct words
        and as many repeats as the one with fewer has cannot reach it (then the repeats, most of the
        work, are not compared, and nothing is cached)."""
        s = self._sim_cache.get((o, n))
        if s is not None:
            return s
        a, b = self.old.bag(o), self.new.bag(n)
        total = a.size + b.size
        if total and self.old.items[o].text != self.new.items[n].text:
            shared = len(a.distinct & b.distinct)
            if 2.0 * (shared + min(a.repeats, b.repeats)) / total < threshold:
                return 0.0
            if a.repeats and b.repeats:
                shared += _overlap(a.extra, b.extra)
            s = self._sim_cache[(o, n)] = 2.0 * shared / total  # as sim works it out
            return s
        return self.sim(o, n)

    @staticmethod
    def contained(part: _Bag, whole: _Bag) -> float:
        """Share of ``part``'s words found in ``whole``."""
        return part.overlap(whole) / part.size if part.size else 0.0

    def pairs_found(self, part_side: _Side, i: int, whole_side: _Side, j: int) -> bool:
        """Whether enough of item ``i``'s word pairs are found in item ``j`` of the other draft too (for
        an item most of whose words are there: common words alone make a short item look contained)."""
        pairs = part_side.bigrams(i)
        return not pairs.size or self.contained(pairs, whole_side.bigrams(j)) >= CONTAIN_PAIRS_THRESHOLD

    def match(self, o: int, n: int) -> None:
        self.o2n[o] = n
        self.n2o[n] = o

    def matched_old(self) -> set[int]:
        return set(self.o2n) | set(self.splits) | {o for ps in self.merges.values() for o in ps}

    def matched_new(self) -> set[int]:
        return set(self.n2o) | set(self.merges) | {n for ps in self.splits.values() for n in ps}

    # -- stage 1 ------------------------------------------------------------------------------------

    def known(self, pairs: Iterable[tuple[int, int]]) -> None:
        for o, n in pairs:
            if o not in self.o2n and n not in self.n2o:
                self.match(o, n)

    def same_texts(self) -> None:
        """The most paragraphs, in order, whose texts are the same: a diff of the two drafts'
        sequences of texts (unchanged paragraphs, and repeated ones where they stood: ``No text`` is
        paired with the ``No text`` in its place, however often the draft repeats it). For drafts too
        long for that, texts unique in both drafts first, then the same texts in order between them."""
        olds = [o for o in range(len(self.old.items)) if o not in self.o2n]
        news = [n for n in range(len(self.new.items)) if n not in self.n2o]
        if len(olds) * len(news) <= MAX_ORDER_CELLS:
            self._in_order(olds, news)
            return
        self._unique_pairs(_Side.text_key)
        stable = _stable_points([(o, n, 1) for o, n in self.o2n.items()], len(self.new.items))
        gap_old, gap_new = _gaps(stable, (o for o in olds if o not in self.o2n), (n for n in news if n not in self.n2o))
        for g, gap in gap_old.items():
            if len(gap) * len(gap_new.get(g, ())) <= MAX_ORDER_CELLS:
                self._in_order(gap, gap_new.get(g, []))

    def _in_order(self, olds: list[int], news: list[int]) -> None:
        """Match the items of the longest common subsequence of the two lists' texts."""
        old_texts = [self.old.items[o].text for o in olds]
        new_texts = [self.new.items[n].text for n in news]
        # one character for each distinct text, in order of first appearance: the sequences diff as strings
        codes = dict(zip(dict.fromkeys(chain(old_texts, new_texts)), map(chr, count()), strict=False))
        a = "".join(map(codes.__getitem__, old_texts))
        b = "".join(map(codes.__getitem__, new_texts))
        for i, j in _common_in_order(a, b):
            self.match(olds[i], news[j])

    def anchors(self) -> None:
        """Items still unmatched whose words occur once in each draft (moved, or another quote style
        or punctuation)."""
        self._unique_pairs(_Side.key)

    def _unique_pairs(self, key_of: Callable[[_Side, int], str]) -> None:
        old_by_key = self._by_key(self.old, self.o2n, key_of)
        new_by_key = self._by_key(self.new, self.n2o, key_of)
        for k, olds in old_by_key.items():
            news = new_by_key.get(k)
            if news and len(olds) == 1 and len(news) == 1:
                self.match(olds[0], news[0])

    @staticmethod
    def _by_key(side: _Side, taken: dict[int, int], key_of: Callable[[_Side, int], str]) -> dict[str, list[int]]:
        """Unmatched items by their key, in order (items without words have none)."""
        out: dict[str, list[int]] = defaultdict(list)
        for i in range(len(side.items)):
            if i not in taken:
                k = key_of(side, i)
                if k:
                    out[k].append(i)
        return out

    def in_place(self) -> None:
        """Unmatched items that stand between the same two matched neighbours in both drafts, as many
        on each side, each strongly similar to its counterpart in order: the same paragraphs, edited in
        place (most edited paragraphs: found before the word index is built for the rest). In the
        other gaps between matched neighbours (a paragraph added, deleted or moved there as well), the
        strongly similar pairs in order."""
        for olds, news in self._place_gaps():
            if len(olds) == len(news):
                pairs = list(zip(olds, news, strict=True))
                if all(self.sim(o, n) >= STRONG_PAIR_THRESHOLD for o, n in pairs):
                    for o, n in pairs:
                        self.match(o, n)
                    continue
            if len(olds) * len(news) <= MAX_PLACE_CELLS:
                placed = self._pair_in_order(olds, news, self._strong_sim, STRONG_PAIR_THRESHOLD)
                for o, n in placed:
                    self.match(o, n)
                    self.placed_old.add(o)
                    self.placed_new.add(n)
                if placed:
                    partners = [n for _, n in placed]
                    for o in olds:
                        if o not in self.o2n:
                            self.gap_partners[o] = partners

    def _strong_sim(self, o: int, n: int) -> float:
        """The similarity of two items if they may be a strong similar pair, else 0.0."""
        na, nb = self.old.size(o), self.new.size(n)
        if na < MIN_FAR_WORDS or nb < MIN_FAR_WORDS or 2 * min(na, nb) < STRONG_PAIR_THRESHOLD * (na + nb):
            return 0.0
        return self.sim_reaching(o, n, STRONG_PAIR_THRESHOLD)

    def _place_gaps(self) -> Iterable[tuple[list[int], list[int]]]:
        """The unmatched items of each gap between matched neighbours kept in order that has some on
        both sides: (old items, new items)."""
        stable = _stable_points([(o, n, 1) for o, n in self.o2n.items()], len(self.new.items))
        gap_old, gap_new = _gaps(stable, (o for o in range(len(self.old.items)) if o not in self.o2n),
                                 (n for n in range(len(self.new.items)) if n not in self.n2o))
        for g, olds in gap_old.items():
            news = gap_new.get(g)
            if news:
                yield olds, news

    def _even_gaps(self) -> Iterable[list[tuple[int, int]]]:
        """For each gap between matched neighbours kept in order that has as many unmatched items on
        each side, its items paired in order."""
        for olds, news in self._place_gaps():
            if len(olds) == len(news):
                yield list(zip(olds, news, strict=True))

    # -- stage 2 ------------------------------------------------------------------------------------

    def candidates(self) -> dict[int, list[int]]:
        """For each unmatched new item, the old items that share its rarest words or whose rarest
        words it has (both ways, so that a short part finds the long whole and the whole its parts).
        Every posting list is a word's items; lists longer than ``MAX_POSTINGS`` are not scanned.
        The old items looked at, and the words' rarity, include the pairs ``in_place`` took in uneven
        gaps (the whole of a split may be one of them): as if they were still unmatched, which the
        other stages then see they are not."""
        old, new = self.old, self.new
        placed_old, placed_new = self.placed_old, self.placed_new
        old_free = [o for o in range(len(old.items)) if o not in self.o2n or o in placed_old]
        new_open = [n for n in range(len(new.items)) if n not in self.n2o or n in placed_new]
        new_free = [n for n in new_open if n not in self.n2o]
        new_df = _document_frequency(new, new_open)
        rank = _rarity(_document_frequency(old, old_free) + new_df)

        def rarest(side: _Side, i: int) -> list[str]:
            return sorted(side.bag(i).distinct, key=rank.__getitem__)[:RARE_WORDS_PER_ITEM]

        rare_old: dict[str, list[int]] = defaultdict(list)  # word -> old items that have it among their rarest
        for o in old_free:
            for w in rarest(old, o):
                rare_old[w].append(o)
        rare_new = {n: rarest(new, n) for n in new_free}
        old_post = _postings(old, old_free, set(chain.from_iterable(rare_new.values())))
        cands: dict[int, list[int]] = {}
        width = len(old.items) + 1
        for n in new_free:
            found: list[int] = []  # each old item once for each word by which it is found
            for w in rare_new[n]:
                plist = old_post.get(w)
                if plist and len(plist) <= MAX_POSTINGS:
                    found += plist  # old items that have one of its rarest words
            for w in rare_old.keys() & new.bag(n).distinct:
                if new_df[w] <= MAX_POSTINGS:
                    found += rare_old[w]  # old items one of whose rarest words it has
            if found:
                cands[n] = _found_most(found, width, CANDIDATES_PER_ITEM)
        return cands

    def expected_new(self, olds: Iterable[int]) -> dict[int, float]:
        """For the given old positions, where each would stand in the new draft judging by the nearest
        preceding match (for breaking ties between identical paragraphs)."""
        anchors = sorted(self.o2n.items())
        anchor_olds = [o for o, _ in anchors]
        ratio = len(self.new.items) / max(1, len(self.old.items))
        exp: dict[int, float] = {}
        for o in olds:
            k = bisect.bisect_right(anchor_olds, o) - 1
            if k >= 0:
                ao, an = anchors[k]
                exp[o] = an + (o - ao)
            else:
                exp[o] = o * ratio
        return exp

    def similar_pairs(self, cands: dict[int, list[int]], threshold: float) -> None:
        o2n, n2o, old_bag, new_bag, reaching = self.o2n, self.n2o, self.old.bag, self.new.bag, self.sim_reaching
        similar = []
        for n, olds in cands.items():
            if n in n2o:
                continue
            nb = new_bag(n).size
            if nb < MIN_FAR_WORDS:
                continue
            for o in olds:
                if o in o2n:
                    continue
                na = old_bag(o).size
                if na < MIN_FAR_WORDS or 2 * min(na, nb) < threshold * (na + nb):
                    continue  # too short, or too different in length to be that similar
                s = reaching(o, n, threshold)
                if s >= threshold:
                    similar.append((s, o, n))
        exp = self.expected_new({o for _, o, _ in similar})
        scored = sorted([(-round(s, 9), abs(exp[o] - n), o, n) for s, o, n in similar])
        in_groups_old = set(self.splits) | {o for parts in self.merges.values() for o in parts}
        in_groups_new = set(self.merges) | {n for parts in self.splits.values() for n in parts}
        for _, _, o, n in scored:
            if o not in o2n and n not in n2o and o not in in_groups_old and n not in in_groups_new:
                self.match(o, n)

    # -- stage 3 ------------------------------------------------------------------------------------

    def splits_and_merges(self, cands: dict[int, list[int]]) -> None:
        old, new = self.old, self.new
        # Splits: unmatched new items contained in one old item.
        split_parts: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for n, olds in cands.items():
            if n not in self.n2o and new.size(n) >= MIN_PART_WORDS:
                best = self._container(new, n, old, olds)
                if best:
                    split_parts[best[1]].append((best[0], n))
        for o, parts in sorted(split_parts.items()):
            group = self._group(old, o, self.o2n, parts, new)
            if group is not None:
                self.splits[o] = group

        # Merges: unmatched old items contained in one new item.
        in_split_new = {n for parts in self.splits.values() for n in parts}
        rev: dict[int, list[int]] = defaultdict(list)
        for n, olds in cands.items():
            for o in olds:
                rev[o].append(n)
        merge_parts: dict[int, list[tuple[float, int]]] = defaultdict(list)
        for o in range(len(old.items)):
            if o in self.o2n or o in self.splits or old.size(o) < MIN_PART_WORDS:
                continue
            best = self._container(old, o, new, [n for n in self._news_sharing(o, rev) if n not in in_split_new])
            if best:
                merge_parts[best[1]].append((best[0], o))
        for n, parts in sorted(merge_parts.items()):
            group = self._group(new, n, self.n2o, parts, old)
            if group is not None:
                self.merges[n] = group

    def _container(self, part_side: _Side, i: int, whole_side: _Side,
                   wholes: Iterable[int]) -> tuple[float, int] | None:
        """The item of ``wholes`` (in the other draft) that contains most of item ``i``, if any does: the
        largest share of its words found there (``contained``, >= ``CONTAIN_THRESHOLD``), its word
        pairs found there too (``pairs_found``)."""
        part = part_side.bag(i)
        size = part.size
        if not size:
            return None
        best = None
        whole_bag = whole_side.bag
        distinct, repeats = part.distinct, part.repeats
        # Most items looked at here contain too little of it: the share of its words is worked out in
        # place (``_Bag.overlap``), the repeats only when it may reach the threshold with them.
        for j in wholes:
            whole = whole_bag(j)
            if whole.size / size < CONTAIN_THRESHOLD:
                continue  # too short to hold that share of its words (the share is at most this)
            shared = len(distinct & whole.distinct)
            if repeats and whole.repeats:
                if (shared + min(repeats, whole.repeats)) / size < CONTAIN_THRESHOLD:
                    continue
                shared += _overlap(part.extra, whole.extra)
            c = shared / size
            if c < CONTAIN_THRESHOLD or (best is not None and c <= best[0]):
                continue
            if self.pairs_found(part_side, i, whole_side, j):
                best = (c, j)
        return best

    def _group(self, whole_side: _Side, w: int, partners: dict[int, int], found: list[tuple[float, int]],
               part_side: _Side) -> list[int] | None:
        """The parts (of ``part_side``) of a split or merge of item ``w``, unmatching ``w`` from its
        one-to-one partner when that partner is one of the parts; None when they do not make it up."""
        partner = partners.get(w)
        if partner is not None and self.contained(part_side.bag(partner), whole_side.bag(w)) < 0.5:
            partner = None  # its partner is not a part of it: the others may still be
        parts = self._make_up(whole_side.bag(w), partner, found, part_side)
        if parts is None or (partner is not None and partner not in parts):
            return None
        if partner is not None:
            if whole_side is self.old:
                del self.o2n[w]
                del self.n2o[partner]
            else:
                del self.n2o[w]
                del self.o2n[partner]
        return parts

    def _news_sharing(self, o: int, rev: dict[int, list[int]]) -> list[int]:
        """New items that may contain old item ``o``: those that had it as a candidate, those matched
        in its uneven gap (``in_place``: they have no candidates), plus the partners of its neighbours
        (a merge usually joins a paragraph with the next or previous)."""
        found = set(rev.get(o, ()))
        found.update(self.gap_partners.get(o, ()))
        for d in (-1, 1):
            n = self.o2n.get(o + d)
            if n is not None:
                found.add(n)
        return sorted(found)

    @staticmethod
    def _make_up(whole: _Bag, partner: int | None, found: list[tuple[float, int]], side: _Side) -> list[int] | None:
        """The parts (of ``side``) that together make up ``whole``: its partner if it has one, then
        the items found in it, most contained first, each kept only if at least half of its words
        are words of ``whole`` not yet covered (a copy of text already there is no part of a split).
        None unless at least two parts cover most (60 %) of it."""
        if whole.size == 0:
            return None
        chosen: list[int] = []
        wanted = whole.counts
        taken: dict[str, int] = {}  # of the words of ``whole``, how many the chosen parts have
        covered = 0  # how many of its words they cover (the sum over its words of the smaller count)
        by_share = [i for _, i in sorted(found, key=lambda ci: (-ci[0], ci[1]))]
        order = ([partner] if partner is not None else []) + by_share
        for i in order:
            bag = side.bag(i).counts
            shared = bag.keys() & wanted.keys()
            gain = 0  # the words of ``whole`` it covers beyond those covered: its words alone count
            for w in shared:
                had, need = taken.get(w, 0), wanted[w]
                gain += min(had + bag[w], need) - min(had, need)
            if gain >= 0.5 * side.size(i):
                chosen.append(i)
                for w in shared:
                    taken[w] = taken.get(w, 0) + bag[w]
                covered += gain
        if len(chosen) < 2 or covered / whole.size < 0.6:
            return None
        return sorted(chosen)

    # -- stage 4 and 5 ------------------------------------------------------------------------------

    def points(self) -> list[tuple[int, int, int]]:
        """The matches as (old, new, weight) points; the weight, the text's length, breaks ties
        between chains of as many points (the chain with the most text stays in place)."""
        old, new = self.old.items, self.new.items
        pts = [(o, n, len(old[o].text) + len(new[n].text)) for o, n in self.o2n.items()]
        for o, parts in self.splits.items():
            for n in parts:
                pts.append((o, n, len(new[n].text)))
        for n, parts in self.merges.items():
            for o in parts:
                pts.append((o, n, len(old[o].text)))
        return pts

    def gaps(self) -> None:
        stable = _stable_points(self.points(), len(self.new.items))
        matched_old, matched_new = self.matched_old(), self.matched_new()
        gap_old, gap_new = _gaps(stable, (o for o in range(len(self.old.items)) if o not in matched_old),
                                 (n for n in range(len(self.new.items)) if n not in matched_new))
        for g in sorted(gap_old):
            olds, news = gap_old[g], gap_new.get(g, [])
            if not news or len(olds) * len(news) > MAX_GAP_CELLS:
                continue
            for o, n in self._pair_in_order(olds, news, self._gap_sim, GAP_THRESHOLD):
                self.match(o, n)

    @staticmethod
    def _pair_in_order(olds: list[int], news: list[int], sim: Callable[[int, int], float],
                       threshold: float) -> list[tuple[int, int]]:
        """Order-preserving pairing of a gap's items maximising their total similarity ``sim``, of
        pairs at least ``threshold`` similar (small DP)."""
        a, b = len(olds), len(news)
        sims = [[sim(o, n) for n in news] for o in olds]
        if not any(s >= threshold for row in sims for s in row):
            return []  # no pair similar enough (most gaps)
        score = [[0.0] * (b + 1) for _ in range(a + 1)]
        for i in range(a - 1, -1, -1):
            for j in range(b - 1, -1, -1):
                best = max(score[i + 1][j], score[i][j + 1])
                s = sims[i][j]
                if s >= threshold:
                    best = max(best, s + score[i + 1][j + 1])
                score[i][j] = best
        pairs = []
        i = j = 0
        while i < a and j < b:
            s = sims[i][j]
            if s >= threshold and abs(score[i][j] - (s + score[i + 1][j + 1])) < 1e-12:
                pairs.append((olds[i], news[j]))
                i += 1
                j += 1
            elif abs(score[i][j] - score[i + 1][j]) < 1e-12:
                i += 1
            else:
                j += 1
        return pairs

    def _gap_sim(self, o: int, n: int) -> float:
        """The similarity of two items in one gap, as the pairing in order counts it; a value below
        ``GAP_THRESHOLD`` counts as nothing (``_pair_in_order``), so one certainly below it is given as
        it comes (most of a gap's pairs: on the Geneva -> 23 Oct pair 13,773 of 14,460), without the
        full count of shared words."""
        na, nb = self.old.size(o), self.new.size(n)
        if na == 0 and nb == 0:
            # Items without words (a label alone, ``[...]``): same when the texts are the same.
            return 1.0 if _same_text(self.old.items[o], self.new.items[n]) else 0.0
        a, b = self.old.items[o], self.new.items[n]
        if a.label is not None and a.label == b.label:
            # In its place, the same label is evidence too: (b) between the same neighbours is (b).
            s = self.sim(o, n) + SAME_LABEL_BONUS
            if a.kind == b.kind == "heading":
                # A heading keeps its number in its place while its (short) title is reworded.
                s = max(s, GAP_THRESHOLD)
            return s
        if 2 * min(na, nb) < GAP_THRESHOLD * (na + nb):
            return 0.0  # too different in length (the similarity is at most 2 min / sum)
        return self.sim_reaching(o, n, GAP_THRESHOLD)

    def same(self, o: int, n: int) -> bool:
        """Whether the two items' texts are the same but for whitespace and quote style."""
        a, b = self.old.items[o], self.new.items[n]
        return a.text == b.text or (self.old.key(o) == self.new.key(n) and _same_text(a, b))

    def _send(self, pool: DiffPool | None, sent: dict[tuple[int, int], tuple[int, int]]) -> None:
        """Send the pairs matched so far whose texts differ (and not sent yet) to the pool's copies;
        ``sent``: pair -> (batch, place in it)."""
        if pool is None or not pool.copies:
            return
        differ = [(o, n) for o, n in self.o2n.items() if (o, n) not in sent and not self.same(o, n)]
        _submit(pool, self.old.items, self.new.items, differ, sent)

    def _words_shared(self, pool: DiffPool | None, sent: dict[tuple[int, int], tuple[int, int]]) -> None:
        """The words of the items still unmatched (all needed from here on), the new draft's worked out
        by a copy of the pool's while the old draft's are worked out here (and then the new draft's
        the copy has not got to). Sent to the copy right after: the word diffs of the pairs ``in_place``
        will most likely take (``_send_guess``)."""
        if pool is None or not pool.copies:
            return
        news = [n for n in range(len(self.new.items)) if n not in self.n2o]
        answer = pool.map(words, [self.new.items[n].text for n in news])
        self._send_guess(pool, sent)
        for o in range(len(self.old.items)):
            if o not in self.o2n:
                self.old.words(o)
        for n, ws in zip(news, answer(), strict=True):
            self.new._words[n] = ws

    def _send_guess(self, pool: DiffPool, sent: dict[tuple[int, int], tuple[int, int]]) -> None:
        """Send the pairs in order of the even gaps ``in_place`` looks at (before anchors and similarity
        are known: on the benchmark's L pair 2,136 pairs, of which 2,078 are in the alignment in the
        end), so that the copy diffs them while this process works out words, anchors and the pairs
        in place. A diff nobody needs in the end is left unused."""
        _submit(pool, self.old.items, self.new.items, [pair for pairs in self._even_gaps() for pair in pairs], sent)

    def run(self, known: Iterable[tuple[int, int]] = (), workers: int = 1,
            pool: DiffPool | None = None) -> tuple[AlignedPair, ...]:
        self.known(known)
        self.same_texts()
        early: dict[tuple[int, int], tuple[int, int]] = {}
        self._words_shared(pool, early)
        self.anchors()
        self.in_place()
        # Most edited paragraphs are paired by now, most of the rest after the strong similar pairs:
        # their word diffs go to the pool's copies while the rest is aligned here.
        self._send(pool, early)
        cands = self.candidates()
        self.similar_pairs(cands, STRONG_PAIR_THRESHOLD)
        self._send(pool, early)
        self.splits_and_merges(cands)
        self.similar_pairs(cands, PAIR_THRESHOLD)
        self.gaps()
        stable = _stable_points(self.points(), len(self.new.items))
        return _Records(self, stable).all(workers, pool, early)


def _submit(pool: DiffPool, old_items: Sequence[AlignItem], new_items: Sequence[AlignItem],
            pairs: list[tuple[int, int]], sent: dict[tuple[int, int], tuple[int, int]]) -> None:
    """Send the word diffs of the (old, new) ``pairs`` to the pool as one batch, each pair's place
    recorded in ``sent``: pair -> (batch, place in it)."""
    batch = pool.submit([(old_items[o].text, new_items[n].text) for o, n in pairs])
    sent.update({pair: (batch, k) for k, pair in enumerate(pairs)})


class _Records:
    """The alignment written out as ``AlignedPair`` records, in the new draft's order."""

    def __init__(self, aligner: _Aligner, stable: set[tuple[int, int]]):
        self.a = aligner
        self.stable = stable
        self.old_items = aligner.old.items
        self.new_items = aligner.new.items
        self.out: list[tuple[tuple[int, int, int], AlignedPair]] = []
        self.diffs: dict[tuple[int, int], tuple[Chunk, ...]] = {}

    def renumbered(self, o: int, n: int) -> bool:
        a, b = self.old_items[o], self.new_items[n]
        return a.label is not None and b.label is not None and a.ref != b.ref

    def all(self, workers: int = 1, pool: DiffPool | None = None,
            early: Mapping[tuple[int, int], tuple[int, int]] | None = None) -> tuple[AlignedPair, ...]:
        differ: list[tuple[int, int]] = []  # the pairs whose texts differ
        same: list[tuple[int, int]] = []
        for o, n in self.a.o2n.items():
            (same if self.a.same(o, n) else differ).append((o, n))
        sent = self.send_rest(differ, pool, early or {}) if pool is not None and pool.copies else None
        # The records that need no pair's word diff first: with a pool, while its copies still diff.
        for o, parts in self.a.splits.items():
            self.group([o], parts, SPLIT)
        for n, parts in self.a.merges.items():
            self.group(parts, [n], MERGED)
        self.unmatched()
        for o, n in same:
            self.pair(o, n)
        if pool is None or sent is None:
            self.diffs = dict(zip(differ, word_diffs(self.texts(differ), workers), strict=True))
        else:
            self.diffs = {pair: pool.result(batch)[k] for pair, (batch, k) in sent.items()}
        for o, n in differ:
            self.pair(o, n)
        self.out.sort(key=lambda kr: kr[0])  # (no two records have the same key)
        return tuple(rec for _, rec in self.out)

    def texts(self, pairs: Iterable[tuple[int, int]]) -> list[tuple[str, str]]:
        return [(self.old_items[o].text, self.new_items[n].text) for o, n in pairs]

    def send_rest(self, differ: list[tuple[int, int]], pool: DiffPool,
                  early: Mapping[tuple[int, int], tuple[int, int]]) -> dict[tuple[int, int], tuple[int, int]]:
        """Send the pairs to diff that were not sent early (one batch for each copy); each pair of
        ``differ`` -> (batch, place in it). When their diffs are asked for
        (``DiffPool.result``), this process works through them from the last while the copies work
        from the first. (Pairs sent early that are no longer paired, or have the same texts, are left
        unused.)"""
        rest = [pair for pair in differ if pair not in early]
        share = max(1, -(-len(rest) // pool.copies))
        sent = dict(early)
        for start in range(0, len(rest), share):
            _submit(pool, self.old_items, self.new_items, rest[start : start + share], sent)
        return {pair: sent[pair] for pair in differ}

    def pair(self, o: int, n: int) -> None:
        a, b = self.old_items[o], self.new_items[n]
        changes = self.diffs.get((o, n))
        if changes is None:  # the same text but for whitespace and quote style (``same``)
            changes = (Chunk(EQUAL, b.text),) if b.text else ()
            edited = False
        else:
            edited = any(c.op != EQUAL for c in changes)
        moved = (o, n) not in self.stable
        ren = self.renumbered(o, n)
        status = MOVED if moved else MODIFIED if edited else RENUMBERED if ren else UNCHANGED
        rec = AlignedPair(a.ref, b.ref, status, changes, edited, moved, ren, (a.ref,), (b.ref,),
                          1.0 if a.text == b.text else round(self.a.sim(o, n), 4), o, n)
        self.out.append(((n, 0, o), rec))

    def group(self, olds: list[int], news: list[int], status: str) -> None:
        """A split (one old, several new) or a merge (several old, one new): one record per part."""
        old_side, new_side = self.a.old, self.a.new
        segs = word_diff_parts(tuple(self.old_items[o].text for o in olds), tuple(self.new_items[n].text for n in news))
        group_old = tuple(self.old_items[o].ref for o in olds)
        group_new = tuple(self.new_items[n].ref for n in news)
        union_old = Counter(chain.from_iterable(map(old_side.words, olds)))  # the group's words
        union_new = Counter(chain.from_iterable(map(new_side.words, news)))
        sim = round(dice(union_old, union_new, sum(union_old.values()), sum(union_new.values())), 4)
        parts = [(olds[0], n) for n in news] if status == SPLIT else [(o, news[0]) for o in olds]
        for (o, n), seg in zip(parts, segs, strict=True):
            edited = any(c.op != EQUAL for c in seg)
            rec = AlignedPair(self.old_items[o].ref, self.new_items[n].ref, status, seg, edited,
                              (o, n) not in self.stable, self.renumbered(o, n), group_old, group_new, sim, o, n)
            self.out.append(((n, 0, o), rec))

    def unmatched(self) -> None:
        """Deleted items stand after the new place of their nearest preceding old item kept in place;
        added ones in their place."""
        matched_old, matched_new = self.a.matched_old(), self.a.matched_new()
        stable_sorted = sorted(self.stable)
        stable_olds = [o for o, _ in stable_sorted]
        for o, a in enumerate(self.old_items):
            if o in matched_old:
                continue
            k = bisect.bisect_right(stable_olds, o) - 1
            anchor_new = stable_sorted[k][1] if k >= 0 else -1
            rec = AlignedPair(a.ref, None, DELETED, (Chunk(DELETE, a.text),) if a.text else (), True,
                              False, False, (a.ref,), (), 0.0, o, None)
            self.out.append(((anchor_new, 1, o), rec))
        for n, b in enumerate(self.new_items):
            if n in matched_new:
                continue
            rec = AlignedPair(None, b.ref, ADDED, (Chunk(INSERT, b.text),) if b.text else (), True,
                              False, False, (), (b.ref,), 0.0, None, n)
            self.out.append(((n, 0, -1), rec))


def align(old_items: Sequence[AlignItem], new_items: Sequence[AlignItem],
          known: Iterable[tuple[int, int]] = (), workers: int = 1,
          pool: DiffPool | None = None) -> tuple[AlignedPair, ...]:
    """Align two sequences of items; the records come in the new draft's order, each deleted item
    after the place where its old predecessor went. ``known`` are (old, new) positions already known
    to be the same item (taken first, as they are); ``workers`` > 1 shares the word diffs of the
    pairs with forked processes (``worddiff.word_diffs``: for a command); a ``pool``'s copies, made
    earlier (``worddiff.DiffPool``), take them instead, the most of them while the rest is aligned."""
    return _Aligner(old_items, new_items).run(known, workers, pool)


def concordance(pairs: Sequence[AlignedPair]) -> dict[str, tuple[str, ...]]:
    """Old reference -> new references it went to (``()`` when deleted), in old order."""
    out: dict[str, list[str]] = {}
    order: dict[str, int] = {}
    for p in pairs:
        if p.old is None:
            continue
        order[p.old] = p.old_index if p.old_index is not None else 0
        lst = out.setdefault(p.old, [])
        if p.new is not None and p.new not in lst:
            lst.append(p.new)
    return {k: tuple(out[k]) for k in sorted(out, key=lambda r: order[r])}
