"""Shared test helpers: where the sample drafts and the real corpus are."""

from __future__ import annotations

import inspect
import os
from pathlib import Path

import pytest
from hypothesis import settings

# CI checks what is committed, the same way every run: property tests draw their examples from a fixed
# seed there (derandomize); on a developer's machine they explore new examples every run.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


def pytest_configure(config):
    """``pytest -m slow`` (the slow tests only) runs the fuzzers with many more examples
    (``tests/fuzzing.py``: ``LONG_FACTOR``); the normal run gives them a budget that keeps CI fast."""
    if "slow" in (config.getoption("markexpr", "") or "").replace("not slow", ""):
        os.environ["AMENDTOOL_FUZZ"] = "long"

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "drafts"
WSIS = DRAFTS / "wsis10_zero_draft.txt"
CORPUS = Path(os.environ.get("AMENDTOOL_CORPUS") or ROOT.parent / "shared" / "corpus")


def corpus_file(name: str) -> Path:
    """A file of the real-text corpus, or skip the test where the corpus is absent (a newcomer's clone)."""
    path = CORPUS / name
    if not path.is_file():
        pytest.skip(f"corpus file {name} not found in {CORPUS} (set AMENDTOOL_CORPUS to the shared corpus)")
    return path


def corpus_files() -> list[str]:
    """Names of the corpus drafts (empty where the corpus is absent)."""
    if not CORPUS.is_dir():
        return []
    return sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".txt", ".md") and p.name != "README.md")


def pytest_collection_modifyitems(items):
    """Tests that read the corpus are marked ``corpus`` (found by what they call), so that
    ``-m "not corpus"`` works without every test remembering its mark; the portal's tests (tests/portal/)
    are marked ``portal``; both count as ``slow``."""
    sources: dict[object, str | None] = {}  # a parametrised test's source is read once
    for item in items:
        function = getattr(item, "function", None)
        if function is None or item.get_closest_marker("corpus"):
            continue
        if function not in sources:
            try:
                sources[function] = inspect.getsource(function)
            except (OSError, TypeError):
                sources[function] = None
        source = sources[function]
        if source is None:
            continue
        params = getattr(item, "callspec", None)
        if "corpus" in item.module.__name__ or "corpus_file(" in source or "CORPUS" in source or (params and any(
                str(v).startswith("paris_") or str(v).endswith("_draft.txt") and "corpus" in source
                for v in params.params.values())):
            item.add_marker(pytest.mark.corpus)
    for item in items:
        if item.path.parent.name == "portal" and not item.get_closest_marker("portal"):
            item.add_marker(pytest.mark.portal)
        # the real texts are megabytes and the portal's suite needs a database (migrated, then a
        # transaction per test): they run in the full suite, not in the quick loop
        if (item.get_closest_marker("corpus") or item.get_closest_marker("portal")) \
                and not item.get_closest_marker("slow"):
            item.add_marker(pytest.mark.slow)


def regenerate() -> bool:
    """Golden files are rewritten only on purpose: AMENDTOOL_REGEN=1."""
    return os.environ.get("AMENDTOOL_REGEN") == "1"


def check_golden(path: Path, actual: str | bytes) -> None:
    """Compare with a golden file (rewrite it when regenerating on purpose)."""
    mode = "b" if isinstance(actual, bytes) else ""
    if regenerate() or not path.exists():
        if not regenerate():
            pytest.fail(f"golden file {path} is missing; run with AMENDTOOL_REGEN=1 to create it")
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w" + mode, **({} if mode else {"encoding": "utf-8", "newline": ""})) as fh:
            fh.write(actual)
    with open(path, "r" + mode, **({} if mode else {"encoding": "utf-8", "newline": ""})) as fh:
        expected = fh.read()
    assert actual == expected, f"output differs from golden file {path} (AMENDTOOL_REGEN=1 to accept)"
