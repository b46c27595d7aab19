"""The facilitator's page: create a workshop, then the live dashboard (progress, reveal, spread, heat
map, agenda, settling, lenses, decision log, PDF). The facilitator key is the only key to it: shown once
at creation, then kept by this tab (advisor/ui/keys.py), never in the address bar or on the projector."""

from __future__ import annotations

import streamlit as st

from .. import build_room_report
from ..decide.room import Room, uncertain_value
from ..inputs.fields import FIELDS, NUMBER_FIELDS, enum_values, label, value_words
from ..inputs.roles import ROLES
from ..inputs.saved import MAX_NAME, MAX_SCENARIOS, Scenario
from ..present import chart_text
from ..present.chart_data import probability_bars
from ..present.room import (
    ROOM_SCENARIO,
    agenda_sentence,
    changes_words,
    consensus_words,
    heat_map,
    lens_lines,
    location_open,
    log_rows,
    member_labels,
    own_words,
    rests_on,
    rests_on_words,
    room_headline,
    room_scenarios,
    spread_words,
    weights_sentence,
    workshop_report,
)
from ..rules.lenses import lenses
from ..rules.loader import knowledge
from ..store import Participant, Settlement, StoreError, Workshop
from ..store.workshops import MAX_COMPANY, MAX_TITLE, show_code
from . import keys, page_keys, room_charts
from .charts import describe
from .limits import client_address, pdf_button
from .on_click import BuildFailed
from .questionnaire import box_limits
from .scenarios import scenarios, set_scenarios
from .text import md
from .workshop import (
    HOST_PATH,
    REFRESH_SECONDS,
    base_url,
    join_link,
    presenting_mode,
    qr_svg,
    readable,
    room_of,
    store,
    waiting,
)

UNCERTAIN = "(leave uncertain)"
OLD_LINK = (
    "This link carries the facilitator key where servers write it into their logs (after `?`), so it no longer "
    "opens the dashboard. Open the facilitator link you saved (its key comes after `#`), or paste the key below."
)
COMPARED = 4  # scenarios the Scenarios page compares at once: the room and three alternatives
CHOICE_FIELDS = frozenset(f for f, info in FIELDS.items() if info.kind == "choice")


def page() -> None:
    if keys.refuse_query_keys("facilitator"):
        st.session_state[page_keys.FACILITATOR_REFUSED] = OLD_LINK
    secret = keys.held("facilitator")
    if secret is None:
        st.caption("Opening…")  # the first run of a session, until the browser says which key it holds
        return
    if not secret:
        _start()
        return
    try:
        ws = store().facilitated(secret)
    except StoreError as exc:
        st.session_state[page_keys.FACILITATOR_REFUSED] = str(exc)
        keys.forget("facilitator")
        st.rerun()
    st.session_state.pop(page_keys.FACILITATOR_REFUSED, None)
    presenting = presenting_mode()
    if not presenting and st.session_state.get(page_keys.FACILITATOR_KEY_SHOWN) == secret:
        _save_key_now(secret)
    _header(ws)
    _live(secret)
    if ws.revealed:
        _report_and_delete(secret)
    if not presenting:
        _key_tools(secret)


def _start() -> None:
    refused = st.session_state.get(page_keys.FACILITATOR_REFUSED)
    if refused:
        st.error(refused, icon=":material/lock:")
    _create_form()
    _open_form()


def _open_form() -> None:
    with (
        st.expander("Open a workshop you run", expanded=bool(st.session_state.get(page_keys.FACILITATOR_REFUSED))),
        st.form("open"),
    ):
        pasted = st.text_input(
            "Your facilitator link or key",
            type="password",
            key=page_keys.OPEN_KEY,
            help="The link you saved when you created the workshop (or just the part after #key=).",
        )
        if not st.form_submit_button("Open the dashboard"):
            return
    secret = keys.from_text("facilitator", pasted)
    try:
        store().facilitated(secret)
    except StoreError as exc:
        st.error(str(exc), icon=":material/lock:")
        return
    st.session_state.pop(page_keys.FACILITATOR_REFUSED, None)
    keys.use("facilitator", secret)
    st.rerun()


def _create_form() -> None:
    if st.session_state.pop(page_keys.DELETED, False):
        st.success("The workshop and all its answers are deleted.", icon=":material/delete:")
    st.title("Run a workshop")
    st.caption(
        "Participants join with a code on their laptops and phones and answer on their own; you see where the "
        "room disagrees and which disagreements change the recommendation."
    )
    with st.form("create"):
        title = st.text_input("Workshop title", max_chars=MAX_TITLE, key=page_keys.CREATE_TITLE)
        company = st.text_input(
            "Company (optional; shown on screen and in the report only)",
            max_chars=MAX_COMPANY,
            key=page_keys.CREATE_COMPANY,
        )
        submitted = st.form_submit_button("Create the workshop", type="primary")
    if not submitted:
        return
    try:
        created = store().create(title, company, client_address())
    except StoreError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    st.session_state.pop(page_keys.FACILITATOR_REFUSED, None)
    keys.use("facilitator", created.secret)
    st.session_state[page_keys.FACILITATOR_KEY_SHOWN] = created.secret
    st.rerun()


def _save_key_now(secret: str) -> None:
    """The facilitator key, shown this once (never in presenting mode): the facilitator saves it now."""
    with st.container(border=True, key=page_keys.KEY_ONCE):
        st.warning(
            "**Save your facilitator link now: it is shown only this once.** It is the only key to this "
            "dashboard; whoever holds it can reveal, settle and delete. Copy it (the button at the right of the "
            "box) into your password manager or notes before you project this screen.",
            icon=":material/key:",
        )
        st.code(keys.link(base_url(), HOST_PATH, "facilitator", secret), language=None, wrap_lines=True)
        st.caption(
            "Open it on any device to come back to this dashboard; this browser tab keeps it until you close the "
            "tab. The key comes after #, the part of an address browsers never send, so no server log holds it."
        )
        if st.button("I have saved it: hide the link", key=page_keys.KEY_SAVED, type="primary"):
            st.session_state.pop(page_keys.FACILITATOR_KEY_SHOWN, None)
            st.rerun()


def _key_tools(secret: str) -> None:
    """A fresh key when the old one may have leaked: the old one stops working at once."""
    with st.popover("Facilitator key", icon=":material/key:"):
        st.caption(
            "Your key is not shown again. If it may have leaked (a photo of the screen, a shared note), make a new "
            "one: the old one stops working at once, on every device."
        )
        if st.button("Make a new key", key=page_keys.KEY_ROTATE):
            try:
                fresh = store().rotate(secret)
            except StoreError as exc:
                st.error(str(exc), icon=":material/lock:")
                return
            keys.use("facilitator", fresh)
            st.session_state[page_keys.FACILITATOR_KEY_SHOWN] = fresh
            st.rerun()


def _header(ws: Workshop) -> None:
    with st.container(key=page_keys.WORKSHOP_TITLE):
        st.text(ws.title)
    if ws.company:
        st.text(f"Prepared for {ws.company}")
    with st.expander("How to join", expanded=not ws.revealed):
        code_col, qr_col = st.columns([3, 1], vertical_alignment="center")
        with code_col, st.container(key=page_keys.WORKSHOP_CODE):
            st.metric("Join code", show_code(ws.code))
            st.markdown("Participants open this link (or scan the code):")
            st.code(join_link(ws.code), language=None)
        qr_col.image(qr_svg(join_link(ws.code)), width=220, alt="QR code of the participant link")
    st.caption(f"The workshop and all its answers are deleted on {ws.expires_at:%d %B %Y}.")


@st.fragment(run_every=REFRESH_SECONDS)
def _live(secret: str) -> None:
    try:
        board = store().dashboard(secret)
    except StoreError as exc:
        st.error(str(exc), icon=":material/lock:")
        return
    ws, people, log = board.workshop, board.people, board.log
    _progress(people, ws)
    if not st.session_state.get(page_keys.PRESENTING):
        _people(secret, people)
    if ws.revealed:
        _unreadable(people, ws)
    if not ws.revealed:
        st.info("Answers stay hidden (from you too) until you reveal them.", icon=":material/visibility_off:")
        if st.button("Reveal the answers", type="primary", disabled=not people, key=page_keys.REVEAL):
            store().reveal(secret)
            st.rerun()
        return
    room = room_of(people, log)
    if room is None:
        _waiting(people, log, secret)
        return
    view = st.segmented_control(
        "Show",
        ["Room", "Agenda", "Heat map", "Lenses", "Decision log"],
        default="Room",
        key=page_keys.HOST_VIEW,
        persist_state="session",
    )
    {
        "Room": _room,
        "Agenda": _agenda,
        "Heat map": _heat,
        "Lenses": _lenses,
        "Decision log": _log,
    }.get(view or "Room", _room)(room, ws, secret, log)


def _progress(people: list[Participant], ws: Workshop) -> None:
    """How far the room is, and who has not finished (by name unless the names are hidden): done means every
    question answered or explicitly "not sure"."""
    counts = {s: sum(1 for p in people if p.status == s) for s in ("joined", "answering", "done")}
    with st.container(key=page_keys.PROGRESS):
        cols = st.columns(4)
        cols[0].metric("Joined", len(people))
        cols[1].metric("Not started", counts["joined"])
        cols[2].metric("Answering", counts["answering"])
        cols[3].metric("Done", counts["done"])
    behind = [(i, p) for i, p in enumerate(people, 1) if not p.done]
    if people and behind:
        who = [
            f"{p.name if ws.show_names else f'Participant {i}'} "
            + ("(not started)" if p.status == "joined" else f"({p.left} question{'s' * (p.left != 1)} open)")
            for i, p in behind
        ]
        with st.container(key=page_keys.NOT_FINISHED):
            st.text("Not finished yet: " + ", ".join(who))  # names as plain text, never markdown
    elif people:
        st.caption("Everyone has answered every question (or said “not sure”).")


def _waiting(people: list[Participant], log: list[Settlement], secret: str) -> None:
    """After the reveal, before the room has an answer to every question: which ones nobody answered, and a
    way to settle them (no example answer or default ever stands in for the room)."""
    open_ = waiting(people, log)
    if not open_:
        st.info("Nobody has joined yet.")
        return
    st.warning(
        "The room has no result yet: nobody has given a value to "
        + ", ".join(f"“{label(f)}”" for f in open_)
        + ". Ask the room, then settle it here (or wait until someone answers).",
        icon=":material/pending:",
    )
    with st.container(border=True):
        field = st.selectbox("Question", open_, format_func=label, key=page_keys.SETTLE_OPEN_FIELD)
        _settle_open(field, secret)


def _settle_open(field: str, secret: str) -> None:
    """Settle a question nobody answered: any allowed answer (for a number: a figure, or its empty meaning)."""
    if field in NUMBER_FIELDS:
        unknown = FIELDS[field].nullable and st.checkbox(
            f"Settle as “{value_words(field, None)}”", key=page_keys.settle_open(field, "null")
        )
        figure = st.number_input(
            "The room settles on", key=page_keys.settle_open(field, "value"), disabled=unknown, **box_limits(field)
        )
        value = None if unknown else figure
    elif FIELDS[field].kind == "choices":
        value = st.multiselect(
            "The room settles on",
            enum_values(field),
            format_func=lambda v: value_words(field, [v]),
            key=page_keys.settle_open(field, "choice"),
        )
    else:
        values = enum_values(field)
        value = st.radio(
            "The room settles on",
            values,
            format_func=lambda v: value_words(field, v),
            horizontal=True,
            key=page_keys.settle_open(field, "choice"),
        )
    if st.button("Settle", key=page_keys.settle_open(field, "button")):
        try:
            store().settle(secret, field, value)
        except StoreError as exc:
            st.error(str(exc), icon=":material/error:")
            return
        st.rerun()


def _people(secret: str, people: list[Participant]) -> None:
    """Who has joined, each with a way to remove them (a test entry, someone who left, a stranger)."""
    if not people:
        return
    with st.expander(f"Participants ({len(people)})"):
        for p in people:
            who, status, action = st.columns([4, 2, 2], vertical_alignment="center")
            who.text(f"{p.name} · {ROLES[p.role]}")  # a name as plain text, never markdown
            status.caption({"joined": "not started", "answering": "answering", "done": "done"}[p.status])
            with action.popover("Remove", icon=":material/person_remove:"):
                st.caption("Removes this participant and their answers at once; their link stops working.")
                if st.button("Remove them", key=page_keys.remove_person(p.id), type="primary"):
                    try:
                        store().remove(secret, p.id)
                    except StoreError as exc:
                        st.error(str(exc), icon=":material/error:")
                        return
                    st.rerun()


def _unreadable(people: list[Participant], ws: Workshop) -> None:
    bad = readable(people)[1]
    if not bad:
        return
    names = ", ".join(p.name if ws.show_names else f"participant {i}" for i, (p, _) in enumerate(bad, 1))
    st.warning(
        f"The stored answers of {len(bad)} participant{'s' * (len(bad) != 1)} ({names}) are outside what the "
        "questionnaire accepts, so the room's result leaves them out. They are asked to check them when they next "
        "open their page; or remove them under Participants.",
        icon=":material/warning:",
    )


def _room(room: Room, ws: Workshop, secret: str, log: list[Settlement]) -> None:
    k = knowledge()
    a = room.analysis
    st.markdown(f"## The room: {md(room_headline(room))}")
    if location_open(room):
        st.warning(
            "The delivery location is not settled: a question still open moves it (see the agenda).",
            icon=":material/location_off:",
        )
    st.write(consensus_words(room))
    with st.container(key=page_keys.ROOM_RESTS_ON):
        st.caption(md(rests_on_words(room)))
    st.caption(md(weights_sentence(room)))  # how much the result rests on the method's weights
    presenting = bool(st.session_state.get(page_keys.PRESENTING))
    if a.spread is not None:
        bars = probability_bars(a, k)
        with st.container(key=page_keys.ROOM_ODDS_BOX):
            st.plotly_chart(room_charts.room_odds(bars, presenting), config=room_charts.CONFIG, key=page_keys.ROOM_ODDS)
        describe(chart_text.probabilities(bars))  # accessible pages
        st.caption(
            "Chance of each model coming first, over the spread of the answers given to unsettled questions "
            "(unanswered and “not sure” are left out)."
        )
    else:
        st.success("The room agrees on every answer that counts.", icon=":material/check_circle:")
    st.markdown("#### Each participant's own first choice")
    names = member_labels(room, ws.show_names)
    own = [{"Participant": n, "Own first choice": own_words(room, i, k)} for i, n in enumerate(names)]
    table = st.table if presenting else st.dataframe  # a table of text, which the presenting type enlarges
    table(own, hide_index=True)
    rows = [
        {
            "Question": label(q.field),
            "Agreement": q.agreement,
            "Answers it rests on": rests_on(q),
            "Room's answer": value_words(q.field, room.settled.get(q.field, q.room_value))
            if q.given or q.field in room.settled
            else "none given",
        }
        for q in room.questions
    ]
    if not presenting:
        _pin_room(room)
    st.markdown("#### Agreement per question")
    st.caption("Agreement among the answers given; unanswered and “not sure” count for no answer.")
    with st.container(key=page_keys.AGREEMENT):
        if presenting:
            st.table(
                [r | {"Agreement": "settled" if r["Agreement"] is None else f"{r['Agreement']:.0%}"} for r in rows],
                hide_index=True,
            )
        else:
            st.dataframe(
                rows,
                column_config={
                    "Agreement": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)
                },
                hide_index=True,
            )


def _pin_room(room: Room) -> None:
    """Pin the room's agreed answers and its alternatives as scenarios and compare them on the Scenarios page
    (the session's scenarios: earlier room pins are replaced, the facilitator's own are kept)."""
    if not st.button(
        "Compare the room's answers with its alternatives (Scenarios)",
        key=page_keys.PIN_ROOM,
        icon=":material/compare:",
        help="Pins the room's agreed answers, and each other answer given to a disputed question, as scenarios.",
    ):
        return
    mine = [s for s in scenarios() if s.name != ROOM_SCENARIO and not s.name.startswith("Room, ")]
    pinned = room_scenarios(room, COMPARED, MAX_NAME)  # the Scenarios page compares the last four pinned
    set_scenarios(mine[: MAX_SCENARIOS - len(pinned)] + [Scenario(name, answers) for name, answers in pinned])
    st.switch_page(st.session_state[page_keys.SCENARIOS_PAGE])


def _agenda(room: Room, ws: Workshop, secret: str, log: list[Settlement]) -> None:
    st.markdown("## Discussion agenda")
    st.caption("The disputed questions, the ones whose answer changes the outcome most first.")
    if not room.agenda:
        st.success("Nothing left to discuss: every question is agreed or settled.", icon=":material/check_circle:")
    for i, item in enumerate(room.agenda, 1):
        with st.container(border=True):
            st.markdown(f"### {i}. {md(label(item.field))}")
            if item.changes:
                st.markdown(f":orange-badge[:material/alt_route: Changes {md(changes_words(item))}]")
            st.markdown(md(agenda_sentence(item, room)))
            st.caption(
                f"Answers: {md(spread_words(item, room))}. Settling it shifts the odds by {item.importance:.0%} "
                "on average."
            )
            _settle_controls(item.field, [o.value for o in item.outcomes], room, secret, page_keys.agenda(item.field))
    with st.expander("Settle any question"):
        fields = [q.field for q in room.questions]
        field = st.selectbox("Question", fields, format_func=label, key=page_keys.SETTLE_ANY_FIELD)
        q = next(q for q in room.questions if q.field == field)
        given = [v for v, _ in q.counts]
        others = [v for v in enum_values(field) if v not in given] if field in CHOICE_FIELDS else []
        st.caption("The answers given come first; any other allowed answer can be agreed too.")
        _settle_controls(field, given + others, room, secret, page_keys.settle_any(field))


def _settle_controls(field: str, values: list, room: Room, secret: str, key: str) -> None:
    options = [*range(len(values)), UNCERTAIN]
    choice = st.radio(
        "The room settles on",
        options,
        format_func=lambda i: i if i == UNCERTAIN else value_words(field, values[i]),
        horizontal=True,
        key=page_keys.settle(key, "choice"),
    )
    if st.button("Settle", key=page_keys.settle(key, "button")):
        q = next(q for q in room.questions if q.field == field)
        try:
            if choice == UNCERTAIN:
                spread = uncertain_value(field, q.answers)
                store().settle(secret, field, spread, uncertain=True)
            else:
                store().settle(secret, field, values[int(choice)])
        except StoreError as exc:
            st.error(str(exc), icon=":material/error:")
            return
        st.rerun()


def _heat(room: Room, ws: Workshop, secret: str, log: list[Settlement]) -> None:
    data = heat_map(room, ws.show_names)
    presenting = bool(st.session_state.get(page_keys.PRESENTING))
    st.markdown("## Where the room disagrees")
    st.plotly_chart(room_charts.disagreement(data, presenting), config=room_charts.CONFIG, key=page_keys.HEAT)
    describe(chart_text.disagreement(data))  # accessible pages
    st.caption(
        "Each cell: the share of the room that answered this question differently from this participant "
        "(dark: a minority view). Participants are grouped by role: " + ", ".join(dict.fromkeys(data.roles)) + "."
    )


def _lenses(room: Room, ws: Workshop, secret: str, log: list[Settlement]) -> None:
    shown = lenses()
    role = st.segmented_control(
        "Lens", list(shown), default=next(iter(shown)), format_func=ROLES.__getitem__, key=page_keys.HOST_LENS
    )
    lens = shown[role or next(iter(shown))]
    st.markdown(f"## {md(lens.title)}")
    for w in lens.weighs:
        st.caption(f"{md(w.text)} (“{md(w.source.quote)}”, {md(w.source.section)}, {w.source.document})")
    for heading, lines in lens_lines(lens, room.analysis):
        st.markdown(f"#### {md(heading)}")
        for line in lines:
            st.markdown(f"- {md(line)}")


def _log(room: Room, ws: Workshop, secret: str, log: list[Settlement]) -> None:
    st.markdown("## Decision log")
    rows = log_rows([(s.field, s.value, s.uncertain, s.settled_at) for s in log])
    if rows:
        st.table([{"When (UTC)": w, "Settled": s} for w, s in rows])
    else:
        st.caption("Nothing settled yet: settle questions from the agenda.")


def _report_and_delete(secret: str) -> None:
    """Outside the live fragment, so a refresh never replaces the button while the PDF is being built."""

    def pdf() -> bytes:
        ws = store().facilitated(secret)
        log = store().decision_log(secret)
        room = room_of(store().room_answers(secret), log)
        if room is None:
            raise BuildFailed("Nobody has answered yet: the report needs at least one participant's answers.")
        return build_room_report(room.analysis, workshop_report(room, ws.title, ws.company, ws.show_names, log))

    ws = store().facilitated(secret)
    names, pdf_col, delete_col = st.columns([1, 1.3, 1], vertical_alignment="center")
    shown = names.toggle(
        "Show names", help="On the screen and in the report.", value=ws.show_names, key=page_keys.SHOW_NAMES
    )
    if shown != ws.show_names:
        store().show_names(secret, shown)
        st.rerun()
    pdf_button(  # hosting: under the session's PDF budget
        pdf_col,
        "Download the PDF (agreed answers and workshop)",
        pdf,
        page_keys.PDF,
        texts=[ws.title, ws.company],  # every script
        file_name="workshop-report.pdf",
        icon=":material/picture_as_pdf:",
    )
    with delete_col.popover("Delete this workshop", icon=":material/delete:"):
        st.caption("Deletes the workshop with every participant, answer and settlement at once. This cannot be undone.")
        sure = st.checkbox("Yes, delete everything", key=page_keys.DELETE_SURE)
        if st.button("Delete the workshop", disabled=not sure, key=page_keys.DELETE):
            store().delete(secret)
            keys.forget("facilitator")
            st.session_state[page_keys.DELETED] = True
            st.rerun()
