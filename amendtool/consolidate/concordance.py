"""The concordance table of a consolidation: old -> new references, with who is behind each paragraph.

Like the tables UN secretariats publish with a new revision: one row per paragraph of the new text in
its order (deleted paragraphs where they stood), as CSV or JSON (chosen by the file's extension).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from amendtool.consolidate.result import ConcordanceRow

COLUMNS = ("new", "old", "status", "open", "proposers", "operations", "left out")
"""CSV columns: new reference, old reference, status (unchanged, amended, bracketed, moved, new, deleted), open
(``yes`` when it shows proposals in brackets), proposers and operation ids (space-separated), and the
operations about the old paragraph that are left out, each with why (``US-3: superseded by G77-4,
which was accepted``, separated by ``; ``)."""


def concordance_rows(rows: Sequence[ConcordanceRow]) -> list[dict[str, object]]:
    """The rows as plain dicts (the JSON form)."""
    return [
        {
            "new": r.new or None,
            "old": r.old or None,
            "status": r.status,
            "open": r.open,
            "proposers": list(r.proposers),
            "operations": list(r.operations),
            "left_out": [{"id": o.id, "reason": o.reason, "by": list(o.by), "why": o.describe()} for o in r.left_out],
        }
        for r in rows
    ]


def concordance_csv(rows: Sequence[ConcordanceRow]) -> str:
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(COLUMNS)
    for r in rows:
        w.writerow([r.new, r.old, r.status, "yes" if r.open else "", " ".join(r.proposers), " ".join(r.operations),
                    "; ".join(f"{o.id}: {o.describe()}" for o in r.left_out)])
    return out.getvalue()


def concordance_json(rows: Sequence[ConcordanceRow]) -> str:
    return json.dumps({"concordance": concordance_rows(rows)}, ensure_ascii=False, indent=2) + "\n"


def concordance_bytes(rows: Sequence[ConcordanceRow], path: str) -> bytes:
    """The table for ``path``: JSON for ``.json``, else CSV."""
    text = concordance_json(rows) if str(path).lower().endswith(".json") else concordance_csv(rows)
    return text.encode("utf-8")
