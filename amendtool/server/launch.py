"""What ``amendtool serve`` and ``amendtool add-facilitator`` run: configure Django from the options,
migrate the database (SQLite or PostgreSQL), then serve with waitress or make an account."""

from __future__ import annotations

import os
from pathlib import Path

from amendtool.server import config

MAX_BODY = 32 * 1024 * 1024
"""The largest request waitress reads (uploads are bounded further by each view)."""


def configure(data: str, database: str | None, *, hosts: tuple[str, ...] = (), secure: bool = False) -> Path:
    """Set the environment ``settings.py`` reads, create the data folder, start Django and migrate."""
    path = Path(data).resolve()
    try:
        config.database(database, path)  # refuse a bad URL before anything is created
    except config.ConfigError:
        raise
    config.ensure_data_dir(path)
    os.environ["AMENDTOOL_DATA"] = str(path)
    if database:
        os.environ["AMENDTOOL_DATABASE"] = database
    if hosts:
        os.environ["AMENDTOOL_HOSTS"] = ",".join(hosts)
    if secure:
        os.environ["AMENDTOOL_SECURE"] = "1"
    os.environ["DJANGO_SETTINGS_MODULE"] = "amendtool.server.settings"

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return path


def check_host(host: str, allow_remote: bool) -> None:
    if config.is_loopback(host) or allow_remote:
        return
    raise config.ConfigError(
        f"refusing to listen on {host}: the portal listens on this machine only (127.0.0.1) unless you pass "
        "--allow-remote. Sign-in links, passwords and amendments must not cross a network in clear: put the "
        "portal behind a reverse proxy that terminates TLS (https) and pass --behind-proxy (see the README)."
    )


def serve(host: str, port: int, *, behind_proxy: str | None = None, threads: int = 8) -> None:
    """Serve the portal until interrupted."""
    import waitress
    from django.core.wsgi import get_wsgi_application

    options: dict = {"host": host, "port": port, "threads": threads, "max_request_body_size": MAX_BODY,
                     "ident": "amendtool", "clear_untrusted_proxy_headers": True}
    if behind_proxy:
        options["trusted_proxy"] = behind_proxy
        options["trusted_proxy_headers"] = {"x-forwarded-for", "x-forwarded-proto", "x-forwarded-host"}
    waitress.serve(get_wsgi_application(), **options)


def add_facilitator(username: str, password: str) -> bool:
    """Create a facilitator (or reset the password of an existing one); True when created."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.password_validation import validate_password

    from amendtool.server.actions import log

    model = get_user_model()
    user = model.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user = model(username=username, is_staff=True)
    validate_password(password, user)
    user.is_staff = True
    user.set_password(password)
    user.save()
    log(None, "command line", "add facilitator" if created else "reset password", username)
    return created
