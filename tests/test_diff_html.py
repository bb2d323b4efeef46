"""The diff HTML opens in headless Chromium: printed to PDF without console errors, with every part
of the view present (summary, bracket progress, changed paragraphs, redline, side by side,
concordance; history for more than two drafts)."""

from __future__ import annotations

import os

from browser import print_to_pdf, requires_browser
from click.testing import CliRunner
from conftest import ROOT, WSIS
from test_diff_cli import REV1, REV2

from amendtool.cli import cli


def make(tmp_path, *drafts):
    out = tmp_path / "diff.html"
    args = ["diff", *[os.path.relpath(d, ROOT) for d in drafts], "-o", str(out)]
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    return out


@requires_browser
def test_two_drafts_print_cleanly(tmp_path):
    result = print_to_pdf(make(tmp_path, WSIS, REV1))
    assert result.errors == (), result.log[-2000:]
    words = result.words
    for part in ("Summary", "Bracket progress", "Changed paragraphs (11)", "Redline", "Side by side", "Concordance"):
        assert part in words
    assert "unforeseen ten years" in words and "a decade ago" in words  # deletion and insertion both printed
    assert "12 -> 13 (split into 13, 14, renumbered)" in words
    assert "35 (deleted)" in words


@requires_browser
def test_three_drafts_show_history(tmp_path):
    result = print_to_pdf(make(tmp_path, WSIS, REV1, REV2))
    assert result.errors == (), result.log[-2000:]
    assert "History of each paragraph" in result.words
    assert "closed in wsis_rev2.txt" in result.words


def test_html_is_self_contained(tmp_path):
    html = make(tmp_path, WSIS, REV1).read_text(encoding="utf-8")
    assert "<script" not in html
    assert "http://" not in html and "https://" not in html
    assert "<link" not in html
    assert "@media print" in html
