"""Parser cases as files: ``NAME.txt`` / ``NAME.md`` beside ``NAME.expected`` (outline, then bracket
groups). Adding a case is adding files; ``AMENDTOOL_REGEN=1`` writes the expected file on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import check_golden

from amendtool.draft.outline import brackets_text, outline_text
from amendtool.draft.parser import load_draft

FIXTURES = Path(__file__).parent / "fixtures" / "parse"
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_parse_fixture(case):
    doc = load_draft(case, lenient=True)
    assert doc.render() == case.read_text(encoding="utf-8")
    texts = "".join(f"{p.ref}\t{p.text}\n" for p in doc.paragraphs)
    actual = outline_text(doc) + "\n" + brackets_text(doc) + "\n" + texts
    check_golden(case.with_suffix(".expected"), actual)
