"""The compilation as JSON: the whole model, documented field by field in docs/compilation-json.md.

Every object carries ``"type"`` (its model class in kebab case: ``paragraph``, ``change``, ``proposal``
...); fields keep the model's order; derived counts (``contention``, ``contested``) are included so a
consumer need not recompute them. The base document itself is not included (it is the draft file).
"""

from __future__ import annotations

import json
import re
from dataclasses import fields, is_dataclass, replace
from typing import TypeAlias

from amendtool.compile import Change, Compilation, CompiledParagraph, ParagraphSummary, Summary

FORMAT_NAME = "amendtool-compilation"
FORMAT_VERSION = 2

_DERIVED = {
    CompiledParagraph: ("proposal_count",),
    Change: ("contested",),
    ParagraphSummary: ("contention",),
    Summary: ("max_contention",),
}


def _type_name(cls: type) -> str:
    name = cls.__name__.removeprefix("Compiled")
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


_FIELDS: dict[type, tuple[str, tuple[str, ...]]] = {}


def _shape(cls: type) -> tuple[str, tuple[str, ...]]:
    """The type name and the field names (model fields then derived ones) of a model class."""
    shape = _FIELDS.get(cls)
    if shape is None:
        names = tuple(f.name for f in fields(cls) if f.name != "document") + _DERIVED.get(cls, ())
        shape = _FIELDS[cls] = (_type_name(cls), names)
    return shape


JSON: TypeAlias = "str | int | float | bool | None | list[JSON] | dict[str, JSON]"


def to_data(value: object) -> JSON:
    """Plain JSON data (dicts, lists, strings, numbers) for a model value."""
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return _object(value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    raise TypeError(f"not part of the compilation model: {type(value).__name__}")


def _object(value: object) -> dict[str, JSON]:
    """A model record as a JSON object: its type, then its fields."""
    name, names = _shape(type(value))
    out: dict[str, JSON] = {"type": name}
    for n in names:
        out[n] = to_data(getattr(value, n))
    return out


def render_json(c: Compilation) -> str:
    if c.anonymous:  # the model keeps them for the facilitator's messages; an anonymous output names no id
        c = replace(c, left_out=tuple(replace(o, id="", by=()) for o in c.left_out))
    data = {"format": FORMAT_NAME, "version": FORMAT_VERSION, **_object(c)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
