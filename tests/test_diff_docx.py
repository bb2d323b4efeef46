"""diff -o changes.docx: a redline like Word's Compare. Accept All gives NEW (read back by our reader
and by LibreOffice), Reject All gives OLD; moves are w:moveFrom/w:moveTo; the author is Rev.1 or
--author."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import WSIS
from libreoffice import accepted_paragraphs, change_authors, convert
from lxml import etree

from amendtool.cli import cli
from amendtool.docx.reader import ACCEPT_ALL, REJECT_ALL, WordDocument
from amendtool.draft.parser import load_draft, parse_docx
from amendtool.render.redline import title_pairs

GOLDEN = Path(__file__).resolve().parent / "golden" / "diff"
REV1 = GOLDEN / "wsis_rev1.txt"
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def run(*args):
    return CliRunner().invoke(cli, ["diff", *map(str, args)])


def outline(doc):
    return ([(s.ref, s.heading.title) for s in doc.sections], [(p.ref, p.text) for p in doc.paragraphs])


def redline(old, new, tmp_path, *extra) -> Path:
    out = tmp_path / "changes.docx"
    result = run(old, new, "-o", out, *extra)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"wrote {out}: redline, ") and result.stderr == ""
    return out


def views(path: Path):
    word = WordDocument(path.read_bytes(), str(path))
    return parse_docx(word, view=ACCEPT_ALL, lenient=True), parse_docx(word, view=REJECT_ALL, lenient=True)


def test_accept_all_gives_new_and_reject_all_gives_old(tmp_path):
    out = redline(WSIS, REV1, tmp_path)
    accepted, rejected = views(out)
    assert outline(accepted) == outline(load_draft(REV1, lenient=True))
    assert outline(rejected) == outline(load_draft(WSIS, lenient=True))
    word = WordDocument(out.read_bytes(), str(out))
    assert set(word.authors()) == {"Rev.1"}


def test_author_option_and_deterministic_bytes(tmp_path):
    out = redline(WSIS, REV1, tmp_path, "--author", "Rev.2 (co-facilitators)")
    first = out.read_bytes()
    assert set(WordDocument(first, "x").authors()) == {"Rev.2 (co-facilitators)"}
    assert redline(WSIS, REV1, tmp_path, "--author", "Rev.2 (co-facilitators)").read_bytes() == first
    with zipfile.ZipFile(out) as z:
        footer = z.read("word/footer1.xml").decode()
        settings = z.read("word/settings.xml").decode()
    assert "wsis10_zero_draft.txt \u2192 wsis_rev1.txt: changes tracked as Rev.2 (co-facilitators)" in footer
    assert "PAGE" in footer and "NUMPAGES" in footer
    assert "trackRevisions" in settings


OLD = """Draft decision

1. We recall the outcome of the World Summit on the Information Society.

2. We note that almost 10 per cent of the population is offline.

3. We recognize the role of the private sector in investment.

4. We commit to connect all schools by 2030. We also commit to connect all hospitals by 2030.

5. We welcome the work of the Commission. We thank its secretariat for its support.

6. We note the report of the Secretary-General on the implementation.

7. We decide to remain seized of the matter.
"""
NEW = """Draft decision

1. We recall the outcome of the World Summit on the Information Society.

2. We recognize the role of the private sector in investment.

3. We note that nearly 10 per cent of the population is still offline.

4. We commit to connect all schools by 2030.

5. We also commit to connect all hospitals by 2030.

6. We welcome the work of the Commission, and we thank its secretariat for its support and its report.

7. We invite Member States to contribute.

8. We decide to remain seized of the matter.
"""


@pytest.fixture
def drafts(tmp_path):
    old, new = tmp_path / "old.txt", tmp_path / "new.txt"
    old.write_text(OLD, encoding="utf-8")
    new.write_text(NEW, encoding="utf-8")
    return old, new


def body(path: Path):
    with zipfile.ZipFile(path) as z:
        return etree.fromstring(z.read("word/document.xml"))


def test_moves_splits_merges_renumbering(drafts, tmp_path):
    old, new = drafts
    out = redline(old, new, tmp_path)
    accepted, rejected = views(out)
    assert outline(accepted) == outline(load_draft(new))
    assert outline(rejected) == outline(load_draft(old))
    root = body(out)
    move_from = root.findall(f".//{{{W}}}moveFrom")
    move_to = root.findall(f".//{{{W}}}moveTo")
    assert move_from and move_to
    names = {el.get(f"{{{W}}}name") for el in root.iter(f"{{{W}}}moveFromRangeStart")}
    assert names == {el.get(f"{{{W}}}name") for el in root.iter(f"{{{W}}}moveToRangeStart")} and names
    moved = "".join(t.text for el in move_from for t in el.iter(f"{{{W}}}delText"))
    assert moved == "3. We recognize the role of the private sector in investment."  # 2 and 3 swapped places


@pytest.mark.slow
def test_libreoffice_reads_the_redline_and_its_author(drafts, tmp_path):
    old, new = drafts
    out = redline(old, new, tmp_path, "--author", "Rev.1 facilitators")
    fodt = convert(out, "fodt", tmp_path / "lo")
    authors = change_authors(fodt)
    assert set(authors) == {"Rev.1 facilitators"}
    word = WordDocument(out.read_bytes(), str(out))
    ours = [" ".join(f"{p.label} {p.text}".split()) for p in word.paragraphs(ACCEPT_ALL)]
    assert accepted_paragraphs(fodt) == [p for p in ours if p]
    assert accepted_paragraphs(fodt)[1:4] == [
        "1. We recall the outcome of the World Summit on the Information Society.",
        "2. We recognize the role of the private sector in investment.",
        "3. We note that nearly 10 per cent of the population is still offline.",
    ]


@pytest.mark.slow
def test_libreoffice_accepts_the_wsis_redline_into_rev1(tmp_path):
    out = redline(WSIS, REV1, tmp_path)
    fodt = convert(out, "fodt", tmp_path / "lo")
    word = WordDocument(out.read_bytes(), str(out))
    ours = [" ".join(f"{p.label} {p.text}".split()) for p in word.paragraphs(ACCEPT_ALL)]
    accepted = accepted_paragraphs(fodt)
    assert accepted == [p for p in ours if p]  # and ours read back as REV1 (the first test)
    assert accepted[1] == "Revised Draft (Rev.1)"
    # LibreOffice's Accept All, read as a text draft, is REV1: the same headings and paragraphs
    as_text = tmp_path / "accepted.txt"
    as_text.write_text("\n\n".join(accepted) + "\n", encoding="utf-8")
    assert outline(load_draft(as_text, lenient=True)) == outline(load_draft(REV1, lenient=True))
    pdf = convert(out, "pdf", tmp_path / "lo")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_docx_needs_an_output_file(drafts):
    old, new = drafts
    result = run(old, new, "--format", "docx")
    assert result.exit_code == 2
    assert "a .docx redline is written to a file: give -o changes.docx" in result.stderr


def test_title_lines_are_paired_as_a_reader_would():
    old = ["Type of Instrument", "Resolutions & Declarations", "Review of WSIS Outcomes", "Review of WSIS Outcomes",
           "Zero Draft"]
    new = ["Review of WSIS Outcomes", "Revised Draft (Rev.1)"]
    assert title_pairs(old, new) == [(0, None), (1, None), (2, 0), (3, None), (4, 1)]
    assert title_pairs(["A draft"], ["A draft"]) == [(0, 0)]
    assert title_pairs([], ["Rev.1"]) == [(None, 0)]
    assert title_pairs(["Zero Draft", "Old"], []) == [(0, None), (1, None)]


def test_wsis_title_redline_keeps_the_title_and_changes_zero_draft_into_rev1(tmp_path):
    root = etree.fromstring(zipfile.ZipFile(redline(WSIS, REV1, tmp_path)).read("word/document.xml"))
    first = []
    for p in root.iter(f"{{{W}}}p"):
        kept = "".join(t.text or "" for t in p.iter(f"{{{W}}}t") if t.getparent().getparent().tag != f"{{{W}}}ins")
        inserted = "".join(t.text or "" for t in p.iter(f"{{{W}}}t") if t.getparent().getparent().tag == f"{{{W}}}ins")
        deleted = "".join(t.text or "" for t in p.iter(f"{{{W}}}delText"))
        first.append((deleted, kept, inserted))
        if len(first) == 5:
            break
    assert first == [
        ("Type of Instrument", "", ""),
        ("Resolutions & Declarations", "", ""),
        ("", "United Nations General Assembly\u2019s Overall Review of the Implementation of WSIS Outcomes", ""),
        ("United Nations General Assembly\u2019s Overall Review of the Implementation of WSIS Outcomes", "", ""),
        ("Zero", " Draft", "Revised (Rev.1)"),
    ]
