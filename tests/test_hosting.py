"""Hosting: the PDF build limit, JSON log lines without user data, and the server settings that must hold."""

from __future__ import annotations

import json
import logging
import tomllib

import pytest
from streamlit.testing.v1 import AppTest

from advisor.ui.limits import PdfBudget, PdfLimitReached, _setting
from advisor.ui.logs import JsonLines

from .conftest import ROOT


def test_pdf_budget_allows_the_limit_then_refuses_until_the_window_passes() -> None:
    budget = PdfBudget(builds=3, window_s=600)
    for t in (0.0, 10.0, 20.0):
        budget.take(t)
    with pytest.raises(PdfLimitReached):
        budget.take(30.0)
    assert budget.wait_s(30.0) == pytest.approx(570.0)
    message = budget.message(30.0)
    assert message is not None and "10 minutes" in message and "about 10 minutes" in message
    assert budget.message(600.0) is None  # the first build has left the window
    budget.take(600.0)


@pytest.mark.parametrize(("raw", "expected"), [("", 5), ("12", 12), ("0", 5), ("-3", 5), ("lots", 5)])
def test_pdf_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch, raw: str, expected: int) -> None:
    monkeypatch.setenv("ADVISOR_PDF_BUILDS", raw)
    assert _setting("ADVISOR_PDF_BUILDS", 5) == expected


def test_a_spent_pdf_budget_disables_the_button_and_says_so() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    spent = PdfBudget(builds=2, window_s=600)
    spent.started[:] = [9e18, 9e18]  # far in the future: still in the window whatever the clock says
    at.session_state["pdf_budget"] = spent
    at.run()
    assert not at.exception
    buttons = [b for b in at.get("download_button") if "PDF" in b.proto.label]
    assert buttons and buttons[0].proto.disabled
    assert any("PDF reports in the last 10 minutes" in i.value for i in at.info)
    assert not next(b for b in at.get("download_button") if "Save answers" in b.proto.label).proto.disabled


def test_saved_answers_are_built_on_click_not_stored_on_every_run() -> None:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    for button in at.get("download_button"):
        assert button.proto.deferred_file_id and not button.proto.url, button.proto.label


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
