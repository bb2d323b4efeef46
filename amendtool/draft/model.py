"""The draft model: an immutable tree over the source text.

Every node keeps its exact source slice (``raw``) and position, so that rendering the tree back as
plain text (``Document.render``) reproduces the input byte for byte. Nodes in source order:

    Document
      title: TitleBlock               lines before the first heading or paragraph
      body: Section | Block ...       top-level nodes
    Section                           a heading and everything up to the next heading of its level or above
      heading: Heading
      children: Section | Block ...
    Block = Paragraph | Furniture
    Paragraph                         a numbered/labelled or plain paragraph, with its sub-items
      lines: Line | Furniture ...     its own source lines; furniture cut into it by a page break
      children: Paragraph ...         sub-items (a), (b) ...

Inline content (``Paragraph.inlines``) is parsed from the paragraph's normalised ``text`` (label
removed, hard wraps joined, furniture removed, whitespace runs as one space); ``text_map`` maps every
character of ``text`` back to its offset in the source, which is how operations find the draft's own
characters and how errors point at lines and columns.
"""

from __future__ import annotations

import bisect
import gc
import itertools
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import MISSING, dataclass, field, fields
from typing import Any, TypeVar, overload

from amendtool.draft.patterns import LazyPattern
from amendtool.errors import Diagnostic

_LINE_END = LazyPattern(r"\r\n|\r|\n")
_T = TypeVar("_T")


def _slot_init(decorated: _T) -> _T:
    """Give a frozen dataclass with slots, built by the million for a large draft (positions, lines,
    paragraphs, inline nodes), an ``__init__`` that fills each slot through its descriptor: the same
    parameters, defaults and object as the generated one, in about half the time (that one calls
    ``object.__setattr__`` per field, the frozen class's way round its own ``__setattr__``).
    Apply it above ``@dataclass`` (to the class that returns); for fields without a default factory."""
    cls: Any = decorated
    params: list[str] = []
    body: list[str] = []
    namespace: dict[str, Any] = {}
    for f in fields(cls):
        assert f.default_factory is MISSING, f.name
        params.append(f.name if f.default is MISSING else f"{f.name}=_default_{f.name}")
        body.append(f"    _set_{f.name}(self, {f.name})\n")
        namespace[f"_set_{f.name}"] = cls.__dict__[f.name].__set__
        namespace[f"_default_{f.name}"] = f.default
    exec(f"def __init__(self, {', '.join(params)}):\n{''.join(body)}", namespace)  # as dataclasses does
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__annotations__ = cls.__init__.__annotations__
    cls.__init__ = init
    return decorated


@_slot_init
@dataclass(frozen=True, slots=True)
class Position:
    """Where a node starts in the source."""

    offset: int
    """0-based character offset into ``Document.source``."""
    line: int
    """1-based line number."""
    column: int
    """1-based column (characters)."""


@_slot_init
@dataclass(frozen=True, slots=True)
class Line:
    """One physical source line of a paragraph, heading or title, newline included."""

    raw: str
    """The line exactly as in the source, including its line ending."""
    pos: Position
    """Where the line starts."""

    def render(self) -> str:
        return self.raw


@_slot_init
@dataclass(frozen=True, slots=True)
class Furniture:
    """Source lines that are not negotiation text: page headers and numbers, footnotes, blank lines,
    front matter. Kept so that nothing is lost, ignored by every comparison."""

    raw: str
    """The lines exactly as in the source."""
    pos: Position
    """Where the first line starts."""
    kind: str
    """``blank``, ``page-break``, ``page-header``, ``page-number``, ``footnote``, ``front-matter``,
    ``link-definition`` or ``markup``."""

    def render(self) -> str:
        return self.raw


# ---------------------------------------------------------------------------------------------------
# Inline content


@_slot_init
@dataclass(frozen=True, slots=True)
class Text:
    """A run of plain text inside a paragraph's normalised text."""

    text: str
    start: int
    """Offset into ``Paragraph.text``."""


@dataclass(frozen=True, slots=True)
class Markup:
    """Markdown syntax that is not negotiation text: ``*``, ``**``, link targets, footnote markers."""

    text: str
    start: int


@_slot_init
@dataclass(frozen=True, slots=True)
class Placeholder:
    """Text still to be supplied: ``{Placeholder for preamble}``, ``202X``."""

    text: str
    start: int


@_slot_init
@dataclass(frozen=True, slots=True)
class Bracket:
    """One pair of square brackets and what is inside them (which may nest further brackets)."""

    start: int
    """Offset of ``[`` in ``Paragraph.text``."""
    end: int
    """Offset just after ``]`` (or the end of the paragraph when the bracket runs on beyond it)."""
    children: tuple[Inline, ...]
    closed: bool = True
    """False when the bracket closes in a later paragraph (a bracketed block of paragraphs)."""
    opened: bool = True
    """False for a ``]`` that closes a bracket opened in an earlier paragraph."""


@_slot_init
@dataclass(frozen=True, slots=True)
class BracketGroup:
    """Adjacent bracketed runs separated only by spaces, ``/`` or ``or``: alternatives still open.
    A single ``[text]`` is a group of one (text that may stay or go)."""

    start: int
    """Offset into ``Paragraph.text`` of the first ``[``."""
    end: int
    """Offset just after the last ``]``."""
    brackets: tuple[Bracket, ...]
    alternatives: tuple[str, ...]
    """The text inside each bracket, nested brackets kept as written."""
    depth: int = 0
    """Nesting depth inside other brackets of the paragraph (0 = outermost)."""


Inline = Text | Markup | Placeholder | Bracket | BracketGroup


# ---------------------------------------------------------------------------------------------------
# Blocks


class TextMap(Sequence[int]):
    """For each character of a paragraph's normalised text, its offset in the source
    (``Paragraph.text_map``), kept as runs of consecutive offsets: a paragraph read from two lines is
    two or three runs, not one integer per character. Indexes, slices and iterates as the tuple of
    offsets it stands for (an index costs a binary search over the runs)."""

    __slots__ = ("_length", "_offsets", "_starts")

    def __init__(self, starts: Sequence[int] = (), offsets: Sequence[int] = (), length: int = 0) -> None:
        """Runs: ``starts[k]`` is the text index where run k begins (the first is 0, each run ends where
        the next begins, the last at ``length``), ``offsets[k]`` the source offset of its first
        character. Runs that continue one another are joined, so equal maps have equal runs."""
        merged_starts: list[int] = []
        merged_offsets: list[int] = []
        for start, offset in zip(starts, offsets, strict=True):
            if merged_starts and merged_offsets[-1] + (start - merged_starts[-1]) == offset:
                continue
            merged_starts.append(start)
            merged_offsets.append(offset)
        self._starts = tuple(merged_starts)
        self._offsets = tuple(merged_offsets)
        self._length = length

    @classmethod
    def run(cls, offset: int, length: int) -> TextMap:
        """The map of ``length`` (> 0) characters that stand at consecutive source offsets from
        ``offset`` on: one run (most paragraphs; without ``__init__``'s joining of runs)."""
        text_map = object.__new__(cls)
        text_map._starts = (0,)
        text_map._offsets = (offset,)
        text_map._length = length
        return text_map

    @classmethod
    def of_runs(cls, starts: tuple[int, ...], offsets: tuple[int, ...], length: int) -> TextMap:
        """The map of runs as ``__init__`` takes them, given joined already (no run continues the one
        before it): taken as they are, without ``__init__``'s walk to join them."""
        text_map = object.__new__(cls)
        text_map._starts = starts
        text_map._offsets = offsets
        text_map._length = length
        return text_map

    @classmethod
    def of(cls, offsets: Sequence[int]) -> TextMap:
        """The map of these offsets, one per character."""
        return cls(range(len(offsets)), offsets, len(offsets))

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> int: ...

    @overload
    def __getitem__(self, index: slice) -> tuple[int, ...]: ...

    def __getitem__(self, index: int | slice) -> int | tuple[int, ...]:
        if isinstance(index, slice):
            return tuple(self[i] for i in range(*index.indices(self._length)))
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError("text map index out of range")
        k = bisect.bisect_right(self._starts, index) - 1
        return self._offsets[k] + index - self._starts[k]

    def __iter__(self) -> Iterator[int]:
        if not self._starts:
            return
        ends = self._starts[1:] + (self._length,)
        for start, end, offset in zip(self._starts, ends, self._offsets, strict=True):
            yield from range(offset, offset + end - start)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, TextMap):
            return (self._length, self._starts, self._offsets) == (other._length, other._starts, other._offsets)
        if isinstance(other, tuple):
            return tuple(self) == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self._length, self._starts, self._offsets))

    def __repr__(self) -> str:
        return f"TextMap({list(self)!r})"


@_slot_init
@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph of the draft: numbered (``12.``, ``12 bis.``), preambular (``Pp3``), a sub-item
    (``(a)``), an option (``Option 1:``) or unlabelled."""

    ref: str
    """Canonical reference (``12``, ``12 bis``, ``Pp3``, ``Article 4.2``, ``4.2(a)``)."""
    label: str | None
    """The label as a delegate writes it, normalised (``12 bis``, ``Pp3``, ``(a)``, ``Option 1``)."""
    kind: str
    """``numbered``, ``preambular``, ``sub-item``, ``option``, ``alt`` or ``plain``."""
    section: str | None
    """Ref of the innermost enclosing section, or None."""
    parent: str | None
    """Ref of the paragraph this is a sub-item of, or None."""
    lines: tuple[Line | Furniture, ...]
    """The paragraph's own source lines, in order; furniture where a page break cuts it."""
    pos: Position
    """Where the paragraph starts."""
    text: str
    """The paragraph's own text: label removed, hard wraps joined, furniture removed, whitespace runs
    as one space. Sub-items are not included."""
    text_map: TextMap
    """For each character of ``text``, its offset in ``Document.source`` (a sequence of ints)."""
    label_span: tuple[int, int] | None
    """Source offsets [start, end) of the label as written (``12.``, ``Pp3``), or None."""
    inlines: tuple[Inline, ...]
    """``text`` parsed into text runs, bracket groups, placeholders and markup."""
    bracket_groups: tuple[BracketGroup, ...]
    """Every bracket group of ``text``, outermost first then nested, in text order."""
    children: tuple[Paragraph | Furniture, ...] = ()
    """Sub-items (and the blank lines between them)."""
    indent: str = ""
    """Leading whitespace of the first line (kept for writing the next revision in the same layout)."""

    def render(self) -> str:
        return "".join(n.render() for n in self.lines) + "".join(c.render() for c in self.children)

    @property
    def end(self) -> int:
        """Source offset just after the paragraph's own lines (sub-items excluded)."""
        last = self.lines[-1]
        return last.pos.offset + len(last.raw)

    def source_offset(self, index: int) -> int:
        """Source offset of character ``index`` of ``text`` (``len(text)`` maps to the end of text)."""
        if index < len(self.text_map):
            return self.text_map[index]
        if not self.text_map:
            return self.label_span[1] if self.label_span else self.pos.offset
        return self.text_map[-1] + 1


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading: ``1.1 Bridging the Digital Divide``, ``Article 4``, ``A. Preamble``."""

    ref: str
    """Canonical reference of the section (``1.1``, ``Article 4``, ``A``, ``Preamble``)."""
    number: str | None
    """The number as written, normalised (``1.1``, ``2.1``, ``A``, ``II``, ``4``), or None."""
    title: str
    """The heading's text without its number, markup and furniture (``Bridging the Digital Divide``)."""
    level: int
    """1 for the outermost headings."""
    lines: tuple[Line | Furniture, ...]
    pos: Position

    def render(self) -> str:
        return "".join(n.render() for n in self.lines)


Block = Paragraph | Furniture


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the nodes under it."""

    heading: Heading
    children: tuple[Section | Block, ...]

    @property
    def ref(self) -> str:
        return self.heading.ref

    def render(self) -> str:
        return self.heading.render() + "".join(c.render() for c in self.children)


@dataclass(frozen=True, slots=True)
class TitleBlock:
    """Everything before the first heading or paragraph: title lines, symbols, dates."""

    title: str
    """The document's title: the most prominent title line, normalised ("" if none)."""
    lines: tuple[Line | Furniture, ...]

    def render(self) -> str:
        return "".join(n.render() for n in self.lines)


@dataclass(frozen=True, slots=True)
class DraftBracket:
    """A bracket group located in the document, for ``amendtool brackets``."""

    ref: str | None
    """The paragraph (or heading) it stands in."""
    line: int
    column: int
    group: BracketGroup
    kind: str = "brackets"
    """``brackets`` for square brackets, ``options`` for an ``Option 1:`` / ``Option 2:`` block."""
    options: tuple[str, ...] = ()
    """For ``options``: the reference of each alternative (the options, in order)."""


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed draft."""

    path: str
    """The file as the user named it."""
    source: str
    """The decoded source text (BOM removed, line endings kept)."""
    format: str
    """``text``, ``markdown``, ``docx`` or ``akn`` (an Akoma Ntoso draft, read as its canonical text)."""
    bom: bool
    """Whether the file started with a UTF-8 byte order mark (rendered back on write)."""
    title: TitleBlock
    body: tuple[Section | Block, ...]
    warnings: tuple[Diagnostic, ...] = ()
    """Diagnostics that did not stop the parse (``--lenient``)."""
    _index: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)
    """Lookup tables built by the parser (refs, aliases); see ``refs.py``."""

    def render(self) -> str:
        """The draft as plain text, byte for byte the input (without BOM; see ``bom``)."""
        return self.title.render() + "".join(n.render() for n in self.body)

    # -- traversal ---------------------------------------------------------------------------------

    def iter_nodes(self) -> Iterator[Section | Paragraph | Furniture]:
        """Sections, paragraphs (with sub-items) and furniture in source order, depth first."""

        def walk(nodes: Iterable[Section | Block]) -> Iterator[Section | Paragraph | Furniture]:
            for node in nodes:
                yield node
                if isinstance(node, Section):
                    yield from walk(node.children)
                elif isinstance(node, Paragraph):
                    yield from walk(node.children)

        yield from walk(self.body)

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """Every paragraph, sub-items included, in source order."""
        cached = self._index.get("paragraphs")
        if cached is None:
            cached = tuple(n for n in self.iter_nodes() if isinstance(n, Paragraph))
            self._index["paragraphs"] = cached
        return cached

    @property
    def sections(self) -> tuple[Section, ...]:
        cached = self._index.get("sections")
        if cached is None:
            cached = tuple(n for n in self.iter_nodes() if isinstance(n, Section))
            self._index["sections"] = cached
        return cached

    def location(self, offset: int) -> tuple[int, int, str]:
        """1-based line and column of a source offset, and that line without its ending (LF, CRLF
        and CR alone end a line)."""
        starts = self._index.get("line_starts")
        if starts is None:
            source = self.source
            if "\r" in source:
                starts = [0] + [m.end() for m in _LINE_END.finditer(source)]
            else:  # (most sources) each line starts after a LF: no match object per line
                starts = list(itertools.accumulate((len(line) + 1 for line in source.split("\n")[:-1]), initial=0))
            self._index["line_starts"] = starts
        k = bisect.bisect_right(starts, offset) - 1
        end = starts[k + 1] if k + 1 < len(starts) else len(self.source)
        return k + 1, offset - starts[k] + 1, self.source[starts[k] : end].rstrip("\r\n")


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while building many small immutable objects.

    A parsed draft holds millions of objects; every collection that building a tree (the draft's, the
    compilation's) triggers walks them all: two thirds of compile time for 6,000 paragraphs, and a
    sixth of parsing them, before this. The trees make no reference cycles, so nothing is lost; the
    collector's state is restored afterwards.

    What was built then goes to the oldest generation at once (``gc.freeze`` and ``unfreeze`` move
    the lists, walking nothing): else the next young collection walks all of it, 80,000 objects
    and 8 ms after parsing 6,000 paragraphs, and the middle one again. (Not when something else
    froze objects: unfreezing would undo it.)
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            if gc.get_freeze_count() == 0:
                gc.freeze()
                gc.unfreeze()
            gc.enable()
