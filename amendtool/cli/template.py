"""`amendtool template DRAFT --by EU [-o eu.amend]`: a starter amendment file for a draft."""

from __future__ import annotations

import click

from amendtool.amend.template import template as make_template
from amendtool.cli.app import (
    Output,
    amendment_output,
    handle_errors,
    iso_date,
    lenient_option,
    load,
    quiet_option,
    refuse_clashes,
    today,
    write_outputs,
)
from amendtool.diff.proposal import is_code


@click.command()
@click.argument("draft", type=click.Path(dir_okay=False))
@click.option("--by", "by", required=True, metavar="CODE", help="The delegation's code (EU, G77, JPN ...).")
@click.option("--name", default="", help="The delegation's full name (default: known for common codes).")
@click.option("--date", callback=iso_date, metavar="YYYY-MM-DD", help="The file's date (default: today).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="The amendment file (default: standard output).")
@lenient_option
@quiet_option
@handle_errors
def template(draft, by, name, date, output, lenient, quiet):
    """A starter amendment file for DRAFT: the header filled in (the delegation, its name, the draft's
    name, today's date) and, commented out, an example of every operation on DRAFT's own paragraphs.
    Take the "# " off an example to use it; amendtool help amendments explains them all."""
    if not is_code(by):
        raise click.BadParameter(f"{by!r} is not a delegation code such as EU, G77 or JPN", param_hint="--by")
    amendment_output(output)
    refuse_clashes([("-o", output)], [("the draft", draft)])
    doc = load(draft, lenient)
    text = make_template(doc, by, date or today(), name)
    if output:
        write_outputs([Output("-o", output, text, f"starter amendment file of {by} for {doc.path}")],
                      [("the draft", draft)], quiet)
    else:
        click.echo(text, nl=False)
