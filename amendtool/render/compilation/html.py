"""The compilation as one self-contained, print-ready HTML page (jinja2, autoescaped).

The template ``compilation.html`` and its stylesheet ``compilation.css`` (inlined into the page) load
from the ``amendtool.templates`` package (``templates/`` in the repository, mapped by pyproject) and,
when running from a checkout that is not installed, from the repository's ``templates/`` directory.
The page has no scripts and no external resources; a Content-Security-Policy forbids both.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import jinja2
from markupsafe import Markup

from amendtool.compile import (
    Block,
    Change,
    Compilation,
    CompiledHeading,
    CompiledParagraph,
    Kept,
    MovedHere,
    NewParagraph,
)
from amendtool.draft import languages
from amendtool.render.marks import (
    alt_label,
    attribution,
    changed_only_notice,
    css_string,
    edges,
    mark_words,
    printed_label,
    shows_text,
    skipped_notice,
    stamp,
    text_attributes,
    title_attr,
    tokens,
)
from amendtool.render.templating import environment as base_environment

TEMPLATE = "compilation.html"


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = base_environment()
    env.globals.update(
        attribution=attribution,
        edges=edges,
        tokens=tokens,
        alt_label=alt_label,
        mark_words=mark_words,
        shows_text=shows_text,
        title_attr=title_attr,
        printed_label=printed_label,
        is_heading=lambda b: isinstance(b, CompiledHeading),
        is_paragraph=lambda b: isinstance(b, CompiledParagraph),
        is_new=lambda b: isinstance(b, NewParagraph),
        is_moved=lambda b: isinstance(b, MovedHere),
        is_kept=lambda s: isinstance(s, Kept),
        is_change=lambda s: isinstance(s, Change),
        anchor=anchor,
    )
    return env


def anchor(ref: str) -> str:
    """An HTML id for a paragraph reference (``12 bis`` -> ``p-12-bis``)."""
    return "p-" + "".join(ch if ch.isalnum() else "-" for ch in ref)


def render_html(c: Compilation) -> str:
    s = c.summary
    top = s.max_contention or 1
    chart = [(p, round(100 * p.contention / top)) for p in s.paragraphs]
    skipped = skipped_notice(c)
    language = languages.draft_language(c.document)
    return environment().get_template(TEMPLATE).render(
        c=c, s=s, chart=chart, skipped=skipped, compact=changed_only_notice(c), units=keep_with_next(c.blocks),
        stamp=stamp(c), page_stamp=Markup(css_string(stamp(c))), text_lang=text_attributes(language))



def keep_with_next(blocks: Sequence[Block]) -> list[list[Block]]:
    """The blocks in printing units: each run of headings with the block after it (printed on one
    page, so that no heading is left alone at the foot of a page), every other block on its own."""
    units: list[list[Block]] = []
    headings: list[Block] = []
    for b in blocks:
        if isinstance(b, CompiledHeading):
            headings.append(b)
            continue
        units.append(headings + [b])
        headings = []
    if headings:
        units.append(headings)
    return units
