"""Open an HTML file in a real browser: print it to PDF with headless Chromium, read the PDF's text.

Shared by the renderer tests (compile, diff). One Chromium run does both jobs: it prints the page to PDF
(``--print-to-pdf``) and, with ``--enable-logging=stderr --v=0``, writes every console message of the
page to standard error as ``[pid:tid:time:INFO:CONSOLE:line] "message", source: url (line)``. Uncaught
exceptions, failed loads and Content-Security-Policy violations all arrive there as console messages.
Our HTML outputs carry no scripts, so any console message at all is a defect; ``BrowserResult.errors``
holds them all (and any ``Uncaught`` line Chromium logs outside the console format).

Usage in a test::

    from browser import print_to_pdf, requires_browser

    @requires_browser
    def test_opens(tmp_path):
        result = print_to_pdf(tmp_path / "out.html")
        assert "nearly 10 per cent" in result.text
        assert result.errors == ()

Tests skip, with the reason, when ``chromium`` or ``pdftotext`` is not installed (``.ci/run`` installs
both: ``apt-get install chromium poppler-utils``).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome")

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-default-browser-check",
    "--no-pdf-header-footer",
    "--enable-logging=stderr",
    "--v=0",
)

TIMEOUT_SECONDS = 120

_CONSOLE = re.compile(r":CONSOLE(?:\(\d+\)|:\d+)\]\s*(.*)$")
_UNCAUGHT = re.compile(r"Uncaught\b")


def find_chromium() -> str | None:
    """Path of the Chromium executable, or None ($AMENDTOOL_CHROMIUM overrides the search)."""
    override = os.environ.get("AMENDTOOL_CHROMIUM")
    if override:
        return override if shutil.which(override) else None
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def find_pdftotext() -> str | None:
    return shutil.which("pdftotext")


def browser_missing_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can."""
    if find_chromium() is None:
        return "chromium not installed (apt-get install chromium; .ci/run installs it)"
    if find_pdftotext() is None:
        return "pdftotext not installed (apt-get install poppler-utils; .ci/run installs it)"
    return None


def requires_browser(test):
    """Decorator: marks the test ``browser`` (and ``slow``: a browser start takes seconds) and skips it,
    with the reason, when Chromium or pdftotext is missing."""
    skip = pytest.mark.skipif(browser_missing_reason() is not None, reason=browser_missing_reason() or "")
    return pytest.mark.slow(pytest.mark.browser(skip(test)))


@dataclass(frozen=True)
class BrowserResult:
    """What a headless Chromium run of one HTML file produced."""

    pdf: Path
    """The printed PDF."""
    text: str
    """The PDF's text (``pdftotext -layout`` is not used: words keep reading order)."""
    errors: tuple[str, ...]
    """Console messages and uncaught exceptions of the page; empty for a clean page."""
    log: str
    """Chromium's whole standard error, for a failing test's message."""

    @property
    def words(self) -> str:
        """``text`` with every whitespace run as one space (PDF text wraps lines anywhere)."""
        return " ".join(self.text.split())


def console_errors(log: str) -> tuple[str, ...]:
    """The page's console messages and uncaught exceptions found in a Chromium stderr log."""
    found = []
    for line in log.splitlines():
        match = _CONSOLE.search(line)
        if match:
            found.append(match.group(1).strip())
        elif _UNCAUGHT.search(line):
            found.append(line.strip())
    return tuple(found)


def print_to_pdf(html: str | os.PathLike, pdf: str | os.PathLike | None = None) -> BrowserResult:
    """Print ``html`` to PDF with headless Chromium; return the PDF's text and the page's console errors.

    Each run gets a fresh, throw-away profile directory. Raises ``RuntimeError`` (with Chromium's log)
    when Chromium fails or writes no PDF; call ``browser_missing_reason`` first, or use
    ``requires_browser``.
    """
    chromium = find_chromium()
    pdftotext = find_pdftotext()
    if chromium is None or pdftotext is None:
        raise RuntimeError(browser_missing_reason())
    html = Path(html).resolve()
    pdf = Path(pdf).resolve() if pdf is not None else html.with_suffix(".pdf")
    if pdf.exists():
        pdf.unlink()
    with tempfile.TemporaryDirectory(prefix="amendtool-chromium-") as profile:
        cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf}", html.as_uri()]
        proc = subprocess.run(
            cmd,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=TIMEOUT_SECONDS,
            env={**os.environ, "HOME": profile},
        )
    log = proc.stderr
    if proc.returncode != 0 or not pdf.exists() or pdf.stat().st_size == 0:
        raise RuntimeError(f"chromium failed (exit {proc.returncode}), no PDF written:\n{log[-4000:]}")
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True, timeout=TIMEOUT_SECONDS
    ).stdout.decode("utf-8", errors="replace")
    return BrowserResult(pdf=pdf, text=text, errors=console_errors(log), log=log)
