"""``unparse`` writes an operation back as the line a delegate writes; parsing that line gives the
same operation (property over generated operations of every kind), and ``propose`` writes its lines
with it."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amendtool.amend.operations import (
    AddAlternative,
    AddHeading,
    AddItem,
    AddOption,
    AddParagraph,
    AmendmentFile,
    Anchor,
    BracketParagraphs,
    BracketText,
    Comment,
    Delete,
    DeleteHeading,
    DeleteOption,
    DeleteParagraph,
    DeleteParagraphs,
    Insert,
    Move,
    Operation,
    RemoveBrackets,
    RemoveBracketsAcross,
    Replace,
    ReplaceHeading,
    ReplaceParagraph,
    Retain,
    RetainOption,
    SourceRef,
    Support,
)
from amendtool.amend.syntax import bracket_problem, parse_amendments, unparse, unparse_file

LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
REFS = st.one_of(
    st.integers(1, 1899).map(str),
    st.sampled_from(["12 bis", "12bis", "Pp3", "PP 3", "OP5", "Article 4.2", "4.2(a)", "A Pp1", "B.12",
                     "Article 1 ¶1", "8.4 Option 2", "para 12", "Art. 4.2", "3(b) bis", "١٢", "第一条"]),
)
WORDS = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters=LINE_BREAKS),
    min_size=1, max_size=30,
).filter(lambda s: s.strip() and s == s.strip() and bracket_problem(s) is None)
"""Quoted texts: any characters but control characters and line breaks (a line break inside a quote
is a continuation line, read as one space), trimmed, brackets balanced (as the parser requires)."""
ANCHORS = st.builds(Anchor, text=WORDS, occurrence=st.one_of(st.none(), st.integers(1, 40)))
CODES = st.from_regex(r"[A-Z][A-Z0-9]{0,4}", fullmatch=True)
SOURCE = SourceRef("gen.amend", 1)


def _op(cls, **fields):
    return st.builds(cls, id=st.just(""), by=st.just("XX"), source=st.just(SOURCE), ref=REFS, **fields)


OPERATIONS = st.one_of(
    _op(Replace, anchor=ANCHORS, new=WORDS),
    _op(Delete, anchor=ANCHORS),
    _op(Insert, text=WORDS, where=st.sampled_from(["before", "after"]), anchor=ANCHORS),
    _op(Insert, text=WORDS, where=st.sampled_from(["start", "end"]), anchor=st.none()),
    _op(DeleteParagraph),
    _op(ReplaceParagraph, text=WORDS),
    _op(AddParagraph, text=WORDS, where=st.sampled_from(["before", "after"])),
    _op(Move, where=st.sampled_from(["before", "after"]), dest=REFS),
    _op(BracketText, anchor=ANCHORS),
    _op(RemoveBrackets, anchor=ANCHORS),
    _op(Retain, anchor=ANCHORS),
    _op(AddAlternative, text=WORDS, anchor=ANCHORS),
    _op(Comment, text=WORDS),
    _op(Support, target_id=st.builds(lambda c, n: f"{c}-{n}", CODES, st.integers(1, 99))),
    # operations that span or name structure
    _op(BracketParagraphs, last=st.one_of(st.just(""), REFS), start=st.one_of(st.none(), ANCHORS),
        end=st.one_of(st.none(), ANCHORS)),
    _op(RemoveBracketsAcross, last=st.one_of(st.just(""), REFS), start=st.one_of(st.none(), ANCHORS)),
    _op(DeleteParagraphs, last=st.one_of(st.just(""), REFS)),
    _op(ReplaceHeading, anchor=ANCHORS, new=WORDS),
    _op(DeleteHeading),
    _op(AddHeading, where=st.sampled_from(["before", "after"]), anchor=ANCHORS, text=WORDS),
    _op(AddItem, label=st.sampled_from(["(a)", "(b)", "(i)", "(iv)", "(aa)"]), text=WORDS),
    _op(RetainOption),
    _op(DeleteOption),
    _op(AddOption, where=st.sampled_from(["before", "after"]), text=WORDS),
)


def plain(op: Operation) -> Operation:
    """The operation without where it was written (ids and positions), for comparison."""
    changes: dict[str, object] = {"id": "", "by": "XX", "source": SOURCE}
    for f in dataclasses.fields(op):
        value = getattr(op, f.name)
        if isinstance(value, Anchor):
            changes[f.name] = Anchor(value.text, value.occurrence)
        elif f.name in ("dest_column", "target_column"):
            changes[f.name] = 0
    return dataclasses.replace(op, **changes)


@pytest.mark.slow
@settings(max_examples=150)
@given(st.lists(OPERATIONS, min_size=1, max_size=8))
def test_parse_unparse_parse_is_the_identity(ops):
    text = unparse_file(AmendmentFile("gen.amend", "XX", operations=tuple(ops)))
    parsed = parse_amendments(text, "gen.amend")
    assert [plain(op) for op in parsed.operations] == [plain(op) for op in ops]
    # and writing the parsed file again gives the same text
    assert unparse_file(parsed) == text


def test_every_operation_class_has_a_line():
    classes = {cls for cls in vars(__import__("amendtool.amend.operations", fromlist=["x"])).values()
               if isinstance(cls, type) and issubclass(cls, Operation) and cls is not Operation}
    generated = {Replace, Delete, Insert, DeleteParagraph, ReplaceParagraph, AddParagraph, Move, BracketText,
                 RemoveBrackets, Retain, AddAlternative, Comment, Support, BracketParagraphs, RemoveBracketsAcross,
                 DeleteParagraphs, ReplaceHeading, DeleteHeading, AddHeading, AddItem, RetainOption, DeleteOption,
                 AddOption}
    assert classes <= generated, f"add {classes - generated} to the generator and to unparse"


def test_lines_as_delegates_write_them():
    src = SourceRef("x", 1)
    assert unparse(Replace("", "EU", src, "12", anchor=Anchor("per cent", 2), new='"nearly" 10')) == (
        '12: replace "per cent" (2nd) with "\\"nearly\\" 10"')
    assert unparse(Insert("", "EU", src, "19", text=" done.", where="end")) == '19: insert " done." at end'
    assert unparse(Move("", "EU", src, "40", where="after", dest="43")) == "40: move after 43"
    assert unparse(Support("", "EU", src, "12", target_id="G77-3")) == "12: support G77-3"
    assert unparse(BracketParagraphs("", "EU", src, "12", last="14")) == "12-14: bracket"
    assert unparse(BracketParagraphs("", "EU", src, "Article 5")) == "Article 5: bracket"
    assert unparse(BracketParagraphs("", "EU", src, "12", last="14", start=Anchor("We"), end=Anchor("2020."))) == (
        '12-14: bracket from "We" to "2020."')
    assert unparse(DeleteParagraphs("", "EU", src, "12", last="14")) == "12-14: delete paragraphs"
    assert unparse(RemoveBracketsAcross("", "EU", src, "12", last="14")) == "12-14: remove brackets"
    assert unparse(ReplaceHeading("", "EU", src, "2.2", anchor=Anchor("Internet governance"),
                                  new="Internet Governance Forum")) == (
        'heading 2.2: replace "Internet governance" with "Internet Governance Forum"')
    assert unparse(AddHeading("", "EU", src, "2.2", anchor=Anchor("We recognize"), text="2.2 bis Capacity-building")) == (
        '2.2: add heading before "We recognize" with "2.2 bis Capacity-building"')
    assert unparse(DeleteHeading("", "EU", src, "2.3")) == "heading 2.3: delete"
    assert unparse(AddItem("", "EU", src, "3", label="(a)", text="new sub-item text")) == (
        '3: add item (a) "new sub-item text"')
    assert unparse(RetainOption("", "EU", src, "5 Option 2")) == "5 Option 2: retain"
    assert unparse(DeleteOption("", "EU", src, "5 Option 2")) == "5 Option 2: delete"
    assert unparse(AddOption("", "EU", src, "5 Option 2", text="new")) == '5 Option 2: add option after with "new"'
    assert unparse_file(AmendmentFile("x", "EU", name="European Union", date="2015-10-19")) == (
        "by: EU\nname: European Union\ndate: 2015-10-19\n\n")
