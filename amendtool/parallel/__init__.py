"""Language versions of one document side by side (``amendtool parallel``): ``versions.py`` aligns
them by structure and finds where they disagree, ``figures.py`` reads dates and numbers as each
language writes them, ``render.py`` writes the report as text, JSON and HTML."""

from amendtool.parallel.render import FORMATS, render
from amendtool.parallel.versions import Cell, Finding, Parallel, Row, Version, compare_versions

__all__ = ["FORMATS", "Cell", "Finding", "Parallel", "Row", "Version", "compare_versions", "render"]
