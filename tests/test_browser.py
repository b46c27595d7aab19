"""The app in Chromium against `streamlit run`, as a user drives it."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader

playwright = pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Browser, Page, expect  # noqa: E402

from .support.browser import CHROMIUM, ROOT, chromium, open_section, section, streamlit_server, wait_ready  # noqa: E402

pytestmark = pytest.mark.browser
ARTIFACTS = ROOT / "test-artifacts"
HEADCOUNT = "How many full-time people does the work need?"

if not os.path.exists(CHROMIUM):
    pytest.fail(f"Chromium not found at {CHROMIUM}: run .ci/run, which installs it", pytrace=False)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app on a database of its own: its PDF budget is this module's, not what other runs left."""
    database = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'advisor.sqlite3'}"
    with streamlit_server({"DATABASE_URL": database}) as (url, _):
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as b:
        yield b


def _open(browser: Browser, url: str, width: int = 1440) -> Page:
    page = browser.new_context(viewport={"width": width, "height": 1000 if width > 600 else 844}).new_page()
    page.goto(url)
    wait_ready(page)
    expect(_headline(page)).to_be_attached(timeout=30_000)
    return page


def _upload(page: Page, path: Path) -> None:
    wait_ready(page)
    if not page.locator("input[type='file']").count():
        page.get_by_role("button", name="Load answers").click()
    page.locator("input[type='file']").set_input_files(str(path))
    page.wait_for_timeout(500)
    wait_ready(page)


def _headline(page: Page):
    """The result's heading (its anchor is "result"), whatever the advice says."""
    return page.locator("h2#result")


def _set_headcount(page: Page, value: int) -> None:
    box = page.get_by_label(HEADCOUNT, exact=True)
    box.fill(str(value))
    box.press("Enter")
    expect(box).to_have_value(str(value))
    wait_ready(page)


def _shot(page: Page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1440, "height": 2600})
    page.wait_for_timeout(800)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.set_viewport_size({"width": 1440, "height": 1000})


def test_changing_answers_changes_the_recommendation(server: str, browser: Browser) -> None:
    page = _open(browser, server)
    expect(_headline(page)).to_contain_text("ITES/BPO")
    _shot(page, "recommendation")
    _set_headcount(page, 5)
    page.get_by_text("Individuals: I pick specific people and manage them").click()
    expect(_headline(page)).to_contain_text("EOR", timeout=15_000)
    _shot(page, "recommendation-eor")
    page.context.close()


# Marks the questionnaire's and the result's DOM nodes; reads which marks survived the last answer change.
MARK = """() => { const q = document.querySelector('textarea');
  const h = document.querySelector('h2#result'); const kept = [q.__mark === 1, h.__mark === 1];
  q.__mark = 1; h.__mark = 1; return kept; }"""


def test_an_answer_change_redraws_the_result_and_leaves_the_questionnaire(server: str, browser: Browser) -> None:
    """An answer reruns only the live fragment (ui/recommendation.py): the result, the tools and the words above
    change; the questionnaire's widgets stay as drawn, except where a note under a box must change."""
    page = _open(browser, server)
    expect(page.locator("textarea")).to_be_attached()
    page.evaluate(MARK)
    _set_headcount(page, 5)
    expect(_headline(page)).to_contain_text("Keep it in-house")
    expect(page.locator(".score-chart .score-row").first).to_have_text("ITES/BPOruled out")  # below 30 people
    page.wait_for_function("() => location.search.includes('a=3~5_')", timeout=15_000)  # the share link
    expect(page.get_by_text("This is an example")).to_have_count(0)
    assert page.evaluate(MARK) == [True, True]  # neither redrawn from nothing: both updated in place
    box = page.get_by_label(HEADCOUNT, exact=True)
    box.fill("")
    box.press("Enter")  # emptied: the whole page reruns, and the note under the box says what stands in
    expect(page.get_by_text("Empty: the advisor keeps using 5 people")).to_be_visible()
    _set_headcount(page, 300)
    expect(page.get_by_text("Empty: the advisor keeps using")).to_have_count(0)
    expect(_headline(page)).not_to_contain_text("Keep it in-house")
    region = page.get_by_label("Where is the company today?", exact=True)  # today's cost note follows the region
    region.click()
    region.fill("Europe")
    region.press("Enter")
    wait_ready(page)
    expect(page.get_by_text("the suggested default for", exact=False).first).to_contain_text("Europe (EU)")
    page.context.close()


def test_files_built_on_click_hold_the_latest_answers(server: str, browser: Browser) -> None:
    """Save and PDF build their files on click: from the answers on screen then, the PDF named by the company.
    (They are drawn again with each answer change: drawn with the page only, Streamlit forgets their files when a
    callback reruns the fragment, as the answers' callbacks do.)"""
    page = _open(browser, server)
    for headcount in (123, 45):
        _set_headcount(page, headcount)
        page.wait_for_function(f"() => location.search.includes('~{headcount}_')", timeout=15_000)  # the run began
        wait_ready(page)  # and ended, so the buttons are this run's
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name="Save answers", exact=True).click()
        assert json.loads(Path(download.value.path()).read_text())["headcount"] == headcount
    company = page.get_by_label("Company (shown on screen and in the report only)", exact=True)
    company.fill("Kappa AG")
    company.press("Enter")
    expect(page.get_by_text("Prepared for Kappa AG")).to_be_visible()
    wait_ready(page)
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download PDF report").click()
    assert download.value.suggested_filename == "Kappa AG - sourcing recommendation.pdf"
    page.context.close()


def test_files_hold_what_was_typed_without_enter(server: str, browser: Browser) -> None:
    """Typed, then the button clicked at once: the box sends its value as it loses focus, just before the click,
    and the file holds it and is named by it (the click's own run builds it, ui/on_click.py), however long
    the button is held down. (Streamlit's own download button failed here: no file for presses of 30-100 ms.)"""
    page = _open(browser, server)
    page.get_by_label("Company (shown on screen and in the report only)", exact=True).fill("Lambda SA")
    with page.expect_download(timeout=60_000) as download:
        page.get_by_role("button", name="Download PDF report").click()
    first = " ".join(PdfReader(download.value.path()).pages[0].extract_text().split())
    assert "Prepared for Lambda SA" in first
    assert download.value.suggested_filename == "Lambda SA - sourcing recommendation.pdf"
    save = page.get_by_role("button", name="Save answers", exact=True)
    for pause, headcount in ((0, 77), (60, 78), (150, 79)):  # pressed as a person does, for this long
        page.get_by_label(HEADCOUNT, exact=True).fill(str(headcount))
        save.hover()  # the pointer on the button (scrolled into view, nothing over it); the box keeps the focus
        with page.expect_download(timeout=30_000) as download:
            page.mouse.down()  # the box loses focus: its value is sent, and a run starts
            page.wait_for_timeout(pause)
            page.mouse.up()
        saved = json.loads(Path(download.value.path()).read_text())
        assert (saved["headcount"], saved["company"]) == (headcount, "Lambda SA"), pause
    page.context.close()


def test_share_link_opens_the_same_answers_in_a_fresh_browser(server: str, browser: Browser) -> None:
    page = _open(browser, server)
    _set_headcount(page, 250)
    page.get_by_text("Yes, from the start").click()
    wait_ready(page)
    page.wait_for_function("() => location.search.includes('a=3~250_')", timeout=15_000)
    link = page.url
    headline = _headline(page).inner_text()
    fresh = _open(browser, link)
    expect(fresh.get_by_label(HEADCOUNT, exact=True)).to_have_value("250")
    expect(_headline(fresh)).to_have_text(headline)
    fresh.context.close()
    page.context.close()


def test_tampered_link_warns(server: str, browser: Browser) -> None:
    page = _open(browser, f"{server}/?a=1~80_9_9_9~deadbe")
    expect(page.get_by_text("changed or damaged", exact=False)).to_be_visible()
    expect(_headline(page)).to_be_visible()
    _shot(page, "tampered-link")
    page.context.close()


def test_bad_upload_shows_an_error_and_keeps_answers(server: str, browser: Browser, tmp_path: Path) -> None:
    page = _open(browser, server)
    _set_headcount(page, 123)
    bad = tmp_path / "answers.json"
    bad.write_text(json.dumps({"headcount": "lots", "process_stability": "wobbly"}))
    _upload(page, bad)
    expect(page.get_by_text("The file was not loaded", exact=False)).to_be_visible(timeout=15_000)
    expect(page.get_by_text("“process_stability”", exact=False).first).to_be_visible()
    expect(page.get_by_label(HEADCOUNT, exact=True)).to_have_value("123")
    _shot(page, "bad-upload")
    good = tmp_path / "good.json"
    good.write_text(
        json.dumps(
            {
                "headcount": 7,
                "process_stability": "stable",
                "data_regulation": "none",
                "worker_control": "individuals",
                "ip_sensitivity": "low",
            }
        )
    )
    _upload(page, good)
    expect(page.get_by_label(HEADCOUNT, exact=True)).to_have_value("7", timeout=15_000)
    expect(_headline(page)).to_contain_text("EOR")
    page.context.close()


def test_two_users_never_see_each_other(server: str, browser: Browser) -> None:
    alice, bob = _open(browser, server), _open(browser, server)
    alice.get_by_label("Company (shown on screen and in the report only)").fill("Alpha Corp")
    alice.get_by_label("Company (shown on screen and in the report only)").press("Enter")
    _set_headcount(alice, 7)
    bob.get_by_label("Company (shown on screen and in the report only)").fill("Beta Ltd")
    bob.get_by_label("Company (shown on screen and in the report only)").press("Enter")
    wait_ready(bob)
    expect(alice.get_by_text("Prepared for Alpha Corp")).to_be_visible()
    expect(bob.get_by_text("Prepared for Beta Ltd")).to_be_visible()
    bob.reload()
    wait_ready(bob)
    expect(bob.get_by_label(HEADCOUNT, exact=True)).not_to_have_value("7")
    assert "Alpha Corp" not in bob.content() and "Beta Ltd" not in alice.content()
    alice.context.close()
    bob.context.close()


def test_other_pages_keep_the_answers_and_pdf_downloads(server: str, browser: Browser) -> None:
    page = _open(browser, server)
    _set_headcount(page, 77)
    page.get_by_role("link", name="Models compared").click()
    expect(page.get_by_text("The five models compared")).to_be_visible()
    wait_ready(page)
    _shot(page, "models")
    page.get_by_role("link", name="Method and sources").click()
    expect(page.get_by_text("How the recommendation is made")).to_be_visible()
    wait_ready(page)
    _shot(page, "method")
    page.get_by_role("link", name="Recommendation").click()
    wait_ready(page)
    expect(page.get_by_label(HEADCOUNT, exact=True)).to_have_value("77")
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="Download PDF report").click()
    path = download.value.path()
    assert Path(path).read_bytes().startswith(b"%PDF")
    page.context.close()


# An uncertain case: three "not sure" answers under which another model is likelier to come first.
UNSURE_LINK = "/?a=2~80_0_1_0_0_0_0_0___1_0_0_70000_9_0~1-02_3-021~0-1000-2000~"
ICONS = "[data-testid='stIconMaterial'], .material-symbols-rounded, [data-testid='stExpanderIcon']"
RAW_ID = re.compile(r"\b[a-z]+_[a-z_]+\b|\b\d{3}_[0-9a-f]{16}\.txt|\de[+-]\d")


def _link(server: str, path: str) -> str:
    from advisor.inputs.share import _check

    base, _, rest = path.partition("?a=")
    payload = rest.split("~", 1)[1].rsplit("~", 1)[0]
    return f"{server}{base}?a=2~{payload}~{_check(payload)}"


def _page_text(page: Page) -> str:
    """What a reader sees in the main area, without icon ligature names."""
    return page.evaluate(
        """(icons) => { const main = document.querySelector('[data-testid=stMain]').cloneNode(true);
        main.querySelectorAll(icons).forEach(e => e.remove()); return main.innerText; }""",
        ICONS,
    )


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("window.innerWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    script = """() => [...document.querySelectorAll('[data-testid=stMain] *')]
        .filter(e => e.clientWidth > 2 && e.scrollWidth > e.clientWidth + 1
                && getComputedStyle(e).overflowX !== 'visible' && e.closest('.stPlotlyChart') === null
                && !['TEXTAREA', 'INPUT'].includes(e.tagName))
        .map(e => e.tagName + ' ' + e.getAttribute('data-testid') + ' ' + e.className)"""
    for _ in range(10):  # an element still being laid out can be wide for a moment: what stays wide fails
        wide = page.evaluate(script)
        if not wide:
            return
        page.wait_for_timeout(300)
    assert not wide, wide


def _tools(page: Page) -> None:
    for name in ("Share link", "Save answers", "Download PDF report", "Load answers", "Start again"):
        expect(page.get_by_role("button", name=name)).to_be_visible()


@pytest.mark.parametrize("width", [1440, 390])
def test_uncertain_headline_words_tools_and_no_sideways_scroll(server: str, browser: Browser, width: int) -> None:
    page = _open(browser, _link(server, UNSURE_LINK), width)
    call = page.locator("[data-testid='stAlert']", has_text="Uncertain call")
    expect(call).to_be_visible()
    expect(call).to_contain_text("more likely to come first")
    if width < 600:  # the summary on top names the result, with a jump link to it
        summary = page.locator(".st-key-phone-summary")
        expect(summary).to_be_visible()
        assert summary.bounding_box()["y"] < 844 * 1.5
        summary.get_by_role("link", name="See the result").click()
        expect(_headline(page)).to_be_in_viewport()
    else:
        expect(page.locator(".st-key-phone-summary")).to_be_hidden()
    _tools(page)
    expect(page.get_by_text("Choose a section:")).to_be_visible()  # no section is drawn until chosen
    for name in ("What-if", "Uncertainty", "Cost", "Time", "Fit matrix"):
        open_section(page, name)
        text = _page_text(page)
        assert not RAW_ID.findall(text), (name, RAW_ID.findall(text))
        _no_sideways_scroll(page)
    section(page, "Fit matrix").click()  # choosing the open section again closes it
    expect(page.get_by_text("Choose a section:")).to_be_visible()
    expect(section(page, "Fit matrix")).to_have_attribute("aria-checked", "false")
    _shot(page, f"uncertain-{width}") if width > 600 else None
    page.context.close()


def test_share_link_with_rates_and_uncertain_answers_opens_the_same(server: str, browser: Browser) -> None:
    page = _open(browser, _link(server, UNSURE_LINK))
    open_section(page, "Cost")
    table = page.locator("[data-testid='stTable']").first.inner_text()
    link = page.url
    fresh = _open(browser, link)
    open_section(fresh, "Cost")
    assert fresh.locator("[data-testid='stTable']").first.inner_text() == table
    expect(fresh.locator("[data-testid='stAlert']", has_text="Uncertain call")).to_be_visible()
    fresh.context.close()
    page.context.close()


def test_every_page_keeps_the_answers_and_the_tools(server: str, browser: Browser) -> None:
    link = _link(server, "/models?a=2~250_0_1_0_0_0_0_2___1_0_0_70000_9_0~5-02~~")
    page = browser.new_context(viewport={"width": 1440, "height": 1000}).new_page()
    page.goto(link)
    wait_ready(page)
    expect(page.get_by_text("The five models compared")).to_be_visible()
    _tools(page)
    assert "a=3~250_" in page.url
    page.get_by_role("link", name="Method and sources").click()
    wait_ready(page)
    expect(page.get_by_text("How the recommendation is made")).to_be_visible()
    _tools(page)
    page.wait_for_function("() => location.search.includes('a=3~250_')", timeout=15_000)
    page.get_by_role("link", name="Recommendation").click()
    wait_ready(page)
    expect(page.get_by_label(HEADCOUNT, exact=True)).to_have_value("250")
    expect(page.get_by_text("Kind of work: possible values")).to_be_visible()
    page.context.close()


def test_an_emptied_number_box_keeps_its_value(server: str, browser: Browser) -> None:
    page = _open(browser, server)
    _set_headcount(page, 7)
    expect(_headline(page)).to_contain_text("Keep it in-house", timeout=15_000)  # a provider for 7 people: none
    headline = _headline(page).inner_text()
    box = page.get_by_label(HEADCOUNT, exact=True)
    box.fill("")
    box.press("Enter")
    wait_ready(page)
    expect(page.get_by_text("keeps using 7 people", exact=False)).to_be_visible()
    expect(_headline(page)).to_have_text(headline)
    page.context.close()
