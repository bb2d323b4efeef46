"""``LazyPattern`` answers as the compiled pattern it stands for, compiled on first use."""

from __future__ import annotations

import re

from amendtool.draft.patterns import LazyPattern


def test_it_answers_as_re_compile():
    lazy, compiled = LazyPattern(r"(a+)(b)?", re.I), re.compile(r"(a+)(b)?", re.I)
    for text in ["", "aab", "xAAB", "ba", "aaa"]:
        for method in ("match", "fullmatch", "search"):
            got, want = getattr(lazy, method)(text), getattr(compiled, method)(text)
            assert (got and (got.span(), got.groups())) == (want and (want.span(), want.groups()))
        assert [m.span() for m in lazy.finditer(text, 1)] == [m.span() for m in compiled.finditer(text, 1)]
        assert lazy.findall(text, 1) == compiled.findall(text, 1)
        assert lazy.sub(lambda m: m.group(1).upper(), text) == compiled.sub(lambda m: m.group(1).upper(), text)


def test_it_compiles_once():
    lazy = LazyPattern("x")
    assert "match" not in vars(lazy)
    lazy.search("axb")
    assert vars(lazy)["match"] == re.compile("x").match and lazy.compiled() is lazy.compiled()
