"""A workshop in Chromium: one facilitator and three participants in separate browser contexts (one a
phone), on SQLite and on a real PostgreSQL: join, answer, hidden until reveal, reveal, agenda, settle, PDF."""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Browser, Page, expect  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from . import pg  # noqa: E402
from .browser import CHROMIUM, ROOT, chromium, streamlit_server, wait_ready  # noqa: E402

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
HEADCOUNT = "How many full-time people does the work need?"
CONTROL = {
    "outcomes": "Outcomes: I manage the output, a provider runs the people",
    "individuals": "Individuals: I pick specific people and manage them",
}

if not os.path.exists(CHROMIUM):
    pytest.fail(f"Chromium not found at {CHROMIUM}: run .ci/run, which installs it", pytrace=False)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory) -> Iterator[tuple[str, str]]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('ws') / 'workshops.sqlite3'}"
        with streamlit_server({"DATABASE_URL": url}) as (address, _):
            yield address, request.param
        return
    host, port, user = request.getfixturevalue("pg_server")
    with (
        pg.database(host, port, user, "advisor_browser") as url,
        streamlit_server({"DATABASE_URL": url}) as (address, _),
    ):
        yield address, request.param


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(600)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _new(browser: Browser, url: str, phone: bool = False) -> Page:
    viewport = {"width": 390, "height": 844} if phone else {"width": 1440, "height": 1000}
    page = browser.new_context(viewport=viewport, is_mobile=phone, has_touch=phone).new_page()
    page.goto(url)
    wait_ready(page)
    return page


def _create(browser: Browser, server: str) -> tuple[Page, str]:
    host = _new(browser, f"{server}/facilitate")
    host.get_by_label("Workshop title").fill("Board offsite")
    host.get_by_label("Company (optional; shown on screen and in the report only)").fill("Zeta Secret Holdings")
    host.get_by_role("button", name="Create the workshop").click()
    expect(host.get_by_text("Join code")).to_be_visible(timeout=20_000)
    assert "f=" not in host.url and "Zeta" not in host.url  # the secret never sits in the projected address bar
    code = host.locator("[data-testid='stMetricValue']").first.inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code), code
    return host, code


def _join(browser: Browser, server: str, code: str, name: str, role: str, phone: bool = False) -> Page:
    page = _new(browser, f"{server}/join?code={code}", phone)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your role").click()
    page.get_by_role("option", name=role).click()
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text(f"You: {name}", exact=False)).to_be_visible(timeout=20_000)
    wait_ready(page)
    return page


def _view(host: Page, name: str) -> None:
    host.locator("[data-testid='stButtonGroup'] button", has_text=name).click()
    wait_ready(host)


def _answer(page: Page, headcount: int, control: str) -> None:
    box = page.get_by_label(HEADCOUNT, exact=True)
    box.fill(str(headcount))
    box.press("Enter")
    wait_ready(page)
    page.get_by_text(CONTROL[control]).click()
    wait_ready(page)
    expect(page.get_by_text("Saved.")).to_be_visible(timeout=15_000)


def test_a_workshop_from_join_to_pdf(server: tuple[str, str], browser: Browser) -> None:
    url, db = server
    host, code = _create(browser, url)
    people = [
        _join(browser, url, code, "Ann Finance", "CFO (finance)"),
        _join(browser, url, code, "Bo People", "CHRO (people)", phone=True),
        _join(browser, url, code, "Cy Tech", "CIO (technology and security)"),
    ]
    for page, (headcount, control) in zip(people, [(30, "outcomes"), (30, "individuals"), (8, "individuals")]):
        _answer(page, headcount, control)
    _shot(people[1], f"workshop-{db}-participant-phone")
    expect(people[0].get_by_text(re.compile(r"Your own result: .*ITES/BPO"))).to_be_visible()
    expect(people[0].get_by_text("CFO: total cost, savings and payback")).to_be_visible()

    # hidden until the reveal: nobody sees the room, the facilitator only sees progress
    metrics = host.locator("[data-testid='stMetricValue']")
    expect(metrics.nth(3)).to_have_text("3", timeout=20_000)  # "Answering", refreshed by the fragment
    assert "The room" not in people[0].content() and "Bo People" not in people[0].content()
    host.get_by_text("Presenting mode (large type for a projector)").click()
    wait_ready(host)
    _shot(host, f"workshop-{db}-host-before-reveal")

    host.get_by_role("button", name="Reveal the answers").click()
    expect(host.get_by_text("The room: EOR")).to_be_visible(timeout=20_000)
    expect(host.get_by_text("2 of 3 participants", exact=False)).to_be_visible()
    _shot(host, f"workshop-{db}-host-room")

    _view(host, "Heat map")
    expect(host.get_by_text("Where the room disagrees")).to_be_visible(timeout=15_000)
    _shot(host, f"workshop-{db}-host-heat-map")

    _view(host, "Agenda")
    expect(host.get_by_text("Discussion agenda")).to_be_visible(timeout=15_000)
    expect(host.get_by_text("If the room settles on ‘outcomes’, ITES/BPO comes first", exact=False)).to_be_visible()
    _shot(host, f"workshop-{db}-host-agenda")
    host.get_by_role("button", name="Settle").first.click()  # the first answer offered: the most common
    wait_ready(host)
    expect(host.get_by_text("1. Control over workers")).to_have_count(0, timeout=15_000)

    _view(host, "Lenses")
    expect(host.get_by_text("CFO savings test")).to_be_visible(timeout=15_000)

    _view(host, "Decision log")
    expect(host.get_by_text("Control over workers: individuals")).to_be_visible(timeout=15_000)
    with host.expect_download(timeout=60_000) as download:
        host.get_by_role("button", name="Download the PDF (agreed answers and workshop)").click()
    pdf = Path(download.value.path()).read_bytes()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    for expected in ("The workshop", "Board offsite", "Ann Finance", "Discussion agenda", "Decision log", "Consensus"):
        assert expected in text, expected
    assert "Zeta Secret Holdings" in text
    (ARTIFACTS / f"workshop-{db}.pdf").write_bytes(pdf)

    # after the reveal a participant sees the room; coming back on the same device finds the answers
    people[0].reload()
    wait_ready(people[0])
    expect(people[0].get_by_text("The room:", exact=False)).to_be_visible(timeout=15_000)
    expect(people[2].get_by_label(HEADCOUNT, exact=True)).to_have_value("8")
    again = people[2].context.new_page()
    again.goto(people[2].url)
    wait_ready(again)
    expect(again.get_by_label(HEADCOUNT, exact=True)).to_have_value("8", timeout=15_000)
    for page in (host, *people):
        page.context.close()


def test_probes_are_refused(server: tuple[str, str], browser: Browser) -> None:
    url, _ = server
    page = _new(browser, f"{url}/facilitate?f=not-the-secret")
    expect(page.get_by_text("facilitator link is not valid", exact=False)).to_be_visible(timeout=15_000)
    page.goto(f"{url}/join?p=forged-token")
    wait_ready(page)
    expect(page.get_by_text("participant link is not valid", exact=False)).to_be_visible(timeout=15_000)
    page.goto(f"{url}/join?code=ZZZZ-ZZZZ")
    wait_ready(page)
    page.get_by_label("Your name").fill("Mallory")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text("No open workshop has this code", exact=False)).to_be_visible(timeout=15_000)
    page.context.close()
