"""The database: which one (DATABASE_URL or an SQLite file), its tables, and the migrations run at start.

SQLite runs in WAL mode with a busy timeout, and every write transaction starts with BEGIN
IMMEDIATE, so concurrent writers queue for the lock instead of failing with "database is locked".
PostgreSQL serialises the migrations of several replicas starting at once with an advisory lock.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Final

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Connection,
    DateTime,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    select,
    text,
)

DEFAULT_SQLITE: Final = Path("advisor-data") / "advisor.sqlite3"
BUSY_TIMEOUT_MS: Final = 30_000
MIGRATION_LOCK: Final = 720_261_126  # any fixed number: the advisory lock id of the migrations

metadata = MetaData()

schema_version = Table("schema_version", metadata, Column("version", Integer, primary_key=True))

workshops = Table(
    "workshops",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("title", String(200), nullable=False),
    Column("company", String(200), nullable=False, default=""),
    Column("facilitator_hash", String(64), nullable=False, unique=True),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
    Column("revealed_at", DateTime, nullable=True),
    Column("show_names", Boolean, nullable=False, default=True),
)

participants = Table(
    "participants",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_id", String(32), ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("name", String(200), nullable=False),
    Column("role", String(32), nullable=False),
    Column("answers", JSON, nullable=False),
    Column("changes", Integer, nullable=False, default=0),
    Column("done", Boolean, nullable=False, default=False),
    Column("joined_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
    Index("ix_participants_workshop", "workshop_id"),
)

settlements = Table(
    "settlements",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("workshop_id", String(32), ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    Column("field", String(64), nullable=False),
    Column("value", JSON, nullable=True),
    Column("uncertain", Boolean, nullable=False),
    Column("settled_at", DateTime, nullable=False),
    Index("ix_settlements_workshop", "workshop_id"),
)

limit_events = Table(  # rate limits (store/limits.py): one row per counted event, by hashed bucket
    "limit_events",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("bucket", String(64), nullable=False),
    Column("at", DateTime, nullable=False),
    Index("ix_limit_events_bucket", "bucket", "at"),
)


def _v1(conn: Connection) -> None:
    metadata.create_all(conn)


def _v2(conn: Connection) -> None:
    """Rate limits in one table for every kind of count; the old wrong-code table goes."""
    limit_events.create(conn, checkfirst=True)
    conn.execute(text("DROP TABLE IF EXISTS join_attempts"))


MIGRATIONS: Final[tuple[tuple[int, Callable[[Connection], None]], ...]] = ((1, _v1), (2, _v2))


def database_url() -> str:
    """DATABASE_URL when set (a plain postgresql:// URL uses psycopg 3), else the SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        DEFAULT_SQLITE.parent.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{DEFAULT_SQLITE}"
    for plain in ("postgresql://", "postgres://"):
        if url.startswith(plain):
            return "postgresql+psycopg://" + url[len(plain) :]
    return url


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves, below
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # deleted names are overwritten, not left in free pages
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        write = conn.get_execution_options().get("write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def checkpoint(engine: Engine) -> None:
    """SQLite: copy the write-ahead log into the database file and empty it, so that deleted rows linger in
    neither (secure_delete has zeroed them in the file). Nothing to do for PostgreSQL."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def make_engine(url: str | None = None) -> Engine:
    """An engine for the URL (default: database_url()), with the schema migrated."""
    url = url or database_url()
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False})
        _sqlite_setup(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    migrate(engine)
    return engine


def migrate(engine: Engine) -> int:
    """Apply the migrations not yet applied; return the schema version."""
    with engine.execution_options(write=True).begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK})
        schema_version.create(conn, checkfirst=True)
        current = conn.execute(select(schema_version.c.version).order_by(schema_version.c.version.desc())).scalar()
        for version, step in MIGRATIONS:
            if current is None or version > current:
                step(conn)
                conn.execute(schema_version.insert().values(version=version))
                current = version
    return current or 0
