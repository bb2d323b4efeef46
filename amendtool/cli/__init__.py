"""The command line: the click group (``cli``), ``main``, and one module per command, each a few lines
over a library function (helpers shared by the commands in ``app.py``).

A command's module is imported when the command runs (or its own help is asked for): ``amendtool
--help`` names every command from ``COMMANDS`` without loading the library, and ``amendtool check``
loads the parser and the resolver, not the renderers. A new command is a module with a
``@click.command`` and a line in ``COMMANDS``.

Signals: Ctrl-C (SIGINT), SIGTERM and SIGHUP stop the command through the normal exit path, so that
an output being written is abandoned without a trace (``fileio.write_atomic``), and exit with
128 + the signal's number (130 for Ctrl-C), as shells expect.
"""

from __future__ import annotations

import gc
import importlib
import os
import signal
import sys
from dataclasses import dataclass
from typing import NoReturn

import click


@dataclass(frozen=True, slots=True)
class CommandEntry:
    """Where a command is defined, and the first paragraph of its help (what ``--help`` lists)."""

    module: str
    function: str
    summary: str


COMMANDS = {
    "add-facilitator": CommandEntry(
        "serve", "add_facilitator",
        "Create a facilitator account for the portal (or set a new password for it).",
    ),
    "akn": CommandEntry(
        "akn", "akn",
        "DRAFT and AMENDMENTS as Akoma Ntoso 3.0 (OASIS LegalDocML), or --validate AKN files.",
    ),
    "brackets": CommandEntry(
        "show", "brackets",
        "Every bracket group of DRAFT with its reference and alternatives.",
    ),
    "check": CommandEntry(
        "check", "check",
        "Check AMENDMENTS (amendment files) against DRAFT: every error of every file, with the nearest fix.",
    ),
    "compile": CommandEntry(
        "compile", "compile_",
        "Compile AMENDMENTS (amendment files, in this order) into DRAFT: every proposal in place, attributed.",
    ),
    "consolidate": CommandEntry(
        "consolidate", "consolidate",
        "The next revision of DRAFT: the accepted proposals of AMENDMENTS applied, the rest in brackets "
        "(--rest bracket) or left out (--rest drop), in DRAFT's own layout.",
    ),
    "diff": CommandEntry(
        "diff", "diff",
        "Compare OLD with NEW (and further drafts, each with the next).",
    ),
    "help": CommandEntry(
        "help", "help_",
        "Explain a TOPIC (amendments: the amendment file format, with an example of every operation) or a "
        "command (help compile is compile --help).",
    ),
    "parallel": CommandEntry(
        "parallel", "parallel",
        "Language versions of one document side by side: EN FR ES RU ZH AR ...",
    ),
    "propose": CommandEntry(
        "propose", "propose",
        "The amendment file whose operations turn DRAFT into EDITED (an edited copy of the draft).",
    ),
    "serve": CommandEntry(
        "serve", "serve",
        "The negotiation portal: delegations write, check and submit amendment files in a browser; "
        "facilitators watch the compilation build itself, accept proposals and publish revisions.",
    ),
    "show": CommandEntry(
        "show", "show",
        "Outline of DRAFT: references, headings, bracket groups per paragraph.",
    ),
    "template": CommandEntry(
        "template", "template",
        "A starter amendment file for DRAFT: the header filled in (the delegation, its name, the draft's "
        "name, today's date) and, commented out, an example of every operation on DRAFT's own paragraphs.",
    ),
    "uptake": CommandEntry(
        "uptake", "uptake",
        "Where did each proposal of AMENDMENTS on DRAFT go in NEXT, the revision issued?",
    ),
}
"""Every command by name: its module in this package, the function, and its help's first paragraph
(a test checks it is the command's own)."""


class LazyGroup(click.Group):
    """A group whose commands are imported when one runs; listing them loads none."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is None:
            return None
        if cmd_name not in self.commands:
            module = importlib.import_module(f"{__name__}.{entry.module}")
            self.add_command(getattr(module, entry.function), cmd_name)
        return self.commands[cmd_name]

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands with their summaries, as click lists them, from ``COMMANDS``."""
        limit = formatter.width - 6 - max(len(name) for name in COMMANDS)
        rows = [(name, click.Command(name, help=entry.summary).get_short_help_str(limit))
                for name, entry in sorted(COMMANDS.items())]
        with formatter.section("Commands"):
            formatter.write_dl(rows)
@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="amendtool")
def cli():
    """amendtool: negotiation texts as data.

    Parse drafts, check amendment files from delegations, compile them into a compilation text,
    consolidate the next revision, and compare drafts paragraph by paragraph.

    New to amendment files? 'amendtool help amendments' explains the format with an example of
    every operation; 'amendtool template DRAFT --by EU -o eu.amend' starts a file for a draft, with
    examples on its own paragraphs.
    """


class Interrupted(BaseException):
    """A signal asked the program to stop (not an ``Exception``: nothing may swallow it)."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _interrupt(signum, frame):
    raise Interrupted(signum)


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


def install_signal_handlers() -> None:
    """Turn the stop signals into ``Interrupted`` (click would turn Ctrl-C into exit status 1).
    A signal the caller ignores (``nohup``, a background job) stays ignored."""
    for signum in STOP_SIGNALS:
        if signal.getsignal(signum) is not signal.SIG_IGN:
            signal.signal(signum, _interrupt)


GC_THRESHOLDS = (50_000, 20, 100)
"""A command is one short process over large object trees (a parsed draft holds a million objects):
the cyclic collector runs every 50,000 allocations, not Python's 700, which spent about 15% of the
CPU of a diff of two 6,000-paragraph drafts scanning the same trees again (the memory is the same:
the trees live to the end anyway)."""


def main():
    gc.set_threshold(*GC_THRESHOLDS)
    install_signal_handlers()
    try:
        cli(prog_name="amendtool")
    except Interrupted as exc:
        name = signal.Signals(exc.signum).name
        click.echo(f"amendtool: stopped by {'Ctrl-C' if name == 'SIGINT' else name}", err=True)
        sys.exit(128 + exc.signum)
    finally:
        # The process ends here: what the command left (a parsed draft's cycles) is frozen, so that the
        # collection at interpreter exit does not walk it (30 ms of a diff of two 6,000-paragraph drafts).
        gc.freeze()


_left: list[object] | None = None
"""What the command left to the end of the process (``leave_to_exit``): a list while ``run`` runs."""


def leave_to_exit(*objects: object) -> None:
    """Leave ``objects`` (a command's parsed drafts and results, once its output is written) to the end
    of the process: run as a program (``run``), it then ends without freeing them one by one; called
    otherwise (``main`` from Python, ``cli`` in tests) nothing changes and they are freed as ever."""
    if _left is not None:
        _left.extend(objects)


def run() -> NoReturn:
    """The program (``python -m amendtool``, the ``amendtool`` script): ``main``; then, if the command
    left objects to the end of the process (``leave_to_exit``) and the exit status is a number, the
    standard streams are flushed and the process ends at once (``os._exit``): the system takes the
    memory back whole instead of Python freeing the objects one by one (a million for two parsed
    6,000-paragraph drafts: 20 ms of a diff's 1.2 s). A command that leaves nothing, an exit with a
    message, or a stream that cannot be flushed (a closed pipe) ends the usual way."""
    global _left
    _left = []
    try:
        main()
    except SystemExit as exc:
        if _left and (exc.code is None or isinstance(exc.code, int)):
            try:
                for stream in (sys.stdout, sys.stderr):
                    if stream is not None:
                        stream.flush()
            except (OSError, ValueError):
                raise exc from None
            os._exit(exc.code or 0)
        raise
    raise SystemExit(0)  # (main always exits; for the type checker)


__all__ = ["COMMANDS", "cli", "leave_to_exit", "main", "run"]
