"""propose from a Word copy with tracked changes by several authors: one amendment file per
delegation, authors mapped to codes, comments as comment operations, numbering-only changes ignored;
and the round trip through check and consolidate back to the copy with all changes accepted."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from docx_build import Lvl, WordBuilder

from amendtool.cli import cli
from amendtool.docx.reader import ACCEPT_ALL, WordDocument
from amendtool.draft.parser import parse_docx

PARAGRAPHS = [
    "We recall the outcome of the World Summit on the Information Society.",
    "We note that almost 10 per cent of the population is offline.",
    "We recognize the role of the private sector.",
    "We commit to access to the Internet for all by 2020.",
    "We acknowledge the work of the Commission on Science and Technology.",
    "We request the Secretary-General to report annually.",
    "We decide to remain seized of the matter.",
]
MOVED = PARAGRAPHS[5]


def base_builder() -> WordBuilder:
    b = WordBuilder()
    b.abstract("0", [Lvl("decimal", "%1.", style="Operative"), Lvl("lowerLetter", "(%2)")])
    b.num("1", "0")
    b.style("Operative", "UN Operative Paragraph", num="1")
    b.p("Draft outcome document")
    return b


def draft_docx(path):
    b = base_builder()
    for text in PARAGRAPHS:
        b.p(text, style="Operative")
    return b.save(path)


def tracked_copy(path):
    """The draft edited by three delegations with Track Changes on, as Word writes it."""
    b = base_builder()
    p1, p2, p3, p4, p5, p6, p7 = PARAGRAPHS
    b.p(p1, ("comment", "1"), style="Operative")
    b.comment("1", "John Smith", "Reserve pending consultations with capital.")
    # G77 moved paragraph 6 here
    b.p(("moveTo", "G77", MOVED), style="Operative", mark=("moveTo", "G77"))
    b.p("We note that ", ("del", "Jane Doe", "almost"), ("ins", "Jane Doe", "nearly"),
        " 10 per cent of the population is offline.", style="Operative")
    # US pressed Enter at the end of paragraph 3 and typed a new paragraph
    b.p(p3, style="Operative", mark=("ins", "John Smith"))
    b.p(("ins", "John Smith", "We welcome the contribution of civil society."), style="Operative")
    b.p(p4, style="Operative", format_change="Layout Person")
    b.p(("del", "G77", p5), style="Operative", mark=("del", "G77"))
    b.p(("moveFrom", "G77", p6), style="Operative", mark=("moveFrom", "G77"))
    b.p(p7, ("comment", "2"), style="Operative", num="1", numbering_change="Numberer")
    b.comment("2", "Jane Doe", "We can join consensus on this paragraph.")
    return b.save(path)


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def files(tmp_path):
    return draft_docx(tmp_path / "draft.docx"), tracked_copy(tmp_path / "copy.docx")


# the header names the delegation and the draft as its publisher does, with the date (issue 9, finding 5)
EU = """by: EU
name: European Union and its member States
draft: Draft outcome document
date: 2015-10-20
# Written by amendtool propose from copy.docx: 2 operations.

2: replace "almost" with "nearly"
7: comment "We can join consensus on this paragraph."
"""
US = """by: US
name: United States of America
draft: Draft outcome document
date: 2015-10-20
# Written by amendtool propose from copy.docx: 2 operations.

3: add paragraph after "We welcome the contribution of civil society."
1: comment "Reserve pending consultations with capital."
"""
G77 = """by: G77
name: Group of 77 and China
draft: Draft outcome document
date: 2015-10-20
# Written by amendtool propose from copy.docx: 2 operations.

6: move after 1
5: delete paragraph
"""


def test_one_file_per_delegation(files, tmp_path):
    draft, copy = files
    out = tmp_path / "proposals"
    result = run("propose", draft, copy, "-o", out, "--author", "Jane Doe=EU", "--author", "John Smith = US",
                 "--date", "2015-10-20")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"wrote {out / 'EU.amend'}: 2 operations by EU\n"
        f"wrote {out / 'G77.amend'}: 2 operations by G77\n"
        f"wrote {out / 'US.amend'}: 2 operations by US\n")
    assert result.stderr == ""
    assert sorted(p.name for p in out.iterdir()) == ["EU.amend", "G77.amend", "US.amend"]
    assert (out / "EU.amend").read_text(encoding="utf-8") == EU
    assert (out / "US.amend").read_text(encoding="utf-8") == US
    assert (out / "G77.amend").read_text(encoding="utf-8") == G77


def test_without_draft_the_base_is_the_copy_with_its_changes_rejected(files, tmp_path):
    _, copy = files
    mapping = tmp_path / "authors.txt"
    mapping.write_text("# who is who\nJane Doe = EU\nJohn Smith=US   # New York\n\n", encoding="utf-8")
    out = tmp_path / "p"
    result = run("propose", copy, "-o", out, "--authors", mapping, "--date", "2015-10-20")
    assert result.exit_code == 0, result.output
    # the copy's title names the draft (it was "draft: copy", the copy's file name)
    assert (out / "EU.amend").read_text(encoding="utf-8") == EU
    assert (out / "G77.amend").read_text(encoding="utf-8") == G77


def test_unmapped_authors_are_listed(files, tmp_path):
    draft, copy = files
    result = run("propose", draft, copy, "-o", tmp_path / "out", "--author", "Jane Doe=EU")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        f'{copy}: no delegation code for this author of tracked changes or comments: "John Smith" '
        '(2 changes, 1 comment) (authors in the copy: G77, Jane Doe, John Smith); map each name to a code, '
        'e.g. "John Smith=EU"\n')
    assert not (tmp_path / "out").exists()
    result = run("propose", draft, copy, "-o", tmp_path / "out")
    assert 'these authors of tracked changes or comments: "Jane Doe" (2 changes, 1 comment), "John Smith" ' \
        '(2 changes, 1 comment)' in result.stderr


def test_numbering_and_formatting_changes_are_not_proposals(files):
    _, copy = files
    from amendtool.diff.tracked import authors

    assert [a.name for a in authors(WordDocument(copy.read_bytes(), str(copy)))] == ["G77", "Jane Doe", "John Smith"]


def test_by_puts_every_change_in_one_file(files, tmp_path):
    draft, copy = files
    result = run("propose", "--by", "EU", draft, copy)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[6:] == [  # after by:, name:, draft:, date:, the comment, a blank line
        "6: move after 1",
        '2: replace "almost" with "nearly"',
        '3: add paragraph after "We welcome the contribution of civil society."',
        "5: delete paragraph",
        '1: comment "Reserve pending consultations with capital."',
        '7: comment "We can join consensus on this paragraph."',
    ]


@pytest.mark.parametrize(("args", "message"), [
    (["--by", "EU", "draft.txt"], "propose needs DRAFT and EDITED"),
    (["a.txt", "b.txt"], "--by CODE is required"),
    (["a", "b", "c"], "at most two files"),
    (["copy.docx"], "give -o FOLDER"),
    (["copy.docx", "--by", "EU", "--author", "Jane Doe=EU"], "with --by every change goes to one file"),
    (["copy.docx", "-o", "out", "--author", "Jane Doe"], 'does not map a name to a code'),
    (["copy.docx", "-o", "out", "--author", "Jane Doe=E U"], '"E U" is not a delegation code'),
])
def test_usage_errors(files, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run("propose", *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_copy_without_tracked_changes_needs_by(files, tmp_path):
    draft, _ = files
    result = run("propose", draft, draft, "-o", tmp_path / "out")
    assert result.exit_code == 2
    assert f"{draft} has no tracked changes or comments: give --by CODE" in result.stderr


def test_bad_mapping_file(files, tmp_path):
    _, copy = files
    mapping = tmp_path / "authors.txt"
    mapping.write_text("Jane Doe = EU\nJohn Smith\n", encoding="utf-8")
    result = run("propose", copy, "-o", tmp_path / "out", "--authors", mapping)
    assert result.exit_code == 1
    assert result.stderr == (
        f'{mapping}:2:1: "John Smith" does not map a name to a code (Name=CODE); write one "Name = CODE" per line\n'
        "    John Smith\n    ^\n")


def test_round_trip_three_authors_check_consolidate_equals_the_copy_accepted(files, tmp_path):
    draft, copy = files
    out = tmp_path / "proposals"
    assert run("propose", copy, "-o", out, "--author", "Jane Doe=EU", "--author", "John Smith=US").exit_code == 0
    amendments = sorted(out.iterdir())
    assert len(amendments) == 3
    check = run("check", draft, *amendments)
    assert check.exit_code == 0, check.output
    assert "error" not in check.output and "warning" not in check.output
    nxt = tmp_path / "next.txt"
    result = run("consolidate", draft, *amendments, "--accept", "EU-*,US-*,G77-*", "--renumber", "-o", nxt)
    assert result.exit_code == 0, result.output
    assert "3 places in brackets" not in result.stdout
    from amendtool.draft.parser import load_draft

    consolidated = load_draft(nxt)
    accepted = parse_docx(WordDocument(copy.read_bytes(), str(copy)), view=ACCEPT_ALL)
    assert [(p.ref, p.text) for p in consolidated.paragraphs] == [(p.ref, p.text) for p in accepted.paragraphs]
