"""The command line: a few lines per command over the library.

Library functions raise ``AmendtoolError``; ``main`` prints their diagnostics to standard error as
``file:line:column: message`` with the line and a caret, and exits 1. Usage errors exit 2: click's
own, and a ``SelectionError`` (an option naming ids, delegations or formats that do not exist).
"""

from __future__ import annotations

import functools
import sys

import click

from amendtool.errors import AmendtoolError, Diagnostic, SelectionError


class ProblemsFound(Exception):
    """Raised by a command that reported its problems itself and must exit 1."""


def report(diagnostics) -> None:
    for d in diagnostics:
        click.echo(d.format(), err=True)


def handle_errors(func):
    """Turn library errors into messages on standard error and exit status 1; never a traceback."""

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except SelectionError as exc:  # an option names ids, codes or formats that do not exist
            report(exc.diagnostics)
            sys.exit(2)
        except AmendtoolError as exc:
            report(exc.diagnostics)
            sys.exit(1)
        except ProblemsFound:
            sys.exit(1)
        except OSError as exc:  # writing an output file
            name = exc.filename or "output"
            click.echo(Diagnostic(f"cannot write: {exc.strerror or exc}", str(name)).format(), err=True)
            sys.exit(1)

    return wrapper


def lenient_option(func):
    return click.option(
        "--lenient",
        is_flag=True,
        help="Report an unbalanced bracket in the draft as a warning instead of an error.",
    )(func)


def load(path: str, lenient: bool = False):
    """Parse a draft for a command, printing its warnings."""
    from amendtool.draft.parser import load_draft

    doc = load_draft(path, lenient=lenient)
    report(doc.warnings)
    return doc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="amendtool")
def cli():
    """amendtool: negotiation texts as data.

    Parse drafts, check amendment files from delegations, compile them into a compilation text,
    consolidate the next revision, and compare drafts paragraph by paragraph.
    """


def main():
    cli(prog_name="amendtool")

