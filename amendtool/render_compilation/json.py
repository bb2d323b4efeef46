"""The compilation as JSON: the whole model, documented field by field in docs/compilation-json.md.

Every object carries ``"type"`` (its model class in kebab case: ``paragraph``, ``change``, ``proposal``
...); fields keep the model's order; derived counts (``contention``, ``contested``) are included so a
consumer need not recompute them. The base document itself is not included (it is the draft file).
"""

from __future__ import annotations

import json
import re
from dataclasses import fields, is_dataclass

from ..compilation import Compilation, CompiledParagraph, Change, ParagraphSummary, Summary

FORMAT_NAME = "amendtool-compilation"
FORMAT_VERSION = 1

_DERIVED = {
    CompiledParagraph: ("proposal_count",),
    Change: ("contested",),
    ParagraphSummary: ("contention",),
    Summary: ("max_contention",),
}


def _type_name(cls: type) -> str:
    name = cls.__name__.removeprefix("Compiled")
    return re.sub(r"(?<!^)(?=[A-Z])", "-", name).lower()


def to_data(value):
    """Plain JSON data (dicts, lists, strings, numbers) for a model value."""
    if is_dataclass(value) and not isinstance(value, type):
        out = {"type": _type_name(type(value))}
        for f in fields(value):
            if f.name == "document":
                continue
            out[f.name] = to_data(getattr(value, f.name))
        for name in _DERIVED.get(type(value), ()):
            out[name] = to_data(getattr(value, name))
        return out
    if isinstance(value, (tuple, list)):
        return [to_data(v) for v in value]
    return value


def render_json(c: Compilation) -> str:
    data = {"format": FORMAT_NAME, "version": FORMAT_VERSION, **to_data(c)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
