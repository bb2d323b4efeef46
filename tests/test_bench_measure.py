"""bench/run.py's growth measurement: the sizes are run in turn, and each one's median is its own."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"


@pytest.fixture(scope="module")
def run_module():
    spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    path = list(sys.path)
    sys.modules["bench_run"] = module  # (its dataclasses look their module up there)
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path[:] = path  # (run.py puts bench/ first, for its workloads module)
    yield module
    del sys.modules["bench_run"]


def _workload(run_module, name: str, times: list[float], calls: list[str]):
    left = list(times)

    def once():
        calls.append(name)
        seconds = left.pop(0)
        return run_module.Sample(seconds, seconds / 2, 10.0 + len(calls), True, {"run": len(calls)})

    return once


def test_sizes_in_turn_ascending_then_descending(run_module):
    calls: list[str] = []
    runs_of = {name: _workload(run_module, name, [1.0, 3.0, 2.0], calls) for name in ("small", "mid", "big")}
    measured = run_module.measure_in_turn(runs_of, 3, slow=30.0)
    assert calls == ["small", "mid", "big", "big", "mid", "small", "small", "mid", "big"]
    assert list(measured) == ["small", "mid", "big"]
    for m in measured.values():
        assert (m.seconds, m.cpu, m.runs, m.ok) == (2.0, 1.0, 3, True)
    assert measured["big"].peak_mb == 10.0 + 9  # the highest of its runs (the last call)
    assert measured["small"].detail == {"run": 7}  # its last run's


def test_a_slow_first_run_is_not_repeated(run_module):
    calls: list[str] = []
    runs_of = {"small": _workload(run_module, "small", [1.0, 1.2, 1.1], calls),
               "huge": _workload(run_module, "huge", [45.0], calls)}
    measured = run_module.measure_in_turn(runs_of, 3, slow=30.0)
    assert calls == ["small", "huge", "small", "small"]
    assert (measured["huge"].seconds, measured["huge"].runs) == (45.0, 1)
    assert (measured["small"].seconds, measured["small"].runs) == (1.1, 3)


def test_one_measurement(run_module):
    calls: list[str] = []
    m = run_module.measure(_workload(run_module, "only", [2.0, 1.0, 4.0, 3.0, 5.0], calls), 5, slow=30.0)
    assert (m.seconds, m.cpu, m.runs, len(calls)) == (3.0, 1.5, 5, 5)
    slow = run_module.measure(_workload(run_module, "slow", [31.0, 1.0], calls), 5, slow=30.0)
    assert (slow.seconds, slow.runs) == (31.0, 1)
