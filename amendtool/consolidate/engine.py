"""The next revision: accepted proposals applied, the rest bracketed or dropped, in the base's layout.

``consolidate(doc, files, accept=..., rest=..., renumber=...)`` reads the compilation model
(``compilation.compile_drafts``: identical proposals merged, overlapping ones grouped as the
alternatives of one ``Change``) and decides, place by place:

- a place with one accepted proposal takes that proposal's text; competing proposals there are
  *superseded* (they are not shown, and reported); two accepted proposals that overlap are a
  ``ConflictError`` naming both ids;
- a place with no accepted proposal, with ``rest="bracket"``, becomes one group of negotiation
  brackets: the base text (if any) and each proposal's wording as alternatives (``[old] [new]``;
  a contested deletion or ``bracket`` proposal brackets the base text, a contested insertion brackets
  the new text); a contested ``add alternative`` adds its ``[alternative]`` to the group; contested
  ``retain`` and ``remove brackets`` leave the group as it is (it is open already);
- whole-paragraph proposals: an accepted deletion removes the paragraph (with its sub-items), an
  accepted replacement replaces its text, an accepted move puts it (with its sub-items) next to its
  destination; contested deletions and replacements bracket the whole text (``[old] [new]``); a
  contested move cannot be bracketed without duplicating the paragraph: it stays, and is reported;
- new paragraphs: accepted ones stand where proposed, contested ones too with their text in
  brackets (``rest="bracket"``), or vanish (``rest="drop"``).

Brackets that would stand side by side read as one group of alternatives, so open places that end
up next to each other (only spaces, ``/`` or ``or`` between them, counting what accepted changes
leave there) become one group, and an open place next to (or between the brackets of) one of the
draft's own groups takes that group inside its alternatives. So every bracket group the next
revision adds is exactly one ``OpenProposal``.

The text is written by editing the base source through ``Paragraph.text_map``, so every untouched
character keeps its bytes and every paragraph its layout; new paragraphs copy their neighbour's
indentation, label style (``12 bis.`` or ``12bis``) and blank-line spacing. New paragraphs keep
``bis``/``ter`` labels that fit between their neighbours in reading order (``_fit_run``: where none
fits, between ``12`` and ``12 bis``, the new one takes ``12 bis`` and the existing ones after it move
up, reported ``renumbered``); a sub-item the draft numbers (Markdown ``    2.``) takes ``2bis.`` the
same way, and a new lettered sub-item takes ``(b) bis`` after its neighbour the same way (the other
sub-items keep their letters; only a new first item of a series, with no lettered item before it,
letters the series afresh); ``renumber`` numbers every series afresh, a series restarting only where the draft's own numbering
goes back to 1 (``_Series``: each Article on its own, a decision's paragraphs straight through its
sections; a ``3bis.`` the Markdown indents under 3 continues 3's series), each label written in the draft's style (a sub-item the draft numbers ``1.`` stays numbered). The next revision is parsed again, and its references are
the ones the concordance reports. Everything is indexed by paragraph reference: nothing is quadratic
in paragraphs.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from fnmatch import fnmatchcase

from amendtool.amend.operations import AmendmentFile, Operation
from amendtool.compile import (
    Change,
    CompiledParagraph,
    MovedHere,
    NewParagraph,
    Proposal,
    compile_drafts,
    new_paragraph_edits,
)
from amendtool.draft.labels import LABEL_SUFFIX_RE, all_suffixes, labels_after, split_suffix
from amendtool.draft.model import Document, Furniture, Paragraph, Section
from amendtool.errors import ConflictError, Diagnostic, SelectionError, make_diagnostic

_BRACKET_KINDS = {"retain", "remove-brackets", "add-alternative"}
_SUFFIX_RE = LABEL_SUFFIX_RE
_LETTER = re.compile(r"^\(?([a-z])\)?$")
_NUMERIC_LABEL = re.compile(rf"^(?P<pre>[^\d]*?)(?P<num>\d+)(?:\s*(?P<suf>{_SUFFIX_RE})\b)?(?P<post>.*)$", re.DOTALL)

# ---------------------------------------------------------------------------------------------------
# The result


@dataclass(frozen=True, slots=True)
class OpenProposal:
    """A place where the next revision shows proposals still open, as one bracket group."""

    ref: str
    """Reference of the paragraph in the next revision."""
    ids: tuple[str, ...]
    """The operations behind it, in file order."""
    alternatives: tuple[str, ...]
    """The bracket group's alternatives as written in the next revision (one for ``[text]``)."""


@dataclass(frozen=True, slots=True)
class ConcordanceRow:
    """One line of the concordance table: where a paragraph of the next revision came from."""

    old: str
    """Reference in the base draft ("" for a new paragraph)."""
    new: str
    """Reference in the next revision ("" for a deleted paragraph)."""
    status: str
    """``unchanged``, ``amended`` (accepted changes), ``bracketed`` (only open proposals), ``moved``,
    ``new``, ``deleted`` or, without ``renumber``, ``renumbered`` (an untouched paragraph whose
    label moved up to make room for a new one: ``12 bis`` -> ``12 ter``)."""
    open: bool
    """Whether the paragraph shows open proposals in brackets."""
    proposers: tuple[str, ...]
    """Delegations behind the paragraph's accepted or bracketed proposals, in file order."""
    operations: tuple[str, ...]
    """The operation ids behind it."""


@dataclass(frozen=True, slots=True)
class Consolidation:
    """The next revision and what went into it."""

    text: str
    """The next revision's source text (without BOM)."""
    bom: bool
    """Whether to write a UTF-8 BOM (as the base draft had)."""
    document: Document
    """The next revision, parsed again."""
    accepted: tuple[str, ...]
    """Ids of the operations applied, in file order."""
    open: tuple[OpenProposal, ...]
    """Places shown in brackets, in reading order."""
    dropped: tuple[str, ...]
    """Ids of proposals neither applied nor bracketed (``rest="drop"``, or superseded)."""
    concordance: tuple[ConcordanceRow, ...]
    """Old -> new, in the next revision's order, deleted paragraphs where they stood."""
    notes: tuple[Diagnostic, ...] = ()
    """Warnings: superseded proposals, contested moves that stay where they are."""

    def encoded(self) -> bytes:
        """The bytes to write: UTF-8, with a BOM when the base draft had one."""
        data = self.text.encode("utf-8")
        return (b"\xef\xbb\xbf" + data) if self.bom else data


# ---------------------------------------------------------------------------------------------------
# Choosing proposals


def select_ids(files: Sequence[AmendmentFile], patterns: Iterable[str]) -> frozenset[str]:
    """The ids that ``--accept`` patterns name (ids or globs such as ``G77-*``, comma-separated,
    case-insensitive). A pattern that names no operation is a ``SelectionError``."""
    ids = [op.id for f in files for op in f.operations]
    codes = [f.by.upper() for f in files]
    chosen: set[str] = set()
    problems = []
    for raw in patterns:
        for pattern in (p.strip() for p in raw.split(",")):
            if not pattern:
                continue
            want = pattern.upper()
            hits = [i for i in ids if fnmatchcase(i.upper(), want)]
            code = want.rpartition("-")[0]
            if not hits and code and any(ch in want for ch in "*?[") and any(fnmatchcase(c, code) for c in codes):
                continue  # a glob over a delegation's operations: that delegation may have none
            if not hits:
                codes = sorted({i.rpartition("-")[0] for i in ids})
                hint = f"the operations are {', '.join(c + '-1 ...' for c in codes)}" if codes else "no operations were given"
                problems.append(Diagnostic(f'"{pattern}" names no operation', "--accept", hint=hint))
            chosen.update(hits)
    if problems:
        raise SelectionError(problems)
    return frozenset(chosen)


# ---------------------------------------------------------------------------------------------------
# Plans: what happens to each base paragraph


@dataclass
class _Edit:
    """A change to make in a paragraph's text: [start, end) of ``Paragraph.text`` becomes ``text``."""

    start: int
    end: int
    text: str
    phase: int = 1
    """0: opens a whole-paragraph bracket; 1: a change in the text; 2: closes it."""


@dataclass
class _Plan:
    """What becomes of one base paragraph (mutable while deciding; never leaves this module)."""

    para: Paragraph
    edits: list[_Edit] = field(default_factory=list)
    removed: bool = False
    applied: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    proposers: list[str] = field(default_factory=list)
    amended: bool = False
    moved: bool = False
    opens: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)
    """(ids, alternatives) of bracket groups this paragraph shows."""


def _middle(p: Proposal, change: Change, text: str) -> str:
    """What ``p`` writes in place of its own span (its pieces are widened to the change's span)."""
    result = "".join(piece.text for piece in p.pieces if piece.op != "delete")
    before = text[change.start : p.start] if p.start >= change.start else ""
    after = text[p.end : change.end] if p.end <= change.end else ""
    return result[len(before) : len(result) - len(after) if after else len(result)]


def _spans_overlap(a: Proposal, b: Proposal) -> bool:
    if a.kind in _BRACKET_KINDS or b.kind in _BRACKET_KINDS:
        return True  # they claim their whole bracket group
    (s1, e1), (s2, e2) = (a.start, a.end), (b.start, b.end)
    if s1 == e1 and s2 == e2:
        return s1 == s2
    if s1 == e1:
        return s2 < s1 < e2
    if s2 == e2:
        return s1 < s2 < e1
    return s1 < e2 and s2 < e1


def _bracketed(alternatives: list[str]) -> tuple[str, tuple[str, ...]]:
    """``[a] [b]`` for the alternatives (whitespace at their edges kept outside the brackets), and
    the alternatives as they stand inside the brackets."""
    first = next((a for a in alternatives if a.strip()), "")
    lead = first[: len(first) - len(first.lstrip())]
    trail = first[len(first.rstrip()) :]
    inner: list[str] = []
    seen: set[str] = set()
    for a in alternatives:
        core = " ".join(a.split())
        if core and core not in seen:
            seen.add(core)
            inner.append(core)
    return lead + " ".join(f"[{a}]" for a in inner) + trail, tuple(inner)


@dataclass
class _NewPlan:
    """What becomes of a new paragraph: its text in the next revision and the ids behind it."""

    text: str
    bracketed: bool
    applied: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    opens: list[tuple[tuple[str, ...], tuple[str, ...]]] = field(default_factory=list)


class _Consolidator:
    def __init__(self, doc: Document, files: Sequence[AmendmentFile], accepted: frozenset[str], rest: str):
        self.doc = doc
        self.files = tuple(files)
        self.accepted = accepted
        self.rest = rest
        self.ops: dict[str, Operation] = {op.id: op for f in self.files for op in f.operations}
        self.position = {i: k for k, i in enumerate(self.ops)}
        self.sources = {f.path: f.source for f in self.files}
        self.order = {f.by: k for k, f in enumerate(self.files)}
        self.conflicts: list[Diagnostic] = []
        self.notes: list[Diagnostic] = []
        self.dropped: list[str] = []
        self.plans: dict[str, _Plan] = {p.ref: _Plan(p) for p in doc.paragraphs}
        self.moves: dict[str, tuple[str, str]] = {}
        """Paragraph -> (where, destination) of its accepted move."""
        self.slots: dict[tuple[str, str], list[tuple[str, object]]] = {}
        """(where, ref) -> items placed there: ("new", NewParagraph, bracketed) or ("moved", ref)."""

    # -- helpers ------------------------------------------------------------------------------------

    def is_accepted(self, p: Proposal) -> bool:
        return any(i in self.accepted for i in p.ids)

    def main_id(self, p: Proposal) -> str:
        return next((i for i in p.ids if i in self.accepted), p.ids[0] if p.ids else "?")

    def conflict(self, a: Proposal, b: Proposal, where: str) -> None:
        ia, ib = sorted((self.main_id(a), self.main_id(b)), key=lambda i: self.position.get(i, len(self.position)))
        op = self.ops.get(ib)
        message = f"{ia} and {ib} cannot both be accepted: they overlap in {where}"
        hint = f"accept one of them (--accept {ia} or --accept {ib})"
        if op is None:
            self.conflicts.append(Diagnostic(message, "--accept", hint=hint))
            return
        self.conflicts.append(make_diagnostic(message, path=op.source.path, text=self.sources.get(op.source.path) or None,
                                              line=op.source.line, column=op.source.column, hint=hint))

    def note(self, p: Proposal, message: str) -> None:
        op = self.ops.get(p.ids[0]) if p.ids else None
        if op is None:
            self.notes.append(Diagnostic(message, "--accept", severity="warning"))
        else:
            self.notes.append(make_diagnostic(message, path=op.source.path, text=self.sources.get(op.source.path) or None,
                                              line=op.source.line, column=op.source.column, severity="warning"))

    def credit(self, plan: _Plan, p: Proposal, applied: bool) -> None:
        (plan.applied if applied else plan.shown).extend(p.ids)
        for code in p.proposers + p.supporters:
            if code not in plan.proposers:
                plan.proposers.append(code)

    def drop(self, p: Proposal, why: str | None = None) -> None:
        self.dropped.extend(p.ids)
        if why:
            self.note(p, why)

    # -- deciding -----------------------------------------------------------------------------------

    def paragraph(self, cp: CompiledParagraph) -> None:
        plan = self.plans[cp.ref]
        text = plan.para.text
        marks_acc = [m for m in cp.marks if self.is_accepted(m)]
        changes_acc = [(ch, [p for p in ch.proposals if self.is_accepted(p)]) for ch in cp.changes]
        where = f"paragraph {cp.ref}"

        # whole-paragraph proposals
        deleting = [m for m in marks_acc if m.kind == "delete-paragraph"]
        replacing = [m for m in marks_acc if m.kind == "replace-paragraph"]
        moving = [m for m in marks_acc if m.kind == "move"]
        for group in (deleting + replacing, moving):
            for other in group[1:]:
                self.conflict(group[0], other, where)
        if deleting:
            for m in replacing + moving:
                self.conflict(deleting[0], m, where)
        if deleting or replacing:
            first = (deleting or replacing)[0]
            for ch, acc in changes_acc:
                for p in acc:
                    self.conflict(first, p, where)
        if moving:
            m = moving[0]
            self.moves[cp.ref] = (m.where, m.dest)
            plan.moved = True
            self.credit(plan, m, True)

        if deleting:
            plan.removed = True
            self.credit(plan, deleting[0], True)
            for m in cp.marks:
                if m is not deleting[0] and m not in moving:
                    self.drop(m)
            for ch in cp.changes:
                for p in ch.proposals:
                    self.drop(p)
            return

        if replacing:
            m = replacing[0]
            plan.edits.append(_Edit(0, len(text), m.inserted))
            plan.amended = True
            self.credit(plan, m, True)
            for other in cp.marks:
                if other.kind in ("delete-paragraph", "replace-paragraph") and other is not m:
                    self.drop(other, f"{self.main_id(other)} is superseded by {m.ids[0]}, which was accepted")
            for ch in cp.changes:
                for p in ch.proposals:
                    self.drop(p, f"{self.main_id(p)} is superseded by {m.ids[0]} (paragraph {cp.ref} replaced)")
        else:
            for cluster in self._clusters(text, changes_acc):
                others = [(c.start, c.end) for c, _ in changes_acc if all(c is not ch for ch, _ in cluster)]
                if len(cluster) == 1:
                    self.change(plan, cluster[0][0], cluster[0][1], where, others)
                else:
                    self.open_cluster(plan, cluster, where, others)
            open_marks = [m for m in cp.marks if m.kind in ("delete-paragraph", "replace-paragraph")]
            if open_marks:
                if self.rest == "bracket":
                    self.wrap(plan, open_marks)
                else:
                    for m in open_marks:
                        self.drop(m)

        for m in cp.marks:
            if m.kind == "move" and not self.is_accepted(m):
                if self.rest == "bracket":
                    self.dropped.extend(m.ids)
                    self.note(m, f"{m.ids[0]} (move {cp.ref} {m.where} {m.dest}) is not accepted: a move cannot be "
                                 f"shown in brackets, so paragraph {cp.ref} stays where it is")
                else:
                    self.drop(m)

    def _is_open(self, ch: Change, acc: list[Proposal]) -> bool:
        """Whether a change will show as a new bracket group of its own."""
        return not acc and self.rest == "bracket" and any(p.kind not in _BRACKET_KINDS for p in ch.proposals)

    def _result(self, ch: Change, acc: list[Proposal], text: str) -> str:
        """The text an accepted change leaves in place of its span."""
        edits = [_Edit(p.start - ch.start, p.end - ch.start, _middle(p, ch, text)) for p in acc]
        return _apply_text(text[ch.start : ch.end], edits)

    def _clusters(self, text: str, changes_acc):
        """Changes in order; open changes that would stand side by side in the next revision (only
        spaces, ``/`` or ``or`` between them, counting what accepted changes between them leave) are
        clustered with what lies between: their brackets would read as one group of alternatives."""
        items = list(changes_acc)
        clusters: list[list] = []
        k = 0
        while k < len(items):
            cluster = [items[k]]
            k += 1
            while self._is_open(*cluster[-1]) if cluster else False:
                between = ""
                j = k
                last = cluster[-1][0].end
                while j < len(items) and items[j][1]:  # accepted changes in between
                    between += text[last : items[j][0].start] + self._result(items[j][0], items[j][1], text)
                    last = items[j][0].end
                    j += 1
                if j < len(items) and self._is_open(*items[j]):
                    between += text[last : items[j][0].start]
                    if between.strip() in ("", "/", "or"):
                        cluster.extend(items[k : j + 1])
                        k = j + 1
                        continue
                break
            clusters.append(cluster)
        return clusters

    def _widen(self, para: Paragraph, start: int, end: int, claimed: list[tuple[int, int]]) -> tuple[int, int]:
        """[start, end) widened over the draft's own bracket groups that stand right beside it (only
        spaces, ``/`` or ``or`` between): new brackets there would read as more alternatives of
        that group. Groups that another change claims are left alone."""
        text = para.text
        groups = [g for g in para.bracket_groups if g.depth == 0
                  and not any(a < g.end and g.start < b or (a == b and g.start < a < g.end) for a, b in claimed)]
        grown = True
        while grown:
            grown = False
            for g in groups:
                # between the brackets of a group (not inside one of them): that group's place
                if g.start < start and end < g.end and not any(b.start < start and end < b.end for b in g.brackets):
                    start, end, grown = g.start, g.end, True
                    continue
                if g.end <= start and g.start < start and text[g.end : start].strip() in ("", "/", "or"):
                    start, grown = g.start, True
                if g.start >= end and g.end > end and text[end : g.start].strip() in ("", "/", "or"):
                    end, grown = g.end, True
        return start, end

    def open_cluster(self, plan: _Plan, items: list[tuple[Change, list[Proposal]]], where: str = "",
                     claimed: list[tuple[int, int]] = ()) -> None:
        """Open changes side by side (with accepted changes between them): one bracket group, each
        open proposal an alternative on its own, every alternative with the accepted changes made."""
        text = plan.para.text
        start, end = self._widen(plan.para, items[0][0].start, items[-1][0].end, list(claimed))
        accepted: list[_Edit] = []
        for ch, acc in items:
            if acc:
                accepted.extend(_Edit(e.start - start, e.end - start, e.text) for e in self.accept_change(plan, ch, acc, where))
        span = text[start:end]
        old = _apply_text(span, accepted)
        alternatives = [old] if old.strip() else []
        ids: list[str] = []
        # one alternative per delegation (or set of co-proposers): what it proposes at the several
        # places of the cluster reads as one wording ("[Strengthening] [We affirm that strengthening]"),
        # unless it made competing proposals at one place, which stay alternatives of their own
        wordings: dict[tuple[str, ...], list[tuple[Change, str]]] = {}
        for ch, acc in items:
            if acc:
                continue
            for p in ch.proposals:
                if p.kind in _BRACKET_KINDS:
                    self.dropped.extend(p.ids)
                    continue
                ids.extend(p.ids)
                self.credit(plan, p, False)
                if p.kind == "bracket":
                    continue
                result = "".join(piece.text for piece in p.pieces if piece.op != "delete")
                wordings.setdefault(tuple(p.proposers), []).append((ch, result))
        for edits in wordings.values():
            places = [ch for ch, _ in edits]
            if len(set(map(id, places))) == len(places):
                together = [_Edit(ch.start - start, ch.end - start, result) for ch, result in edits]
                alternatives.append(_apply_text(span, accepted + together))
            else:
                for ch, result in edits:
                    alternatives.append(_apply_text(span, accepted + [_Edit(ch.start - start, ch.end - start, result)]))
        written, inner = _bracketed(alternatives or [old])
        plan.edits.append(_Edit(start, end, written))
        plan.opens.append((tuple(ids), inner))

    def accept_change(self, plan: _Plan, ch: Change, acc: list[Proposal], where: str) -> list[_Edit]:
        """The edits of a change's accepted proposals (overlapping ones are a conflict); the others
        there are superseded."""
        text = plan.para.text
        for k, a in enumerate(acc):
            for b in acc[k + 1 :]:
                if _spans_overlap(a, b):
                    self.conflict(a, b, f'{where} ("{_short(ch.old)}")' if ch.old else where)
        winner = acc[0]
        edits = []
        for p in acc:
            edits.append(_Edit(p.start, p.end, _middle(p, ch, text)))
            self.credit(plan, p, True)
        plan.amended = True
        for p in ch.proposals:
            if p not in acc:
                self.drop(p, f"{self.main_id(p)} is superseded by {winner.ids[0]}, which was accepted at the same place")
        return edits

    def change(self, plan: _Plan, ch: Change, acc: list[Proposal], where: str,
               claimed: list[tuple[int, int]] = ()) -> None:
        if acc:
            plan.edits.extend(self.accept_change(plan, ch, acc, where))
            return
        if self.rest == "drop":
            for p in ch.proposals:
                self.drop(p)
            return
        textual = [p for p in ch.proposals if p.kind not in _BRACKET_KINDS]
        additive = [p for p in ch.proposals if p.kind == "add-alternative"]
        if textual:
            self.open_cluster(plan, [(ch, acc)], where, claimed)
            return
        if additive:
            for p in additive:
                plan.edits.append(_Edit(p.start, p.end, p.inserted))
                self.credit(plan, p, False)
            group = next((g for g in plan.para.bracket_groups if g.start == ch.start and g.end == ch.end), None)
            alts = tuple(group.alternatives) if group else ()
            alts += tuple(p.inserted.strip()[1:-1] for p in additive)
            ids = tuple(i for p in ch.proposals for i in p.ids)
            plan.opens.append((ids, alts))
        for p in ch.proposals:
            if p not in additive:
                self.dropped.extend(p.ids)  # the group stays open: it already shows them

    def wrap(self, plan: _Plan, marks: list[Proposal]) -> None:
        """Contested deletion / replacement of a whole paragraph: ``[text] [new text]``."""
        text = plan.para.text
        current = _apply_text(text, plan.edits)
        alternatives = [current] + [m.inserted for m in marks if m.kind == "replace-paragraph"]
        written, inner = _bracketed(alternatives)
        if not current.strip():  # nothing left to bracket: the alternatives alone
            plan.edits[:] = [_Edit(0, len(text), written)]
        else:
            # "[" before everything at the start, "] [new]" after everything at the end; the
            # paragraph's own text (with the changes made in it) stays as it is written between
            plan.edits.append(_Edit(0, 0, "[", phase=0))
            plan.edits.append(_Edit(len(text), len(text), "]" + "".join(f" [{a}]" for a in inner[1:]), phase=2))
        plan.opens.append((tuple(i for m in marks for i in m.ids), inner))
        for m in marks:
            self.credit(plan, m, False)

    def collect(self, compilation) -> None:
        for block in compilation.blocks:
            if isinstance(block, CompiledParagraph):
                self.paragraph(block)
        for block in compilation.blocks:
            if isinstance(block, NewParagraph):
                new = self.new_paragraph(block)
                if new is None:
                    continue
                self.slots.setdefault((block.where, block.neighbour), []).append(("new", block, new.bracketed, new))
            elif isinstance(block, MovedHere):
                if block.ref in self.moves and not self.plans[block.ref].removed:
                    self.slots.setdefault(self.moves[block.ref], []).append(("moved", block.ref))
        self._check_cycles()
        if self.conflicts:
            raise ConflictError(_unique(self.conflicts))

    def new_paragraph(self, block: NewParagraph) -> _NewPlan | None:
        """A new paragraph stands if one of its ``add paragraph`` operations is accepted; each of its
        file's later edits to it is applied only if accepted itself, otherwise bracketed (``[old]
        [new]``, like any open proposal) or dropped. A new paragraph not accepted is bracketed whole
        as its file proposes it, or dropped, with its edits."""
        p = block.proposal
        adds = [i for i in p.ids if i in self.ops and self.ops[i].kind == "add-paragraph"]
        chosen = next((i for i in adds if i in self.accepted), None)
        if chosen is None:
            if self.rest == "drop":
                self.drop(p)
                return None
            return _NewPlan(block.text, True, shown=list(p.ids))
        by = self.ops[chosen].by
        edits = [self.ops[i] for i in p.ids if i in self.ops and i not in adds and self.ops[i].by == by]
        others = [i for i in p.ids if i != chosen and i not in (op.id for op in edits)]
        original = self.ops[chosen].text
        plan = _NewPlan("", False, applied=[chosen])
        out, pos = [], 0
        for edit in new_paragraph_edits(original, edits):
            start, end, new, op = edit.start, edit.end, edit.text, edit.op
            out.append(original[pos:start])
            pos = end
            if op.id in self.accepted:
                out.append(new)
                plan.applied.append(op.id)
            elif self.rest == "bracket":
                old = original[start:end]
                written, inner = _bracketed([old, new] if old.strip() else [new])
                out.append(written)
                plan.shown.append(op.id)
                plan.opens.append(((op.id,), inner))
            else:
                out.append(original[start:end])
                self.dropped.append(op.id)
        out.append(original[pos:])
        for op in edits:  # edits left out as overlapping a later one
            if op.id not in plan.applied and op.id not in plan.shown:
                self.dropped.append(op.id)
        for i in others:
            # the same paragraph from other files (merged: it reads the same with their own edits)
            if i in adds or i in self.accepted:
                plan.applied.append(i)
            else:
                self.dropped.append(i)
        plan.text = "".join(out)
        return plan

    def _check_cycles(self) -> None:
        """Accepted moves that go round in a circle (40 after 43, 43 after 40) are a conflict. Each
        paragraph is walked once (chains of moves are common: a block moved paragraph by paragraph)."""
        state: dict[str, int] = {}  # 1: on the current chain, 2: known to end outside any circle
        for ref in self.moves:
            chain: list[str] = []
            at = ref
            while at in self.moves and state.get(at) is None:
                state[at] = 1
                chain.append(at)
                at = self.moves[at][1]
            if state.get(at) == 1:  # back on this chain: a circle
                first, other = self._move_id(at), self._move_id(self.moves[at][1])
                op = self.ops.get(first)
                self.conflicts.append(make_diagnostic(
                    f"{first} and {other} cannot both be accepted: the moves go round in a circle",
                    path=op.source.path if op else "--accept",
                    text=self.sources.get(op.source.path) if op else None,
                    line=op.source.line if op else 0, column=op.source.column if op else 0,
                    hint="accept one of them"))
            for c in chain:
                state[c] = 2

    def _move_id(self, ref: str) -> str:
        return next((i for i in self.plans[ref].applied if i in self.ops and self.ops[i].kind == "move"), ref)


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _unique(items: list[Diagnostic]) -> list[Diagnostic]:
    return list(dict.fromkeys(items))


def _sorted_edits(edits: list[_Edit]) -> list[_Edit]:
    return sorted(edits, key=lambda e: (e.start, e.phase, e.end))


def _apply_text(text: str, edits: list[_Edit]) -> str:
    out, pos = [], 0
    for e in _sorted_edits(edits):
        out.append(text[pos : e.start])
        out.append(e.text)
        pos = max(pos, e.end)
    out.append(text[pos:])
    return "".join(out)


# ---------------------------------------------------------------------------------------------------
# Writing: the base source, edited, and new paragraphs in the layout of their neighbours


@dataclass(frozen=True, slots=True)
class _Unit:
    kind: str
    """``fixed`` (title, headings, page furniture), ``gap`` (blank lines) or ``para``."""
    text: str = ""
    ref: str = ""
    section: str | None = None


@dataclass
class _Entry:
    """One piece of the next revision while it is being written."""

    kind: str
    """``fixed``, ``gap``, ``para`` (a base paragraph) or ``new``."""
    text: str = ""
    ref: str = ""
    """Base reference (``para``) or the neighbour's (``new``)."""
    new: NewParagraph | None = None
    bracketed: bool = False
    plan: _NewPlan | None = None
    section: str | None = None
    label: str | None = None
    """The label it gets in the next revision."""


class _Writer:
    def __init__(self, doc: Document, c: _Consolidator, renumber: bool):
        self.doc = doc
        self.c = c
        self.renumber = renumber
        self.eol = "\r\n" if "\r\n" in doc.source else "\n"
        self.units: list[_Unit] = []
        self.children: dict[str, list[str]] = {}
        self.index: dict[str, int] = {}
        self.last: dict[str, int] = {}
        self._flatten(doc.body, None, None)
        self.typical = self._typical_gap()
        self.tight = any(re.search(rf"\d(?:{_SUFFIX_RE})\b", self._raw_label(p) or "") for p in doc.paragraphs)
        self.out: list[_Entry] = []
        self.visiting: set[str] = set()
        self.units.insert(0, _Unit("fixed", doc.title.render()))
        self.index = {ref: k + 1 for ref, k in self.index.items()}
        self.last = {ref: k + 1 for ref, k in self.last.items()}

    # -- the base as units ----------------------------------------------------------------------------

    def _flatten(self, nodes, section: str | None, parent: str | None) -> None:
        for node in nodes:
            if isinstance(node, Section):
                self.units.append(_Unit("fixed", node.heading.render(), section=node.ref))
                self._flatten(node.children, node.ref, parent)
            elif isinstance(node, Paragraph):
                self.index[node.ref] = len(self.units)
                self.units.append(_Unit("para", ref=node.ref, section=section))
                if parent is not None:
                    self.children.setdefault(parent, []).append(node.ref)
                self._flatten(node.children, section, node.ref)
                self.last[node.ref] = len(self.units) - 1
            elif isinstance(node, Furniture):
                self.units.append(_Unit("gap" if node.kind == "blank" else "fixed", node.render(), section=section))

    def _typical_gap(self) -> str:
        counts: Counter[str] = Counter()
        units = self.units
        for k, u in enumerate(units):
            if u.kind != "para" or k + 1 >= len(units):
                continue
            nxt = units[k + 1]
            if nxt.kind == "para":
                counts[""] += 1
            elif nxt.kind == "gap" and k + 2 < len(units) and units[k + 2].kind == "para":
                counts[nxt.text] += 1
        if not counts:
            return self.eol
        return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]

    def sep_after(self, ref: str) -> str:
        k = self.last[ref] + 1
        units = self.units
        if k < len(units) and units[k].kind == "para":
            return ""
        if k + 1 < len(units) and units[k].kind == "gap" and units[k + 1].kind == "para":
            return units[k].text
        return self.typical

    def sep_before(self, ref: str) -> str:
        k = self.index[ref] - 1
        units = self.units
        if k >= 0 and units[k].kind == "para":
            return ""
        if k >= 1 and units[k].kind == "gap" and units[k - 1].kind == "para":
            return units[k].text
        return self.typical

    def _raw_label(self, p: Paragraph) -> str | None:
        if p.label_span is None:
            return None
        return self.doc.source[p.label_span[0] : p.label_span[1]]

    # -- walking ------------------------------------------------------------------------------------

    def walk(self) -> list[_Entry]:
        skip_until = -1
        for k, u in enumerate(self.units):
            if k <= skip_until:
                continue
            if u.kind == "para":
                ref = u.ref
                skip_until = self.last[ref]
                if ref in self.c.moves:
                    continue  # written at its destination
                self.block(ref, u.section)
            else:
                self.out.append(_Entry(u.kind, u.text, section=u.section))
        return self.out

    def block(self, ref: str, section: str | None) -> None:
        """Write a base paragraph where it stands in the next revision: what is placed before it, the
        paragraph (unless deleted) with its sub-items, what is placed after it; a moved paragraph
        placed there brings its own block. A worklist, not recursion: chains of moves can be long."""
        work: list[tuple[str, object, str]] = [("block", ref, "")]
        while work:
            kind, x, neighbour = work.pop()
            if kind == "entry":
                self.out.append(x)
                continue
            if kind == "item":
                if x[0] == "new":
                    self.out.append(_Entry("new", ref=neighbour, new=x[1], bracketed=x[2], plan=x[3], section=section))
                else:
                    work.append(("block", x[1], ""))
                continue
            if x in self.visiting:
                continue
            self.visiting.add(x)
            todo: list[tuple[str, object, str]] = []
            for item in self.c.slots.get(("before", x), []):
                todo.append(("item", item, x))
                todo.append(("entry", _Entry("gap", self.sep_before(x)), ""))
            if not self.c.plans[x].removed:
                todo.append(("entry", _Entry("para", ref=x, section=section), ""))
                k = self.index[x] + 1
                while k <= self.last[x]:
                    u = self.units[k]
                    if u.kind == "para":
                        if u.ref not in self.c.moves:
                            todo.append(("block", u.ref, ""))
                        k = self.last[u.ref] + 1
                        continue
                    todo.append(("entry", _Entry(u.kind, u.text, section=section), ""))
                    k += 1
            for item in self.c.slots.get(("after", x), []):
                todo.append(("entry", _Entry("gap", self.sep_after(x)), ""))
                todo.append(("item", item, x))
            work.extend(reversed(todo))

    # -- labels -------------------------------------------------------------------------------------

    def assign_labels(self) -> None:
        paras = {p.ref: p for p in self.doc.paragraphs}
        entries = [e for e in self.out if e.kind in ("para", "new")]
        if not self.renumber:
            used = {p.label for p in self.doc.paragraphs if p.label}
            last_numeric: str | None = None
            last_sub: dict[str, str] = {}
            last_letter: dict[str, str] = {}
            reletter: set[str] = set()
            # runs of labels that share a number (12, 12 bis, 12 ter ...), in reading order: a new
            # paragraph's label must fit between its neighbours' (``_fit_run``)
            runs: list[tuple[tuple, tuple[str, list[tuple[_Entry, str | None]]]]] = []

            current: dict[tuple, tuple[str, list]] = {}

            def join(scope: tuple, number: str, e: _Entry, label: str | None) -> None:
                run = current.get(scope)
                rank = split_suffix(label)[1] if label is not None else None
                last = max((split_suffix(x)[1] for _, x in run[1] if x is not None), default=-2) if run else -2
                if run is None or run[0] != number or (rank is not None and rank <= last):
                    # a new number, or the same labels again (each Article's "1."): a run of its own
                    run = current[scope] = (number, [])
                    runs.append((scope, run))
                run[1].append((e, label))

            for e in entries:
                para = paras[e.ref]
                if e.kind == "para":
                    e.label = para.label
                    if e.label and para.parent is None and _NUMERIC_LABEL.match(e.label):
                        last_numeric = e.label
                        join(("top", e.section), split_suffix(e.label)[0], e, e.label)
                    elif e.label and para.parent is not None and self._numbered_sub(para):
                        number = str(_letter_number(_LETTER.match(para.label).group(1)))
                        last_sub[para.parent] = number
                        join(("sub", para.parent), number, e, number)
                    elif e.label and para.parent is not None and _lettered(e.label):
                        last_letter[para.parent] = e.label
                        join(("letter", para.parent), split_suffix(e.label)[0], e, e.label)
                    continue
                neighbour = para
                if neighbour.label is None:
                    e.label = None
                    continue
                if neighbour.parent is not None and _lettered(neighbour.label):
                    if self._numbered_sub(neighbour) and neighbour.parent in last_sub:
                        # a sub-item the parser letters but the draft numbers (Markdown " 2."): it
                        # takes "2bis." as a paragraph would, the others keep their numbers
                        join(("sub", neighbour.parent), split_suffix(last_sub[neighbour.parent])[0], e, None)
                        continue
                    if not self._numbered_sub(neighbour) and neighbour.parent in last_letter:
                        # a new lettered sub-item takes "(b) bis" after the one before it, as a
                        # paragraph takes "12 bis"; the others keep their letters
                        join(("letter", neighbour.parent), split_suffix(last_letter[neighbour.parent])[0], e, None)
                        continue
                    reletter.add(neighbour.parent)
                    continue
                if neighbour.parent is None and last_numeric:
                    join(("top", e.section), split_suffix(last_numeric)[0], e, None)
                    continue
                e.label = _next_label(None, e.new.label, used)
                used.add(e.label)
            sub_used: dict[str, set[str]] = {}
            letter_used: dict[str, set[str]] = {}
            for p in self.doc.paragraphs:
                if p.parent is not None and p.label and _LETTER.match(p.label):
                    sub_used.setdefault(p.parent, set()).add(str(_letter_number(_LETTER.match(p.label).group(1))))
                if p.parent is not None and p.label and _lettered(p.label):
                    # every sub-item label of the draft under this parent, kept or deleted
                    letter_used.setdefault(p.parent, set()).add(p.label)
            # where each Article numbers from 1 (labels repeat across sections), a label need only be
            # free in its own section
            by_section: dict[str | None, set[str]] = {}
            for p in self.doc.paragraphs:
                if p.parent is None and p.label:
                    by_section.setdefault(p.section, set()).add(p.label)
            seen: set[str] = set()
            repeats = False
            for labels in by_section.values():
                repeats = repeats or bool(seen & labels)
                seen |= labels
            for scope, (number, items) in runs:
                if any(label is None for _, label in items):
                    if scope[0] == "top":
                        taken = by_section.setdefault(scope[1], set()) if repeats else used
                    elif scope[0] == "letter":
                        taken = letter_used.setdefault(scope[1], set())
                    else:
                        taken = sub_used.setdefault(scope[1], set())
                    fitted = _fit_run(number, [label for _, label in items], taken)
                    for (e, label), new_label in zip(items, fitted):
                        if e.kind == "new" or new_label != label:
                            e.label = new_label
                            taken.add(new_label)
            # a new sub-item with no lettered sub-item before it (the first of its series): the
            # series is lettered afresh
            letters: Counter = Counter()
            for e in entries:
                model = paras[e.ref]
                if model.parent in reletter and model.label and _lettered(model.label):
                    letters[model.parent] += 1
                    n = letters[model.parent]
                    e.label = f"({_letters(n)})" if model.label.startswith("(") else _letters(n)
            return
        series = _Series(self.doc)
        counters: Counter = Counter()
        for e in entries:
            model = paras[e.ref]
            label = model.label
            if label is None:
                e.label = None
                continue
            depth = 0
            p = model
            while p.parent is not None:
                depth += 1
                p = paras[p.parent]
            m = _NUMERIC_LABEL.match(label)
            letter = _LETTER.match(label)
            if model.kind in ("alt", "option"):
                e.label = label if e.kind == "para" else e.new.label
                continue
            parent = paras[model.parent] if model.parent is not None else None
            if depth == 0:
                # the paragraph's own series; a moved paragraph joins its destination's, a new one
                # its neighbour's
                anchor = self.c.moves[e.ref][1] if e.kind == "para" and e.ref in self.c.moves else e.ref
                key = series.key(model.kind, label, e.section, anchor)
            elif m and m.group("suf") and parent is not None and parent.parent is None and parent.label \
                    and split_suffix(label)[0] == parent.label:
                # "3bis." indented under 3 (Markdown): the parser nests it, but it numbers as 3's
                # sibling, so it continues 3's series (4., 5. ...), never a series of its own
                key = series.key(parent.kind, parent.label, e.section, parent.ref)
            else:
                key = ("sub", model.parent, depth)
            if m:
                counters[key] += 1
                e.label = f"{m.group('pre')}{counters[key]}"
            elif letter and depth == 1:
                counters[key] += 1
                n = counters[key]
                e.label = f"({_letters(n)})" if label.startswith("(") else _letters(n)
            else:
                e.label = label if e.kind == "para" else e.new.label

    def _numbered_sub(self, p: Paragraph) -> bool:
        """A sub-item the parser letters (``(b)``) but the draft numbers (Markdown ``    2.``)."""
        raw = self._raw_label(p)
        return bool(p.label and _LETTER.match(p.label) and raw and _NUMERIC_LABEL.match(raw))

    def styled(self, model: Paragraph, label: str) -> str:
        """``label`` written as ``model``'s label is written (``12.`` -> ``12 bis.``)."""
        raw = self._raw_label(model) or label
        base, rank = split_suffix(label)
        if rank >= 0 and _LETTER.match(base):
            # a new lettered sub-item: the letter in the model's style, then the suffix ("(b) bis")
            raw_base = re.sub(rf"\s*\b(?:{_SUFFIX_RE})\b", "", raw).strip()
            letter = self.styled(model, base) if raw_base == raw else self._styled_letter(raw_base, base)
            return f"{letter} {label[len(base):].strip()}"
        m_raw = _NUMERIC_LABEL.match(raw)
        m_new = _NUMERIC_LABEL.match(label)
        if m_raw and m_new:
            suffix = m_new.group("suf")
            sep = "" if self.tight else " "
            return f"{m_raw.group('pre')}{m_new.group('num')}{sep + suffix if suffix else ''}{m_raw.group('post')}"
        lm = re.match(r"^(\(?)([a-z]+)(\)?)(.*)$", raw, re.DOTALL)
        nm = re.match(r"^\(?([a-z]+)\)?$", label)
        if m_raw and nm and not m_raw.group("suf"):
            # a sub-item the parser letters but the draft numbers (Markdown " 1." under 13.7 is 13.7(a))
            return f"{m_raw.group('pre')}{_letter_number(nm.group(1))}{m_raw.group('post')}"
        if lm and nm:
            return f"{lm.group(1)}{nm.group(1)}{lm.group(3)}{lm.group(4)}"
        return label

    def _styled_letter(self, raw: str, label: str) -> str:
        lm = re.match(r"^(\(?)([a-z]+)(\)?)(.*)$", raw, re.DOTALL)
        nm = re.match(r"^\(?([a-z]+)\)?$", label)
        if lm and nm:
            return f"{lm.group(1)}{nm.group(1)}{lm.group(3)}{lm.group(4)}"
        return label

    # -- text ---------------------------------------------------------------------------------------

    def render_para(self, e: _Entry) -> str:
        doc = self.doc
        p = self.c.plans[e.ref].para
        start = p.lines[0].pos.offset
        end = p.end
        edits: list[tuple[int, int, int, str]] = []
        src = doc.source
        text_end = p.source_offset(len(p.text))
        for ed in self.c.plans[e.ref].edits:
            s = p.source_offset(ed.start)
            t = p.text_map[ed.end - 1] + 1 if ed.end > ed.start else s
            if not p.text_map and ed.text and p.label_span:  # a label with no text yet
                ed = _Edit(ed.start, ed.end, " " + ed.text, ed.phase)
            if not ed.text and t > s:
                # a deletion leaves one space between its neighbours, none at the start or end
                if (s == p.source_offset(0) or src[s - 1 : s] == " ") and src[t : t + 1] == " ":
                    t += 1
                elif t == text_end and src[s - 1 : s] == " " and ed.start > 0:
                    s -= 1
            edits.append((s, ed.phase, t, ed.text))
        if p.label_span and e.label is not None and e.label != p.label:
            edits.append((p.label_span[0], -1, p.label_span[1], self.styled(p, e.label)))
        edits.sort(key=lambda x: (x[0], x[1], x[2]))
        out, pos = [], start
        for s, _phase, t, text in edits:
            out.append(doc.source[pos:s])
            out.append(text)
            pos = max(pos, t)
        out.append(doc.source[pos:end])
        return "".join(out)

    def render_new(self, e: _Entry) -> str:
        model = self.c.plans[e.ref].para
        text = " ".join(e.plan.text.split())
        if e.bracketed:
            text = f"[{text}]"
        if model.label_span is None or e.label is None:
            return model.indent + text + self.eol
        between = self.doc.source[model.label_span[1] : model.text_map[0]] if model.text_map else " "
        if not between or "\n" in between or "\r" in between:
            between = " "
        return model.indent + self.styled(model, e.label) + between + text + self.eol

    def assemble(self) -> str:
        pieces: list[tuple[str, str]] = []
        for e in self.out:
            if e.kind == "gap":
                pieces.append(("gap", e.text))
            elif e.kind == "fixed":
                pieces.append(("fixed", e.text))
            else:
                if e.kind == "new" and e.label is None and pieces and pieces[-1] == ("gap", ""):
                    # an unlabelled paragraph needs a blank line, or it reads as the line before's
                    pieces[-1] = ("gap", self.eol)
                pieces.append(("para", self.render_para(e) if e.kind == "para" else self.render_new(e)))
        # Gaps that meet where a paragraph went away: after a heading keep the heading's spacing,
        # before a heading (or the end) the spacing before it, between paragraphs the widest.
        kept: list[tuple[str, str]] = []
        k = 0
        while k < len(pieces):
            if pieces[k][0] != "gap":
                kept.append(pieces[k])
                k += 1
                continue
            j = k
            while j < len(pieces) and pieces[j][0] == "gap":
                j += 1
            run = [text for _, text in pieces[k:j]]
            before = kept[-1][0] if kept else None
            after = pieces[j][0] if j < len(pieces) else None
            if before != "para":
                gap = run[0]
            elif after != "para":
                gap = run[-1]
            else:
                gap = max(run, key=len)
            kept.append(("gap", gap))
            k = j
        out: list[str] = []
        for kind, text in kept:
            if not text:
                continue
            if out and not out[-1].endswith("\n"):
                out[-1] += self.eol
            out.append(text)
        result = "".join(out)
        if not self.doc.source.endswith("\n"):
            result = result.rstrip("\r\n")
        return result


class _Series:
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
        top = [p for p in doc.paragraphs if p.parent is None and p.label and self._FAMILY.match(p.label)]
        self.restarts: dict[str, set[str]] = {}
        last: dict[tuple[str, str], int] = {}
        for p in top:
            family, number = self._number(p.label)
            for scope in ("",) + self.paths.get(p.section or "", ()):
                prev = last.get((scope, family))
                if prev is not None and number <= 1 and number <= prev:
                    self.restarts.setdefault(scope, set()).add(family)
                last[(scope, family)] = number
        # runs inside a scope whose numbers go back to 1: (kind, family, scope) -> open runs
        self.base: dict[str, tuple[tuple, int]] = {}
        runs: dict[tuple, list[list[int]]] = {}
        made: Counter = Counter()
        for p in top:
            family, number = self._number(p.label)
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
        self.current: dict[tuple, int] = {}

    def _paths(self, nodes, path: tuple[str, ...]) -> None:
        for node in nodes:
            if isinstance(node, Section):
                here = path + (node.ref,)
                self.paths[node.ref] = here
                self._paths(node.children, here)

    def _number(self, label: str) -> tuple[str, int]:
        m = self._FAMILY.match(label)
        return m.group(1), int(m.group(2))

    def scope(self, family: str, section: str | None) -> str:
        if family not in self.restarts.get("", set()):
            return ""
        path = self.paths.get(section or "", ())
        for s in path:
            if family not in self.restarts.get(s, set()):
                return s
        return path[-1] if path else ""

    def key(self, kind: str, label: str, section: str | None, anchor: str) -> tuple:
        """The counter of a top-level paragraph labelled ``label`` written in ``section``, whose
        place in the base's series is that of ``anchor`` (itself, its move's destination, or the
        neighbour of a new paragraph)."""
        if not self._FAMILY.match(label):
            return ("top", kind, label)
        family, _ = self._number(label)
        key = (kind, family, self.scope(family, section))
        base = self.base.get(anchor)
        run = base[1] if base is not None and base[0] == key else self.current.get(key, 0)
        self.current[key] = run
        return ("top",) + key + (run,)


def _lettered(label: str) -> bool:
    """A lettered sub-item's label: ``(b)``, or a new one ``(b) bis``."""
    base, rank = split_suffix(label)
    return bool(_LETTER.match(base if rank >= 0 else label))


def _letters(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def _letter_number(letters: str) -> int:
    """``a`` -> 1, ``z`` -> 26, ``aa`` -> 27 (the inverse of ``_letters``)."""
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - ord("a") + 1
    return n


def _fit_run(number: str, labels: list[str | None], used: set[str]) -> list[str]:
    """Labels for a run of paragraphs sharing ``number`` (``12``, ``12 bis`` ...) in reading order,
    ``None`` for a new one. Existing labels stay where they are in order; a new paragraph takes the
    first label after the one before it that is free (no paragraph of the draft, kept or deleted, has
    it) and comes before the next existing one; where none fits (a new paragraph between ``12`` and
    ``12 bis``), it takes the next label and the existing ones after it move up as far as needed."""
    suffixes = list(all_suffixes())

    def name(rank: int) -> str:
        return number if rank < 0 else f"{number} {suffixes[rank]}" if rank < len(suffixes) else f"{number} ({rank + 2})"

    ranks = [None if label is None else split_suffix(label)[1] if split_suffix(label)[0] == number else -1
             for label in labels]
    out: list[str] = []
    prev = -2
    for k, (label, rank) in enumerate(zip(labels, ranks)):
        if label is not None and rank > prev:
            out.append(label)
            prev = rank
            continue
        if label is None:
            bound = next((r for r in ranks[k + 1 :] if r is not None and r > prev), None)
            top = bound if bound is not None else len(suffixes) + 1
            rank = next((r for r in range(max(prev + 1, 0), top) if name(r) not in used), None)
            if rank is None:
                rank = max(prev + 1, 0)
                while bound is None and name(rank) in used:
                    rank += 1
        else:
            rank = prev + 1
        out.append(name(rank))
        prev = rank
    return out


def _next_label(base: str | None, proposed: str, used: set[str]) -> str:
    """The next free ``bis``, ``ter`` ... after ``base`` (``12`` -> ``12 bis``, ``12 bis`` -> ``12 ter``),
    or ``proposed`` when there is no base."""
    if base is None:
        if proposed not in used:
            return proposed
        base = proposed
    for label in labels_after(base):
        if label not in used:
            return label
    n = 2
    while f"{base} {n}" in used:
        n += 1
    return f"{base} {n}"


# ---------------------------------------------------------------------------------------------------
# The entry point


def consolidate(
    doc: Document,
    files: Sequence[AmendmentFile],
    *,
    accept: Iterable[str] = (),
    rest: str = "bracket",
    renumber: bool = False,
    lenient: bool = False,
) -> Consolidation:
    """The next revision of ``doc``: the operations of ``files`` (resolved, in the order given) that
    ``accept`` names applied, the others bracketed (``rest="bracket"``) or dropped (``"drop"``).

    Raises ``SelectionError`` for an ``accept`` pattern that names no operation and ``ConflictError``
    (naming both ids) for accepted proposals that overlap."""
    from amendtool.draft.parser import parse_draft

    if rest not in ("bracket", "drop"):
        raise SelectionError(Diagnostic(f'--rest must be "bracket" or "drop", not "{rest}"', "--rest"))
    files = tuple(files)
    accepted = select_ids(files, accept)
    compilation = compile_drafts(doc, files)
    c = _Consolidator(doc, files, accepted, rest)
    c.collect(compilation)
    w = _Writer(doc, c, renumber)
    entries = w.walk()
    w.assign_labels()
    text = w.assemble()
    nxt = parse_draft(text, path=doc.path, fmt=doc.format, lenient=lenient or bool(doc.warnings))

    # references in the next revision: the parsed text's own (what `show` prints and every command
    # accepts), entry by entry; the labels written if the parse ever disagreed about the paragraphs
    written = [e for e in entries if e.kind in ("para", "new")]
    if len(nxt.paragraphs) == len(written):
        new_refs = [p.ref for p in nxt.paragraphs]
    else:
        new_refs = [e.label or e.ref for e in written]

    rows: list[ConcordanceRow] = []
    opens: list[OpenProposal] = []
    placed: set[str] = set()
    order = c.order

    def people(codes) -> tuple[str, ...]:
        return tuple(sorted(dict.fromkeys(codes), key=lambda code: order.get(code, len(order))))

    cursor = [0]

    def deleted_before(upto: int) -> None:
        if upto <= cursor[0]:
            return
        for p in doc.paragraphs[cursor[0] : upto]:
            if c.plans[p.ref].removed and p.ref not in placed:
                placed.add(p.ref)
                plan = c.plans[p.ref]
                rows.append(ConcordanceRow(p.ref, "", "deleted", False, people(plan.proposers), tuple(plan.applied)))
        cursor[0] = upto

    position = {p.ref: k for k, p in enumerate(doc.paragraphs)}
    for e, new_ref in zip(written, new_refs):
        if e.kind == "para":
            deleted_before(position[e.ref])
            plan = c.plans[e.ref]
            placed.add(e.ref)
            status = "moved" if plan.moved else "amended" if plan.amended else "bracketed" if plan.opens else "unchanged"
            if status == "unchanged" and not renumber and e.label != plan.para.label:
                status = "renumbered"  # made room for a new paragraph (12 bis -> 12 ter)
            rows.append(ConcordanceRow(e.ref, new_ref, status, bool(plan.opens), people(plan.proposers),
                                       tuple(plan.applied) + tuple(plan.shown)))
            for ids, alts in plan.opens:
                opens.append(OpenProposal(new_ref, ids, alts))
        else:
            p = e.new.proposal
            plan = e.plan
            rows.append(ConcordanceRow("", new_ref, "new", e.bracketed or bool(plan.opens),
                                       people(p.proposers + p.supporters), tuple(plan.applied) + tuple(plan.shown)))
            if e.bracketed:
                opens.append(OpenProposal(new_ref, p.ids, (" ".join(plan.text.split()),)))
            for ids, alts in plan.opens:
                opens.append(OpenProposal(new_ref, ids, alts))
    deleted_before(len(doc.paragraphs))

    applied = {i for plan in c.plans.values() for i in plan.applied}
    applied.update(i for e in written if e.kind == "new" for i in e.plan.applied)
    file_order = [op.id for f in files for op in f.operations]
    dropped = set(c.dropped)
    return Consolidation(
        text=text,
        bom=doc.bom,
        document=nxt,
        accepted=tuple(i for i in file_order if i in applied),
        open=tuple(opens),
        dropped=tuple(i for i in file_order if i in dropped and i not in applied),
        concordance=tuple(rows),
        notes=tuple(_unique(c.notes)),
    )
