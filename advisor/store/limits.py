"""Rate limits counted in the database, so every replica sees the same counts and a new session (or a
replayed request) starts from them too.

An event is a row (bucket, time); a bucket is the hash of what is counted and whose it is, e.g.
("pdf", client address). Counting and recording happen in one write transaction that holds the bucket's
lock (PostgreSQL: a transaction-level advisory lock on the bucket; SQLite: BEGIN IMMEDIATE, one writer at
a time), so simultaneous requests can never all read "one left" and all go through.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Final

from sqlalchemy import Engine, bindparam, delete, select, text
from sqlalchemy.engine import Connection

from .db import limit_events

KEEP: Final = dt.timedelta(days=1)  # no window is longer: older events are deleted

# The events of some buckets since a time, built once: a page reads its limits on every rerun, and
# building and compiling the statement each time cost more than running it.
_RECENT: Final = (
    select(limit_events.c.bucket, limit_events.c.at)
    .where(limit_events.c.bucket.in_(bindparam("keys", expanding=True)), limit_events.c.at > bindparam("since"))
    .order_by(limit_events.c.at)
)


def bucket(*parts: str) -> str:
    """The bucket of a count: a hash, so no client address is stored as such."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _lock(conn: Connection, key: str) -> None:
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": int(key[:15], 16)})


def held(conn: Connection, key: str, window: dt.timedelta, now: dt.datetime) -> list[dt.datetime]:
    """The times of the bucket's events in the window, oldest first, with the bucket locked until the
    transaction ends (call inside a write transaction)."""
    _lock(conn, key)
    conn.execute(delete(limit_events).where(limit_events.c.bucket == key, limit_events.c.at <= now - window))
    rows = conn.execute(
        select(limit_events.c.at).where(limit_events.c.bucket == key).order_by(limit_events.c.at)
    ).scalars()
    return list(rows)


def record(conn: Connection, key: str, now: dt.datetime) -> None:
    conn.execute(limit_events.insert().values(bucket=key, at=now))


def wait_seconds(times: list[dt.datetime], limit: int, window: dt.timedelta, now: dt.datetime) -> float:
    """Seconds until one more event is allowed (0: now), given the events in the window."""
    if len(times) < limit:
        return 0.0
    return max(1.0, (times[-limit] + window - now).total_seconds())


class Limiter:
    """Counts in buckets over one engine; holds no state of its own."""

    def __init__(self, engine: Engine, now: Callable[[], dt.datetime]) -> None:
        self.engine = engine
        self.writer = engine.execution_options(write=True)
        self.now = now

    def take(self, key: str, limit: int, window: dt.timedelta) -> float:
        """Count one event if fewer than `limit` are in the window: 0.0. Otherwise count nothing and return
        the seconds until one is allowed."""
        now = self.now()
        with self.writer.begin() as conn:
            wait = wait_seconds(held(conn, key, window, now), limit, window, now)
            if not wait:
                record(conn, key, now)
        return wait

    def wait(self, key: str, limit: int, window: dt.timedelta) -> float:
        """Seconds until one more event is allowed in the bucket (0: now), counting nothing."""
        return self.waits([(key, limit)], window)[0]

    def waits(self, buckets: list[tuple[str, int]], window: dt.timedelta) -> list[float]:
        """`wait` for several (bucket, limit) pairs in one read: a page checks its limits on every rerun."""
        now = self.now()
        keys = [key for key, _ in buckets]
        with self.engine.connect() as conn:
            rows = conn.execute(_RECENT, {"keys": keys, "since": now - window}).all()
        times: dict[str, list[dt.datetime]] = {key: [] for key in keys}
        for key, at in rows:
            times[key].append(at)
        return [wait_seconds(times[key], limit, window, now) for key, limit in buckets]

    def purge(self) -> int:
        with self.writer.begin() as conn:
            done = conn.execute(delete(limit_events).where(limit_events.c.at < self.now() - KEEP))
        return int(done.rowcount or 0)
