"""Files built by the click's own run (ui/on_click.py), against a real server at the protocol level: the values
sent with the click are in the file, each click hands over one file, and a run without a click hands over none."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator

import pytest

from advisor.ui import page_keys

from .support.browser import streamlit_server
from .support.protocol import Session


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = f"sqlite:///{tmp_path_factory.mktemp('files') / 'advisor.sqlite3'}"
    with streamlit_server({"DATABASE_URL": url}) as (address, _):
        yield address


def test_each_click_hands_over_one_file_with_the_values_sent_with_it(server: str) -> None:
    async def typed_then_saved() -> list[dict]:
        session = Session(server)
        await session.open()
        await session.run()
        session.set_text(page_keys.answer("company"), "Nu Ltd")
        session.click(page_keys.SAVE)  # sent with the company, as the browser's click follows the box's value
        await session.run()
        session.set_text(page_keys.answer("company"), "Nu Ltd 2")
        await session.run()  # a change, no click
        session.click(page_keys.SAVE)
        await session.run()
        await session.close()
        return [json.loads(base64.b64decode(file["base64"])) for file in session.delivered]

    saved = asyncio.run(typed_then_saved())
    assert [s["company"] for s in saved] == ["Nu Ltd", "Nu Ltd 2"]
