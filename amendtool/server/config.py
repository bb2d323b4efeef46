"""Where the portal keeps its data and which database it uses, without importing Django.

``amendtool serve`` turns its options into environment variables (``AMENDTOOL_DATA``,
``AMENDTOOL_DATABASE``, ...) that ``settings.py`` reads, so the command, a WSGI server behind a
proxy and the tests configure the portal the same way.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

DEFAULT_DATA = "amendtool-data"
SECRET_FILE = "secret_key"
SQLITE_FILE = "portal.sqlite3"


class ConfigError(Exception):
    """An option of ``amendtool serve`` that cannot work (the message says why)."""


def data_dir() -> Path:
    return Path(os.environ.get("AMENDTOOL_DATA") or DEFAULT_DATA).resolve()


def ensure_data_dir(path: Path) -> None:
    """Create the data folder and its secret key (readable by its owner only) if missing."""
    path.mkdir(parents=True, exist_ok=True)
    key = path / SECRET_FILE
    if not key.exists():
        fd = os.open(key, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_urlsafe(50))


def secret_key(path: Path) -> str:
    """``AMENDTOOL_SECRET_KEY``, else the data folder's key; a fresh random one (sessions then end
    with the process) where neither exists, so that importing the settings writes nothing."""
    env = os.environ.get("AMENDTOOL_SECRET_KEY")
    if env:
        return env
    try:
        return (path / SECRET_FILE).read_text().strip()
    except OSError:
        return secrets.token_urlsafe(50)


def database(url: str | None, path: Path) -> dict:
    """Django's DATABASES["default"] for ``url``: ``postgresql://user:password@host:port/name``
    (``?host=/run/postgresql`` for a socket folder), ``sqlite:///path``, or None for the SQLite file
    in the data folder."""
    if not url:
        return _sqlite(path / SQLITE_FILE)
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        return _sqlite(Path(unquote(parts.path)))
    if parts.scheme not in ("postgresql", "postgres"):
        raise ConfigError(f"--database: unsupported URL scheme {parts.scheme!r} (use postgresql://...)")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ConfigError("--database: the URL names no database (postgresql://user@host/NAME)")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": query.pop("host", None) or unquote(parts.hostname or ""),
        "PORT": str(query.pop("port", None) or parts.port or ""),
        "OPTIONS": query,
        "CONN_MAX_AGE": 60,
    }


def _sqlite(file: Path) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(file),
        "OPTIONS": {
            # write-ahead log: readers never wait for the writer; writers queue instead of failing
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
    }


def is_loopback(host: str) -> bool:
    """Whether ``host`` only listens on this machine (127.0.0.0/8, ::1, localhost)."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
