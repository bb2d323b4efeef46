"""Renderers: the compilation (txt, md, json, html, docx) and the comparison (txt, md, json, html),
sharing their marks (attributions, escapes) and the jinja2 templates."""

from amendtool.render.compilation import FORMATS as COMPILATION_FORMATS
from amendtool.render.compilation import render as render_compilation
from amendtool.render.diff import FORMATS as DIFF_FORMATS
from amendtool.render.diff import render as render_diff

__all__ = ["COMPILATION_FORMATS", "DIFF_FORMATS", "render_compilation", "render_diff"]
