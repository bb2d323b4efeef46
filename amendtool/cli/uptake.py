"""`amendtool uptake DRAFT NEXT AMENDMENTS...`: where each proposal went in the revision issued
(amendtool.uptake: the trace and its report)."""

from __future__ import annotations

import click

from amendtool.amend import load_amendments
from amendtool.cli.app import (
    Output,
    handle_errors,
    lenient_option,
    load,
    output_format,
    plural,
    quiet_option,
    refuse_clashes,
    report,
    write_outputs,
)
from amendtool.uptake import FORMATS, render_uptake
from amendtool.uptake import uptake as trace_uptake


@click.command()
@click.argument("draft", type=click.Path(dir_okay=False))
@click.argument("next_", metavar="NEXT", type=click.Path(dir_okay=False))
@click.argument("amendments", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Write the report to this file (.html, .json, .csv or .txt).")
@click.option("--format", "fmt", type=click.Choice(FORMATS),
              help="Report format (default: by the extension of -o, else txt).")
@lenient_option
@quiet_option
@handle_errors
def uptake(draft, next_, amendments, output, fmt, lenient, quiet):
    """Where did each proposal of AMENDMENTS on DRAFT go in NEXT, the revision issued?

    NEXT may be written by hand, renumbered and reordered: paragraphs are found again by content. Each
    proposal is taken as proposed, taken in part (the words that made it are listed), taken in
    substance elsewhere, still open (bracketed in NEXT), not taken, or overtaken (its paragraph is
    gone), with NEXT's own words as evidence; per delegation, how many of its proposals were taken.
    NEXT is read as published (an unbalanced bracket is a warning).
    """
    fmt = output_format(output, fmt, FORMATS)
    inputs = [("the draft", draft), ("the revision issued", next_),
              *(("an amendment file", a) for a in amendments)]
    refuse_clashes([("-o", output)], inputs)
    doc = load(draft, lenient)
    nxt = load(next_, lenient=True)
    files = load_amendments(doc, amendments)
    for f in files:
        report(f.warnings)
    result = trace_uptake(doc, nxt, files)
    data = render_uptake(result, fmt)
    if output:
        made = sum(d.made_it for d in result.delegations)
        what = f"uptake report ({fmt}): {plural(len(result.traces), 'proposal')}, {made} taken"
        write_outputs([Output("-o", output, data, what)], inputs, quiet)
    else:
        click.echo(data, nl=False)
