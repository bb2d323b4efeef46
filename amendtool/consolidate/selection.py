"""Choosing proposals: the operation ids that ``accept`` patterns name."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase, translate

from amendtool.amend.operations import AmendmentFile
from amendtool.errors import Diagnostic, SelectionError


def select_ids(files: Sequence[AmendmentFile], patterns: Iterable[str]) -> frozenset[str]:
    """The ids that ``accept`` patterns name (ids or globs such as ``G77-*``, comma-separated,
    case-insensitive). A pattern that names no operation is a ``SelectionError`` (its diagnostics'
    path is ``accept``); a glob over the operations of a delegation that sent a file may name none."""
    ids = [op.id for f in files for op in f.operations]
    upper = [i.upper() for i in ids]
    codes = [f.by.upper() for f in files]
    chosen: set[str] = set()
    problems: list[Diagnostic] = []
    for raw in patterns:
        for pattern in (p.strip() for p in raw.split(",")):
            if not pattern:
                continue
            want = pattern.upper()
            matches = re.compile(translate(want)).match  # fnmatchcase's own regex, compiled once per pattern
            hits = [i for i, u in zip(ids, upper, strict=True) if matches(u)]
            if not hits and not _glob_over_delegation(want, codes):
                problems.append(_names_nothing(pattern, ids))
            chosen.update(hits)
    if problems:
        raise SelectionError(problems)
    return frozenset(chosen)


def _glob_over_delegation(want: str, codes: list[str]) -> bool:
    """Whether an upper-cased pattern is a glob over the operations of delegations that sent a file
    (``JPN-*``): that delegation may have none."""
    code = want.rpartition("-")[0]
    return bool(code) and any(ch in want for ch in "*?[") and any(fnmatchcase(c, code) for c in codes)


def _names_nothing(pattern: str, ids: list[str]) -> Diagnostic:
    prefixes = sorted({i.rpartition("-")[0] for i in ids})
    hint = f"the operations are {', '.join(c + '-1 ...' for c in prefixes)}" if prefixes else "no operations were given"
    return Diagnostic(f'"{pattern}" names no operation', "accept", hint=hint)
