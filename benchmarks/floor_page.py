"""The floor for benchmarks/page.py: the app's own questionnaire, with only the headline and the score bars in
its live fragment. What any version of the recommendation page pays on an answer change (Streamlit with this
questionnaire on the page, reading the answers, the analysis, the headline and the chart) before the rest of
the result. Run by `streamlit run` from the project root, so it has the app's own .streamlit/config.toml."""

import streamlit as st

from advisor.decide.analysis import analyse
from advisor.present import verdict
from advisor.ui import charts, page_keys
from advisor.ui.questionnaire import questionnaire
from advisor.ui.state import init_session, read_inputs, restore_unset
from advisor.ui.style import STYLE
from advisor.ui.text import md


@st.fragment(key=page_keys.LIVE)  # the key the questionnaire's callbacks rerun
def live() -> None:
    inputs = read_inputs()
    a = analyse(inputs.answers, inputs.uncertain, inputs.overrides)
    st.header(md(verdict.headline(a).heading), anchor="result")
    charts.score_chart(a, "")


if __name__ == "__main__":  # as Streamlit runs it; benchmarks/component_floor.py imports `live`
    st.set_page_config(page_title="Floor page", layout="wide")
    st.html(STYLE)
    init_session()
    left, right = st.columns([2, 3], gap="large")
    with left:
        restore_unset()
        questionnaire()
    with right:
        live()
