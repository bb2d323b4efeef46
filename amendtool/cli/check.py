"""`amendtool check DRAFT AMENDMENTS...`: validate amendment files against a draft before sending them."""

from __future__ import annotations

import click

from amendtool.amend.resolve import check_amendments
from amendtool.cli.app import ProblemsFound, handle_errors, lenient_option, load, report


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


@click.command()
@click.argument("draft", type=click.Path(dir_okay=False))
@click.argument("amendments", nargs=-1, required=True, type=click.Path(dir_okay=False))
@lenient_option
@handle_errors
def check(draft, amendments, lenient):
    """Check AMENDMENTS (amendment files) against DRAFT: every error of every file, with the nearest fix.

    Exits 0 when every operation applies (warnings are shown but do not fail), 1 otherwise.
    """
    doc = load(draft, lenient)
    result = check_amendments(doc, amendments)
    report(result.diagnostics)
    if result.errors:
        # the summary line says which files have errors and which apply (it said nothing)
        errors: dict[str, int] = {}
        for d in result.errors:
            errors[d.path] = errors.get(d.path, 0) + 1
        bad = [f"{path} has {_plural(n, 'error')}" for path, n in errors.items()]
        good = [str(a) for a in amendments if str(a) not in errors]
        if good:
            apply = f"; {', '.join(good)} {'applies' if len(good) == 1 else 'apply'}"
        else:
            apply = "" if len(amendments) == 1 else "; none applies"
        click.echo(f"{_plural(len(amendments), 'file')}: {', '.join(bad)}{apply}", err=True)
        raise ProblemsFound()
    click.echo(
        f"{_plural(len(amendments), 'file')}, {_plural(result.operation_count, 'operation')}, all apply"
    )
