"""Operations: what a delegation proposes, as small immutable records (one class per kind).

An operation points at its paragraph by reference (a string, not an object), so operations serialise,
compare and merge. The amendment-file parser (``amendfile.py``) creates them with ``ref`` and anchors
as written; resolving against a draft (``resolve.py``) fills in the canonical ``target`` with the span
of base text it changes and that old text.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from amendtool.errors import Diagnostic


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where an operation was written."""

    path: str
    line: int
    column: int = 1


@dataclass(frozen=True, slots=True)
class Anchor:
    """A quoted text that locates a span in a paragraph, with the occurrence to pick."""

    text: str
    occurrence: int | None = None
    """1 for ``(1st)``, 2 for ``(2nd)``...; None when the text must occur exactly once."""
    column: int = 0
    """Column of the opening quote in the amendment file (for error messages)."""
    line: int = 0
    """Line of the opening quote in the amendment file."""


@dataclass(frozen=True, slots=True)
class Target:
    """What an operation resolved to in the base draft."""

    ref: str
    """Canonical reference of the paragraph."""
    start: int = 0
    """Span [start, end) in ``Paragraph.text`` of the base draft (empty span for an insertion point)."""
    end: int = 0
    old: str = ""
    """The base text the span covers (the draft's own characters), "" for an insertion point."""


@dataclass(frozen=True, slots=True)
class Operation:
    """Fields every operation has."""

    id: str
    """``<by>-<n>``: ``EU-3`` is the third operation in the EU's file."""
    by: str
    """The proposing delegation's code."""
    source: SourceRef
    ref: str
    """The paragraph reference as written in the file."""
    supporters: tuple[str, ...] = ()
    """Delegations that support this operation (``support`` lines of other files)."""
    target: Target | None = None
    """Filled in by resolving against a draft."""

    kind = "operation"

    def with_target(self, target: Target) -> Operation:
        return replace(self, target=target)

    def with_supporters(self, supporters: tuple[str, ...]) -> Operation:
        return replace(self, supporters=supporters)


@dataclass(frozen=True, slots=True)
class Replace(Operation):
    """``12: replace "old" with "new"``"""

    anchor: Anchor = field(default_factory=lambda: Anchor(""))
    new: str = ""
    kind = "replace"


@dataclass(frozen=True, slots=True)
class Delete(Operation):
    """``12: delete "text"``"""

    anchor: Anchor = field(default_factory=lambda: Anchor(""))
    kind = "delete"


@dataclass(frozen=True, slots=True)
class Insert(Operation):
    """``19: insert "text" before|after "anchor"`` or ``at start|at end``"""

    text: str = ""
    where: str = "end"
    """``before``, ``after``, ``start`` or ``end``."""
    anchor: Anchor | None = None
    kind = "insert"


@dataclass(frozen=True, slots=True)
class DeleteParagraph(Operation):
    """``35: delete paragraph``"""

    kind = "delete-paragraph"


@dataclass(frozen=True, slots=True)
class ReplaceParagraph(Operation):
    """``37: replace paragraph with "text"``"""

    text: str = ""
    kind = "replace-paragraph"


@dataclass(frozen=True, slots=True)
class AddParagraph(Operation):
    """``37: add paragraph after "text"`` (``ref`` is the neighbour)."""

    text: str = ""
    where: str = "after"
    """``after`` or ``before`` the neighbour ``ref``."""
    label: str = ""
    """The new paragraph's label: the next free ``bis``, ``ter`` ... after its neighbour (``37 bis``)."""
    kind = "add-paragraph"


@dataclass(frozen=True, slots=True)
class Move(Operation):
    """``40: move after 43``"""

    where: str = "after"
    dest: str = ""
    """Reference of the paragraph to move next to, as written (canonical once resolved)."""
    dest_column: int = 0
    """Column of ``dest`` in the amendment file (for error messages)."""
    kind = "move"


@dataclass(frozen=True, slots=True)
class BracketText(Operation):
    """``7: bracket "text"``: propose putting text in square brackets."""

    anchor: Anchor = field(default_factory=lambda: Anchor(""))
    kind = "bracket"


@dataclass(frozen=True, slots=True)
class RemoveBrackets(Operation):
    """``58: remove brackets "World Summit"``: propose agreeing to bracketed text."""

    anchor: Anchor = field(default_factory=lambda: Anchor(""))
    kind = "remove-brackets"


@dataclass(frozen=True, slots=True)
class Retain(Operation):
    """``58: retain "World Summit"``: choose one alternative of a bracket group."""

    anchor: Anchor = field(default_factory=lambda: Anchor(""))
    kind = "retain"


@dataclass(frozen=True, slots=True)
class AddAlternative(Operation):
    """``58: add alternative "new" to "existing alternative"``"""

    text: str = ""
    anchor: Anchor = field(default_factory=lambda: Anchor(""))
    kind = "add-alternative"


@dataclass(frozen=True, slots=True)
class Comment(Operation):
    """``22: comment "text"`` (also a reservation)."""

    text: str = ""
    kind = "comment"


@dataclass(frozen=True, slots=True)
class Support(Operation):
    """``12: support G77-3``: this delegation supports another delegation's operation."""

    target_id: str = ""
    target_column: int = 0
    """Column of ``target_id`` in the amendment file (for error messages)."""
    kind = "support"


# ---------------------------------------------------------------------------------------------------
# Operations that span or name structure (SPEC.md §3): ranges of paragraphs, headings, sub-items,
# option blocks


@dataclass(frozen=True, slots=True)
class BracketParagraphs(Operation):
    """``12-14: bracket``: one bracket from the start of 12 to the end of 14 (sub-items included);
    ``Article 5: bracket``: round a whole section's paragraphs. ``from "text"`` / ``to "text"`` open
    the bracket before a text of the first paragraph and close it after a text of the last."""

    last: str = ""
    """The last paragraph of the range as written (canonical once resolved); "" for one paragraph or
    a section (``ref``)."""
    start: Anchor | None = None
    """``from "text"``: the bracket opens before this text of the first paragraph."""
    end: Anchor | None = None
    """``to "text"``: the bracket closes after this text of the last paragraph."""
    open_at: int = 0
    """Once resolved: where ``[`` goes in the first paragraph's text."""
    close_ref: str = ""
    """Once resolved: the paragraph where ``]`` goes (the last one of the range, its last sub-item
    included)."""
    close_at: int = 0
    """Once resolved: where ``]`` goes in that paragraph's text."""
    kind = "bracket-paragraphs"


@dataclass(frozen=True, slots=True)
class RemoveBracketsAcross(Operation):
    """``12-14: remove brackets``: agree to the bracket that opens in 12 and closes in 14 (``from
    "text"``: the one whose text starts so, where several do)."""

    last: str = ""
    start: Anchor | None = None
    open_at: int = 0
    """Once resolved: the offset of ``[`` in the first paragraph's text."""
    close_ref: str = ""
    close_at: int = 0
    """Once resolved: the offset of ``]`` in ``close_ref``'s text."""
    kind = "remove-brackets-across"


@dataclass(frozen=True, slots=True)
class DeleteParagraphs(Operation):
    """``12-14: delete paragraphs``: every paragraph from 12 to 14 (with their sub-items)."""

    last: str = ""
    paragraphs: tuple[str, ...] = ()
    """Once resolved: the paragraphs deleted (top-level ones of the range, in order)."""
    kind = "delete-paragraphs"


@dataclass(frozen=True, slots=True)
class ReplaceHeading(Operation):
    """``heading 2.2: replace "Internet governance" with "Internet Governance Forum"`` (``ref`` is the
    section)."""

    anchor: Anchor = field(default_factory=lambda: Anchor(""))
    new: str = ""
    kind = "replace-heading"


@dataclass(frozen=True, slots=True)
class DeleteHeading(Operation):
    """``heading 2.3: delete``: the heading goes; its paragraphs join the section before."""

    kind = "delete-heading"


@dataclass(frozen=True, slots=True)
class AddHeading(Operation):
    """``2.2: add heading before "We recognize ..." with "2.2 bis Capacity-building"``: a new heading
    before (or after) the paragraph of section ``ref`` whose text the anchor is in."""

    where: str = "before"
    anchor: Anchor = field(default_factory=lambda: Anchor(""))
    text: str = ""
    """The heading as it is to be printed: number and title."""
    paragraph: str = ""
    """Once resolved: the paragraph the heading stands next to."""
    kind = "add-heading"


@dataclass(frozen=True, slots=True)
class AddItem(Operation):
    """``3: add item (a) "text"``: a first sub-item directly under paragraph ``ref``."""

    label: str = ""
    """The sub-item's label as written: ``(a)``, ``(i)``."""
    text: str = ""
    kind = "add-item"


@dataclass(frozen=True, slots=True)
class RetainOption(Operation):
    """``5 Option 2: retain``: choose this option of its group (the others are proposed for
    deletion, and the option's label goes)."""

    others: tuple[str, ...] = ()
    """Once resolved: the other options of the group."""
    kind = "retain-option"


@dataclass(frozen=True, slots=True)
class DeleteOption(Operation):
    """``5 Option 2: delete``: the option goes, with the paragraphs it introduces."""

    kind = "delete-option"


@dataclass(frozen=True, slots=True)
class AddOption(Operation):
    """``5 Option 2: add option after with "text"``: a new option of the group after (or before)
    this one, labelled ``Option 2 bis``."""

    where: str = "after"
    text: str = ""
    label: str = ""
    """Once resolved: the new option's label (``Option 2 bis``)."""
    kind = "add-option"


@dataclass(frozen=True, slots=True)
class AmendmentFile:
    """A parsed amendment file."""

    path: str
    by: str
    name: str = ""
    draft: str = ""
    date: str = ""
    operations: tuple[Operation, ...] = ()
    source: str = field(default="", compare=False, repr=False)
    """The file's text (for the source line under a diagnostic)."""
    warnings: tuple[Diagnostic, ...] = ()
    """Diagnostics that do not stop the file from applying (e.g. ``draft:`` names another draft)."""
