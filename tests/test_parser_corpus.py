"""The parser on the drafts users really have: the WSIS zero draft and the Paris texts of 2015."""

from __future__ import annotations

import json

import pytest
from conftest import WSIS, corpus_file, corpus_files

from amendtool.draft.outline import brackets_data, outline
from amendtool.draft.parser import load_draft
from amendtool.draft.refs import lookup
from amendtool.errors import DraftSyntaxError

# Published texts with stray brackets: they parse only with --lenient (each a real unbalanced bracket).
UNBALANCED = {
    "paris_2015-02-12_geneva_negotiating_text.txt": 4,
    "paris_2015-10-23_draft_agreement_decision_11infnot.txt": 5,
    "paris_2015-12-04_draft_agreement_decision_adp.txt": 12,
    "paris_2015-10-23_draft_agreement_okfn.md": 3,
    "paris_2015-12-04_draft_agreement_okfn.md": 5,
    "paris_2015-12-09_draft_agreement_okfn.md": 3,
}
NONPAPER = "paris_2015-10-05_cochairs_nonpaper_8infnot.txt"


@pytest.fixture(scope="module")
def wsis():
    return load_draft(WSIS)


@pytest.fixture(scope="module")
def nonpaper():
    return load_draft(corpus_file(NONPAPER))


def by_ref(doc):
    return {p.ref: p for p in doc.paragraphs}


# --- WSIS zero draft -------------------------------------------------------------------------------


def test_wsis_has_58_paragraphs_labelled_1_to_58(wsis):
    assert [p.label for p in wsis.paragraphs] == [str(n) for n in range(1, 59)]
    assert [p.ref for p in wsis.paragraphs] == [str(n) for n in range(1, 59)]


def test_wsis_34_and_35_are_separate_though_on_consecutive_lines(wsis):
    refs = by_ref(wsis)
    assert refs["34"].text.startswith("We recognise that there is a need to promote greater participation")
    assert "net neutrality" not in refs["34"].text
    assert refs["35"].text == (
        "We recognise the principle and importance of net neutrality, and call for its protection accordingly."
    )
    assert refs["35"].pos.line == refs["34"].pos.line + 1


def test_wsis_headings_and_sections(wsis):
    headings = [(s.heading.ref, s.heading.title) for s in wsis.sections]
    assert headings == [
        ("1.1", "Bridging the Digital Divide"),
        ("1.2", "Enabling Environment"),
        ("1.3", "Financial Mechanisms"),
        ("2.1", "Enhanced Cooperation"),
        ("2.2", "Human rights"),
        ("2.3", "Building Confidence and Security in the use of ICTs"),
    ]
    refs = by_ref(wsis)
    assert refs["16"].section == "1.1"
    assert refs["15"].section is None
    assert refs["40"].section == "2.2"


def test_wsis_one_bracket_group_in_58(wsis):
    groups = brackets_data(wsis)
    assert len(groups) == 1
    assert groups[0]["ref"] == "58"
    assert groups[0]["alternatives"] == ["World Summit", "High Level Meeting"]
    assert (groups[0]["line"], groups[0]["column"]) == (197, 357)
    assert wsis.source.splitlines()[196][356] == "["


def test_wsis_placeholder_202X(wsis):
    from amendtool.draft.model import Placeholder

    assert any(isinstance(n, Placeholder) and n.text == "202X" for n in by_ref(wsis)["57"].inlines)


def test_wsis_json_outline_fields(wsis):
    data = json.loads(json.dumps(outline(wsis)))
    assert data["title"] == "United Nations General Assembly’s Overall Review of the Implementation of WSIS Outcomes"
    assert data["sections"][0] == {"ref": "1.1", "heading": "Bridging the Digital Divide", "number": "1.1", "level": 1, "line": 58}
    p12 = next(p for p in data["paragraphs"] if p["ref"] == "12")
    assert p12["label"] == "12" and p12["section"] is None and p12["line"] == 47
    assert p12["text"].startswith("We reaffirm that the spread of these technologies")
    assert "  " not in p12["text"] and not p12["text"].startswith("12")


# --- Paris co-chairs' non-paper (PDF text) ------------------------------------------------------------


def test_nonpaper_preambular_paragraphs(nonpaper):
    pp = [p for p in nonpaper.paragraphs if p.section == "A" and p.kind == "preambular"]
    assert [p.label for p in pp] == ["Pp1", "Pp2", "Pp3", "Pp4", "Pp5", "Pp6"]
    assert pp[0].text == (
        "Being Parties to the United Nations Framework Convention on Climate Change, hereinafter referred to "
        "as “the Convention”,"
    )


def test_nonpaper_article_3_paragraphs_and_sub_items(nonpaper):
    art3 = [p for p in nonpaper.paragraphs if p.section == "Article 3" and p.parent is None]
    assert [p.label for p in art3] == [str(n) for n in range(1, 14)]
    assert [p.ref for p in art3][:2] == ["Article 3.1", "Article 3.2"]
    subs = [p for p in nonpaper.paragraphs if p.parent == "Article 3.3"]
    assert [p.ref for p in subs] == ["3.3(a)", "3.3(b)", "3.3(c)"]
    assert subs[0].text == "[Be quantified or quantifiable;]"


def test_nonpaper_article_2_2_runs_across_the_page_break(nonpaper):
    p = lookup(nonpaper, "Article 2.2")
    assert "[below 2 °C][below 2 or 1.5 °C] above pre-industrial levels, without prejudice" in p.text
    assert "AD HOC WORKING GROUP" not in p.text and "Page 2 of 20" not in p.text
    assert p.text.endswith("on the basis of the best available scientific knowledge.")
    kinds = [getattr(n, "kind", "line") for n in p.lines]
    assert "page-header" in kinds  # kept in the tree, not in the text


def test_nonpaper_shall_should_other_group(nonpaper):
    groups = lookup(nonpaper, "3.2").bracket_groups
    assert groups[0].alternatives == ("shall", "should", "other")
    assert len(groups) == 3


def test_nonpaper_references_resolve_in_common_spellings(nonpaper):
    for spelling in ("Article 3.2", "3.2", "Art. 3.2", "Article 3, paragraph 2"):
        assert lookup(nonpaper, spelling).ref == "Article 3.2"
    assert lookup(nonpaper, "3.3 (a)").ref == "3.3(a)"
    assert lookup(nonpaper, "Article 3.3(a)").ref == "3.3(a)"


def test_nonpaper_option_blocks(nonpaper):
    p = lookup(nonpaper, "Article 8.4")
    assert p.text.startswith("[Option 1: The capacity-building")
    option2 = [c for c in p.children if getattr(c, "kind", "") == "option"]
    assert [o.label for o in option2] == ["Option 2"]
    assert option2[0].ref == "8.4 Option 2"


# --- Every corpus file ---------------------------------------------------------------------------------


@pytest.mark.parametrize("name", corpus_files() or ["(corpus absent)"])
def test_corpus_round_trips_byte_for_byte(name):
    path = corpus_file(name)
    doc = load_draft(path, lenient=True)
    data = path.read_bytes()
    rendered = doc.render().encode("utf-8")
    if doc.bom:
        rendered = b"\xef\xbb\xbf" + rendered
    assert rendered == data
    assert doc.paragraphs, "no paragraphs recognised"


@pytest.mark.slow
@pytest.mark.parametrize("name", corpus_files() or ["(corpus absent)"])
def test_corpus_parses_strictly_unless_published_with_stray_brackets(name):
    path = corpus_file(name)
    if name in UNBALANCED:
        with pytest.raises(DraftSyntaxError) as err:
            load_draft(path)
        assert len(err.value.diagnostics) == UNBALANCED[name]
        assert all(d.line and d.column for d in err.value.diagnostics)
        assert len(load_draft(path, lenient=True).warnings) == UNBALANCED[name]
    else:
        assert load_draft(path).warnings == ()


@pytest.mark.slow
@pytest.mark.parametrize("name", corpus_files() or ["(corpus absent)"])
def test_corpus_refs_are_unique_and_resolve(name):
    doc = load_draft(corpus_file(name), lenient=True)
    refs = [p.ref for p in doc.paragraphs]
    assert len(refs) == len(set(refs)), [r for r in refs if refs.count(r) > 1][:5]
    for p in doc.paragraphs:
        assert lookup(doc, p.ref) is p


@pytest.mark.parametrize("name", corpus_files() or ["(corpus absent)"])
def test_corpus_text_has_no_page_furniture(name):
    doc = load_draft(corpus_file(name), lenient=True)
    for p in doc.paragraphs:
        assert "AD HOC WORKING GROUP ON THE" not in p.text, p.ref
        assert "\f" not in p.text and "  " not in p.text
