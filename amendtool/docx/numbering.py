"""Word's automatic numbering (``word/numbering.xml``), counted as Word counts it.

- An abstract numbering (``w:abstractNum``) defines up to nine levels (``w:lvl``): a format
  (``w:numFmt``: decimal, lowerLetter, upperLetter, lowerRoman, upperRoman, decimalZero, ordinal,
  cardinalText, ordinalText, bullet, none ...), a text (``w:lvlText``, ``%1.%2`` standing for the levels'
  numbers), a start value (``w:start``), when it restarts (``w:lvlRestart``), legal numbering
  (``w:isLgl``: every level decimal) and the paragraph style linked to it (``w:pStyle``).
- A list instance (``w:num``, what a paragraph's ``w:numId`` names) points at an abstract numbering and
  may override levels (``w:lvlOverride``): a new start (``w:startOverride``, how Word restarts a list
  at 1) or a whole new level. An abstract numbering may stand for a numbering style
  (``w:numStyleLink``); its levels are then those of the list that style names.
- Counters belong to the abstract numbering, as in Word: two lists that share one continue each
  other's numbers, unless a list restarts with a start override (applied where that list is first
  used at that level). Using a level resets the deeper levels (unless their ``w:lvlRestart`` says
  otherwise).

Values a document cannot mean (a level outside 0-8, a start that is not a number) are
``InputFileError``s naming the part, never tracebacks.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from lxml import etree

from amendtool.docx.package import w
from amendtool.docx.styles import MAX_LEVEL, Styles, list_level
from amendtool.errors import Diagnostic, InputFileError

MAX_START = 32767
"""Largest start value Word offers."""
NO_LABEL_FORMATS = frozenset({"bullet", "none"})
PART = "word/numbering.xml"


@dataclass(frozen=True, slots=True)
class Level:
    """One level of a list."""

    fmt: str = "decimal"
    """``w:numFmt``."""
    text: str = "%1."
    """``w:lvlText``: ``%1`` ... ``%9`` stand for the numbers of levels 0 ... 8."""
    start: int = 1
    restart: int | None = None
    """``w:lvlRestart``: 0 never restarts; N restarts when a level before N (1-based) is used."""
    legal: bool = False
    """``w:isLgl``: the numbers of every level shown as decimals."""
    style: str | None = None
    """``w:pStyle``: the paragraph style that is this level of the list."""
    indent: tuple[tuple[str, str], ...] = ()
    """The attributes of the level's ``w:pPr/w:ind`` (its indentation), as (qualified name, value)."""


@dataclass(frozen=True, slots=True)
class ListInstance:
    """A ``w:num``: an abstract numbering and its overrides."""

    abstract: str
    starts: dict[int, int] = field(default_factory=dict)
    """``w:startOverride`` per level."""
    levels: dict[int, Level] = field(default_factory=dict)
    """Levels replaced by a ``w:lvlOverride/w:lvl``."""


def _int(value: str | None, what: str, where: str, path: str, low: int = 0, high: int = MAX_START) -> int | None:
    if value is None:
        return None
    text = value.strip()
    digits = text[1:] if text.startswith("-") else text
    shown = value if len(value) <= 24 else value[:10] + "…" + value[-10:]
    if not (digits.isascii() and digits.isdigit()):  # not "²" (a digit that int() refuses) nor "x"
        raise InputFileError(Diagnostic(f'{what} "{shown}" in {where} is not a number', path))
    number = int(text) if len(digits) <= 18 else high + 1  # not int() of 5,000 digits
    if not low <= number <= high:
        raise InputFileError(Diagnostic(f'{what} "{shown}" in {where} is out of range ({low} to {high})', path))
    return number


def _val(node: etree._Element, tag: str) -> str | None:
    child = node.find(w(tag))
    return None if child is None else child.get(w("val"))


def _level(el: etree._Element, base: Level, where: str, path: str) -> Level:
    start = _int(_val(el, "start"), "w:start", where, path)
    restart = _int(_val(el, "lvlRestart"), "w:lvlRestart", where, path, 0, MAX_LEVEL + 1)
    text_el = el.find(w("lvlText"))
    text = base.text
    if text_el is not None:
        text = "" if text_el.get(w("null")) in ("1", "true", "on") else (text_el.get(w("val")) or "")
    legal_el = el.find(w("isLgl"))
    legal = legal_el is not None and legal_el.get(w("val"), "1") not in ("0", "false", "off")
    return Level(
        fmt=(_val(el, "numFmt") or base.fmt).strip(),
        text=text,
        start=base.start if start is None else start,
        restart=base.restart if restart is None else restart,
        legal=legal or base.legal,
        style=_val(el, "pStyle") or base.style,
        indent=_indent(el) or base.indent,
    )


def _indent(el: etree._Element) -> tuple[tuple[str, str], ...]:
    ind = el.find(f"{w('pPr')}/{w('ind')}")
    return tuple(sorted((str(k), str(v)) for k, v in ind.attrib.items())) if ind is not None else ()


class Numbering:
    """The list definitions of a document."""

    def __init__(self, root: etree._Element | None, styles: Styles, path: str):
        self.path = path
        self.styles = styles
        self.abstract: dict[str, dict[int, Level]] = {}
        self.links: dict[str, str] = {}
        """abstractNumId -> the numbering style it stands for (``w:numStyleLink``)."""
        self.nums: dict[str, ListInstance] = {}
        self._resolved: dict[str, tuple[str, dict[int, Level], ListInstance] | None] = {}
        if root is None:
            return
        for a in root.findall(w("abstractNum")):
            aid = a.get(w("abstractNumId"))
            if aid is None:
                continue
            levels: dict[int, Level] = {}
            for lvl in a.findall(w("lvl")):
                ilvl = list_level(lvl.get(w("ilvl"), "0"), f"{PART} (list {aid})", path)
                levels[ilvl] = _level(lvl, Level(), f"{PART} (list {aid}, level {ilvl})", path)
            self.abstract.setdefault(aid, levels)
            link = _val(a, "numStyleLink")
            if link:
                self.links[aid] = link
        for num in root.findall(w("num")):
            nid = num.get(w("numId"))
            aid = _val(num, "abstractNumId")
            if nid is None or aid is None:
                continue
            self.nums.setdefault(nid.strip(), self._instance(num, aid, nid))

    def _instance(self, num: etree._Element, aid: str, nid: str) -> ListInstance:
        inst = ListInstance(aid)
        for ov in num.findall(w("lvlOverride")):
            ilvl = list_level(ov.get(w("ilvl"), "0"), f"{PART} (list {nid})", self.path)
            where = f"{PART} (list {nid}, level {ilvl})"
            start = _int(_val(ov, "startOverride"), "w:startOverride", where, self.path)
            if start is not None:
                inst.starts[ilvl] = start
            lvl = ov.find(w("lvl"))
            if lvl is not None:
                inst.levels[ilvl] = _level(lvl, Level(), where, self.path)
        return inst

    def resolve(self, num_id: str) -> tuple[str, dict[int, Level], ListInstance] | None:
        """The counter key (abstract numbering), the effective levels and the instance of list
        ``num_id``; None when the document does not define it."""
        if num_id in self._resolved:
            return self._resolved[num_id]
        found = self._resolve(num_id)
        self._resolved[num_id] = found
        return found

    def _resolve(self, num_id: str) -> tuple[str, dict[int, Level], ListInstance] | None:
        inst = self.nums.get(num_id)
        if inst is None:
            return None
        aid = inst.abstract
        seen: set[str] = set()
        while aid in self.links and aid not in seen:  # numStyleLink: the levels of the style's list
            seen.add(aid)
            linked = self.styles.numbering_style_num_id(self.links[aid])
            target = self.nums.get(linked or "")
            if target is None or target.abstract == aid:
                break
            aid = target.abstract
        levels = dict(self.abstract.get(aid, {}))
        for k, lvl in inst.levels.items():
            levels[k] = replace(lvl, start=inst.starts.get(k, lvl.start))
        return aid, levels, inst

    def level(self, num_id: str, ilvl: int) -> Level | None:
        """Level ``ilvl`` of list ``num_id`` as it applies (overrides included)."""
        found = self.resolve(num_id)
        return found[1].get(ilvl) if found is not None else None

    def style_level(self, num_id: str, style_id: str | None) -> int | None:
        """The level of list ``num_id`` that is linked to paragraph style ``style_id``."""
        found = self.resolve(num_id)
        if found is None or style_id is None:
            return None
        for k, lvl in sorted(found[1].items()):
            if lvl.style == style_id:
                return k
        return None


@dataclass(slots=True)
class Counters:
    """Numbers given so far, per abstract numbering, as Word counts them through the document."""

    numbering: Numbering
    values: dict[str, list[int | None]] = field(default_factory=dict)
    started: set[tuple[str, int]] = field(default_factory=set)
    """(numId, level) pairs whose start override has been applied."""

    def snapshot(self) -> tuple[dict[str, list[int | None]], set[tuple[str, int]]]:
        """The counters as they stand, for ``restore`` (to try a paragraph and take it back)."""
        return {k: list(v) for k, v in self.values.items()}, set(self.started)

    def restore(self, state: tuple[dict[str, list[int | None]], set[tuple[str, int]]]) -> None:
        self.values = {k: list(v) for k, v in state[0].items()}
        self.started = set(state[1])

    def next_label(self, num_id: str, ilvl: int) -> tuple[str, str] | None:
        """Count a paragraph of list ``num_id`` at level ``ilvl``: its label as Word shows it and the
        level's format; None when the list or level is not defined."""
        found = self.numbering.resolve(num_id)
        if found is None:
            return None
        key, levels, inst = found
        if ilvl not in levels:
            return None
        values = self.values.setdefault(key, [None] * (MAX_LEVEL + 1))
        level = levels[ilvl]
        if ilvl in inst.starts and (num_id, ilvl) not in self.started:
            self.started.add((num_id, ilvl))
            values[ilvl] = inst.starts[ilvl]
        elif values[ilvl] is None:
            values[ilvl] = level.start
        else:
            values[ilvl] = (values[ilvl] or 0) + 1
        for k in range(ilvl + 1, MAX_LEVEL + 1):
            deeper = levels.get(k)
            restart = deeper.restart if deeper is not None else None
            if restart is None or restart > k or (restart != 0 and ilvl < restart):
                values[k] = None
        if level.fmt in NO_LABEL_FORMATS:
            return "", level.fmt
        return _expand(level, levels, values), level.fmt


def _expand(level: Level, levels: dict[int, Level], values: list[int | None]) -> str:
    out: list[str] = []
    text = level.text
    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "%" and i + 1 < len(text) and text[i + 1] in "123456789":
            k = int(text[i + 1]) - 1
            ref = levels.get(k, Level())
            value = values[k]
            number = ref.start if value is None else value
            fmt = "decimal" if level.legal else ref.fmt
            out.append(format_number(number, fmt))
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out).strip()


_ONES = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
         "sixteen seventeen eighteen nineteen").split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()
_ORDINAL_WORDS = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                  "nine": "ninth", "twelve": "twelfth"}
_ROMAN = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"),
          (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


def _words(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def _ordinal_words(n: int) -> str:
    text = _words(n)
    head, _, last = text.rpartition("-")
    if last in _ORDINAL_WORDS:
        last = _ORDINAL_WORDS[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return f"{head}-{last}" if head else last


def _roman(n: int) -> str:
    out = []
    for value, letters in _ROMAN:
        while n >= value:
            out.append(letters)
            n -= value
    return "".join(out)


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` (unknown formats and impossible values as decimals)."""
    if n <= 0:
        return str(n)
    match fmt:
        case "lowerLetter" | "upperLetter":
            # Word: a ... z, then aa, bb ... zz, then aaa ...
            text = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
            return text.upper() if fmt == "upperLetter" else text
        case "lowerRoman" | "upperRoman" if n < 4000:
            text = _roman(n)
            return text.upper() if fmt == "upperRoman" else text
        case "decimalZero":
            return f"{n:02d}"
        case "ordinal":
            suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
            return f"{n}{suffix}"
        case "cardinalText" if n < 100:
            return _words(n).capitalize()
        case "ordinalText" if n < 100:
            return _ordinal_words(n).capitalize()
    return str(n)
