"""A parsed draft is freed as soon as it is dropped: no reference cycle holds its tree (which would
keep it, a million objects for a large draft, until a collection of the oldest generation)."""

from __future__ import annotations

import gc

from conftest import WSIS

from amendtool.draft.model import Document, Line, Paragraph, Section
from amendtool.draft.parser import parse_draft


def test_no_reference_cycle_holds_the_tree():
    text = WSIS.read_text(encoding="utf-8") + "\n[unbalanced\n"
    enabled = gc.isenabled()
    gc.disable()
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds is kept in gc.garbage, to be looked at
    try:
        gc.garbage.clear()
        doc = parse_draft(text, lenient=True)
        assert doc.warnings and len(doc.paragraphs) > 50
        del doc
        gc.collect()
        held = [type(o).__name__ for o in gc.garbage if isinstance(o, Document | Section | Paragraph | Line)]
        assert held == []
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if enabled:
            gc.enable()
