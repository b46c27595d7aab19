"""A participant's page: join a workshop with its code, then answer on your own. Every change is
saved at once; the token in the address (?p=...) brings the same participant back on this device."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..decide.analysis import analyse
from ..inputs.roles import ROLES
from ..present import verdict
from ..present.room import consensus_words, lens_lines, room_headline
from ..rules.lenses import lenses
from ..rules.loader import knowledge
from ..store import Participant, StoreError, Workshop
from ..store.workshops import MAX_NAME, answers_of
from .questionnaire import question
from .state import _widget_value, sent_by_browser
from .text import md
from .workshop import client_key, room_of, store


def widget_key(field: str) -> str:
    return f"w:{field}"


def page() -> None:
    token = st.query_params.get("p")
    if token:
        _participant(token)
    else:
        _join_form()


def _join_form() -> None:
    st.title("Join a workshop")
    st.caption("Your facilitator shows a code, a link and a QR code. Your answers stay hidden until they reveal them.")
    with st.form("join"):
        code = st.text_input("Workshop code", value=st.query_params.get("code", ""), max_chars=12, key="join-code")
        name = st.text_input("Your name", max_chars=MAX_NAME + 20, key="join-name")
        role = st.selectbox("Your role", list(ROLES), format_func=ROLES.__getitem__, key="join-role")
        submitted = st.form_submit_button("Join", type="primary", width="stretch")
    if not submitted:
        return
    try:
        _, _, token = store().join(code, name, role, client_key())
    except StoreError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    st.query_params.clear()
    st.query_params["p"] = token
    st.session_state.pop("w:loaded", None)
    st.rerun()


def _load(me: Participant) -> None:
    """Put the stored answers into the widgets the first time this participant is shown in this session."""
    if st.session_state.get("w:loaded") == me.id:
        return
    shown = sent_by_browser()  # a page reconnecting after its replica died: what it shows is newer; saved below
    for field, value in me.answers.items():
        if widget_key(field) not in shown:
            st.session_state[widget_key(field)] = _widget_value(field, value)
    st.session_state["w:loaded"] = me.id


def _participant(token: str) -> None:
    try:
        ws, me = store().me(token)
    except StoreError as exc:
        st.error(str(exc), icon=":material/error:")
        st.page_link(st.Page(page, url_path="join"), label="Join with a code")
        return
    _load(me)
    st.text(ws.title)
    st.caption(
        f"You: {me.name} · {ROLES[me.role]}. Every change is saved at once; bookmark this page to come back "
        "to your answers on this device."
    )
    _questions()
    saved = _save(me, token)
    done = st.toggle("I'm done answering", value=me.done, key="w:done")
    if done != me.done:
        store().set_done(token, done)
    if saved:
        st.caption(":material/cloud_done: Saved.")
    _own_view(me, token, ws)


def _questions() -> None:
    questions = knowledge().questions
    for section in dict.fromkeys(q.section for q in questions):
        with st.expander(section, expanded=True):
            for q in questions:
                if q.section == section:
                    question(q, widget_key)


def _save(me: Participant, token: str) -> bool:
    """Save whatever changed since the stored answers; a value that cannot be saved is named, the rest kept."""
    now = {f: st.session_state.get(widget_key(f)) for f in me.answers}
    changed = {f: v for f, v in now.items() if v != _widget_value(f, me.answers[f])}
    if not changed:
        return False
    try:
        store().save_answers(me.id, token, changed)
        return True
    except StoreError:
        pass
    for field, value in changed.items():
        try:
            store().save_answers(me.id, token, {field: value})
        except StoreError as exc:
            st.error(f"Not saved: {exc}", icon=":material/error:")
    return True


def _own_view(me: Participant, token: str, ws: Workshop) -> None:
    k = knowledge()
    try:
        fresh = store().me(token)[1]
    except StoreError as exc:
        st.error(str(exc))
        return
    a = analyse(answers_of(fresh))
    st.subheader(f"Your own result: {md(verdict.headline(a))}")
    for reason in a.result.reasons[: k.scoring.main_reasons]:
        st.markdown(f"- {md(reason.text)}")
    _lens(me.role, a)
    if ws.revealed:
        _room(token, fresh)


def _lens(role: str, a: Any) -> None:
    shown = lenses()
    roles = list(shown)
    start = role if role in shown else roles[0]
    choice = st.segmented_control(
        "Look at it as", roles, default=start, format_func=lambda r: ROLES[r], key="w:lens", persist_state="session"
    )
    lens = shown[choice or start]
    st.markdown(f"**{md(lens.title)}**")
    for w in lens.weighs:
        st.caption(f"{md(w.text)} (“{md(w.source.quote)}”, {md(w.source.section)}, {w.source.document})")
    for heading, lines in lens_lines(lens, a):
        st.markdown(f"**{md(heading)}**\n" + "\n".join(f"- {md(line)}" for line in lines))


def _room(token: str, me: Participant) -> None:
    people = [me, *store().peers(token)]
    room = room_of(people, [])
    if room is None:
        return
    st.subheader(f"The room: {md(room_headline(room))}")
    st.write(consensus_words(room))
