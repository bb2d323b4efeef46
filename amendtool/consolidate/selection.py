"""Choosing proposals: the operation ids that ``accept`` patterns name."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from fnmatch import fnmatchcase, translate

from amendtool.amend.operations import AmendmentFile
from amendtool.errors import Diagnostic, SelectionError


def select_ids(files: Sequence[AmendmentFile], patterns: Iterable[str]) -> frozenset[str]:
    """The ids that ``accept`` patterns name (ids or globs such as ``G77-*``, comma-separated,
    case-insensitive). A pattern that names no operation is a ``SelectionError`` (its diagnostics'
    path is ``accept``); a glob over the operations of a delegation that sent a file may name none."""
    ids = [op.id for f in files for op in f.operations]
    by_upper = sorted((i.upper(), i) for i in ids)
    upper = [u for u, _ in by_upper]
    codes = [f.by.upper() for f in files]
    chosen: set[str] = set()
    problems: list[Diagnostic] = []
    for raw in patterns:
        for pattern in (p.strip() for p in raw.split(",")):
            if not pattern:
                continue
            want = pattern.upper()
            matches = re.compile(translate(want)).match  # fnmatchcase's own regex, compiled once per pattern
            # only the ids that begin with the pattern's text before its first wildcard can match: a
            # range of the sorted ids (one delegation's for ``EU-*``), not every id for every pattern
            prefix = re.split(r"[*?[]", want, maxsplit=1)[0]
            hits: list[str] = []
            for k in range(bisect_left(upper, prefix), len(upper)):
                u, i = by_upper[k]
                if not u.startswith(prefix):
                    break
                if matches(u):
                    hits.append(i)
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
    """The error for a pattern that names no operation, with the nearest fix: the range of ids of the
    delegation it names (``EU-99``: EU's are EU-1 to EU-8), or the id it misspells (``eu1``, ``EU 1``)."""
    by_code: dict[str, list[str]] = {}
    for i in ids:
        by_code.setdefault(i.rpartition("-")[0].upper(), []).append(i)
    want = pattern.upper()
    code = want.rpartition("-")[0]
    spelled = re.fullmatch(r"([A-Z][A-Z0-9]*?)[\s._]*-?[\s._]*(\d+)", want)
    if code in by_code:
        own = by_code[code]
        hint = (f"{code} has one operation, {own[0]}" if len(own) == 1
                else f"{code}'s operations are {own[0]} to {own[-1]}")
    elif spelled and f"{spelled[1]}-{int(spelled[2])}" in {i.upper() for i in ids}:
        hint = f'did you mean "{spelled[1]}-{int(spelled[2])}"?'
    elif by_code:
        hint = f"the operations are {', '.join(own[0] + ' ...' for _, own in sorted(by_code.items()))}"
    else:
        hint = "no operations were given"
    return Diagnostic(f'"{pattern}" names no operation', "accept", hint=hint)
