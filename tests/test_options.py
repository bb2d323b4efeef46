"""Option blocks, bracketed headings and roman-numeral section headings: drafts written in the shape of
UNFCCC negotiating texts, as text, Markdown and Word.

Cases are files in ``tests/fixtures/options/``: ``NAME.txt`` or ``NAME.md`` beside ``NAME.show.json``
(what ``amendtool show --json`` prints) and ``NAME.brackets.json`` (``amendtool brackets --json``).
Adding a case is adding files; ``AMENDTOOL_REGEN=1`` writes the expected files on purpose. Each text
case is also written as a Word document (its numbers as Word's automatic numbering, roman headings as
a numbered list in the body style): ``show --json`` gives the same outline.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import check_golden, corpus_file
from docx_build import Lvl, WordBuilder

from amendtool.amend import load_amendments
from amendtool.cli import cli
from amendtool.consolidate import consolidate
from amendtool.draft.parser import load_draft
from amendtool.draft.refs import lookup

FIXTURES = Path(__file__).parent / "fixtures" / "options"
CASES = sorted(p for p in FIXTURES.iterdir() if p.suffix in (".txt", ".md"))
TEXT_CASES = [c for c in CASES if c.suffix == ".txt"]


def run(*args) -> str:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_show_json(case):
    check_golden(case.with_suffix(".show.json"), run("show", "--json", case))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_brackets_json(case):
    check_golden(case.with_suffix(".brackets.json"), run("brackets", "--json", case))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_lossless(case):
    assert load_draft(case).render() == case.read_text(encoding="utf-8")


_ROMAN_LINE = re.compile(r"^([IVX]+)\.\s+(.*)$")
_NUMBERED_LINE = re.compile(r"^(\d+)\.\s+(.*)$")


def as_word(text: str, path: Path) -> Path:
    """The text draft as a Word document: ``I.`` lines a roman-numbered list, ``1.`` lines a decimal
    list (a new list where the numbers start again), every other line a plain paragraph."""
    doc = WordBuilder()
    doc.abstract("0", [Lvl("upperRoman", "%1.")])
    doc.num("1", "0")
    doc.abstract("1", [Lvl("decimal", "%1.")])
    lists, previous = 1, None
    for line in text.splitlines():
        if not line.strip():
            continue
        if m := _ROMAN_LINE.match(line):
            doc.p(m.group(2), num="1")
        elif m := _NUMBERED_LINE.match(line):
            number = int(m.group(1))
            if previous is None or number != previous + 1:
                lists += 1
                doc.num(str(lists), "1", starts={0: number})
            previous = number
            doc.p(m.group(2), num=str(lists))
        else:
            doc.p(line)
    doc.save(path)
    return path


def comparable(outline: dict) -> dict:
    """An outline without what differs between a text and its Word copy by design: the format and
    the line numbers."""
    out = {k: v for k, v in outline.items() if k != "format"}
    for key in ("sections", "paragraphs"):
        out[key] = [{k: v for k, v in entry.items() if k != "line"} for entry in outline[key]]
    return out


@pytest.mark.parametrize("case", TEXT_CASES, ids=[c.name for c in TEXT_CASES])
def test_word_copy_has_the_same_outline(case, tmp_path):
    docx = as_word(case.read_text(encoding="utf-8"), tmp_path / (case.stem + ".docx"))
    from_text = json.loads(run("show", "--json", case))
    from_word = json.loads(run("show", "--json", docx))
    assert from_word["format"] == "docx"
    assert comparable(from_word) == comparable(from_text)
    alternatives = [(b["ref"], b["kind"], b["alternatives"]) for b in json.loads(run("brackets", "--json", docx))]
    assert alternatives == [(b["ref"], b["kind"], b["alternatives"])
                            for b in json.loads(run("brackets", "--json", case))]


def test_roman_headings_are_sections_not_paragraphs():
    doc = load_draft(FIXTURES / "decision_options.txt")
    assert [(s.ref, s.heading.title) for s in doc.sections] == [
        ("I", "Scope of this decision"),
        ("II", "[Further guidance on initial reports] [Additional guidance]"),
        ("III", "Modalities and procedures for the technical expert review of reports"),
        ("IV", "Final provisions"),
    ]
    assert not any(p.text.startswith(("Scope", "Modalities", "Final")) for p in doc.paragraphs)


def test_a_marker_holds_its_paragraphs_until_the_next_option():
    doc = load_draft(FIXTURES / "decision_options.txt")
    options = [p for p in doc.paragraphs if p.kind == "option"]
    assert [(o.ref, [c.ref for c in o.children if hasattr(c, "ref")]) for o in options] == [
        ("III Option 1", ["III Option 1.4", "III Option 1.5"]),
        ("III Option 2", ["III Option 2 ¶1"]),
        ("III Option 2 bis", ["III Option 2 bis.6"]),
    ]
    assert options[1].children[-1].text == "{No text required}"  # a placeholder is an option's text
    assert doc.paragraphs[-1].ref == "7" and doc.paragraphs[-1].parent is None  # the heading ends the block


def test_references_name_options_as_delegates_do():
    from amendtool.draft.refs import lookup

    doc = load_draft(FIXTURES / "article_options.txt")
    assert lookup(doc, "3.2 Option 2").text.startswith("All Parties shall undertake")
    assert lookup(doc, "Article 4 Option I").kind == "option"
    assert lookup(doc, "4 Option I.2").text == "The mechanism shall be guided by the CMA."
    assert lookup(doc, "5 Option B.1").text == "Parties may cooperate on capacity-building."
    # a note naming the paragraphs an option covers ends the block after them
    assert lookup(doc, "Article 5.3").parent is None
    # a placeholder after an option that has its text is a divider, not the option's
    assert lookup(doc, "Article 6 ¶1").text == "{Timing}"


@pytest.mark.corpus
def test_option_blocks_of_the_paris_draft_of_4_december(tmp_path):
    """The 4 December Paris draft (Markdown): its option blocks listed by brackets --json (kind options),
    named as delegates name them, and amended (retain one, delete one, add one after)."""
    path = corpus_file("paris_2015-12-04_draft_agreement_okfn.md")
    listing = CliRunner().invoke(cli, ["brackets", "--lenient", "--json", str(path)])
    groups = [b for b in json.loads(listing.stdout) if b["kind"] == "options"]
    assert len(groups) == 42
    assert groups[0]["options"] == ["Article 2 Option 1", "Article 2 Option 2"]
    assert groups[0]["alternatives"] == ["Option 1: paragraphs 2 Option 1.1, 2 Option 1.2", "Option 2: No text"]
    doc = load_draft(path, lenient=True)
    assert lookup(doc, "6.4 Option 2").text.startswith("[Developed country Parties and other Parties")
    assert lookup(doc, "2 Option 1.2").parent == "Article 2 Option 1"
    amend = tmp_path / "x.amend"
    amend.write_text('by: AOSIS\nArticle 2 Option 1: retain\n6.4 Option 3: delete\n'
                     '6.4 Option 2: add option after with "Parties shall mobilize climate finance."\n', encoding="utf-8")
    c = consolidate(doc, load_amendments(doc, [amend]), accept=["AOSIS-*"], lenient=True)
    after = {p.ref: p for p in c.document.paragraphs}
    assert "Article 2 Option 1" not in after and "Article 2 Option 2" not in after  # retained: the label goes
    assert after["6.4 Option 2 bis"].text == "Parties shall mobilize climate finance."
    assert "6.4 Option 3" not in after
