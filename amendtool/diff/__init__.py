"""Comparing drafts (word diff, paragraph alignment, comparison) and ``propose``, its reverse use:
an edited copy turned into amendment operations.

``propose`` and ``ProposedAmendments`` are imported when first used: ``amendtool diff`` does not need
them (nor the amendment modules they bring, about 25 ms of start-up)."""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING

from amendtool.diff.compare import Comparison, compare

if TYPE_CHECKING:
    from amendtool.diff.propose import ProposedAmendments, propose

__all__ = ["Comparison", "ProposedAmendments", "compare", "propose"]


def __getattr__(name: str) -> object:
    if name not in ("ProposedAmendments", "propose"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    importlib.import_module("amendtool.diff.propose")  # which sets both names (see _Package)
    return globals()[name]


class _Package(types.ModuleType):
    """This package, whose ``propose`` stays the function: loading the submodule ``propose`` sets the
    package's attribute of that name to the submodule, which is replaced by its function (as the
    eager ``from amendtool.diff.propose import propose`` here used to)."""

    def __setattr__(self, name: str, value: object) -> None:
        if name == "propose" and isinstance(value, types.ModuleType):
            super().__setattr__("ProposedAmendments", value.ProposedAmendments)
            value = value.propose
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
