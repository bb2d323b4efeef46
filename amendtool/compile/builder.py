"""Building the compilation: the base draft with every delegation's proposals in place.

``compile_drafts(doc, files)`` takes the parsed base draft and the resolved amendment files (every
operation carries its ``Target``: paragraph and span of base text) and builds an immutable
``Compilation`` (``model.py``). Renderers (``amendtool.render.compilation``) only read it.

How operations become proposals, per paragraph (one pass over the operations, indexed by paragraph
reference, then a sort of each paragraph's few proposals; nothing is quadratic in paragraphs or
operations):

- each text operation becomes a ``Proposal`` over its span of ``Paragraph.text``, written as
  ``pieces``: base text kept, deleted or inserted (``bracket`` inserts ``[`` and ``]`` around the
  span, ``remove brackets`` deletes them, ``retain`` deletes the other alternatives of the bracket
  group, ``add alternative`` inserts ``[new]`` after the alternative it names);
- identical proposals (same span, same pieces) are one proposal with several proposers;
- proposals whose spans overlap (two insertions at the same point overlap; an insertion at the edge
  of a deletion does not) form one ``Change`` with the proposals as labelled alternatives, each shown
  over the whole span of the change, so none is lost and none is applied over another. ``retain``,
  ``add alternative`` and ``remove brackets`` claim their whole bracket group: they compete;
- whole-paragraph proposals (``delete paragraph``, ``replace paragraph``, ``move``) are ``marks`` at
  the paragraph, alternatives of each other when there is more than one; comments are marks too;
- new paragraphs are ``NewParagraph`` blocks where proposed, numbered ``bis``, ``ter`` ... after their
  neighbour in the order the files were given; a moved paragraph gets a ``MovedHere`` block at its
  proposed place.

Proposers and supporters are listed in the order the files were given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from amendtool.amend.operations import AmendmentFile, Operation, Support
from amendtool.compile.model import (
    Block,
    Change,
    Comment,
    Compilation,
    CompiledHeading,
    CompiledParagraph,
    Delegation,
    DelegationSummary,
    Kept,
    MovedHere,
    NewParagraph,
    ParagraphSummary,
    Piece,
    Proposal,
    Segment,
    Summary,
    paused_gc,
)
from amendtool.draft.labels import labels_after, split_suffix
from amendtool.draft.model import Bracket, BracketGroup, Document, Paragraph, Section
from amendtool.errors import AmendmentFileError, SelectionError, make_diagnostic
from amendtool.text import fold

_TEXT_KINDS = {"replace", "delete", "insert", "bracket", "remove-brackets", "retain", "add-alternative"}
_MARK_KINDS = {"delete-paragraph", "replace-paragraph", "move"}


def compile_drafts(
    doc: Document,
    files: Iterable[AmendmentFile],
    *,
    anonymous: bool = False,
    only: Iterable[str] | None = None,
) -> Compilation:
    """Compile resolved amendment files against the base draft.

    ``files`` in the order given on the command line: that order ranks proposers and alternatives.
    ``only`` restricts the proposals shown to those delegations (a ``SelectionError`` names unknown
    codes); ``anonymous`` drops every delegation code from the result. Raises ``AmendmentFileError``
    for an operation that was not resolved against this draft.
    """
    with paused_gc():
        return _compile(doc, tuple(files), anonymous, only)


def _compile(doc: Document, files: tuple[AmendmentFile, ...], anonymous: bool, only) -> Compilation:
    order: dict[str, int] = {}
    for f in files:
        order.setdefault(f.by, len(order))
    only_codes = _select(only, order)
    builder = _Builder(doc, order, anonymous)
    for f in files:
        if only_codes is not None and f.by not in only_codes:
            continue
        for op in f.operations:
            builder.add(op, f)
    for f in files:  # supports may point at operations of any file, earlier or later
        for op in f.operations:
            if isinstance(op, Support):
                builder.support(op)
    delegations = () if anonymous else tuple(
        Delegation(f.by, f.name, _basename(f.path), f.date)
        for f in files
        if only_codes is None or f.by in only_codes
    )
    return builder.build(delegations, None if anonymous else only_codes)


def _select(only, order: dict[str, int]) -> tuple[str, ...] | None:
    if only is None:
        return None
    wanted = [c.strip() for c in (only.split(",") if isinstance(only, str) else only) if c.strip()]
    by_upper = {code.upper(): code for code in order}
    chosen, unknown = [], []
    for code in wanted:
        found = order.get(code) is not None and code or by_upper.get(code.upper())
        (chosen if found else unknown).append(found or code)
    if unknown:
        known = ", ".join(order) or "none"
        raise SelectionError(make_diagnostic(
            f"--only names {', '.join(unknown)}, which sent no amendment file (delegations: {known})",
            path="--only"))
    return tuple(sorted(set(chosen), key=order.__getitem__))


def _basename(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


@dataclass(slots=True)
class _Raw:
    """A proposal while it is being collected (mutable; frozen into a ``Proposal`` at the end)."""

    kind: str
    start: int
    end: int
    claim: tuple[int, int]
    pieces: tuple[Piece, ...]
    proposers: list[str]
    supporters: list[str]
    ids: list[str]
    rank: tuple[int, int]
    dest: str = ""
    where: str = ""
    label: str = ""
    """For a new paragraph: the label the first file gave it."""
    edits: list = field(default_factory=list)
    """For a new paragraph: its own file's later operations on it (applied to its text)."""
    comments: list = field(default_factory=list)
    dropped: bool = False


def _base(ref: str) -> tuple[str, str]:
    return ("base", ref)


class _Builder:
    def __init__(self, doc: Document, order: dict[str, int], anonymous: bool):
        self.doc = doc
        self.order = order
        self.anonymous = anonymous
        self.paras: dict[str, Paragraph] = {p.ref: p for p in doc.paragraphs}
        self.text_ops: dict[str, dict[tuple, _Raw]] = {}
        self.marks: dict[str, dict[tuple, _Raw]] = {}
        self.comments: dict[str, list[tuple[tuple[int, int], Comment]]] = {}
        self.slots: dict[tuple[str, tuple[str, str]], dict[tuple, _Raw]] = {}
        """(before|after, neighbour key) -> new paragraphs and move destinations placed there."""
        self.local: dict[tuple[str, str], _Raw] = {}
        """(delegation, label its file gave) -> the new paragraph, for its file's later operations."""
        self.by_id: dict[str, _Raw] = {}
        self.counts: dict[str, list[int]] = {code: [0, 0, 0] for code in order}
        self.seq = 0

    # -- collecting ---------------------------------------------------------------------------------

    def _error(self, op: Operation, message: str) -> AmendmentFileError:
        return AmendmentFileError(make_diagnostic(message, path=op.source.path, line=op.source.line,
                                                  column=op.source.column))

    def _comment(self, op: Operation) -> Comment:
        return Comment(op.text, "" if self.anonymous else op.by, "" if self.anonymous else op.id)

    def _neighbour(self, op: Operation, ref: str) -> tuple[str, str]:
        """The placement key of a paragraph an operation names: a base paragraph or a new one."""
        if ref in self.paras:
            return _base(ref)
        raw = self.local.get((op.by, ref))
        if raw is not None:
            return ("new", raw.ids[0])
        try:
            return _base(self.doc.paragraph(ref).ref)
        except Exception:
            raise self._error(op, f'paragraph "{ref}" is not in the draft {self.doc.path}') from None

    def add(self, op: Operation, f: AmendmentFile) -> None:
        self.seq += 1
        rank = (self.order[f.by], self.seq)
        kind = op.kind
        if kind == "support":
            return
        target = op.target
        if target is None:
            raise self._error(op, f"operation {op.id} was not resolved against the draft")
        counts = self.counts.setdefault(op.by, [0, 0, 0])
        para = self.paras.get(target.ref)
        if para is None:
            own = self.local.get((op.by, target.ref))
            if own is None:
                raise self._error(op, f'paragraph "{target.ref}" is not in the draft {self.doc.path}')
            if kind != "add-paragraph":
                self._on_new(op, own, rank, counts)
                return
        if kind == "comment":
            counts[2] += 1
            self.comments.setdefault(para.ref, []).append((rank, self._comment(op)))
            return
        counts[0] += 1
        if kind in _TEXT_KINDS:
            start, end, claim, pieces = _text_proposal(op, para)
            key = (start, end, _norm_pieces(pieces))
            self._merge(self.text_ops.setdefault(para.ref, {}), key, op, rank,
                        kind=kind, start=start, end=end, claim=claim, pieces=pieces)
        elif kind in _MARK_KINDS:
            dest = where = ""
            pieces: tuple[Piece, ...] = ()
            if kind == "replace-paragraph":
                pieces = (Piece("insert", op.text),)
            elif kind == "move":
                where = op.where
                dest_key = self._neighbour(op, op.dest)
                dest = dest_key[1] if dest_key[0] == "base" else op.dest
            key = (kind, dest, where, _norm_pieces(pieces))
            raw = self._merge(self.marks.setdefault(para.ref, {}), key, op, rank, kind=kind, start=0, end=0,
                              claim=(0, 0), pieces=pieces, dest=dest, where=where)
            if kind == "move":
                self.slots.setdefault((where, dest_key), {}).setdefault(("move", para.ref), raw)
        elif kind == "add-paragraph":
            slot = (op.where, self._neighbour(op, target.ref))
            # one entry per file: identical new paragraphs are merged at the end, once each file's own
            # later edits to its paragraph are known (they must read the same *after* those edits)
            key = ("add", op.id)
            raw = self._merge(self.slots.setdefault(slot, {}), key, op, rank, kind=kind, start=0, end=0,
                              claim=(0, 0), pieces=(Piece("insert", op.text),), label=op.label)
            self.local[(op.by, op.label)] = raw
        else:
            raise self._error(op, f"operation {op.id}: cannot compile an operation of kind {kind!r}")

    def _on_new(self, op: Operation, raw: _Raw, rank, counts) -> None:
        """An operation of a file on a paragraph the same file adds: folded into that new paragraph."""
        if op.kind == "comment":
            counts[2] += 1
            raw.comments.append((rank, self._comment(op)))
            return
        if op.kind == "move":
            raise self._error(op, f"{op.id}: to move the new paragraph {op.target.ref}, "
                                  "add it where it should stand instead")
        counts[0] += 1
        self.by_id[op.id] = raw
        if op.id not in raw.ids:
            raw.ids.append(op.id)
        if op.kind == "delete-paragraph":
            raw.dropped = True
        else:
            raw.edits.append(op)

    def _merge(self, table: dict, key: tuple, op: Operation, rank: tuple[int, int], **fields) -> _Raw:
        raw = table.get(key)
        if raw is None:
            raw = table[key] = _Raw(proposers=[], supporters=[], ids=[], rank=rank, **fields)
        if op.by not in raw.proposers:
            raw.proposers.append(op.by)
        raw.ids.append(op.id)
        for s in op.supporters:
            if s not in raw.supporters:
                raw.supporters.append(s)
        self.by_id[op.id] = raw
        return raw

    def support(self, op: Support) -> None:
        raw = self.by_id.get(op.target_id)
        self.counts.setdefault(op.by, [0, 0, 0])[1] += 1
        if raw is not None and op.by not in raw.supporters:
            raw.supporters.append(op.by)

    # -- freezing -----------------------------------------------------------------------------------

    def _people(self, codes: list[str], exclude: Iterable[str] = ()) -> tuple[str, ...]:
        if self.anonymous:
            return ()
        skip = set(exclude)
        big = len(self.order)
        return tuple(sorted((c for c in dict.fromkeys(codes) if c not in skip),
                            key=lambda c: self.order.get(c, big)))

    def _freeze(self, raw: _Raw, pieces: tuple[Piece, ...] | None = None) -> Proposal:
        return Proposal(
            kind=raw.kind, start=raw.start, end=raw.end, pieces=raw.pieces if pieces is None else pieces,
            proposers=self._people(raw.proposers),
            supporters=self._people(raw.supporters, exclude=raw.proposers),
            ids=() if self.anonymous else tuple(raw.ids),
            dest=raw.dest, where=raw.where)

    def _segments(self, para: Paragraph) -> tuple[Segment, ...]:
        text = para.text
        raws = sorted(self.text_ops.get(para.ref, {}).values(), key=lambda r: (r.claim[0], r.claim[1], r.rank))
        clusters: list[list[_Raw]] = []
        span = (0, 0)
        for raw in raws:
            if clusters and _overlaps(span, raw.claim):
                clusters[-1].append(raw)
                span = (span[0], max(span[1], raw.claim[1]))
            else:
                clusters.append([raw])
                span = raw.claim
        segments: list[Segment] = []
        pos = 0
        for cluster in clusters:
            start = min(r.claim[0] for r in cluster)
            end = max(r.claim[1] for r in cluster)
            if start > pos:
                segments.append(Kept(text[pos:start], pos, start))
            proposals = []
            for raw in sorted(cluster, key=lambda r: r.rank):
                pieces = _widen(raw.pieces, text[start:raw.start], text[raw.end:end])
                proposals.append(self._freeze(raw, pieces))
            segments.append(Change(start, end, text[start:end], tuple(proposals)))
            pos = end
        if pos < len(text) or not segments:
            segments.append(Kept(text[pos:], pos, len(text)))
        return tuple(segments)

    def _depths(self) -> dict[str, int]:
        depth: dict[str, int] = {}
        for p in self.doc.paragraphs:
            depth[p.ref] = depth.get(p.parent, -1) + 1 if p.parent else 0
        return depth

    def build(self, delegations: tuple[Delegation, ...], only: tuple[str, ...] | None) -> Compilation:
        doc = self.doc
        depths = self._depths()
        blocks: list[Block] = []
        rows: list[ParagraphSummary] = []
        used_labels = {p.label for p in doc.paragraphs if p.label} | set(self.paras)
        totals = {"proposals": 0, "merged": 0, "contested": 0}
        merged_by: dict[str, int] = {}

        def count(raws: Iterable[_Raw]) -> None:
            for raw in raws:
                if len(raw.proposers) > 1:
                    totals["merged"] += 1
                    for code in raw.proposers:
                        merged_by[code] = merged_by.get(code, 0) + 1

        new_comments = [0]

        def placed(where: str, key: tuple[str, str], neighbour: str, depth: int) -> None:
            slot = self.slots.get((where, key))
            if not slot:
                return
            for k, raw, members in _merged_slot(slot):
                if k[0] == "move":
                    blocks.append(MovedHere(k[1], replace(self._freeze(raw), dest=neighbour), depth))
                    continue
                label = _free_label(raw.label, neighbour, used_labels)
                used_labels.add(label)
                owns = [("new", m.ids[0]) for m in members]
                for own in owns:
                    placed("before", own, label, depth)
                text = _apply_edits(raw.pieces[0].text, raw.edits)
                comments = tuple(c for _, c in sorted(raw.comments, key=lambda rc: rc[0]))
                proposal = self._freeze(raw, (Piece("insert", text),))
                printed = _printed_label(label, neighbour, self.paras)
                blocks.append(NewParagraph(label, printed, where, neighbour, proposal, depth, comments))
                rows.append(ParagraphSummary(label, 1, 0, len(comments), 0, new=True))
                new_comments[0] += len(comments)
                totals["proposals"] += 1
                count((raw,))
                for own in owns:
                    placed("after", own, label, depth)

        def walk(nodes) -> None:
            for node in nodes:
                if isinstance(node, Section):
                    h = node.heading
                    # the number as printed: "Article 3", not "3"
                    number = h.ref if h.ref.startswith("Article ") else h.number
                    blocks.append(CompiledHeading(h.ref, number, h.title, h.level))
                    walk(node.children)
                elif isinstance(node, Paragraph):
                    depth = depths.get(node.ref, 0)
                    placed("before", _base(node.ref), node.ref, depth)
                    blocks.append(self._paragraph(node, depths, rows, totals, count))
                    walk(node.children)
                    placed("after", _base(node.ref), node.ref, depth)

        walk(doc.body)
        ops = sum(c[0] for c in self.counts.values())
        comments = sum(len(v) for v in self.comments.values()) + new_comments[0]
        brackets = sum(len(p.bracket_groups) for p in doc.paragraphs)
        people = () if self.anonymous else tuple(
            DelegationSummary(d.code, *self.counts.get(d.code, [0, 0, 0])[:3], merged=merged_by.get(d.code, 0))
            for d in _unique(delegations))
        summary = Summary(people, tuple(rows), totals["proposals"], ops, totals["merged"], totals["contested"],
                          comments, brackets)
        return Compilation(doc.title.title, _basename(doc.path), delegations, tuple(blocks), summary,
                           self.anonymous, only, doc)

    def _paragraph(self, node: Paragraph, depths, rows, totals, count) -> CompiledParagraph:
        segments = self._segments(node)
        mark_raws = sorted(self.marks.get(node.ref, {}).values(), key=lambda r: r.rank)
        marks = tuple(self._freeze(r) for r in mark_raws)
        comments = tuple(c for _, c in sorted(self.comments.get(node.ref, []), key=lambda rc: rc[0]))
        para = CompiledParagraph(node.ref, node.label, node.kind, depths.get(node.ref, 0), node.text, segments,
                                 marks, comments, len(node.bracket_groups))
        contested = sum(1 for c in para.changes if c.contested) + (1 if len(marks) > 1 else 0)
        rows.append(ParagraphSummary(node.ref, para.proposal_count, contested, len(comments), para.brackets))
        totals["proposals"] += para.proposal_count
        totals["contested"] += contested
        count(list(self.text_ops.get(node.ref, {}).values()) + mark_raws)
        return para


def _merged_slot(slot: dict[tuple, _Raw]) -> list[tuple[tuple, _Raw, list[_Raw]]]:
    """A slot's items in rank order, new paragraphs that read the same once each file's own edits to
    its paragraph are applied merged into one (all their proposers, ids and comments; the text and
    edits of the first), and new paragraphs their own file deleted left out. Each item comes with
    the raws it merges (their placement keys stay valid)."""
    out: list[tuple[tuple, _Raw, list[_Raw]]] = []
    by_text: dict[str, int] = {}
    for k, raw in sorted(slot.items(), key=lambda kv: kv[1].rank):
        if k[0] == "move":
            out.append((k, raw, [raw]))
            continue
        if raw.dropped:
            continue
        final = _norm(_apply_edits(raw.pieces[0].text, raw.edits))
        at = by_text.get(final)
        if at is None:
            by_text[final] = len(out)
            out.append((k, raw, [raw]))
            continue
        first_key, first, members = out[at]
        merged = replace(first, proposers=list(first.proposers), supporters=list(first.supporters),
                         ids=list(first.ids), comments=list(first.comments))
        for code in raw.proposers:
            if code not in merged.proposers:
                merged.proposers.append(code)
        for code in raw.supporters:
            if code not in merged.supporters:
                merged.supporters.append(code)
        merged.ids.extend(i for i in raw.ids if i not in merged.ids)
        merged.comments.extend(raw.comments)
        out[at] = (first_key, merged, members + [raw])
    return out


def _unique(delegations: tuple[Delegation, ...]) -> list[Delegation]:
    seen: dict[str, Delegation] = {}
    for d in delegations:
        seen.setdefault(d.code, d)
    return list(seen.values())


def _free_label(proposed: str, neighbour: str, used: set[str]) -> str:
    """``proposed`` (the label the file gave, e.g. ``37 bis``) unless another file's new paragraph took
    it; then the next free ``ter``, ``quater`` ... of the same number."""
    if proposed and proposed not in used:
        return proposed
    for label in labels_after(proposed or neighbour):
        if label not in used:
            return label
    n = 2
    while f"{proposed or neighbour} ({n})" in used:
        n += 1
    return f"{proposed or neighbour} ({n})"


def _printed_label(ref: str, neighbour: str, paras: dict[str, Paragraph]) -> str:
    """The label a new paragraph referred to as ``ref`` would print: the label of the paragraph its
    reference builds on with the suffix (``Article 4.2 bis`` -> ``2 bis``, ``A Pp6 bis`` -> ``Pp6
    bis``); otherwise the reference less the section its neighbour's reference names
    (``Article 4.0`` -> ``0``); the reference itself where the draft prints no label there (an
    unlabelled paragraph) or names paragraphs by their labels."""
    base, rank = split_suffix(ref)
    para = paras.get(base) if rank >= 0 else None
    if para is not None:
        return f"{para.label} {ref[len(base):].strip()}" if para.label else ref
    near = paras.get(neighbour) or paras.get(split_suffix(neighbour)[0])
    if near is not None and near.label and near.ref.endswith(near.label):
        prefix = near.ref[: len(near.ref) - len(near.label)]
        if prefix and ref.startswith(prefix) and len(ref) > len(prefix):
            return ref[len(prefix) :]
    return ref


def _apply_edits(text: str, edits: list[Operation]) -> str:
    """A new paragraph's text with its own file's later operations on it applied (spans refer to the
    text as first proposed; an edit overlapping one already applied is skipped)."""
    if not edits:
        return text
    out, pos = [], 0
    for start, end, new, _op in new_paragraph_edits(text, edits):
        out.append(text[pos:start])
        out.append(new)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def new_paragraph_edits(text: str, edits: list[Operation]) -> list[tuple[int, int, str, Operation]]:
    """A file's later operations on its own new paragraph as (start, end, new text, operation) over
    ``text`` (the paragraph as first proposed), in text order; an edit overlapping one nearer the end
    is left out (as ``_apply_edits`` leaves it out)."""
    shim = _TextOnly(text)
    changes = []
    for op in edits:
        if op.kind == "replace-paragraph":
            changes.append((0, len(text), op.text, op))
            continue
        start, end, _claim, pieces = _text_proposal(op, shim)
        changes.append((start, end, "".join(p.text for p in pieces if p.op != "delete"), op))
    kept, pos = [], len(text)
    for change in sorted(changes, key=lambda c: (c[0], c[1]), reverse=True):
        if change[1] > pos:
            continue
        kept.append(change)
        pos = change[0]
    return kept[::-1]


@dataclass(frozen=True, slots=True)
class _TextOnly:
    """A stand-in paragraph for text that has no bracket groups (a new paragraph's text)."""

    text: str
    bracket_groups: tuple = ()


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Do two spans compete? Non-empty spans overlap when they share a character; an insertion point
    competes with a span it falls strictly inside and with another insertion at the same point."""
    (s1, e1), (s2, e2) = a, b
    if s1 == e1 and s2 == e2:
        return s1 == s2
    if s1 == e1:
        return s2 < s1 < e2
    if s2 == e2:
        return s1 < s2 < e1
    return s1 < e2 and s2 < e1


def _norm(text: str) -> str:
    return " ".join(text.split())


def _norm_pieces(pieces: tuple[Piece, ...]) -> tuple:
    return tuple((p.op, _norm(p.text) if p.op == "insert" else p.text) for p in pieces)


def _widen(pieces: tuple[Piece, ...], before: str, after: str) -> tuple[Piece, ...]:
    out = ([Piece("keep", before)] if before else []) + list(pieces) + ([Piece("keep", after)] if after else [])
    merged: list[Piece] = []
    for p in out:
        if merged and merged[-1].op == p.op:
            merged[-1] = Piece(p.op, merged[-1].text + p.text)
        else:
            merged.append(p)
    return tuple(merged)


def _innermost_bracket(para: Paragraph, start: int, end: int) -> tuple[BracketGroup | None, Bracket | None]:
    """The innermost bracket whose span contains [start, end), and its group."""
    best: tuple[BracketGroup | None, Bracket | None] = (None, None)
    best_len = None
    for group in para.bracket_groups:
        if not (group.start <= start and end <= group.end):
            continue
        for b in group.brackets:
            if b.start <= start and end <= b.end and (best_len is None or b.end - b.start < best_len):
                best, best_len = (group, b), b.end - b.start
    return best


def _retained(para: Paragraph, start: int, end: int, anchor: str) -> tuple[BracketGroup | None, Bracket | None]:
    """For ``retain``: the bracket group at [start, end) (or containing it) and the alternative the
    anchor names, compared as the resolver compares (whitespace, quote and dash styles folded)."""
    want = fold(anchor)[0].strip()
    groups = [g for g in para.bracket_groups if g.start <= start and end <= g.end]
    for group in sorted(groups, key=lambda g: g.end - g.start):
        for b in group.brackets:
            inner = para.text[b.start + (1 if b.opened else 0): b.end - (1 if b.closed else 0)]
            if fold(inner)[0].strip() == want or fold(para.text[b.start:b.end])[0].strip() == want:
                return group, b
    return _innermost_bracket(para, start, end)


def _text_proposal(op: Operation, para: Paragraph) -> tuple[int, int, tuple[int, int], tuple[Piece, ...]]:
    """Span, competing claim and pieces of a text operation."""
    t = op.target
    text = para.text
    start, end = t.start, t.end
    old = text[start:end]
    kind = op.kind
    if kind == "replace":
        return start, end, (start, end), tuple(p for p in (Piece("delete", old), Piece("insert", op.new)) if p.text)
    if kind == "delete":
        return start, end, (start, end), (Piece("delete", old),)
    if kind == "insert":
        return start, start, (start, start), (Piece("insert", op.text),)
    if kind == "bracket":
        return start, end, (start, end), (Piece("insert", "["), Piece("keep", old), Piece("insert", "]"))
    if kind == "retain":
        group, bracket = _retained(para, start, end, op.anchor.text)
    else:
        group, bracket = _innermost_bracket(para, start, end)
    if bracket is None:  # the resolver accepted it, so keep it visible rather than guess
        if kind == "add-alternative":
            return end, end, (end, end), (Piece("insert", f" [{op.text}]"),)
        return start, end, (start, end), (Piece("keep", old),)
    b_end = bracket.end
    open_len = 1 if bracket.opened else 0
    close_len = 1 if bracket.closed and text[b_end - 1:b_end] == "]" else 0
    inner = (bracket.start + open_len, b_end - close_len)
    claim = (group.start, group.end)
    if kind == "remove-brackets":
        pieces = tuple(p for p in (Piece("delete", text[bracket.start:inner[0]]), Piece("keep", text[inner[0]:inner[1]]),
                                   Piece("delete", text[inner[1]:b_end])) if p.text)
        return bracket.start, b_end, claim, pieces
    if kind == "retain":
        pieces = tuple(p for p in (Piece("delete", text[group.start:inner[0]]),
                                   Piece("keep", text[inner[0]:inner[1]]),
                                   Piece("delete", text[inner[1]:group.end])) if p.text)
        return group.start, group.end, claim, pieces
    # add-alternative: "[new]" after the bracket, separated as the group separates its alternatives
    sep = " "
    if len(group.brackets) > 1:
        between = text[group.brackets[0].end:group.brackets[1].start]
        sep = between if between.strip() in ("", "/", "or") else " "
    return b_end, b_end, claim, (Piece("insert", f"{sep}[{op.text}]"),)

