"""Issue 9, findings 4, 5, 9 and 10 on the command line, with the exact messages."""

from __future__ import annotations

import shutil

import pytest
from click.testing import CliRunner
from conftest import DRAFTS, WSIS

from amendtool.cli import cli

SAMPLES = [str(DRAFTS / f"{n}.amend") for n in ("eu", "g77", "jpn", "us")]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="amendtool")


def usage(command: str, message: str) -> str:
    args = {"consolidate": "DRAFT AMENDMENTS...", "compile": "DRAFT [AMENDMENTS]...", "propose": "[DRAFT] EDITED",
            "template": "DRAFT"}[command]
    return (f"Usage: amendtool {command} [OPTIONS] {args}\nTry 'amendtool {command} --help' for help.\n\n"
            f"Error: {message}\n")


@pytest.fixture
def room(tmp_path, monkeypatch):
    shutil.copy(WSIS, tmp_path / "wsis10_zero_draft.txt")
    for path in SAMPLES:
        shutil.copy(path, tmp_path)
    monkeypatch.chdir(tmp_path)
    return tmp_path


# ---------------------------------------------------------------------------------------------------
# Finding 9: an output whose extension contradicts its format


def test_a_concordance_in_a_spreadsheet_name_is_a_usage_error(room):
    result = run("consolidate", "wsis10_zero_draft.txt", "eu.amend", "--concordance", "c.xlsx", "-o", "n.txt")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == usage("consolidate", "Invalid value for --concordance: the concordance is written as CSV "
                                                 "(.csv) or JSON (.json), not .xlsx")
    assert not (room / "n.txt").exists()


def test_a_revision_in_an_html_name_is_a_usage_error(room):
    result = run("consolidate", "wsis10_zero_draft.txt", "eu.amend", "-o", "n.html")
    assert result.exit_code == 2
    assert result.stderr == usage("consolidate", "Invalid value for -o: n.html would hold the next revision (plain "
                                                 "text) under the extension of HTML; name it .txt or .md (or .xml "
                                                 "for Akoma Ntoso, .docx for Word)")


def test_an_amendment_file_in_a_word_name_is_a_usage_error(room):
    shutil.copy("wsis10_zero_draft.txt", "e.txt")
    result = run("propose", "--by", "EU", "wsis10_zero_draft.txt", "e.txt", "-o", "eu.docx")
    assert result.exit_code == 2
    assert result.stderr == usage("propose", "Invalid value for -o: eu.docx would hold an amendment file (plain "
                                             "text) under the extension of Word; name it .amend or .txt")


def test_text_into_an_html_name_is_a_usage_error(room):
    result = run("compile", "wsis10_zero_draft.txt", "-o", "out.html", "--format", "txt")
    assert result.exit_code == 2
    assert result.stderr == usage("compile", "Invalid value for -o: the extension '.html' says html but --format says "
                                             "txt; name the file .txt or drop --format")


# ---------------------------------------------------------------------------------------------------
# Finding 10: the README's own sample run


def test_the_readme_sample_has_no_doubled_punctuation_and_says_why_a_paragraph_is_0(room):
    result = run("consolidate", "wsis10_zero_draft.txt", "eu.amend", "g77.amend", "jpn.amend", "us.amend",
                 "--accept", "EU-*,JPN-2", "--rest", "bracket", "--concordance", "concordance.csv", "-o", "rev1.txt")
    assert result.exit_code == 0, result.output
    text = (room / "rev1.txt").read_text(encoding="utf-8")
    # EU-2 inserts ", including persons with disabilities," before the paragraph's full stop
    assert "to all by 2020, including persons with disabilities. We welcome" in text
    assert ",." not in text and ",," not in text
    assert result.stderr.endswith(
        "note: the new paragraph 0 (G77-6) stands before the first of its series and is numbered 0 (as a new "
        "PP0), so that every other paragraph keeps its number; --renumber numbers the revision afresh from 1\n")
    renumbered = run("consolidate", "wsis10_zero_draft.txt", "eu.amend", "g77.amend", "jpn.amend", "us.amend",
                     "--accept", "EU-*,JPN-2", "--renumber", "-o", "rev1r.txt")
    assert "note:" not in renumbered.stderr
    assert (room / "rev1r.txt").read_text(encoding="utf-8").count("\n  1. [Mindful of the outcomes") == 1


def test_a_deletion_between_a_comma_and_a_full_stop_takes_the_comma(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("Title\n\n1. We note progress, in particular in access.\n", encoding="utf-8")
    amend = tmp_path / "a.amend"
    amend.write_text('by: A\n1: delete "in particular in access"\n', encoding="utf-8")
    out = tmp_path / "n.txt"
    result = run("consolidate", draft, amend, "--accept", "A-1", "-o", out, "-q")
    assert (result.exit_code, result.output) == (0, "")
    assert out.read_text(encoding="utf-8") == "Title\n\n1. We note progress.\n"


# ---------------------------------------------------------------------------------------------------
# Finding 4: error fixes that mislead


FINDING_4 = [
    ("35: delete para",
     'x.amend:2:12: expected the text to delete in quotes after "delete", found "para"; '
     'did you mean "delete paragraph"?\n'
     "    35: delete para\n"
     "               ^\n"),
    ('36: replace para with "New text."',
     'x.amend:2:13: expected the text to replace in quotes after "replace", found "para"; '
     'did you mean: replace paragraph with "new text"?\n'
     '    36: replace para with "New text."\n'
     "                ^\n"),
    ('12 - insert "x" at end',
     'x.amend:2:4: expected ":" after the paragraph reference "12", found "-"; write 12: insert ...\n'
     '    12 - insert "x" at end\n'
     "       ^\n"),
    ("12-13: delete paragraph",
     'x.amend:2:1: "12-13" is a range of paragraphs: delete paragraph names one; write 12-13: delete paragraphs\n'
     "    12-13: delete paragraph\n"
     "    ^\n"),
    ("510: delete paragraph",
     'x.amend:2:1: paragraph "510" does not exist (the draft has 1-58); did you mean "51" or "50" or "10"?\n'
     "    510: delete paragraph\n"
     "    ^\n"),
    ("Para. 40 bis: delete paragraph",
     'x.amend:2:1: paragraph "Para. 40 bis" does not exist (the draft has 1-58); the draft has 40 but no 40 bis: '
     'to propose a new paragraph after 40, write 40: add paragraph after "its text"\n'
     "    Para. 40 bis: delete paragraph\n"
     "    ^\n"),
]


@pytest.mark.parametrize(("line", "message"), FINDING_4, ids=[line for line, _ in FINDING_4])
def test_error_fixes_point_at_what_was_meant(room, line, message):
    (room / "x.amend").write_text(f"by: X\n{line}\n", encoding="utf-8")
    result = run("check", "wsis10_zero_draft.txt", "x.amend")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == message + "1 file: x.amend has 1 error\n"


def test_a_replacement_that_changes_nothing_is_a_warning(room):
    (room / "x.amend").write_text('by: X\n12: replace "almost" with "almost"\n', encoding="utf-8")
    result = run("check", "wsis10_zero_draft.txt", "x.amend")
    assert (result.exit_code, result.stdout) == (0, "1 file, 1 operation, all apply\n")
    assert result.stderr == (
        'x.amend:2:1: warning: this replaces "almost" with the same text: it changes nothing; check the new text, '
        "or leave the line out\n"
        '    12: replace "almost" with "almost"\n'
        "    ^\n")


# ---------------------------------------------------------------------------------------------------
# Finding 5: propose names the draft as its publisher does, with the date and the delegation's name


def test_propose_from_a_local_copy_names_the_real_draft(room):
    shutil.copy("wsis10_zero_draft.txt", "orig.txt")  # the delegate's own copy, under another name
    (room / "edited.txt").write_text((room / "orig.txt").read_text(encoding="utf-8").replace("refuges", "refugees"),
                                     encoding="utf-8")
    result = run("propose", "--by", "EU", "orig.txt", "edited.txt", "--date", "2015-10-19", "-o", "eu2.amend")
    assert (result.exit_code, result.stdout) == (0, "wrote eu2.amend: 1 operation by EU\n")
    assert (room / "eu2.amend").read_text(encoding="utf-8") == (
        "by: EU\n"
        "name: European Union and its member States\n"
        "draft: United Nations General Assembly’s Overall Review of the Implementation of WSIS Outcomes, Zero Draft\n"
        "date: 2015-10-19\n"
        "# Written by amendtool propose from edited.txt: 1 operation.\n"
        "\n"
        '9: replace "refuges" with "refugees"\n')
    # checked against the draft under its published file name: no "written for another draft" warning
    checked = run("check", "wsis10_zero_draft.txt", "eu2.amend")
    assert (checked.exit_code, checked.stdout, checked.stderr) == (0, "1 file, 1 operation, all apply\n", "")
    # it was "draft: orig", and every later check against the real draft warned
    wrong = run("check", "wsis10_zero_draft.txt", "eu.amend")
    assert wrong.stderr == ""
    (room / "old.amend").write_text("by: EU\ndraft: orig\n", encoding="utf-8")
    assert 'warning: this file is written for draft "orig", not wsis10_zero_draft.txt' in run(
        "check", "wsis10_zero_draft.txt", "old.amend").stderr
