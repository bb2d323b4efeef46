"""Language versions of one document aligned by structure, and where they disagree.

Translators and delegations check, before every session, that the French, Spanish, Russian, Chinese
and Arabic versions say what the English one says, paragraph for paragraph. ``compare_versions``
lines the versions up by their structure (headings, numbered paragraphs, sub-items; the text itself
differs in every language, so it is not compared) and reports, row by row:

- ``missing``: a heading, paragraph or sub-item that some versions have and others do not;
- ``numbering``: the same place numbered differently (``2.`` in one version, ``3.`` in another);
- ``brackets``: a different number of bracket groups, or of alternatives in a group;
- ``dates`` and ``numbers`` that differ (``figures.py`` reads them as each language writes them).

Each version is walked into a list of entries (every heading, paragraph and sub-item with its
*signature*: what it is, how deep, and its number as a value: ``2 bis``, ``(b)`` as the 2nd sub-item
whatever the alphabet, ``Article 1`` for ``Article premier`` or ``第一条``). Every version is aligned with
the first by its signatures (longest matching blocks); a block of entries that differs only in
numbering is paired one to one, what is left over is missing from the others.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from amendtool.draft import Document, languages
from amendtool.draft.model import Paragraph, Section
from amendtool.parallel.figures import figures, is_date

KINDS = ("missing", "numbering", "brackets", "dates", "numbers")
"""The kinds of disagreement, in the order the report lists them within a row."""


@dataclass(frozen=True, slots=True)
class Version:
    """One language version."""

    path: str
    """The file it was read from."""
    language: str
    """Its language (``draft.languages.LANGUAGES``), as detected."""
    title: str
    """Its title block."""
    paragraphs: int
    """Paragraphs and sub-items."""


@dataclass(frozen=True, slots=True)
class Cell:
    """One version's heading, paragraph or sub-item in a row."""

    kind: str
    """``heading``, ``paragraph`` or ``sub-item``."""
    ref: str
    """Its reference in that version (``Article 1.2 bis``, ``1.2(ب)``)."""
    label: str
    """Its number as the version prints it (``Article premier``, ``٢ مكررا``, ``（一）``; "" for none)."""
    number: str
    """Its number as a value, the same in every language (``1``, ``Part I``, ``2 bis``; ``(2)`` for the
    second sub-item in any alphabet); "" for none."""
    text: str
    """Its text (a heading's title)."""
    groups: tuple[int, ...] = ()
    """The number of alternatives of each of its bracket groups, in order."""
    figures: tuple[str, ...] = ()
    """Its dates and numbers as values, sorted (``figures.figures``)."""


@dataclass(frozen=True, slots=True)
class Finding:
    """A disagreement between versions in one row."""

    kind: str
    """One of ``KINDS``."""
    row: int
    """The row it is in (an index into ``Parallel.rows``)."""
    ref: str
    """The row's reference (in the first version that has the row)."""
    message: str
    """What differs, naming the versions (``missing in es.txt``)."""
    versions: tuple[int, ...]
    """The versions that stand apart (indexes into ``Parallel.versions``)."""


@dataclass(frozen=True, slots=True)
class Row:
    """One place of the document in every version: a cell per version, None where it lacks it."""

    ref: str
    """The reference of the first version that has it."""
    cells: tuple[Cell | None, ...]
    findings: tuple[Finding, ...] = ()


@dataclass(frozen=True, slots=True)
class Parallel:
    """The versions side by side."""

    versions: tuple[Version, ...]
    rows: tuple[Row, ...]
    findings: tuple[Finding, ...] = field(default=())
    """Every disagreement, in row order."""

    def counts(self) -> dict[str, int]:
        """Findings per kind (every kind present, in ``KINDS`` order)."""
        found = Counter(f.kind for f in self.findings)
        return {k: found.get(k, 0) for k in KINDS}


# ---------------------------------------------------------------------------------------------------
# Walking a version


@dataclass(frozen=True, slots=True)
class _Entry:
    signature: tuple[str, int, str]
    cell: Cell


def _entries(doc: Document) -> list[_Entry]:
    out: list[_Entry] = []
    for node, depth in _walk(doc.body, 0):
        if isinstance(node, Section):
            h = node.heading
            label = languages.printed_number(h) or h.number or ""
            number = _heading_key(h.number or "")
            out.append(_Entry(("heading", depth, number), Cell("heading", h.ref, label, number, h.title)))
        else:
            kind = "sub-item" if node.kind == "sub-item" else "paragraph"
            groups = tuple(len(g.alternatives) for g in node.bracket_groups)
            figs = tuple(sorted(figures(node.text).elements()))
            number = _label_key(node.label)
            out.append(_Entry((kind, depth, number),
                              Cell(kind, node.ref, _printed_label(doc, node), number, node.text, groups, figs)))
    return out


def _walk(nodes: Sequence[object], depth: int) -> Iterator[tuple[Section | Paragraph, int]]:
    for node in nodes:
        if isinstance(node, Section):
            yield node, depth
            yield from _walk(node.children, depth + 1)
        elif isinstance(node, Paragraph):
            yield node, depth
            yield from _walk(node.children, depth + 1)


def _heading_key(number: str) -> str:
    """A heading's number as a value: ``Part I``, ``1``, ``2 bis``."""
    return languages.western(number).strip()


_SUB_ITEM = re.compile(r"^\((.+)\)$")


def _label_key(label: str | None) -> str:
    """A paragraph's number as a value: ``2 bis`` for ``2 bis``, ``2-бис``, ``٢ مكررا`` and ``2之二``;
    ``(2)`` for the second sub-item in any alphabet (``(b)``, ``(б)``, ``(ب)``, ``（二）``)."""
    if not label:
        return ""
    label = languages.western(label).strip()
    m = _SUB_ITEM.match(label)
    if m:
        index = languages.letter_index(m.group(1))
        return f"({index})" if index else label
    return label


def _printed_label(doc: Document, p: Paragraph) -> str:
    """The label as the version prints it (its own characters)."""
    if p.label_span is None:
        return ""
    a, b = p.label_span
    return doc.source[a:b].strip()


# ---------------------------------------------------------------------------------------------------
# Aligning


def compare_versions(docs: Sequence[Document]) -> Parallel:
    """The versions side by side, aligned with the first, and their disagreements."""
    versions = tuple(
        Version(d.path, languages.draft_language(d), d.title.title, len(d.paragraphs)) for d in docs
    )
    entries = [_entries(d) for d in docs]
    grid = _align(entries)
    rows: list[Row] = []
    findings: list[Finding] = []
    for k, cells in enumerate(grid):
        ref = next(c.ref for c in cells if c is not None)
        found = tuple(_findings(k, ref, cells, versions))
        rows.append(Row(ref, cells, found))
        findings.extend(found)
    return Parallel(versions, tuple(rows), tuple(findings))


def _align(entries: list[list[_Entry]]) -> list[tuple[Cell | None, ...]]:
    """Rows of cells, one column per version, aligned with the first version."""
    base = entries[0]
    n = len(entries)
    matched: list[dict[int, Cell]] = [{} for _ in base]
    extra: list[list[dict[int, Cell]]] = [[] for _ in range(len(base) + 1)]
    """Rows that the first version lacks, by the base position they come before."""
    for k, base_cell in enumerate(base):
        matched[k][0] = base_cell.cell
    for v in range(1, n):
        other = entries[v]
        sm = difflib.SequenceMatcher(None, [e.signature for e in base], [e.signature for e in other], autojunk=False)
        for op, i1, i2, j1, j2 in sm.get_opcodes():
            paired = min(i2 - i1, j2 - j1) if op == "replace" else (i2 - i1 if op == "equal" else 0)
            for d in range(paired):
                matched[i1 + d][v] = other[j1 + d].cell
            _add_extra(extra[i1 + paired], v, [e.cell for e in other[j1 + paired : j2]])
    grid: list[tuple[Cell | None, ...]] = []
    for k in range(len(base) + 1):
        grid.extend(tuple(row.get(v) for v in range(n)) for row in extra[k])
        if k < len(base):
            grid.append(tuple(matched[k].get(v) for v in range(n)))
    return grid


def _add_extra(rows: list[dict[int, Cell]], version: int, cells: list[Cell]) -> None:
    """Entries of ``version`` the first version lacks, merged with those of other versions at the same
    place when they are the same entry (the same kind and number)."""
    at = 0
    for cell in cells:
        while at < len(rows) and (version in rows[at] or not _same_place(rows[at], cell)):
            at += 1
        if at == len(rows):
            rows.append({})
        rows[at][version] = cell
        at += 1


def _same_place(row: dict[int, Cell], cell: Cell) -> bool:
    other = next(iter(row.values()))
    return other.kind == cell.kind and other.number == cell.number


# ---------------------------------------------------------------------------------------------------
# Disagreements


def _names(versions: Sequence[Version], indexes: Sequence[int]) -> str:
    return ", ".join(versions[i].path for i in indexes)


def _findings(row: int, ref: str, cells: Sequence[Cell | None], versions: Sequence[Version]) -> Iterator[Finding]:
    present = [i for i, c in enumerate(cells) if c is not None]
    absent = [i for i, c in enumerate(cells) if c is None]
    what = next(c.kind for c in cells if c is not None)
    if absent:
        yield Finding("missing", row, ref, f"{what} missing in {_names(versions, absent)} "
                      f"(present in {_names(versions, present)})", tuple(absent))
    cells_present = [(i, c) for i, c in enumerate(cells) if c is not None]
    yield from _differences(row, ref, "numbering", [(i, c.number) for i, c in cells_present], versions,
                            lambda number: f"numbered {number or '(none)'}")
    if what != "heading":
        yield from _differences(row, ref, "brackets", [(i, c.groups) for i, c in cells_present], versions,
                                _describe_groups)
        yield from _differences(row, ref, "dates", [(i, _dates(c)) for i, c in cells_present], versions,
                                lambda v: _describe_figures(v, "no dates"))
        yield from _differences(row, ref, "numbers", [(i, _numbers(c)) for i, c in cells_present], versions,
                                lambda v: _describe_figures(v, "no numbers"))


def _differences(row: int, ref: str, kind: str, values: list[tuple[int, object]], versions: Sequence[Version],
                 describe) -> Iterator[Finding]:
    """One finding when the versions do not all have the same value: each value with its versions, the
    most common first (the odd ones out are the finding's versions)."""
    groups: dict[object, list[int]] = {}
    for i, value in values:
        groups.setdefault(value, []).append(i)
    if len(groups) < 2:
        return
    ordered = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[1][0]))
    parts = [f"{describe(value)} in {_names(versions, idx)}" for value, idx in ordered]
    odd = tuple(sorted(i for _, idx in ordered[1:] for i in idx))
    yield Finding(kind, row, ref, "; ".join(parts), odd)


def _describe_groups(groups: object) -> str:
    counts = groups if isinstance(groups, tuple) else ()
    if not counts:
        return "no bracket group"
    alternatives = ", ".join(str(n) for n in counts)
    noun = "bracket group" if len(counts) == 1 else "bracket groups"
    return f"{len(counts)} {noun} ({alternatives} alternatives)" if len(counts) > 1 else \
        f"1 {noun} ({alternatives} alternative{'s' if counts[0] != 1 else ''})"


def _dates(c: Cell) -> tuple[str, ...]:
    return tuple(f for f in c.figures if is_date(f))


def _numbers(c: Cell) -> tuple[str, ...]:
    return tuple(f for f in c.figures if not is_date(f))


def _describe_figures(figs: object, none: str) -> str:
    values = figs if isinstance(figs, tuple) else ()
    return " ".join(_readable(v) for v in values) if values else none


def _readable(figure: str) -> str:
    """``100,000,000,000`` for ``100000000000``; dates and small numbers as they are."""
    whole, _, decimals = figure.partition(".")
    if is_date(figure) or len(whole) <= 4 or not whole.isdigit():
        return figure
    return f"{int(whole):,}" + (f".{decimals}" if decimals else "")
