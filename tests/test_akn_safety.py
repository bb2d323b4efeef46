"""Hostile and broken XML given as an Akoma Ntoso draft: no DTD, entity or network is ever used,
sizes are bounded, and every refusal is a clear error (exit 1), never a traceback."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

import amendtool.akn.xml as akn_xml
from amendtool.akn.xml import AKN, MAX_XML_BYTES
from amendtool.cli import cli
from amendtool.draft import load_draft
from amendtool.errors import InputFileError

BODY = (
    '<statement name="draft"><meta/><mainBody><paragraph eId="para_1"><num>1.</num>'
    "<content><p>{text}</p></content></paragraph></mainBody></statement>"
)


def akn(text: str = "Text.", doctype: str = "") -> str:
    body = BODY.format(text=text)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}<akomaNtoso xmlns="{AKN}">{body}</akomaNtoso>\n'


def refused(tmp_path, content: str | bytes, name: str = "draft.xml") -> str:
    path = tmp_path / name
    if isinstance(content, str):
        content = content.encode("utf-8")
    path.write_bytes(content)
    with pytest.raises(InputFileError) as info:
        load_draft(path)
    result = CliRunner().invoke(cli, ["show", str(path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    return info.value.diagnostics[0].message


def test_a_plain_akn_draft_reads(tmp_path):
    path = tmp_path / "draft.xml"
    path.write_text(akn("We decide [to act]."), encoding="utf-8")
    doc = load_draft(path)
    assert [(p.ref, p.text) for p in doc.paragraphs] == [("1", "We decide [to act].")]


def test_entity_expansion_is_refused(tmp_path):
    laughs = "".join(f'<!ENTITY l{i} "' + f"&l{i - 1};" * 10 + '">' for i in range(1, 10))  # 10**9 "lol"s
    doctype = f'<!DOCTYPE akomaNtoso [<!ENTITY l0 "lol">{laughs}]>'
    message = refused(tmp_path, akn("&l9;", doctype))
    assert "declares a DTD" in message


def test_external_entity_is_never_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", encoding="utf-8")
    doctype = f'<!DOCTYPE akomaNtoso [<!ENTITY xxe SYSTEM "file://{secret}">]>'
    path = tmp_path / "draft.xml"
    path.write_text(akn("&xxe;", doctype), encoding="utf-8")
    result = CliRunner().invoke(cli, ["show", str(path)])
    assert result.exit_code == 1
    assert "TOP SECRET" not in result.output
    assert "declares a DTD" in result.output


def test_external_dtd_is_not_fetched(tmp_path):
    doctype = '<!DOCTYPE akomaNtoso SYSTEM "http://127.0.0.1:9/akn.dtd">'
    assert "declares a DTD" in refused(tmp_path, akn("Text.", doctype))


def test_huge_document_is_refused(tmp_path):
    padding = "x " * (MAX_XML_BYTES // 2 + 10)
    message = refused(tmp_path, akn(padding))
    assert "too large" in message


def test_huge_text_node_is_refused_by_the_parser(tmp_path):
    # under the size limit, over libxml2's own limit for one text node (10 MB without huge_tree)
    message = refused(tmp_path, akn("y" * (11 * 1024 * 1024)))
    assert message.startswith("not well-formed XML")


def test_deep_nesting_is_refused(tmp_path):
    deep = "<span>" * 5000 + "deep" + "</span>" * 5000
    message = refused(tmp_path, akn(deep))
    assert message.startswith("not well-formed XML")


def test_too_many_elements_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(akn_xml, "MAX_ELEMENTS", 100)
    message = refused(tmp_path, akn("<span>a</span>" * 200))
    assert "more than 100 elements" in message


def test_malformed_xml_names_line_and_column(tmp_path):
    path = tmp_path / "draft.xml"
    path.write_text(akn("Text.").replace("</p>", "</q>"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["show", str(path)])
    assert result.exit_code == 1
    assert result.output.startswith(f"{path}:2:")
    assert "not well-formed XML" in result.output


def test_binary_file_is_not_xml(tmp_path):
    assert refused(tmp_path, b"\x00\x01\x02PK\x03\x04").startswith("not well-formed XML")


def test_not_akoma_ntoso(tmp_path):
    message = refused(tmp_path, '<html xmlns="http://www.w3.org/1999/xhtml"><body/></html>')
    assert message == "not an Akoma Ntoso 3.0 document (its root element is <html>)"


def test_akoma_ntoso_2_namespace_gets_a_hint(tmp_path):
    path = tmp_path / "draft.xml"
    path.write_text(akn().replace(AKN, "http://www.akomantoso.org/2.0"), encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        load_draft(path)
    assert info.value.diagnostics[0].hint == f"Akoma Ntoso 3.0 documents use the namespace {AKN}"


def test_an_amendment_is_not_a_draft(tmp_path):
    path = tmp_path / "eu.xml"
    amendment = f'<akomaNtoso xmlns="{AKN}"><amendment name="amendment"><meta/></amendment></akomaNtoso>'
    path.write_text(amendment, encoding="utf-8")
    result = CliRunner().invoke(cli, ["show", str(path)])
    assert result.exit_code == 1
    assert result.output == (
        f"{path}:1: is an Akoma Ntoso amendment, not a draft; give the draft first; check, compile and "
        "consolidate take AKN amendments after it\n"
    )


def test_comments_and_processing_instructions_are_not_text(tmp_path):
    path = tmp_path / "draft.xml"
    path.write_text(akn("We <!-- not this --><?pi not this?>decide."), encoding="utf-8")
    assert load_draft(path).paragraphs[0].text == "We decide."


def test_notes_and_deleted_text_are_not_the_drafts_text(tmp_path):
    path = tmp_path / "draft.xml"
    text = 'We <del>do not </del>decide<authorialNote marker="1"><p>A footnote.</p></authorialNote>.'
    path.write_text(akn(text), encoding="utf-8")
    assert load_draft(path).paragraphs[0].text == "We decide."


def test_a_doctype_after_a_long_comment_is_refused_too(tmp_path):
    doctype = "<!--" + " " * 70000 + '-->\n<!DOCTYPE akomaNtoso [<!ENTITY a "expanded">]>'
    assert "declares a DTD" in refused(tmp_path, akn("&a;", doctype))
