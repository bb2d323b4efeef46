"""``select_ids``: the ids that ``--accept`` patterns name, looked up in the sorted ids from each
pattern's text before its first wildcard, against fnmatch over every id (the plain rule)."""

from __future__ import annotations

from fnmatch import fnmatchcase
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amendtool.consolidate.selection import select_ids
from amendtool.errors import SelectionError

CODES = ["EU", "EUR", "G77", "US", "JPN", "AOSIS"]


def files_of(ids_by_code: dict[str, int]):
    return [SimpleNamespace(by=code, operations=[SimpleNamespace(id=f"{code}-{n}") for n in range(1, k + 1)])
            for code, k in ids_by_code.items()]


pattern_parts = st.sampled_from(["EU", "eu", "E", "EUR", "G77", "g", "US", "JPN", "-", "1", "2", "12",
                                 "*", "?", "[12]", "[!1]", "[", "x"])


@given(st.dictionaries(st.sampled_from(CODES), st.integers(0, 14), min_size=1),
       st.lists(st.lists(pattern_parts, min_size=1, max_size=5).map("".join), min_size=1, max_size=4))
def test_select_ids_is_fnmatch_over_every_id(ids_by_code, patterns):
    files = files_of(ids_by_code)
    ids = [op.id for f in files for op in f.operations]
    want = {i for p in patterns for i in ids if fnmatchcase(i.upper(), p.upper())}
    try:
        got = select_ids(files, [",".join(patterns)])
    except SelectionError as exc:
        # only when a pattern names nothing (and is not a glob over a delegation that sent a file)
        assert any(not any(fnmatchcase(i.upper(), p.upper()) for i in ids) for p in patterns), exc
    else:
        assert got == want


def test_a_pattern_per_delegation_takes_each_delegations_own_ids():
    files = files_of({"EU": 3, "EUR": 2, "US": 12})
    assert select_ids(files, ["eu-*", "US-1?"]) == {"EU-1", "EU-2", "EU-3", "US-10", "US-11", "US-12"}
    assert select_ids(files, ["*-2"]) == {"EU-2", "EUR-2", "US-2"}
    with pytest.raises(SelectionError, match='"EU-9" names no operation'):
        select_ids(files, ["EU-9"])
