from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout; a git worktree one level deeper finds it beside its parent
SHARED = next((p / "shared" for p in ROOT.parents if (p / "shared" / "seeds").is_dir()), ROOT.parent / "shared")
SEEDS = SHARED / "seeds"

# A page on a busy 2-core machine can take longer than playwright's 5 s to draw; a real failure still fails.
expect.set_options(timeout=15_000)


def case_files() -> list[Path]:
    """Our own scenarios plus ../shared/cases when that folder exists."""
    return sorted((ROOT / "tests" / "scenarios").glob("*.json")) + sorted((SHARED / "cases").glob("*.json"))


@pytest.fixture
def minimal() -> dict:
    return {
        "headcount": 80,
        "process_stability": "stable",
        "data_regulation": "personal",
        "worker_control": "outcomes",
        "ip_sensitivity": "low",
    }


def load_case(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


# ---- workshops (issue 12): one real PostgreSQL server per test session, started on first use


@pytest.fixture(scope="session")
def pg_server():
    from . import pg

    if not pg.available():
        pytest.fail(f"PostgreSQL server binaries not found in {pg.BIN}: run .ci/run, which installs them")
    with pg.server() as address:
        yield address
