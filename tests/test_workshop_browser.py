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

from advisor.decide.room import Member, analyse_room  # noqa: E402
from advisor.inputs.partial import NOT_SURE  # noqa: E402
from advisor.present.chart_data import short_name  # noqa: E402
from advisor.rules.loader import knowledge  # noqa: E402

from .support import pg  # noqa: E402
from .support.browser import CHROMIUM, ROOT, chromium, streamlit_server, wait_ready  # noqa: E402
from .support.workshop_pages import EVERYTHING, answer  # noqa: E402

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
QUESTIONS = {q.field: q for q in knowledge().questions}
HEADCOUNT = QUESTIONS["headcount"].label
SHOTS = Path("/tmp/i19-room")  # looked at by hand; the assertions below do not depend on them
# Ann answers every question (EVERYTHING); the others leave most of them open, Cy is "not sure" of control
PARTIAL = {
    "Bo People": {"headcount": 30, "worker_control": "individuals", "data_regulation": "onshore_only"},
    "Cy Tech": {"headcount": 8, "worker_control": NOT_SURE},
    "Di Ops": {"worker_control": "individuals", "ip_sensitivity": NOT_SURE},
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


def _font(page: Page, selector: str) -> float:
    """The computed font size (px) of the first element matching `selector`, which must be visible."""
    element = page.locator(selector).first
    expect(element).to_be_visible(timeout=15_000)
    return float(element.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))


def _expected_room(show: dict[str, dict[str, object]]) -> object:
    """The room computed here from the same answers, unanswered ones absent: what the page must show."""
    roles = {"Ann Finance": "cfo", "Bo People": "chro", "Cy Tech": "cio", "Di Ops": "operations"}
    return analyse_room([Member(name, roles[name], answers) for name, answers in show.items()])


def test_a_workshop_where_some_questions_stay_unanswered(server: tuple[str, str], browser: Browser) -> None:
    """A facilitator and four participants (one on a 390 px phone), some questions left
    unanswered or "not sure": consensus, odds, heat map and PDF leave them out; the facilitator key is on no
    page after creation and never in presenting mode; presenting mode is readable at 1920x1080."""
    url, db = server
    SHOTS.mkdir(exist_ok=True)
    host, code, link = _create_saved(browser, url)
    secret = link.split("#key=", 1)[1]
    people = {
        "Ann Finance": _join(browser, url, code, "Ann Finance", "CFO (finance)"),
        "Bo People": _join(browser, url, code, "Bo People", "CHRO (people)", phone=True),
        "Cy Tech": _join(browser, url, code, "Cy Tech", "CIO (technology and security)"),
        "Di Ops": _join(browser, url, code, "Di Ops", "Operations"),
    }
    bo = people["Bo People"]
    total = len(QUESTIONS)
    # every question starts unanswered: no example answer on the page
    expect(bo.get_by_text(f"0 of {total} questions answered", exact=False).first).to_be_visible()
    assert bo.get_by_label(HEADCOUNT, exact=True).input_value() == ""
    assert bo.locator("[data-testid='stRadio'] input:checked").count() == 0
    _shot(bo, f"workshop-{db}-participant-phone-start")
    bo.screenshot(path=str(SHOTS / f"{db}-participant-390-start.png"), full_page=True)

    for name, answers in PARTIAL.items():
        for field, value in answers.items():
            answer(people[name], field, value)
    expect(bo.get_by_text(f"3 of {total} questions answered", exact=False).first).to_be_visible(timeout=15_000)
    expect(bo.get_by_text("Not answered yet").first).to_be_visible()
    bo.screenshot(path=str(SHOTS / f"{db}-participant-390-partial.png"), full_page=True)
    ann = people["Ann Finance"]
    for field, value in EVERYTHING.items():
        answer(ann, field, value)
    expect(ann.get_by_text(f"Done: all {total} questions answered", exact=False).first).to_be_visible(timeout=15_000)
    expect(ann.get_by_text(re.compile(r"Your own result: "))).to_be_visible()
    ann.screenshot(path=str(SHOTS / f"{db}-participant-1440-done.png"), full_page=True)

    # the progress board: counts, and who has not finished, by name
    behind = host.locator(".st-key-ws-behind")
    expect(behind).to_contain_text("Bo People (13 questions open)", timeout=20_000)
    expect(behind).to_contain_text("Cy Tech (14 questions open)")
    expect(behind).to_contain_text("Di Ops (14 questions open)")
    expect(behind).not_to_contain_text("Ann Finance", timeout=15_000)  # done: every question answered
    expect(host.locator("[data-testid='stMetricValue']").nth(4)).to_have_text("1")  # done: Ann only
    assert secret not in host.content()

    # presenting mode at 1920x1080: the key nowhere, large type measured
    host.set_viewport_size({"width": 1920, "height": 1080})
    host.get_by_text("Presenting mode (large type for a projector)").click()
    wait_ready(host)
    host.wait_for_timeout(500)
    assert secret not in host.content()
    expect(host.get_by_role("button", name="Facilitator key")).to_have_count(0)
    host.screenshot(path=str(SHOTS / f"{db}-presenting-1920-before-reveal.png"))
    sizes = {
        "join code": _font(host, ".st-key-ws-code [data-testid='stMetricValue'] div"),
        "progress numbers": _font(host, ".st-key-ws-progress [data-testid='stMetricValue'] div"),
        "progress labels": _font(host, ".st-key-ws-progress [data-testid='stMetricLabel'] p"),
        "join link": _font(host, ".st-key-ws-code [data-testid='stCode'] code"),
        "who is behind": _font(host, ".st-key-ws-behind [data-testid='stText']"),
        "captions": _font(host, "[data-testid='stCaptionContainer']"),
    }
    for what, smallest in {
        "join code": 80,
        "progress numbers": 64,
        "progress labels": 28,
        "join link": 28,
        "who is behind": 28,
        "captions": 24,
    }.items():
        assert sizes[what] >= smallest, (what, sizes)

    host.get_by_role("button", name="Reveal the answers").click()
    expect(host.get_by_text("The room:", exact=False).first).to_be_visible(timeout=20_000)
    host.wait_for_timeout(800)
    host.screenshot(path=str(SHOTS / f"{db}-presenting-1920-room.png"))
    host.locator(".st-key-ws-odds").scroll_into_view_if_needed()  # charts are drawn once on screen
    ticks = host.locator(".st-key-ws-odds .ytick text")
    expect(ticks.first).to_be_visible(timeout=15_000)
    assert float(ticks.first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 24

    # consensus and odds from the answers given only: computed here, independently, from the same answers
    given = {"Ann Finance": EVERYTHING, **PARTIAL}
    room = _expected_room({n: {f: v for f, v in a.items()} for n, a in given.items()})
    assert room.complete == [True, False, False, False]
    expect(host.get_by_text("3 participants left questions unanswered or “not sure”", exact=False)).to_be_visible()
    expect(
        host.get_by_text("Headcount and Control over workers on 3 of 4 people's answers", exact=False)
    ).to_be_visible()
    odds = {short_name(m, knowledge()): f"{p:.0%}" for m, p in room.analysis.spread.probabilities.items() if p > 0}
    host.get_by_text("Chance of coming first: the chart as a table").click()
    table = host.locator("[data-testid='stExpander']", has_text="Chance of coming first: the chart").inner_text()
    for name, share in odds.items():
        assert name in table and share in table, (name, share, table)
    agreement = host.locator(".st-key-ws-agreement")
    expect(agreement).to_be_visible()

    # the heat map: who left which question open, and no share of the room for them
    host.get_by_text("Presenting mode (large type for a projector)").click()
    wait_ready(host)
    host.set_viewport_size({"width": 1440, "height": 1000})
    _view(host, "Heat map")
    expect(host.get_by_text("Where the room disagrees", exact=True)).to_be_visible(timeout=15_000)
    host.screenshot(path=str(SHOTS / f"{db}-host-1440-heat-map.png"), full_page=True)
    host.get_by_text("Where the room disagrees: the chart as a table").click()
    heat = host.locator("[data-testid='stExpander']", has_text="Where the room disagrees: the chart")
    rows = heat.inner_text()
    control = " ".join(heat.locator("tr", has_text="Control over workers").first.inner_text().split())
    assert "Cy Tech (CIO): not sure;" in control and "Ann Finance (CFO): outcomes (67%)" in control, control
    assert "Bo People (CHRO): individuals (33%)" in control  # shares of the 3 answers given, not of 4
    assert "Bo People (CHRO): unanswered" in rows and "Di Ops (Operations / business owner): not sure" in rows

    # the agenda says what settling changes: onshore-only data moves the location and the cost
    _view(host, "Agenda")
    expect(host.get_by_text("Discussion agenda")).to_be_visible(timeout=15_000)
    expect(host.get_by_text("Changes the delivery location", exact=False).first).to_be_visible()
    host.screenshot(path=str(SHOTS / f"{db}-host-1440-agenda.png"), full_page=True)

    with host.expect_download(timeout=90_000) as download:
        host.get_by_role("button", name="Download the PDF (agreed answers and workshop)").click()
    pdf = Path(download.value.path()).read_bytes()
    (ARTIFACTS / f"workshop-{db}.pdf").write_bytes(pdf)
    (SHOTS / f"workshop-{db}.pdf").write_bytes(pdf)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    for expected in ("The workshop", "Board offsite", "Ann Finance", "Discussion agenda", "Consensus"):
        assert expected in text, expected
    assert "3 of 4 (1 not sure)" in text  # Control over workers: what its agreement rests on
    assert "Headcount and Control over workers on 3 of 4 people's answers" in text
    assert "(not every question answered)" in text  # Bo, Cy and Di have no own first choice
    for name, share in odds.items():
        assert f"{name} {share}" in text, (name, share)
    assert "Offshore delivery" not in text and "Delivery location not settled" in text
    assert secret not in text

    # the join code on a 390 px phone: whole, not cut off
    host.set_viewport_size({"width": 390, "height": 844})
    host.get_by_text("How to join").click()
    wait_ready(host)
    host.wait_for_timeout(600)  # the expander's opening animation
    value = host.locator(".st-key-ws-code [data-testid='stMetricValue']").first
    expect(value).to_be_visible(timeout=15_000)
    box = value.evaluate(
        "e => { const r = e.getBoundingClientRect(); const t = e.querySelector('div') || e;"
        " return {right: r.right, sw: t.scrollWidth, cw: t.clientWidth}; }"
    )
    assert box["right"] <= 390 and box["sw"] <= box["cw"] + 1, box
    host.screenshot(path=str(SHOTS / f"{db}-host-390-join-code.png"), full_page=True)
    for page in (host, *people.values()):
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
