"""diff.forks.forked_map: the same results as a plain map, shared with forked copies or not."""

from __future__ import annotations

import os

from amendtool.diff import forks
from amendtool.diff.forks import forked_map


def _square_and_pid(k: int, label: str) -> tuple[int, str, int]:
    return k * k, label, os.getpid()


def test_shares_are_worked_out_by_copies_in_order():
    items = [(k, f"item {k}") for k in range(25)]
    results = forked_map(_square_and_pid, items, workers=3, min_share=5)
    assert [r[:2] for r in results] == [(k * k, f"item {k}") for k in range(25)]
    pids = [r[2] for r in results]
    assert pids[:9] == [os.getpid()] * 9  # the first share here, the others in two copies
    assert len(set(pids[9:18])) == len(set(pids[18:])) == 1
    assert len(set(pids)) == 3


def test_too_few_items_or_one_worker_stay_here():
    items = [(k, "x") for k in range(9)]
    for workers, min_share in ((1, 1), (4, 5), (2, 10)):  # one worker, or fewer than two shares' worth
        results = forked_map(_square_and_pid, items, workers=workers, min_share=min_share)
        assert results == [(k * k, "x", os.getpid()) for k in range(9)]
    assert len({r[2] for r in forked_map(_square_and_pid, items, workers=4, min_share=4)}) == 2  # two shares of 4+
    assert forked_map(_square_and_pid, [], workers=4) == []


def test_a_refused_copy_leaves_its_share_here(monkeypatch):
    def refuse():
        raise OSError("no memory for a copy")

    monkeypatch.setattr(forks.os, "fork", refuse)
    items = [(k, "x") for k in range(10)]
    assert forked_map(_square_and_pid, items, workers=2, min_share=5) == [(k * k, "x", os.getpid()) for k in range(10)]


def test_a_failed_copy_leaves_its_share_here():
    here = os.getpid()

    def fails_in_a_copy(k: int) -> int:
        if os.getpid() != here:
            raise RuntimeError("the copy fails")
        return -k

    assert forked_map(fails_in_a_copy, [(k,) for k in range(10)], workers=2, min_share=5) == [-k for k in range(10)]
