"""Fuzzing amendment files: generated from the grammar (every operation, anchors taken from the
draft's own paragraphs, continuation lines, comments, occurrences), then mutated (characters,
quotes, digits, control characters, doubled lines), through check, compile and consolidate.

For every input: ``check`` never raises and positions every diagnostic in the file; a file that
checks clean compiles to every format; consolidation, accepting everything or a part, bracketing or
dropping the rest, renumbered or not, either succeeds or names the conflicting operations, and what
it writes always parses again (with the same paragraphs the result reports). Examples hypothesis
found failing stay below as ``@example``s.
"""

from __future__ import annotations

import pytest
from conftest import WSIS
from fuzzing import amendment_files, assert_positioned, examples, watchdog
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from amendtool.amend import check_amendments
from amendtool.compile import compile_drafts
from amendtool.consolidate import concordance_bytes, consolidate
from amendtool.draft import load_draft, parse_draft
from amendtool.errors import AmendtoolError
from amendtool.render import render_compilation

pytestmark = pytest.mark.slow

BRACKETED = parse_draft(
    """DRAFT DECISION

A. PREAMBLE

Pp1 Recalling its resolution [70/1] of [25 September 2015],

Pp2 [Noting with concern][Deeply concerned] that [[global] emissions] continue to rise,

B. OPERATIVE PART

1. Decides that Parties [shall][should][other] communicate [a nationally determined contribution]
[every five years] / [every ten years];
(a) [Option 1: The contribution shall be [quantified]];
(b) [Option 2: No text];
2. Requests the secretariat to prepare a report by 202X, including {placeholder};
2 bis. [Invites Parties to submit their views by [X date].]
3. Urges developed country Parties to provide [USD 100 billion] [by 2020 and beyond] “in support” – as
appropriate.
""",
    path="bracketed.txt",
)
DRAFTS = {"wsis": load_draft(WSIS), "bracketed": BRACKETED}

FUZZ = settings(max_examples=examples(80), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@FUZZ
@given(st.data())
def test_generated_and_mutated_amendment_files(tmp_path_factory, data):
    tmp_path = tmp_path_factory.mktemp("a")
    doc = DRAFTS[data.draw(st.sampled_from(sorted(DRAFTS)), "draft")]
    paths = []
    codes = data.draw(st.lists(st.sampled_from(["EU", "G77", "US"]), min_size=1, max_size=3, unique=True), "codes")
    for code in codes:
        path = tmp_path / f"{code.lower()}.amend"
        text = data.draw(amendment_files(doc, code, tuple(c for c in codes if c != code)), code)
        path.write_bytes(text.encode("utf-8", errors="surrogatepass"))
        paths.append(path)
    names = {str(p) for p in paths}
    with watchdog():
        result = check_amendments(doc, paths)
        for d in result.diagnostics:
            assert d.path in names and d.message, d
            # at a column of a line, or about a whole line (column 0: "no operations in this file" at the
            # first line), or about the file (line 0)
            assert d.line >= 1 and d.column >= 0 or d.line == 0 and d.column == 0, d
            d.format()
        if result.errors:
            event("check found errors")
            return
        event("checked clean")
        files = result.files
        compilation = compile_drafts(doc, files)
        for fmt in ("txt", "html", "md", "json", "docx"):
            assert render_compilation(compilation, fmt)
        ids = [op.id for f in files for op in f.operations]
        accept = data.draw(st.sampled_from([["*"], ["*"], ids[: len(ids) // 2] or ["*"], [f"{files[0].by}-*"]]),
                           "accept")
        rest = data.draw(st.sampled_from(["bracket", "drop"]), "rest")
        renumber = data.draw(st.booleans(), "renumber")
        try:
            consolidation = consolidate(doc, files, accept=accept, rest=rest, renumber=renumber,
                                        lenient=bool(doc.warnings))
        except AmendtoolError as exc:  # accepted proposals that overlap: named, positioned in their files
            assert_positioned(exc, names | {"accept"})
            event("consolidation refused")
            return
        event("consolidated")
        again = parse_draft(consolidation.text, path=doc.path, fmt=doc.format, bom=consolidation.bom,
                            lenient=bool(doc.warnings))
        assert again.render() == consolidation.text
        assert len(again.paragraphs) == len(consolidation.document.paragraphs)
        concordance_bytes(consolidation.concordance, "c.csv")
        concordance_bytes(consolidation.concordance, "c.json")
