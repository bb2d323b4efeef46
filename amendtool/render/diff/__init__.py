"""Renderers of a ``Comparison``: plain text (coloured on a terminal), Markdown and JSON in ``text.py``,
HTML in ``html.py``."""

from __future__ import annotations

from amendtool.diff.compare import Comparison
from amendtool.errors import Diagnostic, SelectionError
from amendtool.render.diff.html import render_html
from amendtool.render.diff.text import render_json, render_markdown, render_text

FORMATS = ("txt", "md", "json", "html")
"""Formats ``render`` writes."""


def render(comparison: Comparison, fmt: str, *, color: bool = False, issued: str = "", fingerprint: str = "") -> str:
    """The comparison in one of ``FORMATS`` (``color``: ANSI colours in the plain text; ``issued`` and
    ``fingerprint``: the stamp of the printed HTML)."""
    match fmt:
        case "txt":
            return render_text(comparison, color=color)
        case "md":
            return render_markdown(comparison)
        case "json":
            return render_json(comparison)
        case "html":
            return render_html(comparison, issued=issued, fingerprint=fingerprint)
    raise SelectionError(Diagnostic(f"no diff renderer for the format {fmt!r}", hint=f"formats: {', '.join(FORMATS)}"))
