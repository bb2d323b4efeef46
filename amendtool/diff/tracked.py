"""Amendment files from a Word copy of the draft that holds tracked changes, one file per delegation.

Delegations send the draft back with their edits tracked, often several delegations' edits in one
copy. Each tracked change (``w:ins``, ``w:del``, ``w:moveFrom``, ``w:moveTo``) and each Word comment
has an author; ``author_codes`` maps the authors to delegation codes (a name that already is a code,
``EU`` or ``G77``, stands for itself; two people of one delegation may map to one code). Then, for each
delegation, ``propose_tracked`` reads the copy with that delegation's changes accepted and everyone
else's rejected (``amendtool.docx.View``) and writes the operations that turn the base text into it
(``propose.propose``), followed by its comments as ``comment`` operations on their paragraphs.

The base text is the draft when one is given, otherwise the copy with every change rejected.
Differences between the two that no tracked change explains are nobody's proposal: they are left out
and reported. Changes of numbering alone are no proposals: the reader counts numbers on the current
paragraph properties, and a paragraph only renumbered is aligned with its old self.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from amendtool.amend.operations import Comment, SourceRef
from amendtool.diff.align import align
from amendtool.diff.compare import paragraph_item
from amendtool.diff.proposal import ProposedAmendments, ProposedOperation, amendment_file, is_code, propose
from amendtool.docx.reader import ACCEPT_ALL, REJECT_ALL, View, WordDocument
from amendtool.draft.docx import DocxSource
from amendtool.draft.identity import draft_name as name_of_draft
from amendtool.draft.model import Document
from amendtool.draft.parser import parse_docx
from amendtool.errors import Diagnostic, InputFileError, SelectionError

_SELF_CODE = re.compile(r"[A-Z][A-Z0-9]{1,9}\Z")
"""Author names that are delegation codes already (``EU``, ``G77``, ``JPN``)."""


@dataclass(frozen=True, slots=True)
class Author:
    """Someone who tracked changes or wrote comments in the copy."""

    name: str
    changes: int
    comments: int

    def describe(self) -> str:
        parts = []
        if self.changes:
            parts.append(f"{self.changes} change{'s' if self.changes != 1 else ''}")
        if self.comments:
            parts.append(f"{self.comments} comment{'s' if self.comments != 1 else ''}")
        return f'"{self.name}" ({", ".join(parts)})'


@dataclass(frozen=True, slots=True)
class TrackedProposals:
    """The amendment files made from one copy, one per delegation, in the order of their codes."""

    files: tuple[ProposedAmendments, ...]
    notes: tuple[Diagnostic, ...]
    """Warnings: differences from the draft that are nobody's, comments that have no paragraph,
    delegations whose changes amount to nothing an amendment file says."""


def authors(word: WordDocument) -> tuple[Author, ...]:
    """Who tracked changes of text or wrote comments, in order of first appearance."""
    changes = word.authors()
    comments = Counter(c.author for c in word.comments.values())
    names = list(dict.fromkeys([*changes, *comments]))
    return tuple(Author(n, changes[n], comments[n]) for n in names)


def read_author_map(text: str, path: str) -> dict[str, str]:
    """An author mapping file: one ``Jane Doe = EU`` per line, ``#`` comments, blank lines."""
    mapping: dict[str, str] = {}
    errors: list[Diagnostic] = []
    for k, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        try:
            name, code = parse_author_code(line)
        except ValueError as exc:
            errors.append(Diagnostic(str(exc), path, k, 1, raw, hint='write one "Name = CODE" per line'))
            continue
        mapping[name] = code
    if errors:
        raise InputFileError(errors)
    return mapping


def parse_author_code(item: str) -> tuple[str, str]:
    """``Jane Doe=EU`` as (``Jane Doe``, ``EU``); ``ValueError`` saying what is wrong."""
    name, sep, code = item.rpartition("=")
    name, code = name.strip(), code.strip()
    if not sep or not name:
        raise ValueError(f'"{item}" does not map a name to a code (Name=CODE)')
    if not is_code(code):
        raise ValueError(f'"{code}" is not a delegation code (letters and digits without spaces, e.g. EU, G77)')
    return name, code


def author_codes(found: Sequence[Author], mapping: Mapping[str, str], path: str) -> dict[str, str]:
    """Each author's delegation code: from ``mapping`` (names compared ignoring case and spacing),
    else the name itself when it is a code. An author left without one is a ``SelectionError`` that
    lists every author found."""
    folded = {" ".join(k.split()).casefold(): v for k, v in mapping.items()}
    codes: dict[str, str] = {}
    missing: list[Author] = []
    for a in found:
        code = folded.get(" ".join(a.name.split()).casefold())
        if code is None and _SELF_CODE.match(a.name):
            code = a.name
        if code is None:
            missing.append(a)
        else:
            codes[a.name] = code
    if missing:
        listed = ", ".join(a.describe() for a in missing)
        every = ", ".join(a.name for a in found)
        raise SelectionError(Diagnostic(
            f"no delegation code for {'this author' if len(missing) == 1 else 'these authors'} of tracked "
            f"changes or comments: {listed} (authors in the copy: {every})", path,
            hint=f'map each name to a code, e.g. "{missing[0].name}=EU"'))
    return codes


def _word_index(doc: Document) -> dict[int, str]:
    """Word paragraph index -> reference of the draft paragraph it became (headings left out)."""
    return {(p.pos.line - 1) // 2: p.ref for p in doc.paragraphs}


def _comments(word: WordDocument, base: Document, rejected: Document, names: set[str],
              notes: list[Diagnostic]) -> list[tuple[str, str]]:
    """The comments of ``names`` as (base paragraph reference, text), in document order."""
    where = _word_index(rejected)
    to_base = _to_base(rejected, base)
    out: list[tuple[str, str]] = []
    for k, para in enumerate(word.paragraphs(REJECT_ALL)):
        for cid in para.comments:
            comment = word.comments.get(cid)
            if comment is None or comment.author not in names or not comment.text:
                continue
            ref = to_base.get(where.get(k, ""))
            if ref is None:
                notes.append(Diagnostic(
                    f'a comment by "{comment.author}" stands on a heading or title, not on a paragraph; '
                    "an amendment file cannot say that, so it is left out", word.path,
                    DocxSource.line_of(k), severity="warning"))
                continue
            out.append((ref, comment.text))
    return out


def _to_base(rejected: Document, base: Document) -> dict[str, str]:
    """Reference in the copy (changes rejected) -> reference in the base draft."""
    if rejected is base:
        return {p.ref: p.ref for p in base.paragraphs}
    pairs = align([paragraph_item(p) for p in rejected.paragraphs], [paragraph_item(p) for p in base.paragraphs])
    out: dict[str, str] = {}
    for pair in pairs:
        if pair.old is not None and pair.new is not None:
            out.setdefault(pair.old, pair.new)
    return out


def _nobodys(base: Document, rejected: Document, path: str, notes: list[Diagnostic]) -> frozenset[str]:
    """Operations that turn the base draft into the copy before its tracked changes: nobody's."""
    if rejected is base:
        return frozenset()
    untracked = propose(base, rejected, "X").operations
    if untracked:
        refs = ", ".join(dict.fromkeys(op.ref for op in untracked))
        notes.append(Diagnostic(
            f"the copy differs from the draft outside its tracked changes (paragraphs {refs}); those "
            "differences are nobody's proposal and are left out", path, severity="warning"))
    return frozenset(op.line for op in untracked)


def propose_tracked(word: WordDocument, codes: Mapping[str, str], *, draft: Document | None = None,
                    lenient: bool = False, date: str = "") -> TrackedProposals:
    """One amendment file per delegation from the tracked changes and comments of ``word``; ``codes``
    maps every author (``authors``) to a delegation code."""
    rejected = parse_docx(word, view=REJECT_ALL, lenient=lenient)
    base = draft if draft is not None else rejected
    notes: list[Diagnostic] = []
    nobodys = _nobodys(base, rejected, word.path, notes)
    draft_name = name_of_draft(base)
    by_code: dict[str, set[str]] = {}
    for name, code in codes.items():
        by_code.setdefault(code, set()).add(name)
    files: list[ProposedAmendments] = []
    for code, names in sorted(by_code.items()):
        edited = parse_docx(word, view=View.only(frozenset(names)), lenient=lenient)
        comments = _comments(word, base, rejected, names, notes)
        result = _with_comments(propose(base, edited, code, draft_name=draft_name), comments, nobodys,
                                draft_name, word.path, date)
        notes.extend(result.notes)
        if not result.operations:
            notes.append(Diagnostic(
                f"the changes by {', '.join(sorted(names))} ({code}) change no text (numbering or formatting "
                "only); no amendment file for them", word.path, severity="warning"))
            continue
        files.append(result)
    return TrackedProposals(tuple(files), tuple(notes))


def propose_copy(word: WordDocument, by: str, *, draft: Document | None = None,
                 lenient: bool = False, date: str = "") -> ProposedAmendments:
    """One amendment file (by ``by``) from every tracked change and comment of ``word``, whoever made
    them; without ``draft``, against the copy with its changes rejected."""
    rejected = parse_docx(word, view=REJECT_ALL, lenient=lenient)
    base = draft if draft is not None else rejected
    edited = parse_docx(word, view=ACCEPT_ALL, lenient=lenient)
    notes: list[Diagnostic] = []
    everyone = {c.author for c in word.comments.values()}
    comments = _comments(word, base, rejected, everyone, notes)
    draft_name = name_of_draft(base)
    result = _with_comments(propose(base, edited, by, draft_name=draft_name), comments, frozenset(),
                            draft_name, word.path, date)
    return ProposedAmendments(result.by, result.operations, result.text, tuple(notes) + result.notes)


def _with_comments(result: ProposedAmendments, comments: Sequence[tuple[str, str]], leave_out: frozenset[str],
                   draft_name: str, source: str, date: str = "") -> ProposedAmendments:
    """``result`` without the operations in ``leave_out``, with ``comments`` as operations after the others."""
    operations = [op for op in result.operations if op.line not in leave_out]
    by, written = result.by, SourceRef(source, 0)
    operations += [ProposedOperation.of(Comment(f"{by}-{len(operations) + k}", by, written, ref, text=text))
                   for k, (ref, text) in enumerate(comments, start=1)]
    return amendment_file(result.by, draft_name, source, operations, result.notes, date=date)
