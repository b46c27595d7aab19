"""The facilitator's page: create a workshop, then the live dashboard (progress, reveal, spread, heat
map, agenda, settling, lenses, decision log, PDF). The secret in the address (?f=...) is the only key."""

from __future__ import annotations

import html

import plotly.graph_objects as go
import streamlit as st

from .. import build_room_report
from ..decide.room import Room
from ..inputs.fields import FIELDS, NUMBER_FIELDS, enum_values, label, value_words
from ..inputs.roles import ROLES
from ..present.chart_data import EXCLUDED_COLOUR, MODEL_COLOURS, short_name
from ..present.room import (
    agenda_sentence,
    consensus_words,
    heat_map,
    lens_lines,
    log_rows,
    member_labels,
    room_headline,
    spread_words,
    weights_sentence,
    workshop_report,
)
from ..rules.lenses import lenses
from ..rules.loader import knowledge
from ..store import Participant, Settlement, StoreError, Workshop
from ..store.workshops import MAX_COMPANY, MAX_TITLE, show_code
from .charts import FONT
from .limits import pdf_button
from .text import md
from .workshop import REFRESH_SECONDS, host_link, join_link, presenting_mode, qr_svg, room_of, store

UNCERTAIN = "(leave uncertain)"
SECRET_KEY = "facilitator-secret"
CHOICE_FIELDS = frozenset(f for f, info in FIELDS.items() if info.kind == "choice")


def page() -> None:
    secret = _secret()
    if not secret:
        _create_form()
        return
    try:
        ws = store().facilitated(secret)
    except StoreError as exc:
        st.error(str(exc), icon=":material/lock:")
        st.session_state.pop(SECRET_KEY, None)
        if st.button("Create a new workshop", key="start-over"):
            st.rerun()
        return
    presenting_mode()
    _header(ws, secret)
    _live(secret)
    if ws.revealed:
        _report_and_delete(secret)


def _secret() -> str | None:
    """The facilitator secret: taken from the link once, then kept in this session only, so the
    address bar (often on the projector) never shows it."""
    if "f" in st.query_params:
        st.session_state[SECRET_KEY] = st.query_params["f"]
        del st.query_params["f"]
    return st.session_state.get(SECRET_KEY)


def _create_form() -> None:
    if st.session_state.pop("deleted", False):
        st.success("The workshop and all its answers are deleted.", icon=":material/delete:")
    st.title("Run a workshop")
    st.caption(
        "Participants join with a code on their laptops and phones and answer on their own; you see where the "
        "room disagrees and which disagreements change the recommendation."
    )
    with st.form("create"):
        title = st.text_input("Workshop title", max_chars=MAX_TITLE, key="create-title")
        company = st.text_input(
            "Company (optional; shown on screen and in the report only)", max_chars=MAX_COMPANY, key="create-company"
        )
        submitted = st.form_submit_button("Create the workshop", type="primary")
    if not submitted:
        return
    try:
        created = store().create(title, company)
    except StoreError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    st.session_state[SECRET_KEY] = created.secret
    st.session_state["just-created"] = True
    st.rerun()


def _header(ws: Workshop, secret: str) -> None:
    with st.container(key="ws-title"):
        st.text(ws.title)
    if ws.company:
        st.text(f"Prepared for {ws.company}")
    with st.expander("How to join", expanded=not ws.revealed):
        code_col, qr_col = st.columns([3, 1], vertical_alignment="center")
        with code_col, st.container(key="ws-code"):
            st.metric("Join code", show_code(ws.code))
            st.markdown("Participants open this link (or scan the code):")
            st.code(join_link(ws.code), language=None)
        qr_col.image(qr_svg(join_link(ws.code)), width=220)
    with st.expander(
        "Your facilitator link: keep it private", expanded=bool(st.session_state.pop("just-created", False))
    ):
        st.warning(
            "This link is the only key to this dashboard: bookmark it. Whoever holds it can reveal, settle and delete.",
            icon=":material/key:",
        )
        st.code(host_link(secret), language=None)
        st.caption("The address bar never shows it; open this link again to come back to the dashboard.")
        st.caption(f"The workshop and all its answers are deleted on {ws.expires_at:%d %B %Y}.")


@st.fragment(run_every=REFRESH_SECONDS)
def _live(secret: str) -> None:
    try:
        board = store().dashboard(secret)
    except StoreError as exc:
        st.error(str(exc), icon=":material/lock:")
        return
    ws, people, log = board.workshop, board.people, board.log
    _progress(people)
    if not ws.revealed:
        st.info("Answers stay hidden (from you too) until you reveal them.", icon=":material/visibility_off:")
        if st.button("Reveal the answers", type="primary", disabled=not people, key="reveal"):
            store().reveal(secret)
            st.rerun()
        return
    room = room_of(people, log)
    if room is None:
        st.info("Nobody has joined yet.")
        return
    view = st.segmented_control(
        "Show",
        ["Room", "Agenda", "Heat map", "Lenses", "Decision log"],
        default="Room",
        key="host-view",
        persist_state="session",
    )
    {
        "Room": _room,
        "Agenda": _agenda,
        "Heat map": _heat,
        "Lenses": _lenses,
        "Decision log": _log,
    }.get(view or "Room", _room)(room, ws, secret, log)


def _progress(people: list[Participant]) -> None:
    counts = {s: sum(1 for p in people if p.status == s) for s in ("joined", "answering", "done")}
    cols = st.columns(4)
    cols[0].metric("Joined", len(people))
    cols[1].metric("Not started", counts["joined"])
    cols[2].metric("Answering", counts["answering"])
    cols[3].metric("Done", counts["done"])


def _room(room: Room, ws: Workshop, secret: str, log: list[Settlement]) -> None:
    k = knowledge()
    a = room.analysis
    st.markdown(f"## The room: {md(room_headline(room))}")
    st.write(consensus_words(room))
    st.caption(md(weights_sentence(room)))  # issue 23: how much the result rests on the method's weights
    if a.spread is not None:
        models = list(a.spread.probabilities)
        fig = go.Figure(
            go.Bar(
                x=[a.spread.probabilities[m] for m in models],
                y=[short_name(m, k) for m in models],
                orientation="h",
                marker_color=[MODEL_COLOURS.get(m, EXCLUDED_COLOUR) for m in models],
                text=[f"{a.spread.probabilities[m]:.0%}" for m in models],
                textposition="auto",
                textfont=dict(size=18),
            )
        )
        fig.update_layout(
            height=280, margin=dict(l=10, r=10, t=10, b=10), font=FONT, xaxis=dict(tickformat=".0%", range=[0, 1])
        )
        fig.update_xaxes(tickfont=dict(size=16))
        fig.update_yaxes(autorange="reversed", tickfont=dict(size=18))
        st.plotly_chart(fig, config={"displayModeBar": False}, key="room-odds")
        st.caption("Chance of each model coming first, over the spread of the room's answers on unsettled questions.")
    else:
        st.success("The room agrees on every answer that counts.", icon=":material/check_circle:")
    st.markdown("#### Each participant's own first choice")
    names = member_labels(room, ws.show_names)
    st.dataframe(
        [{"Participant": n, "Own first choice": short_name(m, k)} for n, m in zip(names, room.own)],
        hide_index=True,
    )
    st.markdown("#### Agreement per question")
    st.dataframe(
        [
            {"Question": label(q.field), "Agreement": q.agreement, "Room's answer": value_words(q.field, q.room_value)}
            for q in room.questions
        ],
        column_config={"Agreement": st.column_config.ProgressColumn(format="percent", min_value=0, max_value=1)},
        hide_index=True,
    )


def _agenda(room: Room, ws: Workshop, secret: str, log: list[Settlement]) -> None:
    st.markdown("## Discussion agenda")
    st.caption("The disputed questions, the ones whose answer changes the outcome most first.")
    if not room.agenda:
        st.success("Nothing left to discuss: every question is agreed or settled.", icon=":material/check_circle:")
    for i, item in enumerate(room.agenda, 1):
        with st.container(border=True):
            st.markdown(f"### {i}. {md(label(item.field))}")
            st.markdown(md(agenda_sentence(item, room)))
            st.caption(
                f"Answers: {md(spread_words(item, room))}. Settling it shifts the odds by {item.importance:.0%} "
                "on average."
            )
            _settle_controls(item.field, [v for v, _ in item.outcomes], room, secret, f"agenda-{item.field}")
    with st.expander("Settle any question"):
        fields = [q.field for q in room.questions]
        field = st.selectbox("Question", fields, format_func=label, key="settle-any-field")
        q = next(q for q in room.questions if q.field == field)
        given = [v for v, _ in q.counts]
        others = [v for v in enum_values(field) if v not in given] if field in CHOICE_FIELDS else []
        st.caption("The answers given come first; any other allowed answer can be agreed too.")
        _settle_controls(field, given + others, room, secret, f"settle-any-{field}")


def _settle_controls(field: str, values: list, room: Room, secret: str, key: str) -> None:
    options = [*range(len(values)), UNCERTAIN]
    choice = st.radio(
        "The room settles on",
        options,
        format_func=lambda i: i if i == UNCERTAIN else value_words(field, values[i]),
        horizontal=True,
        key=f"{key}-choice",
    )
    if st.button("Settle", key=f"{key}-button"):
        q = next(q for q in room.questions if q.field == field)
        try:
            if choice == UNCERTAIN:
                spread = _uncertain_value(field, q.answers)
                store().settle(secret, field, spread, uncertain=True)
            else:
                store().settle(secret, field, values[int(choice)])
        except StoreError as exc:
            st.error(str(exc), icon=":material/error:")
            return
        st.rerun()


def _uncertain_value(field: str, answers: list):
    if field in NUMBER_FIELDS:
        known = [v for v in answers if v is not None]
        return {"min": min(known), "max": max(known)} if known else None
    if field == "regulations":
        return sorted({r for v in answers for r in v})
    return list(dict.fromkeys(answers))


def _heat(room: Room, ws: Workshop, secret: str, log: list[Settlement]) -> None:
    data = heat_map(room, ws.show_names)
    columns = [f"{html.escape(m)}<br>{html.escape(r.split(' (')[0])}" for m, r in zip(data.members, data.roles)]
    fig = go.Figure(
        go.Heatmap(
            z=data.disagreement,
            x=list(range(len(columns))),
            y=data.questions,
            text=[[html.escape(a) for a in row] for row in data.answers],
            texttemplate="%{text}",
            hovertemplate="%{y}: %{text}<br>%{z:.0%} of the room answered differently<extra></extra>",
            colorscale=[[0, "#f1f5f9"], [0.5, "#fdba74"], [1, "#c2410c"]],
            zmin=0,
            zmax=1,
            xgap=2,
            ygap=2,
            colorbar=dict(title="Differs", tickformat=".0%"),
        )
    )
    fig.update_layout(
        height=140 + 48 * len(data.questions),
        margin=dict(l=10, r=10, t=10, b=10),
        font=FONT,
        xaxis=dict(tickmode="array", tickvals=list(range(len(columns))), ticktext=columns, side="top"),
    )
    fig.update_xaxes(tickfont=dict(size=16))
    fig.update_yaxes(autorange="reversed", tickfont=dict(size=16))
    st.markdown("## Where the room disagrees")
    st.plotly_chart(fig, config={"displayModeBar": False}, key="heat")
    st.caption(
        "Each cell: the share of the room that answered this question differently from this participant "
        "(dark: a minority view). Participants are grouped by role: " + ", ".join(dict.fromkeys(data.roles)) + "."
    )


def _lenses(room: Room, ws: Workshop, secret: str, log: list[Settlement]) -> None:
    shown = lenses()
    role = st.segmented_control(
        "Lens", list(shown), default=next(iter(shown)), format_func=ROLES.__getitem__, key="host-lens"
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
            raise ValueError("nobody has answered yet")
        return build_room_report(room.analysis, workshop_report(room, ws.title, ws.company, ws.show_names, log))

    ws = store().facilitated(secret)
    names, pdf_col, delete_col = st.columns([1, 1.3, 1], vertical_alignment="center")
    shown = names.toggle("Show names", help="On the screen and in the report.", value=ws.show_names, key="show-names")
    if shown != ws.show_names:
        store().show_names(secret, shown)
        st.rerun()
    pdf_button(  # hosting: under the session's PDF budget
        pdf_col,
        "Download the PDF (agreed answers and workshop)",
        pdf,
        file_name="workshop-report.pdf",
        on_click="ignore",
        icon=":material/picture_as_pdf:",
        key="pdf",
    )
    with delete_col.popover("Delete this workshop", icon=":material/delete:"):
        st.caption("Deletes the workshop with every participant, answer and settlement at once. This cannot be undone.")
        sure = st.checkbox("Yes, delete everything", key="delete-sure")
        if st.button("Delete the workshop", disabled=not sure, key="delete"):
            store().delete(secret)
            st.session_state.pop(SECRET_KEY, None)
            st.session_state["deleted"] = True
            st.rerun()
