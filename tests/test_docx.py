"""Word .docx drafts: automatic numbering as labels, tracked changes as printed, safe reading."""

from __future__ import annotations

import zipfile

import pytest

from amendtool.draft.parser import load_draft
from amendtool.draft.refs import lookup
from amendtool.errors import InputFileError

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def para(text, num=None, ilvl=0, extra=""):
    numpr = f'<w:pPr><w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num}"/></w:numPr></w:pPr>' if num else ""
    return f"<w:p>{numpr}<w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r>{extra}</w:p>"


NUMBERING = f"""<?xml version="1.0"?>
<w:numbering xmlns:w="{W}">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="(%2)"/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""


def make_docx(path, paragraphs, doctype="", numbering=NUMBERING, compress=zipfile.ZIP_DEFLATED):
    body = "".join(paragraphs)
    xml = f'<?xml version="1.0"?>{doctype}<w:document xmlns:w="{W}"><w:body>{body}</w:body></w:document>'
    with zipfile.ZipFile(path, "w", compress) as z:
        z.writestr("word/document.xml", xml)
        if numbering:
            z.writestr("word/numbering.xml", numbering)
    return path


def test_docx_automatic_numbering_and_sub_items(tmp_path):
    path = make_docx(
        tmp_path / "draft.docx",
        [
            para("Zero Draft"),
            para("We recall the [World Summit] [High Level Meeting].", num=1),
            para("We note the following:", num=1),
            para("first;", num=1, ilvl=1),
            para("second.", num=1, ilvl=1),
            para("We decide.", num=1),
        ],
    )
    doc = load_draft(path)
    assert doc.format == "docx"
    assert [p.ref for p in doc.paragraphs] == ["1", "2", "2(a)", "2(b)", "3"]
    assert lookup(doc, "1").bracket_groups[0].alternatives == ("World Summit", "High Level Meeting")
    assert lookup(doc, "2(b)").text == "second."


def test_docx_tracked_changes_read_as_printed(tmp_path):
    extra = (
        '<w:del w:id="1" w:author="EU"><w:r><w:delText>old words </w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="EU"><w:r><w:t>new words</w:t></w:r></w:ins>'
    )
    path = make_docx(tmp_path / "d.docx", [para("We welcome ", num=1, extra=extra)])
    assert lookup(load_draft(path), "1").text == "We welcome new words"


def test_docx_external_entities_are_not_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    doctype = f'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    path = make_docx(tmp_path / "xxe.docx", [para("We note &xxe; here.", num=1)], doctype=doctype)
    doc = load_draft(path)
    assert "TOP SECRET" not in doc.render()


def test_docx_zip_bomb_is_refused(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<a>" + " " * (30 * 1024 * 1024) + "</a>")
    with pytest.raises(InputFileError) as err:
        load_draft(path)
    assert err.value.diagnostics[0].message == (
        "word/document.xml is compressed suspiciously well (a zip bomb?); refusing to expand it"
    )


def test_not_a_docx(tmp_path):
    path = tmp_path / "fake.docx"
    path.write_text("hello", encoding="utf-8")
    with pytest.raises(InputFileError) as err:
        load_draft(path)
    assert err.value.diagnostics[0].headline() == f"{path}: not a Word .docx file (it is not a zip archive)"


def test_docx_without_document_part(tmp_path):
    path = tmp_path / "empty.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("other.xml", "<a/>")
    with pytest.raises(InputFileError) as err:
        load_draft(path)
    assert err.value.diagnostics[0].message == "not a Word .docx file (no word/document.xml)"


def test_docx_malformed_xml(tmp_path):
    path = tmp_path / "bad.docx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w:document")
    with pytest.raises(InputFileError) as err:
        load_draft(path)
    assert err.value.diagnostics[0].message.startswith("the .docx has malformed XML:")
