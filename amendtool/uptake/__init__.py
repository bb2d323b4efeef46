"""The uptake trace: what became of each delegation's proposals in the revision the facilitator
issued (``trace.uptake``), as data (``model.py``), and as a report (``report.render_uptake``: txt, json, csv,
html)."""

from amendtool.uptake.model import VERDICT_WORDS, VERDICTS, DelegationUptake, Trace, Uptake, Verdict
from amendtool.uptake.report import FORMATS, render_uptake
from amendtool.uptake.trace import uptake

__all__ = ["FORMATS", "VERDICTS", "VERDICT_WORDS", "DelegationUptake", "Trace", "Uptake", "Verdict", "render_uptake",
           "uptake"]
