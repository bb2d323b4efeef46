"""The formulas that frame a resolution or treaty: the chapeau that opens the preamble ("The General
Assembly,") and the closing formula between preamble and operative part ("Have agreed as follows:"), in
the six UN languages.

The parser keeps them standing alone (never joined to a paragraph), and references do not count them
when numbering unnumbered preambular and operative paragraphs (Pp1 ..., OP1 ...).
"""

from __future__ import annotations

import re

from amendtool.draft.patterns import LazyPattern

_LATIN_CHAPEAU = (
    r"The [A-Z][^.;:\[\]]{0,90}"
    r"|(?:Les?|La|L[’'])\s?[A-ZÉ][^.;:\[\]]{0,90}"
    r"|(?:Las?|Los|El)\s[A-ZÁÉÍÓÚ][^.;:\[\]]{0,90}"
)
_CHINESE_BODIES = ("缔约方", "大会", "理事会", "会议", "委员会")
CHAPEAU = LazyPattern(
    rf"^\s*\[?\s*(?:{_LATIN_CHAPEAU}"
    r"|(?:Стороны|Генеральная Ассамблея|Совет Безопасности|Конференция Сторон|Совет)[^.;:\[\]]{0,90}"
    r"|(?:إن\s+)[^.;:\[\]]{1,90}"
    r")[,،]\s*$"
    rf"|^\s*[^。；：，\s]{{0,30}}(?:{'|'.join(_CHINESE_BODIES)})[，,]\s*$"
)
"""The line that opens a preamble: ``The General Assembly,``, ``Les Parties au présent Accord,``,
``Las Partes en el presente Acuerdo,``, ``Стороны настоящего Соглашения,``, ``本协定缔约方，``,
``إن الأطراف في هذا الاتفاق،``."""
_LATIN_CHAPEAU_LINE = LazyPattern(rf"^\s*\[?\s*(?:{_LATIN_CHAPEAU})[,،]\s*$")
"""``CHAPEAU`` in English, French and Spanish alone, which costs half as much to compile: what it
matches where a Latin letter starts the line and no Chinese body is named."""

_LATIN_CLOSING = (
    r"(?:Have agreed|Hereby agree|Agree|Have decided)(?: as follows)?\s*:"
    r"|(?:Sont convenu(?:e)?s|Conviennent|Sont convenus) de ce qui suit[\s\u202f\u00a0]*:"
    r"|(?:Han convenido|Convienen) en lo siguiente\s*:"
)
CLOSING = LazyPattern(
    rf"^\s*(?:{_LATIN_CLOSING}"
    r"|[Дд]оговорились о (?:нижеследующем|следующем)\s*:"
    r"|兹(?:协议|议定|商定)如下\s*[：:]"
    r"|(?:قد\s+)?اتفقت على ما يلي\s*[:：]"
    r")\s*$",
    re.I,
)
"""The formula between preamble and operative part, in the six languages."""
_LATIN_CLOSING_LINE = LazyPattern(rf"^\s*(?:{_LATIN_CLOSING})\s*$", re.I)
"""``CLOSING`` in English, French and Spanish alone, which costs half as much to compile: what it
matches where an ASCII character starts the line (none matches a letter of the other three, regardless
of case)."""


_LATIN_CHAPEAU_STARTS = frozenset("TLE")
"""What starts ``_LATIN_CHAPEAU`` (The, Les, La, L’, Las, Los, El)."""
_LATIN_CLOSING_STARTS = frozenset("HhAaSsCc")
"""What ASCII character starts ``_LATIN_CLOSING`` regardless of case (Have, Hereby, Agree, Sont, Conviennent,
Han, Convienen)."""
_COMMAS = frozenset(",،，")
"""What ``CHAPEAU`` ends with (before trailing whitespace)."""
_COLONS = frozenset(":：")
"""What ``CLOSING`` ends with (before trailing whitespace)."""


def is_chapeau(text: str) -> bool:
    """Whether a line or paragraph text is the chapeau of a preamble."""
    # it ends with a comma (most lines do not: no need to try the pattern)
    if text.rstrip()[-1:] not in _COMMAS:
        return False
    head = text.lstrip()
    word = head[1:].lstrip()[:1] if head[:1] == "[" else head[:1]  # (after ``^\\s*\\[?\\s*``)
    latin = word.isascii() and not any(body in text for body in _CHINESE_BODIES)
    if latin and word not in _LATIN_CHAPEAU_STARTS:
        return False  # (most lines that end with a comma: no need to compile the pattern)
    return (_LATIN_CHAPEAU_LINE if latin else CHAPEAU).match(text) is not None


def is_closing(text: str) -> bool:
    """Whether a line or paragraph text is the closing formula of a preamble."""
    # it ends with a colon (most lines do not: no need to try the pattern)
    if text.rstrip()[-1:] not in _COLONS:
        return False
    first = text.lstrip()[:1]
    if first.isascii():
        return first in _LATIN_CLOSING_STARTS and _LATIN_CLOSING_LINE.match(text) is not None
    return CLOSING.match(text) is not None
