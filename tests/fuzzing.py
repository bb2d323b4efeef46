"""What the fuzzers share: generators of drafts, amendment files and .docx packages (hypothesis
strategies built from the pieces real texts are made of, then mutated), and the outcomes allowed.

Allowed outcomes for any input: success, or one of our errors (``AmendtoolError``) whose diagnostics
name the file and, for anything inside it, a line and a column. Never another exception (a
traceback), never a hang (``watchdog``: an example that runs over ``HANG_SECONDS`` fails), never
memory beyond ``memory_bound`` (measured with tracemalloc on the examples that ask for it).

Budgets: every fuzzer runs ``examples(n)`` examples, ``n`` in the normal run (CI draws them from a
fixed seed: the ``ci`` profile of conftest.py), ``LONG_FACTOR`` times more under ``pytest -m slow``.
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import tracemalloc
import zipfile
from collections.abc import Iterator
from pathlib import Path

from hypothesis import strategies as st

from amendtool.errors import AmendtoolError

HANG_SECONDS = 60
"""An example that takes longer than this is a hang (each takes well under a second)."""
LONG_FACTOR = 20
"""How many more examples ``pytest -m slow`` runs."""
LONG = os.environ.get("AMENDTOOL_FUZZ") == "long"
"""Set by conftest.py when the run selects the ``slow`` marker."""


def examples(n: int) -> int:
    """The example budget of a fuzzer: ``n``, or ``LONG_FACTOR * n`` for a long run."""
    return n * LONG_FACTOR if LONG else n


class Hang(Exception):
    """An example ran over ``HANG_SECONDS``."""


@contextlib.contextmanager
def watchdog(seconds: int = HANG_SECONDS) -> Iterator[None]:
    """Fail an example that hangs (SIGALRM; the tests run in the main thread)."""

    def expired(signum, frame):
        raise Hang(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


MEMORY_BASE = 48 * 1024 * 1024
"""Memory any command may use beyond its input (templates, tables, the diff's work)."""
MEMORY_PER_BYTE = 400
"""Memory per byte of input: the tree keeps an offset per character of text (a tuple of ints, about
40 bytes each in CPython), the compilation its segments, the renderers their output."""


def memory_bound(input_size: int) -> int:
    """The stated bound: ``MEMORY_BASE + MEMORY_PER_BYTE * input size`` bytes (peak, tracemalloc)."""
    return MEMORY_BASE + MEMORY_PER_BYTE * input_size


@contextlib.contextmanager
def peak_memory() -> Iterator[list[int]]:
    """Measure the peak traced allocation of the block: ``with peak_memory() as peak: ...; peak[0]``."""
    result = [0]
    tracemalloc.start()
    try:
        yield result
    finally:
        result[0] = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()


def assert_positioned(exc: AmendtoolError, paths: set[str]) -> None:
    """One of our errors, every diagnostic naming one of ``paths`` and, unless it is about a file as
    a whole, a line and column inside it."""
    assert exc.diagnostics, f"an error without diagnostics: {exc!r}"
    for d in exc.diagnostics:
        assert d.message, d
        assert d.path in paths, f"diagnostic names {d.path!r}, not one of {sorted(paths)}"
        if d.line:
            assert d.line >= 1 and d.column >= 0, d
        assert "Traceback" not in d.format()


# ---------------------------------------------------------------------------------------------------
# Drafts

WORDS_LIST = (
    [
        "We", "recognize", "the", "role", "of", "Parties", "shall", "should", "[shall]", "[should]",
        "per cent", "2030", "1.5 °C", "202X", "{Placeholder}", "“quoted”", "\"straight\"", "–", "—",
        "(a)", "12.", "Option 1:", "or", "/", "[", "]", "[[", "]]", "[text]", "[a] [b]", "[a][b]",
        "Décide", "Artículo", "Статья", "第一条", "المادة", "« guillemets »", "„Zitat“", "「引用」",
        "\u00a0", "\u202f", "\u2009", "\t", "\u3000", "\ufeff", "\u200b", "\u200f", "é", "e\u0301",
        "［全角］", "【括号】", "（一）", "١٢", "bis", "ter", "*", "**", "_", "[^1]", "[x](http://y)",
    ]
)
WORDS = st.sampled_from(WORDS_LIST)
TEXT = st.lists(st.one_of(WORDS, st.text(max_size=6)), min_size=1, max_size=30).map(" ".join)

LABELS = st.sampled_from(
    [
        "1.", "2.", "3.", "12.", "12 bis.", "12bis", "13.", "1 bis", "1-бис", "Pp1", "PP2", "OP3", "Alt 4.",
        "(a)", "(b)", "(b) bis", "(i)", "(ii)", "Option 1:", "Option 2:", "**Option 1:**", "[Option 2:",
        "  1.", "    (a)", "13.1", "8", "1899.", "2015.", "一、", "（一）", "١.", "٢.",
    ]
)
HEADINGS = st.sampled_from(
    [
        "Article 1", "Article 2 (FINANCE)", "[Article 3bis]", "1.1 Bridging the Divide", "2.1. Enhanced",
        "A. PREAMBLE", "B. Operative part", "II. ADOPTION", "## Article 4", "# Title", "DRAFT DECISION",
        "Article premier", "Artículo 2", "Статья 3", "第一条", "المادة ٢", "Partie I", "第一部分", "Часть 2",
        "The General Assembly,", "Have agreed as follows:", "Preamble",
    ]
)
FURNITURE = st.sampled_from(
    [
        "\f", "Page 2 of 20", "3 of 54", "FCCC/ADP/2015/1", "- 4 -", " " * 30, "1 See document X.", "---",
        "title: A draft", "[source]: http://x", "{: .class}", "# source: x", "",
    ]
)
ENDINGS = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n\f\n"])


@st.composite
def draft_lines(draw) -> str:
    """One line of a draft: a heading, a labelled paragraph, a hard-wrapped continuation, furniture."""
    kind = draw(st.sampled_from(["heading", "para", "para", "para", "text", "furniture", "long"]))
    if kind == "heading":
        return draw(HEADINGS)
    if kind == "para":
        return draw(LABELS) + draw(st.sampled_from([" ", "\t", "  ", ""])) + draw(TEXT)
    if kind == "text":
        return draw(TEXT)
    if kind == "furniture":
        return draw(FURNITURE)
    return " ".join([draw(TEXT)] * draw(st.integers(20, 80)))  # a long paragraph


SAMPLE = (Path(__file__).resolve().parent.parent / "drafts" / "wsis10_zero_draft.txt").read_text(encoding="utf-8")
"""A real draft (the WSIS+10 zero draft) whose slices the fuzzers edit carelessly."""


@st.composite
def drafts(draw) -> str:
    """A draft's text: lines of every kind with any line ending, or a slice of a real draft, maybe
    with BOMs, then mutated."""
    if draw(st.booleans()):
        lines = SAMPLE.splitlines()
        a = draw(st.integers(0, len(lines) - 1))
        lines = lines[a : a + draw(st.integers(1, 40))]
    else:
        lines = draw(st.lists(draft_lines(), min_size=1, max_size=25))
    text = "".join(line + draw(ENDINGS) for line in lines)
    if draw(st.booleans()):
        text = text.rstrip("\r\n")  # no final line ending
    text = draw(st.sampled_from(["", "", "\ufeff", "\ufeff\ufeff"])) + text
    for _ in range(draw(st.integers(0, 3))):
        text = draw(mutated(text))
    return text


@st.composite
def mutated(draw, text: str) -> str:
    """``text`` with one careless edit: a bracket added or removed, a line joined, split, doubled or
    dropped, a character deleted, a tab or form feed or mixed line ending slipped in."""
    if not text:
        return draw(st.sampled_from(["[", "]", "\n", "1."]))
    at = draw(st.integers(0, len(text)))
    edit = draw(st.sampled_from(["[", "]", "join", "split", "double", "drop", "delete", "odd"]))
    if edit in ("[", "]"):
        return text[:at] + edit + text[at:]
    if edit == "join":
        return text[:at] + text[at:].replace("\n", " ", 1)
    if edit == "split":
        return text[:at] + draw(ENDINGS) + text[at:]
    if edit in ("double", "drop"):
        lines = text.splitlines(keepends=True)
        k = draw(st.integers(0, len(lines) - 1))
        lines[k : k + 1] = [lines[k]] * (2 if edit == "double" else 0)
        return "".join(lines)
    if edit == "delete":
        return text[:at] + text[at + draw(st.integers(1, 5)) :]
    return text[:at] + draw(st.sampled_from(["\t", "\f", "\r", "\v", "\u2028", "\ufeff", "\x85"])) + text[at:]


ENCODINGS = st.sampled_from(["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "utf-16-le"])


# ---------------------------------------------------------------------------------------------------
# Amendment files


@st.composite
def anchors(draw, paragraph_text: str, careless: bool = False) -> tuple[str, str]:
    """A text of the paragraph and the occurrence to write after it: whole words made unique by
    more words (or picked with ``(2nd)`` ...), sometimes typed with other quotes and dashes; when
    ``careless``, anything at all."""
    from amendtool.text import find_all

    words = paragraph_text.split(" ")
    if careless or not paragraph_text.strip():
        return draw(TEXT), draw(st.sampled_from(["", " (2nd)", " (0th)", " (99th)"]))
    for _ in range(5):  # whole words whose brackets balance, made unique by the words after them
        a = draw(st.integers(0, len(words) - 1))
        b = a + 1
        text = " ".join(words[a:b])
        while (len(find_all(paragraph_text, text)) > 1 or _unbalanced(text)) and b < len(words):
            b += 1
            text = " ".join(words[a:b])
        if not _unbalanced(text) and text.strip():
            break
    spans = find_all(paragraph_text, text)
    occurrence = ""
    if len(spans) > 1:
        occurrence = f" ({ordinal(draw(st.integers(1, len(spans))))})"
    if draw(st.integers(0, 4)) == 0:
        text = text.replace('"', "“", 1).replace("-", "–", 1).replace("'", "’", 1)
    return text, occurrence


def _unbalanced(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "[") - (ch == "]")
        if depth < 0:
            return True
    return depth != 0


def ordinal(n: int) -> str:
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


_PLAIN = st.one_of(
    st.sampled_from([w for w in WORDS_LIST if "[" not in w and "]" not in w and w.strip()]),
    st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="[]"), min_size=1, max_size=6),
)
NEW_TEXT = st.one_of(
    st.lists(_PLAIN, min_size=1, max_size=12).map(" ".join).filter(str.strip),
    st.sampled_from(["[new] [text]", "[" * 40 + "deep" + "]" * 40, "«nouveau»", "新的", "جديد", "x" * 300,
                     "e\u0301", "\u202fnarrow", "text with \"quotes\" and \\ backslash"]),
)


@st.composite
def operations(draw, doc, careless: bool = False) -> str:
    """One operation line of the grammar on a paragraph of ``doc`` (on a made-up reference, with
    made-up texts, when ``careless``)."""
    paragraphs = doc.paragraphs
    p = draw(st.sampled_from(paragraphs))
    ref = p.ref if not careless else draw(st.sampled_from([p.ref, "999", "Pp0", "12bis", "x", "para 1"]))
    text, occurrence = draw(anchors(p.text, careless))
    anchor = quoted(text) + occurrence
    new = quoted(draw(NEW_TEXT))
    alternatives = [a for g in p.bracket_groups if len(g.brackets) > 1 for a in g.alternatives
                    if a.strip() and "[" not in a and "]" not in a]
    bracketed = [a for g in p.bracket_groups for a in g.alternatives if a.strip() and "[" not in a and "]" not in a]
    others = [q.ref for q in paragraphs if q.ref != p.ref]
    forms = [
        f"replace {anchor} with {new}",
        f"delete {anchor}",
        f"insert {new} before {anchor}",
        f"insert {new} after {anchor}",
        f"insert {new} at start",
        f"insert {new} at end",
        "delete paragraph",
        f"replace paragraph with {new}",
        f"add paragraph after {new}",
        f"add paragraph before {new}",
        f"comment {new}",
    ]
    if "[" not in text and "]" not in text:
        forms.append(f"bracket {anchor}")
    if others:
        forms += [f"move after {draw(st.sampled_from(others))}", f"move before {draw(st.sampled_from(others))}"]
    if alternatives:
        alternative = quoted(draw(st.sampled_from(alternatives)))
        forms += [f"retain {alternative}", f"add alternative {new} to {alternative}"]
    if bracketed:
        forms.append(f"remove brackets {quoted(draw(st.sampled_from(bracketed)))}")
    return f"{ref}: {draw(st.sampled_from(forms))}"


@st.composite
def amendment_files(draw, doc, code: str, others: tuple[str, ...] = ()) -> str:
    """An amendment file from the grammar (headers, operations, comments, continuation lines,
    supports of the other delegations' first operations), then maybe mutated."""
    lines = [f"by: {code}"]
    if draw(st.booleans()):
        lines.append(f"name: {code} delegation")
    if draw(st.booleans()):
        lines.append("date: 2015-10-19")
    careless = draw(st.integers(0, 5)) == 0
    for _ in range(draw(st.integers(1, 6))):
        line = draw(operations(doc, careless=careless and draw(st.booleans())))
        if draw(st.integers(0, 5)) == 0 and " with " in line:
            line = line.replace(" with ", "\n    with ", 1)  # a continuation line
        if draw(st.integers(0, 5)) == 0:
            line += "  # a comment"
        lines.append(line)
    for other in others:
        if draw(st.integers(0, 3)) == 0:
            lines.append(f"support {other}-1")
    text = "\n".join(lines) + draw(st.sampled_from(["\n", "", "\r\n"]))
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 0, 1, 2]))):
        text = draw(amendment_mutation(text))
    return text


@st.composite
def amendment_mutation(draw, text: str) -> str:
    at = draw(st.integers(0, len(text)))
    edit = draw(st.sampled_from(["char", "delete", "quote", "digits", "line", "control"]))
    if edit == "char":
        return text[:at] + draw(st.sampled_from(list(':"“”„\\#()[]\t\r'))) + text[at:]
    if edit == "delete":
        return text[:at] + text[at + draw(st.integers(1, 8)) :]
    if edit == "quote":
        return text.replace('"', draw(st.sampled_from(["“", "”", "'", "«", "「"])), 1)
    if edit == "digits":
        return text[:at] + "9" * draw(st.sampled_from([1, 5, 30, 5000])) + text[at:]
    if edit == "line":
        lines = text.split("\n")
        k = draw(st.integers(0, len(lines) - 1))
        lines.insert(k, lines[k])
        return "\n".join(lines)
    return text[:at] + draw(st.sampled_from(["\x00", "\x07", "\x1b", "\f"])) + text[at:]


# ---------------------------------------------------------------------------------------------------
# .docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

LEVEL_VALUES = st.sampled_from(
    ["0", "1", "2", "3", "8"] * 12 + ["9", "12", "-1", "x", "", "1.5", "99999999999999999999", "٣", "²", "9" * 5000]
)
"""Level numbers and starts: mostly what Word writes, sometimes anything."""
NUM_FORMATS = st.sampled_from(["decimal", "lowerLetter", "upperRoman", "bullet", "none", "chineseCounting",
                               "arabicAbjad", "", "bogus"])
LEVEL_TEXTS = st.sampled_from(["%1.", "(%2)", "%1.%2.", "%9", "%0", "%", "Article %1", "%1%1%1", "(%3)"])


@st.composite
def docx_packages(draw) -> bytes:
    """A .docx with automatic numbering whose attributes may be anything, then maybe damaged."""
    levels = "".join(
        f'<w:lvl w:ilvl="{draw(LEVEL_VALUES)}"><w:start w:val="{draw(LEVEL_VALUES)}"/>'
        f'<w:numFmt w:val="{draw(NUM_FORMATS)}"/><w:lvlText w:val="{draw(LEVEL_TEXTS)}"/></w:lvl>'
        for _ in range(draw(st.integers(0, 4)))
    )
    numbering = (f'<w:numbering xmlns:w="{W}"><w:abstractNum w:abstractNumId="0">{levels}</w:abstractNum>'
                 f'<w:num w:numId="1"><w:abstractNumId w:val="{draw(LEVEL_VALUES)}"/></w:num></w:numbering>')
    paragraphs = []
    for _ in range(draw(st.integers(0, 8))):
        text = draw(TEXT).replace("&", "&amp;").replace("<", "&lt;")
        numpr = ""
        if draw(st.booleans()):
            numpr = (f'<w:pPr><w:numPr><w:ilvl w:val="{draw(LEVEL_VALUES)}"/>'
                     f'<w:numId w:val="{draw(st.sampled_from(["1", "2", "x", ""]))}"/></w:numPr></w:pPr>')
        run = f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
        if draw(st.integers(0, 4)) == 0:
            run = f'<w:del w:author="EU"><w:r><w:delText>{text}</w:delText></w:r></w:del>'
        if draw(st.integers(0, 4)) == 0:
            run = f'<w:ins w:author="US">{run}</w:ins>'
        paragraphs.append(f"<w:p>{numpr}{run}</w:p>")
    document = f'<w:document xmlns:w="{W}"><w:body>{"".join(paragraphs)}</w:body></w:document>'
    parts = {"[Content_Types].xml": "<Types/>", "word/document.xml": document, "word/numbering.xml": numbering}
    if draw(st.integers(0, 5)) == 0:
        parts[draw(st.sampled_from(list(parts)))] = draw(st.sampled_from(
            ["", "<", "<w:document/>", "<!DOCTYPE x [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><x>&e;</x>",
             "<a>" * 5000, "\x00\x01"]))
    buffer = io.BytesIO()
    method = draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED]))
    with zipfile.ZipFile(buffer, "w", method) as z:
        for name, xml in parts.items():
            z.writestr(name, xml)
    data = buffer.getvalue()
    for _ in range(draw(st.sampled_from([0, 0, 0, 0, 1, 2, 5]))):
        data = draw(zip_damage(data))
    return data


@st.composite
def zip_damage(draw, data: bytes) -> bytes:
    """Bytes flipped, cut or inserted anywhere (CRCs, sizes, compressed data), or a lying size."""
    at = draw(st.integers(0, max(0, len(data) - 1)))
    edit = draw(st.sampled_from(["flip", "cut", "insert", "size"]))
    if edit == "flip":
        return data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1 :] if data else data
    if edit == "cut":
        return data[:at]
    if edit == "insert":
        return data[:at] + draw(st.binary(min_size=1, max_size=8)) + data[at:]
    # a local header's uncompressed size (offset 22) claims another size
    head = data.find(b"PK\x03\x04")
    if head < 0:
        return data
    size = draw(st.sampled_from([0, 1, 2**31 - 1, 2**32 - 1])).to_bytes(4, "little")
    return data[: head + 22] + size + data[head + 26 :]
