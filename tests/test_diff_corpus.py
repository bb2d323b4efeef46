"""Real Paris drafts compared: the concordance of paragraphs checked by hand.

Read from ../shared/corpus (or $AMENDTOOL_CORPUS); skipped, with the reason, where it is absent.
Each expectation below was checked by reading both texts side by side:

23 Oct -> 4 Dec (the Markdown pair and the PDF-text pair give the same reading):
- Preamble: "Taking account of ... developing country Parties ... LDCs ... SIDS" was split in two ("Taking
  account of the specific needs ..." and "[Taking account also of ... SIDS ...] [Africa] ..."); "Recognizing
  the intrinsic relationship between climate change, poverty eradication ..." moved up before it;
  "Recalling decisions 1/CP.17 ..." left the agreement's preamble ("Pursuant to the Durban Platform ..."
  is new there) and, in the PDF text, went unchanged to the decision's preamble; "[Noting that the
  largest share of historical global emissions ...]" and "[Acknowledging that putting a price on carbon
  ...]" are unchanged but renumbered (Pp8 -> Pp9, Pp15 -> Pp16).
- Article 7.4 (technology, Option 1) is the same text; in the 23 Oct PDF text a page break with its
  running header cuts it: no change.
- Article 2.1: sub-items (b) "pursue a transformation ..." and (c) "increase their ability to adapt
  ..." changed places: (c) moved up to (b), (b) went on as (c).
4 Dec -> final (Markdown):
- Preamble: "Pursuant to the Durban Platform ..." moved before "In pursuit of the objective ...".
- Article 1 definitions: only "Convention", "Conference of the Parties" and "Party" remain, in that
  order (1.13 -> 1.1, 1.12 -> 1.2, 1.2 -> 1.3); "Parties present and voting" (1.1) was dropped.
- Article 2.1 (a), (b), (c) stay (a), (b), (c), reworded.
- The final text has no brackets: every bracket group of 4 Dec is closed.
"""

from __future__ import annotations

import pytest
from conftest import corpus_file

from amendtool.diff.align import DELETED, MODIFIED, MOVED, RENUMBERED, SPLIT
from amendtool.diff.compare import compare
from amendtool.draft.parser import load_draft

pytestmark = pytest.mark.slow  # every test here diffs whole corpus drafts (seconds each)

OCT_MD = "paris_2015-10-23_draft_agreement_okfn.md"
DEC_MD = "paris_2015-12-04_draft_agreement_okfn.md"
OCT_TXT = "paris_2015-10-23_draft_agreement_decision_11infnot.txt"
DEC_TXT = "paris_2015-12-04_draft_agreement_decision_adp.txt"
FINAL_MD = "paris_2015-12-12_final_paris_agreement_okfn.md"

_cache: dict = {}


def step(old: str, new: str):
    key = (old, new)
    if key not in _cache:
        a = load_draft(corpus_file(old), lenient=True)
        b = load_draft(corpus_file(new), lenient=True)
        _cache[key] = compare(a, b).steps[0]
    return _cache[key]


def status(s, old, new):
    found = [d.pair.status for d in s.paragraphs if (d.pair.old, d.pair.new) == (old, new)]
    assert found, f"no pair {old} -> {new}"
    return found[0]


def conc(s):
    return dict(s.concordance)


def test_oct_dec_markdown_preamble():
    s = step(OCT_MD, DEC_MD)
    c = conc(s)
    assert c["Pp4"] == ("Pp5", "Pp6")
    assert status(s, "Pp4", "Pp5") == SPLIT
    assert c["Pp5"] == ("Pp4",)
    assert status(s, "Pp5", "Pp4") == MOVED
    assert c["Pp3"] == ()  # Recalling decisions ... (the Markdown has no decision part)
    assert c["Pp1"] == ("Pp1",)


def test_oct_dec_markdown_article_2():
    s = step(OCT_MD, DEC_MD)
    c = conc(s)
    # Article 2 is an option block in both drafts: its paragraphs are named within Option 1
    assert c["2 Option 1.1"] == ("2 Option 1.1",)
    assert c["2 Option 1.1(a)"] == ("2 Option 1.1(a)",)
    assert c["2 Option 1.1(c)"] == ("2 Option 1.1(b)",) and status(s, "2 Option 1.1(c)", "2 Option 1.1(b)") == MOVED
    assert c["2 Option 1.1(b)"] == ("2 Option 1.1(c)",) and status(s, "2 Option 1.1(b)", "2 Option 1.1(c)") == MODIFIED
    assert [c[f"2 bis Option 1.{k}"] for k in range(1, 5)] == [(f"2 bis Option 1.{k}",) for k in range(1, 5)]


def test_oct_dec_pdf_text_preamble():
    s = step(OCT_TXT, DEC_TXT)
    c = conc(s)
    assert c["A Pp4"] == ("A Pp5", "A Pp6")
    assert status(s, "A Pp4", "A Pp5") == SPLIT
    assert c["A Pp5"] == ("A Pp4",) and status(s, "A Pp5", "A Pp4") == MOVED
    assert c["A Pp8"] == ("A Pp9",) and status(s, "A Pp8", "A Pp9") == RENUMBERED
    assert c["A Pp15"] == ("A Pp16",) and status(s, "A Pp15", "A Pp16") == RENUMBERED
    assert status(s, "A Pp3", "IV Pp1") == MOVED  # Recalling decisions ... moved to the decision
    added = {d.pair.new for d in s.paragraphs if d.pair.old is None}
    assert "A Pp3" in added  # Pursuant to the Durban Platform ...


def test_oct_dec_pdf_text_page_break_is_no_change():
    # Article 7.4 is cut by a page break (running header, "19 of 54") in the 23 Oct text, not in 4 Dec.
    s = step(OCT_TXT, DEC_TXT)
    rec = next(d.pair for d in s.paragraphs if d.pair.old == "Article 7.4")
    assert rec.new == "Article 7.4" and rec.status == "unchanged"
    assert [c.op for c in rec.changes] == ["equal"]


def test_dec_final_preamble_and_definitions():
    s = step(DEC_MD, FINAL_MD)
    c = conc(s)
    assert c["Pp3"] == ("Pp2",) and status(s, "Pp3", "Pp2") == MOVED
    assert c["Pp2"] == ("Pp3",)
    assert c["Article 1.13"] == ("Article 1.1",)
    assert c["Article 1.12"] == ("Article 1.2",)
    assert c["Article 1.2"] == ("Article 1.3",)
    assert c["Article 1.1"] == () and status(s, "Article 1.1", None) == DELETED


def test_dec_final_article_2_and_brackets():
    s = step(DEC_MD, FINAL_MD)
    c = conc(s)
    # Article 2 of 4 December is an option block; the final text has no options
    assert [c[f"2 Option 1.1({x})"] for x in "abc"] == [(f"2.1({x})",) for x in "abc"]
    assert s.brackets.new == 0
    assert s.brackets.closed == s.brackets.old > 500
    assert s.brackets.opened == 0


@pytest.mark.parametrize("old,new", [(OCT_MD, DEC_MD), (OCT_TXT, DEC_TXT), (DEC_MD, FINAL_MD)])
def test_every_paragraph_accounted_for(old, new):
    s = step(old, new)
    olds = {d.pair.old for d in s.paragraphs if d.pair.old is not None}
    news = {d.pair.new for d in s.paragraphs if d.pair.new is not None}
    assert len(olds) == s.old.paragraphs and len(news) == s.new.paragraphs
    b = s.brackets
    assert b.old - b.closed + b.opened == b.new


def test_multi_draft_history_on_corpus():
    docs = [load_draft(corpus_file(n), lenient=True) for n in (OCT_MD, DEC_MD, FINAL_MD)]
    c = compare(*docs)
    row = next(r for r in c.history if r.refs[0] == ("Pp4",))
    assert row.refs[1] == ("Pp5", "Pp6")
    assert row.statuses[0] == SPLIT
    closed = [r for r in c.history if r.brackets_closed_in() == 2]
    assert closed  # brackets that survived 4 Dec and were closed in the final text


def test_headings_follow_their_content_not_their_number():
    """9 Dec -> final: the Articles were renumbered and lost their titles; each heading is found again
    by what stands under it, as its paragraphs are (Article 6 "finance" became Article 9)."""
    s = step("paris_2015-12-09_draft_agreement_okfn.md", FINAL_MD)
    headings = {p.old: p for p in s.headings if p.old}
    assert headings["Article 6"].new == "Article 9"
    assert headings["Article 9"].new == "Article 13"
    assert headings["Article 1"].new == "Article 1" and headings["Article 1"].status == MODIFIED
    assert [(c.op, c.text) for c in headings["Article 6"].changes] == [("delete", "finance")]


def test_headings_aligned_by_content_on_a_small_pair():
    from amendtool.draft.parser import parse_draft

    old = parse_draft("Article 1 (FINANCE)\n1. Finance flows shall be consistent with low emissions.\n"
                      "Article 2 (ADAPTATION)\n1. Parties shall enhance adaptive capacity.\n")
    new = parse_draft("Article 1 (ADAPTATION)\n1. Parties shall enhance adaptive capacity.\n"
                      "Article 2 (FINANCE)\n1. Finance flows shall be consistent with low emissions.\n")
    s = compare(old, new).steps[0]
    pairs = {p.old: (p.new, p.status) for p in s.headings}
    assert pairs["Article 1"][0] == "Article 2" and pairs["Article 2"][0] == "Article 1"


def test_unnumbered_preambular_paragraphs_count_as_renumbered():
    """Pp names of unnumbered preambles are how delegates number them: a change of it is reported."""
    s = step("paris_2015-12-09_draft_agreement_okfn.md", FINAL_MD)
    pair = next(p for p in s.paragraphs if p.pair.old == "Pp3").pair
    assert pair.new == "Pp2" and pair.renumbered
