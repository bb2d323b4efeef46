"""The command line: the click group (``app``) and one module per command, each a few lines over a
library function."""

from amendtool.cli import akn, check, compile, consolidate, diff, propose, show  # noqa: F401  (registers the commands)
from amendtool.cli.app import cli, main

__all__ = ["cli", "main"]
