"""Bracket groups: which brackets a delegate reads as one set of alternatives."""

from __future__ import annotations

import pytest

from amendtool.draft.inline import BRACKET, bracket_offsets, may_hold_bracket, parse_inline


def groups(text):
    return [g.alternatives for g in parse_inline(text)[1]]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a [World Summit] [High Level Meeting] b", [("World Summit", "High Level Meeting")]),
        ("In [furtherance][pursuit] of", [("furtherance", "pursuit")]),
        ("[a] / [b] or [c]", [("a", "b", "c")]),
        ("[shall][should][other] x", [("shall", "should", "other")]),
        # two choices side by side: a chain, a space, another chain about something else
        ("mitigation [contribution][commitment][other] [shall][should][other] reflect",
         [("contribution", "commitment", "other"), ("shall", "should", "other")]),
        ("by [X date] [a peaking of emissions][zero net emissions]",
         [("X date",), ("a peaking of emissions", "zero net emissions")]),
        ("[Developed country Parties should lead][Developed country Parties and others] [shall][should][other]",
         [("Developed country Parties should lead", "Developed country Parties and others"), ("shall", "should", "other")]),
        # variations of one phrase stay one group, even across a space
        ("[below 2 °C][below 1.5 °C] [below 1.5 °C or 2 °C][as far below 2 °C as possible]",
         [("below 2 °C", "below 1.5 °C", "below 1.5 °C or 2 °C", "as far below 2 °C as possible")]),
        # nesting: groups inside brackets, outermost first
        ("[to [enhance the Convention and] to achieve]",
         [("to [enhance the Convention and] to achieve",), ("enhance the Convention and",)]),
        ("a] b [c", [("c",)]),
    ],
)
def test_groups(text, expected):
    assert groups(text) == expected


@pytest.mark.parametrize("text", [
    "", "no brackets", "a [b] c", "]a[", "[[x]] [y]", "［全角］ and 【括号】 [mixed］", "’ [a] ’", "x]］】[［【y",
])
def test_bracket_offsets_find_what_the_pattern_finds(text):
    assert bracket_offsets(text) == tuple(m.start() for m in BRACKET.finditer(text))
    assert may_hold_bracket(text) == bool(bracket_offsets(text))


def test_equal_texts_parse_alike():
    # bracketed texts are parsed once (a cache): a copy of the text gives the same nodes
    text = "a [World Summit] [High Level Meeting] b"
    assert parse_inline("".join(list(text))) == parse_inline(text)
