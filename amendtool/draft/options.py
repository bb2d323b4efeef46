"""Option blocks: ``Option 1`` / ``Option 2`` (also ``Option A``, ``Option II``, ``Option (a)``,
``Alt 1``, ``Option 2 bis``) as a structure of the draft.

An option written on a line of its own (``**Option 1:**``, ``Option I``, ``Alt 2``) is a *marker*: it
introduces the paragraphs that follow it, until the next option of its group, a heading or the end of
the options' parent (the paragraph or section they stand in); those paragraphs become its children,
so that an option is deleted, retained or moved with everything it says. An option written with its
text on the same line (``Option 2: No text``) is one paragraph (with its sub-items).

- Options whose labels are written in another style than the open group's (``Option I`` holding
  ``Option 1`` / ``Option 2``) are a group of their own inside the open option.
- A paragraph that is nothing but a placeholder (``{No text required}``, ``{X}``) right after a marker
  is that option's text; after an option that already has text it ends the block (the drafts use
  ``{Flexibility}`` as a divider).
- A marker whose text is a note in parentheses (``Option 1 (paragraphs 2-3)``) is a marker too; when
  the note names the paragraphs it covers, a paragraph numbered beyond them ends the block.

``group_options`` regroups a parsed body (before references are assigned); ``option_style`` and
``is_marker`` are what ``outline.option_groups`` and the amendment resolver use to find a group.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from amendtool.draft.model import Block, Furniture, Paragraph, Section
from amendtool.draft.patterns import LazyPattern

_LABEL = LazyPattern(r"^(Option|Alt)\s+(\S+)", re.I)
_ROMAN = LazyPattern(r"^[IVX]{1,5}$")
_PLACEHOLDER_ONLY = LazyPattern(r"^\[?\s*\{[^{}]*\}\s*\]?$")
_NOTE_ONLY = LazyPattern(r"^\([^()]*\)\s*:?$")
_NOTE_RANGE = LazyPattern(
    r"^\(\s*paragraphs?\s+(\d+)\s*[a-z]*(?:\s*(?:-|–|to|and)\s*(\d+)\s*[a-z]*)?\s*\)\s*:?$", re.I)
_NUMBER = LazyPattern(r"^\d+")

Node = Section | Block


def option_style(label: str | None) -> str:
    """How an option's label numbers it: ``option:digit`` (``Option 2``, ``Option 2 bis``),
    ``option:roman`` (``Option II``), ``option:letter`` (``Option B``), ``option:paren``
    (``Option (b)``), ``alt:digit`` (``Alt 2``); "" for no option label. Options of one group share
    a style."""
    m = _LABEL.match(label or "")
    if not m:
        return ""
    word, number = m.group(1).lower(), m.group(2)
    if number.isdigit():
        kind = "digit"
    elif _ROMAN.match(number):
        kind = "roman"
    elif number.startswith("("):
        kind = "paren"
    else:
        kind = "letter"
    return f"{word}:{kind}"


def is_marker(p: Paragraph) -> bool:
    """An option written on a line of its own (no text, or only a note in parentheses): it introduces
    the paragraphs that follow it."""
    return p.kind == "option" and (not p.text or p.text[0] == "(" and bool(_NOTE_ONLY.match(p.text)))


def placeholder_only(p: Paragraph) -> bool:
    """A paragraph that is only a placeholder: ``{No text required}``, ``[{X}]``."""
    return not p.label and bool(_PLACEHOLDER_ONLY.match(p.text))


def group_options(body: Sequence[Node]) -> tuple[Node, ...]:
    """``body`` with the paragraphs each option marker introduces moved under it (in every section
    and paragraph)."""
    return _group(body, frozenset())


def _group(nodes: Sequence[Node], outer: frozenset[str]) -> tuple[Node, ...]:
    out: list[Node] = []
    i = 0
    while i < len(nodes):
        node = nodes[i]
        if isinstance(node, Paragraph) and is_marker(node):
            end, members = _members(nodes, i, node, outer)
            style = option_style(node.label)
            children = _group(tuple(node.children) + tuple(members), outer | {style})
            out.append(replace(node, children=tuple(c for c in children if not isinstance(c, Section))))
            # furniture after the last member stays where it is, between the block and what follows
            out.extend(nodes[i + 1 + len(members) : end])
            i = end
            continue
        out.append(_inside(node, outer))
        i += 1
    return tuple(out)


def _inside(node: Node, outer: frozenset[str]) -> Node:
    """``node`` with the option blocks of its own children grouped."""
    if isinstance(node, Section):
        children = _group(node.children, frozenset())
        return node if _same(children, node.children) else Section(node.heading, children)
    if isinstance(node, Paragraph) and node.children:
        children = _group(node.children, outer)
        if _same(children, node.children):
            return node  # no option block inside (a paragraph's children are no sections)
        return replace(node, children=tuple(c for c in children if not isinstance(c, Section)))
    return node


def _same(nodes: Sequence[Node], before: Sequence[Node]) -> bool:
    """Whether grouping left ``before`` as it was (each node the same object): then the node holding them
    is kept, not copied (most sections and paragraphs hold no option block)."""
    return len(nodes) == len(before) and all(a is b for a, b in zip(nodes, before, strict=True))


def _members(nodes: Sequence[Node], at: int, marker: Paragraph,
             outer: frozenset[str]) -> tuple[int, list[Paragraph | Furniture]]:
    """The nodes after ``marker`` (at ``at``) that belong to it (furniture between them included) and
    the index where its block ends (trailing furniture is no member)."""
    style = option_style(marker.label)
    members: list[Paragraph | Furniture] = []
    pending: list[Furniture] = []
    has_text = bool(marker.children)
    note = _NOTE_RANGE.match(marker.text) if marker.text.startswith("(") else None  # (as the pattern starts)
    last = int(note.group(2) or note.group(1)) if note else None
    j = at + 1
    while j < len(nodes):
        x = nodes[j]
        if isinstance(x, Furniture):
            pending.append(x)
            j += 1
            continue
        if isinstance(x, Section) or _ends_block(x, style, outer, has_text) or _beyond(x, last):
            break
        members.extend(pending)
        pending = []
        members.append(x)
        has_text = True
        j += 1
    return j, members


def _ends_block(p: Paragraph, style: str, outer: frozenset[str], has_text: bool) -> bool:
    """Whether paragraph ``p`` ends the block of an open option of ``style``."""
    if p.kind == "option":
        other = option_style(p.label)
        return other == style or other in outer
    return has_text and placeholder_only(p)


def _beyond(p: Paragraph, last: int | None) -> bool:
    """Whether ``p`` is numbered beyond the last paragraph an option's note says it covers."""
    m = _NUMBER.match(p.label or "") if last is not None else None
    return m is not None and last is not None and int(m.group()) > last
