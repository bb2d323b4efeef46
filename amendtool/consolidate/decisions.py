"""Deciding, place by place, what the next revision shows: accepted proposals applied, competing ones
superseded, the rest bracketed or dropped.

``Decisions.collect(compilation)`` reads the compilation model (identical proposals merged,
overlapping ones grouped as the alternatives of one ``Change``) and makes a ``Plan`` per base
paragraph (edits to its text, whether it is removed or moved, the bracket groups it shows, the ids
behind it), a ``NewPlan`` per new paragraph that stands, and the placements of new paragraphs and
moved paragraphs (``slots``). Overlapping accepted proposals, and accepted moves that go round in a
circle, are a ``ConflictError`` naming both ids.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from amendtool.amend.operations import AddItem, AddOption, AddParagraph, AmendmentFile, Move, Operation, RetainOption
from amendtool.compile import (
    Change,
    Compilation,
    CompiledHeading,
    CompiledParagraph,
    LeftOut,
    LeftOutReason,
    MovedHere,
    NewParagraph,
    Proposal,
    own_edits,
)
from amendtool.draft.model import Document, Paragraph
from amendtool.errors import ConflictError, Diagnostic
from amendtool.text import spans_overlap, splice

Rest: TypeAlias = Literal["bracket", "drop"]
"""What becomes of proposals not accepted: negotiation brackets, or nothing."""

Place: TypeAlias = tuple[Change, list[Proposal]]
"""A change and its accepted proposals."""


@dataclass(frozen=True, slots=True)
class Edit:
    """A change to make in a paragraph's text: [start, end) of ``Paragraph.text`` becomes ``text``."""

    start: int
    end: int
    text: str
    phase: int = 1
    """0: opens a whole-paragraph bracket; 1: a change in the text; 2: closes it (-1: the label)."""


@dataclass(frozen=True, slots=True)
class Bracketing:
    """A bracket group a paragraph shows: the operations behind it and its alternatives as written."""

    ids: tuple[str, ...]
    alternatives: tuple[str, ...]


@dataclass
class Plan:
    """What becomes of one base paragraph (mutable while deciding)."""

    para: Paragraph
    edits: list[Edit] = field(default_factory=list)
    removed: bool = False
    applied: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    proposers: list[str] = field(default_factory=list)
    amended: bool = False
    moved: bool = False
    opens: list[Bracketing] = field(default_factory=list)
    """Bracket groups this paragraph shows."""
    unwrapped: bool = False
    """An option retained: its label goes (a marker line of its own goes altogether; the paragraphs it
    introduces stay)."""
    headings_before: list[str] = field(default_factory=list)
    """New headings written before the paragraph."""
    headings_after: list[str] = field(default_factory=list)
    """New headings written after the paragraph (and its sub-items)."""


@dataclass
class NewPlan:
    """What becomes of a new paragraph: its text in the next revision and the ids behind it."""

    text: str
    bracketed: bool
    """Not accepted: the whole paragraph stands in brackets."""
    applied: list[str] = field(default_factory=list)
    shown: list[str] = field(default_factory=list)
    opens: list[Bracketing] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Spot:
    """A place next to a paragraph: ``before`` or ``after`` the paragraph ``ref`` (of the base draft, or
    the compiled reference of a new one)."""

    where: str
    ref: str


@dataclass(frozen=True, slots=True)
class PlacedNew:
    """A new paragraph that stands in the next revision."""

    block: NewParagraph
    plan: NewPlan


@dataclass(frozen=True, slots=True)
class PlacedMove:
    """A base paragraph (with its sub-items) moved here by an accepted move."""

    ref: str


Placement: TypeAlias = PlacedNew | PlacedMove


def apply_edits(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` made (in order of start, phase and end)."""
    ordered: list[Edit] = sorted(edits, key=lambda e: (e.start, e.phase, e.end))
    return splice(text, ordered)


def _middle(p: Proposal, change: Change, text: str) -> str:
    """What ``p`` writes in place of its own span (its pieces are widened to the change's span)."""
    result = "".join(piece.text for piece in p.pieces if piece.op != "delete")
    before = text[change.start : p.start] if p.start >= change.start else ""
    after = text[p.end : change.end] if p.end <= change.end else ""
    return result[len(before) : len(result) - len(after) if after else len(result)]


_MARKS = ",;:"
"""Marks that a phrase ends with and that give way to the draft's own punctuation after them."""


def junction(text: str, start: int, end: int, written: str) -> Edit:
    """The edit that makes [start, end) of ``text`` read ``written``, its punctuation meeting the
    draft's as a facilitator writes it: written text ending in a comma (semicolon, colon) right
    before the draft's full stop, comma or other mark drops its own (``, including persons with
    disabilities,`` before ``.`` gives ``disabilities.``, not ``disabilities,.``); a deletion between a
    comma and a full stop takes the comma with it (``A, deleted words.`` gives ``A.``)."""
    after = text[end : end + 1]
    core = written.rstrip()
    if after and after in ".,;:!?" and core and core[-1] in _MARKS:
        return Edit(start, end, core[:-1])
    if not written.strip() and after and after in ".;:!?":
        before = text[:start].rstrip()
        if before and before[-1] in _MARKS:
            return Edit(len(before) - 1, end, "")
    return Edit(start, end, written)


def _compete(a: Proposal, b: Proposal) -> bool:
    """Whether two proposals cannot both be applied: their spans overlap, or they claim one bracket
    group."""
    return a.claims_group or b.claims_group or spans_overlap((a.start, a.end), (b.start, b.end))


def bracketed(alternatives: list[str]) -> tuple[str, tuple[str, ...]]:
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


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


NAMED_CONFLICTS = 3
"""How many of the earlier operations it overlaps a conflict report names (then "and N more")."""


@dataclass
class _Overlaps:
    where: str
    """The place, as a message names it (``paragraph 12 ("almost 10 per cent")``)."""
    earlier: list[str] = field(default_factory=list)
    """The earlier accepted ids the operation overlaps."""


def unique(items: list[Diagnostic]) -> list[Diagnostic]:
    return list(dict.fromkeys(items))


def _between_brackets(text: str) -> bool:
    """Whether text between two bracket groups lets them read as one group of alternatives."""
    return text.strip() in ("", "/", "or")


class Decisions:
    def __init__(self, doc: Document, files: Sequence[AmendmentFile], accepted: frozenset[str], rest: Rest):
        self.doc = doc
        self.files = tuple(files)
        self.accepted = accepted
        self.rest = rest
        self.ops: dict[str, Operation] = {op.id: op for f in self.files for op in f.operations}
        self.position = {i: k for k, i in enumerate(self.ops)}
        self.sources = {f.path: f.source for f in self.files}
        self.order = {f.by: k for k, f in enumerate(self.files)}
        self.conflicts: list[Diagnostic] = []
        self.overlaps: dict[str, _Overlaps] = {}
        """Later id -> the earlier accepted ids it overlaps (one report per operation, not per pair)."""
        self._lines: dict[str, list[str]] = {}
        self.notes: list[Diagnostic] = []
        self.left_out: dict[str, LeftOut] = {}
        """Operations neither applied nor shown, with why."""
        self.base_of: dict[str, str] = {}
        """A new paragraph's compiled reference -> the base paragraph it stands next to."""
        self.plans: dict[str, Plan] = {p.ref: Plan(p) for p in doc.paragraphs}
        self.moves: dict[str, Spot] = {}
        """Paragraph -> where its accepted move puts it."""
        self.slots: dict[Spot, list[Placement]] = {}
        """Place -> the new paragraphs and moved paragraphs that stand there."""
        self.headings: dict[str, str | None] = {}
        """Section -> its heading's new title (an accepted replacement), or None (deleted)."""
        self.seen: set[str] = set()
        """Structure proposals not accepted and already reported (a bracket across paragraphs stands
        at both its ends)."""
        self.heading_applied: list[str] = []
        """The ids of the accepted proposals on headings."""

    # -- helpers ------------------------------------------------------------------------------------

    def is_accepted(self, p: Proposal) -> bool:
        return any(i in self.accepted for i in p.ids)

    def main_id(self, p: Proposal) -> str:
        return next((i for i in p.ids if i in self.accepted), p.ids[0] if p.ids else "?")

    def _diagnostic(self, op: Operation | None, message: str, *, hint: str | None = None,
                    severity: str = "error") -> Diagnostic:
        """A diagnostic at the operation's line, or about the accepted ids as a whole."""
        if op is None:
            return Diagnostic(message, "accept", hint=hint, severity=severity)
        path, line = op.source.path, op.source.line
        lines = self._lines.get(path)
        if lines is None:  # split each file once (a file of 8,000 conflicting operations)
            lines = self._lines[path] = [x.rstrip("\r") for x in (self.sources.get(path) or "").split("\n")]
        source = lines[line - 1] if 0 < line <= len(lines) else None
        return Diagnostic(message, path, line, op.source.column, source, hint, severity)

    def conflict(self, a: Proposal, b: Proposal, where: str) -> None:
        """Record that accepted ``a`` and ``b`` overlap (reported by ``report_conflicts``, once per
        operation: the later one, naming the earlier ones)."""
        ia, ib = sorted((self.main_id(a), self.main_id(b)), key=lambda i: self.position.get(i, len(self.position)))
        entry = self.overlaps.setdefault(ib, _Overlaps(where))
        if ia not in entry.earlier:
            entry.earlier.append(ia)

    def report_conflicts(self) -> list[Diagnostic]:
        """One error per operation that overlaps earlier accepted ones, so the report grows with the
        operations, not with their pairs: ``EU-1 and EU-2 cannot both be accepted ...`` for one,
        ``EU-4 cannot be accepted with EU-1, EU-2 or EU-3 ...`` for several (the first few named)."""
        out = []
        for later, entry in self.overlaps.items():
            earlier = entry.earlier
            if len(earlier) == 1:
                message = f"{earlier[0]} and {later} cannot both be accepted: they overlap in {entry.where}"
                hint = f"accept one of them ({earlier[0]} or {later})"
            else:
                named = earlier[:NAMED_CONFLICTS]
                more = len(earlier) > NAMED_CONFLICTS  # the search stops there: "and others"
                others = ", ".join(named[:-1]) + (f", {named[-1]} and others" if more else f" or {named[-1]}")
                message = f"{later} cannot be accepted with {others}: they overlap in {entry.where}"
                hint = "accept at most one of them"
            out.append(self._diagnostic(self.ops.get(later), message, hint=hint))
        return out

    def note(self, p: Proposal, message: str) -> None:
        op = self.ops.get(p.ids[0]) if p.ids else None
        self.notes.append(self._diagnostic(op, message, severity="warning"))

    def credit(self, plan: Plan, p: Proposal, applied: bool) -> None:
        ids = plan.applied if applied else plan.shown
        ids.extend(i for i in p.ids if i not in ids)
        for code in p.proposers + p.supporters:
            if code not in plan.proposers:
                plan.proposers.append(code)

    def drop(self, p: Proposal, ref: str, reason: LeftOutReason, by: tuple[str, ...] = (),
             why: str | None = None) -> None:
        """``p`` is left out (``reason``; ``by`` the operations that cause it), with a warning ``why``."""
        for i in p.ids:
            self.left_out.setdefault(i, LeftOut(i, ref, reason, by))
        if why:
            self.note(p, why)

    def not_accepted(self, p: Proposal, ref: str) -> None:
        """Not accepted, and the rest is dropped."""
        self.drop(p, ref, "not-accepted")

    # -- the whole compilation ----------------------------------------------------------------------

    def collect(self, compilation: Compilation) -> None:
        self.left_out.update((o.id, o) for o in compilation.left_out)
        neighbours = {b.ref: b.neighbour for b in compilation.blocks if isinstance(b, NewParagraph)}
        for ref in neighbours:
            at, seen = ref, set()
            while at in neighbours and at not in seen:
                seen.add(at)
                at = neighbours[at]
            self.base_of[ref] = at
        for block in compilation.blocks:
            if isinstance(block, CompiledParagraph):
                self.paragraph(block)
                self.structure(block)
            elif isinstance(block, CompiledHeading):
                self.heading(block)
        for block in compilation.blocks:
            if isinstance(block, NewParagraph):
                new = self.new_paragraph(block)
                if new is not None:
                    self.slots.setdefault(Spot(block.where, block.neighbour), []).append(PlacedNew(block, new))
            elif isinstance(block, MovedHere):
                if block.ref in self.moves and not self.plans[block.ref].removed:
                    self.slots.setdefault(self.moves[block.ref], []).append(PlacedMove(block.ref))
        self._check_cycles()
        conflicts = self.report_conflicts() + self.conflicts
        if conflicts:
            raise ConflictError(unique(conflicts))

    # -- a base paragraph ---------------------------------------------------------------------------

    def paragraph(self, cp: CompiledParagraph) -> None:
        plan = self.plans[cp.ref]
        marks_acc = [m for m in cp.marks if self.is_accepted(m)]
        changes_acc: list[Place] = [(ch, [p for p in ch.proposals if self.is_accepted(p)]) for ch in cp.changes]
        deleting = [m for m in marks_acc if m.kind == "delete-paragraph"]
        replacing = [m for m in marks_acc if m.kind == "replace-paragraph"]
        moving = [m for m in marks_acc if m.kind == "move"]
        self._mark_conflicts(f"paragraph {cp.ref}", deleting, replacing, moving, changes_acc)
        if moving:
            m = moving[0]
            self.moves[cp.ref] = Spot(m.where, m.dest)
            plan.moved = True
            self.credit(plan, m, True)
        if deleting:
            self._delete(cp, plan, deleting[0], moving)
            return
        if replacing:
            self._replace(cp, plan, replacing[0])
        else:
            self._changes(cp, plan, changes_acc)
        self._moves_not_accepted(cp)

    def _mark_conflicts(self, where: str, deleting: list[Proposal], replacing: list[Proposal],
                        moving: list[Proposal], changes_acc: list[Place]) -> None:
        """Accepted whole-paragraph proposals that cannot go together: two deletions or replacements,
        two moves, a deletion with a move, a deletion or replacement with a change in the text."""
        for group in (deleting + replacing, moving):
            for other in group[1:]:
                self.conflict(group[0], other, where)
        if deleting:
            for m in replacing + moving:
                self.conflict(deleting[0], m, where)
        if deleting or replacing:
            first = (deleting or replacing)[0]
            for _, acc in changes_acc:
                for p in acc:
                    self.conflict(first, p, where)

    def _delete(self, cp: CompiledParagraph, plan: Plan, m: Proposal, moving: list[Proposal]) -> None:
        """An accepted deletion: the paragraph goes (with its sub-items); the rest on it is dropped."""
        plan.removed = True
        self.credit(plan, m, True)
        winner = self.main_id(m)
        for other in [o for o in cp.marks if o is not m and o not in moving] + [p for ch in cp.changes
                                                                              for p in ch.proposals]:
            self.drop(other, cp.ref, "superseded", (winner,),
                      f"{self.main_id(other)} is superseded by {winner} (paragraph {cp.ref} deleted), which was "
                      "accepted")

    def _replace(self, cp: CompiledParagraph, plan: Plan, m: Proposal) -> None:
        """An accepted replacement: the new text; other deletions, replacements and changes are
        superseded."""
        plan.edits.append(Edit(0, len(plan.para.text), m.inserted))
        plan.amended = True
        self.credit(plan, m, True)
        for other in cp.marks:
            if other.kind in ("delete-paragraph", "replace-paragraph") and other is not m:
                self.drop(other, cp.ref, "superseded", (self.main_id(m),),
                          f"{self.main_id(other)} is superseded by {m.ids[0]}, which was accepted")
        for ch in cp.changes:
            for p in ch.proposals:
                self.drop(p, cp.ref, "superseded", (self.main_id(m),),
                          f"{self.main_id(p)} is superseded by {m.ids[0]} (paragraph {cp.ref} replaced)")

    def _changes(self, cp: CompiledParagraph, plan: Plan, changes_acc: list[Place]) -> None:
        """The changes in the text, and deletions or replacements of the paragraph not accepted."""
        where = f"paragraph {cp.ref}"
        for cluster in self._clusters(plan.para.text, changes_acc):
            others = [(c.start, c.end) for c, _ in changes_acc if all(c is not ch for ch, _ in cluster)]
            if len(cluster) == 1:
                self.change(plan, cluster[0][0], cluster[0][1], where, others)
            else:
                self.open_cluster(plan, cluster, where, others)
        open_marks = [m for m in cp.marks if m.kind in ("delete-paragraph", "replace-paragraph")]
        # the other options of a group one option of which is retained: not accepted, the group stays
        # as it is (its options are alternatives already); the retain-option mark reports it
        choosing = [m for m in open_marks if all(isinstance(self.ops.get(i), RetainOption) for i in m.ids)]
        for m in choosing:
            self.not_accepted(m, cp.ref)
        open_marks = [m for m in open_marks if m not in choosing]
        if not open_marks:
            return
        if self.rest == "bracket":
            self.wrap(plan, open_marks)
        else:
            for m in open_marks:
                self.not_accepted(m, cp.ref)

    def _moves_not_accepted(self, cp: CompiledParagraph) -> None:
        for m in cp.marks:
            if m.kind != "move" or self.is_accepted(m):
                continue
            if self.rest == "bracket":
                self.drop(m, cp.ref, "not-bracketable",
                          why=f"{m.ids[0]} (move {cp.ref} {m.where} {m.dest}) is not accepted: a move cannot be "
                              f"shown in brackets, so paragraph {cp.ref} stays where it is")
            else:
                self.not_accepted(m, cp.ref)

    def _is_open(self, place: Place) -> bool:
        """Whether a change will show as a new bracket group of its own."""
        ch, acc = place
        return not acc and self.rest == "bracket" and any(not p.claims_group for p in ch.proposals)

    def _result(self, ch: Change, acc: list[Proposal], text: str) -> str:
        """The text an accepted change leaves in place of its span."""
        edits = [Edit(p.start - ch.start, p.end - ch.start, _middle(p, ch, text)) for p in acc]
        return apply_edits(text[ch.start : ch.end], edits)

    def _clusters(self, text: str, places: list[Place]) -> list[list[Place]]:
        """Changes in order; open changes that would stand side by side in the next revision (only
        spaces, ``/`` or ``or`` between them, counting what accepted changes between them leave) are
        clustered with what lies between: their brackets would read as one group of alternatives."""
        clusters: list[list[Place]] = []
        k = 0
        while k < len(places):
            cluster = [places[k]]
            k += 1
            while self._is_open(cluster[-1]):
                j = self._next_open(text, places, k, cluster[-1][0].end)
                if j is None:
                    break
                cluster.extend(places[k : j + 1])
                k = j + 1
            clusters.append(cluster)
        return clusters

    def _next_open(self, text: str, places: list[Place], k: int, last: int) -> int | None:
        """The index of the open change from ``k`` on that stands right beside the open change ending
        at ``last`` (only accepted changes, spaces, ``/`` or ``or`` between), or None."""
        between = ""
        j = k
        while j < len(places) and places[j][1]:  # accepted changes in between
            between += text[last : places[j][0].start] + self._result(places[j][0], places[j][1], text)
            last = places[j][0].end
            j += 1
        if j < len(places) and self._is_open(places[j]):
            between += text[last : places[j][0].start]
            if _between_brackets(between):
                return j
        return None

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
                if g.end <= start and g.start < start and _between_brackets(text[g.end : start]):
                    start, grown = g.start, True
                if g.start >= end and g.end > end and _between_brackets(text[end : g.start]):
                    end, grown = g.end, True
        return start, end

    def open_cluster(self, plan: Plan, places: list[Place], where: str = "",
                     claimed: Sequence[tuple[int, int]] = ()) -> None:
        """Open changes side by side (with accepted changes between them): one bracket group, each
        open proposal an alternative on its own, every alternative with the accepted changes made."""
        text = plan.para.text
        start, end = self._widen(plan.para, places[0][0].start, places[-1][0].end, list(claimed))
        accepted: list[Edit] = []
        for ch, acc in places:
            if acc:
                accepted.extend(Edit(e.start - start, e.end - start, e.text)
                                for e in self.accept_change(plan, ch, acc, where))
        span = text[start:end]
        old = apply_edits(span, accepted)
        alternatives = [old] if old.strip() else []
        ids: list[str] = []
        # one alternative per delegation (or set of co-proposers): what it proposes at the several
        # places of the cluster reads as one wording ("[Strengthening] [We affirm that strengthening]"),
        # unless it made competing proposals at one place, which stay alternatives of their own
        wordings: dict[tuple[str, ...], list[tuple[Change, str]]] = {}
        for ch, acc in places:
            if acc:
                continue
            for p in ch.proposals:
                ids.extend(p.ids)
                self.credit(plan, p, False)
                if p.kind == "bracket" or p.claims_group:  # the group they choose from stays open, in these
                    continue
                result = "".join(piece.text for piece in p.pieces if piece.op != "delete")
                wordings.setdefault(tuple(p.proposers), []).append((ch, result))
        for edits in wordings.values():
            alternatives += _wordings(span, start, accepted, edits)
        written, inner = bracketed(alternatives or [old])
        plan.edits.append(Edit(start, end, written))
        plan.opens.append(Bracketing(tuple(ids), inner))

    def accept_change(self, plan: Plan, ch: Change, acc: list[Proposal], where: str) -> list[Edit]:
        """The edits of a change's accepted proposals (overlapping ones are a conflict); the others
        there are superseded."""
        text = plan.para.text
        place = f'{where} ("{_short(ch.old)}")' if ch.old else where
        for k, b in enumerate(acc[1:], start=1):
            # the first NAMED_CONFLICTS earlier ones it overlaps are enough to name: linear for
            # thousands of proposals at one place
            found = 0
            for j in range(k):  # no slice: copying acc[:k] each time would be quadratic
                a = acc[j]
                if _compete(a, b):
                    self.conflict(a, b, place)
                    found += 1
                    if found > NAMED_CONFLICTS:  # one more than are named: the report says "and others"
                        break
        winner = acc[0]
        edits = []
        for p in acc:
            edits.append(junction(text, p.start, p.end, _middle(p, ch, text)))
            self.credit(plan, p, True)
        plan.amended = True
        chosen = {id(p) for p in acc}  # identity: a list's "in" compares whole proposals, quadratic
        for p in ch.proposals:
            if id(p) not in chosen:
                self.drop(p, plan.para.ref, "superseded", (self.main_id(winner),),
                          f"{self.main_id(p)} is superseded by {winner.ids[0]}, which was accepted at the same place")
        return edits

    def change(self, plan: Plan, ch: Change, acc: list[Proposal], where: str,
               claimed: Sequence[tuple[int, int]] = ()) -> None:
        if acc:
            plan.edits.extend(self.accept_change(plan, ch, acc, where))
            return
        if self.rest == "drop":
            for p in ch.proposals:
                self.not_accepted(p, plan.para.ref)
            return
        textual = [p for p in ch.proposals if not p.claims_group]
        additive = [p for p in ch.proposals if p.kind == "add-alternative"]
        if textual:
            self.open_cluster(plan, [(ch, acc)], where, claimed)
            return
        # retain and remove brackets not accepted: the group stays open as it is, standing for them; an
        # alternative not accepted is added to it
        for p in additive:
            plan.edits.append(Edit(p.start, p.end, p.inserted))
        for p in ch.proposals:
            self.credit(plan, p, False)
        group = next((g for g in plan.para.bracket_groups if g.start == ch.start and g.end == ch.end), None)
        alts = tuple(group.alternatives) if group else ()
        alts += tuple(p.inserted.strip()[1:-1] for p in additive)
        if alts:
            plan.opens.append(Bracketing(tuple(i for p in ch.proposals for i in p.ids), alts))

    def wrap(self, plan: Plan, marks: list[Proposal]) -> None:
        """Contested deletion / replacement of a whole paragraph: ``[text] [new text]``."""
        text = plan.para.text
        current = apply_edits(text, plan.edits)
        alternatives = [current] + [m.inserted for m in marks if m.kind == "replace-paragraph"]
        written, inner = bracketed(alternatives)
        if not current.strip():  # nothing left to bracket: the alternatives alone
            plan.edits[:] = [Edit(0, len(text), written)]
        else:
            # "[" before everything at the start, "] [new]" after everything at the end; the
            # paragraph's own text (with the changes made in it) stays as it is written between
            plan.edits.append(Edit(0, 0, "[", phase=0))
            plan.edits.append(Edit(len(text), len(text), "]" + "".join(f" [{a}]" for a in inner[1:]), phase=2))
        plan.opens.append(Bracketing(tuple(i for m in marks for i in m.ids), inner))
        for m in marks:
            self.credit(plan, m, False)

    # -- structure: brackets across paragraphs, options, headings ------------------------------------

    def structure(self, cp: CompiledParagraph) -> None:
        """Proposals on the structure at a paragraph. Accepted: a bracket across paragraphs put in
        (``[`` before everything else at its place, ``]`` after) or taken away, an option chosen (its
        label goes), a heading added. Not accepted: none of them can stand in brackets, so they go
        (and, with ``rest="bracket"``, are reported)."""
        plan = self.plans[cp.ref]
        for p in cp.structure:
            if not self.is_accepted(p):
                self._structure_not_accepted(p, cp.ref)
                continue
            if plan.removed:
                self.conflict(p, self._remover(cp), f"paragraph {cp.ref}")
                continue
            self.credit(plan, p, True)
            match p.kind:
                case "bracket-paragraphs":
                    plan.edits.append(Edit(p.start, p.start, p.inserted, phase=0 if p.where == "opens" else 2))
                    plan.amended = True
                case "remove-brackets-across":
                    plan.edits.append(Edit(p.start, p.end, ""))
                    plan.amended = True
                case "retain-option":
                    plan.unwrapped = True
                    plan.amended = True
                case "add-heading":
                    (plan.headings_before if p.where == "before" else plan.headings_after).append(p.inserted)

    def _remover(self, cp: CompiledParagraph) -> Proposal:
        return next(m for m in cp.marks if m.kind == "delete-paragraph" and self.is_accepted(m))

    def _structure_not_accepted(self, p: Proposal, ref: str, where: str = "") -> None:
        if p.ids and p.ids[0] in self.seen:
            return  # the other end of a bracket across paragraphs
        self.seen.update(p.ids)
        if self.rest == "drop":
            self.not_accepted(p, ref)
            return
        what = {"bracket-paragraphs": "a bracket across paragraphs", "remove-brackets-across":
                "agreeing to a bracket across paragraphs", "retain-option": "choosing an option",
                "add-heading": "a new heading", "replace-heading": "a change of heading",
                "delete-heading": "deleting a heading"}.get(p.kind, "it")
        self.drop(p, ref, "not-bracketable",
                  why=f"{p.ids[0] if p.ids else p.kind} is not accepted: {what} cannot be shown in brackets, "
                      f"so the text stays as it is at {where or ref}")

    def heading(self, h: CompiledHeading) -> None:
        """An accepted replacement of a heading's title, or its deletion (the section's paragraphs
        then stand under the heading before it); the others go."""
        accepted = [m for m in h.marks if self.is_accepted(m)]
        for k, m in enumerate(accepted):
            for other in accepted[k + 1 :]:
                self.conflict(m, other, f"heading {h.ref}")
        for m in h.marks:
            if m not in accepted:
                self._structure_not_accepted(m, h.ref, f"heading {h.ref}")
        if accepted:
            m = accepted[0]
            self.headings[h.ref] = m.inserted if m.kind == "replace-heading" else None
            self.heading_applied.extend(m.ids)

    # -- a new paragraph ----------------------------------------------------------------------------

    def new_paragraph(self, block: NewParagraph) -> NewPlan | None:
        """A new paragraph stands if one of its ``add paragraph`` operations is accepted; each of its
        file's later edits to it is applied only if accepted itself, otherwise bracketed (``[old]
        [new]``, like any open proposal) or dropped. A new paragraph not accepted is bracketed whole
        as its file proposes it, or dropped, with its edits."""
        p = block.proposal
        adds = {i: op for i in p.ids if isinstance(op := self.ops.get(i), (AddParagraph, AddItem, AddOption))}
        chosen = next((op for i, op in adds.items() if i in self.accepted), None)
        ref = self.base_of.get(block.ref, block.neighbour)
        if chosen is None:
            if self.rest == "drop":
                self.not_accepted(p, ref)
                return None
            return NewPlan(block.text, True, shown=list(p.ids))
        edits = [op for i in p.ids if (op := self.ops.get(i)) is not None and i not in adds and op.by == chosen.by]
        edit_ids = {op.id for op in edits}
        plan = NewPlan("", False, applied=[chosen.id])
        plan.text = self._edited(chosen.text, edits, plan, ref)
        for i in p.ids:
            if i == chosen.id or i in edit_ids:
                continue
            # the same paragraph from other files (merged: it reads the same with their own edits)
            if i in adds or i in self.accepted:
                plan.applied.append(i)
            else:
                self.left_out.setdefault(i, LeftOut(i, ref, "superseded", (chosen.id,)))
        return plan

    def _edited(self, original: str, edits: list[Operation], plan: NewPlan, ref: str) -> str:
        """A new paragraph's text with its file's accepted edits made and the others bracketed or left
        out."""
        out: list[str] = []
        pos = 0
        kept, overlapped = own_edits(original, edits)
        for edit in kept:
            out.append(original[pos : edit.start])
            pos = edit.end
            if edit.op.id in self.accepted:
                out.append(edit.text)
                plan.applied.append(edit.op.id)
            elif self.rest == "bracket":
                old = original[edit.start : edit.end]
                written, inner = bracketed([old, edit.text] if old.strip() else [edit.text])
                out.append(written)
                plan.shown.append(edit.op.id)
                plan.opens.append(Bracketing((edit.op.id,), inner))
            else:
                out.append(original[edit.start : edit.end])
                self.left_out.setdefault(edit.op.id, LeftOut(edit.op.id, ref, "not-accepted"))
        out.append(original[pos:])
        for op, by in overlapped:  # edits left out as overlapping a later one
            self.left_out.setdefault(op.id, LeftOut(op.id, ref, "conflicts", (by.id,)))
        return "".join(out)

    # -- moves --------------------------------------------------------------------------------------

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
                at = self.moves[at].ref
            if state.get(at) == 1:  # back on this chain: a circle
                first, other = self._move_id(at), self._move_id(self.moves[at].ref)
                message = f"{first} and {other} cannot both be accepted: the moves go round in a circle"
                self.conflicts.append(self._diagnostic(self.ops.get(first), message, hint="accept one of them"))
            for c in chain:
                state[c] = 2

    def _move_id(self, ref: str) -> str:
        """The id of the accepted move of ``ref``, as the user named it in ``accept`` (identical moves
        are applied together: the message names the one accepted, not the first of them)."""
        moves = [i for i in self.plans[ref].applied if isinstance(self.ops.get(i), Move)]
        return next((i for i in moves if i in self.accepted), moves[0] if moves else ref)


def _wordings(span: str, start: int, accepted: list[Edit], edits: list[tuple[Change, str]]) -> list[str]:
    """The alternatives one delegation's wordings at the places of a cluster make: one, its wordings
    together, unless it proposed competing wordings at one place, which stay alternatives each."""
    places = [ch for ch, _ in edits]
    if len(set(map(id, places))) == len(places):
        together = [Edit(ch.start - start, ch.end - start, result) for ch, result in edits]
        return [apply_edits(span, accepted + together)]
    return [apply_edits(span, accepted + [Edit(ch.start - start, ch.end - start, result)]) for ch, result in edits]
