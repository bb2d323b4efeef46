"""Renderers of the compilation text, one module per format, all reading a ``Compilation``.

``render(compilation, fmt)`` returns the bytes of the output file; ``format_for_path`` picks the format
from an output file's extension. A renderer never touches the file system: the command writes the
bytes atomically.
"""

from __future__ import annotations

from amendtool.compile import Compilation, paused_gc
from amendtool.errors import SelectionError, make_diagnostic

FORMATS = ("html", "docx", "txt", "md", "json")
"""Formats ``render`` writes."""

EXTENSIONS = {".html": "html", ".htm": "html", ".txt": "txt", ".text": "txt", ".md": "md",
              ".markdown": "md", ".json": "json", ".docx": "docx"}


def format_for_path(path: str) -> str | None:
    """The format an output file's extension asks for, or None when the extension says nothing."""
    name = path.lower()
    for ext, fmt in EXTENSIONS.items():
        if name.endswith(ext):
            return fmt
    return None


def render(compilation: Compilation, fmt: str) -> bytes:
    """The compilation as a file of format ``fmt`` (``html``, ``docx``, ``txt``, ``md`` or ``json``)."""
    with paused_gc():
        return _render(compilation, fmt)


def _render(compilation: Compilation, fmt: str) -> bytes:
    # each format's module is imported when it is asked for: a command writes one format (the Word
    # writer and jinja2 are not loaded to write text)
    match fmt:
        case "txt":
            from amendtool.render.compilation.txt import render_txt
            return render_txt(compilation)
        case "md":
            from amendtool.render.compilation.md import render_md
            return render_md(compilation).encode("utf-8")
        case "json":
            from amendtool.render.compilation.json import render_json
            return render_json(compilation).encode("utf-8")
        case "html":
            from amendtool.render.compilation.html import render_html
            return render_html(compilation).encode("utf-8")
        case "docx":
            from amendtool.render.compilation.docx import render_docx
            return render_docx(compilation)
    raise SelectionError(make_diagnostic(
        f"unknown output format {fmt!r} (formats: {', '.join(FORMATS)})", path="format"))
