"""A participant's page: join a workshop with its code, then answer on your own. Every change is
saved at once; the token after # in the address (/join#p=...) brings the same participant back on this
device (advisor/ui/keys.py: it never reaches a server). Two tabs of one participant each write only what
was changed in them, and take what changed elsewhere."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ..decide.analysis import analyse
from ..inputs.fields import label
from ..inputs.parse import AnswersError, validate_answers
from ..inputs.partial import UNANSWERED, check_partial, values
from ..inputs.roles import ROLES
from ..present import verdict
from ..present.room import answer_words, consensus_words, lens_lines, rests_on_words, room_headline
from ..rules.lenses import lenses
from ..rules.loader import knowledge
from ..store import Participant, StoreError, Workshop
from ..store.workshops import MAX_NAME, answers_of, normalise_code
from . import keys, page_keys
from . import workshop_form as form
from .limits import client_address
from .state import sent_by_browser
from .text import md
from .workshop import room_of, store, waiting

OLD_LINK = (
    "This link carries your participant key where servers write it into their logs (after ?), so it no longer "
    "opens your answers. Open the link from your bookmark (its key comes after #), or join again with the code."
)


def page() -> None:
    if keys.refuse_query_keys("participant"):
        st.session_state[page_keys.PARTICIPANT_REFUSED] = OLD_LINK
    token = keys.held("participant")
    if token is None:
        st.caption("Opening…")  # the first run of a session, until the browser says which key it holds
    elif token:
        _participant(token)
    else:
        _join_form()


def _join_form() -> None:
    refused = st.session_state.get(page_keys.PARTICIPANT_REFUSED)
    if refused:
        st.error(refused, icon=":material/error:")
    st.title("Join a workshop")
    st.caption("Your facilitator shows a code, a link and a QR code. Your answers stay hidden until they reveal them.")
    with st.form("join"):
        code = st.text_input(
            "Workshop code", value=st.query_params.get("code", ""), max_chars=12, key=page_keys.JOIN_CODE
        )
        name = st.text_input("Your name", max_chars=MAX_NAME + 20, key=page_keys.JOIN_NAME)
        role = st.selectbox("Your role", list(ROLES), format_func=ROLES.__getitem__, key=page_keys.JOIN_ROLE)
        submitted = st.form_submit_button("Join", type="primary", width="stretch")
    if not submitted:
        return
    try:
        _, _, token = store().join(code, name, role, client_address())
    except StoreError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    st.session_state.pop(page_keys.PARTICIPANT_REFUSED, None)
    st.query_params.clear()
    keys.use("participant", token)
    st.session_state.pop(page_keys.WORKSHOP_BASE, None)
    st.rerun()


def _participant(token: str) -> None:
    try:
        ws, me = store().me(token)
    except StoreError as exc:
        st.session_state[page_keys.PARTICIPANT_REFUSED] = str(exc)
        keys.forget("participant")
        st.rerun()
    code = st.query_params.get("code")
    if code and normalise_code(code) != ws.code:  # a join link of another workshop, opened in this tab
        keys.forget("participant")
        st.rerun()
    st.session_state.pop(page_keys.PARTICIPANT_REFUSED, None)
    me = _repaired(me, token)
    mine, saved = _sync(me, token)
    st.text(ws.title)
    st.text(f"You: {me.name} · {ROLES[me.role]}")  # a name as plain text, never markdown
    st.caption(
        "Every change is saved at once; bookmark this page to come back to your answers on this device. "
        "Answer what you know; “Not sure” is an answer too. A question you leave open is left out of the room's result."
    )
    _progress(mine)
    _questions(mine)
    _progress(mine, bottom=True)
    if saved:
        st.caption(":material/cloud_done: Saved.")
    _own_view(me, token, ws)


def _progress(answers: dict[str, Any], bottom: bool = False) -> None:
    """How far the person is: done means every question answered or explicitly "not sure"."""
    total = len(form.fields())
    left = [f for f in form.fields() if f not in answers]
    with st.container(key=page_keys.workshop_progress("bottom" if bottom else "top")):
        if not left:
            st.success(
                f"Done: all {total} questions answered (“not sure” counts as an answer). You can still change any.",
                icon=":material/task_alt:",
            )
        else:
            st.info(
                f"{total - len(left)} of {total} questions answered. Still open: "
                + ", ".join(label(f) for f in left)
                + ".",
                icon=":material/pending:",
            )


def _repaired(me: Participant, token: str) -> Participant:
    """Stored answers that no longer validate (saved before a bound was tightened) are taken back, so the
    question is open again, and the person is told which."""
    start = knowledge().start_answers
    try:
        answers_of(me, start)
        return me
    except AnswersError:
        pass
    bad = []
    for field, value in me.answers.items():
        try:
            check_partial({field: value}, start)
        except AnswersError:
            bad.append(field)
            st.warning(
                f"Your answer to “{label(field)}” is outside what the questionnaire accepts, so it is open again: "
                "please answer it.",
                icon=":material/warning:",
            )
    store().save_answers(me.id, token, {}, unanswer=bad)
    return store().me(token)[1]


def _sync(me: Participant, token: str) -> tuple[dict[str, Any], bool]:
    """Before the widgets are drawn: save what the person changed on this page, take what changed elsewhere
    (another tab or device) for the rest, and say so where both changed the same answer. Returns the
    person's answers as now saved (unanswered questions absent) and whether anything was saved."""
    fields = form.fields()
    stored = {f: me.answers.get(f, UNANSWERED) for f in fields}
    base = st.session_state.get(page_keys.WORKSHOP_BASE)
    if base is None or base[0] != me.id:
        shown = sent_by_browser()  # a page reconnecting after its replica died: what it shows is newer
        for field, value in stored.items():
            if not any(k in shown for k in form.keys_of(field)):
                form.show(field, value)
        base = (me.id, stored)
    for field in fields:
        form.seed(field)
    _, seen = base
    mine = {f: form.answer(f) for f in fields}
    changed = {f: v for f, v in mine.items() if v != seen.get(f)}
    for field, value in stored.items():
        if field not in changed and value != seen.get(field):
            form.show(field, value)  # changed in another tab or on another device
        elif field in changed and value != seen.get(field) and value != changed[field]:
            st.warning(
                f"{label(field)} was changed to “{answer_words(field, value)}” in another tab or on another "
                f"device; your “{answer_words(field, changed[field])}” from this page replaced it.",
                icon=":material/sync_problem:",
            )
    saved = _save(me, token, changed)
    now = {**stored, **saved}
    st.session_state[page_keys.WORKSHOP_BASE] = (me.id, now)
    return {f: v for f, v in now.items() if v != UNANSWERED}, bool(saved)


def _questions(answers: dict[str, Any]) -> None:
    questions = knowledge().questions
    for section in dict.fromkeys(q.section for q in questions):
        with st.expander(section, expanded=True):
            for q in questions:
                if q.section == section:
                    form.question(q, answers)


def _save(me: Participant, token: str, changed: dict[str, Any]) -> dict[str, Any]:
    """Save the answers changed on this page (a question emptied again is open again); a value that cannot
    be saved is named, the rest kept. Returns what was saved."""
    if not changed:
        return {}

    def write(part: dict[str, Any]) -> None:
        given = {f: v for f, v in part.items() if v != UNANSWERED}
        store().save_answers(me.id, token, given, unanswer=[f for f in part if f not in given])

    try:
        write(changed)
        return changed
    except StoreError:
        pass
    saved = {}
    for field, value in changed.items():
        try:
            write({field: value})
            saved[field] = value
        except StoreError as exc:
            st.error(f"Not saved: {exc}", icon=":material/error:")
    return saved


def _own_view(me: Participant, token: str, ws: Workshop) -> None:
    k = knowledge()
    try:
        fresh = store().me(token)[1]
    except StoreError as exc:
        st.error(str(exc))
        return
    given = values(fresh.answers)
    if len(given) < len(form.fields()):
        st.subheader("Your own result")
        st.caption(
            "It appears once you have given a value to every question (a question left open or “not sure” has no "
            "value to score). The workshop's result counts only the values people give."
        )
    else:
        a = analyse(validate_answers(given))
        st.subheader(f"Your own result: {md(verdict.headline(a).heading)}")
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
        "Look at it as",
        roles,
        default=start,
        format_func=lambda r: ROLES[r],
        key=page_keys.WORKSHOP_LENS,
        persist_state="session",
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
        open_ = waiting(people, [])
        if open_:
            st.subheader("The room")
            st.caption("The room has no result yet: nobody has answered " + ", ".join(label(f) for f in open_) + ".")
        return
    st.subheader(f"The room: {md(room_headline(room))}")
    st.write(consensus_words(room))
    st.caption(rests_on_words(room))
