"""Golden files for every compilation renderer, collected from ``tests/golden/compile/``.

Each case is a directory: ``case.toml`` (the draft, the amendment files in order and the command-line
options, paths relative to the case directory; inputs of its own stand beside it) and one
``expected.<format>`` per format to check. Adding a case is adding a directory; adding a format to a
case is adding its expected file. ``AMENDTOOL_REGEN=1`` rewrites the expected files on purpose: review
the diff before committing.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import check_golden

from amendtool.cli import cli

GOLDEN = Path(__file__).parent / "golden" / "compile"
FORMATS = ("txt", "md", "json", "html")
# 2026-12-02, the day a case without --date in its options is compiled as (SOURCE_DATE_EPOCH).
PINNED_EPOCH = "1796169600"

# Formats each case checks when its expected files are regenerated from scratch.
DEFAULT_FORMATS = {
    "samples": FORMATS,
    "samples-anonymous": ("txt", "html", "json"),
    "samples-only-eu-us": ("txt", "html"),
    "script": FORMATS,
    "no-amendments": ("txt", "md", "html", "json"),
    "sections": FORMATS,
}


def _cases() -> list[tuple[str, str]]:
    out = []
    for case in sorted(p for p in GOLDEN.iterdir() if (p / "case.toml").is_file()):
        present = tuple(f for f in FORMATS if (case / f"expected.{f}").exists())
        for fmt in present or DEFAULT_FORMATS.get(case.name, FORMATS):
            out.append((case.name, fmt))
    return out


def compile_case(case: Path, fmt: str, tmp_path: Path) -> bytes:
    """Run ``amendtool compile`` as the case says, writing ``fmt``; return the bytes written."""
    spec = tomllib.loads((case / "case.toml").read_text(encoding="utf-8"))
    draft = str((case / spec["draft"]).resolve())
    amendments = [str((case / a).resolve()) for a in spec.get("amendments", [])]
    out = tmp_path / f"out.{fmt}"
    # A case without --date gets a fixed day, not the day the suite runs (its golden file would expire).
    result = CliRunner(env={"SOURCE_DATE_EPOCH": PINNED_EPOCH}).invoke(
        cli, ["compile", draft, *amendments, *spec.get("options", []), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.mark.parametrize("case,fmt", _cases(), ids=[f"{c}.{f}" for c, f in _cases()])
def test_golden(case, fmt, tmp_path):
    data = compile_case(GOLDEN / case, fmt, tmp_path)
    check_golden(GOLDEN / case / f"expected.{fmt}", data)


def test_goldens_are_deterministic(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for fmt in FORMATS:
        first = compile_case(GOLDEN / "samples", fmt, tmp_path / "a")
        assert first == compile_case(GOLDEN / "samples", fmt, tmp_path / "b")
