"""Akoma Ntoso drafts: the structure and eIds written, validation against the official AKN 3.0 schema,
and reading AKN back as a draft (round trips on the sample and on the corpus)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT, WSIS, check_golden, corpus_file, corpus_files
from lxml import etree

from amendtool.akn.ids import names, num_part
from amendtool.akn.write import UNKNOWN_DATE, draft_date, draft_xml
from amendtool.akn.xml import AKN, validate
from amendtool.cli import cli
from amendtool.draft import load_draft, parse_draft
from amendtool.draft.outline import outline

NS = {"a": AKN}

SYNTHETIC = """Draft resolution on testing

The General Assembly,

PP1 Recalling its resolution 70/1,

PP2 Noting [with concern] [with appreciation] the report,

1. Decides [to [enhance] the review];

1 bis. Requests the Secretary-General to report;

2. Calls upon States:

(a) to act;

(b) to report {Placeholder for text};

A. First part

3. Stresses [the need to act

4. now] in all cases.

B. Second part

1. First paragraph of B.

2. Second paragraph of B.

Option 1: text one

Option 2: text two
"""


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def tree(data: bytes):
    return etree.fromstring(data)


def comparable(data: dict) -> dict:
    """An outline without what differs between a draft and its AKN by design: the format, and the
    line numbers (an AKN draft's lines are lines of the .xml file)."""
    out = {k: v for k, v in data.items() if k != "format"}
    for key in ("sections", "paragraphs"):
        out[key] = [{k: v for k, v in entry.items() if k != "line"} for entry in data[key]]
    return out


# ---------------------------------------------------------------------------------------------------
# What is written


def test_num_part_follows_the_naming_convention():
    assert num_part("12 bis.") == "12bis"
    assert num_part("1.1") == "1-1"
    assert num_part("(a)") == "a"
    assert num_part("(b) bis") == "bbis"
    assert num_part("Option 2:", "Option") == "2"
    assert num_part("Pp3", "Pp") == "3"
    assert num_part("Alt 12.") == "Alt12"
    assert num_part("**Option 1:**", "Option") == "1"


def test_eids_of_the_synthetic_draft(tmp_path):
    doc = load_draft(write(tmp_path, "draft.txt", SYNTHETIC))
    ids = names(doc)
    assert ids.paragraphs == {
        "¶1": "formula_1",
        "Pp1": "rec_1",
        "Pp2": "rec_2",
        "1": "para_1",
        "1 bis": "para_1bis",
        "2": "para_2",
        "2(a)": "para_2__point_a",
        "2(b)": "para_2__point_b",
        "A.3": "sec_A__para_3",
        "A.4": "sec_A__para_4",
        "B.1": "sec_B__para_1",
        "B.2": "sec_B__para_2",
        "B Option 1": "sec_B__hcontainer_1",
        "B Option 2": "sec_B__hcontainer_2",
    }
    assert ids.sections == {"A": "sec_A", "B": "sec_B"}
    assert ids.ref("sec_B__para_2") == "B.2"
    assert ids.ref("para_99") is None


def test_synthetic_draft_structure(tmp_path):
    doc = load_draft(write(tmp_path, "draft.txt", SYNTHETIC))
    data = draft_xml(doc)
    assert validate(data, "draft.xml") == []
    root = tree(data)
    statement = root.find("a:statement", NS)
    assert statement.get("name") == "draft"
    assert [etree.QName(c).localname for c in statement] == ["meta", "preface", "preamble", "mainBody"]
    assert root.findtext(".//a:preface//a:docTitle", namespaces=NS) == "Draft resolution on testing"
    preamble = statement.find("a:preamble", NS)
    assert preamble.find("a:formula", NS).get("name") == "enactingFormula"
    assert [r.findtext("a:num", namespaces=NS) for r in preamble.iterfind(".//a:recital", NS)] == ["Pp1", "Pp2"]
    para = root.find(".//a:paragraph[@eId='para_1bis']", NS)
    assert para.findtext("a:num", namespaces=NS) == "1 bis."
    point = root.find(".//a:paragraph[@eId='para_2']/a:point[@eId='para_2__point_b']", NS)
    assert point.findtext("a:num", namespaces=NS) == "(b)"
    assert root.find(".//a:paragraph[@eId='para_2']/a:intro/a:p", NS).text == "Calls upon States:"
    option = root.find(".//a:section[@eId='sec_B']/a:hcontainer[@eId='sec_B__hcontainer_2']", NS)
    assert option.get("name") == "option" and option.findtext("a:num", namespaces=NS) == "Option 2:"


def test_brackets_are_kept_in_the_text_and_marked(tmp_path):
    doc = load_draft(write(tmp_path, "draft.txt", SYNTHETIC))
    root = tree(draft_xml(doc))

    def p_of(eid):
        return root.find(f".//a:*[@eId='{eid}']//a:p", NS)

    alternatives = p_of("rec_2").find("a:span", NS)
    assert alternatives.get("class") == "alternatives"
    brackets = alternatives.iterfind("a:span[@class='bracket']", NS)
    assert [s.text for s in brackets] == ["[with concern]", "[with appreciation]"]
    assert "".join(p_of("rec_2").itertext()) == "Noting [with concern] [with appreciation] the report,"
    nested = p_of("para_1").find("a:span[@class='bracket']", NS)
    assert "".join(nested.itertext()) == "[to [enhance] the review]"
    assert nested.find("a:span[@class='bracket']", NS).text == "[enhance]"
    # a bracket that opens in paragraph 3 and closes in paragraph 4
    assert p_of("sec_A__para_3").find("a:span", NS).get("class") == "bracket-open"
    assert p_of("sec_A__para_4").find("a:span", NS).get("class") == "bracket-close"
    placeholder = p_of("para_2__point_b").find("a:span[@class='placeholder']", NS)
    assert placeholder.text == "{Placeholder for text}"


def test_sections_articles_and_restarting_numbers(tmp_path):
    text = "Draft agreement\n\nArticle 1 (Purpose)\n\n1. Text one.\n\n2. Text two.\n\nArticle 2\n\n1. Other one.\n"
    doc = load_draft(write(tmp_path, "agreement.txt", text))
    ids = names(doc)
    assert ids.sections == {"Article 1": "art_1", "Article 2": "art_2"}
    assert ids.paragraphs["Article 1.2"] == "art_1__para_2"
    assert ids.paragraphs["Article 2.1"] == "art_2__para_1"
    data = draft_xml(doc)
    assert validate(data, "agreement.xml") == []
    article = tree(data).find(".//a:article[@eId='art_1']", NS)
    assert article.findtext("a:num", namespaces=NS) == "Article 1"
    assert article.findtext("a:heading", namespaces=NS) == "Purpose"


def test_frbr_identification_and_date():
    doc = load_draft(WSIS)
    assert draft_date(doc) == UNKNOWN_DATE  # the zero draft names no date
    root = tree(draft_xml(doc, date="2015-10-09"))
    work = root.find(".//a:FRBRWork", NS)
    this = work.find("a:FRBRthis", NS).get("value")
    assert this == "/akn/un/statement/deliberation/2015-10-09/wsis10-zero-draft/!main"
    assert work.find("a:FRBRdate", NS).get("date") == "2015-10-09"
    assert work.find("a:FRBRname", NS).get("value") == doc.title.title
    expression = root.find(".//a:FRBRExpression", NS)
    assert expression.find("a:FRBRuri", NS).get("value").endswith("/wsis10-zero-draft/eng@2015-10-09")
    assert expression.find("a:FRBRlanguage", NS).get("language") == "eng"
    dated = parse_draft("Draft Agreement 4 December 2015\n\n1. Text.\n", path="x.txt")
    assert draft_date(dated) == "2015-12-04"
    named = parse_draft("Draft\n\n1. Text.\n", path="paris_2015-10-23_draft.txt")
    assert draft_date(named) == "2015-10-23"


def test_delegations_become_tlc_organizations():
    from amendtool.amend import load_amendments

    doc = load_draft(WSIS)
    files = load_amendments(doc, sorted((ROOT / "drafts").glob("*.amend")))
    root = tree(draft_xml(doc, files))
    organisations = {o.get("eId"): o.get("showAs") for o in root.iterfind(".//a:TLCOrganization", NS)}
    assert organisations["EU"] == "European Union and its member States"
    assert organisations["G77"] == "Group of 77 and China"
    assert {"JPN", "US", "facilitators", "amendtool"} <= set(organisations)


def test_writing_is_deterministic():
    doc = load_draft(WSIS)
    assert draft_xml(doc) == draft_xml(load_draft(WSIS))


# ---------------------------------------------------------------------------------------------------
# The sample: validates, reads back, and is the example in docs/


def test_wsis_akn_validates_and_show_json_equals_the_text_drafts(tmp_path):
    out = tmp_path / "wsis10_zero_draft.xml"
    result = run("akn", WSIS, "-o", out)
    assert result.exit_code == 0, result.output
    assert validate(out.read_bytes(), str(out)) == []
    from_akn = run("show", "--json", out)
    from_text = run("show", "--json", WSIS)
    assert from_akn.exit_code == 0, from_akn.output
    akn, text = json.loads(from_akn.stdout), json.loads(from_text.stdout)
    assert akn["format"] == "akn"
    assert comparable(akn) == comparable(text)
    assert len(akn["paragraphs"]) == 58
    # the text view of both is the same too
    assert run("show", out).stdout == run("show", WSIS).stdout
    assert run("brackets", out).stdout.split(" (")[0] == run("brackets", WSIS).stdout.split(" (")[0]


def test_akn_line_numbers_are_lines_of_the_xml(tmp_path):
    out = tmp_path / "wsis10_zero_draft.xml"
    out.write_bytes(draft_xml(load_draft(WSIS)))
    lines = out.read_text(encoding="utf-8").split("\n")
    doc = load_draft(out)
    for p in doc.paragraphs:
        assert lines[p.pos.line - 1].strip() == f'<paragraph eId="para_{p.ref}">'
    for s in doc.sections:
        assert lines[s.heading.pos.line - 1].strip() == f'<section eId="sec_{s.ref.replace(".", "-")}">'


def test_akn_to_akn_is_the_identity(tmp_path):
    first = draft_xml(load_draft(WSIS), date="2015-10-09")
    path = tmp_path / "wsis10_zero_draft.xml"
    path.write_bytes(first)
    assert draft_xml(load_draft(path), date="2015-10-09") == first


def test_synthetic_draft_round_trip(tmp_path):
    source = write(tmp_path, "draft.txt", SYNTHETIC)
    akn = tmp_path / "akn" / "draft.xml"
    akn.parent.mkdir()
    akn.write_bytes(draft_xml(load_draft(source)))
    assert comparable(outline(load_draft(akn))) == comparable(outline(load_draft(source)))
    assert draft_xml(load_draft(akn)) == akn.read_bytes()


def test_docs_example_is_what_the_writer_writes(tmp_path):
    """docs/akn/ holds the sample (draft and amendment files) written as AKN; it must stay what
    `amendtool akn drafts/wsis10_zero_draft.txt drafts/*.amend -o docs/akn` writes."""
    amendments = sorted((ROOT / "drafts").glob("*.amend"))
    result = run("akn", WSIS, *amendments, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == ["eu.xml", "g77.xml", "jpn.xml", "us.xml", "wsis10_zero_draft.xml"]
    for name in written:
        check_golden(ROOT / "docs" / "akn" / name, (tmp_path / name).read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------------
# The corpus

MARKDOWN_MARKUP_HIDES_A_LABEL = {
    # "## Article 24 *(RESERVATIONS) *": the emphasis hides the Article from the parser; the canonical
    # text "# Article 24 (RESERVATIONS)" shows it, so the AKN reads back with the Article numbered.
    "paris_2015-10-23_draft_agreement_okfn.md",
    # "**Option 1[^6][^7]:** Each Party's ...": footnote markers hide the option label from the parser;
    # read back from AKN, "Option 1: Each Party's ..." is an option.
    "paris_2015-12-04_draft_agreement_okfn.md",
}


@pytest.mark.corpus
@pytest.mark.slow
@pytest.mark.parametrize("name", corpus_files() or ["wsis10_zero_draft.txt"])
def test_corpus_draft_validates_and_reads_back(name, tmp_path):
    doc = load_draft(corpus_file(name), lenient=True)
    data = draft_xml(doc)
    path = tmp_path / (Path(name).stem + ".xml")
    path.write_bytes(data)
    assert validate(data, str(path)) == []
    again = load_draft(path, lenient=True)
    if name in MARKDOWN_MARKUP_HIDES_A_LABEL:
        assert len(again.paragraphs) == len(doc.paragraphs)
        # the second reading is stable: AKN -> draft -> AKN gives the same document
        second = tmp_path / "second" / path.name
        second.parent.mkdir()
        second.write_bytes(draft_xml(again))
        assert draft_xml(load_draft(second, lenient=True)) == second.read_bytes()
    else:
        assert comparable(outline(again)) == comparable(outline(doc))
        assert draft_xml(again) == data


MARKDOWN = """---
title: Draft agreement
---

## Preamble

The Parties to this Agreement,

Pp1 Being Parties to the Convention,

Have agreed as follows:

## Article 1 (Purpose)

1. The purpose is *to act*.

    (a) by [doing] [acting];

2. Text two.

**Option 1:** one way

**Option 2:** another way
"""


def test_markdown_draft_round_trip(tmp_path):
    source = write(tmp_path, "draft.md", MARKDOWN)
    doc = load_draft(source)
    data = draft_xml(doc)
    assert validate(data, "draft.xml") == []
    assert b'<amendtool:source format="markdown"/>' in data
    akn = tmp_path / "akn" / "draft.xml"
    akn.parent.mkdir()
    akn.write_bytes(data)
    again = load_draft(akn)
    assert again.title.title == "Draft agreement"
    assert comparable(outline(again)) == comparable(outline(doc))
    assert draft_xml(again) == data
