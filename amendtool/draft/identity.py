"""A draft's name as its publisher gives it, for the ``draft:`` header of amendment files: its
document symbol (``A/70/L.33``, ``FCCC/ADP/2015/L.6/Rev.1``, ``ADP.2015.11.InformalNote``), else its
title with the version line under it (``..., Zero Draft``), else the file's name. And the loose match
of a ``draft:`` header with a draft, by the words and numbers of its name, title or file name."""

from __future__ import annotations

import re
from pathlib import PurePath

from amendtool.draft.model import Document
from amendtool.draft.patterns import LazyPattern

_SYMBOL = LazyPattern(r"(?<![\w/])(?:[A-Z]{1,8}/){1,}(?:[A-Za-z0-9.()\-]+/)*[A-Za-z0-9.()\-]*\d[A-Za-z0-9.()\-]*"
                     r"(?![\w/])|(?<![\w.])[A-Z]{2,8}(?:\.\d+)+\.[A-Za-z]\w*(?![\w.])")
"""A United Nations document symbol: ``A/70/L.33``, ``FCCC/CP/2015/L.9/Rev.1``, ``ADP.2015.11.InformalNote``."""
_VERSION = LazyPattern(r"^(?:zero draft|(?:revised |final |first |second |third )?draft(?: [a-z ]{0,40})?|"
                      r"rev(?:ision|\.)? ?\d+|non-paper|advance unedited version|version of .{1,40})$", re.I)
"""A line of the title block naming the version: ``Zero Draft``, ``Rev.1``, ``Non-paper``."""
_FILLER = {"draft", "the", "of", "text", "v", "version", "and", "on", "for", "to", "in", "s"}


def draft_name(doc: Document) -> str:
    """The name to write in an amendment file's ``draft:`` header for ``doc``."""
    lines = [" ".join(line.render().split()) for line in doc.title.lines]
    for line in lines:
        if line.startswith("#"):  # a source note (the corpus's first lines), not the document
            continue
        m = _SYMBOL.search(line)
        if m and not line.lower().startswith(("http", "[")):
            return m.group(0)
    title = " ".join(doc.title.title.split())
    version = next((line for line in lines if line != title and _VERSION.match(line)), "")
    if title:
        return f"{title}, {version}" if version and version.lower() not in title.lower() else title
    return PurePath(doc.path).stem


def _tokens(name: str) -> set[str]:
    return {t for t in re.findall(r"[a-z]+|\d+", name.lower()) if t not in _FILLER}


def names_draft(header: str, doc: Document) -> bool:
    """Whether a ``draft:`` header loosely names ``doc``: its words and numbers are those of the
    draft's file name, its name (``draft_name``) or its title, or take them all in (``wsis10-zero``
    names ``wsis10_zero_draft.txt``; the title written by ``propose`` names the draft whatever the
    file is called; ``rev1`` does not name the zero draft)."""
    mine = _tokens(header)
    if not mine:
        return True
    for name in (PurePath(doc.path).stem, draft_name(doc), doc.title.title):
        theirs = _tokens(name)
        if theirs and (mine <= theirs or theirs <= mine):
            return True
    return False
