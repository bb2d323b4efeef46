"""Resolving the operations that span or name structure (SPEC.md §3): ranges of paragraphs
(``12-14: bracket``, ``12-14: delete paragraphs``, ``12-14: remove brackets``, ``Article 5:
bracket``), headings (``heading 2.2: replace ...``, ``heading 2.3: delete``, ``2.2: add heading
before "..." with "..."``), a first sub-item (``3: add item (a) "..."``) and option blocks (``5
Option 2: retain``, ``delete``, ``add option after with "..."``).

``StructureResolver`` is the part of the file resolver (``resolve._FileResolver``) that does it; it
relies on the resolver's ``paragraph`` (a reference in any spelling, or a new paragraph of the same
file) and ``locate`` (an anchor in a paragraph's text). What each target holds:

    12-14: bracket            Target(12, at, at): where "[" goes in 12; ``close_ref``/``close_at``
                              where "]" goes (the end of 14's last sub-item by default)
    12-14: remove brackets    Target(12, at, at + 1, "["): the "[" that opens in 12; ``close_ref`` /
                              ``close_at`` the "]" that closes it in 14 (or one of 14's sub-items)
    12-14: delete paragraphs  Target(12, 0, len): ``paragraphs`` every top-level paragraph deleted
    heading 2.2: replace      Target(section 2.2, start, end, old): a span of the heading's title
    heading 2.3: delete       Target(section 2.3)
    2.2: add heading before   Target(paragraph): the paragraph the heading stands next to
    3: add item (a)           Target(3); the new sub-item is ``3(a)`` for later operations
    5 Option 2: retain        Target(5 Option 2, 0, len); ``others`` the other options of its group
    5 Option 2: delete        Target(5 Option 2, 0, len)
    5 Option 2: add option    Target(5 Option 2); ``label`` the new option's (``Option 2 bis``)
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from amendtool.amend.operations import (
    AddHeading,
    AddItem,
    AddOption,
    Anchor,
    BracketParagraphs,
    DeleteHeading,
    DeleteOption,
    DeleteParagraphs,
    Operation,
    RemoveBracketsAcross,
    ReplaceHeading,
    RetainOption,
    Target,
)
from amendtool.draft import refs
from amendtool.draft.labels import labels_after
from amendtool.draft.model import Document, Paragraph, Section
from amendtool.draft.outline import option_runs
from amendtool.text import closest_text, find_all, shorten


class Problem(Exception):
    """One operation's problem, at a line and column of its file."""

    def __init__(self, message: str, line: int, column: int, hint: str | None = None, severity: str = "error"):
        super().__init__(message)
        self.message, self.line, self.column, self.hint, self.severity = message, line, column, hint, severity


# ---------------------------------------------------------------------------------------------------
# The draft's structure


def find_section(doc: Document, ref: str) -> Section | None:
    """The section a reference names: its canonical reference (``2.2``, ``Article 5``, ``II``) in any
    spelling ``refs.normalise`` accepts, or its number."""
    key = refs.normalise(ref)
    for s in doc.sections:
        if s.ref == ref or refs.normalise(s.ref) == key:
            return s
    hits = [s for s in doc.sections if s.heading.number and refs.normalise(s.heading.number) == key]
    return hits[0] if len(hits) == 1 else None


def subtree(p: Paragraph) -> Iterator[Paragraph]:
    """``p`` and its sub-items, in reading order."""
    yield p
    for c in p.children:
        if isinstance(c, Paragraph):
            yield from subtree(c)


def section_paragraphs(section: Section) -> list[Paragraph]:
    """Every paragraph of a section (its sub-sections' too), in reading order."""
    out: list[Paragraph] = []
    for node in section.children:
        if isinstance(node, Section):
            out.extend(section_paragraphs(node))
        elif isinstance(node, Paragraph):
            out.extend(subtree(node))
    return out


def bracket_pairs(doc: Document) -> dict[tuple[str, int], tuple[str, int]]:
    """The brackets that open in one paragraph and close in another: (paragraph, offset of ``[``) ->
    (paragraph, offset of ``]``), offsets in ``Paragraph.text``. Brackets are paired across the whole
    document, as its bracket balance is checked."""
    cached = doc._index.get("bracket_pairs")
    if cached is not None:
        return cached
    stack: list[tuple[str, int]] = []
    pairs: dict[tuple[str, int], tuple[str, int]] = {}
    for p in doc.paragraphs:
        for i, ch in enumerate(p.text):
            if ch == "[":
                stack.append((p.ref, i))
            elif ch == "]" and stack:
                opener = stack.pop()
                if opener[0] != p.ref:
                    pairs[opener] = (p.ref, i)
    doc._index["bracket_pairs"] = pairs
    return pairs


def _options_of(doc: Document, option: Paragraph) -> list[Paragraph]:
    """The options of ``option``'s group (itself included), in order."""
    if option.parent is not None:
        container = doc._index["by_ref"][option.parent].children
    else:
        container = _container(doc, option)
    for run in option_runs(container):
        if any(o is option for o in run):
            return run
    return [option]


def _container(doc: Document, p: Paragraph) -> tuple:
    """The nodes a top-level paragraph stands among: its section's children, or the body."""
    if p.section is not None:
        for s in doc.sections:
            if s.ref == p.section:
                return s.children
    return doc.body


# ---------------------------------------------------------------------------------------------------
# Resolving


class StructureResolver:
    """Resolving structural operations; mixed into the file resolver, which provides ``doc``,
    ``paragraph``, ``locate``, ``report`` and ``new`` (new paragraphs of the file, by normalised
    reference)."""

    doc: Document
    new: dict

    def paragraph(self, op: Operation, ref: str, column: int):  # provided by the file resolver
        raise NotImplementedError

    def locate(self, para, anchor: Anchor) -> tuple[int, int]:  # provided by the file resolver
        raise NotImplementedError

    def report(self, message, line, column, hint=None, severity="error"):  # provided by the file resolver
        raise NotImplementedError

    def add_new(self, label: str, text: str, op: Operation) -> None:  # provided by the file resolver
        raise NotImplementedError

    def structural(self, op: Operation) -> Operation | None:
        """``op`` resolved, if it is an operation on structure; None for any other."""
        match op:
            case BracketParagraphs():
                return self._bracket_paragraphs(op)
            case RemoveBracketsAcross():
                return self._remove_brackets_across(op)
            case DeleteParagraphs():
                first, _last, tops = self._range(op, op.last)
                return replace(op, last=tops[-1].ref, paragraphs=tuple(p.ref for p in tops),
                               target=Target(first.ref, 0, len(first.text), first.text))
            case ReplaceHeading() | DeleteHeading() | AddHeading():
                return self._heading(op)
            case AddItem():
                return self._add_item(op)
            case RetainOption() | DeleteOption() | AddOption():
                return self._option(op)
        return None

    # -- ranges ---------------------------------------------------------------------------------------

    def _range(self, op: Operation, last_ref: str) -> tuple[Paragraph, Paragraph, list[Paragraph]]:
        """The first paragraph of a range, the last one (its last sub-item) and the top-level
        paragraphs of the range; a section when ``op.ref`` names one and no paragraph."""
        column = op.source.column
        if not last_ref:
            section = None if refs.candidates(self.doc, op.ref) else find_section(self.doc, op.ref)
            if section is not None:
                paras = section_paragraphs(section)
                if not paras:
                    raise Problem(f"section {section.ref} has no paragraphs", op.source.line, column,
                                  "name a section that has paragraphs, or a range of paragraphs (12-14)")
                return paras[0], paras[-1], [p for p in paras if not any(p.parent == q.ref for q in paras)]
        if not last_ref and not refs.candidates(self.doc, op.ref) and refs.normalise(op.ref) not in self.new:
            raise Problem(f'"{refs.shown(op.ref)}" is neither a paragraph nor a heading of the draft',
                          op.source.line, column, self._headings_hint())
        first = self._paragraph(op, op.ref, column, "a range")
        last = self._paragraph(op, last_ref, column + len(op.ref) + 1, "a range") if last_ref else first
        order = {p.ref: k for k, p in enumerate(self.doc.paragraphs)}
        if order[last.ref] < order[first.ref]:
            raise Problem(f"the range {op.ref}-{last_ref} runs backwards: {last.ref} comes before {first.ref}",
                          op.source.line, column, f"write {last_ref}-{op.ref}")
        deep = list(subtree(last))[-1]
        span = self.doc.paragraphs[order[first.ref] : order[deep.ref] + 1]
        inside = {p.ref for p in span}
        return first, deep, [p for p in span if p.parent not in inside]

    def _paragraph(self, op: Operation, ref: str, column: int, what: str) -> Paragraph:
        para = self.paragraph(op, ref, column)
        if not isinstance(para, Paragraph):
            raise Problem(f"paragraph {ref} is added by this file; {what} names a paragraph of the draft",
                          op.source.line, column, "write the new paragraph's text as it should read in the add itself")
        return para

    def _headings_hint(self) -> str:
        names = [s.ref for s in self.doc.sections]
        if not names:
            return "the draft has no headings"
        return "its headings are " + ", ".join(names[:6]) + (" ..." if len(names) > 6 else "")

    def _bracket_paragraphs(self, op: BracketParagraphs) -> Operation:
        first, deep, tops = self._range(op, op.last)
        open_at = self.locate(first, op.start)[0] if op.start is not None else 0
        close_para, close_at = deep, len(deep.text)
        if op.end is not None:
            close_para, close_at = self._locate_in(tops[-1] if op.last else deep, op.end)
        if close_para is first and close_at <= open_at:
            raise Problem("the bracket would close before it opens", op.source.line, op.source.column,
                          'the text after "to" must come after the text after "from"')
        return replace(op, open_at=open_at, close_ref=close_para.ref, close_at=close_at,
                       target=Target(first.ref, open_at, open_at, ""))

    def _locate_in(self, last: Paragraph, anchor: Anchor) -> tuple[Paragraph, int]:
        """Where ``anchor`` ends in the last paragraph of a range or one of its sub-items (the first of
        them that has it)."""
        for p in subtree(last):
            if find_all(p.text, anchor.text):
                return p, self.locate(p, anchor)[1]
        return last, self.locate(last, anchor)[1]  # not found: the resolver's message

    def _remove_brackets_across(self, op: RemoveBracketsAcross) -> Operation:
        first, deep, _tops = self._range(op, op.last)
        ends = {p.ref for p in self._tail(first, deep)}
        pairs = [(o, c) for o, c in bracket_pairs(self.doc).items() if o[0] == first.ref and c[0] in ends]
        if op.start is not None:
            start = self.locate(first, op.start)[0]
            pairs = [(o, c) for o, c in pairs if o[1] + 1 == start or o[1] == start]
        if not pairs:
            raise Problem(*self._no_bracket_across(op, first))
        (_, open_at), (close_ref, close_at) = min(pairs)  # the outermost
        return replace(op, open_at=open_at, close_ref=close_ref, close_at=close_at,
                       target=Target(first.ref, open_at, open_at + 1, "["))

    def _tail(self, first: Paragraph, deep: Paragraph) -> list[Paragraph]:
        """The last paragraph of a range with its sub-items (where a bracket may close)."""
        last = deep
        while last.parent is not None and last.parent != first.ref:
            parent = self.doc._index["by_ref"][last.parent]
            if list(subtree(parent))[-1] is not deep:
                break
            last = parent
        return list(subtree(last))

    def _no_bracket_across(self, op: RemoveBracketsAcross, first: Paragraph) -> tuple[str, int, int, str]:
        closes = sorted({c[0] for o, c in bracket_pairs(self.doc).items() if o[0] == first.ref})
        message = f"no bracket opens in {first.ref} and closes in {op.last or op.ref}"
        if closes:
            hint = "the brackets that open in {} close in {}: write {}-{}: remove brackets".format(
                first.ref, ", ".join(closes[:3]), op.ref, closes[0])
        else:
            hint = (f"no bracket of {first.ref} closes in another paragraph; for a bracket inside one paragraph "
                    f'write {op.ref}: remove brackets "text"')
        return message, op.source.line, op.source.column, hint

    # -- headings -------------------------------------------------------------------------------------

    def _section(self, op: Operation) -> Section:
        section = find_section(self.doc, op.ref)
        if section is None:
            raise Problem(f'heading "{refs.shown(op.ref)}" does not exist', op.source.line, op.source.column,
                          self._headings_hint())
        return section

    def _heading(self, op: ReplaceHeading | DeleteHeading | AddHeading) -> Operation:
        section = self._section(op)
        match op:
            case ReplaceHeading(anchor=anchor):
                title = section.heading.title
                spans = find_all(title, anchor.text)
                if not spans:
                    close = closest_text(title, anchor.text)
                    raise Problem(f'"{shorten(anchor.text)}" not found in heading {section.ref}', anchor.line,
                                  anchor.column, f'closest: "{close}"' if close else f'the heading is "{title}"')
                if len(spans) > 1 and anchor.occurrence is None:
                    raise Problem(f'"{shorten(anchor.text)}" occurs {len(spans)} times in heading {section.ref}',
                                  anchor.line, anchor.column,
                                  "pick one by writing (1st), (2nd) ... after the quoted text")
                start, end = spans[min((anchor.occurrence or 1), len(spans)) - 1]
                return op.with_target(Target(section.ref, start, end, title[start:end]))
            case DeleteHeading():
                return op.with_target(Target(section.ref, 0, len(section.heading.title), section.heading.title))
            case AddHeading(anchor=anchor):
                para = self._paragraph_with(section, anchor)
                return replace(op, paragraph=para.ref, target=Target(para.ref))

    def _paragraph_with(self, section: Section, anchor: Anchor) -> Paragraph:
        """The paragraph of ``section`` whose text holds ``anchor`` (exactly one)."""
        hits = [p for p in section_paragraphs(section) if find_all(p.text, anchor.text)]
        if len(hits) == 1:
            return hits[0]
        if not hits:
            raise Problem(f'no paragraph of section {section.ref} has "{shorten(anchor.text)}"', anchor.line,
                          anchor.column, "quote the first words of the paragraph the heading stands next to")
        names = ", ".join(p.ref for p in hits[:4])
        raise Problem(f'"{shorten(anchor.text)}" is in several paragraphs of section {section.ref}: {names}',
                      anchor.line, anchor.column, "quote more of the paragraph's words")

    # -- sub-items and options ------------------------------------------------------------------------

    def _add_item(self, op: AddItem) -> Operation:
        para = self._paragraph(op, op.ref, op.source.column, "add item")
        items = [c.ref for c in para.children if isinstance(c, Paragraph)]
        if items:
            raise Problem(f"paragraph {para.ref} has sub-items already ({items[0]} ... {items[-1]})"
                          if len(items) > 1 else f"paragraph {para.ref} has a sub-item already ({items[0]})",
                          op.source.line, op.source.column,
                          f'add one beside them: {items[-1]}: add paragraph after "..."')
        label = f"{para.ref.removeprefix('Article ')}{op.label}"
        self.add_new(label, op.text, op)
        return op.with_target(Target(para.ref))

    def _option(self, op: RetainOption | DeleteOption | AddOption) -> Operation:
        para = self._paragraph(op, op.ref, op.source.column, "an operation on an option")
        if para.kind != "option":
            raise Problem(f"paragraph {para.ref} is not an option", op.source.line, op.source.column,
                          _not_option_hint(op, para.ref))
        whole = Target(para.ref, 0, len(para.text), para.text)
        match op:
            case RetainOption():
                others = [o.ref for o in _options_of(self.doc, para) if o is not para]
                if not others:
                    self.report(f"{para.ref} is the only option of its group", op.source.line, op.source.column,
                                severity="warning")
                return replace(op, others=tuple(others), target=whole)
            case DeleteOption():
                return op.with_target(whole)
            case AddOption():
                label = self._option_label(para, op.where)
                prefix = para.ref[: len(para.ref) - len(para.label or "")]
                self.add_new(prefix + label, op.text, op)
                return replace(op, label=label, target=Target(para.ref))

    def _option_label(self, para: Paragraph, where: str) -> str:
        """The label of a new option next to ``para``: ``Option 2 bis`` after ``Option 2`` (the next
        one free in its group, written in its style); before the first, ``Option 0``."""
        group = _options_of(self.doc, para)
        taken = {o.label for o in group}
        label = para.label or "Option 1"
        k = next(i for i, o in enumerate(group) if o is para)
        if where == "before" and k:
            label = group[k - 1].label or label
        elif where == "before":
            zero = label.rsplit(" ", 1)[0] + " 0"
            return zero if zero not in taken else next(x for x in labels_after(zero) if x not in taken)
        return next(x for x in labels_after(label) if x not in taken)


def _not_option_hint(op: Operation, ref: str) -> str:
    match op:
        case RetainOption():
            return f'to choose one of bracketed alternatives write {ref}: retain "text"'
        case DeleteOption():
            return f"to delete the paragraph write {ref}: delete paragraph"
    return f'to add a paragraph write {ref}: add paragraph after "text"'
