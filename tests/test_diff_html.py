"""The diff HTML opens in headless Chromium: printed to PDF without console errors, with every part
of the view present (summary, bracket progress, changed paragraphs, redline, side by side,
concordance; history for more than two drafts)."""

from __future__ import annotations

import os

from browser import print_to_pdf, requires_browser
from click.testing import CliRunner
from conftest import ROOT, WSIS
from hypothesis import given, settings
from hypothesis import strategies as st
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
    # 10 changed paragraphs: the merged one is listed once (issue 9, finding 6: it was twice, both 22)
    for part in ("Summary", "Bracket progress", "Changed paragraphs (10)", "Redline", "Side by side", "Concordance"):
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


# ---------------------------------------------------------------------------------------------------
# Issue 9, findings 6 and 7: what a reader of the printed comparison needs


def test_sections_have_their_titles_renumbered_paragraphs_their_old_numbers_and_a_merge_is_one_block(tmp_path):
    html = make(tmp_path, WSIS, REV1).read_text(encoding="utf-8")
    # headings were bare numbers ("1.1")
    assert '<div class="section-title">1.1 Bridging the Digital Divide</div>' in html
    assert '<div class="section-title">1.3 Financing for Development</div>' in html
    # 45 paragraphs said "renumbered" with no old number
    assert '<span class="ref">10</span>' in html and '<span class="status">renumbered (was 9)</span>' in html
    assert "<span class=\"status\">renumbered</span>" not in html
    assert "split into 13, 14, renumbered (was 12)" in html
    # a merged paragraph appeared as two blocks both labelled 22
    assert html.count('<div class="para merged"') == 1
    merged = html[html.index('<div class="para merged"'):]
    merged = merged[: merged.index("</div>")]
    assert merged.startswith('<div class="para merged" id="step1-p22"><span class="ref">22</span>We draw attention')
    assert "We note that divides are often closely linked to education levels" in merged
    assert merged.endswith('<span class="status">merged from 20, 21, renumbered</span>')


@requires_browser
def test_printed_no_heading_is_stranded_pages_are_numbered_and_the_list_does_not_run_together(tmp_path):
    import re

    from test_compile_print import pages_of, stranded

    out = make(tmp_path, WSIS, REV1)
    result = print_to_pdf(out)
    html = out.read_text(encoding="utf-8")
    headings = re.findall(r'<div class="section-title">([^<]*)</div>', html)
    headings += [h for h in re.findall(r"<h3[^>]*>([^<]*)</h3>", html)]
    headings += [h.replace("&gt;", ">") for h in re.findall(r'<td class="head" colspan="2"><a [^>]*>([^<]*)</a>', html)]
    pages = [p for p in pages_of(result.text) if p]
    assert stranded(pages, headings, "Comparison of") == []
    for k, lines in enumerate(pages, 1):
        assert f"Page {k} of {len(pages)}" in lines
        assert any(line.startswith("Comparison of wsis10_zero_draft.txt and wsis_rev1.txt, ") for line in lines)
    # the list of changed paragraphs: one item per line (it ran together: "renumbered)11. 54 -> 55")
    items = [line for page in pages for line in page if re.match(r"^\d+\. \S", line)]
    assert [int(line.split(".")[0]) for line in items[:10]] == list(range(1, 11))
    assert not any(re.search(r"\)\d+\. ", line) for page in pages for line in page)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("&<>'\"a é’\u2028")) | st.text())
def test_the_redline_escapes_as_markupsafe_does(text):
    from markupsafe import Markup, escape

    from amendtool.diff.worddiff import Chunk
    from amendtool.render.diff.html import _escaped, redline, side

    assert _escaped(text) == str(escape(text))
    assert _escaped(Markup("<b>")) == "<b>"
    chunks = (Chunk("equal", text), Chunk("delete", "<" + text), Chunk("insert", text + "&"), Chunk("equal", "'"))
    e = [str(escape(c.text)) for c in chunks]
    assert redline(chunks) == Markup(f"{e[0]}<del>{e[1]}</del><ins>{e[2]}</ins>{e[3]}")
    assert side(chunks, "delete") == Markup(f"{e[0]}<del>{e[1]}</del>{e[3]}")
    assert side(chunks, "insert") == Markup(f"{e[0]}<ins>{e[2]}</ins>{e[3]}")
