"""The uptake trace as data: for each proposal of the amendment files, what became of it in the
revision the facilitator issued (``NEXT``), with the evidence, and per delegation how many were taken.

``trace.uptake`` makes it; the report (``report.py``: txt, html, json, csv) read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

Verdict: TypeAlias = Literal["taken", "partly", "elsewhere", "open", "not-taken", "overtaken"]
"""What became of a proposal in NEXT:

- ``taken``: taken as proposed (its words stand where it proposed them);
- ``partly``: taken in part (some of the words it proposed made it: ``Trace.words``);
- ``elsewhere``: taken in substance elsewhere (its words stand in another paragraph, or the paragraph
  it proposed stands in another place);
- ``open``: still open (its words stand in NEXT in square brackets);
- ``not-taken``: not taken (the paragraph is there, without it);
- ``overtaken``: its paragraph is not in NEXT (deleted, or rewritten beyond recognition), and its words
  are nowhere either.
"""

VERDICTS: tuple[Verdict, ...] = ("taken", "partly", "elsewhere", "open", "not-taken", "overtaken")
"""In the order reports list them."""

VERDICT_WORDS: dict[Verdict, str] = {
    "taken": "taken as proposed",
    "partly": "taken in part",
    "elsewhere": "taken in substance elsewhere",
    "open": "still open (bracketed)",
    "not-taken": "not taken",
    "overtaken": "overtaken (its paragraph is gone)",
}


@dataclass(frozen=True, slots=True)
class Trace:
    """One proposal and what became of it."""

    id: str
    """The operation's id (``EU-3``)."""
    by: str
    """The proposing delegation."""
    kind: str
    """The operation's kind (``replace``, ``add-paragraph`` ...)."""
    ref: str
    """The paragraph (or heading) of DRAFT it is about."""
    line: str
    """The operation as its file writes it (``12: replace "a" with "b"``)."""
    verdict: Verdict
    next_ref: str | None
    """Where in NEXT the evidence stands (a paragraph's or heading's reference), or None."""
    evidence: str
    """NEXT's own words there (shortened), or what is missing."""
    words: tuple[str, ...] = ()
    """For ``partly``: the proposed words that made it into NEXT."""
    supporters: tuple[str, ...] = ()
    """Delegations that supported it (``support`` lines)."""


@dataclass(frozen=True, slots=True)
class DelegationUptake:
    """One delegation's proposals, counted by verdict."""

    code: str
    proposals: int
    taken: int = 0
    partly: int = 0
    elsewhere: int = 0
    open: int = 0
    not_taken: int = 0
    overtaken: int = 0

    @property
    def made_it(self) -> int:
        """Proposals taken as proposed, in part or elsewhere."""
        return self.taken + self.partly + self.elsewhere


@dataclass(frozen=True, slots=True)
class Uptake:
    """Every proposal of the amendment files traced into NEXT."""

    draft: str
    """DRAFT's file name."""
    next: str
    """NEXT's file name."""
    traces: tuple[Trace, ...]
    """In the order the files were given, each file's operations in order (comments and supports are
    no proposals; a support is counted with the proposal it supports)."""
    delegations: tuple[DelegationUptake, ...]
    """In the order the files were given."""

    def counts(self) -> dict[Verdict, int]:
        out: dict[Verdict, int] = {v: 0 for v in VERDICTS}
        for t in self.traces:
            out[t.verdict] += 1
        return out
