"""`amendtool akn`: outputs (one .xml, a .zip, a folder, standard output), --validate, usage errors and
input errors with their exact messages and exit codes."""

from __future__ import annotations

import zipfile

from click.testing import CliRunner
from conftest import DRAFTS, WSIS

from amendtool.cli import cli

AMENDMENTS = [DRAFTS / f"{name}.amend" for name in ("eu", "g77", "jpn", "us")]
NAMES = ["wsis10_zero_draft.xml", "eu.xml", "g77.xml", "jpn.xml", "us.xml"]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_draft_alone_to_xml(tmp_path):
    out = tmp_path / "wsis.xml"
    result = run("akn", WSIS, "-o", out)
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == (f"wrote {out}: 1 Akoma Ntoso document\n", "")
    assert out.read_bytes().startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<akomaNtoso')


def test_draft_alone_to_standard_output():
    result = run("akn", WSIS)
    assert result.exit_code == 0
    assert result.stdout.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert result.stderr == ""


def test_draft_and_amendments_to_a_zip_deterministically(tmp_path):
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    assert run("akn", WSIS, *AMENDMENTS, "-o", first).exit_code == 0
    result = run("akn", WSIS, *AMENDMENTS, "-o", second)
    assert result.exit_code == 0
    assert (result.stdout, result.stderr) == (f"wrote {second}: 5 Akoma Ntoso documents\n", "")
    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(first) as archive:
        assert archive.namelist() == NAMES
        assert b"<amendment " in archive.read("eu.xml")


def test_draft_and_amendments_to_a_folder(tmp_path):
    folder = tmp_path / "akn"
    result = run("akn", WSIS, *AMENDMENTS, "-o", folder)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == sorted(NAMES)
    validated = run("akn", "--validate", *(folder / n for n in NAMES))
    assert validated.exit_code == 0, validated.output
    assert validated.stdout == "".join(f"{folder / n}: valid Akoma Ntoso 3.0\n" for n in NAMES)


def test_a_draft_and_an_amendment_file_with_one_name(tmp_path):
    amend = tmp_path / "wsis10_zero_draft.amend"
    amend.write_text("by: EU\n12: delete paragraph\n", encoding="utf-8")
    out = tmp_path / "out.zip"
    assert run("akn", WSIS, amend, "-o", out).exit_code == 0
    with zipfile.ZipFile(out) as archive:
        assert archive.namelist() == ["wsis10_zero_draft.xml", "wsis10_zero_draft-2.xml"]


def test_validate_reports_schema_errors_with_their_line(tmp_path):
    good = tmp_path / "good.xml"
    assert run("akn", WSIS, "-o", good).exit_code == 0
    bad = tmp_path / "bad.xml"
    text = good.read_text(encoding="utf-8")
    bad.write_text(text.replace('          <FRBRcountry value="un"/>\n', ""), encoding="utf-8")
    line = text.split("\n").index('          <FRBRsubtype value="deliberation"/>')  # one line up once removed
    result = run("akn", "--validate", good, bad)
    assert result.exit_code == 1
    assert result.stdout == f"{good}: valid Akoma Ntoso 3.0\n"
    assert result.stderr.startswith(
        f"{bad}:{line}: Element 'FRBRsubtype': This element is not expected. "
        "Expected is one of ( FRBRauthor, componentInfo, preservation, FRBRcountry ).\n"
        '              <FRBRsubtype value="deliberation"/>\n'
    )


def test_validate_refuses_what_is_not_xml(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text("not xml", encoding="utf-8")
    result = run("akn", "--validate", path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:1:1: not well-formed XML: Start tag expected")


def test_usage_errors_exit_2(tmp_path):
    result = run("akn", WSIS, AMENDMENTS[0], "-o", tmp_path / "out.xml")
    assert result.exit_code == 2
    assert "holds one document, and the draft with amendment files is several: use a .zip or a folder" in result.output
    result = run("akn", WSIS, AMENDMENTS[0])
    assert result.exit_code == 2
    assert "with amendment files there are several documents: give -o OUT.zip or -o FOLDER" in result.output
    result = run("akn", "--validate", WSIS, "-o", tmp_path / "x.xml")
    assert result.exit_code == 2
    assert "--validate checks files and writes nothing: leave out -o" in result.output
    result = run("akn", WSIS, "--date", "19 October 2015")
    assert result.exit_code == 2
    assert "'19 October 2015' is not a date such as 2015-10-19" in result.output
    assert run("akn").exit_code == 2
    assert not (tmp_path / "out.xml").exists()


def test_date_option(tmp_path):
    result = run("akn", WSIS, "--date", "2015-10-09")
    assert result.exit_code == 0
    assert '<FRBRdate date="2015-10-09" name="draft"/>' in result.stdout


def test_amendment_file_with_an_error_writes_nothing(tmp_path):
    bad = tmp_path / "bad.amend"
    bad.write_text('by: EU\n63: delete "x"\n', encoding="utf-8")
    out = tmp_path / "out.zip"
    result = run("akn", WSIS, bad, "-o", out)
    assert result.exit_code == 1
    assert result.stderr.startswith(f'{bad}:2:1: paragraph "63" does not exist (the draft has 1-58)')
    assert not out.exists()


def test_draft_with_an_unbalanced_bracket(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text("Title\n\n1. We [decide.\n", encoding="utf-8")
    result = run("akn", draft)
    assert result.exit_code == 1
    assert "unbalanced bracket: '[' is never closed" in result.stderr
    lenient = run("akn", draft, "--lenient")
    assert lenient.exit_code == 0
    assert '<span class="bracket-open">[decide.</span>' in lenient.stdout
