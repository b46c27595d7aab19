"""The main page: the questionnaire on the left, the live recommendation on the right."""

from __future__ import annotations

import streamlit as st

from ..decide.analysis import Analysis, analyse
from ..inputs.fields import label, value_words
from ..present import verdict
from ..present.chart_data import short_name, tipping_sentences
from ..present.tables import COST_COLUMNS, cost_rows
from ..rules.compiled import Reason
from ..rules.loader import knowledge
from . import charts
from .questionnaire import questionnaire
from .scenarios import pin_form
from .state import init_session, read_inputs
from .text import cite, md
from .tools import load_tool, rate_editor, sidebar_slots, sidebar_tools

SECTIONS = ("What-if", "Uncertainty", "Cost", "Time", "Risks", "Pricing and hubs", "Fit matrix")


def page() -> None:
    init_session()
    for warning in st.session_state.get("link_warnings", []):
        st.warning(warning, icon=":material/warning:")
    tools, loader = sidebar_slots()
    load_tool(loader)
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.subheader("Your situation")
        questionnaire()
    inputs = read_inputs()
    sidebar_tools(tools, inputs)
    with st.sidebar:
        pin_form(inputs, "sidebar")
    for problem in inputs.problems:
        right.error(md(problem), icon=":material/error:")
    analysis = analyse(inputs.answers, inputs.uncertain, inputs.overrides)
    with right:
        _headline(analysis)
        _reasons(analysis)
        st.plotly_chart(charts.scores(analysis), config={"displayModeBar": False}, key="chart-scores")
        st.caption("The five scores (0-100). Ruled-out models are grey and hatched; hover for the reason.")
        _excluded(analysis)
        _runner_up(analysis)
        section = st.segmented_control(
            "Look deeper", SECTIONS, default=SECTIONS[0], key="section", persist_state="session"
        )
        _deep_dive(section, analysis)


def _headline(a: Analysis) -> None:
    r = a.result
    company = a.answers.company.strip()
    if company:
        st.text(f"Prepared for {company}")
    st.markdown(f"## {md(verdict.headline(a))}")
    hubs = ", ".join(h.name for h in r.hubs[:3])
    where = f"**{r.delivery_location.capitalize()}** delivery" + (
        f", from {md(hubs)}" if hubs else ", in your own country"
    )
    st.markdown(where, help=f"{md(r.location_reason.text)}\n\n{cite(r.location_reason.source)}")
    _verdict(a)


# --- Verdict block (issue 9): the call, no fit, and the notices that qualify the verdict; the words
# come from advisor/present/verdict.py, shared with the PDF.
_NOTICE = {"error": st.error, "warning": st.warning, "info": st.info}


def _verdict(a: Analysis) -> None:
    kind, sentence = verdict.call(a)
    if kind == "none":
        st.error(md(sentence), icon=":material/block:")
        for line in verdict.openings(a):  # what closed each model is listed under "Ruled out" below
            st.markdown(f"- {md(line)}")
    elif kind == "close":
        st.warning(md(sentence), icon=":material/balance:")
    else:
        st.success(md(sentence), icon=":material/check_circle:")
    for notice in verdict.notices(a):
        _NOTICE[notice.level](
            f"**{md(notice.title)}**: {md(notice.text)}" + (f"\n\n{cite(notice.source)}" if notice.source else "")
        )


def _reasons_against(a: Analysis) -> None:
    if a.result.recommendation is None:
        return
    st.markdown("#### Against")
    against = verdict.reasons_against(a)
    if not against:
        st.write("No documented rule speaks against this model for your answers.")
    _reason_rows(against, "against")


# --- end of the verdict block


def _reasons(a: Analysis) -> None:
    k = knowledge()
    if a.result.recommendation is None:
        return
    shown = a.result.reasons[: k.scoring.main_reasons]
    st.markdown("#### Why")
    if not shown:
        st.write("No rule speaks strongly for this model; it comes first because the others lose more points.")
    _reason_rows(shown, "for")
    _reasons_against(a)


def _reason_rows(reasons: list[Reason], side: str) -> None:
    """One row per reason: signed points, the sentence, and its source behind a button."""
    for reason in reasons:
        text_col, source_col = st.columns([4, 1.15], vertical_alignment="center")
        text_col.markdown(f"**{reason.points:+d}** · {md(reason.text)}")
        key = f"src-{reason.rule}" if side == "for" else f"src-{side}-{reason.rule}"
        with source_col.popover("Source", key=key, width="stretch"):
            st.markdown(cite(reason.source))


def _excluded(a: Analysis) -> None:
    k = knowledge()
    if not a.result.excluded:
        return
    st.markdown("#### Ruled out")
    for e in a.result.excluded:
        st.markdown(f"**{md(k.models[e.model].short)}**: " + " ".join(md(r) for r in e.reasons))


def _runner_up(a: Analysis) -> None:
    k = knowledge()
    if a.result.runner_up is None:
        return
    name = k.models[a.result.runner_up].short
    st.markdown(f"#### Runner-up: {md(name)}")
    fig = charts.head_to_head_chart(a)
    if fig is not None:
        st.plotly_chart(fig, config={"displayModeBar": False}, key="chart-h2h")
        st.caption(
            f"Why {md(short_name(a.result.recommendation, k))} beats {md(name)}: the points each "
            "answer gives each of the two."
        )
    flips = [t for t in a.tipping if t.recommendation == a.result.runner_up]
    if flips:
        st.markdown(
            f"{md(name)} would come first if: "
            + "; ".join(f"{label(t.field).lower()} were {md(value_words(t.field, t.value))}" for t in flips)
            + "."
        )
    else:
        st.markdown(f"No single change of answer would put {md(name)} first.")


def _deep_dive(section: str | None, a: Analysis) -> None:
    render = {
        "What-if": _what_if,
        "Uncertainty": _uncertainty,
        "Cost": _cost,
        "Time": _time,
        "Risks": _risks,
        "Pricing and hubs": _pricing,
        "Fit matrix": _fit,
    }.get(section or "")
    if render:
        render(a)


def _what_if(a: Analysis) -> None:
    st.markdown("**What would change the recommendation**")
    sentences = tipping_sentences(a)
    if not sentences:
        st.info("No single change of answer changes the recommendation: it is robust.")
    for sentence in sentences:
        st.markdown(f"- {md(sentence)}")
    fig = charts.what_if_chart(a)
    if fig is not None:
        st.plotly_chart(fig, config={"displayModeBar": False}, key="chart-whatif")
        st.caption(
            "For each answer that matters: which model would come first at each of its values (▶ and "
            "outline: your answer now)."
        )


def _uncertainty(a: Analysis) -> None:
    fig = charts.probabilities(a)
    if fig is None or a.spread is None:
        st.info(
            "Every answer is certain. Open “Not sure about some answers?” in the questionnaire to "
            "give several possible values or a range."
        )
        return
    st.plotly_chart(fig, config={"displayModeBar": False}, key="chart-prob")
    st.caption(
        f"Chance of each model coming first over the possible answers ({md(a.spread.method)}, "
        f"{a.spread.combinations:,} combinations)."
    )
    st.markdown("**Which uncertain answers matter most**")
    for field, weight in a.spread.importance.items():
        st.progress(min(1.0, weight), text=f"{label(field)}: shifts the odds by {weight:.0%} on average once known")


def _cost(a: Analysis) -> None:
    k = knowledge()
    st.plotly_chart(charts.cumulative_cost(a), config={"displayModeBar": False}, key="chart-cost")
    st.caption(
        f"Cumulative cost over {len(a.cost.baseline)} months: today's set-up (dashed) against the "
        "recommended model and the runner-up (low-high range shaded)."
    )
    rows = [dict(zip(COST_COLUMNS, row)) for row in cost_rows(a, k)]
    st.dataframe(rows, hide_index=True)
    baseline = a.cost.baseline[-1]
    threshold = a.cost.cfo_threshold
    bar = (
        f"more than {threshold[0]:.0%}"
        if threshold and threshold[0] == threshold[1]
        else (f"{threshold[0]:.0%}-{threshold[1]:.0%}" if threshold else "no benchmark in the documents")
    )
    st.markdown(
        f"Today's cost over three years: **${baseline:,.0f}**. CFO test for {a.cost.location} "
        f"delivery: a three-year saving of {bar}."
    )
    if note := verdict.assumption_note(a):
        st.caption(md(note))
    with st.expander("Rates and assumptions (edit to use your own)"):
        rate_editor()


def _time(a: Analysis) -> None:
    k = knowledge()
    st.plotly_chart(charts.timeline(a), config={"displayModeBar": False}, key="chart-time")
    st.caption(
        "Phases to steady state per model, in months. BOT's operate-and-transfer phase comes after steady state."
    )
    for model, (low, high) in a.steady_state.items():
        st.markdown(f"- **{md(k.models[model].short)}**: steady state after {low:g}-{high:g} months")


def _risks(a: Analysis) -> None:
    k = knowledge()
    if a.result.recommendation is not None:
        st.markdown(f"**Risks of {md(k.models[a.result.recommendation].short)} and how to handle them**")
    for risk in a.risks:
        st.markdown(f"- **{md(risk.title)}**: {md(risk.mitigation)}", help=cite(risk.source))
    st.markdown("**Compliance steps your answers call for**")
    if not a.compliance:
        st.write("None beyond ordinary contract hygiene: no personal or regulated data, and no named regime.")
    for step in a.compliance:
        st.markdown(f"- **{md(step.regime)}**: {md(step.action)}", help=cite(step.source))
    st.markdown("**Next steps**")
    for i, next_step in enumerate(a.next_steps, 1):
        st.markdown(f"{i}\\. **{md(next_step.title)}**: {md(next_step.action)}", help=cite(next_step.source))


def _pricing(a: Analysis) -> None:
    k = knowledge()
    if a.pricing:
        st.markdown("**Pricing models that suit**")
        for p in a.pricing:
            st.markdown(f"- **{md(p.name)}**: {md(p.says)}", help=cite(p.source))
    elif a.result.recommendation is not None:
        st.markdown(
            f"With {md(k.models[a.result.recommendation].short)} you pay salaries and running costs, "
            "not a provider's price."
        )
    st.markdown("**Delivery hubs the documents name**")
    if not a.result.hubs:
        st.write(
            "Onshore: the work stays in your own country."
            if a.result.delivery_location == "onshore"
            else "The documents name no hub for this region and location."
        )
    for hub in a.result.hubs:
        mark = " (known for this function)" if hub.fits_function else ""
        st.markdown(f"- **{md(hub.name)}**{mark}: {md(hub.text)}", help=cite(hub.source))


def _fit(a: Analysis) -> None:
    st.plotly_chart(charts.fit_matrix_chart(a), config={"displayModeBar": False}, key="chart-fit")
    st.caption("Which answers favour which model: points each answer gives each model (✕: rules it out).")
