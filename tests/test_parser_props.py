"""Property tests: whatever the text, parsing and rendering back gives it byte for byte."""

from __future__ import annotations

import pytest
from conftest import WSIS
from hypothesis import given, settings
from hypothesis import strategies as st

from amendtool.draft.parser import parse_draft
from amendtool.draft.refs import lookup

# Text built from the pieces drafts are made of, so that labels, headings, brackets and furniture occur.
PIECES = st.sampled_from(
    [
        "12. ", "12 bis. ", "Pp3 ", "(a) ", "(ii) ", "Option 1: ", "**Option 2:** ", "Article 4 (FINANCE)",
        "1.1 Bridging the Divide", "A. DRAFT AGREEMENT", "II. ADOPTION", "## Article 2", "# source: x",
        "[", "]", "[shall][should]", " or ", " / ", "{Placeholder}", "202X", "*", "**", "_", "[^1]",
        "[text](http://x)", "[source]: http://x", "---", "Page 2 of 20", "\f", "\n", "\r\n", "\n\n", " ",
        "\t", "\u00a0", "word", "We note that", ".", ",", ";", ":", "“", "”", "–", "-", "é", "中文",
    ]
)
TEXTS = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)


@pytest.mark.slow
@settings(max_examples=300, deadline=None)
@given(TEXTS, st.sampled_from(["text", "markdown"]))
def test_any_text_round_trips(text, fmt):
    doc = parse_draft(text, fmt=fmt, lenient=True)
    assert doc.render() == text.removeprefix("\ufeff")


@pytest.mark.slow
@settings(max_examples=100, deadline=None)
@given(TEXTS)
def test_text_maps_point_at_the_characters_they_stand_for(text):
    doc = parse_draft(text, lenient=True)
    for p in doc.paragraphs:
        assert len(p.text_map) == len(p.text)
        assert list(p.text_map) == sorted(p.text_map)
        for ch, off in zip(p.text, p.text_map, strict=True):
            if ch != " ":
                assert doc.source[off] == ch


@settings(max_examples=50, deadline=None)
@given(st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_wsis_with_crlf_and_bom_round_trips(newline, bom):
    text = WSIS.read_text(encoding="utf-8").replace("\n", newline)
    if bom:
        text = "\ufeff" + text
    doc = parse_draft(text)
    assert doc.bom == bom
    assert doc.render() == text.removeprefix("\ufeff")
    assert [p.ref for p in doc.paragraphs] == [str(n) for n in range(1, 59)]
    assert "\r" not in lookup(doc, "12").text


def test_markdown_sub_item_with_no_list_above_round_trips():
    # found by test_any_text_round_trips: an indented number with no list item above it
    doc = parse_draft("\t12. ", path="x.md", fmt="markdown")
    assert doc.render() == "\t12. "
