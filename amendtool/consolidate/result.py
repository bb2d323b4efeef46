"""What a consolidation returns: the next revision, the open proposals and the concordance."""

from __future__ import annotations

from dataclasses import dataclass

from amendtool.compile import LeftOut
from amendtool.draft.model import Document
from amendtool.errors import Diagnostic


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
    """The operation ids behind it: applied, or shown in its brackets."""
    left_out: tuple[LeftOut, ...] = ()
    """The operations about this paragraph of the base draft that are left out, with why."""


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
    """Ids of proposals neither applied nor bracketed (``rest="drop"``, or superseded): the
    ``left_out`` that are not comments or supports."""
    concordance: tuple[ConcordanceRow, ...]
    """Old -> new, in the next revision's order, deleted paragraphs where they stood."""
    notes: tuple[Diagnostic, ...] = ()
    """Warnings: superseded proposals, contested moves that stay where they are."""
    shown: tuple[str, ...] = ()
    """Ids of the operations shown in brackets (not applied), in file order."""
    left_out: tuple[LeftOut, ...] = ()
    """Every other operation, with why (superseded, not accepted with ``rest="drop"``, a comment ...):
    ``accepted``, ``shown`` and ``left_out`` together account for every operation of every file, but
    for the supports of operations applied or shown."""

    def encoded(self) -> bytes:
        """The bytes to write: UTF-8, with a BOM when the base draft had one."""
        data = self.text.encode("utf-8")
        return (b"\xef\xbb\xbf" + data) if self.bom else data

