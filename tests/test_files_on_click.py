"""Files built on click (ui/on_click.py), against a real server at the protocol level: the values sent with
the click are in the file, whichever of the click and the request the server takes first; a replayed request,
as a hand-made client might send it, gets nothing."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import pytest

from advisor.ui import page_keys

from .support.browser import streamlit_server
from .support.protocol import ProtocolError, Session


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('files') / 'advisor.sqlite3'}"
    with streamlit_server({"DATABASE_URL": url}) as (address, _):
        yield address


async def _opened(server: str) -> Session:
    session = Session(server)
    await session.open()
    await session.run()
    return session


def test_the_file_holds_the_values_the_clicks_run_read(server: str) -> None:
    """The request may reach the server before the click's run has read the values sent with the click (here
    it is sent first): it waits for that run, and the file holds what the run read, not what the button's
    own run read. (A browser sends the click first; then the order of the two on the server is luck.)"""

    async def typed_then_saved() -> dict:
        session = await _opened(server)
        asked = await session.ask_file(session.files[page_keys.SAVE])  # the button drawn before the typing
        session.set_text(page_keys.answer("company"), "Nu Ltd")
        session.click(page_keys.SAVE)
        await session.ask_run()
        saved = json.loads(await session.file_answered(asked))
        await session.close()
        return saved

    assert asyncio.run(typed_then_saved())["company"] == "Nu Ltd"


def test_a_replayed_request_gets_no_file(server: str) -> None:
    async def saved_then_replayed() -> None:
        session = await _opened(server)
        with pytest.raises(ProtocolError):
            await session.file(session.files[page_keys.SAVE])  # no click at all
        session.click(page_keys.SAVE)
        await session.run()
        clicked = session.files[page_keys.SAVE]
        assert json.loads(await session.file(clicked))["headcount"]  # the click's file
        with pytest.raises(ProtocolError):
            await session.file(clicked)  # the same request again
        await session.close()

    asyncio.run(saved_then_replayed())
