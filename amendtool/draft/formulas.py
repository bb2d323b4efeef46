"""The formulas that frame a resolution or treaty: the chapeau that opens the preamble ("The General
Assembly,") and the closing formula between preamble and operative part ("Have agreed as follows:").

The parser keeps them standing alone (never joined to a paragraph), and references do not count them
when numbering unnumbered preambular and operative paragraphs (Pp1 ..., OP1 ...).
"""

from __future__ import annotations

import re

CHAPEAU = re.compile(r"^\s*\[?\s*The [A-Z][^.;:\[\]]{0,90},\s*$")
"""``The General Assembly,``, ``The Conference of the Parties,``: a line of its own, ending in a comma."""

CLOSING = re.compile(r"^\s*(?:Have agreed|Hereby agree|Agree|Have decided)(?: as follows)?\s*:\s*$", re.I)
"""``Have agreed as follows:``: the formula between preamble and operative part."""


def is_chapeau(text: str) -> bool:
    """Whether a line or paragraph text is the chapeau of a preamble."""
    return CHAPEAU.match(text) is not None


def is_closing(text: str) -> bool:
    """Whether a line or paragraph text is the closing formula of a preamble."""
    return CLOSING.match(text) is not None
