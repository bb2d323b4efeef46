"""Renderers of a ``Comparison``: plain text (coloured on a terminal) and Markdown in ``text.py``, JSON
in ``json.py``, HTML in ``html.py``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from amendtool.errors import Diagnostic, SelectionError

if TYPE_CHECKING:
    from amendtool.diff.compare import Comparison

FORMATS = ("txt", "md", "json", "html")
"""Formats ``render`` writes."""
DEFAULT_AUTHOR = "Rev.1"
"""The author of a redline's tracked changes unless the command names another (``docx.py``)."""


def render(comparison: Comparison, fmt: str, *, color: bool = False, issued: str = "", fingerprint: str = "") -> str:
    """The comparison in one of ``FORMATS`` (``color``: ANSI colours in the plain text; ``issued`` and
    ``fingerprint``: the stamp of the printed HTML). Only the chosen renderer is imported (the HTML
    one brings the template engine)."""
    match fmt:
        case "txt":
            from amendtool.render.diff.text import render_text

            return render_text(comparison, color=color)
        case "md":
            from amendtool.render.diff.text import render_markdown

            return render_markdown(comparison)
        case "json":
            from amendtool.render.diff.json import render_json

            return render_json(comparison)
        case "html":
            from amendtool.render.diff.html import render_html

            return render_html(comparison, issued=issued, fingerprint=fingerprint)
    raise SelectionError(Diagnostic(f"no diff renderer for the format {fmt!r}", hint=f"formats: {', '.join(FORMATS)}"))


def render_utf8(comparison: Comparison, fmt: str, *, issued: str = "", fingerprint: str = "") -> bytes:
    """``render(comparison, fmt, ...)`` in UTF-8, as a file holds it (the JSON is encoded piece by
    piece: ``jsonout.dumps_utf8``)."""
    if fmt == "json":
        from amendtool.render.diff.json import render_json_utf8

        return render_json_utf8(comparison)
    return render(comparison, fmt, issued=issued, fingerprint=fingerprint).encode("utf-8")
