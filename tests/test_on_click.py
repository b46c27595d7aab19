"""Files built on click (ui/on_click.py): by the function of the run that saw the click, so a value typed just
before the click is in the file; never without a click behind the request; one request waiting at a time."""

from __future__ import annotations

import threading

import pytest

from advisor.ui import on_click
from advisor.ui.on_click import LatestBuild, NoClick


def _slots() -> threading.BoundedSemaphore:
    return threading.BoundedSemaphore(on_click.WAITING_AT_ONCE)


def _waiting(latest: LatestBuild) -> tuple[threading.Thread, list[object]]:
    """A request for the file, in a worker as the server makes it, already waiting for the click's run; and
    the list its file goes in."""
    result: list[object] = []
    worker = threading.Thread(target=lambda: result.append(latest()), daemon=True)
    worker.start()
    for _ in range(500):
        if latest._waiting:
            return worker, result
        worker.join(0.01)
    raise AssertionError("the request never waited")


def test_a_request_waits_for_the_clicks_run_and_builds_what_that_run_read() -> None:
    latest = LatestBuild(lambda: "drawn before the click", _slots())
    worker, result = _waiting(latest)
    latest.update(lambda: "with the company just typed")  # the click's run draws the button again
    worker.join(0.2)
    assert worker.is_alive()  # drawn, but the run has not yet said it saw the click
    latest.clicked()
    worker.join(5)
    assert result == ["with the company just typed"]


def test_a_click_whose_run_came_first_builds_at_once_and_only_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(on_click, "WAIT_SECONDS", 0.05)
    latest = LatestBuild(lambda: "old", _slots())
    latest.update(lambda: "new")
    latest.clicked()
    assert latest() == "new"
    with pytest.raises(NoClick, match="no click"):
        latest()  # the same click again: a replayed request


def test_a_request_with_no_click_behind_it_gets_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(on_click, "WAIT_SECONDS", 0.05)
    with pytest.raises(NoClick, match=r"within 0\.05 s"):
        LatestBuild(lambda: "file", _slots())()


def test_one_request_waits_at_a_time() -> None:
    latest = LatestBuild(lambda: "file", _slots())
    worker, result = _waiting(latest)
    with pytest.raises(NoClick, match="already being built"):
        latest()  # replays cannot hold the server's workers
    latest.clicked()
    worker.join(5)
    assert result == ["file"]
    assert not latest._waiting


def test_requests_with_no_click_behind_them_cannot_hold_the_servers_workers() -> None:
    """Each session's button lets one request wait; the server lets WAITING_AT_ONCE wait in all, and refuses
    more at once, so replayed requests from many sessions leave worker threads for everything else."""
    slots = _slots()
    sessions = [LatestBuild(lambda: "file", slots) for _ in range(on_click.WAITING_AT_ONCE + 1)]
    workers = [_waiting(latest) for latest in sessions[:-1]]
    with pytest.raises(NoClick, match="already wait on this server"):
        sessions[-1]()
    for latest in sessions[:-1]:
        latest.clicked()
    for worker, result in workers:
        worker.join(5)
        assert result == ["file"]
    sessions[-1].clicked()
    assert sessions[-1]() == "file"  # a slot is free again
