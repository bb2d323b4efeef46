"""`amendtool consolidate DRAFT AMENDMENTS... --accept IDS --rest bracket|drop -o NEXT`: the next revision."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePath

import click

from amendtool.amend import load_amendments
from amendtool.cli import leave_to_exit
from amendtool.cli.app import (
    Output,
    handle_errors,
    lenient_option,
    load,
    plural,
    quiet_option,
    refuse_clashes,
    report,
    report_left_out,
    text_output,
    write_outputs,
)
from amendtool.consolidate import concordance_bytes
from amendtool.consolidate import consolidate as make_next
from amendtool.draft.parser import detect_format
from amendtool.errors import SelectionError
from amendtool.fileio import read_bytes
from amendtool.render import REVISION_AUTHOR

DEFAULT_AUTHOR = REVISION_AUTHOR
"""``--author``'s default, from ``amendtool.render`` (the Word and Akoma Ntoso writers are imported only
for their outputs: a tenth of a second of start-up)."""
OPTIONS = {"accept": "--accept", "rest": "--rest"}
"""The library's arguments as this command's options, for the diagnostics that name them."""


def concordance_format(path: str | None) -> None:
    """The concordance is CSV (.csv, or no extension) or JSON (.json): another extension is a usage
    error (it wrote CSV into c.xlsx)."""
    if not path:
        return
    ext = PurePath(path).suffix.lower()
    if ext not in ("", ".csv", ".json"):
        raise click.BadParameter(f"the concordance is written as CSV (.csv) or JSON (.json), not {ext}",
                                 param_hint="--concordance")


def _zero_labels(rows) -> None:
    """Say why a new paragraph before the first of its series is numbered 0 (issue 9, finding 10)."""
    for r in rows:
        if r.status == "new" and ZERO.search(r.new):
            click.echo(f"note: the new paragraph {r.new} ({' '.join(r.operations)}) stands before the first of its "
                       f"series and is numbered 0 (as a new PP0), so that every other paragraph keeps its number; "
                       "--renumber numbers the revision afresh from 1", err=True)


ZERO = re.compile(r"(?:^|\D)0\)?$")
"""A reference numbered 0: ``0``, ``Pp0``, ``Article 4.0``, ``2.1(0)``."""


@click.command()
@click.argument("draft", type=click.Path(dir_okay=False))
@click.argument("amendments", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--accept", multiple=True, metavar="IDS",
              help="Operations to apply: ids and globs, comma-separated, repeatable (EU-1,G77-*).")
@click.option("--rest", type=click.Choice(["bracket", "drop"]), default="bracket", show_default=True,
              help="What becomes of the proposals not accepted: negotiation brackets, or nothing.")
@click.option("--renumber", is_flag=True, help="Number every paragraph afresh (else new ones are bis, ter ...).")
@click.option("--concordance", "concordance_path", type=click.Path(dir_okay=False),
              help="Write the old -> new table here (.csv, or .json).")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False),
              help="The next revision (.xml: Akoma Ntoso; .docx: a Word document; else text in DRAFT's layout).")
@click.option("--tracked", is_flag=True,
              help="docx: the accepted changes as tracked changes by the delegations that proposed them.")
@click.option("--author", default=DEFAULT_AUTHOR, show_default=True,
              help="docx --tracked: the author of the changes that are no delegation's (renumbering).")
@lenient_option
@quiet_option
@handle_errors
def consolidate(draft, amendments, accept, rest, renumber, concordance_path, output, tracked, author, lenient,
                quiet):
    """The next revision of DRAFT: the accepted proposals of AMENDMENTS applied, the rest in
    brackets (--rest bracket) or left out (--rest drop), in DRAFT's own layout.

    Accepting two proposals that overlap is an error naming both.

    -o NEXT.docx writes a Word document: a .docx DRAFT's own styles, numbering, headers and footers
    kept, new paragraphs in the style of their neighbours; otherwise a UN draft's layout with page
    numbers. --tracked writes the changes as tracked changes by the delegations that proposed them.
    """
    docx = output.lower().endswith(".docx")
    if tracked and not docx:
        raise click.UsageError("--tracked writes tracked changes into a Word document: give -o NEXT.docx")
    inputs = [("the draft", draft), *(("an amendment file", a) for a in amendments)]
    refuse_clashes([("-o", output), ("--concordance", concordance_path)], inputs)
    text_output(output, "the next revision", ".txt or .md (or .xml for Akoma Ntoso, .docx for Word)",
                allowed=(".xml", ".docx"))
    concordance_format(concordance_path)
    doc = load(draft, lenient)
    files = load_amendments(doc, amendments)
    for f in files:
        report(f.warnings)
    try:
        result = make_next(doc, files, accept=accept, rest=rest, renumber=renumber, lenient=lenient)
    except SelectionError as exc:
        raise SelectionError([replace(d, path=OPTIONS.get(d.path, d.path)) for d in exc.diagnostics]) from None
    table = concordance_bytes(result.concordance, concordance_path) if concordance_path else None
    report(result.notes)
    report_left_out(result.left_out, {"not-accepted": "not accepted (--rest drop)"})
    if not renumber:
        _zero_labels(result.concordance)
    paragraphs = len(result.document.paragraphs)
    if detect_format(output) == "akn":  # the next revision as Akoma Ntoso (docs/akn.md)
        from amendtool.akn.write import draft_xml

        data = draft_xml(replace(result.document, path=output), files)
    elif docx:
        from amendtool.render.revision import render_revision

        source = read_bytes(draft) if doc.format == "docx" else None
        data = render_revision(result, doc, files, source=source, tracked=tracked, author=author)
    else:
        data = result.encoded()
    outputs = [Output("-o", output, data,
                      f"{plural(paragraphs, 'paragraph')}, {plural(len(result.accepted), 'operation')} applied, "
                      f"{plural(len(result.open), 'place')} in brackets, "
                      f"{plural(len(result.dropped), 'proposal')} left out")]
    if table is not None:
        outputs.append(Output("--concordance", concordance_path, table,
                              f"concordance, {plural(len(result.concordance), 'row')}"))
    write_outputs(outputs, inputs, quiet)
    leave_to_exit(doc, files, result, data)  # the process ends without freeing them one by one
