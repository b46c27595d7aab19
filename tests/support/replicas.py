"""A real replica set on loopback, as deploy/ ships it: PostgreSQL, three `streamlit run` replicas and
HAProxy in front with deploy/haproxy.cfg. Used by tests/test_replicas.py and benchmarks/load.py.

    python -m tests.support.replicas      # start it, print the addresses, stop on Enter (or after 30 minutes)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field

from . import pg
from .browser import ROOT, free_port, output, spawn, start_streamlit, stop, wait_healthy

HAPROXY = os.environ.get("ADVISOR_HAPROXY", shutil.which("haproxy") or "/usr/sbin/haproxy")
HAPROXY_CFG = ROOT / "deploy" / "haproxy.cfg"
DEPLOYED = {  # as deploy/Dockerfile and compose set them
    "STREAMLIT_LOGGER_HIDE_WELCOME_MESSAGE": "true",
    "ADVISOR_TRUSTED_PROXIES": "1",
}
COOKIE = "ADVISOR_REPLICA"  # the stickiness cookie deploy/haproxy.cfg inserts: app1, app2 or app3


@dataclass
class Replica:
    name: str  # the server's name and cookie value in haproxy.cfg
    port: int
    proc: subprocess.Popen[bytes]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@dataclass
class ReplicaSet:
    url: str  # HAProxy's address: what users open
    database_url: str
    replicas: list[Replica] = field(default_factory=list)
    proxy: subprocess.Popen[bytes] | None = None

    def log_lines(self) -> list[str]:
        """Every line written so far by every component: each replica and HAProxy (access log included)."""
        procs = [r.proc for r in self.replicas] + ([self.proxy] if self.proxy else [])
        return [line for proc in procs for line in output(proc).splitlines() if line.strip()]

    def replica(self, name: str) -> Replica:
        return next(r for r in self.replicas if r.name == name)

    def kill(self, name: str) -> None:
        """A crash, not a shutdown: SIGKILL, so the replica closes nothing cleanly."""
        proc = self.replica(name).proc
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL cluster (tests/support/pg.py) with a database `advisor`; yields its DATABASE_URL."""
    if not pg.available():
        raise RuntimeError(f"PostgreSQL server not found in {pg.BIN}: run .ci/run, which installs it")
    with pg.server() as (host, port, user), pg.database(host, port, user, "advisor") as url:
        yield url


def haproxy_env(bind: str, backends: list[Replica]) -> dict[str, str]:
    """The environment deploy/haproxy.cfg reads (see the comment at its top)."""
    env = {"ADVISOR_BIND": bind}
    env |= {f"ADVISOR_{r.name.upper()}": f"127.0.0.1:{r.port}" for r in backends}
    return env


@contextlib.contextmanager
def replica_set(count: int = 3, env: dict[str, str] | None = None) -> Iterator[ReplicaSet]:
    """PostgreSQL, `count` (2 or 3, as haproxy.cfg has slots for) replicas and HAProxy, all on 127.0.0.1."""
    if not 2 <= count <= 3:
        raise ValueError("deploy/haproxy.cfg has slots for 2 or 3 replicas")
    with postgres() as database_url:
        port = free_port()
        rs = ReplicaSet(url=f"http://127.0.0.1:{port}", database_url=database_url)
        app_env = {"DATABASE_URL": database_url, **DEPLOYED, **(env or {})}
        try:
            for n in range(1, count + 1):
                p = free_port()
                rs.replicas.append(Replica(f"app{n}", p, start_streamlit(p, app_env, "advisor.ui.logs")))
            for r in rs.replicas:
                wait_healthy(f"{r.url}/_stcore/health", r.proc, f"replica {r.name}")
            rs.proxy = start_haproxy(f"127.0.0.1:{port}", rs.replicas)
            wait_healthy(f"{rs.url}/_stcore/health", rs.proxy, "haproxy", timeout=20)
            yield rs
        finally:
            if rs.proxy is not None:
                stop(rs.proxy)
            for r in rs.replicas:
                stop(r.proc)


def start_haproxy(bind: str, backends: list[Replica], env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    """HAProxy with deploy/haproxy.cfg in front of the replicas (its log on standard error: `output(proc)`)."""
    return spawn([HAPROXY, "-db", "-f", str(HAPROXY_CFG)], {**haproxy_env(bind, backends), **(env or {})}, cwd=ROOT)


def sticky_cookie(url: str) -> str:
    """Which replica HAProxy gives a new visitor, as its stickiness cookie says."""
    with urllib.request.urlopen(url, timeout=10) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            if name.strip() == COOKIE:
                return rest.split(";")[0]
    raise AssertionError(f"HAProxy set no {COOKIE} cookie")


def main() -> None:
    with replica_set() as rs:
        print(f"HAProxy      {rs.url}")
        print(f"PostgreSQL   {rs.database_url}")
        for r in rs.replicas:
            print(f"{r.name}         {r.url} (pid {r.proc.pid})")
        print("Press Enter to stop (stops by itself after 30 minutes).", flush=True)
        with contextlib.suppress(Exception):
            import select
            import sys

            select.select([sys.stdin], [], [], 1800)
        time.sleep(0)


if __name__ == "__main__":
    main()
