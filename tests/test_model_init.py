"""The model's bulk-built classes take the constructor ``model._slot_init`` gives them: the same
parameters, defaults and objects as the dataclass's own, still frozen."""

from __future__ import annotations

import dataclasses
import inspect

import pytest

from amendtool.draft import model
from amendtool.draft.model import Bracket, Furniture, Line, Paragraph, Position, Text, TextMap


@dataclasses.dataclass(frozen=True, slots=True)
class Plain:
    a: int
    b: str = "x"
    c: tuple = ()


@model._slot_init
@dataclasses.dataclass(frozen=True, slots=True)
class Fast:
    a: int
    b: str = "x"
    c: tuple = ()


def test_the_signature_is_the_dataclass_one():
    assert str(inspect.signature(Fast)) == str(inspect.signature(Plain))
    assert Fast.__init__.__qualname__ == "Fast.__init__"


@pytest.mark.parametrize("args, kwargs", [((1,), {}), ((1, "y"), {}), ((1,), {"c": (2,)}), ((), {"a": 3, "b": "z"})])
def test_objects_are_the_same(args, kwargs):
    fast, plain = Fast(*args, **kwargs), Plain(*args, **kwargs)
    assert dataclasses.astuple(fast) == dataclasses.astuple(plain)
    assert fast == Fast(*args, **kwargs) and hash(fast) == hash(Fast(*args, **kwargs))
    assert dataclasses.replace(fast, b="w").b == "w"


def test_wrong_arguments_are_refused_as_before():
    for args in [(), (1, "x", (), 4)]:  # one missing, one too many
        with pytest.raises(TypeError):
            Fast(*args)


def test_the_model_stays_frozen():
    pos = Position(0, 1, 1)
    nodes = [pos, Line("a\n", pos), Furniture("\n", pos, "blank"), Text("a", 0), Bracket(0, 2, ()),
             Paragraph(ref="", label=None, kind="plain", section=None, parent=None, lines=(), pos=pos, text="",
                       text_map=TextMap(), label_span=None, inlines=(), bracket_groups=())]
    for node in nodes:
        field = dataclasses.fields(node)[0].name
        with pytest.raises(dataclasses.FrozenInstanceError):
            setattr(node, field, None)
    assert Bracket(0, 2, ()).closed and Paragraph(
        ref="", label=None, kind="plain", section=None, parent=None, lines=(), pos=pos, text="", text_map=TextMap(),
        label_span=None, inlines=(), bracket_groups=()).children == ()
