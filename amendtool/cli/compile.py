"""`amendtool compile DRAFT [AMENDMENTS...]`: the compilation text (amendtool.compile, amendtool.render)."""

from __future__ import annotations

import sys

import click

from amendtool.amend import load_amendments
from amendtool.cli.app import (
    Output,
    cli,
    handle_errors,
    lenient_option,
    load,
    output_format,
    plural,
    quiet_option,
    refuse_clashes,
    report,
    report_left_out,
    write_outputs,
)
from amendtool.compile import compile_drafts
from amendtool.errors import SelectionError
from amendtool.render import render_compilation
from amendtool.render.compilation import FORMATS


@cli.command(name="compile")
@click.argument("draft", type=click.Path(dir_okay=False))
@click.argument("amendments", nargs=-1, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (format by its extension).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Output format (default: by the extension of -o, else txt).")
@click.option("--anonymous", is_flag=True, help="Hide who proposed what.")
@click.option("--only", metavar="CODES", help="Show only these delegations' proposals, e.g. --only EU,US.")
@lenient_option
@quiet_option
@handle_errors
def compile_(draft, amendments, output, fmt, anonymous, only, lenient, quiet):
    """Compile AMENDMENTS (amendment files, in this order) into DRAFT: every proposal in place, attributed.

    Identical proposals are merged, competing ones shown as alternatives (Alt 1, Alt 2 ...), new
    paragraphs placed where proposed; a summary counts proposals per delegation and per paragraph.
    A file with any error stops the command: nothing is written.
    """
    fmt = output_format(output, fmt, FORMATS)
    inputs = [("the draft", draft), *(("an amendment file", a) for a in amendments)]
    refuse_clashes([("-o", output)], inputs)
    doc = load(draft, lenient)
    files = load_amendments(doc, amendments)
    for f in files:
        report(f.warnings)
    try:
        compilation = compile_drafts(doc, files, anonymous=anonymous, only=only)
    except SelectionError as exc:
        raise click.BadParameter(exc.diagnostics[0].message, param_hint="--only") from None
    report_left_out(compilation.left_out, {"not-selected": f"not shown (--only {only})"})
    data = render_compilation(compilation, fmt)
    if output:
        what = (f"compilation ({fmt}) of {plural(len(files), 'amendment file')}, "
                f"{plural(compilation.summary.proposals, 'proposal')}")
        write_outputs([Output("-o", output, data, what)], inputs, quiet)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
