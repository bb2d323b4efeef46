"""The compilation as data: the base draft with every delegation's proposals in place, attributed.

These immutable records are what ``compile_drafts`` (``builder.py``) makes and what the renderers
(``amendtool.render.compilation``: txt, md, json, html, docx) and the consolidation read. A
``Compilation`` is a sequence of blocks in reading order (headings, base paragraphs, proposed new
paragraphs, move destinations) and a ``Summary``; a base paragraph is its text cut into ``Kept`` runs and
``Change`` places, each with one ``Proposal`` or competing ones as alternatives. The model makes no
reference cycles and depends on no output format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal, TypeAlias

from amendtool.draft.model import Document
from amendtool.draft.model import paused_gc as paused_gc  # the compilation's facade names it too

TextKind: TypeAlias = Literal["replace", "delete", "insert", "bracket", "remove-brackets", "retain", "add-alternative"]
"""Proposals on a span of a paragraph's text (the kinds of the text operations)."""
MarkKind: TypeAlias = Literal[
    "delete-paragraph", "replace-paragraph", "move",
    "bracket-paragraphs", "remove-brackets-across", "retain-option", "add-heading",
    "replace-heading", "delete-heading",
]
"""Proposals on a whole paragraph, shown as marks at it: deleting, replacing or moving it (``marks``);
where a bracket across paragraphs opens or closes (``bracket-paragraphs``: its one piece inserts ``[``
or ``]`` at ``start``; ``remove-brackets-across``: deletes the one at ``start``), choosing an option
(``retain-option``), a new heading before or after it (``add-heading``) (``structure``). On a heading:
``replace-heading`` and ``delete-heading``."""
EDGE_KINDS: frozenset[str] = frozenset({"bracket-paragraphs", "remove-brackets-across"})
"""Marks that put or take away one bracket of a bracket across paragraphs, at ``start``."""
ProposalKind: TypeAlias = TextKind | MarkKind | Literal["add-paragraph"]
"""What a proposal proposes: the kind of the operations merged into it (``Operation.kind``)."""
GROUP_KINDS: frozenset[ProposalKind] = frozenset({"retain", "remove-brackets", "add-alternative"})
"""Proposals that claim a whole bracket group of the draft: any two of them on one group compete."""

PieceOp: TypeAlias = Literal["keep", "delete", "insert"]


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of text inside a proposal: base text kept, base text deleted, or new text inserted."""

    op: PieceOp
    """``keep``, ``delete`` or ``insert``."""
    text: str


@dataclass(frozen=True, slots=True)
class Proposal:
    """One proposed change, by one or several delegations (identical proposals are merged)."""

    kind: ProposalKind
    """The operation kind: ``replace``, ``delete``, ``insert``, ``bracket``, ``remove-brackets``,
    ``retain``, ``add-alternative``, ``delete-paragraph``, ``replace-paragraph``, ``move``,
    ``add-paragraph``."""
    start: int
    """Span [start, end) of base text in ``Paragraph.text`` the proposal changes (0, 0 for marks)."""
    end: int
    pieces: tuple[Piece, ...]
    """What the proposal makes of its ``Change``'s span, in order: kept, deleted, inserted text. For a
    paragraph-level proposal: the new text (``replace-paragraph``) or nothing."""
    proposers: tuple[str, ...]
    """Delegations proposing it, in the order the files were given (empty when anonymous)."""
    supporters: tuple[str, ...] = ()
    """Delegations supporting it without proposing it, in file order (empty when anonymous)."""
    ids: tuple[str, ...] = ()
    """The operations merged into it (``EU-1``, ``US-1``), in file order (empty when anonymous)."""
    dest: str = ""
    """For ``move``: the reference of the paragraph it moves next to. For a bracket across
    paragraphs: the paragraph at its other end."""
    where: str = ""
    """For ``move`` and ``add-heading``: ``after`` or ``before`` (``dest``, or the paragraph). For a
    bracket across paragraphs: ``opens`` or ``closes`` (which end this mark is)."""

    @property
    def claims_group(self) -> bool:
        """Whether it claims the whole bracket group it stands in (``retain``, ``remove brackets``,
        ``add alternative``), so that it competes with every other such proposal there."""
        return self.kind in GROUP_KINDS

    @property
    def inserted(self) -> str:
        return "".join(p.text for p in self.pieces if p.op == "insert")

    @property
    def deleted(self) -> str:
        return "".join(p.text for p in self.pieces if p.op == "delete")


@dataclass(frozen=True, slots=True)
class Kept:
    """Base text no proposal touches."""

    text: str
    start: int
    """Span [start, end) in ``Paragraph.text``."""
    end: int


@dataclass(frozen=True, slots=True)
class Change:
    """A place in a paragraph where proposals stand: one proposal, or competing ones as alternatives."""

    start: int
    """Span [start, end) of base text in ``Paragraph.text`` (start == end: an insertion point)."""
    end: int
    old: str
    """The base text of the span."""
    proposals: tuple[Proposal, ...]
    """One proposal, or several competing ones (``Alt 1``, ``Alt 2`` ... in this order). Each one's
    ``pieces`` cover the whole span."""

    @property
    def contested(self) -> bool:
        return len(self.proposals) > 1


Segment: TypeAlias = Kept | Change


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment or reservation on a paragraph."""

    text: str
    by: str
    """The delegation ("" when anonymous)."""
    id: str = ""


@dataclass(frozen=True, slots=True)
class CompiledParagraph:
    """A paragraph of the base draft with the proposals on it."""

    ref: str
    """Canonical reference (``12``, ``Article 4.2``)."""
    label: str | None
    """The label as the draft writes it, normalised (``12``, ``(a)``), or None."""
    kind: str
    """The draft paragraph's kind (``numbered``, ``sub-item`` ...)."""
    depth: int
    """0 for a top-level paragraph, 1 for a sub-item, 2 for a sub-sub-item."""
    text: str
    """The base text (``Paragraph.text``)."""
    segments: tuple[Segment, ...]
    """``text`` cut into kept runs and changes, in order; joining the segments' base text gives
    ``text``."""
    marks: tuple[Proposal, ...] = ()
    """Whole-paragraph proposals (delete, replace, move): alternatives of each other when several."""
    comments: tuple[Comment, ...] = ()
    brackets: int = 0
    """Bracket groups in the base text."""
    structure: tuple[Proposal, ...] = ()
    """Proposals on the draft's structure at this paragraph, which compete with nothing here: where a
    bracket across paragraphs opens or closes (``bracket-paragraphs``, ``remove-brackets-across``), a
    new heading before or after it (``add-heading``), choosing this option (``retain-option``)."""

    @property
    def changes(self) -> tuple[Change, ...]:
        return tuple(s for s in self.segments if isinstance(s, Change))

    @property
    def proposal_count(self) -> int:
        return sum(len(c.proposals) for c in self.changes) + len(self.marks) + len(self.structure)


@dataclass(frozen=True, slots=True)
class NewParagraph:
    """A paragraph proposed for insertion, standing where it is proposed."""

    ref: str
    """Its reference, as amendment files and summaries name it: ``12 bis``, ``Article 4.2 bis``,
    ``A Pp6 bis`` ...: unique in the compilation."""
    label: str
    """The label as the draft would print it: the base paragraph's own label with the suffix
    (``12 bis``; ``2 bis`` for ``Article 4.2 bis``; ``Pp6 bis`` for ``A Pp6 bis``; ``(b) bis``)."""
    where: str
    """``after`` or ``before`` ``neighbour``."""
    neighbour: str
    """Reference of the paragraph it is placed next to (the compiled label when that is new too)."""
    proposal: Proposal
    """``kind="add-paragraph"``; its one piece is the inserted text (with its own file's later
    operations on it applied)."""
    depth: int = 0
    comments: tuple[Comment, ...] = ()
    """Comments on the new paragraph."""
    kind: Literal["paragraph", "item", "option"] = "paragraph"
    """``item``: a first sub-item under ``neighbour`` (``add item``); ``option``: a new option of
    ``neighbour``'s group (``add option``)."""

    @property
    def text(self) -> str:
        return self.proposal.inserted


@dataclass(frozen=True, slots=True)
class MovedHere:
    """Where a paragraph is proposed to move to."""

    ref: str
    """The paragraph that would move here."""
    proposal: Proposal
    """The ``move`` proposal (the same one the paragraph's marks show)."""
    depth: int = 0


@dataclass(frozen=True, slots=True)
class CompiledHeading:
    """A section heading of the base draft."""

    ref: str
    number: str | None
    """The heading's number as printed (``1.1``, ``A``, ``Article 3``), or None."""
    title: str
    level: int
    marks: tuple[Proposal, ...] = ()
    """Proposals on the heading (``replace-heading``: its pieces are the title with the change made;
    ``delete-heading``): alternatives of each other when several."""
    comments: tuple[Comment, ...] = ()


Block: TypeAlias = CompiledHeading | CompiledParagraph | NewParagraph | MovedHere


@dataclass(frozen=True, slots=True)
class Delegation:
    """A delegation whose amendment file was compiled."""

    code: str
    name: str = ""
    file: str = ""
    """The amendment file's name (without directories)."""
    date: str = ""


@dataclass(frozen=True, slots=True)
class DelegationSummary:
    """What one delegation proposed."""

    code: str
    proposals: int
    """Operations proposing a change (text, paragraph, move, new paragraph)."""
    supports: int
    """Other delegations' operations it supports."""
    comments: int
    merged: int
    """Of its proposals, how many are identical to another delegation's."""


@dataclass(frozen=True, slots=True)
class ParagraphSummary:
    """Where the contention is: one row per paragraph (base and new), in reading order."""

    ref: str
    proposals: int
    """Distinct proposals (identical ones merged) on the paragraph."""
    contested: int
    """Places where proposals compete (changes with alternatives, and competing marks)."""
    comments: int
    brackets: int
    """Bracket groups in the base text."""
    new: bool = False
    """A proposed new paragraph."""

    @property
    def contention(self) -> int:
        """Proposals, bracket groups, comments and reservations: the measure the summary charts (a
        paragraph a delegation reserves its position on is contested even without a proposal)."""
        return self.proposals + self.brackets + self.comments


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts for the summary tables and the contention chart."""

    delegations: tuple[DelegationSummary, ...]
    """In file order; empty when anonymous."""
    paragraphs: tuple[ParagraphSummary, ...]
    proposals: int
    """Distinct proposals in the whole compilation."""
    operations: int
    """Operations compiled (supports and comments excluded)."""
    merged: int
    """Proposals made by more than one delegation."""
    contested: int
    """Places with competing alternatives."""
    comments: int
    brackets: int
    """Bracket groups in the base draft."""

    @property
    def max_contention(self) -> int:
        return max((p.contention for p in self.paragraphs), default=0)


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """An amendment file left out of the compilation because it has errors (compiled without it on
    request, so that the sound files can be read)."""

    file: str
    """The file's name, without directories ("" when anonymous)."""
    by: str
    """Its delegation's code ("" when unknown or anonymous)."""
    errors: int
    """How many errors it has."""
    first: str
    """The first of them, as ``line:column: message`` ("" when anonymous)."""


LeftOutReason: TypeAlias = Literal[
    "superseded", "conflicts", "withdrawn", "withdraws", "not-accepted", "not-bracketable", "not-selected", "supports",
    "comment", "unplaced",
]
"""Why an operation is in no output (``LeftOut.reason``)."""

_REASONS: dict[str, str] = {
    "superseded": "superseded by {by}, which was accepted",
    "conflicts": "conflicts with {by} of the same file (both change the same words of its new paragraph; "
                 "the later in the paragraph is shown)",
    "withdrawn": "withdrawn: {by} of the same file deletes the new paragraph",
    "withdraws": "deletes the new paragraph {by} of the same file adds: neither is shown",
    "not-accepted": "not accepted, and the proposals not accepted are dropped",
    "not-bracketable": "not accepted: a move cannot be shown in brackets, so paragraph {ref} stays where it is",
    "not-selected": "not among the delegations shown",
    "supports": "supports {by}, which is left out",
    "comment": "a comment: the next revision carries no comments",
    "unplaced": "not placed in the result (a fault of amendtool: please report it)",
}


@dataclass(frozen=True, slots=True)
class LeftOut:
    """An operation of an amendment file that no output shows or applies, and why: nothing is dropped
    unnamed."""

    id: str
    """The operation (``US-3``)."""
    ref: str
    """The paragraph of the base draft it is about (for an operation on a new paragraph, the base
    paragraph that new one stands next to)."""
    reason: LeftOutReason
    by: tuple[str, ...] = ()
    """The operations that caused it: the accepted one that supersedes it, the one it conflicts with,
    the deletion that withdraws it, the one it supports."""

    def describe(self) -> str:
        """The reason in words (``superseded by G77-4, which was accepted``)."""
        return _REASONS[self.reason].format(by=" and ".join(self.by) or "another operation", ref=self.ref)


@dataclass(frozen=True, slots=True)
class Compilation:
    """The base draft with every proposal in place, attributed; independent of any output format."""

    title: str
    """The draft's title."""
    draft: str
    """The draft's file name."""
    delegations: tuple[Delegation, ...]
    """In the order the files were given (empty when anonymous)."""
    blocks: tuple[Block, ...]
    """Headings, paragraphs, new paragraphs and move destinations, in reading order."""
    summary: Summary
    anonymous: bool = False
    only: tuple[str, ...] | None = None
    """The delegations whose proposals are shown, when restricted with ``only`` (None when anonymous)."""
    issued: str = ""
    """The day the compilation was made (``2015-10-21``), printed on every page ("" when not given)."""
    fingerprint: str = ""
    """A short hash of the draft's and the amendment files' text, in order: two compilations with the
    same fingerprint were made from the same inputs (which version a printed copy is)."""
    changed_only: bool = False
    """Only the paragraphs with proposals, comments or bracket groups are in ``blocks`` (with the
    headings they stand under): the compact compilation for the room. The summary still counts all."""
    skipped: tuple[SkippedFile, ...] = ()
    """Amendment files given but left out for their errors: the compilation is incomplete without
    them, and says so on its first page."""
    left_out: tuple[LeftOut, ...] = ()
    """Operations of the files given that the compilation does not show (the delegations ``only``
    leaves out, a new paragraph its own file deletes, an edit of a file's own new paragraph that an
    edit nearer the end overlaps, a support of one of those), in file order. Every other operation is
    shown: in a proposal's ``ids``, a comment's ``id``, or as a supporter. The ids are kept when
    ``anonymous`` (for the facilitator's messages); renderers leave them out."""
    document: Document | None = field(default=None, compare=False, repr=False)
    """The base draft (the txt renderer writes its source around the proposals)."""

    @property
    def paragraphs(self) -> tuple[CompiledParagraph, ...]:
        return tuple(b for b in self.blocks if isinstance(b, CompiledParagraph))

    def paragraph(self, ref: str) -> CompiledParagraph:
        for block in self.blocks:
            if isinstance(block, CompiledParagraph) and block.ref == ref:
                return block
        raise KeyError(ref)

