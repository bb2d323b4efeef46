"""The compilation in the room (issue 9): printed, no heading is stranded at the foot of a page and
every page says which compilation it belongs to and its number (finding 7); contention counts comments
and reservations and its chart is labelled (finding 8); --changed-only keeps only what is discussed,
under its headings; the date and the inputs' fingerprint identify a copy."""

from __future__ import annotations

import re

from browser import print_to_pdf, requires_browser
from click.testing import CliRunner
from conftest import DRAFTS, WSIS

from amendtool.amend import load_amendments
from amendtool.cli import cli
from amendtool.compile import CompiledHeading, CompiledParagraph, NewParagraph, compile_drafts
from amendtool.draft import load_draft

SAMPLES = [str(DRAFTS / f"{n}.amend") for n in ("eu", "g77", "us", "jpn")]


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def pages_of(pdf_text: str) -> list[list[str]]:
    """Each page's non-empty lines."""
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in pdf_text.split("\f")]


def stranded(pages: list[list[str]], headings: list[str], stamp: str) -> list[tuple[int, str]]:
    """(page, heading) for each page whose last line of text, above the page's stamp and number, is a
    heading."""
    out = []
    for k, lines in enumerate(pages, 1):
        body = [line for line in lines if not line.startswith(stamp) and not re.fullmatch(r"Page \d+ of \d+", line)]
        if body and body[-1] in headings:
            out.append((k, body[-1]))
    return out


def _headings(doc_path=WSIS):
    doc = load_draft(doc_path)
    c = compile_drafts(doc, load_amendments(doc, SAMPLES))
    return [f"{b.number} {b.title}" if b.number else b.title for b in c.blocks if isinstance(b, CompiledHeading)]


@requires_browser
def test_no_heading_is_stranded_at_a_page_foot_and_every_page_is_numbered_and_stamped(tmp_path):
    out = tmp_path / "c.html"
    assert run("compile", WSIS, *SAMPLES, "--date", "2015-10-21", "-o", out).exit_code == 0
    result = print_to_pdf(out)
    pages = [p for p in pages_of(result.text) if p]
    stamp = "Compilation of wsis10_zero_draft.txt, 21 October 2015, inputs "
    # (it was: page 6 ended with the heading "1.3 Financial Mechanisms", its paragraphs on page 7)
    assert stranded(pages, _headings(), "Compilation of") == []
    for k, lines in enumerate(pages, 1):
        assert f"Page {k} of {len(pages)}" in lines
        assert any(line.startswith(stamp) for line in lines), (k, lines[-3:])
    assert result.errors == ()


@requires_browser
def test_changed_only_prints_without_a_stranded_heading(tmp_path):
    out = tmp_path / "c.html"
    assert run("compile", WSIS, *SAMPLES, "--changed-only", "-o", out).exit_code == 0
    result = print_to_pdf(out)
    assert stranded([p for p in pages_of(result.text) if p], _headings(), "Compilation of") == []
    assert "Only the 15 of 58 paragraphs with proposals, comments or bracket groups are shown" in result.words


def test_changed_only_keeps_the_paragraphs_discussed_under_their_headings():
    doc = load_draft(WSIS)
    files = load_amendments(doc, SAMPLES)
    full, compact = compile_drafts(doc, files), compile_drafts(doc, files, changed_only=True)
    assert compact.changed_only and compact.summary == full.summary
    kept = [b for b in full.blocks if not isinstance(b, CompiledParagraph)
            or b.proposal_count or b.comments or b.brackets]
    paragraphs = [b for b in compact.blocks if not isinstance(b, CompiledHeading)]
    assert paragraphs == [b for b in kept if not isinstance(b, CompiledHeading)]
    assert [b.ref for b in paragraphs][:6] == ["0", "7", "9", "12", "19", "22"]
    assert any(isinstance(b, NewParagraph) for b in paragraphs)
    # every heading kept has something under it before the next heading of its level or above
    refs = [b.ref if isinstance(b, CompiledHeading) else None for b in compact.blocks]
    assert refs.count("1.1") == 1 and "1.4" not in refs  # 1.4 has no proposals
    for k, b in enumerate(compact.blocks):
        if isinstance(b, CompiledHeading):
            rest = compact.blocks[k + 1 :]
            nxt = next((x for x in rest if not isinstance(x, CompiledHeading) or x.level <= b.level), None)
            assert nxt is not None and not isinstance(nxt, CompiledHeading), b.ref


def test_changed_only_on_the_command_line():
    result = run("compile", WSIS, *SAMPLES, "--changed-only", "--format", "md", "--date", "2015-10-21")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[4] == "*Compilation of wsis10\\_zero\\_draft.txt, 21 October 2015, inputs ca0301dd.*"
    assert lines[6] == ("*Only the 15 of 58 paragraphs with proposals, comments or bracket groups are shown, under "
                        "their headings; the others are as in the draft.*")
    assert "**1.**" not in result.stdout and "**12.**" in result.stdout and "## 1.1 Bridging" in result.stdout


def test_the_fingerprint_names_the_inputs():
    doc = load_draft(WSIS)
    files = load_amendments(doc, SAMPLES)
    assert compile_drafts(doc, files).fingerprint == "ca0301dd"
    assert compile_drafts(doc, files[:3]).fingerprint != "ca0301dd"
    assert compile_drafts(doc, files, anonymous=True).fingerprint == "ca0301dd"


def test_contention_counts_reservations_and_comments():
    """Finding 8: paragraph 22, which the EU reserves ("Reserve pending consultations"), scored 0."""
    doc = load_draft(WSIS)
    c = compile_drafts(doc, load_amendments(doc, SAMPLES))
    rows = {p.ref: p for p in c.summary.paragraphs}
    assert (rows["22"].proposals, rows["22"].comments, rows["22"].contention) == (0, 1, 1)
    assert rows["39"].contention == 1


def test_the_contention_chart_is_labelled(tmp_path):
    out = tmp_path / "c.html"
    assert run("compile", WSIS, *SAMPLES, "-o", out).exit_code == 0
    html = out.read_text(encoding="utf-8")
    assert ("<p class=\"note\">Contention = proposals + bracket groups + comments and reservations, per paragraph.\n"
            "Each bar below is one paragraph, in reading order, as tall as its contention (the tallest: 3);\n"
            "<span class=\"key\"></span> a paragraph of the draft, <span class=\"key new\"></span> a proposed new "
            "paragraph.</p>") in html
    assert '<div class="axis" aria-hidden="true"><span>0</span><span>30</span><span>58</span></div>' in html
    assert '<th scope="row"><a href="#p-22">22</a></th><td>0</td><td>0</td><td>0</td><td>1</td>' in html
