"""Numbering the next revision: the label each paragraph gets.

Without ``renumber``, the draft's paragraphs keep their labels and new paragraphs take ``bis``/``ter``
labels that fit between their neighbours in reading order (``fit_run``: where none fits, between
``12`` and ``12 bis``, the new one takes ``12 bis`` and the existing ones after it move up, reported
``renumbered``); a sub-item the draft numbers (Markdown ``    2.``) takes ``2bis.`` the same way, and a
new lettered sub-item takes ``(b) bis`` after its neighbour the same way (the other sub-items keep
their letters; only a new first item of a series, with no lettered item before it, letters the
series afresh).

With ``renumber``, every series is numbered afresh, a series restarting only where the draft's own
numbering goes back to 1 (``Series``: each Article on its own, a decision's paragraphs straight
through its sections; a ``3bis.`` the Markdown indents under 3 continues 3's series).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeAlias

from amendtool.compile import NewParagraph
from amendtool.consolidate.decisions import NewPlan, Spot
from amendtool.draft.labels import (
    LABEL_SUFFIX_RE,
    free_label,
    label_at,
    letter_number,
    letters,
    overflow_label,
    split_suffix,
)
from amendtool.draft.model import Document, Furniture, Paragraph, Section

LETTER = re.compile(r"^\(?([a-z])\)?$")
"""A lettered sub-item's label: ``(b)`` or ``b``."""
NUMERIC_LABEL = re.compile(
    rf"^(?P<pre>[^\d]*?)(?P<num>\d+)(?:\s*(?P<suf>{LABEL_SUFFIX_RE})\b)?(?P<post>.*)$", re.DOTALL)
"""A numbered label: what stands before the number, the number, its suffix, what follows."""


@dataclass
class BaseEntry:
    """A paragraph of the base draft as it is written in the next revision."""

    ref: str
    section: str | None = None
    label: str | None = None
    """The label it gets in the next revision."""


@dataclass
class NewEntry:
    """A new paragraph written in the next revision, next to the base paragraph ``ref``."""

    ref: str
    """The base paragraph it is placed next to (its model for layout and numbering)."""
    new: NewParagraph
    plan: NewPlan
    section: str | None = None
    label: str | None = None
    """The label it gets in the next revision."""


Entry: TypeAlias = BaseEntry | NewEntry

CounterKey: TypeAlias = tuple[str | int | None, ...]
"""What a label counter counts: a series of top-level paragraphs, or the sub-items of one parent."""


def raw_label(doc: Document, p: Paragraph) -> str | None:
    """The label as the source writes it (``12.``, ``(b)``, ``    2.``)."""
    if p.label_span is None:
        return None
    return doc.source[p.label_span[0] : p.label_span[1]]


def numbered_sub(doc: Document, p: Paragraph) -> bool:
    """A sub-item the parser letters (``(b)``) but the draft numbers (Markdown ``    2.``)."""
    raw = raw_label(doc, p)
    return bool(p.label and LETTER.match(p.label) and raw and NUMERIC_LABEL.match(raw))


def lettered(label: str) -> bool:
    """A lettered sub-item's label: ``(b)``, or a new one ``(b) bis``."""
    base, rank = split_suffix(label)
    return bool(LETTER.match(base if rank >= 0 else label))


def _letter_of(label: str) -> str:
    """The letter of a lettered label (``(b)`` -> ``b``)."""
    m = LETTER.match(label)
    return m.group(1) if m else label


def letter_label(n: int, model: str) -> str:
    """The ``n``-th letter written as ``model`` writes its letter: ``(c)`` or ``c``."""
    return f"({letters(n)})" if model.startswith("(") else letters(n)


def assign_labels(doc: Document, entries: Sequence[Entry], moves: dict[str, Spot], renumber: bool) -> None:
    """Give every paragraph of the next revision (``entries``, in reading order) its label."""
    if renumber:
        _renumber(doc, entries, moves)
    else:
        _KeptLabels(doc).assign(entries)


# ---------------------------------------------------------------------------------------------------
# Without renumber: the draft's labels kept, new ones fitted between them


@dataclass
class _Run:
    """Paragraphs sharing a number (``12``, ``12 bis`` ...) in reading order; None for a new one."""

    scope: tuple[str, str | None]
    number: str
    items: list[tuple[Entry, str | None]] = field(default_factory=list)


class _KeptLabels:
    def __init__(self, doc: Document):
        self.doc = doc
        self.paras = {p.ref: p for p in doc.paragraphs}
        self.used = {p.label for p in doc.paragraphs if p.label}
        self.last_numeric: str | None = None
        self.last_sub: dict[str, str] = {}
        self.last_letter: dict[str, str] = {}
        self.reletter: set[str] = set()
        """Parents whose lettered sub-items are lettered afresh."""
        self.runs: list[_Run] = []
        self.current: dict[tuple[str, str | None], _Run] = {}

    def assign(self, entries: Sequence[Entry]) -> None:
        for e in entries:
            match e:
                case BaseEntry():
                    self.base(e)
                case NewEntry():
                    self.new(e)
        self.fit_runs()
        self.reletter_series(entries)

    def join(self, scope: tuple[str, str | None], number: str, e: Entry, label: str | None) -> None:
        """``e`` (labelled ``label``, None for a new one) in the run of ``number`` in ``scope``."""
        run = self.current.get(scope)
        rank = split_suffix(label)[1] if label is not None else None
        last = max((split_suffix(x)[1] for _, x in run.items if x is not None), default=-2) if run else -2
        if run is None or run.number != number or (rank is not None and rank <= last):
            # a new number, or the same labels again (each Article's "1."): a run of its own
            run = self.current[scope] = _Run(scope, number)
            self.runs.append(run)
        run.items.append((e, label))

    def base(self, e: BaseEntry) -> None:
        para = self.paras[e.ref]
        e.label = label = para.label
        if not label:
            return
        if para.parent is None and NUMERIC_LABEL.match(label):
            self.last_numeric = label
            self.join(("top", e.section), split_suffix(label)[0], e, label)
        elif para.parent is not None and numbered_sub(self.doc, para):
            number = str(letter_number(_letter_of(label)))
            self.last_sub[para.parent] = number
            self.join(("sub", para.parent), number, e, number)
        elif para.parent is not None and lettered(label):
            self.last_letter[para.parent] = label
            self.join(("letter", para.parent), split_suffix(label)[0], e, label)

    def new(self, e: NewEntry) -> None:
        if e.new.kind != "paragraph":  # a first sub-item "(a)", an option "Option 2 bis": as proposed
            e.label = e.new.label
            return
        neighbour = self.paras[e.ref]
        if neighbour.label is None or neighbour.kind == "option":
            # next to an option: a paragraph of its block, unlabelled (a new option is "add option")
            e.label = None
            return
        parent = neighbour.parent
        if parent is not None and lettered(neighbour.label):
            if numbered_sub(self.doc, neighbour) and parent in self.last_sub:
                # a sub-item the parser letters but the draft numbers (Markdown " 2."): it takes
                # "2bis." as a paragraph would, the others keep their numbers
                self.join(("sub", parent), split_suffix(self.last_sub[parent])[0], e, None)
            elif not numbered_sub(self.doc, neighbour) and parent in self.last_letter:
                # a new lettered sub-item takes "(b) bis" after the one before it, as a paragraph
                # takes "12 bis"; the others keep their letters
                self.join(("letter", parent), split_suffix(self.last_letter[parent])[0], e, None)
            else:
                self.reletter.add(parent)
            return
        if parent is None and self.last_numeric:
            self.join(("top", e.section), split_suffix(self.last_numeric)[0], e, None)
            return
        taken = self.used.__contains__
        e.label = free_label(e.new.label, taken, first=e.new.label) or overflow_label(e.new.label, taken)
        self.used.add(e.label)

    def fit_runs(self) -> None:
        """Labels for the new paragraphs of each run, fitted between their neighbours'."""
        sub_used: dict[str, set[str]] = {}
        letter_used: dict[str, set[str]] = {}
        for p in self.doc.paragraphs:
            if p.parent is not None and p.label and LETTER.match(p.label):
                sub_used.setdefault(p.parent, set()).add(str(letter_number(_letter_of(p.label))))
            if p.parent is not None and p.label and lettered(p.label):
                # every sub-item label of the draft under this parent, kept or deleted
                letter_used.setdefault(p.parent, set()).add(p.label)
        by_section, repeats = self._labels_by_section()
        for run in self.runs:
            if all(label is not None for _, label in run.items):
                continue
            kind, scope = run.scope
            if kind == "top":
                taken = by_section.setdefault(scope, set()) if repeats else self.used
            elif kind == "letter":
                taken = letter_used.setdefault(scope or "", set())
            else:
                taken = sub_used.setdefault(scope or "", set())
            fitted = fit_run(run.number, [label for _, label in run.items], taken)
            for (e, label), new_label in zip(run.items, fitted, strict=True):
                if isinstance(e, NewEntry) or new_label != label:
                    e.label = new_label
                    taken.add(new_label)

    def _labels_by_section(self) -> tuple[dict[str | None, set[str]], bool]:
        """The top-level labels of each section, and whether labels repeat across sections (each
        Article numbers from 1): then a label need only be free in its own section."""
        by_section: dict[str | None, set[str]] = {}
        for p in self.doc.paragraphs:
            if p.parent is None and p.label:
                by_section.setdefault(p.section, set()).add(p.label)
        seen: set[str] = set()
        repeats = False
        for labels in by_section.values():
            repeats = repeats or bool(seen & labels)
            seen |= labels
        return by_section, repeats

    def reletter_series(self, entries: Sequence[Entry]) -> None:
        """A new sub-item with no lettered sub-item before it (the first of its series): the series is
        lettered afresh."""
        count: Counter[str] = Counter()
        for e in entries:
            model = self.paras[e.ref]
            if model.parent in self.reletter and model.label and lettered(model.label):
                count[model.parent] += 1
                e.label = letter_label(count[model.parent], model.label)


def fit_run(number: str, labels: list[str | None], used: set[str]) -> list[str]:
    """Labels for a run of paragraphs sharing ``number`` (``12``, ``12 bis`` ...) in reading order,
    ``None`` for a new one. Existing labels stay where they are in order; a new paragraph takes the
    first label after the one before it that is free (no paragraph of the draft, kept or deleted, has
    it) and comes before the next existing one; where none fits (a new paragraph between ``12`` and
    ``12 bis``), it takes the next label and the existing ones after it move up as far as needed."""
    top_rank = 39  # past the 38 suffixes
    ranks = [None if label is None else split_suffix(label)[1] if split_suffix(label)[0] == number else -1
             for label in labels]
    out: list[str] = []
    prev = -2
    for k, (label, rank) in enumerate(zip(labels, ranks, strict=True)):
        if label is not None and rank is not None and rank > prev:
            out.append(label)
            prev = rank
            continue
        if label is None:
            bound = next((r for r in ranks[k + 1 :] if r is not None and r > prev), None)
            top = bound if bound is not None else top_rank
            fits = next((r for r in range(max(prev + 1, 0), top) if label_at(number, r) not in used), None)
            if fits is None:
                fits = max(prev + 1, 0)
                while bound is None and label_at(number, fits) in used:
                    fits += 1
            rank = fits
        else:
            rank = prev + 1
        out.append(label_at(number, rank))
        prev = rank
    return out


# ---------------------------------------------------------------------------------------------------
# With renumber: every series numbered afresh


def _renumber(doc: Document, entries: Sequence[Entry], moves: dict[str, Spot]) -> None:
    paras = {p.ref: p for p in doc.paragraphs}
    series = Series(doc)
    counters: Counter[CounterKey] = Counter()
    for e in entries:
        model = paras[e.ref]
        label = model.label
        own = label if isinstance(e, BaseEntry) else e.new.label
        if isinstance(e, NewEntry) and e.new.kind != "paragraph":  # "(a)" under its parent, "Option 2 bis"
            e.label = own
            continue
        if label is None or (isinstance(e, NewEntry) and model.kind == "option"):
            e.label = None  # next to an option: a paragraph of its block (a new option is "add option")
            continue
        depth = _depth(model, paras)
        m = NUMERIC_LABEL.match(label)
        letter = LETTER.match(label)
        if model.kind in ("alt", "option"):
            e.label = own
            continue
        key = _counter(e, model, label, depth, paras, series, moves)
        if m:
            counters[key] += 1
            e.label = f"{m.group('pre')}{counters[key]}"
        elif letter and _item_depth(model, paras) == 1:
            counters[key] += 1
            e.label = letter_label(counters[key], label)
        else:
            e.label = own


def _depth(p: Paragraph, paras: dict[str, Paragraph]) -> int:
    depth = 0
    while p.parent is not None:
        depth += 1
        p = paras[p.parent]
    return depth


def _item_depth(p: Paragraph, paras: dict[str, Paragraph]) -> int:
    """How deep a sub-item is under its paragraph, option blocks not counted: (a) of a paragraph of
    ``Option 1`` is 1, as it is where there are no options."""
    depth = 0
    while p.parent is not None:
        p = paras[p.parent]
        depth += 0 if p.kind == "option" else 1
    return depth


def _counter(e: Entry, model: Paragraph, label: str, depth: int, paras: dict[str, Paragraph], series: Series,
             moves: dict[str, Spot]) -> CounterKey:
    """The counter that numbers ``e`` (written in the layout of ``model``, the base paragraph or the
    neighbour of a new one)."""
    parent = paras[model.parent] if model.parent is not None else None
    m = NUMERIC_LABEL.match(label)
    if depth == 0:
        # the paragraph's own series; a moved paragraph joins its destination's, a new one its
        # neighbour's
        anchor = moves[e.ref].ref if isinstance(e, BaseEntry) and e.ref in moves else e.ref
        return series.key(model.kind, label, e.section, anchor)
    if m and m.group("suf") and parent is not None and parent.parent is None and parent.label \
            and split_suffix(label)[0] == parent.label:
        # "3bis." indented under 3 (Markdown): the parser nests it, but it numbers as 3's sibling,
        # so it continues 3's series (4., 5. ...), never a series of its own
        return series.key(parent.kind, parent.label, e.section, parent.ref)
    return ("sub", model.parent, depth)


class Series:
    """The numbering series of a draft's top-level paragraphs, as the draft's own numbers run (the
    rule of ``refs.assign``): a family (``""``, ``Pp``, ``OP`` ...) restarts within a section only
    where its numbers go back to 1 there. A series runs through the outermost section within which
    its family never restarts (the decision paragraphs 1..93 through sections I, II, III ...; the
    paragraphs of each Article on their own). Where numbers go back to 1 inside even the innermost
    section (sub-items the parser took for paragraphs: 7, 1, 2, 8), each run is its own series, and
    a number that continues an earlier run (8 after 7) returns to it."""

    _FAMILY = re.compile(r"^(\D*?)\s*(\d+)")

    def __init__(self, doc: Document):
        self.paths: dict[str, tuple[str, ...]] = {}
        self._paths(doc.body, ())
        top = [(p, found) for p in doc.paragraphs
               if p.parent is None and p.label and (found := self._number(p.label)) is not None]
        self.restarts: dict[str, set[str]] = {}
        last: dict[tuple[str, str], int] = {}
        for p, (family, number) in top:
            for scope in ("",) + self.paths.get(p.section or "", ()):
                prev = last.get((scope, family))
                if prev is not None and number <= 1 and number <= prev:
                    self.restarts.setdefault(scope, set()).add(family)
                last[(scope, family)] = number
        # runs inside a scope whose numbers go back to 1: (kind, family, scope) -> open runs
        self.base: dict[str, tuple[tuple[str, str, str], int]] = {}
        runs: dict[tuple[str, str, str], list[list[int]]] = {}
        made: Counter[tuple[str, str, str]] = Counter()
        for p, (family, number) in top:
            key = (p.kind, family, self.scope(family, p.section))
            stack = runs.setdefault(key, [])
            at = next((k for k in range(len(stack) - 1, -1, -1) if stack[k][1] + 1 == number), None)
            if at is None and stack and number > stack[-1][1]:
                at = len(stack) - 1
            if at is None:
                stack.append([made[key], number])
                made[key] += 1
                at = len(stack) - 1
            else:
                del stack[at + 1 :]
                stack[at][1] = number
            self.base[p.ref] = (key, stack[at][0])
        self.current: dict[tuple[str, str, str], int] = {}

    def _paths(self, nodes: Sequence[Section | Paragraph | Furniture], path: tuple[str, ...]) -> None:
        for node in nodes:
            if isinstance(node, Section):
                here = path + (node.ref,)
                self.paths[node.ref] = here
                self._paths(node.children, here)

    def _number(self, label: str) -> tuple[str, int] | None:
        m = self._FAMILY.match(label)
        return (m.group(1), int(m.group(2))) if m else None

    def scope(self, family: str, section: str | None) -> str:
        if family not in self.restarts.get("", set()):
            return ""
        path = self.paths.get(section or "", ())
        for s in path:
            if family not in self.restarts.get(s, set()):
                return s
        return path[-1] if path else ""

    def key(self, kind: str, label: str, section: str | None, anchor: str) -> CounterKey:
        """The counter of a top-level paragraph labelled ``label`` written in ``section``, whose
        place in the base's series is that of ``anchor`` (itself, its move's destination, or the
        neighbour of a new paragraph)."""
        number = self._number(label)
        if number is None:
            return ("top", kind, label)
        family = number[0]
        key = (kind, family, self.scope(family, section))
        base = self.base.get(anchor)
        run = base[1] if base is not None and base[0] == key else self.current.get(key, 0)
        self.current[key] = run
        return ("top", *key, run)
