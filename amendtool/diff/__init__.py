"""Comparing drafts (word diff, paragraph alignment, comparison) and ``propose``, its reverse use:
an edited copy turned into amendment operations (``proposal.py``).

``propose`` and ``ProposedAmendments`` are imported when first used: ``amendtool diff`` does not need
them (nor the amendment modules they bring, about 25 ms of start-up)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from amendtool.diff.compare import Comparison, compare

if TYPE_CHECKING:
    from amendtool.diff.proposal import ProposedAmendments, propose

__all__ = ["Comparison", "ProposedAmendments", "compare", "propose"]


def __getattr__(name: str) -> object:
    if name not in ("ProposedAmendments", "propose"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value: object = getattr(importlib.import_module("amendtool.diff.proposal"), name)
    globals()[name] = value  # found here from now on
    return value
