"""A delegate with only the tool can start (issue 9, finding 3): `amendtool --help` points at `help
amendments` (the whole file format, an example of every operation) and at `template`, which writes a
starter file for a draft whose examples, taken out of their comments, apply to that draft."""

from __future__ import annotations

import datetime
import re

import pytest
from click.testing import CliRunner
from conftest import CORPUS, WSIS, corpus_files

from amendtool.amend import check_amendment_texts
from amendtool.amend.template import template
from amendtool.cli import cli
from amendtool.cli.help import AMENDMENTS
from amendtool.compile import compile_drafts
from amendtool.draft import load_draft

VERBS = ("replace", "delete", "insert", "add paragraph", "add alternative", "move", "bracket", "retain",
         "remove brackets", "comment", "support", "replace paragraph", "delete paragraph")


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args], prog_name="amendtool")


def test_the_main_help_points_at_the_format_and_the_template():
    result = run("--help")
    assert "'amendtool help amendments' explains the format" in " ".join(result.stdout.split())
    assert "'amendtool template DRAFT --by EU -o eu.amend' starts a file" in " ".join(result.stdout.split())


def test_help_amendments_shows_every_operation_and_header():
    result = run("help", "amendments")
    assert (result.exit_code, result.stdout) == (0, AMENDMENTS)
    for header in ("by:", "name:", "draft:", "date:"):
        assert f"    {header} " in AMENDMENTS
    for verb in VERBS:
        assert re.search(rf"^    [\w .()]+: {verb}\b", AMENDMENTS, re.M), verb
    assert "the quoted text is the NEW paragraph" in AMENDMENTS  # 'add paragraph after "TEXT"' is no anchor


def test_the_examples_of_help_amendments_apply_to_the_sample_draft():
    doc = load_draft(WSIS)
    body = AMENDMENTS[AMENDMENTS.index("OPERATIONS"): AMENDMENTS.index("IDS")]
    lines = [re.sub(r"\s{3,}\S.*$", "", line[4:]) if line[4] != " " else line[4:] for line in body.splitlines()
             if re.match(r"^    \d[\w ]*: ", line) or re.match(r"^        \S", line)]
    text = "by: EU\n" + "\n".join(lines) + "\n"
    result = check_amendment_texts(doc, [("help.amend", text)])
    assert result.errors == (), [d.headline() for d in result.errors]
    assert result.operation_count == 22  # with "3: add item (a)"; the range and heading lines are checked below


def test_help_of_a_command_and_of_nothing_known():
    assert run("help", "compile").stdout == run("compile", "--help").stdout
    result = run("help", "amendmnets")
    assert result.exit_code == 2
    assert "Error: Invalid value for TOPIC: no help on 'amendmnets'; there is help on amendments, " in result.stderr


def _uncommented(text: str) -> str:
    return re.sub(r"(?m)^# ", "", text)


def test_template_header_and_examples_on_the_drafts_own_paragraphs(tmp_path):
    out = tmp_path / "eu.amend"
    result = run("template", WSIS, "--by", "EU", "-o", out)
    assert (result.exit_code, result.stdout) == (0, f"wrote {out}: starter amendment file of EU for {WSIS}\n")
    text = out.read_text(encoding="utf-8")
    today = datetime.date.today().isoformat()
    assert ("\nby: EU\nname: European Union and its member States\n"
            "draft: United Nations General Assembly’s Overall Review of the Implementation of WSIS Outcomes, "
            f"Zero Draft\ndate: {today}\n") in text
    assert '\n# 1: replace "the Tunis Agenda" with "new words"\n' in text
    assert "\n# 58: retain \"World Summit\"\n" in text
    examples = [line[2:] for line in text.splitlines() if line.startswith("# ")]
    for verb in VERBS:
        assert any(re.match(rf"^[\w .()¶]+: {verb}\b", e) for e in examples), verb
    doc = load_draft(WSIS)
    result = check_amendment_texts(doc, [("eu.amend", _uncommented(text))])
    assert [d.message for d in result.diagnostics] == [
        "support of G77-3 cannot be checked: no amendment file from G77 was given"]
    assert result.operation_count == 15
    compile_drafts(doc, result.files)  # and they compile


def test_template_to_standard_output_with_a_date_and_a_name():
    result = run("template", WSIS, "--by", "G77", "--date", "2015-10-20", "--name", "Group of 77")
    assert result.exit_code == 0
    assert "\nby: G77\nname: Group of 77\n" in result.stdout and "\ndate: 2015-10-20\n" in result.stdout
    assert "\n# 1: support EU-3\n" in result.stdout  # never its own operations
    unknown = run("template", WSIS, "--by", "XYZ", "--date", "2015-10-20")
    assert "\n## name: the delegation's full name\n" in unknown.stdout


def test_template_usage_errors(tmp_path):
    assert "is not a delegation code" in run("template", WSIS, "--by", "E U").stderr
    assert "'2015-13-01' is not a date such as 2015-10-19" in run("template", WSIS, "--by", "EU", "--date",
                                                                  "2015-13-01").stderr
    result = run("template", WSIS, "--by", "EU", "-o", tmp_path / "eu.html")
    assert result.exit_code == 2
    assert result.stderr.endswith(f"Error: Invalid value for -o: {tmp_path / 'eu.html'} would hold an amendment "
                                  "file (plain text) under the extension of HTML; name it .amend or .txt\n")


@pytest.mark.corpus
@pytest.mark.parametrize("name", corpus_files() or ["(corpus absent)"])
def test_template_examples_apply_to_every_corpus_draft(name):
    if name == "(corpus absent)":
        pytest.skip("corpus absent")
    doc = load_draft(CORPUS / name, lenient=True)
    result = check_amendment_texts(doc, [("eu.amend", _uncommented(template(doc, "EU", "2015-10-19")))])
    assert result.errors == (), [d.headline() for d in result.errors]
    assert result.operation_count >= 12


def test_the_structure_examples_of_help_amendments_apply_to_the_sample_draft():
    """The lines on several paragraphs, sections and headings apply to the WSIS draft too (the option
    lines name a draft with options, and the range of brackets one with brackets across paragraphs)."""
    doc = load_draft(WSIS)
    body = AMENDMENTS[AMENDMENTS.index("Several paragraphs"): AMENDMENTS.index("Option blocks")]
    lines = [re.sub(r"\s{3,}\S.*$", "", line[4:]) for line in body.splitlines()[1:]
             if line.strip() and "remove brackets" not in line]
    result = check_amendment_texts(doc, [("help.amend", "by: EU\n" + "\n".join(lines) + "\n")])
    assert result.errors == (), [d.headline() for d in result.errors]
    assert result.operation_count == 8
