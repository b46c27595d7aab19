"""Files built by the run that sees their button's click (ui/on_click.py), with AppTest: the file holds the
values sent with the click and is named from them, it is handed to the browser once, and a build that fails
says so under its button with the answers kept."""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from advisor.rules.loader import knowledge
from advisor.ui import page_keys

from .support.paths import ROOT
from .test_page_tools import _loaded as loaded


@pytest.fixture(autouse=True)
def own_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """A database of this test's own: its PDF budget is not what other tests or runs left."""
    from advisor.ui.workshop import store

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'advisor.sqlite3'}")
    store.clear()
    yield
    store.clear()


def delivered(at: AppTest) -> list[dict[str, Any]]:
    """The files this run handed to the browser."""
    return [json.loads(e.proto.json) for e in at.get("bidi_component") if e.proto.component_name == "save_file"]


def button(at: AppTest, key: str) -> Any:
    return next(b for b in at.get("button") if b.key == key)


def _clicked(key: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert delivered(at) == []  # nothing is built before a click
    button(at, key).click().run()
    assert not at.exception
    return at


def test_saved_answers_are_handed_over_once_by_the_clicks_run() -> None:
    at = _clicked(page_keys.SAVE)
    [file] = delivered(at)
    assert (file["name"], file["mime"]) == ("sourcing-answers.json", "application/json")
    assert json.loads(base64.b64decode(file["base64"]))["headcount"] == knowledge().start_answers["headcount"]
    at.run()  # the next run, whatever starts it: the file is not handed over again
    assert delivered(at) == []


def test_the_pdf_holds_and_is_named_by_the_title_sent_with_the_click() -> None:
    """A title typed and the button clicked with no run between (a box sends its value as it loses focus, just
    before the click): the click's run builds the PDF with it. (The questionnaire's boxes rerun only the live
    fragment, whose elements AppTest does not show; the browser and protocol tests cover them.)"""
    at = AppTest.from_string("from advisor.ui import portfolio\nportfolio.page()\n", default_timeout=60)
    at.session_state[page_keys.PORTFOLIO] = loaded()
    at.run()
    at.text_input(key=page_keys.PORTFOLIO_TITLE).input("Shared services 2027")
    button(at, page_keys.REPORT_PDF).click().run()
    assert not at.exception
    [file] = delivered(at)
    assert file["name"] == "Shared services 2027 - portfolio report.pdf"
    first = PdfReader(io.BytesIO(base64.b64decode(file["base64"]))).pages[0].extract_text()
    assert "Shared services 2027" in " ".join(first.split())


def test_a_build_that_fails_says_so_under_its_button_and_keeps_the_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_: Any) -> bytes:
        raise RuntimeError("typst crashed")

    monkeypatch.setattr("advisor.build_report", broken)
    at = _clicked(page_keys.REPORT_PDF)
    assert delivered(at) == []
    assert any("could not be built" in e.value and "answers are kept" in e.value for e in at.error)
    assert at.number_input(key=page_keys.answer("headcount")).value == knowledge().start_answers["headcount"]
