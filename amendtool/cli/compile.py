"""`amendtool compile DRAFT [AMENDMENTS...]`: the compilation text (amendtool.compile, amendtool.render)."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import PurePath

import click

from amendtool.amend import AmendmentFile, InvalidFile, load_valid_amendments
from amendtool.cli import leave_to_exit
from amendtool.cli.app import (
    Output,
    ProblemsFound,
    date_option,
    handle_errors,
    lenient_option,
    load,
    output_format,
    plural,
    quiet_option,
    refuse_clashes,
    report,
    report_left_out,
    today,
    write_outputs,
)
from amendtool.compile import SkippedFile, compile_drafts
from amendtool.draft import Document
from amendtool.errors import Diagnostic, SelectionError
from amendtool.render import render_compilation
from amendtool.render.compilation import FORMATS


@click.command(name="compile")
@click.argument("draft", type=click.Path(dir_okay=False))
@click.argument("amendments", nargs=-1, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (format by its extension).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Output format (default: by the extension of -o, else txt).")
@click.option("--anonymous", is_flag=True, help="Hide who proposed what.")
@click.option("--only", metavar="CODES", help="Show only these delegations' proposals, e.g. --only EU,US.")
@click.option("--changed-only", is_flag=True,
              help="Only the paragraphs with proposals, comments or brackets, under their headings (for the room).")
@click.option("--skip-invalid", is_flag=True,
              help="Compile the files that apply and leave out those with errors (named on the first page; exit 1).")
@date_option
@lenient_option
@quiet_option
@handle_errors
def compile_(draft, amendments, output, fmt, anonymous, only, changed_only, skip_invalid, date, lenient, quiet):
    """Compile AMENDMENTS (amendment files, in this order) into DRAFT: every proposal in place, attributed.

    Identical proposals are merged, competing ones shown as alternatives (Alt 1, Alt 2 ...), new
    paragraphs placed where proposed; a summary counts proposals per delegation and per paragraph.
    A file with any error stops the command and nothing is written, unless --skip-invalid: then the
    other files are compiled, the compilation names the files left out on its first page, and the
    exit status is 1. With --only, a file with errors from a delegation not shown is left out.
    """
    fmt = output_format(output, fmt, FORMATS)
    inputs = [("the draft", draft), *(("an amendment file", a) for a in amendments)]
    refuse_clashes([("-o", output)], inputs)
    doc = load(draft, lenient)
    files, skipped = _valid_files(doc, amendments, only, skip_invalid)
    if skipped and only:  # the codes --only names among the files compiled
        only = ",".join(c for c in only.split(",") if c.strip().upper() not in {k.by.upper() for k in skipped})
    try:
        compilation = compile_drafts(doc, files, anonymous=anonymous, only=only, skipped=skipped,
                                     changed_only=changed_only, issued=date or today())
    except SelectionError as exc:
        raise click.BadParameter(exc.diagnostics[0].message, param_hint="--only") from None
    report_left_out(compilation.left_out, {"not-selected": f"not shown (--only {only})"})
    data = render_compilation(compilation, fmt)
    if output:
        what = (f"compilation ({fmt}) of {plural(len(files), 'amendment file')}, "
                f"{plural(compilation.summary.proposals, 'proposal')}")
        if skipped:
            what += f", without {_names(skipped)}"
        write_outputs([Output("-o", output, data, what)], inputs, quiet)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    leave_to_exit(doc, files, compilation, data)  # the process ends without freeing them one by one
    if skipped:
        raise ProblemsFound()


def _valid_files(doc: Document, amendments: Sequence[str], only: str | None,
                 skip_invalid: bool) -> tuple[tuple[AmendmentFile, ...], list[SkippedFile]]:
    """The files to compile, and those left out for their errors (with --skip-invalid). Without it, a
    file with errors stops the command, saying that nothing was written and which files apply; a file
    with errors from a delegation --only does not show is left out either way."""
    valid = load_valid_amendments(doc, amendments)
    shown = {c.strip().upper() for c in only.split(",")} if only else None
    unseen = [k for k in valid.invalid if shown is not None and k.by and k.by.upper() not in shown]
    report(d for d in valid.diagnostics if d.path not in {k.path for k in unseen})
    for k in unseen:
        click.echo(f"left out: {k.path} ({k.by}): {plural(len(k.errors), 'error')}, and --only {only} "
                   f"does not show {k.by}", err=True)
    blocking = [k for k in valid.invalid if k not in unseen]
    if blocking and not skip_invalid:
        others = len(valid.files)
        them, it = ("it", "applies") if others == 1 else ("them", "apply")
        other = "the other file" if others == 1 else f"the other {plural(others, 'file')}"
        applying = (f"{other} ({', '.join(f.path for f in valid.files)}) {it}: "
                    f"--skip-invalid compiles {them} without {'it' if len(blocking) == 1 else 'them'}"
                    ) if others else "no file applies"
        have = ", ".join(f"{k.path} has {plural(len(k.errors), 'error')}" for k in blocking)
        click.echo(f"nothing was written: {have}; {applying}", err=True)
        raise ProblemsFound()
    for k in blocking:
        click.echo(f"left out: {k.path}{f' ({k.by})' if k.by else ''}: {plural(len(k.errors), 'error')}; "
                   "the compilation names it on its first page", err=True)
    printed = set(valid.diagnostics)
    for f in valid.files:  # warnings found once the broken files are out (a support of one of them)
        report(w for w in f.warnings if w not in printed)
    skipped = [SkippedFile(PurePath(k.path).name, k.by, len(k.errors), _first(k.errors[0])) for k in blocking]
    return valid.files, skipped


def _first(d: Diagnostic) -> str:
    where = f"{d.line}:{d.column}" if d.line and d.column else f"line {d.line}" if d.line else ""
    return f"{where}: {d.message}" if where else d.message


def _names(files: Sequence[SkippedFile | InvalidFile]) -> str:
    names = [f.path if isinstance(f, InvalidFile) else f.file for f in files]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
