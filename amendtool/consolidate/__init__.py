"""Consolidation: the next revision from accepted proposals, and its concordance."""

from amendtool.consolidate.concordance import concordance_bytes
from amendtool.consolidate.engine import Consolidation, consolidate, select_ids

__all__ = ["Consolidation", "concordance_bytes", "consolidate", "select_ids"]
