"""Consolidation: the next revision from accepted proposals, and its concordance.

``revision.consolidate`` wires the jobs, one module each: ``selection`` (the ids ``accept`` names),
``decisions`` (what each place of the draft becomes), ``writer`` (the base source edited, new
paragraphs in their neighbours' layout), ``numbering`` (the label of each paragraph), ``result`` (what
it returns) and ``concordance`` (the old -> new table as CSV or JSON)."""

from amendtool.consolidate.concordance import concordance_bytes
from amendtool.consolidate.result import ConcordanceRow, Consolidation, OpenProposal
from amendtool.consolidate.revision import consolidate
from amendtool.consolidate.selection import select_ids

__all__ = ["ConcordanceRow", "Consolidation", "OpenProposal", "concordance_bytes", "consolidate", "select_ids"]
