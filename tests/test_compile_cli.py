"""`amendtool compile` on the command line: formats, options, exit codes, nothing written on error."""

from __future__ import annotations

import json

from click.testing import CliRunner
from conftest import DRAFTS, WSIS
from hypothesis import given, settings
from hypothesis import strategies as st

from amendtool.cli import cli

SAMPLES = [str(DRAFTS / f"{n}.amend") for n in ("eu", "g77", "us", "jpn")]


def run(*args):
    return CliRunner().invoke(cli, ["compile", *map(str, args)])


def test_writes_html_by_extension(tmp_path):
    out = tmp_path / "compilation.html"
    result = run(WSIS, *SAMPLES, "-o", out)
    assert result.exit_code == 0, result.output
    # it says what it wrote (issue 9, finding 9: compile used to print nothing)
    assert result.stdout == f"wrote {out}: compilation (html) of 4 amendment files, 22 proposals\n"
    assert result.stderr == ""
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "<ins" in html and "<del" in html


def test_stdout_is_txt_without_output():
    result = run(WSIS)
    assert result.exit_code == 0
    assert result.stdout_bytes == WSIS.read_bytes()


def test_format_option_names_the_format_of_a_file_without_a_known_extension(tmp_path):
    out = tmp_path / "compilation.out"
    result = run(WSIS, *SAMPLES, "-o", out, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["format"] == "amendtool-compilation"


def test_format_option_to_stdout():
    result = run(WSIS, SAMPLES[0], "--format", "md")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Compilation: ")


def test_anonymous_and_only_options(tmp_path):
    anon = run(WSIS, *SAMPLES, "--anonymous")
    assert anon.exit_code == 0
    assert "(EU" not in anon.stdout and "Alt 1: " in anon.stdout
    only = run(WSIS, *SAMPLES, "--only", "G77")
    assert only.exit_code == 0
    assert "(G77)" in only.stdout and "(EU" not in only.stdout and "(US" not in only.stdout


def test_only_naming_a_delegation_without_a_file_is_a_usage_error():
    result = run(WSIS, *SAMPLES, "--only", "EU,FRA")
    assert result.exit_code == 2
    assert "Invalid value for --only: FRA sent no amendment file (delegations: EU, G77, US, JPN)" in result.output


def test_unknown_extension_is_a_usage_error(tmp_path):
    result = run(WSIS, *SAMPLES, "-o", tmp_path / "out.odt")
    assert result.exit_code == 2
    assert ("Invalid value for -o: cannot tell the output format from the extension '.odt'; "
            "use .html, .docx, .txt, .md, .json, or give --format") in result.output
    assert not (tmp_path / "out.odt").exists()


def test_extension_contradicting_the_format_is_a_usage_error(tmp_path):
    result = run(WSIS, *SAMPLES, "-o", tmp_path / "out.html", "--format", "txt")
    assert result.exit_code == 2
    assert ("Invalid value for -o: the extension '.html' says html but --format says txt; "
            "name the file .txt or drop --format") in result.output
    assert not (tmp_path / "out.html").exists()


def test_docx_by_extension(tmp_path):
    result = run(WSIS, *SAMPLES, "-o", tmp_path / "out.docx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.docx").read_bytes()[:2] == b"PK"


def test_a_bad_file_aborts_and_writes_nothing(tmp_path):
    bad = tmp_path / "bad.amend"
    bad.write_text('by: FRA\n12: replace "almost 11 per cent" with "x"\n63: delete paragraph\n', encoding="utf-8")
    out = tmp_path / "out.html"
    result = run(WSIS, SAMPLES[0], bad, "-o", out)
    assert result.exit_code == 1
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]  # no temporary file left behind either
    lines = result.stderr.splitlines()
    assert lines[0] == (f'{bad}:2:13: "almost 11 per cent" not found in paragraph 12; closest: "almost 10 per cent"')
    assert any(line.startswith(f"{bad}:3:1: ") and '"63"' in line for line in lines)


def test_a_bad_file_leaves_an_existing_output_untouched(tmp_path):
    out = tmp_path / "out.txt"
    out.write_bytes(b"previous compilation\n")
    bad = tmp_path / "bad.amend"
    bad.write_text("12: delete paragraph\n", encoding="utf-8")  # no by:
    result = run(WSIS, bad, "-o", out)
    assert result.exit_code == 1
    assert out.read_bytes() == b"previous compilation\n"
    assert "by:" in result.stderr


def test_missing_draft(tmp_path):
    result = run(tmp_path / "nope.txt", "-o", tmp_path / "out.txt")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{tmp_path / 'nope.txt'}: no such file")


def test_warnings_are_shown_but_do_not_fail(tmp_path):
    other = tmp_path / "other.amend"
    other.write_text("by: FRA\ndraft: paris-2015\n12: delete \"almost\"\n", encoding="utf-8")
    out = tmp_path / "out.txt"
    result = run(WSIS, other, "-o", out)
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr
    assert "{-almost-} (FRA)" in out.read_text(encoding="utf-8")


def test_help_lists_compile():
    result = CliRunner().invoke(cli, ["--help"])
    assert "compile" in result.output


# -- txt escapes its own notation inside the marks ----------------------------------------------------


def test_txt_escapes_markers_inside_a_new_paragraph(tmp_path):
    amend = tmp_path / "rus.amend"
    amend.write_text('by: RUS\n1: add paragraph before "Noting <script>alert(1)</script> {+ injected +} and {-x-}"\n',
                     encoding="utf-8")
    result = run(WSIS, amend)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if "RUS" in line]
    assert lines == ["  0. {+Noting <script>alert(1)</script> {\\+ injected +\\} and {\\-x-\\}+} (RUS)"]


def test_txt_escapes_inside_proposals_and_alternatives_but_not_draft_text(tmp_path):
    draft = tmp_path / "d.txt"
    draft.write_text("1. We note a || b and c {+d+}.\n\n2. Other \\ text.\n", encoding="utf-8")
    eu = tmp_path / "eu.amend"
    eu.write_text('by: EU\n1: replace "a || b" with "{x}"\n2: insert " a\\\\b {{y}}" at end\n', encoding="utf-8")
    g77 = tmp_path / "g77.amend"
    g77.write_text('by: G77\n1: delete "a || b and"\n2: replace paragraph with "P {+q+}"\n', encoding="utf-8")
    result = run(draft, eu, g77)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "1. We note {{Alt 1 (EU): {-a |\\| b-}{+{x}+} and || Alt 2 (G77): {-a |\\| b and-}}} c {+d+}.\n"
        "\n"
        "2. Other \\ text. {+a\\\\b {\\{y}\\}+} (EU)\n"
        "    >> Replace paragraph with {+P {\\+q+\\}+} (G77)\n"
    )


def _read_marked(text: str, opener: str, closer: str) -> str:
    """What a reader takes from ``opener ... closer``: a backslash takes the next character as it is,
    and the first unescaped ``closer`` ends the text."""
    assert text.startswith(opener) and text.endswith(closer)
    out, k, body = [], 0, text[len(opener):]
    while k < len(body):
        if body[k] == "\\":
            out.append(body[k + 1])
            k += 2
        elif body.startswith(closer, k):
            assert k == len(body) - len(closer), f"ends early in {text!r}"
            return "".join(out)
        else:
            out.append(body[k])
            k += 1
    raise AssertionError(f"never closed: {text!r}")




@given(st.text(alphabet="{}+-|\\ a", min_size=1, max_size=12), st.sampled_from("+-"))
def test_txt_marks_read_back_exactly(text, mark):
    from amendtool.render.compilation.txt import marked

    assert _read_marked(marked(text, mark), "{" + mark, mark + "}") == text


def _escape_marked_by_character(parts):
    """``marks.escape_marked`` as it was first written: every character of the text looked at."""
    from amendtool.render.marks import MARKERS

    parts = [(text, notation) for text, notation in parts if text]
    out, before = [], ""
    for k, (text, notation) in enumerate(parts):
        if notation:
            out.append(text)
            before = text[-1]
            continue
        after = parts[k + 1][0][0] if k + 1 < len(parts) and parts[k + 1][1] else ""
        for i, ch in enumerate(text):
            escape = ch == "\\" or before + ch in MARKERS or (i == len(text) - 1 and ch + after in MARKERS)
            out.append("\\" + ch if escape else ch)
            before = "" if escape else ch
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.text(alphabet="{}+-|\\ ab[]", max_size=8), st.booleans()), max_size=8))
def test_escape_marked_looks_at_the_special_characters_only(parts):
    """Only the characters of the markers and the backslash are looked at: the same text, whether
    ``escape_marked`` joins the parts as they stand (no text part needs an escape: most) or escapes
    them part by part (``_escape_each``)."""
    from amendtool.render.marks import _escape_each, escape_marked

    expected = _escape_marked_by_character(parts)
    assert escape_marked(parts) == expected
    assert _escape_each(parts) == expected


def test_the_programs_that_end_at_once_write_everything_and_keep_their_status(tmp_path):
    """``python -m amendtool`` compile, consolidate and propose end the process at once after writing
    (``cli.leave_to_exit``): what they write and print is what the same command gives in tests, and
    a compilation that left out a file still ends with status 1 and says so."""
    import subprocess
    import sys

    def program(*args):
        return subprocess.run([sys.executable, "-m", "amendtool", *map(str, args)], capture_output=True,
                              check=False)

    bad = tmp_path / "bad.amend"
    bad.write_text('by: FRA\n12: replace "almost 11 per cent" with "x"\n', encoding="utf-8")
    done, inside = program("compile", WSIS, *SAMPLES, bad, "--skip-invalid"), run(WSIS, *SAMPLES, bad, "--skip-invalid")
    assert (done.returncode, inside.exit_code) == (1, 1)
    assert done.stdout == inside.stdout_bytes and len(done.stdout) > 1000
    assert done.stderr.decode() == inside.stderr
    eu = tmp_path / "eu.amend"
    done = program("consolidate", WSIS, SAMPLES[0], "--accept", "EU-1", "-o", tmp_path / "next.txt", "-q")
    inside = CliRunner().invoke(cli, ["consolidate", str(WSIS), SAMPLES[0], "--accept", "EU-1", "-q",
                                      "-o", str(tmp_path / "inside.txt")])
    assert (done.returncode, inside.exit_code) == (0, 0)
    assert (tmp_path / "next.txt").read_bytes() == (tmp_path / "inside.txt").read_bytes()
    done = program("propose", "--by", "EU", WSIS, tmp_path / "next.txt", "-o", eu)
    assert (done.returncode, done.stderr) == (0, b"")
    assert done.stdout.decode().startswith(f"wrote {eu}: ") and eu.read_text(encoding="utf-8").startswith("by: EU")
