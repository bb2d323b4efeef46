"""`amendtool propose --by CODE DRAFT EDITED [-o FILE]`: an amendment file from an edited copy."""

from __future__ import annotations

import click

from amendtool.cli.app import cli, handle_errors, lenient_option, load, report
from amendtool.diff.propose import propose as make_proposal
from amendtool.fileio import write_atomic


@cli.command()
@click.option("--by", "by", required=True, metavar="CODE", help="The proposing delegation's code (EU, G77 ...).")
@click.argument("draft", type=click.Path(dir_okay=False))
@click.argument("edited", type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the amendment file here (default: standard output).")
@lenient_option
@handle_errors
def propose(by, draft, edited, output, lenient):
    """The amendment file whose operations turn DRAFT into EDITED (an edited copy of the draft).

    Words and phrases, whole new, deleted and moved paragraphs; the edited copy may be renumbered.
    `check`, `compile` and `consolidate` read the file as written.
    """
    doc = load(draft, lenient)
    new = load(edited, lenient)
    result = make_proposal(doc, new, by)
    report(result.notes)
    if output:
        write_atomic(output, result.text)
        n = len(result.operations)
        click.echo(f"wrote {output}: {n} operation{'s' if n != 1 else ''} by {by}")
    else:
        click.echo(result.text, nl=False)
