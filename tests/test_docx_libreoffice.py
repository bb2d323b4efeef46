"""LibreOffice opens every .docx amendtool writes and reads the authors of its tracked changes (the
redline of diff is checked in test_diff_docx.py)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import DRAFTS, WSIS
from libreoffice import accepted_paragraphs, change_authors, comment_authors, convert

from amendtool.cli import cli


@pytest.mark.slow
def test_libreoffice_reads_the_compilation_and_its_delegations(tmp_path):
    out = tmp_path / "compilation.docx"
    amendments = sorted(DRAFTS.glob("*.amend"))
    result = CliRunner().invoke(cli, ["compile", str(WSIS), *map(str, amendments), "-o", str(out)])
    assert result.exit_code == 0, result.output
    fodt = convert(out, "fodt", tmp_path / "lo")
    assert {"EU", "G77", "US"} <= set(change_authors(fodt))
    # who proposed what, without colour: a comment by each delegation on its proposals
    assert {"EU", "G77", "US", "JPN", "EU, US"} <= set(comment_authors(fodt))
    # Accept All leaves no note in the text
    accepted = accepted_paragraphs(fodt)
    assert not [p for p in accepted if "{" in p or "Alt 2" in p or "moved here" in p]
    assert any("nearly 10 per cent" in p for p in accepted)
    pdf = convert(out, "pdf", tmp_path / "lo")
    assert pdf.read_bytes().startswith(b"%PDF")
