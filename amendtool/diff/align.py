"""Aligning the paragraphs (or headings) of two drafts by content.

Works on plain sequences of ``AlignItem`` (a reference, a label, a normalised text and a kind), so it
does not depend on the parser; ``compare.py`` builds the items from parsed drafts.

Every old item ends in exactly one of: unchanged, renumbered, modified, moved, split (into several new
items), merged (with other old items into one new item) or deleted; every new item not accounted for
is added. The stages, none quadratic in the number of paragraphs:

1. **Anchors**: texts that occur exactly once in each draft and are identical.
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
   most items (ties: the most text) in place; only the matches outside it are moved. So a paragraph is
   moved only when it changed its place relative to its aligned neighbours.

Word-level changes inside each pair come from ``worddiff``.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from amendtool.diff.worddiff import DELETE, EQUAL, INSERT, Chunk, token_key, tokenize, word_diff, word_diff_parts

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

UNCHANGED = "unchanged"
RENUMBERED = "renumbered"
MODIFIED = "modified"
MOVED = "moved"
SPLIT = "split"
MERGED = "merged"
DELETED = "deleted"
ADDED = "added"
STATUSES = (UNCHANGED, RENUMBERED, MODIFIED, MOVED, SPLIT, MERGED, DELETED, ADDED)


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

_WORD_RE = re.compile(r"\w", re.UNICODE)


_SUFFIX_RE = re.compile(r"(?<=[a-z]{3})(?:ing|ed|es|s)$")


def stem(word: str) -> str:
    """A light stem for comparison: ``increasing``, ``increased`` and ``increases`` -> ``increas``."""
    return _SUFFIX_RE.sub("", word)


@lru_cache(maxsize=1 << 16)
def words(text: str) -> tuple[str, ...]:
    """The comparison words of a text: word tokens (one per character for scripts written without
    spaces), case-folded and lightly stemmed; punctuation, brackets and whitespace left out."""
    return tuple(stem(t.casefold()) for t in tokenize(text) if _WORD_RE.match(t))


def _overlap(a: Counter, b: Counter) -> int:
    if len(a) > len(b):
        a, b = b, a
    return sum(min(n, b[w]) for w, n in a.items() if w in b)


def dice(a: Counter, b: Counter, na: int, nb: int) -> float:
    if na + nb == 0:
        return 1.0
    return 2.0 * _overlap(a, b) / (na + nb)


class _Side:
    """Precomputed per-item data for one draft."""

    def __init__(self, items: Sequence[AlignItem]):
        self.items = tuple(items)
        self.words = [words(it.text) for it in self.items]
        self.bags = [Counter(w) for w in self.words]
        self.sizes = [len(w) for w in self.words]
        self.keys = [" ".join(w) for w in self.words]  # identical keys: no change at all
        self._bigrams: dict[int, Counter] = {}

    def bigrams(self, i: int) -> Counter:
        """Word pairs of item ``i`` (computed when first needed)."""
        bag = self._bigrams.get(i)
        if bag is None:
            w = self.words[i]
            bag = self._bigrams[i] = Counter(zip(w, w[1:]))
        return bag


@lru_cache(maxsize=1 << 16)
def _exact_key(text: str) -> str:
    """A text as the word diff compares it (whitespace runs as one space, one quote style)."""
    return "".join(token_key(t) for t in tokenize(text.strip()))


def _same_text(a: AlignItem, b: AlignItem) -> bool:
    return _exact_key(a.text) == _exact_key(b.text)


# ---------------------------------------------------------------------------------------------------
# Longest non-decreasing subsequence with weights (Fenwick tree over new positions)


def _stable_points(points: list[tuple[int, int, int]], n_new: int) -> set[tuple[int, int]]:
    """Of (old, new, weight) points, the chain with non-decreasing old and new that keeps the most
    points, then the most weight. O(p log p)."""
    if not points:
        return set()
    pts = sorted(points)
    size = n_new + 1
    tree: list[tuple[int, int, int]] = [(0, 0, -1)] * (size + 1)  # (count, weight, point index)

    def query(pos: int) -> tuple[int, int, int]:
        best = (0, 0, -1)
        i = pos + 1
        while i > 0:
            if tree[i][:2] > best[:2]:
                best = tree[i]
            i -= i & -i
        return best

    def update(pos: int, value: tuple[int, int, int]) -> None:
        i = pos + 1
        while i <= size:
            if value[:2] > tree[i][:2]:
                tree[i] = value
            i += i & -i

    prev = [-1] * len(pts)
    best_end = (0, 0, -1)
    for k, (o, n, w) in enumerate(pts):
        c, wt, p = query(n)
        prev[k] = p
        value = (c + 1, wt + w, k)
        update(n, value)
        if value[:2] > best_end[:2]:
            best_end = value
    chain = set()
    k = best_end[2]
    while k >= 0:
        chain.add((pts[k][0], pts[k][1]))
        k = prev[k]
    return chain


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

    # -- similarity ---------------------------------------------------------------------------------

    def sim(self, o: int, n: int) -> float:
        key = (o, n)
        s = self._sim_cache.get(key)
        if s is None:
            s = dice(self.old.bags[o], self.new.bags[n], self.old.sizes[o], self.new.sizes[n])
            self._sim_cache[key] = s
        return s

    def contained(self, part_bag: Counter, part_size: int, whole_bag: Counter) -> float:
        if part_size == 0:
            return 0.0
        return _overlap(part_bag, whole_bag) / part_size

    def part_of(self, part_side: _Side, i: int, whole_side: _Side, j: int) -> float:
        """How much of item ``i`` is contained in item ``j`` of the other draft: the share of its
        words, or 0 when too few of its word pairs are there too."""
        c = self.contained(part_side.bags[i], part_side.sizes[i], whole_side.bags[j])
        if c < CONTAIN_THRESHOLD:
            return c
        pairs = part_side.bigrams(i)
        n_pairs = sum(pairs.values())
        if n_pairs and _overlap(pairs, whole_side.bigrams(j)) / n_pairs < CONTAIN_PAIRS_THRESHOLD:
            return 0.0
        return c

    def match(self, o: int, n: int) -> None:
        self.o2n[o] = n
        self.n2o[n] = o

    # -- stage 1 ------------------------------------------------------------------------------------

    def anchors(self) -> None:
        old_by_key: dict[str, list[int]] = defaultdict(list)
        new_by_key: dict[str, list[int]] = defaultdict(list)
        for o, k in enumerate(self.old.keys):
            if k:
                old_by_key[k].append(o)
        for n, k in enumerate(self.new.keys):
            if k:
                new_by_key[k].append(n)
        for k, olds in old_by_key.items():
            news = new_by_key.get(k)
            if news and len(olds) == 1 and len(news) == 1:
                self.match(olds[0], news[0])

    # -- stage 2 ------------------------------------------------------------------------------------

    def candidates(self) -> dict[int, list[int]]:
        """For each unmatched new item, the old items that share its rarest words or whose rarest
        words it has (both ways, so that a short part finds the long whole and the whole its parts).
        Every posting list is a word's items; lists longer than ``MAX_POSTINGS`` are not scanned."""
        old, new = self.old, self.new
        df: Counter = Counter()
        for bag in old.bags:
            df.update(bag.keys())
        for bag in new.bags:
            df.update(bag.keys())

        def rarest(bag: Counter) -> list[str]:
            return sorted(bag, key=lambda w: (df[w], w))[:RARE_WORDS_PER_ITEM]

        old_post: dict[str, list[int]] = defaultdict(list)
        for o, bag in enumerate(old.bags):
            if o not in self.o2n:
                for w in bag:
                    old_post[w].append(o)
        new_post: dict[str, list[int]] = defaultdict(list)
        for n, bag in enumerate(new.bags):
            if n not in self.n2o:
                for w in bag:
                    new_post[w].append(n)
        shared: dict[int, Counter] = defaultdict(Counter)
        for n, bag in enumerate(new.bags):
            if n in self.n2o:
                continue
            for w in rarest(bag):
                plist = old_post.get(w)
                if plist and len(plist) <= MAX_POSTINGS:
                    shared[n].update(plist)
        for o, bag in enumerate(old.bags):
            if o in self.o2n:
                continue
            for w in rarest(bag):
                plist = new_post.get(w)
                if plist and len(plist) <= MAX_POSTINGS:
                    for n in plist:
                        shared[n][o] += 1
        cands: dict[int, list[int]] = {}
        for n in sorted(shared):
            best = sorted(shared[n].items(), key=lambda kv: (-kv[1], kv[0]))[:CANDIDATES_PER_ITEM]
            cands[n] = [o for o, _ in best]
        return cands

    def expected_new(self) -> list[float]:
        """For each old position, where it would stand in the new draft judging by the nearest
        preceding match (for breaking ties between identical paragraphs)."""
        anchors = sorted(self.o2n.items())
        olds = [o for o, _ in anchors]
        exp = []
        ratio = len(self.new.items) / max(1, len(self.old.items))
        for o in range(len(self.old.items)):
            k = bisect.bisect_right(olds, o) - 1
            if k >= 0:
                ao, an = anchors[k]
                exp.append(an + (o - ao))
            else:
                exp.append(o * ratio)
        return exp

    def similar_pairs(self, cands: dict[int, list[int]], threshold: float) -> None:
        exp = self.expected_new()
        scored = []
        for n, olds in cands.items():
            if self.new.sizes[n] < MIN_FAR_WORDS:
                continue
            for o in olds:
                if self.old.sizes[o] < MIN_FAR_WORDS:
                    continue
                s = self.sim(o, n)
                if s >= threshold:
                    scored.append((-round(s, 9), abs(exp[o] - n), o, n))
        scored.sort()
        in_groups_old = set(self.splits) | {o for parts in self.merges.values() for o in parts}
        in_groups_new = set(self.merges) | {n for parts in self.splits.values() for n in parts}
        for _, _, o, n in scored:
            if o not in self.o2n and n not in self.n2o and o not in in_groups_old and n not in in_groups_new:
                self.match(o, n)

    # -- stage 3 ------------------------------------------------------------------------------------

    def splits_and_merges(self, cands: dict[int, list[int]]) -> None:
        old, new = self.old, self.new
        # Splits: unmatched new items contained in one old item.
        split_parts: dict[int, list[int]] = defaultdict(list)
        for n, olds in cands.items():
            if n in self.n2o or new.sizes[n] < MIN_PART_WORDS:
                continue
            best = None
            for o in olds:
                c = self.part_of(new, n, old, o)
                if c >= CONTAIN_THRESHOLD and (best is None or c > best[0]):
                    best = (c, o)
            if best:
                split_parts[best[1]].append((best[0], n))
        for o in sorted(split_parts):
            partner = self.o2n.get(o)
            if partner is not None and self.contained(new.bags[partner], new.sizes[partner], old.bags[o]) < 0.5:
                partner = None  # its partner is not a part of it: the others may still be
            parts = self._make_up(old.bags[o], old.sizes[o], partner, split_parts[o], new)
            if parts is None or (partner is not None and partner not in parts):
                continue
            if partner is not None:
                del self.o2n[o]
                del self.n2o[partner]
            self.splits[o] = parts

        # Merges: unmatched old items contained in one new item.
        in_split_new = {n for parts in self.splits.values() for n in parts}
        rev: dict[int, list[int]] = defaultdict(list)
        for n, olds in cands.items():
            for o in olds:
                rev[o].append(n)
        merge_parts: dict[int, list[int]] = defaultdict(list)
        for o in range(len(old.items)):
            if o in self.o2n or o in self.splits or old.sizes[o] < MIN_PART_WORDS:
                continue
            best = None
            for n in self._news_sharing(o, rev):
                if n in in_split_new:
                    continue
                c = self.part_of(old, o, new, n)
                if c >= CONTAIN_THRESHOLD and (best is None or c > best[0]):
                    best = (c, n)
            if best:
                merge_parts[best[1]].append((best[0], o))
        for n in sorted(merge_parts):
            partner = self.n2o.get(n)
            if partner is not None and self.contained(old.bags[partner], old.sizes[partner], new.bags[n]) < 0.5:
                partner = None
            parts = self._make_up(new.bags[n], new.sizes[n], partner, merge_parts[n], old)
            if parts is None or (partner is not None and partner not in parts):
                continue
            if partner is not None:
                del self.o2n[partner]
                del self.n2o[n]
            self.merges[n] = parts

    def _news_sharing(self, o: int, rev: dict[int, list[int]]) -> list[int]:
        """New items that may contain old item ``o``: those that had it as a candidate, plus the
        partners of its neighbours (a merge usually joins a paragraph with the next or previous)."""
        found = set(rev.get(o, ()))
        for d in (-1, 1):
            n = self.o2n.get(o + d)
            if n is not None:
                found.add(n)
        return sorted(found)

    def _make_up(self, whole: Counter, size: int, partner: int | None, found: list[tuple[float, int]],
                 side: _Side) -> list[int] | None:
        """The parts (of ``side``) that together make up ``whole``: its partner if it has one, then
        the items found in it, most contained first, each kept only if at least half of its words
        are words of ``whole`` not yet covered (a copy of text already there is no part of a split).
        None unless at least two parts cover most (60 %) of it."""
        if size == 0:
            return None
        chosen: list[int] = []
        total: Counter = Counter()
        covered = 0
        for i in ([partner] if partner is not None else []) + [i for _, i in sorted(found, key=lambda ci: (-ci[0], ci[1]))]:
            bag = side.bags[i]
            gain = _overlap(total + bag, whole) - covered
            if gain >= 0.5 * side.sizes[i]:
                chosen.append(i)
                total += bag
                covered += gain
        if len(chosen) < 2 or covered / size < 0.6:
            return None
        return sorted(chosen)

    # -- stage 4 and 5 ------------------------------------------------------------------------------

    def points(self) -> list[tuple[int, int, int]]:
        pts = []
        for o, n in self.o2n.items():
            pts.append((o, n, self.old.sizes[o] + self.new.sizes[n]))
        for o, parts in self.splits.items():
            for n in parts:
                pts.append((o, n, self.new.sizes[n]))
        for n, parts in self.merges.items():
            for o in parts:
                pts.append((o, n, self.old.sizes[o]))
        return pts

    def gaps(self) -> None:
        stable = sorted(_stable_points(self.points(), len(self.new.items)))
        matched_old = set(self.o2n) | set(self.splits) | {o for ps in self.merges.values() for o in ps}
        matched_new = set(self.n2o) | set(self.merges) | {n for ps in self.splits.values() for n in ps}
        stable_olds = [o for o, _ in stable]
        stable_news = [n for _, n in stable]
        gap_old: dict[int, list[int]] = defaultdict(list)
        gap_new: dict[int, list[int]] = defaultdict(list)
        for o in range(len(self.old.items)):
            if o not in matched_old:
                gap_old[bisect.bisect_right(stable_olds, o)].append(o)
        for n in range(len(self.new.items)):
            if n not in matched_new:
                gap_new[bisect.bisect_right(stable_news, n)].append(n)
        for g in sorted(gap_old):
            olds, news = gap_old[g], gap_new.get(g, [])
            if not news or len(olds) * len(news) > MAX_GAP_CELLS:
                continue
            for o, n in self._pair_in_order(olds, news):
                self.match(o, n)

    def _pair_in_order(self, olds: list[int], news: list[int]) -> list[tuple[int, int]]:
        """Order-preserving pairing of a gap's items maximising total similarity (small DP)."""
        a, b = len(olds), len(news)
        score = [[0.0] * (b + 1) for _ in range(a + 1)]
        for i in range(a - 1, -1, -1):
            for j in range(b - 1, -1, -1):
                best = max(score[i + 1][j], score[i][j + 1])
                s = self._gap_sim(olds[i], news[j])
                if s >= GAP_THRESHOLD:
                    best = max(best, s + score[i + 1][j + 1])
                score[i][j] = best
        pairs = []
        i = j = 0
        while i < a and j < b:
            s = self._gap_sim(olds[i], news[j])
            if s >= GAP_THRESHOLD and abs(score[i][j] - (s + score[i + 1][j + 1])) < 1e-12:
                pairs.append((olds[i], news[j]))
                i += 1
                j += 1
            elif abs(score[i][j] - score[i + 1][j]) < 1e-12:
                i += 1
            else:
                j += 1
        return pairs

    def _gap_sim(self, o: int, n: int) -> float:
        if self.old.sizes[o] == 0 and self.new.sizes[n] == 0:
            # Items without words (a label alone, ``[...]``): same when the texts are the same.
            return 1.0 if _same_text(self.old.items[o], self.new.items[n]) else 0.0
        s = self.sim(o, n)
        a, b = self.old.items[o], self.new.items[n]
        if a.label is not None and a.label == b.label:
            # In its place, the same label is evidence too: (b) between the same neighbours is (b).
            s += SAME_LABEL_BONUS
            if a.kind == b.kind == "heading":
                # A heading keeps its number in its place while its (short) title is reworded.
                s = max(s, GAP_THRESHOLD)
        return s

    def run(self) -> tuple[AlignedPair, ...]:
        self.anchors()
        cands = self.candidates()
        self.similar_pairs(cands, STRONG_PAIR_THRESHOLD)
        self.splits_and_merges(cands)
        self.similar_pairs(cands, PAIR_THRESHOLD)
        self.gaps()
        stable = _stable_points(self.points(), len(self.new.items))
        return self.records(stable)

    # -- records ------------------------------------------------------------------------------------

    def records(self, stable: set[tuple[int, int]]) -> tuple[AlignedPair, ...]:
        old_items, new_items = self.old.items, self.new.items
        out: list[tuple[tuple, AlignedPair]] = []

        def renumbered(o: int, n: int) -> bool:
            a, b = old_items[o], new_items[n]
            return a.label is not None and b.label is not None and a.ref != b.ref

        for o, n in self.o2n.items():
            a, b = old_items[o], new_items[n]
            same = _same_text(a, b)
            changes = (Chunk(EQUAL, b.text),) if same and b.text else (() if same else word_diff(a.text, b.text))
            edited = any(c.op != EQUAL for c in changes)
            moved = (o, n) not in stable
            ren = renumbered(o, n)
            status = MOVED if moved else MODIFIED if edited else RENUMBERED if ren else UNCHANGED
            rec = AlignedPair(a.ref, b.ref, status, changes, edited, moved, ren, (a.ref,), (b.ref,),
                              round(self.sim(o, n), 4), o, n)
            out.append(((n, 0, o), rec))

        for o, parts in self.splits.items():
            a = old_items[o]
            segs = word_diff_parts((a.text,), tuple(new_items[n].text for n in parts))
            group_new = tuple(new_items[n].ref for n in parts)
            union: Counter = Counter()
            for n in parts:
                union += self.new.bags[n]
            sim = round(dice(self.old.bags[o], union, self.old.sizes[o], sum(union.values())), 4)
            for n, seg in zip(parts, segs):
                rec = AlignedPair(a.ref, new_items[n].ref, SPLIT, seg, any(c.op != EQUAL for c in seg),
                                  (o, n) not in stable, renumbered(o, n), (a.ref,), group_new, sim, o, n)
                out.append(((n, 0, o), rec))

        for n, parts in self.merges.items():
            b = new_items[n]
            segs = word_diff_parts(tuple(old_items[o].text for o in parts), (b.text,))
            group_old = tuple(old_items[o].ref for o in parts)
            union = Counter()
            for o in parts:
                union += self.old.bags[o]
            sim = round(dice(union, self.new.bags[n], sum(union.values()), self.new.sizes[n]), 4)
            for o, seg in zip(parts, segs):
                rec = AlignedPair(old_items[o].ref, b.ref, MERGED, seg, any(c.op != EQUAL for c in seg),
                                  (o, n) not in stable, renumbered(o, n), group_old, (b.ref,), sim, o, n)
                out.append(((n, 0, o), rec))

        matched_old = {rec.old_index for _, rec in out}
        matched_new = {rec.new_index for _, rec in out}
        # Deleted items stand after the new place of their nearest preceding old item kept in place.
        stable_sorted = sorted(stable)
        stable_olds = [o for o, _ in stable_sorted]
        for o, a in enumerate(old_items):
            if o in matched_old:
                continue
            k = bisect.bisect_right(stable_olds, o) - 1
            anchor_new = stable_sorted[k][1] if k >= 0 else -1
            rec = AlignedPair(a.ref, None, DELETED, (Chunk(DELETE, a.text),) if a.text else (), True,
                              False, False, (a.ref,), (), 0.0, o, None)
            out.append(((anchor_new, 1, o), rec))
        for n, b in enumerate(new_items):
            if n in matched_new:
                continue
            rec = AlignedPair(None, b.ref, ADDED, (Chunk(INSERT, b.text),) if b.text else (), True,
                              False, False, (), (b.ref,), 0.0, None, n)
            out.append(((n, 0, -1), rec))
        out.sort(key=lambda kr: kr[0])
        return tuple(rec for _, rec in out)


def align(old_items: Sequence[AlignItem], new_items: Sequence[AlignItem]) -> tuple[AlignedPair, ...]:
    """Align two sequences of items; the records come in the new draft's order, each deleted item
    after the place where its old predecessor went."""
    return _Aligner(old_items, new_items).run()


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
