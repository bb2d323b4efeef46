"""`amendtool check DRAFT AMENDMENTS...`: exact output and exit codes for every kind of error."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import ROOT, WSIS

from amendtool.cli import cli

EXAMPLE = ROOT / "tests" / "fixtures" / "amend" / "spec_example.amend"


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def amend(name: str, text: str) -> str:
    with open(name, "w", encoding="utf-8") as fh:
        fh.write(text)
    return name


def check(*files):
    return CliRunner().invoke(cli, ["check", str(WSIS), *files])


def test_clean_file_exits_0_with_summary():
    f = amend("eu.amend", 'by: EU\n12: replace "almost 10 per cent" with "nearly 10 per cent"\n')
    result = check(f)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "1 file, 1 operation, all apply\n", "")


def test_several_clean_files():
    eu = amend("eu.amend", 'by: EU\n12: replace "almost 10 per cent" with "nearly 10 per cent"\n35: delete paragraph\n')
    g77 = amend("g77.amend", "by: G77\n12: support EU-1\n")
    result = check(eu, g77)
    assert (result.exit_code, result.stdout, result.stderr) == (0, "2 files, 3 operations, all apply\n", "")


def test_spec_example_applies_with_a_warning_for_the_unchecked_support():
    result = check(str(EXAMPLE))
    assert result.exit_code == 0
    assert result.stdout == "1 file, 16 operations, all apply\n"
    assert result.stderr == (
        f"{EXAMPLE}:21:13: warning: support of G77-3 cannot be checked: no amendment file from G77 was given\n"
        "    12: support G77-3\n"
        "                ^\n"
    )


def test_unknown_paragraph():
    f = amend("eu.amend", "by: EU\n\n\n\n\n\n    63: delete paragraph\n")
    result = check(f)
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        'eu.amend:7:5: paragraph "63" does not exist (the draft has 1-58)\n'
        "        63: delete paragraph\n"
        "        ^\n"
        # the summary line (issue 9, finding 2)
        "1 file: eu.amend has 1 error\n"
    )


def test_text_not_found_with_closest_text():
    f = amend("eu.amend", 'by: EU\n12: replace "almost 11 per cent" with "nearly 10 per cent"\n')
    result = check(f)
    assert result.exit_code == 1
    assert result.stderr == (
        'eu.amend:2:13: "almost 11 per cent" not found in paragraph 12; closest: "almost 10 per cent"\n'
        '    12: replace "almost 11 per cent" with "nearly 10 per cent"\n'
        "                ^\n"
        # the summary line (issue 9, finding 2)
        "1 file: eu.amend has 1 error\n"
    )


def test_text_found_in_another_paragraph():
    f = amend("eu.amend", 'by: EU\n13: delete "almost 10 per cent"\n')
    result = check(f)
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        'eu.amend:2:12: "almost 10 per cent" not found in paragraph 13; it occurs in paragraph 12'
    )


def test_ambiguous_text_with_count_and_how_to_pick():
    f = amend("eu.amend", 'by: EU\n12: delete "per cent"\n')
    result = check(f)
    assert result.exit_code == 1
    assert result.stderr == (
        'eu.amend:2:12: "per cent" occurs 4 times in paragraph 12; pick one by writing (1st) ... (4th) after the '
        "quoted text\n"
        '    12: delete "per cent"\n'
        "               ^\n"
        # the summary line (issue 9, finding 2)
        "1 file: eu.amend has 1 error\n"
    )
    fixed = amend("fixed.amend", 'by: EU\n12: delete "per cent" (2nd)\n')
    assert check(fixed).exit_code == 0


def test_unknown_operation():
    f = amend("eu.amend", 'by: EU\n12: replase "almost 10 per cent" with "nearly 10 per cent"\n')
    result = check(f)
    assert result.exit_code == 1
    assert result.stderr == (
        'eu.amend:2:5: unknown operation "replase"; did you mean "replace"?\n'
        '    12: replase "almost 10 per cent" with "nearly 10 per cent"\n'
        "        ^\n"
        # the summary line (issue 9, finding 2)
        "1 file: eu.amend has 1 error\n"
    )


def test_missing_by():
    f = amend("eu.amend", 'name: European Union\n12: delete "almost 10 per cent"\n')
    result = check(f)
    assert result.exit_code == 1
    assert result.stderr == (
        'eu.amend:1:1: missing "by:" header; add a line such as "by: EU" (your delegation\'s code) at the top of '
        "the file\n"
        "    name: European Union\n"
        "    ^\n"
        # the summary line (issue 9, finding 2)
        "1 file: eu.amend has 1 error\n"
    )


def test_bad_quoting_points_where_the_quote_opened():
    f = amend("eu.amend", 'by: EU\n12: delete "almost 10 per cent\n13: delete "digital economy"\n')
    result = check(f)
    assert result.exit_code == 1
    assert result.stderr == (
        'eu.amend:2:12: the quote opened here is never closed; close it with " on the same line, or continue the '
        "text on indented lines\n"
        '    12: delete "almost 10 per cent\n'
        "               ^\n"
        # the summary line (issue 9, finding 2)
        "1 file: eu.amend has 1 error\n"
    )


def test_missing_closing_quote_before_the_next_text():
    f = amend("eu.amend", 'by: EU\n12: replace "almost 10 per cent with "nearly 10 per cent"\n')
    result = check(f)
    assert result.exit_code == 1
    assert result.stderr == (
        "eu.amend:2:13: the quote opened here is closed only at column 38, where another text seems to open; "
        'add the missing closing quote; a quote inside a text is written \\"\n'
        '    12: replace "almost 10 per cent with "nearly 10 per cent"\n'
        "                ^\n"
        # the summary line (issue 9, finding 2)
        "1 file: eu.amend has 1 error\n"
    )


def test_support_of_unknown_id():
    eu = amend("eu.amend", 'by: EU\n12: replace "almost 10 per cent" with "nearly 10 per cent"\n')
    g77 = amend("g77.amend", "by: G77\n12: support EU-7\n")
    result = check(eu, g77)
    assert result.exit_code == 1
    assert result.stderr == (
        'g77.amend:2:13: support of unknown operation "EU-7" (eu.amend has EU-1); '
        "EU's operations on paragraph 12: EU-1\n"
        "    12: support EU-7\n"
        "                ^\n"
        # the summary line (issue 9, finding 2)
        "2 files: g77.amend has 1 error; eu.amend applies\n"
    )


def test_every_error_of_every_file_and_a_summary():
    a = amend("a.amend", 'by: EU\n63: delete paragraph\n12: delete "per cent"\n')
    b = amend("b.amend", 'by: US\n12: delte "x"\n')
    result = check(a, b)
    assert (result.exit_code, result.stdout) == (1, "")
    headlines = [line for line in result.stderr.splitlines() if not line.startswith("    ")]
    assert headlines == [
        'a.amend:2:1: paragraph "63" does not exist (the draft has 1-58)',
        'a.amend:3:12: "per cent" occurs 4 times in paragraph 12; pick one by writing (1st) ... (4th) after the '
        "quoted text",
        'b.amend:2:5: unknown operation "delte"; did you mean "delete"?',
        "2 files: a.amend has 2 errors, b.amend has 1 error; none applies",  # issue 9, finding 2
    ]


def test_wrong_draft_is_a_warning_and_exits_0():
    f = amend("eu.amend", 'by: EU\ndraft: wsis10-rev1\n12: delete "almost 10 per cent"\n')
    result = check(f)
    assert result.exit_code == 0
    assert result.stdout == "1 file, 1 operation, all apply\n"
    assert result.stderr == (
        'eu.amend:2:8: warning: this file is written for draft "wsis10-rev1", not wsis10_zero_draft.txt; '
        "check that the draft given is the one the file was written for\n"
        "    draft: wsis10-rev1\n"
        "           ^\n"
    )


def test_missing_amendment_file_exits_1():
    result = check("nope.amend")
    assert (result.exit_code, result.stderr) == (1, "nope.amend: no such file\n1 file: nope.amend has 1 error\n")


def test_missing_draft_exits_1():
    f = amend("eu.amend", "by: EU\n12: delete paragraph\n")
    result = CliRunner().invoke(cli, ["check", "nodraft.txt", f])
    assert (result.exit_code, result.stderr) == (1, "nodraft.txt: no such file\n")


def test_usage_errors_exit_2():
    assert CliRunner().invoke(cli, ["check", str(WSIS)]).exit_code == 2
    assert CliRunner().invoke(cli, ["check"]).exit_code == 2


def test_help():
    result = CliRunner().invoke(cli, ["check", "--help"])
    assert result.exit_code == 0
    assert "Check AMENDMENTS" in result.stdout


def test_adding_an_existing_alternative_is_a_warning():
    f = amend("x.amend", 'by: XX\n58: add alternative "World Summit" to "High Level Meeting"\n')
    result = check(f)
    assert (result.exit_code, result.stdout) == (0, "1 file, 1 operation, all apply\n")
    assert result.stderr == (
        'x.amend:2:1: warning: "World Summit" is already one of the alternatives [World Summit] '
        '[High Level Meeting]; to choose it, write 58: retain "World Summit"\n'
        '    58: add alternative "World Summit" to "High Level Meeting"\n'
        "    ^\n"
    )
