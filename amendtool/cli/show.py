"""`amendtool show` and `amendtool brackets`: the draft's outline and its bracket groups."""

from __future__ import annotations

import json

import click

from amendtool.cli.app import handle_errors, lenient_option, load
from amendtool.draft.outline import brackets_data, brackets_text, outline, outline_text


@click.command()
@click.argument("draft", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the outline as JSON.")
@lenient_option
@handle_errors
def show(draft, as_json, lenient):
    """Outline of DRAFT: references, headings, bracket groups per paragraph."""
    doc = load(draft, lenient)
    if as_json:
        click.echo(json.dumps(outline(doc), ensure_ascii=False, indent=2))
    else:
        click.echo(outline_text(doc), nl=False)


@click.command()
@click.argument("draft", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the bracket groups as JSON.")
@lenient_option
@handle_errors
def brackets(draft, as_json, lenient):
    """Every bracket group of DRAFT with its reference and alternatives."""
    doc = load(draft, lenient)
    if as_json:
        click.echo(json.dumps(brackets_data(doc), ensure_ascii=False, indent=2))
    else:
        click.echo(brackets_text(doc), nl=False)
