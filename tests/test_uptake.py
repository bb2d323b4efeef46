"""``amendtool uptake``: where each proposal went in the revision issued.

On a revision written by hand from the WSIS zero draft and the sample amendment files
(``tests/fixtures/uptake/wsis_rev1.txt``: some proposals taken verbatim, some reworded, one moved, one
dropped, still open ones, everything renumbered), every proposal's verdict is pinned; on the next
revisions ``consolidate`` makes of the samples, every accepted proposal is taken and every other not
(or still open, where the rest is bracketed). The reports are golden files.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, check_golden

from amendtool.amend import load_amendments
from amendtool.cli import cli
from amendtool.consolidate import consolidate
from amendtool.draft.parser import load_draft, parse_draft
from amendtool.uptake import render_uptake, uptake

DRAFTS = ROOT / "drafts"
WSIS = DRAFTS / "wsis10_zero_draft.txt"
SAMPLES = sorted(DRAFTS.glob("*.amend"))
REV1 = Path(__file__).parent / "fixtures" / "uptake" / "wsis_rev1.txt"
GOLDEN = Path(__file__).parent / "golden" / "uptake"

EXPECTED = {
    # taken verbatim
    "EU-1": "taken", "US-1": "taken",          # 12: "nearly 10 per cent" (the same proposal)
    "US-2": "taken",                            # 12: "as compared to 3.4 per cent in 2005," deleted
    "EU-2": "taken", "JPN-1": "taken",         # 19: ", including persons with disabilities,"
    "EU-4": "taken",                            # 7: [unforeseen ten years ago]
    "EU-6": "taken", "US-5": "taken",          # 58: World Summit
    "EU-7": "taken",                            # 40 moved after 43
    "G77-3": "taken",                           # 26: "predictable and"
    "JPN-2": "taken",                           # 9: refugees
    "US-3": "taken",                            # 35 deleted
    # reworded: taken in part
    "EU-3": "partly",                           # 19: "meaningful" made it, "and meaningful" did not
    "G77-2": "partly",                          # 23: "and technology transfer on mutually agreed terms"
    "JPN-5": "partly",                          # 36: rewritten, nearer JPN's text than the draft's
    "US-6": "partly",                           # 19: "We will review progress annually."
    # moved: the new paragraph stands after 44, not after 37 where EU proposed it
    "EU-5": "elsewhere",
    # still open: bracketed in the revision
    "JPN-3": "open", "JPN-4": "open",          # 45: [We affirm that strengthening][Strengthening]
    # not taken
    "G77-1": "not-taken",                       # 12: "only about 10 per cent" (EU's wording won)
    "G77-5": "not-taken",                       # 58: the alternative was not added
    "G77-6": "not-taken",                       # the new first paragraph was dropped
    "JPN-6": "not-taken",                       # 54 did not move before 53
    "US-4": "not-taken",                        # 50: the sentence stays
    # overtaken: paragraph 35, which G77 rewrote, is deleted
    "G77-4": "overtaken",
}


@pytest.fixture(scope="module")
def wsis():
    return load_draft(WSIS)


@pytest.fixture(scope="module")
def files(wsis):
    return load_amendments(wsis, SAMPLES)


def test_every_proposal_of_the_hand_made_revision(wsis, files):
    result = uptake(wsis, load_draft(REV1), files)
    assert {t.id: t.verdict for t in result.traces} == EXPECTED
    by_id = {t.id: t for t in result.traces}
    assert by_id["EU-3"].words == ("meaningful",)
    assert by_id["G77-2"].words == ("transfer", "technology", "mutually", "agreed", "terms")
    assert by_id["EU-1"].next_ref == "11" and "nearly 10 per cent" in by_id["EU-1"].evidence  # renumbered
    assert by_id["EU-5"].next_ref == "43"
    assert by_id["G77-4"].next_ref is None and by_id["G77-4"].evidence == "paragraph 35 is not in NEXT"
    assert by_id["EU-1"].supporters == ("JPN",) and by_id["US-3"].supporters == ("JPN",)
    people = {d.code: d for d in result.delegations}
    assert (people["EU"].proposals, people["EU"].taken, people["EU"].partly, people["EU"].elsewhere) == (7, 5, 1, 1)
    assert (people["G77"].taken, people["G77"].partly, people["G77"].not_taken, people["G77"].overtaken) == (1, 1, 3, 1)
    assert (people["JPN"].made_it, people["JPN"].open, people["JPN"].not_taken) == (3, 2, 1)
    assert (people["US"].made_it, people["US"].not_taken) == (5, 1)


@pytest.mark.parametrize("accept", [["EU-*", "JPN-2"], ["G77-*"], ["US-*", "JPN-3", "JPN-4"], ["JPN-*"], []])
def test_after_consolidate_every_accepted_proposal_is_taken_and_no_other(wsis, files, accept):
    c = consolidate(wsis, files, accept=accept, rest="drop", renumber=True)
    nxt = parse_draft(c.text, path="next.txt")
    result = uptake(wsis, nxt, files)
    taken = {t.id for t in result.traces if t.verdict == "taken"}
    proposals = {t.id for t in result.traces}
    # c.accepted: the ids accepted and those merged with them (identical proposals of other files)
    assert taken == set(c.accepted) & proposals
    # the others are not taken; a choice among alternatives (retain) where another proposal added an
    # alternative instead is still open: the group stands in brackets
    assert {t.verdict for t in result.traces if t.id not in taken} <= {"not-taken", "overtaken", "open"}


def test_after_consolidate_with_the_rest_bracketed_the_rest_is_open(wsis, files):
    c = consolidate(wsis, files, accept=["EU-*"], rest="bracket")
    verdicts = {t.id: t.verdict for t in uptake(wsis, parse_draft(c.text, path="next.txt"), files).traces}
    assert verdicts["EU-1"] == verdicts["US-1"] == "taken"
    assert verdicts["US-2"] == verdicts["G77-2"] == verdicts["JPN-2"] == "open"
    assert verdicts["JPN-6"] == "not-taken"  # a move cannot stand in brackets


def test_structure_operations_are_traced(tmp_path):
    case = Path(__file__).parent / "fixtures" / "amend" / "structure"
    doc = load_draft(case / "draft.txt")
    structure = load_amendments(doc, [case / "eu.amend"])
    c = consolidate(doc, structure, accept=["EU-*"], rest="drop")
    result = uptake(doc, parse_draft(c.text, path="next.txt"), structure)
    assert {t.id: t.verdict for t in result.traces} == {f"EU-{k}": "taken" for k in range(1, 14)}
    none = consolidate(doc, structure, accept=[], rest="drop")
    result = uptake(doc, parse_draft(none.text, path="next.txt"), structure)
    assert {t.verdict for t in result.traces} <= {"not-taken", "overtaken"}


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("fmt", ["txt", "json", "csv", "html"])
def test_reports(fmt, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / f"report.{fmt}"
    result = run("uptake", "drafts/wsis10_zero_draft.txt", "tests/fixtures/uptake/wsis_rev1.txt",
                 *(f"drafts/{p.name}" for p in SAMPLES), "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}: uptake report ({fmt}): 25 proposals, 17 taken\n"
    check_golden(GOLDEN / f"wsis_rev1.{fmt}", out.read_text(encoding="utf-8"))


def test_the_terminal_gets_the_text_report(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("uptake", "drafts/wsis10_zero_draft.txt", "tests/fixtures/uptake/wsis_rev1.txt", "drafts/eu.amend")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("Uptake of the proposals on wsis10_zero_draft.txt in wsis_rev1.txt\n"
                                    "7 proposals: 5 taken as proposed, 1 taken in part, 1 taken in substance "
                                    "elsewhere\n")
    assert "  EU         7: 5, 1, 1, 0, 0, 0  (7 of 7 made it)\n" in result.output


def test_usage_and_input_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    result = run("uptake", "drafts/wsis10_zero_draft.txt", "tests/fixtures/uptake/wsis_rev1.txt")
    assert result.exit_code == 2 and "Missing argument 'AMENDMENTS...'" in result.output
    result = run("uptake", "drafts/wsis10_zero_draft.txt", "tests/fixtures/uptake/wsis_rev1.txt", "drafts/eu.amend",
                 "-o", tmp_path / "report.docx")
    assert result.exit_code == 2 and "cannot tell the output format" in result.output
    bad = tmp_path / "bad.amend"
    bad.write_text('by: EU\n99: delete paragraph\n', encoding="utf-8")
    result = run("uptake", "drafts/wsis10_zero_draft.txt", "tests/fixtures/uptake/wsis_rev1.txt", bad)
    assert result.exit_code == 1
    assert 'bad.amend:2:1: paragraph "99" does not exist (the draft has 1-58)' in result.output
    result = run("uptake", "drafts/wsis10_zero_draft.txt", tmp_path / "missing.txt", "drafts/eu.amend")
    assert result.exit_code == 1 and "missing.txt" in result.output


def test_html_escapes_what_it_quotes(wsis, tmp_path):
    amend = tmp_path / "x.amend"
    amend.write_text('by: X\n12: replace "almost 10 per cent" with "<script>alert(1)</script>"\n', encoding="utf-8")
    files = load_amendments(wsis, [amend])
    text = wsis.source.replace("almost 10 per cent", "<script>alert(1)</script>")
    page = render_uptake(uptake(wsis, parse_draft(text, path="n.txt"), files), "html")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_json_report_lists_every_proposal(wsis, files):
    data = json.loads(render_uptake(uptake(wsis, load_draft(REV1), files), "json"))
    assert data["format"] == "amendtool-uptake" and len(data["proposals"]) == 25
    assert data["counts"] == {"taken": 12, "partly": 4, "elsewhere": 1, "open": 2, "not-taken": 5, "overtaken": 1}
    assert data["proposals"][0]["operation"] == '12: replace "almost 10 per cent" with "nearly 10 per cent"'


def test_words_near_the_start_and_a_short_word_deleted(wsis, tmp_path):
    """A change after fewer words than the context takes (it crashed: IndexError), and a deleted 'and'
    that the paragraph has elsewhere too (it read as still there: not taken)."""
    amend = tmp_path / "x.amend"
    amend.write_text('by: X\n12: replace "reaffirm" with "reaffirm strongly"\n'
                     '12: delete "and" (2nd)\n', encoding="utf-8")
    files = load_amendments(wsis, [amend])
    c = consolidate(wsis, files, accept=["X-*"], rest="drop")
    assert {t.id: t.verdict for t in uptake(wsis, parse_draft(c.text, path="n.txt"), files).traces} == {
        "X-1": "taken", "X-2": "taken"}
    assert {t.id: t.verdict for t in uptake(wsis, wsis, files).traces} == {"X-1": "not-taken", "X-2": "not-taken"}
