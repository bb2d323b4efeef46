"""Loading the jinja2 templates of the HTML renderers.

Templates live in ``templates/`` in the repository, shipped as the package ``amendtool.templates``
(mapped by pyproject). Code running from a checkout reads its own ``templates/`` (an editable install
of another checkout in the same environment must not lend it its templates); an installed wheel reads
the package.
Every environment autoescapes: draft and amendment text is data.
"""

from __future__ import annotations

import importlib.resources
from pathlib import Path

import jinja2

REPO_TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
IN_CHECKOUT = (REPO_TEMPLATES.parent / "pyproject.toml").is_file() and REPO_TEMPLATES.is_dir()


def template_source(name: str) -> str:
    """A template's text: from the checkout's ``templates/`` directory when the code runs from a
    checkout, else from the installed ``amendtool.templates`` package."""
    if IN_CHECKOUT and (REPO_TEMPLATES / name).is_file():
        return (REPO_TEMPLATES / name).read_text(encoding="utf-8")
    try:
        resource = importlib.resources.files("amendtool.templates").joinpath(name)
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    return (REPO_TEMPLATES / name).read_text(encoding="utf-8")


def environment() -> jinja2.Environment:
    """A new autoescaping environment over the templates (strict about undefined names)."""
    return jinja2.Environment(
        loader=jinja2.FunctionLoader(template_source),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
