"""Building the compilation: the base draft with every delegation's proposals in place.

``compile_drafts(doc, files)`` takes the parsed base draft and the resolved amendment files (every
operation carries its ``Target``: paragraph and span of base text) and builds an immutable
``Compilation`` (``model.py``). Renderers (``amendtool.render.compilation``) only read it.

How operations become proposals, per paragraph (one pass over the operations, indexed by paragraph
reference, then a sort of each paragraph's few proposals; nothing is quadratic in paragraphs or
operations):

- each text operation becomes a ``Proposal`` over its span of ``Paragraph.text``, written as
  ``pieces``: base text kept, deleted or inserted (``bracket`` inserts ``[`` and ``]`` around the
  span, ``remove brackets`` deletes them, ``retain`` deletes the other alternatives of the bracket
  group, ``add alternative`` inserts ``[new]`` after the alternative it names);
- identical proposals (same span, same pieces) are one proposal with several proposers;
- proposals whose spans overlap (two insertions at the same point overlap; an insertion at the edge
  of a deletion does not) form one ``Change`` with the proposals as labelled alternatives, each shown
  over the whole span of the change, so none is lost and none is applied over another. ``retain``,
  ``add alternative`` and ``remove brackets`` claim their whole bracket group: they compete;
- whole-paragraph proposals (``delete paragraph``, ``replace paragraph``, ``move``) are ``marks`` at
  the paragraph, alternatives of each other when there is more than one; comments are marks too;
- new paragraphs are ``NewParagraph`` blocks where proposed, numbered ``bis``, ``ter`` ... after their
  neighbour in the order the files were given; a moved paragraph gets a ``MovedHere`` block at its
  proposed place.

Proposers and supporters are listed in the order the files were given.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal, TypeAlias

from amendtool.amend.operations import (
    AddAlternative,
    AddHeading,
    AddItem,
    AddOption,
    AddParagraph,
    AmendmentFile,
    BracketParagraphs,
    BracketText,
    Delete,
    DeleteHeading,
    DeleteOption,
    DeleteParagraph,
    DeleteParagraphs,
    Insert,
    Move,
    Operation,
    RemoveBrackets,
    RemoveBracketsAcross,
    Replace,
    ReplaceHeading,
    ReplaceParagraph,
    Retain,
    RetainOption,
    Support,
    Target,
)
from amendtool.amend.operations import Comment as CommentOp
from amendtool.compile.model import (
    Block,
    Change,
    Comment,
    Compilation,
    CompiledHeading,
    CompiledParagraph,
    Delegation,
    DelegationSummary,
    Kept,
    LeftOut,
    MovedHere,
    NewParagraph,
    ParagraphSummary,
    Piece,
    Proposal,
    ProposalKind,
    Segment,
    SkippedFile,
    Summary,
    TextKind,
    paused_gc,
)
from amendtool.draft import languages
from amendtool.draft.labels import free_label, overflow_label, split_suffix
from amendtool.draft.model import Bracket, BracketGroup, Document, Furniture, Paragraph, Section
from amendtool.draft.refs import lookup
from amendtool.errors import AmbiguousReference, AmendmentFileError, ReferenceNotFound, SelectionError, make_diagnostic
from amendtool.text import fold, spans_overlap, splice

TextOperation: TypeAlias = Replace | Delete | Insert | BracketText | RemoveBrackets | Retain | AddAlternative
"""Operations on a span of a paragraph's text."""
MarkOperation: TypeAlias = DeleteParagraph | ReplaceParagraph | Move
"""Operations on a whole paragraph."""
StructureOperation: TypeAlias = (BracketParagraphs | RemoveBracketsAcross | DeleteParagraphs | DeleteOption
                                 | RetainOption | ReplaceHeading | DeleteHeading | AddHeading | AddItem | AddOption)
"""Operations that span or name structure: marks on several paragraphs, on headings, new sub-items and
options."""


def compile_drafts(
    doc: Document,
    files: Iterable[AmendmentFile],
    *,
    anonymous: bool = False,
    only: str | Iterable[str] | None = None,
    skipped: Iterable[SkippedFile] = (),
    changed_only: bool = False,
    issued: str = "",
) -> Compilation:
    """Compile resolved amendment files against the base draft.

    ``files`` in the order given on the command line: that order ranks proposers and alternatives.
    ``only`` (codes, or one comma-separated string) restricts the proposals shown to those
    delegations (a ``SelectionError`` names codes that sent no file); ``anonymous`` drops every
    delegation code from the result. ``skipped`` are files given but left out for their errors: the
    compilation names them (``Compilation.skipped``). ``changed_only`` keeps only the paragraphs with
    proposals, comments or bracket groups, under their headings. ``issued`` is the day the
    compilation is made (``YYYY-MM-DD``), printed with the inputs' ``fingerprint``. Raises
    ``AmendmentFileError`` for an operation that was not resolved against this draft.
    """
    files = tuple(files)
    with paused_gc():
        compilation = _compile(doc, files, anonymous, only)
    skipped = tuple(skipped)
    if anonymous:
        skipped = tuple(SkippedFile("", "", k.errors, "") for k in skipped)
    compilation = replace(compilation, skipped=skipped, issued=issued, fingerprint=fingerprint(doc, files))
    if changed_only:
        compilation = replace(compilation, blocks=changed_blocks(compilation.blocks), changed_only=True)
    return compilation


def fingerprint(doc: Document, files: Sequence[AmendmentFile]) -> str:
    """Eight hex digits of a SHA-256 over the draft's text and each amendment file's text, in order."""
    digest = hashlib.sha256(doc.source.encode("utf-8"))
    for f in files:
        digest.update(b"\0" + f.source.encode("utf-8"))
    return digest.hexdigest()[:8]


def changed_blocks(blocks: Sequence[Block]) -> tuple[Block, ...]:
    """The blocks a reader in the room needs: paragraphs with proposals, comments or bracket groups,
    new paragraphs and move destinations, each under the headings it stands under (a heading with
    nothing kept under it is left out)."""
    out: list[Block] = []
    pending: list[CompiledHeading] = []
    """The headings above the current place, outermost first, not yet written."""
    for b in blocks:
        if isinstance(b, CompiledHeading):
            while pending and pending[-1].level >= b.level:
                pending.pop()
            pending.append(b)
            continue
        if isinstance(b, CompiledParagraph) and not (b.proposal_count or b.comments or b.brackets):
            continue
        out.extend(pending)
        pending.clear()
        out.append(b)
    return tuple(out)


def _compile(
    doc: Document, files: tuple[AmendmentFile, ...], anonymous: bool, only: str | Iterable[str] | None
) -> Compilation:
    order: dict[str, int] = {}
    for f in files:
        order.setdefault(f.by, len(order))
    only_codes = _select(only, order)
    builder = _Builder(doc, order, anonymous)
    unseen: list[tuple[Operation, AmendmentFile]] = []
    for f in files:
        if only_codes is not None and f.by not in only_codes:
            unseen.extend((op, f) for op in f.operations)
            continue
        for op in f.operations:
            builder.add(op, f)
    for op, f in unseen:  # a support of a proposal shown shows too (its delegation among the supporters)
        if isinstance(op, Support) and op.target_id in builder.by_id:
            builder.support(op, f)
        else:
            builder.left_out[op.id] = LeftOut(op.id, base_paragraph(op, f, builder.paras), "not-selected")
    for f in files:  # supports may point at operations of any file, earlier or later
        if only_codes is not None and f.by not in only_codes:
            continue
        for op in f.operations:
            if isinstance(op, Support):
                builder.support(op, f)
    delegations = () if anonymous else tuple(
        Delegation(f.by, f.name, _basename(f.path), f.date)
        for f in files
        if only_codes is None or f.by in only_codes
    )
    return builder.build(delegations, None if anonymous else only_codes, files)


def base_paragraph(op: Operation, f: AmendmentFile, paras: Container[str]) -> str:
    """The base paragraph an operation is about: its own, or for an operation on a new paragraph of
    its file, the base paragraph that new one stands next to."""
    ref = op.target.ref if op.target is not None else op.ref
    neighbours = {a.label: (a.target.ref if a.target is not None else a.ref)
                  for a in f.operations if isinstance(a, AddParagraph)}
    seen: set[str] = set()
    while ref not in paras and ref in neighbours and ref not in seen:
        seen.add(ref)
        ref = neighbours[ref]
    return ref


def _select(only: str | Iterable[str] | None, order: dict[str, int]) -> tuple[str, ...] | None:
    """The delegations ``only`` names, in file order (codes compared case-insensitively)."""
    if only is None:
        return None
    wanted = [c.strip() for c in (only.split(",") if isinstance(only, str) else only) if c.strip()]
    by_upper = {code.upper(): code for code in order}
    chosen: list[str] = []
    unknown: list[str] = []
    for code in wanted:
        found = code if code in order else by_upper.get(code.upper())
        if found is None:
            unknown.append(code)
        else:
            chosen.append(found)
    if unknown:
        known = ", ".join(order) or "none"
        raise SelectionError(make_diagnostic(
            f"{', '.join(unknown)} sent no amendment file (delegations: {known})", path="only"), choice="only")
    return tuple(sorted(set(chosen), key=order.__getitem__))


def _basename(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


# ---------------------------------------------------------------------------------------------------
# Collecting: operations gathered per paragraph, identical ones merged


@dataclass(frozen=True, slots=True)
class _Spot:
    """A paragraph that new paragraphs and move destinations are placed next to: a paragraph of the
    base draft (by reference) or a new one (by the id of the operation that first adds it)."""

    ref: str
    new: bool = False


SlotKey: TypeAlias = tuple[Literal["move", "add"], str]
"""A move destination (by the moved paragraph's reference) or a new paragraph (by its operation id)."""


@dataclass(slots=True)
class _Counts:
    """What one delegation's operations were."""

    proposals: int = 0
    supports: int = 0
    comments: int = 0


@dataclass(slots=True)
class _Raw:
    """A proposal while it is being collected (mutable; frozen into a ``Proposal`` at the end)."""

    kind: ProposalKind
    start: int
    end: int
    claim: tuple[int, int]
    """The span it competes for: its own span, or the whole bracket group it claims."""
    pieces: tuple[Piece, ...]
    rank: tuple[int, int]
    """(file, operation) order of the first operation merged into it."""
    proposers: list[str] = field(default_factory=list)
    supporters: list[str] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    dest: str = ""
    where: str = ""
    label: str = ""
    """For a new paragraph: the label the first file gave it."""
    edits: list[TextOperation | ReplaceParagraph] = field(default_factory=list)
    """For a new paragraph: its own file's later operations on it (applied to its text)."""
    comments: list[tuple[tuple[int, int], Comment]] = field(default_factory=list)
    """For a new paragraph: comments on it, with their rank."""
    withdrawn_by: str = ""
    """For a new paragraph: the operation of its own file that deletes it ("" while it stands)."""
    base: str = ""
    """For a new paragraph: the base paragraph it stands next to (through other new ones)."""
    printed: str = ""
    """For a new sub-item: the label it prints (``(a)``)."""
    deeper: bool = False
    """For a new sub-item: it stands one level under the paragraph it is placed after."""
    new_kind: Literal["paragraph", "item", "option"] = "paragraph"
    """For a new paragraph: a paragraph, a first sub-item or an option."""


@dataclass(frozen=True, slots=True)
class _TextProposal:
    """What a text operation proposes over a paragraph's text."""

    kind: TextKind
    start: int
    end: int
    claim: tuple[int, int]
    pieces: tuple[Piece, ...]


class _Builder:
    def __init__(self, doc: Document, order: dict[str, int], anonymous: bool):
        self.doc = doc
        self.order = order
        self.anonymous = anonymous
        self.paras: dict[str, Paragraph] = {p.ref: p for p in doc.paragraphs}
        self.text_ops: dict[str, dict[tuple[object, ...], _Raw]] = {}
        """Paragraph -> its text proposals, by (span, pieces)."""
        self.marks: dict[str, dict[tuple[object, ...], _Raw]] = {}
        """Paragraph -> its whole-paragraph proposals, by (kind, destination, pieces)."""
        self.comments: dict[str, list[tuple[tuple[int, int], Comment]]] = {}
        self.heading_marks: dict[str, dict[tuple[object, ...], _Raw]] = {}
        """Section -> the proposals on its heading."""
        self.structure: dict[str, dict[tuple[object, ...], _Raw]] = {}
        """Paragraph -> proposals on the structure there that compete with nothing (``structure``)."""
        self.slots: dict[tuple[str, _Spot], dict[SlotKey, _Raw]] = {}
        """(before|after, paragraph) -> new paragraphs and move destinations placed there."""
        self.local: dict[tuple[str, str], _Raw] = {}
        """(delegation, label its file gave) -> the new paragraph, for its file's later operations."""
        self.by_id: dict[str, _Raw] = {}
        self.left_out: dict[str, LeftOut] = {}
        """Operations the compilation does not show, by id."""
        self.supports: list[tuple[Support, AmendmentFile]] = []
        self.counts: dict[str, _Counts] = {code: _Counts() for code in order}
        self.seq = 0

    # -- collecting ---------------------------------------------------------------------------------

    def _error(self, op: Operation, message: str) -> AmendmentFileError:
        return AmendmentFileError(make_diagnostic(message, path=op.source.path, line=op.source.line,
                                                  column=op.source.column))

    def _not_in_draft(self, op: Operation, ref: str) -> AmendmentFileError:
        return self._error(op, f'paragraph "{ref}" is not in the draft {self.doc.path}')

    def _comment(self, op: CommentOp) -> Comment:
        return Comment(op.text, "" if self.anonymous else op.by, "" if self.anonymous else op.id)

    def _spot(self, op: Operation, ref: str) -> _Spot:
        """The paragraph an operation names as a neighbour or destination: a base paragraph or a new
        one of the same file."""
        if ref in self.paras:
            return _Spot(ref)
        raw = self.local.get((op.by, ref))
        if raw is not None:
            return _Spot(raw.ids[0], new=True)
        try:
            return _Spot(lookup(self.doc, ref).ref)
        except (ReferenceNotFound, AmbiguousReference):
            raise self._not_in_draft(op, ref) from None

    def add(self, op: Operation, f: AmendmentFile) -> None:
        self.seq += 1
        rank = (self.order[f.by], self.seq)
        if isinstance(op, Support):
            return
        target = op.target
        if target is None:
            raise self._error(op, f"operation {op.id} was not resolved against the draft")
        counts = self.counts.setdefault(op.by, _Counts())
        match op:
            case (BracketParagraphs() | RemoveBracketsAcross() | DeleteParagraphs() | DeleteOption() | RetainOption()
                  | ReplaceHeading() | DeleteHeading() | AddHeading() | AddItem() | AddOption()):
                counts.proposals += 1
                self._add_structure(op, target, rank)
                return
        para = self.paras.get(target.ref)
        if para is None:
            # an operation on a paragraph its own file adds
            own = self.local.get((op.by, target.ref))
            if own is None:
                raise self._not_in_draft(op, target.ref)
            if not isinstance(op, AddParagraph):
                self._on_new(op, target.ref, own, rank, counts)
                return
        match op:
            case CommentOp():
                counts.comments += 1
                self.comments.setdefault(target.ref, []).append((rank, self._comment(op)))
            case Replace() | Delete() | Insert() | BracketText() | RemoveBrackets() | Retain() | AddAlternative():
                counts.proposals += 1
                self._add_text(op, self.paras[target.ref], target, rank)
            case DeleteParagraph() | ReplaceParagraph() | Move():
                counts.proposals += 1
                self._add_mark(op, target.ref, rank)
            case AddParagraph():
                counts.proposals += 1
                self._add_new(op, target.ref, rank)
            case _:
                raise self._error(op, f"operation {op.id}: cannot compile an operation of kind {op.kind!r}")

    def _add_text(self, op: TextOperation, para: Paragraph, target: Target, rank: tuple[int, int]) -> None:
        t = _text_proposal(op, para, target.start, target.end)
        raws = self.text_ops.setdefault(para.ref, {})
        key = (t.start, t.end, _norm_pieces(t.pieces))
        raw = raws.get(key)
        if raw is None:
            raw = raws[key] = _Raw(t.kind, t.start, t.end, t.claim, t.pieces, rank)
        self._join(raw, op)

    def _add_mark(self, op: MarkOperation, ref: str, rank: tuple[int, int]) -> None:
        dest = where = ""
        pieces: tuple[Piece, ...] = ()
        spot: _Spot | None = None
        kind: ProposalKind
        match op:
            case DeleteParagraph():
                kind = "delete-paragraph"
            case ReplaceParagraph(text=text):
                kind = "replace-paragraph"
                pieces = (Piece("insert", text),)
            case Move():
                kind = "move"
                where = op.where
                spot = self._spot(op, op.dest)
                dest = op.dest if spot.new else spot.ref
        marks = self.marks.setdefault(ref, {})
        key = (kind, dest, where, _norm_pieces(pieces))
        raw = marks.get(key)
        if raw is None:
            raw = marks[key] = _Raw(kind, 0, 0, (0, 0), pieces, rank, dest=dest, where=where)
        self._join(raw, op)
        if spot is not None:
            self.slots.setdefault((where, spot), {}).setdefault(("move", ref), raw)

    def _add_new(self, op: AddParagraph | AddItem | AddOption, neighbour: str, rank: tuple[int, int]) -> None:
        # one entry per file: identical new paragraphs are merged at the end, once each file's own
        # later edits to its paragraph are known (they must read the same *after* those edits)
        where, label, printed = "after", op.label, ""
        kind: Literal["paragraph", "item", "option"] = "paragraph"
        match op:
            case AddParagraph():
                where = op.where
            case AddOption():  # "II Option 2 bis" beside "II Option 2"
                where, kind = op.where, "option"
                label = neighbour[: len(neighbour) - len(self.paras[neighbour].label or "")] + op.label
            case AddItem():  # "4(a)", printed "(a)", one level under 4
                label, printed, kind = neighbour.removeprefix("Article ") + op.label, op.label, "item"
        spot = self._spot(op, neighbour)
        slot = self.slots.setdefault((where, spot), {})
        raw = slot.get(("add", op.id))
        if raw is None:
            base = self.by_id[spot.ref].base if spot.new else spot.ref
            raw = slot[("add", op.id)] = _Raw("add-paragraph", 0, 0, (0, 0), (Piece("insert", op.text),), rank,
                                             label=label, base=base, printed=printed, deeper=bool(printed),
                                             new_kind=kind)
        self._join(raw, op)
        self.local[(op.by, label)] = raw

    def _add_structure(self, op: StructureOperation, target: Target, rank: tuple[int, int]) -> None:
        """Operations that span or name structure: marks where a bracket across paragraphs opens and
        closes, deletions of every paragraph of a range (one proposal, one id), choosing an option
        (the others marked for deletion), proposals on headings, new sub-items and options."""
        match op:
            case BracketParagraphs(open_at=a, close_ref=end_ref, close_at=b):
                first, last = self.paras[target.ref].text, self.paras[end_ref].text
                self._put_mark(op, target.ref, "bracket-paragraphs", rank, where="opens", dest=end_ref, span=(a, a),
                               pieces=_pieces(Piece("insert", "["), Piece("keep", _words_after(first, a))))
                self._put_mark(op, end_ref, "bracket-paragraphs", rank, where="closes", dest=target.ref, span=(b, b),
                               pieces=_pieces(Piece("keep", _words_before(last, b)), Piece("insert", "]")))
            case RemoveBracketsAcross(open_at=a, close_ref=end_ref, close_at=b):
                first, last = self.paras[target.ref].text, self.paras[end_ref].text
                self._put_mark(op, target.ref, "remove-brackets-across", rank, where="opens", dest=end_ref,
                               span=(a, a + 1),
                               pieces=_pieces(Piece("delete", "["),
                                              Piece("keep", _words_after(first, a + 1) if a else "")))
                self._put_mark(op, end_ref, "remove-brackets-across", rank, where="closes", dest=target.ref,
                               span=(b, b + 1), pieces=_pieces(
                                   Piece("keep", _words_before(last, b) if b + 1 < len(last) else ""),
                                   Piece("delete", "]")))
            case DeleteParagraphs(paragraphs=refs):
                for ref in refs:
                    self._put_mark(op, ref, "delete-paragraph", rank)
            case DeleteOption():
                self._put_mark(op, target.ref, "delete-paragraph", rank)
            case RetainOption(others=others):
                self._put_mark(op, target.ref, "retain-option", rank)
                for ref in others:
                    self._put_mark(op, ref, "delete-paragraph", rank)
            case AddHeading(text=text, where=where):
                self._put_mark(op, target.ref, "add-heading", rank, pieces=(Piece("insert", text),), where=where)
            case ReplaceHeading() | DeleteHeading():
                self._heading_mark(op, target, rank)
            case AddItem() | AddOption():
                self._add_new(op, target.ref, rank)

    def _put_mark(self, op: Operation, ref: str, kind: ProposalKind, rank: tuple[int, int], *,
                  pieces: tuple[Piece, ...] = (), where: str = "", dest: str = "",
                  span: tuple[int, int] = (0, 0)) -> None:
        """A proposal on paragraph ``ref`` as a whole (identical ones merged)."""
        if ref not in self.paras:
            raise self._not_in_draft(op, ref)
        table = self.marks if kind == "delete-paragraph" else self.structure
        marks = table.setdefault(ref, {})
        key = (kind, dest, where, span, _norm_pieces(pieces))
        raw = marks.get(key)
        if raw is None:
            raw = marks[key] = _Raw(kind, span[0], span[1], span, pieces, rank, dest=dest, where=where)
        self._join(raw, op)

    def _heading_mark(self, op: ReplaceHeading | DeleteHeading, target: Target, rank: tuple[int, int]) -> None:
        """A proposal on a heading: its title replaced (the pieces: the old title deleted, the new one
        inserted) or the heading deleted."""
        section = next(s for s in self.doc.sections if s.ref == target.ref)
        title = section.heading.title
        kind: ProposalKind = "delete-heading"
        pieces: tuple[Piece, ...] = ()
        if isinstance(op, ReplaceHeading):
            kind = "replace-heading"
            pieces = (Piece("delete", title), Piece("insert", title[: target.start] + op.new + title[target.end :]))
        marks = self.heading_marks.setdefault(target.ref, {})
        key = (kind, (target.start, target.end), _norm_pieces(pieces))
        raw = marks.get(key)
        if raw is None:
            raw = marks[key] = _Raw(kind, target.start, target.end, (target.start, target.end), pieces, rank)
        self._join(raw, op)

    def _on_new(self, op: Operation, ref: str, raw: _Raw, rank: tuple[int, int], counts: _Counts) -> None:
        """An operation of a file on the paragraph ``ref`` the same file adds: folded into that new
        paragraph."""
        if isinstance(op, CommentOp):
            counts.comments += 1
            raw.comments.append((rank, self._comment(op)))
            return
        if isinstance(op, Move):
            raise self._error(op, f"{op.id}: to move the new paragraph {ref}, add it where it should stand instead")
        counts.proposals += 1
        self.by_id[op.id] = raw
        if op.id not in raw.ids:
            raw.ids.append(op.id)
        match op:
            case DeleteParagraph():
                raw.withdrawn_by = raw.withdrawn_by or op.id
            case Replace() | Delete() | Insert() | BracketText() | RemoveBrackets() | Retain() | AddAlternative() \
                    | ReplaceParagraph():
                raw.edits.append(op)
            case _:
                raise self._error(op, f"operation {op.id}: cannot compile an operation of kind {op.kind!r}")

    def _join(self, raw: _Raw, op: Operation) -> None:
        """``op`` proposes ``raw`` (too)."""
        if op.by not in raw.proposers:
            raw.proposers.append(op.by)
        raw.ids.append(op.id)
        for s in op.supporters:
            if s not in raw.supporters:
                raw.supporters.append(s)
        self.by_id[op.id] = raw

    def support(self, op: Support, f: AmendmentFile) -> None:
        raw = self.by_id.get(op.target_id)
        self.counts.setdefault(op.by, _Counts()).supports += 1
        self.supports.append((op, f))
        if raw is not None and op.by not in raw.supporters:
            raw.supporters.append(op.by)

    # -- freezing -----------------------------------------------------------------------------------

    def _people(self, codes: list[str], exclude: Iterable[str] = ()) -> tuple[str, ...]:
        if self.anonymous:
            return ()
        if not codes:
            return ()
        skip = set(exclude)
        big = len(self.order)
        return tuple(sorted((c for c in dict.fromkeys(codes) if c not in skip),
                            key=lambda c: self.order.get(c, big)))

    def _freeze(self, raw: _Raw, pieces: tuple[Piece, ...] | None = None) -> Proposal:
        return Proposal(
            kind=raw.kind, start=raw.start, end=raw.end, pieces=raw.pieces if pieces is None else pieces,
            proposers=self._people(raw.proposers),
            supporters=self._people(raw.supporters, exclude=raw.proposers),
            ids=() if self.anonymous else tuple(raw.ids),
            dest=raw.dest, where=raw.where)

    def _segments(self, para: Paragraph) -> tuple[Segment, ...]:
        """The paragraph's text cut into kept runs and changes: proposals whose claims overlap are
        the alternatives of one change, each shown over the whole span of the change."""
        text = para.text
        segments: list[Segment] = []
        pos = 0
        for cluster in _clusters(self.text_ops.get(para.ref, {}).values()):
            start = min(r.claim[0] for r in cluster)
            end = max(r.claim[1] for r in cluster)
            if start > pos:
                segments.append(Kept(text[pos:start], pos, start))
            proposals = tuple(self._freeze(raw, _widen(raw.pieces, text[start:raw.start], text[raw.end:end]))
                              for raw in sorted(cluster, key=lambda r: r.rank))
            segments.append(Change(start, end, text[start:end], proposals))
            pos = end
        if pos < len(text) or not segments:
            segments.append(Kept(text[pos:], pos, len(text)))
        return tuple(segments)

    # -- the compilation ----------------------------------------------------------------------------

    def build(self, delegations: tuple[Delegation, ...], only: tuple[str, ...] | None,
              files: tuple[AmendmentFile, ...]) -> Compilation:
        doc = self.doc
        assembly = _Assembly(self, {p.label for p in doc.paragraphs if p.label} | set(self.paras))
        assembly.walk(doc.body)
        self._withdrawn()
        for op, f in self.supports:  # a support of an operation left out (or not given) is left out with it
            if op.id in self.left_out:
                continue
            if op.target_id in self.left_out:
                self.left_out[op.id] = LeftOut(op.id, self.left_out[op.target_id].ref, "supports", (op.target_id,))
            elif op.target_id not in self.by_id:
                self.left_out[op.id] = LeftOut(op.id, base_paragraph(op, f, self.paras), "supports", (op.target_id,))
        left_out = tuple(self.left_out[op.id] for f in files for op in f.operations if op.id in self.left_out)
        t = assembly.tally
        ops = sum(c.proposals for c in self.counts.values())
        comments = sum(len(v) for v in self.comments.values()) + t.new_comments
        brackets = sum(len(p.bracket_groups) for p in doc.paragraphs)
        people: tuple[DelegationSummary, ...] = ()
        if not self.anonymous:
            people = tuple(self._delegation_summary(d.code, t.merged_by[d.code]) for d in _unique(delegations))
        summary = Summary(people, tuple(assembly.rows), t.proposals, ops, t.merged, t.contested, comments, brackets)
        return Compilation(doc.title.title, _basename(doc.path), delegations, tuple(assembly.blocks), summary,
                           self.anonymous, only, left_out=left_out, document=doc)

    def _withdrawn(self) -> None:
        """New paragraphs their own file deletes: the addition, the file's edits of and comments on it,
        and the deletion itself are left out, named."""
        for slot in self.slots.values():
            for key, raw in slot.items():
                if key[0] != "add" or not raw.withdrawn_by:
                    continue
                add = raw.ids[0]
                for i in raw.ids:
                    if i == raw.withdrawn_by:
                        self.left_out[i] = LeftOut(i, raw.base, "withdraws", (add,))
                    else:
                        self.left_out[i] = LeftOut(i, raw.base, "withdrawn", (raw.withdrawn_by,))
                for _, comment in raw.comments:
                    if comment.id:
                        self.left_out[comment.id] = LeftOut(comment.id, raw.base, "withdrawn", (raw.withdrawn_by,))

    def _delegation_summary(self, code: str, merged: int) -> DelegationSummary:
        c = self.counts.get(code, _Counts())
        return DelegationSummary(code, c.proposals, c.supports, c.comments, merged)


@dataclass(slots=True)
class _Tally:
    """Running totals for the summary."""

    proposals: int = 0
    merged: int = 0
    contested: int = 0
    new_comments: int = 0
    merged_by: Counter[str] = field(default_factory=Counter)

    def count_merged(self, raws: Iterable[_Raw]) -> None:
        for raw in raws:
            if len(raw.proposers) > 1:
                self.merged += 1
                self.merged_by.update(raw.proposers)


class _Assembly:
    """The blocks of the compilation in reading order, and a summary row per paragraph."""

    def __init__(self, b: _Builder, used_labels: set[str]):
        self.b = b
        self.used_labels = used_labels
        """Labels of the draft and of new paragraphs placed so far."""
        self.blocks: list[Block] = []
        self.rows: list[ParagraphSummary] = []
        self.tally = _Tally()
        self.depths: dict[str, int] = {}
        for p in b.doc.paragraphs:
            self.depths[p.ref] = self.depths.get(p.parent, -1) + 1 if p.parent else 0

    def walk(self, nodes: Sequence[Section | Paragraph | Furniture]) -> None:
        for node in nodes:
            if isinstance(node, Section):
                h = node.heading
                # the number as printed: "Article 3", not "3"; "Статья 3", "第三条" as the draft prints them
                number = languages.printed_number(h) or (h.ref if h.ref.startswith("Article ") else h.number)
                marks = tuple(self.b._freeze(r) for r in sorted(self.b.heading_marks.get(h.ref, {}).values(),
                                                                 key=lambda r: r.rank))
                self.blocks.append(CompiledHeading(h.ref, number, h.title, h.level, marks))
                self.tally.proposals += len(marks)
                self.walk(node.children)
            elif isinstance(node, Paragraph):
                depth = self.depths.get(node.ref, 0)
                self.place("before", _Spot(node.ref), node.ref, depth)
                self.blocks.append(self.paragraph(node))
                self.walk(node.children)
                self.place("after", _Spot(node.ref), node.ref, depth)

    def paragraph(self, node: Paragraph) -> CompiledParagraph:
        b = self.b
        ref = node.ref
        segments = b._segments(node)
        mark_raws = sorted(b.marks.get(ref, {}).values(), key=_rank)
        marks = tuple(b._freeze(r) for r in mark_raws)
        comments = _by_rank(b.comments.get(ref, []))
        label = languages.printed_label(b.doc.source, node)  # "٢ مكررا", "2-бис" as the draft prints them
        structure_raws = sorted(b.structure.get(ref, {}).values(), key=_rank)
        structure = tuple(b._freeze(r) for r in structure_raws)
        para = CompiledParagraph(ref, label, node.kind, self.depths.get(ref, 0), node.text, segments,
                                 marks, comments, len(node.bracket_groups), structure)
        proposals = para.proposal_count
        contested = sum(1 for c in para.changes if c.contested) + (1 if len(marks) > 1 else 0)
        self.rows.append(ParagraphSummary(ref, proposals, contested, len(comments), para.brackets))
        self.tally.proposals += proposals
        self.tally.contested += contested
        self.tally.count_merged(b.text_ops.get(ref, {}).values())
        self.tally.count_merged(mark_raws)
        self.tally.count_merged(structure_raws)
        return para

    def place(self, where: str, spot: _Spot, neighbour: str, depth: int) -> None:
        """The new paragraphs and move destinations placed ``where`` (before or after) ``spot``, whose
        reference in the compilation is ``neighbour``; what is placed next to a new paragraph stands
        next to it."""
        slot = self.b.slots.get((where, spot))
        if not slot:
            return
        for item in _merged_slot(slot):
            raw = item.raw
            if item.key[0] == "move":
                self.blocks.append(MovedHere(item.key[1], replace(self.b._freeze(raw), dest=neighbour), depth))
                continue
            taken = self.used_labels.__contains__
            label = free_label(raw.label or neighbour, taken, first=raw.label) or \
                overflow_label(raw.label or neighbour, taken)
            self.used_labels.add(label)
            owns = [_Spot(m.ids[0], new=True) for m in item.members]
            own_depth = depth + 1 if raw.deeper else depth
            for own in owns:
                self.place("before", own, label, own_depth)
            self.blocks.append(self.new_paragraph(raw, label, where, neighbour, own_depth))
            for own in owns:
                self.place("after", own, label, own_depth)

    def new_paragraph(self, raw: _Raw, label: str, where: str, neighbour: str, depth: int) -> NewParagraph:
        b = self.b
        kept, overlapped = own_edits(raw.pieces[0].text, raw.edits)
        text = splice(raw.pieces[0].text, kept)
        for edit, by in overlapped:
            b.left_out[edit.id] = LeftOut(edit.id, raw.base, "conflicts", (by.id,))
        comments = _by_rank(raw.comments)
        proposal = b._freeze(raw, (Piece("insert", text),))
        if overlapped:
            gone = {edit.id for edit, _ in overlapped}
            proposal = replace(proposal, ids=tuple(i for i in proposal.ids if i not in gone))
        printed = raw.printed or _printed_label(label, neighbour, b.paras)
        self.rows.append(ParagraphSummary(label, 1, 0, len(comments), 0, new=True))
        self.tally.new_comments += len(comments)
        self.tally.proposals += 1
        self.tally.count_merged((raw,))
        return NewParagraph(label, printed, where, neighbour, proposal, depth, comments, raw.new_kind)


CONTEXT_CHARS = 40
"""Draft text quoted beside a bracket across paragraphs that opens or closes inside a paragraph."""


def _words_after(text: str, at: int) -> str:
    """The words after ``at`` that locate a mark inside a paragraph ("" at its start)."""
    if at == 0:
        return ""
    piece = text[at : at + CONTEXT_CHARS]
    cut = piece.rfind(" ") if at + CONTEXT_CHARS < len(text) else -1
    return (piece[:cut] if cut > 0 else piece).strip()


def _words_before(text: str, at: int) -> str:
    """The words before ``at`` that locate a mark inside a paragraph ("" at its end)."""
    if at >= len(text):
        return ""
    piece = text[max(0, at - CONTEXT_CHARS) : at]
    cut = piece.find(" ") if at > CONTEXT_CHARS else -1
    return (piece[cut + 1 :] if cut >= 0 else piece).strip()


def _by_rank(comments: list[tuple[tuple[int, int], Comment]]) -> tuple[Comment, ...]:
    if not comments:
        return ()
    return tuple(c for _, c in sorted(comments, key=lambda rc: rc[0]))


def _rank(raw: _Raw) -> tuple[int, int]:
    return raw.rank


def _clusters(raws: Iterable[_Raw]) -> list[list[_Raw]]:
    """Text proposals in order of their claims, those whose claims overlap together."""
    clusters: list[list[_Raw]] = []
    span = (0, 0)
    for raw in sorted(raws, key=lambda r: (r.claim[0], r.claim[1], r.rank)):
        if clusters and spans_overlap(span, raw.claim):
            clusters[-1].append(raw)
            span = (span[0], max(span[1], raw.claim[1]))
        else:
            clusters.append([raw])
            span = raw.claim
    return clusters


@dataclass(frozen=True, slots=True)
class _SlotItem:
    """A new paragraph or move destination, with the raws it merges."""

    key: SlotKey
    raw: _Raw
    members: tuple[_Raw, ...]
    """The new paragraphs merged into it (their placement spots stay valid)."""


def _merged_slot(slot: dict[SlotKey, _Raw]) -> list[_SlotItem]:
    """A slot's items in rank order, new paragraphs that read the same once each file's own edits to
    its paragraph are applied merged into one (all their proposers, ids and comments; the text and
    edits of the first), and new paragraphs their own file deleted left out."""
    out: list[_SlotItem] = []
    by_text: dict[str, int] = {}
    for key, raw in sorted(slot.items(), key=lambda kv: kv[1].rank):
        if key[0] == "move":
            out.append(_SlotItem(key, raw, (raw,)))
            continue
        if raw.withdrawn_by:
            continue
        final = _norm(_apply_edits(raw.pieces[0].text, raw.edits))
        at = by_text.get(final)
        if at is None:
            by_text[final] = len(out)
            out.append(_SlotItem(key, raw, (raw,)))
            continue
        first = out[at]
        out[at] = _SlotItem(first.key, _merged(first.raw, raw), first.members + (raw,))
    return out


def _merged(first: _Raw, other: _Raw) -> _Raw:
    """``first`` with ``other``'s proposers, supporters, ids and comments added."""
    merged = replace(first, proposers=list(first.proposers), supporters=list(first.supporters),
                     ids=list(first.ids), comments=list(first.comments))
    for code in other.proposers:
        if code not in merged.proposers:
            merged.proposers.append(code)
    for code in other.supporters:
        if code not in merged.supporters:
            merged.supporters.append(code)
    merged.ids.extend(i for i in other.ids if i not in merged.ids)
    merged.comments.extend(other.comments)
    return merged


def _unique(delegations: tuple[Delegation, ...]) -> list[Delegation]:
    seen: dict[str, Delegation] = {}
    for d in delegations:
        seen.setdefault(d.code, d)
    return list(seen.values())


def _printed_label(ref: str, neighbour: str, paras: dict[str, Paragraph]) -> str:
    """The label a new paragraph referred to as ``ref`` would print: the label of the paragraph its
    reference builds on with the suffix (``Article 4.2 bis`` -> ``2 bis``, ``A Pp6 bis`` -> ``Pp6
    bis``); otherwise the reference less the section its neighbour's reference names
    (``Article 4.0`` -> ``0``); the reference itself where the draft prints no label there (an
    unlabelled paragraph) or names paragraphs by their labels."""
    base, rank = split_suffix(ref)
    para = paras.get(base) if rank >= 0 else None
    if para is not None:
        return f"{para.label} {ref[len(base):].strip()}" if para.label else ref
    near = paras.get(neighbour) or paras.get(split_suffix(neighbour)[0])
    if near is not None and near.label and near.ref.endswith(near.label):
        prefix = near.ref[: len(near.ref) - len(near.label)]
        if prefix and ref.startswith(prefix) and len(ref) > len(prefix):
            return ref[len(prefix) :]
    return ref


# ---------------------------------------------------------------------------------------------------
# A new paragraph's text with its own file's later operations on it


@dataclass(frozen=True, slots=True)
class OwnEdit:
    """An operation of a file on the new paragraph the same file adds: the span [start, end) of the
    paragraph as first proposed becomes ``text``."""

    start: int
    end: int
    text: str
    op: Operation


def _apply_edits(text: str, edits: Sequence[Operation]) -> str:
    """A new paragraph's text with its own file's later operations on it applied (spans refer to the
    text as first proposed; an edit overlapping one already applied is skipped)."""
    if not edits:
        return text
    return splice(text, new_paragraph_edits(text, edits))


def new_paragraph_edits(text: str, edits: Sequence[Operation]) -> list[OwnEdit]:
    """A file's later operations on its own new paragraph over ``text`` (the paragraph as first
    proposed), in text order; an edit overlapping one nearer the end is left out (as the compilation
    leaves it out). Operations that change no text (comments) are not edits."""
    return own_edits(text, edits)[0]


def own_edits(text: str, edits: Sequence[Operation]) -> tuple[list[OwnEdit], list[tuple[Operation, Operation]]]:
    """``new_paragraph_edits``, and the edits left out as overlapping one nearer the end, each with
    the operation it overlaps."""
    shim = _TextOnly(text)
    changes: list[OwnEdit] = []
    for op in edits:
        match op:
            case ReplaceParagraph(text=new):
                changes.append(OwnEdit(0, len(text), new, op))
            case Replace() | Delete() | Insert() | BracketText() | RemoveBrackets() | Retain() | AddAlternative() \
                    if op.target is not None:
                t = _text_proposal(op, shim, op.target.start, op.target.end)
                changes.append(OwnEdit(t.start, t.end, "".join(p.text for p in t.pieces if p.op != "delete"), op))
    kept: list[OwnEdit] = []
    overlapped: list[tuple[Operation, Operation]] = []
    pos = len(text)
    for change in sorted(changes, key=lambda c: (c.start, c.end), reverse=True):
        if change.end > pos:
            overlapped.append((change.op, kept[-1].op))
            continue
        kept.append(change)
        pos = change.start
    return kept[::-1], overlapped


@dataclass(frozen=True, slots=True)
class _TextOnly:
    """A stand-in paragraph for text that has no bracket groups (a new paragraph's text)."""

    text: str
    bracket_groups: tuple[BracketGroup, ...] = ()


# ---------------------------------------------------------------------------------------------------
# A text operation as pieces over its span


def _norm(text: str) -> str:
    return " ".join(text.split())


def _norm_pieces(pieces: tuple[Piece, ...]) -> tuple[tuple[str, str], ...]:
    return tuple((p.op, _norm(p.text) if p.op == "insert" else p.text) for p in pieces)


def _widen(pieces: tuple[Piece, ...], before: str, after: str) -> tuple[Piece, ...]:
    out = ([Piece("keep", before)] if before else []) + list(pieces) + ([Piece("keep", after)] if after else [])
    merged: list[Piece] = []
    for p in out:
        if merged and merged[-1].op == p.op:
            merged[-1] = Piece(p.op, merged[-1].text + p.text)
        else:
            merged.append(p)
    return tuple(merged)


def _pieces(*pieces: Piece) -> tuple[Piece, ...]:
    """The pieces that have text."""
    return tuple(p for p in pieces if p.text)


def _innermost_bracket(para: Paragraph | _TextOnly, start: int, end: int) -> tuple[BracketGroup, Bracket] | None:
    """The innermost bracket whose span contains [start, end), and its group."""
    best: tuple[BracketGroup, Bracket] | None = None
    best_len = None
    for group in para.bracket_groups:
        if not (group.start <= start and end <= group.end):
            continue
        for b in group.brackets:
            if b.start <= start and end <= b.end and (best_len is None or b.end - b.start < best_len):
                best, best_len = (group, b), b.end - b.start
    return best


def _retained(para: Paragraph | _TextOnly, start: int, end: int, anchor: str) -> tuple[BracketGroup, Bracket] | None:
    """For ``retain``: the bracket group at [start, end) (or containing it) and the alternative the
    anchor names, compared as the resolver compares (whitespace, quote and dash styles folded)."""
    want = fold(anchor)[0].strip()
    groups = [g for g in para.bracket_groups if g.start <= start and end <= g.end]
    for group in sorted(groups, key=lambda g: g.end - g.start):
        for b in group.brackets:
            inner = para.text[b.start + (1 if b.opened else 0): b.end - (1 if b.closed else 0)]
            if fold(inner)[0].strip() == want or fold(para.text[b.start:b.end])[0].strip() == want:
                return group, b
    return _innermost_bracket(para, start, end)


def _text_proposal(op: TextOperation, para: Paragraph | _TextOnly, start: int, end: int) -> _TextProposal:
    """Span, competing claim and pieces of a text operation over [start, end) of the paragraph's text
    (the operation's target)."""
    old = para.text[start:end]
    match op:
        case Replace(new=new):
            pieces = _pieces(Piece("delete", old), Piece("insert", new))
            return _TextProposal("replace", start, end, (start, end), pieces)
        case Delete():
            return _TextProposal("delete", start, end, (start, end), (Piece("delete", old),))
        case Insert(text=text):
            return _TextProposal("insert", start, start, (start, start), (Piece("insert", text),))
        case BracketText():
            pieces = (Piece("insert", "["), Piece("keep", old), Piece("insert", "]"))
            return _TextProposal("bracket", start, end, (start, end), pieces)
        case Retain(anchor=anchor):
            return _retain(para, start, end, _retained(para, start, end, anchor.text))
        case RemoveBrackets():
            return _remove_brackets(para, start, end, _innermost_bracket(para, start, end))
        case AddAlternative(text=text):
            return _add_alternative(para, start, end, text, _innermost_bracket(para, start, end))


def _inner(text: str, bracket: Bracket) -> tuple[int, int]:
    """The span inside a bracket's ``[`` and ``]`` (where it has them)."""
    open_len = 1 if bracket.opened else 0
    close_len = 1 if bracket.closed and text[bracket.end - 1:bracket.end] == "]" else 0
    return bracket.start + open_len, bracket.end - close_len


def _retain(para: Paragraph | _TextOnly, start: int, end: int,
            found: tuple[BracketGroup, Bracket] | None) -> _TextProposal:
    """``retain``: the other alternatives of the group and the brackets deleted."""
    text = para.text
    if found is None:  # the resolver accepted it, so keep it visible rather than guess
        return _TextProposal("retain", start, end, (start, end), (Piece("keep", text[start:end]),))
    group, bracket = found
    inner = _inner(text, bracket)
    pieces = _pieces(Piece("delete", text[group.start:inner[0]]), Piece("keep", text[inner[0]:inner[1]]),
                     Piece("delete", text[inner[1]:group.end]))
    return _TextProposal("retain", group.start, group.end, (group.start, group.end), pieces)


def _remove_brackets(para: Paragraph | _TextOnly, start: int, end: int,
                     found: tuple[BracketGroup, Bracket] | None) -> _TextProposal:
    """``remove brackets``: the bracket's ``[`` and ``]`` deleted; it claims the whole group."""
    text = para.text
    if found is None:  # the resolver accepted it, so keep it visible rather than guess
        return _TextProposal("remove-brackets", start, end, (start, end), (Piece("keep", text[start:end]),))
    group, bracket = found
    inner = _inner(text, bracket)
    pieces = _pieces(Piece("delete", text[bracket.start:inner[0]]), Piece("keep", text[inner[0]:inner[1]]),
                     Piece("delete", text[inner[1]:bracket.end]))
    return _TextProposal("remove-brackets", bracket.start, bracket.end, (group.start, group.end), pieces)


def _add_alternative(para: Paragraph | _TextOnly, start: int, end: int, new: str,
                     found: tuple[BracketGroup, Bracket] | None) -> _TextProposal:
    """``add alternative``: ``[new]`` after the bracket, separated as the group separates its
    alternatives; it claims the whole group."""
    if found is None:
        return _TextProposal("add-alternative", end, end, (end, end), (Piece("insert", f" [{new}]"),))
    group, bracket = found
    sep = " "
    if len(group.brackets) > 1:
        between = para.text[group.brackets[0].end:group.brackets[1].start]
        sep = between if between.strip() in ("", "/", "or") else " "
    return _TextProposal("add-alternative", bracket.end, bracket.end, (group.start, group.end),
                         (Piece("insert", f"{sep}[{new}]"),))
