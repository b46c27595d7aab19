"""Scenarios: pin the current answers under a name, compare two to four side by side, load one back.

Scenarios live in the session (st.session_state[page_keys.SCENARIOS]) and travel in the saved answers file.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ..decide.analysis import Analysis, analyse
from ..inputs.parse import AnswersError
from ..inputs.saved import MAX_NAME, MAX_SCENARIOS, Scenario, name_problem
from ..inputs.uncertain import split_uncertain
from ..present import chart_text
from ..present.scenarios import Comparison, compare
from ..rules.loader import knowledge
from . import compare_charts, page_keys
from .charts import describe
from .state import Inputs, init_session, read_inputs, set_answers, set_uncertain
from .text import md, problems
from .tools import Report, file_stem, toolbar

HIGHLIGHT = "background-color: #fff3c4; font-weight: 600"


def scenarios() -> list[Scenario]:
    return list(st.session_state.get(page_keys.SCENARIOS, []))


def set_scenarios(items: list[Scenario]) -> None:
    st.session_state[page_keys.SCENARIOS] = list(items)


def load_into_questionnaire(answers: dict) -> list[str]:
    """Put saved answers into the questionnaire; on a problem change nothing and return it."""
    try:
        point, uncertain = split_uncertain(answers)
    except AnswersError as exc:
        return exc.words
    set_answers(point.model_dump())
    set_uncertain(uncertain)
    return []


def open_questionnaire() -> None:
    st.switch_page(st.session_state[page_keys.QUESTIONNAIRE_PAGE])  # set by app.py, which owns the pages


def pin_form(where: str) -> None:
    """Pin the current answers as a named scenario (a small form, used on more than one page). The answers are
    read when the form is sent, not on every run."""
    items = scenarios()
    if len(items) >= MAX_SCENARIOS:
        st.caption(f"{MAX_SCENARIOS} scenarios pinned, the most a session keeps: delete one to pin another.")
        return
    with st.form(f"pin-{where}", border=False):
        name = st.text_input(
            "Pin these answers as a scenario",
            value=f"Scenario {len(items) + 1}",
            max_chars=MAX_NAME,
            key=page_keys.pin_name(where),
        )
        if st.form_submit_button("Pin scenario", icon=":material/push_pin:"):
            problem = name_problem(name, [s.name for s in items])
            if problem:
                st.error(md(problem[0].upper() + problem[1:]))
                return
            set_scenarios([*items, Scenario(name.strip(), read_inputs().saved())])
            st.toast(f"Pinned “{md(name.strip())}”.", icon=":material/push_pin:")


def page() -> None:
    init_session()
    fill_tools = toolbar()
    inputs = read_inputs()
    st.title("Scenarios")
    st.caption(
        "Pin the answers as they stand, change them in the questionnaire, pin again: then compare up to "
        "four scenarios side by side. “Save answers” above keeps the scenarios with the answers; the PDF "
        "report is the comparison shown here."
    )
    comparison = _body(inputs)
    if comparison is None:
        fill_tools(inputs, "Pin and compare two scenarios: the PDF report is their comparison.")
        return
    company = inputs.answers.company

    def build() -> bytes:
        from .. import build_scenario_report

        return build_scenario_report(comparison, company)

    fill_tools(
        inputs,
        Report(
            "Download PDF comparison",
            f"{file_stem(company, 'sourcing')} - scenario comparison.pdf",
            build,
            [company, *comparison.names],
        ),
    )


def _body(inputs: Inputs) -> Comparison | None:
    """Pinning, the list of scenarios and the comparison of those chosen; the comparison, if one is shown."""
    pin_form("page")
    items = scenarios()
    if not items:
        st.info("No scenario pinned yet. Pin the current answers above, or load a saved file that holds scenarios.")
        return None
    _list(items)
    if len(items) < 2:
        st.info("Pin a second scenario to compare.")
        return None
    names = [s.name for s in items]
    chosen = st.multiselect(
        "Compare (two to four)", names, default=names[-min(4, len(names)) :], max_selections=4, key=page_keys.COMPARE
    )
    if len(chosen) < 2:
        st.warning("Choose at least two scenarios to compare.")
        return None
    by_name = {s.name: s for s in items}
    analysed = [(name, _analyse(by_name[name], inputs)) for name in chosen]
    if any(a is None for _, a in analysed):
        return None
    comparison = compare([(name, a) for name, a in analysed if a is not None])
    _show(comparison)
    return comparison


def _analyse(scenario: Scenario, inputs: Inputs) -> Analysis | None:
    try:
        return analyse(scenario.answers, overrides=inputs.overrides)
    except AnswersError as exc:  # saved before a rule change made them invalid
        problems("error", f"Scenario “{scenario.name}” cannot be analysed:", exc.words)
        return None


def _list(items: list[Scenario]) -> None:
    st.subheader("Pinned scenarios")
    for index, item in enumerate(items):
        name_col, load_col, drop_col = st.columns([4, 1.4, 1], vertical_alignment="center")
        name_col.text(item.name)
        if load_col.button("Load into questionnaire", key=page_keys.load_scenario(index), icon=":material/input:"):
            found = load_into_questionnaire(item.answers)
            if found:
                problems("error", f"“{item.name}” was not loaded:", found)
            else:
                open_questionnaire()
        if drop_col.button("Delete", key=page_keys.drop_scenario(index), icon=":material/delete:"):
            set_scenarios([s for s in items if s.name != item.name])
            st.rerun()


def _table(lines: list, names: list[str]) -> None:
    frame = pd.DataFrame([[line.title, *line.values] for line in lines], columns=["", *names])
    differs = [line.differs for line in lines]
    styled = frame.style.apply(lambda row: [HIGHLIGHT if differs[row.name] else "" for _ in row], axis=1)
    st.dataframe(styled, hide_index=True, width="stretch")


def _show(c: Comparison) -> None:
    st.subheader("Side by side")
    st.markdown("**Results**")
    _table(c.results, c.names)
    differing = [line for line in c.answers if line.differs]
    st.markdown(f"**Answers that differ** ({len(differing)} of {len(c.answers)}, highlighted)")
    only = st.toggle("Show only the answers that differ", value=True, key=page_keys.ONLY_DIFFER)
    _table(differing if only and differing else c.answers, c.names)
    st.plotly_chart(compare_charts.scenario_costs(c), config=compare_charts.CONFIG, key=page_keys.chart("scenarios"))
    describe(chart_text.scenario_costs(c.costs, c.currency))
    horizon = knowledge().cost_model.horizon
    st.caption(
        f"{horizon.adjective.capitalize()} cost under each scenario's recommended model, from the low to the high "
        f"figures (bar), against {horizon.words} of the work as done today (diamond)."
    )
