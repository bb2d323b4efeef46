"""`amendtool show` and `amendtool brackets`: exact output, exit codes and every error message."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import ROOT, WSIS, check_golden

from amendtool.cli import cli

GOLDEN = ROOT / "tests" / "golden" / "show"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_show_wsis_outline_golden():
    result = run("show", WSIS)
    assert result.exit_code == 0, result.output
    check_golden(GOLDEN / "wsis10_zero_draft.outline.txt", result.stdout)


def test_show_wsis_json_golden():
    result = run("show", "--json", WSIS)
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert len(data["paragraphs"]) == 58
    check_golden(GOLDEN / "wsis10_zero_draft.outline.json", result.stdout)


def test_brackets_wsis():
    result = run("brackets", WSIS)
    assert result.exit_code == 0
    assert result.stdout == "58 (197:357): World Summit | High Level Meeting\n1 bracket group\n"
    data = json.loads(run("brackets", "--json", WSIS).stdout)
    assert data == [
        {"ref": "58", "line": 197, "column": 357, "kind": "brackets", "alternatives": ["World Summit", "High Level Meeting"]}
    ]


def test_unbalanced_bracket_is_an_error_with_line_column_and_caret(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("1. We [note the report.\n2. We welcome it.\n", encoding="utf-8")
    result = run("show", draft)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"{draft}:1:7: unbalanced bracket: '[' is never closed; add the missing bracket, "
        "or run with --lenient to accept the text as published\n"
        "    1. We [note the report.\n"
        "          ^\n"
    )


def test_stray_closing_bracket_is_reported_where_it_stands(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("1. We note] the report.\n", encoding="utf-8")
    result = run("brackets", draft)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{draft}:1:11: unbalanced bracket: ']' closes no '['")


def test_lenient_downgrades_to_a_warning(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("1. We [note the report.\n2. We welcome it.\n", encoding="utf-8")
    result = run("show", "--lenient", draft)
    assert result.exit_code == 0
    assert result.stderr.startswith(f"{draft}:1:7: warning: unbalanced bracket: '[' is never closed")
    assert "2     We welcome it." in result.stdout


def test_missing_file(tmp_path):
    result = run("show", tmp_path / "nope.txt")
    assert result.exit_code == 1
    assert result.stderr == f"{tmp_path / 'nope.txt'}: no such file\n"


def test_not_utf8(tmp_path):
    draft = tmp_path / "latin1.txt"
    draft.write_bytes("1. Caf\u00e9 society.\n".encode("latin-1"))
    result = run("show", draft)
    assert result.exit_code == 1
    assert result.stderr == (
        f"{draft}:1:7: not valid UTF-8 (byte 0xe9); save the file as UTF-8 "
        "(in Word: Save As, Plain Text, Unicode (UTF-8))\n"
    )


def test_directory_is_not_a_draft(tmp_path):
    result = run("show", tmp_path)
    assert result.exit_code == 2  # click refuses a directory: usage error


def test_binary_file(tmp_path):
    draft = tmp_path / "image.txt"
    draft.write_bytes(b"\x00\x01\x02")
    result = run("show", draft)
    assert result.exit_code == 1
    assert result.stderr == f"{draft}: looks like a binary file, not a text draft\n"


def test_usage_error_exits_2():
    result = run("show")
    assert result.exit_code == 2
    assert "Missing argument 'DRAFT'" in result.stderr


def test_atomic_write_gives_a_normal_file_mode(tmp_path):
    import os

    from amendtool.fileio import write_atomic

    umask = os.umask(0o022)
    try:
        target = tmp_path / "out.txt"
        write_atomic(target, "x")
        assert target.stat().st_mode & 0o777 == 0o644
        os.chmod(target, 0o600)
        write_atomic(target, "y")
        assert target.stat().st_mode & 0o777 == 0o600 and target.read_text() == "y"
        assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    finally:
        os.umask(umask)


def test_long_lines_are_cut_around_the_column(tmp_path):
    draft = tmp_path / "long.txt"
    words = " ".join(f"word{n}" for n in range(60))
    draft.write_text(f"1. {words} [unclosed {words}\n", encoding="utf-8")
    result = run("show", draft)
    assert result.exit_code == 1
    headline, shown, caret = result.stderr.splitlines()
    assert headline.startswith(f"{draft}:1:")
    column = int(headline.split(":")[2])
    assert shown.startswith("    …") and shown.endswith("…") and len(shown) == 4 + 102
    assert shown[caret.index("^")] == "["
    assert column == len("1. " + words + " ") + 1
