"""LibreOffice opens every .docx amendtool writes and reads the authors of its tracked changes (the
redline of diff is checked in test_diff_docx.py)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from conftest import DRAFTS, WSIS
from libreoffice import change_authors, convert

from amendtool.cli import cli


@pytest.mark.slow
def test_libreoffice_reads_the_compilation_and_its_delegations(tmp_path):
    out = tmp_path / "compilation.docx"
    amendments = sorted(DRAFTS.glob("*.amend"))
    result = CliRunner().invoke(cli, ["compile", str(WSIS), *map(str, amendments), "-o", str(out)])
    assert result.exit_code == 0, result.output
    authors = change_authors(convert(out, "fodt", tmp_path / "lo"))
    assert {"EU", "G77", "US"} <= set(authors)
