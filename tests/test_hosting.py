"""Hosting: the PDF build limit, JSON log lines without user data, and the server settings that must hold."""

from __future__ import annotations

import base64
import json
import logging
import tomllib
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from advisor.rules.loader import knowledge
from advisor.store import WorkshopStore
from advisor.store.limits import bucket
from advisor.ui import page_keys
from advisor.ui.limits import PdfLimitReached, _setting, address_seen, pdf_limits
from advisor.ui.logs import JsonLines

from .support.paths import ROOT
from .test_on_click import button, delivered


@pytest.mark.parametrize(
    ("forwarded", "proxies", "seen"),
    [
        (["198.51.100.7"], 1, "198.51.100.7"),  # HAProxy appended what it saw
        (["203.0.113.66", "198.51.100.7"], 1, "198.51.100.7"),  # a spoofed header first, then HAProxy's line
        (["203.0.113.66, 203.0.113.67, 198.51.100.7"], 1, "198.51.100.7"),  # one line, comma-separated
        (["spoof, 198.51.100.7, 10.0.0.5"], 2, "198.51.100.7"),  # ingress, then HAProxy: the ingress saw the client
        (["198.51.100.7"], 2, "198.51.100.7"),  # fewer entries than proxies: the first
        (["203.0.113.66"], 0, "192.0.2.10"),  # no trusted proxy: the header is never read
        ([], 1, "192.0.2.10"),  # reached directly
    ],
)
def test_the_client_is_the_address_the_trusted_proxy_saw(forwarded: list[str], proxies: int, seen: str) -> None:
    assert address_seen(forwarded, "192.0.2.10", proxies) == seen


@pytest.mark.parametrize(("raw", "expected"), [("", 5), ("12", 12), ("0", 5), ("-3", 5), ("lots", 5), ("9" * 30, 5)])
def test_pdf_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, raw: str, expected: int) -> None:
    monkeypatch.setenv("ADVISOR_PDF_BUILDS", raw)
    assert _setting("ADVISOR_PDF_BUILDS", 5) == expected


@pytest.fixture
def db(tmp_path, monkeypatch) -> Iterator[WorkshopStore]:
    from advisor.ui.workshop import store

    url = f"sqlite:///{tmp_path / 'app.sqlite3'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("ADVISOR_PDF_BUILDS", "2")
    monkeypatch.setenv("ADVISOR_PDF_BUILDS_ALL", "3")
    store.clear()
    yield WorkshopStore(url, knowledge().start_answers)
    store.clear()


def _pdf_button(at: AppTest):
    return button(at, page_keys.REPORT_PDF)


def test_the_pdf_limit_is_per_client_across_sessions_and_replicas(db: WorkshopStore) -> None:
    limits = pdf_limits()
    limits.take("local")  # AppTest's client (no proxy, no address): two builds, in two earlier sessions
    limits.take("local")
    with pytest.raises(PdfLimitReached):
        limits.take("local")  # a replayed request is refused by the server too
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()  # a new session resets nothing
    assert not at.exception
    assert _pdf_button(at).proto.disabled
    assert any("built from this network in the last 10 minutes" in i.value for i in at.info)
    assert not button(at, page_keys.SAVE).proto.disabled
    limits.take("198.51.100.7")  # another client still may


def test_the_pdf_ceiling_holds_for_everyone(db: WorkshopStore) -> None:
    limits = pdf_limits()
    for client in ("a", "b", "c"):
        limits.take(client)
    with pytest.raises(PdfLimitReached, match="in all"):
        limits.take("d")
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert _pdf_button(at).proto.disabled
    assert any("for everyone" in i.value for i in at.info)
    assert db.limiter.wait(bucket("pdf"), 3, limits.window) > 0


def test_the_clicks_run_counts_the_build_so_a_spent_budget_shows_at_once(db: WorkshopStore) -> None:
    pdf_limits().take("local")  # one of AppTest's two builds used
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not _pdf_button(at).proto.disabled
    _pdf_button(at).click().run()  # the click's run counts the second, and builds it
    assert _pdf_button(at).proto.disabled
    assert any("built from this network in the last 10 minutes" in i.value for i in at.info)
    [file] = delivered(at)
    assert base64.b64decode(file["base64"]).startswith(b"%PDF")
    forged = at._tree.get_widget_states()  # a click on the disabled button, sent by a hand-made client
    next(w for w in forged.widgets if w.id == _pdf_button(at).id).trigger_value = True
    at._run(forged)
    assert not at.exception
    assert delivered(at) == []  # past the limit: nothing built


def test_saved_answers_and_the_pdf_are_built_on_click_not_stored_on_every_run() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not any(b.proto.url for b in at.get("download_button"))  # no file waits in the media store
    assert {button(at, key).label for key in (page_keys.SAVE, page_keys.REPORT_PDF)} == {
        "Save answers",
        "Download PDF report",
    }
    assert delivered(at) == []


def test_log_lines_are_json_and_carry_no_user_text() -> None:
    record = logging.LogRecord("advisor", logging.ERROR, __file__, 1, "PDF build failed", None, None)
    try:
        raise ValueError("company 'Alpha Corp' with notes 'secret plan' rejected")
    except ValueError:
        import sys

        record.exc_info = sys.exc_info()
    line = JsonLines().format(record)
    entry = json.loads(line)
    assert entry["level"] == "ERROR" and entry["message"] == "PDF build failed" and entry["error"] == "ValueError"
    assert "\n" not in line and "Alpha Corp" not in line and "secret plan" not in line


def test_server_settings_keep_xsrf_on_and_cross_origin_requests_out() -> None:
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["enableXsrfProtection"] is True
    assert config["server"]["enableCORS"] is True  # Streamlit's name for "refuse cross-origin requests"
    assert config["client"]["showErrorDetails"] == "none"
    assert config["server"].get("enableStaticServing", False) is False
