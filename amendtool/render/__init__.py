"""Renderers: the compilation (txt, md, json, html, docx) and the comparison (txt, md, json, html),
sharing their marks (attributions, escapes) and the jinja2 templates.

The names below are imported when first used, so that a command imports only its own renderer
(``amendtool diff`` never needs the compilation's)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from amendtool.render.compilation import FORMATS as COMPILATION_FORMATS
    from amendtool.render.compilation import render as render_compilation
    from amendtool.render.diff import FORMATS as DIFF_FORMATS
    from amendtool.render.diff import render as render_diff

__all__ = ["COMPILATION_FORMATS", "DIFF_FORMATS", "REVISION_AUTHOR", "render_compilation", "render_diff"]

REVISION_AUTHOR = "Facilitator"
"""Who made the changes that are no delegation's (renumbering) in a tracked revision: ``consolidate
--author``'s default, here so that the command names it without importing the Word writer."""

_LAZY = {
    "COMPILATION_FORMATS": ("amendtool.render.compilation", "FORMATS"),
    "render_compilation": ("amendtool.render.compilation", "render"),
    "DIFF_FORMATS": ("amendtool.render.diff", "FORMATS"),
    "render_diff": ("amendtool.render.diff", "render"),
}


def __getattr__(name: str) -> object:
    try:
        module, attr = _LAZY[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attr)
    globals()[name] = value
    return value
