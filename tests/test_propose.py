"""`propose`: an amendment file from an edited copy, at a delegate's level.

The realistic revision below is the sample draft edited the way a delegation edits a copy: phrases
replaced, inserted and deleted, a paragraph rewritten, paragraphs added, deleted, moved, split and
merged, brackets resolved, and everything renumbered.
"""

from __future__ import annotations

import dataclasses
import re

import pytest
from click.testing import CliRunner
from conftest import WSIS

from amendtool.amend.operations import (
    AddAlternative,
    AddParagraph,
    Anchor,
    BracketText,
    Delete,
    DeleteParagraph,
    Insert,
    Move,
    RemoveBrackets,
    Replace,
    ReplaceParagraph,
    Retain,
)
from amendtool.amend.resolve import check_amendments
from amendtool.amend.syntax import parse_amendments_lenient, unparse_operation
from amendtool.cli import cli
from amendtool.compile import compile_drafts
from amendtool.consolidate import consolidate
from amendtool.diff.proposal import paragraph_operations, propose
from amendtool.draft.parser import load_draft, parse_draft
from amendtool.draft.refs import lookup
from amendtool.errors import SelectionError

BASE = load_draft(WSIS)

EDITS = [
    # (what a delegate did, old text, new text) on the draft's source
    ("phrase replaced", "rate of almost 10 per cent,", "rate of nearly 10 per cent,"),
    ("phrase deleted", " as compared to 3.4 per cent in 2005,", ""),
    ("word corrected", "indigenous peoples, refuges and", "indigenous peoples, refugees and"),
    ("words inserted", "universal and affordable access to the Internet", "universal and affordable and meaningful access to the Internet"),
    ("sentence added at the end", "Plenipotentiary Conference in 2014.", "Plenipotentiary Conference in 2014. We will review progress annually."),
    ("paragraph deleted", "  35. We recognise the principle and importance of net neutrality, and call for its protection accordingly.\n", ""),
    ("paragraph rewritten", "We note that a number of member states have called for an international legal framework for internet governance.",
     "We take note of the different views expressed on the governance of the Internet at the international level."),
    ("paragraph added", "    2.1. Enhanced Cooperation", "  37 bis. We call on all stakeholders to support the IGF with stable and predictable funding.\n\n    2.1. Enhanced Cooperation"),
    ("phrase rewritten at the start", "  45. Strengthening confidence", "  45. We affirm that strengthening confidence"),
    ("sentence deleted", " We acknowledge the call for a convention on international cybercrimes.", ""),
    ("phrase inserted", "through research and development,", "through research and development, as well as transfer of technology on mutually agreed terms,"),
    ("word inserted", "greater and sustainable investment", "greater and predictable and sustainable investment"),
    ("alternative retained", "[World Summit] [High Level Meeting]", "World Summit"),
    ("phrase replaced", "unforeseen ten years ago", "not foreseen a decade ago"),
    ("clause deleted", ", welcomed in Tunis as an innovative financial mechanism of a voluntary nature,", ""),
    ("word replaced", "ICT is fundamentally altering", "ICT is profoundly altering"),
    ("paragraph split", " We additionally recall that the overall review", "\n\n\n  2 bis. We additionally recall that the overall review"),
    ("paragraph added at the end", "in order to discuss such issues.", "in order to discuss such issues.\n\n\n  59. We decide to remain seized of the matter."),
]


def realistic_revision() -> tuple[str, int]:
    """The edited copy (renumbered 1, 2, 3 ... as a secretariat would) and the number of edits made."""
    text = BASE.source
    for what, old, new in EDITS:
        assert text.count(old) == 1, what
        text = text.replace(old, new)
    # paragraph 40 moved after 43
    p40 = lookup(BASE, "40").render()
    text = text.replace(p40, "", 1)
    text = text.replace("  44. We reaffirm our commitment", p40.rstrip("\n") + "\n\n\n  44. We reaffirm our commitment", 1)
    # paragraphs 53 and 54 merged
    text = re.sub(r"(\(CSTD\)\.)\n\n\n  54\. ", r"\1 ", text)
    counter = iter(range(1, 1000))
    text = re.sub(r"(?m)^  \d+(?: bis)?\. ", lambda m: f"  {next(counter)}. ", text)
    return text, len(EDITS) + 2


def _inside_word(text: str, k: int) -> bool:
    return 0 < k < len(text) and text[k - 1].isalnum() and text[k].isalnum()


@pytest.fixture(scope="module")
def revision(tmp_path_factory):
    folder = tmp_path_factory.mktemp("propose")
    text, edits = realistic_revision()
    edited_path = folder / "rev1.txt"
    edited_path.write_text(text, encoding="utf-8")
    edited = load_draft(edited_path)
    proposal = propose(BASE, edited, "EU")
    amend = folder / "eu.amend"
    amend.write_text(proposal.text, encoding="utf-8")
    return edited, proposal, amend, edits


def test_realistic_revision_reads_like_a_delegates_file(revision):
    edited, proposal, amend, edits = revision
    checked = check_amendments(BASE, [amend])
    assert checked.diagnostics == ()  # check accepts it as written: no error, no warning
    ops = checked.files[0].operations
    # the number of operations stays near the number of edits made
    assert abs(len(ops) - edits) <= max(2, edits // 5), proposal.text
    kinds = [op.kind for op in proposal.operations]
    assert kinds.count("move") == 1 and kinds.count("delete-paragraph") == 2
    assert kinds.count("add-paragraph") == 3 and kinds.count("replace-paragraph") == 1
    # no operation splits a word: every span starts and ends between words, and new text is whole words
    for op in ops:
        if not isinstance(op, (Replace, Delete, Insert)):
            continue
        text = lookup(BASE, op.target.ref).text
        start, end = op.target.start, op.target.end
        assert not _inside_word(text, start) and not _inside_word(text, end), op
        new = op.new if isinstance(op, Replace) else op.text if isinstance(op, Insert) else ""
        if new:
            assert not (start > 0 and text[start - 1].isalnum() and new[0].isalnum()), op
            assert not (end < len(text) and text[end].isalnum() and new[-1].isalnum()), op


def test_realistic_revision_lines(revision):
    _edited, proposal, _amend, _edits = revision
    assert proposal.text.splitlines()[:4] == [
        "by: EU", "name: European Union and its member States",
        "draft: United Nations General Assembly’s Overall Review of the Implementation of WSIS Outcomes, Zero Draft",
        "# Written by amendtool propose from rev1.txt: 22 operations."]
    lines = {op.line for op in proposal.operations}
    assert '12: replace "almost" with "nearly"' in lines
    assert '12: delete "as compared to 3.4 per cent in 2005,"' in lines
    assert '9: replace "refuges" with "refugees"' in lines
    assert '19: insert "and meaningful " before "access to the"' in lines
    assert '35: delete paragraph' in lines
    assert '40: move after 43' in lines
    assert '58: retain "World Summit"' in lines
    # a deleted sentence and an inserted clause stand where a delegate would put them
    assert '50: delete "We acknowledge the call for a convention on international cybercrimes."' in lines
    assert '23: insert " as well as transfer of technology on mutually agreed terms," after "development,"' in lines
    assert ('36: replace paragraph with "We take note of the different views expressed on the governance of '
            'the Internet at the international level."') in lines


def test_compile_and_consolidate_reproduce_the_edited_copy(revision):
    edited, proposal, amend, _edits = revision
    files = check_amendments(BASE, [amend]).files
    compile_drafts(BASE, files)
    result = consolidate(BASE, files, accept=["EU-*"], renumber=True)
    assert [p.text for p in result.document.paragraphs] == [p.text for p in edited.paragraphs]
    assert [p.label for p in result.document.paragraphs] == [p.label for p in edited.paragraphs]


def written(old: str, new: str) -> list[tuple[str, str]]:
    """The operations turning ``old`` into ``new``, as (kind, line after the reference)."""
    return [(op.kind, unparse_operation(op)) for op in paragraph_operations(old, new) or []]


def test_rewritten_paragraph_is_replaced_whole():
    assert paragraph_operations("We note the report of the Secretary-General on this matter.",
                                "Member States decide to convene a summit in 2025 with all stakeholders.") is None
    assert paragraph_operations("We note the report.", "We note the report.") == []
    assert written("We note the report of the group.", "We welcome the report of the group.") == [
        ("replace", 'replace "note" with "welcome"')]


def test_ambiguous_anchor_gets_context_or_occurrence():
    old = "We call on the States and the agencies and the funds to act."
    new = "We call on the States and the agencies and all funds to act."
    assert written(old, new) == [("replace", 'replace "the funds" with "all funds"')]
    old = "We call on the States and the agencies to act in the interest of the people."
    assert written(old, "We call on the States and agencies to act in the interest of the people.") == [
        ("delete", 'delete "the" (2nd)')]


def test_quotes_and_backslashes_are_escaped(tmp_path):
    edited = parse_draft(BASE.source.replace("refuges and", 'refugees ("displaced") and \\ others and'),
                         path=str(tmp_path / "e.txt"))
    proposal = propose(BASE, edited, "EU")
    assert proposal.operations[0].line == r'9: replace "refuges" with "refugees (\"displaced\") and \\ others"'
    amend = tmp_path / "eu.amend"
    amend.write_text(proposal.text, encoding="utf-8")
    files = check_amendments(BASE, [amend]).files
    result = consolidate(BASE, files, accept=["EU-1"])
    assert 'refugees ("displaced") and \\ others and internally' in lookup(result.document, "9").text


def test_lines_are_checked_as_the_parser_reads_them(revision):
    """``propose`` checks most lines from their records instead of parsing the file it wrote again: the
    record (``_as_parsed``) is the operation the parser reads from the line, positions included, or None
    where the line needs the parser (structural operations, texts the parser refuses)."""
    from amendtool.diff.proposal import ProposedOperation, _as_parsed, _op, amendment_file

    def line(op, ref="12 bis"):
        return ProposedOperation.of(dataclasses.replace(op, ref=ref, by="EU", id="EU-1"))

    made = [
        line(_op(Replace, anchor=Anchor('the "funds" \\ a', 2), new='all "funds"')),
        line(_op(Delete, anchor=Anchor("in", 12))),
        line(_op(Insert, text='and "meaningful" ', where="before", anchor=Anchor('access \\ "to"', 3))),
        line(_op(Insert, text=" as well", where="after", anchor=Anchor("development,"))),
        line(_op(Insert, text="We decide.", where="end")),
        line(_op(BracketText, anchor=Anchor("a [b] c", 2)), "Article 4.2"),
        line(_op(RemoveBrackets, anchor=Anchor("b"))),
        line(_op(Retain, anchor=Anchor("World Summit", 1))),
        line(_op(AddAlternative, text="x", anchor=Anchor('"y"', 2))),
        line(_op(DeleteParagraph)),
        line(_op(ReplaceParagraph, text="New text.")),
        line(_op(AddParagraph, text="A new one.", where="after"), "3(b) bis"),
        line(_op(Move, where="after", dest="Article 4.2"), "Pp3"),
    ]
    refused = [
        line(_op(ReplaceParagraph, text="an [unclosed bracket")),  # the parser refuses it: it must see it
        line(_op(Delete, anchor=Anchor(" "))),
        line(_op(Move, where="after", dest='4 "2"')),
        line(_op(Delete, anchor=Anchor("x")), "heading 2"),
        line(_op(Delete, anchor=Anchor("x")), "a: b"),
    ]
    _edited, proposal, _amend, _edits = revision
    lines = [*proposal.operations, *made, *refused]
    text = amendment_file("EU", "draft", "rev1.txt", lines).text
    parsed = {op.source.line: op for op in parse_amendments_lenient(text, "<propose>").file.operations}
    first = text.split("\n").index(lines[0].line) + 1
    records = [_as_parsed(line, "EU", k + 1, first + k) for k, line in enumerate(lines)]
    assert records[-len(refused):] == [None] * len(refused)
    kept = records[: -len(refused)]
    assert None not in kept[len(proposal.operations):]
    assert [r for r in kept if r is not None] == [parsed[first + k] for k, r in enumerate(kept) if r is not None]


def test_bad_code_is_refused():
    with pytest.raises(SelectionError):
        propose(BASE, BASE, "E U")


# ---------------------------------------------------------------------------------------------------
# The command


def test_cli_writes_to_standard_output(tmp_path):
    edited = tmp_path / "copy.txt"
    edited.write_text(BASE.source.replace("refuges and", "refugees and"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["propose", "--by", "JPN", str(WSIS), str(edited), "--date", "2015-10-21"])
    assert (result.exit_code, result.stderr) == (0, "")
    # the delegation's name, the draft's own name (not its file's) and the date (issue 9, finding 5)
    assert result.stdout == (
        "by: JPN\n"
        "name: Japan\n"
        "draft: United Nations General Assembly’s Overall Review of the Implementation of WSIS Outcomes, Zero Draft\n"
        "date: 2015-10-21\n"
        "# Written by amendtool propose from copy.txt: 1 operation.\n"
        "\n"
        '9: replace "refuges" with "refugees"\n'
    )


def test_cli_output_file_is_accepted_by_check_and_compile(tmp_path, revision):
    edited, _proposal, _amend, _edits = revision
    out = tmp_path / "eu.amend"
    runner = CliRunner()
    result = runner.invoke(cli, ["propose", "--by", "EU", str(WSIS), edited.path, "-o", str(out)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"wrote {out}: 22 operations by EU\n", "")
    checked = runner.invoke(cli, ["check", str(WSIS), str(out)])
    assert (checked.exit_code, checked.stdout, checked.stderr) == (0, "1 file, 22 operations, all apply\n", "")
    compiled = runner.invoke(cli, ["compile", str(WSIS), str(out), "-o", str(tmp_path / "c.html")])
    assert compiled.exit_code == 0, compiled.output


def test_cli_bad_code_and_missing_file(tmp_path):
    runner = CliRunner()
    result = runner.invoke(cli, ["propose", "--by", "E U", str(WSIS), str(WSIS)])
    assert result.exit_code == 2  # wrong command-line usage
    assert result.stderr.startswith('--by: "E U" is not a delegation code')
    result = runner.invoke(cli, ["propose", "--by", "EU", str(WSIS), str(tmp_path / "nope.txt"), "-o", str(tmp_path / "x.amend")])
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"{tmp_path / 'nope.txt'}: no such file\n"
    assert not (tmp_path / "x.amend").exists()


def test_bracket_changes_are_written_as_a_delegate_would(tmp_path):
    """[x] for x is `bracket`, x for [x] is `remove brackets`, one alternative kept is `retain`; and
    accepting them gives the edited copy back."""
    from amendtool.amend.resolve import load_amendments
    from amendtool.consolidate import consolidate as next_revision
    from amendtool.diff.proposal import propose as make_proposal
    from amendtool.draft.parser import load_draft

    base_text = WSIS.read_text(encoding="utf-8")
    edited_text = (
        base_text.replace("multistakeholder platform", "[multistakeholder] platform")
        .replace("[World Summit] [High Level Meeting]", "High Level Meeting")
    )
    base_path, edited_path = tmp_path / "base.txt", tmp_path / "edited.txt"
    base_path.write_text(base_text.replace("unforeseen ten years ago", "[unforeseen] ten years ago"), encoding="utf-8")
    edited_path.write_text(edited_text, encoding="utf-8")
    base, edited = load_draft(base_path), load_draft(edited_path)
    proposal = make_proposal(base, edited, "EU")
    assert [op.line for op in proposal.operations] == [
        '7: remove brackets "unforeseen"',
        '37: bracket "multistakeholder"',
        '58: retain "High Level Meeting"',
    ]
    assert [op.kind for op in proposal.operations] == ["remove-brackets", "bracket", "retain"]
    amend = tmp_path / "eu.amend"
    amend.write_text(proposal.text, encoding="utf-8")
    result = next_revision(base, load_amendments(base, [amend]), accept=["EU-*"])
    assert [p.text for p in result.document.paragraphs] == [p.text for p in edited.paragraphs]


def _long_pair() -> tuple[str, str]:
    """A draft of 850 paragraphs and a copy with a word changed in each: more than two shares of
    word diffs and of paragraphs' operations (400 each at least), so that two workers fork a copy."""
    words = ["note", "welcome", "recall", "affirm", "stress"]
    old = [f"  {k}. We {words[k % 5]} the report {k} on the [implementation] of the programme in region {k % 17}."
           for k in range(1, 851)]
    new = [p.replace(" the report", " the annual report") if k % 3 else p.replace("[implementation]", "review")
           for k, p in enumerate(old)]
    return "Long Draft\n\n\n" + "\n\n\n".join(old) + "\n", "Long Draft\n\n\n" + "\n\n\n".join(new) + "\n"


def test_work_shared_with_forked_processes_gives_the_same_file(monkeypatch):
    from amendtool.diff import forks, worddiff

    forked = []
    real = forks._forked
    monkeypatch.setattr(forks, "_forked", lambda func, items: forked.append(len(items)) or real(func, items))
    old, new = _long_pair()
    doc, edited = parse_draft(old, path="long.txt"), parse_draft(new, path="long-rev.txt")
    alone = propose(doc, edited, "EU")
    assert forked == []  # the library's default: one process (the portal runs threads)
    shared = propose(doc, edited, "EU", workers=2)
    assert forked == [425, 425]  # the word diffs, then the paragraphs' operations
    forked.clear()
    with worddiff.DiffPool(2) as pool:  # a command's pool, made before the drafts are parsed
        pooled = propose(doc, edited, "EU", workers=2, pool=pool)
    assert forked == [425]  # the word diffs went to the pool's copy; the operations shared as before
    assert pooled.text == alone.text
    assert shared.text == alone.text
    assert len(alone.operations) == 850


def test_cli_shares_word_diffs_with_the_processors(tmp_path, monkeypatch):
    from amendtool.diff import align

    asked = []
    real = align.word_diffs
    monkeypatch.setattr(align, "word_diffs", lambda pairs, workers=1: asked.append(workers) or real(pairs, workers))
    monkeypatch.setattr("amendtool.cli.propose.cores", lambda: 3)
    edited = tmp_path / "copy.txt"
    edited.write_text(BASE.source.replace("refuges and", "refugees and"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["propose", "--by", "JPN", str(WSIS), str(edited)])
    assert (result.exit_code, result.stderr) == (0, "")
    assert asked == [3, 1]  # the paragraphs' word diffs shared; the headings' few (align_headings) here


def test_cli_makes_a_pool_for_large_drafts(tmp_path, monkeypatch):
    from amendtool.diff.worddiff import DiffPool

    made = []

    class Recorded(DiffPool):
        def __init__(self, workers):
            made.append(workers)
            super().__init__(workers)

    monkeypatch.setattr("amendtool.cli.propose.DiffPool", Recorded)
    monkeypatch.setattr("amendtool.cli.app.cores", lambda: 2)
    edited = tmp_path / "copy.txt"
    edited.write_text(BASE.source.replace("refuges and", "refugees and"), encoding="utf-8")
    args = ["propose", "--by", "JPN", str(WSIS), str(edited)]
    first = CliRunner().invoke(cli, args)
    monkeypatch.setattr("amendtool.cli.app.POOL_BYTES", 1)  # as if the drafts were large
    second = CliRunner().invoke(cli, args)
    assert (first.exit_code, second.exit_code, second.stderr) == (0, 0, "")
    assert made == [1, 2] and first.stdout == second.stdout
