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

from .support import pg  # noqa: E402
from .support.browser import CHROMIUM, ROOT, chromium, streamlit_server, wait_ready  # noqa: E402

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
    host, code, _ = _create_saved(browser, server)
    return host, code


def _create_saved(browser: Browser, server: str) -> tuple[Page, str, str]:
    """Create a workshop, save the facilitator link shown once, hide it; returns the page, code and link."""
    host = _new(browser, f"{server}/facilitate")
    host.get_by_label("Workshop title").fill("Board offsite")
    host.get_by_label("Company (optional; shown on screen and in the report only)").fill("Zeta Secret Holdings")
    host.get_by_role("button", name="Create the workshop").click()
    expect(host.get_by_text("Join code")).to_be_visible(timeout=20_000)
    link = host.locator(".st-key-ws-key-once [data-testid='stCode'] code").inner_text().strip()
    secret = link.split("#key=", 1)[1]
    assert link.startswith(f"{server}/facilitate#key=") and len(secret) >= 32, link
    assert secret not in host.url and "Zeta" not in host.url  # the key never sits in the projected address bar
    host.get_by_role("button", name="I have saved it: hide the link").click()
    expect(host.locator(".st-key-ws-key-once")).to_have_count(0, timeout=15_000)
    wait_ready(host)
    assert secret not in host.content()
    code = host.locator("[data-testid='stMetricValue']").first.inner_text().strip()
    assert re.fullmatch(r"[A-Z0-9]{4}-[A-Z0-9]{4}", code), code
    return host, code, link


def _join(browser: Browser, server: str, code: str, name: str, role: str, phone: bool = False) -> Page:
    page = _new(browser, f"{server}/join?code={code}", phone)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your role").click()
    page.get_by_role("option", name=role).click()
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text(f"You: {name}", exact=False)).to_be_visible(timeout=20_000)
    wait_ready(page)
    page.wait_for_function("() => location.hash.startsWith('#p=')", timeout=15_000)  # bookmarkable, never sent
    assert "?" not in page.url, page.url
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
    expect(host.get_by_text("Where the room disagrees", exact=True)).to_be_visible(timeout=15_000)
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
    page = _new(browser, f"{url}/facilitate#key=not-the-secret")
    expect(page.get_by_text("facilitator link is not valid", exact=False)).to_be_visible(timeout=15_000)
    page.context.close()
    page = _new(browser, f"{url}/facilitate?f=not-the-secret")  # a key where servers log it: never read
    expect(page.get_by_text("no longer opens the dashboard", exact=False)).to_be_visible(timeout=15_000)
    assert "f=" not in page.url
    page.context.close()
    page = _new(browser, f"{url}/join#p=forged-token")
    expect(page.get_by_text("participant link is not valid", exact=False)).to_be_visible(timeout=15_000)
    page.goto(f"{url}/join?code=ZZZZ-ZZZZ")
    wait_ready(page)
    page.get_by_label("Your name").fill("Mallory")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text("No open workshop has this code", exact=False)).to_be_visible(timeout=15_000)
    page.context.close()


def test_the_facilitator_key_stays_off_the_screen_and_out_of_addresses(
    server: tuple[str, str], browser: Browser
) -> None:
    url, db = server
    host = _new(browser, f"{url}/facilitate")
    host.get_by_label("Workshop title").fill("Key check")
    host.get_by_role("button", name="Create the workshop").click()
    box = host.locator(".st-key-ws-key-once [data-testid='stCode'] code")
    link = box.inner_text(timeout=20_000).strip()
    secret = link.split("#key=", 1)[1]
    host.get_by_text("Presenting mode (large type for a projector)").click()
    wait_ready(host)
    expect(box).to_have_count(0, timeout=15_000)
    wait_ready(host)
    assert secret not in host.content()  # never on the projector
    _shot(host, f"workshop-{db}-presenting-no-key")
    host.get_by_text("Presenting mode (large type for a projector)").click()
    wait_ready(host)
    expect(box).to_have_text(link, timeout=15_000)  # not yet saved: shown again off the projector
    host.get_by_role("button", name="I have saved it: hide the link").click()
    expect(box).to_have_count(0, timeout=15_000)
    wait_ready(host)
    host.reload()  # the tab keeps the key (sessionStorage): back on the dashboard, the key not shown
    expect(host.get_by_text("Join code")).to_be_visible(timeout=20_000)
    assert secret not in host.content() and secret not in host.url
    other = _new(browser, link)  # another device with the saved link
    expect(other.get_by_text("Join code")).to_be_visible(timeout=20_000)
    assert secret not in other.url and secret not in other.content()  # the key left the address bar at once
    other.get_by_role("button", name="Facilitator key").click()
    other.get_by_role("button", name="Make a new key").click()
    fresh = other.locator(".st-key-ws-key-once [data-testid='stCode'] code").inner_text(timeout=20_000).strip()
    assert fresh != link
    host.reload()  # the old key stops working everywhere
    expect(host.get_by_text("facilitator link is not valid", exact=False)).to_be_visible(timeout=20_000)
    expect(host.get_by_text("Join code")).to_have_count(0)
    for page in (host, other):
        page.context.close()


def test_pages_fetch_nothing_from_other_servers(server: tuple[str, str], browser: Browser) -> None:
    """The page icon is served by the app (a material icon came from a font server, with the visitor's
    address), and a name written as markdown or HTML loads nothing either."""
    url, _ = server
    elsewhere: list[str] = []
    host, code = _create(browser, url)
    page = _new(browser, f"{url}/join?code={code}")
    for p in (host, page):
        p.on("request", lambda r: elsewhere.append(r.url) if not r.url.startswith((url, "data:", "blob:")) else None)
    page.get_by_label("Your name").fill("![px](http://evil.example/p.png) Eve")
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text("You: ![px](http://evil.example/p.png) Eve", exact=False)).to_be_visible(timeout=20_000)
    page.reload()
    wait_ready(page)
    host.reload()
    wait_ready(host)
    page.goto(f"{url}/")
    wait_ready(page)
    page.wait_for_timeout(1000)
    assert not elsewhere, elsewhere
    assert page.locator("link[rel*='icon']").first.get_attribute("href", timeout=5_000).startswith(("/", url, "data:"))
    for p in (host, page):
        p.context.close()
