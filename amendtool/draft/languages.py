"""The six official languages of the United Nations as drafts write them: what the parser and the
references need to know about English, French, Spanish, Russian, Chinese and Arabic texts.

- headings: ``Article 1`` / ``Article premier`` / ``Artículo 1`` / ``Статья 1`` / ``第一条`` / ``المادة ١``
  (and ``المادة الأولى``), parts ``Part I`` / ``Partie I`` / ``Parte I`` / ``Часть I`` / ``第一部分`` /
  ``الجزء الأول``, chapters likewise; their numbers as values (``article_number``);
- numbers: Western, Arabic-Indic (``١٢``) and full-width digits, Chinese numerals (``十二``), Roman
  numerals, the ordinal words of article and part headings;
- new-paragraph suffixes: ``bis`` ... of every Latin-script language, Russian ``бис`` (``2-бис``),
  Arabic ``مكررا`` (``٢ مكررا``), Chinese ``之二`` (``2之二``), all read as ``bis`` ... for references;
- sub-item letters in order: Latin, Cyrillic, the Arabic abjad (``(أ)``, ``(ب)``), Chinese ``（一）``;
- which language a text is in (``detect``) and which way it is written (``direction``).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from amendtool.draft.labels import SUFFIXES
from amendtool.draft.model import Document, Heading, Line, Paragraph
from amendtool.draft.patterns import LazyPattern

LANGUAGES = ("en", "fr", "es", "ru", "zh", "ar")
"""The six official languages, as ISO 639-1 codes."""

RIGHT_TO_LEFT = frozenset({"ar"})

DIGIT = r"[0-9٠-٩۰-۹０-９]"
"""A digit of any of the systems drafts use: Western, Arabic-Indic, Eastern Arabic-Indic, full-width."""

_DIGITS = str.maketrans(
    {**{chr(0x0660 + d): str(d) for d in range(10)}, **{chr(0x06F0 + d): str(d) for d in range(10)},
     **{chr(0xFF10 + d): str(d) for d in range(10)}}
)

CHINESE_NUMERAL = r"[〇零一二三四五六七八九十百两]+"
_CHINESE_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
                   "九": 9}

ORDINALS = {
    # French, Spanish (Article premier, Artículo primero), Russian (Статья первая)
    "premier": 1, "première": 1, "primero": 1, "primera": 1, "первая": 1,
    # Arabic (المادة الأولى, الجزء الثاني ...)
    "الأولى": 1, "الأول": 1, "الثانية": 2, "الثاني": 2, "الثالثة": 3, "الثالث": 3, "الرابعة": 4, "الرابع": 4,
    "الخامسة": 5, "الخامس": 5, "السادسة": 6, "السادس": 6, "السابعة": 7, "السابع": 7, "الثامنة": 8, "الثامن": 8,
    "التاسعة": 9, "التاسع": 9, "العاشرة": 10, "العاشر": 10,
}
_ORDINAL = "|".join(sorted(map(re.escape, ORDINALS), key=len, reverse=True))

ROMAN = r"[IVXLC]{1,7}"

RUSSIAN_SUFFIXES = {"бис": "bis", "тер": "ter", "кватер": "quater"}
ARABIC_SUFFIXES = {"مكررا": "bis", "مكرراً": "bis", "مكرر": "bis", "مكررًا": "bis"}
CHINESE_SUFFIXES = {f"之{n}": s for n, s in zip("二三四五六七八九十", SUFFIXES, strict=False)}
"""Chinese writes ``2之二`` for ``2 bis`` (the second ``2``), ``2之三`` for ``2 ter`` ..."""

SUFFIX_WORDS = {s: s for s in SUFFIXES} | RUSSIAN_SUFFIXES | ARABIC_SUFFIXES
SUFFIX = (r"(?:(?<![^\W\d_])[ \t-]*(?:" + "|".join(sorted(map(re.escape, SUFFIX_WORDS), key=len, reverse=True))
          + r")(?![\w])"
          + "|" + "|".join(map(re.escape, CHINESE_SUFFIXES)) + ")")
"""A new-paragraph suffix in any of the languages, with what separates it from the number (``12 bis``,
``12bis``, ``2-бис``, ``٢ مكررا``, ``2之二``)."""

ARTICLE_WORDS = r"(?:Article|Art\.|Artículo|Articulo|Статья|المادة)"
PART_WORDS = {
    "part": r"(?:Part|Partie|Parte|Часть|Раздел|الجزء)",
    "chapter": r"(?:Chapter|Chapitre|Capítulo|Capitulo|Глава|الفصل)",
}

_NUMBER_WORD = rf"(?:{DIGIT}+|{ROMAN}|{_ORDINAL})"

ARTICLE = LazyPattern(
    rf"^\s*\[?\s*(?:{ARTICLE_WORDS}\s+(?P<n>{DIGIT}+|{_ORDINAL})(?P<s>{SUFFIX})?"
    rf"|第(?P<zh>{CHINESE_NUMERAL}|{DIGIT}+)条(?P<zs>之[二三四五六七八九十])?)"
    r"\s*\]?\s*(?:[.:\-–—]\s*)?(?P<title>.*?)\s*$",
    re.I,
)
"""An article heading in any of the six languages, its title after it on the line (in parentheses,
after a dash or a full stop, or after a space)."""

PART = LazyPattern(
    rf"^\s*\[?\s*(?:(?P<word>{PART_WORDS['part']}|{PART_WORDS['chapter']})\s+(?P<n>{_NUMBER_WORD})"
    rf"|第(?P<zh>{CHINESE_NUMERAL}|{DIGIT}+)(?P<zw>部分|章))"
    r"\s*\]?\s*(?:[.:\-–—]\s*)?(?P<title>.*?)\s*$",
    re.I,
)
"""A part or chapter heading in any of the six languages, with whatever title follows on its line."""


def western(text: str) -> str:
    """``text`` with Arabic-Indic and full-width digits as Western digits."""
    return text.translate(_DIGITS)


def chinese_number(text: str) -> int | None:
    """The value of a Chinese numeral (``十二`` 12, ``二十一`` 21, ``一百零五`` 105), or None."""
    if not text or any(c not in _CHINESE_DIGITS and c not in "十百" for c in text):
        return None
    total, current = 0, 0
    for c in text:
        if c == "百":
            total += (current or 1) * 100
            current = 0
        elif c == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = current * 10 + _CHINESE_DIGITS[c] if current and c in "〇零" else _CHINESE_DIGITS[c] or current
    return total + current


def roman_value(text: str) -> int | None:
    values = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
    text = text.upper()
    if not text or any(c not in values for c in text):
        return None
    total = 0
    for i, c in enumerate(text):
        v = values[c]
        total += -v if i + 1 < len(text) and values[text[i + 1]] > v else v
    return total


def number_value(text: str) -> int | None:
    """The value of a number as headings write it: digits of any system, a Chinese numeral, a Roman
    numeral, an ordinal word (``premier``, ``الأولى``)."""
    text = text.strip()
    if not text:
        return None
    digits = western(text)
    if digits.isascii() and digits.isdigit():
        return int(digits) if len(digits) <= 9 else None
    if text.lower() in ORDINALS:
        return ORDINALS[text.lower()]
    return chinese_number(text) if re.fullmatch(CHINESE_NUMERAL, text) else roman_value(text)


def suffix_word(text: str) -> str:
    """The Latin suffix (``bis``, ``ter`` ...) a suffix of any language stands for ("" for none)."""
    text = text.strip(" \t-")
    if not text:
        return ""
    return SUFFIX_WORDS.get(text.lower()) or SUFFIX_WORDS.get(text) or CHINESE_SUFFIXES.get(text) or ""


def article_heading(line: str) -> tuple[str, str] | None:
    """``(number, title)`` of an article heading in any language: the number as references write it
    (``1``, ``2 bis``), the title as written (without its parentheses); None for another line."""
    m = ARTICLE.match(line)
    if not m:
        return None
    raw = m.group("n") or m.group("zh")
    value = number_value(raw)
    if value is None:
        return None
    suffix = suffix_word(m.group("s") or m.group("zs") or "")
    title = m.group("title") or ""
    if title and not _title_like(title):
        return None
    return (f"{value} {suffix}" if suffix else str(value)), _unparenthesised(title)


def part_heading(line: str) -> tuple[str, str] | None:
    """``(number, title)`` of a part or chapter heading: ``("Part I", "General provisions")``,
    ``("Chapter 2", "")``; the number as references write it, in English."""
    m = PART.match(line)
    if not m:
        return None
    if m.group("zh"):
        value = number_value(m.group("zh"))
        kind = "Part" if m.group("zw") == "部分" else "Chapter"
        shown = _roman(value) if value else None
    else:
        raw = m.group("n")
        value = number_value(raw)
        word = m.group("word").lower()
        kind = "Chapter" if re.fullmatch(PART_WORDS["chapter"], word, re.I) else "Part"
        shown = raw.upper() if re.fullmatch(ROMAN, raw, re.I) else (_roman(value) if raw in ORDINALS else str(value))
    if value is None or shown is None:
        return None
    title = m.group("title") or ""
    if title and not _title_like(title):
        return None
    return f"{kind} {shown}", _unparenthesised(title)


def _roman(n: int | None) -> str | None:
    if not n or n >= 400:
        return None
    out = ""
    for v, r in ((100, "C"), (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= v:
            out += r
            n -= v
    return out


def _unparenthesised(title: str) -> str:
    title = title.strip()
    for a, b in (("(", ")"), ("（", "）")):
        if title.startswith(a) and title.endswith(b):
            return title[1:-1].strip()
    return title


_TERMINAL = LazyPattern(r"[.;:,。；：，،؛]\s*\]?$")


def _title_like(text: str) -> bool:
    """Whether what follows a heading's number on its line reads as a title, not a sentence (``of the
    Convention`` after ``Article 4`` at the start of a hard-wrapped line is not one)."""
    text = text.strip()
    if _TERMINAL.search(text) and not text.endswith((")", "）")):
        return False
    first = next((c for c in text if c.isalpha()), "")
    if first.islower():
        return False
    return len(text) <= 80 and len(text.split()) <= 12


def title_line(line: str) -> bool:
    """Whether a line under a part, chapter or article heading is its title (``GENERAL PROVISIONS``,
    ``总则``, ``أحكام عامة``): short, not a sentence, not numbered."""
    text = line.strip()
    if not text or len(text) > 60 or len(text.split()) > 8:
        return False
    if _TERMINAL.search(text) or re.match(rf"^\(?{DIGIT}|^\(?[a-z]\)|^\[", text):
        return False
    first = text[0]
    return not (first.isalpha() and first.islower() and first.isascii())


# ---------------------------------------------------------------------------------------------------
# Sub-items: the letters of each alphabet in order

ABJAD = "أبجدهوزحطيكلمنسعفصقرشتثخذضظغ"
"""Arabic sub-items are lettered in abjad order: (أ), (ب), (ج), (د) ..."""
CYRILLIC = "абвгдежзиклмнопрстуфхцчшщэюя"
"""Russian sub-items: а), б), в) ... (й, ъ, ы, ь are skipped)."""


def letter_index(letter: str) -> int | None:
    """1 for ``a``, ``а``, ``أ`` and ``一``; 2 for the next ... (None for anything else)."""
    if len(letter) == 1 and "a" <= letter <= "z":
        return ord(letter) - ord("a") + 1
    if letter in CYRILLIC:
        return CYRILLIC.index(letter) + 1
    if letter in ABJAD:
        return ABJAD.index(letter) + 1
    return chinese_number(letter)


# ---------------------------------------------------------------------------------------------------
# Which language, which direction

_STOPWORDS = {
    "en": frozenset("the of and to in shall that for on with is be by as".split()),
    "fr": frozenset("le la les des de du et à en au aux pour sur est que une un".split()),
    "es": frozenset("el la los las de del y en para por con que una un al se".split()),
}


def detect(text: str) -> str:
    """The language ``text`` is written in (one of ``LANGUAGES``): by its script, and between the
    Latin-script languages by their commonest words. English when nothing tells."""
    sample = text[:20000]
    # every ASCII letter is Latin: counted in the bytes, where no character beyond ASCII holds one;
    # each other distinct letter (a few dozen at most) by its name
    data = sample.encode("utf-8", "surrogatepass")
    counts = {"arabic": 0, "cyrillic": 0, "han": 0, "latin": len(data) - len(data.translate(None, _ASCII_LETTERS))}
    for ch in set(sample):
        if ch.isascii() or not ch.isalpha():
            continue
        name = unicodedata.name(ch, "")
        if name.startswith("ARABIC"):
            counts["arabic"] += sample.count(ch)
        elif name.startswith("CYRILLIC"):
            counts["cyrillic"] += sample.count(ch)
        elif name.startswith("CJK"):
            counts["han"] += sample.count(ch)
        elif name.startswith("LATIN"):
            counts["latin"] += sample.count(ch)
    script = max(counts, key=lambda k: counts[k])
    if counts[script] == 0:
        return "en"
    if script != "latin" and counts[script] * 3 >= counts["latin"]:
        return {"arabic": "ar", "cyrillic": "ru", "han": "zh"}[script]
    words = Counter(_WORD.findall(sample.lower()))
    scores = {lang: sum(map(words.__getitem__, stop)) for lang, stop in _STOPWORDS.items()}
    return max(("en", "fr", "es"), key=lambda lang: scores[lang])


_ASCII_LETTERS = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_WORD = LazyPattern(r"[a-zàâçéèêëîïôûùüÿñáíóú]+")


def direction(language: str) -> str:
    """``rtl`` for Arabic, ``ltr`` otherwise."""
    return "rtl" if language in RIGHT_TO_LEFT else "ltr"


def draft_language(doc: Document | None) -> str:
    """The language of a parsed draft (``detect`` on its source, once per document); English for none."""
    if doc is None:
        return "en"
    cached = doc._index.get("language")
    if cached is None:
        cached = doc._index["language"] = detect(doc.source)
    return str(cached)


def printed_number(heading: Heading) -> str | None:
    """A heading's number as the draft prints it when the draft is not in English: ``Article premier``,
    ``Статья 1``, ``第一条``, ``المادة ١``, ``Partie I``, ``第一部分`` (None for English headings and
    headings without such a number: their number is printed as before)."""
    first = next((n.raw.strip() for n in heading.lines if isinstance(n, Line) and n.raw.strip()), "")
    first = first.strip("[] ")
    for regex in (ARTICLE, PART):
        m = regex.match(first)
        if m:
            prefix = first[: m.start("title")].rstrip(" \t\u3000.:-–—([（")
            if re.match(r"^(?:Article|Art\.|Part|Chapter)\s+[\dIVXLC]", prefix):
                return None  # English: printed as ever ("Article 3", "Part I")
            return prefix or None
    return None


_LABEL_END = LazyPattern(r"[\s.:\-–—]+$")
"""What follows a label before its text and is not the label (``٢ مكررا -``, ``2-бис.``); the Chinese
``、`` and ``．`` stay (the draft prints ``一、`` as its label)."""


def printed_label(source: str, p: Paragraph) -> str | None:
    """A paragraph's label as the draft prints it when that is in another script than the label the
    references use (``٢ مكررا`` for ``٢ bis``, ``2-бис`` and ``2之二`` for ``2 bis``), without the
    full stop or dash after it; the label itself otherwise."""
    if p.label is None or p.label_span is None or p.label.isascii() and not p.label.endswith(" bis"):
        return p.label
    a, b = p.label_span
    own = _LABEL_END.sub("", source[a:b])
    return own if own and not own.isascii() else p.label
