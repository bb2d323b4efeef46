"""Inline content of a paragraph: bracket groups, nesting, placeholders.

Parsed from a paragraph's normalised text. Brackets side by side form one group of alternatives
(``[furtherance][pursuit]``), and so do runs separated only by ``/`` or ``or``, or by spaces where
that reads as one choice (``[World Summit] [High Level Meeting]``; see ``_joins``). Brackets that
open in one paragraph and close in a later one (a bracketed block of paragraphs) are kept as
unclosed / unopened brackets; the document-level balance check lives in ``parser.py``.
"""

from __future__ import annotations

import functools

from amendtool.draft.model import Bracket, BracketGroup, Inline, Placeholder, Text
from amendtool.draft.patterns import LazyPattern

OPENERS = "[［【"
"""Opening negotiation brackets: the square bracket, and the full-width ``［`` and ``【`` of Chinese drafts."""
CLOSERS = "]］】"
"""Closing negotiation brackets; any of them closes any opener (drafts mix them by accident)."""
BRACKETS = OPENERS + CLOSERS
BRACKET = LazyPattern(r"[\[\]［］【】]")


def may_hold_bracket(text: str) -> bool:
    """Whether ``text`` has a negotiation bracket (one of ``OPENERS`` and ``CLOSERS``, which ``BRACKET``
    finds): a search for each character (the full-width ones only in a text that is not all ASCII),
    several times faster than the pattern's."""
    return "[" in text or "]" in text or (
        not text.isascii() and ("［" in text or "］" in text or "【" in text or "】" in text))

_SEPARATOR = LazyPattern(r"\s*(?:/|\bor\b)?\s*")
_PLACEHOLDER = LazyPattern(r"\{[^{}]*\}|\b\d{2,3}X\b")


MAX_DEPTH = 32
"""Brackets nested deeper than this are read as text inside the innermost bracket kept (negotiation
texts nest three or four deep; a hostile file nests thousands deep)."""


@functools.lru_cache(maxsize=4096)
def bracket_offsets(text: str) -> tuple[int, ...]:
    """The offsets of the negotiation brackets of ``text`` (what ``BRACKET`` finds), in order: each
    bracket character found with ``str.find`` (the full-width ones only in a text that is not all
    ASCII), faster than the pattern for the one to four brackets a paragraph holds. Cached: the parser
    asks twice for each paragraph (its inline content, the document's bracket balance)."""
    found: list[int] = []
    find = text.find
    for ch in "[]" if text.isascii() else BRACKETS:
        i = find(ch)
        while i >= 0:
            found.append(i)
            i = find(ch, i + 1)
    found.sort()
    return tuple(found)


def parse_inline(text: str) -> tuple[tuple[Inline, ...], tuple[BracketGroup, ...]]:
    """Parse ``text`` into inline nodes (brackets grouped) and the flat list of bracket groups."""
    if not may_hold_bracket(text):
        # most paragraphs: text runs and placeholders only
        if "{" not in text and "X" not in text:  # no placeholder either (see _add_text)
            return (Text(text, 0),), ()
        flat: list[Inline] = []
        _add_text(flat, text, 0, len(text))
        return tuple(flat), ()
    return _parse_brackets(text)


@functools.lru_cache(maxsize=4096)
def _parse_brackets(text: str) -> tuple[tuple[Inline, ...], tuple[BracketGroup, ...]]:
    """``parse_inline`` of a text with brackets. Cached: its nodes are immutable and placed within the
    text alone, so equal texts share them; a draft repeats some of its bracketed paragraphs, and the
    revision that ``diff`` and ``propose`` parse after it most of them.

    Without recursion: a bracket's content is grouped when the bracket closes, with a stack."""
    # A stack of (start offset, children list); the bottom entry is the paragraph itself.
    stack: list[tuple[int, list]] = [(0, [])]
    out = stack[-1][1]  # the children of the innermost open bracket (at first, the paragraph's)
    pos = 0
    excess = 0  # brackets opened beyond MAX_DEPTH, read as text
    plain = "{" not in text and "X" not in text  # no placeholder anywhere: each run of text is one Text
    for i in bracket_offsets(text):
        opener = text[i] in OPENERS
        if opener and len(stack) > MAX_DEPTH:
            excess += 1
            continue
        if not opener and excess:
            excess -= 1
            continue
        if i > pos:
            if plain:
                out.append(Text(text[pos:i], pos))
            else:
                _add_text(out, text, pos, i)
        if opener:
            out = []
            stack.append((i, out))
        elif len(stack) > 1:
            depth = len(stack) - 1
            start, children = stack.pop()
            out = stack[-1][1]
            out.append(Bracket(start, i + 1, _group(text, children, depth)))
        else:  # closes a bracket opened in an earlier paragraph
            out.append(Bracket(i, i + 1, (), opened=False))
        pos = i + 1
    if pos < len(text):
        _add_text(out, text, pos, len(text))
    while len(stack) > 1:  # runs on into a later paragraph
        depth = len(stack) - 1
        start, children = stack.pop()
        stack[-1][1].append(Bracket(start, len(text), _group(text, children, depth), closed=False))
    nodes = _group(text, stack[0][1], 0)
    groups = _collect(nodes)
    if len(groups) > 1:
        groups.sort(key=lambda g: (g.start, g.depth))
    return nodes, tuple(groups)


def _add_text(out: list, text: str, start: int, end: int) -> None:
    if text.find("{", start, end) < 0 and text.find("X", start, end) < 0:  # no placeholder can be there
        out.append(Text(text[start:end], start))
        return
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


_WORD = LazyPattern(r"\w+")
_FUNCTION_WORDS = frozenset(
    "a an and are as at be by for in is its no of on or other that the their these this to text with".split()
)


def _common_words(text: str, brackets: list[Bracket]) -> set[str]:
    """The content words every bracket of a chain has (``below`` in ``[below 2 °C][below 1.5 °C]``)."""
    common: set[str] | None = None
    for b in brackets:
        words = {w for w in _WORD.findall(_inner(text, b).lower()) if len(w) > 1 and w not in _FUNCTION_WORDS}
        common = words if common is None else common & words
        if not common:
            break  # (none in common with the brackets before: none with all of them)
    return common or set()


def _joins(text: str, left: list[Bracket], separator: str, right: list[Bracket]) -> bool:
    """Whether two chains of brackets (``[a][b]``) separated by ``separator`` (spaces, ``/``, ``or``)
    are one group of alternatives: always across ``/`` or ``or``; across spaces when both are single
    brackets (``[World Summit] [High Level Meeting]``) or when they are variations of one phrase (a
    word common to all: ``[below 2 °C][below 1.5 °C] [below 1.5 °C or 2 °C]``), not when they are two
    choices side by side (``[contribution][commitment][other] [shall][should][other]``,
    ``[X date] [a peaking …][…]``)."""
    if separator.strip():
        return True
    if len(left) == 1 and len(right) == 1:
        return True
    common = _common_words(text, left)
    return bool(common) and bool(common & _common_words(text, right))


def _group(text: str, nodes: list, depth: int) -> tuple[Inline, ...]:
    """Replace runs of adjacent brackets by BracketGroups (their contents are grouped already)."""
    n = len(nodes)
    if n < 2 and not (n and _opened(nodes[0])):
        return tuple(nodes)  # a bracket's text alone, most often: nothing to group
    out: list = []
    i = 0
    while i < n:
        if not _opened(nodes[i]):
            out.append(nodes[i])
            i += 1
            continue
        run, j = _chain(nodes, i)
        last_chain = run
        while (
            run[-1].closed
            and j + 1 < n
            and isinstance(nodes[j], Text)
            and _opened(nodes[j + 1])
            and _SEPARATOR.fullmatch(nodes[j].text)
        ):
            following, after = _chain(nodes, j + 1)
            if not _joins(text, last_chain, nodes[j].text, following):
                break
            run.extend(following)
            last_chain = following
            j = after
        out.append(BracketGroup(run[0].start, run[-1].end, tuple(run), tuple([_inner(text, b) for b in run]), depth))
        i = j
    return tuple(out)


def _opened(node: Inline) -> bool:
    """Whether ``node`` is a bracket opened in its paragraph (which groups with its neighbours)."""
    return isinstance(node, Bracket) and node.opened


def _chain(nodes: list, k: int) -> tuple[list[Bracket], int]:
    """The brackets standing directly side by side in ``nodes`` from ``k`` on, and the index after them."""
    run = [nodes[k]]
    k += 1
    while run[-1].closed and k < len(nodes) and _opened(nodes[k]):
        run.append(nodes[k])
        k += 1
    return run, k


def _collect(nodes: tuple[Inline, ...]) -> list[BracketGroup]:
    """Every bracket group of ``nodes``, nested ones included (without recursion)."""
    out: list[BracketGroup] = []
    todo = [nodes]
    while todo:
        for node in todo.pop():
            if isinstance(node, BracketGroup):
                out.append(node)
                todo.extend(b.children for b in node.brackets)
    return out
