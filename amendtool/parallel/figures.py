"""The figures of a paragraph that must agree in every language version: dates and numbers.

Each language writes them its own way: ``25 September 2015``, ``25 septembre 2015``, ``25 de
septiembre de 2015``, ``25 сентября 2015 года``, ``2015年9月25日``, ``٢٥ أيلول/سبتمبر ٢٠١٥``; ``USD 100
billion``, ``100 milliards``, ``100.000 millones``, ``100 млрд.``, ``1000亿``, ``١٠٠ بليون``. ``figures``
reads them as values (a date as ``2015-09-25``, a number with its scale word as one number, thousands
separators and decimal commas understood, Arabic-Indic and full-width digits as Western), so that
versions compare by what they say, not by how they write it.
"""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal, InvalidOperation

from amendtool.draft import languages

_MONTH_NAMES = [
    # English, French, Spanish, Russian (genitive and nominative), Arabic (Levantine/Gregorian, and each)
    ("january", "janvier", "enero", "января", "январь", "كانون الثاني/يناير", "كانون الثاني", "يناير"),
    ("february", "février", "febrero", "февраля", "февраль", "شباط/فبراير", "شباط", "فبراير"),
    ("march", "mars", "marzo", "марта", "март", "آذار/مارس", "آذار", "مارس"),
    ("april", "avril", "abril", "апреля", "апрель", "نيسان/أبريل", "نيسان", "أبريل"),
    ("may", "mai", "mayo", "мая", "май", "أيار/مايو", "أيار", "مايو"),
    ("june", "juin", "junio", "июня", "июнь", "حزيران/يونيه", "حزيران", "يونيه", "يونيو"),
    ("july", "juillet", "julio", "июля", "июль", "تموز/يوليه", "تموز", "يوليه", "يوليو"),
    ("august", "août", "agosto", "августа", "август", "آب/أغسطس", "آب", "أغسطس"),
    ("september", "septembre", "septiembre", "setiembre", "сентября", "сентябрь", "أيلول/سبتمبر", "أيلول",
     "سبتمبر"),
    ("october", "octobre", "octubre", "октября", "октябрь", "تشرين الأول/أكتوبر", "تشرين الأول", "أكتوبر"),
    ("november", "novembre", "noviembre", "ноября", "ноябрь", "تشرين الثاني/نوفمبر", "تشرين الثاني", "نوفمبر"),
    ("december", "décembre", "diciembre", "декабря", "декабрь", "كانون الأول/ديسمبر", "كانون الأول", "ديسمبر"),
]
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
"""Month names of the six languages (Chinese writes ``9月``), by number."""

_MONTH = "|".join(sorted(map(re.escape, _MONTHS), key=len, reverse=True))
_DAY = r"(?P<d>\d{1,2})(?:er|º|\.|-?е|-?го)?"
_YEAR = r"(?P<y>\d{4})"
_DATES = [
    # 25 September 2015, 1er mars 2027, 25 de septiembre de 2015, 1 марта 2027 года, ٢٥ أيلول/سبتمبر ٢٠١٥
    re.compile(rf"\b{_DAY}\s+(?:de\s+)?(?P<m>{_MONTH})\s+(?:de\s+|del\s+)?{_YEAR}(?:\s*(?:года|г\.))?", re.I),
    # September 25, 2015
    re.compile(rf"\b(?P<m>{_MONTH})\s+(?P<d>\d{{1,2}}),?\s+{_YEAR}", re.I),
    # 2015年9月25日
    re.compile(r"(?P<y>\d{4})\s*年\s*(?P<mn>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日"),
]

_SCALES = {
    "thousand": 3, "mille": 3, "mil": 3, "тыс": 3, "ألف": 3, "آلاف": 3, "万": 4,
    "million": 6, "millions": 6, "millón": 6, "millones": 6, "млн": 6, "миллион": 6, "миллиона": 6,
    "миллионов": 6, "مليون": 6, "ملايين": 6, "百万": 6,
    "billion": 9, "billions": 9, "milliard": 9, "milliards": 9, "млрд": 9, "миллиард": 9, "миллиарда": 9,
    "миллиардов": 9, "بليون": 9, "مليار": 9, "مليارات": 9, "亿": 8,
    "trillion": 12, "trillions": 12, "billón": 12, "billones": 12, "трлн": 12, "تريليون": 12, "万亿": 12,
}
"""Scale words after a number, as powers of ten (``mil millones`` is 10^9: see ``_NUMBER``)."""
_SCALE = "|".join(sorted(map(re.escape, _SCALES), key=len, reverse=True))
_NUMBER = re.compile(
    r"(?<![0-9A-Za-z.,])(?P<n>\d{1,3}(?:(?P<sep>[.,\u00a0\u202f\u2009 ])\d{3})(?:(?P=sep)\d{3})*(?:[.,]\d+)?(?!\d)"
    r"|\d+(?:[.,]\d+)?)"
    rf"(?:\s*(?P<mil>mil\s+)?(?P<scale>{_SCALE})(?![A-Za-zÀ-ÿ\u0400-\u04ff\u0600-\u06ff]))?",
    re.I,
)


def _value(raw: str, sep: str | None) -> Decimal | None:
    """A number as written: ``100.000`` and ``100 000`` with thousands separators (``_NUMBER`` takes a
    separator for one only before groups of exactly three digits), ``1,5`` and ``1.5`` with a decimal one."""
    text = raw
    if sep:
        m = re.match(rf"^(\d{{1,3}}(?:{re.escape(sep)}\d{{3}})+)([.,]\d+)?$", raw)
        whole, decimals = (m.group(1), m.group(2) or "") if m else (raw, "")
        text = whole.replace(sep, "") + decimals
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None


def figures(text: str) -> Counter[str]:
    """The dates (``2027-03-01``) and numbers (``100000000000``, ``30``) of ``text``, with how often
    each occurs."""
    text = languages.western(text)
    found: Counter[str] = Counter()
    spans: list[tuple[int, int]] = []
    for pattern in _DATES:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in spans):
                continue
            month = int(m.group("mn")) if "mn" in m.groupdict() and m.group("mn") else _MONTHS.get(m.group("m").lower())
            if not month:
                continue
            found[f"{int(m.group('y')):04d}-{month:02d}-{int(m.group('d')):02d}"] += 1
            spans.append(m.span())
    spans.sort()
    rest = []
    pos = 0
    for a, b in spans:
        rest.append(text[pos:a])
        rest.append(" ")
        pos = b
    rest.append(text[pos:])
    for m in _NUMBER.finditer("".join(rest)):
        value = _value(m.group("n"), m.group("sep"))
        if value is None:
            continue
        scale = m.group("scale")
        if scale:
            power = _SCALES.get(scale.lower(), _SCALES.get(scale, 0)) + (3 if m.group("mil") else 0)
            value *= Decimal(10) ** power
        found[_format(value)] += 1
    return found


def _format(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def is_date(figure: str) -> bool:
    """Whether a figure of ``figures`` is a date."""
    return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", figure))
