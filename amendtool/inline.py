"""Inline content of a paragraph: bracket groups, nesting, placeholders.

Parsed from a paragraph's normalised text. Adjacent bracketed runs separated only by spaces, ``/`` or
``or`` form one group of alternatives (``[furtherance][pursuit]``, ``[World Summit] [High Level
Meeting]``). Brackets that open in one paragraph and close in a later one (a bracketed block of
paragraphs) are kept as unclosed / unopened brackets; the document-level balance check lives in
``parser.py``.
"""

from __future__ import annotations

import re

from .model import Bracket, BracketGroup, Inline, Placeholder, Text

_SEPARATOR = re.compile(r"\s*(?:/|\bor\b)?\s*")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|\b\d{2,3}X\b")


def parse_inline(text: str) -> tuple[tuple[Inline, ...], tuple[BracketGroup, ...]]:
    """Parse ``text`` into inline nodes (brackets grouped) and the flat list of bracket groups."""
    # A stack of (start offset, children list); the bottom entry is the paragraph itself.
    stack: list[tuple[int, list]] = [(0, [])]
    pos = 0
    for match in re.finditer(r"[\[\]]", text):
        i = match.start()
        if i > pos:
            _add_text(stack[-1][1], text, pos, i)
        if text[i] == "[":
            stack.append((i, []))
        elif len(stack) > 1:
            start, children = stack.pop()
            stack[-1][1].append(Bracket(start, i + 1, tuple(children)))
        else:  # closes a bracket opened in an earlier paragraph
            stack[-1][1].append(Bracket(i, i + 1, (), opened=False))
        pos = i + 1
    if pos < len(text):
        _add_text(stack[-1][1], text, pos, len(text))
    while len(stack) > 1:  # runs on into a later paragraph
        start, children = stack.pop()
        stack[-1][1].append(Bracket(start, len(text), tuple(children), closed=False))
    nodes = _group(text, stack[0][1], 0)
    groups: list[BracketGroup] = []
    _collect(nodes, groups)
    groups.sort(key=lambda g: (g.start, g.depth))
    return nodes, tuple(groups)


def _add_text(out: list, text: str, start: int, end: int) -> None:
    pos = start
    for m in _PLACEHOLDER.finditer(text, start, end):
        if m.start() > pos:
            out.append(Text(text[pos : m.start()], pos))
        out.append(Placeholder(m.group(), m.start()))
        pos = m.end()
    if pos < end:
        out.append(Text(text[pos:end], pos))


def _inner(text: str, b: Bracket) -> str:
    if not b.opened:
        return ""
    return text[b.start + 1 : b.end - 1 if b.closed else b.end]


def _group(text: str, nodes: list, depth: int) -> tuple[Inline, ...]:
    """Replace runs of adjacent brackets by BracketGroups (recursively inside brackets too)."""
    out: list = []
    i = 0
    n = len(nodes)
    while i < n:
        node = nodes[i]
        if isinstance(node, Bracket) and node.opened:
            run = [_regroup(text, node, depth)]
            j = i + 1
            while run[-1].closed and j < n:
                sep = nodes[j]
                if isinstance(sep, Bracket) and sep.opened:
                    run.append(_regroup(text, sep, depth))
                    j += 1
                    continue
                if (
                    isinstance(sep, Text)
                    and j + 1 < n
                    and isinstance(nodes[j + 1], Bracket)
                    and nodes[j + 1].opened
                    and _SEPARATOR.fullmatch(sep.text)
                ):
                    run.append(_regroup(text, nodes[j + 1], depth))
                    j += 2
                    continue
                break
            out.append(
                BracketGroup(
                    run[0].start,
                    run[-1].end,
                    tuple(run),
                    tuple(_inner(text, b) for b in run),
                    depth,
                )
            )
            i = j
        else:
            out.append(node)
            i += 1
    return tuple(out)


def _regroup(text: str, b: Bracket, depth: int) -> Bracket:
    return Bracket(b.start, b.end, _group(text, list(b.children), depth + 1), b.closed, b.opened)


def _collect(nodes, out: list) -> None:
    for node in nodes:
        if isinstance(node, BracketGroup):
            out.append(node)
            for b in node.brackets:
                _collect(b.children, out)
