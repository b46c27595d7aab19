"""The replica set as deploy/ ships it (PostgreSQL, three replicas, HAProxy with deploy/haproxy.cfg), probed
from outside: headers, blocked metrics, stickiness, and a replica killed under a user's feet."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import re
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

playwright = pytest.importorskip("playwright.sync_api")
from playwright.sync_api import Browser, BrowserContext, Page, expect  # noqa: E402

from .support.browser import CHROMIUM, free_port, output, stop, wait_ready  # noqa: E402
from .support.protocol import Session  # noqa: E402
from .support.replicas import COOKIE, Replica, ReplicaSet, replica_set, start_haproxy, sticky_cookie  # noqa: E402
from .support.workshop_pages import answer  # noqa: E402
from .test_browser import HEADCOUNT, _open  # noqa: E402
from .test_browser import browser as _chromium  # noqa: E402
from .test_workshop_browser import _create_saved, _join  # noqa: E402

WAITING = "The room has no result yet"
browser = _chromium  # the same module-scoped Chromium fixture as the browser tests

pytestmark = pytest.mark.browser
COMPANY = "Company (shown on screen and in the report only)"

if not os.path.exists(CHROMIUM):
    pytest.fail(f"Chromium not found at {CHROMIUM}: run .ci/run, which installs it", pytrace=False)


@pytest.fixture(scope="module")
def rs() -> Iterator[ReplicaSet]:
    with replica_set(3) as started:
        yield started


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        return None


def _get(url: str, headers: dict[str, str] | None = None, redirects: bool = True) -> tuple[int, dict[str, str]]:
    request = urllib.request.Request(url, headers=headers or {})
    opener = urllib.request.build_opener() if redirects else urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=10) as response:
            return response.status, {k.lower(): v for k, v in response.headers.items()}
    except urllib.error.HTTPError as exc:
        return exc.code, {k.lower(): v for k, v in exc.headers.items()}


def test_haproxy_adds_the_security_headers(rs: ReplicaSet) -> None:
    status, headers = _get(rs.url + "/")
    assert status == 200
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert headers["x-frame-options"] == "DENY"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "strict-transport-security" not in headers  # plain HTTP: HSTS would be meaningless
    assert "server" not in headers  # no "uvicorn" (or version) banner
    _, behind_tls = _get(rs.url + "/", {"X-Forwarded-Proto": "https"})
    assert behind_tls["strict-transport-security"].startswith("max-age=31536000")


@pytest.mark.parametrize("path", ["/_stcore/metrics", "/_stcore//metrics", "/%5Fstcore/metrics", "/_STCORE/Metrics"])
def test_metrics_are_refused_from_outside_but_served_to_the_inside(rs: ReplicaSet, path: str) -> None:
    assert _get(rs.url + path)[0] == 404
    assert _get(rs.replicas[0].url + "/_stcore/metrics")[0] == 200  # a scraper on the private network


def test_no_cross_origin_access(rs: ReplicaSet) -> None:
    _, headers = _get(rs.url + "/_stcore/health", {"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in headers


def test_new_visitors_are_spread_over_the_replicas(rs: ReplicaSet) -> None:
    seen = {sticky_cookie(rs.url) for _ in range(6)}
    assert seen == {"app1", "app2", "app3"}


def _replica(context: BrowserContext) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == COOKIE)


def _answer(page: Page, company: str, headcount: int) -> None:
    page.get_by_label(COMPANY).fill(company)
    page.get_by_label(COMPANY).press("Enter")
    wait_ready(page)
    box = page.get_by_label(HEADCOUNT, exact=True)
    box.fill(str(headcount))
    box.press("Enter")
    expect(page.get_by_text(f"Prepared for {company}")).to_be_visible(timeout=15_000)
    page.wait_for_function(f"() => /a=\\d+~{headcount}_/.test(location.search)", timeout=15_000)
    wait_ready(page)


def test_a_killed_replica_loses_no_answer(rs: ReplicaSet, browser: Browser) -> None:
    users = {name: _open(browser, rs.url) for name in ("Alpha Corp", "Beta Ltd", "Gamma plc")}
    where = {name: _replica(page.context) for name, page in users.items()}
    assert len(set(where.values())) >= 2, f"every session landed on one replica: {where}"
    for headcount, (name, page) in enumerate(users.items(), start=7):
        _answer(page, name, headcount)
    headlines = {name: page.locator("h2#result").inner_text() for name, page in users.items()}

    victim = "Alpha Corp"
    dead = where[victim]
    rs.kill(dead)
    page = users[victim]
    for _ in range(60):  # bounded: 30 s for the page to notice and reconnect through HAProxy
        if _replica(page.context) != dead:
            break
        page.wait_for_timeout(500)
    assert _replica(page.context) != dead, "the page did not reconnect to another replica"
    wait_ready(page)
    expect(page.get_by_label(HEADCOUNT, exact=True)).to_have_value("7", timeout=15_000)
    expect(page.get_by_label(COMPANY)).to_have_value(victim)
    expect(page.get_by_text(f"Prepared for {victim}")).to_be_visible()
    expect(page.locator("h2#result")).to_have_text(headlines[victim])

    # Everyone else carries on, on their own replica, with their own answers.
    for name, other in users.items():
        if name == victim:
            continue
        expect(other.get_by_label(COMPANY)).to_have_value(name)
        _answer(other, name, 250)
        assert victim not in other.content()
    for other in users.values():
        other.context.close()


def test_replica_logs_are_json_lines_without_user_text(rs: ReplicaSet) -> None:
    for replica in rs.replicas:
        lines = [line for line in output(replica.proc).splitlines() if line.strip()]
        assert lines, f"{replica.name} logged nothing"
        for line in lines:
            entry = json.loads(line)  # every line, from the first
            assert {"time", "level", "logger", "message"} <= entry.keys()
            assert not any(name in line for name in ("Alpha Corp", "Beta Ltd", "Gamma plc")), line


def test_the_saved_answers_file_is_never_served_from_an_address(rs: ReplicaSet, browser: Browser) -> None:
    """The click's run hands the file to the tab (ui/on_click.py): the tab saves it from its own memory, so
    nothing with the company and notes waits in a replica's media store for anyone to fetch."""
    page = _open(browser, rs.url)
    _answer(page, "Delta GmbH", 33)
    with page.expect_download(timeout=30_000) as download:
        page.get_by_role("button", name="Save answers", exact=True).click()
    assert json.loads(Path(download.value.path()).read_text())["company"] == "Delta GmbH"
    assert download.value.url.startswith("blob:"), download.value.url
    page.context.close()


def test_the_answer_given_as_the_replica_dies_survives(rs: ReplicaSet) -> None:
    """The tab's share link lags one run behind what it shows: the answer whose run died with the replica
    is only in the widget states the tab sends when it reconnects. It must win over the link."""

    async def scenario() -> tuple[str, str, str]:
        tab = Session(rs.url)
        await tab.open()
        await tab.run()
        tab.set_int("q:headcount", 7)
        await tab.run()
        before = tab.cookies[COOKIE]
        assert tab.link_holds(7)
        tab.set_int("q:headcount", 250)  # typed, but its run never reaches the server:
        rs.kill(before)
        with contextlib.suppress(Exception):
            await tab.close()
        for _ in range(20):  # bounded: reconnect as the page does, through HAProxy, same cookies
            await asyncio.sleep(1)
            with contextlib.suppress(Exception):  # refused or reset while HAProxy notices
                await tab.open()
                await tab.run()
                break
        await tab.close()
        return before, tab.cookies[COOKIE], tab.query

    with ThreadPoolExecutor(1) as pool:  # Playwright's sync API holds this thread's event loop
        dead, now, query = pool.submit(asyncio.run, scenario()).result(timeout=120)
    assert now != dead
    assert re.search(r"a=\d+~250_", query), f"the last answer was lost: {query[:30]}"


@pytest.fixture
def fresh_rs() -> Iterator[ReplicaSet]:
    """Three live replicas again: the tests above killed two of `rs`'s."""
    with replica_set(3) as started:
        yield started


def test_a_workshop_spans_replicas_and_survives_a_killed_one(fresh_rs: ReplicaSet, browser: Browser) -> None:
    """Facilitator and participants on different replicas share one workshop (it lives in PostgreSQL); the
    replica under a participant is killed and the participant finds every saved answer on another one; then
    the facilitator's, and the dashboard comes back with its key. No log line of any component (the replicas,
    HAProxy's access log) holds the facilitator key, a participant token or the join code."""
    rs = fresh_rs
    host, code, link = _create_saved(browser, rs.url)
    people = {
        name: _join(browser, rs.url, code, name, role)
        for name, role in (("Ann Finance", "CFO (finance)"), ("Bo People", "CHRO (people)"), ("Cy Tech", "Other"))
    }
    where = {name: _replica(page.context) for name, page in people.items()} | {"host": _replica(host.context)}
    assert len(set(where.values())) >= 2, f"the room landed on one replica: {where}"
    answers = {"Ann Finance": (30, "outcomes"), "Bo People": (30, "individuals"), "Cy Tech": (8, "individuals")}
    for name, (headcount, control) in answers.items():
        answer(people[name], "headcount", headcount)
        answer(people[name], "worker_control", control)
    metrics = host.locator("[data-testid='stMetricValue']")
    expect(metrics.nth(3)).to_have_text("3", timeout=30_000)  # three answering, seen from the host's replica

    victim = next((n for n in people if where[n] != where["host"]), None)
    assert victim is not None, f"no participant on another replica than the facilitator: {where}"
    dead = where[victim]
    rs.kill(dead)
    page = people[victim]
    _wait_moved(page, dead)
    headcount, control = answers[victim]
    expect(page.get_by_label(HEADCOUNT, exact=True)).to_have_value(str(headcount), timeout=20_000)
    expect(page.get_by_text(f"You: {victim}", exact=False)).to_be_visible()
    again = page.context.new_page()  # and the participant link, read from the database by a live replica
    again.goto(page.url)
    wait_ready(again)
    expect(again.get_by_label(HEADCOUNT, exact=True)).to_have_value(str(headcount), timeout=20_000)

    if where["host"] == dead:  # cannot happen (victim chosen off the host's replica); kept explicit
        pytest.fail("the facilitator's replica was killed")
    host.get_by_role("button", name="Reveal the answers").click()
    # two questions answered each: the room waits for the rest (only answers people gave count)
    expect(host.get_by_text(WAITING, exact=False).first).to_be_visible(timeout=30_000)
    expect(host.get_by_text("Participants (3)", exact=False).first).to_be_visible(timeout=15_000)  # all counted

    rs.kill(where["host"])  # the facilitator's replica: the tab still holds the key, the new replica gets it
    _wait_moved(host, where["host"])
    expect(host.get_by_text(WAITING, exact=False).first).to_be_visible(timeout=30_000)
    host.reload()
    expect(host.get_by_text(WAITING, exact=False).first).to_be_visible(timeout=30_000)

    secret = link.split("#key=", 1)[1]
    tokens = [p.url.split("#p=", 1)[1] for p in people.values()]
    assert all(len(t) >= 32 for t in tokens), tokens
    for path in (f"/facilitate?f={secret}", f"/join?p={tokens[0]}"):  # old-style links: the path is logged, no query
        _get(rs.url + path)
    time.sleep(1)  # HAProxy writes a request's line when it ends
    lines = rs.log_lines()
    assert any('"GET /facilitate HTTP/1.1"' in line for line in lines), "HAProxy's access log is missing"
    for line in lines:
        for private in (secret, *tokens, code.replace("-", ""), "Zeta Secret Holdings"):
            assert private not in line, f"a key, token or code in a log line: {line}"
    for p in [host, *people.values()]:
        p.context.close()


def _wait_moved(page: Page, dead: str) -> None:
    for _ in range(60):  # bounded: 30 s for the page to reconnect through HAProxy
        if _replica(page.context) != dead:
            break
        page.wait_for_timeout(500)
    assert _replica(page.context) != dead, "the page did not reconnect to another replica"
    wait_ready(page)


def test_over_tls_http_redirects_to_the_https_port_and_every_cookie_is_secure(rs: ReplicaSet, tmp_path: Path) -> None:
    pem = tmp_path / "advisor.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost",
         "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True, capture_output=True,
    )  # fmt: skip
    pem.write_text((tmp_path / "cert.pem").read_text() + (tmp_path / "key.pem").read_text())
    plain, tls = free_port(), free_port()
    live = [r for r in rs.replicas if r.proc.poll() is None]  # tests above killed some
    backends = [Replica(f"app{n}", live[(n - 1) % len(live)].port, live[0].proc) for n in (1, 2)]
    env = {"ADVISOR_TLS_CERT": str(pem), "ADVISOR_TLS_BIND": f"127.0.0.1:{tls}", "ADVISOR_TLS_PORT": str(tls)}
    proxy = start_haproxy(f"127.0.0.1:{plain}", backends, env)
    try:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        for _ in range(100):  # bounded: 20 s for HAProxy to listen
            assert proxy.poll() is None, output(proxy)
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"https://127.0.0.1:{tls}/_stcore/health", context=context, timeout=2)
                break
            time.sleep(0.2)
        status, headers = _get(f"http://127.0.0.1:{plain}/join?code=AB12", redirects=False)
        assert status == 301 and headers["location"] == f"https://127.0.0.1:{tls}/join?code=AB12"
        with urllib.request.urlopen(f"https://127.0.0.1:{tls}/_stcore/health", context=context, timeout=10) as r:
            cookies = r.headers.get_all("Set-Cookie") or []
            assert r.headers["Strict-Transport-Security"].startswith("max-age=")
    finally:
        stop(proxy)
    names = {c.split("=", 1)[0]: c for c in cookies}
    assert {"_streamlit_xsrf", COOKIE} <= names.keys(), cookies
    for cookie in names.values():
        assert "; Secure" in cookie, cookie
