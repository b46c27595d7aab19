"""Files built by the run that sees their button's click, and handed to the browser by a tiny element.

Streamlit's own download button builds a file on click with the function the *previous* run gave it, and drops
that file when a later run draws the button again. A value typed just before the click (a box sends it as it
loses focus, starting a run) was then missing from the file, or the click found no file at all
(streamlit/streamlit#5586). A plain button has no such gap: its click reruns the page with every value sent
before it, that run builds the file, and `_deliver` hands its bytes to a few lines of JavaScript that save them
under the file's name. Nothing waits in the server's media store, and nothing can be fetched again by address.
"""

from __future__ import annotations

import base64
import logging
import uuid
from collections.abc import Callable
from typing import Any, Final

import streamlit as st

from . import page_keys

# Saves the file once per click: the nonce is remembered in the tab, so a redraw of the same element (or the
# element drawn again after a remount) never saves it twice.
SAVE_JS: Final = """
export default function ({ data }) {
  if (!data || sessionStorage.getItem("delivered") === data.nonce) return;
  sessionStorage.setItem("delivered", data.nonce);
  const bytes = Uint8Array.from(atob(data.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: data.mime }));
  const link = Object.assign(document.createElement("a"), { href: url, download: data.name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}
"""


class BuildFailed(Exception):
    """A file could not be built; the page says so under its button."""


def clicked_now(key: str) -> bool:
    """Whether this run is the click of the button keyed `key` (read before the button is drawn)."""
    return st.session_state.get(key) is True


def download_on_click(
    slot: Any,
    label: str,
    build: Callable[[], bytes | str],
    key: str,
    file_name: str,
    mime: str,
    refused: bool = False,
    **button: Any,
) -> Any:
    """A button, keyed `key`, whose click builds the file with `build` in the click's own run and saves it in
    the browser as `file_name`; a `refused` click (past a limit) builds nothing. A build that fails says so
    under the button (and in the log), never as a traceback. Returns the button's container, for notes under
    it."""
    # Read before the button is drawn: drawn disabled (this click spent the PDF budget), it no longer says so.
    clicked = clicked_now(key) and not refused
    # A container on every run, the file's element beside the button only in the click's run: the button is
    # then always updated in place. Drawn anew while the mouse is down on it (a box losing focus on that press
    # starts a run), it would lose the click.
    box = slot.container()
    box.button(label, key=key, **button)
    if clicked:
        _build_and_deliver(box, label, build, key, file_name, mime)
    return box


def _build_and_deliver(
    box: Any, label: str, build: Callable[[], bytes | str], key: str, file_name: str, mime: str
) -> None:
    try:
        data = build()
    except BuildFailed as failed:
        box.warning(str(failed), icon=":material/error:")
        return
    except Exception:
        logging.getLogger(__name__).exception("building %s failed", mime)
        box.error(f"{label}: the file could not be built. Your answers are kept; please try again.")
        return
    raw = data.encode("utf-8") if isinstance(data, str) else data
    save = st.components.v2.component("save_file", js=SAVE_JS)
    with box:
        save(
            key=page_keys.delivery(key),
            data={
                "base64": base64.b64encode(raw).decode("ascii"),
                "name": file_name,
                "mime": mime,
                "nonce": uuid.uuid4().hex,
            },
        )
