"""Accessible pages: axe-core finds no WCAG 2.0/2.1 A or AA violation on any page, at 1440 and 390 px,
nor in a workshop after the reveal; and a keyboard alone goes from the first question to the PDF download.
One server (SQLite workshops) serves every check in this module."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402
from playwright.sync_api import Browser, Page, expect  # noqa: E402

from advisor.inputs.partial import NOT_SURE  # noqa: E402

from .support.browser import CHROMIUM, ROOT, chromium, open_section, streamlit_server, wait_ready  # noqa: E402
from .support.workshop_pages import EVERYTHING, answer  # noqa: E402

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
WIDTHS = {1440: 1000, 390: 844}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
PORTFOLIO = (
    "name,headcount,process_stability,data_regulation,worker_control,ip_sensitivity,regulations\n"
    "Accounts payable,45,stable,personal,outcomes,low,gdpr;sox\n"
    "Analytics,25,evolving,none,team,high,\n"
    "Claims,eighty,stabel,personal,outcomes,low,\n"
)
TABS = ("What-if", "Uncertainty", "Cost", "Time", "Risks", "Pricing and hubs", "Fit matrix")

if not os.path.exists(CHROMIUM):
    pytest.fail(f"Chromium not found at {CHROMIUM}: run .ci/run, which installs it", pytrace=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    database = f"sqlite:///{tmp_path_factory.mktemp('a11y') / 'workshops.sqlite3'}"
    with streamlit_server({"DATABASE_URL": database}) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def _page(browser: Browser, url: str, width: int = 1440) -> Page:
    page = browser.new_context(viewport={"width": width, "height": WIDTHS[width]}).new_page()
    page.goto(url)
    wait_ready(page)
    return page


def _violations(axe: Axe, page: Page, where: str) -> list[str]:
    """axe's findings on the page as it is now, one line per element. None is excluded: Streamlit's own markup
    gave no finding the theme and style could not fix."""
    page.wait_for_timeout(300)  # let charts and late layout settle
    return [
        f"{where}: {rule['id']} at {' '.join(map(str, node['target']))}: {node['failureSummary']!r} in "
        f"{node['html'][:160]}"
        for rule in axe.run(page, options=AXE_OPTIONS).response["violations"]
        for node in rule["nodes"]
    ]


def _open_chart_tables(page: Page) -> None:
    """Open every chart's text alternative, so axe checks the tables inside too."""
    closed = page.locator("details:not([open]) > summary", has_text="the chart as a table")
    for _ in range(closed.count()):
        closed.first.click()
        page.wait_for_timeout(100)


def _both_widths(axe: Axe, page: Page, where: str) -> list[str]:
    """Check at 1440 px, then at 390 px (the same session, the window narrowed), then back."""
    _open_chart_tables(page)
    found = []
    for width, height in WIDTHS.items():
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(400)
        wait_ready(page)
        found += _violations(axe, page, f"{where} @{width}")
    page.set_viewport_size({"width": 1440, "height": 1000})
    return found


def _nav(page: Page, name: str) -> None:
    page.get_by_role("link", name=name).click()
    page.wait_for_timeout(300)
    wait_ready(page)


def _pin(page: Page, name: str) -> None:
    page.get_by_label("Pin these answers as a scenario").fill(name)
    page.get_by_role("button", name="Pin scenario").click()
    wait_ready(page)


def test_no_axe_violations_on_any_page_at_both_widths(server: str, browser: Browser, axe: Axe, tmp_path: Path) -> None:
    page = _page(browser, server)
    found: list[str] = []
    _pin(page, "Base case")
    box = page.get_by_label("How many full-time people does the work need?", exact=True)
    box.fill("400")
    box.press("Enter")
    wait_ready(page)
    _pin(page, "Bigger team")
    for tab in TABS:
        open_section(page, tab)  # only the chosen section is drawn, on a rerun
        found += _both_widths(axe, page, f"Recommendation, {tab}")
    _nav(page, "Scenarios")
    expect(page.get_by_text("Side by side", exact=True)).to_be_visible()
    found += _both_widths(axe, page, "Scenarios")
    _nav(page, "Portfolio")
    source = tmp_path / "inventory.csv"
    source.write_text(PORTFOLIO, encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(source))
    expect(page.get_by_text("Headcount assessed")).to_be_visible(timeout=30_000)
    wait_ready(page)
    found += _both_widths(axe, page, "Portfolio with a result")
    for name in ("Models compared", "Method and sources", "Workshop: join", "Workshop: facilitate"):
        _nav(page, name)
        found += _both_widths(axe, page, name)
    page.context.close()
    assert not found, "\n".join(found)


def _join(browser: Browser, server: str, code: str, name: str, role: str, width: int) -> Page:
    page = _page(browser, f"{server}/join?code={code}", width)
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Your role").click()
    page.get_by_role("option", name=role).click()
    page.get_by_role("button", name="Join").click()
    expect(page.get_by_text(f"You: {name}", exact=False)).to_be_visible(timeout=20_000)
    wait_ready(page)
    return page


def test_no_axe_violations_in_a_workshop_after_the_reveal(server: str, browser: Browser, axe: Axe) -> None:
    host = _page(browser, f"{server}/facilitate")
    host.get_by_label("Workshop title").fill("Board offsite")
    host.get_by_role("button", name="Create the workshop").click()
    expect(host.get_by_text("Join code")).to_be_visible(timeout=20_000)
    code = host.locator("[data-testid='stMetricValue']").first.inner_text().strip()
    people = [
        _join(browser, server, code, "Ann Finance", "CFO (finance)", 1440),
        _join(browser, server, code, "Bo People", "CHRO (people)", 390),
    ]
    for field, value in EVERYTHING.items():  # the room needs an answer to every question
        answer(people[0], field, value)
    answer(people[1], "headcount", 8)
    answer(people[1], "worker_control", NOT_SURE)
    expect(people[1].get_by_text("Saved.")).to_be_visible(timeout=15_000)
    expect(host.locator("[data-testid='stMetricValue']").nth(4)).to_have_text("1", timeout=20_000)  # done
    found = _both_widths(axe, host, "Facilitator before the reveal")
    host.get_by_role("button", name="Reveal the answers").click()
    expect(host.get_by_text("The room:", exact=False)).to_be_visible(timeout=20_000)
    for view in ("Room", "Heat map", "Agenda", "Lenses", "Decision log"):
        button = host.locator("[data-testid='stButtonGroup'] button", has_text=view)
        if button.count():
            button.first.click()
            wait_ready(host)
        found += _both_widths(axe, host, f"Facilitator, {view}")
    host.get_by_text("Presenting mode (large type for a projector)").click()
    wait_ready(host)
    found += _both_widths(axe, host, "Facilitator presenting")
    for person in people:
        person.reload()
        wait_ready(person)
        expect(person.get_by_text("The room:", exact=False)).to_be_visible(timeout=15_000)
        found += _both_widths(axe, person, "Participant after the reveal")
    for page in (host, *people):
        page.context.close()
    assert not found, "\n".join(found)


FOCUSED = """() => { const e = document.activeElement;
  const label = e.labels && e.labels.length ? e.labels[0].innerText : '';
  const name = e.getAttribute('aria-label') || label || e.innerText;
  return (name || '').replace(/\\s+/g, ' ').trim(); }"""


def _focus(page: Page, name: str, key: str = "Tab", limit: int = 80) -> int:
    """Press `key` until the focused element is the one named `name` (a button's icon name may stand before it;
    a question's help button, "Help for ...", is passed by); the number of presses."""
    for presses in range(1, limit + 1):
        page.keyboard.press(key)
        focused = page.evaluate(FOCUSED)
        if not focused.startswith("Help for") and (focused.startswith(name) or focused.endswith(f" {name}")):
            return presses
    raise AssertionError(f"{key} x{limit} never reached “{name}”; focus is on “{page.evaluate(FOCUSED)}”")


def test_a_keyboard_alone_goes_from_the_first_question_to_the_pdf(server: str, browser: Browser) -> None:
    """Tab to the first question, type a number; Tab to a choice, change it with the arrows; Shift+Tab back to
    the tools row and Enter on the PDF button: the download happens, and the PDF holds the keyboard's answers."""
    from pypdf import PdfReader

    page = _page(browser, server)
    expect(page.get_by_role("button", name="Download PDF report")).to_be_visible()
    _focus(page, "How many full-time people does the work need?")
    page.keyboard.type("5")
    page.keyboard.press("Enter")
    wait_ready(page)
    expect(page.get_by_label("How many full-time people does the work need?", exact=True)).to_have_value("5")
    _focus(page, "Outcomes: I manage the output")  # the choice's checked option takes the focus
    for _ in range(2):  # outcomes -> team -> individuals
        page.keyboard.press("ArrowDown")
        wait_ready(page)
    expect(page.get_by_role("radio", name="Individuals: I pick specific people", exact=False)).to_be_checked()
    expect(page.locator("h2#result")).to_contain_text("EOR", timeout=15_000)
    wait_ready(page)
    _focus(page, "Download PDF report", key="Shift+Tab")
    expect(page.get_by_role("button", name="Download PDF report")).to_be_focused()
    with page.expect_download(timeout=60_000) as download:
        page.keyboard.press("Enter")
    pdf = Path(download.value.path()).read_bytes()
    cover = PdfReader(download.value.path()).pages[0].extract_text()
    assert pdf.startswith(b"%PDF") and "EOR" in cover
    page.context.close()
