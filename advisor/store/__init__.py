"""Workshops kept in a database: SQLite by default, PostgreSQL when DATABASE_URL is set."""

from .db import database_url, make_engine, migrate
from .workshops import (
    Created,
    Forbidden,
    Invalid,
    NotFound,
    Participant,
    RateLimited,
    Settlement,
    StoreError,
    Workshop,
    WorkshopStore,
)

__all__ = [
    "Created",
    "Forbidden",
    "Invalid",
    "NotFound",
    "Participant",
    "RateLimited",
    "Settlement",
    "StoreError",
    "Workshop",
    "WorkshopStore",
    "database_url",
    "make_engine",
    "migrate",
]
