"""The command line: a few lines per command over the library.

Library functions raise ``AmendtoolError``; ``main`` prints their diagnostics to standard error as
``file:line:column: message`` with the line and a caret, and exits 1. Usage errors exit 2: click's
own, and a ``SelectionError`` (an option naming ids, delegations or formats that do not exist).

Signals: Ctrl-C (SIGINT), SIGTERM and SIGHUP stop the command through the normal exit path, so that
an output being written is abandoned without a trace (``fileio.write_atomic``), and exit with
128 + the signal's number (130 for Ctrl-C), as shells expect.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import os
import sys
from collections.abc import Sequence
from pathlib import PurePath
from typing import TYPE_CHECKING

import click

from amendtool.draft import load_draft
from amendtool.errors import AmendtoolError, Diagnostic, DraftSyntaxError, SelectionError
from amendtool.fileio import STDIN, same_file, write_all

if TYPE_CHECKING:
    from amendtool.compile import LeftOut  # the compilation: not imported by every command


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
            report(_as_option(exc))
            sys.exit(2)
        except AmendtoolError as exc:
            report(exc.diagnostics)
            sys.exit(1)
        except ProblemsFound:
            sys.exit(1)
        except OSError as exc:  # writing an output file (``write_outputs``: all or none)
            name = exc.filename or "output"
            click.echo(Diagnostic(f"cannot write: {exc.strerror or exc}", str(name),
                                  hint="nothing was written").format(), err=True)
            sys.exit(1)

    return wrapper


def _as_option(exc: SelectionError) -> list[Diagnostic]:
    """A selection error's diagnostics located at the option the user gave (``--accept: ...``)."""
    if exc.choice is None:
        return list(exc.diagnostics)
    return [dataclasses.replace(d, path=f"--{exc.choice}") for d in exc.diagnostics]


EXTENSIONS = {".html": "html", ".htm": "html", ".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md",
              ".json": "json", ".docx": "docx", ".csv": "csv"}
"""Output formats by file extension."""


def output_format(output: str | None, fmt: str | None, formats: Sequence[str], default: str = "txt") -> str:
    """The format a command writes: ``--format``, else the extension of ``-o``, else ``default``.

    Wrong usage (exit 2): an extension that names no format the command writes, or one that
    contradicts ``--format`` (text written into a file called .html)."""
    ext = PurePath(output).suffix.lower() if output else ""
    by_extension = EXTENSIONS.get(ext)
    if fmt:
        if by_extension and by_extension != fmt:
            raise click.BadParameter(
                f"the extension {ext!r} says {by_extension} but --format says {fmt}; "
                f"name the file .{fmt} or drop --format", param_hint="-o")
        return fmt
    if not output:
        return default
    if by_extension is not None and by_extension in formats:
        return by_extension
    raise click.BadParameter(
        f"cannot tell the output format from the extension {ext or '(none)'!r}; "
        f"use {', '.join('.' + f for f in formats)}, or give --format", param_hint="-o")


# ---------------------------------------------------------------------------------------------------
# Outputs: never over an input, all or none, and each one said


@dataclasses.dataclass(frozen=True, slots=True)
class Output:
    """A file a command writes."""

    option: str
    """The option that names it (``-o``, ``--concordance``), for messages."""
    path: str
    data: bytes | str
    what: str
    """What it holds, for the line that says it was written (``60 paragraphs, ...``)."""


def refuse_clashes(outputs: Sequence[tuple[str, str | None]], inputs: Sequence[tuple[str, str]]) -> None:
    """A usage error (exit 2) for an output that is one of the command's inputs (the same file, also
    through a symbolic or hard link) or another of its outputs: writing it would destroy the input or
    the other output. ``outputs`` are (option, path), ``inputs`` (what it is, path), e.g. ("the draft",
    "d.txt"). Call it before the work, and again (``write_outputs`` does) once every name is known."""
    given = [(option, path) for option, path in outputs if path and path != STDIN]
    for k, (option, path) in enumerate(given):
        for role, source in inputs:
            if same_file(path, source):
                through = "" if PurePath(path) == PurePath(source) else f" {source} (the same file through a link)"
                raise click.BadParameter(
                    f"{path} is {role}{through}, an input of this command: writing it would destroy it; "
                    "nothing was written, choose another file name", param_hint=option)
        for other_option, other in given[:k]:
            if same_file(path, other):
                raise click.BadParameter(
                    f"{path} is also the {other_option} file: one would overwrite the other; nothing was written",
                    param_hint=option)


def write_outputs(outputs: Sequence[Output], inputs: Sequence[tuple[str, str]], quiet: bool = False) -> None:
    """Write a command's outputs, all or none (``fileio.write_all``: a read-only file is refused, a
    symbolic link written through), after ``refuse_clashes``; then one line per file on standard
    output saying what it holds, unless ``quiet``."""
    refuse_clashes([(o.option, o.path) for o in outputs], inputs)
    write_all([(o.path, o.data) for o in outputs])
    if not quiet:
        for o in outputs:
            click.echo(f"wrote {o.path}: {o.what}")


def report_left_out(left_out: Sequence[LeftOut], words: dict[str, str] | None = None) -> None:
    """Name every operation left out, with why, on standard error: one line per reason, the ids in
    file order (``left out: EU-2, G77-1: not accepted (--rest drop)``). ``words`` replaces the
    library's wording of a reason by the command's (naming its options)."""
    lines: dict[str, list[str]] = {}
    for o in left_out:
        why = (words or {}).get(o.reason) or o.describe()
        lines.setdefault(why, []).append(o.id)
    for why, ids in lines.items():
        click.echo(f"left out: {id_runs(ids)}: {why}", err=True)


def id_runs(ids: Sequence[str]) -> str:
    """Operation ids with runs of one delegation's consecutive numbers shortened: ``EU-1 to EU-4,
    EU-6, G77-2``."""
    parts: list[str] = []
    run: list[tuple[str, int]] = []

    def flush() -> None:
        if len(run) > 2:
            parts.append(f"{run[0][0]}-{run[0][1]} to {run[-1][0]}-{run[-1][1]}")
        else:
            parts.extend(f"{code}-{n}" for code, n in run)
        run.clear()

    for i in ids:
        code, _, number = i.rpartition("-")
        if not number.isdigit():
            flush()
            parts.append(i)
            continue
        if run and (run[-1][0] != code or run[-1][1] + 1 != int(number)):
            flush()
        run.append((code, int(number)))
    flush()
    return ", ".join(parts)


def quiet_option(func):
    return click.option("-q", "--quiet", is_flag=True,
                        help="Do not say what was written (warnings and errors are still shown).")(func)


def plural(n: int, noun: str, many: str | None = None) -> str:
    """``1 file``, ``3 files``."""
    return f"{n} {noun}" if n == 1 else f"{n} {many or noun + 's'}"


OTHER_FORMATS = {".html": "HTML", ".htm": "HTML", ".docx": "Word", ".doc": "Word", ".odt": "OpenDocument",
                 ".rtf": "RTF", ".pdf": "PDF", ".json": "JSON", ".csv": "CSV", ".xlsx": "Excel", ".xls": "Excel",
                 ".xml": "XML", ".zip": "zip"}
"""Extensions that name a format other than text, for outputs that are text (an amendment file, a
draft): writing text into ``x.html`` or ``x.xlsx`` is a usage error."""


def text_output(output: str | None, what: str, name_it: str, option: str = "-o", allowed: Sequence[str] = ()) -> None:
    """A usage error when the extension of a text output (``what``: "an amendment file") names another
    format (``x.html``, ``x.xlsx``), unless ``allowed``; ``name_it`` says what to call it instead."""
    if not output:
        return
    ext = PurePath(output).suffix.lower()
    if ext in OTHER_FORMATS and ext not in allowed:
        raise click.BadParameter(f"{output} would hold {what} (plain text) under the extension of "
                                 f"{OTHER_FORMATS[ext]}; name it {name_it}", param_hint=option)


def amendment_output(output: str | None) -> None:
    """``-o`` of a command that writes an amendment file: .amend, .txt or no extension."""
    text_output(output, "an amendment file", ".amend or .txt")


def iso_date(_ctx, _param, value: str | None) -> str | None:
    """``--date``: a date written YYYY-MM-DD."""
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date such as 2015-10-19") from None


def cores() -> int:
    """The processors this process may run on, four at most: how many processes a command shares the
    paragraphs' word diffs with (``worddiff.word_diffs``; the library's default is one process)."""
    try:
        n = len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        n = os.cpu_count() or 1
    return min(n, 4)


POOL_BYTES = 150_000
"""Drafts (all together) from which a command makes copies of itself for the word diffs before
parsing them (``pool_workers``). A copy costs a few milliseconds and takes only the diffs it gets to
first (the command takes the rest: ``worddiff.DiffPool``); for ``diff`` it also parses the last
draft. So it pays from drafts of some hundred kilobytes: 0.02-0.03 s less for the Paris Agreement
drafts of 2015 (228-600 KB together), 7 ms for two of 168 KB (the Markdown drafts of 4 and 9
December: 185 -> 178 ms, medians of 21 runs), nothing either way for two of 110 KB."""


def pool_workers(paths: Sequence[str]) -> int:
    """How many processes a command's ``worddiff.DiffPool`` for these drafts should have: ``cores()``
    for drafts of ``POOL_BYTES`` or more together, else 1 (no copy). A draft read from standard input
    or not there counts 0 (``load`` says what is wrong with it)."""
    total = 0
    for path in paths:
        try:
            total += os.path.getsize(path)
        except OSError:
            pass
    return cores() if total >= POOL_BYTES else 1


def today() -> str:
    """Today's date, or the one ``SOURCE_DATE_EPOCH`` gives (reproducible outputs), as YYYY-MM-DD."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date().isoformat()
    return datetime.date.today().isoformat()


def date_option(func):
    return click.option("--date", callback=iso_date, metavar="YYYY-MM-DD",
                        help="The date printed on every page (default: today, or SOURCE_DATE_EPOCH).")(func)


def lenient_option(func):
    return click.option(
        "--lenient",
        is_flag=True,
        help="Report an unbalanced bracket in the draft as a warning instead of an error.",
    )(func)


def load(path: str, lenient: bool = False):
    """Parse a draft for a command, printing its warnings."""
    try:
        doc = load_draft(path, lenient=lenient)
    except DraftSyntaxError as exc:  # unbalanced brackets: name the option that reads the text as published
        raise DraftSyntaxError([
            dataclasses.replace(d, hint=f"{d.hint}, or run with --lenient to accept the text as published")
            for d in exc.diagnostics
        ]) from None
    report(doc.warnings)
    return doc
