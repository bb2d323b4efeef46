"""The portal's calls into the library, through the package facades, on texts held in the database.

Parsed drafts are cached per process by their SHA-256 (a draft never changes once a round has it);
compilations by the exact versions compiled and the filters. Everything returned is the library's
own immutable model objects.
"""

from __future__ import annotations

import datetime
import io
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from amendtool.amend import AmendmentFile, CheckResult, check_amendment_texts
from amendtool.compile import Compilation, compile_drafts
from amendtool.consolidate import Consolidation, concordance_bytes, consolidate
from amendtool.diff import Comparison, ProposedAmendments, compare, propose
from amendtool.draft import Document, read_draft
from amendtool.errors import AmendtoolError, Diagnostic
from amendtool.render import render_compilation, render_diff

DRAFT_TYPES = (".txt", ".md", ".docx")
"""What a draft (or an edited copy of one) may be."""


class _Lru:
    """A small thread-safe least-recently-used cache; concurrent misses of one key make it once."""

    def __init__(self, size: int):
        self.size = size
        self.items: OrderedDict[Hashable, Any] = OrderedDict()
        self.lock = threading.Lock()
        self.making: dict[Hashable, threading.Lock] = {}

    def get(self, key: Hashable, make: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
            maker = self.making.setdefault(key, threading.Lock())
        with maker:
            with self.lock:
                if key in self.items:
                    return self.items[key]
            value = make()
            with self.lock:
                self.items[key] = value
                self.making.pop(key, None)
                while len(self.items) > self.size:
                    self.items.popitem(last=False)
        return value


_DRAFTS = _Lru(16)
_COMPILATIONS = _Lru(32)


def parse_draft_file(data: bytes, name: str, digest: str | None = None) -> Document:
    """The draft in ``data`` (its file ``name`` tells the format); published texts with a stray
    bracket are read as published (their diagnostics are warnings on the document)."""
    def make() -> Document:
        try:
            return read_draft(data, name)
        except AmendtoolError as exc:
            if all(d.message.startswith("unbalanced bracket") for d in exc.diagnostics):
                return read_draft(data, name, lenient=True)
            raise

    if digest is None:
        return make()
    return _DRAFTS.get((digest, name), make)


def check_one(doc: Document, name: str, text: str, code: str) -> CheckResult:
    """``check`` of one delegation's file alone (other delegations' unpublished files are not
    consulted: a ``support`` of them is a warning), plus the portal's own rule that the file is
    signed with the delegation's code."""
    result = check_amendment_texts(doc, [(name, text)])
    extra = _signature(result, name, text, code)
    if extra is None:
        return result
    diagnostics = tuple(sorted((*result.diagnostics, extra), key=lambda d: (d.line, d.column)))
    return replace(result, diagnostics=diagnostics)


def _signature(result: CheckResult, name: str, text: str, code: str) -> Diagnostic | None:
    by = result.files[0].by if result.files else ""
    if not by or by == code:
        return None
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped.lower().startswith("by:"):
            column = line.index(":") + 2 + (len(line.split(":", 1)[1]) - len(line.split(":", 1)[1].lstrip()))
            return Diagnostic(
                f'this file is signed "by: {by}", but you are signed in as {code}',
                name, number, column, line.rstrip("\r"), f"write by: {code}",
            )
    return Diagnostic(f"this file is signed by {by}, not {code}", name, hint=f"write by: {code}")


@dataclass(frozen=True, slots=True)
class Compiled:
    """The submitted files of a round, checked together, and their compilation."""

    files: tuple[AmendmentFile, ...]
    """The files compiled (resolved, supports attached), in the order of the delegations."""
    left_out: tuple[tuple[str, tuple[Diagnostic, ...]], ...]
    """Files that only fail together with the others (a support of a withdrawn operation)."""
    compilation: Compilation


def compile_round(
    doc: Document, sources: Sequence[tuple[str, str]], key: Hashable, *, anonymous: bool = False,
    only: Iterable[str] | None = None, changed_only: bool = False,
) -> Compiled:
    """The compilation of ``sources`` (``(file name, text)``, each file error-free on its own);
    ``key`` names exactly these versions for the cache. ``changed_only`` is compile's
    ``--changed-only``: the paragraphs with proposals, comments or brackets, under their headings."""
    only_key = tuple(only) if only is not None else None

    def make() -> Compiled:
        files, left_out = load_together(doc, sources)
        codes = [f.by for f in files]
        chosen = None if only_key is None else [c for c in only_key if c in codes]
        # dated as the command line dates it (issue 9: every printed page says which compilation it is)
        issued = datetime.date.today().isoformat()
        compilation = compile_drafts(doc, files, anonymous=anonymous, only=chosen, changed_only=changed_only,
                                     issued=issued)
        return Compiled(files, left_out, compilation)

    return _COMPILATIONS.get((key, anonymous, only_key, changed_only), make)


def load_together(
    doc: Document, sources: Sequence[tuple[str, str]]
) -> tuple[tuple[AmendmentFile, ...], tuple[tuple[str, tuple[Diagnostic, ...]], ...]]:
    """Check the files together; a file with errors then (only supports of operations no longer on
    the table can fail: each file was error-free alone) is left out and the rest checked again."""
    left_out: list[tuple[str, tuple[Diagnostic, ...]]] = []
    todo = list(sources)
    while True:
        result = check_amendment_texts(doc, todo)
        bad = {d.path for d in result.errors}
        if not bad:
            return result.files, tuple(left_out)
        left_out.extend((name, tuple(d for d in result.errors if d.path == name)) for name, _ in todo if name in bad)
        todo = [(name, text) for name, text in todo if name not in bad]


def render(compilation: Compilation, fmt: str) -> bytes:
    return render_compilation(compilation, fmt)


def next_revision(doc: Document, files: Sequence[AmendmentFile], accepted: Iterable[str]) -> Consolidation:
    """The next revision: the accepted operations applied, the rest in brackets."""
    return consolidate(doc, files, accept=list(accepted), rest="bracket")


def concordance_csv(result: Consolidation) -> str:
    return concordance_bytes(result.concordance, "concordance.csv").decode("utf-8")


def propose_from(doc: Document, data: bytes, name: str, code: str) -> ProposedAmendments:
    """The amendment file whose operations turn ``doc`` into the edited copy in ``data``
    (.txt/.md, or .docx: tracked changes read as accepted, the copy as it would print)."""
    edited = read_draft(data, name, lenient=True)
    return propose(doc, edited, code)


def comparison(old: Document, new: Document) -> Comparison:
    return compare(old, new)


def render_comparison(c: Comparison, fmt: str) -> bytes:
    text = render_diff(c, fmt)
    return text if isinstance(text, bytes) else text.encode("utf-8")


def as_zip(entries: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``(path, bytes)`` entries, deterministic (fixed timestamps) in the order given."""
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data in entries:
            info = zipfile.ZipInfo(path, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    return buffer.getvalue()
