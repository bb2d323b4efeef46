"""What a delegate or a facilitator saw when trying amendtool as a user (the qa helper's findings),
each pinned by the command's exact output and exit status."""

from __future__ import annotations

from click.testing import CliRunner
from conftest import DRAFTS, WSIS

from amendtool.cli import cli
from amendtool.render.marks import printed_label

OPTIONS_DRAFT = (
    "Draft agreement\n\nArticle 8\n\n1. Parties shall cooperate:\n\n(a) On finance;\n\n(b) On capacity.\n\n"
    "2. [Option 1: A mechanism is established.]\n\n[Option 2: No text.]\n"
)


def run(*args: object):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_labels_are_printed_as_the_draft_prints_them(tmp_path):
    """A sub-item is "(a) On finance;", not "(a). On finance;", and an option block that names itself
    ("[Option 2: No text.]") is not preceded by a second "Option 2."."""
    draft = tmp_path / "d.txt"
    draft.write_text(OPTIONS_DRAFT, encoding="utf-8")
    amend = tmp_path / "aosis.amend"
    amend.write_text('by: AOSIS\n1(a): insert "climate " before "finance"\n', encoding="utf-8")
    html = run("compile", draft, amend, "--format", "html")
    assert html.exit_code == 0, html.output
    labels = [line for line in html.stdout.splitlines() if line.startswith("<p><span class=\"label\">")
              or line.startswith("<p>[")]
    assert labels == [
        '<p><span class="label">1.</span> Parties shall cooperate:</p>',
        '<p><span class="label">(a)</span> On <span class="change"><ins title="AOSIS-1: insert">climate</ins>'
        ' <span class="by">(AOSIS)</span></span> finance;</p>',
        '<p><span class="label">(b)</span> On capacity.</p>',
        '<p><span class="label">2.</span> [Option 1: A mechanism is established.]</p>',
        "<p>[Option 2: No text.]</p>",
    ]
    md = run("compile", draft, amend, "--format", "md")
    assert md.exit_code == 0, md.output
    body = md.stdout.split("## Summary")[0].split("\n\n")
    assert [p for p in body if p.startswith(("**1", "**(", "**2", "\\[Option"))] == [
        "**1.** Parties shall cooperate:",
        "**(a)** On **<ins>climate</ins>** *(AOSIS)* finance;",
        "**(b)** On capacity.",
        "**2.** \\[Option 1: A mechanism is established.\\]",
        "\\[Option 2: No text.\\]",
    ]


def test_printed_label():
    assert printed_label("12") == "12."
    assert printed_label("12 bis") == "12 bis."
    assert printed_label("Pp3") == "Pp3."
    assert printed_label("(a)") == "(a)"
    assert printed_label("(a) bis") == "(a) bis"
    assert printed_label("Option 2", "[Option 2: No text.]") == ""
    assert printed_label("Option 2", "No text") == "Option 2."  # a Markdown option: **Option 2:** is markup
    assert printed_label(None) == ""


def test_template_names_the_check_command_on_a_line_of_its_own(tmp_path):
    """The check command a delegate copies from the template is quoted for the shell, and the pointer
    to 'help amendments' is not glued to it."""
    draft = tmp_path / "my draft.txt"
    draft.write_bytes(WSIS.read_bytes())
    result = run("template", draft, "--by", "EU", "--date", "2015-10-19")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[5:8] == [
        "## the \"# \" off a line to use it, and change its words. Check the file before sending it with",
        f"## amendtool check '{draft}' FILE",
        "## Every operation, explained: amendtool help amendments",
    ]


def test_one_other_file_is_the_other_file(tmp_path):
    good = tmp_path / "eu.amend"
    good.write_text('by: EU\n12: delete "almost"\n', encoding="utf-8")
    bad = tmp_path / "us.amend"
    bad.write_text('by: US\n63: delete paragraph\n', encoding="utf-8")
    result = run("compile", WSIS, good, bad, "-o", tmp_path / "c.html")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == (
        f"nothing was written: {bad} has 1 error; the other file ({good}) applies: "
        "--skip-invalid compiles it without it")
    assert not (tmp_path / "c.html").exists()


def test_accept_naming_no_operation_says_the_nearest_ids(tmp_path):
    samples = [DRAFTS / f"{n}.amend" for n in ("eu", "g77", "jpn", "us")]
    out = tmp_path / "rev1.txt"
    said = []
    for pattern in ("EU-99", "eu1", "G77 3", "JPN-0", "RUS-*"):
        result = run("consolidate", WSIS, *samples, "--accept", pattern, "-o", out)
        assert (result.exit_code, result.stdout) == (2, "")
        said.append(result.stderr)
    assert said == [
        '--accept: "EU-99" names no operation; EU\'s operations are EU-1 to EU-8\n',
        '--accept: "eu1" names no operation; did you mean "EU-1"?\n',
        '--accept: "G77 3" names no operation; did you mean "G77-3"?\n',
        '--accept: "JPN-0" names no operation; JPN\'s operations are JPN-1 to JPN-8\n',
        '--accept: "RUS-*" names no operation; the operations are EU-1 ..., G77-1 ..., JPN-1 ..., US-1 ...\n',
    ]
    assert not out.exists()
