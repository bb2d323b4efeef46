"""A real portal for the browser and load tests: ``amendtool add-facilitator`` and ``amendtool serve``
in a subprocess on a free loopback port, with a fresh SQLite data folder, or a fresh PostgreSQL
database when the suite runs on PostgreSQL (AMENDTOOL_DATABASE set)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from portal.helpers import PASSWORD


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fresh_database() -> str | None:
    """None for SQLite in the data folder; on PostgreSQL, the URL of a new empty database beside the
    one the suite uses."""
    url = os.environ.get("AMENDTOOL_DATABASE")
    if not url:
        return None
    import psycopg

    from amendtool.server.config import database

    settings = database(url, Path("."))
    name = f"portal_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dbname="postgres", user=settings["USER"] or None, password=settings["PASSWORD"] or None,
                         host=settings["HOST"] or None, port=settings["PORT"] or None, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path="/" + name))


class Portal:
    """``amendtool serve`` running until ``stop``; ``url`` is where it listens."""

    def __init__(self, data: Path, *, threads_env: dict[str, str] | None = None):
        self.data = data
        self.database = fresh_database()
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "AMENDTOOL_PASSWORD": PASSWORD, **(threads_env or {})}
        env.pop("DJANGO_SETTINGS_MODULE", None)
        self.env = env
        base = [sys.executable, "-m", "amendtool"]
        db = ["--database", self.database] if self.database else []
        subprocess.run([*base, "add-facilitator", "alice", "--data", str(data), *db], env=env, check=True,
                       capture_output=True, timeout=120)
        self.log = open(data / "serve.log", "wb")  # noqa: SIM115  (closed in stop)
        self.process = subprocess.Popen([*base, "serve", "--data", str(data), "--port", str(self.port), *db],
                                        env=env, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(self.url + "/login", timeout=5) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("amendtool serve did not start:\n" + (data / "serve.log").read_text())
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()
