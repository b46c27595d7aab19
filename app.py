"""Streamlit entry: a router over the pages in advisor/ui."""

import streamlit as st

from advisor.ui import method, models, page_keys, portfolio, recommendation, scenarios, workshop_host, workshop_join
from advisor.ui.logs import use_json_lines
from advisor.ui.state import init_session
from advisor.ui.style import ICON, STYLE

use_json_lines()  # hosting: logs as JSON lines without user data (advisor/ui/logs.py)

# The page icon is served by the app itself: a material icon here would make every browser fetch it from a
# third-party font server (telling it the visitor's address).
st.set_page_config(page_title="Sourcing-model advisor", page_icon=str(ICON), layout="wide")
st.html(STYLE)
init_session()  # every page: a link opened on any page keeps its answers on all of them
questionnaire = st.Page(
    recommendation.page, title="Recommendation", icon=":material/explore:", url_path="recommendation", default=True
)
st.session_state[page_keys.QUESTIONNAIRE_PAGE] = questionnaire  # scenarios and portfolio rows open in it
st.navigation(
    [
        questionnaire,
        st.Page(scenarios.page, title="Scenarios", icon=":material/compare:", url_path="scenarios"),
        st.Page(portfolio.page, title="Portfolio", icon=":material/dataset:", url_path="portfolio"),
        st.Page(models.page, title="Models compared", icon=":material/table_chart:", url_path="models"),
        st.Page(method.page, title="Method and sources", icon=":material/menu_book:", url_path="method"),
        # ---- workshops
        st.Page(workshop_join.page, title="Workshop: join", icon=":material/group_add:", url_path="join"),
        st.Page(workshop_host.page, title="Workshop: facilitate", icon=":material/co_present:", url_path="facilitate"),
    ],
    position="top",
).run()
