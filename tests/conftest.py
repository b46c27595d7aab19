from __future__ import annotations

import pytest
from playwright.sync_api import expect

# A page on a busy 2-core machine can take longer than playwright's 5 s to draw; a real failure still fails.
expect.set_options(timeout=15_000)


@pytest.fixture
def minimal() -> dict:
    return {
        "headcount": 80,
        "process_stability": "stable",
        "data_regulation": "personal",
        "worker_control": "outcomes",
        "ip_sensitivity": "low",
    }


# ---- workshops: one real PostgreSQL server per test session, started on first use


@pytest.fixture(scope="session")
def pg_server():
    from .support import pg

    if not pg.available():
        pytest.fail(f"PostgreSQL server binaries not found in {pg.BIN}: run .ci/run, which installs them")
    with pg.server() as address:
        yield address
