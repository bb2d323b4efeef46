"""consolidate -o NEXT.docx: the next revision as Word. A text draft gives a clean UN-draft layout
that reads back as the same revision; a .docx draft keeps its styles, numbering, footer, and Word's
automatic numbers where they give the revision's labels; --tracked writes the changes as tracked
changes by the delegations that proposed them."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DRAFTS, WSIS
from docx_build import Lvl, WordBuilder
from libreoffice import accepted_paragraphs, change_authors, convert
from lxml import etree

from amendtool.cli import cli
from amendtool.docx.reader import ACCEPT_ALL, REJECT_ALL, WordDocument
from amendtool.draft.parser import load_draft, parse_docx

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
AMENDMENTS = sorted(DRAFTS.glob("*.amend"))


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def show(path: Path) -> dict:
    """show --json without what differs by nature between a text file and a Word file (lines, format)."""
    result = run("show", "--json", "--lenient", path)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    data.pop("format")
    for key in ("sections", "paragraphs"):
        for item in data[key]:
            item.pop("line")
    return data


def consolidate(draft, out, *extra, amendments=AMENDMENTS):
    result = run("consolidate", draft, *amendments, "--accept", "EU-*,JPN-2", "-o", out, *extra)
    assert result.exit_code == 0, result.output
    return out


def test_text_draft_to_docx_reads_back_as_the_same_revision(tmp_path):
    text = consolidate(WSIS, tmp_path / "next.txt")
    docx = consolidate(WSIS, tmp_path / "next.docx")
    assert show(docx) == show(text)
    assert len(show(docx)["paragraphs"]) == 60
    with zipfile.ZipFile(docx) as z:
        styles = z.read("word/styles.xml").decode()
        footer = z.read("word/footer1.xml").decode()
    assert "UN numbered paragraph" in styles and "PAGE" in footer
    assert consolidate(WSIS, tmp_path / "again.docx").read_bytes() == docx.read_bytes()


def test_tracked_revision_accepts_into_the_revision_and_rejects_into_the_draft(tmp_path):
    docx = consolidate(WSIS, tmp_path / "next.docx", "--tracked", "--renumber")
    word = WordDocument(docx.read_bytes(), str(docx))
    text = load_draft(consolidate(WSIS, tmp_path / "next.txt", "--renumber"), lenient=True)
    accepted = parse_docx(word, view=ACCEPT_ALL, lenient=True)
    rejected = parse_docx(word, view=REJECT_ALL, lenient=True)
    assert [(p.ref, p.text) for p in accepted.paragraphs] == [(p.ref, p.text) for p in text.paragraphs]
    base = load_draft(WSIS)
    assert [(p.ref, p.text) for p in rejected.paragraphs] == [(p.ref, p.text) for p in base.paragraphs]
    assert [s.ref for s in rejected.sections] == [s.ref for s in base.sections]
    authors = word.authors()
    assert {"EU", "JPN", "G77", "US"} <= set(authors)
    assert "Facilitator" in authors  # the labels renumbered


def test_tracked_needs_a_docx_output(tmp_path):
    result = run("consolidate", WSIS, *AMENDMENTS, "--accept", "EU-*", "--tracked", "-o", tmp_path / "x.txt")
    assert result.exit_code == 2
    assert "--tracked writes tracked changes into a Word document: give -o NEXT.docx" in result.stderr
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------------------------------------------
# A .docx draft numbered by styles


def un_draft(path: Path) -> Path:
    b = WordBuilder()
    b.abstract("10", [Lvl("decimal", "PP%1", style="Preambular")])
    b.abstract("11", [Lvl("decimal", "%1.", style="Operative"), Lvl("lowerLetter", "(%2)", style="SubItem")])
    b.num("21", "10")
    b.num("22", "11")
    b.style("Masthead", "Masthead")
    b.style("Preambular", "UN Preambular Paragraph", num="21")
    b.style("Operative", "UN Operative Paragraph", num="22")
    b.style("SubItem", "UN Sub-item", based_on="Operative", num="22", ilvl=1)
    b.footer("A/79/L.99 draft footer")
    b.p("Draft resolution on digital cooperation", style="Masthead")
    b.p("The General Assembly,")
    b.p("Recalling its resolution 70/1,", style="Preambular")
    b.p("Reaffirming the outcome of the World Summit on the Information Society,", style="Preambular")
    b.p("Decides to convene a high-level meeting in 2025;", style="Operative")
    b.p("Requests a report that addresses:", style="Operative")
    b.p("progress made;", style="SubItem")
    b.p("remaining gaps;", style="SubItem")
    b.p("Invites Member States to contribute;", style="Operative")
    b.p("Decides to remain seized of the matter.", style="Operative")
    return b.save(path)


EU = """by: EU
date: 2025-03-01
1: replace "high-level meeting" with "high-level plenary meeting"
2: add paragraph after "Encourages Member States to share good practices;"
"""
US = """by: US
date: 2025-03-02
3: delete paragraph
Pp2: insert " (WSIS)" after "Information Society"
"""


@pytest.fixture
def docx_case(tmp_path):
    draft = un_draft(tmp_path / "draft.docx")
    (tmp_path / "eu.amend").write_text(EU, encoding="utf-8")
    (tmp_path / "us.amend").write_text(US, encoding="utf-8")
    return draft, [tmp_path / "eu.amend", tmp_path / "us.amend"]


def body_paragraphs(path: Path):
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("word/document.xml"))
    out = []
    for p in root.iter(f"{{{W}}}p"):
        style = p.find(f"{{{W}}}pPr/{{{W}}}pStyle")
        num = p.find(f"{{{W}}}pPr/{{{W}}}numPr/{{{W}}}numId")
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
        out.append((style.get(f"{{{W}}}val") if style is not None else None,
                    num.get(f"{{{W}}}val") if num is not None else None, text))
    return out


def test_docx_draft_keeps_its_styles_numbering_and_footer(docx_case, tmp_path):
    draft, amendments = docx_case
    out = tmp_path / "next.docx"
    result = run("consolidate", draft, *amendments, "--accept", "EU-*,US-*", "-o", out)
    assert result.exit_code == 0, result.output
    text = tmp_path / "next.txt"
    assert run("consolidate", draft, *amendments, "--accept", "EU-*,US-*", "-o", text).exit_code == 0
    assert show(out) == show(text)
    assert [p["ref"] for p in show(out)["paragraphs"]] == [
        "¶1", "Pp1", "Pp2", "1", "2", "2(a)", "2(b)", "2 bis", "4"]
    with zipfile.ZipFile(draft) as a, zipfile.ZipFile(out) as b:
        for part in ("word/styles.xml", "word/numbering.xml", "word/footer1.xml"):
            assert a.read(part) == b.read(part), part
        sect = etree.fromstring(b.read("word/document.xml")).find(f".//{{{W}}}body/{{{W}}}sectPr")
        assert sect is not None and sect.find(f"{{{W}}}footerReference") is not None
    # Word's automatic numbers stay where they count right; "2 bis" and the "4" after the deleted 3
    # are typed, their automatic number switched off (numId 0), in their neighbours' style
    assert body_paragraphs(out) == [
        ("Masthead", None, "Draft resolution on digital cooperation"),
        (None, None, "The General Assembly,"),
        ("Preambular", None, "Recalling its resolution 70/1,"),
        ("Preambular", None, "Reaffirming the outcome of the World Summit on the Information Society (WSIS),"),
        ("Operative", None, "Decides to convene a high-level plenary meeting in 2025;"),
        ("Operative", None, "Requests a report that addresses:"),
        ("SubItem", None, "progress made;"),
        ("SubItem", None, "remaining gaps;"),
        ("Operative", "0", "2 bis.Encourages Member States to share good practices;"),
        ("Operative", "0", "4.Decides to remain seized of the matter."),
    ]


def test_docx_draft_renumbered_keeps_every_automatic_number(docx_case, tmp_path):
    draft, amendments = docx_case
    out = tmp_path / "next.docx"
    result = run("consolidate", draft, *amendments, "--accept", "EU-*,US-*", "--renumber", "-o", out)
    assert result.exit_code == 0, result.output
    assert [n for _s, n, _t in body_paragraphs(out)] == [None] * 10
    assert [p["ref"] for p in show(out)["paragraphs"]] == ["¶1", "Pp1", "Pp2", "1", "2", "2(a)", "2(b)", "3", "4"]


@pytest.mark.slow
def test_tracked_docx_revision_in_libreoffice(docx_case, tmp_path):
    draft, amendments = docx_case
    out = tmp_path / "next.docx"
    result = run("consolidate", draft, *amendments, "--accept", "EU-*,US-*", "--tracked", "-o", out)
    assert result.exit_code == 0, result.output
    word = WordDocument(out.read_bytes(), str(out))
    assert set(word.authors()) == {"EU", "US"}
    fodt = convert(out, "fodt", tmp_path / "lo")
    assert set(change_authors(fodt)) == {"EU", "US"}
    ours = [" ".join(f"{p.label} {p.text}".split()) for p in word.paragraphs(ACCEPT_ALL)]
    assert accepted_paragraphs(fodt) == [p for p in ours if p]
    plain = tmp_path / "plain.docx"
    assert run("consolidate", draft, *amendments, "--accept", "EU-*,US-*", "-o", plain).exit_code == 0
    assert convert(plain, "pdf", tmp_path / "lo").read_bytes().startswith(b"%PDF")
    assert convert(consolidate(WSIS, tmp_path / "wsis.docx"), "pdf", tmp_path / "lo").read_bytes().startswith(b"%PDF")


def test_the_commands_author_default_is_the_writers():
    """The command names ``--author``'s default without importing the Word writer (start-up)."""
    from amendtool.cli.consolidate import DEFAULT_AUTHOR as OPTION_DEFAULT
    from amendtool.render.revision import DEFAULT_AUTHOR

    assert OPTION_DEFAULT == DEFAULT_AUTHOR
