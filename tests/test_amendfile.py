"""The amendment file parser (no draft needed): records, quoting, continuation lines, ids, errors.

Error messages of whole files are fixture cases (``tests/fixtures/amend/*.err``, run by
``test_resolve.py``); here each construct is pinned down on its own.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amendtool.amend.operations import (
    AddAlternative,
    AddParagraph,
    Anchor,
    BracketText,
    Comment,
    Delete,
    DeleteParagraph,
    Insert,
    Move,
    RemoveBrackets,
    Replace,
    ReplaceParagraph,
    Retain,
    SourceRef,
    Support,
)
from amendtool.amend.syntax import (
    OPERATION_FORMS,
    ordinal,
    parse_amendments,
    parse_amendments_lenient,
    read_amendments,
)
from amendtool.errors import AmendmentFileError, InputFileError

SPEC_EXAMPLE = """\
by: EU
name: European Union and its member States
draft: wsis10-zero
date: 2015-10-19

12: replace "almost 10 per cent" with "nearly 10 per cent"
12: delete "as compared to 3.4 per cent in 2005,"
19: insert "and meaningful " before "access to the Internet"
19: insert ", including persons with disabilities" after "to all by 2020"
19: insert " We will review progress annually." at end
35: delete paragraph
37: replace paragraph with "We acknowledge the role of the Internet Governance Forum ..."
37: add paragraph after "We call on all stakeholders to ..."
1: add paragraph before "Mindful of the outcome of ..."
58: retain "World Summit"
58: add alternative "Summit-level Meeting" to "High Level Meeting"
7: bracket "unforeseen ten years ago"
58: remove brackets "World Summit"
40: move after 43
22: comment "Reserve pending consultations with capital."
12: support G77-3
"""


def one(line: str):
    """The single operation of a file ``by: EU`` + ``line``."""
    (op,) = parse_amendments("by: EU\n" + line, "eu.amend").operations
    return op


def errors(text: str) -> list[str]:
    """Headlines of every diagnostic of ``text`` (which must fail)."""
    with pytest.raises(AmendmentFileError) as info:
        parse_amendments(text, "eu.amend")
    return [d.headline() for d in info.value.diagnostics]


def src(line: int, column: int = 1) -> SourceRef:
    return SourceRef("eu.amend", line, column)


def test_spec_example_records():
    f = parse_amendments(SPEC_EXAMPLE, "eu.amend")
    assert (f.path, f.by, f.name, f.draft, f.date) == (
        "eu.amend",
        "EU",
        "European Union and its member States",
        "wsis10-zero",
        "2015-10-19",
    )
    assert f.warnings == ()
    assert f.operations == (
        Replace("EU-1", "EU", src(6), "12", anchor=Anchor("almost 10 per cent", None, 13, 6), new="nearly 10 per cent"),
        Delete("EU-2", "EU", src(7), "12", anchor=Anchor("as compared to 3.4 per cent in 2005,", None, 12, 7)),
        Insert("EU-3", "EU", src(8), "19", text="and meaningful ", where="before",
               anchor=Anchor("access to the Internet", None, 37, 8)),
        Insert("EU-4", "EU", src(9), "19", text=", including persons with disabilities", where="after",
               anchor=Anchor("to all by 2020", None, 58, 9)),
        Insert("EU-5", "EU", src(10), "19", text=" We will review progress annually.", where="end"),
        DeleteParagraph("EU-6", "EU", src(11), "35"),
        ReplaceParagraph("EU-7", "EU", src(12), "37", text="We acknowledge the role of the Internet Governance Forum ..."),
        AddParagraph("EU-8", "EU", src(13), "37", text="We call on all stakeholders to ...", where="after"),
        AddParagraph("EU-9", "EU", src(14), "1", text="Mindful of the outcome of ...", where="before"),
        Retain("EU-10", "EU", src(15), "58", anchor=Anchor("World Summit", None, 12, 15)),
        AddAlternative("EU-11", "EU", src(16), "58", text="Summit-level Meeting",
                       anchor=Anchor("High Level Meeting", None, 47, 16)),
        BracketText("EU-12", "EU", src(17), "7", anchor=Anchor("unforeseen ten years ago", None, 12, 17)),
        RemoveBrackets("EU-13", "EU", src(18), "58", anchor=Anchor("World Summit", None, 21, 18)),
        Move("EU-14", "EU", src(19), "40", where="after", dest="43", dest_column=16),
        Comment("EU-15", "EU", src(20), "22", text="Reserve pending consultations with capital."),
        Support("EU-16", "EU", src(21), "12", target_id="G77-3", target_column=13),
    )
    kinds = [op.kind for op in f.operations]
    assert len(set(kinds)) == 13  # every kind of record (insert and add paragraph appear twice)


def test_every_documented_form_parses():
    filled = {
        'replace "old" with "new"': 'replace "a" with "b"',
        'insert "new" before|after "text"': 'insert "a" before "b"',
        'insert "new" at start|at end': 'insert "a" at start',
        'add paragraph after|before "new"': 'add paragraph before "a"',
        "move after|before REF": "move before 3",
        "support ID": "support US-1",
        'add heading before|after "text" with "new"': 'add heading before "a" with "b"',
        'add option after|before with "new"': 'add option after with "b"',
    }
    for form in OPERATION_FORMS:
        line = filled.get(form, form.replace('"text"', '"a"').replace('"new"', '"b"').replace('"alternative"', '"c"'))
        assert one(f"12: {line}").ref == "12", form


@pytest.mark.parametrize(
    "ref",
    ["12", "12bis", "12 bis", "para 12", "paragraph 12", "OP12", "OP 12", "Pp3", "PP 3", "Article 4.2", "4.2(a)",
     "Article 2bis", "4.2 (a)"],
)
def test_references_are_kept_as_written(ref):
    op = one(f"{ref}: delete paragraph")
    assert op.ref == ref and op.source == src(2)


def test_reference_whitespace_is_collapsed_and_indentation_allowed():
    op = one("   12   bis :  delete paragraph")
    assert op.ref == "12 bis" and op.source.column == 4


def test_move_destination_in_any_spelling():
    op = one("40: move before para 43 bis")
    assert (op.where, op.dest, op.dest_column) == ("before", "para 43 bis", 17)


def test_keywords_are_case_insensitive():
    op = one('12: Replace "a" WITH "b"')
    assert isinstance(op, Replace) and (op.anchor.text, op.new) == ("a", "b")
    assert isinstance(one("12: Delete Paragraph"), DeleteParagraph)
    assert one('12: insert "x" AT END').where == "end"


def test_remove_bracket_singular_is_accepted():
    assert isinstance(one('58: remove bracket "World Summit"'), RemoveBrackets)


@pytest.mark.parametrize(
    "marker, n", [("(1st)", 1), ("(2nd)", 2), ("(3rd)", 3), ("(4th)", 4), ("(11th)", 11), ("(21st)", 21), ("(2ND)", 2)]
)
def test_occurrences(marker, n):
    assert one(f'12: delete "per cent" {marker}').anchor.occurrence == n


def test_occurrence_after_each_anchor():
    assert one('12: replace "a" (2nd) with "b"').anchor.occurrence == 2
    assert one('12: insert "x" after "a" (3rd)').anchor.occurrence == 3
    assert one('58: add alternative "x" to "a"(2nd)').anchor.occurrence == 2
    assert one('58: retain "a" (2nd)').anchor.occurrence == 2


def test_ordinal():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st", "111th"
    ]


# ---------------------------------------------------------------------------------------------------
# Quoting


def test_typographic_quotes():
    op = one("12: replace “almost 10 per cent” with “nearly 10 per cent”")
    assert (op.anchor.text, op.new) == ("almost 10 per cent", "nearly 10 per cent")


def test_typographic_quotes_nest_and_straight_quotes_inside_are_text():
    assert one('12: comment “the “digital divide” and "net neutrality"”').text == (
        'the “digital divide” and "net neutrality"'
    )


def test_low_opening_quote():
    assert one("12: comment „Gut“").text == "Gut"


def test_escaped_quotes_and_backslashes():
    assert one(r'12: comment "say \"yes\" \\ or \“no\”"').text == 'say "yes" \\ or “no”'
    assert one(r'12: comment "a \n b"').text == r"a \n b"  # only quotes and backslashes are escapes


def test_hash_inside_quotes_is_text_and_outside_is_a_comment():
    op = one('12: comment "item #3"  # a note')
    assert op.text == "item #3"
    f = parse_amendments("by: EU  # the EU\n# whole line\n12: delete paragraph # why\n", "eu.amend")
    assert f.by == "EU" and len(f.operations) == 1


def test_quoted_text_continues_on_indented_lines():
    f = parse_amendments(
        'by: EU\n37: replace paragraph with "We acknowledge\n    the role of the IGF   \n\tas a platform."\n'
        "38: delete paragraph\n",
        "eu.amend",
    )
    first, second = f.operations
    assert first.text == "We acknowledge the role of the IGF as a platform."
    assert second.id == "EU-2" and second.source.line == 5


def test_quote_opened_at_line_end_and_closed_on_its_own_line_adds_no_spaces():
    op = one('37: replace paragraph with "\n    We acknowledge the role.\n    "')
    assert op.text == "We acknowledge the role."


def test_leading_and_trailing_spaces_inside_a_one_line_quote_are_kept():
    assert one('19: insert " We will review. " at end').text == " We will review. "


def test_operation_continues_on_indented_lines_outside_quotes():
    op = one('12: replace "almost 10 per cent"\n    with "nearly 10 per cent"')
    assert (op.anchor.text, op.new) == ("almost 10 per cent", "nearly 10 per cent")
    assert op.anchor.line == 2


def test_indented_line_that_starts_with_a_reference_is_a_new_operation():
    f = parse_amendments('by: EU\n12: delete "a"\n  13: delete "b"\n', "eu.amend")
    assert [op.ref for op in f.operations] == ["12", "13"]


def test_anchor_position_on_a_continuation_line():
    op = one('12: insert "x"\n      after "a"')
    assert (op.anchor.line, op.anchor.column) == (3, 13)


def test_crlf_and_bom():
    f = parse_amendments("\ufeffby: EU\r\n12: delete \"a\"\r\n13: delete \"b\"\r\n", "eu.amend")
    assert [op.anchor.text for op in f.operations] == ["a", "b"]


def test_header_values():
    f = parse_amendments(
        'by: G77\nname: "Group of 77\n   and China"\nDraft: Zero draft\nDATE: 2015-10-19\n', "g.amend"
    )
    assert (f.by, f.name, f.draft, f.date) == ("G77", "Group of 77 and China", "Zero draft", "2015-10-19")


def test_support_without_reference():
    op = one("support G77-3")
    assert isinstance(op, Support) and op.ref == "" and op.target_id == "G77-3"


# ---------------------------------------------------------------------------------------------------
# Ids and errors


def test_ids_count_every_operation_line_also_failed_ones():
    result = parse_amendments_lenient('by: US\n12: delete "a"\n12: delte "b"\n12: delete "c"\n', "us.amend")
    assert [op.id for op in result.file.operations] == ["US-1", "US-3"]
    assert result.failed_ids == ("US-2",)
    assert [d.headline() for d in result.errors] == [
        'us.amend:3:5: unknown operation "delte"; did you mean "delete"?'
    ]


def test_all_errors_of_a_file_are_reported():
    assert errors('12: delte "a"\n13: delete "b\n') == [
        'eu.amend:1:1: missing "by:" header; add a line such as "by: EU" (your delegation\'s code) at the top of the file',
        'eu.amend:1:5: unknown operation "delte"; did you mean "delete"?',
        'eu.amend:2:12: the quote opened here is never closed; close it with " on the same line, or continue the '
        "text on indented lines",
    ]


def test_words_left_on_a_continuation_line_keep_the_operation():
    result = parse_amendments_lenient("by: XX\n12bis: delete paragraph\n    indented\n12: delete paragraph junk\n",
                                      "xx.amend")
    assert [(op.id, op.kind, op.ref) for op in result.file.operations] == [("XX-1", "delete-paragraph", "12bis")]
    assert result.failed_ids == ("XX-2",)
    assert [d.headline() for d in result.errors] == [
        'xx.amend:3:5: unexpected "indented" after the operation; write one operation per line; # starts a comment',
        'xx.amend:4:22: unexpected "junk" after the operation; write one operation per line; # starts a comment',
    ]


def test_unterminated_quote_does_not_swallow_the_next_operation():
    result = parse_amendments_lenient('by: EU\n12: delete "a\n13: delete "b"\n', "eu.amend")
    assert [op.id for op in result.file.operations] == ["EU-2"]


def test_unterminated_quote_across_continuation_points_where_it_opened():
    assert errors('by: EU\n12: delete "a\n   b\n   c\n') == [
        'eu.amend:2:12: the quote opened here is never closed; close it with " on the same line, or continue the '
        "text on indented lines"
    ]


@pytest.mark.parametrize(
    "line, message",
    [
        ("12:", "eu.amend:2:4: expected an operation after the reference; for example replace \"old\" with \"new\", "
                'delete "text", insert "new" before|after "text"'),
        (': delete "a"', 'eu.amend:2:1: expected a paragraph reference before ":"; for example 12: delete "text"'),
        ('"12": delete "a"', 'eu.amend:2:1: expected a paragraph reference, found a quoted text; '
                             'for example 12: delete "text"'),
        ('12: "a"', 'eu.amend:2:5: expected an operation, found a quoted text; write the operation first, '
                    'e.g. 12: delete "text"'),
        ('12: delete ""', "eu.amend:2:12: the text to delete is empty"),
        ('12: insert "" at end', "eu.amend:2:12: the text to insert is empty"),
        ('12: add alternative "x" from "y"', 'eu.amend:2:25: expected "to" after the quoted text, found "from"; '
                                             'write add alternative "new" to "existing alternative"'),
        ('12: add paragraph "x"', 'eu.amend:2:19: expected "after" or "before" after "paragraph", found a quoted text'),
        ('12: remove "x"', 'eu.amend:2:12: expected "brackets" after "remove", found a quoted text; '
                           'write remove brackets "text"'),
        ('12: move to 13', 'eu.amend:2:10: expected "after" or "before" after "move", found "to"'),
        ("12: support", "eu.amend:2:12: expected an operation id after \"support\"; for example support G77-3"),
        ("12: support G77-0", 'eu.amend:2:13: "G77-0" is not an operation id; an id is a delegation\'s code, '
                              "a dash and the operation's number, e.g. G77-3"),
        ('12: delete paragraph "x"', 'eu.amend:2:22: unexpected a quoted text after the operation; '
                                     "write one operation per line; # starts a comment"),
        ('12: insert "a]" at end', 'eu.amend:2:12: the text to insert has a "]" that closes no "["; '
                                   "negotiation brackets in a proposal must open and close inside it"),
        ("12: retain ‘World Summit’", 'eu.amend:2:12: expected the alternative to retain in quotes after "retain", '
                                      'found "‘World"; use double quotes: "..." or “...”'),
    ],
)
def test_syntax_errors(line, message):
    assert errors("by: EU\n" + line + "\n") == [message]


def test_diagnostic_shows_line_and_caret():
    with pytest.raises(AmendmentFileError) as info:
        parse_amendments("by: EU\n12: replase \"a\" with \"b\"\n", "eu.amend")
    assert info.value.format() == (
        'eu.amend:2:5: unknown operation "replase"; did you mean "replace"?\n'
        '    12: replase "a" with "b"\n'
        "        ^"
    )


def test_empty_file_reports_missing_by():
    assert errors("") == [
        'eu.amend:1:1: missing "by:" header; add a line such as "by: EU" (your delegation\'s code) at the top of the file'
    ]


def test_file_without_operations_is_a_warning():
    f = parse_amendments("by: EU\n", "eu.amend")
    assert [d.headline() for d in f.warnings] == ["eu.amend:1: warning: no operations in this file"]


def test_read_amendments(tmp_path):
    path = tmp_path / "eu.amend"
    path.write_text('by: EU\n12: delete "a"\n', encoding="utf-8")
    assert read_amendments(str(path)).operations[0].id == "EU-1"
    with pytest.raises(InputFileError):
        read_amendments(str(tmp_path / "missing.amend"))
    path.write_bytes(b"by: EU\n12: delete \"\xff\"\n")
    with pytest.raises(InputFileError) as info:
        read_amendments(str(path))
    assert info.value.diagnostics[0].line == 2


# ---------------------------------------------------------------------------------------------------
# Never anything but AmendmentFileError

_PIECES = st.sampled_from(
    ['"', "“", "”", "„", "\\", "#", ":", "(2nd)", "(0th)", "(", " ", "\t", "\n", "\n   ", "\r\n", "12", "12 bis",
     "by", "by:", "name:", "draft:", "replace", "delete", "insert", "add", "paragraph", "alternative", "move",
     "after", "before", "at", "end", "start", "with", "to", "bracket", "remove", "brackets", "retain", "comment",
     "support", "G77-3", "EU-1", "[", "]", "x", "é", "\u00a0", "\ufeff"]
)


@pytest.mark.slow
@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), st.lists(_PIECES, max_size=40).map("".join)))
def test_parser_never_raises_anything_but_amendment_file_error(text):
    try:
        f = parse_amendments(text, "fuzz.amend")
    except AmendmentFileError as exc:
        assert exc.diagnostics
        for d in exc.diagnostics:
            assert d.path == "fuzz.amend"
            d.format()
    else:
        assert f.by
        ids = [op.id for op in f.operations]
        assert len(set(ids)) == len(ids)
