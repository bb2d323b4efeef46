"""The command line: the click group (``app``) and one module per command, each a few lines over a
library function."""

from amendtool.cli import (  # noqa: F401  (registers the commands)
    akn,
    check,
    compile,
    consolidate,
    diff,
    help,
    propose,
    serve,
    show,
    template,
)
from amendtool.cli.app import cli, main

__all__ = ["cli", "main"]
