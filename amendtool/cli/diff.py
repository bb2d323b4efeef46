"""`amendtool diff`: compare drafts paragraph by paragraph (``compare.py``, ``render_diff.py``)."""

from __future__ import annotations

import os

import click

from amendtool.cli.app import cli, handle_errors, lenient_option, load
from amendtool.errors import SelectionError
from amendtool.fileio import write_atomic
from amendtool.render.diff.text import FORMATS, format_for, render


@cli.command()
@click.argument("drafts", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (format by its extension).")
@click.option("--format", "fmt", type=click.Choice(FORMATS), help="Output format (default: by the extension of -o, else txt).")
@click.option("--color/--no-color", default=None, help="Colour the terminal view (default: when writing to a terminal and NO_COLOR is unset).")
@lenient_option
@handle_errors
def diff(drafts, output, fmt, color, lenient):
    """Compare OLD with NEW (and further drafts, each with the next).

    Paragraphs are aligned by content (renumbered, moved, split, merged, added, deleted), then
    compared word by word; the report gives the concordance (old -> new references) and how many
    bracket groups were closed and opened. With more than two drafts it adds each paragraph's
    history. Drafts are compared as published: unbalanced brackets are warnings (--lenient is
    always on for diff).
    """
    if len(drafts) < 2:
        raise click.UsageError("diff needs at least two drafts: OLD NEW [MORE...]")
    from amendtool.diff.compare import compare

    try:
        fmt = format_for(output, fmt)
    except SelectionError as exc:  # a wrong -o is wrong command-line usage: exit 2
        raise click.BadParameter(exc.diagnostics[0].headline().split(": ", 1)[1], param_hint="-o") from None
    docs = [load(path, lenient=True) for path in drafts]
    comparison = compare(*docs)
    if output:
        text = render(comparison, fmt)
        try:
            write_atomic(output, text)
        except OSError as exc:  # name the file the user gave, not the temporary one
            raise OSError(exc.errno, exc.strerror, output) from None
        return
    if color is None:
        color = fmt == "txt" and not os.environ.get("NO_COLOR") and click.get_text_stream("stdout").isatty()
    click.echo(render(comparison, fmt, color=color), nl=False, color=color if fmt == "txt" else None)
