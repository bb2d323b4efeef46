"""Comparing drafts: the library behind ``amendtool diff``.

``compare(doc_a, doc_b, ...)`` aligns each draft with the next (``align.py``: paragraphs and headings by
content, word diffs inside pairs by ``worddiff.py``), counts bracket progress, and for more than two
drafts follows every paragraph through all of them (``HistoryRow``). The result is an immutable
``Comparison`` that the renderers (``render_diff.py``) turn into text, Markdown, JSON or HTML.

What is compared is each paragraph's normalised text (``Paragraph.text``: label removed, hard wraps
joined, page furniture and Markdown markup left out), so line wrapping, page headers, whitespace and
markup are no change at all.

Bracket progress: inside each aligned pair (or split/merge group) the bracket groups of the old and
the new side are matched, first by identical alternatives, then by similar words. An old group left
unmatched was *closed* (resolved: the text was agreed or dropped); a new one left unmatched was
*opened*. The groups of a deleted paragraph are closed, those of an added one opened. So
``old - closed + opened == new`` always holds.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain
from typing import TypeAlias

from amendtool.diff.align import (
    ADDED,
    MERGED,
    SPLIT,
    STATUSES,
    UNCHANGED,
    AlignedPair,
    AlignItem,
    align,
    dice,
    words,
)
from amendtool.diff.worddiff import DiffPool
from amendtool.draft import languages
from amendtool.draft.model import BracketGroup, Document, Paragraph, Section, _slot_init, paused_gc
from amendtool.errors import Diagnostic

GROUP_MATCH_THRESHOLD = 0.5
"""Word similarity from which an edited bracket group is the same group (still open, not closed)."""
SECTION_SHARE = 0.5
"""Share of a section's aligned paragraphs (those of the old one, or those of the new one) that must
stand under the other for two sections to be the same."""


@dataclass(frozen=True, slots=True)
class DraftInfo:
    """One of the compared drafts."""

    path: str
    """The file as the user named it."""
    title: str
    """The draft's title line ("" if none)."""
    paragraphs: int
    """Number of paragraphs (sub-items included)."""
    bracket_groups: int
    """Number of bracket groups (nested ones included)."""
    language: str = "en"
    """The language it is written in (``draft.languages.LANGUAGES``): renderers set ``lang`` and ``dir``."""


@dataclass(frozen=True, slots=True)
class Outline:
    """A draft's sections as the alignment of headings needs them (``outline``)."""

    headings: tuple[AlignItem, ...]
    """Each section's heading as an item to align (reference, number, title), in ``Document.sections`` order."""
    levels: tuple[int, ...]
    """Each section's heading level."""
    chains: tuple[tuple[int, ...], ...]
    """For each paragraph (in ``Document.paragraphs`` order), the sections it stands in (their indexes),
    outermost first."""


@dataclass(frozen=True, slots=True)
class DraftFacts:
    """What a comparison needs of a parsed draft, in plain tuples with one entry per paragraph (in
    ``Document.paragraphs`` order): ``facts`` makes them from a parsed draft in a few milliseconds.
    They pickle in a tenth of the time the parsed draft takes, which is what lets a command's forked
    copy parse one draft while the command parses the other (``read_facts``)."""

    info: DraftInfo
    source: str | None
    """The draft's text as parsed (``Document.source``); None when left out (``read_facts``): a text
    with any character beyond ASCII takes longer to pickle than all the rest together."""
    refs: tuple[str, ...]
    labels: tuple[str | None, ...]
    kinds: tuple[str, ...]
    texts: tuple[str, ...]
    """Each paragraph's normalised text (``Paragraph.text``)."""
    sections: tuple[str | None, ...]
    """Each paragraph's innermost section (its reference), or None."""
    lines: tuple[int, ...]
    """The line each paragraph starts on."""
    groups: tuple[tuple[tuple[str, ...], ...], ...]
    """Each paragraph's bracket groups, each as its alternatives (``BracketGroup.alternatives``)."""
    outline: Outline
    warnings: tuple[Diagnostic, ...] = ()
    """The parser's warnings, for a command to print."""


Draft: TypeAlias = "Document | DraftFacts"
"""A draft to compare: parsed, or its facts."""


@_slot_init
@dataclass(frozen=True, slots=True)
class BracketProgress:
    """How many bracket groups were in the old and the new text, and what happened to them."""

    old: int
    new: int
    closed: int
    """Old groups with no counterpart in the new text: resolved."""
    opened: int
    """New groups with no counterpart in the old text."""

    @property
    def still_open(self) -> int:
        """Old groups that are still there (possibly edited)."""
        return self.old - self.closed

    def __add__(self, other: BracketProgress) -> BracketProgress:
        return BracketProgress(self.old + other.old, self.new + other.new, self.closed + other.closed,
                               self.opened + other.opened)


NO_BRACKETS = BracketProgress(0, 0, 0, 0)


@_slot_init
@dataclass(frozen=True, slots=True)
class ParagraphDiff:
    """One aligned pair of a step with where it stands and its bracket progress."""

    pair: AlignedPair
    """The alignment record: references, status, word changes."""
    old_section: str | None
    """Reference of the old paragraph's section."""
    new_section: str | None
    """Reference of the new paragraph's section."""
    old_line: int | None
    """Line of the old paragraph in its file."""
    new_line: int | None
    """Line of the new paragraph in its file."""
    brackets: BracketProgress
    """Bracket progress of this pair; for a split or merge, the whole group's is on its first record
    and the others have none (so that summing over records counts every group once)."""

    @property
    def status(self) -> str:
        return self.pair.status

    @property
    def changed(self) -> bool:
        """Anything a reader should look at: everything but unchanged and merely renumbered."""
        return self.pair.status not in (UNCHANGED, "renumbered")


@dataclass(frozen=True, slots=True)
class StepComparison:
    """The comparison of one draft with the next."""

    old: DraftInfo
    new: DraftInfo
    paragraphs: tuple[ParagraphDiff, ...]
    """Every paragraph of both drafts, in the new draft's order (deleted ones after the place where
    their old predecessor went)."""
    headings: tuple[AlignedPair, ...]
    """The section headings, aligned the same way (text = heading title)."""
    brackets: BracketProgress
    """Bracket groups of the whole text: old, new, closed, opened."""

    @property
    def concordance(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        """Old reference -> new references, in the old draft's order (``()`` for a deleted one)."""
        seen: dict[str, list[str]] = {}
        order: dict[str, int] = {}
        for d in self.paragraphs:
            p = d.pair
            if p.old is None:
                continue
            order[p.old] = p.old_index if p.old_index is not None else 0
            lst = seen.setdefault(p.old, [])
            if p.new is not None and p.new not in lst:
                lst.append(p.new)
        return tuple((ref, tuple(seen[ref])) for ref in sorted(seen, key=lambda r: order[r]))

    def counts(self) -> dict[str, int]:
        """How many old paragraphs ended in each status (added: new paragraphs), every status listed.
        A split counts once (one old paragraph), a merge once per old paragraph."""
        counts = {s: 0 for s in STATUSES}
        seen_split = set()
        for d in self.paragraphs:
            p = d.pair
            if p.status == SPLIT:
                if p.old in seen_split:
                    continue
                seen_split.add(p.old)
            counts[p.status] += 1
        return counts

    @property
    def changed(self) -> tuple[ParagraphDiff, ...]:
        return tuple(d for d in self.paragraphs if d.changed)


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One paragraph followed through every draft (a split or merge keeps its parts in one row)."""

    refs: tuple[tuple[str, ...], ...]
    """For each draft, the references the paragraph has there (``()`` where it does not exist)."""
    statuses: tuple[str | None, ...]
    """For each step (draft k to k+1), what happened: a status, or None where it exists in neither."""
    brackets: tuple[int | None, ...]
    """For each draft, its number of bracket groups there (None where it does not exist)."""

    def changed_in(self) -> tuple[int, ...]:
        """Indexes of the drafts that changed it (the step into that draft was not unchanged or
        merely renumbered)."""
        return tuple(k + 1 for k, s in enumerate(self.statuses) if s not in (None, UNCHANGED, "renumbered"))

    def brackets_closed_in(self) -> int | None:
        """Index of the draft from which it has no brackets left (after having some), or None."""
        had = False
        closed_at = None
        for k, b in enumerate(self.brackets):
            if b is None:
                continue
            if b > 0:
                had = True
                closed_at = None
            elif had and closed_at is None:
                closed_at = k
        return closed_at


@dataclass(frozen=True, slots=True)
class Comparison:
    """Drafts compared in sequence."""

    drafts: tuple[DraftInfo, ...]
    steps: tuple[StepComparison, ...]
    """Each draft with the next."""
    overall: StepComparison
    """The first draft with the last (the same object as ``steps[0]`` for two drafts)."""
    history: tuple[HistoryRow, ...]
    """Every paragraph through all drafts (empty for two drafts)."""


# ---------------------------------------------------------------------------------------------------


def paragraph_item(p: Paragraph) -> AlignItem:
    """A paragraph to align. An unnumbered preambular or operative paragraph is named as delegates
    number it (``Pp3``, ``OP2``), so that name counts as its label; positional names (``¶3``) do not."""
    return _item(p.ref, p.label, p.text, p.kind)


def _item(ref: str, label: str | None, text: str, kind: str) -> AlignItem:
    return AlignItem(ref, label if label is not None else (ref if "¶" not in ref else None), text, kind)


def align_items(doc: DraftFacts) -> list[AlignItem]:
    """A draft's paragraphs as ``compare`` aligns them (``paragraph_item`` of each, from its facts)."""
    return list(map(_item, doc.refs, doc.labels, doc.texts, doc.kinds))


def _info(doc: Document) -> DraftInfo:
    groups = sum(len(p.bracket_groups) for p in doc.paragraphs)
    return DraftInfo(doc.path, doc.title.title, len(doc.paragraphs), groups, languages.draft_language(doc))


def facts(doc: Draft, source: bool = True) -> DraftFacts:
    """What a comparison needs of a parsed draft (``DraftFacts``, with its ``source`` or not; facts are
    given as they are)."""
    if isinstance(doc, DraftFacts):
        return doc
    paras = doc.paragraphs
    return DraftFacts(
        _info(doc), doc.source if source else None,
        tuple([p.ref for p in paras]), tuple([p.label for p in paras]), tuple([p.kind for p in paras]),
        tuple([p.text for p in paras]), tuple([p.section for p in paras]), tuple([p.pos.line for p in paras]),
        tuple([tuple([g.alternatives for g in p.bracket_groups]) if p.bracket_groups else () for p in paras]),
        outline(doc), tuple(doc.warnings),
    )


def read_facts(path: str, source: bool = False) -> DraftFacts:
    """The facts of the draft file ``path`` (without its source unless asked for), parsed as published
    (unbalanced brackets are warnings, kept in the facts): what a command's forked copy sends back
    (``cli/diff.py``)."""
    from amendtool.draft.parser import load_draft

    return facts(load_draft(path, lenient=True), source)


def read_facts_with_source(path: str) -> DraftFacts:
    """``read_facts`` with the draft's source (for the HTML's stamp); a function of its own, for a
    copy is sent a function by its name."""
    return read_facts(path, source=True)


def _group_words(alternatives: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    """The comparison words of each of a group's alternatives."""
    return tuple(map(words, alternatives))


def _group_key(alternative_words: tuple[tuple[str, ...], ...]) -> str:
    return "\u241f".join(map(" ".join, alternative_words))


def bracket_progress(old_groups: Sequence[BracketGroup], new_groups: Sequence[BracketGroup]) -> BracketProgress:
    """Match the bracket groups of one aligned pair (or group) and count closed and opened ones."""
    return groups_progress([g.alternatives for g in old_groups], [g.alternatives for g in new_groups])


def groups_progress(old_groups: Sequence[tuple[str, ...]], new_groups: Sequence[tuple[str, ...]]) -> BracketProgress:
    """``bracket_progress`` of groups given as their alternatives (``BracketGroup.alternatives``)."""
    if not old_groups and not new_groups:
        return NO_BRACKETS
    if not old_groups or not new_groups:  # (a deleted or added paragraph: no words needed)
        return BracketProgress(len(old_groups), len(new_groups), len(old_groups), len(new_groups))
    if list(old_groups) == list(new_groups):
        return BracketProgress(len(old_groups), len(new_groups), 0, 0)  # every group matches its own key
    old_words = list(map(_group_words, old_groups))
    new_words = list(map(_group_words, new_groups))
    old_left = list(range(len(old_groups)))
    new_by_key: dict[str, list[int]] = {}
    for j, ws in enumerate(new_words):
        new_by_key.setdefault(_group_key(ws), []).append(j)
    new_used: set[int] = set()
    unmatched_old = []
    for i in old_left:
        js = new_by_key.get(_group_key(old_words[i]))
        if js:
            new_used.add(js.pop(0))
        else:
            unmatched_old.append(i)
    # Edited groups: similar words (a paragraph holds few groups, so all pairs are compared).
    new_rest = [j for j in range(len(new_groups)) if j not in new_used]
    # (the words of the alternatives joined by spaces: no word runs across a space)
    # (the multisets of words made only for the groups compared: most are too different in length)
    sizes_new = [(j, sum(map(len, new_words[j]))) for j in new_rest] if unmatched_old else []
    bags_new: dict[int, Counter[str]] = {}
    scored = []
    for i in unmatched_old:
        bag = None
        size = sum(map(len, old_words[i]))
        for j, size_new in sizes_new:
            if 2 * min(size, size_new) < GROUP_MATCH_THRESHOLD * (size + size_new):
                continue  # too different in length to be that similar
            if bag is None:
                bag = Counter(chain.from_iterable(old_words[i]))
            bag_new = bags_new.get(j)
            if bag_new is None:
                bag_new = bags_new[j] = Counter(chain.from_iterable(new_words[j]))
            s = dice(bag, bag_new, size, size_new)
            if s >= GROUP_MATCH_THRESHOLD:
                scored.append((-s, abs(i - j), i, j))
    scored.sort()
    matched_old: set[int] = set()
    for _, _, i, j in scored:
        if i not in matched_old and j not in new_used:
            matched_old.add(i)
            new_used.add(j)
    closed = len(unmatched_old) - len(matched_old)
    opened = len(new_groups) - len(new_used)
    return BracketProgress(len(old_groups), len(new_groups), closed, opened)


def outline(doc: Draft) -> Outline:
    """A draft's sections as the alignment of headings needs them."""
    if isinstance(doc, DraftFacts):
        return doc.outline
    index = {id(s): k for k, s in enumerate(doc.sections)}
    chains: list[tuple[int, ...]] = []

    def walk(nodes: Sequence[object], chain: tuple[int, ...]) -> None:
        for node in nodes:
            if isinstance(node, Paragraph):
                chains.append(chain)
                if node.children:  # sub-items: most paragraphs have none
                    walk(node.children, chain)
            elif isinstance(node, Section):
                walk(node.children, chain + (index[id(node)],))

    walk(doc.body, ())
    return Outline(tuple(AlignItem(s.heading.ref, s.heading.number, s.heading.title, "heading") for s in doc.sections),
                   tuple(s.heading.level for s in doc.sections), tuple(chains))


def sections_by_content(old: Outline, new: Outline, pairs: Sequence[AlignedPair]) -> list[tuple[int, int]]:
    """Sections that are the same by what stands under them: (old, new) indexes in ``doc.sections``,
    one to one, the pairs sharing the most aligned paragraphs first (same level first, then nearest
    place), each holding at least ``SECTION_SHARE`` of the aligned paragraphs of one of the two."""
    old_chains, new_chains = old.chains, new.chains
    olds: list[int] = []  # each aligned paragraph's sections, counted once at the end (in C)
    news: list[int] = []
    both: list[tuple[int, int]] = []
    for p in pairs:
        if p.old_index is None or p.new_index is None:
            continue
        oc, nc = old_chains[p.old_index], new_chains[p.new_index]
        olds += oc
        news += nc
        both += [(so, sn) for so in oc for sn in nc]
    shared, from_old, to_new = Counter(both), Counter(olds), Counter(news)
    old_levels, new_levels = old.levels, new.levels

    def order(item: tuple[tuple[int, int], int]) -> tuple[int, int, int, int, int]:
        (so, sn), w = item
        return (-w, abs(old_levels[so] - new_levels[sn]), abs(so - sn), so, sn)

    known: list[tuple[int, int]] = []
    used_old: set[int] = set()
    used_new: set[int] = set()
    for (so, sn), w in sorted(shared.items(), key=order):
        if so in used_old or sn in used_new:
            continue
        if w >= SECTION_SHARE * from_old[so] or w >= SECTION_SHARE * to_new[sn]:
            known.append((so, sn))
            used_old.add(so)
            used_new.add(sn)
    return known


def align_headings(old: Draft, new: Draft, pairs: Sequence[AlignedPair]) -> tuple[AlignedPair, ...]:
    """Headings aligned by their sections' paragraphs (``sections_by_content``: Article 6 "finance"
    whose paragraphs went to Article 9 is Article 9), the rest by their titles in their places; each
    pair's change is the word diff of the titles."""
    old_outline, new_outline = outline(old), outline(new)
    return align(old_outline.headings, new_outline.headings,
                 known=sections_by_content(old_outline, new_outline, pairs))


def compare_pair(old: Draft, new: Draft, workers: int = 1, pool: DiffPool | None = None) -> StepComparison:
    """Compare two drafts, parsed or their facts (``workers``, ``pool``: see ``compare``)."""
    a, b = facts(old), facts(new)
    pairs = align(align_items(a), align_items(b), workers=workers, pool=pool)
    headings = align_headings(a, b, pairs)
    old_by_ref = dict(zip(a.refs, a.groups, strict=True))
    new_by_ref = dict(zip(b.refs, b.groups, strict=True))
    records = []
    done_groups: set[tuple] = set()
    total = [0, 0, 0, 0]  # the step's bracket progress: old, new, closed, opened
    for pair in pairs:
        o, n = pair.old_index, pair.new_index
        if pair.status in (SPLIT, MERGED):
            key = (pair.old_group, pair.new_group)
            if key in done_groups:
                progress = NO_BRACKETS
            else:
                done_groups.add(key)
                og = [g for ref in pair.old_group for g in old_by_ref[ref]]
                ng = [g for ref in pair.new_group for g in new_by_ref[ref]]
                progress = groups_progress(og, ng)
        else:
            old_groups = a.groups[o] if o is not None else ()
            new_groups = b.groups[n] if n is not None else ()
            progress = groups_progress(old_groups, new_groups) if old_groups or new_groups else NO_BRACKETS
        if progress is not NO_BRACKETS:
            total[0] += progress.old
            total[1] += progress.new
            total[2] += progress.closed
            total[3] += progress.opened
        records.append(
            ParagraphDiff(
                pair,
                a.sections[o] if o is not None else None,
                b.sections[n] if n is not None else None,
                a.lines[o] if o is not None else None,
                b.lines[n] if n is not None else None,
                progress,
            )
        )
    return StepComparison(a.info, b.info, tuple(records), headings, BracketProgress(*total))


def compare(*drafts: Draft, workers: int = 1, pool: DiffPool | None = None) -> Comparison:
    """Compare two or more drafts (parsed, or their facts: ``DraftFacts``), each with the next, and
    (for more than two) follow every paragraph through all of them. ``workers`` > 1 shares the
    paragraphs' word diffs with as many forked processes (a command's choice: never in a process
    running threads); a ``pool``'s copies (made before the drafts were parsed: ``worddiff.DiffPool``)
    take those of the first step instead."""
    if len(drafts) < 2:
        raise TypeError("compare needs at least two drafts")  # a programming error, not a user's
    with paused_gc():  # the comparison makes no reference cycles: collections would only walk the drafts
        docs = [facts(d) for d in drafts]
        steps = tuple(compare_pair(a, b, workers, pool if k == 0 else None)
                      for k, (a, b) in enumerate(zip(docs, docs[1:], strict=False)))
        overall = steps[0] if len(docs) == 2 else compare_pair(docs[0], docs[-1], workers)
        history = _history(docs, steps) if len(docs) > 2 else ()
    return Comparison(tuple(d.info for d in docs), steps, overall, history)


Node = tuple[int, str]
"""A paragraph of one of the compared drafts: (draft index, reference)."""


class _Links:
    """Paragraphs linked across drafts by the steps' alignments: the connected components of the links
    (union-find, linear in the number of links), each component's root its earliest node."""

    def __init__(self, docs: Sequence[DraftFacts], steps: Sequence[StepComparison]):
        self.parent: dict[Node, Node] = {}
        self.position: dict[Node, tuple[int, int]] = {}
        for k, doc in enumerate(docs):
            for i, ref in enumerate(doc.refs):
                node = (k, ref)
                self.parent[node] = node
                self.position[node] = (k, i)
        for k, step in enumerate(steps):
            for d in step.paragraphs:
                if d.pair.old is not None and d.pair.new is not None:
                    self.union((k, d.pair.old), (k + 1, d.pair.new))
        self.members: dict[Node, list[Node]] = {}
        for node in self.parent:
            self.members.setdefault(self.find(node), []).append(node)

    def find(self, x: Node) -> Node:
        parent = self.parent
        root = x
        while parent[root] != root:
            root = parent[root]
        while parent[x] != root:
            parent[x], x = root, parent[x]
        return root

    def union(self, a: Node, b: Node) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            # keep the earliest node as the root, so rows are ordered by first appearance
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


def _history(docs: Sequence[DraftFacts], steps: Sequence[StepComparison]) -> tuple[HistoryRow, ...]:
    """Every paragraph followed through all drafts: one row per component of the links."""
    links = _Links(docs, steps)
    status_of: list[dict[str, str]] = []  # per step: old ref -> status
    added_of: list[set[str]] = []  # per step: new refs added
    for step in steps:
        status_of.append({})
        added_of.append(set())
        for d in step.paragraphs:
            if d.pair.old is not None:
                status_of[-1].setdefault(d.pair.old, d.pair.status)
            elif d.pair.new is not None:
                added_of[-1].add(d.pair.new)
    brackets_of = [{ref: len(groups) for ref, groups in zip(doc.refs, doc.groups, strict=True)} for doc in docs]
    n = len(docs)
    keys = _row_keys(docs, links)
    rows = []
    for root in sorted(links.members, key=lambda r: keys[r]):
        nodes = links.members[root]
        refs = tuple(
            tuple(ref for _, ref in sorted((links.position[x][1], x[1]) for x in nodes if x[0] == k)) for k in range(n)
        )
        statuses: list[str | None] = []
        for k in range(n - 1):
            if refs[k]:
                statuses.append(status_of[k].get(refs[k][0]))
            elif refs[k + 1] and any(r in added_of[k] for r in refs[k + 1]):
                statuses.append(ADDED)
            else:
                statuses.append(None)
        brackets = tuple(sum(brackets_of[k].get(r, 0) for r in refs[k]) if refs[k] else None for k in range(n))
        rows.append(HistoryRow(refs, tuple(statuses), brackets))
    return tuple(rows)


def _row_keys(docs: Sequence[DraftFacts], links: _Links) -> dict[Node, tuple[int, ...]]:
    """Sort keys that put the rows in the order of the last draft, and a row that is gone before it
    right after the row of the paragraph that preceded it where it was last seen."""
    n = len(docs)
    last_seen = {root: max(links.position[x] for x in nodes) for root, nodes in links.members.items()}
    keys: dict[Node, tuple[int, ...]] = {}
    for root, (k, i) in last_seen.items():
        if k == n - 1:
            keys[root] = (i,)
    for k in range(n - 2, -1, -1):
        refs = docs[k].refs
        for i, ref in enumerate(refs):
            root = links.find((k, ref))
            if root in keys or last_seen[root] != (k, i):
                continue
            key: tuple[int, ...] = (-1, n - k, i)
            for j in range(i - 1, -1, -1):
                prev = links.find((k, refs[j]))
                if prev in keys:
                    key = keys[prev] + (n - k, i)
                    break
            keys[root] = key
    for root in links.members:  # rows whose last place is not their last paragraph (splits across drafts)
        keys.setdefault(root, (-1,) + last_seen[root])
    return keys
