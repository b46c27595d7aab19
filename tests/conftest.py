from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect
from streamlit.testing.v1 import AppTest

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


@pytest.fixture(autouse=True)
def whole_page_after_the_live_fragment(monkeypatch: pytest.MonkeyPatch) -> None:
    """An answer change reruns only the recommendation page's live fragment (ui/recommendation.py). A browser
    keeps the rest of the page; AppTest keeps only the fragment's elements. So a run that drew only that
    fragment (the result's headline, no page title) is followed by a whole run, as the page then stands."""
    run = AppTest._run

    def run_then_whole(self: AppTest, widget_state: Any = None, timeout: float | None = None) -> AppTest:
        run(self, widget_state, timeout)
        if not self.title and any(h.proto.anchor == "result" for h in self.header):
            run(self, None, timeout)  # no widget state: no callbacks, the whole page
        return self

    monkeypatch.setattr(AppTest, "_run", run_then_whole)


# ---- workshops: one real PostgreSQL server per test session, started on first use


@pytest.fixture(scope="session")
def pg_server():
    from .support import pg

    if not pg.available():
        pytest.fail(f"PostgreSQL server binaries not found in {pg.BIN}: run .ci/run, which installs them")
    with pg.server() as address:
        yield address
