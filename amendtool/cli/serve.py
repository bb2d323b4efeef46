"""`amendtool serve` (the negotiation portal) and `amendtool add-facilitator` (its first account).

The portal needs the ``server`` extra (Django, waitress): it is imported only when one of these
commands runs, so the rest of the CLI works without it.
"""

from __future__ import annotations

import os
import sys

import click

_DATA = click.option("--data", "data", default="amendtool-data", show_default=True, metavar="DIR",
                     help="Folder for the SQLite database and the secret key.")
_DATABASE = click.option("--database", "database", metavar="URL", envvar="AMENDTOOL_DATABASE",
                         help="postgresql://user:password@host:port/name (default: SQLite in --data).")


def _launch():
    try:
        from amendtool.server import launch
    except ImportError as exc:  # the optional dependency, not an import circle
        raise click.UsageError(f"the portal needs the server extra: pip install 'amendtool[server]' ({exc})") from None
    return launch


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="Port to listen on.")
@_DATA
@_DATABASE
@click.option("--allow-remote", is_flag=True, help="Listen on an address other machines reach (put TLS in front).")
@click.option("--behind-proxy", metavar="ADDRESS",
              help="A reverse proxy at ADDRESS terminates TLS: trust its X-Forwarded-* headers, cookies https only.")
@click.option("--public-name", "hosts", multiple=True, metavar="HOST",
              help="Host name the portal is reached by (repeatable), e.g. portal.example.org.")
def serve(host, port, data, database, allow_remote, behind_proxy, hosts):
    """The negotiation portal: delegations write, check and submit amendment files in a browser;
    facilitators watch the compilation build itself, accept proposals and publish revisions.

    Listens on http://127.0.0.1:8000 by default. Make the first account with add-facilitator.
    """
    launch = _launch()
    from amendtool.server.config import ConfigError

    try:
        launch.check_host(host, allow_remote)
        path = launch.configure(data, database, hosts=hosts, secure=bool(behind_proxy))
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    shown = f"[{host}]" if ":" in host else host
    where = database.split("@")[-1] if database else str(path / "portal.sqlite3")
    click.echo(f"amendtool portal on http://{shown}:{port}/ (data: {path}; database: {where})", err=True)
    click.echo("stop it with Ctrl+C", err=True)
    launch.serve(host, port, behind_proxy=behind_proxy)


@click.command(name="add-facilitator")
@click.argument("username")
@_DATA
@_DATABASE
def add_facilitator(username, data, database):
    """Create a facilitator account for the portal (or set a new password for it).

    The password is asked for twice, or read from the environment variable AMENDTOOL_PASSWORD.
    """
    launch = _launch()
    from django.core.exceptions import ValidationError

    from amendtool.server.config import ConfigError

    password = os.environ.get("AMENDTOOL_PASSWORD")
    if not password:
        if not sys.stdin.isatty():
            raise click.UsageError("no terminal to ask for the password: set AMENDTOOL_PASSWORD")
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        launch.configure(data, database)
        created = launch.add_facilitator(username, password)
    except ConfigError as exc:
        raise click.UsageError(str(exc)) from None
    except ValidationError as exc:
        raise click.UsageError("password: " + " ".join(exc.messages)) from None
    click.echo(f"{'created' if created else 'updated'} facilitator {username}")
