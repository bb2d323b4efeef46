"""Akoma Ntoso amendments: every operation written as a mod and a textualMod, read back as the same
operation; the sample files compile to the same compilation from AKN; errors name lines of the .xml."""

from __future__ import annotations

import dataclasses
import json

import pytest
from click.testing import CliRunner
from conftest import DRAFTS, WSIS
from lxml import etree

from amendtool.akn.amendment_text import amendment_text
from amendtool.akn.write import amendment_xml, draft_xml
from amendtool.akn.xml import AKN, AMENDTOOL, validate
from amendtool.amend import check_amendments, load_amendments
from amendtool.cli import cli
from amendtool.draft import load_draft
from amendtool.errors import InputFileError

NS = {"a": AKN, "amendtool": AMENDTOOL}
SAMPLE = [DRAFTS / f"{name}.amend" for name in ("eu", "g77", "jpn", "us")]

DRAFT = """Draft for amendments

The General Assembly,

PP1 Recalling its resolution 70/1 and its resolution 70/2,

PP2 Noting [with concern] [with appreciation] the report,

1. Decides [to [enhance] the review] of the review;

2. Calls upon States:

(a) to act;

(b) to report;

3. Requests the Secretary-General to report.

4. Decides to remain seized of the matter.
"""

EVERY_OPERATION = """by: EU
name: European Union and its member States
draft: testing
date: 2015-10-19

1: replace "review" (2nd) with "process"
3: delete "the Secretary-General to "
2(a): insert "decisively " before "act"
2(b): insert " in writing" at end
4: insert "Also " at start
3: delete paragraph
4: replace paragraph with "Decides to remain \\"actively\\" seized of the matter."
4: add paragraph after "Decides to review the matter next year."
4 bis: replace "next year" with "in 2026"
1: move after 2
1: bracket "Decides"
1: remove brackets "enhance"
Pp2: retain "with concern"
Pp2: add alternative "with interest" to "with appreciation"
2: comment "We reserve our position."
Pp1: replace "its" (2nd) with "the"
"""

SUPPORTS = "by: G77\n1: support EU-1\nsupport EU-2\n"


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def sample(tmp_path):
    """The synthetic draft, an amendment file with every operation and one with supports, and the
    three written as AKN in tmp_path/akn."""
    (tmp_path / "draft.txt").write_text(DRAFT, encoding="utf-8")
    (tmp_path / "eu.amend").write_text(EVERY_OPERATION, encoding="utf-8")
    (tmp_path / "g77.amend").write_text(SUPPORTS, encoding="utf-8")
    result = run("akn", tmp_path / "draft.txt", tmp_path / "eu.amend", tmp_path / "g77.amend", "-o", tmp_path / "akn")
    assert result.exit_code == 0, result.output
    return tmp_path


def essence(op):
    """An operation without where it was written (file, line, column)."""
    fields = {f.name: getattr(op, f.name) for f in dataclasses.fields(op) if f.name != "source"}
    for key, value in fields.items():
        if hasattr(value, "column"):
            fields[key] = dataclasses.replace(value, line=0, column=0)
    fields.pop("dest_column", None)
    fields.pop("target_column", None)
    return type(op).__name__, fields


def test_every_operation_reads_back_as_itself(sample):
    doc = load_draft(sample / "draft.txt")
    original = load_amendments(doc, [sample / "eu.amend", sample / "g77.amend"])
    from_akn = load_amendments(doc, [sample / "akn" / "eu.xml", sample / "akn" / "g77.xml"])
    operations = [essence(op) for f in original for op in f.operations]
    assert [essence(op) for f in from_akn for op in f.operations] == operations
    assert [(f.by, f.name, f.draft, f.date) for f in from_akn] == [(f.by, f.name, f.draft, f.date) for f in original]
    assert len(from_akn[0].operations) == 16


def test_the_akn_amendment_reads_as_the_file_did(sample):
    doc = load_draft(sample / "draft.txt")
    text = amendment_text((sample / "akn" / "eu.xml").read_bytes(), "eu.xml", doc)
    lines = [line for line in text.split("\n") if line]
    written = [line for line in EVERY_OPERATION.split("\n") if line]
    assert lines == written
    supports = amendment_text((sample / "akn" / "g77.xml").read_bytes(), "g77.xml", doc)
    assert [line for line in supports.split("\n") if line] == ["by: G77", "1: support EU-1", "support EU-2"]


def test_amendments_validate_and_map_onto_textual_mods(sample):
    data = (sample / "akn" / "eu.xml").read_bytes()
    assert validate(data, "eu.xml") == []
    root = etree.fromstring(data)
    assert root.find("a:amendment", NS).get("name") == "amendment"
    author = root.find(".//a:FRBRWork/a:FRBRauthor", NS)
    assert (author.get("href"), author.get("as")) == ("#EU", "#proposer")
    own = root.find(".//a:proprietary/amendtool:amendment", NS)
    assert dict(own.attrib) == {"by": "EU", "name": "European Union and its member States", "draft": "testing",
                                "date": "2015-10-19"}
    mods = root.findall(".//a:amendmentBody/a:amendmentContent/a:p/a:mod", NS)
    assert [m.get("refersTo") for m in mods] == [
        "#replace", "#delete", "#insert", "#insert", "#insert", "#deleteParagraph", "#replaceParagraph",
        "#addParagraph", "#replace", "#move", "#bracket", "#removeBrackets", "#retain", "#addAlternative",
        "#comment", "#replace",
    ]
    textual = root.iterfind(".//a:activeModifications/a:textualMod", NS)
    changes = {c.find("a:source", NS).get("href"): c for c in textual}
    assert {k: c.get("type") for k, c in changes.items()} == {
        "#mod_1": "substitution", "#mod_2": "repeal", "#mod_3": "insertion", "#mod_4": "insertion",
        "#mod_5": "insertion", "#mod_6": "repeal", "#mod_7": "substitution", "#mod_8": "insertion",
        "#mod_9": "substitution", "#mod_10": "renumbering", "#mod_11": "substitution", "#mod_12": "substitution",
        "#mod_13": "substitution", "#mod_14": "insertion", "#mod_16": "substitution",
    }
    first = changes["#mod_1"]
    assert first.find("a:destination", NS).get("href").endswith("/!main#para_1")
    assert first.find("a:old", NS).get("href") == "#mod_1__qtext_1"
    assert first.find("a:new", NS).get("href") == "#mod_1__qtext_2"
    assert root.find(".//a:quotedText[@eId='mod_1__qtext_1']", NS).get(f"{{{AMENDTOOL}}}occurrence") == "2"
    assert changes["#mod_3"].find("a:destination", NS).get("pos") == "before"
    assert changes["#mod_3"].find("a:destination", NS).get("href").endswith("#para_2__point_a")
    assert changes["#mod_5"].find("a:destination", NS).get("pos") == "start"
    assert changes["#mod_6"].find("a:old", NS) is None  # a whole paragraph
    added = root.find(".//a:mod[@eId='mod_8']/a:quotedStructure/a:paragraph", NS)
    assert (added.get("eId"), added.findtext("a:num", namespaces=NS)) == ("mod_8__qstr_1__para_4bis", "4 bis.")
    assert changes["#mod_9"].find("a:destination", NS).get("href").endswith("#para_4bis")
    move = changes["#mod_10"]
    assert move.find("a:destination", NS).get("href").endswith("#para_2")
    assert move.find("a:destination", NS).get("pos") == "after"
    assert move.find("a:previous", NS).get("href").endswith("#para_1")
    assert changes["#mod_13"].find("a:destination", NS).get("href").endswith("#rec_2")
    assert "".join(mods[0].itertext()) == "1: replace review (2nd) with process"
    assert "".join(mods[6].itertext()) == '4: replace paragraph with Decides to remain "actively" seized of the matter.'


def test_a_support_points_at_the_supported_mod(sample):
    root = etree.fromstring((sample / "akn" / "g77.xml").read_bytes())
    refs = root.findall(".//a:mod[@eId='mod_1']/a:ref", NS)
    assert [r.text for r in refs] == ["1", "EU-1"]
    assert refs[1].get("href") == "/akn/un/amendment/eu/2015-10-19/draft/eng@2015-10-19/!main#mod_1"


def test_sample_files_compile_the_same_from_akn(tmp_path):
    """The sample amendment files -> AKN amendments -> compile: the same compilation JSON as from the
    files themselves (but for the files' names), with the text draft and with the AKN draft."""
    assert run("akn", WSIS, *SAMPLE, "-o", tmp_path / "akn").exit_code == 0
    akn = [tmp_path / "akn" / f"{p.stem}.xml" for p in SAMPLE]
    assert run("compile", WSIS, *SAMPLE, "-o", tmp_path / "from-files.json").exit_code == 0
    assert run("compile", WSIS, *akn, "-o", tmp_path / "from-akn.json").exit_code == 0
    akn_draft = tmp_path / "akn" / "wsis10_zero_draft.xml"
    assert run("compile", akn_draft, *akn, "-o", tmp_path / "all-akn.json").exit_code == 0

    def load(name, renames):
        text = (tmp_path / name).read_text(encoding="utf-8")
        for old, new in renames:
            text = text.replace(old, new)
        data = json.loads(text)
        data.pop("fingerprint")  # of the inputs' text: the AKN files are other inputs (issue 9)
        return data

    expected = load("from-files.json", [])
    back = [(f'"{p.stem}.xml"', f'"{p.name}"') for p in SAMPLE]
    assert load("from-akn.json", back) == expected
    assert load("all-akn.json", back + [('"wsis10_zero_draft.xml"', '"wsis10_zero_draft.txt"')]) == expected


def test_check_takes_akn_amendments(tmp_path):
    assert run("akn", WSIS, *SAMPLE, "-o", tmp_path).exit_code == 0
    akn = [tmp_path / f"{p.stem}.xml" for p in SAMPLE]
    result = run("check", WSIS, *akn)
    assert result.exit_code == 0, result.output
    assert result.stdout == "4 files, 29 operations, all apply\n"


def test_consolidate_takes_akn_and_writes_the_next_revision_as_akn(tmp_path):
    assert run("akn", WSIS, *SAMPLE, "-o", tmp_path).exit_code == 0
    draft, eu = tmp_path / "wsis10_zero_draft.xml", tmp_path / "eu.xml"
    result = run("consolidate", draft, eu, "--accept", "EU-*", "-o", tmp_path / "rev1.xml")
    assert result.exit_code == 0, result.output
    assert validate((tmp_path / "rev1.xml").read_bytes(), "rev1.xml") == []
    text = run("consolidate", WSIS, DRAFTS / "eu.amend", "--accept", "EU-*", "-o", tmp_path / "rev1.txt")
    assert text.exit_code == 0
    from_akn = json.loads(run("show", "--json", tmp_path / "rev1.xml").stdout)
    from_text = json.loads(run("show", "--json", tmp_path / "rev1.txt").stdout)
    paragraphs = [(p["ref"], p["text"]) for p in from_text["paragraphs"]]
    assert [(p["ref"], p["text"]) for p in from_akn["paragraphs"]] == paragraphs
    assert "37 bis" in [p["ref"] for p in from_akn["paragraphs"]]


def test_errors_in_an_akn_amendment_name_lines_of_the_xml(tmp_path):
    doc = load_draft(WSIS)
    (eu,) = load_amendments(doc, [DRAFTS / "eu.amend"])
    xml = amendment_xml(doc, eu).decode("utf-8").replace(">almost 10 per cent<", ">almost 11 per cent<")
    path = tmp_path / "eu.xml"
    path.write_text(xml, encoding="utf-8")
    line = next(k for k, text in enumerate(xml.split("\n"), 1) if 'eId="mod_1"' in text)
    result = run("check", WSIS, path)
    assert result.exit_code == 1
    assert result.stderr == (
        f'{path}:{line}:13: "almost 11 per cent" not found in paragraph 12; closest: "almost 10 per cent"\n'
        '    12: replace "almost 11 per cent" with "nearly 10 per cent"\n'
        "                ^\n"
        f"1 file: {path} has 1 error\n"  # check's summary line (issue 9, finding 2)
    )


AT4AM_LIKE = f"""<akomaNtoso xmlns="{AKN}">
  <amendment name="amendment">
    <meta>
      <identification source="#x">
        <FRBRWork><FRBRthis value="/a"/><FRBRuri value="/a"/><FRBRdate date="2015-10-19" name="x"/>
          <FRBRauthor href="#CHE"/><FRBRcountry value="un"/></FRBRWork>
        <FRBRExpression><FRBRthis value="/a"/><FRBRuri value="/a"/><FRBRdate date="2015-10-19" name="x"/>
          <FRBRauthor href="#CHE"/><FRBRlanguage language="eng"/></FRBRExpression>
        <FRBRManifestation><FRBRthis value="/a"/><FRBRuri value="/a"/><FRBRdate date="2015-10-19" name="x"/>
          <FRBRauthor href="#CHE"/></FRBRManifestation>
      </identification>
      <analysis source="#CHE">
        <activeModifications>
          <textualMod type="substitution" eId="a1"><source href="#m1"/><destination href="/x/!main#para_12"/>
            <old href="#q1"/><new href="#q2"/></textualMod>
          <textualMod type="repeal" eId="a2"><source href="#m2"/><destination href="/x/!main#para_35"/></textualMod>
          <textualMod type="insertion" eId="a3"><source href="#m3"/><destination href="/x/!main#para_19" pos="end"/>
            <new href="#q3"/></textualMod>
        </activeModifications>
      </analysis>
      <references source="#x"><TLCOrganization eId="CHE" href="/che" showAs="Switzerland"/></references>
    </meta>
    <amendmentBody>
      <amendmentContent>
        <p><mod eId="m1">In paragraph 12, replace <quotedText eId="q1">almost 10 per cent</quotedText> by
          <quotedText eId="q2">about 10 per cent</quotedText></mod></p>
        <p><mod eId="m2">Delete paragraph 35.</mod></p>
        <p><mod eId="m3">At the end of paragraph 19, add <quotedText eId="q3"> Soon.</quotedText></mod></p>
      </amendmentContent>
    </amendmentBody>
  </amendment>
</akomaNtoso>
"""


def test_an_amendment_written_elsewhere_is_read_by_its_textual_mods(tmp_path):
    path = tmp_path / "che.xml"
    path.write_text(AT4AM_LIKE, encoding="utf-8")
    doc = load_draft(WSIS)
    text = amendment_text(path.read_bytes(), str(path), doc)
    assert [line for line in text.split("\n") if line] == [
        "by: CHE", "name: Switzerland",
        '12: replace "almost 10 per cent" with "about 10 per cent"',
        "35: delete paragraph",
        '19: insert " Soon." at end',
    ]
    assert check_amendments(doc, [path]).errors == ()


def test_what_cannot_be_read_as_an_amendment(tmp_path):
    doc = load_draft(WSIS)
    unclear = AT4AM_LIKE.replace('<textualMod type="repeal" eId="a2"><source href="#m2"/>',
                                 '<textualMod type="split" eId="a2"><source href="#m2"/>')
    unclear = unclear.replace('<source href="#m3"/>', '<source href="#elsewhere"/>')
    path = tmp_path / "che.xml"
    path.write_text(unclear, encoding="utf-8")
    with pytest.raises(InputFileError) as info:
        amendment_text(path.read_bytes(), str(path), doc)
    messages = [(d.line, d.message, d.hint) for d in info.value.diagnostics]
    assert messages == [
        (16, "a textualMod of type 'split' has no amendment-file operation",
         "amendtool reads substitution, insertion, repeal and renumbering"),
        (28, 'mod "m3" names no operation (refersTo) and no textualMod says what it changes',
         "see docs/akn.md for the amendments amendtool reads"),
    ]
    result = run("check", WSIS, path)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{path}:16: a textualMod of type 'split' has no amendment-file operation")


def test_a_draft_given_as_an_amendment(tmp_path):
    assert run("akn", WSIS, "-o", tmp_path / "draft.xml").exit_code == 0
    result = run("check", WSIS, tmp_path / "draft.xml")
    assert result.exit_code == 1
    assert result.stderr == (
        f"{tmp_path / 'draft.xml'}:3: is an Akoma Ntoso statement, not an amendment; give the draft first; "
        "the files after it are amendment files\n"
        f"1 file: {tmp_path / 'draft.xml'} has 1 error\n"  # check's summary line (issue 9, finding 2)
    )


def test_hostile_xml_as_an_amendment_is_refused(tmp_path):
    path = tmp_path / "eu.xml"
    path.write_text('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>', encoding="utf-8")
    result = run("check", WSIS, path)
    assert result.exit_code == 1
    assert "declares a DTD" in result.stderr
    assert "root:" not in result.output


def test_draft_lists_the_delegations_of_akn_amendments(sample):
    doc = load_draft(sample / "draft.txt")
    files = load_amendments(doc, [sample / "akn" / "eu.xml", sample / "akn" / "g77.xml"])
    root = etree.fromstring(draft_xml(doc, files))
    organisations = [o.get("eId") for o in root.iterfind(".//a:TLCOrganization", NS)]
    assert organisations == ["facilitators", "amendtool", "EU", "G77"]
