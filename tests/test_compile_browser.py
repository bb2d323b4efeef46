"""The HTML compilation in a real browser: headless Chromium prints it to PDF; the proposals' text is in
the PDF and the page logs nothing to the console. Skipped (with the reason) without chromium/pdftotext."""

from __future__ import annotations

from browser import console_errors, print_to_pdf, requires_browser
from click.testing import CliRunner
from conftest import DRAFTS, WSIS

from amendtool.cli import cli

SAMPLES = [str(DRAFTS / f"{n}.amend") for n in ("eu", "g77", "us", "jpn")]


def compile_html(tmp_path, *args):
    out = tmp_path / "compilation.html"
    result = CliRunner().invoke(cli, ["compile", str(WSIS), *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out


@requires_browser
def test_samples_print_to_pdf_with_every_proposal_and_no_console_errors(tmp_path):
    result = print_to_pdf(compile_html(tmp_path, *SAMPLES))
    assert result.errors == (), result.errors
    words = result.words
    for expected in [
        "nearly 10 per cent",
        "only about 10 per cent",
        "Alt 1 (EU, US, supported by JPN)",
        "Alt 2 (G77)",
        ", including persons with disabilities, (EU, JPN)",
        "Summit-level Meeting",
        "37 bis.",
        "We call on all stakeholders to support the IGF",
        "Delete paragraph",
        "Reserve pending consultations with capital.",
        "Paragraph 40 to be moved here (EU)",
        "Proposals per delegation",
        "Where the contention is",
    ]:
        assert expected in words, expected


@requires_browser
def test_script_in_amendment_text_is_shown_not_run(tmp_path):
    amend = tmp_path / "xss.amend"
    amend.write_text(
        'by: XSS\n12: replace "almost 10 per cent" with "<script>console.error(\'ran\')</script>"\n'
        '19: insert " <img src=x onerror=console.error(1)>" at end\n',
        encoding="utf-8",
    )
    result = print_to_pdf(compile_html(tmp_path, str(amend)))
    assert result.errors == (), result.errors
    assert "<script>console.error('ran')</script>" in result.words
    assert "<img src=x onerror=console.error(1)>" in result.words


@requires_browser
def test_the_helper_reports_console_errors(tmp_path):
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><title>t</title><p>Hello</p><script>undefinedFunction()</script>", encoding="utf-8")
    result = print_to_pdf(page)
    assert "Hello" in result.text
    assert any("Uncaught ReferenceError" in e for e in result.errors), result.log[-2000:]


def test_console_lines_are_parsed():
    log = ('[1:1:1128/1.2:INFO:CONSOLE:1] "boom", source: file:///x.html (1)\n'
           "[1:1:1128/1.2:ERROR:dbus/bus.cc:405] Failed to connect to the bus\n"
           '[1:1:1128/1.2:INFO:CONSOLE(7)] "Uncaught TypeError: x", source: file:///x.html (7)\n')
    assert console_errors(log) == ('"boom", source: file:///x.html (1)',
                                   '"Uncaught TypeError: x", source: file:///x.html (7)')
