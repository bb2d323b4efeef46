"""Word numbering read as a word processor shows it, checked against another implementation: LibreOffice
opens each numbering case and writes it as plain text with the numbers it displays; our reader's label
and text of every paragraph must be that line. (tests/test_docx_numbering.py states the expected labels
by hand; this is the independent check that they are the ones a reader sees.)"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from docx_build import Lvl, WordBuilder
from libreoffice import soffice
from test_docx_numbering import outline_list, un_resolution

from amendtool.docx.reader import WordDocument


def all_levels() -> WordBuilder:
    b = outline_list(WordBuilder())
    b.p("We note:", num="1")
    b.p("first;", num="1", ilvl=1)
    b.p("with a point", num="1", ilvl=2)
    b.p("and another;", num="1", ilvl=2)
    b.p("second.", num="1", ilvl=1)
    b.p("We decide:", num="1")
    b.p("again (a).", num="1", ilvl=1)
    return b


def formats() -> WordBuilder:
    b = WordBuilder()
    for k, (fmt, text) in enumerate([("decimal", "%1."), ("lowerLetter", "(%1)"), ("upperLetter", "%1."),
                                     ("lowerRoman", "(%1)"), ("upperRoman", "%1."), ("decimal", "PP%1"),
                                     ("decimal", "%1)")]):
        b.abstract(str(k), [Lvl(fmt, text)])
        b.num(str(k + 1), str(k))
        for word in ("One", "Two", "Three", "Four"):
            b.p(f"{word} paragraph in {fmt} {text}.", num=str(k + 1))
    return b


def style_chain() -> WordBuilder:
    b = outline_list(WordBuilder())
    b.style("ListNumber", "List Number", num="1")
    b.style("Operative", "Operative", based_on="ListNumber")
    b.style("OperativeBold", "Operative bold", based_on="Operative")
    b.style("SubItem", "Sub-item", based_on="Operative", ilvl=1)
    b.p("Zero draft")
    b.p("We decide:", style="OperativeBold")
    b.p("to act;", style="SubItem")
    b.p("to report.", style="SubItem")
    b.p("We request.", style="Operative")
    b.p("to act, a level set on the paragraph.", style="ListNumber", ilvl=1)
    b.p("An unnumbered note (numId 0).", style="ListNumber", num="0")
    b.p("We invite.", style="ListNumber")
    return b


def restarts() -> WordBuilder:
    b = WordBuilder()
    b.abstract("0", [Lvl("decimal", "%1.")])
    b.num("1", "0")
    b.num("2", "0", starts={0: 1})
    b.p("A")
    b.p("one.", num="1")
    b.p("two.", num="1")
    b.p("B")
    b.p("one again.", num="2")
    b.p("two again.", num="2")
    b.abstract("1", [Lvl("decimal", "%1.")])
    b.num("4", "1", starts={0: 12})
    b.p("twelve.", num="4")
    b.p("thirteen.", num="4")
    b.abstract("2", [Lvl("decimal", "%1.", start=5), Lvl("lowerLetter", "(%2)", start=3)])
    b.num("5", "2")
    b.p("five.", num="5")
    b.p("c.", num="5", ilvl=1)
    b.p("six.", num="5")
    b.p("c again.", num="5", ilvl=1)
    return b


def never_restarts() -> WordBuilder:
    b = WordBuilder()
    b.abstract("3", [Lvl("decimal", "%1."), Lvl("lowerLetter", "(%2)", restart=0)])
    b.num("6", "3")
    b.p("one.", num="6")
    b.p("a.", num="6", ilvl=1)
    b.p("two.", num="6")
    b.p("b, not a.", num="6", ilvl=1)
    return b


def multilevel() -> WordBuilder:
    b = WordBuilder()
    b.abstract("0", [Lvl("upperRoman", "%1."), Lvl("decimal", "%1.%2")])
    b.num("1", "0")
    b.p("Chapter.", num="1")
    b.p("We recall.", num="1", ilvl=1)
    b.p("We recall again.", num="1", ilvl=1)
    b.p("Chapter two.", num="1")
    b.p("We note.", num="1", ilvl=1)
    return b


def legal() -> WordBuilder:
    b = WordBuilder()
    b.abstract("0", [Lvl("upperRoman", "%1."), Lvl("decimal", "%1.%2"), Lvl("decimal", "%1.%2.%3", legal=True)])
    b.num("1", "0")
    b.p("Chapter.", num="1")
    b.p("We recall.", num="1", ilvl=1)
    b.p("We recall again.", num="1", ilvl=2)
    return b


def style_link() -> WordBuilder:
    b = WordBuilder()
    b.abstract("0", [Lvl("decimal", "%1.")], style_link="UNList")
    b.abstract("1", [], num_style_link="UNList")
    b.num("1", "0")
    b.num("2", "1")
    b.style("UNList", "UN list", kind="numbering", num="1")
    b.p("one.", num="2")
    b.p("two.", num="2")
    return b


def headings() -> WordBuilder:
    b = WordBuilder()
    b.abstract("0", [Lvl("upperRoman", "%1.", style="Heading1"), Lvl("upperLetter", "%2.", style="Heading2")])
    b.abstract("1", [Lvl("decimal", "%1.")])
    b.num("1", "0")
    b.num("2", "1")
    b.style("Heading1", "heading 1", num="1", outline=0)
    b.style("Heading2", "heading 2", num="1", ilvl=1, outline=1)
    b.style("Para", "Para", num="2")
    b.p("Draft outcome document")
    b.p("Introduction", style="Heading1")
    b.p("We recall.", style="Para")
    b.p("Commitments", style="Heading1")
    b.p("Digital divide", style="Heading2")
    b.p("We commit.", style="Para")
    b.p("Human rights", style="Heading2")
    b.p("We reaffirm.", style="Para")
    b.p("2 bis. We welcome, a number typed by hand.")
    return b


CASES: dict[str, Callable[[], WordBuilder]] = {
    "all_levels": all_levels, "formats": formats, "style_chain": style_chain, "restarts": restarts,
    "never_restarts": never_restarts, "multilevel": multilevel, "legal": legal, "style_link": style_link,
    "headings": headings, "un_resolution": un_resolution,
}


KNOWN = {
    # w:lvlRestart 0: "the numbering level shall never restart" (ECMA-376 Part 1, lvlRestart), as Word
    # counts; LibreOffice 7.4 ignores w:lvlRestart and restarts (a) under each new 1., 2.
    "never_restarts": [("(b) b, not a.", "(a) b, not a.")],
    # w:isLgl: every level's number in decimal (legal numbering), as Word shows it; LibreOffice 7.4 does not
    # read w:isLgl (later versions do)
    "legal": [("1.1.1 We recall again.", "I.1.1 We recall again.")],
}


def ours(path: Path) -> list[str]:
    word = WordDocument(path.read_bytes(), str(path))
    return [line for line in (" ".join(f"{p.label} {p.text}".split()) for p in word.paragraphs()) if line]


@pytest.mark.slow
def test_libreoffice_shows_the_numbers_we_read(tmp_path):
    paths = [CASES[name]().save(tmp_path / f"{name}.docx") for name in CASES]
    out = tmp_path / "txt"
    profile = tmp_path / ".lo-profile"
    result = subprocess.run(
        [soffice(), f"-env:UserInstallation={profile.resolve().as_uri()}", "--headless", "--norestore",
         "--convert-to", "txt:Text (encoded):UTF8", "--outdir", str(out), *map(str, paths)],
        capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    differ = {}
    for path in paths:
        text = (out / f"{path.stem}.txt").read_text(encoding="utf-8-sig")
        shown = [line for line in (" ".join(raw.split()) for raw in text.splitlines()) if line]
        mine = ours(path)
        if mine != shown:
            differ[path.stem] = [(a, b) for a, b in zip(mine, shown, strict=False) if a != b] or (mine, shown)
    assert differ == KNOWN
