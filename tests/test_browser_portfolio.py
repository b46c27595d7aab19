"""Portfolio upload and scenario comparison in Chromium, as a user drives them."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from pypdf import PdfReader

playwright = pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Page, expect  # noqa: E402

from .support import pg  # noqa: E402
from .support.browser import ROOT, streamlit_server, wait_ready  # noqa: E402
from .test_browser import HEADCOUNT, _open, browser  # noqa: E402, F401  (shared fixtures)

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
PORTFOLIO = (
    "name,headcount,process_stability,data_regulation,worker_control,ip_sensitivity,regulations\n"
    "Accounts payable,45,stable,personal,outcomes,low,gdpr;sox\n"
    "Analytics,25,evolving,none,team,high,\n"
    "=cmd|' /C calc'!A0,eighty,stabel,personal,outcomes,low,\n"
)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(request, tmp_path_factory) -> Iterator[str]:
    """The app on either database (the PDF limits are counted there), as it is hosted."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('pf') / 'advisor.sqlite3'}"
        with streamlit_server({"DATABASE_URL": url}) as (address, _):
            yield address
        return
    host, port, user = request.getfixturevalue("pg_server")
    with (
        pg.database(host, port, user, "advisor_portfolio") as url,
        streamlit_server({"DATABASE_URL": url}) as (address, _),
    ):
        yield address


def _nav(page: Page, name: str) -> None:
    page.get_by_role("link", name=name).click()
    page.wait_for_timeout(300)
    wait_ready(page)


def test_portfolio_upload_lists_results_and_row_problems(browser, server, tmp_path) -> None:  # noqa: F811
    page = _open(browser, server)
    _nav(page, "Portfolio")
    bad = tmp_path / "bad.csv"
    bad.write_text("nme,headcont\nx,1\n", encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(bad))
    expect(page.get_by_text("bad.csv could not be read as a portfolio")).to_be_visible(timeout=30_000)
    alert = page.locator("[class*='st-key-problems-error']")  # the list of problems sits inside its alert box
    expect(alert.get_by_text("Did you mean “headcount”?")).to_be_visible()
    expect(alert.get_by_text("bad.csv could not be read as a portfolio")).to_be_visible()
    source = tmp_path / "inventory.csv"
    source.write_text(PORTFOLIO, encoding="utf-8")
    page.locator("input[type=file]").set_input_files(str(source))
    expect(page.get_by_text("Headcount assessed")).to_be_visible(timeout=30_000)
    wait_ready(page)
    expect(page.get_by_text("1 row with problems: kept, not assessed")).to_be_visible()
    expect(page.get_by_text("3 of 3 processes")).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "portfolio.png"), full_page=True)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download results (CSV)").click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    assert "Accounts payable" in text and "'=cmd" in text
    assert ",eighty,stabel," in text  # a row with problems keeps what it gave
    # the problem table names the process and says the whole problem in words
    problems = page.get_by_test_id("stTable").filter(has_text="Value given")
    expect(problems.get_by_text("=cmd|' /C calc'!A0").first).to_be_visible()
    words = "Headcount must be a whole number from 1 to 100,000; you gave “eighty”."
    expect(problems.get_by_text(words)).to_be_visible()
    # the tools row is here, and its PDF is this portfolio's report, named on its first page
    tools = page.locator(".st-key-tools")
    for name in ("Share link", "Save answers", "Load answers"):
        expect(tools.get_by_role("button", name=name)).to_be_visible()
    page.get_by_role("textbox", name="Title of the PDF report").fill("Inventory 2027")
    page.get_by_role("textbox", name="Title of the PDF report").press("Enter")
    wait_ready(page)
    with page.expect_download(timeout=60_000) as download:
        tools.get_by_role("button", name="Download PDF report").click()
    pdf = PdfReader(io.BytesIO(download.value.path().read_bytes()))
    first = " ".join(pdf.pages[0].extract_text().split())
    assert "PORTFOLIO ASSESSMENT" in first and "Inventory 2027" in first and "3 processes from inventory.csv" in first
    assert "Executive summary" not in " ".join(p.extract_text() for p in pdf.pages)
    page.screenshot(path=str(ARTIFACTS / "portfolio-tools.png"), full_page=True)
    grid = page.get_by_test_id("stDataFrame").last
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 15, box["y"] + 52)  # the first row's selection box
    wait_ready(page)
    page.get_by_role("button", name="Open “Accounts payable” in the questionnaire").click()
    wait_ready(page)
    expect(page.get_by_label(HEADCOUNT, exact=True)).to_have_value("45", timeout=15_000)
    expect(page.get_by_text("row 2 of the portfolio inventory.csv")).to_be_visible()  # the opened row, by name


def test_scenarios_side_by_side_and_load_back(browser, server) -> None:  # noqa: F811
    page = _open(browser, server)
    page.get_by_label("Pin these answers as a scenario").fill("Base case")
    page.get_by_role("button", name="Pin scenario").click()
    wait_ready(page)
    box = page.get_by_label(HEADCOUNT, exact=True)
    box.fill("400")
    box.press("Enter")
    expect(box).to_have_value("400")
    wait_ready(page)
    page.get_by_label("Pin these answers as a scenario").fill("Bigger team")
    page.get_by_role("button", name="Pin scenario").click()
    wait_ready(page)
    _nav(page, "Scenarios")
    expect(page.get_by_text("Side by side", exact=True)).to_be_visible()
    expect(page.get_by_text("Answers that differ (1 of")).to_be_visible()
    assert page.get_by_test_id("stException").count() == 0
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "scenarios.png"), full_page=True)
    tools = page.locator(".st-key-tools")
    expect(tools.get_by_role("button", name="Share link")).to_be_visible()
    with page.expect_download(timeout=60_000) as download:
        tools.get_by_role("button", name="Download PDF comparison").click()
    first = " ".join(PdfReader(io.BytesIO(download.value.path().read_bytes())).pages[0].extract_text().split())
    assert "SCENARIO COMPARISON" in first and "Base case · Bigger team" in first
    page.get_by_role("button", name="Load into questionnaire").first.click()
    wait_ready(page)
    expect(page.get_by_label(HEADCOUNT, exact=True)).to_have_value("80", timeout=15_000)
