"""``json.dumps(data, ensure_ascii=False, indent=2)``, byte for byte, in about half the time.

With ``indent`` the standard library writes JSON with its pure-Python encoder (its C encoder serves
only the one-line form): about 0.2 s for the comparison of two 6,000-paragraph drafts. This writer
walks the same data with the C string encoder (``json.encoder.encode_basestring``) and writes each
scalar in place, one piece per value.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:  # json.encoder's own string encoder, taken from its C module: the json package is not loaded (1 ms)
    from _json import encode_basestring as encode_string
except ImportError:  # no C module: json's Python one
    from json.encoder import py_encode_basestring as encode_string

_CONSTANTS = {None: "null", True: "true", False: "false"}


def _float(o: float) -> str:
    """A float as ``json`` writes it (NaN and the infinities as JavaScript names)."""
    if o != o:
        return "NaN"
    if o in (float("inf"), float("-inf")):
        return "Infinity" if o > 0 else "-Infinity"
    return float.__repr__(o)


_SCALARS: dict[type, Callable[[Any], str]] = {
    str: encode_string,
    int: int.__repr__,
    float: _float,
    bool: _CONSTANTS.__getitem__,
    type(None): _CONSTANTS.__getitem__,
}
"""How each type of value that is no container is written, by its exact type."""


class _Writers(dict[type, Callable[[Any], str]]):
    """``_SCALARS``, and ``scalar`` for any other type (subclasses; a container is refused)."""

    def __missing__(self, kind: type) -> Callable[[Any], str]:
        return scalar


WRITE = _Writers(_SCALARS)
"""``WRITE[type(o)](o)``: the JSON of a string, number, boolean or None ``o``, in one lookup (what
``scalar(o)`` gives)."""


def text(s: str) -> str:
    """``encode_string(s)``, quicker for prose: a text in which JSON escapes nothing (no quote, no
    backslash, no control character: ``isprintable`` is false for each of them) is only put in quotes,
    where the encoder copies it character by character (half the time of the changes' texts)."""
    if type(s) is str and s.isprintable() and '"' not in s and "\\" not in s:
        return f'"{s}"'
    return encode_string(s)


class Fragment:
    """A value written by a function of its own: ``write(newline)`` gives its JSON standing at the
    indentation ``newline`` (a line break and the spaces) gives, as ``dumps`` would write the value it
    stands for, in one string or in pieces to be joined (for the records most of a document is made
    of, written in one piece each, and joined once with the rest)."""

    __slots__ = ("write",)

    def __init__(self, write: Callable[[str], str | list[str]]):
        self.write = write


def scalar(o: object) -> str:
    """The JSON of a string, number, boolean or None."""
    text = _scalar(o)
    if text is None:
        raise TypeError(f"not a scalar: {type(o).__name__}")
    return text


def _scalar(o: object) -> str | None:
    """The JSON of a value that is no container (subclasses of str, int and float too), None for a
    dict, list, tuple or ``Fragment``."""
    write = _SCALARS.get(type(o))
    if write is not None:
        return write(o)
    if isinstance(o, dict | list | tuple | Fragment):
        return None
    for kind in (str, bool, int, float):  # subclasses (an IntEnum ...) as json writes them
        if isinstance(o, kind):
            return _SCALARS[kind](o)
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


def key(k: object) -> str:
    """A dict key as ``json`` writes it: strings as they are, numbers, booleans and None in words."""
    if isinstance(k, str):
        return encode_string(k)
    if k is None or isinstance(k, bool | int | float):
        return f'"{_scalar(k)}"'
    raise TypeError(f"keys must be str, int, float, bool or None, not {type(k).__name__}")


def _write(o: object, newline: str, out: list[str]) -> None:
    """Append the JSON of ``o`` (standing at the indentation ``newline`` gives) to ``out``."""
    scalars = _SCALARS
    if isinstance(o, dict):
        if not o:
            out.append("{}")
            return
        inner = newline + "  "
        lead = "{" + inner
        for k, v in o.items():
            name = encode_string(k) if type(k) is str else key(k)
            write = scalars.get(type(v))
            text = write(v) if write is not None else _scalar(v)
            if text is None:
                out.append(f"{lead}{name}: ")
                _write(v, inner, out)
            else:
                out.append(f"{lead}{name}: {text}")
            lead = "," + inner
        out.append(newline + "}")
    elif isinstance(o, list | tuple):
        if not o:
            out.append("[]")
            return
        inner = newline + "  "
        lead = "[" + inner
        for v in o:
            write = scalars.get(type(v))
            text = write(v) if write is not None else _scalar(v)
            if text is None:
                out.append(lead)
                _write(v, inner, out)
            else:
                out.append(lead + text)
            lead = "," + inner
        out.append(newline + "]")
    elif isinstance(o, Fragment):
        written = o.write(newline)
        if isinstance(written, str):
            out.append(written)
        else:
            out += written
    else:
        out.append(scalar(o))


def dumps(data: object, end: str = "") -> str:
    """``json.dumps(data, ensure_ascii=False, indent=2) + end`` for data made of dicts, lists, tuples,
    strings, numbers, booleans and None (circular data is not detected), and ``Fragment``s."""
    return "".join(_pieces(data, end))


def dumps_utf8(data: object, end: str = "") -> bytes:
    """``dumps(data, end).encode("utf-8")``, encoded piece by piece: in a text of mostly ASCII pieces
    (JSON's syntax, most records), one curly quote makes the whole string two bytes a character, and
    its encoding a walk character by character (10 ms for 8 MB); the ASCII pieces alone are copied."""
    return b"".join([piece.encode("utf-8") for piece in _pieces(data, end)])


def _pieces(data: object, end: str) -> list[str]:
    out: list[str] = []
    _write(data, "\n", out)
    out.append(end)
    return out
