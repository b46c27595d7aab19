"""A protocol-level Streamlit client: one simulated browser tab speaking Streamlit's own websocket protocol
(the BackMsg/ForwardMsg protobufs shipped in the streamlit package), as the frontend does: GET the page and
the health check (which hands out the XSRF cookie), open /_stcore/stream with the subprotocol header
("streamlit", XSRF token), send rerun_script with the widget states the tab holds and the query string,
read ForwardMsgs until script_finished. Used by benchmarks/load.py and tests/test_replicas.py."""

from __future__ import annotations

import asyncio
import http.cookies
import json
import re
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState, ContextInfo
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from websockets.asyncio.client import connect

MESSAGE_TIMEOUT = 60.0  # s: a script run that sends nothing for this long counts as an error


# A run ends in one of these: the whole page, or only a fragment (an answer change on the recommendation page
# reruns its live fragment; the run the change started ends early for it).
DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


class ProtocolError(Exception):
    pass


@dataclass
class Session:
    """One simulated browser tab: its cookies, websocket and the ids of the widgets it has seen."""

    base: str  # http://127.0.0.1:port
    query: str = ""
    page: str = ""  # the page's url path ("join"); "" for the main page
    last: Any = None  # the last answer this tab gave (a load test's bookkeeping)
    cookies: dict[str, str] = field(default_factory=dict)
    widgets: dict[str, str] = field(default_factory=dict)  # user key -> widget id
    states: dict[str, WidgetState] = field(default_factory=dict)  # widget id -> the value this tab holds
    delivered: list[Any] = field(default_factory=list)  # the files the server handed to this tab (ui/on_click.py)
    page_hash: str = ""
    ws: Any = None

    async def open(self) -> None:
        for path in ("/", "/_stcore/health"):  # the page, then the health check that hands out the XSRF cookie
            self.cookies |= await asyncio.to_thread(_get_cookies, self.base + path, self.cookies)
        xsrf = self.cookies.get("_streamlit_xsrf", "")
        self.ws = await connect(
            self.base.replace("http", "ws", 1) + "/_stcore/stream",
            subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],  # type: ignore[list-item]
            additional_headers={"Origin": self.base, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())},
            max_size=None,
            open_timeout=MESSAGE_TIMEOUT,
            ping_interval=None,
        )

    async def run(self) -> int:
        """Ask for a script run with the widget states this tab holds; wait until it finishes.
        Returns the number of ForwardMsgs received; raises ProtocolError on an exception element."""
        msg = BackMsg()
        msg.rerun_script.CopyFrom(
            ClientState(
                query_string=self.query,
                page_script_hash=self.page_hash,
                page_name="" if self.page_hash else self.page,
                widget_states=WidgetStates(widgets=list(self.states.values())),
                context_info=ContextInfo(
                    url=f"{self.base}/{self.page}", timezone="UTC", locale="en-US", color_scheme="light"
                ),
            )
        )
        await self.ws.send(msg.SerializeToString())
        self.states = {k: v for k, v in self.states.items() if v.WhichOneof("value") != "trigger_value"}
        received = 0
        while True:
            fm = await self._receive()
            received += 1
            if fm.WhichOneof("type") == "script_finished" and fm.script_finished in DONE:
                return received

    async def _receive(self) -> Any:
        """The next ForwardMsg, noted: the page, the widgets and files drawn, the share link."""
        fm = ForwardMsg()
        fm.ParseFromString(await asyncio.wait_for(self.ws.recv(), MESSAGE_TIMEOUT))
        kind = fm.WhichOneof("type")
        if kind == "new_session":
            self.page_hash = fm.new_session.page_script_hash
        elif kind == "navigation" and fm.navigation.page_script_hash:  # st.navigation: the page shown
            self.page_hash = fm.navigation.page_script_hash
        elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
            self._note_element(fm.delta.new_element)
        elif kind == "page_info_changed":
            self.query = fm.page_info_changed.query_string
        elif kind == "script_finished" and fm.script_finished == ForwardMsg.FINISHED_WITH_COMPILE_ERROR:
            raise ProtocolError("script compile error")
        return fm

    def _note_element(self, element: Any) -> None:
        kind = element.WhichOneof("type")
        if kind == "exception":
            raise ProtocolError(f"exception shown: {element.exception.type} {element.exception.message[:80]}")
        widget_id = getattr(getattr(element, kind), "id", "") if kind else ""
        if widget_id.startswith("$$ID-") and widget_id.count("-") >= 2:  # $$ID-<hash>-<user key>
            self.widgets[widget_id.split("-", 2)[2]] = widget_id
        if kind == "bidi_component" and element.bidi_component.component_name == "save_file":
            self.delivered.append(json.loads(element.bidi_component.json))  # a file handed to the browser

    def link_holds(self, headcount: int) -> bool:
        """Whether the share link the server sent last holds this headcount (its first value, any version)."""
        return re.search(rf"(^|&)a=\d+~{headcount}_", self.query) is not None

    def set_int(self, user_key: str, value: int) -> None:
        widget_id = self._widget_id(user_key)
        self.states[widget_id] = WidgetState(id=widget_id, int_value=value)

    def set_text(self, user_key: str, value: str) -> None:
        widget_id = self._widget_id(user_key)
        self.states[widget_id] = WidgetState(id=widget_id, string_value=value)

    def click(self, user_key: str) -> None:
        """A button's click, sent with the next run only (the browser sends a trigger once)."""
        widget_id = self._widget_id(user_key)
        self.states[widget_id] = WidgetState(id=widget_id, trigger_value=True)

    def set_json(self, user_key: str, value: Any) -> None:
        """A component's state (st.components.v2), sent whole as its JSON, as the browser does."""
        widget_id = self._widget_id(user_key)
        self.states[widget_id] = WidgetState(id=widget_id, json_value=json.dumps(value))

    def _widget_id(self, user_key: str) -> str:
        widget_id = self.widgets.get(user_key)
        if widget_id is None:
            raise ProtocolError(f"no widget {user_key} on the page")
        return widget_id

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def _get_cookies(url: str, cookies: dict[str, str]) -> dict[str, str]:
    """GET the page as a browser does first; return the cookies it sets (XSRF, HAProxy's stickiness)."""
    headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=MESSAGE_TIMEOUT) as response:
        response.read()
        jar = http.cookies.SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            jar.load(header)
    return {k: m.value for k, m in jar.items()}
