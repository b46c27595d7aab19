"""The workshop keys in the browser: the facilitator key and each participant's token.

A key never travels in a URL that a server sees. Links carry it after `#` (`/facilitate#key=...`,
`/join#p=...`): a browser never sends that part of an address, so no proxy, ingress or app log can
write it down. A small component in the page reads it from there, keeps it in the tab's sessionStorage
(a reload, a crashed replica or a page switch finds it again; closing the tab forgets it) and hands it
to this session over the websocket. The facilitator's key leaves the address bar at once (the
dashboard is often on a projector); a participant's stays after `#`, so a bookmark on their own device
brings them back. Keys in a query string (`?f=`, `?p=`, the old links) are refused: that part of an
address is what servers log.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

import streamlit as st

from . import page_keys

Kind = Literal["facilitator", "participant"]


@dataclass(frozen=True)
class _Slot:
    fragment: str  # the name after # in a link: /facilitate#key=..., /join#p=...
    session: str  # where this session keeps the key it uses
    legacy: str  # the query parameter the old links used, now refused
    in_address: bool  # whether the key stays in the address bar (a participant's own device)


SLOTS: Final[dict[Kind, _Slot]] = {
    "facilitator": _Slot("key", "facilitator-secret", "f", in_address=False),
    "participant": _Slot("p", "participant-token", "p", in_address=True),
}

# Runs in the page (not in a frame) each time its data changes. The key moves from the address (after #)
# to sessionStorage; the address keeps it only when the page asks to (`show`).
_JS: Final = """
export default function (component) {
  const { data, setStateValue } = component;
  const slot = "advisor-key:" + data.name;
  const store = window.sessionStorage;
  const url = new URL(window.location.href);
  const linked = new URLSearchParams(url.hash.slice(1)).get(data.name);
  if (data.forget) {
    store.removeItem(slot);
  } else if (data.remember) {
    store.setItem(slot, data.remember);
  } else if (linked) {
    store.setItem(slot, linked);
  }
  const held = store.getItem(slot) || "";
  const hash = data.show && held ? "#" + data.name + "=" + encodeURIComponent(held) : "";
  if (url.hash !== hash) {
    url.hash = hash;
    window.history.replaceState(window.history.state, "", url.href);
  }
  setStateValue("value", held);
}
"""
_CSS: Final = ".st-key-keyring-facilitator, .st-key-keyring-participant { display: none; }"
_keyring = st.components.v2.component("advisor.keyring", js=_JS)


def held(kind: Kind) -> str | None:
    """The key this session uses: the one it was given (created, joined, typed) or the one the browser
    holds (from a link or from before a reload). "" when there is none; None while the browser has not
    answered yet (the first run of a session)."""
    slot = SLOTS[kind]
    own = st.session_state.get(slot.session)
    forget = bool(st.session_state.pop(page_keys.forget(slot.session), False))
    st.html(f"<style>{_CSS}</style>")
    result = _keyring(
        key=page_keys.keyring(kind),
        data={"name": slot.fragment, "remember": own, "forget": forget, "show": slot.in_address},
        default={"value": None},
        on_value_change=lambda: None,
    )
    if own:
        return str(own)
    browser = getattr(result, "value", None)
    if browser and not forget:
        st.session_state[slot.session] = str(browser)
        return str(browser)
    return None if browser is None and not forget else ""


def use(kind: Kind, key: str) -> None:
    """This session uses `key` from now on, and the browser keeps it (set before `held` runs, or rerun)."""
    st.session_state[SLOTS[kind].session] = key


def forget(kind: Kind) -> None:
    """Drop the key from this session and, on the next run, from the browser."""
    slot = SLOTS[kind]
    st.session_state.pop(slot.session, None)
    st.session_state[page_keys.forget(slot.session)] = True


def refuse_query_keys(kind: Kind) -> bool:
    """Remove an old-style key from the query string (never used: it reached the server's logs on the
    way here); True when there was one, so the page can say why the link did not open."""
    slot = SLOTS[kind]
    if slot.legacy not in st.query_params:
        return False
    del st.query_params[slot.legacy]
    return True


def from_text(kind: Kind, text: str) -> str:
    """A key from what a person pasted: the whole link (`...#key=...`) or the key alone."""
    text = text.strip()
    marker = f"#{SLOTS[kind].fragment}="
    if marker in text:
        text = text.split(marker, 1)[1]
    return text.split("&", 1)[0].strip()


def link(base: str, path: str, kind: Kind, key: str) -> str:
    """The private link that opens a page with this key: after `#`, which browsers never send."""
    return f"{base}/{path}#{SLOTS[kind].fragment}={key}"
