"""The next revision: accepted proposals applied, the rest bracketed or dropped, in the base's layout.

``consolidate(doc, files, accept=..., rest=..., renumber=...)`` chooses the accepted operations
(``selection.py``), compiles the files (``amendtool.compile``: identical proposals merged, overlapping
ones grouped as the alternatives of one ``Change``) and decides, place by place (``decisions.py``):

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

The text is written by editing the base source (``writer.py``), each paragraph labelled as
``numbering.py`` says. The next revision is parsed again, and its references are the ones the
concordance reports. Everything is indexed by paragraph reference: nothing is quadratic in paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from amendtool.amend.operations import AmendmentFile, Comment, Support
from amendtool.compile import LeftOut, base_paragraph, compile_drafts
from amendtool.consolidate.decisions import Decisions, Rest, unique
from amendtool.consolidate.numbering import BaseEntry, NewEntry, assign_labels
from amendtool.consolidate.result import ConcordanceRow, Consolidation, OpenProposal
from amendtool.consolidate.selection import select_ids
from amendtool.consolidate.writer import Writer
from amendtool.draft.model import Document, paused_gc
from amendtool.draft.options import is_marker
from amendtool.draft.parser import parse_draft, source_syntax
from amendtool.errors import Diagnostic, SelectionError


def consolidate(
    doc: Document,
    files: Sequence[AmendmentFile],
    *,
    accept: Iterable[str] = (),
    rest: Rest = "bracket",
    renumber: bool = False,
    lenient: bool = False,
) -> Consolidation:
    """The next revision of ``doc``: the operations of ``files`` (resolved, in the order given) that
    ``accept`` names applied, the others bracketed (``rest="bracket"``) or dropped (``"drop"``).

    Raises ``SelectionError`` for an ``accept`` pattern that names no operation (path ``accept``) or
    another ``rest`` (path ``rest``), and ``ConflictError`` (naming both ids) for accepted proposals
    that overlap."""
    if rest != "bracket" and rest != "drop":
        raise SelectionError(Diagnostic(f'rest must be "bracket" or "drop", not "{rest}"', "rest"))
    with paused_gc():  # the revision's model makes no reference cycles: collections would only walk the draft
        return _consolidate(doc, tuple(files), accept, rest, renumber, lenient)


def _consolidate(doc: Document, files: tuple[AmendmentFile, ...], accept: Iterable[str], rest: Rest,
                 renumber: bool, lenient: bool) -> Consolidation:
    decisions = Decisions(doc, files, select_ids(files, accept), rest)
    decisions.collect(compile_drafts(doc, files))
    writer = Writer(doc, decisions)
    written = [e for e in writer.walk() if isinstance(e, (BaseEntry, NewEntry))]
    assign_labels(doc, written, decisions.moves, renumber)
    text = writer.assemble()
    nxt = parse_draft(text, path=doc.path, fmt=source_syntax(doc), bom=doc.bom,
                      lenient=lenient or bool(doc.warnings))

    # references in the next revision: the parsed text's own (what `show` prints and every command
    # accepts), entry by entry; the labels written if the parse ever disagreed about the paragraphs
    if len(nxt.paragraphs) == len(written):
        new_refs = [p.ref for p in nxt.paragraphs]
    else:
        new_refs = [e.label or e.ref for e in written]
    applied = {i for plan in decisions.plans.values() for i in plan.applied} | set(decisions.heading_applied)
    applied.update(i for e in written if isinstance(e, NewEntry) for i in e.plan.applied)
    shown = {i for plan in decisions.plans.values() for i in plan.shown}
    shown.update(i for e in written if isinstance(e, NewEntry) for i in e.plan.shown)
    shown -= applied
    left_out = _left_out(doc, files, applied, shown, decisions)
    rows, opens = _Concordance(doc, decisions, renumber, left_out).rows(written, new_refs)
    file_order = [op.id for f in files for op in f.operations]
    return Consolidation(
        text=text,
        bom=doc.bom,
        document=nxt,
        accepted=tuple(i for i in file_order if i in applied),
        open=tuple(opens),
        dropped=tuple(o.id for o in left_out if o.reason not in ("comment", "supports")),
        concordance=tuple(rows),
        notes=tuple(unique(decisions.notes)),
        shown=tuple(i for i in file_order if i in shown),
        left_out=left_out,
    )


def _left_out(doc: Document, files: Sequence[AmendmentFile], applied: set[str], shown: set[str],
              decisions: Decisions) -> tuple[LeftOut, ...]:
    """Every operation neither applied nor shown in brackets, with why, in file order: what the
    decisions left out, comments (a revision carries none), supports of what is left out. Nothing is
    dropped unnamed: an operation nothing accounts for is ``unplaced`` (a fault, never expected)."""
    found: dict[str, LeftOut] = {}
    supports: list[tuple[Support, str]] = []
    given = {op.id for f in files for op in f.operations}
    paras = {p.ref for p in doc.paragraphs}
    for f in files:
        for op in f.operations:
            if op.id in applied or op.id in shown:
                continue
            ref = base_paragraph(op, f, paras)
            match op:
                case _ if op.id in decisions.left_out:
                    found[op.id] = decisions.left_out[op.id]
                case Comment():
                    found[op.id] = LeftOut(op.id, ref, "comment")
                case Support():
                    supports.append((op, ref))
                case _:
                    found[op.id] = LeftOut(op.id, ref, "unplaced")
    for op, ref in supports:  # a support of an operation left out, or of none given, is left out with it
        target = found.get(op.target_id)
        if target is not None or op.target_id not in given:
            found[op.id] = LeftOut(op.id, target.ref if target else ref, "supports", (op.target_id,))
    return tuple(found[op.id] for f in files for op in f.operations if op.id in found)


class _Concordance:
    """The concordance rows (old -> new, deleted paragraphs where they stood) and the open places."""

    def __init__(self, doc: Document, decisions: Decisions, renumber: bool, left_out: Sequence[LeftOut]):
        self.doc = doc
        self.c = decisions
        self.renumber = renumber
        self.left_out: dict[str, list[LeftOut]] = {}
        """Base paragraph -> the operations about it that are left out."""
        for o in left_out:
            self.left_out.setdefault(o.ref, []).append(o)
        self.table: list[ConcordanceRow] = []
        self.opens: list[OpenProposal] = []
        self.placed: set[str] = set()
        self.cursor = 0
        self.position = {p.ref: k for k, p in enumerate(doc.paragraphs)}

    def people(self, codes: Iterable[str]) -> tuple[str, ...]:
        order = self.c.order
        return tuple(sorted(dict.fromkeys(codes), key=lambda code: order.get(code, len(order))))

    def rows(self, written: list[BaseEntry | NewEntry],
             new_refs: list[str]) -> tuple[list[ConcordanceRow], list[OpenProposal]]:
        for e, new_ref in zip(written, new_refs, strict=False):
            if isinstance(e, BaseEntry):
                self.deleted_before(self.position[e.ref])
                self.base(e, new_ref)
            else:
                self.new(e, new_ref)
        self.deleted_before(len(self.doc.paragraphs))
        return self.table, self.opens

    def deleted_before(self, upto: int) -> None:
        """Rows for the deleted paragraphs before the base paragraph at ``upto``."""
        if upto <= self.cursor:
            return
        for p in self.doc.paragraphs[self.cursor : upto]:
            plan = self.c.plans[p.ref]
            if (plan.removed or plan.unwrapped and is_marker(p)) and p.ref not in self.placed:
                self.placed.add(p.ref)
                self.table.append(ConcordanceRow(p.ref, "", "deleted", False, self.people(plan.proposers),
                                                 tuple(plan.applied), tuple(self.left_out.get(p.ref, ()))))
        self.cursor = upto

    def base(self, e: BaseEntry, new_ref: str) -> None:
        plan = self.c.plans[e.ref]
        self.placed.add(e.ref)
        status = "moved" if plan.moved else "amended" if plan.amended else "bracketed" if plan.opens else "unchanged"
        if status == "unchanged" and not self.renumber and e.label != plan.para.label:
            status = "renumbered"  # made room for a new paragraph (12 bis -> 12 ter)
        self.table.append(ConcordanceRow(e.ref, new_ref, status, bool(plan.opens), self.people(plan.proposers),
                                         tuple(plan.applied) + tuple(plan.shown), tuple(self.left_out.get(e.ref, ()))))
        self.opens.extend(OpenProposal(new_ref, b.ids, b.alternatives) for b in plan.opens)

    def new(self, e: NewEntry, new_ref: str) -> None:
        p = e.new.proposal
        plan = e.plan
        self.table.append(ConcordanceRow("", new_ref, "new", plan.bracketed or bool(plan.opens),
                                         self.people(p.proposers + p.supporters),
                                         tuple(plan.applied) + tuple(plan.shown)))
        if plan.bracketed:
            self.opens.append(OpenProposal(new_ref, p.ids, (" ".join(plan.text.split()),)))
        self.opens.extend(OpenProposal(new_ref, b.ids, b.alternatives) for b in plan.opens)
