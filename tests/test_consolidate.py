"""`consolidate`: the next revision from a compilation, as the library and as the command.

Golden files (``tests/golden/consolidate/``) hold the next revisions of the sample draft with the
sample amendment files (``drafts/*.amend``); ``AMENDTOOL_REGEN=1`` rewrites them on purpose.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest
from click.testing import CliRunner
from conftest import DRAFTS, ROOT, WSIS, check_golden

from amendtool.amend.resolve import load_amendments
from amendtool.cli import cli
from amendtool.consolidate import consolidate
from amendtool.draft.parser import load_draft, parse_draft
from amendtool.draft.refs import lookup
from amendtool.errors import ConflictError, SelectionError

GOLDEN = ROOT / "tests" / "golden" / "consolidate"
SAMPLES = [str(DRAFTS / f"{code}.amend") for code in ("eu", "g77", "jpn", "us")]
BASE = load_draft(WSIS)
FILES = load_amendments(BASE, SAMPLES)


def run(*args):
    return CliRunner().invoke(cli, ["consolidate", str(WSIS), *SAMPLES, *args])


def groups(doc):
    """Every bracket group of a draft as (paragraph, alternatives), outermost first."""
    return Counter((p.ref, g.alternatives) for p in doc.paragraphs for g in p.bracket_groups if g.depth == 0)


# ---------------------------------------------------------------------------------------------------
# --rest bracket on the samples


def test_rest_bracket_golden(tmp_path):
    out = tmp_path / "rev1.txt"
    result = run("--rest", "bracket", "-o", str(out))
    assert result.exit_code == 0, result.output
    check_golden(GOLDEN / "samples_bracket.txt", out.read_text(encoding="utf-8"))
    assert result.stdout == (
        f"wrote {out}: 60 paragraphs, 0 operations applied, 16 places in brackets, 2 proposals left out\n"
    )
    assert result.stderr == (
        "drafts/eu.amend:17:1: warning: EU-7 (move 40 after 43) is not accepted: a move cannot be shown in "
        "brackets, so paragraph 40 stays where it is\n"
        "    40: move after 43\n"
        "    ^\n"
        "drafts/jpn.amend:15:1: warning: JPN-6 (move 54 before 53) is not accepted: a move cannot be shown in "
        "brackets, so paragraph 54 stays where it is\n"
        "    54: move before 53\n"
        "    ^\n"
        # every operation left out, named (issue 9): EU-6 and US-5 (retain, remove brackets on 58) are no
        # longer counted as left out: the bracket group stays open for them
        "left out: EU-7: not accepted: a move cannot be shown in brackets, so paragraph 40 stays where it is\n"
        "left out: EU-8, G77-7: a comment: the next revision carries no comments\n"
        "left out: JPN-6: not accepted: a move cannot be shown in brackets, so paragraph 54 stays where it is\n"
        # why the new first paragraph is numbered 0 (issue 9, finding 10)
        "note: the new paragraph 0 (G77-6) stands before the first of its series and is numbered 0 (as a new PP0), "
        "so that every other paragraph keeps its number; --renumber numbers the revision afresh from 1\n"
    ).replace("drafts/", str(DRAFTS) + "/")


def test_rest_bracket_parses_and_its_bracket_groups_are_the_contested_proposals():
    result = consolidate(BASE, FILES, rest="bracket")
    again = parse_draft(result.text, path="rev1.txt")
    assert again.render() == result.text
    # every bracket group of the next revision is one place where proposals are open ...
    assert groups(again) == Counter((o.ref, o.alternatives) for o in result.open)
    # ... and every proposal not accepted is in one of them, except the moves (reported) and the
    # retain / remove brackets that the open group of paragraph 58 stands for
    shown = {i for o in result.open for i in o.ids}
    proposals = {op.id for f in FILES for op in f.operations if op.kind not in ("comment", "support")}
    assert proposals - shown == {"EU-7", "JPN-6"}
    assert {n.message.split(" ")[0] for n in result.notes} == {"EU-7", "JPN-6"}
    # the contested proposals, as delegates will read them
    by_ref = {o.ref: o.alternatives for o in result.open}
    assert by_ref["9"] == ("refuges", "refugees")
    assert ("almost 10 per cent", "nearly 10 per cent", "only about 10 per cent") in [
        o.alternatives for o in result.open if o.ref == "12"]
    assert by_ref["58"] == ("World Summit", "High Level Meeting", "Summit-level Meeting")
    assert by_ref["37 bis"] == (
        "We call on all stakeholders to support the IGF with stable and predictable funding, and to "
        "strengthen the participation of stakeholders from developing countries.",)
    # untouched paragraphs keep their bytes
    assert lookup(again, "13").render() == lookup(BASE, "13").render()


def test_rest_bracket_with_accepted_proposals_golden(tmp_path):
    out = tmp_path / "rev1.txt"
    table = tmp_path / "rev1.csv"
    result = run("--accept", "EU-*,US-2", "--accept", "US-3", "--accept", "jpn-2,JPN-6",
                 "--rest", "bracket", "--concordance", str(table), "-o", str(out))
    assert result.exit_code == 0, result.output
    check_golden(GOLDEN / "samples_accept_bracket.txt", out.read_text(encoding="utf-8"))
    check_golden(GOLDEN / "samples_accept_bracket.csv", table.read_text(encoding="utf-8"))
    text = out.read_text(encoding="utf-8")
    assert "penetration rate of nearly 10 per cent, and that" in text  # EU-1 and US-2 applied
    assert "hold a World Summit on the Information Society" in text  # EU-6 retain resolves the group
    assert "net neutrality" not in text  # US-3 deletes 35; G77-4's replacement is superseded
    assert "  37 bis. We call on all stakeholders" in text  # EU-5, in the layout of 37
    assert "refugees and internally" in text


def test_rest_drop_renumber_golden(tmp_path):
    out = tmp_path / "rev1.txt"
    table = tmp_path / "rev1.json"
    result = run("--accept", "EU-*,US-3,JPN-6,G77-6", "--rest", "drop", "--renumber",
                 "--concordance", str(table), "-o", str(out))
    assert result.exit_code == 0, result.output
    check_golden(GOLDEN / "samples_drop_renumber.txt", out.read_text(encoding="utf-8"))
    check_golden(GOLDEN / "samples_drop_renumber.json", table.read_text(encoding="utf-8"))
    again = load_draft(out)
    assert [p.label for p in again.paragraphs] == [str(n) for n in range(1, 60)]
    assert groups(again) == Counter({("8", ("unforeseen ten years ago",)): 1})  # EU-4 accepted: bracketed
    rows = json.loads(table.read_text(encoding="utf-8"))["concordance"]
    assert rows[0] == {"new": "1", "old": None, "status": "new", "open": False, "proposers": ["G77"],
                       "operations": ["G77-6"], "left_out": []}
    assert {"new": None, "old": "35", "status": "deleted", "open": False, "proposers": ["JPN", "US"],
            "operations": ["US-3"], "left_out": [{"id": "G77-4", "reason": "superseded", "by": ["US-3"],
                                                  "why": "superseded by US-3, which was accepted"}]} in rows
    moved = next(r for r in rows if r["old"] == "40")
    assert (moved["new"], moved["status"], moved["proposers"]) == ("44", "moved", ["EU"])


# ---------------------------------------------------------------------------------------------------
# Choices


def test_retain_accepted_resolves_its_bracket_group():
    result = consolidate(BASE, FILES, accept=["EU-6"], rest="drop")
    p = lookup(result.document, "58")
    assert "hold a World Summit on the Information Society" in p.text
    assert p.bracket_groups == ()


def test_remove_brackets_accepted_removes_them(tmp_path):
    # on one alternative of [World Summit] [High Level Meeting] it means choosing it (as retain)
    result = consolidate(BASE, FILES, accept=["US-5"], rest="drop")
    assert "hold a World Summit on the Information Society" in lookup(result.document, "58").text
    # on text bracketed alone, the brackets go
    alone = _consolidate_text(tmp_path, "Title\n\n1. We note [the report] today.\n",
                              'by: X\n1: remove brackets "the report"\n', accept=["X-1"])
    assert lookup(alone.document, "1").text == "We note the report today."


def test_add_alternative_accepted_adds_it():
    result = consolidate(BASE, FILES, accept=["G77-5"], rest="drop")
    assert lookup(result.document, "58").bracket_groups[0].alternatives == (
        "World Summit", "High Level Meeting", "Summit-level Meeting")


def test_accepting_one_of_merged_proposals_accepts_the_proposal():
    result = consolidate(BASE, FILES, accept=["US-1"], rest="drop")
    assert "nearly 10 per cent" in lookup(result.document, "12").text
    assert set(result.accepted) == {"EU-1", "US-1"}


def test_overlapping_accepted_proposals_are_an_error_naming_both():
    with pytest.raises(ConflictError) as info:
        consolidate(BASE, FILES, accept=["EU-1", "G77-1"])
    assert [d.message for d in info.value.diagnostics] == [
        'EU-1 and G77-1 cannot both be accepted: they overlap in paragraph 12 ("almost 10 per cent")']


def test_conflict_on_the_command_line_writes_nothing(tmp_path):
    out = tmp_path / "rev1.txt"
    result = run("--accept", "G77-*,EU-6", "-o", str(out))
    assert result.exit_code == 1
    assert result.stdout == ""
    g77 = str(DRAFTS / "g77.amend")
    assert result.stderr == (
        f'{g77}:15:1: EU-6 and G77-5 cannot both be accepted: they overlap in paragraph 58 ("[World Summit] '
        f'[High Level Meeting]"); accept one of them (EU-6 or G77-5)\n'
        '    58: add alternative "Summit-level Meeting" to "High Level Meeting"\n'
        "    ^\n"
    )
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_deleting_and_replacing_the_same_paragraph_conflict():
    with pytest.raises(ConflictError) as info:
        consolidate(BASE, FILES, accept=["US-3", "G77-4"])
    assert "G77-4 and US-3 cannot both be accepted" in info.value.diagnostics[0].message


def test_accept_naming_no_operation_is_a_usage_error():
    with pytest.raises(SelectionError) as info:
        consolidate(BASE, FILES, accept=["EU-99", "RUS-*"])
    assert [d.headline() for d in info.value.diagnostics] == [  # the library names its argument
        'accept: "EU-99" names no operation; EU\'s operations are EU-1 to EU-8',
        'accept: "RUS-*" names no operation; the operations are EU-1 ..., G77-1 ..., JPN-1 ..., US-1 ...',
    ]
    result = run("--accept", "EU-99", "-o", "never.txt")
    assert (result.exit_code, result.stdout) == (2, "")  # wrong command-line usage
    assert result.stderr.startswith('--accept: "EU-99" names no operation')


def test_bad_rest_is_a_usage_error():
    result = run("--rest", "keep", "-o", "x.txt")
    assert result.exit_code == 2


def test_output_is_deterministic():
    a = consolidate(BASE, FILES, accept=["EU-*"], rest="bracket", renumber=True)
    b = consolidate(BASE, FILES, accept=["EU-*"], rest="bracket", renumber=True)
    assert a.text == b.text and a.concordance == b.concordance


# ---------------------------------------------------------------------------------------------------
# Layout of new paragraphs


def _consolidate_text(tmp_path, draft: str, amendment: str, **kw):
    d = tmp_path / "draft.txt"
    d.write_bytes(draft.encode("utf-8"))
    a = tmp_path / "x.amend"
    a.write_text(amendment, encoding="utf-8")
    doc = load_draft(d)
    return consolidate(doc, load_amendments(doc, [a]), **kw)


def test_new_paragraphs_follow_the_layout_of_their_neighbours(tmp_path):
    draft = "Title\n\n    1. One.\n    2. Two.\n\n    3. Three.\n"
    amendment = ('by: X\n1: add paragraph after "One and a half."\n'
                 '3: add paragraph after "Four."\n2: delete paragraph\n')
    result = _consolidate_text(tmp_path, draft, amendment, accept=["X-*"])
    assert result.text == "Title\n\n    1. One.\n    1 bis. One and a half.\n\n    3. Three.\n\n    3 bis. Four.\n"
    renumbered = _consolidate_text(tmp_path, draft, amendment, accept=["X-*"], renumber=True)
    assert renumbered.text == "Title\n\n    1. One.\n    2. One and a half.\n\n    3. Three.\n\n    4. Four.\n"
    assert [(r.old, r.new, r.status) for r in renumbered.concordance] == [
        ("1", "1", "unchanged"), ("", "2", "new"), ("2", "", "deleted"), ("3", "3", "unchanged"), ("", "4", "new")]


def test_tight_bis_labels_and_crlf_are_kept(tmp_path):
    draft = "Title\r\n\r\nOP1 First.\r\n\r\nOP1bis Inserted earlier.\r\n\r\nOP2 Second.\r\n"
    amendment = 'by: X\nOP1bis: add paragraph after "Another."\n'
    result = _consolidate_text(tmp_path, draft, amendment, accept=["X-1"])
    assert result.text == ("Title\r\n\r\nOP1 First.\r\n\r\nOP1bis Inserted earlier.\r\n\r\n"
                           "OP1ter Another.\r\n\r\nOP2 Second.\r\n")


def test_moving_a_paragraph_keeps_its_bytes_and_spacing(tmp_path):
    draft = "Title\n\n  1. One.\n\n\n  2. Two  with  spaces.\n\n\n  3. Three.\n"
    result = _consolidate_text(tmp_path, draft, "by: X\n2: move after 3\n", accept=["X-1"])
    assert result.text == "Title\n\n  1. One.\n\n\n  3. Three.\n\n\n  2. Two  with  spaces.\n"
    assert [r.status for r in result.concordance] == ["unchanged", "unchanged", "moved"]


def test_new_sub_item_is_lettered_in_its_series(tmp_path):
    draft = "Title\n\n1. Parties shall:\n(a) Alpha;\n(b) Beta;\n(c) Gamma.\n\n2. Two.\n"
    amendment = 'by: X\n1(a): add paragraph after "Alpha bis;"\n1(c): delete paragraph\n'
    result = _consolidate_text(tmp_path, draft, amendment, accept=["X-*"])
    assert result.text == "Title\n\n1. Parties shall:\n(a) Alpha;\n(a) bis Alpha bis;\n(b) Beta;\n\n2. Two.\n"
    assert [(p.ref, p.text) for p in result.document.paragraphs] == [
        ("1", "Parties shall:"), ("1(a)", "Alpha;"), ("1(a) bis", "Alpha bis;"), ("1(b)", "Beta;"), ("2", "Two.")]
    # --renumber letters the series afresh, as before
    renumbered = _consolidate_text(tmp_path, draft, amendment, accept=["X-*"], renumber=True)
    assert renumbered.text == "Title\n\n1. Parties shall:\n(a) Alpha;\n(b) Alpha bis;\n(c) Beta;\n\n2. Two.\n"


def test_an_accepted_new_paragraph_takes_only_the_accepted_edits_of_its_file(tmp_path):
    """QA: accepting AGN-1 (the new paragraph) applied AGN-2 (an edit to it) too, and LMDC's
    identical add was merged with the edited paragraph."""
    draft = "Title\n\n12. Twelve.\n\n13. Thirteen.\n"
    d = tmp_path / "draft.txt"
    d.write_text(draft, encoding="utf-8")
    agn, lmdc = tmp_path / "a.amend", tmp_path / "c.amend"
    agn.write_text('by: AGN\n12: add paragraph after "We note it."\n12 bis: insert " More text." at end\n',
                   encoding="utf-8")
    lmdc.write_text('by: LMDC\n12: add paragraph after "We note it."\n', encoding="utf-8")
    doc = load_draft(d)
    files = load_amendments(doc, [agn, lmdc])
    bracket = consolidate(doc, files, accept=["AGN-1"], rest="bracket")
    assert bracket.text == ("Title\n\n12. Twelve.\n\n12 bis. We note it. [More text.]\n\n"
                            "12 ter. [We note it.]\n\n13. Thirteen.\n")
    assert bracket.accepted == ("AGN-1",)
    assert [(o.ref, o.ids, o.alternatives) for o in bracket.open] == [
        ("12 bis", ("AGN-2",), ("More text.",)), ("12 ter", ("LMDC-1",), ("We note it.",))]
    assert [(r.new, r.status, r.open, r.proposers, r.operations) for r in bracket.concordance if not r.old] == [
        ("12 bis", "new", True, ("AGN",), ("AGN-1", "AGN-2")), ("12 ter", "new", True, ("LMDC",), ("LMDC-1",))]
    drop = consolidate(doc, files, accept=["AGN-1"], rest="drop")
    assert drop.text == "Title\n\n12. Twelve.\n\n12 bis. We note it.\n\n13. Thirteen.\n"
    assert drop.accepted == ("AGN-1",) and drop.dropped == ("AGN-2", "LMDC-1")
    both = consolidate(doc, files, accept=["AGN-*"], rest="drop")
    assert "12 bis. We note it. More text.\n" in both.text and both.accepted == ("AGN-1", "AGN-2")
    # an edit without its paragraph brings nothing in
    alone = consolidate(doc, files, accept=["AGN-2"], rest="drop")
    assert alone.text == draft and alone.accepted == ()
    # LMDC's add accepted: LMDC's paragraph, without AGN's edit
    other = consolidate(doc, files, accept=["LMDC-1"], rest="drop")
    assert other.text == "Title\n\n12. Twelve.\n\n12 bis. We note it.\n\n13. Thirteen.\n"
    assert other.accepted == ("LMDC-1",)


def test_without_renumber_numbered_markdown_sub_items_keep_their_numbers(tmp_path):
    """QA: a new sub-item among Markdown sub-items numbered "1.", "2." ... became "3." and the old
    3., 4. became 4., 5. (the concordance saying "unchanged"); it is "2bis." in the draft's style."""
    draft = ("# T\n\n## Article 2\n\n1. This Agreement aims:\n\n    1. To hold;\n\n    2. To adapt;\n\n"
             "    3. To pursue;\n\n    4. To make flows.\n\n2. Equity.\n\n3bis. Tight labels.\n")
    d = tmp_path / "draft.md"
    d.write_text(draft, encoding="utf-8")
    a = tmp_path / "x.amend"
    a.write_text('by: EU\n1(b): add paragraph after "To promote."\n', encoding="utf-8")
    doc = load_draft(d)
    assert [p.ref for p in doc.paragraphs if p.parent] == ["1(a)", "1(b)", "1(c)", "1(d)"]
    result = consolidate(doc, load_amendments(doc, [a]), accept=["EU-1"], rest="drop")
    assert result.text == draft.replace("    3. To pursue", "    2bis. To promote.\n\n    3. To pursue")
    assert [(r.old, r.new, r.status) for r in result.concordance if r.old.startswith("1(") or not r.old] == [
        ("1(a)", "1(a)", "unchanged"), ("1(b)", "1(b)", "unchanged"), ("", "1 2 bis", "new"),
        ("1(c)", "1(c)", "unchanged"), ("1(d)", "1(d)", "unchanged")]


def test_new_labels_fit_between_their_neighbours(tmp_path):
    """QA: a paragraph added after 12 in a draft with 12 bis, 12 ter was labelled 12 quater and
    stood before 12 bis. Labels stay in reading order: the new one takes 12 bis, the others move up
    (and the concordance says so)."""
    draft = "Title\n\n12. Twelve.\n\n12 bis. One.\n\n12 ter. Two.\n\n13. Thirteen.\n"
    amendment = 'by: X\n12: add paragraph after "New."\n12 ter: add paragraph after "Newer."\n'
    result = _consolidate_text(tmp_path, draft, amendment, accept=["X-*"])
    assert result.text == ("Title\n\n12. Twelve.\n\n12 bis. New.\n\n12 ter. One.\n\n12 quater. Two.\n\n"
                           "12 quinquies. Newer.\n\n13. Thirteen.\n")
    assert [(r.old, r.new, r.status) for r in result.concordance] == [
        ("12", "12", "unchanged"), ("", "12 bis", "new"), ("12 bis", "12 ter", "renumbered"),
        ("12 ter", "12 quater", "renumbered"), ("", "12 quinquies", "new"), ("13", "13", "unchanged")]
    # a deleted paragraph's label is not reused
    draft = "Title\n\n12. Twelve.\n\n12 bis. Gone.\n\n13. Thirteen.\n"
    amendment = 'by: X\n12 bis: delete paragraph\n12: add paragraph after "New."\n'
    result = _consolidate_text(tmp_path, draft, amendment, accept=["X-*"])
    assert result.text == "Title\n\n12. Twelve.\n\n12 ter. New.\n\n13. Thirteen.\n"
    # each Article numbering from 1: labels are free or taken per Article, and each Article's "1."
    # starts a run of its own (the first Article's 1 bis is not moved up by the second's)
    draft = "Title\n\nArticle 1\n\n1. A.\n\n1 bis. Ab.\n\nArticle 2\n\n1. B.\n\n2. C.\n"
    amendment = 'by: X\nArticle 2.1: add paragraph after "New."\nArticle 1.1: add paragraph after "New1."\n'
    result = _consolidate_text(tmp_path, draft, amendment, accept=["X-*"])
    assert result.text == ("Title\n\nArticle 1\n\n1. A.\n\n1 bis. New1.\n\n1 ter. Ab.\n\nArticle 2\n\n"
                           "1. B.\n\n1 bis. New.\n\n2. C.\n")
    # room between neighbours: nothing moves
    draft = "Title\n\n12. Twelve.\n\n12 ter. Two.\n\n13. Thirteen.\n"
    result = _consolidate_text(tmp_path, draft, 'by: X\n12: add paragraph after "New."\n', accept=["X-*"])
    assert result.text == "Title\n\n12. Twelve.\n\n12 bis. New.\n\n12 ter. Two.\n\n13. Thirteen.\n"


def test_renumber_counts_bis_paragraphs_indented_under_their_number_in_its_series(tmp_path):
    """QA: with --renumber, "3bis." paragraphs the Markdown indents under 3 (under Option 1 and
    Option 2) became "1." and "2.": they continue 3's series."""
    draft = ("# T\n\n## Article 3\n\n1. One.\n\n2. **Two**\n\n    **Option 1:**\n    Text one.\n\n"
             "    2bis. First bis.\n\n    **Option 2:**\n    Text two.\n\n    2bis. Second bis.\n\n3. Three.\n")
    d = tmp_path / "draft.md"
    d.write_text(draft, encoding="utf-8")
    a = tmp_path / "x.amend"
    a.write_text('by: X\n1: add paragraph after "One and a half."\n', encoding="utf-8")
    doc = load_draft(d)
    assert [(p.ref, p.parent) for p in doc.paragraphs if "bis" in p.ref] == [("2 2 bis", "2"), ("2 2 bis (2)", "2")]
    result = consolidate(doc, load_amendments(doc, [a]), accept=["X-1"], renumber=True)
    assert result.text == ("# T\n\n## Article 3\n\n1. One.\n\n2. One and a half.\n\n3. **Two**\n\n"
                           "    **Option 1:**\n    Text one.\n\n    4. First bis.\n\n"
                           "    **Option 2:**\n    Text two.\n\n"
                           "    5. Second bis.\n\n6. Three.\n")
    # without --renumber they stay as they are
    result = consolidate(doc, load_amendments(doc, [a]), accept=["X-1"])
    assert "\n    2bis. First bis.\n" in result.text and "\n    2bis. Second bis.\n" in result.text


def test_new_sub_item_takes_a_bis_label_and_the_others_keep_their_letters(tmp_path):
    """QA: a new lettered sub-item re-lettered its whole series ((b) -> (c), reported 'renumbered');
    it takes "(a) bis" after its neighbour, as a paragraph takes "12 bis"."""
    draft = "Title\n\n1. Parties shall:\n(a) Alpha;\n(b) Beta;\n(c) Gamma.\n\n2. Two.\n"
    result = _consolidate_text(tmp_path, draft, 'by: X\n1(a): add paragraph after "Alpha bis;"\n', accept=["X-1"])
    assert result.text == ("Title\n\n1. Parties shall:\n(a) Alpha;\n(a) bis Alpha bis;\n(b) Beta;\n(c) Gamma.\n"
                           "\n2. Two.\n")
    assert [(r.old, r.new, r.status) for r in result.concordance] == [
        ("1", "1", "unchanged"), ("1(a)", "1(a)", "unchanged"), ("", "1(a) bis", "new"),
        ("1(b)", "1(b)", "unchanged"), ("1(c)", "1(c)", "unchanged"), ("2", "2", "unchanged")]


def test_relettered_sub_items_with_renumber_are_reported_unchanged_by_renumber(tmp_path):
    """With --renumber the series is lettered afresh (every label is new, so nothing is 'renumbered')."""
    draft = "Title\n\n1. Parties shall:\n(a) Alpha;\n(b) Beta;\n(c) Gamma.\n\n2. Two.\n"
    result = _consolidate_text(tmp_path, draft, 'by: X\n1(a): add paragraph after "Alpha bis;"\n', accept=["X-1"],
                               renumber=True)
    assert result.text == "Title\n\n1. Parties shall:\n(a) Alpha;\n(b) Alpha bis;\n(c) Beta;\n(d) Gamma.\n\n2. Two.\n"
    assert [(r.old, r.new) for r in result.concordance] == [
        ("1", "1"), ("1(a)", "1(a)"), ("", "1(b)"), ("1(b)", "1(c)"), ("1(c)", "1(d)"), ("2", "2")]


def test_new_sub_item_after_one_whose_successor_is_deleted_does_not_take_its_letter(tmp_path):
    """QA (Paris 8infnot, Article 3.3): a new item after (b) where (c) was deleted took the label (c)."""
    draft = "Title\n\n1. Parties shall:\n(a) Alpha;\n(b) Beta;\n(c) Gamma.\n(d) Delta.\n\n2. Two.\n"
    amendment = 'by: X\n1(b): add paragraph after "Beta bis;"\n1(c): delete paragraph\n'
    result = _consolidate_text(tmp_path, draft, amendment, accept=["X-*"])
    assert result.text == ("Title\n\n1. Parties shall:\n(a) Alpha;\n(b) Beta;\n(b) bis Beta bis;\n(d) Delta.\n"
                           "\n2. Two.\n")
    assert [(r.old, r.new, r.status) for r in result.concordance] == [
        ("1", "1", "unchanged"), ("1(a)", "1(a)", "unchanged"), ("1(b)", "1(b)", "unchanged"),
        ("", "1(b) bis", "new"), ("1(c)", "", "deleted"), ("1(d)", "1(d)", "unchanged"), ("2", "2", "unchanged")]


def test_new_sub_items_fit_between_existing_bis_labels(tmp_path):
    """Two new items after (b) take bis and ter; after an existing "(b bis)" the next free one, in the
    draft's style of letter; the existing labels stay."""
    draft = "Title\n\n1. Parties shall:\n(a) Alpha;\n(b) Beta;\n(b bis) Beta bis;\n(c) Gamma.\n"
    amendment = ('by: X\n1(a): add paragraph after "A1;"\n1(a): add paragraph after "A2;"\n'
                 '1(b) bis: add paragraph after "B3;"\n')
    result = _consolidate_text(tmp_path, draft, amendment, accept=["X-*"])
    assert result.text == ("Title\n\n1. Parties shall:\n(a) Alpha;\n(a) bis A1;\n(a) ter A2;\n(b) Beta;\n"
                           "(b bis) Beta bis;\n(b) ter B3;\n(c) Gamma.\n")
    assert [p.ref for p in result.document.paragraphs] == [
        "1", "1(a)", "1(a) bis", "1(a) ter", "1(b)", "1(b) bis", "1(b) ter", "1(c)"]
    assert {r.status for r in result.concordance if r.old} == {"unchanged"}


def test_consolidate_cli_new_sub_item_in_the_paris_text(tmp_path):
    from conftest import corpus_file

    amend = tmp_path / "eu.amend"
    amend.write_text('by: EU\n3.3(b): add paragraph after "[Be subject to review;]"\n3.3(c): delete paragraph\n',
                     encoding="utf-8")
    rev, table = tmp_path / "rev.txt", tmp_path / "c.csv"
    path = corpus_file("paris_2015-10-05_cochairs_nonpaper_8infnot.txt")
    run = CliRunner().invoke(cli, ["consolidate", str(path), str(amend), "--accept", "EU-*",
                                   "--concordance", str(table), "-o", str(rev)])
    assert run.exit_code == 0, run.output
    text = rev.read_text(encoding="utf-8")
    assert ("\n(b) [Be unconditional, at least in part;] \n(b) bis [Be subject to review;]\n4. Each Party, when"
            in text)
    assert "(c) [Other]" not in text
    rows = table.read_text(encoding="utf-8").splitlines()
    assert "3.3(b) bis,,new,,EU,EU-1," in rows and ",3.3(c),deleted,,EU,EU-2," in rows
    assert not any(",renumbered," in row for row in rows)
    shown = CliRunner().invoke(cli, ["show", str(rev)])
    assert shown.exit_code == 0 and "3.3(b) bis" in shown.output


AOSIS = """# Invented for amendtool's tests: not a proposal of AOSIS.
by: AOSIS
A Pp2: add paragraph after "Also recognizing the special needs of small island developing States,"
4.5(b): add paragraph after "Strengthening scientific knowledge on climate,"
4.5(c): delete paragraph
Article 3.2: replace "[shall][should][other]" (1st) with "shall"
Article 4.1: replace paragraph with "Parties share the goal of increasing resilience."
Article 4.2: move after Article 4.4
3.3(a): bracket "Be quantified"
Article 3.4: delete "Each Party"
"""


def test_hard_wrapped_pdf_text_with_articles(tmp_path):
    from conftest import corpus_file

    path = corpus_file("paris_2015-10-05_cochairs_nonpaper_8infnot.txt")
    doc = load_draft(path, lenient=True)
    amend = tmp_path / "aosis.amend"
    amend.write_text(AOSIS, encoding="utf-8")
    files = load_amendments(doc, [amend])
    result = consolidate(doc, files, accept=["AOSIS-1,AOSIS-2,AOSIS-3,AOSIS-4,AOSIS-6"], lenient=True)
    again = parse_draft(result.text, path="next.txt", lenient=True)
    assert again.render() == result.text
    assert lookup(again, "A Pp2 bis").text == "Also recognizing the special needs of small island developing States,"
    # the new item after (b) takes "(b) bis", not the label of the deleted (c)
    assert lookup(again, "4.5(b) bis").text == "Strengthening scientific knowledge on climate,"
    assert "4.5(c)" not in [p.ref for p in again.paragraphs]
    assert lookup(again, "Article 3.2").text.startswith("Each Party shall regularly communicate")
    # a contested replacement of a hard-wrapped paragraph keeps its line breaks inside the brackets
    assert lookup(again, "Article 4.1").bracket_groups[0].alternatives[1] == (
        "Parties share the goal of increasing resilience.")
    order = [p.ref for p in again.paragraphs]
    assert order.index("Article 4.2") == order.index("Article 4.4") + 1
    # everything not touched keeps its bytes, page furniture included
    assert lookup(again, "Article 14.2").render() == lookup(doc, "Article 14.2").render()
    assert len(result.text) - len(doc.source) < 400


def test_unlabelled_paragraphs_get_a_blank_line_and_a_bare_label_gets_its_text(tmp_path):
    draft = "Title\n\nA. Preamble\n\nFirst plain paragraph.\nSecond plain paragraph starts here.\n\n1.\n"
    amendment = 'by: X\nPp1: add paragraph after "Inserted."\n1: replace paragraph with "One."\n'
    result = _consolidate_text(tmp_path, draft, amendment, accept=["X-*"])
    assert result.text == ("Title\n\nA. Preamble\n\nFirst plain paragraph.\n\nInserted.\n"
                           "Second plain paragraph starts here.\n\n1. One.\n")
    assert [p.text for p in result.document.paragraphs] == [
        "First plain paragraph.", "Inserted.", "Second plain paragraph starts here.", "One."]


def test_moves_in_a_circle_conflict(tmp_path):
    draft = "Title\n\n1. One.\n\n2. Two.\n\n3. Three.\n"
    with pytest.raises(ConflictError) as info:
        _consolidate_text(tmp_path, draft, "by: X\n1: move after 3\n3: move after 1\n", accept=["X-*"])
    assert info.value.diagnostics[0].message == "X-1 and X-2 cannot both be accepted: the moves go round in a circle"
    # identical moves are one proposal: the message names the one accepted, which the user can drop
    with pytest.raises(ConflictError) as info:
        _consolidate_text(tmp_path, draft, "by: X\n1: move after 3\n3: move after 1\n3: move after 1\n",
                          accept=["X-1", "X-3"])
    assert info.value.diagnostics[0].message == "X-1 and X-3 cannot both be accepted: the moves go round in a circle"
    chained = _consolidate_text(tmp_path, draft, "by: X\n1: move after 3\n2: move after 1\n", accept=["X-*"])
    assert [p.text for p in chained.document.paragraphs] == ["Three.", "One.", "Two."]


@pytest.mark.slow
def test_a_long_chain_of_moves(tmp_path):
    """A block of 990 paragraphs moved paragraph by paragraph (each after the one before it): no
    recursion limit, nothing quadratic."""
    n = 990
    draft = "Title\n\n" + "".join(f"{k}. Paragraph {k}.\n" for k in range(1, n + 2))
    amendment = "by: X\n1: move after " + str(n + 1) + "\n" + "".join(
        f"{k}: move after {k - 1}\n" for k in range(2, n + 1))
    result = _consolidate_text(tmp_path, draft, amendment, accept=["X-*"], renumber=True)
    texts = [p.text for p in result.document.paragraphs]
    assert texts == [f"Paragraph {n + 1}."] + [f"Paragraph {k}." for k in range(1, n + 1)]


# ---------------------------------------------------------------------------------------------------
# --renumber: a series restarts only where the draft's own numbering goes back to 1

AGREEMENT_AND_DECISION = """Title

A. DRAFT AGREEMENT

Article 1

1. One.

2. Two.

Article 2

1. Alpha.

2. Beta.

B. DRAFT DECISION

I. ADOPTION

1. Decides.

2. Requests.

II. CONTRIBUTIONS

3. Welcomes.

4. Invites.

III. OTHER

5. Notes.
"""


def test_renumber_keeps_a_series_running_through_sections(tmp_path):
    """Articles restart at 1, so each Article is a series; the decision runs 1..5 through sections
    I-III, so it is one series, shifted only by what was added or deleted."""
    amendment = 'by: X\nArticle 1.1: add paragraph after "One and a half."\nB.2: delete paragraph\n'
    result = _consolidate_text(tmp_path, AGREEMENT_AND_DECISION, amendment, accept=["X-*"], renumber=True)
    labels = [(p.section, p.label, p.text) for p in result.document.paragraphs]
    assert labels == [
        ("Article 1", "1", "One."), ("Article 1", "2", "One and a half."), ("Article 1", "3", "Two."),
        ("Article 2", "1", "Alpha."), ("Article 2", "2", "Beta."),
        ("I", "1", "Decides."), ("II", "2", "Welcomes."), ("II", "3", "Invites."), ("III", "4", "Notes.")]
    assert [(r.old, r.new) for r in result.concordance if r.old.startswith("B.")] == [
        ("B.1", "B.1"), ("B.2", ""), ("B.3", "B.2"), ("B.4", "B.3"), ("B.5", "B.4")]
    # nothing to shift: the text is the draft's own
    untouched = _consolidate_text(tmp_path, AGREEMENT_AND_DECISION, 'by: X\nB.5: replace "Notes" with "Takes note"\n',
                                  accept=["X-*"], renumber=True)
    assert untouched.text == AGREEMENT_AND_DECISION.replace("Notes", "Takes note")


def test_renumber_keeps_numbers_that_go_back_to_1_inside_a_section(tmp_path):
    """Sub-items read as paragraphs (7, then 1, 2, then 8, as the final Paris Agreement's Article
    13.7 was read): the inner run is its own series and 8 goes on from 7."""
    draft = ("Title\n\nArticle 1\n\n1. One.\n\n2. Two.\n\n3. Three:\n\n1. Sub one;\n\n2. Sub two.\n\n"
             "4. Four.\n\nArticle 2\n\n1. Alpha.\n\n2. Beta.\n")
    result = _consolidate_text(tmp_path, draft, "by: X\nArticle 2.1: delete paragraph\n", accept=["X-*"], renumber=True)
    assert result.text == draft.replace("1. Alpha.\n\n2. Beta.", "1. Beta.")
    result = _consolidate_text(tmp_path, draft, 'by: X\nArticle 1.1: add paragraph after "One bis."\n',
                               accept=["X-*"], renumber=True)
    assert [(p.label, p.text) for p in result.document.paragraphs] == [
        ("1", "One."), ("2", "One bis."), ("3", "Two."), ("4", "Three:"), ("1", "Sub one;"), ("2", "Sub two."),
        ("5", "Four."), ("1", "Alpha."), ("2", "Beta.")]


def test_renumber_on_the_cochairs_non_paper(tmp_path):
    """Decision paragraphs 1-93 run through sections I, II, III ... of "B. DRAFT DECISION"; changes
    in Articles 3 and 4 renumber nothing there."""
    from conftest import corpus_file

    path = corpus_file("paris_2015-10-05_cochairs_nonpaper_8infnot.txt")
    doc = load_draft(path, lenient=True)
    amend = tmp_path / "agn.amend"
    amend.write_text('by: AGN\nArticle 3.2: replace "[shall][should][other] regularly" with "shall regularly"\n'
                     '3.3(b): delete paragraph\n'
                     'Article 4.2: add paragraph after "Parties recognize the value of ecosystem-based adaptation."\n',
                     encoding="utf-8")
    result = consolidate(doc, load_amendments(doc, [amend]), accept=["AGN-*"], renumber=True, lenient=True)
    moved = [(r.old, r.new) for r in result.concordance if r.old and r.new and r.old != r.new]
    assert moved[:2] == [("3.3(c)", "3.3(b)"), ("Article 4.3", "Article 4.4")]
    assert moved[-1] == ("Article 4.11", "Article 4.12")
    assert all(old.startswith(("Article 4.", "4.")) for old, _ in moved[1:])
    decision = [r for r in result.concordance if r.old.startswith("B.")]
    assert len(decision) == 121 and all(r.old == r.new and r.status == "unchanged" for r in decision)
    assert [p.label for p in result.document.paragraphs if p.section and p.parent is None and p.ref.startswith("B.")
            and p.kind == "numbered"] == [str(k) for k in range(1, 94)]


def test_renumber_leaves_article_13_of_the_final_agreement_as_it_is(tmp_path):
    from conftest import corpus_file

    path = corpus_file("paris_2015-12-12_final_paris_agreement_okfn.md")
    doc = load_draft(path)
    amend = tmp_path / "x.amend"
    amend.write_text('by: X\nArticle 4.2: add paragraph after "A new paragraph."\nArticle 14.2: delete paragraph\n',
                     encoding="utf-8")
    result = consolidate(doc, load_amendments(doc, [amend]), accept=["X-*"], renumber=True)
    before = [p for p in doc.paragraphs if p.section == "Article 13"]
    after = [p for p in result.document.paragraphs if p.section == "Article 13"]
    assert [(p.ref, p.label, p.text) for p in after] == [(p.ref, p.label, p.text) for p in before]
    kept = {p.ref for p in before}
    assert all(r.status == "unchanged" and r.old == r.new for r in result.concordance if r.old in kept)
    # the parser letters Article 13.7's sub-items (13.7(a), (b)); the draft numbers them " 1.", " 2.",
    # and a new one among them is numbered as they are: "1 bis." (the others keep their numbers;
    # QA: they were renumbered without --renumber), or in sequence with --renumber
    amend.write_text('by: X\n13.7(a): add paragraph after "Extra item."\n', encoding="utf-8")
    result = consolidate(doc, load_amendments(doc, [amend]), accept=["X-*"])
    assert " 1. A national inventory report" in result.text
    assert "\n 1 bis. Extra item.\n\n 2. Information necessary to track progress" in result.text
    assert [p.ref for p in result.document.paragraphs if p.parent == "Article 13.7"] == [
        "13.7(a)", "13.7 1 bis", "13.7(b)"]
    assert [(r.old, r.new, r.status) for r in result.concordance if "13.7" in r.old + r.new] == [
        ("Article 13.7", "Article 13.7", "unchanged"), ("13.7(a)", "13.7(a)", "unchanged"),
        ("", "13.7 1 bis", "new"), ("13.7(b)", "13.7(b)", "unchanged")]
    result = consolidate(doc, load_amendments(doc, [amend]), accept=["X-*"], renumber=True)
    assert " 1. A national inventory report" in result.text
    assert "\n 2. Extra item.\n\n 3. Information necessary to track progress" in result.text
    assert [p.ref for p in result.document.paragraphs if p.parent == "Article 13.7"] == [
        "13.7(a)", "13.7(b)", "13.7(c)"]


def test_one_delegations_proposals_side_by_side_read_as_one_wording(tmp_path):
    """A delegation's insertion and replacement next to each other are one alternative, another
    delegation's proposal there another one (each applied alone)."""
    draft = "Title\n\n1. Strengthening confidence is a prerequisite.\n"
    d = tmp_path / "draft.txt"
    d.write_text(draft, encoding="utf-8")
    jpn, us = tmp_path / "jpn.amend", tmp_path / "us.amend"
    jpn.write_text('by: JPN\n1: insert "We affirm that " at start\n1: replace "Strengthening" with "strengthening"\n',
                   encoding="utf-8")
    us.write_text('by: US\n1: insert "Building " at start\n', encoding="utf-8")
    doc = load_draft(d)
    one = consolidate(doc, load_amendments(doc, [jpn]), accept=[])
    assert one.text == "Title\n\n1. [Strengthening] [We affirm that strengthening] confidence is a prerequisite.\n"
    both = consolidate(doc, load_amendments(doc, [jpn, us]), accept=[])
    assert both.text == (
        "Title\n\n1. [Strengthening] [We affirm that strengthening] [Building Strengthening] "
        "confidence is a prerequisite.\n"
    )
