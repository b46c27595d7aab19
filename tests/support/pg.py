"""A real PostgreSQL server for the tests: Debian's server binaries, a throwaway cluster in a temp
directory on a free loopback port, databases made and dropped by pytest-postgresql's janitor.

initdb refuses to run as root, so as root the cluster belongs to the `postgres` user and its
commands run through runuser (pytest-postgresql's own process fixture cannot switch users).
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

from pytest_postgresql.janitor import DatabaseJanitor

from .browser import free_port


def _newest_server() -> Path:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    return found[-1].parent if found else Path("/usr/lib/postgresql/15/bin")


BIN = Path(os.environ["ADVISOR_PG_BIN"]) if os.environ.get("ADVISOR_PG_BIN") else _newest_server()


def available() -> bool:
    return (BIN / "initdb").exists() and (os.geteuid() != 0 or _has_postgres_user())


def _has_postgres_user() -> bool:
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return False
    return True


def _as_owner(args: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else args


@contextlib.contextmanager
def server() -> Iterator[tuple[str, int, str]]:
    """Start a cluster; yield (host, port, user). Stopped and removed afterwards."""
    root = Path(tempfile.mkdtemp(prefix="advisor-pg-"))
    user = "postgres" if os.geteuid() == 0 else pwd.getpwuid(os.geteuid()).pw_name
    if os.geteuid() == 0:
        shutil.chown(root, "postgres", "postgres")
    data, port = root / "data", free_port()
    run = dict(check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120)
    try:
        subprocess.run(
            _as_owner([str(BIN / "initdb"), "-D", str(data), "-U", user, "-A", "trust", "-E", "UTF8"]), **run
        )
        options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
        subprocess.run(
            _as_owner([str(BIN / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(root / "log"), "-w", "start"]),
            **run,
        )
        try:
            yield "127.0.0.1", port, user
        finally:
            subprocess.run(_as_owner([str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]), **run)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def database(host: str, port: int, user: str, name: str) -> Iterator[str]:
    """A fresh database; yields its SQLAlchemy URL."""
    with DatabaseJanitor(user=user, host=host, port=port, dbname=name, password=None):
        yield f"postgresql+psycopg://{user}@{host}:{port}/{name}"
