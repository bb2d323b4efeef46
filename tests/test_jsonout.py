"""``render/diff/jsonout.dumps`` writes what ``json.dumps(data, ensure_ascii=False, indent=2)`` writes."""

from __future__ import annotations

import enum
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from amendtool.render.diff.jsonout import dumps, encode_string, text

SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text()
KEYS = st.text() | st.integers() | st.none() | st.booleans()
DATA = st.recursive(SCALARS, lambda inner: st.lists(inner) | st.tuples(inner, inner) | st.dictionaries(KEYS, inner),
                    max_leaves=40)


def same(data: object) -> None:
    assert dumps(data) == json.dumps(data, ensure_ascii=False, indent=2)


@settings(max_examples=300, deadline=None)
@given(DATA)
def test_as_json_writes_it(data):
    same(data)


@settings(max_examples=300, deadline=None)
@given(st.text() | st.text(alphabet=st.characters(max_codepoint=0x7f)))
def test_prose_is_written_as_the_encoder_writes_it(s):
    assert text(s) == encode_string(s)


def test_prose_subclass_and_escapes():
    for s in ("", "plain words’ – é", 'a "quote"', "back\\slash", "tab\tand\nline", "\x7f\u2028\xa0", Name("n")):
        assert text(s) == encode_string(s)


class Number(enum.IntEnum):
    THREE = 3


class Name(str):
    pass


def test_edge_values():
    for data in ({}, [], (), [[], {}, [[]]], "\u2028\ud800\x00\x1f\x7f\"\\", -0.0, 1e300, float("nan"),
                 [float("inf"), -float("inf")], {1.5: 1, None: 2, False: 3, 4: [()]},
                 [Number.THREE, Name("n"), {Number.THREE: 1, Name("k"): True}]):
        same(data)


@pytest.mark.parametrize("data", [object(), {(1, 2): 3}, [{1, 2}]])
def test_what_json_refuses_is_refused(data):
    with pytest.raises(TypeError):
        dumps(data)


def test_a_pair_written_in_one_piece_is_its_dict_written_value_by_value():
    from conftest import ROOT

    from amendtool.diff import compare
    from amendtool.draft import load_draft
    from amendtool.render.diff.json import _pair_data, _pair_json

    docs = [load_draft(ROOT / "drafts" / "wsis10_zero_draft.txt"),
            load_draft(ROOT / "tests" / "golden" / "diff" / "wsis_rev1.txt", lenient=True)]
    step = compare(*docs).overall
    assert {d.status for d in step.paragraphs} >= {"modified", "added", "deleted", "unchanged"}
    for d in step.paragraphs:
        for depth in (1, 2, 4):
            newline = "\n" + "  " * depth
            assert _pair_json(d, newline) == dumps(_pair_data(d)).replace("\n", newline)


def test_the_pairs_and_the_concordance_written_in_one_piece_are_their_data_written_value_by_value():
    from conftest import ROOT

    from amendtool.diff import compare
    from amendtool.draft import load_draft
    from amendtool.render.diff.json import _concordance_json, _pair_data, _pairs_json

    docs = [load_draft(ROOT / "drafts" / "wsis10_zero_draft.txt"),
            load_draft(ROOT / "tests" / "golden" / "diff" / "wsis_rev1.txt", lenient=True)]
    step = compare(*docs).overall
    concordance = {ref: list(targets) for ref, targets in step.concordance}
    assert any(not targets for targets in concordance.values())
    for depth in (0, 1, 3):
        newline = "\n" + "  " * depth
        assert "".join(_pairs_json(step.paragraphs, newline)) == dumps(
            [_pair_data(d) for d in step.paragraphs]).replace("\n", newline)
        assert _concordance_json(concordance, newline) == dumps(concordance).replace("\n", newline)
    assert _pairs_json((), "\n") == ["[]"] and _concordance_json({}, "\n") == "{}"


def test_utf8_is_the_text_encoded():
    from conftest import ROOT

    from amendtool.diff import compare
    from amendtool.draft import load_draft
    from amendtool.render.diff import FORMATS, render, render_utf8
    from amendtool.render.diff.jsonout import dumps_utf8

    docs = [load_draft(ROOT / "drafts" / "wsis10_zero_draft.txt"),
            load_draft(ROOT / "tests" / "golden" / "diff" / "wsis_rev1.txt", lenient=True)]
    comparison = compare(*docs)
    for fmt in FORMATS:
        assert render_utf8(comparison, fmt, issued="1 November 2015") == render(
            comparison, fmt, issued="1 November 2015").encode("utf-8")
    data = {"’": ["a", "–", 1.5, None, {"\u2028": "\U0001f600"}]}
    assert dumps_utf8(data, end="\n") == (dumps(data) + "\n").encode("utf-8")
