"""Work shared with forked copies of this process, for a command on a machine with several cores.

``forked_map(func, items, workers)`` is ``[func(*item) for item in items]``: with ``workers`` > 1 (and
``os.fork`` there) the items are cut in as many shares, all but the first worked out by forked
copies of this process at the same time as this one works out the first, each copy sending its
results back pickled through a pipe. The copies start with everything this process holds (copy on
write), so ``func`` and the items are never pickled, only the results. For a command, never for a
process running threads (the portal): a fork copies only the thread that calls it. ``func`` must
depend on its arguments alone (the copies' changes to anything else are lost), and its results must
pickle. A copy the system refuses, or one that fails, leaves its share to this process: the results
are the same, only later.
"""

from __future__ import annotations

import gc
import os
import pickle
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")

MIN_SHARE = 400
"""Fewest items in each share by default (a fork costs about 10 ms on a large process)."""


def forked_map(func: Callable[..., T], items: Sequence[tuple[Any, ...]], workers: int = 1,
               min_share: int = MIN_SHARE) -> list[T]:
    """``[func(*item) for item in items]``, shared among ``workers`` processes (this one and forked
    copies; as many as make shares of at least ``min_share`` items)."""
    workers = min(workers, len(items) // max(min_share, 1))
    if workers < 2 or not hasattr(os, "fork"):
        return [func(*item) for item in items]
    share = -(-len(items) // workers)
    children = [_forked(func, items[k : k + share]) for k in range(share, len(items), share)]
    out = [func(*item) for item in items[:share]]
    for k, child in enumerate(children):
        data = b""
        if child is not None:
            pid, pipe = child
            with os.fdopen(pipe, "rb") as f:
                data = f.read()
            if os.waitpid(pid, 0)[1] != 0:
                data = b""
        part = items[share * (k + 1) : share * (k + 2)]
        out += pickle.loads(data) if data else [func(*item) for item in part]
    return out


def _forked(func: Callable[..., Any], items: Sequence[tuple[Any, ...]]) -> tuple[int, int] | None:
    """A forked copy of this process that works out ``items`` and writes the results (pickled) to a
    pipe: its process id and the pipe's reading end; None when the system refuses the copy."""
    read, write = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no memory or processes left for a copy
        os.close(read)
        os.close(write)
        return None
    if pid:
        os.close(write)
        return pid, read
    code = 1
    try:
        os.close(read)
        gc.freeze()  # the collector leaves the objects the copy inherits alone (no pages copied for it)
        data = pickle.dumps([func(*item) for item in items], protocol=pickle.HIGHEST_PROTOCOL)
        with os.fdopen(write, "wb") as f:
            f.write(data)
        code = 0
    finally:
        os._exit(code)  # never back into the caller's code (nor its buffered output)
