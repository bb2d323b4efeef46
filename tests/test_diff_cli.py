"""`amendtool diff`: exact output, exit codes, golden files per format, atomic writes, HTML safety.

Golden files live in tests/golden/diff/ beside their inputs (wsis_rev1.txt and wsis_rev2.txt are
revisions of drafts/wsis10_zero_draft.txt made for these tests: a paragraph added (renumbering the
rest), one edited in words, one split, two merged, one deleted, one moved, one re-wrapped, a heading
retitled, a bracket closed and one opened). They are rewritten only with AMENDTOOL_REGEN=1.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, WSIS, check_golden

from amendtool.cli import cli

GOLDEN = Path(__file__).resolve().parent / "golden" / "diff"
REV1 = GOLDEN / "wsis_rev1.txt"
REV2 = GOLDEN / "wsis_rev2.txt"


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch):
    # Paths as the user names them (relative) appear in the outputs: run from the repository root.
    monkeypatch.chdir(ROOT)
    # the HTML's stamp is dated (issue 9): the golden files' day is 1 November 2015
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1446336000")


def run(*args):
    result = CliRunner().invoke(cli, ["diff", *args], catch_exceptions=False)
    return result


def rel(p: Path) -> str:
    return os.path.relpath(p, ROOT)


@pytest.mark.parametrize("fmt", ["txt", "md", "json", "html"])
def test_golden_two_drafts(fmt, tmp_path):
    out = tmp_path / f"zero_rev1.{fmt}"
    result = run(rel(WSIS), rel(REV1), "-o", str(out))
    assert result.exit_code == 0, result.stderr
    # it says what it wrote (issue 9, finding 9: diff used to print nothing)
    assert result.stdout == f"wrote {out}: comparison ({fmt}), 58 -> 58 paragraphs: 8 changed, 1 added, 1 deleted\n"
    check_golden(GOLDEN / f"zero_rev1.{fmt}", out.read_text(encoding="utf-8"))


@pytest.mark.parametrize("fmt", ["txt", "md", "json", "html"])
def test_golden_three_drafts(fmt):
    result = run(rel(WSIS), rel(REV1), rel(REV2), "--format", fmt)
    assert result.exit_code == 0, result.stderr
    check_golden(GOLDEN / f"zero_rev1_rev2.{fmt}", result.stdout)


def test_the_program_ends_at_once_with_everything_written(tmp_path):
    """``python -m amendtool diff`` ends the process at once after writing (``cli.run``): the file,
    the line saying so and a comparison on standard output are all there, the status is 0; a
    failure ends the usual way."""
    program = [sys.executable, "-m", "amendtool", "diff"]
    out = tmp_path / "d.json"
    done = subprocess.run([*program, rel(WSIS), rel(REV1), "-o", str(out)], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == f"wrote {out}: comparison (json), 58 -> 58 paragraphs: 8 changed, 1 added, 1 deleted\n"
    check_golden(GOLDEN / "zero_rev1.json", out.read_text(encoding="utf-8"))
    done = subprocess.run([*program, rel(WSIS), rel(REV1), rel(REV2), "--format", "md"], capture_output=True,
                          text=True, cwd=ROOT, check=False)
    assert done.returncode == 0
    check_golden(GOLDEN / "zero_rev1_rev2.md", done.stdout)
    done = subprocess.run([*program, rel(WSIS), str(tmp_path / "missing.txt")], capture_output=True, text=True,
                          cwd=ROOT, check=False)
    assert done.returncode == 1 and "no such file" in done.stderr


def test_stdout_is_txt_without_colour_when_not_a_terminal():
    result = run(rel(WSIS), rel(REV1))
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout
    assert result.stdout == (GOLDEN / "zero_rev1.txt").read_text(encoding="utf-8")


def test_colour_on_request():
    result = run(rel(WSIS), rel(REV1), "--color")
    assert "\x1b[32m{+meaningful+}\x1b[39m" in result.stdout
    assert "\x1b[31;9m{-ten years-}\x1b[39;29m" in result.stdout


def test_output_is_deterministic(tmp_path):
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    run(rel(WSIS), rel(REV1), "-o", str(a))
    run(rel(WSIS), rel(REV1), "-o", str(b))
    assert a.read_bytes() == b.read_bytes()


def test_exact_output_small_pair(tmp_path):
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text("1. We agree to hold a [World Summit] [High Level Meeting] in 202X.\n\n2. We note progress.\n", encoding="utf-8")
    new.write_text("1. We note progress.\n\n2. We agree to hold a High Level Meeting\nin 2025.\n", encoding="utf-8")
    result = run(str(old), str(new))
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "old.txt -> new.txt\n"
        "  old.txt: 2 paragraphs\n"
        "  new.txt: 2 paragraphs\n"
        "Paragraphs: 0 unchanged, 1 modified, 1 moved\n"
        "Brackets: 1 bracket group in old.txt, 0 in new.txt: 1 closed, 0 opened, 0 still open\n"
        "\n"
        "Changed paragraphs (2)\n"
        "\n"
        "2 -> 1 (moved, renumbered)\n"
        "  We note progress.\n"
        "\n"
        "1 -> 2 (modified, renumbered)  brackets: 1 closed, 0 opened\n"
        "  We agree to hold a {-[World Summit] [High Level Meeting]-}{+High Level Meeting+} in {-202X-}{+2025+}.\n"
        "\n"
        "Concordance (old.txt -> new.txt)\n"
        "  1 -> 2  (modified, renumbered)\n"
        "  2 -> 1  (moved, renumbered)\n"
    )


def test_json_schema_minimum():
    data = json.loads(run(rel(WSIS), rel(REV1), "--format", "json").stdout)
    assert set(data) >= {"pairs", "concordance", "brackets"}
    assert data["concordance"]["35"] == []
    assert data["concordance"]["12"] == ["13", "14"]
    assert data["concordance"]["40"] == ["43"]
    assert data["brackets"] == {"old": 1, "new": 1, "closed": 1, "opened": 1, "still_open": 0}
    deleted = [p for p in data["pairs"] if p["status"] == "deleted"]
    assert deleted[0]["old"] == "35" and deleted[0]["new"] is None
    added = [p for p in data["pairs"] if p["status"] == "added"]
    assert added[0]["old"] is None and added[0]["new"] == "6"
    assert all({"old", "new", "status", "changes"} <= set(p) for p in data["pairs"])


def test_three_drafts_history_in_json():
    data = json.loads(run(rel(WSIS), rel(REV1), rel(REV2), "--format", "json").stdout)
    assert len(data["steps"]) == 2
    row = next(r for r in data["history"] if r["refs"][0] == ["37"])
    assert row["bracket_groups"] == [0, 1, 0]
    assert row["brackets_closed_in"] == rel(REV2)
    assert row["changed_in"] == [rel(REV1), rel(REV2)]
    gone = next(r for r in data["history"] if r["refs"][0] == ["35"])
    assert gone["refs"] == [["35"], [], []] and gone["statuses"] == ["deleted", None]


# ---------------------------------------------------------------------------------------------------
# Errors and exit codes


def test_missing_file_exit_1_and_no_output(tmp_path):
    out = tmp_path / "out.html"
    result = run(rel(WSIS), "no/such/draft.txt", "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == "no/such/draft.txt: no such file\n"
    assert not out.exists()
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output_names_the_file(tmp_path):
    out = tmp_path / "no" / "such" / "dir" / "out.txt"
    result = run(rel(WSIS), rel(REV1), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr == f"{out}: cannot write: No such file or directory; nothing was written\n"


def test_chinese_is_compared_character_by_character(tmp_path):
    old = tmp_path / "zh1.txt"
    new = tmp_path / "zh2.txt"
    old.write_text("1. 我们同意这个案文。\n\n2. 第二段。\n", encoding="utf-8")
    new.write_text("1. 我们不同意这个案文。\n\n2. 第二段。\n", encoding="utf-8")
    result = run(str(old), str(new))
    assert result.exit_code == 0
    assert "1 -> 1 (modified)\n  我们{+不+}同意这个案文。\n" in result.stdout


def test_one_draft_is_usage_error():
    result = run(rel(WSIS))
    assert result.exit_code == 2
    assert "diff needs at least two drafts: OLD NEW [MORE...]" in result.stderr


def test_unknown_format_is_usage_error():
    result = run(rel(WSIS), rel(REV1), "--format", "xml")
    assert result.exit_code == 2


def test_unknown_extension_is_usage_error(tmp_path):
    result = run(rel(WSIS), rel(REV1), "-o", str(tmp_path / "out.pdf"))
    assert result.exit_code == 2
    assert "cannot tell the output format from the extension '.pdf'" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_unbalanced_brackets_only_warn(tmp_path):
    old = tmp_path / "old.txt"
    old.write_text("1. We agree [to this.\n\n2. Second paragraph here.\n", encoding="utf-8")
    new = tmp_path / "new.txt"
    new.write_text("1. We agree to this.\n\n2. Second paragraph here.\n", encoding="utf-8")
    result = run(str(old), str(new))
    assert result.exit_code == 0
    assert "warning:" in result.stderr
    assert "1 -> 1 (modified)" in result.stdout


def test_html_escapes_draft_text(tmp_path):
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text("1. We agree <b>to</b> this & that.\n", encoding="utf-8")
    new.write_text('1. We agree <script>alert("x")</script> to this & that.\n', encoding="utf-8")
    out = tmp_path / "d.html"
    assert run(str(old), str(new), "-o", str(out)).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "b&gt;to&lt;/b&gt;" in html


def test_help_text():
    result = CliRunner().invoke(cli, ["diff", "--help"])
    assert result.exit_code == 0
    assert "Compare OLD with NEW" in result.output


def test_txt_escapes_markers_inside_the_marks_only(tmp_path):
    old = tmp_path / "old.txt"
    new = tmp_path / "new.txt"
    old.write_text("1. We agree {+x+} to hold a meeting.\n", encoding="utf-8")
    new.write_text("1. We agree {+x+} to hold a {+meeting+} || \\ } on 1-}.\n", encoding="utf-8")
    result = run(str(old), str(new))
    assert result.exit_code == 0, result.output
    changed = result.stdout.split("Changed paragraphs (1)\n\n")[1].split("\n\n")[0]
    assert changed == (
        "1 -> 1 (modified)\n"
        "  We agree {+x+} to hold a {-meeting-}{+{\\+meeting+\\} |\\| \\\\ } on 1-\\}+}."
    )


# With copies for the word diffs (drafts of POOL_BYTES and more), the last draft is parsed by a copy while
# the command parses the others, and only its facts come back (``cli/diff.py`` ``_load``): the same output,
# the same warnings in the same order, the same errors.


@pytest.fixture
def copies_parse(monkeypatch):
    """Copies made for any drafts, on any machine; the drafts the copies were asked to parse."""
    from amendtool.diff.worddiff import DiffPool

    asked: list[list[str]] = []

    class Recorded(DiffPool):
        def map(self, func, items):
            if func.__name__.startswith("read_facts"):  # (not the words the alignment asks for)
                asked.append([func.__name__, *items])
            return super().map(func, items)

    monkeypatch.setattr("amendtool.cli.diff.DiffPool", Recorded)
    monkeypatch.setattr("amendtool.cli.app.cores", lambda: 2)
    return monkeypatch, asked


def _with_and_without_a_copy(copies_parse, *args):
    monkeypatch, asked = copies_parse
    alone = run(*args)
    assert asked == []  # the sample is smaller than POOL_BYTES: no copy
    monkeypatch.setattr("amendtool.cli.app.POOL_BYTES", 1)
    shared = run(*args)
    return alone, shared, asked


@pytest.mark.parametrize("fmt", ["txt", "md", "json", "html"])
def test_the_last_draft_parsed_by_a_copy_gives_the_same_comparison(copies_parse, fmt):
    for drafts in ([rel(WSIS), rel(REV1)], [rel(WSIS), rel(REV1), rel(REV2)]):
        alone, shared, asked = _with_and_without_a_copy(copies_parse, *drafts, "--format", fmt)
        # (the HTML's stamp is worked out from the drafts' sources: that one's comes back too)
        assert asked == [["read_facts_with_source" if fmt == "html" else "read_facts", drafts[-1]]]
        assert (alone.exit_code, shared.exit_code, shared.stderr) == (0, 0, "")
        assert shared.stdout == alone.stdout
        copies_parse[0].setattr("amendtool.cli.app.POOL_BYTES", 10**12)
        asked.clear()


def test_a_redline_parses_every_draft_here(copies_parse, tmp_path):
    # (the .docx is written from the parsed drafts: no facts asked for)
    alone, shared, asked = _with_and_without_a_copy(copies_parse, rel(WSIS), rel(REV1), "-o", str(tmp_path / "r.docx"))
    assert (alone.exit_code, shared.exit_code, asked) == (0, 0, [])


def test_warnings_of_a_draft_parsed_by_a_copy_come_in_order(copies_parse, tmp_path):
    old = tmp_path / "old.txt"
    old.write_text("1. We agree [to this.\n\n2. Second paragraph here.\n", encoding="utf-8")
    new = tmp_path / "new.txt"
    new.write_text("1. We agree to] this.\n\n2. Second paragraph here.\n", encoding="utf-8")
    alone, shared, asked = _with_and_without_a_copy(copies_parse, str(old), str(new))
    assert asked == [["read_facts", str(new)]]
    assert shared.exit_code == alone.exit_code == 0
    assert shared.stderr == alone.stderr
    assert [line.split(":")[0] for line in shared.stderr.splitlines() if "warning:" in line] == [str(old), str(new)]
    assert shared.stdout == alone.stdout


def test_a_draft_a_copy_cannot_read_is_reported_as_ever(copies_parse, tmp_path):
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"1. text\x00\x01\x02\n")
    alone, shared, asked = _with_and_without_a_copy(copies_parse, rel(WSIS), str(binary))
    assert asked == [["read_facts", str(binary)]]
    assert (alone.exit_code, alone.stderr) == (1, f"{binary}: looks like a binary file, not a text draft\n")
    assert (shared.exit_code, shared.stderr, shared.stdout) == (alone.exit_code, alone.stderr, "")
