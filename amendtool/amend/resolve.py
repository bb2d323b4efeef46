"""Resolving amendment files against a draft: every operation gets its ``Target``.

For each operation: the paragraph reference (any spelling ``refs.py`` accepts, or a new paragraph's
label given earlier in the same file) becomes the canonical reference; a quoted anchor becomes the span
``[start, end)`` of ``Paragraph.text`` it covers, with the draft's own characters in ``Target.old``.
Anchors are matched ignoring differences of whitespace and of quote and dash styles (``fold``).

Every problem of every file is collected with its file:line:column and the nearest fix: the
closest paragraph reference, the closest text in the paragraph (a best-window search seeded by
diff-match-patch's ``match_main``), the paragraph where the text does occur, how to pick an
occurrence. ``load_amendments`` reads, parses, resolves and cross-checks several files (``support``
of another delegation's operation) and raises one ``AmendmentFileError`` with all of them.

What ``Target`` holds, per kind (spans are in ``Paragraph.text`` of the base draft):

    replace, delete, bracket         the anchor's span; ``old`` is its text
    insert before|after|at           an empty span at the insertion point (``old`` is "")
    delete/replace paragraph, move   the whole text ``[0, len(text))``; ``Move.dest`` becomes canonical
    retain                           the whole bracket group ``[a] [b]`` (the chosen alternative is
                                     the anchor)
    remove brackets, add alternative the one bracket ``[a]``, brackets included
    add paragraph, comment, support  the paragraph, empty span; ``AddParagraph.label`` is the new label

``ref`` of a target is canonical; for operations on a paragraph added earlier in the same file it is
that paragraph's label (``37 bis``) and spans are in the added text.

New paragraphs (``add paragraph``) get the next free ``bis``, ``ter`` ... label after the paragraph
they follow, counting labels in the draft and those given earlier in the same file. Labels are per
file: what ``check`` says of a file does not depend on the other files given with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from amendtool.amend.operations import (
    AddAlternative,
    AddParagraph,
    AmendmentFile,
    Anchor,
    BracketText,
    Comment,
    Delete,
    DeleteParagraph,
    Insert,
    Move,
    Operation,
    RemoveBrackets,
    Replace,
    ReplaceParagraph,
    Retain,
    Support,
    Target,
)
from amendtool.amend.structure import Problem, StructureResolver
from amendtool.amend.syntax import (
    ParseResult,
    bracket_problem,
    header_position,
    ordinal,
    parse_amendments_lenient,
    unparse_operation,
)
from amendtool.draft import refs
from amendtool.draft.identity import names_draft
from amendtool.draft.labels import free_label, split_suffix
from amendtool.draft.model import Document, Paragraph, paused_gc
from amendtool.draft.refs import lookup
from amendtool.errors import AmbiguousReference, AmendmentFileError, AmendtoolError, Diagnostic, ReferenceNotFound
from amendtool.fileio import read_bytes, read_text
from amendtool.text import closest_text, find_all, same_text, shorten

# ---------------------------------------------------------------------------------------------------
# Message helpers


def bracket_balance_problem(text: str) -> bool:
    """Whether the square brackets of ``text`` fail to balance."""
    return bracket_problem(text) is not None


def _choices(count: int) -> str:
    names = [f"({ordinal(k)})" for k in range(1, count + 1)]
    if count <= 3:
        return ", ".join(names[:-1]) + " or " + names[-1]
    return f"{names[0]} ... {names[-1]}"


# ---------------------------------------------------------------------------------------------------
# Resolving one file


@dataclass(frozen=True, slots=True)
class NewParagraph:
    """A paragraph that an ``add paragraph`` earlier in the same file creates."""

    label: str
    """Its reference, e.g. ``37 bis``."""
    text: str
    op: Operation
    """The operation that adds it (``add paragraph``, ``add item``, ``add option``)."""


_Problem = Problem


@dataclass
class _FileResolver(StructureResolver):
    """State while resolving one file: the draft, new paragraphs so far, the diagnostics."""

    doc: Document
    file: AmendmentFile
    lines: list[str] = field(default_factory=list)
    new: dict[str, NewParagraph] = field(default_factory=dict)
    """Normalised label -> new paragraph."""
    diagnostics: list[Diagnostic] = field(default_factory=list)
    missing: list[tuple[Operation, str, int]] = field(default_factory=list)
    """Unresolved references (op, ref, column), checked at the end against labels given later."""

    def report(self, message, line, column, hint=None, severity="error"):
        source = self.lines[line - 1] if 0 < line <= len(self.lines) else None
        self.diagnostics.append(Diagnostic(message, self.file.path, line, column, source, hint, severity))

    # -- paragraphs --------------------------------------------------------------------------------

    def paragraph(self, op: Operation, ref: str, column: int) -> Paragraph | NewParagraph:
        try:
            return lookup(self.doc, ref)
        except ReferenceNotFound as exc:
            found = self.new.get(refs.normalise(ref))
            if found is not None:
                return found
            self.missing.append((op, ref, column))
            message = exc.diagnostics[0].message if exc.diagnostics else f'paragraph "{ref}" does not exist'
            message, hint = missing_paragraph(self.doc, ref, message, unparse_operation(op))
            raise _Problem(message, op.source.line, column, hint) from None
        except AmbiguousReference as exc:
            d = exc.diagnostics[0]
            raise _Problem(d.message, op.source.line, column, d.hint) from None

    def add_new(self, label: str, text: str, op: Operation) -> None:
        """A paragraph this file adds (later operations of the file may name it by ``label``)."""
        self.new[refs.normalise(label)] = NewParagraph(label, text, op)

    def text_of(self, para: Paragraph | NewParagraph) -> str:
        return para.text

    def ref_of(self, para: Paragraph | NewParagraph) -> str:
        return para.label if isinstance(para, NewParagraph) else para.ref

    # -- anchors -----------------------------------------------------------------------------------

    def locate(self, para, anchor: Anchor) -> tuple[int, int]:
        """The span of ``anchor`` in the paragraph's text (its occurrence when one is given)."""
        text = self.text_of(para)
        ref = self.ref_of(para)
        spans = find_all(text, anchor.text)
        if not spans:
            raise _Problem(*self._anchor_not_found(para, anchor))
        return self._pick(spans, anchor, ref)

    def _pick(self, spans, anchor: Anchor, ref: str, what: str = "") -> tuple[int, int]:
        if anchor.occurrence is None and len(spans) == 1:
            return spans[0]
        shown = f'"{shorten(anchor.text)}"'
        if anchor.occurrence is None:
            if len(spans) > 1:
                raise _Problem(
                    f"{shown}{what} occurs {len(spans)} times in paragraph {ref}",
                    anchor.line,
                    anchor.column,
                    f"pick one by writing {_choices(len(spans))} after the quoted text",
                )
            return spans[0]
        if anchor.occurrence > len(spans):
            times = "once" if len(spans) == 1 else f"{len(spans)} times"
            hint = f"remove ({ordinal(anchor.occurrence)})" if len(spans) == 1 else f"pick {_choices(len(spans))}"
            raise _Problem(
                f"there is no {ordinal(anchor.occurrence)} {shown}{what} in paragraph {ref}: it occurs {times}",
                anchor.line,
                anchor.column,
                hint,
            )
        return spans[anchor.occurrence - 1]

    def _anchor_not_found(self, para, anchor: Anchor):
        ref = self.ref_of(para)
        message = f'"{shorten(anchor.text)}" not found in paragraph {ref}'
        elsewhere = [
            p.ref
            for p in self.doc.paragraphs
            if (isinstance(para, NewParagraph) or p.ref != para.ref) and find_all(p.text, anchor.text)
        ]
        if elsewhere:
            names = ", ".join(elsewhere[:3]) + (" ..." if len(elsewhere) > 3 else "")
            return message, anchor.line, anchor.column, f"it occurs in paragraph {names}"
        close = closest_text(self.text_of(para), anchor.text)
        hint = f'closest: "{close}"' if close else None
        return message, anchor.line, anchor.column, hint

    def span_target(self, para, anchor: Anchor, check_brackets: bool) -> Target:
        start, end = self.locate(para, anchor)
        text = self.text_of(para)
        old = text[start:end]
        if check_brackets and bracket_balance_problem(old):
            raise _Problem(
                f'"{shorten(anchor.text)}" cuts across square brackets in paragraph {self.ref_of(para)}',
                anchor.line,
                anchor.column,
                "include both the [ and the ] of a bracket in the text, or neither",
            )
        return Target(self.ref_of(para), start, end, old)

    def bracket_spans(self, para, anchor: Anchor, alternatives_only: bool):
        """(bracket span, group span) of every bracket whose content (or whole) the anchor is."""
        if isinstance(para, NewParagraph):
            groups = ()
        else:
            groups = para.bracket_groups
        ref = self.ref_of(para)
        text = self.text_of(para)
        if not groups:
            raise _Problem(
                f"paragraph {ref} has no bracketed text",
                anchor.line,
                anchor.column,
                'to propose brackets write bracket "text"',
            )
        spans = find_all(text, anchor.text)
        if not spans:
            message, line, column, hint = self._anchor_not_found(para, anchor)
            if hint is None or hint.startswith("closest"):
                listing = " ".join(text[g.start : g.end] for g in groups)
                hint = f"the brackets there: {shorten(listing, 120)}"
            raise _Problem(message, line, column, hint)
        hits = []
        for group in groups:
            if alternatives_only and len(group.brackets) < 2:
                continue
            for bracket in group.brackets:
                inner_start = bracket.start + 1 if bracket.opened else bracket.start
                inner_end = bracket.end - 1 if bracket.closed else bracket.end
                inner = (inner_start, inner_end)
                whole = (bracket.start, bracket.end)
                for span in spans:
                    if _same_text(text, span, inner) or _same_text(text, span, whole):
                        hits.append(((bracket.start, bracket.end), (group.start, group.end)))
                        break
        if not hits:
            listing = " ".join(text[g.start : g.end] for g in groups if not alternatives_only or len(g.brackets) > 1)
            if alternatives_only and not listing:
                raise _Problem(
                    f'"{shorten(anchor.text)}" is not one of several bracketed alternatives in paragraph {ref}',
                    anchor.line,
                    anchor.column,
                    f'paragraph {ref} has no alternatives; to agree to bracketed text write remove brackets "..."',
                )
            kind = "a bracketed alternative" if alternatives_only else "bracketed text"
            raise _Problem(
                f'"{shorten(anchor.text)}" is not {kind} in paragraph {ref}',
                anchor.line,
                anchor.column,
                f"the brackets there: {shorten(listing, 120)}",
            )
        picked = self._pick([h[0] for h in hits], anchor, ref, " in brackets")
        return next(h for h in hits if h[0] == picked)

    # -- new paragraphs ----------------------------------------------------------------------------

    def new_label(self, neighbour: Paragraph | NewParagraph, where: str) -> str:
        """The next free ``bis``, ``ter`` ... label after the paragraph the new one follows (before the
        first of a series: after its number made 0)."""
        first = ""
        if isinstance(neighbour, NewParagraph):
            after = neighbour.label
        else:
            predecessor = neighbour if where == "after" else self._predecessor(neighbour)
            after = predecessor.ref if predecessor is not None else _zero_ref(neighbour)
            first = "" if predecessor is not None else after
        label = free_label(after, self._label_taken, first=first)
        if label is None:
            raise _Problem(f"no free label for another new paragraph after {after}", 0, 0)
        return label

    def _label_taken(self, label: str) -> bool:
        return bool(refs.candidates(self.doc, label)) or refs.normalise(label) in self.new

    def _predecessor(self, para: Paragraph) -> Paragraph | None:
        """The paragraph before ``para`` in its numbering series (same parent, kind and, where
        numbering restarts per section, section), or None for the first."""
        scoped = para.parent is None and para.label is not None and para.ref != para.label
        return _predecessors(self.doc, scoped)[id(para)]

    # -- one operation -----------------------------------------------------------------------------

    def resolve(self, op: Operation) -> Operation:
        if isinstance(op, Support):
            return self.support(op)
        structural = self.structural(op)
        if structural is not None:
            return structural
        para = self.paragraph(op, op.ref, op.source.column)
        ref = self.ref_of(para)
        text = self.text_of(para)
        match op:
            case Replace() | Delete():
                return op.with_target(self.span_target(para, op.anchor, check_brackets=True))
            case BracketText():
                return self.bracket(op, para, ref)
            case Insert(where="start"):
                return op.with_target(Target(ref, 0, 0, ""))
            case Insert(where="end"):
                return op.with_target(Target(ref, len(text), len(text), ""))
            case Insert(anchor=Anchor() as anchor):
                start, end = self.locate(para, anchor)
                point = start if op.where == "before" else end
                return op.with_target(Target(ref, point, point, ""))
            case Comment():
                return op.with_target(Target(ref))
            case DeleteParagraph() | ReplaceParagraph():
                return op.with_target(Target(ref, 0, len(text), text))
            case AddParagraph():
                return self.add_paragraph(op, para, ref)
            case Move():
                return self.move(op, para, ref, text)
            case Retain():
                _, (g_start, g_end) = self.bracket_spans(para, op.anchor, alternatives_only=True)
                return op.with_target(Target(ref, g_start, g_end, text[g_start:g_end]))
            case RemoveBrackets():
                return self.remove_brackets(op, para, ref, text)
            case AddAlternative():
                return self.add_alternative(op, para, ref, text)
        return op  # pragma: no cover - every kind is matched above

    def support(self, op: Support) -> Operation:
        # The paragraph may be another file's new one (37 bis): checked against the supported
        # operation by ``attach_supports``.
        if not op.ref:
            return op
        try:
            return op.with_target(Target(self.ref_of(self.paragraph(op, op.ref, op.source.column))))
        except _Problem:
            self.missing.pop()
            return op

    def bracket(self, op: BracketText, para: Paragraph | NewParagraph, ref: str) -> Operation:
        target = self.span_target(para, op.anchor, check_brackets=True)
        inner = target.old[1:-1]
        bracketed = target.old.startswith("[") and target.old.endswith("]") and not bracket_balance_problem(inner)
        if bracketed or any(
            b.start + 1 == target.start and b.end - 1 == target.end
            for g in getattr(para, "bracket_groups", ())
            for b in g.brackets
        ):
            self.report(
                f'"{shorten(op.anchor.text)}" is already in brackets in paragraph {ref}',
                op.anchor.line, op.anchor.column, severity="warning",
            )
        return op.with_target(target)

    def add_paragraph(self, op: AddParagraph, para: Paragraph | NewParagraph, ref: str) -> Operation:
        try:
            label = self.new_label(para, op.where)
        except _Problem as exc:
            raise _Problem(exc.message, op.source.line, op.source.column) from None
        result = replace(op, label=label, target=Target(ref))
        self.add_new(label, op.text, result)
        return result

    def move(self, op: Move, para: Paragraph | NewParagraph, ref: str, text: str) -> Operation:
        dest = self.paragraph(op, op.dest, op.dest_column)
        dest_ref = self.ref_of(dest)
        if dest_ref == ref:
            raise _Problem(
                f"paragraph {ref} cannot move {op.where} itself",
                op.source.line, op.dest_column, "name the paragraph it should move next to",
            )
        if isinstance(para, Paragraph) and isinstance(dest, Paragraph):
            positions = _positions(self.doc)
            a, b = positions[id(para)], positions[id(dest)]
            if (op.where == "after" and a == b + 1) or (op.where == "before" and a + 1 == b):
                self.report(
                    f"paragraph {ref} is already {op.where} {dest_ref}",
                    op.source.line, op.dest_column, severity="warning",
                )
        return replace(op, dest=dest_ref, target=Target(ref, 0, len(text), text))

    def remove_brackets(self, op: RemoveBrackets, para: Paragraph | NewParagraph, ref: str, text: str) -> Operation:
        (b_start, b_end), (g_start, g_end) = self.bracket_spans(para, op.anchor, alternatives_only=False)
        if (g_start, g_end) != (b_start, b_end):
            # agreeing to one alternative of [a] [b] is choosing it: the same proposal as retain
            # (and merged with an identical retain of another delegation)
            retained = Retain(id=op.id, by=op.by, source=op.source, ref=op.ref,
                              supporters=op.supporters, anchor=op.anchor)
            return retained.with_target(Target(ref, g_start, g_end, text[g_start:g_end]))
        return op.with_target(Target(ref, b_start, b_end, text[b_start:b_end]))

    def add_alternative(self, op: AddAlternative, para: Paragraph | NewParagraph, ref: str, text: str) -> Operation:
        (b_start, b_end), (g_start, g_end) = self.bracket_spans(para, op.anchor, alternatives_only=False)
        group = next((g for g in getattr(para, "bracket_groups", ()) if (g.start, g.end) == (g_start, g_end)), None)
        if group is not None and any(same_text(a, op.text) for a in group.alternatives):
            self.report(
                f'"{op.text}" is already one of the alternatives {shorten(text[g_start:g_end], 80)}',
                op.source.line, op.source.column, severity="warning",
                hint=f'to choose it, write {ref}: retain "{op.text}"',
            )
        return op.with_target(Target(ref, b_start, b_end, text[b_start:b_end]))


_RANGE = re.compile(r"^\s*(?:paras?\.?\s*|paragraphs?\s*)?(\S+?)\s*(?:-|–|—|to)\s*(\S+)\s*$", re.I)
"""``12-13``, ``12 – 14``, ``paras 12 to 14``: a range of paragraphs."""


def missing_paragraph(doc: Document, ref: str, message: str, operation: str) -> tuple[str, str | None]:
    """The message and the nearest fix for a reference that names no paragraph: a range given to an
    operation that takes one paragraph (``12-14: delete paragraphs`` is the range's deletion; other
    operations are written one line per paragraph), a number with a digit too many (``510`` for 51 or 50), a new
    paragraph's label that is not in the draft (``40 bis``: new paragraphs are added with ``add
    paragraph``), or the references that look most like it."""
    rng = _RANGE.match(ref)
    if rng and _exists(doc, rng.group(1)) and _exists(doc, rng.group(2)):
        first, last = rng.group(1), rng.group(2)
        if operation == "delete paragraph":
            return f'"{ref}" is a range of paragraphs: delete paragraph names one', f"write {ref}: delete paragraphs"
        return (f'"{ref}" is a range of paragraphs: an operation names one paragraph',
                f"write one line per paragraph, from {first}: {operation} to {last}: {operation}; a range takes "
                "bracket, remove brackets or delete paragraphs")
    plain = ref.strip()
    if plain.isdigit():
        near = [c for c in dict.fromkeys(plain[:k] + plain[k + 1:] for k in reversed(range(len(plain))))
                if _exists(doc, c)]
        longest = max((len(p.label) for p in doc.paragraphs if p.label and p.label.isdigit()), default=0)
        if near and len(plain) > longest:
            return message, "did you mean " + " or ".join(f'"{c}"' for c in near[:3]) + "?"
        return message, None
    bare = re.sub(r"^(?:para(?:graph)?s?|op|§)\.?\s*", "", plain, flags=re.I)
    base, rank = split_suffix(bare)
    if rank >= 0 and _exists(doc, base):
        shown = lookup(doc, base).ref
        return message, (f"the draft has {shown} but no {bare}: to propose a new paragraph after {shown}, "
                         f'write {shown}: add paragraph after "its text"')
    close = refs.closest_refs(doc, ref, limit=3)
    return message, ("did you mean " + " or ".join(f'"{c}"' for c in close) + "?") if close else None


def _exists(doc: Document, ref: str) -> bool:
    try:
        lookup(doc, ref)
    except (ReferenceNotFound, AmbiguousReference):
        return False
    return True


def _positions(doc: Document) -> dict[int, int]:
    """Each paragraph's index in ``doc.paragraphs``, by identity (worked out once per draft, kept with
    its lookup tables): a move compares places without comparing paragraphs field by field."""
    found: dict[int, int] | None = doc._index.get("positions")
    if found is None:
        found = doc._index["positions"] = {id(p): k for k, p in enumerate(doc.paragraphs)}
    return found


def _predecessors(doc: Document, scoped: bool) -> dict[int, Paragraph | None]:
    """Each paragraph's predecessor in its numbering series (same parent and kind, and with
    ``scoped``, same section), by identity; worked out once per draft."""
    key = "predecessors in section" if scoped else "predecessors"
    found: dict[int, Paragraph | None] | None = doc._index.get(key)
    if found is None:
        found = {}
        last: dict[tuple[str | None, ...], Paragraph] = {}
        for p in doc.paragraphs:
            series = (p.parent, p.kind, p.section) if scoped else (p.parent, p.kind)
            found[id(p)] = last.get(series)
            last[series] = p
        doc._index[key] = found
    return found


def _zero_ref(para: Paragraph) -> str:
    """The reference of a new paragraph before the first of its series: its number made 0
    (``0`` before ``1``, ``Pp0`` before ``Pp1``, ``Article 4.0`` before ``Article 4.1``,
    ``2.1(0)`` before ``2.1(a)``)."""
    label = para.label
    if label and para.ref.endswith(label):
        prefix = para.ref[: len(para.ref) - len(label)]
        if re.search(r"\d", label):
            return prefix + re.sub(r"\d+", "0", label, count=1)
        if re.fullmatch(r"\(\w+\)", label):
            return prefix + "(0)"
        return prefix + label + " 0"
    return re.sub(r"\d+(?!.*\d)", "0", para.ref) if re.search(r"\d", para.ref) else para.ref + " 0"


def _same_text(text: str, a: tuple[int, int], b: tuple[int, int]) -> bool:
    return same_text(text[a[0] : a[1]], text[b[0] : b[1]])


def resolve_lenient(doc: Document, file: AmendmentFile) -> tuple[AmendmentFile, tuple[Diagnostic, ...]]:
    """``file`` with every operation that resolved given its target, and the diagnostics of the others
    (errors and warnings, in line order). Supports are not cross-checked here (see ``attach_supports``)."""
    r = _FileResolver(doc, file, file.source.split("\n") if file.source else [])
    r.lines = [line.rstrip("\r") for line in r.lines]
    resolved: list[Operation] = []
    for op in file.operations:
        try:
            resolved.append(r.resolve(op))
            _no_change(r, op)
        except _Problem as exc:
            line = exc.line or op.source.line
            column = exc.column or op.source.column
            r.report(exc.message, line, column, exc.hint, exc.severity)
    _late_labels(r)
    _check_draft_name(r)
    diagnostics = tuple(sorted(r.diagnostics, key=lambda d: (d.line, d.column)))
    warnings = tuple(sorted(file.warnings + tuple(d for d in diagnostics if d.severity == "warning"),
                            key=lambda d: (d.line, d.column)))
    return replace(file, operations=tuple(resolved), warnings=warnings), diagnostics


def _no_change(r: _FileResolver, op: Operation) -> None:
    """``replace "almost" with "almost"`` changes nothing: a warning, never silence."""
    if isinstance(op, Replace) and " ".join(op.anchor.text.split()) == " ".join(op.new.split()):
        r.report(f'this replaces "{shorten(op.anchor.text)}" with the same text: it changes nothing',
                 op.source.line, op.source.column, "check the new text, or leave the line out", severity="warning")


def _late_labels(r: _FileResolver) -> None:
    """A reference to a new paragraph that is only added further down gets a precise hint."""
    for op, ref, column in r.missing:
        found = r.new.get(refs.normalise(ref))
        if found is None:
            continue
        for k, d in enumerate(r.diagnostics):
            if d.line == op.source.line and d.column == column and d.severity == "error":
                r.diagnostics[k] = replace(
                    d,
                    message=(f'paragraph "{ref}" is only added further down '
                             f'(by {found.op.id} on line {found.op.source.line})'),
                    hint=f"move this line below line {found.op.source.line}",
                )


_FILLER = {"draft", "the", "of", "text", "v", "version"}


def _draft_tokens(name: str) -> set[str]:
    return {t for t in re.findall(r"[a-z]+|\d+", name.lower()) if t not in _FILLER}


def draft_matches(header: str, path: str) -> bool:
    """Whether a ``draft:`` header loosely names the draft file ``path`` (its stem's words and numbers:
    ``wsis10-zero`` matches ``wsis10_zero_draft.txt``, ``rev1`` does not)."""
    from pathlib import PurePath

    stem = PurePath(path).stem
    mine, theirs = _draft_tokens(header), _draft_tokens(stem)
    if not mine or not theirs:
        return True
    return mine <= theirs or theirs <= mine


def _check_draft_name(r: _FileResolver) -> None:
    header = r.file.draft
    if not header or names_draft(header, r.doc):  # its file name, its symbol or its title
        return
    from pathlib import PurePath

    position = header_position(r.file.source, "draft") or (0, 0)
    r.report(
        f'this file is written for draft "{header}", not {PurePath(r.doc.path).name}',
        position[0],
        position[1],
        "check that the draft given is the one the file was written for",
        severity="warning",
    )


def resolve_amendments(doc: Document, file: AmendmentFile) -> AmendmentFile:
    """``file`` with every operation resolved against ``doc``; raises ``AmendmentFileError`` with all
    its problems. ``support`` lines are not cross-checked (that needs the other files: ``load_amendments``)."""
    resolved, diagnostics = resolve_lenient(doc, file)
    if any(d.severity == "error" for d in diagnostics):
        raise AmendmentFileError(diagnostics)
    return resolved


# ---------------------------------------------------------------------------------------------------
# Several files: supports, duplicate codes, loading


def attach_supports(
    files: tuple[AmendmentFile, ...], failed_ids: frozenset[str] = frozenset()
) -> tuple[tuple[AmendmentFile, ...], tuple[Diagnostic, ...]]:
    """Every ``support ID`` checked against the other files and its delegation added to the supported
    operation's ``supporters`` (in the order the files are given). Returns the files and the
    diagnostics of supports that name no operation. ``failed_ids`` are operations that did not parse
    (their errors are reported already; supports of them are not reported again)."""
    by_code = {f.by: f for f in files if f.by}
    ops = {op.id: op for f in files for op in f.operations}
    # ids match whatever their case (as ``consolidate --accept`` does): ``eu-1`` is ``EU-1``
    canonical = {i.upper(): i for i in (*ops, *failed_ids)}
    code_of = {code.upper(): code for code in by_code}
    supporters: dict[str, list[str]] = {}
    diagnostics: list[Diagnostic] = []
    retargeted: dict[tuple[int, int], str] = {}  # (file, operation) index -> canonical id supported
    for fi, f in enumerate(files):
        lines = [line.rstrip("\r") for line in f.source.split("\n")] if f.source else []
        for oi, op in enumerate(f.operations):
            if not isinstance(op, Support):
                continue
            target_id = canonical.get(op.target_id.upper())
            if target_id is None:
                code, _, number = op.target_id.rpartition("-")
                target_id = f"{code_of.get(code.upper(), code)}-{number}"
            if target_id != op.target_id:
                retargeted[(fi, oi)] = target_id
                op = replace(op, target_id=target_id)
            problem = _support_problem(f, op, ops, by_code, failed_ids, supporters)
            if problem is None:
                supporters.setdefault(op.target_id, []).append(f.by)
            elif problem.message:
                line = op.source.line
                source = lines[line - 1] if 0 < line <= len(lines) else None
                diagnostics.append(Diagnostic(problem.message, f.path, line, op.target_column or op.source.column,
                                              source, problem.hint, problem.severity))
    out = []
    for fi, f in enumerate(files):
        ops_out = tuple(
            op.with_supporters(tuple(dict.fromkeys(op.supporters + tuple(supporters[op.id]))))
            if op.id in supporters
            else replace(op, target_id=retargeted[(fi, oi)])
            if (fi, oi) in retargeted and isinstance(op, Support)
            else op
            for oi, op in enumerate(f.operations)
        )
        out.append(replace(f, operations=ops_out))
    return tuple(out), tuple(diagnostics)


@dataclass(frozen=True, slots=True)
class _SupportProblem:
    message: str
    """Empty for a support of an operation that did not parse (its error is reported already)."""
    hint: str | None = None
    severity: str = "error"


def _support_problem(f: AmendmentFile, op: Support, ops: dict[str, Operation], by_code: dict[str, AmendmentFile],
                     failed_ids: frozenset[str], supporters: dict[str, list[str]]) -> _SupportProblem | None:
    """What is wrong with the support ``op`` of file ``f``, or None when it stands."""
    code = op.target_id.rpartition("-")[0]
    target = ops.get(op.target_id)
    if code == f.by:
        return _SupportProblem(f"{op.target_id} is an operation of this file", "support other delegations' operations")
    if target is None:
        if op.target_id in failed_ids:
            return _SupportProblem("")
        other = by_code.get(code)
        if other is None:
            return _SupportProblem(
                f"support of {op.target_id} cannot be checked: no amendment file from {code} was given",
                severity="warning")
        count = len(other.operations) + sum(1 for i in failed_ids if i.rpartition("-")[0] == code)
        have = f"{code}-1 to {code}-{count}" if count > 1 else (f"{code}-1" if count else "no operations")
        return _SupportProblem(f'support of unknown operation "{op.target_id}" ({other.path} has {have})',
                               _same_paragraph_hint(other, op))
    if isinstance(target, Support):
        return _SupportProblem(f"{op.target_id} is itself a support",
                               f"support the operation it supports: {target.target_id}")
    if op.ref and target.target is not None:
        own = {refs.normalise(target.target.ref)}
        if isinstance(target, AddParagraph) and target.label:
            own.add(refs.normalise(target.label))
        written = op.target.ref if op.target is not None else op.ref
        if refs.normalise(written) not in own and refs.normalise(op.ref) not in own:
            hint = _same_paragraph_hint(by_code[code], op) or f"write {target.target.ref}: support {op.target_id}"
            return _SupportProblem(f"{op.target_id} is about paragraph {target.target.ref}, not {written}", hint)
    if f.by in supporters.get(op.target_id, ()):
        return _SupportProblem(f"{f.by} already supports {op.target_id} above", "remove this line", severity="warning")
    return None


def _same_paragraph_hint(other: AmendmentFile, support: Support) -> str | None:
    if support.target is None:
        return None
    ids = [
        o.id
        for o in other.operations
        if not isinstance(o, Support) and o.target is not None and o.target.ref == support.target.ref
    ]
    if not ids:
        return None
    return f"{other.by}'s operations on paragraph {support.target.ref}: {', '.join(ids)}"


@dataclass(frozen=True, slots=True)
class CheckResult:
    """Amendment files read, parsed, resolved and cross-checked, with everything found on the way."""

    files: tuple[AmendmentFile, ...]
    """The files that could be read, in the order given (resolved operations, supports attached)."""
    diagnostics: tuple[Diagnostic, ...]
    """Errors and warnings: file by file in the order given, each in line order."""

    @property
    def errors(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "error")

    @property
    def warnings(self) -> tuple[Diagnostic, ...]:
        return tuple(d for d in self.diagnostics if d.severity == "warning")

    @property
    def operation_count(self) -> int:
        return sum(len(f.operations) for f in self.files)


def _akn_amendment_text(path, name: str, doc: Document) -> str:
    """An Akoma Ntoso amendment (a ``.xml`` file) as the amendment file it stands for
    (``akn/amendment_text.py``; its XML modules, lxml among them, are imported for such a file only:
    some 20 ms of every check and compile otherwise)."""
    from amendtool.akn.amendment_text import amendment_text

    return amendment_text(read_bytes(path), name, doc)


def read_sources(doc: Document, paths) -> list[tuple[str, str | AmendtoolError]]:
    """Each amendment file's text, or the error met reading it, by name in the order given."""
    sources: list[tuple[str, str | AmendtoolError]] = []
    for path in paths:
        name = str(path)
        try:
            text = _akn_amendment_text(path, name, doc) if name.lower().endswith(".xml") else read_text(path)[0]
            sources.append((name, text))
        except AmendtoolError as exc:
            sources.append((name, exc))
    return sources


def check_amendments(doc: Document, paths) -> CheckResult:
    """Read, parse and resolve every file and cross-check supports; never raises for the files'
    content: every problem is in ``CheckResult.diagnostics``."""
    return check_amendment_texts(doc, read_sources(doc, paths))


@dataclass(frozen=True, slots=True)
class InvalidFile:
    """An amendment file left out because it has errors."""

    path: str
    by: str
    """Its ``by:`` code ("" if it has none or cannot be read)."""
    errors: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class ValidAmendments:
    """The files that apply, and those left out for their errors."""

    files: tuple[AmendmentFile, ...]
    """The files without errors, resolved, supports attached (a support of an operation of a file
    left out is a warning, as for a delegation that sent no file)."""
    invalid: tuple[InvalidFile, ...]
    """The files with errors, in the order given."""
    diagnostics: tuple[Diagnostic, ...]
    """Every error and warning found, file by file."""


def load_valid_amendments(doc: Document, paths) -> ValidAmendments:
    """``check_amendments``, then the files that apply without those that have errors: for compiling
    what is sound when one file is broken. Never raises for the files' content."""
    sources = read_sources(doc, paths)
    texts = dict(sources)
    result = check_amendment_texts(doc, sources)
    diagnostics = result.diagnostics
    invalid: dict[str, list[Diagnostic]] = {}
    while result.errors:  # without a broken file, another's support of it becomes a warning, not an error
        for d in result.errors:
            invalid.setdefault(d.path, []).append(d)
        sources = [(name, text) for name, text in sources if name not in invalid]
        result = check_amendment_texts(doc, sources)
    left = []
    for name, errors in invalid.items():
        text = texts.get(name)
        by = parse_amendments_lenient(text, name).file.by if isinstance(text, str) else ""
        left.append(InvalidFile(name, by or "", tuple(errors)))
    return ValidAmendments(result.files, tuple(left), diagnostics)


def check_amendment_texts(doc: Document, sources) -> CheckResult:
    """``check_amendments`` for files already in memory: ``sources`` are ``(name, text)`` pairs in the
    order that ranks them (a text may also be the ``AmendtoolError`` met reading it). ``name`` is what
    diagnostics and compilations call the file."""
    with paused_gc():  # the parsed files make no reference cycles: collections would only walk the draft
        return _check_texts(doc, sources)


def _check_texts(doc: Document, sources) -> CheckResult:
    per_file: dict[str, list[Diagnostic]] = {}
    order: list[str] = []
    files: list[AmendmentFile] = []
    failed: set[str] = set()
    seen_codes: dict[str, str] = {}
    for name, text in sources:
        order.append(name)
        bucket = per_file.setdefault(name, [])
        if isinstance(text, AmendtoolError):
            bucket.extend(text.diagnostics)
            continue
        parsed: ParseResult = parse_amendments_lenient(text, name)
        bucket.extend(parsed.diagnostics)
        failed.update(parsed.failed_ids)
        resolved, diagnostics = resolve_lenient(doc, parsed.file)
        bucket.extend(diagnostics)
        if resolved.by:
            if resolved.by in seen_codes:
                line, column = header_position(resolved.source, "by") or (1, 1)
                source = resolved.source.split("\n")[line - 1].rstrip("\r") if resolved.source else None
                bucket.append(
                    Diagnostic(
                        f'"by: {resolved.by}" is also the code of {seen_codes[resolved.by]}',
                        name, line, column, source,
                        "each delegation sends one file: merge the two files",
                    )
                )
            else:
                seen_codes[resolved.by] = name
        files.append(resolved)
    files_out, support_diagnostics = attach_supports(tuple(files), frozenset(failed))
    for d in support_diagnostics:
        per_file[d.path].append(d)
    ordered: list[Diagnostic] = []
    for name in dict.fromkeys(order):
        ordered.extend(_unique(sorted(per_file[name], key=lambda d: (d.line, d.column))))
    # the warnings each file keeps for later commands: its own, supports included
    by_path: dict[str, list[Diagnostic]] = {}
    for d in ordered:
        if d.severity == "warning":
            by_path.setdefault(d.path, []).append(d)
    files_out = tuple(replace(f, warnings=tuple(by_path.get(f.path, ()))) for f in files_out)
    return CheckResult(files_out, tuple(ordered))


def _unique(diagnostics):
    seen = set()
    for d in diagnostics:
        if d not in seen:
            seen.add(d)
            yield d


def load_amendment_texts(doc: Document, sources) -> tuple[AmendmentFile, ...]:
    """``load_amendments`` for ``(name, text)`` pairs already in memory."""
    result = check_amendment_texts(doc, sources)
    if result.errors:
        raise AmendmentFileError(result.diagnostics)
    return result.files


def load_amendments(doc: Document, paths) -> tuple[AmendmentFile, ...]:
    """The amendment files at ``paths``, resolved against ``doc`` with supports attached, in the order
    given; raises ``AmendmentFileError`` with every error (and warning) of every file if any file has
    an error. Warnings of clean files are in ``AmendmentFile.warnings``."""
    result = check_amendments(doc, paths)
    if result.errors:
        raise AmendmentFileError(result.diagnostics)
    return result.files
