"""The comparison of two drafts as a Word redline, like Word's Compare: Accept All gives NEW.

NEW in NEW's order with every difference from OLD a tracked change by one author (``Rev.1`` unless
the command names another) at one fixed date, written by ``render/redline.py`` (word diffs, changed
labels, added and deleted paragraphs whole, moves as ``w:moveFrom``/``w:moveTo``, splits and merges as
tracked paragraph marks). Nothing else is in the body (Accept All must give NEW's text): what was
compared and by whom stands in the footer, with the page numbers.
"""

from __future__ import annotations

from pathlib import PurePath

from amendtool.diff.compare import StepComparison
from amendtool.docx.writer import (
    FIXED_DATE,
    Body,
    Fmt,
    Parts,
    document,
    footer_part,
    mark_right_to_left,
    settings_part,
    styles_part,
)
from amendtool.draft import languages
from amendtool.draft.model import Document
from amendtool.render.diff import DEFAULT_AUTHOR
from amendtool.render.redline import Authors, Look, Redline


def render_redline(old: Document, new: Document, step: StepComparison, *, author: str = DEFAULT_AUTHOR,
                   date: str = FIXED_DATE) -> bytes:
    """NEW as a Word document whose tracked changes (by ``author``) turn OLD into it."""
    body = Body()
    pairs = [d.pair for d in step.paragraphs]
    Redline(body, old, new, pairs, step.headings, Look(old, new), Authors(author), date).write()
    if languages.direction(languages.draft_language(new)) == "rtl":
        mark_right_to_left(body.element)
    body.section(footer=True)
    names = f"{PurePath(old.path).name} \u2192 {PurePath(new.path).name}"
    footer = footer_part([f"{names}: changes tracked as {author} \u2014 page ", ("PAGE",), " of ", ("NUMPAGES",)],
                         Fmt(size=18))
    return Parts(document(body), styles_part(), settings_part(track_changes=True), footer=footer,
                 title=f"Changes from {names}").write()
