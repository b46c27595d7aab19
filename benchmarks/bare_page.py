"""The baseline page for benchmarks/page.py: one number box and a headline, nothing else. Run by
`streamlit run` from the project root, so it has the app's own .streamlit/config.toml."""

import streamlit as st

st.set_page_config(page_title="Bare page", layout="wide")
people = st.number_input(
    "How many full-time people does the work need?", min_value=1, max_value=100_000, value=80, key="q:headcount"
)
st.header("Keep it in-house" if people < 10 else "ITES/BPO", anchor="result")
