"""Word numbering read as Word shows it: one small document per case, built with lxml
(``docx_build.py``), plus a UN resolution draft numbered by styles."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx_build import Lvl, WordBuilder

from amendtool.cli import cli
from amendtool.docx.numbering import format_number
from amendtool.docx.reader import WordDocument
from amendtool.draft.parser import load_draft
from amendtool.errors import InputFileError


def labels(builder: WordBuilder, tmp_path, name="d.docx") -> list[str]:
    word = WordDocument(builder.bytes(), name)
    return [p.label for p in word.paragraphs()]


def refs(builder: WordBuilder, tmp_path, name="d.docx") -> list[str]:
    return [p.ref for p in load_draft(builder.save(tmp_path / name)).paragraphs]


def outline_list(builder: WordBuilder) -> WordBuilder:
    builder.abstract("0", [Lvl("decimal", "%1."), Lvl("lowerLetter", "(%2)"), Lvl("lowerRoman", "(%3)")])
    builder.num("1", "0")
    return builder


@pytest.mark.parametrize(("n", "fmt", "expected"), [
    (1, "decimal", "1"), (12, "decimal", "12"), (3, "decimalZero", "03"), (12, "decimalZero", "12"),
    (1, "lowerLetter", "a"), (26, "lowerLetter", "z"), (27, "lowerLetter", "aa"), (28, "lowerLetter", "bb"),
    (53, "lowerLetter", "aaa"), (3, "upperLetter", "C"), (4, "lowerRoman", "iv"), (14, "upperRoman", "XIV"),
    (1999, "upperRoman", "MCMXCIX"), (1, "ordinal", "1st"), (12, "ordinal", "12th"), (22, "ordinal", "22nd"),
    (3, "cardinalText", "Three"), (21, "cardinalText", "Twenty-one"), (2, "ordinalText", "Second"),
    (20, "ordinalText", "Twentieth"), (5, "chineseCounting", "5"), (0, "lowerLetter", "0"),
])
def test_number_formats(n, fmt, expected):
    assert format_number(n, fmt) == expected


def test_paragraph_level_numbering_all_levels(tmp_path):
    b = outline_list(WordBuilder())
    b.p("We note:", num="1")
    b.p("first;", num="1", ilvl=1)
    b.p("with a point", num="1", ilvl=2)
    b.p("and another;", num="1", ilvl=2)
    b.p("second.", num="1", ilvl=1)
    b.p("We decide:", num="1")
    b.p("again (a).", num="1", ilvl=1)
    assert labels(b, tmp_path) == ["1.", "(a)", "(i)", "(ii)", "(b)", "2.", "(a)"]
    assert refs(b, tmp_path) == ["1", "1(a)", "1(a)(i)", "1(a)(ii)", "1(b)", "2", "2(a)"]


@pytest.mark.parametrize(("fmt", "text", "shown"), [
    ("decimal", "%1.", ["1.", "2.", "3."]),
    ("lowerLetter", "(%1)", ["(a)", "(b)", "(c)"]),
    ("upperLetter", "%1.", ["A.", "B.", "C."]),
    ("lowerRoman", "(%1)", ["(i)", "(ii)", "(iii)"]),
    ("upperRoman", "%1.", ["I.", "II.", "III."]),
    ("decimal", "PP%1", ["PP1", "PP2", "PP3"]),
    ("decimal", "%1)", ["1)", "2)", "3)"]),
])
def test_formats_in_a_document(tmp_path, fmt, text, shown):
    b = WordBuilder()
    b.abstract("0", [Lvl(fmt, text)])
    b.num("1", "0")
    for word in ("One", "Two", "Three"):
        b.p(f"{word} paragraph.", num="1")
    assert labels(b, tmp_path) == shown


def test_style_level_numbering_no_numpr_on_the_paragraphs(tmp_path):
    b = WordBuilder()
    b.abstract("0", [Lvl("decimal", "%1.")])
    b.num("5", "0")
    b.style("ListNumber", "List Number", based_on="Normal", num="5")
    b.p("Zero draft")
    for k in range(1, 13):
        b.p(f"We recall paragraph {k}.", style="ListNumber")
    assert refs(b, tmp_path) == [str(k) for k in range(1, 13)]


def test_style_numbering_inherited_through_based_on_chain(tmp_path):
    b = outline_list(WordBuilder())
    b.style("ListNumber", "List Number", num="1")
    b.style("Operative", "Operative", based_on="ListNumber")
    b.style("OperativeBold", "Operative bold", based_on="Operative")
    b.style("SubItem", "Sub-item", based_on="Operative", ilvl=1)
    b.p("We decide:", style="OperativeBold")
    b.p("to act;", style="SubItem")
    b.p("to report.", style="SubItem")
    b.p("We request.", style="Operative")
    assert labels(b, tmp_path) == ["1.", "(a)", "(b)", "2."]


def test_style_loop_in_based_on_is_cut(tmp_path):
    b = outline_list(WordBuilder())
    b.style("A", "A", based_on="B", num="1")
    b.style("B", "B", based_on="A")
    b.p("We decide.", style="B")
    assert labels(b, tmp_path) == ["1."]


def test_paragraph_ilvl_with_style_list(tmp_path):
    b = outline_list(WordBuilder())
    b.style("ListNumber", "List Number", num="1")
    b.p("We decide:", style="ListNumber")
    b.p("to act.", style="ListNumber", ilvl=1)
    assert labels(b, tmp_path) == ["1.", "(a)"]


def test_num_id_zero_removes_style_numbering(tmp_path):
    b = outline_list(WordBuilder())
    b.style("ListNumber", "List Number", num="1")
    b.p("We decide.", style="ListNumber")
    b.p("An unnumbered note under it.", style="ListNumber", num="0")
    b.p("We request.", style="ListNumber")
    assert labels(b, tmp_path) == ["1.", "", "2."]


def test_restart_with_start_override(tmp_path):
    b = WordBuilder()
    b.abstract("0", [Lvl("decimal", "%1.")])
    b.num("1", "0")
    b.num("2", "0", starts={0: 1})
    b.num("3", "0")
    b.p("A", outline=0)
    b.p("one.", num="1")
    b.p("two.", num="1")
    b.p("B", outline=0)
    b.p("one again.", num="2")
    b.p("two again.", num="2")
    b.p("three, a list sharing the definition continues.", num="3")
    assert labels(b, tmp_path) == ["", "1.", "2.", "", "1.", "2.", "3."]
    assert refs(b, tmp_path) == ["A.1", "A.2", "B.1", "B.2", "B.3"]


def test_start_override_at_another_value_and_level_override(tmp_path):
    b = outline_list(WordBuilder())
    b.num("2", "0", starts={0: 12})
    b.num("3", "0", levels={0: Lvl("upperRoman", "%1.", start=4)})
    b.p("twelve.", num="2")
    b.p("thirteen.", num="2")
    b.p("roman, the shared counter goes on.", num="3")
    assert labels(b, tmp_path) == ["12.", "13.", "XIV."]


def test_start_value_of_a_level(tmp_path):
    b = WordBuilder()
    b.abstract("0", [Lvl("decimal", "%1.", start=5), Lvl("lowerLetter", "(%2)", start=3)])
    b.num("1", "0")
    b.p("five.", num="1")
    b.p("c.", num="1", ilvl=1)
    b.p("six.", num="1")
    b.p("c again.", num="1", ilvl=1)
    assert labels(b, tmp_path) == ["5.", "(c)", "6.", "(c)"]


def test_level_that_never_restarts(tmp_path):
    b = WordBuilder()
    b.abstract("0", [Lvl("decimal", "%1."), Lvl("lowerLetter", "(%2)", restart=0)])
    b.num("1", "0")
    b.p("one.", num="1")
    b.p("a.", num="1", ilvl=1)
    b.p("two.", num="1")
    b.p("b, not a.", num="1", ilvl=1)
    assert labels(b, tmp_path) == ["1.", "(a)", "2.", "(b)"]


def test_multilevel_text_and_legal_numbering(tmp_path):
    b = WordBuilder()
    b.abstract("0", [Lvl("upperRoman", "%1."), Lvl("decimal", "%1.%2"), Lvl("decimal", "%1.%2.%3", legal=True)])
    b.num("1", "0")
    b.p("Chapter.", num="1")
    b.p("We recall.", num="1", ilvl=1)
    b.p("We recall again.", num="1", ilvl=2)
    b.p("Chapter two.", num="1")
    b.p("We note.", num="1", ilvl=1)
    assert labels(b, tmp_path) == ["I.", "I.1", "1.1.1", "II.", "II.1"]


def test_bullets_and_unknown_lists_give_no_label(tmp_path):
    b = WordBuilder()
    b.abstract("0", [Lvl("bullet", "\u2022")])
    b.num("1", "0")
    b.p("A bullet.", num="1")
    b.p("A list that is not defined.", num="9")
    b.p("A level that is not defined.", num="1", ilvl=4)
    assert labels(b, tmp_path) == ["", "", ""]


def test_numbering_style_link(tmp_path):
    b = WordBuilder()
    b.abstract("0", [Lvl("decimal", "%1.")], style_link="UNList")
    b.abstract("1", [], num_style_link="UNList")
    b.num("1", "0")
    b.num("2", "1")
    b.style("UNList", "UN list", kind="numbering", num="1")
    b.p("one.", num="2")
    b.p("two.", num="2")
    assert labels(b, tmp_path) == ["1.", "2."]


def test_manual_numbers_typed_as_text_mix_with_automatic_ones(tmp_path):
    b = outline_list(WordBuilder())
    b.style("ListNumber", "List Number", num="1")
    b.p("We recall.", style="ListNumber")
    b.p("We note.", style="ListNumber")
    b.p("2 bis. We welcome, typed by hand between 2 and 3.")
    b.p("We decide.", style="ListNumber")
    b.p("4. We request, typed by hand.")
    assert refs(b, tmp_path) == ["1", "2", "2 bis", "3", "4"]


def test_numbered_headings_by_style(tmp_path):
    b = WordBuilder()
    b.abstract("0", [Lvl("upperRoman", "%1.", style="Heading1"), Lvl("upperLetter", "%2.", style="Heading2")])
    b.abstract("1", [Lvl("decimal", "%1.")])
    b.num("1", "0")
    b.num("2", "1")
    b.style("Heading1", "heading 1", num="1", outline=0)
    b.style("Heading2", "heading 2", num="1", outline=1)
    b.style("Para", "Para", num="2")
    b.p("Draft outcome document")
    b.p("Introduction", style="Heading1")
    b.p("We recall.", style="Para")
    b.p("Commitments", style="Heading1")
    b.p("Digital divide", style="Heading2")
    b.p("We commit.", style="Para")
    b.p("Human rights", style="Heading2")
    b.p("We reaffirm.", style="Para")
    doc = load_draft(b.save(tmp_path / "h.docx"))
    assert [(s.ref, s.heading.number, s.heading.title) for s in doc.sections] == [
        ("I", "I", "Introduction"), ("II", "II", "Commitments"), ("A", "A", "Digital divide"),
        ("B", "B", "Human rights")]
    assert [(p.ref, p.section) for p in doc.paragraphs] == [("1", "I"), ("2", "A"), ("3", "B")]


def test_article_headings_and_decimal_headings(tmp_path):
    b = WordBuilder()
    b.abstract("0", [Lvl("decimal", "Article %1", style="Heading1")])
    b.abstract("1", [Lvl("decimal", "%1.")])
    b.num("1", "0")
    for k in range(2, 4):
        b.num(str(k), "1", starts={0: 1})
    b.style("Heading1", "heading 1", num="1", outline=0)
    b.p("Purpose", style="Heading1")
    b.p("This Agreement aims.", num="2")
    b.p("It will be implemented.", num="2")
    b.p("Mitigation", style="Heading1")
    b.p("Parties aim.", num="3")
    b.p("Each Party shall.", num="3")
    doc = load_draft(b.save(tmp_path / "a.docx"))
    assert [(s.ref, s.heading.title) for s in doc.sections] == [("Article 1", "Purpose"), ("Article 2", "Mitigation")]
    assert [p.ref for p in doc.paragraphs] == ["Article 1.1", "Article 1.2", "Article 2.1", "Article 2.2"]


def test_unnumbered_heading_style_is_a_heading(tmp_path):
    b = outline_list(WordBuilder())
    b.style("Heading1", "heading 1", outline=0)
    b.style("Heading2", "heading 2")  # no outline level written: the built-in name says it
    b.p("Preamble", style="Heading1")
    b.p("Recalling its resolution.", num="1")
    b.p("We note that this is a long sentence ending in a full stop.", style="Heading2")
    doc = load_draft(b.save(tmp_path / "u.docx"))
    assert [s.heading.title for s in doc.sections] == [
        "Preamble", "We note that this is a long sentence ending in a full stop."]


def test_tracked_paragraph_does_not_count_when_rejected(tmp_path):
    from amendtool.docx.reader import REJECT_ALL

    b = outline_list(WordBuilder())
    b.p("We recall.", num="1")
    b.p(("ins", "EU", "We welcome."), num="1", mark=("ins", "EU"))
    b.p("We decide.", num="1")
    word = WordDocument(b.bytes(), "t.docx")
    assert [(p.label, p.text) for p in word.paragraphs()] == [("1.", "We recall."), ("2.", "We welcome."),
                                                              ("3.", "We decide.")]
    assert [(p.label, p.text) for p in word.paragraphs(REJECT_ALL)] == [("1.", "We recall."), ("2.", "We decide.")]


# ---------------------------------------------------------------------------------------------------
# A UN resolution draft as the secretariat issues it: preamble and operative paragraphs numbered by
# their styles (PP1 ..., 1. ...), sub-items (a) (b) and (i) (ii) by the operative list's levels.

PREAMBLE = [
    "Recalling its resolution 70/1 of 25 September 2015, entitled \u201cTransforming our world: the 2030 "
    "Agenda for Sustainable Development\u201d,",
    "Reaffirming the outcome of the World Summit on the Information Society,",
    "Noting with concern the [digital divide] [digital divides] between and within countries,",
]
OPERATIVE = [
    ("Decides to convene a high-level meeting in 2025;", []),
    ("Requests the Secretary-General to submit a report that addresses:", [
        ("progress made;", ["at the national level;", "at the regional level;"]),
        ("remaining gaps;", []),
    ]),
    ("Invites Member States to contribute;", []),
    ("Decides to remain seized of the matter.", []),
]


def un_resolution() -> WordBuilder:
    b = WordBuilder()
    b.abstract("10", [Lvl("decimal", "PP%1", style="Preambular")])
    b.abstract("11", [Lvl("decimal", "%1.", style="Operative"), Lvl("lowerLetter", "(%2)", style="SubItem"),
                      Lvl("lowerRoman", "(%3)", style="SubSubItem")])
    b.num("21", "10")
    b.num("22", "11")
    b.style("Title", "Title")
    b.style("Preambular", "UN Preambular Paragraph", num="21")
    b.style("Operative", "UN Operative Paragraph", num="22")
    b.style("SubItem", "UN Sub-item", based_on="Operative", num="22", ilvl=1)
    b.style("SubSubItem", "UN Sub-sub-item", based_on="SubItem", ilvl=2)
    for line in ("United Nations A/79/L.99", "General Assembly", "Seventy-ninth session",
                 "Agenda item 13", "Draft resolution submitted by the President of the General Assembly"):
        b.p(line, style="Title")
    b.p("The General Assembly,")
    for text in PREAMBLE:
        b.p(text, style="Preambular")
    for text, items in OPERATIVE:
        b.p(text, style="Operative")
        for item, points in items:
            b.p(item, style="SubItem")
            for point in points:
                b.p(point, style="SubSubItem")
    return b


def test_un_resolution_numbered_by_styles_shows_as_word_numbers_it(tmp_path):
    path = un_resolution().save(tmp_path / "A_79_L99.docx")
    result = CliRunner().invoke(cli, ["show", "--json", str(path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["format"] == "docx"
    assert data["title"] == "Draft resolution submitted by the President of the General Assembly"
    # the chapeau is a paragraph of its own, as in a text draft
    assert [(p["ref"], p["label"], p["kind"]) for p in data["paragraphs"]] == [
        ("¶1", None, "plain"), ("Pp1", "Pp1", "preambular"), ("Pp2", "Pp2", "preambular"), ("Pp3", "Pp3", "preambular"),
        ("1", "1", "numbered"), ("2", "2", "numbered"), ("2(a)", "(a)", "sub-item"),
        ("2(a)(i)", "(i)", "sub-item"), ("2(a)(ii)", "(ii)", "sub-item"), ("2(b)", "(b)", "sub-item"),
        ("3", "3", "numbered"), ("4", "4", "numbered"),
    ]
    assert data["paragraphs"][3]["bracket_groups"] == 1
    assert data["paragraphs"][1]["text"] == PREAMBLE[0]
    shown = CliRunner().invoke(cli, ["show", str(path)]).stdout
    assert "2(a)(ii)  at the regional level;" in shown


# ---------------------------------------------------------------------------------------------------
# Values a document cannot mean: clear errors, never tracebacks


def numbering_error(tmp_path, builder) -> str:
    path = builder.save(tmp_path / "bad.docx")
    with pytest.raises(InputFileError) as err:
        load_draft(path)
    return err.value.diagnostics[0].headline()


def test_non_numeric_ilvl_in_the_document(tmp_path):
    b = outline_list(WordBuilder())
    b.p("We decide.", num="1", ilvl="x")
    assert numbering_error(tmp_path, b) == (
        f'{tmp_path / "bad.docx"}: w:ilvl "x" in word/document.xml (paragraph 1) is not a list level '
        "(Word has levels 0 to 8)")


def test_ilvl_12_in_the_document(tmp_path):
    b = outline_list(WordBuilder())
    b.p("We recall.")
    b.p("We decide.", num="1", ilvl=12)
    assert numbering_error(tmp_path, b).endswith(
        'w:ilvl "12" in word/document.xml (paragraph 2) is not a list level (Word has levels 0 to 8)')


def test_bad_ilvl_in_numbering_and_styles(tmp_path):
    b = WordBuilder()
    b.abstract("0", [Lvl()]).find(f"{{{b.styles.nsmap['w']}}}lvl").set(
        f"{{{b.styles.nsmap['w']}}}ilvl", "-1")
    b.num("1", "0")
    b.p("We decide.", num="1")
    assert numbering_error(tmp_path, b).endswith(
        'w:ilvl "-1" in word/numbering.xml (list 0) is not a list level (Word has levels 0 to 8)')
    b = outline_list(WordBuilder())
    b.style("ListNumber", "List Number", num="1", ilvl="one")
    b.p("We decide.", style="ListNumber")
    assert numbering_error(tmp_path, b).endswith(
        'w:ilvl "one" in word/styles.xml (style "ListNumber") is not a list level (Word has levels 0 to 8)')


def test_non_numeric_and_huge_start(tmp_path):
    b = WordBuilder()
    b.abstract("0", [Lvl(start="x")])
    b.num("1", "0")
    b.p("We decide.", num="1")
    assert numbering_error(tmp_path, b).endswith(
        'w:start "x" in word/numbering.xml (list 0, level 0) is not a number')
    b = WordBuilder()
    b.abstract("0", [Lvl(start=10**9)])
    b.num("1", "0")
    b.p("We decide.", num="1")
    assert numbering_error(tmp_path, b).endswith(
        'w:start "1000000000" in word/numbering.xml (list 0, level 0) is out of range (0 to 32767)')
    b = outline_list(WordBuilder())
    b.num("2", "0", starts={0: "ten"})
    b.p("We decide.", num="2")
    assert numbering_error(tmp_path, b).endswith(
        'w:startOverride "ten" in word/numbering.xml (list 2, level 0) is not a number')


def test_encrypted_docx_is_named_as_such(tmp_path):
    path = tmp_path / "secret.docx"
    # an encrypted .docx is an OLE compound file holding EncryptionInfo and EncryptedPackage streams
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + "EncryptionInfo".encode("utf-16-le")
                     + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"))
    with pytest.raises(InputFileError) as err:
        load_draft(path)
    assert err.value.diagnostics[0].headline() == (
        f"{path}: the .docx is encrypted (password-protected), so it cannot be read; open it in Word, remove "
        "the password (File > Info > Protect Document > Encrypt with Password) and save it again")
    result = CliRunner().invoke(cli, ["show", str(path)])
    assert result.exit_code == 1
    assert "encrypted (password-protected)" in result.stderr


def test_a_really_encrypted_docx_is_named_as_such():
    # made by msoffcrypto-tool with the password "secret" (tests/fixtures/docx/README.md)
    path = Path(__file__).resolve().parent / "fixtures" / "docx" / "encrypted_password_secret.docx"
    result = CliRunner().invoke(cli, ["show", str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}: the .docx is encrypted (password-protected), so it cannot be read")
    propose = CliRunner().invoke(cli, ["propose", str(path), "--by", "EU"])
    assert propose.exit_code == 1 and "encrypted (password-protected)" in propose.stderr


def test_old_binary_doc_saved_as_docx_is_named(tmp_path):
    path = tmp_path / "old.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000 + "WordDocument".encode("utf-16-le"))
    with pytest.raises(InputFileError) as err:
        load_draft(path)
    assert err.value.diagnostics[0].message == "this is an old binary Word file (.doc), not a .docx"


def test_damaged_member_is_named(tmp_path):
    b = WordBuilder()
    b.p("We decide on a text.")
    path = tmp_path / "crc.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:  # stored: the text stands in the file
        for name, data in b.parts():
            z.writestr(name, data)
    raw = bytearray(path.read_bytes())
    raw[raw.find(b"We decide")] = ord("X")  # the CRC no longer matches
    path.write_bytes(bytes(raw))
    with pytest.raises(InputFileError) as err:
        load_draft(path)
    assert err.value.diagnostics[0].headline() == (
        f"{path}: word/document.xml is damaged in the zip archive (Bad CRC-32 for file 'word/document.xml'); "
        "open and save the file again in Word")
