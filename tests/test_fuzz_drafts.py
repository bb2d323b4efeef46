"""Fuzzing drafts: random text with brackets, labels, headings, furniture, every line ending, BOMs and
encodings, then carelessly edited, through every command that reads a draft.

For every input: the file reads (in any of the encodings we accept) or is refused with one of our
errors naming the file and the position; the tree renders back the input; ``compile`` with no
amendments is byte-identical to the input in every case; the other formats render; ``diff`` with a
carelessly edited copy runs; ``propose`` from that copy writes a file that ``check`` accepts against
the draft, and whose consolidation parses again. Examples hypothesis found failing stay below as
``@example``s.
"""

from __future__ import annotations

import pytest
from fuzzing import ENCODINGS, assert_positioned, drafts, examples, memory_bound, mutated, peak_memory, watchdog
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from amendtool.amend import check_amendments
from amendtool.compile import compile_drafts
from amendtool.consolidate import consolidate
from amendtool.diff import compare, propose
from amendtool.draft import load_draft, parse_draft
from amendtool.draft.outline import brackets_data, outline, outline_text
from amendtool.errors import AmendtoolError, DraftSyntaxError
from amendtool.render import render_compilation, render_diff

pytestmark = pytest.mark.slow

FUZZ = settings(max_examples=examples(120), deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


def _load(tmp_path, name: str, text: str, encoding: str):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding, errors="surrogatepass"))
    try:
        return load_draft(path, lenient=True), path
    except AmendtoolError as exc:
        assert_positioned(exc, {str(path)})
        return None, path


@FUZZ
@given(drafts(), ENCODINGS)
@example("1. " + "[" * 400 + "x" + "]" * 400 + "\n", "utf-8")
@example("\ufeff\ufeff1. Text.\n", "utf-8-sig")
@example("Title\r\r1. First.\r2. Second.\r", "utf-8")
@example("7. First.\n   OP5 Second.\n", "utf-8")
def test_any_draft_reads_and_compiles_byte_for_byte(tmp_path_factory, text, encoding):
    tmp_path = tmp_path_factory.mktemp("d")
    with watchdog():
        for name in ("draft.txt", "draft.md"):
            doc, path = _load(tmp_path, name, text, encoding)
            if doc is None:
                continue
            assert doc.render() == doc.source
            outline(doc), outline_text(doc), brackets_data(doc)
            try:
                load_draft(path)
            except DraftSyntaxError as exc:  # unbalanced: positioned, on the draft
                assert_positioned(exc, {str(path)})
                assert all(d.line >= 1 and d.column >= 1 for d in exc.diagnostics if d.line)
            compilation = compile_drafts(doc, ())
            original = path.read_bytes()
            if encoding.startswith("utf-8"):
                assert render_compilation(compilation, "txt") == original
            else:  # UTF-16 is read; what we write is UTF-8 (with a byte order mark where it had one)
                assert render_compilation(compilation, "txt") == b"\xef\xbb\xbf" * doc.bom + doc.source.encode()
            for fmt in ("html", "md", "json", "docx"):
                assert render_compilation(compilation, fmt)


@FUZZ
@given(st.data())
def test_diff_and_propose_with_an_edited_copy(tmp_path_factory, data):
    tmp_path = tmp_path_factory.mktemp("p")
    text = data.draw(drafts(), "draft")
    edited_text = text
    for _ in range(data.draw(st.integers(1, 4), "edits")):
        edited_text = data.draw(mutated(edited_text), "edit")
    with watchdog():
        doc = parse_draft(text, path="draft.txt", lenient=True)
        edited = parse_draft(edited_text, path="edited.txt", lenient=True)
        comparison = compare(doc, edited)
        for fmt in ("txt", "html", "json", "md"):
            render_diff(comparison, fmt)
        proposal = propose(doc, edited, "EU")
        amend = tmp_path / "eu.amend"
        amend.write_text(proposal.text, encoding="utf-8")
        result = check_amendments(doc, [amend])
        assert not result.errors, "propose wrote a file its own check rejects:\n" + proposal.text + "\n" + \
            "\n".join(d.format() for d in result.errors)
        try:
            consolidation = consolidate(doc, result.files, accept=["*"], lenient=True)
        except AmendtoolError as exc:
            assert_positioned(exc, {str(amend), "accept"})
            return
        again = parse_draft(consolidation.text, path="next.txt", lenient=True, bom=consolidation.bom)
        assert again.render() == consolidation.text


@settings(max_examples=examples(10), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(drafts())
def test_memory_stays_within_the_stated_bound(text):
    """Peak memory while reading, compiling and rendering: within ``memory_bound`` of the input size."""
    with watchdog(), peak_memory() as peak:
        doc = parse_draft(text, lenient=True)
        compilation = compile_drafts(doc, ())
        for fmt in ("txt", "html", "docx"):
            render_compilation(compilation, fmt)
    assert peak[0] <= memory_bound(len(text.encode("utf-8"))), f"peak {peak[0]:,} bytes for {len(text):,} characters"
