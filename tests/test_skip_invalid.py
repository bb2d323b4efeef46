"""One broken amendment file (issue 9, finding 2): without --skip-invalid nothing is written and the
message says so and which files apply; with it the others are compiled, the compilation names the file
left out on its first page, and the exit status is 1; --only is not blocked by another delegation's
broken file; check ends with a summary line when files have errors."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner
from conftest import DRAFTS, WSIS

from amendtool.cli import cli

DRAFT = "wsis10_zero_draft.txt"
BAD = 'by: BAD\n35: delete para\n12: insert "x" at end\n510: delete paragraph\n'
ERRORS = (
    'bad.amend:2:12: expected the text to delete in quotes after "delete", found "para"; '
    "did you mean \"delete paragraph\"?\n"
    "    35: delete para\n"
    "               ^\n"
)


@pytest.fixture
def room(tmp_path, monkeypatch):
    shutil.copy(WSIS, tmp_path / "wsis10_zero_draft.txt")
    for name in ("eu", "us"):
        shutil.copy(DRAFTS / f"{name}.amend", tmp_path / f"{name}.amend")
    (tmp_path / "bad.amend").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args):
    return CliRunner().invoke(cli, list(args))


def test_a_broken_file_writes_nothing_and_says_so(room):
    result = run("compile", "wsis10_zero_draft.txt", "eu.amend", "us.amend", "bad.amend", "-o", "all.html")
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr.endswith(
        "nothing was written: bad.amend has 2 errors; the other 2 files (eu.amend, us.amend) apply: "
        "--skip-invalid compiles them without it\n")
    assert not (room / "all.html").exists()


def test_skip_invalid_compiles_the_others_and_names_the_file_on_the_first_page(room):
    result = run("compile", DRAFT, "eu.amend", "us.amend", "bad.amend", "--skip-invalid", "-o", "all.html")
    assert result.exit_code == 1  # the compilation is written, and it is incomplete
    assert result.stdout == "wrote all.html: compilation (html) of 2 amendment files, 11 proposals, without bad.amend\n"
    assert result.stderr.endswith("left out: bad.amend (BAD): 2 errors; the compilation names it on its first page\n")
    html = (room / "all.html").read_text(encoding="utf-8")
    header = html[: html.index("</header>")]
    assert "Incomplete: 1 amendment file was left out for its errors; its proposals are not shown." in header
    assert ("<li>bad.amend (BAD): 2 errors, the first at 2:12: expected the text to delete in quotes after "
            "&#34;delete&#34;, found &#34;para&#34;</li>") in header
    md = run("compile", "wsis10_zero_draft.txt", "eu.amend", "bad.amend", "--skip-invalid", "--format", "md")
    assert md.stdout.split("\n")[6:9] == [
        "**Incomplete: 1 amendment file was left out for its errors; its proposals are not shown.**", "",
        '- bad.amend (BAD): 2 errors, the first at 2:12: expected the text to delete in quotes after "delete", '
        'found "para"']
    data = json.loads(run("compile", DRAFT, "eu.amend", "bad.amend", "--skip-invalid", "--format", "json").stdout)
    assert data["skipped"] == [{"type": "skipped-file", "file": "bad.amend", "by": "BAD", "errors": 2,
                                "first": '2:12: expected the text to delete in quotes after "delete", found "para"'}]


def test_skip_invalid_text_starts_with_the_notice(room):
    result = run("compile", "wsis10_zero_draft.txt", "eu.amend", "bad.amend", "--skip-invalid")
    assert result.stdout.startswith(
        "Incomplete: 1 amendment file was left out for its errors; its proposals are not shown.\n"
        '  bad.amend (BAD): 2 errors, the first at 2:12: expected the text to delete in quotes after "delete", '
        'found "para"\n\n')


def test_only_is_not_blocked_by_another_delegations_broken_file(room):
    result = run("compile", DRAFT, "eu.amend", "us.amend", "bad.amend", "--only", "EU", "-o", "eu.html")
    assert result.exit_code == 0
    assert result.stdout == "wrote eu.html: compilation (html) of 2 amendment files, 7 proposals\n"
    assert result.stderr == ("left out: bad.amend (BAD): 2 errors, and --only EU does not show BAD\n"
                             "left out: US-1 to US-6: not shown (--only EU)\n")
    # the broken file's own delegation is not spared
    result = run("compile", "wsis10_zero_draft.txt", "eu.amend", "bad.amend", "--only", "BAD", "-o", "bad.html")
    assert result.exit_code == 1 and "nothing was written: bad.amend has 2 errors" in result.stderr


def test_check_ends_with_a_summary_line_when_files_have_errors(room):
    result = run("check", "wsis10_zero_draft.txt", "eu.amend", "bad.amend", "us.amend")
    assert result.exit_code == 1
    assert result.stderr.endswith("3 files: bad.amend has 2 errors; eu.amend, us.amend apply\n")
    assert result.stderr.startswith(ERRORS)
