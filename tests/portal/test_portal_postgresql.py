"""The portal's whole test suite again on PostgreSQL: a throwaway cluster (Debian's postgresql, which
.ci/run installs where missing) on a local socket in a temporary folder, and ``pytest tests/portal``
in a subprocess with AMENDTOOL_DATABASE pointing at it (pytest-django makes its test database there;
the browser test serves the portal on a database of its own). Skipped, with the reason, where no
cluster can start. The load test is left out of the second run (it measures, it does not check the
database)."""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from portal.helpers import ROOT

pytestmark = [pytest.mark.slow]


def _bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _as_owner() -> tuple[list[str], str | None]:
    """How to run the server's commands: initdb refuses to run as root, so root runs them as the
    ``postgres`` user (made by Debian's package)."""
    if os.geteuid() != 0:
        return [], None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return [], "running as root and there is no 'postgres' user to run initdb as"
    runuser = shutil.which("runuser")
    if runuser is None:
        return [], "running as root and runuser is missing"
    return [runuser, "-u", "postgres", "--"], None


@pytest.fixture(scope="module")
def cluster():
    if os.environ.get("AMENDTOOL_DATABASE"):
        pytest.skip("already running on PostgreSQL")
    binaries = _bin()
    if binaries is None:
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    prefix, problem = _as_owner()
    if problem:
        pytest.skip(problem)
    base = Path(tempfile.mkdtemp(prefix="amendtool-pg-"))
    data, sockets = base / "data", base / "run"
    sockets.mkdir()
    if prefix:
        owner = pwd.getpwnam("postgres")
        os.chown(base, owner.pw_uid, owner.pw_gid)
        os.chown(sockets, owner.pw_uid, owner.pw_gid)
    try:
        init = subprocess.run([*prefix, str(binaries / "initdb"), "-D", str(data), "-U", "amendtool", "-A", "trust",
                               "--no-sync", "-E", "UTF8", "--no-locale"], capture_output=True, text=True, timeout=120)
        if init.returncode != 0:
            pytest.skip(f"initdb failed: {init.stderr.strip()[-500:]}")
        start = subprocess.run(
            [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-w", "-t", "60",
             "-o", f"-k {sockets} -c listen_addresses='' -F", "start"],
            capture_output=True, text=True, timeout=120)
        if start.returncode != 0:
            log = (base / "server.log").read_text() if (base / "server.log").exists() else ""
            pytest.skip(f"PostgreSQL did not start: {start.stderr.strip()[-300:]} {log[-500:]}")
        yield f"postgresql://amendtool@/amendtool?host={sockets}"
    finally:
        if (data / "postmaster.pid").exists():
            subprocess.run([*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                           capture_output=True, timeout=60)
        shutil.rmtree(base, ignore_errors=True)


def test_the_portal_suite_on_postgresql(cluster):
    env = {**os.environ, "AMENDTOOL_DATABASE": cluster}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/portal", "-p", "no:cacheprovider", "-m", "not load",
         "-W", "ignore::pytest.PytestUnknownMarkWarning"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-40:])
    assert result.returncode == 0, tail
    summary = result.stdout.strip().splitlines()[-1]
    assert " passed" in summary and " failed" not in summary, tail
    print(f"\nportal suite on PostgreSQL: {summary}")
