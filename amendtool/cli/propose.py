"""`amendtool propose`: amendment files from an edited copy of the draft, or from a Word copy's
tracked changes (one file per delegation)."""

from __future__ import annotations

from pathlib import Path

import click

from amendtool.cli import leave_to_exit
from amendtool.cli.app import (
    Output,
    amendment_output,
    cores,
    handle_errors,
    iso_date,
    lenient_option,
    load,
    pool_workers,
    quiet_option,
    refuse_clashes,
    report,
    today,
    write_outputs,
)
from amendtool.diff.proposal import ProposedAmendments
from amendtool.diff.proposal import propose as make_proposal
from amendtool.diff.tracked import (
    author_codes,
    authors,
    parse_author_code,
    propose_copy,
    propose_tracked,
    read_author_map,
)
from amendtool.diff.worddiff import DiffPool
from amendtool.docx.reader import WordDocument
from amendtool.draft.model import paused_gc
from amendtool.fileio import read_bytes, read_text


def _count(n: int) -> str:
    return f"{n} operation{'s' if n != 1 else ''}"


def _write_one(result: ProposedAmendments, output: str | None, inputs: list[tuple[str, str]], quiet: bool) -> None:
    report(result.notes)
    if output:
        write_outputs([Output("-o", output, result.text, f"{_count(len(result.operations))} by {result.by}")],
                      inputs, quiet)
    else:
        click.echo(result.text, nl=False)


def _mapping(items: tuple[str, ...], mapping_file: str | None) -> dict[str, str]:
    mapping = read_author_map(read_text(mapping_file)[0], mapping_file) if mapping_file else {}
    for item in items:
        try:
            name, code = parse_author_code(item)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--author") from None
        mapping[name] = code
    return mapping


@click.command()
@click.argument("files", nargs=-1, required=True, metavar="[DRAFT] EDITED", type=click.Path(dir_okay=False))
@click.option("--by", "by", metavar="CODE",
              help="The proposing delegation's code (EU, G77 ...): every change goes to one file.")
@click.option("-o", "--output", type=click.Path(),
              help="The amendment file (default: standard output); for a Word copy with tracked changes and no "
                   "--by, the folder that receives one file per delegation.")
@click.option("--author", "author_items", multiple=True, metavar="'NAME=CODE'",
              help="The delegation of a tracked changes' author (repeatable): --author 'Jane Doe=EU'.")
@click.option("--authors", "authors_file", type=click.Path(dir_okay=False), metavar="FILE",
              help="A file of 'Name = CODE' lines mapping authors to delegations.")
@click.option("--date", callback=iso_date, metavar="YYYY-MM-DD", help="The file's date: header (default: today).")
@lenient_option
@quiet_option
@handle_errors
def propose(files, by, output, author_items, authors_file, date, lenient, quiet):
    """The amendment file whose operations turn DRAFT into EDITED (an edited copy of the draft).

    Words and phrases, whole new, deleted and moved paragraphs; the edited copy may be renumbered.
    `check`, `compile` and `consolidate` read the file as written.

    A Word copy (.docx) may hold tracked changes and comments by several people: without --by, each
    delegation gets its own file in the folder -o FOLDER (CODE.amend), its changes accepted and the
    others' rejected, its comments as `comment` operations. Authors are mapped to delegations with
    --author 'Jane Doe=EU' or --authors FILE; an author named like a code (EU, G77) stands for itself.
    Without DRAFT, the base is the copy with all its changes rejected. Changes of numbering alone are
    not proposals.
    """
    if len(files) > 2:
        raise click.UsageError("propose takes [DRAFT] EDITED: at most two files")
    edited_path = files[-1]
    inputs = [("the draft" if k == 0 and len(files) == 2 else "the edited copy", path) for k, path in enumerate(files)]
    if authors_file:
        inputs.append(("the --authors file", authors_file))
    if by or not edited_path.lower().endswith(".docx"):  # one file, not a folder of them
        amendment_output(output)
    refuse_clashes([("-o", output)], inputs)
    if not edited_path.lower().endswith(".docx"):
        if len(files) < 2:
            raise click.UsageError(
                "propose needs DRAFT and EDITED (only a Word copy's tracked changes can stand alone)")
        if not by:
            raise click.UsageError("--by CODE is required: whose proposals are these?")
        # copies for the word diffs made now, while the process is small (as diff does: worddiff.DiffPool)
        with DiffPool(pool_workers(files)) as pool, paused_gc():
            doc, edited = load(files[0], lenient), load(edited_path, lenient)
            proposal = make_proposal(doc, edited, by, date=date or today(), workers=cores(), pool=pool)
        _write_one(proposal, output, inputs, quiet)
        leave_to_exit(doc, edited, proposal)  # the process ends without freeing them one by one
        return
    doc = load(files[0], lenient) if len(files) == 2 else None
    word = WordDocument(read_bytes(edited_path), edited_path)
    found = authors(word)
    if by:
        if author_items or authors_file:
            raise click.UsageError("--author and --authors map authors to files of their own; with --by every "
                                   "change goes to one file")
        _write_one(propose_copy(word, by, draft=doc, lenient=lenient, date=date or today()), output, inputs, quiet)
        return
    if not found:
        raise click.UsageError(f"{edited_path} has no tracked changes or comments: give --by CODE to propose "
                               "its differences from DRAFT")
    if not output:
        raise click.UsageError("give -o FOLDER: one amendment file per delegation is written there "
                               "(or --by CODE for one file)")
    folder = Path(output)
    if folder.exists() and not folder.is_dir():
        raise click.UsageError(f"-o {output} is a file; give a folder for one amendment file per delegation")
    codes = author_codes(found, _mapping(author_items, authors_file), edited_path)
    result = propose_tracked(word, codes, draft=doc, lenient=lenient, date=date or today())
    report(result.notes)
    folder.mkdir(parents=True, exist_ok=True)
    write_outputs([Output("-o", str(folder / f"{f.by}.amend"), f.text, f"{_count(len(f.operations))} by {f.by}")
                   for f in result.files], inputs, quiet)
