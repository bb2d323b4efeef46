"""The operations that span or name structure (SPEC.md §3), compiled and consolidated: brackets across
paragraphs, deleting a range, headings, a first sub-item, option blocks.

Their syntax and resolving (with every error) are fixture cases (``tests/fixtures/amend/structure``,
``structure_errors``, ``wsis_structure.amend``); their compilation is a golden case
(``tests/golden/compile/structure``); here, what the next revision makes of them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from amendtool.amend import load_amendments
from amendtool.consolidate import consolidate
from amendtool.diff import propose
from amendtool.draft.parser import load_draft, parse_draft
from amendtool.draft.refs import lookup
from amendtool.errors import ConflictError

CASE = Path(__file__).parent / "fixtures" / "amend" / "structure"


@pytest.fixture(scope="module")
def draft():
    return load_draft(CASE / "draft.txt")


def amend(tmp_path, doc, text, name="x.amend"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_amendments(doc, [path])


def test_every_operation_accepted(draft):
    files = load_amendments(draft, [CASE / "eu.amend"])
    c = consolidate(draft, files, accept=["EU-*"], rest="bracket")
    assert c.text == """Draft decision on the review of reports

I. Scope

1. Decides that this decision [applies to every Party];

2. Requests the secretariat to prepare a synthesis report

3. and to make it available before the next session;

4. [Invites Parties to submit their views:

(a) on the scope and timing of the review;

I bis. Transparency

5. Notes the importance of transparency;]

II. Technical expert review

{No text required}

Option 2 bis: The review shall be conducted at the request of the Party concerned;

8. [Decides to review this decision in 2028.]
"""
    assert c.accepted == tuple(f"EU-{k}" for k in range(1, 14))
    nxt = c.document
    assert [s.ref for s in nxt.sections] == ["I", "I bis", "II"]
    assert lookup(nxt, "4(a)").text == "on the scope and timing of the review;"
    rows = {r.old: r for r in c.concordance if r.old}
    assert rows["II Option 2"].status == "deleted"  # the retained option's own line
    assert rows["II Option 1.6"].status == rows["II Option 1"].status == "deleted"
    assert rows["2"].operations == ("EU-5",) and rows["1"].operations == ("EU-2",)


def test_not_accepted_they_go_and_are_reported(draft):
    files = load_amendments(draft, [CASE / "eu.amend"])
    c = consolidate(draft, files, accept=["EU-9", "EU-10"], rest="bracket")
    assert "[Requests the secretariat" in c.text and "II. Review" in c.text and "III. Final provisions" in c.text
    assert "Option 1\n" in c.text and "Option 2\n" in c.text
    messages = [d.message for d in c.notes]
    assert "EU-1 is not accepted: a bracket across paragraphs cannot be shown in brackets, so the text stays as " \
           "it is at 4" in messages
    assert "EU-6 is not accepted: a change of heading cannot be shown in brackets, so the text stays as it is " \
           "at heading II" in messages
    assert "EU-11 is not accepted: choosing an option cannot be shown in brackets, so the text stays as it is " \
           "at II Option 2" in messages
    assert {"EU-1", "EU-3", "EU-5", "EU-6", "EU-7", "EU-8"} <= set(c.dropped)
    # the deletions of a range and of an option are bracketed like any contested deletion
    assert "6. [The review shall be conducted every two years;]" in c.text
    dropped = consolidate(draft, files, accept=["EU-9"], rest="drop")
    assert not dropped.notes and "6. The review shall" in dropped.text


def test_renumbered(draft):
    files = load_amendments(draft, [CASE / "eu.amend"])
    c = consolidate(draft, files, accept=["EU-*"], rest="drop", renumber=True)
    assert "6. [Decides to review this decision in 2028.]" in c.text
    assert "(a) on the scope and timing" in c.text


def test_a_bracket_end_in_a_deleted_paragraph_is_a_conflict(draft, tmp_path):
    files = amend(tmp_path, draft, "by: EU\n4-5: bracket\n5: delete paragraph\n")
    with pytest.raises(ConflictError) as info:
        consolidate(draft, files, accept=["EU-*"])
    assert "EU-1 and EU-2 cannot both be accepted: they overlap in paragraph 5" in str(info.value)


def test_remove_brackets_across_paragraphs_and_bracket_again(draft, tmp_path):
    files = amend(tmp_path, draft, "by: EU\n2-3: remove brackets\n1-2: bracket\n")
    c = consolidate(draft, files, accept=["EU-*"])
    assert "1. [Decides that this decision applies to every Party;\n\n2. Requests the secretariat to prepare a " \
           "synthesis report]\n\n3. and to make it available before the next session;\n" in c.text


def test_option_before_the_first_and_retaining_an_inline_option(tmp_path):
    doc = parse_draft("Article 1\n\n1. Title\n\nOption 1: Parties shall act.\n\nOption 2: Parties should act.\n\n"
                      "2. Next.\n", path="d.txt")
    assert [p.ref for p in doc.paragraphs] == ["1", "1 Option 1", "1 Option 2", "2"]
    files = amend(tmp_path, doc, 'by: EU\n1 Option 1: add option before with "Parties may act."\n'
                                 "1 Option 2: retain\n")
    assert files[0].operations[0].label == "Option 0"
    c = consolidate(doc, files, accept=["EU-2"], rest="drop")
    assert c.text == "Article 1\n\n1. Title\n\nParties should act.\n\n2. Next.\n"
    c = consolidate(doc, files, accept=["EU-1"])
    assert "Option 0: Parties may act.\n\nOption 1: Parties shall act." in c.text


def test_markdown_headings(tmp_path):
    doc = parse_draft("# Draft\n\n## Article 2 *(purpose)*\n\n1. The purpose is clear.\n\n2. Another.\n",
                      path="d.md", fmt="markdown")
    files = amend(tmp_path, doc, 'by: EU\nheading Article 2: replace "purpose" with "aim"\n'
                                 'Article 2: add heading before "Another" with "Article 2 bis (general)"\n')
    c = consolidate(doc, files, accept=["EU-*"])
    assert c.text == ("# Draft\n\n## Article 2 *(aim)*\n\n1. The purpose is clear.\n\n## Article 2 bis (general)\n\n"
                      "2. Another.\n")
    assert [s.ref for s in c.document.sections] == ["Draft", "Article 2", "Article 2 bis"]


def test_a_paragraph_after_an_option_block(tmp_path):
    """A paragraph that follows an option block at its parent's level is added after the parent (not
    inside the block); one added next to an option is a paragraph of its block, unlabelled (a new
    option is 'add option'); the Markdown emphasis of a model's option label is not copied."""
    base = parse_draft("## Article 6 *(finance)*\n\n1. **Option 1:** All Parties shall act.\n\n"
                       "    **Option 2:** Developed Parties shall act.\n\n2. [Parties should integrate.]\n",
                       path="b.md", fmt="markdown")
    edited = parse_draft("## Article 6 *(finance)*\n\n1. **Option 1:** All Parties shall act.\n\n"
                         "    **Option 2:** Developed Parties shall act.\n\nMainstreaming\n\n"
                         "2. [Parties should integrate.]\n", path="e.md", fmt="markdown")
    proposed = propose(base, edited, "Y")
    assert [p.line for p in proposed.operations] == ['1: add paragraph after "Mainstreaming"']
    (tmp_path / "y.amend").write_text(proposed.text, encoding="utf-8")
    c = consolidate(base, load_amendments(base, [tmp_path / "y.amend"]), accept=["Y-*"], renumber=True)
    assert c.text == ("## Article 6 *(finance)*\n\n1. **Option 1:** All Parties shall act.\n\n"
                      "    **Option 2:** Developed Parties shall act.\n\n2. Mainstreaming\n\n"
                      "3. [Parties should integrate.]\n")
    files = amend(tmp_path, base, 'by: EU\n1 Option 2: add paragraph after "Parties may act."\n')
    for renumber in (False, True):
        c = consolidate(base, files, accept=["EU-1"], renumber=renumber)
        assert "    **Option 2:** Developed Parties shall act.\n\n    Parties may act.\n\n2. [Parties" in c.text
        assert [(p.label, p.text) for p in c.document.paragraphs][2] == (None, "Parties may act.")


def test_new_option_and_renumbered_labels_read_back(tmp_path):
    """'Option 2 bis' keeps its space where the draft writes '3bis' tight (the parser reads 'Option 2bis'
    as text); a '3bis' renumbered gets a full stop ('2.': a bare '2' would be read as text)."""
    doc = parse_draft("1. Title\n\n    Option 1: Parties shall act.\n\n    Option 2: Parties should act.\n\n"
                      "3bis [Parties may act.]\n", path="d.txt")
    files = amend(tmp_path, doc, 'by: EU\n1 Option 1: add option after with "Parties could act."\n')
    c = consolidate(doc, files, accept=["EU-1"], renumber=True)
    assert "    Option 1 bis: Parties could act.\n" in c.text and "\n2. [Parties may act.]\n" in c.text
    assert [p.ref for p in c.document.paragraphs][:4] == ["1", "1 Option 1", "1 Option 1 bis", "1 Option 2"]


def test_a_new_sub_item_the_draft_numbers_inside_an_option(tmp_path):
    """A new sub-item after one the Markdown numbers ('    2.') under an option's paragraph is '2 bis.',
    which reads back as its label ('2. bis' was read as text)."""
    doc = parse_draft("## Article 9\n\n**Option 3:**\n\n1. Each Party shall report:\n\n    1. on finance;\n\n"
                      "    2. on technology.\n", path="d.md", fmt="markdown")
    files = amend(tmp_path, doc, 'by: EU\n9 Option 3.1(b): add paragraph after "on capacity-building."\n')
    c = consolidate(doc, files, accept=["EU-1"])
    assert c.text.endswith("    2. on technology.\n\n    2 bis. on capacity-building.\n")
    assert [(p.label, p.text) for p in c.document.paragraphs][-1] == ("2 bis", "on capacity-building.")


def test_a_new_option_quater_where_the_draft_writes_labels_tight(tmp_path):
    """'Option 1 quater' stays whole where the draft writes '3bis' tight (it was 'Option 1 qua ter')."""
    doc = parse_draft("1. Title\n\n    Option 1: A.\n\n    Option 1 bis: B.\n\n    Option 1 ter: C.\n\n3bis [D.]\n",
                      path="d.txt")
    files = amend(tmp_path, doc, 'by: EU\n1 Option 1 ter: add option after with "E."\n')
    c = consolidate(doc, files, accept=["EU-1"])
    assert "    Option 1 ter: C.\n\n    Option 1 quater: E.\n" in c.text
    assert [p.ref for p in c.document.paragraphs][4] == "1 Option 1 quater"
