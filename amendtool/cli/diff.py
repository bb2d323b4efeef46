"""`amendtool diff`: compare drafts paragraph by paragraph (``diff/compare.py``, ``render/diff/``)."""

from __future__ import annotations

import os
import sys
from typing import cast

import click

from amendtool.cli import leave_to_exit
from amendtool.cli.app import (
    Output,
    cores,
    date_option,
    handle_errors,
    lenient_option,
    load,
    output_format,
    pool_workers,
    quiet_option,
    refuse_clashes,
    report,
    today,
    write_outputs,
)
from amendtool.diff.compare import Draft, compare, facts, read_facts, read_facts_with_source
from amendtool.diff.worddiff import DiffPool
from amendtool.draft.model import Document, paused_gc
from amendtool.fileio import STDIN
from amendtool.render.diff import DEFAULT_AUTHOR, FORMATS, render, render_utf8

WRITTEN = (*FORMATS, "docx")
"""What diff writes: the comparison's formats and the Word redline."""


@click.command()
@click.argument("drafts", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (format by its extension).")
@click.option("--format", "fmt", type=click.Choice(WRITTEN),
              help="Output format (default: by the extension of -o, else txt).")
@click.option("--color/--no-color", default=None,
              help="Colour the terminal view (default: when writing to a terminal and NO_COLOR is unset).")
@click.option("--author", default=DEFAULT_AUTHOR, show_default=True,
              help="docx: the author of the tracked changes (the new revision's name).")
@date_option
@lenient_option
@quiet_option
@handle_errors
def diff(drafts, output, fmt, color, author, date, lenient, quiet):
    """Compare OLD with NEW (and further drafts, each with the next).

    Paragraphs are aligned by content (renumbered, moved, split, merged, added, deleted), then
    compared word by word; the report gives the concordance (old -> new references) and how many
    bracket groups were closed and opened. With more than two drafts it adds each paragraph's
    history. Drafts are compared as published: unbalanced brackets are warnings (--lenient is
    always on for diff).

    -o changes.docx writes a redline like Word's Compare: NEW with every difference from OLD as a
    tracked change by --author (moved paragraphs as moves), so Accept All gives NEW; with more than
    two drafts, the first against the last.
    """
    if len(drafts) < 2:
        raise click.UsageError("diff needs at least two drafts: OLD NEW [MORE...]")
    fmt = output_format(output, fmt, WRITTEN)
    if fmt == "docx" and not output:
        raise click.UsageError("a .docx redline is written to a file: give -o changes.docx")
    inputs = [("a draft compared", path) for path in drafts]
    refuse_clashes([("-o", output)], inputs)
    # Copies for the word diffs are made now, while the process is small (worddiff.DiffPool), for
    # drafts large enough to pay for them; the collector is paused: the drafts and the comparison make
    # no reference cycles, and each collection would walk the parsed drafts again.
    with DiffPool(pool_workers(drafts)) as pool, paused_gc():
        docs = _load(drafts, pool if fmt != "docx" else None, fmt == "html")  # (a redline writes the parsed drafts)
        comparison = compare(*docs, workers=cores(), pool=pool)
    fingerprint = _fingerprint(docs) if fmt == "html" else ""  # the printed HTML's stamp
    if output:
        if fmt == "docx":
            from amendtool.render.diff.docx import render_redline  # the Word writer: only for a redline

            # (parsed here, all of them: ``_load`` without a pool)
            old, new = cast(Document, docs[0]), cast(Document, docs[-1])
            data: bytes | str = render_redline(old, new, comparison.overall, author=author)
        else:
            data = render_utf8(comparison, fmt, issued=date or today(), fingerprint=fingerprint)
        write_outputs([Output("-o", output, data, _what(comparison, fmt))], inputs, quiet)
    else:
        if color is None:
            color = fmt == "txt" and not os.environ.get("NO_COLOR") and sys.stdout.isatty()
        data = render(comparison, fmt, color=color, issued=date or today(), fingerprint=fingerprint)
        click.echo(data, nl=False, color=color if fmt == "txt" else None)
    leave_to_exit(docs, comparison, data)  # the process ends without freeing them one by one


def _load(paths: tuple[str, ...], pool: DiffPool | None, source: bool) -> list[Draft]:
    """The drafts, parsed in order, each one's warnings printed. With a copy in ``pool``, the last
    draft is parsed there while this process parses the others, and only what the comparison needs of
    it comes back (``compare.read_facts``: a tenth of the time a parsed draft takes to pickle; its
    ``source`` too when asked for); a copy that fails (a file that cannot be read, say) leaves it to
    this process, which says what is wrong."""
    if pool is None or not pool.copies or paths[-1] == STDIN:
        return [load(path, lenient=True) for path in paths]
    last = pool.map(read_facts_with_source if source else read_facts, [paths[-1]])
    # (the others' facts made while the copy is still at work: they are all the comparison needs)
    docs: list[Draft] = [facts(load(path, lenient=True), source) for path in paths[:-1]]
    found = last()[0]
    report(found.warnings)
    return [*docs, found]


def _what(comparison, fmt: str) -> str:
    """What the written comparison holds, in one line."""
    step = comparison.overall
    counts = step.counts()
    changed = sum(counts.get(status, 0) for status in ("modified", "moved", "split", "merged"))
    kind = "redline" if fmt == "docx" else f"comparison ({fmt})"
    drafts = f" of {len(comparison.drafts)} drafts" if len(comparison.drafts) > 2 else ""
    return (f"{kind}{drafts}, {step.old.paragraphs} -> {step.new.paragraphs} paragraphs: {changed} changed, "
            f"{counts.get('added', 0)} added, {counts.get('deleted', 0)} deleted")


def _fingerprint(docs: list[Draft]) -> str:
    """Eight hex digits of a SHA-256 over the drafts' text, in order (which comparison a copy is)."""
    import hashlib  # (only the HTML is stamped: 3 ms of start-up for the other formats)

    digest = hashlib.sha256()
    for doc in docs:
        if doc.source is None:  # a programming error: ``_load`` keeps the sources for the HTML
            raise TypeError(f"{doc.info.path}: its facts were read without the source")
        digest.update(doc.source.encode("utf-8") + b"\0")
    return digest.hexdigest()[:8]
