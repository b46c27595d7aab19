"""Streamlit entry: a router over the pages in advisor/ui."""

import streamlit as st

from advisor.ui import method, models, recommendation
from advisor.ui.state import init_session
from advisor.ui.style import STYLE

st.set_page_config(page_title="Sourcing-model advisor", page_icon=":material/explore:", layout="wide")
st.html(STYLE)
init_session()  # every page: a link opened on any page keeps its answers on all of them
st.navigation(
    [
        st.Page(
            recommendation.page,
            title="Recommendation",
            icon=":material/explore:",
            url_path="recommendation",
            default=True,
        ),
        st.Page(models.page, title="Models compared", icon=":material/table_chart:", url_path="models"),
        st.Page(method.page, title="Method and sources", icon=":material/menu_book:", url_path="method"),
    ],
    position="top",
).run()
