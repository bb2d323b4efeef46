"""Comparing drafts (word diff, paragraph alignment, comparison) and ``propose``, its reverse use:
an edited copy turned into amendment operations."""

from amendtool.diff.compare import Comparison, compare
from amendtool.diff.propose import ProposedAmendments, propose

__all__ = ["Comparison", "ProposedAmendments", "compare", "propose"]
